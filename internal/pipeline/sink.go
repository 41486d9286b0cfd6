// Package pipeline is the path of a block. The blocks a chain.Follower hands
// over are run through the network's detect.Engine, and the result goes, as
// a Batch, through the written list of Stages (Standard) inside one store
// transaction:
//
//	claim → store alerts → retract dropped → incidents → containment proposals → cursor
//
// The claim makes one of several followers of a network (daemons sharing
// the store) the one that commits each block. While catching up, quiet
// blocks commit several to a transaction (see Sink.ProcessBlock). A reorg
// is a Batch too: it retracts the alerts of the dropped blocks and moves
// the cursor back, through the same stages. After a batch commits, the
// Observers hear of each of its blocks (the outbox is woken, the demo
// prints).
package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Reader makes the state reads of a block's detectors; *chain.Client
// implements it.
type Reader interface {
	CallBatch(ctx context.Context, block common.Hash, calls []chain.Call) ([]chain.CallResult, error)
}

// Sink is the chain.Sink of one network: detection and storage of its
// blocks. Its engine must be compiled for that network alone (its state is
// rolled back on reorgs).
type Sink struct {
	network string
	store   store.Store
	engine  *detect.Engine
	reader  Reader
	stages  Stages
	obs     []Observer
	log     *slog.Logger

	mu    sync.Mutex // serialises blocks: the engine is not concurrent
	snaps []snapshot // engine state after each recent block, oldest first
	cur   chain.Cursor
	have  bool // cur is the last block known committed (stored or by this sink)
	depth int

	// group are the blocks evaluated but not committed yet, in order: a
	// block whose successor the follower already holds waits to commit
	// with it (see ProcessBlock); groupBefore is the engine's state before
	// the first of them.
	group       []held
	groupBefore detect.State
	maxGroup    int

	pmu      sync.Mutex
	prefetch map[common.Hash]*pendingReads // state reads started ahead, by block hash
	fetched  map[common.Hash]bool          // parents of the blocks the follower fetched, not yet processed
}

// held is a block evaluated and waiting to commit with the blocks after it.
type held struct {
	batch Batch
	state detect.State // the engine's state after the block
	start time.Time    // when its processing began
}

// pendingReads are a block's state reads, started when it was fetched.
type pendingReads struct {
	done  chan struct{}
	reads detect.ReadResults
	err   error
}

// snapshot is the engine's state after a block.
type snapshot struct {
	cursor chain.Cursor
	state  detect.State
}

var (
	_ chain.Sink       = (*Sink)(nil)
	_ chain.History    = (*Sink)(nil)
	_ chain.Prefetcher = (*Sink)(nil)
)

// Config configures a Sink.
type Config struct {
	// Network is the network the sink serves.
	Network string
	// MaxReorgDepth is how many blocks of engine state are kept to roll
	// back to on a reorg; use the Follower's (default 64).
	MaxReorgDepth int
	// Stages run inside each block's transaction, in order [Standard("",
	// nil, nil): claim, store alerts, retract, cursor].
	Stages Stages
	// Observers hear of each batch once committed.
	Observers []Observer
	// MaxGroup bounds the blocks committed in one store transaction while
	// catching up [32]; 1 commits each block alone.
	MaxGroup int
}

// DefaultMaxGroup is Config.MaxGroup's default.
const DefaultMaxGroup = 32

// NewSink returns the sink of cfg.Network, storing into st, detecting with
// engine and reading state through reader.
func NewSink(cfg Config, st store.Store, engine *detect.Engine, reader Reader, log *slog.Logger) (*Sink, error) {
	if cfg.Network == "" || st == nil || engine == nil || reader == nil {
		return nil, errors.New("pipeline sink: network, store, engine and reader are required")
	}
	if cfg.MaxReorgDepth <= 0 {
		cfg.MaxReorgDepth = 64
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Stages == nil {
		cfg.Stages = Standard("", nil, nil)
	}
	if cfg.MaxGroup <= 0 {
		cfg.MaxGroup = DefaultMaxGroup
	}
	return &Sink{network: cfg.Network, store: st, engine: engine, reader: reader, stages: cfg.Stages, obs: cfg.Observers,
		log: log.With("network", cfg.Network), depth: cfg.MaxReorgDepth, maxGroup: cfg.MaxGroup,
		prefetch: map[common.Hash]*pendingReads{}, fetched: map[common.Hash]bool{}}, nil
}

func (s *Sink) check(network string) error {
	if network != s.network {
		return fmt.Errorf("pipeline sink of %s given network %s", s.network, network)
	}
	return nil
}

// Cursor implements chain.Sink: the stored cursor of the network.
func (s *Sink) Cursor(ctx context.Context, network string) (chain.Cursor, bool, error) {
	if err := s.check(network); err != nil {
		return chain.Cursor{}, false, err
	}
	c, err := s.store.Cursor(ctx, network)
	if errors.Is(err, store.ErrNotFound) {
		s.forgetFetched()
		s.mu.Lock()
		s.group = nil
		s.have = false
		s.mu.Unlock()
		return chain.Cursor{}, false, nil
	}
	if err != nil {
		return chain.Cursor{}, false, fmt.Errorf("read cursor of %s: %w", network, err)
	}
	cur := chain.Cursor{Number: c.BlockNumber, Hash: common.HexToHash(c.BlockHash)}
	// Resume the detectors' windows, thresholds and cooldowns where the
	// last commit left them, with the cursor: after a restart, or after
	// another daemon committed the blocks this one evaluated too.
	var st detect.State
	if len(c.State) > 0 {
		if err := json.Unmarshal(c.State, &st); err != nil {
			s.log.Warn("stored detector state unreadable; windows and cooldowns restart", "err", err)
			st = detect.State{}
		}
	}
	s.forgetFetched()
	s.mu.Lock()
	s.group = nil // the follower starts again after the stored cursor
	s.engine.Restore(st)
	s.snaps = []snapshot{{cursor: cur, state: s.engine.Snapshot()}}
	s.cur, s.have = cur, true
	s.mu.Unlock()
	return cur, true, nil
}

// ProcessedHash implements chain.History with the blocks held to commit
// with their successors and the store's block history.
func (s *Sink) ProcessedHash(ctx context.Context, network string, number uint64) (common.Hash, bool, error) {
	s.mu.Lock()
	for _, h := range s.group {
		if b := h.batch.Block; b.Number() == number {
			s.mu.Unlock()
			return b.Hash(), true, nil
		}
	}
	s.mu.Unlock()
	h, err := s.store.BlockHash(ctx, network, number)
	if errors.Is(err, store.ErrNotFound) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("processed hash of %s block %d: %w", network, number, err)
	}
	return common.HexToHash(h), true, nil
}

// ProcessBlock implements chain.Sink: it makes the block's state reads,
// runs the engine, and runs the batch through the stages in one
// transaction. If anything fails the engine's state is rolled back, so that
// the block can be processed again.
//
// While the follower catches up, a block that detected nothing and whose
// successor the follower already fetched (Prefetch heard of a block whose
// parent it is) is held back, and commits with the blocks after it in one
// transaction (the group's claim moves the cursor from before its first
// block to its last; the history records each): one commit for up to
// Config.MaxGroup blocks instead of one each. A block that detected
// anything, the last block fetched (the live head) and a rewind commit at
// once, with the blocks held before them. Held blocks are only in memory:
// if the process stops, or a commit fails, the follower resumes after the
// stored cursor and evaluates them again, so nothing is lost or repeated.
func (s *Sink) ProcessBlock(ctx context.Context, b *chain.Block) error {
	if err := s.check(b.Network); err != nil {
		return err
	}
	start := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	reads, err := s.reads(ctx, b)
	if err != nil {
		// The blocks held are evaluated: commit them before giving up.
		return errors.Join(err, s.commitGroup(ctx))
	}
	before := s.engine.Snapshot()
	alerts := s.engine.Process(b, reads)
	after := s.engine.Snapshot()
	state, err := json.Marshal(after)
	if err != nil {
		s.engine.Restore(before)
		return fmt.Errorf("block %d: encode detector state: %w", b.Number(), err)
	}
	batch := Batch{Network: s.network, Block: b, Detected: alerts, From: s.from(),
		Cursor: store.Cursor{Network: s.network, BlockNumber: b.Number(), BlockHash: hexOf(b.Hash()), State: state}}
	if len(s.group) == 0 {
		s.groupBefore = before
	}
	s.group = append(s.group, held{batch: batch, state: after, start: start})
	if next := s.successorFetched(b); next && len(alerts) == 0 && len(s.group) < s.maxGroup {
		return nil
	}
	return s.commitGroup(ctx)
}

// successorFetched reports whether the follower fetched a block whose
// parent is b: it is about to hand it over, so b may wait to commit with it.
func (s *Sink) successorFetched(b *chain.Block) bool {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	ok := s.fetched[b.Hash()]
	delete(s.fetched, b.Hash())
	return ok
}

// commitGroup commits the held blocks in one transaction: the last one's
// batch, claimed from the cursor before the first and carrying the others
// in Grouped. On failure the engine's state goes back to before the first.
func (s *Sink) commitGroup(ctx context.Context) error {
	if len(s.group) == 0 {
		return nil
	}
	group := s.group
	s.group = nil
	last := group[len(group)-1].batch
	last.From = s.from()
	for _, h := range group[:len(group)-1] {
		last.Grouped = append(last.Grouped, store.BlockRef{Number: h.batch.Cursor.BlockNumber, Hash: h.batch.Cursor.BlockHash})
	}
	first, end := group[0].batch.Cursor.BlockNumber, last.Cursor.BlockNumber
	last, err := s.commit(ctx, last)
	if err != nil {
		s.engine.Restore(s.groupBefore)
		if first == end {
			return fmt.Errorf("store block %d: %w", end, err)
		}
		return fmt.Errorf("store blocks %d..%d: %w", first, end, err)
	}
	group[len(group)-1].batch = last
	for _, h := range group {
		s.cur, s.have = chain.Cursor{Number: h.batch.Block.Number(), Hash: h.batch.Block.Hash()}, true
		s.snaps = append(s.snaps, snapshot{cursor: s.cur, state: h.state})
	}
	if len(s.snaps) > s.depth+1 {
		s.snaps = s.snaps[len(s.snaps)-s.depth-1:]
	}
	for _, h := range group {
		h.batch.From = last.From
		s.observe(h.batch, time.Since(h.start))
	}
	return nil
}

// from is the cursor a batch moves from.
func (s *Sink) from() *chain.Cursor {
	if !s.have {
		return nil
	}
	c := s.cur
	return &c
}

// commit runs the stages on b in one transaction.
func (s *Sink) commit(ctx context.Context, b Batch) (Batch, error) {
	var out Batch
	err := s.store.Tx(ctx, func(tx store.Tx) error {
		var err error
		out, err = s.stages.Exec(ctx, tx, b)
		return err
	})
	return out, err
}

func (s *Sink) observe(b Batch, took time.Duration) {
	for _, o := range s.obs {
		o.Committed(b, took)
	}
}

// Prefetch implements chain.Prefetcher: the block's state reads depend
// only on the block, so they start as soon as it is fetched, concurrently
// with the blocks before it being processed, instead of inside the serial,
// in-order stage.
func (s *Sink) Prefetch(ctx context.Context, b *chain.Block) {
	if b.Network != s.network {
		return
	}
	s.fetchedBlock(b)
	if len(s.engine.Reads(b.Network, b.Number())) == 0 {
		return
	}
	pr := &pendingReads{done: make(chan struct{})}
	s.pmu.Lock()
	if _, dup := s.prefetch[b.Hash()]; dup {
		s.pmu.Unlock()
		return
	}
	s.prefetch[b.Hash()] = pr
	s.pmu.Unlock()
	go func() {
		defer close(pr.done)
		pr.reads, pr.err = ReadsAt(ctx, s.reader, s.engine, b)
	}()
}

// forgetFetched forgets the blocks fetched: the follower starts again.
func (s *Sink) forgetFetched() {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	clear(s.fetched)
}

// fetchedBlock notes that the follower holds b, so that its parent, when
// processed, may wait to commit with it.
func (s *Sink) fetchedBlock(b *chain.Block) {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	s.fetched[b.Header.ParentHash] = true
}

// reads returns the engine's state reads at b: those Prefetch started, or
// made now in one batch. A prefetch that failed (its context ended, the
// node erred) is made again.
func (s *Sink) reads(ctx context.Context, b *chain.Block) (detect.ReadResults, error) {
	s.pmu.Lock()
	pr := s.prefetch[b.Hash()]
	delete(s.prefetch, b.Hash())
	s.pmu.Unlock()
	if pr != nil {
		select {
		case <-pr.done:
			if pr.err == nil {
				return pr.reads, nil
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return ReadsAt(ctx, s.reader, s.engine, b)
}

// ReadsAt makes the state reads engine's balance and invariant detectors
// need at block b, as one batch through reader.
func ReadsAt(ctx context.Context, reader Reader, engine *detect.Engine, b *chain.Block) (detect.ReadResults, error) {
	calls := engine.Reads(b.Network, b.Number())
	if len(calls) == 0 {
		return nil, nil
	}
	batch := make([]chain.Call, len(calls))
	for i, c := range calls {
		batch[i] = chain.Call{To: c.To, Data: c.Data, Balance: c.Method == detect.MethodGetBalance}
	}
	res, err := reader.CallBatch(ctx, b.Hash(), batch)
	if err != nil {
		return nil, fmt.Errorf("state reads at block %d: %w", b.Number(), err)
	}
	out := make(detect.ReadResults, len(res))
	for i, r := range res {
		out[i] = detect.ReadResult{Data: r.Output, Err: r.Err}
	}
	return out, nil
}

// Rewind implements chain.Sink: it runs a rewind batch through the stages
// (the alerts above to are retracted, kept but marked, their incidents are
// told, and the cursor moves back) in one transaction; then it rolls the
// engine's state back to after to.
func (s *Sink) Rewind(ctx context.Context, network string, to chain.Cursor) error {
	if err := s.check(network); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The blocks held before the reorg was seen commit first: they are
	// canonical up to the ancestor (the rewind retracts the rest).
	if err := s.commitGroup(ctx); err != nil {
		return fmt.Errorf("rewind to block %d: %w", to.Number, err)
	}
	// Reads started for blocks of the dropped branch are of no use.
	s.pmu.Lock()
	clear(s.prefetch)
	clear(s.fetched)
	s.pmu.Unlock()
	// The detectors' state after the ancestor, if this run saw it.
	known := -1
	for i := len(s.snaps) - 1; i >= 0; i-- {
		if s.snaps[i].cursor == to {
			known = i
			break
		}
	}
	var state json.RawMessage
	if known >= 0 {
		b, err := json.Marshal(s.snaps[known].state)
		if err != nil {
			return fmt.Errorf("rewind to block %d: encode detector state: %w", to.Number, err)
		}
		state = b
	}
	start := time.Now()
	batch, err := s.commit(ctx, Batch{Network: network, RewindTo: &to, From: s.from(),
		Cursor: store.Cursor{Network: network, BlockNumber: to.Number, BlockHash: hexOf(to.Hash), State: state}})
	if err != nil {
		return fmt.Errorf("rewind to block %d: %w", to.Number, err)
	}
	retracted := batch.Retracted
	s.cur, s.have = to, true
	s.observe(batch, time.Since(start))
	s.log.Warn("reorg: alerts of dropped blocks retracted", "to_block", to.Number, "retracted", len(retracted))
	if known >= 0 {
		s.engine.Restore(s.snaps[known].state)
		s.snaps = s.snaps[:known+1]
		return nil
	}
	// The state after the ancestor is not known here (deeper than this
	// run's memory): the detectors' windows start afresh.
	s.log.Warn("detector state at the reorg's ancestor unknown; windows and cooldowns restart", "to_block", to.Number)
	s.engine.Restore(detect.State{})
	s.snaps = nil
	return nil
}
