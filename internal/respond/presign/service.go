package presign

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Service returns the Safe Transaction Service of the plan's executor pe
// (with its API key, if it has one), or an ErrInput error when it names
// none.
func Service(pe *plan.Executor, hc *http.Client) (*safe.Service, error) {
	if pe.ServiceURL == "" {
		return nil, fmt.Errorf("%w: executor %s has no service_url: name the Safe Transaction Service to read signatures from", ErrInput, pe.Name)
	}
	var opts []safe.ServiceOption
	if !pe.ServiceAPIKey.IsZero() {
		k, err := pe.ServiceAPIKey.Resolve()
		if err != nil {
			return nil, fmt.Errorf("executor %s: service_api_key: %w", pe.Name, err)
		}
		opts = append(opts, safe.WithAPIKey(k))
	}
	return safe.NewService(pe.ServiceURL, hc, opts...), nil
}

// Propose posts the pre-signed transaction id to the executor's Safe
// Transaction Service with the stored signature of owner, so that the
// other owners can confirm it in Safe{Wallet}; Fetch then reads their
// signatures back.
func Propose(ctx context.Context, p *plan.Plan, s store.Reader, id int64, owner common.Address, hc *http.Client) (string, error) {
	ps, err := s.Presigned(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("%w: no pre-signed transaction #%d", ErrInput, id)
	}
	if err != nil {
		return "", err
	}
	pe := p.Executor(ps.Executor)
	if pe == nil {
		return "", fmt.Errorf("%w: executor %q of #%d is not in the plan", ErrInput, ps.Executor, id)
	}
	svc, err := Service(pe, hc)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(ps.Signatures, func(sg store.Presignature) bool { return strings.EqualFold(sg.Owner, owner.Hex()) })
	if i < 0 {
		return "", fmt.Errorf("%w: #%d holds no signature of %s to propose with", ErrInput, id, owner.Hex())
	}
	t, err := Tx(ps)
	if err != nil {
		return "", err
	}
	sig := safe.Signature{Owner: owner, Bytes: ps.Signatures[i].Signature}
	if err := svc.Propose(ctx, common.HexToAddress(ps.Safe), safe.NewProposal(t, common.HexToHash(ps.SafeTxHash), sig, safe.Origin)); err != nil {
		return "", err
	}
	return svc.URL(), nil
}

// Fetched is what Fetch found for one pre-signed transaction.
type Fetched struct {
	ID    int64  `json:"id"`
	Nonce uint64 `json:"nonce"`
	// Added are the owners whose signature was new here.
	Added []string `json:"added,omitempty"`
	// Refused are the service's confirmations refused, with the reason.
	Refused []string `json:"refused,omitempty"`
	// Note says why nothing was read (not on the service).
	Note string `json:"note,omitempty"`
}

// Fetch reads, from the executor's Safe Transaction Service, the owners'
// confirmations of each of its pre-signed transactions not yet spent, and
// adds those it lacks, each checked as AddSignature does.
func Fetch(ctx context.Context, p *plan.Plan, bs Backends, s store.Store, name string, hc *http.Client) ([]Fetched, error) {
	ex, pe, err := Safe(ctx, p, bs, name)
	if err != nil {
		return nil, err
	}
	svc, err := Service(pe, hc)
	if err != nil {
		return nil, err
	}
	st, err := ex.Read(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.PresignedList(ctx, store.PresignedFilter{Executor: name, Safe: pe.Safe.Hex(), MinNonce: st.Nonce})
	if err != nil {
		return nil, err
	}
	var out []Fetched
	for _, ps := range rows {
		f := Fetched{ID: ps.ID, Nonce: ps.Nonce}
		confs, err := svc.Confirmations(ctx, common.HexToHash(ps.SafeTxHash))
		if errors.Is(err, safe.ErrNotOnService) {
			f.Note = "not on the service: propose it with breakglass presign add-signature --propose"
			out = append(out, f)
			continue
		}
		if err != nil {
			return out, err
		}
		for _, c := range confs {
			if slices.ContainsFunc(ps.Signatures, func(sg store.Presignature) bool { return strings.EqualFold(sg.Owner, c.Owner.Hex()) }) {
				continue
			}
			got, err := AddSignature(ctx, p, bs, s, ps.ID, c.Signature)
			switch {
			case errors.Is(err, ErrInput):
				f.Refused = append(f.Refused, fmt.Sprintf("%s: %v", c.Owner.Hex(), err))
			case err != nil:
				return out, err
			case got.New:
				f.Added = append(f.Added, got.Owner.Hex())
			}
		}
		out = append(out, f)
	}
	return out, nil
}
