package safetest

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/respond/key"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
)

// Send sends data to `to` from k, waits for it to be mined and fails the
// test unless it succeeded.
func Send(t testing.TB, c *ethclient.Client, k *ecdsa.PrivateKey, to common.Address, data []byte) *types.Receipt {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	from := crypto.PubkeyToAddress(k.PublicKey)
	chainID, err := c.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nonce, err := c.PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	gas, err := c.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &to, Data: data})
	if err != nil {
		t.Fatalf("send from %s to %s: %v", from.Hex(), to.Hex(), err)
	}
	tip := big.NewInt(1_000_000_000)
	head, err := c.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{ChainID: chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: gas * 2, To: &to, Data: data}),
		types.LatestSignerForChainID(chainID), k)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SendTransaction(ctx, tx); err != nil {
		t.Fatalf("send from %s: %v", from.Hex(), err)
	}
	rc, err := bind.WaitMined(ctx, c, tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("transaction %s from %s reverted", tx.Hash().Hex(), from.Hex())
	}
	return rc
}

// Exec has the Safe at safeAddr call `to` with data: the owners' keys sign
// the Safe transaction at its current nonce and submitter sends
// execTransaction.
func Exec(t testing.TB, c *ethclient.Client, safeAddr common.Address, owners []*ecdsa.PrivateKey, submitter *ecdsa.PrivateKey, to common.Address, data []byte) *types.Receipt {
	t.Helper()
	ctx := context.Background()
	sb := bindings.NewSafeL2()
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &safeAddr, Data: sb.PackNonce()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, err := sb.UnpackNonce(out)
	if err != nil {
		t.Fatal(err)
	}
	chainID, err := c.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx := safe.NewTx(to, nil, data, n.Uint64())
	h, err := tx.Hash(chainID, safeAddr)
	if err != nil {
		t.Fatal(err)
	}
	var sigs []safe.Signature
	for _, k := range owners {
		s, err := safe.Sign(key.NewSigner(k), h)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	return Send(t, c, submitter, safeAddr, sb.PackExecTransaction(tx.To, tx.Value, tx.Data, tx.Operation, tx.SafeTxGas, tx.BaseGas, tx.GasPrice, tx.GasToken, tx.RefundReceiver, safe.Pack(sigs)))
}
