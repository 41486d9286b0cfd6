package cli

import (
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

func newRunCmd(e *env) *cobra.Command {
	var planPath, db, listen string
	cmd := &cobra.Command{
		Use:   "run --plan FILE",
		Short: "Run the daemon: follow the plan's networks, detect, open incidents, notify, contain",
		Long: `run follows every network of the plan, runs the detectors on every block,
opens and escalates incidents, notifies through the plan's channels, carries
out containment under the plan's policy, and serves the API (with Prometheus
metrics at /metrics).

Several daemons may share one PostgreSQL database: each network is followed
by one of them at a time, and the outbox is shared.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if planPath == "" {
				return fmt.Errorf("--plan is required: the plan file to run (see 'breakglass plan init')")
			}
			p, err := plan.Load(planPath)
			if err != nil {
				return err
			}
			s, err := openStore(cmd.Context(), e, db)
			if err != nil {
				return err
			}
			defer s.Close()
			if !cmd.Flags().Changed("log-level") {
				e.logLevel.Set(slog.LevelInfo) // a daemon says what it does
			}
			d, err := daemon.New(daemon.Config{
				Plan: p, Store: s, Listen: listen, Log: e.log, Database: db,
				Ready: func(addr string) {
					fmt.Fprintf(e.errOut, "breakglass: following %d network(s) with %d detector(s); API on %s\n", len(p.Networks), len(p.Detectors), orOff(addr))
				},
			})
			if err != nil {
				return err
			}
			return d.Run(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&planPath, "plan", "", "plan file (required)")
	cmd.Flags().StringVar(&db, "db", defaultDB, dbFlagUsage)
	cmd.Flags().StringVar(&listen, "listen", "", "API address (default: the plan's api.listen or 127.0.0.1:8080; \"off\" for none)")
	return cmd
}

func orOff(addr string) string {
	if addr == "" {
		return "off"
	}
	return addr
}
