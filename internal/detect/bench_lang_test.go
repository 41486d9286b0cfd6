package detect

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Benchmarks of the plan language's additions, each against
// BenchmarkEngineConditionEveryLog (every log decoded and its condition
// evaluated): the same block and detectors, another condition.

// benchLangPlan is benchPlan with accounts and constants.
func benchLangPlan(b *testing.B, cond string) *plan.Plan {
	p := benchPlan(b, cond)
	p.Accounts = map[string]plan.Account{
		"admins": {Name: "admins", Set: true, Addresses: []common.Address{admin, attacker, evil, router}},
	}
	p.Constants = map[string]plan.Constant{
		"big":   {Name: "big", Expr: "100 ether"},
		"slice": {Name: "slice", Expr: "5%"},
	}
	return p
}

func benchLang(b *testing.B, cond string, reads func(e *Engine) ReadResults) {
	e, err := Compile(benchLangPlan(b, cond))
	if err != nil {
		b.Fatal(err)
	}
	blk := benchBlock(1)
	var r ReadResults
	if reads != nil {
		r = reads(e)
	}
	if got := e.Process(blk, r); len(got) != 0 {
		b.Fatalf("alerts per block %d (%s), want 0", len(got), got[0].Summary)
	}
	if reads != nil {
		r = r[:len(e.Reads("devnet", 1))]
	}
	timeProcess(b, e, blk, r)
}

// BenchmarkLangNames: a constant and membership of an address set.
func BenchmarkLangNames(b *testing.B) {
	benchLang(b, "amount > big && user in accounts.admins", nil)
}

// BenchmarkLangShare: a share of a constant ("5% of …").
func BenchmarkLangShare(b *testing.B) {
	benchLang(b, "amount > slice of 3000 ether && user != contract", nil)
}

// BenchmarkLangRead: a share of a view call's value at the block.
func BenchmarkLangRead(b *testing.B) {
	benchLang(b, "amount > 5% of contracts.c0.totalAssets() && user != contract", func(e *Engine) ReadResults {
		return ReadResults{uintResult(ether(3000))}
	})
}

// BenchmarkLangTokenUnits: an amount in a token's units (decimals known).
func BenchmarkLangTokenUnits(b *testing.B) {
	benchLang(b, "amount > 100 c1 && user != contract", func(e *Engine) ReadResults {
		return ReadResults{{Data: common.LeftPadBytes([]byte{18}, 32)}}
	})
}

// BenchmarkLangChange: a change over a window of a read.
func BenchmarkLangChange(b *testing.B) {
	benchLang(b, "amount > 100 ether && change(contracts.c0.totalAssets(), 10 blocks) < -8%", func(e *Engine) ReadResults {
		return ReadResults{uintResult(ether(3000))}
	})
}

// BenchmarkLangTxScope: the transaction's decoded events, filtered.
func BenchmarkLangTxScope(b *testing.B) {
	benchLang(b, `amount > 100 ether && any(tx.events, .name == "Withdraw" && .args.amount > 1000 ether)`, nil)
}
