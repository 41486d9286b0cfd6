package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/presign"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// liveTxs is how many containment transactions a payer must be able to
// pay for (as the daemon's readiness check asks).
const liveTxs = 5

// liveCheck is the plan's readiness on the chain now (plan check --live).
type liveCheck struct {
	// Ready is true when every containment action is ready and every
	// pre-signed stock is valid.
	Ready   bool         `json:"ready"`
	Actions []liveAction `json:"actions"`
	// Presigned is the stock of each Safe executor, checked (nil without
	// --db).
	Presigned []presign.Report `json:"presigned"`
	Drill     liveDrill        `json:"drill"`
	// Problems are checks that could not run (the stock unreadable).
	Problems []string `json:"problems,omitempty"`
}

// liveAction is one containment action's readiness.
type liveAction struct {
	respond.Readiness
	// Presigned is set for an action carried out by a Safe executor.
	Presigned *liveStock `json:"presigned,omitempty"`
}

// liveStock is the pre-signed stock of one action.
type liveStock struct {
	// Checked is false without --db.
	Checked bool `json:"checked"`
	// Valid counts its pre-signed transactions with a threshold of valid
	// signatures at the Safe's current nonce or later; Ready those at the
	// current nonce.
	Valid int `json:"valid"`
	Ready int `json:"ready"`
	// Problems are the executor's stock problems.
	Problems []string `json:"problems,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// liveDrill says when the last drill ran and what it found.
type liveDrill struct {
	Recorded bool   `json:"recorded"`
	Message  string `json:"message"`
	// The last drill (when Recorded): when it finished, the plan version
	// it tested (Current: this plan's), and its counts.
	At        time.Time `json:"at,omitzero"`
	PlanHash  string    `json:"plan_hash,omitempty"`
	Current   bool      `json:"current,omitempty"`
	Effects   int       `json:"effects,omitempty"`
	Detected  int       `json:"detected,omitempty"`
	Contained int       `json:"contained,omitempty"`
	// FalseAlarms are the alerts of its benign replay.
	FalseAlarms int `json:"false_alarms,omitempty"`
}

// lastDrill reads the last recorded drill of the plan's networks.
func lastDrill(ctx context.Context, st store.Store, p *plan.Plan, now time.Time) liveDrill {
	if st == nil {
		return liveDrill{Message: "not checked: give --db to read the last drill"}
	}
	ds, err := st.Drills(ctx, 0)
	if err != nil {
		return liveDrill{Message: "not read: " + err.Error()}
	}
	for _, d := range ds {
		if p.Network(d.Network) == nil {
			continue
		}
		ld := liveDrill{Recorded: true, At: d.FinishedAt, PlanHash: d.PlanHash, Current: d.PlanHash == p.Hash, Effects: d.Effects,
			Detected: d.Detected, Contained: d.Contained, FalseAlarms: d.FalseAlarms}
		ld.Message = fmt.Sprintf("last drill %s (%s ago) on %s at block %d of %s: %s", d.FinishedAt.UTC().Format(time.RFC3339),
			now.Sub(d.FinishedAt).Round(time.Minute), d.Network, d.ForkBlock, d.Upstream, d.Summary)
		if ld.Current {
			ld.Message += "; this plan version"
		} else {
			ld.Message += "; an earlier plan version (" + shortHash(d.PlanHash) + "): drill again (breakglass drill)"
		}
		return ld
	}
	return liveDrill{Message: "no drill recorded (breakglass drill --plan FILE)"}
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// checkLive checks the plan of planPath on the chain, reading the
// pre-signed stock from dsn when given.
func checkLive(ctx context.Context, e *env, planPath, dsn string) (*liveCheck, error) {
	mode := noDB
	if dsn != "" {
		mode = existingDB
	}
	a, closeFn, err := openApp(ctx, e, planPath, dsn, mode)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	lc := &liveCheck{Ready: true, Actions: []liveAction{}, Drill: lastDrill(ctx, a.Store, a.Plan, time.Now())}
	stock := map[string]presign.Report{}
	if a.Store != nil {
		reports, err := presign.CheckAll(ctx, a.Plan, a.Executors, a.Store)
		if err != nil {
			lc.Ready = false
			lc.Problems = append(lc.Problems, "pre-signed stock not checked: "+err.Error())
		}
		lc.Presigned = reports
		for _, r := range reports {
			stock[r.Executor] = r
			if !r.OK() {
				lc.Ready = false
			}
		}
	}
	for _, r := range respond.CheckActions(ctx, a.Plan, a.Executors, liveTxs, respond.ContainmentActions(a.Plan)) {
		la := liveAction{Readiness: r}
		if !r.OK() {
			lc.Ready = false
		}
		if pe := a.Plan.Executor(r.Executor); pe != nil && pe.Type == plan.ExecutorSafe {
			la.Presigned = actionStock(a.Store != nil, stock, r)
		}
		lc.Actions = append(lc.Actions, la)
	}
	return lc, nil
}

// actionStock is the part of its executor's stock that carries out r.
func actionStock(checked bool, stock map[string]presign.Report, r respond.Readiness) *liveStock {
	if !checked {
		return &liveStock{Note: "not checked: give --db to read the pre-signed stock"}
	}
	rep, ok := stock[r.Executor]
	if !ok {
		return &liveStock{Checked: true, Note: "none prepared (breakglass presign --executor " + r.Executor + ")"}
	}
	s := &liveStock{Checked: true, Problems: rep.Problems}
	for _, x := range rep.Entries {
		if x.Contract != r.Contract || x.Action != r.Action {
			continue
		}
		switch x.State {
		case presign.StateReady:
			s.Ready++
			s.Valid++
		case presign.StateQueued:
			s.Valid++
		}
	}
	return s
}

// write prints the live check as text.
func (lc *liveCheck) write(w io.Writer) {
	fmt.Fprintf(w, "live: %d containment action(s) checked on the chain\n", len(lc.Actions))
	for _, a := range lc.Actions {
		head := fmt.Sprintf("  %s.%s", a.Contract, a.Action)
		if a.Executor != "" {
			head += fmt.Sprintf(" through %s (from %s)", a.Executor, a.From.Hex())
		}
		if !a.OK() {
			fmt.Fprintf(w, "%s: NOT READY: %s\n", head, a.Problem)
		} else {
			detail := "simulation passes"
			if a.Balance != nil {
				detail += fmt.Sprintf("; payer %s holds %s wei (needs %s)", a.Payer.Hex(), a.Balance, a.Needed)
			}
			fmt.Fprintf(w, "%s: ready: %s\n", head, detail)
		}
		if s := a.Presigned; s != nil {
			switch {
			case s.Note != "":
				fmt.Fprintf(w, "    pre-signed: %s\n", s.Note)
			default:
				fmt.Fprintf(w, "    pre-signed: %d valid, %d ready now\n", s.Valid, s.Ready)
			}
			for _, p := range s.Problems {
				fmt.Fprintf(w, "    pre-signed problem: %s\n", p)
			}
		}
	}
	for _, p := range lc.Problems {
		fmt.Fprintf(w, "  problem: %s\n", p)
	}
	fmt.Fprintf(w, "drill: %s\n", lc.Drill.Message)
	if lc.Ready {
		fmt.Fprintln(w, "live: ready")
	} else {
		var not []string
		for _, a := range lc.Actions {
			if !a.OK() {
				not = append(not, a.Contract+"."+a.Action)
			}
		}
		if len(not) > 0 {
			fmt.Fprintf(w, "live: NOT READY: %s\n", strings.Join(not, ", "))
		} else {
			fmt.Fprintln(w, "live: NOT READY: the pre-signed stock is not valid or not checked")
		}
	}
}
