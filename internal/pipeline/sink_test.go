package pipeline_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/backend"
)

const network = "devnet"

// testLog logs to stderr when PIPELINE_TEST_LOG is set.
func testLog() *slog.Logger {
	if os.Getenv("PIPELINE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}

// big and small dUSD transfers: the plan alerts on transfers above 1,000.
var (
	bigAmount   = new(big.Int).Mul(big.NewInt(5000), big.NewInt(1e18))
	smallAmount = big.NewInt(1e18)
)

// env is a devnet whose blocks the test seals, a SQLite store, and the
// plan's engine for the devnet.
type env struct {
	dn     *devnet.Devnet
	store  store.Store
	client *chain.Client
	stable *bindings.StableToken
	mu     sync.Mutex
	nonces map[common.Address]uint64 // next nonce of each user
}

func newEnv(t testing.TB, detectors int) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dn, err := devnet.Start(ctx, devnet.Config{BlockTime: time.Hour})
	if err != nil {
		t.Fatalf("start devnet: %v", err)
	}
	t.Cleanup(func() { _ = dn.Close() })
	st, err := backend.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "breakglass.db"), store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	reg := prometheus.NewRegistry()
	m, err := chain.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := chain.Dial(ctx, chain.Config{Network: network, ChainID: big.NewInt(devnet.ChainID), URLs: []string{dn.WSURL(), dn.HTTPURL()}}, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return &env{dn: dn, store: st, client: c, stable: bindings.NewStableToken(), nonces: map[common.Address]uint64{}}
}

// engine compiles a plan watching the dUSD token with n detectors: one
// alerting on transfers above 1,000 dUSD, the others on conditions that
// never hold in these tests. A third of them are function detectors on
// transfer(address,uint256), so the token's transactions are traced
// (Engine.TraceScope).
func (e *env) engine(t testing.TB, n int) *detect.Engine {
	t.Helper()
	return e.compile(t, quietDetectors(n, true))
}

// untracedEngine is engine without function detectors (their third are
// event detectors on the token's Transfer with the same condition), so
// that nothing is traced: a plan of n detectors without traces.
func (e *env) untracedEngine(t testing.TB, n int) *detect.Engine {
	t.Helper()
	eng := e.compile(t, quietDetectors(n, false))
	if eng.TraceScope(network).Enabled() {
		t.Fatal("a plan without function detectors or heuristics asks for traces")
	}
	return eng
}

// quietDetectors are engine's n detectors; functions false makes its
// function detectors event detectors (see untracedEngine).
func quietDetectors(n int, functions bool) []plan.Detector {
	dets := []plan.Detector{{Name: "large-transfer", Kind: plan.KindEvent, Contract: "stable",
		Signature: "Transfer(address indexed from, address indexed to, uint256 value)",
		Condition: "value > 1000 ether", Severity: "critical", IncidentType: "exploit"}}
	for i := 1; i < n; i++ {
		d := plan.Detector{Name: fmt.Sprintf("quiet-%d", i), Severity: "low"}
		switch i % 3 {
		case 0:
			d.Kind, d.Contract, d.Signature = plan.KindEvent, "stable", "Transfer(address,address,uint256)"
			d.Condition = fmt.Sprintf("value > %d000000 ether", i)
		case 1:
			d.Kind, d.Contract, d.Signature = plan.KindFunction, "stable", "transfer(address,uint256)"
			if !functions {
				d.Kind, d.Signature = plan.KindEvent, "Transfer(address,address,uint256)"
			}
			d.Condition = fmt.Sprintf("value == %d", i)
		default:
			d.Kind, d.Contract = plan.KindTransaction, "stable"
			d.Condition = fmt.Sprintf("tx.value > %d ether", 1000+i)
		}
		dets = append(dets, d)
	}
	return dets
}

// compile compiles a plan of the devnet's stable token with dets (their
// positions: lines 10, 11, … of plan.yaml).
func (e *env) compile(t testing.TB, dets []plan.Detector) *detect.Engine {
	t.Helper()
	return e.compileTraced(t, plan.Traces{}, dets)
}

// compileTraced is compile with the network's traces configured so.
func (e *env) compileTraced(t testing.TB, traces plan.Traces, dets []plan.Detector) *detect.Engine {
	t.Helper()
	parsed, err := bindings.StableTokenMetaData.ParseABI()
	if err != nil {
		t.Fatal(err)
	}
	for i := range dets {
		dets[i].Pos = plan.Pos{File: "plan.yaml", Line: 10 + i, Col: 5}
	}
	return compilePlan(t, traces, plan.Contract{Name: "stable", Network: network, Address: e.dn.Deployment().Stable,
		ABI: &plan.ABI{Path: "stable.json", Parsed: *parsed}}, dets)
}

// compilePlan compiles a plan.yaml of the devnet network (with traces)
// watching contract c with dets.
func compilePlan(t testing.TB, traces plan.Traces, c plan.Contract, dets []plan.Detector) *detect.Engine {
	t.Helper()
	p := &plan.Plan{
		Version:   1,
		Path:      "plan.yaml",
		Networks:  []plan.Network{{Name: network, ChainID: devnet.ChainID, Traces: traces}},
		Contracts: []plan.Contract{c},
		Detectors: dets,
	}
	eng, err := detect.Compile(p, detect.ForNetwork(network))
	if err != nil {
		t.Fatalf("compile plan: %v", err)
	}
	return eng
}

// transfer sends a dUSD transfer from benign user `from` to user `to`.
func (e *env) transfer(t testing.TB, from, to int, amount *big.Int) common.Hash {
	t.Helper()
	return e.send(t, from, e.dn.Deployment().Stable, nil, 100_000, e.stable.PackTransfer(devnet.Address(e.dn.Keys().Users[to]), amount))
}

// send sends a transaction from benign user `from` to `to` with value
// (nil: none), gas and data, at the user's next nonce (counted here, so
// that many can be sent before a block seals them).
func (e *env) send(t testing.TB, from int, to common.Address, value *big.Int, gas uint64, data []byte) common.Hash {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	ctx := context.Background()
	key := e.dn.Keys().Users[from]
	addr := devnet.Address(key)
	nonce, ok := e.nonces[addr]
	if !ok {
		n, err := e.dn.Client().PendingNonceAt(ctx, addr)
		if err != nil {
			t.Fatal(err)
		}
		nonce = n
	}
	e.nonces[addr] = nonce + 1
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(e.dn.ChainID()), &types.DynamicFeeTx{
		ChainID: e.dn.ChainID(), Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11), Gas: gas,
		To: &to, Value: value, Data: data})
	if err := e.dn.Client().SendTransaction(ctx, tx); err != nil {
		t.Fatalf("send: %v", err)
	}
	return tx.Hash()
}

func (e *env) head(t testing.TB) uint64 {
	t.Helper()
	n, err := e.dn.Client().BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// countingHooks counts the alerts each hook was given.
type countingHooks struct {
	mu        sync.Mutex
	raised    []string // tx hashes, in order
	retracted []string
}

// Exec implements pipeline.Stage: it sees the batch after the alerts were
// stored and retracted, before the cursor.
func (h *countingHooks) Exec(_ context.Context, _ store.Tx, b pipeline.Batch) (pipeline.Batch, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, a := range b.Fresh {
		h.raised = append(h.raised, a.TxHash)
	}
	for _, a := range b.Retracted {
		h.retracted = append(h.retracted, a.TxHash)
	}
	return b, nil
}

func (h *countingHooks) stages() pipeline.Stages {
	return pipeline.Stages{pipeline.StoreAlerts{}, pipeline.RetractAlerts{}, h, pipeline.SaveCursor{}}
}

func run(t testing.TB, ctx context.Context, f *chain.Follower) <-chan error {
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	return done
}

func waitCursor(t testing.TB, ctx context.Context, st store.Store, n uint64, hash common.Hash) {
	t.Helper()
	for {
		c, err := st.Cursor(ctx, network)
		if err == nil && c.BlockNumber >= n && (hash == common.Hash{} || c.BlockHash == hash.Hex()) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("cursor did not reach %d %s (at %+v, %v)", n, hash, c, err)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// follow runs f until the cursor in st reaches block end, then stops it;
// an error of f, or end not reached within timeout, fails the test.
func follow(t testing.TB, timeout time.Duration, f *chain.Follower, st store.Store, end uint64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	done := run(t, ctx, f)
	waitCursor(t, ctx, st, end, common.Hash{})
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// restart runs a new follower of cfg over sink until the cursor reaches
// end, and returns the network's alerts then.
func (e *env) restart(t testing.TB, cfg chain.FollowerConfig, sink chain.Sink, end uint64) []store.Alert {
	t.Helper()
	f, err := chain.NewFollower(cfg, e.client, sink, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	follow(t, 30*time.Second, f, e.store, end)
	alerts, err := e.store.Alerts(context.Background(), store.AlertFilter{Network: network})
	if err != nil {
		t.Fatal(err)
	}
	return alerts
}

// reorg replaces the blocks after ancestor by a branch of three, the
// first carrying a large transfer (raised).
func (e *env) reorg(t testing.TB, ancestor common.Hash) (raised common.Hash, branch []common.Hash) {
	t.Helper()
	if err := e.dn.Fork(ancestor); err != nil {
		t.Fatal(err)
	}
	raised = e.transfer(t, 2, 3, bigAmount)
	for range 3 {
		branch = append(branch, e.dn.Commit())
	}
	return raised, branch
}

func TestReorgRetractsDroppedAlertAndRaisesNewOnce(t *testing.T) {
	e := newEnv(t, 1)
	var hooks countingHooks
	sink, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: hooks.stages()}, e.store, e.engine(t, 1), e.client, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	start := e.head(t) + 1
	f, err := chain.NewFollower(chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond}, e.client, sink, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := run(t, ctx, f)

	e.transfer(t, 3, 4, smallAmount)
	ancestor := e.dn.Commit()
	dropped := e.transfer(t, 0, 1, bigAmount)
	droppedBlock := e.dn.Commit()
	e.dn.Commit()
	waitCursor(t, ctx, e.store, start+2, common.Hash{})
	alerts, err := e.store.Alerts(ctx, store.AlertFilter{Network: network})
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 1 || alerts[0].TxHash != dropped.Hex() || alerts[0].BlockHash != droppedBlock.Hex() || alerts[0].Retracted() {
		t.Fatalf("before the reorg: %+v", alerts)
	}

	// The two blocks after the ancestor are replaced by three; the new
	// branch carries another large transfer.
	raised, branch := e.reorg(t, ancestor)
	waitCursor(t, ctx, e.store, start+3, branch[2])
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	alerts, err = e.store.Alerts(context.Background(), store.AlertFilter{Network: network})
	if err != nil {
		t.Fatal(err)
	}
	canonical := map[string]bool{}
	for _, h := range branch {
		canonical[h.Hex()] = true
	}
	var live []store.Alert
	for _, a := range alerts {
		switch {
		case a.BlockHash == droppedBlock.Hex():
			if !a.Retracted() {
				t.Fatalf("alert of the dropped block not retracted: %+v", a)
			}
		case a.Retracted():
			t.Fatalf("alert of the new branch retracted: %+v", a)
		default:
			if !canonical[a.BlockHash] {
				t.Fatalf("live alert outside the new branch: %+v", a)
			}
			live = append(live, a)
		}
	}
	// The new branch's transfer alerts once; the dropped transfer, if the
	// node put it back into the new branch, alerts once more there.
	var liveTxs []string
	for _, a := range live {
		liveTxs = append(liveTxs, a.TxHash)
	}
	sort.Strings(liveTxs)
	if !slices.Contains(liveTxs, raised.Hex()) || len(slices.Compact(slices.Clone(liveTxs))) != len(liveTxs) {
		t.Fatalf("live alerts %v; want %s once", liveTxs, raised.Hex())
	}
	if !slices.Equal(hooks.retracted, []string{dropped.Hex()}) {
		t.Fatalf("retraction hook saw %v", hooks.retracted)
	}
	if len(hooks.raised) != 1+len(live) {
		t.Fatalf("alert hook saw %d alerts, want %d", len(hooks.raised), 1+len(live))
	}
}

// stoppingSink stops the follower after a number of blocks.
type stoppingSink struct {
	*pipeline.Sink
	after int32
	n     atomic.Int32
	stop  context.CancelFunc
}

func (s *stoppingSink) ProcessBlock(ctx context.Context, b *chain.Block) error {
	if err := s.Sink.ProcessBlock(ctx, b); err != nil {
		return err
	}
	if s.n.Add(1) == s.after {
		s.stop()
	}
	return nil
}

func TestRestartMidCatchUpNoGapNoDuplicateAlert(t *testing.T) {
	e := newEnv(t, 1)
	start := e.head(t) + 1
	var want []string
	for i := range 40 {
		if i%5 == 2 {
			want = append(want, e.transfer(t, i%5, (i+1)%5, bigAmount).Hex())
		} else {
			e.transfer(t, i%5, (i+1)%5, smallAmount)
		}
		e.dn.Commit()
	}
	end := e.head(t)
	var hooks countingHooks
	newSink := func() *pipeline.Sink {
		// A new engine, as after a restart of the process.
		s, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: hooks.stages()}, e.store, e.engine(t, 1), e.client, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cfg := chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond, Prefetch: 8}

	ctx1, stop := context.WithCancel(context.Background())
	first := &stoppingSink{Sink: newSink(), after: 15, stop: stop}
	f1, err := chain.NewFollower(cfg, e.client, first, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f1.Run(ctx1); err != nil {
		t.Fatal(err)
	}
	c, err := e.store.Cursor(context.Background(), network)
	if err != nil {
		t.Fatal(err)
	}
	// The first 15 blocks were processed; the quiet ones after the last
	// alerting block (start+12) may have been held to commit with their
	// successors, and are lost with the run: the second run does them again.
	if c.BlockNumber < start+12 || c.BlockNumber >= end {
		t.Fatalf("first run stopped at %d; want mid catch-up of %d..%d", c.BlockNumber, start, end)
	}

	alerts := e.restart(t, cfg, newSink(), end)
	var got []string
	for _, a := range alerts {
		if a.Retracted() {
			t.Fatalf("retracted alert without a reorg: %+v", a)
		}
		got = append(got, a.TxHash)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("stored alerts for txs %v, want %v", got, want)
	}
	if !slices.Equal(hooks.raised, want) {
		t.Fatalf("alerts raised %v, want each of %v once", hooks.raised, want)
	}
}

// thresholdEngine compiles one detector that alerts on the second transfer
// above 1,000 dUSD within an hour.
func (e *env) thresholdEngine(t testing.TB) *detect.Engine {
	t.Helper()
	hour, _ := plan.ParseDuration("1h")
	return e.compile(t, []plan.Detector{{Name: "large-transfer-twice", Kind: plan.KindEvent, Contract: "stable",
		Signature: "Transfer(address indexed from, address indexed to, uint256 value)",
		Condition: "value > 1000 ether", Severity: "high", Threshold: &plan.Threshold{Count: 2, Window: hour}}})
}

// TestDetectorStateSurvivesRestart checks that a threshold's count is kept
// with the cursor: one match before a restart and one after make an alert.
func TestDetectorStateSurvivesRestart(t *testing.T) {
	e := newEnv(t, 1)
	start := e.head(t) + 1
	e.transfer(t, 0, 1, bigAmount)
	e.dn.Commit()
	e.transfer(t, 1, 2, smallAmount)
	e.dn.Commit()
	cfg := chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond}
	newSink := func() *pipeline.Sink {
		s, err := pipeline.NewSink(pipeline.Config{Network: network}, e.store, e.thresholdEngine(t), e.client, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	ctx1, stop := context.WithCancel(context.Background())
	f1, err := chain.NewFollower(cfg, e.client, &stoppingSink{Sink: newSink(), after: 2, stop: stop}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f1.Run(ctx1); err != nil {
		t.Fatal(err)
	}
	if as, _ := e.store.Alerts(context.Background(), store.AlertFilter{Network: network}); len(as) != 0 {
		t.Fatalf("one match of two alerted: %+v", as)
	}

	// The second large transfer comes after the restart.
	e.transfer(t, 2, 3, bigAmount)
	e.dn.Commit()
	end := e.head(t)
	as := e.restart(t, cfg, newSink(), end)
	if len(as) != 1 || as[0].Detector != "large-transfer-twice" || as[0].BlockNumber != end {
		t.Fatalf("alerts after the restart: %+v (want one at block %d)", as, end)
	}
}
