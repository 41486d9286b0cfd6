package daemon

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// inForce is what this daemon knows of the plan in force (the plan version
// started last among the daemons sharing the store): a daemon with another
// plan follows but neither commits blocks (pipeline.Claim checks it in
// each block's transaction) nor carries out the outbox.
type inForce struct {
	mu    sync.Mutex
	hash  string // the plan in force, as last read
	known bool
	gauge prometheus.Gauge
}

// newInForce registers breakglass_plan_in_force on reg.
func newInForce(reg prometheus.Registerer) (*inForce, error) {
	p := &inForce{gauge: prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "breakglass_plan_in_force",
		Help: "1 while this daemon's plan is the plan in force (the one started last among the daemons sharing the store), else 0: it then neither commits blocks nor runs the outbox.",
	})}
	p.gauge.Set(1)
	return p, reg.Register(p.gauge)
}

// get returns the plan in force as last read, and whether it was read.
func (p *inForce) get() (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hash, p.known
}

func (p *inForce) set(hash string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hash, p.known = hash, true
}

// mine reports whether this daemon's plan is in force (true until known
// otherwise).
func (d *Daemon) mine() bool {
	h, known := d.plan.get()
	return !known || h == d.cfg.Plan.Hash
}

// watchPlan reads the plan in force every HealthEvery and says when this
// daemon's plan stops or starts being it. When the plan in force is run by
// no live daemon any more (their membership leases expired: every daemon
// with the newer plan is gone) and this daemon has been up for a lease's
// length, it makes its own plan the plan in force again, so that a rolling
// change whose new daemons died does not leave the network to nobody.
func (d *Daemon) watchPlan(ctx context.Context) error {
	started := time.Now()
	t := time.NewTicker(d.cfg.HealthEvery)
	defer t.Stop()
	for {
		d.checkPlan(ctx, time.Since(started) > d.cfg.LeaseTTL)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (d *Daemon) checkPlan(ctx context.Context, mayReclaim bool) {
	mine := d.cfg.Plan.Hash
	cur, err := d.cfg.Store.PlanInForce(ctx)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) && ctx.Err() == nil {
			d.cfg.Log.Warn("read the plan in force", "err", err)
		}
		return
	}
	if cur != mine && mayReclaim {
		running, err := d.memberPlans(ctx)
		if err == nil && !running[cur] {
			err = d.cfg.Store.Tx(ctx, func(tx store.Tx) error {
				// Another daemon may have done it meanwhile.
				if now, err := tx.PlanInForce(ctx); err != nil || now != cur {
					return err
				}
				if err := tx.StartPlanVersion(ctx, mine); err != nil {
					return err
				}
				_, err := tx.AppendAudit(ctx, audit.Record{Actor: incident.System, Action: "plan.reinstated", Subject: "plan:" + mine,
					Payload: []byte("no running daemon had the plan in force " + cur)})
				return err
			})
			if err == nil {
				d.cfg.Log.Warn("no running daemon has the plan in force any more: this daemon's plan is the plan in force again",
					"plan", mine, "was", cur)
				cur = mine
			} else if ctx.Err() == nil {
				d.cfg.Log.Warn("reinstate this daemon's plan", "err", err)
			}
		}
	}
	prev, known := d.plan.get()
	d.plan.set(cur)
	if cur == mine {
		d.plan.gauge.Set(1)
	} else {
		d.plan.gauge.Set(0)
	}
	switch {
	case cur != mine && (!known || prev == mine):
		d.cfg.Log.Error("this daemon's plan is not the plan in force: it follows but neither commits blocks nor carries out the outbox; restart it with the plan in force",
			"plan", mine, "in_force", cur)
	case cur == mine && known && prev != mine:
		d.cfg.Log.Info("this daemon's plan is the plan in force again: it commits and runs the outbox", "plan", mine)
	}
}

// memberPlans returns the plans of the daemons whose membership lease is
// live.
func (d *Daemon) memberPlans(ctx context.Context) (map[string]bool, error) {
	ls, err := d.cfg.Store.Leases(ctx, memberPrefix)
	if err != nil {
		return nil, err
	}
	now := d.cfg.Now()
	out := map[string]bool{d.cfg.Plan.Hash: true}
	for _, l := range ls {
		if _, plan := parseMember(l.Name); l.ExpiresAt.After(now) && plan != "" {
			out[plan] = true
		}
	}
	return out, nil
}

// memberName is the name of a daemon's membership lease: its ID and the
// hash of the plan it runs.
func memberName(id, plan string) string { return memberPrefix + id + "/" + plan }

// parseMember splits a membership lease's name.
func parseMember(name string) (id, plan string) {
	rest := strings.TrimPrefix(name, memberPrefix)
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return rest, ""
	}
	return rest[:i], rest[i+1:]
}
