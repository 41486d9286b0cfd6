package devnet_test

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// assets are ETH, dUSD and dCOL.
func assets(dep devnet.Deployment) []common.Address {
	return []common.Address{{}, dep.Stable, dep.Collateral}
}

// balanceAt reads account's balance of token (zero: ETH) over c.
func balanceAt(t *testing.T, c *ethclient.Client, token, account common.Address, block uint64) *big.Int {
	t.Helper()
	n := new(big.Int).SetUint64(block)
	if token == (common.Address{}) {
		b, err := c.BalanceAt(context.Background(), account, n)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	erc20 := bindings.NewStableToken()
	out, err := c.CallContract(context.Background(), callMsg(token, erc20.PackBalanceOf(account)), n)
	if err != nil {
		t.Fatal(err)
	}
	b, err := erc20.UnpackBalanceOf(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// change is account's balance change of token over block (block-1 → block).
func change(t *testing.T, c *ethclient.Client, token, account common.Address, block uint64) *big.Int {
	t.Helper()
	return new(big.Int).Sub(balanceAt(t, c, token, account, block), balanceAt(t, c, token, account, block-1))
}

func TestScenarios(t *testing.T) {
	for _, name := range devnet.Scenarios() {
		t.Run(name+"/unpaused", func(t *testing.T) { testScenarioUnpaused(t, name) })
		t.Run(name+"/paused", func(t *testing.T) { testScenarioPaused(t, name) })
	}
}

func testScenarioUnpaused(t *testing.T, name string) {
	ctx := context.Background()
	d := devnettest.Start(t)
	c := devnettest.Dial(t, d.HTTPURL())
	dep := d.Deployment()

	res, err := d.RunScenario(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reverted {
		t.Fatalf("exploit %s reverted on an unpaused pool", res.Tx)
	}
	if res.Victim != dep.Pool || res.Attacker != dep.Attacker || res.Scenario != name {
		t.Fatalf("result names victim %s, attacker %s, scenario %s", res.Victim, res.Attacker, res.Scenario)
	}
	receipt := waitReceipt(t, c, res.Tx)
	if receipt.BlockNumber.Uint64() != res.Block {
		t.Fatalf("result block %d, receipt block %d", res.Block, receipt.BlockNumber)
	}
	tx, _, err := c.TransactionByHash(ctx, res.Tx)
	if err != nil {
		t.Fatal(err)
	}
	if *tx.To() != res.AttackContract {
		t.Fatalf("exploit sent to %s, want the attack contract %s", tx.To(), res.AttackContract)
	}
	fee := new(big.Int).Mul(new(big.Int).SetUint64(receipt.GasUsed), receipt.EffectiveGasPrice)
	if fee.Cmp(res.GasFee) != 0 {
		t.Fatalf("gas fee %s, receipt says %s", res.GasFee, fee)
	}

	// The result's balances are the chain's, before and after the block.
	checkBalances(t, c, res.VictimBalances, dep.Pool, res.Block)
	checkBalances(t, c, res.AttackerBalances, dep.Attacker, res.Block)

	// What the victim lost, the attacker gained, exactly (ETH net of gas).
	loss := res.Loss()
	if len(loss) == 0 {
		t.Fatal("the victim lost nothing")
	}
	gain := func(token common.Address) *big.Int { return change(t, c, token, dep.Attacker, res.Block) }
	switch name {
	case devnet.ScenarioReentrancy:
		lost := loss[common.Address{}]
		if lost == nil || lost.Cmp(ether(100)) < 0 {
			t.Fatalf("pool lost %v ETH, want at least the users' 100 ETH", lost)
		}
		if left := balanceAt(t, c, common.Address{}, dep.Pool, res.Block); left.Cmp(ether(10)) >= 0 {
			t.Fatalf("pool keeps %s wei, want less than the attacker's stake", left)
		}
		if want := new(big.Int).Sub(lost, fee); gain(common.Address{}).Cmp(want) != 0 {
			t.Fatalf("attacker ETH change %s, want loss - fee = %s", gain(common.Address{}), want)
		}
		if len(loss) != 1 {
			t.Fatalf("loss %v, want ETH only", loss)
		}
	case devnet.ScenarioOracle:
		lost := loss[dep.Stable]
		if lost == nil || balanceAt(t, c, dep.Stable, dep.Pool, res.Block).Sign() != 0 {
			t.Fatalf("pool lost %v dUSD and keeps %s, want all its dUSD gone", lost, balanceAt(t, c, dep.Stable, dep.Pool, res.Block))
		}
		// dUSD is conserved: the pool's loss went to the attacker, the AMM
		// and the flash lender's fee.
		sum := new(big.Int).Neg(lost)
		for _, a := range []common.Address{dep.Attacker, dep.AMM, dep.FlashLender, res.AttackContract} {
			sum.Add(sum, change(t, c, dep.Stable, a, res.Block))
		}
		if sum.Sign() != 0 {
			t.Fatalf("dUSD not conserved: %s unaccounted", sum)
		}
		if gain(dep.Stable).Sign() <= 0 {
			t.Fatalf("attacker dUSD change %s, want a profit", gain(dep.Stable))
		}
		if gain(common.Address{}).Cmp(new(big.Int).Neg(fee)) != 0 {
			t.Fatalf("attacker ETH change %s, want -fee", gain(common.Address{}))
		}
	case devnet.ScenarioAccess:
		for _, token := range []common.Address{dep.Stable, dep.Collateral} {
			if loss[token] == nil || gain(token).Cmp(loss[token]) != 0 {
				t.Fatalf("token %s: pool lost %v, attacker gained %s; want equal and positive", token, loss[token], gain(token))
			}
			if left := balanceAt(t, c, token, dep.Pool, res.Block); left.Sign() != 0 {
				t.Fatalf("pool keeps %s of %s", left, token)
			}
		}
	}

	// eth_getLogs finds the exploit's events (the devnet keeps no log index).
	logs, err := c.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: receipt.BlockNumber, ToBlock: receipt.BlockNumber, Addresses: []common.Address{dep.Pool}})
	if err != nil {
		t.Fatal(err)
	}
	var poolLogs int
	for _, l := range receipt.Logs {
		if l.Address == dep.Pool {
			poolLogs++
		}
	}
	if len(logs) != poolLogs || poolLogs == 0 {
		t.Fatalf("eth_getLogs found %d pool logs in block %d, the receipt has %d", len(logs), res.Block, poolLogs)
	}

	// The call tree shows the exploit's nested calls.
	checkTrace(t, c.Client(), name, res, dep)
}

func checkBalances(t *testing.T, c *ethclient.Client, got []devnet.AssetBalance, account common.Address, block uint64) {
	t.Helper()
	if len(got) != 3 {
		t.Fatalf("%d balances, want ETH, dUSD and dCOL", len(got))
	}
	for _, b := range got {
		before, after := balanceAt(t, c, b.Token, account, block-1), balanceAt(t, c, b.Token, account, block)
		if b.Before.Cmp(before) != 0 || b.After.Cmp(after) != 0 {
			t.Fatalf("%s of %s: result %s -> %s, chain %s -> %s", b.Symbol, account, b.Before, b.After, before, after)
		}
	}
}

func checkTrace(t *testing.T, c *rpc.Client, name string, res devnet.ScenarioResult, dep devnet.Deployment) {
	t.Helper()
	top := traceCalls(t, c, res.Tx)
	if top.To != res.AttackContract || top.From != dep.Attacker {
		t.Fatalf("top frame %s -> %s, want attacker -> attack contract", top.From, top.To)
	}
	pool := bindings.NewLendingPool()
	selector := func(data []byte) []byte { return data[:4] }
	count := func(to common.Address, sel []byte, nestedInPool bool) int {
		n := 0
		walk(top, nil, func(f callFrame, ancestors []callFrame) {
			if f.To != to || len(f.Input) < 4 || !bytes.Equal(f.Input[:4], sel) {
				return
			}
			if nestedInPool {
				inPool := false
				for _, a := range ancestors {
					inPool = inPool || a.To == dep.Pool
				}
				if !inPool {
					return
				}
			}
			n++
		})
		return n
	}
	switch name {
	case devnet.ScenarioReentrancy:
		// withdrawAllETH re-entered from inside a pool frame, many times.
		withdraw := selector(pool.PackWithdrawAllETH())
		if n := count(dep.Pool, withdraw, true); n < 5 {
			t.Fatalf("%d re-entered withdrawAllETH frames inside a pool frame, want at least 5", n)
		}
		if n := count(dep.Pool, selector(pool.PackDepositETH()), false); n != 1 {
			t.Fatalf("%d depositETH frames, want 1", n)
		}
	case devnet.ScenarioOracle:
		lender := bindings.NewFlashLender()
		amm := bindings.NewSimpleAMM()
		if n := count(dep.FlashLender, selector(lender.PackFlashLoan(common.Address{}, common.Address{}, big.NewInt(0), nil)), false); n != 1 {
			t.Fatalf("%d flashLoan frames, want 1", n)
		}
		if n := count(dep.AMM, selector(amm.PackSwap(common.Address{}, big.NewInt(0), big.NewInt(0), common.Address{})), false); n != 2 {
			t.Fatalf("%d AMM swap frames, want 2 (pump and dump)", n)
		}
		if n := count(dep.Pool, selector(pool.PackBorrow(big.NewInt(0))), false); n != 1 {
			t.Fatalf("%d borrow frames, want 1", n)
		}
		// The pool reads the manipulated price from the AMM inside borrow.
		if n := count(dep.AMM, selector(amm.PackSpotPrice()), true); n == 0 {
			t.Fatal("no spotPrice read from inside a pool frame")
		}
	case devnet.ScenarioAccess:
		if n := count(dep.Pool, selector(pool.PackMigrateReserves(common.Address{}, common.Address{})), false); n != 2 {
			t.Fatalf("%d migrateReserves frames, want 2 (dUSD and dCOL)", n)
		}
	}
}

func testScenarioPaused(t *testing.T, name string) {
	ctx := context.Background()
	d := devnettest.Start(t)
	c := devnettest.Dial(t, d.HTTPURL())
	dep := d.Deployment()
	pool := bindings.NewLendingPool()

	if r := sendTx(t, c, d.Keys().Guardian, dep.Pool, pool.PackPause(), 100_000); r.Status != 1 {
		t.Fatal("the guardian could not pause the pool")
	}
	res, err := d.RunScenario(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Reverted {
		t.Fatalf("exploit %s succeeded on a paused pool", res.Tx)
	}
	receipt := waitReceipt(t, c, res.Tx)
	if receipt.Status != 0 {
		t.Fatal("receipt says the exploit succeeded")
	}
	checkBalances(t, c, res.VictimBalances, dep.Pool, res.Block)
	checkBalances(t, c, res.AttackerBalances, dep.Attacker, res.Block)
	if loss := res.Loss(); len(loss) != 0 {
		t.Fatalf("a paused pool lost %v", loss)
	}
	for _, token := range assets(dep) {
		if ch := change(t, c, token, dep.Pool, res.Block); ch.Sign() != 0 {
			t.Fatalf("pool balance of %s changed by %s", token, ch)
		}
		want := new(big.Int)
		if token == (common.Address{}) {
			want.Neg(res.GasFee)
		}
		if ch := change(t, c, token, dep.Attacker, res.Block); ch.Cmp(want) != 0 {
			t.Fatalf("attacker balance of %s changed by %s, want %s", token, ch, want)
		}
	}
	top := traceCalls(t, c.Client(), res.Tx)
	if top.Error == "" {
		t.Fatal("trace of the reverted exploit shows no error")
	}
}

func TestRunScenarioUnknown(t *testing.T) {
	d := devnettest.Start(t)
	_, err := d.RunScenario(context.Background(), "rugpull")
	if !errors.Is(err, devnet.ErrUnknownScenario) {
		t.Fatalf("err = %v, want ErrUnknownScenario", err)
	}
}
