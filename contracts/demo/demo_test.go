package demo_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
)

// autoCommit mines a block for every transaction sent, like a devnet with
// no block time.
type autoCommit struct {
	simulated.Client
	sim *simulated.Backend
}

func (a autoCommit) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := a.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	a.sim.Commit()
	return nil
}

type chain struct {
	b        autoCommit
	admin    *bind.TransactOpts
	attacker *bind.TransactOpts
	pauser   common.Address
}

func newChain(t *testing.T) *chain {
	t.Helper()
	adminKey, attackerKey, pauserKey := newKey(t), newKey(t), newKey(t)
	admin := crypto.PubkeyToAddress(adminKey.PublicKey)
	attacker := crypto.PubkeyToAddress(attackerKey.PublicKey)
	sim := simulated.NewBackend(types.GenesisAlloc{
		admin:    {Balance: demo.Ether(1_000)},
		attacker: {Balance: demo.Ether(100)},
	})
	t.Cleanup(func() { _ = sim.Close() })
	chainID, err := sim.Client().ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &chain{
		b:        autoCommit{Client: sim.Client(), sim: sim},
		admin:    bind.NewKeyedTransactor(adminKey, chainID),
		attacker: bind.NewKeyedTransactor(attackerKey, chainID),
		pauser:   crypto.PubkeyToAddress(pauserKey.PublicKey),
	}
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func (c *chain) deploy(t *testing.T) *demo.Protocol {
	t.Helper()
	params := demo.DefaultParams()
	params.Pausers = []common.Address{c.pauser}
	p, err := demo.Deploy(t.Context(), c.b, c.admin, params)
	if err != nil {
		t.Fatalf("Deploy: %v", err)
	}
	return p
}

func call[T any](t *testing.T, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	v, err := bind.Call(c, &bind.CallOpts{Context: t.Context()}, data, unpack)
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	return v
}

// state is everything a scenario may move.
type state struct {
	poolETH, poolStable, poolCol  *big.Int
	attackerETH, attackerStable   *big.Int
	attackerCol, totalEthDeposits *big.Int
	solvent                       bool
}

func snapshot(t *testing.T, c *chain, p *demo.Protocol) state {
	t.Helper()
	pool := bindings.NewLendingPool()
	pi := pool.Instance(c.b, p.LendingPool)
	tok := bindings.NewStableToken() // any ERC-20 ABI reads balances
	bal := func(token, who common.Address) *big.Int {
		return call(t, tok.Instance(c.b, token), tok.PackBalanceOf(who), tok.UnpackBalanceOf)
	}
	eth, err := c.b.BalanceAt(t.Context(), c.attacker.From, nil)
	if err != nil {
		t.Fatal(err)
	}
	return state{
		poolETH:          call(t, pi, pool.PackEthHeld(), pool.UnpackEthHeld),
		poolStable:       bal(p.StableToken, p.LendingPool),
		poolCol:          bal(p.CollateralToken, p.LendingPool),
		attackerETH:      eth,
		attackerStable:   bal(p.StableToken, c.attacker.From),
		attackerCol:      bal(p.CollateralToken, c.attacker.From),
		totalEthDeposits: call(t, pi, pool.PackTotalEthDeposits(), pool.UnpackTotalEthDeposits),
		solvent:          call(t, pi, pool.PackIsSolvent(), pool.UnpackIsSolvent),
	}
}

// fees is the ETH the attacker spent on gas for the attack's two transactions.
func fees(t *testing.T, c *chain, a *demo.Attack) *big.Int {
	t.Helper()
	total := new(big.Int)
	for _, h := range []common.Hash{a.DeployTx, a.Tx.Hash()} {
		r, err := c.b.TransactionReceipt(t.Context(), h)
		if err != nil {
			t.Fatal(err)
		}
		total.Add(total, new(big.Int).Mul(r.EffectiveGasPrice, new(big.Int).SetUint64(r.GasUsed)))
	}
	return total
}

func TestDeploy(t *testing.T) {
	c := newChain(t)
	start := time.Now()
	p := c.deploy(t)
	t.Logf("deployed in %v", time.Since(start))

	pool := bindings.NewLendingPool()
	pi := pool.Instance(c.b, p.LendingPool)
	if call(t, pi, pool.PackPaused(), pool.UnpackPaused) {
		t.Error("pool starts paused")
	}
	for _, who := range []common.Address{c.admin.From, c.pauser} {
		if !call(t, pi, pool.PackHasRole(demo.PauserRole, who), pool.UnpackHasRole) {
			t.Errorf("%s lacks PAUSER_ROLE on the pool", who)
		}
	}
	if got := call(t, pi, pool.PackPAUSERROLE(), pool.UnpackPAUSERROLE); common.Hash(got) != demo.PauserRole {
		t.Errorf("PAUSER_ROLE = %x, want %x", got, demo.PauserRole)
	}
	s := snapshot(t, c, p)
	if s.poolETH.Cmp(demo.Ether(10)) != 0 || s.poolStable.Cmp(demo.Ether(500_000)) != 0 || !s.solvent {
		t.Errorf("pool holds %v wei and %v dUSD (solvent %v), want 10 ETH and 500000 dUSD", s.poolETH, s.poolStable, s.solvent)
	}
	amm := bindings.NewSimpleAMM()
	if price := call(t, amm.Instance(c.b, p.AMM), amm.PackSpotPrice(), amm.UnpackSpotPrice); price.Cmp(demo.Ether(1)) != 0 {
		t.Errorf("spot price = %v, want 1e18", price)
	}
	vault := bindings.NewUpgradeableVault()
	vi := vault.Instance(c.b, p.Vault)
	if v := call(t, vi, vault.PackVersion(), vault.UnpackVersion); v.Int64() != 1 {
		t.Errorf("vault version through the proxy = %v, want 1", v)
	}
	if !call(t, vi, vault.PackHasRole(demo.PauserRole, c.pauser), vault.UnpackHasRole) {
		t.Error("pauser lacks PAUSER_ROLE on the vault")
	}
}

func TestRunScenario(t *testing.T) {
	tests := []struct {
		name  string
		check func(t *testing.T, before, after state, fee *big.Int)
	}{
		{demo.ScenarioReentrancy, func(t *testing.T, before, after state, fee *big.Int) {
			// The pool held 10 ETH plus the 10 ETH stake and pays the stake
			// once per (re-)entry: all 20 leave, 10 of them the other users'.
			if after.poolETH.Sign() != 0 {
				t.Errorf("pool ETH after = %v, want 0", after.poolETH)
			}
			want := new(big.Int).Sub(new(big.Int).Add(before.attackerETH, before.poolETH), fee)
			if after.attackerETH.Cmp(want) != 0 {
				t.Errorf("attacker ETH = %v, want %v (before + pool's 10 ETH - gas)", after.attackerETH, want)
			}
			if after.solvent || after.totalEthDeposits.Cmp(demo.Ether(10)) != 0 {
				t.Errorf("after: solvent %v, totalEthDeposits %v; want insolvent with 10 ETH still owed", after.solvent, after.totalEthDeposits)
			}
		}},
		{demo.ScenarioOracle, func(t *testing.T, before, after state, _ *big.Int) {
			if after.poolStable.Sign() != 0 {
				t.Errorf("pool dUSD after = %v, want 0 (all borrowed)", after.poolStable)
			}
			gain := new(big.Int).Sub(after.attackerStable, before.attackerStable)
			if gain.Cmp(demo.Ether(400_000)) < 0 {
				t.Errorf("attacker dUSD gain = %v, want more than 400000e18 of the pool's 500000e18", gain)
			}
			t.Logf("attacker dUSD profit %v; pool lost %v", gain, new(big.Int).Sub(before.poolStable, after.poolStable))
		}},
		{demo.ScenarioAccess, func(t *testing.T, before, after state, _ *big.Int) {
			if after.poolStable.Sign() != 0 || after.poolCol.Sign() != 0 {
				t.Errorf("pool after holds %v dUSD, %v dCOL; want 0", after.poolStable, after.poolCol)
			}
			gain := new(big.Int).Sub(after.attackerStable, before.attackerStable)
			if gain.Cmp(before.poolStable) != 0 {
				t.Errorf("attacker dUSD gain = %v, want the pool's %v", gain, before.poolStable)
			}
			if after.solvent {
				t.Error("pool still reports solvent")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChain(t)
			p := c.deploy(t)
			before := snapshot(t, c, p)
			a, err := demo.RunScenario(t.Context(), c.b, p, tt.name, c.attacker, demo.DefaultScenarioParams())
			if err != nil {
				t.Fatalf("RunScenario: %v", err)
			}
			if a.Contract == (common.Address{}) || a.Receipt.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("attack = %+v", a)
			}
			after := snapshot(t, c, p)
			tt.check(t, before, after, fees(t, c, a))
			if after.poolStable.Cmp(before.poolStable) >= 0 && after.poolETH.Cmp(before.poolETH) >= 0 {
				t.Error("the pool lost nothing")
			}
		})
		t.Run(tt.name+"/paused", func(t *testing.T) {
			c := newChain(t)
			p := c.deploy(t)
			pool := bindings.NewLendingPool()
			tx, err := bind.Transact(pool.Instance(c.b, p.LendingPool), c.admin, pool.PackPause())
			if err != nil {
				t.Fatal(err)
			}
			if r, err := bind.WaitMined(t.Context(), c.b, tx.Hash()); err != nil || r.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("pause: %v %v", r, err)
			}
			before := snapshot(t, c, p)
			a, err := demo.RunScenario(t.Context(), c.b, p, tt.name, c.attacker, demo.DefaultScenarioParams())
			if !errors.Is(err, demo.ErrReverted) {
				t.Fatalf("RunScenario on a paused pool: err = %v, want ErrReverted", err)
			}
			if a == nil || a.Receipt == nil || a.Receipt.Status != types.ReceiptStatusFailed {
				t.Fatalf("want a mined, reverted attack; got %+v", a)
			}
			after := snapshot(t, c, p)
			if after.poolETH.Cmp(before.poolETH) != 0 || after.poolStable.Cmp(before.poolStable) != 0 ||
				after.poolCol.Cmp(before.poolCol) != 0 || after.attackerStable.Cmp(before.attackerStable) != 0 {
				t.Errorf("value moved while paused: before %+v after %+v", before, after)
			}
			wantETH := new(big.Int).Sub(before.attackerETH, fees(t, c, a))
			if after.attackerETH.Cmp(wantETH) != 0 {
				t.Errorf("attacker ETH = %v, want %v (only gas spent)", after.attackerETH, wantETH)
			}
		})
	}
}

func TestRunScenarioUnknown(t *testing.T) {
	c := newChain(t)
	_, err := demo.RunScenario(t.Context(), c.b, &demo.Protocol{}, "flashy", c.attacker, demo.DefaultScenarioParams())
	if !errors.Is(err, demo.ErrUnknownScenario) {
		t.Fatalf("err = %v, want ErrUnknownScenario", err)
	}
}

func TestDeploySafe(t *testing.T) {
	c := newChain(t)
	owners := []common.Address{c.admin.From, c.attacker.From, c.pauser}
	s, err := demo.DeploySafe(t.Context(), c.b, c.admin, owners, 2)
	if err != nil {
		t.Fatalf("DeploySafe: %v", err)
	}
	safe := bindings.NewSafeL2()
	si := safe.Instance(c.b, s.Address)
	if got := call(t, si, safe.PackGetThreshold(), safe.UnpackGetThreshold); got.Uint64() != 2 {
		t.Errorf("threshold = %v, want 2", got)
	}
	got := call(t, si, safe.PackGetOwners(), safe.UnpackGetOwners)
	if len(got) != 3 {
		t.Fatalf("owners = %v, want 3", got)
	}
	for _, o := range owners {
		if !call(t, si, safe.PackIsOwner(o), safe.UnpackIsOwner) {
			t.Errorf("%s is not an owner", o)
		}
	}
	if v := call(t, si, safe.PackVERSION(), safe.UnpackVERSION); v != "1.4.1" {
		t.Errorf("VERSION = %q, want 1.4.1", v)
	}
	if _, err := demo.DeploySafe(t.Context(), c.b, c.admin, owners, 4); err == nil {
		t.Error("threshold above the owner count accepted")
	}
}

// mustSend sends one transaction from opts and requires it to succeed.
func mustSend(t *testing.T, c *chain, opts *bind.TransactOpts, bc *bind.BoundContract, data []byte) *types.Receipt {
	t.Helper()
	tx, err := bind.Transact(bc, opts, data)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	r, err := bind.WaitMined(t.Context(), c.b, tx.Hash())
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("tx %s: receipt %v, err %v", tx.Hash(), r, err)
	}
	return r
}

func TestFeeTokenBurnsOnePercent(t *testing.T) {
	c := newChain(t)
	p := c.deploy(t)
	fee := bindings.NewFeeToken()
	fi := fee.Instance(c.b, p.FeeToken)
	supply := call(t, fi, fee.PackTotalSupply(), fee.UnpackTotalSupply)
	mustSend(t, c, c.admin, fi, fee.PackTransfer(c.pauser, demo.Ether(1_000)))
	if got := call(t, fi, fee.PackBalanceOf(c.pauser), fee.UnpackBalanceOf); got.Cmp(demo.Ether(990)) != 0 {
		t.Errorf("recipient got %v, want 990e18", got)
	}
	after := call(t, fi, fee.PackTotalSupply(), fee.UnpackTotalSupply)
	if burned := new(big.Int).Sub(supply, after); burned.Cmp(demo.Ether(10)) != 0 {
		t.Errorf("burned %v, want 10e18", burned)
	}
}

// TestMerkleClaim builds a two-leaf StandardMerkleTree by hand (leaf =
// keccak256(keccak256(abi.encode(account, amount))), pairs hashed sorted)
// and claims both leaves on chain.
func TestMerkleClaim(t *testing.T) {
	c := newChain(t)
	p := c.deploy(t)
	args := abi.Arguments{{Type: mustType(t, "address")}, {Type: mustType(t, "uint256")}}
	leaf := func(a common.Address, amount *big.Int) common.Hash {
		enc, err := args.Pack(a, amount)
		if err != nil {
			t.Fatal(err)
		}
		return crypto.Keccak256Hash(crypto.Keccak256(enc))
	}
	alice, bob := c.attacker.From, c.pauser
	la, lb := leaf(alice, demo.Ether(3)), leaf(bob, demo.Ether(5))
	lo, hi := la, lb
	if bytes.Compare(lo[:], hi[:]) > 0 {
		lo, hi = hi, lo
	}
	root := crypto.Keccak256Hash(lo[:], hi[:])

	mc := bindings.NewMerkleClaim()
	addr, tx, err := bind.DeployContract(c.admin, common.FromHex(bindings.MerkleClaimMetaData.Bin), c.b,
		mc.PackConstructor(p.StableToken, root))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitDeployed(t.Context(), c.b, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	stable := bindings.NewStableToken()
	mustSend(t, c, c.admin, stable.Instance(c.b, p.StableToken), stable.PackTransfer(addr, demo.Ether(8)))
	mi := mc.Instance(c.b, addr)

	// Anyone may submit; the tokens go to the account.
	mustSend(t, c, c.admin, mi, mc.PackClaim(alice, demo.Ether(3), [][32]byte{lb}))
	if got := call(t, stable.Instance(c.b, p.StableToken), stable.PackBalanceOf(alice), stable.UnpackBalanceOf); got.Cmp(demo.Ether(3)) != 0 {
		t.Errorf("alice got %v, want 3e18", got)
	}
	if !call(t, mi, mc.PackIsClaimed(alice), mc.UnpackIsClaimed) || call(t, mi, mc.PackIsClaimed(bob), mc.UnpackIsClaimed) {
		t.Error("claimed bitmap wrong after alice's claim")
	}
	for _, bad := range []struct {
		name    string
		account common.Address
		amount  *big.Int
		proof   common.Hash
		errID   common.Hash
	}{
		{"double claim", alice, demo.Ether(3), lb, bindings.MerkleClaimAlreadyClaimedErrorID()},
		{"wrong amount", bob, demo.Ether(6), la, bindings.MerkleClaimInvalidProofErrorID()},
	} {
		_, err := c.b.EstimateGas(t.Context(), ethereum.CallMsg{From: c.admin.From, To: &addr,
			Data: mc.PackClaim(bad.account, bad.amount, [][32]byte{bad.proof})})
		var de interface{ ErrorData() any }
		if !errors.As(err, &de) {
			t.Errorf("%s: err = %v, want a revert", bad.name, err)
			continue
		}
		if data, _ := de.ErrorData().(string); !strings.HasPrefix(data, hexutil.Encode(bad.errID[:4])) {
			t.Errorf("%s: revert data %v, want error %x", bad.name, de.ErrorData(), bad.errID[:4])
		}
	}
	mustSend(t, c, c.admin, mi, mc.PackClaim(bob, demo.Ether(5), [][32]byte{la}))
	if got := call(t, stable.Instance(c.b, p.StableToken), stable.PackBalanceOf(addr), stable.UnpackBalanceOf); got.Sign() != 0 {
		t.Errorf("claim contract keeps %v after both claims, want 0", got)
	}
}

func mustType(t *testing.T, s string) abi.Type {
	t.Helper()
	typ, err := abi.NewType(s, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return typ
}

func TestVaultUpgrade(t *testing.T) {
	c := newChain(t)
	p := c.deploy(t)
	vault := bindings.NewUpgradeableVault()
	vi := vault.Instance(c.b, p.Vault)
	// Without UPGRADER_ROLE the upgrade is refused with the role named.
	_, err := c.b.EstimateGas(t.Context(), ethereum.CallMsg{From: c.attacker.From, To: &p.Vault,
		Data: vault.PackUpgradeToAndCall(p.VaultV2Implementation, nil)})
	var de interface{ ErrorData() any }
	if !errors.As(err, &de) {
		t.Fatalf("upgrade by a stranger: err = %v, want a revert", err)
	}
	id := bindings.UpgradeableVaultAccessControlUnauthorizedAccountErrorID()
	if data, _ := de.ErrorData().(string); !strings.HasPrefix(data, hexutil.Encode(id[:4])) {
		t.Errorf("revert data %v, want AccessControlUnauthorizedAccount", de.ErrorData())
	}
	mustSend(t, c, c.admin, vi, vault.PackUpgradeToAndCall(p.VaultV2Implementation, nil))
	if v := call(t, vi, vault.PackVersion(), vault.UnpackVersion); v.Int64() != 2 {
		t.Errorf("version after upgrade = %v, want 2", v)
	}
}
