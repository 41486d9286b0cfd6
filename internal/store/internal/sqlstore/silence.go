package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

const silenceCols = `id, matchers, starts_at, ends_at, author, comment, created_at`

func scanSilence(rows Rows) (store.Silence, error) {
	var s store.Silence
	var matchers string
	var starts, ends, created int64
	err := rows.Scan(&s.ID, &matchers, &starts, &ends, &s.Author, &s.Comment, &created)
	s.Matchers = fromText(matchers)
	s.StartsAt, s.EndsAt, s.CreatedAt = fromMicros(starts), fromMicros(ends), fromMicros(created)
	return s, err
}

// Silences implements store.Reader.
func (r reader) Silences(ctx context.Context, t time.Time) ([]store.Silence, error) {
	q, args := silencesQuery(t)
	out, err := queryAll(ctx, r.db, scanSilence, q, args...)
	if t.IsZero() {
		return out, r.b.fail("list silences", err)
	}
	return out, r.b.fail("list silences in force", err)
}

// silencesQuery is the query of Silences(t) and its arguments.
func silencesQuery(t time.Time) (string, []any) {
	if t.IsZero() {
		return `SELECT ` + silenceCols + ` FROM silences ORDER BY id`, nil
	}
	at := micros(t.UTC().Truncate(time.Microsecond))
	return `SELECT ` + silenceCols + ` FROM silences WHERE starts_at <= $1 AND ends_at > $2 ORDER BY id`, []any{at, at}
}

// SilencesAndIncidents implements store.Reader: both queries in one
// batch where the database batches.
func (r reader) SilencesAndIncidents(ctx context.Context, at time.Time, f store.IncidentFilter) ([]store.Silence, []store.Incident, error) {
	var ss []store.Silence
	var incs []store.Incident
	sq, sargs := silencesQuery(at)
	iq, iargs := incidentsQuery(f)
	_, err := execAll(ctx, r.db, []Stmt{
		{Query: sq, Args: sargs, Scan: func(rows Rows) error {
			s, err := scanSilence(rows)
			ss = append(ss, s)
			return err
		}},
		{Query: iq, Args: iargs, Scan: func(rows Rows) error {
			inc, err := scanIncident(rows)
			incs = append(incs, inc)
			return err
		}},
	})
	if err != nil {
		return nil, nil, r.b.fail("list silences and incidents", err)
	}
	return ss, incs, nil
}

// CreateSilence implements store.Writer.
func (t *tx) CreateSilence(ctx context.Context, s store.Silence) (store.Silence, error) {
	s.CreatedAt = t.b.timeNow()
	s.StartsAt = s.StartsAt.UTC().Truncate(time.Microsecond)
	s.EndsAt = s.EndsAt.UTC().Truncate(time.Microsecond)
	err := queryOne(ctx, t.db, func(rows Rows) error { return rows.Scan(&s.ID) },
		`INSERT INTO silences (matchers, starts_at, ends_at, author, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		text(s.Matchers), micros(s.StartsAt), micros(s.EndsAt), s.Author, s.Comment, micros(s.CreatedAt))
	if err != nil {
		return store.Silence{}, t.b.fail("create silence", err)
	}
	return s, nil
}

// ExpireSilence implements store.Writer.
func (t *tx) ExpireSilence(ctx context.Context, id int64, at time.Time) error {
	op := fmt.Sprintf("expire silence %d", id)
	var one int
	if err := queryOne(ctx, t.db, func(rows Rows) error { return rows.Scan(&one) }, `SELECT 1 FROM silences WHERE id = $1`, id); err != nil {
		return t.b.fail(op, err)
	}
	_, err := t.db.Exec(ctx, `UPDATE silences SET ends_at = $1 WHERE id = $2 AND ends_at > $3`,
		micros(at.UTC().Truncate(time.Microsecond)), id, micros(at.UTC().Truncate(time.Microsecond)))
	return t.b.fail(op, err)
}
