package cli

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// TestAnalyzeAndTraceReadThroughTheClient: analyze tx and trace funds
// read the node through chain.Client (raw calls with failover included)
// and give the node's facts: the transfer's hash, and the funds that left.
func TestAnalyzeAndTraceReadThroughTheClient(t *testing.T) {
	d := devnettest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	key := d.Keys().Users[0]
	from := devnet.Address(key)
	to := common.HexToAddress("0x000000000000000000000000000000000000bEEF")
	nonce, err := d.Client().PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(d.ChainID()), &types.DynamicFeeTx{
		ChainID: d.ChainID(), Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11), Gas: 21000, To: &to, Value: big.NewInt(12345),
	})
	if err := d.Client().SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	var block uint64
	for {
		r, err := d.Client().TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			block = r.BlockNumber.Uint64()
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("transfer not mined")
		case <-time.After(20 * time.Millisecond):
		}
	}

	code, stdout, stderr := runCLI(t, "analyze", "tx", tx.Hash().Hex(), "--rpc", d.HTTPURL(), "--json", "--recent-blocks", "0")
	if code != 0 {
		t.Fatalf("analyze tx: exit %d: %s", code, stderr)
	}
	if !strings.Contains(strings.ToLower(stdout), strings.ToLower(tx.Hash().Hex())) || !strings.Contains(stdout, "12345") {
		t.Fatalf("analysis lacks the transfer:\n%s", stdout)
	}
	code, stdout, stderr = runCLI(t, "trace", "funds", from.Hex(), "--rpc", d.HTTPURL(), "--from-block", itoa(block), "--to-block", itoa(block), "--format", "json")
	if code != 0 {
		t.Fatalf("trace funds: exit %d: %s", code, stderr)
	}
	if !strings.Contains(strings.ToLower(stdout), strings.ToLower(to.Hex())) || !strings.Contains(stdout, "12345") {
		t.Fatalf("trace lacks the transfer to %s:\n%s", to.Hex(), stdout)
	}
	code, _, stderr = runCLI(t, "analyze", "tx", tx.Hash().Hex(), "--rpc", "ftp://127.0.0.1:1")
	if code == 0 || !strings.Contains(stderr, "--rpc") {
		t.Fatalf("bad --rpc: exit %d: %s", code, stderr)
	}
}
