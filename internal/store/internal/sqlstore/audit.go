package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func scanPlan(rows Rows) (store.PlanVersion, error) {
	var p store.PlanVersion
	var loaded int64
	err := rows.Scan(&p.Hash, &p.Content, &loaded)
	p.LoadedAt = fromMicros(loaded)
	return p, err
}

// PlanVersion implements store.Reader.
func (r reader) PlanVersion(ctx context.Context, hash string) (store.PlanVersion, error) {
	var got store.PlanVersion
	err := queryOne(ctx, r.db, func(rows Rows) (err error) { got, err = scanPlan(rows); return err },
		`SELECT hash, content, loaded_at FROM plan_versions WHERE hash = $1`, hash)
	return got, r.b.fail("plan version "+hash, err)
}

// PlanVersions implements store.Reader.
func (r reader) PlanVersions(ctx context.Context) ([]store.PlanVersion, error) {
	out, err := queryAll(ctx, r.db, scanPlan, `SELECT hash, content, loaded_at FROM plan_versions ORDER BY loaded_at, hash`)
	return out, r.b.fail("list plan versions", err)
}

// SavePlanVersion implements store.Writer.
func (t *tx) SavePlanVersion(ctx context.Context, p store.PlanVersion) (bool, error) {
	if p.LoadedAt.IsZero() {
		p.LoadedAt = t.b.timeNow()
	}
	if p.Content == nil {
		p.Content = []byte{}
	}
	n, err := t.db.Exec(ctx, `INSERT INTO plan_versions (hash, content, loaded_at) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING`,
		p.Hash, p.Content, micros(p.LoadedAt.UTC().Truncate(time.Microsecond)))
	if err != nil {
		return false, t.b.fail("save plan version "+p.Hash, err)
	}
	return n == 1, nil
}

const auditCols = `seq, time, actor, action, subject, payload, payload_hash, prev_hash, hash`

func scanAudit(rows Rows) (audit.Entry, error) {
	var e audit.Entry
	var tm int64
	err := rows.Scan(&e.Seq, &tm, &e.Actor, &e.Action, &e.Subject, &e.Payload, &e.PayloadHash, &e.PrevHash, &e.Hash)
	e.Time = fromMicros(tm)
	if len(e.Payload) == 0 {
		e.Payload = nil
	}
	return e, err
}

// AuditEntries implements store.Reader.
func (r reader) AuditEntries(ctx context.Context, f store.AuditFilter) ([]audit.Entry, error) {
	var w where
	if f.FromSeq > 0 {
		w.add("seq >= %s", f.FromSeq)
	}
	if f.Subject != "" {
		w.add("subject = %s", f.Subject)
	}
	out, err := queryAll(ctx, r.db, scanAudit, `SELECT `+auditCols+` FROM audit_log`+w.String()+` ORDER BY seq`+limit(f.Limit), w.args...)
	return out, r.b.fail("read audit log", err)
}

// AuditHead implements store.Reader.
func (r reader) AuditHead(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	err := queryOne(ctx, r.db, func(rows Rows) error { return rows.Scan(&h.Seq, &h.Hash) },
		`SELECT seq, hash FROM audit_head WHERE id = 1`)
	return h, r.b.fail("read audit head", err)
}

// AppendAudit implements store.Writer. Reading the head row FOR UPDATE
// (PostgreSQL) or inside the write transaction (SQLite) serialises appends;
// the transaction then holds the head, so its later appends take it from
// memory, and each writes its entry and the new head in one round trip
// where the database batches: an incident opened in a block's transaction
// appends several.
func (t *tx) AppendAudit(ctx context.Context, rec audit.Record) (audit.Entry, error) {
	out, err := t.appendAudits(ctx, []audit.Record{rec})
	if err != nil {
		return audit.Entry{}, err
	}
	return out[0], nil
}

// auditHeadForUpdate reads the audit head, with the dialect's ForUpdate.
const auditHeadForUpdate = `SELECT seq, hash FROM audit_head WHERE id = 1`

// appendAudits appends recs in order as AppendAudit would one after the
// other: their entries and the new head in one round trip where the
// database batches.
func (t *tx) appendAudits(ctx context.Context, recs []audit.Record) ([]audit.Entry, error) {
	op := fmt.Sprintf("append audit entry %s %s", recs[0].Action, recs[0].Subject)
	if len(recs) > 1 {
		op = fmt.Sprintf("append %d audit entries from %s %s", len(recs), recs[0].Action, recs[0].Subject)
	}
	if t.auditHead == nil {
		var head audit.Head
		err := queryOne(ctx, t.db, func(rows Rows) error { return rows.Scan(&head.Seq, &head.Hash) },
			auditHeadForUpdate+t.b.d.ForUpdate)
		if err != nil {
			return nil, t.b.fail(op, err)
		}
		t.auditHead = &head
	}
	head := *t.auditHead
	out := make([]audit.Entry, len(recs))
	stmts := make([]Stmt, 0, len(recs)+1)
	for i, rec := range recs {
		e := audit.Seal(head, t.b.timeNow(), rec)
		payload := e.Payload
		if payload == nil {
			payload = []byte{}
		}
		stmts = append(stmts, Stmt{Query: `INSERT INTO audit_log (` + auditCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			Args: []any{e.Seq, micros(e.Time), e.Actor, e.Action, e.Subject, payload, e.PayloadHash, e.PrevHash, e.Hash}})
		out[i], head = e, audit.Head{Seq: e.Seq, Hash: e.Hash}
	}
	stmts = append(stmts, Stmt{Query: `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, Args: []any{head.Seq, head.Hash}})
	// The head is held: the entries cannot conflict, and go to the
	// database with the transaction's next statement where it defers.
	if err := execLater(ctx, t.db, stmts); err != nil {
		t.auditHead = nil // read again should the transaction go on
		return nil, t.b.fail(op, err)
	}
	t.auditHead = &head
	return out, nil
}

const planInForceQuery = `SELECT hash FROM plan_versions WHERE started_seq > 0 ORDER BY started_seq DESC, hash DESC LIMIT 1`

// PlanInForce implements store.Reader.
func (r reader) PlanInForce(ctx context.Context) (string, error) {
	var h string
	err := queryOne(ctx, r.db, func(rows Rows) error { return rows.Scan(&h) }, planInForceQuery)
	return h, r.b.fail("plan in force", err)
}

// StartPlanVersion implements store.Writer.
func (t *tx) StartPlanVersion(ctx context.Context, hash string) error {
	t.inForce = nil // read again
	n, err := t.db.Exec(ctx, `UPDATE plan_versions SET started_seq = (SELECT COALESCE(MAX(started_seq), 0) + 1 FROM plan_versions) WHERE hash = $1`, hash)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return t.b.fail("start plan version "+hash, err)
}
