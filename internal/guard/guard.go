// Package guard is pre-execution protection: a network's pending
// transactions (chain.Mempool) are simulated on the latest state with the
// node's call and prestate tracers, and each simulation is run, as a
// one-transaction block, through the network's compiled detectors (the same
// detect.Engine as the block path, a separate instance); balance, invariant
// and condition reads of a transaction that touches the plan's contracts
// are made before it and on its post-state (its diff as eth_call
// overrides). An alert whose detector may
// contain without a human goes down the block's path — stored alert
// (marked pre_execution, with the pending transaction), incident,
// containment proposal, in one store transaction — and the containment is
// priced above the pending transaction's priority fee (capped by the
// plan's networks[].mempool.max_priority_fee), so that the miner orders it
// first in the same block.
package guard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/forensics"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/units"
)

// Node is what the guard reads from the network's node (*chain.Client).
type Node interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	CallContext(ctx context.Context, result any, method string, args ...any) error
	BatchCallContext(ctx context.Context, b []rpc.BatchElem) error
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
	// CallBatchAt makes state reads at a block with state overrides (the
	// post-state of a simulated transaction).
	CallBatchAt(ctx context.Context, block rpc.BlockNumberOrHash, calls []chain.Call, over map[common.Address]chain.AccountOverride) ([]chain.CallResult, error)
}

// Timeline records an event on an incident's timeline (*incident.Manager).
type Timeline interface {
	Record(ctx context.Context, tx store.Tx, id, actor, kind, message string, data json.RawMessage, ev notify.Event, details []notify.Field) (store.TimelineEvent, error)
}

// KindOutcome is the timeline event that tells what became of a pending
// transaction contained ahead of: prevented (reverted), landed, or never
// mined.
const KindOutcome = "pre_execution.outcome"

// KindOutbid is the timeline event that tells a pending transaction pays
// a priority fee the plan's cap does not let the containment beat.
const KindOutbid = "pre_execution.outbid"

// Actor is the guard's name on timelines.
const Actor = "breakglass/guard"

// Field names the guard adds to a pre-execution alert's Fields.
const (
	// FieldPreExecution is true on an alert raised on a pending
	// transaction's simulation.
	FieldPreExecution = "pre_execution"
	// FieldPendingTx is the pending transaction's hash.
	FieldPendingTx = "pending_tx"
	// FieldPendingSeen is when it was first seen (RFC 3339, UTC).
	FieldPendingSeen = "pending_seen"
	// FieldPendingTip is its effective priority fee, in wei.
	FieldPendingTip = "pending_tip"
	// FieldContainmentTip is the least priority fee given to the
	// containment, in wei.
	FieldContainmentTip = "containment_tip"
	// FieldOutbid is true when the cap kept the containment's tip from
	// going above the pending transaction's.
	FieldOutbid = "outbid"
)

// Config configures a Guard.
type Config struct {
	// Plan is the plan in force: which detectors may contain without a
	// human, and the network's mempool settings.
	Plan *plan.Plan
	// Network is the network guarded.
	Network string
	// ChainID is the network's chain id (to recover senders).
	ChainID *big.Int
	// Engine is compiled for Network alone and used by the guard only.
	Engine *detect.Engine
	Node   Node
	Store  store.Store
	// Incidents and Responder are the block path's (the pipeline's
	// Incidents and Contain stages run with them).
	Incidents pipeline.IncidentManager
	Responder pipeline.Responder
	// Observers hear of each batch the guard committed, with the time
	// from the pending transaction seen to the commit (the daemon wakes
	// the outbox with it). They must not block.
	Observers []pipeline.Observer
	// Workers is how many pending transactions are simulated at once
	// (default 4); Queue how many wait (default 1024; beyond it new ones
	// are dropped and counted).
	Workers, Queue int
	// SimTimeout bounds one simulation (default 2s).
	SimTimeout time.Duration
	// Metrics, if set, counts pending transactions by outcome.
	Metrics *Metrics
	// Timeline, if set, hears what became of each pending transaction
	// contained ahead of (KindOutcome), once mined or given up on after
	// FollowFor (default 10m).
	Timeline  Timeline
	FollowFor time.Duration
	Log       *slog.Logger
}

// Guard simulates pending transactions and acts first on what they would
// do.
type Guard struct {
	cfg    Config
	signer types.Signer
	maxTip *big.Int
	log    *slog.Logger

	mu sync.Mutex // the engine is not concurrent

	// headMu guards the latest header, read at most every headTTL:
	// simulations in a burst share it.
	headMu sync.Mutex
	head   *types.Header
	headAt time.Time
	// follows are the goroutines following contained pending
	// transactions to their outcome.
	follows sync.WaitGroup

	// ages classifies destinations for the queue's priorities.
	ages *ages
	// decoder and names read what a simulation would take from the
	// plan's contracts (names by address: contracts and tokens).
	decoder *forensics.Decoder
	names   map[common.Address]string
	// hasReads is true when the network's detectors read state (balance,
	// invariant, conditions with reads).
	hasReads bool

	// noDiff says once that the node's prestate tracer fails.
	noDiff sync.Once

	dropped   atomic.Uint64
	droppedBy [priorities]atomic.Uint64
	simulated atomic.Uint64
	failed    atomic.Uint64
	contained atomic.Uint64
}

// New checks cfg and returns its Guard.
func New(cfg Config) (*Guard, error) {
	if cfg.Plan == nil || cfg.Network == "" || cfg.ChainID == nil || cfg.Engine == nil || cfg.Node == nil || cfg.Store == nil ||
		cfg.Incidents == nil || cfg.Responder == nil {
		return nil, errors.New("guard: plan, network, chain id, engine, node, store, incidents and responder are required")
	}
	n := cfg.Plan.Network(cfg.Network)
	if n == nil {
		return nil, fmt.Errorf("guard: network %q is not in the plan", cfg.Network)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 1024
	}
	if cfg.SimTimeout <= 0 {
		cfg.SimTimeout = 2 * time.Second
	}
	if cfg.FollowFor <= 0 {
		cfg.FollowFor = 10 * time.Minute
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	maxTip := n.Mempool.MaxPriorityFee.Int()
	if !n.Mempool.MaxPriorityFee.IsSet() {
		if n.Fees.MaxFee.IsSet() {
			maxTip = n.Fees.MaxFee.Int()
		} else {
			maxTip, _ = plan.ParseAmount(plan.DefaultMaxFee)
		}
	}
	var protected []common.Address
	var known []forensics.Contract
	names := map[common.Address]string{}
	for _, c := range cfg.Plan.Contracts {
		if c.Network == cfg.Network {
			protected = append(protected, c.Address)
			known = append(known, forensics.Contract{Name: c.Name, Address: c.Address})
			names[c.Address] = c.Name
		}
	}
	dec, err := forensics.NewDecoder(known)
	if err != nil {
		return nil, fmt.Errorf("guard: %w", err)
	}
	return &Guard{cfg: cfg, signer: types.LatestSignerForChainID(cfg.ChainID), maxTip: maxTip, ages: newAges(protected),
		decoder: dec, names: names, hasReads: len(cfg.Engine.Reads(cfg.Network, 0)) > 0, log: cfg.Log.With("network", cfg.Network, "part", "guard")}, nil
}

// Stats are the guard's counters since it started (the outcomes of
// Metrics).
type Stats struct {
	Simulated, Failed, Dropped, Contained uint64
	// DroppedBy counts the dropped by priority (high, normal, low).
	DroppedBy map[string]uint64
}

// Stats returns the guard's counters.
func (g *Guard) Stats() Stats {
	st := Stats{Simulated: g.simulated.Load(), Failed: g.failed.Load(), Dropped: g.dropped.Load(), Contained: g.contained.Load(),
		DroppedBy: map[string]uint64{}}
	for pr := range priorities {
		st.DroppedBy[pr.String()] = g.droppedBy[pr].Load()
	}
	return st
}

// Run watches mp's pending transactions and inspects each until ctx ends.
// Simulation runs on Workers goroutines, most urgent first (Priority:
// creations, calls into protected or fresh contracts, then unclassified
// calls, then transfers and calls to old contracts). When they fall behind
// by more than Queue transactions, a new one takes the place of the oldest
// waiting one of a lower priority, or is dropped itself (Stats.Dropped,
// breakglass_mempool_dropped_total by priority), never blocking the
// watcher. A source without pending transactions is said at start, and
// Run then idles until ctx ends: the block path goes on alone.
func (g *Guard) Run(ctx context.Context, mp *chain.Mempool) error {
	q := newQueue(g.cfg.Queue)
	var wg sync.WaitGroup
	for range g.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ps, ok := q.popBatch(simBatch)
				if !ok {
					return
				}
				_, errs := g.inspectAll(ctx, ps)
				for i, p := range ps {
					if errs[i] != nil && ctx.Err() == nil {
						g.log.Warn("pending transaction not inspected", "tx", p.Tx.Hash(), "err", errs[i])
					}
					if to := p.Tx.To(); to != nil && len(p.Tx.Data()) > 0 && !g.ages.known(*to) {
						g.classify(ctx, *to)
					}
				}
			}
		}()
	}
	g.log.Info("pre-execution protection on: watching pending transactions", "max_priority_fee", g.maxTip)
	err := mp.Run(ctx, func(_ context.Context, p chain.Pending) {
		if dropped, pr := q.push(p, g.ages.priority(p)); dropped {
			g.drop(pr)
		}
	})
	q.close()
	wg.Wait()
	g.follows.Wait()
	if errors.Is(err, chain.ErrNoSubscription) {
		g.log.Warn("pre-execution protection off: no endpoint of the network serves pending transactions (no WebSocket subscription, no txpool_content); the block path goes on", "err", err)
		<-ctx.Done()
		return nil
	}
	return err
}

// simBatch is the most pending transactions a worker simulates in one
// batch of requests: under load, fewer round trips.
const simBatch = 8

// drop counts a pending transaction dropped unsimulated.
func (g *Guard) drop(pr Priority) {
	g.dropped.Add(1)
	g.droppedBy[pr].Add(1)
	g.cfg.Metrics.count(g.cfg.Network, OutcomeDropped)
	g.cfg.Metrics.dropped(g.cfg.Network, pr)
}

// classify asks the node whether addr had code FreshBlocks ago (old) or
// has code only now (fresh), for the priority of what calls it next. A
// node error leaves it unclassified.
func (g *Guard) classify(ctx context.Context, addr common.Address) {
	ctx, cancel := context.WithTimeout(ctx, g.cfg.SimTimeout)
	defer cancel()
	g.ages.mu.Lock()
	head := g.ages.head
	g.ages.mu.Unlock()
	var then, now hexutil.Bytes
	past := uint64(0)
	if head > FreshBlocks {
		past = head - FreshBlocks
	}
	if err := g.cfg.Node.CallContext(ctx, &then, "eth_getCode", addr, hexutil.EncodeUint64(past)); err != nil {
		return
	}
	if len(then) > 0 {
		g.ages.setOld(addr)
		return
	}
	if err := g.cfg.Node.CallContext(ctx, &now, "eth_getCode", addr, hexutil.EncodeUint64(head)); err != nil {
		return
	}
	if len(now) > 0 {
		g.ages.fresh(addr, head)
	} else {
		g.ages.setOld(addr) // no code: an account, not a contract
	}
}

// Verdict is what inspecting one pending transaction found and did.
type Verdict struct {
	// Alerts are the alerts stored for it (those whose detector may
	// contain without a human), marked pre_execution.
	Alerts []detect.Alert
	// Batch is the committed batch (its Outcomes are the incidents).
	Batch pipeline.Batch
	// MinTip is the containment's least priority fee; Outbid is true when
	// the cap held it at or below the pending transaction's tip.
	MinTip *big.Int
	Outbid bool
	// AtRisk is what the contracts the alerts are about would lose to the
	// pending transaction (its simulation's net outflows): the value
	// protected if it never lands.
	AtRisk []Value
	// Simulated and Committed are when the simulation ended and when the
	// batch committed.
	Simulated, Committed time.Time
	// StateRead is how long the state reads before and after the
	// transaction took (zero when it touched no contract of the plan or
	// the network's detectors read no state).
	StateRead time.Duration
}

// Inspect simulates p on the latest state, runs the detectors on the
// result and, when an alert may contain without a human, commits it with
// its incident and containment in one store transaction. A transaction
// that calls for nothing returns a zero Verdict.
func (g *Guard) Inspect(ctx context.Context, p chain.Pending) (Verdict, error) {
	vs, errs := g.inspectAll(ctx, []chain.Pending{p})
	return vs[0], errs[0]
}

// inspectAll is Inspect of several pending transactions, simulated in one
// batch of requests to the node.
func (g *Guard) inspectAll(ctx context.Context, ps []chain.Pending) ([]Verdict, []error) {
	sctx, cancel := context.WithTimeout(ctx, g.cfg.SimTimeout)
	defer cancel()
	sims, errs := g.simulateAll(sctx, ps)
	vs := make([]Verdict, len(ps))
	// A transaction that touches a contract of the plan is first run
	// through the detectors that need no state reads: when they already
	// call for containment, it is not delayed by the reads. The others
	// wait for the reads, made for all of them at once.
	var later []int
	for i, p := range ps {
		if errs[i] != nil {
			g.failed.Add(1)
			g.cfg.Metrics.count(g.cfg.Network, OutcomeFailed)
			continue
		}
		if g.wantsState(sims[i]) {
			if alerts := g.detectFast(sims[i]); len(alerts) > 0 {
				vs[i], errs[i] = g.judge(ctx, p, sims[i], alerts)
			} else {
				later = append(later, i)
			}
			continue
		}
		vs[i], errs[i] = g.judge(ctx, p, sims[i], g.detect(sims[i]))
	}
	if len(later) == 0 {
		return vs, errs
	}
	todo := make([]*simulation, len(later))
	for k, i := range later {
		todo[k] = sims[i]
	}
	g.readStates(sctx, todo)
	for _, i := range later {
		vs[i], errs[i] = g.judge(ctx, ps[i], sims[i], g.detect(sims[i]))
	}
	return vs, errs
}

// judge takes the detectors' alerts on the simulation of p and, when an
// alert may contain without a human, commits it with its incident and
// containment.
func (g *Guard) judge(ctx context.Context, p chain.Pending, sim *simulation, alerts []detect.Alert) (Verdict, error) {
	g.simulated.Add(1)
	g.cfg.Metrics.count(g.cfg.Network, OutcomeSimulated)
	b := sim.block
	v := Verdict{Simulated: time.Now(), StateRead: sim.read}
	alerts = g.actionable(alerts)
	if len(alerts) == 0 {
		return v, nil
	}
	pendingTip := effectiveTip(p.Tx, b.Header.BaseFee)
	v.MinTip, v.Outbid = g.tipAbove(pendingTip)
	for i := range alerts {
		a := &alerts[i]
		a.Fields[FieldPreExecution] = true
		a.Fields[FieldPendingTx] = p.Tx.Hash().Hex()
		a.Fields[FieldPendingSeen] = p.Seen.UTC().Format(time.RFC3339Nano)
		a.Fields[FieldPendingTip] = pendingTip.String()
		a.Fields[FieldContainmentTip] = v.MinTip.String()
		if v.Outbid {
			a.Fields[FieldOutbid] = true
		}
		a.Summary = "pre-execution (pending, not mined): " + a.Summary
	}
	v.Alerts = alerts
	batch := pipeline.Batch{Network: g.cfg.Network, Block: b, Detected: alerts}
	stages := pipeline.Stages{
		pipeline.StoreAlerts{},
		pipeline.Incidents{Manager: g.cfg.Incidents},
		preempt{responder: g.cfg.Responder, tip: v.MinTip},
	}
	err := g.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		var err error
		batch, err = stages.Exec(ctx, tx, batch)
		return err
	})
	if err != nil {
		return v, fmt.Errorf("pending tx %s: %w", p.Tx.Hash(), err)
	}
	v.Batch, v.Committed = batch, time.Now()
	v.AtRisk = g.atRisk(b.Traces[0], alerts)
	g.contained.Add(1)
	g.cfg.Metrics.count(g.cfg.Network, OutcomeContained)
	g.cfg.Metrics.observe(g.cfg.Network, v.Committed.Sub(p.Seen).Seconds())
	for _, o := range g.cfg.Observers {
		o.Committed(batch, v.Committed.Sub(p.Seen))
	}
	if g.cfg.Timeline != nil {
		var ids []string
		for _, o := range batch.Outcomes {
			if o.IncidentID != "" && !contains(ids, o.IncidentID) {
				ids = append(ids, o.IncidentID)
			}
		}
		if v.Outbid {
			g.recordOutbid(ctx, p.Tx.Hash(), pendingTip, v.MinTip, ids)
		}
		g.follows.Add(1)
		go func() {
			defer g.follows.Done()
			g.follow(ctx, p.Tx.Hash(), ids, v.AtRisk)
		}()
	}
	g.log.Info("pre-execution alert: containment queued ahead of a pending transaction", "tx", p.Tx.Hash(), "alerts", len(alerts),
		"pending_tip", pendingTip, "containment_tip", v.MinTip, "outbid", v.Outbid, "seen_to_commit", v.Committed.Sub(p.Seen), "state_read", v.StateRead)
	return v, nil
}

// follow records on the incidents' timelines what the pending
// transaction h would have taken (KindSimulated, value at risk), waits for
// it to be mined (or gives up after FollowFor) and records the outcome
// (KindOutcome): reverted is prevented, never mined too — the value at
// risk is then the value protected; succeeded means it landed anyway, and
// the block path goes on as for any exploit.
func (g *Guard) follow(ctx context.Context, h common.Hash, incidents []string, atRisk []Value) {
	if len(incidents) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, g.cfg.FollowFor)
	defer cancel()
	g.fillDecimals(ctx, atRisk)
	sim := fmt.Sprintf("simulated pending transaction %s: the protected contracts would lose %s", h.Hex(), describe(atRisk))
	g.record(ctx, incidents, KindSimulated, sim, SimulatedData{Tx: h.Hex(), ValueAtRisk: atRisk})
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	var rc *types.Receipt
wait:
	for {
		if r, err := g.cfg.Node.TransactionReceipt(ctx, h); err == nil && r != nil {
			rc = r
			break
		}
		select {
		case <-ctx.Done():
			break wait
		case <-t.C:
		}
	}
	if rc == nil && errors.Is(ctx.Err(), context.Canceled) {
		return // the guard stops; the block path sees what happens
	}
	data := OutcomeData{Tx: h.Hex()}
	var msg string
	switch {
	case rc == nil:
		data.Outcome, data.ValueProtected = ResultNotMined, atRisk
		msg = fmt.Sprintf("pending transaction %s was not mined within %s (dropped or replaced): value protected %s", h.Hex(), g.cfg.FollowFor, describe(atRisk))
	case rc.Status == types.ReceiptStatusSuccessful:
		data.Outcome, data.Block = ResultLanded, rc.BlockNumber.Uint64()
		msg = fmt.Sprintf("pending transaction %s landed anyway in block %d, before the containment took effect: not prevented; the block path goes on", h.Hex(), rc.BlockNumber)
	default:
		data.Outcome, data.Block, data.ValueProtected = ResultPrevented, rc.BlockNumber.Uint64(), atRisk
		msg = fmt.Sprintf("pending transaction %s reverted in block %d behind the containment: prevented; value protected %s", h.Hex(), rc.BlockNumber, describe(atRisk))
	}
	if g.record(ctx, incidents, KindOutcome, msg, data) {
		g.cfg.Metrics.outcome(g.cfg.Network, data, len(incidents))
		g.log.Info(msg, "incidents", incidents)
	}
}

// record writes one event on each incident's timeline, in one store
// transaction; it reports whether it did.
func (g *Guard) record(ctx context.Context, incidents []string, kind, msg string, data any) bool {
	raw, err := json.Marshal(data)
	if err != nil {
		g.log.Warn("encode a timeline event", "kind", kind, "err", err)
		return false
	}
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer wcancel()
	err = g.cfg.Store.Tx(wctx, func(tx store.Tx) error {
		for _, id := range incidents {
			if _, err := g.cfg.Timeline.Record(wctx, tx, id, Actor, kind, msg, raw, "", nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		g.log.Warn("record on the incidents' timelines", "kind", kind, "err", err)
		return false
	}
	return true
}

// describe writes values as "1.5 native from pool, 1000 dusd from pool".
func describe(vs []Value) string {
	if len(vs) == 0 {
		return "nothing"
	}
	var parts []string
	for _, v := range vs {
		parts = append(parts, FormatValue(v))
	}
	return strings.Join(parts, ", ")
}

// FormatValue writes v for people: the amount in whole tokens when its
// decimals are known (else in base units), the token and the contract.
func FormatValue(v Value) string {
	token, from := v.TokenLabel(), v.ContractLabel()
	if n, ok := new(big.Int).SetString(v.Amount, 10); ok && v.Decimals != nil {
		return fmt.Sprintf("%s from %s", units.Format(n, *v.Decimals, token), from)
	}
	return fmt.Sprintf("%s base units of %s from %s", v.Amount, token, from)
}

// recordOutbid tells the incidents that the pending transaction's tip is
// at or above what the plan lets a containment pay
// (networks[].mempool.max_priority_fee): the pause may land behind it.
func (g *Guard) recordOutbid(ctx context.Context, h common.Hash, pendingTip, tip *big.Int, incidents []string) {
	msg := fmt.Sprintf("outbid: pending transaction %s pays a priority fee of %s wei; the plan caps the containment's at %s wei (mempool.max_priority_fee), so the pause may land behind it",
		h.Hex(), pendingTip, tip)
	raw, _ := json.Marshal(map[string]any{"tx": h.Hex(), "pending_tip": pendingTip.String(), "containment_tip": tip.String()})
	err := g.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		for _, id := range incidents {
			if _, err := g.cfg.Timeline.Record(ctx, tx, id, Actor, KindOutbid, msg, raw, "", nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		g.log.Warn("record an outbid containment", "tx", h, "err", err)
	}
}

// actionable keeps the alerts whose detector may contain without a human
// and has a response: acting first is for what the plan lets run alone.
func (g *Guard) actionable(alerts []detect.Alert) []detect.Alert {
	out := alerts[:0]
	for _, a := range alerts {
		det := g.cfg.Plan.Detector(a.Detector)
		auto := false
		if det != nil && det.AutoContain != nil {
			auto = *det.AutoContain
		} else if s := g.cfg.Plan.Severity(a.Severity); s != nil {
			auto = s.AutoContain
		}
		if auto && len(a.Response) > 0 {
			out = append(out, a)
		}
	}
	return out
}

// tipAbove returns a priority fee above tip: tip plus a tenth, at least
// 1 gwei more, within the cap; outbid is true when the cap kept it at or
// below tip.
func (g *Guard) tipAbove(tip *big.Int) (*big.Int, bool) {
	step := new(big.Int).Div(tip, big.NewInt(10))
	if step.Cmp(big.NewInt(params.GWei)) < 0 {
		step = big.NewInt(params.GWei)
	}
	want := new(big.Int).Add(tip, step)
	if want.Cmp(g.maxTip) > 0 {
		want = new(big.Int).Set(g.maxTip)
	}
	return want, want.Cmp(tip) <= 0
}

// effectiveTip is what the miner orders tx by: its tip, within its fee
// cap less the base fee.
func effectiveTip(tx *types.Transaction, base *big.Int) *big.Int {
	if base == nil {
		return new(big.Int).Set(tx.GasTipCap())
	}
	tip, err := tx.EffectiveGasTip(base)
	if err != nil || tip.Sign() < 0 {
		return new(big.Int)
	}
	return tip
}

// callArgs are debug_traceCall's transaction arguments. Fees are left out:
// the simulation is about what the call does, not whether its sender can
// pay for it at today's prices.
type callArgs struct {
	From  common.Address  `json:"from"`
	To    *common.Address `json:"to,omitempty"`
	Gas   hexutil.Uint64  `json:"gas"`
	Value *hexutil.Big    `json:"value,omitempty"`
	Input hexutil.Bytes   `json:"input"`
}

// traceConfig asks for the call tracer with logs.
var traceConfig = map[string]any{"tracer": "callTracer", "tracerConfig": map[string]any{"withLog": true}}

// simulateAll traces each pending transaction on the latest state, in one
// batch of debug_traceCall requests, and returns the blocks the detectors
// take: the next block's header, the transaction, the receipt the trace
// implies (status, logs of the frames that did not revert) and the call
// tree. errs[i] is set where the i-th could not be simulated.
func (g *Guard) simulateAll(ctx context.Context, ps []chain.Pending) (sims []*simulation, errs []error) {
	sims, errs = make([]*simulation, len(ps)), make([]error, len(ps))
	head, err := g.latest(ctx)
	if err != nil {
		for i, p := range ps {
			errs[i] = fmt.Errorf("pending tx %s: head: %w", p.Tx.Hash(), err)
		}
		return sims, errs
	}
	froms := make([]common.Address, len(ps))
	frames := make([]chain.CallFrame, len(ps))
	diffs := make([]chain.StateDiff, len(ps))
	argsOf := make([]callArgs, len(ps))
	// The chain's head number before and after the traces (a node runs a
	// batch in order): when they agree, the traces saw that block's state,
	// and the state reads are made there too.
	var before, after hexutil.Uint64
	batch := []rpc.BatchElem{{Method: "eth_blockNumber", Result: &before}}
	var idx []int
	for i, p := range ps {
		tx := p.Tx
		if froms[i], err = types.Sender(g.signer, tx); err != nil {
			errs[i] = fmt.Errorf("pending tx %s: sender: %w", tx.Hash(), err)
			continue
		}
		args := callArgs{From: froms[i], To: tx.To(), Gas: hexutil.Uint64(tx.Gas()), Input: tx.Data()}
		if tx.Value().Sign() > 0 {
			args.Value = (*hexutil.Big)(tx.Value())
		}
		// The state is the latest even when the header read is up to
		// headTTL old: a contract deployed in the block just mined is
		// there for the exploit that calls it.
		// The prestate tracer's diff, in the same batch, is the state
		// after the transaction for the detectors that read state.
		argsOf[i] = args
		batch = append(batch,
			rpc.BatchElem{Method: "debug_traceCall", Args: []any{args, "latest", traceConfig}, Result: &frames[i]},
			rpc.BatchElem{Method: "debug_traceCall", Args: []any{args, "latest", chain.PrestateConfig}, Result: &diffs[i]})
		idx = append(idx, i)
	}
	if len(idx) == 0 {
		return sims, errs
	}
	batch = append(batch, rpc.BatchElem{Method: "eth_blockNumber", Result: &after})
	if err := g.cfg.Node.BatchCallContext(ctx, batch); err != nil {
		for _, i := range idx {
			errs[i] = fmt.Errorf("pending tx %s: debug_traceCall: %w", ps[i].Tx.Hash(), err)
		}
		return sims, errs
	}
	n := head.Number.Uint64()
	g.ages.setHead(n)
	for k, i := range idx {
		tx := ps[i].Tx
		if el := batch[1+2*k]; el.Error != nil {
			errs[i] = fmt.Errorf("pending tx %s: debug_traceCall: %w", tx.Hash(), el.Error)
			continue
		}
		sim := &simulation{head: head, args: argsOf[i]}
		switch {
		case batch[0].Error != nil || batch[len(batch)-1].Error != nil:
			// No pinned state: the reads would mix blocks.
		case before == after:
			sim.at = uint64(after)
		default:
			sim.at, sim.stale = uint64(after), true
		}
		if el := batch[2+2*k]; el.Error != nil {
			// Without the diff, the detectors that read state wait for
			// the block path.
			g.noDiff.Do(func() {
				g.log.Warn("the node's prestate tracer failed: balance and invariant detectors wait for the block path", "err", el.Error)
			})
		} else {
			sim.diff = &diffs[i]
		}
		if tx.To() == nil {
			g.ages.fresh(crypto.CreateAddress(froms[i], tx.Nonce()), n)
		}
		markCreated(&frames[i], func(a common.Address) { g.ages.fresh(a, n) })
		sim.block = g.block(head, tx, froms[i], &frames[i])
		sims[i] = sim
	}
	return sims, errs
}

// headTTL is how long a read header serves simulations (their one-
// transaction blocks' header; the state traced is always the latest): in
// a burst of pending transactions one header read serves many.
const headTTL = 100 * time.Millisecond

// latest returns the chain's latest header, read at most every headTTL.
func (g *Guard) latest(ctx context.Context) (*types.Header, error) {
	g.headMu.Lock()
	defer g.headMu.Unlock()
	if g.head != nil && time.Since(g.headAt) < headTTL {
		return g.head, nil
	}
	h, err := g.cfg.Node.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	g.head, g.headAt = h, time.Now()
	return h, nil
}

// markCreated calls fn with the contracts f's successful frames create.
func markCreated(f *chain.CallFrame, fn func(common.Address)) {
	if f.Error != "" {
		return
	}
	if (f.Type == "CREATE" || f.Type == "CREATE2") && f.To != nil {
		fn(*f.To)
	}
	for _, c := range f.Calls {
		markCreated(c, fn)
	}
}

// block builds the one-transaction block of a simulated transaction on top
// of head. Its header is deterministic (parent, number, head's time plus
// one second), so the same pending transaction yields alerts with the same
// keys whichever daemon simulates it.
func (g *Guard) block(head *types.Header, tx *types.Transaction, from common.Address, frame *chain.CallFrame) *chain.Block {
	h := &types.Header{
		ParentHash: head.Hash(),
		Number:     new(big.Int).Add(head.Number, big.NewInt(1)),
		Time:       head.Time + 1,
		GasLimit:   head.GasLimit,
		BaseFee:    head.BaseFee,
		Difficulty: new(big.Int),
		Extra:      []byte("breakglass pre-execution"),
	}
	status := types.ReceiptStatusSuccessful
	if frame.Error != "" {
		status = types.ReceiptStatusFailed
	}
	rc := &types.Receipt{
		Type: tx.Type(), Status: status, GasUsed: uint64(frame.GasUsed), CumulativeGasUsed: uint64(frame.GasUsed),
		TxHash: tx.Hash(), BlockHash: h.Hash(), BlockNumber: h.Number, TransactionIndex: 0,
	}
	if tx.To() == nil {
		rc.ContractAddress = crypto.CreateAddress(from, tx.Nonce())
	}
	if status == types.ReceiptStatusSuccessful {
		flattenLogs(frame, func(l chain.CallLog) {
			rc.Logs = append(rc.Logs, &types.Log{
				Address: l.Address, Topics: l.Topics, Data: l.Data, BlockNumber: h.Number.Uint64(),
				TxHash: tx.Hash(), TxIndex: 0, BlockHash: h.Hash(), Index: uint(len(rc.Logs)),
			})
		})
		rc.Bloom = types.CreateBloom(rc)
	}
	return &chain.Block{
		Network: g.cfg.Network, ChainID: g.cfg.ChainID, Header: h,
		Transactions: []*types.Transaction{tx}, Receipts: []*types.Receipt{rc},
		Senders: []common.Address{from}, Traces: []*chain.CallFrame{frame},
	}
}

// flattenLogs calls fn with the logs of f and the frames below it, in
// execution order, leaving out those of frames that reverted (they are not
// in a receipt either). A log's Position is the index of the first
// sub-call made after it.
func flattenLogs(f *chain.CallFrame, fn func(chain.CallLog)) {
	if f.Error != "" {
		return
	}
	li := 0
	for i, c := range f.Calls {
		for li < len(f.Logs) && int(f.Logs[li].Position) <= i {
			fn(f.Logs[li])
			li++
		}
		flattenLogs(c, fn)
	}
	for ; li < len(f.Logs); li++ {
		fn(f.Logs[li])
	}
}

// preempt is the Contain stage of a pre-execution batch: it proposes the
// containment as the block path does, then gives each action it queued
// the least priority fee that puts it ahead of the pending transaction.
// It runs inside the batch's transaction, before the outbox can see the
// action.
type preempt struct {
	responder pipeline.Responder
	tip       *big.Int
}

// Exec implements pipeline.Stage.
func (s preempt) Exec(ctx context.Context, tx store.Tx, b pipeline.Batch) (pipeline.Batch, error) {
	var incidents []string
	before := map[int64]bool{}
	for _, o := range b.Outcomes {
		if o.IncidentID == "" || contains(incidents, o.IncidentID) {
			continue
		}
		incidents = append(incidents, o.IncidentID)
		acts, err := tx.Actions(ctx, o.IncidentID)
		if err != nil {
			return b, fmt.Errorf("actions of incident %s: %w", o.IncidentID, err)
		}
		for _, a := range acts {
			before[a.ID] = true
		}
	}
	b, err := pipeline.Contain{Responder: s.responder}.Exec(ctx, tx, b)
	if err != nil {
		return b, err
	}
	for _, id := range incidents {
		acts, err := tx.Actions(ctx, id)
		if err != nil {
			return b, fmt.Errorf("actions of incident %s: %w", id, err)
		}
		for _, a := range acts {
			var p respond.Params
			if err := json.Unmarshal(a.Params, &p); err != nil {
				return b, fmt.Errorf("action %d: decode params: %w", a.ID, err)
			}
			switch {
			case !before[a.ID] && a.Status == respond.StatusApproved:
				// Queued by this batch: sent first at the tip.
			case before[a.ID] && p.MinTip != "" && reprice(a.Status) && tipBelow(p.MinTipWei(), s.tip):
				// Already racing an earlier version of this exploit, which
				// its sender replaced with a higher fee: the containment's
				// transaction is replaced at once (txmgr asks MinTipNow).
			default:
				continue
			}
			p.MinTip = s.tip.String()
			if a.Params, err = json.Marshal(p); err != nil {
				return b, fmt.Errorf("action %d: encode params: %w", a.ID, err)
			}
			if _, err := tx.UpdateAction(ctx, a); err != nil {
				return b, fmt.Errorf("action %d: set its priority fee: %w", a.ID, err)
			}
		}
	}
	return b, nil
}

// reprice reports whether an action in this status may still have its
// transaction's fee raised.
func reprice(status respond.Status) bool {
	return status == respond.StatusApproved || status == respond.StatusExecuting || status == respond.StatusSubmitted
}

func tipBelow(have, want *big.Int) bool { return have == nil || have.Cmp(want) < 0 }

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
