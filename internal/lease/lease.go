// Package lease is leadership in the database (River's elector as the
// model): a named lease that one holder at a time holds for a TTL and
// renews, so that several daemons sharing one database never do the same
// duty twice at once, and another takes over when the holder dies.
package lease

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Store is what a lease needs of the database; the store's clock decides
// when a lease expires.
type Store interface {
	Tx(ctx context.Context, fn func(tx store.Tx) error) error
	Lease(ctx context.Context, name string) (store.Lease, error)
}

// Lease is one holder's handle on a named lease.
type Lease struct {
	st     Store
	name   string
	holder string
	ttl    time.Duration
	log    *slog.Logger
}

// New returns holder's handle on the lease name, which lasts ttl without
// renewal.
func New(st Store, name, holder string, ttl time.Duration, log *slog.Logger) *Lease {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Lease{st: st, name: name, holder: holder, ttl: ttl, log: log.With("lease", name, "holder", holder)}
}

// Name returns the lease's name.
func (l *Lease) Name() string { return l.name }

// Hold takes the lease if it is free or expired, or keeps it if this
// holder has it; it reports whether this holder holds it now.
func (l *Lease) Hold(ctx context.Context) (held bool, err error) {
	err = l.st.Tx(ctx, func(tx store.Tx) error {
		held, err = tx.AcquireLease(ctx, l.name, l.holder, l.ttl)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("hold lease %s: %w", l.name, err)
	}
	return held, nil
}

// Renew extends the lease by its TTL if this holder still holds it; false
// means it was lost (expired and taken by another).
func (l *Lease) Renew(ctx context.Context) (held bool, err error) {
	err = l.st.Tx(ctx, func(tx store.Tx) error {
		held, err = tx.RenewLease(ctx, l.name, l.holder, l.ttl)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("renew lease %s: %w", l.name, err)
	}
	return held, nil
}

// Resign gives the lease up, if this holder holds it, so that another may
// take it at once rather than when it expires.
func (l *Lease) Resign(ctx context.Context) error {
	err := l.st.Tx(ctx, func(tx store.Tx) error { return tx.ReleaseLease(ctx, l.name, l.holder) })
	if err != nil {
		return fmt.Errorf("resign lease %s: %w", l.name, err)
	}
	return nil
}

// Observe returns who holds the lease and until when; an empty holder
// means nobody has taken it (or it was resigned).
func (l *Lease) Observe(ctx context.Context) (holder string, until time.Time, err error) {
	s, err := l.st.Lease(ctx, l.name)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return "", time.Time{}, nil
		}
		return "", time.Time{}, fmt.Errorf("observe lease %s: %w", l.name, err)
	}
	return s.Holder, s.ExpiresAt, nil
}

// Run runs duty whenever this holder holds the lease: it waits for the
// lease (trying every TTL/3), runs duty with a context that is cancelled
// when the lease is lost, and renews every TTL/3 meanwhile. It returns nil
// when ctx ends, resigning the lease, or duty's error when duty fails.
func (l *Lease) Run(ctx context.Context, duty func(ctx context.Context) error) error {
	every := l.ttl / 3
	for {
		held, err := l.Hold(ctx)
		if err != nil && ctx.Err() == nil {
			l.log.Error("lease", "err", err)
		}
		if held {
			l.log.Info("lease held")
			if err := l.whileHeld(ctx, duty, every); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			rctx := context.WithoutCancel(ctx)
			if err := l.Resign(rctx); err != nil {
				l.log.Warn("resign on stop", "err", err)
			}
			return nil
		case <-time.After(every):
		}
	}
}

// whileHeld runs duty until it returns, ctx ends or the lease is lost.
func (l *Lease) whileHeld(ctx context.Context, duty func(context.Context) error, every time.Duration) error {
	dctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- duty(dctx) }()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-t.C:
			held, err := l.Renew(ctx)
			if err != nil {
				// The database is unreachable: keep going; the lease holds
				// until it expires, and the next renewal tells.
				l.log.Warn("renew", "err", err)
				continue
			}
			if !held {
				l.log.Warn("lost the lease; another holder has it now")
				stop()
				<-done
				return nil
			}
		}
	}
}
