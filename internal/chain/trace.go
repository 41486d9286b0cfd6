package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
)

// Trace methods a TraceScope may ask for. TraceAuto picks the cheapest the
// endpoint serves: Parity-style trace_block / trace_transaction (anvil,
// Erigon, Reth, Nethermind), else go-ethereum's debug_traceTransaction per
// selected transaction, or debug_traceBlockByHash when every transaction
// is traced.
const (
	TraceAuto        = ""
	TraceParity      = "parity"
	TraceDebugTx     = "debug_transaction"
	TraceDebugBlock  = "debug_block"
	defaultTraceMult = 4
	// debugTxMax is how many transactions of a block are traced one by one
	// (debug_traceTransaction) before one debug_traceBlockByHash is cheaper.
	debugTxMax = 2
)

// TraceScope says which transactions of a block get call traces. The zero
// value (and nil) traces none.
type TraceScope struct {
	// All traces every transaction of every block.
	All bool
	// Watch traces a transaction that touches one of these addresses: it
	// is the transaction's sender or recipient, emitted one of its logs, or is named
	// by a log's indexed address topic (a token transfer or approval from
	// or to it). When the native balance of one of them changed in the
	// block by other than its top-level transactions explain, every
	// transaction of the block is traced.
	Watch map[common.Address]bool
	// Method forces a trace method (one of the Trace… constants); empty
	// picks the cheapest the endpoint serves.
	Method string
	// Timeout bounds one trace request (default: the client's request
	// timeout). A request that times out is tried once more with four
	// times the timeout; then the block goes on with those transactions
	// listed in Block.Untraced.
	Timeout time.Duration
}

// Enabled reports whether the scope traces anything.
func (s *TraceScope) Enabled() bool { return s != nil && (s.All || len(s.Watch) > 0) }

// Select returns which transactions of b to trace by what b itself shows
// (recipients and logs) and how many.
func (s *TraceScope) Select(b *Block) ([]bool, int) {
	sel := make([]bool, len(b.Transactions))
	n := 0
	for i, tx := range b.Transactions {
		if s.All || s.Watch[b.Senders[i]] || s.touches(tx, b.Receipts[i]) {
			sel[i] = true
			n++
		}
	}
	return sel, n
}

func (s *TraceScope) touches(tx *types.Transaction, r *types.Receipt) bool {
	if to := tx.To(); to != nil && s.Watch[*to] {
		return true
	}
	if r == nil {
		return false
	}
	if r.ContractAddress != (common.Address{}) && s.Watch[r.ContractAddress] {
		return true
	}
	for _, lg := range r.Logs {
		if s.Watch[lg.Address] {
			return true
		}
		for _, t := range lg.Topics[min(1, len(lg.Topics)):] {
			if [12]byte(t[:12]) == [12]byte{} && s.Watch[common.BytesToAddress(t[12:])] {
				return true
			}
		}
	}
	return false
}

// timeoutKey carries a per-operation request timeout to attempt.
type timeoutKey struct{}

func withRequestTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, timeoutKey{}, d)
}

// trace fills b.Traces for the transactions scope selects (nil frames for
// the others) and b.Untraced for those whose trace timed out twice.
func (c *Client) trace(ctx context.Context, b *Block, scope *TraceScope) error {
	b.Traces = make([]*CallFrame, len(b.Transactions))
	if len(b.Transactions) == 0 {
		return nil
	}
	sel, n := scope.Select(b)
	if n < len(sel) && len(scope.Watch) > 0 {
		moved, err := c.unexplainedNative(ctx, b, scope.Watch)
		if err != nil {
			return err
		}
		if moved {
			for i := range sel {
				sel[i] = true
			}
			n = len(sel)
		}
	}
	c.metrics.traceSelected(c.cfg.Network, n, len(sel))
	if n == 0 {
		return nil
	}
	timeout := scope.Timeout
	if timeout <= 0 {
		timeout = c.cfg.RequestTimeout
	}
	var err error
	for try := 0; try < 2; try++ {
		tctx := withRequestTimeout(ctx, timeout)
		err = c.do(tctx, "trace", b.Number(), func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
			return c.traceOn(ctx, e, rc, b, sel, n, scope.Method)
		})
		if err == nil || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			break
		}
		c.log.Warn("trace timed out, trying once more with a longer timeout", "network", c.cfg.Network,
			"block", b.Number(), "timeout", timeout)
		timeout *= defaultTraceMult
	}
	switch {
	case err == nil:
		return nil
	case ctx.Err() == nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrNoTracer)):
		for i, s := range sel {
			if s && b.Traces[i] == nil {
				b.Untraced = append(b.Untraced, i)
			}
		}
		c.metrics.untraced(c.cfg.Network, len(b.Untraced))
		switch {
		case !errors.Is(err, ErrNoTracer):
			c.log.Error("traces timed out twice; the block goes on with these transactions untraced", "network", c.cfg.Network,
				"block", b.Number(), "untraced", len(b.Untraced))
		case !c.noTracer.Swap(true):
			c.log.Error("no endpoint serves a call tracer: function detectors and heuristics run degraded, on top-level calls only (breakglass_chain_untraced_transactions_total counts what they miss)",
				"network", c.cfg.Network, "block", b.Number())
		}
		return nil
	default:
		return fmt.Errorf("trace block %d: %w", b.Number(), err)
	}
}

// traceOn traces the selected transactions of b on one endpoint with the
// cheapest method it serves (found out once per endpoint).
func (c *Client) traceOn(ctx context.Context, e *endpoint, rc *rpc.Client, b *Block, sel []bool, n int, method string) error {
	e.mu.Lock()
	parity, block := e.parity, e.traceBlock
	e.mu.Unlock()
	if method == TraceParity || (method == TraceAuto && parity >= 0) {
		err := c.traceParity(ctx, rc, b, sel, n)
		switch {
		case err == nil:
			if parity == 0 {
				c.log.Info("tracing with trace_block / trace_transaction", "network", c.cfg.Network, "endpoint", e.name)
				e.setMode(&e.parity, 1)
			}
			return nil
		case method == TraceAuto && parity == 0 && isMethodNotFound(err):
			e.setMode(&e.parity, -1)
		default:
			return err
		}
	}
	// go-ethereum replays the block up to a transaction to trace it, so
	// beyond a few transactions one block trace costs less than several
	// transaction traces; the frames not selected are dropped.
	if method == TraceDebugBlock || (method == TraceAuto && (n == len(sel) || n > debugTxMax) && block >= 0) {
		err := c.traceDebugBlock(ctx, rc, b, sel)
		switch {
		case err == nil:
			return nil
		case method == TraceAuto && block == 0 && isMethodNotFound(err):
			c.log.Info("endpoint has no debug_traceBlockByHash, batching debug_traceTransaction", "endpoint", e.name)
			e.setMode(&e.traceBlock, -1)
		default:
			return err
		}
	}
	err := c.traceDebugTxs(ctx, rc, b, sel)
	if err != nil && isMethodNotFound(err) {
		return &absentError{err: fmt.Errorf("%w: %w", ErrNoTracer, err)}
	}
	return err
}

// ErrNoTracer: no endpoint of the network serves a call tracer
// (trace_transaction, debug_traceTransaction).
var ErrNoTracer = errors.New("no endpoint serves a call tracer")

func (e *endpoint) setMode(m *int, v int) {
	e.mu.Lock()
	*m = v
	e.mu.Unlock()
}

// tracerConfig asks for go-ethereum's callTracer with logs.
var tracerConfig = map[string]any{"tracer": "callTracer", "tracerConfig": map[string]any{"withLog": true}}

// txTrace is one element of debug_traceBlockByHash's answer.
type txTrace struct {
	TxHash common.Hash `json:"txHash"`
	Result *CallFrame  `json:"result"`
	Error  string      `json:"error"`
}

func (c *Client) traceDebugBlock(ctx context.Context, rc *rpc.Client, b *Block, sel []bool) error {
	var res []txTrace
	if err := rc.CallContext(ctx, &res, "debug_traceBlockByHash", b.Hash(), tracerConfig); err != nil {
		return err
	}
	if len(res) != len(b.Transactions) {
		return errInvalid("traces do not match the block", fmt.Errorf("%d traces for %d transactions", len(res), len(b.Transactions)))
	}
	for i, r := range res {
		if r.Error != "" || r.Result == nil {
			return fmt.Errorf("trace of tx %d: %s", i, r.Error)
		}
		if r.TxHash != (common.Hash{}) && r.TxHash != b.Transactions[i].Hash() {
			return errInvalid("traces do not match the block", fmt.Errorf("trace %d is of tx %s", i, r.TxHash))
		}
		if sel[i] {
			b.Traces[i] = r.Result
		}
	}
	return nil
}

func (c *Client) traceDebugTxs(ctx context.Context, rc *rpc.Client, b *Block, sel []bool) error {
	var batch []rpc.BatchElem
	var idx []int
	for i, tx := range b.Transactions {
		if sel[i] {
			batch = append(batch, rpc.BatchElem{Method: "debug_traceTransaction", Args: []any{tx.Hash(), tracerConfig}, Result: &b.Traces[i]})
			idx = append(idx, i)
		}
	}
	if err := rc.BatchCallContext(ctx, batch); err != nil {
		return err
	}
	for k, el := range batch {
		if el.Error != nil {
			return fmt.Errorf("trace of tx %d: %w", idx[k], el.Error)
		}
		if b.Traces[idx[k]] == nil {
			return errNullFor(fmt.Sprintf("trace of tx %d", idx[k]), false)
		}
	}
	return nil
}

// parityTrace is one element of trace_block's or trace_transaction's
// answer: one frame, placed in its transaction's tree by TraceAddress.
type parityTrace struct {
	Action struct {
		From           common.Address  `json:"from"`
		To             *common.Address `json:"to"`
		CallType       string          `json:"callType"`
		Gas            hexutil.Uint64  `json:"gas"`
		Input          hexutil.Bytes   `json:"input"`
		Init           hexutil.Bytes   `json:"init"`
		Value          *hexutil.Big    `json:"value"`
		CreationMethod string          `json:"creationMethod"`
		Address        common.Address  `json:"address"`
		RefundAddress  common.Address  `json:"refundAddress"`
		Balance        *hexutil.Big    `json:"balance"`
	} `json:"action"`
	Result *struct {
		GasUsed hexutil.Uint64  `json:"gasUsed"`
		Output  hexutil.Bytes   `json:"output"`
		Address *common.Address `json:"address"`
		Code    hexutil.Bytes   `json:"code"`
	} `json:"result"`
	Error           string       `json:"error"`
	TraceAddress    []int        `json:"traceAddress"`
	TransactionHash *common.Hash `json:"transactionHash"`
	BlockHash       *common.Hash `json:"blockHash"`
	Type            string       `json:"type"`
}

// traceParity traces with trace_block when most transactions are
// selected, else with a batch of trace_transaction, and builds callTracer
// frames (without logs: detection reads logs from the receipts).
func (c *Client) traceParity(ctx context.Context, rc *rpc.Client, b *Block, sel []bool, n int) error {
	var flat []parityTrace
	if 2*n > len(sel) {
		if err := rc.CallContext(ctx, &flat, "trace_block", hexutil.Uint64(b.Number())); err != nil {
			return err
		}
	} else {
		var batch []rpc.BatchElem
		res := make([][]parityTrace, 0, n)
		for i, tx := range b.Transactions {
			if sel[i] {
				res = append(res, nil)
				batch = append(batch, rpc.BatchElem{Method: "trace_transaction", Args: []any{tx.Hash()}, Result: &res[len(res)-1]})
			}
		}
		if err := rc.BatchCallContext(ctx, batch); err != nil {
			return err
		}
		for k, el := range batch {
			if el.Error != nil {
				return el.Error
			}
			flat = append(flat, res[k]...)
		}
	}
	frames, err := parityFrames(flat, b.Hash())
	if err != nil {
		return err
	}
	for i, tx := range b.Transactions {
		if !sel[i] {
			continue
		}
		f := frames[tx.Hash()]
		if f == nil {
			return errInvalid("traces do not match the block", fmt.Errorf("no trace of tx %d (%s)", i, tx.Hash()))
		}
		b.Traces[i] = f
	}
	return nil
}

// parityFrames builds each transaction's call tree from flat Parity-style
// traces, which come depth first; traces of another block are refused.
func parityFrames(flat []parityTrace, block common.Hash) (map[common.Hash]*CallFrame, error) {
	out := map[common.Hash]*CallFrame{}
	var stack []*CallFrame
	var cur common.Hash
	for k := range flat {
		t := &flat[k]
		if t.TransactionHash == nil {
			continue // a block or uncle reward
		}
		if t.BlockHash != nil && *t.BlockHash != block {
			return nil, errInvalid("traces do not match the block", fmt.Errorf("trace of block %s", *t.BlockHash))
		}
		f := parityFrame(t)
		d := len(t.TraceAddress)
		if d == 0 {
			if out[*t.TransactionHash] != nil {
				return nil, errInvalid("traces do not match the block", fmt.Errorf("two roots for tx %s", *t.TransactionHash))
			}
			out[*t.TransactionHash] = f
			cur = *t.TransactionHash
			stack = append(stack[:0], f)
			continue
		}
		if *t.TransactionHash != cur || d > len(stack) {
			return nil, errInvalid("traces out of order", fmt.Errorf("frame %v of tx %s", t.TraceAddress, *t.TransactionHash))
		}
		parent := stack[d-1]
		parent.Calls = append(parent.Calls, f)
		stack = append(stack[:d], f)
	}
	return out, nil
}

func parityFrame(t *parityTrace) *CallFrame {
	a := &t.Action
	f := &CallFrame{From: a.From, To: a.To, Value: a.Value, Gas: a.Gas, Input: a.Input, Error: t.Error}
	if t.Error == "Reverted" {
		f.Error = "execution reverted"
	}
	if t.Result != nil {
		f.GasUsed = t.Result.GasUsed
		f.Output = t.Result.Output
	}
	switch t.Type {
	case "create":
		f.Type = "CREATE"
		if strings.EqualFold(a.CreationMethod, "create2") {
			f.Type = "CREATE2"
		}
		f.Input = a.Init
		if t.Result != nil {
			f.To = t.Result.Address
			f.Output = t.Result.Code
		}
	case "suicide", "selfdestruct":
		f.Type = "SELFDESTRUCT"
		f.From = a.Address
		to := a.RefundAddress
		f.To = &to
		f.Value = a.Balance
	default:
		f.Type = strings.ToUpper(a.CallType)
		if f.Type == "" {
			f.Type = "CALL"
		}
	}
	if f.Value == nil && f.Type != "STATICCALL" && f.Type != "DELEGATECALL" {
		f.Value = (*hexutil.Big)(new(big.Int))
	}
	return f
}

// unexplainedNative reports whether the native balance of a watched
// address changed in b by other than its top-level transactions explain
// (value sent to it by successful transactions, and what it paid as a
// sender): value moved by internal calls, which only a trace shows.
func (c *Client) unexplainedNative(ctx context.Context, b *Block, watch map[common.Address]bool) (bool, error) {
	if b.Number() == 0 {
		return false, nil
	}
	addrs := make([]common.Address, 0, len(watch))
	for a := range watch {
		addrs = append(addrs, a)
	}
	now := make([]hexutil.Big, len(addrs))
	before := make([]hexutil.Big, len(addrs))
	err := c.do(ctx, "balances", b.Number(), func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		batch := make([]rpc.BatchElem, 0, 2*len(addrs))
		at := rpc.BlockNumberOrHashWithHash(b.Hash(), false)
		prev := rpc.BlockNumberOrHashWithHash(b.Header.ParentHash, false)
		for i, a := range addrs {
			batch = append(batch,
				rpc.BatchElem{Method: "eth_getBalance", Args: []any{a, at}, Result: &now[i]},
				rpc.BatchElem{Method: "eth_getBalance", Args: []any{a, prev}, Result: &before[i]})
		}
		if err := rc.BatchCallContext(ctx, batch); err != nil {
			return err
		}
		for _, el := range batch {
			if el.Error != nil {
				return fmt.Errorf("eth_getBalance: %w", el.Error)
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("native balances at block %d: %w", b.Number(), err)
	}
	for i, a := range addrs {
		want := before[i].ToInt()
		want = new(big.Int).Set(want)
		for k, tx := range b.Transactions {
			r := b.Receipts[k]
			if b.Senders[k] == a {
				fee := new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), effectivePrice(tx, r, b.Header))
				want.Sub(want, fee)
				if r.Status == types.ReceiptStatusSuccessful {
					want.Sub(want, tx.Value())
				}
			}
			if to := tx.To(); to != nil && *to == a && r.Status == types.ReceiptStatusSuccessful {
				want.Add(want, tx.Value())
			}
			if tx.To() == nil && r.Status == types.ReceiptStatusSuccessful && crypto.CreateAddress(b.Senders[k], tx.Nonce()) == a {
				want.Add(want, tx.Value())
			}
		}
		if b.Header.Coinbase == a {
			return true, nil // fees and rewards: not worth explaining
		}
		if want.Cmp(now[i].ToInt()) != 0 {
			return true, nil
		}
	}
	return false, nil
}

// effectivePrice is what the sender paid per gas.
func effectivePrice(tx *types.Transaction, r *types.Receipt, h *types.Header) *big.Int {
	if r.EffectiveGasPrice != nil {
		return r.EffectiveGasPrice
	}
	if h.BaseFee != nil {
		return new(big.Int).Add(h.BaseFee, tx.EffectiveGasTipValue(h.BaseFee))
	}
	return tx.GasPrice()
}
