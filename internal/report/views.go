package report

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// ObligationsView is what an incident's obligations stand at (the CLI's
// JSON, the API).
type ObligationsView struct {
	Incident    string              `json:"incident"`
	Disclaimer  string              `json:"disclaimer"`
	Obligations []obligation.Status `json:"obligations"`
	Facts       obligation.Facts    `json:"facts"`
}

// Obligations evaluates the plan's obligations for incident id at now.
func Obligations(ctx context.Context, r store.Reader, p *plan.Plan, id string, now time.Time) (ObligationsView, error) {
	inc, err := r.Incident(ctx, id)
	if err != nil {
		return ObligationsView{}, fmt.Errorf("incident %s: %w", id, err)
	}
	facts, err := ObligationFacts(inc)
	if err != nil {
		return ObligationsView{}, err
	}
	sts, err := obligation.Evaluate(p.Obligations, inc, facts, now)
	if err != nil {
		return ObligationsView{}, err
	}
	if sts == nil {
		sts = []obligation.Status{}
	}
	return ObligationsView{Incident: inc.ID, Disclaimer: obligation.Disclaimer, Obligations: sts, Facts: facts}, nil
}

// ObligationDraft returns the draft report of obligation name for incident
// id, pre-filled from the incident record.
func ObligationDraft(ctx context.Context, r store.Reader, p *plan.Plan, id, name string, now time.Time) (string, error) {
	v, err := Obligations(ctx, r, p, id, now)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(v.Obligations, func(st obligation.Status) bool { return st.Obligation == name })
	if i < 0 {
		return "", fmt.Errorf("obligation %q: %w in the plan", name, store.ErrNotFound)
	}
	inc, err := r.Incident(ctx, id)
	if err != nil {
		return "", fmt.Errorf("incident %s: %w", id, err)
	}
	in, err := DraftInput(ctx, r, p, inc, v.Facts)
	if err != nil {
		return "", err
	}
	return obligation.Draft(v.Obligations[i], in)
}

// CommsView is an incident's external communication: the updates sent and
// the public disclosure draft.
type CommsView struct {
	Incident     string            `json:"incident"`
	Updates      int               `json:"updates"`
	LastUpdateAt *time.Time        `json:"last_update_at,omitempty"`
	Published    []PublishedUpdate `json:"published"`
	// Disclosure is the public disclosure draft, built only from what the
	// public may know.
	Disclosure string `json:"disclosure"`
}

// Communications returns incident id's external communication.
func Communications(ctx context.Context, r store.Reader, p *plan.Plan, id string) (CommsView, error) {
	inc, err := r.Incident(ctx, id)
	if err != nil {
		return CommsView{}, fmt.Errorf("incident %s: %w", id, err)
	}
	st, err := ReadComms(inc)
	if err != nil {
		return CommsView{}, err
	}
	pub, err := PublicOf(inc, p)
	if err != nil {
		return CommsView{}, err
	}
	text, err := Disclosure(pub)
	if err != nil {
		return CommsView{}, err
	}
	v := CommsView{Incident: inc.ID, Updates: st.Updates, Published: st.Published, Disclosure: text}
	if v.Published == nil {
		v.Published = []PublishedUpdate{}
	}
	if !st.LastUpdateAt.IsZero() {
		t := st.LastUpdateAt.UTC()
		v.LastUpdateAt = &t
	}
	return v, nil
}

// PostMortemOf returns incident id's post-mortem fields.
func PostMortemOf(ctx context.Context, r store.Reader, id string) (PostMortem, error) {
	inc, err := r.Incident(ctx, id)
	if err != nil {
		return PostMortem{}, fmt.Errorf("incident %s: %w", id, err)
	}
	return ReadPostMortem(inc)
}
