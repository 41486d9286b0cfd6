package cli

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/incident/incidenttest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/server"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/backend"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// incidentFixture writes the scaffold plan and a database holding one
// critical incident, and returns the plan path, the DSN and the incident id.
func incidentFixture(t *testing.T) (planPath, dsn, id string, p *plan.Plan, s store.Store) {
	t.Helper()
	dir := t.TempDir()
	planPath = filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(planPath, plan.Scaffold(), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(planPath)
	if err != nil {
		t.Fatal(err)
	}
	dsn = "sqlite:" + filepath.Join(dir, "bg.db")
	s, err = backend.Open(t.Context(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a, err := app.New(p, s, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	m := a.Incidents
	al := storetest.Alert(19000000, 0, "reentrancy")
	al.Summary = "vault re-entered"
	id = incidenttest.Open(t, s, m, al, nil)
	return planPath, dsn, id, p, s
}

func TestIncidentCommandsOnTheDatabase(t *testing.T) {
	planPath, dsn, id, _, _ := incidentFixture(t)
	steps := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"incident", "list", "--db", dsn}, 0, id},
		{[]string{"incident", "list", "--db", dsn, "--status", "detected,acknowledged"}, 0, id},
		{[]string{"incident", "list", "--db", dsn, "--status", "detected,Open"}, 1, `--status: invalid request: unknown status "Open" (want one of [detected acknowledged`},
		{[]string{"incident", "status", id, "fixed", "--db", dsn, "--plan", planPath, "--as", "alice"}, 1, `unknown status "fixed"`},
		{[]string{"incident", "show", id, "--db", dsn}, 0, "vault re-entered"},
		{[]string{"incident", "ack", id, "--db", dsn}, 1, "need --plan FILE and --as PERSON"},
		{[]string{"incident", "ack", id, "--db", dsn, "--plan", planPath, "--as", "carol"}, 0, "acknowledged by carol"},
		{[]string{"incident", "ack", id, "--db", dsn, "--plan", planPath, "--as", "alice"}, 1, "already acknowledged by carol"},
		{[]string{"incident", "status", id, "contained", "--db", dsn, "--plan", planPath, "--as", "carol"}, 1, "needs the incident_commander or technical_lead role"},
		{[]string{"incident", "status", id, "contained", "--db", dsn, "--plan", planPath, "--as", "alice", "--reason", "paused"}, 0, "acknowledged → contained: paused"},
		{[]string{"incident", "severity", id, "high", "--db", dsn, "--plan", planPath, "--as", "alice"}, 1, "needs a reason"},
		{[]string{"incident", "assign", id, "scribe", "carol", "--db", dsn, "--plan", planPath, "--as", "alice"}, 0, "carol is now scribe"},
		{[]string{"incident", "note", id, "attacker funded from a mixer", "--db", dsn, "--plan", planPath, "--as", "bob"}, 0, "attacker funded from a mixer"},
		// The close gate holds on the database path as it does in the API:
		// a critical incident needs its post-mortem first.
		{[]string{"incident", "status", id, "resolved", "--db", dsn, "--plan", planPath, "--as", "alice", "--reason", "funds back"}, 0, "resolved"},
		{[]string{"incident", "status", id, "closed", "--db", dsn, "--plan", planPath, "--as", "alice"}, 1, "needs a post-mortem before it closes"},
		{[]string{"incident", "show", "INC-1999-0001", "--db", dsn}, 1, "not found"},
		{[]string{"incident", "list", "--db", "mysql://nope"}, 1, "--db"},
	}
	for _, s := range steps {
		code, out, errOut := runCLI(t, s.args...)
		if code != s.code || !strings.Contains(out+errOut, s.contains) {
			t.Errorf("%v: exit %d\nstdout %s\nstderr %s\nwant exit %d containing %q", s.args, code, out, errOut, s.code, s.contains)
		}
	}
	code, out, _ := runCLI(t, "incident", "show", id, "--db", dsn, "--json")
	var rec incident.Record
	if code != 0 || json.Unmarshal([]byte(out), &rec) != nil {
		t.Fatalf("show --json: %d %s", code, out)
	}
	if rec.Incident.Status != incident.Resolved || rec.Incident.Roles["scribe"] != "carol" || len(rec.Timeline) < 8 {
		t.Errorf("record %+v", rec.Incident)
	}
}

func TestIncidentCommandsThroughTheAPI(t *testing.T) {
	t.Setenv("ALICE_API_TOKEN", "tok-alice")
	t.Setenv("BOB_API_TOKEN", "tok-bob")
	t.Setenv("CAROL_API_TOKEN", "tok-carol")
	_, _, id, p, s := incidentFixture(t)
	tokens, err := server.TokensFromPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(p, s, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(server.New(s, a.Incidents, tokens, nil).Handler())
	defer srv.Close()
	steps := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"incident", "list", "--api", srv.URL}, 1, "needs a token"},
		{[]string{"incident", "list", "--api", srv.URL, "--token", "wrong"}, 1, "unknown token (HTTP 401)"},
		{[]string{"incident", "list", "--api", srv.URL, "--token", "tok-carol"}, 0, id},
		{[]string{"incident", "status", id, "contained", "--api", srv.URL, "--token", "tok-carol"}, 1, "HTTP 403"},
		{[]string{"incident", "ack", id, "--api", srv.URL, "--token", "tok-bob"}, 0, "acknowledged by bob"},
		{[]string{"incident", "status", id, "contained", "--api", srv.URL, "--token", "tok-alice", "--reason", "pause mined"}, 0, "contained"},
		{[]string{"incident", "show", id, "--api", "ftp://x", "--token", "t"}, 1, "want an http:// or https:// URL"},
	}
	for _, st := range steps {
		code, out, errOut := runCLI(t, st.args...)
		if code != st.code || !strings.Contains(out+errOut, st.contains) {
			t.Errorf("%v: exit %d\nstdout %s\nstderr %s\nwant exit %d containing %q", st.args, code, out, errOut, st.code, st.contains)
		}
		if strings.Contains(out+errOut, "tok-alice") {
			t.Error("a token was printed")
		}
	}
}

// TestIncidentListJSONAgreesWithTheDatabase: `incident list --json` counts
// every alert linked to the incident (held back ones too) and names the
// detectors and types of all of them; `incident dismiss` marks a false
// positive, and the next alert of the same group opens a new incident.
func TestIncidentListJSONAgreesWithTheDatabase(t *testing.T) {
	planPath, dsn, id, p, s := incidentFixture(t)
	a, err := app.New(p, s, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	ingest := func(al store.Alert) incident.Outcome {
		t.Helper()
		out := incidenttest.Ingest(t, s, a.Incidents, []store.Alert{al}, nil)
		if len(out) != 1 {
			return incident.Outcome{}
		}
		return out[0]
	}
	joined := storetest.Alert(19000001, 0, "oracle-deviation")
	held := storetest.Alert(19000002, 0, "large-withdrawal")
	held.Severity = "high"
	if o := ingest(joined); o.IncidentID != id || o.Opened {
		t.Fatalf("same exploit, another detector: %+v", o)
	}
	if o := ingest(held); o.IncidentID != id || !o.Inhibited {
		t.Fatalf("lower alert under the critical incident: %+v", o)
	}
	linked, err := s.Alerts(t.Context(), store.AlertFilter{IncidentID: id, WithRetracted: true})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "incident", "list", "--db", dsn, "--json")
	var list []incident.Summary
	if code != 0 {
		t.Fatalf("list --json: exit %d: %s", code, errOut)
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		var wrapped struct {
			Incidents []incident.Summary `json:"incidents"`
		}
		if err := json.Unmarshal([]byte(out), &wrapped); err != nil {
			t.Fatalf("list --json: %v: %s", err, out)
		}
		list = wrapped.Incidents
	}
	if len(list) != 1 || list[0].AlertCount != len(linked) || len(linked) != 3 {
		t.Fatalf("alert_count %+v, the database links %d alerts to %s (want 3)", list, len(linked), id)
	}
	if got := strings.Join(list[0].Detectors, ","); got != "large-withdrawal,oracle-deviation,reentrancy" {
		t.Errorf("detectors %s", got)
	}
	if got := strings.Join(list[0].Types, ","); got != "exploit" {
		t.Errorf("types %s", got)
	}

	if code, out, errOut := runCLI(t, "incident", "dismiss", id, "--db", dsn, "--plan", planPath, "--as", "alice", "--reason", "benign claims over a tight threshold"); code != 0 || !strings.Contains(out, "false positive") {
		t.Fatalf("dismiss: exit %d\n%s\n%s", code, out, errOut)
	}
	if o := ingest(storetest.Alert(19000003, 0, "reentrancy")); !o.Opened || o.IncidentID == id {
		t.Fatalf("an alert after the dismissal joined the false positive: %+v", o)
	}
}
