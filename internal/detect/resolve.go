package detect

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// langCtx is what a plan's conditions may name beyond a detector's own
// fields: the plan's accounts, constants and contracts, and the tokens
// whose units they use. One per compile.
type langCtx struct {
	contracts map[string]*plan.Contract
	accounts  map[string]plan.Account
	constants map[string]plan.Constant
	networks  []string
	// values of the constants, evaluated on first use
	values map[string]constValue
	// tokens by network and address, shared by every condition
	tokens map[string]*tokenInfo
	// network is the network of the detector being compiled ("" when it
	// has none yet): its reads are made there.
	network string
	// depth counts the constants being evaluated (a constant's use in
	// another)
	depth int
	// probe: the thresholds of the expression being compiled that
	// `breakglass tune` samples (probe.go); nil in a daemon
	probe *probeSpots
}

type constValue struct {
	v   any
	err error
	// busy is set while the constant is evaluated (a cycle)
	busy bool
}

func newLangCtx(p *plan.Plan, contracts map[string]*plan.Contract) *langCtx {
	lc := &langCtx{contracts: contracts, values: map[string]constValue{}, tokens: map[string]*tokenInfo{}}
	if p != nil {
		lc.accounts, lc.constants = p.Accounts, p.Constants
		for _, n := range p.Networks {
			lc.networks = append(lc.networks, n.Name)
		}
	}
	return lc
}

// condExt is what a compiled condition needs from the engine at each
// block: its state reads, its metrics and its tokens' decimals.
type condExt struct {
	// calls: the condition needs state reads (set at register)
	calls bool
	// scopeEvents, scopeCalls: the condition uses tx.events, tx.calls
	scopeEvents, scopeCalls bool
	network                 string
	reads                   []*condRead
	metrics                 []*metric
	tokens                  []*tokenInfo
}

func (x *condExt) empty() bool {
	return x == nil || len(x.reads) == 0 && len(x.metrics) == 0 && len(x.tokens) == 0 && !x.scopeEvents && !x.scopeCalls
}

// condRead is one state read a condition makes at each block.
type condRead struct {
	label string
	call  Call
	// ev, evAddr, field: a block's sum of an event's field (count when
	// field is ""), instead of a call
	ev     *eventSpec
	evAddr common.Address
	field  string
	// flow: the block's net outflow of a token from a monitored contract
	// (outflow()), instead of a call
	flow *flowKey
	out  abi.Type
	idx  int // in the network's reads
	// val or err is the read's outcome at the current block
	val any
	err error
}

// Metric kinds.
const (
	metricChange = "change"
	metricZScore = "zscore"
)

// metric is a read watched over a window of blocks; its history is kept
// in the detector's State (Series) and so survives restarts.
type metric struct {
	label  string
	kind   string
	read   *condRead
	window uint64
	// span is a window in time instead of blocks (window is then 0)
	span time.Duration
	val  any
	err  error
}

// compileExpr compiles src over vars with the plan's names (lc, may be
// nil): a boolean condition when asBool, else any value. The program is
// nil for an empty condition.
func compileExpr(src string, vars map[string]any, lc *langCtx, asBool bool) (*vm.Program, *condExt, error) {
	prog, ext, _, err := compileCond(src, vars, lc, asBool)
	return prog, ext, err
}

// compileCond is compileExpr that also returns the condition's fast
// comparison when it is one, or its leading one (more set; see fastCond
// and leadOf).
func compileCond(src string, vars map[string]any, lc *langCtx, asBool bool) (*vm.Program, *condExt, *fastCond, error) {
	if strings.TrimSpace(src) == "" {
		return nil, nil, nil, nil
	}
	text, lits, err := plan.ScanLiterals(src)
	if err != nil {
		var ee *plan.ExprError
		if errors.As(err, &ee) {
			return nil, nil, nil, posError(src, ee.Offset, "%s", ee.Msg)
		}
		return nil, nil, nil, conditionError(src, err)
	}
	for name := range vars {
		if isPlaceholder(name) {
			return nil, nil, nil, fmt.Errorf("variable %q: %q followed by digits only is reserved", name, constPrefix)
		}
	}
	config := conf.CreateNew()
	xo := &exactOps{}
	opts := []expr.Option{expr.Env(vars), expr.Patch(xo), languageFunctions()}
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	for _, o := range opts {
		o(config)
	}
	config.Check()
	tree, err := parser.ParseWithConfig(text, config)
	if err != nil {
		return nil, nil, nil, conditionError(text, err)
	}
	if lc == nil {
		lc = newLangCtx(nil, nil)
	}
	r := &resolver{src: text, lits: lits, lc: lc, vars: vars, config: config, ext: &condExt{network: lc.network},
		origin: map[ast.Node]string{}, readOf: map[ast.Node]*condRead{}}
	r.walk(&tree.Node)
	if r.err != nil {
		return nil, nil, nil, r.err
	}
	if _, err := new(checker.Checker).PatchAndCheck(tree, config); err != nil {
		return nil, nil, nil, withFields(conditionError(text, err), vars)
	}
	if config.Optimize {
		if err := optimizer.Optimize(&tree.Node, config); err != nil {
			return nil, nil, nil, conditionError(text, err)
		}
	}
	prog, err := compiler.Compile(tree, config)
	if err != nil {
		return nil, nil, nil, conditionError(text, err)
	}
	fast := leadOf(tree.Node, xo.cmps)
	if r.ext.empty() {
		return prog, nil, fast, nil
	}
	return prog, r.ext, fast, nil
}

// resolver gives the plan's names and literals their values in a parsed
// condition, and turns reads and metrics into calls of functions that
// return their value at the current block.
type resolver struct {
	src    string
	lits   map[string]plan.Literal
	lc     *langCtx
	vars   map[string]any
	config *conf.Config
	ext    *condExt
	err    error
	// origin names where a constant address came from (pool,
	// accounts.admin), for read labels; contracts marks contract names.
	origin   map[ast.Node]string
	contract map[ast.Node]string
	readOf   map[ast.Node]*condRead
	// negated counts the not / ! around the node being walked (probe.go)
	negated int
}

func (r *resolver) fail(n ast.Node, format string, args ...any) {
	if r.err == nil {
		r.err = posError(r.src, n.Location().From, format, args...)
	}
}

func (r *resolver) walk(node *ast.Node) {
	if r.err != nil || *node == nil {
		return
	}
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		r.ident(node, n)
	case *ast.UnaryNode:
		not := n.Operator == "not" || n.Operator == "!"
		if not {
			r.negated++
		}
		r.walk(&n.Node)
		if not {
			r.negated--
		}
	case *ast.BinaryNode:
		probed := r.probeBefore(n)
		r.walk(&n.Left)
		r.walk(&n.Right)
		if probed != nil {
			probed(node)
		}
	case *ast.ChainNode:
		r.walk(&n.Node)
	case *ast.MemberNode:
		r.walk(&n.Node)
		if _, ok := n.Property.(*ast.StringNode); !ok {
			r.walk(&n.Property)
		}
		r.member(node, n)
	case *ast.SliceNode:
		r.walk(&n.Node)
		if n.From != nil {
			r.walk(&n.From)
		}
		if n.To != nil {
			r.walk(&n.To)
		}
	case *ast.CallNode:
		if _, ok := n.Callee.(*ast.IdentifierNode); !ok {
			r.walk(&n.Callee)
		}
		r.walkAll(n.Arguments)
		r.call(node, n)
	case *ast.BuiltinNode:
		r.walkAll(n.Arguments)
	case *ast.PredicateNode:
		r.walk(&n.Node)
	case *ast.VariableDeclaratorNode:
		r.walk(&n.Value)
		r.walk(&n.Expr)
	case *ast.SequenceNode:
		r.walkAll(n.Nodes)
	case *ast.ConditionalNode:
		r.walk(&n.Cond)
		r.walk(&n.Exp1)
		r.walk(&n.Exp2)
	case *ast.ArrayNode:
		r.walkAll(n.Nodes)
	case *ast.MapNode:
		r.walkAll(n.Pairs)
	case *ast.PairNode:
		r.walk(&n.Key)
		r.walk(&n.Value)
	}
}

// walkAll walks each of nodes in place.
func (r *resolver) walkAll(nodes []ast.Node) {
	for i := range nodes {
		r.walk(&nodes[i])
	}
}

// constant replaces node by a constant value.
func constant(node *ast.Node, v any) *ast.ConstantNode {
	c := &ast.ConstantNode{Value: v}
	c.SetType(reflect.TypeOf(v))
	ast.Patch(node, c)
	return c
}

func (r *resolver) ident(node *ast.Node, n *ast.IdentifierNode) {
	if lit, ok := r.lits[n.Value]; ok {
		v, err := r.literal(lit)
		if err != nil {
			r.fail(n, "%v", err)
			return
		}
		if i, ok := v.(int); ok {
			in := &ast.IntegerNode{Value: i}
			ast.Patch(node, in)
			return
		}
		constant(node, v)
		return
	}
	c, ok := r.lc.constants[n.Value]
	if !ok {
		return
	}
	if _, shadow := r.vars[n.Value]; shadow {
		r.fail(n, "%q is both a field of this detector and a constant of the plan (constants.%s); rename the constant", n.Value, n.Value)
		return
	}
	v, err := r.lc.constant(c)
	if err != nil {
		if r.lc.depth > 0 {
			// inside another constant: say which one, once
			var ce *ConditionError
			if errors.As(err, &ce) {
				err = errors.New(ce.Msg)
			}
			r.fail(n, "constant %s: %v", n.Value, err)
		} else {
			r.fail(n, "constant %s is not valid (see constants.%s)", n.Value, n.Value)
		}
		return
	}
	if ta, ok := v.(TokenAmount); ok {
		if err := r.useToken(ta.Token); err != nil {
			r.fail(n, "constant %s: %v", n.Value, err)
			return
		}
	}
	cn := constant(node, v)
	r.origin[cn] = n.Value
}

// literal is the value of a literal ScanLiterals replaced.
func (r *resolver) literal(lit plan.Literal) (any, error) {
	switch lit.Kind {
	case plan.LitUnit:
		x, ok := new(big.Rat).SetString(lit.Num)
		if !ok {
			return nil, fmt.Errorf("bad number %q", lit.Num)
		}
		x.Mul(x, new(big.Rat).SetInt(units[lit.Unit]))
		if !x.IsInt() {
			return nil, fmt.Errorf("%s %s is not a whole number of wei", lit.Num, lit.Unit)
		}
		return new(big.Int).Set(x.Num()), nil
	case plan.LitPercent:
		x, ok := new(big.Rat).SetString(lit.Num)
		if !ok {
			return nil, fmt.Errorf("bad percentage %q", lit.Num+"%")
		}
		return Ratio{R: x.Quo(x, big.NewRat(100, 1))}, nil
	case plan.LitBlocks:
		n, err := strconv.ParseUint(lit.Num, 10, 32)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("%s %s: want a positive whole number of blocks", lit.Num, lit.Unit)
		}
		return Blocks(n), nil
	case plan.LitDuration:
		d, err := plan.ParseDuration(lit.Num + lit.Unit)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("%s%s: want a positive window such as 30 minutes, 1 hour or 2 days", lit.Num, lit.Unit)
		}
		return Window(d), nil
	case plan.LitToken:
		x, ok := new(big.Rat).SetString(lit.Num)
		if !ok {
			return nil, fmt.Errorf("bad number %q", lit.Num)
		}
		t, err := r.token(lit.Unit)
		if err != nil {
			return nil, err
		}
		return newTokenAmount(x, t), nil
	}
	num, lower := lit.Num, strings.ToLower(lit.Num)
	switch {
	case strings.HasPrefix(lower, "0x"):
		digits := num[2:]
		switch len(digits) {
		case 40:
			return common.HexToAddress(num), nil
		case 64:
			return common.HexToHash(num), nil
		}
		n, ok := new(big.Int).SetString(digits, 16)
		if !ok {
			return nil, fmt.Errorf("bad hex number %q", num)
		}
		return n, nil
	case strings.Contains(lower, "e"):
		x, ok := new(big.Rat).SetString(num)
		if !ok {
			return nil, fmt.Errorf("bad number %q", num)
		}
		if !x.IsInt() {
			return nil, fmt.Errorf("%s is not a whole number; amounts are exact integers", num)
		}
		return new(big.Int).Set(x.Num()), nil
	}
	n, ok := new(big.Int).SetString(num, 10)
	if !ok {
		return nil, fmt.Errorf("bad number %q", num)
	}
	if n.IsInt64() {
		return int(n.Int64()), nil
	}
	return n, nil
}

// token returns the token named name (a contract of the plan), read on the
// condition's network.
func (r *resolver) token(name string) (*tokenInfo, error) {
	c := r.lc.contracts[name]
	if c == nil {
		names := make([]string, 0, len(r.lc.contracts))
		for n := range r.lc.contracts {
			names = append(names, n)
		}
		return nil, fmt.Errorf("unknown token %q: an amount in token units names a contract of the plan (an ERC-20)%s", name, plan.DidYouMean(name, names))
	}
	key := c.Network + "/" + c.Address.Hex()
	t := r.lc.tokens[key]
	if t == nil {
		t = &tokenInfo{name: name, network: c.Network, addr: c.Address}
		r.lc.tokens[key] = t
	}
	return t, r.useToken(t)
}

// useToken records that the condition needs t's decimals.
func (r *resolver) useToken(t *tokenInfo) error {
	if err := r.onNetwork(t.network); err != nil {
		return fmt.Errorf("token %s %w", t.name, err)
	}
	if indexOf(r.ext.tokens, t) < 0 {
		r.ext.tokens = append(r.ext.tokens, t)
	}
	return nil
}

// onNetwork makes network the condition's, or reports a mix.
func (r *resolver) onNetwork(network string) error {
	switch r.ext.network {
	case "":
		r.ext.network = network
	case network:
	default:
		return fmt.Errorf("is on network %q, the detector on %q", network, r.ext.network)
	}
	return nil
}

func (r *resolver) member(node *ast.Node, n *ast.MemberNode) {
	id, ok := n.Node.(*ast.IdentifierNode)
	if !ok {
		return
	}
	prop, ok := n.Property.(*ast.StringNode)
	if !ok {
		return
	}
	if id.Value == "tx" {
		switch prop.Value {
		case "events":
			r.ext.scopeEvents = true
		case "calls":
			r.ext.scopeCalls = true
		}
		return
	}
	if _, shadow := r.vars[id.Value]; shadow && id.Value != "contracts" {
		return
	}
	switch id.Value {
	case "accounts":
		a, ok := r.lc.accounts[prop.Value]
		if !ok {
			names := make([]string, 0, len(r.lc.accounts))
			for n := range r.lc.accounts {
				names = append(names, n)
			}
			sort.Strings(names)
			r.fail(n.Property, "unknown account %q%s", prop.Value, plan.DidYouMean(prop.Value, names))
			return
		}
		var cn *ast.ConstantNode
		if a.Set {
			cn = constant(node, append([]common.Address(nil), a.Addresses...))
		} else if len(a.Addresses) == 1 {
			cn = constant(node, a.Addresses[0])
		} else {
			r.fail(n.Property, "account %q has no address", prop.Value)
			return
		}
		r.origin[cn] = "accounts." + prop.Value
	case "contracts":
		c := r.lc.contracts[prop.Value]
		if c == nil {
			return // unknown here: the runtime map answers (zero address)
		}
		cn := constant(node, c.Address)
		r.origin[cn] = prop.Value
		if r.contract == nil {
			r.contract = map[ast.Node]string{}
		}
		r.contract[cn] = prop.Value
	}
}

// constArg returns the value of a constant node: a constant, or an
// integer, string or bool literal. The exact operators call it on their
// operands too, where a bool never reaches it: pickOp takes no bool
// operand, an address set is a []common.Address and a negated constant a
// ratio or a big integer.
func constArg(n ast.Node) (any, bool) {
	switch c := n.(type) {
	case *ast.ConstantNode:
		return c.Value, true
	case *ast.IntegerNode:
		return c.Value, true
	case *ast.StringNode:
		return c.Value, true
	case *ast.BoolNode:
		return c.Value, true
	}
	return nil, false
}

func (r *resolver) call(node *ast.Node, n *ast.CallNode) {
	switch callee := n.Callee.(type) {
	case *ast.MemberNode:
		name, ok := r.contract[callee.Node]
		prop, okp := callee.Property.(*ast.StringNode)
		if ok && okp {
			r.viewCall(node, n, name, prop.Value)
		}
	case *ast.IdentifierNode:
		switch callee.Value {
		case "balance":
			r.balanceCall(node, n)
		case metricChange, metricZScore:
			r.metricCall(node, n, callee.Value)
		case "events_sum", "events_count":
			r.eventsCall(node, n, callee.Value == "events_count")
		case "outflow":
			r.outflowCall(node, n)
		case "selector":
			if len(n.Arguments) != 1 {
				r.fail(n, "selector takes one argument, a function signature such as \"transfer(address,uint256)\"")
				return
			}
			s, ok := n.Arguments[0].(*ast.StringNode)
			if !ok {
				r.fail(n.Arguments[0], "selector takes a written signature, such as \"transfer(address,uint256)\"")
				return
			}
			sig, err := plan.ParseSignature(s.Value)
			if err != nil {
				r.fail(n.Arguments[0], "selector: %v", err)
				return
			}
			constant(node, fmt.Sprintf("0x%x", selectorOf(sig.Canonical())))
		case "units":
			if len(n.Arguments) != 2 {
				return // the function's own check reports it
			}
			s, ok := n.Arguments[1].(*ast.StringNode)
			if !ok {
				return // units(x, decimals)
			}
			v, ok := constArg(n.Arguments[0])
			if !ok {
				r.fail(n.Arguments[0], "units(x, %q) takes a written amount", s.Value)
				return
			}
			var amount *big.Rat
			switch x := v.(type) {
			case int:
				amount = new(big.Rat).SetInt64(int64(x))
			case *big.Int:
				amount = new(big.Rat).SetInt(x)
			default:
				r.fail(n.Arguments[0], "units(x, %q) takes a whole amount, not %T", s.Value, v)
				return
			}
			t, err := r.token(s.Value)
			if err != nil {
				r.fail(n.Arguments[1], "%v", err)
				return
			}
			constant(node, newTokenAmount(amount, t))
		}
	}
}

// addressArg returns an argument that must be a constant address, and its
// name.
func (r *resolver) addressArg(n ast.Node, what string) (common.Address, string, bool) {
	v, ok := constArg(n)
	if ok {
		switch x := v.(type) {
		case common.Address:
			name := r.origin[n]
			if name == "" {
				name = x.Hex()
			}
			return x, name, true
		case string:
			if c := r.lc.contracts[x]; c != nil {
				return c.Address, x, true
			}
			if a, ok := r.lc.accounts[x]; ok && !a.Set && len(a.Addresses) == 1 {
				return a.Addresses[0], "accounts." + x, true
			}
		}
	}
	r.fail(n, "%s must be an address known when the plan loads: a contract (contracts.NAME), an account (accounts.NAME), a constant or 0x…%s", what, r.nameHint(n))
	return common.Address{}, "", false
}

// nameHint suggests the namespaced form of a bare contract or account
// name.
func (r *resolver) nameHint(n ast.Node) string {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return ""
	}
	if _, ok := r.lc.contracts[id.Value]; ok {
		return fmt.Sprintf("; write contracts.%s", id.Value)
	}
	if _, ok := r.lc.accounts[id.Value]; ok {
		return fmt.Sprintf("; write accounts.%s", id.Value)
	}
	return ""
}

// balanceCall: balance(holder) is its native balance at the block,
// balance(holder, token) its balance of an ERC-20.
func (r *resolver) balanceCall(node *ast.Node, n *ast.CallNode) {
	if len(n.Arguments) < 1 || len(n.Arguments) > 2 {
		r.fail(n, "balance takes a holder and, for an ERC-20, its token: balance(contracts.pool) or balance(contracts.pool, contracts.usdc)")
		return
	}
	holder, hname, ok := r.addressArg(n.Arguments[0], "balance's holder")
	if !ok {
		return
	}
	label := "balance(" + hname + ")"
	call := Call{Method: MethodGetBalance, To: holder}
	network := ""
	if len(n.Arguments) == 2 {
		tok, tname, ok := r.addressArg(n.Arguments[1], "balance's token")
		if !ok {
			return
		}
		if c := r.lc.contracts[tname]; c != nil {
			network = c.Network
		}
		data, err := balanceOf.Inputs.Pack(holder)
		if err != nil {
			r.fail(n, "balance: %v", err)
			return
		}
		call = Call{Method: MethodCall, To: tok, Data: append(append([]byte{}, balanceOf.ID...), data...)}
		label = "balance(" + hname + ", " + tname + ")"
	}
	if c := r.lc.contracts[hname]; c != nil && network == "" {
		network = c.Network
	}
	r.addRead(node, n, label, call, uint256Out[0].Type, network)
}

// eventsCall: events_sum(contract, "Event", "field") is the block's sum of
// the field over the contract's events of that signature (in successful
// transactions); events_count(contract, "Event") their number.
func (r *resolver) eventsCall(node *ast.Node, n *ast.CallNode, count bool) {
	what, want := "events_sum", 3
	if count {
		what, want = "events_count", 2
	}
	if len(n.Arguments) != want {
		if count {
			r.fail(n, "events_count takes a contract and an event: events_count(contracts.pool, \"Withdraw\")")
		} else {
			r.fail(n, "events_sum takes a contract, an event and an integer field: events_sum(contracts.pool, \"Withdraw\", \"amount\")")
		}
		return
	}
	addr, name, ok := r.addressArg(n.Arguments[0], what+"'s contract")
	if !ok {
		return
	}
	c := r.lc.contracts[name]
	sig, okSig := n.Arguments[1].(*ast.StringNode)
	if !okSig {
		r.fail(n.Arguments[1], "%s takes the event as written text: \"Withdraw\" or \"Withdraw(address,uint256)\"", what)
		return
	}
	var cabi *abi.ABI
	if c != nil {
		cabi = contractABI(c)
	}
	ev, err := findEvent(sig.Value, cabi)
	if err != nil {
		r.fail(n.Arguments[1], "%s: %v", what, err)
		return
	}
	spec := newEventSpec(ev)
	field, label := "", fmt.Sprintf("%s(%s, %s)", what, name, ev.RawName)
	if !count {
		f, okF := n.Arguments[2].(*ast.StringNode)
		if !okF {
			r.fail(n.Arguments[2], "events_sum takes the field as written text, e.g. \"amount\"")
			return
		}
		t, known := spec.vars[f.Value]
		if !known {
			r.fail(n.Arguments[2], "event %s has no field %q (%s)", ev.Sig, f.Value, strings.Join(spec.names, ", "))
			return
		}
		if _, isInt := t.(*big.Int); !isInt {
			r.fail(n.Arguments[2], "events_sum adds integers; %s.%s is not one", ev.RawName, f.Value)
			return
		}
		field, label = f.Value, fmt.Sprintf("%s(%s, %s, %s)", what, name, ev.RawName, f.Value)
	}
	network := ""
	if c != nil {
		network = c.Network
	}
	if !r.addReadAt(node, n, label, Call{}, uint256Out[0].Type, network) {
		return
	}
	rd := r.readOf[*node]
	rd.ev, rd.evAddr, rd.field = spec, addr, field
}

// outflowCall: outflow(holder) is the block's net outflow of the native
// currency from a monitored contract, outflow(holder, token) of an ERC-20
// (what left minus what came in, over the block's successful
// transactions: negative when more came in).
func (r *resolver) outflowCall(node *ast.Node, n *ast.CallNode) {
	if len(n.Arguments) < 1 || len(n.Arguments) > 2 {
		r.fail(n, "outflow takes a contract of the plan and, for an ERC-20, its token: outflow(contracts.pool) or outflow(contracts.pool, contracts.usdc)")
		return
	}
	holder, hname, ok := r.addressArg(n.Arguments[0], "outflow's contract")
	if !ok {
		return
	}
	c := r.lc.contracts[hname]
	if c == nil {
		r.fail(n.Arguments[0], "outflow watches a contract of the plan (contracts.NAME), whose flows are followed")
		return
	}
	k := flowKey{holder: holder}
	label := "outflow(" + hname + ")"
	if len(n.Arguments) == 2 {
		tok, tname, ok := r.addressArg(n.Arguments[1], "outflow's token")
		if !ok {
			return
		}
		k.token = tok
		label = "outflow(" + hname + ", " + tname + ")"
	}
	if !r.addReadAt(node, n, label, Call{}, uint256Out[0].Type, c.Network) {
		return
	}
	r.readOf[*node].flow = &k
}

// viewCall: contracts.NAME.method(args…) is the view function's first
// output at the block.
func (r *resolver) viewCall(node *ast.Node, n *ast.CallNode, contract, method string) {
	c := r.lc.contracts[contract]
	a := contractABI(c)
	if a == nil {
		r.fail(n, "contracts.%s.%s(): contract %q has no ABI to call it by", contract, method, contract)
		return
	}
	var m *abi.Method
	var same []string
	for _, cand := range a.Methods {
		if cand.RawName != method {
			continue
		}
		same = append(same, cand.Sig)
		if len(cand.Inputs) == len(n.Arguments) {
			cand := cand
			m = &cand
		}
	}
	if m == nil {
		names := make([]string, 0, len(a.Methods))
		for _, x := range a.Methods {
			if x.IsConstant() {
				names = append(names, x.RawName)
			}
		}
		if len(same) > 0 {
			r.fail(n, "%s takes %s, not %d argument(s)", method, strings.Join(same, " or "), len(n.Arguments))
		} else {
			r.fail(n, "contract %q has no function %q%s", contract, method, plan.DidYouMean(method, names))
		}
		return
	}
	if len(m.Outputs) == 0 {
		r.fail(n, "%s.%s returns nothing", contract, m.Sig)
		return
	}
	vals := make([]any, len(n.Arguments))
	var shown []string
	for i, argNode := range n.Arguments {
		v, ok := constArg(argNode)
		if !ok {
			r.fail(argNode, "argument %d of %s must be known when the plan loads (a literal, a constant, an account or a contract)%s", i+1, m.Sig, r.nameHint(argNode))
			return
		}
		in := m.Inputs[i].Type
		if in.T == abi.AddressTy {
			addr, name, ok := r.addressArg(argNode, fmt.Sprintf("argument %d of %s", i+1, m.Sig))
			if !ok {
				return
			}
			vals[i] = addr
			shown = append(shown, name)
			continue
		}
		if in.T == abi.UintTy || in.T == abi.IntTy {
			x, err := toBig(v)
			if err != nil {
				r.fail(argNode, "argument %d of %s: %v", i+1, m.Sig, err)
				return
			}
			fv, err := fitInt(x, in)
			if err != nil {
				r.fail(argNode, "argument %d of %s: %v", i+1, m.Sig, err)
				return
			}
			vals[i] = fv
			shown = append(shown, x.String())
			continue
		}
		vals[i] = v
		shown = append(shown, fmt.Sprint(v))
	}
	data, err := m.Inputs.Pack(vals...)
	if err != nil {
		r.fail(n, "%s: %v", m.Sig, err)
		return
	}
	call := Call{Method: MethodCall, To: c.Address, Data: append(append([]byte{}, m.ID...), data...)}
	r.addRead(node, n, contract+"."+method+"("+strings.Join(shown, ", ")+")", call, m.Outputs[0].Type, c.Network)
}

// addRead makes node a call of a function that returns the read's value
// at the current block.
func (r *resolver) addRead(node *ast.Node, n ast.Node, label string, call Call, out abi.Type, network string) {
	r.addReadAt(node, n, label, call, out, network)
}

// addReadAt is addRead, reporting whether it succeeded.
func (r *resolver) addReadAt(node *ast.Node, n ast.Node, label string, call Call, out abi.Type, network string) bool {
	if network == "" {
		switch {
		case r.ext.network != "":
			network = r.ext.network
		case len(r.lc.networks) == 1:
			network = r.lc.networks[0]
		default:
			r.fail(n, "%s: the plan has several networks; give the detector a contract, or read a contract's state, to say which", label)
			return false
		}
	}
	if err := r.onNetwork(network); err != nil {
		r.fail(n, "%s %v", label, err)
		return false
	}
	for _, have := range r.ext.reads {
		if have.label == label {
			r.replaceRead(node, have)
			return true
		}
	}
	rd := &condRead{label: label, call: call, out: out}
	r.ext.reads = append(r.ext.reads, rd)
	r.replaceRead(node, rd)
	return true
}

func (r *resolver) replaceRead(node *ast.Node, rd *condRead) {
	name := "_r" + strconv.Itoa(indexOf(r.ext.reads, rd))
	typ := reflect.TypeOf(sampleOf(rd.out, false))
	r.config.Functions[name] = &builtin.Function{Name: name,
		Func: func(...any) (any, error) {
			if rd.err != nil {
				return nil, rd.err
			}
			return rd.val, nil
		},
		Types: []reflect.Type{reflect.FuncOf(nil, []reflect.Type{typ}, false)},
	}
	call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}}
	ast.Patch(node, call)
	r.readOf[*node] = rd
}

func indexOf[T comparable](s []T, v T) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// metricCall: change(read, N blocks) and zscore(read, N blocks).
func (r *resolver) metricCall(node *ast.Node, n *ast.CallNode, kind string) {
	if len(n.Arguments) != 2 {
		r.fail(n, "%s takes a read and a window: %s(balance(contracts.pool), 10 blocks)", kind, kind)
		return
	}
	rd := r.readOf[n.Arguments[0]]
	if rd == nil {
		r.fail(n.Arguments[0], "%s watches a read at each block: balance(…), or contracts.NAME.function(…)", kind)
		return
	}
	if rd.out.T != abi.UintTy && rd.out.T != abi.IntTy {
		r.fail(n.Arguments[0], "%s needs an integer read; %s is %s", kind, rd.label, rd.out)
		return
	}
	w, ok := constArg(n.Arguments[1])
	var win uint64
	var span time.Duration
	var shown string
	switch x := w.(type) {
	case Blocks:
		win, shown = uint64(x), fmt.Sprintf("%d blocks", x)
	case Window:
		span, shown = time.Duration(x), spanText(time.Duration(x))
	default:
		ok = false
	}
	if !ok {
		r.fail(n.Arguments[1], "%s's window is a number of blocks or a time, e.g. 10 blocks or 1 hour", kind)
		return
	}
	if win > maxSeries {
		r.fail(n.Arguments[1], "%s's window is at most %d blocks (its history is saved with the cursor at every block)", kind, maxSeries)
		return
	}
	if kind == metricZScore && span == 0 && win < 3 {
		r.fail(n.Arguments[1], "zscore needs a window of at least 3 blocks")
		return
	}
	label := fmt.Sprintf("%s(%s, %s)", kind, rd.label, shown)
	var m *metric
	for _, have := range r.ext.metrics {
		if have.label == label {
			m = have
		}
	}
	if m == nil {
		m = &metric{label: label, kind: kind, read: rd, window: win, span: span}
		r.ext.metrics = append(r.ext.metrics, m)
	}
	name := "_m" + strconv.Itoa(indexOf(r.ext.metrics, m))
	typ := changeType
	if kind == metricZScore {
		typ = floatType
	}
	r.config.Functions[name] = &builtin.Function{Name: name,
		Func: func(...any) (any, error) {
			if m.err != nil {
				return nil, m.err
			}
			return m.val, nil
		},
		Types: []reflect.Type{reflect.FuncOf(nil, []reflect.Type{typ}, false)},
	}
	ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}})
}

// value evaluates an amount written in the plan's language outside a
// condition (a heuristic's parameter): a literal, a constant, a token
// amount.
func (lc *langCtx) value(src string) (any, error) {
	return lc.evalStateless(src, "a parameter cannot read state")
}

// evalStateless compiles src, which may read no state (stateless is the
// error when it does), and evaluates it.
func (lc *langCtx) evalStateless(src, stateless string) (any, error) {
	prog, ext, err := compileExpr(src, map[string]any{}, lc, false)
	if err != nil {
		return nil, err
	}
	if ext != nil && (len(ext.reads) > 0 || len(ext.metrics) > 0) {
		return nil, errors.New(stateless)
	}
	if prog == nil {
		return nil, errors.New("empty")
	}
	var m vm.VM
	return m.Run(prog, map[string]any{})
}

// spanText writes a window in time in the largest whole unit.
func spanText(d time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}} {
		if d%u.d == 0 {
			if n := d / u.d; n != 1 {
				return fmt.Sprintf("%d %ss", n, u.name)
			}
			return "1 " + u.name
		}
	}
	return fmt.Sprintf("%d seconds", d/time.Second)
}

// constant evaluates a plan constant (once).
func (lc *langCtx) constant(c plan.Constant) (any, error) {
	if v, ok := lc.values[c.Name]; ok {
		if v.busy {
			return nil, fmt.Errorf("refers to itself")
		}
		return v.v, v.err
	}
	lc.values[c.Name] = constValue{busy: true}
	v, err := lc.evalConstant(c)
	lc.values[c.Name] = constValue{v: v, err: err}
	return v, err
}

func (lc *langCtx) evalConstant(c plan.Constant) (any, error) {
	saved, probe := lc.network, lc.probe
	lc.network, lc.probe = "", nil
	lc.depth++
	defer func() { lc.network, lc.probe = saved, probe; lc.depth-- }()
	v, err := lc.evalStateless(c.Expr, "a constant cannot read state; write the read in the condition")
	if errors.Is(err, errDecimals) {
		return nil, errors.New("a constant in a token's units is one amount (1000 usdc); write arithmetic on it in the condition")
	}
	return v, err
}
