package recovery

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
)

// Loss is what one account lost, in the token's base unit.
type Loss struct {
	Account common.Address
	Amount  *big.Int
}

// PolicyKind names how losses become compensation.
type PolicyKind string

const (
	// PolicyFull pays every loss in full (up to the cap). With a budget, the
	// total must fit in it.
	PolicyFull PolicyKind = "full"
	// PolicyProRata shares a budget in proportion to the losses (after the
	// cap), each share rounded down; the remainder is reported as dust.
	PolicyProRata PolicyKind = "pro-rata"
)

// ParsePolicyKind reads a policy name as written on the command line.
func ParsePolicyKind(s string) (PolicyKind, error) {
	switch k := PolicyKind(s); k {
	case PolicyFull, PolicyProRata:
		return k, nil
	}
	return "", fmt.Errorf("policy %q: want %q or %q", s, PolicyFull, PolicyProRata)
}

// Policy is how to turn losses into compensation.
type Policy struct {
	Kind PolicyKind
	// Budget is the most that may be paid in total. Required by pro-rata;
	// optional for full, where a total above it is an error. Nil means none.
	Budget *big.Int
	// Cap is the most any one account is paid. Nil means none.
	Cap *big.Int
	// Exclude lists accounts that get nothing (the attackers).
	Exclude []common.Address
}

// Distribution is the result of a compensation: who gets what, and the
// totals that explain it. Every amount is exact.
type Distribution struct {
	// Claims are the accounts paid and their amounts, by address, none zero.
	Claims []Claim
	// Excluded are the merged losses of excluded accounts, which get nothing.
	Excluded []Loss
	// Claimants is the number of accounts with a loss, after merging
	// duplicates and dropping excluded accounts and zero losses.
	Claimants int
	// Losses is the sum of those losses, before the cap.
	Losses *big.Int
	// Eligible is the sum after the cap: what full compensation pays.
	Eligible *big.Int
	// Total is the sum of Claims. It never exceeds the budget.
	Total *big.Int
	// Dust is what pro-rata rounding left of the budget (Budget − Total when
	// the budget is short of Eligible); zero otherwise.
	Dust *big.Int
	// RoundedToZero counts accounts whose pro-rata share rounded down to
	// zero; they are not in Claims.
	RoundedToZero int
}

// Compensate merges duplicate accounts (summing their losses), drops
// excluded accounts and zero losses, applies the cap, then the policy. It
// uses only integer arithmetic: a pro-rata share is floor(eligible × budget /
// total eligible), so the total never exceeds the budget.
func Compensate(losses []Loss, p Policy) (*Distribution, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	excluded := make(map[common.Address]bool, len(p.Exclude))
	for _, a := range p.Exclude {
		excluded[a] = true
	}
	merged := make(map[common.Address]*big.Int, len(losses))
	for i, l := range losses {
		if l.Amount == nil || l.Amount.Sign() < 0 {
			return nil, fmt.Errorf("loss %d (%s): amount %v is not a non-negative integer", i, l.Account.Hex(), l.Amount)
		}
		if sum, ok := merged[l.Account]; ok {
			sum.Add(sum, l.Amount)
		} else {
			merged[l.Account] = new(big.Int).Set(l.Amount)
		}
	}

	d := &Distribution{Losses: new(big.Int), Eligible: new(big.Int), Total: new(big.Int), Dust: new(big.Int)}
	var eligible []Claim
	for a, amount := range merged {
		if excluded[a] {
			d.Excluded = append(d.Excluded, Loss{Account: a, Amount: amount})
			continue
		}
		if amount.Sign() == 0 {
			continue
		}
		d.Losses.Add(d.Losses, amount)
		e := new(big.Int).Set(amount)
		if p.Cap != nil && e.Cmp(p.Cap) > 0 {
			e.Set(p.Cap)
		}
		d.Eligible.Add(d.Eligible, e)
		eligible = append(eligible, Claim{Account: a, Amount: e})
	}
	slices.SortFunc(eligible, func(a, b Claim) int { return bytes.Compare(a.Account[:], b.Account[:]) })
	slices.SortFunc(d.Excluded, func(a, b Loss) int { return bytes.Compare(a.Account[:], b.Account[:]) })
	d.Claimants = len(eligible)
	if len(eligible) == 0 {
		return nil, errors.New("no losses to compensate: every account is excluded or lost nothing")
	}

	short := p.Budget != nil && d.Eligible.Cmp(p.Budget) > 0
	switch {
	case !short:
		d.Claims = eligible
	case p.Kind == PolicyFull:
		return nil, fmt.Errorf("full compensation needs %s but the budget is %s; use --policy pro-rata to share the budget", d.Eligible, p.Budget)
	default:
		share := new(big.Int)
		for _, c := range eligible {
			share.Mul(c.Amount, p.Budget)
			share.Quo(share, d.Eligible)
			if share.Sign() == 0 {
				d.RoundedToZero++
				continue
			}
			d.Claims = append(d.Claims, Claim{Account: c.Account, Amount: new(big.Int).Set(share)})
		}
	}
	for _, c := range d.Claims {
		d.Total.Add(d.Total, c.Amount)
	}
	if short {
		d.Dust.Sub(p.Budget, d.Total)
	}
	if len(d.Claims) == 0 {
		return nil, fmt.Errorf("the budget %s rounds every share down to zero", p.Budget)
	}
	return d, nil
}

func (p Policy) validate() error {
	if _, err := ParsePolicyKind(string(p.Kind)); err != nil {
		return err
	}
	if p.Budget != nil && p.Budget.Sign() <= 0 {
		return fmt.Errorf("budget %s: must be positive", p.Budget)
	}
	if p.Cap != nil && p.Cap.Sign() <= 0 {
		return fmt.Errorf("cap %s: must be positive", p.Cap)
	}
	if p.Kind == PolicyProRata && p.Budget == nil {
		return errors.New("pro-rata needs a budget (--budget AMOUNT in base units)")
	}
	return nil
}
