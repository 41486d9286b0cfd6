// Package slack posts messages to a Slack incoming webhook as Block Kit
// blocks, with a plain-text fallback, escaped and within Slack's limits.
package slack

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/breakglass-dev/breakglass/internal/notify"
)

// Slack's documented limits for the blocks used here.
const (
	maxHeaderText  = 150  // header block plain_text
	maxSectionText = 3000 // section block text
	maxFieldText   = 2000 // each section field
	maxFields      = 10   // fields per section
	maxFallback    = 4000 // top-level text shown in notifications
)

// Channel posts to one Slack incoming webhook.
type Channel struct {
	url    string
	client *http.Client
}

// New returns a channel posting to the incoming webhook URL. The URL is a
// secret: it is never logged nor put in an error.
func New(webhookURL string, client *http.Client) *Channel {
	return &Channel{url: webhookURL, client: client}
}

// Text is a Block Kit text object.
type Text struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// Block is a Block Kit layout block (header, section, context, divider).
type Block struct {
	Type     string  `json:"type"`
	Text     *Text   `json:"text,omitempty"`
	Fields   []Text  `json:"fields,omitempty"`
	Elements []Text  `json:"elements,omitempty"`
	BlockID  string  `json:"block_id,omitempty"`
	Accessor *Button `json:"accessory,omitempty"`
}

// Button is a link button shown beside a section.
type Button struct {
	Type string `json:"type"`
	Text Text   `json:"text"`
	URL  string `json:"url"`
}

// Payload is the JSON body of an incoming-webhook call.
type Payload struct {
	Text   string  `json:"text"`
	Blocks []Block `json:"blocks"`
}

// Build formats m as a Slack payload.
func Build(m notify.Message) Payload {
	p := Payload{Text: notify.Truncate(Escape(m.Title), maxFallback)}
	p.Blocks = append(p.Blocks, Block{Type: "header", Text: &Text{Type: "plain_text", Text: notify.Truncate(m.Title, maxHeaderText)}})
	if m.Body != "" {
		b := Block{Type: "section", Text: &Text{Type: "mrkdwn", Text: notify.Truncate(Escape(m.Body), maxSectionText)}}
		if m.URL != "" {
			b.Accessor = &Button{Type: "button", Text: Text{Type: "plain_text", Text: "Open"}, URL: m.URL}
		}
		p.Blocks = append(p.Blocks, b)
	}
	for i := 0; i < len(m.Fields); i += maxFields {
		end := min(i+maxFields, len(m.Fields))
		b := Block{Type: "section"}
		for _, f := range m.Fields[i:end] {
			b.Fields = append(b.Fields, Text{Type: "mrkdwn", Text: notify.Truncate("*"+Escape(f.Name)+"*\n"+Escape(f.Value), maxFieldText)})
		}
		p.Blocks = append(p.Blocks, b)
	}
	p.Blocks = append(p.Blocks, Block{Type: "context", Elements: []Text{{Type: "mrkdwn", Text: Escape(fmt.Sprintf("breakglass · %s · %s", m.Event, m.Time.UTC().Format("2006-01-02 15:04:05Z")))}}})
	return p
}

// Notify posts m. Slack answers 200 "ok" on success, 4xx with a short error
// code (invalid_payload, no_text, channel_not_found…) otherwise.
func (c *Channel) Notify(ctx context.Context, m notify.Message) (bool, error) {
	return notify.PostJSON(ctx, c.client, "slack", c.url, Build(m))
}

// Escape makes s safe inside Slack mrkdwn: &, < and > are the three
// characters Slack requires to be escaped (they start links and mentions).
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
