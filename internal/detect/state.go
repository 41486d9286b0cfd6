package detect

import (
	"maps"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
)

// State is everything the engine remembers across blocks. Process is a
// function of (State, block, reads): restoring a snapshot taken before a
// block and processing the block again gives the same alerts. It marshals
// to JSON for keeping with the cursor.
type State struct {
	// Detectors holds one entry per compiled detector, in plan order.
	Detectors []DetectorState `json:"detectors"`
	// Created maps network → contract address → block it was created in,
	// for the new-contract-extraction heuristic (pruned past its window).
	Created map[string]map[common.Address]uint64 `json:"created,omitempty"`
	// Decimals are the decimals of the tokens conditions count in ("1000
	// USDC"), by network/address, read once.
	Decimals map[string]uint8 `json:"decimals,omitempty"`
}

// DetectorState is one detector's memory.
type DetectorState struct {
	Name string `json:"name"`
	// Matches are the block timestamps of matches still inside the
	// threshold window.
	Matches []uint64 `json:"matches,omitempty"`
	// Alerted and LastAlert (a block timestamp) drive the cooldown.
	Alerted   bool   `json:"alerted,omitempty"`
	LastAlert uint64 `json:"last_alert,omitempty"`
	// Balances (balance detectors) are the balances of the last blocks of
	// the window, oldest first.
	Balances []BalancePoint `json:"balances,omitempty"`
	// Broken (invariant detectors) is true while the invariant fails; an
	// alert is raised when it starts failing.
	Broken bool `json:"broken,omitempty"`
	// Series (detectors with change() or zscore() in their condition) are
	// each metric's values over its window, oldest first, by the metric's
	// label.
	Series map[string][]BalancePoint `json:"series,omitempty"`
	// Degraded is true while the detector cannot evaluate its condition
	// (a read reverted, a division by zero); an alert says so when it
	// starts.
	Degraded bool `json:"degraded,omitempty"`
}

// BalancePoint is a balance at a block.
type BalancePoint struct {
	Block uint64 `json:"block"`
	// Time is the block's timestamp (metrics with a window in time).
	Time    uint64   `json:"time,omitempty"`
	Balance *big.Int `json:"balance"`
}

func newState() State {
	return State{Created: map[string]map[common.Address]uint64{}}
}

// Snapshot returns a deep copy of the engine's state.
func (e *Engine) Snapshot() State {
	return e.state.clone()
}

// Restore replaces the engine's state with s (as returned by Snapshot, or
// unmarshalled from JSON). Entries are matched to detectors by name, so a
// state saved under an older version of the plan restores what still
// applies.
func (e *Engine) Restore(s State) {
	byName := map[string]DetectorState{}
	for _, d := range s.Detectors {
		byName[d.Name] = d
	}
	n := e.state.clone()
	for i := range n.Detectors {
		if d, ok := byName[n.Detectors[i].Name]; ok {
			n.Detectors[i] = d.clone()
		} else {
			n.Detectors[i] = DetectorState{Name: n.Detectors[i].Name}
		}
	}
	n.Created = map[string]map[common.Address]uint64{}
	for net, m := range s.Created {
		n.Created[net] = maps.Clone(m)
	}
	// Decimals never change: those known stay known.
	n.Decimals = maps.Clone(e.state.Decimals)
	for k, d := range s.Decimals {
		if n.Decimals == nil {
			n.Decimals = map[string]uint8{}
		}
		n.Decimals[k] = d
	}
	for k, d := range n.Decimals {
		if t := e.tokens[k]; t != nil {
			t.set(d)
		}
	}
	e.state = n
	e.resetDegraded()
}

func (s State) clone() State {
	c := State{Detectors: make([]DetectorState, len(s.Detectors)), Created: map[string]map[common.Address]uint64{}}
	for i, d := range s.Detectors {
		c.Detectors[i] = d.clone()
	}
	for net, m := range s.Created {
		c.Created[net] = maps.Clone(m)
	}
	c.Decimals = maps.Clone(s.Decimals)
	return c
}

func (d DetectorState) clone() DetectorState {
	c := d
	c.Matches = slices.Clone(d.Matches)
	c.Balances = make([]BalancePoint, len(d.Balances))
	for i, p := range d.Balances {
		c.Balances[i] = BalancePoint{Block: p.Block, Balance: new(big.Int).Set(p.Balance)}
	}
	if len(c.Balances) == 0 {
		c.Balances = nil
	}
	if d.Series != nil {
		c.Series = make(map[string][]BalancePoint, len(d.Series))
		for k, pts := range d.Series {
			cp := make([]BalancePoint, len(pts))
			for i, p := range pts {
				cp[i] = BalancePoint{Block: p.Block, Time: p.Time, Balance: new(big.Int).Set(p.Balance)}
			}
			c.Series[k] = cp
		}
	}
	return c
}
