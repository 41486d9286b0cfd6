package detect

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/promreg"
)

// Metrics are the detectors' Prometheus metrics, per network and detector:
//
//   - breakglass_detector_alerts_total: alerts raised (after thresholds and
//     cooldowns);
//   - breakglass_detector_evaluations_total: times the detector was
//     evaluated (a condition run on a log, a call, a transaction, or a
//     block);
//   - breakglass_detector_evaluation_seconds_total: the time those
//     evaluations took (the condition and the building of a match; the
//     decoding of a log or call shared by the detectors that watch it is
//     not counted), estimated from one evaluation in 16 of each detector,
//     the first one included, so that the clock is read rarely.
//
// Divide the seconds by the evaluations for the mean cost of one, or take
// their rates for the share of a block's time each detector costs. One
// Metrics serves every engine of a process: pass it to Compile with
// WithMetrics.
type Metrics struct {
	alerts  *prometheus.CounterVec
	evals   *prometheus.CounterVec
	seconds *prometheus.CounterVec
}

// NewMetrics registers the detector metrics on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	r := promreg.New(reg, "detector")
	labels := []string{"network", "detector"}
	m := &Metrics{
		alerts:  r.CounterVec("breakglass_detector_alerts_total", "Alerts a detector raised, after thresholds and cooldowns.", labels...),
		evals:   r.CounterVec("breakglass_detector_evaluations_total", "Times a detector was evaluated (on a log, a call, a transaction or a block).", labels...),
		seconds: r.CounterVec("breakglass_detector_evaluation_seconds_total", "Time a detector's evaluations took.", labels...),
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

// WithMetrics makes the engine count its detectors' alerts, evaluations and
// evaluation time in m. Without it the engine reads no clock.
func WithMetrics(m *Metrics) Option {
	return func(c *config) { c.metrics = m }
}

// detCounters are one detector's counters on one network, resolved once.
type detCounters struct {
	alerts, evals, seconds prometheus.Counter
}

// timeEvery is the sampling of evaluation time: one evaluation in
// timeEvery of each detector is timed, and counts for timeEvery. Reading the
// clock costs about as much as evaluating a simple condition, so timing
// every evaluation would slow the engine down measurably; counts are exact.
const timeEvery = 16

// detStat is what one detector did during one Process call.
type detStat struct {
	evals  uint64
	nanos  int64
	alerts uint64
}

// instrument resolves the counters of every detector on every network of
// the engine.
func (e *Engine) instrument(m *Metrics) {
	if m == nil {
		return
	}
	e.stats = make([]detStat, len(e.dets))
	e.seq = make([]uint32, len(e.dets))
	e.epoch = time.Now()
	for name, ni := range e.nets {
		ni.counters = make([]detCounters, len(e.dets))
		for _, det := range e.dets {
			ni.counters[det.idx] = detCounters{
				alerts:  m.alerts.WithLabelValues(name, det.name),
				evals:   m.evals.WithLabelValues(name, det.name),
				seconds: m.seconds.WithLabelValues(name, det.name),
			}
		}
	}
}

// start counts an evaluation of det and, for one in timeEvery, returns the
// time it starts (monotonic, after the engine's epoch); otherwise, and
// without metrics, it returns 0 and reads no clock.
func (e *Engine) start(det *detector) time.Duration {
	if e.stats == nil {
		return 0
	}
	st := &e.stats[det.idx]
	if st.evals == 0 && st.alerts == 0 {
		e.touched = append(e.touched, det.idx)
	}
	st.evals++
	e.seq[det.idx]++
	if e.seq[det.idx]%timeEvery != 1 {
		return 0
	}
	return time.Since(e.epoch) + 1
}

// stop ends an evaluation that start timed.
func (e *Engine) stop(det *detector, started time.Duration) {
	if started == 0 {
		return
	}
	e.stats[det.idx].nanos += int64(time.Since(e.epoch)+1-started) * timeEvery
}

// alerted counts an alert of det.
func (e *Engine) alerted(det *detector) {
	if e.stats == nil {
		return
	}
	st := &e.stats[det.idx]
	if st.evals == 0 && st.alerts == 0 {
		e.touched = append(e.touched, det.idx)
	}
	st.alerts++
}

// flush adds what the detectors did during one Process call to the
// network's counters and clears it.
func (e *Engine) flush(ni *netIndex) {
	if e.stats == nil {
		return
	}
	e.flushIndex()
	for _, i := range e.touched {
		st := &e.stats[i]
		if ni.counters != nil {
			c := ni.counters[i]
			if st.evals > 0 {
				c.evals.Add(float64(st.evals))
			}
			if st.nanos > 0 {
				c.seconds.Add(float64(st.nanos) / 1e9)
			}
			if st.alerts > 0 {
				c.alerts.Add(float64(st.alerts))
			}
		}
		*st = detStat{}
	}
	e.touched = e.touched[:0]
}
