package detect

import (
	"encoding/hex"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/expr-lang/expr/vm"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Engine runs compiled detectors over blocks. It is not safe for
// concurrent use: one engine per follower, blocks in order.
type Engine struct {
	dets      []*detector
	nets      map[string]*netIndex
	contracts map[string]common.Address
	state     State
	// tokens are the tokens conditions count in, by network/address
	tokens map[string]*tokenInfo
	// events decodes tx.events
	events eventTable
	// decodeCache holds the block's decoded reads (see prepareExt)
	decodeCache []any
	// noReads is true while a block is processed without reads (a
	// pending transaction's): detectors that read state wait.
	noReads bool
	// blockOrder is the order of block-level matches (after every tx)
	blockOrder int

	// curTx is the transaction of tx, whose value is filled when
	// txValueSet (see fillTxValue)
	curTx      *types.Transaction
	txValueSet bool
	// selectors are the text of the selectors seen (tx.selector)
	selectors map[[4]byte]string

	// scratch, reused across calls
	vm      vm.VM
	matches []match
	tx      txEnv
	block   blockEnv
	log     logEnv
	call    callEnv
	// blockNet caches the block's net outflows for tvl-outflow
	blockNet map[flowKey]*big.Int
	// lastPrice is each pool's price at its last Sync, for
	// intra-tx-price-swing (kept in memory: after a restart the first
	// transaction of a pool only sets it)
	lastPrice map[common.Address]*big.Int
	// stats, by detector index, is what the detectors did in the current
	// Process call, touched the indexes it holds something for; seq counts
	// every detector's evaluations (for the sampling of their time) from
	// epoch. All nil when the engine has no Metrics.
	stats   []detStat
	touched []int
	seq     []uint32
	epoch   time.Time

	// groups are every index's groups; ixTouched those that decided
	// something in the current Process call (with Metrics); cands is
	// pick's scratch (condindex.go).
	groups    []*cmpGroup
	ixTouched []*cmpGroup
	cands     []cand
}

// netIndex is what the engine watches on one network.
type netIndex struct {
	name string
	// native is the symbol of the network's native currency (amounts of
	// it are shown in units, e.g. "100 ETH").
	native string
	events map[logKey]*eventMatch
	calls  map[callKey]*callMatch
	// selectors are those of calls
	selectors map[[4]byte]bool
	txByAddr  map[common.Address][]*detector
	txAny     []*detector
	monitored map[common.Address]string
	heur      []*detector
	block     []*detector
	reads     []Call
	readIdx   map[string]int
	// extDets are the detectors whose conditions read state; tokens the
	// tokens whose decimals conditions need
	extDets []*detector
	tokens  []*tokenInfo
	// scopeEvents, scopeCalls: some condition uses tx.events, tx.calls
	scopeEvents, scopeCalls bool
	// evReads are the block's event sums and counts, by (address, topic0);
	// flowReads its outflows
	evReads   map[logKey][]*condRead
	flowReads []*condRead
	traces    bool
	// traceWatch are the addresses whose transactions need traces.
	traceWatch map[common.Address]bool
	// traceCfg is the plan's tuning of the network's traces.
	traceCfg plan.Traces
	flows    bool
	created  bool
	// txIx and txAnyIx index txByAddr's and txAny's detectors (nil
	// where there are too few; see condindex.go)
	txIx    map[common.Address]*condIndex
	txAnyIx *condIndex
	// counters, by detector index, are the detectors' metrics on this
	// network; nil without Metrics.
	counters []detCounters
}

type logKey struct {
	addr   common.Address
	topic0 common.Hash
}

type callKey struct {
	addr     common.Address
	selector [4]byte
}

// argMatch is the detectors watching one (address, topic0) or one
// (address, selector), sharing one decoded environment: its context (tx,
// block, log or call, contract, contracts) is set once, the arguments the
// conditions read on every log or call (need), the others when an alert
// needs them. S is the event's or method's spec.
type argMatch[S any] struct {
	spec  S
	dets  []*detector
	env   map[string]any
	need  argNeeds
	slots argSlots
	// ready: env's context is set
	ready bool
	// ix indexes dets, nil when they are too few (condindex.go)
	ix *condIndex
}

// eventMatch is the detectors watching one (address, topic0).
type eventMatch = argMatch[*eventSpec]

// callMatch is the detectors watching one (address, selector).
type callMatch = argMatch[*methodSpec]

// txEnv is `tx` in conditions: the transaction with its own receipt.
type txEnv struct {
	Hash     common.Hash    `expr:"hash"`
	Index    int            `expr:"index"`
	From     common.Address `expr:"from"`
	To       common.Address `expr:"to"`
	Create   bool           `expr:"create"`
	Value    *big.Int       `expr:"value"`
	Gas      int            `expr:"gas"`
	GasUsed  int            `expr:"gasUsed"`
	GasPrice *big.Int       `expr:"gasPrice"`
	Nonce    int            `expr:"nonce"`
	Status   int            `expr:"status"`
	Success  bool           `expr:"success"`
	Reverted bool           `expr:"reverted"`
	Selector string         `expr:"selector"`
	// Events and Calls are the transaction scope (see txscope.go).
	Events []txEvent `expr:"events"`
	Calls  []txCall  `expr:"calls"`
}

// blockEnv is `block` in conditions.
type blockEnv struct {
	Number    int         `expr:"number"`
	Timestamp int         `expr:"timestamp"`
	Hash      common.Hash `expr:"hash"`
}

// logEnv is `log` in event conditions.
type logEnv struct {
	Index   int            `expr:"index"`
	Address common.Address `expr:"address"`
}

// zeroValue is the value of a call frame without one; read only, like
// every value conditions get (their operators make new values).
var zeroValue = new(big.Int)

// callEnv is `call` in function conditions: the matched call frame.
type callEnv struct {
	From     common.Address `expr:"from"`
	To       common.Address `expr:"to"`
	Value    *big.Int       `expr:"value"`
	Depth    int            `expr:"depth"`
	Type     string         `expr:"type"`
	Reverted bool           `expr:"reverted"`
}

// match is a detector whose condition held, before thresholds and
// cooldowns.
type match struct {
	det      *detector
	order    int // tx index, or len(txs) for block-level
	txIndex  int
	logIndex int
	txHash   common.Hash
	contract common.Address
	fields   map[string]any
	summary  string
	// degraded: the detector could not be evaluated (see Engine.degrade)
	degraded bool
}

func (e *Engine) net(name string) *netIndex {
	ni := e.nets[name]
	if ni == nil {
		ni = &netIndex{
			name:       name,
			events:     map[logKey]*eventMatch{},
			calls:      map[callKey]*callMatch{},
			selectors:  map[[4]byte]bool{},
			txByAddr:   map[common.Address][]*detector{},
			monitored:  map[common.Address]string{},
			readIdx:    map[string]int{},
			traceWatch: map[common.Address]bool{},
		}
		e.nets[name] = ni
	}
	return ni
}

// networksOf lists the networks a detector runs on.
func (e *Engine) networksOf(det *detector) []*netIndex {
	if det.network != "" {
		if ni := e.nets[det.network]; ni != nil {
			return []*netIndex{ni}
		}
		return nil
	}
	out := make([]*netIndex, 0, len(e.nets))
	for _, name := range sortedNetNames(e.nets) {
		out = append(out, e.nets[name])
	}
	return out
}

func sortedNetNames(m map[string]*netIndex) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// addEvent indexes det under (addr, the event's topic0).
func (ni *netIndex) addEvent(addr common.Address, spec *eventSpec, det *detector) {
	k := logKey{addr, spec.event.ID}
	m := ni.events[k]
	if m == nil {
		// env and slots are made at the match's first log: most of a
		// large plan's matches (a heuristic's on every contract) never see
		// one
		m = &eventMatch{spec: spec}
		ni.events[k] = m
	}
	m.dets = append(m.dets, det)
	m.need.add(det, m.spec.names)
}

// addRead adds an eth_call to the block's reads, once, and returns its
// index.
func (ni *netIndex) addRead(c Call) int {
	k := c.Method + c.To.Hex() + string(c.Data)
	if i, ok := ni.readIdx[k]; ok {
		return i
	}
	ni.reads = append(ni.reads, c)
	ni.readIdx[k] = len(ni.reads) - 1
	return len(ni.reads) - 1
}

func (e *Engine) register(det *detector) {
	for _, ni := range e.networksOf(det) {
		e.registerExt(ni, det)
		switch det.kind {
		case "event":
			ni.addEvent(det.contract, det.event, det)
		case "function":
			k := callKey{det.contract, [4]byte(det.method.method.ID)}
			m := ni.calls[k]
			if m == nil {
				m = &callMatch{spec: det.method}
				ni.calls[k] = m
			}
			m.dets = append(m.dets, det)
			m.need.add(det, m.spec.names)
			ni.selectors[k.selector] = true
			ni.traces = true
			ni.traceWatch[det.contract] = true
		case "transaction":
			if det.hasContract {
				ni.txByAddr[det.contract] = append(ni.txByAddr[det.contract], det)
			} else {
				ni.txAny = append(ni.txAny, det)
			}
		case "balance", "invariant":
			ni.block = append(ni.block, det)
			e.registerReads(ni, det)
		case "heuristic":
			e.registerHeuristic(ni, det)
		}
	}
}

// TraceScope returns which transactions of the network's blocks need call
// traces (Block.Traces; nil when none does): function detectors see
// internal calls, and the heuristics follow native value through them, so
// the transactions that touch a contract of a function detector or a
// contract the heuristics watch — or every transaction, with the plan's
// networks[].traces.all. Without traces, function detectors see top-level
// calls only.
func (e *Engine) TraceScope(network string) *chain.TraceScope {
	ni := e.nets[network]
	if ni == nil || !ni.traces {
		return nil
	}
	watch := maps.Clone(ni.traceWatch)
	if len(ni.heur) > 0 {
		// The heuristics follow value in and out of every monitored
		// contract.
		for a := range ni.monitored {
			watch[a] = true
		}
	}
	sc := &chain.TraceScope{Watch: watch, All: ni.traceCfg.All, Timeout: time.Duration(ni.traceCfg.Timeout)}
	if m := ni.traceCfg.Method; m != plan.TraceAuto {
		sc.Method = m
	}
	return sc
}

// Detectors returns the names of the compiled detectors, in plan order.
func (e *Engine) Detectors() []string {
	out := make([]string, len(e.dets))
	for i, d := range e.dets {
		out[i] = d.name
	}
	return out
}

// Process runs every detector of b.Network over b and returns the alerts in
// order of transaction index, log index and detector order (alerts about
// the block as a whole last). reads are the results of Reads(b.Network,
// b.Number()) made at this block; nil when there are none. Process updates
// the engine's State.
func (e *Engine) Process(b *chain.Block, reads ReadResults) []Alert {
	ni := e.nets[b.Network]
	if ni == nil {
		return nil
	}
	e.matches = e.matches[:0]
	e.blockNet = nil
	e.block = blockEnv{Number: int(b.Header.Number.Int64()), Timestamp: int(b.Header.Time), Hash: b.Hash()}
	e.blockOrder = len(b.Transactions)
	e.noReads = reads == nil
	e.resetTx()
	if len(ni.extDets) > 0 || len(ni.tokens) > 0 {
		e.prepareExt(ni, b, reads)
	}
	for i, tx := range b.Transactions {
		if i >= len(b.Receipts) {
			break
		}
		r := b.Receipts[i]
		txReady := false
		ensureTx := func() {
			if !txReady {
				e.fillTx(b, i, tx, r)
				if ni.scopeEvents || ni.scopeCalls {
					e.fillScope(ni, b, i)
				}
				txReady = true
			}
		}
		if ni.created {
			e.recordCreations(ni, b, i)
		}
		// transaction detectors, on the transaction's own receipt
		if len(ni.txByAddr) > 0 || len(ni.txAny) > 0 {
			e.matchTx(ni, b, i, tx, ensureTx)
		}
		// function detectors: internal calls from the trace, or the top-level
		// call without one
		if len(ni.calls) > 0 {
			e.matchCalls(ni, b, i, tx, ensureTx)
		}
		// event detectors
		for _, lg := range r.Logs {
			if len(lg.Topics) == 0 {
				continue
			}
			m := ni.events[logKey{lg.Address, lg.Topics[0]}]
			if m == nil {
				continue
			}
			ensureTx()
			e.matchLog(ni, b, i, lg, m)
		}
		if len(ni.heur) > 0 {
			e.runHeuristics(ni, b, i, reads, ensureTx)
		}
	}
	if len(ni.block) > 0 {
		e.runBlockDetectors(ni, b, reads)
	}
	if len(e.matches) == 0 {
		e.flush(ni)
		return nil
	}
	sortMatches(e.matches)
	alerts := e.gate(b)
	e.flush(ni)
	markUntraced(alerts, b.Untraced)
	return alerts
}

// sortMatches sorts matches by transaction, log and detector (stable:
// one detector's matches of the same place stay in the order they were
// made).
func sortMatches(ms []match) {
	slices.SortStableFunc(ms, func(a, b match) int {
		if a.order != b.order {
			return a.order - b.order
		}
		if a.logIndex != b.logIndex {
			return a.logIndex - b.logIndex
		}
		return a.det.idx - b.det.idx
	})
}

// markUntraced marks the alerts about transactions whose traces timed out:
// their detectors saw the top-level call only.
func markUntraced(alerts []Alert, untraced []int) {
	if len(untraced) == 0 {
		return
	}
	for i := range alerts {
		if a := &alerts[i]; slices.Contains(untraced, a.TxIndex) {
			if a.Fields == nil {
				a.Fields = map[string]any{}
			}
			a.Fields["untraced"] = true
			a.Summary += " (untraced: the node's trace timed out, internal calls not seen)"
		}
	}
}

// resetTx sets the tx environment to no transaction (a block-level
// detector's).
func (e *Engine) resetTx() {
	e.tx = txEnv{Index: -1, Value: new(big.Int), GasPrice: new(big.Int)}
	e.curTx, e.txValueSet = nil, false
}

// fillTx sets the tx environment from the transaction and its receipt,
// but for its value and selector: see fillTxValue.
func (e *Engine) fillTx(b *chain.Block, i int, tx *types.Transaction, r *types.Receipt) {
	t := &e.tx
	e.curTx, e.txValueSet = tx, false
	*t = txEnv{
		Hash:     tx.Hash(),
		Index:    i,
		Gas:      int(tx.Gas()),
		GasUsed:  int(r.GasUsed),
		GasPrice: r.EffectiveGasPrice,
		Nonce:    int(tx.Nonce()),
		Status:   int(r.Status),
		Success:  r.Status == types.ReceiptStatusSuccessful,
		Reverted: r.Status != types.ReceiptStatusSuccessful,
	}
	if t.GasPrice == nil {
		t.GasPrice = tx.GasPrice()
	}
	if i < len(b.Senders) {
		t.From = b.Senders[i]
	}
	if to := tx.To(); to != nil {
		t.To = *to
	} else {
		t.Create = true
		t.To = r.ContractAddress
	}
}

// fillTxValue sets tx.value and tx.selector of the current transaction,
// when a detector reads them: its value is a copy (an allocation) and
// most conditions do not look at it.
func (e *Engine) fillTxValue() {
	if e.txValueSet || e.curTx == nil {
		return
	}
	e.txValueSet = true
	e.tx.Value = e.curTx.Value()
	if data := e.curTx.Data(); len(data) >= 4 {
		e.tx.Selector = e.selector([4]byte(data[:4]))
	}
}

// maxSelectors bounds the selectors' text kept by selector.
const maxSelectors = 4096

// selector is "0x" and the selector's hex, made once per selector.
func (e *Engine) selector(sel [4]byte) string {
	if s, ok := e.selectors[sel]; ok {
		return s
	}
	if e.selectors == nil || len(e.selectors) >= maxSelectors {
		e.selectors = make(map[[4]byte]string)
	}
	s := "0x" + hex.EncodeToString(sel[:])
	e.selectors[sel] = s
	return s
}

// eval runs a compiled condition; a nil program is always true. A
// condition that fails at run time (a read that reverted, a division by
// zero, a missing value) does not match: the detector is degraded, which
// an alert says when it starts (never a silent false). A condition that
// reads state is not evaluated on a block without reads.
func (e *Engine) eval(det *detector, env map[string]any) bool {
	return e.evalIn(det, env, nil)
}

// evalIn is eval with what the fast comparisons of the detectors before
// looked up in env (fc, nil when env is not the same from one to the
// next).
func (e *Engine) evalIn(det *detector, env map[string]any, fc *fastCache) bool {
	if det.cond == nil {
		return true
	}
	if e.skipExt(det) {
		return false
	}
	if det.txValue {
		e.fillTxValue()
	}
	if det.fast != nil {
		if ok, done := det.fast.eval(e, env, fc); done {
			e.state.Detectors[det.idx].Degraded = false
			return ok
		}
	}
	out, err := e.vm.Run(det.cond, env)
	if err != nil {
		e.degrade(det, err)
		return false
	}
	e.state.Detectors[det.idx].Degraded = false
	ok, _ := out.(bool)
	return ok
}

func (e *Engine) setContext(env map[string]any, contract common.Address) {
	env["tx"] = &e.tx
	env["block"] = &e.block
	env["contract"] = contract
	env["contracts"] = e.contracts
}

func (e *Engine) matchLog(ni *netIndex, b *chain.Block, txi int, lg *types.Log, m *eventMatch) {
	env := m.env
	spec := m.spec
	if len(lg.Topics)-1 != len(spec.indexed) {
		return
	}
	if env == nil {
		env = make(map[string]any, len(spec.names)+6)
		m.env, m.slots = env, newArgSlots(len(spec.names))
	}
	topics := lg.Topics[1:]
	if l := spec.layout; l != nil {
		if !l.decodeNeeded(env, spec.names, &m.need, &m.slots, topics, lg.Data) {
			return
		}
	} else {
		if err := spec.nonIndexed.UnpackIntoMap(env, lg.Data); err != nil {
			return
		}
		if len(spec.indexed) > 0 {
			if err := abi.ParseTopicsIntoMap(env, spec.indexed, topics); err != nil {
				return
			}
		}
		for _, n := range spec.names {
			env[n] = normalize(env[n])
		}
	}
	e.log = logEnv{Index: int(lg.Index), Address: lg.Address}
	if !m.ready {
		e.setContext(env, lg.Address)
		env["log"] = &e.log
		m.ready = true
	}
	e.matchLogDetectors(ni, b, txi, lg, m)
}

// matchLogDetectors evaluates the detectors of m on a decoded log (m.env
// holds its arguments for them all): through m's index when it has one,
// else one by one.
func (e *Engine) matchLogDetectors(ni *netIndex, b *chain.Block, txi int, lg *types.Log, m *eventMatch) {
	fc := fastCache{engineTx: true}
	dets := m.dets
	if m.ix != nil {
		dets = m.ix.rest
	}
	for _, det := range dets {
		started := e.start(det)
		if det.heur != nil {
			e.privileged(ni, det, b, txi, lg, m.spec, m.env)
		} else if e.evalIn(det, m.env, &fc) {
			e.logMatch(det, txi, lg, m)
		}
		e.stop(det, started)
	}
	if m.ix == nil {
		return
	}
	for _, c := range e.pick(m.ix, m.env, &fc) {
		started := e.start(c.det)
		if e.evalCand(c, m.env, &fc) {
			e.logMatch(c.det, txi, lg, m)
		}
		e.stop(c.det, started)
	}
}

// logMatch records the match of an event detector whose condition held on
// a decoded log.
func (e *Engine) logMatch(det *detector, txi int, lg *types.Log, m *eventMatch) {
	spec, env := m.spec, m.env
	if l := spec.layout; l != nil && !m.need.all {
		l.decodeAll(env, spec.names, &m.slots, lg.Topics[1:], lg.Data)
	}
	fields := make(map[string]any, len(spec.names))
	for _, n := range spec.names {
		fields[n] = env[n]
	}
	jf := jsonFields(fields)
	e.matches = append(e.matches, match{
		det: det, order: txi, txIndex: txi, logIndex: int(lg.Index), txHash: e.tx.Hash,
		contract: lg.Address, fields: jf,
		summary: fmt.Sprintf("%s: %s on %s in tx %s", det.name, summarize(spec.event.Name, spec.names, jf),
			det.contractName, short(e.tx.Hash.Hex())),
	})
}

func (e *Engine) matchTx(ni *netIndex, b *chain.Block, i int, tx *types.Transaction, ensureTx func()) {
	var to common.Address
	if t := tx.To(); t != nil {
		to = *t
	} else if i < len(b.Receipts) {
		to = b.Receipts[i].ContractAddress
	}
	var from common.Address
	if i < len(b.Senders) {
		from = b.Senders[i]
	}
	// One environment per contract for all its detectors: conditions only
	// read it, and tx and block point at the engine's.
	var env map[string]any
	var envOf common.Address
	fc := fastCache{engineTx: true}
	envFor := func(contract common.Address) map[string]any {
		if env == nil || envOf != contract {
			env, envOf = make(map[string]any, 4), contract
			e.setContext(env, contract)
		}
		return env
	}
	// run evaluates det (matched: an index found its condition holds)
	run := func(det *detector, contract common.Address, matched bool) {
		started := e.start(det)
		defer e.stop(det, started)
		ensureTx()
		e.fillTxValue()
		env := envFor(contract)
		if !matched && !e.evalIn(det, env, &fc) {
			return
		}
		fields := map[string]any{
			"from": e.tx.From, "to": e.tx.To, "value": e.tx.Value, "status": e.tx.Status,
			"gas": e.tx.Gas, "gasUsed": e.tx.GasUsed,
		}
		jf := jsonFields(fields)
		status := "succeeded"
		if e.tx.Reverted {
			status = "reverted"
		}
		e.matches = append(e.matches, match{
			det: det, order: i, txIndex: i, logIndex: -1, txHash: e.tx.Hash, contract: contract, fields: jf,
			summary: fmt.Sprintf("%s: tx %s from %s to %s (value %s wei) %s", det.name, short(e.tx.Hash.Hex()),
				short(e.tx.From.Hex()), short(e.tx.To.Hex()), e.tx.Value, status),
		})
	}
	// runAll runs dets, through their index ix when not nil
	runAll := func(dets []*detector, ix *condIndex, contract common.Address) {
		if ix == nil {
			for _, det := range dets {
				run(det, contract, false)
			}
			return
		}
		for _, det := range ix.rest {
			run(det, contract, false)
		}
		ensureTx()
		e.fillTxValue()
		for _, c := range e.pick(ix, envFor(contract), &fc) {
			run(c.det, contract, c.kind == candMatch)
		}
	}
	// detectors of a contract the transaction is to or from
	if dets := ni.txByAddr[to]; len(dets) > 0 {
		runAll(dets, ni.txIx[to], to)
	}
	if from != to {
		if dets := ni.txByAddr[from]; len(dets) > 0 {
			runAll(dets, ni.txIx[from], from)
		}
	}
	if len(ni.txAny) > 0 {
		var touched common.Address
		switch {
		case ni.monitored[to] != "":
			touched = to
		case ni.monitored[from] != "":
			touched = from
		case ni.scopeEvents || ni.scopeCalls:
			// a detector that looks into the transaction (tx.events,
			// tx.calls) also sees those that reach a monitored contract
			// from inside: a log it emitted, a call it received
			var ok bool
			if touched, ok = touchedInside(ni, b, i); !ok {
				return
			}
			for _, det := range ni.txAny {
				if det.ext != nil && (det.ext.scopeEvents || det.ext.scopeCalls) {
					run(det, touched, false)
				}
			}
			return
		default:
			return
		}
		runAll(ni.txAny, ni.txAnyIx, touched)
	}
}

// touchedInside returns the first monitored contract that emitted a log
// of transaction i or was called inside it.
func touchedInside(ni *netIndex, b *chain.Block, i int) (common.Address, bool) {
	for _, lg := range b.Receipts[i].Logs {
		if ni.monitored[lg.Address] != "" {
			return lg.Address, true
		}
	}
	if b.Traces == nil || i >= len(b.Traces) || b.Traces[i] == nil {
		return common.Address{}, false
	}
	var found *common.Address
	walkFrames(b.Traces[i], 0, false, func(f *chain.CallFrame, _ int, _ bool) {
		if found == nil && f.To != nil && ni.monitored[*f.To] != "" {
			found = f.To
		}
	})
	if found == nil {
		return common.Address{}, false
	}
	return *found, true
}

func (e *Engine) matchCalls(ni *netIndex, b *chain.Block, i int, tx *types.Transaction, ensureTx func()) {
	visit := func(f *chain.CallFrame, depth int, reverted bool) {
		if f.To == nil || len(f.Input) < 4 {
			return
		}
		m := ni.calls[callKey{*f.To, [4]byte(f.Input[:4])}]
		if m == nil {
			return
		}
		ensureTx()
		value := zeroValue
		if f.Value != nil {
			value = f.Value.ToInt()
		}
		e.call = callEnv{From: f.From, To: *f.To, Value: value, Depth: depth, Type: f.Type, Reverted: reverted}
		e.matchCall(m, i, *f.To, f.Input[4:])
	}
	if b.Traces != nil && i < len(b.Traces) && b.Traces[i] != nil {
		walkFrames(b.Traces[i], 0, false, visit)
		return
	}
	// the selector first: go-ethereum copies a transaction's recipient and
	// value, which most transactions need not pay for
	data := tx.Data()
	if len(data) < 4 || !ni.selectors[[4]byte(data[:4])] {
		return
	}
	to := tx.To()
	if to == nil || ni.calls[callKey{*to, [4]byte(data[:4])}] == nil {
		return
	}
	var from common.Address
	if i < len(b.Senders) {
		from = b.Senders[i]
	}
	reverted := b.Receipts[i].Status != types.ReceiptStatusSuccessful
	f := &chain.CallFrame{Type: "CALL", From: from, To: to, Input: data}
	if v := tx.Value(); v.Sign() != 0 {
		f.Value = (*hexutil.Big)(v)
	}
	visit(f, 0, reverted)
}

// walkFrames visits every frame depth first; reverted is true inside a
// frame that failed.
func walkFrames(f *chain.CallFrame, depth int, reverted bool, fn func(*chain.CallFrame, int, bool)) {
	reverted = reverted || f.Error != ""
	fn(f, depth, reverted)
	for _, c := range f.Calls {
		walkFrames(c, depth+1, reverted, fn)
	}
}

func (e *Engine) matchCall(m *callMatch, txi int, contract common.Address, data []byte) {
	env := m.env
	spec := m.spec
	if env == nil {
		env = make(map[string]any, len(spec.names)+6)
		m.env, m.slots = env, newArgSlots(len(spec.names))
	}
	if l := spec.layout; l != nil {
		if !l.decodeNeeded(env, spec.names, &m.need, &m.slots, nil, data) {
			return
		}
	} else {
		if err := spec.inputs.UnpackIntoMap(env, data); err != nil {
			return
		}
		for _, n := range spec.names {
			env[n] = normalize(env[n])
		}
	}
	if !m.ready {
		e.setContext(env, contract)
		env["call"] = &e.call
		m.ready = true
	}
	dets := m.dets
	if m.ix != nil {
		dets = m.ix.rest
	}
	for _, det := range dets {
		started := e.start(det)
		if e.eval(det, env) {
			e.callMatch(det, txi, contract, m, data)
		}
		e.stop(det, started)
	}
	if m.ix == nil {
		return
	}
	for _, c := range e.pick(m.ix, env, nil) {
		started := e.start(c.det)
		if e.evalCand(c, env, nil) {
			e.callMatch(c.det, txi, contract, m, data)
		}
		e.stop(c.det, started)
	}
}

// callMatch records the match of a function detector whose condition held
// on a decoded call.
func (e *Engine) callMatch(det *detector, txi int, contract common.Address, m *callMatch, data []byte) {
	spec, env := m.spec, m.env
	if l := spec.layout; l != nil && !m.need.all {
		l.decodeAll(env, spec.names, &m.slots, nil, data)
	}
	fields := make(map[string]any, len(spec.names)+3)
	for _, n := range spec.names {
		fields[n] = env[n]
	}
	jf := jsonFields(fields)
	jf["call.from"] = e.call.From.Hex()
	jf["call.depth"] = e.call.Depth
	jf["call.value"] = e.call.Value.String()
	e.matches = append(e.matches, match{
		det: det, order: txi, txIndex: txi, logIndex: -1, txHash: e.tx.Hash, contract: contract, fields: jf,
		summary: fmt.Sprintf("%s: %s called on %s by %s at depth %d in tx %s", det.name,
			summarize(spec.method.Name, spec.names, jf), det.contractName, short(e.call.From.Hex()),
			e.call.Depth, short(e.tx.Hash.Hex())),
	})
}

// gate applies thresholds and cooldowns, in match order, and builds the
// alerts.
func (e *Engine) gate(b *chain.Block) []Alert {
	now := time.Unix(int64(b.Header.Time), 0).UTC()
	var out []Alert
	for _, m := range e.matches {
		st := &e.state.Detectors[m.det.idx]
		fields := m.fields
		if m.degraded {
			a := e.alertOf(b, m, now, nil)
			a.IncidentType = IncidentDegraded
			out = append(out, a)
			continue
		}
		extFields(m.det, fields)
		if m.det.threshold > 1 {
			cut := now.Add(-m.det.window).Unix()
			kept := st.Matches[:0]
			for _, t := range st.Matches {
				if int64(t) > cut {
					kept = append(kept, t)
				}
			}
			st.Matches = append(kept, uint64(now.Unix()))
			if len(st.Matches) < m.det.threshold {
				continue
			}
			fields["matches"] = len(st.Matches)
			st.Matches = st.Matches[:0]
		}
		if m.det.cooldown > 0 && st.Alerted && now.Before(time.Unix(int64(st.LastAlert), 0).Add(m.det.cooldown)) {
			continue
		}
		st.Alerted, st.LastAlert = true, uint64(now.Unix())
		out = append(out, e.alertOf(b, m, now, slices.Clone(m.det.response)))
		e.alerted(m.det)
	}
	return out
}

// alertOf builds the alert of a match. A degraded detector's alert has no
// response: nothing is contained on what could not be evaluated.
func (e *Engine) alertOf(b *chain.Block, m match, now time.Time, response []string) Alert {
	return Alert{
		Detector:     m.det.name,
		Kind:         m.det.kind,
		Heuristic:    m.det.heuristic,
		Severity:     m.det.severity,
		IncidentType: m.det.incidentType,
		Network:      b.Network,
		BlockNumber:  b.Number(),
		BlockHash:    b.Hash(),
		BlockTime:    now,
		TxHash:       m.txHash,
		TxIndex:      m.txIndex,
		LogIndex:     m.logIndex,
		Contract:     m.contract,
		ContractName: e.nameOf(b.Network, m.contract),
		Fields:       m.fields,
		Summary:      m.summary,
		Response:     response,
	}
}

func (e *Engine) nameOf(network string, addr common.Address) string {
	if ni := e.nets[network]; ni != nil {
		return ni.monitored[addr]
	}
	return ""
}
