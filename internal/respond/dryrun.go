package respond

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// DryRun is what an action would do now, found without sending anything.
type DryRun struct {
	Contract string `json:"contract"`
	Action   string `json:"action"`
	Network  string `json:"network"`
	Executor string `json:"executor"`
	// ExecutorDescription says what the executor is (key or Safe).
	ExecutorDescription string         `json:"executor_description"`
	From                common.Address `json:"from"`
	Params              Params         `json:"params"`
	// Noop is set when nothing would be done, with the reason.
	Noop string `json:"noop,omitempty"`
	// Problem is a check that would stop it before the simulation.
	Problem    string     `json:"problem,omitempty"`
	Simulation Simulation `json:"simulation"`
}

// OK reports whether the action would be sent and succeed (or is a no-op).
func (d DryRun) OK() bool { return d.Problem == "" && (d.Noop != "" || d.Simulation.OK) }

// DryRun simulates the plan's action without storing or sending anything:
// the checks before sending, then an eth_call from the executor's address.
func (r *Responder) DryRun(ctx context.Context, contract, action string) (DryRun, error) {
	return Simulate(ctx, r.cfg.Plan, r.cfg.Executors, contract, action)
}

// Simulate is DryRun without a Responder (and so without a database): the
// action's checks and simulation through the plan's executors.
func Simulate(ctx context.Context, p *plan.Plan, exs Executors, contract, action string) (DryRun, error) {
	spec, err := Resolve(p, contract, action)
	if err != nil {
		return DryRun{}, err
	}
	be, err := exs.Backend(ctx, spec.Network)
	if err != nil {
		return DryRun{}, fmt.Errorf("network %s: %w", spec.Network, err)
	}
	ex, err := exs.Executor(ctx, spec.Executor, spec.Network)
	if err != nil {
		return DryRun{}, fmt.Errorf("executor %s: %w", spec.Executor, err)
	}
	ps := spec.Params
	d := DryRun{Contract: ps.Contract, Action: ps.Action, Network: spec.Network, Executor: spec.Executor,
		ExecutorDescription: ex.Describe(), From: ex.From(), Params: ps}
	switch {
	case ps.Upgrade != nil:
		if err := checkUpgrade(ctx, be, ps); err != nil {
			d.Problem = err.Error()
			return d, nil
		}
	case ps.isPause() || ps.isUnpause():
		if isPaused, ok := paused(ctx, be, ps.To); ok && isPaused == ps.isPause() {
			d.Noop = fmt.Sprintf("%s is already %s", ps.Contract, map[bool]string{true: "paused", false: "not paused"}[isPaused])
		}
	}
	var cabi *abi.ABI
	if c := p.Contract(ps.Contract); c != nil && c.ABI != nil {
		cabi = &c.ABI.Parsed
	}
	d.Simulation = simulate(ctx, be, cabi, ex.From(), ps.Call())
	return d, nil
}
