// Package webhook posts messages as JSON to any HTTP endpoint, signed with
// HMAC-SHA256 so the receiver can check they come from breakglass.
package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
)

// Headers set on every request.
const (
	// HeaderTimestamp carries the Unix time (seconds) of the signature.
	HeaderTimestamp = "X-Breakglass-Timestamp"
	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256 of
	// timestamp + "." + body under the channel's secret.
	HeaderSignature = "X-Signature"
	// HeaderIdempotencyKey carries the message key: a receiver that saw it
	// already can drop the repeat.
	HeaderIdempotencyKey = "Idempotency-Key"
)

// Channel posts to one URL.
type Channel struct {
	url    string
	secret []byte
	client *http.Client
	now    func() time.Time
}

// New returns a channel posting to url and signing with secret (which may
// be empty only for a receiver that does not check signatures).
func New(url string, secret []byte, client *http.Client) *Channel {
	return &Channel{url: url, secret: secret, client: client, now: time.Now}
}

// Sign returns the signature header value for body at timestamp ts.
func Sign(secret []byte, ts string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a request's signature in constant time and that its
// timestamp is within tolerance of now, against replays.
func Verify(secret []byte, ts, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("bad timestamp %q", ts)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("timestamp %s outside tolerance %s", ts, tolerance)
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return fmt.Errorf("signature mismatch")
	}
	return nil
}

// Notify posts m as JSON with its signature.
func (c *Channel) Notify(ctx context.Context, m notify.Message) (bool, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return false, fmt.Errorf("webhook: encode: %w", err)
	}
	ts := strconv.FormatInt(c.now().Unix(), 10)
	h := http.Header{}
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, Sign(c.secret, ts, body))
	if m.Key != "" {
		h.Set(HeaderIdempotencyKey, m.Key)
	}
	_, retry, err := notify.Post(ctx, c.client, c.url, "application/json", body, h)
	if err != nil {
		return retry, fmt.Errorf("webhook: %w", err)
	}
	return false, nil
}
