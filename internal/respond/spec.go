package respond

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Params are an action's stored parameters: what was decided, frozen when
// it was proposed, so that what runs is what was approved even if the plan
// changes in between.
type Params struct {
	// Contract and Action name the plan's contract and its action.
	Contract string `json:"contract"`
	Action   string `json:"action"`
	// Signature and Args are the call as the plan writes it.
	Signature string   `json:"call"`
	Args      []string `json:"args,omitempty"`
	// To, Data and Value are the encoded call.
	To    common.Address `json:"to"`
	Data  hexutil.Bytes  `json:"data"`
	Value string         `json:"value"`
	// Upgrade holds the checks of an upgrade.
	Upgrade *plan.Upgrade `json:"upgrade,omitempty"`
	// Proxy is the upgraded proxy (the contract), for an upgrade.
	Proxy *common.Address `json:"proxy,omitempty"`
	// Auto is true when the policy let it run without a human.
	Auto bool `json:"auto"`
	// Approvals and Roles are what the policy requires otherwise.
	Approvals int      `json:"approvals_needed"`
	Roles     []string `json:"approver_roles,omitempty"`
	// RequestedBy is who asked for a manual action.
	RequestedBy string `json:"requested_by,omitempty"`
	// Detector is the detector whose response proposed the action.
	Detector string `json:"detector,omitempty"`
	// MinTip, in wei (decimal), is the least priority fee of the action's
	// transaction: set when the action races a pending transaction (a
	// pre-execution alert), so that it is ordered before it.
	MinTip string `json:"min_tip,omitempty"`
}

// MinTipWei returns MinTip as wei, nil when unset or unreadable.
func (p Params) MinTipWei() *big.Int {
	if p.MinTip == "" {
		return nil
	}
	v, ok := new(big.Int).SetString(p.MinTip, 10)
	if !ok || v.Sign() <= 0 {
		return nil
	}
	return v
}

// Call returns the encoded call.
func (p Params) Call() Call {
	v, ok := new(big.Int).SetString(p.Value, 10)
	if !ok {
		v = new(big.Int)
	}
	return Call{To: p.To, Data: p.Data, Value: v}
}

// Spec is a plan action resolved against its contract: what to call, on
// which network, through which executor.
type Spec struct {
	Kind     string
	Name     string
	Contract *plan.Contract
	Action   plan.Action
	Executor string
	Network  string
	Params   Params
}

// Key is the action's key within its incident: the action, the network
// and the target, so the same step is never stored twice.
func (s Spec) Key() string {
	return s.Name + ":" + s.Network + ":" + strings.ToLower(s.Contract.Address.Hex())
}

// Resolve resolves the action ref ("pause", or "contract.action") of the
// contract named from, and encodes its call.
func Resolve(p *plan.Plan, from, ref string) (Spec, error) {
	c, a := p.Action(from, ref)
	if c == nil {
		if from == "" && !strings.Contains(ref, ".") {
			return Spec{}, fmt.Errorf("%w: action %q: name it as contract.action", ErrInvalid, ref)
		}
		return Spec{}, fmt.Errorf("%w: action %q of contract %q is not in the plan", ErrInvalid, ref, from)
	}
	return resolve(p, c, a)
}

func resolve(p *plan.Plan, c *plan.Contract, a *plan.Action) (Spec, error) {
	ex := p.ActionExecutor(c, a)
	if ex == nil {
		return Spec{}, fmt.Errorf("%w: action %s.%s has no executor (set executor on the action or the contract)", ErrInvalid, c.Name, a.Name)
	}
	data, err := a.Calldata()
	if err != nil {
		return Spec{}, fmt.Errorf("%w: action %s.%s: %v", ErrInvalid, c.Name, a.Name, err)
	}
	value := a.Value
	if value == "" {
		value = "0"
	}
	if _, ok := new(big.Int).SetString(value, 10); !ok {
		return Spec{}, fmt.Errorf("%w: action %s.%s: value %q is not a decimal integer", ErrInvalid, c.Name, a.Name, value)
	}
	sig, err := plan.ParseSignature(a.Call)
	if err != nil {
		return Spec{}, fmt.Errorf("%w: action %s.%s: %v", ErrInvalid, c.Name, a.Name, err)
	}
	s := Spec{
		Kind: kindOf(sig.Name, a), Name: a.Name, Contract: c, Action: *a, Executor: ex.Name, Network: c.Network,
		Params: Params{Contract: c.Name, Action: a.Name, Signature: a.Call, Args: a.Args, To: c.Address, Data: data, Value: value},
	}
	if a.Upgrade != nil {
		up := *a.Upgrade
		s.Params.Upgrade = &up
		proxy := c.Address
		s.Params.Proxy = &proxy
		if up.ProxyAdmin != nil {
			s.Params.To = *up.ProxyAdmin
		}
		if !installs(sig, a.Args, up.Implementation) {
			return Spec{}, fmt.Errorf("%w: action %s.%s: the call %s does not pass upgrade.implementation %s", ErrInvalid, c.Name, a.Name, a.Call, up.Implementation)
		}
	}
	return s, nil
}

func kindOf(fn string, a *plan.Action) string {
	if a.Upgrade != nil {
		return KindUpgrade
	}
	switch fn {
	case "pause":
		return KindPause
	case "unpause":
		return KindUnpause
	case "grantRole":
		return KindGrantRole
	case "revokeRole":
		return KindRevokeRole
	}
	return KindCall
}

// installs reports whether impl is among the call's address arguments.
func installs(sig plan.Signature, args []string, impl common.Address) bool {
	for i, in := range sig.Inputs {
		if in.Type.T != abi.AddressTy || i >= len(args) {
			continue
		}
		if v, err := plan.ParseArg(in.Type, args[i]); err == nil && v.(common.Address) == impl {
			return true
		}
	}
	return false
}

// Describe says in words what the call does, e.g. "pool.pause() on devnet
// (0xAbC…)".
func (p Params) Describe(network string) string {
	s := fmt.Sprintf("%s.%s", p.Contract, p.Signature)
	if len(p.Args) > 0 {
		s = fmt.Sprintf("%s.%s with (%s)", p.Contract, p.Signature, strings.Join(p.Args, ", "))
	}
	s += fmt.Sprintf(" on %s (to %s", network, p.To.Hex())
	if p.Value != "" && p.Value != "0" {
		s += ", value " + p.Value + " wei"
	}
	return s + ")"
}

func decodeParams(raw []byte) (Params, error) {
	var p Params
	if err := json.Unmarshal(raw, &p); err != nil {
		return p, fmt.Errorf("decode action params: %w", err)
	}
	return p, nil
}
