// Package report writes what comes after an incident: the post-mortem
// (Markdown and HTML, from the incident record and the fields people edit),
// the response metrics (per incident, across incidents, and as Prometheus
// metrics), the external status updates and their cadence, the public
// disclosure draft, and the tracking of lessons learned into new plan
// versions. The regulatory obligations are in report/obligation and the
// evidence bundle in report/evidence.
package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// ItemStatus is where a post-mortem's action item is.
type ItemStatus string

// Action item statuses.
const (
	ItemOpen       ItemStatus = "open"
	ItemInProgress ItemStatus = "in-progress"
	ItemDone       ItemStatus = "done"
	ItemWontDo     ItemStatus = "wont-do"
)

// itemStatuses lists the statuses an action item may have.
var itemStatuses = []ItemStatus{ItemOpen, ItemInProgress, ItemDone, ItemWontDo}

// Valid says whether s is an action item's status; the error names the
// statuses allowed.
func (s ItemStatus) Valid() error {
	if slices.Contains(itemStatuses, s) {
		return nil
	}
	names := make([]string, len(itemStatuses))
	for i, st := range itemStatuses {
		names[i] = string(st)
	}
	return fmt.Errorf("status %q: want one of %s", s, strings.Join(names, ", "))
}

// PostMortem holds the fields of a post-mortem people write; everything
// else in the document comes from the incident record. It is kept as JSON
// in store.Incident.PostMortem and edited as YAML.
type PostMortem struct {
	// Summary says in a few sentences what happened.
	Summary   string `json:"summary,omitempty" yaml:"summary,omitempty"`
	RootCause string `json:"root_cause,omitempty" yaml:"root_cause,omitempty"`
	// ContributingFactors made it possible or worse.
	ContributingFactors []string `json:"contributing_factors,omitempty" yaml:"contributing_factors,omitempty"`
	// FiveWhys are the answers of a five-whys analysis, in order.
	FiveWhys  []string `json:"five_whys,omitempty" yaml:"five_whys,omitempty"`
	WentWell  []string `json:"went_well,omitempty" yaml:"went_well,omitempty"`
	WentWrong []string `json:"went_wrong,omitempty" yaml:"went_wrong,omitempty"`
	// Lucky lists where we got lucky.
	Lucky  []string `json:"lucky,omitempty" yaml:"lucky,omitempty"`
	Impact Impact   `json:"impact,omitzero" yaml:"impact,omitempty"`
	// ActionItems are the follow-ups, with owner, deadline and status.
	ActionItems []ActionItem `json:"action_items,omitempty" yaml:"action_items,omitempty"`
	// PlanChanges are proposed changes to the plan and runbooks.
	PlanChanges []string `json:"plan_changes,omitempty" yaml:"plan_changes,omitempty"`
	// PublicSummary is what the public disclosure says happened.
	PublicSummary string `json:"public_summary,omitempty" yaml:"public_summary,omitempty"`
	// ExploitTime is the exploit block's time, when neither an attached
	// analysis nor the alert gives it (the time-to-detect start).
	ExploitTime time.Time `json:"exploit_time,omitzero" yaml:"exploit_time,omitempty"`
	// UpdatedAt and UpdatedBy are set on each edit.
	UpdatedAt time.Time `json:"updated_at,omitzero" yaml:"-"`
	UpdatedBy string    `json:"updated_by,omitempty" yaml:"-"`
}

// Impact is what the incident cost. Amounts the forensics found are used
// when these are left empty.
type Impact struct {
	// UsersAffected counts affected users (nil: not counted yet).
	UsersAffected *int `json:"users_affected,omitempty" yaml:"users_affected,omitempty"`
	// AtRisk and Lost are per token.
	AtRisk []Amount `json:"at_risk,omitempty" yaml:"at_risk,omitempty"`
	Lost   []Amount `json:"lost,omitempty" yaml:"lost,omitempty"`
	// AtRiskUSD and LostUSD are decimals in US dollars.
	AtRiskUSD string `json:"at_risk_usd,omitempty" yaml:"at_risk_usd,omitempty"`
	LostUSD   string `json:"lost_usd,omitempty" yaml:"lost_usd,omitempty"`
	// LossConfirmed says the figures are confirmed and may be published.
	LossConfirmed bool   `json:"loss_confirmed,omitempty" yaml:"loss_confirmed,omitempty"`
	Reputation    string `json:"reputation,omitempty" yaml:"reputation,omitempty"`
}

// Amount is an amount of one token, in base units, as a decimal string.
type Amount struct {
	// Token is the token's address (0x000…0 for the native currency).
	Token string `json:"token" yaml:"token"`
	// Symbol and Decimals, if known, format the amount for people.
	Symbol   string `json:"symbol,omitempty" yaml:"symbol,omitempty"`
	Decimals *uint8 `json:"decimals,omitempty" yaml:"decimals,omitempty"`
	Amount   string `json:"amount" yaml:"amount"`
}

// ActionItem is a follow-up of the post-mortem.
type ActionItem struct {
	// ID is "A1", "A2", … (assigned when left empty).
	ID       string    `json:"id" yaml:"id,omitempty"`
	Title    string    `json:"title" yaml:"title"`
	Owner    string    `json:"owner" yaml:"owner"`
	Deadline plan.Date `json:"deadline,omitzero" yaml:"deadline,omitempty"`
	// Status is open, in-progress, done or wont-do (default open).
	Status ItemStatus `json:"status" yaml:"status,omitempty"`
	// PlanChange, when set, says what the item changes in the plan or a
	// runbook; the item is then tracked until a stored plan version that
	// mentions its reference (see LessonRef) is loaded.
	PlanChange string `json:"plan_change,omitempty" yaml:"plan_change,omitempty"`
	// PlanPatch, when set, is the change in a form `breakglass plan diff
	// --lessons` writes into the plan file (see PlanPatch); the item is
	// tracked as with PlanChange.
	PlanPatch []PlanPatch `json:"plan_patch,omitempty" yaml:"plan_patch,omitempty"`
}

// Empty reports whether nothing has been written yet.
func (pm PostMortem) Empty() bool {
	pm.UpdatedAt, pm.UpdatedBy = time.Time{}, ""
	return reflect.ValueOf(pm).IsZero()
}

// ReadPostMortem decodes an incident's post-mortem fields.
func ReadPostMortem(inc store.Incident) (PostMortem, error) {
	var pm PostMortem
	if len(inc.PostMortem) == 0 {
		return pm, nil
	}
	if err := json.Unmarshal(inc.PostMortem, &pm); err != nil {
		return pm, fmt.Errorf("incident %s: decode post-mortem: %w", inc.ID, err)
	}
	return pm, nil
}

// WritePostMortem encodes pm into inc (the caller writes the incident).
func WritePostMortem(inc *store.Incident, pm PostMortem) error {
	b, err := json.Marshal(pm)
	if err != nil {
		return fmt.Errorf("incident %s: encode post-mortem: %w", inc.ID, err)
	}
	inc.PostMortem = b
	return nil
}

// YAML returns the editable fields as YAML, the format ApplyYAML reads.
func (pm PostMortem) YAML() ([]byte, error) {
	return yaml.Marshal(pm)
}

// ApplyYAML merges the fields written in a YAML document into pm: each
// top-level key present replaces that field, keys left out keep their
// value. Errors name the file, line and field. Action items get ids and a
// default status; the result is validated.
func ApplyYAML(pm PostMortem, name string, data []byte) (PostMortem, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return pm, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return pm, fmt.Errorf("%s: empty document", name)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return pm, fmt.Errorf("%s:%d:%d: want a mapping of post-mortem fields", name, root.Line, root.Column)
	}
	fields := yamlFields()
	present := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if _, ok := fields[k.Value]; !ok {
			return pm, fmt.Errorf("%s:%d:%d: unknown field %q (fields: %s)", name, k.Line, k.Column, k.Value, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		}
		present[k.Value] = root.Content[i+1]
	}
	var patch PostMortem
	if err := root.Decode(&patch); err != nil {
		return pm, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	dst := reflect.ValueOf(&pm).Elem()
	src := reflect.ValueOf(patch)
	for key, idx := range fields {
		if _, ok := present[key]; ok {
			dst.Field(idx).Set(src.Field(idx))
		}
	}
	pm.normalize()
	if err := pm.Validate(); err != nil {
		var ie *itemError
		if errors.As(err, &ie) {
			if n := present["action_items"]; n != nil && ie.index < len(n.Content) {
				item := n.Content[ie.index]
				return pm, fmt.Errorf("%s:%d:%d: %v", name, item.Line, item.Column, err)
			}
		}
		return pm, fmt.Errorf("%s: %w", name, err)
	}
	return pm, nil
}

// yamlFields maps each YAML key of PostMortem to its field index.
func yamlFields() map[string]int {
	t := reflect.TypeFor[PostMortem]()
	out := map[string]int{}
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			out[tag] = i
		}
	}
	return out
}

// normalize assigns missing action item ids and statuses.
func (pm *PostMortem) normalize() {
	used := map[string]bool{}
	for _, it := range pm.ActionItems {
		used[it.ID] = true
	}
	n := 1
	for i := range pm.ActionItems {
		it := &pm.ActionItems[i]
		if it.ID == "" {
			for used[fmt.Sprintf("A%d", n)] {
				n++
			}
			it.ID = fmt.Sprintf("A%d", n)
			used[it.ID] = true
		}
		if it.Status == "" {
			it.Status = ItemOpen
		}
	}
}

type itemError struct {
	index int
	msg   string
}

func (e *itemError) Error() string { return e.msg }

// Validate checks the fields: action items need a title, an owner, a
// deadline, a known status and distinct ids; amounts are decimal integers
// and USD figures decimals.
func (pm PostMortem) Validate() error {
	ids := map[string]bool{}
	for i, it := range pm.ActionItems {
		bad := func(format string, args ...any) error {
			return &itemError{index: i, msg: fmt.Sprintf("action_items[%d]: ", i) + fmt.Sprintf(format, args...)}
		}
		switch {
		case strings.TrimSpace(it.Title) == "":
			return bad("title is required")
		case strings.TrimSpace(it.Owner) == "":
			return bad("owner is required")
		case it.Deadline == (plan.Date{}):
			return bad("deadline is required (YYYY-MM-DD)")
		case it.Status.Valid() != nil:
			return bad("%v", it.Status.Valid())
		case ids[it.ID]:
			return bad("id %q is used twice", it.ID)
		}
		for j, pp := range it.PlanPatch {
			if err := pp.check(); err != nil {
				return bad("plan_patch[%d]: %v", j, err)
			}
		}
		ids[it.ID] = true
	}
	for _, set := range []struct {
		name string
		as   []Amount
	}{{"impact.at_risk", pm.Impact.AtRisk}, {"impact.lost", pm.Impact.Lost}} {
		for i, a := range set.as {
			if _, ok := new(big.Int).SetString(a.Amount, 10); !ok {
				return fmt.Errorf("%s[%d].amount %q: want a decimal integer in base units", set.name, i, a.Amount)
			}
			if a.Token == "" {
				return fmt.Errorf("%s[%d].token is required", set.name, i)
			}
		}
	}
	for name, v := range map[string]string{"impact.at_risk_usd": pm.Impact.AtRiskUSD, "impact.lost_usd": pm.Impact.LostUSD} {
		if v == "" {
			continue
		}
		if _, ok := new(big.Rat).SetString(v); !ok {
			return fmt.Errorf("%s %q: want a decimal number", name, v)
		}
	}
	if u := pm.Impact.UsersAffected; u != nil && *u < 0 {
		return fmt.Errorf("impact.users_affected: must not be negative")
	}
	return nil
}

// Required reports whether an incident of severity sev needs a post-mortem
// before it closes: the severity says so, or it is critical or high.
func Required(incSeverity string, sev plan.Severity) bool {
	name := sev.Name
	if name == "" {
		name = incSeverity
	}
	return sev.RequiresPostmortem || name == "critical" || name == "high"
}

// CanClose is incident.Options.CanClose: a critical or high incident (or
// one whose severity requires it) cannot close without a post-mortem that
// has a summary, a root cause and at least one action item.
func CanClose(inc store.Incident, sev plan.Severity) error {
	if !Required(inc.Severity, sev) {
		return nil
	}
	pm, err := ReadPostMortem(inc)
	if err != nil {
		return err
	}
	var missing []string
	if strings.TrimSpace(pm.Summary) == "" {
		missing = append(missing, "a summary")
	}
	if strings.TrimSpace(pm.RootCause) == "" {
		missing = append(missing, "a root cause")
	}
	if len(pm.ActionItems) == 0 {
		missing = append(missing, "action items (with owner and deadline)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("a %s incident needs a post-mortem before it closes; missing %s: write them with 'breakglass postmortem edit %s --set-file FIELDS.yaml'",
			inc.Severity, strings.Join(missing, ", "), inc.ID)
	}
	return pm.Validate()
}

// Edit applies a YAML document of post-mortem fields (see ApplyYAML) to
// incident id inside tx, as actor at time now, and records the edit on the
// timeline. name names the document in errors.
func Edit(ctx context.Context, tx store.Tx, r obligation.Recorder, id, actor, name string, data []byte, now time.Time) (PostMortem, error) {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return PostMortem{}, fmt.Errorf("incident %s: %w", id, err)
	}
	if err := r.Authorize(inc, actor, incident.OpPostmortem); err != nil {
		return PostMortem{}, err
	}
	pm, err := ReadPostMortem(inc)
	if err != nil {
		return pm, err
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return pm, fmt.Errorf("%w: %s: %w", incident.ErrInvalid, name, err)
	}
	if pm, err = ApplyYAML(pm, name, data); err != nil {
		return pm, fmt.Errorf("%w: %w", incident.ErrInvalid, err)
	}
	pm.UpdatedAt, pm.UpdatedBy = now.UTC().Truncate(time.Microsecond), actor
	if err := WritePostMortem(&inc, pm); err != nil {
		return pm, err
	}
	if _, err := tx.UpdateIncident(ctx, inc); err != nil {
		return pm, fmt.Errorf("incident %s: %w", id, err)
	}
	keys := slices.Sorted(maps.Keys(doc))
	raw, _ := json.Marshal(map[string]any{"fields": keys})
	_, err = r.Record(ctx, tx, id, actor, "postmortem", "post-mortem edited: "+strings.Join(keys, ", "), raw, "", nil)
	return pm, err
}
