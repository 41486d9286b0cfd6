package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

// The Client offers go-ethereum's ethclient method set, with failover
// inside, so that it is the one type that reaches a node: bindings deploy
// and call through it, the transaction manager sends through it.
var (
	_ bind.Backend                 = (*Client)(nil)
	_ bind.PendingContractCaller   = (*Client)(nil)
	_ bind.BlockHashContractCaller = (*Client)(nil)
	_ ethereum.ChainStateReader    = (*Client)(nil)
	_ ethereum.BlockNumberReader   = (*Client)(nil)
	_ ethereum.ChainIDReader       = (*Client)(nil)
	_ ethereum.ChainReader         = (*Client)(nil)
)

// eth runs fn with a go-ethereum ethclient on the best endpoint, with the
// failover of every other method: fn may run more than once, on several
// endpoints. need is the block the read is pinned to (nil: none, or the
// head), so that endpoints which have it are preferred and one that does
// not is passed over without being blamed. A node's verdict on a
// transaction (a revert, a pool's refusal) is returned as is.
func (c *Client) eth(ctx context.Context, name string, need *big.Int, fn func(ctx context.Context, ec *ethclient.Client) error) error {
	var n uint64
	if need != nil && need.Sign() > 0 && need.IsUint64() {
		n = need.Uint64()
	}
	return c.do(ctx, name, n, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		err := fn(ctx, ethclient.NewClient(rc))
		switch {
		case err == nil:
			return nil
		case isTxVerdict(err):
			return &resultError{err: err}
		case errors.Is(err, ethereum.NotFound):
			return nullFor(e, name, pinned(n))
		case n > 0 && isBehind(err):
			return nullFor(e, name, pinned(n))
		}
		return err
	})
}

// pinned returns &n, or nil for 0 (no block).
func pinned(n uint64) *uint64 {
	if n == 0 {
		return nil
	}
	return &n
}

// BlockNumber returns the highest head among the endpoints (HeadNumber).
func (c *Client) BlockNumber(ctx context.Context) (uint64, error) { return c.HeadNumber(ctx) }

// HeaderByNumber returns the canonical header at number, or the head's when
// number is nil. A header by number is checked to hash to what the node
// says and to be the one asked for.
func (c *Client) HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error) {
	if number == nil || number.Sign() < 0 {
		// The head, or a tag ethclient encodes as a negative number
		// (pending, safe, finalized).
		var h *types.Header
		err := c.eth(ctx, "header", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
			h, err = ec.HeaderByNumber(ctx, number)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("header %s: %w", blockLabel(number), err)
		}
		return h, nil
	}
	if !number.IsUint64() {
		return nil, fmt.Errorf("header %s: %w", number, ErrNotFound)
	}
	n := number.Uint64()
	var h *types.Header
	err := c.do(ctx, "header", n, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var err error
		h, err = getHeader(ctx, e, rc, "eth_getBlockByNumber", hexutil.Uint64(n), &n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("header %d: %w", n, err)
	}
	return h, nil
}

// blockLabel names a block argument in messages.
func blockLabel(number *big.Int) string {
	if number == nil {
		return "latest"
	}
	if number.Sign() < 0 && number.IsInt64() {
		return rpc.BlockNumber(number.Int64()).String()
	}
	return number.String()
}

// BlockByHash returns the block with the given hash, with its transactions.
func (c *Client) BlockByHash(ctx context.Context, hash common.Hash) (b *types.Block, err error) {
	err = c.eth(ctx, "eth_getBlockByHash", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		b, err = ec.BlockByHash(ctx, hash)
		return err
	})
	return b, err
}

// BlockByNumber returns the canonical block at number (nil: the head),
// with its transactions.
func (c *Client) BlockByNumber(ctx context.Context, number *big.Int) (b *types.Block, err error) {
	err = c.eth(ctx, "eth_getBlockByNumber", number, func(ctx context.Context, ec *ethclient.Client) (err error) {
		b, err = ec.BlockByNumber(ctx, number)
		return err
	})
	return b, err
}

// TransactionCount returns the number of transactions in the block.
func (c *Client) TransactionCount(ctx context.Context, blockHash common.Hash) (n uint, err error) {
	err = c.eth(ctx, "eth_getBlockTransactionCountByHash", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		n, err = ec.TransactionCount(ctx, blockHash)
		return err
	})
	return n, err
}

// TransactionInBlock returns the transaction at index in the block.
func (c *Client) TransactionInBlock(ctx context.Context, blockHash common.Hash, index uint) (tx *types.Transaction, err error) {
	err = c.eth(ctx, "eth_getTransactionByBlockHashAndIndex", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		tx, err = ec.TransactionInBlock(ctx, blockHash, index)
		return err
	})
	return tx, err
}

// BalanceAt returns the native balance of account at block number (nil:
// the head).
func (c *Client) BalanceAt(ctx context.Context, account common.Address, number *big.Int) (bal *big.Int, err error) {
	err = c.eth(ctx, "eth_getBalance", number, func(ctx context.Context, ec *ethclient.Client) (err error) {
		bal, err = ec.BalanceAt(ctx, account, number)
		return err
	})
	return bal, err
}

// StorageAt returns a storage slot of account at block number (nil: the
// head).
func (c *Client) StorageAt(ctx context.Context, account common.Address, key common.Hash, number *big.Int) (v []byte, err error) {
	err = c.eth(ctx, "eth_getStorageAt", number, func(ctx context.Context, ec *ethclient.Client) (err error) {
		v, err = ec.StorageAt(ctx, account, key, number)
		return err
	})
	return v, err
}

// CodeAt returns the code of account at block number (nil: the head).
func (c *Client) CodeAt(ctx context.Context, account common.Address, number *big.Int) (code []byte, err error) {
	err = c.eth(ctx, "eth_getCode", number, func(ctx context.Context, ec *ethclient.Client) (err error) {
		code, err = ec.CodeAt(ctx, account, number)
		return err
	})
	return code, err
}

// CodeAtHash returns the code of account at the block with the given hash.
func (c *Client) CodeAtHash(ctx context.Context, account common.Address, blockHash common.Hash) (code []byte, err error) {
	err = c.eth(ctx, "eth_getCode", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		code, err = ec.CodeAtHash(ctx, account, blockHash)
		return err
	})
	return code, err
}

// PendingCodeAt returns the code of account in the pending state.
func (c *Client) PendingCodeAt(ctx context.Context, account common.Address) (code []byte, err error) {
	err = c.eth(ctx, "eth_getCode", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		code, err = ec.PendingCodeAt(ctx, account)
		return err
	})
	return code, err
}

// NonceAt returns the nonce of account at block number (nil: the head):
// the count of its mined transactions.
func (c *Client) NonceAt(ctx context.Context, account common.Address, number *big.Int) (n uint64, err error) {
	err = c.eth(ctx, "eth_getTransactionCount", number, func(ctx context.Context, ec *ethclient.Client) (err error) {
		n, err = ec.NonceAt(ctx, account, number)
		return err
	})
	return n, err
}

// PendingNonceAt returns the nonce of account counting the transactions in
// the answering node's pool.
func (c *Client) PendingNonceAt(ctx context.Context, account common.Address) (n uint64, err error) {
	err = c.eth(ctx, "eth_getTransactionCount", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		n, err = ec.PendingNonceAt(ctx, account)
		return err
	})
	return n, err
}

// CallContract runs an eth_call at block number (nil: the head). A revert
// is the call's answer, returned as is.
func (c *Client) CallContract(ctx context.Context, msg ethereum.CallMsg, number *big.Int) (out []byte, err error) {
	err = c.eth(ctx, "eth_call", number, func(ctx context.Context, ec *ethclient.Client) (err error) {
		out, err = ec.CallContract(ctx, msg, number)
		return err
	})
	return out, err
}

// CallContractAtHash runs an eth_call at the block with the given hash.
func (c *Client) CallContractAtHash(ctx context.Context, msg ethereum.CallMsg, blockHash common.Hash) (out []byte, err error) {
	err = c.eth(ctx, "eth_call", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		out, err = ec.CallContractAtHash(ctx, msg, blockHash)
		return err
	})
	return out, err
}

// PendingCallContract runs an eth_call on the pending state.
func (c *Client) PendingCallContract(ctx context.Context, msg ethereum.CallMsg) (out []byte, err error) {
	err = c.eth(ctx, "eth_call", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		out, err = ec.PendingCallContract(ctx, msg)
		return err
	})
	return out, err
}

// EstimateGas estimates the gas msg needs. A revert, or a refusal such as
// insufficient funds, is the answer, returned as is.
func (c *Client) EstimateGas(ctx context.Context, msg ethereum.CallMsg) (gas uint64, err error) {
	err = c.eth(ctx, "eth_estimateGas", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		gas, err = ec.EstimateGas(ctx, msg)
		return err
	})
	return gas, err
}

// SuggestGasPrice returns a node's suggested legacy gas price.
func (c *Client) SuggestGasPrice(ctx context.Context) (p *big.Int, err error) {
	err = c.eth(ctx, "eth_gasPrice", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		p, err = ec.SuggestGasPrice(ctx)
		return err
	})
	return p, err
}

// SuggestGasTipCap returns a node's suggested priority fee.
func (c *Client) SuggestGasTipCap(ctx context.Context) (tip *big.Int, err error) {
	err = c.eth(ctx, "eth_maxPriorityFeePerGas", nil, func(ctx context.Context, ec *ethclient.Client) (err error) {
		tip, err = ec.SuggestGasTipCap(ctx)
		return err
	})
	return tip, err
}

// SendTransaction broadcasts tx through the best endpoint. A node's verdict
// on it (already known, nonce too low, underpriced, insufficient funds, …)
// is returned as is, without asking the other endpoints, which would say
// the same; a fault of the endpoint (transport, timeout, HTTP error, an
// error envelope that is not a verdict) moves the broadcast to the next.
// Sending the same signed transaction twice is harmless, so a broadcast
// whose answer was lost is simply sent again.
func (c *Client) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	return c.eth(ctx, "eth_sendRawTransaction", nil, func(ctx context.Context, ec *ethclient.Client) error {
		return ec.SendTransaction(ctx, tx)
	})
}

// TransactionByHash returns a transaction, from a block or from a node's
// pool (isPending). A node that does not know it is not at fault: the
// others are asked once each, and ErrNotFound (ethereum.NotFound) is
// returned when none knows it.
func (c *Client) TransactionByHash(ctx context.Context, hash common.Hash) (tx *types.Transaction, isPending bool, err error) {
	err = c.do(ctx, "eth_getTransactionByHash", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var err error
		tx, isPending, err = ethclient.NewClient(rc).TransactionByHash(ctx, hash)
		if err != nil && isAbsent(err) {
			return &absentError{err: err}
		}
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return tx, isPending, nil
}

// TransactionReceipt returns the receipt of a mined transaction. A node
// that has none — null, or an error such as "receipt not yet available" or
// "transaction indexing is in progress" — is not at fault and is not set
// aside: a transaction still pending has no receipt. The other endpoints
// are asked once each, in case one is ahead, and ErrNotFound
// (ethereum.NotFound, as ethclient says) is returned when none has it.
func (c *Client) TransactionReceipt(ctx context.Context, hash common.Hash) (r *types.Receipt, err error) {
	err = c.do(ctx, "eth_getTransactionReceipt", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var err error
		r, err = ethclient.NewClient(rc).TransactionReceipt(ctx, hash)
		if err != nil && isAbsent(err) {
			return &absentError{err: err}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// FilterLogs returns the logs q matches. A query that names its last block
// prefers endpoints whose head reached it. A node's refusal of the range as
// too large (IsLogRangeTooLarge) is its answer, returned as is for the
// caller to ask for a smaller range.
func (c *Client) FilterLogs(ctx context.Context, q ethereum.FilterQuery) (logs []types.Log, err error) {
	var need uint64
	if q.ToBlock != nil && q.ToBlock.Sign() > 0 && q.ToBlock.IsUint64() {
		need = q.ToBlock.Uint64()
	}
	err = c.do(ctx, "eth_getLogs", need, func(ctx context.Context, e *endpoint, rc *rpc.Client) (err error) {
		logs, err = ethclient.NewClient(rc).FilterLogs(ctx, q)
		switch {
		case err == nil:
			return nil
		case isRefusal(err) && IsLogRangeTooLarge(err):
			return &resultError{err: err}
		case need > 0 && isBehind(err):
			return nullFor(e, "logs", &need)
		}
		return err
	})
	return logs, err
}

// BatchCallContext sends b as one JSON-RPC batch, with the failover of
// every other method; each element's own error is in its Error field, for
// the caller. A node's refusal of the batch for its size (IsBatchTooLarge)
// is its answer, returned as is for the caller to send smaller batches. It
// has the signature of go-ethereum's rpc.Client.BatchCallContext.
func (c *Client) BatchCallContext(ctx context.Context, b []rpc.BatchElem) error {
	return c.do(ctx, "batch", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		for i := range b {
			b[i].Error = nil
		}
		err := rc.BatchCallContext(ctx, b)
		if err != nil && isRefusal(err) && IsBatchTooLarge(err) {
			return &resultError{err: err}
		}
		return err
	})
}

// SubscribeFilterLogs subscribes to the logs q matches on the best
// WebSocket endpoint. It returns ErrNoSubscription when the network has
// none. The subscription may end (its Err channel) when the connection
// drops; subscribe again.
func (c *Client) SubscribeFilterLogs(ctx context.Context, q ethereum.FilterQuery, ch chan<- types.Log) (ethereum.Subscription, error) {
	return c.subscribe(ctx, "logs", func(ctx context.Context, rc *rpc.Client) (ethereum.Subscription, error) {
		return ethclient.NewClient(rc).SubscribeFilterLogs(ctx, q, ch)
	})
}

// CallContext makes a raw JSON-RPC call, with the failover of every other
// method, for what the ethclient method set does not cover (debug_trace*,
// eth_getTransactionByHash with the raw fields forensics reads): result
// receives the answer. A revert is returned as is, and so is a method the
// only endpoint lacks (asking again will not help). It has the signature of
// go-ethereum's rpc.Client.CallContext, so code written against that reads
// through the Client.
func (c *Client) CallContext(ctx context.Context, result any, method string, args ...any) error {
	return c.do(ctx, method, 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		err := rc.CallContext(ctx, result, method, args...)
		switch {
		case err == nil:
			return nil
		case isRevert(err), isMethodNotFound(err) && len(c.eps) == 1:
			return &resultError{err: err}
		}
		return err
	})
}
