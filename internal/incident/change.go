package incident

import (
	"context"
	"fmt"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// The changes a person can make to an incident, as named in Authorize and
// in the API's paths.
const (
	OpAck      = "ack"
	OpNote     = "note"
	OpAssign   = "assign"
	OpSeverity = "severity"
	OpStatus   = "status"
	// OpDismiss dismisses the incident as a false positive (with Reason).
	OpDismiss = "dismiss"
)

// Change is one change a person asks for (the API's request body); each
// operation uses the fields it needs.
type Change struct {
	Op       string `json:"-"`
	Text     string `json:"text,omitempty"`
	Role     string `json:"role,omitempty"`
	Person   string `json:"person,omitempty"`
	Severity string `json:"severity,omitempty"`
	Status   Status `json:"status,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Apply authorises actor for ch on incident id and carries it out in tx.
// Every path that changes an incident for a person (the API, the CLI on a
// database) goes through it, so the same rules hold on each.
func (m *Manager) Apply(ctx context.Context, tx store.Tx, id, actor string, ch Change) error {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return fmt.Errorf("incident %s: %w", id, err)
	}
	if err := m.Authorize(inc, actor, ch.Op); err != nil {
		return err
	}
	switch ch.Op {
	case OpAck:
		_, err = m.Ack(ctx, tx, id, actor)
	case OpNote:
		_, err = m.Note(ctx, tx, id, actor, ch.Text)
	case OpAssign:
		_, err = m.Assign(ctx, tx, id, ch.Role, ch.Person, actor)
	case OpSeverity:
		_, err = m.SetSeverity(ctx, tx, id, ch.Severity, actor, ch.Reason)
	case OpStatus:
		_, err = m.SetStatus(ctx, tx, id, ch.Status, actor, ch.Reason)
	case OpDismiss:
		_, err = m.Dismiss(ctx, tx, id, actor, ch.Reason)
	default:
		err = fmt.Errorf("%w: unknown change %q", ErrInvalid, ch.Op)
	}
	return err
}
