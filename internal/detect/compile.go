// Package detect turns blocks into alerts. The plan's detectors are
// compiled once (Compile) into an Engine whose Process is pure and
// deterministic: the same sequence of blocks and reads gives the same
// alerts, in the same order. The engine keeps a little state across blocks
// (threshold windows, cooldowns, balance history, recently created
// contracts, broken invariants), explicit in State so that a follower can
// snapshot it before a block and restore it on a reorg.
//
// Conditions are expr expressions (github.com/expr-lang/expr) over the
// decoded fields with exact 256-bit integers; see lang.go for the literals
// and operators.
//
// Matching is indexed by (address, topic0) for logs and (address,
// selector) for calls, so the cost of a log that no detector watches is one
// map lookup, whatever the number of detectors, and no allocation; a log is
// decoded only when some detector watches its (address, topic0), and then
// only the arguments its detectors' conditions name (the others when an
// alert needs them; see decode.go). Among the detectors of one (address,
// topic0), (address, selector) or contract's transactions, those whose
// conditions begin with a comparison of an argument (or tx.value) with an
// integer are indexed by their constants, so that a log visits only the
// detectors whose comparison holds (see condindex.go).
package detect

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/expr-lang/expr/vm"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Option changes how a plan is compiled.
type Option func(*config)

type config struct {
	network string
	metrics *Metrics
	probe   *Probe
	// indexMin is the least number of detectors of a match worth an
	// index (0: indexMin, < 0: no index); see condindex.go.
	indexMin int
}

// ForNetwork compiles only the detectors that watch the named network (an
// engine per follower); by default every network of the plan is compiled
// and Process dispatches on Block.Network.
func ForNetwork(name string) Option {
	return func(c *config) { c.network = name }
}

// CompileError is a problem with one detector, at its place in the plan.
type CompileError struct {
	Pos      plan.Pos
	Detector string
	Msg      string
}

// Error formats the problem as FILE:LINE:COL: detector "NAME": message
// (FILE:LINE:COL: message for a problem outside detectors).
func (e *CompileError) Error() string {
	if e.Detector == "" {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	return fmt.Sprintf("%s: detector %q: %s", e.Pos, e.Detector, e.Msg)
}

// Check compiles every detector of p and returns one error per problem
// (each a *CompileError positioned FILE:LINE:COL), for `plan check`.
func Check(p *plan.Plan) []error {
	_, errs := compile(p, config{})
	return errs
}

// Compile compiles the detectors of p into an Engine. The error joins every
// problem found (each a *CompileError).
func Compile(p *plan.Plan, opts ...Option) (*Engine, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	e, errs := compile(p, cfg)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	e.instrument(cfg.metrics)
	// A probe needs every threshold's compared value: it evaluates each
	// detector, unindexed.
	if cfg.probe == nil {
		min := cfg.indexMin
		if min == 0 {
			min = indexMin
		}
		e.buildIndexes(min)
	}
	return e, nil
}

// detector is one compiled detector.
type detector struct {
	idx          int
	name         string
	kind         string
	heuristic    string
	severity     string
	incidentType string
	response     []string
	network      string // "" for every network
	contract     common.Address
	contractName string
	hasContract  bool
	cond         *vm.Program
	// fast compares without cond's program when cond is a comparison of
	// an argument with a constant (fastcond.go)
	fast *fastCond
	// lead is fast, or the comparison cond begins with (cond is lead &&
	// …), nil when neither; slots are det's places in the engine's
	// indexes (condindex.go).
	lead  *fastCond
	slots []ixSlot
	// uses is what cond reads: the watched path decodes only the
	// arguments named; txValue: it may read tx.value or tx.selector
	uses    condUses
	txValue bool
	// ext is what cond needs from the engine at each block (state reads,
	// metrics, token decimals); nil when nothing.
	ext *condExt
	// holds is true when cond is an invariant's holds expression (it
	// alerts when false), false for a condition (it alerts when true).
	holds     bool
	threshold int
	window    time.Duration
	cooldown  time.Duration

	event   *eventSpec
	method  *methodSpec
	heur    *heuristicSpec
	balance *balanceSpec
	inv     *invariantSpec
}

// eventSpec is a decodable event and the variable names of its arguments.
type eventSpec struct {
	event      abi.Event
	indexed    abi.Arguments
	nonIndexed abi.Arguments
	names      []string
	vars       map[string]any
	// layout reads the arguments one by one; nil when some argument
	// is not one word (see decode.go)
	layout *wordLayout
}

// methodSpec is a decodable function.
type methodSpec struct {
	method abi.Method
	inputs abi.Arguments
	names  []string
	vars   map[string]any
	layout *wordLayout
}

// context variable names every condition may use.
var reservedNames = map[string]bool{
	"tx": true, "block": true, "log": true, "call": true, "contract": true, "contracts": true,
}

func baseVars() map[string]any {
	return map[string]any{
		"tx":        (*txEnv)(nil),
		"block":     (*blockEnv)(nil),
		"contract":  common.Address{},
		"contracts": map[string]common.Address(nil),
	}
}

func compile(p *plan.Plan, cfg config) (*Engine, []error) {
	e := &Engine{
		nets:      map[string]*netIndex{},
		contracts: map[string]common.Address{},
		state:     newState(),
		tokens:    map[string]*tokenInfo{},
		events:    newEventTable(p),
	}
	contracts := map[string]*plan.Contract{}
	for i := range p.Contracts {
		c := &p.Contracts[i]
		contracts[c.Name] = c
		if cfg.network == "" || c.Network == cfg.network {
			e.contracts[c.Name] = c.Address
		}
	}
	for _, n := range p.Networks {
		if cfg.network == "" || n.Name == cfg.network {
			ni := e.net(n.Name)
			ni.native = n.Native()
			ni.traceCfg = n.Traces
		}
	}
	for _, c := range p.Contracts {
		if ni := e.nets[c.Network]; ni != nil {
			ni.monitored[c.Address] = c.Name
		}
	}
	var errs []error
	all := map[string]*plan.Contract{}
	for i := range p.Contracts {
		all[p.Contracts[i].Name] = &p.Contracts[i]
	}
	lc := newLangCtx(p, all)
	e.learnTokens(p, lc)
	errs = append(errs, checkConstants(p, lc)...)
	// the arguments fast comparisons read, one string each, so that
	// fastCache compares them by pointer
	fastNames := map[string]string{}
	for i := range p.Detectors {
		d := &p.Detectors[i]
		fail := func(pos plan.Pos, format string, args ...any) {
			if !pos.IsValid() {
				pos = d.Pos
			}
			if pos.File == "" {
				pos.File = p.Path
			}
			errs = append(errs, &CompileError{Pos: pos, Detector: d.Name, Msg: fmt.Sprintf(format, args...)})
		}
		det := &detector{
			idx:          len(e.dets),
			name:         d.Name,
			kind:         d.Kind,
			heuristic:    d.Heuristic,
			severity:     d.Severity,
			incidentType: d.IncidentType,
			response:     d.Response,
			cooldown:     time.Duration(d.Cooldown),
		}
		if d.Threshold != nil {
			det.threshold, det.window = d.Threshold.Count, time.Duration(d.Threshold.Window)
		}
		var c *plan.Contract
		if d.Contract != "" {
			c = contracts[d.Contract]
			if c == nil {
				fail(d.Pos, "unknown contract %q", d.Contract)
				continue
			}
			det.contract, det.contractName, det.hasContract, det.network = c.Address, c.Name, true, c.Network
		}
		if cfg.network != "" && det.network != "" && det.network != cfg.network {
			continue
		}
		var vars map[string]any
		var err error
		switch d.Kind {
		case plan.KindEvent:
			vars, err = compileEvent(det, d, c)
		case plan.KindFunction:
			vars, err = compileFunction(det, d, c)
		case plan.KindTransaction:
			vars = baseVars()
		case plan.KindBalance:
			vars, err = compileBalance(det, d, c, contracts)
		case plan.KindInvariant:
			vars, err = compileInvariant(det, d, contracts, p.Accounts)
		case plan.KindHeuristic:
			lc.network = det.network
			vars, err = compileHeuristic(det, d, contracts, p.Accounts, lc)
		default:
			err = fmt.Errorf("unknown kind %q (want event, function, transaction, balance, invariant or heuristic)", d.Kind)
		}
		if err != nil {
			fail(d.Pos, "%v", err)
			continue
		}
		text, field, at := d.Condition, "condition", d.ConditionPos
		if d.Kind == plan.KindInvariant && d.Holds != "" {
			// The invariant itself: what must be true; it alerts when false.
			text, field, at = d.Holds, "holds", d.HoldsPos
			det.holds = true
		}
		lc.network = det.network
		lc.probe = cfg.probe.spotsFor(e, d.Name, field, text, det.holds, d.Kind == plan.KindEvent)
		prog, ext, fast, err := compileCond(text, vars, lc, true)
		lc.probe = nil
		if err != nil {
			var ce *ConditionError
			if errors.As(err, &ce) {
				fail(conditionPos(p, d, at, ce), "%s: %s", field, ce.Msg)
			} else {
				fail(d.Pos, "%s: %v", field, err)
			}
			continue
		}
		if fast != nil && fast.name != "" {
			if n, ok := fastNames[fast.name]; ok {
				fast.name = n
			} else {
				fastNames[fast.name] = fast.name
			}
		}
		det.cond, det.ext, det.lead = prog, ext, fast
		if fast != nil && !fast.more {
			det.fast = fast
		}
		det.uses = condNames(prog)
		det.txValue = det.uses.reads("tx", "value") || det.uses.reads("tx", "selector")
		if h := det.heur; h != nil && h.minTok != nil {
			// the heuristic's min_outflow needs its token's decimals
			if det.ext == nil {
				det.ext = &condExt{network: h.minTok.Token.network}
			}
			if indexOf(det.ext.tokens, h.minTok.Token) < 0 {
				det.ext.tokens = append(det.ext.tokens, h.minTok.Token)
			}
		}
		if det.ext != nil {
			if det.network != "" && det.ext.network != "" && det.network != det.ext.network {
				fail(d.Pos, "reads on network %q, the detector on %q", det.ext.network, det.network)
				continue
			}
			det.network = det.ext.network
		}
		if d.Kind == plan.KindInvariant && len(d.Reads) == 0 && (ext == nil || len(ext.reads) == 0) {
			fail(at, "an invariant detector needs reads: named reads, or reads in %s (balance(contracts.NAME), contracts.NAME.function())", field)
			continue
		}
		if cfg.network != "" && det.network != "" && det.network != cfg.network {
			continue
		}
		e.dets = append(e.dets, det)
		e.state.Detectors = append(e.state.Detectors, DetectorState{Name: det.name})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for _, det := range e.dets {
		e.register(det)
	}
	return e, nil
}

// checkConstants evaluates the plan's constants, reporting each problem at
// its place in the plan.
func checkConstants(p *plan.Plan, lc *langCtx) []error {
	names := make([]string, 0, len(p.Constants))
	for n := range p.Constants {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		c := p.Constants[name]
		if _, err := lc.constant(c); err != nil {
			pos := c.Pos
			var ce *ConditionError
			if errors.As(err, &ce) && c.ExprPos.IsValid() {
				pos = exprPos(p, c.ExprPos, ce)
				err = errors.New(ce.Msg)
			}
			if pos.File == "" {
				pos.File = p.Path
			}
			errs = append(errs, &CompileError{Pos: pos, Msg: fmt.Sprintf("constants.%s: %v", name, err)})
		}
	}
	return errs
}

// exprPos maps a position inside an expression that starts at start to
// the plan file (past a quote, below a block scalar's indicator).
func exprPos(p *plan.Plan, start plan.Pos, ce *ConditionError) plan.Pos {
	return plan.ExprPosition(p.Source, start, ce.Line, ce.Column-1)
}

// conditionPos maps a position inside an expression written at pos to the
// plan file.
func conditionPos(p *plan.Plan, d *plan.Detector, pos plan.Pos, ce *ConditionError) plan.Pos {
	if !pos.IsValid() {
		return d.Pos
	}
	if len(p.Source) > 0 {
		// past the quote of a quoted condition, below a block scalar's
		// indicator
		return exprPos(p, pos, ce)
	}
	if ce.Line <= 1 {
		pos.Col += ce.Column - 1
		return pos
	}
	pos.Line += ce.Line - 1
	pos.Col += ce.Column - 1
	return pos
}

func compileEvent(det *detector, d *plan.Detector, c *plan.Contract) (map[string]any, error) {
	if c == nil {
		return nil, errors.New("an event detector needs a contract")
	}
	if d.Signature == "" {
		return nil, errors.New("an event detector needs a signature, e.g. Withdraw(address,uint256)")
	}
	ev, err := findEvent(d.Signature, contractABI(c))
	if err != nil {
		return nil, err
	}
	det.event = newEventSpec(ev)
	vars := baseVars()
	vars["log"] = (*logEnv)(nil)
	for k, v := range det.event.vars {
		vars[k] = v
	}
	return vars, nil
}

func newEventSpec(ev abi.Event) *eventSpec {
	args := argNames(ev.Inputs, reservedNames)
	s := &eventSpec{event: ev, vars: map[string]any{}}
	for _, a := range args {
		s.names = append(s.names, a.Name)
		s.vars[a.Name] = sampleOf(a.Type, a.Indexed)
		if a.Indexed {
			s.indexed = append(s.indexed, a)
		} else {
			s.nonIndexed = append(s.nonIndexed, a)
		}
	}
	s.layout = newWordLayout(args)
	return s
}

func compileFunction(det *detector, d *plan.Detector, c *plan.Contract) (map[string]any, error) {
	if c == nil {
		return nil, errors.New("a function detector needs a contract")
	}
	if d.Signature == "" {
		return nil, errors.New("a function detector needs a signature, e.g. withdraw(uint256)")
	}
	m, err := findMethod(d.Signature, contractABI(c))
	if err != nil {
		return nil, err
	}
	args := argNames(m.Inputs, reservedNames)
	s := &methodSpec{method: m, inputs: args, vars: map[string]any{}, layout: newWordLayout(args)}
	for _, a := range args {
		s.names = append(s.names, a.Name)
		s.vars[a.Name] = sampleOf(a.Type, false)
	}
	det.method = s
	vars := baseVars()
	vars["call"] = (*callEnv)(nil)
	for k, v := range s.vars {
		vars[k] = v
	}
	return vars, nil
}

func contractABI(c *plan.Contract) *abi.ABI {
	if c == nil || c.ABI == nil {
		return nil
	}
	if len(c.ABI.Parsed.Events) == 0 && len(c.ABI.Parsed.Methods) == 0 {
		return nil
	}
	return &c.ABI.Parsed
}

// selectorOf is the 4-byte selector of a canonical function signature.
func selectorOf(sig string) [4]byte {
	var s [4]byte
	copy(s[:], crypto.Keccak256([]byte(sig))[:4])
	return s
}

// topicOf is the topic0 of a canonical event signature.
func topicOf(sig string) common.Hash {
	return crypto.Keccak256Hash([]byte(sig))
}

// resolveAddress reads an address, a contract name or the name of a
// single account of the plan.
func resolveAddress(s string, contracts map[string]*plan.Contract, accounts map[string]plan.Account) (common.Address, error) {
	s = strings.TrimSpace(s)
	if c, ok := contracts[s]; ok {
		return c.Address, nil
	}
	if a, ok := accounts[s]; ok && !a.Set && len(a.Addresses) == 1 {
		return a.Addresses[0], nil
	}
	if common.IsHexAddress(s) {
		return common.HexToAddress(s), nil
	}
	return common.Address{}, fmt.Errorf("%q is neither an address nor a contract or account of the plan", s)
}

// packArgs encodes text arguments for a call by the method's input types.
func packArgs(m abi.Method, args []string, contracts map[string]*plan.Contract, accounts map[string]plan.Account) ([]byte, error) {
	if len(args) != len(m.Inputs) {
		return nil, fmt.Errorf("%s takes %d arguments, got %d", m.Sig, len(m.Inputs), len(args))
	}
	vals := make([]any, len(args))
	for i, a := range args {
		t := m.Inputs[i].Type
		switch t.T {
		case abi.AddressTy:
			addr, err := resolveAddress(a, contracts, accounts)
			if err != nil {
				return nil, fmt.Errorf("argument %d: %w", i, err)
			}
			vals[i] = addr
		case abi.UintTy, abi.IntTy:
			n, err := plan.ParseAmount(a)
			if err != nil {
				return nil, fmt.Errorf("argument %d: %w", i, err)
			}
			v, err := fitInt(n, t)
			if err != nil {
				return nil, fmt.Errorf("argument %d: %w", i, err)
			}
			vals[i] = v
		case abi.BoolTy:
			switch a {
			case "true":
				vals[i] = true
			case "false":
				vals[i] = false
			default:
				return nil, fmt.Errorf("argument %d: %q is not true or false", i, a)
			}
		case abi.FixedBytesTy:
			if t.Size != 32 || len(strings.TrimPrefix(a, "0x")) != 64 {
				return nil, fmt.Errorf("argument %d: want 0x and 64 hex digits for %s", i, t)
			}
			vals[i] = common.HexToHash(a)
		default:
			return nil, fmt.Errorf("argument %d: type %s is not supported in reads", i, t)
		}
	}
	data, err := m.Inputs.Pack(vals...)
	if err != nil {
		return nil, err
	}
	return append(append([]byte{}, m.ID...), data...), nil
}

// fitInt converts n to the Go type go-ethereum packs for t.
func fitInt(n *big.Int, t abi.Type) (any, error) {
	if t.Size > 64 {
		return n, nil
	}
	if !n.IsUint64() {
		return nil, fmt.Errorf("%s does not fit %s", n, t)
	}
	u := n.Uint64()
	switch {
	case t.T == abi.UintTy && t.Size == 8:
		return uint8(u), nil
	case t.T == abi.UintTy && t.Size == 16:
		return uint16(u), nil
	case t.T == abi.UintTy && t.Size == 32:
		return uint32(u), nil
	case t.T == abi.UintTy && t.Size == 64:
		return u, nil
	case t.T == abi.IntTy && t.Size == 8:
		return int8(u), nil
	case t.T == abi.IntTy && t.Size == 16:
		return int16(u), nil
	case t.T == abi.IntTy && t.Size == 32:
		return int32(u), nil
	case t.T == abi.IntTy && t.Size == 64:
		return int64(u), nil
	}
	return n, nil
}

// learnTokens has the decimals of every contract of the plan that is an
// ERC-20 (its ABI has decimals()) read once, like those of the tokens
// conditions count in, so that alerts tell token amounts in units
// ("5,000 dusd") rather than base units.
func (e *Engine) learnTokens(p *plan.Plan, lc *langCtx) {
	for _, c := range p.Contracts {
		ni := e.nets[c.Network]
		if ni == nil || c.ABI == nil {
			continue
		}
		m, ok := c.ABI.Parsed.Methods["decimals"]
		if !ok || len(m.Inputs) != 0 || len(m.Outputs) != 1 || m.Outputs[0].Type.String() != "uint8" {
			continue
		}
		key := tokenKey(c.Network, c.Address)
		t := lc.tokens[key]
		if t == nil {
			t = &tokenInfo{name: c.Name, network: c.Network, addr: c.Address}
			lc.tokens[key] = t
		}
		e.tokens[key] = t
		if !slices.Contains(ni.tokens, t) {
			ni.tokens = append(ni.tokens, t)
		}
	}
}
