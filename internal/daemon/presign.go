package daemon

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/promreg"
	"github.com/breakglass-dev/breakglass/internal/respond/presign"
)

// stockWatch checks, after every processed block and every ReadyEvery,
// that the pre-signed stock of each Safe executor is still valid (the
// Safe's nonce, owners and threshold as signed for), sets the metrics, and
// asks the internal channels to re-sign once per distinct problem.
type stockWatch struct {
	d        *Daemon
	valid    *prometheus.GaugeVec
	ready    *prometheus.GaugeVec
	problems *prometheus.GaugeVec
	kick     chan struct{}
}

func newStockWatch(d *Daemon) (*stockWatch, error) {
	r := promreg.New(d.reg, "presigned")
	w := &stockWatch{
		d: d,
		valid: r.GaugeVec("breakglass_presigned_valid",
			"Pre-signed Safe transactions at the Safe's current nonce or later with a threshold of valid signatures.", "executor"),
		ready: r.GaugeVec("breakglass_presigned_ready",
			"Pre-signed Safe transactions executable now (at the Safe's current nonce, signed).", "executor"),
		problems: r.GaugeVec("breakglass_presigned_problems",
			"Distinct problems of a Safe executor's pre-signed stock (owners or threshold changed, nonce moved past it, used up, unsigned); 0 when valid.", "executor"),
		kick: make(chan struct{}, 1),
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return w, nil
}

// Committed asks for a check after each processed block (without waiting).
func (w *stockWatch) Committed(pipeline.Batch, time.Duration) {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// hasSafe reports whether the plan has a Safe executor to watch.
func hasSafe(p *plan.Plan) bool {
	for _, e := range p.Executors {
		if e.Type == plan.ExecutorSafe {
			return true
		}
	}
	return false
}

// check runs one round and returns what it found.
func (w *stockWatch) check(ctx context.Context) []presign.Report {
	reports, err := presign.CheckAll(ctx, w.d.cfg.Plan, w.d.app.Executors, w.d.cfg.Store)
	if err != nil && ctx.Err() == nil {
		w.d.cfg.Log.Error("pre-signed stock check", "err", err)
	}
	var alarm []presign.Report
	for _, r := range reports {
		w.valid.WithLabelValues(r.Executor).Set(float64(r.Valid))
		w.ready.WithLabelValues(r.Executor).Set(float64(r.Ready))
		w.problems.WithLabelValues(r.Executor).Set(float64(len(r.Problems)))
		if !r.OK() {
			alarm = append(alarm, r)
			w.d.cfg.Log.Warn("pre-signed stock not valid", "executor", r.Executor, "problems", strings.Join(r.Problems, "; "))
		}
	}
	w.d.alarm(ctx, "pre-signed stock alarm", w.messages(alarm))
	return reports
}

// messages tells of each problem with a re-signing request, once per
// problem (the outbox key is the problem's hash).
func (w *stockWatch) messages(reports []presign.Report) []notify.Message {
	var msgs []notify.Message
	for _, r := range reports {
		for _, p := range r.Problems {
			msgs = append(msgs, notify.Message{
				Key: problemKey("presigned-invalid", r.Executor, p), Event: notify.PresignedInvalid, Audience: notify.Internal,
				Severity: "high",
				Title:    fmt.Sprintf("Pre-signed pause stock of %s needs re-signing", r.Executor),
				Body: fmt.Sprintf("%s\nSafe %s on %s is at nonce %d; %d pre-signed transaction(s) valid, %d ready now. Until it is re-signed, containment through %s waits for the owners' signatures.",
					p, r.Safe.Hex(), r.Network, r.Nonce, r.Valid, r.Ready, r.Executor),
				Fields: []notify.Field{{Name: "executor", Value: r.Executor}, {Name: "safe", Value: r.Safe.Hex()}, {Name: "safe nonce", Value: fmt.Sprint(r.Nonce)}},
				Time:   w.d.cfg.Now().UTC(),
			})
		}
	}
	return msgs
}

// run checks at once, after each processed block and every period, until
// ctx ends.
func (w *stockWatch) run(ctx context.Context, period time.Duration) error {
	return every(ctx, period, w.kick, func(ctx context.Context) { w.check(ctx) })
}
