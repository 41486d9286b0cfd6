package respond_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/chain/chaintest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/incident/incidenttest"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/executors"
	"github.com/breakglass-dev/breakglass/internal/respond/key"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
	"github.com/breakglass-dev/breakglass/internal/respond/safe/safetest"
	"github.com/breakglass-dev/breakglass/internal/respond/txmgr"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env is a responder on a devnet, with the devnet's plan, a SQLite store
// and every log captured.
type env struct {
	t      testing.TB
	d      *devnet.Devnet
	dir    string
	dbPath string
	plan   *plan.Plan
	store  store.Store
	mgr    *incident.Manager
	reg    *executors.Registry
	r      *respond.Responder
	ec     *ethclient.Client
	logs   *syncBuffer
	sent   chan sentTx
}

type sentTx struct {
	action int64
	hash   common.Hash
	at     time.Time
}

type envOpts struct {
	blockTime time.Duration
	tx        txmgr.Config
	// edit changes the devnet's plan text before it is loaded.
	edit func(string) string
	// failover sends through the plan's RPC URLs (chain.Client) instead
	// of one ethclient.
	failover bool
}

func newEnv(t testing.TB, o envOpts) *env {
	t.Helper()
	d := devnettest.StartWith(t, devnet.Config{BlockTime: o.blockTime})
	e := &env{t: t, d: d, dir: t.TempDir(), logs: &syncBuffer{}, sent: make(chan sentTx, 16)}
	path := devnettest.WritePlan(t, d, e.dir, o.edit)
	p, err := plan.Load(path)
	if err != nil {
		t.Fatalf("load plan: %v", err)
	}
	e.plan = p
	e.dbPath = filepath.Join(e.dir, "bg.db")
	e.ec = devnettest.Dial(t, d.HTTPURL())
	e.open(o)
	return e
}

// open (re)builds the store, registry and responder.
func (e *env) open(o envOpts) {
	t := e.t
	s, err := sqlite.Open(context.Background(), e.dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e.store = s
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tmpl, err := notify.NewTemplates(nil)
	if err != nil {
		t.Fatal(err)
	}
	e.mgr = incident.New(e.plan, tmpl, incident.Options{Log: log})
	opts := executors.Options{Tx: o.tx, Log: log}
	if !o.failover {
		opts.Backends = map[string]executors.Backend{"devnet": e.ec}
	}
	e.reg = executors.New(e.plan, s, opts)
	t.Cleanup(e.reg.Close)
	e.r, err = respond.New(respond.Config{
		Plan: e.plan, Store: s, Incidents: e.mgr, Templates: tmpl, Executors: e.reg, Log: log,
		OnSent: func(id int64, h common.Hash, at time.Time) {
			select {
			case e.sent <- sentTx{id, h, at}:
			default:
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	e.t.Cleanup(cancel)
	return ctx
}

// paused reads the pool's paused().
func (e *env) paused() bool {
	e.t.Helper()
	pool := bindings.NewLendingPool()
	to := e.d.Deployment().Pool
	out, err := e.ec.CallContract(context.Background(), ethereum.CallMsg{To: &to, Data: pool.PackPaused()}, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := pool.UnpackPaused(out)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// request stores a manual action as person and returns it.
func (e *env) request(contract, action, incidentID, person string) store.Action {
	e.t.Helper()
	var a store.Action
	err := e.store.Tx(context.Background(), func(tx store.Tx) (err error) {
		a, err = e.r.Request(context.Background(), tx, respond.ManualRequest{Contract: contract, Action: action, IncidentID: incidentID, Person: person})
		return err
	})
	if err != nil {
		e.t.Fatalf("request %s.%s: %v", contract, action, err)
	}
	return a
}

// openIncident opens an incident as the pipeline would, from an alert of
// detector at block, and proposes its response in the same transaction.
func (e *env) openIncident(ctx context.Context, detector string, block uint64, txHash common.Hash) (string, []store.Action) {
	e.t.Helper()
	var acts []store.Action
	id := incidenttest.Open(e.t, e.store, e.mgr, e.alert(detector, block, txHash), func(ctx context.Context, tx store.Tx, out []incident.Outcome) (err error) {
		if err := e.r.Respond(ctx, tx, out); err != nil {
			return err
		}
		acts, err = tx.Actions(ctx, out[0].IncidentID)
		return err
	})
	return id, acts
}

// executed is what Responder.Execute returned.
type executed struct {
	a   store.Action
	err error
}

// executeAsync carries out action id (not forced) in the background; the
// channel gets what Execute returned.
func (e *env) executeAsync(ctx context.Context, id int64) <-chan executed {
	done := make(chan executed, 1)
	go func() {
		a, err := e.r.Execute(ctx, id, false)
		done <- executed{a, err}
	}()
	return done
}

// firstSent waits (20 s at most) for the next transaction sent.
func (e *env) firstSent() sentTx {
	e.t.Helper()
	select {
	case s := <-e.sent:
		return s
	case <-time.After(20 * time.Second):
		e.t.Fatal("nothing sent")
	}
	return sentTx{}
}

// auditSteps lists the audit log's entries about action id, as
// comma-separated actions ("action.proposed,action.approved,…").
func (e *env) auditSteps(ctx context.Context, id int64) string {
	e.t.Helper()
	entries, err := e.store.AuditEntries(ctx, store.AuditFilter{Subject: fmt.Sprintf("action:%d", id)})
	if err != nil {
		e.t.Fatal(err)
	}
	var steps []string
	for _, en := range entries {
		steps = append(steps, en.Action)
	}
	return strings.Join(steps, ",")
}

// runner drains the outbox with the responder as handler of its kind.
func (e *env) runner(cfg outbox.Config) *outbox.Runner {
	return outbox.New(e.store, map[string]outbox.Handler{respond.OutboxKind: e.r}, cfg, nil)
}

// drain runs the outbox until it has nothing due.
func (e *env) drain(ctx context.Context) {
	e.t.Helper()
	r := e.runner(outbox.Config{})
	for {
		n, err := r.RunOnce(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (e *env) action(id int64) store.Action {
	e.t.Helper()
	a, err := e.store.Action(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) timelineKinds(id string) []string {
	tl, err := e.store.Timeline(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	var kinds []string
	for _, ev := range tl {
		kinds = append(kinds, ev.Kind)
	}
	return kinds
}

// sendFrom sends a plain transfer from key with the given nonce and tip,
// as "someone else" using the same key would.
func (e *env) sendFrom(k *ecdsa.PrivateKey, nonce uint64, tip *big.Int) common.Hash {
	e.t.Helper()
	to := common.HexToAddress("0x000000000000000000000000000000000000dEaD")
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: e.d.ChainID(), Nonce: nonce, GasTipCap: tip, GasFeeCap: new(big.Int).Mul(tip, big.NewInt(50)), Gas: 21000, To: &to, Value: big.NewInt(1),
	}), types.LatestSignerForChainID(e.d.ChainID()), k)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.ec.SendTransaction(context.Background(), tx); err != nil {
		e.t.Fatalf("send from %s: %v", devnet.Address(k), err)
	}
	return tx.Hash()
}

func waitReceipt(t testing.TB, ec *ethclient.Client, h common.Hash) *types.Receipt {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		rc, err := ec.TransactionReceipt(ctx, h)
		if err == nil {
			return rc
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no receipt for %s", h)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// pauseTxs counts the mined transactions that called pause() on the pool
// (directly or through the Safe) between blocks from and to.
func (e *env) pauseTxs(from, to uint64) int {
	e.t.Helper()
	sel := crypto.Keccak256([]byte("pause()"))[:4]
	n := 0
	for b := from; b <= to; b++ {
		blk, err := e.ec.BlockByNumber(context.Background(), new(big.Int).SetUint64(b))
		if err != nil {
			e.t.Fatal(err)
		}
		for _, tx := range blk.Transactions() {
			if tx.To() != nil && *tx.To() == e.d.Deployment().Pool && bytes.HasPrefix(tx.Data(), sel) {
				n++
			}
		}
	}
	return n
}

func keyHex(k *ecdsa.PrivateKey) string { return hex.EncodeToString(crypto.FromECDSA(k)) }

// TestKeyExecutorPausesAndContains: an incident of a critical detector
// with auto-containment proposes the pause with its outbox item in the
// pipeline's transaction; the outbox runs it through the guardian key:
// simulated, submitted, mined; the real OpenZeppelin Pausable pool is
// paused and the incident contained. A second pause is a no-op. The
// guardian key appears in no log, error, database row or output.
func TestKeyExecutorPausesAndContains(t *testing.T) {
	e := newEnv(t, envOpts{})
	ctx := e.ctx()
	if e.paused() {
		t.Fatal("pool paused at start")
	}
	incID, acts := e.openIncident(ctx, "pool-reentrancy", 100, common.Hash{1})
	if len(acts) != 1 || acts[0].Status != respond.StatusApproved || acts[0].Kind != respond.KindPause {
		t.Fatalf("proposed actions = %+v", acts)
	}
	// A repeated alert of the same incident proposes nothing new.
	if _, again := e.openIncident(ctx, "pool-reentrancy", 101, common.Hash{2}); len(again) != 1 || again[0].ID != acts[0].ID {
		t.Fatalf("repeated alert: actions %+v", again)
	}
	e.drain(ctx)
	a := e.action(acts[0].ID)
	if a.Status != respond.StatusMined || a.TxHash == "" || a.Nonce == nil {
		t.Fatalf("action after the outbox = %+v", a)
	}
	if !e.paused() {
		t.Fatal("pool not paused after the pause was mined")
	}
	rc := waitReceipt(t, e.ec, common.HexToHash(a.TxHash))
	tx, _, err := e.ec.TransactionByHash(ctx, rc.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if from, _ := types.Sender(types.LatestSignerForChainID(e.d.ChainID()), tx); from != e.d.Deployment().Guardian {
		t.Fatalf("pause sent by %s, want the guardian", from)
	}
	inc, err := e.store.Incident(ctx, incID)
	if err != nil || inc.Status != incident.Contained {
		t.Fatalf("incident %+v, %v", inc, err)
	}
	kinds := strings.Join(e.timelineKinds(incID), ",")
	for _, k := range []string{"action.proposed", "action.simulated", "action.submitted", "action.mined", "status"} {
		if !strings.Contains(kinds, k) {
			t.Errorf("timeline lacks %s: %s", k, kinds)
		}
	}
	audit, err := e.store.AuditEntries(ctx, store.AuditFilter{Subject: incID})
	if err != nil || len(audit) < 5 {
		t.Fatalf("audit entries %d, %v", len(audit), err)
	}

	// Already paused: a manual pause is recorded as a no-op; nothing is sent.
	nonce, _ := e.ec.NonceAt(ctx, e.d.Deployment().Guardian, nil)
	m := e.request("pool", "pause", "", "alice")
	if m.Status != respond.StatusApproved {
		t.Fatalf("manual pause by the incident commander: %+v", m)
	}
	m, err = e.r.Execute(ctx, m.ID, false)
	if err != nil || m.Status != respond.StatusNoop {
		t.Fatalf("pause of a paused pool: %+v, %v", m, err)
	}
	if n, _ := e.ec.NonceAt(ctx, e.d.Deployment().Guardian, nil); n != nonce {
		t.Fatal("a no-op sent a transaction")
	}

	// The key never leaks.
	secret := keyHex(e.d.Keys().Guardian)
	signer, err := key.ParseHex(secret)
	if err != nil {
		t.Fatal(err)
	}
	_, bad := key.ParseHex(secret[:63] + "z")
	printed := fmt.Sprintf("%v %+v %#v %s %q", signer, signer, signer, signer, signer)
	js, _ := json.Marshal(signer)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("signer", "s", signer)
	e.store.Close()
	var db []byte
	for _, suffix := range []string{"", "-wal", "-journal"} {
		b, _ := os.ReadFile(e.dbPath + suffix)
		db = append(db, b...)
	}
	for name, text := range map[string]string{
		"logs": e.logs.String(), "printed signer": printed, "json signer": string(js), "logged signer": logged.String(),
		"parse error": bad.Error(), "database file": string(db),
	} {
		if strings.Contains(strings.ToLower(text), secret) || strings.Contains(text, secret[:24]) {
			t.Errorf("the guardian key appears in the %s", name)
		}
	}
	if !strings.Contains(printed, e.d.Deployment().Guardian.Hex()) {
		t.Errorf("printed signer %q does not show the address", printed)
	}
}

// TestKeystoreExecutor unlocks a go-ethereum encrypted keystore with a
// password from the environment and pauses through it.
func TestKeystoreExecutor(t *testing.T) {
	ks := keystore.NewKeyStore(t.TempDir(), keystore.LightScryptN, keystore.LightScryptP)
	acct, err := ks.ImportECDSA(devnet.NewTestKeys().Guardian, "s3cret pass")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("BG_TEST_KEYSTORE_PASSWORD", "s3cret pass")
	e := newEnv(t, envOpts{edit: func(s string) string {
		return strings.Replace(s, "    key: file:keys/guardian.key\n", fmt.Sprintf("    keystore: %s\n    password: env:BG_TEST_KEYSTORE_PASSWORD\n", acct.URL.Path), 1)
	}})
	ctx := e.ctx()
	a := e.request("pool", "pause", "", "alice")
	a, err = e.r.Execute(ctx, a.ID, false)
	if err != nil || a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pause through the keystore: %+v, %v", a, err)
	}

	// A wrong password is a clear error naming the reference.
	t.Setenv("BG_TEST_KEYSTORE_PASSWORD", "wrong")
	reg := executors.New(e.plan, e.store, executors.Options{Backends: map[string]executors.Backend{"devnet": e.ec}})
	_, err = reg.Executor(ctx, "guardian", "devnet")
	if err == nil || !strings.Contains(err.Error(), "env:BG_TEST_KEYSTORE_PASSWORD") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("wrong password: %v", err)
	}
}

// TestSafeExecutor: with two of the three owner keys the Safe executes
// pause() itself; with one it proposes to the Transaction Service stand-in
// (which checks the hash and the signer as the real one does) and tells
// the other signers what to sign.
func TestSafeExecutor(t *testing.T) {
	t.Run("two of three execute", func(t *testing.T) {
		e := newEnv(t, envOpts{})
		ctx := e.ctx()
		a := e.request("pool", "safe-pause", "", "alice")
		a, err := e.r.Execute(ctx, a.ID, false)
		if err != nil || a.Status != respond.StatusMined {
			t.Fatalf("Safe pause: %+v, %v", a, err)
		}
		if !e.paused() {
			t.Fatal("pool not paused by the Safe")
		}
		rc := waitReceipt(t, e.ec, common.HexToHash(a.TxHash))
		safeB := bindings.NewSafeL2()
		var ok bool
		for _, l := range rc.Logs {
			if _, err := safeB.UnpackExecutionSuccessEvent(l); err == nil && l.Address == e.d.Deployment().Safe {
				ok = true
			}
		}
		if !ok {
			t.Fatal("no ExecutionSuccess from the Safe")
		}
	})

	t.Run("one of three proposes", func(t *testing.T) {
		var svc *safetest.Service
		e := newEnv(t, envOpts{edit: func(s string) string {
			s = strings.Replace(s, "owners: [file:keys/safe-owner-1.key, file:keys/safe-owner-2.key]", "owners: [file:keys/safe-owner-1.key]\n    service_url: http://SERVICE\n    service_api_key: env:BG_TEST_SAFE_API_KEY", 1)
			return s + "\nchannels:\n  - name: signers-mail\n    type: webhook\n    url: http://127.0.0.1:9/hook\n"
		}})
		svc = safetest.Start(t, e.ec)
		const apiKey = "test-safe-api-key"
		t.Setenv("BG_TEST_SAFE_API_KEY", apiKey)
		svc.RequireAPIKey(apiKey) // as Safe's hosted service does
		// The plan is re-read with the stand-in's URL.
		path := filepath.Join(e.dir, "plan.yaml")
		b, _ := os.ReadFile(path)
		os.WriteFile(path, bytes.Replace(b, []byte("http://SERVICE"), []byte(svc.URL), 1), 0o644)
		p, err := plan.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		e.plan = p
		e.open(envOpts{})
		ctx := e.ctx()
		svc.FailFirst(1) // rate-limited once: the proposal is retried
		a := e.request("pool", "safe-pause", "", "alice")
		a, err = e.r.Execute(ctx, a.ID, false)
		if err != nil || a.Status != respond.StatusAwaitingSignatures {
			t.Fatalf("Safe pause with one key: %+v, %v", a, err)
		}
		if e.paused() {
			t.Fatal("paused without enough signatures")
		}
		acc := svc.Accepted()
		owners := e.d.Deployment().SafeOwners
		if len(acc) != 1 || acc[0].Sender != owners[0] || acc[0].Origin != safe.Origin || svc.Requests() != 2 {
			t.Fatalf("proposals %+v after %d requests (refusals %v)", acc, svc.Requests(), svc.Refusals())
		}
		// The signers not held here are told the safeTxHash and what they sign.
		items, err := e.store.OutboxItems(ctx, store.OutboxFilter{Kind: notify.OutboxKind + ".signers-mail"})
		if err != nil || len(items) != 1 {
			t.Fatalf("signature request notifications: %d, %v", len(items), err)
		}
		var d notify.Delivery
		json.Unmarshal(items[0].Payload, &d)
		body := d.Message.Title + " " + d.Message.Body
		for _, want := range []string{acc[0].SafeTxHash.Hex(), "bob", "carol", "pool.pause()", owners[1].Hex()} {
			if !strings.Contains(body, want) {
				t.Errorf("signature request lacks %q: %s", want, body)
			}
		}
		if d.Message.Event != notify.SignatureRequest {
			t.Errorf("event %s", d.Message.Event)
		}

		// The stand-in refuses a wrong signature, and a wrong hash, with 422,
		// and takes an eth_sign signature (v 31/32) of an owner.
		keys := e.d.Keys()
		client := safe.NewService(svc.URL, nil, safe.WithAPIKey(apiKey))
		st := safe.NewTx(e.d.Deployment().Pool, nil, bindings.NewLendingPool().PackPause(), acc[0].Nonce)
		h, err := st.Hash(e.d.ChainID(), e.d.Deployment().Safe)
		if err != nil || h != acc[0].SafeTxHash {
			t.Fatalf("hash %s, %v; want %s", h, err, acc[0].SafeTxHash)
		}
		stranger, _ := safe.Sign(key.NewSigner(keys.Users[0]), h)
		stranger.Owner = owners[2] // claims to be carol
		var se *safe.ServiceError
		if err := client.Propose(ctx, e.d.Deployment().Safe, safe.NewProposal(st, h, stranger, "test")); !errors.As(err, &se) || se.Status != 422 {
			t.Fatalf("wrong signer: %v", err)
		}
		carol, _ := safe.Sign(key.NewSigner(keys.SafeOwners[2]), h)
		wrongHash := safe.NewProposal(st, common.Hash{9}, carol, "test")
		if err := client.Propose(ctx, e.d.Deployment().Safe, wrongHash); !errors.As(err, &se) || se.Status != 422 {
			t.Fatalf("wrong hash: %v", err)
		}
		ethSign, _ := key.NewSigner(keys.SafeOwners[2]).SignHash(common.BytesToHash(crypto.Keccak256([]byte("\x19Ethereum Signed Message:\n32"), h[:])))
		ethSign[64] += 31
		if err := client.Propose(ctx, e.d.Deployment().Safe, safe.NewProposal(st, h, safe.Signature{Owner: owners[2], Bytes: ethSign}, "test")); err != nil {
			t.Fatalf("eth_sign signature of an owner: %v", err)
		}
		// Without the API key: 401, not retried, with what to set.
		if err := safe.NewService(svc.URL, nil).Propose(ctx, e.d.Deployment().Safe, safe.NewProposal(st, h, carol, "test")); !errors.As(err, &se) || se.Status != 401 || !strings.Contains(err.Error(), "service_api_key") {
			t.Fatalf("without the API key: %v", err)
		}

		// The stand-in enforces the service's validation, field by field:
		// checksummed addresses in the path and the body, required fields.
		good, err := json.Marshal(safe.NewProposal(st, h, carol, "test"))
		if err != nil {
			t.Fatal(err)
		}
		safeHex := e.d.Deployment().Safe.Hex()
		lower := func(a common.Address) string { return strings.ToLower(a.Hex()) }
		for _, tc := range []struct {
			name, safe string
			body       []byte
			status     int
			want       string
		}{
			{"the client's own proposal", safeHex, good, 201, ""},
			{"path not checksummed", lower(e.d.Deployment().Safe), good, 422, "Checksum address validation failed"},
			{"to not checksummed", safeHex, bytes.Replace(good, []byte(e.d.Deployment().Pool.Hex()), []byte(lower(e.d.Deployment().Pool)), 1), 422,
				`{"to":["Address ` + lower(e.d.Deployment().Pool) + ` is not checksumed"]}`},
			{"sender not checksummed", safeHex, bytes.Replace(good, []byte(owners[2].Hex()), []byte(lower(owners[2])), 1), 422,
				`{"sender":["Address ` + lower(owners[2]) + ` is not checksumed"]}`},
			{"required fields", safeHex, []byte(`{"to":"` + e.d.Deployment().Pool.Hex() + `","value":"0","operation":0}`), 422,
				`{"baseGas":["This field is required."],"contractTransactionHash":["This field is required."],"gasPrice":["This field is required."],"nonce":["This field is required."],"safeTxGas":["This field is required."],"sender":["This field is required."]}`},
		} {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, svc.URL+"/api/v1/safes/"+tc.safe+"/multisig-transactions/", bytes.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+apiKey)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || !strings.Contains(string(got), tc.want) {
				t.Errorf("%s: HTTP %d %s, want %d %s", tc.name, resp.StatusCode, got, tc.status, tc.want)
			}
		}
		// The client writes every address of the body checksummed.
		for _, a := range []common.Address{e.d.Deployment().Pool, owners[2]} {
			if !bytes.Contains(good, []byte(`"`+a.Hex()+`"`)) {
				t.Errorf("proposal body lacks the checksummed %s: %s", a.Hex(), good)
			}
		}
	})
}

// TestCurrentServiceURL: a legacy hosted Safe Transaction Service URL is
// moved to the current host, whose path holds the chain's short name;
// others are kept.
func TestCurrentServiceURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://safe-transaction-mainnet.safe.global":  "https://api.safe.global/tx-service/eth",
		"https://safe-transaction-arbitrum.safe.global": "https://api.safe.global/tx-service/arb1",
		"https://safe-transaction-sepolia.safe.global/": "https://api.safe.global/tx-service/sep",
		"https://api.safe.global/tx-service/base":       "https://api.safe.global/tx-service/base",
		"http://127.0.0.1:8000":                         "http://127.0.0.1:8000",
	} {
		if got := safe.NewService(in, nil).URL(); got != want {
			t.Errorf("NewService(%q).URL() = %q, want %q", in, got, want)
		}
	}
}

// TestSimulationWithoutRole: an executor whose key lacks PAUSER_ROLE is
// stopped by the simulation, whose message names the account and the
// role; nothing is sent.
func TestSimulationWithoutRole(t *testing.T) {
	e := newEnv(t, envOpts{edit: func(s string) string {
		s = strings.Replace(s, "      safe-pause:\n", "      rogue-pause:\n        call: pause()\n        executor: rogue\n      safe-pause:\n", 1)
		return strings.Replace(s, "  - name: safe\n    type: safe\n", "  - name: rogue\n    type: key\n    key: env:BG_TEST_ROGUE_KEY\n  - name: safe\n    type: safe\n", 1)
	}})
	user := e.d.Keys().Users[0]
	t.Setenv("BG_TEST_ROGUE_KEY", "0x"+keyHex(user))
	ctx := e.ctx()
	nonce, _ := e.ec.NonceAt(ctx, devnet.Address(user), nil)
	a := e.request("pool", "rogue-pause", "", "alice")
	a, err := e.r.Execute(ctx, a.ID, false)
	if err != nil || a.Status != respond.StatusFailed {
		t.Fatalf("rogue pause: %+v, %v", a, err)
	}
	for _, want := range []string{"AccessControlUnauthorizedAccount", devnet.Address(user).Hex(), "PAUSER_ROLE", "nothing was sent"} {
		if !strings.Contains(a.Error, want) {
			t.Errorf("failure %q lacks %q", a.Error, want)
		}
	}
	if n, _ := e.ec.NonceAt(ctx, devnet.Address(user), nil); n != nonce {
		t.Fatal("a transaction was sent")
	}
	if sent, _ := e.store.SentTxs(ctx, store.SentTxFilter{ActionID: a.ID}); len(sent) != 0 {
		t.Fatalf("sent %+v", sent)
	}
	// The dry run says the same without storing anything.
	dr, err := e.r.DryRun(ctx, "pool", "rogue-pause")
	if err != nil || dr.OK() || !strings.Contains(dr.Simulation.Reason, "PAUSER_ROLE") {
		t.Fatalf("dry run %+v, %v", dr, err)
	}
	dr, err = e.r.DryRun(ctx, "pool", "pause")
	if err != nil || !dr.OK() || dr.From != e.d.Deployment().Guardian || dr.Simulation.Gas == 0 {
		t.Fatalf("dry run of the guardian's pause %+v, %v", dr, err)
	}
}

// TestApprovals: without auto-containment an action waits for the
// approvals the policy names, from people holding the roles.
func TestApprovals(t *testing.T) {
	e := newEnv(t, envOpts{})
	ctx := e.ctx()
	// The plan's policy: unpause needs two approvals from the commander or
	// the technical lead. carol holds neither role.
	a := e.request("pool", "unpause", "", "carol")
	if a.Status != respond.StatusProposed {
		t.Fatalf("unpause requested by carol: %+v", a)
	}
	if _, err := e.r.Execute(ctx, a.ID, false); !errors.Is(err, respond.ErrNotApproved) {
		t.Fatalf("execute before approval: %v", err)
	}
	approve := func(person string) (store.Action, error) {
		var out store.Action
		err := e.store.Tx(ctx, func(tx store.Tx) (err error) {
			out, err = e.r.Approve(ctx, tx, a.ID, person)
			return err
		})
		return out, err
	}
	if _, err := approve("carol"); !errors.Is(err, respond.ErrForbidden) {
		t.Fatalf("carol approves: %v", err)
	}
	if got, err := approve("alice"); err != nil || got.Status != respond.StatusProposed {
		t.Fatalf("alice approves: %+v, %v", got, err)
	}
	// A replayed approval changes nothing and is not an error.
	if got, err := approve("alice"); err != nil || got.Status != respond.StatusProposed {
		t.Fatalf("alice approves again: %+v, %v", got, err)
	}
	if aps, _ := e.store.Approvals(ctx, a.ID); len(aps) != 1 {
		t.Fatalf("approvals after a replay: %+v", aps)
	}
	got, err := approve("bob")
	if err != nil || got.Status != respond.StatusApproved {
		t.Fatalf("bob approves: %+v, %v", got, err)
	}
	items, _ := e.store.OutboxItems(ctx, store.OutboxFilter{Kind: respond.OutboxKind})
	if len(items) != 1 {
		t.Fatalf("outbox items %+v", items)
	}
	e.drain(ctx)
	// The pool was not paused: unpause is a recorded no-op.
	if got := e.action(a.ID); got.Status != respond.StatusNoop {
		t.Fatalf("unpause of an unpaused pool: %+v", got)
	}
	if got := e.auditSteps(ctx, a.ID); got != "action.proposed,action.approved,action.approved,action.noop" {
		t.Fatalf("audit of the action: %s", got)
	}
}

// TestNonceReconciled: transactions sent from the guardian key by
// someone else, before and in the middle of our sends, never jam us.
func TestNonceReconciled(t *testing.T) {
	e := newEnv(t, envOpts{blockTime: time.Second, tx: txmgr.Config{BumpEvery: 10 * time.Second}})
	ctx := e.ctx()
	guardian := e.d.Keys().Guardian
	gAddr := devnet.Address(guardian)

	// Someone else sends from the key first: the next nonce comes from the
	// chain, not from a counter of ours.
	n0, _ := e.ec.PendingNonceAt(ctx, gAddr)
	waitReceipt(t, e.ec, e.sendFrom(guardian, n0, big.NewInt(params.GWei)))

	// Our pause goes out; before it is mined, someone else replaces it in
	// the pool with their own transaction at the same nonce and a higher
	// fee. Ours is displaced; the responder checks again and re-sends at
	// the next nonce.
	a := e.request("pool", "pause", "", "alice")
	done := e.executeAsync(ctx, a.ID)
	first := e.firstSent()
	ours, _, err := e.ec.TransactionByHash(ctx, first.hash)
	if err != nil {
		t.Fatal(err)
	}
	other := e.sendFrom(guardian, ours.Nonce(), new(big.Int).Mul(ours.GasTipCap(), big.NewInt(3)))
	waitReceipt(t, e.ec, other)
	res := <-done
	if res.err != nil || res.a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pause after displacement: %+v, %v", res.a, res.err)
	}
	if *res.a.Nonce != ours.Nonce()+1 {
		t.Fatalf("re-sent at nonce %d, want %d", *res.a.Nonce, ours.Nonce()+1)
	}
	sent, _ := e.store.SentTxs(ctx, store.SentTxFilter{ActionID: a.ID})
	var statuses []string
	for _, s := range sent {
		statuses = append(statuses, fmt.Sprintf("%d:%s", s.Nonce, s.Status))
	}
	if got := strings.Join(statuses, ","); got != fmt.Sprintf("%d:dropped,%d:mined", ours.Nonce(), ours.Nonce()+1) {
		t.Fatalf("sent transactions %s", got)
	}
	if got := e.auditSteps(ctx, a.ID); !strings.Contains(got, "action.displaced,action.simulated,action.submitted,action.mined") {
		t.Fatalf("steps %s", got)
	}

	// And once more after all that, through the plan's RPC endpoints with
	// failover (a dead endpoint first): the unpause lands at the chain's
	// next nonce.
	e.plan.Networks[0].RPC = append([]plan.Endpoint{mustEndpoint(t, "http://127.0.0.1:1")}, e.plan.Networks[0].RPC...)
	e.open(envOpts{failover: true})
	u := e.request("pool", "unpause", "", "alice")
	var err2 error
	for _, p := range []string{"alice", "bob"} {
		err2 = e.store.Tx(ctx, func(tx store.Tx) (err error) {
			if u.Status == respond.StatusProposed {
				u, err = e.r.Approve(ctx, tx, u.ID, p)
			}
			return err
		})
	}
	if err2 != nil {
		t.Fatal(err2)
	}
	next, _ := e.ec.PendingNonceAt(ctx, gAddr)
	u, err = e.r.Execute(ctx, u.ID, false)
	if err != nil || u.Status != respond.StatusMined || *u.Nonce != next || e.paused() {
		t.Fatalf("unpause through failover: %+v, %v (want nonce %d)", u, err, next)
	}
}

func mustEndpoint(t testing.TB, s string) plan.Endpoint {
	ep, err := plan.ParseEndpoint(s, "", "http", "https", "ws", "wss")
	if err != nil {
		t.Fatal(err)
	}
	return ep
}

// TestFeeBump: a first send with a tip below what the node's miner takes
// stays in the pool; it is replaced with higher fees until it is mined.
func TestFeeBump(t *testing.T) {
	// go-ethereum's miner includes transactions tipping at least 0.001 gwei.
	e := newEnv(t, envOpts{blockTime: time.Second, tx: txmgr.Config{
		PriorityFee: big.NewInt(300_000), BumpPercent: 100, BumpEvery: 1500 * time.Millisecond,
	}})
	ctx := e.ctx()
	a := e.request("pool", "pause", "", "alice")
	a, err := e.r.Execute(ctx, a.ID, false)
	if err != nil || a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pause with a low tip: %+v, %v", a, err)
	}
	sent, _ := e.store.SentTxs(ctx, store.SentTxFilter{ActionID: a.ID})
	var replaced int
	var mined store.SentTx
	for _, s := range sent {
		switch s.Status {
		case txmgr.StatusReplaced:
			replaced++
		case txmgr.StatusMined:
			mined = s
		}
	}
	tip, _ := new(big.Int).SetString(mined.MaxPriorityFeePerGas, 10)
	if replaced < 2 || mined.TxHash != a.TxHash || tip.Cmp(big.NewInt(params.GWei/1000)) < 0 {
		t.Fatalf("sent %+v", sent)
	}
	for i := 1; i < len(sent); i++ {
		prev, _ := new(big.Int).SetString(sent[i-1].MaxPriorityFeePerGas, 10)
		cur, _ := new(big.Int).SetString(sent[i].MaxPriorityFeePerGas, 10)
		if cur.Cmp(new(big.Int).Div(new(big.Int).Mul(prev, big.NewInt(110)), big.NewInt(100))) < 0 || sent[i].Nonce != sent[0].Nonce {
			t.Fatalf("replacement %d: tip %s after %s, nonce %d", i, cur, prev, sent[i].Nonce)
		}
	}
	t.Logf("tips: %d sends, %d replaced, mined with tip %s wei", len(sent), replaced, tip)
}

// reload rewrites the env's plan file with edit and rebuilds the responder.
func (e *env) reload(edit func(string) string) {
	e.t.Helper()
	path := filepath.Join(e.dir, "plan.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(b))), 0o644); err != nil {
		e.t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		e.t.Fatalf("reload plan: %v", err)
	}
	e.plan = p
	e.open(envOpts{})
}

// deploy deploys code with constructor args from the deployer.
func (e *env) deploy(code, args []byte) common.Address {
	e.t.Helper()
	opts := bind.NewKeyedTransactor(e.d.Keys().Deployer, e.d.ChainID())
	opts.GasTipCap, opts.GasFeeCap = big.NewInt(params.GWei), big.NewInt(100*params.GWei)
	addr, tx, err := bind.DeployContract(opts, code, e.ec, args)
	if err != nil {
		e.t.Fatal(err)
	}
	if rc := waitReceipt(e.t, e.ec, tx.Hash()); rc.Status != types.ReceiptStatusSuccessful {
		e.t.Fatal("deployment reverted")
	}
	return addr
}

// TestUpgradeAndRoles: a UUPS upgrade runs only to an implementation with
// code and the expected code hash, and is verified in the proxy's ERC-1967
// slot; role revoke and grant actions change who may pause.
func TestUpgradeAndRoles(t *testing.T) {
	e := newEnv(t, envOpts{})
	ctx := e.ctx()
	keys := e.d.Keys()
	deployer := e.d.Deployment().Deployer
	v1 := e.deploy(common.FromHex(bindings.UpgradeableVaultMetaData.Bin), nil)
	v2 := e.deploy(common.FromHex(bindings.UpgradeableVaultV2MetaData.Bin), nil)
	vault := bindings.NewUpgradeableVault()
	proxy := e.deploy(common.FromHex(bindings.ERC1967ProxyMetaData.Bin), bindings.NewERC1967Proxy().PackConstructor(v1, vault.PackInitialize(deployer)))
	code, err := e.ec.CodeAt(ctx, v2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "abi", "UpgradeableVault.json"), []byte(bindings.UpgradeableVaultMetaData.ABI), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BG_TEST_ADMIN_KEY", keyHex(keys.Deployer))
	pauser := crypto.Keccak256Hash([]byte("PAUSER_ROLE")).Hex()
	guardian := e.d.Deployment().Guardian.Hex()
	nowhere := "0x000000000000000000000000000000000000bEEF"
	e.reload(func(s string) string {
		s = strings.Replace(s, "      safe-pause:\n", fmt.Sprintf(`      revoke-guardian:
        call: revokeRole(bytes32,address)
        args: ["%[1]s", "%[2]s"]
        executor: admin
      grant-guardian:
        call: grantRole(bytes32,address)
        args: ["%[1]s", "%[2]s"]
        executor: admin
      safe-pause:
`, pauser, guardian), 1)
		s = strings.Replace(s, "  - name: dusd\n", fmt.Sprintf(`  - name: vault
    network: devnet
    address: "%[1]s"
    abi: abi/UpgradeableVault.json
    executor: admin
    actions:
      upgrade:
        call: upgradeToAndCall(address,bytes)
        args: ["%[2]s", "0x"]
        upgrade: {implementation: "%[2]s", code_hash: "%[3]s"}
      upgrade-bad-hash:
        call: upgradeToAndCall(address,bytes)
        args: ["%[2]s", "0x"]
        upgrade: {implementation: "%[2]s", code_hash: "%[4]s"}
      upgrade-no-code:
        call: upgradeToAndCall(address,bytes)
        args: ["%[5]s", "0x"]
        upgrade: {implementation: "%[5]s"}
  - name: dusd
`, proxy.Hex(), v2.Hex(), crypto.Keccak256Hash(code).Hex(), common.Hash{1}.Hex(), nowhere), 1)
		return strings.Replace(s, "  - name: safe\n    type: safe\n", "  - name: admin\n    type: key\n    key: env:BG_TEST_ADMIN_KEY\n  - name: safe\n    type: safe\n", 1)
	})
	exec := func(contract, action string) store.Action {
		t.Helper()
		a := e.request(contract, action, "", "alice")
		a, err := e.r.Execute(ctx, a.ID, false)
		if err != nil {
			t.Fatalf("%s.%s: %v", contract, action, err)
		}
		return a
	}
	implementation := func() common.Address {
		v, err := e.ec.StorageAt(ctx, proxy, common.HexToHash("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return common.BytesToAddress(v)
	}

	for _, c := range []struct{ action, want string }{
		{"upgrade-no-code", "has no code: refusing"},
		{"upgrade-bad-hash", "refusing to upgrade"},
	} {
		a := exec("vault", c.action)
		if a.Status != respond.StatusFailed || !strings.Contains(a.Error, c.want) || a.Kind != respond.KindUpgrade {
			t.Fatalf("%s: %+v", c.action, a)
		}
		if sent, _ := e.store.SentTxs(ctx, store.SentTxFilter{ActionID: a.ID}); len(sent) != 0 || implementation() != v1 {
			t.Fatalf("%s sent %d transactions", c.action, len(sent))
		}
	}
	a := exec("vault", "upgrade")
	if a.Status != respond.StatusMined || implementation() != v2 {
		t.Fatalf("upgrade: %+v, implementation %s", a, implementation())
	}
	out, err := e.ec.CallContract(ctx, ethereum.CallMsg{To: &proxy, Data: vault.PackVersion()}, nil)
	if v, _ := vault.UnpackVersion(out); err != nil || v.Int64() != 2 {
		t.Fatalf("version after the upgrade: %v, %v", v, err)
	}
	if !strings.Contains(e.auditSteps(ctx, a.ID), "action.verified") {
		t.Error("the upgrade was not verified in the proxy's slot")
	}

	if a := exec("pool", "revoke-guardian"); a.Status != respond.StatusMined || a.Kind != respond.KindRevokeRole {
		t.Fatalf("revoke: %+v", a)
	}
	dr, err := e.r.DryRun(ctx, "pool", "pause")
	if err != nil || dr.OK() || !strings.Contains(dr.Simulation.Reason, "PAUSER_ROLE") || !strings.Contains(dr.Simulation.Reason, guardian) {
		t.Fatalf("pause by the guardian after the revoke: %+v, %v", dr.Simulation, err)
	}
	if a := exec("pool", "grant-guardian"); a.Status != respond.StatusMined || a.Kind != respond.KindGrantRole {
		t.Fatalf("grant: %+v", a)
	}
	if a := exec("pool", "pause"); a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pause after the grant: %+v", a)
	}
}

// TestPlanFees: the containment transaction's fees are the plan's. With
// networks[].fees {max_priority_fee: 7 gwei, max_fee: 12 gwei}, the pause
// goes out with a 7 gwei tip; left unmined (no block comes), it is
// replaced with higher fees up to 12 gwei and never above; the fee cap
// reached is recorded; the next block mines it.
func TestPlanFees(t *testing.T) {
	tip, maxFee := big.NewInt(7*params.GWei), big.NewInt(12*params.GWei)
	e := newEnv(t, envOpts{
		blockTime: time.Hour, // blocks only when the test commits one
		failover:  true,
		tx:        txmgr.Config{BumpEvery: 200 * time.Millisecond},
		edit: func(s string) string {
			return strings.Replace(s, "    poll_interval: 1s\n", "    poll_interval: 1s\n    fees: {max_priority_fee: 7 gwei, max_fee: 12 gwei}\n", 1)
		},
	})
	if f := e.plan.Networks[0].Fees; f.MaxPriorityFee.Int().Cmp(tip) != 0 || f.MaxFee.Int().Cmp(maxFee) != 0 {
		t.Fatalf("the plan's fees were not set: %+v", f)
	}
	ctx := e.ctx()
	a := e.request("pool", "pause", "", "alice")
	done := e.executeAsync(ctx, a.ID)
	first := e.firstSent()
	steps := func() string { return e.auditSteps(ctx, a.ID) }
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(steps(), "action.fee_cap"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the fee cap was never reached; steps %s", steps())
		}
	}
	e.d.Commit()
	var res executed
	select {
	case res = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("not mined after the block")
	}
	if res.err != nil || res.a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pause: %+v, %v", res.a, res.err)
	}
	sent, err := e.store.SentTxs(ctx, store.SentTxFilter{ActionID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent) < 2 {
		t.Fatalf("%d transactions sent, want replacements: %+v", len(sent), sent)
	}
	if sent[0].TxHash != strings.ToLower(first.hash.Hex()) || sent[0].MaxPriorityFeePerGas != tip.String() {
		t.Fatalf("first send %s with tip %s wei, want %s with the plan's %s", sent[0].TxHash, sent[0].MaxPriorityFeePerGas, first.hash, tip)
	}
	for i, s := range sent {
		tipI, _ := new(big.Int).SetString(s.MaxPriorityFeePerGas, 10)
		capI, _ := new(big.Int).SetString(s.MaxFeePerGas, 10)
		if capI.Cmp(maxFee) > 0 || tipI.Cmp(capI) > 0 || tipI.Cmp(tip) < 0 {
			t.Fatalf("send %d: tip %s, fee cap %s wei; want %s ≤ tip ≤ fee cap ≤ %s", i, tipI, capI, tip, maxFee)
		}
	}
	// Replacements stopped only because the next one (10% more, the
	// least a node accepts) would have gone above max_fee.
	last, _ := new(big.Int).SetString(sent[len(sent)-1].MaxFeePerGas, 10)
	if next := new(big.Int).Div(new(big.Int).Mul(last, big.NewInt(110)), big.NewInt(100)); next.Cmp(maxFee) <= 0 {
		t.Fatalf("replacements stopped at a fee cap of %s wei, below the plan's max_fee %s", last, maxFee)
	}
	mined, _, err := e.ec.TransactionByHash(ctx, common.HexToHash(res.a.TxHash))
	if err != nil {
		t.Fatal(err)
	}
	if mined.GasFeeCap().Cmp(maxFee) > 0 || mined.GasTipCap().Cmp(tip) < 0 {
		t.Fatalf("mined pause: tip %s, fee cap %s", mined.GasTipCap(), mined.GasFeeCap())
	}
	t.Logf("%d sends; mined with tip %s wei, fee cap %s wei; steps %s", len(sent), mined.GasTipCap(), mined.GasFeeCap(), steps())
}

// TestReceiptNotYetAvailableIsPending: a node that answers "receipt not
// yet available" (rather than null) for our own pending pause is telling
// us the pause is pending, not failing: the endpoint is not set aside, the
// sender keeps polling it, and the pause is recognised as mined as soon as
// a block includes it.
func TestReceiptNotYetAvailableIsPending(t *testing.T) {
	e := newEnv(t, envOpts{blockTime: time.Hour})
	proxy := chaintest.NewProxy(t, e.d.HTTPURL(), 1)
	proxy.SetFaults(chaintest.Faults{PendingReceipt: "receipt not yet available"})
	e.plan.Networks[0].RPC = []plan.Endpoint{mustEndpoint(t, proxy.URL())}
	e.open(envOpts{failover: true, tx: txmgr.Config{BumpEvery: time.Minute}})
	ctx := e.ctx()

	a := e.request("pool", "pause", "", "alice")
	done := e.executeAsync(ctx, a.ID)
	// Let the sender poll the pending pause's receipt a while: before, each
	// answer set the only endpoint aside for longer (up to 30s).
	for deadline := time.Now().Add(20 * time.Second); proxy.Injected()[chaintest.FaultNoReceiptYet] < 10; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the pending pause's receipt was asked %d times in 20s", proxy.Injected()[chaintest.FaultNoReceiptYet])
		}
	}
	mined := time.Now()
	e.d.Commit()
	var res executed
	select {
	case res = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("pause not recognised as mined 30s after its block")
	}
	took := time.Since(mined)
	if res.err != nil || res.a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pause: %+v, %v", res.a, res.err)
	}
	if took > 2*time.Second {
		t.Fatalf("pause recognised %s after its block; the receipt is polled every %s", took, txmgr.DefaultPoll)
	}
	if strings.Contains(e.logs.String(), "set aside") {
		t.Fatalf("the endpoint was set aside for a pending receipt:\n%s", e.logs)
	}
}

// TestReceiptLookupFailingIsNotDisplacement: once our pause is mined the
// sender's nonce moves on; a node that then fails the receipt lookups (a
// provider's timeout under load), or answers null because its receipts lag
// its state (anvil under load did: a drill's pause was mined in its block
// while the receipt query still said null), must not make the sender take
// the moved nonce for someone else's transaction: that ended the drill's
// pause as "noop" (the contract paused by our own transaction, recorded as
// not ours). The pause is recorded as mined, by its own transaction, once a
// lookup answers.
func TestReceiptLookupFailingIsNotDisplacement(t *testing.T) {
	for _, c := range []struct {
		name   string
		faults chaintest.Faults
	}{
		{"lookups fail", chaintest.Faults{MethodErrors: map[string]string{"eth_getTransactionReceipt": "upstream request timeout"}}},
		{"receipts lag the state", chaintest.Faults{NullReceipts: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, envOpts{blockTime: time.Hour})
			proxy := chaintest.NewProxy(t, e.d.HTTPURL(), 1)
			e.plan.Networks[0].RPC = []plan.Endpoint{mustEndpoint(t, proxy.URL())}
			e.open(envOpts{failover: true, tx: txmgr.Config{BumpEvery: time.Minute}})
			ctx := e.ctx()

			a := e.request("pool", "pause", "", "alice")
			done := e.executeAsync(ctx, a.ID)
			first := e.firstSent()
			proxy.SetFaults(c.faults)
			e.d.Commit()
			if rc := waitReceipt(t, e.ec, first.hash); rc.Status != types.ReceiptStatusSuccessful {
				t.Fatal("pause reverted")
			}
			// The sender sees the nonce used while no receipt lookup finds
			// ours (for less than txmgr.DefaultReceiptGrace).
			calls := proxy.Calls("eth_getTransactionReceipt")
			for deadline := time.Now().Add(20 * time.Second); proxy.Calls("eth_getTransactionReceipt") < calls+5; time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the sender stopped asking for the receipt")
				}
				select {
				case res := <-done:
					t.Fatalf("the sender concluded while no receipt lookup found ours: %+v, %v; steps %s", res.a, res.err, e.auditSteps(ctx, a.ID))
				default:
				}
			}
			proxy.SetFaults(chaintest.Faults{})
			var res executed
			select {
			case res = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("pause not recognised as mined 30s after the node answered again")
			}
			if res.err != nil || res.a.Status != respond.StatusMined || res.a.TxHash != strings.ToLower(first.hash.Hex()) || !e.paused() {
				t.Fatalf("pause: %+v, %v (want mined by %s)", res.a, res.err, first.hash.Hex())
			}
			if got := e.auditSteps(ctx, a.ID); strings.Contains(got, "displaced") {
				t.Fatalf("our own mined pause taken for another transaction: %s", got)
			}
		})
	}
}

// TestConfigErrorAlarmedAndRetriedAtOnce: a containment step whose
// executor cannot be built (its key's variable unset) tells the internal
// channels at once, on the first failed attempt, once; and once the cause
// is fixed, a restart (which makes pending containment due now) carries it
// out at once instead of at the backoff its failure stored.
func TestConfigErrorAlarmedAndRetriedAtOnce(t *testing.T) {
	os.Unsetenv("BG_TEST_GUARDIAN_KEY")
	e := newEnv(t, envOpts{edit: func(s string) string {
		s = strings.Replace(s, "    key: file:keys/guardian.key\n", "    key: env:BG_TEST_GUARDIAN_KEY\n", 1)
		return s + "\nchannels:\n  - name: ops\n    type: webhook\n    url: http://127.0.0.1:9/hook\n"
	}})
	ctx := e.ctx()
	_, acts := e.openIncident(ctx, "pool-reentrancy", 100, common.Hash{1})
	if len(acts) == 0 {
		t.Fatal("no containment proposed")
	}
	// The containment lane alone (the alarms stay queued, to be read).
	lanes := []outbox.Lane{{Name: "containment", Kinds: []string{respond.OutboxKind}}}
	r := outbox.New(e.store, map[string]outbox.Handler{respond.OutboxKind: e.r},
		outbox.Config{Lanes: lanes, BaseDelay: time.Hour, MaxDelay: time.Hour, Rand: func() float64 { return 0 }}, nil)
	run := func() int {
		t.Helper()
		var n int
		for {
			m, err := r.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if m == 0 {
				return n
			}
			n += m
		}
	}
	if n := run(); n != 1 {
		t.Fatalf("attempts %d, want 1", n)
	}
	alarms := func() []store.OutboxItem {
		items, err := e.store.OutboxItems(ctx, store.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []store.OutboxItem
		for _, it := range items {
			if strings.HasPrefix(it.Key, "containment-config/") || strings.Contains(string(it.Payload), "containment-config/") {
				out = append(out, it)
			}
		}
		return out
	}
	got := alarms()
	if len(got) != 1 || !strings.Contains(string(got[0].Payload), "BG_TEST_GUARDIAN_KEY") || !strings.Contains(string(got[0].Payload), "Containment blocked by configuration") {
		t.Fatalf("alarms after the first attempt: %+v", got)
	}
	// The backoff holds the step for an hour: nothing runs now.
	if n := run(); n != 0 {
		t.Fatalf("ran %d before the backoff", n)
	}
	// The key is set and breakglass restarts: pending containment is due
	// at once, and the pause is mined.
	t.Setenv("BG_TEST_GUARDIAN_KEY", keyHex(e.d.Keys().Guardian))
	e.open(envOpts{})
	r = outbox.New(e.store, map[string]outbox.Handler{respond.OutboxKind: e.r}, outbox.Config{Lanes: lanes}, nil)
	if err := e.store.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.DueNow(ctx, []string{respond.OutboxKind})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n := run(); n != 1 {
		t.Fatalf("attempts after the restart %d, want 1", n)
	}
	if a := e.action(acts[0].ID); a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("after the restart: %+v paused=%v", a, e.paused())
	}
	if len(alarms()) != 1 {
		t.Errorf("alarms %d, want 1 (told once)", len(alarms()))
	}
}
