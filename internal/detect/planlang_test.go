package detect

import (
	"encoding/json"
	"errors"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// langPlan is a plan around the test vault (inline ABI), with the plan's
// names; detectors is the YAML of its detectors list (indented by 2).
func langPlan(detectors string) string {
	return `version: 1
networks:
  - name: devnet
    chain_id: 1337
    rpc: [http://127.0.0.1:8545]
contracts:
  - name: vault
    network: devnet
    address: "0x000000000000000000000000000000000000a001"
    actions: {pause: pause()}
    executor: guardian
    abi:
      - {type: event, name: Withdraw, inputs: [{name: user, type: address, indexed: true}, {name: amount, type: uint256, indexed: false}]}
      - {type: function, name: withdraw, stateMutability: nonpayable, inputs: [{name: amount, type: uint256}], outputs: []}
      - {type: function, name: totalAssets, stateMutability: view, inputs: [], outputs: [{name: "", type: uint256}]}
      - {type: function, name: pause, stateMutability: nonpayable, inputs: [], outputs: []}
      - {type: function, name: sharesOf, stateMutability: view, inputs: [{name: who, type: address}], outputs: [{name: "", type: uint256}]}
  - name: USDC
    network: devnet
    address: "0x000000000000000000000000000000000000a002"
executors:
  - name: guardian
    type: key
    key: env:GUARDIAN_KEY
accounts:
  admin: "0x000000000000000000000000000000000000ad01"
  admins: [admin, "0x00000000000000000000000000000000000a11ce"]
  integrations: [vault]
constants:
  big: 100 ether
  small_usdc: 1000 USDC
  slice: 5%
people:
  - name: ann
roles:
  incident_commander: {primary: ann}
severities:
  - name: critical
detectors:
` + detectors
}

func parseLang(t *testing.T, detectors string) *plan.Plan {
	t.Helper()
	p, err := plan.Parse("plan.yaml", []byte(langPlan(detectors)))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return p
}

// compileLang compiles the plan of parseLang with detectors.
func compileLang(t *testing.T, detectors string) *Engine {
	t.Helper()
	e, err := Compile(parseLang(t, detectors))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestPlanNames: accounts (one address, a set, a contract member) and
// constants are usable in conditions and in fields taking addresses.
func TestPlanNames(t *testing.T) {
	p := parseLang(t, `  - name: admin-withdraw
    kind: event
    contract: vault
    signature: Withdraw(address,uint256)
    severity: critical
    condition: user in accounts.admins && amount > big
  - name: admin-is-admin
    kind: event
    contract: vault
    signature: Withdraw(address,uint256)
    severity: critical
    condition: user == accounts.admin && not (user in accounts.integrations)
`)
	if got := p.Accounts["admins"].Addresses; len(got) != 2 || got[0] != admin || got[1] != alice {
		t.Fatalf("admins resolved to %v", got)
	}
	if got := p.Accounts["integrations"].Addresses; len(got) != 1 || got[0] != vault {
		t.Fatalf("integrations resolved to %v", got)
	}
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		user   common.Address
		amount int64
		want   []string
	}{
		{alice, 101, []string{"admin-withdraw"}},
		{alice, 100, nil},
		{admin, 500, []string{"admin-withdraw", "admin-is-admin"}},
		{attacker, 500, nil},
	} {
		a := e.Process(newBlock(1, 10).tx(tc.user, &vault, nil, nil, true, withdrawLog(tc.user, ether(tc.amount))).block(), nil)
		if strings.Join(names(a), ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s withdraws %d: alerts %v, want %v", tc.user, tc.amount, names(a), tc.want)
		}
	}
}

// TestPlanNameErrors: every new construct's mistake is reported at its
// place in the plan file, by plan validation or by the compile of `plan
// check`.
func TestPlanNameErrors(t *testing.T) {
	det := func(cond string) string {
		return `  - name: d
    kind: event
    contract: vault
    signature: Withdraw(address,uint256)
    severity: critical
    condition: ` + cond + "\n"
	}
	// a condition is at line 45, col 16
	for _, tc := range []struct {
		name, plan, want string
	}{
		{"unknown account", langPlan(det("user == accounts.admn")), "plan.yaml:45:33: detector \"d\": condition: unknown account \"admn\"; did you mean \"admin\"?"},
		{"unknown token", langPlan(det("amount > 5 USDT")), "plan.yaml:45:25: detector \"d\": condition: unknown token \"USDT\""},
		{"share compared with an amount", langPlan(det("amount > 5%")), "plan.yaml:45:23: detector \"d\": condition: invalid operation"},
		{"read with an unknown argument", langPlan(det("contracts.vault.sharesOf(user) > 0")), "plan.yaml:45:41: detector \"d\": condition: argument 1 of sharesOf(address) must be known"},
		{"no such view", langPlan(det("contracts.vault.totalAsets() > 0")), "plan.yaml:45:32: detector \"d\": condition: contract \"vault\" has no function \"totalAsets\"; did you mean \"totalAssets\"?"},
		{"change of a non-read", langPlan(det("change(amount, 3 blocks) > 8%")), "plan.yaml:45:23: detector \"d\": condition: change watches a read"},
		{"window not in blocks", langPlan(det("change(balance(contracts.vault), 3) > 8%")), "plan.yaml:45:49: detector \"d\": condition: change's window is a number of blocks"},
		{"events_sum of an unknown field", langPlan(det(`events_sum(contracts.vault, "Withdraw", "amont") > 0`)), "plan.yaml:45:56: detector \"d\": condition: event Withdraw(address,uint256) has no field \"amont\" (user, amount)"},
		{"events_count of an unknown event", langPlan(det(`events_count(contracts.vault, "Withdrew") > 0`)), "plan.yaml:45:46: detector \"d\": condition: events_count: event \"Withdrew\" not found"},
		{"balance of a field", langPlan(det("balance(user) > 0")), "plan.yaml:45:24: detector \"d\": condition: balance's holder must be an address known when the plan loads"},
		{"constant cycle", strings.Replace(langPlan(det("amount > big")), "  big: 100 ether", "  big: small + 1\n  small: big - 1", 1), "plan.yaml:30:8: constants.big: constant small: constant big: refers to itself"},
		{"time window as a bare number", langPlan(det("change(balance(contracts.vault), 3) > 1%")), "change's window is a number of blocks or a time"},
		{"window too long", langPlan(det("change(balance(contracts.vault), 5000 blocks) > 1%")), "plan.yaml:45:49: detector \"d\": condition: change's window is at most 2000 blocks"},
		{"quoted condition", langPlan(det(`"user == accounts.admn"`)), "plan.yaml:45:34: detector \"d\": condition: unknown account \"admn\""},
		{"block scalar condition", langPlan(det(">-\n      amount > 0 &&\n        user == accounts.admn")), "plan.yaml:47:26: detector \"d\": condition: unknown account \"admn\""},
		{"bad selector", langPlan(det(`tx.selector == selector("transfer(address,uint257)")`)), "plan.yaml:45:40: detector \"d\": condition: selector:"},
		{"constant shadowed by a field", strings.Replace(langPlan(det("amount > 0")), "  big: 100 ether", "  big: 100 ether\n  amount: 5", 1) + "", ""},
		{"bad account member", strings.Replace(langPlan(det("true")), "[admin, ", "[admn, ", 1), "plan.yaml:27:12: accounts.admins[0]: \"admn\" is neither an address (0x…) nor an account or contract of the plan; did you mean \"admin\"?"},
		{"bad constant", strings.Replace(langPlan(det("true")), "100 ether", "100 etherz", 1), "plan.yaml:30:8: constants.big: unknown token \"etherz\""},
		{"reserved constant name", strings.Replace(langPlan(det("true")), "  big:", "  tx:", 1), "plan.yaml:30:3: constants.tx: \"tx\" is a name of the condition language"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := plan.Parse("plan.yaml", []byte(tc.plan))
			var got []string
			if err != nil {
				got = append(got, err.Error())
			} else {
				for _, e := range Check(p) {
					got = append(got, e.Error())
				}
			}
			all := strings.Join(got, "\n")
			if tc.want == "" {
				// the shadowing constant is only a problem where used
				if !strings.Contains(all, "is both a field of this detector and a constant") {
					t.Fatalf("got %q, want the shadowing reported", all)
				}
				return
			}
			if !strings.Contains(all, tc.want) {
				t.Fatalf("got:\n%s\nwant a line containing:\n%s", all, tc.want)
			}
		})
	}
}

// TestConditionReads: the solvency invariant "native balance of the vault
// ≥ vault.totalAssets()" needs no named reads; its reads join the block's
// batch; it alerts when broken, once, and a reverted read alerts as
// degraded (without response) instead of a silent false.
func TestConditionReads(t *testing.T) {
	e := compileLang(t, `  - name: solvent
    kind: invariant
    contract: vault
    severity: critical
    response: [vault.pause]
    holds: balance(contracts.vault) >= contracts.vault.totalAssets()
`)
	calls := e.Reads("devnet", 7)
	if len(calls) != 2 || calls[0].Method != MethodGetBalance || calls[0].To != vault || calls[1].Method != MethodCall || calls[1].Block != 7 {
		t.Fatalf("reads %+v", calls)
	}
	steps := []struct {
		held, owed int64
		fail       bool
		want       string
	}{
		{100, 100, false, ""},
		{100, 90, false, ""},
		{80, 90, false, "solvent"}, // broken
		{70, 90, false, ""},        // still broken
		{100, 90, false, ""},       // holds again
		{100, 90, true, "degraded"},
		{100, 90, true, ""},
		{10, 90, false, "solvent"},
	}
	for i, s := range steps {
		owed := uintResult(ether(s.owed))
		if s.fail {
			owed = ReadResult{Err: errors.New("execution reverted")}
		}
		a := e.Process(newBlock(uint64(i+1), uint64(10*(i+1))).block(), ReadResults{uintResult(ether(s.held)), owed})
		switch {
		case s.want == "" && len(a) != 0:
			t.Fatalf("step %d: alerts %v, want none", i, names(a))
		case s.want == "solvent" && (len(a) != 1 || a[0].Fields["degraded"] != nil || a[0].Fields["balance(vault)"] != ether(s.held).String()):
			t.Fatalf("step %d: alerts %+v, want the broken invariant with its reads", i, a)
		case s.want == "degraded" && (len(a) != 1 || a[0].Fields["degraded"] == nil || len(a[0].Response) != 0 || a[0].IncidentType != IncidentDegraded):
			t.Fatalf("step %d: alerts %+v, want one degraded alert without response", i, a)
		}
	}
}

// TestChangeWindow: change(read, N blocks) compares with the value N
// blocks back, relatively (a share) or absolutely (an amount); the history
// is kept in the State and survives a JSON round trip (the cursor).
func TestChangeWindow(t *testing.T) {
	p := parseLang(t, `  - name: assets-steady
    kind: invariant
    contract: vault
    severity: critical
    holds: change(contracts.vault.totalAssets(), 3 blocks) > -8% && change(contracts.vault.totalAssets(), 3 blocks) < 500 ether
`)
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(e.Reads("devnet", 1)); n != 1 {
		t.Fatalf("%d reads, want one (the same read twice is read once)", n)
	}
	values := []int64{1000, 990, 980, 970, 960, 950, 940, 930, 1000, 1600}
	var got []int
	for i, v := range values {
		if i == 5 {
			// restart: the state goes through JSON with the cursor
			b, err := json.Marshal(e.Snapshot())
			if err != nil {
				t.Fatal(err)
			}
			var st State
			if err := json.Unmarshal(b, &st); err != nil {
				t.Fatal(err)
			}
			e, err = Compile(p)
			if err != nil {
				t.Fatal(err)
			}
			e.Restore(st)
		}
		if a := e.Process(newBlock(uint64(i+1), uint64(i+1)).block(), ReadResults{uintResult(ether(v))}); len(a) > 0 {
			got = append(got, i)
		}
	}
	// 1000→960 over 3 blocks is -4%; a slow fall never breaks it; the
	// jump of 600 ether breaks it (absolute).
	if len(got) != 1 || got[0] != 9 {
		t.Fatalf("alerts at steps %v, want [9]", got)
	}
	// a steeper fall: -10% in 3 blocks
	e, _ = Compile(p)
	got = nil
	for i, v := range []int64{1000, 1000, 950, 900} {
		if a := e.Process(newBlock(uint64(i+1), uint64(i+1)).block(), ReadResults{uintResult(ether(v))}); len(a) > 0 {
			got = append(got, i)
		}
	}
	if len(got) != 1 || got[0] != 3 {
		t.Fatalf("alerts at steps %v, want [3]", got)
	}
}

// TestZScore: a robust z-score of a read over a rolling window flags the
// value that leaves the usual range, not the usual noise.
func TestZScore(t *testing.T) {
	e := compileLang(t, `  - name: assets-usual
    kind: invariant
    contract: vault
    severity: critical
    holds: zscore(contracts.vault.totalAssets(), 10 blocks) > -6
`)
	values := []int64{1000, 1003, 998, 1001, 997, 1002, 999, 1000, 1004, 996, 1001, 700}
	var got []int
	for i, v := range values {
		if a := e.Process(newBlock(uint64(i+1), uint64(i+1)).block(), ReadResults{uintResult(ether(v))}); len(a) > 0 {
			got = append(got, i)
		}
	}
	if len(got) != 1 || got[0] != len(values)-1 {
		t.Fatalf("alerts at steps %v, want only the last", got)
	}
}

// TestTokenUnits: "1000 USDC" (a constant) and units(5, "USDC") use the
// token's decimals, read once with the block's reads and then kept in the
// State; before they are known the detector is degraded, never false.
func TestTokenUnits(t *testing.T) {
	p := parseLang(t, `  - name: big-usdc-withdraw
    kind: event
    contract: vault
    signature: Withdraw(address,uint256)
    severity: critical
    condition: amount > small_usdc && amount >= units(5, "USDC") && amount > 2.5 USDC
`)
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	calls := e.Reads("devnet", 1)
	if len(calls) != 1 || calls[0].To != token || string(calls[0].Data) != string(decimalsMethod.ID) {
		t.Fatalf("reads %+v, want USDC's decimals()", calls)
	}
	withdraw := func(n, amount int64) *blockBuilder {
		return newBlock(uint64(n), uint64(n)).tx(alice, &vault, nil, nil, true, withdrawLog(alice, big.NewInt(amount)))
	}
	// a pending transaction's simulation (no reads) waits for the block
	if a := e.Process(withdraw(1, 2_000_000_000).block(), nil); len(a) != 0 {
		t.Fatalf("decimals unknown without reads: %+v, want nothing", a)
	}
	// the read failed: degraded
	if a := e.Process(withdraw(1, 2_000_000_000).block(), ReadResults{{Err: errors.New("execution reverted")}}); len(a) != 1 || a[0].Fields["degraded"] == nil {
		t.Fatalf("decimals unknown: %+v, want a degraded alert", a)
	}
	// 6 decimals: 1000 USDC is 1e9
	six := ReadResult{Data: common.LeftPadBytes([]byte{6}, 32)}
	if a := e.Process(withdraw(2, 999_000_000).block(), ReadResults{six}); len(a) != 0 {
		t.Fatalf("999 USDC: %v", names(a))
	}
	if a := e.Process(withdraw(3, 1_000_000_001).block(), nil); len(a) != 1 || a[0].Fields["degraded"] != nil {
		t.Fatalf("1000.000001 USDC: %+v", a)
	}
	if calls := e.Reads("devnet", 4); len(calls) != 0 {
		t.Fatalf("decimals read again: %+v", calls)
	}
	// a restart keeps them
	st := e.Snapshot()
	if st.Decimals["devnet/"+token.Hex()] != 6 {
		t.Fatalf("state decimals %v", st.Decimals)
	}
	e2, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	e2.Restore(st)
	if calls := e2.Reads("devnet", 4); len(calls) != 0 {
		t.Fatalf("decimals read again after a restart: %+v", calls)
	}
}

// TestHelpers: shares ("5% of x", pct), selector and the bytes helpers.
func TestHelpers(t *testing.T) {
	vars := map[string]any{"amount": (*big.Int)(nil), "reserve": (*big.Int)(nil), "data": []byte(nil), "sel": ""}
	sel := selectorOf("transfer(address,uint256)")
	env := map[string]any{
		"amount":  ether(6),
		"reserve": ether(100),
		"data":    append(sel[:], append(common.LeftPadBytes(alice[:], 32), common.LeftPadBytes(ether(7).Bytes(), 32)...)...),
		"sel":     "0xa9059cbb",
	}
	for cond, want := range map[string]bool{
		"amount > 5% of reserve":                                            true,
		"amount > 6% of reserve":                                            false,
		"amount > 0.5% of reserve * 10":                                     true,
		"amount > pct(5, reserve)":                                          true,
		"amount > (2.5% of reserve) * 2":                                    true,
		"sel == selector(\"transfer(address,uint256)\")":                    true,
		"hex(data[0:4]) == selector(\"transfer(address to, uint amount)\")": true,
		"hex(data) startsWith selector(\"transfer(address,uint256)\")":      true,
		"word(data, 1) == 7 ether":                                          true,
		"len(data) == 68":                                                   true,
		"10 % 3 == 1":                                                       true,
	} {
		t.Run(cond, func(t *testing.T) {
			prog, err := compileCondition(cond, vars)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			var e Engine
			out, err := e.vm.Run(prog, env)
			if err != nil || out != want {
				t.Fatalf("= %v, %v; want %v", out, err, want)
			}
		})
	}
}

// TestTxScope: tx.events and tx.calls relate a flash loan to an outflow of
// the vault in the same transaction; unrelated transactions stay quiet.
func TestTxScope(t *testing.T) {
	loanAndOutflow := plan.Detector{Name: "loan-and-outflow", Kind: plan.KindTransaction,
		Condition: `any(tx.events, .name == "FlashLoan") && any(tx.events, .name == "Transfer" && .args.from == contracts.vault && .args.value > 50 ether)`}
	outflowTotal := plan.Detector{Name: "outflow-total", Kind: plan.KindTransaction,
		Condition: `total(map(filter(tx.events, .name == "Transfer" && .args.from == contracts.vault), .args.value)) >= 150 ether`}
	innerWithdraw := plan.Detector{Name: "inner-withdraw", Kind: plan.KindTransaction,
		Condition: `any(tx.calls, .to == contracts.vault && .selector == selector("withdraw(uint256)") && .depth > 0) && count(tx.calls, .value > 0) == 0`}
	e := compileT(t, loanAndOutflow, outflowTotal, innerWithdraw)
	b := newBlock(1, 10).
		// 0: a flash loan and a big outflow of the vault
		tx(attacker, &lender, nil, nil, true, flashLoanLog(attacker, ether(1000)), transferLog(token, vault, attacker, ether(100)), transferLog(token, vault, attacker, ether(60))).
		// 1: the same outflow without a loan
		tx(alice, &vault, nil, nil, true, transferLog(token, vault, alice, ether(100))).
		// 2: a loan with a small outflow
		tx(attacker, &lender, nil, nil, true, flashLoanLog(attacker, ether(1000)), transferLog(token, vault, attacker, ether(1))).
		// 3: a withdraw from inside the lender's call (trace)
		tx(alice, &lender, nil, []byte{1, 2, 3, 4}, true).
		trace(frame("CALL", alice, lender, nil, []byte{1, 2, 3, 4}, frame("CALL", lender, vault, nil, withdrawInput(ether(1))))).
		block()
	var got []string
	for _, a := range e.Process(b, nil) {
		got = append(got, a.Detector+"@"+strconv.Itoa(a.TxIndex))
	}
	want := "loan-and-outflow@0,outflow-total@0,inner-withdraw@3"
	if strings.Join(got, ",") != want {
		t.Fatalf("alerts %v, want %s", got, want)
	}
}

// TestEventMetrics: a block's sum and count of an event's field, alone or
// as a metric: the robust z-score of the vault's per-block outflow flags
// the block that leaves its usual range, without a threshold to guess;
// they need no state read (a block without reads evaluates them).
func TestEventMetrics(t *testing.T) {
	e := compileLang(t, `  - name: outflow-unusual
    kind: invariant
    contract: vault
    severity: critical
    holds: zscore(events_sum(contracts.vault, "Withdraw", "amount"), 10 blocks) < 8
  - name: many-withdrawals
    kind: invariant
    contract: vault
    severity: critical
    holds: events_count(contracts.vault, "Withdraw(address,uint256)") <= 3
`)
	if calls := e.Reads("devnet", 1); len(calls) != 0 {
		t.Fatalf("reads %+v, want none", calls)
	}
	usual := []int64{10, 12, 9, 11, 10, 13, 8, 11, 10, 12}
	var got []string
	for i := 0; i < len(usual)+2; i++ {
		bb := newBlock(uint64(i+1), uint64(i+1))
		switch {
		case i < len(usual):
			bb.tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(usual[i]/2)), withdrawLog(alice, ether(usual[i]-usual[i]/2)))
			// a reverted transaction's events do not count
			bb.tx(alice, &vault, nil, nil, false, withdrawLog(alice, ether(1000)))
		case i == len(usual):
			bb.tx(attacker, &vault, nil, nil, true, withdrawLog(attacker, ether(400)))
		default:
			bb.tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(1)), withdrawLog(alice, ether(1)), withdrawLog(alice, ether(1)), withdrawLog(alice, ether(1)))
		}
		for _, a := range e.Process(bb.block(), nil) {
			got = append(got, a.Detector+"@"+strconv.Itoa(i))
			if a.Fields["degraded"] != nil {
				t.Fatalf("degraded: %v", a.Fields)
			}
		}
	}
	want := "outflow-unusual@10,many-withdrawals@11"
	if strings.Join(got, ",") != want {
		t.Fatalf("alerts %v, want %s", got, want)
	}
}

// TestHeuristicMinInTokenUnits: a heuristic's min_outflow in a token's
// units ("100 USDC", or a constant) counts that token's outflows against
// its decimals, read once; before they are known the detector is
// degraded.
func TestHeuristicMinInTokenUnits(t *testing.T) {
	e := compileLang(t, `  - name: flash-usdc
    kind: heuristic
    heuristic: flash-loan-outflow
    contract: vault
    params: {min_outflow: 100 USDC}
    severity: critical
`)
	if calls := e.Reads("devnet", 1); len(calls) != 1 || calls[0].To != token {
		t.Fatalf("reads %+v, want USDC's decimals()", calls)
	}
	loan := func(n uint64, out int64) *blockBuilder {
		return newBlock(n, 10*n).tx(attacker, &evil, nil, nil, true,
			flashLoanLog(evil, big.NewInt(1e12)),
			transferLog(token, vault, evil, big.NewInt(out)),
			transferLog(vault, vault, evil, ether(1000))) // another token: not counted
	}
	if a := e.Process(loan(1, 150_000_000).block(), ReadResults{{Err: errors.New("execution reverted")}}); len(a) != 1 || a[0].Fields["degraded"] == nil {
		t.Fatalf("decimals unknown: %+v, want degraded", a)
	}
	six := ReadResult{Data: common.LeftPadBytes([]byte{6}, 32)}
	if a := e.Process(loan(2, 50_000_000).block(), ReadResults{six}); len(a) != 0 {
		t.Fatalf("50 USDC out: %v", names(a))
	}
	if a := e.Process(loan(3, 150_000_000).block(), nil); len(a) != 1 || a[0].Detector != "flash-usdc" || a[0].Fields["degraded"] != nil {
		t.Fatalf("150 USDC out: %+v", a)
	}
	// min_outflow in another token than params.token is refused
	bad := langPlan(`  - name: flash-usdc
    kind: heuristic
    heuristic: flash-loan-outflow
    contract: vault
    params: {min_outflow: 100 USDC, token: native}
    severity: critical
`)
	bp, err := plan.Parse("plan.yaml", []byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	if errs := Check(bp); len(errs) != 1 || !strings.Contains(errs[0].Error(), "params.min_outflow is in USDC, params.token is native") {
		t.Fatalf("errors %v", errs)
	}
}

// TestChangeTimeWindow: a window in time keeps the values of the blocks
// whose timestamps are within it, whatever the block time.
func TestChangeTimeWindow(t *testing.T) {
	e := compileLang(t, `  - name: assets-steady-5m
    kind: invariant
    contract: vault
    severity: critical
    holds: change(contracts.vault.totalAssets(), 5 minutes) > -10%
`)
	// one block a minute, -3% a block: within 5 minutes it passes -10%
	// at the 4th block of the fall; then with 1 block an hour, never
	var got []int
	value := int64(10000)
	for i := 0; i < 12; i++ {
		ts := uint64(60 * i)
		if i >= 6 {
			ts = uint64(3600 * i)
		}
		if i > 0 && i != 6 {
			value = value * 97 / 100
		}
		if a := e.Process(newBlock(uint64(i+1), ts).block(), ReadResults{uintResult(big.NewInt(value))}); len(a) > 0 {
			got = append(got, i)
		}
		if i == 5 {
			// recover before the slow part
			value = 10000
			e.Process(newBlock(uint64(100+i), ts+30).block(), ReadResults{uintResult(big.NewInt(value))})
		}
	}
	if len(got) != 1 || got[0] != 4 {
		t.Fatalf("alerts at steps %v, want [4]", got)
	}
	if pts := e.Snapshot().Detectors[0].Series; len(pts["change(vault.totalAssets(), 5 minutes)"]) != 1 {
		t.Fatalf("series %v: a block an hour keeps only the last point", pts)
	}
}

// TestReadsWhileProcessing: Reads (called by the follower's prefetch as
// soon as a block is fetched) may run while Process learns decimals.
func TestReadsWhileProcessing(t *testing.T) {
	e := compileLang(t, `  - name: big-usdc-withdraw
    kind: event
    contract: vault
    signature: Withdraw(address,uint256)
    severity: critical
    condition: amount > 1000 USDC && amount < contracts.vault.totalAssets()
`)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 200; i++ {
			if n := len(e.Reads("devnet", uint64(i))); n != 1 && n != 2 {
				t.Errorf("%d reads", n)
				return
			}
		}
	}()
	six := ReadResult{Data: common.LeftPadBytes([]byte{6}, 32)}
	for i := 1; i <= 50; i++ {
		reads := ReadResults{uintResult(ether(1))}
		if i == 10 {
			reads = append(reads, six) // the decimals, read with block 10
		}
		e.Process(newBlock(uint64(i), uint64(i)).tx(alice, &vault, nil, nil, true, withdrawLog(alice, big.NewInt(2e9))).block(), reads)
	}
	<-done
	if n := len(e.Reads("devnet", 51)); n != 1 {
		t.Fatalf("%d reads after the decimals were learnt, want 1", n)
	}
}

// TestOutflowZScore: the robust z-score of a contract's per-block net
// outflow of a token flags the block whose outflow leaves its usual range;
// what comes back in the same block offsets it.
func TestOutflowZScore(t *testing.T) {
	e := compileLang(t, `  - name: usdc-outflow-unusual
    kind: invariant
    contract: vault
    severity: critical
    holds: zscore(outflow(contracts.vault, contracts.USDC), 20 blocks) < 10 && outflow(contracts.vault, contracts.USDC) < 1000000 USDC
`)
	six := ReadResult{Data: common.LeftPadBytes([]byte{6}, 32)}
	usual := []int64{100, 120, 90, 110, 105, 95, 130, 80, 100, 115}
	var got []int
	for i := 0; i < len(usual)+3; i++ {
		bb := newBlock(uint64(i+1), uint64(i+1))
		switch {
		case i < len(usual):
			bb.tx(alice, &vault, nil, nil, true, transferLog(token, vault, alice, big.NewInt(usual[i]*1e6)))
		case i == len(usual):
			// a big payment out, but as much came back in: net zero
			bb.tx(alice, &vault, nil, nil, true, transferLog(token, vault, alice, big.NewInt(5000e6)), transferLog(token, alice, vault, big.NewInt(5000e6)))
		case i == len(usual)+1:
			bb.tx(attacker, &vault, nil, nil, true, transferLog(token, vault, attacker, big.NewInt(5000e6)))
		default:
			bb.tx(alice, &vault, nil, nil, true, transferLog(token, vault, alice, big.NewInt(100e6)))
		}
		var reads ReadResults
		if i == 0 {
			reads = ReadResults{six}
		}
		for _, a := range e.Process(bb.block(), reads) {
			if a.Fields["degraded"] != nil {
				t.Fatalf("degraded: %v", a.Fields)
			}
			got = append(got, i)
		}
	}
	if len(got) != 1 || got[0] != len(usual)+1 {
		t.Fatalf("alerts at steps %v, want only %d", got, len(usual)+1)
	}
}

// TestTraceScopeOfLanguage: tx.calls and a native outflow need call
// traces of the transactions of their contracts.
func TestTraceScopeOfLanguage(t *testing.T) {
	e := compileT(t,
		plan.Detector{Name: "calls", Kind: plan.KindTransaction, Contract: "lender", Condition: `any(tx.calls, .depth > 0)`},
		plan.Detector{Name: "out", Kind: plan.KindInvariant, Contract: "vault", Holds: `outflow(contracts.vault) < 100 ether`},
	)
	sc := e.TraceScope("devnet")
	if sc == nil || !sc.Watch[lender] || !sc.Watch[vault] || sc.Watch[token] {
		t.Fatalf("trace scope %+v, want lender and vault watched", sc)
	}
}
