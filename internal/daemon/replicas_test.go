package daemon_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/daemon/daemontest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// evaluated returns how many blocks of network d evaluated: those it
// committed and those another daemon committed first.
func evaluated(t *testing.T, d *daemon.Daemon, network string) float64 {
	return metricBy(t, d, "breakglass_chain_blocks_processed_total", "network")[network] +
		metricBy(t, d, "breakglass_chain_blocks_committed_elsewhere_total", "network")[network]
}

// runStoppable runs a daemon in this process and returns once it runs;
// stop (also called when the test ends) stops it.
func runStoppable(t *testing.T, cfg daemon.Config) (*daemon.Daemon, func()) {
	t.Helper()
	cfg.Log = testLog()
	cfg.Tick, cfg.OutboxPoll = 100*time.Millisecond, 50*time.Millisecond
	d, _, stop := daemontest.Start(t, cfg)
	return d, stop
}

// TestReplicas: with replicas: 2, two of three daemons sharing the store
// follow the network; when one of them stops, the third takes its place,
// while the other goes on committing: every block once.
func TestReplicas(t *testing.T) {
	dsn, _ := storetest.PostgresSchema(t)
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: 500 * time.Millisecond})
	sink := notifytest.NewHTTPServer(t)
	p := writePlan(t, dn, sink.URL)
	src, err := os.ReadFile(p.Path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "  - name: devnet\n", "  - name: devnet\n    replicas: 2\n", 1)
	if edited == string(src) {
		t.Fatal("no devnet network in the plan")
	}
	if err := os.WriteFile(p.Path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err = plan.Load(p.Path); err != nil || p.Networks[0].Replicas != 2 {
		t.Fatalf("plan with replicas: %v", err)
	}

	ids := []string{"x", "y", "z"}
	ds := map[string]*daemon.Daemon{}
	obs := map[string]*latencies{}
	stops := map[string]func(){}
	for _, id := range ids {
		obs[id] = &latencies{}
		d, stop := runStoppable(t, daemon.Config{Plan: p, Store: storetest.OpenPostgres(t, dsn, store.Options{}), ID: id, Listen: "off",
			Observer: obs[id], LeaseTTL: 1500 * time.Millisecond})
		stops[id] = stop
		ds[id] = d
	}
	// followers returns the daemons that evaluate blocks over a few.
	followers := func(among []string) []string {
		before := map[string]float64{}
		for _, id := range among {
			before[id] = evaluated(t, ds[id], "devnet")
		}
		time.Sleep(2500 * time.Millisecond)
		var out []string
		for _, id := range among {
			if evaluated(t, ds[id], "devnet") > before[id] {
				out = append(out, id)
			}
		}
		return out
	}
	time.Sleep(2 * time.Second) // every daemon has seen the others
	first := followers(ids)
	if len(first) != 2 {
		t.Fatalf("daemons following the network: %v, want 2 of %v", first, ids)
	}
	idle := ""
	for _, id := range ids {
		if id != first[0] && id != first[1] {
			idle = id
		}
	}
	// One follower stops (it resigns its membership): the idle one takes
	// its place.
	stops[first[0]]()
	time.Sleep(time.Second)
	then := followers([]string{first[1], idle})
	if len(then) != 2 {
		t.Fatalf("after %s stopped, daemons following: %v, want %s and %s", first[0], then, first[1], idle)
	}
	t.Logf("replicas 2 of 3: %v followed; %s stopped, %v follow", first, first[0], then)
	everyBlockOnce(t, storetest.OpenPostgres(t, dsn, store.Options{}), obs["x"], obs["y"], obs["z"])
}
