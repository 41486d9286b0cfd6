package guard

import (
	"context"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
)

// simulation is one pending transaction simulated on the latest state:
// its one-transaction block, the prestate tracer's diff (nil when the
// node could not give it) and, when the transaction matters to the
// detectors that read state, their reads before and after it.
type simulation struct {
	head  *types.Header
	block *chain.Block
	diff  *chain.StateDiff
	// args are the transaction's call arguments; at is the block whose
	// state the traces saw (0: unknown), unless stale: a block was
	// mined while they ran, and the diff is made again at at.
	args  callArgs
	at    uint64
	stale bool
	// pre and post are the engine's state reads on the latest state and
	// on it with diff laid over; nil when not read.
	pre, post detect.ReadResults
	// read is how long the reads took.
	read time.Duration
}

// touches reports whether the simulation's call tree or state diff
// reaches a contract of the plan on the network: only then can the
// detectors that read the plan's contracts' state see a change.
func (g *Guard) touches(s *simulation) bool {
	for addr := range s.diff.Post {
		if g.ages.protected[addr] {
			return true
		}
	}
	for addr := range s.diff.Pre {
		if g.ages.protected[addr] {
			return true
		}
	}
	var reach func(f *chain.CallFrame) bool
	reach = func(f *chain.CallFrame) bool {
		if f.To != nil && g.ages.protected[*f.To] {
			return true
		}
		for _, c := range f.Calls {
			if reach(c) {
				return true
			}
		}
		return false
	}
	return len(s.block.Traces) > 0 && reach(s.block.Traces[0])
}

// wantsState reports whether the simulation calls for state reads: the
// network's detectors read state, the node gave the diff on a known block,
// and the transaction touches a contract of the plan.
func (g *Guard) wantsState(s *simulation) bool {
	return s.diff != nil && s.at > 0 && g.hasReads && g.touches(s)
}

// detectFast runs the detectors on the simulation without state reads and
// returns the alerts that may contain without a human. When there are
// none, the engine's state is restored: the simulation is run again with
// its reads (detect).
func (g *Guard) detectFast(s *simulation) []detect.Alert {
	g.mu.Lock()
	defer g.mu.Unlock()
	snap := g.cfg.Engine.Snapshot()
	alerts := g.actionable(g.cfg.Engine.Process(s.block, nil))
	if len(alerts) == 0 {
		g.cfg.Engine.Restore(snap)
	}
	return alerts
}

// readStates makes the engine's state reads (balance, invariant and
// condition reads) for simulations that touch a contract of the plan
// (wantsState):
// once on the latest state (shared by all), and once per simulation on
// the latest state with its diff as eth_call overrides, all at the same
// time. A failed read leaves the simulation without reads: its balance
// and invariant detectors wait for the block path.
func (g *Guard) readStates(ctx context.Context, todo []*simulation) {
	if len(todo) == 0 {
		return
	}
	head, at := todo[0].head, todo[0].at
	n := head.Number.Uint64()
	preCalls := g.cfg.Engine.Reads(g.cfg.Network, n)
	postCalls := g.cfg.Engine.Reads(g.cfg.Network, n+1)
	if len(preCalls) == 0 || len(postCalls) == 0 {
		return
	}
	start := time.Now()
	// The reads are made on the state the diffs were traced on: a mix of
	// blocks (the diff of one, the rest of the state of the next) would
	// show states that never were.
	latest := rpc.BlockNumberOrHashWithNumber(rpc.BlockNumber(at))
	if todo[0].stale {
		if todo = g.retrace(ctx, todo, at); len(todo) == 0 {
			return
		}
	}
	var wg sync.WaitGroup
	var pre detect.ReadResults
	var preErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		pre, preErr = g.readAt(ctx, latest, preCalls, nil)
	}()
	posts := make([]detect.ReadResults, len(todo))
	for i, s := range todo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if posts[i], err = g.readAt(ctx, latest, postCalls, s.diff.Overrides()); err != nil {
				g.log.Warn("state reads after a pending transaction", "tx", s.block.Transactions[0].Hash(), "err", err)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if preErr != nil {
		g.log.Warn("state reads before pending transactions", "err", preErr)
		return
	}
	g.cfg.Metrics.stateRead(g.cfg.Network, took.Seconds())
	for i, s := range todo {
		if posts[i] != nil {
			s.pre, s.post, s.read = pre, posts[i], took
		}
	}
}

// retrace traces the simulations' diffs again at block at, in one batch,
// and returns those it could.
func (g *Guard) retrace(ctx context.Context, sims []*simulation, at uint64) []*simulation {
	diffs := make([]chain.StateDiff, len(sims))
	batch := make([]rpc.BatchElem, len(sims))
	for i, s := range sims {
		batch[i] = rpc.BatchElem{Method: "debug_traceCall", Args: []any{s.args, hexutil.Uint64(at), chain.PrestateConfig}, Result: &diffs[i]}
	}
	if err := g.cfg.Node.BatchCallContext(ctx, batch); err != nil {
		g.log.Warn("trace pending transactions' state diffs again", "block", at, "err", err)
		return nil
	}
	var out []*simulation
	for i, s := range sims {
		if batch[i].Error == nil {
			s.diff, s.stale = &diffs[i], false
			out = append(out, s)
		}
	}
	return out
}

// readAt makes calls at block with over laid on the state.
func (g *Guard) readAt(ctx context.Context, block rpc.BlockNumberOrHash, calls []detect.Call, over map[common.Address]chain.AccountOverride) (detect.ReadResults, error) {
	batch := make([]chain.Call, len(calls))
	for i, c := range calls {
		batch[i] = chain.Call{To: c.To, Data: c.Data, Balance: c.Method == detect.MethodGetBalance}
	}
	res, err := g.cfg.Node.CallBatchAt(ctx, block, batch, over)
	if err != nil {
		return nil, err
	}
	out := make(detect.ReadResults, len(res))
	for i, r := range res {
		out[i] = detect.ReadResult{Data: r.Output, Err: r.Err}
	}
	return out, nil
}

// detect runs the engine on a simulation. With state reads, it first runs
// the latest block's state (an empty block at the head's number, the reads
// before) and then the simulated block (the reads after), so that balance
// detectors measure the transaction's effect and invariants are evaluated
// on its post-state; the engine's state is restored afterwards, so one
// pending transaction leaves no baseline for the next (the block path
// keeps its own engine). Without reads, those detectors wait for the
// block path.
func (g *Guard) detect(s *simulation) []detect.Alert {
	g.mu.Lock()
	defer g.mu.Unlock()
	if s.post == nil {
		return g.cfg.Engine.Process(s.block, nil)
	}
	snap := g.cfg.Engine.Snapshot()
	defer g.cfg.Engine.Restore(snap)
	before := &chain.Block{
		Network: g.cfg.Network, ChainID: g.cfg.ChainID, Header: s.head,
		Transactions: []*types.Transaction{}, Receipts: []*types.Receipt{}, Senders: []common.Address{},
	}
	g.cfg.Engine.Process(before, s.pre)
	return g.cfg.Engine.Process(s.block, s.post)
}
