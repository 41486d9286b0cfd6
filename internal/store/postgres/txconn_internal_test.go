package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/breakglass-dev/breakglass/internal/store/internal/sqlstore"
)

// TestTxConnSendsBeginWithFirstStatement: a transaction's BEGIN goes with
// its first statement (Exec with and without arguments, Query, a batch),
// and the transaction keeps every property of one begun on its own: what
// it wrote is kept on COMMIT only, a COMMIT after a failed statement is an
// error and keeps nothing, and the connection goes back to the pool
// outside any transaction.
func TestTxConnSendsBeginWithFirstStatement(t *testing.T) {
	url := os.Getenv("BREAKGLASS_TEST_POSTGRES") // storetest imports this package
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("BREAKGLASS_TEST_POSTGRES must be set in CI")
		}
		t.Skip("PostgreSQL tests are off; set BREAKGLASS_TEST_POSTGRES")
	}
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	tr := &alone{}
	cfg.ConnConfig.Tracer = tr
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	table := "bgtest_tx_" + hex.EncodeToString(b[:])
	if _, err := pool.Exec(ctx, "CREATE TABLE "+table+" (k int PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = pool.Exec(ctx, "DROP TABLE "+table) })
	c := &conn{pool: pool}
	count := func() int {
		var n int
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	idle := func() {
		t.Helper()
		for _, pc := range pool.AcquireAllIdle(ctx) {
			if s := pc.Conn().PgConn().TxStatus(); s != 'I' {
				t.Errorf("a pooled connection is in transaction state %q", s)
			}
			pc.Release()
		}
	}
	run := func(first func(tx sqlstore.TxConn) error, commit bool) error {
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := first(tx); err != nil {
			_ = tx.Rollback(ctx)
			return err
		}
		// A second statement inside the same transaction.
		if _, err := tx.Exec(ctx, "INSERT INTO "+table+" (k) VALUES ($1)", 1000+count()); err != nil {
			_ = tx.Rollback(ctx)
			return err
		}
		if !commit {
			return tx.Rollback(ctx)
		}
		return tx.Commit(ctx)
	}
	firsts := map[string]func(tx sqlstore.TxConn) error{
		"exec with arguments": func(tx sqlstore.TxConn) error {
			_, err := tx.Exec(ctx, "INSERT INTO "+table+" (k) VALUES ($1)", 1)
			return err
		},
		"exec without arguments": func(tx sqlstore.TxConn) error {
			_, err := tx.Exec(ctx, "INSERT INTO "+table+" (k) VALUES (2); INSERT INTO "+table+" (k) VALUES (3)")
			return err
		},
		"query": func(tx sqlstore.TxConn) error {
			rows, err := tx.Query(ctx, "INSERT INTO "+table+" (k) VALUES ($1) RETURNING k", 4)
			if err != nil {
				return err
			}
			if !rows.Next() {
				return errors.New("no row returned")
			}
			var k int
			if err := rows.Scan(&k); err != nil || k != 4 {
				return errors.Join(errors.New("returned row"), err)
			}
			return rows.Close()
		},
		"batch": func(tx sqlstore.TxConn) error {
			_, err := tx.(sqlstore.Batcher).ExecBatch(ctx, []sqlstore.Stmt{
				{Query: "INSERT INTO " + table + " (k) VALUES ($1)", Args: []any{5}},
				{Query: "INSERT INTO " + table + " (k) VALUES ($1)", Args: []any{6}}})
			return err
		},
	}
	for name, first := range firsts {
		t.Run(name, func(t *testing.T) {
			before := count()
			if err := run(first, false); err != nil {
				t.Fatal(err)
			}
			if n := count(); n != before {
				t.Fatalf("rolled back: %d rows, want %d", n, before)
			}
			if err := run(first, true); err != nil {
				t.Fatal(err)
			}
			if n := count(); n <= before+1 {
				t.Fatalf("committed: %d rows, want more than %d", n, before+1)
			}
			idle()
		})
	}

	t.Run("commit after a failed statement", func(t *testing.T) {
		before := count()
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO "+table+" (k) VALUES ($1)", 100); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO "+table+" (k) VALUES ($1)", 100); err == nil {
			t.Fatal("duplicate key accepted")
		}
		if err := tx.Commit(ctx); !errors.Is(err, pgx.ErrTxCommitRollback) {
			t.Fatalf("commit of an aborted transaction: %v, want %v", err, pgx.ErrTxCommitRollback)
		}
		if n := count(); n != before {
			t.Fatalf("%d rows after the aborted transaction, want %d", n, before)
		}
		idle()
	})

	t.Run("failed first statement", func(t *testing.T) {
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO nope_"+table+" (k) VALUES ($1)", 1); err == nil {
			t.Fatal("insert into a missing table accepted")
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		idle()
	})

	t.Run("no BEGIN alone", func(t *testing.T) {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		if tr.begins > 0 || tr.n == 0 {
			t.Fatalf("%d of %d statements sent on their own were a bare BEGIN", tr.begins, tr.n)
		}
	})

	t.Run("deferred writes", func(t *testing.T) {
		insert := func(k int) []sqlstore.Stmt {
			return []sqlstore.Stmt{{Query: "INSERT INTO " + table + " (k) VALUES ($1)", Args: []any{k}}}
		}
		// begin begins a transaction that inserts k, then defers the
		// insert of deferred.
		begin := func(k, deferred int) sqlstore.TxConn {
			t.Helper()
			tx, err := c.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO "+table+" (k) VALUES ($1)", k); err != nil {
				t.Fatal(err)
			}
			tx.(sqlstore.Deferrer).Defer(insert(deferred))
			return tx
		}
		before := count()
		tr.reset()
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		d := tx.(sqlstore.Deferrer)
		d.Defer(insert(200))
		// A read of the transaction sees the deferred write: it goes in
		// front, with BEGIN, in one round trip.
		var n int
		rows, err := tx.Query(ctx, "SELECT count(*) FROM "+table+" WHERE k = $1", 200)
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() || rows.Scan(&n) != nil || n != 1 {
			t.Fatalf("the deferred row read as %d", n)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		d.Defer(insert(201))
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if trips := tr.trips(); trips != 2 {
			t.Fatalf("%d round trips for a read and a commit with deferred writes, want 2", trips)
		}
		if got := count(); got != before+2 {
			t.Fatalf("%d rows after committing two deferred writes, want %d", got, before+2)
		}
		idle()

		// A deferred write that fails is reported by the statement that
		// carried it, and the transaction keeps nothing.
		tx = begin(300, 200)
		_, err = tx.Exec(ctx, "INSERT INTO "+table+" (k) VALUES ($1)", 301)
		var de *DeferredError
		if !errors.As(err, &de) || !strings.Contains(de.Query, "VALUES") {
			t.Fatalf("statement after a failing deferred write: %v, want a DeferredError", err)
		}
		if err := tx.Commit(ctx); err == nil {
			t.Fatal("commit after a failed deferred write succeeded")
		}
		if got := count(); got != before+2 {
			t.Fatalf("%d rows, want %d", got, before+2)
		}
		idle()

		// At COMMIT: the commit fails, keeps nothing, and the connection
		// goes back to the pool outside any transaction.
		tx = begin(302, 201)
		if err := tx.Commit(ctx); !errors.As(err, &de) {
			t.Fatalf("commit with a failing deferred write: %v, want a DeferredError", err)
		}
		if got := count(); got != before+2 {
			t.Fatalf("%d rows, want %d", got, before+2)
		}
		idle()

		// Rolled back: deferred writes are never sent.
		tx, err = c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tx.(sqlstore.Deferrer).Defer(insert(303))
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
		if got := count(); got != before+2 {
			t.Fatalf("%d rows, want %d", got, before+2)
		}
		idle()
	})

	t.Run("no statement", func(t *testing.T) {
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "SELECT 1"); !errors.Is(err, pgx.ErrTxClosed) {
			t.Fatalf("statement after commit: %v, want %v", err, pgx.ErrTxClosed)
		}
		idle()
	})
}

// alone is a pgx tracer of the statements sent on their own (not in a
// batch): it counts them and the bare BEGINs among them, and the batches.
type alone struct {
	mu      sync.Mutex
	n       int
	begins  int
	batches int
}

func (a *alone) reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n, a.begins, a.batches = 0, 0, 0
}

// trips are the round trips counted: statements alone and batches.
func (a *alone) trips() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n + a.batches
}

func (a *alone) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.batches++
	return ctx
}

func (a *alone) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (a *alone) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (a *alone) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n++
	if strings.EqualFold(strings.TrimSpace(d.SQL), "begin") {
		a.begins++
	}
	return ctx
}

func (a *alone) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
