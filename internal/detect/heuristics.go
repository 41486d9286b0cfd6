package detect

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
	unitfmt "github.com/breakglass-dev/breakglass/internal/units"
)

// heuristicSpec is a compiled built-in heuristic.
type heuristicSpec struct {
	name string
	// targets are the watched contracts (the detector's, or every monitored
	// contract of the network when nil).
	targets []common.Address
	// token restricts outflows to one token; nil means any token.
	token     *common.Address
	tokenName string
	minValue  *big.Int
	// minSet is true when the plan set min_outflow (re-entrancy then also
	// needs that much to leave; by default re-entry alone is the signal).
	minSet bool
	// minTok is min_outflow in a token's units ("1000000 usdc"): its
	// value in base units once the token's decimals are known
	minTok   *TokenAmount
	maxAge   uint64
	shareBps uint64
	allowed  map[common.Address]bool
	// tvl reads: per target, the read index of its balance of token
	tvlReads map[common.Address]int
	tvlCalls map[common.Address]Call
	// abis are the ABIs of the plan's contracts, by address: re-entering a
	// view or pure function of a watched contract is not re-entrancy.
	abis map[common.Address]*abi.ABI
}

// Heuristic parameters.
const (
	paramMinOutflow = "min_outflow"
	paramToken      = "token"
	paramMaxAge     = "max_age_blocks"
	paramShare      = "share"
	paramAllowed    = "allowed"
)

var heuristicParams = map[string][]string{
	plan.HeuristicReentrancy:      {paramMinOutflow, paramToken},
	plan.HeuristicFlashLoan:       {paramMinOutflow, paramToken},
	plan.HeuristicNewContract:     {paramMinOutflow, paramToken, paramMaxAge},
	plan.HeuristicPrivilegeChange: {paramAllowed},
	plan.HeuristicTVLOutflow:      {paramShare, paramToken},
	plan.HeuristicPriceSwing:      {paramShare},
}

// syncTopic is Uniswap V2's Sync(uint112,uint112): a pool's reserves after
// a change.
var syncTopic = topicOf("Sync(uint112,uint112)")

// privileged events, as OpenZeppelin's contracts emit them.
var privilegedEvents = mustEvents(
	"OwnershipTransferred(address indexed previousOwner, address indexed newOwner)",
	"RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
	"RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
	"Upgraded(address indexed implementation)",
	"BeaconUpgraded(address indexed beacon)",
	"AdminChanged(address previousAdmin, address newAdmin)",
	"Unpaused(address account)",
)

// flash loan signals without a trace: events of the common lenders and
// ERC-3156 (with a trace, a loan is recognised by behaviour: see loansIn).
var flashLoanTopics = topicSet(
	"FlashLoan(address,address,address,uint256,uint256)",        // ERC-3156 lenders (and the demo lender)
	"FlashLoan(address,address,address,uint256,uint256,uint16)", // Aave V2
	"FlashLoan(address,address,address,uint256,uint8,uint256,uint16)",
	"FlashLoan(address,address,uint256,uint256)",             // Balancer V2
	"Flash(address,address,uint256,uint256,uint256,uint256)", // Uniswap V3
)

// ERC-20 calls whose token movements a trace shows.
var (
	selTransfer     = selectorOf("transfer(address,uint256)")
	selTransferFrom = selectorOf("transferFrom(address,address,uint256)")
)

// transferTopic is ERC-20's Transfer(address,address,uint256).
var transferTopic = topicOf("Transfer(address,address,uint256)")

func mustEvents(sigs ...string) []abi.Event {
	out := make([]abi.Event, len(sigs))
	for i, s := range sigs {
		ev, err := findEvent(s, nil)
		if err != nil {
			panic(err)
		}
		out[i] = ev
	}
	return out
}

func topicSet(sigs ...string) map[common.Hash]bool {
	m := map[common.Hash]bool{}
	for _, s := range sigs {
		m[topicOf(s)] = true
	}
	return m
}

func compileHeuristic(det *detector, d *plan.Detector, contracts map[string]*plan.Contract, accounts map[string]plan.Account, lc *langCtx) (map[string]any, error) {
	known, ok := heuristicParams[d.Heuristic]
	if !ok {
		return nil, fmt.Errorf("unknown heuristic %q (want %s)", d.Heuristic, strings.Join(sortedHeuristics(), ", "))
	}
	for k := range d.Params {
		if !slices.Contains(known, k) {
			return nil, fmt.Errorf("heuristic %s: unknown parameter %q (want %s)", d.Heuristic, k, strings.Join(known, ", "))
		}
	}
	h := &heuristicSpec{name: d.Heuristic, minValue: big.NewInt(1), maxAge: 100}
	if det.hasContract {
		h.targets = []common.Address{det.contract}
	}
	if v, ok := d.Params[paramMinOutflow]; ok {
		n, err := plan.ParseAmount(fmt.Sprint(v))
		if err != nil {
			// an amount of the plan's language: "1000000 usdc", a constant
			val, xerr := lc.value(fmt.Sprint(v))
			if xerr != nil {
				return nil, fmt.Errorf("params.%s: %w (or: %v)", paramMinOutflow, err, xerr)
			}
			switch x := val.(type) {
			case *big.Int:
				n = x
			case int:
				n = big.NewInt(int64(x))
			case TokenAmount:
				h.minTok, h.minSet = &x, true
				// the amount is in that token: the outflows counted are its
				if t, ok := d.Params[paramToken]; ok && fmt.Sprint(t) != x.Token.name {
					return nil, fmt.Errorf("params.%s is in %s, params.%s is %v", paramMinOutflow, x.Token.name, paramToken, t)
				}
				addr := x.Token.addr
				h.token, h.tokenName = &addr, x.Token.name
			default:
				return nil, fmt.Errorf("params.%s: want an amount, got %T", paramMinOutflow, val)
			}
		}
		if n != nil && n.Sign() > 0 {
			h.minValue, h.minSet = n, true
		}
	}
	if v, ok := d.Params[paramToken]; ok {
		name := fmt.Sprint(v)
		h.tokenName = name
		if name != plan.NativeToken {
			c := contracts[name]
			if c == nil {
				return nil, fmt.Errorf("params.%s: %q is neither %q nor a contract of the plan", paramToken, name, plan.NativeToken)
			}
			h.token = &c.Address
		} else {
			h.token = &common.Address{}
		}
	}
	if v, ok := d.Params[paramMaxAge]; ok {
		n, err := plan.ParseAmount(fmt.Sprint(v))
		if err != nil || !n.IsUint64() || n.Sign() == 0 {
			return nil, fmt.Errorf("params.%s: want a positive number of blocks, got %v", paramMaxAge, v)
		}
		h.maxAge = n.Uint64()
	}
	vars := baseVars()
	switch d.Heuristic {
	case plan.HeuristicTVLOutflow:
		bps, err := shareParam(d)
		if err != nil {
			return nil, err
		}
		h.shareBps = bps
		if h.token == nil {
			h.token, h.tokenName = &common.Address{}, plan.NativeToken
		}
		if len(h.targets) == 0 {
			return nil, fmt.Errorf("heuristic %s needs a contract (whose TVL is measured)", d.Heuristic)
		}
		h.tvlCalls = map[common.Address]Call{}
		for _, t := range h.targets {
			call, err := balanceRead(h.tokenName, t, contracts)
			if err != nil {
				return nil, fmt.Errorf("params.%s: %w", paramToken, err)
			}
			h.tvlCalls[t] = call
		}
		vars["tvl"] = (*big.Int)(nil)
		vars["outflow"] = (*big.Int)(nil)
		vars["token"] = common.Address{}
	case plan.HeuristicPriceSwing:
		bps, err := shareParam(d)
		if err != nil {
			return nil, err
		}
		h.shareBps = bps
		if len(h.targets) == 0 {
			return nil, fmt.Errorf("heuristic %s needs a contract (the pool whose Sync events it reads)", d.Heuristic)
		}
		vars["swing"] = 0
		vars["before"] = (*big.Int)(nil)
		vars["extreme"] = (*big.Int)(nil)
		vars["after"] = (*big.Int)(nil)
	case plan.HeuristicPrivilegeChange:
		h.allowed = map[common.Address]bool{}
		if v, ok := d.Params[paramAllowed]; ok {
			list, ok := v.([]any)
			if !ok {
				list = []any{v}
			}
			for _, item := range list {
				// an address set of the plan allows each of its members
				if set, ok := accounts[fmt.Sprint(item)]; ok && set.Set {
					for _, a := range set.Addresses {
						h.allowed[a] = true
					}
					continue
				}
				a, err := resolveAddress(fmt.Sprint(item), contracts, accounts)
				if err != nil {
					return nil, fmt.Errorf("params.%s: %w", paramAllowed, err)
				}
				h.allowed[a] = true
			}
		}
		vars["event"] = ""
		vars["sender"] = common.Address{}
	case plan.HeuristicReentrancy:
		vars["reentries"] = 0
		vars["outflow"] = (*big.Int)(nil)
		vars["token"] = common.Address{}
		h.abis = map[common.Address]*abi.ABI{}
		for _, c := range contracts {
			if a := contractABI(c); a != nil {
				h.abis[c.Address] = a
			}
		}
	case plan.HeuristicFlashLoan:
		vars["outflow"] = (*big.Int)(nil)
		vars["token"] = common.Address{}
		vars["lender"] = common.Address{}
	case plan.HeuristicNewContract:
		vars["outflow"] = (*big.Int)(nil)
		vars["token"] = common.Address{}
		vars["recipient"] = common.Address{}
		vars["age"] = 0
	}
	det.heur = h
	return vars, nil
}

// minOutflow is the heuristic's min_outflow in base units; a token amount
// whose decimals are not known yet makes the detector degraded.
func (e *Engine) minOutflow(det *detector) (*big.Int, bool) {
	h := det.heur
	if h.minTok == nil {
		return h.minValue, true
	}
	n, err := h.minTok.base()
	if err != nil {
		e.degrade(det, fmt.Errorf("params.%s: %w", paramMinOutflow, err))
		return nil, false
	}
	return n, true
}

func sortedHeuristics() []string {
	out := make([]string, 0, len(heuristicParams))
	for k := range heuristicParams {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// targetsOn lists the contracts a heuristic watches on a network.
func (h *heuristicSpec) targetsOn(ni *netIndex) []common.Address {
	if h.targets != nil {
		return h.targets
	}
	out := make([]common.Address, 0, len(ni.monitored))
	for a := range ni.monitored {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b common.Address) int { return a.Cmp(b) })
	return out
}

func (e *Engine) registerHeuristic(ni *netIndex, det *detector) {
	h := det.heur
	switch h.name {
	case plan.HeuristicPrivilegeChange:
		// one spec per event, shared by every target (a spec is read
		// only; a match keeps its own values)
		specs := make([]*eventSpec, len(privilegedEvents))
		for i, ev := range privilegedEvents {
			specs[i] = newEventSpec(ev)
		}
		for _, t := range h.targetsOn(ni) {
			for i, ev := range privilegedEvents {
				spec := specs[i]
				if m := ni.events[logKey{t, ev.ID}]; m != nil {
					spec = m.spec
				}
				ni.addEvent(t, spec, det)
			}
		}
		return
	case plan.HeuristicTVLOutflow:
		h.tvlReads = map[common.Address]int{}
		for _, t := range h.targets {
			h.tvlReads[t] = ni.addRead(h.tvlCalls[t])
		}
	case plan.HeuristicNewContract:
		ni.created = true
	}
	ni.heur = append(ni.heur, det)
	ni.flows = true
	ni.traces = true
}

// flowKey is one holder's flows of one token (the zero address for the
// native currency).
type flowKey struct {
	holder common.Address
	token  common.Address
}

// edge is one transfer out of a monitored contract.
type edge struct {
	holder common.Address
	token  common.Address
	to     common.Address
	amount *big.Int
}

// txFlows are the value movements of monitored contracts in one
// transaction.
type txFlows struct {
	out, in map[flowKey]*big.Int
	edges   []edge
}

func (f *txFlows) add(m map[flowKey]*big.Int, k flowKey, v *big.Int) {
	cur := m[k]
	if cur == nil {
		cur = new(big.Int)
		m[k] = cur
	}
	cur.Add(cur, v)
}

// net is holder's outflow minus inflow of token (may be negative).
func (f *txFlows) net(k flowKey) *big.Int {
	n := new(big.Int)
	if v := f.out[k]; v != nil {
		n.Add(n, v)
	}
	if v := f.in[k]; v != nil {
		n.Sub(n, v)
	}
	return n
}

// transferArgs decodes ERC-20 Transfer data.
var transferArgs = abi.Arguments{{Name: "value", Type: balanceOf.Outputs[0].Type}}

// flowsOf collects the ERC-20 transfers (from the receipt's logs) and
// native transfers (from the trace; without one, the top-level value) of
// monitored contracts in transaction i.
func flowsOf(ni *netIndex, b *chain.Block, i int) *txFlows {
	f := &txFlows{out: map[flowKey]*big.Int{}, in: map[flowKey]*big.Int{}}
	r := b.Receipts[i]
	if r.Status != types.ReceiptStatusSuccessful {
		return f
	}
	for _, lg := range r.Logs {
		if len(lg.Topics) != 3 || lg.Topics[0] != transferTopic {
			continue
		}
		from := common.BytesToAddress(lg.Topics[1][:])
		to := common.BytesToAddress(lg.Topics[2][:])
		_, fromWatched := ni.monitored[from]
		_, toWatched := ni.monitored[to]
		if !fromWatched && !toWatched {
			continue
		}
		vals, err := transferArgs.Unpack(lg.Data)
		if err != nil || len(vals) != 1 {
			continue
		}
		amount := vals[0].(*big.Int)
		if fromWatched {
			f.add(f.out, flowKey{from, lg.Address}, amount)
			f.edges = append(f.edges, edge{holder: from, token: lg.Address, to: to, amount: amount})
		}
		if toWatched {
			f.add(f.in, flowKey{to, lg.Address}, amount)
		}
	}
	native := func(from, to common.Address, v *big.Int) {
		if v == nil || v.Sign() == 0 {
			return
		}
		if _, ok := ni.monitored[from]; ok {
			f.add(f.out, flowKey{from, common.Address{}}, v)
			f.edges = append(f.edges, edge{holder: from, to: to, amount: v})
		}
		if _, ok := ni.monitored[to]; ok {
			f.add(f.in, flowKey{to, common.Address{}}, v)
		}
	}
	if b.Traces != nil && i < len(b.Traces) && b.Traces[i] != nil {
		var walk func(fr *chain.CallFrame)
		walk = func(fr *chain.CallFrame) {
			if fr.Error != "" {
				return // reverted: its transfers were undone
			}
			switch fr.Type {
			case "CALL", "CREATE", "CREATE2", "SELFDESTRUCT":
				if fr.To != nil && fr.Value != nil {
					native(fr.From, *fr.To, fr.Value.ToInt())
				}
			}
			for _, c := range fr.Calls {
				walk(c)
			}
		}
		walk(b.Traces[i])
	} else if tx := b.Transactions[i]; tx.To() != nil && i < len(b.Senders) {
		native(b.Senders[i], *tx.To(), tx.Value())
	}
	return f
}

// largestOutflow returns the token with holder's largest net outflow in
// the transaction (restricted to h.token when set).
func (h *heuristicSpec) largestOutflow(f *txFlows, holder common.Address) (common.Address, *big.Int) {
	var bestTok common.Address
	var best *big.Int
	keys := make([]flowKey, 0, len(f.out))
	for k := range f.out {
		if k.holder == holder && (h.token == nil || *h.token == k.token) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b flowKey) int { return a.token.Cmp(b.token) })
	for _, k := range keys {
		n := f.net(k)
		if best == nil || n.Cmp(best) > 0 {
			best, bestTok = n, k.token
		}
	}
	return bestTok, best
}

// runHeuristics evaluates the flow heuristics on transaction i.
func (e *Engine) runHeuristics(ni *netIndex, b *chain.Block, i int, reads ReadResults, ensureTx func()) {
	if len(ni.heur) == 0 {
		return
	}
	flows := flowsOf(ni, b, i)
	for _, det := range ni.heur {
		if len(flows.out) == 0 && det.heur.name != plan.HeuristicReentrancy && det.heur.name != plan.HeuristicPriceSwing {
			continue // the others need value to leave a watched contract
		}
		started := e.start(det)
		switch det.heur.name {
		case plan.HeuristicReentrancy:
			e.reentrancy(ni, det, b, i, flows, ensureTx)
		case plan.HeuristicFlashLoan:
			e.flashLoan(ni, det, b, i, flows, ensureTx)
		case plan.HeuristicNewContract:
			e.newContract(ni, det, b, i, flows, ensureTx)
		case plan.HeuristicTVLOutflow:
			e.tvlOutflow(ni, det, b, i, flows, reads, ensureTx)
		case plan.HeuristicPriceSwing:
			e.priceSwing(det, b, i, ensureTx)
		}
		e.stop(det, started)
	}
}

// heuristicMatch evaluates the detector's condition over env and records a
// match.
func (e *Engine) heuristicMatch(det *detector, i int, holder common.Address, env map[string]any, summary string) {
	e.setContext(env, holder)
	if !e.eval(det, env) {
		return
	}
	fields := map[string]any{}
	for k, v := range env {
		if !reservedNames[k] {
			fields[k] = v
		}
	}
	e.matches = append(e.matches, match{
		det: det, order: i, txIndex: i, logIndex: -1, txHash: e.tx.Hash, contract: holder,
		fields: jsonFields(fields), summary: summary,
	})
}

// amountOf shows v of token t for people: the native currency in units
// with the network's symbol ("100 ETH"); a token, whose decimals the
// detectors do not know, in base units with its address.
func (ni *netIndex) amountOf(v *big.Int, t common.Address) string {
	if t == (common.Address{}) {
		sym := "ETH"
		if ni != nil && ni.native != "" {
			sym = ni.native
		}
		return unitfmt.Format(v, 18, sym)
	}
	if ni != nil {
		for _, tk := range ni.tokens {
			if tk.addr == t {
				if d, ok := tk.decimals(); ok {
					return unitfmt.Format(v, d, tk.name)
				}
			}
		}
	}
	return v.String() + " " + tokenLabel(t)
}

func tokenLabel(t common.Address) string {
	if t == (common.Address{}) {
		return plan.NativeToken
	}
	return short(t.Hex())
}

// reentrancy: a watched contract is called again (CALL) into a
// state-changing function while a frame of it is open, by someone other
// than itself, in a call tree that did not revert. Re-entry is the signal,
// value or not (a mint re-entered through a receive hook moves no value out
// of the contract); with min_outflow set, that much must also leave it.
// Read-only calls back (STATICCALL, or a view or pure function of the
// contract's ABI) are not re-entrancy.
func (e *Engine) reentrancy(ni *netIndex, det *detector, b *chain.Block, i int, flows *txFlows, ensureTx func()) {
	if b.Traces == nil || i >= len(b.Traces) || b.Traces[i] == nil {
		return
	}
	h := det.heur
	targets := h.targetsOn(ni)
	reentries := map[common.Address]int{}
	open := map[common.Address]int{}
	var walk func(f *chain.CallFrame)
	walk = func(f *chain.CallFrame) {
		if f.Error != "" || f.Type == "STATICCALL" {
			return // undone, or read-only all the way down
		}
		counted := false
		if f.To != nil && (f.Type == "CALL" || f.Type == "CALLCODE") && slices.Contains(targets, *f.To) {
			if open[*f.To] > 0 && f.From != *f.To && h.changesState(*f.To, f.Input) {
				reentries[*f.To]++
			}
			open[*f.To]++
			counted = true
		}
		for _, c := range f.Calls {
			walk(c)
		}
		if counted {
			open[*f.To]--
		}
	}
	walk(b.Traces[i])
	for _, t := range targets {
		n := reentries[t]
		if n == 0 {
			continue
		}
		tok, out := h.largestOutflow(flows, t)
		if out == nil || out.Sign() < 0 {
			out = new(big.Int)
		}
		if h.minSet {
			min, ok := e.minOutflow(det)
			if !ok || out.Cmp(min) < 0 {
				continue
			}
		}
		ensureTx()
		env := map[string]any{"reentries": n, "outflow": out, "token": tok}
		summary := fmt.Sprintf("%s: %s re-entered %d time(s) in tx %s", det.name, ni.monitored[t], n, short(e.tx.Hash.Hex()))
		if out.Sign() > 0 {
			summary += fmt.Sprintf(" while %s left it", ni.amountOf(out, tok))
		}
		e.heuristicMatch(det, i, t, env, summary)
	}
}

// changesState reports whether a call with input into contract may change
// its state: anything but a view or pure function of its ABI (without an
// ABI, any call may).
func (h *heuristicSpec) changesState(contract common.Address, input []byte) bool {
	a := h.abis[contract]
	if a == nil || len(input) < 4 {
		return true
	}
	m, err := a.MethodById(input[:4])
	if err != nil {
		return true
	}
	return m.StateMutability != "view" && m.StateMutability != "pure"
}

// loan is a flash loan seen in a transaction: lender sent amount of token
// (the zero address for the native currency) out and got at least as much
// back before its call returned.
type loan struct {
	lender, token common.Address
	amount        *big.Int
}

// tokenMove is one movement of a token (the zero address: the native
// currency) a call frame makes.
type tokenMove struct {
	token, from, to common.Address
	amount          *big.Int
}

// movesOf decodes the movements a frame makes: its native value, and an
// ERC-20 transfer or transferFrom it calls.
func movesOf(f *chain.CallFrame) []tokenMove {
	if f.To == nil || (f.Type != "CALL" && f.Type != "CALLCODE") {
		return nil
	}
	var out []tokenMove
	if f.Value != nil && f.Value.ToInt().Sign() > 0 {
		out = append(out, tokenMove{from: f.From, to: *f.To, amount: f.Value.ToInt()})
	}
	in := f.Input
	switch {
	case len(in) >= 4+64 && [4]byte(in[:4]) == selTransfer:
		out = append(out, tokenMove{token: *f.To, from: f.From, to: common.BytesToAddress(in[4:36]), amount: new(big.Int).SetBytes(in[36:68])})
	case len(in) >= 4+96 && [4]byte(in[:4]) == selTransferFrom:
		out = append(out, tokenMove{token: *f.To, from: common.BytesToAddress(in[4:36]), to: common.BytesToAddress(in[36:68]), amount: new(big.Int).SetBytes(in[68:100])})
	}
	return out
}

// movesToken reports whether moves include an ERC-20 movement.
func movesToken(moves []tokenMove) bool {
	for _, m := range moves {
		if m.token != (common.Address{}) {
			return true
		}
	}
	return false
}

// flatFrame is a frame of a trace in execution order, with the index of its
// last descendant.
type flatFrame struct {
	f   *chain.CallFrame
	end int
	// outer is false when a frame of the same contract encloses it.
	outer bool
}

// flatten lists the frames of root that did not revert, in execution order.
func flatten(root *chain.CallFrame) []flatFrame {
	var out []flatFrame
	open := map[common.Address]int{}
	var walk func(f *chain.CallFrame)
	walk = func(f *chain.CallFrame) {
		if f.Error != "" {
			return
		}
		at := len(out)
		outer := f.To == nil || open[*f.To] == 0
		out = append(out, flatFrame{f: f, outer: outer})
		if f.To != nil {
			open[*f.To]++
		}
		for _, c := range f.Calls {
			walk(c)
		}
		if f.To != nil {
			open[*f.To]--
		}
		out[at].end = len(out) - 1
	}
	walk(root)
	return out
}

// loansIn recognises flash loans in a trace by behaviour, whatever the
// lender's entry point or events: inside one call of a contract L, L sends
// a token (or native currency) out, then calls another contract (the
// borrower's callback), and after that gets at least as much of the same
// token back, all before its call returns. A swap (tokens in, other tokens
// out), a loan repaid in a later transaction, or a round trip made by the
// transaction's own callee (a router, a bot) is none.
func loansIn(root *chain.CallFrame) []loan {
	flat := flatten(root)
	moves := make([][]tokenMove, len(flat))
	for k, ff := range flat {
		moves[k] = movesOf(ff.f)
	}
	var out []loan
	seen := map[[2]common.Address]bool{}
	for k, ff := range flat {
		f := ff.f
		// The transaction's own callee is the initiator, not a lender: a
		// router or a bot that pays a pool and is paid back inside its
		// swap call has the shape of a loan but lends nothing.
		if k == 0 || !ff.outer || f.To == nil || (f.Type != "CALL" && f.Type != "CALLCODE") {
			continue
		}
		lender := *f.To
		lent := map[common.Address]*big.Int{}
		back := map[common.Address]*big.Int{}
		var order []common.Address
		calledBack := map[common.Address]bool{}
		for j := k + 1; j <= ff.end; j++ {
			g := flat[j].f
			for _, m := range moves[j] {
				switch {
				case m.from == lender && m.to != lender && !calledBack[m.token]:
					if lent[m.token] == nil {
						lent[m.token] = new(big.Int)
						order = append(order, m.token)
					}
					lent[m.token].Add(lent[m.token], m.amount)
				case m.to == lender && m.from != lender && calledBack[m.token]:
					if back[m.token] == nil {
						back[m.token] = new(big.Int)
					}
					back[m.token].Add(back[m.token], m.amount)
				}
			}
			// the callback: the lender calls (CALL: not a read, not its own
			// code through DELEGATECALL) a contract other than the token it
			// lent, in a call that is no ERC-20 transfer (it may carry the
			// native currency lent)
			if g.From == lender && g.To != nil && *g.To != lender && g.Type == "CALL" && !movesToken(moves[j]) {
				for tok := range lent {
					if tok != *g.To {
						calledBack[tok] = true
					}
				}
			}
		}
		for _, tok := range order {
			if back[tok] == nil || back[tok].Cmp(lent[tok]) < 0 || seen[[2]common.Address{lender, tok}] {
				continue
			}
			seen[[2]common.Address{lender, tok}] = true
			out = append(out, loan{lender: lender, token: tok, amount: lent[tok]})
		}
	}
	return out
}

// flashLoan: a flash loan in the same transaction as a net outflow from a
// watched contract of at least min_outflow. With a trace the loan is
// recognised by behaviour (loansIn); without one, by the events of the
// common lenders. A loan repaid with no net outflow does not match.
func (e *Engine) flashLoan(ni *netIndex, det *detector, b *chain.Block, i int, flows *txFlows, ensureTx func()) {
	var loans []loan
	if b.Traces != nil && i < len(b.Traces) && b.Traces[i] != nil {
		loans = loansIn(b.Traces[i])
	} else {
		for _, lg := range b.Receipts[i].Logs {
			if len(lg.Topics) > 0 && flashLoanTopics[lg.Topics[0]] {
				loans = append(loans, loan{lender: lg.Address, amount: new(big.Int)})
			}
		}
	}
	if len(loans) == 0 {
		return
	}
	for _, t := range det.heur.targetsOn(ni) {
		tok, out := det.heur.largestOutflow(flows, t)
		if out == nil {
			continue
		}
		if min, ok := e.minOutflow(det); !ok || out.Cmp(min) < 0 {
			continue
		}
		ensureTx()
		l := loans[0]
		env := map[string]any{"outflow": out, "token": tok, "lender": l.lender}
		e.heuristicMatch(det, i, t, env, fmt.Sprintf("%s: flash loan of %s from %s in tx %s with a net outflow of %s from %s",
			det.name, ni.amountOf(l.amount, l.token), short(l.lender.Hex()), short(e.tx.Hash.Hex()), ni.amountOf(out, tok), ni.monitored[t]))
	}
}

// recordCreations remembers contracts created by transaction i.
func (e *Engine) recordCreations(ni *netIndex, b *chain.Block, i int) {
	created := e.state.Created[ni.name]
	if created == nil {
		created = map[common.Address]uint64{}
		e.state.Created[ni.name] = created
	}
	n := b.Number()
	if i == 0 {
		var maxAge uint64
		for _, d := range ni.heur {
			if d.heur.name == plan.HeuristicNewContract && d.heur.maxAge > maxAge {
				maxAge = d.heur.maxAge
			}
		}
		for a, at := range created {
			if at+maxAge < n {
				delete(created, a)
			}
		}
	}
	r := b.Receipts[i]
	if r.Status != types.ReceiptStatusSuccessful {
		return
	}
	if b.Transactions[i].To() == nil && r.ContractAddress != (common.Address{}) {
		created[r.ContractAddress] = n
	}
	if b.Traces != nil && i < len(b.Traces) && b.Traces[i] != nil {
		walkFrames(b.Traces[i], 0, false, func(f *chain.CallFrame, _ int, reverted bool) {
			if !reverted && (f.Type == "CREATE" || f.Type == "CREATE2") && f.To != nil {
				created[*f.To] = n
			}
		})
	}
}

// newContract: value leaves a watched contract to a contract created at
// most max_age_blocks ago, or in a transaction sent to such a contract.
func (e *Engine) newContract(ni *netIndex, det *detector, b *chain.Block, i int, flows *txFlows, ensureTx func()) {
	created := e.state.Created[ni.name]
	if len(created) == 0 {
		return
	}
	n := b.Number()
	fresh := func(a common.Address) (uint64, bool) {
		at, ok := created[a]
		if !ok || at+det.heur.maxAge < n {
			return 0, false
		}
		return n - at, true
	}
	var txTo common.Address
	if to := b.Transactions[i].To(); to != nil {
		txTo = *to
	} else {
		txTo = b.Receipts[i].ContractAddress
	}
	for _, t := range det.heur.targetsOn(ni) {
		// sum, per token, what went to fresh contracts
		type key struct {
			token, to common.Address
		}
		sums := map[key]*big.Int{}
		var keys []key
		for _, ed := range flows.edges {
			if ed.holder != t || (det.heur.token != nil && *det.heur.token != ed.token) {
				continue
			}
			recipient := ed.to
			if _, ok := fresh(recipient); !ok {
				if _, ok := fresh(txTo); !ok {
					continue
				}
				recipient = txTo
			}
			k := key{ed.token, recipient}
			if sums[k] == nil {
				sums[k] = new(big.Int)
				keys = append(keys, k)
			}
			sums[k].Add(sums[k], ed.amount)
		}
		for _, k := range keys {
			// what went back in offsets it: a fresh contract depositing is not
			// extracting
			amount := new(big.Int).Set(sums[k])
			if in := flows.in[flowKey{t, k.token}]; in != nil {
				amount.Sub(amount, in)
			}
			if min, ok := e.minOutflow(det); !ok || amount.Cmp(min) < 0 {
				continue
			}
			age, _ := fresh(k.to)
			ensureTx()
			env := map[string]any{"outflow": amount, "token": k.token, "recipient": k.to, "age": int(age)}
			e.heuristicMatch(det, i, t, env, fmt.Sprintf("%s: %s left %s for %s, a contract created %d block(s) ago, in tx %s",
				det.name, ni.amountOf(amount, k.token), ni.monitored[t], short(k.to.Hex()), age, short(e.tx.Hash.Hex())))
		}
	}
}

// tvlOutflow: one transaction's net outflow is at least share of the
// contract's value locked before the block (the balance read at the block
// plus the block's net outflow).
func (e *Engine) tvlOutflow(ni *netIndex, det *detector, b *chain.Block, i int, flows *txFlows, reads ReadResults, ensureTx func()) {
	h := det.heur
	for _, t := range h.targets {
		out := flows.net(flowKey{t, *h.token})
		if out.Sign() <= 0 {
			continue
		}
		data, ok := reads.result(h.tvlReads[t])
		if !ok {
			continue
		}
		after, ok := decodeUint256(data)
		if !ok {
			continue
		}
		tvl := new(big.Int).Add(after, e.blockNetOutflow(ni, b, flowKey{t, *h.token}))
		if tvl.Sign() <= 0 {
			continue
		}
		lhs := new(big.Int).Mul(out, big.NewInt(10000))
		rhs := new(big.Int).Mul(tvl, new(big.Int).SetUint64(h.shareBps))
		if lhs.Cmp(rhs) < 0 {
			continue
		}
		ensureTx()
		env := map[string]any{"outflow": out, "tvl": tvl, "token": *h.token}
		e.heuristicMatch(det, i, t, env, fmt.Sprintf("%s: tx %s took %s out of %s, %s of its %s locked",
			det.name, short(e.tx.Hash.Hex()), ni.amountOf(out, *h.token), ni.monitored[t],
			bpsString(new(big.Int).Quo(lhs, tvl)), ni.amountOf(tvl, *h.token)))
	}
}

// blockNetOutflow is a holder's net outflow of a token over the whole
// block, computed once per block.
func (e *Engine) blockNetOutflow(ni *netIndex, b *chain.Block, k flowKey) *big.Int {
	if e.blockNet == nil {
		e.blockNet = map[flowKey]*big.Int{}
		for j := range b.Transactions {
			if j >= len(b.Receipts) {
				break
			}
			f := flowsOf(ni, b, j)
			for fk := range f.out {
				e.addNet(fk, f.net(fk))
			}
			for fk := range f.in {
				if f.out[fk] == nil {
					e.addNet(fk, f.net(fk))
				}
			}
		}
	}
	if v := e.blockNet[k]; v != nil {
		return v
	}
	return new(big.Int)
}

func (e *Engine) addNet(k flowKey, v *big.Int) {
	if cur := e.blockNet[k]; cur != nil {
		cur.Add(cur, v)
		return
	}
	e.blockNet[k] = new(big.Int).Set(v)
}

func bpsString(bps *big.Int) string {
	r := new(big.Rat).SetFrac(bps, big.NewInt(100))
	return r.FloatString(2) + "%"
}

// privileged: a privileged change on a watched contract whose actors (the
// transaction's sender, the event's sender or account, and with a trace the
// direct callers of the contract) include no allowed address.
func (e *Engine) privileged(ni *netIndex, det *detector, b *chain.Block, i int, lg *types.Log, spec *eventSpec, env map[string]any) {
	h := det.heur
	actors := []common.Address{e.tx.From}
	for _, k := range []string{"sender", "account"} {
		if a, ok := env[k].(common.Address); ok && (k == "sender" || spec.event.Name == "Unpaused") {
			actors = append(actors, a)
		}
	}
	if b.Traces != nil && i < len(b.Traces) && b.Traces[i] != nil {
		walkFrames(b.Traces[i], 0, false, func(f *chain.CallFrame, _ int, reverted bool) {
			if !reverted && f.To != nil && *f.To == lg.Address && f.Type != "STATICCALL" {
				actors = append(actors, f.From)
			}
		})
	}
	for _, a := range actors {
		if h.allowed[a] {
			return
		}
	}
	fields := make(map[string]any, len(spec.names)+2)
	for _, n := range spec.names {
		fields[n] = env[n]
	}
	cenv := map[string]any{"event": spec.event.Name, "sender": e.tx.From}
	e.setContext(cenv, lg.Address)
	if !e.eval(det, cenv) {
		return
	}
	jf := jsonFields(fields)
	jf["event"] = spec.event.Name
	jf["sender"] = e.tx.From.Hex()
	e.matches = append(e.matches, match{
		det: det, order: i, txIndex: i, logIndex: int(lg.Index), txHash: e.tx.Hash, contract: lg.Address, fields: jf,
		summary: fmt.Sprintf("%s: %s on %s by unexpected sender %s in tx %s", det.name,
			summarize(spec.event.Name, spec.names, jf), ni.monitored[lg.Address], short(e.tx.From.Hex()), short(e.tx.Hash.Hex())),
	})
}

// priceScale is the fixed point of pool prices (reserve1 / reserve0).
var priceScale = big.NewInt(1e18)

// syncPrice decodes a Sync log's reserves into reserve1 / reserve0 scaled
// by priceScale.
func syncPrice(lg *types.Log) (*big.Int, bool) {
	if len(lg.Topics) != 1 || lg.Topics[0] != syncTopic || len(lg.Data) != 64 {
		return nil, false
	}
	r0 := new(big.Int).SetBytes(lg.Data[:32])
	r1 := new(big.Int).SetBytes(lg.Data[32:])
	if r0.Sign() == 0 {
		return nil, false
	}
	return r1.Mul(r1, priceScale).Quo(r1, r0), true
}

// swingBps is |a - b| / b in basis points.
func swingBps(a, b *big.Int) int64 {
	if b.Sign() == 0 {
		return 0
	}
	d := new(big.Int).Sub(a, b)
	d.Abs(d).Mul(d, big.NewInt(10000)).Quo(d, b)
	if !d.IsInt64() {
		return 1 << 62
	}
	return d.Int64()
}

// priceSwing: inside one transaction a watched pool's price (each Sync's
// reserve1 / reserve0) moves at least share away from its price before the
// transaction and comes back at least share from that extreme by the end:
// pushed and restored where a check at the end of the block sees nothing.
// A swap, or several in one direction, ends at its extreme and does not
// match. The price before is the pool's last Sync the engine saw (a pool
// not yet seen is only remembered).
func (e *Engine) priceSwing(det *detector, b *chain.Block, i int, ensureTx func()) {
	h := det.heur
	if b.Receipts[i].Status != types.ReceiptStatusSuccessful {
		return
	}
	if e.lastPrice == nil {
		e.lastPrice = map[common.Address]*big.Int{}
	}
	for _, pool := range h.targets {
		var prices []*big.Int
		for _, lg := range b.Receipts[i].Logs {
			if lg.Address != pool {
				continue
			}
			if p, ok := syncPrice(lg); ok {
				prices = append(prices, p)
			}
		}
		if len(prices) == 0 {
			continue
		}
		before := e.lastPrice[pool]
		after := prices[len(prices)-1]
		e.lastPrice[pool] = after
		if before == nil || len(prices) < 2 {
			continue
		}
		extreme := before
		for _, p := range prices {
			if swingBps(p, before) > swingBps(extreme, before) {
				extreme = p
			}
		}
		out, back := swingBps(extreme, before), swingBps(after, extreme)
		if out < int64(h.shareBps) || back < int64(h.shareBps) {
			continue
		}
		ensureTx()
		env := map[string]any{"swing": int(out), "before": before, "extreme": extreme, "after": after}
		e.heuristicMatch(det, i, pool, env, fmt.Sprintf("%s: price of %s moved %s in tx %s and came back %s by its end (%s → %s → %s)",
			det.name, short(pool.Hex()), bpsString(big.NewInt(out)), short(e.tx.Hash.Hex()), bpsString(big.NewInt(back)), before, extreme, after))
	}
}

// shareParam reads a heuristic's required params.share, a percentage, in
// basis points.
func shareParam(d *plan.Detector) (uint64, error) {
	v, ok := d.Params[paramShare]
	if !ok {
		return 0, fmt.Errorf("heuristic %s needs params.%s, e.g. \"10%%\"", d.Heuristic, paramShare)
	}
	drop, err := plan.ParseDrop(fmt.Sprint(v))
	if err != nil || !drop.IsRelative() {
		return 0, fmt.Errorf("params.%s: want a percentage like \"10%%\", got %v", paramShare, v)
	}
	return drop.BasisPoints, nil
}
