// Package postgres is the PostgreSQL implementation of store.Store, on pgx
// v5 (pgxpool). Several daemons may share one database: the outbox is claimed
// with FOR UPDATE SKIP LOCKED, audit appends lock the chain head row, and
// migrations take an advisory lock.
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
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the directory is embedded: cannot happen
	}
	return sub
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

func (c *conn) Begin(ctx context.Context) (sqlstore.TxConn, error) {
	tx, err := c.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return txConn{tx}, nil
}

func (c *conn) Close() error {
	c.pool.Close()
	return nil
}

type txConn struct{ tx pgx.Tx }

func (t txConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, query, args...)
	return tag.RowsAffected(), err
}

func (t txConn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := t.tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rowsAdapter{rows}, nil
}

// ExecBatch implements sqlstore.Batcher: the statements go to the server
// together (pgx's pipeline), one round trip for all.
func (t txConn) ExecBatch(ctx context.Context, stmts []sqlstore.Stmt) ([]int64, error) {
	var b pgx.Batch
	for _, st := range stmts {
		b.Queue(st.Query, st.Args...)
	}
	br := t.tx.SendBatch(ctx, &b)
	out := make([]int64, len(stmts))
	for i := range stmts {
		tag, err := br.Exec()
		if err != nil {
			_ = br.Close()
			return nil, err
		}
		out[i] = tag.RowsAffected()
	}
	return out, br.Close()
}

func (t txConn) Commit(ctx context.Context) error { return t.tx.Commit(ctx) }

func (t txConn) Rollback(ctx context.Context) error {
	if err := t.tx.Rollback(ctx); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
		return err
	}
	return nil
}

// rowsAdapter gives pgx.Rows the Close() error of database/sql.
type rowsAdapter struct{ pgx.Rows }

func (r rowsAdapter) Close() error {
	r.Rows.Close()
	return r.Rows.Err()
}
