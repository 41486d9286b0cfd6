package txmgr

import (
	"context"
	"errors"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// Failover is a Backend over a chain.Client: every call goes to the
// healthiest endpoint and moves to the next one when an endpoint fails.
// A node's answer to a sent transaction (already known, nonce too low,
// underpriced, …) is an answer, not an endpoint failure: it is returned as
// is rather than tried on every other endpoint.
type Failover struct {
	c *chain.Client
}

// NewFailover returns a Backend over c.
func NewFailover(c *chain.Client) *Failover { return &Failover{c: c} }

// ChainID returns the network's chain id.
func (f *Failover) ChainID(ctx context.Context) (*big.Int, error) { return f.c.ChainID(ctx) }

// HeaderByNumber returns a header (nil: the head).
func (f *Failover) HeaderByNumber(ctx context.Context, number *big.Int) (h *types.Header, err error) {
	err = f.c.Do(ctx, "eth_getBlockByNumber", func(ctx context.Context, ec *ethclient.Client) (err error) {
		h, err = ec.HeaderByNumber(ctx, number)
		return err
	})
	return h, err
}

// NonceAt returns the account's nonce at a block (nil: the head).
func (f *Failover) NonceAt(ctx context.Context, a common.Address, block *big.Int) (n uint64, err error) {
	err = f.c.Do(ctx, "eth_getTransactionCount", func(ctx context.Context, ec *ethclient.Client) (err error) {
		n, err = ec.NonceAt(ctx, a, block)
		return err
	})
	return n, err
}

// PendingNonceAt returns the account's nonce counting the node's pool.
func (f *Failover) PendingNonceAt(ctx context.Context, a common.Address) (n uint64, err error) {
	err = f.c.Do(ctx, "eth_getTransactionCount", func(ctx context.Context, ec *ethclient.Client) (err error) {
		n, err = ec.PendingNonceAt(ctx, a)
		return err
	})
	return n, err
}

// SuggestGasTipCap returns the node's suggested priority fee.
func (f *Failover) SuggestGasTipCap(ctx context.Context) (tip *big.Int, err error) {
	err = f.c.Do(ctx, "eth_maxPriorityFeePerGas", func(ctx context.Context, ec *ethclient.Client) (err error) {
		tip, err = ec.SuggestGasTipCap(ctx)
		return err
	})
	return tip, err
}

// EstimateGas estimates msg's gas; a revert is the answer, not a failure.
func (f *Failover) EstimateGas(ctx context.Context, msg ethereum.CallMsg) (gas uint64, err error) {
	err = f.c.Do(ctx, "eth_estimateGas", func(ctx context.Context, ec *ethclient.Client) (err error) {
		gas, err = ec.EstimateGas(ctx, msg)
		return err
	})
	return gas, err
}

// CallContract runs an eth_call; a revert is the answer, not a failure.
func (f *Failover) CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) (out []byte, err error) {
	err = f.c.Do(ctx, "eth_call", func(ctx context.Context, ec *ethclient.Client) (err error) {
		out, err = ec.CallContract(ctx, msg, block)
		return err
	})
	return out, err
}

// CodeAt returns an account's code at a block (nil: the head).
func (f *Failover) CodeAt(ctx context.Context, a common.Address, block *big.Int) (code []byte, err error) {
	err = f.c.Do(ctx, "eth_getCode", func(ctx context.Context, ec *ethclient.Client) (err error) {
		code, err = ec.CodeAt(ctx, a, block)
		return err
	})
	return code, err
}

// StorageAt returns a storage slot at a block (nil: the head).
func (f *Failover) StorageAt(ctx context.Context, a common.Address, key common.Hash, block *big.Int) (v []byte, err error) {
	err = f.c.Do(ctx, "eth_getStorageAt", func(ctx context.Context, ec *ethclient.Client) (err error) {
		v, err = ec.StorageAt(ctx, a, key, block)
		return err
	})
	return v, err
}

// TransactionReceipt returns a receipt, or ethereum.NotFound when no
// endpoint has it.
func (f *Failover) TransactionReceipt(ctx context.Context, hash common.Hash) (rc *types.Receipt, err error) {
	err = f.c.Do(ctx, "eth_getTransactionReceipt", func(ctx context.Context, ec *ethclient.Client) (err error) {
		rc, err = ec.TransactionReceipt(ctx, hash)
		return err
	})
	if errors.Is(err, chain.ErrNotFound) {
		return nil, ethereum.NotFound
	}
	return rc, err
}

// SendTransaction broadcasts tx. The node's refusal is returned at once;
// a transport failure moves to the next endpoint.
func (f *Failover) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	var answer error
	err := f.c.Do(ctx, "eth_sendRawTransaction", func(ctx context.Context, ec *ethclient.Client) error {
		err := ec.SendTransaction(ctx, tx)
		if isPoolAnswer(err) {
			answer = err
			return nil
		}
		return err
	})
	if err != nil {
		return err
	}
	return answer
}

// isPoolAnswer reports whether err is a transaction pool's verdict on a
// transaction (rather than a fault of the endpoint).
func isPoolAnswer(err error) bool {
	var re rpc.Error
	if err == nil || !errors.As(err, &re) {
		return false
	}
	msg := strings.ToLower(re.Error())
	for _, s := range []string{"already known", "known transaction", "nonce too low", "nonce too high", "underpriced", "fee too low",
		"insufficient funds", "base fee", "intrinsic gas", "gas limit", "tip above fee cap", "invalid sender"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
