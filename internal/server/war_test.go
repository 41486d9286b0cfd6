package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/report/evidence"
	"github.com/breakglass-dev/breakglass/internal/report/reporttest"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/server"
	"github.com/breakglass-dev/breakglass/internal/server/servertest"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

func init() {
	openapi3filter.RegisterBodyDecoder("text/markdown", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/gzip", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder)
}

// warRoom is a running API over the devnet's plan (with its obligations),
// a real store and one critical incident on the pool. People: alice
// (incident commander), bob (technical lead), carol (communications and
// legal lead), dave (no role); each has a token "NAME-token".
type warRoom struct {
	srv    *httptest.Server
	app    *app.App
	store  store.Store
	incID  string
	d      *devnet.Devnet
	router routers.Router
	// answered holds the operations that answered 2xx.
	mu       sync.Mutex
	answered map[string]bool
}

// openAPI loads and validates the served document.
func openAPI(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(server.OpenAPI)
	if err != nil {
		t.Fatalf("load openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, router
}

func newWarRoom(t *testing.T, d *devnet.Devnet, s store.Store) *warRoom {
	t.Helper()
	api := servertest.Start(t, d, s, func(name string) string { return name + "-token" })
	_, router := openAPI(t)
	return &warRoom{srv: api.Server, app: api.App, store: s, incID: api.Incident, d: d, router: router}
}

// call sends a request as who (a token name, "" for none) and checks the
// answer against the OpenAPI document: the route must be in it, and the
// status, headers and body must be valid for it.
func (w *warRoom) call(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	return w.send(t, method, path, token, body, true)
}

// send sends a request with token ("" for none) and body (JSON, "" for
// none); with check, the answer is checked as call does.
func (w *warRoom) send(t *testing.T, method, path, token, body string, check bool) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, w.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if check {
		w.validate(t, req, resp, data)
	}
	return resp.StatusCode, string(data)
}

func (w *warRoom) validate(t *testing.T, req *http.Request, resp *http.Response, data []byte) {
	t.Helper()
	route, params, err := w.router.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s: not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(data)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s → %d: response does not match the OpenAPI document: %v\n%s", req.Method, req.URL.Path, resp.StatusCode, err, data)
	}
	if resp.StatusCode/100 == 2 {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.answered == nil {
			w.answered = map[string]bool{}
		}
		w.answered[route.Operation.OperationID] = true
	}
}

// TestEveryRouteNeedsAToken: every operation of the document but the
// document itself answers 401 without a token and with a wrong one — so
// every documented route is served — and the document is served without
// one.
func TestEveryRouteNeedsAToken(t *testing.T) {
	d := devnettest.Start(t)
	w := newWarRoom(t, d, storetest.SQLite(t, store.Options{}))
	doc, _ := openAPI(t)
	n := 0
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			p := strings.NewReplacer("{id}", w.incID, "{aid}", "1", "{sid}", "1", "{name}", "dora").Replace(path)
			if path == "/api/v1/openapi.json" {
				if status, body := w.call(t, method, p, "", ""); status != 200 || !strings.Contains(body, `"openapi": "3.0.3"`) {
					t.Errorf("openapi.json: %d", status)
				}
				continue
			}
			n++
			for _, tok := range []string{"", "nope"} {
				status, body := w.call(t, method, p, tok, "")
				if status != 401 || !strings.Contains(body, `"error"`) {
					t.Errorf("%s %s with token %q: %d %s, want 401", method, p, tok, status, body)
				}
			}
		}
	}
	if n < 35 {
		t.Errorf("only %d operations documented", n)
	}
	// A route not in the document is not served either.
	if status, body := call(t, w.srv, "GET", "/api/v1/nosuch", "alice-token", ""); status != 404 || !strings.Contains(body, "no such API route") {
		t.Errorf("unknown route: %d %s", status, body)
	}
}

type step struct {
	name, method, path, who, body string
	status                        int
	contains                      string
}

func (w *warRoom) run(t *testing.T, steps []step) {
	t.Helper()
	for _, s := range steps {
		tok := ""
		if s.who != "" {
			tok = s.who + "-token"
		}
		status, body := w.call(t, s.method, s.path, tok, s.body)
		if status != s.status || !strings.Contains(body, s.contains) {
			t.Errorf("%s: %s %s as %s: %d %s\nwant %d containing %q", s.name, s.method, s.path, s.who, status, body, s.status, s.contains)
		}
	}
}

// TestWarRoomRoutes drives every route as the people of the plan: the
// happy path, 403 for the wrong role with the reason, 400 for bad input,
// 404, and 409/422 for what the domain refuses; the pause is simulated
// and carried out on the devnet.
func TestWarRoomRoutes(t *testing.T) {
	d := devnettest.Start(t)
	w := newWarRoom(t, d, storetest.SQLite(t, store.Options{}))
	inc := "/api/v1/incidents/" + w.incID
	none := "/api/v1/incidents/INC-1999-0001"
	w.run(t, []step{
		// Incidents and their parts.
		{"list", "GET", "/api/v1/incidents?open=true", "dave", "", 200, w.incID},
		{"list by status", "GET", "/api/v1/incidents?status=detected,acknowledged", "dave", "", 200, w.incID},
		{"list by an unknown status", "GET", "/api/v1/incidents?status=detected,open", "dave", "", 422, `unknown status \"open\" (want one of [detected`},
		{"show", "GET", inc, "dave", "", 200, `"kind": "opened"`},
		{"timeline", "GET", inc + "/timeline", "dave", "", 200, `"kind": "opened"`},
		{"alerts", "GET", inc + "/alerts", "dave", "", 200, "pool-reserves-migrated"},
		{"no actions yet", "GET", inc + "/actions", "dave", "", 200, `"actions": []`},
		{"timeline 404", "GET", none + "/timeline", "dave", "", 404, "not found"},
		{"alerts 404", "GET", none + "/alerts", "dave", "", 404, "not found"},
		{"actions 404", "GET", none + "/actions", "dave", "", 404, "not found"},
		{"ack", "POST", inc + "/ack", "dave", "", 200, `"acked_by": "dave"`},
		{"note", "POST", inc + "/notes", "carol", `{"text":"<script>x</script>"}`, 200, `\u003cscript\u003e`},
		{"comms may not assign", "POST", inc + "/assign", "carol", `{"role":"scribe","person":"dave"}`, 403, "incident_commander or technical_lead"},
		{"assign", "POST", inc + "/assign", "alice", `{"role":"scribe","person":"dave"}`, 200, `"scribe": "dave"`},
		{"severity 404", "POST", none + "/severity", "alice", `{"severity":"high","reason":"x"}`, 404, "not found"},
		{"dismiss needs a reason", "POST", inc + "/dismiss", "alice", `{}`, 422, "reason"},

		// Containment: propose, simulate, approve, execute on the devnet.
		{"propose bad JSON", "POST", "/api/v1/actions", "carol", `{"contract":`, 400, "bad JSON"},
		{"propose unknown field", "POST", "/api/v1/actions", "carol", `{"contract":"pool","action":"pause","urgent":true}`, 400, `unknown field \"urgent\"`},
		{"propose missing action", "POST", "/api/v1/actions", "carol", `{"contract":"pool"}`, 400, `field \"action\" is required`},
		{"propose unknown contract", "POST", "/api/v1/actions", "carol", `{"contract":"nosuch","action":"pause"}`, 422, "not in the plan"},
		{"propose unknown incident", "POST", "/api/v1/actions", "carol", `{"contract":"pool","action":"pause","incident_id":"INC-1999-0001"}`, 404, "not found"},
		{"comms proposes a pause", "POST", "/api/v1/actions", "carol", `{"contract":"pool","action":"pause","incident_id":"` + w.incID + `"}`, 200, `"status": "proposed"`},
		{"show action", "GET", "/api/v1/actions/1", "dave", "", 200, `"requested_by": "carol"`},
		{"bad action id", "GET", "/api/v1/actions/one", "dave", "", 400, `action id \"one\": want a positive number`},
		{"no such action", "GET", "/api/v1/actions/999", "dave", "", 404, "not found"},
		{"list actions", "GET", "/api/v1/actions", "dave", "", 200, `"key": "pause:devnet:`},
		{"list actions of an incident", "GET", "/api/v1/actions?incident=" + w.incID, "dave", "", 200, `"status": "proposed"`},
		{"list actions of no incident", "GET", "/api/v1/actions?incident=INC-1999-0001", "dave", "", 404, "not found"},
		{"simulate", "POST", "/api/v1/actions/simulate", "dave", `{"contract":"pool","action":"pause"}`, 200, `"ok": true`},
		{"simulate unknown", "POST", "/api/v1/actions/simulate", "dave", `{"contract":"pool","action":"explode"}`, 422, "not in the plan"},
		{"simulate missing contract", "POST", "/api/v1/actions/simulate", "dave", `{"action":"pause"}`, 400, `field \"contract\" is required`},
		{"execute before approval", "POST", "/api/v1/actions/1/execute", "alice", "", 409, "needs approvals"},
		{"comms may not approve a pause", "POST", "/api/v1/actions/1/approve", "carol", "", 403, "carol needs the incident_commander or technical_lead role on " + w.incID + " to approve containment"},
		{"nobody may not approve", "POST", "/api/v1/actions/1/approve", "dave", "", 403, "dave needs"},
		{"approve bad id", "POST", "/api/v1/actions/0/approve", "alice", "", 400, "want a positive number"},
		{"approve 404", "POST", "/api/v1/actions/999/approve", "alice", "", 404, "not found"},
		{"approve with a body", "POST", "/api/v1/actions/1/approve", "alice", `{"force":true}`, 400, "unknown field"},
		{"commander approves", "POST", "/api/v1/actions/1/approve", "alice", "", 200, `"status": "approved"`},
		{"approval replayed", "POST", "/api/v1/actions/1/approve", "alice", "", 200, `"person": "alice"`},
		{"comms may not execute", "POST", "/api/v1/actions/1/execute", "carol", "", 403, "carry out containment"},
		{"execute 404", "POST", "/api/v1/actions/999/execute", "alice", "", 404, "not found"},
		{"commander executes", "POST", "/api/v1/actions/1/execute", "alice", "", 200, `"status": "mined"`},
		{"execute again", "POST", "/api/v1/actions/1/execute", "alice", "", 200, `"status": "mined"`},
		{"simulate a paused pool", "POST", "/api/v1/actions/simulate", "dave", `{"contract":"pool","action":"pause"}`, 200, "already paused"},

		// Reject.
		{"propose unpause", "POST", "/api/v1/actions", "dave", `{"contract":"pool","action":"unpause","incident_id":"` + w.incID + `"}`, 200, `"approvals_needed": 2`},
		{"comms may not reject", "POST", "/api/v1/actions/2/reject", "carol", `{"reason":"no"}`, 403, "reject containment"},
		{"reject needs a reason", "POST", "/api/v1/actions/2/reject", "bob", `{}`, 422, "needs a reason"},
		{"reject bad JSON", "POST", "/api/v1/actions/2/reject", "bob", `{"reason":1}`, 400, "bad JSON"},
		{"reject 404", "POST", "/api/v1/actions/999/reject", "bob", `{"reason":"x"}`, 404, "not found"},
		{"tech lead rejects", "POST", "/api/v1/actions/2/reject", "bob", `{"reason":"still under attack"}`, 200, `"status": "rejected"`},
		{"reject replayed", "POST", "/api/v1/actions/2/reject", "bob", `{"reason":"still under attack"}`, 200, `"status": "rejected"`},
		{"approve a rejected action", "POST", "/api/v1/actions/2/approve", "alice", "", 409, "not waiting for approval"},
		{"reject a mined action", "POST", "/api/v1/actions/1/reject", "bob", `{"reason":"x"}`, 409, "only an action waiting for approval"},

		// Silences.
		{"comms may not silence", "POST", "/api/v1/silences", "carol", `{"matchers":["detector=pool-insolvent"],"for":"1h","comment":"drill"}`, 403, "silence alerts"},
		{"silence without matchers", "POST", "/api/v1/silences", "alice", `{"for":"1h","comment":"drill"}`, 400, `field \"matchers\" is required`},
		{"silence without comment", "POST", "/api/v1/silences", "alice", `{"matchers":["detector=pool-insolvent"],"for":"1h"}`, 400, `field \"comment\" is required`},
		{"silence bad duration", "POST", "/api/v1/silences", "alice", `{"matchers":["detector=pool-insolvent"],"for":"soon","comment":"drill"}`, 400, `want a duration`},
		{"silence bad matcher", "POST", "/api/v1/silences", "alice", `{"matchers":["colour=red"],"for":"1h","comment":"drill"}`, 422, "matcher field"},
		{"silence unknown detector", "POST", "/api/v1/silences", "alice", `{"matchers":["detector=nosuch"],"for":"1h","comment":"drill"}`, 422, "nosuch"},
		{"silence", "POST", "/api/v1/silences", "alice", `{"matchers":["detector=pool-insolvent"],"for":"1h","comment":"drill"}`, 201, `"author": "alice"`},
		{"list silences", "GET", "/api/v1/silences", "dave", "", 200, `"value": "pool-insolvent"`},
		{"list silences bad query", "GET", "/api/v1/silences?all=maybe", "dave", "", 400, "want true or false"},
		{"comms may not end a silence", "DELETE", "/api/v1/silences/1", "carol", "", 403, "silence alerts"},
		{"end silence bad id", "DELETE", "/api/v1/silences/x", "bob", "", 400, "want a positive number"},
		{"end silence 404", "DELETE", "/api/v1/silences/999", "bob", "", 404, "not found"},
		{"end silence", "DELETE", "/api/v1/silences/1", "bob", "", 200, `"comment": "drill"`},
		{"no silence in force", "GET", "/api/v1/silences", "dave", "", 200, `"silences": []`},
		{"every silence", "GET", "/api/v1/silences?all=true", "dave", "", 200, `"id": 1`},

		// Post-mortem and lessons.
		{"post-mortem fields", "GET", inc + "/postmortem", "dave", "", 200, "{"},
		{"post-mortem 404", "GET", none + "/postmortem", "dave", "", 404, "not found"},
		{"edit not an object", "PATCH", inc + "/postmortem", "dave", `["summary"]`, 400, "JSON object"},
		{"edit unknown field", "PATCH", inc + "/postmortem", "dave", `{"sumary":"x"}`, 422, "sumary"},
		{"edit bad item", "PATCH", inc + "/postmortem", "dave", `{"action_items":[{"title":"t","owner":"bob"}]}`, 422, "deadline is required"},
		{"edit 404", "PATCH", none + "/postmortem", "dave", `{"summary":"x"}`, 404, "not found"},
		{"edit", "PATCH", inc + "/postmortem", "dave", `{"summary":"Reserves were migrated.","action_items":[{"title":"Protect migrateReserves","owner":"bob","deadline":"2026-12-31","plan_change":"detector on migrations"}]}`, 200, `"updated_by": "dave"`},
		{"document md", "GET", inc + "/postmortem/document", "dave", "", 200, "Reserves were migrated."},
		{"document html", "GET", inc + "/postmortem/document?format=html", "dave", "", 200, "<html"},
		{"document pdf", "GET", inc + "/postmortem/document?format=pdf", "dave", "", 400, "want md or html"},
		{"document 404", "GET", none + "/postmortem/document", "dave", "", 404, "not found"},
		{"lessons", "GET", "/api/v1/lessons", "dave", "", 200, "Protect migrateReserves"},
		{"lessons pending", "GET", "/api/v1/lessons?pending=true", "dave", "", 200, `"included": false`},
		{"lessons bad query", "GET", "/api/v1/lessons?pending=2", "dave", "", 400, "want true or false"},
		{"edit bad plan patch", "PATCH", inc + "/postmortem", "dave", `{"action_items":[{"title":"Protect migrateReserves","owner":"bob","deadline":"2026-12-31","plan_change":"detector on migrations","plan_patch":[{"detector":"pool-reserves-migrate","field":"severity","value":"high"}]}]}`, 200, `"updated_by": "dave"`},
		{"proposal refused", "GET", "/api/v1/lessons/proposal", "dave", "", 422, `A1 plan_patch[0]: detector \"pool-reserves-migrate\" is not in the plan; did you mean \"pool-reserves-migrated\"?`},
		{"edit plan patch", "PATCH", inc + "/postmortem", "dave", `{"action_items":[{"title":"Protect migrateReserves","owner":"bob","deadline":"2026-12-31","plan_change":"detector on migrations","plan_patch":[{"detector":"pool-reserves-migrated","field":"severity","value":"high"},{"detector":"pool-reserves-migrated","tune":true}]}]}`, 200, `"plan_patch"`},
		{"proposal", "GET", "/api/v1/lessons/proposal?incident=" + w.incID, "dave", "", 200, `/A1: detector on migrations\n+    severity: high`},
		{"proposal untuned", "GET", "/api/v1/lessons/proposal", "dave", "", 200, `plan_patch[1] (tune pool-reserves-migrated): not tuned`},
		{"proposal 404", "GET", "/api/v1/lessons/proposal?incident=INC-1999-0001", "dave", "", 404, "not found"},
		{"analysis not JSON", "POST", inc + "/analyses", "dave", `nope`, 400, "not an analyze tx --json document"},
		{"analysis without tx", "POST", inc + "/analyses", "dave", `{"tx":"0x12"}`, 400, "32-byte transaction hash"},
		{"analysis", "POST", inc + "/analyses", "dave", string(reporttest.AnalysisJSON()), 200, `"tx": "0x`},
		{"analysis 404", "POST", none + "/analyses", "dave", string(reporttest.AnalysisJSON()), 404, "not found"},

		// Obligations.
		{"obligations", "GET", inc + "/obligations", "dave", "", 200, `"obligation": "dora"`},
		{"obligations 404", "GET", none + "/obligations", "dave", "", 404, "not found"},
		{"draft", "GET", inc + "/obligations/dora/draft", "dave", "", 200, "DORA"},
		{"draft of no obligation", "GET", inc + "/obligations/nosuch/draft", "dave", "", 404, "not found"},
		{"nobody may not record facts", "POST", inc + "/obligations/facts", "dave", `{"personal_data":false}`, 403, "legal_lead or incident_commander"},
		{"facts: nothing", "POST", inc + "/obligations/facts", "carol", `{}`, 422, "nothing to record"},
		{"facts: bad loss", "POST", inc + "/obligations/facts", "carol", `{"loss_usd":"1e6"}`, 422, "decimal number"},
		{"facts: bad time", "POST", inc + "/obligations/facts", "carol", `{"aware_at":"yesterday"}`, 400, "bad JSON"},
		{"facts", "POST", inc + "/obligations/facts", "carol", `{"personal_data":false,"jurisdictions":["EU","US"],"loss_usd":"2400000.50"}`, 200, `"loss_usd": "2400000.50"`},
		{"decision without value", "POST", inc + "/obligations/decisions", "carol", `{"name":"material"}`, 400, `field \"value\" is required`},
		{"decision by nobody", "POST", inc + "/obligations/decisions", "dave", `{"name":"material","value":true}`, 403, "record an obligation decision"},
		{"decision", "POST", inc + "/obligations/decisions", "carol", `{"name":"material","value":true,"note":"8-K filer"}`, 200, `"name": "material"`},
		{"commander may not submit when there is a legal lead", "POST", inc + "/obligations/submissions", "alice", `{"obligation":"ic3"}`, 403, "alice needs the legal_lead role"},
		{"submit unknown obligation", "POST", inc + "/obligations/submissions", "carol", `{"obligation":"gdpr"}`, 422, "not in the plan"},
		{"submit without obligation", "POST", inc + "/obligations/submissions", "carol", `{"reference":"x"}`, 400, `field \"obligation\" is required`},
		{"submit 404", "POST", none + "/obligations/submissions", "carol", `{"obligation":"ic3"}`, 404, "not found"},
		{"legal lead submits", "POST", inc + "/obligations/submissions", "carol", `{"obligation":"ic3","reference":"IC3-123"}`, 200, `"reference": "IC3-123"`},
		{"submit twice", "POST", inc + "/obligations/submissions", "carol", `{"obligation":"ic3"}`, 409, "already marked submitted by carol"},

		// Comms.
		{"updates", "GET", inc + "/updates", "dave", "", 200, `"published": []`},
		{"updates 404", "GET", none + "/updates", "dave", "", 404, "not found"},
		{"draft update", "POST", inc + "/updates/drafts", "dave", `{"text":"The pool is paused."}`, 200, `"audience": "external"`},
		{"draft update empty", "POST", inc + "/updates/drafts", "dave", `{"text":""}`, 400, `field \"text\" is required`},
		{"draft update 404", "POST", none + "/updates/drafts", "dave", `{"text":"x"}`, 404, "not found"},
		{"nobody may not send external updates", "POST", inc + "/updates", "dave", `{"text":"The pool is paused."}`, 403, "communications_lead or incident_commander"},
		{"send update without text", "POST", inc + "/updates", "carol", `{}`, 400, `field \"text\" is required`},
		{"send update 404", "POST", none + "/updates", "carol", `{"text":"x"}`, 404, "not found"},
		{"comms lead sends an update", "POST", inc + "/updates", "carol", `{"text":"The pool is paused. Deposits are safe."}`, 200, `"updates": 1`},

		// Evidence.
		{"evidence 404", "GET", none + "/evidence", "dave", "", 404, "not found"},

		// The incident's own changes, last.
		{"comms may not move the status", "POST", inc + "/status", "carol", `{"status":"eradicated"}`, 403, "incident_commander"},
		{"already contained", "POST", inc + "/status", "bob", `{"status":"contained"}`, 409, "already contained"},
		{"eradicate", "POST", inc + "/status", "bob", `{"status":"eradicated","reason":"migrateReserves guarded"}`, 200, `"status": "eradicated"`},
		{"severity", "POST", inc + "/severity", "alice", `{"severity":"high","reason":"no funds left the pool"}`, 200, `"severity": "high"`},
		{"dismiss", "POST", inc + "/dismiss", "alice", `{"reason":"a drill"}`, 200, `"false_positive": true`},
	})

	// The evidence bundle verifies and its export is recorded.
	status, body := w.call(t, "GET", inc+"/evidence", "dave-token", "")
	if status != 200 {
		t.Fatalf("evidence: %d", status)
	}
	res, err := evidence.Verify(bytes.NewReader([]byte(body)))
	if err != nil || res.Incident != w.incID {
		t.Fatalf("the bundle does not verify: %v %+v", err, res.Problems)
	}

	// Every documented operation answered on its happy path here.
	doc, _ := openAPI(t)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !w.answered[op.OperationID] && path != "/api/v1/openapi.json" {
				t.Errorf("%s %s (%s) was not exercised on its happy path", method, path, op.OperationID)
			}
		}
	}

	// Every allowed change is in the audit log with its person.
	entries, err := w.store.AuditEntries(context.Background(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range entries {
		seen = append(seen, e.Actor+":"+e.Action)
	}
	for _, want := range []string{"dave:incident.ack", "alice:incident.role", "carol:incident.action.proposed", "alice:incident.action.approved",
		"alice:incident.action.execute", "bob:incident.action.rejected", "alice:silence.create", "bob:silence.expire", "dave:incident.postmortem",
		"dave:incident.analysis", "carol:incident.obligation", "carol:incident.status_update", "dave:incident.evidence"} {
		if !slices.ContainsFunc(seen, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("audit log lacks %s:\n%s", want, strings.Join(seen, "\n"))
		}
	}
	// The refused ones changed nothing: one approval of the pause.
	if aps, _ := w.store.Approvals(context.Background(), 1); len(aps) != 1 || aps[0].Person != "alice" {
		t.Errorf("approvals of the pause: %+v", aps)
	}
}

// TestConcurrentApprovals: the commander and the technical lead approve an
// unpause (two approvals needed) at the same moment, each twice: both are
// counted, the action is approved once and queued once — on SQLite and on
// PostgreSQL, for actions of an incident and outside one.
func TestConcurrentApprovals(t *testing.T) {
	d := devnettest.Start(t)
	for name, open := range storetest.Backends() {
		t.Run(name, func(t *testing.T) {
			w := newWarRoom(t, d, open(t, store.Options{}))
			for round := range 4 {
				// Rounds alternate between an incident's action and one
				// outside any incident (no incident row to serialise on).
				on := `,"incident_id":"` + w.incID + `"`
				if round%2 == 1 {
					on = ""
				}
				status, body := w.call(t, "POST", "/api/v1/actions", "dave-token", `{"contract":"pool","action":"unpause"`+on+`}`)
				var a respond.ActionView
				if status != 200 || json.Unmarshal([]byte(body), &a) != nil || a.Status != respond.StatusProposed {
					t.Fatalf("round %d: propose: %d %s", round, status, body)
				}
				var wg sync.WaitGroup
				results := make([]string, 4)
				for i, who := range []string{"alice", "bob", "alice", "bob"} {
					wg.Go(func() {
						status, body := w.call(t, "POST", fmt.Sprintf("/api/v1/actions/%d/approve", a.ID), who+"-token", "")
						results[i] = fmt.Sprintf("%s %d %s", who, status, body)
						if status != 200 {
							t.Errorf("round %d: %s approves: %d %s", round, who, status, body)
						}
					})
				}
				wg.Wait()
				ctx := context.Background()
				aps, _ := w.store.Approvals(ctx, a.ID)
				got, _ := w.store.Action(ctx, a.ID)
				items, _ := w.store.OutboxItems(ctx, store.OutboxFilter{Kind: respond.OutboxKind})
				queued := 0
				for _, it := range items {
					if strings.HasSuffix(it.Key, fmt.Sprintf("/%d", a.ID)) {
						queued++
					}
				}
				if len(aps) != 2 || got.Status != respond.StatusApproved || queued != 1 {
					t.Fatalf("round %d: approvals %+v, status %s, queued %d\n%s", round, aps, got.Status, queued, strings.Join(results, "\n"))
				}
				// Out of the way for the next round.
				err := w.store.Tx(ctx, func(tx store.Tx) error {
					got.Status = respond.StatusNoop
					_, err := tx.UpdateAction(ctx, got)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
