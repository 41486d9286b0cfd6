// Package servertest serves the HTTP API for other packages' tests: the
// devnet's plan, a store and one critical incident, in process.
package servertest

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/incident/incidenttest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/server"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// API is the API served.
type API struct {
	Server *httptest.Server
	App    *app.App
	Plan   *plan.Plan
	// Incident is the critical incident opened on the pool.
	Incident string
}

// Start serves the API of d's plan (with obligations, and dave, a person
// without a role) over s until the test ends. Each person's bearer token is
// token(name), given to the plan as env:TOK_NAME. One critical exploit
// alert on the pool (pool-reserves-migrated, block 7) opens the incident.
func Start(t *testing.T, d *devnet.Devnet, s store.Store, token func(person string) string) *API {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.yaml")
	if err := d.WritePlanWith(path, devnet.PlanExtras{Obligations: true}); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p.People = append(p.People, plan.Person{Name: "dave"})
	for i := range p.People {
		v := "TOK_" + strings.ToUpper(p.People[i].Name)
		t.Setenv(v, token(p.People[i].Name))
		if p.People[i].Token, err = plan.ParseSecretRef("env:"+v, ""); err != nil {
			t.Fatal(err)
		}
	}
	a, err := app.New(p, s, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	id := incidenttest.Open(t, s, a.Incidents, store.Alert{Detector: "pool-reserves-migrated", Severity: "critical", IncidentType: "exploit", Network: "devnet",
		BlockNumber: 7, BlockHash: "0x07", TxHash: "0x" + strings.Repeat("77", 32), Contract: p.Contract("pool").Address.Hex(), Summary: "reserves <b>migrated</b>"}, nil)
	tokens, err := server.TokensFromPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.NewServer(server.Config{Store: s, Incidents: a.Incidents, Tokens: tokens, Plan: p, Responder: a.Responder, Comms: a.Comms}).Handler())
	t.Cleanup(srv.Close)
	return &API{Server: srv, App: a, Plan: p, Incident: id}
}
