// Package respond carries out containment: the actions of the plan (pause,
// unpause, a custom call, a role grant or revoke, a proxy upgrade), proposed
// for an incident under the plan's policy (automatically, or once enough
// people holding the named roles approved), simulated from the executor's
// address before anything is sent, and then carried out by an Executor: a
// guardian key (package respond/key) or a Safe multisig (respond/safe).
//
// An action is a store.Action keyed by its incident and its target, written
// together with an outbox item in the transaction that decides it, so that a
// repeated alert or a restart never sends it twice; the outbox Handler
// carries it out. Every step — proposed, approved, simulated, submitted with
// its hash, replaced, mined or failed — is on the incident's timeline and in
// the audit log; a mined pause moves the incident to contained.
package respond

import (
	"context"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Action kinds (store.Action.Kind).
const (
	KindPause      = "pause"
	KindUnpause    = "unpause"
	KindCall       = "call"
	KindGrantRole  = "grant-role"
	KindRevokeRole = "revoke-role"
	KindUpgrade    = "upgrade"
)

// Status is where a containment step is (store.Action.Status). It is the
// store's ActionStatus (the store's record carries it, and the store
// imports no domain package); its values and lifecycle are this package's.
type Status = store.ActionStatus

// Action statuses.
const (
	// StatusProposed: waiting for approvals.
	StatusProposed Status = "proposed"
	// StatusApproved: approved (or automatic), queued for execution.
	StatusApproved Status = "approved"
	// StatusExecuting: being simulated and sent.
	StatusExecuting Status = "executing"
	// StatusSubmitted: a transaction is out, not mined yet.
	StatusSubmitted Status = "submitted"
	// StatusMined: the transaction was mined and succeeded.
	StatusMined Status = "mined"
	// StatusNoop: nothing to do (e.g. the contract was already paused).
	StatusNoop Status = "noop"
	// StatusFailed: the simulation or the transaction reverted, or the
	// action cannot be carried out as planned.
	StatusFailed Status = "failed"
	// StatusAwaitingSignatures: a Safe transaction was proposed and needs
	// more owners' signatures.
	StatusAwaitingSignatures Status = "awaiting_signatures"
	// StatusCancelled: withdrawn before anything was sent (every alert of
	// its incident was retracted by a reorg).
	StatusCancelled Status = "cancelled"
	// StatusRejected: a person rejected it before it was approved; it is
	// never sent.
	StatusRejected Status = "rejected"
)

// Terminal reports whether an action in status s is finished.
func Terminal(s Status) bool {
	switch s {
	case StatusMined, StatusNoop, StatusFailed, StatusAwaitingSignatures, StatusCancelled, StatusRejected:
		return true
	}
	return false
}

// OutboxKind is the outbox item kind of an action to carry out.
const OutboxKind = "respond"

// Errors callers can test with errors.Is.
var (
	// ErrNotApproved: the action still needs approvals.
	ErrNotApproved = errors.New("action not approved")
	// ErrBusy: another process is carrying the action out right now.
	ErrBusy = errors.New("action is being carried out by another process")
	// ErrForbidden: the person may not do this (approve, reject or carry
	// out the action). It is incident.ErrForbidden, so that one test
	// catches every refusal of the plan's policy.
	ErrForbidden = incident.ErrForbidden
	// ErrInvalid: the request names something the plan does not have. It
	// is incident.ErrInvalid.
	ErrInvalid = incident.ErrInvalid
	// ErrRejected: the chain would reject the call (a simulation of what
	// the executor sends reverts); the action fails without sending.
	ErrRejected = errors.New("rejected by simulation")
	// ErrDisplaced: the executor's transaction nonce was used by a
	// transaction that is not ours; the action must be checked and sent
	// again.
	ErrDisplaced = errors.New("transaction displaced by another transaction of the same sender")
	// ErrConfig: the executor cannot be built from this process's
	// configuration (a key or keystore that cannot be read or unlocked).
	// The step is retried, and people are told at once: only they can fix
	// it.
	ErrConfig = errors.New("executor configuration")
)

// Backend is what simulation and the checks before sending need of a node.
// chain.Client satisfies it, as does go-ethereum's ethclient.Client.
type Backend interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error)
	CodeAt(ctx context.Context, account common.Address, block *big.Int) ([]byte, error)
	StorageAt(ctx context.Context, account common.Address, key common.Hash, block *big.Int) ([]byte, error)
}

// Call is one contract call.
type Call struct {
	To    common.Address
	Data  []byte
	Value *big.Int
	// Gas, when set, is the transaction's gas limit; else it is estimated.
	Gas uint64
}

// Step is one step of an executor's work, recorded on the action's
// incident timeline and in the audit log.
type Step struct {
	// Kind is e.g. "submitted", "replaced", "mined", "reverted",
	// "displaced", "fee_cap", "safe.signed".
	Kind    string
	Message string
	// TxHash, Nonce and Block locate the transaction, when there is one.
	TxHash common.Hash
	Nonce  *uint64
	Block  uint64
	// Fields are extra details (fees, the safeTxHash), as text.
	Fields map[string]string
}

// Recorder writes a step inside the store transaction that persists it.
type Recorder func(ctx context.Context, tx store.Tx, s Step) error

// Request is what an Executor carries out.
type Request struct {
	// ActionID is the stored action; sends are idempotent by it.
	ActionID int64
	Call     Call
	// Record records the executor's steps inside a store transaction the
	// executor runs (as the transaction manager does); Note records one in
	// a transaction of its own. Either may be nil.
	Record Recorder
	Note   func(ctx context.Context, s Step) error
	// Sent, if set, is told the hash of each transaction right after it
	// was first broadcast.
	Sent func(hash common.Hash)
	// MinTip, if set, is the least priority fee of the first send (a
	// containment racing a pending exploit, Params.MinTip).
	MinTip *big.Int
	// MinTipNow, if set, is asked while the transaction waits to be mined
	// for the least priority fee it must carry now (the pending exploit
	// it races raised its fee): above the current tip, the transaction is
	// replaced at once.
	MinTipNow func(context.Context) *big.Int
}

// Outcome is what an executor did: a mined transaction, or a Safe
// transaction waiting for signatures.
type Outcome struct {
	// Receipt is the mined transaction's receipt (its Status may say it
	// reverted); nil when nothing was mined.
	Receipt *types.Receipt
	// Proposal is set when a Safe transaction needs more signatures.
	Proposal *Proposal
}

// Proposal is a Safe transaction that needs more owners' signatures.
type Proposal struct {
	Safe       common.Address
	SafeTxHash common.Hash
	// Nonce is the Safe's nonce the transaction uses.
	Nonce     uint64
	Threshold int
	// Owners are the Safe's owners; Signed are those that signed here.
	Owners []common.Address
	Signed []common.Address
	// Call is the Safe transaction's call (operation CALL).
	Call Call
	// ServiceURL is the Safe Transaction Service it was posted to, if any.
	ServiceURL string
}

// Executor carries out calls through one authority.
type Executor interface {
	// From is the account the target contract sees as the caller.
	From() common.Address
	// Describe says what the executor is, for messages, e.g.
	// "key 0xAbC…" or "Safe 0xDeF… (2 of 3 owner keys held, threshold 2)".
	Describe() string
	// Execute carries req out. It must be idempotent by req.ActionID: a
	// second call after a crash resumes the first's transaction instead
	// of sending another. It returns an error wrapping ErrDisplaced when
	// its transaction was displaced before being mined.
	Execute(ctx context.Context, req Request) (Outcome, error)
}

// Executors gives the plan's executors, bound to a network, and the
// network's node. Package respond/executors builds them from the plan.
type Executors interface {
	Executor(ctx context.Context, name, network string) (Executor, error)
	Backend(ctx context.Context, network string) (Backend, error)
}
