package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/tune"
)

func newTuneCmd(e *env) *cobra.Command {
	var c tune.Config
	var planPath, network, labelsPath string
	var write, asJSON bool
	var cacheMB int64
	cmd := &cobra.Command{
		Use:   "tune --plan FILE --from N --to M [--detector ID]... [--labels FILE] [--write]",
		Short: "Suggest detector thresholds from the history of a range of blocks, as a plan diff",
		Long: fmt.Sprintf(`tune replays blocks N..M of a network of the plan (as backtest does: same
engine, no state written) with every threshold of the chosen detectors
probed: each comparison of a quantity with a written number in a condition
or holds expression (amount > 1000000 dusd, value >= 5%% of reserve0,
zscore(…) < 6, change(…) > 8%%), a heuristic's params.min_outflow and a
balance detector's balance.drop (read as outflow >= 500000 usdc, drop >= 15%%
of peak) is taken as met, so the detector matches whatever its threshold
says, and the compared quantity is recorded.

Per threshold it prints how many matches it saw, their min, median, p99 and
max in the threshold's own unit (token units stay token units), the current
and the suggested number, and how many alerts the range gives under each.
The suggestion is the --percentile of the matches (default %g; the low end,
100 − P, for a threshold that alerts below) moved by --margin past it
(default %g: 20%% above, or ÷ below), rounded to two significant digits or
as few more as the labels need. A threshold with fewer than --min-samples
matches (default %d) gets no suggestion, and says so.

With --labels FILE (backtest's format: bad: [attack tx hashes], good:
[legitimate ones]), every labelled attack must keep firing (the threshold
stays on its side of the smallest attack) and labelled legitimate
transactions should go quiet; when both cannot hold, the attacks win and
it says so.

The suggestions are written into the plan's text, changing only their
numbers (comments, order and quoting stay), and printed as a unified diff;
--write applies it to FILE. A threshold written as a constant's name is
left to you.

The range is replayed three times (probed, then under the current and the
tuned plan) but fetched from the node once: the later replays read the
blocks, traces and state reads the first fetched from memory, up to
--cache-mb (default %d, estimated from the data kept; the process takes
somewhat more). Past it, the blocks not kept are fetched by each replay;
--cache-mb 0 keeps nothing.`,
			tune.DefaultPercentile, tune.DefaultMargin, tune.DefaultMinSamples, tune.DefaultCacheBytes>>20),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkReplayFlags(cmd, planPath); err != nil {
				return err
			}
			p, err := plan.Load(planPath)
			if err != nil {
				return err
			}
			c.Plan = p
			if cacheMB < 0 || cacheMB > 1<<30 {
				return fmt.Errorf("--cache-mb %d: want 0 (keep nothing) to %d", cacheMB, 1<<30)
			}
			c.CacheBytes = cacheMB << 20
			if cacheMB == 0 {
				c.CacheBytes = -1
			}
			if err := c.Validate(); err != nil {
				return err
			}
			ctx := cmd.Context()
			n, client, labels, err := openReplay(ctx, e, p, network, labelsPath)
			if err != nil {
				return err
			}
			defer client.Close()
			c.Network, c.Labels = n.Name, labels
			head, err := client.BlockNumber(ctx)
			if err != nil {
				return fmt.Errorf("head of %s: %w", n.Name, err)
			}
			if c.To > head {
				return fmt.Errorf("--to %d is past the head of %s (%d)", c.To, n.Name, head)
			}
			if c.Labels != nil {
				if c.BlockOf, err = labelBlocks(ctx, client, *c.Labels, c.From, c.To); err != nil {
					return err
				}
			}
			res, err := tune.Run(ctx, client, c)
			if err != nil {
				return fmt.Errorf("tune %s blocks %d..%d: %w", n.Name, c.From, c.To, err)
			}
			if write && res.Diff != "" {
				if err := writeFileKeepMode(planPath, res.Plan); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(e.out, map[string]any{"result": res, "written": write && res.Diff != ""})
			}
			if err := writeTuneText(e.out, res); err != nil {
				return err
			}
			if write && res.Diff != "" {
				fmt.Fprintf(e.errOut, "wrote %s\n", planPath)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&planPath, "plan", "", "plan file (required)")
	cmd.Flags().StringVar(&network, "network", "", "network of the plan (default: the only one)")
	cmd.Flags().Uint64Var(&c.From, "from", 0, "first block (required)")
	cmd.Flags().Uint64Var(&c.To, "to", 0, "last block, inclusive (required)")
	cmd.Flags().StringArrayVar(&c.Detectors, "detector", nil, "tune this detector (repeat; default: every one with a threshold)")
	cmd.Flags().Float64Var(&c.Percentile, "percentile", tune.DefaultPercentile, "percentile of the matches, in (0, 100]")
	cmd.Flags().Float64Var(&c.Margin, "margin", tune.DefaultMargin, "factor past the percentile, at least 1")
	cmd.Flags().IntVar(&c.MinSamples, "min-samples", tune.DefaultMinSamples, "fewest matches to suggest from")
	cmd.Flags().StringVar(&labelsPath, "labels", "", "keep these attacks firing and these legitimate transactions quiet (YAML: bad: [0x…], good: [0x…])")
	cmd.Flags().IntVar(&c.Concurrency, "concurrency", 8, "blocks fetched at once")
	cmd.Flags().Int64Var(&cacheMB, "cache-mb", tune.DefaultCacheBytes>>20, "MiB of blocks, traces and state reads the replays share (0: fetch each time)")
	cmd.Flags().BoolVar(&write, "write", false, "apply the diff to the plan file")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// writeTuneText prints a tuning's table, its notes and the plan diff.
func writeTuneText(w io.Writer, res *tune.Result) error {
	fmt.Fprintf(w, "blocks %d..%d of %s, suggestion p%g × %g\n\n", res.From, res.To, res.Network, res.Percentile, res.Margin)
	if len(res.Suggestions) > 0 {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DETECTOR\tAT\tUNIT\tFIRES\tSAMPLES\tMIN\tMEDIAN\tP99\tMAX\tCURRENT\tSUGGESTED\tALERTS NOW\tALERTS TUNED")
		for _, s := range res.Suggestions {
			sug := s.Suggested
			if sug == "" {
				sug = "-"
			}
			fmt.Fprintf(tw, "%s\t%d:%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\n", s.Detector, s.Line, s.Col, dash(s.Unit), s.Fires,
				s.Stats.Count, dash(s.Stats.Min), dash(s.Stats.Median), dash(s.Stats.P99), dash(s.Stats.Max), s.Current, sug, s.AlertsCurrent, s.AlertsSuggested)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	var notes []string
	for _, s := range res.Suggestions {
		if s.Reason != "" {
			notes = append(notes, fmt.Sprintf("%s (%d:%d): no suggestion: %s", s.Detector, s.Line, s.Col, s.Reason))
		}
		for _, n := range s.Notes {
			notes = append(notes, fmt.Sprintf("%s (%d:%d): %s", s.Detector, s.Line, s.Col, n))
		}
	}
	for _, s := range res.Skipped {
		notes = append(notes, fmt.Sprintf("%s: not tuned: %s", s.Detector, s.Reason))
	}
	if !res.Labelled && len(res.Suggestions) > 0 {
		notes = append(notes, "without --labels every match counts as benign, an attack in the range too: label the attacks to keep them firing")
	}
	if len(notes) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.Join(notes, "\n"))
	}
	if res.Diff == "" {
		_, err := fmt.Fprintln(w, "\nno change to the plan")
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s", res.Diff)
	return err
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeFileKeepMode replaces a file's content through a temporary file in
// its directory, keeping its mode.
func writeFileKeepMode(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	return writeFileMode(path, mode, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
