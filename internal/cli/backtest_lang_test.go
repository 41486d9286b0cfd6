package cli

import (
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// langDetectors are written into the devnet's plan: the bank's solvency
// (the pool's native balance covers what it owes its ETH depositors), an
// exit by someone not known as a whale (accounts, constants), and a big
// dUSD withdrawal counted in the token's own units.
const langDetectors = `  - name: pool-eth-solvent
    kind: invariant
    contract: pool
    holds: balance(contracts.pool) >= contracts.pool.totalEthDeposits()
    severity: critical
    incident_type: exploit
    response: [pause]
  - name: pool-unknown-eth-exit
    kind: event
    contract: pool
    signature: WithdrawETH(address indexed user, uint256 amount)
    condition: amount > big_exit && not (user in accounts.whales)
    severity: high
  - name: pool-big-dusd-withdraw
    kind: event
    contract: pool
    signature: Withdraw(address indexed user, uint256 amount)
    condition: amount > 5000 dusd
    severity: high
  - name: pool-loan-and-outflow
    kind: transaction
    condition: any(tx.events, .name == "FlashLoan") && any(tx.events, .name == "Transfer" && .args.from == contracts.pool && .args.value > 10000 dusd)
    severity: critical
  - name: amm-price-moved
    kind: invariant
    contract: amm
    holds: change(contracts.amm.spotPrice(), 3 blocks) < 8% && change(contracts.amm.spotPrice(), 3 blocks) > -8%
    severity: high
  - name: amm-big-swap
    kind: event
    contract: amm
    signature: Swap(address indexed sender, address indexed tokenIn, uint256 amountIn, uint256 amountOut, address indexed to)
    condition: tokenIn == contracts.dusd && amountIn > 5% of balance(contracts.amm, contracts.dusd) || tokenIn == contracts.dcol && amountIn > 5% of balance(contracts.amm, contracts.dcol)
    severity: high
  - name: pool-loan-drain-dusd
    kind: heuristic
    heuristic: flash-loan-outflow
    contract: pool
    params: {min_outflow: 10000 dusd}
    severity: critical
  - name: whale-deposit
    kind: transaction
    contract: pool
    condition: tx.selector == selector("depositETH()") && tx.from in accounts.whales && tx.value >= 1000 ether
    severity: low
  - name: pool-eth-falling
    kind: invariant
    contract: pool
    holds: change(balance(contracts.pool), 1 block) > -80%
    severity: high
`

// TestBacktestPlanLanguage: on the devnet, a whale parks 2,000 ETH in the
// pool and leaves with it; then the reentrancy exploit drains the pool.
// The plan's solvency invariant (written with a native balance and a view
// call) stays quiet on the whale's exit and fires on the drain, where the
// plain balance-drop detector fires on both; the backtest scores it
// against labels.
func TestBacktestPlanLanguage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dn := devnettest.Start(t)
	d := dn.Deployment()
	dir := t.TempDir()
	whale := d.Users[0]
	planPath := writeDevnetPlanWith(t, dn, dir, langDetectors, `
accounts:
  whales: ["`+whale.Hex()+`"]
constants:
  big_exit: 50 ether
`)
	if code, out, errOut := runCLI(t, "plan", "check", planPath); code != 0 {
		t.Fatalf("plan check: %d %s %s", code, out, errOut)
	}
	from := d.Block

	// the whale comes and goes
	pool := bindings.NewLendingPool()
	send := func(value *big.Int, data []byte) *types.Receipt {
		t.Helper()
		opts := bind.NewKeyedTransactor(dn.Keys().Users[0], dn.ChainID())
		opts.Context, opts.Value = ctx, value
		c := bind.NewBoundContract(d.Pool, abi.ABI{}, dn.Client(), dn.Client(), dn.Client())
		tx, err := c.RawTransact(opts, data)
		if err != nil {
			t.Fatal(err)
		}
		r, err := demo.WaitMined(ctx, dn.Client(), tx.Hash())
		if err != nil || r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("whale tx: %v %+v", err, r)
		}
		return r
	}
	deposit := send(demo.Ether(2000), pool.PackDepositETH())
	exit := send(nil, pool.PackWithdrawAllETH())
	// and takes back the 10,000 dUSD it lent
	dusdExit := send(nil, pool.PackWithdraw(demo.Ether(10_000)))

	res, err := dn.RunScenario(ctx, devnet.ScenarioReentrancy)
	if err != nil {
		t.Fatal(err)
	}
	// then the oracle exploit: a flash loan, and the pool's dUSD lent out
	// in the same transaction (unlabelled)
	oracle, err := dn.RunScenario(ctx, devnet.ScenarioOracle)
	if err != nil {
		t.Fatal(err)
	}
	labels := filepath.Join(dir, "labels.yaml")
	if err := os.WriteFile(labels, []byte("# the exploit, and the whale's exit\nbad: ["+res.Tx.Hex()+"]\ngood:\n  - "+exit.TxHash.Hex()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "backtest", "--plan", planPath, "--from", itoa(from), "--to", itoa(oracle.Block), "--labels", labels, "--json")
	if code != 0 {
		t.Fatalf("backtest: exit %d: %s", code, errOut)
	}
	var got struct {
		Alerts []struct {
			Detector    string         `json:"detector"`
			BlockNumber uint64         `json:"block_number"`
			Fields      map[string]any `json:"fields"`
		} `json:"alerts"`
		Score struct {
			Detectors []struct {
				Detector       string `json:"detector"`
				TruePositives  int    `json:"true_positives"`
				FalsePositives int    `json:"false_positives"`
				Missed         int    `json:"missed"`
				Degraded       int    `json:"degraded"`
			} `json:"detectors"`
			MissedByAll []common.Hash `json:"missed_by_all"`
		} `json:"score"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	score := map[string][3]int{}
	for _, s := range got.Score.Detectors {
		score[s.Detector] = [3]int{s.TruePositives, s.FalsePositives, s.Missed}
		if s.Degraded != 0 {
			t.Errorf("%s degraded %d times", s.Detector, s.Degraded)
		}
	}
	t.Logf("scores (true+, false+, missed): %v", score)
	for det, want := range map[string][3]int{
		"pool-eth-solvent":      {1, 0, 0}, // fires only when broken
		"pool-eth-drained":      {0, 1, 1}, // the plain balance drop: fooled by the whale, then silent (cooldown)
		"pool-unknown-eth-exit": {0, 0, 1}, // the whale is known
		"pool-loan-and-outflow": {0, 0, 1}, // not that exploit: no flash loan
		"amm-price-moved":       {0, 0, 1},
		"pool-loan-drain-dusd":  {0, 0, 1},
		"pool-eth-falling":      {1, 1, 0}, // a relative change cannot tell them apart either
	} {
		if score[det] != want {
			t.Errorf("%s: (true+, false+, missed) = %v, want %v", det, score[det], want)
		}
	}
	if len(got.Score.MissedByAll) != 0 {
		t.Errorf("missed by all: %v", got.Score.MissedByAll)
	}
	dusd, loans, deposits := 0, 0, 0
	// the oracle exploit, unlabelled: a price moved, a swap bigger than 5%
	// of the pool's reserves, a flash loan draining more than 10,000 dUSD
	oracleAlerts := map[string]bool{}
	for _, a := range got.Alerts {
		switch a.Detector {
		case "whale-deposit":
			deposits++
			if a.BlockNumber != deposit.BlockNumber.Uint64() {
				t.Errorf("whale-deposit at block %d, want %d", a.BlockNumber, deposit.BlockNumber)
			}
		case "amm-price-moved", "amm-big-swap", "pool-loan-drain-dusd":
			if a.BlockNumber != oracle.Block {
				t.Errorf("%s at block %d, want only the oracle exploit's (%d): %v", a.Detector, a.BlockNumber, oracle.Block, a.Fields)
			}
			oracleAlerts[a.Detector] = true
		}
		if a.Detector == "pool-loan-and-outflow" {
			loans++
			if a.BlockNumber != oracle.Block {
				t.Errorf("loan-and-outflow alert %+v, want it at the oracle exploit's block %d", a, oracle.Block)
			}
		}
		if a.Detector == "pool-eth-solvent" {
			if a.BlockNumber != res.Block || a.Fields["balance(pool)"] == nil || a.Fields["pool.totalEthDeposits()"] == nil {
				t.Errorf("solvency alert %+v, want one at the exploit's block %d with both reads", a, res.Block)
			}
		}
		if a.Detector == "pool-big-dusd-withdraw" {
			dusd++
			if a.BlockNumber != dusdExit.BlockNumber.Uint64() {
				t.Errorf("dUSD alert %+v, want it at the whale's dUSD exit (block %d)", a, dusdExit.BlockNumber)
			}
		}
	}
	if deposits != 1 {
		t.Errorf("%d whale deposits seen by selector, want 1", deposits)
	}
	if len(oracleAlerts) != 3 {
		t.Errorf("oracle exploit: %v, want amm-price-moved, amm-big-swap and pool-loan-drain-dusd", oracleAlerts)
	}
	if loans != 1 {
		t.Errorf("%d alerts relating a flash loan to the pool's outflow, want 1 (the oracle exploit)", loans)
	}
	if dusd != 1 {
		t.Errorf("%d alerts of 10,000 dUSD > 5000 dusd (the token's decimals read from the chain), want 1", dusd)
	}
	// the text form has the score table
	code, out, _ = runCLI(t, "backtest", "--plan", planPath, "--from", itoa(from), "--to", itoa(oracle.Block), "--labels", labels)
	if code != 0 || !strings.Contains(out, "TRUE+") || !strings.Contains(out, "0 of 1 labelled attack(s) missed") {
		t.Fatalf("text output: %d %s", code, out)
	}
	// labels outside the range are refused
	code, _, errOut = runCLI(t, "backtest", "--plan", planPath, "--from", itoa(from), "--to", itoa(exit.BlockNumber.Uint64()-1), "--labels", labels)
	if code == 0 || !strings.Contains(errOut, "outside --from") {
		t.Fatalf("label outside the range: exit %d: %s", code, errOut)
	}
}

// writeDevnetPlanWith writes dn's plan to plan.yaml in dir with detectors
// put first under its detectors: and tail appended to it, and returns the
// plan's path.
func writeDevnetPlanWith(t testing.TB, dn *devnet.Devnet, dir, detectors, tail string) string {
	t.Helper()
	return devnettest.WritePlan(t, dn, dir, func(src string) string {
		return strings.Replace(src, "\ndetectors:\n", "\ndetectors:\n"+detectors, 1) + tail
	})
}
