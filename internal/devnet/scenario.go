package devnet

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
)

// Scenario names.
const (
	ScenarioReentrancy = "reentrancy"
	ScenarioOracle     = "oracle"
	ScenarioAccess     = "access"
)

// ErrUnknownScenario is returned for a scenario name that does not exist.
var ErrUnknownScenario = errors.New("unknown scenario")

// attackGas is the gas limit of every exploit transaction. It is fixed, not
// estimated, so that an exploit of a paused pool is still sent and mined
// (and reverts) the way a real attacker's would be.
const attackGas = 5_000_000

// Stakes and sizes of the attacks.
var (
	reentrancyStake = tokens(10) // ETH the reentrancy attacker parks first
)

type scenario struct {
	name        string
	description string
	contract    *bind.MetaData
	// call returns the exploit calldata and value for an attack contract.
	call func(ctx context.Context, d *Devnet, attack common.Address) ([]byte, *big.Int, error)
}

func scenarios() []scenario {
	return []scenario{
		{
			name:        ScenarioReentrancy,
			description: "re-enters LendingPool.withdrawAllETH from receive() and drains the pool's ETH",
			contract:    &bindings.ReentrancyAttackerMetaData,
			call: func(_ context.Context, d *Devnet, _ common.Address) ([]byte, *big.Int, error) {
				return d.abis.reentrancy.PackAttack(d.deploy.Pool), reentrancyStake, nil
			},
		},
		{
			name:        ScenarioOracle,
			description: "flash-borrows dUSD, pumps the AMM spot price of dCOL and borrows all the pool's dUSD",
			contract:    &bindings.OracleAttackerMetaData,
			call: func(ctx context.Context, d *Devnet, _ common.Address) ([]byte, *big.Int, error) {
				amount, err := d.oracleFlashAmount(ctx)
				if err != nil {
					return nil, nil, err
				}
				dep := d.deploy
				return d.abis.oracle.PackAttack(dep.FlashLender, dep.Pool, dep.AMM, amount), nil, nil
			},
		},
		{
			name:        ScenarioAccess,
			description: "calls the unprotected LendingPool.migrateReserves and takes all its dUSD and dCOL",
			contract:    &bindings.AccessAttackerMetaData,
			call: func(_ context.Context, d *Devnet, _ common.Address) ([]byte, *big.Int, error) {
				dep := d.deploy
				return d.abis.access.PackAttack(dep.Pool, []common.Address{dep.Stable, dep.Collateral}), nil, nil
			},
		},
	}
}

// Scenarios returns the names of the attack scenarios.
func Scenarios() []string {
	var names []string
	for _, s := range scenarios() {
		names = append(names, s.name)
	}
	return names
}

// ScenarioDescription describes a scenario in one line ("" if unknown).
func ScenarioDescription(name string) string {
	for _, s := range scenarios() {
		if s.name == name {
			return s.description
		}
	}
	return ""
}

// CheckScenario returns an error wrapping ErrUnknownScenario unless name is
// a scenario.
func CheckScenario(name string) error {
	if slices.Contains(Scenarios(), name) {
		return nil
	}
	return fmt.Errorf("%w %q: want one of %s", ErrUnknownScenario, name, strings.Join(Scenarios(), ", "))
}

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

// RunScenario deploys the scenario's attack contract from the attacker key
// and sends the exploit, then measures what moved. A reverted exploit is not
// an error: see ScenarioResult.Reverted. While it runs, benign traffic is
// held and drained, so that the exploit's block holds none of it and the
// balances before and after measure the exploit alone.
func (d *Devnet) RunScenario(ctx context.Context, name string) (ScenarioResult, error) {
	if err := CheckScenario(name); err != nil {
		return ScenarioResult{}, err
	}
	idx := slices.IndexFunc(scenarios(), func(s scenario) bool { return s.name == name })
	s := scenarios()[idx]

	if t := d.currentTraffic(); t != nil {
		release, err := t.hold(ctx)
		if err != nil {
			return ScenarioResult{}, fmt.Errorf("scenario %s: %w", name, err)
		}
		defer release()
	}

	attacker := d.keys.Attacker
	contract, err := d.deployContract(ctx, attacker, s.contract.ID, s.contract, nil)
	if err != nil {
		return ScenarioResult{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	data, value, err := s.call(ctx, d, contract)
	if err != nil {
		return ScenarioResult{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	opts := d.transactOpts(ctx, attacker)
	opts.GasLimit = attackGas
	opts.Value = value
	tx, err := bind.NewBoundContract(contract, d.abis.pool.GetABI(), d.client, d.client, d.client).RawTransact(opts, data)
	if err != nil {
		return ScenarioResult{}, fmt.Errorf("scenario %s: send the exploit: %w", name, err)
	}
	receipt, err := waitMined(ctx, d.client, tx.Hash())
	if err != nil {
		return ScenarioResult{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	res := ScenarioResult{
		Scenario:       name,
		Attacker:       Address(attacker),
		AttackContract: contract,
		Victim:         d.deploy.Pool,
		Tx:             tx.Hash(),
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

// oracleFlashAmount sizes the oracle attack's flash loan: ten times the
// AMM's dUSD reserve, which pumps the spot price far enough to borrow the
// whole pool with a fraction of the dCOL bought, within the lender's means.
func (d *Devnet) oracleFlashAmount(ctx context.Context) (*big.Int, error) {
	reserve, err := d.BalanceAt(ctx, d.deploy.Stable, d.deploy.AMM, nil)
	if err != nil {
		return nil, err
	}
	available, err := d.BalanceAt(ctx, d.deploy.Stable, d.deploy.FlashLender, nil)
	if err != nil {
		return nil, err
	}
	amount := new(big.Int).Mul(reserve, big.NewInt(10))
	if amount.Cmp(available) > 0 {
		amount = available
	}
	if amount.Sign() == 0 {
		return nil, errors.New("the flash lender holds no dUSD")
	}
	return amount, nil
}
