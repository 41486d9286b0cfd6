// Package incidenttest opens incidents for other packages' tests the way
// the block path does: alerts stored, then ingested by the manager, in one
// store transaction.
package incidenttest

import (
	"context"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Ingester is the part of incident.Manager these helpers need.
type Ingester interface {
	Ingest(ctx context.Context, tx store.Tx, alerts []store.Alert) ([]incident.Outcome, error)
}

// Ingest stores alerts (start from storetest.Alert) and ingests them with
// m in one transaction of s; then, if not nil, runs in the same
// transaction with the outcomes (e.g. a responder's Respond). It fails the
// test on error and returns the outcomes.
func Ingest(t testing.TB, s store.Store, m Ingester, alerts []store.Alert, then func(ctx context.Context, tx store.Tx, out []incident.Outcome) error) []incident.Outcome {
	t.Helper()
	ctx := context.Background()
	var out []incident.Outcome
	err := s.Tx(ctx, func(tx store.Tx) error {
		stored := make([]store.Alert, 0, len(alerts))
		for _, a := range alerts {
			a, _, err := tx.InsertAlert(ctx, a)
			if err != nil {
				return err
			}
			stored = append(stored, a)
		}
		var err error
		if out, err = m.Ingest(ctx, tx, stored); err != nil || then == nil {
			return err
		}
		return then(ctx, tx, out)
	})
	if err != nil {
		t.Fatalf("ingest %d alert(s): %v", len(alerts), err)
	}
	return out
}

// Open ingests a as Ingest does, then, and returns the incident it opened
// or joined (failing the test when it opened none: silenced or held back).
func Open(t testing.TB, s store.Store, m Ingester, a store.Alert, then func(ctx context.Context, tx store.Tx, out []incident.Outcome) error) string {
	t.Helper()
	out := Ingest(t, s, m, []store.Alert{a}, then)
	if len(out) == 0 || out[0].IncidentID == "" {
		t.Fatalf("alert %s opened no incident: %+v", a.Detector, out)
	}
	return out[0].IncidentID
}
