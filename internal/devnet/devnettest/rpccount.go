package devnettest

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// RPCCounter is a JSON-RPC proxy over HTTP in front of a node that counts
// the calls passing through it: per method, and per block number asked of
// eth_getBlockByNumber.
type RPCCounter struct {
	// URL is the proxy's; dial it instead of the node's.
	URL string

	mu      sync.Mutex
	methods map[string]int
	blocks  map[string]int
}

// CountRPC starts an RPCCounter in front of upstream (an HTTP JSON-RPC
// URL) and stops it when the test ends.
func CountRPC(t testing.TB, upstream string) *RPCCounter {
	t.Helper()
	c := &RPCCounter{methods: map[string]int{}, blocks: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		c.count(body)
		Forward(w, upstream, body)
	}))
	t.Cleanup(srv.Close)
	c.URL = srv.URL
	return c
}

// count notes the calls of one request body (a call or a batch).
func (c *RPCCounter) count(body []byte) {
	type call struct {
		Method string            `json:"method"`
		Params []json.RawMessage `json:"params"`
	}
	var calls []call
	if err := json.Unmarshal(body, &calls); err != nil {
		var one call
		if json.Unmarshal(body, &one) != nil {
			return
		}
		calls = []call{one}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cl := range calls {
		c.methods[cl.Method]++
		if cl.Method == "eth_getBlockByNumber" && len(cl.Params) > 0 {
			var n string
			if json.Unmarshal(cl.Params[0], &n) == nil {
				c.blocks[n]++
			}
		}
	}
}

// Methods returns the calls counted per method.
func (c *RPCCounter) Methods() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.methods)
}

// Blocks returns the eth_getBlockByNumber calls counted per block number
// as sent ("0x1f").
func (c *RPCCounter) Blocks() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.blocks)
}

// Reset forgets the counts.
func (c *RPCCounter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.methods)
	clear(c.blocks)
}

// Forward posts a JSON-RPC request body to upstream and writes its answer
// to w (502 when upstream does not answer): the tail of a test proxy that
// looks at, counts or refuses requests before they reach the node.
func Forward(w http.ResponseWriter, upstream string, body []byte) {
	resp, err := http.Post(upstream, "application/json", bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}
