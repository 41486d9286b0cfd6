package chain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Cursor is the last block of a network that was processed and stored.
type Cursor struct {
	Number uint64
	Hash   common.Hash
}

// Sink receives the blocks of one network, in order, each once. It is the
// Follower's only way to keep state: the cursor it returns is where the
// Follower resumes.
type Sink interface {
	// Cursor returns the network's stored cursor, or false when the
	// network was never processed.
	Cursor(ctx context.Context, network string) (Cursor, bool, error)
	// ProcessBlock processes b and stores its results together with the
	// new cursor (b's number and hash) in one transaction: either both are
	// stored or neither is.
	ProcessBlock(ctx context.Context, b *Block) error
	// Rewind retracts what was stored for the blocks above to, which a
	// reorg dropped, and sets the cursor to to, in one transaction.
	Rewind(ctx context.Context, network string, to Cursor) error
}

// Prefetcher may be implemented by a Sink that can start a block's work
// that depends only on the block (state reads at its hash) as soon as the
// block is fetched, before its turn comes in order. Prefetch must not
// block; ProcessBlock of the same block uses what it started.
type Prefetcher interface {
	Prefetch(ctx context.Context, b *Block)
}

// History may be implemented by a Sink that remembers the hashes of the
// blocks it processed (the store keeps the last store.BlockHistory). The
// Follower then walks a reorg back with them, without needing a node to
// still serve the dropped blocks, which matters after a restart, when the
// Follower's own memory of recent blocks is empty.
type History interface {
	// ProcessedHash returns the hash of the processed block number of
	// network, or false when it is not remembered.
	ProcessedHash(ctx context.Context, network string, number uint64) (common.Hash, bool, error)
}

// Source is what the Follower reads from the network; *Client implements
// it.
type Source interface {
	HeadNumber(ctx context.Context) (uint64, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	HeaderByHash(ctx context.Context, hash common.Hash) (*types.Header, error)
	FetchBlock(ctx context.Context, n uint64, traces *TraceScope) (*Block, error)
	// SubscribeNewHead returns ErrNoSubscription when the source can only
	// be polled.
	SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error)
}

// BlockTracer may be implemented by a Source whose FetchBlock without a
// trace scope and TraceBlock after it do what FetchBlock with the scope
// does. The Follower then hands the block to the Prefetcher before its
// traces are fetched, so that the state reads run meanwhile.
type BlockTracer interface {
	TraceBlock(ctx context.Context, b *Block, traces *TraceScope) error
}

// FollowerConfig configures a Follower.
type FollowerConfig struct {
	// Network is the network name, the key of the cursor.
	Network string
	// Confirmations: block n is processed once the head is at least
	// n + Confirmations.
	Confirmations uint64
	// Traces says which transactions' call traces to fetch (nil: none).
	Traces *TraceScope
	// StartBlock is the first block to process when the sink has no cursor
	// for the network; nil starts at the confirmed head. It is never used
	// when a cursor exists: the Follower always resumes at cursor + 1.
	StartBlock *uint64
	// PollInterval is how often the head is polled; with a WebSocket
	// subscription this is the safety net for silently dropped
	// subscriptions (default 2s).
	PollInterval time.Duration
	// Prefetch bounds the blocks fetched concurrently during catch-up
	// (default 8). Blocks are processed in order whatever the fetch order.
	Prefetch int
	// MaxReorgDepth bounds the walk back to the common ancestor (default
	// 64); a deeper reorg stops the Follower with ErrReorgTooDeep.
	MaxReorgDepth uint64
	// Backoff paces retries after an error (default 500ms doubling up to
	// 30s, with jitter).
	Backoff Backoff
}

// Follower follows one network and hands every block to a Sink exactly
// once, in order, confirmations deep, surviving restarts (it resumes at the
// stored cursor + 1, never at "latest − N"), RPC failures (it retries the
// same block, never skips it) and reorgs (it walks back by parent hash to
// the common ancestor, has the sink rewind there, and processes the new
// branch).
type Follower struct {
	cfg     FollowerConfig
	src     Source
	sink    Sink
	metrics *Metrics
	log     *slog.Logger

	// State of the run loop, touched by its goroutine only.
	loaded bool
	quiet  bool   // the next load is after ErrCommittedElsewhere: log at debug
	have   bool   // cur is valid
	cur    Cursor // last processed block
	start  uint64 // first block when !have
	begun  bool   // start is set
	recent recentBlocks
	head   uint64

	hint atomic.Uint64 // head number from the subscription
	wake chan struct{}
}

// NewFollower creates a Follower of cfg.Network reading src and writing to
// sink.
func NewFollower(cfg FollowerConfig, src Source, sink Sink, metrics *Metrics, log *slog.Logger) (*Follower, error) {
	if cfg.Network == "" {
		return nil, errors.New("follower: network name is empty")
	}
	if src == nil || sink == nil {
		return nil, fmt.Errorf("follower %s: source and sink are required", cfg.Network)
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 2 * time.Second
	}
	if cfg.Prefetch <= 0 {
		cfg.Prefetch = 8
	}
	if cfg.MaxReorgDepth == 0 {
		cfg.MaxReorgDepth = 64
	}
	if cfg.Backoff.Base <= 0 {
		cfg.Backoff.Base = 500 * time.Millisecond
	}
	if cfg.Backoff.Max <= 0 {
		cfg.Backoff.Max = 30 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	metrics.follow(cfg.Network)
	return &Follower{
		cfg: cfg, src: src, sink: sink, metrics: metrics,
		log:    log.With("network", cfg.Network),
		recent: newRecentBlocks(int(cfg.MaxReorgDepth) + 1),
		wake:   make(chan struct{}, 1),
	}, nil
}

// Run follows the network until ctx ends (then it returns nil) or a reorg
// deeper than MaxReorgDepth is met (then it returns an error wrapping
// ErrReorgTooDeep). Every other error is logged and retried with backoff.
// Run may be called again once it returned, never twice at once.
func (f *Follower) Run(ctx context.Context) error {
	f.loaded = false // a Run after another resumes from the stored cursor
	subCtx, stopSub := context.WithCancel(ctx)
	defer stopSub()
	subDone := make(chan struct{})
	go func() {
		defer close(subDone)
		f.watchHeads(subCtx)
	}()
	defer func() { <-subDone }()

	poll := time.NewTicker(f.cfg.PollInterval)
	defer poll.Stop()
	failures := 0
	var hint uint64 // 0: poll the head
	for {
		err := f.step(ctx, hint)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrReorgTooDeep):
			f.log.Error("follower stopped", "err", err)
			return err
		case errors.Is(err, ErrCommittedElsewhere):
			// Another follower committed this block: skip to the stored
			// cursor (with its detector state) and go on, at once.
			f.metrics.committedElsewhere(f.cfg.Network)
			f.log.Debug("block committed by another follower; resuming after the stored cursor", "err", err)
			f.loaded, f.quiet = false, true
			failures = 0
			continue
		case err != nil:
			failures++
			// The sink is the truth: reload its cursor before retrying,
			// in case the failed call committed after all.
			f.loaded = false
			wait := f.cfg.Backoff.delay(failures)
			f.log.Warn("follow step failed, retrying", "err", err, "retry_in", wait.Round(time.Millisecond))
			if !sleep(ctx, wait) {
				return nil
			}
			hint = 0
			continue
		}
		failures = 0
		select {
		case <-ctx.Done():
			return nil
		case <-poll.C:
			hint = 0
		case <-f.wake:
			hint = f.hint.Load()
		}
	}
}

// watchHeads keeps a new-heads subscription open and wakes the run loop on
// each head; it returns at once when the source has no subscriptions.
func (f *Follower) watchHeads(ctx context.Context) {
	failures := 0
	for {
		ch := make(chan *types.Header, 16)
		sub, err := f.src.SubscribeNewHead(ctx, ch)
		if errors.Is(err, ErrNoSubscription) {
			f.log.Info("no websocket endpoint, polling for new heads", "interval", f.cfg.PollInterval)
			return
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			wait := f.cfg.Backoff.delay(failures)
			f.log.Warn("new heads subscription failed, polling meanwhile", "err", err, "retry_in", wait.Round(time.Millisecond))
			if !sleep(ctx, wait) {
				return
			}
			continue
		}
		failures = 0
	recv:
		for {
			select {
			case <-ctx.Done():
				sub.Unsubscribe()
				return
			case err := <-sub.Err():
				f.log.Warn("new heads subscription dropped, resubscribing", "err", err)
				break recv
			case h := <-ch:
				if h != nil && h.Number != nil {
					f.hint.Store(h.Number.Uint64())
					select {
					case f.wake <- struct{}{}:
					default:
					}
				}
			}
		}
	}
}

// step brings the follower up to the confirmed head: head is the head to
// use, or 0 to ask the source.
func (f *Follower) step(ctx context.Context, head uint64) error {
	if err := f.load(ctx); err != nil {
		return err
	}
	if head == 0 {
		h, err := f.src.HeadNumber(ctx)
		if err != nil {
			return fmt.Errorf("head: %w", err)
		}
		head = h
	}
	f.head = head
	f.metrics.observeHead(f.cfg.Network, head, f.cur.Number, f.have)
	if head < f.cfg.Confirmations {
		return nil
	}
	target := head - f.cfg.Confirmations
	if !f.have && !f.begun {
		f.start, f.begun = target, true
		f.log.Info("no cursor stored, starting at the confirmed head", "block", target)
	}
	for {
		next := f.next()
		if next > target {
			return nil
		}
		reorged, err := f.catchUp(ctx, next, target)
		if err != nil || !reorged {
			return err
		}
	}
}

// load reads the cursor from the sink, once per (re)start.
func (f *Follower) load(ctx context.Context) error {
	if f.loaded {
		return nil
	}
	cur, ok, err := f.sink.Cursor(ctx, f.cfg.Network)
	if err != nil {
		return fmt.Errorf("read cursor: %w", err)
	}
	f.cur, f.have = cur, ok
	if ok {
		f.recent.trimAbove(cur.Number)
		lvl := slog.LevelInfo
		if f.quiet {
			lvl = slog.LevelDebug
		}
		f.log.Log(ctx, lvl, "resuming after stored cursor", "block", cur.Number, "hash", cur.Hash)
	} else if f.cfg.StartBlock != nil {
		f.start, f.begun = *f.cfg.StartBlock, true
	}
	f.loaded, f.quiet = true, false
	return nil
}

func (f *Follower) next() uint64 {
	if f.have {
		return f.cur.Number + 1
	}
	return f.start
}

// fetched is a block being fetched by the prefetcher.
type fetched struct {
	n    uint64
	done chan struct{}
	b    *Block
	err  error
}

// catchUp fetches blocks from..to with bounded concurrency and processes
// them in order. It reports whether it stopped at a reorg (the sink was
// rewound; the caller continues from the new cursor).
func (f *Follower) catchUp(ctx context.Context, from, to uint64) (reorged bool, err error) {
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// slots bounds the blocks fetched but not yet processed.
	slots := make(chan struct{}, f.cfg.Prefetch)
	queue := make(chan *fetched, f.cfg.Prefetch)
	go func() {
		defer close(queue)
		for n := from; n <= to; n++ {
			select {
			case slots <- struct{}{}:
			case <-fctx.Done():
				return
			}
			fb := &fetched{n: n, done: make(chan struct{})}
			go func() {
				defer close(fb.done)
				fb.b, fb.err = f.fetch(fctx, fb.n)
			}()
			queue <- fb // never blocks: queue holds at most Prefetch
		}
	}()
	for fb := range queue {
		select {
		case <-fb.done:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		<-slots
		if fb.err != nil {
			return false, fb.err
		}
		reorged, err := f.process(ctx, fb.b)
		if err != nil || reorged {
			return reorged, err
		}
	}
	return false, ctx.Err()
}

// fetch fetches block n with its traces and has the sink's Prefetcher
// start on it: before its traces where the source fetches them apart
// (BlockTracer), since the prefetch needs only the block.
func (f *Follower) fetch(ctx context.Context, n uint64) (*Block, error) {
	p, prefetch := f.sink.(Prefetcher)
	bt, apart := f.src.(BlockTracer)
	if !apart || !f.cfg.Traces.Enabled() {
		b, err := f.src.FetchBlock(ctx, n, f.cfg.Traces)
		if err == nil && prefetch {
			p.Prefetch(ctx, b)
		}
		return b, err
	}
	b, err := f.src.FetchBlock(ctx, n, nil)
	if err != nil {
		return nil, err
	}
	if prefetch {
		p.Prefetch(ctx, b)
	}
	if err := bt.TraceBlock(ctx, b, f.cfg.Traces); err != nil {
		return nil, err
	}
	return b, nil
}

// process hands one block to the sink, after checking it is the next one
// and extends the processed branch.
func (f *Follower) process(ctx context.Context, b *Block) (reorged bool, err error) {
	n := b.Number()
	if want := f.next(); n != want {
		// Cannot happen by construction; refuse rather than leave a gap.
		f.metrics.gap(f.cfg.Network)
		f.log.Error("block out of sequence refused", "block", n, "expected", want)
		return false, fmt.Errorf("block %d out of sequence, expected %d", n, want)
	}
	if f.have && b.Header.ParentHash != f.cur.Hash {
		return true, f.reorg(ctx, b)
	}
	start := time.Now()
	if err := f.sink.ProcessBlock(ctx, b); err != nil {
		return false, fmt.Errorf("process block %d: %w", n, err)
	}
	f.cur, f.have = Cursor{Number: n, Hash: b.Hash()}, true
	f.recent.add(n, b.Hash(), b.Header.ParentHash)
	f.metrics.blockProcessed(f.cfg.Network, n, time.Since(start))
	f.metrics.observeHead(f.cfg.Network, max(f.head, n), n, true)
	return false, nil
}

// reorg handles block b whose parent is not the last processed block: it
// walks back from the cursor to the common ancestor with the canonical
// chain and has the sink rewind to it.
func (f *Follower) reorg(ctx context.Context, b *Block) error {
	k, ours := f.cur.Number, f.cur.Hash
	for depth := uint64(0); ; depth++ {
		canon, err := f.src.HeaderByNumber(ctx, new(big.Int).SetUint64(k))
		switch {
		case err == nil && canon.Hash() == ours:
			to := Cursor{Number: k, Hash: ours}
			dropped := f.cur.Number - k
			f.log.Warn("reorg: rewinding to the common ancestor", "ancestor", k, "ancestor_hash", ours,
				"dropped_blocks", dropped, "old_head", f.cur.Hash, "new_block", b.Number(), "new_hash", b.Hash())
			if err := f.sink.Rewind(ctx, f.cfg.Network, to); err != nil {
				return fmt.Errorf("rewind to block %d after reorg: %w", k, err)
			}
			f.metrics.reorg(f.cfg.Network, dropped)
			f.cur = to
			f.recent.trimAbove(k)
			return nil
		case err != nil && !errors.Is(err, ErrNotFound):
			return fmt.Errorf("reorg walk at block %d: %w", k, err)
		}
		if depth >= f.cfg.MaxReorgDepth {
			return fmt.Errorf("%w: no common ancestor within %d blocks below %d", ErrReorgTooDeep, f.cfg.MaxReorgDepth, f.cur.Number)
		}
		if k == 0 {
			return fmt.Errorf("reorg walk: genesis differs from the processed one (%s)", ours)
		}
		parent, ok := f.recent.parentOf(k, ours)
		if hist, isHist := f.sink.(History); !ok && isHist {
			var err error
			if parent, ok, err = hist.ProcessedHash(ctx, f.cfg.Network, k-1); err != nil {
				return fmt.Errorf("reorg walk: processed hash of block %d: %w", k-1, err)
			}
		}
		if !ok {
			h, err := f.src.HeaderByHash(ctx, ours)
			if err != nil {
				return fmt.Errorf("reorg walk: processed block %d %s: %w", k, ours, err)
			}
			parent = h.ParentHash
		}
		k, ours = k-1, parent
	}
}

// recentBlocks remembers the hash and parent of the last processed blocks
// in a ring, so that a reorg walk needs no node to keep dropped blocks.
type recentBlocks struct {
	ring []recentBlock
}

type recentBlock struct {
	ok           bool
	n            uint64
	hash, parent common.Hash
}

func newRecentBlocks(size int) recentBlocks {
	return recentBlocks{ring: make([]recentBlock, size)}
}

func (r *recentBlocks) add(n uint64, hash, parent common.Hash) {
	r.ring[n%uint64(len(r.ring))] = recentBlock{ok: true, n: n, hash: hash, parent: parent}
}

func (r *recentBlocks) parentOf(n uint64, hash common.Hash) (common.Hash, bool) {
	e := r.ring[n%uint64(len(r.ring))]
	if !e.ok || e.n != n || e.hash != hash {
		return common.Hash{}, false
	}
	return e.parent, true
}

func (r *recentBlocks) trimAbove(n uint64) {
	for i := range r.ring {
		if r.ring[i].n > n {
			r.ring[i] = recentBlock{}
		}
	}
}

// sleep waits d or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
