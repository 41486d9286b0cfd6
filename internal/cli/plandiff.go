package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
)

func newPlanDiffCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var context int
	var list bool
	cmd := &cobra.Command{
		Use:   "diff A B [--db DSN]",
		Short: "Show the changes between two plan versions stored in the database",
		Long: `diff prints a unified diff between two plan versions the daemon stored (it
stores each plan it loads). A and B are version numbers in load order (1 is
the oldest, -1 or latest the newest) or hash prefixes of at least 4
characters. --list lists the stored versions instead.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if list {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openExistingStore(cmd.Context(), e, f.db)
			if err != nil {
				return err
			}
			defer s.Close()
			vs, err := s.PlanVersions(cmd.Context())
			if err != nil {
				return fmt.Errorf("plan versions: %w", err)
			}
			if list {
				if len(vs) == 0 {
					_, err := fmt.Fprintln(e.out, "no plan version is stored yet")
					return err
				}
				for i, v := range vs {
					fmt.Fprintf(e.out, "%d  %s  loaded %s  %d bytes\n", i+1, v.Hash, v.LoadedAt.UTC().Format(time.RFC3339), len(v.Content))
				}
				return nil
			}
			a, _, err := report.FindPlanVersion(vs, args[0])
			if err != nil {
				return err
			}
			b, _, err := report.FindPlanVersion(vs, args[1])
			if err != nil {
				return err
			}
			d, err := report.PlanDiff(a, b, context)
			if err != nil {
				return err
			}
			if d == "" {
				_, err := fmt.Fprintf(e.out, "plan versions %s and %s are the same\n", plan.ShortHash(a.Hash), plan.ShortHash(b.Hash))
				return err
			}
			_, err = fmt.Fprint(e.out, d)
			return err
		},
	}
	cmd.Flags().IntVar(&context, "context", 3, "lines of context")
	cmd.Flags().BoolVar(&list, "list", false, "list the stored plan versions")
	f.addDB(cmd)
	return cmd
}
