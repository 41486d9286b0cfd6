package respond

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
)

// Simulation is the outcome of an eth_call of an action from its
// executor's address, before anything is sent.
type Simulation struct {
	From common.Address `json:"from"`
	To   common.Address `json:"to"`
	// OK is true when the call would succeed.
	OK bool `json:"ok"`
	// Gas is the estimated gas when OK.
	Gas uint64 `json:"gas,omitempty"`
	// Reason is the decoded revert reason when not OK, e.g.
	// "AccessControlUnauthorizedAccount: 0xAbC… lacks role PAUSER_ROLE (0x65d7…)".
	Reason string `json:"reason,omitempty"`
	// Error is the decoded custom error's name ("AccessControlUnauthorizedAccount",
	// "EnforcedPause"), or "Error"/"Panic" for the built-in ones.
	Error string `json:"error,omitempty"`
	// RevertData is the raw revert data.
	RevertData hexutil.Bytes `json:"revert_data,omitempty"`
}

// Errors the standard contracts raise, known even when the plan's ABI of
// the target leaves them out.
const standardErrors = `[
 {"type":"error","name":"AccessControlUnauthorizedAccount","inputs":[{"name":"account","type":"address"},{"name":"neededRole","type":"bytes32"}]},
 {"type":"error","name":"AccessControlBadConfirmation","inputs":[]},
 {"type":"error","name":"EnforcedPause","inputs":[]},
 {"type":"error","name":"ExpectedPause","inputs":[]},
 {"type":"error","name":"OwnableUnauthorizedAccount","inputs":[{"name":"account","type":"address"}]},
 {"type":"error","name":"ERC1967InvalidImplementation","inputs":[{"name":"implementation","type":"address"}]},
 {"type":"error","name":"UUPSUnauthorizedCallContext","inputs":[]},
 {"type":"error","name":"UUPSUnsupportedProxiableUUID","inputs":[{"name":"slot","type":"bytes32"}]},
 {"type":"error","name":"ReentrancyGuardReentrantCall","inputs":[]}
]`

var stdErrors = func() abi.ABI {
	a, err := abi.JSON(strings.NewReader(standardErrors))
	if err != nil {
		panic(fmt.Sprintf("respond: standard errors ABI: %v", err))
	}
	return a
}()

// simulate runs call from `from` at the latest state and decodes a revert
// with the target's ABI (and the standard errors); roles in an
// AccessControl error are named by reading the target's *_ROLE constants.
func simulate(ctx context.Context, b Backend, contractABI *abi.ABI, from common.Address, c Call) Simulation {
	sim := Simulation{From: from, To: c.To}
	msg := ethereum.CallMsg{From: from, To: &c.To, Data: c.Data, Value: c.Value}
	_, err := b.CallContract(ctx, msg, nil)
	if err == nil {
		sim.OK = true
		if gas, err := b.EstimateGas(ctx, msg); err == nil {
			sim.Gas = gas
		}
		return sim
	}
	data, isRevert := revertData(err)
	if !isRevert {
		sim.Reason = "simulation failed: " + err.Error()
		return sim
	}
	sim.RevertData = data
	sim.Error, sim.Reason = decodeRevert(ctx, b, contractABI, c.To, data)
	return sim
}

// revertData extracts the revert data of an eth_call error; isRevert is
// false for errors that are not a revert (the node could not answer).
func revertData(err error) (data []byte, isRevert bool) {
	var de rpc.DataError
	if errors.As(err, &de) {
		if s, ok := de.ErrorData().(string); ok {
			if b, err := hexutil.Decode(s); err == nil {
				return b, true
			}
		}
	}
	msg := strings.ToLower(err.Error())
	return nil, strings.Contains(msg, "execution reverted") || strings.Contains(msg, "revert")
}

// decodeRevert names the error and says what it means.
func decodeRevert(ctx context.Context, b Backend, contractABI *abi.ABI, target common.Address, data []byte) (name, reason string) {
	if len(data) < 4 {
		return "", "reverted without a reason"
	}
	if msg, err := abi.UnpackRevert(data); err == nil {
		if bytes.Equal(data[:4], crypto.Keccak256([]byte("Panic(uint256)"))[:4]) {
			return "Panic", msg
		}
		return "Error", msg
	}
	var sel [4]byte
	copy(sel[:], data[:4])
	for _, a := range []*abi.ABI{contractABI, &stdErrors} {
		if a == nil {
			continue
		}
		e, err := a.ErrorByID(sel)
		if err != nil {
			continue
		}
		vals, err := e.Inputs.Unpack(data[4:])
		if err != nil {
			return e.Name, fmt.Sprintf("%s (undecodable arguments: %v)", e.Name, err)
		}
		return e.Name, describeError(ctx, b, contractABI, target, e, vals)
	}
	return "", fmt.Sprintf("unknown custom error 0x%x", data[:4])
}

func describeError(ctx context.Context, b Backend, contractABI *abi.ABI, target common.Address, e *abi.Error, vals []any) string {
	switch e.Name {
	case "AccessControlUnauthorizedAccount":
		account, _ := vals[0].(common.Address)
		role, _ := vals[1].([32]byte)
		return fmt.Sprintf("AccessControlUnauthorizedAccount: account %s lacks role %s on %s",
			account.Hex(), roleName(ctx, b, contractABI, target, role), target.Hex())
	case "OwnableUnauthorizedAccount":
		account, _ := vals[0].(common.Address)
		return fmt.Sprintf("OwnableUnauthorizedAccount: account %s is not the owner of %s", account.Hex(), target.Hex())
	case "EnforcedPause":
		return "EnforcedPause: the contract is paused"
	case "ExpectedPause":
		return "ExpectedPause: the contract is not paused"
	}
	var parts []string
	for i, in := range e.Inputs {
		name := in.Name
		if name == "" {
			name = fmt.Sprintf("arg%d", i)
		}
		parts = append(parts, fmt.Sprintf("%s=%v", name, format(vals[i])))
	}
	return fmt.Sprintf("%s(%s)", e.Name, strings.Join(parts, ", "))
}

func format(v any) string {
	switch x := v.(type) {
	case common.Address:
		return x.Hex()
	case [32]byte:
		return hexutil.Encode(x[:])
	case []byte:
		return hexutil.Encode(x)
	case *big.Int:
		return x.String()
	}
	return fmt.Sprint(v)
}

// roleName names an AccessControl role: DEFAULT_ADMIN_ROLE for zero, else
// the target's constant (a view function named *_ROLE) that returns it,
// else keccak256 of such a name, else the hex.
func roleName(ctx context.Context, b Backend, contractABI *abi.ABI, target common.Address, role [32]byte) string {
	hex := hexutil.Encode(role[:])
	if role == ([32]byte{}) {
		return "DEFAULT_ADMIN_ROLE (" + hex + ")"
	}
	if contractABI == nil {
		return hex
	}
	for name, m := range contractABI.Methods {
		if !strings.HasSuffix(name, "_ROLE") || len(m.Inputs) != 0 || len(m.Outputs) != 1 || m.Outputs[0].Type.T != abi.FixedBytesTy {
			continue
		}
		if crypto.Keccak256Hash([]byte(name)) == role {
			return name + " (" + hex + ")"
		}
		out, err := b.CallContract(ctx, ethereum.CallMsg{To: &target, Data: m.ID}, nil)
		if err == nil && bytes.Equal(out, role[:]) {
			return name + " (" + hex + ")"
		}
	}
	return hex
}

// paused reads paused() of target; ok is false when it has none.
func paused(ctx context.Context, b Backend, target common.Address) (isPaused, ok bool) {
	sel := crypto.Keccak256([]byte("paused()"))[:4]
	out, err := b.CallContract(ctx, ethereum.CallMsg{To: &target, Data: sel}, nil)
	if err != nil || len(out) != 32 {
		return false, false
	}
	return out[31] == 1, true
}

// pausedNow reports whether target reads as paused now.
func pausedNow(ctx context.Context, b Backend, target common.Address) bool {
	isPaused, ok := paused(ctx, b, target)
	return ok && isPaused
}

// implementationSlot is the ERC-1967 implementation slot.
var implementationSlot = common.HexToHash("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc")

// checkUpgrade checks that the new implementation has code and, if the
// plan gives one, the expected code hash.
func checkUpgrade(ctx context.Context, b Backend, p Params) error {
	up := p.Upgrade
	code, err := b.CodeAt(ctx, up.Implementation, nil)
	if err != nil {
		return fmt.Errorf("read the code of implementation %s: %w", up.Implementation, err)
	}
	if len(code) == 0 {
		return fmt.Errorf("implementation %s has no code: refusing to upgrade to it", up.Implementation.Hex())
	}
	if up.CodeHash != nil {
		if h := crypto.Keccak256Hash(code); h != *up.CodeHash {
			return fmt.Errorf("implementation %s has code hash %s, the plan expects %s: refusing to upgrade", up.Implementation.Hex(), h.Hex(), up.CodeHash.Hex())
		}
	}
	return nil
}

// implementationOf reads a proxy's ERC-1967 implementation.
func implementationOf(ctx context.Context, b Backend, proxy common.Address) (common.Address, error) {
	v, err := b.StorageAt(ctx, proxy, implementationSlot, nil)
	if err != nil {
		return common.Address{}, err
	}
	return common.BytesToAddress(v), nil
}
