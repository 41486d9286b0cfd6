// Package daemon wires breakglass's stages into the running service that
// `breakglass run` starts (and `breakglass demo` runs in-process): per
// network a Follower feeding the detection pipeline, the incident manager,
// the outbox runner that notifies and contains, escalation on a timer, and
// the HTTP API with Prometheus metrics. It holds no logic of its own beyond
// composing the stages; each lives in its domain package.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/integrations"
	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/executors"
	"github.com/breakglass-dev/breakglass/internal/server"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Config is what a daemon runs with.
type Config struct {
	Plan  *plan.Plan
	Store store.Store
	// Listen is the API's address; empty uses the plan's api.listen, and
	// "off" serves no API.
	Listen string
	Log    *slog.Logger
	// ID names this daemon in leases (default host:pid).
	ID string
	// Observer hears about every processed block (optional).
	Observer Observer
	// Responder proposes containment inside the pipeline's transaction,
	// and Handlers carry out outbox kinds other than notifications. Both
	// are optional overrides: by default the daemon builds the plan's
	// containment stage (internal/respond) with its executors.
	Responder Responder
	Handlers  map[string]outbox.Handler
	// Ready, when set, is called with the API's address once every stage
	// has started.
	Ready func(apiAddr string)
	// Tick is the period of escalation and reminders (default 5s).
	Tick time.Duration
	// LeaseTTL is how long a network's leadership lasts without renewal
	// (default 15s).
	LeaseTTL time.Duration
	// OutboxPoll is how often the outbox is polled when idle (default 500ms).
	OutboxPoll time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Responder proposes containment for what the incident manager did with a
// block's alerts, inside the block's transaction, so that a containment step
// is persisted together with the incident that causes it.
type Responder interface {
	Respond(ctx context.Context, tx store.Tx, outcomes []incident.Outcome) error
}

// Observer hears about each processed block after its transaction
// committed: its new alerts and what became of them (the demo's live output).
type Observer interface {
	Stored(b *chain.Block, alerts []store.Alert, outcomes []incident.Outcome, took time.Duration)
}

// Daemon is a running breakglass.
type Daemon struct {
	cfg       Config
	reg       *prometheus.Registry
	metrics   *chain.Metrics
	detectors *detect.Metrics
	mgr       *incident.Manager
	runner    *outbox.Runner
	channels  map[string]notify.Channel
	executors *executors.Registry
	reminders *obligation.Reminders
	comms     *report.Comms
}

// New checks cfg and builds the stages that need no network yet. Secrets
// (channel URLs, API tokens) are resolved here, so a missing one stops the
// daemon before it follows anything.
func New(cfg Config) (*Daemon, error) {
	if cfg.Plan == nil || cfg.Store == nil {
		return nil, errors.New("daemon: a plan and a store are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.ID == "" {
		host, _ := os.Hostname()
		cfg.ID = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if cfg.Tick <= 0 {
		cfg.Tick = 5 * time.Second
	}
	if cfg.LeaseTTL <= 0 {
		cfg.LeaseTTL = 15 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	d := &Daemon{cfg: cfg, reg: prometheus.NewRegistry()}
	d.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m, err := chain.NewMetrics(d.reg)
	if err != nil {
		return nil, err
	}
	d.metrics = m
	if d.detectors, err = detect.NewMetrics(d.reg); err != nil {
		return nil, err
	}
	tmpl, err := templates(cfg.Plan)
	if err != nil {
		return nil, err
	}
	var publicURL func(string) string
	if u := strings.TrimRight(cfg.Plan.API.PublicURL, "/"); u != "" {
		publicURL = func(id string) string { return u + "/incidents/" + id }
	}
	d.mgr = incident.New(cfg.Plan, tmpl, incident.Options{Now: cfg.Now, Log: cfg.Log, URL: publicURL, CanClose: report.CanClose})
	if d.channels, err = notify.Build(cfg.Plan.Channels, integrations.Factories(), nil); err != nil {
		return nil, err
	}
	handlers := map[string]outbox.Handler{notify.OutboxKind: &notify.Handler{Channels: d.channels}}
	if cfg.Responder == nil {
		d.executors = executors.New(cfg.Plan, cfg.Store, executors.Options{Log: cfg.Log})
		r, err := respond.New(respond.Config{Plan: cfg.Plan, Store: cfg.Store, Incidents: d.mgr, Templates: tmpl, Executors: d.executors, Log: cfg.Log, Now: cfg.Now})
		if err != nil {
			d.executors.Close()
			return nil, err
		}
		d.cfg.Responder = r
		handlers[respond.OutboxKind] = r
	}
	for k, h := range cfg.Handlers {
		handlers[k] = h
	}
	if err := d.reg.Register(report.NewCollector(cfg.Store, 0, cfg.Log)); err != nil {
		return nil, err
	}
	d.reminders = obligation.NewReminders(cfg.Plan, d.mgr, tmpl, cfg.Now, cfg.Log)
	d.comms = report.NewComms(cfg.Plan, d.mgr, cfg.Now, cfg.Log)
	d.runner = outbox.New(cfg.Store, handlers, outbox.Config{Worker: cfg.ID, Poll: cfg.OutboxPoll, Now: cfg.Now, OnDead: d.deliveryFailed}, cfg.Log)
	return d, nil
}

// Incidents returns the incident manager (the containment stage records
// its steps through it).
func (d *Daemon) Incidents() *incident.Manager { return d.mgr }

// Registry returns the Prometheus registry the daemon's metrics are on.
func (d *Daemon) Registry() *prometheus.Registry { return d.reg }

// Wake makes the outbox runner look for work now.
func (d *Daemon) Wake() { d.runner.Wake() }

// Run runs every stage until ctx ends or one fails for good.
func (d *Daemon) Run(ctx context.Context) error {
	p := d.cfg.Plan
	if d.executors != nil {
		defer d.executors.Close()
	}
	if err := d.recordPlan(ctx); err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	for _, n := range p.Networks {
		f, closeFn, err := d.follower(ctx, n)
		if err != nil {
			return err
		}
		defer closeFn()
		g.Go(func() error { return d.lead(ctx, n.Name, f) })
	}
	g.Go(func() error { return d.runner.Run(ctx) })
	g.Go(func() error { return d.tick(ctx) })
	addr := ""
	if d.cfg.Listen != "off" {
		ln, err := d.listen()
		if err != nil {
			return err
		}
		addr = ln.Addr().String()
		srv, err := d.api()
		if err != nil {
			ln.Close()
			return err
		}
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

// recordPlan stores the plan version in force, with an audit entry.
func (d *Daemon) recordPlan(ctx context.Context) error {
	p := d.cfg.Plan
	return d.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		isNew, err := tx.SavePlanVersion(ctx, store.PlanVersion{Hash: p.Hash, Content: p.Source})
		if err != nil {
			return fmt.Errorf("record plan version: %w", err)
		}
		if !isNew {
			return nil
		}
		_, err = tx.AppendAudit(ctx, audit.Record{Actor: incident.System, Action: "plan.loaded", Subject: "plan:" + p.Hash, Payload: []byte(p.Path)})
		return err
	})
}

// follower builds the client, engine, pipeline and Follower of a network.
func (d *Daemon) follower(ctx context.Context, n plan.Network) (*chain.Follower, func(), error) {
	urls := make([]string, 0, len(n.RPC))
	for _, e := range n.RPC {
		u, err := e.Resolve()
		if err != nil {
			return nil, nil, fmt.Errorf("network %s: %w", n.Name, err)
		}
		urls = append(urls, u)
	}
	client, err := chain.Dial(ctx, chain.Config{Network: n.Name, ChainID: new(big.Int).SetUint64(n.ChainID), URLs: urls}, d.metrics, d.cfg.Log)
	if err != nil {
		return nil, nil, fmt.Errorf("network %s: %w", n.Name, err)
	}
	eng, err := detect.Compile(d.cfg.Plan, detect.ForNetwork(n.Name), detect.WithMetrics(d.detectors))
	if err != nil {
		client.Close()
		return nil, nil, fmt.Errorf("network %s: compile detectors: %w", n.Name, err)
	}
	st := &stage{d: d}
	sink, err := pipeline.NewSink(pipeline.Config{
		Network: n.Name, MaxReorgDepth: int(n.MaxReorgDepth),
		Hooks: pipeline.Hooks{Alerts: st.alerts, Retracted: d.mgr.Retract},
	}, d.cfg.Store, eng, client, d.cfg.Log)
	if err != nil {
		client.Close()
		return nil, nil, err
	}
	st.Sink = sink
	fc := chain.FollowerConfig{
		Network: n.Name, Confirmations: n.Confirmations, NeedTraces: eng.NeedsTraces(n.Name),
		PollInterval: time.Duration(n.PollInterval), MaxReorgDepth: n.MaxReorgDepth,
	}
	if start, ok := startBlock(d.cfg.Plan, n.Name); ok {
		fc.StartBlock = &start
	}
	f, err := chain.NewFollower(fc, client, st, d.metrics, d.cfg.Log)
	if err != nil {
		client.Close()
		return nil, nil, err
	}
	return f, client.Close, nil
}

// stage is one network's sink with the daemon's next stages hooked in:
// incidents and containment inside the block's transaction, and after it
// commits, the outbox woken and the observer told.
type stage struct {
	*pipeline.Sink
	d        *Daemon
	fresh    []store.Alert
	outcomes []incident.Outcome
}

func (s *stage) alerts(ctx context.Context, tx store.Tx, fresh []pipeline.NewAlert) error {
	s.fresh = s.fresh[:0]
	for _, a := range fresh {
		s.fresh = append(s.fresh, a.Stored)
	}
	out, err := s.d.mgr.Ingest(ctx, tx, s.fresh)
	if err != nil {
		return err
	}
	s.outcomes = out
	if s.d.cfg.Responder != nil && len(out) > 0 {
		if err := s.d.cfg.Responder.Respond(ctx, tx, out); err != nil {
			return fmt.Errorf("respond: %w", err)
		}
	}
	return nil
}

// ProcessBlock runs the sink, then wakes the outbox and tells the observer.
func (s *stage) ProcessBlock(ctx context.Context, b *chain.Block) error {
	start := time.Now()
	s.fresh, s.outcomes = s.fresh[:0], nil
	if err := s.Sink.ProcessBlock(ctx, b); err != nil {
		return err
	}
	if len(s.fresh) > 0 {
		s.d.runner.Wake()
	}
	if s.d.cfg.Observer != nil {
		s.d.cfg.Observer.Stored(b, append([]store.Alert(nil), s.fresh...), s.outcomes, time.Since(start))
	}
	return nil
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

// lead follows a network while this daemon holds its lease, so that
// several daemons sharing one database never follow it twice at once.
func (d *Daemon) lead(ctx context.Context, network string, f *chain.Follower) error {
	name := "follow/" + network
	for {
		var held bool
		err := d.cfg.Store.Tx(ctx, func(tx store.Tx) error {
			var err error
			held, err = tx.AcquireLease(ctx, name, d.cfg.ID, d.cfg.LeaseTTL)
			return err
		})
		if err != nil && ctx.Err() == nil {
			d.cfg.Log.Error("lease", "network", network, "err", err)
		}
		if held {
			d.cfg.Log.Info("following", "network", network, "daemon", d.cfg.ID)
			if err := d.followWhileLeader(ctx, name, f); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			release := context.WithoutCancel(ctx)
			_ = d.cfg.Store.Tx(release, func(tx store.Tx) error { return tx.ReleaseLease(release, name, d.cfg.ID) })
			return nil
		case <-time.After(d.cfg.LeaseTTL / 3):
		}
	}
}

func (d *Daemon) followWhileLeader(ctx context.Context, lease string, f *chain.Follower) error {
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- f.Run(fctx) }()
	t := time.NewTicker(d.cfg.LeaseTTL / 3)
	defer t.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-t.C:
			var held bool
			err := d.cfg.Store.Tx(ctx, func(tx store.Tx) error {
				var err error
				held, err = tx.RenewLease(ctx, lease, d.cfg.ID, d.cfg.LeaseTTL)
				return err
			})
			if err == nil && !held {
				d.cfg.Log.Warn("lost the lease; another daemon follows now", "lease", lease)
				stop()
				<-done
				return nil
			}
		}
	}
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
		{"escalate", d.mgr.Escalate},
		{"status updates", d.comms.Tick},
		{"obligation reminders", d.reminders.Tick},
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
	for _, c := range d.cfg.Plan.Channels {
		if c.Name == failed || c.Audience == plan.AudienceExternal {
			continue
		}
		if _, err := notify.Enqueue(ctx, tx, it.IncidentID, c.Name, msg); err != nil {
			return err
		}
	}
	return nil
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

func (d *Daemon) api() (*http.Server, error) {
	tokens, err := server.TokensFromPlan(d.cfg.Plan)
	if err != nil {
		return nil, err
	}
	api := server.New(d.cfg.Store, d.mgr, tokens, d.cfg.Log)
	api.Wake = d.runner.Wake
	mux := http.NewServeMux()
	mux.Handle("/", api.Handler())
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.reg, promhttp.HandlerOpts{}))
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, nil
}

// templates builds the notification templates with the plan's overrides.
func templates(p *plan.Plan) (*notify.Templates, error) {
	over := map[string]string{}
	for _, t := range p.Templates {
		auds := []string{plan.AudienceInternal, plan.AudienceExternal}
		if t.Audience != "" {
			auds = []string{t.Audience}
		}
		for _, a := range auds {
			over[t.Event+"."+a+".body"] = t.Text
		}
	}
	return notify.NewTemplates(over)
}

// Templates returns the notification templates of a plan, with its
// overrides (for commands that change incidents outside the daemon).
func Templates(p *plan.Plan) (*notify.Templates, error) { return templates(p) }
