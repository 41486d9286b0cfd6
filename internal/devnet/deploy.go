package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
)

// SafeThreshold is the number of owner signatures the devnet's Safe needs.
const SafeThreshold = 2

// PauserRole is keccak256("PAUSER_ROLE"), the LendingPool role that may pause.
var PauserRole = crypto.Keccak256Hash([]byte("PAUSER_ROLE"))

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

	// SafeSingleton is the Safe v1.4.1 (SafeL2) implementation.
	SafeSingleton common.Address
	// SafeProxyFactory is the Safe v1.4.1 proxy factory.
	SafeProxyFactory common.Address
	// SafeFallbackHandler is the Safe v1.4.1 CompatibilityFallbackHandler.
	SafeFallbackHandler common.Address
	// MultiSendCallOnly is the Safe v1.4.1 batching library.
	MultiSendCallOnly common.Address
	// Safe is the 2-of-3 Safe proxy that holds PAUSER_ROLE on the pool.
	Safe common.Address
	// SafeOwners are the Safe's owners, in the order of TestKeys.SafeOwners.
	SafeOwners [3]common.Address

	// Deployer holds DEFAULT_ADMIN_ROLE and PAUSER_ROLE on the pool and the
	// minter role of both tokens.
	Deployer common.Address
	// Guardian holds PAUSER_ROLE on the pool.
	Guardian common.Address
	// Users are the benign users, funded and active in the pool.
	Users [BenignUsers]common.Address
	// Attacker is the attacker's account (it deploys the attack contracts).
	Attacker common.Address

	// Block is the head block once everything was deployed and seeded.
	Block uint64
}

// Amounts the devnet seeds, in whole tokens (18 decimals) or ETH.
const (
	ammCollateral   = 100_000    // dCOL in the AMM
	ammStable       = 200_000    // dUSD in the AMM: a price of 2 dUSD per dCOL
	lenderLiquidity = 1_000_000  // dUSD the deployer lends to the pool
	flashStable     = 10_000_000 // dUSD the flash lender holds
	flashCollateral = 1_000_000  // dCOL the flash lender holds
	userStable      = 100_000    // dUSD minted to each benign user
	userCollateral  = 20_000     // dCOL minted to each benign user
	userETHDeposit  = 20         // ETH each benign user parks in the pool
	userDeposit     = 10_000     // dUSD each benign user lends to the pool
	userLocked      = 2_000      // dCOL each benign user locks as collateral
	userBorrow      = 500        // dUSD each benign user borrows
)

// tokens returns n whole tokens (or ether) in base units.
func tokens(n int64) *big.Int {
	return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18))
}

// abis holds the parsed bindings the devnet uses.
type abis struct {
	stable     *bindings.StableToken
	collateral *bindings.CollateralToken
	amm        *bindings.SimpleAMM
	pool       *bindings.LendingPool
	lender     *bindings.FlashLender
	safe       *bindings.SafeL2
	factory    *bindings.SafeProxyFactory
	reentrancy *bindings.ReentrancyAttacker
	oracle     *bindings.OracleAttacker
	access     *bindings.AccessAttacker
}

func newABIs() *abis {
	return &abis{
		stable:     bindings.NewStableToken(),
		collateral: bindings.NewCollateralToken(),
		amm:        bindings.NewSimpleAMM(),
		pool:       bindings.NewLendingPool(),
		lender:     bindings.NewFlashLender(),
		safe:       bindings.NewSafeL2(),
		factory:    bindings.NewSafeProxyFactory(),
		reentrancy: bindings.NewReentrancyAttacker(),
		oracle:     bindings.NewOracleAttacker(),
		access:     bindings.NewAccessAttacker(),
	}
}

// deployContract deploys a contract from key and waits for it.
func (d *Devnet) deployContract(ctx context.Context, key *ecdsa.PrivateKey, name string, meta *bind.MetaData, args []byte) (common.Address, error) {
	addr, tx, err := bind.DeployContract(d.transactOpts(ctx, key), common.FromHex(meta.Bin), d.client, args)
	if _, err := d.mustSucceed(ctx, "deploy "+name, tx, err); err != nil {
		return common.Address{}, err
	}
	return addr, nil
}

// deploy deploys and seeds the demo protocol and the Safe. Transactions
// that do not depend on each other go out together, in four rounds, so the
// whole takes a handful of blocks.
func deploy(ctx context.Context, d *Devnet) (Deployment, error) {
	k, b := d.keys, d.abis
	admin := k.Deployer
	dep := Deployment{
		Deployer: Address(admin),
		Guardian: Address(k.Guardian),
		Attacker: Address(k.Attacker),
	}
	for i, key := range k.SafeOwners {
		dep.SafeOwners[i] = Address(key)
	}
	for i, key := range k.Users {
		dep.Users[i] = Address(key)
	}

	// Round 1: every contract, at addresses known from the admin's nonces.
	base, err := d.client.PendingNonceAt(ctx, dep.Deployer)
	if err != nil {
		return Deployment{}, fmt.Errorf("nonce of the deployer: %w", err)
	}
	at := func(i int) common.Address { return crypto.CreateAddress(dep.Deployer, base+uint64(i)) }
	dep.Stable, dep.Collateral, dep.AMM, dep.Pool = at(0), at(1), at(2), at(3)
	dep.FlashLender, dep.SafeSingleton, dep.SafeProxyFactory = at(4), at(5), at(6)
	dep.SafeFallbackHandler, dep.MultiSendCallOnly = at(7), at(8)
	create := func(name string, meta *bind.MetaData, args []byte) txRequest {
		return txRequest{what: "deploy " + name, key: admin, data: append(common.FromHex(meta.Bin), args...)}
	}
	round1 := []txRequest{
		create("StableToken", &bindings.StableTokenMetaData, b.stable.PackConstructor(dep.Deployer)),
		create("CollateralToken", &bindings.CollateralTokenMetaData, b.collateral.PackConstructor(dep.Deployer)),
		create("SimpleAMM", &bindings.SimpleAMMMetaData, b.amm.PackConstructor(dep.Collateral, dep.Stable)),
		create("LendingPool", &bindings.LendingPoolMetaData, b.pool.PackConstructor(dep.Deployer, dep.Stable, dep.Collateral, dep.AMM)),
		create("FlashLender", &bindings.FlashLenderMetaData, nil),
		create("SafeL2", &bindings.SafeL2MetaData, nil),
		create("SafeProxyFactory", &bindings.SafeProxyFactoryMetaData, nil),
		create("CompatibilityFallbackHandler", &bindings.CompatibilityFallbackHandlerMetaData, nil),
		create("MultiSendCallOnly", &bindings.MultiSendCallOnlyMetaData, nil),
	}
	receipts, err := d.sendBatch(ctx, round1)
	if err != nil {
		return Deployment{}, err
	}
	for i, r := range receipts {
		if r.ContractAddress != at(i) {
			return Deployment{}, fmt.Errorf("%s: deployed at %s, expected %s", round1[i].what, r.ContractAddress, at(i))
		}
	}

	// Round 2: the Safe, the guardian's role, mints and allowances.
	unlimited := abi.MaxUint256
	setup := b.safe.PackSetup(dep.SafeOwners[:], big.NewInt(SafeThreshold),
		common.Address{}, nil, dep.SafeFallbackHandler, common.Address{}, new(big.Int), common.Address{})
	call := func(key *ecdsa.PrivateKey, what string, to common.Address, data []byte) txRequest {
		return txRequest{what: what, key: key, to: &to, data: data}
	}
	round2 := []txRequest{
		call(admin, "create the Safe", dep.SafeProxyFactory, b.factory.PackCreateProxyWithNonce(dep.SafeSingleton, setup, new(big.Int))),
		call(admin, "grant PAUSER_ROLE to the guardian", dep.Pool, b.pool.PackGrantRole(PauserRole, dep.Guardian)),
		call(admin, "mint dUSD to the admin", dep.Stable, b.stable.PackMint(dep.Deployer, tokens(ammStable+lenderLiquidity))),
		call(admin, "mint dCOL to the admin", dep.Collateral, b.collateral.PackMint(dep.Deployer, tokens(ammCollateral))),
		call(admin, "mint dUSD to the flash lender", dep.Stable, b.stable.PackMint(dep.FlashLender, tokens(flashStable))),
		call(admin, "mint dCOL to the flash lender", dep.Collateral, b.collateral.PackMint(dep.FlashLender, tokens(flashCollateral))),
		call(admin, "approve dUSD to the AMM", dep.Stable, b.stable.PackApprove(dep.AMM, tokens(ammStable))),
		call(admin, "approve dCOL to the AMM", dep.Collateral, b.collateral.PackApprove(dep.AMM, tokens(ammCollateral))),
		call(admin, "approve dUSD to the pool", dep.Stable, b.stable.PackApprove(dep.Pool, tokens(lenderLiquidity))),
	}
	for i, u := range dep.Users {
		key := k.Users[i]
		round2 = append(round2,
			call(admin, "mint dUSD to a user", dep.Stable, b.stable.PackMint(u, tokens(userStable))),
			call(admin, "mint dCOL to a user", dep.Collateral, b.collateral.PackMint(u, tokens(userCollateral))),
			call(key, "approve dUSD to the pool", dep.Stable, b.stable.PackApprove(dep.Pool, unlimited)),
			call(key, "approve dCOL to the pool", dep.Collateral, b.collateral.PackApprove(dep.Pool, unlimited)),
			call(key, "approve dUSD to the AMM", dep.Stable, b.stable.PackApprove(dep.AMM, unlimited)),
			call(key, "approve dCOL to the AMM", dep.Collateral, b.collateral.PackApprove(dep.AMM, unlimited)),
		)
	}
	receipts, err = d.sendBatch(ctx, round2)
	if err != nil {
		return Deployment{}, err
	}
	if dep.Safe, err = d.safeFromReceipt(receipts[0], dep); err != nil {
		return Deployment{}, err
	}

	// Round 3: the Safe's role, liquidity, and the users' positions.
	round3 := []txRequest{
		call(admin, "grant PAUSER_ROLE to the Safe", dep.Pool, b.pool.PackGrantRole(PauserRole, dep.Safe)),
		call(admin, "add AMM liquidity", dep.AMM, b.amm.PackAddLiquidity(tokens(ammCollateral), tokens(ammStable))),
		call(admin, "lend dUSD to the pool", dep.Pool, b.pool.PackDeposit(tokens(lenderLiquidity))),
	}
	for _, key := range k.Users {
		park := call(key, "park ETH in the pool", dep.Pool, b.pool.PackDepositETH())
		park.value = tokens(userETHDeposit)
		round3 = append(round3, park,
			call(key, "lend dUSD to the pool", dep.Pool, b.pool.PackDeposit(tokens(userDeposit))),
			call(key, "lock dCOL in the pool", dep.Pool, b.pool.PackDepositCollateral(tokens(userLocked))),
		)
	}
	if _, err := d.sendBatch(ctx, round3); err != nil {
		return Deployment{}, err
	}

	// Round 4: the users' loans, priced by the AMM.
	var round4 []txRequest
	for _, key := range k.Users {
		round4 = append(round4, call(key, "borrow dUSD", dep.Pool, b.pool.PackBorrow(tokens(userBorrow))))
	}
	if _, err := d.sendBatch(ctx, round4); err != nil {
		return Deployment{}, err
	}

	head, err := d.client.BlockNumber(ctx)
	if err != nil {
		return Deployment{}, fmt.Errorf("read head: %w", err)
	}
	dep.Block = head
	return dep, nil
}

// txRequest is one transaction of a batch; a nil to creates a contract.
type txRequest struct {
	what  string
	key   *ecdsa.PrivateKey
	to    *common.Address
	value *big.Int
	data  []byte
}

// sendBatch sends independent transactions together and waits until all
// are mined; it fails if any reverts. Gas is estimated for each against
// the head, with a margin, before any is sent.
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

// safeFromReceipt reads the new Safe's address from the factory's
// ProxyCreation event.
func (d *Devnet) safeFromReceipt(receipt *types.Receipt, dep Deployment) (common.Address, error) {
	for _, l := range receipt.Logs {
		if l.Address != dep.SafeProxyFactory {
			continue
		}
		if ev, err := d.abis.factory.UnpackProxyCreationEvent(l); err == nil {
			return ev.Proxy, nil
		}
	}
	return common.Address{}, errors.New("create the Safe: no ProxyCreation event in the receipt")
}
