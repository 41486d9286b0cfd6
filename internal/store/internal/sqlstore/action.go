package sqlstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/breakglass-dev/breakglass/internal/store"
)

const actionCols = `id, incident_id, action_key, kind, network, target, executor, params, status, tx_hash, nonce, simulation, error, created_at, updated_at, version`

// noNonce is the stored nonce of an action not yet sent.
const noNonce = -1

func scanAction(rows Rows) (store.Action, error) {
	var a store.Action
	var params, sim string
	var nonce, created, updated int64
	err := rows.Scan(&a.ID, &a.IncidentID, &a.Key, &a.Kind, &a.Network, &a.Target, &a.Executor, &params, &a.Status,
		&a.TxHash, &nonce, &sim, &a.Error, &created, &updated, &a.Version)
	a.Params = fromText(params)
	a.Simulation = fromText(sim)
	if nonce != noNonce {
		n := uint64(nonce)
		a.Nonce = &n
	}
	a.CreatedAt = fromMicros(created)
	a.UpdatedAt = fromMicros(updated)
	return a, err
}

func nonceValue(n *uint64) int64 {
	if n == nil {
		return noNonce
	}
	return int64(*n)
}

// Action implements store.Reader.
func (r reader) Action(ctx context.Context, id int64) (store.Action, error) {
	var got store.Action
	err := queryOne(ctx, r.db, func(rows Rows) (err error) { got, err = scanAction(rows); return err },
		`SELECT `+actionCols+` FROM actions WHERE id = $1`, id)
	return got, r.b.fail(fmt.Sprintf("action %d", id), err)
}

// ActionByKey implements store.Reader.
func (r reader) ActionByKey(ctx context.Context, incidentID, key string) (store.Action, error) {
	var got store.Action
	err := queryOne(ctx, r.db, func(rows Rows) (err error) { got, err = scanAction(rows); return err },
		`SELECT `+actionCols+` FROM actions WHERE incident_id = $1 AND action_key = $2`, incidentID, key)
	return got, r.b.fail(fmt.Sprintf("action %q of incident %q", key, incidentID), err)
}

// Actions implements store.Reader.
func (r reader) Actions(ctx context.Context, incidentID string) ([]store.Action, error) {
	out, err := queryAll(ctx, r.db, scanAction, `SELECT `+actionCols+` FROM actions WHERE incident_id = $1 ORDER BY id`, incidentID)
	return out, r.b.fail("actions of incident "+incidentID, err)
}

// InsertAction implements store.Writer.
func (t *tx) InsertAction(ctx context.Context, a store.Action) (store.Action, bool, error) {
	op := fmt.Sprintf("insert action %q of incident %q", a.Key, a.IncidentID)
	a.Target, a.TxHash = lower(a.Target), lower(a.TxHash)
	now := micros(t.b.timeNow())
	var got store.Action
	err := queryOne(ctx, t.db, func(rows Rows) (err error) { got, err = scanAction(rows); return err },
		`INSERT INTO actions (incident_id, action_key, kind, network, target, executor, params, status, tx_hash, nonce, simulation, error, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, 1)
ON CONFLICT (incident_id, action_key) DO NOTHING RETURNING `+actionCols,
		a.IncidentID, a.Key, a.Kind, a.Network, a.Target, a.Executor, text(a.Params), a.Status, a.TxHash,
		nonceValue(a.Nonce), text(a.Simulation), a.Error, now)
	if err == nil {
		if acts, ok := t.actionsOf[got.IncidentID]; ok {
			t.actionsOf[got.IncidentID] = append(acts, cloneAction(got))
		}
		return got, true, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return store.Action{}, false, t.b.fail(op, err)
	}
	got, err = t.ActionByKey(ctx, a.IncidentID, a.Key)
	if err != nil {
		return store.Action{}, false, err
	}
	return got, false, nil
}

// UpdateAction implements store.Writer.
func (t *tx) UpdateAction(ctx context.Context, a store.Action) (store.Action, error) {
	op := fmt.Sprintf("update action %d", a.ID)
	a.TxHash = lower(a.TxHash)
	var got store.Action
	err := queryOne(ctx, t.db, func(rows Rows) (err error) { got, err = scanAction(rows); return err },
		`UPDATE actions SET status = $1, tx_hash = $2, nonce = $3, simulation = $4, error = $5, params = $6, updated_at = $7, version = version + 1
WHERE id = $8 AND version = $9 RETURNING `+actionCols,
		a.Status, a.TxHash, nonceValue(a.Nonce), text(a.Simulation), a.Error, text(a.Params), micros(t.b.timeNow()), a.ID, a.Version)
	if errors.Is(err, store.ErrNotFound) {
		if _, gerr := t.Action(ctx, a.ID); gerr != nil {
			return store.Action{}, gerr
		}
		return store.Action{}, fmt.Errorf("%s: version %d is stale: %w", op, a.Version, store.ErrConflict)
	}
	if err != nil {
		return store.Action{}, t.b.fail(op, err)
	}
	if acts, ok := t.actionsOf[got.IncidentID]; ok {
		for i := range acts {
			if acts[i].ID == got.ID {
				acts[i] = cloneAction(got)
			}
		}
	}
	return got, nil
}

// Actions implements store.Reader: those of an incident this transaction
// created are the ones it inserted, as it wrote them, without a round
// trip (see CreateIncident).
func (t *tx) Actions(ctx context.Context, incidentID string) ([]store.Action, error) {
	acts, ok := t.actionsOf[incidentID]
	if !ok {
		return t.reader.Actions(ctx, incidentID)
	}
	var out []store.Action
	for _, a := range acts {
		out = append(out, cloneAction(a))
	}
	return out, nil
}

func cloneAction(a store.Action) store.Action {
	a.Params = bytes.Clone(a.Params)
	a.Simulation = bytes.Clone(a.Simulation)
	if a.Nonce != nil {
		n := *a.Nonce
		a.Nonce = &n
	}
	return a
}

// Approvals implements store.Reader.
func (r reader) Approvals(ctx context.Context, actionID int64) ([]store.Approval, error) {
	out, err := queryAll(ctx, r.db, func(rows Rows) (store.Approval, error) {
		var ap store.Approval
		var at int64
		err := rows.Scan(&ap.ActionID, &ap.Person, &ap.Role, &at)
		ap.ApprovedAt = fromMicros(at)
		return ap, err
	}, `SELECT action_id, person, role, approved_at FROM approvals WHERE action_id = $1 ORDER BY approved_at, person`, actionID)
	return out, r.b.fail(fmt.Sprintf("approvals of action %d", actionID), err)
}

// AddApproval implements store.Writer.
func (t *tx) AddApproval(ctx context.Context, ap store.Approval) (bool, error) {
	if ap.ApprovedAt.IsZero() {
		ap.ApprovedAt = t.b.timeNow()
	}
	n, err := t.db.Exec(ctx, `INSERT INTO approvals (action_id, person, role, approved_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (action_id, person) DO NOTHING`, ap.ActionID, ap.Person, ap.Role, micros(ap.ApprovedAt))
	if err != nil {
		return false, t.b.fail(fmt.Sprintf("approval of action %d by %s", ap.ActionID, ap.Person), err)
	}
	return n == 1, nil
}

const sentTxCols = `id, chain_id, sender, nonce, tx_hash, action_id, gas_limit, max_fee_per_gas, max_priority_fee_per_gas, status, block_number, error, created_at, updated_at`

func scanSentTx(rows Rows) (store.SentTx, error) {
	var s store.SentTx
	var chain, nonce, gas, block, created, updated int64
	err := rows.Scan(&s.ID, &chain, &s.Sender, &nonce, &s.TxHash, &s.ActionID, &gas, &s.MaxFeePerGas,
		&s.MaxPriorityFeePerGas, &s.Status, &block, &s.Error, &created, &updated)
	s.ChainID = uint64(chain)
	s.Nonce = uint64(nonce)
	s.GasLimit = uint64(gas)
	s.BlockNumber = uint64(block)
	s.CreatedAt = fromMicros(created)
	s.UpdatedAt = fromMicros(updated)
	return s, err
}

// SentTxs implements store.Reader.
func (r reader) SentTxs(ctx context.Context, f store.SentTxFilter) ([]store.SentTx, error) {
	var w where
	if f.ChainID != 0 {
		w.add("chain_id = %s", int64(f.ChainID))
	}
	if f.Sender != "" {
		w.add("sender = %s", f.Sender)
	}
	in(&w, "status", f.Statuses)
	if f.MinNonce > 0 {
		w.add("nonce >= %s", int64(f.MinNonce))
	}
	if f.ActionID != 0 {
		w.add("action_id = %s", f.ActionID)
	}
	out, err := queryAll(ctx, r.db, scanSentTx, `SELECT `+sentTxCols+` FROM sent_txs`+w.String()+` ORDER BY nonce, id`, w.args...)
	return out, r.b.fail("list sent transactions", err)
}

// RecordSentTx implements store.Writer.
func (t *tx) RecordSentTx(ctx context.Context, s store.SentTx) (store.SentTx, error) {
	op := fmt.Sprintf("record sent transaction %s", s.TxHash)
	now := micros(t.b.timeNow())
	var got store.SentTx
	scan := func(rows Rows) (err error) { got, err = scanSentTx(rows); return err }
	err := queryOne(ctx, t.db, scan, `INSERT INTO sent_txs (chain_id, sender, nonce, tx_hash, action_id, gas_limit, max_fee_per_gas, max_priority_fee_per_gas, status, block_number, error, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
ON CONFLICT (chain_id, tx_hash) DO NOTHING RETURNING `+sentTxCols,
		int64(s.ChainID), s.Sender, int64(s.Nonce), s.TxHash, s.ActionID, int64(s.GasLimit), s.MaxFeePerGas,
		s.MaxPriorityFeePerGas, s.Status, int64(s.BlockNumber), s.Error, now)
	if errors.Is(err, store.ErrNotFound) {
		err = queryOne(ctx, t.db, scan, `SELECT `+sentTxCols+` FROM sent_txs WHERE chain_id = $1 AND tx_hash = $2`, int64(s.ChainID), s.TxHash)
	}
	if err != nil {
		return store.SentTx{}, t.b.fail(op, err)
	}
	return got, nil
}

// UpdateSentTx implements store.Writer.
func (t *tx) UpdateSentTx(ctx context.Context, s store.SentTx) error {
	n, err := t.db.Exec(ctx, `UPDATE sent_txs SET status = $1, block_number = $2, error = $3, updated_at = $4 WHERE chain_id = $5 AND tx_hash = $6`,
		s.Status, int64(s.BlockNumber), s.Error, micros(t.b.timeNow()), int64(s.ChainID), s.TxHash)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return t.b.fail(fmt.Sprintf("update sent transaction %s", s.TxHash), err)
}
