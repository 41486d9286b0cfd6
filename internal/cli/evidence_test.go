package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/report/reporttest"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// TestEvidenceWithContainmentAndEditedTimeline: the bundle of an incident
// whose containment and notifications went through the outbox (a failed
// attempt, then success) verifies; editing a timeline row in the SQLite
// file makes both `audit verify` and `evidence verify` fail and name the
// audit entry that sealed the row.
func TestEvidenceWithContainmentAndEditedTimeline(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	ctx := t.Context()
	f.Tx(t, func(tx store.Tx) error {
		_, err := tx.Enqueue(ctx, store.OutboxItem{Key: respond.OutboxKind + "/1", Kind: respond.OutboxKind, IncidentID: id, Payload: json.RawMessage(`{"action_id":1}`)})
		return err
	})
	attempts := 0
	deliver := outbox.HandlerFunc(func(context.Context, store.OutboxItem) (bool, error) { return false, nil })
	contain := outbox.HandlerFunc(func(context.Context, store.OutboxItem) (bool, error) {
		if attempts++; attempts == 1 {
			return true, errors.New("node unreachable")
		}
		return false, nil
	})
	r := outbox.New(f.Store, map[string]outbox.Handler{"notify": deliver, respond.OutboxKind: contain},
		outbox.Config{Now: f.Clock.Now, BaseDelay: 1, MaxDelay: 1, Rand: func() float64 { return 0 }}, nil)
	for range 3 {
		f.Clock.Advance(1e9)
		if _, err := r.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	tl, err := f.Store.Timeline(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, ev := range tl {
		kinds[ev.Kind] = true
	}
	if !kinds["outbox.done"] || !kinds["outbox.failed"] {
		t.Fatalf("the outbox left no outcome on the timeline: %v", kinds)
	}

	db := "sqlite:" + f.Path
	bundle := filepath.Join(t.TempDir(), "evidence.tar.gz")
	if code, out, stderr := runCLI(t, "audit", "verify", "--db", db); code != 0 {
		t.Fatalf("audit verify: exit %d, %q %q", code, out, stderr)
	}
	if code, out, stderr := runCLI(t, "evidence", id, "--out", bundle, "--db", db, "--as", "alice"); code != 0 {
		t.Fatalf("evidence: exit %d, %q %q", code, out, stderr)
	}
	if code, out, stderr := runCLI(t, "evidence", "verify", bundle, "--db", db); code != 0 || !strings.Contains(out, ": OK: incident "+id) {
		t.Fatalf("untampered bundle: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	// Someone with database access rewrites the internal note.
	raw, err := sql.Open("sqlite", "file:"+f.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var evID int64
	if err := raw.QueryRow(`SELECT id FROM timeline WHERE incident_id = ? AND kind = 'note'`, id).Scan(&evID); err != nil {
		t.Fatal(err)
	}
	var seq int64
	es, err := f.Store.AuditEntries(ctx, store.AuditFilter{Subject: id})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if s, ok := store.ParseTimelineSeal(e); ok && s.Timeline == evID {
			seq = e.Seq
		}
	}
	if seq == 0 {
		t.Fatalf("timeline event %d has no audit entry", evID)
	}
	if _, err := raw.Exec(`UPDATE timeline SET message = 'nothing to see here' WHERE id = ?`, evID); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "audit", "verify", "--db", db)
	if want := regexp.MustCompile(`BROKEN at entry ` + fmtInt(seq) + `: timeline event changed: timeline event ` + fmtInt(evID) + ` of ` + id + ` .*message "nothing to see here"`); code != 1 || !want.MatchString(stderr) {
		t.Fatalf("audit verify of an edited timeline: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	edited := filepath.Join(t.TempDir(), "edited.tar.gz")
	if code, out, stderr := runCLI(t, "evidence", id, "--out", edited, "--db", db, "--as", "alice"); code != 0 {
		t.Fatalf("evidence: exit %d, %q %q", code, out, stderr)
	}
	code, _, stderr = runCLI(t, "evidence", "verify", edited)
	if want := "event " + fmtInt(evID) + " differs from audit entry " + fmtInt(seq); code != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("evidence verify of an edited timeline: exit %d, stderr %q, want %q", code, stderr, want)
	}
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }
