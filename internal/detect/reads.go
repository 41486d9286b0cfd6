package detect

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Read methods.
const (
	MethodCall       = "eth_call"
	MethodGetBalance = "eth_getBalance"
)

// Call is one state read the follower makes at the block being processed,
// batched with the block's other reads into one request.
type Call struct {
	// Method is eth_call (To and Data) or eth_getBalance (the native
	// balance of To; Data is empty).
	Method string
	To     common.Address
	Data   []byte
	// Block is the block number the read is made at.
	Block uint64
}

// ReadResult is the outcome of one Call: the bytes eth_call returned, or,
// for eth_getBalance, the balance as a 32-byte big-endian word (an ABI
// uint256). Err is set when the read failed or reverted.
type ReadResult struct {
	Data []byte
	Err  error
}

// ReadResults are the results of Reads, in the same order.
type ReadResults []ReadResult

// Reads returns the state reads the network's balance, invariant and
// tvl-outflow detectors need at block number, deduplicated; nil when none.
// Pass the results to Process in the same order.
//
// While the decimals of a token that a condition counts in ("1000 USDC")
// are not known, its decimals() read follows the others; once read they
// are kept in the State. Reads may be called concurrently with Process.
func (e *Engine) Reads(network string, number uint64) []Call {
	ni := e.nets[network]
	if ni == nil {
		return nil
	}
	dec := ni.decimalsReads(number)
	if len(ni.reads) == 0 && len(dec) == 0 {
		return nil
	}
	out := make([]Call, len(ni.reads), len(ni.reads)+len(dec))
	for i, c := range ni.reads {
		c.Block = number
		out[i] = c
	}
	return append(out, dec...)
}

// result returns read i's data, or false when it is missing or failed.
func (r ReadResults) result(i int) ([]byte, bool) {
	if i < 0 || i >= len(r) || r[i].Err != nil {
		return nil, false
	}
	return r[i].Data, true
}

// readFailure explains why read i of the block has no value.
func readFailure(reads ReadResults, i int, what string, block uint64) error {
	if i >= 0 && i < len(reads) && reads[i].Err != nil {
		return fmt.Errorf("read %s at block %d failed: %w", what, block, reads[i].Err)
	}
	return fmt.Errorf("read %s at block %d: no result", what, block)
}

// balanceSpec is a compiled balance detector.
type balanceSpec struct {
	token   string
	holder  common.Address
	read    Call
	readIdx int
	drop    plan.Drop
	window  uint64
}

// invariantSpec is a compiled invariant detector: named reads, evaluated
// together at each block by the condition, which is true when the
// invariant is broken (as for every kind, true means alert). The alert is
// raised when it becomes true, not again while it stays true.
type invariantSpec struct {
	names   []string
	reads   []invRead
	readIdx []int
}

type invRead struct {
	call    Call
	outputs abi.Arguments
}

// balanceOf is the ERC-20 balanceOf method.
var balanceOf = func() abi.Method {
	addr, _ := abi.NewType("address", "", nil)
	u256, _ := abi.NewType("uint256", "", nil)
	return abi.NewMethod("balanceOf", "balanceOf", abi.Function, "view", false, false,
		abi.Arguments{{Name: "account", Type: addr}}, abi.Arguments{{Name: "", Type: u256}})
}()

// uint256Out decodes a single uint256.
var uint256Out = balanceOf.Outputs

// balanceRead returns the read of holder's balance of token ("native" or
// a contract name).
func balanceRead(token string, holder common.Address, contracts map[string]*plan.Contract) (Call, error) {
	if token == "" || token == plan.NativeToken {
		return Call{Method: MethodGetBalance, To: holder}, nil
	}
	c := contracts[token]
	if c == nil {
		return Call{}, fmt.Errorf("token %q is neither %q nor a contract of the plan", token, plan.NativeToken)
	}
	data, err := balanceOf.Inputs.Pack(holder)
	if err != nil {
		return Call{}, err
	}
	return Call{Method: MethodCall, To: c.Address, Data: append(append([]byte{}, balanceOf.ID...), data...)}, nil
}

// decodeUint256 decodes a balance read.
func decodeUint256(data []byte) (*big.Int, bool) {
	vals, err := uint256Out.Unpack(data)
	if err != nil || len(vals) != 1 {
		return nil, false
	}
	n, ok := vals[0].(*big.Int)
	return n, ok
}

func compileBalance(det *detector, d *plan.Detector, c *plan.Contract, contracts map[string]*plan.Contract) (map[string]any, error) {
	if c == nil {
		return nil, errors.New("a balance detector needs a contract (the holder)")
	}
	if d.Balance == nil {
		return nil, errors.New("a balance detector needs balance: {token, drop, window}")
	}
	if d.Balance.Drop.Amount == nil && d.Balance.Drop.BasisPoints == 0 {
		return nil, errors.New("balance.drop is required (e.g. 10% or 500 ether)")
	}
	read, err := balanceRead(d.Balance.Token, c.Address, contracts)
	if err != nil {
		return nil, fmt.Errorf("balance: %w", err)
	}
	w := d.Balance.Window
	if w == 0 {
		w = 1
	}
	det.balance = &balanceSpec{token: d.Balance.Token, holder: c.Address, read: read, drop: d.Balance.Drop, window: w}
	vars := baseVars()
	vars["balance"] = (*big.Int)(nil)
	vars["peak"] = (*big.Int)(nil)
	vars["drop"] = (*big.Int)(nil)
	return vars, nil
}

func compileInvariant(det *detector, d *plan.Detector, contracts map[string]*plan.Contract, accounts map[string]plan.Account) (map[string]any, error) {
	if strings.TrimSpace(d.Holds) == "" && strings.TrimSpace(d.Condition) == "" {
		return nil, errors.New("an invariant detector needs holds: an expression over its reads that must be true (it alerts when false), e.g. held >= assets")
	}
	spec := &invariantSpec{}
	vars := baseVars()
	names := make([]string, 0, len(d.Reads))
	for n := range d.Reads {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		r := d.Reads[name]
		if reservedNames[name] || isPlaceholder(name) {
			return nil, fmt.Errorf("read %q: the name is reserved", name)
		}
		c := contracts[r.Contract]
		if c == nil {
			return nil, fmt.Errorf("read %q: unknown contract %q", name, r.Contract)
		}
		if det.network == "" {
			det.network = c.Network
		} else if c.Network != det.network {
			return nil, fmt.Errorf("read %q: contract %q is on network %q, not %q", name, r.Contract, c.Network, det.network)
		}
		sig, ret, _ := strings.Cut(r.Call, " returns ")
		m, err := findMethod(sig, contractABI(c))
		if err != nil {
			return nil, fmt.Errorf("read %q: %w", name, err)
		}
		outputs := m.Outputs
		if ret != "" && len(outputs) == 0 {
			parsed, err := plan.ParseSignature("returns" + strings.TrimSpace(ret))
			if err != nil {
				return nil, fmt.Errorf("read %q: returns: %w", name, err)
			}
			outputs = parsed.Inputs
		}
		if len(outputs) == 0 {
			return nil, fmt.Errorf("read %q: %s returns nothing known; give the contract an ABI or write %q", name, m.Sig, m.Sig+" returns (uint256)")
		}
		data, err := packArgs(m, r.Args, contracts, accounts)
		if err != nil {
			return nil, fmt.Errorf("read %q: %w", name, err)
		}
		spec.names = append(spec.names, name)
		spec.reads = append(spec.reads, invRead{call: Call{Method: MethodCall, To: c.Address, Data: data}, outputs: outputs})
		vars[name] = sampleOf(outputs[0].Type, false)
	}
	det.inv = spec
	return vars, nil
}

func (e *Engine) registerReads(ni *netIndex, det *detector) {
	switch {
	case det.balance != nil:
		det.balance.readIdx = ni.addRead(det.balance.read)
	case det.inv != nil:
		det.inv.readIdx = make([]int, len(det.inv.reads))
		for i, r := range det.inv.reads {
			det.inv.readIdx[i] = ni.addRead(r.call)
		}
	}
}

// runBlockDetectors evaluates balance and invariant detectors on the reads
// made at the block.
func (e *Engine) runBlockDetectors(ni *netIndex, b *chain.Block, reads ReadResults) {
	order := len(b.Transactions)
	for _, det := range ni.block {
		started := e.start(det)
		st := &e.state.Detectors[det.idx]
		switch {
		case det.balance != nil:
			e.checkBalance(det, st, b, reads, order)
		case det.inv != nil:
			e.checkInvariant(det, st, b, reads, order)
		}
		e.stop(det, started)
	}
}

func (e *Engine) checkBalance(det *detector, st *DetectorState, b *chain.Block, reads ReadResults, order int) {
	spec := det.balance
	if reads == nil {
		return // a pending transaction's block without reads: the block path decides
	}
	data, ok := reads.result(spec.readIdx)
	if !ok {
		e.degrade(det, readFailure(reads, spec.readIdx, spec.token+" balance of "+det.contractName, b.Number()))
		return
	}
	if len(data) == 0 {
		return // no code at this block (not deployed yet)
	}
	cur, ok := decodeUint256(data)
	if !ok {
		e.degrade(det, fmt.Errorf("balance of %s at block %d: cannot decode %d bytes", det.contractName, b.Number(), len(data)))
		return
	}
	st.Degraded = false
	n := b.Number()
	// keep the points of the window before this block
	kept := st.Balances[:0]
	for _, p := range st.Balances {
		if p.Block < n && p.Block+spec.window >= n {
			kept = append(kept, p)
		}
	}
	st.Balances = kept
	var peak *big.Int
	for _, p := range st.Balances {
		if peak == nil || p.Balance.Cmp(peak) > 0 {
			peak = p.Balance
		}
	}
	st.Balances = append(st.Balances, BalancePoint{Block: n, Balance: new(big.Int).Set(cur)})
	if peak == nil || peak.Cmp(cur) <= 0 {
		return
	}
	drop := new(big.Int).Sub(peak, cur)
	if spec.drop.IsRelative() {
		lhs := new(big.Int).Mul(drop, big.NewInt(10000))
		rhs := new(big.Int).Mul(peak, new(big.Int).SetUint64(spec.drop.BasisPoints))
		if lhs.Cmp(rhs) < 0 {
			return
		}
	} else if drop.Cmp(spec.drop.Amount) < 0 {
		return
	}
	env := map[string]any{"balance": cur, "peak": peak, "drop": drop}
	e.resetTx()
	e.setContext(env, spec.holder)
	if !e.eval(det, env) {
		return
	}
	token := spec.token
	if token == "" {
		token = plan.NativeToken
	}
	fields := jsonFields(map[string]any{"balance": cur, "peak": peak, "drop": drop})
	fields["token"] = token
	// The native currency in units ("100 ETH"); a token's decimals are
	// not known here: base units.
	show := func(v *big.Int) string { return v.String() }
	if token == plan.NativeToken {
		ni := e.nets[b.Network]
		show = func(v *big.Int) string { return ni.amountOf(v, common.Address{}) }
	}
	fields["window"] = int(spec.window)
	e.matches = append(e.matches, match{
		det: det, order: order, txIndex: -1, logIndex: -1, contract: spec.holder, fields: fields,
		summary: fmt.Sprintf("%s: %s balance of %s fell by %s (from %s to %s) within %d blocks",
			det.name, token, det.contractName, show(drop), show(peak), show(cur), spec.window),
	})
}

func (e *Engine) checkInvariant(det *detector, st *DetectorState, b *chain.Block, reads ReadResults, order int) {
	spec := det.inv
	if reads == nil && (len(spec.names) > 0 || det.ext != nil && det.ext.calls) {
		return // a pending transaction's block without reads: the block path decides
	}
	env := make(map[string]any, len(spec.names)+4)
	for i, name := range spec.names {
		data, ok := reads.result(spec.readIdx[i])
		if !ok {
			e.degrade(det, readFailure(reads, spec.readIdx[i], name, b.Number()))
			return
		}
		if len(data) == 0 {
			return // no code at this block (not deployed yet): nothing to hold
		}
		vals, err := spec.reads[i].outputs.Unpack(data)
		if err != nil || len(vals) == 0 {
			e.degrade(det, fmt.Errorf("read %s at block %d: cannot decode %d bytes", name, b.Number(), len(data)))
			return
		}
		env[name] = normalize(vals[0])
	}
	fields := make(map[string]any, len(spec.names))
	for _, name := range spec.names {
		fields[name] = env[name]
	}
	e.resetTx()
	e.setContext(env, det.contract)
	if det.cond == nil {
		return
	}
	out, err := e.vm.Run(det.cond, env)
	if err != nil {
		e.degrade(det, err)
		return
	}
	st.Degraded = false
	v, _ := out.(bool)
	broken := v
	if det.holds {
		broken = !v
	}
	if !broken {
		st.Broken = false
		return
	}
	if st.Broken {
		return
	}
	st.Broken = true
	jf := jsonFields(fields)
	e.matches = append(e.matches, match{
		det: det, order: order, txIndex: -1, logIndex: -1, contract: det.contract, fields: jf,
		summary: fmt.Sprintf("%s: invariant broken at block %d: %s", det.name, b.Number(),
			summarize("reads", spec.names, jf)),
	})
}
