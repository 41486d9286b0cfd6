package forensics

import (
	"encoding/json"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/contracts"
	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/devnet"
)

// TestAttackShareInflation: the first depositor of a share vault deposits
// one base unit, donates 1 token to inflate the share, a user's 0.75
// deposit then mints no share, and the attacker redeems its one share for
// everything. The last step alone shows the vault's gross outflow (1.75
// and a base unit); the attack of the three steps shows the true loss:
// the user's 0.75, to the base unit of the chain's balances before the
// first step and after the last, with the user's deposit listed between
// the steps and nothing unexplained.
func TestAttackShareInflation(t *testing.T) {
	l := newLab(t)
	tok := bindings.NewShapeToken()
	sv := bindings.NewShareVault()
	stake := l.create(l.deploy, bindings.ShapeTokenMetaData.Bin, tok.PackConstructor("Stake", "STK"))
	vault := l.create(l.deploy, bindings.ShareVaultMetaData.Bin, sv.PackConstructor(stake))
	user := l.fresh()
	l.send(l.deploy, stake, tok.PackMint(l.atk, whole(2)))
	l.send(l.deploy, stake, tok.PackMint(user, whole(1)))
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	l.send(l.atk, stake, tok.PackApprove(vault, max))
	l.send(user, stake, tok.PackApprove(vault, max))
	opts := Options{Contracts: []Contract{{Name: "vault", Address: vault}}}

	threeQuarters := new(big.Int).Div(whole(3), big.NewInt(4))
	step1 := l.send(l.atk, vault, sv.PackDeposit(big.NewInt(1)))
	step2 := l.send(l.atk, stake, tok.PackTransfer(vault, whole(1)))
	deposit := l.send(user, vault, sv.PackDeposit(threeQuarters))
	step3 := l.send(l.atk, vault, sv.PackRedeem(big.NewInt(1)))

	gross := new(big.Int).Add(new(big.Int).Add(whole(1), threeQuarters), big.NewInt(1))
	last := l.analyze(step3, opts)
	if got := lossOf1(last, stake); got == nil || got.Cmp(gross) != 0 {
		t.Fatalf("the last step alone: loss %v, want the gross %s", last.Loss, gross)
	}

	at, err := AnalyzeAttack(l.ctx, l.rpc, []common.Hash{step3.TxHash, step1.TxHash, step2.TxHash}, opts)
	if err != nil {
		t.Fatal(err)
	}
	truth := new(big.Int).Sub(l.balance(stake, user, step3.BlockNumber.Uint64()), l.balance(stake, user, step1.BlockNumber.Uint64()-1))
	if truth.Cmp(new(big.Int).Neg(threeQuarters)) != 0 {
		t.Fatalf("the user changed by %s", truth)
	}
	if got := stepTxs(at.Steps); !slices.Equal(got, []common.Hash{step1.TxHash, step2.TxHash, step3.TxHash}) {
		t.Errorf("steps %v not in chain order", got)
	}
	if v := addresses(at.Victims); !slices.Equal(v, []common.Address{user}) {
		t.Errorf("victims %v, want the user whose deposit minted nothing", v)
	}
	if a := addresses(at.Attackers); !slices.Equal(a, []common.Address{l.atk}) {
		t.Errorf("attackers %v", a)
	}
	if len(at.Loss) != 1 || at.Loss[0].Token != stake || at.Loss[0].Amount.Cmp(threeQuarters) != 0 {
		t.Errorf("loss %v, want %s of the stake (the chain says the user lost %s)", at.Loss, threeQuarters, truth)
	}
	var netAttacker *big.Int
	for _, bc := range at.NetChanges {
		if bc.Address == l.atk && bc.Token == stake {
			netAttacker = bc.Delta
		}
	}
	if netAttacker == nil || netAttacker.Cmp(threeQuarters) != 0 {
		t.Errorf("attacker's net %v, want +%s", netAttacker, threeQuarters)
	}
	if len(at.Between) != 1 || at.Between[0].Tx != deposit.TxHash {
		t.Fatalf("between: %v, want the user's deposit %s", stepTxs(at.Between), deposit.TxHash.Hex())
	}
	want := []TokenAmount{{stake, new(big.Int).Neg(threeQuarters)}}
	if !sameAmounts(at.Gap, want) || !sameAmounts(at.BetweenChanges[0], want) || len(at.Unexplained) != 0 {
		t.Errorf("gap %v between %v unexplained %v", at.Gap, at.BetweenChanges, at.Unexplained)
	}
	var text strings.Builder
	if err := at.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "Loss of the whole attack") || !strings.Contains(text.String(), deposit.TxHash.Hex()) {
		t.Errorf("text report:\n%s", text.String())
	}
	if testing.Verbose() {
		t.Log("\n" + text.String())
	}
	b, err := json.Marshal(at)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Loss  map[string]string `json:"loss"`
		Steps []struct {
			Tx string `json:"tx"`
		} `json:"steps"`
		Analyses []json.RawMessage `json:"analyses"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Loss[stake.Hex()] != threeQuarters.String() || len(m.Steps) != 3 || len(m.Analyses) != 3 {
		t.Errorf("JSON: loss %v, %d steps, %d analyses", m.Loss, len(m.Steps), len(m.Analyses))
	}
}

func stepTxs(as []*Analysis) []common.Hash {
	var out []common.Hash
	for _, a := range as {
		out = append(out, a.Tx)
	}
	return out
}

func sameAmounts(a, b []TokenAmount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Token != b[i].Token || a[i].Amount.Cmp(b[i].Amount) != 0 {
			return false
		}
	}
	return true
}

// TestAttackNativeBetween: the devnet's pool is exploited twice; between
// the two, a user deposits ETH into it (native value, no token event),
// which the second exploit takes too. The transactions between are found
// by tracing the blocks, so the gap is explained; the victims are the pool
// and the user, and the loss of the whole attack is their net loss per
// token, to the wei of the chain's balances.
func TestAttackNativeBetween(t *testing.T) {
	l := newLab(t)
	dep := l.d.Deployment()
	r1, err := l.d.RunScenario(l.ctx, devnet.ScenarioReentrancy)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := contracts.Load("LendingPool")
	if err != nil {
		t.Fatal(err)
	}
	depositETH, err := pool.ABI.Pack("depositETH")
	if err != nil {
		t.Fatal(err)
	}
	userKey := l.d.Keys().Users[0]
	user := crypto.PubkeyToAddress(userKey.PublicKey)
	s := &sender{t: t, client: l.d.Client(), chain: l.d.ChainID()}
	deposit := s.send(userKey, dep.Pool, ether(3000), depositETH)
	r2, err := l.d.RunScenario(l.ctx, devnet.ScenarioAccess)
	if err != nil {
		t.Fatal(err)
	}
	at, err := AnalyzeAttack(l.ctx, l.rpc, []common.Hash{r1.Tx, r2.Tx}, Options{Contracts: protocol(t, dep)})
	if err != nil {
		t.Fatal(err)
	}
	if got := stepTxs(at.Between); !slices.Equal(got, []common.Hash{deposit.TxHash}) {
		t.Fatalf("between %v, want the user's deposit %s", got, deposit.TxHash.Hex())
	}
	if len(at.Unexplained) != 0 {
		t.Errorf("unexplained %v; warnings %q", at.Unexplained, at.Warnings)
	}
	// The chain's truth: the pool's and the user's balances before the
	// first exploit and after the second (the user's gas added back).
	want := map[common.Address]*big.Int{}
	gas := new(big.Int).Mul(new(big.Int).SetUint64(deposit.GasUsed), deposit.EffectiveGasPrice)
	for _, tok := range []common.Address{Native, dep.Stable, dep.Collateral} {
		for _, who := range []common.Address{dep.Pool, user} {
			b, err := l.d.BalanceAt(l.ctx, tok, who, new(big.Int).SetUint64(r1.Block-1))
			if err != nil {
				t.Fatal(err)
			}
			a, err := l.d.BalanceAt(l.ctx, tok, who, new(big.Int).SetUint64(r2.Block))
			if err != nil {
				t.Fatal(err)
			}
			d := new(big.Int).Sub(a, b)
			if who == user && tok == Native {
				d.Add(d, gas)
			}
			if d.Sign() < 0 {
				if want[tok] == nil {
					want[tok] = new(big.Int)
				}
				want[tok].Sub(want[tok], d)
			}
		}
	}
	got := map[common.Address]*big.Int{}
	for _, x := range at.Loss {
		got[x.Token] = x.Amount
	}
	if len(got) != len(want) {
		t.Errorf("loss %v, chain says %v", got, want)
	}
	for tok, w := range want {
		if got[tok] == nil || got[tok].Cmp(w) != 0 {
			t.Errorf("loss of %s = %v, chain says %s", tok.Hex(), got[tok], w)
		}
	}
	if v := addresses(at.Victims); !slices.Contains(v, dep.Pool) || !slices.Contains(v, user) {
		t.Errorf("victims %v, want the pool and the user", v)
	}
}
