package drill

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Report is a drill's outcome, written as drill.json and drill.md.
type Report struct {
	// Plan is the plan file; PlanHash its version.
	Plan     string `json:"plan"`
	PlanHash string `json:"plan_hash"`
	Network  string `json:"network"`
	ChainID  uint64 `json:"chain_id"`
	// Upstream is the node forked (scheme://host); Devnet is true when it
	// was the embedded devnet.
	Upstream  string    `json:"upstream"`
	Devnet    bool      `json:"devnet"`
	ForkBlock uint64    `json:"fork_block"`
	Notify    string    `json:"notifications"`
	Started   time.Time `json:"started"`
	Finished  time.Time `json:"finished"`
	// Effects are the effects played (or skipped, with why).
	Effects []EffectResult `json:"effects"`
	// Benign is the benign replay (nil when not asked).
	Benign *Benign `json:"benign,omitempty"`
	// Played, Detected and Contained count the effects.
	// Notes say where the drill differs from the live plan.
	Notes     []string `json:"notes,omitempty"`
	Played    int      `json:"played"`
	Detected  int      `json:"detected"`
	Contained int      `json:"contained"`
	Summary   string   `json:"summary"`
}

// EffectResult is one effect's outcome. Times are seconds from the
// effect's block mined on the fork: to the first alert stored (detect), the
// first notification received (page), and the daemon processing the block
// of the last containment transaction (contain).
type EffectResult struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Contract string `json:"contract"`
	Token    string `json:"token,omitempty"`
	// What the effect did.
	What    string   `json:"what,omitempty"`
	Skipped string   `json:"skipped,omitempty"`
	Error   string   `json:"error,omitempty"`
	Block   uint64   `json:"block,omitempty"`
	Txs     []string `json:"txs,omitempty"`
	// Detected is true when the plan raised an alert in the effect's block.
	Detected  bool             `json:"detected"`
	Detectors []string         `json:"detectors,omitempty"`
	Alerts    int              `json:"alerts,omitempty"`
	Incidents []IncidentResult `json:"incidents,omitempty"`
	// Notifications delivered about its incidents, and their events.
	Notifications int      `json:"notifications"`
	Events        []string `json:"events,omitempty"`
	// Approvals the drill gave (as the on-call people) to proposed steps.
	Approvals []string       `json:"approvals,omitempty"`
	Actions   []ActionResult `json:"actions,omitempty"`
	// Contained is true when every containment step was mined and its
	// contract reads paused.
	Contained  bool    `json:"contained"`
	DetectSec  float64 `json:"detect_seconds,omitempty"`
	PageSec    float64 `json:"page_seconds,omitempty"`
	ContainSec float64 `json:"contain_seconds,omitempty"`
	// Problem says what failed (not detected, not contained and why).
	Problem string `json:"problem,omitempty"`
}

// IncidentResult is an incident an effect opened.
type IncidentResult struct {
	ID       string   `json:"id"`
	Severity string   `json:"severity"`
	Title    string   `json:"title"`
	Paged    []string `json:"paged,omitempty"`
}

// ActionResult is one containment step carried out on the fork by the
// plan's executor.
type ActionResult struct {
	ID       int64          `json:"id"`
	Contract string         `json:"contract"`
	Action   string         `json:"action"`
	Executor string         `json:"executor"`
	Status   respond.Status `json:"status"`
	Tx       string         `json:"tx,omitempty"`
	Block    uint64         `json:"block,omitempty"`
	Reverted bool           `json:"reverted,omitempty"`
	// Paused is the contract's paused() after the step (nil: no such view).
	Paused *bool `json:"paused,omitempty"`
	// AsExecutor is true when the drill made the call as the executor's
	// address (a Safe short of owner keys here); Note says so.
	AsExecutor bool   `json:"as_executor,omitempty"`
	Error      string `json:"error,omitempty"`
	Note       string `json:"note,omitempty"`
	// Steps are the step's entries on its incident's timeline ("noop: vault
	// is already paused: nothing to do"), in order: why it ended as it did.
	Steps []string `json:"steps,omitempty"`
}

// Benign is the benign replay: the plan's detectors on the last real
// blocks.
type Benign struct {
	Method    string   `json:"method"`
	From      uint64   `json:"from"`
	To        uint64   `json:"to"`
	Alerts    int      `json:"false_alarms"`
	Detectors []string `json:"detectors,omitempty"`
	Error     string   `json:"error,omitempty"`
}

// OK reports whether every effect played was detected and contained.
func (r *Report) OK() bool {
	return r.Played > 0 && r.Detected == r.Played && r.Contained == r.Played
}

func (r *Report) summarize() {
	r.Played, r.Detected, r.Contained = 0, 0, 0
	for _, e := range r.Effects {
		if e.Skipped != "" {
			continue
		}
		r.Played++
		if e.Detected {
			r.Detected++
		}
		if e.Contained {
			r.Contained++
		}
	}
	r.Summary = fmt.Sprintf("%d effect(s) played: %d detected, %d contained", r.Played, r.Detected, r.Contained)
	as := 0
	for _, e := range r.Effects {
		for _, a := range e.Actions {
			if a.AsExecutor {
				as++
				break
			}
		}
	}
	if as > 0 {
		r.Summary += fmt.Sprintf(" (%d by the drill acting as the executor, whose keys are not here)", as)
	}
	if r.Benign != nil && r.Benign.Error == "" {
		r.Summary += fmt.Sprintf("; %d false alarm(s) in %d benign block(s)", r.Benign.Alerts, r.Benign.To-r.Benign.From+1)
	}
}

// Record is the report as the store's drill record.
func (r *Report) Record() (store.Drill, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return store.Drill{}, err
	}
	d := store.Drill{Network: r.Network, PlanHash: r.PlanHash, Upstream: r.Upstream, ForkBlock: r.ForkBlock,
		Effects: r.Played, Detected: r.Detected, Contained: r.Contained, Summary: r.Summary, Report: b,
		StartedAt: r.Started, FinishedAt: r.Finished}
	if r.Benign != nil {
		d.FalseAlarms = r.Benign.Alerts
	}
	return d, nil
}

// Write writes drill.json and drill.md in dir.
func (r *Report) Write(dir string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "drill.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "drill.md"), []byte(r.Markdown()), 0o644)
}

func dur(s float64) string {
	if s == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f s", s)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

// Markdown renders the report for people.
func (r *Report) Markdown() string {
	var w strings.Builder
	fmt.Fprintf(&w, "# Drill report: %s\n\n", r.Network)
	fmt.Fprintf(&w, "- Plan: `%s` (version `%s`)\n", r.Plan, r.PlanHash)
	src := r.Upstream
	if r.Devnet {
		src += " (the embedded devnet)"
	}
	fmt.Fprintf(&w, "- Fork: %s, chain %d, at block %d, on anvil\n", src, r.ChainID, r.ForkBlock)
	fmt.Fprintf(&w, "- Notifications: %s\n", r.Notify)
	fmt.Fprintf(&w, "- Ran: %s → %s\n", r.Started.Format(time.RFC3339), r.Finished.Format(time.RFC3339))
	fmt.Fprintf(&w, "- **%s**\n", r.Summary)
	for _, n := range r.Notes {
		fmt.Fprintf(&w, "- Note: %s\n", n)
	}
	fmt.Fprintln(&w)
	fmt.Fprintf(&w, "Each effect runs on a fresh fork with a fresh daemon and database. Times run from the effect's block mined: "+
		"detect = first alert stored, page = first notification received, contain = the daemon saw the pause mined. "+
		"Each effect is a fresh key's signed transaction made as the account it needs (the contract, its owner, admin or minter): "+
		"for that one block the account's code is a forwarder (anvil_setCode) that makes the call for that key and delegates every other call to the account's own code.\n\n"+
		"A step waiting for approval is approved at once by the drill, as the on-call person would: no human delay is counted.\n\n")
	fmt.Fprintf(&w, "| effect | detected | by | incident | paged | contained | detect | page | contain |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, e := range r.Effects {
		if e.Skipped != "" {
			fmt.Fprintf(&w, "| %s | skipped: %s | | | | | | | |\n", e.Name, e.Skipped)
			continue
		}
		if e.Error != "" {
			fmt.Fprintf(&w, "| %s | error: %s | | | | | | | |\n", e.Name, e.Error)
			continue
		}
		var incs, paged []string
		for _, i := range e.Incidents {
			incs = append(incs, i.ID+" ["+i.Severity+"]")
			paged = append(paged, i.Paged...)
		}
		fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", e.Name, yes(e.Detected), strings.Join(e.Detectors, ", "),
			strings.Join(incs, ", "), strings.Join(paged, ", "), yes(e.Contained), dur(e.DetectSec), dur(e.PageSec), dur(e.ContainSec))
	}
	for _, e := range r.Effects {
		if e.Skipped != "" {
			continue
		}
		fmt.Fprintf(&w, "\n## %s\n\n", e.Name)
		if e.What != "" {
			fmt.Fprintf(&w, "- Effect: %s", e.What)
			if e.Block > 0 {
				fmt.Fprintf(&w, ", block %d", e.Block)
			}
			fmt.Fprintln(&w)
		}
		if e.Error != "" {
			fmt.Fprintf(&w, "- Error: %s\n", e.Error)
			continue
		}
		fmt.Fprintf(&w, "- Detected: %s", yes(e.Detected))
		if e.Detected {
			fmt.Fprintf(&w, " by %s (%d alert(s))", strings.Join(e.Detectors, ", "), e.Alerts)
		}
		fmt.Fprintln(&w)
		for _, i := range e.Incidents {
			fmt.Fprintf(&w, "- Incident %s [%s]: %s; paged %s\n", i.ID, i.Severity, i.Title, strings.Join(i.Paged, ", "))
		}
		if e.Notifications > 0 {
			fmt.Fprintf(&w, "- Notifications: %d (%s)\n", e.Notifications, strings.Join(e.Events, ", "))
		}
		for _, a := range e.Approvals {
			fmt.Fprintf(&w, "- Approval: %s\n", a)
		}
		for _, a := range e.Actions {
			fmt.Fprintf(&w, "- Containment: %s.%s by executor %s: %s", a.Contract, a.Action, a.Executor, a.Status)
			if a.Tx != "" {
				fmt.Fprintf(&w, ", tx %s in block %d", a.Tx, a.Block)
			}
			if a.Paused != nil {
				fmt.Fprintf(&w, ", paused() = %v", *a.Paused)
			}
			if a.Note != "" {
				fmt.Fprintf(&w, " (%s)", a.Note)
			}
			if a.Error != "" {
				fmt.Fprintf(&w, "; error: %s", a.Error)
			}
			fmt.Fprintln(&w)
		}
		fmt.Fprintf(&w, "- Contained: %s · detect %s · page %s · contain %s\n", yes(e.Contained), dur(e.DetectSec), dur(e.PageSec), dur(e.ContainSec))
		if e.Problem != "" {
			fmt.Fprintf(&w, "- Problem: %s\n", e.Problem)
		}
	}
	if b := r.Benign; b != nil {
		fmt.Fprintf(&w, "\n## Benign replay\n\n- Method: %s\n", b.Method)
		if b.Error != "" {
			fmt.Fprintf(&w, "- Error: %s\n", b.Error)
		} else {
			fmt.Fprintf(&w, "- Blocks %d–%d: %d false alarm(s)", b.From, b.To, b.Alerts)
			if len(b.Detectors) > 0 {
				fmt.Fprintf(&w, " by %s", strings.Join(b.Detectors, ", "))
			}
			fmt.Fprintln(&w)
		}
	}
	return w.String()
}
