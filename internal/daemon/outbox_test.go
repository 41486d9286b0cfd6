package daemon_test

import (
	"context"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestDaemonOutboxMetrics: the daemon's registry carries the outbox's
// attempts, outcomes and latency by kind and channel.
func TestDaemonOutboxMetrics(t *testing.T) {
	dn := devnettest.Start(t)
	sink := notifytest.NewHTTPServer(t)
	p := writePlan(t, dn, sink.URL)
	ctx := context.Background()
	s := storetest.SQLite(t, store.Options{})
	d, err := daemon.New(daemon.Config{Log: testLog(), Plan: p, Store: s, Listen: "off", OutboxPoll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.Run(rctx) }()
	defer func() { cancel(); <-done }()
	err = s.Tx(ctx, func(tx store.Tx) error {
		inc := storetest.Incident("t")
		inc.ID = "INC-2026-0001"
		if _, err := tx.CreateIncident(ctx, inc); err != nil {
			return err
		}
		_, err := notify.Enqueue(ctx, tx, "INC-2026-0001", "ops", notify.Message{Key: "m1", Event: notify.IncidentStatus, IncidentID: "INC-2026-0001", Title: "hello", Time: time.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d.Wake()
	waitFor(t, "the notification", 10*time.Second, func() bool { return len(sink.Requests()) == 1 })
	got := map[string]float64{}
	waitFor(t, "the outcome's metrics", 5*time.Second, func() bool {
		mfs, err := d.Registry().Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			for _, m := range mf.GetMetric() {
				labels := map[string]string{}
				for _, lp := range m.GetLabel() {
					labels[lp.GetName()] = lp.GetValue()
				}
				k := mf.GetName() + "{" + labels["kind"] + "," + labels["channel"] + "}"
				switch {
				case m.GetCounter() != nil:
					got[k] = m.GetCounter().GetValue()
				case m.GetHistogram() != nil:
					got[k] = float64(m.GetHistogram().GetSampleCount())
				}
			}
		}
		return got["breakglass_outbox_done_total{notify,ops}"] == 1
	})
	for k, want := range map[string]float64{
		"breakglass_outbox_attempts_total{notify,ops}":           1,
		"breakglass_outbox_done_total{notify,ops}":               1,
		"breakglass_outbox_latency_seconds{notify,ops}":          1,
		"breakglass_outbox_attempt_duration_seconds{notify,ops}": 1,
	} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
}
