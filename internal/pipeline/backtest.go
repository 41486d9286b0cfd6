package pipeline

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
)

// BacktestSource is what a backtest reads: blocks, and state at them.
type BacktestSource interface {
	Reader
	FetchBlock(ctx context.Context, n uint64, traces *chain.TraceScope) (*chain.Block, error)
}

// Backtest runs engine over blocks from..to (inclusive) of network and
// returns the alerts in block order. It stores nothing. Blocks are fetched
// up to concurrency at a time and processed in order, so thresholds,
// windows and cooldowns behave as they would have live. progress, if set,
// is called after each block.
func Backtest(ctx context.Context, src BacktestSource, engine *detect.Engine, network string, from, to uint64, concurrency int, progress func(done, total uint64)) ([]detect.Alert, error) {
	if to < from {
		return nil, fmt.Errorf("backtest: --to %d is before --from %d", to, from)
	}
	if concurrency <= 0 {
		concurrency = 8
	}
	traces := engine.TraceScope(network)
	total := to - from + 1
	// slots[i%concurrency] carries block from+i from its fetcher to the
	// processing loop; a fetcher starts block i only after block
	// i-concurrency was taken, which bounds memory.
	type fetched struct {
		b   *chain.Block
		err error
	}
	slots := make([]chan fetched, concurrency)
	for i := range slots {
		slots[i] = make(chan fetched, 1)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	for w := range concurrency {
		g.Go(func() error {
			for i := uint64(w); i < total; i += uint64(concurrency) {
				b, err := src.FetchBlock(gctx, from+i, traces)
				if err == nil && b.Network == "" {
					b.Network = network
				}
				select {
				case slots[w] <- fetched{b, err}:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	}
	var alerts []detect.Alert
	err := func() error {
		for i := range total {
			var f fetched
			select {
			case f = <-slots[i%uint64(concurrency)]:
			case <-gctx.Done():
				return gctx.Err()
			}
			if f.err != nil {
				return fmt.Errorf("block %d: %w", from+i, f.err)
			}
			reads, err := ReadsAt(gctx, src, engine, f.b)
			if err != nil {
				return err
			}
			alerts = append(alerts, engine.Process(f.b, reads)...)
			if progress != nil {
				progress(i+1, total)
			}
		}
		return nil
	}()
	if err != nil {
		cancel()
		g.Wait()
		return alerts, err
	}
	return alerts, g.Wait()
}
