package demo_test

import (
	"bytes"
	"context"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/demo"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/forensics"
	"github.com/breakglass-dev/breakglass/internal/golden"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/recovery"
)

// TestDemo runs `breakglass demo` for each scenario, in parallel, as the
// command does by default (pre-execution protection on), and the reactive
// path (--mempool=false) for one scenario, and checks its artifacts: the
// incident contained; with the mempool on, the exploit prevented (the pause
// mined ahead of it in its block, the exploit reverted, nothing lost),
// without it the pause mined in the next block and the compensation root
// verified by OpenZeppelin's MerkleProof on-chain; the analysed loss equal
// to the devnet's own measurement, and the post-mortem naming the exploit
// and pause transactions.
func TestDemo(t *testing.T) {
	type run struct {
		scenario string
		mempool  bool
	}
	var runs []run
	for _, sc := range devnet.Scenarios() {
		runs = append(runs, run{sc, true})
	}
	runs = append(runs, run{devnet.ScenarioReentrancy, false})
	for _, tr := range runs {
		sc := tr.scenario
		name := sc
		if !tr.mempool {
			name += "/reactive"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			var w bytes.Buffer
			start := time.Now()
			results, err := demo.Run(context.Background(), demo.Config{Scenario: sc, Out: out, W: &w, Mempool: tr.mempool})
			if err != nil {
				t.Fatalf("demo: %v\n%s", err, w.String())
			}
			took := time.Since(start)
			r := results[0]
			demo.Summary(&w, false, results)
			t.Logf("%s: %s, exploit block %d, pause block %d, detect %s, contain %s\n%s", sc, took.Round(time.Millisecond), r.ExploitBlock, r.PauseBlock, r.TimeToDetect, r.TimeToContain, w.String())
			if r.Failure != "" || !r.Detected || !r.Paused {
				t.Fatalf("demo failed: %+v", r)
			}
			if r.Status != incident.Contained {
				t.Errorf("incident %s is %s, want contained", r.IncidentID, r.Status)
			}
			artifacts := []string{"incident.json", "analysis.json", "postmortem.md", "postmortem.html", "obligations.md", "evidence.tar.gz"}
			if tr.mempool {
				if !r.Prevented || r.PauseBlock != r.ExploitBlock || len(r.Loss) > 0 {
					t.Errorf("not prevented: pause in block %d, exploit in %d, loss %v", r.PauseBlock, r.ExploitBlock, r.Loss)
				}
				if !strings.Contains(w.String(), "prevented") {
					t.Error("the summary does not say prevented")
				}
				if len(r.Protected) == 0 || !strings.Contains(w.String(), "value protected") {
					t.Errorf("value protected %v; the summary does not show it", r.Protected)
				}
				if pm, err := os.ReadFile(filepath.Join(out, "postmortem.md")); err != nil || !strings.Contains(string(pm), "Value protected") {
					t.Errorf("the post-mortem does not show the value protected (%v)", err)
				}
			} else {
				if r.Prevented || r.PauseBlock <= r.ExploitBlock || r.PauseBlock > r.ExploitBlock+1 {
					t.Errorf("pause in block %d, exploit in %d: want the next block", r.PauseBlock, r.ExploitBlock)
				}
				artifacts = append(artifacts, "distribution.json")
			}
			for _, a := range artifacts {
				if st, err := os.Stat(filepath.Join(out, a)); err != nil || st.Size() == 0 {
					t.Errorf("artifact %s: %v", a, err)
				}
			}
			if ents, _ := os.ReadDir(filepath.Join(out, "notifications")); len(ents) == 0 {
				t.Error("no notification saved")
			}

			// The incident record says contained.
			var rec incident.Record
			golden.ReadJSON(t, filepath.Join(out, "incident.json"), &rec)
			if rec.Incident.Status != incident.Contained {
				t.Errorf("incident.json status %s", rec.Incident.Status)
			}

			// The analysed loss equals the devnet's measurement, to the wei.
			var an forensics.Analysis
			golden.ReadJSON(t, filepath.Join(out, "analysis.json"), &an)
			if len(an.Loss) != len(r.Loss) {
				t.Errorf("analysis loss %v, devnet measured %v", an.Loss, r.Loss)
			}
			for _, l := range an.Loss {
				if want := r.Loss[l.Token]; want == nil || want.Cmp(l.Amount) != 0 {
					t.Errorf("loss of %s: analysis %s, devnet %v", l.Token.Hex(), l.Amount, want)
				}
			}

			// The post-mortem names the exploit and the pause.
			pm, err := os.ReadFile(filepath.Join(out, "postmortem.md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range []common.Hash{r.ExploitTx, r.PauseTx} {
				if !strings.Contains(strings.ToLower(string(pm)), strings.ToLower(h.Hex())) {
					t.Errorf("postmortem.md lacks tx %s", h.Hex())
				}
			}

			if tr.mempool {
				return // nothing lost, nothing to compensate
			}
			// The distribution verifies on-chain with OpenZeppelin's MerkleProof.
			data, err := os.ReadFile(filepath.Join(out, "distribution.json"))
			if err != nil {
				t.Fatal(err)
			}
			tree, err := recovery.LoadMerkleTree(data)
			if err != nil {
				t.Fatal(err)
			}
			if tree.Root() != r.Root {
				t.Fatalf("distribution root %s, demo said %s", tree.Root().Hex(), r.Root.Hex())
			}
			claimOnChain(t, tree)
		})
	}
}

// claimOnChain deploys the MerkleClaim contract with the tree's root on a
// fresh devnet, funds it with dUSD, and has every claimant claim their
// amount: each claim is checked by OpenZeppelin's MerkleProof in the contract.
func claimOnChain(t *testing.T, tree *recovery.MerkleTree) {
	dn := devnettest.Start(t)
	ctx := context.Background()
	ec := dn.Client()
	opts := bind.NewKeyedTransactor(dn.Keys().Deployer, dn.ChainID())
	dep := dn.Deployment()
	mc := bindings.NewMerkleClaim()
	addr, tx, err := bind.DeployContract(opts, common.FromHex(bindings.MerkleClaimMetaData.Bin), ec, mc.PackConstructor(dep.Stable, tree.Root()))
	if err != nil {
		t.Fatal(err)
	}
	mustMine(t, ec, tx.Hash())
	total := new(big.Int)
	for i := range tree.Len() {
		total.Add(total, tree.Claim(i).Amount)
	}
	stable := bindings.NewStableToken()
	tx, err = bind.Transact(stable.Instance(ec, dep.Stable), opts, stable.PackMint(addr, total))
	if err != nil {
		t.Fatal(err)
	}
	mustMine(t, ec, tx.Hash())
	claim := mc.Instance(ec, addr)
	for i := range tree.Len() {
		c := tree.Claim(i)
		var proof [][32]byte
		for _, h := range tree.Proof(i) {
			proof = append(proof, h)
		}
		tx, err := bind.Transact(claim, opts, mc.PackClaim(c.Account, c.Amount, proof))
		if err != nil {
			t.Fatalf("claim %d (%s): %v", i, c.Account.Hex(), err)
		}
		if rc := mustMine(t, ec, tx.Hash()); rc.Status != 1 {
			t.Fatalf("claim %d reverted", i)
		}
	}
	out, err := ec.CallContract(ctx, callMsg(dep.Stable, stable.PackBalanceOf(addr)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if left := new(big.Int).SetBytes(out); left.Sign() != 0 {
		t.Errorf("claim contract still holds %s after every claim", left)
	}
}
