package guard

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Outcomes of a pending transaction, the label of
// breakglass_mempool_pending_total.
const (
	OutcomeSimulated = "simulated" // simulated and run through the detectors
	OutcomeFailed    = "failed"    // the simulation failed (a node error, a timeout)
	OutcomeDropped   = "dropped"   // not simulated: the queue was full
	OutcomeContained = "contained" // an alert fired and containment was queued ahead of it
)

// Metrics are the guard's Prometheus metrics:
//
//   - breakglass_mempool_pending_total{network, outcome}: pending
//     transactions by outcome (simulated, failed, dropped, contained);
//   - breakglass_mempool_seen_to_commit_seconds{network}: from a pending
//     transaction first seen to its alert, incident and containment
//     committed;
//   - breakglass_mempool_dropped_total{network, priority}: pending
//     transactions dropped unsimulated because the workers fell behind,
//     by priority (high, normal, low).
//
// One Metrics serves every guard of a process.
type Metrics struct {
	pending *prometheus.CounterVec
	latency *prometheus.HistogramVec
	drops   *prometheus.CounterVec
}

// NewMetrics registers the guard's metrics on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		pending: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "breakglass", Subsystem: "mempool",
			Name: "pending_total", Help: "Pending transactions seen, by outcome (simulated, failed, dropped, contained)."},
			[]string{"network", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "breakglass", Subsystem: "mempool",
			Name: "seen_to_commit_seconds", Help: "From a pending transaction first seen to its containment committed.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}, []string{"network"}),
		drops: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "breakglass", Subsystem: "mempool",
			Name: "dropped_total", Help: "Pending transactions dropped unsimulated under load, by priority (high, normal, low)."},
			[]string{"network", "priority"}),
	}
	for _, c := range []prometheus.Collector{m.pending, m.latency, m.drops} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register mempool metrics: %w", err)
		}
	}
	return m, nil
}

func (m *Metrics) count(network, outcome string) {
	if m != nil {
		m.pending.WithLabelValues(network, outcome).Inc()
	}
}

func (m *Metrics) observe(network string, seconds float64) {
	if m != nil {
		m.latency.WithLabelValues(network).Observe(seconds)
	}
}

func (m *Metrics) dropped(network string, pr Priority) {
	if m != nil {
		m.drops.WithLabelValues(network, pr.String()).Inc()
	}
}
