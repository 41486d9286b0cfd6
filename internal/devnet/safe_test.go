package devnet_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// safeTxHash is the EIP-712 hash of a Safe v1.4.1 SafeTx with no refund
// (safeTxGas, baseGas and gasPrice 0, no gas token or refund receiver).
func safeTxHash(t *testing.T, safe, to common.Address, data []byte, nonce *big.Int) common.Hash {
	t.Helper()
	typed := apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {
				{Name: "chainId", Type: "uint256"},
				{Name: "verifyingContract", Type: "address"},
			},
			"SafeTx": {
				{Name: "to", Type: "address"},
				{Name: "value", Type: "uint256"},
				{Name: "data", Type: "bytes"},
				{Name: "operation", Type: "uint8"},
				{Name: "safeTxGas", Type: "uint256"},
				{Name: "baseGas", Type: "uint256"},
				{Name: "gasPrice", Type: "uint256"},
				{Name: "gasToken", Type: "address"},
				{Name: "refundReceiver", Type: "address"},
				{Name: "nonce", Type: "uint256"},
			},
		},
		PrimaryType: "SafeTx",
		Domain: apitypes.TypedDataDomain{
			ChainId:           math.NewHexOrDecimal256(devnet.ChainID),
			VerifyingContract: safe.Hex(),
		},
		Message: apitypes.TypedDataMessage{
			"to":             to.Hex(),
			"value":          "0",
			"data":           hexutil.Encode(data),
			"operation":      "0",
			"safeTxGas":      "0",
			"baseGas":        "0",
			"gasPrice":       "0",
			"gasToken":       common.Address{}.Hex(),
			"refundReceiver": common.Address{}.Hex(),
			"nonce":          nonce.String(),
		},
	}
	hash, _, err := apitypes.TypedDataAndHash(typed)
	if err != nil {
		t.Fatalf("EIP-712 hash of the SafeTx: %v", err)
	}
	return common.BytesToHash(hash)
}

// safeSignatures signs hash with keys and packs the signatures the way the
// Safe reads them: r, s, v (27 or 28), sorted by signer address.
func safeSignatures(t *testing.T, hash common.Hash, keys ...*ecdsa.PrivateKey) []byte {
	t.Helper()
	sorted := slices.Clone(keys)
	slices.SortFunc(sorted, func(a, b *ecdsa.PrivateKey) int {
		return bytes.Compare(devnet.Address(a).Bytes(), devnet.Address(b).Bytes())
	})
	var out []byte
	for _, k := range sorted {
		sig, err := crypto.Sign(hash.Bytes(), k)
		if err != nil {
			t.Fatal(err)
		}
		sig[64] += 27
		out = append(out, sig...)
	}
	return out
}

func TestSafePause(t *testing.T) {
	d := devnettest.Start(t)
	c := devnettest.Dial(t, d.HTTPURL())
	dep, keys := d.Deployment(), d.Keys()
	safe, pool := bindings.NewSafeL2(), bindings.NewLendingPool()
	pauseData := pool.PackPause()
	zero, none := new(big.Int), common.Address{}

	nonce := call(t, c, dep.Safe, safe.PackNonce(), safe.UnpackNonce)
	hash := safeTxHash(t, dep.Safe, dep.Pool, pauseData, nonce)
	onChain := call(t, c, dep.Safe, safe.PackGetTransactionHash(dep.Pool, zero, pauseData, 0, zero, zero, zero, none, none, nonce), safe.UnpackGetTransactionHash)
	if hash != common.Hash(onChain) {
		t.Fatalf("SafeTx hash %s, the Safe's getTransactionHash says %s", hash, common.Hash(onChain))
	}

	exec := func(sigs []byte) []byte {
		return safe.PackExecTransaction(dep.Pool, zero, pauseData, 0, zero, zero, zero, none, none, sigs)
	}
	paused := func() bool { return call(t, c, dep.Pool, pool.PackPaused(), pool.UnpackPaused) }

	// One owner's signature is below the threshold: the Safe refuses it.
	one := exec(safeSignatures(t, hash, keys.SafeOwners[0]))
	msg := callMsg(dep.Safe, one)
	msg.From = dep.Guardian
	if _, err := c.CallContract(context.Background(), msg, nil); err == nil || !strings.Contains(err.Error(), "GS020") {
		t.Fatalf("execTransaction with one signature: err = %v, want the Safe's GS020 (signatures too short)", err)
	}
	if r := sendTx(t, c, keys.Guardian, dep.Safe, one, 300_000); r.Status != 0 {
		t.Fatal("execTransaction with one signature succeeded")
	}
	if paused() {
		t.Fatal("the pool is paused after a single-signature Safe transaction")
	}

	// A signature by a non-owner does not count either.
	forged := exec(safeSignatures(t, hash, keys.SafeOwners[0], keys.Attacker))
	if r := sendTx(t, c, keys.Guardian, dep.Safe, forged, 300_000); r.Status != 0 || paused() {
		t.Fatal("execTransaction with an owner's and a non-owner's signature succeeded")
	}

	// Two owners: the Safe checks both signatures and calls pause().
	two := exec(safeSignatures(t, hash, keys.SafeOwners[2], keys.SafeOwners[0]))
	r := sendTx(t, c, keys.Guardian, dep.Safe, two, 300_000)
	if r.Status != 1 {
		t.Fatal("execTransaction with two owners' signatures reverted")
	}
	success := false
	for _, l := range r.Logs {
		if l.Address != dep.Safe {
			continue
		}
		if ev, err := safe.UnpackExecutionSuccessEvent(l); err == nil && common.Hash(ev.TxHash) == hash {
			success = true
		}
	}
	if !success {
		t.Fatal("no ExecutionSuccess event for the SafeTx hash")
	}
	if !paused() {
		t.Fatal("the pool is not paused after the Safe transaction")
	}
	if n := call(t, c, dep.Safe, safe.PackNonce(), safe.UnpackNonce); n.Cmp(new(big.Int).Add(nonce, big.NewInt(1))) != 0 {
		t.Fatalf("Safe nonce %s after one execution, want %d", n, nonce.Int64()+1)
	}
}
