package storetest

import (
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

func testDrills(t *testing.T, e *env) {
	ctx := e.ctx
	if ds, err := e.s.Drills(ctx, 0); err != nil || len(ds) != 0 {
		t.Fatalf("no drill yet: %v, %v", ds, err)
	}
	t0 := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	mk := func(n int, finished time.Time) store.Drill {
		return store.Drill{Network: "mainnet", PlanHash: "sha256:ab", Upstream: "https://rpc.example", ForkBlock: 21_000_000,
			Effects: 5, Detected: n, Contained: n - 1, FalseAlarms: 1, Summary: "drill", Report: []byte(`{"effects":[]}`),
			StartedAt: finished.Add(-time.Minute), FinishedAt: finished}
	}
	var first store.Drill
	e.tx(func(tx store.Tx) error {
		var err error
		if first, err = tx.InsertDrill(ctx, mk(4, t0)); err != nil {
			return err
		}
		_, err = tx.InsertDrill(ctx, mk(5, t0.Add(time.Hour)))
		return err
	})
	if first.ID == 0 || first.ForkBlock != 21_000_000 || !first.FinishedAt.Equal(t0) || string(first.Report) != `{"effects":[]}` {
		t.Fatalf("stored: %+v", first)
	}
	ds, err := e.s.Drills(ctx, 1)
	if err != nil || len(ds) != 1 {
		t.Fatalf("last drill: %v, %v", ds, err)
	}
	if d := ds[0]; d.Detected != 5 || d.Contained != 4 || d.FalseAlarms != 1 || d.PlanHash != "sha256:ab" || !d.StartedAt.Equal(t0.Add(59*time.Minute)) {
		t.Fatalf("last drill: %+v", d)
	}
	if ds, err := e.s.Drills(ctx, 0); err != nil || len(ds) != 2 || ds[1].ID != first.ID {
		t.Fatalf("all drills, last first: %+v, %v", ds, err)
	}
}
