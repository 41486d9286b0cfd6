// Package tune suggests the thresholds of a plan's detectors (the numbers
// their conditions compare with, a heuristic's min_outflow, a balance
// detector's drop) from the history of a range of blocks: it replays the
// range once with every threshold probed (detect.WithProbe: the detectors match whatever their
// thresholds say, and the compared quantities are recorded), takes a
// percentile of each quantity's distribution, keeps labelled attacks
// firing and labelled legitimate transactions quiet where it can, writes
// the suggestions into the plan's text (plan.Editor) and replays the range
// again under the current and the suggested plan to count their alerts.
// The three replays share one fetch of each block, its traces and its
// state reads (pipeline.BacktestCache, within Config.CacheBytes).
package tune

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Defaults of Config.
const (
	DefaultPercentile = 99.9
	DefaultMargin     = 1.2
	DefaultMinSamples = 10
	// DefaultCacheBytes is the memory the replays share their fetches in
	// (estimated; see pipeline.BacktestCache).
	DefaultCacheBytes = 512 << 20
)

// Config is what to tune.
type Config struct {
	// Plan is the loaded plan; its Source is the text that is edited.
	Plan    *plan.Plan
	Network string
	// From and To are the blocks replayed, inclusive.
	From, To uint64
	// Detectors limits the tuning to these detectors (default: every one
	// with a threshold on the network).
	Detectors []string
	// Percentile (0, 100] of the quantities matched apart from the
	// threshold, and Margin (>= 1) past it: the suggestion.
	Percentile, Margin float64
	// MinSamples is the fewest matches a suggestion is made from.
	MinSamples int
	// Labels, when set, are kept: every bad transaction must keep firing,
	// good ones should stay quiet. BlockOf gives each labelled
	// transaction's block.
	Labels  *pipeline.Labels
	BlockOf map[common.Hash]uint64
	// Concurrency is the backtest's (blocks fetched at once).
	Concurrency int
	// CacheBytes bounds the memory in which the replays after the first
	// find the blocks, traces and state reads the first fetched (0:
	// DefaultCacheBytes; below 0: none kept, every replay fetches). Past
	// it, the blocks not kept are fetched again by each replay.
	CacheBytes int64
}

// Stats are the quantities a threshold saw, in the threshold's own unit
// (as written in the plan: token units, a share in %, a z-score).
type Stats struct {
	Count  int    `json:"count"`
	Min    string `json:"min,omitempty"`
	Median string `json:"median,omitempty"`
	P99    string `json:"p99,omitempty"`
	Max    string `json:"max,omitempty"`
}

// Suggestion is the result for one threshold.
type Suggestion struct {
	Detector string `json:"detector"`
	// Field is the expression the threshold is in (condition, holds);
	// Index its place among the expression's thresholds, from 1.
	Field string `json:"field"`
	Index int    `json:"index"`
	// Line and Col are where the threshold's number is written.
	Line int `json:"line"`
	Col  int `json:"col"`
	// Fires is "above" or "below": which side of the threshold alerts.
	Fires string `json:"fires"`
	Unit  string `json:"unit,omitempty"`
	// Current and Suggested are the threshold's number as written (and to
	// be written); Suggested is empty when there is no suggestion, and
	// Reason says why.
	Current   string `json:"current"`
	Suggested string `json:"suggested,omitempty"`
	// Value is a field threshold's (min_outflow, balance.drop) whole new
	// value as written ("600000 usdc", "12%"), with Suggested in it.
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason,omitempty"`
	Stats  Stats  `json:"stats"`
	// Notes say how labels moved the suggestion, or what could not hold.
	Notes []string `json:"notes,omitempty"`
	// AlertsCurrent and AlertsSuggested are the detector's alerts over the
	// range under the current plan and the suggested one.
	AlertsCurrent   int `json:"alerts_current"`
	AlertsSuggested int `json:"alerts_suggested"`

	th detect.Threshold
}

// Result is a tuning's outcome.
type Result struct {
	Network    string  `json:"network"`
	From       uint64  `json:"from"`
	To         uint64  `json:"to"`
	Percentile float64 `json:"percentile"`
	Margin     float64 `json:"margin"`
	// Labelled says labels were kept; without them every match counts as
	// benign, an attack in the range too.
	Labelled    bool         `json:"labelled"`
	Suggestions []Suggestion `json:"suggestions"`
	// Skipped names the asked-for detectors without a threshold to tune,
	// and why.
	Skipped []Skip `json:"skipped,omitempty"`
	// Plan is the plan's text with the suggestions written in; Diff the
	// unified diff from the plan's file (empty when nothing changed).
	Plan []byte `json:"-"`
	Diff string `json:"diff"`
}

// Skip is a detector left alone.
type Skip struct {
	Detector string `json:"detector"`
	Reason   string `json:"reason"`
}

// defaults fills the numbers left at zero.
func (c *Config) defaults() {
	if c.Percentile == 0 {
		c.Percentile = DefaultPercentile
	}
	if c.Margin == 0 {
		c.Margin = DefaultMargin
	}
	if c.MinSamples == 0 {
		c.MinSamples = DefaultMinSamples
	}
}

// Validate checks a Config's numbers, detectors and range (Run fills the
// numbers left at zero with the defaults first).
func (c *Config) Validate() error {
	switch {
	case c.Plan == nil:
		return errors.New("tune: no plan")
	case math.IsNaN(c.Percentile) || c.Percentile <= 0 || c.Percentile > 100:
		return fmt.Errorf("--percentile %g: want more than 0 and at most 100", c.Percentile)
	case math.IsNaN(c.Margin) || c.Margin < 1 || c.Margin > 1000:
		return fmt.Errorf("--margin %g: want at least 1 (1.2: 20%% past the percentile) and at most 1000", c.Margin)
	case c.To < c.From:
		return fmt.Errorf("--to %d is before --from %d: an empty range", c.To, c.From)
	case c.MinSamples < 1:
		return fmt.Errorf("--min-samples %d: want at least 1", c.MinSamples)
	}
	for _, name := range c.Detectors {
		if c.Plan.Detector(name) == nil {
			var names []string
			for _, d := range c.Plan.Detectors {
				names = append(names, d.Name)
			}
			return fmt.Errorf("--detector %q is not a detector of the plan%s", name, plan.DidYouMean(name, names))
		}
	}
	return nil
}

// target is one threshold being tuned.
type target struct {
	det   *plan.Detector
	field string
	src   string
	th    detect.Threshold
	index int
	// probeAt is the threshold's offset in the expression the probe
	// compiles: prefix (a field threshold's comparison, cmp) and then the
	// detector's own expression
	probeAt     int
	prefix, cmp string
	// line, col: where a field threshold's value is written
	line, col int
	// blockLevel: the detector's alerts are about a block (balance,
	// invariant), so its samples and labels are matched by block
	blockLevel bool
	samples    []sample
}

type sample struct {
	key   matchKey
	tx    common.Hash
	block uint64
	v     *big.Rat // in the threshold's own number space
}

type matchKey struct {
	detector string
	block    uint64
	tx       common.Hash
	log      int
}

// targets lists the thresholds of the chosen detectors: those of their
// condition (or holds), and a heuristic's min_outflow or a balance
// detector's drop, which the probe reads as a comparison it adds to the
// condition (outflow >= 500000 usdc, drop >= 15% of peak).
func targets(c *Config) ([]*target, []Skip, error) {
	want := map[string]bool{}
	for _, n := range c.Detectors {
		want[n] = true
	}
	ed, err := plan.NewEditor(c.Plan.Path, c.Plan.Source)
	if err != nil {
		return nil, nil, err
	}
	var out []*target
	var skipped []Skip
	for i := range c.Plan.Detectors {
		d := &c.Plan.Detectors[i]
		if len(want) > 0 && !want[d.Name] {
			continue
		}
		if !onNetwork(c.Plan, d, c.Network) {
			if len(want) > 0 {
				skipped = append(skipped, Skip{d.Name, fmt.Sprintf("not on network %s", c.Network)})
			}
			continue
		}
		field, src := "condition", d.Condition
		if d.Kind == plan.KindInvariant && d.Holds != "" {
			field, src = "holds", d.Holds
		}
		blockLevel := d.Kind == plan.KindBalance || d.Kind == plan.KindInvariant
		// the field threshold, as a comparison put in front of the
		// condition: its offsets shift by the prefix
		var extra *target
		prefix := ""
		var why []string
		if ft, w := fieldThreshold(ed, d); w != "" {
			why = append(why, w)
		} else if ft != nil {
			extra, prefix = ft, ft.cmp+" && "
			if strings.TrimSpace(src) != "" {
				prefix = ft.cmp + " && ("
			}
		}
		shift := len([]rune(prefix))
		ths, err := detect.Thresholds(src)
		if err != nil {
			return nil, nil, fmt.Errorf("detector %q %s: %w", d.Name, field, err)
		}
		for i, th := range ths {
			out = append(out, &target{det: d, field: field, src: src, th: th, index: i + 1, probeAt: th.From + shift, prefix: prefix, blockLevel: blockLevel})
		}
		if extra != nil {
			extra.prefix, extra.blockLevel = prefix, blockLevel
			out = append(out, extra)
		}
		if len(ths) == 0 && extra == nil {
			w := "its " + field + " compares nothing with a written number"
			if strings.TrimSpace(src) == "" {
				w = "it has no " + field
			} else if names := constantsIn(c.Plan, src); len(names) > 0 {
				w = fmt.Sprintf("its %s compares with the plan's constant %s: tune the constant by hand (constants.%s), or write the number in the %s",
					field, strings.Join(names, ", "), names[0], field)
			}
			skipped = append(skipped, Skip{d.Name, strings.Join(append([]string{w}, why...), "; ")})
		}
	}
	if len(want) > 0 && len(out) == 0 && len(skipped) == 0 {
		return nil, nil, errors.New("none of the detectors asked for is on the network")
	}
	return out, skipped, nil
}

// constantsIn names the plan's constants src uses.
func constantsIn(p *plan.Plan, src string) []string {
	var out []string
	for name := range p.Constants {
		for i := 0; ; {
			j := strings.Index(src[i:], name)
			if j < 0 {
				break
			}
			at := i + j
			end := at + len(name)
			if (at == 0 || !isNameByte(src[at-1])) && (end == len(src) || !isNameByte(src[end])) {
				out = append(out, name)
				break
			}
			i = end
		}
	}
	sort.Strings(out)
	return out
}

func isNameByte(b byte) bool {
	return b == '_' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// fieldThreshold is a heuristic's min_outflow or a balance detector's drop
// as a target (nil when the detector has none), or why it cannot be tuned.
func fieldThreshold(ed *plan.Editor, d *plan.Detector) (*target, string) {
	var field, qty string
	switch {
	case d.Kind == plan.KindHeuristic && d.Params["min_outflow"] != nil:
		field, qty = "params.min_outflow", "outflow"
	case d.Kind == plan.KindBalance && d.Balance != nil:
		field, qty = "balance.drop", "drop"
	default:
		return nil, ""
	}
	text, ok := ed.Value(d.Name, field)
	if !ok {
		return nil, field + " is not written as one value"
	}
	expr := text
	if strings.HasSuffix(strings.TrimSpace(text), "%") {
		expr = strings.TrimSpace(text) + " of peak"
	}
	cmp := qty + " >= " + expr
	ths, err := detect.Thresholds(cmp)
	if err != nil || len(ths) != 1 {
		return nil, fmt.Sprintf("%s %q is not a written number (a constant? tune the constant by hand)", field, text)
	}
	th := ths[0]
	at := th.From
	off := len([]rune(qty + " >= "))
	th.From, th.To = th.From-off, th.To-off
	line, col, _ := ed.Locate(d.Name, field)
	return &target{det: d, field: field, src: text, th: th, index: 1, probeAt: at, cmp: cmp, line: line, col: col}, ""
}

// onNetwork says whether detector d runs on network (a detector without a
// contract runs on every network).
func onNetwork(p *plan.Plan, d *plan.Detector, network string) bool {
	if d.Contract == "" {
		return true
	}
	c := p.Contract(d.Contract)
	return c != nil && c.Network == network
}

// Run tunes the plan over src's blocks.
func Run(ctx context.Context, src pipeline.BacktestSource, c Config) (*Result, error) {
	c.defaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	ts, skipped, err := targets(&c)
	if err != nil {
		return nil, err
	}
	res := &Result{Network: c.Network, From: c.From, To: c.To, Percentile: c.Percentile, Margin: c.Margin, Skipped: skipped, Labelled: c.Labels != nil,
		Suggestions: []Suggestion{}, Plan: c.Plan.Source}
	if len(ts) == 0 {
		return res, nil
	}
	if c.CacheBytes == 0 {
		c.CacheBytes = DefaultCacheBytes
	}
	if c.CacheBytes > 0 {
		src = pipeline.NewBacktestCache(src, c.CacheBytes)
	}
	if err := probe(ctx, src, &c, ts); err != nil {
		return nil, err
	}
	ed, err := plan.NewEditor(c.Plan.Path, c.Plan.Source)
	if err != nil {
		return nil, err
	}
	// the suggestions, and their edits from the last in the text to the
	// first, so that offsets of the earlier ones stay right
	sugs := make([]Suggestion, len(ts))
	for i, t := range ts {
		sugs[i] = suggest(&c, t)
	}
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ts[order[a]].th.From > ts[order[b]].th.From })
	for _, i := range order {
		t, s := ts[i], &sugs[i]
		if t.cmp != "" {
			// a field: its value, with the number changed
			s.Line, s.Col = t.line, t.col
			if s.Suggested == "" {
				continue
			}
			r := []rune(t.src)
			text := string(r[:t.th.From]) + strings.TrimPrefix(s.Suggested, "-") + string(r[t.th.To:])
			s.Value = text
			if _, err := ed.SetField(t.det.Name, t.field, text); err != nil {
				return nil, fmt.Errorf("detector %q: %w", t.det.Name, err)
			}
			continue
		}
		line, col, err := ed.LocateInExpr(t.det.Name, t.field, t.th.From, t.th.To)
		if err != nil {
			return nil, fmt.Errorf("detector %q: %w", t.det.Name, err)
		}
		s.Line, s.Col = line, col
		if s.Suggested == "" {
			continue
		}
		// the number alone: a minus written before it stays
		if _, err := ed.ReplaceInExpr(t.det.Name, t.field, t.th.From, t.th.To, strings.TrimPrefix(s.Suggested, "-")); err != nil {
			return nil, fmt.Errorf("detector %q: %w", t.det.Name, err)
		}
	}
	res.Plan = ed.Bytes()
	res.Diff, err = plan.UnifiedDiff(c.Plan.Source, res.Plan, "a/"+baseName(c.Plan.Path), "b/"+baseName(c.Plan.Path), 3)
	if err != nil {
		return nil, err
	}
	// alerts under each plan
	cur, err := alertCounts(ctx, src, &c, c.Plan)
	if err != nil {
		return nil, fmt.Errorf("backtest of the current plan: %w", err)
	}
	next := cur
	if res.Diff != "" {
		tuned, err := plan.Parse(c.Plan.Path, res.Plan)
		if err != nil {
			return nil, fmt.Errorf("the tuned plan does not load (a bug: please report it): %w", err)
		}
		if next, err = alertCounts(ctx, src, &c, tuned); err != nil {
			return nil, fmt.Errorf("backtest of the tuned plan: %w", err)
		}
	}
	for i := range sugs {
		sugs[i].AlertsCurrent, sugs[i].AlertsSuggested = cur[sugs[i].Detector], next[sugs[i].Detector]
	}
	res.Suggestions = sugs
	return res, nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// alertCounts backtests p over the range and counts each detector's
// alerts (degraded ones apart).
func alertCounts(ctx context.Context, src pipeline.BacktestSource, c *Config, p *plan.Plan) (map[string]int, error) {
	eng, err := detect.Compile(p, detect.ForNetwork(c.Network))
	if err != nil {
		return nil, err
	}
	alerts, err := pipeline.Backtest(ctx, src, eng, c.Network, c.From, c.To, c.Concurrency, nil)
	if err != nil {
		return nil, err
	}
	n := map[string]int{}
	for _, a := range alerts {
		if a.Fields["degraded"] == nil {
			n[a.Detector]++
		}
	}
	return n, nil
}

// probe replays the range with every target's threshold probed and its
// detector's threshold count and cooldown off, so that every match is an
// alert; a sample is kept when its match became one.
func probe(ctx context.Context, src pipeline.BacktestSource, c *Config, ts []*target) error {
	probed := *c.Plan
	probed.Detectors = slices.Clone(c.Plan.Detectors)
	at := map[string][]int{}
	byKey := map[string]*target{}
	prefix := map[string]string{}
	field := map[string]bool{}
	for _, t := range ts {
		at[t.det.Name] = append(at[t.det.Name], t.probeAt)
		byKey[fmt.Sprintf("%s\x00%d", t.det.Name, t.probeAt)] = t
		prefix[t.det.Name] = t.prefix
		if t.cmp != "" {
			field[t.det.Name] = true
		}
	}
	for i := range probed.Detectors {
		d := &probed.Detectors[i]
		if len(at[d.Name]) == 0 {
			continue
		}
		d.Threshold, d.Cooldown = nil, 0
		if !field[d.Name] {
			continue
		}
		// the field threshold moves into the condition, the field itself
		// to the least that still counts
		if pre := prefix[d.Name]; strings.HasSuffix(pre, "(") {
			d.Condition = pre + d.Condition + ")"
		} else {
			d.Condition = strings.TrimSuffix(pre, " && ")
		}
		switch d.Kind {
		case plan.KindHeuristic:
			params := maps.Clone(d.Params)
			params["min_outflow"] = "1"
			if _, lits, err := plan.ScanLiterals(fmt.Sprint(d.Params["min_outflow"])); err == nil {
				for _, l := range lits {
					if l.Kind == plan.LitToken && params["token"] == nil {
						params["token"] = l.Unit // its unit restricted the outflows counted
					}
				}
			}
			d.Params = params
		case plan.KindBalance:
			b := *d.Balance
			b.Drop = plan.Drop{Amount: big.NewInt(1)}
			d.Balance = &b
		}
	}
	type raw struct {
		t *target
		s detect.Sample
	}
	var seen []raw
	pr := &detect.Probe{At: at, Sample: func(s detect.Sample) {
		if t := byKey[fmt.Sprintf("%s\x00%d", s.Detector, s.At)]; t != nil {
			seen = append(seen, raw{t, s})
		}
	}}
	eng, err := detect.Compile(&probed, detect.ForNetwork(c.Network), detect.WithProbe(pr))
	if err != nil {
		return err
	}
	alerts, err := pipeline.Backtest(ctx, src, eng, c.Network, c.From, c.To, c.Concurrency, nil)
	if err != nil {
		return err
	}
	// an alert of an event detector is its log's; of another, its
	// transaction's (a heuristic's log, a call's place, are not the
	// probe's to know) or its block's
	kind := map[string]string{}
	for _, d := range c.Plan.Detectors {
		kind[d.Name] = d.Kind
	}
	matched := map[matchKey]bool{}
	for _, a := range alerts {
		if a.Fields["degraded"] != nil {
			continue
		}
		k := matchKey{detector: a.Detector, block: a.BlockNumber, log: -1}
		if a.TxIndex >= 0 {
			k.tx = a.TxHash
			if kind[a.Detector] == plan.KindEvent {
				k.log = a.LogIndex
			}
		}
		matched[k] = true
	}
	// an invariant alerts when it turns false, not at every block it
	// stays so: each block it was evaluated at is a sample (its last
	// value there)
	type blockAt struct {
		t     *target
		block uint64
	}
	last := map[blockAt]int{}
	for i, r := range seen {
		if r.t.det.Kind == plan.KindInvariant {
			last[blockAt{r.t, r.s.Block}] = i
		}
	}
	for i, r := range seen {
		k := matchKey{detector: r.s.Detector, block: r.s.Block, log: -1}
		if !r.t.blockLevel {
			k.tx, k.log = r.s.TxHash, r.s.LogIndex
		}
		if r.t.det.Kind == plan.KindInvariant {
			if last[blockAt{r.t, r.s.Block}] != i {
				continue
			}
		} else if !matched[k] {
			continue
		}
		if r.s.Threshold.Sign() == 0 {
			continue
		}
		// the value the written number would have to be for the
		// comparison to be an equality: number × quantity / threshold
		v := new(big.Rat).Mul(r.t.th.Value(), r.s.Quantity)
		v.Quo(v, r.s.Threshold)
		r.t.samples = append(r.t.samples, sample{key: k, tx: r.s.TxHash, block: r.s.Block, v: v})
	}
	return nil
}

// suggest makes the suggestion of one target from its samples.
func suggest(c *Config, t *target) Suggestion {
	s := Suggestion{Detector: t.det.Name, Field: t.field, Index: t.index, Unit: unitOf(t.th), Current: t.th.Num, th: t.th, Fires: "above"}
	if t.th.Negative {
		s.Current = "-" + t.th.Num
	}
	// the comparison alerts when true in a condition, false in holds;
	// inside not the other way round
	above := t.th.Above
	if t.field == "holds" {
		above = !above
	}
	if t.th.Negated {
		above = !above
	}
	if !above {
		s.Fires = "below"
	}
	vals := make([]*big.Rat, len(t.samples))
	for i, x := range t.samples {
		vals[i] = x.v
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].Cmp(vals[j]) < 0 })
	s.Stats.Count = len(vals)
	if len(vals) > 0 {
		s.Stats.Min, s.Stats.Max = formatStat(vals[0]), formatStat(vals[len(vals)-1])
		s.Stats.Median, s.Stats.P99 = formatStat(quantile(vals, 50)), formatStat(quantile(vals, 99))
	}
	// labels: what must keep firing (bad), what should stay quiet (good)
	var bad, good []*big.Rat
	var unseen []string
	if c.Labels != nil {
		isBad, isGood := map[common.Hash]bool{}, map[common.Hash]bool{}
		badBlocks, goodBlocks := map[uint64]bool{}, map[uint64]bool{}
		for _, h := range c.Labels.Bad {
			isBad[h], badBlocks[c.BlockOf[h]] = true, true
		}
		for _, h := range c.Labels.Good {
			isGood[h], goodBlocks[c.BlockOf[h]] = true, true
		}
		badSeen := map[common.Hash]bool{}
		for _, x := range t.samples {
			switch {
			case !t.blockLevel && isBad[x.tx], t.blockLevel && badBlocks[x.block]:
				bad = append(bad, x.v)
				badSeen[x.tx] = true
			case !t.blockLevel && isGood[x.tx], t.blockLevel && goodBlocks[x.block]:
				good = append(good, x.v)
			}
		}
		if !t.blockLevel {
			for _, h := range c.Labels.Bad {
				if !badSeen[h] {
					unseen = append(unseen, h.Hex())
				}
			}
		}
	}
	if len(unseen) > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("labelled attack(s) %s never match this detector whatever its threshold", strings.Join(unseen, ", ")))
	}
	if len(vals) < c.MinSamples {
		s.Reason = fmt.Sprintf("too few samples: %d match(es) in blocks %d..%d apart from the threshold, %d needed (--min-samples)", len(vals), c.From, c.To, c.MinSamples)
		return s
	}
	// the benign distribution: what is not a labelled attack
	benign := vals
	if len(bad) > 0 {
		benign = nil
		nb := map[*big.Rat]bool{}
		for _, b := range bad {
			nb[b] = true
		}
		for _, v := range vals {
			if !nb[v] {
				benign = append(benign, v)
			}
		}
		if len(benign) == 0 {
			s.Reason = "every sample is a labelled attack: nothing benign to tune against"
			return s
		}
	}
	p := c.Percentile
	if !above {
		p = 100 - c.Percentile
	}
	q := quantile(benign, p)
	want := withMargin(q, c.Margin, above)
	// the labels bound the threshold, strictly: rlo < threshold < rhi
	var rlo, rhi *big.Rat
	conflict := func(legit, attack *big.Rat) {
		s.Notes = append(s.Notes, fmt.Sprintf("cannot both keep every labelled attack firing and the labelled legitimate quiet (a legitimate value %s, an attack's %s): the attacks are kept", format(legit), format(attack)))
	}
	if above {
		goodMax, badMin := maxOf(good), minOf(bad)
		if goodMax != nil && badMin != nil && goodMax.Cmp(badMin) >= 0 {
			conflict(goodMax, badMin)
			goodMax = nil
		}
		rlo, rhi = goodMax, badMin
		switch {
		case rhi != nil && want.Cmp(rhi) >= 0:
			floor := maxBelow(benign, rhi)
			if rlo != nil && (floor == nil || rlo.Cmp(floor) > 0) {
				floor = rlo
			}
			want, rlo = between(floor, rhi), floor
			s.Notes = append(s.Notes, fmt.Sprintf("p%g × %g would silence a labelled attack (%s): kept under it", c.Percentile, c.Margin, format(rhi)))
		case rlo != nil && want.Cmp(rlo) <= 0:
			want = between(rlo, rhi)
			s.Notes = append(s.Notes, fmt.Sprintf("raised past the labelled legitimate value %s", format(rlo)))
		}
	} else {
		badMax, goodMin := maxOf(bad), minOf(good)
		if badMax != nil && goodMin != nil && badMax.Cmp(goodMin) >= 0 {
			conflict(goodMin, badMax)
			goodMin = nil
		}
		rlo, rhi = badMax, goodMin
		switch {
		case rlo != nil && want.Cmp(rlo) <= 0:
			ceil := minAbove(benign, rlo)
			if rhi != nil && (ceil == nil || rhi.Cmp(ceil) < 0) {
				ceil = rhi
			}
			want, rhi = between(rlo, ceil), ceil
			s.Notes = append(s.Notes, fmt.Sprintf("p%g ÷ %g would silence a labelled attack (%s): kept above it", math.Round((100-c.Percentile)*1e6)/1e6, c.Margin, format(rlo)))
		case rhi != nil && want.Cmp(rhi) >= 0:
			want = between(rlo, rhi)
			s.Notes = append(s.Notes, fmt.Sprintf("lowered past the labelled legitimate value %s", format(rhi)))
		}
	}
	r := readable(want, above, rlo, rhi, integral(t.th))
	if t.field == "balance.drop" && t.th.Unit == "%" {
		// a share of the peak: above 0, at most 100, two decimals
		r = roundTo(r, 2, above)
		switch {
		case r.Cmp(big.NewRat(100, 1)) > 0:
			// A drop is at most the whole balance: a threshold past the
			// legitimate drops would alert on a total drain only, which
			// blinds a drain detector rather than tunes it.
			s.Reason = fmt.Sprintf("legitimate drops reach %s%%: a threshold past them (p%g × %g) is over 100%%, so only a total drain would alert; "+
				"label the drops you know are legitimate or attacks (--labels), or give the detector a longer window", formatStat(maxOf(benign)), c.Percentile, c.Margin)
			return s
		case r.Cmp(big.NewRat(1, 100)) < 0:
			r = big.NewRat(1, 100)
		}
	}
	if t.th.Negative != (r.Sign() < 0) && r.Sign() != 0 {
		s.Reason = fmt.Sprintf("the suggestion %s changes the sign the threshold is written with (%s); change it by hand", format(r), s.Current)
		return s
	}
	if r.Sign() == 0 {
		s.Reason = "the suggestion rounds to 0, which is no threshold"
		return s
	}
	s.Suggested = format(r)
	if s.Suggested == s.Current {
		s.Suggested = ""
		s.Reason = "the current threshold is already the suggestion"
	}
	return s
}

// unitOf is how the threshold's number is read: "dusd", "%" (of what it
// is written of), "ether".
func unitOf(t detect.Threshold) string {
	return t.Unit
}

// integral says whether the threshold must stay a whole number: a bare
// number in the language is an exact integer.
func integral(t detect.Threshold) bool { return t.Unit == "" }

// quantile is the nearest-rank p-th percentile of sorted values.
func quantile(sorted []*big.Rat, p float64) *big.Rat {
	if len(sorted) == 0 {
		return nil
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}

// withMargin moves q away from the side that fires by margin: × margin
// above (for a positive q), ÷ margin below.
func withMargin(q *big.Rat, margin float64, above bool) *big.Rat {
	m := new(big.Rat)
	m.SetFloat64(margin)
	d := new(big.Rat).Abs(q)
	d.Mul(d, new(big.Rat).Sub(m, big.NewRat(1, 1)))
	if above {
		return new(big.Rat).Add(q, d)
	}
	return new(big.Rat).Sub(q, d)
}

func maxOf(vs []*big.Rat) *big.Rat {
	var m *big.Rat
	for _, v := range vs {
		if v != nil && (m == nil || v.Cmp(m) > 0) {
			m = v
		}
	}
	return m
}

func minOf(vs []*big.Rat) *big.Rat {
	var m *big.Rat
	for _, v := range vs {
		if v != nil && (m == nil || v.Cmp(m) < 0) {
			m = v
		}
	}
	return m
}

// maxBelow is the largest value under limit, or nil.
func maxBelow(vs []*big.Rat, limit *big.Rat) *big.Rat {
	var m *big.Rat
	for _, v := range vs {
		if v.Cmp(limit) < 0 && (m == nil || v.Cmp(m) > 0) {
			m = v
		}
	}
	return m
}

// minAbove is the smallest value over limit, or nil.
func minAbove(vs []*big.Rat, limit *big.Rat) *big.Rat {
	var m *big.Rat
	for _, v := range vs {
		if v.Cmp(limit) > 0 && (m == nil || v.Cmp(m) < 0) {
			m = v
		}
	}
	return m
}

// between is the midpoint of lo and hi (either may be nil: then the other,
// moved a little).
func between(lo, hi *big.Rat) *big.Rat {
	switch {
	case lo == nil && hi == nil:
		return new(big.Rat)
	case lo == nil:
		return new(big.Rat).Sub(hi, new(big.Rat).Mul(new(big.Rat).Abs(hi), big.NewRat(1, 10)))
	case hi == nil:
		return new(big.Rat).Add(lo, new(big.Rat).Mul(new(big.Rat).Abs(lo), big.NewRat(1, 10)))
	}
	m := new(big.Rat).Add(lo, hi)
	return m.Quo(m, big.NewRat(2, 1))
}

// readable rounds v to the fewest significant digits (at least two) that
// keep it strictly between lo and hi (either may be nil), rounding away
// from the side that fires; whole when integral.
func readable(v *big.Rat, above bool, lo, hi *big.Rat, integral bool) *big.Rat {
	ok := func(r *big.Rat) bool {
		return (lo == nil || r.Cmp(lo) > 0) && (hi == nil || r.Cmp(hi) < 0)
	}
	var last *big.Rat
	for digits := 2; digits <= 40; digits++ {
		r := roundSig(v, digits, above)
		if integral && !r.IsInt() {
			r = roundInt(r, above)
		}
		last = r
		if ok(r) {
			return r
		}
	}
	if integral {
		return roundInt(v, above)
	}
	if last != nil && ok(last) {
		return last
	}
	return v
}

// roundTo rounds v to n decimals, up when up.
func roundTo(v *big.Rat, n int, up bool) *big.Rat {
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil))
	r := roundInt(new(big.Rat).Mul(v, scale), up)
	return r.Quo(r, scale)
}

// roundSig rounds v to digits significant digits, up (toward +∞) when up.
func roundSig(v *big.Rat, digits int, up bool) *big.Rat {
	if v.Sign() == 0 {
		return new(big.Rat)
	}
	abs := new(big.Rat).Abs(v)
	f, _ := abs.Float64()
	exp := int(math.Floor(math.Log10(f))) - digits + 1
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(absInt(exp))), nil))
	x := new(big.Rat).Set(v)
	if exp > 0 {
		x.Quo(x, scale)
	} else {
		x.Mul(x, scale)
	}
	n := roundInt(x, up)
	if exp > 0 {
		return n.Mul(n, scale)
	}
	return n.Quo(n, scale)
}

func absInt(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// roundInt is the integer at or above v when up, at or below it else.
func roundInt(v *big.Rat, up bool) *big.Rat {
	q, m := new(big.Int).DivMod(v.Num(), v.Denom(), new(big.Int))
	if up && m.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	return new(big.Rat).SetInt(q)
}

// formatStat writes an observed value with at most 4 decimals.
func formatStat(v *big.Rat) string {
	s := v.FloatString(4)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// format writes v as a plain decimal, without trailing zeros.
func format(v *big.Rat) string {
	if v == nil {
		return ""
	}
	if v.IsInt() {
		return v.Num().String()
	}
	s := v.FloatString(18)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
