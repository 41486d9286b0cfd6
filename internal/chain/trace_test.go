package chain_test

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/chain/chaintest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
)

// send signs and sends a transaction from key with the test chain's nonce
// book, and returns its hash.
func (tc *testChain) send(t *testing.T, key *ecdsa.PrivateKey, to common.Address, value *big.Int, data []byte, gas uint64) common.Hash {
	t.Helper()
	tc.mu.Lock()
	defer tc.mu.Unlock()
	from := devnet.Address(key)
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(tc.ChainID()), &types.DynamicFeeTx{
		ChainID: tc.ChainID(), Nonce: tc.nonces[from], GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11),
		Gas: gas, To: &to, Value: value, Data: data})
	if err := tc.Client().SendTransaction(context.Background(), tx); err != nil {
		t.Fatalf("send: %v", err)
	}
	tc.nonces[from]++
	return tx.Hash()
}

// traced returns the hashes of the transactions of b that carry a trace.
func traced(b *chain.Block) map[common.Hash]bool {
	out := map[common.Hash]bool{}
	for i, f := range b.Traces {
		if f != nil {
			out[b.Transactions[i].Hash()] = true
		}
	}
	return out
}

// TestTraceOnlyWhatTouchesWatched: with a watch list, only the
// transactions that touch a watched address (recipient, sender, a log's
// emitter, an address topic) are traced — unless a watched address's native
// balance moved by more than the top-level transactions explain (value
// leaving a contract through an internal call), when the whole block is.
func TestTraceOnlyWhatTouchesWatched(t *testing.T) {
	tc := newTestChain(t)
	ctx := context.Background()
	users := tc.Keys().Users
	dep := tc.Deployment()
	vault := bindings.NewUpgradeableVault()
	stable := bindings.NewStableToken()
	w := devnet.Address(users[0])
	tc.send(t, users[0], dep.Vault, big.NewInt(1e18), vault.PackDeposit(), 200_000)
	tc.Commit()

	c, reg := dial(t, fastConfig(tc.HTTPURL()))
	scope := &chain.TraceScope{Watch: map[common.Address]bool{dep.Stable: true}}

	// A block of plain transfers and one dUSD transfer: only the dUSD one
	// is traced.
	plain := tc.send(t, users[1], devnet.Address(users[2]), big.NewInt(1), nil, 21000)
	token := tc.send(t, users[3], dep.Stable, new(big.Int), stable.PackTransfer(devnet.Address(users[4]), big.NewInt(1)), 100_000)
	tc.Commit()
	b, err := c.FetchBlock(ctx, tc.head(t), scope)
	if err != nil {
		t.Fatal(err)
	}
	if got := traced(b); len(got) != 1 || !got[token] || got[plain] {
		t.Fatalf("traced %v; want only the dUSD transfer %s", got, token)
	}
	if len(b.Traces) != len(b.Transactions) || len(b.Untraced) != 0 {
		t.Fatalf("%d traces for %d transactions, untraced %v", len(b.Traces), len(b.Transactions), b.Untraced)
	}

	// Watching w: a plain transfer from w is explained by its top-level
	// value and fee; the unrelated transfer stays untraced.
	scope = &chain.TraceScope{Watch: map[common.Address]bool{w: true}}
	own := tc.send(t, users[0], devnet.Address(users[4]), big.NewInt(7), nil, 21000)
	plain = tc.send(t, users[1], devnet.Address(users[2]), big.NewInt(1), nil, 21000)
	tc.Commit()
	if b, err = c.FetchBlock(ctx, tc.head(t), scope); err != nil {
		t.Fatal(err)
	}
	if got := traced(b); len(got) != 1 || !got[own] || got[plain] {
		t.Fatalf("traced %v; want only w's own transfer %s", got, own)
	}

	// The vault pays w through an internal call: w's balance moved by
	// more than the block's top-level transactions explain, so every
	// transaction is traced, the unrelated one too.
	tc.send(t, users[0], dep.Vault, new(big.Int), vault.PackWithdraw(big.NewInt(5e17)), 200_000)
	plain = tc.send(t, users[1], devnet.Address(users[2]), big.NewInt(1), nil, 21000)
	tc.Commit()
	if b, err = c.FetchBlock(ctx, tc.head(t), scope); err != nil {
		t.Fatal(err)
	}
	if got := traced(b); len(got) != len(b.Transactions) || !got[plain] {
		t.Fatalf("traced %d of %d transactions (unrelated traced: %v); want all", len(got), len(b.Transactions), got[plain])
	}
	if n := metric(t, reg.Registry, "breakglass_chain_traced_transactions_total", nil); n != 1+1+2 {
		t.Fatalf("traced_transactions_total %v, want 4", n)
	}
}

// TestTraceTimeoutLeavesTransactionsUntraced: a node that takes longer to
// trace than the timeout is asked once more with a longer timeout; when
// that too times out the block goes on, its traced transactions listed as
// untraced and counted, never silently skipped.
func TestTraceTimeoutLeavesTransactionsUntraced(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 1, 4)
	p := chaintest.NewProxy(t, tc.HTTPURL(), 1)
	p.SetFaults(chaintest.Faults{SlowMethods: map[string]time.Duration{"debug_traceTransaction": 5 * time.Second, "debug_traceBlockByHash": 5 * time.Second}})
	cfg := fastConfig(p.URL())
	cfg.Attempts = 1
	c, reg := dial(t, cfg)
	start := time.Now()
	b, err := c.FetchBlock(context.Background(), tc.head(t), &chain.TraceScope{All: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if len(b.Untraced) != len(b.Transactions) || len(b.Transactions) != 4 {
		t.Fatalf("untraced %v of %d transactions", b.Untraced, len(b.Transactions))
	}
	if took < 500*time.Millisecond || took > 4*time.Second {
		t.Fatalf("took %v: want one try at 100ms and one at 400ms", took)
	}
	if n := metric(t, reg.Registry, "breakglass_chain_untraced_transactions_total", nil); n != 4 {
		t.Fatalf("untraced_transactions_total %v, want 4", n)
	}
}

// TestTraceWithoutAnyTracer: a node that serves no tracer at all does not
// stop the follower: the block goes on, its transactions untraced and
// counted.
func TestTraceWithoutAnyTracer(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 1, 3)
	p := chaintest.NewProxy(t, tc.HTTPURL(), 1)
	p.SetFaults(chaintest.Faults{NoTraceBlock: true, MethodErrors: map[string]string{
		"debug_traceTransaction": "the method debug_traceTransaction does not exist/is not available"}})
	c, reg := dial(t, fastConfig(p.URL()))
	for range 2 {
		b, err := c.FetchBlock(context.Background(), tc.head(t), &chain.TraceScope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Untraced) != 3 {
			t.Fatalf("untraced %v, want all 3", b.Untraced)
		}
	}
	if n := metric(t, reg.Registry, "breakglass_chain_untraced_transactions_total", nil); n != 6 {
		t.Fatalf("untraced_transactions_total %v, want 6", n)
	}
}
