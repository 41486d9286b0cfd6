package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/breakglass-dev/breakglass/internal/store"
)

const presignedCols = `id, network, executor, contract, action, chain_id, safe, to_address, value, data, nonce, safe_tx_hash, owners, threshold, created_at`

func scanPresigned(rows Rows) (store.Presigned, error) {
	var p store.Presigned
	var chain, nonce, created int64
	var data, owners string
	err := rows.Scan(&p.ID, &p.Network, &p.Executor, &p.Contract, &p.Action, &chain, &p.Safe, &p.To, &p.Value, &data, &nonce,
		&p.SafeTxHash, &owners, &p.Threshold, &created)
	if err != nil {
		return p, err
	}
	p.ChainID, p.Nonce, p.CreatedAt = uint64(chain), uint64(nonce), fromMicros(created)
	if p.Data, err = hexutil.Decode(data); err != nil {
		return p, fmt.Errorf("presigned %d: data: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(owners), &p.Owners); err != nil {
		return p, fmt.Errorf("presigned %d: owners: %w", p.ID, err)
	}
	return p, nil
}

func scanPresignature(rows Rows) (presignatureRow, error) {
	var r presignatureRow
	var sig string
	var added int64
	if err := rows.Scan(&r.id, &r.s.Owner, &sig, &added); err != nil {
		return r, err
	}
	r.s.AddedAt = fromMicros(added)
	var err error
	r.s.Signature, err = hexutil.Decode(sig)
	return r, err
}

type presignatureRow struct {
	id int64
	s  store.Presignature
}

// withSignatures reads the signatures of ps.
func (r reader) withSignatures(ctx context.Context, ps []store.Presigned) error {
	if len(ps) == 0 {
		return nil
	}
	at := map[int64]int{}
	ids := make([]string, 0, len(ps))
	args := make([]any, 0, len(ps))
	for i, p := range ps {
		at[p.ID] = i
		args = append(args, p.ID)
		ids = append(ids, fmt.Sprintf("$%d", len(args)))
	}
	rows, err := queryAll(ctx, r.db, scanPresignature, `SELECT presigned_id, owner, signature, added_at FROM presigned_signatures
WHERE presigned_id IN (`+strings.Join(ids, ", ")+`) ORDER BY presigned_id, owner`, args...)
	if err != nil {
		return err
	}
	for _, row := range rows {
		i := at[row.id]
		ps[i].Signatures = append(ps[i].Signatures, row.s)
	}
	return nil
}

// Presigned implements store.Reader.
func (r reader) Presigned(ctx context.Context, id int64) (store.Presigned, error) {
	op := fmt.Sprintf("presigned transaction %d", id)
	var got store.Presigned
	err := queryOne(ctx, r.db, func(rows Rows) (err error) { got, err = scanPresigned(rows); return err },
		`SELECT `+presignedCols+` FROM presigned WHERE id = $1`, id)
	if err != nil {
		return got, r.b.fail(op, err)
	}
	out := []store.Presigned{got}
	if err := r.withSignatures(ctx, out); err != nil {
		return got, r.b.fail(op, err)
	}
	return out[0], nil
}

// PresignedList implements store.Reader.
func (r reader) PresignedList(ctx context.Context, f store.PresignedFilter) ([]store.Presigned, error) {
	q := `SELECT ` + presignedCols + ` FROM presigned WHERE nonce >= $1`
	args := []any{int64(f.MinNonce)}
	if f.Executor != "" {
		args = append(args, f.Executor)
		q += fmt.Sprintf(" AND executor = $%d", len(args))
	}
	if f.Safe != "" {
		args = append(args, lower(f.Safe))
		q += fmt.Sprintf(" AND safe = $%d", len(args))
	}
	out, err := queryAll(ctx, r.db, scanPresigned, q+` ORDER BY nonce, id`, args...)
	if err == nil {
		err = r.withSignatures(ctx, out)
	}
	return out, r.b.fail("list presigned transactions", err)
}

// InsertPresigned implements store.Writer.
func (t *tx) InsertPresigned(ctx context.Context, p store.Presigned) (store.Presigned, bool, error) {
	op := fmt.Sprintf("insert presigned transaction %s", p.SafeTxHash)
	p.Safe, p.To, p.SafeTxHash = lower(p.Safe), lower(p.To), lower(p.SafeTxHash)
	owners := make([]string, len(p.Owners))
	for i, o := range p.Owners {
		owners[i] = lower(o)
	}
	ob, err := json.Marshal(owners)
	if err != nil {
		return store.Presigned{}, false, fmt.Errorf("%s: %w", op, err)
	}
	var got store.Presigned
	err = queryOne(ctx, t.db, func(rows Rows) (err error) { got, err = scanPresigned(rows); return err },
		`INSERT INTO presigned (network, executor, contract, action, chain_id, safe, to_address, value, data, nonce, safe_tx_hash, owners, threshold, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
ON CONFLICT (chain_id, safe, safe_tx_hash) DO NOTHING RETURNING `+presignedCols,
		p.Network, p.Executor, p.Contract, p.Action, int64(p.ChainID), p.Safe, p.To, p.Value, hexutil.Encode(p.Data), int64(p.Nonce),
		p.SafeTxHash, string(ob), p.Threshold, micros(t.b.timeNow()))
	if err == nil {
		return got, true, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return store.Presigned{}, false, t.b.fail(op, err)
	}
	var id int64
	err = queryOne(ctx, t.db, func(rows Rows) error { return rows.Scan(&id) },
		`SELECT id FROM presigned WHERE chain_id = $1 AND safe = $2 AND safe_tx_hash = $3`, int64(p.ChainID), p.Safe, p.SafeTxHash)
	if err != nil {
		return store.Presigned{}, false, t.b.fail(op, err)
	}
	got, err = t.Presigned(ctx, id)
	return got, false, err
}

// AddPresignature implements store.Writer.
func (t *tx) AddPresignature(ctx context.Context, id int64, s store.Presignature) (bool, error) {
	if s.AddedAt.IsZero() {
		s.AddedAt = t.b.timeNow()
	}
	n, err := t.db.Exec(ctx, `INSERT INTO presigned_signatures (presigned_id, owner, signature, added_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (presigned_id, owner) DO NOTHING`, id, lower(s.Owner), hexutil.Encode(s.Signature), micros(s.AddedAt.UTC().Truncate(time.Microsecond)))
	if err != nil {
		return false, t.b.fail(fmt.Sprintf("signature of presigned transaction %d by %s", id, s.Owner), err)
	}
	return n == 1, nil
}
