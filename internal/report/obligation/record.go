package obligation

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Recorder puts an event on an incident's timeline and in the audit log
// (and notifies when ev is not empty), and says who may do what (an
// operation of incident.Policy); *incident.Manager is one.
type Recorder interface {
	Record(ctx context.Context, tx store.Tx, id, actor, kind, message string, data json.RawMessage, ev notify.Event, details []notify.Field) (store.TimelineEvent, error)
	View(inc store.Incident) notify.Incident
	Authorize(inc store.Incident, person, op string) error
}

// Update changes the facts of incident id inside tx with fn and records
// message on the timeline (kind "obligation"), as actor, once the recorder
// allowed actor op (incident.OpObligationFacts, …). data is the event's
// structured part.
func Update(ctx context.Context, tx store.Tx, r Recorder, id, actor, op, message string, data any, fn func(*Facts) error) (Facts, error) {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return Facts{}, fmt.Errorf("incident %s: %w", id, err)
	}
	if err := r.Authorize(inc, actor, op); err != nil {
		return Facts{}, err
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
		return Facts{}, fmt.Errorf("%w: a decision needs a name, a person and a time", incident.ErrInvalid)
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
	return Update(ctx, tx, r, id, d.By, incident.OpObligationDecide, msg, map[string]any{"decision": d}, func(f *Facts) error {
		f.Decisions = append(f.Decisions, d)
		return nil
	})
}

// MarkSubmitted records that a report of an obligation of the plan was
// filed.
func MarkSubmitted(ctx context.Context, tx store.Tx, r Recorder, p *plan.Plan, id string, s Submission) (Facts, error) {
	o := findObligation(p, s.Obligation)
	if o == nil {
		return Facts{}, fmt.Errorf("%w: obligation %q is not in the plan (obligations: %s)", incident.ErrInvalid, s.Obligation, strings.Join(obligationNames(p), ", "))
	}
	rule, ok := Lookup(o.Rule)
	if !ok {
		return Facts{}, fmt.Errorf("%w: obligation %s: unknown rule %q", incident.ErrInvalid, s.Obligation, o.Rule)
	}
	var stages []string
	for _, st := range rule.Stages {
		stages = append(stages, st.Name)
	}
	if s.Stage == "" && len(stages) == 1 {
		s.Stage = stages[0]
	}
	if !slices.Contains(stages, s.Stage) {
		return Facts{}, fmt.Errorf("%w: obligation %s (%s) has no report %q (reports: %s)", incident.ErrInvalid, s.Obligation, o.Rule, s.Stage, strings.Join(stages, ", "))
	}
	if s.By == "" || s.At.IsZero() {
		return Facts{}, fmt.Errorf("%w: a submission needs a person and a time", incident.ErrInvalid)
	}
	s.At = s.At.UTC().Truncate(time.Microsecond)
	msg := fmt.Sprintf("%s %s report marked submitted by %s at %s", s.Obligation, s.Stage, s.By, s.At.Format(time.RFC3339))
	if s.Reference != "" {
		msg += " (reference " + s.Reference + ")"
	}
	return Update(ctx, tx, r, id, s.By, incident.OpObligationSubmit, msg, map[string]any{"submission": s}, func(f *Facts) error {
		if prev, ok := f.Submission(s.Obligation, s.Stage); ok {
			return fmt.Errorf("%w: %s %s was already marked submitted by %s at %s", incident.ErrRefused, s.Obligation, s.Stage, prev.By, prev.At.Format(time.RFC3339))
		}
		f.Submissions = append(f.Submissions, s)
		return nil
	})
}

// FactsChange is a change of the facts obligations depend on; nil fields
// are left as they are.
type FactsChange struct {
	// AwareAt is when the team became aware of the incident.
	AwareAt *time.Time `json:"aware_at,omitempty"`
	// PersonalData says whether personal data was involved.
	PersonalData *bool `json:"personal_data,omitempty"`
	// LossUSD is the loss in US dollars, a decimal number (e.g. "2400000.50").
	LossUSD *string `json:"loss_usd,omitempty"`
	// Jurisdictions are where affected users or the team are.
	Jurisdictions []string `json:"jurisdictions,omitempty"`
}

// Empty reports whether c changes nothing.
func (c FactsChange) Empty() bool {
	return c.AwareAt == nil && c.PersonalData == nil && c.LossUSD == nil && c.Jurisdictions == nil
}

// Describe says what c records, one part per fact.
func (c FactsChange) Describe() []string {
	var parts []string
	if c.AwareAt != nil {
		parts = append(parts, "aware at "+c.AwareAt.UTC().Format(time.RFC3339))
	}
	if c.PersonalData != nil {
		parts = append(parts, fmt.Sprintf("personal data involved: %t", *c.PersonalData))
	}
	if c.LossUSD != nil {
		parts = append(parts, "loss "+*c.LossUSD+" USD")
	}
	if c.Jurisdictions != nil {
		parts = append(parts, "jurisdictions "+strings.Join(c.Jurisdictions, ", "))
	}
	return parts
}

// RecordFacts records c on incident id inside tx, as actor, and returns
// the parts it recorded, as told on the timeline.
func RecordFacts(ctx context.Context, tx store.Tx, r Recorder, id, actor string, c FactsChange) ([]string, error) {
	if c.Empty() {
		return nil, fmt.Errorf("%w: nothing to record: give the awareness time, personal data, the loss in USD or jurisdictions", incident.ErrInvalid)
	}
	if c.LossUSD != nil {
		v := *c.LossUSD
		if r, ok := new(big.Rat).SetString(v); !ok || r.Sign() < 0 || strings.ContainsAny(v, "eE/") {
			return nil, fmt.Errorf("%w: loss in USD %q: want a decimal number of US dollars, e.g. 2400000.50", incident.ErrInvalid, v)
		}
	}
	parts := c.Describe()
	msg := "obligation facts: " + strings.Join(parts, "; ")
	_, err := Update(ctx, tx, r, id, actor, incident.OpObligationFacts, msg, map[string]any{"facts": parts}, func(ft *Facts) error {
		if c.AwareAt != nil {
			ft.AwareAt = c.AwareAt.UTC()
		}
		if c.PersonalData != nil {
			pd := *c.PersonalData
			ft.PersonalData = &pd
		}
		if c.LossUSD != nil {
			ft.LossUSD = *c.LossUSD
		}
		if c.Jurisdictions != nil {
			ft.Jurisdictions = c.Jurisdictions
		}
		return nil
	})
	return parts, err
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
