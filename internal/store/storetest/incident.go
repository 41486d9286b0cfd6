package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

func isErr(err, target error) bool { return errors.Is(err, target) }

func testIncident(t *testing.T, e *env) {
	_, err := e.s.Incident(e.ctx, "INC-2026-0001")
	wantErr(t, err, store.ErrNotFound)

	var created store.Incident
	e.tx(func(tx store.Tx) (err error) {
		created, err = tx.CreateIncident(e.ctx, Incident("Vault drained"))
		return err
	})
	if created.ID != "INC-2026-0001" || created.Version != 1 || !created.OpenedAt.Equal(Start) || !created.Open() {
		t.Fatalf("created = %+v", created)
	}
	got, err := e.s.Incident(e.ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, created) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, created)
	}

	e.clock.Advance(time.Hour)
	got.Status = "acknowledged"
	got.Severity = "high"
	got.Roles["scribe"] = "carol"
	got.AlertCount = 5
	got.PostMortem = json.RawMessage(`{"root_cause":"unchecked oracle"}`)
	got.Details = json.RawMessage(`{"loss":{"0xusdc":"1000"}}`)
	var updated store.Incident
	e.tx(func(tx store.Tx) (err error) {
		updated, err = tx.UpdateIncident(e.ctx, got)
		return err
	})
	if updated.Version != 2 || !updated.UpdatedAt.Equal(Start.Add(time.Hour)) || !updated.OpenedAt.Equal(Start) ||
		updated.Status != "acknowledged" || updated.Roles["scribe"] != "carol" || updated.AlertCount != 5 ||
		string(updated.PostMortem) != `{"root_cause":"unchecked oracle"}` || string(updated.Details) != `{"loss":{"0xusdc":"1000"}}` {
		t.Fatalf("updated = %+v", updated)
	}

	// A second incident, closed, a minute later; filters.
	e.clock.Advance(time.Minute)
	e.tx(func(tx store.Tx) error {
		inc := Incident("Admin role granted")
		inc.GroupKey = "roles/0xvault"
		inc.Status = "closed"
		inc.ClosedAt = Start.Add(2 * time.Hour)
		_, err := tx.CreateIncident(e.ctx, inc)
		return err
	})
	for _, tc := range []struct {
		f    store.IncidentFilter
		want []string
	}{
		{store.IncidentFilter{}, []string{"INC-2026-0002", "INC-2026-0001"}},
		{store.IncidentFilter{OpenOnly: true}, []string{"INC-2026-0001"}},
		{store.IncidentFilter{Statuses: []store.IncidentStatus{"closed", "resolved"}}, []string{"INC-2026-0002"}},
		{store.IncidentFilter{GroupKey: "drain/0xvault", OpenOnly: true}, []string{"INC-2026-0001"}},
		{store.IncidentFilter{Network: "base"}, nil},
		{store.IncidentFilter{Limit: 1}, []string{"INC-2026-0002"}},
		{store.IncidentFilter{UpdatedSince: Start.Add(time.Hour)}, []string{"INC-2026-0002", "INC-2026-0001"}},
		{store.IncidentFilter{UpdatedSince: Start.Add(time.Hour + time.Microsecond)}, []string{"INC-2026-0002"}},
		{store.IncidentFilter{UpdatedSince: Start.Add(time.Hour + time.Minute + time.Microsecond)}, nil},
	} {
		l, err := e.s.Incidents(e.ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, i := range l {
			ids = append(ids, i.ID)
		}
		if !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("Incidents(%+v) = %v, want %v", tc.f, ids, tc.want)
		}
	}
}

func testIncidentIDs(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		// A caller-chosen id; the counter then skips it.
		inc := Incident("imported")
		inc.ID = "INC-2026-0002"
		if _, err := tx.CreateIncident(e.ctx, inc); err != nil {
			return err
		}
		for _, want := range []string{"INC-2026-0001", "INC-2026-0003"} {
			got, err := tx.CreateIncident(e.ctx, Incident("auto"))
			if err != nil {
				return err
			}
			if got.ID != want {
				t.Errorf("assigned id %s, want %s", got.ID, want)
			}
		}
		// The year comes from OpenedAt.
		inc = Incident("next year")
		inc.OpenedAt = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		got, err := tx.CreateIncident(e.ctx, inc)
		if err != nil {
			return err
		}
		if got.ID != "INC-2027-0001" {
			t.Errorf("assigned id %s, want INC-2027-0001", got.ID)
		}
		return nil
	})
	// An id already in use is a conflict, and the failed transaction
	// leaves nothing.
	err := e.s.Tx(e.ctx, func(tx store.Tx) error {
		inc := Incident("dup")
		inc.ID = "INC-2026-0001"
		_, err := tx.CreateIncident(e.ctx, inc)
		return err
	})
	wantErr(t, err, store.ErrConflict)
	if l, _ := e.s.Incidents(e.ctx, store.IncidentFilter{}); len(l) != 4 {
		t.Fatalf("%d incidents, want 4", len(l))
	}
}

func testIncidentConcurrency(t *testing.T, e *env) {
	var inc store.Incident
	e.tx(func(tx store.Tx) (err error) {
		inc, err = tx.CreateIncident(e.ctx, Incident("race"))
		return err
	})
	stale := inc
	e.tx(func(tx store.Tx) error {
		inc.Status = "acknowledged"
		_, err := tx.UpdateIncident(e.ctx, inc)
		return err
	})
	err := e.s.Tx(e.ctx, func(tx store.Tx) error {
		stale.Status = "contained"
		_, err := tx.UpdateIncident(e.ctx, stale)
		return err
	})
	wantErr(t, err, store.ErrConflict)
	err = e.s.Tx(e.ctx, func(tx store.Tx) error {
		missing := Incident("missing")
		missing.ID = "INC-1999-0001"
		_, err := tx.UpdateIncident(e.ctx, missing)
		return err
	})
	wantErr(t, err, store.ErrNotFound)

	// Concurrent read-modify-write with retry on conflict: no update is lost.
	const workers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range each {
				for {
					err := e.s.Tx(e.ctx, func(tx store.Tx) error {
						cur, err := tx.Incident(e.ctx, inc.ID)
						if err != nil {
							return err
						}
						cur.AlertCount++
						_, err = tx.UpdateIncident(e.ctx, cur)
						return err
					})
					if isErr(err, store.ErrConflict) {
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					break
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, _ := e.s.Incident(e.ctx, inc.ID)
	if got.AlertCount != 1+workers*each {
		t.Fatalf("alert count = %d, want %d", got.AlertCount, 1+workers*each)
	}
}

func testTimeline(t *testing.T, e *env) {
	var inc store.Incident
	e.tx(func(tx store.Tx) (err error) {
		inc, err = tx.CreateIncident(e.ctx, Incident("timeline"))
		return err
	})
	at := time.Date(2026, 3, 1, 11, 59, 0, 123456789, time.FixedZone("X", 7200))
	e.tx(func(tx store.Tx) error {
		for i, ev := range []store.TimelineEvent{
			{IncidentID: inc.ID, Time: at, Actor: "daemon", Kind: "alert", Message: "drain detected", Data: json.RawMessage(`{"alert":1}`)},
			{IncidentID: inc.ID, Actor: "alice", Kind: "status", Message: "acknowledged"},
		} {
			got, err := tx.AppendTimeline(e.ctx, ev)
			if err != nil {
				return err
			}
			if got.ID == 0 {
				t.Errorf("event %d: no id", i)
			}
		}
		return nil
	})
	err := e.s.Tx(e.ctx, func(tx store.Tx) error {
		_, err := tx.AppendTimeline(e.ctx, store.TimelineEvent{IncidentID: "INC-1999-0404", Actor: "x", Kind: "note"})
		return err
	})
	wantErr(t, err, store.ErrNotFound)

	// Concurrent writers: every event is kept, in append order per writer.
	const workers, each = 4, 15
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				err := e.s.Tx(e.ctx, func(tx store.Tx) error {
					_, err := tx.AppendTimeline(e.ctx, store.TimelineEvent{IncidentID: inc.ID, Actor: fmt.Sprintf("w%d", w), Kind: "note", Message: fmt.Sprint(i)})
					return err
				})
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	tl, err := e.s.Timeline(e.ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl) != 2+workers*each {
		t.Fatalf("timeline has %d events, want %d", len(tl), 2+workers*each)
	}
	first := tl[0]
	if !first.Time.Equal(at.Truncate(time.Microsecond)) || first.Time.Location() != time.UTC || first.Time.Nanosecond() != 123456000 ||
		first.Actor != "daemon" || string(first.Data) != `{"alert":1}` || !tl[1].Time.Equal(Start) || tl[1].Data != nil {
		t.Fatalf("first events = %+v, %+v", first, tl[1])
	}
	next := map[string]int{}
	for i, ev := range tl {
		if i > 0 && ev.ID <= tl[i-1].ID {
			t.Fatalf("timeline out of order at %d", i)
		}
		if ev.Kind != "note" {
			continue
		}
		if ev.Message != fmt.Sprint(next[ev.Actor]) {
			t.Fatalf("writer %s: event %q, want %d", ev.Actor, ev.Message, next[ev.Actor])
		}
		next[ev.Actor]++
	}
}

// testTimelineBatch: AppendTimelines writes its events as AppendTimeline
// would one after the other (IDs ascending in order, times kept or
// assigned, data as given), each sealed by an audit entry in the same
// order and chained between the appends before and after it; more events
// than one INSERT takes, none, and a batch naming a missing incident
// (ErrNotFound, nothing of the transaction kept).
func testTimelineBatch(t *testing.T, e *env) {
	var inc store.Incident
	e.tx(func(tx store.Tx) (err error) {
		inc, err = tx.CreateIncident(e.ctx, Incident("timeline batch"))
		return err
	})
	at := time.Date(2026, 3, 1, 11, 59, 0, 123456789, time.UTC)
	var want []store.TimelineEvent
	for i := range 150 {
		ev := store.TimelineEvent{IncidentID: inc.ID, Time: at.Add(time.Duration(i) * time.Second), Actor: fmt.Sprintf("a%d", i%3), Kind: "role",
			Message: fmt.Sprint(i), Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, i))}
		switch i {
		case 1:
			ev.Time = time.Time{} // assigned: now
		case 2:
			ev.Data = json.RawMessage("not json")
		case 3:
			ev.Data = nil
		}
		want = append(want, ev)
	}
	var before, after store.TimelineEvent
	var got []store.TimelineEvent
	e.tx(func(tx store.Tx) (err error) {
		if before, err = tx.AppendTimeline(e.ctx, store.TimelineEvent{IncidentID: inc.ID, Actor: "x", Kind: "note", Message: "before"}); err != nil {
			return err
		}
		if none, err := tx.AppendTimelines(e.ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("no events: %v, %v", none, err)
		}
		if got, err = tx.AppendTimelines(e.ctx, want); err != nil {
			return err
		}
		after, err = tx.AppendTimeline(e.ctx, store.TimelineEvent{IncidentID: inc.ID, Actor: "x", Kind: "note", Message: "after"})
		return err
	})
	if len(got) != len(want) {
		t.Fatalf("%d events returned for %d", len(got), len(want))
	}
	all := append(append([]store.TimelineEvent{before}, got...), after)
	tl, err := e.s.Timeline(e.ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl) != len(all) {
		t.Fatalf("timeline has %d events, want %d", len(tl), len(all))
	}
	for i, ev := range tl {
		r := all[i]
		if i > 0 && ev.ID <= tl[i-1].ID {
			t.Fatalf("timeline out of order at %d", i)
		}
		if ev.ID != r.ID || !ev.Time.Equal(r.Time) || ev.Actor != r.Actor || ev.Kind != r.Kind || ev.Message != r.Message || string(ev.Data) != string(r.Data) {
			t.Fatalf("event %d stored %+v, returned %+v", i, ev, r)
		}
		if i == 0 || i == len(tl)-1 {
			continue
		}
		w := want[i-1]
		wt := w.Time.Truncate(time.Microsecond)
		if w.Time.IsZero() {
			wt = Start
		}
		if ev.Message != w.Message || string(ev.Data) != string(w.Data) || !ev.Time.Equal(wt) {
			t.Fatalf("event %d = %+v, want %+v", i, ev, w)
		}
	}
	es, err := e.s.AuditEntries(e.ctx, store.AuditFilter{Subject: inc.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(all) {
		t.Fatalf("%d audit entries for %d timeline events", len(es), len(all))
	}
	for i, en := range es {
		if i > 0 && en.Seq != es[i-1].Seq+1 {
			t.Fatalf("audit entry %d: seq %d after %d", i, en.Seq, es[i-1].Seq)
		}
		if d := store.CheckTimelineSeal(all[i], en); d != "" {
			t.Fatalf("entry %d does not seal event %d: %s", en.Seq, all[i].ID, d)
		}
	}
	head, err := store.VerifyAudit(e.ctx, e.s)
	if err != nil {
		t.Fatal(err)
	}

	err = e.s.Tx(e.ctx, func(tx store.Tx) error {
		_, err := tx.AppendTimelines(e.ctx, []store.TimelineEvent{
			{IncidentID: inc.ID, Actor: "x", Kind: "note", Message: "kept?"},
			{IncidentID: "INC-1999-0404", Actor: "x", Kind: "note"},
		})
		return err
	})
	wantErr(t, err, store.ErrNotFound)
	if tl2, err := e.s.Timeline(e.ctx, inc.ID); err != nil || len(tl2) != len(tl) {
		t.Fatalf("after a failed batch: %d events (%v), want %d", len(tl2), err, len(tl))
	}
	if h, err := e.s.AuditHead(e.ctx); err != nil || h != head {
		t.Fatalf("after a failed batch: audit head %+v (%v), want %+v", h, err, head)
	}
}
