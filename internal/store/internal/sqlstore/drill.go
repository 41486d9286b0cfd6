package sqlstore

import (
	"context"
	"fmt"

	"github.com/breakglass-dev/breakglass/internal/store"
)

const drillCols = `id, network, plan_hash, upstream, fork_block, effects, detected, contained, false_alarms, summary, report, started_at, finished_at`

func scanDrill(rows Rows) (store.Drill, error) {
	var d store.Drill
	var block, started, finished int64
	var report string
	err := rows.Scan(&d.ID, &d.Network, &d.PlanHash, &d.Upstream, &block, &d.Effects, &d.Detected, &d.Contained, &d.FalseAlarms,
		&d.Summary, &report, &started, &finished)
	d.ForkBlock, d.Report, d.StartedAt, d.FinishedAt = uint64(block), []byte(report), fromMicros(started), fromMicros(finished)
	return d, err
}

// Drills implements store.Reader.
func (r reader) Drills(ctx context.Context, limit int) ([]store.Drill, error) {
	q := `SELECT ` + drillCols + ` FROM drills ORDER BY finished_at DESC, id DESC`
	var args []any
	if limit > 0 {
		q += ` LIMIT $1`
		args = append(args, limit)
	}
	out, err := queryAll(ctx, r.db, scanDrill, q, args...)
	return out, r.b.fail("list drills", err)
}

// InsertDrill implements store.Writer.
func (t *tx) InsertDrill(ctx context.Context, d store.Drill) (store.Drill, error) {
	var got store.Drill
	err := queryOne(ctx, t.db, func(rows Rows) (err error) { got, err = scanDrill(rows); return err },
		`INSERT INTO drills (network, plan_hash, upstream, fork_block, effects, detected, contained, false_alarms, summary, report, started_at, finished_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING `+drillCols,
		d.Network, d.PlanHash, d.Upstream, int64(d.ForkBlock), d.Effects, d.Detected, d.Contained, d.FalseAlarms, d.Summary, string(d.Report),
		micros(d.StartedAt), micros(d.FinishedAt))
	if err != nil {
		return store.Drill{}, t.b.fail(fmt.Sprintf("insert drill of %s", d.Network), err)
	}
	return got, nil
}
