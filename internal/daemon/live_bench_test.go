package daemon_test

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/daemon/daemontest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// liveTrigger is the deposit (in wei) the benchmark's own detector alerts
// on; every other deposit is worth 1e15 wei.
const liveTrigger = 1_234_567

// liveDetector alerts (high: containment is proposed, a human decides) on
// a deposit of exactly liveTrigger wei into the pool.
const liveDetector = "  - {name: live-deposit, kind: event, contract: pool, signature: \"DepositETH(address indexed user, uint256 amount)\", condition: \"amount == 1234567\", severity: high, incident_type: exploit, response: [pause]}\n"

// commits records when each block's batch committed, and what it did.
type commits struct {
	mu sync.Mutex
	at map[common.Hash]committed
}

type committed struct {
	at       time.Time
	inHand   time.Duration // block in the sink's hands → committed
	fresh    int
	opened   []string
	grouped  int
	detected int
	traced   bool
}

func (c *commits) Committed(b pipeline.Batch, took time.Duration) {
	if b.Block == nil {
		return
	}
	now := time.Now()
	r := committed{at: now, inHand: took, fresh: len(b.Fresh), grouped: len(b.Grouped), detected: len(b.Detected),
		traced: slices.ContainsFunc(b.Block.Traces, func(f *chain.CallFrame) bool { return f != nil })}
	for _, o := range b.Outcomes {
		if o.Opened {
			r.opened = append(r.opened, o.IncidentID)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at[b.Block.Hash()] = r
}

func (c *commits) get(h common.Hash) (committed, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.at[h]
	return r, ok
}

// BenchmarkLiveBlockToIncident runs the daemon (daemon.New: the app's
// incident manager, responder and outbox, pipeline.Standard: claim → store
// alerts → retract → incidents → contain → cursor) on the devnet with 100
// detectors: the devnet's plan (its heuristics on the pool trace every
// transaction to it), 89 event detectors on the pool and live-deposit.
// Each iteration sends one deposit into the pool and seals its block; one
// in four is of liveTrigger wei, which raises an alert that opens an
// incident (paging its commander: a notification in the outbox) and
// proposes the pause (high: proposed, not sent). Between iterations, out of
// the measurement, that incident is dismissed so that the next trigger
// opens a new one. It reports p50 and p99 (ms) of the time from the block
// sealed to its batch committed, for every block and for the blocks that
// opened an incident (their alert, incident and proposal commit together,
// in the block's transaction), of the same from the block on the node
// (arrived: the devnet's Commit returned; sealing the block, which the
// sealed figures include, is the node's work, 2–3 ms here), and of the
// time from the block in the sink's hands to committed; on SQLite and,
// when BREAKGLASS_TEST_POSTGRES is set, PostgreSQL. The daemon runs with
// its default periods (escalation tick, outbox poll), as in production.
// The goal: block arrival → alert stored p99 ≤ 20 ms.
//
//	BREAKGLASS_TEST_POSTGRES=postgres://… go test ./internal/daemon -run '^$' -bench LiveBlockToIncident -benchtime 400x -v
func BenchmarkLiveBlockToIncident(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { liveBlockToIncident(b, storetest.SQLite(b, store.Options{})) })
	b.Run("postgres", func(b *testing.B) {
		if os.Getenv(storetest.PostgresEnv) == "" {
			b.Skip("set " + storetest.PostgresEnv + " to measure PostgreSQL")
		}
		liveBlockToIncident(b, storetest.Postgres(b, store.Options{}))
	})
}

func liveBlockToIncident(b *testing.B, s store.Store) {
	dn := devnettest.StartWith(b, devnet.Config{BlockTime: time.Hour})
	path, _ := devnettest.Plan(b, dn)
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	text := watchDetectors(string(src), 89)
	text = strings.Replace(text, "\ndetectors:\n", "\ndetectors:\n"+liveDetector, 1)
	path = filepath.Join(filepath.Dir(path), "live.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	if len(p.Detectors) != 100 {
		b.Fatalf("%d detectors, want 100", len(p.Detectors))
	}
	a, err := app.New(p, s, app.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	obs := &commits{at: map[common.Hash]committed{}}
	// The daemon's own periods, not daemontest's (a Tick of 100 ms and an
	// outbox polled every 50 ms, so that tests see escalations and
	// deliveries soon): those are test-speed conveniences whose store
	// transactions (every lane's claim, every 50 ms; the timed duties'
	// reads, every 100 ms) would compete with the blocks measured here as
	// they never do in production. A block that stores an alert wakes the
	// outbox at once either way.
	_, _, stop := daemontest.Start(b, daemon.Config{Log: testLog(), Plan: p, Store: s, Listen: "127.0.0.1:0", Observer: obs,
		LeaseTTL: 3 * time.Second, Tick: daemon.DefaultTick, OutboxPoll: daemon.DefaultOutboxPoll})
	defer stop()
	// The daemon follows the head once it committed a block sealed now
	// (empty blocks until one is, in case the first came before it
	// subscribed).
	waitFor(b, "the daemon to follow", 30*time.Second, func() bool {
		h := dn.Commit()
		for range 10 {
			if _, ok := obs.get(h); ok {
				return true
			}
			time.Sleep(20 * time.Millisecond)
		}
		return false
	})
	d := &depositor{dn: dn, nonces: map[common.Address]uint64{}}
	var all, opened, inHand, arrived, arrivedOpened []time.Duration
	incidents := 0
	for i := 0; b.Loop(); i++ {
		amount := big.NewInt(1e15)
		trigger := i%4 == 3
		if trigger {
			amount = big.NewInt(liveTrigger)
		}
		d.deposit(b, i%5, amount)
		sealed := time.Now()
		h := dn.Commit()
		onNode := time.Now()
		var r committed
		waitFor(b, "the block committed", 10*time.Second, func() bool {
			var ok bool
			r, ok = obs.get(h)
			return ok
		})
		all = append(all, r.at.Sub(sealed))
		arrived = append(arrived, r.at.Sub(onNode))
		inHand = append(inHand, r.inHand)
		if !r.traced {
			b.Fatalf("block %s was not traced: the pool's heuristics need its deposit's call tree", h)
		}
		if r.grouped > 0 {
			b.Fatalf("live block %s committed in a group of %d", h, r.grouped+1)
		}
		if !trigger {
			if r.fresh > 0 {
				b.Fatalf("block %s of a plain deposit stored %d alerts", h, r.fresh)
			}
			continue
		}
		if r.fresh != 1 || len(r.opened) != 1 {
			b.Fatalf("trigger block %s: %d alerts stored, %d incidents opened; want 1 and 1", h, r.fresh, len(r.opened))
		}
		opened = append(opened, r.at.Sub(sealed))
		arrivedOpened = append(arrivedOpened, r.at.Sub(onNode))
		incidents++
		id := r.opened[0]
		b.StopTimer()
		acts, err := s.Actions(ctx, id)
		if err != nil || len(acts) == 0 {
			b.Fatalf("incident %s: no containment proposed (%v)", id, err)
		}
		if err := s.Tx(ctx, func(tx store.Tx) error {
			_, err := a.Incidents.Dismiss(ctx, tx, id, "alice", "benchmark trigger")
			return err
		}); err != nil {
			b.Fatalf("dismiss %s: %v", id, err)
		}
		b.StartTimer()
	}
	if incidents == 0 {
		b.Fatal("no iteration opened an incident: run at least 4 (-benchtime 200x)")
	}
	report := func(ds []time.Duration, what string) {
		b.ReportMetric(pctMs(ds, 50), what+"-p50-ms")
		b.ReportMetric(pctMs(ds, 99), what+"-p99-ms")
	}
	report(all, "sealed-committed")
	report(opened, "sealed-incident")
	report(inHand, "in-hand")
	report(arrived, "arrived-committed")
	report(arrivedOpened, "arrived-incident")
	b.Logf("%d blocks, %d opened an incident and proposed the pause", len(all), incidents)
}

// pctMs is the p-th percentile of ds in milliseconds (nearest rank).
func pctMs(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	i := min(max((len(s)*p+99)/100-1, 0), len(s)-1)
	return float64(s[i]) / float64(time.Millisecond)
}

// depositor sends deposits into the devnet's pool from its benign users.
type depositor struct {
	dn     *devnet.Devnet
	nonces map[common.Address]uint64
}

// deposit sends a deposit of value wei into the pool from benign user
// from, to be sealed by the caller.
func (d *depositor) deposit(t testing.TB, from int, value *big.Int) {
	t.Helper()
	key := d.dn.Keys().Users[from]
	addr := devnet.Address(key)
	nonce, ok := d.nonces[addr]
	if !ok {
		n, err := d.dn.Client().PendingNonceAt(context.Background(), addr)
		if err != nil {
			t.Fatal(err)
		}
		nonce = n
	}
	d.nonces[addr] = nonce + 1
	pool := d.dn.Deployment().Pool
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(d.dn.ChainID()), &types.DynamicFeeTx{
		ChainID: d.dn.ChainID(), Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11), Gas: 150_000,
		To: &pool, Value: value, Data: bindings.NewLendingPool().PackDepositETH()})
	if err := d.dn.Client().SendTransaction(context.Background(), tx); err != nil {
		t.Fatalf("send: %v", err)
	}
}
