// Package discord posts messages to a Discord webhook as an embed, within
// Discord's embed limits.
package discord

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breakglass-dev/breakglass/internal/notify"
)

// Discord's documented embed limits.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000
)

// Channel posts to one Discord webhook.
type Channel struct {
	url    string
	client *http.Client
}

// New returns a channel posting to the webhook URL (a secret).
func New(webhookURL string, client *http.Client) *Channel {
	return &Channel{url: webhookURL, client: client}
}

// EmbedField is one field of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline"`
}

// Footer is an embed's footer.
type Footer struct {
	Text string `json:"text"`
}

// Embed is a Discord rich embed.
type Embed struct {
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	URL         string       `json:"url,omitempty"`
	Color       int          `json:"color"`
	Fields      []EmbedField `json:"fields,omitempty"`
	Footer      *Footer      `json:"footer,omitempty"`
	Timestamp   string       `json:"timestamp,omitempty"`
}

// AllowedMentions stops a message from pinging anyone by its text.
type AllowedMentions struct {
	Parse []string `json:"parse"`
}

// Payload is the JSON body of an execute-webhook call.
type Payload struct {
	Content         string          `json:"content,omitempty"`
	Embeds          []Embed         `json:"embeds"`
	AllowedMentions AllowedMentions `json:"allowed_mentions"`
}

var colors = map[string]int{"critical": 0xB00020, "high": 0xE65100, "medium": 0xF9A825, "low": 0x1565C0}

// Build formats m as a Discord payload whose embed stays within every
// per-field limit and the 6,000-character total.
func Build(m notify.Message) Payload {
	e := Embed{
		Title:       notify.Truncate(m.Title, maxTitle),
		Description: notify.Truncate(Escape(m.Body), maxDescription),
		Color:       colors[strings.ToLower(m.Severity)],
		Footer:      &Footer{Text: notify.Truncate("breakglass · "+string(m.Event), maxFooter)},
		Timestamp:   m.Time.UTC().Format(time.RFC3339),
	}
	if strings.HasPrefix(m.URL, "http://") || strings.HasPrefix(m.URL, "https://") {
		e.URL = m.URL
	}
	total := runes(e.Title) + runes(e.Description) + runes(e.Footer.Text)
	for _, f := range m.Fields {
		if len(e.Fields) == maxFields {
			break
		}
		ef := EmbedField{Name: notify.Truncate(f.Name, maxFieldName), Value: notify.Truncate(Escape(f.Value), maxFieldValue), Inline: runes(f.Value) <= 40}
		if ef.Value == "" {
			ef.Value = "-"
		}
		n := runes(ef.Name) + runes(ef.Value)
		if total+n > maxEmbedTotal {
			break
		}
		total += n
		e.Fields = append(e.Fields, ef)
	}
	return Payload{Embeds: []Embed{e}, AllowedMentions: AllowedMentions{Parse: []string{}}}
}

// Notify posts m. Discord answers 204 (or 200 with ?wait=true) on success
// and 429 with Retry-After when rate limited.
func (c *Channel) Notify(ctx context.Context, m notify.Message) (bool, error) {
	return notify.PostJSON(ctx, c.client, "discord", c.url, Build(m))
}

// Escape neutralises Discord markdown and mentions in s so that data from
// the chain (token names, revert strings) renders as typed.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '~', '`', '|', '>', '#':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '@':
			b.WriteString("@\u200b")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func runes(s string) int { return utf8.RuneCountInString(s) }
