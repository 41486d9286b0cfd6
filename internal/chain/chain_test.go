package chain_test

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/chain/chaintest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
)

// testChain is a devnet whose blocks the test seals, with traffic from the
// benign users: ETH transfers and dUSD transfers (which emit logs).
type testChain struct {
	*devnet.Devnet
	mu     sync.Mutex
	nonces map[common.Address]uint64
	stable *bindings.StableToken
	round  int
}

func newTestChain(t testing.TB) *testChain {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// A block time of an hour: blocks are sealed by the test's Commit only.
	d, err := devnet.Start(ctx, devnet.Config{BlockTime: time.Hour})
	if err != nil {
		t.Fatalf("start devnet: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	tc := &testChain{Devnet: d, nonces: map[common.Address]uint64{}, stable: bindings.NewStableToken()}
	for _, k := range d.Keys().Users {
		addr := devnet.Address(k)
		n, err := d.Client().PendingNonceAt(ctx, addr)
		if err != nil {
			t.Fatalf("nonce: %v", err)
		}
		tc.nonces[addr] = n
	}
	return tc
}

// mine seals blocks, each with txs transactions, and returns their hashes.
func (tc *testChain) mine(t testing.TB, blocks, txs int) []common.Hash {
	t.Helper()
	tc.mu.Lock()
	defer tc.mu.Unlock()
	ctx := context.Background()
	id := tc.ChainID()
	signer := types.LatestSignerForChainID(id)
	users := tc.Keys().Users
	dep := tc.Deployment()
	var hashes []common.Hash
	for range blocks {
		for i := range txs {
			tc.round++
			key := users[(tc.round+i)%len(users)]
			from := devnet.Address(key)
			to := devnet.Address(users[(tc.round+i+1)%len(users)])
			inner := &types.DynamicFeeTx{ChainID: id, Nonce: tc.nonces[from], GasTipCap: big.NewInt(1e9),
				GasFeeCap: big.NewInt(1e11), Gas: 21000, To: &to, Value: big.NewInt(int64(tc.round))}
			if tc.round%2 == 0 {
				inner.To, inner.Value, inner.Gas = &dep.Stable, new(big.Int), 100_000
				inner.Data = tc.stable.PackTransfer(to, big.NewInt(int64(tc.round)))
			}
			tx := types.MustSignNewTx(key, signer, inner)
			if err := tc.Client().SendTransaction(ctx, tx); err != nil {
				t.Fatalf("send tx: %v", err)
			}
			tc.nonces[from]++
		}
		hashes = append(hashes, tc.Commit())
	}
	return hashes
}

func (tc *testChain) head(t testing.TB) uint64 {
	t.Helper()
	n, err := tc.Client().BlockNumber(context.Background())
	if err != nil {
		t.Fatalf("head: %v", err)
	}
	return n
}

func testLogger() *slog.Logger {
	if os.Getenv("CHAIN_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// fastConfig is a client configuration with short backoffs for tests.
func fastConfig(urls ...string) chain.Config {
	return chain.Config{
		Network:        "devnet",
		ChainID:        big.NewInt(devnet.ChainID),
		URLs:           urls,
		RequestTimeout: 2 * time.Second,
		Backoff:        chain.Backoff{Base: 10 * time.Millisecond, Max: 200 * time.Millisecond},
	}
}

// metricsRegistry pairs a registry with the chain metrics registered on it.
type metricsRegistry struct {
	*prometheus.Registry
	metrics *chain.Metrics
}

func dial(t testing.TB, cfg chain.Config) (*chain.Client, metricsRegistry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := chain.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := chain.Dial(context.Background(), cfg, m, testLogger())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(c.Close)
	return c, metricsRegistry{reg, m}
}

// wantUnblamed fails the test when RPC errors were counted against
// endpoint, a healthy one.
func wantUnblamed(t testing.TB, reg prometheus.Gatherer, endpoint string) {
	t.Helper()
	if n := metric(t, reg, "breakglass_chain_rpc_errors_total", map[string]string{"endpoint": endpoint}); n != 0 {
		t.Fatalf("healthy endpoint %s blamed %v times", endpoint, n)
	}
}

// metric sums the values of the series of a counter or gauge whose labels
// include want.
func metric(t testing.TB, reg prometheus.Gatherer, name string, want map[string]string) float64 {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
	series:
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			for k, v := range want {
				if labels[k] != v {
					continue series
				}
			}
			switch {
			case m.GetCounter() != nil:
				sum += m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				sum += m.GetGauge().GetValue()
			}
		}
	}
	return sum
}

// checkBlock compares a fetched block with what the node says directly.
func checkBlock(t *testing.T, tc *testChain, b *chain.Block, traces bool) {
	t.Helper()
	ctx := context.Background()
	want, err := tc.Client().BlockByNumber(ctx, new(big.Int).SetUint64(b.Number()))
	if err != nil {
		t.Fatal(err)
	}
	if b.Hash() != want.Hash() {
		t.Fatalf("block %d hash %s, node has %s", b.Number(), b.Hash(), want.Hash())
	}
	if len(b.Transactions) != len(want.Transactions()) || len(b.Receipts) != len(b.Transactions) || len(b.Senders) != len(b.Transactions) {
		t.Fatalf("block %d: %d txs, %d receipts, %d senders; node has %d txs", b.Number(),
			len(b.Transactions), len(b.Receipts), len(b.Senders), len(want.Transactions()))
	}
	if b.ChainID == nil || b.ChainID.Int64() != devnet.ChainID || b.Network != "devnet" {
		t.Fatalf("block chain id %v network %q", b.ChainID, b.Network)
	}
	signer := types.LatestSignerForChainID(b.ChainID)
	for i, tx := range b.Transactions {
		r, err := tc.Client().TransactionReceipt(ctx, tx.Hash())
		if err != nil {
			t.Fatal(err)
		}
		got := b.Receipts[i]
		if got.TxHash != tx.Hash() || got.Status != r.Status || len(got.Logs) != len(r.Logs) || got.GasUsed != r.GasUsed {
			t.Fatalf("receipt %d differs: %+v vs %+v", i, got, r)
		}
		if from, _ := types.Sender(signer, tx); from != b.Senders[i] {
			t.Fatalf("sender %d: %s, want %s", i, b.Senders[i], from)
		}
		if traces {
			if b.Traces == nil || b.Traces[i] == nil || b.Traces[i].From != b.Senders[i] {
				t.Fatalf("trace %d missing or wrong: %+v", i, b.Traces)
			}
			if tx.To() != nil && (b.Traces[i].To == nil || *b.Traces[i].To != *tx.To()) {
				t.Fatalf("trace %d goes to %v, tx to %v", i, b.Traces[i].To, tx.To())
			}
			if len(got.Logs) > 0 && len(b.Traces[i].Logs) != len(got.Logs) {
				t.Fatalf("trace %d has %d logs, receipt %d", i, len(b.Traces[i].Logs), len(got.Logs))
			}
		}
	}
	if !traces && b.Traces != nil {
		t.Fatalf("traces fetched without being asked")
	}
}

func TestClientFailsOverFaultyEndpoint(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 3, 4)

	tests := []struct {
		name   string
		faults chaintest.Faults
		// slowGood makes the healthy endpoint slower, so that the faulty
		// one is preferred for the block request.
		slowGood bool
		timeout  time.Duration
		prepare  func(t *testing.T, c *chain.Client, p *chaintest.Proxy)
		kind     string // the error kind the faulty endpoint is blamed for; "" none
	}{
		{name: "HTTP 500", faults: chaintest.Faults{Status500: 1}, kind: "http_5xx"},
		{name: "HTTP 429", faults: chaintest.Faults{Status429: 1, RetryAfter: time.Second}, kind: "http_429"},
		{name: "JSON-RPC error on HTTP 200", faults: chaintest.Faults{ErrorEnvelope: 1}, kind: "rpc_error"},
		{name: "truncated body", faults: chaintest.Faults{Truncate: 1}, kind: "invalid_body"},
		{name: "dropped connection", faults: chaintest.Faults{Drop: 1}, kind: "transport"},
		{name: "slow answer", faults: chaintest.Faults{Delay: 1, DelayFor: 3 * time.Second}, timeout: 300 * time.Millisecond, kind: "timeout"},
		{
			name: "null for a block it has", faults: chaintest.Faults{NullBlock: 1}, kind: "null_result", slowGood: true,
			// The endpoint told its head first, so its null is a lie.
			prepare: func(t *testing.T, c *chain.Client, _ *chaintest.Proxy) {
				if _, err := c.HeadNumber(context.Background()); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "node gone", kind: "transport",
			prepare: func(t *testing.T, _ *chain.Client, p *chaintest.Proxy) { p.Down() },
		},
		{
			name: "head going backwards", kind: "head_backwards",
			prepare: func(t *testing.T, c *chain.Client, p *chaintest.Proxy) {
				if _, err := c.HeadNumber(context.Background()); err != nil {
					t.Fatal(err)
				}
				p.SetFaults(chaintest.Faults{Lag: 2})
			},
		},
		{name: "lagging node", faults: chaintest.Faults{Lag: 3}},
		{
			name: "stalled head", faults: chaintest.Faults{FreezeHead: true},
			prepare: func(t *testing.T, _ *chain.Client, _ *chaintest.Proxy) { tc.mine(t, 3, 1) },
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			bad := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i))
			good := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i))
			bad.SetFaults(tt.faults)
			if tt.slowGood {
				good.SetFaults(chaintest.Faults{Delay: 1, DelayFor: 50 * time.Millisecond})
			}
			cfg := fastConfig(bad.URL(), good.URL())
			if tt.timeout > 0 {
				cfg.RequestTimeout = tt.timeout
			}
			c, reg := dial(t, cfg)
			if tt.prepare != nil {
				tt.prepare(t, c, bad)
			}
			head, err := c.HeadNumber(ctx)
			if err != nil {
				t.Fatalf("head: %v", err)
			}
			if real := tc.head(t); head != real {
				t.Fatalf("head %d, chain is at %d", head, real)
			}
			b, err := c.FetchBlock(ctx, head, &chain.TraceScope{All: true})
			if err != nil {
				t.Fatalf("fetch: %v", err)
			}
			checkBlock(t, tc, b, true)
			// The endpoint label is the URL without path: the proxy's URL.
			badName := bad.URL()
			if tt.kind != "" {
				if n := metric(t, reg.Registry, "breakglass_chain_rpc_errors_total", map[string]string{"endpoint": badName, "kind": tt.kind}); n < 1 {
					t.Fatalf("faulty endpoint not blamed for %s; injected %v", tt.kind, bad.Injected())
				}
			} else if n := bad.Calls("eth_getBlockByNumber"); n != 0 {
				t.Fatalf("behind endpoint was asked for %d blocks; the one with the highest head should be", n)
			}
			wantUnblamed(t, reg.Registry, good.URL())
		})
	}
}

func TestClientHonoursRetryAfter(t *testing.T) {
	tc := newTestChain(t)
	p := chaintest.NewProxy(t, tc.HTTPURL(), 1)
	c, _ := dial(t, fastConfig(p.URL()))
	ctx := context.Background()
	if _, err := c.HeadNumber(ctx); err != nil { // chain id checked, endpoint warm
		t.Fatal(err)
	}
	p.SetFaults(chaintest.Faults{Status429: 1, RetryAfter: time.Second})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for p.Injected()[chaintest.FaultStatus429] == 0 {
			time.Sleep(time.Millisecond)
		}
		p.SetFaults(chaintest.Faults{})
	}()
	start := time.Now()
	head, err := c.HeadNumber(ctx)
	elapsed := time.Since(start)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if head != tc.head(t) {
		t.Fatalf("head %d", head)
	}
	// The backoff alone is 10ms; Retry-After says 1s.
	if elapsed < 900*time.Millisecond {
		t.Fatalf("retried after %s, before the server's Retry-After of 1s", elapsed)
	}
	if n := p.Calls("eth_blockNumber"); n != 3 {
		t.Fatalf("eth_blockNumber reached the node %d times, want 3 (ok, 429, ok after the wait)", n)
	}
}

func TestClientFallsBackWithoutBlockMethods(t *testing.T) {
	tc := newTestChain(t)
	hashes := tc.mine(t, 3, 3)
	p := chaintest.NewProxy(t, tc.HTTPURL(), 2)
	p.SetFaults(chaintest.Faults{NoBlockReceipts: true, NoTraceBlock: true})
	c, reg := dial(t, fastConfig(p.URL()))
	head := tc.head(t)
	for n := head - 2; n <= head; n++ {
		b, err := c.FetchBlock(context.Background(), n, &chain.TraceScope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		if b.Hash() != hashes[n-(head-2)] {
			t.Fatalf("block %d: wrong hash", n)
		}
		checkBlock(t, tc, b, true)
	}
	if n := p.Calls("eth_getBlockReceipts"); n != 1 {
		t.Fatalf("eth_getBlockReceipts tried %d times, want once", n)
	}
	if n := p.Calls("debug_traceBlockByHash"); n != 1 {
		t.Fatalf("debug_traceBlockByHash tried %d times, want once", n)
	}
	if n := p.Calls("eth_getTransactionReceipt"); n != 9 {
		t.Fatalf("eth_getTransactionReceipt called %d times, want 9", n)
	}
	if n := p.Calls("debug_traceTransaction"); n != 9 {
		t.Fatalf("debug_traceTransaction called %d times, want 9", n)
	}
	if n := metric(t, reg.Registry, "breakglass_chain_rpc_errors_total", nil); n != 0 {
		t.Fatalf("a missing method was counted as %v endpoint errors", n)
	}
}

func TestClientCallBatch(t *testing.T) {
	tc := newTestChain(t)
	hashes := tc.mine(t, 2, 2)
	c, _ := dial(t, fastConfig(tc.HTTPURL()))
	ctx := context.Background()
	dep := tc.Deployment()
	stable := bindings.NewStableToken()
	user := dep.Users[0]
	calls := []chain.Call{
		{To: dep.Stable, Data: stable.PackBalanceOf(user)},
		{To: dep.Stable, Data: stable.PackTotalSupply()},
		// A transfer of more than the caller has reverts.
		{From: &user, To: dep.Stable, Data: stable.PackTransfer(dep.Attacker, new(big.Int).Lsh(big.NewInt(1), 200))},
		{Balance: true, To: user},
	}
	res, err := c.CallBatch(ctx, hashes[0], calls)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 {
		t.Fatalf("%d results", len(res))
	}
	bal, err := stable.UnpackBalanceOf(res[0].Output)
	if err != nil || res[0].Err != nil {
		t.Fatalf("balanceOf: %v %v", err, res[0].Err)
	}
	at, _ := tc.Client().HeaderByHash(ctx, hashes[0])
	want, err := tc.Client().CallContract(ctx, ethereumCall(dep.Stable, calls[0].Data), at.Number)
	if err != nil {
		t.Fatal(err)
	}
	if new(big.Int).SetBytes(want).Cmp(bal) != 0 || bal.Sign() == 0 {
		t.Fatalf("balanceOf %s, node says %x", bal, want)
	}
	if res[1].Err != nil || len(res[1].Output) != 32 {
		t.Fatalf("totalSupply: %+v", res[1])
	}
	if res[2].Err == nil {
		t.Fatalf("an over-balance transfer did not revert: %x", res[2].Output)
	}
	eth, err := tc.Client().BalanceAt(ctx, user, at.Number)
	if err != nil {
		t.Fatal(err)
	}
	if res[3].Err != nil || len(res[3].Output) != 32 || new(big.Int).SetBytes(res[3].Output).Cmp(eth) != 0 || eth.Sign() == 0 {
		t.Fatalf("balance %x, node says %s", res[3].Output, eth)
	}
}

func TestFollowerEveryBlockOnceThroughFaults(t *testing.T) {
	tc := newTestChain(t)
	const network = "devnet"
	a := chaintest.NewProxy(t, tc.HTTPURL(), 11)
	b := chaintest.NewProxy(t, tc.HTTPURL(), 12)
	every := []string{chaintest.FaultDrop, chaintest.FaultDelay, chaintest.FaultStatus500, chaintest.FaultStatus429,
		chaintest.FaultErrorEnvelope, chaintest.FaultNullBlock, chaintest.FaultTruncate}
	// Each fault at least once (spread over the first requests), then at
	// random.
	var first []string
	for _, f := range every {
		first = append(first, f, "", "", "")
	}
	a.SetFaults(chaintest.Faults{Drop: 0.04, Delay: 0.04, DelayFor: 400 * time.Millisecond, Status500: 0.04,
		Status429: 0.03, ErrorEnvelope: 0.03, NullBlock: 0.05, Truncate: 0.03, First: first})
	b.SetFaults(chaintest.Faults{Status500: 0.03, ErrorEnvelope: 0.03, NullBlock: 0.03, Truncate: 0.02, Lag: 1})
	cfg := fastConfig(a.URL(), b.URL())
	cfg.RequestTimeout = 250 * time.Millisecond
	c, reg := dial(t, cfg)

	sink := chaintest.NewSink()
	var sinkFailures atomic.Int32
	sink.BeforeProcess(func(b *chain.Block) error {
		if b.Number()%17 == 0 && sinkFailures.Add(1)%2 == 1 { // a store that fails now and then
			return errors.New("injected store failure")
		}
		return nil
	})
	start := tc.head(t) + 1
	f, err := chain.NewFollower(chain.FollowerConfig{
		Network: network, Confirmations: 2, StartBlock: &start, PollInterval: 20 * time.Millisecond,
		Prefetch: 4, Backoff: chain.Backoff{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond},
	}, c, sink, nil, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- f.Run(ctx) }()

	const blocks = 120
	callsAtUp := 0
	for i := range blocks {
		tc.mine(t, 1, 2)
		switch i {
		case 40:
			a.Down()
		case 70:
			callsAtUp = a.Calls("eth_blockNumber")
			if err := a.Up(); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	end := tc.head(t) - 2
	if _, err := sink.WaitCursor(ctx, network, end, common.Hash{}); err != nil {
		t.Fatalf("%v; injected a=%v b=%v", err, a.Injected(), b.Injected())
	}
	cancel()
	if err := <-runErr; err != nil {
		t.Fatalf("run: %v", err)
	}
	assertSequence(t, sink.Processed(network), start, end)
	for _, fault := range every {
		if a.Injected()[fault] == 0 {
			t.Errorf("fault %s was never injected: %v", fault, a.Injected())
		}
	}
	if a.Calls("eth_blockNumber") <= callsAtUp {
		t.Errorf("the endpoint that came back was never used again")
	}
	if b.Injected()[chaintest.FaultLagging] == 0 {
		t.Errorf("lagging endpoint never lagged")
	}
	if sinkFailures.Load() == 0 {
		t.Errorf("store failure never injected")
	}
	t.Logf("faults injected: a=%v b=%v; rpc errors counted %v", a.Injected(), b.Injected(),
		metric(t, reg.Registry, "breakglass_chain_rpc_errors_total", nil))
}

// assertSequence checks that got is exactly from..to, each once, in order.
// followUntil runs f until sink's cursor on network reaches end (within
// 20 s), then stops it: the run must end without an error.
func followUntil(t *testing.T, f *chain.Follower, sink *chaintest.Sink, network string, end uint64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- f.Run(ctx) }()
	if _, err := sink.WaitCursor(ctx, network, end, common.Hash{}); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-runErr; err != nil {
		t.Fatal(err)
	}
}

func assertSequence(t *testing.T, got []uint64, from, to uint64) {
	t.Helper()
	var want []uint64
	for n := from; n <= to; n++ {
		want = append(want, n)
	}
	if !slices.Equal(got, want) {
		seen := map[uint64]int{}
		var dups, missing []uint64
		for _, n := range got {
			if seen[n]++; seen[n] == 2 {
				dups = append(dups, n)
			}
		}
		for _, n := range want {
			if seen[n] == 0 {
				missing = append(missing, n)
			}
		}
		t.Fatalf("processed %d blocks, want %d..%d: duplicates %v, missing %v", len(got), from, to, dups, missing)
	}
}

func TestFollowerReorg(t *testing.T) {
	tc := newTestChain(t)
	const network = "devnet"
	tc.mine(t, 5, 2)
	c, reg := dial(t, fastConfig(tc.HTTPURL()))
	sink := chaintest.NewSink()
	start := tc.head(t) - 4
	m := reg.metrics
	f, err := chain.NewFollower(chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond},
		c, sink, m, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- f.Run(ctx) }()

	old := tc.head(t)
	if _, err := sink.WaitCursor(ctx, network, old, common.Hash{}); err != nil {
		t.Fatal(err)
	}
	ancestor, err := tc.Client().HeaderByNumber(ctx, new(big.Int).SetUint64(old-2))
	if err != nil {
		t.Fatal(err)
	}
	// Replace the last two blocks with three others.
	if err := tc.Fork(ancestor.Hash()); err != nil {
		t.Fatal(err)
	}
	branch := tc.mine(t, 3, 1)
	if _, err := sink.WaitCursor(ctx, network, old+1, branch[2]); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-runErr; err != nil {
		t.Fatal(err)
	}

	ev := sink.Events(network)
	var tail []string
	for _, e := range ev[len(ev)-4:] {
		tail = append(tail, e.String())
	}
	want := []string{
		chaintest.Event{Rewind: true, Number: old - 2, Hash: ancestor.Hash()}.String(),
		chaintest.Event{Number: old - 1, Hash: branch[0]}.String(),
		chaintest.Event{Number: old, Hash: branch[1]}.String(),
		chaintest.Event{Number: old + 1, Hash: branch[2]}.String(),
	}
	if !slices.Equal(tail, want) {
		t.Fatalf("events end with\n%q\nwant\n%q", tail, want)
	}
	// Before the reorg: start..old, once each, and one rewind in all.
	var before []uint64
	rewinds := 0
	for _, e := range ev {
		if e.Rewind {
			rewinds++
		} else if rewinds == 0 {
			before = append(before, e.Number)
		}
	}
	assertSequence(t, before, start, old)
	if rewinds != 1 {
		t.Fatalf("%d rewinds, want 1", rewinds)
	}
	if n := metric(t, reg.Registry, "breakglass_chain_reorgs_total", nil); n != 1 {
		t.Fatalf("reorgs metric %v, want 1", n)
	}
}

// sinkOnly hides the History of a sink.
type sinkOnly struct{ chain.Sink }

func TestFollowerReorgAfterRestart(t *testing.T) {
	tests := []struct {
		name string
		sink func(*chaintest.Sink) chain.Sink
	}{
		{"walk with the sink's history", func(s *chaintest.Sink) chain.Sink { return s }},
		{"walk with the node's side blocks", func(s *chaintest.Sink) chain.Sink { return sinkOnly{s} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newTestChain(t)
			const network = "devnet"
			start := tc.head(t) + 1
			tc.mine(t, 6, 1)
			old := tc.head(t)
			c, _ := dial(t, fastConfig(tc.HTTPURL()))
			sink := chaintest.NewSink()
			cfg := chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()

			// First process: up to the head, then stopped.
			ctx1, stop := context.WithCancel(ctx)
			f1, err := chain.NewFollower(cfg, c, tt.sink(sink), nil, testLogger())
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- f1.Run(ctx1) }()
			if _, err := sink.WaitCursor(ctx, network, old, common.Hash{}); err != nil {
				t.Fatal(err)
			}
			stop()
			if err := <-done; err != nil {
				t.Fatal(err)
			}

			// While it is down, the last three blocks are replaced.
			ancestor, err := tc.Client().HeaderByNumber(ctx, new(big.Int).SetUint64(old-3))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.Fork(ancestor.Hash()); err != nil {
				t.Fatal(err)
			}
			branch := tc.mine(t, 4, 1)

			// A new process, with no memory of recent blocks.
			f2, err := chain.NewFollower(cfg, c, tt.sink(sink), nil, testLogger())
			if err != nil {
				t.Fatal(err)
			}
			go func() { done <- f2.Run(ctx) }()
			if _, err := sink.WaitCursor(ctx, network, old+1, branch[3]); err != nil {
				t.Fatal(err)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			var rewinds []chaintest.Event
			for _, e := range sink.Events(network) {
				if e.Rewind {
					rewinds = append(rewinds, e)
				}
			}
			if len(rewinds) != 1 || rewinds[0].Number != old-3 || rewinds[0].Hash != ancestor.Hash() {
				t.Fatalf("rewinds %v, want one to %d %s", rewinds, old-3, ancestor.Hash())
			}
		})
	}
}

func TestFollowerStopsOnTooDeepReorg(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 4, 1)
	c, _ := dial(t, fastConfig(tc.HTTPURL()))
	sink := chaintest.NewSink()
	start := tc.head(t) - 3
	f, err := chain.NewFollower(chain.FollowerConfig{Network: "devnet", StartBlock: &start, MaxReorgDepth: 2,
		PollInterval: 10 * time.Millisecond}, c, sink, nil, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- f.Run(ctx) }()
	old := tc.head(t)
	if _, err := sink.WaitCursor(ctx, "devnet", old, common.Hash{}); err != nil {
		t.Fatal(err)
	}
	ancestor, _ := tc.Client().HeaderByNumber(ctx, new(big.Int).SetUint64(old-3))
	if err := tc.Fork(ancestor.Hash()); err != nil {
		t.Fatal(err)
	}
	tc.mine(t, 4, 1)
	select {
	case err := <-runErr:
		if !errors.Is(err, chain.ErrReorgTooDeep) {
			t.Fatalf("run ended with %v, want ErrReorgTooDeep", err)
		}
	case <-ctx.Done():
		t.Fatal("follower did not stop on a reorg deeper than its bound")
	}
	for _, e := range sink.Events("devnet") {
		if e.Rewind {
			t.Fatalf("rewound past the bound: %v", e)
		}
	}
}

func TestFollowerRestartMidCatchUp(t *testing.T) {
	tc := newTestChain(t)
	const network = "devnet"
	start := tc.head(t) + 1
	tc.mine(t, 60, 2)
	end := tc.head(t)
	c, _ := dial(t, fastConfig(tc.HTTPURL()))
	sink := chaintest.NewSink()
	cfg := chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond, Prefetch: 8}

	// First run: stopped after 20 blocks, with more fetched ahead.
	ctx1, stop := context.WithCancel(context.Background())
	var seen atomic.Int32
	sink.BeforeProcess(func(*chain.Block) error {
		if seen.Add(1) == 20 {
			stop()
		}
		return nil
	})
	f1, err := chain.NewFollower(cfg, c, sink, nil, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	if err := f1.Run(ctx1); err != nil {
		t.Fatal(err)
	}
	first := sink.Processed(network)
	if len(first) < 20 || len(first) >= int(end-start+1) {
		t.Fatalf("first run processed %d blocks; want it stopped mid catch-up", len(first))
	}

	// Second run, same sink, a StartBlock that must be ignored.
	sink.BeforeProcess(nil)
	cfg.StartBlock = new(uint64)
	f2, err := chain.NewFollower(cfg, c, sink, nil, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	followUntil(t, f2, sink, network, end)
	all := sink.Processed(network)
	if all[len(first)] != first[len(first)-1]+1 {
		t.Fatalf("second run started at %d after cursor %d", all[len(first)], first[len(first)-1])
	}
	assertSequence(t, all, start, end)
}

func TestFollowerWebSocketNoCursorConfirmations(t *testing.T) {
	tc := newTestChain(t)
	const network, conf = "devnet", 3
	c, _ := dial(t, fastConfig(tc.WSURL()))
	sink := chaintest.NewSink()
	var violations atomic.Int32
	sink.BeforeProcess(func(b *chain.Block) error {
		if head := tc.head(t); head < b.Number()+conf {
			violations.Add(1)
		}
		return nil
	})
	// An hour between polls: within the test, only the subscription can
	// bring new heads.
	f, err := chain.NewFollower(chain.FollowerConfig{Network: network, Confirmations: conf, PollInterval: time.Hour},
		c, sink, nil, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	runErr := make(chan error, 1)
	first := tc.head(t) - conf // no cursor: starts at the confirmed head
	go func() { runErr <- f.Run(ctx) }()
	if _, err := sink.WaitCursor(ctx, network, first, common.Hash{}); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		tc.mine(t, 1, 1)
		time.Sleep(20 * time.Millisecond)
	}
	last := tc.head(t) - conf
	if _, err := sink.WaitCursor(ctx, network, last, common.Hash{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // nothing beyond the confirmed head may follow
	cancel()
	if err := <-runErr; err != nil {
		t.Fatal(err)
	}
	assertSequence(t, sink.Processed(network), first, last)
	if n := violations.Load(); n > 0 {
		t.Fatalf("%d blocks processed with fewer than %d confirmations", n, conf)
	}
}

func ethereumCall(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}

// TestClientCallBatchAtOverrides: the prestate tracer's diff of a
// simulated dUSD transfer, laid over the latest state as eth_call
// overrides, changes the balanceOf answers by the amount (a storage diff);
// a native balance read of an overridden account answers the override.
func TestClientCallBatchAtOverrides(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 2, 2)
	c, _ := dial(t, fastConfig(tc.HTTPURL()))
	ctx := context.Background()
	dep := tc.Deployment()
	stable := bindings.NewStableToken()
	user, to := dep.Users[0], common.HexToAddress("0x00000000000000000000000000000000000b0b01")
	amount := big.NewInt(12345)
	args := map[string]any{"from": user, "to": dep.Stable, "gas": hexutil.Uint64(200_000), "input": hexutil.Bytes(stable.PackTransfer(to, amount))}
	var diff chain.StateDiff
	if err := c.CallContext(ctx, &diff, "debug_traceCall", args, "latest", chain.PrestateConfig); err != nil {
		t.Fatal(err)
	}
	if len(diff.Post[dep.Stable].Storage) == 0 {
		t.Fatalf("the transfer's diff changes no storage of the token: %+v", diff)
	}
	latest := rpc.BlockNumberOrHashWithNumber(rpc.LatestBlockNumber)
	calls := []chain.Call{
		{To: dep.Stable, Data: stable.PackBalanceOf(user)},
		{To: dep.Stable, Data: stable.PackBalanceOf(to)},
		{Balance: true, To: to},
		{Balance: true, To: user},
	}
	before, err := c.CallBatchAt(ctx, latest, calls, nil)
	if err != nil {
		t.Fatal(err)
	}
	over := diff.Overrides()
	wei := big.NewInt(777)
	over[to] = chain.AccountOverride{Balance: (*hexutil.Big)(wei), StateDiff: over[to].StateDiff}
	after, err := c.CallBatchAt(ctx, latest, calls, over)
	if err != nil {
		t.Fatal(err)
	}
	word := func(rs []chain.CallResult, i int) *big.Int {
		t.Helper()
		if rs[i].Err != nil || len(rs[i].Output) != 32 {
			t.Fatalf("read %d: %+v", i, rs[i])
		}
		return new(big.Int).SetBytes(rs[i].Output)
	}
	if got := new(big.Int).Sub(word(before, 0), word(after, 0)); got.Cmp(amount) != 0 {
		t.Errorf("sender's balanceOf fell by %s under the overrides, want %s", got, amount)
	}
	if word(before, 1).Sign() != 0 || word(after, 1).Cmp(amount) != 0 {
		t.Errorf("receiver's balanceOf %s → %s, want 0 → %s", word(before, 1), word(after, 1), amount)
	}
	if word(before, 2).Sign() != 0 || word(after, 2).Cmp(wei) != 0 {
		t.Errorf("overridden native balance %s → %s, want 0 → %s", word(before, 2), word(after, 2), wei)
	}
	if word(before, 3).Cmp(word(after, 3)) != 0 && over[user].Balance == nil {
		t.Errorf("native balance of an account not overridden changed: %s → %s", word(before, 3), word(after, 3))
	}
}

// prefetchSink is a chaintest.Sink whose Prefetch notes whether each block
// came to it before or after its traces.
type prefetchSink struct {
	*chaintest.Sink
	mu       sync.Mutex
	untraced map[uint64]bool // block: handed over without its traces
}

func (s *prefetchSink) Prefetch(_ context.Context, b *chain.Block) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.untraced[b.Number()] = b.Traces == nil
}

// TestFollowerPrefetchesBeforeTraces: with a Client (a BlockTracer), the
// sink's Prefetch gets each block before its traces are fetched, so that
// its state reads run meanwhile, and ProcessBlock gets it traced.
func TestFollowerPrefetchesBeforeTraces(t *testing.T) {
	tc := newTestChain(t)
	const network = "devnet"
	start := tc.head(t) + 1
	tc.mine(t, 6, 2)
	end := tc.head(t)
	c, _ := dial(t, fastConfig(tc.HTTPURL()))
	sink := &prefetchSink{Sink: chaintest.NewSink(), untraced: map[uint64]bool{}}
	var traced atomic.Int32
	sink.BeforeProcess(func(b *chain.Block) error {
		if len(b.Traces) == len(b.Transactions) && len(b.Traces) > 0 && b.Traces[0] != nil {
			traced.Add(1)
		}
		return nil
	})
	f, err := chain.NewFollower(chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond,
		Prefetch: 4, Traces: &chain.TraceScope{All: true}}, c, sink, nil, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	followUntil(t, f, sink.Sink, network, end)
	assertSequence(t, sink.Processed(network), start, end)
	sink.mu.Lock()
	defer sink.mu.Unlock()
	for n := start; n <= end; n++ {
		if untraced, ok := sink.untraced[n]; !ok || !untraced {
			t.Errorf("block %d: prefetched %v, before its traces %v", n, ok, untraced)
		}
	}
	if got := traced.Load(); got != int32(end-start+1) {
		t.Errorf("%d of %d blocks processed with their traces", got, end-start+1)
	}
}
