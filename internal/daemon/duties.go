package daemon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// tellInternal puts msgs in the outbox for every internal channel, in one
// transaction, and wakes the runner.
func (d *Daemon) tellInternal(ctx context.Context, msgs ...notify.Message) error {
	err := d.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		for _, msg := range msgs {
			if err := notify.EnqueueInternal(ctx, tx, "", d.cfg.Plan.Channels, "", msg); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		d.runner.Wake()
	}
	return err
}

// alarm tells the internal channels msgs (if any, and unless ctx ended),
// logging a failure as what.
func (d *Daemon) alarm(ctx context.Context, what string, msgs []notify.Message) {
	if len(msgs) == 0 || ctx.Err() != nil {
		return
	}
	if err := d.tellInternal(ctx, msgs...); err != nil {
		d.cfg.Log.Error(what, "err", err)
	}
}

// problemKey is the outbox key of a problem: prefix and a hash of its
// parts, so that each distinct problem is told once.
func problemKey(prefix string, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "/")))
	return prefix + "/" + hex.EncodeToString(sum[:8])
}

// every calls check at once, then every period and whenever kick
// delivers (nil: never), until ctx ends.
func every(ctx context.Context, period time.Duration, kick <-chan struct{}, check func(context.Context)) error {
	check(ctx)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-kick:
		}
		check(ctx)
	}
}
