package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Cursor implements store.Reader.
func (r reader) Cursor(ctx context.Context, network string) (store.Cursor, error) {
	var c store.Cursor
	var num, upd int64
	var state string
	err := queryOne(ctx, r.db, func(rows Rows) error {
		return rows.Scan(&c.Network, &num, &c.BlockHash, &upd, &state)
	}, `SELECT network, block_number, block_hash, updated_at, state FROM cursors WHERE network = $1`, network)
	if err != nil {
		return store.Cursor{}, r.b.fail(fmt.Sprintf("cursor of network %q", network), err)
	}
	c.BlockNumber = uint64(num)
	c.UpdatedAt = fromMicros(upd)
	c.State = fromText(state)
	return c, nil
}

// BlockHash implements store.Reader.
func (r reader) BlockHash(ctx context.Context, network string, number uint64) (string, error) {
	var h string
	err := queryOne(ctx, r.db, func(rows Rows) error { return rows.Scan(&h) },
		`SELECT block_hash FROM blocks WHERE network = $1 AND block_number = $2`, network, int64(number))
	if err != nil {
		return "", r.b.fail(fmt.Sprintf("hash of block %d of network %q", number, network), err)
	}
	return h, nil
}

// SetCursor implements store.Writer.
func (t *tx) SetCursor(ctx context.Context, c store.Cursor, earlier ...store.BlockRef) error {
	op := fmt.Sprintf("set cursor of network %q to block %d", c.Network, c.BlockNumber)
	num := int64(c.BlockNumber)
	low := int64(-1)
	if num >= store.BlockHistory {
		low = num - store.BlockHistory
	}
	// The history rows: earlier blocks within the window, then the cursor's.
	rows := make([]store.BlockRef, 0, len(earlier)+1)
	for i, b := range earlier {
		if b.Number >= c.BlockNumber || (i > 0 && b.Number <= earlier[i-1].Number) {
			return fmt.Errorf("%s: earlier blocks must be below it and in order, got block %d", op, b.Number)
		}
		if int64(b.Number) > low {
			rows = append(rows, b)
		}
	}
	rows = append(rows, store.BlockRef{Number: c.BlockNumber, Hash: c.BlockHash})
	stmts := []Stmt{
		{Query: `INSERT INTO cursors (network, block_number, block_hash, updated_at, state) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (network) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash, updated_at = excluded.updated_at, state = excluded.state`,
			Args: []any{c.Network, num, c.BlockHash, micros(t.b.timeNow()), text(c.State)}},
		{Query: `DELETE FROM blocks WHERE network = $1 AND (block_number > $2 OR block_number <= $3)`, Args: []any{c.Network, num, low}},
	}
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), historyChunk)]
		rows = rows[len(chunk):]
		var q strings.Builder
		q.WriteString(`INSERT INTO blocks (network, block_number, block_hash) VALUES `)
		args := []any{c.Network}
		for i, b := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			fmt.Fprintf(&q, "($1, $%d, $%d)", len(args)+1, len(args)+2)
			args = append(args, int64(b.Number), b.Hash)
		}
		q.WriteString(` ON CONFLICT (network, block_number) DO UPDATE SET block_hash = excluded.block_hash`)
		stmts = append(stmts, Stmt{Query: q.String(), Args: args})
	}
	// Nothing here can conflict: where the database defers, the
	// statements go with the transaction's next one (its COMMIT, when
	// the cursor is saved last).
	if err := execLater(ctx, t.db, stmts); err != nil {
		return t.b.fail(op, err)
	}
	return nil
}

// historyChunk bounds the rows of one insert into the block history.
const historyChunk = 256

const alertCols = `id, detector, severity, incident_type, network, block_number, block_hash, tx_hash, log_index, contract, fields, summary, incident_id, created_at, retracted_at, block_time`

func scanAlert(rows Rows) (store.Alert, error) {
	var a store.Alert
	var num, created, retracted, blockTime int64
	var fields string
	err := rows.Scan(&a.ID, &a.Detector, &a.Severity, &a.IncidentType, &a.Network, &num, &a.BlockHash, &a.TxHash,
		&a.LogIndex, &a.Contract, &fields, &a.Summary, &a.IncidentID, &created, &retracted, &blockTime)
	a.BlockTime = fromMicros(blockTime)
	a.BlockNumber = uint64(num)
	a.Fields = fromText(fields)
	a.CreatedAt = fromMicros(created)
	a.RetractedAt = fromMicros(retracted)
	return a, err
}

// Alerts implements store.Reader.
func (r reader) Alerts(ctx context.Context, f store.AlertFilter) ([]store.Alert, error) {
	var w where
	if f.Network != "" {
		w.add("network = %s", f.Network)
	}
	if f.IncidentID != "" {
		w.add("incident_id = %s", f.IncidentID)
	}
	if f.Detector != "" {
		w.add("detector = %s", f.Detector)
	}
	if f.FromBlock > 0 {
		w.add("block_number >= %s", int64(f.FromBlock))
	}
	if f.ToBlock > 0 {
		w.add("block_number <= %s", int64(f.ToBlock))
	}
	if !f.WithRetracted {
		w.add("retracted_at = 0")
	}
	out, err := queryAll(ctx, r.db, scanAlert, `SELECT `+alertCols+` FROM alerts`+w.String()+` ORDER BY block_number, id`+limit(f.Limit), w.args...)
	return out, r.b.fail("list alerts", err)
}

// InsertAlert implements store.Writer.
func (t *tx) InsertAlert(ctx context.Context, a store.Alert) (store.Alert, bool, error) {
	op := fmt.Sprintf("insert alert of detector %q in block %d", a.Detector, a.BlockNumber)
	a.BlockHash, a.TxHash, a.Contract = lower(a.BlockHash), lower(a.TxHash), lower(a.Contract)
	var got store.Alert
	scan := func(rows Rows) (err error) { got, err = scanAlert(rows); return err }
	q, args := t.insertAlertQuery(a)
	err := queryOne(ctx, t.db, scan, q, args...)
	if err == nil {
		// New, or restored: a reorg had retracted it and its block is
		// canonical again.
		t.sawAlert(got.ID)
		return got, true, nil
	}
	if err != store.ErrNotFound {
		return store.Alert{}, false, t.b.fail(op, err)
	}
	// Already stored, not retracted.
	q, args = storedAlertQuery(a)
	err = queryOne(ctx, t.db, scan, q, args...)
	if err != nil {
		return store.Alert{}, false, t.b.fail(op, err)
	}
	t.sawAlert(got.ID)
	return got, false, nil
}

// insertAlertQuery is InsertAlert's INSERT of a (its hashes and contract
// in lower case): it returns the row when new or restored, none when a
// was already stored and not retracted.
func (t *tx) insertAlertQuery(a store.Alert) (string, []any) {
	return `INSERT INTO alerts (detector, severity, incident_type, network, block_number, block_hash, tx_hash, log_index, contract, fields, summary, incident_id, created_at, retracted_at, block_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14)
ON CONFLICT (network, block_hash, tx_hash, log_index, detector) DO UPDATE SET retracted_at = 0 WHERE alerts.retracted_at <> 0
RETURNING ` + alertCols,
		[]any{a.Detector, a.Severity, a.IncidentType, a.Network, int64(a.BlockNumber), a.BlockHash, a.TxHash, a.LogIndex,
			a.Contract, text(a.Fields), a.Summary, a.IncidentID, micros(t.b.timeNow()), micros(a.BlockTime.UTC().Truncate(time.Microsecond))}
}

// storedAlertQuery reads the stored alert of a's key.
func storedAlertQuery(a store.Alert) (string, []any) {
	return `SELECT ` + alertCols + ` FROM alerts
WHERE network = $1 AND block_hash = $2 AND tx_hash = $3 AND log_index = $4 AND detector = $5`,
		[]any{a.Network, a.BlockHash, a.TxHash, a.LogIndex, a.Detector}
}

// InsertAlerts implements store.Writer. Where the database batches, each
// alert's INSERT goes with a read of its key, all in one round trip: the
// INSERT returns the alert when it is new (or restored), the read when it
// was stored already. Elsewhere it is InsertAlert for each.
func (t *tx) InsertAlerts(ctx context.Context, as []store.Alert) ([]store.Alert, []bool, error) {
	out, isNew := make([]store.Alert, len(as)), make([]bool, len(as))
	if _, ok := t.db.(Batcher); !ok || len(as) < 2 {
		for i, a := range as {
			var err error
			if out[i], isNew[i], err = t.InsertAlert(ctx, a); err != nil {
				return nil, nil, err
			}
		}
		return out, isNew, nil
	}
	stmts := make([]Stmt, 0, 2*len(as))
	stored := make([]store.Alert, len(as))
	found := make([]bool, len(as))
	for i, a := range as {
		a.BlockHash, a.TxHash, a.Contract = lower(a.BlockHash), lower(a.TxHash), lower(a.Contract)
		q, args := t.insertAlertQuery(a)
		stmts = append(stmts, Stmt{Query: q, Args: args, Scan: func(rows Rows) (err error) {
			out[i], err = scanAlert(rows)
			isNew[i] = err == nil
			return err
		}})
		q, args = storedAlertQuery(a)
		stmts = append(stmts, Stmt{Query: q, Args: args, Scan: func(rows Rows) (err error) {
			stored[i], err = scanAlert(rows)
			found[i] = err == nil
			return err
		}})
	}
	if _, err := execAll(ctx, t.db, stmts); err != nil {
		return nil, nil, t.b.fail(fmt.Sprintf("insert %d alerts of block %d", len(as), as[0].BlockNumber), err)
	}
	for i, a := range as {
		if !isNew[i] {
			if !found[i] {
				return nil, nil, t.b.fail(fmt.Sprintf("insert alert of detector %q in block %d", a.Detector, a.BlockNumber), store.ErrNotFound)
			}
			out[i] = stored[i]
		}
		t.sawAlert(out[i].ID)
	}
	return out, isNew, nil
}

// sawAlert notes that alert id exists: alerts are never deleted, so an
// update of it by id cannot miss.
func (t *tx) sawAlert(id int64) {
	if t.alerts == nil {
		t.alerts = map[int64]bool{}
	}
	t.alerts[id] = true
}

// SetAlertIncident implements store.Writer. The link to an alert this
// transaction stored cannot miss: it goes with the next statement where
// the database defers (see Deferrer).
func (t *tx) SetAlertIncident(ctx context.Context, alertID int64, incidentID string) error {
	const q = `UPDATE alerts SET incident_id = $1 WHERE id = $2`
	if t.alerts[alertID] {
		return t.b.fail(fmt.Sprintf("link alert %d to incident %s", alertID, incidentID),
			execLater(ctx, t.db, []Stmt{{Query: q, Args: []any{incidentID, alertID}}}))
	}
	n, err := t.db.Exec(ctx, q, incidentID, alertID)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return t.b.fail(fmt.Sprintf("link alert %d to incident %s", alertID, incidentID), err)
}

// RetractAlerts implements store.Writer.
func (t *tx) RetractAlerts(ctx context.Context, network string, fromBlock uint64) ([]store.Alert, error) {
	out, err := queryAll(ctx, t.db, scanAlert, `UPDATE alerts SET retracted_at = $1
WHERE network = $2 AND block_number >= $3 AND retracted_at = 0
RETURNING `+alertCols, micros(t.b.timeNow()), network, int64(fromBlock))
	if err != nil {
		return nil, t.b.fail(fmt.Sprintf("retract alerts of network %q from block %d", network, fromBlock), err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].BlockNumber != out[j].BlockNumber {
			return out[i].BlockNumber < out[j].BlockNumber
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// ClaimCursor implements store.Writer. Where the database batches, the
// plan in force is read in the same round trip, after the claim: the
// transaction's PlanInForce answers from it (the claim stage asks next).
func (t *tx) ClaimCursor(ctx context.Context, network string, from *store.BlockRef, to store.BlockRef) error {
	op := fmt.Sprintf("claim block %d of network %q", to.Number, network)
	var claim Stmt
	if from == nil {
		claim = Stmt{Query: `INSERT INTO cursors (network, block_number, block_hash, updated_at, state) VALUES ($1, $2, $3, $4, '')
ON CONFLICT (network) DO NOTHING`, Args: []any{network, int64(to.Number), lower(to.Hash), micros(t.b.timeNow())}}
	} else {
		claim = Stmt{Query: `UPDATE cursors SET block_number = $1, block_hash = $2, updated_at = $3
WHERE network = $4 AND block_number = $5 AND block_hash = $6`,
			Args: []any{int64(to.Number), lower(to.Hash), micros(t.b.timeNow()), network, int64(from.Number), lower(from.Hash)}}
	}
	var n int64
	if b, ok := t.db.(Batcher); ok {
		in := &inForce{}
		ns, err := b.ExecBatch(ctx, []Stmt{claim, {Query: planInForceQuery, Scan: func(rows Rows) error {
			in.found = true
			return rows.Scan(&in.hash)
		}}})
		if err != nil {
			return t.b.fail(op, err)
		}
		n, t.inForce = ns[0], in
	} else {
		var err error
		if n, err = t.db.Exec(ctx, claim.Query, claim.Args...); err != nil {
			return t.b.fail(op, err)
		}
	}
	if n != 1 {
		return fmt.Errorf("%s: %w", op, store.ErrCursorMoved)
	}
	return nil
}

// inForce is the plan in force as read with a claim.
type inForce struct {
	hash  string
	found bool
}

// PlanInForce implements store.Reader: as read with the transaction's
// claim (ClaimCursor), if it read it, else from the database.
func (t *tx) PlanInForce(ctx context.Context) (string, error) {
	if in := t.inForce; in != nil {
		if !in.found {
			return "", t.b.fail("plan in force", store.ErrNotFound)
		}
		return in.hash, nil
	}
	return t.reader.PlanInForce(ctx)
}
