// Package chaintest holds test helpers for code that reads chains: a
// fault-injecting JSON-RPC proxy to put in front of a real node, and an
// in-memory Sink that records what a Follower hands it.
package chaintest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Faults are the misbehaviours a Proxy injects. Rates are probabilities in
// [0, 1]; the exchange-level ones (Drop, Delay, Status500, Status429,
// Truncate) are drawn once per HTTP request, the message-level ones
// (ErrorEnvelope, NullBlock) once per JSON-RPC message of it.
type Faults struct {
	// Drop closes the connection without an answer.
	Drop float64
	// Delay holds the answer back for DelayFor.
	Delay    float64
	DelayFor time.Duration
	// Status500 answers HTTP 500.
	Status500 float64
	// Status429 answers HTTP 429 with a Retry-After of RetryAfter (whole
	// seconds, rounded up; none when 0).
	Status429  float64
	RetryAfter time.Duration
	// Truncate cuts the body of the real answer in half.
	Truncate float64
	// ErrorEnvelope answers HTTP 200 with a JSON-RPC error instead of the
	// result.
	ErrorEnvelope float64
	// NullBlock answers null to eth_getBlockByNumber and eth_getBlockByHash
	// for a block the node has.
	NullBlock float64
	// Lag makes the proxy a node Lag blocks behind: eth_blockNumber
	// reports the real head minus Lag and blocks above that are null.
	Lag uint64
	// FreezeHead makes the head stall at the value it had when the faults
	// were set (blocks above it are null).
	FreezeHead bool
	// NoBlockReceipts answers "method not found" to eth_getBlockReceipts,
	// as nodes without it do.
	NoBlockReceipts bool
	// NoTraceBlock answers "method not found" to debug_traceBlockByHash.
	NoTraceBlock bool
	// SlowMethods holds back every request that calls one of these methods
	// (the key) for the duration (the value), as a node that takes long to
	// trace does.
	SlowMethods map[string]time.Duration
	// MethodErrors answers every call of a method (the key) with a
	// JSON-RPC error (code -32000) carrying the message (the value), on
	// HTTP 200, as a failing provider does.
	MethodErrors map[string]string
	// PendingReceipt, when set, answers eth_getTransactionReceipt for a
	// transaction the node has no receipt of (yet) with a JSON-RPC error
	// carrying this message instead of null, as some providers do
	// ("receipt not yet available", "transaction indexing is in
	// progress").
	PendingReceipt string
	// NullReceipts answers null to every eth_getTransactionReceipt, as a
	// node whose receipts lag its state does (anvil under load, go-ethereum
	// while its transaction index catches up): the sender's nonce has moved
	// but its transaction's receipt is not found yet.
	NullReceipts bool
	// First lists faults (by Fault name: FaultDrop, FaultDelay,
	// FaultStatus500, FaultStatus429, FaultTruncate, FaultErrorEnvelope,
	// FaultNullBlock) injected for certain, one per HTTP request, on the
	// first requests after SetFaults; the rates apply after them and to
	// requests whose entry is "". A
	// message-level fault of the list goes to every message of its request
	// (FaultNullBlock: to block queries only; a request without one waits
	// for the next).
	First []string
}

// Fault names, the keys of Proxy.Injected.
const (
	FaultDrop          = "drop"
	FaultDelay         = "delay"
	FaultStatus500     = "http_500"
	FaultStatus429     = "http_429"
	FaultTruncate      = "truncate"
	FaultErrorEnvelope = "error_envelope"
	FaultNullBlock     = "null_block"
	FaultLagging       = "lagging"
	FaultNoMethod      = "method_not_found"
	FaultMethodError   = "method_error"
	FaultNoReceiptYet  = "receipt_not_yet_available"
	FaultNullReceipt   = "null_receipt"
)

// Proxy is an HTTP JSON-RPC proxy on 127.0.0.1 in front of a real node that
// injects Faults, and can go away and come back on the same address.
type Proxy struct {
	target string
	client *http.Client
	addr   string

	mu       sync.Mutex
	rng      *rand.Rand
	faults   Faults
	frozen   uint64   // head when FreezeHead was set
	script   []string // what is left of Faults.First
	srv      *http.Server
	calls    map[string]int
	injected map[string]int
	down     bool
}

// NewProxy starts a proxy to the HTTP JSON-RPC URL target, with no faults.
// seed makes the injected faults reproducible. It is closed by tb.Cleanup.
func NewProxy(tb testing.TB, target string, seed uint64) *Proxy {
	tb.Helper()
	p := &Proxy{
		target:   target,
		client:   &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}},
		rng:      rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		calls:    map[string]int{},
		injected: map[string]int{},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("proxy listen: %v", err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	tb.Cleanup(func() {
		p.mu.Lock()
		srv := p.srv
		p.srv = nil
		p.mu.Unlock()
		if srv != nil {
			srv.Close()
		}
		p.client.CloseIdleConnections()
	})
	return p
}

func (p *Proxy) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(p.handle), ReadHeaderTimeout: 5 * time.Second}
	p.mu.Lock()
	p.srv = srv
	p.down = false
	p.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

// URL is the proxy's http:// URL.
func (p *Proxy) URL() string { return "http://" + p.addr }

// SetFaults replaces the injected faults.
func (p *Proxy) SetFaults(f Faults) {
	var frozen uint64
	if f.FreezeHead {
		frozen = p.realHead()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = f
	p.frozen = frozen
	p.script = append([]string(nil), f.First...)
}

// Down stops the proxy: connections are refused until Up, as with a node
// that went away.
func (p *Proxy) Down() {
	p.mu.Lock()
	srv := p.srv
	p.srv = nil
	p.down = true
	p.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Up brings the proxy back on the same address after Down.
func (p *Proxy) Up() error {
	p.mu.Lock()
	down := p.down
	p.mu.Unlock()
	if !down {
		return nil
	}
	var (
		ln  net.Listener
		err error
	)
	// The port was just released; retry briefly in case it lingers.
	for range 50 {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			p.serve(ln)
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("proxy up on %s: %w", p.addr, err)
}

// Calls returns how many JSON-RPC messages with that method reached the
// proxy (whether or not a fault was injected).
func (p *Proxy) Calls(method string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[method]
}

// Injected returns how many times each fault was injected, by Fault name.
func (p *Proxy) Injected() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.injected))
	for k, v := range p.injected {
		out[k] = v
	}
	return out
}

// rpcMessage is one JSON-RPC request or response.
type rpcMessage struct {
	Version string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (p *Proxy) draw(rate float64, fault string) bool {
	if rate <= 0 {
		return false
	}
	if p.rng.Float64() >= rate {
		return false
	}
	p.injected[fault]++
	return true
}

func (p *Proxy) handle(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	reqs, batch, err := parseMessages(body)
	if err != nil {
		http.Error(w, "bad JSON-RPC request", http.StatusBadRequest)
		return
	}

	p.mu.Lock()
	f := p.faults
	frozen := p.frozen
	for _, m := range reqs {
		p.calls[m.Method]++
	}
	envelope := make([]bool, len(reqs))
	null := make([]bool, len(reqs))
	var drop, delay, s500, s429, trunc bool
	if scripted := p.scripted(reqs); scripted != "" {
		p.injected[scripted]++
		switch scripted {
		case FaultDrop:
			drop = true
		case FaultDelay:
			delay = true
		case FaultStatus500:
			s500 = true
		case FaultStatus429:
			s429 = true
		case FaultTruncate:
			trunc = true
		case FaultErrorEnvelope:
			for i := range envelope {
				envelope[i] = true
			}
		case FaultNullBlock:
			for i, m := range reqs {
				null[i] = isBlockQuery(m.Method)
			}
		}
	} else {
		drop = p.draw(f.Drop, FaultDrop)
		delay = !drop && p.draw(f.Delay, FaultDelay)
		s500 = !drop && p.draw(f.Status500, FaultStatus500)
		s429 = !drop && !s500 && p.draw(f.Status429, FaultStatus429)
		trunc = !drop && !s500 && !s429 && p.draw(f.Truncate, FaultTruncate)
		for i, m := range reqs {
			envelope[i] = p.draw(f.ErrorEnvelope, FaultErrorEnvelope)
			if isBlockQuery(m.Method) && !envelope[i] {
				null[i] = p.draw(f.NullBlock, FaultNullBlock)
			}
		}
	}
	p.mu.Unlock()

	switch {
	case drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	case s500:
		http.Error(w, "injected internal server error", http.StatusInternalServerError)
		return
	case s429:
		if f.RetryAfter > 0 {
			secs := int((f.RetryAfter + time.Second - 1) / time.Second)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
		http.Error(w, "injected rate limit", http.StatusTooManyRequests)
		return
	}
	if delay {
		select {
		case <-time.After(f.DelayFor):
		case <-r.Context().Done():
			return
		}
	}
	for _, m := range reqs {
		if d := f.SlowMethods[m.Method]; d > 0 {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
			break
		}
	}

	// Where the node is lagging or stalled, its head is not the real one.
	var lagHead uint64
	lagging := f.Lag > 0 || f.FreezeHead
	if lagging {
		if f.FreezeHead {
			lagHead = frozen
		} else if h := p.realHead(); h > f.Lag {
			lagHead = h - f.Lag
		}
	}

	resps := make([]*rpcMessage, len(reqs))
	var forward []rpcMessage
	var forwardIdx []int
	for i, m := range reqs {
		switch {
		case envelope[i]:
			resps[i] = &rpcMessage{Version: "2.0", ID: m.ID, Error: &rpcError{Code: -32000, Message: "injected upstream error"}}
		case (f.NoBlockReceipts && m.Method == "eth_getBlockReceipts") || (f.NoTraceBlock && m.Method == "debug_traceBlockByHash"):
			p.count(FaultNoMethod)
			resps[i] = &rpcMessage{Version: "2.0", ID: m.ID, Error: &rpcError{Code: -32601,
				Message: "the method " + m.Method + " does not exist/is not available"}}
		case f.MethodErrors[m.Method] != "":
			p.count(FaultMethodError)
			resps[i] = &rpcMessage{Version: "2.0", ID: m.ID, Error: &rpcError{Code: -32000, Message: f.MethodErrors[m.Method]}}
		case f.NullReceipts && m.Method == "eth_getTransactionReceipt":
			p.count(FaultNullReceipt)
			resps[i] = &rpcMessage{Version: "2.0", ID: m.ID, Result: json.RawMessage("null")}
		case lagging && m.Method == "eth_blockNumber":
			p.count(FaultLagging)
			resps[i] = &rpcMessage{Version: "2.0", ID: m.ID, Result: json.RawMessage(strconv.Quote(hexutil.EncodeUint64(lagHead)))}
		case null[i]:
			resps[i] = &rpcMessage{Version: "2.0", ID: m.ID, Result: json.RawMessage("null")}
		default:
			forward = append(forward, m)
			forwardIdx = append(forwardIdx, i)
		}
	}
	if len(forward) > 0 {
		got, err := p.forward(r, forward)
		if err != nil {
			http.Error(w, "upstream: "+err.Error(), http.StatusBadGateway)
			return
		}
		for j, m := range got {
			i := forwardIdx[j]
			if lagging && m.Error == nil && aboveHead(reqs[i], m.Result, lagHead) {
				p.count(FaultLagging)
				m.Result = json.RawMessage("null")
			}
			if f.PendingReceipt != "" && reqs[i].Method == "eth_getTransactionReceipt" && m.Error == nil && isNullJSON(m.Result) {
				p.count(FaultNoReceiptYet)
				m.Result, m.Error = nil, &rpcError{Code: -32000, Message: f.PendingReceipt}
			}
			resps[i] = m
		}
	}

	var out []byte
	if batch {
		out, err = json.Marshal(resps)
	} else {
		out, err = json.Marshal(resps[0])
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if trunc {
		out = out[:len(out)/2]
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

// scripted pops the next fault of Faults.First that applies to reqs; p.mu
// is held.
func (p *Proxy) scripted(reqs []rpcMessage) string {
	if len(p.script) == 0 {
		return ""
	}
	next := p.script[0]
	if next == FaultNullBlock && !slices.ContainsFunc(reqs, func(m rpcMessage) bool { return isBlockQuery(m.Method) }) {
		return ""
	}
	p.script = p.script[1:]
	return next
}

func (p *Proxy) count(fault string) {
	p.mu.Lock()
	p.injected[fault]++
	p.mu.Unlock()
}

// forward sends msgs to the node as one batch and returns the answers in
// the order of msgs.
func (p *Proxy) forward(r *http.Request, msgs []rpcMessage) ([]*rpcMessage, error) {
	body, err := json.Marshal(msgs)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, p.target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var got []*rpcMessage
	if err := json.Unmarshal(raw, &got); err != nil {
		return nil, fmt.Errorf("node answer: %w", err)
	}
	byID := make(map[string]*rpcMessage, len(got))
	for _, m := range got {
		byID[string(m.ID)] = m
	}
	out := make([]*rpcMessage, len(msgs))
	for i, m := range msgs {
		a, ok := byID[string(m.ID)]
		if !ok {
			return nil, errors.New("node answer lacks a response")
		}
		out[i] = a
	}
	return out, nil
}

// realHead asks the node for its head.
func (p *Proxy) realHead() uint64 {
	body := []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}`)
	resp, err := p.client.Post(p.target, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	var m rpcMessage
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return 0
	}
	var n hexutil.Uint64
	if err := json.Unmarshal(m.Result, &n); err != nil {
		return 0
	}
	return uint64(n)
}

func isNullJSON(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

func isBlockQuery(method string) bool {
	return method == "eth_getBlockByNumber" || method == "eth_getBlockByHash"
}

// aboveHead reports whether the answer to req is about a block above head,
// which a node lagging at head would not have.
func aboveHead(req rpcMessage, result json.RawMessage, head uint64) bool {
	switch req.Method {
	case "eth_getBlockByNumber", "eth_getBlockByHash", "eth_getBlockReceipts", "eth_getTransactionReceipt":
	default:
		return false
	}
	var v struct {
		Number      *hexutil.Uint64 `json:"number"`
		BlockNumber *hexutil.Uint64 `json:"blockNumber"`
	}
	if bytes.HasPrefix(bytes.TrimSpace(result), []byte("[")) {
		var vs []json.RawMessage
		if json.Unmarshal(result, &vs) != nil || len(vs) == 0 {
			return false
		}
		result = vs[0]
	}
	if json.Unmarshal(result, &v) != nil {
		return false
	}
	switch {
	case v.Number != nil:
		return uint64(*v.Number) > head
	case v.BlockNumber != nil:
		return uint64(*v.BlockNumber) > head
	}
	return false
}

func parseMessages(body []byte) (msgs []rpcMessage, batch bool, err error) {
	body = bytes.TrimSpace(body)
	if bytes.HasPrefix(body, []byte("[")) {
		err = json.Unmarshal(body, &msgs)
		if err == nil && len(msgs) == 0 {
			err = errors.New("empty batch")
		}
		return msgs, true, err
	}
	var m rpcMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, false, err
	}
	return []rpcMessage{m}, false, nil
}
