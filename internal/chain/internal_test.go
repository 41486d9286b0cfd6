package chain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rpc"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{" 0 ", 0},
		{"-4", 0},
		{"junk", 0},
		{"86400", maxRetryAfter},
		{now.Add(10 * time.Second).Format(http.TimeFormat), 10 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestBackoffGrowsWithJitterUpToMax(t *testing.T) {
	b := Backoff{Base: 100 * time.Millisecond, Max: time.Second}
	tests := []struct {
		n        int
		min, max time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{4, 400 * time.Millisecond, 800 * time.Millisecond},
		{10, 500 * time.Millisecond, time.Second},
		{1000, 500 * time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		seen := map[time.Duration]bool{}
		for range 50 {
			d := b.delay(tt.n)
			if d < tt.min || d > tt.max {
				t.Fatalf("delay(%d) = %s, want within [%s, %s]", tt.n, d, tt.min, tt.max)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("delay(%d) has no jitter: %d distinct values in 50", tt.n, len(seen))
		}
	}
}

func TestRedactURLDropsSecrets(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://mainnet.infura.io/v3/0123456789abcdef", "https://mainnet.infura.io"},
		{"wss://user:pass@eth.example.com:8546/ws?key=secret", "wss://eth.example.com:8546"},
		{"http://127.0.0.1:8545", "http://127.0.0.1:8545"},
		{"::bad", "invalid-url"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// jsonRPCError is an rpc.Error as decoded from an error envelope.
type jsonRPCError struct {
	code int
	msg  string
}

func (e jsonRPCError) Error() string  { return e.msg }
func (e jsonRPCError) ErrorCode() int { return e.code }

func TestClassify(t *testing.T) {
	syntaxErr := json.Unmarshal([]byte(`{"a"`), &struct{}{})
	tests := []struct {
		err  error
		want string
	}{
		{rpc.HTTPError{StatusCode: 429}, kindHTTP429},
		{rpc.HTTPError{StatusCode: 503}, kindHTTP5xx},
		{rpc.HTTPError{StatusCode: 404}, kindHTTPStatus},
		{fmt.Errorf("wrapped: %w", rpc.HTTPError{StatusCode: 500}), kindHTTP5xx},
		{jsonRPCError{-32000, "header not found"}, kindRPCError},
		{syntaxErr, kindInvalid},
		{io.ErrUnexpectedEOF, kindInvalid},
		{context.DeadlineExceeded, kindTimeout},
		{errors.New("connection refused"), kindTransport},
		{errNullFor("block", false), kindNull},
		{errNullFor("block", true), kindBehind},
	}
	for _, tt := range tests {
		if got := classify(tt.err); got != tt.want {
			t.Errorf("classify(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
	if !isMethodNotFound(jsonRPCError{-32601, "the method eth_getBlockReceipts does not exist/is not available"}) {
		t.Error("method not found not recognised")
	}
	if isMethodNotFound(jsonRPCError{-32000, "header not found"}) {
		t.Error("header not found taken for a missing method")
	}
	if !isRevert(jsonRPCError{3, "execution reverted: no"}) || isRevert(errors.New("execution reverted")) {
		t.Error("revert misjudged")
	}
}

func TestRecentBlocksRing(t *testing.T) {
	r := newRecentBlocks(4)
	h := func(n uint64) common.Hash { return common.BigToHash(new(big.Int).SetUint64(n)) }
	for n := uint64(10); n < 20; n++ {
		r.add(n, h(n), h(n-1))
	}
	if p, ok := r.parentOf(19, h(19)); !ok || p != h(18) {
		t.Fatalf("parent of 19: %v %v", p, ok)
	}
	if _, ok := r.parentOf(15, h(15)); ok {
		t.Fatal("block 15 should have left a ring of 4")
	}
	if _, ok := r.parentOf(19, h(99)); ok {
		t.Fatal("a different hash at 19 matched")
	}
	r.trimAbove(17)
	if _, ok := r.parentOf(18, h(18)); ok {
		t.Fatal("block 18 kept after trimming above 17")
	}
	if _, ok := r.parentOf(17, h(17)); !ok {
		t.Fatal("block 17 lost by trimming above 17")
	}
}
