package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

func testSilences(t *testing.T, e *env) {
	ctx := context.Background()
	t0 := e.clock.Now()
	var a, b store.Silence
	e.tx(func(tx store.Tx) error {
		var err error
		a, err = tx.CreateSilence(ctx, store.Silence{Matchers: json.RawMessage(`[{"name":"detector","op":"=","value":"x"}]`), StartsAt: t0, EndsAt: t0.Add(time.Hour), Author: "alice", Comment: "maintenance"})
		if err != nil {
			return err
		}
		b, err = tx.CreateSilence(ctx, store.Silence{Matchers: json.RawMessage(`[]`), StartsAt: t0.Add(30 * time.Minute), EndsAt: t0.Add(2 * time.Hour), Author: "bob", Comment: "later"})
		return err
	})
	if a.ID == 0 || b.ID == 0 || a.ID == b.ID || a.CreatedAt.IsZero() {
		t.Fatalf("ids %d %d created %v", a.ID, b.ID, a.CreatedAt)
	}
	ids := func(at time.Time) []int64 {
		t.Helper()
		ss, err := e.s.Silences(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	check := func(at time.Time, want ...int64) {
		t.Helper()
		got := ids(at)
		if len(got) != len(want) {
			t.Fatalf("at %s: silences %v, want %v", at, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("at %s: silences %v, want %v", at, got, want)
			}
		}
	}
	check(t0, a.ID)
	check(t0.Add(45*time.Minute), a.ID, b.ID)
	check(t0.Add(time.Hour), b.ID) // ends_at is exclusive
	check(time.Time{}, a.ID, b.ID)
	got, _ := e.s.Silences(ctx, t0)
	if string(got[0].Matchers) != string(a.Matchers) || got[0].Author != "alice" || got[0].Comment != "maintenance" || !got[0].EndsAt.Equal(a.EndsAt) {
		t.Fatalf("round trip: %+v", got[0])
	}
	// Expiring ends it now; expiring an unknown silence is ErrNotFound.
	e.tx(func(tx store.Tx) error { return tx.ExpireSilence(ctx, b.ID, t0.Add(40*time.Minute)) })
	check(t0.Add(45*time.Minute), a.ID)
	err := e.s.Tx(ctx, func(tx store.Tx) error { return tx.ExpireSilence(ctx, 999999, t0) })
	wantErr(t, err, store.ErrNotFound)
}

// testSilencesAndIncidents: SilencesAndIncidents reads what Silences and
// Incidents read, in a transaction (its own writes included) and outside.
func testSilencesAndIncidents(t *testing.T, e *env) {
	ctx := context.Background()
	t0 := e.clock.Now()
	f := store.IncidentFilter{OpenOnly: true, AnyOf: []store.IncidentFilter{{GroupKey: "g1"}, {Network: "mainnet", Contract: "0xVAULT"}}}
	same := func(r store.Reader, at time.Time, wantSilences, wantIncidents int) {
		t.Helper()
		ss, incs, err := r.SilencesAndIncidents(ctx, at, f)
		if err != nil {
			t.Fatal(err)
		}
		ss2, err := r.Silences(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		incs2, err := r.Incidents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != wantSilences || len(incs) != wantIncidents {
			t.Fatalf("at %s: %d silences, %d incidents; want %d and %d", at, len(ss), len(incs), wantSilences, wantIncidents)
		}
		if !reflect.DeepEqual(ss, ss2) || !reflect.DeepEqual(incs, incs2) {
			t.Fatalf("at %s: SilencesAndIncidents = %+v, %+v; Silences and Incidents = %+v, %+v", at, ss, incs, ss2, incs2)
		}
	}
	same(e.s, t0, 0, 0)
	e.tx(func(tx store.Tx) error {
		if _, err := tx.CreateSilence(ctx, store.Silence{Matchers: json.RawMessage(`[{"name":"detector","op":"=","value":"x"}]`),
			StartsAt: t0, EndsAt: t0.Add(time.Hour), Author: "alice", Comment: "maintenance"}); err != nil {
			return err
		}
		for _, c := range []struct{ name, contract, group string }{{"a", "0xvault", "g2"}, {"b", "0xother", "g1"}, {"c", "0xother", "g3"}} {
			inc := Incident(c.name)
			inc.Network, inc.Contract, inc.GroupKey = "mainnet", c.contract, c.group
			if _, err := tx.CreateIncident(ctx, inc); err != nil {
				return err
			}
		}
		same(tx, t0, 1, 2) // the transaction's own writes
		return nil
	})
	same(e.s, t0, 1, 2)
	same(e.s, t0.Add(2*time.Hour), 0, 2)
	same(e.s, time.Time{}, 1, 2)
}
