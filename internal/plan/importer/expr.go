package importer

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"

	"github.com/ethereum/go-ethereum/common"
)

// The source expression languages. OpenZeppelin Monitor's is
//
//	expr      := or
//	or        := and ( "||" and )*
//	and       := primary ( "&&" primary )*
//	primary   := "(" expr ")" | condition
//	condition := path OP literal
//	path      := name ( "." name | "[" index "]" )*
//	OP        := == != > >= < <= contains starts_with ends_with
//	literal   := number (decimal or 0x hex) | 'string' | "string" | true | false | 0x address
//
// where string comparisons are case-insensitive, addresses compare as
// addresses whatever their case, and contains on an array is true when one
// element equals the literal. Defender's adds a single = for ==, the words
// AND, OR and NOT, and ! for not; both are read by one parser.

// Expr is a parsed source expression.
type Expr interface{ exprNode() }

// Logical is a && b or a || b.
type Logical struct {
	Op   string // "&&" or "||"
	L, R Expr
}

// Not is !x.
type Not struct{ X Expr }

// Cond is path OP literal.
type Cond struct {
	Left  Path
	Op    string // == != > >= < <= contains starts_with ends_with
	Right Literal
}

func (*Logical) exprNode() {}
func (*Not) exprNode()     {}
func (*Cond) exprNode()    {}

// Path is a variable with its accessors: amount, order.maker, ids[0].
type Path struct {
	Base string
	Acc  []Accessor
}

// Accessor is one .key or [index] step of a Path.
type Accessor struct {
	Key   string
	Index int
	IsIdx bool
}

// String writes the path back as it was written.
func (p Path) String() string {
	var b strings.Builder
	b.WriteString(p.Base)
	for _, a := range p.Acc {
		if a.IsIdx {
			fmt.Fprintf(&b, "[%d]", a.Index)
		} else {
			b.WriteString("." + a.Key)
		}
	}
	return b.String()
}

// LitKind is what a literal was written as.
type LitKind int

// Literal kinds.
const (
	LitNumber LitKind = iota
	LitString
	LitBool
)

// Literal is the right-hand side of a condition.
type Literal struct {
	Kind LitKind
	Text string // the number's digits, the string's content, or true/false
}

// SyntaxError is an expression that does not parse; Offset counts bytes
// from 0.
type SyntaxError struct {
	Offset int
	Msg    string
}

// Error formats the problem with its column (from 1).
func (e *SyntaxError) Error() string { return fmt.Sprintf("column %d: %s", e.Offset+1, e.Msg) }

type token struct {
	kind string // ident, number, string, op, end
	text string
	off  int
}

func lex(src string) ([]token, error) {
	var out []token
	i := 0
	for i < len(src) {
		c := rune(src[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '\'' || c == '"':
			j := i + 1
			var b strings.Builder
			for j < len(src) && rune(src[j]) != c {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				b.WriteByte(src[j])
				j++
			}
			if j >= len(src) {
				return nil, &SyntaxError{i, "unterminated string"}
			}
			out = append(out, token{"string", b.String(), i})
			i = j + 1
		case c >= '0' && c <= '9' || c == '-' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i + 1
			for j < len(src) && (isWord(rune(src[j])) || src[j] == '.') {
				j++
			}
			out = append(out, token{"number", src[i:j], i})
			i = j
		case isWord(c):
			j := i
			for j < len(src) && isWord(rune(src[j])) {
				j++
			}
			out = append(out, token{"ident", src[i:j], i})
			i = j
		default:
			two := ""
			if i+1 < len(src) {
				two = src[i : i+2]
			}
			switch two {
			case "==", "!=", ">=", "<=", "&&", "||":
				out = append(out, token{"op", two, i})
				i += 2
				continue
			}
			switch c {
			case '>', '<', '=', '!', '(', ')', '[', ']', '.':
				out = append(out, token{"op", string(c), i})
				i++
			default:
				return nil, &SyntaxError{i, fmt.Sprintf("unexpected %q", c)}
			}
		}
	}
	return append(out, token{"end", "", len(src)}), nil
}

func isWord(c rune) bool {
	return c == '_' || c == '$' || unicode.IsLetter(c) || unicode.IsDigit(c)
}

type parser struct {
	toks []token
	i    int
}

// Parse reads an OpenZeppelin Monitor or Defender expression.
func Parse(src string) (Expr, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != "end" {
		return nil, &SyntaxError{t.off, fmt.Sprintf("unexpected %q after the expression", t.text)}
	}
	return e, nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) isWord(words ...string) bool {
	t := p.peek()
	for _, w := range words {
		if (t.kind == "op" || t.kind == "ident") && strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

func (p *parser) or() (Expr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.isWord("||", "or") {
		p.next()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = &Logical{Op: "||", L: l, R: r}
	}
	return l, nil
}

func (p *parser) and() (Expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.isWord("&&", "and") {
		p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &Logical{Op: "&&", L: l, R: r}
	}
	return l, nil
}

func (p *parser) unary() (Expr, error) {
	if p.isWord("!", "not") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Not{X: x}, nil
	}
	if p.isWord("(") {
		p.next()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if t := p.next(); t.text != ")" {
			return nil, &SyntaxError{t.off, "missing )"}
		}
		return e, nil
	}
	return p.cond()
}

var compareOps = map[string]string{
	"==": "==", "=": "==", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<=",
	"contains": "contains", "starts_with": "starts_with", "ends_with": "ends_with",
}

func (p *parser) cond() (Expr, error) {
	t := p.next()
	if t.kind != "ident" {
		return nil, &SyntaxError{t.off, fmt.Sprintf("want a variable name, got %q", t.text)}
	}
	path := Path{Base: t.text}
	for {
		switch {
		case p.isWord("."):
			p.next()
			k := p.next()
			if k.kind == "number" {
				n, err := strconv.Atoi(k.text)
				if err != nil {
					return nil, &SyntaxError{k.off, fmt.Sprintf("bad index %q", k.text)}
				}
				path.Acc = append(path.Acc, Accessor{Index: n, IsIdx: true})
				continue
			}
			if k.kind != "ident" {
				return nil, &SyntaxError{k.off, "want a field name after ."}
			}
			path.Acc = append(path.Acc, Accessor{Key: k.text})
			continue
		case p.isWord("["):
			p.next()
			k := p.next()
			n, err := strconv.Atoi(k.text)
			if k.kind != "number" || err != nil || n < 0 {
				return nil, &SyntaxError{k.off, "want an index in [ ]"}
			}
			if c := p.next(); c.text != "]" {
				return nil, &SyntaxError{c.off, "missing ]"}
			}
			path.Acc = append(path.Acc, Accessor{Index: n, IsIdx: true})
			continue
		}
		break
	}
	o := p.next()
	op, ok := compareOps[strings.ToLower(o.text)]
	if !ok || o.kind == "string" || o.kind == "number" {
		return nil, &SyntaxError{o.off, fmt.Sprintf("want a comparison (== != > >= < <= contains starts_with ends_with) after %s, got %q", path, o.text)}
	}
	v := p.next()
	var lit Literal
	switch {
	case v.kind == "string":
		lit = Literal{Kind: LitString, Text: v.text}
	case v.kind == "number":
		lit = Literal{Kind: LitNumber, Text: v.text}
	case v.kind == "ident" && (strings.EqualFold(v.text, "true") || strings.EqualFold(v.text, "false")):
		lit = Literal{Kind: LitBool, Text: strings.ToLower(v.text)}
	default:
		return nil, &SyntaxError{v.off, fmt.Sprintf("want a literal (number, 'string', true or false) after %s %s, got %q", path, o.text, v.text)}
	}
	return &Cond{Left: path, Op: op, Right: lit}, nil
}

// ErrUnsupported marks a comparison that parses but has no equivalent in
// breakglass conditions (or is invalid for the value's type).
var ErrUnsupported = errors.New("not carried over")

// Kind is the type of a value in a condition, as breakglass decodes it.
type Kind int

// Value kinds.
const (
	KindInvalid Kind = iota
	KindInt          // every ABI integer: an exact *big.Int
	KindAddress      // common.Address
	KindString       // string
	KindHash         // bytes32, and indexed dynamic values (their hash)
	KindBytes        // other bytes
	KindBool         // bool
	KindArray        // a slice, Elem its element
	KindTuple        // a struct, Fields its fields
	KindStatus       // a transaction's status: "success" or "failed"
)

// Type is a value's kind with what it holds.
type Type struct {
	Kind   Kind
	Elem   *Type
	Fields map[string]*Type
}

// Resolver gives a variable's breakglass name and type, or an error when
// the variable does not exist.
type Resolver func(name string) (string, *Type, error)

// Translate turns a parsed expression into a breakglass condition over the
// variables resolve knows, keeping the source's semantics: strings compare
// case-insensitively, addresses and hashes as values, numbers exactly.
func Translate(e Expr, resolve Resolver) (string, error) {
	switch x := e.(type) {
	case *Logical:
		l, err := Translate(x.L, resolve)
		if err != nil {
			return "", err
		}
		r, err := Translate(x.R, resolve)
		if err != nil {
			return "", err
		}
		return group(x.L, l, x.Op) + " " + x.Op + " " + group(x.R, r, x.Op), nil
	case *Not:
		s, err := Translate(x.X, resolve)
		if err != nil {
			return "", err
		}
		return "!(" + s + ")", nil
	case *Cond:
		return translateCond(x, resolve)
	}
	return "", fmt.Errorf("unknown expression %T", e)
}

// group parenthesises the translation s of e when e is a logical operation
// other than op, as the source may have written it.
func group(e Expr, s, op string) string {
	if l, ok := e.(*Logical); ok && l.Op != op {
		return "(" + s + ")"
	}
	return s
}

// wrap parenthesises s when it is an || inside an &&.
func wrap(s, op string) string {
	if op == "&&" && topLevelOr(s) {
		return "(" + s + ")"
	}
	return s
}

func topLevelOr(s string) bool {
	depth, inStr := 0, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr != 0:
			if c == '\\' {
				i++
			} else if c == inStr {
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '(' || c == '{' || c == '[':
			depth++
		case c == ')' || c == '}' || c == ']':
			depth--
		case depth == 0 && c == '|' && i+1 < len(s) && s[i+1] == '|':
			return true
		}
	}
	return false
}

func translateCond(c *Cond, resolve Resolver) (string, error) {
	name, t, err := resolve(c.Left.Base)
	if err != nil {
		return "", err
	}
	for _, a := range c.Left.Acc {
		switch {
		case a.IsIdx && t.Kind == KindArray:
			name, t = fmt.Sprintf("%s[%d]", name, a.Index), t.Elem
		case !a.IsIdx && t.Kind == KindTuple && t.Fields[a.Key] != nil:
			name, t = name+"."+a.Key, t.Fields[a.Key]
		default:
			return "", fmt.Errorf("%s: no such element or field", c.Left)
		}
	}
	return compare(name, t, c.Op, c.Right, c.Left.String())
}

// compare writes "lhs op literal" for a value of type t.
func compare(lhs string, t *Type, op string, lit Literal, src string) (string, error) {
	bad := func(why string) error {
		return fmt.Errorf("%s %s %s: %s: %w", src, op, litText(lit), why, ErrUnsupported)
	}
	switch t.Kind {
	case KindInt:
		switch op {
		case "==", "!=", ">", ">=", "<", "<=":
		default:
			return "", bad("numbers take == != > >= < <=")
		}
		if lit.Kind == LitBool {
			return "", bad("a number compared with a boolean")
		}
		n, ok := parseInt(lit.Text)
		if !ok {
			return "", bad("not a whole number")
		}
		return fmt.Sprintf("%s %s %s", lhs, op, n), nil
	case KindAddress:
		if op != "==" && op != "!=" {
			return "", bad("addresses take == and !=")
		}
		if !common.IsHexAddress(lit.Text) || !strings.HasPrefix(strings.ToLower(lit.Text), "0x") {
			return "", bad("not a 0x address of 40 hex digits")
		}
		return fmt.Sprintf("%s %s %s", lhs, op, common.HexToAddress(lit.Text).Hex()), nil
	case KindHash:
		if op != "==" && op != "!=" {
			return "", bad("32-byte values take == and !=")
		}
		h := strings.TrimPrefix(strings.ToLower(lit.Text), "0x")
		if len(h) != 64 || !isHexDigits(h) {
			return "", bad("not a 0x value of 64 hex digits")
		}
		return fmt.Sprintf("%s %s 0x%s", lhs, op, h), nil
	case KindBool:
		if (op != "==" && op != "!=") || lit.Kind != LitBool {
			return "", bad("booleans take == true or == false")
		}
		return fmt.Sprintf("%s %s %s", lhs, op, lit.Text), nil
	case KindString:
		if lit.Kind != LitString {
			return "", bad("strings compare with a quoted string")
		}
		s := strconv.Quote(strings.ToLower(lit.Text))
		switch op {
		case "==", "!=":
			return fmt.Sprintf("lower(%s) %s %s", lhs, op, s), nil
		case "contains":
			return fmt.Sprintf("lower(%s) contains %s", lhs, s), nil
		case "starts_with":
			return fmt.Sprintf("lower(%s) startsWith %s", lhs, s), nil
		case "ends_with":
			return fmt.Sprintf("lower(%s) endsWith %s", lhs, s), nil
		}
		return "", bad("strings take == != contains starts_with ends_with")
	case KindStatus:
		v := strings.ToLower(lit.Text)
		if (op != "==" && op != "!=") || lit.Kind != LitString {
			return "", bad(`status takes == "success" or == "failed"`)
		}
		var ok bool
		switch v {
		case "success", "succeeded", "confirmed":
			ok = true
		case "failed", "failure", "reverted":
		default:
			return "", bad(`status is "success" or "failed"`)
		}
		if op == "!=" {
			ok = !ok
		}
		if ok {
			return "tx.success", nil
		}
		return "tx.reverted", nil
	case KindArray:
		if op != "contains" {
			return "", bad("arrays take contains (== on a whole array is not carried over: compare its elements, e.g. ids[0] == 1)")
		}
		inner, err := compare("#", t.Elem, "==", lit, src)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("any(%s, {%s})", lhs, inner), nil
	}
	return "", bad("this type is not comparable in breakglass conditions")
}

func litText(l Literal) string {
	if l.Kind == LitString {
		return strconv.Quote(l.Text)
	}
	return l.Text
}

// parseInt reads a decimal or 0x-hex whole number, optionally negative, and
// returns it in decimal.
func parseInt(s string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var n *big.Int
	var ok bool
	if strings.HasPrefix(strings.ToLower(s), "0x") {
		n, ok = new(big.Int).SetString(s[2:], 16)
	} else {
		n, ok = new(big.Int).SetString(s, 10)
	}
	if !ok {
		return "", false
	}
	if neg {
		n.Neg(n)
	}
	return n.String(), true
}

func isHexDigits(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
