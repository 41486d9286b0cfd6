package detect

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// TestMetrics processes blocks with an instrumented engine and checks the
// per-detector counters: every evaluation is counted and timed, only the
// alerts that pass thresholds count as alerts.
func TestMetrics(t *testing.T) {
	big := plan.Detector{Name: "big-withdraw", Kind: plan.KindEvent, Contract: "vault",
		Signature: "Withdraw(address indexed user, uint256 amount)", Condition: "amount > 100 ether"}
	every := plan.Detector{Name: "every-withdraw", Kind: plan.KindEvent, Contract: "vault",
		Signature: "Withdraw(address,uint256)", Threshold: &plan.Threshold{Count: 2, Window: plan.Duration(60e9)}}
	call := plan.Detector{Name: "withdraw-call", Kind: plan.KindFunction, Contract: "vault",
		Signature: "withdraw(uint256)", Condition: "amount >= 50 ether"}
	failed := plan.Detector{Name: "failed-tx", Kind: plan.KindTransaction, Contract: "vault", Condition: "tx.reverted"}
	idle := plan.Detector{Name: "idle", Kind: plan.KindEvent, Contract: "vault", Signature: "Deposit(address,uint256)"}

	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Compile(testPlan(t, big, every, call, failed, idle), WithMetrics(m))
	if err != nil {
		t.Fatal(err)
	}
	data := func(amount int64) []byte { return withdrawInput(ether(amount)) }
	// Block 1: a withdraw(200) call with its Withdraw event, and a small
	// Withdraw. Block 2: a failed withdraw(1) call.
	b1 := newBlock(1, 10).
		tx(alice, &vault, nil, data(200), true, withdrawLog(alice, ether(200))).
		tx(alice, &vault, nil, data(1), true, withdrawLog(alice, ether(1))).block()
	b2 := newBlock(2, 20).tx(alice, &vault, nil, data(1), false).block()
	var alerts []string
	for _, b := range []*chain.Block{b1, b2} {
		for _, a := range e.Process(b, nil) {
			alerts = append(alerts, a.Detector)
		}
	}
	t.Logf("alerts %v", alerts)

	tests := []struct {
		detector      string
		evals, alerts float64
	}{
		{"big-withdraw", 2, 1},   // two Withdraw logs, one above 100 ether
		{"every-withdraw", 2, 1}, // two matches make one alert (threshold 2)
		{"withdraw-call", 3, 1},  // three top-level calls, one of 200 ether
		{"failed-tx", 3, 1},      // three transactions to the vault, one reverted
		{"idle", 0, 0},           // no Deposit: never evaluated
	}
	type key struct{ name, detector string }
	series := map[key]float64{}
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		for _, mt := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range mt.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["network"] != "devnet" {
				t.Errorf("%s%v: want network devnet", f.GetName(), labels)
			}
			series[key{f.GetName(), labels["detector"]}] = mt.GetCounter().GetValue()
		}
	}
	if len(series) != 3*5 {
		t.Errorf("%d series, want 3 per detector: %v", len(series), series)
	}
	var total float64
	for _, tt := range tests {
		evals := series[key{"breakglass_detector_evaluations_total", tt.detector}]
		got := series[key{"breakglass_detector_alerts_total", tt.detector}]
		secs := series[key{"breakglass_detector_evaluation_seconds_total", tt.detector}]
		if evals != tt.evals || got != tt.alerts {
			t.Errorf("%s: %v evaluations, %v alerts; want %v, %v", tt.detector, evals, got, tt.evals, tt.alerts)
		}
		if (secs > 0) != (evals > 0) || secs > 1 {
			t.Errorf("%s: %v seconds for %v evaluations", tt.detector, secs, evals)
		}
		total += got
	}
	if int(total) != len(alerts) {
		t.Errorf("%v alerts counted, %d raised", total, len(alerts))
	}

	// Without metrics the engine keeps no statistics.
	plain := compileT(t, big)
	plain.Process(b1, nil)
	if plain.stats != nil {
		t.Error("an engine without metrics keeps statistics")
	}
}
