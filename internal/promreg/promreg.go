// Package promreg creates Prometheus metrics and registers them in one
// step, by their full names (breakglass_chain_head_block), keeping the
// first registration error for the constructor to return:
//
//	r := promreg.New(reg, "chain")
//	m := &Metrics{
//		head: r.GaugeVec("breakglass_chain_head_block", "Highest head block seen.", "network"),
//		took: r.HistogramVec("breakglass_chain_block_process_duration_seconds", "Time to process a block.",
//			prometheus.ExponentialBuckets(0.0001, 2, 16), "network"),
//	}
//	if err := r.Err(); err != nil {
//		return nil, err
//	}
package promreg

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Registrar creates metrics and registers them on a registry. Once a
// registration fails it registers nothing more (the metrics it returns
// still work, unregistered) and Err returns that failure.
type Registrar struct {
	reg  prometheus.Registerer
	what string
	err  error
}

// New returns a Registrar on reg; what names the metrics in the
// error ("register what metrics: …").
func New(reg prometheus.Registerer, what string) *Registrar {
	return &Registrar{reg: reg, what: what}
}

// Register registers c, a metric made otherwise (with constant labels, say).
func (r *Registrar) Register(c prometheus.Collector) {
	if r.err != nil {
		return
	}
	if err := r.reg.Register(c); err != nil {
		r.err = fmt.Errorf("register %s metrics: %w", r.what, err)
	}
}

// Err returns the first registration failure, nil when there was none.
func (r *Registrar) Err() error { return r.err }

// CounterVec registers a counter named name with the given labels.
func (r *Registrar) CounterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	r.Register(c)
	return c
}

// GaugeVec registers a gauge named name with the given labels.
func (r *Registrar) GaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	r.Register(g)
	return g
}

// Gauge registers a gauge without labels named name.
func (r *Registrar) Gauge(name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	r.Register(g)
	return g
}

// HistogramVec registers a histogram named name with the given buckets
// and labels.
func (r *Registrar) HistogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	r.Register(h)
	return h
}
