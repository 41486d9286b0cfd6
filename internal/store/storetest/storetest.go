// Package storetest is the conformance suite of store.Store: every
// implementation runs it (store/sqlite and store/postgres do), and a
// behaviour of the store is guaranteed only if it is checked here. It also
// offers a controllable Clock for tests of other packages.
package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Harness is a fresh, empty store opened for one test, with raw access to
// its database for the tests that tamper with rows.
type Harness struct {
	// Store is the store under test; the Opener closes it in t.Cleanup.
	Store store.Store
	// Exec runs raw SQL on the store's database, outside the store's API.
	Exec func(ctx context.Context, query string, args ...any) error
	// AuditUnguard is the SQL that removes the append-only guard of the
	// audit_log table, as an attacker with database access could.
	AuditUnguard string
}

// Opener opens a fresh, empty store for one test, using opts (the suite
// passes its Clock as opts.Now), and registers its cleanup with t.
type Opener func(t *testing.T, opts store.Options) Harness

// Clock is a settable clock for store.Options.Now. It is safe for
// concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Start is the time the suite's clocks start at.
var Start = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// env is one test's store and clock.
type env struct {
	t     *testing.T
	h     Harness
	s     store.Store
	clock *Clock
	ctx   context.Context
}

func newEnv(t *testing.T, open Opener) *env {
	t.Helper()
	clock := NewClock(Start)
	h := open(t, store.Options{Now: clock.Now})
	return &env{t: t, h: h, s: h.Store, clock: clock, ctx: t.Context()}
}

// tx runs fn in a transaction and fails the test on error.
func (e *env) tx(fn func(tx store.Tx) error) {
	e.t.Helper()
	if err := e.s.Tx(e.ctx, fn); err != nil {
		e.t.Fatalf("Tx: %v", err)
	}
}

// Run runs the whole suite against the stores open returns.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *env)
	}{
		{"Cursor", testCursor},
		{"BlockHistory", testBlockHistory},
		{"BlockHistoryGrouped", testBlockHistoryGrouped},
		{"ClaimCursor", testClaimCursor},
		{"ClaimCursorConcurrent", testClaimCursorConcurrent},
		{"AlertIdempotent", testAlertIdempotent},
		{"AlertRetract", testAlertRetract},
		{"InsertAlerts", testInsertAlerts},
		{"Normalised", testNormalised},
		{"Incident", testIncident},
		{"IncidentIDs", testIncidentIDs},
		{"IncidentIDsPastFourDigits", testIncidentIDsPastFourDigits},
		{"TxHeldRows", testTxHeldRows},
		{"IncidentsAnyOf", testIncidentsAnyOf},
		{"AlertLinkInTx", testAlertLinkInTx},
		{"IncidentOptimisticConcurrency", testIncidentConcurrency},
		{"Timeline", testTimeline},
		{"TimelineBatch", testTimelineBatch},
		{"ActionUnique", testActionUnique},
		{"Approvals", testApprovals},
		{"SentTxs", testSentTxs},
		{"OutboxEnqueueIdempotent", testOutboxEnqueue},
		{"OutboxClaimLeaseRetryDead", testOutboxLifecycle},
		{"OutboxQueueOrder", testOutboxQueue},
		{"OutboxDueNow", testOutboxDueNow},
		{"OutboxConcurrentClaimers", testOutboxConcurrentClaim},
		{"OutboxClaimFilteredByKind", testOutboxClaimFiltered},
		{"OutboxRenewAndReleaseClaims", testOutboxRenewRelease},
		{"Lease", testLease},
		{"LeaseConcurrentAcquire", testLeaseConcurrent},
		{"LeasesByPrefix", testLeasesByPrefix},
		{"PlanVersions", testPlanVersions},
		{"PlanInForce", testPlanInForce},
		{"Silences", testSilences},
		{"SilencesAndIncidents", testSilencesAndIncidents},
		{"Presigned", testPresigned},
		{"Drills", testDrills},
		{"Audit", testAudit},
		{"AuditConcurrentWriters", testAuditConcurrent},
		{"AuditTamper", testAuditTamper},
		{"AuditTimelineSealed", testAuditTimelineSealed},
		{"TxRollbackOnError", testRollbackOnError},
		{"TxRollbackOnPanic", testRollbackOnPanic},
		{"TxReadsOwnWrites", testReadsOwnWrites},
		{"ContextCancelled", testContextCancelled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newEnv(t, open))
		})
	}
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want %v", err, want)
	}
}
