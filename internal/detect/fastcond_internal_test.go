package detect

import (
	"math/big"
	"testing"

	"github.com/expr-lang/expr/vm"
)

// TestFastCond: a comparison of an argument (or tx.value) with an integer
// constant has a fast form, whose result is the program's for every value;
// a value that is not an integer, and any other condition, go to the
// program.
func TestFastCond(t *testing.T) {
	ether := func(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }
	plus := func(x *big.Int, d int64) *big.Int { return new(big.Int).Add(x, big.NewInt(d)) }
	values := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(6), big.NewInt(7), big.NewInt(8),
		big.NewInt(3e9 - 1), big.NewInt(3e9), big.NewInt(3e9 + 1), ether(1000), plus(ether(1000), 1), plus(ether(1000), -1), big.NewInt(-7)}
	for _, tc := range []struct {
		cond string
		fast bool
		// lead: the condition is not fast but begins with a fast
		// comparison (fastCond.more)
		lead bool
	}{
		{"value > 1000 ether", true, false},
		{"value >= 7", true, false},
		{"value < 3 gwei", true, false},
		{"value <= 0", true, false},
		{"value == 7", true, false},
		{"value != 7", true, false},
		{"value > -7", true, false},
		{"tx.value > 1000 ether", true, false},
		{"tx.value == 0", true, false},
		{"1000 ether < value", false, false},
		{"value + 1 > 8", false, false},
		{"value > 5 && value < 8", false, true},
		{"value > 5 and value < 8 and value != 6", false, true},
		{"(value > 5 || value < 2) && value < 8", false, false},
		{"value < 8 || value > 5", false, false},
		{"value + 1 > 8 && value > 5", false, false},
		{"not (value > 5)", false, false},
		{"value > other", false, false},
	} {
		t.Run(tc.cond, func(t *testing.T) {
			vars := baseVars()
			vars["value"], vars["other"] = (*big.Int)(nil), (*big.Int)(nil)
			prog, _, fast, err := compileCond(tc.cond, vars, nil, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := fast != nil && !fast.more; got != tc.fast {
				t.Fatalf("fast form: %v, want %v", got, tc.fast)
			}
			if got := fast != nil && fast.more; got != tc.lead {
				t.Fatalf("leading comparison: %v, want %v", got, tc.lead)
			}
			if fast == nil {
				return
			}
			if fast.more {
				// the lead's verdict, when false, is the condition's
				for _, v := range values {
					e := &Engine{}
					env := map[string]any{"value": v, "other": big.NewInt(1), "tx": &e.tx, "block": &e.block}
					got, done := fast.eval(e, env, nil)
					out, err := vm.Run(prog, env)
					if err != nil {
						t.Fatalf("program at %s: %v", v, err)
					}
					if !done || !got && out.(bool) {
						t.Errorf("at %s: lead %v (done %v), program %v", v, got, done, out)
					}
				}
				return
			}
			e := &Engine{}
			for _, v := range values {
				e.tx.Value = v
				env := map[string]any{"value": v, "other": big.NewInt(1), "tx": &e.tx, "block": &e.block}
				got, done := fast.eval(e, env, nil)
				cached, cdone := fast.eval(e, env, &fastCache{engineTx: true, name: "value", val: v})
				out, err := vm.Run(prog, env)
				if err != nil {
					t.Fatalf("program at %s: %v", v, err)
				}
				if !done || got != out.(bool) || !cdone || cached != got {
					t.Errorf("at %s: fast %v (done %v), from the cache %v (done %v), program %v", v, got, done, cached, cdone, out)
				}
			}
			// Not an integer, or another transaction's environment: the
			// program decides.
			e.tx.Value = nil
			if _, done := fast.eval(e, map[string]any{"value": "7", "tx": &e.tx}, nil); done {
				t.Error("decided a value that is not an integer")
			}
			if fast.txValue {
				e.tx.Value = big.NewInt(1)
				if _, done := fast.eval(e, map[string]any{"tx": &txEnv{Value: big.NewInt(1)}}, nil); done {
					t.Error("decided tx.value of an environment that is not the engine's")
				}
			}
		})
	}
}
