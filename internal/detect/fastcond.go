package detect

import (
	"math/big"

	"github.com/expr-lang/expr/ast"
)

// fastCond is a condition of the form NAME OP CONSTANT, where NAME is an
// argument of the event or function (or tx.value), OP a comparison and
// CONSTANT an integer: the engine compares it itself when the value is an
// integer, without running the condition's program, which costs more
// than the comparison when a plan holds thousands of such detectors. Any
// other value (missing, of another type) runs the program, which decides
// and reports errors as it always does.
//
// A condition whose left operand of && (at its root, or of the left
// operand of such an &&, …) is such a comparison has one as its lead
// (more is true): when the comparison is false, so is the condition, its
// program evaluating nothing else; the engine's indexes (condindex.go) use
// it to pick the detectors worth evaluating.
type fastCond struct {
	name    string // the argument; "" with txValue
	txValue bool
	op      fastOp
	k       *big.Int
	// more: the condition is this comparison && more
	more bool
}

// fastOp is a comparison operator of a fastCond.
type fastOp uint8

const (
	opLT fastOp = iota + 1
	opLE
	opGT
	opGE
	opEQ
	opNE
)

var fastOps = map[string]fastOp{"<": opLT, "<=": opLE, ">": opGT, ">=": opGE, "==": opEQ, "!=": opNE}

// leadOf returns the fast form of a compiled condition's root or, failing
// that, of its leading comparison (more set); nil when it has neither.
// cmps are the comparisons exactOps made calls.
func leadOf(root ast.Node, cmps map[*ast.CallNode]string) *fastCond {
	if f := fastOf(root, cmps); f != nil {
		return f
	}
	and, ok := root.(*ast.BinaryNode)
	if !ok || and.Operator != "&&" && and.Operator != "and" {
		return nil
	}
	f := leadOf(and.Left, cmps)
	if f != nil {
		f.more = true
	}
	return f
}

// fastOf returns the fast form of a compiled condition's root, nil when it
// has none. cmps are the comparisons exactOps made calls.
func fastOf(root ast.Node, cmps map[*ast.CallNode]string) *fastCond {
	call, ok := root.(*ast.CallNode)
	if !ok || len(call.Arguments) != 2 {
		return nil
	}
	op := fastOps[cmps[call]]
	if op == 0 {
		return nil
	}
	f := &fastCond{op: op}
	switch c := call.Arguments[1].(type) {
	case *ast.ConstantNode:
		k, ok := c.Value.(*big.Int)
		if !ok || k == nil {
			return nil
		}
		f.k = k
	case *ast.IntegerNode:
		f.k = big.NewInt(int64(c.Value))
	default:
		return nil
	}
	switch l := call.Arguments[0].(type) {
	case *ast.IdentifierNode:
		if reservedNames[l.Value] {
			return nil
		}
		f.name = l.Value
	case *ast.MemberNode:
		id, ok := l.Node.(*ast.IdentifierNode)
		prop, pok := l.Property.(*ast.StringNode)
		if !ok || !pok || id.Value != "tx" || prop.Value != "value" || l.Optional || l.Method {
			return nil
		}
		f.txValue = true
	default:
		return nil
	}
	return f
}

// fastCache is what fastCond.eval looked up in one environment, kept for
// the next detector evaluated in it (the detectors of one log or one
// transaction).
type fastCache struct {
	// engineTx: env's tx is the engine's
	engineTx bool
	name     string
	val      any
}

// eval compares the value with the constant; done is false when the
// value is not an integer (the program decides). fc, when not nil, holds
// what was looked up in env before.
func (f *fastCond) eval(e *Engine, env map[string]any, fc *fastCache) (result, done bool) {
	var x *big.Int
	if f.txValue {
		if fc == nil || !fc.engineTx {
			if t, _ := env["tx"].(*txEnv); t != &e.tx {
				return false, false
			}
		}
		x = e.tx.Value
	} else {
		var v any
		if fc != nil && fc.name == f.name && fc.name != "" {
			v = fc.val
		} else {
			v = env[f.name]
			if fc != nil {
				fc.name, fc.val = f.name, v
			}
		}
		x, _ = v.(*big.Int)
	}
	if x == nil {
		return false, false
	}
	c := x.Cmp(f.k)
	switch f.op {
	case opLT:
		return c < 0, true
	case opLE:
		return c <= 0, true
	case opGT:
		return c > 0, true
	case opGE:
		return c >= 0, true
	case opEQ:
		return c == 0, true
	case opNE:
		return c != 0, true
	}
	return false, false
}
