// Package incident turns alerts into incidents people work on: it groups
// alerts (Alertmanager-like), holds back lower-severity alerts under an open
// critical incident, assigns the plan's roles, moves an incident through its
// lifecycle with validated transitions, escalates when nobody acknowledges,
// and records everything on the incident's timeline and in the audit log, in
// the same transaction as the change, with the notifications it causes
// written to the outbox.
package incident

import (
	"errors"
	"fmt"
	"slices"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Status is where an incident is in its lifecycle. It is the store's
// IncidentStatus (the store's record carries it, and the store imports no
// domain package); its values and transitions are this package's.
type Status = store.IncidentStatus

// The lifecycle of an incident, in order.
const (
	Detected     Status = "detected"
	Acknowledged Status = "acknowledged"
	Contained    Status = "contained"
	Eradicated   Status = "eradicated"
	Recovered    Status = "recovered"
	Resolved     Status = "resolved"
	Closed       Status = "closed"
)

// Statuses lists the lifecycle in order.
var Statuses = []Status{Detected, Acknowledged, Contained, Eradicated, Recovered, Resolved, Closed}

// StatusNames lists the lifecycle's statuses in order, as text (for help
// and for a page's choices).
func StatusNames() []string {
	names := make([]string, len(Statuses))
	for i, st := range Statuses {
		names[i] = string(st)
	}
	return names
}

// ParseStatuses reads a list of statuses a person gave (a repeated flag,
// a query's comma-separated values): each one of Statuses.
func ParseStatuses(ss []string) ([]Status, error) {
	out := make([]Status, 0, len(ss))
	for _, s := range ss {
		st, err := ParseStatus(s)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// ParseStatus reads a status a person typed (a flag, a form, a request
// body): one of Statuses, or an error that wraps ErrInvalid and lists them.
func ParseStatus(s string) (Status, error) {
	if st := Status(s); slices.Contains(Statuses, st) {
		return st, nil
	}
	return "", fmt.Errorf("%w: unknown status %q (want one of %v)", ErrInvalid, s, Statuses)
}

// Errors callers can test with errors.Is.
var (
	// ErrTransition: the status change is not allowed.
	ErrTransition = errors.New("transition not allowed")
	// ErrForbidden: the person may not do this.
	ErrForbidden = errors.New("forbidden")
	// ErrInvalid: the request names something the plan does not have.
	ErrInvalid = errors.New("invalid request")
	// ErrRefused: the change is refused until a requirement is met (a
	// post-mortem before a critical or high incident closes).
	ErrRefused = errors.New("refused")
)

func rank(status Status) int { return slices.Index(Statuses, status) }

// CheckTransition says whether an incident may move from one status to
// another. An incident moves forward, and may skip steps (a pause mined
// before anyone acknowledged moves it from detected to contained), but only
// a resolved incident may close. A resolved incident may be reopened to
// acknowledged; a closed one is final.
func CheckTransition(from, to Status) error {
	f, t := rank(from), rank(to)
	switch {
	case t < 0:
		_, err := ParseStatus(string(to))
		return err
	case f < 0:
		return fmt.Errorf("%w: incident has unknown status %q", ErrInvalid, from)
	case from == to:
		return fmt.Errorf("%w: already %s", ErrTransition, to)
	case from == Closed:
		return fmt.Errorf("%w: a closed incident is final", ErrTransition)
	case from == Resolved && to == Acknowledged:
		return nil
	case to == Closed && from != Resolved:
		return fmt.Errorf("%w: %s → closed: resolve the incident first", ErrTransition, from)
	case t < f:
		return fmt.Errorf("%w: %s → %s goes backwards", ErrTransition, from, to)
	}
	return nil
}
