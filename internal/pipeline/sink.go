// Package pipeline joins the stages that follow a network: the blocks a
// chain.Follower hands over are run through the network's detect.Engine and
// their alerts stored together with the cursor in one store transaction; a
// reorg retracts the alerts of the dropped blocks in one transaction with the
// cursor moving back.
package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Reader makes the state reads of a block's detectors; *chain.Client
// implements it.
type Reader interface {
	CallBatch(ctx context.Context, block common.Hash, calls []chain.Call) ([]chain.CallResult, error)
}

// NewAlert is an alert stored for the first time (or restored because its
// block became canonical again), as stored and as detected.
type NewAlert struct {
	Stored   store.Alert
	Detected detect.Alert
}

// Hooks let the next stages write in the same transaction as the block.
// Either may be nil.
type Hooks struct {
	// Alerts is called with a block's new alerts, inside the transaction
	// that stores them and the cursor (e.g. to group them into incidents
	// and enqueue notifications). It is not called for a block without new
	// alerts.
	Alerts func(ctx context.Context, tx store.Tx, alerts []NewAlert) error
	// Retracted is called with the alerts a reorg retracted, inside the
	// transaction that retracts them (e.g. to note it on the incidents'
	// timelines).
	Retracted func(ctx context.Context, tx store.Tx, alerts []store.Alert) error
}

// Sink is the chain.Sink of one network: detection and storage of its
// blocks. Its engine must be compiled for that network alone (its state is
// rolled back on reorgs).
type Sink struct {
	network string
	store   store.Store
	engine  *detect.Engine
	reader  Reader
	hooks   Hooks
	log     *slog.Logger

	mu    sync.Mutex // serialises blocks: the engine is not concurrent
	snaps []snapshot // engine state after each recent block, oldest first
	depth int
}

// snapshot is the engine's state after a block.
type snapshot struct {
	cursor chain.Cursor
	state  detect.State
}

var (
	_ chain.Sink    = (*Sink)(nil)
	_ chain.History = (*Sink)(nil)
)

// Config configures a Sink.
type Config struct {
	// Network is the network the sink serves.
	Network string
	// MaxReorgDepth is how many blocks of engine state are kept to roll
	// back to on a reorg; use the Follower's (default 64).
	MaxReorgDepth int
	// Hooks run inside the block's transaction.
	Hooks Hooks
}

// NewSink returns the sink of cfg.Network, storing into st, detecting with
// engine and reading state through reader.
func NewSink(cfg Config, st store.Store, engine *detect.Engine, reader Reader, log *slog.Logger) (*Sink, error) {
	if cfg.Network == "" || st == nil || engine == nil || reader == nil {
		return nil, errors.New("pipeline sink: network, store, engine and reader are required")
	}
	if cfg.MaxReorgDepth <= 0 {
		cfg.MaxReorgDepth = 64
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sink{network: cfg.Network, store: st, engine: engine, reader: reader, hooks: cfg.Hooks,
		log: log.With("network", cfg.Network), depth: cfg.MaxReorgDepth}, nil
}

func (s *Sink) check(network string) error {
	if network != s.network {
		return fmt.Errorf("pipeline sink of %s given network %s", s.network, network)
	}
	return nil
}

// Cursor implements chain.Sink: the stored cursor of the network.
func (s *Sink) Cursor(ctx context.Context, network string) (chain.Cursor, bool, error) {
	if err := s.check(network); err != nil {
		return chain.Cursor{}, false, err
	}
	c, err := s.store.Cursor(ctx, network)
	if errors.Is(err, store.ErrNotFound) {
		return chain.Cursor{}, false, nil
	}
	if err != nil {
		return chain.Cursor{}, false, fmt.Errorf("read cursor of %s: %w", network, err)
	}
	cur := chain.Cursor{Number: c.BlockNumber, Hash: common.HexToHash(c.BlockHash)}
	// Resume the detectors' windows, thresholds and cooldowns where the
	// last run left them, with the cursor.
	if len(c.State) > 0 {
		var st detect.State
		if err := json.Unmarshal(c.State, &st); err != nil {
			s.log.Warn("stored detector state unreadable; windows and cooldowns restart", "err", err)
		} else {
			s.mu.Lock()
			s.engine.Restore(st)
			s.snaps = []snapshot{{cursor: cur, state: s.engine.Snapshot()}}
			s.mu.Unlock()
		}
	}
	return cur, true, nil
}

// ProcessedHash implements chain.History with the store's block history.
func (s *Sink) ProcessedHash(ctx context.Context, network string, number uint64) (common.Hash, bool, error) {
	h, err := s.store.BlockHash(ctx, network, number)
	if errors.Is(err, store.ErrNotFound) {
		return common.Hash{}, false, nil
	}
	if err != nil {
		return common.Hash{}, false, fmt.Errorf("processed hash of %s block %d: %w", network, number, err)
	}
	return common.HexToHash(h), true, nil
}

// ProcessBlock implements chain.Sink: it makes the block's state reads,
// runs the engine, and stores the alerts (idempotently) and the cursor in
// one transaction, calling Hooks.Alerts inside it. If anything fails the
// engine's state is rolled back, so that the block can be processed again.
func (s *Sink) ProcessBlock(ctx context.Context, b *chain.Block) error {
	if err := s.check(b.Network); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	reads, err := s.reads(ctx, b)
	if err != nil {
		return err
	}
	before := s.engine.Snapshot()
	alerts := s.engine.Process(b, reads)
	after := s.engine.Snapshot()
	state, err := json.Marshal(after)
	if err != nil {
		s.engine.Restore(before)
		return fmt.Errorf("block %d: encode detector state: %w", b.Number(), err)
	}
	err = s.store.Tx(ctx, func(tx store.Tx) error {
		var fresh []NewAlert
		for _, a := range alerts {
			rec, err := storeAlert(a)
			if err != nil {
				return err
			}
			stored, isNew, err := tx.InsertAlert(ctx, rec)
			if err != nil {
				return fmt.Errorf("store alert %s: %w", a.Key(), err)
			}
			if isNew {
				fresh = append(fresh, NewAlert{Stored: stored, Detected: a})
			}
		}
		if len(fresh) > 0 && s.hooks.Alerts != nil {
			if err := s.hooks.Alerts(ctx, tx, fresh); err != nil {
				return err
			}
		}
		return tx.SetCursor(ctx, store.Cursor{Network: s.network, BlockNumber: b.Number(), BlockHash: hexOf(b.Hash()), State: state})
	})
	if err != nil {
		s.engine.Restore(before)
		return fmt.Errorf("store block %d: %w", b.Number(), err)
	}
	s.snaps = append(s.snaps, snapshot{cursor: chain.Cursor{Number: b.Number(), Hash: b.Hash()}, state: after})
	if len(s.snaps) > s.depth+1 {
		s.snaps = s.snaps[len(s.snaps)-s.depth-1:]
	}
	return nil
}

// reads makes the engine's state reads at b in one batch.
func (s *Sink) reads(ctx context.Context, b *chain.Block) (detect.ReadResults, error) {
	return ReadsAt(ctx, s.reader, s.engine, b)
}

// ReadsAt makes the state reads engine's balance and invariant detectors
// need at block b, as one batch through reader.
func ReadsAt(ctx context.Context, reader Reader, engine *detect.Engine, b *chain.Block) (detect.ReadResults, error) {
	calls := engine.Reads(b.Network, b.Number())
	if len(calls) == 0 {
		return nil, nil
	}
	batch := make([]chain.Call, len(calls))
	for i, c := range calls {
		batch[i] = chain.Call{To: c.To, Data: c.Data, Balance: c.Method == detect.MethodGetBalance}
	}
	res, err := reader.CallBatch(ctx, b.Hash(), batch)
	if err != nil {
		return nil, fmt.Errorf("state reads at block %d: %w", b.Number(), err)
	}
	out := make(detect.ReadResults, len(res))
	for i, r := range res {
		out[i] = detect.ReadResult{Data: r.Output, Err: r.Err}
	}
	return out, nil
}

// Rewind implements chain.Sink: it retracts the alerts above to (they are
// kept, marked retracted), calls Hooks.Retracted, and moves the cursor back,
// in one transaction; then it rolls the engine's state back to after to.
func (s *Sink) Rewind(ctx context.Context, network string, to chain.Cursor) error {
	if err := s.check(network); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The detectors' state after the ancestor, if this run saw it.
	known := -1
	for i := len(s.snaps) - 1; i >= 0; i-- {
		if s.snaps[i].cursor == to {
			known = i
			break
		}
	}
	var state json.RawMessage
	if known >= 0 {
		b, err := json.Marshal(s.snaps[known].state)
		if err != nil {
			return fmt.Errorf("rewind to block %d: encode detector state: %w", to.Number, err)
		}
		state = b
	}
	var retracted []store.Alert
	err := s.store.Tx(ctx, func(tx store.Tx) error {
		var err error
		retracted, err = tx.RetractAlerts(ctx, network, to.Number+1)
		if err != nil {
			return fmt.Errorf("retract alerts above block %d: %w", to.Number, err)
		}
		if len(retracted) > 0 && s.hooks.Retracted != nil {
			if err := s.hooks.Retracted(ctx, tx, retracted); err != nil {
				return err
			}
		}
		return tx.SetCursor(ctx, store.Cursor{Network: network, BlockNumber: to.Number, BlockHash: hexOf(to.Hash), State: state})
	})
	if err != nil {
		return fmt.Errorf("rewind to block %d: %w", to.Number, err)
	}
	s.log.Warn("reorg: alerts of dropped blocks retracted", "to_block", to.Number, "retracted", len(retracted))
	if known >= 0 {
		s.engine.Restore(s.snaps[known].state)
		s.snaps = s.snaps[:known+1]
		return nil
	}
	// The state after the ancestor is not known here (deeper than this
	// run's memory): the detectors' windows start afresh.
	s.log.Warn("detector state at the reorg's ancestor unknown; windows and cooldowns restart", "to_block", to.Number)
	s.engine.Restore(detect.State{})
	s.snaps = nil
	return nil
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
		rec.Contract = strings.ToLower(a.Contract.Hex())
	}
	return rec, nil
}

func hexOf(h common.Hash) string { return h.Hex() } // lowercase 0x hex
