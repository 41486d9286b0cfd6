// Package key is the "key" executor: a guardian private key held by the
// user (a hex key from an env: or file: reference, or a go-ethereum
// encrypted keystore unlocked with a password reference) that sends
// containment transactions itself through the transaction manager.
//
// The key never leaves this package's Signer: it is not logged, printed,
// marshalled or stored, and errors about it name the reference, never the
// value.
package key

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/txmgr"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Signer holds a private key and signs with it. Every way of printing or
// encoding a Signer shows its address only.
type Signer struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

// NewSigner returns a signer for k.
func NewSigner(k *ecdsa.PrivateKey) *Signer {
	return &Signer{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
}

// Load reads the key of a key executor: e.Keystore (relative to dir, the
// plan file's directory) unlocked with e.Password, or the hex key e.Key.
func Load(e plan.Executor, dir string) (*Signer, error) {
	if e.Keystore != "" {
		path := e.Keystore
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		blob, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("executor %s: read keystore: %w", e.Name, err)
		}
		pass, err := e.Password.Resolve()
		if err != nil {
			return nil, fmt.Errorf("executor %s: keystore password: %w", e.Name, err)
		}
		k, err := keystore.DecryptKey(blob, pass)
		if err != nil {
			// go-ethereum's messages ("could not decrypt key with given
			// password") hold no secret.
			return nil, fmt.Errorf("executor %s: unlock keystore %s with %s: %w", e.Name, e.Keystore, e.Password, err)
		}
		return NewSigner(k.PrivateKey), nil
	}
	raw, err := e.Key.Resolve()
	if err != nil {
		return nil, fmt.Errorf("executor %s: key: %w", e.Name, err)
	}
	s, err := ParseHex(raw)
	if err != nil {
		return nil, fmt.Errorf("executor %s: key %s: %w", e.Name, e.Key, err)
	}
	return s, nil
}

// errBadKey never repeats the text it was given.
var errBadKey = errors.New("not a private key: want 64 hex digits, optionally 0x-prefixed")

// ParseHex parses a hex private key. Its error never repeats the input.
func ParseHex(s string) (*Signer, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "0x")
	if len(s) != 64 {
		return nil, errBadKey
	}
	b, err := hexutil.Decode("0x" + s)
	if err != nil {
		return nil, errBadKey
	}
	k, err := crypto.ToECDSA(b)
	if err != nil {
		return nil, errBadKey
	}
	return NewSigner(k), nil
}

// Address is the key's address.
func (s *Signer) Address() common.Address { return s.addr }

// SignTx signs tx.
func (s *Signer) SignTx(tx *types.Transaction, signer types.Signer) (*types.Transaction, error) {
	return types.SignTx(tx, signer, s.key)
}

// SignHash signs a 32-byte hash; v is 0 or 1.
func (s *Signer) SignHash(hash common.Hash) ([]byte, error) {
	return crypto.Sign(hash[:], s.key)
}

// String shows the address only.
func (s *Signer) String() string { return "key(" + s.addr.Hex() + ")" }

// GoString shows the address only.
func (s *Signer) GoString() string { return s.String() }

// Format shows the address only, whatever the verb.
func (s *Signer) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// LogValue shows the address only.
func (s *Signer) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText shows the address only.
func (s *Signer) MarshalText() ([]byte, error) { return []byte(s.addr.Hex()), nil }

// Executor sends calls from a key through a transaction manager.
type Executor struct {
	signer *Signer
	tx     *txmgr.Manager
}

// New returns a key executor.
func New(s *Signer, tx *txmgr.Manager) *Executor { return &Executor{signer: s, tx: tx} }

// From is the key's address.
func (e *Executor) From() common.Address { return e.signer.Address() }

// Describe says "key 0x…".
func (e *Executor) Describe() string { return "key " + e.signer.Address().Hex() }

// Execute sends req's call from the key and waits until it is mined.
func (e *Executor) Execute(ctx context.Context, req respond.Request) (respond.Outcome, error) {
	rc, err := e.send(ctx, req.ActionID, req.Call, req.Record, req.Sent, req.MinTip, req.MinTipNow)
	if err != nil {
		return respond.Outcome{}, err
	}
	return respond.Outcome{Receipt: rc}, nil
}

// Send lands call from the key for action id, recording each step with
// record and telling sent about the first broadcast (either may be nil).
// The Safe executor submits execTransaction with it.
func (e *Executor) Send(ctx context.Context, id int64, call respond.Call, record respond.Recorder, sent func(common.Hash)) (*types.Receipt, error) {
	return e.send(ctx, id, call, record, sent, nil, nil)
}

// SendAtLeast is Send with a least priority fee for the first send (nil:
// the plan's) and, with minTipNow, while it waits: the Safe executor's
// submission of a containment racing a pending exploit.
func (e *Executor) SendAtLeast(ctx context.Context, id int64, call respond.Call, record respond.Recorder, sent func(common.Hash), minTip *big.Int, minTipNow func(context.Context) *big.Int) (*types.Receipt, error) {
	return e.send(ctx, id, call, record, sent, minTip, minTipNow)
}

// send is Send with the least priority fee of the first send (nil: the
// plan's).
func (e *Executor) send(ctx context.Context, id int64, call respond.Call, record respond.Recorder, sent func(common.Hash), minTip *big.Int, minTipNow func(context.Context) *big.Int) (*types.Receipt, error) {
	rc, err := e.tx.Send(ctx, txmgr.Request{
		ActionID: id, From: e.signer, To: call.To, Data: call.Data, Value: call.Value, GasLimit: call.Gas, OnBroadcast: sent, MinTip: minTip, MinTipNow: minTipNow,
		OnEvent: func(ctx context.Context, tx store.Tx, ev txmgr.Event) error {
			if record == nil {
				return nil
			}
			return record(ctx, tx, step(e.signer.Address(), ev))
		},
	})
	if errors.Is(err, txmgr.ErrNonceTaken) {
		return nil, fmt.Errorf("%w: %w", respond.ErrDisplaced, err)
	}
	return rc, err
}

// step describes a transaction manager event.
func step(from common.Address, ev txmgr.Event) respond.Step {
	n := ev.Nonce
	s := respond.Step{Kind: ev.Kind, TxHash: ev.TxHash, Nonce: &n, Block: ev.Block, Fields: map[string]string{"from": from.Hex()}}
	if ev.Tip != nil {
		s.Fields["max_priority_fee_per_gas"] = ev.Tip.String()
		s.Fields["max_fee_per_gas"] = ev.FeeCap.String()
	}
	switch ev.Kind {
	case txmgr.EventSubmitted:
		s.Message = fmt.Sprintf("transaction %s submitted from %s (nonce %d, tip %s wei, fee cap %s wei)", ev.TxHash.Hex(), from.Hex(), ev.Nonce, ev.Tip, ev.FeeCap)
	case txmgr.EventReplaced:
		s.Fields["replaces"] = ev.Replaces.Hex()
		s.Message = fmt.Sprintf("transaction %s replaced by %s with higher fees (nonce %d, tip %s wei, fee cap %s wei)", ev.Replaces.Hex(), ev.TxHash.Hex(), ev.Nonce, ev.Tip, ev.FeeCap)
	case txmgr.EventMined:
		s.Message = fmt.Sprintf("transaction %s mined in block %d (gas used %d)", ev.TxHash.Hex(), ev.Block, ev.Receipt.GasUsed)
	case txmgr.EventReverted:
		s.Message = fmt.Sprintf("transaction %s reverted in block %d", ev.TxHash.Hex(), ev.Block)
	case txmgr.EventDisplaced:
		s.Message = fmt.Sprintf("nonce %d of %s was used by another transaction before %s was mined; checking again and re-sending", ev.Nonce, from.Hex(), ev.TxHash.Hex())
	case txmgr.EventOutbid:
		s.Message = fmt.Sprintf("outbid: the pending transaction raced asks a tip above what the fee cap allows; %s stays at tip %s wei (fee cap %s wei)", ev.TxHash.Hex(), ev.Tip, ev.FeeCap)
	case txmgr.EventFeeCap:
		s.Message = fmt.Sprintf("transaction %s not mined yet and the fee cap is reached (fee cap %s wei): waiting", ev.TxHash.Hex(), ev.FeeCap)
	default:
		s.Message = fmt.Sprintf("transaction %s: %s", ev.TxHash.Hex(), ev.Kind)
	}
	return s
}
