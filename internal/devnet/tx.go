package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/breakglass-dev/breakglass/contracts/demo"
)

// Fees of the devnet's own transactions: generous, so they are always
// mined in the next block, and paid from test balances of 10,000 ETH.
var (
	devTipCap = big.NewInt(params.GWei)
	devFeeCap = big.NewInt(100 * params.GWei)
)

// ErrReverted is returned (wrapped) when a transaction is mined but reverts;
// it is contracts/demo's, so that either package's revert matches.
var ErrReverted = demo.ErrReverted

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

// mustSucceed waits for tx and fails unless it succeeded.
func (d *Devnet) mustSucceed(ctx context.Context, what string, tx *types.Transaction, err error) (*types.Receipt, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: send: %w", what, err)
	}
	receipt, err := demo.WaitMined(ctx, d.client, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if receipt.Status != types.ReceiptStatusSuccessful {
		return receipt, fmt.Errorf("%s: tx %s: %w", what, tx.Hash(), ErrReverted)
	}
	return receipt, nil
}

// callMsg is an eth_call of data on to.
func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}
