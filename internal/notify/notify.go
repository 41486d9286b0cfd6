// Package notify reaches people: a Message rendered from templates per event
// kind and audience, the Channel interface each integration implements (one
// subpackage per integration: slack, discord, telegram, pagerduty, email,
// webhook), and the HTTP delivery rules they share. Channels never retry on
// their own: they say whether a failure is worth retrying and the dispatcher
// owns the retries.
package notify

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Audience says who may read a message. An external audience never receives
// internal details: notes, signer addresses, unconfirmed loss figures.
type Audience string

// The audiences of a channel.
const (
	Internal Audience = "internal"
	External Audience = "external"
)

// Event is the kind of change a message tells about.
type Event string

// The events breakglass notifies about.
const (
	IncidentOpened     Event = "incident.opened"
	IncidentEscalated  Event = "incident.escalated"
	IncidentStatus     Event = "incident.status"
	IncidentAssigned   Event = "incident.assigned"
	IncidentSeverity   Event = "incident.severity"
	IncidentRepeat     Event = "incident.repeat"
	IncidentResolved   Event = "incident.resolved"
	IncidentRetracted  Event = "incident.retracted"
	ActionUpdate       Event = "action.update"
	SignatureRequest   Event = "safe.signature_request"
	StatusUpdate       Event = "status.update"
	StatusUpdateDue    Event = "status.update_due"
	ObligationReminder Event = "obligation.reminder"
	DeliveryFailed     Event = "notification.failed"
	// ContainmentNotReady: an executor could not carry out an automatic
	// containment action if it had to now (role missing, low balance).
	ContainmentNotReady Event = "containment.not_ready"
	// PresignedInvalid: a Safe executor's pre-signed stock is no longer
	// valid (owners or threshold changed, nonce moved past it, used up) and
	// must be signed again.
	PresignedInvalid Event = "safe.presigned_invalid"
	// HeadStalled: a network's head has not moved for longer than its
	// stall threshold (the node is stuck, or breakglass cannot reach it).
	HeadStalled Event = "network.head_stalled"
	// HeadResumed: a stalled network's head moves again.
	HeadResumed Event = "network.head_resumed"
	// HeartbeatFailed: the heartbeat URL refused or failed several calls
	// in a row (the dead-man's switch itself is not reached).
	HeartbeatFailed Event = "heartbeat.failed"
)

// Field is one labelled value of a message, shown as a table row, an embed
// field or a PagerDuty custom detail depending on the channel.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Message is one notification, already rendered for its audience. Channels
// format it for their wire format; they add nothing and leak nothing.
type Message struct {
	// Key identifies this notification across retries and restarts; channels
	// that support it pass it on as an idempotency or dedup key.
	Key        string               `json:"key"`
	Event      Event                `json:"event"`
	Audience   Audience             `json:"audience"`
	IncidentID string               `json:"incident_id,omitempty"`
	Severity   string               `json:"severity,omitempty"`
	Status     store.IncidentStatus `json:"status,omitempty"`
	Title      string               `json:"title"`
	Body       string               `json:"body,omitempty"`
	Fields     []Field              `json:"fields,omitempty"`
	URL        string               `json:"url,omitempty"`
	Time       time.Time            `json:"time"`
}

// Channel delivers messages to one destination. Notify returns retry=true
// when the failure is transient (a timeout, HTTP 429 or 5xx) and the same
// message may be sent again later; retry=false with an error means the
// message will never be accepted as it is (another 4xx, a bad address).
type Channel interface {
	Notify(ctx context.Context, m Message) (retry bool, err error)
}

// RetryAfterError is returned by a channel whose destination asked to be
// called again no sooner than After (HTTP 429 with Retry-After, Telegram's
// retry_after, Discord's retry_after).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("%v (retry after %s)", e.Err, e.After)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// RetryAfterDelay returns After; the outbox runner reads it to wait at
// least that long before the next attempt.
func (e *RetryAfterError) RetryAfterDelay() time.Duration { return e.After }

// RetryAfter returns the wait a destination asked for, if err carries one.
func RetryAfter(err error) (time.Duration, bool) {
	var ra *RetryAfterError
	if errors.As(err, &ra) {
		return ra.After, true
	}
	return 0, false
}

// Truncate shortens s to at most max runes, ending it with an ellipsis when
// it was cut, so a long message never makes a channel reject it.
func Truncate(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	if max == 1 {
		return string(r[:1])
	}
	return string(r[:max-1]) + "…"
}
