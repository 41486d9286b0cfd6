package server_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/incident/incidenttest"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/server"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

func setup(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	return setupWith(t, incident.Options{})
}

// setupWith serves a plan with one critical incident, its manager built
// with opts.
func setupWith(t *testing.T, opts incident.Options) (*httptest.Server, string) {
	t.Helper()
	ref := func(name string) plan.SecretRef {
		r, err := plan.ParseSecretRef("env:"+name, "")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	t.Setenv("TOK_ALICE", "alice-token")
	t.Setenv("TOK_ERIN", "erin-token")
	p := &plan.Plan{
		Version: 1,
		People:  []plan.Person{{Name: "alice", Token: ref("TOK_ALICE")}, {Name: "erin", Token: ref("TOK_ERIN")}, {Name: "bob"}},
		Roles: map[string]plan.Role{
			plan.RoleIncidentCommander:  {Primary: "alice", Backups: []string{"bob"}},
			plan.RoleCommunicationsLead: {Primary: "erin"},
		},
		Severities: []plan.Severity{{Name: "critical"}, {Name: "high"}},
	}
	s := storetest.SQLite(t, store.Options{})
	tmpl, _ := notify.NewTemplates(nil)
	m := incident.New(p, tmpl, opts)
	id := incidenttest.Open(t, s, m, store.Alert{Detector: "reentrancy", Severity: "critical", Network: "devnet", BlockNumber: 7, BlockHash: "0x07", TxHash: "0x77", Contract: "0xaa", Summary: "re-entered"}, nil)
	tokens, err := server.TokensFromPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(s, m, tokens, nil).Handler())
	t.Cleanup(srv.Close)
	return srv, id
}

func call(t *testing.T, srv *httptest.Server, method, path, token, body string) (int, string) {
	t.Helper()
	// Every answer of the API is checked against the OpenAPI document.
	_, router := openAPI(t)
	check := strings.HasPrefix(path, "/api/v1/") && !strings.HasPrefix(path, "/api/v1/nosuch")
	return (&warRoom{srv: srv, router: router}).send(t, method, path, token, body, check)
}

func TestAPI(t *testing.T) {
	srv, id := setup(t)
	inc := "/api/v1/incidents/" + id
	cases := []struct {
		name, method, path, token, body string
		status                          int
		contains                        string
	}{
		{"no token", "GET", "/api/v1/incidents", "", "", 401, "missing bearer token"},
		{"bad token", "GET", "/api/v1/incidents", "nope", "", 401, "unknown token"},
		{"list", "GET", "/api/v1/incidents", "erin-token", "", 200, id},
		{"show", "GET", inc, "erin-token", "", 200, `"kind": "opened"`},
		{"unknown incident", "GET", "/api/v1/incidents/INC-1999-0001", "erin-token", "", 404, "not found"},
		{"comms lead may not change status", "POST", inc + "/status", "erin-token", `{"status":"contained"}`, 403, "incident_commander"},
		{"anyone may ack", "POST", inc + "/ack", "erin-token", "", 200, `"acked_by": "erin"`},
		{"ack twice", "POST", inc + "/ack", "alice-token", "", 409, "already acknowledged"},
		{"note", "POST", inc + "/notes", "erin-token", `{"text":"drafting the statement"}`, 200, "drafting the statement"},
		{"unknown field", "POST", inc + "/notes", "erin-token", `{"txt":"x"}`, 400, "unknown field"},
		{"commander contains", "POST", inc + "/status", "alice-token", `{"status":"contained","reason":"pause mined"}`, 200, `"status": "contained"`},
		{"backwards", "POST", inc + "/status", "alice-token", `{"status":"detected"}`, 409, "backwards"},
		{"severity needs a reason", "POST", inc + "/severity", "alice-token", `{"severity":"high"}`, 422, "reason"},
		{"severity", "POST", inc + "/severity", "alice-token", `{"severity":"high","reason":"test funds only"}`, 200, `"severity": "high"`},
		{"assign unknown person", "POST", inc + "/assign", "alice-token", `{"role":"communications_lead","person":"zed"}`, 422, "not a person"},
		{"assign", "POST", inc + "/assign", "alice-token", `{"role":"communications_lead","person":"bob"}`, 200, `"communications_lead": "bob"`},
	}
	for _, c := range cases {
		status, body := call(t, srv, c.method, c.path, c.token, c.body)
		if status != c.status || !strings.Contains(body, c.contains) {
			t.Errorf("%s: %d %s\nwant %d containing %q", c.name, status, body, c.status, c.contains)
		}
	}
	// The record's timeline holds every change with its actor.
	_, body := call(t, srv, "GET", inc, "alice-token", "")
	var rec incident.Record
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range rec.Timeline {
		got = append(got, fmt.Sprintf("%s:%s", e.Kind, e.Actor))
	}
	want := "opened:breakglass role:breakglass role:breakglass ack:erin note:erin status:alice severity:alice role:alice"
	if strings.Join(got, " ") != want {
		t.Errorf("timeline %v\nwant %s", got, want)
	}
	if strings.Contains(body, "alice-token") || strings.Contains(body, "erin-token") {
		t.Error("a token appears in the API output")
	}
}

// TestAPIErrors checks that every domain error is answered 4xx with its
// reason, never a bare 500; closing a critical incident without a
// post-mortem is refused whether or not the manager was given the
// post-mortem check.
func TestAPIErrors(t *testing.T) {
	for _, o := range []struct {
		name string
		opts incident.Options
	}{
		{"with the post-mortem check", incident.Options{CanClose: report.CanClose}},
		{"without a check", incident.Options{}},
	} {
		t.Run(o.name, func(t *testing.T) {
			srv, id := setupWith(t, o.opts)
			inc := "/api/v1/incidents/" + id
			for _, st := range []string{"contained", "resolved"} {
				if status, body := call(t, srv, "POST", inc+"/status", "alice-token", `{"status":"`+st+`"}`); status != 200 {
					t.Fatalf("→ %s: %d %s", st, status, body)
				}
			}
			cases := []struct {
				name, method, path, body string
				status                   int
				contains                 string
			}{
				{"close without a post-mortem", "POST", inc + "/status", `{"status":"closed"}`, 409, "post-mortem"},
				{"unknown status", "POST", inc + "/status", `{"status":"exploded"}`, 422, "unknown status"},
				{"empty status", "POST", inc + "/status", `{}`, 422, "unknown status"},
				{"invalid transition", "POST", inc + "/status", `{"status":"detected"}`, 409, "backwards"},
				{"unknown incident", "POST", "/api/v1/incidents/INC-1999-0042/status", `{"status":"closed"}`, 404, "not found"},
				{"unknown incident note", "POST", "/api/v1/incidents/INC-1999-0042/notes", `{"text":"x"}`, 404, "not found"},
				{"bad JSON", "POST", inc + "/notes", `{"text":`, 400, "bad JSON"},
				{"wrong type", "POST", inc + "/status", `{"status":5}`, 400, "bad JSON"},
				{"empty note", "POST", inc + "/notes", `{"text":" "}`, 422, "empty note"},
				{"unknown role", "POST", inc + "/assign", `{"role":"mascot","person":"bob"}`, 422, "not in the plan"},
				{"unknown severity", "POST", inc + "/severity", `{"severity":"apocalyptic","reason":"x"}`, 422, "not in the plan"},
				{"same severity", "POST", inc + "/severity", `{"severity":"critical","reason":"x"}`, 409, "already critical"},
				{"forbidden", "POST", inc + "/status", `{"status":"closed"}`, 403, "incident_commander"},
			}
			for _, c := range cases {
				token := "alice-token"
				if c.name == "forbidden" {
					token = "erin-token"
				}
				status, body := call(t, srv, c.method, c.path, token, c.body)
				if status != c.status || !strings.Contains(body, c.contains) || !strings.Contains(body, `"error"`) {
					t.Errorf("%s: %d %s\nwant %d containing %q", c.name, status, body, c.status, c.contains)
				}
			}
			_, body := call(t, srv, "GET", inc, "alice-token", "")
			if !strings.Contains(body, `"status": "resolved"`) {
				t.Errorf("the incident closed anyway: %s", body)
			}
		})
	}
}
