// Package demo is `breakglass demo`: the whole response, end to end, on the
// embedded devnet. It starts the chain, deploys the demo protocol, runs the
// daemon in-process (the same code as `breakglass run`) on the devnet's
// plan with a SQLite file, plays benign traffic and then an attack, and
// shows each step as it happens: detection, incident, pause, notifications,
// forensics, compensation, post-mortem and obligations. Every artifact is
// written to the output directory.
package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/guard"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// Config is what a demo run needs.
type Config struct {
	// Scenario is one of devnet.Scenarios(), or "all".
	Scenario string
	// Out is the directory of the artifacts (one subdirectory per scenario
	// with "all").
	Out string
	// W receives the live output.
	W io.Writer
	// Terminal enables colours and the progress indicator.
	Terminal bool
	// BlockTime is the devnet's block time (default 1s).
	BlockTime time.Duration
	// Mempool turns on pre-execution protection in the demo's plan
	// (networks[].mempool): the exploit is seen pending and the pause sent
	// ahead of it.
	Mempool bool
	// Log receives the components' logs (default: discarded).
	Log *slog.Logger
	// Stay keeps the daemon and its war room up after the demo, until
	// the context ends (Ctrl-C), to look around in a browser.
	Stay bool
}

// Result is the outcome of one scenario.
type Result struct {
	Scenario string
	Out      string
	Detected bool
	Paused   bool
	// Prevented is true when the exploit was stopped before it was
	// mined: the pause landed ahead of it in its block, it reverted, and
	// the pool lost nothing (pre-execution protection, Config.Mempool).
	Prevented bool
	// PreExecution is true when the first alert was raised on the pending
	// exploit: TimeToDetect and TimeToContain then run from the exploit
	// seen pending.
	PreExecution bool
	// Protected is the value protected: what the prevented exploit's
	// simulation would have taken from the protected contracts, as the
	// incident's timeline records it (guard.KindOutcome).
	Protected    []guard.Value
	IncidentID   string
	Status       incident.Status
	ExploitBlock uint64
	ExploitTx    common.Hash
	AlertBlock   uint64
	PauseBlock   uint64
	PauseTx      common.Hash
	// TimeToDetect runs from the exploit block's arrival to the alert
	// stored; TimeToContain to the pause mined.
	TimeToDetect  time.Duration
	TimeToContain time.Duration
	// Loss is the devnet's own measurement of what the pool lost, per asset
	// (the zero address is ETH).
	Loss map[common.Address]*big.Int
	// Saved is what the paused pool still holds, per asset.
	Saved map[common.Address]*big.Int
	// Assets names the assets of Loss and Saved.
	Assets     map[common.Address]string
	Root       common.Hash
	Artifacts  []string
	Failure    string
	Elapsed    time.Duration
	Deliveries int
}

// Run plays the configured scenario(s) and returns their results. The error
// is for a demo that could not run at all; a scenario whose exploit was not
// detected or whose pool was not paused has a Failure in its Result.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	if cfg.BlockTime == 0 {
		cfg.BlockTime = time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	scenarios := []string{cfg.Scenario}
	if cfg.Scenario == "all" {
		scenarios = devnet.Scenarios()
	} else if err := devnet.CheckScenario(cfg.Scenario); err != nil {
		return nil, err
	}
	var out []Result
	for _, sc := range scenarios {
		dir := cfg.Out
		if len(scenarios) > 1 {
			dir = filepath.Join(cfg.Out, sc)
		}
		r, err := runOne(ctx, cfg, sc, dir)
		if err != nil {
			return out, fmt.Errorf("scenario %s: %w", sc, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// run is one scenario's state.
type run struct {
	// warRoom is the daemon's war room (http://ADDR/).
	warRoom string
	cfg     Config
	sc      string
	out     string
	start   time.Time
	ui      *ui

	dn    *devnet.Devnet
	plan  *plan.Plan
	store store.Store
	sink  *sink
	mgr   *incident.Manager

	mu      sync.Mutex
	arrived map[uint64]time.Time // when each block was processed
	alerts  []store.Alert
	opened  string
	stored  chan struct{}
	// preSeen is when the first pending transaction that raised alerts
	// was seen, and preTook how long until its alerts were stored.
	preSeen time.Time
	preTook time.Duration
}

// preExecution reports whether alerts hold a pre-execution alert (raised on
// a pending transaction's simulation).
func preExecution(alerts []store.Alert) bool {
	for _, a := range alerts {
		var f map[string]any
		if json.Unmarshal(a.Fields, &f) == nil && f[guard.FieldPreExecution] == true {
			return true
		}
	}
	return false
}

// Committed implements pipeline.Observer.
func (r *run) Committed(b pipeline.Batch, took time.Duration) {
	if b.Block == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if preExecution(b.Fresh) {
		// A pending transaction's simulation, not a block: took runs from
		// the transaction seen pending to its alerts stored.
		if r.preSeen.IsZero() {
			r.preSeen, r.preTook = time.Now().Add(-took), took
		}
	} else {
		r.arrived[b.Block.Number()] = time.Now().Add(-took)
	}
	r.alerts = append(r.alerts, b.Fresh...)
	for _, o := range b.Outcomes {
		if o.Opened && r.opened == "" {
			r.opened = o.IncidentID
		}
	}
	select {
	case r.stored <- struct{}{}:
	default:
	}
}

func runOne(ctx context.Context, cfg Config, sc, dir string) (res Result, err error) {
	res = Result{Scenario: sc, Out: dir}
	r := &run{cfg: cfg, sc: sc, out: dir, start: time.Now(), arrived: map[uint64]time.Time{}, stored: make(chan struct{}, 1)}
	r.ui = newUI(cfg.W, cfg.Terminal, r.start)
	defer func() { res.Elapsed = time.Since(r.start) }()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	r.ui.title(fmt.Sprintf("breakglass demo: %s — %s", sc, devnet.ScenarioDescription(sc)))

	// The chain, the protocol and the Safe.
	r.dn, err = devnet.Start(ctx, devnet.Config{BlockTime: cfg.BlockTime, Log: cfg.Log})
	if err != nil {
		return res, err
	}
	defer r.dn.Close()
	dep := r.dn.Deployment()
	r.ui.step(0, "devnet ready", fmt.Sprintf("%s · pool %s · 2-of-3 Safe %s", r.dn.HTTPURL(), short(dep.Pool.Hex()), short(dep.Safe.Hex())))

	// The plan, with a signed webhook to the local sink.
	secret := []byte(fmt.Sprintf("demo-%d", time.Now().UnixNano()))
	if r.sink, err = newSink(filepath.Join(dir, "notifications"), secret); err != nil {
		return res, err
	}
	defer r.sink.close()
	if r.plan, err = writePlan(r.dn, dir, r.sink.url, string(secret), cfg.Mempool); err != nil {
		return res, err
	}
	dbPath := filepath.Join(dir, "breakglass.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(dbPath + suffix)
	}
	if r.store, err = sqlite.Open(ctx, dbPath, store.Options{}); err != nil {
		return res, err
	}
	defer r.store.Close()
	r.ui.step(0, "plan loaded", fmt.Sprintf("%s · %d detectors · SQLite %s", filepath.Join(dir, "plan.yaml"), len(r.plan.Detectors), dbPath))

	// The daemon, in-process: the code of `breakglass run`.
	dctx, stopDaemon := context.WithCancel(ctx)
	defer stopDaemon()
	ready := make(chan string, 1)
	d, err := daemon.New(daemon.Config{
		Plan: r.plan, Store: r.store, Listen: "127.0.0.1:0", Log: cfg.Log, Observer: r,
		Ready: func(addr string) { ready <- addr }, Tick: 200 * time.Millisecond, OutboxPoll: 50 * time.Millisecond,
	})
	if err != nil {
		return res, err
	}
	r.mgr = d.Incidents()
	derr := make(chan error, 1)
	go func() { derr <- d.Run(dctx) }()
	select {
	case addr := <-ready:
		r.ui.step(0, "daemon running", "API on "+addr+" · following devnet")
		r.ui.step(0, "war room", fmt.Sprintf("http://%s/ · sign in with the token in %s (alice, the commander)", addr, filepath.Join(dir, "keys", "alice.token")))
		r.warRoom = "http://" + addr + "/"
	case err := <-derr:
		return res, fmt.Errorf("daemon: %w", err)
	}

	// Benign traffic for a few blocks; it stops when the attack is mined.
	traffic, err := r.dn.StartBenign(ctx, 4)
	if err != nil {
		return res, err
	}
	head, _ := r.dn.Client().BlockNumber(ctx)
	r.ui.wait("benign traffic", func() bool {
		n, _ := r.dn.Client().BlockNumber(ctx)
		return n >= head+3
	}, 30*time.Second)
	st := traffic.Stats()
	r.ui.step(head+3, "benign traffic", fmt.Sprintf("%d transactions from %d users, %d reverted", st.Sent, devnet.BenignUsers, st.Reverted))

	// The attack.
	ex, err := r.dn.RunScenario(ctx, sc)
	if err != nil {
		return res, err
	}
	res.ExploitBlock, res.ExploitTx = ex.Block, ex.Tx
	traffic.Stop()
	res.Loss = ex.Loss()
	res.Assets = map[common.Address]string{{}: "ETH", dep.Stable: "dUSD", dep.Collateral: "dCOL"}
	what := "exploit mined"
	if ex.Reverted {
		what = "exploit reverted"
	}
	r.ui.step(ex.Block, what, fmt.Sprintf("tx %s by %s · pool lost %s", short(ex.Tx.Hex()), short(ex.Attacker.Hex()), formatLoss(res.Loss, res.Assets)))

	// Detection and the incident.
	ok := r.ui.wait("waiting for detection", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.opened != ""
	}, 30*time.Second)
	if !ok {
		res.Failure = "the exploit was not detected within 30 s"
		return res, nil
	}
	res.Detected = true
	r.mu.Lock()
	res.IncidentID = r.opened
	var first store.Alert
	for _, a := range r.alerts {
		if a.IncidentID == r.opened || first.ID == 0 {
			first = a
			break
		}
	}
	arrived := r.arrived[first.BlockNumber]
	res.TimeToDetect = time.Since(arrived)
	if preExecution([]store.Alert{first}) {
		arrived, res.TimeToDetect, res.PreExecution = r.preSeen, r.preTook, true
	}
	r.mu.Unlock()
	res.AlertBlock = first.BlockNumber
	detectors := r.detectorsAt(ex.Block)
	r.ui.step(first.BlockNumber, "alert", fmt.Sprintf("%s (%s) · %s", strings.Join(detectors, ", "), first.Severity, first.Summary))
	inc, err := r.store.Incident(ctx, res.IncidentID)
	if err != nil {
		return res, err
	}
	r.ui.step(first.BlockNumber, "incident opened", fmt.Sprintf("%s [%s] · commander %s · tech lead %s · comms %s", inc.ID, inc.Severity, inc.Roles[plan.RoleIncidentCommander], inc.Roles[plan.RoleTechnicalLead], inc.Roles[plan.RoleCommunicationsLead]))

	// Containment.
	if err := r.contain(ctx, &res, arrived); err != nil {
		return res, err
	}
	res.Prevented = ex.Reverted && len(res.Loss) == 0 && res.PauseTx != (common.Hash{}) && res.PauseBlock == res.ExploitBlock
	if res.PreExecution {
		r.ui.wait("reading the value protected", func() bool {
			res.Protected = r.protected(ctx, res.IncidentID, ex.Tx)
			return res.Protected != nil
		}, 5*time.Second)
		if len(res.Protected) > 0 {
			var vs []string
			for _, v := range res.Protected {
				vs = append(vs, guard.FormatValue(v))
			}
			r.ui.step(ex.Block, "value protected", strings.Join(vs, ", "))
		}
	}

	// Notifications delivered.
	r.ui.wait("delivering notifications", func() bool {
		items, _ := r.store.OutboxItems(ctx, store.OutboxFilter{IncidentID: res.IncidentID, Statuses: []store.OutboxStatus{store.OutboxPending}})
		return len(items) == 0 && len(r.sink.messages()) > 0
	}, 20*time.Second)
	msgs := r.sink.messages()
	res.Deliveries = len(msgs)
	var kinds []string
	for _, m := range msgs {
		kinds = append(kinds, string(m.Event))
	}
	r.ui.step(0, "notifications delivered", fmt.Sprintf("%d signed webhook message(s): %s", len(msgs), strings.Join(uniq(kinds), ", ")))

	// After the bleeding stopped: forensics, compensation, reports.
	if err := r.after(ctx, &res, ex); err != nil {
		return res, err
	}
	if cfg.Stay {
		r.ui.step(0, "war room open", r.warRoom+"incidents/"+res.IncidentID+" · Ctrl-C to stop")
		<-ctx.Done()
		ctx = context.WithoutCancel(ctx)
	}
	stopDaemon()
	if err := <-derr; err != nil {
		return res, fmt.Errorf("daemon: %w", err)
	}
	if inc, err := r.store.Incident(ctx, res.IncidentID); err == nil {
		res.Status = inc.Status
	}
	if !res.Paused {
		res.Failure = "the pool did not end paused"
	}
	return res, nil
}

// detectorsAt lists the detectors that fired in block n.
func (r *run) detectorsAt(n uint64) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ds []string
	for _, a := range r.alerts {
		if a.BlockNumber == n {
			ds = append(ds, a.Detector)
		}
	}
	return uniq(ds)
}

// writePlan writes examples/demo/plan.yaml, filled in by the devnet with
// its addresses and the demo's webhook, obligations and grouping, and loads
// it through the same loader as `breakglass run`.
func writePlan(dn *devnet.Devnet, dir, sinkURL, secret string, mempool bool) (*plan.Plan, error) {
	path := filepath.Join(dir, "plan.yaml")
	if err := dn.WritePlanWith(path, devnet.PlanExtras{
		WebhookURL: sinkURL, WebhookSecretFile: "keys/webhook.secret",
		GroupByContract: true, Obligations: true, Mempool: mempool, APITokens: true,
	}); err != nil {
		return nil, err
	}
	// The war room's sign-in tokens: random, kept next to the plan.
	for _, who := range []string{"alice", "bob", "carol"} {
		tok := make([]byte, 16)
		if _, err := rand.Read(tok); err != nil {
			return nil, err
		}
		file := filepath.Join(dir, "keys", who+".token")
		if err := os.WriteFile(file, []byte(hex.EncodeToString(tok)+"\n"), 0o600); err != nil {
			return nil, err
		}
		if err := os.Chmod(file, 0o600); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "keys", "webhook.secret"), []byte(secret), 0o600); err != nil {
		return nil, err
	}
	return plan.Load(path)
}

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func uniq(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func short(h string) string {
	if len(h) > 14 {
		return h[:8] + "…" + h[len(h)-4:]
	}
	return h
}

// protected reads the value protected from the incident's timeline: the
// pre-execution outcome of the pending exploit tx; nil until it is there.
func (r *run) protected(ctx context.Context, incidentID string, tx common.Hash) []guard.Value {
	evs, err := r.store.Timeline(ctx, incidentID)
	if err != nil {
		return nil
	}
	for _, ev := range evs {
		var o guard.OutcomeData
		if ev.Kind == guard.KindOutcome && json.Unmarshal(ev.Data, &o) == nil && common.HexToHash(o.Tx) == tx {
			if o.ValueProtected == nil {
				return []guard.Value{}
			}
			return o.ValueProtected
		}
	}
	return nil
}
