package forensics

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
	"github.com/breakglass-dev/breakglass/internal/devnet"
)

// lab deploys the loss-shape contracts (contracts/src/LossShapes.sol and
// AttackShapes.sol) on a devnet and reads the chain's own balances to
// compare the analyses with.
type lab struct {
	t      *testing.T
	ctx    context.Context
	d      *devnet.Devnet
	rpc    *rpc.Client
	keys   map[common.Address]*ecdsa.PrivateKey
	atk    common.Address // the attacker's account
	deploy common.Address // the protocol's deployer
}

func newLab(t *testing.T) *lab {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	d, c := startDevnet(t)
	l := &lab{t: t, ctx: ctx, d: d, rpc: c, keys: map[common.Address]*ecdsa.PrivateKey{}}
	l.atk = l.key(d.Keys().Attacker)
	l.deploy = l.key(d.Keys().Deployer)
	return l
}

func (l *lab) key(k *ecdsa.PrivateKey) common.Address {
	addr := crypto.PubkeyToAddress(k.PublicKey)
	l.keys[addr] = k
	return addr
}

// fresh returns a new account funded with 10 ETH.
func (l *lab) fresh() common.Address {
	l.t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		l.t.Fatal(err)
	}
	addr := l.key(k)
	s := &sender{t: l.t, client: l.d.Client(), chain: l.d.ChainID()}
	s.send(l.d.Keys().Deployer, addr, ether(10_000), nil)
	return addr
}

func (l *lab) opts(from common.Address) *bind.TransactOpts {
	o := bind.NewKeyedTransactor(l.keys[from], l.d.ChainID())
	o.Context = l.ctx
	return o
}

func (l *lab) create(from common.Address, bin string, args []byte) common.Address {
	l.t.Helper()
	addr, tx, err := bind.DeployContract(l.opts(from), common.FromHex(bin), l.d.Client(), args)
	if err != nil {
		l.t.Fatalf("deploy: %v", err)
	}
	l.wait(tx)
	return addr
}

func (l *lab) send(from, to common.Address, data []byte) *types.Receipt {
	l.t.Helper()
	c := bind.NewBoundContract(to, abi.ABI{}, l.d.Client(), l.d.Client(), l.d.Client())
	tx, err := c.RawTransact(l.opts(from), data)
	if err != nil {
		l.t.Fatalf("send to %s: %v", to.Hex(), err)
	}
	return l.wait(tx)
}

func (l *lab) wait(tx *types.Transaction) *types.Receipt {
	l.t.Helper()
	r, err := demo.WaitMined(l.ctx, l.d.Client(), tx.Hash())
	if err != nil {
		l.t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		l.t.Fatalf("tx %s reverted", tx.Hash().Hex())
	}
	return r
}

// balance is the chain's own answer: token.balanceOf(holder) after block.
func (l *lab) balance(token, holder common.Address, block uint64) *big.Int {
	l.t.Helper()
	data := append(append([]byte{}, selectorBalanceOf...), common.LeftPadBytes(holder.Bytes(), 32)...)
	out, err := l.d.Client().CallContract(l.ctx, ethereum.CallMsg{To: &token, Data: data}, new(big.Int).SetUint64(block))
	if err != nil || len(out) != 32 {
		l.t.Fatalf("balanceOf(%s) on %s at %d: %v", holder.Hex(), token.Hex(), block, err)
	}
	return new(big.Int).SetBytes(out)
}

// change is holder's balance change of token over the transaction of r
// (each transaction is mined in a block of its own on the devnet).
func (l *lab) change(token, holder common.Address, r *types.Receipt) *big.Int {
	n := r.BlockNumber.Uint64()
	return new(big.Int).Sub(l.balance(token, holder, n), l.balance(token, holder, n-1))
}

func whole(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func (l *lab) analyze(r *types.Receipt, opts Options) *Analysis {
	l.t.Helper()
	a, err := Analyze(l.ctx, l.rpc, r.TxHash, opts)
	if err != nil {
		l.t.Fatal(err)
	}
	if testing.Verbose() {
		var text strings.Builder
		if err := a.WriteText(&text); err != nil {
			l.t.Fatal(err)
		}
		l.t.Log("\n" + text.String())
	}
	return a
}

func lossOf1(a *Analysis, token common.Address) *big.Int {
	for _, l := range a.Loss {
		if l.Token == token {
			return l.Amount
		}
	}
	return nil
}

func changeOf(a *Analysis, addr, token common.Address) *big.Int {
	d := new(big.Int)
	for _, bc := range a.BalanceChanges {
		if bc.Address == addr && bc.Token == token {
			d.Add(d, bc.Delta)
		}
	}
	return d
}

// TestLossFromStateSwap: a vault of the plan sells token B through a pool
// whose price the attacker pushed and restored in the same transaction:
// it loses B and gains some A. It is a victim; its loss is the B it lost,
// per token, to the base unit of the chain's own balances; valued at
// prices, it is the B lost less the A received.
func TestLossFromStateSwap(t *testing.T) {
	l := newLab(t)
	tok := bindings.NewShapeToken()
	tokA := l.create(l.deploy, bindings.ShapeTokenMetaData.Bin, tok.PackConstructor("Token A", "TKA"))
	tokB := l.create(l.deploy, bindings.ShapeTokenMetaData.Bin, tok.PackConstructor("Token B", "TKB"))
	pool := l.create(l.deploy, bindings.ShapePoolMetaData.Bin, bindings.NewShapePool().PackConstructor(tokA, tokB))
	vault := l.create(l.deploy, bindings.SwapVaultMetaData.Bin, bindings.NewSwapVault().PackConstructor(pool))
	l.send(l.deploy, tokA, tok.PackMint(pool, whole(1000)))
	l.send(l.deploy, tokB, tok.PackMint(pool, whole(1000)))
	l.send(l.deploy, pool, bindings.NewShapePool().PackSync())
	l.send(l.deploy, tokB, tok.PackMint(vault, whole(200)))
	sandwich := l.create(l.atk, bindings.SandwicherMetaData.Bin, nil)
	l.send(l.deploy, tokB, tok.PackMint(sandwich, whole(1000)))

	r := l.send(l.atk, sandwich, bindings.NewSandwicher().PackAttack(pool, vault, tokB, whole(1000), whole(200)))
	lostB, gotA := new(big.Int).Neg(l.change(tokB, vault, r)), l.change(tokA, vault, r)
	if lostB.Cmp(whole(200)) != 0 || gotA.Sign() <= 0 {
		t.Fatalf("the vault changed by -%s B, +%s A: not the shape under test", lostB, gotA)
	}
	prices := map[common.Address]*big.Rat{tokA: big.NewRat(1, 1), tokB: big.NewRat(1, 1)}
	a := l.analyze(r, Options{Contracts: []Contract{{Name: "vault", Address: vault}}, Prices: prices})
	if v := addresses(a.Victims); !slices.Equal(v, []common.Address{vault}) {
		t.Fatalf("victims = %v, want the vault", v)
	}
	if got := lossOf1(a, tokB); got == nil || got.Cmp(lostB) != 0 || len(a.Loss) != 1 {
		t.Errorf("loss = %v, want %s of B alone (the chain's balances)", a.Loss, lostB)
	}
	if got := changeOf(a, vault, tokA); got.Cmp(gotA) != 0 {
		t.Errorf("vault's A change = %s, chain says %s", got, gotA)
	}
	wantUSD := new(big.Rat).SetFrac(new(big.Int).Sub(lostB, gotA), big.NewInt(1e18))
	if a.LossUSD == nil || a.LossUSD.Cmp(wantUSD) != 0 {
		t.Errorf("loss USD = %v, want the net %s", a.LossUSD, wantUSD.FloatString(6))
	}
	// The attacker's account got the proceeds; the sandwich contract is
	// its own, deployed just before.
	profit := l.change(tokB, l.atk, r)
	if got := changeOf(a, l.atk, tokB); got.Cmp(profit) != 0 || profit.Sign() <= 0 {
		t.Errorf("attacker's B change = %s, chain says %s", got, profit)
	}
	if at := addresses(a.Attackers); !slices.Contains(at, l.atk) || !slices.Contains(at, sandwich) {
		t.Errorf("attackers = %v, want the account and its sandwich contract", at)
	}
	for _, p := range a.Attackers {
		if p.Confidence != ConfidenceHigh || !slices.Contains(p.Signals, SignalRoundTrip) {
			t.Errorf("attacker %s: confidence %q signals %v, want high with a round trip", p.Address.Hex(), p.Confidence, p.Signals)
		}
	}
	if len(a.FlashLoans) != 0 {
		t.Errorf("a swap read as a flash loan: %+v", a.FlashLoans)
	}
	if len(a.Warnings) > 0 {
		t.Errorf("warnings: %q", a.Warnings)
	}
}

// TestLossFromStateSilentToken: a token that emits no Transfer event is
// swept out of a vault of the plan. The loss is still found, from its
// balanceOf, and a warning says its events do not explain the movement.
func TestLossFromStateSilentToken(t *testing.T) {
	l := newLab(t)
	silent := l.create(l.deploy, bindings.SilentTokenMetaData.Bin, nil)
	vault := l.create(l.deploy, bindings.LooseVaultMetaData.Bin, nil)
	l.send(l.deploy, silent, bindings.NewSilentToken().PackMint(vault, whole(500)))
	l.send(l.deploy, silent, bindings.NewSilentToken().PackMint(l.deploy, whole(7)))

	r := l.send(l.atk, vault, bindings.NewLooseVault().PackSweep(silent, l.atk))
	lost := new(big.Int).Neg(l.change(silent, vault, r))
	if lost.Cmp(whole(500)) != 0 {
		t.Fatalf("the vault lost %s", lost)
	}
	a := l.analyze(r, Options{Contracts: []Contract{{Name: "vault", Address: vault}}})
	if len(a.Flows) != 0 {
		t.Errorf("flows %v from a token without events", a.Flows)
	}
	if got := lossOf1(a, silent); got == nil || got.Cmp(lost) != 0 {
		t.Errorf("loss = %v, want %s of the silent token", a.Loss, lost)
	}
	if v := addresses(a.Victims); !slices.Equal(v, []common.Address{vault}) {
		t.Errorf("victims = %v, want the vault", v)
	}
	if at := addresses(a.Attackers); !slices.Equal(at, []common.Address{l.atk}) || !slices.Contains(a.Attackers[0].Signals, SignalDrain) {
		t.Errorf("attackers = %+v, want the sweeper, by the drain", a.Attackers)
	}
	if a.Tokens[silent].Symbol != "SIL" || a.Tokens[silent].Standard != StandardERC20 {
		t.Errorf("token info %+v", a.Tokens[silent])
	}
	warned := 0
	for _, w := range a.Warnings {
		if strings.Contains(w, silent.Hex()) && strings.Contains(w, "not explained by the token's events") {
			warned++
		}
	}
	if warned != 2 { // the vault's fall and the attacker's rise
		t.Errorf("warnings %q: want one per unexplained balance of %s", a.Warnings, silent.Hex())
	}
}

// TestLossNFTMintReentered: an NFT of the plan limits each account to one
// mint, but a receiver that mints again from its onERC721Received hook
// mints 22. The attacker's +22 tokens are in the balance changes (from
// balanceOf), the NFT contract is the victim of its own issuance, the loss
// is 22 of it, and the re-entry is found. A receiver that mints once and
// only reads the NFT back from its hook is no attacker and no re-entrancy.
func TestLossNFTMintReentered(t *testing.T) {
	l := newLab(t)
	nft := l.create(l.deploy, bindings.HookMintNFTMetaData.Bin, nil)
	minter := l.create(l.atk, bindings.HookMinterMetaData.Bin, bindings.NewHookMinter().PackConstructor(nft))
	user := l.fresh()
	reader := l.create(user, bindings.HookReaderMetaData.Bin, bindings.NewHookReader().PackConstructor(nft))
	opts := Options{Contracts: []Contract{{Name: "nft", Address: nft}}}

	r := l.send(l.atk, minter, bindings.NewHookMinter().PackAttack(big.NewInt(22)))
	got := l.change(nft, minter, r)
	if got.Cmp(big.NewInt(22)) != 0 {
		t.Fatalf("the minter got %s NFTs", got)
	}
	a := l.analyze(r, opts)
	if d := changeOf(a, minter, nft); d.Cmp(got) != 0 {
		t.Errorf("minter's NFT change = %s, chain says %s", d, got)
	}
	if a.Tokens[nft].Standard != StandardERC721 {
		t.Errorf("NFT standard %q", a.Tokens[nft].Standard)
	}
	if v := addresses(a.Victims); !slices.Equal(v, []common.Address{nft}) {
		t.Errorf("victims = %v, want the NFT contract", v)
	}
	if loss := lossOf1(a, nft); loss == nil || loss.Cmp(got) != 0 {
		t.Errorf("loss = %v, want %s of the NFT", a.Loss, got)
	}
	if at := addresses(a.Attackers); !slices.Contains(at, minter) || !slices.Contains(at, l.atk) {
		t.Errorf("attackers = %v", at)
	}
	if len(a.Reentrancy) != 21 || a.Reentrancy[0].Contract != nft || a.Reentrancy[0].Function != "0x1249c58b" && a.Reentrancy[0].Function != "mint" {
		t.Errorf("re-entrancy: %d frames, first %+v; want the 21 re-entered mints", len(a.Reentrancy), a.Reentrancy)
	}
	for _, rc := range a.Reconciliation {
		if rc.Token == nft && (rc.VictimsLost.Cmp(got) != 0 || rc.Attackers.Cmp(got) != 0) {
			t.Errorf("reconciliation of the NFT %+v", rc)
		}
	}
	if len(a.Warnings) > 0 {
		t.Errorf("warnings: %q", a.Warnings)
	}

	r = l.send(user, reader, bindings.NewHookReader().PackMintOne())
	b := l.analyze(r, opts)
	if len(b.Attackers) != 0 || len(b.Victims) != 0 || len(b.Loss) != 0 || len(b.Reentrancy) != 0 {
		t.Errorf("a single mint read back: attackers %v victims %v loss %v re-entrancy %+v", b.Attackers, b.Victims, b.Loss, b.Reentrancy)
	}
	if bn := addresses(b.Beneficiaries); !slices.Contains(bn, reader) {
		t.Errorf("beneficiaries = %v, want the reader that got its NFT", bn)
	}
}

// TestLossERC1155Swept: items of an ERC-1155 swept out of a vault of the
// plan are a loss like any token: per id in the balance changes, from
// balanceOf(address,uint256), and summed per token in the loss.
func TestLossERC1155Swept(t *testing.T) {
	l := newLab(t)
	items := l.create(l.deploy, bindings.ShapeItemsMetaData.Bin, nil)
	vault := l.create(l.deploy, bindings.LooseVaultMetaData.Bin, nil)
	si := bindings.NewShapeItems()
	l.send(l.deploy, items, si.PackMint(vault, big.NewInt(7), big.NewInt(40)))
	l.send(l.deploy, items, si.PackMint(vault, big.NewInt(9), big.NewInt(5)))

	r := l.send(l.atk, vault, bindings.NewLooseVault().PackSweepItems(items, big.NewInt(7), l.atk))
	a := l.analyze(r, Options{Contracts: []Contract{{Name: "vault", Address: vault}}})
	if a.Tokens[items].Standard != StandardERC1155 {
		t.Errorf("standard %q", a.Tokens[items].Standard)
	}
	var got []string
	for _, bc := range a.BalanceChanges {
		if bc.Token == items {
			got = append(got, bc.Address.Hex()+" "+bc.TokenID.String()+" "+bc.Delta.String())
		}
	}
	want := []string{vault.Hex() + " 7 -40", l.atk.Hex() + " 7 40"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("item changes %q, want %q", got, want)
	}
	if loss := lossOf1(a, items); loss == nil || loss.Cmp(big.NewInt(40)) != 0 || !slices.Equal(addresses(a.Victims), []common.Address{vault}) {
		t.Errorf("loss %v victims %v, want 40 items of the vault", a.Loss, a.Victims)
	}
	if !slices.Equal(addresses(a.Attackers), []common.Address{l.atk}) {
		t.Errorf("attackers %+v", a.Attackers)
	}
	if len(a.Warnings) > 0 {
		t.Errorf("warnings: %q", a.Warnings)
	}
}
