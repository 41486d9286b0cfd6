package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"text/template"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report/internal/details"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// CommsKey is the key of the incident details holding the state of
// external communication.
const CommsKey = "comms"

// StatusUpdateKind is the timeline kind of a sent external status update.
const StatusUpdateKind = "status_update"

// CommsState is what the incident's details keep of its external updates.
type CommsState struct {
	// LastUpdateAt is when the last external status update was sent.
	LastUpdateAt time.Time `json:"last_update_at,omitzero"`
	// Updates counts them.
	Updates int `json:"updates,omitempty"`
	// Published are the texts sent, oldest first (they are public).
	Published []PublishedUpdate `json:"published,omitempty"`
	// RemindedFor and RemindedSlot say which due slot after which update was
	// already reminded: the reminder for slot n is sent when n cadences
	// have passed since RemindedFor without an update.
	RemindedFor  time.Time `json:"reminded_for,omitzero"`
	RemindedSlot int       `json:"reminded_slot,omitempty"`
}

// PublishedUpdate is one external status update as sent.
type PublishedUpdate struct {
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// ReadComms returns an incident's communication state.
func ReadComms(inc store.Incident) (CommsState, error) {
	var c CommsState
	_, err := details.Get(inc, CommsKey, &c)
	return c, err
}

// Comms sends external status updates and reminds the communications lead
// when one is due on the severity's cadence (update_every).
type Comms struct {
	plan *plan.Plan
	rec  obligation.Recorder
	now  func() time.Time
	log  *slog.Logger
}

// NewComms returns the communication of plan p; rec records and routes
// (an *incident.Manager: it sends status updates to the external channels
// rendered for the public, and reminders to the internal ones). now is the
// clock (nil: time.Now); log may be nil.
func NewComms(p *plan.Plan, rec obligation.Recorder, now func() time.Time, log *slog.Logger) *Comms {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Comms{plan: p, rec: rec, now: now, log: log}
}

// MaySend says whether person may send an incident's external updates:
// its communications lead or incident commander, or someone the plan lists
// for either role (incident.OpSendUpdate). A refusal wraps
// incident.ErrForbidden.
func (c *Comms) MaySend(inc store.Incident, person string) error {
	return c.rec.Authorize(inc, person, incident.OpSendUpdate)
}

// SendUpdate sends an external status update about incident id: text goes
// on the timeline and to every channel (external channels receive only the
// public rendering), in tx.
func (c *Comms) SendUpdate(ctx context.Context, tx store.Tx, id, actor, text string) (store.TimelineEvent, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return store.TimelineEvent{}, fmt.Errorf("%w: empty status update", incident.ErrInvalid)
	}
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return store.TimelineEvent{}, fmt.Errorf("incident %s: %w", id, err)
	}
	if err := c.MaySend(inc, actor); err != nil {
		return store.TimelineEvent{}, err
	}
	now := c.now().UTC().Truncate(time.Microsecond)
	st, err := ReadComms(inc)
	if err != nil {
		return store.TimelineEvent{}, err
	}
	st.LastUpdateAt = now
	st.Updates++
	st.Published = append(st.Published, PublishedUpdate{At: now, Text: text})
	if err := details.Set(&inc, CommsKey, st); err != nil {
		return store.TimelineEvent{}, err
	}
	if _, err := tx.UpdateIncident(ctx, inc); err != nil {
		return store.TimelineEvent{}, fmt.Errorf("incident %s: %w", id, err)
	}
	data, _ := json.Marshal(map[string]any{"audience": "external", "update": st.Updates})
	return c.rec.Record(ctx, tx, id, actor, StatusUpdateKind, text, data, notify.StatusUpdate, nil)
}

// Tick reminds the communications lead of every open incident whose
// severity has a cadence and whose last external update (or opening) is
// one cadence or more ago; once per cadence that passes without an update.
// It returns how many reminders it sent. The daemon calls it on a timer.
func (c *Comms) Tick(ctx context.Context, s store.Store) (int, error) {
	incs, err := s.Incidents(ctx, store.IncidentFilter{OpenOnly: true})
	if err != nil {
		return 0, fmt.Errorf("status update reminders: list incidents: %w", err)
	}
	sent := 0
	for _, inc := range incs {
		sev := c.plan.Severity(inc.Severity)
		if sev == nil || sev.UpdateEvery == 0 || inc.Status == incident.Resolved || inc.Status == incident.Closed {
			continue
		}
		err := s.Tx(ctx, func(tx store.Tx) error {
			ok, err := c.remind(ctx, tx, inc.ID, time.Duration(sev.UpdateEvery))
			if ok {
				sent++
			}
			return err
		})
		switch {
		case errors.Is(err, store.ErrConflict):
			c.log.Debug("status update reminders: incident changed meanwhile; next tick", "incident", inc.ID)
		case err != nil:
			return sent, fmt.Errorf("status update reminder for %s: %w", inc.ID, err)
		}
	}
	return sent, nil
}

func (c *Comms) remind(ctx context.Context, tx store.Tx, id string, every time.Duration) (bool, error) {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return false, err
	}
	st, err := ReadComms(inc)
	if err != nil {
		return false, err
	}
	base := st.LastUpdateAt
	if base.IsZero() {
		base = inc.OpenedAt.UTC()
	}
	now := c.now().UTC()
	slot := int(now.Sub(base) / every)
	if slot < 1 || (st.RemindedFor.Equal(base) && st.RemindedSlot >= slot) {
		return false, nil
	}
	st.RemindedFor, st.RemindedSlot = base, slot
	if err := details.Set(&inc, CommsKey, st); err != nil {
		return false, err
	}
	if _, err := tx.UpdateIncident(ctx, inc); err != nil {
		return false, err
	}
	lead := inc.Roles[plan.RoleCommunicationsLead]
	if lead == "" {
		if r, ok := c.plan.Roles[plan.RoleCommunicationsLead]; ok {
			lead = r.Primary
		}
	}
	since := "the incident opened"
	if !st.LastUpdateAt.IsZero() {
		since = "the last external update"
	}
	text := fmt.Sprintf("An external status update is due: %s since %s (%s, cadence %s). Send one with: breakglass update %s TEXT",
		now.Sub(base).Round(time.Minute), since, base.Format(time.RFC3339), plan.Duration(every), inc.ID)
	if lead != "" {
		text = lead + " (communications lead): " + text
	}
	data, _ := json.Marshal(map[string]any{"due_since": base.Add(every), "slot": slot})
	_, err = c.rec.Record(ctx, tx, id, incident.System, "status_update.due", text, data, notify.StatusUpdateDue, nil)
	return err == nil, err
}

// Public is everything the public disclosure may say about an incident. It
// is built from the record by PublicOf, field by field, so that nothing
// internal (notes, people, signers, addresses of responders, unconfirmed
// figures, action items) can reach it.
type Public struct {
	Team     string
	Title    string
	Contract string
	Network  string
	Status   incident.Status
	OpenedAt time.Time
	// ContainedAt and ResolvedAt are when those states were first reached.
	ContainedAt time.Time
	ResolvedAt  time.Time
	// Summary is the post-mortem's public summary.
	Summary string
	// Loss lines and users affected, only when the loss is confirmed.
	Loss          []string
	LossUSD       string
	UsersAffected string
	// Updates are the external status updates already published.
	Updates []PublishedUpdate
}

// PublicOf extracts what the public may know of an incident: the contract's
// name in the plan (p may be nil) rather than anything internal.
func PublicOf(inc store.Incident, p *plan.Plan) (Public, error) {
	d, err := incident.ReadDetails(inc)
	if err != nil {
		return Public{}, err
	}
	pm, err := ReadPostMortem(inc)
	if err != nil {
		return Public{}, err
	}
	st, err := ReadComms(inc)
	if err != nil {
		return Public{}, err
	}
	pub := Public{
		Title: inc.Title, Contract: inc.Contract, Network: inc.Network, Status: inc.Status,
		OpenedAt: inc.OpenedAt.UTC(), ContainedAt: d.StatusAt[incident.Contained], ResolvedAt: d.StatusAt[incident.Resolved],
		Summary: pm.PublicSummary, Updates: st.Published,
	}
	if p != nil {
		pub.Team = p.Name
		for _, c := range p.Contracts {
			if c.Network == inc.Network && strings.EqualFold(c.Address.Hex(), inc.Contract) {
				pub.Contract = c.Name
			}
		}
	}
	if pm.Impact.LossConfirmed {
		for _, a := range pm.Impact.Lost {
			pub.Loss = append(pub.Loss, FormatAmount(a))
		}
		pub.LossUSD = pm.Impact.LostUSD
		if pm.Impact.UsersAffected != nil {
			pub.UsersAffected = fmt.Sprint(*pm.Impact.UsersAffected)
		}
	}
	return pub, nil
}

var disclosureTmpl = template.Must(template.New("disclosure").Funcs(template.FuncMap{
	"utc": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
}).Parse(`> DRAFT public disclosure — review with the communications and legal leads before publishing.

# {{if .Team}}{{.Team}}: {{end}}incident affecting {{.Contract}} on {{.Network}}

**What happened.** {{if .Summary}}{{.Summary}}{{else}}On {{utc .OpenedAt}} we detected an incident affecting {{.Contract}} on {{.Network}}.{{end}}

**Timeline (UTC).**
- {{utc .OpenedAt}}: incident detected; the response team was engaged.
{{- if not .ContainedAt.IsZero}}
- {{utc .ContainedAt}}: the affected contract was paused and the incident contained.
{{- end}}
{{- if not .ResolvedAt.IsZero}}
- {{utc .ResolvedAt}}: the incident was resolved.
{{- end}}

**Impact.** {{if .Loss}}Confirmed loss: {{range $i, $l := .Loss}}{{if $i}}; {{end}}{{$l}}{{end}}{{if .LossUSD}} (about {{.LossUSD}} USD){{end}}.{{if .UsersAffected}} {{.UsersAffected}} users were affected.{{end}}{{else}}We are still confirming the impact and will share figures once verified.{{end}}

**Current status.** The incident is {{.Status}}.
{{- if .Updates}}

**Updates published.**
{{- range .Updates}}
- {{utc .At}}: {{.Text}}
{{- end}}
{{- end}}

**What happens next.** We will publish a full post-mortem and the steps we are taking so that this cannot happen again.
`))

// Disclosure renders the public disclosure draft, in Markdown, from what
// the public may know.
func Disclosure(p Public) (string, error) {
	var b bytes.Buffer
	if err := disclosureTmpl.Execute(&b, p); err != nil {
		return "", fmt.Errorf("render disclosure: %w", err)
	}
	return b.String(), nil
}
