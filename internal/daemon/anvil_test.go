package daemon_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/forensics"
	"github.com/breakglass-dev/breakglass/internal/guard"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestDaemonOnAnvil runs the daemon against Foundry's anvil, the chain
// protocol teams drill on: it follows anvil's blocks, reads state and
// traces there (debug_traceBlock, eth_call, eth_getBalance), detects the
// re-entrancy exploit in its block, and analyses the exploit from anvil's
// call tracer with the exact loss.
func TestDaemonOnAnvil(t *testing.T) {
	anv := devnettest.StartAnvil(t)
	url, rc, ec, chainID := anv.URL, anv.RPC, anv.Client, anv.ChainID
	ctx := context.Background()
	adminKey, attackerKey := devnettest.FundedKey(t, rc), devnettest.FundedKey(t, rc)
	admin := bind.NewKeyedTransactor(adminKey, chainID)
	proto := anv.DeployDemo(t, admin, demo.DefaultParams())

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pool.json"), []byte(bindings.LendingPoolMetaData.ABI), 0o644); err != nil {
		t.Fatal(err)
	}
	planText := fmt.Sprintf(`version: 1
networks:
  - {name: anvil, chain_id: %d, rpc: [%s], poll_interval: 200ms}
contracts:
  - {name: pool, network: anvil, address: "%s", abi: pool.json, start_block: %d}
people: [{name: alice}]
roles: {incident_commander: {primary: alice}}
severities: [{name: critical}]
detectors:
  - {name: pool-reentrancy, kind: heuristic, heuristic: reentrancy, contract: pool, severity: critical, incident_type: exploit}
  - name: pool-eth-drained
    kind: balance
    contract: pool
    balance: {token: native, drop: 50%%, window: 1}
    severity: critical
`, chainID, url, proto.LendingPool.Hex(), proto.FirstBlock)
	path := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(path, []byte(planText), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.SQLite(t, store.Options{})
	stop := start(t, p, s, nil)
	defer stop()

	attacker := bind.NewKeyedTransactor(attackerKey, chainID)
	atk, err := demo.RunScenario(ctx, ec, proto, "reentrancy", attacker, demo.DefaultScenarioParams())
	if err != nil {
		t.Fatal(err)
	}
	block := atk.Receipt.BlockNumber.Uint64()
	var detectors []string
	waitFor(t, "detection on anvil", 20*time.Second, func() bool {
		as, err := s.Alerts(ctx, store.AlertFilter{Network: "anvil", FromBlock: block, ToBlock: block})
		if err != nil || len(as) < 2 || as[0].IncidentID == "" {
			return false
		}
		detectors = nil
		for _, a := range as {
			detectors = append(detectors, a.Detector)
		}
		return true
	})
	if got := strings.Join(detectors, ","); !strings.Contains(got, "pool-reentrancy") || !strings.Contains(got, "pool-eth-drained") {
		t.Fatalf("detectors in the exploit block: %s", got)
	}

	// Forensics from anvil's call tracer: the pool lost exactly its ETH.
	an, err := forensics.Analyze(ctx, rc, atk.Tx.Hash(), forensics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Reentrancy) == 0 || len(an.Loss) != 1 || an.Loss[0].Amount.Cmp(demo.DefaultParams().PoolETH) != 0 {
		t.Fatalf("analysis on anvil: reentrancy %d, loss %v", len(an.Reentrancy), an.Loss)
	}

	// anvil's Parity-style trace_transaction gives the same call tree as
	// its callTracer (the daemon above used it: the cheapest it serves).
	cc, err := chain.ConfigFor(p.Networks[0])
	if err != nil {
		t.Fatal(err)
	}
	client, err := chain.Dial(ctx, cc, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	watch := map[common.Address]bool{proto.LendingPool: true}
	parity, err := client.FetchBlock(ctx, block, &chain.TraceScope{Watch: watch, Method: chain.TraceParity})
	if err != nil {
		t.Fatal(err)
	}
	debug, err := client.FetchBlock(ctx, block, &chain.TraceScope{Watch: watch, Method: chain.TraceDebugTx})
	if err != nil {
		t.Fatal(err)
	}
	idx := int(atk.Receipt.TransactionIndex)
	if parity.Traces[idx] == nil || debug.Traces[idx] == nil {
		t.Fatalf("the exploit was not traced: parity %v, debug %v", parity.Traces[idx], debug.Traces[idx])
	}
	if diff := sameTree(parity.Traces[idx], debug.Traces[idx], "root"); diff != "" {
		t.Fatalf("trace_transaction and the callTracer differ: %s", diff)
	}
	calls := 0
	parity.Traces[idx].Walk(func(*chain.CallFrame, int) bool { calls++; return true })
	if calls < 4 {
		t.Fatalf("the re-entrancy exploit's tree has %d frames", calls)
	}
}

// sameTree compares two call trees as detection reads them (type, from, to,
// value, input, failure, children), and says where they first differ.
func sameTree(a, b *chain.CallFrame, at string) string {
	val := func(v *hexutil.Big) string {
		if v == nil {
			return "0"
		}
		return v.ToInt().String()
	}
	to := func(f *chain.CallFrame) string {
		if f.To == nil {
			return ""
		}
		return f.To.Hex()
	}
	switch {
	case a.Type != b.Type:
		return fmt.Sprintf("%s: type %s vs %s", at, a.Type, b.Type)
	case a.From != b.From || to(a) != to(b):
		return fmt.Sprintf("%s: %s→%s vs %s→%s", at, a.From, to(a), b.From, to(b))
	case a.Type != "STATICCALL" && a.Type != "DELEGATECALL" && val(a.Value) != val(b.Value):
		return fmt.Sprintf("%s: value %s vs %s", at, val(a.Value), val(b.Value))
	case !bytes.Equal(a.Input, b.Input):
		return fmt.Sprintf("%s: input differs", at)
	case (a.Error == "") != (b.Error == ""):
		return fmt.Sprintf("%s: error %q vs %q", at, a.Error, b.Error)
	case len(a.Calls) != len(b.Calls):
		return fmt.Sprintf("%s: %d calls vs %d", at, len(a.Calls), len(b.Calls))
	}
	for i := range a.Calls {
		if d := sameTree(a.Calls[i], b.Calls[i], fmt.Sprintf("%s.%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// anvilProtocol is the demo protocol on anvil (1 s blocks), with a plan
// that turns pre-execution protection on and pauses the pool on
// re-entrancy, and a store.
type anvilProtocol struct {
	ec                    *ethclient.Client
	chainID               *big.Int
	proto                 *demo.Protocol
	adminKey, attackerKey *ecdsa.PrivateKey
	plan                  *plan.Plan
	store                 store.Store
}

// startAnvilProtocol starts anvil, deploys the demo protocol and writes
// the plan, with n watch detectors more (watchDetectors).
func startAnvilProtocol(t testing.TB, n int) *anvilProtocol {
	return startAnvilProtocolWith(t, n, anvilReentrancyDetector)
}

// anvilReentrancyDetector is the anvil plan's detector by default.
const anvilReentrancyDetector = "{name: pool-reentrancy, kind: heuristic, heuristic: reentrancy, contract: pool, severity: critical, incident_type: exploit, response: [pause]}"

// startAnvilProtocolWith is startAnvilProtocol with detector (a YAML flow
// mapping) as the plan's detector.
func startAnvilProtocolWith(t testing.TB, n int, detector string) *anvilProtocol {
	anv := devnettest.StartAnvil(t, "--block-time", "1")
	url, rc, ec, chainID := anv.URL, anv.RPC, anv.Client, anv.ChainID
	ws := "ws" + strings.TrimPrefix(url, "http")
	adminKey, attackerKey, guardianKey := devnettest.FundedKey(t, rc), devnettest.FundedKey(t, rc), devnettest.FundedKey(t, rc)
	admin := bind.NewKeyedTransactor(adminKey, chainID)
	params := demo.DefaultParams()
	params.Pausers = []common.Address{crypto.PubkeyToAddress(guardianKey.PublicKey)}
	proto := anv.DeployDemo(t, admin, params)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pool.json"), []byte(bindings.LendingPoolMetaData.ABI), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "guardian.key"), []byte(hexutil.Encode(crypto.FromECDSA(guardianKey))[2:]+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	planText := fmt.Sprintf(`version: 1
networks:
  - name: anvil
    chain_id: %d
    rpc: [%s, %s]
    poll_interval: 200ms
    mempool: {enabled: true, max_priority_fee: 50 gwei}
contracts:
  - name: pool
    network: anvil
    address: "%s"
    abi: pool.json
    start_block: %d
    executor: guardian
    actions: {pause: pause()}
executors:
  - {name: guardian, type: key, network: anvil, key: file:guardian.key}
people: [{name: alice}]
roles: {incident_commander: {primary: alice}}
severities: [{name: critical, auto_contain: true}, {name: low}]
detectors:
  - %s
`, chainID, ws, url, proto.LendingPool.Hex(), proto.FirstBlock, detector)
	path := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(path, []byte(watchDetectors(planText, n)), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.SQLite(t, store.Options{})
	return &anvilProtocol{ec: ec, chainID: chainID, proto: proto, adminKey: adminKey, attackerKey: attackerKey, plan: p, store: s}
}

// TestMempoolOnAnvil: on Foundry's anvil with 1 s blocks (it orders a block
// by priority fee, and serves pending transactions and debug_traceCall),
// the daemon with the plan's mempool on sees the re-entrancy exploit
// pending and lands the guardian's pause ahead of it in the same block:
// the exploit reverts.
func TestMempoolOnAnvil(t *testing.T) {
	mempoolOnAnvil(t, anvilReentrancyDetector)
}

// TestMempoolStateDetectorsOnAnvil is TestMempoolOnAnvil with a plan whose
// one detector reads state: the pool's native balance halving in a block,
// evaluated on the pending exploit's post-state (anvil's prestateTracer
// diff as eth_call overrides).
func TestMempoolStateDetectorsOnAnvil(t *testing.T) {
	mempoolOnAnvil(t, "{name: pool-eth-drained, kind: balance, contract: pool, balance: {token: native, drop: 50%, window: 1}, severity: critical, incident_type: exploit, response: [pause]}")
}

func mempoolOnAnvil(t *testing.T, detector string) {
	ap := startAnvilProtocolWith(t, 0, detector)
	ec, chainID, proto, attackerKey, p, s := ap.ec, ap.chainID, ap.proto, ap.attackerKey, ap.plan, ap.store
	ctx := context.Background()
	stop := start(t, p, s, nil)
	defer stop()
	head, _ := ec.BlockNumber(ctx)
	waitFor(t, "the daemon following anvil", 30*time.Second, func() bool {
		c, err := s.Cursor(ctx, "anvil")
		return err == nil && c.BlockNumber >= head
	})
	time.Sleep(time.Second)

	attacker := bind.NewKeyedTransactor(attackerKey, chainID)
	atk, err := demo.RunScenario(ctx, ec, proto, "reentrancy", attacker, demo.DefaultScenarioParams())
	if err != nil && !errors.Is(err, demo.ErrReverted) {
		t.Fatal(err)
	}
	var pause store.Action
	waitFor(t, "pause mined on anvil", 20*time.Second, func() bool {
		incs, err := s.Incidents(ctx, store.IncidentFilter{})
		if err != nil || len(incs) == 0 {
			return false
		}
		acts, err := s.Actions(ctx, incs[0].ID)
		if err != nil {
			return false
		}
		for _, a := range acts {
			if a.Status == respond.StatusMined {
				pause = a
				return true
			}
		}
		return false
	})
	prc := minedReceipt(t, ctx, ec, common.HexToHash(pause.TxHash))
	t.Logf("anvil: pause %s at block %d index %d; exploit %s at block %d index %d, status %d",
		pause.TxHash, prc.BlockNumber, prc.TransactionIndex, atk.Tx.Hash().Hex(), atk.Receipt.BlockNumber, atk.Receipt.TransactionIndex, atk.Receipt.Status)
	if prc.BlockNumber.Cmp(atk.Receipt.BlockNumber) != 0 || prc.TransactionIndex >= atk.Receipt.TransactionIndex || atk.Receipt.Status != 0 {
		t.Fatalf("want the pause first in the exploit's block and the exploit reverted")
	}
	// The pause came from the detector's alert on the pending exploit.
	as, err := s.Alerts(ctx, store.AlertFilter{Network: "anvil"})
	if err != nil {
		t.Fatal(err)
	}
	var pre []string
	for _, a := range as {
		if f, ok := preExecution(a); ok && f[guard.FieldPendingTx] == atk.Tx.Hash().Hex() {
			pre = append(pre, a.Detector)
		}
	}
	if len(pre) == 0 || !strings.Contains(detector, "name: "+pre[0]+",") {
		t.Fatalf("pre-execution alerts on the exploit by %v, want the plan's detector %s", pre, detector)
	}
}
