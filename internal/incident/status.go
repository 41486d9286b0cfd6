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
)

// The lifecycle of an incident, in order.
const (
	Detected     = "detected"
	Acknowledged = "acknowledged"
	Contained    = "contained"
	Eradicated   = "eradicated"
	Recovered    = "recovered"
	Resolved     = "resolved"
	Closed       = "closed"
)

// Statuses lists the lifecycle in order.
var Statuses = []string{Detected, Acknowledged, Contained, Eradicated, Recovered, Resolved, Closed}

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

func rank(status string) int { return slices.Index(Statuses, status) }

// CheckTransition says whether an incident may move from one status to
// another. An incident moves forward, and may skip steps (a pause mined
// before anyone acknowledged moves it from detected to contained), but only
// a resolved incident may close. A resolved incident may be reopened to
// acknowledged; a closed one is final.
func CheckTransition(from, to string) error {
	f, t := rank(from), rank(to)
	switch {
	case t < 0:
		return fmt.Errorf("%w: unknown status %q (want one of %v)", ErrInvalid, to, Statuses)
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
