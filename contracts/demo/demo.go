// Package demo deploys the breakglass demo protocol (tokens, AMM, flash
// lender, the deliberately vulnerable LendingPool and a UUPS vault) on any
// EVM chain reachable through go-ethereum's client interfaces, and plays its
// attack scenarios. The devnet and the tests of other packages use it; it
// holds no state of its own.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
)

// Backend is what the deployment and the scenarios need from a chain.
// *ethclient.Client and simulated.Client satisfy it.
type Backend interface {
	bind.ContractBackend
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
}

// Role identifiers, as the contracts compute them (keccak256 of the name).
// DEFAULT_ADMIN_ROLE is the zero hash.
var (
	// PauserRole is LendingPool's and UpgradeableVault's PAUSER_ROLE.
	PauserRole = crypto.Keccak256Hash([]byte("PAUSER_ROLE"))
	// MinterRole is StableToken's and CollateralToken's MINTER_ROLE.
	MinterRole = crypto.Keccak256Hash([]byte("MINTER_ROLE"))
	// UpgraderRole is UpgradeableVault's UPGRADER_ROLE.
	UpgraderRole = crypto.Keccak256Hash([]byte("UPGRADER_ROLE"))
	// DefaultAdminRole is OpenZeppelin AccessControl's DEFAULT_ADMIN_ROLE.
	DefaultAdminRole = common.Hash{}
)

// Ether returns n whole tokens of 18 decimals (or n ether) in base units.
func Ether(n int64) *big.Int {
	return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18))
}

// Params are the amounts Deploy seeds the protocol with, in base units.
type Params struct {
	// AMMCollateral and AMMStable are the SimpleAMM's initial reserves
	// (dCOL and dUSD), provided by the admin.
	AMMCollateral, AMMStable *big.Int
	// LenderStable and LenderCollateral are minted to the FlashLender.
	LenderStable, LenderCollateral *big.Int
	// PoolStable is the dUSD lending liquidity the admin supplies to the pool.
	PoolStable *big.Int
	// PoolETH is the ETH the admin parks in the pool; the admin needs this
	// much ether plus gas.
	PoolETH *big.Int
	// AdminStable and AdminCollateral are minted to the admin on top of what
	// the steps above consume, e.g. to fund benign users later.
	AdminStable, AdminCollateral *big.Int
	// FeeTokenSupply is the dFEE supply minted to the admin.
	FeeTokenSupply *big.Int
	// Pausers are granted PAUSER_ROLE on the LendingPool and the vault, on
	// top of the admin (e.g. a guardian key and a Safe).
	Pausers []common.Address
}

// DefaultParams returns the amounts the devnet and the tests use: an AMM of
// 100,000 dCOL / 100,000 dUSD (price 1), a flash lender holding 1,000,000
// dUSD and 100,000 dCOL, 500,000 dUSD of lending liquidity and 10 ETH parked
// in the pool, 1,000,000 dUSD and dCOL left with the admin.
func DefaultParams() Params {
	return Params{
		AMMCollateral:    Ether(100_000),
		AMMStable:        Ether(100_000),
		LenderStable:     Ether(1_000_000),
		LenderCollateral: Ether(100_000),
		PoolStable:       Ether(500_000),
		PoolETH:          Ether(10),
		AdminStable:      Ether(1_000_000),
		AdminCollateral:  Ether(1_000_000),
		FeeTokenSupply:   Ether(1_000_000),
	}
}

// Protocol holds the addresses of a deployed demo protocol.
type Protocol struct {
	// Admin holds DEFAULT_ADMIN_ROLE, PAUSER_ROLE and MINTER_ROLE everywhere.
	Admin           common.Address
	StableToken     common.Address // dUSD
	CollateralToken common.Address // dCOL
	AMM             common.Address // SimpleAMM, token0 = dCOL, token1 = dUSD
	FlashLender     common.Address
	LendingPool     common.Address
	FeeToken        common.Address // dFEE, 1% burned per transfer
	// Vault is the ERC1967Proxy to UpgradeableVault (use that ABI).
	Vault common.Address
	// VaultImplementation is the vault's current (v1) implementation;
	// VaultV2Implementation is deployed, ready for an upgrade.
	VaultImplementation, VaultV2Implementation common.Address
	// FirstBlock is the block of the first deployment transaction.
	FirstBlock uint64
}

// Deploy deploys and seeds the demo protocol from admin, and waits for every
// transaction. Transactions are sent in three batches with consecutive
// nonces, each batch mined before the next is sent, so it takes three blocks
// on a chain with a block time and a few milliseconds on one that mines every
// transaction.
func Deploy(ctx context.Context, b Backend, admin *bind.TransactOpts, p Params) (*Protocol, error) {
	s, err := newSender(ctx, b, admin)
	if err != nil {
		return nil, err
	}
	var (
		stableB  = bindings.NewStableToken()
		colB     = bindings.NewCollateralToken()
		ammB     = bindings.NewSimpleAMM()
		poolB    = bindings.NewLendingPool()
		feeB     = bindings.NewFeeToken()
		proxyB   = bindings.NewERC1967Proxy()
		vaultB   = bindings.NewUpgradeableVault()
		out      = &Protocol{Admin: admin.From}
		adminTok = admin.From
	)

	// Batch 1: the contracts. Constructors only store addresses, so those of
	// later contracts are computed from the nonces.
	out.StableToken = s.deploy("deploy StableToken", bindings.StableTokenMetaData.Bin, stableB.PackConstructor(adminTok))
	out.CollateralToken = s.deploy("deploy CollateralToken", bindings.CollateralTokenMetaData.Bin, colB.PackConstructor(adminTok))
	out.AMM = s.deploy("deploy SimpleAMM", bindings.SimpleAMMMetaData.Bin, ammB.PackConstructor(out.CollateralToken, out.StableToken))
	out.FlashLender = s.deploy("deploy FlashLender", bindings.FlashLenderMetaData.Bin, nil)
	out.LendingPool = s.deploy("deploy LendingPool", bindings.LendingPoolMetaData.Bin,
		poolB.PackConstructor(adminTok, out.StableToken, out.CollateralToken, out.AMM))
	out.FeeToken = s.deploy("deploy FeeToken", bindings.FeeTokenMetaData.Bin, feeB.PackConstructor(adminTok, p.FeeTokenSupply))
	out.VaultImplementation = s.deploy("deploy UpgradeableVault", bindings.UpgradeableVaultMetaData.Bin, nil)
	out.VaultV2Implementation = s.deploy("deploy UpgradeableVaultV2", bindings.UpgradeableVaultV2MetaData.Bin, nil)
	receipts, err := s.wait()
	if err != nil {
		return nil, err
	}
	out.FirstBlock = receipts[0].BlockNumber.Uint64()

	stable := stableB.Instance(b, out.StableToken)
	col := colB.Instance(b, out.CollateralToken)
	pool := poolB.Instance(b, out.LendingPool)

	// Batch 2: balances, approvals, the vault proxy (its constructor calls the
	// implementation), the parked ETH and the pool's extra pausers.
	s.call("mint dUSD to admin", stable, stableB.PackMint(adminTok, sum(p.AMMStable, p.PoolStable, p.AdminStable)), nil)
	s.call("mint dCOL to admin", col, colB.PackMint(adminTok, sum(p.AMMCollateral, p.AdminCollateral)), nil)
	s.call("mint dUSD to FlashLender", stable, stableB.PackMint(out.FlashLender, p.LenderStable), nil)
	s.call("mint dCOL to FlashLender", col, colB.PackMint(out.FlashLender, p.LenderCollateral), nil)
	s.call("approve dUSD to SimpleAMM", stable, stableB.PackApprove(out.AMM, p.AMMStable), nil)
	s.call("approve dCOL to SimpleAMM", col, colB.PackApprove(out.AMM, p.AMMCollateral), nil)
	s.call("approve dUSD to LendingPool", stable, stableB.PackApprove(out.LendingPool, p.PoolStable), nil)
	out.Vault = s.deploy("deploy vault ERC1967Proxy", bindings.ERC1967ProxyMetaData.Bin,
		proxyB.PackConstructor(out.VaultImplementation, vaultB.PackInitialize(adminTok)))
	if p.PoolETH != nil && p.PoolETH.Sign() > 0 {
		s.call("park ETH in LendingPool", pool, poolB.PackDepositETH(), p.PoolETH)
	}
	for _, a := range p.Pausers {
		s.call("grant LendingPool PAUSER_ROLE to "+a.Hex(), pool, poolB.PackGrantRole(PauserRole, a), nil)
	}
	if _, err := s.wait(); err != nil {
		return nil, err
	}

	// Batch 3: liquidity, which needs the balances and approvals.
	s.call("add SimpleAMM liquidity", ammB.Instance(b, out.AMM), ammB.PackAddLiquidity(p.AMMCollateral, p.AMMStable), nil)
	s.call("supply dUSD to LendingPool", pool, poolB.PackDeposit(p.PoolStable), nil)
	vault := vaultB.Instance(b, out.Vault)
	for _, a := range p.Pausers {
		s.call("grant vault PAUSER_ROLE to "+a.Hex(), vault, vaultB.PackGrantRole(PauserRole, a), nil)
	}
	if _, err := s.wait(); err != nil {
		return nil, err
	}
	return out, nil
}

func sum(xs ...*big.Int) *big.Int {
	t := new(big.Int)
	for _, x := range xs {
		if x != nil {
			t.Add(t, x)
		}
	}
	return t
}

// ErrReverted is returned (wrapped) when a transaction was mined but reverted.
var ErrReverted = errors.New("transaction reverted")

// pollInterval is how often receipts are polled while waiting.
const pollInterval = 2 * time.Millisecond

// sender sends transactions from one account with locally assigned,
// consecutive nonces and waits for batches of them. The first error sticks:
// later calls do nothing and wait returns it.
type sender struct {
	ctx     context.Context
	b       Backend
	from    *bind.TransactOpts
	nonce   uint64
	pending []pendingTx
	err     error
}

type pendingTx struct {
	label string
	tx    *types.Transaction
}

func newSender(ctx context.Context, b Backend, from *bind.TransactOpts) (*sender, error) {
	nonce, err := b.PendingNonceAt(ctx, from.From)
	if err != nil {
		return nil, fmt.Errorf("nonce of %s: %w", from.From.Hex(), err)
	}
	return &sender{ctx: ctx, b: b, from: from, nonce: nonce}, nil
}

// opts copies the caller's options with the next nonce; gasLimit 0 estimates.
func (s *sender) opts(value *big.Int, gasLimit uint64) *bind.TransactOpts {
	o := *s.from
	o.Context = s.ctx
	o.Nonce = new(big.Int).SetUint64(s.nonce)
	o.Value = value
	o.GasLimit = gasLimit
	return &o
}

// deploy sends a creation transaction and returns the address it will create.
func (s *sender) deploy(label, bin string, constructorArgs []byte) common.Address {
	if s.err != nil {
		return common.Address{}
	}
	addr, tx, err := bind.DeployContract(s.opts(nil, 0), common.FromHex(bin), s.b, constructorArgs)
	if err != nil {
		s.err = fmt.Errorf("%s: %w", label, err)
		return common.Address{}
	}
	s.nonce++
	s.pending = append(s.pending, pendingTx{label, tx})
	return addr
}

// call sends a transaction to a contract, estimating its gas.
func (s *sender) call(label string, c *bind.BoundContract, data []byte, value *big.Int) {
	s.send(label, c, data, value, 0)
}

func (s *sender) send(label string, c *bind.BoundContract, data []byte, value *big.Int, gasLimit uint64) *types.Transaction {
	if s.err != nil {
		return nil
	}
	tx, err := bind.Transact(c, s.opts(value, gasLimit), data)
	if err != nil {
		s.err = fmt.Errorf("%s: %w", label, err)
		return nil
	}
	s.nonce++
	s.pending = append(s.pending, pendingTx{label, tx})
	return tx
}

// wait waits for every pending transaction and fails on the first revert.
func (s *sender) wait() ([]*types.Receipt, error) {
	if s.err != nil {
		return nil, s.err
	}
	pending := s.pending
	s.pending = nil
	receipts := make([]*types.Receipt, 0, len(pending))
	for _, p := range pending {
		r, err := WaitMined(s.ctx, s.b, p.tx.Hash())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.label, err)
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return nil, fmt.Errorf("%s (tx %s): %w", p.label, p.tx.Hash().Hex(), ErrReverted)
		}
		receipts = append(receipts, r)
	}
	return receipts, nil
}

// WaitMined waits for the receipt of hash, polling more often than
// bind.WaitMined's one second since a devnet mines within milliseconds. It
// returns once the receipt's
// block is the head or below it: a node can serve a receipt a moment before
// its block becomes the head, and callers expect "latest" (gas estimates,
// reads) to include the transaction.
func WaitMined(ctx context.Context, b Backend, hash common.Hash) (*types.Receipt, error) {
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		r, err := b.TransactionReceipt(ctx, hash)
		switch {
		case err == nil:
			head, err := b.HeaderByNumber(ctx, nil)
			if err != nil {
				return nil, fmt.Errorf("read head: %w", err)
			}
			if head.Number.Cmp(r.BlockNumber) >= 0 {
				return r, nil
			}
		case !errors.Is(err, ethereum.NotFound) && !isIndexing(err):
			return nil, fmt.Errorf("receipt of %s: %w", hash.Hex(), err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for %s: %w", hash.Hex(), ctx.Err())
		case <-t.C:
		}
	}
}

// isIndexing reports whether err is go-ethereum's "transaction indexing is
// in progress", answered for a while after a node starts: not a failure,
// the receipt is asked for again.
func isIndexing(err error) bool {
	var de rpc.DataError
	return errors.As(err, &de) && de.ErrorData() == "transaction indexing is in progress"
}
