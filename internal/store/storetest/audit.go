package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func testAudit(t *testing.T, e *env) {
	head, err := store.VerifyAudit(e.ctx, e.s)
	if err != nil || head.Seq != 0 || head.Hash != audit.GenesisHash {
		t.Fatalf("empty log: %+v, %v", head, err)
	}
	var appended []audit.Entry
	e.tx(func(tx store.Tx) error {
		for i, r := range []audit.Record{
			{Actor: "daemon", Action: "incident.open", Subject: "INC-2026-0001", Payload: []byte(`{"severity":"critical"}`)},
			{Actor: "alice", Action: "incident.ack", Subject: "INC-2026-0001"},
		} {
			en, err := tx.AppendAudit(e.ctx, r)
			if err != nil {
				return err
			}
			if en.Seq != int64(i+1) {
				t.Errorf("entry %d has seq %d", i, en.Seq)
			}
			appended = append(appended, en)
		}
		return nil
	})
	e.clock.Advance(time.Second)
	e.tx(func(tx store.Tx) error {
		en, err := tx.AppendAudit(e.ctx, audit.Record{Actor: "bob", Action: "action.approve", Subject: "INC-2026-0002", Payload: []byte{0, 1, 2}})
		appended = append(appended, en)
		return err
	})
	got, err := e.s.AuditEntries(e.ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(appended) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, appended)
	}
	if got[0].PrevHash != audit.GenesisHash || got[1].PrevHash != got[0].Hash || !got[2].Time.Equal(Start.Add(time.Second)) {
		t.Fatalf("chain = %+v", got)
	}
	head, err = store.VerifyAudit(e.ctx, e.s)
	if err != nil || head.Seq != 3 || head.Hash != got[2].Hash {
		t.Fatalf("VerifyAudit = %+v, %v", head, err)
	}
	if s, _ := e.s.AuditEntries(e.ctx, store.AuditFilter{Subject: "INC-2026-0001"}); len(s) != 2 {
		t.Fatalf("entries of INC-2026-0001: %d", len(s))
	}
	if s, _ := e.s.AuditEntries(e.ctx, store.AuditFilter{FromSeq: 2, Limit: 1}); len(s) != 1 || s[0].Seq != 2 {
		t.Fatalf("page from 2: %+v", s)
	}
}

// testAuditConcurrent: several writers append at once, each with other writes
// in its transaction; the chain stays linear, without gaps or duplicates.
func testAuditConcurrent(t *testing.T, e *env) {
	var inc store.Incident
	e.tx(func(tx store.Tx) (err error) {
		inc, err = tx.CreateIncident(e.ctx, Incident("concurrent"))
		return err
	})
	const workers, each = 6, 20
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				err := e.s.Tx(e.ctx, func(tx store.Tx) error {
					msg := fmt.Sprintf("w%d-%d", w, i)
					// The store seals the event with an audit entry.
					_, err := tx.AppendTimeline(e.ctx, store.TimelineEvent{IncidentID: inc.ID, Actor: fmt.Sprint(w), Kind: "note", Message: msg})
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
	head, err := store.VerifyAudit(e.ctx, e.s)
	if err != nil {
		t.Fatal(err)
	}
	if head.Seq != workers*each {
		t.Fatalf("head at %d, want %d", head.Seq, workers*each)
	}
	es, _ := e.s.AuditEntries(e.ctx, store.AuditFilter{})
	seen := map[string]bool{}
	for _, en := range es {
		seen[string(en.Payload)] = true
	}
	if len(es) != workers*each || len(seen) != workers*each {
		t.Fatalf("%d entries, %d distinct payloads; want %d", len(es), len(seen), workers*each)
	}
	if tl, _ := e.s.Timeline(e.ctx, inc.ID); len(tl) != workers*each {
		t.Fatalf("timeline has %d events, want %d", len(tl), workers*each)
	}
}

// testAuditTamper edits rows with raw SQL and checks verification names
// exactly the edited entry.
func testAuditTamper(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		for i := range 6 {
			if _, err := tx.AppendAudit(e.ctx, audit.Record{Actor: "alice", Action: "incident.note", Subject: "INC-2026-0001", Payload: []byte(fmt.Sprintf(`{"n":%d}`, i))}); err != nil {
				return err
			}
		}
		return nil
	})
	// The table refuses edits until its guard is removed.
	if err := e.h.Exec(e.ctx, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`); err == nil {
		t.Fatal("audit_log accepted an UPDATE: it should be append-only")
	}
	if err := e.h.Exec(e.ctx, `DELETE FROM audit_log WHERE seq = 6`); err == nil {
		t.Fatal("audit_log accepted a DELETE: it should be append-only")
	}
	if err := e.h.Exec(e.ctx, e.h.AuditUnguard); err != nil {
		t.Fatalf("remove the guard: %v", err)
	}
	steps := []struct {
		name          string
		edit, restore string
		args          []any // of edit
		restoreArgs   []any
		seq           int64
		problem       audit.Problem
	}{
		{name: "actor", edit: `UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`, restore: `UPDATE audit_log SET actor = 'alice' WHERE seq = 3`,
			seq: 3, problem: audit.HashMismatch},
		{name: "payload", edit: `UPDATE audit_log SET payload = $1 WHERE seq = 4`, args: []any{[]byte(`{"n":999}`)},
			restore: `UPDATE audit_log SET payload = $1 WHERE seq = 4`, restoreArgs: []any{[]byte(`{"n":3}`)},
			seq: 4, problem: audit.PayloadMismatch},
		{name: "time", edit: `UPDATE audit_log SET time = time + 1 WHERE seq = 2`, restore: `UPDATE audit_log SET time = time - 1 WHERE seq = 2`,
			seq: 2, problem: audit.HashMismatch},
		{name: "prev hash", edit: `UPDATE audit_log SET prev_hash = hash WHERE seq = 1`, restore: `UPDATE audit_log SET prev_hash = '` + audit.GenesisHash + `' WHERE seq = 1`,
			seq: 1, problem: audit.ChainBreak},
		{name: "deleted", edit: `DELETE FROM audit_log WHERE seq = 5`, seq: 5, problem: audit.SequenceGap},
		{name: "truncated", edit: `DELETE FROM audit_log WHERE seq = 6`, seq: 6, problem: audit.Truncated},
	}
	for _, st := range steps {
		if err := e.h.Exec(e.ctx, st.edit, st.args...); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		_, err := store.VerifyAudit(e.ctx, e.s)
		var ve *audit.VerifyError
		if !errors.As(err, &ve) || ve.Seq != st.seq || ve.Problem != st.problem {
			t.Fatalf("%s: VerifyAudit = %v, want entry %d %s", st.name, err, st.seq, st.problem)
		}
		if st.restore != "" {
			if err := e.h.Exec(e.ctx, st.restore, st.restoreArgs...); err != nil {
				t.Fatalf("%s: restore: %v", st.name, err)
			}
		}
	}
	// Truncating and moving the head back too, as a thorough attacker
	// would, leaves a valid shorter chain: only a copy of the head kept
	// elsewhere reveals it (see the audit package).
	if err := e.h.Exec(e.ctx, `UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4) WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if head, err := store.VerifyAudit(e.ctx, e.s); err != nil || head.Seq != 4 {
		t.Fatalf("after a consistent truncation: %+v, %v", head, err)
	}
}

func testRollbackOnError(t *testing.T, e *env) {
	boom := errors.New("boom")
	err := e.s.Tx(e.ctx, func(tx store.Tx) error {
		writeEverything(t, e, tx)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx = %v, want the function's error", err)
	}
	assertEmpty(t, e)
	// The store is still usable.
	e.tx(func(tx store.Tx) error { writeEverything(t, e, tx); return nil })
	if _, err := e.s.Cursor(e.ctx, "mainnet"); err != nil {
		t.Fatal(err)
	}
}

func testRollbackOnPanic(t *testing.T, e *env) {
	func() {
		defer func() {
			if r := recover(); r != "half-way" {
				t.Fatalf("recovered %v, want the function's panic", r)
			}
		}()
		_ = e.s.Tx(e.ctx, func(tx store.Tx) error {
			writeEverything(t, e, tx)
			panic("half-way")
		})
	}()
	assertEmpty(t, e)
	e.tx(func(tx store.Tx) error { writeEverything(t, e, tx); return nil })
}

// writeEverything writes one of each record in tx.
func writeEverything(t *testing.T, e *env, tx store.Tx) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(tx.SetCursor(e.ctx, store.Cursor{Network: "mainnet", BlockNumber: 10, BlockHash: "0xb10"}))
	_, _, err := tx.InsertAlert(e.ctx, Alert(10, 0, "drain"))
	must(err)
	inc, err := tx.CreateIncident(e.ctx, Incident("half-way"))
	must(err)
	_, err = tx.AppendTimeline(e.ctx, store.TimelineEvent{IncidentID: inc.ID, Actor: "daemon", Kind: "status", Message: "opened"})
	must(err)
	a, _, err := tx.InsertAction(e.ctx, PauseAction(inc.ID))
	must(err)
	_, err = tx.AddApproval(e.ctx, store.Approval{ActionID: a.ID, Person: "alice", Role: "incident_commander"})
	must(err)
	_, err = tx.RecordSentTx(e.ctx, store.SentTx{ChainID: 1, Sender: "0xg", Nonce: 1, TxHash: "0xt"})
	must(err)
	_, err = tx.Enqueue(e.ctx, item("page-"+inc.ID))
	must(err)
	_, err = tx.AcquireLease(e.ctx, "follow:mainnet", "me", time.Minute)
	must(err)
	_, err = tx.SavePlanVersion(e.ctx, store.PlanVersion{Hash: "h", Content: []byte("x")})
	must(err)
	_, err = tx.AppendAudit(e.ctx, audit.Record{Actor: "daemon", Action: "incident.open", Subject: inc.ID})
	must(err)
	// Reads in the transaction see its writes.
	if _, err := tx.Incident(e.ctx, inc.ID); err != nil {
		t.Fatalf("read own write: %v", err)
	}
}

// assertEmpty checks that nothing of writeEverything is visible.
func assertEmpty(t *testing.T, e *env) {
	t.Helper()
	if _, err := e.s.Cursor(e.ctx, "mainnet"); !isErr(err, store.ErrNotFound) {
		t.Errorf("cursor survived: %v", err)
	}
	if _, err := e.s.BlockHash(e.ctx, "mainnet", 10); !isErr(err, store.ErrNotFound) {
		t.Errorf("block history survived: %v", err)
	}
	if l, _ := e.s.Alerts(e.ctx, store.AlertFilter{WithRetracted: true}); len(l) != 0 {
		t.Errorf("alerts survived: %d", len(l))
	}
	if l, _ := e.s.Incidents(e.ctx, store.IncidentFilter{}); len(l) != 0 {
		t.Errorf("incidents survived: %d", len(l))
	}
	if l, _ := e.s.Actions(e.ctx, "INC-2026-0001"); len(l) != 0 {
		t.Errorf("actions survived: %d", len(l))
	}
	if l, _ := e.s.SentTxs(e.ctx, store.SentTxFilter{}); len(l) != 0 {
		t.Errorf("sent txs survived: %d", len(l))
	}
	if l, _ := e.s.OutboxItems(e.ctx, store.OutboxFilter{}); len(l) != 0 {
		t.Errorf("outbox items survived: %d", len(l))
	}
	if _, err := e.s.Lease(e.ctx, "follow:mainnet"); !isErr(err, store.ErrNotFound) {
		t.Errorf("lease survived: %v", err)
	}
	if l, _ := e.s.PlanVersions(e.ctx); len(l) != 0 {
		t.Errorf("plan versions survived: %d", len(l))
	}
	if h, err := e.s.AuditHead(e.ctx); err != nil || h.Seq != 0 {
		t.Errorf("audit head moved: %+v, %v", h, err)
	}
	if l, _ := e.s.AuditEntries(e.ctx, store.AuditFilter{}); len(l) != 0 {
		t.Errorf("audit entries survived: %d", len(l))
	}
}

func testReadsOwnWrites(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		if err := tx.SetCursor(e.ctx, store.Cursor{Network: "n", BlockNumber: 5, BlockHash: "0x5"}); err != nil {
			return err
		}
		c, err := tx.Cursor(e.ctx, "n")
		if err != nil || c.BlockNumber != 5 {
			t.Errorf("cursor in tx = %+v, %v", c, err)
		}
		en, err := tx.AppendAudit(e.ctx, audit.Record{Actor: "x", Action: "y", Subject: "z"})
		if err != nil {
			return err
		}
		h, err := tx.AuditHead(e.ctx)
		if err != nil || h.Seq != en.Seq || h.Hash != en.Hash {
			t.Errorf("head in tx = %+v, %v", h, err)
		}
		return nil
	})
}

func testContextCancelled(t *testing.T, e *env) {
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	err := e.s.Tx(ctx, func(tx store.Tx) error {
		return tx.SetCursor(ctx, store.Cursor{Network: "n", BlockNumber: 1})
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Tx with a cancelled context = %v, want context.Canceled", err)
	}
	if _, err := e.s.Cursor(e.ctx, "n"); !isErr(err, store.ErrNotFound) {
		t.Fatalf("cursor written by a cancelled Tx: %v", err)
	}
}

// testAuditTimelineSealed: every timeline event is sealed in the audit log
// by AppendTimeline; editing, inserting or removing a timeline row with raw
// SQL makes VerifyAudit fail and name the entry (or the unsealed event).
func testAuditTimelineSealed(t *testing.T, e *env) {
	var inc store.Incident
	var evs []store.TimelineEvent
	e.tx(func(tx store.Tx) (err error) {
		if inc, err = tx.CreateIncident(e.ctx, Incident("sealed")); err != nil {
			return err
		}
		for i, msg := range []string{"opened", "acknowledged by alice", "pause mined"} {
			e.clock.Advance(time.Second)
			ev, err := tx.AppendTimeline(e.ctx, store.TimelineEvent{IncidentID: inc.ID, Actor: "alice", Kind: "note", Message: msg,
				Data: json.RawMessage(fmt.Sprintf(`{"n": %d}`, i))})
			if err != nil {
				return err
			}
			evs = append(evs, ev)
		}
		return nil
	})
	es, err := e.s.AuditEntries(e.ctx, store.AuditFilter{Subject: inc.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(evs) {
		t.Fatalf("%d audit entries for %d timeline events", len(es), len(evs))
	}
	for i, en := range es {
		if d := store.CheckTimelineSeal(evs[i], en); d != "" || en.Action != "incident.note" || en.Actor != "alice" {
			t.Errorf("entry %d does not seal event %d: %s (%s by %s)", en.Seq, evs[i].ID, d, en.Action, en.Actor)
		}
	}
	if _, err := store.VerifyAudit(e.ctx, e.s); err != nil {
		t.Fatalf("untouched log: %v", err)
	}
	second := evs[1].ID
	steps := []struct {
		name          string
		edit, restore string
		args          []any
		seq           int64
		problem       audit.Problem
		detail        string
	}{
		{name: "message", edit: `UPDATE timeline SET message = 'nothing happened' WHERE id = $1`, args: []any{second},
			restore: `UPDATE timeline SET message = 'acknowledged by alice' WHERE id = $1`,
			seq:     es[1].Seq, problem: audit.TimelineMismatch, detail: `message "nothing happened", sealed "acknowledged by alice"`},
		{name: "actor", edit: `UPDATE timeline SET actor = 'mallory' WHERE id = $1`, args: []any{second},
			restore: `UPDATE timeline SET actor = 'alice' WHERE id = $1`, seq: es[1].Seq, problem: audit.TimelineMismatch, detail: "actor"},
		{name: "time", edit: `UPDATE timeline SET time = time + 1000000 WHERE id = $1`, args: []any{second},
			restore: `UPDATE timeline SET time = time - 1000000 WHERE id = $1`, seq: es[1].Seq, problem: audit.TimelineMismatch, detail: "time"},
		{name: "data", edit: `UPDATE timeline SET data = '{"n": 7}' WHERE id = $1`, args: []any{second},
			restore: `UPDATE timeline SET data = '{"n": 1}' WHERE id = $1`, seq: es[1].Seq, problem: audit.TimelineMismatch, detail: "data"},
		{name: "inserted", edit: `INSERT INTO timeline (incident_id, time, actor, kind, message, data) VALUES ($1, 0, 'mallory', 'note', 'forged', '')`,
			args: []any{inc.ID}, restore: `DELETE FROM timeline WHERE actor = 'mallory' AND incident_id = $1`, problem: audit.TimelineUnsealed, detail: "has no audit entry"},
		{name: "removed", edit: `DELETE FROM timeline WHERE id = $1`, args: []any{evs[2].ID}, seq: es[2].Seq, problem: audit.TimelineMissing, detail: "not in the timeline"},
	}
	for _, st := range steps {
		if err := e.h.Exec(e.ctx, st.edit, st.args...); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		_, err := store.VerifyAudit(e.ctx, e.s)
		var ve *audit.VerifyError
		if !errors.As(err, &ve) || ve.Seq != st.seq || ve.Problem != st.problem || !strings.Contains(ve.Detail, st.detail) {
			t.Fatalf("%s: VerifyAudit = %v, want entry %d %s (%s)", st.name, err, st.seq, st.problem, st.detail)
		}
		if st.restore != "" {
			if err := e.h.Exec(e.ctx, st.restore, st.args...); err != nil {
				t.Fatalf("%s: restore: %v", st.name, err)
			}
			if _, err := store.VerifyAudit(e.ctx, e.s); err != nil {
				t.Fatalf("%s: restored, still %v", st.name, err)
			}
		}
	}
}
