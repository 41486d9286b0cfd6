package detect

import (
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// The transaction scope: tx.events and tx.calls are every decoded event
// and every call frame of the transaction being matched, so that a rule
// relates two of them ("a flash loan and an outflow of the pool in the
// same transaction") with expr's list functions: any, all, none, one,
// filter, map, count, and total for an exact sum. They are filled only on
// networks where a condition uses them.

// txEvent is one event of tx.events.
type txEvent struct {
	// Name is the event's name when its signature is known (from the
	// plan's ABIs, or a common one: Transfer, Approval, FlashLoan, Sync,
	// Swap), else "".
	Name    string         `expr:"name"`
	Address common.Address `expr:"address"`
	// Contract is the plan's name of the emitter, "" when not monitored.
	Contract string      `expr:"contract"`
	Topic0   common.Hash `expr:"topic0"`
	Index    int         `expr:"index"`
	// Args are the decoded arguments by name (integers exact), empty when
	// the event is not known.
	Args map[string]any `expr:"args"`
}

// txCall is one call frame of tx.calls (the top-level call only, without
// a trace).
type txCall struct {
	From     common.Address `expr:"from"`
	To       common.Address `expr:"to"`
	Selector string         `expr:"selector"`
	Value    *big.Int       `expr:"value"`
	Depth    int            `expr:"depth"`
	Type     string         `expr:"type"`
	Reverted bool           `expr:"reverted"`
	Input    []byte         `expr:"input"`
}

// commonEvents are decoded in tx.events whatever the plan's ABIs.
var commonEvents = mustEvents(
	"Transfer(address indexed from, address indexed to, uint256 value)",
	"Approval(address indexed owner, address indexed spender, uint256 value)",
	"FlashLoan(address indexed receiver, address indexed initiator, address indexed token, uint256 amount, uint256 fee)",
	"Sync(uint112 reserve0, uint112 reserve1)",
	"Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)",
)

// eventTable maps topic0 to the events that may have it (ERC-20 and
// ERC-721 Transfer share one topic, told apart by their indexed count).
type eventTable map[common.Hash][]*eventSpec

func newEventTable(p *plan.Plan) eventTable {
	t := eventTable{}
	add := func(ev abi.Event) {
		for _, have := range t[ev.ID] {
			if len(have.indexed) == countIndexed(ev.Inputs) {
				return
			}
		}
		t[ev.ID] = append(t[ev.ID], newEventSpec(ev))
	}
	if p != nil {
		for _, c := range p.Contracts {
			if a := contractABI(&c); a != nil {
				for _, ev := range a.Events {
					add(ev)
				}
			}
		}
	}
	for _, ev := range commonEvents {
		add(ev)
	}
	return t
}

// countIndexed is the number of indexed arguments (topics after the
// first) of an event's inputs.
func countIndexed(args abi.Arguments) int { return len(args) - len(args.NonIndexed()) }

// decode returns the event of a log, decoded when its signature is known.
func (t eventTable) decode(lg *types.Log, names map[common.Address]string) txEvent {
	ev := txEvent{Address: lg.Address, Contract: names[lg.Address], Index: int(lg.Index), Args: map[string]any{}}
	if len(lg.Topics) == 0 {
		return ev
	}
	ev.Topic0 = lg.Topics[0]
	for _, spec := range t[lg.Topics[0]] {
		if len(spec.indexed) != len(lg.Topics)-1 {
			continue
		}
		args := map[string]any{}
		if err := spec.nonIndexed.UnpackIntoMap(args, lg.Data); err != nil {
			continue
		}
		if len(spec.indexed) > 0 {
			if err := abi.ParseTopicsIntoMap(args, spec.indexed, lg.Topics[1:]); err != nil {
				continue
			}
		}
		for k, v := range args {
			args[k] = normalize(v)
		}
		ev.Name, ev.Args = spec.event.RawName, args
		return ev
	}
	return ev
}

// fillScope sets tx.events and tx.calls of transaction i.
func (e *Engine) fillScope(ni *netIndex, b *chain.Block, i int) {
	t := &e.tx
	if ni.scopeEvents {
		for _, lg := range b.Receipts[i].Logs {
			t.Events = append(t.Events, e.events.decode(lg, ni.monitored))
		}
	}
	if !ni.scopeCalls {
		return
	}
	add := func(f *chain.CallFrame, depth int, reverted bool) {
		c := txCall{From: f.From, Depth: depth, Type: f.Type, Reverted: reverted, Input: []byte(f.Input), Value: new(big.Int)}
		if f.To != nil {
			c.To = *f.To
		}
		if f.Value != nil {
			c.Value = f.Value.ToInt()
		}
		if len(f.Input) >= 4 {
			c.Selector = "0x" + hex.EncodeToString(f.Input[:4])
		}
		t.Calls = append(t.Calls, c)
	}
	if b.Traces != nil && i < len(b.Traces) && b.Traces[i] != nil {
		walkFrames(b.Traces[i], 0, false, add)
		return
	}
	tx := b.Transactions[i]
	f := &chain.CallFrame{Type: "CALL", From: t.From, To: tx.To(), Input: tx.Data()}
	if tx.To() == nil {
		f.Type, f.To = "CREATE", &t.To
	}
	if v := tx.Value(); v.Sign() != 0 {
		f.Value = (*hexutil.Big)(v)
	}
	add(f, 0, t.Reverted)
}

// total is the exact sum of a list of integers: total(map(filter(tx.events,
// .name == "Transfer"), .args.value)).
func total(args ...any) (any, error) {
	sum := new(big.Int)
	switch xs := args[0].(type) {
	case []any:
		for _, x := range xs {
			n, err := toBig(x)
			if err != nil {
				return nil, fmt.Errorf("total: %w", err)
			}
			sum.Add(sum, n)
		}
	case []*big.Int:
		for _, n := range xs {
			if n != nil {
				sum.Add(sum, n)
			}
		}
	case nil:
	default:
		return nil, fmt.Errorf("total takes a list of integers, not %T", args[0])
	}
	return sum, nil
}
