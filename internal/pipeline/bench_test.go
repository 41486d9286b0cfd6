package pipeline_test

import (
	"context"
	"encoding/json"
	"maps"
	"math/big"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/chain/chaintest"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// BenchmarkCatchUpWithDetection catches up over 300 blocks of dUSD
// transfers (6 per block) on the devnet over HTTP; see catchUp.
func BenchmarkCatchUpWithDetection(b *testing.B) { catchUp(b, 300, 6, 100, true) }

// BenchmarkCatchUpDense is catchUp over a dense chain: 200 blocks of 150
// transfers each (a mainnet-sized block's transaction count).
func BenchmarkCatchUpDense(b *testing.B) { catchUp(b, 200, 150, 100, true) }

// BenchmarkManyDetectorsDense is BenchmarkCatchUpDense's fetch, match and
// backtest with 10,000 detectors (no stores), over 50 of its blocks (one
// iteration takes minutes): the engine's cost when plans grow. Its name does not match -bench CatchUpDense, so that the
// default one stays quick.
//
//	go test ./internal/pipeline -run '^$' -bench ManyDetectorsDense -benchtime 3x
func BenchmarkManyDetectorsDense(b *testing.B) { catchUp(b, 50, 150, 10_000, false) }

// catchUp catches up over blocks blocks of txs dUSD transfers each on the
// devnet over HTTP with a plan of dets detectors that needs no traces
// (untracedEngine: every variant fetches the same blocks with receipts
// and nothing else); each iteration runs, one after the other (in an order
// that rotates) so that the machine's load weighs on all alike:
//
//   - fetch: the Follower with a sink that does nothing (the raw fetch);
//   - match: the same with a sink that runs the engine;
//   - backtest: pipeline.Backtest with the same engine (nothing stored);
//   - sqlite: the pipeline Sink: state reads, engine, alerts and cursor
//     stored in SQLite, one transaction per block (as `run` catches up);
//   - postgres: the same on PostgreSQL, when BREAKGLASS_TEST_POSTGRES is
//     set.
//
// The stores run only when withStores is set. It reports blocks/s of
// each, each one's ratio to fetch, backtest's to match, and the stores'
// ratio to match.
func catchUp(b *testing.B, blocks, txs, dets int, withStores bool) {
	e := newEnv(b, dets)
	start, end := e.dense(b, blocks, txs)
	n := float64(end - start + 1)
	http, err := chain.Dial(context.Background(), chain.Config{Network: network, URLs: []string{e.dn.HTTPURL()}}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer http.Close()

	follow := func(sink chain.Sink, reached func() bool) time.Duration {
		t0 := time.Now()
		f, err := chain.NewFollower(chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: time.Hour}, http, sink, nil, testLog())
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- f.Run(ctx) }()
		for deadline := time.Now().Add(5 * time.Minute); !reached(); {
			select {
			case err := <-done:
				b.Fatalf("follower stopped before block %d: %v", end, err)
			default:
			}
			if time.Now().After(deadline) {
				b.Fatalf("catch-up to block %d did not finish in 5 minutes", end)
			}
			// Not too often: each look at a PostgreSQL cursor is a round trip
			// that competes with the commits measured.
			time.Sleep(time.Millisecond)
		}
		d := time.Since(t0)
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		return d
	}
	before, err := e.dn.Client().HeaderByNumber(context.Background(), new(big.Int).SetUint64(start-1))
	if err != nil {
		b.Fatal(err)
	}
	// Warm the node's caches and the connections, so that the first
	// variant measured does not pay for them.
	warm := &chaintest.CursorSink{}
	follow(warm, func() bool { return warm.Reached(end) })

	stores := map[string]store.Store{}
	if withStores {
		stores["sqlite"] = e.store
		if os.Getenv(storetest.PostgresEnv) != "" {
			stores["postgres"] = storetest.Postgres(b, store.Options{})
		}
	}
	took := map[string]time.Duration{}
	txCounts := map[string]*atomic.Int64{}
	for name := range stores {
		txCounts[name] = &atomic.Int64{}
	}
	alerts, backtested := 0, 0
	variants := map[string]func(i int){
		"fetch": func(int) {
			s := &chaintest.CursorSink{}
			took["fetch"] += follow(s, func() bool { return s.Reached(end) })
		},
		"match": func(int) {
			eng := e.untracedEngine(b, dets)
			s := &chaintest.CursorSink{OnBlock: func(blk *chain.Block) { alerts += len(eng.Process(blk, nil)) }}
			took["match"] += follow(s, func() bool { return s.Reached(end) })
		},
		"backtest": func(int) {
			eng := e.untracedEngine(b, dets)
			t0 := time.Now()
			got, err := pipeline.Backtest(context.Background(), http, eng, network, start, end, 8, nil)
			if err != nil {
				b.Fatal(err)
			}
			took["backtest"] += time.Since(t0)
			backtested += len(got)
		},
	}
	for name, st := range stores {
		variants[name] = func(i int) {
			prog := &progress{}
			stages := pipeline.Stages{pipeline.Claim{}, pipeline.StoreAlerts{}, pipeline.RetractAlerts{}, txCount{txCounts[name]}, pipeline.SaveCursor{}}
			ps, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: stages, Observers: []pipeline.Observer{prog}}, st, e.untracedEngine(b, dets), http, nil)
			if err != nil {
				b.Fatal(err)
			}
			// After the first time, rewind the store to before start (the
			// alerts are retracted, then restored as the blocks are
			// processed again).
			if i > 0 {
				if _, _, err := ps.Cursor(context.Background(), network); err != nil {
					b.Fatal(err)
				}
				if err := ps.Rewind(context.Background(), network, chain.Cursor{Number: start - 1, Hash: before.Hash()}); err != nil {
					b.Fatal(err)
				}
			}
			// Progress is heard from the sink (an observer of its commits),
			// not read back from the store: no round trip competes with
			// the commits measured, and the sink's state is left alone.
			took[name] += follow(ps, func() bool { return prog.reached(end) })
		}
	}
	names := slices.Sorted(maps.Keys(variants))
	// The order rotates with the iteration, so that no variant always
	// runs first (or after the same one).
	for i := 0; b.Loop(); i++ {
		for k := range names {
			variants[names[(i+k)%len(names)]](i)
		}
	}
	if backtested != alerts {
		b.Fatalf("backtest found %d alerts, match %d: they did not evaluate the same", backtested, alerts)
	}
	iters := float64(b.N)
	for _, name := range names {
		b.ReportMetric(n*iters/took[name].Seconds(), name+"_blocks/s")
		if name != "fetch" {
			b.ReportMetric(took["fetch"].Seconds()/took[name].Seconds(), name+"/fetch")
		}
		// The stores' cost on top of detection, which the node's load
		// (sharing the machine with fetch) moves less; backtest's, which
		// should be none.
		if _, ok := stores[name]; ok || name == "backtest" {
			b.ReportMetric(took["match"].Seconds()/took[name].Seconds(), name+"/match")
		}
		if _, ok := stores[name]; ok {
			b.ReportMetric(float64(txCounts[name].Load())/(n*iters), name+"_txs/block")
		}
	}
	b.ReportMetric(float64(alerts)/iters, "alerts/op")
}

// BenchmarkSinkDense measures the serial path alone, without the node:
// the 200 blocks of 150 dUSD transfers of BenchmarkCatchUpDense are
// fetched once, then each iteration hands them, in order, to
//
//   - engine: the engine alone (100 detectors) and its state encoded, as
//     the sink does, nothing stored;
//   - sqlite, postgres: the pipeline Sink, each block's successor
//     announced first (as the follower's prefetch does when catching up),
//     so quiet blocks commit in groups (Config.MaxGroup);
//   - sqlite-1, postgres-1: the same with MaxGroup 1, a transaction per
//     block.
//
// It reports blocks/s of each, each one's ratio to engine, and the time
// in store transactions (BEGIN to COMMIT) and their number per block:
// what the store costs on top of detection.
//
//	BREAKGLASS_TEST_POSTGRES=postgres://… go test ./internal/pipeline -run '^$' -bench SinkDense -benchtime 3x
func BenchmarkSinkDense(b *testing.B) {
	const blocks, txs = 200, 150
	e := newEnv(b, 100)
	start, end := e.dense(b, blocks, txs)
	ctx := context.Background()
	var chainBlocks []*chain.Block
	for n := start; n <= end; n++ {
		blk, err := e.client.FetchBlock(ctx, n, nil)
		if err != nil {
			b.Fatal(err)
		}
		chainBlocks = append(chainBlocks, blk)
	}
	before, err := e.dn.Client().HeaderByNumber(ctx, new(big.Int).SetUint64(start-1))
	if err != nil {
		b.Fatal(err)
	}
	stores := map[string]store.Store{"sqlite": e.store}
	if os.Getenv(storetest.PostgresEnv) != "" {
		stores["postgres"] = storetest.Postgres(b, store.Options{})
	}
	took := map[string]time.Duration{}
	stats := map[string]*timedStore{}
	variants := map[string]func(i int){
		"engine": func(int) {
			eng := e.engine(b, 100)
			t0 := time.Now()
			for _, blk := range chainBlocks {
				eng.Process(blk, nil)
				if _, err := json.Marshal(eng.Snapshot()); err != nil {
					b.Fatal(err)
				}
			}
			took["engine"] += time.Since(t0)
		},
	}
	for name, st := range stores {
		for _, group := range []int{0, 1} {
			vname := name
			if group == 1 {
				vname += "-1"
			}
			timed := &timedStore{Store: st}
			stats[vname] = timed
			variants[vname] = func(int) {
				ps, err := pipeline.NewSink(pipeline.Config{Network: network, MaxGroup: group}, timed, e.engine(b, 100), e.client, nil)
				if err != nil {
					b.Fatal(err)
				}
				// Back to before start when another variant stored the blocks.
				if _, ok, err := ps.Cursor(ctx, network); err != nil {
					b.Fatal(err)
				} else if ok {
					if err := ps.Rewind(ctx, network, chain.Cursor{Number: start - 1, Hash: before.Hash()}); err != nil {
						b.Fatal(err)
					}
				}
				timed.on.Store(true)
				defer timed.on.Store(false)
				t0 := time.Now()
				for k, blk := range chainBlocks {
					if k+1 < len(chainBlocks) {
						ps.Prefetch(ctx, chainBlocks[k+1])
					}
					if err := ps.ProcessBlock(ctx, blk); err != nil {
						b.Fatal(err)
					}
				}
				took[vname] += time.Since(t0)
			}
		}
	}
	names := slices.Sorted(maps.Keys(variants))
	for i := 0; b.Loop(); i++ {
		for k := range names {
			variants[names[(i+k)%len(names)]](i)
		}
	}
	n := float64(len(chainBlocks) * b.N)
	for _, name := range names {
		b.ReportMetric(n/took[name].Seconds(), name+"_blocks/s")
		if name != "engine" {
			b.ReportMetric(took["engine"].Seconds()/took[name].Seconds(), name+"/engine")
			ts := stats[name]
			b.ReportMetric(float64(ts.took.Load())/float64(time.Millisecond)/n, name+"_store-ms/block")
			b.ReportMetric(float64(ts.txs.Load())/n, name+"_txs/block")
		}
	}
}

// timedStore times the store transactions (BEGIN to COMMIT) made while on.
type timedStore struct {
	store.Store
	on   atomic.Bool
	took atomic.Int64 // nanoseconds
	txs  atomic.Int64
}

func (s *timedStore) Tx(ctx context.Context, fn func(store.Tx) error) error {
	if !s.on.Load() {
		return s.Store.Tx(ctx, fn)
	}
	t0 := time.Now()
	err := s.Store.Tx(ctx, fn)
	s.took.Add(int64(time.Since(t0)))
	s.txs.Add(1)
	return err
}

// txCount is a Stage that counts the store transactions of blocks (a
// rewind's are not counted).
type txCount struct{ n *atomic.Int64 }

func (c txCount) Exec(_ context.Context, _ store.Tx, b pipeline.Batch) (pipeline.Batch, error) {
	if b.Block != nil {
		c.n.Add(1)
	}
	return b, nil
}

// progress is an Observer of a sink's commits: the last block committed.
type progress struct {
	mu   sync.Mutex
	last uint64
	have bool
}

func (p *progress) Committed(b pipeline.Batch, _ time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last, p.have = b.Cursor.BlockNumber, true
}

func (p *progress) reached(n uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.have && p.last >= n
}

// timingSink measures the pipeline sink's time per block: from the block
// in hand to its alerts and cursor committed.
type timingSink struct {
	*pipeline.Sink
	mu     sync.Mutex
	took   []time.Duration
	stored map[common.Hash]time.Time
	traced int // blocks handed over with a call tree
}

func (s *timingSink) ProcessBlock(ctx context.Context, b *chain.Block) error {
	t0 := time.Now()
	err := s.Sink.ProcessBlock(ctx, b)
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.took = append(s.took, now.Sub(t0))
	s.stored[b.Hash()] = now
	if slices.ContainsFunc(b.Traces, func(f *chain.CallFrame) bool { return f != nil }) {
		s.traced++
	}
	return err
}

// BenchmarkBlockToAlert follows the devnet's live head over WebSocket
// with 100 detectors (a third of them function detectors, so the
// transactions that touch the token are traced, as the daemon asks:
// Engine.TraceScope), on SQLite and, when BREAKGLASS_TEST_POSTGRES is set,
// PostgreSQL; each iteration seals one block with a transfer that raises
// an alert. It reports p50 and p99 of the time from the block in hand to
// its alert stored (the pipeline's own latency: reads, engine, the store's
// transaction), and of the time from the block sealed to its alert stored
// (with the node's head notification, the block's fetch and its traces).
//
//	BREAKGLASS_TEST_POSTGRES=postgres://… go test ./internal/pipeline -run '^$' -bench BlockToAlert -benchtime 200x
func BenchmarkBlockToAlert(b *testing.B) {
	backends := storetest.Backends()
	if os.Getenv(storetest.PostgresEnv) == "" {
		delete(backends, "postgres")
	}
	for _, name := range slices.Sorted(maps.Keys(backends)) {
		b.Run(name, func(b *testing.B) { blockToAlert(b, backends[name](b, store.Options{})) })
	}
}

func blockToAlert(b *testing.B, st store.Store) {
	e := newEnv(b, 100)
	eng := e.engine(b, 100)
	ps, err := pipeline.NewSink(pipeline.Config{Network: network}, st, eng, e.client, nil)
	if err != nil {
		b.Fatal(err)
	}
	sink := &timingSink{Sink: ps, stored: map[common.Hash]time.Time{}}
	f, err := chain.NewFollower(chain.FollowerConfig{Network: network, PollInterval: time.Second, Traces: eng.TraceScope(network)}, e.client, sink, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	time.Sleep(200 * time.Millisecond) // subscribed
	var endToEnd []time.Duration
	for i := 0; b.Loop(); i++ {
		// Round the users, so that no balance runs out.
		e.transfer(b, i%5, (i+1)%5, bigAmount)
		sealed := time.Now()
		h := e.dn.Commit()
		for {
			sink.mu.Lock()
			at, ok := sink.stored[h]
			sink.mu.Unlock()
			if ok {
				endToEnd = append(endToEnd, at.Sub(sealed))
				break
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	alerts, err := st.Alerts(context.Background(), store.AlertFilter{Network: network})
	if err != nil || len(alerts) < b.N {
		b.Fatalf("%d alerts stored for %d blocks: %v", len(alerts), b.N, err)
	}
	sink.mu.Lock()
	took := slices.Clone(sink.took)
	traced := sink.traced
	sink.mu.Unlock()
	if traced < b.N {
		b.Fatalf("%d of %d blocks were traced: the function detectors need their transfer's call tree", traced, b.N)
	}
	b.ReportMetric(pct(took, 50), "in-hand-p50-ms")
	b.ReportMetric(pct(took, 99), "in-hand-p99-ms")
	b.ReportMetric(pct(endToEnd, 50), "sealed-p50-ms")
	b.ReportMetric(pct(endToEnd, 99), "sealed-p99-ms")
}

func pct(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	i = min(max(i-1, 0), len(s)-1)
	return float64(s[i]) / float64(time.Millisecond)
}

// BenchmarkCatchUpTraced: a plan with a heuristic (re-entrancy on the
// pool) needs call traces. Over 200 blocks of 150 transactions, where one
// in twenty is a deposit into the pool and the rest are dUSD transfers,
// backtest is measured with no traces (the fetch floor: the same engine
// without the heuristic), with traces of the transactions that touch the
// pool (the default), and with traces of every transaction
// (networks[].traces.all, as before); each as a ratio to the floor.
func BenchmarkCatchUpTraced(b *testing.B) {
	const blocks, txs = 200, 150
	e := newEnv(b, 1)
	start := e.head(b) + 1
	for i := range blocks {
		for j := range txs {
			if (i*txs+j)%20 == 0 {
				e.depositETH(b, j%5, big.NewInt(1e15))
				continue
			}
			e.transfer(b, j%5, (j+1)%5, smallAmount)
		}
		e.dn.Commit()
	}
	end := e.head(b)
	n := float64(end - start + 1)
	http, err := chain.Dial(context.Background(), chain.Config{Network: network, URLs: []string{e.dn.HTTPURL()}}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer http.Close()
	engines := map[string]func() *detect.Engine{
		"floor":   func() *detect.Engine { return e.poolEngine(b, "", false) },
		"touched": func() *detect.Engine { return e.poolEngine(b, plan.HeuristicReentrancy, false) },
		"all":     func() *detect.Engine { return e.poolEngine(b, plan.HeuristicReentrancy, true) },
	}
	took := map[string]time.Duration{}
	names := slices.Sorted(maps.Keys(engines))
	for i := 0; b.Loop(); i++ {
		for k := range names {
			name := names[(i+k)%len(names)]
			t0 := time.Now()
			if _, err := pipeline.Backtest(context.Background(), http, engines[name](), network, start, end, 8, nil); err != nil {
				b.Fatal(err)
			}
			took[name] += time.Since(t0)
		}
	}
	iters := float64(b.N)
	for _, name := range names {
		b.ReportMetric(n*iters/took[name].Seconds(), name+"_blocks/s")
		if name != "floor" {
			b.ReportMetric(took["floor"].Seconds()/took[name].Seconds(), name+"/floor")
		}
	}
}

// dense fills the chain with blocks of txs dUSD transfers among the
// benign users, one in 50 large, and returns the first and last block.
func (e *env) dense(b *testing.B, blocks, txs int) (start, end uint64) {
	start = e.head(b) + 1
	for i := range blocks {
		for j := range txs {
			amount := smallAmount
			if (i*txs+j)%50 == 0 {
				amount = bigAmount
			}
			e.transfer(b, j%5, (j+1)%5, amount)
		}
		e.dn.Commit()
	}
	return start, e.head(b)
}

// depositETH sends a deposit of value wei into the pool from benign user
// from.
func (e *env) depositETH(t testing.TB, from int, value *big.Int) {
	t.Helper()
	e.send(t, from, e.dn.Deployment().Pool, value, 150_000, bindings.NewLendingPool().PackDepositETH())
}

// poolEngine compiles a plan that monitors the pool with an event
// detector and, when heuristic is set, that heuristic (all: traces of
// every transaction).
func (e *env) poolEngine(t testing.TB, heuristic string, all bool) *detect.Engine {
	t.Helper()
	parsed, err := bindings.LendingPoolMetaData.ParseABI()
	if err != nil {
		t.Fatal(err)
	}
	dets := []plan.Detector{{Name: "pool-paused", Kind: plan.KindEvent, Contract: "pool", Signature: "Paused(address)", Severity: "critical"}}
	if heuristic != "" {
		dets = append(dets, plan.Detector{Name: "pool-" + heuristic, Kind: plan.KindHeuristic, Heuristic: heuristic, Contract: "pool", Severity: "critical"})
	}
	return compilePlan(t, plan.Traces{All: all}, plan.Contract{Name: "pool", Network: network, Address: e.dn.Deployment().Pool,
		ABI: &plan.ABI{Path: "pool.json", Parsed: *parsed}}, dets)
}
