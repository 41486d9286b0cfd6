package report

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// PlanPatch is a change to one detector of the plan that an action item
// proposes, next to its free text (ActionItem.PlanChange). One of:
//
//	{detector: large-withdrawal, field: cooldown, value: 1h}        # a field, as the plan writes it
//	{detector: large-withdrawal, threshold: "3000000"}              # the number of its condition's threshold
//	{detector: large-withdrawal, threshold: "3000000", index: 2}    # … of its second one
//	{detector: large-withdrawal, tune: true}                        # tuned against this incident's transactions
//
// `breakglass plan diff --lessons` writes them into the plan file.
type PlanPatch struct {
	Detector string `json:"detector" yaml:"detector"`
	// Field is a dotted path of the detector's keys (severity, cooldown,
	// params.min_outflow, balance.drop), Value its new value as the plan
	// would be written.
	Field string `json:"field,omitempty" yaml:"field,omitempty"`
	Value string `json:"value,omitempty" yaml:"value,omitempty"`
	// Threshold is the new number of a comparison of the detector's
	// condition (or holds) with a written number, in the unit written
	// there (1200000 for "amount > 1000000 dusd"); Index picks which one,
	// from 1 in the order written (default: the only one).
	Threshold string `json:"threshold,omitempty" yaml:"threshold,omitempty"`
	Index     int    `json:"index,omitempty" yaml:"index,omitempty"`
	// Tune asks for the detector's thresholds to be tuned (breakglass tune)
	// against the incident's own transactions (IncidentLabels).
	Tune bool `json:"tune,omitempty" yaml:"tune,omitempty"`
}

// check is the patch's shape, without the plan.
func (pp PlanPatch) check() error {
	kinds := 0
	if pp.Field != "" || pp.Value != "" {
		kinds++
	}
	if pp.Threshold != "" || pp.Index != 0 {
		kinds++
	}
	if pp.Tune {
		kinds++
	}
	switch {
	case strings.TrimSpace(pp.Detector) == "":
		return errors.New("detector is required")
	case kinds != 1:
		return errors.New("give one of field and value, threshold (and index), or tune: true")
	case (pp.Field == "") != (pp.Value == ""):
		return errors.New("field and value go together")
	case pp.Index < 0:
		return fmt.Errorf("index %d: thresholds count from 1", pp.Index)
	case pp.Threshold == "" && pp.Index != 0:
		return errors.New("index goes with threshold")
	}
	if pp.Threshold != "" {
		if _, ok := new(big.Rat).SetString(pp.Threshold); !ok {
			return fmt.Errorf("threshold %q: want a number, as written in the condition (3000000, 7.5)", pp.Threshold)
		}
	}
	return nil
}

// detectorKeys are the YAML keys of a detector.
func detectorKeys() []string {
	t := reflect.TypeFor[plan.Detector]()
	var out []string
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return out
}

// ProposedChange is one change a lesson's patch made to the plan's text.
type ProposedChange struct {
	// Ref is the lesson's reference (INC-…/A2), Patch the patch's index
	// in its item.
	Ref      string `json:"ref"`
	Patch    int    `json:"patch"`
	Detector string `json:"detector"`
	Field    string `json:"field"`
	Line     int    `json:"line"`
	Old      string `json:"old"`
	New      string `json:"new"`
}

// Proposal is the plan change the pending lessons propose.
type Proposal struct {
	// Plan is the plan's text with the changes (and their lessons'
	// references) written in; Diff the unified diff from the file.
	Plan    []byte           `json:"-"`
	Diff    string           `json:"diff"`
	Changes []ProposedChange `json:"changes"`
	// Words lists the lessons whose change is only described in words:
	// for a person to write (with the reference in a comment).
	Words []Lesson `json:"words,omitempty"`
	// Untuned lists the lessons' tune patches left out, and why (no chain
	// to replay, no suggestion).
	Untuned []string `json:"untuned,omitempty"`
}

// PatchError is a lesson's patch the plan refuses.
type PatchError struct {
	Ref   string
	Patch int
	Msg   string
}

func (e *PatchError) Error() string {
	return fmt.Sprintf("%s plan_patch[%d]: %s", e.Ref, e.Patch, e.Msg)
}

// Tuned is what tuning a lesson's detector gave: a threshold patch per
// suggestion (TuneLessons fills it), or why none.
type Tuned struct {
	Patches []PlanPatch
	Why     string
}

// ProposePlanChange writes the patches of lessons into the plan's file
// text (p.Source) with plan.Editor, each change's lesson reference in a
// comment above it (so that `lessons` reports the lesson included once
// that plan is loaded), and diffs the result against the file. tuned
// holds the threshold patches of tune patches, by "REF/INDEX" (see
// TuneKey); a tune patch without them is listed in Untuned. Every patch
// is checked against the plan: an unknown detector or field, a value the
// plan refuses (the result must load and its detectors compile) is a
// *PatchError naming the lesson's item; all of them are returned joined,
// and nothing is proposed.
func ProposePlanChange(p *plan.Plan, lessons []Lesson, tuned map[string]Tuned) (*Proposal, error) {
	ed, err := plan.NewEditor(p.Path, p.Source)
	if err != nil {
		return nil, err
	}
	prop := &Proposal{Changes: []ProposedChange{}}
	var errs []error
	keys := detectorKeys()
	for _, l := range lessons {
		if len(l.Item.PlanPatch) == 0 {
			prop.Words = append(prop.Words, l)
			continue
		}
		note := l.Ref + ": " + oneLine(firstNonEmpty(l.Item.PlanChange, l.Item.Title))
		for i, pp := range l.Item.PlanPatch {
			fail := func(format string, args ...any) {
				errs = append(errs, &PatchError{Ref: l.Ref, Patch: i, Msg: fmt.Sprintf(format, args...)})
			}
			if err := pp.check(); err != nil {
				fail("%v", err)
				continue
			}
			d := p.Detector(pp.Detector)
			if d == nil {
				var names []string
				for _, x := range p.Detectors {
					names = append(names, x.Name)
				}
				fail("detector %q is not in the plan%s", pp.Detector, plan.DidYouMean(pp.Detector, names))
				continue
			}
			patches := []PlanPatch{pp}
			if pp.Tune {
				t, ok := tuned[TuneKey(l.Ref, i)]
				if !ok || len(t.Patches) == 0 {
					why := "not tuned: run `breakglass plan diff --lessons` where the plan's network is reachable"
					if ok {
						why = t.Why
					}
					prop.Untuned = append(prop.Untuned, fmt.Sprintf("%s plan_patch[%d] (tune %s): %s", l.Ref, i, pp.Detector, why))
					continue
				}
				patches = t.Patches
			}
			for _, pp := range patches {
				ch, line, err := applyPatch(ed, d, pp, keys)
				if err != nil {
					fail("%v", err)
					continue
				}
				size := len(ed.Bytes())
				if err := ed.CommentAbove(line, note); err != nil {
					fail("%v", err)
					continue
				}
				if len(ed.Bytes()) > size {
					ch.Line++ // the comment went in above it
				}
				prop.Changes = append(prop.Changes, ProposedChange{Ref: l.Ref, Patch: i, Detector: d.Name, Field: ch.Field, Line: ch.Line, Old: ch.Old, New: ch.New})
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	prop.Plan = ed.Bytes()
	if len(prop.Changes) > 0 {
		// the result must load and compile; a refusal names the item
		// whose change is at the problem's line
		next, err := plan.Parse(p.Path, prop.Plan)
		if err == nil {
			err = errors.Join(detect.Check(next)...)
		}
		if err != nil {
			return nil, blame(err, prop.Changes, p.Detectors)
		}
	}
	prop.Diff, err = plan.UnifiedDiff(p.Source, prop.Plan, "a/"+baseName(p.Path), "b/"+baseName(p.Path), 3)
	if err != nil {
		return nil, err
	}
	return prop, nil
}

// TuneKey names a lesson's tune patch in ProposePlanChange's tuned map.
func TuneKey(ref string, patch int) string { return fmt.Sprintf("%s/%d", ref, patch) }

// applyPatch makes one change; it returns the change and the line of the
// detector's key it is under (where the lesson's comment goes).
func applyPatch(ed *plan.Editor, d *plan.Detector, pp PlanPatch, keys []string) (plan.Change, int, error) {
	if pp.Field != "" {
		top, _, _ := strings.Cut(pp.Field, ".")
		if !slices.Contains(keys, top) || top == "name" {
			return plan.Change{}, 0, fmt.Errorf("detector %q has no field %q (fields: %s)", d.Name, pp.Field, strings.Join(slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == "name" }), ", "))
		}
		ch, err := ed.SetField(d.Name, pp.Field, pp.Value)
		if err != nil {
			return plan.Change{}, 0, err
		}
		line, err := ed.KeyLine(d.Name, top)
		return ch, line, err
	}
	field := "condition"
	if d.Kind == plan.KindInvariant && d.Holds != "" {
		field = "holds"
	}
	// the text as edited so far (an earlier patch may have changed it)
	src, _ := ed.Value(d.Name, field)
	ths, err := detect.Thresholds(src)
	if err != nil {
		return plan.Change{}, 0, fmt.Errorf("detector %q %s: %w", d.Name, field, err)
	}
	idx := pp.Index
	switch {
	case len(ths) == 0:
		return plan.Change{}, 0, fmt.Errorf("detector %q: its %s compares nothing with a written number; set a field instead", d.Name, field)
	case idx == 0 && len(ths) > 1:
		return plan.Change{}, 0, fmt.Errorf("detector %q: its %s has %d thresholds; say which with index (1..%d)", d.Name, field, len(ths), len(ths))
	case idx == 0:
		idx = 1
	case idx > len(ths):
		return plan.Change{}, 0, fmt.Errorf("detector %q: index %d: its %s has %d threshold(s)", d.Name, idx, field, len(ths))
	}
	th := ths[idx-1]
	num := pp.Threshold
	if neg := strings.HasPrefix(num, "-"); neg != th.Negative {
		return plan.Change{}, 0, fmt.Errorf("detector %q: threshold %s changes the sign written in its %s (%s); change the condition instead", d.Name, num, field, th.Num)
	}
	num = strings.TrimPrefix(num, "-")
	if th.Unit == "" && !strings.ContainsAny(th.Num, ".eE") {
		if r, _ := new(big.Rat).SetString(num); !r.IsInt() {
			return plan.Change{}, 0, fmt.Errorf("detector %q: threshold %s: a bare number in a condition is a whole number", d.Name, pp.Threshold)
		}
	}
	ch, err := ed.ReplaceInExpr(d.Name, field, th.From, th.To, num)
	if err != nil {
		return plan.Change{}, 0, err
	}
	line, err := ed.KeyLine(d.Name, field)
	return ch, line, err
}

// blame turns a problem of the patched plan into an error naming the
// lesson whose change is in the same detector.
func blame(err error, changes []ProposedChange, detectors []plan.Detector) error {
	msg := err.Error()
	for _, c := range changes {
		if strings.Contains(msg, fmt.Sprintf("%q", c.Detector)) || detectorIndexIn(msg, c.Detector, detectors) {
			return &PatchError{Ref: c.Ref, Patch: c.Patch, Msg: fmt.Sprintf("the plan refuses it: %v", err)}
		}
	}
	return fmt.Errorf("the patched plan does not load: %w", err)
}

// detectorIndexIn says whether msg names the detector by its path
// (detectors[3].cooldown).
func detectorIndexIn(msg, name string, detectors []plan.Detector) bool {
	for i, d := range detectors {
		if d.Name == name && strings.Contains(msg, fmt.Sprintf("detectors[%d]", i)) {
			return true
		}
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// IncidentLabels are the transactions an incident teaches, for tuning or
// scoring its detectors: the transactions of a dismissed incident's alerts
// are legitimate (good); those of a real incident's alerts and attached
// analyses are its attack (bad). From and To span their blocks; Network is
// the alerts'.
type IncidentLabels struct {
	Network  string
	Labels   pipeline.Labels
	From, To uint64
}

// LabelsOf reads what incident id teaches (see IncidentLabels).
func LabelsOf(ctx context.Context, r store.Reader, id string) (IncidentLabels, error) {
	inc, err := r.Incident(ctx, id)
	if err != nil {
		return IncidentLabels{}, fmt.Errorf("incident %s: %w", id, err)
	}
	d, err := incident.ReadDetails(inc)
	if err != nil {
		return IncidentLabels{}, err
	}
	alerts, err := r.Alerts(ctx, store.AlertFilter{IncidentID: id})
	if err != nil {
		return IncidentLabels{}, fmt.Errorf("incident %s: alerts: %w", id, err)
	}
	var out IncidentLabels
	seen := map[common.Hash]bool{}
	add := func(h string, block uint64) {
		if !txHashRe.MatchString(h) {
			return
		}
		hash := common.HexToHash(h)
		if seen[hash] {
			return
		}
		seen[hash] = true
		if d.Dismissed != nil {
			out.Labels.Good = append(out.Labels.Good, hash)
		} else {
			out.Labels.Bad = append(out.Labels.Bad, hash)
		}
		if out.From == 0 || block < out.From {
			out.From = block
		}
		out.To = max(out.To, block)
	}
	for _, a := range alerts {
		out.Network = a.Network
		add(a.TxHash, a.BlockNumber)
	}
	if d.Dismissed == nil {
		as, err := Analyses(inc)
		if err != nil {
			return IncidentLabels{}, err
		}
		for _, a := range as {
			add(a.Tx, a.Block)
		}
	}
	if len(seen) == 0 {
		return IncidentLabels{}, fmt.Errorf("incident %s: no transaction is known (its alerts are about blocks, and no analysis is attached): nothing to tune against", id)
	}
	return out, nil
}
