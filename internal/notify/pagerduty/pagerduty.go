// Package pagerduty sends incidents to PagerDuty's Events API v2: trigger,
// acknowledge and resolve, deduplicated by the deployment and the incident
// id.
package pagerduty

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
)

// DefaultURL is the Events API v2 endpoint.
const DefaultURL = "https://events.pagerduty.com/v2/enqueue"

// Documented limits of an event.
const (
	maxSummary  = 1024
	maxDedupKey = 255
)

// Channel sends events to one PagerDuty service integration.
type Channel struct {
	url        string
	routingKey string
	source     string
	client     *http.Client
}

// New returns a channel for the integration's routing key (a secret).
// url empty means DefaultURL; source names this breakglass deployment
// (plan.Channel.Deployment): the events' source and their dedup keys'
// prefix.
func New(url, routingKey, source string, client *http.Client) *Channel {
	if url == "" {
		url = DefaultURL
	}
	if source == "" {
		source = "breakglass"
	}
	return &Channel{url: url, routingKey: routingKey, source: source, client: client}
}

// Payload is the event's payload object (trigger only).
type Payload struct {
	Summary       string            `json:"summary"`
	Source        string            `json:"source"`
	Severity      string            `json:"severity"`
	Timestamp     string            `json:"timestamp,omitempty"`
	Component     string            `json:"component,omitempty"`
	Group         string            `json:"group,omitempty"`
	Class         string            `json:"class,omitempty"`
	CustomDetails map[string]string `json:"custom_details,omitempty"`
}

// Link is a link shown on the PagerDuty incident.
type Link struct {
	Href string `json:"href"`
	Text string `json:"text"`
}

// Event is the Events API v2 request body.
type Event struct {
	RoutingKey  string   `json:"routing_key"`
	EventAction string   `json:"event_action"`
	DedupKey    string   `json:"dedup_key"`
	Payload     *Payload `json:"payload,omitempty"`
	Client      string   `json:"client,omitempty"`
	ClientURL   string   `json:"client_url,omitempty"`
	Links       []Link   `json:"links,omitempty"`
}

// Severity maps a plan severity to PagerDuty's four values.
func Severity(s string) string {
	switch strings.ToLower(s) {
	case "critical":
		return "critical"
	case "high", "error":
		return "error"
	case "medium", "warning":
		return "warning"
	default:
		return "info"
	}
}

// Action maps a message to an event action: a resolved or closed incident
// resolves, an acknowledged one acknowledges, anything else triggers.
func Action(m notify.Message) string {
	switch m.Status {
	case incident.Resolved, incident.Closed:
		return "resolve"
	case incident.Acknowledged:
		if m.Event == notify.IncidentStatus {
			return "acknowledge"
		}
	}
	if m.Event == notify.IncidentResolved {
		return "resolve"
	}
	return "trigger"
}

// DedupKey is the dedup key of m sent by deployment source:
// "SOURCE:INCIDENT-ID", so every message of one incident lands on one
// PagerDuty alert, and the incidents of two deployments sharing a service
// (whose ids both start at INC-YYYY-0001) never merge. A message outside
// an incident is keyed by its own key.
func DedupKey(source string, m notify.Message) string {
	id := m.IncidentID
	if id == "" {
		id = m.Key
	}
	return notify.Truncate(source+":"+id, maxDedupKey)
}

// Build formats m as an event from deployment source; see DedupKey.
func Build(routingKey, source string, m notify.Message) Event {
	e := Event{
		RoutingKey:  routingKey,
		EventAction: Action(m),
		DedupKey:    DedupKey(source, m),
		Client:      "breakglass",
	}
	if m.URL != "" {
		e.ClientURL = m.URL
		e.Links = []Link{{Href: m.URL, Text: "Incident " + m.IncidentID}}
	}
	if e.EventAction == "trigger" {
		details := map[string]string{"event": string(m.Event)}
		if m.Body != "" {
			details["body"] = m.Body
		}
		for _, f := range m.Fields {
			details[f.Name] = f.Value
		}
		e.Payload = &Payload{
			Summary:       notify.Truncate(m.Title, maxSummary),
			Source:        source,
			Severity:      Severity(m.Severity),
			Timestamp:     m.Time.UTC().Format(time.RFC3339),
			Class:         string(m.Event),
			CustomDetails: details,
		}
	}
	return e
}

// Notify sends m. The API answers 202 {"status":"success"} when it accepts
// an event, 400 for an invalid one and 429 when throttled.
func (c *Channel) Notify(ctx context.Context, m notify.Message) (bool, error) {
	return notify.PostJSON(ctx, c.client, "pagerduty", c.url, Build(c.routingKey, c.source, m))
}
