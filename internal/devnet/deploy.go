package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
)

// SafeThreshold is the number of owner signatures the devnet's Safe needs.
const SafeThreshold = 2

// PauserRole is keccak256("PAUSER_ROLE"), the LendingPool role that may pause.
var PauserRole = demo.PauserRole

// Deployment holds the addresses of everything the devnet deployed at start.
type Deployment struct {
	// Stable is the dUSD stablecoin (StableToken, 18 decimals).
	Stable common.Address
	// Collateral is the dCOL collateral token (CollateralToken, 18 decimals).
	Collateral common.Address
	// AMM is the dCOL/dUSD constant-product pair (SimpleAMM) the pool prices from.
	AMM common.Address
	// Pool is the LendingPool: pausable, the victim of every scenario.
	Pool common.Address
	// FlashLender is the ERC-3156 lender of dUSD and dCOL.
	FlashLender common.Address
	// FeeToken is the demo protocol's dFEE (1% burned per transfer).
	FeeToken common.Address
	// Vault is the demo protocol's UUPS vault proxy (UpgradeableVault ABI).
	Vault common.Address

	// SafeSingleton is the Safe v1.4.1 (SafeL2) implementation.
	SafeSingleton common.Address
	// SafeProxyFactory is the Safe v1.4.1 proxy factory.
	SafeProxyFactory common.Address
	// SafeFallbackHandler is the Safe v1.4.1 CompatibilityFallbackHandler.
	SafeFallbackHandler common.Address
	// MultiSendCallOnly is the Safe v1.4.1 batching library.
	MultiSendCallOnly common.Address
	// Safe is the 2-of-3 Safe proxy that holds PAUSER_ROLE on the pool and
	// the vault.
	Safe common.Address
	// SafeOwners are the Safe's owners, in the order of TestKeys.SafeOwners.
	SafeOwners [3]common.Address

	// Deployer holds DEFAULT_ADMIN_ROLE and PAUSER_ROLE on the pool and the
	// minter role of both tokens.
	Deployer common.Address
	// Guardian holds PAUSER_ROLE on the pool and the vault.
	Guardian common.Address
	// Users are the benign users, funded and active in the pool.
	Users [BenignUsers]common.Address
	// Attacker is the attacker's account (it deploys the attack contracts).
	Attacker common.Address

	// Block is the head block once everything was deployed and seeded.
	Block uint64
}

// Amounts the devnet seeds on top of the demo protocol, in whole tokens
// (18 decimals) or ETH.
const (
	userStable     = 100_000 // dUSD minted to each benign user
	userCollateral = 20_000  // dCOL minted to each benign user
	userETHDeposit = 20      // ETH each benign user parks in the pool
	userDeposit    = 10_000  // dUSD each benign user lends to the pool
	userLocked     = 2_000   // dCOL each benign user locks as collateral
	userBorrow     = 500     // dUSD each benign user borrows
)

// protocolParams are the devnet's amounts for demo.Deploy: an AMM of
// 100,000 dCOL / 200,000 dUSD (a price of 2 dUSD per dCOL), a flash lender
// holding 10,000,000 dUSD and 1,000,000 dCOL, and 1,000,000 dUSD of the
// deployer's lending liquidity. No ETH is parked by the deployer: the pool's
// ETH is the benign users'. The guardian and the Safe may pause.
func protocolParams(guardian, safe common.Address) demo.Params {
	p := demo.DefaultParams()
	p.AMMCollateral = tokens(100_000)
	p.AMMStable = tokens(200_000)
	p.LenderStable = tokens(10_000_000)
	p.LenderCollateral = tokens(1_000_000)
	p.PoolStable = tokens(1_000_000)
	p.PoolETH = nil
	p.AdminStable, p.AdminCollateral = nil, nil
	p.Pausers = []common.Address{guardian, safe}
	return p
}

// tokens returns n whole tokens (or ether) in base units.
func tokens(n int64) *big.Int { return demo.Ether(n) }

// abis holds the parsed bindings the devnet uses.
type abis struct {
	stable     *bindings.StableToken
	collateral *bindings.CollateralToken
	amm        *bindings.SimpleAMM
	pool       *bindings.LendingPool
}

func newABIs() *abis {
	return &abis{
		stable:     bindings.NewStableToken(),
		collateral: bindings.NewCollateralToken(),
		amm:        bindings.NewSimpleAMM(),
		pool:       bindings.NewLendingPool(),
	}
}

// deploy deploys the Safe and the demo protocol through package
// contracts/demo, then funds the benign users and opens their positions.
// Transactions that do not depend on each other go out together, so the
// whole takes a handful of blocks.
func deploy(ctx context.Context, d *Devnet) (Deployment, *demo.Protocol, error) {
	k, b := d.keys, d.abis
	dep := Deployment{
		Deployer: Address(k.Deployer),
		Guardian: Address(k.Guardian),
		Attacker: Address(k.Attacker),
	}
	for i, key := range k.SafeOwners {
		dep.SafeOwners[i] = Address(key)
	}
	for i, key := range k.Users {
		dep.Users[i] = Address(key)
	}

	admin := d.transactOpts(ctx, k.Deployer)
	safe, err := demo.DeploySafe(ctx, d.client, admin, dep.SafeOwners[:], SafeThreshold)
	if err != nil {
		return Deployment{}, nil, fmt.Errorf("deploy the Safe: %w", err)
	}
	dep.SafeSingleton, dep.SafeProxyFactory = safe.Singleton, safe.Factory
	dep.SafeFallbackHandler, dep.MultiSendCallOnly, dep.Safe = safe.FallbackHandler, safe.MultiSendCallOnly, safe.Address

	proto, err := demo.Deploy(ctx, d.client, admin, protocolParams(dep.Guardian, dep.Safe))
	if err != nil {
		return Deployment{}, nil, err
	}
	dep.Stable, dep.Collateral, dep.AMM = proto.StableToken, proto.CollateralToken, proto.AMM
	dep.Pool, dep.FlashLender = proto.LendingPool, proto.FlashLender
	dep.FeeToken, dep.Vault = proto.FeeToken, proto.Vault

	// The users: balances and allowances, then positions, then loans
	// (priced by the AMM).
	unlimited := abi.MaxUint256
	call := func(key *ecdsa.PrivateKey, what string, to common.Address, data []byte) txRequest {
		return txRequest{what: what, key: key, to: &to, data: data}
	}
	var fund, open, borrow []txRequest
	for i, u := range dep.Users {
		key := k.Users[i]
		fund = append(fund,
			call(k.Deployer, "mint dUSD to a user", dep.Stable, b.stable.PackMint(u, tokens(userStable))),
			call(k.Deployer, "mint dCOL to a user", dep.Collateral, b.collateral.PackMint(u, tokens(userCollateral))),
			call(key, "approve dUSD to the pool", dep.Stable, b.stable.PackApprove(dep.Pool, unlimited)),
			call(key, "approve dCOL to the pool", dep.Collateral, b.collateral.PackApprove(dep.Pool, unlimited)),
			call(key, "approve dUSD to the AMM", dep.Stable, b.stable.PackApprove(dep.AMM, unlimited)),
			call(key, "approve dCOL to the AMM", dep.Collateral, b.collateral.PackApprove(dep.AMM, unlimited)),
		)
		park := call(key, "park ETH in the pool", dep.Pool, b.pool.PackDepositETH())
		park.value = tokens(userETHDeposit)
		open = append(open, park,
			call(key, "lend dUSD to the pool", dep.Pool, b.pool.PackDeposit(tokens(userDeposit))),
			call(key, "lock dCOL in the pool", dep.Pool, b.pool.PackDepositCollateral(tokens(userLocked))),
		)
		borrow = append(borrow, call(key, "borrow dUSD", dep.Pool, b.pool.PackBorrow(tokens(userBorrow))))
	}
	for _, round := range [][]txRequest{fund, open, borrow} {
		if _, err := d.sendBatch(ctx, round); err != nil {
			return Deployment{}, nil, fmt.Errorf("seed the benign users: %w", err)
		}
	}

	head, err := d.client.BlockNumber(ctx)
	if err != nil {
		return Deployment{}, nil, fmt.Errorf("read head: %w", err)
	}
	dep.Block = head
	return dep, proto, nil
}

// txRequest is one transaction of a batch; a nil to creates a contract.
type txRequest struct {
	what  string
	key   *ecdsa.PrivateKey
	to    *common.Address
	value *big.Int
	data  []byte
}

// sendBatch sends independent transactions, from any of the test keys,
// together and waits until all are mined; it fails if any reverts. Gas is
// estimated for each against the head, with a margin, before any is sent.
func (d *Devnet) sendBatch(ctx context.Context, reqs []txRequest) ([]*types.Receipt, error) {
	nonces := map[common.Address]uint64{}
	txs := make([]*types.Transaction, len(reqs))
	signer := types.LatestSignerForChainID(d.ChainID())
	for i, r := range reqs {
		from := Address(r.key)
		if _, ok := nonces[from]; !ok {
			n, err := d.client.PendingNonceAt(ctx, from)
			if err != nil {
				return nil, fmt.Errorf("%s: nonce of %s: %w", r.what, from, err)
			}
			nonces[from] = n
		}
		gas, err := d.client.EstimateGas(ctx, ethereum.CallMsg{From: from, To: r.to, Value: r.value, Data: r.data})
		if err != nil {
			return nil, fmt.Errorf("%s: estimate gas: %w", r.what, err)
		}
		gas += gas/4 + 10_000
		tx, err := types.SignNewTx(r.key, signer, &types.DynamicFeeTx{
			ChainID: d.ChainID(), Nonce: nonces[from], GasTipCap: devTipCap, GasFeeCap: devFeeCap,
			Gas: gas, To: r.to, Value: r.value, Data: r.data,
		})
		if err != nil {
			return nil, fmt.Errorf("%s: sign: %w", r.what, err)
		}
		nonces[from]++
		txs[i] = tx
	}
	for i, tx := range txs {
		if err := d.client.SendTransaction(ctx, tx); err != nil {
			return nil, fmt.Errorf("%s: send: %w", reqs[i].what, err)
		}
	}
	receipts := make([]*types.Receipt, len(txs))
	for i, tx := range txs {
		r, err := d.mustSucceed(ctx, reqs[i].what, tx, nil)
		if err != nil {
			return nil, err
		}
		receipts[i] = r
	}
	return receipts, nil
}
