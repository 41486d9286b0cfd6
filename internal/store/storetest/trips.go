package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/postgres"
)

// PostgresTraced is Postgres with a RoundTrips tracer on its connections:
// the transactions the store runs from then on are recorded.
func PostgresTraced(t testing.TB, opts store.Options) (*postgres.Store, *RoundTrips) {
	t.Helper()
	dsn, _ := PostgresSchema(t)
	rt := &RoundTrips{open: map[*pgx.Conn]*TxTrace{}}
	s, err := postgres.OpenTraced(context.Background(), dsn, opts, rt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rt.Reset() // the migrations' transactions
	return s, rt
}

// TxTrace is what one transaction sent: its exchanges with the server in
// order (a statement on its own or a batch, pgx's pipeline: each one
// round trip once the connection's statement cache holds its statements),
// each the SQL of its statements.
type TxTrace [][]string

// Trips is the number of round trips.
func (t TxTrace) Trips() int { return len(t) }

// String lists the exchanges, one numbered paragraph each, their
// statements on one line each.
func (t TxTrace) String() string {
	var b strings.Builder
	for i, ex := range t {
		fmt.Fprintf(&b, "%d:\n", i+1)
		for _, q := range ex {
			fmt.Fprintf(&b, "    %s\n", strings.Join(strings.Fields(q), " "))
		}
	}
	return b.String()
}

// RoundTrips is a pgx tracer recording, per connection, the transactions
// run on it, from the exchange that sends BEGIN to the one that sends
// COMMIT or ROLLBACK. Exchanges outside a transaction are not recorded.
type RoundTrips struct {
	mu   sync.Mutex
	open map[*pgx.Conn]*TxTrace
	done []TxTrace
}

// Reset forgets the transactions recorded so far.
func (r *RoundTrips) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done = nil
	clear(r.open)
}

// Done returns the transactions ended so far, in the order they ended.
func (r *RoundTrips) Done() []TxTrace {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]TxTrace, len(r.done))
	copy(out, r.done)
	return out
}

// exchange records one round trip on c carrying sqls.
func (r *RoundTrips) exchange(c *pgx.Conn, sqls []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tx := r.open[c]
	for _, q := range sqls {
		w := strings.ToUpper(strings.TrimSpace(q))
		if tx == nil && strings.HasPrefix(w, "BEGIN") {
			tx = new(TxTrace)
			r.open[c] = tx
		}
	}
	if tx == nil {
		return
	}
	*tx = append(*tx, sqls)
	for _, q := range sqls {
		if w := strings.ToUpper(strings.TrimSpace(q)); w == "COMMIT" || w == "ROLLBACK" {
			r.done = append(r.done, *tx)
			delete(r.open, c)
			return
		}
	}
}

// TraceQueryStart implements pgx.QueryTracer.
func (r *RoundTrips) TraceQueryStart(ctx context.Context, c *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.exchange(c, []string{d.SQL})
	return ctx
}

// TraceQueryEnd implements pgx.QueryTracer.
func (r *RoundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceBatchStart implements pgx.BatchTracer.
func (r *RoundTrips) TraceBatchStart(ctx context.Context, c *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	var sqls []string
	if d.Batch != nil {
		for _, q := range d.Batch.QueuedQueries {
			sqls = append(sqls, q.SQL)
		}
	}
	r.exchange(c, sqls)
	return ctx
}

// TraceBatchQuery implements pgx.BatchTracer.
func (r *RoundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

// TraceBatchEnd implements pgx.BatchTracer.
func (r *RoundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}
