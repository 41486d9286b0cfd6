package chain

import (
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the Prometheus metrics of clients and followers. One Metrics
// serves every network; series are labelled by network (and endpoint, whose
// label is the URL without path or query, where providers put API keys).
// A nil *Metrics records nothing.
type Metrics struct {
	head        *prometheus.GaugeVec
	processed   *prometheus.GaugeVec
	headLag     *prometheus.GaugeVec
	blocks      *prometheus.CounterVec
	reorgs      *prometheus.CounterVec
	reorgDepth  *prometheus.HistogramVec
	gaps        *prometheus.CounterVec
	requests    *prometheus.CounterVec
	errors      *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	endpointUp  *prometheus.GaugeVec
	endpointHd  *prometheus.GaugeVec
	processTime *prometheus.HistogramVec
	traced      *prometheus.CounterVec
	untracedTx  *prometheus.CounterVec
	txs         *prometheus.CounterVec
}

// NewMetrics creates the chain metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	const ns, sub = "breakglass", "chain"
	m := &Metrics{
		head: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "head_block", Help: "Highest head block number seen on the network."}, []string{"network"}),
		processed: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "processed_block", Help: "Number of the last processed block (the cursor)."}, []string{"network"}),
		headLag: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "head_lag_blocks", Help: "Head block number minus the last processed block number."}, []string{"network"}),
		blocks: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "blocks_processed_total", Help: "Blocks handed to the sink and stored."}, []string{"network"}),
		reorgs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "reorgs_total", Help: "Reorgs detected by parent hash."}, []string{"network"}),
		reorgDepth: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "reorg_depth_blocks", Help: "Blocks rewound per reorg.",
			Buckets: []float64{1, 2, 3, 5, 8, 13, 21, 34, 64}}, []string{"network"}),
		gaps: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "gaps_total", Help: "Times a block was about to be processed out of sequence (refused). Must stay 0."}, []string{"network"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "rpc_requests_total", Help: "RPC requests sent, per endpoint and operation."}, []string{"network", "endpoint", "op"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "rpc_errors_total", Help: "RPC requests that failed, per endpoint, operation and kind of failure."}, []string{"network", "endpoint", "op", "kind"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "rpc_request_duration_seconds", Help: "RPC request latency, per endpoint and operation.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)}, []string{"network", "endpoint", "op"}),
		endpointUp: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "endpoint_up", Help: "1 when the endpoint's last request succeeded, 0 when it is set aside."}, []string{"network", "endpoint"}),
		endpointHd: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "endpoint_head_block", Help: "Head block number the endpoint last reported."}, []string{"network", "endpoint"}),
		processTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "block_process_duration_seconds", Help: "Time the sink took to process and store one block.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 16)}, []string{"network"}),
		traced: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "traced_transactions_total", Help: "Transactions traced because they touch a watched contract (or the block moved its native balance unexplained)."}, []string{"network"}),
		txs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "trace_candidate_transactions_total", Help: "Transactions of blocks fetched with traces, traced or not."}, []string{"network"}),
		untracedTx: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "untraced_transactions_total", Help: "Transactions that needed a trace whose trace timed out twice; detection saw their top level only."}, []string{"network"}),
	}
	for _, c := range []prometheus.Collector{m.head, m.processed, m.headLag, m.blocks, m.reorgs, m.reorgDepth,
		m.gaps, m.requests, m.errors, m.latency, m.endpointUp, m.endpointHd, m.processTime, m.traced, m.txs, m.untracedTx} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register chain metrics: %w", err)
		}
	}
	return m, nil
}

func (m *Metrics) request(network, endpoint, op string, d time.Duration, kind string) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(network, endpoint, op).Inc()
	m.latency.WithLabelValues(network, endpoint, op).Observe(d.Seconds())
	if kind != "" {
		m.errors.WithLabelValues(network, endpoint, op, kind).Inc()
	}
}

func (m *Metrics) endpointStatus(network, endpoint string, up bool) {
	if m == nil {
		return
	}
	v := 0.0
	if up {
		v = 1
	}
	m.endpointUp.WithLabelValues(network, endpoint).Set(v)
}

func (m *Metrics) endpointHead(network, endpoint string, head uint64) {
	if m == nil {
		return
	}
	m.endpointHd.WithLabelValues(network, endpoint).Set(float64(head))
}

func (m *Metrics) observeHead(network string, head, processed uint64, haveProcessed bool) {
	if m == nil {
		return
	}
	m.head.WithLabelValues(network).Set(float64(head))
	if haveProcessed {
		lag := 0.0
		if head > processed {
			lag = float64(head - processed)
		}
		m.headLag.WithLabelValues(network).Set(lag)
	}
}

func (m *Metrics) blockProcessed(network string, number uint64, d time.Duration) {
	if m == nil {
		return
	}
	m.blocks.WithLabelValues(network).Inc()
	m.processed.WithLabelValues(network).Set(float64(number))
	m.processTime.WithLabelValues(network).Observe(d.Seconds())
}

func (m *Metrics) reorg(network string, depth uint64) {
	if m == nil {
		return
	}
	m.reorgs.WithLabelValues(network).Inc()
	m.reorgDepth.WithLabelValues(network).Observe(float64(depth))
}

// follow starts a network's counters at 0, so that a reorg or gap that
// never happened is a series at 0 (that alerts and dashboards can read)
// rather than no series at all.
func (m *Metrics) follow(network string) {
	if m == nil {
		return
	}
	m.reorgs.WithLabelValues(network)
	m.reorgDepth.WithLabelValues(network)
	m.gaps.WithLabelValues(network)
	m.blocks.WithLabelValues(network)
}

func (m *Metrics) gap(network string) {
	if m == nil {
		return
	}
	m.gaps.WithLabelValues(network).Inc()
}

func (m *Metrics) traceSelected(network string, traced, of int) {
	if m == nil {
		return
	}
	m.traced.WithLabelValues(network).Add(float64(traced))
	m.txs.WithLabelValues(network).Add(float64(of))
}

func (m *Metrics) untraced(network string, n int) {
	if m == nil {
		return
	}
	m.untracedTx.WithLabelValues(network).Add(float64(n))
}
