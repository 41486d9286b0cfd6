// Package outbox carries out the side effects that state changes wrote to
// the store's outbox in their own transaction: notifications, containment
// steps. A Runner claims due items, hands each to the handler of its kind,
// and records the outcome: done, retried later with exponential backoff and
// jitter (honouring a destination's Retry-After), or dead after too many
// attempts or a final refusal. Every outcome of an item that belongs to an
// incident is on the incident's timeline. Handlers must be idempotent by the
// item's key: a crash after a handler acted and before the outcome was
// recorded makes the item run again once its lease expires.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
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

// Config tunes a Runner. Zero fields take the defaults in brackets.
type Config struct {
	// Worker identifies this runner in leases [breakglass].
	Worker string
	// Batch is how many items one claim takes [16].
	Batch int
	// Lease is how long a claimed item is reserved; it must exceed the
	// slowest handler [2m].
	Lease time.Duration
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
}

func (c *Config) defaults() {
	if c.Worker == "" {
		c.Worker = "breakglass"
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
}

// Runner drains the outbox.
type Runner struct {
	store    store.Store
	handlers map[string]Handler
	cfg      Config
	log      *slog.Logger
	wake     chan struct{}
	mu       sync.Mutex
}

// New returns a runner over s. handlers maps an item kind to its handler;
// a kind "a.b" without its own handler falls back to the handler of "a".
func New(s store.Store, handlers map[string]Handler, cfg Config, log *slog.Logger) *Runner {
	cfg.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{store: s, handlers: handlers, cfg: cfg, log: log, wake: make(chan struct{}, 1)}
}

// Wake makes a running Run look for due items now, e.g. right after a
// transaction enqueued some.
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run drains the outbox until ctx is done.
func (r *Runner) Run(ctx context.Context) error {
	t := time.NewTicker(r.cfg.Poll)
	defer t.Stop()
	for {
		for {
			n, err := r.RunOnce(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				r.log.Error("outbox: claim failed", "err", err)
				break
			}
			if n < r.cfg.Batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-r.wake:
		}
	}
}

// RunOnce claims one batch of due items, carries them out, records the
// outcomes, and returns how many it claimed.
func (r *Runner) RunOnce(ctx context.Context) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var items []store.OutboxItem
	err := r.store.Tx(ctx, func(tx store.Tx) error {
		var err error
		items, err = tx.Claim(ctx, r.cfg.Worker, r.cfg.Batch, r.cfg.Lease)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("claim outbox items: %w", err)
	}
	for _, it := range items {
		r.run(ctx, it)
	}
	return len(items), nil
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
	if h == nil {
		retry, err = true, fmt.Errorf("no handler for kind %q in this process", it.Kind)
	} else {
		retry, err = safeHandle(ctx, h, it)
	}
	if ctx.Err() != nil && err != nil {
		// Shutting down: leave the item leased; it runs again when the lease
		// expires, here or in another daemon.
		return
	}
	if rerr := r.record(context.WithoutCancel(ctx), it, retry, err); rerr != nil {
		r.log.Error("outbox: record outcome", "item", it.ID, "key", it.Key, "err", rerr)
	}
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

func (r *Runner) record(ctx context.Context, it store.OutboxItem, retry bool, cause error) error {
	now := r.cfg.Now()
	return r.store.Tx(ctx, func(tx store.Tx) error {
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
			r.log.Error("outbox: item given up", "item", it.ID, "kind", it.Kind, "key", it.Key, "attempts", it.Attempts, "err", msg)
			if err := r.note(ctx, tx, it, "outbox.dead", fmt.Sprintf("%s failed for good after %d attempts (%s)", it.Kind, it.Attempts, it.Key), msg); err != nil {
				return err
			}
			if r.cfg.OnDead != nil {
				return r.cfg.OnDead(ctx, tx, it, cause)
			}
			return nil
		}
		r.log.Warn("outbox: attempt failed, will retry", "item", it.ID, "kind", it.Kind, "attempt", it.Attempts, "retry_at", retryAt, "err", msg)
		return r.note(ctx, tx, it, "outbox.failed", fmt.Sprintf("%s attempt %d failed, retry at %s (%s)", it.Kind, it.Attempts, retryAt.UTC().Format(time.RFC3339), it.Key), msg)
	})
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
