package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// apiFlags are the flags of a command that can work through a running
// daemon's API (--api URL, --token or $BREAKGLASS_TOKEN) instead of the
// database: the token names the person, and the daemon's plan decides what
// they may do.
type apiFlags struct {
	api, token string
}

// add registers --api and --token in fs.
func (f *apiFlags) add(fs *pflag.FlagSet) {
	pf := fs
	pf.StringVar(&f.api, "api", "", "URL of a running daemon's API (instead of --db; the token says who you are)")
	pf.StringVar(&f.token, "token", "", "API bearer token (default $BREAKGLASS_TOKEN)")
}

// remote reports whether the command goes through the API.
func (f *apiFlags) remote() bool { return f.api != "" }

// client returns the API client of --api and the token.
func (f *apiFlags) client() (*apiClient, error) {
	tok := f.token
	if tok == "" {
		tok = os.Getenv("BREAKGLASS_TOKEN")
	}
	if tok == "" {
		return nil, errors.New("--api needs a token: --token or $BREAKGLASS_TOKEN")
	}
	u, err := url.Parse(f.api)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--api %q: want an http:// or https:// URL", f.api)
	}
	return &apiClient{base: strings.TrimRight(f.api, "/"), token: tok, http: &http.Client{Timeout: 5 * time.Minute}}, nil
}

// apiClient calls a daemon's API.
type apiClient struct {
	base, token string
	http        *http.Client
}

// do sends body (JSON-encoded unless it is []byte, sent as is with
// contentType) and decodes a JSON answer into out (if not nil); a non-2xx
// answer is an error with the API's reason.
func (a *apiClient) do(ctx context.Context, method, path string, body, out any) error {
	data, _, err := a.raw(ctx, method, path, body, "application/json")
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decode the API's answer: %w", err)
	}
	return nil
}

// raw sends a request and returns the answer's body and headers.
func (a *apiClient) raw(ctx context.Context, method, path string, body any, contentType string) ([]byte, http.Header, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(body)
		if err != nil {
			return nil, nil, err
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("reach the API: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("read the API's answer: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			return nil, nil, fmt.Errorf("API: %s (HTTP %d)", e.Error, resp.StatusCode)
		}
		return nil, nil, fmt.Errorf("API: HTTP %d", resp.StatusCode)
	}
	return data, resp.Header, nil
}

// incidentPath is the API path of an incident's part.
func incidentPath(id string, parts ...string) string {
	p := "/api/v1/incidents/" + url.PathEscape(id)
	for _, s := range parts {
		p += "/" + s
	}
	return p
}
