package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// BacktestCache is a BacktestSource that keeps what it fetched from another
// one, so that replays of the same range after the first read memory: each
// block (header, transactions, receipts) once, its traces once per trace
// scope asked for, and each state read once per block. It is meant for the
// length of one job that replays a range several times (tune); the chain
// does not change under it, so only a range below the node's head (final
// blocks) should be replayed through it.
//
// A block is served from the cache only to a request with the trace scope
// it was traced with (or with none): a block traced for a narrower scope
// lacks traces a wider one needs, and one traced for a wider scope has
// traces the engine asking would not have seen. When the source is a
// chain.BlockTracer, a block cached under one scope is traced for another
// without being fetched again.
//
// What it keeps is bounded by a budget of bytes, estimated from the data
// kept (not from the Go heap, which is larger by a small factor): once the
// budget is spent, blocks and reads not cached yet are fetched every time
// and not kept. It is safe for concurrent use.
type BacktestCache struct {
	src    BacktestSource
	tracer chain.BlockTracer // src, when it can trace a fetched block

	mu     sync.Mutex
	budget int64
	used   int64
	blocks map[uint64]*cachedBlock
	calls  map[string]chain.CallResult
	stats  CacheStats
}

// cachedBlock is a block without traces and its traced versions by scope.
type cachedBlock struct {
	base   *chain.Block
	scoped map[string]*chain.Block
}

// CacheStats counts a BacktestCache's answers.
type CacheStats struct {
	// BlockHits are blocks served from memory, TraceFetches blocks served
	// from memory but traced for a new scope, BlockFetches blocks fetched
	// from the source.
	BlockHits, TraceFetches, BlockFetches int
	// CallHits are state reads answered from memory, CallFetches those
	// sent to the source.
	CallHits, CallFetches int
	// Bytes is the estimated size of what is kept; Dropped counts blocks,
	// traces and reads not kept because the budget was spent.
	Bytes   int64
	Dropped int
}

// NewBacktestCache wraps src in a cache that keeps at most about budget
// bytes (see BacktestCache).
func NewBacktestCache(src BacktestSource, budget int64) *BacktestCache {
	c := &BacktestCache{src: src, budget: budget, blocks: map[uint64]*cachedBlock{}, calls: map[string]chain.CallResult{}}
	c.tracer, _ = src.(chain.BlockTracer)
	return c
}

// Stats returns the cache's counts so far.
func (c *BacktestCache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Bytes = c.used
	return s
}

// FetchBlock implements BacktestSource. The block returned is the caller's
// own struct, but its transactions, receipts and traces are shared with
// every other caller of the same block: they must not be changed.
func (c *BacktestCache) FetchBlock(ctx context.Context, n uint64, traces *chain.TraceScope) (*chain.Block, error) {
	key := scopeKey(traces)
	c.mu.Lock()
	cb := c.blocks[n]
	var base, hit *chain.Block
	if cb != nil {
		base = cb.base
		if key == "" {
			hit = cb.base
		} else {
			hit = cb.scoped[key]
		}
	}
	if hit != nil {
		c.stats.BlockHits++
	}
	c.mu.Unlock()
	if hit != nil {
		b := *hit
		return &b, nil
	}

	var b *chain.Block
	if base != nil && c.tracer != nil {
		// the block is known: only its traces for this scope are missing
		cp := *base
		if err := c.tracer.TraceBlock(ctx, &cp, traces); err != nil {
			return nil, err
		}
		b = &cp
		c.mu.Lock()
		c.stats.TraceFetches++
		c.mu.Unlock()
	} else {
		var err error
		if b, err = c.src.FetchBlock(ctx, n, traces); err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.stats.BlockFetches++
		c.mu.Unlock()
	}
	c.keep(n, key, b)
	out := *b
	return &out, nil
}

// keep stores b, fetched or traced for the scope keyed key, if the budget
// allows it.
func (c *BacktestCache) keep(n uint64, key string, b *chain.Block) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cb := c.blocks[n]
	if cb == nil {
		base := *b
		base.Traces, base.Untraced = nil, nil
		size := blockSize(&base)
		if c.used+size > c.budget {
			c.stats.Dropped++
			return
		}
		c.used += size
		cb = &cachedBlock{base: &base, scoped: map[string]*chain.Block{}}
		c.blocks[n] = cb
	}
	if key == "" || cb.scoped[key] != nil {
		return
	}
	size := tracesSize(b)
	if c.used+size > c.budget {
		c.stats.Dropped++
		return
	}
	c.used += size
	kept := *b
	cb.scoped[key] = &kept
}

// CallBatch implements Reader: the calls not answered at block yet go to
// the source in one batch. A call's answer (its output, or the revert it
// met) is kept; a failure of the batch is returned and not kept.
func (c *BacktestCache) CallBatch(ctx context.Context, block common.Hash, calls []chain.Call) ([]chain.CallResult, error) {
	if len(calls) == 0 {
		return nil, nil
	}
	out := make([]chain.CallResult, len(calls))
	keys := make([]string, len(calls))
	var missing []int
	c.mu.Lock()
	for i, call := range calls {
		keys[i] = callKey(block, call)
		if r, ok := c.calls[keys[i]]; ok {
			out[i] = r
			continue
		}
		missing = append(missing, i)
	}
	c.stats.CallHits += len(calls) - len(missing)
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	ask := make([]chain.Call, len(missing))
	for k, i := range missing {
		ask[k] = calls[i]
	}
	res, err := c.src.CallBatch(ctx, block, ask)
	if err != nil {
		return nil, err
	}
	if len(res) != len(ask) {
		return nil, fmt.Errorf("call batch at %s: %d answers to %d calls", block, len(res), len(ask))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.CallFetches += len(ask)
	for k, i := range missing {
		out[i] = res[k]
		if _, ok := c.calls[keys[i]]; ok {
			continue
		}
		size := int64(len(keys[i]) + len(res[k].Output) + callOverhead)
		if c.used+size > c.budget {
			c.stats.Dropped++
			continue
		}
		c.used += size
		c.calls[keys[i]] = res[k]
	}
	return out, nil
}

// scopeKey identifies what a trace scope traces and how ("" for none).
func scopeKey(s *chain.TraceScope) string {
	if !s.Enabled() {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "all=%t method=%s timeout=%s watch=", s.All, s.Method, s.Timeout)
	watch := make([]common.Address, 0, len(s.Watch))
	for a, on := range s.Watch {
		if on {
			watch = append(watch, a)
		}
	}
	slices.SortFunc(watch, func(a, b common.Address) int { return a.Cmp(b) })
	for _, a := range watch {
		sb.Write(a[:])
	}
	return sb.String()
}

// callKey identifies a call at a block.
func callKey(block common.Hash, call chain.Call) string {
	k := make([]byte, 0, common.HashLength+2+2*common.AddressLength+len(call.Data))
	k = append(k, block[:]...)
	k = append(k, call.To[:]...)
	switch {
	case call.Balance:
		k = append(k, 'b')
	case call.From != nil:
		k = append(k, 'f')
		k = append(k, call.From[:]...)
	default:
		k = append(k, 'c')
	}
	return string(append(k, call.Data...))
}

// Estimated sizes, in bytes, of what a kept block holds beyond its raw
// data: Go structs, slice and map headers, big.Ints.
const (
	blockOverhead   = 1024
	txOverhead      = 400
	receiptOverhead = 400
	logOverhead     = 200
	frameOverhead   = 300
	callOverhead    = 100
)

// blockSize estimates the bytes a block without traces holds.
func blockSize(b *chain.Block) int64 {
	n := int64(blockOverhead)
	if b.Header != nil {
		n += int64(len(b.Header.Extra))
	}
	for _, tx := range b.Transactions {
		n += txOverhead + int64(tx.Size())
	}
	for _, r := range b.Receipts {
		if r == nil {
			continue
		}
		n += receiptOverhead + 256 // the bloom
		for _, l := range r.Logs {
			n += logOverhead + int64(len(l.Data)+32*len(l.Topics))
		}
	}
	return n + int64(len(b.Senders))*common.AddressLength
}

// tracesSize estimates the bytes a block's traces hold.
func tracesSize(b *chain.Block) int64 {
	n := int64(8*len(b.Traces) + 8*len(b.Untraced))
	for _, f := range b.Traces {
		if f == nil {
			continue
		}
		f.Walk(func(f *chain.CallFrame, _ int) bool {
			n += frameOverhead + int64(len(f.Input)+len(f.Output)+len(f.Error)+len(f.Revert)+len(f.Type))
			for _, l := range f.Logs {
				n += logOverhead + int64(len(l.Data)+32*len(l.Topics))
			}
			return true
		})
	}
	return n
}
