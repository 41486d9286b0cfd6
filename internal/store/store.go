// Package store defines what the breakglass daemon persists and the
// interface through which it does so. The implementations live in
// store/sqlite and store/postgres; store/backend opens one from a DSN;
// store/storetest is the conformance suite both pass. A behaviour is either in
// that suite or it is not guaranteed.
//
// Every mutation goes through [Store.Tx]: the function given sees a [Tx]
// (reads and writes) and if it returns an error or panics, nothing it wrote
// is kept. Reads that need no consistency with a write may use the Store
// directly. Inside a Tx function use the Tx: the Store's reads do not see the
// transaction's writes, and a nested Store.Tx waits for the outer one to end
// (on SQLite, forever).
//
// Conventions of the record types:
//   - times are UTC with microsecond precision; a zero time means "not set";
//   - hashes and addresses are 0x-prefixed hex strings, stored as given
//     (callers should write them lowercase so that lookups match);
//   - JSON fields are kept byte for byte; an empty field reads back as nil;
//   - amounts are decimal strings in base units, never floats;
//   - status, severity and kind values belong to the packages that write them
//     (incident, respond, notify); the store does not interpret them, except
//     for the outbox statuses it owns.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
)

// Errors the implementations wrap, to be tested with errors.Is.
var (
	// ErrNotFound: the record asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the write lost a race (an optimistic version check failed,
	// a record with that id already exists, or the database aborted the
	// transaction to resolve a deadlock). Re-read and retry.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable: the database is locked by another process beyond the
	// busy timeout, full, read-only, unreachable or gone. Nothing of the
	// transaction was kept; retry later or fix the database.
	ErrUnavailable = errors.New("database unavailable")
	// ErrCursorMoved: a network's cursor was not where the claim expected
	// (Writer.ClaimCursor): another follower committed the block first.
	ErrCursorMoved = errors.New("cursor moved by another follower")
)

// Options configure an implementation. The zero value is usable.
type Options struct {
	// Logger receives the store's own logs (migrations applied, slow
	// operations). Nil discards them.
	Logger *slog.Logger
	// Now is the clock for the times the store assigns (created and updated
	// times, leases, outbox due times). Nil means time.Now. Daemons sharing
	// one database should have synchronised clocks.
	Now func() time.Time
	// MustExist makes opening a SQLite database that does not exist fail
	// instead of creating it (for read-only commands such as audit verify).
	MustExist bool
}

// Store is a breakglass database.
//
// Addresses and hashes (alerts' contract, block and tx hashes; incidents'
// contract; actions' target and tx hash) are normalised on write: they are
// kept as lowercase 0x hex whatever case they come in, and filters match
// them whatever case they are given in.
type Store interface {
	Reader
	// Tx runs fn in one transaction and commits if fn returns nil. If fn
	// returns an error or panics, the transaction is rolled back (and the
	// panic continues). Write transactions are serialised on SQLite and may
	// run concurrently on PostgreSQL.
	Tx(ctx context.Context, fn func(tx Tx) error) error
	// Close releases the database.
	Close() error
}

// Tx is a transaction: the reads see its own writes.
type Tx interface {
	Reader
	Writer
}

// Reader holds every read.
type Reader interface {
	// Cursor returns a network's cursor, or ErrNotFound before its first block.
	Cursor(ctx context.Context, network string) (Cursor, error)
	// BlockHash returns the hash recorded for a processed block of a network
	// (the last BlockHistory blocks up to the cursor are kept), or ErrNotFound.
	BlockHash(ctx context.Context, network string, number uint64) (string, error)

	// Alerts lists alerts matching f, in (block number, id) order.
	Alerts(ctx context.Context, f AlertFilter) ([]Alert, error)

	// Incident returns one incident, or ErrNotFound.
	Incident(ctx context.Context, id string) (Incident, error)
	// Incidents lists incidents matching f, newest first.
	Incidents(ctx context.Context, f IncidentFilter) ([]Incident, error)
	// Timeline lists an incident's events in the order they were appended.
	Timeline(ctx context.Context, incidentID string) ([]TimelineEvent, error)

	// Action returns one action by id, or ErrNotFound.
	Action(ctx context.Context, id int64) (Action, error)
	// ActionByKey returns the action with that key in an incident, or ErrNotFound.
	ActionByKey(ctx context.Context, incidentID, key string) (Action, error)
	// Actions lists an incident's actions in creation order.
	Actions(ctx context.Context, incidentID string) ([]Action, error)
	// Approvals lists an action's approvals in the order they were given.
	Approvals(ctx context.Context, actionID int64) ([]Approval, error)

	// SentTxs lists sent transactions matching f, by nonce then id.
	SentTxs(ctx context.Context, f SentTxFilter) ([]SentTx, error)

	// OutboxItems lists outbox items matching f, by id.
	OutboxItems(ctx context.Context, f OutboxFilter) ([]OutboxItem, error)

	// Lease returns a named lease, or ErrNotFound if never taken or released.
	Lease(ctx context.Context, name string) (Lease, error)
	// Leases lists the leases whose names start with prefix, expired ones
	// included, by name.
	Leases(ctx context.Context, prefix string) ([]Lease, error)

	// PlanVersion returns a stored plan by hash, or ErrNotFound.
	PlanVersion(ctx context.Context, hash string) (PlanVersion, error)
	// PlanVersions lists stored plans, oldest first.
	PlanVersions(ctx context.Context) ([]PlanVersion, error)
	// PlanInForce returns the hash of the plan version started last (see
	// Writer.StartPlanVersion), or ErrNotFound when none was started.
	PlanInForce(ctx context.Context) (string, error)

	// Presigned returns one pre-signed Safe transaction with its
	// signatures, or ErrNotFound.
	Presigned(ctx context.Context, id int64) (Presigned, error)
	// PresignedList lists pre-signed Safe transactions matching f, with
	// their signatures, by nonce then id.
	PresignedList(ctx context.Context, f PresignedFilter) ([]Presigned, error)

	// Drills lists the recorded drills, the last finished first, at most
	// limit of them (0: all).
	Drills(ctx context.Context, limit int) ([]Drill, error)

	// Silences lists the silences in force at t (starts ≤ t < ends), or
	// every silence when t is zero, by id.
	Silences(ctx context.Context, t time.Time) ([]Silence, error)
	// SilencesAndIncidents returns what Silences(ctx, at) and
	// Incidents(ctx, f) return, read together: in one round trip where the
	// database takes several statements at once (PostgreSQL), as the
	// incident manager reads them for each alert it ingests.
	SilencesAndIncidents(ctx context.Context, at time.Time, f IncidentFilter) ([]Silence, []Incident, error)

	// AuditEntries lists audit entries matching f, in sequence order.
	AuditEntries(ctx context.Context, f AuditFilter) ([]audit.Entry, error)
	// AuditHead returns the last entry's sequence and hash as recorded
	// when it was appended ({0, audit.GenesisHash} for an empty log).
	AuditHead(ctx context.Context) (audit.Head, error)
}

// Writer holds every mutation; it is only reachable inside Store.Tx.
type Writer interface {
	// SetCursor records that c.BlockNumber (with c.BlockHash) is the last
	// processed block of c.Network, records the block's hash in the block
	// history, with those of earlier (blocks below it committed in the same
	// transaction, as a follower catching up does), forgets recorded blocks
	// above it (after a reorg the cursor moves back) and below the history
	// window. UpdatedAt is assigned.
	SetCursor(ctx context.Context, c Cursor, earlier ...BlockRef) error
	// ClaimCursor moves network's cursor from from (nil: the network has no
	// cursor yet) to to, only if it is at from, number and hash: the
	// compare-and-set by which one of several followers of a network
	// commits each block. If another moved it first it returns
	// ErrCursorMoved (roll the transaction back). The cursor's row stays
	// locked until the transaction ends, so that concurrent claims of one
	// network wait for each other; no clock is involved.
	ClaimCursor(ctx context.Context, network string, from *BlockRef, to BlockRef) error

	// InsertAlert stores a, keyed by (network, block hash, tx hash, log
	// index, detector), and reports whether it is new to the canonical chain:
	// true for a new row, or for a retracted row that is restored because its
	// block became canonical again; false if it was already stored, in which
	// case the stored alert is returned unchanged. ID and CreatedAt are assigned.
	InsertAlert(ctx context.Context, a Alert) (Alert, bool, error)
	// InsertAlerts stores as as InsertAlert would one after the other, in
	// order, in one round trip where the database takes several
	// statements at once (PostgreSQL): it returns each stored alert and
	// whether it is new.
	InsertAlerts(ctx context.Context, as []Alert) ([]Alert, []bool, error)
	// SetAlertIncident links an alert to the incident it was grouped into.
	SetAlertIncident(ctx context.Context, alertID int64, incidentID string) error
	// RetractAlerts marks every unretracted alert of network at fromBlock or
	// above as retracted (they are kept) and returns them.
	RetractAlerts(ctx context.Context, network string, fromBlock uint64) ([]Alert, error)

	// CreateIncident stores a new incident. If inc.ID is empty the store
	// assigns the next "INC-YYYY-NNNN" of OpenedAt's year (the year of now if
	// OpenedAt is zero); an ID already in use is ErrConflict. OpenedAt
	// (if zero), UpdatedAt and Version (1) are assigned.
	CreateIncident(ctx context.Context, inc Incident) (Incident, error)
	// UpdateIncident writes every field of inc except ID and OpenedAt, if
	// the stored Version still equals inc.Version (ErrConflict otherwise,
	// ErrNotFound if there is no such incident). It returns the incident
	// with its new Version and UpdatedAt.
	UpdateIncident(ctx context.Context, inc Incident) (Incident, error)
	// AppendTimeline adds an event to an incident's timeline and seals it
	// in the audit log in the same transaction: an entry whose payload is
	// SealTimeline(ev), so that VerifyAudit catches an edited, inserted or
	// removed event. ID is assigned, and Time if zero. Callers do not append
	// an audit entry of their own for the event.
	AppendTimeline(ctx context.Context, ev TimelineEvent) (TimelineEvent, error)
	// AppendTimelines appends evs as AppendTimeline would one after the
	// other, in order (their IDs ascend in that order, their audit entries
	// follow in that order), in a few round trips whatever their number.
	AppendTimelines(ctx context.Context, evs []TimelineEvent) ([]TimelineEvent, error)

	// InsertAction stores a, unique by (IncidentID, Key), and reports
	// whether it is new; if an action with that key exists it is returned
	// unchanged. ID, CreatedAt, UpdatedAt and Version (1) are assigned.
	InsertAction(ctx context.Context, a Action) (Action, bool, error)
	// UpdateAction writes Status, TxHash, Nonce, Simulation, Error and Params
	// if the stored Version equals a.Version (ErrConflict otherwise) and
	// returns the action with its new Version and UpdatedAt.
	UpdateAction(ctx context.Context, a Action) (Action, error)
	// AddApproval records a person's approval of an action and reports
	// whether it is new (a person approves an action once). ApprovedAt is
	// assigned if zero. An unknown action is ErrNotFound.
	AddApproval(ctx context.Context, ap Approval) (bool, error)

	// RecordSentTx stores a transaction just sent, unique by (ChainID,
	// TxHash); recording the same hash again returns the stored one.
	RecordSentTx(ctx context.Context, s SentTx) (SentTx, error)
	// UpdateSentTx writes Status, BlockNumber and Error of the transaction
	// (ChainID, TxHash); ErrNotFound if it was never recorded.
	UpdateSentTx(ctx context.Context, s SentTx) error

	// Enqueue adds an item to the outbox and reports whether it is new: an
	// item whose Key already exists (in any status) is left as it is.
	// NotBefore defaults to now; Status, Attempts and times are assigned.
	Enqueue(ctx context.Context, item OutboxItem) (bool, error)
	// Claim leases up to n due items to worker for leaseFor and returns
	// them, oldest due first. An item is due when it is pending, its
	// NotBefore has passed, it is not leased (or its lease expired), and no
	// earlier item of the same non-empty Queue is still pending. Claiming
	// counts an attempt. Two transactions never claim the same item (on
	// PostgreSQL, FOR UPDATE SKIP LOCKED; on SQLite, the write lock).
	Claim(ctx context.Context, worker string, n int, leaseFor time.Duration) ([]OutboxItem, error)
	// ClaimFiltered is Claim restricted to the items f keeps, so that
	// separate lanes of workers (containment, each notification channel)
	// never wait behind each other.
	ClaimFiltered(ctx context.Context, worker string, n int, leaseFor time.Duration, f ClaimFilter) ([]OutboxItem, error)
	// RenewClaims extends by leaseFor from now the leases of the items ids
	// that worker still holds (pending, leased by worker, even if the lease
	// expired as long as nobody else claimed them) and returns how many it
	// extended. A worker renews what it is still working on, so that leases
	// can be short and a dead worker's items come back soon.
	RenewClaims(ctx context.Context, worker string, ids []int64, leaseFor time.Duration) (int, error)
	// ReleaseClaims makes every pending item leased by worker claimable
	// now and returns how many it released. A worker that starts under the
	// identity of one that died (a restart) calls it to resume the dead
	// one's items at once instead of waiting for their leases to expire.
	ReleaseClaims(ctx context.Context, worker string) (int, error)
	// DueNow makes the pending, unclaimed items of kinds (and the kinds
	// under them, as in ClaimFilter) that wait out a backoff due now, and
	// returns how many: a restarted daemon retries its containment at once
	// rather than at the backoff time its predecessor stored.
	DueNow(ctx context.Context, kinds []string) (int, error)
	// Complete marks an item done.
	Complete(ctx context.Context, id int64) error
	// Fail records errMsg as the item's last error and releases its lease.
	// The item is retried at retryAt, or, if retryAt is zero, becomes dead
	// (OutboxDead: kept, visible, never claimed again).
	Fail(ctx context.Context, id int64, retryAt time.Time, errMsg string) error

	// AcquireLease takes the named lease for holder for ttl if it is free,
	// expired, or already held by holder (then it is renewed), and reports
	// whether holder now holds it.
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// RenewLease extends the lease by ttl from now if holder still holds it
	// (even if expired, as long as nobody else took it) and reports whether
	// it did; false means leadership was lost.
	RenewLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// ReleaseLease gives the lease up if holder holds it.
	ReleaseLease(ctx context.Context, name, holder string) error

	// SavePlanVersion stores a plan by its hash and reports whether it is
	// new; LoadedAt is assigned if zero. Saving a known hash changes nothing.
	SavePlanVersion(ctx context.Context, p PlanVersion) (bool, error)
	// StartPlanVersion records that a daemon started with the saved plan
	// hash, which makes it the plan in force (Reader.PlanInForce): the
	// order is a counter in the database, not a clock. ErrNotFound if the
	// plan was never saved.
	StartPlanVersion(ctx context.Context, hash string) error

	// CreateSilence stores a silence; ID and CreatedAt are assigned.
	CreateSilence(ctx context.Context, s Silence) (Silence, error)
	// ExpireSilence ends a silence at t (if it ends later); ErrNotFound if
	// there is no such silence.
	ExpireSilence(ctx context.Context, id int64, t time.Time) error

	// InsertPresigned stores a prepared Safe transaction (without
	// signatures), unique by (ChainID, Safe, SafeTxHash), and reports
	// whether it is new; if it exists the stored one is returned. ID and
	// CreatedAt are assigned.
	InsertPresigned(ctx context.Context, p Presigned) (Presigned, bool, error)
	// AddPresignature records an owner's signature of a pre-signed
	// transaction and reports whether it is new: one per owner, a second
	// one from the same owner replaces nothing. AddedAt is assigned if
	// zero. An unknown transaction is ErrNotFound.
	AddPresignature(ctx context.Context, presignedID int64, s Presignature) (bool, error)

	// InsertDrill records a drill; ID is assigned.
	InsertDrill(ctx context.Context, d Drill) (Drill, error)

	// AppendAudit seals r as the next audit entry, inside this transaction,
	// and returns it. Concurrent transactions appending are serialised on
	// the chain head, so the chain never forks and sequences have no gaps.
	AppendAudit(ctx context.Context, r audit.Record) (audit.Entry, error)
}

// BlockHistory is how many processed blocks below the cursor keep their hash
// (see Reader.BlockHash), the deepest reorg a follower can walk back.
const BlockHistory = 1024

// Cursor is the last fully processed block of a network.
type Cursor struct {
	Network     string
	BlockNumber uint64
	BlockHash   string
	// State is the detection state after the block (the detect package's,
	// as JSON): detector windows, thresholds and cooldowns, so that a
	// restart resumes them. Nil when there is none.
	State     json.RawMessage
	UpdatedAt time.Time
}

// BlockRef names a block of a network's chain: its number and hash.
type BlockRef struct {
	Number uint64
	Hash   string
}

// NoLogIndex is the LogIndex of an alert that is not about a log.
const NoLogIndex = -1

// Alert is a fact a detector found, with its evidence.
type Alert struct {
	// ID is assigned by the store.
	ID int64
	// Detector is the plan's detector name.
	Detector string
	// Severity and IncidentType are the detector's.
	Severity     string
	IncidentType string
	// Network, BlockNumber and BlockHash locate the block.
	Network     string
	BlockNumber uint64
	BlockHash   string
	// BlockTime is the block's timestamp (UTC); time to detect runs from it.
	BlockTime time.Time
	// TxHash is the transaction ("" for an alert about the block's state).
	TxHash string
	// LogIndex is the log's index in the block; for alerts not about a log,
	// a position that tells apart one detector's alerts in one transaction
	// (e.g. the call's index in the trace), or NoLogIndex.
	LogIndex int64
	// Contract is the monitored contract's address.
	Contract string
	// Fields holds the decoded fields, as JSON.
	Fields json.RawMessage
	// Summary is a one-line human description.
	Summary string
	// IncidentID is the incident the alert was grouped into, if any.
	IncidentID string
	// CreatedAt is when the alert was first stored.
	CreatedAt time.Time
	// RetractedAt is when the alert's block left the canonical chain; zero
	// while it is canonical.
	RetractedAt time.Time
}

// Retracted reports whether the alert's block was dropped by a reorg.
func (a Alert) Retracted() bool { return !a.RetractedAt.IsZero() }

// AlertFilter selects alerts; zero fields match everything.
type AlertFilter struct {
	Network    string
	IncidentID string
	Detector   string
	// FromBlock and ToBlock bound the block number, inclusive (ToBlock 0:
	// no upper bound).
	FromBlock uint64
	ToBlock   uint64
	// WithRetracted includes retracted alerts.
	WithRetracted bool
	// Limit caps the count (0: no cap).
	Limit int
}

// IncidentStatus is where an incident is in its lifecycle. Its values, their
// order and the transitions between them belong to the incident package
// (incident.Status is this type, with the constants); it is declared here
// because the store's record carries it and the store imports no domain
// package.
type IncidentStatus string

// Incident is what people work on: alerts grouped, with roles, a status
// and a timeline.
type Incident struct {
	// ID is "INC-YYYY-NNNN" when assigned by the store: human-friendly,
	// sortable within a year, numbered per year from 0001 (more digits
	// after 9999).
	ID       string
	Title    string
	Type     string
	Severity string
	Status   IncidentStatus
	Network  string
	Contract string
	// Roles maps a role (e.g. "incident_commander") to a person.
	Roles map[string]string
	// PlanHash is the hash of the plan version in force.
	PlanHash string
	// GroupKey is what alerts are grouped by (the incident package's).
	GroupKey string
	// AlertCount counts the alerts grouped into the incident.
	AlertCount int
	// PostMortem holds the editable post-mortem fields, as JSON.
	PostMortem json.RawMessage
	// Details holds other attributes (loss, jurisdictions, decisions), as JSON.
	Details  json.RawMessage
	OpenedAt time.Time
	// UpdatedAt is assigned on every write.
	UpdatedAt time.Time
	// ClosedAt is zero while the incident is open; the incident package
	// decides when it closes.
	ClosedAt time.Time
	// Version is the optimistic concurrency version, assigned by the store.
	Version int64
}

// Open reports whether the incident is still open.
func (i Incident) Open() bool { return i.ClosedAt.IsZero() }

// IncidentFilter selects incidents; zero fields match everything.
type IncidentFilter struct {
	// Statuses keeps incidents in any of these statuses.
	Statuses []IncidentStatus
	// OpenOnly keeps incidents whose ClosedAt is zero.
	OpenOnly bool
	GroupKey string
	Network  string
	Contract string
	// UpdatedSince keeps incidents whose UpdatedAt is at or after it (zero:
	// any), e.g. to read only what changed since an earlier read.
	UpdatedSince time.Time
	// AnyOf, if not empty, keeps the incidents that match any of these
	// filters (their Limit and AnyOf aside) as well as the others above:
	// several lists read in one query.
	AnyOf []IncidentFilter
	// Limit caps the count (0: no cap).
	Limit int
}

// TimelineEvent is one entry of an incident's timeline.
type TimelineEvent struct {
	// ID is assigned by the store and orders the timeline.
	ID         int64
	IncidentID string
	// Time is when it happened (UTC); assigned if zero.
	Time  time.Time
	Actor string
	// Kind classifies the event (e.g. "status", "alert", "note", "action").
	Kind    string
	Message string
	// Data holds structured details, as JSON.
	Data json.RawMessage
}

// ActionStatus is where a containment step is. Its values and lifecycle
// belong to the respond package (respond.Status is this type, with the
// constants).
type ActionStatus string

// Action is a containment step (pause, unpause, call, role change, upgrade).
type Action struct {
	// ID is assigned by the store.
	ID int64
	// IncidentID is the incident ("" for a manual action outside one).
	IncidentID string
	// Key identifies the action within its incident (e.g.
	// "pause:mainnet:0xvault"), so the same step is never stored twice.
	Key      string
	Kind     string
	Network  string
	Target   string
	Executor string
	// Params holds the action's arguments, as JSON.
	Params json.RawMessage
	Status ActionStatus
	TxHash string
	// Nonce is the nonce used to send it, nil until sent.
	Nonce *uint64
	// Simulation holds the simulation's outcome, as JSON.
	Simulation json.RawMessage
	Error      string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Version is the optimistic concurrency version, assigned by the store.
	Version int64
}

// Approval is a person's approval of an action, in a role.
type Approval struct {
	ActionID   int64
	Person     string
	Role       string
	ApprovedAt time.Time
}

// SentTxStatus is where a sent transaction is. Its values belong to the
// nonce manager (txmgr.Status is this type, with the constants).
type SentTxStatus string

// SentTx is a transaction breakglass sent, the durable record the nonce
// manager reconciles with the chain.
type SentTx struct {
	// ID is assigned by the store.
	ID      int64
	ChainID uint64
	Sender  string
	Nonce   uint64
	TxHash  string
	// ActionID is the action it carries out (0 if none).
	ActionID int64
	GasLimit uint64
	// MaxFeePerGas and MaxPriorityFeePerGas are in wei, decimal strings.
	MaxFeePerGas         string
	MaxPriorityFeePerGas string
	// Status is the nonce manager's (pending, mined, reverted, replaced,
	// dropped).
	Status SentTxStatus
	// BlockNumber is where it was mined (0 until then).
	BlockNumber uint64
	Error       string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// SentTxFilter selects sent transactions; zero fields match everything.
type SentTxFilter struct {
	ChainID  uint64
	Sender   string
	Statuses []SentTxStatus
	// MinNonce keeps nonces at or above it.
	MinNonce uint64
	ActionID int64
}

// OutboxStatus is where an outbox item is. The store moves it (Claim,
// Complete, Fail), so its values are the store's.
type OutboxStatus string

// Outbox statuses.
const (
	// OutboxPending: waiting to be claimed, or claimed and in progress.
	OutboxPending OutboxStatus = "pending"
	// OutboxDone: carried out.
	OutboxDone OutboxStatus = "done"
	// OutboxDead: given up (Fail with a zero retry time); kept for people to see.
	OutboxDead OutboxStatus = "dead"
)

// OutboxItem is a side effect (a notification, a containment step) written
// in the same transaction as the change that causes it, and carried out later
// by a worker.
type OutboxItem struct {
	// ID is assigned by the store.
	ID int64
	// Key is the idempotency key: one item per key, ever.
	Key string
	// Kind tells workers what the item is (e.g. "notify.slack").
	Kind string
	// Queue, if not empty, orders items: an item is not claimed while an
	// earlier item of its queue is pending (e.g. one queue per channel and
	// incident keeps its messages in order).
	Queue      string
	IncidentID string
	// Payload is what the worker needs, as JSON.
	Payload json.RawMessage
	// NotBefore is when the item becomes due.
	NotBefore time.Time
	// Status is OutboxPending, OutboxDone or OutboxDead.
	Status OutboxStatus
	// Attempts counts claims.
	Attempts  int
	LastError string
	// LeasedBy and LeaseUntil describe the current or last claim.
	LeasedBy   string
	LeaseUntil time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// DoneAt is when it was completed or given up.
	DoneAt time.Time
}

// ClaimFilter narrows a claim by item kind. A kind listed matches itself
// and the kinds under it: "notify" matches "notify" and "notify.slack".
// The zero value keeps every item.
type ClaimFilter struct {
	// Kinds keeps the items of these kinds (empty: every kind).
	Kinds []string
	// ExceptKinds leaves out the items of these kinds.
	ExceptKinds []string
}

// OutboxFilter selects outbox items; zero fields match everything.
type OutboxFilter struct {
	Statuses   []OutboxStatus
	IncidentID string
	Kind       string
	// Limit caps the count (0: no cap).
	Limit int
}

// Lease is a named lease in the database, e.g. a network's pending
// transactions subscription ("mempool/NETWORK") or a daemon's membership
// of the fleet ("member/ID/PLAN").
type Lease struct {
	Name       string
	Holder     string
	AcquiredAt time.Time
	ExpiresAt  time.Time
}

// PlanVersion is one version of the incident response plan, as loaded.
type PlanVersion struct {
	// Hash identifies the version (the plan package computes it).
	Hash string
	// Content is the plan file, byte for byte.
	Content []byte
	// LoadedAt is when it was first saved.
	LoadedAt time.Time
}

// Silence suppresses the alerts its matchers match between StartsAt and
// EndsAt: they are stored but open no incident and page nobody.
type Silence struct {
	// ID is assigned by the store.
	ID int64
	// Matchers holds the incident package's matchers, as JSON.
	Matchers json.RawMessage
	StartsAt time.Time
	EndsAt   time.Time
	// Author and Comment say who silenced what, and why.
	Author    string
	Comment   string
	CreatedAt time.Time
}

// AuditFilter selects audit entries; zero fields match everything.
type AuditFilter struct {
	// FromSeq keeps entries at or after it.
	FromSeq int64
	// Subject keeps entries about one subject.
	Subject string
	// Limit caps the count (0: no cap).
	Limit int
}

// Presigned is a Safe transaction prepared ahead of an incident (a pause at
// one of the Safe's next nonces) for its owners to sign: the transaction's
// data and the owners' signatures, never a key. It is a CALL with no gas
// refund (operation 0; safeTxGas, baseGas, gasPrice 0; no gas token or
// refund receiver).
type Presigned struct {
	// ID is assigned by the store.
	ID int64
	// Network, Executor, Contract and Action name the plan's parts it was
	// prepared for.
	Network  string
	Executor string
	Contract string
	Action   string
	// ChainID and Safe are the EIP-712 domain.
	ChainID uint64
	Safe    string
	// To, Value (wei, decimal) and Data are the call; Nonce the Safe's
	// nonce it is valid at.
	To    string
	Value string
	Data  []byte
	Nonce uint64
	// SafeTxHash is the EIP-712 hash the owners sign.
	SafeTxHash string
	// Owners and Threshold are the Safe's when it was prepared.
	Owners    []string
	Threshold int
	CreatedAt time.Time
	// Signatures are the owners' signatures, by owner (read only: added
	// with AddPresignature).
	Signatures []Presignature
}

// Presignature is one owner's signature of a pre-signed transaction.
type Presignature struct {
	Owner string
	// Signature is r, s, v (65 bytes).
	Signature []byte
	AddedAt   time.Time
}

// PresignedFilter selects pre-signed transactions; zero fields match
// everything.
type PresignedFilter struct {
	Executor string
	Safe     string
	// MinNonce keeps those at this nonce or above.
	MinNonce uint64
}

// Drill is the record of one drill (breakglass drill): generic attack
// effects played on a fork with the plan, kept with the plan version.
type Drill struct {
	// ID is assigned by the store.
	ID int64
	// Network is the plan's network drilled; PlanHash the plan version.
	Network  string
	PlanHash string
	// Upstream is the forked node as scheme://host (never a path or query,
	// where providers put API keys); ForkBlock the block forked at.
	Upstream  string
	ForkBlock uint64
	// Effects played, how many were Detected and Contained (the pause
	// mined), and the alerts of the benign replay (FalseAlarms).
	Effects     int
	Detected    int
	Contained   int
	FalseAlarms int
	// Summary is one line for people; Report the drill report (JSON).
	Summary    string
	Report     []byte
	StartedAt  time.Time
	FinishedAt time.Time
}
