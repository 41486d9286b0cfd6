// Package daemon is the running service that `breakglass run` starts (and
// `breakglass demo` runs in-process). It takes the plan's runtime parts from
// internal/app and runs them: per network, a Follower feeding the
// pipeline's stages (every daemon sharing a store follows and evaluates
// every block; the first stage's claim in the database decides which one
// commits it, so each is the others' hot standby); the outbox runner that notifies
// and contains; escalation and reminders on a timer; and the HTTP API with
// Prometheus metrics. It holds no logic of its own beyond running them.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/guard"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/instance"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/executors"
	"github.com/breakglass-dev/breakglass/internal/server"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/web"
)

// Config is what a daemon runs with.
type Config struct {
	Plan  *plan.Plan
	Store store.Store
	// Listen is the API's address; empty uses the plan's api.listen, and
	// "off" serves no API.
	Listen string
	Log    *slog.Logger
	// ID names this daemon in leases and outbox claims. By default it is
	// kept across restarts on this host for the same plan and Database
	// (see package instance), so a restart resumes its claims at once.
	ID string
	// Database names the store in the default ID (e.g. its DSN; hashed,
	// never written).
	Database string
	// Observer hears about every processed block once committed
	// (optional).
	Observer pipeline.Observer
	// OnSent, if set, hears of each containment transaction's first
	// broadcast.
	OnSent func(actionID int64, tx common.Hash, at time.Time)
	// Executors tunes the executors (node backends, transaction manager).
	Executors executors.Options
	// Ready, when set, is called with the API's address once every stage
	// has started.
	Ready func(apiAddr string)
	// Tick is the period of escalation and reminders (default
	// DefaultTick).
	Tick time.Duration
	// LeaseTTL is how long a network's pending-transaction subscription
	// (mempool guard) stays with a daemon without renewal (default 15s).
	LeaseTTL time.Duration
	// FollowBackoff caps the wait between retries of a block that could
	// not be committed (store or node unreachable), so that the block is
	// committed soon after the store returns (default 2s).
	FollowBackoff time.Duration
	// OutboxPoll is how often the outbox is polled when idle (default
	// DefaultOutboxPoll); a committed block with new alerts or
	// retractions wakes it at once.
	OutboxPoll time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// ReadyEvery is how often the executors' readiness to contain is
	// checked against the chain after the check at start (default 5m).
	ReadyEvery time.Duration
	// HealthEvery is how often the daemon checks itself (heads moving, lag,
	// store) for /readyz and the heartbeat (default 5s, or the plan's
	// heartbeat.every when shorter).
	HealthEvery time.Duration
}

// The daemon's periods unless Config sets them.
const (
	// DefaultTick is the period of escalation and reminders.
	DefaultTick = 5 * time.Second
	// DefaultOutboxPoll is how often the idle outbox looks for due items.
	DefaultOutboxPoll = 500 * time.Millisecond
)

// Daemon is a running breakglass.
type Daemon struct {
	cfg       Config
	app       *app.App
	reg       *prometheus.Registry
	metrics   *chain.Metrics
	detectors *detect.Metrics
	mempool   *guard.Metrics
	runner    *outbox.Runner
	ready     *readiness
	stock     *stockWatch
	plan      *inForce
	id        *instance.ID
	health    *health
	// web is the war room, when the API is served; it hears of each
	// committed block to update the open pages.
	web *web.Server
}

// New checks cfg and builds the plan's runtime parts (internal/app). Secrets
// (channel URLs, API tokens) are resolved here, so a missing one stops the
// daemon before it follows anything.
func New(cfg Config) (_ *Daemon, err error) {
	if cfg.Plan == nil || cfg.Store == nil {
		return nil, errors.New("daemon: a plan and a store are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Tick <= 0 {
		cfg.Tick = DefaultTick
	}
	if cfg.OutboxPoll <= 0 {
		cfg.OutboxPoll = DefaultOutboxPoll
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = 15 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FollowBackoff <= 0 {
		cfg.FollowBackoff = 2 * time.Second
	}
	if cfg.ReadyEvery <= 0 {
		cfg.ReadyEvery = 5 * time.Minute
	}
	if cfg.HealthEvery <= 0 {
		cfg.HealthEvery = 5 * time.Second
	}
	if err := app.CheckSecrets(cfg.Plan); err != nil {
		return nil, fmt.Errorf("the plan's secrets are not all there; breakglass does not start without them:\n%w", err)
	}
	d := &Daemon{cfg: cfg, reg: prometheus.NewRegistry()}
	if cfg.ID == "" {
		d.identity()
		defer func() {
			if err != nil {
				d.id.Release()
			}
		}()
	}
	d.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m, err := chain.NewMetrics(d.reg)
	if err != nil {
		return nil, err
	}
	d.metrics = m
	if d.detectors, err = detect.NewMetrics(d.reg); err != nil {
		return nil, err
	}
	if d.mempool, err = guard.NewMetrics(d.reg); err != nil {
		return nil, err
	}
	if d.plan, err = newInForce(d.reg); err != nil {
		return nil, err
	}
	a, err := app.New(cfg.Plan, cfg.Store, app.Options{Log: cfg.Log, Now: cfg.Now, Executors: cfg.Executors, OnSent: cfg.OnSent})
	if err != nil {
		return nil, err
	}
	channels, err := a.Channels()
	if err != nil {
		a.Close()
		return nil, err
	}
	if err := d.reg.Register(report.NewCollector(cfg.Store, 0, cfg.Log)); err != nil {
		a.Close()
		return nil, err
	}
	d.app = a
	if d.ready, err = newReadiness(d); err != nil {
		a.Close()
		return nil, err
	}
	if d.stock, err = newStockWatch(d); err != nil {
		a.Close()
		return nil, err
	}
	if d.health, err = newHealth(d); err != nil {
		a.Close()
		return nil, err
	}
	om, err := outbox.NewMetrics(d.reg)
	if err != nil {
		a.Close()
		return nil, err
	}
	d.runner = outbox.New(cfg.Store, a.Handlers(channels), outbox.Config{Worker: d.cfg.ID, Poll: cfg.OutboxPoll, Now: cfg.Now, OnDead: d.deliveryFailed,
		Lanes: outboxLanes(), Metrics: om}, cfg.Log)
	return d, nil
}

// Incidents returns the incident manager (the containment stage records
// its steps through it).
func (d *Daemon) Incidents() *incident.Manager { return d.app.Incidents }

// Responder is the daemon's responder (to approve a proposed action in
// process, as a drill does).
func (d *Daemon) Responder() *respond.Responder { return d.app.Responder }

// Registry returns the Prometheus registry the daemon's metrics are on.
func (d *Daemon) Registry() *prometheus.Registry { return d.reg }

// Wake makes the outbox runner look for work now.
func (d *Daemon) Wake() { d.runner.Wake() }

// Run runs every stage until ctx ends or one fails for good.
func (d *Daemon) Run(ctx context.Context) error {
	p := d.cfg.Plan
	defer d.app.Close()
	defer d.id.Release()
	// The API's port first: a taken one stops the daemon before it
	// follows anything, rather than after it has started acting.
	var ln net.Listener
	var srv *http.Server
	if d.cfg.Listen != "off" {
		var err error
		if ln, err = d.listen(); err != nil {
			return err
		}
		defer ln.Close()
		if srv, err = d.api(); err != nil {
			return err
		}
	}
	// Known as a member, with its plan, before the plan is in force, so
	// that no daemon with another plan finds it without one that runs it.
	ml := d.membership()
	if _, err := ml.Hold(ctx); err != nil {
		d.cfg.Log.Warn("membership", "err", err)
	}
	if err := d.recordPlan(ctx); err != nil {
		return err
	}
	d.containmentDueNow(ctx)
	type network struct {
		n plan.Network
		f *chain.Follower
	}
	var nets []network
	for _, n := range p.Networks {
		f, closeFn, err := d.follower(ctx, n)
		if err != nil {
			return err
		}
		defer closeFn()
		nets = append(nets, network{n, f})
	}
	g, ctx := errgroup.WithContext(ctx)
	for _, n := range nets {
		g.Go(func() error { return d.follow(ctx, n.n, n.f) })
	}
	g.Go(func() error { return member(ctx, ml) })
	g.Go(func() error { return d.watchPlan(ctx) })
	g.Go(func() error { return d.runOutbox(ctx) })
	g.Go(func() error { return d.tick(ctx) })
	g.Go(func() error { return d.ready.run(ctx, d.cfg.ReadyEvery) })
	if hasSafe(p) {
		g.Go(func() error { return d.stock.run(ctx, d.cfg.ReadyEvery) })
	}
	g.Go(func() error { return d.health.run(ctx, d.cfg.HealthEvery) })
	g.Go(func() error { return d.guards(ctx) })
	addr := ""
	if srv != nil {
		addr = ln.Addr().String()
		g.Go(func() error {
			<-ctx.Done()
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			return srv.Shutdown(sctx)
		})
		g.Go(func() error {
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("API server: %w", err)
			}
			return nil
		})
		d.cfg.Log.Info("API listening", "addr", addr)
	}
	if d.cfg.Ready != nil {
		d.cfg.Ready(addr)
	}
	return g.Wait()
}

// recordPlan stores the plan version, with an audit entry when it is new,
// and makes it the plan in force: the daemons sharing the store that run
// another plan follow but no longer commit (pipeline.Claim), until they
// are restarted with this one.
func (d *Daemon) recordPlan(ctx context.Context) error {
	p := d.cfg.Plan
	err := d.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		prev, err := tx.PlanInForce(ctx)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("read the plan in force: %w", err)
		}
		isNew, err := tx.SavePlanVersion(ctx, store.PlanVersion{Hash: p.Hash, Content: p.Source})
		if err != nil {
			return fmt.Errorf("record plan version: %w", err)
		}
		if err := tx.StartPlanVersion(ctx, p.Hash); err != nil {
			return fmt.Errorf("record plan version: %w", err)
		}
		if prev != "" && prev != p.Hash {
			d.cfg.Log.Warn("this daemon's plan is now the plan in force; daemons still running the previous one follow but do not commit until restarted with it",
				"plan", p.Hash, "previous", prev)
		}
		if !isNew {
			return nil
		}
		_, err = tx.AppendAudit(ctx, audit.Record{Actor: incident.System, Action: "plan.loaded", Subject: "plan:" + p.Hash, Payload: []byte(p.Path)})
		return err
	})
	return err
}

// follower builds the client, engine, pipeline and Follower of a network.
func (d *Daemon) follower(ctx context.Context, n plan.Network) (*chain.Follower, func(), error) {
	cc, err := chain.ConfigFor(n)
	if err != nil {
		return nil, nil, err
	}
	client, err := chain.Dial(ctx, cc, d.metrics, d.cfg.Log)
	if err != nil {
		return nil, nil, fmt.Errorf("network %s: %w", n.Name, err)
	}
	eng, err := detect.Compile(d.cfg.Plan, detect.ForNetwork(n.Name), detect.WithMetrics(d.detectors))
	if err != nil {
		client.Close()
		return nil, nil, fmt.Errorf("network %s: compile detectors: %w", n.Name, err)
	}
	obs := d.observers(d.stock)
	sink, err := pipeline.NewSink(pipeline.Config{
		Network: n.Name, MaxReorgDepth: int(n.MaxReorgDepth),
		Stages:    pipeline.Standard(d.cfg.Plan.Hash, d.app.Incidents, d.app.Responder),
		Observers: obs,
	}, d.cfg.Store, eng, client, d.cfg.Log)
	if err != nil {
		client.Close()
		return nil, nil, err
	}
	fc := chain.FollowerConfig{
		Network: n.Name, Confirmations: n.Confirmations, Traces: eng.TraceScope(n.Name),
		PollInterval: time.Duration(n.PollInterval), MaxReorgDepth: n.MaxReorgDepth, Prefetch: n.Prefetch,
		Backoff: chain.Backoff{Max: d.cfg.FollowBackoff},
	}
	if start, ok := startBlock(d.cfg.Plan, n.Name); ok {
		fc.StartBlock = &start
	}
	f, err := chain.NewFollower(fc, client, sink, d.metrics, d.cfg.Log)
	if err != nil {
		client.Close()
		return nil, nil, err
	}
	d.health.watch(n, client)
	return f, client.Close, nil
}

// wake makes the outbox look for work as soon as a batch committed new
// alerts or retractions (their notifications and containment are in it).
type wake struct{ r *outbox.Runner }

func (w wake) Committed(b pipeline.Batch, _ time.Duration) {
	if len(b.Fresh) > 0 || len(b.Retracted) > 0 {
		w.r.Wake()
	}
}

// startBlock is where a network without a cursor starts: the lowest
// start_block of its contracts, when any sets one.
func startBlock(p *plan.Plan, network string) (uint64, bool) {
	var start uint64
	ok := false
	for _, c := range p.Contracts {
		if c.Network == network && c.StartBlock > 0 && (!ok || c.StartBlock < start) {
			start, ok = c.StartBlock, true
		}
	}
	return start, ok
}

// tick runs the timed duties: escalation, status-update reminders and the
// regulatory obligations' reminders.
func (d *Daemon) tick(ctx context.Context) error {
	t := time.NewTicker(d.cfg.Tick)
	defer t.Stop()
	duties := []struct {
		name string
		run  func(context.Context, store.Store) (int, error)
	}{
		{"escalate", d.app.Incidents.Escalate},
		{"status updates", d.app.Comms.Tick},
		{"obligation reminders", d.app.Reminders.Tick},
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			for _, duty := range duties {
				if n, err := duty.run(ctx, d.cfg.Store); err != nil && ctx.Err() == nil {
					d.cfg.Log.Error(duty.name, "err", err)
				} else if n > 0 {
					d.runner.Wake()
				}
			}
		}
	}
}

// deliveryFailed raises the alarm when a notification is given up: the
// other internal channels hear about it (FIELD.md: alert when
// notifications fail).
func (d *Daemon) deliveryFailed(ctx context.Context, tx store.Tx, it store.OutboxItem, cause error) error {
	if !strings.HasPrefix(it.Kind, notify.OutboxKind+".") {
		return nil
	}
	failed := strings.TrimPrefix(it.Kind, notify.OutboxKind+".")
	msg := notify.Message{
		Key: "delivery-failed/" + it.Key, Event: notify.DeliveryFailed, Audience: notify.Internal, IncidentID: it.IncidentID,
		Title: fmt.Sprintf("Notification to %s failed for good", failed),
		Body:  fmt.Sprintf("%s after %d attempts: %s", it.Key, it.Attempts, cause), Time: d.cfg.Now().UTC(),
	}
	return notify.EnqueueInternal(ctx, tx, it.IncidentID, d.cfg.Plan.Channels, failed, msg)
}

func (d *Daemon) listen() (net.Listener, error) {
	addr := d.cfg.Listen
	if addr == "" {
		addr = d.cfg.Plan.API.Listen
	}
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("API listen on %s: %w (choose another with --listen, or --listen off)", addr, err)
	}
	return ln, nil
}

// observers are who hear of each committed batch: the outbox (to wake),
// the extra ones (the follower's: the pre-signed stock's watch), the war
// room's open pages, and the configured observer.
func (d *Daemon) observers(extra ...pipeline.Observer) []pipeline.Observer {
	obs := append([]pipeline.Observer{wake{d.runner}}, extra...)
	if d.web != nil {
		obs = append(obs, d.web)
	}
	if d.cfg.Observer != nil {
		obs = append(obs, d.cfg.Observer)
	}
	return obs
}

func (d *Daemon) api() (*http.Server, error) {
	tokens, err := server.TokensFromPlan(d.cfg.Plan)
	if err != nil {
		return nil, err
	}
	api := server.NewServer(server.Config{
		Store: d.cfg.Store, Incidents: d.app.Incidents, Tokens: tokens, Log: d.cfg.Log,
		Plan: d.cfg.Plan, Responder: d.app.Responder, Comms: d.app.Comms, Now: d.app.Now,
	})
	api.Wake = d.runner.Wake
	d.web, err = web.New(web.Config{App: d.app, Tokens: tokens, Log: d.cfg.Log, Wake: d.runner.Wake})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api.Handler())
	mux.Handle("GET /healthz", api.Handler())
	// The war room: the incident pages at /incidents/ID, where the
	// notifications' links (api.public_url + /incidents/ID) lead.
	mux.Handle("/", d.web.Handler())
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /readyz", d.health.serveReady)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(d.web.Close)
	return srv, nil
}
