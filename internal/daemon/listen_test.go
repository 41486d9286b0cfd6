package daemon_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// TestTakenPortFailsBeforeFollowing: with the API's port taken, Run fails
// at once with a clear message, before it has asked the node anything
// (before, it followed the chain first and failed after).
func TestTakenPortFailsBeforeFollowing(t *testing.T) {
	var calls atomic.Int32
	node := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"jsonrpc":"2.0","id":1,"result":"0x1"}`))
	}))
	defer node.Close()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for _, name := range []string{"GUARDIAN_KEY", "ALICE_API_TOKEN", "BOB_API_TOKEN", "CAROL_API_TOKEN",
		"SLACK_SECURITY_WEBHOOK", "PAGERDUTY_ROUTING_KEY", "STATUS_WEBHOOK_SECRET", "HEARTBEAT_URL"} {
		t.Setenv(name, "x-"+name)
	}
	t.Setenv("GUARDIAN_KEY", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
	t.Setenv("SLACK_SECURITY_WEBHOOK", "https://hooks.slack.com/services/T0/B0/x")
	t.Setenv("MAINNET_RPC_URL", node.URL)
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(path, plan.Scaffold(), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), filepath.Join(dir, "bg.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := daemon.New(daemon.Config{Plan: p, Store: s, Listen: taken.Addr().String(), Log: testLog()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = d.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "API listen on "+taken.Addr().String()) {
		t.Fatalf("Run: %v", err)
	}
	// Nothing started behind the error either: the node stays unasked.
	time.Sleep(time.Second)
	if n := calls.Load(); n != 0 {
		t.Errorf("the node was asked %d time(s) before the port was checked", n)
	}
}
