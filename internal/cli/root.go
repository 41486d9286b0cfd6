// Package cli turns the command line into calls on the domain packages. It
// holds one file per command group; nothing here knows SQL or HTTP details.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/version"
)

// env carries what every command needs from the process: its streams and
// logger. Commands take it instead of reaching for globals.
type env struct {
	in       io.Reader
	out      io.Writer
	errOut   io.Writer
	log      *slog.Logger
	logLevel *slog.LevelVar
}

// exitError carries a specific exit code with an error that was already
// printed (or needs no printing, when msg is empty).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// Main runs the breakglass command line with args and returns the process
// exit code. Errors are printed once to stderr, never as a stack trace.
func Main(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	e := &env{in: in, out: out, errOut: errOut, logLevel: new(slog.LevelVar)}
	e.log = slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: e.logLevel}))
	root := newRootCmd(e)
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(errOut, "breakglass: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(errOut, "breakglass: %s\n", err)
	if strings.Contains(err.Error(), "unknown command") || strings.Contains(err.Error(), "flag") {
		fmt.Fprintln(errOut, "Run 'breakglass --help' for usage.")
	}
	return 1
}

func newRootCmd(e *env) *cobra.Command {
	var level string
	root := &cobra.Command{
		Use:   "breakglass",
		Short: "Incident response and recovery for smart contracts on EVM chains",
		Long: `breakglass watches your contracts, opens an incident within a block of an
exploit, pages the right people, pauses the contract through a guardian key or
a Safe multisig, analyses what happened and who lost what, builds the
compensation, and writes the post-mortem and the regulatory reports.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var l slog.Level
			if err := l.UnmarshalText([]byte(level)); err != nil {
				return fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
			}
			e.logLevel.Set(l)
			return nil
		},
	}
	root.PersistentFlags().StringVar(&level, "log-level", "warn", "log level: debug, info, warn or error")
	root.AddCommand(
		newDemoCmd(e),
		newIncidentCmd(e),
		newRunCmd(e),
		newBacktestCmd(e),
		newTuneCmd(e),
		newSilenceCmd(e),
		newDevnetCmd(e),
		newPlanCmd(e),
		newImportCmd(e),
		newCompensateCmd(e),
		newSnapshotCmd(e),
		newMigrateCmd(e),
		newAuditCmd(e),
		newAnalyzeCmd(e),
		newTraceCmd(e),
		newActionCmd(e),
		newPresignCmd(e),
		newDrillCmd(e),
		newPostmortemCmd(e), newMetricsCmd(e), newObligationsCmd(e), newEvidenceCmd(e), newUpdateCmd(e),
		newVersionCmd(e),
	)
	root.Version = version.Get().String()
	root.SetVersionTemplate("breakglass {{.Version}}\n")
	return root
}
