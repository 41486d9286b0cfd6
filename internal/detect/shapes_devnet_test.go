package detect

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// shapes is a devnet with the attack-shape contracts (contracts/src/
// AttackShapes.sol) deployed, and a client that fetches blocks with traces.
type shapes struct {
	t      *testing.T
	ctx    context.Context
	d      *devnet.Devnet
	opts   *bind.TransactOpts
	eoa    common.Address
	client *chain.Client

	stake, reward, lender, rewards, pair, claimer, nft, minter, reader, pool, trader common.Address
	borrowers                                                                        [4]common.Address
}

func newShapes(t *testing.T) *shapes {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	d := devnettest.Start(t)
	key := d.Keys().Attacker
	s := &shapes{t: t, ctx: ctx, d: d, opts: bind.NewKeyedTransactor(key, d.ChainID()), eoa: crypto.PubkeyToAddress(key.PublicKey)}
	metrics, err := chain.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	s.client, err = chain.Dial(ctx, chain.Config{Network: "devnet", URLs: []string{d.HTTPURL()}}, metrics, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.client.Close)

	tok, big1000 := bindings.NewShapeToken(), shapeUnits(1000)
	s.stake = s.deploy(bindings.ShapeTokenMetaData.Bin, tok.PackConstructor("Stake", "STK"))
	s.reward = s.deploy(bindings.ShapeTokenMetaData.Bin, tok.PackConstructor("Reward", "RWD"))
	s.lender = s.deploy(bindings.QuietLenderMetaData.Bin, bindings.NewQuietLender().PackConstructor(s.stake))
	s.rewards = s.deploy(bindings.BalanceRewardsMetaData.Bin, bindings.NewBalanceRewards().PackConstructor(s.stake, s.reward))
	for i := range s.borrowers {
		s.borrowers[i] = s.deploy(bindings.QuietBorrowerMetaData.Bin, bindings.NewQuietBorrower().PackConstructor(s.lender, s.rewards))
	}
	s.pair = s.deploy(bindings.PairSwapMetaData.Bin, bindings.NewPairSwap().PackConstructor(s.stake, s.reward))
	s.claimer = s.deploy(bindings.SwapClaimerMetaData.Bin, nil)
	s.nft = s.deploy(bindings.HookMintNFTMetaData.Bin, nil)
	s.minter = s.deploy(bindings.HookMinterMetaData.Bin, bindings.NewHookMinter().PackConstructor(s.nft))
	s.reader = s.deploy(bindings.HookReaderMetaData.Bin, bindings.NewHookReader().PackConstructor(s.nft))
	s.send(s.stake, tok.PackMint(s.lender, big1000))
	s.send(s.reward, tok.PackMint(s.rewards, new(big.Int).Mul(big1000, big.NewInt(1000))))
	s.send(s.stake, tok.PackMint(s.pair, big1000))
	s.send(s.reward, tok.PackMint(s.pair, big1000))
	s.send(s.stake, tok.PackMint(s.eoa, big1000))
	s.send(s.reward, tok.PackMint(s.eoa, big1000))
	s.pool = s.deploy(bindings.ShapePoolMetaData.Bin, bindings.NewShapePool().PackConstructor(s.stake, s.reward))
	s.trader = s.deploy(bindings.PoolTraderMetaData.Bin, nil)
	s.send(s.stake, tok.PackMint(s.pool, big1000))
	s.send(s.reward, tok.PackMint(s.pool, big1000))
	s.send(s.stake, tok.PackMint(s.trader, big1000))
	return s
}

func shapeUnits(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func (s *shapes) deploy(bin string, args []byte) common.Address {
	s.t.Helper()
	addr, tx, err := bind.DeployContract(s.opts, common.FromHex(bin), s.d.Client(), args)
	if err != nil {
		s.t.Fatalf("deploy: %v", err)
	}
	s.wait(tx)
	return addr
}

// send sends calldata to a contract from the test's EOA and returns the
// successful receipt.
func (s *shapes) send(to common.Address, data []byte) *types.Receipt {
	s.t.Helper()
	c := bind.NewBoundContract(to, abi.ABI{}, s.d.Client(), s.d.Client(), s.d.Client())
	tx, err := c.RawTransact(s.opts, data)
	if err != nil {
		s.t.Fatalf("send to %s: %v", to.Hex(), err)
	}
	return s.wait(tx)
}

func (s *shapes) wait(tx *types.Transaction) *types.Receipt {
	s.t.Helper()
	r, err := demo.WaitMined(s.ctx, s.d.Client(), tx.Hash())
	if err != nil {
		s.t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		s.t.Fatalf("tx %s reverted", tx.Hash().Hex())
	}
	return r
}

// plan is a plan over the shapes' contracts with dets.
func (s *shapes) plan(dets ...plan.Detector) *plan.Plan {
	nftABI := bindings.NewHookMintNFT().GetABI()
	p := &plan.Plan{
		Version:  1,
		Path:     "plan.yaml",
		Networks: []plan.Network{{Name: "devnet", ChainID: s.d.ChainID().Uint64()}},
		Contracts: []plan.Contract{
			{Name: "rewards", Network: "devnet", Address: s.rewards},
			{Name: "nft", Network: "devnet", Address: s.nft, ABI: &plan.ABI{Path: "nft.json", Parsed: nftABI}},
			{Name: "stake", Network: "devnet", Address: s.stake},
			{Name: "reward", Network: "devnet", Address: s.reward},
			{Name: "pool", Network: "devnet", Address: s.pool},
		},
		Detectors: dets,
	}
	for i := range p.Detectors {
		p.Detectors[i].Severity = "critical"
		p.Detectors[i].Pos = plan.Pos{File: "plan.yaml", Line: 10 + i, Col: 5}
	}
	return p
}

// alertsOf runs e over the blocks of receipts, in order, and returns the
// alerts on each receipt's transaction.
func (s *shapes) alertsOf(e *Engine, receipts ...*types.Receipt) []Alert {
	s.t.Helper()
	var out []Alert
	done := map[uint64]bool{}
	for _, r := range receipts {
		n := r.BlockNumber.Uint64()
		if done[n] {
			continue
		}
		done[n] = true
		b, err := s.client.FetchBlock(s.ctx, n, e.TraceScope("devnet"))
		if err != nil {
			s.t.Fatalf("fetch block %d: %v", n, err)
		}
		for _, a := range e.Process(b, nil) {
			for _, r := range receipts {
				if a.TxHash == r.TxHash {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// TestFlashLoanByBehaviourOnDevnet: a custom lender that emits no event is
// recognised through each of its entry points by what it does (lends, calls
// back, is repaid inside its call), while a loan returned in a later
// transaction and a swap are not loans.
func TestFlashLoanByBehaviourOnDevnet(t *testing.T) {
	s := newShapes(t)
	det := plan.Detector{Name: "rewards-flash-loan", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicFlashLoan, Contract: "rewards"}
	borrower, amount := bindings.NewQuietBorrower(), shapeUnits(500)
	tok := bindings.NewShapeToken()
	tests := []struct {
		name string
		run  func() []*types.Receipt
		want bool
	}{
		{"flashLoan(uint256,address,bytes): an arbitrary-call lender", func() []*types.Receipt {
			return []*types.Receipt{s.send(s.borrowers[0], borrower.PackViaArbitraryCall(amount))}
		}, true},
		{"flashLoan(uint256): repaid in the caller's callback", func() []*types.Receipt {
			return []*types.Receipt{s.send(s.borrowers[1], borrower.PackViaCaller(amount))}
		}, true},
		{"flashLoan(uint256,address,address,bytes): repayment pulled", func() []*types.Receipt {
			return []*types.Receipt{s.send(s.borrowers[2], borrower.PackViaPull(amount))}
		}, true},
		{"stake lent in one transaction and returned in the next (benign)", func() []*types.Receipt {
			r1 := s.send(s.stake, tok.PackTransfer(s.borrowers[3], amount))
			r2 := s.send(s.borrowers[3], borrower.PackClaimAndReturn(s.eoa, amount))
			return []*types.Receipt{r1, r2}
		}, false},
		{"a swap then a claim in one transaction (benign)", func() []*types.Receipt {
			s.send(s.reward, tok.PackApprove(s.claimer, shapeUnits(100)))
			return []*types.Receipt{s.send(s.claimer, bindings.NewSwapClaimer().PackSwapAndClaim(s.pair, s.reward, shapeUnits(100), s.rewards))}
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s.t = t
			e, err := Compile(s.plan(det))
			if err != nil {
				t.Fatal(err)
			}
			receipts := tc.run()
			// the claim paid out of the watched contract in the last one
			paid := false
			for _, lg := range receipts[len(receipts)-1].Logs {
				paid = paid || (len(lg.Topics) == 3 && lg.Topics[0] == transferTopic && common.BytesToAddress(lg.Topics[1][:]) == s.rewards)
			}
			if !paid {
				t.Fatalf("no reward left the watched contract: the case tests nothing")
			}
			alerts := s.alertsOf(e, receipts...)
			if got := len(alerts) > 0; got != tc.want {
				t.Fatalf("flash-loan alerts %v, want an alert: %v", summaries(alerts), tc.want)
			}
			if tc.want && fmt.Sprint(alerts[0].Fields["lender"]) != s.lender.Hex() {
				t.Errorf("lender %v, want %s", alerts[0].Fields["lender"], s.lender.Hex())
			}
		})
	}
}

// TestReentrancyWithoutOutflowOnDevnet: a mint re-entered 21 times through
// onERC721Received moves no value out of the NFT contract and is still
// re-entrancy; a receiver that only reads the NFT back is not.
func TestReentrancyWithoutOutflowOnDevnet(t *testing.T) {
	s := newShapes(t)
	det := plan.Detector{Name: "nft-reentrancy", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicReentrancy, Contract: "nft"}
	e, err := Compile(s.plan(det))
	if err != nil {
		t.Fatal(err)
	}
	attack := s.send(s.minter, bindings.NewHookMinter().PackAttack(big.NewInt(22)))
	alerts := s.alertsOf(e, attack)
	if len(alerts) != 1 || fmt.Sprint(alerts[0].Fields["reentries"]) != "21" {
		t.Fatalf("mint re-entered 21 times: alerts %v (fields %v), want one with 21 re-entries", summaries(alerts), fieldsOf(alerts))
	}
	benign := s.send(s.reader, bindings.NewHookReader().PackMintOne())
	if alerts := s.alertsOf(e, benign); len(alerts) != 0 {
		t.Fatalf("read-only calls back: alerts %v, want none", summaries(alerts))
	}
}

func summaries(as []Alert) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Summary)
	}
	return out
}

func fieldsOf(as []Alert) []map[string]any {
	return slices.Collect(func(yield func(map[string]any) bool) {
		for _, a := range as {
			if !yield(a.Fields) {
				return
			}
		}
	})
}

// TestPriceSwingInsideOneTransactionOnDevnet: a pool's price pushed and
// restored inside one transaction (which a check at the end of the block
// cannot see) is flagged from the transaction's Sync events; swaps in one
// direction, in one step or several, are not.
func TestPriceSwingInsideOneTransactionOnDevnet(t *testing.T) {
	s := newShapes(t)
	det := plan.Detector{Name: "pool-swing", Kind: plan.KindHeuristic, Heuristic: plan.HeuristicPriceSwing, Contract: "pool",
		Params: map[string]any{"share": "10%"}, Condition: "swing >= 1000"}
	e, err := Compile(s.plan(det))
	if err != nil {
		t.Fatal(err)
	}
	trader, pool := bindings.NewPoolTrader(), bindings.NewShapePool()
	if alerts := s.alertsOf(e, s.send(s.pool, pool.PackSync())); len(alerts) != 0 {
		t.Fatalf("sync: %v", summaries(alerts))
	}
	pump := s.send(s.trader, trader.PackPumpAndRestore(s.pool, shapeUnits(500)))
	alerts := s.alertsOf(e, pump)
	if len(alerts) != 1 || alerts[0].Detector != "pool-swing" {
		t.Fatalf("pushed and restored: alerts %v, want one", summaries(alerts))
	}
	before, ok1 := new(big.Int).SetString(fmt.Sprint(alerts[0].Fields["before"]), 10)
	after, ok2 := new(big.Int).SetString(fmt.Sprint(alerts[0].Fields["after"]), 10)
	if !ok1 || !ok2 || swingBps(after, before) > 1 {
		t.Errorf("the price was restored (to rounding): before %v, after %v", alerts[0].Fields["before"], alerts[0].Fields["after"])
	}
	for _, steps := range []int64{1, 3} {
		r := s.send(s.trader, trader.PackSwapInSteps(s.pool, shapeUnits(50), big.NewInt(steps)))
		if alerts := s.alertsOf(e, r); len(alerts) != 0 {
			t.Fatalf("%d swap(s) in one direction: alerts %v, want none", steps, summaries(alerts))
		}
	}
}
