package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

const outboxCols = `id, idem_key, kind, queue, incident_id, payload, not_before, status, attempts, last_error, leased_by, lease_until, created_at, updated_at, done_at`

func scanOutbox(rows Rows) (store.OutboxItem, error) {
	var it store.OutboxItem
	var payload string
	var notBefore, leaseUntil, created, updated, done int64
	err := rows.Scan(&it.ID, &it.Key, &it.Kind, &it.Queue, &it.IncidentID, &payload, &notBefore, &it.Status,
		&it.Attempts, &it.LastError, &it.LeasedBy, &leaseUntil, &created, &updated, &done)
	it.Payload = fromText(payload)
	it.NotBefore = fromMicros(notBefore)
	it.LeaseUntil = fromMicros(leaseUntil)
	it.CreatedAt = fromMicros(created)
	it.UpdatedAt = fromMicros(updated)
	it.DoneAt = fromMicros(done)
	return it, err
}

// OutboxItems implements store.Reader.
func (r reader) OutboxItems(ctx context.Context, f store.OutboxFilter) ([]store.OutboxItem, error) {
	var w where
	in(&w, "status", f.Statuses)
	if f.IncidentID != "" {
		w.add("incident_id = %s", f.IncidentID)
	}
	if f.Kind != "" {
		w.add("kind = %s", f.Kind)
	}
	out, err := queryAll(ctx, r.db, scanOutbox, `SELECT `+outboxCols+` FROM outbox`+w.String()+` ORDER BY id`+limit(f.Limit), w.args...)
	return out, r.b.fail("list outbox", err)
}

// Enqueue implements store.Writer.
func (t *tx) Enqueue(ctx context.Context, it store.OutboxItem) (bool, error) {
	if it.Key == "" {
		return false, fmt.Errorf("enqueue %s: empty idempotency key", it.Kind)
	}
	now, err := t.sharedNow(ctx)
	if err != nil {
		return false, err
	}
	if it.NotBefore.IsZero() {
		it.NotBefore = now
	}
	n, err := t.db.Exec(ctx, `INSERT INTO outbox (idem_key, kind, queue, incident_id, payload, not_before, status, attempts, last_error, leased_by, lease_until, created_at, updated_at, done_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, 0, '', '', 0, $8, $8, 0)
ON CONFLICT (idem_key) DO NOTHING`,
		it.Key, it.Kind, it.Queue, it.IncidentID, text(it.Payload), micros(it.NotBefore), store.OutboxPending, micros(now))
	if err != nil {
		return false, t.b.fail(fmt.Sprintf("enqueue %q", it.Key), err)
	}
	return n == 1, nil
}

// Claim implements store.Writer.
func (t *tx) Claim(ctx context.Context, worker string, n int, leaseFor time.Duration) ([]store.OutboxItem, error) {
	return t.ClaimFiltered(ctx, worker, n, leaseFor, store.ClaimFilter{})
}

// kindCond returns the condition "o.kind is k or under k" for each kind,
// joined by OR, with its parameters added to w.
func kindCond(w *where, kinds []string) string {
	conds := make([]string, len(kinds))
	for i, k := range kinds {
		conds[i] = fmt.Sprintf("o.kind = %s OR substr(o.kind, 1, %s) = %s", w.arg(k), w.arg(len(k)+1), w.arg(k+"."))
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// ClaimFiltered implements store.Writer.
func (t *tx) ClaimFiltered(ctx context.Context, worker string, n int, leaseFor time.Duration, f store.ClaimFilter) ([]store.OutboxItem, error) {
	if n <= 0 {
		return nil, nil
	}
	now, err := t.sharedNow(ctx)
	if err != nil {
		return nil, err
	}
	var w where
	pw, pl, pn, pc := w.arg(worker), w.arg(micros(now.Add(leaseFor))), w.arg(micros(now)), w.arg(n)
	var extra string
	if len(f.Kinds) > 0 {
		extra += " AND " + kindCond(&w, f.Kinds)
	}
	if len(f.ExceptKinds) > 0 {
		extra += " AND NOT " + kindCond(&w, f.ExceptKinds)
	}
	out, err := queryAll(ctx, t.db, scanOutbox, `UPDATE outbox SET leased_by = `+pw+`, lease_until = `+pl+`, attempts = attempts + 1, updated_at = `+pn+`
WHERE id IN (
	SELECT o.id FROM outbox o
	WHERE o.status = 'pending' AND o.not_before <= `+pn+` AND o.lease_until <= `+pn+extra+`
	AND (o.queue = '' OR NOT EXISTS (
		SELECT 1 FROM outbox p WHERE p.queue = o.queue AND p.status = 'pending' AND p.id < o.id))
	ORDER BY o.not_before, o.id
	LIMIT `+pc+t.b.d.SkipLocked+`)
RETURNING `+outboxCols, w.args...)
	if err != nil {
		return nil, t.b.fail(fmt.Sprintf("claim outbox items for %s", worker), err)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].NotBefore.Equal(out[j].NotBefore) {
			return out[i].NotBefore.Before(out[j].NotBefore)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// RenewClaims implements store.Writer.
func (t *tx) RenewClaims(ctx context.Context, worker string, ids []int64, leaseFor time.Duration) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	now, err := t.sharedNow(ctx)
	if err != nil {
		return 0, err
	}
	var w where
	pl, pn := w.arg(micros(now.Add(leaseFor))), w.arg(micros(now))
	w.add("status = %s", store.OutboxPending)
	w.add("leased_by = %s", worker)
	w.add("lease_until > 0")
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	w.conds = append(w.conds, "id IN ("+strings.Join(ph, ", ")+")")
	n, err := t.db.Exec(ctx, `UPDATE outbox SET lease_until = `+pl+`, updated_at = `+pn+w.String(), w.args...)
	if err != nil {
		return 0, t.b.fail(fmt.Sprintf("renew outbox claims of %s", worker), err)
	}
	return int(n), nil
}

// DueNow implements store.Writer.
func (t *tx) DueNow(ctx context.Context, kinds []string) (int, error) {
	if len(kinds) == 0 {
		return 0, nil
	}
	now, err := t.sharedNow(ctx)
	if err != nil {
		return 0, err
	}
	var w where
	pn := w.arg(micros(now))
	cond := strings.ReplaceAll(kindCond(&w, kinds), "o.kind", "kind")
	n, err := t.db.Exec(ctx, `UPDATE outbox SET not_before = `+pn+`, updated_at = `+pn+`
WHERE status = 'pending' AND not_before > `+pn+` AND lease_until <= `+pn+` AND `+cond, w.args...)
	if err != nil {
		return 0, t.b.fail(fmt.Sprintf("make %v due now", kinds), err)
	}
	return int(n), nil
}

// ReleaseClaims implements store.Writer.
func (t *tx) ReleaseClaims(ctx context.Context, worker string) (int, error) {
	n, err := t.db.Exec(ctx, `UPDATE outbox SET lease_until = 0, updated_at = $1 WHERE status = $2 AND leased_by = $3 AND lease_until > 0`,
		micros(t.b.timeNow()), store.OutboxPending, worker)
	if err != nil {
		return 0, t.b.fail(fmt.Sprintf("release outbox claims of %s", worker), err)
	}
	return int(n), nil
}

// Complete implements store.Writer.
func (t *tx) Complete(ctx context.Context, id int64) error {
	now := micros(t.b.timeNow())
	n, err := t.db.Exec(ctx, `UPDATE outbox SET status = $1, done_at = $2, updated_at = $2, lease_until = 0 WHERE id = $3`,
		store.OutboxDone, now, id)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return t.b.fail(fmt.Sprintf("complete outbox item %d", id), err)
}

// Fail implements store.Writer.
func (t *tx) Fail(ctx context.Context, id int64, retryAt time.Time, errMsg string) error {
	now := micros(t.b.timeNow())
	var n int64
	var err error
	if retryAt.IsZero() {
		n, err = t.db.Exec(ctx, `UPDATE outbox SET status = $1, last_error = $2, lease_until = 0, done_at = $3, updated_at = $3 WHERE id = $4`,
			store.OutboxDead, errMsg, now, id)
	} else {
		n, err = t.db.Exec(ctx, `UPDATE outbox SET last_error = $1, lease_until = 0, not_before = $2, updated_at = $3 WHERE id = $4`,
			errMsg, micros(retryAt.UTC().Truncate(time.Microsecond)), now, id)
	}
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return t.b.fail(fmt.Sprintf("fail outbox item %d", id), err)
}

// Lease implements store.Reader.
func (r reader) Lease(ctx context.Context, name string) (store.Lease, error) {
	var l store.Lease
	var acquired, expires int64
	err := queryOne(ctx, r.db, func(rows Rows) error { return rows.Scan(&l.Name, &l.Holder, &acquired, &expires) },
		`SELECT name, holder, acquired_at, expires_at FROM leases WHERE name = $1`, name)
	if err != nil {
		return store.Lease{}, r.b.fail(fmt.Sprintf("lease %q", name), err)
	}
	l.AcquiredAt = fromMicros(acquired)
	l.ExpiresAt = fromMicros(expires)
	return l, nil
}

// Leases implements store.Reader.
func (r reader) Leases(ctx context.Context, prefix string) ([]store.Lease, error) {
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix) + "%"
	out, err := queryAll(ctx, r.db, func(rows Rows) (store.Lease, error) {
		var l store.Lease
		var acquired, expires int64
		err := rows.Scan(&l.Name, &l.Holder, &acquired, &expires)
		l.AcquiredAt, l.ExpiresAt = fromMicros(acquired), fromMicros(expires)
		return l, err
	}, `SELECT name, holder, acquired_at, expires_at FROM leases WHERE name LIKE $1 ESCAPE '\' ORDER BY name`, like)
	return out, r.b.fail(fmt.Sprintf("leases %q…", prefix), err)
}

// AcquireLease implements store.Writer.
func (t *tx) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now, err := t.sharedNow(ctx)
	if err != nil {
		return false, err
	}
	var got string
	err = queryOne(ctx, t.db, func(rows Rows) error { return rows.Scan(&got) },
		`INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (name) DO UPDATE SET
	acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
	holder = excluded.holder,
	expires_at = excluded.expires_at
WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at
RETURNING holder`, name, holder, micros(now), micros(now.Add(ttl)))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, t.b.fail(fmt.Sprintf("acquire lease %q", name), err)
	}
	return got == holder, nil
}

// RenewLease implements store.Writer.
func (t *tx) RenewLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now, err := t.sharedNow(ctx)
	if err != nil {
		return false, err
	}
	n, err := t.db.Exec(ctx, `UPDATE leases SET expires_at = $1 WHERE name = $2 AND holder = $3`,
		micros(now.Add(ttl)), name, holder)
	if err != nil {
		return false, t.b.fail(fmt.Sprintf("renew lease %q", name), err)
	}
	return n == 1, nil
}

// ReleaseLease implements store.Writer.
func (t *tx) ReleaseLease(ctx context.Context, name, holder string) error {
	_, err := t.db.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder)
	return t.b.fail(fmt.Sprintf("release lease %q", name), err)
}
