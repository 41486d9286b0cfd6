package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/plan/importer"
)

func newImportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Turn an OpenZeppelin Monitor or Defender configuration into a plan",
		Long: `Reads the configuration of another monitoring tool and writes a breakglass
plan that passes 'breakglass plan check', with a report (on stderr) of what
each source item became, at FILE:LINE of the new plan, or why it could not be
carried over and what to do instead. Secrets of the source are never copied:
each becomes an env: reference, and the report names the variable to set.
Exits 0 with the plan written, or 1 listing the blocking problems.`,
	}
	cmd.AddCommand(newImportOZCmd(e), newImportDefenderCmd(e))
	return cmd
}

func newImportOZCmd(e *env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "ozmonitor DIR [--out FILE]",
		Short: "Import an OpenZeppelin Monitor configuration directory (networks/, monitors/, triggers/)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return fmt.Errorf("import ozmonitor: %s is not a directory", dir)
			}
			return writeImport(e, importer.OZMonitor(os.DirFS(dir), dir, planName(out)), out)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the plan to FILE (default stdout)")
	return cmd
}

func newImportDefenderCmd(e *env) *cobra.Command {
	var out string
	var severities []string
	cmd := &cobra.Command{
		Use:   "defender FILE [--out FILE] [--severity CATEGORY=SEVERITY]...",
		Short: "Import a Defender defender-as-code serverless YAML",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			mapping := map[string]string{}
			for _, s := range severities {
				k, v, ok := strings.Cut(s, "=")
				if !ok {
					return fmt.Errorf("import defender: --severity %q: want CATEGORY=SEVERITY, e.g. FINANCIAL=critical", s)
				}
				mapping[strings.ToUpper(k)] = v
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("import defender: %w", err)
			}
			res := importer.Defender(data, importer.DefenderOptions{
				Source: args[0], Dir: filepath.Dir(args[0]), PlanFile: planName(out), Severities: mapping,
			})
			return writeImport(e, res, out)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the plan to FILE (default stdout)")
	cmd.Flags().StringArrayVar(&severities, "severity", nil, "map a risk category to a severity (CATEGORY=SEVERITY; repeatable)")
	return cmd
}

func planName(out string) string {
	if out == "" || out == "-" {
		return "breakglass.yaml"
	}
	return out
}

// writeImport prints the report on stderr and writes the plan.
func writeImport(e *env, res *importer.Result, out string) error {
	if err := res.Report.Write(e.errOut); err != nil {
		return err
	}
	if !res.Report.OK() {
		return &exitError{code: 1, msg: fmt.Sprintf("import: %d blocking problem(s); no plan written", len(res.Report.Problems))}
	}
	if out == "" || out == "-" {
		_, err := e.out.Write(res.Plan)
		return err
	}
	if err := os.WriteFile(out, res.Plan, 0o644); err != nil {
		return fmt.Errorf("import: write %s: %w", out, err)
	}
	fmt.Fprintf(e.errOut, "\nwrote %s; check it with: breakglass plan check %s\n", out, out)
	return nil
}
