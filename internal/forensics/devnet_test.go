package forensics

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// startDevnet starts a devnet and dials it over HTTP, as the CLI would.
func startDevnet(t *testing.T) (*devnet.Devnet, *rpc.Client) {
	t.Helper()
	d := devnettest.Start(t)
	c, err := rpc.DialContext(context.Background(), d.HTTPURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return d, c
}

// protocol is the devnet's protocol as its plan names it.
func protocol(t *testing.T, dep devnet.Deployment) []Contract {
	t.Helper()
	var out []Contract
	for _, c := range []struct {
		name, artifact string
		addr           common.Address
	}{
		{"pool", "LendingPool", dep.Pool},
		{"dusd", "StableToken", dep.Stable},
		{"dcol", "CollateralToken", dep.Collateral},
		{"amm", "SimpleAMM", dep.AMM},
		{"flash-lender", "FlashLender", dep.FlashLender},
	} {
		art, err := contracts.Load(c.artifact)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Contract{Name: c.name, Address: c.addr, ABI: &art.ABI})
	}
	return out
}

func TestAnalyzeDevnetScenarios(t *testing.T) {
	d, client := startDevnet(t)
	dep := d.Deployment()
	opts := Options{Contracts: protocol(t, dep)}
	// The scenarios run one after another on one chain, each against what
	// the previous ones left in the pool.
	for _, name := range []string{devnet.ScenarioReentrancy, devnet.ScenarioOracle, devnet.ScenarioAccess} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			res, err := d.RunScenario(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			if res.Reverted {
				t.Fatalf("exploit %s reverted", res.Tx)
			}
			a, err := Analyze(ctx, client, res.Tx, opts)
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != StatusSuccess || a.Block != res.Block || a.From != res.Attacker {
				t.Errorf("status %s, block %d, from %s; want success, %d, %s", a.Status, a.Block, a.From.Hex(), res.Block, res.Attacker.Hex())
			}
			if testing.Verbose() {
				var text strings.Builder
				if err := a.WriteText(&text); err != nil {
					t.Fatal(err)
				}
				t.Log("\n" + text.String())
			}
			if len(a.Warnings) > 0 {
				t.Errorf("warnings: %q", a.Warnings)
			}
			if a.Fee.Cmp(res.GasFee) != 0 {
				t.Errorf("fee %s, devnet measured %s", a.Fee, res.GasFee)
			}
			attackers := addresses(a.Attackers)
			for _, want := range []common.Address{res.Attacker, res.AttackContract} {
				if !slices.Contains(attackers, want) {
					t.Errorf("attackers %v lack %s", attackers, want.Hex())
				}
			}
			if victims := addresses(a.Victims); !slices.Equal(victims, []common.Address{res.Victim}) {
				t.Errorf("victims = %v, want the pool %s", victims, res.Victim.Hex())
			}

			// The loss equals, to the wei, what the devnet measured from
			// the pool's balances before and after.
			if len(res.Loss()) == 0 {
				t.Fatal("the devnet measured no loss")
			}
			if got, want := lossTexts(a, res); got != want {
				t.Errorf("loss = %v, devnet measured %v", got, want)
			}
			// So do the net balance changes of the pool and the attacker
			// (whose ETH also paid the gas).
			checkChanges(t, a, res.Victim, res.VictimBalances, nil)
			checkChanges(t, a, res.Attacker, res.AttackerBalances, res.GasFee)

			if name == devnet.ScenarioReentrancy {
				if len(a.Reentrancy) == 0 {
					t.Fatal("no re-entrancy found")
				}
				for _, r := range a.Reentrancy {
					outer, inner := a.Calls.Find(r.Outer), a.Calls.Find(r.Inner)
					if r.Contract != dep.Pool || r.Function != "withdrawAllETH" || r.Via != res.AttackContract ||
						outer == nil || inner == nil || !strings.HasPrefix(r.Inner, r.Outer+".") || outer.Context != dep.Pool {
						t.Errorf("re-entrancy %+v", r)
					}
				}
			} else if len(a.Reentrancy) > 0 {
				t.Errorf("%s: unexpected re-entrancy %+v", name, a.Reentrancy)
			}

			// The JSON report holds the same, in PRODUCT.md's shape.
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			var m struct {
				Attackers []string          `json:"attackers"`
				Victims   []string          `json:"victims"`
				Loss      map[string]string `json:"loss"`
			}
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(m.Attackers, res.Attacker.Hex()) || !slices.Equal(m.Victims, []string{res.Victim.Hex()}) {
				t.Errorf("JSON attackers %v victims %v", m.Attackers, m.Victims)
			}
			for token, l := range res.Loss() {
				if m.Loss[token.Hex()] != l.String() {
					t.Errorf("JSON loss[%s] = %q, want %s", token.Hex(), m.Loss[token.Hex()], l)
				}
			}
		})
	}
}

// TestAnalyzeRevertedExploit: once the pool is paused the exploit reverts;
// its analysis shows the failure and no loss, and names no victim.
func TestAnalyzeRevertedExploit(t *testing.T) {
	d, client := startDevnet(t)
	dep := d.Deployment()
	pool, err := contracts.Load("LendingPool")
	if err != nil {
		t.Fatal(err)
	}
	pause, err := pool.ABI.Pack("pause")
	if err != nil {
		t.Fatal(err)
	}
	s := &sender{t: t, client: d.Client(), chain: d.ChainID()}
	s.send(d.Keys().Guardian, dep.Pool, nil, pause)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := d.RunScenario(ctx, devnet.ScenarioAccess)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Reverted {
		t.Fatal("the exploit of a paused pool succeeded")
	}
	a, err := Analyze(ctx, client, res.Tx, Options{Contracts: protocol(t, dep)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != StatusReverted || !a.Calls.Reverted || a.Calls.Error == "" {
		t.Errorf("status %s, root reverted %v error %q", a.Status, a.Calls.Reverted, a.Calls.Error)
	}
	if len(a.Flows) != 0 || len(a.BalanceChanges) != 0 || len(a.Victims) != 0 || len(a.Loss) != 0 || len(a.Warnings) != 0 {
		t.Errorf("a reverted exploit moved something: flows %v changes %v victims %v loss %v warnings %q",
			a.Flows, a.BalanceChanges, a.Victims, a.Loss, a.Warnings)
	}
	if a.Fee.Cmp(res.GasFee) != 0 {
		t.Errorf("fee %s, devnet measured %s", a.Fee, res.GasFee)
	}
}

// lossTexts returns the loss of a and the loss the devnet measured for
// res, each as the text of its amounts by token, to compare.
func lossTexts(a *Analysis, res devnet.ScenarioResult) (got, want string) {
	g := map[common.Address]string{}
	for _, l := range a.Loss {
		g[l.Token] = l.Amount.String()
	}
	w := map[common.Address]string{}
	for token, l := range res.Loss() {
		w[token] = l.String()
	}
	return fmt.Sprint(g), fmt.Sprint(w)
}

func addresses(ps []Party) []common.Address {
	var out []common.Address
	for _, p := range ps {
		out = append(out, p.Address)
	}
	return out
}

// checkChanges compares the analysis's net changes of account with the
// balances the devnet read; fee is what account paid in gas, if anything.
func checkChanges(t *testing.T, a *Analysis, account common.Address, balances []devnet.AssetBalance, fee *big.Int) {
	t.Helper()
	for _, b := range balances {
		got := new(big.Int)
		for _, bc := range a.BalanceChanges {
			if bc.Address == account && bc.Token == b.Token {
				got.Add(got, bc.Delta)
			}
		}
		if b.Token == Native && fee != nil {
			got.Sub(got, fee)
		}
		if got.Cmp(b.Change()) != 0 {
			t.Errorf("%s %s change = %s, devnet measured %s", account.Hex(), b.Symbol, got, b.Change())
		}
	}
}

// sender sends transactions from the devnet's test keys and fresh keys.
type sender struct {
	t      *testing.T
	client *ethclient.Client
	chain  *big.Int
}

// send sends value and data from key to to, waits for it to be mined and
// fails the test unless it succeeded.
func (s *sender) send(key *ecdsa.PrivateKey, to common.Address, value *big.Int, data []byte) *types.Receipt {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := s.client.PendingNonceAt(ctx, from)
	if err != nil {
		s.t.Fatal(err)
	}
	if value == nil {
		value = new(big.Int)
	}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(s.chain), &types.DynamicFeeTx{
		ChainID: s.chain, Nonce: nonce, GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei),
		Gas: 300_000, To: &to, Value: value, Data: data,
	})
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.client.SendTransaction(ctx, tx); err != nil {
		s.t.Fatal(err)
	}
	var r *types.Receipt
	for r == nil {
		if r, err = s.client.TransactionReceipt(ctx, tx.Hash()); err != nil && !errors.Is(err, ethereum.NotFound) {
			s.t.Fatal(err)
		}
		if r == nil {
			select {
			case <-ctx.Done():
				s.t.Fatalf("transaction %s not mined: %v", tx.Hash(), ctx.Err())
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
	if r.Status != types.ReceiptStatusSuccessful {
		s.t.Fatalf("transaction %s from %s reverted", tx.Hash(), from.Hex())
	}
	return r
}

func ether(milli int64) *big.Int {
	return new(big.Int).Mul(big.NewInt(milli), big.NewInt(params.Ether/1000))
}

func dusd(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.Ether)) }

// multiSend encodes Safe's MultiSendCallOnly batch of plain value calls:
// operation (0), to, value, data length (0), each packed.
func multiSend(t *testing.T, calls map[common.Address]*big.Int) []byte {
	t.Helper()
	art, err := contracts.Load("MultiSendCallOnly")
	if err != nil {
		t.Fatal(err)
	}
	var packed []byte
	tos := make([]common.Address, 0, len(calls))
	for to := range calls {
		tos = append(tos, to)
	}
	sort.Slice(tos, func(i, j int) bool { return tos[i].Cmp(tos[j]) < 0 })
	for _, to := range tos {
		packed = append(packed, 0)
		packed = append(packed, to.Bytes()...)
		packed = append(packed, common.LeftPadBytes(calls[to].Bytes(), 32)...)
		packed = append(packed, make([]byte, 32)...)
	}
	data, err := art.ABI.Pack("multiSend", packed)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func erc20Transfer(t *testing.T, to common.Address, amount *big.Int) []byte {
	t.Helper()
	art, err := contracts.Load("StableToken")
	if err != nil {
		t.Fatal(err)
	}
	data, err := art.ABI.Pack("transfer", to, amount)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestTraceFundsDevnet(t *testing.T) {
	d, client := startDevnet(t)
	dep := d.Deployment()
	keys := d.Keys()
	s := &sender{t: t, client: d.Client(), chain: d.ChainID()}
	fresh := func() *ecdsa.PrivateKey {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	addr := func(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }
	attacker := keys.Attacker
	a1, a2, a3, b3, c3, ex, w := fresh(), fresh(), fresh(), fresh(), fresh(), fresh(), fresh()
	y, d3, z, q := common.HexToAddress("0x00000000000000000000000000000000000000e1"), common.HexToAddress("0x00000000000000000000000000000000000000d3"),
		common.HexToAddress("0x00000000000000000000000000000000000000f2"), common.HexToAddress("0x00000000000000000000000000000000000000f3")

	// Gas money from the deployer, and dUSD for the attacker to launder.
	stable, err := contracts.Load("StableToken")
	if err != nil {
		t.Fatal(err)
	}
	mint, err := stable.ABI.Pack("mint", dep.Attacker, dusd(1000))
	if err != nil {
		t.Fatal(err)
	}
	s.send(keys.Deployer, dep.Stable, nil, mint)
	for _, k := range []*ecdsa.PrivateKey{a2, a3, b3, c3, ex, w} {
		s.send(keys.Deployer, addr(k), ether(500), nil)
	}
	// a2 spends before the attacker's funds reach it: not followed.
	start := s.send(a2, y, ether(100), nil).BlockNumber.Uint64()

	// Hop 1: ETH through Safe's MultiSendCallOnly (internal transfers),
	// dUSD straight to a3.
	s.send(attacker, dep.MultiSendCallOnly, ether(6000), multiSend(t, map[common.Address]*big.Int{addr(a1): ether(4000), addr(a2): ether(2000)}))
	s.send(attacker, dep.Stable, nil, erc20Transfer(t, addr(a3), dusd(1000)))
	// Hop 2 and 3.
	s.send(a1, addr(ex), ether(3000), nil)
	s.send(a2, addr(ex), ether(1500), nil)
	s.send(a3, dep.Stable, nil, erc20Transfer(t, addr(b3), dusd(600)))
	s.send(a3, dep.Stable, nil, erc20Transfer(t, addr(c3), dusd(300)))
	s.send(a3, dep.Stable, nil, erc20Transfer(t, d3, dusd(100))) // the smallest of three: beyond the fan-out of 2
	s.send(b3, dep.Stable, nil, erc20Transfer(t, addr(ex), dusd(600)))
	s.send(c3, dep.Stable, nil, erc20Transfer(t, addr(w), dusd(300)))
	// Beyond the exchange and beyond the depth: not followed.
	s.send(ex, z, ether(1000), nil)
	s.send(w, q, ether(100), nil)

	labels := Labels{addr(ex): {Name: "Exchange hot wallet", Kind: "exchange"}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	g, err := TraceFunds(ctx, client, FundsQuery{Address: dep.Attacker, FromBlock: start, Depth: 3, Fanout: 2, Labels: labels})
	if err != nil {
		t.Fatal(err)
	}
	native, tok := Native, dep.Stable
	wantEdges := []string{
		edgeStr(dep.Attacker, dep.MultiSendCallOnly, native, ether(6000), 1),
		edgeStr(dep.Attacker, addr(a3), tok, dusd(1000), 1),
		edgeStr(dep.MultiSendCallOnly, addr(a1), native, ether(4000), 2),
		edgeStr(dep.MultiSendCallOnly, addr(a2), native, ether(2000), 2),
		edgeStr(addr(a3), addr(b3), tok, dusd(600), 2),
		edgeStr(addr(a3), addr(c3), tok, dusd(300), 2),
		edgeStr(addr(a1), addr(ex), native, ether(3000), 3),
		edgeStr(addr(a2), addr(ex), native, ether(1500), 3),
		edgeStr(addr(b3), addr(ex), tok, dusd(600), 3),
		edgeStr(addr(c3), addr(w), tok, dusd(300), 3),
	}
	var gotEdges []string
	for _, e := range g.Edges {
		gotEdges = append(gotEdges, edgeStr(e.From, e.To, e.Token, e.Amount, e.Hop))
	}
	sort.Strings(wantEdges)
	sort.Strings(gotEdges)
	if !slices.Equal(gotEdges, wantEdges) {
		t.Errorf("edges:\n got  %q\n want %q", gotEdges, wantEdges)
	}
	wantNodes := map[common.Address]string{
		dep.Attacker: "0 ", dep.MultiSendCallOnly: "1 ", addr(a3): "1 ",
		addr(a1): "2 ", addr(a2): "2 ", addr(b3): "2 ", addr(c3): "2 ",
		addr(ex): "3 " + StopLabel, addr(w): "3 " + StopDepth,
	}
	if len(g.Nodes) != len(wantNodes) {
		t.Errorf("%d nodes, want %d", len(g.Nodes), len(wantNodes))
	}
	for _, n := range g.Nodes {
		if got := fmt.Sprintf("%d %s", n.Hop, n.Stop); got != wantNodes[n.Address] {
			t.Errorf("node %s: hop and stop %q, want %q", n.Address.Hex(), got, wantNodes[n.Address])
		}
	}
	if n := g.Node(addr(a3)); n == nil || n.Omitted != 1 {
		t.Errorf("a3 should have 1 outflow omitted by the fan-out: %+v", n)
	}
	if n := g.Node(addr(ex)); n == nil || n.Label == nil || n.Label.Kind != "exchange" {
		t.Errorf("exchange node %+v", n)
	}

	// Deeper, the trace goes past w but still stops at the exchange.
	g, err = TraceFunds(ctx, client, FundsQuery{Address: dep.Attacker, FromBlock: start, Depth: 5, Fanout: 2, Labels: labels})
	if err != nil {
		t.Fatal(err)
	}
	if g.Node(q) == nil || g.Node(z) != nil || g.Node(y) != nil {
		t.Errorf("depth 5: want q reached, z (beyond the exchange) and y (spent before arrival) not: q=%v z=%v y=%v", g.Node(q), g.Node(z), g.Node(y))
	}

	// The three renderings carry every edge with its exact amount.
	var text, dot strings.Builder
	if err := g.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteDOT(&dot); err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range g.Edges {
		if !strings.Contains(text.String(), e.To.Hex()+"  "+e.Amount.String()) {
			t.Errorf("text lacks edge to %s of %s:\n%s", e.To.Hex(), e.Amount, text.String())
		}
		if !strings.Contains(dot.String(), `label="`+e.Amount.String()+" ") {
			t.Errorf("DOT lacks the amount %s:\n%s", e.Amount, dot.String())
		}
		if !strings.Contains(string(js), `"amount":"`+e.Amount.String()+`"`) {
			t.Errorf("JSON lacks the amount %s", e.Amount)
		}
	}
	if !strings.HasPrefix(dot.String(), "digraph") {
		t.Errorf("DOT does not start a digraph:\n%s", dot.String())
	}
}

func edgeStr(from, to, token common.Address, amount *big.Int, hop int) string {
	return fmt.Sprintf("%d %s->%s %s %s", hop, from.Hex(), to.Hex(), token.Hex(), amount)
}

// TestAnalyzeLossReconciles: on each devnet exploit (the flash-loan oracle
// manipulation among them), with the plan's contracts and without, the
// victims are the pool and the loss equals the devnet's own measurement to
// the wei; the attackers' profit equals what the attacker's account gained;
// the flash loan is listed and is not loss; every token's reconciliation
// adds up; and with prices the report holds a single USD figure, the
// loss's.
func TestAnalyzeLossReconciles(t *testing.T) {
	d, client := startDevnet(t)
	dep := d.Deployment()
	prices := map[common.Address]*big.Rat{Native: big.NewRat(3000, 1), dep.Stable: big.NewRat(1, 1), dep.Collateral: big.NewRat(100, 1)}
	usdFigure := regexp.MustCompile(`[0-9][0-9.]* USD\b`)
	for _, name := range []string{devnet.ScenarioOracle, devnet.ScenarioReentrancy, devnet.ScenarioAccess} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		res, err := d.RunScenario(ctx, name)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			opts Options
		}{
			{"without a plan", Options{}},
			{"with the plan", Options{Contracts: protocol(t, dep)}},
			{"with the plan and prices", Options{Contracts: protocol(t, dep), Prices: prices}},
			{"with prices only", Options{Prices: prices}},
		} {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				a, err := Analyze(ctx, client, res.Tx, tc.opts)
				if err != nil {
					t.Fatal(err)
				}
				if victims := addresses(a.Victims); !slices.Equal(victims, []common.Address{res.Victim}) {
					t.Errorf("victims = %v, want the pool %s", victims, res.Victim.Hex())
				}
				if got, want := lossTexts(a, res); got != want {
					t.Errorf("loss = %v, devnet measured %v", got, want)
				}
				// The attackers' profit is what reached the attacker's
				// account (the attack contract keeps nothing).
				for _, b := range res.AttackerBalances {
					change := b.Change()
					if b.Token == Native {
						change.Add(change, res.GasFee)
					}
					var profit *big.Int
					for _, p := range a.Profit {
						if p.Token == b.Token {
							profit = p.Amount
						}
					}
					switch {
					case change.Sign() > 0 && (profit == nil || profit.Cmp(change) != 0):
						t.Errorf("%s profit = %v, the attacker's account gained %s", b.Symbol, profit, change)
					case change.Sign() <= 0 && profit != nil:
						t.Errorf("%s profit = %s, the attacker's account changed by %s", b.Symbol, profit, change)
					}
				}
				for _, r := range a.Reconciliation {
					sum := new(big.Int).Sub(r.Attackers, r.VictimsLost)
					sum.Add(sum, r.VictimsGained)
					for _, o := range r.Others {
						sum.Add(sum, o.Delta)
					}
					if sum.Sign() != 0 {
						t.Errorf("reconciliation of %s does not add up: %+v (off by %s)", r.Token.Hex(), r, sum)
					}
				}
				if name == devnet.ScenarioOracle {
					if len(a.FlashLoans) != 1 || a.FlashLoans[0].Lender != dep.FlashLender || a.FlashLoans[0].Token != dep.Stable ||
						a.FlashLoans[0].Repaid.Cmp(a.FlashLoans[0].Amount) <= 0 {
						t.Errorf("flash loans = %+v, want one of dUSD from the flash lender", a.FlashLoans)
					}
				}
				var text strings.Builder
				if err := a.WriteText(&text); err != nil {
					t.Fatal(err)
				}
				figures := usdFigure.FindAllString(text.String(), -1)
				if tc.opts.Prices == nil {
					if len(figures) != 0 {
						t.Errorf("USD figures without prices: %q", figures)
					}
				} else if len(figures) != 1 || a.LossUSD == nil || figures[0] != a.LossUSD.FloatString(2)+" USD" {
					t.Errorf("USD figures %q, want the loss's alone (%v)", figures, a.LossUSD)
				}
				if !strings.Contains(text.String(), LossMethod) {
					t.Error("the report does not state its method")
				}
			})
		}
	}
}
