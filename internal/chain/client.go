package chain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Config configures a Client over the RPC endpoints of one network.
type Config struct {
	// Network names the network in logs, metrics and Blocks.
	Network string
	// ChainID, when set, is checked against each endpoint's eth_chainId
	// before the endpoint is used; an endpoint on another chain is never
	// used.
	ChainID *big.Int
	// URLs are the endpoints, http(s):// or ws(s)://, in order of
	// preference when they are equally healthy.
	URLs []string
	// RequestTimeout bounds each request to one endpoint (default 10s).
	RequestTimeout time.Duration
	// Attempts bounds the tries of one operation over all endpoints
	// (default 3 per endpoint, at least 4).
	Attempts int
	// Backoff is how long a failing endpoint is set aside (default 200ms
	// doubling up to 30s, with jitter).
	Backoff Backoff
	// MaxLag is how many blocks an endpoint's head may trail the highest
	// head seen before other endpoints are preferred (default 2).
	MaxLag uint64
	// HTTPTransport is the transport for HTTP endpoints (default: a clone
	// of http.DefaultTransport keeping enough idle connections for the
	// prefetch concurrency).
	HTTPTransport http.RoundTripper
}

func (cfg *Config) setDefaults() {
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = max(4, 3*len(cfg.URLs))
	}
	if cfg.Backoff.Base <= 0 {
		cfg.Backoff.Base = 200 * time.Millisecond
	}
	if cfg.Backoff.Max <= 0 {
		cfg.Backoff.Max = 30 * time.Second
	}
	if cfg.MaxLag == 0 {
		cfg.MaxLag = 2
	}
	if cfg.HTTPTransport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 64
		cfg.HTTPTransport = t
	}
}

// Client reads one network through one or more RPC endpoints. Each request
// goes to the healthiest endpoint (highest head, fewest recent failures,
// lowest latency); a failing endpoint — transport error, timeout, HTTP 429
// or 5xx, JSON-RPC error envelope (even on HTTP 200), null for a block it
// claims to have, a truncated or inconsistent body, a head going backwards —
// is set aside with exponential backoff and jitter (or for the server's
// Retry-After) and the request moves to the next one.
type Client struct {
	cfg     Config
	eps     []*endpoint
	metrics *Metrics
	log     *slog.Logger

	chainMu sync.Mutex
	chainID *big.Int
	// noTracer is set once the lack of any tracer was told.
	noTracer atomic.Bool
}

// Dial creates a client over cfg.URLs. It fails only on a bad
// configuration: an endpoint that cannot be reached now is retried later.
func Dial(ctx context.Context, cfg Config, metrics *Metrics, log *slog.Logger) (*Client, error) {
	if len(cfg.URLs) == 0 {
		return nil, fmt.Errorf("network %s: no RPC URL", cfg.Network)
	}
	cfg.setDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Client{cfg: cfg, metrics: metrics, log: log.With("network", cfg.Network)}
	if cfg.ChainID != nil {
		c.chainID = new(big.Int).Set(cfg.ChainID)
	}
	names := map[string]int{}
	for i, raw := range cfg.URLs {
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("network %s: RPC URL #%d: not a URL", cfg.Network, i+1)
		}
		e := &endpoint{index: i, url: raw, name: RedactURL(raw)}
		if n := names[e.name]; n > 0 {
			e.name = fmt.Sprintf("%s#%d", e.name, n+1)
		}
		names[RedactURL(raw)]++
		switch u.Scheme {
		case "http", "https":
			hc := &http.Client{Transport: &retryAfterTransport{next: cfg.HTTPTransport, store: &e.retryAfter}}
			e.dial = func(ctx context.Context) (*rpc.Client, error) {
				return rpc.DialOptions(ctx, e.url, rpc.WithHTTPClient(hc))
			}
		case "ws", "wss":
			e.isWS = true
			e.dial = func(ctx context.Context) (*rpc.Client, error) {
				dctx, cancel := context.WithTimeout(ctx, cfg.RequestTimeout)
				defer cancel()
				return rpc.DialOptions(dctx, e.url)
			}
		default:
			return nil, fmt.Errorf("network %s: RPC URL #%d (%s): scheme must be http, https, ws or wss", cfg.Network, i+1, e.name)
		}
		if rc, err := e.dial(ctx); err == nil {
			e.rpc = rc
		} else {
			c.log.Warn("rpc endpoint unreachable, will retry", "endpoint", e.name, "err", err)
		}
		c.eps = append(c.eps, e)
	}
	return c, nil
}

// Close closes every endpoint's connection.
func (c *Client) Close() {
	for _, e := range c.eps {
		e.close()
	}
}

// Network returns the network name.
func (c *Client) Network() string { return c.cfg.Network }

// op is one operation against one endpoint.
type op func(ctx context.Context, e *endpoint, rc *rpc.Client) error

// do runs fn on the best endpoint, moving to the next on failure, until it
// succeeds, the attempts run out or ctx ends. need is the block number the
// endpoint should have (0 for none): endpoints whose head reached it are
// preferred.
func (c *Client) do(ctx context.Context, name string, need uint64, fn op) error {
	var (
		lastErr  error
		tried    = make(map[int]bool, len(c.eps))
		absent   = make(map[int]bool, len(c.eps))
		notFound = true
	)
	for range c.cfg.Attempts {
		e, err := c.pick(ctx, need, tried)
		if err != nil {
			if lastErr != nil {
				return fmt.Errorf("%s %s: %w (last failure: %w)", c.cfg.Network, name, err, lastErr)
			}
			return fmt.Errorf("%s %s: %w", c.cfg.Network, name, err)
		}
		tried[e.index] = true
		if len(tried) == len(c.eps) {
			clear(tried)
			// An endpoint that said it has no such thing is not asked again.
			maps.Copy(tried, absent)
		}
		start := time.Now()
		err = c.attempt(ctx, e, fn)
		d := time.Since(start)
		if err == nil {
			e.succeeded(d)
			c.metrics.request(c.cfg.Network, e.name, name, d, "")
			c.metrics.endpointStatus(c.cfg.Network, e.name, true)
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s %s: %w", c.cfg.Network, name, ctx.Err())
		}
		var re *resultError
		if errors.As(err, &re) {
			e.succeeded(d)
			c.metrics.request(c.cfg.Network, e.name, name, d, "")
			return re.err
		}
		var ae *absentError
		if errors.As(err, &ae) {
			// An answer, not a failure: the endpoint stays in use. The
			// others are asked once each, in case one is ahead of it.
			e.succeeded(d)
			c.metrics.request(c.cfg.Network, e.name, name, d, "")
			c.metrics.endpointStatus(c.cfg.Network, e.name, true)
			absent[e.index] = true
			tried[e.index] = true
			if !c.anyToAsk(absent) {
				return fmt.Errorf("%s %s: %w (%w)", c.cfg.Network, name, ErrNotFound, ae.err)
			}
			continue
		}
		kind := classify(err)
		c.metrics.request(c.cfg.Network, e.name, name, d, kind)
		if kind != kindNull && kind != kindBehind {
			notFound = false
		}
		lastErr = fmt.Errorf("%s: %w", e.name, err)
		var ee *endpointError
		if errors.As(err, &ee) && ee.soft {
			c.log.Debug("rpc endpoint behind, trying another", "endpoint", e.name, "op", name, "err", err)
			continue
		}
		wait := e.failed(time.Now(), c.cfg.Backoff)
		c.metrics.endpointStatus(c.cfg.Network, e.name, false)
		c.log.Warn("rpc request failed, endpoint set aside", "endpoint", e.name, "op", name,
			"kind", kind, "retry_in", wait.Round(time.Millisecond), "err", err)
	}
	if notFound {
		return fmt.Errorf("%s %s: %w (last: %w)", c.cfg.Network, name, ErrNotFound, lastErr)
	}
	return fmt.Errorf("%s %s: %d attempts failed, last: %w", c.cfg.Network, name, c.cfg.Attempts, lastErr)
}

// anyToAsk reports whether an endpoint not in absent can be asked now.
func (c *Client) anyToAsk(absent map[int]bool) bool {
	now := time.Now()
	for _, e := range c.eps {
		if !absent[e.index] && e.available(now) {
			return true
		}
	}
	return false
}

// attempt runs fn on e within the request timeout, first checking the
// endpoint's chain id if that was not done yet.
func (c *Client) attempt(ctx context.Context, e *endpoint, fn op) error {
	timeout := c.cfg.RequestTimeout
	if d, ok := ctx.Value(timeoutKey{}).(time.Duration); ok && d > 0 {
		timeout = d
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rc, err := e.client(rctx)
	if err != nil {
		return err
	}
	if err := c.verifyChain(rctx, e, rc); err != nil {
		return err
	}
	return fn(rctx, e, rc)
}

// verifyChain checks once per endpoint that it serves the configured chain.
func (c *Client) verifyChain(ctx context.Context, e *endpoint, rc *rpc.Client) error {
	e.mu.Lock()
	done := e.chainOK
	e.mu.Unlock()
	if done {
		return nil
	}
	var id hexutil.Big
	if err := rc.CallContext(ctx, &id, "eth_chainId"); err != nil {
		return fmt.Errorf("eth_chainId: %w", err)
	}
	c.chainMu.Lock()
	if c.chainID == nil {
		c.chainID = new(big.Int).Set(id.ToInt())
	}
	want := c.chainID
	c.chainMu.Unlock()
	if want.Cmp(id.ToInt()) != 0 {
		return &endpointError{kind: kindWrongChain,
			err: fmt.Errorf("endpoint serves chain %s, network %s is chain %s", id.ToInt(), c.cfg.Network, want)}
	}
	e.mu.Lock()
	e.chainOK = true
	e.mu.Unlock()
	return nil
}

// pick returns the best available endpoint not in tried, waiting for one to
// come out of its backoff when all are set aside.
func (c *Client) pick(ctx context.Context, need uint64, tried map[int]bool) (*endpoint, error) {
	for {
		now := time.Now()
		best := c.bestHead()
		var (
			cands []*endpoint
			next  time.Time
		)
		for _, e := range c.eps {
			st := e.state()
			if now.Before(st.until) {
				if next.IsZero() || st.until.Before(next) {
					next = st.until
				}
				continue
			}
			if !tried[e.index] {
				cands = append(cands, e)
			}
		}
		if len(cands) > 0 {
			return c.rank(cands, best, need), nil
		}
		if next.IsZero() { // every available endpoint was tried: start over
			clear(tried)
			continue
		}
		t := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// rank returns the preferred endpoint among cands: one that has block need
// and is not lagging, then fewest failures, then lowest latency, then
// configuration order.
func (c *Client) rank(cands []*endpoint, best, need uint64) *endpoint {
	score := func(e *endpoint) (int, int, time.Duration) {
		st := e.state()
		tier := 0
		if need > 0 && st.head < need {
			tier += 2
		}
		if st.head+c.cfg.MaxLag < best {
			tier++
		}
		return tier, st.failures, st.latency
	}
	return slices.MinFunc(cands, func(a, b *endpoint) int {
		ta, fa, la := score(a)
		tb, fb, lb := score(b)
		switch {
		case ta != tb:
			return ta - tb
		case fa != fb:
			return fa - fb
		case la != lb && la > 0 && lb > 0:
			// Latencies within 20% of each other are a tie, so that
			// noise does not flip the choice on every request.
			if float64(la) < 0.8*float64(lb) {
				return -1
			}
			if float64(lb) < 0.8*float64(la) {
				return 1
			}
		}
		return a.index - b.index
	})
}

func (c *Client) bestHead() uint64 {
	var best uint64
	for _, e := range c.eps {
		best = max(best, e.knownHead())
	}
	return best
}

// ChainID returns the chain id of the network, asked once.
func (c *Client) ChainID(ctx context.Context) (*big.Int, error) {
	c.chainMu.Lock()
	id := c.chainID
	c.chainMu.Unlock()
	if id != nil {
		return new(big.Int).Set(id), nil
	}
	// verifyChain sets c.chainID on the first endpoint that answers.
	err := c.do(ctx, "chain_id", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error { return nil })
	if err != nil {
		return nil, err
	}
	c.chainMu.Lock()
	defer c.chainMu.Unlock()
	return new(big.Int).Set(c.chainID), nil
}

// HeadNumber asks every available endpoint for its head (this is also the
// health check) and returns the highest. An endpoint whose head went
// backwards is counted as failing and its head is not used, unless every
// endpoint went backwards (a reorg onto a shorter branch).
func (c *Client) HeadNumber(ctx context.Context) (uint64, error) {
	now := time.Now()
	answers := make([]headAnswer, len(c.eps))
	var wg sync.WaitGroup
	for i, e := range c.eps {
		if !e.available(now) {
			answers[i].err = errors.New("set aside")
			continue
		}
		wg.Go(func() {
			answers[i] = c.probeHead(ctx, e)
		})
	}
	wg.Wait()
	var fwd, back uint64
	var okFwd, okBack bool
	for _, a := range answers {
		switch {
		case a.err != nil:
		case a.backwards:
			back, okBack = max(back, a.head), true
		default:
			fwd, okFwd = max(fwd, a.head), true
		}
	}
	switch {
	case okFwd:
		return fwd, nil
	case okBack:
		return back, nil
	}
	// No endpoint answered: go through the retrying path, which waits for
	// endpoints to come out of their backoff.
	var head uint64
	err := c.do(ctx, "head", 0, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var n hexutil.Uint64
		if err := rc.CallContext(ctx, &n, "eth_blockNumber"); err != nil {
			return err
		}
		e.observeHead(uint64(n), time.Now())
		c.metrics.endpointHead(c.cfg.Network, e.name, uint64(n))
		head = uint64(n)
		return nil
	})
	return head, err
}

// headAnswer is one endpoint's answer to a head check.
type headAnswer struct {
	head      uint64
	backwards bool
	err       error
}

// probeHead asks one endpoint for its head, with the same accounting as do.
func (c *Client) probeHead(ctx context.Context, e *endpoint) (a headAnswer) {
	start := time.Now()
	err := c.attempt(ctx, e, func(ctx context.Context, e *endpoint, rc *rpc.Client) error {
		var n hexutil.Uint64
		if err := rc.CallContext(ctx, &n, "eth_blockNumber"); err != nil {
			return err
		}
		a.head = uint64(n)
		return nil
	})
	d := time.Since(start)
	if err == nil && e.observeHead(a.head, time.Now()) {
		a.backwards = true
		err = &endpointError{kind: kindHeadBackwards, err: fmt.Errorf("head went backwards to %d", a.head)}
	}
	c.metrics.endpointHead(c.cfg.Network, e.name, e.knownHead())
	if err == nil {
		e.succeeded(d)
		c.metrics.request(c.cfg.Network, e.name, "head", d, "")
		c.metrics.endpointStatus(c.cfg.Network, e.name, true)
		return a
	}
	if ctx.Err() != nil {
		a.err = ctx.Err()
		return a
	}
	kind := classify(err)
	c.metrics.request(c.cfg.Network, e.name, "head", d, kind)
	c.metrics.endpointStatus(c.cfg.Network, e.name, false)
	wait := e.failed(time.Now(), c.cfg.Backoff)
	c.log.Warn("rpc head check failed, endpoint set aside", "endpoint", e.name, "kind", kind,
		"retry_in", wait.Round(time.Millisecond), "err", err)
	if !a.backwards {
		a.err = err
	}
	return a
}

// SubscribeNewHead subscribes to new heads on the best WebSocket endpoint.
// It returns ErrNoSubscription when the network has none. The subscription
// may end (its Err channel) when the connection drops; subscribe again.
func (c *Client) SubscribeNewHead(ctx context.Context, ch chan<- *types.Header) (ethereum.Subscription, error) {
	return c.subscribe(ctx, "new heads", func(ctx context.Context, rc *rpc.Client) (ethereum.Subscription, error) {
		return rc.EthSubscribe(ctx, ch, "newHeads")
	})
}

// subscribe runs sub on the best available WebSocket endpoint, moving to
// the next when it fails.
func (c *Client) subscribe(ctx context.Context, what string, sub func(ctx context.Context, rc *rpc.Client) (ethereum.Subscription, error)) (ethereum.Subscription, error) {
	var ws []*endpoint
	for _, e := range c.eps {
		if e.isWS {
			ws = append(ws, e)
		}
	}
	if len(ws) == 0 {
		return nil, ErrNoSubscription
	}
	now := time.Now()
	var errs []error
	best := c.bestHead()
	for len(ws) > 0 {
		e := c.rank(ws, best, 0)
		ws = slices.DeleteFunc(ws, func(x *endpoint) bool { return x == e })
		if !e.available(now) {
			continue
		}
		rc, err := e.client(ctx)
		if err == nil {
			var s ethereum.Subscription
			sctx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
			s, err = sub(sctx, rc)
			cancel()
			if err == nil {
				c.log.Debug("subscribed", "to", what, "endpoint", e.name)
				return s, nil
			}
		}
		errs = append(errs, fmt.Errorf("%s: %w", e.name, err))
		c.metrics.request(c.cfg.Network, e.name, "subscribe", 0, classify(err))
		e.failed(time.Now(), c.cfg.Backoff)
	}
	if len(errs) == 0 {
		return nil, fmt.Errorf("%s subscribe to %s: every websocket endpoint is set aside", c.cfg.Network, what)
	}
	return nil, fmt.Errorf("%s subscribe to %s: %w", c.cfg.Network, what, errors.Join(errs...))
}
