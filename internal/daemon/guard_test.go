package daemon_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/breakglass-dev/breakglass/contracts/demo"
	"github.com/breakglass-dev/breakglass/internal/daemon/daemontest"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/guard"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// sentTimes records when each containment transaction was first broadcast.
type sentTimes struct {
	mu sync.Mutex
	at map[int64]time.Time
	tx map[int64]common.Hash
}

func (s *sentTimes) sent(id int64, h common.Hash, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.at[id]; !ok {
		s.at[id], s.tx[id] = at, h
	}
}

func (s *sentTimes) get(id int64) (time.Time, common.Hash, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.at[id]
	return at, s.tx[id], ok
}

// mempoolPlan writes the devnet's plan with pre-execution protection on;
// edit, if set, changes its text first.
func mempoolPlan(t testing.TB, dn *devnet.Devnet, edit func(string) string) *plan.Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.yaml")
	if err := dn.WritePlanWith(path, devnet.PlanExtras{Mempool: true}); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(edit(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := p.Network("devnet"); n == nil || !n.Mempool.Enabled {
		t.Fatal("the plan does not turn mempool on")
	}
	return p
}

// startMempoolDaemon runs the daemon on p and waits until it follows the
// chain's head.
func startMempoolDaemon(t testing.TB, dn *devnet.Devnet, p *plan.Plan, s store.Store, onSent func(int64, common.Hash, time.Time)) (*daemon.Daemon, func()) {
	t.Helper()
	d, _, stop := daemontest.Start(t, daemon.Config{Log: testLog(), Plan: p, Store: s, Listen: "off", OnSent: onSent, LeaseTTL: 3 * time.Second})
	head, err := dn.Client().BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the daemon following", 30*time.Second, func() bool {
		c, err := s.Cursor(context.Background(), "devnet")
		return err == nil && c.BlockNumber >= head
	})
	// The pending subscription starts with the lease, next to the follower.
	time.Sleep(time.Second)
	return d, stop
}

// TestMempoolPreventsEachScenario: on the devnet with 1 s blocks and the
// plan's mempool on, each exploit is seen pending, simulated, detected by
// the plan's detectors, and the pause is sent with a higher priority fee:
// it is mined in the exploit's block, before it, the exploit reverts and
// the pool loses nothing. The alert is marked pre-execution with the
// pending transaction's hash, and the pause belongs to its incident.
// Pending seen → pause broadcast is measured.
func TestMempoolPreventsEachScenario(t *testing.T) {
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: time.Second})
	relay := newRelay(t, dn.ChainID())
	// The plan's own priority fee for containment (0.5 gwei) is below the
	// exploits' (1 gwei): only the pre-execution tip puts the pause first.
	// Every containment transaction also goes to a private relay.
	p := mempoolPlan(t, dn, func(s string) string {
		return strings.Replace(s, "    mempool:\n", "    fees: {max_priority_fee: 0.5 gwei}\n    mempool:\n      private_rpc: ["+relay.URL+"]\n", 1)
	})
	ctx := context.Background()
	s := storetest.SQLite(t, store.Options{})
	sent := &sentTimes{at: map[int64]time.Time{}, tx: map[int64]common.Hash{}}
	d, stop := startMempoolDaemon(t, dn, p, s, sent.sent)
	defer stop()

	var lat []time.Duration
	used := map[int64]bool{}
	for _, sc := range devnet.Scenarios() {
		res, err := dn.RunScenario(ctx, sc)
		if err != nil {
			t.Fatalf("%s: %v", sc, err)
		}
		// The pre-execution alert on the pending exploit.
		pre, fields := waitPreExecution(t, s, sc+" pre-execution alert", res.Tx)
		if pre.IncidentID == "" {
			t.Fatalf("%s: pre-execution alert %s opened no incident", sc, pre.Detector)
		}
		// Its incident's pause, mined.
		pause := waitAction(t, s, sc+" pause mined", 10*time.Second, pre.IncidentID, func(a store.Action) bool {
			_, h, ok := sent.get(a.ID)
			return !used[a.ID] && a.Status == respond.StatusMined && aheadOfPending(a) && ok && common.HexToHash(a.TxHash) == h
		})
		used[pause.ID] = true
		waitFor(t, sc+" pause at the private relay", 5*time.Second, func() bool { return relay.got(common.HexToHash(pause.TxHash)) })
		prc := minedReceipt(t, ctx, dn.Client(), common.HexToHash(pause.TxHash))
		arc := minedReceipt(t, ctx, dn.Client(), res.Tx)
		ptx, _, err := dn.Client().TransactionByHash(ctx, common.HexToHash(pause.TxHash))
		if err != nil {
			t.Fatal(err)
		}
		atx, _, err := dn.Client().TransactionByHash(ctx, res.Tx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: detector %s; pause %s (tip %s) at block %d index %d; exploit %s (tip %s) at block %d index %d, status %d",
			sc, pre.Detector, pause.TxHash, ptx.GasTipCap(), prc.BlockNumber, prc.TransactionIndex, res.Tx.Hex(), atx.GasTipCap(), arc.BlockNumber, arc.TransactionIndex, arc.Status)
		if prc.BlockNumber.Uint64() != res.Block || prc.TransactionIndex >= arc.TransactionIndex {
			t.Errorf("%s: pause at block %d index %d, exploit at block %d index %d: want the pause first in the exploit's block",
				sc, prc.BlockNumber, prc.TransactionIndex, res.Block, arc.TransactionIndex)
		}
		if ptx.GasTipCap().Cmp(atx.GasTipCap()) <= 0 {
			t.Errorf("%s: pause tip %s not above the exploit's %s", sc, ptx.GasTipCap(), atx.GasTipCap())
		}
		if !res.Reverted {
			t.Errorf("%s: the exploit did not revert", sc)
		}
		if loss := res.Loss(); len(loss) > 0 {
			t.Errorf("%s: the pool lost %v", sc, loss)
		}
		seen, err := time.Parse(time.RFC3339Nano, fields[guard.FieldPendingSeen].(string))
		if err != nil {
			t.Fatal(err)
		}
		at, _, _ := sent.get(pause.ID)
		lat = append(lat, at.Sub(seen))
		t.Logf("%s: pending seen → pause broadcast %s", sc, at.Sub(seen).Round(time.Microsecond))

		// The incident's timeline tells the exploit was prevented, and what
		// its simulation would have taken from the pool: the value protected.
		var outcome guard.OutcomeData
		var simulated bool
		waitFor(t, sc+" outcome on the timeline", 10*time.Second, func() bool {
			evs, err := s.Timeline(ctx, pre.IncidentID)
			if err != nil {
				return false
			}
			for _, ev := range evs {
				var sd guard.SimulatedData
				if ev.Kind == guard.KindSimulated && json.Unmarshal(ev.Data, &sd) == nil && sd.Tx == res.Tx.Hex() {
					simulated = true
				}
				var o guard.OutcomeData
				if ev.Kind == guard.KindOutcome && json.Unmarshal(ev.Data, &o) == nil && o.Tx == res.Tx.Hex() && o.Outcome == guard.ResultPrevented {
					outcome = o
					return true
				}
			}
			return false
		})
		if !simulated {
			t.Errorf("%s: no %s event on the timeline", sc, guard.KindSimulated)
		}
		var protected []string
		for _, v := range outcome.ValueProtected {
			protected = append(protected, guard.FormatValue(v))
			if v.Contract != dn.Deployment().Pool || v.Amount == "" || v.Amount == "0" {
				t.Errorf("%s: value protected %+v: want an amount the pool would have lost", sc, v)
			}
		}
		if len(protected) == 0 {
			t.Errorf("%s: prevented with no value protected recorded", sc)
		}
		t.Logf("%s: value protected: %s", sc, strings.Join(protected, ", "))
		doc, err := report.Build(ctx, s, pre.IncidentID, report.BuildOptions{Plan: p})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(doc.Impact.Prevention, "prevented") || len(doc.Impact.Protected) != len(protected) {
			t.Errorf("%s: post-mortem impact: prevention %q, protected %v", sc, doc.Impact.Prevention, doc.Impact.Protected)
		}
		waitFor(t, sc+" actions settled", 20*time.Second, func() bool { return actionsSettled(t, s) })
		unpause(t, dn)
	}
	slices.Sort(lat)
	t.Logf("pending seen → pause broadcast over %d scenarios: p50 %s, max %s", len(lat), lat[len(lat)/2], lat[len(lat)-1])
	if n := counterSum(t, d, "breakglass_incidents_prevented_total"); n < float64(len(devnet.Scenarios())) {
		t.Errorf("breakglass_incidents_prevented_total %v, want at least %d", n, len(devnet.Scenarios()))
	}
	if v := counterSum(t, d, "breakglass_value_protected_total"); v <= 0 {
		t.Errorf("breakglass_value_protected_total %v, want the prevented exploits' take", v)
	}
}

// waitPreExecution waits (10 s at most) for the devnet's pre-execution
// alert on pending transaction tx and returns it with its fields.
// preExecution returns an alert's fields and whether the guard raised it
// on a pending transaction, before execution.
func preExecution(a store.Alert) (map[string]any, bool) {
	var f map[string]any
	if json.Unmarshal(a.Fields, &f) != nil {
		return nil, false
	}
	return f, f[guard.FieldPreExecution] == true
}

func waitPreExecution(t testing.TB, s store.Reader, what string, tx common.Hash) (store.Alert, map[string]any) {
	t.Helper()
	var pre store.Alert
	var fields map[string]any
	waitFor(t, what, 10*time.Second, func() bool {
		as, err := s.Alerts(context.Background(), store.AlertFilter{Network: "devnet"})
		if err != nil {
			return false
		}
		for _, a := range as {
			if f, ok := preExecution(a); ok && f[guard.FieldPendingTx] == tx.Hex() {
				pre, fields = a, f
				return true
			}
		}
		return false
	})
	return pre, fields
}

// waitAction waits (within) for an action of incident id (every
// incident's when "") that match accepts, and returns it.
func waitAction(t testing.TB, s store.Reader, what string, within time.Duration, id string, match func(store.Action) bool) store.Action {
	t.Helper()
	ctx := context.Background()
	var found store.Action
	waitFor(t, what, within, func() bool {
		ids := []string{id}
		if id == "" {
			incs, _ := s.Incidents(ctx, store.IncidentFilter{})
			ids = ids[:0]
			for _, inc := range incs {
				ids = append(ids, inc.ID)
			}
		}
		for _, id := range ids {
			acts, _ := s.Actions(ctx, id)
			for _, a := range acts {
				if match(a) {
					found = a
					return true
				}
			}
		}
		return false
	})
	return found
}

// aheadOfPending reports whether a is a pause queued ahead of a pending
// transaction (its Params.MinTip set).
func aheadOfPending(a store.Action) bool {
	var prm respond.Params
	return a.Kind == respond.KindPause && json.Unmarshal(a.Params, &prm) == nil && prm.MinTip != ""
}

// counterSum adds up the counter name's series.
func counterSum(t *testing.T, d *daemon.Daemon, name string) float64 {
	return metricBy(t, d, name, "")[""]
}

// settledOutcomes waits (30 s at most) until the guard stops simulating
// (what it queued is done: the count of simulated transactions holds for
// half a second) and returns pendingOutcomes then.
func settledOutcomes(t testing.TB, d *daemon.Daemon) map[string]float64 {
	t.Helper()
	outcomes := pendingOutcomes(t, d)
	for i := 0; i < 60; i++ {
		time.Sleep(500 * time.Millisecond)
		next := pendingOutcomes(t, d)
		if next[guard.OutcomeSimulated] == outcomes[guard.OutcomeSimulated] {
			break
		}
		outcomes = next
	}
	return outcomes
}

// pendingOutcomes reads breakglass_mempool_pending_total by outcome.
func pendingOutcomes(t testing.TB, d *daemon.Daemon) map[string]float64 {
	return metricBy(t, d, "breakglass_mempool_pending_total", "outcome")
}

// metricBy reads the counter or gauge name of d, its series summed by the
// value of label ("": all under "").
func metricBy(t testing.TB, d *daemon.Daemon, name, label string) map[string]float64 {
	t.Helper()
	mfs, err := d.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			key := ""
			for _, l := range m.GetLabel() {
				if l.GetName() == label {
					key = l.GetValue()
				}
			}
			out[key] += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return out
}

// TestMempoolBenignTraffic: 500 blocks of the devnet's benign traffic
// (deposits, swaps, borrows, repays, withdrawals, and the rare large ones:
// a 1,000,000 dUSD flash loan put through the pool, a whale withdrawing
// 400,000 dUSD and coming back, PAUSER_ROLE granted and revoked by the
// admin), every transaction seen pending and simulated, trigger no
// pre-execution alert and no containment; the plan's detectors stay quiet
// in the blocks of the large ones.
func TestMempoolBenignTraffic(t *testing.T) {
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: 100 * time.Millisecond})
	p := mempoolPlan(t, dn, nil)
	ctx := context.Background()
	s := storetest.SQLite(t, store.Options{})
	d, stop := startMempoolDaemon(t, dn, p, s, nil)
	first, _ := dn.Client().BlockNumber(ctx)
	const blocks = 500
	st := devnettest.Benign(t, dn, 100, blocks, 3*time.Minute)
	head, _ := dn.Client().BlockNumber(ctx)
	waitFor(t, "catch-up", time.Minute, func() bool {
		c, err := s.Cursor(ctx, "devnet")
		return err == nil && c.BlockNumber >= head
	})
	// The guard may trail the traffic: wait until it has simulated what
	// it queued (its counts stop moving).
	outcomes := settledOutcomes(t, d)
	stop()
	for _, op := range []string{devnet.OpFlashLoan, devnet.OpWhaleExit, devnet.OpWhaleReturn, devnet.OpGrantRole, devnet.OpRevokeRole} {
		if st.Ops[op] == 0 {
			t.Errorf("no %s among the benign operations %v", op, st.Ops)
		}
	}
	if st.Reverted != 0 {
		t.Errorf("%d benign transactions reverted", st.Reverted)
	}

	as, err := s.Alerts(ctx, store.AlertFilter{Network: "devnet"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if _, pre := preExecution(a); pre {
			t.Errorf("pre-execution alert on benign traffic: %s: %s", a.Detector, a.Summary)
		}
		t.Logf("block-path alert on benign traffic: %s (%s) at block %d: %s", a.Detector, a.Severity, a.BlockNumber, a.Summary)
		// The large operations move no ETH: a native balance alert in
		// their block is another user's ETH withdrawal.
		if ops := st.Specials[a.BlockNumber]; len(ops) > 0 {
			if det := p.Detector(a.Detector); det == nil || det.Balance == nil || det.Balance.Token != "native" {
				t.Errorf("alert %s at block %d, which holds %v", a.Detector, a.BlockNumber, ops)
			}
		}
	}
	incs, err := s.Incidents(ctx, store.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range incs {
		acts, err := s.Actions(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			// The block path may propose (for a human) on a benign
			// high-severity alert; nothing may run on its own.
			var prm respond.Params
			_ = json.Unmarshal(a.Params, &prm)
			if prm.MinTip != "" || prm.Auto {
				t.Errorf("containment on benign traffic: action %d %s (%s, auto %v, min tip %q) of incident %s", a.ID, a.Kind, a.Status, prm.Auto, prm.MinTip, inc.ID)
			}
		}
	}
	t.Logf("%d benign txs over blocks %d..%d (%v); pending outcomes %v; %d alerts (none pre-execution), %d incidents",
		st.Sent, first, head, st.Ops, outcomes, len(as), len(incs))
	if outcomes[guard.OutcomeContained] != 0 {
		t.Errorf("%v containments queued on benign traffic", outcomes[guard.OutcomeContained])
	}
	// The guard did look: most benign transactions were simulated.
	if outcomes[guard.OutcomeSimulated] < float64(st.Sent)*0.9 {
		t.Errorf("simulated %v of %d pending transactions (failed %v, dropped %v)", outcomes[guard.OutcomeSimulated], st.Sent,
			outcomes[guard.OutcomeFailed], outcomes[guard.OutcomeDropped])
	}
}

// relay is a stand-in for a private submission endpoint: it checks that
// each request is a JSON-RPC 2.0 eth_sendRawTransaction of a signed
// transaction of the chain, and keeps the hashes.
type relay struct {
	*httptest.Server
	mu     sync.Mutex
	hashes map[common.Hash]bool
}

func newRelay(t *testing.T, chainID *big.Int) *relay {
	r := &relay{hashes: map[common.Hash]bool{}}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var m struct {
			Version string            `json:"jsonrpc"`
			ID      json.RawMessage   `json:"id"`
			Method  string            `json:"method"`
			Params  []json.RawMessage `json:"params"`
		}
		if err := json.NewDecoder(req.Body).Decode(&m); err != nil || req.Method != http.MethodPost ||
			!strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
			t.Errorf("relay: not a JSON-RPC POST: %s %s: %v", req.Method, req.Header.Get("Content-Type"), err)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		var raw hexutil.Bytes
		var tx types.Transaction
		switch {
		case m.Version != "2.0" || len(m.ID) == 0 || m.Method != "eth_sendRawTransaction" || len(m.Params) != 1:
			t.Errorf("relay: want eth_sendRawTransaction with one parameter, got %s %q with %d", m.Version, m.Method, len(m.Params))
		case json.Unmarshal(m.Params[0], &raw) != nil || tx.UnmarshalBinary(raw) != nil:
			t.Errorf("relay: parameter %s is not a signed transaction", m.Params[0])
		case tx.ChainId().Cmp(chainID) != 0:
			t.Errorf("relay: transaction of chain %s", tx.ChainId())
		default:
			if _, err := types.Sender(types.LatestSignerForChainID(chainID), &tx); err != nil {
				t.Errorf("relay: unsigned transaction: %v", err)
			}
			r.mu.Lock()
			r.hashes[tx.Hash()] = true
			r.mu.Unlock()
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": tx.Hash()})
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *relay) got(h common.Hash) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hashes[h]
}

// replacingBackend plays the attacker who sees the containment coming and
// raises their fee: each contract call it sends is replaced, once the
// guard broadcast its pause, by the same transaction (same nonce) with a
// 10 gwei tip; receipts asked for the first version are the replacement's.
type replacingBackend struct {
	*ethclient.Client
	t        *testing.T
	key      *ecdsa.PrivateKey
	chainID  *big.Int
	paused   <-chan struct{}
	mu       sync.Mutex
	replaced map[common.Hash]common.Hash
}

func (b *replacingBackend) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := b.Client.SendTransaction(ctx, tx); err != nil || tx.To() == nil || len(tx.Data()) == 0 {
		return err
	}
	select {
	case <-b.paused:
	case <-time.After(5 * time.Second):
		b.t.Error("the guard sent no pause for the pending exploit")
		return nil
	}
	repl := types.MustSignNewTx(b.key, types.LatestSignerForChainID(b.chainID), &types.DynamicFeeTx{
		ChainID: b.chainID, Nonce: tx.Nonce(), GasTipCap: big.NewInt(10 * params.GWei), GasFeeCap: big.NewInt(200 * params.GWei),
		Gas: tx.Gas(), To: tx.To(), Value: tx.Value(), Data: tx.Data()})
	if err := b.Client.SendTransaction(ctx, repl); err != nil {
		return fmt.Errorf("replace the exploit: %w", err)
	}
	b.mu.Lock()
	b.replaced[tx.Hash()] = repl.Hash()
	b.mu.Unlock()
	return nil
}

func (b *replacingBackend) TransactionReceipt(ctx context.Context, h common.Hash) (*types.Receipt, error) {
	b.mu.Lock()
	if r, ok := b.replaced[h]; ok {
		h = r
	}
	b.mu.Unlock()
	return b.Client.TransactionReceipt(ctx, h)
}

// TestMempoolAttackerRaisesFee: the attacker replaces the pending exploit
// with a higher fee (10 gwei) after the pause was sent. The guard sees the
// replacement and the pause is replaced at once with a tip above it: mined
// first in the same block, the exploit reverts. With the plan's cap below
// the attacker's tip (5 gwei), the incident records being outbid and the
// pause goes at the cap.
func TestMempoolAttackerRaisesFee(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cap       string
		prevented bool
	}{{"beaten", "50 gwei", true}, {"outbid", "5 gwei", false}} {
		t.Run(tc.name, func(t *testing.T) { attackerRaisesFee(t, tc.cap, tc.prevented) })
	}
}

func attackerRaisesFee(t *testing.T, cap string, prevented bool) {
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: time.Second})
	p := mempoolPlan(t, dn, func(s string) string {
		s = strings.Replace(s, "max_priority_fee: 50 gwei", "max_priority_fee: "+cap, 1)
		return strings.Replace(s, "    mempool:\n", "    fees: {max_priority_fee: 0.5 gwei}\n    mempool:\n", 1)
	})
	ctx := context.Background()
	s := storetest.SQLite(t, store.Options{})
	paused := make(chan struct{})
	var once sync.Once
	_, stop := startMempoolDaemon(t, dn, p, s, func(int64, common.Hash, time.Time) { once.Do(func() { close(paused) }) })
	defer stop()

	key := dn.Keys().Attacker
	b := &replacingBackend{Client: dn.Client(), t: t, key: key, chainID: dn.ChainID(), paused: paused, replaced: map[common.Hash]common.Hash{}}
	opts := bind.NewKeyedTransactor(key, dn.ChainID())
	opts.Context, opts.GasTipCap, opts.GasFeeCap = ctx, big.NewInt(params.GWei), big.NewInt(100*params.GWei)
	atk, err := demo.RunScenario(ctx, b, dn.Protocol(), "reentrancy", opts, demo.DefaultScenarioParams())
	if err != nil && !errors.Is(err, demo.ErrReverted) {
		t.Fatal(err)
	}
	exploit := atk.Receipt
	if (exploit.Status != types.ReceiptStatusSuccessful) != prevented {
		t.Fatalf("the replaced exploit's status is %d; want prevented %v", exploit.Status, prevented)
	}
	etx, _, err := dn.Client().TransactionByHash(ctx, exploit.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if etx.GasTipCap().Cmp(big.NewInt(10*params.GWei)) != 0 {
		t.Fatalf("the mined exploit has tip %s: not the replacement", etx.GasTipCap())
	}
	pause := waitAction(t, s, "the pause mined", 10*time.Second, "", func(a store.Action) bool {
		return a.Kind == respond.KindPause && a.Status == respond.StatusMined
	})
	prc := minedReceipt(t, ctx, dn.Client(), common.HexToHash(pause.TxHash))
	ptx, _, err := dn.Client().TransactionByHash(ctx, common.HexToHash(pause.TxHash))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pause tip %s at block %d index %d; exploit (replaced, tip %s) at block %d index %d",
		ptx.GasTipCap(), prc.BlockNumber, prc.TransactionIndex, etx.GasTipCap(), exploit.BlockNumber, exploit.TransactionIndex)
	evs, err := s.Timeline(ctx, pause.IncidentID)
	if err != nil {
		t.Fatal(err)
	}
	var replacedStep, outbid bool
	for _, ev := range evs {
		replacedStep = replacedStep || strings.Contains(ev.Message, "replaced by")
		outbid = outbid || ev.Kind == guard.KindOutbid
	}
	if !replacedStep {
		t.Fatal("the timeline does not show the pause replaced with a higher fee")
	}
	if !prevented {
		if !outbid || ptx.GasTipCap().Cmp(big.NewInt(5*params.GWei)) != 0 {
			t.Fatalf("outbid on the timeline: %v, pause tip %s: want the outbid told and the pause at the 5 gwei cap", outbid, ptx.GasTipCap())
		}
		return
	}
	if outbid {
		t.Fatal("outbid told though the cap allowed beating the exploit")
	}
	if ptx.GasTipCap().Cmp(etx.GasTipCap()) <= 0 {
		t.Fatalf("pause tip %s not above the replaced exploit's %s", ptx.GasTipCap(), etx.GasTipCap())
	}
	if prc.BlockNumber.Cmp(exploit.BlockNumber) != 0 || prc.TransactionIndex >= exploit.TransactionIndex {
		t.Fatalf("pause at %d/%d, exploit at %d/%d: want the pause first in the exploit's block",
			prc.BlockNumber, prc.TransactionIndex, exploit.BlockNumber, exploit.TransactionIndex)
	}
}
