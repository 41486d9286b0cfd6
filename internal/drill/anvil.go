package drill

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	anvilpkg "github.com/breakglass-dev/breakglass/internal/anvil"
)

// anvil is a running anvil fork.
type anvil struct {
	node *anvilpkg.Node
	url  string
	rpc  *rpc.Client
	eth  *ethclient.Client
}

// startAnvil runs bin forking upstream at block on a free port of
// 127.0.0.1, and waits until it answers.
func startAnvil(ctx context.Context, bin, upstream string, block uint64) (*anvil, error) {
	n, err := anvilpkg.Start(ctx, bin, "--fork-url", upstream, "--fork-block-number", fmt.Sprint(block), "--no-rate-limit")
	if err != nil {
		return nil, err
	}
	c, err := rpc.DialContext(ctx, n.URL)
	if err != nil {
		n.Close()
		return nil, fmt.Errorf("dial anvil %s: %w", n.URL, err)
	}
	return &anvil{node: n, url: n.URL, rpc: c, eth: ethclient.NewClient(c)}, nil
}

func (a *anvil) close() {
	if a.rpc != nil {
		a.rpc.Close()
	}
	a.node.Close()
}

// call is one call made as From (a contract or an account whose key the
// drill does not hold).
type call struct {
	From  common.Address
	To    common.Address
	Data  []byte
	Value *big.Int
}

// forwarder is the code the drill sets on an account for one block, so that
// a fresh key's signed transaction makes a call as that account (anvil's
// impersonated transactions do not hash as their signature says, which a
// careful follower rejects). Calls from attacker carry [20-byte target]
// [32-byte value][data] and are made by the account; any other call is
// delegated to shadow, where the account's own code was copied, so that
// its views and storage answer as before.
func forwarder(attacker, shadow common.Address) []byte {
	var code []byte
	labels := map[string]int{}
	var fix []struct {
		at    int
		label string
	}
	op := func(b ...byte) { code = append(code, b...) }
	push2 := func(label string) {
		op(0x61, 0, 0)
		fix = append(fix, struct {
			at    int
			label string
		}{len(code) - 2, label})
	}
	label := func(name string) { labels[name] = len(code); op(0x5b) }
	op(0x33, 0x73)
	op(attacker.Bytes()...)
	op(0x14)
	push2("attack")
	op(0x57)
	// Anyone else: delegate to the account's own code.
	op(0x36, 0x60, 0, 0x60, 0, 0x37)          // calldatacopy(0, 0, calldatasize)
	op(0x60, 0, 0x60, 0, 0x36, 0x60, 0, 0x73) // 0, 0, calldatasize, 0, shadow
	op(shadow.Bytes()...)
	op(0x5a, 0xf4)                   // gas, delegatecall
	op(0x3d, 0x60, 0, 0x60, 0, 0x3e) // returndatacopy(0, 0, returndatasize)
	push2("ok")
	op(0x57)
	op(0x3d, 0x60, 0, 0xfd) // revert(0, returndatasize)
	label("ok")
	op(0x3d, 0x60, 0, 0xf3) // return(0, returndatasize)
	label("attack")
	op(0x60, 52, 0x36, 0x03, 0x60, 52, 0x60, 0, 0x37)   // calldatacopy(0, 52, calldatasize-52)
	op(0x60, 0, 0x60, 0, 0x60, 52, 0x36, 0x03, 0x60, 0) // 0, 0, calldatasize-52, 0
	op(0x60, 20, 0x35)                                  // value = calldataload(20)
	op(0x60, 0, 0x35, 0x60, 96, 0x1c)                   // target = calldataload(0) >> 96
	op(0x5a, 0xf1)                                      // gas, call
	op(0x3d, 0x60, 0, 0x60, 0, 0x3e)
	push2("ok")
	op(0x57)
	op(0x3d, 0x60, 0, 0xfd)
	for _, f := range fix {
		at := labels[f.label]
		code[f.at], code[f.at+1] = byte(at>>8), byte(at)
	}
	return code
}

// send makes calls, all in one block, each by a signed transaction of a
// fresh funded key to its From, whose code is the forwarder for that block
// and restored right after; it returns the receipts (in order) once that
// block is mined.
func (a *anvil) send(ctx context.Context, calls []call) ([]*types.Receipt, error) {
	key, err := crypto.GenerateKey()
	if err != nil {
		return nil, err
	}
	attacker := crypto.PubkeyToAddress(key.PublicKey)
	if err := a.rpc.CallContext(ctx, nil, "anvil_setBalance", attacker, (*hexutil.Big)(new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18)))); err != nil {
		return nil, fmt.Errorf("anvil_setBalance: %w", err)
	}
	orig := map[common.Address][]byte{}
	for _, c := range calls {
		if _, ok := orig[c.From]; ok {
			continue
		}
		code, err := a.eth.CodeAt(ctx, c.From, nil)
		if err != nil {
			return nil, fmt.Errorf("code of %s: %w", c.From.Hex(), err)
		}
		orig[c.From] = code
		shadow := crypto.CreateAddress(attacker, uint64(len(orig)+1000))
		if err := a.rpc.CallContext(ctx, nil, "anvil_setCode", shadow, hexutil.Bytes(code)); err != nil {
			return nil, fmt.Errorf("anvil_setCode: %w", err)
		}
		if err := a.rpc.CallContext(ctx, nil, "anvil_setCode", c.From, hexutil.Bytes(forwarder(attacker, shadow))); err != nil {
			return nil, fmt.Errorf("anvil_setCode: %w", err)
		}
	}
	defer func() {
		for acct, code := range orig {
			_ = a.rpc.CallContext(context.WithoutCancel(ctx), nil, "anvil_setCode", acct, hexutil.Bytes(code))
		}
	}()
	chainID, err := a.eth.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	head, err := a.eth.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	tip := big.NewInt(1e9)
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(3)))
	if len(calls) > 1 {
		if err := a.rpc.CallContext(ctx, nil, "evm_setAutomine", false); err != nil {
			return nil, fmt.Errorf("evm_setAutomine: %w", err)
		}
		defer a.rpc.CallContext(context.WithoutCancel(ctx), nil, "evm_setAutomine", true)
	}
	signer := types.LatestSignerForChainID(chainID)
	hashes := make([]common.Hash, len(calls))
	for i, c := range calls {
		value := c.Value
		if value == nil {
			value = new(big.Int)
		}
		data := append(append(c.To.Bytes(), common.LeftPadBytes(value.Bytes(), 32)...), c.Data...)
		to := c.From
		tx, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: uint64(i), GasTipCap: tip, GasFeeCap: feeCap,
			Gas: 1_000_000, To: &to, Data: data})
		if err != nil {
			return nil, err
		}
		if err := a.eth.SendTransaction(ctx, tx); err != nil {
			return nil, fmt.Errorf("send as %s to %s: %w", c.From.Hex(), c.To.Hex(), err)
		}
		hashes[i] = tx.Hash()
	}
	if len(calls) > 1 {
		if err := a.rpc.CallContext(ctx, nil, "evm_mine"); err != nil {
			return nil, fmt.Errorf("evm_mine: %w", err)
		}
		// Mining on each transaction again at once: the daemon's pause
		// must not wait in the pool.
		if err := a.rpc.CallContext(ctx, nil, "evm_setAutomine", true); err != nil {
			return nil, fmt.Errorf("evm_setAutomine: %w", err)
		}
	}
	out := make([]*types.Receipt, len(calls))
	for i, h := range hashes {
		var err error
		for try := 0; try < 100; try++ {
			if out[i], err = a.eth.TransactionReceipt(ctx, h); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			return nil, fmt.Errorf("receipt of %s: %w", h.Hex(), err)
		}
	}
	return out, nil
}

// setCode puts code at an address (a contract deployed by cheat: no
// transaction, nothing for the daemon to see).
func (a *anvil) setCode(ctx context.Context, at common.Address, code []byte) error {
	if err := a.rpc.CallContext(ctx, nil, "anvil_setCode", at, hexutil.Bytes(code)); err != nil {
		return fmt.Errorf("anvil_setCode %s: %w", at.Hex(), err)
	}
	return nil
}

// mine mines an empty block.
func (a *anvil) mine(ctx context.Context) error {
	return a.rpc.CallContext(ctx, nil, "evm_mine")
}
