package detect

import (
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/expr-lang/expr/vm"
)

func bigFrom(t *testing.T, s string) *big.Int {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 0)
	if !ok {
		t.Fatalf("bad big %q", s)
	}
	return n
}

func TestConditionExactIntegers(t *testing.T) {
	two255 := new(big.Int).Lsh(big.NewInt(1), 255)
	two255m1 := new(big.Int).Sub(two255, big.NewInt(1))
	hundredEther := bigFrom(t, "100000000000000000000")
	addr := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	tests := []struct {
		name string
		cond string
		env  map[string]any
		want bool
	}{
		{"ether boundary equal", "amount >= 100 ether", map[string]any{"amount": hundredEther}, true},
		{"ether boundary strict", "amount > 100 ether", map[string]any{"amount": hundredEther}, false},
		{"one wei above", "amount > 100 ether", map[string]any{"amount": new(big.Int).Add(hundredEther, big.NewInt(1))}, true},
		{"equality with unit", "amount == 100 ether", map[string]any{"amount": hundredEther}, true},
		{"fractional ether", "amount == 1.5 ether", map[string]any{"amount": bigFrom(t, "1500000000000000000")}, true},
		{"gwei", "amount == 5 gwei", map[string]any{"amount": big.NewInt(5e9)}, true},
		{"wei", "amount == 3 wei", map[string]any{"amount": big.NewInt(3)}, true},
		{"scientific is exact", "amount == 1e18", map[string]any{"amount": bigFrom(t, "1000000000000000000")}, true},
		{"scientific off by one", "amount == 1e18", map[string]any{"amount": bigFrom(t, "1000000000000000001")}, false},
		{"2**255 exact", "amount == 2**255", map[string]any{"amount": two255}, true},
		{"2**255 - 1 below", "amount < 2**255", map[string]any{"amount": two255m1}, true},
		{"2**255 - 1 not equal", "amount == 2**255", map[string]any{"amount": two255m1}, false},
		{"huge literal", "amount == 57896044618658097711785492504343953926634992332820282019728792003956564819968", map[string]any{"amount": two255}, true},
		{"arith exact", "a + b == 2**255", map[string]any{"a": two255m1, "b": big.NewInt(1)}, true},
		{"mul div", "amount * 3 / 2 == 150 ether", map[string]any{"amount": hundredEther}, true},
		{"int division is integer", "7 / 2 == 3", map[string]any{}, true},
		{"modulo", "amount % 7 == 2", map[string]any{"amount": big.NewInt(9)}, true},
		{"modulo keeps the sign", "-amount % 7 == -2", map[string]any{"amount": big.NewInt(9)}, true},
		{"negative", "-amount < 0", map[string]any{"amount": hundredEther}, true},
		{"int on the left", "0 < amount", map[string]any{"amount": hundredEther}, true},
		{"units helper", "amount >= units(100, 18)", map[string]any{"amount": hundredEther}, true},
		{"bps helper", "bps(amount, total) >= 2000", map[string]any{"amount": big.NewInt(20), "total": big.NewInt(100)}, true},
		{"address literal", "to == 0x00000000000000000000000000000000000000AA", map[string]any{"to": addr}, true},
		{"address string", `to == "0x00000000000000000000000000000000000000aa"`, map[string]any{"to": addr}, true},
		{"address not equal", "to != 0x00000000000000000000000000000000000000ab", map[string]any{"to": addr}, true},
		{"address in list", "to in [0x00000000000000000000000000000000000000ab, 0x00000000000000000000000000000000000000aa]", map[string]any{"to": addr}, true},
		// bool literals reach the exact operators' constArg and are left to expr
		{"bool literals compared", "true != false", map[string]any{}, true},
		{"bool literal in a condition", "amount > 1 ether && true == true", map[string]any{"amount": hundredEther}, true},
		{"bool literal not folded into an address test", "to == 0x00000000000000000000000000000000000000aa && !false", map[string]any{"to": addr}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]any{}
			for k, v := range tc.env {
				vars[k] = v
			}
			prog, err := compileCondition(tc.cond, vars)
			if err != nil {
				t.Fatalf("compile %q: %v", tc.cond, err)
			}
			var m vm.VM
			out, err := m.Run(prog, tc.env)
			if err != nil {
				t.Fatalf("run %q: %v", tc.cond, err)
			}
			if out != tc.want {
				t.Fatalf("%q = %v, want %v", tc.cond, out, tc.want)
			}
		})
	}
}

// TestConditionDivideByZero: a zero divisor is a run error, not a panic.
func TestConditionDivideByZero(t *testing.T) {
	for cond, want := range map[string]string{
		"amount / zero > 0": "division by zero",
		"amount % zero > 0": "modulo by zero",
	} {
		env := map[string]any{"amount": big.NewInt(9), "zero": big.NewInt(0)}
		prog, err := compileCondition(cond, env)
		if err != nil {
			t.Fatalf("compile %q: %v", cond, err)
		}
		var m vm.VM
		if out, err := m.Run(prog, env); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q = %v, %v; want an error %q", cond, out, err, want)
		}
	}
}

func TestConditionCompileErrors(t *testing.T) {
	vars := map[string]any{"amount": (*big.Int)(nil)}
	tests := []struct {
		cond      string
		line, col int
		msg       string
	}{
		{"amount * 0.5 > 1 ether", 1, 8, "mismatched types"},
		{"amount > 0.1 wei", 1, 10, "not a whole number of wei"},
		{"amount > 1e-3", 1, 10, "not a whole number"},
		{"amount > 100 ether &&\n  nosuch > 1", 2, 3, "unknown name nosuch"},
		{"amount + ", 1, 9, "unexpected token"},
		{"amount", 1, 1, "expected bool"},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			_, err := compileCondition(tc.cond, vars)
			if err == nil {
				t.Fatalf("compile %q: no error", tc.cond)
			}
			ce, ok := err.(*ConditionError)
			if !ok {
				t.Fatalf("error %T %v, want *ConditionError", err, err)
			}
			if ce.Line != tc.line || ce.Column != tc.col || !strings.Contains(ce.Msg, tc.msg) {
				t.Fatalf("got %d:%d %q, want %d:%d containing %q", ce.Line, ce.Column, ce.Msg, tc.line, tc.col, tc.msg)
			}
		})
	}
}
