package chain

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/ethereum/go-ethereum/trie"
)

// FetchBlock fetches block number n with its transactions and receipts (and
// so logs) from one endpoint, so that they describe the same block, and the
// callTracer traces of the transactions traces selects (nil: none; see
// TraceScope). The body is checked against the header (transactions and
// receipts roots); an endpoint that serves an inconsistent block is counted
// as failing.
func (c *Client) FetchBlock(ctx context.Context, n uint64, traces *TraceScope) (*Block, error) {
	var b *Block
	err := c.do(ctx, "fetch_block", n, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var err error
		b, err = c.fetchBlock(ctx, e, rc, "eth_getBlockByNumber", hexutil.Uint64(n), &n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fetch block %d: %w", n, err)
	}
	if traces.Enabled() {
		if err := c.trace(ctx, b, traces); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// TraceBlock fetches the call traces traces selects of b, a block
// FetchBlock fetched without them (see BlockTracer).
func (c *Client) TraceBlock(ctx context.Context, b *Block, traces *TraceScope) error {
	if !traces.Enabled() {
		return nil
	}
	return c.trace(ctx, b, traces)
}

// FetchBlockByHash is FetchBlock for the block with the given hash, which
// need not be canonical.
func (c *Client) FetchBlockByHash(ctx context.Context, hash common.Hash, traces *TraceScope) (*Block, error) {
	var b *Block
	err := c.do(ctx, "fetch_block", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var err error
		b, err = c.fetchBlock(ctx, e, rc, "eth_getBlockByHash", hash, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fetch block %s: %w", hash, err)
	}
	if traces.Enabled() {
		if err := c.trace(ctx, b, traces); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// HeaderByHash returns the header with the given hash, canonical or not.
func (c *Client) HeaderByHash(ctx context.Context, hash common.Hash) (*types.Header, error) {
	var h *types.Header
	err := c.do(ctx, "header", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var err error
		h, err = getHeader(ctx, e, rc, "eth_getBlockByHash", hash, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("header %s: %w", hash, err)
	}
	return h, nil
}

// nullFor returns the error for a null answer about block n (nil n: by
// hash). Null for a number the endpoint claimed to have is its failure;
// beyond its head, or by hash, it may only be behind.
func nullFor(e *endpoint, what string, n *uint64) error {
	if n != nil && e.knownHead() >= *n {
		return errNullFor(what, false)
	}
	return errNullFor(what, true)
}

func getHeader(ctx context.Context, e *endpoint, rc *rpc.Client, method string, arg any, n *uint64) (*types.Header, error) {
	var raw json.RawMessage
	if err := rc.CallContext(ctx, &raw, method, arg, false); err != nil {
		return nil, err
	}
	if isNull(raw) {
		return nil, nullFor(e, "header", n)
	}
	var h types.Header
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, errInvalid("decode header", err)
	}
	var id struct {
		Hash common.Hash `json:"hash"`
	}
	if err := json.Unmarshal(raw, &id); err != nil {
		return nil, errInvalid("decode header hash", err)
	}
	if err := checkHeader(&h, id.Hash, arg, n); err != nil {
		return nil, err
	}
	return &h, nil
}

// checkHeader verifies that the header hashes to the hash the node gave and
// is the block asked for.
func checkHeader(h *types.Header, hash common.Hash, arg any, n *uint64) error {
	if got := h.Hash(); got != hash {
		return errInvalid("header hash mismatch", fmt.Errorf("header hashes to %s, node says %s", got, hash))
	}
	if n != nil && (h.Number == nil || h.Number.Uint64() != *n) {
		return errInvalid("wrong block", fmt.Errorf("asked block %d, got %v", *n, h.Number))
	}
	if want, ok := arg.(common.Hash); ok && want != hash {
		return errInvalid("wrong block", fmt.Errorf("asked block %s, got %s", want, hash))
	}
	return nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// decodeBlock decodes eth_getBlockBy*'s answer with full transactions:
// the header, the hash the node gave, the transactions, and the sender the
// node recovered of each (nil where it gave none).
//
// The JSON is validated once per value: go-ethereum's decoders are called
// directly (json.Unmarshal would validate each value once more before
// calling them), which saves a fifth of the passes over a block.
func decodeBlock(raw json.RawMessage) (*types.Header, common.Hash, []*types.Transaction, []*common.Address, error) {
	head := new(types.Header)
	if err := head.UnmarshalJSON(raw); err != nil {
		return nil, common.Hash{}, nil, nil, errInvalid("decode block header", err)
	}
	var body struct {
		Hash         common.Hash       `json:"hash"`
		Transactions []json.RawMessage `json:"transactions"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, common.Hash{}, nil, nil, errInvalid("decode block body", err)
	}
	txs := make([]*types.Transaction, len(body.Transactions))
	from := make([]*common.Address, len(body.Transactions))
	var extra struct {
		From *common.Address `json:"from"`
	}
	for i, msg := range body.Transactions {
		txs[i] = new(types.Transaction)
		if err := txs[i].UnmarshalJSON(msg); err != nil {
			return nil, common.Hash{}, nil, nil, errInvalid(fmt.Sprintf("decode tx %d", i), err)
		}
		extra.From = nil
		if err := json.Unmarshal(msg, &extra); err != nil {
			return nil, common.Hash{}, nil, nil, errInvalid(fmt.Sprintf("decode sender of tx %d", i), err)
		}
		from[i] = extra.From
	}
	return head, body.Hash, txs, from, nil
}

func (c *Client) fetchBlock(ctx context.Context, e *endpoint, rc *rpc.Client, method string, arg any, n *uint64) (*Block, error) {
	var raw json.RawMessage
	if err := rc.CallContext(ctx, &raw, method, arg, true); err != nil {
		return nil, err
	}
	if isNull(raw) {
		return nil, nullFor(e, "block", n)
	}
	head, hash, txs, from, err := decodeBlock(raw)
	if err != nil {
		return nil, err
	}
	if err := checkHeader(head, hash, arg, n); err != nil {
		return nil, err
	}
	chainID, err := c.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	b := &Block{
		Network:      c.cfg.Network,
		ChainID:      chainID,
		Header:       head,
		Transactions: txs,
		Senders:      make([]common.Address, len(txs)),
	}
	var signer types.Signer
	for i, tx := range txs {
		if from[i] != nil {
			b.Senders[i] = *from[i]
			continue
		}
		if signer == nil {
			signer = types.LatestSignerForChainID(chainID)
		}
		if b.Senders[i], err = types.Sender(signer, tx); err != nil {
			return nil, errInvalid(fmt.Sprintf("sender of tx %d", i), err)
		}
	}
	if got := types.DeriveSha(types.Transactions(b.Transactions), trie.NewStackTrie(nil)); got != head.TxHash {
		return nil, errInvalid("transactions do not match the header", fmt.Errorf("root %s, header %s", got, head.TxHash))
	}
	if b.Receipts, err = c.receipts(ctx, e, rc, b); err != nil {
		return nil, err
	}
	return b, nil
}

// receipts fetches the receipts of b with eth_getBlockReceipts where the
// endpoint has it (found out once per endpoint), else with one batch of
// eth_getTransactionReceipt, and checks them against the header.
func (c *Client) receipts(ctx context.Context, e *endpoint, rc *rpc.Client, b *Block) ([]*types.Receipt, error) {
	if len(b.Transactions) == 0 {
		return []*types.Receipt{}, nil
	}
	hash := b.Hash()
	var rs []*types.Receipt
	e.mu.Lock()
	mode := e.receipts
	e.mu.Unlock()
	if mode >= 0 {
		// A plain hash: providers that lack EIP-1898 objects for this
		// method still take it.
		err := rc.CallContext(ctx, &rs, "eth_getBlockReceipts", hash)
		switch {
		case err == nil && rs == nil:
			return nil, errNullFor("block receipts", false)
		case err == nil:
			if mode == 0 {
				e.mu.Lock()
				e.receipts = 1
				e.mu.Unlock()
			}
		case mode == 0 && isMethodNotFound(err):
			c.log.Info("endpoint has no eth_getBlockReceipts, batching eth_getTransactionReceipt", "endpoint", e.name)
			e.mu.Lock()
			e.receipts = -1
			e.mu.Unlock()
			mode = -1
		default:
			return nil, err
		}
	}
	if mode < 0 {
		rs = make([]*types.Receipt, len(b.Transactions))
		batch := make([]rpc.BatchElem, len(b.Transactions))
		for i, tx := range b.Transactions {
			batch[i] = rpc.BatchElem{Method: "eth_getTransactionReceipt", Args: []any{tx.Hash()}, Result: &rs[i]}
		}
		if err := rc.BatchCallContext(ctx, batch); err != nil {
			return nil, err
		}
		for i, el := range batch {
			if el.Error != nil {
				return nil, fmt.Errorf("receipt of tx %d: %w", i, el.Error)
			}
		}
	}
	if len(rs) != len(b.Transactions) {
		return nil, errInvalid("receipts do not match the block", fmt.Errorf("%d receipts for %d transactions", len(rs), len(b.Transactions)))
	}
	for i, r := range rs {
		if r == nil {
			return nil, errNullFor(fmt.Sprintf("receipt of tx %d", i), false)
		}
		if r.TxHash != b.Transactions[i].Hash() || r.BlockHash != hash {
			return nil, errInvalid("receipts do not match the block", fmt.Errorf("receipt %d is of tx %s in block %s", i, r.TxHash, r.BlockHash))
		}
	}
	if got := types.DeriveSha(types.Receipts(rs), trie.NewStackTrie(nil)); got != b.Header.ReceiptHash {
		return nil, errInvalid("receipts do not match the header", fmt.Errorf("root %s, header %s", got, b.Header.ReceiptHash))
	}
	return rs, nil
}

// TraceTransaction returns the callTracer trace (with logs) of one
// transaction.
func (c *Client) TraceTransaction(ctx context.Context, hash common.Hash) (*CallFrame, error) {
	var f *CallFrame
	err := c.do(ctx, "trace_tx", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		f = nil
		if err := rc.CallContext(ctx, &f, "debug_traceTransaction", hash, tracerConfig); err != nil {
			return err
		}
		if f == nil {
			return errNullFor("trace", true)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("trace tx %s: %w", hash, err)
	}
	return f, nil
}

// Call is one state read of a batch: an eth_call of Data to To (from From,
// if set), or, when Balance is true, the native balance of To.
type Call struct {
	Balance bool
	From    *common.Address
	To      common.Address
	Data    []byte
}

// CallResult is the answer to one Call: its return data (for a balance,
// the balance as a 32-byte big-endian word, as an ABI uint256), or Err when
// the call reverted (a revert is the call's answer, not a failure of the
// node).
type CallResult struct {
	Output []byte
	Err    error
}

// CallBatch makes calls against the state at the block with the given hash,
// in one JSON-RPC batch on one endpoint. results[i] answers calls[i].
func (c *Client) CallBatch(ctx context.Context, block common.Hash, calls []Call) ([]CallResult, error) {
	if len(calls) == 0 {
		return nil, nil
	}
	var results []CallResult
	err := c.do(ctx, "call_batch", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var err error
		results, err = callBatch(ctx, rc, rpc.BlockNumberOrHashWithHash(block, false), calls, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("call batch at %s: %w", block, err)
	}
	return results, nil
}
