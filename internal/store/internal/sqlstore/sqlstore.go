// Package sqlstore implements store.Store once, over a minimal SQL
// connection interface, for the SQLite and PostgreSQL drivers. The two
// dialects share their SQL (numbered $N parameters, ON CONFLICT, RETURNING),
// keep times as microseconds since the Unix epoch (0 for "not set") and JSON
// as text, so that what one backend stores the other would store the same;
// what differs (row locks, error codes, the schema's DDL) is in Dialect.
package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Rows is a result set being read.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// Querier runs statements.
type Querier interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// Query runs a statement that returns rows.
	Query(ctx context.Context, query string, args ...any) (Rows, error)
}

// Stmt is one statement of a batch.
type Stmt struct {
	Query string
	Args  []any
	// Scan, if set, reads each row the statement returns (a SELECT, or a
	// write's RETURNING).
	Scan func(Rows) error
}

// Batcher may be implemented by a Querier that sends several statements
// to the database in one round trip (PostgreSQL's pipeline); execAll falls
// back to one call each.
type Batcher interface {
	// ExecBatch runs stmts in order, each row they return going to their
	// Scan, and returns the rows each affected (or returned); the first
	// error stops the rest.
	ExecBatch(ctx context.Context, stmts []Stmt) ([]int64, error)
}

// Deferrer may be implemented by a transaction that holds writes back and
// sends them in front of its next statement, or with its COMMIT, in the
// same round trip (PostgreSQL's pipeline). A deferred statement's failure
// is reported by the statement (or the commit) that carried it, and fails
// the transaction: only writes that cannot fail but for the database's own
// trouble are deferred, and none whose result the caller reads.
type Deferrer interface {
	Defer(stmts []Stmt)
}

// execAll runs stmts in order on db, in one round trip where db batches.
func execAll(ctx context.Context, db Querier, stmts []Stmt) ([]int64, error) {
	if b, ok := db.(Batcher); ok {
		return b.ExecBatch(ctx, stmts)
	}
	out := make([]int64, len(stmts))
	for i, st := range stmts {
		if st.Scan != nil {
			rows, err := db.Query(ctx, st.Query, st.Args...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				if err := st.Scan(rows); err != nil {
					_ = rows.Close()
					return nil, err
				}
				out[i]++
			}
			if err := errors.Join(rows.Err(), rows.Close()); err != nil {
				return nil, err
			}
			continue
		}
		n, err := db.Exec(ctx, st.Query, st.Args...)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// execLater runs stmts on db, or defers them where db defers (see
// Deferrer): for writes whose outcome the caller does not wait for.
func execLater(ctx context.Context, db Querier, stmts []Stmt) error {
	if d, ok := db.(Deferrer); ok {
		d.Defer(stmts)
		return nil
	}
	_, err := execAll(ctx, db, stmts)
	return err
}

// TxConn is an open transaction.
type TxConn interface {
	Querier
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// Conn is a database handle: reads run on it directly, writes in Begin's
// transaction.
type Conn interface {
	Querier
	// Begin starts a write transaction.
	Begin(ctx context.Context) (TxConn, error)
	Close() error
}

// Dialect is what differs between the databases.
type Dialect struct {
	// Name is used in error messages ("sqlite", "postgres").
	Name string
	// ForUpdate is appended to a SELECT whose rows must stay locked until
	// the transaction ends (" FOR UPDATE" on PostgreSQL; "" on SQLite, where
	// the write transaction already holds the database lock).
	ForUpdate string
	// SkipLocked is appended to the outbox claim's inner SELECT
	// (" FOR UPDATE SKIP LOCKED" on PostgreSQL).
	SkipLocked string
	// Clock, if not empty, is a query of the database's own time in
	// microseconds since the epoch; the outbox's claims and due times and
	// the leases use it (unless Options.Now is set), so that daemons whose
	// clocks disagree by seconds still agree on who holds what and what is
	// due. Empty: the process's clock (SQLite, a database of one host).
	Clock string
	// MigrationLock, if not empty, runs first in the migration transaction
	// so that two processes opening one database migrate one at a time.
	MigrationLock string
	// WritableCTE: the database takes data-modifying statements in WITH
	// (PostgreSQL), so that an incident's number and row are one
	// statement.
	WritableCTE bool
	// Classify maps a driver error to store.ErrConflict, store.ErrNotFound
	// (a foreign key naming a missing row) or store.ErrUnavailable, or
	// returns nil for other errors.
	Classify func(error) error
}

// Store implements store.Store.
type Store struct {
	reader
	conn Conn
}

// New returns a Store over conn. The schema must be migrated (see Migrate).
func New(conn Conn, d Dialect, opts store.Options) *Store {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &base{d: d, now: now, log: log, dbClock: opts.Now == nil && d.Clock != ""}
	return &Store{reader: reader{db: conn, b: b}, conn: conn}
}

// base is what the Store and its transactions share.
type base struct {
	d   Dialect
	now func() time.Time
	log *slog.Logger
	// dbClock: the shared clock is the database's (Dialect.Clock).
	dbClock bool
}

func (b *base) timeNow() time.Time { return b.now().UTC().Truncate(time.Microsecond) }

// sharedNow is the time that daemons sharing the database agree on: the
// database's clock where the dialect reads it, else the process's.
func (t *tx) sharedNow(ctx context.Context) (time.Time, error) {
	if !t.b.dbClock {
		return t.b.timeNow(), nil
	}
	var us int64
	if err := queryOne(ctx, t.db, func(rows Rows) error { return rows.Scan(&us) }, t.b.d.Clock); err != nil {
		return time.Time{}, t.b.fail("read the database clock", err)
	}
	return fromMicros(us), nil
}

// fail wraps err with the operation and, when the dialect recognises it,
// with the store error it stands for.
func (b *base) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	for _, known := range []error{store.ErrNotFound, store.ErrConflict, store.ErrUnavailable} {
		if errors.Is(err, known) {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", op, err)
	}
	if kind := b.d.Classify(err); kind != nil {
		return fmt.Errorf("%s: %w: %w", op, kind, err)
	}
	return fmt.Errorf("%s: %s: %w", op, b.d.Name, err)
}

// Tx implements store.Store.
func (s *Store) Tx(ctx context.Context, fn func(store.Tx) error) (err error) {
	tc, err := s.conn.Begin(ctx)
	if err != nil {
		return s.b.fail("begin transaction", err)
	}
	done := false
	defer func() {
		if !done {
			// On error or panic: nothing fn wrote is kept. The rollback
			// must run even if ctx was cancelled.
			if rerr := tc.Rollback(context.WithoutCancel(ctx)); rerr != nil {
				s.b.log.Debug("rollback", "err", rerr)
			}
		}
	}()
	if err := fn(&tx{reader: reader{db: tc, b: s.b}}); err != nil {
		return err
	}
	if err := tc.Commit(ctx); err != nil {
		done = true // a failed commit has ended the transaction
		return s.b.fail("commit", err)
	}
	done = true
	return nil
}

// Close implements store.Store.
func (s *Store) Close() error { return s.conn.Close() }

// Exec runs a raw statement outside the store's API. It exists for tests
// that tamper with rows; the daemon never uses it.
func (s *Store) Exec(ctx context.Context, query string, args ...any) error {
	_, err := s.conn.Exec(ctx, query, args...)
	return s.b.fail("exec", err)
}

// reader implements store.Reader over a Querier (the pool or a transaction).
type reader struct {
	db Querier
	b  *base
}

// tx implements store.Tx.
type tx struct {
	reader
	// auditHead is the audit log's head once this transaction read it (and
	// so holds it): AppendAudit's.
	auditHead *audit.Head
	// inForce is the plan in force as read with the transaction's claim.
	inForce *inForce
	// incidents are the incidents this transaction inserted or updated,
	// as it wrote them (see held).
	incidents map[string]store.Incident
	// actionsOf are the actions of the incidents this transaction
	// created: the ones it inserted, as it last wrote them.
	actionsOf map[string][]store.Action
	// alerts are the IDs of the alerts InsertAlert stored or found.
	alerts map[int64]bool
}

// queryOne runs query and scans its first row with scan, or returns
// store.ErrNotFound.
func queryOne(ctx context.Context, db Querier, scan func(Rows) error, query string, args ...any) error {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return store.ErrNotFound
	}
	if err := scan(rows); err != nil {
		return err
	}
	return rows.Close()
}

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, db Querier, scan func(Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}

// micros stores a time: microseconds since the epoch, 0 for the zero time.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros reads a time stored by micros.
func fromMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// text stores JSON or other bytes as text.
func text(b []byte) string { return string(b) }

// fromText reads what text stored; "" reads as nil.
func fromText(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}

// where builds a WHERE clause with numbered parameters.
type where struct {
	conds []string
	args  []any
}

// arg adds a parameter and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

// add adds a condition; each %s in cond is replaced by a placeholder for
// the corresponding value.
func (w *where) add(cond string, vals ...any) {
	ph := make([]any, len(vals))
	for i, v := range vals {
		ph[i] = w.arg(v)
	}
	w.conds = append(w.conds, fmt.Sprintf(cond, ph...))
}

// in adds "col IN (...)" to w for a non-empty list (of strings or of a
// string type such as a status).
func in[T ~string](w *where, col string, vals []T) {
	if len(vals) == 0 {
		return
	}
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = w.arg(string(v))
	}
	w.conds = append(w.conds, col+" IN ("+strings.Join(ph, ", ")+")")
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// limit returns a LIMIT clause for n > 0.
func limit(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" LIMIT %d", n)
}

var (
	_ store.Store = (*Store)(nil)
	_ store.Tx    = (*tx)(nil)
)

// lower normalises an address or hash on write: the store keeps them
// lowercase 0x hex, so callers compare and filter without normalising.
func lower(hex string) string { return strings.ToLower(hex) }
