package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/demo"
	"github.com/breakglass-dev/breakglass/internal/devnet"
)

func newDemoCmd(e *env) *cobra.Command {
	var scenario, out string
	var mempool, stay bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole response end to end on the embedded devnet",
		Long: `demo starts the embedded devnet (a real go-ethereum chain on 127.0.0.1),
deploys the demo lending protocol and a 2-of-3 Safe, runs breakglass on it
with the devnet's plan and a SQLite file, plays benign traffic and then an
attack, and shows detection, incident, pause, notifications, forensics,
compensation and post-mortem as they happen. Every artifact is written to
--out. With pre-execution protection (--mempool, the default) the exploit is
seen pending and the pause is mined ahead of it, in its block: the summary
says "prevented"; --mempool=false shows the reactive path (pause in the next
block). It exits 0 only if the exploit was detected and the pool ended paused.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if scenario != "all" {
				if err := devnet.CheckScenario(scenario); err != nil {
					return fmt.Errorf("--scenario: %w (or all)", err)
				}
			}
			term := isTerminal(e.out)
			results, err := demo.Run(cmd.Context(), demo.Config{Scenario: scenario, Out: out, W: e.out, Terminal: term, Log: e.log, Mempool: mempool, Stay: stay})
			demo.Summary(e.out, term, results)
			if err != nil {
				return err
			}
			var failed []string
			for _, r := range results {
				if r.Failure != "" {
					failed = append(failed, r.Scenario+": "+r.Failure)
				}
			}
			if len(failed) > 0 {
				return &exitError{code: 1, msg: "demo failed: " + strings.Join(failed, "; ")}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&scenario, "scenario", "reentrancy", "attack to play: "+strings.Join(devnet.Scenarios(), ", ")+" or all")
	cmd.Flags().StringVar(&out, "out", "breakglass-demo", "directory for the artifacts")
	cmd.Flags().BoolVar(&stay, "stay", false, "keep the daemon and its war room (the web page) up after the demo, until Ctrl-C")
	cmd.Flags().BoolVar(&mempool, "mempool", true, "pre-execution protection: see the exploit pending and land the pause ahead of it (false: the reactive path, pause in the next block)")
	return cmd
}

// isTerminal reports whether w is a terminal (colours and the progress
// indicator only then).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
