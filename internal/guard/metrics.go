package guard

import (
	"math/big"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/promreg"
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
//   - breakglass_mempool_state_read_seconds{network}: the state reads
//     before and after a pending transaction that touches a contract of
//     the plan (balance, invariant and condition reads on its post-state);
//   - breakglass_mempool_dropped_total{network, priority}: pending
//     transactions dropped unsimulated because the workers fell behind,
//     by priority (high, normal, low);
//   - breakglass_mempool_results_total{network, outcome}: what became of
//     the pending transactions contained ahead of (prevented, not_mined,
//     landed — landed ones are contained by the block path);
//   - breakglass_incidents_prevented_total{network}: incidents whose
//     exploit was stopped before it was mined;
//   - breakglass_value_protected_total{network, contract, token}: what
//     the prevented transactions would have taken, in whole tokens when
//     the token's decimals are known (else base units).
//
// One Metrics serves every guard of a process.
type Metrics struct {
	pending *prometheus.CounterVec
	latency *prometheus.HistogramVec
	reads   *prometheus.HistogramVec
	drops   *prometheus.CounterVec

	results, prevented, value *prometheus.CounterVec
}

// NewMetrics registers the guard's metrics on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	r := promreg.New(reg, "mempool")
	m := &Metrics{
		pending: r.CounterVec("breakglass_mempool_pending_total", "Pending transactions seen, by outcome (simulated, failed, dropped, contained).",
			"network", "outcome"),
		latency: r.HistogramVec("breakglass_mempool_seen_to_commit_seconds", "From a pending transaction first seen to its containment committed.",
			prometheus.ExponentialBuckets(0.001, 2, 14), "network"),
		reads: r.HistogramVec("breakglass_mempool_state_read_seconds", "State reads before and after a pending transaction that touches a contract of the plan.",
			prometheus.ExponentialBuckets(0.0005, 2, 14), "network"),
		drops: r.CounterVec("breakglass_mempool_dropped_total", "Pending transactions dropped unsimulated under load, by priority (high, normal, low).",
			"network", "priority"),
		results: r.CounterVec("breakglass_mempool_results_total", "What became of pending transactions contained ahead of: prevented, not_mined, landed (contained by the block path).",
			"network", "outcome"),
		prevented: r.CounterVec("breakglass_incidents_prevented_total", "Incidents whose exploit was stopped before it was mined.", "network"),
		value: r.CounterVec("breakglass_value_protected_total", "What prevented transactions would have taken from the protected contracts, in whole tokens (base units when the decimals are unknown).",
			"network", "contract", "token"),
	}
	if err := r.Err(); err != nil {
		return nil, err
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

func (m *Metrics) stateRead(network string, seconds float64) {
	if m != nil {
		m.reads.WithLabelValues(network).Observe(seconds)
	}
}

func (m *Metrics) dropped(network string, pr Priority) {
	if m != nil {
		m.drops.WithLabelValues(network, pr.String()).Inc()
	}
}

// outcome counts what became of a pending transaction contained ahead of,
// for its incidents.
func (m *Metrics) outcome(network string, d OutcomeData, incidents int) {
	if m == nil {
		return
	}
	m.results.WithLabelValues(network, d.Outcome).Inc()
	if d.Outcome == ResultLanded {
		return
	}
	m.prevented.WithLabelValues(network).Add(float64(incidents))
	for _, v := range d.ValueProtected {
		f, ok := new(big.Float).SetString(v.Amount)
		if !ok {
			continue
		}
		if v.Decimals != nil {
			f.Quo(f, new(big.Float).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(*v.Decimals)), nil)))
		}
		x, _ := f.Float64()
		m.value.WithLabelValues(network, v.ContractLabel(), v.TokenLabel()).Add(x)
	}
}
