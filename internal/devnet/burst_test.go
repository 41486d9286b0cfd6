package devnet_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// TestInstantSealingBurst sends 640 transactions at once, from 20 freshly
// funded keys over HTTP, to a devnet that seals on every transaction. It is
// the regression test of a lockup: the miner stopped reading the pool's
// new-transaction feed while it waited for the pool, the pool waited to
// deliver to the miner, and Close then hung. Every transaction must be mined
// and Close must return promptly.
func TestInstantSealingBurst(t *testing.T) {
	const senders, perSender = 20, 32
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d, err := devnet.Start(ctx, devnet.Config{})
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	t.Cleanup(func() {
		if !closed {
			if err := closeWithin(d, 15*time.Second); err != nil && !errors.Is(err, devnet.ErrStopTimeout) {
				t.Error(err)
			}
		}
	})
	c := devnettest.Dial(t, d.HTTPURL())
	chainID := big.NewInt(devnet.ChainID)
	signer := types.LatestSignerForChainID(chainID)
	transfer := func(key *ecdsa.PrivateKey, nonce uint64, to common.Address, value *big.Int) *types.Transaction {
		return types.MustSignNewTx(key, signer, &types.DynamicFeeTx{
			ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9),
			Gas: 21_000, To: &to, Value: value,
		})
	}

	// Fund the senders from one benign user, in one batch.
	funder := d.Keys().Users[0]
	nonce, err := c.PendingNonceAt(ctx, devnet.Address(funder))
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]*ecdsa.PrivateKey, senders)
	var funding []common.Hash
	for i := range keys {
		if keys[i], err = crypto.GenerateKey(); err != nil {
			t.Fatal(err)
		}
		tx := transfer(funder, nonce+uint64(i), devnet.Address(keys[i]), ether(10))
		if err := c.SendTransaction(ctx, tx); err != nil {
			t.Fatalf("fund sender %d: %v", i, err)
		}
		funding = append(funding, tx.Hash())
	}
	for _, h := range funding {
		if r := waitReceipt(t, c, h); r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("funding tx %s failed", h)
		}
	}
	startBlock, err := c.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// The burst: every sender sends its transactions back to back, all
	// senders at once, without waiting for any to be mined.
	sink := common.HexToAddress("0x000000000000000000000000000000000000dEaD")
	hashes := make([][]common.Hash, senders)
	errs := make([]error, senders)
	began := time.Now()
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Go(func() {
			for n := range uint64(perSender) {
				tx := transfer(key, n, sink, big.NewInt(1))
				if err := c.SendTransaction(ctx, tx); err != nil {
					errs[i] = err
					return
				}
				hashes[i] = append(hashes[i], tx.Hash())
			}
		})
	}
	wg.Wait()
	sent := time.Since(began)
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("send: %v", err)
	}

	// All of them are mined, in order, and succeed.
	for i, key := range keys {
		waitNonce(ctx, t, c, devnet.Address(key), perSender)
		for _, h := range hashes[i] {
			r, err := c.TransactionReceipt(ctx, h)
			if err != nil {
				t.Fatalf("receipt of %s: %v", h, err)
			}
			if r.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("tx %s reverted", h)
			}
		}
	}
	mined := time.Since(began)
	head, err := c.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d transactions sent in %s, all mined after %s in %d blocks",
		senders*perSender, sent.Round(time.Millisecond), mined.Round(time.Millisecond), head-startBlock)

	// Close returns: promptly, or after the node's bounded stop when
	// go-ethereum's own shutdown hangs (its rare handler/pool race, which
	// the devnet reports as ErrStopTimeout instead of hanging).
	closed = true
	closeBegan := time.Now()
	err = closeWithin(d, 15*time.Second)
	switch {
	case errors.Is(err, devnet.ErrStopTimeout):
		t.Logf("go-ethereum's node stop timed out; Close returned after %s", time.Since(closeBegan).Round(time.Millisecond))
	case err != nil:
		t.Fatal(err)
	default:
		t.Logf("Close returned in %s", time.Since(closeBegan).Round(time.Millisecond))
	}
}

// closeWithin closes d, or fails if Close has not returned after limit
// (leaving it running, since a hung Close cannot be stopped).
func closeWithin(d *devnet.Devnet, limit time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- d.Close() }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		var dump strings.Builder
		pprof.Lookup("goroutine").WriteTo(&dump, 1)
		return fmt.Errorf("devnet Close did not return within %s; goroutines:\n%s", limit, dump.String())
	}
}

// waitNonce waits until the mined nonce of account reaches want.
func waitNonce(ctx context.Context, t *testing.T, c *ethclient.Client, account common.Address, want uint64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		n, err := c.NonceAt(ctx, account, nil)
		if err == nil && n >= want {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: %d of %d transactions mined: %v", account, n, want, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}
