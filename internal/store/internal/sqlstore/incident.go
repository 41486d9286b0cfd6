package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"

	"github.com/breakglass-dev/breakglass/internal/store"
)

const incidentCols = `id, title, type, severity, status, network, contract, roles, plan_hash, group_key, alert_count, post_mortem, details, opened_at, updated_at, closed_at, version`

func scanIncident(rows Rows) (store.Incident, error) {
	var i store.Incident
	var roles, pm, details string
	var opened, updated, closed int64
	if err := rows.Scan(&i.ID, &i.Title, &i.Type, &i.Severity, &i.Status, &i.Network, &i.Contract, &roles, &i.PlanHash,
		&i.GroupKey, &i.AlertCount, &pm, &details, &opened, &updated, &closed, &i.Version); err != nil {
		return i, err
	}
	if roles != "" {
		if err := json.Unmarshal([]byte(roles), &i.Roles); err != nil {
			return i, fmt.Errorf("incident %s: roles: %w", i.ID, err)
		}
	}
	i.PostMortem = fromText(pm)
	i.Details = fromText(details)
	i.OpenedAt = fromMicros(opened)
	i.UpdatedAt = fromMicros(updated)
	i.ClosedAt = fromMicros(closed)
	return i, nil
}

func rolesText(roles map[string]string) (string, error) {
	if len(roles) == 0 {
		return "", nil
	}
	b, err := json.Marshal(roles) // map keys are sorted: deterministic
	return string(b), err
}

// Incident implements store.Reader.
func (r reader) Incident(ctx context.Context, id string) (store.Incident, error) {
	var got store.Incident
	err := queryOne(ctx, r.db, func(rows Rows) (err error) { got, err = scanIncident(rows); return err },
		`SELECT `+incidentCols+` FROM incidents WHERE id = $1`, id)
	return got, r.b.fail("incident "+id, err)
}

// Incidents implements store.Reader.
func (r reader) Incidents(ctx context.Context, f store.IncidentFilter) ([]store.Incident, error) {
	q, args := incidentsQuery(f)
	out, err := queryAll(ctx, r.db, scanIncident, q, args...)
	return out, r.b.fail("list incidents", err)
}

// incidentsQuery is the query of Incidents(f) and its arguments.
func incidentsQuery(f store.IncidentFilter) (string, []any) {
	var w where
	incidentConds(&w, f)
	if len(f.AnyOf) > 0 {
		alts := make([]string, len(f.AnyOf))
		for i, sub := range f.AnyOf {
			sw := where{args: w.args}
			incidentConds(&sw, sub)
			w.args = sw.args
			alts[i] = "TRUE"
			if len(sw.conds) > 0 {
				alts[i] = "(" + strings.Join(sw.conds, " AND ") + ")"
			}
		}
		w.conds = append(w.conds, "("+strings.Join(alts, " OR ")+")")
	}
	return `SELECT ` + incidentCols + ` FROM incidents` + w.String() + ` ORDER BY opened_at DESC, id DESC` + limit(f.Limit), w.args
}

// incidentConds adds f's conditions but AnyOf and Limit to w.
func incidentConds(w *where, f store.IncidentFilter) {
	in(w, "status", f.Statuses)
	if f.OpenOnly {
		w.add("closed_at = 0")
	}
	if f.GroupKey != "" {
		w.add("group_key = %s", f.GroupKey)
	}
	if f.Network != "" {
		w.add("network = %s", f.Network)
	}
	if f.Contract != "" {
		w.add("contract = %s", lower(f.Contract))
	}
	if !f.UpdatedSince.IsZero() {
		w.add("updated_at >= %s", micros(f.UpdatedSince))
	}
}

// CreateIncident implements store.Writer. Where the database takes writes
// in WITH and batches (PostgreSQL), a numbered incident is one statement
// (the year's counter, the number's check and the insert), sent with the
// read of the audit head its timeline will need: one round trip.
func (t *tx) CreateIncident(ctx context.Context, inc store.Incident) (store.Incident, error) {
	now := t.b.timeNow()
	inc.Contract = lower(inc.Contract)
	if inc.OpenedAt.IsZero() {
		inc.OpenedAt = now
	}
	inc.OpenedAt = inc.OpenedAt.UTC().Truncate(time.Microsecond)
	inc.UpdatedAt = now
	inc.Version = 1
	roles, err := rolesText(inc.Roles)
	if err != nil {
		return store.Incident{}, fmt.Errorf("create incident %s: roles: %w", inc.ID, err)
	}
	args := []any{inc.Title, inc.Type, inc.Severity, inc.Status, inc.Network, inc.Contract, roles, inc.PlanHash,
		inc.GroupKey, inc.AlertCount, text(inc.PostMortem), text(inc.Details), micros(inc.OpenedAt), micros(inc.UpdatedAt),
		micros(inc.ClosedAt), inc.Version}
	var got store.Incident
	scan := func(rows Rows) (err error) { got, err = scanIncident(rows); return err }
	if b, ok := t.db.(Batcher); ok && inc.ID == "" && t.b.d.WritableCTE {
		if got, err = t.createNumbered(ctx, b, inc.OpenedAt.Year(), args); err != nil {
			return store.Incident{}, t.b.fail("create incident", err)
		}
	} else {
		if inc.ID == "" {
			id, err := t.nextIncidentID(ctx, inc.OpenedAt.Year())
			if err != nil {
				return store.Incident{}, t.b.fail("create incident", err)
			}
			inc.ID = id
		}
		err = queryOne(ctx, t.db, scan, `INSERT INTO incidents (`+incidentCols+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING `+incidentCols,
			append([]any{inc.ID}, args...)...)
		if err != nil {
			return store.Incident{}, t.b.fail("create incident "+inc.ID, err)
		}
	}
	t.held(got)
	// Nobody else sees the incident before this transaction commits, so
	// nobody else can act on it: its actions are the ones this
	// transaction inserts.
	if t.actionsOf == nil {
		t.actionsOf = map[string][]store.Action{}
	}
	t.actionsOf[got.ID] = nil
	return got, nil
}

// createNumbered inserts the incident of args (incidentCols but id) under
// the next number of year's counter not already taken (an ID given by a
// caller may have taken it), in one statement, and reads the audit head
// in the same round trip if the transaction does not hold it yet.
func (t *tx) createNumbered(ctx context.Context, b Batcher, year int, args []any) (store.Incident, error) {
	ph := make([]string, len(args))
	for i := range args {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	q := fmt.Sprintf(`WITH n AS (INSERT INTO counters (name, value) VALUES ($%d, 1)
ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value)
INSERT INTO incidents (`+incidentCols+`)
VALUES ((SELECT $%d::text || CASE WHEN value < 10000 THEN lpad(value::text, 4, '0') ELSE value::text END FROM n), %s)
ON CONFLICT (id) DO NOTHING RETURNING `+incidentCols, len(args)+1, len(args)+2, strings.Join(ph, ", "))
	args = append(args, fmt.Sprintf("incident-%d", year), fmt.Sprintf("INC-%d-", year))
	for {
		var got store.Incident
		created := false
		stmts := []Stmt{{Query: q, Args: args, Scan: func(rows Rows) (err error) {
			created = true
			got, err = scanIncident(rows)
			return err
		}}}
		var head *audit.Head
		if t.auditHead == nil {
			head = &audit.Head{}
			stmts = append(stmts, Stmt{Query: auditHeadForUpdate + t.b.d.ForUpdate, Scan: func(rows Rows) error {
				return rows.Scan(&head.Seq, &head.Hash)
			}})
		}
		ns, err := b.ExecBatch(ctx, stmts)
		if err != nil {
			return store.Incident{}, err
		}
		if head != nil {
			if ns[1] != 1 {
				return store.Incident{}, fmt.Errorf("read audit head: %w", store.ErrNotFound)
			}
			t.auditHead = head
		}
		if created {
			return got, nil
		}
	}
}

// nextIncidentID takes the next number of the year's counter that is not
// already used by an incident (an ID given by a caller may have taken it).
func (t *tx) nextIncidentID(ctx context.Context, year int) (string, error) {
	for {
		var n int64
		err := queryOne(ctx, t.db, func(rows Rows) error { return rows.Scan(&n) },
			`INSERT INTO counters (name, value) VALUES ($1, 1)
ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, fmt.Sprintf("incident-%d", year))
		if err != nil {
			return "", err
		}
		id := fmt.Sprintf("INC-%d-%04d", year, n)
		var one int
		err = queryOne(ctx, t.db, func(rows Rows) error { return rows.Scan(&one) }, `SELECT 1 FROM incidents WHERE id = $1`, id)
		if errors.Is(err, store.ErrNotFound) {
			return id, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// held keeps inc as this transaction wrote it: a row it inserted (nobody
// else sees it) or updated (it holds the row's lock until it ends), so no
// one else can change it before this transaction ends and reading it again
// would give the same.
func (t *tx) held(inc store.Incident) {
	if t.incidents == nil {
		t.incidents = map[string]store.Incident{}
	}
	t.incidents[inc.ID] = cloneIncident(inc)
}

// Incident implements store.Reader: an incident this transaction wrote is
// as it wrote it (see held), without a round trip.
func (t *tx) Incident(ctx context.Context, id string) (store.Incident, error) {
	if inc, ok := t.incidents[id]; ok {
		return cloneIncident(inc), nil
	}
	return t.reader.Incident(ctx, id)
}

func cloneIncident(inc store.Incident) store.Incident {
	inc.Roles = maps.Clone(inc.Roles)
	inc.PostMortem = bytes.Clone(inc.PostMortem)
	inc.Details = bytes.Clone(inc.Details)
	return inc
}

// UpdateIncident implements store.Writer.
func (t *tx) UpdateIncident(ctx context.Context, inc store.Incident) (store.Incident, error) {
	op := "update incident " + inc.ID
	inc.Contract = lower(inc.Contract)
	roles, err := rolesText(inc.Roles)
	if err != nil {
		return store.Incident{}, fmt.Errorf("%s: roles: %w", op, err)
	}
	now := t.b.timeNow()
	var got store.Incident
	err = queryOne(ctx, t.db, func(rows Rows) (err error) { got, err = scanIncident(rows); return err },
		`UPDATE incidents SET title = $1, type = $2, severity = $3, status = $4, network = $5, contract = $6, roles = $7,
plan_hash = $8, group_key = $9, alert_count = $10, post_mortem = $11, details = $12, updated_at = $13, closed_at = $14,
version = version + 1
WHERE id = $15 AND version = $16 RETURNING `+incidentCols,
		inc.Title, inc.Type, inc.Severity, inc.Status, inc.Network, inc.Contract, roles, inc.PlanHash, inc.GroupKey,
		inc.AlertCount, text(inc.PostMortem), text(inc.Details), micros(now), micros(inc.ClosedAt.UTC().Truncate(time.Microsecond)),
		inc.ID, inc.Version)
	if errors.Is(err, store.ErrNotFound) {
		if _, gerr := t.Incident(ctx, inc.ID); gerr != nil {
			return store.Incident{}, gerr
		}
		return store.Incident{}, fmt.Errorf("%s: version %d is stale: %w", op, inc.Version, store.ErrConflict)
	}
	if err != nil {
		return store.Incident{}, t.b.fail(op, err)
	}
	t.held(got)
	return got, nil
}

const timelineCols = `id, incident_id, time, actor, kind, message, data`

func scanTimeline(rows Rows) (store.TimelineEvent, error) {
	var ev store.TimelineEvent
	var tm int64
	var data string
	err := rows.Scan(&ev.ID, &ev.IncidentID, &tm, &ev.Actor, &ev.Kind, &ev.Message, &data)
	ev.Time = fromMicros(tm)
	ev.Data = fromText(data)
	return ev, err
}

// Timeline implements store.Reader.
func (r reader) Timeline(ctx context.Context, incidentID string) ([]store.TimelineEvent, error) {
	out, err := queryAll(ctx, r.db, scanTimeline, `SELECT `+timelineCols+` FROM timeline WHERE incident_id = $1 ORDER BY id`, incidentID)
	return out, r.b.fail("timeline of incident "+incidentID, err)
}

// AppendTimeline implements store.Writer.
func (t *tx) AppendTimeline(ctx context.Context, ev store.TimelineEvent) (store.TimelineEvent, error) {
	out, err := t.AppendTimelines(ctx, []store.TimelineEvent{ev})
	if err != nil {
		return store.TimelineEvent{}, err
	}
	return out[0], nil
}

// timelineRows is how many events one INSERT of AppendTimelines writes
// (six parameters each: far below either database's limit).
const timelineRows = 100

// AppendTimelines implements store.Writer: one multi-row INSERT per
// timelineRows events, then their audit entries in one batch.
func (t *tx) AppendTimelines(ctx context.Context, evs []store.TimelineEvent) ([]store.TimelineEvent, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	out := make([]store.TimelineEvent, len(evs))
	recs := make([]audit.Record, len(evs))
	for start := 0; start < len(evs); start += timelineRows {
		chunk := out[start:min(start+timelineRows, len(evs))]
		var w where
		rows := make([]string, len(chunk))
		for i := range chunk {
			ev := evs[start+i]
			if ev.Time.IsZero() {
				ev.Time = t.b.timeNow()
			}
			ev.Time = ev.Time.UTC().Truncate(time.Microsecond)
			chunk[i] = ev
			rows[i] = "(" + strings.Join([]string{w.arg(ev.IncidentID), w.arg(micros(ev.Time)), w.arg(ev.Actor), w.arg(ev.Kind),
				w.arg(ev.Message), w.arg(text(ev.Data))}, ", ") + ")"
		}
		op := "append to timeline of incident " + chunk[0].IncidentID
		// Each row takes the next ID in the order of VALUES (an identity
		// or rowid), but RETURNING need not list them in that order: the
		// IDs are sorted.
		ids, err := queryAll(ctx, t.db, func(rows Rows) (id int64, err error) { return id, rows.Scan(&id) },
			`INSERT INTO timeline (incident_id, time, actor, kind, message, data) VALUES `+strings.Join(rows, ", ")+` RETURNING id`, w.args...)
		if err == nil && len(ids) != len(chunk) {
			err = fmt.Errorf("%d IDs returned for %d events", len(ids), len(chunk))
		}
		if err != nil {
			return nil, t.b.fail(op, err)
		}
		slices.Sort(ids)
		for i := range chunk {
			chunk[i].ID = ids[i]
			recs[start+i] = store.SealTimeline(chunk[i])
		}
	}
	if _, err := t.appendAudits(ctx, recs); err != nil {
		return nil, err
	}
	return out, nil
}
