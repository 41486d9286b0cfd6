package presign

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// State is what a pre-signed transaction is worth now (Entry.State).
type State string

// States of a pre-signed transaction.
const (
	// StateReady: at the Safe's current nonce, with a threshold of valid
	// signatures: it would be executed on alarm now.
	StateReady State = "ready"
	// StateQueued: at a later nonce, signed: ready once the transactions
	// before it are used.
	StateQueued State = "queued"
	// StateUnsigned: fewer valid signatures than the threshold.
	StateUnsigned State = "needs-signatures"
	// StateSpent: its nonce was used (by it or another transaction).
	StateSpent State = "spent"
	// StateStale: fewer valid signatures than the threshold, signed for
	// other owners or another threshold than the Safe's now.
	StateStale State = "stale"
)

// Entry is one stored transaction and what it is worth now.
type Entry struct {
	ID         int64    `json:"id"`
	Contract   string   `json:"contract"`
	Action     string   `json:"action"`
	Nonce      uint64   `json:"nonce"`
	SafeTxHash string   `json:"safe_tx_hash"`
	State      State    `json:"state"`
	Signers    []string `json:"signers"`
	Valid      int      `json:"valid_signatures"`
	Needed     int      `json:"threshold"`
	Missing    []string `json:"missing_owners,omitempty"`
	stored     store.Presigned
}

// Report is the stock of one Safe executor checked against the chain.
type Report struct {
	Executor  string         `json:"executor"`
	Network   string         `json:"network"`
	Safe      common.Address `json:"safe"`
	Nonce     uint64         `json:"safe_nonce"`
	Owners    []string       `json:"owners"`
	Threshold int            `json:"threshold"`
	// Valid counts the transactions at the current nonce or later with a
	// threshold of valid signatures; Ready those at the current nonce.
	Valid int `json:"valid"`
	Ready int `json:"ready"`
	// Entries are the stored transactions at the current nonce or later.
	Entries []Entry `json:"entries"`
	// Spent counts the stored transactions whose nonce was used.
	Spent int `json:"spent"`
	// Problems say what makes the stock unusable or short, one per
	// distinct problem, each with what to do; empty when it is sound.
	Problems []string `json:"problems,omitempty"`
}

// OK reports whether the stock is sound.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Check reads the Safe of executor name and its stored stock and says what
// of it is valid now: each transaction's signatures must recover to
// current owners, reach the threshold, and its nonce must not be used; the
// Safe's owners and threshold must be those the stock was signed for, and
// a transaction must be ready at the Safe's current nonce.
func Check(ctx context.Context, p *plan.Plan, bs Backends, s store.Reader, name string) (Report, error) {
	ex, pe, err := Safe(ctx, p, bs, name)
	if err != nil {
		return Report{}, err
	}
	st, err := ex.Read(ctx)
	if err != nil {
		return Report{}, err
	}
	r := Report{Executor: name, Network: pe.Network, Safe: pe.Safe, Nonce: st.Nonce, Threshold: st.Threshold}
	for _, o := range st.Owners {
		r.Owners = append(r.Owners, o.Hex())
	}
	all, err := s.PresignedList(ctx, store.PresignedFilter{Executor: name, Safe: pe.Safe.Hex()})
	if err != nil {
		return r, err
	}
	if len(all) == 0 {
		return r, nil
	}
	resign := fmt.Sprintf("re-sign: breakglass presign --plan %s --executor %s --count N, then each owner signs the files it writes and runs breakglass presign add-signature", planPath(p), name)
	var changedOwners, changedThreshold []store.Presigned
	maxNonce := uint64(0)
	for _, ps := range all {
		maxNonce = max(maxNonce, ps.Nonce)
		if ps.Nonce < st.Nonce {
			r.Spent++
			continue
		}
		h, err := hash(ps)
		if err != nil {
			return r, err
		}
		e := Entry{ID: ps.ID, Contract: ps.Contract, Action: ps.Action, Nonce: ps.Nonce, SafeTxHash: ps.SafeTxHash, Needed: st.Threshold, stored: ps}
		for _, a := range validSigners(ps, h, st.Owners) {
			e.Signers = append(e.Signers, a.Hex())
		}
		e.Valid = len(e.Signers)
		for _, o := range st.Owners {
			if !slices.Contains(e.Signers, o.Hex()) {
				e.Missing = append(e.Missing, o.Hex())
			}
		}
		sameOwners := sameSet(ps.Owners, r.Owners)
		if !sameOwners {
			changedOwners = append(changedOwners, ps)
		}
		if ps.Threshold != st.Threshold {
			changedThreshold = append(changedThreshold, ps)
		}
		// A signature counts while its owner is an owner, whatever else
		// changed: the Safe checks nothing more.
		switch {
		case e.Valid >= st.Threshold && ps.Nonce == st.Nonce:
			e.State = StateReady
		case e.Valid >= st.Threshold:
			e.State = StateQueued
		case !sameOwners || ps.Threshold != st.Threshold:
			e.State = StateStale
		default:
			e.State = StateUnsigned
		}
		if e.State == StateReady || e.State == StateQueued {
			r.Valid++
			if e.State == StateReady {
				r.Ready++
			}
		}
		r.Entries = append(r.Entries, e)
	}
	if len(changedOwners) > 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("the owners of Safe %s changed since the pre-signed stock was prepared (then %s; now %s): the signatures of removed owners no longer count and new owners have not signed; %s",
			pe.Safe.Hex(), strings.Join(changedOwners[0].Owners, ", "), strings.Join(r.Owners, ", "), resign))
	}
	if len(changedThreshold) > 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("the threshold of Safe %s changed from %d to %d since the pre-signed stock was prepared; %s",
			pe.Safe.Hex(), changedThreshold[0].Threshold, st.Threshold, resign))
	}
	switch {
	case len(r.Entries) == 0:
		r.Problems = append(r.Problems, fmt.Sprintf("the pre-signed stock of Safe %s is used up: the Safe's nonce is past the last pre-signed nonce, %d; %s",
			pe.Safe.Hex(), maxNonce, resign))
	case len(changedOwners) == 0 && len(changedThreshold) == 0:
		var atNonce, unsigned []Entry
		for _, e := range r.Entries {
			if e.Nonce == st.Nonce {
				atNonce = append(atNonce, e)
				if e.State == StateUnsigned {
					unsigned = append(unsigned, e)
				}
			}
		}
		if len(atNonce) == 0 {
			r.Problems = append(r.Problems, fmt.Sprintf("no pre-signed transaction at Safe %s's current nonce %d (the stock starts at nonce %d): the Safe executed another transaction; %s",
				pe.Safe.Hex(), st.Nonce, r.Entries[0].Nonce, resign))
		}
		for _, e := range unsigned {
			r.Problems = append(r.Problems, fmt.Sprintf("pre-signed %s.%s #%d at Safe %s's current nonce %d has %d of %d valid signatures: owners %s, sign it (breakglass presign list --plan %s --executor %s shows its file)",
				e.Contract, e.Action, e.ID, pe.Safe.Hex(), st.Nonce, e.Valid, st.Threshold, strings.Join(e.Missing, ", "), planPath(p), name))
		}
	}
	return r, nil
}

// CheckAll checks the stock of every Safe executor of the plan that has
// one stored.
func CheckAll(ctx context.Context, p *plan.Plan, bs Backends, s store.Reader) ([]Report, error) {
	var out []Report
	for _, pe := range p.Executors {
		if pe.Type != plan.ExecutorSafe {
			continue
		}
		stock, err := s.PresignedList(ctx, store.PresignedFilter{Executor: pe.Name})
		if err != nil {
			return out, err
		}
		if len(stock) == 0 {
			continue
		}
		r, err := Check(ctx, p, bs, s, pe.Name)
		if err != nil {
			return out, fmt.Errorf("executor %s: %w", pe.Name, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Stored returns the stored transaction an entry describes.
func (e Entry) Stored() store.Presigned { return e.stored }

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return strings.EqualFold(x, y) }) {
			return false
		}
	}
	return true
}

func planPath(p *plan.Plan) string {
	if p.Path == "" {
		return "PLAN"
	}
	return p.Path
}
