package importer

import (
	"errors"
	"strings"
	"testing"
)

// testArgs resolves the arguments of a Transfer-like event plus a string,
// arrays, a bool, a bytes32 and a tuple.
func testArgs(name string) (string, *Type, error) {
	types := map[string]*Type{
		"from": {Kind: KindAddress}, "value": {Kind: KindInt}, "memo": {Kind: KindString},
		"ids": {Kind: KindArray, Elem: &Type{Kind: KindInt}}, "who": {Kind: KindArray, Elem: &Type{Kind: KindAddress}},
		"tags": {Kind: KindArray, Elem: &Type{Kind: KindString}}, "ok": {Kind: KindBool}, "role": {Kind: KindHash},
		"order": {Kind: KindTuple, Fields: map[string]*Type{"maker": {Kind: KindAddress}, "amount": {Kind: KindInt}}},
		"data":  {Kind: KindBytes},
	}
	if t, ok := types[name]; ok {
		if name == "from" {
			return "from", t, nil
		}
		return name, t, nil
	}
	return "", nil, errors.New("no such argument " + name)
}

func TestTranslate(t *testing.T) {
	const addr = "0x28C6c06298d514Db089934071355E5743bf21d60"
	tests := []struct {
		src, want string
	}{
		{"value == 5", "value == 5"},
		{"value != 5", "value != 5"},
		{"value > 115792089237316195423570985008687907853269984665640564039457584007913129639935", "value > 115792089237316195423570985008687907853269984665640564039457584007913129639935"},
		{"value >= 0x10", "value >= 16"},
		{"value < '100'", "value < 100"},
		{"value <= -1", "value <= -1"},
		{"value = 7", "value == 7"}, // Defender's single =
		{"from == '" + strings.ToLower(addr) + "'", "from == " + addr},
		{"from != " + addr, "from != " + addr},
		{"memo == 'Hello'", `lower(memo) == "hello"`},
		{"memo != \"x\"", `lower(memo) != "x"`},
		{"memo contains 'URGENT'", `lower(memo) contains "urgent"`},
		{"memo starts_with 'A'", `lower(memo) startsWith "a"`},
		{"memo ends_with 'Z'", `lower(memo) endsWith "z"`},
		{"ids contains 5", "any(ids, {# == 5})"},
		{"who contains '" + addr + "'", "any(who, {# == " + addr + "})"},
		{"tags contains 'Gov'", `any(tags, {lower(#) == "gov"})`},
		{"ids[1] > 2", "ids[1] > 2"},
		{"order.maker == '" + addr + "'", "order.maker == " + addr},
		{"ok == true", "ok == true"},
		{"ok != FALSE", "ok != false"},
		{"role == 0x9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6", "role == 0x9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6"},
		{"value > 1 && value < 9", "value > 1 && value < 9"},
		{"value > 1 || value < 9", "value > 1 || value < 9"},
		{"(value > 1 || value < 9) && ok == true", "(value > 1 || value < 9) && ok == true"},
		{"value > 1 || (ok == true && value < 9)", "value > 1 || (ok == true && value < 9)"},
		{"value > 1 AND NOT (ok = true) OR memo = 'x'", `(value > 1 && !(ok == true)) || lower(memo) == "x"`},
		{"!(value == 0)", "!(value == 0)"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		got, err := Translate(e, testArgs)
		if err != nil {
			t.Errorf("Translate(%q): %v", tt.src, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Translate(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestTranslateErrors(t *testing.T) {
	tests := []struct {
		src         string
		parse       bool // a syntax error
		unsupported bool // parses, no equivalent
		msg         string
	}{
		{src: "value >", parse: true, msg: "column 8"},
		{src: "value > 5 &&", parse: true, msg: "want a variable name"},
		{src: "(value > 5", parse: true, msg: "missing )"},
		{src: "memo == 'abc", parse: true, msg: "unterminated string"},
		{src: "value ~ 5", parse: true, msg: `unexpected '~'`},
		{src: "amount > 5", msg: "no such argument amount"},
		{src: "order.taker == 1", msg: "no such element or field"},
		{src: "value contains 5", unsupported: true, msg: "numbers take"},
		{src: "value > 1.5", unsupported: true, msg: "not a whole number"},
		{src: "from > '0x28C6c06298d514Db089934071355E5743bf21d60'", unsupported: true, msg: "addresses take == and !="},
		{src: "from == '0x1234'", unsupported: true, msg: "not a 0x address"},
		{src: "memo > 'a'", unsupported: true, msg: "strings take"},
		{src: "ids == '[1,2]'", unsupported: true, msg: "arrays take contains"},
		{src: "data == '0x00'", unsupported: true, msg: "not comparable"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.src)
		if tt.parse {
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Parse(%q) = %v, want a syntax error saying %q", tt.src, err, tt.msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		_, err = Translate(e, testArgs)
		if err == nil || !strings.Contains(err.Error(), tt.msg) || errors.Is(err, ErrUnsupported) != tt.unsupported {
			t.Errorf("Translate(%q) = %v, want an error saying %q (unsupported %v)", tt.src, err, tt.msg, tt.unsupported)
		}
	}
}

func TestCanonicalSig(t *testing.T) {
	for in, want := range map[string]string{
		"Withdraw(address indexed user, uint256 amount)":         "Withdraw(address,uint256)",
		"Transfer(address,address,uint256)":                      "Transfer(address,address,uint256)",
		"fill((address maker, uint256 amount) order, bytes sig)": "fill((address,uint256),bytes)",
		"fill((address,uint256)[] orders)":                       "fill((address,uint256)[])",
	} {
		if got := canonicalSig(in); got != want {
			t.Errorf("canonicalSig(%q) = %q, want %q", in, got, want)
		}
	}
}
