package demo

import (
	"fmt"
	"io"
	"math/big"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/guard"
)

// ui prints one line per step with the block number and the elapsed time,
// a progress indicator while waiting (on a terminal only), and the summary.
type ui struct {
	w     io.Writer
	term  bool
	start time.Time
}

func newUI(w io.Writer, term bool, start time.Time) *ui { return &ui{w: w, term: term, start: start} }

const (
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
	green = "\x1b[32m"
	red   = "\x1b[31m"
	cyan  = "\x1b[36m"
	reset = "\x1b[0m"
)

func (u *ui) color(c, s string) string {
	if !u.term {
		return s
	}
	return c + s + reset
}

func (u *ui) title(s string) {
	fmt.Fprintln(u.w, u.color(bold, s))
}

// step prints "[  +1.2s] block   57  what  detail".
func (u *ui) step(block uint64, what, detail string) {
	b := "          "
	if block > 0 {
		b = fmt.Sprintf("block %4d", block)
	}
	el := time.Since(u.start).Seconds()
	fmt.Fprintf(u.w, "%s %s  %s  %s\n", u.color(dim, fmt.Sprintf("[%+7.2fs]", el)), u.color(cyan, b), u.color(bold, fmt.Sprintf("%-24s", what)), detail)
}

func (u *ui) fail(what, detail string) {
	fmt.Fprintf(u.w, "%s %s  %s\n", u.color(dim, fmt.Sprintf("[%+7.2fs]", time.Since(u.start).Seconds())), u.color(red, "FAILED"), what+": "+detail)
}

// wait polls cond until it holds or timeout passes, spinning on a terminal.
func (u *ui) wait(what string, cond func() bool, timeout time.Duration) bool {
	frames := []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}
	deadline := time.Now().Add(timeout)
	for i := 0; ; i++ {
		if cond() {
			if u.term {
				fmt.Fprint(u.w, "\r\x1b[K")
			}
			return true
		}
		if time.Now().After(deadline) {
			if u.term {
				fmt.Fprint(u.w, "\r\x1b[K")
			}
			return false
		}
		if u.term {
			fmt.Fprintf(u.w, "\r\x1b[K%s %s…", frames[i%len(frames)], what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Summary prints the closing table of the results.
func Summary(w io.Writer, term bool, results []Result) {
	u := &ui{w: w, term: term}
	for _, r := range results {
		fmt.Fprintln(w)
		verdict := u.color(green, "OK: exploit detected, pool paused")
		if r.Prevented {
			verdict = u.color(green, "OK: exploit prevented — seen pending, pause mined ahead of it in its block, exploit reverted, nothing lost")
		}
		if r.Failure != "" {
			verdict = u.color(red, "FAILED: "+r.Failure)
		}
		fmt.Fprintf(w, "%s  %s\n", u.color(bold, "Summary: "+r.Scenario), verdict)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		row := func(k, v string) { fmt.Fprintf(tw, "  %s\t%s\n", k, v) }
		row("incident", fmt.Sprintf("%s (%s)", r.IncidentID, r.Status))
		row("exploit", fmt.Sprintf("block %d, tx %s", r.ExploitBlock, r.ExploitTx.Hex()))
		from := "block arrival"
		if r.PreExecution {
			from = "exploit seen pending"
		}
		if r.Detected {
			row("time to detect", fmt.Sprintf("%d block(s), %s (%s → alert stored)", r.AlertBlock-r.ExploitBlock, r.TimeToDetect.Round(time.Millisecond), from))
		}
		if r.Paused {
			row("time to contain", fmt.Sprintf("%d block(s), %s (%s → pause mined)", r.PauseBlock-r.ExploitBlock, r.TimeToContain.Round(time.Millisecond), from))
			row("pause", fmt.Sprintf("block %d, tx %s", r.PauseBlock, r.PauseTx.Hex()))
		}
		row("loss", formatLoss(r.Loss, r.Assets))
		if r.Prevented && len(r.Protected) > 0 {
			var vs []string
			for _, v := range r.Protected {
				vs = append(vs, guard.FormatValue(v))
			}
			row("value protected", strings.Join(vs, ", ")+" (what the exploit would have taken)")
		}
		row("funds saved", formatLoss(r.Saved, r.Assets)+" (still in the paused pool)")
		if r.Root != (common.Hash{}) {
			row("compensation root", r.Root.Hex())
		}
		row("notifications", fmt.Sprintf("%d delivered", r.Deliveries))
		row("took", r.Elapsed.Round(10*time.Millisecond).String())
		tw.Flush()
		if len(r.Artifacts) > 0 {
			fmt.Fprintln(w, "  artifacts:")
			for _, a := range r.Artifacts {
				fmt.Fprintf(w, "    %s\n", a)
			}
		}
	}
}

// formatLoss writes amounts per asset as "12.5 ETH, 500000 dUSD", exact
// to the wei (trailing zeros trimmed), naming assets by names.
func formatLoss(m map[common.Address]*big.Int, names map[common.Address]string) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for tok, v := range m {
		name := names[tok]
		if name == "" {
			name = tok.Hex()
		}
		parts = append(parts, scale18(v)+" "+name)
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// scale18 writes v / 1e18 exactly.
func scale18(v *big.Int) string {
	s := new(big.Int).Abs(v).String()
	for len(s) < 19 {
		s = "0" + s
	}
	i, f := s[:len(s)-18], strings.TrimRight(s[len(s)-18:], "0")
	if v.Sign() < 0 {
		i = "-" + i
	}
	if f == "" {
		return i
	}
	return i + "." + f
}
