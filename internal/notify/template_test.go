package notify_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/notify"
)

func data() notify.Data {
	return notify.Data{
		Incident: notify.Incident{
			ID: "INC-3", Title: "Re-entrancy drained the pool", Type: "exploit", Severity: "critical",
			Status: "contained", Network: "devnet", Contract: "LendingPool", Block: 42, TxHash: "0xdead",
			Loss: "12.5 ETH", LossConfirmed: false,
			Roles:   map[string]string{"incident_commander": "alice"},
			Notes:   []string{"SECRET-NOTE: attacker linked to exchange X"},
			Signers: []string{"0xSIGNER0000000000000000000000000000000001"},
		},
		Actor:   "bob",
		Text:    "Pause mined.",
		Details: []notify.Field{{Name: "safeTxHash", Value: "0xSAFETX"}},
		Time:    t0,
	}
}

func TestExternalNeverSeesInternalDetails(t *testing.T) {
	// An override that tries to print everything internal.
	leaky := `{{.Incident.Notes}} {{.Incident.Signers}} {{.Incident.Roles}} {{.Incident.Loss}} {{.Actor}} {{range .Details}}{{.Value}}{{end}}`
	ts, err := notify.NewTemplates(map[string]string{
		"incident.status.external.body":  leaky,
		"incident.status.external.title": leaky,
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ts.Render("k", notify.IncidentStatus, notify.External, data())
	if err != nil {
		t.Fatal(err)
	}
	all := m.Title + m.Body
	for _, f := range m.Fields {
		all += f.Name + f.Value
	}
	for _, secret := range []string{"SECRET-NOTE", "0xSIGNER", "alice", "12.5 ETH", "bob", "0xSAFETX", "0xdead"} {
		if strings.Contains(all, secret) {
			t.Errorf("external message leaks %q: %s", secret, all)
		}
	}

	// A confirmed loss may be told.
	d := data()
	d.Incident.LossConfirmed = true
	m, err = ts.Render("k", notify.IncidentResolved, notify.External, d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Body, "12.5 ETH") {
		t.Errorf("confirmed loss missing: %q", m.Body)
	}
}

func TestInternalRendering(t *testing.T) {
	ts, err := notify.NewTemplates(nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ts.Render("INC-3/opened", notify.IncidentOpened, notify.Internal, data())
	if err != nil {
		t.Fatal(err)
	}
	if m.Title != "[CRITICAL] INC-3 opened: Re-entrancy drained the pool" {
		t.Errorf("title %q", m.Title)
	}
	if !strings.Contains(m.Body, "Commander: alice") || !strings.Contains(m.Body, "block 42") {
		t.Errorf("body %q", m.Body)
	}
	var names []string
	for _, f := range m.Fields {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "Status,Severity,Network,Contract,Incident,Type,Block,Tx,Loss,Loss status,safeTxHash" {
		t.Errorf("fields %s", got)
	}
	if !ts.HasTemplate(notify.IncidentOpened, notify.External) || ts.HasTemplate(notify.IncidentEscalated, notify.External) {
		t.Error("HasTemplate: escalations must stay internal")
	}
	if _, err := notify.NewTemplates(map[string]string{"x": "{{.Broken"}); err == nil {
		t.Error("a broken override must fail")
	}
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"hello", 10, "hello"}, {"hello", 5, "hello"}, {"hello", 4, "hel…"}, {"héllo", 2, "h…"}, {"abc", 0, ""}, {"abc", 1, "a"},
	} {
		if got := notify.Truncate(c.in, c.max); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

// TestExternalOnlyPublicTemplates checks that an external audience is
// rendered only from the events' own public templates, never sees the
// alert's words (the incident title) or text written for responders, and
// does see a status update's words, which are written for it.
func TestExternalOnlyPublicTemplates(t *testing.T) {
	ts, err := notify.NewTemplates(map[string]string{
		// A plan override for both audiences of an internal-only event.
		"incident.escalated.external.body": "{{.Incident.Title}} {{.Text}}",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []notify.Event{notify.IncidentEscalated, notify.IncidentRepeat, notify.ActionUpdate, notify.ObligationReminder, notify.IncidentRetracted, notify.SignatureRequest} {
		if _, err := ts.Render("k", e, notify.External, data()); !errors.Is(err, notify.ErrNotPublic) {
			t.Errorf("%s rendered for an external audience: %v", e, err)
		}
	}
	cases := []struct {
		event    notify.Event
		text     string
		wantText bool
	}{
		{notify.StatusUpdate, "We paused the pool.", true},
		{notify.IncidentResolved, "internal reason: key of bob leaked", false},
		{notify.IncidentStatus, "internal reason: key of bob leaked", false},
	}
	for _, c := range cases {
		d := data()
		d.Text = c.text
		m, err := ts.Render("k", c.event, notify.External, d)
		if err != nil {
			t.Fatalf("%s: %v", c.event, err)
		}
		all := m.Title + " " + m.Body
		if strings.Contains(all, "Re-entrancy drained the pool") || strings.Contains(all, "INC-3") {
			t.Errorf("%s: external message carries the alert's words or the id: %q", c.event, all)
		}
		if strings.Contains(all, c.text) != c.wantText {
			t.Errorf("%s: text shown=%v, want %v: %q", c.event, !c.wantText, c.wantText, all)
		}
		if !strings.Contains(all, "LendingPool") {
			t.Errorf("%s: the affected contract is missing: %q", c.event, all)
		}
	}
}
