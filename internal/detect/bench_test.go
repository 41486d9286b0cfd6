package detect

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

const (
	benchAddresses = 10000
	benchDetectors = 1000
	benchTxs       = 200
	benchLogsPerTx = 5
)

func benchAddr(i int) common.Address {
	return common.BigToAddress(big.NewInt(int64(0x100000 + i)))
}

// benchPlan monitors benchAddresses contracts with benchDetectors event
// detectors (Withdraw or Deposit, with condition cond) on the first of
// them.
func benchPlan(b *testing.B, cond string) *plan.Plan { return benchPlanN(b, cond, benchDetectors) }

// benchPlanN is benchPlan with n detectors.
func benchPlanN(b *testing.B, cond string, detectors int) *plan.Plan {
	b.Helper()
	parsed, err := abi.JSON(strings.NewReader(vaultABI))
	if err != nil {
		b.Fatal(err)
	}
	p := &plan.Plan{Version: 1, Networks: []plan.Network{{Name: "devnet"}}}
	p.Accounts = map[string]plan.Account{
		"team": {Name: "team", Set: true, Addresses: []common.Address{admin, evil}},
	}
	pabi := &plan.ABI{Parsed: parsed}
	for i := 0; i < benchAddresses; i++ {
		p.Contracts = append(p.Contracts, plan.Contract{Name: fmt.Sprintf("c%d", i), Network: "devnet", Address: benchAddr(i), ABI: pabi})
	}
	for i := 0; i < detectors; i++ {
		sig := "Withdraw(address,uint256)"
		if i%2 == 1 {
			sig = "Deposit(address,uint256)"
		}
		c := cond
		if c == mixedConditions {
			c = benchConditions[(i/2)%len(benchConditions)]
		}
		p.Detectors = append(p.Detectors, plan.Detector{
			Name: fmt.Sprintf("d%d", i), Kind: plan.KindEvent, Contract: fmt.Sprintf("c%d", i/2),
			Signature: sig, Condition: c, Severity: "high",
		})
	}
	return p
}

// mixedConditions, as benchPlan's condition, gives the detectors the
// conditions of benchConditions in turn.
const mixedConditions = "<mixed>"

// benchConditions are the conditions of a realistic plan's event
// detectors: a threshold on an amount, an account or the transaction
// besides, a share. None holds on benchBlock's watched logs (amounts
// below 50 ether, from alice, in transactions without value).
var benchConditions = []string{
	"amount > 100 ether",
	"amount > 50 ether && user != contract",
	"user in accounts.team || amount >= 1000 ether",
	"amount > 10 ether && tx.value > 1 ether",
	"amount * 10000 / 500000 ether > 3",
}

// benchBlock is a block of benchTxs transactions (calls with calldata)
// with benchLogsPerTx logs each. watchedEvery: one log in watchedEvery is
// a watched Withdraw (with an amount below the condition); of the others,
// one in three is a monitored contract's event that no detector watches
// (alternately a Withdraw of a contract without detectors and a Transfer
// of a contract whose Withdraw and Deposit are watched: the address
// matches, not the event), the rest ERC-20 Transfers of unwatched tokens.
func benchBlock(watchedEvery int) *chain.Block { return benchBlockN(watchedEvery, benchDetectors) }

// benchBlockN is benchBlock for a plan of n detectors.
func benchBlockN(watchedEvery, detectors int) *chain.Block {
	bb := newBlock(1, 100)
	n := 0
	for t := 0; t < benchTxs; t++ {
		var logs []*types.Log
		for l := 0; l < benchLogsPerTx; l++ {
			var lg *types.Log
			switch {
			case n%watchedEvery == 0:
				// watched: the Withdraw of a contract with a detector
				lg = withdrawLog(alice, ether(int64(n%50)))
				lg.Address = benchAddr((n / watchedEvery) % max(1, detectors/2))
			case n%6 == 0:
				// a monitored contract's event that no detector watches
				lg = withdrawLog(alice, ether(1))
				lg.Address = benchAddr(detectors/2 + 1 + n%(benchAddresses-detectors/2-1))
			case n%3 == 0:
				// a watched contract's event that no detector watches
				lg = transferLog(benchAddr(n%max(1, detectors/2)), alice, evil, ether(1))
			default:
				// a token transfer elsewhere
				lg = transferLog(common.BigToAddress(big.NewInt(int64(n))), alice, evil, ether(1))
			}
			logs = append(logs, lg)
			n++
		}
		to := benchAddr(t)
		sel := selectorOf("withdraw(uint256)")
		data := append(sel[:], word(ether(int64(t)))...)
		bb.tx(alice, &to, nil, data, true, logs...)
	}
	return bb.block()
}

func countLogs(b *chain.Block) int {
	n := 0
	for _, r := range b.Receipts {
		n += len(r.Logs)
	}
	return n
}

func reportLogs(b *testing.B, logs int, elapsed time.Duration) {
	total := float64(logs) * float64(b.N)
	b.ReportMetric(total/elapsed.Seconds(), "logs/s")
	b.ReportMetric(float64(elapsed.Nanoseconds())/total, "ns/log")
}

// BenchmarkBaseline is the floor: walking the block's logs and looking up
// each (address, topic0) in a map of the same size as the engine's index.
func BenchmarkBaseline(b *testing.B) {
	index := map[logKey]*eventMatch{}
	for i := 0; i < benchDetectors; i++ {
		index[logKey{benchAddr(i / 2), topicOf("Withdraw(address,uint256)")}] = &eventMatch{}
	}
	blk := benchBlock(10)
	logs := countLogs(blk)
	hits := 0
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		for _, r := range blk.Receipts {
			for _, lg := range r.Logs {
				if len(lg.Topics) == 0 {
					continue
				}
				if index[logKey{lg.Address, lg.Topics[0]}] != nil {
					hits++
				}
			}
		}
	}
	reportLogs(b, logs, time.Since(start))
	if hits == 0 {
		b.Fatal("no hits")
	}
}

func benchEngine(b *testing.B, cond string, watchedEvery int, wantAlerts int, opts ...Option) {
	benchCompiled(b, benchPlan(b, cond), benchBlock(watchedEvery), wantAlerts, opts...)
}

// benchCompiled compiles p, checks that the engine raises wantAlerts on
// blk, and measures it over blk.
func benchCompiled(b *testing.B, p *plan.Plan, blk *chain.Block, wantAlerts int, opts ...Option) {
	e, err := Compile(p, opts...)
	if err != nil {
		b.Fatal(err)
	}
	if got := len(e.Process(blk, nil)); got != wantAlerts {
		b.Fatalf("alerts per block %d, want %d", got, wantAlerts)
	}
	timeProcess(b, e, blk, nil)
}

// timeProcess measures e.Process over blk with the read results r, and
// reports the time per log.
func timeProcess(b *testing.B, e *Engine, blk *chain.Block, r ReadResults) {
	logs := countLogs(blk)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		e.Process(blk, r)
	}
	reportLogs(b, logs, time.Since(start))
}

// BenchmarkEngineDetectors is the realistic mix (benchBlock: one log in
// ten watched, the conditions of benchConditions) with 10, 100, 1,000 and
// 10,000 detectors: what the engine costs as a plan grows.
func BenchmarkEngineDetectors(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("detectors=%d", n), func(b *testing.B) {
			benchCompiled(b, benchPlanN(b, mixedConditions, n), benchBlockN(10, n), 0)
		})
	}
}

// BenchmarkEngineRealisticMix: 1,000 detectors over 10,000 addresses with
// the conditions of benchConditions; one log in ten matches a detector and
// evaluates its condition (false), the others match nothing (a monitored
// contract's event no detector watches, a watched contract's other event,
// a token elsewhere).
func BenchmarkEngineRealisticMix(b *testing.B) {
	benchEngine(b, mixedConditions, 10, 0)
}

// BenchmarkEngineConditionEveryLog: every log matches a detector, is
// decoded and evaluates its condition (false).
func BenchmarkEngineConditionEveryLog(b *testing.B) {
	benchEngine(b, "amount > 100 ether && user != contract", 1, 0)
}

// BenchmarkEngineAlertEveryTenthLog: as the realistic mix, but every match
// raises an alert (the alert path: fields, summary, ordering).
func BenchmarkEngineAlertEveryTenthLog(b *testing.B) {
	benchEngine(b, "amount >= 0", 10, benchTxs*benchLogsPerTx/10)
}

// withBenchMetrics instruments an engine with metrics on a fresh registry.
func withBenchMetrics(b *testing.B) Option {
	m, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	return WithMetrics(m)
}

// BenchmarkEngineRealisticMixMetrics is the realistic mix with the
// per-detector metrics on (counts and evaluation time).
func BenchmarkEngineRealisticMixMetrics(b *testing.B) {
	benchEngine(b, mixedConditions, 10, 0, withBenchMetrics(b))
}

// BenchmarkEngineConditionEveryLogMetrics is every log evaluated, with the
// per-detector metrics on: the most clock reads per block.
func BenchmarkEngineConditionEveryLogMetrics(b *testing.B) {
	benchEngine(b, "amount > 100 ether && user != contract", 1, 0, withBenchMetrics(b))
}

// BenchmarkEngineSameEvent: 1,000 and 10,000 detectors on the same event
// of the same contract that differ by their thresholds (amount > K, ==
// K, and amount > K && user != contract, in turn), every log of
// benchBlock a Withdraw of it; indexed (the default) and one by one
// (index=off), for their ratio in one run. The logs' amounts are 45 to
// 55 ether, the thresholds 50 ether and up: a few detectors match each
// log (and alert: most of the indexed time is those alerts').
func BenchmarkEngineSameEvent(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		p := benchPlanN(b, "", n)
		for i := range p.Detectors {
			d := &p.Detectors[i]
			d.Contract, d.Signature = "c0", "Withdraw(address,uint256)"
			k := 50 + i
			switch i % 3 {
			case 0:
				d.Condition = fmt.Sprintf("amount > %d ether", k)
			case 1:
				d.Condition = fmt.Sprintf("amount == %d ether", k)
			default:
				d.Condition = fmt.Sprintf("amount > %d ether && user != contract", k)
			}
		}
		blk := benchBlockN(1, 2)
		i := 0
		for _, r := range blk.Receipts {
			for _, lg := range r.Logs {
				// amounts of 45 to 55 ether: a few thresholds hold
				lg.Data = word(ether(int64(45 + i%11)))
				i++
			}
		}
		for _, ix := range []struct {
			name string
			min  int
		}{{"on", 0}, {"off", -1}} {
			b.Run(fmt.Sprintf("detectors=%d/index=%s", n, ix.name), func(b *testing.B) {
				e, err := Compile(p, withIndexMin(ix.min))
				if err != nil {
					b.Fatal(err)
				}
				if got := len(e.Process(blk, nil)); got == 0 {
					b.Fatal("no alert")
				}
				timeProcess(b, e, blk, nil)
			})
		}
	}
}
