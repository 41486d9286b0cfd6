package daemon

import (
	"cmp"
	"context"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/lease"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// memberPrefix names the leases by which the daemons sharing a store know
// each other: each holds "member/ID/PLAN" (memberName) while it runs.
const memberPrefix = "member/"

// rank orders the members by their rendezvous score for network, highest
// first: every daemon computes the same order from the same members, a
// member joining or leaving moves a network's followers by at most one,
// and many networks spread evenly over the fleet.
func rank(network string, members []string) []string {
	score := func(id string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(network))
		h.Write([]byte{0})
		h.Write([]byte(id))
		return h.Sum64()
	}
	out := slices.Clone(members)
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(score(b), score(a)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return out
}

// follows reports whether id is among the first n members ranked for
// network.
func follows(network, id string, members []string, n int) bool {
	r := rank(network, members)
	return slices.Contains(r[:min(n, len(r))], id)
}

// members returns the IDs of the daemons whose membership lease is live,
// this one included. Liveness is read with this daemon's clock: a clock
// ahead sees others gone early (and follows more networks than its share,
// which is harmless); one behind sees a dead daemon for longer (its
// networks keep their other replicas meanwhile).
func (d *Daemon) members(ctx context.Context) ([]string, error) {
	ls, err := d.cfg.Store.Leases(ctx, memberPrefix)
	if err != nil {
		return nil, err
	}
	now := d.cfg.Now()
	out := []string{d.cfg.ID}
	for _, l := range ls {
		if id, _ := parseMember(l.Name); l.ExpiresAt.After(now) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// membership is this daemon's membership lease.
func (d *Daemon) membership() *lease.Lease {
	return lease.New(d.cfg.Store, memberName(d.cfg.ID, d.cfg.Plan.Hash), d.cfg.ID, d.cfg.LeaseTTL, d.cfg.Log)
}

// member holds the membership lease l until ctx ends.
func member(ctx context.Context, l *lease.Lease) error {
	return l.Run(ctx, func(ctx context.Context) error { <-ctx.Done(); return nil })
}

// follow runs the network's follower: always when the plan leaves
// replicas out, else while this daemon is one of the network's replicas
// (among the first n.Replicas members ranked for it), checked every
// LeaseTTL/3. When it is unsure (the store unreadable) it follows: a
// follower too many costs work, one too few a blind window.
func (d *Daemon) follow(ctx context.Context, n plan.Network, f *chain.Follower) error {
	if n.Replicas == 0 {
		return f.Run(ctx)
	}
	log := d.cfg.Log.With("network", n.Name, "replicas", n.Replicas)
	following := false
	want := func(ctx context.Context) bool {
		members, err := d.members(ctx)
		if err != nil && ctx.Err() == nil {
			log.Warn("the fleet's members are unreadable; following meanwhile", "err", err)
		}
		mine := err != nil || follows(n.Name, d.cfg.ID, members, n.Replicas)
		switch {
		case mine && !following:
			log.Info("following the network as one of its replicas", "members", len(members))
		case !mine && following:
			log.Info("no longer following the network: other daemons are its replicas", "members", len(members))
		}
		following = mine
		return mine
	}
	return runWhile(ctx, d.cfg.LeaseTTL/3, want, f.Run)
}

// runWhile runs run whenever want says so, asked every period, until ctx
// ends (then it returns nil) or run returns an error of its own.
func runWhile(ctx context.Context, period time.Duration, want func(context.Context) bool, run func(context.Context) error) error {
	type running struct {
		stop context.CancelFunc
		done chan error
	}
	var r *running
	end := func() error {
		r.stop()
		err := <-r.done
		r = nil
		return err
	}
	defer func() {
		if r != nil {
			end()
		}
	}()
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		switch on := want(ctx); {
		case on && r == nil:
			rctx, cancel := context.WithCancel(ctx)
			r = &running{stop: cancel, done: make(chan error, 1)}
			go func(done chan<- error) { done <- run(rctx) }(r.done)
		case !on && r != nil:
			if err := end(); err != nil {
				return err
			}
		}
		var done chan error
		if r != nil {
			done = r.done
		}
		select {
		case <-ctx.Done():
			return nil
		case err := <-done:
			// run ended of itself (a follower's reorg too deep).
			r.stop()
			r = nil
			if err != nil || ctx.Err() != nil {
				return err
			}
		case <-t.C:
		}
	}
}
