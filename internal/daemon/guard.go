package daemon

import (
	"context"
	"fmt"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/guard"
	"github.com/breakglass-dev/breakglass/internal/lease"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// guards runs pre-execution protection on every network whose plan turns
// mempool on, each under the lease "mempool/NETWORK" so that daemons
// sharing a database never race each other to the same pending
// transaction. It returns nil at once when no network turns it on.
func (d *Daemon) guards(ctx context.Context) error {
	type running struct {
		name string
		g    *guard.Guard
		mp   *chain.Mempool
	}
	var rs []running
	for _, n := range d.cfg.Plan.Networks {
		if !n.Mempool.Enabled {
			continue
		}
		g, mp, closeFn, err := d.guard(ctx, n)
		if err != nil {
			return err
		}
		defer closeFn()
		rs = append(rs, running{n.Name, g, mp})
	}
	if len(rs) == 0 {
		return nil
	}
	errs := make(chan error, len(rs))
	for _, r := range rs {
		go func() {
			l := lease.New(d.cfg.Store, "mempool/"+r.name, d.cfg.ID, d.cfg.LeaseTTL, d.cfg.Log.With("network", r.name))
			errs <- l.Run(ctx, func(ctx context.Context) error { return r.g.Run(ctx, r.mp) })
		}()
	}
	var first error
	for range rs {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// guard builds the client, engine and Guard of a network: an engine of its
// own (compiled like the follower's), so that simulations never touch the
// block path's detector state; the block path's incident manager and
// responder, so that one rule holds for both.
func (d *Daemon) guard(ctx context.Context, n plan.Network) (*guard.Guard, *chain.Mempool, func(), error) {
	cc, err := chain.ConfigFor(n)
	if err != nil {
		return nil, nil, nil, err
	}
	chainID := cc.ChainID
	client, err := chain.Dial(ctx, cc, d.metrics, d.cfg.Log)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("network %s: mempool: %w", n.Name, err)
	}
	eng, err := detect.Compile(d.cfg.Plan, detect.ForNetwork(n.Name))
	if err != nil {
		client.Close()
		return nil, nil, nil, fmt.Errorf("network %s: mempool: compile detectors: %w", n.Name, err)
	}
	obs := []pipeline.Observer{wake{d.runner}}
	if d.cfg.Observer != nil {
		obs = append(obs, d.cfg.Observer)
	}
	g, err := guard.New(guard.Config{
		Plan: d.cfg.Plan, Network: n.Name, ChainID: chainID, Engine: eng, Node: client, Store: d.cfg.Store,
		Incidents: d.app.Incidents, Responder: d.app.Responder,
		Observers: obs,
		Timeline:  d.app.Incidents,
		Metrics:   d.mempool,
		Log:       d.cfg.Log,
	})
	if err != nil {
		client.Close()
		return nil, nil, nil, err
	}
	return g, chain.NewMempool(client, d.cfg.Log.With("network", n.Name)), client.Close, nil
}
