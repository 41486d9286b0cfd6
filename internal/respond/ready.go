package respond

import (
	"context"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Readiness says whether the plan's executor could carry out one of its
// automatic containment actions right now: the action simulated from the
// executor's signer (it holds the role or ownership the call needs), and
// the account paying for the transaction holds enough native currency for
// a few containment transactions at current fees.
type Readiness struct {
	Contract string         `json:"contract"`
	Action   string         `json:"action"`
	Network  string         `json:"network"`
	Executor string         `json:"executor"`
	From     common.Address `json:"from"`
	// Payer is the account that pays the gas (the key, or a Safe's
	// submitter); zero when unknown.
	Payer common.Address `json:"payer,omitzero"`
	// Balance and Needed are the payer's native balance and what the
	// check asked of it, in wei; nil when not checked.
	Balance *big.Int `json:"balance,omitempty"`
	Needed  *big.Int `json:"needed,omitempty"`
	// Problem says what is wrong; empty when ready.
	Problem string `json:"problem,omitempty"`
}

// OK reports whether the action is ready.
func (r Readiness) OK() bool { return r.Problem == "" }

// payer is implemented by executors whose gas is paid by another account
// than From (a Safe pays through its submitter key).
type payer interface {
	Payer() common.Address
}

// fees is what the balance check needs of a node; *chain.Client has it.
type fees interface {
	BalanceAt(ctx context.Context, a common.Address, block *big.Int) (*big.Int, error)
	SuggestGasPrice(ctx context.Context) (*big.Int, error)
}

// AutomaticActions lists the distinct contract actions the plan's
// detectors run as their response, as (contract, action) pairs.
func AutomaticActions(p *plan.Plan) [][2]string {
	var out [][2]string
	for _, d := range p.Detectors {
		for _, ref := range d.Response {
			spec, err := Resolve(p, d.Contract, ref)
			if err != nil {
				continue // plan check reports it
			}
			pair := [2]string{spec.Params.Contract, spec.Params.Action}
			if !slices.Contains(out, pair) {
				out = append(out, pair)
			}
		}
	}
	return out
}

// CheckReady checks every automatic containment action of the plan against
// the chain (see Readiness); txs is how many containment transactions the
// payer must be able to pay for at current fees. An error is returned only
// when the check itself could not run.
func CheckReady(ctx context.Context, p *plan.Plan, exs Executors, txs int) []Readiness {
	return CheckActions(ctx, p, exs, txs, AutomaticActions(p))
}

// ContainmentActions lists the plan's containment actions as (contract,
// action) pairs: every pause action, and every action a detector responds
// with, in the plan's order of contracts, then by action name.
func ContainmentActions(p *plan.Plan) [][2]string {
	auto := AutomaticActions(p)
	var out [][2]string
	for _, c := range p.Contracts {
		names := make([]string, 0, len(c.Actions))
		for n := range c.Actions {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			pair := [2]string{c.Name, n}
			spec, err := Resolve(p, c.Name, n)
			if err == nil && (spec.Kind == KindPause || slices.Contains(auto, pair)) {
				out = append(out, pair)
			}
		}
	}
	for _, pair := range auto {
		if !slices.Contains(out, pair) {
			out = append(out, pair)
		}
	}
	return out
}

// CheckActions is CheckReady for the given (contract, action) pairs.
func CheckActions(ctx context.Context, p *plan.Plan, exs Executors, txs int, pairs [][2]string) []Readiness {
	var out []Readiness
	for _, pair := range pairs {
		r := Readiness{Contract: pair[0], Action: pair[1]}
		d, err := Simulate(ctx, p, exs, pair[0], pair[1])
		if err != nil {
			r.Problem = err.Error()
			out = append(out, r)
			continue
		}
		r.Network, r.Executor, r.From = d.Network, d.Executor, d.From
		switch {
		case d.Problem != "":
			r.Problem = d.Problem
		case d.Noop == "" && !d.Simulation.OK:
			r.Problem = fmt.Sprintf("simulated from %s, %s %s would revert: %s", d.From.Hex(), pair[0], pair[1], d.Simulation.Reason)
		}
		if r.Problem == "" {
			r.balance(ctx, exs, d, txs)
		}
		out = append(out, r)
	}
	return out
}

// balance checks that the payer of d can pay for txs transactions of d's
// gas (at least 100k) at the node's current gas price.
func (r *Readiness) balance(ctx context.Context, exs Executors, d DryRun, txs int) {
	ex, err := exs.Executor(ctx, d.Executor, d.Network)
	if err != nil {
		return
	}
	r.Payer = ex.From()
	if p, ok := ex.(payer); ok {
		r.Payer = p.Payer()
	}
	if r.Payer == (common.Address{}) {
		return
	}
	be, err := exs.Backend(ctx, d.Network)
	if err != nil {
		return
	}
	f, ok := be.(fees)
	if !ok {
		return
	}
	price, err := f.SuggestGasPrice(ctx)
	if err != nil {
		return
	}
	bal, err := f.BalanceAt(ctx, r.Payer, nil)
	if err != nil {
		return
	}
	gas := max(d.Simulation.Gas, 100_000)
	// Fees can double while an exploit congests the chain.
	need := new(big.Int).Mul(new(big.Int).SetUint64(gas), new(big.Int).Mul(price, big.NewInt(2)))
	need.Mul(need, big.NewInt(int64(txs)))
	r.Balance, r.Needed = bal, need
	if bal.Cmp(need) < 0 {
		r.Problem = fmt.Sprintf("%s pays for the containment but holds %s wei, less than the %s wei of %d transaction(s) at twice the current gas price",
			r.Payer.Hex(), bal, need, txs)
	}
}
