package web

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/units"
)

// token is what amounts of a token are shown with.
type token struct {
	Symbol   string
	Decimals uint8
	Known    bool
}

// tokenCache reads an ERC-20's symbol() and decimals() once from the
// network's node (through the executors' backends) and keeps them; the
// native currency is the network's native_symbol with 18 decimals.
type tokenCache struct {
	nodes interface {
		Backend(ctx context.Context, network string) (respond.Backend, error)
	}
	plan *plan.Plan
	mu   sync.Mutex
	m    map[string]tokenEntry
}

type tokenEntry struct {
	t       token
	expires time.Time
}

func newTokenCache(nodes interface {
	Backend(ctx context.Context, network string) (respond.Backend, error)
}, p *plan.Plan) *tokenCache {
	return &tokenCache{nodes: nodes, plan: p, m: map[string]tokenEntry{}}
}

var erc20 = func() abi.ABI {
	a, err := abi.JSON(strings.NewReader(`[{"type":"function","name":"symbol","stateMutability":"view","inputs":[],"outputs":[{"type":"string"}]},
{"type":"function","name":"decimals","stateMutability":"view","inputs":[],"outputs":[{"type":"uint8"}]}]`))
	if err != nil {
		panic(err)
	}
	return a
}()

// resolve returns the token named ref (a contract of the plan, an
// address, or "native") on network.
func (c *tokenCache) resolve(ctx context.Context, network, ref string) token {
	n := c.plan.Network(network)
	if ref == "" || ref == plan.NativeToken || ref == (common.Address{}).Hex() {
		sym := "ETH"
		if n != nil {
			sym = n.Native()
		}
		return token{Symbol: sym, Decimals: 18, Known: true}
	}
	addr := ref
	if ct := c.plan.Contract(ref); ct != nil {
		addr = ct.Address.Hex()
	}
	if !common.IsHexAddress(addr) || c.nodes == nil {
		return token{Symbol: ref}
	}
	key := network + "/" + strings.ToLower(addr)
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.t
	}
	t := c.read(ctx, network, common.HexToAddress(addr))
	ttl := 24 * time.Hour
	if !t.Known {
		ttl = time.Minute
		t.Symbol = ref
		if ct := c.plan.Contract(ref); ct == nil {
			t.Symbol = shortHex(addr)
		}
	}
	c.mu.Lock()
	c.m[key] = tokenEntry{t: t, expires: time.Now().Add(ttl)}
	c.mu.Unlock()
	return t
}

func (c *tokenCache) read(ctx context.Context, network string, addr common.Address) token {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	be, err := c.nodes.Backend(ctx, network)
	if err != nil {
		return token{}
	}
	call := func(name string) ([]any, bool) {
		data, _ := erc20.Pack(name)
		out, err := be.CallContract(ctx, ethereum.CallMsg{To: &addr, Data: data}, nil)
		if err != nil || len(out) == 0 {
			return nil, false
		}
		v, err := erc20.Unpack(name, out)
		return v, err == nil && len(v) == 1
	}
	d, ok := call("decimals")
	if !ok {
		return token{}
	}
	t := token{Decimals: d[0].(uint8), Known: true}
	if s, ok := call("symbol"); ok {
		t.Symbol = s[0].(string)
	}
	if t.Symbol == "" {
		t.Symbol = shortHex(addr.Hex())
	}
	return t
}

// amount shows base units v of t for people; the exact base units stay
// in the title.
func (t token) amount(v string) (string, bool) {
	if !t.Known {
		return "", false
	}
	return units.FormatString(v, t.Decimals, t.Symbol)
}

func shortHex(h string) string {
	if len(h) <= 12 {
		return h
	}
	return h[:6] + "…" + h[len(h)-4:]
}
