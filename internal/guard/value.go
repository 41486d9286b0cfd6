package guard

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/forensics"
)

// KindSimulated is the timeline event that tells what the pending
// transaction would have done: what the protected contracts would have
// lost in its simulation (its data's value_at_risk).
const KindSimulated = "pre_execution.simulated"

// Results of a pending transaction contained ahead of, in a KindOutcome
// event's data.
const (
	// ResultPrevented: it reverted behind the containment.
	ResultPrevented = "prevented"
	// ResultNotMined: it was never mined (dropped or replaced); nothing
	// was lost to it either.
	ResultNotMined = "not_mined"
	// ResultLanded: it was mined and succeeded; the block path contains.
	ResultLanded = "landed"
)

// Value is an amount of one token a protected contract would have lost.
type Value struct {
	// Contract is the protected contract and ContractName its plan name.
	Contract     common.Address `json:"contract"`
	ContractName string         `json:"contract_name,omitempty"`
	// Token is the token (the zero address for the native currency);
	// Symbol its plan name (or the network's native symbol, ETH by
	// default); Decimals, when known, format
	// Amount, which is in base units.
	Token    common.Address `json:"token"`
	Symbol   string         `json:"symbol,omitempty"`
	Decimals *uint8         `json:"decimals,omitempty"`
	Amount   string         `json:"amount"`
}

// TokenLabel names v's token for people: its Symbol, else its address.
func (v Value) TokenLabel() string {
	if v.Symbol != "" {
		return v.Symbol
	}
	return v.Token.Hex()
}

// ContractLabel names v's contract for people: its plan name, else its
// address.
func (v Value) ContractLabel() string {
	if v.ContractName != "" {
		return v.ContractName
	}
	return v.Contract.Hex()
}

// SimulatedData is the data of a KindSimulated event.
type SimulatedData struct {
	Tx          string  `json:"tx"`
	ValueAtRisk []Value `json:"value_at_risk"`
}

// OutcomeData is the data of a KindOutcome event. ValueProtected is the
// value at risk when the result is prevented or not mined.
type OutcomeData struct {
	Tx             string  `json:"tx"`
	Outcome        string  `json:"outcome"`
	Block          uint64  `json:"block,omitempty"`
	ValueProtected []Value `json:"value_protected,omitempty"`
}

// atRisk is what the contracts the alerts are about (those contained)
// lose in the simulated call tree frame: their net outflows per token
// (native value moved by the frames, ERC-20/721/1155 transfers from their
// logs), as the forensics reads a mined transaction. Other protected
// contracts the transaction passes through (an AMM it trades on) are left
// out: their outflows are trades, paid for.
func (g *Guard) atRisk(frame *chain.CallFrame, alerts []detect.Alert) []Value {
	victims := map[common.Address]bool{}
	for _, a := range alerts {
		victims[a.Contract] = true
	}
	root := forensics.CallTree(g.decoder, frame)
	var out []Value
	for _, bc := range forensics.BalanceChanges(forensics.FlowsOf(root)) {
		name := g.names[bc.Address]
		if !victims[bc.Address] || bc.Delta.Sign() >= 0 {
			continue
		}
		v := Value{Contract: bc.Address, ContractName: name, Token: bc.Token, Amount: new(big.Int).Neg(bc.Delta).String()}
		if bc.Token == forensics.Native {
			v.Symbol, v.Decimals = g.nativeSymbol(), ptr(uint8(18))
		} else {
			v.Symbol = g.names[bc.Token]
		}
		out = append(out, v)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// fillDecimals asks each ERC-20 token of vs its decimals() (off the
// containment's path); a token that does not answer keeps base units.
func (g *Guard) fillDecimals(ctx context.Context, vs []Value) {
	known := map[common.Address]*uint8{}
	for i := range vs {
		if vs[i].Decimals != nil {
			continue
		}
		d, ok := known[vs[i].Token]
		if !ok {
			var out hexutil.Bytes
			call := map[string]any{"to": vs[i].Token, "data": hexutil.Bytes{0x31, 0x3c, 0xe5, 0x67}}
			if err := g.cfg.Node.CallContext(ctx, &out, "eth_call", call, "latest"); err == nil && len(out) == 32 {
				if n := new(big.Int).SetBytes(out); n.IsUint64() && n.Uint64() <= 77 {
					d = ptr(uint8(n.Uint64()))
				}
			}
			known[vs[i].Token] = d
		}
		vs[i].Decimals = d
	}
}

// nativeSymbol is the symbol of the network's native currency.
func (g *Guard) nativeSymbol() string {
	if g.cfg.Plan == nil {
		return "ETH"
	}
	if n := g.cfg.Plan.Network(g.cfg.Network); n != nil {
		return n.Native()
	}
	return "ETH"
}
