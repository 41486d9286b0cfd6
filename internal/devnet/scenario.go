package devnet

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/contracts/demo"
)

// Scenario names: those of package contracts/demo, which deploys the
// attack contracts and sends the exploits.
const (
	ScenarioReentrancy = demo.ScenarioReentrancy
	ScenarioOracle     = demo.ScenarioOracle
	ScenarioAccess     = demo.ScenarioAccess
)

// ErrUnknownScenario is returned for a scenario name that does not exist.
var ErrUnknownScenario = demo.ErrUnknownScenario

// Scenarios returns the names of the attack scenarios.
func Scenarios() []string { return demo.Scenarios() }

// ScenarioDescription describes a scenario in one line ("" if unknown).
func ScenarioDescription(name string) string { return demo.ScenarioDescription(name) }

// CheckScenario returns an error wrapping ErrUnknownScenario unless name is
// a scenario.
func CheckScenario(name string) error { return demo.CheckScenario(name) }

// AssetBalance is the balance of one asset of one account before and after
// the exploit transaction, read at the blocks before and of the exploit.
type AssetBalance struct {
	// Token is the ERC-20's address; the zero address stands for ETH.
	Token common.Address
	// Symbol is "ETH", "dUSD" or "dCOL".
	Symbol string
	Before *big.Int
	After  *big.Int
}

// Change is After - Before: negative for a loss.
func (b AssetBalance) Change() *big.Int { return new(big.Int).Sub(b.After, b.Before) }

// ScenarioResult is what one played scenario did.
type ScenarioResult struct {
	Scenario string
	// Attacker is the attacker's account (the exploit transaction's sender).
	Attacker common.Address
	// AttackContract is the attack contract the attacker deployed for it.
	AttackContract common.Address
	// Victim is the LendingPool.
	Victim common.Address
	// Tx is the exploit transaction and Block the block it was mined in.
	Tx    common.Hash
	Block uint64
	// Reverted is true when the exploit transaction reverted (for example
	// because the pool was paused); nothing then moved but the gas fee.
	Reverted bool
	// GasFee is what the attacker paid for the exploit transaction, in wei.
	GasFee *big.Int
	// VictimBalances and AttackerBalances are ETH, dUSD and dCOL of the
	// pool and of the attacker account, at Block-1 and Block. The
	// attacker's ETH includes GasFee.
	VictimBalances   []AssetBalance
	AttackerBalances []AssetBalance
}

// Loss returns the victim's loss per asset (Before - After), only for the
// assets it lost; the zero address stands for ETH.
func (r ScenarioResult) Loss() map[common.Address]*big.Int {
	loss := map[common.Address]*big.Int{}
	for _, b := range r.VictimBalances {
		if l := new(big.Int).Sub(b.Before, b.After); l.Sign() > 0 {
			loss[b.Token] = l
		}
	}
	return loss
}

// RunScenario plays the scenario with demo.RunScenario from the attacker
// key (with demo.DefaultScenarioParams) and measures what moved. A
// reverted exploit is not an error: see ScenarioResult.Reverted. While it
// runs, benign traffic is held and drained, so that the exploit's block
// holds none of it and the balances before and after measure the exploit
// alone.
func (d *Devnet) RunScenario(ctx context.Context, name string) (ScenarioResult, error) {
	if err := CheckScenario(name); err != nil {
		return ScenarioResult{}, err
	}
	if t := d.currentTraffic(); t != nil {
		release, err := t.hold(ctx)
		if err != nil {
			return ScenarioResult{}, fmt.Errorf("scenario %s: %w", name, err)
		}
		defer release()
	}

	attack, err := demo.RunScenario(ctx, d.client, d.protocol, name, d.transactOpts(ctx, d.keys.Attacker), demo.DefaultScenarioParams())
	if err != nil && (attack == nil || !errors.Is(err, demo.ErrReverted)) {
		return ScenarioResult{}, err
	}
	receipt := attack.Receipt
	res := ScenarioResult{
		Scenario:       name,
		Attacker:       attack.Attacker,
		AttackContract: attack.Contract,
		Victim:         d.deploy.Pool,
		Tx:             attack.Tx.Hash(),
		Block:          receipt.BlockNumber.Uint64(),
		Reverted:       receipt.Status != types.ReceiptStatusSuccessful,
		GasFee:         new(big.Int).Mul(new(big.Int).SetUint64(receipt.GasUsed), receipt.EffectiveGasPrice),
	}
	if res.VictimBalances, err = d.balancesAround(ctx, res.Victim, res.Block); err != nil {
		return ScenarioResult{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	if res.AttackerBalances, err = d.balancesAround(ctx, res.Attacker, res.Block); err != nil {
		return ScenarioResult{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	d.log.Info("scenario played", "scenario", name, "tx", res.Tx, "block", res.Block, "reverted", res.Reverted)
	return res, nil
}

// balancesAround reads ETH, dUSD and dCOL of account at block-1 and block.
func (d *Devnet) balancesAround(ctx context.Context, account common.Address, block uint64) ([]AssetBalance, error) {
	before := new(big.Int).SetUint64(block - 1)
	after := new(big.Int).SetUint64(block)
	var out []AssetBalance
	for _, asset := range []struct {
		token  common.Address
		symbol string
	}{{common.Address{}, "ETH"}, {d.deploy.Stable, "dUSD"}, {d.deploy.Collateral, "dCOL"}} {
		b := AssetBalance{Token: asset.token, Symbol: asset.symbol}
		var err error
		if b.Before, err = d.BalanceAt(ctx, asset.token, account, before); err != nil {
			return nil, err
		}
		if b.After, err = d.BalanceAt(ctx, asset.token, account, after); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// BalanceAt returns account's balance of token at block (nil: latest); the
// zero token address reads the ETH balance.
func (d *Devnet) BalanceAt(ctx context.Context, token, account common.Address, block *big.Int) (*big.Int, error) {
	if token == (common.Address{}) {
		bal, err := d.client.BalanceAt(ctx, account, block)
		if err != nil {
			return nil, fmt.Errorf("ETH balance of %s: %w", account, err)
		}
		return bal, nil
	}
	erc20 := d.abis.stable // any ERC-20 binding packs balanceOf the same way
	out, err := d.client.CallContract(ctx, callMsg(token, erc20.PackBalanceOf(account)), block)
	if err != nil {
		return nil, fmt.Errorf("balance of %s in token %s: %w", account, token, err)
	}
	bal, err := erc20.UnpackBalanceOf(out)
	if err != nil {
		return nil, fmt.Errorf("balance of %s in token %s: %w", account, token, err)
	}
	return bal, nil
}
