package outbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// hangingReceiver answers nothing until the test ends, and counts the
// requests it holds at once.
type hangingReceiver struct {
	srv       *httptest.Server
	now, peak atomic.Int64
	total     atomic.Int64
}

func newHangingReceiver(t *testing.T) *hangingReceiver {
	h := &hangingReceiver{}
	release := make(chan struct{})
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.total.Add(1)
		n := h.now.Add(1)
		for {
			p := h.peak.Load()
			if n <= p || h.peak.CompareAndSwap(p, n) {
				break
			}
		}
		defer h.now.Add(-1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); h.srv.Close() })
	return h
}

// fastReceiver records when each message arrived.
type fastReceiver struct {
	mu  sync.Mutex
	got map[string]time.Time
	srv *httptest.Server
}

func newFastReceiver(t *testing.T) *fastReceiver {
	f := &fastReceiver{got: map[string]time.Time{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m notify.Message
		_ = json.NewDecoder(r.Body).Decode(&m)
		f.mu.Lock()
		f.got[m.Title] = time.Now()
		f.mu.Unlock()
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fastReceiver) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.got)
}

func enqueueTo(t *testing.T, s store.Store, channel string, incidents, perIncident int) {
	t.Helper()
	ctx := context.Background()
	err := s.Tx(ctx, func(tx store.Tx) error {
		for i := range incidents {
			inc := fmt.Sprintf("INC-2026-%04d", i+1)
			rec := storetest.Incident("t")
			rec.ID = inc
			if _, err := tx.CreateIncident(ctx, rec); err != nil && !strings.Contains(err.Error(), "conflict") {
				return err
			}
			for j := range perIncident {
				m := notify.Message{Key: fmt.Sprintf("%s/%s/%d", channel, inc, j), Event: notify.IncidentStatus, IncidentID: inc,
					Title: fmt.Sprintf("%s %s %d", channel, inc, j), Time: time.Now()}
				if _, err := notify.Enqueue(ctx, tx, inc, channel, m); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLanes: with a status receiver that never answers and a queue of its
// messages ahead, the containment item runs at once in its own lane, the
// other channel's messages arrive at once, and the hanging channel holds
// no more than its bound of requests.
func TestLanes(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "bg.db"))
	hang, fast := newHangingReceiver(t), newFastReceiver(t)
	client := &http.Client{Timeout: 20 * time.Second}
	nh := &notify.Handler{Channels: map[string]notify.Channel{
		"status": webhook.New(hang.srv.URL, []byte("k"), client),
		"ops":    webhook.New(fast.srv.URL, []byte("k"), client),
	}}
	contained := make(chan time.Time, 1)
	contain := outbox.HandlerFunc(func(ctx context.Context, it store.OutboxItem) (bool, error) {
		contained <- time.Now()
		return false, nil
	})
	// Ten incidents' messages to the hanging channel first, then the other
	// channel's; the containment step comes once the hanging channel is
	// saturated.
	enqueueTo(t, s, "status", 10, 2)
	enqueueTo(t, s, "ops", 10, 1)
	const perKind = 3
	r := outbox.New(s, map[string]outbox.Handler{notify.OutboxKind: nh, "respond": contain}, outbox.Config{
		Poll: 20 * time.Millisecond,
		Lanes: []outbox.Lane{
			{Name: "containment", Kinds: []string{"respond"}, Lease: 3 * time.Second},
			{Name: "notify", Kinds: []string{notify.OutboxKind}, PerKind: perKind},
			{Name: "other"},
		},
	}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	for deadline := time.Now().Add(5 * time.Second); hang.now.Load() < perKind; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the status channel holds %d requests, want %d", hang.now.Load(), perKind)
		}
	}
	start := time.Now()
	err := s.Tx(context.Background(), func(tx store.Tx) error {
		_, err := tx.Enqueue(context.Background(), store.OutboxItem{Key: "respond/1", Kind: "respond", Payload: json.RawMessage(`{"action_id":1}`)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Wake()
	select {
	case at := <-contained:
		t.Logf("containment ran %s after it was queued, %d status requests hanging", at.Sub(start).Round(time.Millisecond), hang.now.Load())
		if d := at.Sub(start); d > 2*time.Second {
			t.Fatalf("containment waited %s", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("containment did not run while a channel hangs")
	}
	for deadline := time.Now().Add(5 * time.Second); fast.count() < 10; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the other channel got %d of 10 messages while the status channel hangs", fast.count())
		}
	}
	t.Logf("other channel: 10 messages %s after the containment step was queued", time.Since(start).Round(time.Millisecond))
	time.Sleep(300 * time.Millisecond) // give the lane time to overrun its bound, if it would
	if p := hang.peak.Load(); p != perKind {
		t.Fatalf("the hanging channel held %d requests at once, want its bound %d", p, perKind)
	}
}

// TestRunResumesOwnClaims: a runner restarted under the identity of one
// that died takes its leased items back at once; a runner under another
// identity waits for the lease.
func TestRunResumesOwnClaims(t *testing.T) {
	for _, tc := range []struct {
		worker string
		want   bool
	}{{"daemon-a", true}, {"daemon-b", false}} {
		t.Run(tc.worker, func(t *testing.T) {
			s := open(t, filepath.Join(t.TempDir(), "bg.db"))
			ctx := context.Background()
			err := s.Tx(ctx, func(tx store.Tx) error {
				if _, err := tx.Enqueue(ctx, store.OutboxItem{Key: "respond/1", Kind: "respond"}); err != nil {
					return err
				}
				// daemon-a claimed it for an hour, and died.
				_, err := tx.Claim(ctx, "daemon-a", 1, time.Hour)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			ran := make(chan store.OutboxItem, 1)
			r := outbox.New(s, map[string]outbox.Handler{"respond": outbox.HandlerFunc(func(ctx context.Context, it store.OutboxItem) (bool, error) {
				ran <- it
				return false, nil
			})}, outbox.Config{Worker: tc.worker, Poll: 20 * time.Millisecond}, nil)
			rctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { r.Run(rctx); close(done) }()
			defer func() { cancel(); <-done }()
			select {
			case it := <-ran:
				if !tc.want {
					t.Fatalf("%s took an item another daemon holds", tc.worker)
				}
				if it.Attempts != 2 {
					t.Fatalf("attempts = %d, want 2", it.Attempts)
				}
			case <-time.After(time.Second):
				if tc.want {
					t.Fatalf("%s did not resume its own item", tc.worker)
				}
			}
		})
	}
}

// TestLeaseRenewed: an item whose handler runs for many leases stays its
// runner's; another runner never runs it meanwhile.
func TestLeaseRenewed(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "bg.db"))
	ctx := context.Background()
	err := s.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.Enqueue(ctx, store.OutboxItem{Key: "respond/1", Kind: "respond"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int64
	slow := outbox.HandlerFunc(func(ctx context.Context, it store.OutboxItem) (bool, error) {
		runs.Add(1)
		select {
		case <-time.After(1500 * time.Millisecond):
		case <-ctx.Done():
		}
		return false, nil
	})
	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, w := range []string{"a", "b"} {
		r := outbox.New(s, map[string]outbox.Handler{"respond": slow}, outbox.Config{Worker: w, Poll: 20 * time.Millisecond, Lease: 300 * time.Millisecond}, nil)
		wg.Go(func() { r.Run(rctx) })
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		done, _ := s.OutboxItems(ctx, store.OutboxFilter{Statuses: []store.OutboxStatus{store.OutboxDone}})
		if len(done) == 1 {
			if done[0].Attempts != 1 {
				t.Fatalf("attempts = %d, want 1", done[0].Attempts)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("item not done")
		}
	}
	cancel()
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Fatalf("handler ran %d times, want 1", n)
	}
}

// TestMetrics: attempts, retries, dead items and latency by kind and
// channel.
func TestMetrics(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "bg.db"))
	ctx := context.Background()
	reg := prometheus.NewRegistry()
	m, err := outbox.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Tx(ctx, func(tx store.Tx) error {
		for _, it := range []store.OutboxItem{
			{Key: "ok", Kind: "notify.slack"},
			{Key: "flaky", Kind: "notify.slack"},
			{Key: "refused", Kind: "notify.pagerduty"},
			{Key: "pause", Kind: "respond"},
		} {
			if _, err := tx.Enqueue(ctx, it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var flaky atomic.Int64
	h := outbox.HandlerFunc(func(ctx context.Context, it store.OutboxItem) (bool, error) {
		switch it.Key {
		case "flaky":
			if flaky.Add(1) == 1 {
				return true, fmt.Errorf("503")
			}
		case "refused":
			return false, fmt.Errorf("404 channel_not_found")
		}
		return false, nil
	})
	r := outbox.New(s, map[string]outbox.Handler{"notify": h, "respond": h}, outbox.Config{Metrics: m, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}, nil)
	for range 3 {
		if _, err := r.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	tests := []struct {
		metric        string
		kind, channel string
		want          float64
	}{
		{"breakglass_outbox_attempts_total", "notify", "slack", 3},
		{"breakglass_outbox_retries_total", "notify", "slack", 1},
		{"breakglass_outbox_done_total", "notify", "slack", 2},
		{"breakglass_outbox_attempts_total", "notify", "pagerduty", 1},
		{"breakglass_outbox_dead_total", "notify", "pagerduty", 1},
		{"breakglass_outbox_attempts_total", "respond", "", 1},
		{"breakglass_outbox_done_total", "respond", "", 1},
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	hist := map[string]uint64{}
	for _, mf := range mfs {
		for _, mt := range mf.GetMetric() {
			labels := map[string]string{}
			for _, lp := range mt.GetLabel() {
				labels[lp.GetName()] = lp.GetValue()
			}
			k := mf.GetName() + "/" + labels["kind"] + "/" + labels["channel"]
			if c := mt.GetCounter(); c != nil {
				got[k] = c.GetValue()
			}
			if h := mt.GetHistogram(); h != nil {
				hist[k] = h.GetSampleCount()
			}
		}
	}
	for _, tc := range tests {
		if g := got[tc.metric+"/"+tc.kind+"/"+tc.channel]; g != tc.want {
			t.Errorf("%s{kind=%q,channel=%q} = %v, want %v", tc.metric, tc.kind, tc.channel, g, tc.want)
		}
	}
	for k, want := range map[string]uint64{
		"breakglass_outbox_latency_seconds/notify/slack":          2,
		"breakglass_outbox_latency_seconds/notify/pagerduty":      1,
		"breakglass_outbox_attempt_duration_seconds/notify/slack": 3,
		"breakglass_outbox_attempt_duration_seconds/respond/":     1,
	} {
		if hist[k] != want {
			t.Errorf("%s: %d observations, want %d", k, hist[k], want)
		}
	}
}
