package pipeline_test

import (
	"context"
	"errors"
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

// turnSink is one of two followers of a network: it hands the blocks that
// are not its turn to its sink only once the other committed them, so that
// the two take turns committing and each finds the other's blocks already
// committed.
type turnSink struct {
	*pipeline.Sink
	st        store.Store
	mine      func(n uint64) bool
	mu        sync.Mutex
	committed []uint64
	elsewhere []uint64
}

func (s *turnSink) ProcessBlock(ctx context.Context, b *chain.Block) error {
	for deadline := time.Now().Add(10 * time.Second); !s.mine(b.Number()) && time.Now().Before(deadline) && ctx.Err() == nil; time.Sleep(5 * time.Millisecond) {
		if c, err := s.st.Cursor(ctx, network); err == nil && c.BlockNumber >= b.Number() {
			break
		}
	}
	err := s.Sink.ProcessBlock(ctx, b)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil:
		s.committed = append(s.committed, b.Number())
	case errors.Is(err, chain.ErrCommittedElsewhere):
		s.elsewhere = append(s.elsewhere, b.Number())
	}
	return err
}

func (s *turnSink) seen(n uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.committed, n) || slices.Contains(s.elsewhere, n)
}

// TestHotStandbyCommitsEachBlockOnce runs two followers of one network on
// one store, each fetching and evaluating every block: each block is
// committed by exactly one of them (the claim on the cursor), the other
// skips to the stored cursor, and the detectors' state passes between
// them with the cursor: a threshold of two matches, the first committed by
// one follower and the second by the other, alerts once.
func TestHotStandbyCommitsEachBlockOnce(t *testing.T) {
	for name, open := range storetest.Backends() {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, 1)
			e.store = open(t, store.Options{})
			start := e.head(t) + 1
			// Blocks start..start+3: a large transfer (match 1) in start,
			// committed by A; a small one; a large one (match 2) in
			// start+3, committed by B.
			e.transfer(t, 0, 1, bigAmount)
			e.dn.Commit()
			e.transfer(t, 1, 2, smallAmount)
			e.dn.Commit()
			e.dn.Commit()
			e.transfer(t, 2, 3, bigAmount)
			e.dn.Commit()
			end := e.head(t)
			cfg := chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond, Prefetch: 1}
			follower := func(mine func(uint64) bool) (*turnSink, *chain.Follower) {
				// MaxGroup 1: the followers take turns block by block
				// (TestHotStandbyGroupedCommitsEachBlockOnce has groups).
				s, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: pipeline.Standard("", nil, nil), MaxGroup: 1}, e.store, e.thresholdEngine(t), e.client, testLog())
				if err != nil {
					t.Fatal(err)
				}
				ts := &turnSink{Sink: s, st: e.store, mine: mine}
				f, err := chain.NewFollower(cfg, e.client, ts, nil, testLog())
				if err != nil {
					t.Fatal(err)
				}
				return ts, f
			}
			a, fa := follower(func(n uint64) bool { return (n-start)%2 == 0 })
			b, fb := follower(func(n uint64) bool { return (n-start)%2 == 1 })
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			da, db := run(t, ctx, fa), run(t, ctx, fb)
			waitCursor(t, ctx, e.store, end, common.Hash{})
			// ... and both have been through every block.
			for _, s := range []*turnSink{a, b} {
				for !s.seen(end) && ctx.Err() == nil {
					time.Sleep(5 * time.Millisecond)
				}
			}
			cancel()
			for _, done := range []<-chan error{da, db} {
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			all := slices.Concat(a.committed, b.committed)
			slices.Sort(all)
			want := []uint64{}
			for n := start; n <= end; n++ {
				want = append(want, n)
			}
			if !slices.Equal(all, want) {
				t.Fatalf("blocks committed: A %v, B %v; want each of %v once", a.committed, b.committed, want)
			}
			// (B may start after A committed the first block: then it
			// never evaluates it.)
			subset := func(sub, of []uint64) bool {
				return !slices.ContainsFunc(sub, func(n uint64) bool { return !slices.Contains(of, n) })
			}
			if !slices.Equal(a.committed, []uint64{start, start + 2}) || !slices.Equal(b.committed, []uint64{start + 1, start + 3}) ||
				!slices.Equal(a.elsewhere, b.committed) || !subset(b.elsewhere, a.committed) || !slices.Contains(b.elsewhere, start+2) {
				t.Fatalf("the followers did not take turns: A committed %v (lost %v), B committed %v (lost %v)", a.committed, a.elsewhere, b.committed, b.elsewhere)
			}
			as, err := e.store.Alerts(context.Background(), store.AlertFilter{Network: network})
			if err != nil {
				t.Fatal(err)
			}
			if len(as) != 1 || as[0].BlockNumber != end {
				t.Fatalf("alerts %+v: want one, at block %d (the second match, committed by the other follower)", as, end)
			}
			t.Logf("A committed %v, lost %v; B committed %v, lost %v", a.committed, a.elsewhere, b.committed, b.elsewhere)
		})
	}
}

// TestReorgWithTwoFollowers: two followers of one network on one store
// meet a reorg: the rewind is claimed like a block (from the tip it drops,
// by hash), so the dropped alert is retracted once and the new branch's
// alert raised once, whichever follower does each.
func TestReorgWithTwoFollowers(t *testing.T) {
	for name, open := range storetest.Backends() {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, 1)
			e.store = open(t, store.Options{})
			start := e.head(t) + 1
			cfg := chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var hooks [2]countingHooks
			var dones []<-chan error
			for i := range hooks {
				stages := pipeline.Stages{pipeline.Claim{}, pipeline.StoreAlerts{}, pipeline.RetractAlerts{}, &hooks[i], pipeline.SaveCursor{}}
				s, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: stages}, e.store, e.engine(t, 1), e.client, testLog())
				if err != nil {
					t.Fatal(err)
				}
				f, err := chain.NewFollower(cfg, e.client, s, nil, testLog())
				if err != nil {
					t.Fatal(err)
				}
				dones = append(dones, run(t, ctx, f))
			}

			e.transfer(t, 3, 4, smallAmount)
			ancestor := e.dn.Commit()
			dropped := e.transfer(t, 0, 1, bigAmount)
			e.dn.Commit()
			e.dn.Commit()
			waitCursor(t, ctx, e.store, start+2, common.Hash{})
			raised, branch := e.reorg(t, ancestor)
			waitCursor(t, ctx, e.store, start+3, branch[2])
			time.Sleep(200 * time.Millisecond) // the other follower catches up too
			cancel()
			for _, done := range dones {
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			var retracted, raisedAll []string
			for i := range hooks {
				retracted = append(retracted, hooks[i].retracted...)
				raisedAll = append(raisedAll, hooks[i].raised...)
			}
			if !slices.Equal(retracted, []string{dropped.Hex()}) {
				t.Fatalf("retractions %v; want %s once", retracted, dropped.Hex())
			}
			count := func(h common.Hash) int {
				return len(slices.DeleteFunc(slices.Clone(raisedAll), func(x string) bool { return x != h.Hex() }))
			}
			if count(raised) != 1 || count(dropped) < 1 || count(dropped) > 2 {
				t.Fatalf("alerts raised %v: want %s once and %s once (twice if the node put it in the new branch)", raisedAll, raised.Hex(), dropped.Hex())
			}
			t.Logf("raised by the two followers: %v / %v; retracted: %v / %v", hooks[0].raised, hooks[1].raised, hooks[0].retracted, hooks[1].retracted)
		})
	}
}
