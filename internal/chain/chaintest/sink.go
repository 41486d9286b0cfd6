package chaintest

import (
	"context"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// Event is one call a Sink received.
type Event struct {
	// Rewind is true for a Rewind, false for a ProcessBlock.
	Rewind bool
	// Number and Hash are the processed block, or the cursor rewound to.
	Number uint64
	Hash   common.Hash
	// Parent is the processed block's parent hash (zero for a Rewind).
	Parent common.Hash
	// Txs is the number of transactions of the processed block.
	Txs int
}

// String describes the event, e.g. "block 12 0a1b…2c3d" or "rewind to 10 …".
func (e Event) String() string {
	if e.Rewind {
		return fmt.Sprintf("rewind to %d %s", e.Number, e.Hash.TerminalString())
	}
	return fmt.Sprintf("block %d %s", e.Number, e.Hash.TerminalString())
}

// Sink is an in-memory chain.Sink that records every call, for tests. It is
// safe for concurrent use.
type Sink struct {
	mu      sync.Mutex
	cond    *sync.Cond
	cursors map[string]chain.Cursor
	events  map[string][]Event
	hashes  map[string]map[uint64]common.Hash // processed blocks still standing
	before  func(*chain.Block) error
}

var (
	_ chain.Sink    = (*Sink)(nil)
	_ chain.History = (*Sink)(nil)
)

// NewSink returns an empty Sink (no cursor for any network).
func NewSink() *Sink {
	s := &Sink{cursors: map[string]chain.Cursor{}, events: map[string][]Event{}, hashes: map[string]map[uint64]common.Hash{}}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// SetCursor sets a network's cursor, as if blocks up to c were processed
// before.
func (s *Sink) SetCursor(network string, c chain.Cursor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cursors[network] = c
}

// BeforeProcess sets a function called with each block before it is
// stored; when it returns an error the block is not stored and ProcessBlock
// returns the error (a failing store).
func (s *Sink) BeforeProcess(fn func(*chain.Block) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.before = fn
}

// Cursor implements chain.Sink.
func (s *Sink) Cursor(_ context.Context, network string) (chain.Cursor, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cursors[network]
	return c, ok, nil
}

// ProcessBlock implements chain.Sink: it records the block and moves the
// cursor to it.
func (s *Sink) ProcessBlock(_ context.Context, b *chain.Block) error {
	s.mu.Lock()
	before := s.before
	s.mu.Unlock()
	if before != nil {
		if err := before(b); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events[b.Network] = append(s.events[b.Network], Event{Number: b.Number(), Hash: b.Hash(),
		Parent: b.Header.ParentHash, Txs: len(b.Transactions)})
	s.cursors[b.Network] = chain.Cursor{Number: b.Number(), Hash: b.Hash()}
	if s.hashes[b.Network] == nil {
		s.hashes[b.Network] = map[uint64]common.Hash{}
	}
	s.hashes[b.Network][b.Number()] = b.Hash()
	s.cond.Broadcast()
	return nil
}

// Rewind implements chain.Sink.
func (s *Sink) Rewind(_ context.Context, network string, to chain.Cursor) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events[network] = append(s.events[network], Event{Rewind: true, Number: to.Number, Hash: to.Hash})
	s.cursors[network] = to
	for n := range s.hashes[network] {
		if n > to.Number {
			delete(s.hashes[network], n)
		}
	}
	s.cond.Broadcast()
	return nil
}

// ProcessedHash implements chain.History.
func (s *Sink) ProcessedHash(_ context.Context, network string, number uint64) (common.Hash, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.hashes[network][number]
	return h, ok, nil
}

// Events returns the calls received for network, in order.
func (s *Sink) Events(network string) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.events[network]...)
}

// Processed returns the numbers of the blocks processed for network, in the
// order they were processed (rewinds left out).
func (s *Sink) Processed(network string) []uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []uint64
	for _, e := range s.events[network] {
		if !e.Rewind {
			out = append(out, e.Number)
		}
	}
	return out
}

// WaitCursor waits until network's cursor is at least n with hash (any
// hash when hash is zero) or ctx ends, and returns the cursor.
func (s *Sink) WaitCursor(ctx context.Context, network string, n uint64, hash common.Hash) (chain.Cursor, error) {
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.cond.Broadcast()
	})
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		c, ok := s.cursors[network]
		if ok && c.Number >= n && (hash == common.Hash{} || c.Hash == hash) {
			return c, nil
		}
		if err := ctx.Err(); err != nil {
			return c, fmt.Errorf("wait for %s cursor %d (at %d): %w", network, n, c.Number, err)
		}
		s.cond.Wait()
	}
}

// CursorSink is a chain.Sink that keeps the cursor only (of one network),
// for benchmarks, where Sink's record of every call would weigh. It is
// safe for concurrent use.
type CursorSink struct {
	// OnBlock, when set, is called with each block before the cursor moves
	// to it.
	OnBlock func(*chain.Block)

	mu   sync.Mutex
	cur  chain.Cursor
	have bool
}

var _ chain.Sink = (*CursorSink)(nil)

// Cursor implements chain.Sink.
func (s *CursorSink) Cursor(context.Context, string) (chain.Cursor, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur, s.have, nil
}

// ProcessBlock implements chain.Sink.
func (s *CursorSink) ProcessBlock(_ context.Context, b *chain.Block) error {
	if s.OnBlock != nil {
		s.OnBlock(b)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur, s.have = chain.Cursor{Number: b.Number(), Hash: b.Hash()}, true
	return nil
}

// Rewind implements chain.Sink.
func (s *CursorSink) Rewind(_ context.Context, _ string, to chain.Cursor) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur = to
	return nil
}

// Reached reports whether the cursor is at block n or later.
func (s *CursorSink) Reached(n uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.have && s.cur.Number >= n
}

// Reset forgets the cursor, as if no block had been processed.
func (s *CursorSink) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.have = false
}
