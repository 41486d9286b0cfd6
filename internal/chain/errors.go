package chain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/rpc"
)

// ErrNotFound is returned when no endpoint has the block, header,
// transaction or receipt asked for. It is go-ethereum's ethereum.NotFound,
// so that code written for ethclient (bind.WaitMined, …) reads it as such.
var ErrNotFound = ethereum.NotFound

// ErrNoSubscription is returned by SubscribeNewHead when no endpoint of the
// network is a WebSocket URL.
var ErrNoSubscription = errors.New("no websocket endpoint for subscriptions")

// ErrCommittedElsewhere is returned (wrapped) by a Sink when another
// follower of the same network, sharing its store, committed the block (or
// the rewind) first. The Follower then reloads the stored cursor and goes
// on from there, at once and without counting a failure: several
// followers of one network are each other's hot standby.
var ErrCommittedElsewhere = errors.New("committed by another follower")

// ErrReorgTooDeep is returned by the Follower when the common ancestor of the
// processed branch and the canonical one is deeper than its bound.
var ErrReorgTooDeep = errors.New("reorg deeper than the configured bound")

// Error kinds, the "kind" label of the RPC error metric.
const (
	kindTransport     = "transport"
	kindTimeout       = "timeout"
	kindHTTP429       = "http_429"
	kindHTTP5xx       = "http_5xx"
	kindHTTPStatus    = "http_status"
	kindRPCError      = "rpc_error"
	kindNull          = "null_result"
	kindInvalid       = "invalid_body"
	kindBehind        = "behind"
	kindHeadBackwards = "head_backwards"
	kindWrongChain    = "wrong_chain"
)

// endpointError is a failure that an endpoint is blamed for; kind is one of
// the kinds above. soft failures (an endpoint that is merely behind) move the
// request to the next endpoint without putting this one aside.
type endpointError struct {
	kind string
	soft bool
	err  error
}

func (e *endpointError) Error() string { return e.err.Error() }
func (e *endpointError) Unwrap() error { return e.err }

// resultError is an answer that is the truth about the request, not a fault
// of the endpoint (a reverted eth_call, a block nobody has yet): it is
// returned to the caller without trying other endpoints.
type resultError struct{ err error }

func (e *resultError) Error() string { return e.err.Error() }
func (e *resultError) Unwrap() error { return e.err }

// absentError is an endpoint's answer that it does not have what was asked
// and need not have it (the receipt of a transaction not mined yet, a
// transaction it never saw): not a fault of the endpoint, which stays in
// use, but not the final word either, since another endpoint may be ahead.
type absentError struct{ err error }

func (e *absentError) Error() string { return e.err.Error() }
func (e *absentError) Unwrap() error { return e.err }

// errNullFor builds the failure of an endpoint that answered null for
// something it should have; soft when it is only behind.
func errNullFor(what string, soft bool) error {
	kind := kindNull
	if soft {
		kind = kindBehind
	}
	return &endpointError{kind: kind, soft: soft, err: errors.New(what + ": null result")}
}

// errInvalid is the failure of an endpoint whose answer does not hold
// together: what is wrong, and the details.
func errInvalid(what string, err error) error {
	return &endpointError{kind: kindInvalid, err: fmt.Errorf("%s: %w", what, err)}
}

// classify names the kind of failure err is.
func classify(err error) string {
	var ee *endpointError
	if errors.As(err, &ee) {
		return ee.kind
	}
	var he rpc.HTTPError
	if errors.As(err, &he) {
		switch {
		case he.StatusCode == http.StatusTooManyRequests:
			return kindHTTP429
		case he.StatusCode >= 500:
			return kindHTTP5xx
		default:
			return kindHTTPStatus
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return kindTimeout
	}
	var re rpc.Error
	if errors.As(err, &re) {
		return kindRPCError
	}
	var se *json.SyntaxError
	var ue *json.UnmarshalTypeError
	if errors.As(err, &se) || errors.As(err, &ue) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, rpc.ErrNoResult) || errors.Is(err, rpc.ErrMissingBatchResponse) ||
		strings.Contains(err.Error(), "unexpected end of JSON input") {
		return kindInvalid
	}
	return kindTransport
}

// isMethodNotFound reports whether err says the node lacks the method.
func isMethodNotFound(err error) bool {
	var re rpc.Error
	if errors.As(err, &re) {
		if re.ErrorCode() == -32601 {
			return true
		}
		msg := strings.ToLower(re.Error())
		return strings.Contains(msg, "method not found") || strings.Contains(msg, "does not exist") ||
			strings.Contains(msg, "not supported") || strings.Contains(msg, "not available")
	}
	return false
}

// isRevert reports whether err is an EVM revert of an eth_call, which is the
// call's answer and not a fault of the endpoint.
func isRevert(err error) bool {
	var re rpc.Error
	if !errors.As(err, &re) {
		return false
	}
	return re.ErrorCode() == 3 || strings.Contains(strings.ToLower(re.Error()), "execution reverted")
}

// isAbsent reports whether err is a node's way of saying that it has no
// such transaction or receipt (yet): some answer null, others an error
// ("receipt not yet available", "transaction indexing is in progress",
// "transaction not found").
func isAbsent(err error) bool {
	if errors.Is(err, ethereum.NotFound) {
		return true
	}
	var re rpc.Error
	if !errors.As(err, &re) || isMethodNotFound(err) {
		return false
	}
	msg := strings.ToLower(re.Error())
	for _, s := range []string{"not yet available", "not available yet", "indexing is in progress",
		"not found", "unknown transaction", "no such transaction", "receipt not available"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// isBehind reports whether err says that the endpoint lacks the block a
// read was pinned to, as a node behind the others does.
func isBehind(err error) bool {
	var re rpc.Error
	if !errors.As(err, &re) {
		return false
	}
	msg := strings.ToLower(re.Error())
	return strings.Contains(msg, "header not found") || strings.Contains(msg, "unknown block") ||
		strings.Contains(msg, "block not found")
}

// isTxVerdict reports whether err is a node's verdict on a transaction (its
// pool's refusal, or the EVM's revert of a call or an estimate) rather than
// a fault of the endpoint: every other node would say the same, so it is
// returned as is instead of being tried elsewhere.
func isTxVerdict(err error) bool {
	if isRevert(err) {
		return true
	}
	var re rpc.Error
	if !errors.As(err, &re) {
		return false
	}
	msg := strings.ToLower(re.Error())
	for _, s := range []string{"already known", "known transaction", "already imported", "nonce too low", "nonce too high",
		"nonce has already been used", "underpriced", "fee too low", "insufficient funds", "base fee", "intrinsic gas",
		"gas limit", "gas required exceeds", "tip above fee cap", "fee cap less than", "invalid sender", "exceeds the configured cap",
		"oversized data", "transaction type not supported", "max fee per gas less than", "gas too low"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// isRefusal reports whether err is the node's own answer (a JSON-RPC error
// or an HTTP 413) rather than a transport failure or a timeout.
func isRefusal(err error) bool {
	var re rpc.Error
	var he rpc.HTTPError
	return errors.As(err, &re) || errors.As(err, &he) && he.StatusCode == http.StatusRequestEntityTooLarge
}

// IsLogRangeTooLarge reports whether a node refused eth_getLogs because the
// range or its result is too large, as the common providers word it:
// geth/Erigon "query returned more than N results", Infura -32005 "query
// returned more than 10000 results", Alchemy "log response size exceeded" /
// "block range is too large", QuickNode "eth_getLogs is limited to a 10,000
// range", and HTTP 413 from proxies.
func IsLogRangeTooLarge(err error) bool {
	var he rpc.HTTPError
	if errors.As(err, &he) {
		switch he.StatusCode {
		case http.StatusRequestEntityTooLarge:
			return true
		case http.StatusTooManyRequests:
			return false
		}
	}
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "rate limit") || strings.Contains(msg, "too many requests") {
		return false
	}
	var re rpc.Error
	if errors.As(err, &re) && re.ErrorCode() == -32005 {
		return true
	}
	for _, s := range []string{
		"query returned more than", "more than", "block range", "range too large", "range is too large",
		"too many results", "too many logs", "response size", "response too large", "is limited to",
		"exceed", "max range", "query timeout", "request entity too large",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// IsBatchTooLarge reports whether a node refused a JSON-RPC batch for its
// size (geth: "batch too large", "response too large"; proxies: HTTP 413).
func IsBatchTooLarge(err error) bool {
	var he rpc.HTTPError
	if errors.As(err, &he) && he.StatusCode == http.StatusRequestEntityTooLarge {
		return true
	}
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "response too large") ||
		strings.Contains(msg, "batch") && (strings.Contains(msg, "large") || strings.Contains(msg, "limit") || strings.Contains(msg, "exceed"))
}
