package outbox

import (
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/promreg"
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
	r := promreg.New(reg, "outbox")
	labels := []string{"kind", "channel"}
	m := &Metrics{
		attempts: r.CounterVec("breakglass_outbox_attempts_total", "Attempts to carry out an outbox item.", labels...),
		retries:  r.CounterVec("breakglass_outbox_retries_total", "Failed attempts that will be retried later.", labels...),
		dead:     r.CounterVec("breakglass_outbox_dead_total", "Items given up for good (final refusal or too many attempts).", labels...),
		done:     r.CounterVec("breakglass_outbox_done_total", "Items carried out.", labels...),
		duration: r.HistogramVec("breakglass_outbox_attempt_duration_seconds", "Time one attempt took in its handler.",
			prometheus.ExponentialBuckets(0.001, 2, 17), labels...),
		latency: r.HistogramVec("breakglass_outbox_latency_seconds", "Time from an item being due to it being carried out (or given up).",
			prometheus.ExponentialBuckets(0.01, 2, 16), labels...),
		inFlight: r.GaugeVec("breakglass_outbox_in_flight", "Items claimed and not finished, per lane.", "lane"),
	}
	if err := r.Err(); err != nil {
		return nil, err
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
