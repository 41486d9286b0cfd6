package detect

import (
	"math/big"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// TestProbe: a probed threshold is compiled as its firing value (the
// detector matches whatever it says) and the compared values are heard;
// the rest of the condition still decides, and a probe inside not fires
// as false.
func TestProbe(t *testing.T) {
	sig := "Withdraw(address indexed user, uint256 amount)"
	dets := []plan.Detector{
		{Name: "big", Kind: plan.KindEvent, Contract: "vault", Signature: sig, Condition: "user != 0x000000000000000000000000000000000000bad2 && amount > 1000 ether"},
		{Name: "small", Kind: plan.KindEvent, Contract: "vault", Signature: sig, Condition: "not (amount >= 5 ether)"},
		{Name: "share", Kind: plan.KindEvent, Contract: "vault", Signature: sig, Condition: "amount > 50% of tx.value"},
		{Name: "unprobed", Kind: plan.KindEvent, Contract: "vault", Signature: sig, Condition: "amount > 1000 ether"},
	}
	p := testPlan(t, dets...)
	at := map[string][]int{}
	for _, d := range dets[:3] {
		ths, err := Thresholds(d.Condition)
		if err != nil || len(ths) != 1 {
			t.Fatalf("%s: %v %v", d.Name, ths, err)
		}
		at[d.Name] = []int{ths[0].From}
	}
	var got []Sample
	e, err := Compile(p, WithProbe(&Probe{At: at, Sample: func(s Sample) { got = append(got, s) }}))
	if err != nil {
		t.Fatal(err)
	}
	b := newBlock(100, 1000).
		tx(alice, &vault, ether(10), nil, true, withdrawLog(alice, ether(7))).
		tx(evil, &vault, ether(10), nil, true, withdrawLog(evil, ether(3))).block()
	alerts := e.Process(b, nil)
	count := map[string]int{}
	for _, a := range alerts {
		count[a.Detector]++
	}
	// big: alice's 7 (the stranger's 3 is refused by the rest of the
	// condition); small: both (not of a probe is false: fires); share:
	// both; unprobed: none
	want := map[string]int{"big": 1, "small": 2, "share": 2}
	for d, n := range want {
		if count[d] != n {
			t.Errorf("%s: %d alerts, want %d (%v)", d, count[d], n, count)
		}
	}
	if count["unprobed"] != 0 {
		t.Errorf("unprobed alerted")
	}
	byDet := map[string][]Sample{}
	for _, s := range got {
		byDet[s.Detector] = append(byDet[s.Detector], s)
	}
	// big: the short-circuit keeps the stranger's withdrawal from being
	// evaluated at all
	if s := byDet["big"]; len(s) != 1 || s[0].Quantity.Cmp(new(big.Rat).SetInt(ether(7))) != 0 || s[0].Threshold.Cmp(new(big.Rat).SetInt(ether(1000))) != 0 || s[0].Block != 100 || s[0].LogIndex < 0 {
		t.Errorf("big samples: %+v", s)
	}
	// share: the threshold is 50% of the transaction's 10 ether, evaluated
	if s := byDet["share"]; len(s) != 2 || s[1].Threshold.Cmp(new(big.Rat).SetInt(ether(5))) != 0 || s[1].Quantity.Cmp(new(big.Rat).SetInt(ether(3))) != 0 {
		t.Errorf("share samples: %+v", s)
	}
	if len(byDet["small"]) != 2 || len(byDet["unprobed"]) != 0 {
		t.Errorf("samples: %+v", byDet)
	}
}
