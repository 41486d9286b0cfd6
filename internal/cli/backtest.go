package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

func newBacktestCmd(e *env) *cobra.Command {
	var planPath, network, labelsPath string
	var from, to uint64
	var concurrency int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "backtest --plan FILE --from N --to M [--labels FILE]",
		Short: "Run the plan's detectors over past blocks; print the alerts and a count per detector",
		Long: `backtest runs the same detection engine as the daemon over past blocks of a
network of the plan, in order (thresholds, windows and cooldowns behave as
live), and prints the alerts and how many each detector raised. It writes no
state: no database, no incident, no notification. Detectors that read state
or traces need a node that keeps the history of those blocks (an archive
node for old ones).

With --labels FILE (YAML or JSON: bad: [tx hashes of attacks], good: [tx
hashes of legitimate transactions that look alike]), it also scores each
detector: true positives (attacks it alerted on), false positives
(legitimate transactions it alerted on), missed attacks, and alerts on
unlabelled transactions. An alert about a block as a whole (balance,
invariant) counts for the labelled transactions of its block.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkReplayFlags(cmd, planPath); err != nil {
				return err
			}
			if to < from {
				return fmt.Errorf("--to %d is before --from %d", to, from)
			}
			p, err := plan.Load(planPath)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			n, client, labels, err := openReplay(ctx, e, p, network, labelsPath)
			if err != nil {
				return err
			}
			defer client.Close()
			eng, err := detect.Compile(p, detect.ForNetwork(n.Name))
			if err != nil {
				return err
			}
			term := isTerminal(e.errOut)
			start := time.Now()
			progress := func(done, total uint64) {
				if term && (done%10 == 0 || done == total) {
					width := 30
					fill := int(done * uint64(width) / total)
					fmt.Fprintf(e.errOut, "\r[%s%s] %d/%d blocks", strings.Repeat("#", fill), strings.Repeat(".", width-fill), done, total)
					if done == total {
						fmt.Fprintln(e.errOut)
					}
				}
			}
			alerts, err := pipeline.Backtest(ctx, client, eng, n.Name, from, to, concurrency, progress)
			if err != nil {
				return fmt.Errorf("backtest %s blocks %d..%d: %w", n.Name, from, to, err)
			}
			counts := map[string]int{}
			for _, d := range eng.Detectors() {
				counts[d] = 0
			}
			for _, a := range alerts {
				counts[a.Detector]++
			}
			var score *pipeline.Score
			if labels != nil {
				blockOf, err := labelBlocks(ctx, client, *labels, from, to)
				if err != nil {
					return err
				}
				s := pipeline.ScoreAlerts(eng.Detectors(), alerts, *labels, blockOf)
				score = &s
			}
			if asJSON {
				if alerts == nil {
					alerts = []detect.Alert{}
				}
				out := map[string]any{"network": n.Name, "from": from, "to": to, "alerts": alerts, "counts": counts}
				if score != nil {
					out["score"] = score
				}
				return writeJSON(e.out, out)
			}
			for _, a := range alerts {
				fmt.Fprintf(e.out, "block %d  %-8s %s: %s\n", a.BlockNumber, a.Severity, a.Detector, a.Summary)
			}
			fmt.Fprintf(e.out, "\n%d alert(s) in blocks %d..%d of %s (%s)\n", len(alerts), from, to, n.Name, time.Since(start).Round(time.Millisecond))
			names := make([]string, 0, len(counts))
			for d := range counts {
				names = append(names, d)
			}
			sort.Strings(names)
			tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
			if score != nil {
				fmt.Fprintln(tw, "DETECTOR\tALERTS\tTRUE+\tFALSE+\tMISSED\tUNLABELLED")
				for _, s := range score.Detectors {
					fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\n", s.Detector, counts[s.Detector], s.TruePositives, s.FalsePositives, s.Missed, s.Unlabelled)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				fmt.Fprintf(e.out, "\n%d of %d labelled attack(s) missed by every detector\n", len(score.MissedByAll), len(labels.Bad))
				return nil
			}
			fmt.Fprintln(tw, "DETECTOR\tALERTS")
			for _, d := range names {
				fmt.Fprintf(tw, "%s\t%d\n", d, counts[d])
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&planPath, "plan", "", "plan file (required)")
	cmd.Flags().StringVar(&network, "network", "", "network of the plan (default: the only one)")
	cmd.Flags().Uint64Var(&from, "from", 0, "first block (required)")
	cmd.Flags().Uint64Var(&to, "to", 0, "last block, inclusive (required)")
	cmd.Flags().IntVar(&concurrency, "concurrency", 8, "blocks fetched at once")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&labelsPath, "labels", "", "score each detector against known-bad and known-good transactions (YAML: bad: [0x…], good: [0x…])")
	return cmd
}

// receiptReader finds a transaction's receipt (chain.Client does).
type receiptReader interface {
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
}

// labelBlocks finds the block of each labelled transaction, which must be
// in from..to.
func labelBlocks(ctx context.Context, r receiptReader, labels pipeline.Labels, from, to uint64) (map[common.Hash]uint64, error) {
	blockOf := map[common.Hash]uint64{}
	for _, h := range append(slices.Clone(labels.Bad), labels.Good...) {
		rc, err := r.TransactionReceipt(ctx, h)
		if err != nil {
			return nil, fmt.Errorf("labels: transaction %s: %w", h.Hex(), err)
		}
		bn := rc.BlockNumber.Uint64()
		if bn < from || bn > to {
			return nil, fmt.Errorf("labels: transaction %s is in block %d, outside --from %d --to %d", h.Hex(), bn, from, to)
		}
		blockOf[h] = bn
	}
	return blockOf, nil
}

// checkReplayFlags checks what backtest and tune need first: --plan, and
// the range of blocks --from..--to.
func checkReplayFlags(cmd *cobra.Command, planPath string) error {
	if planPath == "" {
		return errors.New("--plan is required")
	}
	if !cmd.Flags().Changed("from") || !cmd.Flags().Changed("to") {
		return errors.New("--from and --to are required (block numbers, inclusive)")
	}
	return nil
}

// openReplay opens what backtest and tune replay past blocks through: the
// labels at labelsPath (nil when it is empty), the plan's network named
// (or its only one) and a client dialled to that network. The caller closes
// the client.
func openReplay(ctx context.Context, e *env, p *plan.Plan, network, labelsPath string) (*plan.Network, *chain.Client, *pipeline.Labels, error) {
	var labels *pipeline.Labels
	if labelsPath != "" {
		l, err := pipeline.LoadLabels(labelsPath)
		if err != nil {
			return nil, nil, nil, err
		}
		labels = &l
	}
	n, err := pickNetwork(p, network)
	if err != nil {
		return nil, nil, nil, err
	}
	cc, err := chain.ConfigFor(*n)
	if err != nil {
		return nil, nil, nil, err
	}
	client, err := chain.Dial(ctx, cc, nil, e.log)
	if err != nil {
		return nil, nil, nil, err
	}
	return n, client, labels, nil
}

// pickNetwork returns the plan's network named name, or its only network.
func pickNetwork(p *plan.Plan, name string) (*plan.Network, error) {
	if name == "" {
		if len(p.Networks) == 1 {
			return &p.Networks[0], nil
		}
		var names []string
		for _, n := range p.Networks {
			names = append(names, n.Name)
		}
		return nil, fmt.Errorf("the plan has %d networks: choose one with --network (%s)", len(p.Networks), strings.Join(names, ", "))
	}
	for i := range p.Networks {
		if p.Networks[i].Name == name {
			return &p.Networks[i], nil
		}
	}
	return nil, fmt.Errorf("--network %q is not in the plan", name)
}
