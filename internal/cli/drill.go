package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/drill"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func newDrillCmd(e *env) *cobra.Command {
	var f struct {
		plan, forkURL, scenario, db, out, network string
		block                                     uint64
		benign                                    int
		live                                      bool
		wait                                      time.Duration
		impersonate                               []string
	}
	cmd := &cobra.Command{
		Use:   "drill --plan FILE",
		Short: "Drill your plan on a fork: generic attack effects, detection, paging and the pause, timed",
		Long: `drill starts anvil forking the plan's network at a block (--fork-url, default the
network's first HTTP(S) RPC endpoint; the embedded devnet for the devnet's
chain), runs the daemon in-process with the plan pointed at the fork, and
plays generic attack effects that need no knowledge of a bug: value leaving
each protected contract (native and each watched token) to a fresh address
in one transaction, a privileged change to a fresh address (ownership or
DEFAULT_ADMIN_ROLE), an upgrade of an ERC-1967 proxy (UUPS or transparent)
to an unknown implementation by whoever may upgrade it, a large mint of a
watched token, and a burst of small drains in one block. Each effect runs on a fresh fork with a fresh daemon;
for each, the report says whether it was detected and by which detectors,
the incident and its severity, who was paged, the containment carried out
by the plan's executor on the fork and whether the contract ended paused,
and the times (detect, page, contain) from the effect's block. A step that
waits for approval is approved by the drill as the on-call person would.
The last --benign real blocks are backtested with the plan's detectors to
count false alarms. Notifications go to a local sink unless --live-notify.

The drill runs the plan's own executors, so their keys must be here. For a
key executor whose key is elsewhere, --impersonate-executor NAME=ADDRESS
runs it with a stand-in key and makes its containment calls as ADDRESS on
the fork: the report then shows the address can pause, not that the key is
at hand, and says so.

The report is written to --out (drill.md, drill.json) and recorded in --db
with the plan's version, where 'breakglass plan check --live' finds it. It
exits 0 only if every effect played was detected and contained.`,
		Example: `  breakglass drill --plan breakglass.yaml
  breakglass drill --plan breakglass.yaml --fork-url https://eth.example/KEY --block 21000000 --scenario drain-native
  breakglass drill --plan breakglass.yaml --scenario upgrade --impersonate-executor guardian=0xGUARDIAN`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			p, err := loadPlan(f.plan)
			if err != nil {
				return err
			}
			imp, err := parseImpersonate(f.impersonate)
			if err != nil {
				return err
			}
			st, err := openStore(ctx, e, f.db)
			if err != nil {
				return err
			}
			defer st.Close()
			if f.out == "" {
				f.out = "drill-" + time.Now().UTC().Format("20060102-150405")
			}
			cfg := drill.Config{Plan: p, Network: f.network, ForkURL: f.forkURL, Scenario: f.scenario, Benign: f.benign,
				Out: f.out, LiveNotify: f.live, Wait: f.wait, W: e.out, Log: e.log, Impersonate: imp}
			if cmd.Flags().Changed("block") {
				cfg.Block = &f.block
			}
			rep, err := drill.Run(ctx, cfg)
			if err != nil {
				return err
			}
			rec, err := rep.Record()
			if err != nil {
				return err
			}
			if err := st.Tx(ctx, func(tx store.Tx) error { _, err := tx.InsertDrill(ctx, rec); return err }); err != nil {
				return fmt.Errorf("record the drill: %w", err)
			}
			fmt.Fprintf(e.out, "drill: %s (report in %s, recorded in the database)\n", rep.Summary, f.out)
			if !rep.OK() {
				var gaps []string
				for _, x := range rep.Effects {
					if x.Skipped == "" && (!x.Detected || !x.Contained) {
						why := x.Problem
						if x.Error != "" {
							why = x.Error
						}
						gaps = append(gaps, x.Name+": "+why)
					}
				}
				return &exitError{code: 1, msg: "drill found gaps: " + strings.Join(gaps, "; ")}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&f.plan, "plan", "", "plan file")
	cmd.Flags().StringVar(&f.forkURL, "fork-url", "", "node to fork (default: the network's first HTTP(S) RPC endpoint, or the embedded devnet for its chain)")
	cmd.Flags().Uint64Var(&f.block, "block", 0, "block to fork at (default: the latest)")
	cmd.Flags().StringVar(&f.scenario, "scenario", "all", "effect to play: "+strings.Join(drill.Effects(), ", ")+" or all")
	cmd.Flags().StringVar(&f.network, "network", "", "the plan's network to drill (default: that of its first contract with actions)")
	cmd.Flags().IntVar(&f.benign, "benign", 20, "backtest the last N real blocks with the plan's detectors to count false alarms (0: none)")
	cmd.Flags().StringVar(&f.db, "db", defaultDB, "where the drill is recorded ("+dbFlagUsage+")")
	cmd.Flags().StringVar(&f.out, "out", "", "directory of the report (default ./drill-TIME)")
	cmd.Flags().DurationVar(&f.wait, "wait", 30*time.Second, "how long to wait for each effect's detection, and then for its containment")
	cmd.Flags().BoolVar(&f.live, "live-notify", false, "send the drill's notifications to the plan's real channels (default: a local sink)")
	cmd.Flags().StringArrayVar(&f.impersonate, "impersonate-executor", nil, "NAME=ADDRESS: a key executor whose key is not here; the drill pauses as its address (repeatable)")
	return cmd
}

// parseImpersonate parses the --impersonate-executor NAME=ADDRESS flags.
func parseImpersonate(vals []string) (map[string]common.Address, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	out := map[string]common.Address{}
	for _, v := range vals {
		name, addr, ok := strings.Cut(v, "=")
		if !ok || name == "" || !common.IsHexAddress(addr) {
			return nil, fmt.Errorf("--impersonate-executor %q: want NAME=0xADDRESS (the executor's name in the plan and its 20-byte hex address)", v)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("--impersonate-executor %s: given twice", name)
		}
		out[name] = common.HexToAddress(addr)
	}
	return out, nil
}
