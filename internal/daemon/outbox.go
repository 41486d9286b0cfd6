package daemon

import (
	"context"
	"path/filepath"
	"time"

	"github.com/breakglass-dev/breakglass/internal/instance"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// ContainmentLease is how long a containment step claimed by a daemon that
// stops renewing it (a dead daemon on another host) waits before another
// daemon takes it over. A restarted daemon takes its own back at once.
const ContainmentLease = 5 * time.Second

// outboxLanes splits the outbox so that containment never waits behind a
// notification: containment in its own lane, notifications in another
// with each channel bounded on its own, and the rest apart.
func outboxLanes() []outbox.Lane {
	return []outbox.Lane{
		{Name: "containment", Kinds: []string{respond.OutboxKind}, Lease: ContainmentLease, PerKind: 16},
		{Name: "notify", Kinds: []string{notify.OutboxKind}, Lease: 30 * time.Second, PerKind: 4},
		{Name: "other", Lease: 30 * time.Second},
	}
}

// identity gives the daemon the identity it keeps across restarts on this
// host (same plan, same database), or a per-process one when another live
// process holds it.
func (d *Daemon) identity() {
	planPath := d.cfg.Plan.Path
	if abs, err := filepath.Abs(planPath); err == nil {
		planPath = abs
	}
	id, err := instance.Claim("", planPath, d.cfg.Database)
	if err != nil {
		d.cfg.Log.Warn("daemon identity is per process: a restart waits for this process's claims to expire", "id", id.Name, "reason", err)
	}
	d.cfg.ID, d.id = id.Name, id
}

// containmentDueNow makes containment steps that wait out a backoff due at
// once: whatever made them fail (a missing key, an unfunded guardian, a
// node down) may be what the restart fixed, so they are not left to the
// backoff their last attempt stored.
func (d *Daemon) containmentDueNow(ctx context.Context) {
	var n int
	err := d.cfg.Store.Tx(ctx, func(tx store.Tx) (err error) {
		n, err = tx.DueNow(ctx, []string{respond.OutboxKind})
		return err
	})
	switch {
	case err != nil:
		d.cfg.Log.Error("retry pending containment now", "err", err)
	case n > 0:
		d.cfg.Log.Info("pending containment retried at once after the restart", "steps", n)
	}
}

// runOutbox runs the outbox runner while this daemon's plan is the plan in
// force (see watchPlan), asked every HealthEvery: a daemon left with a
// superseded plan would carry out effects with the channels and executors
// its peers no longer hold.
func (d *Daemon) runOutbox(ctx context.Context) error {
	return runWhile(ctx, d.cfg.HealthEvery, func(context.Context) bool { return d.mine() }, d.runner.Run)
}
