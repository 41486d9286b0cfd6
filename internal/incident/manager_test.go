package incident_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/incident/incidenttest"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

const (
	vault = "0x00000000000000000000000000000000000000aa"
	pool  = "0x00000000000000000000000000000000000000bb"
)

func testPlan() *plan.Plan {
	dur := func(s string) plan.Duration { d, _ := plan.ParseDuration(s); return d }
	return &plan.Plan{
		Version: 1,
		Hash:    "planhash-1",
		People:  []plan.Person{{Name: "alice"}, {Name: "bob"}, {Name: "carol"}, {Name: "dave"}, {Name: "erin"}},
		Roles: map[string]plan.Role{
			plan.RoleIncidentCommander:  {Primary: "alice", Backups: []string{"bob"}},
			plan.RoleTechnicalLead:      {Primary: "carol", Backups: []string{"dave"}},
			plan.RoleCommunicationsLead: {Primary: "erin"},
		},
		Severities: []plan.Severity{
			{Name: "critical", AckWithin: dur("5m"), Page: []string{plan.RoleIncidentCommander, plan.RoleTechnicalLead, "ops-slack", "oncall-pd"}, Escalation: plan.Escalation{Every: dur("5m"), Max: 3}},
			{Name: "high", AckWithin: dur("15m"), Page: []string{plan.RoleIncidentCommander}},
			{Name: "medium"},
			{Name: "low"},
		},
		Channels: []plan.Channel{
			{Name: "ops-slack", Type: plan.ChannelSlack, Audience: plan.AudienceInternal},
			{Name: "oncall-pd", Type: plan.ChannelPagerDuty, Audience: plan.AudienceInternal},
			{Name: "eng-discord", Type: plan.ChannelDiscord, Audience: plan.AudienceInternal},
			{Name: "status-page", Type: plan.ChannelWebhook, Audience: plan.AudienceExternal},
		},
		Detectors: []plan.Detector{{Name: "reentrancy", Severity: "critical", Response: []string{"pause"}}},
		Incidents: plan.Grouping{GroupWindow: dur("30m"), RepeatInterval: dur("1h")},
	}
}

type fixture struct {
	s     store.Store
	m     *incident.Manager
	clock *storetest.Clock
	block uint64
}

func newFixture(t *testing.T, p *plan.Plan) *fixture {
	t.Helper()
	c := storetest.NewClock(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	s := storetest.SQLite(t, store.Options{Now: c.Now})
	tmpl, err := notify.NewTemplates(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := incident.New(p, tmpl, incident.Options{Now: c.Now, URL: func(id string) string { return "http://127.0.0.1:8080/incidents/" + id }})
	return &fixture{s: s, m: m, clock: c, block: 100}
}

// alert stores an alert of incident type "exploit" and ingests it,
// returning the outcome.
func (f *fixture) alert(t *testing.T, detector, sev, contract string) incident.Outcome {
	t.Helper()
	return f.alertOf(t, detector, sev, contract, "exploit")
}

// alertOf is alert with an incident type.
func (f *fixture) alertOf(t *testing.T, detector, sev, contract, typ string) incident.Outcome {
	t.Helper()
	f.block++
	out := incidenttest.Ingest(t, f.s, f.m, []store.Alert{{
		Detector: detector, Severity: sev, IncidentType: typ, Network: "devnet",
		BlockNumber: f.block, BlockHash: fmt.Sprintf("0x%064x", f.block), TxHash: fmt.Sprintf("0x%064x", f.block*7),
		LogIndex: 0, Contract: contract, Summary: detector + " on " + contract, Fields: json.RawMessage(`{"amount":"1"}`),
	}}, nil)
	if len(out) != 1 {
		t.Fatalf("got %d outcomes", len(out))
	}
	return out[0]
}

func (f *fixture) tx(t *testing.T, fn func(tx store.Tx) error) error {
	t.Helper()
	return f.s.Tx(context.Background(), fn)
}

func TestGrouping(t *testing.T) {
	type step struct {
		advance  time.Duration
		detector string
		sev      string
		contract string
		// same is the index of the earlier step whose incident this alert
		// must join; -1 means a new incident; -2 means inhibited by step 0.
		same int
		// typ is the alert's incident type ("exploit" if empty).
		typ string
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"same detector and contract group", []step{
			{0, "reentrancy", "critical", vault, -1, ""},
			{time.Minute, "reentrancy", "critical", vault, 0, ""},
			{10 * time.Minute, "reentrancy", "critical", vault, 0, ""},
		}},
		{"another contract opens another incident", []step{
			{0, "reentrancy", "critical", vault, -1, ""},
			{0, "reentrancy", "critical", pool, -1, ""},
		}},
		{"another detector of the same exploit joins (the default grouping)", []step{
			{0, "reentrancy", "critical", vault, -1, ""},
			{0, "oracle", "critical", vault, 0, ""},
			{time.Minute, "large-withdraw", "critical", vault, 0, ""},
		}},
		{"another incident type opens another incident", []step{
			{0, "reentrancy", "critical", vault, -1, ""},
			{0, "oracle", "critical", vault, -1, "oracle-manipulation"},
		}},
		{"past the group window a new incident opens", []step{
			{0, "reentrancy", "critical", vault, -1, ""},
			{31 * time.Minute, "reentrancy", "critical", vault, -1, ""},
		}},
		{"the window slides with each alert", []step{
			{0, "reentrancy", "critical", vault, -1, ""},
			{20 * time.Minute, "reentrancy", "critical", vault, 0, ""},
			{20 * time.Minute, "reentrancy", "critical", vault, 0, ""},
		}},
		{"a critical incident inhibits lower alerts on its contract", []step{
			{0, "reentrancy", "critical", vault, -1, ""},
			{time.Minute, "large-withdraw", "medium", vault, -2, ""},
			{time.Minute, "large-withdraw", "medium", pool, -1, ""},
		}},
		{"an incident of another type does not hold back an alert (grouped by type)", []step{
			{0, "reentrancy", "critical", vault, -1, "claim-abuse"},
			{time.Minute, "large-withdraw", "medium", vault, -1, ""},
		}},
		{"a lower incident does not inhibit a higher alert", []step{
			{0, "large-withdraw", "medium", vault, -1, "drain"},
			{time.Minute, "reentrancy", "critical", vault, -1, ""},
		}},
		{"a higher alert of the same exploit joins the lower incident", []step{
			{0, "large-withdraw", "medium", vault, -1, ""},
			{time.Minute, "reentrancy", "critical", vault, 0, ""},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, testPlan())
			var ids []string
			counts := map[string]int{}
			for i, s := range c.steps {
				f.clock.Advance(s.advance)
				typ := s.typ
				if typ == "" {
					typ = "exploit"
				}
				o := f.alertOf(t, s.detector, s.sev, s.contract, typ)
				ids = append(ids, o.IncidentID)
				switch {
				case s.same == -1:
					if !o.Opened {
						t.Fatalf("step %d: want a new incident, joined %s", i, o.IncidentID)
					}
					counts[o.IncidentID] = 1
				case s.same == -2:
					if !o.Inhibited || o.IncidentID != ids[0] {
						t.Fatalf("step %d: want inhibited by %s, got %+v", i, ids[0], o)
					}
					counts[o.IncidentID]++ // held back, and linked: it counts
				default:
					if o.Opened || o.IncidentID != ids[s.same] {
						t.Fatalf("step %d: want to join %s, got %+v", i, ids[s.same], o)
					}
					counts[o.IncidentID]++
				}
			}
			for id, n := range counts {
				inc, err := f.s.Incident(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				if inc.AlertCount != n {
					t.Errorf("%s: alert count %d, want %d", id, inc.AlertCount, n)
				}
			}
		})
	}
}

func TestOpenAssignsRolesAndNotifiesInternalChannels(t *testing.T) {
	f := newFixture(t, testPlan())
	o := f.alert(t, "reentrancy", "critical", vault)
	ctx := context.Background()
	inc, err := f.s.Incident(ctx, o.IncidentID)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Status != incident.Detected || inc.Roles[plan.RoleIncidentCommander] != "alice" || inc.Roles[plan.RoleTechnicalLead] != "carol" || inc.PlanHash != "planhash-1" {
		t.Fatalf("incident: %+v", inc)
	}
	tl, err := f.s.Timeline(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range tl {
		kinds = append(kinds, e.Kind)
	}
	if got := strings.Join(kinds, ","); got != "opened,role,role,role" {
		t.Errorf("timeline kinds %s", got)
	}
	var chans []string
	for _, d := range f.outbox(t, inc.ID) {
		chans = append(chans, d.Channel)
		if d.Message.Event != notify.IncidentOpened || !strings.Contains(d.Message.Title, inc.ID) {
			t.Errorf("message %+v", d.Message)
		}
		if !strings.Contains(fmt.Sprint(d.Message.Fields), "alice, carol") {
			t.Errorf("paging field missing: %v", d.Message.Fields)
		}
	}
	// Critical pages the two channels on its page list; the external status
	// page hears nothing of a fresh detection.
	if got := strings.Join(chans, ","); got != "ops-slack,oncall-pd" {
		t.Errorf("channels %s", got)
	}
	// The same alert ingested again (a repeat of the pipeline) does nothing.
	err = f.tx(t, func(tx store.Tx) error {
		as, err := tx.Alerts(ctx, store.AlertFilter{IncidentID: inc.ID})
		if err != nil {
			return err
		}
		out, err := f.m.Ingest(ctx, tx, as)
		if len(out) != 0 {
			return fmt.Errorf("re-ingest produced %v", out)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	verifyAudit(t, f.s)
}

func TestEscalation(t *testing.T) {
	f := newFixture(t, testPlan())
	ctx := context.Background()
	o := f.alert(t, "reentrancy", "critical", vault)
	escalate := func() int {
		t.Helper()
		n, err := f.m.Escalate(ctx, f.s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	paged := func() string {
		t.Helper()
		tl, err := f.s.Timeline(ctx, o.IncidentID)
		if err != nil {
			t.Fatal(err)
		}
		last := tl[len(tl)-1]
		if last.Kind != "escalated" {
			t.Fatalf("last event %s: %s", last.Kind, last.Message)
		}
		return last.Message
	}
	f.clock.Advance(4 * time.Minute)
	if n := escalate(); n != 0 {
		t.Fatalf("escalated before ack_within: %d", n)
	}
	f.clock.Advance(time.Minute)
	if n := escalate(); n != 1 {
		t.Fatalf("step 1: %d", n)
	}
	if msg := paged(); !strings.Contains(msg, "step 1 of 3") || !strings.HasSuffix(msg, "paging bob, dave") {
		t.Errorf("step 1 pages the backups: %s", msg)
	}
	if n := escalate(); n != 0 {
		t.Fatalf("step 2 came early")
	}
	f.clock.Advance(5 * time.Minute)
	if n := escalate(); n != 1 {
		t.Fatalf("step 2: %d", n)
	}
	if msg := paged(); !strings.HasSuffix(msg, "paging alice, bob, carol, dave") {
		t.Errorf("step 2 pages everyone on the page list: %s", msg)
	}
	// The escalation notifications carry whom they page.
	items, _ := f.s.OutboxItems(ctx, store.OutboxFilter{IncidentID: o.IncidentID})
	var escalations int
	for _, it := range items {
		var d notify.Delivery
		_ = json.Unmarshal(it.Payload, &d)
		if d.Message.Event == notify.IncidentEscalated {
			escalations++
		}
	}
	if escalations != 4 {
		t.Errorf("%d escalation deliveries, want 4 (2 steps × 2 channels)", escalations)
	}
	// An acknowledgement stops it.
	if err := f.tx(t, func(tx store.Tx) error { _, err := f.m.Ack(ctx, tx, o.IncidentID, "bob"); return err }); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	if n := escalate(); n != 0 {
		t.Fatalf("escalated after ack: %d", n)
	}
	// Without an ack, the bound stops it.
	g := newFixture(t, testPlan())
	g.alert(t, "reentrancy", "critical", vault)
	total := 0
	for range 10 {
		g.clock.Advance(5 * time.Minute)
		n, err := g.m.Escalate(ctx, g.s)
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if total != 3 {
		t.Errorf("escalation steps %d, want the bound 3", total)
	}
	verifyAudit(t, f.s)
}

func TestTransitions(t *testing.T) {
	cases := []struct {
		from, to incident.Status
		ok       bool
	}{
		{incident.Detected, incident.Acknowledged, true},
		{incident.Detected, incident.Contained, true},
		{incident.Acknowledged, incident.Contained, true},
		{incident.Contained, incident.Eradicated, true},
		{incident.Recovered, incident.Resolved, true},
		{incident.Resolved, incident.Closed, true},
		{incident.Resolved, incident.Acknowledged, true},
		{incident.Contained, incident.Detected, false},
		{incident.Detected, incident.Closed, false},
		{incident.Closed, incident.Acknowledged, false},
		{incident.Contained, incident.Contained, false},
		{incident.Detected, "exploded", false},
	}
	for _, c := range cases {
		err := incident.CheckTransition(c.from, c.to)
		if (err == nil) != c.ok {
			t.Errorf("%s → %s: err=%v, want ok=%v", c.from, c.to, err, c.ok)
		}
	}
}

// TestParseStatus checks that what a person types is read as a status,
// and that anything else is refused with the statuses allowed.
func TestParseStatus(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want []incident.Status
		err  string
	}{
		{[]string{"contained"}, []incident.Status{incident.Contained}, ""},
		{[]string{"detected", "closed"}, []incident.Status{incident.Detected, incident.Closed}, ""},
		{[]string{}, []incident.Status{}, ""},
		{[]string{"detected", "Closed"}, nil, `unknown status "Closed" (want one of [detected acknowledged contained eradicated recovered resolved closed])`},
		{[]string{""}, nil, `unknown status ""`},
	} {
		got, err := incident.ParseStatuses(c.in)
		switch {
		case c.err != "" && (err == nil || !errors.Is(err, incident.ErrInvalid) || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: err %v, want ErrInvalid with %q", c.in, err, c.err)
		case c.err == "" && (err != nil || !slices.Equal(got, c.want)):
			t.Errorf("%q: %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestLifecycleAndPeople(t *testing.T) {
	p := testPlan()
	f := newFixture(t, p)
	ctx := context.Background()
	id := f.alert(t, "reentrancy", "critical", vault).IncidentID
	do := func(fn func(tx store.Tx) error) error { return f.tx(t, fn) }

	if err := do(func(tx store.Tx) error { _, err := f.m.Ack(ctx, tx, id, "mallory"); return err }); !errors.Is(err, incident.ErrInvalid) {
		t.Fatalf("unknown person: %v", err)
	}
	if err := do(func(tx store.Tx) error { _, err := f.m.Ack(ctx, tx, id, "carol"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := do(func(tx store.Tx) error { _, err := f.m.Ack(ctx, tx, id, "alice"); return err }); !errors.Is(err, incident.ErrTransition) {
		t.Fatalf("second ack: %v", err)
	}
	if err := do(func(tx store.Tx) error { _, err := f.m.SetSeverity(ctx, tx, id, "high", "alice", ""); return err }); !errors.Is(err, incident.ErrInvalid) {
		t.Fatalf("severity without reason: %v", err)
	}
	if err := do(func(tx store.Tx) error {
		_, err := f.m.SetSeverity(ctx, tx, id, "high", "alice", "only test funds at risk")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := do(func(tx store.Tx) error {
		_, err := f.m.Assign(ctx, tx, id, plan.RoleTechnicalLead, "dave", "alice")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := do(func(tx store.Tx) error {
		_, err := f.m.Note(ctx, tx, id, "dave", "attacker funded via a mixer")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []incident.Status{incident.Contained, incident.Recovered, incident.Resolved} {
		if err := do(func(tx store.Tx) error { _, err := f.m.SetStatus(ctx, tx, id, st, "alice", ""); return err }); err != nil {
			t.Fatalf("→ %s: %v", st, err)
		}
	}
	if err := do(func(tx store.Tx) error {
		_, err := f.m.SetStatus(ctx, tx, id, incident.Contained, "alice", "")
		return err
	}); !errors.Is(err, incident.ErrTransition) {
		t.Fatalf("backwards: %v", err)
	}
	inc, _ := f.s.Incident(ctx, id)
	if inc.Status != incident.Resolved || inc.Severity != "high" || inc.Roles[plan.RoleTechnicalLead] != "dave" {
		t.Fatalf("incident %+v", inc)
	}
	d, _ := incident.ReadDetails(inc)
	if d.AckedBy != "carol" || d.StatusAt[incident.Acknowledged].IsZero() || d.StatusAt[incident.Resolved].IsZero() {
		t.Fatalf("details %+v", d)
	}

	// Only the commander or technical lead change the incident.
	if err := f.m.Authorize(inc, "erin", "status"); !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("erin may not change status: %v", err)
	}
	for _, who := range []string{"alice", "bob", "dave"} {
		if err := f.m.Authorize(inc, who, "status"); err != nil {
			t.Errorf("%s may change status: %v", who, err)
		}
	}
	if err := f.m.Authorize(inc, "erin", "ack"); err != nil {
		t.Errorf("anyone may ack: %v", err)
	}

	// The incident was never announced: its resolution stays internal
	// (TestExternalOnlyAnnounced covers an announced one).
	if external := f.deliveries(t, id, "status-page"); len(external) != 0 {
		t.Fatalf("external messages about an incident never announced: %+v", external)
	}
	verifyAudit(t, f.s)
}

// toldOn lists those of channels (in their order) that were sent a
// message of event about incident id, and the messages.
func (f *fixture) toldOn(t *testing.T, id string, event notify.Event, channels ...string) (told []string, msgs []notify.Message) {
	t.Helper()
	for _, ch := range channels {
		for _, m := range f.deliveries(t, id, ch) {
			if m.Event == event {
				told = append(told, ch)
				msgs = append(msgs, m)
			}
		}
	}
	return told, msgs
}

// deliveries returns the messages queued for channel about incident id.
func (f *fixture) deliveries(t *testing.T, id, channel string) []notify.Message {
	t.Helper()
	var out []notify.Message
	for _, d := range f.outbox(t, id) {
		if d.Channel == channel {
			out = append(out, d.Message)
		}
	}
	return out
}

// outbox returns the notifications written for incident id.
func (f *fixture) outbox(t *testing.T, id string) []notify.Delivery {
	t.Helper()
	items, err := f.s.OutboxItems(context.Background(), store.OutboxFilter{IncidentID: id})
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Delivery
	for _, it := range items {
		var d notify.Delivery
		if err := json.Unmarshal(it.Payload, &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// TestExternalOnlyAnnounced checks that external channels hear only of
// incidents that were announced (a public status update), only through the
// public templates, and never the alert's own words, an unconfirmed loss,
// the resolution's internal reason, nor the first transaction.
func TestExternalOnlyAnnounced(t *testing.T) {
	ctx := context.Background()
	const (
		alertWords = "drained 1,000,000 USDX (unconfirmed loss)"
		reason     = "root cause: attacker 0xbadc0de used our admin key"
		public     = "We paused deposits while we investigate."
	)
	resolve := func(t *testing.T, f *fixture, id string) {
		t.Helper()
		for _, st := range []incident.Status{incident.Contained, incident.Resolved} {
			if err := f.tx(t, func(tx store.Tx) error { _, err := f.m.SetStatus(ctx, tx, id, st, "alice", reason); return err }); err != nil {
				t.Fatalf("→ %s: %v", st, err)
			}
		}
	}
	open := func(t *testing.T, f *fixture) string {
		t.Helper()
		var id string
		err := f.tx(t, func(tx store.Tx) error {
			a, _, err := tx.InsertAlert(ctx, store.Alert{
				Detector: "reentrancy", Severity: "critical", IncidentType: "exploit", Network: "devnet",
				BlockNumber: 9, BlockHash: "0x09", TxHash: "0x0000000000000000000000000000000000000000000000000000000000beef01",
				Contract: vault, Summary: alertWords,
			})
			if err != nil {
				return err
			}
			out, err := f.m.Ingest(ctx, tx, []store.Alert{a})
			if err == nil {
				id = out[0].IncidentID
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}

	t.Run("never announced", func(t *testing.T) {
		f := newFixture(t, testPlan())
		id := open(t, f)
		resolve(t, f, id)
		if got := f.deliveries(t, id, "status-page"); len(got) != 0 {
			t.Fatalf("status page received %d messages about an incident never announced: %+v", len(got), got)
		}
		inc, _ := f.s.Incident(ctx, id)
		if d, _ := incident.ReadDetails(inc); !d.AnnouncedAt.IsZero() {
			t.Errorf("announced at %s without a status update", d.AnnouncedAt)
		}
	})
	t.Run("announced", func(t *testing.T) {
		f := newFixture(t, testPlan())
		id := open(t, f)
		if err := f.tx(t, func(tx store.Tx) error {
			_, err := f.m.Record(ctx, tx, id, "erin", "status_update", public, nil, notify.StatusUpdate, nil)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		resolve(t, f, id)
		got := f.deliveries(t, id, "status-page")
		var events []string
		for _, m := range got {
			events = append(events, string(m.Event))
			b, _ := json.Marshal(m)
			for _, secret := range []string{alertWords, "USDX", reason, "0xbadc0de", "beef01", id, "alice", "erin", "127.0.0.1"} {
				if strings.Contains(string(b), secret) {
					t.Errorf("external %s leaks %q: %s", m.Event, secret, b)
				}
			}
		}
		if strings.Join(events, ",") != "status.update,incident.resolved" {
			t.Fatalf("status page events %v, want the status update and the resolution", events)
		}
		if !strings.Contains(got[0].Body, public) {
			t.Errorf("the public update's words are missing: %q", got[0].Body)
		}
	})
}

func TestRetract(t *testing.T) {
	f := newFixture(t, testPlan())
	ctx := context.Background()
	o := f.alert(t, "reentrancy", "critical", vault)
	err := f.tx(t, func(tx store.Tx) error {
		as, err := tx.RetractAlerts(ctx, "devnet", f.block)
		if err != nil {
			return err
		}
		_, err = f.m.Retract(ctx, tx, as)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tl, _ := f.s.Timeline(ctx, o.IncidentID)
	if prev := tl[len(tl)-2]; prev.Kind != "alert.retracted" || !strings.Contains(prev.Message, fmt.Sprint(f.block)) {
		t.Fatalf("event before last %+v", prev)
	}
}

// TestRetractAll checks that an incident whose every alert a reorg
// retracted says so, tells the channels that paged people, stops
// escalating, and is supported again when an alert comes back; an incident
// with an alert left is only annotated.
func TestRetractAll(t *testing.T) {
	f := newFixture(t, testPlan())
	ctx := context.Background()
	kept := f.alert(t, "reentrancy", "critical", pool) // block 101 stays canonical
	gone := f.alert(t, "reentrancy", "critical", vault)
	reorgFrom := f.block // 102
	f.clock.Advance(time.Minute)
	f.alert(t, "oracle", "critical", pool)  // 103: joins kept, which keeps block 101
	f.alert(t, "oracle", "critical", vault) // 104: joins gone
	var outs []incident.Outcome
	err := f.tx(t, func(tx store.Tx) error {
		as, err := tx.RetractAlerts(ctx, "devnet", reorgFrom)
		if err != nil {
			return err
		}
		outs, err = f.m.Retract(ctx, tx, as)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || outs[0].IncidentID != gone.IncidentID || !outs[0].Retracted {
		t.Fatalf("fully retracted incidents %+v, want [%s]", outs, gone.IncidentID)
	}
	inc, _ := f.s.Incident(ctx, gone.IncidentID)
	d, _ := incident.ReadDetails(inc)
	if d.AllRetractedAt.IsZero() || d.Retracted != 2 || inc.Status != incident.Detected || !incident.Summarize(inc).AlertsRetracted {
		t.Fatalf("incident %s: status %s, details %+v", inc.ID, inc.Status, d)
	}
	tl, _ := f.s.Timeline(ctx, gone.IncidentID)
	if last := tl[len(tl)-1]; last.Kind != "retracted" || !strings.Contains(last.Message, "every alert") {
		t.Fatalf("last event %+v", last)
	}
	told, msgs := f.toldOn(t, gone.IncidentID, notify.IncidentRetracted, "ops-slack", "oncall-pd", "eng-discord", "status-page")
	for _, m := range msgs {
		if !strings.Contains(fmt.Sprint(m.Fields), "alice, carol") || !strings.Contains(m.Title, "retracted") {
			t.Errorf("retraction message %+v", m)
		}
	}
	if strings.Join(told, ",") != "ops-slack,oncall-pd" {
		t.Errorf("retraction told on %v, want the channels that paged (ops-slack,oncall-pd)", told)
	}
	inc, _ = f.s.Incident(ctx, kept.IncidentID)
	if d, _ := incident.ReadDetails(inc); !d.AllRetractedAt.IsZero() || d.Retracted != 1 {
		t.Errorf("incident %s still has an alert on the chain: details %+v", kept.IncidentID, d)
	}
	// No escalation for an incident nothing supports.
	f.clock.Advance(time.Hour)
	if _, err := f.m.Escalate(ctx, f.s); err != nil {
		t.Fatal(err)
	}
	tl2, _ := f.s.Timeline(ctx, gone.IncidentID)
	for _, e := range tl2[len(tl):] {
		if e.Kind == "escalated" {
			t.Errorf("a fully retracted incident escalated: %s", e.Message)
		}
	}
	// The same alert comes back on the new canonical chain.
	var out []incident.Outcome
	err = f.tx(t, func(tx store.Tx) error {
		as, err := tx.Alerts(ctx, store.AlertFilter{IncidentID: gone.IncidentID, WithRetracted: true})
		if err != nil {
			return err
		}
		a := as[0]
		a.RetractedAt = time.Time{}
		a, _, err = tx.InsertAlert(ctx, a)
		if err != nil {
			return err
		}
		out, err = f.m.Ingest(ctx, tx, []store.Alert{a})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || !out[0].Restored || out[0].IncidentID != gone.IncidentID {
		t.Fatalf("restored outcome %+v", out)
	}
	inc, _ = f.s.Incident(ctx, gone.IncidentID)
	if d, _ := incident.ReadDetails(inc); !d.AllRetractedAt.IsZero() {
		t.Error("the incident is still marked retracted after its alert came back")
	}
	verifyAudit(t, f.s)
}

// TestJoiningAlertRaisesSeverity checks that a critical alert joining an
// open high incident raises it to critical, with a timeline event and a
// page to whom critical pages, and says so in its outcome.
func TestJoiningAlertRaisesSeverity(t *testing.T) {
	f := newFixture(t, testPlan())
	ctx := context.Background()
	first := f.alert(t, "large-withdraw", "high", vault)
	if !first.Opened || first.Severity != "high" || first.Detector != "large-withdraw" {
		t.Fatalf("first outcome %+v", first)
	}
	o := f.alert(t, "reentrancy", "critical", vault)
	if o.IncidentID != first.IncidentID || !o.Raised || o.From != "high" || o.Severity != "critical" || o.Detector != "reentrancy" {
		t.Fatalf("joining outcome %+v", o)
	}
	inc, _ := f.s.Incident(ctx, o.IncidentID)
	if inc.Severity != "critical" || inc.AlertCount != 2 {
		t.Fatalf("incident severity %s, %d alerts", inc.Severity, inc.AlertCount)
	}
	tl, _ := f.s.Timeline(ctx, inc.ID)
	if last := tl[len(tl)-1]; last.Kind != "severity" || !strings.Contains(last.Message, "high → critical") {
		t.Fatalf("last event %+v", last)
	}
	// high pages only ops via the commander; critical pages ops-slack and
	// oncall-pd: the raise pages both, with whom critical pages.
	paged, msgs := f.toldOn(t, inc.ID, notify.IncidentSeverity, "ops-slack", "oncall-pd", "eng-discord")
	for _, m := range msgs {
		if !strings.Contains(fmt.Sprint(m.Fields), "alice, carol") || !strings.HasPrefix(m.Title, "[CRITICAL]") {
			t.Errorf("raise message %+v", m)
		}
	}
	if strings.Join(paged, ",") != "ops-slack,oncall-pd" {
		t.Errorf("raise paged %v", paged)
	}
	// A lower alert later neither lowers nor re-pages.
	o = f.alert(t, "large-withdraw", "high", vault)
	if o.Raised || o.IncidentID != inc.ID {
		t.Fatalf("lower alert outcome %+v", o)
	}
	if inc, _ = f.s.Incident(ctx, inc.ID); inc.Severity != "critical" {
		t.Errorf("severity %s after a lower alert", inc.Severity)
	}
	verifyAudit(t, f.s)
}

// TestCloseGate checks that a manager closes a critical or high incident
// only through its post-mortem check, and refuses when it has none.
func TestCloseGate(t *testing.T) {
	ctx := context.Background()
	closeIt := func(t *testing.T, m *incident.Manager, f *fixture, sev string) error {
		t.Helper()
		id := f.alert(t, "reentrancy-"+sev, sev, vault).IncidentID
		for _, st := range []incident.Status{incident.Contained, incident.Resolved} {
			if err := f.tx(t, func(tx store.Tx) error { _, err := m.SetStatus(ctx, tx, id, st, "alice", ""); return err }); err != nil {
				t.Fatal(err)
			}
		}
		return f.tx(t, func(tx store.Tx) error { _, err := m.SetStatus(ctx, tx, id, incident.Closed, "alice", ""); return err })
	}
	tmpl, _ := notify.NewTemplates(nil)
	for _, c := range []struct {
		name     string
		sev      string
		canClose func(store.Incident, plan.Severity) error
		refused  bool
	}{
		{"critical without a check", "critical", nil, true},
		{"high without a check", "high", nil, true},
		{"medium without a check", "medium", nil, false},
		{"critical, check refuses", "critical", func(store.Incident, plan.Severity) error { return errors.New("no post-mortem yet") }, true},
		{"critical, check passes", "critical", func(store.Incident, plan.Severity) error { return nil }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, testPlan())
			m := incident.New(testPlan(), tmpl, incident.Options{Now: f.clock.Now, CanClose: c.canClose})
			f.m = m
			err := closeIt(t, m, f, c.sev)
			if c.refused != (err != nil) {
				t.Fatalf("close: %v, want refused=%v", err, c.refused)
			}
			if c.refused && (!errors.Is(err, incident.ErrRefused) || !strings.Contains(err.Error(), "post-mortem")) {
				t.Errorf("refusal %v: want ErrRefused naming the post-mortem", err)
			}
		})
	}
}

func verifyAudit(t *testing.T, s store.Store) {
	t.Helper()
	es, err := s.AuditEntries(context.Background(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		t.Fatal("no audit entries")
	}
	if _, err := audit.Verify(es); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
}

func TestSilences(t *testing.T) {
	f := newFixture(t, testPlan())
	ctx := context.Background()
	ms := []incident.Matcher{}
	for _, s := range []string{"detector=reentrancy", "contract=~0x0+AA"} {
		m, err := incident.ParseMatcher(s)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	if err := f.tx(t, func(tx store.Tx) error {
		_, err := f.m.Silence(ctx, tx, ms, time.Hour, "alice", "known upgrade in progress")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if o := f.alert(t, "reentrancy", "critical", vault); o.Silenced == 0 || o.IncidentID != "" {
		t.Fatalf("matching alert not silenced: %+v", o)
	}
	if o := f.alert(t, "reentrancy", "critical", pool); !o.Opened {
		t.Fatalf("an alert on another contract must open: %+v", o)
	}
	if o := f.alert(t, "oracle", "critical", vault); !o.Opened {
		t.Fatalf("another detector must open: %+v", o)
	}
	f.clock.Advance(time.Hour)
	if o := f.alert(t, "reentrancy", "critical", vault); !o.Opened {
		t.Fatalf("after the silence ends the alert opens: %+v", o)
	}

	bad := []string{"nothing", "color=red", "detector=~(", ""}
	for _, s := range bad {
		if _, err := incident.ParseMatcher(s); !errors.Is(err, incident.ErrInvalid) {
			t.Errorf("ParseMatcher(%q) = %v, want ErrInvalid", s, err)
		}
	}
	err := f.tx(t, func(tx store.Tx) error {
		_, err := f.m.Silence(ctx, tx, ms, time.Hour, "alice", " ")
		return err
	})
	if !errors.Is(err, incident.ErrInvalid) {
		t.Errorf("a silence without a comment: %v", err)
	}
	// A detector the plan does not have (a typo) silences nothing, or
	// with != everything: refused.
	for _, s := range []string{"detector=reentrancyy", "detector!=reentrancyy", "detector=~reent"} {
		m, err := incident.ParseMatcher(s)
		if err != nil {
			t.Fatal(err)
		}
		err = f.tx(t, func(tx store.Tx) error {
			_, err := f.m.Silence(ctx, tx, []incident.Matcher{m}, time.Hour, "alice", "typo")
			return err
		})
		if !errors.Is(err, incident.ErrInvalid) || !strings.Contains(err.Error(), "reentrancy") {
			t.Errorf("silence %s: %v, want ErrInvalid listing the plan's detectors", s, err)
		}
	}
	verifyAudit(t, f.s)
}

// pagedOpened returns the channels an incident's "opened" message went to
// with a paging field.
func (f *fixture) pagedOpened(t *testing.T, id string) []string {
	t.Helper()
	var chans []string
	for _, d := range f.outbox(t, id) {
		if d.Message.Event == notify.IncidentOpened && strings.Contains(fmt.Sprint(d.Message.Fields), "alice") {
			chans = append(chans, d.Channel)
		}
	}
	return chans
}

// TestAlertCountAgreesWithTheDatabase: alert_count is the number of alerts
// linked to the incident (held back ones too), and the summary names the
// detectors and types of all of them.
func TestAlertCountAgreesWithTheDatabase(t *testing.T) {
	p := testPlan()
	p.Incidents.GroupBy = []string{"contract"} // types share an incident only by this rule
	f := newFixture(t, p)
	ctx := context.Background()
	first := f.alertOf(t, "reentrancy", "critical", vault, "exploit")
	f.clock.Advance(time.Minute)
	f.alertOf(t, "oracle", "critical", vault, "oracle-manipulation")
	f.clock.Advance(time.Minute)
	f.alertOf(t, "large-withdraw", "medium", vault, "drain")
	f.clock.Advance(time.Minute)
	f.alertOf(t, "large-withdraw", "medium", vault, "drain")
	inc, err := f.s.Incident(ctx, first.IncidentID)
	if err != nil {
		t.Fatal(err)
	}
	as, err := f.s.Alerts(ctx, store.AlertFilter{IncidentID: inc.ID, WithRetracted: true})
	if err != nil {
		t.Fatal(err)
	}
	sum := incident.Summarize(inc)
	if sum.AlertCount != len(as) || len(as) != 4 {
		t.Errorf("alert_count %d, the database links %d alerts (want 4)", sum.AlertCount, len(as))
	}
	if got, want := strings.Join(sum.Detectors, ","), "large-withdraw,oracle,reentrancy"; got != want {
		t.Errorf("detectors %s, want %s", got, want)
	}
	if got, want := strings.Join(sum.Types, ","), "drain,exploit,oracle-manipulation"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
	b, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"alert_count":4`, `"detectors":["large-withdraw","oracle","reentrancy"]`, `"types":["drain","exploit","oracle-manipulation"]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("summary JSON %s lacks %s", b, want)
		}
	}
}

// TestDismissedIncidentDoesNotSwallowAnAttack: an alert that would join an
// incident dismissed as a false positive, or one opened long ago and kept
// alive by a noisy detector, opens its own incident and pages.
func TestDismissedIncidentDoesNotSwallowAnAttack(t *testing.T) {
	ctx := context.Background()
	t.Run("dismissed as a false positive", func(t *testing.T) {
		f := newFixture(t, testPlan())
		fp := f.alert(t, "reentrancy", "critical", vault)
		if err := f.tx(t, func(tx store.Tx) error {
			return f.m.Apply(ctx, tx, fp.IncidentID, "alice", incident.Change{Op: incident.OpDismiss, Reason: "threshold too tight on benign claims"})
		}); err != nil {
			t.Fatal(err)
		}
		inc, err := f.s.Incident(ctx, fp.IncidentID)
		if err != nil {
			t.Fatal(err)
		}
		if inc.Status != incident.Resolved || !incident.Summarize(inc).FalsePositive {
			t.Fatalf("dismissed incident: status %s, summary %+v", inc.Status, incident.Summarize(inc))
		}
		f.clock.Advance(time.Minute)
		o := f.alert(t, "reentrancy", "critical", vault)
		if !o.Opened || o.IncidentID == fp.IncidentID {
			t.Fatalf("attack alert %+v joined the dismissed incident", o)
		}
		if got := f.pagedOpened(t, o.IncidentID); len(got) == 0 {
			t.Errorf("the attack's incident paged nobody")
		}
	})
	t.Run("reopening withdraws the dismissal", func(t *testing.T) {
		f := newFixture(t, testPlan())
		fp := f.alert(t, "reentrancy", "critical", vault)
		if err := f.tx(t, func(tx store.Tx) error {
			if _, err := f.m.Dismiss(ctx, tx, fp.IncidentID, "alice", "benign"); err != nil {
				return err
			}
			_, err := f.m.SetStatus(ctx, tx, fp.IncidentID, incident.Acknowledged, "alice", "look again")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)
		if o := f.alert(t, "reentrancy", "critical", vault); o.Opened {
			t.Fatalf("after reopening, the alert should join %s: %+v", fp.IncidentID, o)
		}
	})
	t.Run("arrives long after the incident opened", func(t *testing.T) {
		f := newFixture(t, testPlan())
		noisy := f.alert(t, "reentrancy", "critical", vault)
		// a benign stream keeps the incident inside its 30m group window
		for range 9 {
			f.clock.Advance(25 * time.Minute)
			if o := f.alert(t, "reentrancy", "critical", vault); o.IncidentID != noisy.IncidentID {
				break
			}
		}
		f.clock.Advance(25 * time.Minute) // 4h10m after it opened
		o := f.alert(t, "reentrancy", "critical", vault)
		if !o.Opened || o.IncidentID == noisy.IncidentID {
			t.Fatalf("alert 4h after the incident opened joined it: %+v", o)
		}
		if got := f.pagedOpened(t, o.IncidentID); len(got) == 0 {
			t.Errorf("the new incident paged nobody")
		}
		tl, err := f.s.Timeline(ctx, o.IncidentID)
		if err != nil {
			t.Fatal(err)
		}
		var said bool
		for _, e := range tl {
			said = said || (e.Kind == "not.joined" && strings.Contains(e.Message, noisy.IncidentID))
		}
		if !said {
			t.Errorf("the new incident's timeline does not say which incident it did not join")
		}
	})
	t.Run("a more severe dismissed incident holds nothing back", func(t *testing.T) {
		f := newFixture(t, testPlan())
		fp := f.alert(t, "reentrancy", "critical", vault)
		if err := f.tx(t, func(tx store.Tx) error {
			_, err := f.m.Dismiss(ctx, tx, fp.IncidentID, "alice", "benign")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if o := f.alert(t, "large-withdraw", "medium", vault); o.Inhibited || !o.Opened {
			t.Fatalf("alert under a dismissed incident: %+v", o)
		}
	})
}
