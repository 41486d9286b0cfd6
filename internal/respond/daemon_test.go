package respond_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// arrivals records when each block's alerts were stored by the daemon and
// how long the block took from its arrival.
type arrivals struct {
	mu      sync.Mutex
	arrived map[uint64]time.Time
}

// startDaemon runs an in-process daemon with cfg (Listen off, the outbox
// polled every 50 ms, logs dropped, the returned arrivals as Observer) on
// a store of the test until ctx ends or the test does, and waits (20 s at
// most) until it processed d's head.
// minedAction returns the incidents in s and the last mined action of
// theirs it finds (none: the zero Action). Read errors count as nothing
// yet: the caller polls.
func minedAction(ctx context.Context, s store.Reader) (store.Action, []store.Incident) {
	var mined store.Action
	incs, _ := s.Incidents(ctx, store.IncidentFilter{})
	for _, inc := range incs {
		acts, _ := s.Actions(ctx, inc.ID)
		for _, a := range acts {
			if a.Status == respond.StatusMined {
				mined = a
			}
		}
	}
	return mined, incs
}

func startDaemon(t *testing.T, ctx context.Context, d *devnet.Devnet, cfg daemon.Config) (*arrivals, store.Store) {
	t.Helper()
	s := storetest.SQLite(t, store.Options{})
	obs := &arrivals{arrived: map[uint64]time.Time{}}
	cfg.Store, cfg.Listen, cfg.Observer, cfg.OutboxPoll, cfg.Log = s, "off", obs, 50*time.Millisecond, slog.New(slog.DiscardHandler)
	dm, err := daemon.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- dm.Run(dctx) }()
	t.Cleanup(func() { stop(); <-done })
	head, _ := d.Client().BlockNumber(ctx)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, ok := obs.at(head); ok {
			return obs, s
		}
		if time.Now().After(deadline) {
			t.Fatal("the daemon never processed the head")
		}
	}
}

func (a *arrivals) Committed(batch pipeline.Batch, took time.Duration) {
	b := batch.Block
	if b == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.arrived[b.Number()]; !ok {
		a.arrived[b.Number()] = time.Now().Add(-took)
	}
}

func (a *arrivals) at(n uint64) (time.Time, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t, ok := a.arrived[n]
	return t, ok
}

// TestDaemonAutoContainment runs the whole loop: the daemon follows the
// devnet (blocks every second), its detectors see each attack scenario,
// the incident opens, the responder proposes the pause in the block's
// transaction, and the outbox sends it through the guardian key. The pause
// is mined in the block right after the exploit's, exactly one pause
// lands, and the incidents are contained.
func TestDaemonAutoContainment(t *testing.T) {
	for _, sc := range devnet.Scenarios() {
		t.Run(sc, func(t *testing.T) {
			d := devnettest.StartWith(t, devnet.Config{BlockTime: time.Second})
			_, p := devnettest.Plan(t, d)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			sent := make(chan time.Time, 8)
			obs, s := startDaemon(t, ctx, d, daemon.Config{Plan: p, OnSent: func(_ int64, _ common.Hash, at time.Time) { sent <- at }})
			res, err := d.RunScenario(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			var sentAt time.Time
			select {
			case sentAt = <-sent:
			case <-time.After(20 * time.Second):
				t.Fatal("no pause sent")
			}
			var mined store.Action
			var incs []store.Incident
			for deadline := time.Now().Add(20 * time.Second); mined.ID == 0; {
				mined, incs = minedAction(ctx, s)
				if time.Now().After(deadline) {
					t.Fatalf("no pause mined; incidents %d", len(incs))
				}
				time.Sleep(50 * time.Millisecond)
			}
			e := &env{t: t, d: d, ec: devnettest.Dial(t, d.HTTPURL())}
			rc := waitReceipt(t, e.ec, common.HexToHash(mined.TxHash))
			arrived, _ := obs.at(res.Block)
			if rc.BlockNumber.Uint64() != res.Block+1 {
				t.Fatalf("exploit in block %d, pause in block %d: want the next block", res.Block, rc.BlockNumber.Uint64())
			}
			if !e.paused() {
				t.Fatal("pool not paused")
			}
			// Every incident's pause is done: one mined, the others no-ops
			// that find the pool paused; every incident is contained.
			var contained int
			for deadline := time.Now().Add(10 * time.Second); ; {
				contained = 0
				for _, inc := range incs {
					if got, _ := s.Incident(ctx, inc.ID); got.Status == incident.Contained {
						contained++
					}
				}
				if contained == len(incs) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d of %d incidents contained", contained, len(incs))
				}
				time.Sleep(50 * time.Millisecond)
			}
			nowHead, _ := e.ec.BlockNumber(ctx)
			if n := e.pauseTxs(res.Block, nowHead); n != 1 {
				t.Fatalf("%d pause transactions, want 1", n)
			}
			t.Logf("daemon, scenario %s: exploit block %d, pause block %d, %d incident(s) (%d contained), exploit block arrival → pause sent %s",
				sc, res.Block, rc.BlockNumber.Uint64(), len(incs), contained, sentAt.Sub(arrived).Round(time.Millisecond))
		})
	}
}

// TestDaemonContainmentNotBehindHangingChannel: the plan's webhook channel
// gets every notification, and its receiver never answers (each call waits
// for the channel's 15 s timeout). The daemon, with its default wiring,
// still has the pause mined in the block right after the exploit's:
// containment runs in its own lane, never behind a notification.
func TestDaemonContainmentNotBehindHangingChannel(t *testing.T) {
	d := devnettest.StartWith(t, devnet.Config{BlockTime: time.Second})
	var hanging, total atomic.Int64
	release := make(chan struct{})
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		total.Add(1)
		hanging.Add(1)
		defer hanging.Add(-1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hook.Close()
	defer close(release)
	planPath := filepath.Join(t.TempDir(), "plan.yaml")
	if err := d.WritePlanWith(planPath, devnet.PlanExtras{WebhookURL: hook.URL}); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(planPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, s := startDaemon(t, ctx, d, daemon.Config{Plan: p})
	sc := devnet.Scenarios()[0]
	res, err := d.RunScenario(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	var mined store.Action
	for deadline := time.Now().Add(20 * time.Second); mined.ID == 0; time.Sleep(50 * time.Millisecond) {
		mined, _ = minedAction(ctx, s)
		if time.Now().After(deadline) {
			t.Fatalf("no pause mined in 20 s (%d notification calls to the hanging receiver)", total.Load())
		}
	}
	e := &env{t: t, d: d, ec: devnettest.Dial(t, d.HTTPURL())}
	rc := waitReceipt(t, e.ec, common.HexToHash(mined.TxHash))
	held := hanging.Load()
	t.Logf("scenario %s: exploit block %d, pause block %d; the hanging receiver holds %d call(s) (%d made)", sc, res.Block, rc.BlockNumber.Uint64(), held, total.Load())
	if rc.BlockNumber.Uint64() != res.Block+1 {
		t.Fatalf("exploit in block %d, pause in block %d: want the next block", res.Block, rc.BlockNumber.Uint64())
	}
	if held == 0 {
		t.Fatal("the receiver holds no call: the test did not hang a channel")
	}
	if !e.paused() {
		t.Fatal("pool not paused")
	}
	nowHead, _ := e.ec.BlockNumber(ctx)
	if n := e.pauseTxs(res.Block, nowHead); n != 1 {
		t.Fatalf("%d pause transactions, want 1", n)
	}
}
