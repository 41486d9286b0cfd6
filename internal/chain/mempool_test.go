package chain_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/chain/chaintest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
)

// sendTip sends a 21000-gas transfer from users[i] with the given tip and
// returns it.
func (tc *testChain) sendTip(t *testing.T, i int, tip int64) *types.Transaction {
	t.Helper()
	tc.mu.Lock()
	defer tc.mu.Unlock()
	key := tc.Keys().Users[i]
	from := devnet.Address(key)
	to := devnet.Address(tc.Keys().Users[(i+1)%len(tc.Keys().Users)])
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(tc.ChainID()), &types.DynamicFeeTx{
		ChainID: tc.ChainID(), Nonce: tc.nonces[from], GasTipCap: big.NewInt(tip), GasFeeCap: big.NewInt(1e11),
		Gas: 21000, To: &to, Value: big.NewInt(1)})
	if err := tc.Client().SendTransaction(context.Background(), tx); err != nil {
		t.Fatalf("send tx: %v", err)
	}
	tc.nonces[from]++
	return tx
}

// TestMempoolSeesPendingTransactions: over the devnet's WebSocket, a sent
// transaction is handed over in full while still pending, once; and the
// block that includes it orders transactions by priority fee, the premise
// of getting a containment in ahead of a pending exploit.
func TestMempoolSeesPendingTransactions(t *testing.T) {
	tc := newTestChain(t)
	c, _ := dial(t, fastConfig(tc.WSURL()))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got := make(chan chain.Pending, 16)
	done := make(chan error, 1)
	go func() {
		done <- chain.NewMempool(c, testLogger()).Run(ctx, func(_ context.Context, p chain.Pending) { got <- p })
	}()
	// The subscription is asynchronous: send until the first is seen.
	var low *types.Transaction
	deadline := time.After(10 * time.Second)
	for low == nil {
		tx := tc.sendTip(t, 0, 1e9)
		select {
		case p := <-got:
			if p.Tx.Hash() != tx.Hash() {
				t.Fatalf("pending %s, want %s", p.Tx.Hash(), tx.Hash())
			}
			low = tx
		case <-time.After(200 * time.Millisecond):
		case <-deadline:
			t.Fatal("no pending transaction seen")
		}
	}
	high := tc.sendTip(t, 1, 3e9)
	select {
	case p := <-got:
		if p.Tx.Hash() != high.Hash() || p.Tx.GasTipCap().Int64() != 3e9 || p.Seen.IsZero() {
			t.Fatalf("pending %s tip %s, want %s tip 3 gwei", p.Tx.Hash(), p.Tx.GasTipCap(), high.Hash())
		}
		if _, pending, err := tc.Client().TransactionByHash(ctx, high.Hash()); err != nil || !pending {
			t.Fatalf("transaction handed over should still be pending: pending %v, err %v", pending, err)
		}
	case <-deadline:
		t.Fatal("second pending transaction not seen")
	}
	block, err := tc.Client().BlockByHash(ctx, tc.Commit())
	if err != nil {
		t.Fatal(err)
	}
	txs := block.Transactions()
	if len(txs) < 2 || txs[0].Hash() != high.Hash() {
		t.Fatalf("block does not put the higher tip first: %d txs, first %s, want %s", len(txs), txs[0].Hash(), high.Hash())
	}
	select {
	case p := <-got:
		t.Fatalf("transaction %s handed over twice or unexpectedly", p.Tx.Hash())
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

// TestMempoolPollsWithoutWebSocket: a network with only HTTP endpoints
// serves no subscription; the Mempool polls txpool_content and hands each
// pending transaction over once, while it is pending.
func TestMempoolPollsWithoutWebSocket(t *testing.T) {
	tc := newTestChain(t)
	c, _ := dial(t, fastConfig(tc.HTTPURL()))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got := make(chan chain.Pending, 16)
	done := make(chan error, 1)
	mp := chain.NewMempool(c, testLogger())
	mp.PollEvery = 50 * time.Millisecond
	go func() { done <- mp.Run(ctx, func(_ context.Context, p chain.Pending) { got <- p }) }()
	tx := tc.sendTip(t, 3, 2e9)
	select {
	case p := <-got:
		if p.Tx.Hash() != tx.Hash() || p.Tx.GasTipCap().Int64() != 2e9 || p.Seen.IsZero() {
			t.Fatalf("pending %s tip %s, want %s tip 2 gwei", p.Tx.Hash(), p.Tx.GasTipCap(), tx.Hash())
		}
		if _, pending, err := tc.Client().TransactionByHash(ctx, tx.Hash()); err != nil || !pending {
			t.Fatalf("transaction handed over should still be pending: pending %v, err %v", pending, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no pending transaction seen by polling txpool_content")
	}
	select {
	case p := <-got:
		t.Fatalf("transaction %s handed over twice", p.Tx.Hash())
	case <-time.After(300 * time.Millisecond):
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

// TestMempoolNoPendingSource: HTTP only, and no txpool_content either:
// Run says so at once (the block path goes on without it).
func TestMempoolNoPendingSource(t *testing.T) {
	tc := newTestChain(t)
	p := chaintest.NewProxy(t, tc.HTTPURL(), 1)
	p.SetFaults(chaintest.Faults{MethodErrors: map[string]string{"txpool_content": "the method txpool_content does not exist/is not available"}})
	c, _ := dial(t, fastConfig(p.URL()))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := chain.NewMempool(c, testLogger()).Run(ctx, func(context.Context, chain.Pending) {})
	if !errors.Is(err, chain.ErrNoSubscription) || !strings.Contains(err.Error(), "txpool_content") {
		t.Fatalf("err %v, want ErrNoSubscription saying txpool_content is not served", err)
	}
}

// hashOnly refuses full pending transactions, as some nodes do.
type hashOnly struct{ *chain.Client }

func (hashOnly) SubscribePendingTransactions(context.Context, chan<- *types.Transaction) (ethereum.Subscription, error) {
	return nil, errors.New("full transactions not supported")
}

// TestMempoolHashFallback: when the full-transaction subscription is
// refused, the hash subscription and a fetch by hash hand the transaction
// over while pending.
func TestMempoolHashFallback(t *testing.T) {
	tc := newTestChain(t)
	c, _ := dial(t, fastConfig(tc.WSURL()))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got := make(chan chain.Pending, 16)
	go func() {
		_ = chain.NewMempool(hashOnly{c}, testLogger()).Run(ctx, func(_ context.Context, p chain.Pending) { got <- p })
	}()
	deadline := time.After(10 * time.Second)
	for {
		tx := tc.sendTip(t, 2, 1e9)
		select {
		case p := <-got:
			if p.Tx.Hash() != tx.Hash() || p.Tx.To() == nil || *p.Tx.To() != *tx.To() {
				t.Fatalf("pending %s, want %s with its fields", p.Tx.Hash(), tx.Hash())
			}
			return
		case <-time.After(300 * time.Millisecond):
		case <-deadline:
			t.Fatal("no pending transaction seen through the hash subscription")
		}
	}
}
