package daemon_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
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

// pings records the heartbeat calls a local server receives.
type pings struct {
	mu    sync.Mutex
	times []time.Time
	reqs  []string
}

func (p *pings) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	p.mu.Lock()
	p.times = append(p.times, time.Now())
	p.reqs = append(p.reqs, r.Method+" "+r.URL.Path+" "+string(b))
	p.mu.Unlock()
	w.Write([]byte("OK"))
}

func (p *pings) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.times)
}

// since counts the calls received after t.
func (p *pings) since(t time.Time) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, at := range p.times {
		if at.After(t) {
			n++
		}
	}
	return n
}

// sealer seals a devnet block every period until stopped, so that a test
// can stop the chain's head at will.
type sealer struct {
	stop func()
}

func startSealing(dn *devnet.Devnet, period time.Duration) *sealer {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				dn.Commit()
			}
		}
	}()
	return &sealer{stop: func() { cancel(); <-done }}
}

// healthPlan writes the devnet's plan with a webhook channel to sinkURL,
// the network's block time and the heartbeat section given.
func healthPlan(t *testing.T, dn *devnet.Devnet, sinkURL, blockTime, heartbeat string) *plan.Plan {
	t.Helper()
	path := devnettest.WritePlan(t, dn, t.TempDir(), func(src string) string {
		s := strings.Replace(src, "    poll_interval: 1s\n", "    poll_interval: 100ms\n    block_time: "+blockTime+"\n", 1)
		if s == src {
			t.Fatal("the devnet's plan has no poll_interval: 1s line to edit")
		}
		return s + fmt.Sprintf("\nchannels:\n  - name: ops\n    type: webhook\n    url: %s\n    secret: env:BG_TEST_WEBHOOK_SECRET\n%s", sinkURL, heartbeat)
	})
	t.Setenv("BG_TEST_WEBHOOK_SECRET", webhookSecret)
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runDaemon starts a daemon with an API on a free port and returns its
// address; it stops when the test ends.
func runDaemon(t *testing.T, cfg daemon.Config) (string, *daemon.Daemon) {
	t.Helper()
	cfg.Log, cfg.Listen = testLog(), "127.0.0.1:0"
	d, addr, _ := daemontest.Start(t, cfg)
	return addr, d
}

// readyz returns /readyz's status and body.
func readyz(t *testing.T, addr string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// metric returns the value of the sample `name{labels}` on /metrics, or
// -1 when there is none.
func metric(t *testing.T, addr, sample string) float64 {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, sample+" "); ok {
			var f float64
			fmt.Sscan(v, &f)
			return f
		}
	}
	return -1
}

// TestHeadStallAndHeartbeat runs the daemon on a devnet whose blocks the
// test seals every 200ms, with a block time of 200ms and a stall after 5
// of them (1s): while blocks come, /readyz is 200 and the heartbeat server
// is called; when sealing stops, the stall is told to the internal
// channel, breakglass_head_stalled{network="devnet"} is 1, /readyz is 503
// with the reason and the heartbeat is no longer called; when blocks come
// again, all of it clears. (Before: nothing noticed a stopped head, and
// there was no /readyz nor heartbeat.)
func TestHeadStallAndHeartbeat(t *testing.T) {
	dn := devnettest.Start(t)
	seal := startSealing(dn, 200*time.Millisecond)
	defer func() { seal.stop() }()
	sink := notifytest.NewHTTPServer(t)
	hb := &pings{}
	hbSrv := &http.Server{Handler: hb}
	ln := listenLocal(t)
	go hbSrv.Serve(ln)
	t.Cleanup(func() { hbSrv.Close() })
	hbURL := "http://" + ln.Addr().String() + "/ping/abc"
	p := healthPlan(t, dn, sink.URL, "200ms", fmt.Sprintf("heartbeat:\n  url: %s\n  method: POST\n  every: 200ms\n  stall_after: 5\n  max_lag: 5\n", hbURL))
	s := storetest.SQLite(t, store.Options{})
	addr, _ := runDaemon(t, daemon.Config{Plan: p, Store: s, HealthEvery: 100 * time.Millisecond})
	const stalled = `breakglass_head_stalled{network="devnet"}`

	// Healthy: ready, pinged, not stalled.
	waitFor(t, "/readyz 200 while blocks come", 20*time.Second, func() bool { c, _ := readyz(t, addr); return c == http.StatusOK })
	waitFor(t, "heartbeat calls while healthy", 10*time.Second, func() bool { return hb.count() >= 3 })
	if v := metric(t, addr, stalled); v != 0 {
		t.Fatalf("%s = %v while blocks come, want 0", stalled, v)
	}
	hb.mu.Lock()
	first := hb.reqs[0]
	hb.mu.Unlock()
	if !strings.HasPrefix(first, "POST /ping/abc {") || !strings.Contains(first, `"ready":true`) {
		t.Errorf("heartbeat call %q: want a POST with the cycle's JSON summary", first)
	}

	// Stalled: sealing stops.
	seal.stop()
	stoppedAt := time.Now()
	var body string
	waitFor(t, "/readyz 503 on the stall", 10*time.Second, func() bool {
		var c int
		c, body = readyz(t, addr)
		return c == http.StatusServiceUnavailable
	})
	detected := time.Now()
	if !strings.Contains(body, "head stalled") {
		t.Errorf("/readyz body does not give the reason: %s", body)
	}
	var rep struct {
		Ready    bool     `json:"ready"`
		Problems []string `json:"problems"`
	}
	if err := json.Unmarshal([]byte(body), &rep); err != nil || rep.Ready {
		t.Errorf("/readyz body %q: want JSON with ready false (%v)", body, err)
	}
	if v := metric(t, addr, stalled); v != 1 {
		t.Errorf("%s = %v on the stall, want 1", stalled, v)
	}
	waitFor(t, "the stall told to the internal channel", 10*time.Second, func() bool {
		for _, r := range sink.Requests() {
			if strings.Contains(string(r.Body), "network.head_stalled") && strings.Contains(string(r.Body), "no new block") {
				return true
			}
		}
		return false
	})
	time.Sleep(time.Second)
	// A call already on its way when the stall was seen may land just
	// after; none may start later.
	if n := hb.since(detected.Add(200 * time.Millisecond)); n != 0 {
		t.Errorf("heartbeat called %d times while stalled", n)
	}
	t.Logf("stall seen %s after sealing stopped (threshold 1s)", detected.Sub(stoppedAt).Round(10*time.Millisecond))

	// Blocks again: ready, pinged, not stalled, and the channel told.
	seal = startSealing(dn, 200*time.Millisecond)
	resumed := time.Now()
	waitFor(t, "/readyz 200 when blocks come again", 10*time.Second, func() bool { c, _ := readyz(t, addr); return c == http.StatusOK })
	waitFor(t, "heartbeat calls again", 10*time.Second, func() bool { return hb.since(resumed) >= 2 })
	if v := metric(t, addr, stalled); v != 0 {
		t.Errorf("%s = %v after blocks came again, want 0", stalled, v)
	}
	waitFor(t, "the resumption told", 10*time.Second, func() bool {
		for _, r := range sink.Requests() {
			if strings.Contains(string(r.Body), "network.head_resumed") {
				return true
			}
		}
		return false
	})
	n := 0
	for _, r := range sink.Requests() {
		if strings.Contains(string(r.Body), "network.head_stalled") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the stall was told %d times, want once", n)
	}
}

// listenLocal listens on a free port of 127.0.0.1.
func listenLocal(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// flaky answers heartbeat calls with 500 until ok is set.
type flaky struct {
	mu    sync.Mutex
	ok    bool
	calls int
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if !f.ok {
		http.Error(w, "down", http.StatusInternalServerError)
	}
}

// TestHeartbeatFailureTold: when the heartbeat URL answers 500 three times
// in a row, the internal channel is told once (the dead-man's switch is
// not reached, and would page for nothing), the failures are counted, and
// the calls go on; once it answers, the successes are counted.
func TestHeartbeatFailureTold(t *testing.T) {
	dn := devnettest.Start(t)
	seal := startSealing(dn, 200*time.Millisecond)
	defer func() { seal.stop() }()
	sink := notifytest.NewHTTPServer(t)
	hb := &flaky{}
	ln := listenLocal(t)
	hbSrv := &http.Server{Handler: hb}
	go hbSrv.Serve(ln)
	t.Cleanup(func() { hbSrv.Close() })
	p := healthPlan(t, dn, sink.URL, "200ms", fmt.Sprintf("heartbeat:\n  url: http://%s/ping\n  every: 100ms\n", ln.Addr()))
	s := storetest.SQLite(t, store.Options{})
	addr, _ := runDaemon(t, daemon.Config{Plan: p, Store: s, HealthEvery: 100 * time.Millisecond})
	told := func() int {
		n := 0
		for _, r := range sink.Requests() {
			if strings.Contains(string(r.Body), "heartbeat.failed") {
				n++
			}
		}
		return n
	}
	waitFor(t, "the failing heartbeat told", 20*time.Second, func() bool { return told() > 0 })
	if v := metric(t, addr, `breakglass_heartbeat_pings_total{result="failed"}`); v < 3 {
		t.Errorf("failed calls counted: %v, want at least 3", v)
	}
	hb.mu.Lock()
	before := hb.calls
	hb.mu.Unlock()
	time.Sleep(time.Second)
	hb.mu.Lock()
	after := hb.calls
	hb.ok = true
	hb.mu.Unlock()
	if after <= before {
		t.Errorf("the calls stopped after the failures were told (%d then %d)", before, after)
	}
	if n := told(); n != 1 {
		t.Errorf("told %d times in one run of failures, want once", n)
	}
	waitFor(t, "successful calls counted", 10*time.Second, func() bool {
		return metric(t, addr, `breakglass_heartbeat_pings_total{result="ok"}`) >= 1
	})
	if v := metric(t, addr, "breakglass_heartbeat_last_success_timestamp_seconds"); v <= 0 {
		t.Errorf("last success timestamp %v after a success", v)
	}
}
