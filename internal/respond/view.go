package respond

import (
	"context"
	"fmt"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// ActionView is an action as shown (the CLI's JSON, the API): what it
// does, where it stands and who approved it.
type ActionView struct {
	ID         int64  `json:"id"`
	IncidentID string `json:"incident_id,omitempty"`
	Key        string `json:"key"`
	Kind       string `json:"kind"`
	Network    string `json:"network"`
	Target     string `json:"target"`
	Executor   string `json:"executor"`
	// Contract and Action name the plan's contract and action.
	Contract string  `json:"contract,omitempty"`
	Action   string  `json:"action,omitempty"`
	Status   Status  `json:"status"`
	TxHash   string  `json:"tx_hash,omitempty"`
	Nonce    *uint64 `json:"nonce,omitempty"`
	Error    string  `json:"error,omitempty"`
	// ApprovalsNeeded and ApproverRoles are the policy the action is under.
	ApprovalsNeeded int      `json:"approvals_needed"`
	ApproverRoles   []string `json:"approver_roles,omitempty"`
	RequestedBy     string   `json:"requested_by,omitempty"`
	// Approvals are the approvals given so far, in order.
	Approvals []ApprovalView `json:"approvals"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// ApprovalView is one person's approval of an action.
type ApprovalView struct {
	Person     string    `json:"person"`
	Role       string    `json:"role"`
	ApprovedAt time.Time `json:"approved_at"`
}

// View returns a as shown, with its approvals aps.
func View(a store.Action, aps []store.Approval) ActionView {
	v := ActionView{ID: a.ID, IncidentID: a.IncidentID, Key: a.Key, Kind: a.Kind, Network: a.Network, Target: a.Target,
		Executor: a.Executor, Status: a.Status, TxHash: a.TxHash, Nonce: a.Nonce, Error: a.Error,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}
	if p, err := decodeParams(a.Params); err == nil {
		v.Contract, v.Action = p.Contract, p.Action
		v.ApprovalsNeeded, v.ApproverRoles, v.RequestedBy = p.Approvals, p.Roles, p.RequestedBy
	}
	v.Approvals = []ApprovalView{}
	for _, ap := range aps {
		v.Approvals = append(v.Approvals, ApprovalView{Person: ap.Person, Role: ap.Role, ApprovedAt: ap.ApprovedAt.UTC()})
	}
	return v
}

// Views returns the actions of incidentID, or with "" every action (those
// outside any incident first, then each incident's, oldest incident
// first), each with its approvals. An unknown incident is store.ErrNotFound.
func Views(ctx context.Context, r store.Reader, incidentID string) ([]ActionView, error) {
	ids := []string{incidentID}
	if incidentID == "" {
		incs, err := r.Incidents(ctx, store.IncidentFilter{})
		if err != nil {
			return nil, fmt.Errorf("list incidents: %w", err)
		}
		// ids is [""]: the actions outside any incident come first.
		for i := len(incs) - 1; i >= 0; i-- {
			ids = append(ids, incs[i].ID)
		}
	} else if _, err := r.Incident(ctx, incidentID); err != nil {
		return nil, fmt.Errorf("incident %s: %w", incidentID, err)
	}
	out := []ActionView{}
	for _, id := range ids {
		acts, err := r.Actions(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("incident %s actions: %w", id, err)
		}
		for _, a := range acts {
			v, err := ViewOf(ctx, r, a)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// ViewOf returns a as shown, with its approvals read from r.
func ViewOf(ctx context.Context, r store.Reader, a store.Action) (ActionView, error) {
	aps, err := r.Approvals(ctx, a.ID)
	if err != nil {
		return ActionView{}, fmt.Errorf("action %d approvals: %w", a.ID, err)
	}
	return View(a, aps), nil
}
