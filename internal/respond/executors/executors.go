// Package executors builds the plan's executors (respond/key and
// respond/safe) for the responder, lazily, resolving their secrets when
// first used, with one transaction manager per network so that every
// executor sending from the same key shares one nonce sequence.
package executors

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/key"
	"github.com/breakglass-dev/breakglass/internal/respond/presign"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
	"github.com/breakglass-dev/breakglass/internal/respond/txmgr"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Backend is what executors need of a network's node: the transaction
// manager's and the simulation's needs together. chain.Client satisfies
// it (and go-ethereum's ethclient.Client, which tests may pass in
// Options.Backends).
type Backend interface {
	txmgr.Backend
	respond.Backend
}

// The network's node is reached through chain.Client, and only through it.
var _ Backend = (*chain.Client)(nil)

// Options are a Registry's optional settings.
type Options struct {
	// Backends gives the node of a network; networks not in it are dialled
	// from the plan's RPC URLs with failover (chain.Client).
	Backends map[string]Backend
	// Tx tunes the transaction managers. Their fees are the plan's
	// (networks[].fees); a fee set here overrides the plan's (tests).
	Tx txmgr.Config
	// HTTPClient is used for the Safe Transaction Service (nil: default).
	HTTPClient *http.Client
	Log        *slog.Logger
}

// Registry implements respond.Executors over a plan.
type Registry struct {
	plan  *plan.Plan
	store store.Store
	opts  Options

	mu       sync.Mutex
	backends map[string]Backend
	clients  []*chain.Client
	relays   []*txmgr.RPCRelay
	txs      map[string]*txmgr.Manager
	execs    map[string]respond.Executor
}

// New returns a registry for p, recording sent transactions in s.
func New(p *plan.Plan, s store.Store, opts Options) *Registry {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	r := &Registry{plan: p, store: s, opts: opts, backends: map[string]Backend{}, txs: map[string]*txmgr.Manager{}, execs: map[string]respond.Executor{}}
	for n, b := range opts.Backends {
		r.backends[n] = b
	}
	return r
}

// Close closes the clients the registry dialled.
func (r *Registry) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.clients {
		c.Close()
	}
	r.clients = nil
	for _, rl := range r.relays {
		rl.Close()
	}
	r.relays = nil
}

// Backend returns the node of network.
func (r *Registry) Backend(ctx context.Context, network string) (respond.Backend, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.backend(ctx, network)
}

func (r *Registry) backend(ctx context.Context, network string) (Backend, error) {
	if b, ok := r.backends[network]; ok {
		return b, nil
	}
	n := r.plan.Network(network)
	if n == nil {
		return nil, fmt.Errorf("network %q is not in the plan", network)
	}
	cc, err := chain.ConfigFor(*n)
	if err != nil {
		return nil, err
	}
	c, err := chain.Dial(ctx, cc, nil, r.opts.Log)
	if err != nil {
		return nil, err
	}
	r.clients = append(r.clients, c)
	r.backends[network] = c
	return c, nil
}

func (r *Registry) txmgr(ctx context.Context, network string) (*txmgr.Manager, error) {
	if m, ok := r.txs[network]; ok {
		return m, nil
	}
	b, err := r.backend(ctx, network)
	if err != nil {
		return nil, err
	}
	cfg := r.txConfig(network)
	if n := r.plan.Network(network); n != nil && len(cfg.Relays) == 0 {
		for _, ep := range n.Mempool.PrivateRPC {
			u, err := ep.Resolve()
			if err != nil {
				return nil, fmt.Errorf("network %s: private_rpc: %w", network, err)
			}
			rl, err := txmgr.DialRelay(ctx, u)
			if err != nil {
				return nil, fmt.Errorf("network %s: %w", network, err)
			}
			r.relays = append(r.relays, rl)
			cfg.Relays = append(cfg.Relays, rl)
		}
	}
	m, err := txmgr.New(ctx, b, r.store, cfg, r.opts.Log.With("network", network))
	if err != nil {
		return nil, fmt.Errorf("network %s: %w", network, err)
	}
	r.txs[network] = m
	return m, nil
}

// txConfig is the transaction managers' configuration with the fees the
// plan sets for network; fees set in Options.Tx take precedence.
func (r *Registry) txConfig(network string) txmgr.Config {
	cfg := r.opts.Tx
	n := r.plan.Network(network)
	if n == nil {
		return cfg
	}
	if cfg.PriorityFee == nil && n.Fees.MaxPriorityFee.IsSet() {
		cfg.PriorityFee = n.Fees.MaxPriorityFee.Int()
	}
	if cfg.MaxFeePerGas == nil && n.Fees.MaxFee.IsSet() {
		cfg.MaxFeePerGas = n.Fees.MaxFee.Int()
	}
	return cfg
}

// Executor returns the plan's executor name bound to network.
func (r *Registry) Executor(ctx context.Context, name, network string) (respond.Executor, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.executor(ctx, name, network)
}

func (r *Registry) executor(ctx context.Context, name, network string) (respond.Executor, error) {
	k := name + "@" + network
	if e, ok := r.execs[k]; ok {
		return e, nil
	}
	pe := r.plan.Executor(name)
	if pe == nil {
		return nil, fmt.Errorf("%w: executor %q is not in the plan", respond.ErrInvalid, name)
	}
	if pe.Network != "" && pe.Network != network {
		return nil, fmt.Errorf("%w: executor %s serves network %s, not %s", respond.ErrInvalid, name, pe.Network, network)
	}
	var e respond.Executor
	var err error
	switch pe.Type {
	case plan.ExecutorKey:
		e, err = r.keyExecutor(ctx, *pe, network)
	case plan.ExecutorSafe:
		e, err = r.safeExecutor(ctx, *pe, network)
	default:
		err = fmt.Errorf("%w: executor %s has unknown type %q", respond.ErrInvalid, name, pe.Type)
	}
	if err != nil {
		return nil, err
	}
	r.execs[k] = e
	return e, nil
}

func (r *Registry) keyExecutor(ctx context.Context, pe plan.Executor, network string) (*key.Executor, error) {
	s, err := key.Load(pe, r.dir())
	if err != nil {
		return nil, err
	}
	m, err := r.txmgr(ctx, network)
	if err != nil {
		return nil, err
	}
	return key.New(s, m), nil
}

func (r *Registry) safeExecutor(ctx context.Context, pe plan.Executor, network string) (*safe.Executor, error) {
	b, err := r.backend(ctx, network)
	if err != nil {
		return nil, err
	}
	m, err := r.txmgr(ctx, network)
	if err != nil {
		return nil, err
	}
	cfg := safe.Config{Safe: pe.Safe, ChainID: m.ChainID()}
	if r.store != nil {
		cfg.Stock = presign.Stock{Store: r.store}
	}
	for i, ref := range pe.Owners {
		raw, err := ref.Resolve()
		if err != nil {
			return nil, fmt.Errorf("executor %s: owner %d: %w", pe.Name, i+1, err)
		}
		s, err := key.ParseHex(raw)
		if err != nil {
			return nil, fmt.Errorf("executor %s: owner %d (%s): %w", pe.Name, i+1, ref, err)
		}
		cfg.Owners = append(cfg.Owners, s)
	}
	if pe.Submitter != "" {
		sub, err := r.executor(ctx, pe.Submitter, network)
		if err != nil {
			return nil, fmt.Errorf("executor %s: submitter: %w", pe.Name, err)
		}
		ke, ok := sub.(*key.Executor)
		if !ok {
			return nil, fmt.Errorf("%w: executor %s: submitter %s must be a key executor", respond.ErrInvalid, pe.Name, pe.Submitter)
		}
		cfg.Submitter = ke
	}
	if pe.ServiceURL != "" {
		svc, err := presign.Service(&pe, r.opts.HTTPClient)
		if err != nil {
			return nil, err
		}
		cfg.Service = svc
	}
	return safe.New(cfg, b), nil
}

func (r *Registry) dir() string {
	if r.plan.Path == "" {
		return ""
	}
	return filepath.Dir(r.plan.Path)
}
