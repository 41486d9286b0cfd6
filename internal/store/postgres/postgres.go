// Package postgres is the PostgreSQL implementation of store.Store, on pgx
// v5 (pgxpool). Several daemons may share one database: the outbox is claimed
// with FOR UPDATE SKIP LOCKED, audit appends lock the chain head row, and
// migrations take an advisory lock. A transaction's BEGIN goes to the server
// with its first statement, and batches (sqlstore.Batcher) in one round trip.
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
// no statement sends neither BEGIN nor COMMIT. The connection goes back
// to the pool when the transaction ends.
type txConn struct {
	conn  *pgxpool.Conn
	begun bool
	done  bool
}

// first sends BEGIN and the transaction's first statement together.
func (t *txConn) first(ctx context.Context, query string, args []any) pgx.BatchResults {
	var b pgx.Batch
	b.Queue("BEGIN")
	b.Queue(query, args...)
	t.begun = true
	return t.conn.SendBatch(ctx, &b)
}

func (t *txConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if t.done {
		return 0, pgx.ErrTxClosed
	}
	if t.begun {
		tag, err := t.conn.Exec(ctx, query, args...)
		return tag.RowsAffected(), err
	}
	if len(args) == 0 {
		// Without arguments pgx uses the simple protocol, which takes
		// several statements (a migration's file): BEGIN goes in front.
		t.begun = true
		tag, err := t.conn.Exec(ctx, "BEGIN;\n"+query)
		return tag.RowsAffected(), err
	}
	br := t.first(ctx, query, args)
	if _, err := br.Exec(); err != nil {
		return 0, closeBatch(br, err)
	}
	tag, err := br.Exec()
	if err != nil {
		return 0, closeBatch(br, err)
	}
	return tag.RowsAffected(), br.Close()
}

func (t *txConn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	if t.done {
		return nil, pgx.ErrTxClosed
	}
	if t.begun {
		rows, err := t.conn.Query(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		return rowsAdapter{rows}, nil
	}
	br := t.first(ctx, query, args)
	if _, err := br.Exec(); err != nil {
		return nil, closeBatch(br, err)
	}
	rows, err := br.Query()
	if err != nil {
		return nil, closeBatch(br, err)
	}
	return batchRows{rowsAdapter{rows}, br}, nil
}

// ExecBatch implements sqlstore.Batcher: the statements go to the server
// together (pgx's pipeline), one round trip for all (with BEGIN when they
// are the transaction's first).
func (t *txConn) ExecBatch(ctx context.Context, stmts []sqlstore.Stmt) ([]int64, error) {
	if t.done {
		return nil, pgx.ErrTxClosed
	}
	var b pgx.Batch
	if !t.begun {
		b.Queue("BEGIN")
	}
	for _, st := range stmts {
		b.Queue(st.Query, st.Args...)
	}
	br := t.conn.SendBatch(ctx, &b)
	if !t.begun {
		t.begun = true
		if _, err := br.Exec(); err != nil {
			return nil, closeBatch(br, err)
		}
	}
	out := make([]int64, len(stmts))
	for i := range stmts {
		tag, err := br.Exec()
		if err != nil {
			return nil, closeBatch(br, err)
		}
		out[i] = tag.RowsAffected()
	}
	return out, br.Close()
}

// Commit ends the transaction. A transaction the server had aborted (a
// statement failed) answers COMMIT with ROLLBACK: that is an error.
func (t *txConn) Commit(ctx context.Context) error {
	if t.done {
		return pgx.ErrTxClosed
	}
	t.done = true
	defer t.conn.Release()
	if !t.begun {
		return nil
	}
	tag, err := t.conn.Exec(ctx, "COMMIT")
	if err != nil {
		// Still in a transaction, or unknown: the connection is not reused.
		if t.conn.Conn().PgConn().TxStatus() != 'I' {
			_ = t.conn.Conn().Close(context.WithoutCancel(ctx))
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
