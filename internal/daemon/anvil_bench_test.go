package daemon_test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// BenchmarkAnvilTracedBacktest: on anvil, 200 blocks of 150 transactions
// (ETH transfers between users, one in twenty a deposit into the lending
// pool), backtest with a plan whose re-entrancy heuristic on the pool needs
// call traces. Measured in one run, as ratios to the floor (the same plan
// without the heuristic: no traces):
//
//   - touched: traces of the transactions that touch the pool only, with
//     the cheapest tracer anvil serves (trace_transaction), the default;
//   - all_debug: every transaction traced with debug_traceBlockByHash, as
//     breakglass did before (networks[].traces: {all: true, method:
//     debug_block}).
func BenchmarkAnvilTracedBacktest(b *testing.B) {
	const blocks, txs = 200, 150
	anv := devnettest.StartAnvil(b)
	url, rc, ec, chainID := anv.URL, anv.RPC, anv.Client, anv.ChainID
	ctx := context.Background()
	admin := bind.NewKeyedTransactor(devnettest.FundedKey(b, rc), chainID)
	proto := anv.DeployDemo(b, admin, demo.DefaultParams())
	if err := rc.Call(nil, "evm_setAutomine", false); err != nil {
		b.Fatal(err)
	}
	users := make([]*ecdsa.PrivateKey, 10)
	nonces := make([]uint64, len(users))
	for i := range users {
		users[i] = devnettest.FundedKey(b, rc)
	}
	signer := types.LatestSignerForChainID(chainID)
	deposit := bindings.NewLendingPool().PackDepositETH()
	start, err := ec.BlockNumber(ctx)
	if err != nil {
		b.Fatal(err)
	}
	start++
	for i := range blocks {
		batch := make([]rpc.BatchElem, 0, txs)
		for j := range txs {
			u := (i*txs + j) % len(users)
			to := crypto.PubkeyToAddress(users[(u+1)%len(users)].PublicKey)
			inner := &types.DynamicFeeTx{ChainID: chainID, Nonce: nonces[u], GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11),
				Gas: 21000, To: &to, Value: big.NewInt(int64(1 + j))}
			if (i*txs+j)%20 == 0 {
				pool := proto.LendingPool
				inner.To, inner.Gas, inner.Data, inner.Value = &pool, 150_000, deposit, big.NewInt(1e15)
			}
			nonces[u]++
			raw, err := types.MustSignNewTx(users[u], signer, inner).MarshalBinary()
			if err != nil {
				b.Fatal(err)
			}
			batch = append(batch, rpc.BatchElem{Method: "eth_sendRawTransaction", Args: []any{fmt.Sprintf("0x%x", raw)}, Result: new(common.Hash)})
		}
		if err := rc.BatchCall(batch); err != nil {
			b.Fatal(err)
		}
		for _, el := range batch {
			if el.Error != nil {
				b.Fatal(el.Error)
			}
		}
		if err := rc.Call(nil, "evm_mine"); err != nil {
			b.Fatal(err)
		}
	}
	end := start + blocks - 1
	if blk, err := ec.BlockByNumber(ctx, new(big.Int).SetUint64(end)); err != nil || len(blk.Transactions()) != txs {
		b.Fatalf("block %d: %v transactions (want %d): %v", end, blk, txs, err)
	}
	client, err := chain.Dial(ctx, chain.Config{Network: "anvil", ChainID: chainID, URLs: []string{url}, RequestTimeout: time.Minute}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close()
	parsed, err := bindings.LendingPoolMetaData.ParseABI()
	if err != nil {
		b.Fatal(err)
	}
	engine := func(heuristic bool, traces plan.Traces) *detect.Engine {
		dets := []plan.Detector{{Name: "pool-paused", Kind: plan.KindEvent, Contract: "pool", Signature: "Paused(address)", Severity: "critical"}}
		if heuristic {
			dets = append(dets, plan.Detector{Name: "pool-reentrancy", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicReentrancy, Contract: "pool", Severity: "critical"})
		}
		p := &plan.Plan{Version: 1, Path: "plan.yaml",
			Networks:  []plan.Network{{Name: "anvil", ChainID: chainID.Uint64(), Traces: traces}},
			Contracts: []plan.Contract{{Name: "pool", Network: "anvil", Address: proto.LendingPool, ABI: &plan.ABI{Path: "pool.json", Parsed: *parsed}}},
			Detectors: dets}
		e, err := detect.Compile(p, detect.ForNetwork("anvil"))
		if err != nil {
			b.Fatal(err)
		}
		return e
	}
	variants := map[string]func() *detect.Engine{
		"floor":     func() *detect.Engine { return engine(false, plan.Traces{}) },
		"touched":   func() *detect.Engine { return engine(true, plan.Traces{}) },
		"all_debug": func() *detect.Engine { return engine(true, plan.Traces{All: true, Method: plan.TraceDebugBlock}) },
	}
	took := map[string]time.Duration{}
	names := slices.Sorted(maps.Keys(variants))
	for i := 0; b.Loop(); i++ {
		for k := range names {
			name := names[(i+k)%len(names)]
			t0 := time.Now()
			if _, err := pipeline.Backtest(ctx, client, variants[name](), "anvil", start, end, 8, nil); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			took[name] += time.Since(t0)
		}
	}
	n, iters := float64(blocks), float64(b.N)
	for _, name := range names {
		b.ReportMetric(n*iters/took[name].Seconds(), name+"_blocks/s")
		if name != "floor" {
			b.ReportMetric(took["floor"].Seconds()/took[name].Seconds(), name+"/floor")
		}
	}
}
