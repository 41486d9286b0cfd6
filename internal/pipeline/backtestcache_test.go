package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// cacheEnv is a devnet range of dUSD transfers (some large) and ETH
// deposits into the pool, and a client that reaches the node through a
// counting proxy.
type cacheEnv struct {
	*env
	from, to uint64
	rpc      *devnettest.RPCCounter
	client   *chain.Client
}

func newCacheEnv(t *testing.T, blocks int) *cacheEnv {
	t.Helper()
	e := newEnv(t, 1)
	from := e.head(t) + 1
	for i := range blocks {
		amount := smallAmount
		if i%3 == 0 {
			amount = bigAmount
		}
		e.transfer(t, i%4, (i+1)%4, amount)
		if i%2 == 0 {
			e.depositETH(t, 4, big.NewInt(1e15)) // touches the pool, not the token
		}
		e.dn.Commit()
	}
	rpc := devnettest.CountRPC(t, e.dn.HTTPURL())
	client, err := chain.Dial(context.Background(), chain.Config{Network: network, ChainID: big.NewInt(devnet.ChainID), URLs: []string{rpc.URL}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	return &cacheEnv{env: e, from: from, to: e.head(t), rpc: rpc, client: client}
}

// stableEngine compiles dets over the token with traces configured so.
func (e *cacheEnv) stableEngine(t testing.TB, traces plan.Traces, dets []plan.Detector) *detect.Engine {
	t.Helper()
	return e.env.compileTraced(t, traces, dets)
}

// engines are the plans the cache is replayed under, by name: traces of
// the token's transactions, of every transaction, none, and state reads.
func (e *cacheEnv) engines(t testing.TB) map[string]func() *detect.Engine {
	return map[string]func() *detect.Engine{
		"touched": func() *detect.Engine { return e.engine(t, 4) },
		"all":     func() *detect.Engine { return e.stableEngine(t, plan.Traces{All: true}, quietDetectors(4, true)) },
		"plain":   func() *detect.Engine { return e.thresholdEngine(t) },
		"reads": func() *detect.Engine {
			return e.stableEngine(t, plan.Traces{}, []plan.Detector{{Name: "supply", Kind: plan.KindInvariant, Severity: "high",
				Contract: "stable", Reads: map[string]plan.Read{"supply": {Name: "supply", Contract: "stable", Call: "totalSupply()"}},
				Holds: "supply < 1000000000 ether"}})
		},
	}
}

// traceCalls counts the trace calls among calls.
func traceCalls(calls map[string]int) int {
	n := 0
	for m, c := range calls {
		if strings.HasPrefix(m, "debug_trace") || strings.HasPrefix(m, "trace_") {
			n += c
		}
	}
	return n
}

func alertsJSON(t testing.TB, alerts []detect.Alert) string {
	t.Helper()
	b, err := json.Marshal(alerts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBacktestCacheSameAlertsFetchOnce replays a range under plans of
// different trace scopes and state reads through one cache: every replay
// gives the alerts a replay without the cache gives, each block is
// fetched from the node once, each scope's traces once, each state read
// once.
func TestBacktestCacheSameAlertsFetchOnce(t *testing.T) {
	e := newCacheEnv(t, 12)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	engines := e.engines(t)
	// without the cache: the alerts, and the calls each replay costs (a
	// first replay warms the client: it finds out which trace methods the
	// node serves)
	want := map[string]string{}
	cost := map[string]map[string]int{}
	for _, name := range []string{"touched", "all", "plain", "reads"} {
		if _, err := pipeline.Backtest(ctx, e.client, engines[name](), network, e.from, e.to, 4, nil); err != nil {
			t.Fatal(err)
		}
		e.rpc.Reset()
		alerts, err := pipeline.Backtest(ctx, e.client, engines[name](), network, e.from, e.to, 4, nil)
		if err != nil {
			t.Fatal(err)
		}
		want[name], cost[name] = alertsJSON(t, alerts), e.rpc.Methods()
		if blocks := e.rpc.Blocks(); len(blocks) != int(e.to-e.from+1) {
			t.Fatalf("%s: %d blocks fetched, want %d", name, len(blocks), e.to-e.from+1)
		}
	}
	if want["plain"] == "null" {
		t.Fatal("no alerts under the threshold plan: the comparison would show nothing")
	}
	if traceCalls(cost["all"]) == 0 || traceCalls(cost["touched"]) == 0 {
		t.Fatalf("a traced plan traced nothing: %v, %v", cost["all"], cost["touched"])
	}

	e.rpc.Reset()
	cache := pipeline.NewBacktestCache(e.client, 1<<30)
	// the narrow scope first, then the wide one, then again
	for _, name := range []string{"touched", "all", "plain", "touched", "reads", "all", "reads", "plain"} {
		alerts, err := pipeline.Backtest(ctx, cache, engines[name](), network, e.from, e.to, 4, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := alertsJSON(t, alerts); got != want[name] {
			t.Errorf("%s through the cache:\n%s\nwant\n%s", name, got, want[name])
		}
	}
	for n, times := range e.rpc.Blocks() {
		if times != 1 {
			t.Errorf("block %s fetched %d times, want once", n, times)
		}
	}
	if got := len(e.rpc.Blocks()); got != int(e.to-e.from+1) {
		t.Errorf("%d blocks fetched, want %d", got, e.to-e.from+1)
	}
	// every call is what one replay of each needs: the block's calls once
	// (those of the touched plan, the first), traces once per scope, and
	// each state read once: every plan reads the token's decimals at the
	// first block (one eth_call a replay), the same call, so the reads
	// plan's calls are all of them
	got := e.rpc.Methods()
	for m, n := range got {
		want := cost["touched"][m]
		switch m {
		case "eth_getBlockByNumber", "eth_getBlockReceipts":
		case "eth_call":
			want = cost["reads"][m]
		default:
			want += cost["all"][m] + cost["plain"][m] + cost["reads"][m]
		}
		if n != want {
			t.Errorf("%s: %d calls through the cache, want %d (one replay each: %v)", m, n, want, cost)
		}
	}
	if got["eth_call"] <= int(e.to-e.from+1) {
		t.Errorf("%d eth_calls: want the supply read at each block and the decimals: %v", got["eth_call"], got)
	}
	st := cache.Stats()
	t.Logf("calls without the cache, per replay: %v; through it, for 8 replays: %v; %+v", cost, got, st)
	if st.Dropped != 0 || st.BlockFetches != int(e.to-e.from+1) || st.TraceFetches != int(e.to-e.from+1) {
		t.Errorf("stats %+v: want each block fetched once and traced for a second scope once, nothing dropped", st)
	}
}

// TestBacktestCacheTraceScope: a block cached with the traces of one
// scope is served to another scope with that scope's traces, as the node
// gives them, whichever came first; without a scope, without traces.
func TestBacktestCacheTraceScope(t *testing.T) {
	e := newCacheEnv(t, 4)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	narrow := e.engine(t, 4).TraceScope(network)
	wide := e.stableEngine(t, plan.Traces{All: true}, quietDetectors(4, true)).TraceScope(network)
	if !narrow.Enabled() || !wide.All || narrow.All {
		t.Fatalf("scopes: %+v, %+v", narrow, wide)
	}
	tracesOf := func(b *chain.Block) string {
		t.Helper()
		j, err := json.Marshal(b.Traces)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d %s %v", b.Number(), j, b.Untraced)
	}
	scopes := map[string]*chain.TraceScope{"narrow": narrow, "wide": wide, "none": nil}
	differ := false
	for _, order := range [][]string{{"narrow", "wide", "none", "narrow", "wide"}, {"wide", "narrow", "wide", "none", "narrow"}, {"none", "wide", "narrow"}} {
		cache := pipeline.NewBacktestCache(e.client, 1<<30)
		for n := e.from; n <= e.to; n++ {
			direct := map[string]string{}
			for name, s := range scopes {
				b, err := e.client.FetchBlock(ctx, n, s)
				if err != nil {
					t.Fatal(err)
				}
				direct[name] = tracesOf(b)
			}
			if direct["narrow"] != direct["wide"] {
				differ = true
			}
			for _, name := range order {
				b, err := cache.FetchBlock(ctx, n, scopes[name])
				if err != nil {
					t.Fatal(err)
				}
				if got := tracesOf(b); got != direct[name] {
					t.Errorf("order %v: block %d for the %s scope:\n%s\nwant\n%s", order, n, name, got, direct[name])
				}
				if name == "none" && b.Traces != nil {
					t.Errorf("block %d without a scope has traces", n)
				}
			}
		}
		if st := cache.Stats(); st.BlockFetches != int(e.to-e.from+1) {
			t.Errorf("order %v: %+v, want each block fetched once", order, st)
		}
	}
	if !differ {
		t.Fatal("no block traced differently under the two scopes: the test shows nothing")
	}
}

// TestBacktestCacheBudget: past its budget the cache keeps no more and
// the blocks it did not keep are fetched again; the alerts stay the same.
func TestBacktestCacheBudget(t *testing.T) {
	e := newCacheEnv(t, 12)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	eng := e.engines(t)["touched"]
	want, err := pipeline.Backtest(ctx, e.client, eng(), network, e.from, e.to, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	full := pipeline.NewBacktestCache(e.client, 1<<30)
	if _, err := pipeline.Backtest(ctx, full, eng(), network, e.from, e.to, 4, nil); err != nil {
		t.Fatal(err)
	}
	budget := full.Stats().Bytes / 2
	cache := pipeline.NewBacktestCache(e.client, budget)
	e.rpc.Reset()
	for range 3 {
		got, err := pipeline.Backtest(ctx, cache, eng(), network, e.from, e.to, 4, nil)
		if err != nil {
			t.Fatal(err)
		}
		if alertsJSON(t, got) != alertsJSON(t, want) {
			t.Fatalf("alerts through a full cache differ:\n%s\nwant\n%s", alertsJSON(t, got), alertsJSON(t, want))
		}
	}
	st := cache.Stats()
	once, thrice := 0, 0
	for _, n := range e.rpc.Blocks() {
		switch n {
		case 1:
			once++
		case 3:
			thrice++
		default:
			t.Errorf("a block fetched %d times in 3 replays: want once (kept) or three times (not kept)", n)
		}
	}
	t.Logf("budget %d of %d bytes: %d blocks fetched once, %d three times; %+v", budget, full.Stats().Bytes, once, thrice, st)
	if once == 0 || thrice == 0 || st.Bytes > budget || st.Dropped == 0 {
		t.Errorf("budget %d: %d blocks kept, %d not, %+v: want some of each within the budget", budget, once, thrice, st)
	}
}
