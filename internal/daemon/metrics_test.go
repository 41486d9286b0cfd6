package daemon_test

import (
	"context"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/daemon/daemontest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestDaemonDetectorMetrics plays an attack on the devnet under a running
// daemon and reads its registry: every detector has its evaluations and
// alerts counted, and the detectors that alerted on the exploit count those
// alerts.
func TestDaemonDetectorMetrics(t *testing.T) {
	dn := devnettest.Start(t)
	sink := notifytest.NewHTTPServer(t)
	p := writePlan(t, dn, sink.URL)
	s := storetest.SQLite(t, store.Options{})
	d, _, stop := daemontest.Start(t, daemon.Config{Log: testLog(), Plan: p, Store: s, Listen: "off"})
	defer stop()
	ctx := context.Background()

	res, err := dn.RunScenario(ctx, devnet.ScenarioAccess)
	if err != nil {
		t.Fatal(err)
	}
	var alerts []store.Alert
	waitFor(t, "alerts of the exploit", 20*time.Second, func() bool {
		alerts, err = s.Alerts(ctx, store.AlertFilter{Network: "devnet", FromBlock: res.Block, ToBlock: res.Block})
		return err == nil && len(alerts) > 0
	})
	// The alerts are stored in the transaction after Process returned, so
	// the counters already hold them.
	counters := func(name string) map[string]float64 {
		t.Helper()
		fams, err := d.Registry().Gather()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, f := range fams {
			if f.GetName() != name {
				continue
			}
			for _, m := range f.GetMetric() {
				var det, network string
				for _, l := range m.GetLabel() {
					switch l.GetName() {
					case "detector":
						det = l.GetValue()
					case "network":
						network = l.GetValue()
					}
				}
				if network != "devnet" {
					t.Errorf("%s{detector=%q}: network %q, want devnet", name, det, network)
				}
				out[det] = m.GetCounter().GetValue()
			}
		}
		return out
	}
	evals := counters("breakglass_detector_evaluations_total")
	alerted := counters("breakglass_detector_alerts_total")
	secs := counters("breakglass_detector_evaluation_seconds_total")
	if len(evals) != len(p.Detectors) || len(alerted) != len(p.Detectors) || len(secs) != len(p.Detectors) {
		t.Fatalf("series for %d, %d, %d detectors, want the plan's %d", len(evals), len(alerted), len(secs), len(p.Detectors))
	}
	for _, a := range alerts {
		if alerted[a.Detector] < 1 || evals[a.Detector] < 1 || secs[a.Detector] <= 0 {
			t.Errorf("detector %s alerted on the exploit: alerts %v, evaluations %v, seconds %v",
				a.Detector, alerted[a.Detector], evals[a.Detector], secs[a.Detector])
		}
	}
	t.Logf("alerts by detector %v; evaluations %v", alerted, evals)
}
