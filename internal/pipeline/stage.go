package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Batch is what one block, or one reorg, brings to the stages. It is passed
// from stage to stage by value; each stage returns it with what it added.
type Batch struct {
	// Network is the network of the block.
	Network string
	// Block is the processed block; nil for a rewind.
	Block *chain.Block
	// Detected are the engine's alerts of the block.
	Detected []detect.Alert
	// RewindTo, for a reorg, is the common ancestor: the alerts of the
	// blocks above it are retracted.
	RewindTo *chain.Cursor
	// From is where the network's cursor was when the batch was built (the
	// last block this follower knows committed), nil when the network had
	// no cursor: Claim moves the cursor only from there.
	From *chain.Cursor
	// Cursor is where the network's cursor moves, with the detectors'
	// state after the block.
	Cursor store.Cursor
	// Grouped are the blocks before Block, oldest first, committed in this
	// batch's transaction while catching up (the claim moves the cursor
	// from From past them to Block). None of them detected anything: a
	// block that does commits at once, as the last of its group.
	Grouped []store.BlockRef

	// Fresh are the alerts stored for the first time by this batch (or
	// restored because their block became canonical again).
	Fresh []store.Alert
	// Retracted are the alerts this batch retracted.
	Retracted []store.Alert
	// Outcomes are what the incident manager did with Fresh.
	Outcomes []incident.Outcome
}

// Stage is one step of a block's processing. It runs inside the block's
// store transaction, so everything the stages write commits together with
// the cursor or not at all.
type Stage interface {
	Exec(ctx context.Context, tx store.Tx, b Batch) (Batch, error)
}

// Stages runs stages in order (Alertmanager's MultiStage); the first error
// stops the batch and rolls its transaction back.
type Stages []Stage

// Exec implements Stage.
func (ss Stages) Exec(ctx context.Context, tx store.Tx, b Batch) (Batch, error) {
	for _, s := range ss {
		var err error
		if b, err = s.Exec(ctx, tx, b); err != nil {
			return b, err
		}
	}
	return b, nil
}

// IncidentManager groups alerts into incidents and notes retractions on
// their timelines (*incident.Manager); an incident left without an alert
// on the canonical chain is an outcome of Retract.
type IncidentManager interface {
	Ingest(ctx context.Context, tx store.Tx, alerts []store.Alert) ([]incident.Outcome, error)
	Retract(ctx context.Context, tx store.Tx, alerts []store.Alert) ([]incident.Outcome, error)
}

// Responder proposes the containment that incidents call for
// (*respond.Responder).
type Responder interface {
	Respond(ctx context.Context, tx store.Tx, outcomes []incident.Outcome) error
}

// Standard is the path of a block, in order:
//
//	claim → store alerts → retract dropped → incidents → containment proposals → cursor
//
// plan is the hash of the plan the daemon runs (Claim commits only under
// the plan in force; "" does not check). m and r may be nil (a sink that
// only stores alerts, as in tests and benchmarks); their stages are then
// left out.
func Standard(plan string, m IncidentManager, r Responder) Stages {
	ss := Stages{Claim{Plan: plan}, StoreAlerts{}, RetractAlerts{}}
	if m != nil {
		ss = append(ss, Incidents{Manager: m})
	}
	if r != nil {
		ss = append(ss, Contain{Responder: r})
	}
	return append(ss, SaveCursor{})
}

// ErrPlanNotInForce is returned by Claim when the daemon's plan is not the
// plan in force: another daemon sharing the store started with another
// plan since. This one does not commit (it would act on rules its peers no
// longer hold) until it is restarted with the plan in force.
var ErrPlanNotInForce = errors.New("this daemon's plan is not the plan in force")

// Claim makes this follower the one that commits the batch, first, so that
// of several daemons following one network exactly one commits each block,
// decided in the database and by no clock: it moves the network's cursor
// from the batch's From to its Cursor (a compare-and-set by number and
// hash, which locks the cursor's row until the transaction ends). If
// another follower committed the block (or any other) first, the claim
// fails with chain.ErrCommittedElsewhere and the transaction, with nothing
// written, rolls back; the follower then resumes after the stored cursor.
// With Plan set, it also refuses, with ErrPlanNotInForce, unless Plan is
// the plan in force (store.Reader.PlanInForce).
type Claim struct{ Plan string }

// Exec implements Stage.
func (c Claim) Exec(ctx context.Context, tx store.Tx, b Batch) (Batch, error) {
	var from *store.BlockRef
	if b.From != nil {
		from = &store.BlockRef{Number: b.From.Number, Hash: hexOf(b.From.Hash)}
	}
	err := tx.ClaimCursor(ctx, b.Network, from, store.BlockRef{Number: b.Cursor.BlockNumber, Hash: b.Cursor.BlockHash})
	if errors.Is(err, store.ErrCursorMoved) {
		return b, fmt.Errorf("%w: %w", chain.ErrCommittedElsewhere, err)
	}
	if err != nil {
		return b, err
	}
	if c.Plan == "" {
		return b, nil
	}
	inForce, err := tx.PlanInForce(ctx)
	if err != nil {
		return b, fmt.Errorf("claim block %d: %w", b.Cursor.BlockNumber, err)
	}
	if inForce != c.Plan {
		return b, fmt.Errorf("%w: it is %s, this daemon runs %s", ErrPlanNotInForce, inForce, c.Plan)
	}
	return b, nil
}

// StoreAlerts stores the block's detected alerts, idempotently by their
// key, together (store.Writer.InsertAlerts), and adds the ones new to the
// store to Fresh.
type StoreAlerts struct{}

// Exec implements Stage.
func (StoreAlerts) Exec(ctx context.Context, tx store.Tx, b Batch) (Batch, error) {
	if len(b.Detected) == 0 {
		return b, nil
	}
	recs := make([]store.Alert, len(b.Detected))
	for i, a := range b.Detected {
		rec, err := storeAlert(a)
		if err != nil {
			return b, err
		}
		recs[i] = rec
	}
	stored, isNew, err := tx.InsertAlerts(ctx, recs)
	if err != nil {
		if len(recs) == 1 {
			return b, fmt.Errorf("store alert %s: %w", b.Detected[0].Key(), err)
		}
		return b, fmt.Errorf("store %d alerts: %w", len(recs), err)
	}
	for i, a := range stored {
		if isNew[i] {
			b.Fresh = append(b.Fresh, a)
		}
	}
	return b, nil
}

// RetractAlerts, on a rewind, retracts the alerts of the dropped blocks
// (they are kept, marked retracted) into Retracted.
type RetractAlerts struct{}

// Exec implements Stage.
func (RetractAlerts) Exec(ctx context.Context, tx store.Tx, b Batch) (Batch, error) {
	if b.RewindTo == nil {
		return b, nil
	}
	r, err := tx.RetractAlerts(ctx, b.Network, b.RewindTo.Number+1)
	if err != nil {
		return b, fmt.Errorf("retract alerts above block %d: %w", b.RewindTo.Number, err)
	}
	b.Retracted = r
	return b, nil
}

// Incidents tells the incidents of retracted alerts (an incident left
// without an alert is an Outcome, so that its containment not yet sent is
// cancelled), then groups the fresh alerts into incidents (Outcomes).
type Incidents struct{ Manager IncidentManager }

// Exec implements Stage.
func (s Incidents) Exec(ctx context.Context, tx store.Tx, b Batch) (Batch, error) {
	if len(b.Retracted) > 0 {
		out, err := s.Manager.Retract(ctx, tx, b.Retracted)
		if err != nil {
			return b, fmt.Errorf("incidents: retractions: %w", err)
		}
		b.Outcomes = append(b.Outcomes, out...)
	}
	if len(b.Fresh) == 0 {
		return b, nil
	}
	out, err := s.Manager.Ingest(ctx, tx, b.Fresh)
	if err != nil {
		return b, fmt.Errorf("incidents: %w", err)
	}
	b.Outcomes = append(b.Outcomes, out...)
	return b, nil
}

// Contain proposes the containment the outcomes call for; an automatic
// action is written to the outbox in this transaction.
type Contain struct{ Responder Responder }

// Exec implements Stage.
func (s Contain) Exec(ctx context.Context, tx store.Tx, b Batch) (Batch, error) {
	if len(b.Outcomes) == 0 {
		return b, nil
	}
	if err := s.Responder.Respond(ctx, tx, b.Outcomes); err != nil {
		return b, fmt.Errorf("respond: %w", err)
	}
	return b, nil
}

// SaveCursor writes the network's cursor with the detectors' state and
// the block history (the batch's Grouped blocks and its own), last, so
// that a block counts as processed only with everything the other stages
// wrote (Claim moved it first, in the same transaction).
type SaveCursor struct{}

// Exec implements Stage.
func (SaveCursor) Exec(ctx context.Context, tx store.Tx, b Batch) (Batch, error) {
	return b, tx.SetCursor(ctx, b.Cursor, b.Grouped...)
}

// Observer hears about each batch after its transaction committed (to wake
// the outbox, or for the demo's live output). It must not block.
type Observer interface {
	Committed(b Batch, took time.Duration)
}

// storeAlert turns a detected alert into its stored record.
func storeAlert(a detect.Alert) (store.Alert, error) {
	fields, err := json.Marshal(a.Fields)
	if err != nil {
		return store.Alert{}, fmt.Errorf("alert %s: encode fields: %w", a.Key(), err)
	}
	rec := store.Alert{
		Detector:     a.Detector,
		Severity:     a.Severity,
		IncidentType: a.IncidentType,
		Network:      a.Network,
		BlockNumber:  a.BlockNumber,
		BlockHash:    hexOf(a.BlockHash),
		BlockTime:    a.BlockTime,
		LogIndex:     int64(a.LogIndex),
		Fields:       fields,
		Summary:      a.Summary,
	}
	if a.TxHash != (common.Hash{}) {
		rec.TxHash = hexOf(a.TxHash)
	}
	if a.Contract != (common.Address{}) {
		rec.Contract = a.Contract.Hex() // the store keeps it lowercase
	}
	return rec, nil
}

func hexOf(h common.Hash) string { return h.Hex() } // lowercase 0x hex
