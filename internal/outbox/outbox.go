// Package outbox carries out the side effects that state changes wrote to
// the store's outbox in their own transaction: notifications, containment
// steps. A Runner claims due items in lanes (containment apart, each
// notification channel bounded on its own, so nothing waits behind a slow
// channel), renews the leases of what it holds, hands each item to the
// handler of its kind, and records the outcome: done, retried later with exponential backoff and
// jitter (honouring a destination's Retry-After), or dead after too many
// attempts or a final refusal. Every outcome of an item that belongs to an
// incident is on the incident's timeline. Handlers must be idempotent by the
// item's key: a crash after a handler acted and before the outcome was
// recorded makes the item run again once its lease expires, or at once when
// the daemon restarts under the same worker identity.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Handler carries out one item. It returns retry=true when a failure is
// transient; retry=false with an error gives the item up at once.
type Handler interface {
	Handle(ctx context.Context, item store.OutboxItem) (retry bool, err error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, item store.OutboxItem) (bool, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, item store.OutboxItem) (bool, error) {
	return f(ctx, item)
}

// retryAfter is implemented by errors that carry the wait a destination
// asked for (notify.RetryAfterError).
type retryAfter interface {
	RetryAfterDelay() time.Duration
}

// DeadFunc is called, inside the transaction that gives an item up, so the
// caller can raise the alarm (e.g. enqueue a "notification failed" message
// to the other channels). It must not enqueue an item that could die the
// same way forever.
type DeadFunc func(ctx context.Context, tx store.Tx, item store.OutboxItem, cause error) error

// Lane is a part of the outbox with its own claim loop, so that its items
// never wait behind another lane's: containment does not queue behind
// notifications. Within a lane items run concurrently, at most PerKind of
// one kind at a time (one kind per notification channel), so one slow
// channel does not hold the others back.
type Lane struct {
	// Name labels the lane in logs and metrics.
	Name string
	// Kinds are the item kinds the lane carries out ("notify" takes
	// "notify.slack" too). A lane without kinds takes every kind that no
	// other lane lists.
	Kinds []string
	// Lease is how long a claimed item is reserved between renewals; a
	// running lane renews the leases of what it holds every Lease/3, so it
	// need not exceed the slowest handler, only the time a dead process's
	// items may wait for another daemon [Config.Lease].
	Lease time.Duration
	// PerKind bounds the items of one kind in flight [4].
	PerKind int
	// Max bounds the items in flight in the lane [4*Config.Batch].
	Max int

	rest []string // for a lane without kinds: the kinds other lanes take
}

// Config tunes a Runner. Zero fields take the defaults in brackets.
type Config struct {
	// Worker identifies this runner in leases. It must name this runner
	// alone among the live ones: Run takes back at once the items leased
	// to Worker, left by a previous run of the same identity that died
	// [host:pid].
	Worker string
	// Batch is how many items one claim takes [16].
	Batch int
	// Lease is the default lease of a lane's claims [2m]. RunOnce does
	// not renew leases: there it must exceed the slowest handler.
	Lease time.Duration
	// Lanes split the outbox by kind, in priority order (RunOnce runs the
	// first lane's items first) [one lane for every kind].
	Lanes []Lane
	// Poll is how often the store is polled when idle [500ms].
	Poll time.Duration
	// BaseDelay and MaxDelay bound the backoff between attempts [1s, 5m].
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// MaxAttempts gives an item up after that many attempts [20].
	MaxAttempts int
	// Now is the clock [time.Now].
	Now func() time.Time
	// Rand returns a float in [0,1) for jitter [math/rand/v2].
	Rand func() float64
	// OnDead is called when an item is given up.
	OnDead DeadFunc
	// Metrics, if set, receives attempts, retries, dead items and
	// latencies by kind and channel (see NewMetrics).
	Metrics *Metrics
}

func (c *Config) defaults() {
	if c.Worker == "" {
		host, _ := os.Hostname()
		c.Worker = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if c.Batch <= 0 {
		c.Batch = 16
	}
	if c.Lease <= 0 {
		c.Lease = 2 * time.Minute
	}
	if c.Poll <= 0 {
		c.Poll = 500 * time.Millisecond
	}
	if c.BaseDelay <= 0 {
		c.BaseDelay = time.Second
	}
	if c.MaxDelay <= 0 {
		c.MaxDelay = 5 * time.Minute
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 20
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Rand == nil {
		c.Rand = rand.Float64
	}
	if len(c.Lanes) == 0 {
		c.Lanes = []Lane{{Name: "all"}}
	}
	c.Lanes = slices.Clone(c.Lanes)
	var listed []string
	for _, l := range c.Lanes {
		listed = append(listed, l.Kinds...)
	}
	for i := range c.Lanes {
		l := &c.Lanes[i]
		if l.Name == "" {
			l.Name = strings.Join(l.Kinds, "+")
		}
		if l.Name == "" {
			l.Name = "other"
		}
		if l.Lease <= 0 {
			l.Lease = c.Lease
		}
		if l.PerKind <= 0 {
			l.PerKind = 4
		}
		if l.Max <= 0 {
			l.Max = 4 * c.Batch
		}
	}
	// A lane without kinds takes the rest.
	for i := range c.Lanes {
		if len(c.Lanes[i].Kinds) == 0 {
			c.Lanes[i].rest = listed
		}
	}
}

// filter is the claim filter of the lane, leaving out the kinds in full.
func (l *Lane) filter(full []string) store.ClaimFilter {
	return store.ClaimFilter{Kinds: l.Kinds, ExceptKinds: append(slices.Clone(l.rest), full...)}
}

// Runner drains the outbox.
type Runner struct {
	store    store.Store
	handlers map[string]Handler
	cfg      Config
	log      *slog.Logger
	lanes    []*lane
	mu       sync.Mutex
}

// New returns a runner over s. handlers maps an item kind to its handler;
// a kind "a.b" without its own handler falls back to the handler of "a".
func New(s store.Store, handlers map[string]Handler, cfg Config, log *slog.Logger) *Runner {
	cfg.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Runner{store: s, handlers: handlers, cfg: cfg, log: log}
	for i := range r.cfg.Lanes {
		r.lanes = append(r.lanes, &lane{r: r, cfg: &r.cfg.Lanes[i], wake: make(chan struct{}, 1),
			inflight: map[string]int{}, waiting: map[string][]store.OutboxItem{}, held: map[int64]bool{}})
	}
	return r
}

// Wake makes a running Run look for due items now, e.g. right after a
// transaction enqueued some.
func (r *Runner) Wake() {
	for _, l := range r.lanes {
		l.poke()
	}
}

// Run drains the outbox until ctx is done, each lane on its own, and
// returns once every item it started has ended. It first takes back the
// items still leased to its Worker: they were left by a previous run of
// this identity, which is gone.
func (r *Runner) Run(ctx context.Context) error {
	var released int
	err := r.store.Tx(ctx, func(tx store.Tx) (err error) {
		released, err = tx.ReleaseClaims(ctx, r.cfg.Worker)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		// Not fatal: the items come back when their leases expire.
		r.log.Error("outbox: take back the items of a previous run", "worker", r.cfg.Worker, "err", err)
	} else if released > 0 {
		r.log.Info("outbox: resuming the items a previous run of this daemon left", "worker", r.cfg.Worker, "items", released)
	}
	var wg sync.WaitGroup
	for _, l := range r.lanes {
		wg.Go(func() { l.run(ctx) })
	}
	wg.Wait()
	return nil
}

// RunOnce claims one batch of due items per lane, carries them out one by
// one (the first lane's first), records the outcomes, and returns how many
// it claimed. It does not renew leases.
func (r *Runner) RunOnce(ctx context.Context) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	total := 0
	for _, l := range r.lanes {
		var items []store.OutboxItem
		err := r.store.Tx(ctx, func(tx store.Tx) error {
			var err error
			items, err = tx.ClaimFiltered(ctx, r.cfg.Worker, r.cfg.Batch, l.cfg.Lease, l.cfg.filter(nil))
			return err
		})
		if err != nil {
			return total, fmt.Errorf("claim outbox items (lane %s): %w", l.cfg.Name, err)
		}
		for _, it := range items {
			r.run(ctx, it)
		}
		total += len(items)
	}
	return total, nil
}

// lane is a running Lane: what it holds, per kind.
type lane struct {
	r    *Runner
	cfg  *Lane
	wake chan struct{}

	mu       sync.Mutex
	total    int                           // claimed and not finished
	inflight map[string]int                // running, per kind
	waiting  map[string][]store.OutboxItem // claimed, waiting for a slot of their kind
	held     map[int64]bool                // ids claimed and not finished
	wg       sync.WaitGroup
}

func (l *lane) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// run claims and dispatches until ctx ends, renewing the leases of what
// it holds, then waits for what it started.
func (l *lane) run(ctx context.Context) {
	defer l.wg.Wait()
	l.wg.Go(func() { l.renew(ctx) })
	t := time.NewTicker(l.r.cfg.Poll)
	defer t.Stop()
	for {
		for {
			n, want, err := l.claim(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				l.r.log.Error("outbox: claim failed", "lane", l.cfg.Name, "err", err)
				break
			}
			if n < want || want == 0 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-l.wake:
		}
	}
}

// claim takes as many due items as the lane has room for, leaving out the
// kinds at their bound, and starts them.
func (l *lane) claim(ctx context.Context) (n, want int, err error) {
	l.mu.Lock()
	want = min(l.r.cfg.Batch, l.cfg.Max-l.total)
	var full []string
	for k, c := range l.inflight {
		if c >= l.cfg.PerKind {
			full = append(full, k)
		}
	}
	l.mu.Unlock()
	if want <= 0 {
		return 0, 0, nil
	}
	var items []store.OutboxItem
	err = l.r.store.Tx(ctx, func(tx store.Tx) error {
		var err error
		items, err = tx.ClaimFiltered(ctx, l.r.cfg.Worker, want, l.cfg.Lease, l.cfg.filter(full))
		return err
	})
	if err != nil {
		return 0, want, fmt.Errorf("claim outbox items (lane %s): %w", l.cfg.Name, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, it := range items {
		l.total++
		l.held[it.ID] = true
		l.r.cfg.Metrics.flight(l.cfg.Name, 1)
		if l.inflight[it.Kind] >= l.cfg.PerKind {
			l.waiting[it.Kind] = append(l.waiting[it.Kind], it)
			continue
		}
		l.start(ctx, it)
	}
	return len(items), want, nil
}

// start runs it in its own goroutine; l.mu is held.
func (l *lane) start(ctx context.Context, it store.OutboxItem) {
	l.inflight[it.Kind]++
	l.wg.Go(func() {
		l.r.run(ctx, it)
		l.finished(ctx, it)
	})
}

// finished frees its slot: the next item of its kind waiting starts.
func (l *lane) finished(ctx context.Context, it store.OutboxItem) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	delete(l.held, it.ID)
	l.r.cfg.Metrics.flight(l.cfg.Name, -1)
	l.inflight[it.Kind]--
	if l.inflight[it.Kind] == 0 {
		delete(l.inflight, it.Kind)
	}
	if q := l.waiting[it.Kind]; len(q) > 0 && ctx.Err() == nil {
		next := q[0]
		if len(q) == 1 {
			delete(l.waiting, it.Kind)
		} else {
			l.waiting[it.Kind] = q[1:]
		}
		l.start(ctx, next)
	}
	l.poke()
}

// renew extends the leases of what the lane holds every Lease/3, so that
// a live daemon keeps its items however long they take, and a dead one's
// come back after one short lease.
func (l *lane) renew(ctx context.Context) {
	t := time.NewTicker(max(l.cfg.Lease/3, time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		l.mu.Lock()
		ids := make([]int64, 0, len(l.held))
		for id := range l.held {
			ids = append(ids, id)
		}
		l.mu.Unlock()
		if len(ids) == 0 {
			continue
		}
		var n int
		err := l.r.store.Tx(ctx, func(tx store.Tx) (err error) {
			n, err = tx.RenewClaims(ctx, l.r.cfg.Worker, ids, l.cfg.Lease)
			return err
		})
		switch {
		case err != nil && ctx.Err() == nil:
			l.r.log.Error("outbox: renew leases", "lane", l.cfg.Name, "items", len(ids), "err", err)
		case err == nil && n < len(ids):
			// Some ended meanwhile, or (a stalled daemon) were taken over.
			l.r.log.Debug("outbox: fewer leases renewed than held", "lane", l.cfg.Name, "held", len(ids), "renewed", n)
		}
	}
}

func (r *Runner) handler(kind string) Handler {
	if h, ok := r.handlers[kind]; ok {
		return h
	}
	if i := strings.IndexByte(kind, '.'); i > 0 {
		return r.handlers[kind[:i]]
	}
	return nil
}

func (r *Runner) run(ctx context.Context, it store.OutboxItem) {
	h := r.handler(it.Kind)
	var (
		retry bool
		err   error
	)
	began := time.Now()
	if h == nil {
		retry, err = true, fmt.Errorf("no handler for kind %q in this process", it.Kind)
	} else {
		retry, err = safeHandle(ctx, h, it)
	}
	took := time.Since(began)
	if ctx.Err() != nil && err != nil {
		// Shutting down: leave the item leased; it runs again when the lease
		// expires, here or in another daemon.
		return
	}
	outcome, rerr := r.record(context.WithoutCancel(ctx), it, retry, err)
	if rerr != nil {
		r.log.Error("outbox: record outcome", "item", it.ID, "key", it.Key, "err", rerr)
		return
	}
	r.cfg.Metrics.attempt(it.Kind, took, outcome, r.cfg.Now().Sub(it.NotBefore))
}

func safeHandle(ctx context.Context, h Handler, it store.OutboxItem) (retry bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			retry, err = true, fmt.Errorf("handler panicked: %v", p)
		}
	}()
	return h.Handle(ctx, it)
}

// Backoff returns the delay before attempt+1 after a failed attempt
// (attempts counted from 1): exponential from BaseDelay, capped at MaxDelay,
// with "equal jitter" (half fixed, half random) so that many failed items do
// not come back at once.
func (r *Runner) Backoff(attempt int) time.Duration {
	d := r.cfg.BaseDelay
	for i := 1; i < attempt && d < r.cfg.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, r.cfg.MaxDelay)
	half := d / 2
	return half + time.Duration(r.cfg.Rand()*float64(d-half))
}

func (r *Runner) record(ctx context.Context, it store.OutboxItem, retry bool, cause error) (string, error) {
	now := r.cfg.Now()
	outcome := outcomeDone
	err := r.store.Tx(ctx, func(tx store.Tx) error {
		outcome = outcomeDone
		if cause == nil {
			if err := tx.Complete(ctx, it.ID); err != nil {
				return err
			}
			return r.note(ctx, tx, it, "outbox.done", fmt.Sprintf("%s delivered (%s)", it.Kind, it.Key), "")
		}
		dead := !retry || it.Attempts >= r.cfg.MaxAttempts
		var retryAt time.Time
		if !dead {
			delay := r.Backoff(it.Attempts)
			var ra retryAfter
			if errors.As(cause, &ra) && ra.RetryAfterDelay() > delay {
				delay = ra.RetryAfterDelay()
			}
			retryAt = now.Add(delay)
		}
		msg := cause.Error()
		if err := tx.Fail(ctx, it.ID, retryAt, msg); err != nil {
			return err
		}
		if dead {
			outcome = outcomeDead
			r.log.Error("outbox: item given up", "item", it.ID, "kind", it.Kind, "key", it.Key, "attempts", it.Attempts, "err", msg)
			if err := r.note(ctx, tx, it, "outbox.dead", fmt.Sprintf("%s failed for good after %d attempts (%s)", it.Kind, it.Attempts, it.Key), msg); err != nil {
				return err
			}
			if r.cfg.OnDead != nil {
				return r.cfg.OnDead(ctx, tx, it, cause)
			}
			return nil
		}
		outcome = outcomeRetry
		r.log.Warn("outbox: attempt failed, will retry", "item", it.ID, "kind", it.Kind, "attempt", it.Attempts, "retry_at", retryAt, "err", msg)
		return r.note(ctx, tx, it, "outbox.failed", fmt.Sprintf("%s attempt %d failed, retry at %s (%s)", it.Kind, it.Attempts, retryAt.UTC().Format(time.RFC3339), it.Key), msg)
	})
	return outcome, err
}

// note puts an item's outcome on its incident's timeline and in the audit
// log; items outside an incident only go to the audit log.
func (r *Runner) note(ctx context.Context, tx store.Tx, it store.OutboxItem, kind, message, errMsg string) error {
	data := fmt.Appendf(nil, `{"item":%d,"kind":%q,"key":%q,"attempts":%d,"error":%q}`, it.ID, it.Kind, it.Key, it.Attempts, errMsg)
	if it.IncidentID != "" {
		// The store seals the event in the audit log.
		_, err := tx.AppendTimeline(ctx, store.TimelineEvent{IncidentID: it.IncidentID, Actor: "breakglass", Kind: kind, Message: message, Data: data})
		return err
	}
	_, err := tx.AppendAudit(ctx, audit.Record{Actor: "breakglass", Action: kind, Subject: "outbox:" + it.Key, Payload: data})
	return err
}
