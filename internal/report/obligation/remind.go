package obligation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// System is the actor of reminders.
const System = "breakglass"

// Reminders sends the reminders of the incidents' obligations: for every
// report not yet submitted, once at each of the obligation's reminder
// offsets before its deadline, once when it becomes overdue, and once at
// once for a report due "as soon as possible". Each reminder is sent exactly
// once: the keys of those sent are kept with the incident's facts, written
// in the same transaction as the reminder's timeline event and its outbox
// deliveries.
type Reminders struct {
	plan *plan.Plan
	rec  Recorder
	tmpl *notify.Templates
	now  func() time.Time
	log  *slog.Logger
}

// NewReminders returns the reminder sender of plan p. now is the clock (nil:
// time.Now); log may be nil.
func NewReminders(p *plan.Plan, rec Recorder, tmpl *notify.Templates, now func() time.Time, log *slog.Logger) *Reminders {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Reminders{plan: p, rec: rec, tmpl: tmpl, now: now, log: log}
}

// Tick sends the reminders due now and returns how many it sent. The
// daemon calls it on a timer; several daemons may call it at once (a lost
// race on an incident is retried at the next tick).
func (r *Reminders) Tick(ctx context.Context, s store.Store) (int, error) {
	if len(r.plan.Obligations) == 0 {
		return 0, nil
	}
	incs, err := s.Incidents(ctx, store.IncidentFilter{})
	if err != nil {
		return 0, fmt.Errorf("obligation reminders: list incidents: %w", err)
	}
	sent := 0
	for _, inc := range incs {
		err := s.Tx(ctx, func(tx store.Tx) error {
			n, err := r.remind(ctx, tx, inc.ID)
			sent += n
			return err
		})
		switch {
		case errors.Is(err, store.ErrConflict):
			r.log.Debug("obligation reminders: incident changed meanwhile; next tick", "incident", inc.ID)
		case err != nil:
			return sent, fmt.Errorf("obligation reminders for %s: %w", inc.ID, err)
		}
	}
	return sent, nil
}

type reminder struct {
	obl    plan.Obligation
	st     Status
	report ReportStatus
	keys   []string
}

func (r *Reminders) remind(ctx context.Context, tx store.Tx, id string) (int, error) {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return 0, err
	}
	f, err := ReadFacts(inc)
	if err != nil {
		return 0, err
	}
	now := r.now().UTC()
	var due []reminder
	for _, o := range r.plan.Obligations {
		st, err := evaluate(o, inc, f, now)
		if err != nil {
			return 0, err
		}
		if st.State == NotTriggered {
			continue
		}
		for _, rs := range st.Reports {
			if keys := dueKeys(o, st, rs, f.Reminded, now); len(keys) > 0 {
				due = append(due, reminder{obl: o, st: st, report: rs, keys: keys})
			}
		}
	}
	if len(due) == 0 {
		return 0, nil
	}
	for _, d := range due {
		f.Reminded = append(f.Reminded, d.keys...)
	}
	if err := WriteFacts(&inc, f); err != nil {
		return 0, err
	}
	if inc, err = tx.UpdateIncident(ctx, inc); err != nil {
		return 0, err
	}
	for _, d := range due {
		if err := r.send(ctx, tx, inc, d, now); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

// dueKeys returns the keys of the reminders of one report that are due and
// not sent yet.
func dueKeys(o plan.Obligation, st Status, rs ReportStatus, sent []string, now time.Time) []string {
	if rs.Submitted != nil || rs.Provisional {
		return nil
	}
	base := st.Obligation + "/" + rs.Stage + "/"
	var keys []string
	add := func(k string) {
		if !slices.Contains(sent, base+k) {
			keys = append(keys, base+k)
		}
	}
	switch {
	case rs.Due != nil:
		for _, off := range remindOffsets(o) {
			if !now.Before(rs.Due.Add(-off)) {
				add("before-" + plan.Duration(off).String())
			}
		}
		if now.After(*rs.Due) {
			add("overdue")
		}
	case rs.ASAP && st.State != Undetermined:
		add("asap")
	}
	return keys
}

func (r *Reminders) send(ctx context.Context, tx store.Tx, inc store.Incident, d reminder, now time.Time) error {
	text := reminderText(r.plan, inc, d, now)
	data := map[string]any{"obligation": d.st.Obligation, "rule": d.st.Rule, "stage": d.report.Stage, "due": d.report.Due, "state": d.report.State, "reminders": d.keys}
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	te, err := r.rec.Record(ctx, tx, inc.ID, System, "obligation.reminder", text, raw, "", nil)
	if err != nil {
		return err
	}
	fields := []notify.Field{{Name: "Obligation", Value: d.st.Title}, {Name: "Report", Value: d.report.Title}, {Name: "Authority", Value: d.st.Authority}}
	if d.report.Due != nil {
		fields = append(fields, notify.Field{Name: "Due", Value: d.report.Due.Format(time.RFC3339) + " (" + d.report.DueLocal + ")"})
	}
	key := fmt.Sprintf("%s/%d", inc.ID, te.ID)
	for _, ch := range r.channels(d.obl) {
		aud := notify.Audience(ch.Audience)
		if aud == "" {
			aud = notify.Internal
		}
		msg, err := r.tmpl.Render(key, notify.ObligationReminder, aud, notify.Data{
			Event: notify.ObligationReminder, Incident: r.rec.View(inc), Actor: System, Text: text, Details: fields, Time: now,
		})
		if err != nil {
			return err
		}
		if _, err := notify.Enqueue(ctx, tx, inc.ID, ch.Name, msg); err != nil {
			return err
		}
	}
	return nil
}

// channels returns where an obligation's reminders go: the internal
// channels it names, else every internal channel of the plan. A reminder
// names people and deadlines: it never goes to an external audience.
func (r *Reminders) channels(o plan.Obligation) []plan.Channel {
	var out []plan.Channel
	for _, c := range r.plan.Channels {
		if c.Audience == plan.AudienceExternal {
			continue
		}
		if len(o.Notify) > 0 && slices.Contains(o.Notify, c.Name) {
			out = append(out, c)
		} else if len(o.Notify) == 0 && c.Audience != plan.AudienceExternal {
			out = append(out, c)
		}
	}
	return out
}

func reminderText(p *plan.Plan, inc store.Incident, d reminder, now time.Time) string {
	var b strings.Builder
	if lead := legalLead(p, inc); lead != "" {
		fmt.Fprintf(&b, "%s (legal lead): ", lead)
	}
	fmt.Fprintf(&b, "%s — %s to %s", d.st.Title, d.report.Title, d.st.Authority)
	switch {
	case d.report.Due == nil:
		b.WriteString(" is due as soon as possible.")
	case now.After(*d.report.Due):
		fmt.Fprintf(&b, " is OVERDUE by %s (was due %s).", roundDur(now.Sub(*d.report.Due)), d.report.DueLocal)
	default:
		fmt.Fprintf(&b, " is due in %s, by %s.", roundDur(d.report.Due.Sub(now)), d.report.DueLocal)
	}
	if d.st.State == Undetermined {
		fmt.Fprintf(&b, " Not determined yet: %s; the deadline is what applies if it is met.", d.st.Reason)
	}
	fmt.Fprintf(&b, " Draft: breakglass obligations %s --draft %s. A draft for the legal lead, not legal advice.", inc.ID, d.st.Obligation)
	return b.String()
}

// legalLead is the incident's legal lead, else the plan's.
func legalLead(p *plan.Plan, inc store.Incident) string {
	if l := inc.Roles[plan.RoleLegalLead]; l != "" {
		return l
	}
	if r, ok := p.Roles[plan.RoleLegalLead]; ok {
		return r.Primary
	}
	return ""
}

func roundDur(d time.Duration) string {
	if d >= time.Hour {
		d = d.Round(time.Minute)
	} else {
		d = d.Round(time.Second)
	}
	return d.String()
}
