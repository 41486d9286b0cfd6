package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/incident/incidenttest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/server"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
	"github.com/breakglass-dev/breakglass/internal/web"
)

// planYAML is a small plan: one network with an explorer, one contract
// with pause and unpause, three people with API tokens.
const planYAML = `version: 1
name: web test
networks:
  - name: mainnet
    chain_id: 1
    rpc: [http://127.0.0.1:1]
    explorer: https://explorer.example.org
contracts:
  - name: vault
    network: mainnet
    address: "0x00000000000000000000000000000000000000aa"
    executor: guardian
    actions:
      pause: pause()
      unpause: unpause()
executors:
  - name: guardian
    type: key
    network: mainnet
    key: env:WEB_TEST_KEY
people:
  - {name: alice, token: env:WEB_TOKEN_ALICE}
  - {name: bob, token: env:WEB_TOKEN_BOB}
  - {name: carol, token: env:WEB_TOKEN_CAROL}
roles:
  incident_commander: {primary: alice, backups: [bob]}
  technical_lead: {primary: bob}
  communications_lead: {primary: carol}
severities:
  - {name: critical, ack_within: 5m, requires_postmortem: true}
  - {name: high, ack_within: 15m}
  - {name: low}
policy:
  approvals:
    - actions: [unpause]
      count: 2
      roles: [incident_commander, technical_lead]
detectors:
  - name: drain
    kind: balance
    contract: vault
    balance: {token: native, drop: 50%}
    severity: critical
`

// fixture is a war room over a fresh SQLite store.
type fixture struct {
	t   testing.TB
	st  store.Store
	app *app.App
	web *web.Server
	srv *httptest.Server
	now time.Time
}

func newFixture(t testing.TB, opts ...func(*web.Config)) *fixture {
	t.Helper()
	for k, v := range map[string]string{"WEB_TOKEN_ALICE": "tok-alice", "WEB_TOKEN_BOB": "tok-bob", "WEB_TOKEN_CAROL": "tok-carol",
		"WEB_TEST_KEY": "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"} {
		if tt, ok := t.(*testing.T); ok {
			tt.Setenv(k, v)
		} else {
			os.Setenv(k, v)
		}
	}
	path := filepath.Join(t.TempDir(), "plan.yaml")
	if err := os.WriteFile(path, []byte(planYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.SQLite(t, store.Options{})
	a, err := app.New(p, st, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	tokens, err := server.TokensFromPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{App: a, Tokens: tokens}
	for _, o := range opts {
		o(&cfg)
	}
	w, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	return &fixture{t: t, st: st, app: a, web: w, srv: srv, now: time.Now()}
}

// ingest stores alert a and lets the incident manager group it, as the
// pipeline does; it returns the incident's id.
func (f *fixture) ingest(a store.Alert) string {
	f.t.Helper()
	return incidenttest.Open(f.t, f.st, f.app.Incidents, a, f.app.Responder.Respond)
}

func vaultAlert(block uint64, summary string) store.Alert {
	a := storetest.Alert(block, 0, "drain")
	a.Contract = "0x00000000000000000000000000000000000000aa"
	a.Summary = summary
	a.BlockTime = time.Now().UTC()
	a.TxHash = fmt.Sprintf("0x%064x", block)
	a.BlockHash = fmt.Sprintf("0x%063xb", block)
	a.Fields = json.RawMessage(`{"token":"native","drop":"100000000000000000000","balance":"1500000000000000000"}`)
	return a
}

// client is a browser-like HTTP client with cookies that does not follow
// redirects (so tests see them).
type client struct {
	f    *fixture
	http *http.Client
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) get(path string) (*http.Response, string) {
	c.f.t.Helper()
	res, err := c.http.Get(c.f.srv.URL + path)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.f.t.Helper()
	res, err := c.http.PostForm(c.f.srv.URL+path, form)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrf(t testing.TB, page string) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the page:\n%s", page)
	}
	return m[1]
}

// signIn signs the client in with token and returns the session's CSRF
// token.
func (c *client) signIn(token string) string {
	c.f.t.Helper()
	_, page := c.get("/signin")
	res, body := c.post("/signin", url.Values{"csrf": {csrf(c.f.t, page)}, "token": {token}, "next": {"/incidents"}})
	if res.StatusCode != http.StatusSeeOther {
		c.f.t.Fatalf("sign in: %s\n%s", res.Status, body)
	}
	_, page = c.get("/incidents")
	return csrf(c.f.t, page)
}
