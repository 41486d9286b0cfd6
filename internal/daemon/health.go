package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/promreg"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/version"
)

// headSource is what the health check needs of a network's client.
type headSource interface {
	HeadNumber(ctx context.Context) (uint64, error)
}

// health watches breakglass itself, every HealthEvery: each network's head
// must move (no new head for heartbeat.stall_after × block_time is a
// stall, told to the internal channels once per stall), its processed
// block must trail the head by no more than heartbeat.max_lag, the store
// must answer, and the daemon's plan must be the plan in force (else it
// does not commit). A healthy cycle calls the plan's heartbeat URL (at
// most once per heartbeat.every), so that an outside service pages when
// the calls stop; /readyz serves the last cycle's verdict.
type health struct {
	d      *Daemon
	hb     plan.Heartbeat
	client *http.Client

	stalled  *prometheus.GaugeVec
	headAge  *prometheus.GaugeVec
	readyG   prometheus.Gauge
	pings    *prometheus.CounterVec
	lastPing prometheus.Gauge
	networks []*watched
	pingedAt time.Time
	// failedSince is when the current run of failed heartbeat calls began,
	// failures how many there are; told is whether the channels know.
	failedSince time.Time
	failures    int
	failTold    bool
	mu          sync.Mutex
	last        healthReport
	lastCheck   time.Time
}

// watched is one network under watch.
type watched struct {
	name          string
	src           headSource
	threshold     time.Duration
	confirmations uint64

	head      uint64
	movedAt   time.Time
	stalledAt uint64 // the head the network stalled at, while stalled
	stalled   bool
	told      bool // the stall reached the internal channels
}

// healthReport is one cycle's verdict, as /readyz serves it.
type healthReport struct {
	Ready    bool            `json:"ready"`
	Problems []string        `json:"problems,omitempty"`
	Networks []networkHealth `json:"networks"`
	Time     time.Time       `json:"time"`
}

// networkHealth is one network in a healthReport.
type networkHealth struct {
	Name      string  `json:"name"`
	Head      uint64  `json:"head"`
	Processed *uint64 `json:"processed,omitempty"`
	Lag       uint64  `json:"lag"`
	HeadAge   float64 `json:"head_age_seconds"`
	Stalled   bool    `json:"stalled"`
}

func newHealth(d *Daemon) (*health, error) {
	r := promreg.New(d.reg, "health")
	h := &health{
		d: d, hb: d.cfg.Plan.Heartbeat,
		client: &http.Client{Timeout: 10 * time.Second},
		stalled: r.GaugeVec("breakglass_head_stalled",
			"1 while no new head has been seen on the network for longer than heartbeat.stall_after × its block_time, else 0.", "network"),
		headAge: r.GaugeVec("breakglass_head_age_seconds",
			"Seconds since the network's head last moved, as seen by this daemon.", "network"),
		readyG: r.Gauge("breakglass_ready",
			"1 when the last health cycle was healthy (heads moving, lag within heartbeat.max_lag, store reachable), else 0."),
		pings: r.CounterVec("breakglass_heartbeat_pings_total",
			"Calls of the plan's heartbeat URL, by result (ok, failed).", "result"),
		lastPing: r.Gauge("breakglass_heartbeat_last_success_timestamp_seconds",
			"Unix time of the last heartbeat call that succeeded (0: none yet)."),
	}
	v := version.Get()
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "breakglass_build_info",
		Help:        "Always 1; the labels say which breakglass runs (see `breakglass version`).",
		ConstLabels: prometheus.Labels{"version": v.Version, "commit": v.Commit, "goversion": v.Go},
	})
	build.Set(1)
	r.Register(build)
	if err := r.Err(); err != nil {
		return nil, err
	}
	h.pings.WithLabelValues("ok")
	h.pings.WithLabelValues("failed")
	return h, nil
}

// watch adds a network; called before run.
func (h *health) watch(n plan.Network, src headSource) {
	bt := time.Duration(n.BlockTime)
	if bt <= 0 {
		bt = plan.DefaultBlockTime
	}
	after := h.hb.StallAfter
	if after == 0 {
		after = plan.DefaultStallAfter
	}
	h.networks = append(h.networks, &watched{name: n.Name, src: src, threshold: time.Duration(after) * bt, confirmations: n.Confirmations})
	h.stalled.WithLabelValues(n.Name).Set(0)
}

// run checks every period until ctx ends.
func (h *health) run(ctx context.Context, period time.Duration) error {
	if every := time.Duration(h.hb.Every); every > 0 && every < period {
		period = every
	}
	start := h.d.cfg.Now()
	for _, w := range h.networks {
		w.movedAt = start
	}
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		h.cycle(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// cycle runs one round of checks, tells stalls, and calls the heartbeat
// when healthy.
func (h *health) cycle(ctx context.Context) {
	now := h.d.cfg.Now()
	rep := healthReport{Ready: true, Time: now.UTC()}
	problem := func(format string, args ...any) {
		rep.Ready = false
		rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
	}
	for _, w := range h.networks {
		nh := networkHealth{Name: w.name}
		hctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		head, err := w.src.HeadNumber(hctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			problem("network %s: no head: %v", w.name, err)
		} else if head > w.head {
			w.head, w.movedAt = head, now
		}
		nh.Head = w.head
		age := now.Sub(w.movedAt)
		nh.HeadAge = age.Seconds()
		h.headAge.WithLabelValues(w.name).Set(age.Seconds())
		switch {
		case age > w.threshold && !w.stalled:
			w.stalled, w.told, w.stalledAt = true, false, w.head
			h.stalled.WithLabelValues(w.name).Set(1)
			h.d.cfg.Log.Error("network head stalled", "network", w.name, "head", w.head, "for", age.Round(time.Second), "threshold", w.threshold)
		case age <= w.threshold && w.stalled:
			w.stalled = false
			h.stalled.WithLabelValues(w.name).Set(0)
			h.d.cfg.Log.Info("network head moves again", "network", w.name, "head", w.head)
			if w.told {
				h.tell(ctx, w, false, age)
			}
		}
		if w.stalled {
			nh.Stalled = true
			problem("network %s: head stalled at block %d for %s (threshold %s)", w.name, w.head, age.Round(time.Second), w.threshold)
			if !w.told {
				w.told = h.tell(ctx, w, true, age)
			}
		}
		c, err := h.d.cfg.Store.Cursor(ctx, w.name)
		switch {
		case errors.Is(err, store.ErrNotFound):
			problem("network %s: no block processed yet", w.name)
		case err != nil:
			problem("store: %v", err)
		default:
			nh.Processed = &c.BlockNumber
			if target := w.head - min(w.head, w.confirmations); target > c.BlockNumber {
				nh.Lag = target - c.BlockNumber
			}
			if nh.Lag > h.hb.MaxLag {
				problem("network %s: processed block %d trails the head %d by %d blocks (max_lag %d)", w.name, c.BlockNumber, w.head, nh.Lag, h.hb.MaxLag)
			}
		}
		rep.Networks = append(rep.Networks, nh)
	}
	if cur, _ := h.d.plan.get(); !h.d.mine() {
		problem("plan %s is not the plan in force (%s, which a daemon sharing the store started with since): this daemon follows but neither commits blocks nor carries out the outbox; restart it with the plan in force", h.d.cfg.Plan.Hash, cur)
	}
	if rep.Ready {
		h.readyG.Set(1)
	} else {
		h.readyG.Set(0)
	}
	h.mu.Lock()
	h.last, h.lastCheck = rep, now
	h.mu.Unlock()
	if rep.Ready && !h.hb.URL.IsZero() && (h.pingedAt.IsZero() || now.Sub(h.pingedAt) >= time.Duration(h.hb.Every)) {
		h.ping(ctx, rep)
		h.pingedAt = now
	}
}

// tell enqueues the stall (or its end) for the internal channels, keyed by
// network and stalled head so that every daemon sharing the store tells it
// once. It reports whether the message is in the outbox.
func (h *health) tell(ctx context.Context, w *watched, stalled bool, age time.Duration) bool {
	msg := notify.Message{
		Key: fmt.Sprintf("head-stalled/%s/%d", w.name, w.stalledAt), Event: notify.HeadStalled, Audience: notify.Internal,
		Severity: "critical",
		Title:    fmt.Sprintf("Network %s: no new block for %s", w.name, age.Round(time.Second)),
		Body: fmt.Sprintf("The head of %s has stayed at block %d for %s (threshold %s). Nothing on this network is watched until it moves: check its RPC endpoints.",
			w.name, w.stalledAt, age.Round(time.Second), w.threshold),
		Time: h.d.cfg.Now().UTC(),
	}
	if !stalled {
		msg.Key = fmt.Sprintf("head-resumed/%s/%d", w.name, w.stalledAt)
		msg.Event, msg.Severity = notify.HeadResumed, ""
		msg.Title = fmt.Sprintf("Network %s: blocks again", w.name)
		msg.Body = fmt.Sprintf("The head of %s moved from block %d to %d.", w.name, w.stalledAt, w.head)
	}
	if err := h.d.tellInternal(ctx, msg); err != nil {
		if ctx.Err() == nil {
			h.d.cfg.Log.Error("tell the internal channels of a head stall", "network", w.name, "err", err)
		}
		return false
	}
	return true
}

// heartbeatFailures is how many calls of the heartbeat URL in a row must
// fail before the internal channels are told.
const heartbeatFailures = 3

// ping calls the heartbeat URL. Its errors never show the URL, which may
// hold a token.
func (h *health) ping(ctx context.Context, rep healthReport) {
	err := h.call(ctx, rep)
	if ctx.Err() != nil {
		return
	}
	if err == nil {
		h.pings.WithLabelValues("ok").Inc()
		h.lastPing.Set(float64(h.d.cfg.Now().Unix()))
		h.failures, h.failedSince, h.failTold = 0, time.Time{}, false
		return
	}
	h.pings.WithLabelValues("failed").Inc()
	h.d.cfg.Log.Warn("heartbeat call failed", "url", h.hb.URL.String(), "err", err)
	if h.failures == 0 {
		h.failedSince = h.d.cfg.Now()
	}
	h.failures++
	if h.failures >= heartbeatFailures && !h.failTold {
		h.failTold = h.tellHeartbeat(ctx, err)
	}
}

// call makes one heartbeat call; a status other than 2xx is an error.
func (h *health) call(ctx context.Context, rep healthReport) error {
	u, err := h.hb.URL.Resolve()
	if err != nil {
		return err
	}
	var body []byte
	if h.hb.Method == plan.HeartbeatPost {
		body, _ = json.Marshal(rep)
	}
	method := h.hb.Method
	if method == "" {
		method = plan.HeartbeatGet
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return errors.New("the heartbeat URL is not a URL")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "breakglass")
	resp, err := h.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP status %d", resp.StatusCode)
	}
	return nil
}

// tellHeartbeat tells the internal channels that the dead-man's switch is
// not reached, once per run of failures. It reports whether the message
// is in the outbox.
func (h *health) tellHeartbeat(ctx context.Context, cause error) bool {
	msg := notify.Message{
		Key: fmt.Sprintf("heartbeat-failed/%d", h.failedSince.Unix()), Event: notify.HeartbeatFailed, Audience: notify.Internal,
		Severity: "high",
		Title:    fmt.Sprintf("Heartbeat not delivered: %d calls in a row failed", h.failures),
		Body: fmt.Sprintf("The calls to the plan's heartbeat.url fail since %s: %v. The outside service watching breakglass hears nothing and will page; check the URL and the way out to it.",
			h.failedSince.UTC().Format(time.RFC3339), cause),
		Time: h.d.cfg.Now().UTC(),
	}
	if err := h.d.tellInternal(ctx, msg); err != nil {
		h.d.cfg.Log.Error("tell the internal channels of a failing heartbeat", "err", err)
		return false
	}
	return true
}

// serveReady is /readyz: 200 with the last cycle's report when it was
// healthy and recent, else 503 with the reasons.
func (h *health) serveReady(w http.ResponseWriter, _ *http.Request) {
	h.mu.Lock()
	rep, at := h.last, h.lastCheck
	h.mu.Unlock()
	status := http.StatusOK
	switch {
	case at.IsZero():
		rep = healthReport{Problems: []string{"starting: no health check has run yet"}}
		status = http.StatusServiceUnavailable
	case h.d.cfg.Now().Sub(at) > 3*h.d.cfg.HealthEvery+30*time.Second:
		rep.Ready = false
		rep.Problems = append(rep.Problems, fmt.Sprintf("the last health check ran at %s", at.UTC().Format(time.RFC3339)))
		status = http.StatusServiceUnavailable
	case !rep.Ready:
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := json.MarshalIndent(rep, "", "  ")
	w.Write(append(b, '\n'))
}
