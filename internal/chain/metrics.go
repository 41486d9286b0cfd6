package chain

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/promreg"
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
	elsewhere   *prometheus.CounterVec
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
	r := promreg.New(reg, "chain")
	m := &Metrics{
		head:      r.GaugeVec("breakglass_chain_head_block", "Highest head block number seen on the network.", "network"),
		processed: r.GaugeVec("breakglass_chain_processed_block", "Number of the last processed block (the cursor).", "network"),
		headLag:   r.GaugeVec("breakglass_chain_head_lag_blocks", "Head block number minus the last processed block number.", "network"),
		blocks:    r.CounterVec("breakglass_chain_blocks_processed_total", "Blocks handed to the sink and committed by this daemon.", "network"),
		elsewhere: r.CounterVec("breakglass_chain_blocks_committed_elsewhere_total", "Blocks this daemon fetched and evaluated but another daemon sharing the store committed first (this one is its hot standby).", "network"),
		reorgs:    r.CounterVec("breakglass_chain_reorgs_total", "Reorgs detected by parent hash.", "network"),
		reorgDepth: r.HistogramVec("breakglass_chain_reorg_depth_blocks", "Blocks rewound per reorg.",
			[]float64{1, 2, 3, 5, 8, 13, 21, 34, 64}, "network"),
		gaps:     r.CounterVec("breakglass_chain_gaps_total", "Times a block was about to be processed out of sequence (refused). Must stay 0.", "network"),
		requests: r.CounterVec("breakglass_chain_rpc_requests_total", "RPC requests sent, per endpoint and operation.", "network", "endpoint", "op"),
		errors:   r.CounterVec("breakglass_chain_rpc_errors_total", "RPC requests that failed, per endpoint, operation and kind of failure.", "network", "endpoint", "op", "kind"),
		latency: r.HistogramVec("breakglass_chain_rpc_request_duration_seconds", "RPC request latency, per endpoint and operation.",
			prometheus.ExponentialBuckets(0.0005, 2, 16), "network", "endpoint", "op"),
		endpointUp: r.GaugeVec("breakglass_chain_endpoint_up", "1 when the endpoint's last request succeeded, 0 when it is set aside.", "network", "endpoint"),
		endpointHd: r.GaugeVec("breakglass_chain_endpoint_head_block", "Head block number the endpoint last reported.", "network", "endpoint"),
		processTime: r.HistogramVec("breakglass_chain_block_process_duration_seconds", "Time the sink took to process and store one block.",
			prometheus.ExponentialBuckets(0.0001, 2, 16), "network"),
		traced:     r.CounterVec("breakglass_chain_traced_transactions_total", "Transactions traced because they touch a watched contract (or the block moved its native balance unexplained).", "network"),
		txs:        r.CounterVec("breakglass_chain_trace_candidate_transactions_total", "Transactions of blocks fetched with traces, traced or not.", "network"),
		untracedTx: r.CounterVec("breakglass_chain_untraced_transactions_total", "Transactions that needed a trace whose trace timed out twice; detection saw their top level only.", "network"),
	}
	if err := r.Err(); err != nil {
		return nil, err
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
	m.elsewhere.WithLabelValues(network)
}

func (m *Metrics) committedElsewhere(network string) {
	if m == nil {
		return
	}
	m.elsewhere.WithLabelValues(network).Inc()
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
