package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/tune"
)

func newPlanDiffCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var context int
	var list bool
	var lf lessonFlags
	cmd := &cobra.Command{
		Use:   "diff A B [--db DSN] | diff --lessons --plan FILE [--incident ID] [--write]",
		Short: "Show the changes between two stored plan versions, or propose the plan change of the pending lessons",
		Long: `diff prints a unified diff between two plan versions the daemon stored (it
stores each plan it loads). A and B are version numbers in load order (1 is
the oldest, -1 or latest the newest) or hash prefixes of at least 4
characters. --list lists the stored versions instead.

diff --lessons --plan FILE proposes the plan change of the pending lessons
(post-mortem action items no loaded plan version includes yet; of one
incident with --incident ID): each item's plan_patch is written into FILE's
text, changing only what it names (comments, order and quoting stay), with
the item's reference (INC-…/A2) in a comment above the change, so that
'postmortem lessons' reports it included once that plan is loaded. It
prints the unified diff; --write applies it. A patch is one of
  {detector: D, field: cooldown, value: 1h}       a field, as the plan writes it
  {detector: D, threshold: "3000000", index: 1}   the number of a threshold of its condition
  {detector: D, tune: true}                       tuned against the incident's own transactions
A tune patch runs 'breakglass tune' on the detector over the incident's
blocks and --history blocks before them, on the plan's network, with the
incident's labels: the transactions of a real incident's alerts and
attached analyses must keep firing, those of one dismissed as a false
positive should go quiet. A patch the plan refuses (an unknown detector or
field, a value of the wrong type) stops it, naming the item. Items written
only in words are listed for a person to write.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if list || lf.on {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if lf.on {
				return proposeLessons(cmd, e, f, &lf)
			}
			vs, err := readExistingStore(cmd.Context(), e, f.db, func(s store.Store) ([]store.PlanVersion, error) {
				vs, err := s.PlanVersions(cmd.Context())
				if err != nil {
					return nil, fmt.Errorf("plan versions: %w", err)
				}
				return vs, nil
			})
			if err != nil {
				return err
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
	cmd.Flags().BoolVar(&lf.on, "lessons", false, "propose the plan change of the pending lessons (with --plan)")
	cmd.Flags().StringVar(&f.planPath, "plan", "", "the plan file the lessons' patches go into (with --lessons)")
	cmd.Flags().StringVar(&lf.incident, "incident", "", "only this incident's lessons (with --lessons)")
	cmd.Flags().BoolVar(&lf.write, "write", false, "apply the proposed change to the plan file (with --lessons)")
	cmd.Flags().BoolVar(&f.json, "json", false, "print JSON (with --lessons)")
	cmd.Flags().StringVar(&lf.network, "network", "", "network of the plan to tune on (default: the incident's)")
	cmd.Flags().Uint64Var(&lf.history, "history", 1000, "blocks before the incident's first that a tune patch replays")
	f.addDB(cmd)
	return cmd
}

type lessonFlags struct {
	on, write         bool
	incident, network string
	history           uint64
}

// proposeLessons is plan diff --lessons.
func proposeLessons(cmd *cobra.Command, e *env, f *reportFlags, lf *lessonFlags) error {
	if f.planPath == "" {
		return errors.New("--lessons needs --plan FILE: the plan the lessons' patches go into")
	}
	ctx := cmd.Context()
	p, s, err := f.planAndStore(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	ls, err := report.PendingLessons(ctx, s, lf.incident)
	if err != nil {
		return err
	}
	tuned := map[string]report.Tuned{}
	for _, l := range ls {
		for i, pp := range l.Item.PlanPatch {
			if !pp.Tune || p.Detector(pp.Detector) == nil {
				continue // ProposePlanChange names an unknown detector
			}
			tuned[report.TuneKey(l.Ref, i)] = tuneForLesson(ctx, e, p, s, l, pp.Detector, lf)
		}
	}
	prop, err := report.ProposePlanChange(p, ls, tuned)
	if err != nil {
		return err
	}
	if lf.write && prop.Diff != "" {
		if err := writeFileKeepMode(f.planPath, prop.Plan); err != nil {
			return err
		}
	}
	if f.json {
		return writeJSON(e.out, map[string]any{"proposal": prop, "written": lf.write && prop.Diff != ""})
	}
	for _, u := range prop.Untuned {
		fmt.Fprintf(e.errOut, "not tuned: %s\n", u)
	}
	for _, l := range prop.Words {
		fmt.Fprintf(e.errOut, "in words only (write it by hand, with \"# %s\" next to it): %s\n", l.Ref, firstText(l.Item.PlanChange, l.Item.Title))
	}
	if prop.Diff == "" {
		_, err := fmt.Fprintln(e.out, "no plan change to propose: no pending lesson has a plan_patch")
		return err
	}
	if _, err := fmt.Fprint(e.out, prop.Diff); err != nil {
		return err
	}
	if lf.write {
		fmt.Fprintf(e.errOut, "wrote %s\n", f.planPath)
	}
	return nil
}

func firstText(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// tuneForLesson tunes detector against what the lesson's incident
// teaches: its transactions as labels, over its blocks and the history
// before them.
func tuneForLesson(ctx context.Context, e *env, p *plan.Plan, r store.Reader, l report.Lesson, detector string, lf *lessonFlags) report.Tuned {
	il, err := report.LabelsOf(ctx, r, l.Incident)
	if err != nil {
		return report.Tuned{Why: err.Error()}
	}
	name := lf.network
	if name == "" {
		name = il.Network
	}
	n, err := pickNetwork(p, name)
	if err != nil {
		return report.Tuned{Why: err.Error()}
	}
	cc, err := chain.ConfigFor(*n)
	if err != nil {
		return report.Tuned{Why: err.Error()}
	}
	client, err := chain.Dial(ctx, cc, nil, e.log)
	if err != nil {
		return report.Tuned{Why: fmt.Sprintf("network %s: %v", n.Name, err)}
	}
	defer client.Close()
	from := il.From - min(il.From, lf.history)
	blockOf, err := labelBlocks(ctx, client, il.Labels, from, il.To)
	if err != nil {
		return report.Tuned{Why: err.Error()}
	}
	res, err := tune.Run(ctx, client, tune.Config{Plan: p, Network: n.Name, From: from, To: il.To,
		Detectors: []string{detector}, Labels: &il.Labels, BlockOf: blockOf})
	if err != nil {
		return report.Tuned{Why: err.Error()}
	}
	var out report.Tuned
	var why []string
	for _, s := range res.Suggestions {
		if s.Suggested == "" {
			why = append(why, fmt.Sprintf("%d:%d: %s", s.Line, s.Col, s.Reason))
			continue
		}
		if s.Value != "" {
			// a field threshold (min_outflow, balance.drop)
			out.Patches = append(out.Patches, report.PlanPatch{Detector: detector, Field: s.Field, Value: s.Value})
			continue
		}
		out.Patches = append(out.Patches, report.PlanPatch{Detector: detector, Threshold: s.Suggested, Index: s.Index})
	}
	for _, sk := range res.Skipped {
		why = append(why, sk.Reason)
	}
	if len(out.Patches) == 0 {
		out.Why = fmt.Sprintf("no suggestion over blocks %d..%d: %s", from, il.To, strings.Join(why, "; "))
	}
	return out
}
