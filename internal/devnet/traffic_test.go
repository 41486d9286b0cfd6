package devnet_test

import (
	"context"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// TestSubscriptions checks newHeads and full newPendingTransactions over
// WebSocket, and that with a block time a transaction is visible pending
// (subscription and txpool_content) before it is mined.
func TestSubscriptions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const blockTime = 1500 * time.Millisecond
	d := devnettest.StartWith(t, devnet.Config{BlockTime: blockTime})
	ws, err := rpc.DialContext(ctx, d.WSURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ws.Close)
	wsClient := devnettest.Dial(t, d.WSURL())

	heads := make(chan *types.Header, 16)
	headSub, err := wsClient.SubscribeNewHead(ctx, heads)
	if err != nil {
		t.Fatal(err)
	}
	defer headSub.Unsubscribe()
	pending := make(chan *types.Transaction, 16)
	pendingSub, err := gethclient.New(ws).SubscribeFullPendingTransactions(ctx, pending)
	if err != nil {
		t.Fatal(err)
	}
	defer pendingSub.Unsubscribe()

	// Send right after a block, so the next one is a block time away.
	var first *types.Header
	select {
	case first = <-heads:
	case <-ctx.Done():
		t.Fatal("no newHeads notification within 30s")
	}
	keys := d.Keys()
	to := devnet.Address(keys.Users[1])
	chainID := big.NewInt(devnet.ChainID)
	nonce, err := wsClient.PendingNonceAt(ctx, devnet.Address(keys.Users[0]))
	if err != nil {
		t.Fatal(err)
	}
	tx := types.MustSignNewTx(keys.Users[0], types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9),
		Gas: 21_000, To: &to, Value: big.NewInt(12345),
	})
	sentAt := time.Now()
	if err := wsClient.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}

	select {
	case got := <-pending:
		if got.Hash() != tx.Hash() || got.Value().Int64() != 12345 || *got.To() != to {
			t.Fatalf("pending notification %s (to %s, value %s), want %s", got.Hash(), got.To(), got.Value(), tx.Hash())
		}
	case err := <-pendingSub.Err():
		t.Fatal(err)
	case <-ctx.Done():
		t.Fatal("no newPendingTransactions notification")
	}
	// Still pending: no receipt, and listed by txpool_content.
	if _, err := wsClient.TransactionReceipt(ctx, tx.Hash()); !errors.Is(err, ethereum.NotFound) {
		t.Fatalf("receipt lookup before the block: err = %v, want not found (%s after sending)", err, time.Since(sentAt))
	}
	var content map[string]map[string]map[string]struct {
		Hash common.Hash `json:"hash"`
	}
	if err := ws.CallContext(ctx, &content, "txpool_content"); err != nil {
		t.Fatal(err)
	}
	from := devnet.Address(keys.Users[0]).Hex()
	if got := content["pending"][from][strconv.FormatUint(nonce, 10)].Hash; got != tx.Hash() {
		t.Fatalf("txpool_content pending[%s] = %v, want the transaction at nonce %d", from, content["pending"][from], nonce)
	}

	// The next head includes it.
	for {
		select {
		case h := <-heads:
			if h.Number.Uint64() <= first.Number.Uint64() {
				continue
			}
			r := waitReceipt(t, wsClient, tx.Hash())
			if r.BlockNumber.Uint64() != h.Number.Uint64() {
				t.Fatalf("mined in block %d, next head is %d", r.BlockNumber, h.Number)
			}
			if gap := time.Since(sentAt); gap < blockTime/4 {
				t.Logf("mined %s after sending", gap)
			}
			return
		case err := <-headSub.Err():
			t.Fatal(err)
		case <-ctx.Done():
			t.Fatal("no newHeads notification for the next block")
		}
	}
}

// TestBenignTraffic200Blocks runs benign traffic for 200 blocks (a block
// per transaction) and checks every transaction succeeded, the special
// ones too (a large flash loan, a whale's exit and return, an admin role
// granted and revoked).
func TestBenignTraffic200Blocks(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d := devnettest.Start(t)
	c := devnettest.Dial(t, d.HTTPURL())
	start := d.Deployment().Block
	traffic, err := d.StartBenign(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.StartBenign(ctx, 1); !errors.Is(err, devnet.ErrTrafficRunning) {
		t.Fatalf("second StartBenign: err = %v, want ErrTrafficRunning", err)
	}
	if err := d.WaitForBlock(ctx, start+200); err != nil {
		t.Fatal(err)
	}
	stats := traffic.Stop()
	t.Logf("benign traffic: %+v", stats)
	if stats.LastBlock < start+200 {
		t.Fatalf("traffic mined up to block %d, want at least %d", stats.LastBlock, start+200)
	}
	if stats.Reverted != 0 || stats.RevertedPaused != 0 || stats.SendErrors != 0 {
		t.Fatalf("%d reverted, %d reverted while paused, %d refused; want none", stats.Reverted, stats.RevertedPaused, stats.SendErrors)
	}
	if stats.Mined != stats.Sent || stats.Sent < 200 {
		t.Fatalf("sent %d, mined %d; want all of at least 200 mined", stats.Sent, stats.Mined)
	}
	for _, op := range []string{devnet.OpDeposit, devnet.OpWithdraw, devnet.OpDepositCollateral, devnet.OpWithdrawCollateral,
		devnet.OpBorrow, devnet.OpRepay, devnet.OpSwap, devnet.OpDepositETH, devnet.OpWithdrawAllETH,
		devnet.OpFlashLoan, devnet.OpWhaleExit, devnet.OpWhaleReturn, devnet.OpGrantRole, devnet.OpRevokeRole} {
		if stats.Ops[op] == 0 {
			t.Errorf("no %s among %v", op, stats.Ops)
		}
	}
	// The receipts agree: every block since the start holds only successes.
	pool := bindings.NewLendingPool()
	if !call(t, c, d.Deployment().Pool, pool.PackIsSolvent(), pool.UnpackIsSolvent) {
		t.Error("pool insolvent after benign traffic")
	}
	failed := 0
	for n := start + 1; n <= stats.LastBlock; n++ {
		receipts, err := c.BlockReceipts(ctx, rpc.BlockNumberOrHashWithNumber(rpc.BlockNumber(n)))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range receipts {
			if r.Status != types.ReceiptStatusSuccessful {
				failed++
			}
		}
	}
	if failed != 0 {
		t.Fatalf("%d failed transactions in blocks %d..%d", failed, start+1, stats.LastBlock)
	}
}

// TestBenignTraffic50TxPerSecond checks that the chain, sealing every
// 500ms, sustains the generator at more than 50 transactions per second,
// and that reverts caused by a pause are told apart from generator bugs.
func TestBenignTraffic50TxPerSecond(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d := devnettest.StartWith(t, devnet.Config{BlockTime: 500 * time.Millisecond})
	c := devnettest.Dial(t, d.HTTPURL())
	const rate, run = 60, 4 * time.Second
	traffic, err := d.StartBenign(ctx, rate)
	if err != nil {
		t.Fatal(err)
	}
	// From the first send: the first StartBenign deploys a FlashBorrower.
	began := time.Now()
	time.Sleep(run)
	sent := traffic.Stats().Sent
	elapsed := time.Since(began)
	// Pause the pool while traffic runs: later pool operations are not
	// sent, and any already pending revert as "paused", not as bugs.
	pool := bindings.NewLendingPool()
	if r := sendTx(t, c, d.Keys().Guardian, d.Deployment().Pool, pool.PackPause(), 200_000); r.Status != 1 {
		t.Fatal("pause failed")
	}
	time.Sleep(time.Second)
	stats := traffic.Stop()
	achieved := float64(sent) / elapsed.Seconds()
	t.Logf("sent %d in %s: %.1f tx/s; final %+v", sent, elapsed.Round(time.Millisecond), achieved, stats)
	if achieved < 50 {
		t.Errorf("sustained %.1f tx/s, want at least 50", achieved)
	}
	if stats.Mined != stats.Sent {
		t.Errorf("sent %d, mined %d", stats.Sent, stats.Mined)
	}
	if stats.Reverted != 0 || stats.SendErrors != 0 {
		t.Errorf("%d reverted (not paused), %d refused; want none", stats.Reverted, stats.SendErrors)
	}
	blocks := stats.LastBlock - stats.FirstBlock + 1
	if blocks > uint64((run+2*time.Second)/(400*time.Millisecond)) {
		t.Errorf("%d blocks in about %s, want about one per 500ms", blocks, run+time.Second)
	}
}

// TestWritePlan checks that the written plan, with and without the extras
// of the demo, loads and validates, and that the extras are there.
func TestWritePlan(t *testing.T) {
	d := devnettest.Start(t)
	const hook = "http://127.0.0.1:9/hook?from=devnet#war room"
	for _, tc := range []struct {
		name   string
		extras devnet.PlanExtras
	}{
		{"plain", devnet.PlanExtras{}},
		{"demo", devnet.PlanExtras{WebhookURL: hook, WebhookSecretFile: "keys/webhook.secret", GroupByContract: true, Obligations: true}},
		{"webhook without secret", devnet.PlanExtras{WebhookURL: hook}},
		{"obligations only", devnet.PlanExtras{Obligations: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "breakglass.yaml")
			if err := d.WritePlanWith(path, tc.extras); err != nil {
				t.Fatal(err)
			}
			if tc.extras.WebhookSecretFile != "" {
				if err := os.WriteFile(filepath.Join(dir, tc.extras.WebhookSecretFile), []byte("s3cret"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			p, err := plan.Load(path)
			if err != nil {
				t.Fatalf("plan.Load: %v", err)
			}
			checkDevnetPlan(t, d, p)
			checkPlanExtras(t, p, tc.extras)
			// Writing again over the files works.
			if err := d.WritePlanWith(path, tc.extras); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("plain is WritePlan", func(t *testing.T) {
		dir := t.TempDir()
		a, b := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")
		if err := d.WritePlan(a); err != nil {
			t.Fatal(err)
		}
		if err := d.WritePlanWith(b, devnet.PlanExtras{}); err != nil {
			t.Fatal(err)
		}
		ab, _ := os.ReadFile(a)
		bb, _ := os.ReadFile(b)
		if want := strings.ReplaceAll(string(ab), "a.yaml", "b.yaml"); string(bb) != want || len(ab) == 0 {
			t.Fatal("WritePlan and WritePlanWith without extras write different plans")
		}
		if strings.Contains(string(ab), "{{") || strings.Contains(string(ab), "<no value>") {
			t.Fatalf("the written plan holds template text:\n%s", ab)
		}
	})
	t.Run("secret without URL", func(t *testing.T) {
		err := d.WritePlanWith(filepath.Join(t.TempDir(), "p.yaml"), devnet.PlanExtras{WebhookSecretFile: "keys/webhook.secret"})
		if err == nil || !strings.Contains(err.Error(), "needs a webhook URL") {
			t.Fatalf("err = %v, want a clear error", err)
		}
	})
}

// checkDevnetPlan checks the parts of the plan that come from the devnet.
func checkDevnetPlan(t *testing.T, d *devnet.Devnet, p *plan.Plan) {
	t.Helper()
	dep := d.Deployment()
	pool := p.Contract("pool")
	if pool == nil || pool.Address != dep.Pool || pool.ABI == nil || len(pool.ABI.Parsed.Methods) == 0 {
		t.Fatalf("plan's pool contract = %+v", pool)
	}
	if _, ok := pool.ABI.Parsed.Methods["pause"]; !ok {
		t.Fatal("pool ABI has no pause")
	}
	if n := p.Network("devnet"); n == nil || n.ChainID != devnet.ChainID {
		t.Fatalf("plan's network = %+v", n)
	}
	safe := p.Executor("safe")
	if safe == nil || safe.Safe != dep.Safe || len(safe.Owners) != 2 {
		t.Fatalf("plan's safe executor = %+v", safe)
	}
	guardian := p.Executor("guardian")
	if guardian == nil {
		t.Fatal("no guardian executor")
	}
	key, err := guardian.Key.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if addr := keyAddress(t, key); addr != dep.Guardian {
		t.Fatalf("guardian key file holds the key of %s, want %s", addr, dep.Guardian)
	}
	for i, ref := range safe.Owners {
		k, err := ref.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		if addr := keyAddress(t, k); addr != dep.SafeOwners[i] {
			t.Fatalf("safe owner %d key file holds the key of %s, want %s", i+1, addr, dep.SafeOwners[i])
		}
	}
	if len(p.Detectors) == 0 {
		t.Fatal("no detectors")
	}
	if errs := detect.Check(p); len(errs) > 0 {
		t.Fatalf("the plan's detectors do not compile: %v", errs)
	}
}

// checkPlanExtras checks that the plan has the sections extras asks for,
// and no others.
func checkPlanExtras(t *testing.T, p *plan.Plan, extras devnet.PlanExtras) {
	t.Helper()
	switch {
	case extras.WebhookURL == "" && len(p.Channels) != 0:
		t.Errorf("channels %+v, want none", p.Channels)
	case extras.WebhookURL != "":
		if len(p.Channels) != 1 {
			t.Fatalf("channels %+v, want the webhook", p.Channels)
		}
		c := p.Channels[0]
		if c.Name != "war-room" || c.Type != plan.ChannelWebhook || c.URL != extras.WebhookURL || c.Audience != plan.AudienceInternal {
			t.Errorf("channel = %+v, want the war-room webhook to %s", c, extras.WebhookURL)
		}
		if extras.WebhookSecretFile == "" {
			if !c.Secret.IsZero() {
				t.Errorf("channel secret %s, want none", c.Secret)
			}
		} else if secret, err := c.Secret.Resolve(); err != nil || secret != "s3cret" {
			t.Errorf("channel secret resolves to %q, %v; want the secret file's", secret, err)
		}
	}
	// With or without GroupByContract, one exploit is one incident (the
	// loader's default is the demo's grouping).
	demoGrouping := []string{"contract", "incident_type"}
	if got := p.Incidents.GroupBy; !slices.Equal(got, demoGrouping) {
		t.Errorf("incidents.group_by = %v with GroupByContract %v, want %v", got, extras.GroupByContract, demoGrouping)
	}
	var names []string
	for _, o := range p.Obligations {
		names = append(names, o.Name)
	}
	var want []string
	if extras.Obligations {
		want = []string{"dora", "sec-8k", "ic3"}
	}
	if !slices.Equal(names, want) {
		t.Errorf("obligations %v, want %v", names, want)
	}
}

func keyAddress(t *testing.T, hexKey string) common.Address {
	t.Helper()
	k, err := crypto.HexToECDSA(hexKey)
	if err != nil {
		t.Fatalf("key file: %v", err)
	}
	return devnet.Address(k)
}

// TestScenarioDuringTraffic plays two scenarios while benign traffic runs
// with a block time: each exploit's block holds the exploit alone, and the
// traffic sends nothing that reverts, before or after the pool is drained.
func TestScenarioDuringTraffic(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d := devnettest.StartWith(t, devnet.Config{BlockTime: 200 * time.Millisecond, BenignRate: 40})
	c := devnettest.Dial(t, d.HTTPURL())
	if err := d.WaitForBlock(ctx, d.Deployment().Block+5); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{devnet.ScenarioReentrancy, devnet.ScenarioAccess} {
		res, err := d.RunScenario(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if res.Reverted || len(res.Loss()) == 0 {
			t.Fatalf("%s: reverted %v, loss %v", name, res.Reverted, res.Loss())
		}
		block, err := c.BlockByNumber(ctx, new(big.Int).SetUint64(res.Block))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(block.Transactions()); n != 1 || block.Transactions()[0].Hash() != res.Tx {
			t.Fatalf("%s: the exploit's block holds %d transactions, want the exploit alone", name, n)
		}
		if err := d.WaitForBlock(ctx, res.Block+5); err != nil {
			t.Fatal(err)
		}
	}
	traffic := d.Traffic()
	if traffic == nil {
		t.Fatal("no benign traffic running")
	}
	stats := traffic.Stop()
	t.Logf("benign traffic around the scenarios: %+v", stats)
	if stats.Reverted != 0 || stats.SendErrors != 0 || stats.Mined != stats.Sent || stats.Sent < 50 {
		t.Fatalf("benign traffic: %+v; want at least 50 sent, all mined, none reverted or refused", stats)
	}
}
