package forensics

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// LossMethod says, in the report, how the loss, the attackers' profit and
// the flash loans are counted, so that a reader can check one against the
// others.
const LossMethod = "Loss is the fall of each victim's balance of each token, measured from state: balanceOf and native " +
	"balance before and after the transaction at its position in its block (gas excluded), for every token the call tree " +
	"touched and every party; events and traces explain the flows, and a change they do not explain is a warning. " +
	"Amounts lent and repaid within the transaction, such as flash loans, cancel out and are not loss. Per token, a token " +
	"a victim received (what a vault got for what it sold at a manipulated price) is listed but not subtracted; the USD " +
	"figure, when prices are given, nets what the victims lost against what they received. ERC-721 balances count tokens; " +
	"ERC-1155 balances are per id. A plan token minted to the attackers is its issuer's loss. Attacker profit is the " +
	"attackers' net gain per token. Per token, what the victims lost equals what the attackers gained plus what other " +
	"parties gained (flash-loan fees, AMM pools) minus what the victims received: see the reconciliation."

// FlashLoan is an amount an address lent to the attackers and got back
// (with its fee) within the transaction: not a loss.
type FlashLoan struct {
	Lender common.Address
	Token  common.Address
	// Amount is what was lent, Repaid what came back (Amount plus the fee).
	Amount *big.Int
	Repaid *big.Int
}

// Reconciliation accounts for one token: every net balance change of the
// transaction falls in one of its parts, which add up to zero (mints and
// burns count through the zero address among the others).
type Reconciliation struct {
	Token common.Address
	// VictimsLost is the loss in this token (positive or zero).
	VictimsLost *big.Int
	// VictimsGained is what victims received of it (collateral, say).
	VictimsGained *big.Int
	// Attackers is the attackers' net change: their profit when positive.
	Attackers *big.Int
	// Others are the net changes of every other address, non-zero only.
	Others []BalanceChange
}

// reconcile fills Profit, FlashLoans and Reconciliation from the balance
// changes, the flows and the parties. It is a function of the rest of the
// analysis, so a report read back from JSON gets it again.
func (a *Analysis) reconcile() {
	attacker := map[common.Address]bool{}
	for _, p := range a.Attackers {
		attacker[p.Address] = true
	}
	victim := map[common.Address]bool{}
	for _, p := range a.Victims {
		victim[p.Address] = true
	}
	byToken := map[common.Address]*Reconciliation{}
	get := func(token common.Address) *Reconciliation {
		r := byToken[token]
		if r == nil {
			r = &Reconciliation{Token: token, VictimsLost: new(big.Int), VictimsGained: new(big.Int), Attackers: new(big.Int)}
			byToken[token] = r
		}
		return r
	}
	for _, bc := range a.BalanceChanges {
		if bc.TokenID != nil || bc.Delta.Sign() == 0 {
			continue // non-fungible tokens are listed in the changes only
		}
		r := get(bc.Token)
		switch {
		case attacker[bc.Address]:
			r.Attackers.Add(r.Attackers, bc.Delta)
		case victim[bc.Address] && bc.Delta.Sign() < 0:
			r.VictimsLost.Sub(r.VictimsLost, bc.Delta)
		case victim[bc.Address]:
			r.VictimsGained.Add(r.VictimsGained, bc.Delta)
		default:
			r.Others = append(r.Others, BalanceChange{Address: bc.Address, Token: bc.Token, Delta: new(big.Int).Set(bc.Delta)})
		}
	}
	for token, n := range issued(a.Victims, a.Attackers, a.BalanceChanges) {
		r := get(token)
		r.VictimsLost.Add(r.VictimsLost, n)
	}
	a.Profit, a.Reconciliation = nil, nil
	for _, token := range sortedKeys(byToken) {
		r := byToken[token]
		a.Reconciliation = append(a.Reconciliation, *r)
		if r.Attackers.Sign() > 0 {
			a.Profit = append(a.Profit, TokenAmount{Token: token, Amount: new(big.Int).Set(r.Attackers)})
		}
	}
	a.FlashLoans = flashLoans(a.Flows, attacker, victim)
}

// flashLoans finds, in execution order, an outflow from an address that is
// neither attacker nor victim to an attacker, followed by an inflow of at
// least as much of the same token from an attacker back to it. An outflow
// right after the attackers paid the same address another token is a
// swap's output, not a loan.
func flashLoans(flows []Flow, attacker, victim map[common.Address]bool) []FlashLoan {
	var out []FlashLoan
	used := make([]bool, len(flows))
	paidFirst := func(i int) bool {
		lend := flows[i]
		for k := i - 1; k >= 0; k-- {
			f := flows[k]
			switch {
			case attacker[f.From] && f.To == lend.From:
				return f.Token != lend.Token
			case f.From == lend.From && attacker[f.To]:
				return false
			}
		}
		return false
	}
	for i, lend := range flows {
		if used[i] || lend.TokenID != nil || attacker[lend.From] || victim[lend.From] || !attacker[lend.To] || lend.From == (common.Address{}) || paidFirst(i) {
			continue
		}
		for j := i + 1; j < len(flows); j++ {
			back := flows[j]
			if used[j] || back.Token != lend.Token || back.To != lend.From || !attacker[back.From] || back.Amount.Cmp(lend.Amount) < 0 {
				continue
			}
			used[i], used[j] = true, true
			out = append(out, FlashLoan{Lender: lend.From, Token: lend.Token, Amount: new(big.Int).Set(lend.Amount), Repaid: new(big.Int).Set(back.Amount)})
			break
		}
	}
	return out
}
