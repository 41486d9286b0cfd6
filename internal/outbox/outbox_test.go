package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

func open(t testing.TB, path string) store.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func enqueue(t testing.TB, s store.Store, incident string, n int) {
	t.Helper()
	err := s.Tx(context.Background(), func(tx store.Tx) error {
		inc := storetest.Incident("t")
		inc.ID = incident
		if _, err := tx.CreateIncident(context.Background(), inc); err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
		for i := range n {
			m := notify.Message{Key: fmt.Sprintf("%s/%d", incident, i), Event: notify.IncidentStatus, IncidentID: incident, Title: fmt.Sprintf("msg %d", i), Time: time.Now()}
			if _, err := notify.Enqueue(context.Background(), tx, incident, "hook", m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func runner(s store.Store, url string, cfg outbox.Config) *outbox.Runner {
	h := &notify.Handler{Channels: map[string]notify.Channel{"hook": webhook.New(url, []byte("k"), nil)}}
	return outbox.New(s, map[string]outbox.Handler{notify.OutboxKind: h}, cfg, nil)
}

// receiver dedups by idempotency key, as a receiver of our webhooks should,
// and records the order of first deliveries.
type receiver struct {
	mu    sync.Mutex
	seen  map[string]int
	order []string
}

// first reports whether exactly one request has been recorded.
func (r *receiver) first() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.seen {
		n += c
	}
	return n == 1
}

func (r *receiver) record(req notifytest.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]int{}
	}
	k := req.Header.Get(webhook.HeaderIdempotencyKey)
	if r.seen[k] == 0 {
		var m notify.Message
		_ = json.Unmarshal(req.Body, &m)
		r.order = append(r.order, m.Title)
	}
	r.seen[k]++
}

func TestChannelDownThenBack(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "bg.db"))
	srv := notifytest.NewHTTPServer(t)
	// Down: two 503s, then a 429 asking for a pause, then up.
	srv.Script(
		notifytest.Response{Status: 503},
		notifytest.Response{Status: 503},
		notifytest.Response{Status: 429, Header: http.Header{"Retry-After": {"0"}}},
	)
	enqueue(t, s, "INC-1", 3)
	now := time.Now()
	clock := func() time.Time { return now }
	r := runner(s, srv.URL, outbox.Config{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, Now: clock})
	ctx := context.Background()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := r.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		done, _ := s.OutboxItems(ctx, store.OutboxFilter{Statuses: []store.OutboxStatus{store.OutboxDone}})
		if len(done) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d delivered", len(done))
		}
		now = now.Add(10 * time.Millisecond)
		time.Sleep(5 * time.Millisecond)
	}
	var rec receiver
	var titles []string
	for _, req := range srv.Requests() {
		rec.record(req)
	}
	titles = rec.order
	// In order per incident: msg 0 was retried until accepted before msg 1 went.
	if got := strings.Join(titles, ","); got != "msg 0,msg 1,msg 2" {
		t.Fatalf("order %s", got)
	}
	if n := len(srv.Requests()); n != 6 {
		t.Errorf("%d requests, want 6 (3 failed attempts + 3 deliveries)", n)
	}
	// The failed attempts are on the incident's timeline.
	tl, _ := s.Timeline(ctx, "INC-1")
	var failed, delivered int
	for _, e := range tl {
		switch e.Kind {
		case "outbox.failed":
			failed++
		case "outbox.done":
			delivered++
		}
	}
	if failed != 3 || delivered != 3 {
		t.Errorf("timeline: %d failed, %d delivered", failed, delivered)
	}
}

func TestFinalRefusalGoesDeadAndAlarms(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "bg.db"))
	srv := notifytest.NewHTTPServer(t)
	srv.Default = notifytest.Response{Status: 404, Body: "no such hook"}
	enqueue(t, s, "INC-2", 1)
	var alarmed []string
	r := runner(s, srv.URL, outbox.Config{OnDead: func(ctx context.Context, tx store.Tx, it store.OutboxItem, cause error) error {
		alarmed = append(alarmed, it.Key+": "+cause.Error())
		return nil
	}})
	if _, err := r.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	dead, _ := s.OutboxItems(context.Background(), store.OutboxFilter{Statuses: []store.OutboxStatus{store.OutboxDead}})
	if len(dead) != 1 || !strings.Contains(dead[0].LastError, "404") || len(alarmed) != 1 {
		t.Fatalf("dead %+v alarmed %v", dead, alarmed)
	}
	if strings.Contains(dead[0].LastError, srv.URL) {
		t.Error("the URL (a secret for most channels) is in the stored error")
	}
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "bg.db"))
	r := outbox.New(s, nil, outbox.Config{BaseDelay: time.Second, MaxDelay: 30 * time.Second, Rand: func() float64 { return 0.999999 }}, nil)
	lo := outbox.New(s, nil, outbox.Config{BaseDelay: time.Second, MaxDelay: 30 * time.Second, Rand: func() float64 { return 0 }}, nil)
	for _, c := range []struct {
		attempt int
		max     time.Duration
	}{{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {5, 16 * time.Second}, {6, 30 * time.Second}, {50, 30 * time.Second}} {
		hi, low := r.Backoff(c.attempt), lo.Backoff(c.attempt)
		if hi > c.max || hi < c.max*99/100 || low != c.max/2 {
			t.Errorf("attempt %d: backoff in [%v, %v], want [%v, %v]", c.attempt, low, hi, c.max/2, c.max)
		}
	}
}

// TestCrash kills a real process at the two dangerous moments and checks
// that a restarted runner delivers every notification exactly once, as the
// receiver sees it (by idempotency key).
func TestCrash(t *testing.T) {
	for _, moment := range []string{"after-write", "after-send"} {
		t.Run(moment, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "bg.db")
			var rec receiver
			got := make(chan struct{}, 10)
			srv := notifytest.NewHTTPServer(t)
			block := make(chan struct{})
			t.Cleanup(func() { close(block) })
			srv.SetCheck(func(req notifytest.Request) error {
				rec.record(req)
				got <- struct{}{}
				if moment == "after-send" && rec.first() {
					<-block
				}
				return nil
			})
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), "BG_OUTBOX_CHILD="+moment, "BG_DB="+db, "BG_URL="+srv.URL)
			cmd.Stderr = os.Stderr
			ready, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 64)
			if _, err := ready.Read(buf); err != nil { // "enqueued"
				t.Fatal(err)
			}
			if moment == "after-send" {
				select {
				case <-got:
				case <-time.After(20 * time.Second):
					t.Fatal("child never sent")
				}
			}
			cmd.Process.Kill()
			cmd.Wait()

			s := open(t, db)
			r := runner(s, srv.URL, outbox.Config{})
			deadline := time.Now().Add(15 * time.Second)
			for {
				if _, err := r.RunOnce(context.Background()); err != nil {
					t.Fatal(err)
				}
				done, _ := s.OutboxItems(context.Background(), store.OutboxFilter{Statuses: []store.OutboxStatus{store.OutboxDone}})
				if len(done) == 1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("not delivered after restart")
				}
				time.Sleep(100 * time.Millisecond)
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if len(rec.seen) != 1 || len(rec.order) != 1 {
				t.Fatalf("receiver saw %v", rec.seen)
			}
		})
	}
}

// TestMain runs the child process of TestCrash when asked to.
func TestMain(m *testing.M) {
	if moment := os.Getenv("BG_OUTBOX_CHILD"); moment != "" {
		crashChild(moment)
		return
	}
	os.Exit(m.Run())
}

// crashChild is the process TestCrash kills: it enqueues one notification,
// says so, and then either waits (killed before any delivery) or starts
// delivering (killed while the receiver holds the request).
func crashChild(moment string) {
	s, err := sqlite.Open(context.Background(), os.Getenv("BG_DB"), store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	enqueue(childTB{}, s, "INC-9", 1)
	fmt.Println("enqueued")
	if moment == "after-send" {
		r := runner(s, os.Getenv("BG_URL"), outbox.Config{Lease: time.Second})
		r.RunOnce(context.Background())
	}
	select {}
}

// childTB lets the test helpers run outside a test.
type childTB struct{ testing.TB }

func (childTB) Helper()           {}
func (childTB) Fatal(args ...any) { fmt.Fprintln(os.Stderr, args...); os.Exit(2) }
func (childTB) Cleanup(f func())  {}
