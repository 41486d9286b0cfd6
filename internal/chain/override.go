package chain

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// PrestateConfig asks debug_trace* for the prestate tracer in diff mode:
// the accounts a transaction changes, before (Pre) and after (Post).
var PrestateConfig = map[string]any{"tracer": "prestateTracer", "tracerConfig": map[string]any{"diffMode": true}}

// AccountState is one account in the prestate tracer's diff. In Post,
// only what changed is set.
type AccountState struct {
	Balance *hexutil.Big                `json:"balance,omitempty"`
	Nonce   *uint64                     `json:"nonce,omitempty"`
	Code    hexutil.Bytes               `json:"code,omitempty"`
	Storage map[common.Hash]common.Hash `json:"storage,omitempty"`
}

// StateDiff is the prestate tracer's answer in diff mode. An account in
// Pre but not in Post was deleted; a slot in Pre's storage but not in
// Post's was cleared.
type StateDiff struct {
	Pre  map[common.Address]AccountState `json:"pre"`
	Post map[common.Address]AccountState `json:"post"`
}

// AccountOverride is an eth_call state override of one account (the
// third parameter of eth_call, served by go-ethereum and anvil). State
// replaces the whole storage; StateDiff sets the slots it names.
type AccountOverride struct {
	Balance   *hexutil.Big                 `json:"balance,omitempty"`
	Nonce     *hexutil.Uint64              `json:"nonce,omitempty"`
	Code      *hexutil.Bytes               `json:"code,omitempty"`
	State     *map[common.Hash]common.Hash `json:"state,omitempty"`
	StateDiff map[common.Hash]common.Hash  `json:"stateDiff,omitempty"`
}

// Overrides returns the state after the diff as overrides of the state
// before it: the post-state of a simulated transaction for eth_call.
func (d *StateDiff) Overrides() map[common.Address]AccountOverride {
	if d == nil {
		return nil
	}
	over := make(map[common.Address]AccountOverride, len(d.Post)+len(d.Pre))
	d.ApplyTo(over)
	return over
}

// ApplyTo lays the diff over over, the overrides of the state after
// earlier diffs, so that a sequence of transactions' diffs gives the state
// after the last.
func (d *StateDiff) ApplyTo(over map[common.Address]AccountOverride) {
	for addr, post := range d.Post {
		o := over[addr]
		if post.Balance != nil {
			b := *post.Balance
			o.Balance = &b
		}
		if post.Nonce != nil {
			n := hexutil.Uint64(*post.Nonce)
			o.Nonce = &n
		}
		if len(post.Code) > 0 {
			code := append(hexutil.Bytes{}, post.Code...)
			o.Code = &code
		}
		for slot, v := range post.Storage {
			o.setSlot(slot, v)
		}
		// A slot in Pre but not in Post was cleared.
		for slot := range d.Pre[addr].Storage {
			if _, ok := post.Storage[slot]; !ok {
				o.setSlot(slot, common.Hash{})
			}
		}
		over[addr] = o
	}
	for addr := range d.Pre {
		if _, ok := d.Post[addr]; ok {
			continue
		}
		// In Pre only: the account was deleted (self-destructed).
		zero, empty, nonce := hexutil.Big{}, hexutil.Bytes{}, hexutil.Uint64(0)
		state := map[common.Hash]common.Hash{}
		over[addr] = AccountOverride{Balance: &zero, Nonce: &nonce, Code: &empty, State: &state}
	}
}

// setSlot sets a storage slot: in State when the whole storage is
// replaced, else in StateDiff.
func (o *AccountOverride) setSlot(slot, value common.Hash) {
	if o.State != nil {
		(*o.State)[slot] = value
		return
	}
	if o.StateDiff == nil {
		o.StateDiff = map[common.Hash]common.Hash{}
	}
	o.StateDiff[slot] = value
}

// CallBatchAt makes calls against the state at block (a number, a tag
// such as "latest", or a hash) with over laid on it (nil: none), in one
// JSON-RPC batch on one endpoint. eth_getBalance takes no override: a
// native balance read of an account whose balance over sets is answered
// from over, the others from the node. results[i] answers calls[i].
func (c *Client) CallBatchAt(ctx context.Context, block rpc.BlockNumberOrHash, calls []Call, over map[common.Address]AccountOverride) ([]CallResult, error) {
	if len(calls) == 0 {
		return nil, nil
	}
	var results []CallResult
	err := c.do(ctx, "call_batch", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var err error
		results, err = callBatch(ctx, rc, block, calls, over)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("call batch at %s: %w", block.String(), err)
	}
	return results, nil
}

// callBatch is CallBatchAt on one endpoint.
func callBatch(ctx context.Context, rc *rpc.Client, at rpc.BlockNumberOrHash, calls []Call, over map[common.Address]AccountOverride) ([]CallResult, error) {
	outs := make([]hexutil.Bytes, len(calls))
	bals := make([]hexutil.Big, len(calls))
	res := make([]CallResult, len(calls))
	batch := make([]rpc.BatchElem, 0, len(calls))
	idx := make([]int, 0, len(calls))
	for i, call := range calls {
		if call.Balance {
			if o, ok := over[call.To]; ok && o.Balance != nil {
				res[i].Output = word(o.Balance.ToInt())
				continue
			}
			batch = append(batch, rpc.BatchElem{Method: "eth_getBalance", Args: []any{call.To, at}, Result: &bals[i]})
			idx = append(idx, i)
			continue
		}
		arg := map[string]any{"to": call.To, "data": hexutil.Bytes(call.Data)}
		if call.From != nil {
			arg["from"] = *call.From
		}
		args := []any{arg, at}
		if len(over) > 0 {
			args = append(args, over)
		}
		batch = append(batch, rpc.BatchElem{Method: "eth_call", Args: args, Result: &outs[i]})
		idx = append(idx, i)
	}
	if len(batch) > 0 {
		if err := rc.BatchCallContext(ctx, batch); err != nil {
			return nil, err
		}
	}
	for k, el := range batch {
		i := idx[k]
		switch {
		case el.Error == nil && calls[i].Balance:
			res[i].Output = word(bals[i].ToInt())
		case el.Error == nil:
			res[i].Output = outs[i]
		case !calls[i].Balance && isRevert(el.Error):
			res[i].Err = el.Error
		default:
			return nil, fmt.Errorf("%s %d: %w", el.Method, i, el.Error)
		}
	}
	return res, nil
}

// word is v as a 32-byte big-endian word (an ABI uint256).
func word(v *big.Int) []byte {
	w := make([]byte, 32)
	v.FillBytes(w)
	return w
}
