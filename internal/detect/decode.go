package detect

import (
	"encoding/binary"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// Decoding on the watched path. A watched log (or call) is checked whole,
// as go-ethereum's ABI package would decode it (a log it cannot decode
// matches nothing), but only the arguments its detectors' conditions name
// are decoded before the conditions run; the others when an alert needs
// them. Integers are decoded into *big.Int values owned by the match and
// reused from one log to the next: a decoded value lives until the next
// log of the same (address, topic0), which is as long as the conditions
// and the alert's fields (turned into text at once) need it.

// wordLayout is how the arguments of an event or a function sit in a log's
// topics and data (or a call's input): when every argument is one 32-byte
// word (integers, addresses, booleans, bytes32, and as indexed arguments
// the hashes of dynamic values), each can be read on its own. Other
// arguments (dynamic or composite values in the data) leave the layout
// unset: the whole is decoded by go-ethereum's ABI package.
type wordLayout struct {
	// words is the data's argument count: the data holds at least 32×words
	// bytes
	words int
	// args, by argument in names order
	args []wordArg
	// checked are the arguments whose word may be malformed (small
	// integers, booleans), checked on every log like go-ethereum does
	checked []int
}

// wordArg is one argument's place and type.
type wordArg struct {
	typ abi.Type
	// topic is the index in the topics after topic0 of an indexed
	// argument, -1 for one in the data
	topic int
	// offset is the byte offset in the data of a non-indexed argument
	offset int
	// hash is true for an indexed dynamic value: its topic is its hash
	hash bool
}

// newWordLayout returns the layout of args (in names order, with their
// Indexed flags), or nil when some argument is not one word.
func newWordLayout(args abi.Arguments) *wordLayout {
	l := &wordLayout{args: make([]wordArg, len(args))}
	topic := 0
	for i, a := range args {
		w := wordArg{typ: a.Type, topic: -1}
		if a.Indexed {
			switch a.Type.T {
			case abi.StringTy, abi.BytesTy, abi.SliceTy, abi.ArrayTy:
				w.hash = true
			case abi.TupleTy, abi.FunctionTy:
				return nil
			}
			w.topic = topic
			topic++
		} else {
			w.offset = 32 * l.words
			l.words++
		}
		if !w.hash {
			switch a.Type.T {
			case abi.IntTy, abi.UintTy, abi.AddressTy:
			case abi.BoolTy:
			case abi.FixedBytesTy:
				if a.Type.Size > 32 {
					return nil
				}
			default:
				return nil
			}
			if wordChecked(a.Type) {
				l.checked = append(l.checked, i)
			}
		}
		l.args[i] = w
	}
	return l
}

// wordChecked is true for the types whose words go-ethereum refuses when
// out of range: 8-, 16-, 32- and 64-bit integers, and booleans.
func wordChecked(t abi.Type) bool {
	switch t.T {
	case abi.BoolTy:
		return true
	case abi.IntTy, abi.UintTy:
		return t.Size == 8 || t.Size == 16 || t.Size == 32 || t.Size == 64
	}
	return false
}

// word returns argument i's 32-byte word.
func (l *wordLayout) word(i int, topics []common.Hash, data []byte) []byte {
	a := &l.args[i]
	if a.topic >= 0 {
		return topics[a.topic][:]
	}
	return data[a.offset : a.offset+32]
}

// valid reports whether go-ethereum's ABI package decodes the log (or the
// call's input): data long enough, small integers in range, booleans 0 or
// 1. topics are those after topic0, as many as the indexed arguments.
func (l *wordLayout) valid(topics []common.Hash, data []byte) bool {
	if l.words > 0 && len(data) < 32*l.words {
		return false
	}
	for _, i := range l.checked {
		if !wordValid(l.args[i].typ, l.word(i, topics, data)) {
			return false
		}
	}
	return true
}

// wordValid is go-ethereum's check of a word of a small integer or a
// boolean (abi.ReadInteger, readBool), without decoding it.
func wordValid(t abi.Type, w []byte) bool {
	if t.T == abi.BoolTy {
		for _, b := range w[:31] {
			if b != 0 {
				return false
			}
		}
		return w[31] <= 1
	}
	n := t.Size / 8
	high := w[:32-n]
	if t.T == abi.UintTy {
		for _, b := range high {
			if b != 0 {
				return false
			}
		}
		return true
	}
	// a signed value is its low n bytes sign-extended
	var ext byte
	if w[32-n]&0x80 != 0 {
		ext = 0xff
	}
	for _, b := range high {
		if b != ext {
			return false
		}
	}
	return true
}

// two256 is 2**256, for negative int256 words.
var two256 = new(big.Int).Lsh(big.NewInt(1), 256)

// argSlots are one match's decoded values, reused from log to log.
type argSlots struct {
	ints []*big.Int
	// boxed is the last address or hash of each argument as an interface
	// value, reused while the next is the same (boxing allocates)
	boxed []any
}

func newArgSlots(n int) argSlots {
	return argSlots{ints: make([]*big.Int, n), boxed: make([]any, n)}
}

// value decodes argument i of a log that valid accepted, as normalize
// gives it to conditions.
func (l *wordLayout) value(s *argSlots, i int, topics []common.Hash, data []byte) any {
	a := &l.args[i]
	w := l.word(i, topics, data)
	if a.hash {
		return s.hash(i, common.Hash(w))
	}
	switch a.typ.T {
	case abi.UintTy:
		return s.int(i).SetBytes(w)
	case abi.IntTy:
		x := s.int(i)
		if wordChecked(a.typ) {
			return x.SetInt64(int64(binary.BigEndian.Uint64(w[24:])))
		}
		x.SetBytes(w)
		if w[0]&0x80 != 0 {
			x.Sub(x, two256)
		}
		return x
	case abi.AddressTy:
		return s.addr(i, common.BytesToAddress(w))
	case abi.BoolTy:
		return w[31] == 1
	case abi.FixedBytesTy:
		if a.typ.Size == 32 {
			return s.hash(i, common.Hash(w))
		}
		return append([]byte(nil), w[:a.typ.Size]...)
	}
	return nil
}

// decodeNeeded decodes into env, by their names, the arguments need says
// the conditions read, once valid accepts the log (false when it does
// not).
func (l *wordLayout) decodeNeeded(env map[string]any, names []string, need *argNeeds, s *argSlots, topics []common.Hash, data []byte) bool {
	if !l.valid(topics, data) {
		return false
	}
	if need.all {
		l.decodeAll(env, names, s, topics, data)
		return true
	}
	for _, i := range need.idx {
		env[names[i]] = l.value(s, i, topics, data)
	}
	return true
}

// decodeAll decodes every argument into env, by their names.
func (l *wordLayout) decodeAll(env map[string]any, names []string, s *argSlots, topics []common.Hash, data []byte) {
	for i, n := range names {
		env[n] = l.value(s, i, topics, data)
	}
}

// int returns argument i's integer, made at its first log.
func (s *argSlots) int(i int) *big.Int {
	if s.ints[i] == nil {
		s.ints[i] = new(big.Int)
	}
	return s.ints[i]
}

// addr returns a as an interface value, the previous one when equal.
func (s *argSlots) addr(i int, a common.Address) any {
	if prev, ok := s.boxed[i].(common.Address); !ok || prev != a {
		s.boxed[i] = a
	}
	return s.boxed[i]
}

// hash returns h as an interface value, the previous one when equal.
func (s *argSlots) hash(i int, h common.Hash) any {
	if prev, ok := s.boxed[i].(common.Hash); !ok || prev != h {
		s.boxed[i] = h
	}
	return s.boxed[i]
}

// condUses is what a compiled condition reads from its environment.
type condUses struct {
	// names are the names it reads, and NAME.FIELD for the fields it
	// reads of a name by a constant member (tx.value)
	names map[string]bool
	// whole are the names it uses otherwise than by a constant member
	// (passed to a function, indexed by a variable)
	whole map[string]bool
	// all: it reads the environment as a whole ($env)
	all bool
}

// condNames returns what a compiled condition reads from its environment.
func condNames(prog *vm.Program) condUses {
	u := condUses{names: map[string]bool{}, whole: map[string]bool{}}
	if prog == nil || prog.Node() == nil {
		return u
	}
	v := &nameVisitor{u: u, members: map[string]int{}, seen: map[string]int{}}
	node := prog.Node()
	ast.Walk(&node, v)
	for n, c := range v.seen {
		if c > v.members[n] {
			u.whole[n] = true
		}
	}
	u.all = v.all
	return u
}

// reads reports whether the condition may read field of name.
func (u condUses) reads(name, field string) bool {
	return u.all || u.whole[name] || u.names[name+"."+field]
}

type nameVisitor struct {
	u condUses
	// seen counts each name's occurrences, members those as the object
	// of a constant member
	seen, members map[string]int
	all           bool
}

func (v *nameVisitor) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		if n.Value == "$env" {
			v.all = true
		}
		v.u.names[n.Value] = true
		v.seen[n.Value]++
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		prop, ok2 := n.Property.(*ast.StringNode)
		if ok && ok2 {
			v.u.names[id.Value+"."+prop.Value] = true
			v.members[id.Value]++
		}
	}
}

// argNeeds are the arguments the conditions of a match's detectors read,
// by index in names; all when some detector needs every argument first.
type argNeeds struct {
	idx []int
	all bool
}

// add adds what det's condition reads to n.
func (n *argNeeds) add(det *detector, names []string) {
	if det.heur != nil || det.uses.all {
		n.all = true
		return
	}
	for i, name := range names {
		if det.uses.names[name] && !containsInt(n.idx, i) {
			n.idx = append(n.idx, i)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
