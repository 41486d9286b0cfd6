package detect

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
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

// withIndexMin compiles with indexes on matches of at least n indexable
// detectors (n < 0: none).
func withIndexMin(n int) Option {
	return func(c *config) { c.indexMin = n }
}

// ledgerABI has integers of every kind the index compares: unsigned,
// signed (negative values), small (uint8).
const ledgerABI = `[
 {"type":"event","name":"Withdraw","inputs":[{"name":"user","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}]},
 {"type":"event","name":"Shift","inputs":[{"name":"delta","type":"int256","indexed":false},{"name":"tag","type":"uint8","indexed":false}]},
 {"type":"function","name":"withdraw","stateMutability":"nonpayable","inputs":[{"name":"amount","type":"uint256"}],"outputs":[]}
]`

var ledger = common.HexToAddress("0x000000000000000000000000000000000000a00f")

// indexValues are the constants and values of the randomized plans and
// blocks: boundaries close to each other (a value equal to a constant, one
// off either side), zero, negatives, and the extremes of 256 bits.
func indexValues() []*big.Int {
	two := big.NewInt(2)
	maxU := new(big.Int).Sub(new(big.Int).Exp(two, big.NewInt(256), nil), big.NewInt(1))
	maxI := new(big.Int).Sub(new(big.Int).Exp(two, big.NewInt(255), nil), big.NewInt(1))
	minI := new(big.Int).Neg(new(big.Int).Exp(two, big.NewInt(255), nil))
	out := []*big.Int{maxU, maxI, minI, new(big.Int).Add(minI, big.NewInt(1))}
	for _, base := range []*big.Int{big.NewInt(0), big.NewInt(7), big.NewInt(1000), ether(1), ether(1000)} {
		for d := int64(-1); d <= 1; d++ {
			v := new(big.Int).Add(base, big.NewInt(d))
			out = append(out, v, new(big.Int).Neg(v))
		}
	}
	return out
}

// randomIndexPlan is a plan of n detectors on the ledger: event, function
// and transaction detectors whose conditions are a comparison with a
// random operator and constant, alone or followed by more (some of which
// fail at run time: a division by zero degrades the detector), with
// thresholds and cooldowns here and there, and a few that no index takes.
func randomIndexPlan(t *testing.T, rng *rand.Rand, n int) *plan.Plan {
	t.Helper()
	parsed, err := abi.JSON(strings.NewReader(ledgerABI))
	if err != nil {
		t.Fatal(err)
	}
	vals := indexValues()
	ops := []string{"<", "<=", ">", ">=", "==", "!="}
	unsigned := func() string {
		v := vals[rng.IntN(len(vals))]
		if v.Sign() < 0 {
			v = new(big.Int).Neg(v)
		}
		if v.BitLen() > 256 {
			v = new(big.Int).SetInt64(7)
		}
		return v.String()
	}
	signed := func() string {
		v := vals[rng.IntN(len(vals))]
		if v.BitLen() > 255 && v.Sign() > 0 {
			v = big.NewInt(-7)
		}
		if v.Sign() < 0 {
			return "-" + new(big.Int).Neg(v).String()
		}
		return v.String()
	}
	cmpOf := func(name string, k string) string {
		return fmt.Sprintf("%s %s %s", name, ops[rng.IntN(len(ops))], k)
	}
	more := func(name string) string {
		switch rng.IntN(5) {
		case 0:
			return " && contract != tx.from"
		case 1:
			return " && tx.value > 1000"
		case 2:
			// fails (division by zero) where the argument is 7
			return fmt.Sprintf(" && 1000 / (%s - 7) != 3", name)
		case 3:
			return " && tx.reverted == false"
		}
		return fmt.Sprintf(" and %s", cmpOf(name, "1000"))
	}
	p := &plan.Plan{
		Version: 1, Path: "plan.yaml",
		Networks:  []plan.Network{{Name: "devnet", ChainID: 1337}},
		Contracts: []plan.Contract{{Name: "ledger", Network: "devnet", Address: ledger, ABI: &plan.ABI{Path: "ledger.json", Parsed: parsed}}},
	}
	for i := range n {
		d := plan.Detector{Name: fmt.Sprintf("d%d", i), Contract: "ledger", Severity: "high",
			Pos: plan.Pos{File: "plan.yaml", Line: 10 + i, Col: 5}}
		switch r := rng.IntN(10); {
		case r < 4:
			d.Kind, d.Signature = plan.KindEvent, "Withdraw(address indexed user, uint256 amount)"
			switch rng.IntN(6) {
			case 0:
				d.Condition = cmpOf("tx.value", unsigned())
			case 1:
				d.Condition = cmpOf("amount", unsigned()) + more("amount")
			case 2:
				// no index: the constant on the left
				d.Condition = unsigned() + " < amount"
			default:
				d.Condition = cmpOf("amount", unsigned())
			}
		case r < 6:
			d.Kind, d.Signature = plan.KindEvent, "Shift(int256 delta, uint8 tag)"
			switch rng.IntN(4) {
			case 0:
				d.Condition = cmpOf("tag", fmt.Sprint(rng.IntN(9)))
			case 1:
				d.Condition = cmpOf("delta", signed()) + " && 1000 / (delta - 7) != 3"
			default:
				d.Condition = cmpOf("delta", signed())
			}
		case r < 8:
			d.Kind, d.Signature = plan.KindFunction, "withdraw(uint256)"
			d.Condition = cmpOf("amount", unsigned())
			if rng.IntN(3) == 0 {
				d.Condition += more("amount")
			}
		default:
			d.Kind = plan.KindTransaction
			if rng.IntN(4) == 0 {
				d.Contract = "" // every transaction of a monitored contract
			}
			d.Condition = cmpOf("tx.value", unsigned())
			if rng.IntN(3) == 0 {
				d.Condition += " && tx.reverted"
			}
		}
		if rng.IntN(6) == 0 {
			d.Threshold = &plan.Threshold{Count: 2 + rng.IntN(2), Window: plan.Duration(time.Duration(20+rng.IntN(40)) * time.Second)}
		}
		if rng.IntN(5) == 0 {
			d.Cooldown = plan.Duration(time.Duration(10+rng.IntN(30)) * time.Second)
		}
		p.Detectors = append(p.Detectors, d)
	}
	return p
}

// randomIndexBlock is a block of transactions to the ledger with random
// values, calls and logs, some reverted.
func randomIndexBlock(rng *rand.Rand, number uint64) *chain.Block {
	vals := indexValues()
	unsigned := func() *big.Int {
		v := vals[rng.IntN(len(vals))]
		if v.Sign() < 0 {
			v = new(big.Int).Neg(v)
		}
		return v
	}
	signed := func() *big.Int {
		v := vals[rng.IntN(len(vals))]
		if v.BitLen() > 255 && v.Sign() > 0 {
			return big.NewInt(7)
		}
		return v
	}
	bb := newBlock(number, number*7)
	for range 1 + rng.IntN(6) {
		var logs []*types.Log
		for range rng.IntN(4) {
			if rng.IntN(2) == 0 {
				lg := withdrawLog(alice, unsigned())
				lg.Address = ledger
				logs = append(logs, lg)
				continue
			}
			data := append(word(signed()), word(big.NewInt(int64(rng.IntN(9))))...)
			if d := signed(); d.Sign() < 0 {
				data = append(common.LeftPadBytes(new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 256), d).Bytes(), 32), data[32:]...)
			} else {
				data = append(word(d), data[32:]...)
			}
			logs = append(logs, &types.Log{Address: ledger, Topics: []common.Hash{topicOf("Shift(int256,uint8)")}, Data: data})
		}
		to := ledger
		if rng.IntN(8) == 0 {
			to = token // no detector of the ledger's sees it
		}
		// a value that fits an account (the tx builder's value is any
		// integer)
		value := unsigned()
		if value.BitLen() > 200 {
			value = ether(1000)
		}
		bb.tx(alice, &to, value, withdrawInput(unsigned()), rng.IntN(5) != 0, logs...)
	}
	return bb.block()
}

// detectorMetrics gathers reg's evaluations, alerts and seconds by
// detector.
func detectorMetrics(t *testing.T, reg *prometheus.Registry) map[string][3]float64 {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][3]float64{}
	for _, f := range fams {
		for _, mt := range f.GetMetric() {
			var det string
			for _, l := range mt.GetLabel() {
				if l.GetName() == "detector" {
					det = l.GetValue()
				}
			}
			v := out[det]
			switch f.GetName() {
			case "breakglass_detector_evaluations_total":
				v[0] = mt.GetCounter().GetValue()
			case "breakglass_detector_alerts_total":
				v[1] = mt.GetCounter().GetValue()
			case "breakglass_detector_evaluation_seconds_total":
				v[2] = mt.GetCounter().GetValue()
			}
			out[det] = v
		}
	}
	return out
}

// TestIndexSameAlerts: on randomized plans (operators, constants at and
// around the values, negative and 256-bit integers, comparisons followed
// by more, some of it failing, thresholds and cooldowns) and blocks, the
// engine with indexes raises exactly the alerts of the engine without, in
// the same order, ends in the same state (windows, cooldowns, degraded
// flags) and counts the same evaluations and alerts per detector.
func TestIndexSameAlerts(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 17))
			p := randomIndexPlan(t, rng, 10+rng.IntN(80))
			regPlain, regIx := prometheus.NewRegistry(), prometheus.NewRegistry()
			mPlain, err := NewMetrics(regPlain)
			if err != nil {
				t.Fatal(err)
			}
			mIx, err := NewMetrics(regIx)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := Compile(p, withIndexMin(-1), WithMetrics(mPlain))
			if err != nil {
				t.Fatal(err)
			}
			indexed, err := Compile(p, withIndexMin(1), WithMetrics(mIx))
			if err != nil {
				t.Fatal(err)
			}
			if len(indexed.groups) == 0 || len(plain.groups) != 0 {
				t.Fatalf("%d groups indexed, %d without indexes", len(indexed.groups), len(plain.groups))
			}
			total, degraded := 0, 0
			for n := uint64(1); n <= 60; n++ {
				blk := randomIndexBlock(rng, n)
				want := plain.Process(blk, nil)
				got := indexed.Process(blk, nil)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("block %d: indexed alerts\n%v\nwant\n%v", n, names(got), names(want))
				}
				if s, w := indexed.Snapshot(), plain.Snapshot(); !reflect.DeepEqual(s, w) {
					t.Fatalf("block %d: indexed state\n%+v\nwant\n%+v", n, s.Detectors, w.Detectors)
				}
				total += len(want)
				for _, a := range want {
					if a.IncidentType == IncidentDegraded {
						degraded++
					}
				}
				if n%20 == 0 {
					// a restored state (degraded flags among it) is
					// the index's too
					s := plain.Snapshot()
					for i := range s.Detectors {
						if rng.IntN(4) == 0 {
							s.Detectors[i].Degraded = !s.Detectors[i].Degraded
						}
					}
					plain.Restore(s)
					indexed.Restore(s)
				}
			}
			if total == 0 {
				t.Fatal("no alert: the comparison shows nothing")
			}
			t.Logf("%d detectors, %d groups, %d alerts (%d degraded)", len(p.Detectors), len(indexed.groups), total, degraded)
			mw, mg := detectorMetrics(t, regPlain), detectorMetrics(t, regIx)
			for det, w := range mw {
				g := mg[det]
				if g[0] != w[0] || g[1] != w[1] {
					t.Errorf("%s: indexed %v evaluations, %v alerts; want %v, %v", det, g[0], g[1], w[0], w[1])
				}
				if (g[2] > 0) != (g[0] > 0) {
					t.Errorf("%s: %v seconds for %v evaluations", det, g[2], g[0])
				}
			}
		})
	}
}

// TestIndexNotInteger: a value that is not an integer runs every program
// of the group, which reports the error (the detector is degraded) as
// without the index; an integer after it clears the flags of those it
// decides.
func TestIndexNotInteger(t *testing.T) {
	var dets []plan.Detector
	for i, c := range []string{"amount > 5", "amount >= 7", "amount == 7", "amount != 7", "amount < 9",
		"amount <= 7 && user != contract", "amount > 1 && amount / 0 > 1", "tx.value < 3"} {
		dets = append(dets, plan.Detector{Name: fmt.Sprintf("d%d", i), Kind: plan.KindEvent, Contract: "vault",
			Signature: "Withdraw(address indexed user, uint256 amount)", Condition: c})
	}
	lg := withdrawLog(alice, big.NewInt(7))
	blk := newBlock(1, 10).tx(alice, &vault, nil, nil, true, lg).block()
	var engines []*Engine
	for _, min := range []int{-1, 1} {
		e, err := Compile(testPlan(t, dets...), withIndexMin(min))
		if err != nil {
			t.Fatal(err)
		}
		if m := e.nets["devnet"].events[logKey{vault, lg.Topics[0]}]; (m.ix != nil) != (min > 0) {
			t.Fatalf("index %v with min %d", m.ix != nil, min)
		}
		e.Process(blk, nil) // the log's context, its arguments
		engines = append(engines, e)
	}
	for _, v := range []any{"7", nil, big.NewInt(7), big.NewInt(8), common.Address{}, big.NewInt(1), "x", big.NewInt(6), nil} {
		var got [2][]string
		var states [2][]DetectorState
		for i, e := range engines {
			ni := e.nets["devnet"]
			m := ni.events[logKey{vault, lg.Topics[0]}]
			e.matches = e.matches[:0]
			m.env["amount"] = v
			// what a match decodes is v, not the log's amount
			m.need.all = true
			e.matchLogDetectors(ni, blk, 0, lg, m)
			got[i] = sortedMatches(e)
			states[i] = e.Snapshot().Detectors
		}
		if !reflect.DeepEqual(got[0], got[1]) || !reflect.DeepEqual(states[0], states[1]) {
			t.Errorf("amount %v: indexed %v %+v, want %v %+v", v, got[1], states[1], got[0], states[0])
		}
		t.Logf("amount %v: %v", v, got[1])
	}
}

// sortedMatches lists e's matches in Process's order.
func sortedMatches(e *Engine) []string {
	ms := append([]match(nil), e.matches...)
	sortMatches(ms)
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s@%d/%d degraded=%v", m.det.name, m.order, m.logIndex, m.degraded))
	}
	return out
}

// TestIndexProbe: a probed engine has no index: every detector is
// evaluated, and each of its thresholds heard, on every log.
func TestIndexProbe(t *testing.T) {
	var dets []plan.Detector
	at := map[string][]int{}
	for i := range 8 {
		d := plan.Detector{Name: fmt.Sprintf("d%d", i), Kind: plan.KindEvent, Contract: "vault",
			Signature: "Withdraw(address indexed user, uint256 amount)", Condition: fmt.Sprintf("amount > %d ether", 10*(i+1))}
		ths, err := Thresholds(d.Condition)
		if err != nil || len(ths) != 1 {
			t.Fatalf("%s: %v %v", d.Name, ths, err)
		}
		at[d.Name] = []int{ths[0].From}
		dets = append(dets, d)
	}
	heard := map[string]int{}
	e, err := Compile(testPlan(t, dets...), withIndexMin(1),
		WithProbe(&Probe{At: at, Sample: func(s Sample) { heard[s.Detector]++ }}))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.groups) != 0 {
		t.Fatalf("a probed engine has %d index groups", len(e.groups))
	}
	b := newBlock(1, 10).tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(1)), withdrawLog(alice, ether(500))).block()
	if got := len(e.Process(b, nil)); got != 2*len(dets) {
		t.Errorf("%d alerts, want every probed detector on both logs (%d)", got, 2*len(dets))
	}
	for _, d := range dets {
		if heard[d.Name] != 2 {
			t.Errorf("%s: heard %d times, want 2", d.Name, heard[d.Name])
		}
	}
}
