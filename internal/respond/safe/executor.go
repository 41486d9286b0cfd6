package safe

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/key"
)

// Origin is the origin of proposals to the Safe Transaction Service.
const Origin = "breakglass"

// Backend is what the executor reads of the chain.
type Backend interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error)
}

// safeOverhead bounds what execTransaction adds to the call it makes
// (signature checks, the SafeL2 event, the nonce): the gas limit of a
// transaction that cannot be estimated, being queued behind others.
const safeOverhead = 120_000

// Config is a Safe executor's setup.
type Config struct {
	// Safe is the Safe's address.
	Safe    common.Address
	ChainID *big.Int
	// Owners are the owner keys held here.
	Owners []*key.Signer
	// Submitter sends execTransaction (nil: proposals only).
	Submitter *key.Executor
	// Service is the Safe Transaction Service to propose to (nil: none).
	Service *Service
	// Stock gives the owners' signatures collected ahead of an incident
	// (breakglass presign), used before the keys held (nil: none).
	Stock Stock
}

// Stock is where pre-signed transactions are kept (package
// respond/presign reads them from the store).
type Stock interface {
	// Signatures returns the stored owner signatures of safeTxHash, the
	// Safe's transaction at nonce, and the stored transaction's id; no
	// signatures and id 0 when none is stored.
	Signatures(ctx context.Context, safe common.Address, nonce uint64, safeTxHash common.Hash) (id int64, sigs []Signature, err error)
}

// Executor carries out calls through a Safe.
type Executor struct {
	cfg  Config
	b    Backend
	safe *bindings.SafeL2

	// mu guards inflight: the Safe nonces of the transactions sent and not
	// yet mined, by action, so that several pauses go out together at
	// consecutive Safe nonces instead of one per block.
	mu       sync.Mutex
	inflight map[uint64]int64
	// order is held from reading the Safe's nonce until the transaction
	// is broadcast, so that the submitter's account nonces follow the Safe
	// nonces (a Safe nonce mined before the one below it would revert).
	order sync.Mutex
}

// New returns a Safe executor reading the chain through b.
func New(cfg Config, b Backend) *Executor {
	return &Executor{cfg: cfg, b: b, safe: bindings.NewSafeL2(), inflight: map[uint64]int64{}}
}

// From is the Safe: the target sees the Safe as the caller.
func (e *Executor) From() common.Address { return e.cfg.Safe }

// Payer is the account that pays for the Safe's transactions: its
// submitter key, or the zero address when signatures are proposed to the
// signers instead.
func (e *Executor) Payer() common.Address {
	if e.cfg.Submitter == nil {
		return common.Address{}
	}
	return e.cfg.Submitter.From()
}

// ChainID is the chain of the Safe's EIP-712 domain.
func (e *Executor) ChainID() *big.Int { return e.cfg.ChainID }

// Describe says which Safe and how many owner keys are held.
func (e *Executor) Describe() string {
	if e.cfg.Stock != nil {
		return fmt.Sprintf("Safe %s (%d owner key(s) held; pre-signed transactions first)", e.cfg.Safe.Hex(), len(e.cfg.Owners))
	}
	return fmt.Sprintf("Safe %s (%d owner key(s) held)", e.cfg.Safe.Hex(), len(e.cfg.Owners))
}

// State is what the executor reads of the Safe.
type State struct {
	Owners    []common.Address
	Threshold int
	Nonce     uint64
}

// Read reads the Safe's owners, threshold and nonce.
func (e *Executor) Read(ctx context.Context) (State, error) {
	var st State
	out, err := e.call(ctx, e.safe.PackGetOwners())
	if err != nil {
		return st, fmt.Errorf("safe %s getOwners: %w", e.cfg.Safe.Hex(), err)
	}
	if st.Owners, err = e.safe.UnpackGetOwners(out); err != nil {
		return st, fmt.Errorf("safe %s getOwners: %w (is it a Safe?)", e.cfg.Safe.Hex(), err)
	}
	out, err = e.call(ctx, e.safe.PackGetThreshold())
	if err != nil {
		return st, fmt.Errorf("safe %s getThreshold: %w", e.cfg.Safe.Hex(), err)
	}
	th, err := e.safe.UnpackGetThreshold(out)
	if err != nil {
		return st, fmt.Errorf("safe %s getThreshold: %w", e.cfg.Safe.Hex(), err)
	}
	out, err = e.call(ctx, e.safe.PackNonce())
	if err != nil {
		return st, fmt.Errorf("safe %s nonce: %w", e.cfg.Safe.Hex(), err)
	}
	n, err := e.safe.UnpackNonce(out)
	if err != nil {
		return st, fmt.Errorf("safe %s nonce: %w", e.cfg.Safe.Hex(), err)
	}
	st.Threshold, st.Nonce = int(th.Int64()), n.Uint64()
	return st, nil
}

func (e *Executor) call(ctx context.Context, data []byte) ([]byte, error) {
	return e.b.CallContract(ctx, ethereum.CallMsg{To: &e.cfg.Safe, Data: data}, nil)
}

// Hash returns the safeTxHash of t computed here, after checking that the
// Safe computes the same with getTransactionHash.
func (e *Executor) Hash(ctx context.Context, t Tx) (common.Hash, error) {
	h, err := t.Hash(e.cfg.ChainID, e.cfg.Safe)
	if err != nil {
		return h, err
	}
	out, err := e.call(ctx, e.safe.PackGetTransactionHash(t.To, t.Value, t.Data, t.Operation, t.SafeTxGas, t.BaseGas, t.GasPrice, t.GasToken, t.RefundReceiver, t.Nonce))
	if err != nil {
		return h, fmt.Errorf("safe %s getTransactionHash: %w", e.cfg.Safe.Hex(), err)
	}
	onChain, err := e.safe.UnpackGetTransactionHash(out)
	if err != nil {
		return h, fmt.Errorf("safe %s getTransactionHash: %w", e.cfg.Safe.Hex(), err)
	}
	if common.Hash(onChain) != h {
		return h, fmt.Errorf("safeTxHash %s computed here differs from the Safe's own %s (wrong chain id, or not a Safe ≥ 1.3?)", h.Hex(), common.Hash(onChain).Hex())
	}
	return h, nil
}

// Execute carries the call out as a Safe transaction at the Safe's
// current nonce. A pre-signed transaction of the same call at that nonce
// (Config.Stock) lends its owners' signatures that are still valid; the
// owner keys held here sign for the rest. With as many signatures as the
// threshold it sends execTransaction through the submitter at once, else
// it proposes the transaction and returns the proposal.
func (e *Executor) Execute(ctx context.Context, req respond.Request) (respond.Outcome, error) {
	if e.cfg.Submitter != nil {
		e.order.Lock()
		unlock := sync.OnceFunc(e.order.Unlock)
		defer unlock()
		sent := req.Sent
		req.Sent = func(h common.Hash) {
			unlock()
			if sent != nil {
				sent(h)
			}
		}
	}
	st, err := e.Read(ctx)
	if err != nil {
		return respond.Outcome{}, err
	}
	for _, o := range e.cfg.Owners {
		if !slices.Contains(st.Owners, o.Address()) {
			return respond.Outcome{}, fmt.Errorf("%w: key %s is not an owner of Safe %s", respond.ErrInvalid, o.Address().Hex(), e.cfg.Safe.Hex())
		}
	}
	// With a submitter, the transaction may be sent: its Safe nonce is
	// reserved (released when Execute returns, whether it sent or proposed).
	nonce := st.Nonce
	if e.cfg.Submitter != nil {
		nonce = e.reserve(st.Nonce, req.ActionID)
		defer e.release(nonce, req.ActionID)
	}
	t := NewTx(req.Call.To, req.Call.Value, req.Call.Data, nonce)
	h, err := e.Hash(ctx, t)
	if err != nil {
		return respond.Outcome{}, err
	}
	sigs, stockID := e.presigned(ctx, req, st, nonce, h)
	presigned := len(sigs)
	var signed []common.Address
	for _, s := range sigs {
		signed = append(signed, s.Owner)
	}
	for _, o := range e.cfg.Owners {
		if len(sigs) >= st.Threshold {
			break
		}
		if slices.Contains(signed, o.Address()) {
			continue
		}
		s, err := Sign(o, h)
		if err != nil {
			return respond.Outcome{}, err
		}
		sigs = append(sigs, s)
		signed = append(signed, o.Address())
	}
	var names []string
	for _, a := range signed[presigned:] {
		names = append(names, a.Hex())
	}
	if len(sigs) > presigned {
		err := e.store(ctx, req, respond.Step{Kind: "safe.signed", Message: fmt.Sprintf("signed safeTxHash %s (Safe %s, nonce %d) with %d of %d owner keys needed: %s",
			h.Hex(), e.cfg.Safe.Hex(), nonce, len(sigs)-presigned, st.Threshold, strings.Join(names, ", ")),
			Fields: map[string]string{"safe_tx_hash": h.Hex(), "safe": e.cfg.Safe.Hex(), "safe_nonce": fmt.Sprint(nonce)}})
		if err != nil {
			return respond.Outcome{}, err
		}
	}
	if len(sigs) >= st.Threshold && e.cfg.Submitter != nil {
		if presigned > 0 {
			err := e.store(ctx, req, respond.Step{Kind: "safe.presigned", Message: fmt.Sprintf("executing pre-signed transaction #%d (safeTxHash %s, Safe %s, nonce %d) with %d stored owner signature(s)",
				stockID, h.Hex(), e.cfg.Safe.Hex(), nonce, presigned),
				Fields: map[string]string{"safe_tx_hash": h.Hex(), "safe": e.cfg.Safe.Hex(), "safe_nonce": fmt.Sprint(nonce), "presigned_id": fmt.Sprint(stockID)}})
			if err != nil {
				return respond.Outcome{}, err
			}
		}
		return e.exec(ctx, req, t, sigs[:st.Threshold], nonce > st.Nonce)
	}
	pr := &respond.Proposal{Safe: e.cfg.Safe, SafeTxHash: h, Nonce: nonce, Threshold: st.Threshold, Owners: st.Owners, Signed: signed, Call: req.Call}
	if e.cfg.Service != nil && len(sigs) > 0 {
		if err := e.cfg.Service.Propose(ctx, e.cfg.Safe, NewProposal(t, h, sigs[0], Origin)); err != nil {
			return respond.Outcome{}, err
		}
		pr.ServiceURL = e.cfg.Service.URL()
		err := e.store(ctx, req, respond.Step{Kind: "safe.proposed", Message: fmt.Sprintf("Safe transaction %s proposed to %s by owner %s", h.Hex(), pr.ServiceURL, sigs[0].Owner.Hex()),
			Fields: map[string]string{"safe_tx_hash": h.Hex(), "service": pr.ServiceURL}})
		if err != nil {
			return respond.Outcome{}, err
		}
	}
	return respond.Outcome{Proposal: pr}, nil
}

// presigned returns the stored signatures of h that are still valid (each
// recovers to its owner, a current owner of the Safe), at most the
// threshold, and the stored transaction's id. A stock that cannot be read
// is noted and the keys held are used instead.
func (e *Executor) presigned(ctx context.Context, req respond.Request, st State, nonce uint64, h common.Hash) ([]Signature, int64) {
	if e.cfg.Stock == nil {
		return nil, 0
	}
	id, stored, err := e.cfg.Stock.Signatures(ctx, e.cfg.Safe, nonce, h)
	if err != nil {
		_ = e.store(ctx, req, respond.Step{Kind: "safe.presigned_unavailable", Message: "pre-signed stock not read: " + err.Error()})
		return nil, 0
	}
	var out []Signature
	var seen []common.Address
	for _, s := range stored {
		signer, err := Recover(h, s.Bytes)
		if err != nil || signer != s.Owner || !slices.Contains(st.Owners, signer) || slices.Contains(seen, signer) {
			continue
		}
		seen = append(seen, signer)
		out = append(out, s)
		if len(out) == st.Threshold {
			break
		}
	}
	return out, id
}

// exec sends execTransaction with the packed signatures from the
// submitter, after simulating it from the submitter's address. A
// transaction at a Safe nonce ahead of the chain's (queued behind others of
// ours not yet mined) cannot be simulated on the latest state; the
// responder simulated its call from the Safe already.
func (e *Executor) exec(ctx context.Context, req respond.Request, t Tx, sigs []Signature, ahead bool) (respond.Outcome, error) {
	data := e.safe.PackExecTransaction(t.To, t.Value, t.Data, t.Operation, t.SafeTxGas, t.BaseGas, t.GasPrice, t.GasToken, t.RefundReceiver, Pack(sigs))
	from := e.cfg.Submitter.From()
	call := respond.Call{To: e.cfg.Safe, Data: data, Value: new(big.Int)}
	if ahead {
		inner, err := e.b.EstimateGas(ctx, ethereum.CallMsg{From: e.cfg.Safe, To: &t.To, Data: t.Data, Value: t.Value})
		if err != nil {
			return respond.Outcome{}, fmt.Errorf("%w: the call from Safe %s would revert: %v", respond.ErrRejected, e.cfg.Safe.Hex(), err)
		}
		call.Gas = inner + inner/2 + safeOverhead
	} else if _, err := e.b.CallContract(ctx, ethereum.CallMsg{From: from, To: &e.cfg.Safe, Data: data}, nil); err != nil {
		return respond.Outcome{}, fmt.Errorf("%w: execTransaction from %s would revert: %v", respond.ErrRejected, from.Hex(), err)
	}
	rc, err := e.cfg.Submitter.SendAtLeast(ctx, req.ActionID, call, req.Record, req.Sent, req.MinTip, req.MinTipNow)
	if err != nil {
		return respond.Outcome{}, err
	}
	if rc.Status == types.ReceiptStatusSuccessful && !e.succeeded(rc) {
		return respond.Outcome{}, errors.New("execTransaction was mined without an ExecutionSuccess event of the Safe")
	}
	return respond.Outcome{Receipt: rc}, nil
}

func (e *Executor) succeeded(rc *types.Receipt) bool {
	for _, l := range rc.Logs {
		if l.Address != e.cfg.Safe {
			continue
		}
		if _, err := e.safe.UnpackExecutionSuccessEvent(l); err == nil {
			return true
		}
	}
	return false
}

// reserve returns the Safe nonce for the action: the chain's, or the next
// after those of our transactions still in flight.
func (e *Executor) reserve(chain uint64, action int64) uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := chain
	for k, a := range e.inflight {
		if a == action {
			if k >= chain {
				return k
			}
			delete(e.inflight, k)
			continue
		}
		if k >= n {
			n = k + 1
		}
	}
	e.inflight[n] = action
	return n
}

func (e *Executor) release(nonce uint64, action int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.inflight[nonce] == action {
		delete(e.inflight, nonce)
	}
}

// store records a step through the request's Note, if any.
func (e *Executor) store(ctx context.Context, req respond.Request, s respond.Step) error {
	if req.Note == nil {
		return nil
	}
	return req.Note(ctx, s)
}
