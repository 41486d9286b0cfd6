package report

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// The response phases measured, in order. Detect runs from the exploit's
// block time to the first alert; the others from the first alert to the
// incident first reaching acknowledged, contained (the pause mined),
// recovered and resolved.
const (
	PhaseDetect      = "detect"
	PhaseAcknowledge = "acknowledge"
	PhaseContain     = "contain"
	PhaseRecover     = "recover"
	PhaseResolve     = "resolve"
)

// Phases lists the phases in order.
func Phases() []string {
	return []string{PhaseDetect, PhaseAcknowledge, PhaseContain, PhaseRecover, PhaseResolve}
}

// Metrics are one incident's response times; a phase not reached (or whose
// start is unknown) is absent.
type Metrics struct {
	Incident string                   `json:"incident"`
	Severity string                   `json:"severity"`
	OpenedAt time.Time                `json:"opened_at"`
	Times    map[string]time.Duration `json:"-"`
	// Seconds is Times in seconds, for JSON.
	Seconds map[string]float64 `json:"seconds"`
}

// Measure computes an incident's response times from its details (the
// times each status was first reached) and the exploit time (see
// PostMortem.ExploitTime).
func Measure(inc store.Incident) (Metrics, error) {
	d, err := incident.ReadDetails(inc)
	if err != nil {
		return Metrics{}, err
	}
	pm, err := ReadPostMortem(inc)
	if err != nil {
		return Metrics{}, err
	}
	as, err := Analyses(inc)
	if err != nil {
		return Metrics{}, err
	}
	return measure(inc, d, exploitTime(inc, pm, as)), nil
}

func measure(inc store.Incident, d incident.Details, exploit time.Time) Metrics {
	m := Metrics{Incident: inc.ID, Severity: inc.Severity, OpenedAt: inc.OpenedAt.UTC(), Times: map[string]time.Duration{}, Seconds: map[string]float64{}}
	alert := d.FirstAlertAt
	if alert.IsZero() {
		alert = inc.OpenedAt
	}
	set := func(phase string, from, to time.Time) {
		if from.IsZero() || to.IsZero() || to.Before(from) {
			return
		}
		m.Times[phase] = to.Sub(from)
		m.Seconds[phase] = to.Sub(from).Seconds()
	}
	set(PhaseDetect, exploit, alert)
	set(PhaseAcknowledge, alert, d.StatusAt[incident.Acknowledged])
	set(PhaseContain, alert, d.StatusAt[incident.Contained])
	set(PhaseRecover, alert, d.StatusAt[incident.Recovered])
	set(PhaseResolve, alert, d.StatusAt[incident.Resolved])
	return m
}

// Stat summarises one phase across incidents.
type Stat struct {
	Phase  string        `json:"phase"`
	Count  int           `json:"count"`
	Median time.Duration `json:"-"`
	P90    time.Duration `json:"-"`
	Sum    time.Duration `json:"-"`
	// MedianSeconds and P90Seconds are for JSON.
	MedianSeconds float64 `json:"median_seconds"`
	P90Seconds    float64 `json:"p90_seconds"`
}

// Summarize computes the count, median and 90th percentile of each phase.
func Summarize(ms []Metrics) []Stat {
	out := make([]Stat, 0, len(Phases()))
	for _, ph := range Phases() {
		var ds []time.Duration
		var sum time.Duration
		for _, m := range ms {
			if d, ok := m.Times[ph]; ok {
				ds = append(ds, d)
				sum += d
			}
		}
		s := Stat{Phase: ph, Count: len(ds), Sum: sum}
		if len(ds) > 0 {
			s.Median = Quantile(ds, 0.5)
			s.P90 = Quantile(ds, 0.9)
			s.MedianSeconds, s.P90Seconds = s.Median.Seconds(), s.P90.Seconds()
		}
		out = append(out, s)
	}
	return out
}

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of ds by linear
// interpolation between the closest ranks (the usual "type 7" estimator:
// the median of an even count is the mean of the two middle values). It
// returns 0 for no values.
func Quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	h := q * float64(len(s)-1)
	lo := int(math.Floor(h))
	hi := int(math.Ceil(h))
	if lo == hi {
		return s[lo]
	}
	frac := h - float64(lo)
	return s[lo] + time.Duration(math.Round(frac*float64(s[hi]-s[lo])))
}

// MeasureAll measures every incident opened at or after since (all when
// zero), oldest first.
func MeasureAll(ctx context.Context, r store.Reader, since time.Time) ([]Metrics, error) {
	incs, err := r.Incidents(ctx, store.IncidentFilter{})
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	var out []Metrics
	for _, inc := range incs {
		if !since.IsZero() && inc.OpenedAt.Before(since) {
			continue
		}
		m, err := Measure(inc)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Metrics) int { return a.OpenedAt.Compare(b.OpenedAt) })
	return out, nil
}

// Collector exports the response metrics to Prometheus:
// breakglass_incident_response_seconds, a summary per phase with the 0.5
// and 0.9 quantiles, and breakglass_incidents, a gauge of incidents per
// status and severity.
//
// It keeps every incident's measures and reads incrementally: the first
// scrape reads every incident, later ones only the incidents written since
// the previous read (store.IncidentFilter.UpdatedSince, on an index),
// reaching a little further back (overlap) for transactions that were
// still open then. Every fullEvery it reads everything again, which also
// forgets incidents no longer in the store. The store's clock and this
// process's must agree to within the overlap (as daemons sharing a database
// must anyway).
type Collector struct {
	r       store.Reader
	timeout time.Duration
	log     *slog.Logger
	resp    *prometheus.Desc
	count   *prometheus.Desc
	failed  *prometheus.Desc

	now       func() time.Time
	overlap   time.Duration
	fullEvery time.Duration

	mu     sync.Mutex // serialises scrapes
	cache  map[string]measured
	readAt time.Time // when the last successful read began
	fullAt time.Time // when the last full read began
	dirty  bool      // stats and counts need computing again
	stats  []Stat
	counts map[statusSeverity]int
}

// measured is what the collector keeps of one incident.
type measured struct {
	version  int64
	status   incident.Status
	severity string
	metrics  Metrics
	ok       bool // false when the incident could not be measured
}

type statusSeverity struct {
	status   incident.Status
	severity string
}

// Defaults of the collector's incremental reads.
const (
	collectorOverlap   = time.Minute
	collectorFullEvery = 10 * time.Minute
)

// NewCollector returns a collector reading r; each scrape reads for at
// most timeout (0: 5s). Register it on the daemon's registry.
func NewCollector(r store.Reader, timeout time.Duration, log *slog.Logger) *Collector {
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Collector{
		r: r, timeout: timeout, log: log,
		now: time.Now, overlap: collectorOverlap, fullEvery: collectorFullEvery,
		resp: prometheus.NewDesc("breakglass_incident_response_seconds",
			"Response times across incidents: detect (exploit block to first alert), acknowledge, contain (pause mined), recover, resolve (from the first alert).",
			[]string{"phase"}, nil),
		count: prometheus.NewDesc("breakglass_incidents", "Incidents by status and severity.", []string{"status", "severity"}, nil),
		failed: prometheus.NewDesc("breakglass_report_scrape_error",
			"1 if the last scrape could not read the incidents (the other values are then those of the last read).", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.resp
	ch <- c.count
	ch <- c.failed
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	if err := c.refresh(ctx); err != nil {
		c.log.Warn("response metrics: read incidents", "err", err)
		ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, 1)
		if c.cache == nil {
			return
		}
	} else {
		ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, 0)
	}
	if c.dirty {
		c.summarize()
	}
	for _, s := range c.stats {
		ch <- prometheus.MustNewConstSummary(c.resp, uint64(s.Count), s.Sum.Seconds(),
			map[float64]float64{0.5: s.MedianSeconds, 0.9: s.P90Seconds}, s.Phase)
	}
	for k, n := range c.counts {
		ch <- prometheus.MustNewConstMetric(c.count, prometheus.GaugeValue, float64(n), string(k.status), k.severity)
	}
}

// refresh reads the incidents written since the last read (all of them on
// the first read and every fullEvery) and measures the changed ones.
func (c *Collector) refresh(ctx context.Context) error {
	start := c.now()
	full := c.cache == nil || start.Sub(c.fullAt) >= c.fullEvery
	var f store.IncidentFilter
	if !full {
		f.UpdatedSince = c.readAt.Add(-c.overlap)
	}
	incs, err := c.r.Incidents(ctx, f)
	if err != nil {
		return err
	}
	if full {
		c.cache, c.fullAt, c.dirty = make(map[string]measured, len(incs)), start, true
	}
	c.readAt = start
	for _, inc := range incs {
		if old, ok := c.cache[inc.ID]; ok && old.version == inc.Version {
			continue // read again within the overlap, unchanged
		}
		m, err := Measure(inc)
		if err != nil {
			c.log.Warn("response metrics: skip incident", "incident", inc.ID, "err", err)
		}
		c.cache[inc.ID] = measured{version: inc.Version, status: inc.Status, severity: inc.Severity, metrics: m, ok: err == nil}
		c.dirty = true
	}
	return nil
}

// summarize computes the stats and counts from the cache.
func (c *Collector) summarize() {
	counts := map[statusSeverity]int{}
	ms := make([]Metrics, 0, len(c.cache))
	for _, m := range c.cache {
		counts[statusSeverity{m.status, m.severity}]++
		if m.ok {
			ms = append(ms, m.metrics)
		}
	}
	c.stats, c.counts, c.dirty = Summarize(ms), counts, false
}
