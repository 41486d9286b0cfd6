package drill_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/drill"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
)

// demoPlan writes the demo plan (examples/demo, as `breakglass devnet`
// writes it) for the devnet's deterministic deployment, and that
// deployment.
func demoPlan(t *testing.T, dir string) (*plan.Plan, devnet.Deployment) {
	t.Helper()
	ctx := context.Background()
	dn, err := devnet.Start(ctx, devnet.Config{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "plan.yaml")
	err = dn.WritePlanWith(path, devnet.PlanExtras{GroupByContract: true})
	dep := dn.Deployment()
	dn.Close()
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return p, dep
}

// checkAll asserts every effect was played, detected and contained (the
// pause mined, the pool paused), and logs the measured times.
func checkAll(t *testing.T, rep *drill.Report, out string) {
	t.Helper()
	kinds := map[string]bool{}
	for _, e := range rep.Effects {
		t.Logf("%-32s detected %v by %v · contained %v · detect %.2fs page %.2fs contain %.2fs %s%s", e.Name, e.Detected, e.Detectors,
			e.Contained, e.DetectSec, e.PageSec, e.ContainSec, e.Problem, e.Skipped+e.Error)
		if e.Kind == drill.EffectUpgrade && strings.Contains(e.Skipped, "not an ERC-1967 proxy") {
			continue // the pool is not a proxy: see TestDrillUpgrade
		}
		if e.Skipped != "" || e.Error != "" {
			t.Errorf("%s: skipped %q, error %q", e.Name, e.Skipped, e.Error)
			continue
		}
		kinds[e.Kind] = true
		if !e.Detected || !e.Contained || len(e.Actions) == 0 {
			t.Errorf("%s: detected %v, contained %v: %s", e.Name, e.Detected, e.Contained, e.Problem)
		}
		for _, a := range e.Actions {
			if a.Status != respond.StatusMined || a.Paused == nil || !*a.Paused || a.Tx == "" {
				t.Errorf("%s: action %+v", e.Name, a)
			}
			// the report says how the step went, from its timeline
			if n := len(a.Steps); n == 0 || !strings.HasPrefix(a.Steps[n-1], "mined: ") {
				t.Errorf("%s: action %d's steps %q, want the last one mined", e.Name, a.ID, a.Steps)
			}
		}
		if e.Notifications == 0 || e.PageSec <= 0 || len(e.Incidents) == 0 || len(e.Incidents[0].Paged) == 0 {
			t.Errorf("%s: %d notification(s) in the sink, page %.3f s, incidents %+v", e.Name, e.Notifications, e.PageSec, e.Incidents)
		}
		if e.DetectSec <= 0 || e.ContainSec < e.DetectSec {
			t.Errorf("%s: times detect %.3f contain %.3f", e.Name, e.DetectSec, e.ContainSec)
		}
	}
	for _, k := range drill.Effects() {
		if !kinds[k] && k != drill.EffectUpgrade {
			t.Errorf("effect %s was not played", k)
		}
	}
	if !rep.OK() {
		t.Errorf("report: %s", rep.Summary)
	}
	var back drill.Report
	b, err := os.ReadFile(filepath.Join(out, "drill.json"))
	if err != nil || json.Unmarshal(b, &back) != nil || back.Summary != rep.Summary {
		t.Fatalf("drill.json: %v", err)
	}
	md, err := os.ReadFile(filepath.Join(out, "drill.md"))
	if err != nil || !strings.Contains(string(md), rep.Summary) {
		t.Fatalf("drill.md: %v", err)
	}
}

// TestDrillDevnet: the demo plan drilled on the embedded devnet (forked by
// anvil): every generic effect detected and the pool paused by the
// guardian key executor.
func TestDrillDevnet(t *testing.T) {
	bin := devnettest.AnvilBinary(t)
	dir := t.TempDir()
	p, _ := demoPlan(t, dir)
	out := filepath.Join(dir, "drill")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := drill.Run(ctx, drill.Config{Plan: p, Scenario: "all", Benign: 10, Out: out, Anvil: bin, W: tlog{t}})
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, rep, out)
	if !rep.Devnet || rep.Benign == nil || rep.Benign.Error != "" || rep.Benign.To < rep.Benign.From {
		t.Fatalf("devnet %v, benign %+v", rep.Devnet, rep.Benign)
	}
}

// TestDrillSafeWithoutOwnerKeys: the pool's pause goes through the Safe and
// no owner key is here: the step waits for signatures, and the drill makes
// the call as the Safe, says so, and the pool ends paused.
func TestDrillSafeWithoutOwnerKeys(t *testing.T) {
	bin := devnettest.AnvilBinary(t)
	dir := t.TempDir()
	p, _ := demoPlan(t, dir)
	p = editPlan(t, p, func(src string) string {
		text := strings.Replace(src, "    executor: guardian\n", "    executor: safe\n", 1)
		text = strings.Replace(text, "    owners: [file:keys/safe-owner-1.key, file:keys/safe-owner-2.key]\n", "", 1)
		if text == src || strings.Contains(text, "safe-owner-1.key") {
			t.Fatal("the demo plan changed: update this test")
		}
		return text
	})
	out := filepath.Join(dir, "drill")
	rep, err := drill.Run(context.Background(), drill.Config{Plan: p, Scenario: drill.EffectDrainNative, Out: out, Anvil: bin, W: tlog{t}, Wait: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Effects) != 1 || !rep.Effects[0].Contained || len(rep.Effects[0].Actions) != 1 {
		t.Fatalf("report: %+v", rep.Effects)
	}
	a := rep.Effects[0].Actions[0]
	if !a.AsExecutor || a.Status != respond.StatusAwaitingSignatures || a.Paused == nil || !*a.Paused || !strings.Contains(a.Note, "the drill made the call as the Safe itself") {
		t.Fatalf("action: %+v", a)
	}
	if !strings.Contains(rep.Summary, "1 by the drill acting as the executor") {
		t.Fatalf("summary: %s", rep.Summary)
	}
}

// TestDrillUpgrade: the demo plan with the vault (a UUPS UpgradeableVault
// behind an ERC1967Proxy, UPGRADER_ROLE held by the deployer, PAUSER_ROLE
// by the guardian) protected: the vault is upgraded to an unknown
// implementation by its upgrader, the upgrade is detected and the vault
// paused by the guardian key executor; the pool, not a proxy, is skipped
// with the reason.
func TestDrillUpgrade(t *testing.T) {
	bin := devnettest.AnvilBinary(t)
	dir := t.TempDir()
	p, dep := demoPlan(t, dir)
	vault := dep.Vault
	if err := os.WriteFile(filepath.Join(dir, "abi", "UpgradeableVault.json"), []byte(bindings.UpgradeableVaultMetaData.ABI), 0o644); err != nil {
		t.Fatal(err)
	}
	contract := fmt.Sprintf(`  - name: vault
    network: devnet
    address: "%s"
    abi: abi/UpgradeableVault.json
    executor: guardian
    start_block: %d
    actions:
      pause: pause()
`, vault.Hex(), p.Contract("pool").StartBlock)
	const detector = `  - name: vault-upgraded
    kind: event
    contract: vault
    signature: Upgraded(address indexed implementation)
    severity: critical
    incident_type: access
    response: [pause]

runbooks:`
	p = editPlan(t, p, func(src string) string {
		text := strings.Replace(src, "  - name: dusd\n", contract+"  - name: dusd\n", 1)
		text = strings.Replace(text, "\nrunbooks:", "\n"+detector, 1)
		if !strings.Contains(text, "name: vault-upgraded") || !strings.Contains(text, "name: vault\n") {
			t.Fatal("the demo plan changed: update this test")
		}
		return text
	})
	out := filepath.Join(dir, "drill")
	start := time.Now()
	rep, err := drill.Run(context.Background(), drill.Config{Plan: p, Scenario: drill.EffectUpgrade, Out: out, Anvil: bin, W: tlog{t}, Wait: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("drill of the upgrade: %s in %s", rep.Summary, time.Since(start).Round(time.Millisecond))
	if len(rep.Effects) != 2 {
		t.Fatalf("effects: %+v", rep.Effects)
	}
	pool, up := rep.Effects[0], rep.Effects[1]
	if pool.Contract != "pool" || !strings.Contains(pool.Skipped, "not an ERC-1967 proxy") {
		t.Errorf("pool: %+v", pool)
	}
	if up.Contract != "vault" || up.Skipped != "" || up.Error != "" || !strings.Contains(up.What, "upgradeToAndCall") || !strings.Contains(up.What, "UPGRADER_ROLE") {
		t.Fatalf("vault: %+v", up)
	}
	// The demo plan's privileged-change allows the admin, who holds
	// UPGRADER_ROLE: the plan's Upgraded detector is what catches it.
	if !up.Detected || !up.Contained || !slices.Contains(up.Detectors, "vault-upgraded") {
		t.Fatalf("vault: detected %v by %v, contained %v: %s", up.Detected, up.Detectors, up.Contained, up.Problem)
	}
	var vaultPaused bool
	for _, a := range up.Actions {
		if a.Status != respond.StatusMined || a.Paused == nil || !*a.Paused || a.Tx == "" {
			t.Errorf("action %+v", a)
		}
		if a.Contract == "vault" && a.Action == "pause" && a.Executor == "guardian" {
			vaultPaused = true
		}
	}
	if !vaultPaused || up.DetectSec <= 0 || up.ContainSec < up.DetectSec || !rep.OK() {
		t.Fatalf("vault paused %v, detect %.3f contain %.3f, report %s", vaultPaused, up.DetectSec, up.ContainSec, rep.Summary)
	}
}

// TestDrillImpersonatedExecutor: the guardian's key file is not here. The
// drill refuses to run, naming the plan's line and the flag; given the
// guardian's address, it runs the daemon with a stand-in key, the stand-in
// is refused by the pool, and the drill pauses the pool as the guardian's
// address and says so. An unknown executor is refused.
func TestDrillImpersonatedExecutor(t *testing.T) {
	bin := devnettest.AnvilBinary(t)
	dir := t.TempDir()
	p, dep := demoPlan(t, dir)
	if err := os.Remove(filepath.Join(dir, "keys", "guardian.key")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "drill")
	cfg := drill.Config{Plan: p, Scenario: drill.EffectDrainNative, Out: out, Anvil: bin, W: tlog{t}, Wait: 15 * time.Second}
	for _, tc := range []struct {
		name string
		imp  map[string]common.Address
		want string
	}{
		{"no key", nil, "plan.yaml:"},
		{"unknown executor", map[string]common.Address{"nobody": dep.Guardian}, `--impersonate-executor nobody: no key executor "nobody" on network devnet`},
		{"a safe", map[string]common.Address{"safe": dep.Safe}, `--impersonate-executor safe: no key executor "safe"`},
	} {
		c := cfg
		c.Impersonate = tc.imp
		_, err := drill.Run(context.Background(), c)
		t.Logf("%s: %v", tc.name, err)
		if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.imp == nil && (!strings.Contains(err.Error(), "executors[0]") || !strings.Contains(err.Error(), "--impersonate-executor NAME=ADDRESS"))) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	cfg.Impersonate = map[string]common.Address{"guardian": dep.Guardian}
	rep, err := drill.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Effects) != 1 || !rep.Effects[0].Detected || !rep.Effects[0].Contained || len(rep.Effects[0].Actions) == 0 {
		t.Fatalf("report: %+v", rep.Effects)
	}
	for _, a := range rep.Effects[0].Actions {
		t.Logf("action %d %s.%s by %s: %s · %s", a.ID, a.Contract, a.Action, a.Executor, a.Status, a.Note)
		if !a.AsExecutor || a.Executor != "guardian" || a.Reverted || a.Paused == nil || !*a.Paused ||
			!strings.Contains(a.Note, "made the call as its address "+dep.Guardian.Hex()) || !strings.Contains(a.Note, "stand-in key was refused") {
			t.Errorf("action: %+v", a)
		}
	}
	if !rep.OK() || !strings.Contains(rep.Summary, "by the drill acting as the executor") || len(rep.Notes) == 0 || !strings.Contains(strings.Join(rep.Notes, " "), "executor guardian's key is not here") {
		t.Fatalf("summary %s, notes %q", rep.Summary, rep.Notes)
	}
	md, err := os.ReadFile(filepath.Join(out, "drill.md"))
	if err != nil || !strings.Contains(string(md), "stand-in key") {
		t.Fatalf("drill.md: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*", "stand-in-*.key")); len(left) > 0 {
		t.Fatalf("stand-in keys left: %v", left)
	}
}

// tlog writes the drill's lines to the test log.
type tlog struct{ t *testing.T }

func (w tlog) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// editPlan rewrites the text of p's file with edit and loads it again.
func editPlan(t *testing.T, p *plan.Plan, edit func(string) string) *plan.Plan {
	t.Helper()
	src, err := os.ReadFile(p.Path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.Path, []byte(edit(string(src))), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err = plan.Load(p.Path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
