// Package sqlite is the SQLite implementation of store.Store, on
// modernc.org/sqlite (pure Go, no cgo).
//
// The database runs in WAL mode with foreign keys on and synchronous=NORMAL:
// a committed transaction survives a crash of the process; a power loss or
// an OS crash may lose the last transactions (never corrupt the database), and
// the daemon recovers from that by re-processing blocks from the cursor with
// idempotent keys. An alert and the cursor in one transaction take about 1 ms
// so; "sqlite:PATH?_pragma=synchronous(FULL)" makes every commit durable at
// about 2 ms (BenchmarkAlertAndCursor). Writes go through one
// connection whose transactions begin IMMEDIATE, so writers in this process
// queue in Go and writers in other processes wait up to the busy timeout
// instead of failing half-way; reads use a separate pool of read-only
// connections and never wait for writers.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the embedded schema migrations.
func Migrations() fs.FS {
	return sqlstore.MigrationsDir(migrationFiles)
}

// BusyTimeout is how long a write waits for another process's write lock
// before failing with store.ErrUnavailable, unless the path sets its own
// "_pragma=busy_timeout(MS)".
const BusyTimeout = 10 * time.Second

// readConns is the size of the read pool.
const readConns = 4

// Store is a SQLite store.
type Store struct {
	*sqlstore.Store
	path string
}

// Open opens (creating it unless opts.MustExist) the SQLite database at
// path, applies the pending migrations and returns the store. path may carry
// extra modernc.org/sqlite URI parameters after a '?' (e.g.
// "_pragma=max_page_count(1000)").
func Open(ctx context.Context, path string, opts store.Options) (*Store, error) {
	file, extra, _ := strings.Cut(path, "?")
	if file == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if opts.MustExist {
		if _, err := os.Stat(file); err != nil {
			return nil, fmt.Errorf("sqlite database %s: %w", file, errors.Join(store.ErrNotFound, err))
		}
	}
	q, err := url.ParseQuery(extra)
	if err != nil {
		return nil, fmt.Errorf("sqlite database %s: bad parameters %q: %w", file, extra, err)
	}
	if !hasPragma(q, "busy_timeout") {
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	}
	q.Add("_pragma", "foreign_keys(1)")
	if !hasPragma(q, "synchronous") {
		q.Add("_pragma", "synchronous(NORMAL)")
	}
	writeQ := cloneQuery(q)
	writeQ.Add("_pragma", "journal_mode(WAL)")
	writeQ.Set("_txlock", "immediate")
	readQ := cloneQuery(q)
	readQ.Add("_pragma", "query_only(1)")

	write, err := sql.Open("sqlite", "file:"+file+"?"+writeQ.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite database %s: %w", file, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite database %s: %w", file, classifyOpen(err))
	}
	read, err := sql.Open("sqlite", "file:"+file+"?"+readQ.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite database %s: %w", file, err)
	}
	read.SetMaxOpenConns(readConns)
	c := &conn{write: write, read: read}
	s := &Store{Store: sqlstore.New(c, Dialect(), opts), path: file}
	if err := s.Migrate(ctx, Migrations()); err != nil {
		c.Close()
		return nil, fmt.Errorf("sqlite database %s: %w", file, err)
	}
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

func hasPragma(q url.Values, name string) bool {
	for _, p := range q["_pragma"] {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p)), name) {
			return true
		}
	}
	return false
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func classifyOpen(err error) error {
	if kind := classify(err); kind != nil {
		return fmt.Errorf("%w: %w", kind, err)
	}
	return err
}

// Dialect returns the SQLite dialect of the shared implementation.
func Dialect() sqlstore.Dialect {
	return sqlstore.Dialect{Name: "sqlite", Classify: classify}
}

// classify maps SQLite result codes to the store's errors.
func classify(err error) error {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return nil
	}
	code := se.Code()
	switch code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return store.ErrConflict
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return store.ErrNotFound
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR,
		sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT,
		sqlite3.SQLITE_PROTOCOL:
		return store.ErrUnavailable
	}
	return nil
}

// conn adapts the two database/sql pools to sqlstore.Conn.
type conn struct {
	write *sql.DB
	read  *sql.DB
}

func (c *conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	return execOn(ctx, c.write, query, args)
}

func (c *conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := c.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (c *conn) Begin(ctx context.Context) (sqlstore.TxConn, error) {
	tx, err := c.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &txConn{tx: tx}, nil
}

func (c *conn) Close() error {
	return errors.Join(c.read.Close(), c.write.Close())
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func execOn(ctx context.Context, db execer, query string, args []any) (int64, error) {
	res, err := db.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

type txConn struct{ tx *sql.Tx }

func (t *txConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	return execOn(ctx, t.tx, query, args)
}

func (t *txConn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (t *txConn) Commit(context.Context) error { return t.tx.Commit() }

func (t *txConn) Rollback(context.Context) error {
	if err := t.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}
