package detect

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// The condition language is expr (github.com/expr-lang/expr) with exact
// integers: every decoded integer is a *big.Int, and arithmetic and
// comparison on them never goes through float64. Before parsing, literals
// that expr would read as floats or overflow are replaced, in place and with
// the same length so error columns stay right, by constants:
//
//	100 ether, 5 gwei, 3 wei, 1.5 ether   exact *big.Int (must be whole wei)
//	1e18, 2.5e3                           exact *big.Int (must be whole)
//	123456789012345678901234567890        exact *big.Int
//	0x + 40 hex digits                    common.Address
//	0x + 64 hex digits                    common.Hash
//
// and after type checking, binary operators with a *big.Int operand (and
// int*int, int/int and int**int, which expr would overflow or turn into
// floats) become calls of exact functions, folded at compile time when both
// sides are constant.

var (
	bigType    = reflect.TypeOf((*big.Int)(nil))
	intType    = reflect.TypeOf(0)
	boolType   = reflect.TypeOf(false)
	stringType = reflect.TypeOf("")
	addrType   = reflect.TypeOf(common.Address{})
	hashType   = reflect.TypeOf(common.Hash{})
)

// units are the denominations a number literal may carry.
var units = map[string]*big.Int{
	"wei":    big.NewInt(1),
	"kwei":   big.NewInt(1e3),
	"mwei":   big.NewInt(1e6),
	"gwei":   big.NewInt(1e9),
	"szabo":  big.NewInt(1e12),
	"finney": big.NewInt(1e15),
	"ether":  big.NewInt(1e18),
}

// ConditionError is a compile error inside a condition, positioned in the
// condition's own text (Line from 1, Column from 1).
type ConditionError struct {
	Line, Column int
	Msg          string
}

// Error formats the problem as LINE:COL: message.
func (e *ConditionError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// constPrefix starts the names of the placeholders standing for rewritten
// literals: constPrefix and digits only (_0, _1, ...). Other names starting
// with an underscore, as Solidity parameters often do (_value, _to), are
// left to the user.
const constPrefix = "_"

// isPlaceholder reports whether name has the form of a literal's
// placeholder (constPrefix followed by digits only).
func isPlaceholder(name string) bool {
	rest, ok := strings.CutPrefix(name, constPrefix)
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// posError is a ConditionError at rune offset off of src.
func posError(src string, off int, format string, args ...any) error {
	e := &file.Error{Location: file.Location{From: off, To: off + 1}, Message: fmt.Sprintf(format, args...)}
	return conditionError(src, e.Bind(file.NewSource(src)))
}

// typeNames are the language's types as a message names them.
var typeNames = strings.NewReplacer(
	"detect.Ratio", "share (5%)",
	"detect.Change", "change()",
	"detect.TokenAmount", "token amount",
	"detect.Blocks", "window (3 blocks)",
	"detect.Window", "window (1 hour)",
	"common.Address", "address",
	"common.Hash", "hash",
)

// conditionError turns an expr error into a ConditionError with 1-based
// line and column.
func conditionError(src string, err error) error {
	var fe *file.Error
	if errors.As(err, &fe) {
		if fe.Line == 0 {
			fe = fe.Bind(file.NewSource(src))
		}
		msg := typeNames.Replace(fe.Message)
		if strings.Contains(msg, "*big.Int") && strings.Contains(msg, "float64") {
			msg += " (amounts are exact integers: write amount * 5 / 10, not amount * 0.5)"
		}
		return &ConditionError{Line: fe.Line, Column: fe.Column + 1, Msg: msg}
	}
	return &ConditionError{Line: 1, Column: 1, Msg: err.Error()}
}

// compileCondition compiles a boolean condition over variables of the types
// of the values in vars, without the plan's names. An empty condition is
// always true and compiles to nil.
func compileCondition(src string, vars map[string]any) (*vm.Program, error) {
	prog, _, err := compileExpr(src, vars, nil, true)
	return prog, err
}

// withFields adds the names a condition may use to an "unknown name" error,
// so that a misspelt or renamed field shows what is there instead.
func withFields(err error, vars map[string]any) error {
	var ce *ConditionError
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Msg, "unknown name ") {
		return err
	}
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	ce.Msg += " (available: " + strings.Join(names, ", ") + ")"
	return ce
}

// operand kinds for exact operators.
type opKind int

const (
	kOther opKind = iota
	kBig
	kInt
	kAddr
	kHash
	kString
	kRatio
	kChange
	kTok
	// kAny is a value known only at run time (a tuple's or an event's
	// argument in a map): exact operators decide by its value.
	kAny
)

func kindOf(t reflect.Type) opKind {
	switch t {
	case ratioType:
		return kRatio
	case changeType:
		return kChange
	case tokAmtType:
		return kTok
	case bigType:
		return kBig
	case intType:
		return kInt
	case addrType:
		return kAddr
	case hashType:
		return kHash
	case stringType:
		return kString
	}
	if t != nil && t.Kind() == reflect.Interface {
		return kAny
	}
	return kOther
}

// exactOp is one exact operator implementation.
type exactOp struct {
	name   string
	result reflect.Type
	fn     func(a, b any) (any, error)
}

var (
	arith = map[string]exactOp{
		"+":  {"_add", bigType, bigArith((*big.Int).Add)},
		"-":  {"_sub", bigType, bigArith((*big.Int).Sub)},
		"*":  {"_mul", bigType, bigArith((*big.Int).Mul)},
		"/":  {"_div", bigType, bigDiv},
		"%":  {"_mod", bigType, bigMod},
		"**": {"_pow", bigType, bigPow},
		"^":  {"_pow", bigType, bigPow},
	}
	compare = map[string]exactOp{
		"<":  {"_lt", boolType, bigCmp(func(c int) bool { return c < 0 })},
		"<=": {"_le", boolType, bigCmp(func(c int) bool { return c <= 0 })},
		">":  {"_gt", boolType, bigCmp(func(c int) bool { return c > 0 })},
		">=": {"_ge", boolType, bigCmp(func(c int) bool { return c >= 0 })},
		"==": {"_eq", boolType, eqAny},
		"!=": {"_ne", boolType, neAny},
	}
)

// addrSet is an address set of the plan, for "x in accounts.NAME".
type addrSet map[common.Address]struct{}

// inSet is "address in set".
func inSet(a, set any) (any, error) {
	x, _ := a.(common.Address)
	_, ok := set.(addrSet)[x]
	return ok, nil
}

// typedOps are the exact operators (and inSet) as typed functions, called
// by the condition's code with a constant callee: expr's VM calls a
// func(any, any) bool or func(any, any) any without allocating, where a
// function of its configuration takes its arguments in a slice allocated
// on every run. An error panics, which the VM returns as the run's error,
// as it does a configured function's. The call's type stays the one the
// patch gives it (a *big.Int, a bool).
var typedOps = func() map[string]any {
	m := map[string]any{}
	pred := func(fn func(a, b any) (any, error)) func(any, any) bool {
		return func(a, b any) bool {
			v, err := fn(a, b)
			if err != nil {
				panic(err)
			}
			return v.(bool)
		}
	}
	val := func(fn func(a, b any) (any, error)) func(any, any) any {
		return func(a, b any) any {
			v, err := fn(a, b)
			if err != nil {
				panic(err)
			}
			return v
		}
	}
	for _, o := range compare {
		m[o.name] = pred(o.fn)
	}
	m["_inset"] = pred(inSet)
	for _, o := range arith {
		m[o.name] = val(o.fn)
	}
	m[shareExact.name] = val(shareExact.fn)
	return m
}()

// callee is the callee of a call of the exact function name: the typed
// function as a constant.
func callee(name string) ast.Node {
	fn, ok := typedOps[name]
	if !ok {
		return &ast.IdentifierNode{Value: name}
	}
	c := &ast.ConstantNode{Value: fn}
	c.SetType(reflect.TypeOf(fn))
	return c
}

// bigConst turns an integer literal operand of an exact arithmetic
// operator into a *big.Int constant, converted once rather than on every
// run.
func bigConst(n ast.Node) ast.Node {
	i, ok := n.(*ast.IntegerNode)
	if !ok {
		return n
	}
	c := &ast.ConstantNode{Value: big.NewInt(int64(i.Value))}
	c.SetType(bigType)
	c.SetLocation(i.Location())
	return c
}

// shareExact is Ratio * integer: "5% of reserve0".
var shareExact = exactOp{"_share", bigType, shareOp}

// pickOp returns the exact implementation of op for operand kinds l and r.
func pickOp(op string, l, r opKind) (exactOp, bool) {
	num := func(k opKind) bool { return k == kBig || k == kInt || k == kTok }
	numeric := num(l) && num(r)
	anyBig := l == kBig || r == kBig || l == kTok || r == kTok
	switch {
	case op == "*" && (l == kRatio && num(r) || num(l) && r == kRatio):
		return shareExact, true
	case l == kAny && (num(r) || r == kAddr || r == kHash) || r == kAny && (num(l) || l == kAddr || l == kHash):
		if o, ok := compare[op]; ok {
			return o, true
		}
		if num(l) || num(r) {
			o, ok := arith[op]
			return o, ok
		}
		return exactOp{}, false
	case l == kChange && (num(r) || r == kRatio) || r == kChange && (num(l) || l == kRatio) || l == kRatio && r == kRatio:
		o, ok := compare[op]
		return o, ok
	case numeric && anyBig:
		if o, ok := arith[op]; ok {
			return o, true
		}
		o, ok := compare[op]
		return o, ok
	case l == kInt && r == kInt && (op == "*" || op == "/" || op == "**" || op == "^"):
		return arith[op], true
	case (op == "==" || op == "!=") && (l == kAddr || l == kHash || r == kAddr || r == kHash):
		okL := l == kAddr || l == kHash || l == kString
		okR := r == kAddr || r == kHash || r == kString
		if okL && okR {
			return compare[op], true
		}
	}
	return exactOp{}, false
}

// exactOps turns operators on big integers, addresses and hashes into
// exact function calls; it is repeated by expr until nothing changes.
type exactOps struct {
	applied bool
	// cmps are the comparisons made calls, by their operator (fastOf).
	cmps map[*ast.CallNode]string
}

func (p *exactOps) Reset()             { p.applied = false }
func (p *exactOps) ShouldRepeat() bool { return p.applied }

func (p *exactOps) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		if n.Left.Type() == nil || n.Right.Type() == nil {
			return
		}
		if n.Operator == "in" && n.Left.Type() == addrType {
			// membership of an address set of the plan: one map lookup
			if set, ok := constArg(n.Right); ok {
				if list, ok := set.([]common.Address); ok {
					m := make(addrSet, len(list))
					for _, a := range list {
						m[a] = struct{}{}
					}
					c := &ast.ConstantNode{Value: m}
					c.SetType(reflect.TypeOf(m))
					call := &ast.CallNode{Callee: callee("_inset"), Arguments: []ast.Node{n.Left, c}}
					call.SetType(boolType)
					ast.Patch(node, call)
					p.applied = true
					return
				}
			}
		}
		o, ok := pickOp(n.Operator, operandKind(n.Left), operandKind(n.Right))
		if !ok {
			return
		}
		if lv, ok := constArg(n.Left); ok {
			if rv, ok := constArg(n.Right); ok {
				if v, err := o.fn(lv, rv); err == nil {
					c := &ast.ConstantNode{Value: v}
					c.SetType(o.result)
					ast.Patch(node, c)
					p.applied = true
					return
				}
			}
		}
		left, right := n.Left, n.Right
		if _, ok := arith[n.Operator]; ok && o.result == bigType {
			left, right = bigConst(left), bigConst(right)
		}
		call := &ast.CallNode{
			Callee:    callee(o.name),
			Arguments: []ast.Node{left, right},
		}
		call.SetType(o.result)
		if _, ok := compare[n.Operator]; ok {
			if p.cmps == nil {
				p.cmps = map[*ast.CallNode]string{}
			}
			p.cmps[call] = n.Operator
		}
		ast.Patch(node, call)
		p.applied = true
	case *ast.UnaryNode:
		if n.Operator == "-" && n.Node.Type() == ratioType {
			if v, ok := constArg(n.Node); ok {
				c := &ast.ConstantNode{Value: Ratio{R: new(big.Rat).Neg(v.(Ratio).R)}}
				c.SetType(ratioType)
				ast.Patch(node, c)
				p.applied = true
			}
			return
		}
		if n.Operator != "-" || n.Node.Type() != bigType {
			return
		}
		if v, ok := constArg(n.Node); ok {
			c := &ast.ConstantNode{Value: new(big.Int).Neg(v.(*big.Int))}
			c.SetType(bigType)
			ast.Patch(node, c)
			p.applied = true
			return
		}
		call := &ast.CallNode{
			Callee:    callee("_sub"),
			Arguments: []ast.Node{&ast.IntegerNode{Value: 0}, n.Node},
		}
		call.SetType(bigType)
		ast.Patch(node, call)
		p.applied = true
	}
}

// operandKind is the kind of an operand; a value known only at run time
// (kAny) is a member of a map (a tuple's field, an event's argument), not
// a name the checker does not know.
func operandKind(n ast.Node) opKind {
	k := kindOf(n.Type())
	if k == kAny {
		if _, member := n.(*ast.MemberNode); !member {
			return kOther
		}
	}
	return k
}

// languageFunctions registers the exact operator functions and the helpers
// users may call: units(x, decimals) and bps(part, whole).
func languageFunctions() expr.Option {
	return func(c *conf.Config) {
		add := func(name string, nargs int, fn func(args ...any) (any, error), validate func([]reflect.Type) (reflect.Type, error)) {
			c.Functions[name] = &builtin.Function{Name: name, Func: fn, Validate: func(args []reflect.Type) (reflect.Type, error) {
				if len(args) != nargs {
					return nil, fmt.Errorf("%s takes %d arguments, got %d", name, nargs, len(args))
				}
				return validate(args)
			}}
		}
		add("_inset", 2, func(args ...any) (any, error) { return inSet(args[0], args[1]) },
			func([]reflect.Type) (reflect.Type, error) { return boolType, nil })
		add(shareExact.name, 2, func(args ...any) (any, error) { return shareExact.fn(args[0], args[1]) },
			func([]reflect.Type) (reflect.Type, error) { return bigType, nil })
		for _, table := range []map[string]exactOp{arith, compare} {
			for _, o := range table {
				o := o
				add(o.name, 2, func(args ...any) (any, error) { return o.fn(args[0], args[1]) },
					func([]reflect.Type) (reflect.Type, error) { return o.result, nil })
			}
		}
		integer := func(name string) func(args []reflect.Type) (reflect.Type, error) {
			return func(args []reflect.Type) (reflect.Type, error) {
				for _, a := range args {
					if k := kindOf(a); k != kBig && k != kInt && a.Kind() != reflect.Interface {
						return nil, fmt.Errorf("%s takes integers, not %s", name, a)
					}
				}
				return bigType, nil
			}
		}
		// units(x, decimals) is x * 10**decimals: units(1000000, 6) for
		// a million of a 6-decimal token.
		add("units", 2, func(args ...any) (any, error) {
			x, err := toBig(args[0])
			if err != nil {
				return nil, err
			}
			return bigArith((*big.Int).Mul)(x, new(big.Int).Exp(big.NewInt(10), mustBig(args[1]), nil))
		}, integer("units"))
		// pct(p, x) is p% of x, rounded down: pct(5, reserve0).
		add("pct", 2, func(args ...any) (any, error) {
			p, err := toBig(args[0])
			if err != nil {
				return nil, err
			}
			x, err := toBig(args[1])
			if err != nil {
				return nil, err
			}
			r := new(big.Int).Mul(x, p)
			return r.Quo(r, big.NewInt(100)), nil
		}, integer("pct"))
		// hex(x) is bytes, a hash or an address as 0x and lower-case hex:
		// hex(data) starts with selector("transfer(address,uint256)").
		add("hex", 1, func(args ...any) (any, error) {
			switch x := args[0].(type) {
			case []byte:
				return "0x" + hex.EncodeToString(x), nil
			case common.Hash:
				return "0x" + hex.EncodeToString(x[:]), nil
			case common.Address:
				return "0x" + hex.EncodeToString(x[:]), nil
			case *big.Int:
				if x == nil {
					return nil, errors.New("hex: missing integer value")
				}
				return "0x" + x.Text(16), nil
			case int:
				return fmt.Sprintf("0x%x", x), nil
			case string:
				return strings.ToLower(x), nil
			}
			return nil, fmt.Errorf("hex takes bytes, a hash, an address or an integer, not %T", args[0])
		}, func(args []reflect.Type) (reflect.Type, error) {
			switch t := args[0]; {
			case t == reflect.TypeOf([]byte(nil)), t == hashType, t == addrType, t == bigType, t == intType, t == stringType, t.Kind() == reflect.Interface:
				return stringType, nil
			default:
				return nil, fmt.Errorf("hex takes bytes, a hash, an address or an integer, not %s", t)
			}
		})
		// word(data, i) is the i-th 32-byte word of ABI-encoded call data
		// after its 4-byte selector, as an integer: word(data, 1) is the
		// amount of an encoded transfer(address,uint256).
		add("word", 2, func(args ...any) (any, error) {
			b, ok := args[0].([]byte)
			if !ok {
				return nil, fmt.Errorf("word takes bytes, not %T", args[0])
			}
			i, err := toBig(args[1])
			if err != nil || !i.IsInt64() || i.Sign() < 0 {
				return nil, fmt.Errorf("word: bad index %v", args[1])
			}
			from := 4 + 32*int(i.Int64())
			if from+32 > len(b) {
				return nil, fmt.Errorf("word %d: data has %d bytes", i, len(b))
			}
			return new(big.Int).SetBytes(b[from : from+32]), nil
		}, func(args []reflect.Type) (reflect.Type, error) {
			if args[0] != reflect.TypeOf([]byte(nil)) && args[0].Kind() != reflect.Interface {
				return nil, fmt.Errorf("word takes bytes, not %s", args[0])
			}
			return bigType, nil
		})
		// total(list) is the exact sum of a list of integers.
		add("total", 1, total, func(args []reflect.Type) (reflect.Type, error) {
			if k := args[0].Kind(); k != reflect.Slice && k != reflect.Array && k != reflect.Interface {
				return nil, fmt.Errorf("total takes a list of integers, not %s", args[0])
			}
			return bigType, nil
		})
		// bps(part, whole) is part * 10000 / whole, rounded down.
		add("bps", 2, func(args ...any) (any, error) {
			p, err := toBig(args[0])
			if err != nil {
				return nil, err
			}
			w, err := toBig(args[1])
			if err != nil {
				return nil, err
			}
			if w.Sign() == 0 {
				return nil, errors.New("bps: whole is zero")
			}
			r := new(big.Int).Mul(p, big.NewInt(10000))
			return r.Quo(r, w), nil
		}, integer("bps"))
	}
}

// toBig converts an integer operand to a *big.Int (a fresh one for ints).
func toBig(v any) (*big.Int, error) {
	switch x := v.(type) {
	case *big.Int:
		if x == nil {
			return nil, errors.New("missing integer value")
		}
		return x, nil
	case int:
		return big.NewInt(int64(x)), nil
	case TokenAmount:
		return x.base()
	case int64:
		return big.NewInt(x), nil
	case uint64:
		return new(big.Int).SetUint64(x), nil
	}
	return nil, fmt.Errorf("not an integer: %T", v)
}

// toBigs converts both operands of a binary operator with toBig.
func toBigs(a, b any) (x, y *big.Int, err error) {
	if x, err = toBig(a); err != nil {
		return nil, nil, err
	}
	if y, err = toBig(b); err != nil {
		return nil, nil, err
	}
	return x, y, nil
}

func mustBig(v any) *big.Int {
	b, err := toBig(v)
	if err != nil {
		return new(big.Int)
	}
	return b
}

func bigArith(op func(z, x, y *big.Int) *big.Int) func(a, b any) (any, error) {
	return func(a, b any) (any, error) {
		x, y, err := toBigs(a, b)
		if err != nil {
			return nil, err
		}
		return op(new(big.Int), x, y), nil
	}
}

func bigDiv(a, b any) (any, error) { return bigDivide("division", (*big.Int).Quo, a, b) }

func bigMod(a, b any) (any, error) { return bigDivide("modulo", (*big.Int).Rem, a, b) }

// bigDivide is op (Quo or Rem) of a by b, refusing a zero divisor.
func bigDivide(what string, op func(z, x, y *big.Int) *big.Int, a, b any) (any, error) {
	x, y, err := toBigs(a, b)
	if err != nil {
		return nil, err
	}
	if y.Sign() == 0 {
		return nil, errors.New(what + " by zero")
	}
	return op(new(big.Int), x, y), nil
}

// maxExponent bounds ** so a condition cannot build a huge number.
const maxExponent = 1024

func bigPow(a, b any) (any, error) {
	x, y, err := toBigs(a, b)
	if err != nil {
		return nil, err
	}
	if y.Sign() < 0 || y.Cmp(big.NewInt(maxExponent)) > 0 {
		return nil, fmt.Errorf("exponent %s out of range [0, %d]", y, maxExponent)
	}
	return new(big.Int).Exp(x, y, nil), nil
}

// cmpInts compares two integer operands without allocating.
func cmpInts(a, b any) (int, error) {
	switch x := a.(type) {
	case *big.Int:
		switch y := b.(type) {
		case *big.Int:
			if x == nil || y == nil {
				return 0, errors.New("missing integer value")
			}
			return x.Cmp(y), nil
		case int:
			return cmpBigInt(x, int64(y))
		}
	case int:
		switch y := b.(type) {
		case *big.Int:
			c, err := cmpBigInt(y, int64(x))
			return -c, err
		case int:
			switch {
			case x < y:
				return -1, nil
			case x > y:
				return 1, nil
			}
			return 0, nil
		}
	}
	x, y, err := toBigs(a, b)
	if err != nil {
		return 0, fmt.Errorf("cannot compare %T and %T: %w", a, b, err)
	}
	return x.Cmp(y), nil
}

func cmpBigInt(x *big.Int, y int64) (int, error) {
	if x == nil {
		return 0, errors.New("missing integer value")
	}
	if !x.IsInt64() {
		return x.Sign(), nil
	}
	v := x.Int64()
	switch {
	case v < y:
		return -1, nil
	case v > y:
		return 1, nil
	}
	return 0, nil
}

func bigCmp(ok func(int) bool) func(a, b any) (any, error) {
	return func(a, b any) (any, error) {
		c, err := cmpAny(a, b)
		if err != nil {
			return nil, err
		}
		return ok(c), nil
	}
}

func eqAny(a, b any) (any, error) {
	switch a.(type) {
	case *big.Int, int, TokenAmount, Change, Ratio:
		c, err := cmpAny(a, b)
		if err != nil {
			return nil, err
		}
		return c == 0, nil
	}
	x, err := toBytes(a)
	if err != nil {
		return nil, err
	}
	y, err := toBytes(b)
	if err != nil {
		return nil, err
	}
	return x == y, nil
}

func neAny(a, b any) (any, error) {
	eq, err := eqAny(a, b)
	if err != nil {
		return nil, err
	}
	return !eq.(bool), nil
}

// toBytes returns an address or hash operand as a 32-byte value (addresses
// left-padded), parsing hex strings.
func toBytes(v any) (common.Hash, error) {
	switch x := v.(type) {
	case common.Address:
		return common.BytesToHash(x[:]), nil
	case common.Hash:
		return x, nil
	case string:
		s := strings.TrimPrefix(strings.TrimPrefix(x, "0x"), "0X")
		switch len(s) {
		case 40:
			if !isHex(s) {
				break
			}
			return common.BytesToHash(common.HexToAddress(x).Bytes()), nil
		case 64:
			if !isHex(s) {
				break
			}
			return common.HexToHash(x), nil
		}
		return common.Hash{}, fmt.Errorf("%q is not a 0x-prefixed address or hash", x)
	}
	return common.Hash{}, fmt.Errorf("not an address or hash: %T", v)
}

func isHex(s string) bool {
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
