package forensics

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// blockChain is a node on which the test decides when blocks are mined.
type blockChain struct {
	t     *testing.T
	ctx   context.Context
	rpc   *rpc.Client
	ec    *ethclient.Client
	chain *big.Int
	mine  func()
	nonce map[common.Address]uint64
}

// sendAll signs and sends each call (to nil deploys), mines one block with
// them all, and returns their receipts, which must be successful and in
// that one block.
func (b *blockChain) sendAll(calls ...call) []*types.Receipt {
	b.t.Helper()
	var hashes []common.Hash
	for _, c := range calls {
		from := crypto.PubkeyToAddress(c.key.PublicKey)
		if _, ok := b.nonce[from]; !ok {
			n, err := b.ec.NonceAt(b.ctx, from, nil)
			if err != nil {
				b.t.Fatal(err)
			}
			b.nonce[from] = n
		}
		tx := types.MustSignNewTx(c.key, types.LatestSignerForChainID(b.chain), &types.DynamicFeeTx{
			ChainID: b.chain, Nonce: b.nonce[from], GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei),
			Gas: 3_000_000, To: c.to, Data: c.data,
		})
		b.nonce[from]++
		if err := b.ec.SendTransaction(b.ctx, tx); err != nil {
			b.t.Fatal(err)
		}
		hashes = append(hashes, tx.Hash())
	}
	b.mine()
	var out []*types.Receipt
	for _, h := range hashes {
		var r *types.Receipt
		for r == nil {
			var err error
			if r, err = b.ec.TransactionReceipt(b.ctx, h); err != nil {
				select {
				case <-b.ctx.Done():
					b.t.Fatalf("%s not mined", h.Hex())
				case <-time.After(10 * time.Millisecond):
				}
			}
		}
		if r.Status != types.ReceiptStatusSuccessful {
			b.t.Fatalf("%s reverted", h.Hex())
		}
		if len(out) > 0 && r.BlockNumber.Cmp(out[0].BlockNumber) != 0 {
			b.t.Fatalf("%s mined in block %s, not with the others in %s", h.Hex(), r.BlockNumber, out[0].BlockNumber)
		}
		out = append(out, r)
	}
	return out
}

type call struct {
	key  *ecdsa.PrivateKey
	to   *common.Address
	data []byte
}

// checkMidBlock: in one block, the protocol mints to a vault, the attacker
// sweeps it, the protocol mints again. The sweep's loss is what the vault
// held right before it (after the first mint, before the last): the state
// at the sweep's position in the block.
func checkMidBlock(t *testing.T, b *blockChain, protocol, attacker *ecdsa.PrivateKey) {
	silentBin := common.FromHex(bindings.SilentTokenMetaData.Bin)
	deployed := b.sendAll(call{key: protocol, data: silentBin}, call{key: protocol, data: common.FromHex(bindings.LooseVaultMetaData.Bin)})
	token, vault := deployed[0].ContractAddress, deployed[1].ContractAddress
	st := bindings.NewSilentToken()
	b.sendAll(call{key: protocol, to: &token, data: st.PackMint(vault, whole(500))})
	atk := crypto.PubkeyToAddress(attacker.PublicKey)
	rs := b.sendAll(
		call{key: protocol, to: &token, data: st.PackMint(vault, whole(300))},
		call{key: attacker, to: &vault, data: bindings.NewLooseVault().PackSweep(token, atk)},
		call{key: protocol, to: &token, data: st.PackMint(vault, whole(50))},
	)
	if rs[1].TransactionIndex != 1 {
		t.Fatalf("the sweep is transaction %d of its block", rs[1].TransactionIndex)
	}
	a, err := Analyze(b.ctx, b.rpc, rs[1].TxHash, Options{Contracts: []Contract{{Name: "vault", Address: vault}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := lossOf1(a, token); got == nil || got.Cmp(whole(800)) != 0 {
		t.Errorf("loss %v, want 800 tokens (what the vault held at the sweep's position)", a.Loss)
	}
	if got := changeOf(a, atk, token); got.Cmp(whole(800)) != 0 {
		t.Errorf("attacker's change %s, want 800 tokens", got)
	}
	if got := changeOf(a, atk, Native); got.Sign() != 0 {
		t.Errorf("attacker's native change %s: gas is not a balance change", got)
	}
}

func TestStateAtPositionInBlockDevnet(t *testing.T) {
	d := devnettest.StartWith(t, devnet.Config{BlockTime: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := rpc.DialContext(ctx, d.HTTPURL())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	b := &blockChain{t: t, ctx: ctx, rpc: c, ec: d.Client(), chain: d.ChainID(), mine: func() { d.Commit() }, nonce: map[common.Address]uint64{}}
	checkMidBlock(t, b, d.Keys().Deployer, d.Keys().Attacker)
}

func TestStateAtPositionInBlockAnvil(t *testing.T) {
	url := devnettest.Anvil(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := rpc.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Call(nil, "evm_setAutomine", false); err != nil {
		t.Fatal(err)
	}
	ec := ethclient.NewClient(c)
	chainID, err := ec.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var keys []*ecdsa.PrivateKey
	for range 2 {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		bal := (*hexutil.Big)(new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether)))
		if err := c.Call(nil, "anvil_setBalance", crypto.PubkeyToAddress(k.PublicKey), bal); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	mine := func() {
		if err := c.Call(nil, "evm_mine"); err != nil {
			t.Fatal(err)
		}
	}
	b := &blockChain{t: t, ctx: ctx, rpc: c, ec: ec, chain: chainID, mine: mine, nonce: map[common.Address]uint64{}}
	checkMidBlock(t, b, keys[0], keys[1])
}
