package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/drill"
)

// TestDrillOnAnvilFork: the demo protocol deployed on a local anvil "A"
// with a plan for it; `breakglass drill --fork-url A` forks A with a second
// anvil and reports every generic effect detected and the pool paused by
// the plan's guardian key; the drill is recorded and `plan check --live`
// tells it. Bad input: a fork URL that does not answer and a block that
// does not exist are one-line errors within seconds; a plan whose executor
// cannot pause is reported as not contained (exit 1), not a crash.
func TestDrillOnAnvilFork(t *testing.T) {
	anv := devnettest.StartAnvil(t)
	url, rc, chainID := anv.URL, anv.RPC, anv.ChainID
	key := func() string { return hexutil.Encode(crypto.FromECDSA(devnettest.FundedKey(t, rc)))[2:] }
	adminHex, guardianHex, strangerHex := key(), key(), key()
	adminKey, _ := crypto.HexToECDSA(adminHex)
	guardianKey, _ := crypto.HexToECDSA(guardianHex)
	params := demo.DefaultParams()
	params.Pausers = append(params.Pausers, crypto.PubkeyToAddress(guardianKey.PublicKey))
	proto := anv.DeployDemo(t, bind.NewKeyedTransactor(adminKey, chainID), params)
	dir := t.TempDir()
	for name, abiJSON := range map[string]string{"pool.json": bindings.LendingPoolMetaData.ABI, "stable.json": bindings.StableTokenMetaData.ABI} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(abiJSON), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writePlan := func(name, guardian string) string {
		if err := os.WriteFile(filepath.Join(dir, name+".key"), []byte(guardian+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		text := fmt.Sprintf(`version: 1
networks:
  - {name: anvil, chain_id: %d, rpc: [%s], poll_interval: 200ms, confirmations: 2}
contracts:
  - {name: pool, network: anvil, address: "%s", abi: pool.json, start_block: %d, executor: guardian, actions: {pause: pause()}}
  - {name: dusd, network: anvil, address: "%s", abi: stable.json, start_block: %d}
executors:
  - {name: guardian, type: key, network: anvil, key: "file:%s.key"}
people: [{name: alice}, {name: bob}]
roles: {incident_commander: {primary: alice}, technical_lead: {primary: bob}}
severities:
  - {name: critical, auto_contain: true, page: [incident_commander, technical_lead]}
  - {name: high, page: [incident_commander]}
detectors:
  - {name: pool-eth-drained, kind: balance, contract: pool, balance: {token: native, drop: 50%%, window: 1}, cooldown: 10m, severity: high, response: [pause]}
  - {name: pool-dusd-drained, kind: balance, contract: pool, balance: {token: dusd, drop: 50%%, window: 1}, cooldown: 10m, severity: high, response: [pause]}
  - {name: privileged-change, kind: heuristic, heuristic: privileged-change, severity: critical, response: [pool.pause]}
  - name: dusd-large-mint
    kind: event
    contract: dusd
    signature: Transfer(address indexed from, address indexed to, uint256 value)
    condition: from == 0x0000000000000000000000000000000000000000 && value > 1000000 ether
    severity: critical
    response: [pool.pause]
`, chainID, url, proto.LendingPool.Hex(), proto.FirstBlock, proto.StableToken.Hex(), proto.FirstBlock, name)
		path := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := writePlan("plan", guardianHex)
	db := "sqlite:" + filepath.Join(dir, "bg.db")
	run := func(wantCode int, args ...string) string {
		t.Helper()
		return mustRun(t, wantCode, args...)
	}

	// Bad input: quick, one line, nothing recorded.
	start := time.Now()
	out := run(1, "drill", "--plan", good, "--fork-url", "http://127.0.0.1:1", "--db", db, "--out", filepath.Join(dir, "bad"))
	if !strings.Contains(out, "fork URL http://127.0.0.1:1") || time.Since(start) > 10*time.Second {
		t.Fatalf("dead fork URL (%s): %s", time.Since(start), out)
	}
	out = run(1, "drill", "--plan", good, "--fork-url", url, "--block", "99999999", "--db", db, "--out", filepath.Join(dir, "bad"))
	if !strings.Contains(out, "--block 99999999 does not exist: the head of "+url+" is") {
		t.Fatalf("missing block: %s", out)
	}

	missingKey := writePlan("nokey", guardianHex)
	if err := os.Remove(filepath.Join(dir, "nokey.key")); err != nil {
		t.Fatal(err)
	}
	out = run(1, "drill", "--plan", missingKey, "--fork-url", url, "--db", db, "--out", filepath.Join(dir, "bad"))
	if !strings.Contains(out, "the drill runs the plan's own executors, and these secrets are not here") || !strings.Contains(out, "nokey.yaml:8:") || !strings.Contains(out, "executors[0].key") {
		t.Fatalf("missing key: %s", out)
	}

	// The drill.
	repDir := filepath.Join(dir, "report")
	out = run(0, "drill", "--plan", good, "--fork-url", url, "--db", db, "--out", repDir, "--benign", "5")
	t.Log(out)
	var rep drill.Report
	b, err := os.ReadFile(filepath.Join(repDir, "drill.json"))
	if err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("drill.json: %v", err)
	}
	played := map[string]bool{}
	for _, e := range rep.Effects {
		if e.Kind == drill.EffectUpgrade && e.Contract == "pool" && strings.Contains(e.Skipped, "not an ERC-1967 proxy") {
			continue // the vault's upgrade is drilled below
		}
		if e.Skipped != "" || e.Error != "" || !e.Detected || !e.Contained || e.Notifications == 0 || len(e.Actions) == 0 || e.Actions[0].Paused == nil || !*e.Actions[0].Paused {
			t.Errorf("%s: %+v", e.Name, e)
		}
		played[e.Kind] = true
	}
	for _, k := range drill.Effects() {
		if !played[k] && k != drill.EffectUpgrade {
			t.Errorf("effect %s not played", k)
		}
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "the plan waits for 2 confirmation(s) on anvil") {
		t.Fatalf("notes: %v", rep.Notes)
	}
	if rep.Devnet || rep.Upstream != url || rep.Benign == nil || rep.Benign.Error != "" {
		t.Fatalf("report: devnet %v upstream %s benign %+v", rep.Devnet, rep.Upstream, rep.Benign)
	}
	out = run(0, "plan", "check", good, "--live", "--db", db)
	if !strings.Contains(out, "drill: last drill ") || !strings.Contains(out, rep.Summary+"; this plan version") {
		t.Fatalf("plan check --live: %s", out)
	}

	// The upgrade, with the guardian's key elsewhere: the vault (UUPS behind
	// an ERC1967Proxy, UPGRADER_ROLE held by the deployer) upgraded to an
	// unknown implementation on the fork, detected, and paused by the drill
	// as the guardian's address.
	if err := os.WriteFile(filepath.Join(dir, "vault.json"), []byte(bindings.UpgradeableVaultMetaData.ABI), 0o644); err != nil {
		t.Fatal(err)
	}
	vaultPlan := writePlan("vault", guardianHex)
	if err := os.Remove(filepath.Join(dir, "vault.key")); err != nil {
		t.Fatal(err)
	}
	vb, err := os.ReadFile(vaultPlan)
	if err != nil {
		t.Fatal(err)
	}
	vtext := strings.Replace(string(vb), "executors:\n", fmt.Sprintf(`  - {name: vault, network: anvil, address: "%s", abi: vault.json, start_block: %d, executor: guardian, actions: {pause: pause()}}
executors:
`, proto.Vault.Hex(), proto.FirstBlock), 1)
	vtext += "  - {name: vault-upgraded, kind: event, contract: vault, signature: \"Upgraded(address indexed implementation)\", severity: critical, response: [pause]}\n"
	if err := os.WriteFile(vaultPlan, []byte(vtext), 0o644); err != nil {
		t.Fatal(err)
	}
	guardian := crypto.PubkeyToAddress(guardianKey.PublicKey).Hex()
	out = run(1, "drill", "--plan", vaultPlan, "--fork-url", url, "--db", db, "--out", filepath.Join(dir, "bad"), "--impersonate-executor", "guardian:"+guardian)
	if !strings.Contains(out, `--impersonate-executor "guardian:`+guardian+`": want NAME=0xADDRESS`) {
		t.Fatalf("bad --impersonate-executor: %s", out)
	}
	upDir := filepath.Join(dir, "upgrade-report")
	out = run(0, "drill", "--plan", vaultPlan, "--fork-url", url, "--db", db, "--out", upDir, "--scenario", "upgrade", "--benign", "0",
		"--impersonate-executor", "guardian="+guardian)
	t.Log(out)
	var up drill.Report
	if b, err = os.ReadFile(filepath.Join(upDir, "drill.json")); err != nil || json.Unmarshal(b, &up) != nil {
		t.Fatalf("upgrade drill.json: %v", err)
	}
	if len(up.Effects) != 2 || up.Effects[0].Skipped == "" || up.Effects[1].Contract != "vault" || !up.Effects[1].Detected || !up.Effects[1].Contained {
		t.Fatalf("upgrade drill: %+v", up.Effects)
	}
	vaultPaused := false
	for _, a := range up.Effects[1].Actions {
		if !a.AsExecutor || a.Paused == nil || !*a.Paused || a.Reverted {
			t.Errorf("upgrade drill action: %+v", a)
		}
		vaultPaused = vaultPaused || a.Contract == "vault"
	}
	if !vaultPaused || !strings.Contains(up.Effects[1].What, "UPGRADER_ROLE") || !strings.Contains(strings.Join(up.Notes, " "), "executor guardian's key is not here") {
		t.Fatalf("upgrade drill: %+v, notes %q", up.Effects[1], up.Notes)
	}

	// A plan whose executor cannot pause: reported, not crashed.
	weak := writePlan("weak", strangerHex)
	weakDir := filepath.Join(dir, "weak-report")
	out = run(1, "drill", "--plan", weak, "--fork-url", url, "--db", db, "--out", weakDir, "--scenario", "drain-native", "--benign", "0", "--wait", "10s")
	if !strings.Contains(out, "drill found gaps: drain-native pool: not contained: pool.pause failed") {
		t.Fatalf("executor without the role: %s", out)
	}
	md, err := os.ReadFile(filepath.Join(weakDir, "drill.md"))
	if err != nil || !strings.Contains(string(md), "Contained: **no**") {
		t.Fatalf("weak drill.md: %v\n%s", err, md)
	}
	t.Log(out)
	out = run(1, "plan", "check", weak, "--live", "--db", db)
	if !strings.Contains(out, "NOT READY") || !strings.Contains(out, "1 effect(s) played: 1 detected, 0 contained; this plan version") {
		t.Fatalf("plan check --live after the weak drill: %s", out)
	}
}
