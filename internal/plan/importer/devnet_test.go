package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// extraSpec declares functions the demo token does not have: calls to them
// revert, but their input is on chain and both OpenZeppelin Monitor and
// breakglass decode it (a monitor matches a call whatever its status unless
// it filters on status). They carry the string, array and bool arguments
// the string and array operators need.
const extraSpec = `[
 {"inputs": [{"name": "reason", "type": "string"}], "name": "note", "outputs": [], "stateMutability": "nonpayable", "type": "function"},
 {"inputs": [{"name": "targets", "type": "address[]"}, {"name": "amounts", "type": "uint256[]"}], "name": "batch", "outputs": [], "stateMutability": "nonpayable", "type": "function"},
 {"inputs": [{"name": "on", "type": "bool"}], "name": "flag", "outputs": [], "stateMutability": "nonpayable", "type": "function"}
]`

// ozCase is one monitor of one condition.
type ozCase struct {
	kind   string // event, function, transaction
	sig    string
	expr   string
	status string // Success, Failure, Any
}

// TestDevnetEquivalence imports an OpenZeppelin Monitor configuration whose
// monitors use every operator of its expression language, runs the
// imported plan's detectors over devnet blocks of real token activity, and
// checks that they match exactly the (transaction, log) pairs a reference
// evaluator of OpenZeppelin Monitor's documented semantics matches.
func TestDevnetEquivalence(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d := devnettest.Start(t)
	dep := d.Deployment()
	keys := d.Keys().Users
	u := dep.Users
	uq := func(i int) string { return "'" + strings.ToLower(u[i].Hex()) + "'" } // OZ compares addresses whatever the case
	e18 := func(n string) string { r, _ := new(big.Int).SetString(n+"000000000000000000", 10); return r.String() }

	cases := []ozCase{
		{"event", "Transfer(address,address,uint256)", "value > " + e18("5000"), "Success"},
		{"event", "Transfer(address,address,uint256)", "value >= 0x1BC16D674EC80000", "Any"},
		{"event", "Transfer(address,address,uint256)", "value < 1000000000000000000", "Success"},
		{"event", "Transfer(address,address,uint256)", "value <= " + e18("2") + " && to == " + uq(2), "Any"},
		{"event", "Transfer(address,address,uint256)", "value == " + e18("3") + " || to != " + uq(1), "Any"},
		{"event", "Transfer(address,address,uint256)", "(from == " + uq(0) + " || from == " + uq(3) + ") && value != " + e18("7"), "Any"},
		{"event", "Approval(address,address,uint256)", "value > 0 && spender == " + strings.ToUpper(uq(4)[:3]) + uq(4)[3:], "Any"},
		{"function", "transfer(address,uint256)", "to == " + uq(2) + " && value >= " + e18("1"), "Any"},
		{"function", "transfer(address,uint256)", "value > 0", "Failure"},
		{"function", "note(string)", "reason contains 'URGENT'", "Any"},
		{"function", "note(string)", "reason starts_with 'emergency'", "Any"},
		{"function", "note(string)", "reason ends_with '!!' || reason == 'Pause Now'", "Any"},
		{"function", "batch(address[],uint256[])", "targets contains " + uq(1), "Any"},
		{"function", "batch(address[],uint256[])", "amounts contains 5 && targets[0] == " + uq(3), "Any"},
		{"function", "flag(bool)", "on == false", "Any"},
		{"function", "flag(bool)", "on != false", "Failure"},
		// Defender's dialect, read by the same parser: = , AND, OR, NOT.
		{"event", "Transfer(address,address,uint256)", "value = " + e18("3") + " OR NOT (to = " + uq(1) + " OR value < " + e18("7") + ")", "Any"},
		{"function", "note(string)", "NOT reason = 'ok!!' AND reason != 'pause now'", "Any"},
		{"transaction", "", "value > 0", "Failure"},
		{"transaction", "", "gas_limit >= 200000 && nonce >= 0", "Success"},
	}

	// The OpenZeppelin Monitor configuration.
	spec := mergeSpecs(t, bindings.StableTokenMetaData.ABI, extraSpec)
	fsys := fstest.MapFS{
		"networks/devnet.json": {Data: []byte(fmt.Sprintf(`{"network_type": "EVM", "slug": "devnet", "name": "Devnet",
			"rpc_urls": [{"type_": "rpc", "url": {"type": "plain", "value": %q}, "weight": 100}],
			"chain_id": %d, "block_time_ms": 1000, "confirmation_blocks": 0}`, d.HTTPURL(), devnet.ChainID))},
		"triggers/t.json": {Data: []byte(`{"s": {"name": "S", "trigger_type": "slack", "config": {"slack_url": {"type": "Environment", "value": "SLACK_URL"}, "message": {"title": "t", "body": "b"}}}}`)},
	}
	for i, c := range cases {
		var ev, fn, tx string
		cond := fmt.Sprintf(`{"signature": %q, "expression": %q}`, c.sig, c.expr)
		switch c.kind {
		case "event":
			ev = cond
		case "function":
			fn = cond
		}
		switch {
		case c.kind == "transaction":
			tx = fmt.Sprintf(`{"status": %q, "expression": %q}`, c.status, c.expr)
		case c.status != "Any":
			tx = fmt.Sprintf(`{"status": %q, "expression": null}`, c.status)
		}
		fsys[fmt.Sprintf("monitors/m%02d.json", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`{
  "name": "m%02d", "paused": false, "networks": ["devnet"],
  "addresses": [{"address": %q, "contract_spec": %s}],
  "match_conditions": {"functions": [%s], "events": [%s], "transactions": [%s]},
  "trigger_conditions": [], "triggers": ["s"]}`, i, dep.Stable.Hex(), spec, fn, ev, tx))}
	}
	res := OZMonitor(fsys, "oz", "breakglass.yaml")
	if !res.Report.OK() {
		var b bytes.Buffer
		_ = res.Report.Write(&b)
		t.Fatalf("import:\n%s", b.String())
	}
	path := filepath.Join(t.TempDir(), "breakglass.yaml")
	if err := os.WriteFile(path, res.Plan, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := detect.Compile(p, detect.ForNetwork("devnet"))
	if err != nil {
		t.Fatal(err)
	}
	// detector → case index, from the report.
	caseOf := map[string]int{}
	for _, it := range res.Report.Items {
		var i int
		if _, err := fmt.Sscanf(it.Source, "monitors/m%02d.json", &i); err == nil && strings.HasPrefix(it.Became, "detector ") {
			caseOf[strings.Trim(strings.TrimPrefix(it.Became, "detector "), `"`)] = i
		}
	}
	if len(caseOf) != len(cases) {
		t.Fatalf("%d detectors for %d monitors", len(caseOf), len(cases))
	}

	// Activity on the demo token.
	tokenABI, err := bindings.StableTokenMetaData.ParseABI()
	if err != nil {
		t.Fatal(err)
	}
	extra, err := abi.JSON(strings.NewReader(extraSpec))
	if err != nil {
		t.Fatal(err)
	}
	pack := func(a *abi.ABI, name string, args ...any) []byte {
		data, err := a.Pack(name, args...)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	wei := func(s string) *big.Int { n, _ := new(big.Int).SetString(s, 10); return n }
	type send struct {
		from  int
		data  []byte
		value *big.Int
	}
	sends := []send{
		{0, pack(tokenABI, "transfer", u[1], wei(e18("6000"))), nil},
		{1, pack(tokenABI, "transfer", u[2], wei(e18("2"))), nil},
		{2, pack(tokenABI, "transfer", u[3], wei("500000000000000000")), nil},
		{3, pack(tokenABI, "transfer", u[2], wei(e18("3"))), nil},
		{0, pack(tokenABI, "transfer", u[4], wei(e18("7"))), nil},
		{3, pack(tokenABI, "transfer", u[1], wei("1500000000000000000")), nil},
		{0, pack(tokenABI, "approve", u[4], wei(e18("10"))), nil},
		{1, pack(tokenABI, "approve", u[2], big.NewInt(0)), nil},
		{4, pack(tokenABI, "transfer", u[0], wei(e18("1000000000000"))), nil}, // more than it holds: reverts
		{1, pack(&extra, "note", "this is URGENT"), nil},
		{1, pack(&extra, "note", "Emergency: drain"), nil},
		{1, pack(&extra, "note", "pause now"), nil},
		{1, pack(&extra, "note", "ok!!"), nil},
		{2, pack(&extra, "batch", []common.Address{u[1], u[3]}, []*big.Int{big.NewInt(5), big.NewInt(6)}), nil},
		{2, pack(&extra, "batch", []common.Address{u[3]}, []*big.Int{big.NewInt(5)}), nil},
		{3, pack(&extra, "flag", true), nil},
		{3, pack(&extra, "flag", false), nil},
		{4, nil, big.NewInt(1)}, // ether to a token without receive(): reverts
	}
	client := d.Client()
	first, err := client.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(d.ChainID())
	tip := big.NewInt(1e9)
	var txs []*types.Transaction
	for _, s := range sends {
		from := devnet.Address(keys[s.from])
		nonce, err := client.PendingNonceAt(ctx, from)
		if err != nil {
			t.Fatal(err)
		}
		head, err := client.HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		value := s.value
		if value == nil {
			value = new(big.Int)
		}
		to := dep.Stable
		tx, err := types.SignNewTx(keys[s.from], signer, &types.DynamicFeeTx{
			ChainID: d.ChainID(), Nonce: nonce, GasTipCap: tip, GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip),
			Gas: 300000, To: &to, Value: value, Data: s.data,
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := client.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		if _, err := bind.WaitMined(ctx, client, tx); err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	last, err := client.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// What breakglass matched.
	metrics, err := chain.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	cc, err := chain.Dial(ctx, chain.Config{Network: "devnet", URLs: []string{d.HTTPURL()}}, metrics, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cc.Close)
	got := map[string]bool{}
	for n := first + 1; n <= last; n++ {
		b, err := cc.FetchBlock(ctx, n, engine.TraceScope("devnet"))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range engine.Process(b, nil) {
			i, ok := caseOf[a.Detector]
			if !ok {
				t.Fatalf("alert of unknown detector %s", a.Detector)
			}
			got[matchKey(i, a.TxHash, a.LogIndex)] = true
		}
	}

	// What OpenZeppelin Monitor matches, by its documented semantics.
	want := map[string]bool{}
	for _, tx := range txs {
		rcpt, err := client.TransactionReceipt(ctx, tx.Hash())
		if err != nil {
			t.Fatal(err)
		}
		ok := rcpt.Status == types.ReceiptStatusSuccessful
		for i, c := range cases {
			statusOK := c.status == "Any" || (c.status == "Success") == ok
			if !statusOK {
				continue
			}
			switch c.kind {
			case "transaction":
				vars := map[string]ozValue{
					"value":     {"uint256", tx.Value().String()},
					"gas_limit": {"uint64", fmt.Sprint(tx.Gas())},
					"nonce":     {"uint64", fmt.Sprint(tx.Nonce())},
				}
				if ozEval(t, c.expr, vars) {
					want[matchKey(i, tx.Hash(), -1)] = true
				}
			case "event":
				ev, _ := findEvent(*tokenABI, c.sig)
				for _, lg := range rcpt.Logs {
					if lg.Address != dep.Stable || lg.Topics[0] != ev.ID {
						continue
					}
					if ozEval(t, c.expr, decodeLog(t, ev, lg)) {
						want[matchKey(i, tx.Hash(), int(lg.Index))] = true
					}
				}
			case "function":
				m, found := findMethod(*tokenABI, c.sig)
				if !found {
					m, _ = findMethod(extra, c.sig)
				}
				if len(tx.Data()) < 4 || !bytes.Equal(tx.Data()[:4], m.ID) {
					continue
				}
				vals, err := m.Inputs.Unpack(tx.Data()[4:])
				if err != nil {
					t.Fatal(err)
				}
				if ozEval(t, c.expr, ozArgs(m.Inputs, vals)) {
					want[matchKey(i, tx.Hash(), -1)] = true
				}
			}
		}
	}
	for _, k := range sortedKeys(want) {
		if !got[k] {
			t.Errorf("OpenZeppelin Monitor matches %s; breakglass does not", k)
		}
	}
	for _, k := range sortedKeys(got) {
		if !want[k] {
			t.Errorf("breakglass matches %s; OpenZeppelin Monitor does not", k)
		}
	}
	// Every monitor matched something, and something was left unmatched.
	per := make([]int, len(cases))
	for k := range want {
		var i int
		fmt.Sscanf(k, "case %d", &i)
		per[i]++
	}
	for i, n := range per {
		if n == 0 {
			t.Errorf("case %d (%s %s) matched nothing: the activity does not exercise it", i, cases[i].sig, cases[i].expr)
		}
		if n == len(txs) {
			t.Errorf("case %d matched every transaction: it tells nothing", i)
		}
	}
	t.Logf("%d matches over %d transactions in blocks %d-%d, for %d monitors", len(want), len(txs), first+1, last, len(cases))
}

func matchKey(i int, tx common.Hash, log int) string {
	return fmt.Sprintf("case %02d tx %s log %d", i, tx.Hex()[:10], log)
}

// mergeSpecs joins two JSON ABIs.
func mergeSpecs(t *testing.T, a, b string) string {
	t.Helper()
	s, err := mergeABI(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ozValue is an argument as OpenZeppelin Monitor presents it to its
// evaluator: a kind and a string value (arrays as JSON).
type ozValue struct{ kind, value string }

func decodeLog(t *testing.T, ev abi.Event, lg *types.Log) map[string]ozValue {
	t.Helper()
	vals := map[string]any{}
	if err := ev.Inputs.UnpackIntoMap(vals, lg.Data); err != nil {
		t.Fatal(err)
	}
	var indexed abi.Arguments
	for _, a := range ev.Inputs {
		if a.Indexed {
			indexed = append(indexed, a)
		}
	}
	if err := abi.ParseTopicsIntoMap(vals, indexed, lg.Topics[1:]); err != nil {
		t.Fatal(err)
	}
	out := map[string]ozValue{}
	for _, a := range ev.Inputs {
		out[a.Name] = ozValueOf(a.Type, vals[a.Name])
	}
	return out
}

func ozArgs(args abi.Arguments, vals []any) map[string]ozValue {
	out := map[string]ozValue{}
	for i, a := range args {
		out[a.Name] = ozValueOf(a.Type, vals[i])
	}
	return out
}

func ozValueOf(t abi.Type, v any) ozValue {
	switch x := v.(type) {
	case common.Address:
		return ozValue{"address", x.Hex()}
	case *big.Int:
		return ozValue{t.String(), x.String()}
	case bool:
		return ozValue{"bool", fmt.Sprint(x)}
	case string:
		return ozValue{"string", x}
	}
	data, _ := json.Marshal(v)
	if addrs, ok := v.([]common.Address); ok {
		var s []string
		for _, a := range addrs {
			s = append(s, a.Hex())
		}
		data, _ = json.Marshal(s)
	}
	return ozValue{t.String(), string(data)}
}

// ozEval is a reference evaluator of OpenZeppelin Monitor's EVM
// expressions, written from its documented semantics: unsigned integers
// compare as 256-bit numbers (decimal or hex literals), addresses with ==
// and != only and whatever their case, strings case-insensitively with ==,
// !=, contains, starts_with and ends_with, booleans with == and != against
// true/false, arrays with contains (an element equal to the literal) and
// [i]. A comparison the monitor rejects is an evaluation error: no match.
func ozEval(t *testing.T, src string, vars map[string]ozValue) bool {
	t.Helper()
	e, err := Parse(src)
	if err != nil {
		t.Fatalf("reference: %q: %v", src, err)
	}
	v, ok := ozNode(e, vars)
	return ok && v
}

func ozNode(e Expr, vars map[string]ozValue) (bool, bool) {
	switch x := e.(type) {
	case *Logical:
		l, ok := ozNode(x.L, vars)
		if !ok {
			return false, false
		}
		if x.Op == "&&" && !l || x.Op == "||" && l {
			return l, true
		}
		return ozNode(x.R, vars)
	case *Not:
		v, ok := ozNode(x.X, vars)
		return !v, ok
	case *Cond:
		v, ok := vars[x.Left.Base]
		if !ok {
			return false, false
		}
		for _, a := range x.Left.Acc {
			var arr []any
			if !a.IsIdx || json.Unmarshal([]byte(v.value), &arr) != nil || a.Index >= len(arr) {
				return false, false
			}
			v = ozValue{"", fmt.Sprint(arr[a.Index])}
			if common.IsHexAddress(v.value) {
				v.kind = "address"
			} else {
				v.kind = "number"
			}
		}
		return ozCompare(v, x.Op, x.Right)
	}
	return false, false
}

func ozCompare(v ozValue, op string, lit Literal) (bool, bool) {
	switch {
	case strings.HasPrefix(v.kind, "uint") && !strings.HasSuffix(v.kind, "]") || v.kind == "number":
		l, ok1 := ozU256(v.value)
		r, ok2 := ozU256(lit.Text)
		if !ok1 || !ok2 || lit.Kind == LitBool {
			return false, false
		}
		c := l.Cmp(r)
		switch op {
		case "==":
			return c == 0, true
		case "!=":
			return c != 0, true
		case ">":
			return c > 0, true
		case ">=":
			return c >= 0, true
		case "<":
			return c < 0, true
		case "<=":
			return c <= 0, true
		}
		return false, false
	case v.kind == "address":
		if lit.Kind != LitString {
			return false, false
		}
		same := strings.EqualFold(strings.TrimPrefix(strings.ToLower(v.value), "0x"), strings.TrimPrefix(strings.ToLower(lit.Text), "0x"))
		switch op {
		case "==":
			return same, true
		case "!=":
			return !same, true
		}
		return false, false
	case v.kind == "string":
		if lit.Kind != LitString {
			return false, false
		}
		l, r := strings.ToLower(v.value), strings.ToLower(lit.Text)
		switch op {
		case "==":
			return l == r, true
		case "!=":
			return l != r, true
		case "contains":
			return strings.Contains(l, r), true
		case "starts_with":
			return strings.HasPrefix(l, r), true
		case "ends_with":
			return strings.HasSuffix(l, r), true
		}
		return false, false
	case v.kind == "bool":
		if lit.Kind != LitBool {
			return false, false
		}
		switch op {
		case "==":
			return v.value == lit.Text, true
		case "!=":
			return v.value != lit.Text, true
		}
		return false, false
	case strings.HasSuffix(v.kind, "[]"):
		if op != "contains" {
			return false, false
		}
		var arr []any
		if json.Unmarshal([]byte(v.value), &arr) != nil {
			return false, false
		}
		for _, el := range arr {
			s := fmt.Sprint(el)
			if f, ok := el.(float64); ok {
				s = new(big.Float).SetFloat64(f).Text('f', 0)
			}
			if strings.EqualFold(s, lit.Text) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}

func ozU256(s string) (*big.Int, bool) {
	if strings.HasPrefix(strings.ToLower(s), "0x") {
		return new(big.Int).SetString(s[2:], 16)
	}
	return new(big.Int).SetString(s, 10)
}
