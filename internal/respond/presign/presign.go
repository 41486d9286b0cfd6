// Package presign keeps a stock of pre-signed Safe transactions: the
// containment actions of a Safe executor (a pause for each of its targets)
// prepared at the Safe's next nonces, signed by the owners ahead of an
// incident in their own wallets (EIP-712 typed data), and stored with
// their signatures — never a key. On alarm the Safe executor
// (respond/safe, through Stock) executes the one at the Safe's current
// nonce with the stored signatures through its submitter, which only pays
// the gas. Check says whether the stock is still valid: the Safe's nonce,
// owners and threshold as they were when it was signed.
package presign

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// ErrInput is a request presign refuses: an unknown executor, one that is
// not a Safe, a signature that is not a current owner's of the stored
// transaction. Its message says why.
var ErrInput = errors.New("presign")

// Backends gives a network's node (respond.Executors has it).
type Backends interface {
	Backend(ctx context.Context, network string) (respond.Backend, error)
}

// Safe reads the Safe of the plan's executor name, with no owner key: what
// presign needs is the Safe's address, chain, state and hashes.
func Safe(ctx context.Context, p *plan.Plan, bs Backends, name string) (*safe.Executor, *plan.Executor, error) {
	pe := p.Executor(name)
	if pe == nil {
		var names []string
		for _, e := range p.Executors {
			names = append(names, e.Name)
		}
		return nil, nil, fmt.Errorf("%w: executor %q is not in the plan (executors: %s)", ErrInput, name, strings.Join(names, ", "))
	}
	if pe.Type != plan.ExecutorSafe {
		return nil, nil, fmt.Errorf("%w: executor %q is a %s executor, not a Safe: only a Safe's transactions are pre-signed", ErrInput, name, pe.Type)
	}
	n := p.Network(pe.Network)
	if n == nil {
		return nil, nil, fmt.Errorf("%w: executor %q: network %q is not in the plan", ErrInput, name, pe.Network)
	}
	b, err := bs.Backend(ctx, n.Name)
	if err != nil {
		return nil, nil, fmt.Errorf("network %s: %w", n.Name, err)
	}
	return safe.New(safe.Config{Safe: pe.Safe, ChainID: new(big.Int).SetUint64(n.ChainID)}, b), pe, nil
}

// Actions returns the containment actions the executor name carries out
// (of respond.ContainmentActions: its pause actions, and every action a
// detector responds with), in the plan's order. Other actions (unpause,
// upgrades asked by a person) are not pre-signed.
func Actions(p *plan.Plan, name string) []respond.Spec {
	var out []respond.Spec
	for _, pair := range respond.ContainmentActions(p) {
		spec, err := respond.Resolve(p, pair[0], pair[1])
		if err == nil && spec.Executor == name {
			out = append(out, spec)
		}
	}
	return out
}

// Prepare stores the transactions of the executor's containment actions
// (Actions) at the Safe's next count nonces, each hashed here and checked
// against the Safe's own getTransactionHash, and returns them (those
// already stored are returned as they are). only, if not empty, keeps the
// actions named there as contract.action.
func Prepare(ctx context.Context, p *plan.Plan, bs Backends, s store.Store, name string, count int, only []string) ([]store.Presigned, error) {
	if count < 1 {
		return nil, fmt.Errorf("%w: --count %d: prepare at least one nonce", ErrInput, count)
	}
	ex, pe, err := Safe(ctx, p, bs, name)
	if err != nil {
		return nil, err
	}
	specs := Actions(p, name)
	if len(only) > 0 {
		var kept []respond.Spec
		for _, ref := range only {
			i := slices.IndexFunc(specs, func(s respond.Spec) bool { return s.Contract.Name+"."+s.Name == ref })
			if i < 0 {
				return nil, fmt.Errorf("%w: action %q is not a containment action of executor %s (it has: %s)", ErrInput, ref, name, specNames(specs))
			}
			kept = append(kept, specs[i])
		}
		specs = kept
	}
	if len(specs) == 0 {
		return nil, fmt.Errorf("%w: executor %s carries out no containment action of the plan (no pause action, nor detector response, uses it)", ErrInput, name)
	}
	st, err := ex.Read(ctx)
	if err != nil {
		return nil, err
	}
	owners := make([]string, len(st.Owners))
	for i, o := range st.Owners {
		owners[i] = o.Hex()
	}
	var rows []store.Presigned
	for n := st.Nonce; n < st.Nonce+uint64(count); n++ {
		for _, spec := range specs {
			c := spec.Params.Call()
			h, err := ex.Hash(ctx, safe.NewTx(c.To, c.Value, c.Data, n))
			if err != nil {
				return nil, err
			}
			rows = append(rows, store.Presigned{
				Network: spec.Network, Executor: name, Contract: spec.Contract.Name, Action: spec.Name,
				ChainID: ex.ChainID().Uint64(), Safe: pe.Safe.Hex(), To: c.To.Hex(), Value: c.Value.String(), Data: c.Data,
				Nonce: n, SafeTxHash: h.Hex(), Owners: owners, Threshold: st.Threshold,
			})
		}
	}
	out := make([]store.Presigned, 0, len(rows))
	err = s.Tx(ctx, func(tx store.Tx) error {
		out = out[:0]
		for _, r := range rows {
			got, _, err := tx.InsertPresigned(ctx, r)
			if err != nil {
				return err
			}
			out = append(out, got)
		}
		return nil
	})
	return out, err
}

func specNames(specs []respond.Spec) string {
	var names []string
	for _, s := range specs {
		names = append(names, s.Contract.Name+"."+s.Name)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// Tx returns the stored transaction as a Safe transaction.
func Tx(p store.Presigned) (safe.Tx, error) {
	v, ok := new(big.Int).SetString(p.Value, 10)
	if !ok {
		return safe.Tx{}, fmt.Errorf("presigned %d: value %q is not a decimal integer", p.ID, p.Value)
	}
	return safe.NewTx(common.HexToAddress(p.To), v, p.Data, p.Nonce), nil
}

// TypedData is what an owner signs for the stored transaction: the
// EIP-712 typed data of eth_signTypedData_v4, as a wallet takes it.
func TypedData(p store.Presigned) (apitypes.TypedData, error) {
	t, err := Tx(p)
	if err != nil {
		return apitypes.TypedData{}, err
	}
	return t.TypedData(new(big.Int).SetUint64(p.ChainID), common.HexToAddress(p.Safe)), nil
}

// hash recomputes the stored transaction's safeTxHash and checks it is the
// stored one.
func hash(p store.Presigned) (common.Hash, error) {
	t, err := Tx(p)
	if err != nil {
		return common.Hash{}, err
	}
	h, err := t.Hash(new(big.Int).SetUint64(p.ChainID), common.HexToAddress(p.Safe))
	if err != nil {
		return h, err
	}
	if !strings.EqualFold(h.Hex(), p.SafeTxHash) {
		return h, fmt.Errorf("presigned %d: stored safeTxHash %s is not the hash of its transaction (%s)", p.ID, p.SafeTxHash, h.Hex())
	}
	return h, nil
}

// signerFile is the typed data as wallets take it for
// eth_signTypedData_v4: the domain with only the fields its type names
// (chainId as a number, verifyingContract), which go-ethereum's
// TypedDataDomain would write with empty name, version and salt.
type signerFile struct {
	Types       apitypes.Types            `json:"types"`
	PrimaryType string                    `json:"primaryType"`
	Domain      signerDomain              `json:"domain"`
	Message     apitypes.TypedDataMessage `json:"message"`
}

type signerDomain struct {
	ChainID           uint64 `json:"chainId"`
	VerifyingContract string `json:"verifyingContract"`
}

// SignerJSON is the file an owner takes to their wallet to sign the
// stored transaction: its EIP-712 typed data (eth_signTypedData_v4; e.g.
// cast wallet sign --data --from-file FILE). Its hash is the safeTxHash.
func SignerJSON(p store.Presigned) ([]byte, error) {
	td, err := TypedData(p)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(signerFile{Types: td.Types, PrimaryType: td.PrimaryType,
		Domain: signerDomain{ChainID: p.ChainID, VerifyingContract: td.Domain.VerifyingContract}, Message: td.Message}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("presigned %d: typed data: %w", p.ID, err)
	}
	return append(b, '\n'), nil
}
