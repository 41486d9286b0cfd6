// Package telegram sends messages through the Telegram Bot API's
// sendMessage, formatted in MarkdownV2 with every reserved character escaped.
package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breakglass-dev/breakglass/internal/notify"
)

// DefaultAPI is the Bot API's base URL.
const DefaultAPI = "https://api.telegram.org"

// maxText is sendMessage's limit on the text after entity parsing.
const maxText = 4096

// Channel sends to one chat through one bot.
type Channel struct {
	api    string
	token  string
	chatID string
	client *http.Client
}

// New returns a channel for the bot token (a secret) and chat id. api is
// the Bot API base URL; empty means DefaultAPI.
func New(api, token, chatID string, client *http.Client) *Channel {
	if api == "" {
		api = DefaultAPI
	}
	return &Channel{api: strings.TrimRight(api, "/"), token: token, chatID: chatID, client: client}
}

// Request is the sendMessage body.
type Request struct {
	ChatID                string `json:"chat_id"`
	Text                  string `json:"text"`
	ParseMode             string `json:"parse_mode"`
	DisableWebPagePreview bool   `json:"disable_web_page_preview"`
}

// response is the Bot API's envelope.
type response struct {
	OK          bool   `json:"ok"`
	ErrorCode   int    `json:"error_code"`
	Description string `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// Build formats m as MarkdownV2 text: the title in bold, the body, then one
// line per field. Visible text is cut to the 4,096-character limit before
// escaping, so an escape sequence is never split.
func Build(chatID string, m notify.Message) Request {
	budget := maxText
	take := func(s string) string {
		s = notify.Truncate(s, budget)
		budget -= utf8.RuneCountInString(s)
		return s
	}
	var b strings.Builder
	b.WriteString("*" + Escape(take(m.Title)) + "*")
	take("\n\n")
	if m.Body != "" && budget > 0 {
		b.WriteString("\n\n" + Escape(take(m.Body)))
	}
	for _, f := range m.Fields {
		if budget <= len(f.Name)+3 {
			break
		}
		line := take("\n" + f.Name + ": " + f.Value)
		name, value, _ := strings.Cut(strings.TrimPrefix(line, "\n"), ": ")
		b.WriteString("\n*" + Escape(name) + ":* " + Escape(value))
	}
	return Request{ChatID: chatID, Text: b.String(), ParseMode: "MarkdownV2", DisableWebPagePreview: true}
}

// Notify sends m. The Bot API reports errors in its JSON envelope, and
// asks for a pause with parameters.retry_after on 429.
func (c *Channel) Notify(ctx context.Context, m notify.Message) (bool, error) {
	body, err := json.Marshal(Build(c.chatID, m))
	if err != nil {
		return false, fmt.Errorf("telegram: encode: %w", err)
	}
	data, retry, err := notify.Post(ctx, c.client, c.api+"/bot"+c.token+"/sendMessage", "application/json", body, nil)
	var r response
	if len(data) > 0 && json.Unmarshal(data, &r) == nil && !r.OK && r.ErrorCode != 0 {
		apiErr := fmt.Errorf("telegram: error %d: %s", r.ErrorCode, r.Description)
		if r.Parameters.RetryAfter > 0 {
			return true, &notify.RetryAfterError{After: time.Duration(r.Parameters.RetryAfter) * time.Second, Err: apiErr}
		}
		if err == nil {
			return false, apiErr
		}
		return retry, apiErr
	}
	if err != nil {
		return retry, fmt.Errorf("telegram: %w", err)
	}
	if !r.OK {
		return true, errors.New("telegram: answer without ok:true")
	}
	return false, nil
}

// Escape escapes every character MarkdownV2 reserves outside entities:
// _ * [ ] ( ) ~ ` > # + - = | { } . ! and the backslash itself.
func Escape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if strings.ContainsRune("_*[]()~`>#+-=|{}.!\\", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
