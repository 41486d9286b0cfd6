package forensics

import (
	"encoding/hex"
	"math/big"
	"strconv"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// Call is one decoded frame of a transaction's call tree.
type Call struct {
	// Path locates the frame: "0" is the transaction's top call, "0.2" its
	// third sub-call, and so on.
	Path string
	// Type is the callTracer's frame type: CALL, STATICCALL, DELEGATECALL,
	// CALLCODE, CREATE, CREATE2 or SELFDESTRUCT.
	Type string
	From common.Address
	// To is the callee, or the created contract for CREATE and CREATE2.
	To common.Address
	// Context is the address whose storage and balance the frame runs
	// against: To, except for DELEGATECALL and CALLCODE, where it is From.
	Context common.Address
	// Value is the native value sent with the frame (zero when none).
	Value   *big.Int
	GasUsed uint64
	// Selector is the first four bytes of the input, empty for creations
	// and plain transfers.
	Selector string
	// Input is the raw input, kept only when it was not decoded (and not a
	// creation's init code).
	Input []byte
	// Decoded is the decoded function and arguments, when an ABI knew it.
	Decoded *DecodedCall
	// ContractName is the known name of To.
	ContractName string
	// Error is the frame's failure, e.g. "execution reverted".
	Error        string
	RevertReason string
	// Reverted is true when this frame or one of its callers failed, so
	// none of its effects happened.
	Reverted bool
	Events   []Event
	Calls    []*Call
}

// Event is a log emitted in a frame, decoded when an ABI knew it.
type Event struct {
	Address common.Address
	Topics  []common.Hash
	Data    []byte
	// Position is the number of sub-calls the frame had made when it
	// emitted the event.
	Position uint
	Decoded  *DecodedEvent
}

// Walk calls fn for c and every frame below it, depth first, in execution
// order. It stops descending below a frame when fn returns false.
func (c *Call) Walk(fn func(*Call) bool) {
	if !fn(c) {
		return
	}
	for _, sub := range c.Calls {
		sub.Walk(fn)
	}
}

// Find returns the frame at path, or nil.
func (c *Call) Find(path string) *Call {
	var found *Call
	c.Walk(func(f *Call) bool {
		if f.Path == path {
			found = f
		}
		return found == nil
	})
	return found
}

// buildCall turns a callTracer frame into a decoded Call tree.
func buildCall(d *Decoder, f *chain.CallFrame, path string, parentReverted bool) *Call {
	c := &Call{
		Path:         path,
		Type:         f.Type,
		From:         f.From,
		Value:        new(big.Int),
		GasUsed:      uint64(f.GasUsed),
		Error:        f.Error,
		RevertReason: f.Revert,
		Reverted:     parentReverted || f.Error != "",
	}
	if f.To != nil {
		c.To = *f.To
	}
	c.Context = c.To
	if f.Type == "DELEGATECALL" || f.Type == "CALLCODE" {
		c.Context = c.From
	}
	if f.Value != nil {
		c.Value.Set(f.Value.ToInt())
	}
	c.ContractName = d.ContractName(c.To)
	if c.Context != c.To && c.ContractName == "" {
		c.ContractName = d.ContractName(c.Context)
	}
	isCreate := f.Type == "CREATE" || f.Type == "CREATE2"
	if !isCreate && len(f.Input) >= 4 {
		c.Selector = "0x" + hex.EncodeToString(f.Input[:4])
		// A delegate call runs the callee's code on the caller's storage:
		// the caller (a proxy) is the contract the plan names.
		dc, ok := d.DecodeCall(c.Context, f.Input)
		if !ok && c.Context != c.To {
			dc, ok = d.DecodeCall(c.To, f.Input)
		}
		if ok {
			c.Decoded = dc
		}
	}
	if !isCreate && c.Decoded == nil && len(f.Input) > 0 {
		c.Input = append([]byte(nil), f.Input...)
	}
	for _, l := range f.Logs {
		ev := Event{Address: l.Address, Topics: l.Topics, Data: l.Data, Position: uint(l.Position)}
		if de, ok := d.DecodeLog(l.Address, l.Topics, l.Data); ok {
			ev.Decoded = de
		}
		c.Events = append(c.Events, ev)
	}
	for i, sub := range f.Calls {
		c.Calls = append(c.Calls, buildCall(d, sub, path+"."+strconv.Itoa(i), c.Reverted))
	}
	return c
}

// Reentrancy is a frame that entered a contract while an earlier frame of
// the same contract was still open.
type Reentrancy struct {
	// Contract is the re-entered address (the storage context).
	Contract common.Address
	// Outer is the path of the outermost open frame of Contract.
	Outer string
	// Inner is the path of the frame that re-entered it.
	Inner string
	// Via is the address that made the re-entering call.
	Via common.Address
	// Function is the decoded name of the re-entering call, or its selector.
	Function string
	// Reverted is true when the re-entering frame's effects were undone.
	Reverted bool
	// ReadOnly is true for a static call back into the contract: it reads
	// (possibly inconsistent) state but changes none, so it is not
	// re-entrancy; Analyze leaves it out.
	ReadOnly bool
}

// FindReentrancy returns the frames of root that re-enter a contract while
// an earlier frame of it is open. A contract calling itself directly (as in
// this.f()) and delegate calls (which run in their caller's context) are not
// re-entrancy; a call back through another contract is, including a static
// call (read-only re-entrancy).
func FindReentrancy(root *Call) []Reentrancy {
	var out []Reentrancy
	open := map[common.Address][]*Call{}
	var visit func(c, parent *Call)
	visit = func(c, parent *Call) {
		ctx := c.Context
		delegated := c.Type == "DELEGATECALL" || c.Type == "CALLCODE"
		if !delegated && c.Type != "SELFDESTRUCT" && parent != nil && parent.Context != ctx {
			if frames := open[ctx]; len(frames) > 0 {
				fn := c.Selector
				if c.Decoded != nil {
					fn = c.Decoded.Name
				}
				out = append(out, Reentrancy{
					Contract: ctx,
					Outer:    frames[0].Path,
					Inner:    c.Path,
					Via:      c.From,
					Function: fn,
					Reverted: c.Reverted,
					ReadOnly: c.Type == "STATICCALL",
				})
			}
		}
		open[ctx] = append(open[ctx], c)
		for _, sub := range c.Calls {
			visit(sub, c)
		}
		open[ctx] = open[ctx][:len(open[ctx])-1]
	}
	visit(root, nil)
	return out
}

// CallTree turns a callTracer frame (of a mined transaction, or of one
// simulated with debug_traceCall) into a decoded Call tree, for FlowsOf.
func CallTree(d *Decoder, f *chain.CallFrame) *Call {
	return buildCall(d, f, "0", false)
}
