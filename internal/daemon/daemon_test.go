package daemon_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/daemon/daemontest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// latencies records how long each block took from arrival to stored.
type latencies struct {
	mu     sync.Mutex
	blocks []uint64
	took   []time.Duration
	alerts map[uint64][]store.Alert
}

func (l *latencies) Committed(batch pipeline.Batch, took time.Duration) {
	b, alerts := batch.Block, batch.Fresh
	if b == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.blocks = append(l.blocks, b.Number())
	l.took = append(l.took, took)
	if l.alerts == nil {
		l.alerts = map[uint64][]store.Alert{}
	}
	l.alerts[b.Number()] = append(l.alerts[b.Number()], alerts...)
}

// writePlan writes the devnet's plan with a signed webhook channel to sink.
func writePlan(t *testing.T, d *devnet.Devnet, sinkURL string) *plan.Plan {
	t.Helper()
	path := devnettest.WritePlan(t, d, t.TempDir(), func(src string) string {
		return src + fmt.Sprintf("\nchannels:\n  - name: ops\n    type: webhook\n    url: %s\n    secret: env:BG_TEST_WEBHOOK_SECRET\n", sinkURL)
	})
	t.Setenv("BG_TEST_WEBHOOK_SECRET", webhookSecret)
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// webhookSecret is the secret of the webhook channel writePlan adds.
const webhookSecret = "s3cret"

// signedSink is a webhook receiver that refuses a request whose signature
// is not that of the channel writePlan adds.
func signedSink(t *testing.T) *notifytest.HTTPServer {
	sink := notifytest.NewHTTPServer(t)
	sink.Check = func(r notifytest.Request) error {
		return webhook.Verify([]byte(webhookSecret), r.Header.Get(webhook.HeaderTimestamp), r.Header.Get(webhook.HeaderSignature), r.Body, time.Now(), time.Minute)
	}
	return sink
}

func start(t testing.TB, p *plan.Plan, s store.Store, obs pipeline.Observer) (stop func()) {
	t.Helper()
	_, _, stop = daemontest.Start(t, daemon.Config{Log: testLog(), Plan: p, Store: s, Listen: "127.0.0.1:0", Observer: obs, LeaseTTL: 3 * time.Second})
	return stop
}

func waitFor(t testing.TB, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestDaemonDetectsEachScenario runs the daemon on the devnet with the plan
// the devnet writes, plays each attack, and checks that it is detected in
// the exploit's block, that an incident opens with the plan's roles, and
// that the signed notification reaches the webhook. It also restarts the
// daemon between scenarios: it resumes from its cursor with no gap.
func TestDaemonDetectsEachScenario(t *testing.T) {
	dn := devnettest.Start(t)
	sink := signedSink(t)
	p := writePlan(t, dn, sink.URL)
	s := storetest.SQLite(t, store.Options{})
	ctx := context.Background()
	obs := &latencies{}

	for i, sc := range devnet.Scenarios() {
		stop := start(t, p, s, obs)
		told := len(sink.Requests())
		res, err := dn.RunScenario(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		// The incident of this exploit's alerts: the first exploit opens
		// it; the later ones, on the same contract within the group
		// window, join it (one exploit target, one incident, by default).
		var inc store.Incident
		waitFor(t, sc+" incident", 20*time.Second, func() bool {
			as, err := s.Alerts(ctx, store.AlertFilter{Network: "devnet", FromBlock: res.Block, ToBlock: res.Block})
			if err != nil {
				return false
			}
			for _, a := range as {
				if a.IncidentID == "" || !strings.EqualFold(a.TxHash, res.Tx.Hex()) {
					continue
				}
				if got, err := s.Incident(ctx, a.IncidentID); err == nil {
					inc = got
					return true
				}
			}
			return false
		})
		if inc.Severity != "critical" || inc.Roles[plan.RoleIncidentCommander] != "alice" {
			t.Errorf("%s: incident %+v", sc, inc)
		}
		if d, _ := incident.ReadDetails(inc); i == 0 && !strings.EqualFold(d.FirstTx, res.Tx.Hex()) {
			t.Errorf("%s: incident starts at tx %s, exploit is %s", sc, d.FirstTx, res.Tx.Hex())
		}
		waitFor(t, sc+" notification", 10*time.Second, func() bool {
			for _, r := range sink.Requests()[told:] {
				var m notify.Message
				if json.Unmarshal(r.Body, &m) == nil && m.IncidentID == inc.ID && (m.Event == notify.IncidentOpened || i > 0) {
					return true
				}
			}
			return false
		})
		// The plan contains critical incidents automatically: the pool ends
		// paused and the incident contained. Once every incident's pause
		// has run (the first lands, the others are no-ops), unpause for the
		// next scenario.
		waitFor(t, sc+" containment", 20*time.Second, func() bool {
			got, err := s.Incident(ctx, inc.ID)
			return err == nil && got.Status == incident.Contained && poolPaused(t, dn) && actionsSettled(t, s)
		})
		unpause(t, dn)
		stop()
	}
	if errs := sink.Errors(); len(errs) > 0 {
		t.Fatalf("webhook receiver refused: %v", errs)
	}

	// Every block from the first processed to the last, once, across restarts.
	obs.mu.Lock()
	blocks := slices.Clone(obs.blocks)
	took := slices.Clone(obs.took)
	obs.mu.Unlock()
	for i := 1; i < len(blocks); i++ {
		if blocks[i] != blocks[i-1]+1 {
			t.Fatalf("blocks processed out of sequence: %v", blocks)
		}
	}
	slices.Sort(took)
	t.Logf("blocks %d..%d processed once each; block arrival → alerts stored: p50 %s, max %s over %d blocks",
		blocks[0], blocks[len(blocks)-1], took[len(took)/2], took[len(took)-1], len(took))

	// The audit chain holds up.
	es, err := s.AuditEntries(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		t.Fatal("no audit entries")
	}
	_, err = s.Cursor(ctx, "devnet")
	if errors.Is(err, store.ErrNotFound) {
		t.Fatal("no cursor stored")
	}
}

// testLog returns a logger to stderr when BG_TEST_LOG is set (to see what
// the daemon does in a failing test), nil otherwise.
func testLog() *slog.Logger {
	if os.Getenv("BG_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return nil
}

func poolPaused(t testing.TB, dn *devnet.Devnet) bool {
	t.Helper()
	pool := bindings.NewLendingPool()
	to := dn.Deployment().Pool
	out, err := dn.Client().CallContract(context.Background(), ethereum.CallMsg{To: &to, Data: pool.PackPaused()}, nil)
	if err != nil {
		return false
	}
	p, err := pool.UnpackPaused(out)
	return err == nil && p
}

// unpause has the protocol's admin (who holds PAUSER_ROLE) unpause the pool.
func unpause(t testing.TB, dn *devnet.Devnet) {
	t.Helper()
	ctx := context.Background()
	pool := bindings.NewLendingPool()
	opts := bind.NewKeyedTransactor(dn.Keys().Deployer, dn.ChainID())
	tx, err := bind.Transact(pool.Instance(dn.Client(), dn.Deployment().Pool), opts, pool.PackUnpause())
	if err != nil {
		t.Fatal(err)
	}
	if rc, err := bind.WaitMined(ctx, dn.Client(), tx.Hash()); err != nil || rc.Status != 1 {
		t.Fatalf("unpause: %v", err)
	}
}

// waitContainedAndTold waits (20 s at most each) until the store's one
// incident is contained with its actions finished, then until every
// notification is delivered.
func waitContainedAndTold(t testing.TB, s store.Store) {
	t.Helper()
	ctx := context.Background()
	waitFor(t, "the incident contained", 20*time.Second, func() bool {
		incs, err := s.Incidents(ctx, store.IncidentFilter{})
		return err == nil && len(incs) == 1 && incs[0].Status == incident.Contained && actionsSettled(t, s)
	})
	waitFor(t, "notifications delivered", 20*time.Second, func() bool {
		items, err := s.OutboxItems(ctx, store.OutboxFilter{Statuses: []store.OutboxStatus{store.OutboxPending}})
		return err == nil && len(items) == 0
	})
}

// actionsSettled reports whether every containment action of every
// incident has finished (mined, no-op or failed).
func actionsSettled(t testing.TB, s store.Store) bool {
	t.Helper()
	ctx := context.Background()
	incs, err := s.Incidents(ctx, store.IncidentFilter{})
	if err != nil {
		return false
	}
	for _, inc := range incs {
		acts, err := s.Actions(ctx, inc.ID)
		if err != nil {
			return false
		}
		for _, a := range acts {
			switch a.Status {
			case respond.StatusMined, respond.StatusNoop, respond.StatusFailed:
			default:
				return false
			}
		}
	}
	return true
}
