package lease_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/lease"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// clock is a fake clock the store reads lease times from.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// TestTwoHolders walks two daemons through the lease's life on a fake
// clock: one holds, the other cannot take it while it is renewed, takes it
// once it expires, and the first learns it lost it; a resignation frees it
// at once.
func TestTwoHolders(t *testing.T) {
	for name, open := range storetest.Backends() {
		t.Run(name, func(t *testing.T) {
			clk := &clock{now: time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)}
			s := open(t, store.Options{Now: clk.Now})
			ctx := context.Background()
			const ttl = 15 * time.Second
			a := lease.New(s, "follow/mainnet", "daemon-a", ttl, nil)
			b := lease.New(s, "follow/mainnet", "daemon-b", ttl, nil)
			step := func(what string, got bool, err error, want bool) {
				t.Helper()
				if err != nil || got != want {
					t.Fatalf("%s: %v, %v; want %v", what, got, err, want)
				}
			}
			observe := func(want string) {
				t.Helper()
				h, _, err := a.Observe(ctx)
				if err != nil || h != want {
					t.Fatalf("holder %q, %v; want %q", h, err, want)
				}
			}
			observe("")
			held, err := a.Hold(ctx)
			step("a holds a free lease", held, err, true)
			held, err = b.Hold(ctx)
			step("b cannot take a held lease", held, err, false)
			observe("daemon-a")
			clk.Advance(10 * time.Second)
			held, err = a.Renew(ctx)
			step("a renews", held, err, true)
			clk.Advance(10 * time.Second) // 20 s after the first hold, 10 s after renewal
			held, err = b.Hold(ctx)
			step("b cannot take a renewed lease", held, err, false)
			clk.Advance(6 * time.Second) // past the renewed expiry
			held, err = b.Hold(ctx)
			step("b takes an expired lease", held, err, true)
			observe("daemon-b")
			held, err = a.Renew(ctx)
			step("a learns it lost the lease", held, err, false)
			held, err = a.Hold(ctx)
			step("a cannot take it back", held, err, false)
			if err := a.Resign(ctx); err != nil {
				t.Fatal(err)
			}
			observe("daemon-b") // a's resignation does not touch b's lease
			if err := b.Resign(ctx); err != nil {
				t.Fatal(err)
			}
			observe("")
			held, err = a.Hold(ctx)
			step("a takes a resigned lease at once", held, err, true)
		})
	}
}

// TestRunHandsOver runs the duty loop of two holders on real time with a
// short TTL: exactly one runs the duty at a time, and when the runner
// stops (resigning) the other takes over well before the TTL.
func TestRunHandsOver(t *testing.T) {
	s := storetest.SQLite(t, store.Options{})
	const ttl = 600 * time.Millisecond
	var running, maxRunning, ran atomic.Int32
	duty := func(who string, started chan<- string) func(context.Context) error {
		return func(ctx context.Context) error {
			n := running.Add(1)
			defer running.Add(-1)
			if n > maxRunning.Load() {
				maxRunning.Store(n)
			}
			ran.Add(1)
			started <- who
			<-ctx.Done()
			return nil
		}
	}
	started := make(chan string, 4)
	ctxA, stopA := context.WithCancel(context.Background())
	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	doneA := make(chan error, 1)
	go func() { doneA <- lease.New(s, "duty", "a", ttl, nil).Run(ctxA, duty("a", started)) }()
	first := <-started
	if first != "a" {
		t.Fatalf("first runner %s", first)
	}
	doneB := make(chan error, 1)
	go func() { doneB <- lease.New(s, "duty", "b", ttl, nil).Run(ctxB, duty("b", started)) }()
	select {
	case who := <-started:
		t.Fatalf("%s ran while a held the lease", who)
	case <-time.After(2 * ttl):
	}
	stopA()
	if err := <-doneA; err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	select {
	case who := <-started:
		if who != "b" {
			t.Fatalf("took over: %s", who)
		}
		// b retries every TTL/3; a resigned, so the TTL is not waited out.
		if took := time.Since(at); took > ttl {
			t.Errorf("take-over after %v, want < TTL %v", took, ttl)
		}
	case <-time.After(5 * ttl):
		t.Fatal("b never took over")
	}
	stopB()
	if err := <-doneB; err != nil {
		t.Fatal(err)
	}
	if maxRunning.Load() != 1 || ran.Load() != 2 {
		t.Errorf("at most %d ran at once, %d runs; want 1 and 2", maxRunning.Load(), ran.Load())
	}
}
