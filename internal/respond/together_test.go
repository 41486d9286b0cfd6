package respond_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// TestDaemonPausesSeveralTogether: one detector's response pauses two
// contracts (the pool and the vault). Their pause transactions go out
// together and are mined in the same block, the one after the exploit's —
// through the guardian key (consecutive nonces) and through the Safe
// (consecutive Safe nonces), not one per block.
func TestDaemonPausesSeveralTogether(t *testing.T) {
	for _, executor := range []string{"guardian", "safe"} {
		t.Run(executor, func(t *testing.T) {
			d := devnettest.StartWith(t, devnet.Config{BlockTime: time.Second})
			planPath, _ := devnettest.Plan(t, d)
			dir := filepath.Dir(planPath)
			dep := d.Deployment()
			if err := os.WriteFile(filepath.Join(dir, "abi", "UpgradeableVault.json"), []byte(bindings.UpgradeableVaultMetaData.ABI), 0o644); err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(planPath)
			if err != nil {
				t.Fatal(err)
			}
			text := string(raw)
			vault := "  - name: vault\n    network: devnet\n    address: \"" + dep.Vault.Hex() + "\"\n    abi: abi/UpgradeableVault.json\n" +
				"    executor: " + executor + "\n    actions: {pause: pause(), unpause: unpause()}\n"
			for _, e := range [][2]string{
				{"  - name: dusd\n", vault + "  - name: dusd\n"},
				{"    executor: guardian\n    start_block", "    executor: " + executor + "\n    start_block"},
				{"    heuristic: reentrancy\n    contract: pool\n    severity: critical\n    incident_type: exploit\n    response: [pause]",
					"    heuristic: reentrancy\n    contract: pool\n    severity: critical\n    incident_type: exploit\n    response: [pause, vault.pause]"},
			} {
				if !strings.Contains(text, e[0]) {
					t.Fatalf("the devnet's plan has no %q", e[0])
				}
				text = strings.Replace(text, e[0], e[1], 1)
			}
			if err := os.WriteFile(planPath, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := plan.Load(planPath)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			_, s := startDaemon(t, ctx, d, daemon.Config{Plan: p})
			res, err := d.RunScenario(ctx, "reentrancy")
			if err != nil {
				t.Fatal(err)
			}
			targets := map[string]bool{strings.ToLower(dep.Pool.Hex()): true, strings.ToLower(dep.Vault.Hex()): true}
			mined := map[string]store.Action{}
			for deadline := time.Now().Add(30 * time.Second); len(mined) < 2; {
				incs, _ := s.Incidents(ctx, store.IncidentFilter{})
				for _, inc := range incs {
					acts, _ := s.Actions(ctx, inc.ID)
					for _, a := range acts {
						if a.Kind == respond.KindPause && a.Status == respond.StatusMined && targets[a.Target] {
							mined[a.Target] = a
						}
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("pauses mined: %d of 2", len(mined))
				}
				time.Sleep(50 * time.Millisecond)
			}
			ec := devnettest.Dial(t, d.HTTPURL())
			blocks := map[uint64]int{}
			for _, a := range mined {
				rc := waitReceipt(t, ec, common.HexToHash(a.TxHash))
				blocks[rc.BlockNumber.Uint64()]++
			}
			if len(blocks) != 1 || blocks[res.Block+1] != 2 {
				t.Fatalf("exploit in block %d; the two pauses mined in blocks %v: want both in block %d", res.Block, blocks, res.Block+1)
			}
		})
	}
}
