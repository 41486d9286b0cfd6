package detect

import (
	"errors"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/parser"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Threshold is a comparison in a condition (or holds expression) of a
// quantity against a written number: "amount > 1000000 usdc",
// "value >= 5% of reserve0", "zscore(x, 200 blocks) < 6". It is what
// `breakglass tune` can move.
type Threshold struct {
	// From and To are the rune offsets, in the expression as written, of
	// the number alone (without its unit or %), which is what a change
	// rewrites; Num is that number as written.
	From, To int    `json:"-"`
	Num      string `json:"number"`
	// Unit is the literal's unit as written: a token's name, an Ether
	// denomination, "%" or "" for a bare number. Share is set for
	// "P% of X" (the threshold is a share of X).
	Unit  string `json:"unit,omitempty"`
	Share bool   `json:"share,omitempty"`
	// Negative: the number is written after a unary minus ("< -8%").
	Negative bool `json:"negative,omitempty"`
	// Above: the comparison is true when the quantity is above the
	// threshold (quantity > or >= number); else below.
	Above bool `json:"above"`
	// Negated: inside an odd number of not / !.
	Negated bool `json:"negated,omitempty"`
}

// Value is the threshold's number with its sign, exactly.
func (t Threshold) Value() *big.Rat {
	r, ok := new(big.Rat).SetString(t.Num)
	if !ok {
		return nil
	}
	if t.Negative {
		r.Neg(r)
	}
	return r
}

// Thresholds finds the comparisons of src against a written number, in the
// order of their numbers in src. A number of 0 is no threshold (nothing
// scales it).
func Thresholds(src string) ([]Threshold, error) {
	if strings.TrimSpace(src) == "" {
		return nil, nil
	}
	text, lits, err := plan.ScanLiterals(src)
	if err != nil {
		return nil, err
	}
	tree, err := parser.Parse(text)
	if err != nil {
		return nil, err
	}
	var out []Threshold
	var walk func(n ast.Node, neg int)
	walk = func(n ast.Node, neg int) {
		if n == nil {
			return
		}
		switch x := n.(type) {
		case *ast.UnaryNode:
			if x.Operator == "not" || x.Operator == "!" {
				neg++
			}
			walk(x.Node, neg)
		case *ast.BinaryNode:
			if t, ok := thresholdOf(x, text, src, lits); ok {
				t.Negated = neg%2 == 1
				out = append(out, t)
			}
			walk(x.Left, neg)
			walk(x.Right, neg)
		case *ast.ChainNode:
			walk(x.Node, neg)
		case *ast.MemberNode:
			walk(x.Node, neg)
			walk(x.Property, neg)
		case *ast.CallNode:
			walk(x.Callee, neg)
			for _, a := range x.Arguments {
				walk(a, neg)
			}
		case *ast.BuiltinNode:
			for _, a := range x.Arguments {
				walk(a, neg)
			}
		case *ast.PredicateNode:
			walk(x.Node, neg)
		case *ast.ConditionalNode:
			walk(x.Cond, neg)
			walk(x.Exp1, neg)
			walk(x.Exp2, neg)
		case *ast.VariableDeclaratorNode:
			walk(x.Value, neg)
			walk(x.Expr, neg)
		case *ast.SequenceNode:
			for _, s := range x.Nodes {
				walk(s, neg)
			}
		}
	}
	walk(tree.Node, 0)
	sort.SliceStable(out, func(i, j int) bool { return out[i].From < out[j].From })
	return out, nil
}

var flipped = map[string]string{">": "<", ">=": "<=", "<": ">", "<=": ">="}

// thresholdOf says whether a binary node of text (src after ScanLiterals)
// compares a quantity with a written number, and which.
func thresholdOf(n *ast.BinaryNode, text, src string, lits map[string]plan.Literal) (Threshold, bool) {
	op := n.Operator
	if flipped[op] == "" {
		return Threshold{}, false
	}
	t, ok := numberSide(n.Right, text, src, lits)
	if ok {
		if _, both := numberSide(n.Left, text, src, lits); both {
			return Threshold{}, false
		}
	} else {
		if t, ok = numberSide(n.Left, text, src, lits); !ok {
			return Threshold{}, false
		}
		op = flipped[op]
	}
	if v := t.Value(); v == nil || v.Sign() == 0 {
		return Threshold{}, false
	}
	t.Above = op == ">" || op == ">="
	return t, true
}

// numberSide reads one side of a comparison as a written number: a
// literal, a negated one, or a share of something ("5% of x").
func numberSide(n ast.Node, text, src string, lits map[string]plan.Literal) (Threshold, bool) {
	switch x := n.(type) {
	case *ast.UnaryNode:
		if x.Operator != "-" {
			return Threshold{}, false
		}
		t, ok := numberSide(x.Node, text, src, lits)
		if !ok || t.Share {
			return Threshold{}, false
		}
		t.Negative = !t.Negative
		return t, true
	case *ast.BinaryNode:
		if x.Operator != "*" {
			return Threshold{}, false
		}
		id, ok := x.Left.(*ast.IdentifierNode)
		if !ok || lits[id.Value].Kind != plan.LitPercent {
			return Threshold{}, false
		}
		if _, lit := numberSide(x.Right, text, src, lits); lit {
			return Threshold{}, false
		}
		t, _ := numberSide(x.Left, text, src, lits)
		t.Share = true
		return t, true
	case *ast.IdentifierNode:
		lit, ok := lits[x.Value]
		if !ok {
			return Threshold{}, false
		}
		switch lit.Kind {
		case plan.LitNumber, plan.LitUnit, plan.LitToken, plan.LitPercent:
		default:
			return Threshold{}, false
		}
		runes := []rune(src)
		to := lit.From
		for to < lit.To && runes[to] != ' ' && runes[to] != '%' && runes[to] != '\t' && runes[to] != '\n' {
			to++
		}
		if lit.Kind == plan.LitNumber && len(lit.Num) > 2 && (lit.Num[1] == 'x' || lit.Num[1] == 'X') {
			return Threshold{}, false // an address, a hash, a hex number: no threshold
		}
		return Threshold{From: lit.From, To: to, Num: lit.Num, Unit: lit.Unit}, true
	case *ast.IntegerNode, *ast.FloatNode:
		loc := n.Location()
		from := srcOffset(loc.From, lits)
		runes := []rune(src)
		to := from
		for to < len(runes) && (runes[to] >= '0' && runes[to] <= '9' || runes[to] == '_' || runes[to] == '.') {
			to++
		}
		num := string(runes[from:to])
		if num == "" || len(num) > 1 && (num[1] == 'x' || num[1] == 'X') {
			return Threshold{}, false
		}
		return Threshold{From: from, To: to, Num: removeUnderscores(num)}, true
	}
	return Threshold{}, false
}

func removeUnderscores(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '_' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// srcOffset turns a rune offset of ScanLiterals' text into one of its
// source: placeholders longer than their literal shifted what follows.
func srcOffset(textOff int, lits map[string]plan.Literal) int {
	type ins struct{ at, n int }
	var all []ins
	for name, l := range lits {
		if extra := len([]rune(name)) - (l.To - l.From); extra > 0 {
			all = append(all, ins{l.From, extra})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].at < all[j].at })
	off := textOff
	shift := 0
	for _, x := range all {
		if x.at+shift >= textOff {
			break
		}
		off -= x.n
		shift += x.n
	}
	return off
}

// Sample is what a probed comparison saw (WithProbe): the compared
// quantity and the threshold as evaluated, exactly (base units of a token,
// a share as a fraction, a z-score), where and in which detector.
type Sample struct {
	Detector string
	// Field is "condition" or "holds"; At the threshold's From.
	Field string
	At    int
	Block uint64
	// TxHash and TxIndex are the transaction being matched (meaningless
	// for a detector about a block as a whole: balance, invariant).
	TxHash  common.Hash
	TxIndex int
	// LogIndex is the log of an event detector, else -1.
	LogIndex            int
	Quantity, Threshold *big.Rat
}

// Probe samples thresholds: each comparison named in At (detector → the
// From of its thresholds in its condition or holds expression) is
// compiled as its firing value (true in a condition, false in a holds
// expression; the opposite inside not), so that the detector matches
// whatever its thresholds say, and Sample hears the compared values each
// time one is evaluated. For `breakglass tune`: never in a daemon.
type Probe struct {
	At     map[string][]int
	Sample func(Sample)
}

// WithProbe compiles the plan with p's thresholds probed.
func WithProbe(p *Probe) Option {
	return func(c *config) { c.probe = p }
}

// probeSpots are the thresholds probed in the expression being compiled.
type probeSpots struct {
	probe    *Probe
	engine   *Engine
	detector string
	field    string
	holds    bool
	event    bool
	src      string
	at       map[int]bool
	n        int
}

// spotsFor returns the probes of a detector's expression, or nil.
func (p *Probe) spotsFor(e *Engine, detector, field, src string, holds, event bool) *probeSpots {
	if p == nil || len(p.At[detector]) == 0 {
		return nil
	}
	s := &probeSpots{probe: p, engine: e, detector: detector, field: field, holds: holds, event: event, src: src, at: map[int]bool{}}
	for _, at := range p.At[detector] {
		s.at[at] = true
	}
	return s
}

// probeBefore looks at a comparison before its operands are resolved: if
// it is a probed threshold, the function it returns, called once they are,
// replaces it by a call that records its operands and returns its firing
// value.
func (r *resolver) probeBefore(n *ast.BinaryNode) func(node *ast.Node) {
	s := r.lc.probe
	if s == nil {
		return nil
	}
	t, ok := thresholdOf(n, r.src, s.src, r.lits)
	if !ok || !s.at[t.From] {
		return nil
	}
	_, numberRight := numberSide(n.Right, r.src, s.src, r.lits)
	fire := !s.holds != (r.negated%2 == 1)
	at := t.From
	return func(node *ast.Node) {
		qty, thr := n.Left, n.Right
		if !numberRight {
			qty, thr = n.Right, n.Left
		}
		name := "_p" + strconv.Itoa(s.n)
		s.n++
		r.config.Functions[name] = &builtin.Function{Name: name,
			Func: func(args ...any) (any, error) {
				q, err := probeRat(args[0], args[1])
				if errors.Is(err, errNotFinite) {
					return fire, nil // nothing to record
				}
				if err != nil {
					return nil, err
				}
				th, err := probeRat(args[1], args[0])
				if err != nil {
					return nil, err
				}
				e := s.engine
				smp := Sample{Detector: s.detector, Field: s.field, At: at, Block: uint64(e.block.Number),
					TxHash: e.tx.Hash, TxIndex: e.tx.Index, LogIndex: -1, Quantity: q, Threshold: th}
				if s.event {
					smp.LogIndex = e.log.Index
				}
				s.probe.Sample(smp)
				return fire, nil
			},
			Validate: func([]reflect.Type) (reflect.Type, error) { return boolType, nil },
		}
		ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: []ast.Node{qty, thr}})
	}
}

// errNotFinite is a compared value that is no number (a z-score's NaN).
var errNotFinite = errors.New("not a finite number")

// probeRat is a compared value as an exact number; other is the value it
// is compared with (a change against a share is relative).
func probeRat(v, other any) (*big.Rat, error) {
	switch x := v.(type) {
	case Ratio:
		if x.R == nil {
			return nil, errors.New("missing share")
		}
		return new(big.Rat).Set(x.R), nil
	case Change:
		if x.Delta == nil || x.Base == nil {
			return nil, errors.New("missing change value")
		}
		if _, share := other.(Ratio); share {
			if x.Base.Sign() == 0 {
				return new(big.Rat).SetInt64(int64(x.Delta.Sign())), nil
			}
			return new(big.Rat).SetFrac(x.Delta, new(big.Int).Abs(x.Base)), nil
		}
		return new(big.Rat).SetInt(x.Delta), nil
	case TokenAmount:
		b, err := x.base()
		if err != nil {
			return nil, err
		}
		return new(big.Rat).SetInt(b), nil
	case float64:
		r := new(big.Rat)
		if r.SetFloat64(x) == nil {
			return nil, errNotFinite
		}
		return r, nil
	}
	b, err := toBig(v)
	if err != nil {
		return nil, err
	}
	return new(big.Rat).SetInt(b), nil
}
