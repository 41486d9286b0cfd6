package chain_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/chain/chaintest"
)

// BenchmarkCatchUp measures catching up over a few hundred blocks of
// traffic on a local devnet over HTTP. Each iteration runs, one after the
// other (in an order that rotates) so that the machine's load weighs on all
// alike, three full catch-ups:
//
//   - raw: the same JSON-RPC calls (block with transactions, block
//     receipts) at the same concurrency, answers kept as raw JSON: the
//     node and transport alone;
//   - follow: the Follower with a sink that does nothing: fetch, decode
//     into a chain.Block, check the roots, hand over in order;
//   - decode: the same with a sink that ABI-decodes every log and every
//     call's input against the token's ABI.
//
// It reports blocks/s of each and the ratios follow/raw and decode/follow.
func BenchmarkCatchUp(b *testing.B) {
	const blocks, txs, prefetch = 300, 6, 8
	tc := newTestChain(b)
	start := tc.head(b) + 1
	tc.mine(b, blocks, txs)
	end := tc.head(b)
	n := float64(end - start + 1)

	rc, err := rpc.Dial(tc.HTTPURL())
	if err != nil {
		b.Fatal(err)
	}
	defer rc.Close()
	c, _ := dial(b, fastConfig(tc.HTTPURL()))
	follow := func(sink *chaintest.CursorSink) time.Duration {
		sink.Reset()
		t0 := time.Now()
		f, err := chain.NewFollower(chain.FollowerConfig{Network: "devnet", StartBlock: &start,
			PollInterval: time.Hour, Prefetch: prefetch}, c, sink, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- f.Run(ctx) }()
		if _, err := waitCursor(ctx, sink, end); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		return d
	}
	// plain keeps the cursor only; decoding also decodes every log and call
	// input of a block.
	plain := &chaintest.CursorSink{}
	decoder := newDecoder(b)
	var decoded atomic.Int64
	decoding := &chaintest.CursorSink{OnBlock: func(blk *chain.Block) { decoded.Add(int64(decoder.block(blk))) }}
	var raw, fol, dec time.Duration
	variants := []func(){
		func() {
			t0 := time.Now()
			rawCatchUp(b, rc, start, end, prefetch)
			raw += time.Since(t0)
		},
		func() { fol += follow(plain) },
		func() { dec += follow(decoding) },
	}
	// The order rotates with the iteration, so that no variant always
	// runs first (or after the same one).
	for i := 0; b.Loop(); i++ {
		for k := range variants {
			variants[(i+k)%len(variants)]()
		}
	}
	iters := float64(b.N)
	b.ReportMetric(n*iters/raw.Seconds(), "raw_blocks/s")
	b.ReportMetric(n*iters/fol.Seconds(), "follow_blocks/s")
	b.ReportMetric(n*iters/dec.Seconds(), "decode_blocks/s")
	b.ReportMetric(raw.Seconds()/fol.Seconds(), "follow/raw")
	b.ReportMetric(fol.Seconds()/dec.Seconds(), "decode/follow")
	b.ReportMetric(float64(decoded.Load())/iters, "decoded/op")
}

func rawCatchUp(b *testing.B, rc *rpc.Client, start, end uint64, workers int) {
	var wg sync.WaitGroup
	next := atomic.Uint64{}
	next.Store(start)
	for range workers {
		wg.Go(func() {
			for n := next.Add(1) - 1; n <= end; n = next.Add(1) - 1 {
				var blk, rcpts json.RawMessage
				if err := rc.Call(&blk, "eth_getBlockByNumber", hexutil.Uint64(n), true); err != nil {
					b.Error(err)
					return
				}
				var h struct{ Hash common.Hash }
				if err := json.Unmarshal(blk, &h); err != nil {
					b.Error(err)
					return
				}
				if err := rc.Call(&rcpts, "eth_getBlockReceipts", h.Hash); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func waitCursor(ctx context.Context, s *chaintest.CursorSink, n uint64) (chain.Cursor, error) {
	for {
		c, ok, err := s.Cursor(ctx, "devnet")
		if err != nil || (ok && c.Number >= n) {
			return c, err
		}
		select {
		case <-ctx.Done():
			return c, ctx.Err()
		case <-time.After(200 * time.Microsecond):
		}
	}
}

// decoder decodes logs and call inputs with an ABI.
type decoder struct {
	abi *abi.ABI
}

func newDecoder(b *testing.B) *decoder {
	a, err := bindings.StableTokenMetaData.ParseABI()
	if err != nil {
		b.Fatal(err)
	}
	return &decoder{abi: a}
}

func (d *decoder) block(b *chain.Block) int {
	n := 0
	for i, tx := range b.Transactions {
		if data := tx.Data(); len(data) >= 4 {
			if m, err := d.abi.MethodById(data[:4]); err == nil {
				if _, err := m.Inputs.Unpack(data[4:]); err == nil {
					n++
				}
			}
		}
		for _, lg := range b.Receipts[i].Logs {
			if len(lg.Topics) == 0 {
				continue
			}
			ev, err := d.abi.EventByID(lg.Topics[0])
			if err != nil {
				continue
			}
			fields := map[string]any{}
			if err := d.abi.UnpackIntoMap(fields, ev.Name, lg.Data); err != nil {
				panic(fmt.Sprintf("decode %s: %v", ev.Name, err))
			}
			var indexed abi.Arguments
			for _, a := range ev.Inputs {
				if a.Indexed {
					indexed = append(indexed, a)
				}
			}
			if err := abi.ParseTopicsIntoMap(fields, indexed, lg.Topics[1:]); err != nil {
				panic(fmt.Sprintf("decode topics of %s: %v", ev.Name, err))
			}
			n++
		}
	}
	return n
}
