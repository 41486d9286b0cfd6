package demo

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

// The attack scenarios, one per deliberate bug of the LendingPool.
const (
	// ScenarioReentrancy re-enters LendingPool.withdrawAllETH from the
	// attacker contract's receive() and drains the pool's ETH.
	ScenarioReentrancy = "reentrancy"
	// ScenarioOracle flash-borrows dUSD, pumps dCOL's AMM spot price, and
	// borrows all of the pool's dUSD against a little dCOL.
	ScenarioOracle = "oracle"
	// ScenarioAccess calls the unprotected LendingPool.migrateReserves and
	// moves all of the pool's dUSD and dCOL to the attacker.
	ScenarioAccess = "access"
)

// scenarioDescriptions describes each scenario in one line, in the order
// of Scenarios.
var scenarioDescriptions = []struct{ name, description string }{
	{ScenarioReentrancy, "re-enters LendingPool.withdrawAllETH from receive() and drains the pool's ETH"},
	{ScenarioOracle, "flash-borrows dUSD, pumps the AMM spot price of dCOL and borrows all the pool's dUSD"},
	{ScenarioAccess, "calls the unprotected LendingPool.migrateReserves and takes all its dUSD and dCOL"},
}

// Scenarios lists the scenario names RunScenario accepts.
func Scenarios() []string {
	names := make([]string, len(scenarioDescriptions))
	for i, s := range scenarioDescriptions {
		names[i] = s.name
	}
	return names
}

// ScenarioDescription describes a scenario in one line ("" if unknown).
func ScenarioDescription(name string) string {
	for _, s := range scenarioDescriptions {
		if s.name == name {
			return s.description
		}
	}
	return ""
}

// ErrUnknownScenario is returned for a name not in Scenarios.
var ErrUnknownScenario = errors.New("unknown scenario")

// CheckScenario returns an error wrapping ErrUnknownScenario unless name is
// one of Scenarios.
func CheckScenario(name string) error {
	if slices.Contains(Scenarios(), name) {
		return nil
	}
	return fmt.Errorf("%w %q: want one of %s", ErrUnknownScenario, name, strings.Join(Scenarios(), ", "))
}

// AttackGasLimit is the fixed gas limit of every attack transaction. Gas is
// not estimated so that an attack that fails (e.g. on a paused pool) is
// still mined, as a reverted transaction, like a real attacker's would be.
const AttackGasLimit = 5_000_000

// ScenarioParams are the exploit amounts.
type ScenarioParams struct {
	// ReentrancyStake is the ETH the reentrancy attacker parks and then
	// withdraws again on every re-entry. The attacker EOA pays it.
	ReentrancyStake *big.Int
	// OracleFlashAmount is the dUSD flash-borrowed to pump the price; nil
	// means ten times the AMM's dUSD reserve, capped by what the lender has.
	OracleFlashAmount *big.Int
}

// ReentrancyStake is the default reentrancy stake: 10 ETH. The attacker is
// paid the stake once per (re-)entry while the pool holds at least that
// much, so it takes the pool's ETH in a handful of re-entries (ten on the
// devnet's 100 ETH of user deposits) and leaves less than the stake behind.
func ReentrancyStake() *big.Int { return Ether(10) }

// DefaultScenarioParams returns the ReentrancyStake and an automatic
// flash-loan size. Every player of the scenarios (the devnet, the demo, the
// tests) uses these.
func DefaultScenarioParams() ScenarioParams {
	return ScenarioParams{ReentrancyStake: ReentrancyStake()}
}

// Attack is an attack that was run.
type Attack struct {
	// Scenario is the scenario name.
	Scenario string
	// Attacker is the EOA that deployed the attacker contract, sent the
	// attack and received the loot.
	Attacker common.Address
	// Contract is the attacker contract.
	Contract common.Address
	// DeployTx is the attacker contract's creation transaction.
	DeployTx common.Hash
	// Tx is the attack transaction and Receipt its receipt.
	Tx      *types.Transaction
	Receipt *types.Receipt
}

// RunScenario deploys the named scenario's attacker contract from attacker,
// waits for it, then sends its single attack transaction and waits for it to
// be mined. The loot ends at attacker.From. If the attack transaction
// reverts (e.g. the pool is paused), the returned Attack is complete and the
// error wraps ErrReverted.
func RunScenario(ctx context.Context, b Backend, p *Protocol, name string, attacker *bind.TransactOpts, sp ScenarioParams) (*Attack, error) {
	s, err := newSender(ctx, b, attacker)
	if err != nil {
		return nil, err
	}
	var (
		bin  string
		data []byte
		val  *big.Int
		inst func(common.Address) *bind.BoundContract
	)
	if err := CheckScenario(name); err != nil {
		return nil, err
	}
	switch name {
	case ScenarioReentrancy:
		stake := sp.ReentrancyStake
		if stake == nil || stake.Sign() <= 0 {
			return nil, fmt.Errorf("scenario %s: the stake must be positive", name)
		}
		a := bindings.NewReentrancyAttacker()
		bin, data, val = bindings.ReentrancyAttackerMetaData.Bin, a.PackAttack(p.LendingPool), stake
		inst = func(addr common.Address) *bind.BoundContract { return a.Instance(b, addr) }
	case ScenarioOracle:
		amount := sp.OracleFlashAmount
		if amount == nil {
			if amount, err = oracleFlashAmount(ctx, b, p); err != nil {
				return nil, fmt.Errorf("scenario %s: %w", name, err)
			}
		}
		a := bindings.NewOracleAttacker()
		bin, data = bindings.OracleAttackerMetaData.Bin, a.PackAttack(p.FlashLender, p.LendingPool, p.AMM, amount)
		inst = func(addr common.Address) *bind.BoundContract { return a.Instance(b, addr) }
	case ScenarioAccess:
		a := bindings.NewAccessAttacker()
		bin, data = bindings.AccessAttackerMetaData.Bin,
			a.PackAttack(p.LendingPool, []common.Address{p.StableToken, p.CollateralToken})
		inst = func(addr common.Address) *bind.BoundContract { return a.Instance(b, addr) }
	}

	contract := s.deploy("deploy attacker contract for "+name, bin, nil)
	receipts, err := s.wait()
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, err)
	}
	out := &Attack{Scenario: name, Attacker: attacker.From, Contract: contract, DeployTx: receipts[0].TxHash}

	out.Tx = s.send("attack", inst(contract), data, val, AttackGasLimit)
	if s.err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, s.err)
	}
	s.pending = nil
	r, err := WaitMined(ctx, b, out.Tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("scenario %s: attack: %w", name, err)
	}
	out.Receipt = r
	if r.Status != types.ReceiptStatusSuccessful {
		return out, fmt.Errorf("scenario %s: attack tx %s: %w", name, out.Tx.Hash().Hex(), ErrReverted)
	}
	return out, nil
}

// oracleFlashAmount is ten times the AMM's dUSD reserve, capped by the
// lender's dUSD: enough to lift the dCOL spot price about a hundredfold.
func oracleFlashAmount(ctx context.Context, b Backend, p *Protocol) (*big.Int, error) {
	amm := bindings.NewSimpleAMM()
	reserve, err := bind.Call(amm.Instance(b, p.AMM), &bind.CallOpts{Context: ctx}, amm.PackReserve1(), amm.UnpackReserve1)
	if err != nil {
		return nil, fmt.Errorf("read AMM dUSD reserve: %w", err)
	}
	lender := bindings.NewFlashLender()
	available, err := bind.Call(lender.Instance(b, p.FlashLender), &bind.CallOpts{Context: ctx},
		lender.PackMaxFlashLoan(p.StableToken), lender.UnpackMaxFlashLoan)
	if err != nil {
		return nil, fmt.Errorf("read flash lender dUSD: %w", err)
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
