package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// Fees of the devnet's own transactions: generous, so they are always
// mined in the next block, and paid from test balances of 10,000 ETH.
var (
	devTipCap = big.NewInt(params.GWei)
	devFeeCap = big.NewInt(100 * params.GWei)
)

// ErrReverted is returned (wrapped) when a transaction is mined but reverts.
var ErrReverted = errors.New("transaction reverted")

// transactOpts returns options for a transaction from key: the client picks
// the nonce and estimates the gas, which needs the state this transaction
// depends on to be mined already.
func (d *Devnet) transactOpts(ctx context.Context, key *ecdsa.PrivateKey) *bind.TransactOpts {
	opts := bind.NewKeyedTransactor(key, d.ChainID())
	opts.Context = ctx
	opts.GasTipCap = devTipCap
	opts.GasFeeCap = devFeeCap
	return opts
}

// waitMined waits for the receipt of hash. It polls the in-process client
// often, since the devnet seals within milliseconds in instant mode.
func waitMined(ctx context.Context, client *ethclient.Client, hash common.Hash) (*types.Receipt, error) {
	const interval = 2 * time.Millisecond
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for transaction %s: %w", hash, ctx.Err())
		case <-timer.C:
		}
		receipt, err := client.TransactionReceipt(ctx, hash)
		if err == nil {
			// A receipt can be served a moment before its block becomes the
			// head; callers expect the state of "latest" to include it.
			head, err := client.BlockNumber(ctx)
			if err != nil {
				return nil, fmt.Errorf("read head: %w", err)
			}
			if head >= receipt.BlockNumber.Uint64() {
				return receipt, nil
			}
			timer.Reset(interval)
			continue
		}
		if !errors.Is(err, ethereum.NotFound) && !isIndexing(err) {
			return nil, fmt.Errorf("receipt of %s: %w", hash, err)
		}
		timer.Reset(interval)
	}
}

// mustSucceed waits for tx and fails unless it succeeded.
func (d *Devnet) mustSucceed(ctx context.Context, what string, tx *types.Transaction, err error) (*types.Receipt, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: send: %w", what, err)
	}
	receipt, err := waitMined(ctx, d.client, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if receipt.Status != types.ReceiptStatusSuccessful {
		return receipt, fmt.Errorf("%s: tx %s: %w", what, tx.Hash(), ErrReverted)
	}
	return receipt, nil
}

// isIndexing reports whether err is go-ethereum's "transaction indexing is
// in progress", answered for a while after start: retry, it is not a failure.
func isIndexing(err error) bool {
	var de rpc.DataError
	return errors.As(err, &de) && de.ErrorData() == "transaction indexing is in progress"
}

// callMsg is an eth_call of data on to.
func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}
