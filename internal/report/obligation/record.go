package obligation

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Recorder puts an event on an incident's timeline and in the audit log
// (and notifies when ev is not empty); *incident.Manager is one.
type Recorder interface {
	Record(ctx context.Context, tx store.Tx, id, actor, kind, message string, data json.RawMessage, ev notify.Event, details []notify.Field) (store.TimelineEvent, error)
	View(inc store.Incident) notify.Incident
}

// Update changes the facts of incident id inside tx with fn and records
// message on the timeline (kind "obligation"), as actor. data is the
// event's structured part.
func Update(ctx context.Context, tx store.Tx, r Recorder, id, actor, message string, data any, fn func(*Facts) error) (Facts, error) {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return Facts{}, fmt.Errorf("incident %s: %w", id, err)
	}
	f, err := ReadFacts(inc)
	if err != nil {
		return f, err
	}
	if err := fn(&f); err != nil {
		return f, err
	}
	if err := WriteFacts(&inc, f); err != nil {
		return f, err
	}
	if _, err := tx.UpdateIncident(ctx, inc); err != nil {
		return f, fmt.Errorf("incident %s: %w", id, err)
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return f, err
	}
	if _, err := r.Record(ctx, tx, id, actor, "obligation", message, raw, "", nil); err != nil {
		return f, fmt.Errorf("incident %s: record: %w", id, err)
	}
	return f, nil
}

// RecordDecision records a person's decision (e.g. "major": true) on the
// incident and its timeline; the obligations whose clock starts at that
// decision start counting at d.At.
func RecordDecision(ctx context.Context, tx store.Tx, r Recorder, id string, d Decision) (Facts, error) {
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" || d.By == "" || d.At.IsZero() {
		return Facts{}, fmt.Errorf("a decision needs a name, a person and a time")
	}
	d.At = d.At.UTC().Truncate(time.Microsecond)
	verdict := d.Name
	if !d.Value {
		verdict = "not " + d.Name
	}
	msg := fmt.Sprintf("decision: %s by %s at %s", verdict, d.By, d.At.Format(time.RFC3339))
	if d.Note != "" {
		msg += ": " + d.Note
	}
	return Update(ctx, tx, r, id, d.By, msg, map[string]any{"decision": d}, func(f *Facts) error {
		f.Decisions = append(f.Decisions, d)
		return nil
	})
}

// MarkSubmitted records that a report of an obligation of the plan was
// filed.
func MarkSubmitted(ctx context.Context, tx store.Tx, r Recorder, p *plan.Plan, id string, s Submission) (Facts, error) {
	o := findObligation(p, s.Obligation)
	if o == nil {
		return Facts{}, fmt.Errorf("obligation %q is not in the plan (obligations: %s)", s.Obligation, strings.Join(obligationNames(p), ", "))
	}
	rule, ok := Lookup(o.Rule)
	if !ok {
		return Facts{}, fmt.Errorf("obligation %s: unknown rule %q", s.Obligation, o.Rule)
	}
	var stages []string
	for _, st := range rule.Stages {
		stages = append(stages, st.Name)
	}
	if s.Stage == "" && len(stages) == 1 {
		s.Stage = stages[0]
	}
	if !slices.Contains(stages, s.Stage) {
		return Facts{}, fmt.Errorf("obligation %s (%s) has no report %q (reports: %s)", s.Obligation, o.Rule, s.Stage, strings.Join(stages, ", "))
	}
	if s.By == "" || s.At.IsZero() {
		return Facts{}, fmt.Errorf("a submission needs a person and a time")
	}
	s.At = s.At.UTC().Truncate(time.Microsecond)
	msg := fmt.Sprintf("%s %s report marked submitted by %s at %s", s.Obligation, s.Stage, s.By, s.At.Format(time.RFC3339))
	if s.Reference != "" {
		msg += " (reference " + s.Reference + ")"
	}
	return Update(ctx, tx, r, id, s.By, msg, map[string]any{"submission": s}, func(f *Facts) error {
		if prev, ok := f.Submission(s.Obligation, s.Stage); ok {
			return fmt.Errorf("%s %s was already marked submitted by %s at %s", s.Obligation, s.Stage, prev.By, prev.At.Format(time.RFC3339))
		}
		f.Submissions = append(f.Submissions, s)
		return nil
	})
}

func findObligation(p *plan.Plan, name string) *plan.Obligation {
	for i := range p.Obligations {
		o := &p.Obligations[i]
		if o.Name == name || (o.Name == "" && o.Rule == name) {
			return o
		}
	}
	return nil
}

func obligationNames(p *plan.Plan) []string {
	var out []string
	for _, o := range p.Obligations {
		n := o.Name
		if n == "" {
			n = o.Rule
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}
