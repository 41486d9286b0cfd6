package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestAnalyzeAndTraceReadThroughTheClient: analyze tx and trace funds
// read the node through chain.Client (raw calls with failover included)
// and give the node's facts: the transfer's hash, and the funds that left.
func TestAnalyzeAndTraceReadThroughTheClient(t *testing.T) {
	d := devnettest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	key := d.Keys().Users[0]
	from := devnet.Address(key)
	to := common.HexToAddress("0x000000000000000000000000000000000000bEEF")
	nonce, err := d.Client().PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(d.ChainID()), &types.DynamicFeeTx{
		ChainID: d.ChainID(), Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11), Gas: 21000, To: &to, Value: big.NewInt(12345),
	})
	if err := d.Client().SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	var block uint64
	for {
		r, err := d.Client().TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			block = r.BlockNumber.Uint64()
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("transfer not mined")
		case <-time.After(20 * time.Millisecond):
		}
	}

	code, stdout, stderr := runCLI(t, "analyze", "tx", tx.Hash().Hex(), "--rpc", d.HTTPURL(), "--json", "--recent-blocks", "0")
	if code != 0 {
		t.Fatalf("analyze tx: exit %d: %s", code, stderr)
	}
	if !strings.Contains(strings.ToLower(stdout), strings.ToLower(tx.Hash().Hex())) || !strings.Contains(stdout, "12345") {
		t.Fatalf("analysis lacks the transfer:\n%s", stdout)
	}
	code, stdout, stderr = runCLI(t, "trace", "funds", from.Hex(), "--rpc", d.HTTPURL(), "--from-block", itoa(block), "--to-block", itoa(block), "--format", "json")
	if code != 0 {
		t.Fatalf("trace funds: exit %d: %s", code, stderr)
	}
	if !strings.Contains(strings.ToLower(stdout), strings.ToLower(to.Hex())) || !strings.Contains(stdout, "12345") {
		t.Fatalf("trace lacks the transfer to %s:\n%s", to.Hex(), stdout)
	}
	code, _, stderr = runCLI(t, "analyze", "tx", tx.Hash().Hex(), "--rpc", "ftp://127.0.0.1:1")
	if code == 0 || !strings.Contains(stderr, "--rpc") {
		t.Fatalf("bad --rpc: exit %d: %s", code, stderr)
	}
}

// TestAnalyzeAttackOfSeveralTransactions: two exploits of the devnet's
// pool analysed as one attack, by --txs, by several hashes, and by the
// incident their alerts joined: the loss is the pool's net loss over both,
// to the wei of the devnet's own balances, with a step for each.
func TestAnalyzeAttackOfSeveralTransactions(t *testing.T) {
	d := devnettest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var results []devnet.ScenarioResult
	for _, name := range []string{devnet.ScenarioReentrancy, devnet.ScenarioAccess} {
		res, err := d.RunScenario(ctx, name)
		if err != nil || res.Reverted {
			t.Fatalf("%s: %v (reverted %v)", name, err, res.Reverted)
		}
		results = append(results, res)
	}
	want := map[string]*big.Int{}
	for _, res := range results {
		for tok, l := range res.Loss() {
			if want[tok.Hex()] == nil {
				want[tok.Hex()] = new(big.Int)
			}
			want[tok.Hex()].Add(want[tok.Hex()], l)
		}
	}
	h1, h2 := results[0].Tx.Hex(), results[1].Tx.Hex()

	// An incident whose alerts name the two exploits.
	dir := t.TempDir()
	p, err := plan.Parse(filepath.Join(dir, "plan.yaml"), plan.Scaffold())
	if err != nil {
		t.Fatal(err)
	}
	a, dsn := sqliteApp(t, p, dir)
	s := a.Store
	var id string
	err = s.Tx(ctx, func(tx store.Tx) error {
		var alerts []store.Alert
		for _, res := range results {
			al := storetest.Alert(res.Block, 0, "reentrancy")
			al.TxHash = res.Tx.Hex()
			stored, _, err := tx.InsertAlert(ctx, al)
			if err != nil {
				return err
			}
			alerts = append(alerts, stored)
		}
		out, err := a.Incidents.Ingest(ctx, tx, alerts)
		if err == nil {
			id = out[0].IncidentID
			if out[1].IncidentID != id {
				err = fmt.Errorf("the alerts opened two incidents: %+v", out)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{
		{"analyze", "--txs", h2 + "," + h1},
		{"analyze", "tx", h1, h2},
		{"analyze", "--incident", id, "--db", dsn},
	} {
		code, stdout, stderr := runCLI(t, append(args, "--rpc", d.HTTPURL(), "--json")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var m struct {
			Txs   []string          `json:"txs"`
			Loss  map[string]string `json:"loss"`
			Steps []struct {
				Tx string `json:"tx"`
			} `json:"steps"`
			Unexplained map[string]string `json:"unexplained"`
		}
		if err := json.Unmarshal([]byte(stdout), &m); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stdout)
		}
		if len(m.Steps) != 2 || m.Steps[0].Tx != h1 || m.Steps[1].Tx != h2 {
			t.Errorf("%v: steps %v", args, m.Steps)
		}
		if len(m.Loss) != len(want) {
			t.Errorf("%v: loss %v, want %v", args, m.Loss, want)
		}
		for tok, l := range want {
			if m.Loss[tok] != l.String() {
				t.Errorf("%v: loss[%s] = %s, want %s (the devnet's balances)", args, tok, m.Loss[tok], l)
			}
		}
		if len(m.Unexplained) != 0 {
			t.Errorf("%v: unexplained %v", args, m.Unexplained)
		}
		// compensate reads the attack's balance changes as it reads one
		// transaction's.
		losses := filepath.Join(dir, "attack.json")
		if err := os.WriteFile(losses, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr = runCLI(t, "compensate", "--losses", losses, "--token", "0x0000000000000000000000000000000000000000", "--policy", "full", "--out", filepath.Join(dir, "dist.json"))
		if code != 0 {
			t.Errorf("compensate --losses <attack>: exit %d: %s", code, stderr)
		}
	}
}

// sqliteApp opens the app of p on a new SQLite store, bg.db in dir, both
// closed when the test ends, and returns it with the store's --db URL.
func sqliteApp(t *testing.T, p *plan.Plan, dir string) (*app.App, string) {
	t.Helper()
	path := filepath.Join(dir, "bg.db")
	s := storetest.OpenSQLite(t, path, store.Options{})
	a, err := app.New(p, s, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, "sqlite:" + path
}
