// Package txmgr sends containment transactions so that each lands once: one
// nonce sequence per sender, derived from the node's pending nonce and from
// what this process has in flight (never from a counter of its own that
// could drift above the chain); EIP-1559 fees with an urgent priority fee;
// replacement by fee, at least 10% higher, on a timer until the transaction
// is mined or the fee cap is reached; receipts awaited.
//
// Every transaction is recorded in the store (store.SentTx) before it is
// broadcast. A restarted process asked to send for the same action finds
// the record and resumes that transaction, re-signing it byte for byte
// (signatures are deterministic, RFC 6979) and re-broadcasting it, rather
// than sending a second one: a restart never sends twice.
package txmgr

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Backend is what the manager needs of a node. chain.Client (several
// endpoints, failover inside) satisfies it, as does go-ethereum's
// ethclient.Client.
type Backend interface {
	ChainID(ctx context.Context) (*big.Int, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
}

// Signer signs transactions for one address. It never exposes its key.
type Signer interface {
	Address() common.Address
	SignTx(tx *types.Transaction, s types.Signer) (*types.Transaction, error)
}

// Status is where a sent transaction is (store.SentTx.Status): the store's
// SentTxStatus, with the values the manager writes.
type Status = store.SentTxStatus

// Statuses of a store.SentTx written by the manager.
const (
	// StatusPending: broadcast (or about to be), not mined yet.
	StatusPending Status = "pending"
	// StatusMined: mined and succeeded.
	StatusMined Status = "mined"
	// StatusReverted: mined and reverted.
	StatusReverted Status = "reverted"
	// StatusReplaced: another transaction of ours with the same nonce
	// (a fee bump) was mined instead.
	StatusReplaced Status = "replaced"
	// StatusDropped: the nonce was used by a transaction that is not ours.
	StatusDropped Status = "dropped"
)

// Event kinds passed to Request.OnEvent.
const (
	EventSubmitted = "submitted"
	EventReplaced  = "replaced"
	EventMined     = "mined"
	EventReverted  = "reverted"
	EventDisplaced = "displaced"
	EventFeeCap    = "fee_cap"
	// EventOutbid: the pending transaction raced asks a tip the fee cap
	// cannot reach.
	EventOutbid = "outbid"
)

// ErrNonceTaken is returned by Send when the nonce of the action's
// transaction was used by a transaction that is not ours (someone else
// sent from the same key): nothing of ours landed; the caller should check
// again whether the action is still needed and send again.
var ErrNonceTaken = errors.New("nonce used by another transaction from the same sender")

// ErrFatal wraps a refusal that sending again will not cure (insufficient
// funds aside, which is reported as retryable: funds can arrive).
var ErrFatal = errors.New("transaction refused")

// Defaults of Config.
const (
	DefaultBumpPercent = 20
	DefaultBumpEvery   = 3 * time.Second
	DefaultPoll        = 200 * time.Millisecond
	DefaultGasMargin   = 25
	// DefaultReceiptGrace is Config.ReceiptGrace's default.
	DefaultReceiptGrace = 2 * time.Second
)

// Defaults of Config in wei.
var (
	// DefaultPriorityFee is the urgent tip of a first send when the plan
	// sets none: 2 gwei, or the node's suggestion if higher.
	DefaultPriorityFee = big.NewInt(2 * params.GWei)
	// DefaultMaxFeePerGas caps every bump when the plan sets no max_fee:
	// 500 gwei (plan.DefaultMaxFee).
	DefaultMaxFeePerGas = big.NewInt(500 * params.GWei)
)

// Config tunes a Manager. Zero fields take the defaults.
type Config struct {
	// PriorityFee is the tip of a first send: the plan's
	// networks[].fees.max_priority_fee. Nil: the larger of
	// DefaultPriorityFee and the node's suggestion. Set, it is used as is
	// (an operator's choice, or a test's deliberately low tip).
	PriorityFee *big.Int
	// MaxFeePerGas caps the fee cap of every send and bump: the plan's
	// networks[].fees.max_fee [DefaultMaxFeePerGas].
	MaxFeePerGas *big.Int
	// BumpPercent is the fee increase of a replacement; below 10 (the
	// minimum nodes accept) it is raised to 10 [20].
	BumpPercent int64
	// BumpEvery is how long a transaction may wait unmined before it is
	// replaced with higher fees [3s].
	BumpEvery time.Duration
	// Poll is how often receipts and nonces are checked [200ms].
	Poll time.Duration
	// ReceiptGrace is how long the sender's nonce may be seen used with no
	// receipt of any version of ours before the transaction is taken as
	// displaced by someone else's [2s]: a node's receipts can lag its state.
	ReceiptGrace time.Duration
	// GasMargin is the percentage added to the gas estimate [25].
	GasMargin uint64
	// Relays are private submission endpoints that every transaction is
	// also sent to (eth_sendRawTransaction); their failures are logged,
	// never fatal: the node's pool stays the path that counts.
	Relays []Relay
}

// Relay takes signed transactions privately.
type Relay interface {
	// Name identifies the relay in logs, never with a credential.
	Name() string
	SendRawTransaction(ctx context.Context, raw []byte) error
}

func (c *Config) defaults() {
	if c.MaxFeePerGas == nil {
		c.MaxFeePerGas = DefaultMaxFeePerGas
	}
	if c.BumpPercent == 0 {
		c.BumpPercent = DefaultBumpPercent
	}
	c.BumpPercent = max(c.BumpPercent, 10)
	if c.BumpEvery <= 0 {
		c.BumpEvery = DefaultBumpEvery
	}
	if c.Poll <= 0 {
		c.Poll = DefaultPoll
	}
	if c.ReceiptGrace <= 0 {
		c.ReceiptGrace = DefaultReceiptGrace
	}
	if c.GasMargin == 0 {
		c.GasMargin = DefaultGasMargin
	}
}

// Manager sends transactions on one chain.
type Manager struct {
	b       Backend
	s       store.Store
	chainID *big.Int
	cfg     Config
	log     *slog.Logger

	mu      sync.Mutex
	senders map[common.Address]*sender
}

// sender is the in-process state of one sending address: the nonces of the
// sends in flight here, so that concurrent sends never share a nonce even
// before the node's pool has seen them.
type sender struct {
	mu       sync.Mutex
	inflight map[uint64]int64 // nonce → action
}

// New returns a manager for the chain b serves (its chain id is asked
// once), recording sent transactions in s.
func New(ctx context.Context, b Backend, s store.Store, cfg Config, log *slog.Logger) (*Manager, error) {
	cfg.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	id, err := b.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("tx manager: chain id: %w", err)
	}
	return &Manager{b: b, s: s, chainID: id, cfg: cfg, log: log, senders: map[common.Address]*sender{}}, nil
}

// ChainID is the chain the manager sends on.
func (m *Manager) ChainID() *big.Int { return new(big.Int).Set(m.chainID) }

// Event is one step of a send, handed to Request.OnEvent inside the store
// transaction that records it.
type Event struct {
	Kind   string
	TxHash common.Hash
	Nonce  uint64
	// Tip and FeeCap are the transaction's fees (wei).
	Tip, FeeCap *big.Int
	// Replaces is the hash a replacement replaces.
	Replaces common.Hash
	// Block is where it was mined (EventMined, EventReverted).
	Block uint64
	// Receipt is set for EventMined and EventReverted.
	Receipt *types.Receipt
}

// Request is one transaction to land.
type Request struct {
	// ActionID identifies what the transaction carries out; a Send for an
	// action that already has transactions recorded resumes them. Required.
	ActionID int64
	From     Signer
	To       common.Address
	Data     []byte
	Value    *big.Int
	// GasLimit, if 0, is estimated (plus the margin).
	GasLimit uint64
	// MinTip, if set, is the least priority fee of the first send: a
	// containment racing a pending transaction is priced above it (still
	// within MaxFeePerGas).
	MinTip *big.Int
	// MinTipNow, if set, is asked on every poll while the transaction
	// waits: when it returns more than the current tip (the pending
	// transaction raced raised its fee), the transaction is replaced at once
	// with at least that tip, within MaxFeePerGas; where the cap cannot
	// reach it, an EventOutbid is recorded once.
	MinTipNow func(context.Context) *big.Int
	// OnEvent, if set, is called inside the store transaction of each step
	// (submitted, replaced, mined, reverted, displaced), so the step's record
	// and whatever the caller writes about it commit together.
	OnEvent func(ctx context.Context, tx store.Tx, ev Event) error
	// OnBroadcast, if set, is called right after the first version of the
	// transaction was handed to the node (not for resumed sends).
	OnBroadcast func(hash common.Hash)
}

// Send lands req's transaction and returns its receipt (which may show a
// revert). It returns ErrNonceTaken if another transaction took its nonce;
// on a context end it returns the context's error with the transaction
// still recorded as pending, to be resumed by the next Send for the action.
func (m *Manager) Send(ctx context.Context, req Request) (*types.Receipt, error) {
	if req.ActionID == 0 || req.From == nil {
		return nil, errors.New("tx manager: a send needs an action id and a signer")
	}
	if req.Value == nil {
		req.Value = new(big.Int)
	}
	from := req.From.Address()
	recs, err := m.s.SentTxs(ctx, store.SentTxFilter{ChainID: m.chainID.Uint64(), Sender: lower(from), ActionID: req.ActionID})
	if err != nil {
		return nil, fmt.Errorf("read sent transactions of action %d: %w", req.ActionID, err)
	}
	for _, r := range recs {
		if r.Status == StatusMined || r.Status == StatusReverted {
			rc, err := m.b.TransactionReceipt(ctx, common.HexToHash(r.TxHash))
			if err != nil {
				return nil, fmt.Errorf("receipt of %s: %w", r.TxHash, err)
			}
			return rc, nil
		}
	}
	var pending []store.SentTx
	for _, r := range recs {
		if r.Status == StatusPending {
			pending = append(pending, r)
		}
	}
	snd := m.sender(from)
	var f *flight
	if len(pending) > 0 {
		f, err = m.resume(ctx, req, pending)
	} else {
		f, err = m.start(ctx, req, snd)
	}
	if f != nil {
		defer snd.release(f.nonce, req.ActionID)
	}
	if err != nil {
		return nil, err
	}
	return m.wait(ctx, req, f)
}

// flight is one nonce's transactions of an action: the latest and the
// hashes of every version sent.
type flight struct {
	nonce    uint64
	gas      uint64
	tip, cap *big.Int
	latest   *types.Transaction
	hashes   []common.Hash
	sentAt   time.Time
	capped   bool
	// outbidAt is the least tip asked of the flight that the cap could not
	// reach (told once).
	outbidAt *big.Int
	// usedSince is when the nonce was first seen used with no receipt of
	// ours (zero: not seen so).
	usedSince time.Time
}

func (m *Manager) sender(a common.Address) *sender {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.senders[a]
	if !ok {
		s = &sender{inflight: map[uint64]int64{}}
		m.senders[a] = s
	}
	return s
}

func (s *sender) release(nonce uint64, action int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight[nonce] == action {
		delete(s.inflight, nonce)
	}
}

// start reserves a nonce, prices, signs and records the first transaction
// of req, then broadcasts it.
func (m *Manager) start(ctx context.Context, req Request, snd *sender) (*flight, error) {
	from := req.From.Address()
	gas := req.GasLimit
	if gas == 0 {
		est, err := m.b.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &req.To, Data: req.Data, Value: req.Value})
		if err != nil {
			return nil, fmt.Errorf("estimate gas from %s: %w", from, err)
		}
		gas = est + est*m.cfg.GasMargin/100
	}
	tip, feeCap, err := m.price(ctx, req.MinTip)
	if err != nil {
		return nil, err
	}
	snd.mu.Lock()
	nonce, err := m.b.PendingNonceAt(ctx, from)
	if err != nil {
		snd.mu.Unlock()
		return nil, fmt.Errorf("pending nonce of %s: %w", from, err)
	}
	// The node's pending nonce counts what its pool holds; sends in flight
	// here that it has not seen yet (just broadcast, or sent through another
	// endpoint) come on top. Nothing else: a counter of our own could drift
	// above the chain and jam every later send.
	for n := range snd.inflight {
		if n >= nonce {
			nonce = n + 1
		}
	}
	snd.inflight[nonce] = req.ActionID
	snd.mu.Unlock()

	f := &flight{nonce: nonce, gas: gas, tip: tip, cap: feeCap}
	tx, err := m.sign(req, f)
	if err != nil {
		snd.release(nonce, req.ActionID)
		return nil, err
	}
	if err := m.record(ctx, req, f, tx, Event{Kind: EventSubmitted}); err != nil {
		snd.release(nonce, req.ActionID)
		return nil, err
	}
	m.log.Info("transaction submitted", "action", req.ActionID, "from", from, "nonce", nonce, "tx", tx.Hash(), "tip", tip, "fee_cap", feeCap)
	err = m.broadcast(ctx, tx)
	if req.OnBroadcast != nil {
		req.OnBroadcast(tx.Hash())
	}
	if err != nil && !errors.Is(err, errNonceUsed) {
		return f, err
	}
	return f, nil
}

// resume picks up the pending transactions of an action recorded by an
// earlier run: it re-signs the latest (same nonce, gas and fees, hence the
// same hash) and broadcasts it again.
func (m *Manager) resume(ctx context.Context, req Request, pending []store.SentTx) (*flight, error) {
	last := pending[0]
	for _, r := range pending {
		if r.Nonce > last.Nonce || (r.Nonce == last.Nonce && r.ID > last.ID) {
			last = r
		}
	}
	f := &flight{nonce: last.Nonce, gas: last.GasLimit}
	var ok bool
	if f.tip, ok = new(big.Int).SetString(last.MaxPriorityFeePerGas, 10); !ok {
		return nil, fmt.Errorf("sent tx %s: bad priority fee %q", last.TxHash, last.MaxPriorityFeePerGas)
	}
	if f.cap, ok = new(big.Int).SetString(last.MaxFeePerGas, 10); !ok {
		return nil, fmt.Errorf("sent tx %s: bad fee cap %q", last.TxHash, last.MaxFeePerGas)
	}
	for _, r := range pending {
		if r.Nonce == last.Nonce {
			f.hashes = append(f.hashes, common.HexToHash(r.TxHash))
		}
	}
	snd := m.sender(req.From.Address())
	snd.mu.Lock()
	snd.inflight[f.nonce] = req.ActionID
	snd.mu.Unlock()
	tx, err := m.sign(req, f)
	if err != nil {
		return nil, err
	}
	if tx.Hash() != common.HexToHash(last.TxHash) {
		// The request changed since (a new plan): what we can sign now is
		// a replacement of what is in flight at this nonce, sent at once.
		m.log.Warn("resumed transaction differs from the recorded one; replacing it", "action", req.ActionID, "recorded", last.TxHash, "now", tx.Hash())
		return f, nil
	}
	f.latest, f.sentAt = tx, time.Now()
	m.log.Info("resuming transaction", "action", req.ActionID, "tx", tx.Hash(), "nonce", f.nonce)
	if err := m.broadcast(ctx, tx); err != nil && !errors.Is(err, errNonceUsed) {
		m.log.Warn("re-broadcast failed", "tx", tx.Hash(), "err", err)
	}
	return f, nil
}

// price returns the tip and fee cap of a first send: the urgent tip, and
// a cap of twice the base fee plus the tip (room for six full blocks of
// base fee rises), within MaxFeePerGas. minTip, if not nil, raises the tip
// to at least it.
func (m *Manager) price(ctx context.Context, minTip *big.Int) (tip, feeCap *big.Int, err error) {
	head, err := m.b.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("read head: %w", err)
	}
	if m.cfg.PriorityFee != nil {
		tip = new(big.Int).Set(m.cfg.PriorityFee)
	} else {
		tip = new(big.Int).Set(DefaultPriorityFee)
		if s, err := m.b.SuggestGasTipCap(ctx); err == nil && s.Cmp(tip) > 0 {
			tip = s
		}
	}
	if minTip != nil && minTip.Cmp(tip) > 0 {
		tip = new(big.Int).Set(minTip)
	}
	base := head.BaseFee
	if base == nil {
		base = new(big.Int)
	}
	feeCap = new(big.Int).Add(new(big.Int).Mul(base, big.NewInt(2)), tip)
	if feeCap.Cmp(m.cfg.MaxFeePerGas) > 0 {
		feeCap = new(big.Int).Set(m.cfg.MaxFeePerGas)
	}
	if tip.Cmp(feeCap) > 0 {
		tip = new(big.Int).Set(feeCap)
	}
	if feeCap.Cmp(base) < 0 {
		return nil, nil, fmt.Errorf("%w: the base fee %s wei is above the fee cap %s wei", ErrFatal, base, m.cfg.MaxFeePerGas)
	}
	return tip, feeCap, nil
}

func (m *Manager) sign(req Request, f *flight) (*types.Transaction, error) {
	tx := types.NewTx(&types.DynamicFeeTx{
		ChainID: m.chainID, Nonce: f.nonce, GasTipCap: f.tip, GasFeeCap: f.cap, Gas: f.gas,
		To: &req.To, Value: req.Value, Data: req.Data,
	})
	signed, err := req.From.SignTx(tx, types.LatestSignerForChainID(m.chainID))
	if err != nil {
		return nil, fmt.Errorf("sign transaction of %s: %w", req.From.Address(), err)
	}
	return signed, nil
}

// record writes tx as sent (pending) with ev, before it is broadcast.
func (m *Manager) record(ctx context.Context, req Request, f *flight, tx *types.Transaction, ev Event) error {
	ev.TxHash, ev.Nonce, ev.Tip, ev.FeeCap = tx.Hash(), f.nonce, f.tip, f.cap
	err := m.s.Tx(ctx, func(stx store.Tx) error {
		if _, err := stx.RecordSentTx(ctx, store.SentTx{
			ChainID: m.chainID.Uint64(), Sender: lower(req.From.Address()), Nonce: f.nonce, TxHash: lower(tx.Hash()),
			ActionID: req.ActionID, GasLimit: f.gas, MaxFeePerGas: f.cap.String(), MaxPriorityFeePerGas: f.tip.String(),
			Status: StatusPending,
		}); err != nil {
			return err
		}
		if req.OnEvent != nil {
			return req.OnEvent(ctx, stx, ev)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record transaction %s: %w", tx.Hash(), err)
	}
	f.latest, f.sentAt = tx, time.Now()
	f.hashes = append(f.hashes, tx.Hash())
	return nil
}

// wait polls for a receipt of any version of the flight, bumps fees on
// the timer, and notices a nonce taken by someone else.
func (m *Manager) wait(ctx context.Context, req Request, f *flight) (*types.Receipt, error) {
	t := time.NewTicker(m.cfg.Poll)
	defer t.Stop()
	from := req.From.Address()
	for {
		if rc, _, err := m.receipt(ctx, f); err != nil {
			return nil, err
		} else if rc != nil {
			return rc, m.settle(ctx, req, f, rc)
		}
		mined, err := m.b.NonceAt(ctx, from, nil)
		if err != nil {
			m.log.Warn("read nonce", "from", from, "err", err)
		} else if mined > f.nonce {
			// The nonce is used. Ours, if a receipt appears now (the head
			// moved between the two reads); someone else's only if the
			// node said of every version that it has no receipt: a lookup
			// that failed (a timeout under load) is asked again on the
			// next tick, never taken for "not ours".
			// A node's receipts can also lag its state (anvil under load,
			// go-ethereum while its transaction index catches up): "not
			// found" is believed only once it has lasted ReceiptGrace.
			rc, sure, err := m.receipt(ctx, f)
			switch {
			case err != nil:
				return nil, err
			case rc != nil:
				return rc, m.settle(ctx, req, f, rc)
			case sure && f.usedSince.IsZero():
				f.usedSince = time.Now()
			case sure && time.Since(f.usedSince) >= m.cfg.ReceiptGrace:
				return nil, m.displaced(ctx, req, f)
			}
		} else {
			f.usedSince = time.Time{}
		}
		var want *big.Int
		if req.MinTipNow != nil {
			if w := req.MinTipNow(ctx); w != nil && w.Cmp(f.tip) > 0 && (f.outbidAt == nil || w.Cmp(f.outbidAt) != 0) {
				want = w
			}
		}
		if want != nil || time.Since(f.sentAt) >= m.cfg.BumpEvery {
			if err := m.bump(ctx, req, f, want); err != nil {
				return nil, err
			}
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for transaction %s (nonce %d): %w", f.current().Hex(), f.nonce, ctx.Err())
		case <-t.C:
		}
	}
}

// receipt returns the receipt of any version of the flight, newest first;
// sure reports, when there is none, that the node answered "not found" for
// every version (rather than failing to answer for some).
func (m *Manager) receipt(ctx context.Context, f *flight) (rc *types.Receipt, sure bool, err error) {
	sure = true
	for i := len(f.hashes) - 1; i >= 0; i-- {
		rc, err := m.b.TransactionReceipt(ctx, f.hashes[i])
		if err == nil && rc != nil {
			return rc, true, nil
		}
		if err != nil && !errors.Is(err, ethereum.NotFound) && !notFound(err) {
			if ctx.Err() != nil {
				return nil, false, ctx.Err()
			}
			sure = false
			m.log.Debug("receipt", "tx", f.hashes[i], "err", err)
		}
	}
	return nil, sure, nil
}

// bump replaces the flight's transaction with fees BumpPercent higher
// (and at least the urgent price now), within MaxFeePerGas. When the cap
// leaves no room for the 10% nodes require, it re-broadcasts the current
// transaction instead and says once that the cap is reached.
func (m *Manager) bump(ctx context.Context, req Request, f *flight, minTip *big.Int) error {
	tip := percentUp(f.tip, m.cfg.BumpPercent)
	feeCap := percentUp(f.cap, m.cfg.BumpPercent)
	if minTip != nil && minTip.Cmp(tip) > 0 {
		tip = new(big.Int).Set(minTip)
		if base := new(big.Int).Sub(f.cap, f.tip); new(big.Int).Add(base, tip).Cmp(feeCap) > 0 {
			feeCap = new(big.Int).Add(base, tip)
		}
	}
	if nowTip, nowCap, err := m.price(ctx, nil); err == nil {
		if nowCap.Cmp(feeCap) > 0 {
			feeCap = nowCap
		}
		if m.cfg.PriorityFee == nil && nowTip.Cmp(tip) > 0 {
			tip = nowTip
		}
	}
	if tip.Cmp(feeCap) > 0 {
		feeCap = new(big.Int).Set(tip)
	}
	feeCap = bigMin(feeCap, m.cfg.MaxFeePerGas)
	tip = bigMin(tip, feeCap)
	if minTip != nil && tip.Cmp(minTip) < 0 {
		f.outbidAt = minTip
		m.log.Warn("outbid: the fee cap keeps the containment's tip below what it races", "action", req.ActionID, "tip", tip, "wanted", minTip, "max_fee", m.cfg.MaxFeePerGas)
		ev := Event{Kind: EventOutbid, TxHash: f.current(), Nonce: f.nonce, Tip: tip, FeeCap: feeCap}
		if req.OnEvent != nil {
			if err := m.s.Tx(ctx, func(stx store.Tx) error { return req.OnEvent(ctx, stx, ev) }); err != nil {
				return fmt.Errorf("record outbid: %w", err)
			}
		}
	}
	if f.latest != nil && (feeCap.Cmp(percentUp(f.cap, 10)) < 0 || tip.Cmp(percentUp(f.tip, 10)) < 0) {
		if !f.capped {
			f.capped = true
			m.log.Warn("fee cap reached; waiting with the current fees", "tx", f.latest.Hash(), "fee_cap", f.cap, "max", m.cfg.MaxFeePerGas)
			ev := Event{Kind: EventFeeCap, TxHash: f.latest.Hash(), Nonce: f.nonce, Tip: f.tip, FeeCap: f.cap}
			if req.OnEvent != nil {
				if err := m.s.Tx(ctx, func(stx store.Tx) error { return req.OnEvent(ctx, stx, ev) }); err != nil {
					return fmt.Errorf("record fee cap: %w", err)
				}
			}
		}
		f.sentAt = time.Now()
		if err := m.broadcast(ctx, f.latest); err != nil && !errors.Is(err, errNonceUsed) {
			m.log.Warn("re-broadcast failed", "tx", f.latest.Hash(), "err", err)
		}
		return nil
	}
	replaces := f.current()
	next := &flight{nonce: f.nonce, gas: f.gas, tip: tip, cap: feeCap}
	tx, err := m.sign(req, next)
	if err != nil {
		return err
	}
	f.tip, f.cap = tip, feeCap
	if err := m.record(ctx, req, f, tx, Event{Kind: EventReplaced, Replaces: replaces}); err != nil {
		return err
	}
	m.log.Info("transaction replaced with higher fees", "action", req.ActionID, "nonce", f.nonce, "tx", tx.Hash(), "replaces", replaces, "tip", tip, "fee_cap", feeCap)
	if err := m.broadcast(ctx, tx); err != nil && !errors.Is(err, errNonceUsed) {
		m.log.Warn("broadcast of replacement failed", "tx", tx.Hash(), "err", err)
	}
	return nil
}

// percentUp returns v raised by pct percent, rounded up, plus one wei.
func percentUp(v *big.Int, pct int64) *big.Int {
	n := new(big.Int).Mul(v, big.NewInt(100+pct))
	n.Add(n, big.NewInt(99))
	n.Div(n, big.NewInt(100))
	return n.Add(n, big.NewInt(1))
}

// settle records the mined transaction and marks the other versions
// replaced.
func (m *Manager) settle(ctx context.Context, req Request, f *flight, rc *types.Receipt) error {
	status, kind := StatusMined, EventMined
	if rc.Status != types.ReceiptStatusSuccessful {
		status, kind = StatusReverted, EventReverted
	}
	err := m.s.Tx(ctx, func(stx store.Tx) error {
		for _, h := range f.hashes {
			st := StatusReplaced
			var block uint64
			if h == rc.TxHash {
				st, block = status, rc.BlockNumber.Uint64()
			}
			if err := stx.UpdateSentTx(ctx, store.SentTx{ChainID: m.chainID.Uint64(), TxHash: lower(h), Status: st, BlockNumber: block}); err != nil {
				return err
			}
		}
		if req.OnEvent != nil {
			return req.OnEvent(ctx, stx, Event{Kind: kind, TxHash: rc.TxHash, Nonce: f.nonce, Block: rc.BlockNumber.Uint64(), Receipt: rc, Tip: f.tip, FeeCap: f.cap})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record receipt of %s: %w", rc.TxHash, err)
	}
	m.log.Info("transaction mined", "action", req.ActionID, "tx", rc.TxHash, "block", rc.BlockNumber, "status", status)
	return nil
}

func (m *Manager) displaced(ctx context.Context, req Request, f *flight) error {
	err := m.s.Tx(ctx, func(stx store.Tx) error {
		for _, h := range f.hashes {
			if err := stx.UpdateSentTx(ctx, store.SentTx{ChainID: m.chainID.Uint64(), TxHash: lower(h), Status: StatusDropped, Error: ErrNonceTaken.Error()}); err != nil {
				return err
			}
		}
		if req.OnEvent != nil {
			return req.OnEvent(ctx, stx, Event{Kind: EventDisplaced, TxHash: f.current(), Nonce: f.nonce})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record displaced transaction: %w", err)
	}
	m.log.Warn("nonce used by another transaction", "action", req.ActionID, "from", req.From.Address(), "nonce", f.nonce)
	return fmt.Errorf("nonce %d of %s: %w", f.nonce, req.From.Address(), ErrNonceTaken)
}

// errNonceUsed: the node says the nonce is used (by us or someone else);
// the wait loop finds out which.
var errNonceUsed = errors.New("nonce already used")

// broadcast sends tx; "already known" is success, a used nonce is
// errNonceUsed, and a price refusal is left for the next bump.
func (m *Manager) broadcast(ctx context.Context, tx *types.Transaction) error {
	if len(m.cfg.Relays) > 0 {
		m.relay(ctx, tx)
	}
	err := m.b.SendTransaction(ctx, tx)
	if err == nil {
		return nil
	}
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "already known"), strings.Contains(msg, "known transaction"), strings.Contains(msg, "already imported"):
		return nil
	case strings.Contains(msg, "nonce too low"), strings.Contains(msg, "nonce has already been used"), strings.Contains(msg, "oldnonce"):
		return errNonceUsed
	case strings.Contains(msg, "underpriced"), strings.Contains(msg, "fee too low"), strings.Contains(msg, "less than block base fee"):
		m.log.Warn("transaction refused for its price; it will be bumped", "tx", tx.Hash(), "err", err)
		return nil
	case strings.Contains(msg, "insufficient funds"):
		return fmt.Errorf("send %s: %w", tx.Hash(), err)
	case strings.Contains(msg, "intrinsic gas too low"), strings.Contains(msg, "exceeds block gas limit"), strings.Contains(msg, "invalid sender"):
		return fmt.Errorf("send %s: %w: %w", tx.Hash(), ErrFatal, err)
	}
	// A transport failure: the transaction may or may not have reached the
	// node. It is recorded; the wait loop re-broadcasts on its timer.
	m.log.Warn("broadcast failed; will retry", "tx", tx.Hash(), "err", err)
	return nil
}

// relay sends tx to the private relays, each at once and without waiting
// for the slowest; what they answer is logged.
func (m *Manager) relay(ctx context.Context, tx *types.Transaction) {
	raw, err := tx.MarshalBinary()
	if err != nil {
		m.log.Error("encode transaction for the private relays", "tx", tx.Hash(), "err", err)
		return
	}
	for _, r := range m.cfg.Relays {
		go func() {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := r.SendRawTransaction(rctx, raw); err != nil {
				msg := strings.ToLower(err.Error())
				if strings.Contains(msg, "already known") || strings.Contains(msg, "known transaction") {
					return
				}
				m.log.Warn("private relay refused the transaction", "relay", r.Name(), "tx", tx.Hash(), "err", err)
				return
			}
			m.log.Info("transaction sent to the private relay", "relay", r.Name(), "tx", tx.Hash())
		}()
	}
}

func notFound(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "not found")
}

func lower(v interface{ Hex() string }) string { return strings.ToLower(v.Hex()) }

// current is the hash of the latest version recorded.
func (f *flight) current() common.Hash {
	if len(f.hashes) == 0 {
		return common.Hash{}
	}
	return f.hashes[len(f.hashes)-1]
}

func bigMin(a, b *big.Int) *big.Int {
	if a.Cmp(b) > 0 {
		return new(big.Int).Set(b)
	}
	return a
}
