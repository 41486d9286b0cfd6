package promreg_test

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/promreg"
)

// gather returns the registry's families by name.
func gather(t *testing.T, reg *prometheus.Registry) map[string]string {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range fams {
		out[f.GetName()] = f.String()
	}
	return out
}

// TestRegistrar: metrics are registered under their full names with their
// help, labels and buckets; the first failure is kept, wrapped with what
// the metrics are, and nothing after it is registered.
func TestRegistrar(t *testing.T) {
	reg := prometheus.NewRegistry()
	r := promreg.New(reg, "test")
	r.CounterVec("breakglass_test_things_total", "Things.", "network", "kind").WithLabelValues("devnet", "a").Add(2)
	r.Gauge("breakglass_test_up", "Up.").Set(1)
	r.GaugeVec("breakglass_test_level", "Level.", "network").WithLabelValues("devnet").Set(3)
	r.HistogramVec("breakglass_test_seconds", "Seconds.", []float64{1, 2}, "network").WithLabelValues("devnet").Observe(1.5)
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	fams := gather(t, reg)
	for name, want := range map[string][]string{
		"breakglass_test_things_total": {`help:"Things."`, `type:COUNTER`, `name:"kind" value:"a"`, `name:"network" value:"devnet"`, `value:2`},
		"breakglass_test_up":           {`help:"Up."`, `type:GAUGE`, `value:1`},
		"breakglass_test_level":        {`type:GAUGE`, `name:"network" value:"devnet"`, `value:3`},
		"breakglass_test_seconds":      {`type:HISTOGRAM`, `sample_count:1`, `upper_bound:1`, `upper_bound:2`},
	} {
		got, ok := fams[name]
		if !ok {
			t.Errorf("%s not registered (have %v)", name, fams)
			continue
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(strings.Fields(got), " "), w) {
				t.Errorf("%s: %q missing from %s", name, w, got)
			}
		}
	}

	r = promreg.New(reg, "again")
	r.GaugeVec("breakglass_test_up", "Up.", "network") // taken, with other labels
	r.CounterVec("breakglass_test_other_total", "Other.").WithLabelValues().Inc()
	if err := r.Err(); err == nil || !strings.HasPrefix(err.Error(), "register again metrics: ") {
		t.Fatalf("Err() = %v, want the registration failure of breakglass_test_up", err)
	}
	if _, ok := gather(t, reg)["breakglass_test_other_total"]; ok {
		t.Fatal("a metric was registered after a failure")
	}
}
