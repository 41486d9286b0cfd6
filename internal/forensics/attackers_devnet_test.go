package forensics

import (
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
)

// TestAttackerBenignClaimBesideTheft: a reward paid on the caller's stake
// balance. A holder claiming on its own stake gets what the rules give it:
// no attacker, no victim, no loss, the holder a beneficiary. A contract
// the attacker deployed borrows the stake from a lender without events,
// claims and repays: the attackers are its group, with high confidence
// (flash loan, fresh contract, callback), and the loss is the reward paid,
// to the base unit.
func TestAttackerBenignClaimBesideTheft(t *testing.T) {
	l := newLab(t)
	tok := bindings.NewShapeToken()
	stake := l.create(l.deploy, bindings.ShapeTokenMetaData.Bin, tok.PackConstructor("Stake", "STK"))
	reward := l.create(l.deploy, bindings.ShapeTokenMetaData.Bin, tok.PackConstructor("Reward", "RWD"))
	lender := l.create(l.deploy, bindings.QuietLenderMetaData.Bin, bindings.NewQuietLender().PackConstructor(stake))
	rewards := l.create(l.deploy, bindings.BalanceRewardsMetaData.Bin, bindings.NewBalanceRewards().PackConstructor(stake, reward))
	l.send(l.deploy, stake, tok.PackMint(lender, whole(1000)))
	l.send(l.deploy, reward, tok.PackMint(rewards, whole(1_000_000)))
	holder := l.fresh()
	l.send(l.deploy, stake, tok.PackMint(holder, whole(100)))
	borrower := l.create(l.atk, bindings.QuietBorrowerMetaData.Bin, bindings.NewQuietBorrower().PackConstructor(lender, rewards))
	opts := Options{Contracts: []Contract{{Name: "rewards", Address: rewards}}}

	benign := l.send(holder, rewards, bindings.NewBalanceRewards().PackClaim())
	a := l.analyze(benign, opts)
	if len(a.Attackers) != 0 || len(a.Victims) != 0 || len(a.Loss) != 0 {
		t.Errorf("benign claim: attackers %+v victims %+v loss %v", a.Attackers, a.Victims, a.Loss)
	}
	if b := addresses(a.Beneficiaries); !slices.Equal(b, []common.Address{holder}) {
		t.Errorf("benign claim: beneficiaries %v, want the holder", b)
	}
	if got, want := changeOf(a, holder, reward), l.change(reward, holder, benign); got.Cmp(want) != 0 || want.Cmp(whole(10)) != 0 {
		t.Errorf("holder's reward change %s, chain says %s", got, want)
	}

	theft := l.send(l.atk, borrower, bindings.NewQuietBorrower().PackViaCaller(whole(1000)))
	a = l.analyze(theft, opts)
	if at := addresses(a.Attackers); !slices.Equal(at, []common.Address{l.atk, borrower}) {
		t.Fatalf("theft: attackers %v, want the account and its borrower contract", at)
	}
	for _, p := range a.Attackers {
		for _, s := range []string{SignalFlashLoan, SignalFresh, SignalCallback} {
			if !slices.Contains(p.Signals, s) {
				t.Errorf("attacker %s signals %v lack %s", p.Address.Hex(), p.Signals, s)
			}
		}
		if p.Confidence != ConfidenceHigh {
			t.Errorf("attacker %s confidence %q", p.Address.Hex(), p.Confidence)
		}
	}
	if v := addresses(a.Victims); !slices.Equal(v, []common.Address{rewards}) {
		t.Errorf("theft: victims %v, want the rewards contract", v)
	}
	lost := new(big.Int).Neg(l.change(reward, rewards, theft))
	if got := lossOf1(a, reward); got == nil || got.Cmp(lost) != 0 || lost.Cmp(whole(100)) != 0 {
		t.Errorf("theft: loss %v, chain says %s", a.Loss, lost)
	}
	if len(a.FlashLoans) != 1 || a.FlashLoans[0].Lender != lender {
		t.Errorf("flash loans %+v", a.FlashLoans)
	}
}

// TestAttackerKeeperNamesRecipient: a keeper claims rewards on accounts'
// behalf. A routine claim for a user names no attacker and the user as
// beneficiary; a claim of everything the contract holds, owed to an
// account that set its own debt, names that account, not the keeper.
func TestAttackerKeeperNamesRecipient(t *testing.T) {
	l := newLab(t)
	tok := bindings.NewShapeToken()
	kr := bindings.NewKeeperRewards()
	reward := l.create(l.deploy, bindings.ShapeTokenMetaData.Bin, tok.PackConstructor("Reward", "RWD"))
	rewards := l.create(l.deploy, bindings.KeeperRewardsMetaData.Bin, kr.PackConstructor(reward))
	l.send(l.deploy, reward, tok.PackMint(rewards, whole(1000)))
	keeper, user := l.fresh(), l.fresh()
	opts := Options{Contracts: []Contract{{Name: "rewards", Address: rewards}}}

	l.send(l.deploy, rewards, kr.PackSetOwed(user, whole(5)))
	routine := l.send(keeper, rewards, kr.PackClaimFor(user))
	a := l.analyze(routine, opts)
	if len(a.Attackers) != 0 || len(a.Loss) != 0 || !slices.Equal(addresses(a.Beneficiaries), []common.Address{user}) {
		t.Errorf("routine claim: attackers %+v loss %v beneficiaries %+v", a.Attackers, a.Loss, a.Beneficiaries)
	}

	l.send(l.atk, rewards, kr.PackSetOwed(l.atk, whole(995)))
	theft := l.send(keeper, rewards, kr.PackClaimFor(l.atk))
	a = l.analyze(theft, opts)
	if at := addresses(a.Attackers); !slices.Equal(at, []common.Address{l.atk}) {
		t.Fatalf("theft: attackers %v, want the recipient %s (not the keeper %s)", at, l.atk.Hex(), keeper.Hex())
	}
	if p := a.Attackers[0]; p.Confidence != ConfidenceMedium || !slices.Equal(p.Signals, []string{SignalDrain}) {
		t.Errorf("recipient: confidence %q signals %v", p.Confidence, p.Signals)
	}
	lost := new(big.Int).Neg(l.change(reward, rewards, theft))
	if got := lossOf1(a, reward); got == nil || got.Cmp(lost) != 0 || !slices.Equal(addresses(a.Victims), []common.Address{rewards}) {
		t.Errorf("theft: loss %v victims %v, chain says %s", a.Loss, a.Victims, lost)
	}
}
