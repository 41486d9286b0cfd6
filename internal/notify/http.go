package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxErrorBody bounds how much of a failed response is kept in the error.
const maxErrorBody = 512

// PostJSON encodes v as JSON and posts it to url (Post), the errors
// prefixed with the channel's name: what the JSON channels without an
// answer to read (Slack, Discord, PagerDuty) do to notify.
func PostJSON(ctx context.Context, client *http.Client, name, url string, v any) (retry bool, err error) {
	body, err := json.Marshal(v)
	if err != nil {
		return false, fmt.Errorf("%s: encode: %w", name, err)
	}
	if _, retry, err := Post(ctx, client, url, "application/json", body, nil); err != nil {
		return retry, fmt.Errorf("%s: %w", name, err)
	}
	return false, nil
}

// Post sends body to url with the given headers and classifies the answer
// the way every HTTP channel must: 2xx is delivered; 429 and 5xx are worth a
// retry (honouring Retry-After); any other status is final; a transport
// error or timeout is worth a retry. The response body of a 2xx is returned
// for channels whose APIs report errors inside a 200.
func Post(ctx context.Context, client *http.Client, url, contentType string, body []byte, header http.Header) (respBody []byte, retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, false, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "breakglass")
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, true, fmt.Errorf("post: %w", redactURLError(err))
	}
	defer resp.Body.Close()
	data, readErr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		if readErr != nil {
			return nil, true, fmt.Errorf("read response: %w", readErr)
		}
		return data, false, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		err := fmt.Errorf("rate limited: HTTP %d: %s", resp.StatusCode, snippet(data))
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return data, true, &RetryAfterError{After: d, Err: err}
		}
		return data, true, err
	case resp.StatusCode >= 500:
		err := fmt.Errorf("server error: HTTP %d: %s", resp.StatusCode, snippet(data))
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return data, true, &RetryAfterError{After: d, Err: err}
		}
		return data, true, err
	default:
		return data, false, fmt.Errorf("rejected: HTTP %d: %s", resp.StatusCode, snippet(data))
	}
}

// parseRetryAfter reads a Retry-After header in either of its forms:
// delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

func snippet(b []byte) string {
	return Truncate(string(bytes.TrimSpace(b)), maxErrorBody)
}

// redactURLError drops the URL from a transport error: webhook URLs carry
// their secret in the path (Slack, Discord, Telegram's bot token) and must
// never reach a log or the database.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
