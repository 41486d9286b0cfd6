package incident

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Defaults of the plan's incidents section.
const (
	DefaultGroupWindow    = time.Hour
	DefaultRepeatInterval = 4 * time.Hour
	DefaultEscalationMax  = 3
	// DefaultMaxAge is how long after it opened an incident still takes
	// new alerts: a later alert opens a new incident, which pages, so that
	// an incident kept alive by a stream of alerts (a noisy detector) does
	// not swallow an attack hours later.
	DefaultMaxAge = 4 * time.Hour
)

// System is the actor of changes breakglass makes by itself.
const System = "breakglass"

// Options are a Manager's optional dependencies.
type Options struct {
	// Now is the clock; nil means time.Now. Tests inject one.
	Now func() time.Time
	// Log receives the manager's logs; nil discards them.
	Log *slog.Logger
	// URL returns the war-room link of an incident, for messages.
	URL func(id string) string
	// CanClose is asked before an incident closes (the post-mortem
	// requirement lives in the report package: report.CanClose). When it
	// is nil, an incident whose severity needs a post-mortem (critical,
	// high, or requires_postmortem) is refused: a manager that cannot check
	// the requirement never waives it.
	CanClose func(inc store.Incident, sev plan.Severity) error
}

// Manager applies the plan to alerts and to people's changes. Every method
// that changes something takes the store transaction to work in, so the
// change, its timeline events, its audit entries and its notifications are
// written together or not at all.
type Manager struct {
	plan    *plan.Plan
	tmpl    *notify.Templates
	opts    Options
	sevRank map[string]int
	sevs    map[string]plan.Severity
	people  map[string]plan.Person
	dets    map[string]plan.Detector
	policy  *Policy
}

// New returns a manager for plan p, rendering messages with t.
func New(p *plan.Plan, t *notify.Templates, o Options) *Manager {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	m := &Manager{plan: p, tmpl: t, opts: o, sevRank: map[string]int{}, sevs: map[string]plan.Severity{}, people: map[string]plan.Person{}, dets: map[string]plan.Detector{}, policy: NewPolicy(p)}
	for i, s := range p.Severities {
		m.sevRank[s.Name] = i
		m.sevs[s.Name] = s
	}
	for _, pe := range p.People {
		m.people[pe.Name] = pe
	}
	for _, d := range p.Detectors {
		m.dets[d.Name] = d
	}
	return m
}

func (m *Manager) now() time.Time { return m.opts.Now().UTC() }

// Outcome says what Ingest did with one alert.
type Outcome struct {
	AlertID    int64
	IncidentID string
	// Opened is true when the alert opened the incident.
	Opened bool
	// Inhibited is true when an open, more severe incident on the same
	// contract held the alert back.
	Inhibited bool
	// Silenced is the silence that suppressed the alert (0 if none); the
	// alert is stored but opens nothing.
	Silenced int64
	// Detector is the alert's detector: the responder proposes its
	// response (whichever alert opened the incident).
	Detector string
	// Tx is the alert's transaction ("" for a block-level alert: a
	// balance or an invariant read): a transaction acting on a contract
	// whose pause is done shows the pause no longer holds.
	Tx string
	// Severity is the incident's severity after the alert was taken in,
	// and Raised is true when this alert raised it (from From): the
	// responses of the incident then run under the new severity's policy.
	Severity string
	Raised   bool
	From     string
	// Restored is true when the alert came back on the canonical chain
	// after a reorg had retracted every alert of its incident.
	Restored bool
	// Retracted is true (with no alert) when a reorg retracted the last
	// alert of the incident on the canonical chain (see Retract).
	Retracted bool
}

// GroupKey returns the key alerts are grouped by: the network and the
// plan's group_by fields (plan.DefaultGroupBy, contract and incident type,
// when the plan names none).
func (m *Manager) GroupKey(a store.Alert) string {
	by := m.plan.Incidents.GroupBy
	if len(by) == 0 {
		by = plan.DefaultGroupBy
	}
	parts := []string{"network=" + a.Network}
	for _, f := range by {
		name := f
		switch f {
		case "network":
			continue // the key's first part
		case "type":
			name = "incident_type" // group_by's short form
		}
		parts = append(parts, f+"="+alertField(a, name))
	}
	return strings.Join(parts, ",")
}

// alertField returns the field of a that group_by and silence matchers
// name: detector, contract (in lower case), severity, incident_type,
// network or tx; "" for another name.
func alertField(a store.Alert, name string) string {
	switch name {
	case "detector":
		return a.Detector
	case "contract":
		return strings.ToLower(a.Contract)
	case "severity":
		return a.Severity
	case "incident_type":
		return a.IncidentType
	case "network":
		return a.Network
	case "tx":
		return a.TxHash
	}
	return ""
}

// Ingest groups stored alerts into incidents inside tx: each alert joins
// the open incident of its group that saw an alert within the group window,
// is held back by an open more severe incident on the same contract, or
// opens a new incident with the plan's primaries in every role.
func (m *Manager) Ingest(ctx context.Context, tx store.Tx, alerts []store.Alert) ([]Outcome, error) {
	var out []Outcome
	for _, a := range alerts {
		if a.Retracted() {
			continue
		}
		if a.IncidentID != "" {
			o, ok, err := m.restore(ctx, tx, a)
			if err != nil {
				return nil, fmt.Errorf("alert %d (%s): %w", a.ID, a.Detector, err)
			}
			if ok {
				out = append(out, o)
			}
			continue
		}
		o, err := m.ingest(ctx, tx, a)
		if err != nil {
			return nil, fmt.Errorf("alert %d (%s): %w", a.ID, a.Detector, err)
		}
		out = append(out, o)
	}
	return out, nil
}

func (m *Manager) ingest(ctx context.Context, tx store.Tx, a store.Alert) (Outcome, error) {
	now := m.now()
	key := m.GroupKey(a)
	// The silences in force and the incidents the alert could join or be
	// held back by, in one round trip; the second read is wasted only on
	// a silenced alert.
	ss, both, err := tx.SilencesAndIncidents(ctx, now, m.candidatesFilter(a, key))
	if err != nil {
		return Outcome{}, err
	}
	if s := silencing(ss, a); s != nil {
		payload := fmt.Appendf(nil, `{"alert":%d,"detector":%q,"silence":%d}`, a.ID, a.Detector, s.ID)
		if _, err := tx.AppendAudit(ctx, audit.Record{Actor: System, Action: "alert.silenced", Subject: fmt.Sprintf("silence:%d", s.ID), Payload: payload}); err != nil {
			return Outcome{}, err
		}
		return Outcome{AlertID: a.ID, Silenced: s.ID}, nil
	}
	open, onContract := m.candidates(a, key, both)
	if inh, err := m.inhibitor(a, onContract); err != nil {
		return Outcome{}, err
	} else if inh != nil {
		return m.inhibit(ctx, tx, *inh, a, now)
	}
	window := time.Duration(m.plan.Incidents.GroupWindow)
	if window == 0 {
		window = DefaultGroupWindow
	}
	var passed []string
	for _, inc := range open {
		if rank(inc.Status) >= rank(Resolved) {
			continue
		}
		d, err := ReadDetails(inc)
		if err != nil {
			return Outcome{}, err
		}
		if now.Sub(d.LastAlertAt) > window {
			continue
		}
		if why := m.closedToAlerts(inc, d, now); why != "" {
			passed = append(passed, fmt.Sprintf("%s %s", inc.ID, why))
			continue
		}
		return m.join(ctx, tx, inc, d, a, now)
	}
	return m.open(ctx, tx, a, key, now, passed)
}

// closedToAlerts says why an open incident takes no new alert ("" when it
// does): a person dismissed it as a false positive, or it opened more than
// the plan's max_age ago. Whoever dismisses a false incident must not
// dismiss an attack that joined it.
func (m *Manager) closedToAlerts(inc store.Incident, d Details, now time.Time) string {
	if d.Dismissed != nil {
		return fmt.Sprintf("was dismissed as a false positive by %s", d.Dismissed.By)
	}
	maxAge := time.Duration(m.plan.Incidents.MaxAge)
	if maxAge == 0 {
		maxAge = DefaultMaxAge
	}
	if age := now.Sub(inc.OpenedAt); age > maxAge {
		return fmt.Sprintf("opened %s ago, more than max_age %s", age.Round(time.Second), maxAge)
	}
	return ""
}

// groupsByType reports whether the plan's grouping keeps incident types
// apart (the default): then an alert is never held back by an incident of
// another type.
func (m *Manager) groupsByType() bool {
	by := m.plan.Incidents.GroupBy
	if len(by) == 0 {
		by = plan.DefaultGroupBy
	}
	return slices.Contains(by, "incident_type") || slices.Contains(by, "type")
}

// candidatesFilter selects, in one query, the open incidents of the
// alert's group (key) and, when its severity could be held back (see
// inhibitor), the open incidents on its contract.
func (m *Manager) candidatesFilter(a store.Alert, key string) store.IncidentFilter {
	group := store.IncidentFilter{GroupKey: key}
	if !m.inhibitable(a) {
		return store.IncidentFilter{GroupKey: key, OpenOnly: true}
	}
	contract := store.IncidentFilter{Network: a.Network, Contract: a.Contract}
	return store.IncidentFilter{OpenOnly: true, AnyOf: []store.IncidentFilter{group, contract}}
}

// candidates splits the incidents candidatesFilter read (both) into the
// open incidents of the alert's group (open) and, when its severity could
// be held back, the open incidents on its contract (onContract), each
// newest first.
func (m *Manager) candidates(a store.Alert, key string, both []store.Incident) (open, onContract []store.Incident) {
	if !m.inhibitable(a) {
		return both, nil
	}
	lc := strings.ToLower(a.Contract) // as the store keeps and filters it
	for _, inc := range both {
		if inc.GroupKey == key {
			open = append(open, inc)
		}
		if inc.Network == a.Network && inc.Contract == lc {
			onContract = append(onContract, inc)
		}
	}
	return open, onContract
}

// inhibitable reports whether an alert may be held back by a more severe
// incident: it has a ranked severity above the lowest and a contract.
func (m *Manager) inhibitable(a store.Alert) bool {
	ar, ok := m.sevRank[a.Severity]
	return ok && ar > 0 && a.Contract != ""
}

// inhibitor returns, of open (the open incidents on the alert's
// contract), one whose severity is higher than the alert's, if any: of the
// alert's incident type when the plan groups by type, neither dismissed
// nor past its max age.
func (m *Manager) inhibitor(a store.Alert, open []store.Incident) (*store.Incident, error) {
	if !m.inhibitable(a) {
		return nil, nil
	}
	ar := m.sevRank[a.Severity]
	byType := m.groupsByType()
	now := m.now()
	for _, inc := range open {
		if byType && inc.Type != a.IncidentType {
			continue
		}
		if r, ok := m.sevRank[inc.Severity]; ok && r < ar && rank(inc.Status) < rank(Resolved) {
			d, err := ReadDetails(inc)
			if err != nil {
				return nil, err
			}
			if m.closedToAlerts(inc, d, now) != "" {
				continue
			}
			return &inc, nil
		}
	}
	return nil, nil
}

func (m *Manager) inhibit(ctx context.Context, tx store.Tx, inc store.Incident, d0 store.Alert, now time.Time) (Outcome, error) {
	if err := tx.SetAlertIncident(ctx, d0.ID, inc.ID); err != nil {
		return Outcome{}, err
	}
	d, err := ReadDetails(inc)
	if err != nil {
		return Outcome{}, err
	}
	d.Inhibited++
	d.addAlert(d0.Detector, d0.IncidentType)
	inc.AlertCount++ // linked to it: counted like any alert of the incident
	if err := WriteDetails(&inc, d); err != nil {
		return Outcome{}, err
	}
	if _, err := tx.UpdateIncident(ctx, inc); err != nil {
		return Outcome{}, err
	}
	msg := fmt.Sprintf("%s alert %q held back by this %s incident: %s", d0.Severity, d0.Detector, inc.Severity, d0.Summary)
	if _, err := m.event(ctx, tx, inc.ID, System, "alert.inhibited", msg, alertData(d0)); err != nil {
		return Outcome{}, err
	}
	return Outcome{AlertID: d0.ID, IncidentID: inc.ID, Inhibited: true, Detector: d0.Detector, Severity: inc.Severity}, nil
}

func (m *Manager) join(ctx context.Context, tx store.Tx, inc store.Incident, d Details, a store.Alert, now time.Time) (Outcome, error) {
	if err := tx.SetAlertIncident(ctx, a.ID, inc.ID); err != nil {
		return Outcome{}, err
	}
	inc.AlertCount++
	d.LastAlertAt = now
	d.addAlert(a.Detector, a.IncidentType)
	from := inc.Severity
	raised := m.moreSevere(a.Severity, inc.Severity)
	if raised {
		inc.Severity = a.Severity
	}
	repeat := time.Duration(m.plan.Incidents.RepeatInterval)
	if repeat == 0 {
		repeat = DefaultRepeatInterval
	}
	last := d.LastNotifiedAt
	if last.IsZero() {
		last = inc.OpenedAt
	}
	again := now.Sub(last) >= repeat && !raised
	if again || raised {
		d.LastNotifiedAt = now
	}
	if err := WriteDetails(&inc, d); err != nil {
		return Outcome{}, err
	}
	inc, err := tx.UpdateIncident(ctx, inc)
	if err != nil {
		return Outcome{}, err
	}
	ev, err := m.event(ctx, tx, inc.ID, System, "alert", fmt.Sprintf("alert %d joined (%d in all): %s", a.ID, inc.AlertCount, a.Summary), alertData(a))
	if err != nil {
		return Outcome{}, err
	}
	if again {
		text := fmt.Sprintf("%d alerts so far; latest at block %d: %s", inc.AlertCount, a.BlockNumber, a.Summary)
		if err := m.notify(ctx, tx, inc, ev, notify.IncidentRepeat, System, text, nil); err != nil {
			return Outcome{}, err
		}
	}
	if raised {
		// The incident is as severe as its most severe alert: say so, and
		// page whom the new severity pages.
		text := fmt.Sprintf("severity %s → %s: %s alert %d of detector %q joined: %s", from, inc.Severity, a.Severity, a.ID, a.Detector, a.Summary)
		te, err := m.event(ctx, tx, inc.ID, System, "severity", text, jsonObj("from", from, "to", inc.Severity, "reason", "alert joined", "alert", fmt.Sprint(a.ID), "detector", a.Detector))
		if err != nil {
			return Outcome{}, err
		}
		if err := m.notify(ctx, tx, inc, te, notify.IncidentSeverity, System, text, pagingField(m.paged(inc.Severity, 0))); err != nil {
			return Outcome{}, err
		}
		m.opts.Log.Info("incident severity raised by a joining alert", "incident", inc.ID, "from", from, "to", inc.Severity, "detector", a.Detector)
	}
	return Outcome{AlertID: a.ID, IncidentID: inc.ID, Detector: a.Detector, Tx: a.TxHash, Severity: inc.Severity, Raised: raised, From: from}, nil
}

// moreSevere reports whether severity a ranks above severity b in the
// plan (the plan lists severities from the most severe down).
func (m *Manager) moreSevere(a, b string) bool {
	ra, ok := m.sevRank[a]
	if !ok {
		return false
	}
	rb, ok := m.sevRank[b]
	return !ok || ra < rb
}

// open opens a new incident with alert a; passed lists the open incidents
// of its group it did not join, and why (timeline events say so).
func (m *Manager) open(ctx context.Context, tx store.Tx, a store.Alert, key string, now time.Time, passed []string) (Outcome, error) {
	roles := map[string]string{}
	for name, r := range m.plan.Roles {
		roles[name] = r.Primary
	}
	inc := store.Incident{
		Title:      a.Summary,
		Type:       a.IncidentType,
		Severity:   a.Severity,
		Status:     Detected,
		Network:    a.Network,
		Contract:   a.Contract,
		Roles:      roles,
		PlanHash:   m.plan.Hash,
		GroupKey:   key,
		AlertCount: 1,
		OpenedAt:   now,
	}
	d := Details{
		FirstBlock: a.BlockNumber, FirstTx: a.TxHash, FirstBlockTime: a.BlockTime, FirstAlertAt: now, LastAlertAt: now, LastNotifiedAt: now,
		Detector: a.Detector, Response: m.dets[a.Detector].Response,
		StatusAt: map[Status]time.Time{Detected: now},
	}
	d.addAlert(a.Detector, a.IncidentType)
	if err := WriteDetails(&inc, d); err != nil {
		return Outcome{}, err
	}
	inc, err := tx.CreateIncident(ctx, inc)
	if err != nil {
		return Outcome{}, err
	}
	if err := tx.SetAlertIncident(ctx, a.ID, inc.ID); err != nil {
		return Outcome{}, err
	}
	// The opening's events go to the store together: one round trip for
	// the rows and one for their audit entries.
	evs := []store.TimelineEvent{m.newEvent(inc.ID, System, "opened", fmt.Sprintf("opened by detector %q at block %d: %s", a.Detector, a.BlockNumber, a.Summary), alertData(a))}
	for _, why := range passed {
		evs = append(evs, m.newEvent(inc.ID, System, "not.joined", "the alert opened a new incident instead of joining incident "+why, jsonObj("reason", why)))
	}
	for _, name := range sortedKeys(roles) {
		evs = append(evs, m.newEvent(inc.ID, System, "role", fmt.Sprintf("%s assigned as %s", roles[name], name), jsonObj("role", name, "person", roles[name])))
	}
	evs, err = tx.AppendTimelines(ctx, evs)
	if err != nil {
		return Outcome{}, fmt.Errorf("append timeline: %w", err)
	}
	paged := m.paged(inc.Severity, 0)
	if err := m.notify(ctx, tx, inc, evs[0], notify.IncidentOpened, System, "", pagingField(paged)); err != nil {
		return Outcome{}, err
	}
	m.opts.Log.Info("incident opened", "incident", inc.ID, "severity", inc.Severity, "detector", a.Detector, "block", a.BlockNumber)
	return Outcome{AlertID: a.ID, IncidentID: inc.ID, Opened: true, Detector: a.Detector, Tx: a.TxHash, Severity: inc.Severity}, nil
}

// Retract records on their incidents that alerts were dropped by a reorg.
// The alerts stay linked and visible. An incident whose every alert is now
// retracted says so (Details.AllRetractedAt, a "retracted" timeline event)
// and the channels that paged people about it are told; it stays open for
// people to judge. Retract returns an Outcome with Retracted set for each
// such incident: the responder cancels its containment not yet sent.
func (m *Manager) Retract(ctx context.Context, tx store.Tx, alerts []store.Alert) ([]Outcome, error) {
	var touched []string
	for _, a := range alerts {
		if a.IncidentID == "" {
			continue
		}
		inc, d, err := load(ctx, tx, a.IncidentID)
		if err != nil {
			return nil, err
		}
		d.Retracted++
		if err := WriteDetails(&inc, d); err != nil {
			return nil, err
		}
		if _, err := tx.UpdateIncident(ctx, inc); err != nil {
			return nil, err
		}
		msg := fmt.Sprintf("alert %d retracted: block %d (%s) left the canonical chain", a.ID, a.BlockNumber, short(a.BlockHash))
		if _, err := m.event(ctx, tx, inc.ID, System, "alert.retracted", msg, alertData(a)); err != nil {
			return nil, err
		}
		if !slices.Contains(touched, inc.ID) {
			touched = append(touched, inc.ID)
		}
	}
	var gone []Outcome
	for _, id := range touched {
		ok, err := m.allRetracted(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if ok {
			gone = append(gone, Outcome{IncidentID: id, Retracted: true})
		}
	}
	return gone, nil
}

// allRetracted marks incident id as unsupported if none of its alerts is
// left on the canonical chain, and tells whom it paged.
func (m *Manager) allRetracted(ctx context.Context, tx store.Tx, id string) (bool, error) {
	as, err := tx.Alerts(ctx, store.AlertFilter{IncidentID: id, WithRetracted: true})
	if err != nil {
		return false, fmt.Errorf("incident %s alerts: %w", id, err)
	}
	for _, a := range as {
		if !a.Retracted() {
			return false, nil
		}
	}
	inc, d, err := load(ctx, tx, id)
	if err != nil {
		return false, err
	}
	if !inc.Open() || rank(inc.Status) >= rank(Resolved) || !d.AllRetractedAt.IsZero() {
		return false, nil
	}
	d.AllRetractedAt = m.now()
	text := fmt.Sprintf("every alert of this incident (%d) was retracted by a chain reorganisation: the blocks that raised them are no longer canonical. Containment not yet sent is cancelled. If the attack transactions do not come back, resolve the incident.", len(as))
	if _, err := m.saveWith(ctx, tx, inc, d, System, "retracted", text, notify.IncidentRetracted, text, jsonObj("alerts", fmt.Sprint(len(as))), pagingField(m.pagedSoFar(inc.Severity, d.EscalationStep))); err != nil {
		return false, err
	}
	m.opts.Log.Warn("every alert of the incident was retracted by a reorg", "incident", id, "alerts", len(as))
	return true, nil
}

// restore handles an alert already linked to an incident that is stored
// again: a repeat of the pipeline does nothing, but an alert back on the
// canonical chain after a reorg had retracted every alert of its incident
// makes the incident supported again (and its response is proposed anew).
func (m *Manager) restore(ctx context.Context, tx store.Tx, a store.Alert) (Outcome, bool, error) {
	inc, d, err := load(ctx, tx, a.IncidentID)
	if err != nil {
		return Outcome{}, false, err
	}
	if d.AllRetractedAt.IsZero() || !inc.Open() {
		return Outcome{}, false, nil
	}
	d.AllRetractedAt = time.Time{}
	d.LastAlertAt = m.now()
	text := fmt.Sprintf("alert %d is back on the canonical chain at block %d (%s): the incident is supported again: %s", a.ID, a.BlockNumber, short(a.BlockHash), a.Summary)
	if _, err := m.save(ctx, tx, inc, d, System, "alert.restored", text, notify.IncidentRepeat, text, alertData(a)); err != nil {
		return Outcome{}, false, err
	}
	return Outcome{AlertID: a.ID, IncidentID: inc.ID, Detector: a.Detector, Tx: a.TxHash, Severity: inc.Severity, Restored: true}, true, nil
}

// Ack records that person acknowledged the incident, which stops its
// escalation and moves a detected incident to acknowledged.
func (m *Manager) Ack(ctx context.Context, tx store.Tx, id, person string) (store.Incident, error) {
	if err := m.known(person); err != nil {
		return store.Incident{}, err
	}
	inc, d, err := load(ctx, tx, id)
	if err != nil {
		return inc, err
	}
	if d.AckedBy != "" {
		return inc, fmt.Errorf("%w: %s was already acknowledged by %s", ErrTransition, id, d.AckedBy)
	}
	if !inc.Open() {
		return inc, fmt.Errorf("%w: %s is closed", ErrTransition, id)
	}
	now := m.now()
	d.AckedBy = person
	setStatusAt(&d, Acknowledged, now)
	if inc.Status == Detected {
		inc.Status = Acknowledged
	}
	return m.save(ctx, tx, inc, d, person, "ack", fmt.Sprintf("acknowledged by %s", person), notify.IncidentStatus, "", nil)
}

// SetStatus moves the incident to status to, if the lifecycle allows it.
// Closing needs the severity's post-mortem requirement met.
func (m *Manager) SetStatus(ctx context.Context, tx store.Tx, id string, to Status, actor, reason string) (store.Incident, error) {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return inc, err
	}
	if err := CheckTransition(inc.Status, to); err != nil {
		return inc, fmt.Errorf("incident %s: %w", id, err)
	}
	if to == Closed {
		if err := m.canClose(inc); err != nil {
			return inc, fmt.Errorf("%w: incident %s cannot close: %w", ErrRefused, id, err)
		}
	}
	d, err := ReadDetails(inc)
	if err != nil {
		return inc, err
	}
	now := m.now()
	from := inc.Status
	inc.Status = to
	setStatusAt(&d, to, now)
	if to == Acknowledged && d.AckedBy == "" {
		d.AckedBy = actor
	}
	switch to {
	case Closed:
		inc.ClosedAt = now
	case Acknowledged:
		inc.ClosedAt = time.Time{}
		d.Dismissed = nil // reopened: no longer a false positive
	}
	msg := fmt.Sprintf("%s → %s", from, to)
	if reason != "" {
		msg += ": " + reason
	}
	ev := notify.IncidentStatus
	if to == Resolved {
		ev = notify.IncidentResolved
	}
	if to == Closed {
		ev = ""
	}
	return m.save(ctx, tx, inc, d, actor, "status", msg, ev, reason, jsonObj("from", string(from), "to", string(to), "reason", reason))
}

// Dismiss records that person judged the incident a false positive and
// resolves it (reason required). No later alert joins a dismissed incident
// or is held back by it: an attack that follows opens its own incident and
// pages. Reopening the incident (resolved → acknowledged) withdraws the
// dismissal.
func (m *Manager) Dismiss(ctx context.Context, tx store.Tx, id, actor, reason string) (store.Incident, error) {
	if strings.TrimSpace(reason) == "" {
		return store.Incident{}, fmt.Errorf("%w: dismissing an incident as a false positive needs a reason", ErrInvalid)
	}
	inc, d, err := load(ctx, tx, id)
	if err != nil {
		return inc, err
	}
	if d.Dismissed != nil {
		return inc, fmt.Errorf("%w: %s was already dismissed by %s", ErrTransition, id, d.Dismissed.By)
	}
	if rank(inc.Status) < rank(Resolved) {
		if err := CheckTransition(inc.Status, Resolved); err != nil {
			return inc, fmt.Errorf("incident %s: %w", id, err)
		}
	} else if inc.Status == Closed {
		return inc, fmt.Errorf("%w: a closed incident is final", ErrTransition)
	}
	now := m.now()
	from := inc.Status
	d.Dismissed = &Dismissal{By: actor, At: now, Reason: reason}
	inc.Status = Resolved
	setStatusAt(&d, Resolved, now)
	msg := fmt.Sprintf("%s → %s: dismissed as a false positive by %s: %s", from, Resolved, actor, reason)
	return m.save(ctx, tx, inc, d, actor, "dismissed", msg, notify.IncidentResolved, "false positive: "+reason,
		jsonObj("from", string(from), "to", string(Resolved), "reason", reason, "false_positive", "true"))
}

// canClose applies the close requirement: Options.CanClose, or without it
// a refusal for every severity that needs a post-mortem.
func (m *Manager) canClose(inc store.Incident) error {
	sev := m.sevs[inc.Severity]
	if m.opts.CanClose != nil {
		return m.opts.CanClose(inc, sev)
	}
	if sev.RequiresPostmortem || inc.Severity == "critical" || inc.Severity == "high" {
		return fmt.Errorf("a %s incident needs a post-mortem before it closes, and its post-mortem cannot be checked here: close it through the daemon's API, or with 'breakglass incident status %s closed --plan FILE'", inc.Severity, inc.ID)
	}
	return nil
}

// Assign gives role to person on the incident.
func (m *Manager) Assign(ctx context.Context, tx store.Tx, id, role, person, actor string) (store.Incident, error) {
	if _, ok := m.plan.Roles[role]; !ok {
		return store.Incident{}, fmt.Errorf("%w: role %q is not in the plan (roles: %s)", ErrInvalid, role, strings.Join(sortedKeys(m.plan.Roles), ", "))
	}
	if err := m.known(person); err != nil {
		return store.Incident{}, err
	}
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return inc, err
	}
	if inc.Roles == nil {
		inc.Roles = map[string]string{}
	}
	prev := inc.Roles[role]
	if prev == person {
		return inc, fmt.Errorf("%w: %s already holds %s", ErrTransition, person, role)
	}
	inc.Roles[role] = person
	d, err := ReadDetails(inc)
	if err != nil {
		return inc, err
	}
	text := fmt.Sprintf("%s is now %s", person, role)
	if prev != "" {
		text += " (was " + prev + ")"
	}
	return m.save(ctx, tx, inc, d, actor, "role", text, notify.IncidentAssigned, text, jsonObj("role", role, "person", person, "previous", prev))
}

// SetSeverity changes the incident's severity; a reason is required.
func (m *Manager) SetSeverity(ctx context.Context, tx store.Tx, id, sev, actor, reason string) (store.Incident, error) {
	if _, ok := m.sevs[sev]; !ok {
		return store.Incident{}, fmt.Errorf("%w: severity %q is not in the plan", ErrInvalid, sev)
	}
	if strings.TrimSpace(reason) == "" {
		return store.Incident{}, fmt.Errorf("%w: changing the severity needs a reason", ErrInvalid)
	}
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return inc, err
	}
	if inc.Severity == sev {
		return inc, fmt.Errorf("%w: %s is already %s", ErrTransition, id, sev)
	}
	prev := inc.Severity
	inc.Severity = sev
	d, err := ReadDetails(inc)
	if err != nil {
		return inc, err
	}
	text := fmt.Sprintf("severity %s → %s: %s", prev, sev, reason)
	return m.save(ctx, tx, inc, d, actor, "severity", text, notify.IncidentSeverity, text, jsonObj("from", prev, "to", sev, "reason", reason))
}

// Note adds a responder's note to the timeline; notes stay internal and
// page nobody.
func (m *Manager) Note(ctx context.Context, tx store.Tx, id, actor, text string) (store.TimelineEvent, error) {
	if strings.TrimSpace(text) == "" {
		return store.TimelineEvent{}, fmt.Errorf("%w: empty note", ErrInvalid)
	}
	if _, err := tx.Incident(ctx, id); err != nil {
		return store.TimelineEvent{}, err
	}
	return m.event(ctx, tx, id, actor, "note", text, nil)
}

// Record adds an event of another stage (an action's step, an analysis) to
// an incident's timeline and the audit log, and notifies the incident's
// internal channels when ev is not empty.
func (m *Manager) Record(ctx context.Context, tx store.Tx, id, actor, kind, message string, data json.RawMessage, ev notify.Event, details []notify.Field) (store.TimelineEvent, error) {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return store.TimelineEvent{}, err
	}
	return m.RecordOn(ctx, tx, inc, actor, kind, message, data, ev, details)
}

// RecordOn is Record for an incident the caller already read in tx and
// has not changed since (a round trip less).
func (m *Manager) RecordOn(ctx context.Context, tx store.Tx, inc store.Incident, actor, kind, message string, data json.RawMessage, ev notify.Event, details []notify.Field) (store.TimelineEvent, error) {
	id := inc.ID
	if ev == notify.StatusUpdate {
		// A public status update announces the incident: from now on the
		// external channels may hear of it.
		d, err := ReadDetails(inc)
		if err != nil {
			return store.TimelineEvent{}, err
		}
		if d.AnnouncedAt.IsZero() {
			d.AnnouncedAt = m.now()
			if err := WriteDetails(&inc, d); err != nil {
				return store.TimelineEvent{}, err
			}
			if inc, err = tx.UpdateIncident(ctx, inc); err != nil {
				return store.TimelineEvent{}, err
			}
		}
	}
	te, err := m.event(ctx, tx, id, actor, kind, message, data)
	if err != nil {
		return te, err
	}
	if ev != "" {
		if err := m.notify(ctx, tx, inc, te, ev, actor, message, details); err != nil {
			return te, err
		}
	}
	return te, nil
}

// Escalate pages further for every open incident left unacknowledged past
// its severity's ack_within: first the backups of every role, then everyone
// on the severity's page list, one step each escalation interval, up to the
// severity's bound. It returns how many steps it took. Call it on a timer.
func (m *Manager) Escalate(ctx context.Context, s store.Store) (int, error) {
	open, err := s.Incidents(ctx, store.IncidentFilter{OpenOnly: true, Statuses: []Status{Detected}})
	if err != nil {
		return 0, fmt.Errorf("list unacknowledged incidents: %w", err)
	}
	steps := 0
	for _, inc := range open {
		sev, ok := m.sevs[inc.Severity]
		if !ok || sev.AckWithin == 0 {
			continue
		}
		err := s.Tx(ctx, func(tx store.Tx) error {
			took, err := m.escalate(ctx, tx, inc.ID, sev)
			if took {
				steps++
			}
			return err
		})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return steps, fmt.Errorf("escalate %s: %w", inc.ID, err)
		}
	}
	return steps, nil
}

func (m *Manager) escalate(ctx context.Context, tx store.Tx, id string, sev plan.Severity) (bool, error) {
	inc, d, err := load(ctx, tx, id)
	if err != nil {
		return false, err
	}
	if inc.Status != Detected || d.AckedBy != "" || !inc.Open() || !d.AllRetractedAt.IsZero() {
		return false, nil
	}
	max := sev.Escalation.Max
	if max == 0 {
		max = DefaultEscalationMax
	}
	every := time.Duration(sev.Escalation.Every)
	if every == 0 {
		every = time.Duration(sev.AckWithin)
	}
	if d.EscalationStep >= max {
		return false, nil
	}
	due := inc.OpenedAt.Add(time.Duration(sev.AckWithin) + time.Duration(d.EscalationStep)*every)
	if m.now().Before(due) {
		return false, nil
	}
	d.EscalationStep++
	paged := m.paged(inc.Severity, d.EscalationStep)
	text := fmt.Sprintf("step %d of %d: not acknowledged within %s; paging %s", d.EscalationStep, max, sev.AckWithin, strings.Join(paged, ", "))
	_, err = m.save(ctx, tx, inc, d, System, "escalated", text, notify.IncidentEscalated, text, jsonObj("step", fmt.Sprint(d.EscalationStep), "paged", strings.Join(paged, ",")))
	return err == nil, err
}

// paged returns whom an escalation step pages: at opening (step 0) the
// primaries of the roles on the severity's page list and the people on it;
// at step 1 the first backup of every role; from step 2 everyone on the
// page list, primaries and backups alike.
func (m *Manager) paged(sev string, step int) []string {
	var out []string
	add := func(name string) {
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	page := m.sevs[sev].Page
	switch step {
	case 0:
		for _, p := range page {
			if r, ok := m.plan.Roles[p]; ok {
				add(r.Primary)
			} else if _, ok := m.people[p]; ok {
				add(p)
			}
		}
	case 1:
		for _, name := range sortedKeys(m.plan.Roles) {
			if r := m.plan.Roles[name]; len(r.Backups) > 0 {
				add(r.Backups[0])
			}
		}
	default:
		for _, p := range page {
			if r, ok := m.plan.Roles[p]; ok {
				add(r.Primary)
				for _, b := range r.Backups {
					add(b)
				}
			} else if _, ok := m.people[p]; ok {
				add(p)
			}
		}
		if len(out) == 0 {
			for _, pe := range m.plan.People {
				add(pe.Name)
			}
		}
	}
	return out
}

// pagedSoFar returns everyone paged about an incident of severity sev
// that took steps escalation steps.
func (m *Manager) pagedSoFar(sev string, steps int) []string {
	var out []string
	for i := 0; i <= steps; i++ {
		for _, p := range m.paged(sev, i) {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// Authorize says whether person may do op on inc (an incident change
// such as OpAssign, or one of the operations of Policy): any person of
// the plan may acknowledge and add notes; changing roles, severity or
// status takes the incident's commander or technical lead, or someone the
// plan lists for those roles. A refusal wraps ErrForbidden. inc may be the
// zero Incident for an operation not tied to one.
func (m *Manager) Authorize(inc store.Incident, person string, op string) error {
	var ip *store.Incident
	if inc.ID != "" {
		ip = &inc
	}
	return m.policy.Allow(ip, person, op)
}

// Policy returns who may do what under the manager's plan.
func (m *Manager) Policy() *Policy { return m.policy }

func (m *Manager) known(person string) error {
	if _, ok := m.people[person]; !ok {
		return fmt.Errorf("%w: %q is not a person of the plan", ErrInvalid, person)
	}
	return nil
}

// save writes inc and d, a timeline event with its audit entry, and the
// notification ev (if not empty) to the incident's channels.
func (m *Manager) save(ctx context.Context, tx store.Tx, inc store.Incident, d Details, actor, kind, message string, ev notify.Event, text string, data json.RawMessage) (store.Incident, error) {
	var extra []notify.Field
	if ev == notify.IncidentEscalated {
		extra = pagingField(m.paged(inc.Severity, d.EscalationStep))
	}
	return m.saveWith(ctx, tx, inc, d, actor, kind, message, ev, text, data, extra)
}

// saveWith is save with the message's extra fields.
func (m *Manager) saveWith(ctx context.Context, tx store.Tx, inc store.Incident, d Details, actor, kind, message string, ev notify.Event, text string, data json.RawMessage, extra []notify.Field) (store.Incident, error) {
	if err := WriteDetails(&inc, d); err != nil {
		return inc, err
	}
	inc, err := tx.UpdateIncident(ctx, inc)
	if err != nil {
		return inc, err
	}
	te, err := m.event(ctx, tx, inc.ID, actor, kind, message, data)
	if err != nil {
		return inc, err
	}
	if ev != "" {
		if err := m.notify(ctx, tx, inc, te, ev, actor, text, extra); err != nil {
			return inc, err
		}
	}
	return inc, nil
}

// newEvent is a timeline event of now, to append.
func (m *Manager) newEvent(id, actor, kind, message string, data json.RawMessage) store.TimelineEvent {
	return store.TimelineEvent{IncidentID: id, Time: m.now(), Actor: actor, Kind: kind, Message: message, Data: data}
}

// event appends a timeline event (the store seals it in the audit log).
func (m *Manager) event(ctx context.Context, tx store.Tx, id, actor, kind, message string, data json.RawMessage) (store.TimelineEvent, error) {
	te, err := tx.AppendTimeline(ctx, m.newEvent(id, actor, kind, message, data))
	if err != nil {
		return te, fmt.Errorf("append timeline: %w", err)
	}
	return te, nil
}

// notify renders ev for every channel that should hear about it and writes
// the deliveries to the outbox, keyed by the timeline event that caused
// them so that the same change never sends twice.
func (m *Manager) notify(ctx context.Context, tx store.Tx, inc store.Incident, te store.TimelineEvent, ev notify.Event, actor, text string, details []notify.Field) error {
	data := notify.Data{Event: ev, Incident: m.View(inc), Actor: actor, Text: text, Details: details, Time: te.Time}
	key := fmt.Sprintf("%s/%d", inc.ID, te.ID)
	d, err := ReadDetails(inc)
	if err != nil {
		return err
	}
	for _, ch := range m.route(inc.Severity, ev, !d.AnnouncedAt.IsZero()) {
		aud := notify.Audience(ch.Audience)
		if aud == "" {
			aud = notify.Internal
		}
		msg, err := m.tmpl.Render(key, ev, aud, data)
		if err != nil {
			return err
		}
		if ev == notify.IncidentOpened && m.plan.Incidents.GroupWait > 0 {
			msg.Time = msg.Time.Add(time.Duration(m.plan.Incidents.GroupWait))
		}
		if _, err := notify.Enqueue(ctx, tx, inc.ID, ch.Name, msg); err != nil {
			return err
		}
	}
	return nil
}

// route returns the channels an event of an incident of severity sev goes
// to. Internal events go to the internal channels on the severity's page
// list, or to every internal channel when the list names none. External
// channels hear only what was written for them, rendered from the public
// templates: the status updates people send (the first one announces the
// incident) and, for an announced incident only, the resolution.
func (m *Manager) route(sev string, ev notify.Event, announced bool) []plan.Channel {
	var named []string
	for _, p := range m.sevs[sev].Page {
		for _, c := range m.plan.Channels {
			if c.Name == p {
				named = append(named, p)
			}
		}
	}
	var out []plan.Channel
	for _, c := range m.plan.Channels {
		if c.Audience == plan.AudienceExternal {
			public := ev == notify.StatusUpdate || (ev == notify.IncidentResolved && announced)
			if public && m.tmpl.HasTemplate(ev, notify.External) {
				out = append(out, c)
			}
			continue
		}
		if len(named) == 0 || slices.Contains(named, c.Name) {
			out = append(out, c)
		}
	}
	return out
}

// View is what notification templates know of an incident.
func (m *Manager) View(inc store.Incident) notify.Incident {
	d, _ := ReadDetails(inc)
	v := notify.Incident{
		ID: inc.ID, Title: inc.Title, Type: inc.Type, Severity: inc.Severity, Status: inc.Status,
		Network: inc.Network, Contract: m.contractName(inc.Network, inc.Contract), Opened: inc.OpenedAt,
		Block: d.FirstBlock, TxHash: d.FirstTx, Roles: inc.Roles,
	}
	if m.opts.URL != nil {
		v.URL = m.opts.URL(inc.ID)
	}
	return v
}

func (m *Manager) contractName(network, addr string) string {
	for _, c := range m.plan.Contracts {
		if c.Network == network && strings.EqualFold(c.Address.Hex(), addr) {
			return c.Name
		}
	}
	return addr
}

func pagingField(people []string) []notify.Field {
	if len(people) == 0 {
		return nil
	}
	return []notify.Field{{Name: "Paging", Value: strings.Join(people, ", ")}}
}

func setStatusAt(d *Details, status Status, t time.Time) {
	if d.StatusAt == nil {
		d.StatusAt = map[Status]time.Time{}
	}
	if _, ok := d.StatusAt[status]; !ok {
		d.StatusAt[status] = t
	}
}

func alertData(a store.Alert) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"alert": a.ID, "detector": a.Detector, "severity": a.Severity, "network": a.Network,
		"block": a.BlockNumber, "block_hash": a.BlockHash, "tx": a.TxHash, "log_index": a.LogIndex,
		"contract": a.Contract, "fields": a.Fields,
	})
	return b
}

func jsonObj(kv ...string) json.RawMessage {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
	b, _ := json.Marshal(m)
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func short(h string) string {
	if len(h) > 12 {
		return h[:10] + "…"
	}
	return h
}

// load reads incident id and its details in tx.
func load(ctx context.Context, tx store.Tx, id string) (store.Incident, Details, error) {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return inc, Details{}, err
	}
	d, err := ReadDetails(inc)
	return inc, d, err
}

// Draft is a status update as one audience would receive it.
type Draft struct {
	Audience string `json:"audience"`
	Title    string `json:"title"`
	Body     string `json:"body"`
}

// Drafts renders text as a status update about inc from actor, as the
// internal and the external audiences would receive it (the external one
// from the public templates only), without sending or storing anything.
func (m *Manager) Drafts(inc store.Incident, actor, text string, now time.Time) ([]Draft, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("%w: empty status update", ErrInvalid)
	}
	data := notify.Data{Event: notify.StatusUpdate, Incident: m.View(inc), Actor: actor, Text: strings.TrimSpace(text), Time: now.UTC()}
	var out []Draft
	for _, aud := range []notify.Audience{notify.Internal, notify.External} {
		msg, err := m.tmpl.Render(inc.ID+"/draft", notify.StatusUpdate, aud, data)
		if err != nil {
			return nil, fmt.Errorf("render the %s draft: %w", aud, err)
		}
		out = append(out, Draft{Audience: string(aud), Title: msg.Title, Body: msg.Body})
	}
	return out, nil
}
