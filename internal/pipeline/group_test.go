package pipeline_test

import (
	"context"
	"errors"
	"math/big"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// commits is an Observer that records the blocks committed, and a Stage
// that records, per transaction, the blocks it carries (Grouped, then
// Block) and may fail some.
type commits struct {
	mu        sync.Mutex
	committed []uint64   // blocks heard of once committed, in order
	txs       [][]uint64 // the blocks of each transaction that reached the stage
	raised    []string   // fresh alerts' tx hashes
	fail      func(b pipeline.Batch) bool
}

func (c *commits) Committed(b pipeline.Batch, _ time.Duration) {
	if b.Block == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.committed = append(c.committed, b.Block.Number())
}

var errInjected = errors.New("injected failure")

func (c *commits) Exec(_ context.Context, _ store.Tx, b pipeline.Batch) (pipeline.Batch, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b.Block == nil {
		return b, nil
	}
	var blocks []uint64
	for _, g := range b.Grouped {
		blocks = append(blocks, g.Number)
	}
	c.txs = append(c.txs, append(blocks, b.Block.Number()))
	if c.fail != nil && c.fail(b) {
		c.fail = nil
		return b, errInjected
	}
	for _, a := range b.Fresh {
		c.raised = append(c.raised, a.TxHash)
	}
	return b, nil
}

// stages is the standard path without incidents, with c before the cursor.
func (c *commits) stages() pipeline.Stages {
	return pipeline.Stages{pipeline.Claim{}, pipeline.StoreAlerts{}, pipeline.RetractAlerts{}, c, pipeline.SaveCursor{}}
}

// checkedSink checks, when ProcessBlock returns for a block with an
// alerting transaction, that its alert and the cursor are already stored.
type checkedSink struct {
	pacedSink
	st      store.Store
	alertTx map[common.Hash]bool
	mu      sync.Mutex
	late    []uint64 // alerting blocks not committed when ProcessBlock returned
}

func (s *checkedSink) ProcessBlock(ctx context.Context, b *chain.Block) error {
	if err := s.pacedSink.ProcessBlock(ctx, b); err != nil {
		return err
	}
	for _, tx := range b.Transactions {
		if !s.alertTx[tx.Hash()] {
			continue
		}
		as, err := s.st.Alerts(ctx, store.AlertFilter{Network: network, FromBlock: b.Number(), ToBlock: b.Number()})
		c, cerr := s.st.Cursor(ctx, network)
		if err != nil || cerr != nil || len(as) == 0 || c.BlockNumber != b.Number() {
			s.mu.Lock()
			s.late = append(s.late, b.Number())
			s.mu.Unlock()
		}
	}
	return nil
}

// pacedSink waits delay before each block it processes, so that the
// follower's prefetch (which makes the sink group quiet blocks) runs ahead
// of the processing even when the machine is loaded, as it does catching
// up on a real node, where fetching a block costs more than evaluating it.
type pacedSink struct {
	*pipeline.Sink
	delay time.Duration
}

func (s pacedSink) ProcessBlock(ctx context.Context, b *chain.Block) error {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.Sink.ProcessBlock(ctx, b)
}

// seal makes blocks blocks of one dUSD transfer each; those whose index
// alert says are large (alerting). It returns the first and last block and
// the alerting transactions.
func seal(t *testing.T, e *env, blocks int, alert func(i int) bool) (start, end uint64, alerting []string) {
	t.Helper()
	start = e.head(t) + 1
	for i := range blocks {
		if alert(i) {
			alerting = append(alerting, e.transfer(t, i%5, (i+1)%5, bigAmount).Hex())
		} else {
			e.transfer(t, i%5, (i+1)%5, smallAmount)
		}
		e.dn.Commit()
	}
	return start, e.head(t), alerting
}

// checkHistory fails unless every block start..end is in the store's block
// history with the node's hash.
func checkHistory(t *testing.T, e *env, start, end uint64) {
	t.Helper()
	for n := start; n <= end; n++ {
		h, err := e.store.BlockHash(context.Background(), network, n)
		if err != nil {
			t.Fatalf("block %d not in the history: %v", n, err)
		}
		want, err := e.dn.Client().HeaderByNumber(context.Background(), new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		if h != want.Hash().Hex() {
			t.Fatalf("block %d recorded as %s, want %s", n, h, want.Hash().Hex())
		}
	}
}

// TestCatchUpCommitsQuietBlocksInGroups: catching up, blocks that detect
// nothing commit several to a transaction, while a block with an alert
// commits before the sink returns it (as the last of its group); every
// block is committed once, in the history, and every alert raised once.
func TestCatchUpCommitsQuietBlocksInGroups(t *testing.T) {
	for name, open := range storetest.Backends() {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, 1)
			e.store = open(t, store.Options{})
			start, end, want := seal(t, e, 60, func(i int) bool { return i%20 == 13 })
			c := &commits{}
			ps, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: c.stages(), Observers: []pipeline.Observer{c}, MaxGroup: 8},
				e.store, e.engine(t, 1), e.client, testLog())
			if err != nil {
				t.Fatal(err)
			}
			sink := &checkedSink{pacedSink: pacedSink{ps, 10 * time.Millisecond}, st: e.store, alertTx: map[common.Hash]bool{}}
			for _, h := range want {
				sink.alertTx[common.HexToHash(h)] = true
			}
			f, err := chain.NewFollower(chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond, Prefetch: 8},
				e.client, sink, nil, testLog())
			if err != nil {
				t.Fatal(err)
			}
			follow(t, 60*time.Second, f, e.store, end)
			c.mu.Lock()
			defer c.mu.Unlock()
			if !slices.Equal(c.committed, span(start, end)) {
				t.Fatalf("blocks committed %v, want each of %d..%d once, in order", c.committed, start, end)
			}
			if !slices.Equal(c.raised, want) {
				t.Fatalf("alerts raised %v, want %v once each", c.raised, want)
			}
			if len(sink.late) > 0 {
				t.Fatalf("alerting blocks %v were not committed when the sink returned", sink.late)
			}
			biggest := 0
			for _, tx := range c.txs {
				biggest = max(biggest, len(tx))
				if len(tx) > 8 {
					t.Fatalf("a transaction carried %d blocks, more than MaxGroup 8: %v", len(tx), tx)
				}
			}
			if len(c.txs) >= len(c.committed) || biggest < 2 {
				t.Fatalf("%d transactions for %d blocks (largest %d blocks): no grouping", len(c.txs), len(c.committed), biggest)
			}
			checkHistory(t, e, start, end)
			t.Logf("%d blocks in %d transactions: %v", len(c.committed), len(c.txs), c.txs)
		})
	}
}

// TestGroupRolledBackLosesNothingRepeatsNothing: the transaction of a
// group that ends with an alerting block fails after the claim and the
// alert were written; it rolls back, the follower resumes after the stored
// cursor and evaluates the blocks again: each block is committed once and
// the alert raised once.
func TestGroupRolledBackLosesNothingRepeatsNothing(t *testing.T) {
	for name, open := range storetest.Backends() {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, 1)
			e.store = open(t, store.Options{})
			start, end, want := seal(t, e, 40, func(i int) bool { return i == 11 || i == 19 || i == 27 || i == 35 })
			c := &commits{fail: func(b pipeline.Batch) bool { return len(b.Grouped) >= 1 && len(b.Fresh) > 0 }}
			sink, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: c.stages(), Observers: []pipeline.Observer{c}},
				e.store, e.engine(t, 1), e.client, testLog())
			if err != nil {
				t.Fatal(err)
			}
			// paced: the follower's fetches stay ahead of the processing
			// on a loaded machine, so that groups form (one ending with an
			// alert is the case under test)
			f, err := chain.NewFollower(chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond, Prefetch: 8,
				Backoff: chain.Backoff{Base: 10 * time.Millisecond, Max: 50 * time.Millisecond}}, e.client, pacedSink{sink, 10 * time.Millisecond}, nil, testLog())
			if err != nil {
				t.Fatal(err)
			}
			follow(t, 60*time.Second, f, e.store, end)
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.fail != nil {
				t.Fatalf("no group ending with an alert was failed (transactions %v)", c.txs)
			}
			if !slices.Equal(c.committed, span(start, end)) {
				t.Fatalf("blocks committed %v, want each of %d..%d once, in order", c.committed, start, end)
			}
			if !slices.Equal(c.raised, want) {
				t.Fatalf("alerts raised %v, want %v once each", c.raised, want)
			}
			alerts, err := e.store.Alerts(context.Background(), store.AlertFilter{Network: network, WithRetracted: true})
			if err != nil {
				t.Fatal(err)
			}
			var stored []string
			for _, a := range alerts {
				stored = append(stored, a.TxHash)
			}
			if !slices.Equal(stored, want) {
				t.Fatalf("stored alerts %v, want %v", stored, want)
			}
			checkHistory(t, e, start, end)
			t.Logf("transactions (the failed one included): %v", c.txs)
		})
	}
}

// TestHotStandbyGroupedCommitsEachBlockOnce: two followers of one network
// on one store catch up at once, each grouping quiet blocks: whatever
// groups each forms, every block is committed by exactly one of them and
// every alert raised once.
func TestHotStandbyGroupedCommitsEachBlockOnce(t *testing.T) {
	for name, open := range storetest.Backends() {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, 1)
			e.store = open(t, store.Options{})
			start, end, want := seal(t, e, 60, func(i int) bool { return i%9 == 4 })
			var cs [2]commits
			var dones []<-chan error
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			for i := range cs {
				s, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: cs[i].stages(), Observers: []pipeline.Observer{&cs[i]}, MaxGroup: 5},
					e.store, e.engine(t, 1), e.client, testLog())
				if err != nil {
					t.Fatal(err)
				}
				f, err := chain.NewFollower(chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond, Prefetch: 4},
					e.client, s, nil, testLog())
				if err != nil {
					t.Fatal(err)
				}
				dones = append(dones, run(t, ctx, f))
			}
			waitCursor(t, ctx, e.store, end, common.Hash{})
			time.Sleep(100 * time.Millisecond) // the other one sees it too
			cancel()
			for _, done := range dones {
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			all := slices.Concat(cs[0].committed, cs[1].committed)
			slices.Sort(all)
			if !slices.Equal(all, span(start, end)) {
				t.Fatalf("blocks committed: %v and %v; want each of %d..%d once", cs[0].committed, cs[1].committed, start, end)
			}
			raised := slices.Concat(cs[0].raised, cs[1].raised)
			slices.Sort(raised)
			sorted := slices.Sorted(slices.Values(want))
			if !slices.Equal(raised, sorted) {
				t.Fatalf("alerts raised %v and %v; want each of %v once", cs[0].raised, cs[1].raised, want)
			}
			checkHistory(t, e, start, end)
			t.Logf("committed by one: %d blocks, by the other: %d", len(cs[0].committed), len(cs[1].committed))
		})
	}
}

func span(from, to uint64) []uint64 {
	var out []uint64
	for n := from; n <= to; n++ {
		out = append(out, n)
	}
	return out
}
