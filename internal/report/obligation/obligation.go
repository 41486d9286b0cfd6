package obligation

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report/internal/details"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// DetailsKey is the key of the incident details this package owns.
const DetailsKey = "obligations"

// Facts are what people recorded about an incident that obligations depend
// on. They are kept in the incident's details under DetailsKey.
type Facts struct {
	// AwareAt is when the team became aware of the incident, if recorded;
	// the incident's opening time otherwise.
	AwareAt time.Time `json:"aware_at,omitzero"`
	// PersonalData says whether personal data was involved; nil while
	// nobody has said.
	PersonalData *bool `json:"personal_data,omitempty"`
	// LossUSD is the loss in US dollars, a decimal, if known.
	LossUSD string `json:"loss_usd,omitempty"`
	// Jurisdictions are where the affected users or the team are (e.g.
	// "EU", "US-NY", "SG"); empty: every obligation's jurisdiction applies.
	Jurisdictions []string `json:"jurisdictions,omitempty"`
	// Decisions are people's recorded decisions, oldest first; the last of
	// a name counts.
	Decisions []Decision `json:"decisions,omitempty"`
	// Submissions are the reports marked submitted.
	Submissions []Submission `json:"submissions,omitempty"`
	// Reminded holds the keys of the reminders already sent.
	Reminded []string `json:"reminded,omitempty"`
}

// Decision is a person's recorded decision, e.g. that the incident is
// "major" (DORA) or "material" (SEC), or is not.
type Decision struct {
	Name  string    `json:"name"`
	Value bool      `json:"value"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
	Note  string    `json:"note,omitempty"`
}

// Submission records that a report was filed.
type Submission struct {
	Obligation string    `json:"obligation"`
	Stage      string    `json:"stage"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
	// Reference is the authority's acknowledgement or filing number.
	Reference string `json:"reference,omitempty"`
}

// ReadFacts returns the facts recorded on an incident.
func ReadFacts(inc store.Incident) (Facts, error) {
	var f Facts
	_, err := details.Get(inc, DetailsKey, &f)
	return f, err
}

// WriteFacts stores f on the incident (the caller writes the incident).
func WriteFacts(inc *store.Incident, f Facts) error {
	return details.Set(inc, DetailsKey, f)
}

// Decision returns the last decision of a name.
func (f Facts) Decision(name string) (Decision, bool) {
	for i := len(f.Decisions) - 1; i >= 0; i-- {
		if strings.EqualFold(f.Decisions[i].Name, name) {
			return f.Decisions[i], true
		}
	}
	return Decision{}, false
}

// Submission returns the submission of a stage of an obligation.
func (f Facts) Submission(obligation, stage string) (Submission, bool) {
	for _, s := range f.Submissions {
		if s.Obligation == obligation && s.Stage == stage {
			return s, true
		}
	}
	return Submission{}, false
}

// Awareness returns the awareness anchor of an incident.
func (f Facts) Awareness(inc store.Incident) time.Time {
	if !f.AwareAt.IsZero() {
		return f.AwareAt.UTC()
	}
	return inc.OpenedAt.UTC()
}

// State is the status of an obligation or of one of its reports.
type State string

// The states.
const (
	// NotTriggered: the incident does not meet the obligation's trigger.
	NotTriggered State = "not triggered"
	// Undetermined: a fact or a person's decision the trigger needs is not
	// recorded yet; deadlines shown are what applies if it is met.
	Undetermined State = "undetermined"
	// Pending: to be filed; the deadline is not near.
	Pending State = "pending"
	// DueSoon: the deadline is within the obligation's reminder window.
	DueSoon State = "due soon"
	// Submitted: marked filed.
	Submitted State = "submitted"
	// Overdue: the deadline passed and it was not marked filed.
	Overdue State = "overdue"
)

// DefaultRemind returns the reminder offsets before each deadline when the
// plan's obligation lists none: a day and an hour before.
func DefaultRemind() []time.Duration { return []time.Duration{24 * time.Hour, time.Hour} }

// Status is where one obligation of the plan stands for one incident.
type Status struct {
	// Obligation is the plan's name for it; Rule the built-in rule.
	Obligation   string `json:"obligation"`
	Rule         string `json:"rule"`
	Title        string `json:"title"`
	Reference    string `json:"reference"`
	Authority    string `json:"authority"`
	Jurisdiction string `json:"jurisdiction,omitempty"`
	TimeZone     string `json:"timezone"`
	// State is NotTriggered, Undetermined, or (for a triggered obligation)
	// the most urgent state of its reports.
	State State `json:"state"`
	// Reason says why it applies or not, or what is awaited.
	Reason  string         `json:"reason"`
	Reports []ReportStatus `json:"reports"`
}

// ReportStatus is one report (stage) of an obligation.
type ReportStatus struct {
	Stage string `json:"stage"`
	Title string `json:"title"`
	// Due is the deadline, UTC; nil for "as soon as possible" or when the
	// anchor is not known yet.
	Due *time.Time `json:"due,omitempty"`
	// DueLocal is Due in the obligation's time zone, RFC 3339.
	DueLocal string `json:"due_local,omitempty"`
	// ASAP marks a report to file as soon as possible.
	ASAP bool `json:"asap,omitempty"`
	// Provisional marks a deadline computed from the previous report's
	// deadline because that report is not submitted yet.
	Provisional bool `json:"provisional,omitempty"`
	// Basis explains the deadline ("4h after decision (2026-…) — the first of …").
	Basis     string      `json:"basis"`
	State     State       `json:"state"`
	Submitted *Submission `json:"submitted,omitempty"`
}

// Evaluate computes the status of each obligation of the plan for an
// incident at time now.
func Evaluate(obls []plan.Obligation, inc store.Incident, f Facts, now time.Time) ([]Status, error) {
	out := make([]Status, 0, len(obls))
	var errs []error
	for _, o := range obls {
		st, err := evaluate(o, inc, f, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, st)
	}
	return out, errors.Join(errs...)
}

func evaluate(o plan.Obligation, inc store.Incident, f Facts, now time.Time) (Status, error) {
	rule, ok := Lookup(o.Rule)
	if !ok {
		return Status{}, fmt.Errorf("obligation %s: unknown rule %q", o.Name, o.Rule)
	}
	cal, err := CalendarOf(o)
	if err != nil {
		return Status{}, fmt.Errorf("obligation %s: time zone: %w", o.Name, err)
	}
	name := o.Name
	if name == "" {
		name = o.Rule
	}
	st := Status{
		Obligation: name, Rule: rule.Name, Title: rule.Title, Reference: rule.Reference,
		Authority: o.Authority, Jurisdiction: o.Jurisdiction, TimeZone: cal.loc().String(),
	}
	if st.Authority == "" {
		st.Authority = rule.Authority
	}
	state, reason, decidedAt := trigger(rule, o, inc, f)
	st.State, st.Reason = state, reason
	if state == NotTriggered {
		st.Reports = []ReportStatus{}
		return st, nil
	}
	aware := f.Awareness(inc)
	var prevDue, prevSub time.Time
	for i, stage := range rule.Stages {
		rs := ReportStatus{Stage: stage.Name, Title: stage.Title}
		var due time.Time
		var basis []string
		for _, k := range stage.Clocks {
			var anchor time.Time
			switch k.Anchor {
			case AnchorAwareness:
				anchor = aware
			case AnchorDecision:
				anchor = decidedAt
			case AnchorPrevious:
				if i == 0 {
					continue
				}
				if !prevSub.IsZero() {
					anchor = prevSub
				} else if !prevDue.IsZero() {
					anchor = prevDue
					rs.Provisional = true
				}
			}
			if k.ASAP {
				rs.ASAP = true
				basis = append(basis, k.String())
				continue
			}
			if anchor.IsZero() {
				basis = append(basis, k.String()+" (not recorded yet)")
				continue
			}
			d := cal.Deadline(k, anchor)
			basis = append(basis, fmt.Sprintf("%s (%s)", k, anchor.UTC().Format(time.RFC3339)))
			if due.IsZero() || d.Before(due) {
				due = d
			}
		}
		rs.Basis = strings.Join(basis, "; ")
		if len(stage.Clocks) > 1 {
			rs.Basis += " — whichever is first"
		}
		if rs.Provisional {
			rs.Basis += " — provisional: counted from the previous report's deadline until it is marked submitted"
		}
		if !due.IsZero() {
			u := due.UTC()
			rs.Due = &u
			rs.DueLocal = due.In(cal.loc()).Format(time.RFC3339)
		}
		if sub, ok := f.Submission(name, stage.Name); ok {
			s := sub
			rs.Submitted = &s
			prevSub = sub.At
		} else {
			prevSub = time.Time{}
		}
		prevDue = due
		rs.State = reportState(state, rs, soonWindow(o), now)
		st.Reports = append(st.Reports, rs)
	}
	if state != Undetermined {
		st.State = worst(st.Reports)
	}
	return st, nil
}

func reportState(obl State, rs ReportStatus, soon time.Duration, now time.Time) State {
	switch {
	case rs.Submitted != nil:
		return Submitted
	case obl == Undetermined:
		return Undetermined
	case rs.Due == nil:
		return Pending
	case now.After(*rs.Due):
		return Overdue
	case !now.Before(rs.Due.Add(-soon)):
		return DueSoon
	}
	return Pending
}

// worst is the most urgent state of an obligation's reports.
func worst(rs []ReportStatus) State {
	order := []State{Overdue, DueSoon, Pending, Submitted}
	for _, s := range order {
		for _, r := range rs {
			if r.State == s {
				return s
			}
		}
	}
	return Pending
}

// soonWindow is how long before a deadline a report is "due soon": the
// largest reminder offset.
func soonWindow(o plan.Obligation) time.Duration {
	var w time.Duration
	for _, r := range remindOffsets(o) {
		w = max(w, r)
	}
	return w
}

func remindOffsets(o plan.Obligation) []time.Duration {
	if len(o.Remind) == 0 {
		return DefaultRemind()
	}
	out := make([]time.Duration, len(o.Remind))
	for i, r := range o.Remind {
		out[i] = time.Duration(r)
	}
	return out
}

// trigger decides whether the obligation applies to the incident, and
// returns the decision time when a Decision clock applies.
func trigger(rule Rule, o plan.Obligation, inc store.Incident, f Facts) (State, string, time.Time) {
	t := o.Trigger
	var met []string
	if len(t.Severities) > 0 {
		if !slices.Contains(t.Severities, inc.Severity) {
			return NotTriggered, fmt.Sprintf("severity %s is not one of %s", inc.Severity, strings.Join(t.Severities, ", ")), time.Time{}
		}
		met = append(met, "severity "+inc.Severity)
	}
	if o.Jurisdiction != "" && len(f.Jurisdictions) > 0 && !inJurisdiction(o.Jurisdiction, f.Jurisdictions) {
		return NotTriggered, fmt.Sprintf("jurisdiction %s is not among the incident's (%s)", o.Jurisdiction, strings.Join(f.Jurisdictions, ", ")), time.Time{}
	}
	var awaiting []string
	if t.MinLossUSD > 0 {
		loss, ok := new(big.Rat).SetString(f.LossUSD)
		switch {
		case f.LossUSD == "" || !ok:
			awaiting = append(awaiting, fmt.Sprintf("the loss in USD (triggers at %d USD)", t.MinLossUSD))
		case loss.Cmp(new(big.Rat).SetUint64(t.MinLossUSD)) < 0:
			return NotTriggered, fmt.Sprintf("loss %s USD is below %d USD", f.LossUSD, t.MinLossUSD), time.Time{}
		default:
			met = append(met, fmt.Sprintf("loss %s USD ≥ %d USD", f.LossUSD, t.MinLossUSD))
		}
	}
	if t.PersonalData {
		switch {
		case f.PersonalData == nil:
			awaiting = append(awaiting, "whether personal data was involved")
		case !*f.PersonalData:
			return NotTriggered, "no personal data involved", time.Time{}
		default:
			met = append(met, "personal data involved")
		}
	}
	decision := t.Decision
	if decision == "" {
		decision = rule.Decision
	}
	var decidedAt time.Time
	if decision != "" && (t.Decision != "" || rule.usesDecision()) {
		d, ok := f.Decision(decision)
		switch {
		case !ok:
			awaiting = append(awaiting, fmt.Sprintf("the %q decision", decision))
		case !d.Value:
			return NotTriggered, fmt.Sprintf("%s decided not %s at %s", d.By, decision, d.At.UTC().Format(time.RFC3339)), time.Time{}
		default:
			decidedAt = d.At.UTC()
			met = append(met, fmt.Sprintf("%s decided %s at %s", d.By, decision, decidedAt.Format(time.RFC3339)))
		}
	}
	if len(awaiting) > 0 {
		return Undetermined, "awaiting " + strings.Join(awaiting, " and "), decidedAt
	}
	if len(met) == 0 {
		return Pending, "applies to every incident", decidedAt
	}
	return Pending, strings.Join(met, "; "), decidedAt
}

// inJurisdiction matches "EU" against "EU" and "EU-DE", and "US-NY" against "US-NY".
func inJurisdiction(want string, have []string) bool {
	for _, h := range have {
		if strings.EqualFold(h, want) || strings.HasPrefix(strings.ToUpper(h), strings.ToUpper(want)+"-") {
			return true
		}
	}
	return false
}
