package chain

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
)

// endpoint is one RPC URL of a network with its health.
type endpoint struct {
	index int
	url   string // never logged: it may carry an API key
	name  string // redacted URL, safe for logs and metric labels
	isWS  bool
	dial  func(ctx context.Context) (*rpc.Client, error)

	mu       sync.Mutex
	rpc      *rpc.Client
	chainOK  bool      // eth_chainId checked
	failures int       // consecutive failures
	until    time.Time // not used before this time (backoff or Retry-After)
	head     uint64    // highest head this endpoint reported
	headAt   time.Time // when head last moved forward
	latency  time.Duration
	// receipts says whether eth_getBlockReceipts works here: 0 unknown,
	// 1 yes, -1 no (then receipts are fetched by a batch of
	// eth_getTransactionReceipt).
	receipts int
	// traceBlock likewise for debug_traceBlockByHash.
	traceBlock int
	// parity likewise for trace_block and trace_transaction.
	parity int

	retryAfter retryAfterStore
}

// RedactURL returns scheme://host of raw, dropping user info, path and
// query, where providers put API keys: the only form of an RPC URL that may
// be logged or shown.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "invalid-url"
	}
	return u.Scheme + "://" + u.Host
}

// client returns the endpoint's rpc client, dialling it if an earlier dial
// failed (a WebSocket endpoint that was down at start).
func (e *endpoint) client(ctx context.Context) (*rpc.Client, error) {
	e.mu.Lock()
	c := e.rpc
	e.mu.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := e.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", e.name, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rpc != nil { // another caller won the race
		c.Close()
		return e.rpc, nil
	}
	e.rpc = c
	return c, nil
}

func (e *endpoint) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rpc != nil {
		e.rpc.Close()
		e.rpc = nil
	}
}

// available reports whether the endpoint may be used at now.
func (e *endpoint) available(now time.Time) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return !now.Before(e.until)
}

// succeeded records a successful request that took d.
func (e *endpoint) succeeded(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failures = 0
	e.until = time.Time{}
	if e.latency == 0 {
		e.latency = d
	} else {
		e.latency = (e.latency*7 + d) / 8
	}
}

// failed records a failure and puts the endpoint aside for an exponential
// backoff with full jitter, or for the server's Retry-After if longer.
func (e *endpoint) failed(now time.Time, b Backoff) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failures++
	wait := b.delay(e.failures)
	if ra := e.retryAfter.take(); ra > wait {
		wait = ra
	}
	e.until = now.Add(wait)
	return wait
}

// observeHead records a head reported by the endpoint and reports whether it
// went backwards from what the endpoint said before.
func (e *endpoint) observeHead(n uint64, now time.Time) (backwards bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case n > e.head:
		e.head, e.headAt = n, now
	case n < e.head:
		// A reorg onto a shorter branch lowers the head legitimately, so
		// take the new value; the caller counts it against the endpoint.
		e.head, e.headAt = n, now
		return true
	}
	return false
}

func (e *endpoint) knownHead() uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.head
}

type endpointState struct {
	failures int
	until    time.Time
	head     uint64
	headAt   time.Time
	latency  time.Duration
}

func (e *endpoint) state() endpointState {
	e.mu.Lock()
	defer e.mu.Unlock()
	return endpointState{e.failures, e.until, e.head, e.headAt, e.latency}
}

// Backoff is an exponential backoff with full jitter: the n-th consecutive
// failure waits a random time in [Base·2^(n-1)/2, Base·2^(n-1)], at most Max.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
}

func (b Backoff) delay(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	d := float64(b.Base) * math.Pow(2, float64(n-1))
	if d > float64(b.Max) || d <= 0 {
		d = float64(b.Max)
	}
	half := d / 2
	return time.Duration(half + rand.Float64()*half)
}

// maxRetryAfter caps a server's Retry-After so that a misconfigured header
// cannot park an endpoint for hours.
const maxRetryAfter = 2 * time.Minute

// retryAfterStore keeps the last Retry-After a server sent, for the next
// failure accounting to honour.
type retryAfterStore struct {
	mu sync.Mutex
	d  time.Duration
}

func (s *retryAfterStore) set(d time.Duration) {
	s.mu.Lock()
	s.d = d
	s.mu.Unlock()
}

func (s *retryAfterStore) take() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.d
	s.d = 0
	return d
}

// parseRetryAfter reads an HTTP Retry-After value: delay-seconds or an
// HTTP date. It returns 0 when the value is absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(d, maxRetryAfter)
}

// retryAfterTransport records the Retry-After header of 429 and 503
// answers, which go-ethereum's rpc.HTTPError does not carry.
type retryAfterTransport struct {
	next  http.RoundTripper
	store *retryAfterStore
}

func (t *retryAfterTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err == nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); d > 0 {
			t.store.set(d)
		}
	}
	return resp, err
}
