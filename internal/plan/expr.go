package plan

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser/lexer"
)

// The literals of the condition language that expr's own parser would
// refuse or misread. ScanLiterals finds them; the detection engine gives
// them their values (internal/detect), and plan validation only checks the
// syntax around them.
const (
	// LitNumber is a number expr would read as a float or overflow: hex
	// beyond 64 bits (addresses, hashes), decimals beyond 64 bits and
	// scientific notation ("1e18").
	LitNumber = "number"
	// LitUnit is an amount in an Ether denomination: "100 ether", "5 gwei".
	LitUnit = "unit"
	// LitToken is an amount in a token's units, by the token's contract
	// name: "1000 USDC" (the token's decimals are read once).
	LitToken = "token"
	// LitPercent is a share: "5%", "0.5%".
	LitPercent = "percent"
	// LitBlocks is a window in blocks: "3 blocks".
	LitBlocks = "blocks"
	// LitDuration is a window in time: "30 minutes", "1 hour", "2 days"
	// (Unit is the plan's duration unit: s, m, h or d).
	LitDuration = "duration"
)

// EtherUnits are the denominations a number literal may carry, with their
// power of ten.
var EtherUnits = map[string]int{
	"wei": 0, "kwei": 3, "mwei": 6, "gwei": 9, "szabo": 12, "finney": 15, "ether": 18,
}

// DurationWords are the units of a window in time, and the plan's
// duration unit each stands for.
var DurationWords = map[string]string{
	"second": "s", "seconds": "s", "minute": "m", "minutes": "m",
	"hour": "h", "hours": "h", "day": "d", "days": "d",
}

// Literal is one literal ScanLiterals replaced: Num is the number as
// written (underscores removed), Unit the unit, token name, "%" or
// "blocks"; From and To are its rune offsets in the source.
type Literal struct {
	Kind     string
	Num      string
	Unit     string
	From, To int
}

// ExprError is a syntax problem in an expression at a rune offset of its
// source.
type ExprError struct {
	Offset int
	Msg    string
}

func (e *ExprError) Error() string { return e.Msg }

// LiteralPrefix starts the names of the placeholders standing for the
// literals ScanLiterals replaced: LiteralPrefix and digits only (_0, _1…).
const LiteralPrefix = "_"

// ScanLiterals replaces the literals of src that expr cannot read (see the
// Lit… kinds) by placeholder identifiers (_0, _1, …) of the same length
// where they fit, and the word "of" after an operand ("5% of reserve0")
// by the operator *, so that columns of later errors stay right. It
// returns the new text and the literals by placeholder name.
func ScanLiterals(src string) (string, map[string]Literal, error) {
	tokens, err := lexer.Lex(file.NewSource(src))
	if err != nil {
		off := 0
		if fe, ok := err.(*file.Error); ok {
			off = fe.From
		}
		return "", nil, &ExprError{Offset: off, Msg: strings.TrimSpace(errMessage(err))}
	}
	runes := []rune(src)
	lits := map[string]Literal{}
	shift := 0 // runes inserted so far (placeholders longer than their literal)
	replace := func(from, to int, name string) {
		from, to = from+shift, to+shift
		if n := len([]rune(name)); n > to-from {
			runes = append(runes[:from], append([]rune(name), runes[to:]...)...)
			shift += n - (to - from)
			return
		}
		copy(runes[from:], []rune(name))
		for k := from + len([]rune(name)); k < to; k++ {
			runes[k] = ' '
		}
	}
	for i := 0; i < len(tokens); i++ {
		t := tokens[i]
		if t.Kind == lexer.Identifier && t.Value == "of" && i > 0 && !(tokens[i-1].Kind == lexer.Operator && (tokens[i-1].Value == "." || tokens[i-1].Value == "?.")) {
			replace(t.From, t.To, "*")
			continue
		}
		if t.Kind != lexer.Number {
			continue
		}
		num := strings.ReplaceAll(t.Value, "_", "")
		lower := strings.ToLower(num)
		lit := Literal{Num: num, From: t.From, To: t.To}
		var next *lexer.Token
		if i+1 < len(tokens) {
			next = &tokens[i+1]
		}
		switch {
		case next != nil && next.Kind == lexer.Identifier && next.Value != "of":
			lit.Unit, lit.To = next.Value, next.To
			switch _, unit := EtherUnits[next.Value]; {
			case unit:
				lit.Kind = LitUnit
			case next.Value == "blocks" || next.Value == "block":
				lit.Kind = LitBlocks
			case DurationWords[next.Value] != "":
				lit.Kind, lit.Unit = LitDuration, DurationWords[next.Value]
			default:
				lit.Kind = LitToken
			}
			if strings.HasPrefix(lower, "0x") {
				return "", nil, &ExprError{Offset: t.From, Msg: fmt.Sprintf("%s needs a decimal number, not %s", next.Value, t.Value)}
			}
			i++
		case next != nil && next.Kind == lexer.Operator && next.Value == "%" && percentEnds(tokens, i+2):
			lit.Kind, lit.Unit, lit.To = LitPercent, "%", next.To
			i++
		case strings.HasPrefix(lower, "0x"):
			if len(num)-2 <= 15 {
				continue
			}
			lit.Kind = LitNumber
		case strings.ContainsAny(lower, "e") && !strings.HasPrefix(lower, "0b") && !strings.HasPrefix(lower, "0o"):
			lit.Kind = LitNumber
		case !strings.ContainsAny(lower, ".bo") && len(strings.TrimLeft(num, "0")) > 18:
			lit.Kind = LitNumber
		default:
			continue
		}
		name := fmt.Sprintf("%s%d", LiteralPrefix, len(lits))
		lits[name] = lit
		replace(lit.From, lit.To, name)
	}
	return string(runes), lits, nil
}

// percentEnds reports whether the token at i can follow a percentage: the
// end, a closing bracket, a binary operator or "of" (else the % before it
// is the modulo operator: 10 % x).
func percentEnds(tokens []lexer.Token, i int) bool {
	if i >= len(tokens) {
		return true
	}
	t := tokens[i]
	switch t.Kind {
	case lexer.EOF:
		return true
	case lexer.Bracket:
		return t.Value == ")" || t.Value == "]" || t.Value == "}"
	case lexer.Operator:
		switch t.Value {
		case "-", "+", "!", "not", "(":
			return false
		}
		return true
	case lexer.Identifier:
		return t.Value == "of"
	}
	return false
}

func errMessage(err error) string {
	if fe, ok := err.(*file.Error); ok {
		return fe.Message
	}
	return err.Error()
}
