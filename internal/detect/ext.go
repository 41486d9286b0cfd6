package detect

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// What the engine does for conditions that read state (balance(…),
// contracts.NAME.f()), watch metrics over windows (change, zscore) and
// count in token units: their reads join the block's batch, their values
// are set before the block's transactions are matched, and a read that
// fails makes the detector degraded (an alert says so) instead of false.

// IncidentDegraded is the incident type of a degraded detector's alert
// (see Engine.degrade): it is grouped apart from what the detector watches
// for, and contains nothing.
const IncidentDegraded = "detector-degraded"

// errNoCode is a call's empty answer: no code at the address at the block.
var errNoCode = errors.New("no code at the address (an empty answer)")

// decimalsMethod is ERC-20's decimals().
var decimalsMethod = func() abi.Method {
	u8, _ := abi.NewType("uint8", "", nil)
	return abi.NewMethod("decimals", "decimals", abi.Function, "view", true, false, nil, abi.Arguments{{Type: u8}})
}()

// tokenKey keys a token's decimals in State.Decimals.
func tokenKey(network string, addr common.Address) string { return network + "/" + addr.Hex() }

// registerExt adds det's reads and tokens to the network's.
func (e *Engine) registerExt(ni *netIndex, det *detector) {
	x := det.ext
	if x == nil {
		return
	}
	ni.scopeEvents = ni.scopeEvents || x.scopeEvents
	ni.scopeCalls = ni.scopeCalls || x.scopeCalls
	if x.scopeCalls {
		// tx.calls are the transaction's call frames: trace the
		// transactions of the detector's contract, or of every monitored
		// one
		ni.traces = true
		if det.hasContract {
			ni.traceWatch[det.contract] = true
		} else {
			for a := range ni.monitored {
				ni.traceWatch[a] = true
			}
		}
	}
	for _, rd := range x.reads {
		if rd.flow != nil {
			rd.idx = -1
			ni.flowReads = append(ni.flowReads, rd)
			if rd.flow.token == (common.Address{}) {
				// native value moves in internal calls
				ni.traces = true
				ni.traceWatch[rd.flow.holder] = true
			}
			continue
		}
		if rd.ev != nil {
			rd.idx = -1
			k := logKey{rd.evAddr, rd.ev.event.ID}
			if ni.evReads == nil {
				ni.evReads = map[logKey][]*condRead{}
			}
			ni.evReads[k] = append(ni.evReads[k], rd)
			continue
		}
		rd.idx = ni.addRead(rd.call)
		x.calls = true
	}
	for _, m := range x.metrics {
		if !m.read.fromBlock() {
			x.calls = true
		}
	}
	if len(x.reads) > 0 || len(x.metrics) > 0 {
		ni.extDets = append(ni.extDets, det)
	}
	for _, t := range x.tokens {
		if !slices.Contains(ni.tokens, t) {
			ni.tokens = append(ni.tokens, t)
		}
		e.tokens[tokenKey(t.network, t.addr)] = t
	}
}

// decimalsReads returns the decimals() reads of the network's tokens when
// one of them is not known yet: all of them, in order, after the block's
// other reads (so that their indexes never move).
func (ni *netIndex) decimalsReads(number uint64) []Call {
	missing := false
	for _, t := range ni.tokens {
		if _, ok := t.decimals(); !ok {
			missing = true
		}
	}
	if !missing {
		return nil
	}
	out := make([]Call, len(ni.tokens))
	for i, t := range ni.tokens {
		out[i] = Call{Method: MethodCall, To: t.addr, Data: slices.Clone(decimalsMethod.ID), Block: number}
	}
	return out
}

// prepareExt sets the values of the network's condition reads and metrics
// at block b, and learns the tokens' decimals when they were read.
func (e *Engine) prepareExt(ni *netIndex, b *chain.Block, reads ReadResults) {
	if len(ni.tokens) > 0 && len(reads) == len(ni.reads)+len(ni.tokens) {
		for i, t := range ni.tokens {
			data, ok := reads.result(len(ni.reads) + i)
			if !ok {
				continue
			}
			vals, err := decimalsMethod.Outputs.Unpack(data)
			if err != nil || len(vals) != 1 {
				continue
			}
			d, ok := vals[0].(uint8)
			if !ok {
				continue
			}
			t.set(d)
			if e.state.Decimals == nil {
				e.state.Decimals = map[string]uint8{}
			}
			e.state.Decimals[tokenKey(t.network, t.addr)] = d
		}
	}
	n := b.Number()
	if len(ni.evReads) > 0 {
		scanEvents(ni, b)
	}
	for _, rd := range ni.flowReads {
		rd.val, rd.err = new(big.Int).Set(e.blockNetOutflow(ni, b, *rd.flow)), nil
	}
	// a read several detectors share is decoded once
	type decoded struct {
		out abi.Type
		val any
	}
	cache := e.decodeCache[:0]
	for range reads {
		cache = append(cache, nil)
	}
	e.decodeCache = cache
	for _, det := range ni.extDets {
		st := &e.state.Detectors[det.idx]
		if reads == nil {
			// a pending transaction's block: only the block's own events
			// are known (detectors with state reads wait, see skipExt)
			for _, m := range det.ext.metrics {
				if m.read.fromBlock() {
					updateMetric(st, m, n, b.Header.Time)
				}
			}
			continue
		}
		for _, rd := range det.ext.reads {
			if rd.fromBlock() {
				continue // set above, from the block itself
			}
			rd.val, rd.err = nil, nil
			if rd.idx < len(cache) {
				if d, ok := cache[rd.idx].(decoded); ok && d.out.String() == rd.out.String() {
					rd.val = d.val
					continue
				}
			}
			data, ok := reads.result(rd.idx)
			if !ok {
				reason := errors.New("no result")
				if rd.idx < len(reads) && reads[rd.idx].Err != nil {
					reason = reads[rd.idx].Err
				}
				rd.err = fmt.Errorf("read %s at block %d failed: %w", rd.label, n, reason)
				continue
			}
			if len(data) == 0 {
				rd.err = fmt.Errorf("read %s at block %d: %w", rd.label, n, errNoCode)
				continue
			}
			vals, err := abi.Arguments{{Type: rd.out}}.Unpack(data)
			if err != nil || len(vals) == 0 {
				rd.err = fmt.Errorf("read %s at block %d: cannot decode %d bytes as %s", rd.label, n, len(data), rd.out)
				continue
			}
			rd.val = normalize(vals[0])
			if rd.idx < len(cache) {
				cache[rd.idx] = decoded{out: rd.out, val: rd.val}
			}
		}
		for _, m := range det.ext.metrics {
			updateMetric(st, m, n, b.Header.Time)
		}
	}
}

// updateMetric sets m's value at block n from its read and the history in
// st, then records the read's value.
func updateMetric(st *DetectorState, m *metric, n, now uint64) {
	m.val, m.err = nil, nil
	if m.read.err != nil {
		m.err = m.read.err
		return
	}
	cur, ok := m.read.val.(*big.Int)
	if !ok || cur == nil {
		m.err = fmt.Errorf("%s: not an integer", m.label)
		return
	}
	if st.Series == nil {
		st.Series = map[string][]BalancePoint{}
	}
	kept := st.Series[m.label][:0]
	for _, p := range st.Series[m.label] {
		inside := p.Block+m.window >= n
		if m.span > 0 {
			inside = p.Time+uint64(m.span/time.Second) >= now
		}
		if p.Block < n && inside {
			kept = append(kept, p)
		}
	}
	switch m.kind {
	case metricChange:
		base := cur
		if len(kept) > 0 {
			base = kept[0].Balance
		}
		c := Change{Delta: new(big.Int).Sub(cur, base), Base: new(big.Int).Set(base)}
		if base.Sign() != 0 {
			c.rel = new(big.Rat).SetFrac(c.Delta, new(big.Int).Abs(base))
		}
		m.val = c
	case metricZScore:
		m.val = robustZ(kept, cur)
	}
	if len(kept) >= maxSeries {
		kept = kept[len(kept)-maxSeries+1:]
	}
	st.Series[m.label] = append(kept, BalancePoint{Block: n, Time: now, Balance: new(big.Int).Set(cur)})
}

// maxSeries bounds a metric's history: a window in blocks is at most this
// long, and one in time keeps at most this many of its latest blocks (the
// history is saved with the cursor at every block).
const maxSeries = 2000

// minZPoints is the history a z-score needs; with less it is 0.
const minZPoints = 3

// zCap bounds a z-score (a value off a flat history is "far", not
// infinite, so that it stays JSON).
const zCap = 1e6

// robustZ is the robust z-score of x against the window's values:
// 0.6745 × (x − median) / MAD (the median absolute deviation).
func robustZ(window []BalancePoint, x *big.Int) float64 {
	if len(window) < minZPoints {
		return 0
	}
	vals := make([]*big.Int, len(window))
	for i, p := range window {
		vals[i] = p.Balance
	}
	med := median(vals)
	devs := make([]*big.Int, len(vals))
	for i, v := range vals {
		devs[i] = new(big.Int).Abs(new(big.Int).Sub(v, med))
	}
	mad := median(devs)
	diff := new(big.Int).Sub(x, med)
	if mad.Sign() == 0 {
		switch diff.Sign() {
		case 0:
			return 0
		case 1:
			return zCap
		}
		return -zCap
	}
	q := new(big.Rat).SetFrac(diff, mad)
	f, _ := q.Float64()
	z := 0.6745 * f
	return math.Max(-zCap, math.Min(zCap, z))
}

// median of integers (the lower middle of an even count).
func median(vals []*big.Int) *big.Int {
	s := slices.Clone(vals)
	slices.SortFunc(s, func(a, b *big.Int) int { return a.Cmp(b) })
	return s[(len(s)-1)/2]
}

// fromBlock reports whether the read's value comes from the block itself
// (an event sum or count, an outflow), not from a state read.
func (rd *condRead) fromBlock() bool { return rd.ev != nil || rd.flow != nil }

// skipExt reports whether det cannot be evaluated because the block came
// without reads (a pending transaction's simulation): it waits for the
// block path.
func (e *Engine) skipExt(det *detector) bool {
	return e.noReads && det.ext != nil && det.ext.calls
}

// scanEvents sets the block's event sums and counts (events_sum,
// events_count): every log of the block's successful transactions of the
// watched (address, event).
func scanEvents(ni *netIndex, b *chain.Block) {
	for _, rds := range ni.evReads {
		for _, rd := range rds {
			rd.val, rd.err = new(big.Int), nil
		}
	}
	tmp := map[string]any{}
	for _, r := range b.Receipts {
		if r.Status != types.ReceiptStatusSuccessful {
			continue
		}
		for _, lg := range r.Logs {
			if len(lg.Topics) == 0 {
				continue
			}
			rds := ni.evReads[logKey{lg.Address, lg.Topics[0]}]
			if len(rds) == 0 {
				continue
			}
			spec := rds[0].ev
			if len(lg.Topics)-1 != len(spec.indexed) {
				continue
			}
			clear(tmp)
			if err := spec.nonIndexed.UnpackIntoMap(tmp, lg.Data); err != nil {
				continue
			}
			if len(spec.indexed) > 0 {
				if err := abi.ParseTopicsIntoMap(tmp, spec.indexed, lg.Topics[1:]); err != nil {
					continue
				}
			}
			for _, rd := range rds {
				sum := rd.val.(*big.Int)
				if rd.field == "" {
					sum.Add(sum, big.NewInt(1))
					continue
				}
				if v, ok := normalize(tmp[rd.field]).(*big.Int); ok && v != nil {
					sum.Add(sum, v)
				}
			}
		}
	}
}

// extFields adds the values of det's reads and metrics to an alert's
// fields, as evidence.
func extFields(det *detector, fields map[string]any) {
	if det.ext == nil {
		return
	}
	for _, rd := range det.ext.reads {
		if rd.err == nil {
			fields[rd.label] = jsonValue(rd.val)
		}
	}
	for _, m := range det.ext.metrics {
		switch v := m.val.(type) {
		case Change:
			fields[m.label] = v.Delta.String()
		case float64:
			fields[m.label] = v
		}
	}
}

// degrade records that det could not be evaluated: one alert when it
// starts, none while it lasts.
//
// A read of an address without code at the block (a contract not deployed
// yet, as a backtest from before its deployment sees) evaluates nothing
// and raises nothing; nor do unknown decimals on a block without reads.
func (e *Engine) degrade(det *detector, err error) {
	if errors.Is(err, errNoCode) {
		return
	}
	if e.noReads && errors.Is(err, errDecimals) {
		// a pending transaction's simulation reads nothing: the block
		// path, which reads the decimals, decides
		return
	}
	st := &e.state.Detectors[det.idx]
	if st.Degraded {
		return
	}
	st.Degraded = true
	det.markDegraded()
	order, txi, hash := e.blockOrder, -1, common.Hash{}
	if e.tx.Index >= 0 {
		order, txi, hash = e.tx.Index, e.tx.Index, e.tx.Hash
	}
	where := fmt.Sprintf("at block %d", e.block.Number)
	if txi >= 0 {
		where = "in tx " + short(hash.Hex())
	}
	e.matches = append(e.matches, match{
		det: det, order: order, txIndex: txi, logIndex: -1, txHash: hash, contract: det.contract,
		fields:   map[string]any{"degraded": err.Error()},
		summary:  fmt.Sprintf("%s: DEGRADED: cannot evaluate %s: %v", det.name, where, err),
		degraded: true,
	})
}
