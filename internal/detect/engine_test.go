package detect

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/golden"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// run compiles dets and processes the blocks in order, returning every
// alert.
func run(t *testing.T, dets []plan.Detector, blocks []*chain.Block, reads ...ReadResults) []Alert {
	t.Helper()
	e := compileT(t, dets...)
	var out []Alert
	for i, b := range blocks {
		var r ReadResults
		if i < len(reads) {
			r = reads[i]
		}
		out = append(out, e.Process(b, r)...)
	}
	return out
}

func TestKinds(t *testing.T) {
	withdrawBig := plan.Detector{Name: "big-withdraw", Kind: plan.KindEvent, Contract: "vault",
		Signature: "Withdraw(address indexed user, uint256 amount)", Condition: "amount > 100 ether"}
	callWithdraw := plan.Detector{Name: "withdraw-call", Kind: plan.KindFunction, Contract: "vault",
		Signature: "withdraw(uint256)", Condition: "amount >= 50 ether"}
	failedTx := plan.Detector{Name: "failed-tx", Kind: plan.KindTransaction, Contract: "vault",
		Condition: "tx.reverted"}
	valueTx := plan.Detector{Name: "value-tx", Kind: plan.KindTransaction,
		Condition: "tx.success && tx.value >= 10 ether && tx.to == contracts.vault"}

	tests := []struct {
		name  string
		dets  []plan.Detector
		block *chain.Block
		want  []string
	}{
		{"event above threshold", []plan.Detector{withdrawBig},
			newBlock(1, 100).tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(101))).block(),
			[]string{"big-withdraw"}},
		{"event below threshold (whale-size but allowed)", []plan.Detector{withdrawBig},
			newBlock(1, 100).tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(100))).block(),
			nil},
		{"same event from another address", []plan.Detector{withdrawBig},
			newBlock(1, 100).tx(alice, &token, nil, nil, true, func() *types.Log {
				l := withdrawLog(alice, ether(500))
				l.Address = token
				return l
			}()).block(),
			nil},
		{"event with wrong topic count is not decoded", []plan.Detector{withdrawBig},
			newBlock(1, 100).tx(alice, &vault, nil, nil, true, func() *types.Log {
				l := withdrawLog(alice, ether(500))
				l.Topics = l.Topics[:1]
				return l
			}()).block(),
			nil},
		{"function top-level", []plan.Detector{callWithdraw},
			newBlock(1, 100).tx(alice, &vault, nil, withdrawInput(ether(60)), true).block(),
			[]string{"withdraw-call"}},
		{"function top-level small", []plan.Detector{callWithdraw},
			newBlock(1, 100).tx(alice, &vault, nil, withdrawInput(ether(49)), true).block(),
			nil},
		{"function internal through a router", []plan.Detector{callWithdraw},
			newBlock(1, 100).tx(alice, &router, nil, []byte{1, 2, 3, 4}, true).
				trace(frame("CALL", alice, router, nil, []byte{1, 2, 3, 4},
					frame("CALL", router, vault, nil, withdrawInput(ether(70)),
						frame("DELEGATECALL", vault, impl, nil, withdrawInput(ether(70)))))).block(),
			[]string{"withdraw-call"}},
		{"same selector on another contract", []plan.Detector{callWithdraw},
			newBlock(1, 100).tx(alice, &router, nil, withdrawInput(ether(70)), true).
				trace(frame("CALL", alice, router, nil, withdrawInput(ether(70)))).block(),
			nil},
		{"transaction reverted", []plan.Detector{failedTx},
			newBlock(1, 100).tx(alice, &vault, nil, nil, false).block(),
			[]string{"failed-tx"}},
		{"transaction succeeded", []plan.Detector{failedTx},
			newBlock(1, 100).tx(alice, &vault, nil, nil, true).block(),
			nil},
		{"transaction value to a monitored contract", []plan.Detector{valueTx},
			newBlock(1, 100).tx(alice, &vault, ether(10), nil, true).block(),
			[]string{"value-tx"}},
		{"transaction value elsewhere", []plan.Detector{valueTx},
			newBlock(1, 100).tx(alice, &router, ether(10), nil, true).block(),
			nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := names(run(t, tc.dets, []*chain.Block{tc.block}))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("alerts %v, want %v", got, tc.want)
			}
		})
	}
}

// A reverted transaction in a block where another transaction emitted logs:
// each condition sees its own transaction's receipt.
func TestPerTransactionTruth(t *testing.T) {
	dets := []plan.Detector{
		{Name: "reverted-call", Kind: plan.KindTransaction, Contract: "vault", Condition: "tx.status == 0"},
		{Name: "withdraw-ok", Kind: plan.KindEvent, Contract: "vault", Signature: "Withdraw(address,uint256)", Condition: "tx.success"},
	}
	b := newBlock(7, 700).
		tx(attacker, &vault, nil, withdrawInput(ether(1)), false).
		tx(alice, &vault, nil, withdrawInput(ether(1)), true, withdrawLog(alice, ether(1))).
		tx(alice, &vault, nil, nil, true).block()
	alerts := run(t, dets, []*chain.Block{b})
	if len(alerts) != 2 {
		t.Fatalf("got %d alerts %v, want 2", len(alerts), names(alerts))
	}
	if alerts[0].Detector != "reverted-call" || alerts[0].TxIndex != 0 || alerts[0].TxHash != b.Transactions[0].Hash() {
		t.Fatalf("first alert %+v, want reverted-call on tx 0", alerts[0])
	}
	if alerts[1].Detector != "withdraw-ok" || alerts[1].TxIndex != 1 || alerts[1].LogIndex != 0 {
		t.Fatalf("second alert %+v, want withdraw-ok on tx 1 log 0", alerts[1])
	}
}

func TestBalanceDetector(t *testing.T) {
	rel := plan.Detector{Name: "vault-drain", Kind: plan.KindBalance, Contract: "vault",
		Balance: &plan.Balance{Token: "token", Drop: mustDrop(t, "20%"), Window: 3}}
	abs := plan.Detector{Name: "vault-eth", Kind: plan.KindBalance, Contract: "vault",
		Balance: &plan.Balance{Token: plan.NativeToken, Drop: mustDrop(t, "500 ether")}}
	tests := []struct {
		name     string
		det      plan.Detector
		balances []int64
		want     []uint64 // blocks with an alert
	}{
		{"relative drop over the window", rel, []int64{1000, 900, 850, 790}, []uint64{4}},
		{"slow drift never 20% within 3 blocks", rel, []int64{1000, 950, 900, 860, 830, 800}, nil},
		{"absolute drop in one block", abs, []int64{2000, 1500}, []uint64{2}},
		{"absolute drop just below", abs, []int64{2000, 1501}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := compileT(t, tc.det)
			calls := e.Reads("devnet", 1)
			if len(calls) != 1 {
				t.Fatalf("reads %+v, want 1", calls)
			}
			if tc.det.Balance.Token == plan.NativeToken {
				if calls[0].Method != MethodGetBalance || calls[0].To != vault {
					t.Fatalf("read %+v, want eth_getBalance of the vault", calls[0])
				}
			} else if calls[0].Method != MethodCall || calls[0].To != token || len(calls[0].Data) != 36 {
				t.Fatalf("read %+v, want token.balanceOf(vault)", calls[0])
			}
			var got []uint64
			for i, bal := range tc.balances {
				n := uint64(i + 1)
				for _, a := range e.Process(newBlock(n, 100*n).block(), ReadResults{uintResult(ether(bal))}) {
					if a.TxIndex != -1 || a.LogIndex != -1 {
						t.Fatalf("balance alert with tx %d log %d", a.TxIndex, a.LogIndex)
					}
					got = append(got, a.BlockNumber)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("alerts at %v, want %v", got, tc.want)
			}
		})
	}
}

func mustDrop(t *testing.T, s string) plan.Drop {
	t.Helper()
	d, err := plan.ParseDrop(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestInvariantDetector: an invariant written as holds (what must be true)
// alerts when it turns false; the deprecated condition (what alerts) is
// its negation and behaves the same.
func TestInvariantDetector(t *testing.T) {
	reads := map[string]plan.Read{
		"held":   {Contract: "token", Call: "balanceOf(address) returns (uint256)", Args: []string{"vault"}},
		"assets": {Contract: "vault", Call: "totalAssets()"},
	}
	for _, tc := range []struct {
		name string
		det  plan.Detector
	}{
		{"holds", plan.Detector{Name: "solvent", Kind: plan.KindInvariant, Reads: reads, Holds: "held >= assets"}},
		{"deprecated condition", plan.Detector{Name: "solvent", Kind: plan.KindInvariant, Reads: reads, Condition: "held < assets"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := compileT(t, tc.det)
			calls := e.Reads("devnet", 5)
			if len(calls) != 2 || calls[0].Block != 5 {
				t.Fatalf("reads %+v, want 2 at block 5", calls)
			}
			// reads are sorted by name: assets, held
			if calls[0].To != vault || calls[1].To != token {
				t.Fatalf("reads %+v, want vault.totalAssets then token.balanceOf", calls)
			}
			steps := []struct {
				assets, held int64
				alert        bool
			}{
				{100, 100, false}, // holds (boundary)
				{100, 99, true},   // breaks
				{100, 50, false},  // still broken: no new alert
				{100, 120, false}, // holds again
				{100, 10, true},   // breaks again
			}
			for i, s := range steps {
				n := uint64(i + 1)
				alerts := e.Process(newBlock(n, 10*n).block(), ReadResults{uintResult(ether(s.assets)), uintResult(ether(s.held))})
				if (len(alerts) == 1) != s.alert {
					t.Fatalf("block %d: alerts %v, want alert=%v", n, names(alerts), s.alert)
				}
			}
			// a failed read is never a silent false: one degraded alert,
			// without response, then quiet while it lasts
			a := e.Process(newBlock(9, 90).block(), ReadResults{{Err: errors.New("execution reverted")}, uintResult(ether(1))})
			if len(a) != 1 || a[0].Fields["degraded"] == nil || len(a[0].Response) != 0 || !strings.Contains(a[0].Summary, "execution reverted") {
				t.Fatalf("failed read: alerts %+v, want one degraded alert", a)
			}
			if a := e.Process(newBlock(10, 100).block(), ReadResults{{Err: errors.New("execution reverted")}, uintResult(ether(1))}); len(a) != 0 {
				t.Fatalf("still failing: alerts %v, want none", names(a))
			}
			// an address without code (not deployed yet) evaluates nothing
			if a := e.Process(newBlock(11, 110).block(), ReadResults{{Data: nil}, uintResult(ether(1))}); len(a) != 0 {
				t.Fatalf("no code: alerts %v, want none", names(a))
			}
		})
	}
}

// TestLendingExampleSolvency: the lending example's solvency invariant
// stays quiet on a healthy market (cash + debt cover deposits) and alerts
// when the market turns insolvent.
func TestLendingExampleSolvency(t *testing.T) {
	p, err := plan.Load("../../examples/lending/plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	det := p.Detector("solvency")
	if det == nil {
		t.Fatal("no solvency detector in the lending example")
	}
	p.Detectors = []plan.Detector{*det}
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	// cash, debt, deposits, and the decimals of the market's token (an
	// ERC-20 of the plan), read until known so that alerts tell amounts
	// in its units.
	calls := e.Reads("mainnet", 1)
	if len(calls) != 4 || !bytes.Equal(calls[3].Data, decimalsMethod.ID) {
		t.Fatalf("reads %+v, want cash, debt, deposits and the token's decimals()", calls)
	}
	for i, s := range []struct {
		cash, debt, deposits int64
		alert                bool
	}{
		{400, 700, 1000, false}, // healthy: 1100 >= 1000
		{300, 700, 1000, false}, // boundary
		{100, 700, 1000, true},  // insolvent
	} {
		n := uint64(i + 1)
		b := newBlock(n, 12*n).block()
		b.Network = "mainnet"
		alerts := e.Process(b, ReadResults{uintResult(ether(s.cash)), uintResult(ether(s.debt)), uintResult(ether(s.deposits))})
		if (len(alerts) == 1) != s.alert {
			t.Errorf("cash %d + debt %d vs deposits %d: alerts %v, want alert=%v", s.cash, s.debt, s.deposits, names(alerts), s.alert)
		}
	}
}

func TestHeuristics(t *testing.T) {
	reentrancy := plan.Detector{Name: "reentrancy", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicReentrancy, Contract: "vault"}
	flash := plan.Detector{Name: "flash", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicFlashLoan, Contract: "vault",
		Params: map[string]any{"min_outflow": "100 ether"}}
	fresh := plan.Detector{Name: "fresh", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicNewContract,
		Params: map[string]any{"max_age_blocks": 10, "min_outflow": "1 ether"}}
	priv := plan.Detector{Name: "priv", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicPrivilegeChange, Contract: "vault",
		Params: map[string]any{"allowed": []any{admin.Hex()}}}
	tvl := plan.Detector{Name: "tvl", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicTVLOutflow, Contract: "vault",
		Params: map[string]any{"share": "20%", "token": "token"}}

	roleGranted := func(sender common.Address) *types.Log {
		return &types.Log{Address: vault, Topics: []common.Hash{
			topicOf("RoleGranted(bytes32,address,address)"), common.Hash{}, topicAddr(attacker), topicAddr(sender)}}
	}
	ownership := &types.Log{Address: vault, Topics: []common.Hash{
		topicOf("OwnershipTransferred(address,address)"), topicAddr(admin), topicAddr(attacker)}}
	unpaused := &types.Log{Address: vault, Topics: []common.Hash{topicOf("Unpaused(address)")}, Data: word(new(big.Int).SetBytes(admin.Bytes()))}

	attackContract := func(b *blockBuilder) *blockBuilder { return b.tx(attacker, nil, nil, []byte{0x60}, true) }

	type step struct {
		block *chain.Block
		reads ReadResults
	}
	tests := []struct {
		name  string
		det   plan.Detector
		steps func() []step
		want  []string
	}{
		{"reentrancy with value leaving", reentrancy, func() []step {
			b := newBlock(1, 10).tx(attacker, &evil, nil, nil, true).trace(
				frame("CALL", attacker, evil, nil, nil,
					frame("CALL", evil, vault, nil, withdrawInput(ether(1)),
						frame("CALL", vault, evil, ether(1), nil,
							frame("CALL", evil, vault, nil, withdrawInput(ether(1)),
								frame("CALL", vault, evil, ether(1), nil))))))
			return []step{{block: b.block()}}
		}, []string{"reentrancy"}},
		{"callback re-entry into a state-changing function without value leaving", reentrancy, func() []step {
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true).trace(
				frame("CALL", alice, vault, nil, nil,
					frame("CALL", vault, token, nil, nil,
						frame("CALL", token, vault, nil, []byte{9, 9, 9, 9}))))
			return []step{{block: b.block()}}
		}, []string{"reentrancy"}},
		{"read-only call back (STATICCALL) is not re-entrancy", reentrancy, func() []step {
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true).trace(
				frame("CALL", alice, vault, nil, nil,
					frame("CALL", vault, token, nil, nil,
						frame("STATICCALL", token, vault, nil, []byte{9, 9, 9, 9}))))
			return []step{{block: b.block()}}
		}, nil},
		{"CALL back into a view function of the ABI is not re-entrancy", reentrancy, func() []step {
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true).trace(
				frame("CALL", alice, vault, nil, nil,
					frame("CALL", vault, token, nil, nil,
						frame("CALL", token, vault, nil, selectorBytes("totalAssets()")))))
			return []step{{block: b.block()}}
		}, nil},
		{"re-entry in a reverted call is undone", reentrancy, func() []step {
			inner := frame("CALL", vault, token, nil, nil,
				frame("CALL", token, vault, nil, withdrawInput(ether(1))))
			inner.Error = "execution reverted"
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true).trace(
				frame("CALL", alice, vault, nil, nil, inner))
			return []step{{block: b.block()}}
		}, nil},
		{"re-entry without enough outflow when min_outflow is set", plan.Detector{Name: "reentrancy", Kind: plan.KindHeuristic,
			Heuristic: plan.HeuristicReentrancy, Contract: "vault", Params: map[string]any{"min_outflow": "1 ether"}}, func() []step {
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true).trace(
				frame("CALL", alice, vault, nil, nil,
					frame("CALL", vault, token, nil, nil,
						frame("CALL", token, vault, nil, withdrawInput(ether(1))))))
			return []step{{block: b.block()}}
		}, nil},
		{"self call with value (not re-entry)", reentrancy, func() []step {
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true).trace(
				frame("CALL", alice, vault, nil, nil,
					frame("CALL", vault, vault, nil, nil),
					frame("CALL", vault, alice, ether(5), nil)))
			return []step{{block: b.block()}}
		}, nil},
		{"flash loan with large outflow", flash, func() []step {
			b := newBlock(1, 10).tx(attacker, &evil, nil, nil, true,
				flashLoanLog(evil, ether(1000)),
				transferLog(token, lender, evil, ether(1000)),
				transferLog(token, vault, evil, ether(400)),
				transferLog(token, evil, lender, ether(1000)))
			return []step{{block: b.block()}}
		}, []string{"flash"}},
		{"legitimate flash loan repaid without outflow", flash, func() []step {
			b := newBlock(1, 10).tx(alice, &router, nil, nil, true,
				flashLoanLog(router, ether(1000)),
				transferLog(token, lender, router, ether(1000)),
				transferLog(token, router, vault, ether(1000)),
				transferLog(token, vault, router, ether(1000)),
				transferLog(token, router, lender, ether(1000)))
			return []step{{block: b.block()}}
		}, nil},
		{"whale exit without a flash loan", flash, func() []step {
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true, transferLog(token, vault, alice, ether(5000)))
			return []step{{block: b.block()}}
		}, nil},
		{"freshly deployed contract drains the vault", fresh, func() []step {
			c := createdBy(attacker, 1000)
			b1 := attackContract(newBlock(1, 10))
			b2 := newBlock(3, 30).tx(attacker, &c, nil, nil, true, transferLog(token, vault, c, ether(50)))
			return []step{{block: b1.block()}, {block: b2.block()}}
		}, []string{"fresh"}},
		{"fresh contract deposits (benign)", fresh, func() []step {
			c := createdBy(attacker, 1000)
			b1 := attackContract(newBlock(1, 10))
			b2 := newBlock(3, 30).tx(attacker, &c, nil, nil, true, transferLog(token, c, vault, ether(50)))
			return []step{{block: b1.block()}, {block: b2.block()}}
		}, nil},
		{"contract older than the window withdraws (benign)", fresh, func() []step {
			c := createdBy(attacker, 1000)
			b1 := attackContract(newBlock(1, 10))
			b2 := newBlock(20, 200).tx(attacker, &c, nil, nil, true, transferLog(token, vault, c, ether(50)))
			return []step{{block: b1.block()}, {block: b2.block()}}
		}, nil},
		{"role granted by an unexpected sender", priv, func() []step {
			b := newBlock(1, 10).tx(attacker, &vault, nil, nil, true, roleGranted(attacker))
			return []step{{block: b.block()}}
		}, []string{"priv"}},
		{"role granted by the expected admin (via a relayer EOA)", priv, func() []step {
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true, roleGranted(admin))
			return []step{{block: b.block()}}
		}, nil},
		{"ownership transferred by an unexpected sender", priv, func() []step {
			b := newBlock(1, 10).tx(attacker, &vault, nil, nil, true, ownership)
			return []step{{block: b.block()}}
		}, []string{"priv"}},
		{"unpaused by the admin", priv, func() []step {
			b := newBlock(1, 10).tx(admin, &vault, nil, nil, true, unpaused)
			return []step{{block: b.block()}}
		}, nil},
		{"outflow above 20% of TVL", tvl, func() []step {
			b := newBlock(1, 10).tx(attacker, &vault, nil, nil, true, transferLog(token, vault, attacker, ether(300)))
			return []step{{block: b.block(), reads: ReadResults{uintResult(ether(700))}}}
		}, []string{"tvl"}},
		{"whale exit of 10% of TVL (benign)", tvl, func() []step {
			b := newBlock(1, 10).tx(alice, &vault, nil, nil, true, transferLog(token, vault, alice, ether(100)))
			return []step{{block: b.block(), reads: ReadResults{uintResult(ether(900))}}}
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := compileT(t, tc.det)
			var got []string
			for _, s := range tc.steps() {
				got = append(got, names(e.Process(s.block, s.reads))...)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("alerts %v, want %v", got, tc.want)
			}
		})
	}
}

func TestThresholdAndCooldown(t *testing.T) {
	base := plan.Detector{Name: "withdraw", Kind: plan.KindEvent, Contract: "vault", Signature: "Withdraw(address,uint256)"}
	threshold := base
	threshold.Threshold = &plan.Threshold{Count: 3, Window: plan.Duration(60e9)}
	cooldown := base
	cooldown.Cooldown = plan.Duration(100e9)
	tests := []struct {
		name  string
		det   plan.Detector
		times []uint64 // one Withdraw per block at these timestamps
		want  []uint64 // timestamps of alerts
	}{
		{"no threshold: every match", base, []uint64{10, 20, 30}, []uint64{10, 20, 30}},
		{"3 within 60s", threshold, []uint64{10, 20, 30, 40, 50, 60}, []uint64{30, 60}},
		{"3 but spread beyond 60s", threshold, []uint64{10, 50, 100, 140, 200}, nil},
		{"cooldown 100s", cooldown, []uint64{10, 50, 109, 110, 150, 215}, []uint64{10, 110, 215}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := compileT(t, tc.det)
			var got []uint64
			for i, ts := range tc.times {
				b := newBlock(uint64(i+1), ts).tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(1))).block()
				for _, a := range e.Process(b, nil) {
					got = append(got, uint64(a.BlockTime.Unix()))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("alerts at %v, want %v", got, tc.want)
			}
		})
	}
}

// Restoring a snapshot and processing the same block again gives the same
// alerts and the same state: what a follower does on a reorg.
func TestSnapshotRestoreDeterminism(t *testing.T) {
	det := plan.Detector{Name: "withdraw", Kind: plan.KindEvent, Contract: "vault", Signature: "Withdraw(address,uint256)",
		Threshold: &plan.Threshold{Count: 2, Window: plan.Duration(60e9)}}
	e := compileT(t, det)
	b1 := newBlock(1, 10).tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(1))).block()
	b2 := newBlock(2, 20).tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(2))).block()
	e.Process(b1, nil)
	snap := e.Snapshot()
	first := e.Process(b2, nil)
	raw, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	var restored State
	if err := json.Unmarshal(raw, &restored); err != nil {
		t.Fatal(err)
	}
	e.Restore(restored)
	second := e.Process(b2, nil)
	if len(first) != 1 || len(second) != 1 || first[0].Key() != second[0].Key() {
		t.Fatalf("first %v, second %v: want the same single alert", names(first), names(second))
	}
}

func TestAlertOrder(t *testing.T) {
	dets := []plan.Detector{
		{Name: "b-any-withdraw", Kind: plan.KindEvent, Contract: "vault", Signature: "Withdraw(address,uint256)"},
		{Name: "a-call", Kind: plan.KindTransaction, Contract: "vault"},
		{Name: "c-big-withdraw", Kind: plan.KindEvent, Contract: "vault", Signature: "Withdraw(address,uint256)", Condition: "amount > 1 ether"},
	}
	b := newBlock(1, 10).
		tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(5)), withdrawLog(alice, ether(1))).
		tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(9))).block()
	var got []string
	for _, a := range run(t, dets, []*chain.Block{b}) {
		got = append(got, a.Detector+"@"+itoa(a.TxIndex)+"/"+itoa(a.LogIndex))
	}
	want := []string{
		"a-call@0/-1", "b-any-withdraw@0/0", "c-big-withdraw@0/0", "b-any-withdraw@0/1",
		"a-call@1/-1", "b-any-withdraw@1/2", "c-big-withdraw@1/2",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("order\n got %v\nwant %v", got, want)
	}
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		det  plan.Detector
		want string
	}{
		{"condition type error at its column", plan.Detector{Name: "x", Kind: plan.KindEvent, Contract: "vault",
			Signature: "Withdraw(address,uint256)", Condition: "amount * 0.5 > 1 ether",
			ConditionPos: plan.Pos{File: "plan.yaml", Line: 12, Col: 16}},
			"plan.yaml:12:23: detector \"x\": condition: invalid operation"},
		{"unknown variable on the second line", plan.Detector{Name: "x", Kind: plan.KindEvent, Contract: "vault",
			Signature: "Withdraw(address,uint256)", Condition: "amount > 1 ether &&\n  nosuch",
			ConditionPos: plan.Pos{File: "plan.yaml", Line: 12, Col: 9}},
			"plan.yaml:13:11: detector \"x\": condition: unknown name nosuch"},
		{"event not in the ABI", plan.Detector{Name: "x", Kind: plan.KindEvent, Contract: "vault", Signature: "Stolen(uint256)"},
			"plan.yaml:10:5: detector \"x\": event Stolen(uint256) not found in the contract's ABI"},
		{"unknown contract", plan.Detector{Name: "x", Kind: plan.KindEvent, Contract: "nope", Signature: "Withdraw(address,uint256)"},
			"plan.yaml:10:5: detector \"x\": unknown contract \"nope\""},
		{"unknown heuristic parameter", plan.Detector{Name: "x", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicFlashLoan,
			Params: map[string]any{"min": 1}}, "unknown parameter \"min\""},
		{"float amount in a unit", plan.Detector{Name: "x", Kind: plan.KindEvent, Contract: "vault",
			Signature: "Withdraw(address,uint256)", Condition: "amount > 0.1 wei"}, "not a whole number of wei"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs := Check(testPlan(t, tc.det))
			if len(errs) != 1 {
				t.Fatalf("errors %v, want 1", errs)
			}
			var ce *CompileError
			if !errors.As(errs[0], &ce) {
				t.Fatalf("error %T, want *CompileError", errs[0])
			}
			if !strings.Contains(errs[0].Error(), tc.want) {
				t.Fatalf("error %q, want it to contain %q", errs[0], tc.want)
			}
		})
	}
}

// TestAlertJSONGolden fixes the alert's JSON form: integers as decimal
// strings, even at 2**255 scale.
func TestAlertJSONGolden(t *testing.T) {
	dets := []plan.Detector{
		{Name: "mint", Kind: plan.KindEvent, Contract: "vault", Signature: "Mint(address,uint256,uint8)",
			Condition: "amount >= 2**255 && tag == 7", IncidentType: "exploit", Response: []string{"pause"}},
		{Name: "reverted", Kind: plan.KindTransaction, Contract: "vault", Condition: "tx.reverted", Severity: "low"},
	}
	huge := new(big.Int).Lsh(big.NewInt(1), 255)
	mint := &types.Log{Address: vault, Topics: []common.Hash{topicOf("Mint(address,uint256,uint8)"), topicAddr(attacker)},
		Data: append(word(huge), word(big.NewInt(7))...)}
	b := newBlock(42, 1700000000).
		tx(attacker, &vault, nil, nil, false).
		tx(attacker, &vault, nil, nil, true, mint).block()
	alerts := run(t, dets, []*chain.Block{b})
	got, err := json.MarshalIndent(alerts, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, filepath.Join("testdata", "alerts.golden.json"), got)
	if !strings.Contains(string(got), `"amount": "57896044618658097711785492504343953926634992332820282019728792003956564819968"`) {
		t.Fatal("2**255 not written as an exact decimal string")
	}
	if k := alerts[0].Key(); !strings.HasPrefix(k, "devnet/"+b.Hash().Hex()+"/"+b.Transactions[0].Hash().Hex()+"/-1/reverted") {
		t.Fatalf("key %q", k)
	}
}

// TestSolidityNamesAsWritten: a parameter is addressed by the name it has in
// Solidity, leading underscore included (it used to become arg_value).
func TestSolidityNamesAsWritten(t *testing.T) {
	tests := []struct {
		name string
		det  plan.Detector
		log  *types.Log
		in   []byte
		want []string
	}{
		{"event _value above", plan.Detector{Name: "big-transfer", Kind: plan.KindEvent, Contract: "token",
			Signature: "Transfer(address indexed _from, address indexed _to, uint256 _value)", Condition: "_value > 10 ether && _to == 0x000000000000000000000000000000000000bAD1"},
			transferLog(token, vault, attacker, ether(11)), nil, []string{"big-transfer"}},
		{"event _value below", plan.Detector{Name: "big-transfer", Kind: plan.KindEvent, Contract: "token",
			Signature: "Transfer(address indexed _from, address indexed _to, uint256 _value)", Condition: "_value > 10 ether"},
			transferLog(token, vault, attacker, ether(10)), nil, nil},
		{"function _amount", plan.Detector{Name: "big-withdraw", Kind: plan.KindFunction, Contract: "token",
			Signature: "withdraw(uint256 _amount)", Condition: "_amount >= 5 ether"},
			nil, withdrawInput(ether(5)), []string{"big-withdraw"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs []*types.Log
			if tc.log != nil {
				logs = append(logs, tc.log)
			}
			b := newBlock(1, 10).tx(alice, &token, nil, tc.in, true, logs...).block()
			got := names(run(t, []plan.Detector{tc.det}, []*chain.Block{b}))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("alerts %v, want %v", got, tc.want)
			}
		})
	}
}

// TestUnknownFieldNamesTheAvailableOnes: a condition naming a field the
// event does not have says which fields there are.
func TestUnknownFieldNamesTheAvailableOnes(t *testing.T) {
	errs := Check(testPlan(t, plan.Detector{Name: "x", Kind: plan.KindEvent, Contract: "token",
		Signature: "Transfer(address indexed _from, address indexed _to, uint256 _value)", Condition: "value > 1 ether"}))
	if len(errs) != 1 {
		t.Fatalf("errors %v, want 1", errs)
	}
	msg := errs[0].Error()
	for _, want := range []string{"unknown name value", "available:", "_from", "_to", "_value", "log", "tx"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
}

// TestLoansInTraces: loans are recognised by behaviour in call traces,
// whatever the lender's entry point; swaps and partial repayments are not
// loans.
func TestLoansInTraces(t *testing.T) {
	amm := common.HexToAddress("0x000000000000000000000000000000000000a0a1")
	other := common.HexToAddress("0x000000000000000000000000000000000000a0a2")
	transfer := func(to common.Address, n *big.Int) []byte {
		return append(append(selectorBytes("transfer(address,uint256)"), common.LeftPadBytes(to.Bytes(), 32)...), word(n)...)
	}
	transferFrom := func(from, to common.Address, n *big.Int) []byte {
		in := append(selectorBytes("transferFrom(address,address,uint256)"), common.LeftPadBytes(from.Bytes(), 32)...)
		return append(append(in, common.LeftPadBytes(to.Bytes(), 32)...), word(n)...)
	}
	reverted := func(f *chain.CallFrame) *chain.CallFrame { f.Error = "execution reverted"; return f }
	tests := []struct {
		name  string
		trace *chain.CallFrame
		want  int
	}{
		{"custom entry point, repaid by the borrower in its callback",
			frame("CALL", attacker, evil, nil, nil,
				frame("CALL", evil, lender, nil, []byte{1, 2, 3, 4},
					frame("CALL", lender, token, nil, transfer(evil, ether(100))),
					frame("CALL", lender, evil, nil, []byte{5, 6, 7, 8},
						frame("CALL", evil, token, nil, transfer(lender, ether(100)))))), 1},
		{"repayment pulled by the lender after the callback",
			frame("CALL", attacker, evil, nil, nil,
				frame("CALL", evil, lender, nil, []byte{1, 2, 3, 4},
					frame("CALL", lender, token, nil, transfer(evil, ether(100))),
					frame("CALL", lender, evil, nil, []byte{5, 6, 7, 8}),
					frame("CALL", lender, token, nil, transferFrom(evil, lender, ether(101))))), 1},
		{"native currency lent with the callback and sent back",
			frame("CALL", attacker, evil, nil, nil,
				frame("CALL", evil, lender, nil, []byte{1, 2, 3, 4},
					frame("CALL", lender, evil, ether(5), []byte{5, 6, 7, 8},
						frame("CALL", evil, lender, ether(5), nil)))), 1},
		{"a flash swap: the pool lends the token out and is paid back in the callback",
			frame("CALL", attacker, evil, nil, nil,
				frame("CALL", evil, amm, nil, []byte{1, 2, 3, 4},
					frame("CALL", amm, token, nil, transfer(evil, ether(10))),
					frame("CALL", amm, evil, nil, []byte{5, 6, 7, 8},
						frame("CALL", evil, token, nil, transfer(amm, ether(10)))))), 1},
		{"a lender called by the sender directly is the initiator (not recognised)",
			frame("CALL", attacker, lender, nil, []byte{1, 2, 3, 4},
				frame("CALL", lender, token, nil, transfer(evil, ether(100))),
				frame("CALL", lender, evil, nil, []byte{5, 6, 7, 8},
					frame("CALL", evil, token, nil, transfer(lender, ether(100))))), 0},
		{"a round trip of two swaps made by the sender's router is no loan",
			frame("CALL", alice, router, nil, nil,
				frame("CALL", router, token, nil, transfer(amm, ether(10))),
				frame("CALL", router, amm, nil, []byte{1, 2, 3, 4},
					frame("CALL", amm, other, nil, transfer(router, ether(9)))),
				frame("CALL", router, other, nil, transfer(amm, ether(9))),
				frame("CALL", router, amm, nil, []byte{1, 2, 3, 4},
					frame("CALL", amm, token, nil, transfer(router, ether(10))))), 0},
		{"a withdrawal followed by a deposit in another call is no loan",
			frame("CALL", alice, router, nil, nil,
				frame("CALL", router, vault, nil, withdrawInput(ether(1)),
					frame("CALL", vault, token, nil, transfer(router, ether(1)))),
				frame("CALL", router, token, nil, transfer(vault, ether(1)))), 0},
		{"repaid less than lent is no loan",
			frame("CALL", attacker, evil, nil, nil,
				frame("CALL", evil, lender, nil, []byte{1, 2, 3, 4},
					frame("CALL", lender, token, nil, transfer(evil, ether(100))),
					frame("CALL", lender, evil, nil, []byte{5, 6, 7, 8},
						frame("CALL", evil, token, nil, transfer(lender, ether(99)))))), 0},
		{"a repayment that reverted is no repayment",
			frame("CALL", attacker, evil, nil, nil,
				frame("CALL", evil, lender, nil, []byte{1, 2, 3, 4},
					frame("CALL", lender, token, nil, transfer(evil, ether(100))),
					frame("CALL", lender, evil, nil, []byte{5, 6, 7, 8},
						reverted(frame("CALL", evil, token, nil, transfer(lender, ether(100))))))), 0},
		{"sent out and back with no callback between (a refund) is no loan",
			frame("CALL", attacker, evil, nil, nil,
				frame("CALL", evil, lender, nil, []byte{1, 2, 3, 4},
					frame("CALL", lender, token, nil, transfer(evil, ether(100))),
					frame("CALL", lender, token, nil, transferFrom(evil, lender, ether(100))))), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := loansIn(tc.trace); len(got) != tc.want {
				t.Fatalf("loans %+v, want %d", got, tc.want)
			}
		})
	}
}
