package presign

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// ParseSignature reads a signature as a wallet gives it: 65 bytes of hex
// (r, s, v), with or without 0x; v 0/1 is read as 27/28.
func ParseSignature(text string) ([]byte, error) {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "0x") && !strings.HasPrefix(t, "0X") {
		t = "0x" + t
	}
	b, err := hexutil.Decode(t)
	if err != nil {
		return nil, fmt.Errorf("%w: signature is not hex: %v", ErrInput, err)
	}
	if len(b) != 65 {
		return nil, fmt.Errorf("%w: signature of %d bytes, want 65 (r, s, v)", ErrInput, len(b))
	}
	if b[64] < 2 {
		b[64] += 27
	}
	return b, nil
}

// Added is the outcome of AddSignature.
type Added struct {
	Presigned store.Presigned
	Owner     common.Address
	// New is false when the owner had already signed it.
	New bool
	// Valid counts the transaction's signatures of current owners, now;
	// Threshold is the Safe's.
	Valid     int
	Threshold int
}

// AddSignature checks sig and stores it as an owner's signature of the
// pre-signed transaction id: it must recover, over the transaction's
// safeTxHash, to a current owner of the Safe. A signature of another
// transaction (another nonce, another call) or of someone who is not an
// owner is refused with the reason.
func AddSignature(ctx context.Context, p *plan.Plan, bs Backends, s store.Store, id int64, sig []byte) (Added, error) {
	ps, err := s.Presigned(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Added{}, fmt.Errorf("%w: no pre-signed transaction #%d (see breakglass presign list)", ErrInput, id)
	}
	if err != nil {
		return Added{}, err
	}
	h, err := hash(ps)
	if err != nil {
		return Added{}, err
	}
	ex, _, err := Safe(ctx, p, bs, ps.Executor)
	if err != nil {
		return Added{}, err
	}
	if !strings.EqualFold(ex.From().Hex(), ps.Safe) {
		return Added{}, fmt.Errorf("%w: pre-signed transaction #%d is for Safe %s, the plan's executor %s is now Safe %s", ErrInput, id, common.HexToAddress(ps.Safe).Hex(), ps.Executor, ex.From().Hex())
	}
	st, err := ex.Read(ctx)
	if err != nil {
		return Added{}, err
	}
	signer, err := safe.Recover(h, sig)
	if err != nil {
		return Added{}, fmt.Errorf("%w: %v", ErrInput, err)
	}
	if !slices.Contains(st.Owners, signer) {
		if other, ok := signedOther(ctx, s, ps, sig, st); ok {
			return Added{}, fmt.Errorf("%w: this is %s", ErrInput, other)
		}
		return Added{}, fmt.Errorf("%w: the signature of #%d (safeTxHash %s) recovers to %s, which is not an owner of Safe %s (owners: %s): sign #%d's typed data with an owner's wallet",
			ErrInput, id, h.Hex(), signer.Hex(), common.HexToAddress(ps.Safe).Hex(), hexes(st.Owners), id)
	}
	if ps.Nonce < st.Nonce {
		return Added{}, fmt.Errorf("%w: pre-signed transaction #%d is for the Safe's nonce %d, already used (the Safe is at nonce %d): prepare new ones with breakglass presign", ErrInput, id, ps.Nonce, st.Nonce)
	}
	var isNew bool
	err = s.Tx(ctx, func(tx store.Tx) (err error) {
		isNew, err = tx.AddPresignature(ctx, id, store.Presignature{Owner: signer.Hex(), Signature: sig})
		return err
	})
	if err != nil {
		return Added{}, err
	}
	if ps, err = s.Presigned(ctx, id); err != nil {
		return Added{}, err
	}
	return Added{Presigned: ps, Owner: signer, New: isNew, Valid: len(validSigners(ps, h, st.Owners)), Threshold: st.Threshold}, nil
}

// signedOther says which transaction sig is an owner's signature of, when
// it is not ps's: another stored one, or ps's call at another nonce near
// the Safe's.
func signedOther(ctx context.Context, s store.Reader, ps store.Presigned, sig []byte, st safe.State) (string, bool) {
	isOwner := func(h common.Hash) (common.Address, bool) {
		a, err := safe.Recover(h, sig)
		return a, err == nil && slices.Contains(st.Owners, a)
	}
	others, err := s.PresignedList(ctx, store.PresignedFilter{Safe: ps.Safe})
	if err == nil {
		for _, o := range others {
			if o.ID == ps.ID {
				continue
			}
			if a, ok := isOwner(common.HexToHash(o.SafeTxHash)); ok {
				return fmt.Sprintf("owner %s's signature of pre-signed transaction #%d (%s.%s at nonce %d), not of #%d (%s.%s at nonce %d)",
					a.Hex(), o.ID, o.Contract, o.Action, o.Nonce, ps.ID, ps.Contract, ps.Action, ps.Nonce), true
			}
		}
	}
	t, err := Tx(ps)
	if err != nil {
		return "", false
	}
	from := st.Nonce
	if from > 16 {
		from -= 16
	} else {
		from = 0
	}
	for n := from; n < st.Nonce+64; n++ {
		if n == ps.Nonce {
			continue
		}
		t.Nonce = new(big.Int).SetUint64(n)
		h, err := t.Hash(new(big.Int).SetUint64(ps.ChainID), common.HexToAddress(ps.Safe))
		if err != nil {
			return "", false
		}
		if a, ok := isOwner(h); ok {
			return fmt.Sprintf("owner %s's signature of %s.%s at the Safe's nonce %d, not at nonce %d as pre-signed transaction #%d is", a.Hex(), ps.Contract, ps.Action, n, ps.Nonce, ps.ID), true
		}
	}
	return "", false
}

// validSigners are the owners whose stored signature of ps recovers to
// them over h and who are among owners.
func validSigners(ps store.Presigned, h common.Hash, owners []common.Address) []common.Address {
	var out []common.Address
	for _, sg := range ps.Signatures {
		a, err := safe.Recover(h, sg.Signature)
		if err != nil || !strings.EqualFold(a.Hex(), sg.Owner) || !slices.Contains(owners, a) || slices.Contains(out, a) {
			continue
		}
		out = append(out, a)
	}
	return out
}

func hexes(as []common.Address) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.Hex()
	}
	return strings.Join(s, ", ")
}

// Stock gives the Safe executor the signatures stored for a transaction
// (safe.Stock).
type Stock struct {
	Store store.Reader
}

var _ safe.Stock = Stock{}

// Signatures implements safe.Stock.
func (k Stock) Signatures(ctx context.Context, safeAddr common.Address, nonce uint64, safeTxHash common.Hash) (int64, []safe.Signature, error) {
	ps, err := k.Store.PresignedList(ctx, store.PresignedFilter{Safe: safeAddr.Hex(), MinNonce: nonce})
	if err != nil {
		return 0, nil, err
	}
	for _, p := range ps {
		if p.Nonce != nonce || !strings.EqualFold(p.SafeTxHash, safeTxHash.Hex()) {
			continue
		}
		var sigs []safe.Signature
		for _, sg := range p.Signatures {
			sigs = append(sigs, safe.Signature{Owner: common.HexToAddress(sg.Owner), Bytes: sg.Signature})
		}
		return p.ID, sigs, nil
	}
	return 0, nil, nil
}
