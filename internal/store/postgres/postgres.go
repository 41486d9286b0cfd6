// Package postgres is the PostgreSQL implementation of store.Store, on pgx
// v5 (pgxpool). Several daemons may share one database: the outbox is claimed
// with FOR UPDATE SKIP LOCKED, audit appends lock the chain head row, and
// migrations take an advisory lock. A transaction's BEGIN goes to the server
// with its first statement, batches (sqlstore.Batcher) in one round trip, and
// deferred writes (sqlstore.Deferrer) with the next statement or COMMIT.
//
// The schema lives in the connection's search_path (by default "public");
// give ?search_path=NAME in the URL to keep breakglass in its own schema.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the embedded schema migrations.
func Migrations() fs.FS {
	return sqlstore.MigrationsDir(migrationFiles)
}

// IdleInTransactionTimeout is the server's idle_in_transaction_session_timeout
// for the store's connections unless the URL sets one: how long a
// transaction left open by a daemon that vanished holds its locks.
const IdleInTransactionTimeout = "5s"

const idleInTx = "idle_in_transaction_session_timeout"

// Store is a PostgreSQL store.
type Store struct {
	*sqlstore.Store
}

// Open connects to the database at url (postgres://…), applies the pending
// migrations and returns the store.
func Open(ctx context.Context, url string, opts store.Options) (*Store, error) {
	return OpenTraced(ctx, url, opts, nil)
}

// OpenTraced is Open with tracer (nil for none) on every connection of the
// store: it sees each statement and batch sent, e.g. to count the round
// trips of a transaction (storetest.RoundTrips).
func OpenTraced(ctx context.Context, url string, opts store.Options, tracer pgx.QueryTracer) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password included: don't wrap it.
		return nil, errors.New("bad postgres URL: want postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]")
	}
	where := fmt.Sprintf("postgres %s@%s:%d/%s", cfg.ConnConfig.User, cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	if _, set := cfg.ConnConfig.RuntimeParams[idleInTx]; !set {
		// A daemon gone mid-transaction without closing its connection
		// (its host lost, a network partition) would otherwise keep the
		// rows it locked, among them a network's cursor, which every other
		// daemon's next commit waits for, until TCP gives up (hours).
		cfg.ConnConfig.RuntimeParams[idleInTx] = IdleInTransactionTimeout
	}
	if tracer != nil {
		cfg.ConnConfig.Tracer = tracer
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		if kind := classify(err); kind != nil {
			return nil, fmt.Errorf("connect to %s: %w: %w", where, kind, err)
		}
		return nil, fmt.Errorf("connect to %s: %w", where, err)
	}
	s := &Store{Store: sqlstore.New(&conn{pool: pool}, Dialect(), opts)}
	if err := s.Migrate(ctx, Migrations()); err != nil {
		pool.Close()
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return s, nil
}

// Dialect returns the PostgreSQL dialect of the shared implementation.
func Dialect() sqlstore.Dialect {
	return sqlstore.Dialect{
		Name:          "postgres",
		ForUpdate:     " FOR UPDATE",
		SkipLocked:    " FOR UPDATE SKIP LOCKED",
		Clock:         `SELECT (extract(epoch from clock_timestamp()) * 1000000)::bigint`,
		MigrationLock: `SELECT pg_advisory_xact_lock(hashtext('breakglass.migrate.' || current_schema()))`,
		WritableCTE:   true,
		Classify:      classify,
	}
}

// classify maps PostgreSQL errors to the store's errors.
func classify(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505": // unique_violation
			return store.ErrConflict
		case pe.Code == "23503": // foreign_key_violation
			return store.ErrNotFound
		case pe.Code == "40001", pe.Code == "40P01": // serialization_failure, deadlock_detected
			return store.ErrConflict
		case pe.Code == "55P03", pe.Code == "25006": // lock_not_available, read_only_sql_transaction
			return store.ErrUnavailable
		case len(pe.Code) == 5 && (pe.Code[:2] == "08" || pe.Code[:2] == "53" || pe.Code[:2] == "57" || pe.Code[:2] == "58"):
			// connection exception, insufficient resources (disk full,
			// out of memory, too many connections), operator
			// intervention (shutdown), system error
			return store.ErrUnavailable
		}
		return nil
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return store.ErrUnavailable
	}
	return nil
}

// conn adapts a pgxpool.Pool to sqlstore.Conn.
type conn struct{ pool *pgxpool.Pool }

func (c *conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := c.pool.Exec(ctx, query, args...)
	return tag.RowsAffected(), err
}

func (c *conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := c.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rowsAdapter{rows}, nil
}

// Begin takes a connection for a transaction; BEGIN goes to the server
// with the transaction's first statement, in one round trip (txConn).
func (c *conn) Begin(ctx context.Context) (sqlstore.TxConn, error) {
	pc, err := c.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return &txConn{conn: pc}, nil
}

func (c *conn) Close() error {
	c.pool.Close()
	return nil
}

// txConn is a transaction on a connection of the pool. BEGIN is not sent
// on its own: it goes in one batch (pgx's pipeline) with the first
// statement, saving a round trip per transaction; a transaction that ran
// no statement sends neither BEGIN nor COMMIT. Writes whose outcome the
// caller does not wait for (sqlstore.Deferrer) go the same way, in front
// of the next statement or with COMMIT. The connection goes back to the
// pool when the transaction ends.
type txConn struct {
	conn  *pgxpool.Conn
	begun bool
	done  bool
	// later are the deferred statements not sent yet.
	later []sqlstore.Stmt
}

// prelude queues in b what must reach the server before the caller's
// statements: BEGIN if not sent yet, then the deferred statements. It
// returns how many results they take.
func (t *txConn) prelude(b *pgx.Batch) int {
	n := 0
	if !t.begun {
		b.Queue("BEGIN")
		n++
	}
	for _, st := range t.later {
		b.Queue(st.Query, st.Args...)
		n++
	}
	return n
}

// readPrelude reads the results of prelude's n statements, the deferred
// ones through their Scan; once read, the transaction is begun and
// nothing is deferred any more.
func (t *txConn) readPrelude(br pgx.BatchResults, n int) error {
	later := t.later
	t.begun, t.later = true, nil
	if n > len(later) {
		if _, err := br.Exec(); err != nil {
			return err
		}
	}
	for _, st := range later {
		if err := readStmt(br, st); err != nil {
			return &DeferredError{Query: st.Query, Err: err}
		}
	}
	return nil
}

// DeferredError is the failure of a write the store deferred to the next
// statement of the transaction (sqlstore.Deferrer): it is reported by
// whichever statement, or COMMIT, carried it to the server.
type DeferredError struct {
	Query string
	Err   error
}

func (e *DeferredError) Error() string {
	q := strings.Join(strings.Fields(e.Query), " ")
	if len(q) > 60 {
		q = q[:60] + "…"
	}
	return fmt.Sprintf("deferred write (%s): %v", q, e.Err)
}

func (e *DeferredError) Unwrap() error { return e.Err }

// readStmt reads the result of st from br: its rows through st.Scan, or
// only its command tag.
func readStmt(br pgx.BatchResults, st sqlstore.Stmt) error {
	if st.Scan == nil {
		_, err := br.Exec()
		return err
	}
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := st.Scan(rowsAdapter{rows}); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (t *txConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if t.done {
		return 0, pgx.ErrTxClosed
	}
	if t.begun && len(t.later) == 0 {
		tag, err := t.conn.Exec(ctx, query, args...)
		return tag.RowsAffected(), err
	}
	if len(args) == 0 {
		// Without arguments pgx uses the simple protocol, which takes
		// several statements (a migration's file): BEGIN goes in front,
		// after the deferred statements if any.
		if len(t.later) > 0 {
			if _, err := t.ExecBatch(ctx, nil); err != nil {
				return 0, err
			}
		}
		if !t.begun {
			t.begun = true
			query = "BEGIN;\n" + query
		}
		tag, err := t.conn.Exec(ctx, query)
		return tag.RowsAffected(), err
	}
	n, err := t.ExecBatch(ctx, []sqlstore.Stmt{{Query: query, Args: args}})
	if err != nil {
		return 0, err
	}
	return n[0], nil
}

func (t *txConn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	if t.done {
		return nil, pgx.ErrTxClosed
	}
	if t.begun && len(t.later) == 0 {
		rows, err := t.conn.Query(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		return rowsAdapter{rows}, nil
	}
	var b pgx.Batch
	n := t.prelude(&b)
	b.Queue(query, args...)
	br := t.conn.SendBatch(ctx, &b)
	if err := t.readPrelude(br, n); err != nil {
		return nil, closeBatch(br, err)
	}
	rows, err := br.Query()
	if err != nil {
		return nil, closeBatch(br, err)
	}
	return batchRows{rowsAdapter{rows}, br}, nil
}

// ExecBatch implements sqlstore.Batcher: the statements go to the server
// together (pgx's pipeline), one round trip for all, with BEGIN and the
// deferred statements in front when they are not sent yet.
func (t *txConn) ExecBatch(ctx context.Context, stmts []sqlstore.Stmt) ([]int64, error) {
	if t.done {
		return nil, pgx.ErrTxClosed
	}
	var b pgx.Batch
	n := t.prelude(&b)
	for _, st := range stmts {
		b.Queue(st.Query, st.Args...)
	}
	if b.Len() == 0 {
		return nil, nil
	}
	br := t.conn.SendBatch(ctx, &b)
	if err := t.readPrelude(br, n); err != nil {
		return nil, closeBatch(br, err)
	}
	out := make([]int64, len(stmts))
	for i, st := range stmts {
		if st.Scan == nil {
			tag, err := br.Exec()
			if err != nil {
				return nil, closeBatch(br, err)
			}
			out[i] = tag.RowsAffected()
			continue
		}
		rows, err := br.Query()
		if err != nil {
			return nil, closeBatch(br, err)
		}
		for rows.Next() {
			if err := st.Scan(rowsAdapter{rows}); err != nil {
				rows.Close()
				return nil, closeBatch(br, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, closeBatch(br, err)
		}
		out[i] = rows.CommandTag().RowsAffected()
	}
	return out, br.Close()
}

// Defer implements sqlstore.Deferrer: stmts go to the server in front of
// the transaction's next statement, or with its COMMIT; their failure is
// that statement's (a *DeferredError).
func (t *txConn) Defer(stmts []sqlstore.Stmt) {
	t.later = append(t.later, stmts...)
}

// Commit ends the transaction, sending the deferred statements with
// COMMIT. A transaction the server had aborted (a statement failed)
// answers COMMIT with ROLLBACK: that is an error.
func (t *txConn) Commit(ctx context.Context) error {
	if t.done {
		return pgx.ErrTxClosed
	}
	t.done = true
	defer t.conn.Release()
	if !t.begun && len(t.later) == 0 {
		return nil
	}
	var tag pgconn.CommandTag
	var err error
	if len(t.later) == 0 {
		tag, err = t.conn.Exec(ctx, "COMMIT")
	} else {
		var b pgx.Batch
		n := t.prelude(&b)
		b.Queue("COMMIT")
		br := t.conn.SendBatch(ctx, &b)
		if err = t.readPrelude(br, n); err == nil {
			tag, err = br.Exec()
		}
		err = errors.Join(err, br.Close())
	}
	if err != nil {
		// Still in a transaction (a deferred statement failed: the
		// server skipped COMMIT), or unknown: roll back, or, if that
		// fails, the connection is not reused.
		pc := t.conn.Conn()
		if pc.PgConn().TxStatus() != 'I' {
			if _, rerr := pc.Exec(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil || pc.PgConn().TxStatus() != 'I' {
				_ = pc.Close(context.WithoutCancel(ctx))
			}
		}
		return err
	}
	if tag.String() == "ROLLBACK" {
		return pgx.ErrTxCommitRollback
	}
	return nil
}

func (t *txConn) Rollback(ctx context.Context) error {
	if t.done {
		return nil
	}
	t.done = true
	t.later = nil // never sent: nothing to undo
	defer t.conn.Release()
	if !t.begun {
		return nil
	}
	if _, err := t.conn.Exec(ctx, "ROLLBACK"); err != nil {
		// A connection left mid-transaction must not go back to the pool.
		_ = t.conn.Conn().Close(context.WithoutCancel(ctx))
		return err
	}
	return nil
}

// closeBatch closes br after err, which it returns (br's own error on
// closing is that one, or follows from it).
func closeBatch(br pgx.BatchResults, err error) error {
	_ = br.Close()
	return err
}

// batchRows are the rows of a batch's last statement: closing them closes
// the batch.
type batchRows struct {
	rowsAdapter
	br pgx.BatchResults
}

func (r batchRows) Close() error {
	return errors.Join(r.rowsAdapter.Close(), r.br.Close())
}

// rowsAdapter gives pgx.Rows the Close() error of database/sql.
type rowsAdapter struct{ pgx.Rows }

func (r rowsAdapter) Close() error {
	r.Rows.Close()
	return r.Rows.Err()
}
