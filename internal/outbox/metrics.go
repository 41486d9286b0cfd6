package outbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the outbox's Prometheus metrics, by item kind ("notify",
// "respond") and channel (the rest of the kind: "slack" for
// "notify.slack"; empty for a kind without one).
type Metrics struct {
	attempts *prometheus.CounterVec
	retries  *prometheus.CounterVec
	dead     *prometheus.CounterVec
	done     *prometheus.CounterVec
	duration *prometheus.HistogramVec
	latency  *prometheus.HistogramVec
	inFlight *prometheus.GaugeVec
}

// NewMetrics creates the outbox metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	const ns, sub = "breakglass", "outbox"
	labels := []string{"kind", "channel"}
	m := &Metrics{
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "attempts_total", Help: "Attempts to carry out an outbox item."}, labels),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "retries_total", Help: "Failed attempts that will be retried later."}, labels),
		dead: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "dead_total", Help: "Items given up for good (final refusal or too many attempts)."}, labels),
		done: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "done_total", Help: "Items carried out."}, labels),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "attempt_duration_seconds", Help: "Time one attempt took in its handler.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 17)}, labels),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "latency_seconds", Help: "Time from an item being due to it being carried out (or given up).",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 16)}, labels),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "in_flight", Help: "Items claimed and not finished, per lane."}, []string{"lane"}),
	}
	for _, c := range []prometheus.Collector{m.attempts, m.retries, m.dead, m.done, m.duration, m.latency, m.inFlight} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register outbox metrics: %w", err)
		}
	}
	return m, nil
}

// kindLabels splits an item kind into its kind and channel labels.
func kindLabels(kind string) (string, string) {
	if i := strings.IndexByte(kind, '.'); i > 0 {
		return kind[:i], kind[i+1:]
	}
	return kind, ""
}

// attempt records one attempt's outcome; nil-safe.
func (m *Metrics) attempt(kind string, took time.Duration, outcome string, latency time.Duration) {
	if m == nil {
		return
	}
	k, ch := kindLabels(kind)
	m.attempts.WithLabelValues(k, ch).Inc()
	m.duration.WithLabelValues(k, ch).Observe(took.Seconds())
	switch outcome {
	case outcomeRetry:
		m.retries.WithLabelValues(k, ch).Inc()
		return
	case outcomeDead:
		m.dead.WithLabelValues(k, ch).Inc()
	case outcomeDone:
		m.done.WithLabelValues(k, ch).Inc()
	}
	m.latency.WithLabelValues(k, ch).Observe(max(latency, 0).Seconds())
}

func (m *Metrics) flight(lane string, delta float64) {
	if m != nil {
		m.inFlight.WithLabelValues(lane).Add(delta)
	}
}

const (
	outcomeDone  = "done"
	outcomeRetry = "retry"
	outcomeDead  = "dead"
)
