// Package drill is `breakglass drill`: the user's own plan, tested end to
// end on a fork of its network. It starts anvil forking the network at a
// block (or forking the embedded devnet), runs the daemon in-process with
// the plan pointed at the fork (notifications to a local sink unless told
// otherwise), plays generic attack effects with anvil's impersonation and
// state cheats — value leaving each protected contract, a privileged
// change, a large mint, a burst of small drains — and measures, for each,
// what was detected, who was paged and whether the plan's executor paused
// the contract, with the times. A benign backtest of the last real blocks
// counts false alarms. The report is written as markdown and JSON.
package drill

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	anvilpkg "github.com/breakglass-dev/breakglass/internal/anvil"
	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// Config is what a drill needs.
type Config struct {
	// Plan is the user's plan, as loaded.
	Plan *plan.Plan
	// Network is the plan's network to drill (default: the network of its
	// first contract with actions).
	Network string
	// ForkURL is the node forked (default: the network's first HTTP(S)
	// RPC endpoint; the embedded devnet for the devnet's chain).
	ForkURL string
	// Block is the block forked at (nil: the latest).
	Block *uint64
	// Scenario is one of Effects() or "all".
	Scenario string
	// Benign is how many of the last real blocks are backtested to count
	// false alarms (0: none).
	Benign int
	// Out is the report's directory.
	Out string
	// LiveNotify keeps the plan's channels: the drill's notifications go
	// to the real people. By default they go to a local sink.
	LiveNotify bool
	// Anvil is anvil's binary (default: FindAnvil).
	Anvil string
	// Wait bounds the wait for detection and for containment of each
	// effect (default 30s).
	Wait time.Duration
	// W receives a line per step (optional).
	W io.Writer
	// Log receives the components' logs (default: discarded).
	Log *slog.Logger
	// Impersonate names key executors whose keys are not here, with their
	// addresses: the daemon runs them with a stand-in key, and the drill
	// makes their containment calls as the address (the same anvil_setCode
	// forwarder as the effects), which the report says.
	Impersonate map[string]common.Address
}

// probeTimeout bounds the first questions to the forked node.
const probeTimeout = 5 * time.Second

// Run plays the drill and returns its report, written to cfg.Out. The
// error is for a drill that could not run at all (bad input, no anvil, a
// node that does not answer); an effect that was not detected or not
// contained is in the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Plan == nil {
		return nil, errors.New("drill: a plan is required")
	}
	if cfg.Wait == 0 {
		cfg.Wait = 30 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.W == nil {
		cfg.W = io.Discard
	}
	kinds := Effects()
	if cfg.Scenario != "" && cfg.Scenario != "all" {
		if !slices.Contains(kinds, cfg.Scenario) {
			return nil, fmt.Errorf("--scenario %q: want one of %s, or all", cfg.Scenario, strings.Join(kinds, ", "))
		}
		kinds = []string{cfg.Scenario}
	}
	net, err := pickNetwork(cfg.Plan, cfg.Network)
	if err != nil {
		return nil, err
	}
	if err := checkImpersonate(cfg.Plan, net.Name, cfg.Impersonate); err != nil {
		return nil, err
	}
	if err := checkSecrets(cfg.Plan, cfg.LiveNotify, cfg.Impersonate); err != nil {
		return nil, err
	}
	bin := cfg.Anvil
	if bin == "" {
		if bin, err = anvilpkg.Find(); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, err
	}
	rep := &Report{Plan: cfg.Plan.Path, PlanHash: cfg.Plan.Hash, Network: net.Name, ChainID: net.ChainID, Started: time.Now().UTC(), Notify: "local sink (signed webhook)"}
	if cfg.LiveNotify {
		rep.Notify = "live: the plan's own channels"
	}
	d := &drill{cfg: cfg, net: net, bin: bin, rep: rep}
	if net.Confirmations > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the plan waits for %d confirmation(s) on %s; the fork mines only on transactions, so the drill follows it with none: add %d block time(s) to each detect time", net.Confirmations, net.Name, net.Confirmations))
	}
	for _, name := range slices.Sorted(maps.Keys(cfg.Impersonate)) {
		rep.Notes = append(rep.Notes, fmt.Sprintf("executor %s's key is not here (--impersonate-executor): the daemon ran it with a stand-in key, "+
			"and the drill made its containment calls as its address %s (anvil_setCode forwarder) — this shows the address can pause, "+
			"not that its key is at hand (not timed)", name, cfg.Impersonate[name].Hex()))
	}
	if net.Mempool.Enabled {
		rep.Notes = append(rep.Notes, "pre-execution protection (mempool) is not drilled: the effects are mined at once on the fork")
	}

	upstream := cfg.ForkURL
	if upstream == "" && net.ChainID == devnet.ChainID {
		dn, err := d.startDevnet(ctx)
		if err != nil {
			return nil, err
		}
		defer dn.Close()
		upstream = dn.HTTPURL()
		rep.Devnet = true
	} else if upstream == "" {
		if upstream, err = httpEndpoint(net); err != nil {
			return nil, err
		}
	}
	d.upstream = upstream
	rep.Upstream = chain.RedactURL(upstream)
	err = d.probe(ctx)
	if d.up != nil {
		defer d.up.Close()
	}
	if err != nil {
		return nil, err
	}
	d.say("fork", fmt.Sprintf("%s (chain %d) at block %d, anvil %s", rep.Upstream, net.ChainID, rep.ForkBlock, bin))

	if cfg.Benign > 0 {
		rep.Benign = d.benign(ctx)
	}
	r := reader{eth: d.up, block: new(big.Int).SetUint64(rep.ForkBlock), from: minStart(cfg.Plan, net.Name)}
	effects := planEffects(ctx, cfg.Plan, net.Name, r, kinds)
	for i, e := range effects {
		res := d.play(ctx, i+1, e)
		rep.Effects = append(rep.Effects, res)
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
	}
	rep.Finished = time.Now().UTC()
	rep.summarize()
	if err := rep.Write(cfg.Out); err != nil {
		return rep, err
	}
	d.say("report", filepath.Join(cfg.Out, "drill.md")+" · "+rep.Summary)
	return rep, nil
}

// checkImpersonate checks that each impersonated executor is a key
// executor of the network.
func checkImpersonate(p *plan.Plan, network string, imp map[string]common.Address) error {
	for _, name := range slices.Sorted(maps.Keys(imp)) {
		ex := p.Executor(name)
		if ex == nil || ex.Type != plan.ExecutorKey || (ex.Network != "" && ex.Network != network) {
			var keys []string
			for _, e := range p.Executors {
				if e.Type == plan.ExecutorKey && (e.Network == "" || e.Network == network) {
					keys = append(keys, e.Name)
				}
			}
			return fmt.Errorf("--impersonate-executor %s: no key executor %q on network %s in %s (key executors: %s)", name, name, network, p.Path, strings.Join(keys, ", "))
		}
		if imp[name] == (common.Address{}) {
			return fmt.Errorf("--impersonate-executor %s: the zero address", name)
		}
	}
	return nil
}

// checkSecrets checks the secrets the drill needs: the executors' keys (it
// runs the plan's own executors, but for the impersonated ones) and, with
// live notifications, the channels'. The RPC endpoints are replaced by the
// fork.
func checkSecrets(p *plan.Plan, live bool, imp map[string]common.Address) error {
	var ps plan.Problems
	if !errors.As(app.CheckSecrets(p), &ps) {
		return nil
	}
	standIn := func(msg string) bool {
		for i, e := range p.Executors {
			base := fmt.Sprintf("executors[%d]", i)
			if _, ok := imp[e.Name]; ok && (strings.HasPrefix(msg, base+".") || strings.HasPrefix(msg, base+":")) {
				return true
			}
		}
		return false
	}
	var missing []string
	for _, x := range ps {
		if (strings.HasPrefix(x.Message, "executors[") && !standIn(x.Message)) || (live && strings.HasPrefix(x.Message, "channels[")) {
			missing = append(missing, "  "+x.String())
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("the drill runs the plan's own executors, and these secrets are not here (run it where the keys are; check with breakglass plan check --secrets; "+
		"or, for a key executor, give --impersonate-executor NAME=ADDRESS to make its calls as its address):\n%s", strings.Join(missing, "\n"))
}

// drill is one run's state.
type drill struct {
	cfg        Config
	net        *plan.Network
	bin        string
	rep        *Report
	upstream   string
	up         *chain.Client
	sink       *webhook.Receiver
	secretFile string
	standIns   map[string]string // impersonated executor → its stand-in key file (this effect's)
}

func (d *drill) say(step, msg string) {
	fmt.Fprintf(d.cfg.W, "%-18s %s\n", step, msg)
}

// pickNetwork returns the named network, or that of the first contract
// with actions (else the first contract).
func pickNetwork(p *plan.Plan, name string) (*plan.Network, error) {
	if name == "" {
		for _, c := range p.Contracts {
			if len(c.Actions) > 0 {
				name = c.Network
				break
			}
		}
		if name == "" && len(p.Contracts) > 0 {
			name = p.Contracts[0].Network
		}
	}
	n := p.Network(name)
	if n == nil {
		return nil, fmt.Errorf("%s: no network %q in the plan", p.Path, name)
	}
	return n, nil
}

// httpEndpoint returns the network's first HTTP(S) RPC endpoint (anvil
// forks over HTTP).
func httpEndpoint(n *plan.Network) (string, error) {
	for _, e := range n.RPC {
		u, err := e.Resolve()
		if err != nil {
			return "", fmt.Errorf("networks.%s.rpc: %w", n.Name, err)
		}
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			return u, nil
		}
	}
	return "", fmt.Errorf("networks.%s.rpc: no http(s) endpoint to fork; give --fork-url", n.Name)
}

// probe asks the forked node its chain and head within seconds, and checks
// the block asked for exists.
func (d *drill) probe(ctx context.Context) error {
	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	// The upstream is often a public endpoint that rate-limits and errs:
	// the reads the drill makes of it (effects, benign blocks) go through
	// the same client as the daemon's, with its retries and backoff.
	// It keeps the network's tuning (request timeout, traces) for the
	// benign replay.
	n := *d.net
	ep, err := plan.ParseEndpoint(d.upstream, "", "http", "https", "ws", "wss")
	if err != nil {
		return fmt.Errorf("fork URL: %w", err)
	}
	n.RPC = []plan.Endpoint{ep}
	cc, err := chain.ConfigFor(n)
	if err != nil {
		return fmt.Errorf("fork URL %s: %w", chain.RedactURL(d.upstream), err)
	}
	if d.up, err = chain.Dial(pctx, cc, nil, d.cfg.Log); err != nil {
		return fmt.Errorf("fork URL %s: %w", chain.RedactURL(d.upstream), err)
	}
	id, err := d.up.ChainID(pctx)
	if err != nil {
		return fmt.Errorf("fork URL %s does not answer (eth_chainId within %s): %w", chain.RedactURL(d.upstream), probeTimeout, err)
	}
	if id.Uint64() != d.net.ChainID {
		return fmt.Errorf("fork URL %s serves chain %d, but the plan's network %s is chain %d", chain.RedactURL(d.upstream), id, d.net.Name, d.net.ChainID)
	}
	head, err := d.up.BlockNumber(pctx)
	if err != nil {
		return fmt.Errorf("fork URL %s: eth_blockNumber: %w", chain.RedactURL(d.upstream), err)
	}
	block := head
	if d.cfg.Block != nil {
		block = *d.cfg.Block
		if block > head {
			return fmt.Errorf("--block %d does not exist: the head of %s is %d", block, chain.RedactURL(d.upstream), head)
		}
		if _, err := d.up.HeaderByNumber(pctx, new(big.Int).SetUint64(block)); err != nil {
			return fmt.Errorf("--block %d: %w", block, err)
		}
	}
	d.rep.ForkBlock = block
	return nil
}

// startDevnet starts the embedded devnet (the demo protocol deployed as
// `breakglass devnet` does, at the same addresses), checks the plan's
// contracts are there, and plays benign traffic for the benign replay.
func (d *drill) startDevnet(ctx context.Context) (*devnet.Devnet, error) {
	dn, err := devnet.Start(ctx, devnet.Config{Log: d.cfg.Log})
	if err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	for _, c := range d.cfg.Plan.Contracts {
		if c.Network != d.net.Name {
			continue
		}
		code, err := dn.Client().CodeAt(ctx, c.Address, nil)
		if err != nil || len(code) == 0 {
			dn.Close()
			return nil, fmt.Errorf("%s: contract %s (%s) is not on the embedded devnet: give --fork-url of the node the plan is for", d.cfg.Plan.Path, c.Name, c.Address.Hex())
		}
	}
	d.say("devnet", dn.HTTPURL()+" · the demo protocol deployed")
	if d.cfg.Benign > 0 {
		head, _ := dn.Client().BlockNumber(ctx)
		tr, err := dn.StartBenign(ctx, 20)
		if err != nil {
			dn.Close()
			return nil, err
		}
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if n, _ := dn.Client().BlockNumber(ctx); n >= head+uint64(d.cfg.Benign) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		tr.Stop()
		st := tr.Stats()
		d.say("benign traffic", fmt.Sprintf("%d transactions on the devnet, %d reverted", st.Sent, st.Reverted))
	}
	return dn, nil
}

// minStart is the lowest start_block of the network's contracts.
func minStart(p *plan.Plan, network string) uint64 {
	var m uint64
	first := true
	for _, c := range p.Contracts {
		if c.Network == network && (first || c.StartBlock < m) {
			m, first = c.StartBlock, false
		}
	}
	return m
}

// benign backtests the plan's detectors on the last real blocks up to the
// fork block: every alert there is a false alarm (or an attack the team
// missed).
func (d *drill) benign(ctx context.Context) *Benign {
	b := &Benign{Method: "backtest: the plan's detectors run on the network's real blocks (nothing replayed, nothing stored)"}
	to := d.rep.ForkBlock
	from := uint64(1)
	if to >= uint64(d.cfg.Benign) {
		from = to - uint64(d.cfg.Benign) + 1
	}
	if s := minStart(d.cfg.Plan, d.net.Name); from < s {
		from = s
	}
	if from > to || to == 0 {
		b.Error = "no real block to replay after the contracts' start_block"
		return b
	}
	b.From, b.To = from, to
	eng, err := detect.Compile(d.cfg.Plan, detect.ForNetwork(d.net.Name))
	if err == nil {
		var alerts []detect.Alert
		alerts, err = pipeline.Backtest(ctx, d.up, eng, d.net.Name, from, to, 4, nil)
		for _, a := range alerts {
			b.Alerts++
			b.Detectors = appendUniq(b.Detectors, a.Detector)
		}
	}
	if err != nil {
		b.Error = err.Error()
	}
	d.say("benign replay", fmt.Sprintf("blocks %d–%d: %d false alarm(s) %s %s", from, to, b.Alerts, strings.Join(b.Detectors, ", "), b.Error))
	return b
}

func appendUniq(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// forkPlan is the user's plan pointed at the fork: the network's RPC is
// anvil (other networks and their parts left out), contracts start at
// start, the channels are the sink (unless live), and nothing reaches the
// outside: no heartbeat, no mempool relays, no Safe Transaction Service.
func (d *drill) forkPlan(anvilURL string, start uint64) (*plan.Plan, error) {
	src := d.cfg.Plan
	p := *src
	n := *d.net
	ep, err := plan.ParseEndpoint(anvilURL, "", "http")
	if err != nil {
		return nil, err
	}
	// The fork mines only on transactions: a plan that waits for
	// confirmations would wait for ever (said in the report's notes).
	n.RPC, n.Mempool, n.Confirmations = []plan.Endpoint{ep}, plan.Mempool{}, 0
	p.Networks = []plan.Network{n}
	p.Contracts = nil
	for _, c := range src.Contracts {
		if c.Network == n.Name {
			c.StartBlock = start
			p.Contracts = append(p.Contracts, c)
		}
	}
	p.Executors = nil
	for _, e := range src.Executors {
		if e.Network == "" || e.Network == n.Name {
			e.ServiceURL = ""
			if file, ok := d.standIns[e.Name]; ok {
				if e.Key, err = plan.ParseSecretRef("file:"+file, ""); err != nil {
					return nil, err
				}
				e.Keystore, e.Password = "", plan.SecretRef{}
			}
			p.Executors = append(p.Executors, e)
		}
	}
	p.Detectors = nil
	for _, det := range src.Detectors {
		if det.Contract == "" || p.Contract(det.Contract) != nil {
			p.Detectors = append(p.Detectors, det)
		}
	}
	p.Heartbeat = plan.Heartbeat{}
	if !d.cfg.LiveNotify {
		secret, err := plan.ParseSecretRef("file:"+d.secretFile, "")
		if err != nil {
			return nil, err
		}
		p.Channels = []plan.Channel{{Name: "drill-sink", Type: plan.ChannelWebhook, Audience: plan.AudienceInternal, URL: d.sink.URL(), Secret: secret}}
	}
	return &p, nil
}

// observer hears of the daemon's batches.
type observer struct {
	mu      sync.Mutex
	arrived map[uint64]time.Time
	alerted map[uint64]time.Time
	wake    chan struct{}
}

// Committed implements pipeline.Observer.
func (o *observer) Committed(b pipeline.Batch, took time.Duration) {
	if b.Block == nil {
		return
	}
	o.mu.Lock()
	n := b.Block.Number()
	at := time.Now()
	if _, ok := o.arrived[n]; !ok {
		o.arrived[n] = at.Add(-took)
	}
	if len(b.Fresh) > 0 {
		if _, ok := o.alerted[n]; !ok {
			o.alerted[n] = at
		}
	}
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

func (o *observer) at(m map[uint64]time.Time, n uint64) (time.Time, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	t, ok := m[n]
	return t, ok
}

// waitFor polls cond every 50 ms (or when the daemon commits a batch)
// until it holds or the wait ends.
func (o *observer) waitFor(ctx context.Context, wait time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if cond() {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-deadline.C:
			return cond()
		case <-o.wake:
		case <-tick.C:
		}
	}
}

// play runs one effect on a fresh fork with a fresh daemon and database.
func (d *drill) play(ctx context.Context, i int, e effect) (res EffectResult) {
	res = EffectResult{Name: e.Name(), Kind: e.Kind, Contract: e.Contract, Token: e.Token, What: e.Desc}
	if e.Skipped != "" {
		res.Skipped = e.Skipped
		d.say(res.Name, "skipped: "+e.Skipped)
		return res
	}
	fail := func(err error) EffectResult {
		res.Error = err.Error()
		d.say(res.Name, "ERROR: "+res.Error)
		return res
	}
	dir := filepath.Join(d.cfg.Out, fmt.Sprintf("%02d-%s", i, strings.ReplaceAll(res.Name, " ", "-")))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(err)
	}
	a, err := startAnvil(ctx, d.bin, d.upstream, d.rep.ForkBlock)
	if err != nil {
		return fail(err)
	}
	defer a.close()
	// A sink per effect: each fresh database numbers its incidents and
	// messages from 1 again.
	secret := []byte(fmt.Sprintf("drill-%d", time.Now().UnixNano()))
	if d.sink, err = webhook.NewReceiver(secret, nil); err != nil {
		return fail(err)
	}
	defer d.sink.Close()
	d.secretFile = filepath.Join(dir, "sink.secret")
	if err := os.WriteFile(d.secretFile, secret, 0o600); err != nil {
		return fail(err)
	}
	defer os.Remove(d.secretFile)
	if err := d.makeStandIns(ctx, a, dir); err != nil {
		return fail(err)
	}
	defer func() {
		for _, f := range d.standIns {
			os.Remove(f)
		}
	}()
	fp, err := d.forkPlan(a.url, d.rep.ForkBlock+1)
	if err != nil {
		return fail(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "breakglass.db"), store.Options{})
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	obs := &observer{arrived: map[uint64]time.Time{}, alerted: map[uint64]time.Time{}, wake: make(chan struct{}, 1)}
	dctx, stop := context.WithCancel(ctx)
	defer stop()
	ready := make(chan string, 1)
	dm, err := daemon.New(daemon.Config{Plan: fp, Store: st, Listen: "off", Log: d.cfg.Log, Observer: obs,
		Ready: func(addr string) { ready <- addr }, Tick: 200 * time.Millisecond, OutboxPoll: 50 * time.Millisecond})
	if err != nil {
		return fail(fmt.Errorf("daemon: %w", err))
	}
	derr := make(chan error, 1)
	go func() { derr <- dm.Run(dctx) }()
	defer func() {
		stop()
		<-derr
	}()
	select {
	case <-ready:
	case err := <-derr:
		derr <- err
		return fail(fmt.Errorf("daemon: %w", err))
	case <-time.After(d.cfg.Wait):
		return fail(errors.New("the daemon did not start"))
	}
	// A first block on the fork, followed before the effect.
	if err := a.mine(ctx); err != nil {
		return fail(err)
	}
	if !obs.waitFor(ctx, d.cfg.Wait, func() bool { _, ok := obs.at(obs.arrived, d.rep.ForkBlock+1); return ok }) {
		return fail(errors.New("the daemon did not follow the fork"))
	}

	for at, code := range e.codes {
		if err := a.setCode(ctx, at, code); err != nil {
			return fail(err)
		}
	}
	seen := d.sink.Count()
	rcs, err := a.send(ctx, e.calls)
	if err != nil {
		return fail(err)
	}
	t0 := time.Now()
	for _, rc := range rcs {
		res.Txs = append(res.Txs, rc.TxHash.Hex())
		if rc.Status != 1 {
			return fail(fmt.Errorf("the effect's transaction %s reverted on the fork", rc.TxHash.Hex()))
		}
	}
	res.Block = rcs[0].BlockNumber.Uint64()
	d.say(res.Name, fmt.Sprintf("block %d: %s", res.Block, e.Desc))

	// Detection.
	if !obs.waitFor(ctx, d.cfg.Wait, func() bool { _, ok := obs.at(obs.alerted, res.Block); return ok }) {
		res.Problem = fmt.Sprintf("not detected within %s", d.cfg.Wait)
		d.say(res.Name, "NOT DETECTED")
		return res
	}
	at, _ := obs.at(obs.alerted, res.Block)
	res.Detected, res.DetectSec = true, secs(at.Sub(t0))
	alerts, err := st.Alerts(ctx, store.AlertFilter{Network: d.net.Name, FromBlock: res.Block, ToBlock: res.Block})
	if err != nil {
		return fail(err)
	}
	var incidents []string
	for _, al := range alerts {
		res.Detectors = appendUniq(res.Detectors, al.Detector)
		if al.IncidentID != "" {
			incidents = appendUniq(incidents, al.IncidentID)
		}
	}
	res.Alerts = len(alerts)
	for _, id := range incidents {
		inc, err := st.Incident(ctx, id)
		if err != nil {
			return fail(err)
		}
		res.Incidents = append(res.Incidents, IncidentResult{ID: inc.ID, Severity: inc.Severity, Title: inc.Title, Paged: d.paged(inc)})
	}
	d.say(res.Name, fmt.Sprintf("detected in %.2fs by %s", res.DetectSec, strings.Join(res.Detectors, ", ")))

	// Containment: proposed steps approved as the on-call people would.
	d.contain(ctx, a, dm, st, obs, incidents, t0, &res)

	// Pages: the incidents' notifications received by the sink (with
	// --live-notify they go to the plan's channels, and are not seen here).
	pages := func() {
		res.Notifications, res.Events, res.PageSec = 0, nil, 0
		for _, m := range d.sink.Since(seen) {
			if !slices.Contains(incidents, m.Message.IncidentID) {
				continue
			}
			res.Notifications++
			res.Events = appendUniq(res.Events, string(m.Message.Event))
			if res.PageSec == 0 {
				res.PageSec = secs(m.At.Sub(t0))
			}
		}
	}
	if !d.cfg.LiveNotify {
		obs.waitFor(ctx, 10*time.Second, func() bool { pages(); return res.Notifications > 0 })
	}
	return res
}

func secs(d time.Duration) float64 { return float64(d.Round(time.Millisecond)) / float64(time.Second) }

// paged lists who the incident's severity pages: its role holders.
func (d *drill) paged(inc store.Incident) []string {
	sev := d.cfg.Plan.Severity(inc.Severity)
	if sev == nil {
		return nil
	}
	var out []string
	for _, role := range sev.Page {
		if who := inc.Roles[role]; who != "" {
			out = appendUniq(out, who+" ("+role+")")
		}
	}
	return out
}

// terminal reports whether an action's status is final.
func terminal(status respond.Status) bool {
	switch status {
	case respond.StatusMined, respond.StatusNoop, respond.StatusFailed, respond.StatusCancelled,
		// A Safe short of signatures here: owners elsewhere would sign;
		// the drill acts as the Safe instead (see asSafe).
		respond.StatusAwaitingSignatures:
		return true
	}
	return false
}

// contain approves the incidents' proposed steps (the drill plays the
// on-call people), waits for every step to end, and checks the contracts
// are paused.
func (d *drill) contain(ctx context.Context, a *anvil, dm *daemon.Daemon, st store.Store, obs *observer, incidents []string, t0 time.Time, res *EffectResult) {
	approved := map[int64]bool{}
	var acts []store.Action
	done := func() bool {
		acts = nil
		for _, id := range incidents {
			as, err := st.Actions(ctx, id)
			if err != nil {
				return false
			}
			acts = append(acts, as...)
		}
		all := len(acts) > 0
		for _, x := range acts {
			if x.Status == respond.StatusProposed && !approved[x.ID] {
				approved[x.ID] = true
				if who := d.approve(ctx, dm, st, x); who != "" {
					res.Approvals = append(res.Approvals, fmt.Sprintf("action %d approved by the drill as %s", x.ID, who))
					dm.Wake()
				}
			}
			if !terminal(x.Status) {
				all = false
			}
		}
		return all
	}
	obs.waitFor(ctx, d.cfg.Wait, done)
	if len(acts) == 0 {
		res.Problem = "detected, but the plan proposed no containment"
		d.say(res.Name, "NOT CONTAINED: no containment step")
		return
	}
	var pausedAt time.Time
	for _, x := range acts {
		var p respond.Params
		_ = json.Unmarshal(x.Params, &p)
		ar := ActionResult{ID: x.ID, Contract: p.Contract, Action: p.Action, Executor: x.Executor, Status: x.Status, Tx: x.TxHash, Error: x.Error,
			Steps: actionSteps(ctx, st, x)}
		if ex := d.cfg.Plan.Executor(x.Executor); ex != nil && ex.Type == plan.ExecutorSafe {
			ar.Note = "through the Safe " + ex.Safe.Hex()
		}
		if x.TxHash != "" {
			if rc, err := a.eth.TransactionReceipt(ctx, common.HexToHash(x.TxHash)); err == nil {
				ar.Block = rc.BlockNumber.Uint64()
				ar.Reverted = rc.Status != 1
				if rc.Status == 1 {
					obs.waitFor(ctx, 5*time.Second, func() bool { _, ok := obs.at(obs.arrived, ar.Block); return ok })
					if t, ok := obs.at(obs.arrived, ar.Block); ok && (pausedAt.IsZero() || t.After(pausedAt)) {
						pausedAt = t
					}
				}
			}
		}
		if ex := d.cfg.Plan.Executor(x.Executor); ex != nil && ex.Type == plan.ExecutorSafe && x.Status == respond.StatusAwaitingSignatures {
			d.asSafe(ctx, a, ex, p, &ar)
		}
		if addr, ok := d.cfg.Impersonate[x.Executor]; ok {
			d.asImpersonated(ctx, a, addr, p, &ar)
		}
		if c := d.cfg.Plan.Contract(p.Contract); c != nil {
			if paused, ok := readPaused(ctx, a.eth, c.Address); ok {
				ar.Paused = &paused
			}
		}
		res.Actions = append(res.Actions, ar)
	}
	res.Contained = len(res.Actions) > 0
	var why []string
	for _, ar := range res.Actions {
		ok := (ar.Status == respond.StatusMined || ar.AsExecutor) && !ar.Reverted && (ar.Paused == nil || *ar.Paused)
		if !ok {
			res.Contained = false
			msg := fmt.Sprintf("%s.%s %s", ar.Contract, ar.Action, ar.Status)
			if ar.Error != "" {
				msg += ": " + ar.Error
			}
			if ar.Paused != nil && !*ar.Paused {
				msg += " (the contract is not paused)"
			}
			if len(ar.Steps) > 0 {
				msg += " [" + strings.Join(ar.Steps, "; ") + "]"
			}
			why = append(why, msg)
		}
	}
	if res.Contained {
		if !pausedAt.IsZero() {
			res.ContainSec = secs(pausedAt.Sub(t0))
		}
		if res.ContainSec > 0 {
			d.say(res.Name, fmt.Sprintf("contained in %.2fs: %d step(s) mined", res.ContainSec, len(res.Actions)))
		} else {
			d.say(res.Name, "contained by the drill acting as the executor (its keys are not here; not timed)")
		}
	} else {
		res.Problem = "not contained: " + strings.Join(why, "; ")
		d.say(res.Name, "NOT CONTAINED: "+strings.Join(why, "; "))
	}
}

// actionSteps lists the timeline entries of action x's incident that are
// about x, as "KIND: MESSAGE" without the "action." prefix.
func actionSteps(ctx context.Context, st store.Reader, x store.Action) []string {
	if x.IncidentID == "" {
		return nil
	}
	tl, err := st.Timeline(ctx, x.IncidentID)
	if err != nil {
		return []string{"timeline unreadable: " + err.Error()}
	}
	var out []string
	for _, ev := range tl {
		var d struct {
			ActionID int64 `json:"action_id"`
		}
		if !strings.HasPrefix(ev.Kind, "action.") || json.Unmarshal(ev.Data, &d) != nil || d.ActionID != x.ID {
			continue
		}
		out = append(out, strings.TrimPrefix(ev.Kind, "action.")+": "+ev.Message)
	}
	return out
}

// asSafe carries out a Safe executor's step that waits for its owners'
// signatures (the keys held here are fewer than the threshold): the drill
// makes the call as the Safe itself, so that the report says whether the
// Safe can pause — not whether its owners would sign in time, which is
// not timed.
func (d *drill) asSafe(ctx context.Context, a *anvil, ex *plan.Executor, p respond.Params, ar *ActionResult) {
	value, ok := new(big.Int).SetString(p.Value, 10)
	if !ok {
		value = new(big.Int)
	}
	rcs, err := a.send(ctx, []call{{From: ex.Safe, To: p.To, Data: p.Data, Value: value}})
	ar.AsExecutor = true
	ar.Note = fmt.Sprintf("the owner keys held here are fewer than the threshold of the Safe %s: the drill made the call as the Safe itself "+
		"(anvil_setCode forwarder) — this shows the Safe can pause, not that its owners sign in time (not timed)", ex.Safe.Hex())
	if err != nil {
		ar.Error = "made as the Safe: " + err.Error()
		return
	}
	ar.Tx, ar.Block, ar.Reverted = rcs[0].TxHash.Hex(), rcs[0].BlockNumber.Uint64(), rcs[0].Status != 1
}

// makeStandIns writes, for each impersonated executor, a fresh stand-in key
// to dir (mode 0600, removed after the effect) and funds it on the fork.
func (d *drill) makeStandIns(ctx context.Context, a *anvil, dir string) error {
	d.standIns = map[string]string{}
	for name := range d.cfg.Impersonate {
		k, err := crypto.GenerateKey()
		if err != nil {
			return err
		}
		file := filepath.Join(dir, "stand-in-"+name+".key")
		if err := os.WriteFile(file, []byte(hex.EncodeToString(crypto.FromECDSA(k))+"\n"), 0o600); err != nil {
			return err
		}
		d.standIns[name] = file
		fund := (*hexutil.Big)(new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18)))
		if err := a.rpc.CallContext(ctx, nil, "anvil_setBalance", crypto.PubkeyToAddress(k.PublicKey), fund); err != nil {
			return fmt.Errorf("anvil_setBalance: %w", err)
		}
	}
	return nil
}

// asImpersonated carries out an impersonated key executor's step: the
// daemon sent it with a stand-in key (which the contract refuses, unless
// anyone may call it), so the drill makes the call as the executor's
// address and says so.
func (d *drill) asImpersonated(ctx context.Context, a *anvil, addr common.Address, p respond.Params, ar *ActionResult) {
	paused := true
	if c := d.cfg.Plan.Contract(ar.Contract); c != nil {
		if p, ok := readPaused(ctx, a.eth, c.Address); ok {
			paused = p
		}
	}
	if ar.Status == respond.StatusMined && !ar.Reverted && paused {
		ar.Note = fmt.Sprintf("sent by the drill's stand-in key (the key of %s %s is not here), and the contract took it: "+
			"%s.%s does not need the executor's authority", ar.Executor, addr.Hex(), ar.Contract, ar.Action)
		return
	}
	standIn := string(ar.Status)
	if ar.Error != "" {
		standIn += ": " + ar.Error
	}
	value, ok := new(big.Int).SetString(p.Value, 10)
	if !ok {
		value = new(big.Int)
	}
	rcs, err := a.send(ctx, []call{{From: addr, To: p.To, Data: p.Data, Value: value}})
	ar.AsExecutor = true
	ar.Note = fmt.Sprintf("the key of executor %s is not here (--impersonate-executor): the drill made the call as its address %s "+
		"(anvil_setCode forwarder) after the daemon's stand-in key was refused (%s) — this shows the address can pause, not that its key is at hand (not timed)",
		ar.Executor, addr.Hex(), standIn)
	if err != nil {
		ar.Error = "made as the executor: " + err.Error()
		return
	}
	ar.Tx, ar.Block, ar.Reverted, ar.Error = rcs[0].TxHash.Hex(), rcs[0].BlockNumber.Uint64(), rcs[0].Status != 1, ""
}

// approve approves a proposed action as the first person (the incident's
// role holders first, then the plan's people) the policy lets approve it,
// until it has its approvals; it returns who approved.
func (d *drill) approve(ctx context.Context, dm *daemon.Daemon, st store.Store, x store.Action) string {
	var people []string
	if inc, err := st.Incident(ctx, x.IncidentID); err == nil {
		for _, role := range []string{plan.RoleIncidentCommander, plan.RoleTechnicalLead} {
			if who := inc.Roles[role]; who != "" {
				people = appendUniq(people, who)
			}
		}
	}
	for _, p := range d.cfg.Plan.People {
		people = appendUniq(people, p.Name)
	}
	var who []string
	for _, person := range people {
		var got store.Action
		err := st.Tx(ctx, func(tx store.Tx) (err error) {
			got, err = dm.Responder().Approve(ctx, tx, x.ID, person)
			return err
		})
		if err != nil {
			continue
		}
		who = append(who, person)
		if got.Status != respond.StatusProposed {
			break
		}
	}
	return strings.Join(who, ", ")
}

// readPaused reads paused() of c at the latest block.
func readPaused(ctx context.Context, eth *ethclient.Client, c common.Address) (bool, bool) {
	out, err := eth.CallContract(ctx, ethereum.CallMsg{To: &c, Data: pack("paused")}, nil)
	if err != nil {
		return false, false
	}
	v, err := genericABI.Unpack("paused", out)
	if err != nil || len(v) != 1 {
		return false, false
	}
	b, ok := v[0].(bool)
	return b, ok
}
