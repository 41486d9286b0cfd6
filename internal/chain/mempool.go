package chain

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// SubscribePendingTransactions subscribes to the full pending transactions
// of the best WebSocket endpoint (eth_subscribe("newPendingTransactions",
// true), served by go-ethereum and anvil). It returns ErrNoSubscription
// when the network has no WebSocket endpoint.
func (c *Client) SubscribePendingTransactions(ctx context.Context, ch chan<- *types.Transaction) (ethereum.Subscription, error) {
	return c.subscribe(ctx, "full pending transactions", func(ctx context.Context, rc *rpc.Client) (ethereum.Subscription, error) {
		return rc.EthSubscribe(ctx, ch, "newPendingTransactions", true)
	})
}

// SubscribePendingHashes subscribes to the hashes of pending transactions
// (eth_subscribe("newPendingTransactions")), for nodes that do not send
// full transactions.
func (c *Client) SubscribePendingHashes(ctx context.Context, ch chan<- common.Hash) (ethereum.Subscription, error) {
	return c.subscribe(ctx, "pending transaction hashes", func(ctx context.Context, rc *rpc.Client) (ethereum.Subscription, error) {
		return rc.EthSubscribe(ctx, ch, "newPendingTransactions")
	})
}

// PendingPool returns the transactions of the node's pool that are ready
// to be mined (txpool_content's "pending"), for networks whose endpoints
// offer no subscription (HTTP only).
func (c *Client) PendingPool(ctx context.Context) ([]*types.Transaction, error) {
	var out []*types.Transaction
	err := c.do(ctx, "txpool_content", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var res struct {
			Pending map[common.Address]map[string]*types.Transaction `json:"pending"`
		}
		if err := rc.CallContext(ctx, &res, "txpool_content"); err != nil {
			if isMethodNotFound(err) {
				return &resultError{err: fmt.Errorf("%w: %w", errNoPool, err)}
			}
			return err
		}
		out = out[:0]
		for _, byNonce := range res.Pending {
			for _, tx := range byNonce {
				if tx != nil {
					out = append(out, tx)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending pool: %w", err)
	}
	// Oldest nonces first, then by hash: a stable order for a sender's
	// transactions.
	slices.SortFunc(out, func(a, b *types.Transaction) int {
		if a.Nonce() != b.Nonce() {
			return cmp.Compare(a.Nonce(), b.Nonce())
		}
		return a.Hash().Cmp(b.Hash())
	})
	return out, nil
}

// errNoPool: the endpoint does not serve txpool_content.
var errNoPool = errors.New("txpool_content not served")

// PendingSource is where a Mempool hears of pending transactions
// (*Client).
type PendingSource interface {
	SubscribePendingTransactions(ctx context.Context, ch chan<- *types.Transaction) (ethereum.Subscription, error)
	SubscribePendingHashes(ctx context.Context, ch chan<- common.Hash) (ethereum.Subscription, error)
	TransactionByHash(ctx context.Context, hash common.Hash) (tx *types.Transaction, isPending bool, err error)
	PendingPool(ctx context.Context) ([]*types.Transaction, error)
}

// Pending is a pending transaction as the Mempool saw it.
type Pending struct {
	Tx *types.Transaction
	// Seen is when the transaction was first heard of.
	Seen time.Time
}

// Mempool watches a network's pending transactions, from the best source
// its endpoints serve: the full-transaction subscription; the hash
// subscription with each transaction fetched by hash; or, with no
// WebSocket endpoint, txpool_content polled every PollEvery. A dropped
// subscription is renewed with backoff. Each transaction is handed over
// once (a recent-hash memory).
type Mempool struct {
	src     PendingSource
	log     *slog.Logger
	backoff Backoff
	seen    map[common.Hash]struct{}
	order   []common.Hash
	// PollEvery is how often txpool_content is polled when no
	// subscription is served (default 250ms).
	PollEvery time.Duration
}

// mempoolMemory is how many recent hashes the Mempool remembers to hand
// each transaction over once.
const mempoolMemory = 8192

// NewMempool returns a watcher of src's pending transactions.
func NewMempool(src PendingSource, log *slog.Logger) *Mempool {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Mempool{src: src, log: log, backoff: Backoff{Base: 200 * time.Millisecond, Max: 10 * time.Second},
		seen: map[common.Hash]struct{}{}, PollEvery: 250 * time.Millisecond}
}

// Run hands every new pending transaction to fn, in the order heard, until
// ctx ends. fn runs on Run's goroutine: a slow fn delays the next
// transactions (it should hand heavy work elsewhere). Without a WebSocket
// endpoint it polls txpool_content; it returns an error wrapping
// ErrNoSubscription when that is not served either, and nil when ctx ends.
func (m *Mempool) Run(ctx context.Context, fn func(ctx context.Context, p Pending)) error {
	failures := 0
	full := true
	for ctx.Err() == nil {
		var err error
		if full {
			err = m.runFull(ctx, fn)
			if errors.Is(err, ErrNoSubscription) {
				m.log.Info("no WebSocket endpoint: polling txpool_content for pending transactions", "every", m.PollEvery)
				if err = m.runPoll(ctx, fn); errors.Is(err, errNoPool) {
					return fmt.Errorf("%w, and %w", ErrNoSubscription, err)
				}
			}
			if err != nil && !errors.Is(err, ErrNoSubscription) && ctx.Err() == nil && errors.Is(err, errSubscribe) {
				m.log.Info("full pending transactions not served; subscribing to hashes", "err", err)
				full = false
				err = m.runHashes(ctx, fn)
			}
		} else {
			err = m.runHashes(ctx, fn)
		}
		if errors.Is(err, ErrNoSubscription) {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errSubscribe) {
			failures++
		} else {
			failures = 0
		}
		wait := m.backoff.delay(failures + 1)
		m.log.Warn("pending transactions subscription ended; subscribing again", "err", err, "retry_in", wait.Round(time.Millisecond))
		if !sleep(ctx, wait) {
			return nil
		}
	}
	return nil
}

// errSubscribe marks a failure to subscribe (as opposed to a subscription
// that ran and dropped).
var errSubscribe = errors.New("subscribe")

func (m *Mempool) runFull(ctx context.Context, fn func(context.Context, Pending)) error {
	return follow(ctx, 1024, "pending transactions", m.src.SubscribePendingTransactions, func(tx *types.Transaction) {
		if tx != nil && m.fresh(tx.Hash()) {
			fn(ctx, Pending{Tx: tx, Seen: time.Now()})
		}
	})
}

func (m *Mempool) runHashes(ctx context.Context, fn func(context.Context, Pending)) error {
	return follow(ctx, 4096, "pending hashes", m.src.SubscribePendingHashes, func(h common.Hash) {
		seen := time.Now()
		if !m.fresh(h) {
			return
		}
		tx, pending, err := m.src.TransactionByHash(ctx, h)
		if err != nil || !pending {
			// Mined or dropped already, or not served: nothing to get
			// ahead of.
			return
		}
		fn(ctx, Pending{Tx: tx, Seen: seen})
	})
}

// follow subscribes with subscribe (a channel of size) and hands each item
// to each until ctx ends (nil) or the subscription drops (an error naming
// what). A failure to subscribe wraps errSubscribe, or is
// ErrNoSubscription.
func follow[T any](ctx context.Context, size int, what string, subscribe func(context.Context, chan<- T) (ethereum.Subscription, error), each func(T)) error {
	ch := make(chan T, size)
	sub, err := subscribe(ctx, ch)
	if err != nil {
		if errors.Is(err, ErrNoSubscription) {
			return err
		}
		return fmt.Errorf("%w: %w", errSubscribe, err)
	}
	defer sub.Unsubscribe()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-sub.Err():
			return fmt.Errorf("%s subscription dropped: %w", what, err)
		case x := <-ch:
			each(x)
		}
	}
}

// runPoll polls txpool_content and hands over the transactions not seen
// before, until ctx ends or the pool cannot be read.
func (m *Mempool) runPoll(ctx context.Context, fn func(context.Context, Pending)) error {
	t := time.NewTicker(m.PollEvery)
	defer t.Stop()
	for {
		txs, err := m.src.PendingPool(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		seen := time.Now()
		for _, tx := range txs {
			if m.fresh(tx.Hash()) {
				fn(ctx, Pending{Tx: tx, Seen: seen})
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// fresh remembers h and reports whether it is new.
func (m *Mempool) fresh(h common.Hash) bool {
	if _, ok := m.seen[h]; ok {
		return false
	}
	m.seen[h] = struct{}{}
	m.order = append(m.order, h)
	if len(m.order) > mempoolMemory {
		drop := m.order[:len(m.order)-mempoolMemory]
		for _, d := range drop {
			delete(m.seen, d)
		}
		m.order = append(m.order[:0], m.order[len(drop):]...)
	}
	return true
}
