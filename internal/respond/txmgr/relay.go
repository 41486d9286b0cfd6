package txmgr

import (
	"context"
	"fmt"
	"net/url"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// RPCRelay is a private submission endpoint reached over JSON-RPC
// (eth_sendRawTransaction), as Flashbots Protect, MEV Blocker and builders'
// RPCs take it.
type RPCRelay struct {
	name string
	c    *rpc.Client
}

// DialRelay connects to the relay at rawURL (which may hold an API key:
// only its scheme and host are ever shown).
func DialRelay(ctx context.Context, rawURL string) (*RPCRelay, error) {
	name := "invalid-url"
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		name = u.Scheme + "://" + u.Host
	}
	c, err := rpc.DialContext(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("private relay %s: %w", name, err)
	}
	return &RPCRelay{name: name, c: c}, nil
}

// Name is the relay's scheme and host.
func (r *RPCRelay) Name() string { return r.name }

// SendRawTransaction sends a signed transaction.
func (r *RPCRelay) SendRawTransaction(ctx context.Context, raw []byte) error {
	var hash string
	return r.c.CallContext(ctx, &hash, "eth_sendRawTransaction", hexutil.Bytes(raw))
}

// Close closes the connection.
func (r *RPCRelay) Close() { r.c.Close() }
