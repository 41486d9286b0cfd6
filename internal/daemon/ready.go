package daemon

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/promreg"
	"github.com/breakglass-dev/breakglass/internal/respond"
)

// readyTxs is how many containment transactions a payer must be able to
// pay for.
const readyTxs = 5

// readiness checks, at start and then every ReadyEvery, that each
// automatic containment action could be carried out now (the signer holds
// the role, the payer the funds), sets the metrics, and alarms the
// internal channels once per distinct problem.
type readiness struct {
	d       *Daemon
	ready   *prometheus.GaugeVec
	balance *prometheus.GaugeVec
}

func newReadiness(d *Daemon) (*readiness, error) {
	reg := promreg.New(d.reg, "containment")
	r := &readiness{
		d: d,
		ready: reg.GaugeVec("breakglass_containment_ready",
			"1 when the executor could carry out the automatic containment action now (simulated from its signer, payer funded), else 0.", "contract", "action", "executor"),
		balance: reg.GaugeVec("breakglass_containment_payer_balance_wei",
			"Native balance of the account that pays for containment transactions, in wei (as a float).", "executor", "payer"),
	}
	if err := reg.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// check runs one round and returns what it found.
func (r *readiness) check(ctx context.Context) []respond.Readiness {
	res := respond.CheckReady(ctx, r.d.cfg.Plan, r.d.app.Executors, readyTxs)
	var problems []respond.Readiness
	for _, x := range res {
		v := 1.0
		if !x.OK() {
			v = 0
			problems = append(problems, x)
			r.d.cfg.Log.Error("containment not ready", "contract", x.Contract, "action", x.Action, "executor", x.Executor, "problem", x.Problem)
		}
		r.ready.WithLabelValues(x.Contract, x.Action, x.Executor).Set(v)
		if x.Balance != nil {
			f, _ := new(big.Float).SetInt(x.Balance).Float64()
			r.balance.WithLabelValues(x.Executor, x.Payer.Hex()).Set(f)
		}
	}
	r.d.alarm(ctx, "containment readiness alarm", r.messages(problems))
	return res
}

// messages tells of each problem, once per problem (the outbox key is the
// problem's hash).
func (r *readiness) messages(problems []respond.Readiness) []notify.Message {
	var msgs []notify.Message
	for _, x := range problems {
		msgs = append(msgs, notify.Message{
			Key: problemKey("containment-not-ready", x.Contract, x.Action, x.Executor, x.Problem), Event: notify.ContainmentNotReady, Audience: notify.Internal,
			Severity: "critical",
			Title:    fmt.Sprintf("Containment not ready: %s %s through %s", x.Contract, x.Action, x.Executor),
			Body:     x.Problem + "\nCheck it with: breakglass action " + x.Action + " " + x.Contract + " --dry-run --plan " + r.d.cfg.Plan.Path,
			Time:     r.d.cfg.Now().UTC(),
		})
	}
	return msgs
}

// run checks at once, then every period, until ctx ends.
func (r *readiness) run(ctx context.Context, period time.Duration) error {
	return every(ctx, period, nil, func(ctx context.Context) { r.check(ctx) })
}
