package detect

import (
	"cmp"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Conditions indexed by their constants.
//
// A plan may hold thousands of detectors on the same event of the same
// contract that differ only by a threshold ("value > 1000 ether", "value
// > 2000 ether", …). Evaluating each on every log costs as many
// comparisons as detectors, although few match. A condIndex groups the
// detectors of one match (an event's, a call's, a contract's
// transactions') whose conditions begin with a fast comparison (see
// fastCond: ARG OP INTEGER, or tx.value OP INTEGER, alone or as the left
// operand of &&) by (argument, operator), their constants sorted: for a
// value, the detectors whose comparison holds are one range of the
// group (two for !=), found by binary search. Only those are visited;
// those with more to their condition (`value > K && …`) run their program
// then, exactly as before (&& does not evaluate its right side when its
// left is false, so a comparison that fails decides the condition).
//
// Everything else is kept as it was for each detector: a value that is
// not an integer runs every program of the group (which decides and
// reports errors, as without the index); a comparison that decides clears
// the detector's degraded flag (see settle); metrics count an evaluation
// for every detector of a group on every value it decides (see
// flushIndex). The alerts are the same, in the same order: Process sorts
// the matches by transaction, log and detector.

// indexMin is the least number of indexable detectors a match needs for
// an index: below, comparing them one by one costs no more.
const indexMin = 4

// condIndex is the indexed detectors of one match, and the others.
type condIndex struct {
	groups []*cmpGroup
	// rest are the detectors not indexed, in plan order
	rest []*detector
}

// cmpGroup is the detectors of a condIndex comparing the same argument
// with the same operator, by their constants in ascending order (ties in
// plan order).
type cmpGroup struct {
	name    string // the argument; "" with txValue
	txValue bool
	op      fastOp
	ks      []*big.Int
	dets    []*detector
	// more[i]: dets[i]'s condition has more than the comparison (its
	// program runs when the comparison holds)
	more []bool
	// degs are the positions of detectors that may be degraded (see
	// settle): those that were, by Restore or degrade, and whose flag no
	// decision has cleared since.
	degs []int32

	// metrics (nil hits without): decided is the number of values the
	// group decided in the current Process call; hits, by position, the
	// evaluations of those counted one by one (the detectors visited);
	// seq counts decisions for the sampling of their time, nanos is the
	// time sampled (weighted, see timeEvery).
	decided uint64
	hits    []uint32
	seq     uint32
	nanos   int64
}

// ixSlot is a detector's place in a group.
type ixSlot struct {
	g   *cmpGroup
	pos int32
}

// candKind is how a detector picked by an index is evaluated.
type candKind uint8

const (
	// candMatch: the comparison, the whole condition, holds: the
	// detector matches.
	candMatch candKind = iota + 1
	// candEval: the comparison holds, the program decides the rest.
	candEval
	// candFull: the value is not an integer; the detector is evaluated
	// as without the index (its program decides).
	candFull
)

// cand is a detector an index picked.
type cand struct {
	det  *detector
	kind candKind
}

// indexable reports whether det can be indexed: its condition begins with
// a fast comparison and needs nothing from the engine's reads.
func indexable(det *detector) bool {
	return det.lead != nil && det.cond != nil && det.ext == nil && det.heur == nil
}

// buildIndex returns the index of dets, nil when fewer than min of them
// can be indexed (min < 0: never).
func (e *Engine) buildIndex(dets []*detector, min int) *condIndex {
	if min < 0 {
		return nil
	}
	n := 0
	for _, d := range dets {
		if indexable(d) {
			n++
		}
	}
	if n == 0 || n < min {
		return nil
	}
	ix := &condIndex{}
	type gkey struct {
		name    string
		txValue bool
		op      fastOp
	}
	byKey := map[gkey]*cmpGroup{}
	for _, d := range dets {
		if !indexable(d) {
			ix.rest = append(ix.rest, d)
			continue
		}
		k := gkey{d.lead.name, d.lead.txValue, d.lead.op}
		g := byKey[k]
		if g == nil {
			g = &cmpGroup{name: k.name, txValue: k.txValue, op: k.op}
			byKey[k] = g
			ix.groups = append(ix.groups, g)
		}
		g.dets = append(g.dets, d)
	}
	for _, g := range ix.groups {
		slices.SortStableFunc(g.dets, func(a, b *detector) int {
			if c := a.lead.k.Cmp(b.lead.k); c != 0 {
				return c
			}
			return cmp.Compare(a.idx, b.idx)
		})
		g.ks = make([]*big.Int, len(g.dets))
		g.more = make([]bool, len(g.dets))
		for i, d := range g.dets {
			g.ks[i] = d.lead.k
			g.more[i] = d.fast == nil
			d.slots = append(d.slots, ixSlot{g, int32(i)})
			if e.state.Detectors[d.idx].Degraded {
				g.degs = append(g.degs, int32(i))
			}
		}
		if e.stats != nil {
			g.hits = make([]uint32, len(g.dets))
		}
		e.groups = append(e.groups, g)
	}
	return ix
}

// buildIndexes indexes the detectors of every match of every network.
func (e *Engine) buildIndexes(min int) {
	for _, name := range sortedNetNames(e.nets) {
		ni := e.nets[name]
		for _, m := range ni.events {
			m.ix = e.buildIndex(m.dets, min)
		}
		for _, m := range ni.calls {
			m.ix = e.buildIndex(m.dets, min)
		}
		for addr, dets := range ni.txByAddr {
			if ix := e.buildIndex(dets, min); ix != nil {
				if ni.txIx == nil {
					ni.txIx = map[common.Address]*condIndex{}
				}
				ni.txIx[addr] = ix
			}
		}
		ni.txAnyIx = e.buildIndex(ni.txAny, min)
	}
}

// span is the range of positions [lo, hi) whose comparison holds for x;
// for != those outside it hold.
func (g *cmpGroup) span(x *big.Int) (lo, hi int) {
	n := len(g.ks)
	// first position whose constant is >= x, and > x
	ge := func() int {
		i, j := 0, n
		for i < j {
			h := int(uint(i+j) >> 1)
			if g.ks[h].Cmp(x) < 0 {
				i = h + 1
			} else {
				j = h
			}
		}
		return i
	}
	gt := func(from int) int {
		i, j := from, n
		for i < j {
			h := int(uint(i+j) >> 1)
			if g.ks[h].Cmp(x) <= 0 {
				i = h + 1
			} else {
				j = h
			}
		}
		return i
	}
	switch g.op {
	case opGT: // K < x
		return 0, ge()
	case opGE: // K <= x
		return 0, gt(0)
	case opLT: // K > x
		return gt(0), n
	case opLE: // K >= x
		return ge(), n
	default: // opEQ, opNE: K == x
		lo = ge()
		return lo, gt(lo)
	}
}

// holds reports whether position pos of the span [lo, hi) holds.
func (g *cmpGroup) holds(pos, lo, hi int) bool {
	in := pos >= lo && pos < hi
	if g.op == opNE {
		return !in
	}
	return in
}

// settle clears the degraded flags of the detectors whose comparison
// decided their condition (every one but those whose program runs):
// what evaluating them one by one does.
func (g *cmpGroup) settle(e *Engine, lo, hi int) {
	if len(g.degs) == 0 {
		return
	}
	kept := g.degs[:0]
	for _, pos := range g.degs {
		if g.more[pos] && g.holds(int(pos), lo, hi) {
			kept = append(kept, pos)
			continue
		}
		e.state.Detectors[g.dets[pos].idx].Degraded = false
	}
	g.degs = kept
}

// value is the integer the group compares, nil when it is not one.
func (g *cmpGroup) value(e *Engine, env map[string]any, fc *fastCache) *big.Int {
	if g.txValue {
		e.fillTxValue()
		return e.tx.Value
	}
	var v any
	if fc != nil && fc.name == g.name {
		v = fc.val
	} else {
		v = env[g.name]
		if fc != nil {
			fc.name, fc.val = g.name, v
		}
	}
	x, _ := v.(*big.Int)
	return x
}

// pick returns the detectors of ix's groups to visit for env: those whose
// comparison holds, or every one of a group whose value is not an
// integer. It reuses the engine's scratch: the result is valid until the
// next call.
func (e *Engine) pick(ix *condIndex, env map[string]any, fc *fastCache) []cand {
	out := e.cands[:0]
	for _, g := range ix.groups {
		var started time.Duration
		if g.hits != nil {
			g.seq++
			if g.seq%timeEvery == 1 {
				started = time.Since(e.epoch) + 1
			}
		}
		x := g.value(e, env, fc)
		if x == nil {
			for _, d := range g.dets {
				out = append(out, cand{d, candFull})
			}
			continue
		}
		lo, hi := g.span(x)
		g.settle(e, lo, hi)
		// the positions that hold: [lo, hi), or, for !=, [0, lo) and
		// [hi, n)
		from, to, from2, to2 := lo, hi, 0, 0
		if g.op == opNE {
			from, to, from2, to2 = 0, lo, hi, len(g.dets)
		}
		out = g.visit(out, from, to)
		out = g.visit(out, from2, to2)
		if g.hits != nil {
			if g.decided == 0 {
				e.ixTouched = append(e.ixTouched, g)
			}
			g.decided++
			if started != 0 {
				g.nanos += int64(time.Since(e.epoch)+1-started) * timeEvery
			}
		}
	}
	e.cands = out
	return out
}

// visit appends the detectors at positions [from, to) to out.
func (g *cmpGroup) visit(out []cand, from, to int) []cand {
	for pos := from; pos < to; pos++ {
		k := candMatch
		if g.more[pos] {
			k = candEval
		}
		out = append(out, cand{g.dets[pos], k})
		if g.hits != nil {
			g.hits[pos]++
		}
	}
	return out
}

// evalCand evaluates a picked detector: true when its condition holds.
func (e *Engine) evalCand(c cand, env map[string]any, fc *fastCache) bool {
	if c.kind == candMatch {
		// the comparison, which settle cleared the flag of, is the
		// whole condition
		return true
	}
	return e.evalIn(c.det, env, fc)
}

// flushIndex counts, for the metrics, the evaluations the groups decided
// without visiting their detectors: every detector of a group was
// evaluated on every value the group decided (those visited, counted by
// start, are not counted again: see hits). The time the group took to decide is shared
// among its detectors.
func (e *Engine) flushIndex() {
	for _, g := range e.ixTouched {
		share := g.nanos / int64(len(g.dets))
		if g.nanos > 0 && share == 0 {
			share = 1
		}
		for pos, d := range g.dets {
			n := g.decided - uint64(g.hits[pos])
			g.hits[pos] = 0
			if n == 0 && share == 0 {
				continue
			}
			st := &e.stats[d.idx]
			if st.evals == 0 && st.alerts == 0 {
				e.touched = append(e.touched, d.idx)
			}
			st.evals += n
			st.nanos += share
			e.seq[d.idx] += uint32(n)
		}
		g.decided, g.nanos = 0, 0
	}
	e.ixTouched = e.ixTouched[:0]
}

// markDegraded records that det became degraded, for the groups it is in.
func (det *detector) markDegraded() {
	for _, s := range det.slots {
		if !slices.Contains(s.g.degs, s.pos) {
			s.g.degs = append(s.g.degs, s.pos)
		}
	}
}

// resetDegraded sets every group's degraded positions from the state
// (after Restore).
func (e *Engine) resetDegraded() {
	for _, g := range e.groups {
		g.degs = g.degs[:0]
		for i, d := range g.dets {
			if e.state.Detectors[d.idx].Degraded {
				g.degs = append(g.degs, int32(i))
			}
		}
	}
}
