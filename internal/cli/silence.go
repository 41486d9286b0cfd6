package cli

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func newSilenceCmd(e *env) *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "silence",
		Short: "Silence matching alerts for a while (they are stored but open nothing)",
	}
	cmd.PersistentFlags().StringVar(&db, "db", defaultDB, dbFlagUsage)

	var planPath, as, comment string
	var dur time.Duration
	add := &cobra.Command{
		Use:   "add MATCHER... --for DURATION --comment TEXT --plan FILE --as PERSON",
		Short: "Add a silence: every matcher (name=value, name!=value, name=~regex, name!~regex) must match",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if planPath == "" || as == "" {
				return errors.New("silence add needs --plan FILE and --as PERSON")
			}
			var ms []incident.Matcher
			for _, a := range args {
				m, err := incident.ParseMatcher(a)
				if err != nil {
					return err
				}
				ms = append(ms, m)
			}
			// The silence is for the daemon's database: a missing one is
			// a mistaken --db, not a new database to create.
			a, closeApp, err := openApp(cmd.Context(), e, planPath, db, existingDB)
			if err != nil {
				return err
			}
			defer closeApp()
			s, m := a.Store, a.Incidents
			var sil store.Silence
			if err := s.Tx(cmd.Context(), func(tx store.Tx) error {
				var err error
				sil, err = m.Silence(cmd.Context(), tx, ms, dur, as, comment)
				return err
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "silence %d until %s\n", sil.ID, sil.EndsAt.UTC().Format(time.RFC3339))
			return nil
		},
	}
	add.Flags().StringVar(&planPath, "plan", "", "plan file")
	add.Flags().StringVar(&as, "as", "", "who silences (a person of the plan)")
	add.Flags().StringVar(&comment, "comment", "", "why (required)")
	add.Flags().DurationVar(&dur, "for", time.Hour, "how long")

	var all bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List silences in force (all with --all)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := openExistingStore(cmd.Context(), e, db)
			if err != nil {
				return err
			}
			defer s.Close()
			at := time.Now()
			if all {
				at = time.Time{}
			}
			ss, err := s.Silences(cmd.Context(), at)
			if err != nil {
				return err
			}
			tw := newTable(e.out)
			fmt.Fprintln(tw, "ID\tUNTIL (UTC)\tAUTHOR\tMATCHERS\tCOMMENT")
			for _, x := range ss {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", x.ID, x.EndsAt.UTC().Format("2006-01-02 15:04:05"), x.Author, x.Matchers, x.Comment)
			}
			return tw.Flush()
		},
	}
	list.Flags().BoolVar(&all, "all", false, "include expired silences")

	var expAs, expPlan string
	expire := &cobra.Command{
		Use:   "expire ID --plan FILE --as PERSON",
		Short: "End a silence now",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("silence id %q: want a number", args[0])
			}
			if expPlan == "" || expAs == "" {
				return errors.New("silence expire needs --plan FILE and --as PERSON")
			}
			a, closeApp, err := openApp(cmd.Context(), e, expPlan, db, existingDB)
			if err != nil {
				return err
			}
			defer closeApp()
			return a.Store.Tx(cmd.Context(), func(tx store.Tx) error {
				return a.Incidents.ExpireSilence(cmd.Context(), tx, id, expAs)
			})
		},
	}
	expire.Flags().StringVar(&expAs, "as", "", "who ends it (a person of the plan)")
	expire.Flags().StringVar(&expPlan, "plan", "", "plan file")
	cmd.AddCommand(add, list, expire)
	return cmd
}
