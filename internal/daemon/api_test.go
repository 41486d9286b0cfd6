package daemon_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/daemon/daemontest"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestDaemonServesTheWarRoomAPI: the daemon's API has the containment
// routes, with the daemon's parts behind them: the commander asks for a
// pause through the API (her own approval is enough) and the daemon's
// outbox carries it out on the devnet; the OpenAPI document is served.
func TestDaemonServesTheWarRoomAPI(t *testing.T) {
	dn := devnettest.Start(t)
	_, p := devnettest.Plan(t, dn)
	t.Setenv("BG_TEST_ALICE_TOKEN", "alice-token")
	ref, err := plan.ParseSecretRef("env:BG_TEST_ALICE_TOKEN", "")
	if err != nil {
		t.Fatal(err)
	}
	p.People[0].Token = ref // alice, the incident commander
	s := storetest.SQLite(t, store.Options{})
	_, addr, stop := daemontest.Start(t, daemon.Config{Log: testLog(), Plan: p, Store: s, Listen: "127.0.0.1:0"})
	defer stop()
	base := "http://" + addr
	call := func(method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer alice-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := call("GET", "/api/v1/openapi.json", ""); status != 200 || !strings.Contains(body, `"/api/v1/actions/{aid}/approve"`) {
		t.Fatalf("openapi.json: %d", status)
	}
	status, body := call("POST", "/api/v1/actions", `{"contract":"pool","action":"pause"}`)
	var a respond.ActionView
	// Approved and queued; the daemon may have started on it already.
	if status != 200 || json.Unmarshal([]byte(body), &a) != nil || len(a.Approvals) != 1 ||
		(a.Status != respond.StatusApproved && a.Status != respond.StatusExecuting && a.Status != respond.StatusSubmitted && a.Status != respond.StatusMined) {
		t.Fatalf("pause asked by the commander: %d %s", status, body)
	}
	waitFor(t, "the daemon to carry out the pause", 30*time.Second, func() bool {
		_, body := call("GET", "/api/v1/actions/1", "")
		return strings.Contains(body, `"status": "mined"`)
	})
}
