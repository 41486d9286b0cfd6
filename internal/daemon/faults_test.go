package daemon_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/postgres"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// cutProxy forwards TCP connections to a target until cut: then it drops
// every open connection and refuses new ones (accepts and closes them at
// once), until restored.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	frozen bool
	conns  map[net.Conn]struct{}
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	t.Cleanup(func() { ln.Close(); p.setFrozen(false); p.setCut(true) })
	go p.serve()
	return p
}

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut {
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		if p.cut {
			// Cut while this connection was being dialled: it must not
			// outlive the cut.
			p.mu.Unlock()
			c.Close()
			up.Close()
			continue
		}
		p.conns[c], p.conns[up] = struct{}{}, struct{}{}
		p.mu.Unlock()
		go p.pump(up, c)
		go p.pump(c, up)
	}
}

// pump copies src to dst, holding what it read while the link is frozen.
func (p *cutProxy) pump(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			for p.isFrozen() {
				time.Sleep(10 * time.Millisecond)
			}
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *cutProxy) isFrozen() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.frozen
}

// setFrozen freezes the link (a partition: connections stay open, nothing
// gets through) or thaws it.
func (p *cutProxy) setFrozen(frozen bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frozen = frozen
}

// setCut cuts (true) or restores (false) the link.
func (p *cutProxy) setCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}

// viaProxy returns dsn with its host replaced by the proxy's address.
func viaProxy(t *testing.T, dsn string) (string, *cutProxy) {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	host := u.Host
	if u.Port() == "" {
		host += ":5432"
	}
	p := newCutProxy(t, host)
	u.Host = p.ln.Addr().String()
	return u.String(), p
}

// everyBlockOnce checks that no block was committed twice (by the
// observers of the daemons) and none skipped: the store's block history
// holds every block from the first the observers saw to the last. (A
// daemon stopped during a commit may not hear that its commit went
// through: the store is the record.)
func everyBlockOnce(t *testing.T, s store.Store, obs ...*latencies) (first, last uint64) {
	t.Helper()
	var all []uint64
	for _, o := range obs {
		o.mu.Lock()
		all = append(all, o.blocks...)
		o.mu.Unlock()
	}
	slices.Sort(all)
	for i := 1; i < len(all); i++ {
		if all[i] == all[i-1] {
			t.Fatalf("block %d committed twice: %v", all[i], all)
		}
	}
	first, last = all[0], all[len(all)-1]
	for n := first; n <= last; n++ {
		if _, err := s.BlockHash(context.Background(), "devnet", n); err != nil {
			t.Fatalf("block %d of %d..%d not committed: %v (observers saw %v)", n, first, last, err, all)
		}
	}
	return first, last
}

// TestStoreOutage cuts two daemons from their PostgreSQL for 30 s while an
// exploit is mined: they keep following (nothing is committed meanwhile),
// and when the store returns, every block of the outage is committed once,
// in order, the exploit's alert among them, and the pause is sent once.
func TestStoreOutage(t *testing.T) {
	dsn, _ := storetest.PostgresSchema(t)
	proxied, proxy := viaProxy(t, dsn)
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: time.Second})
	ec := devnettest.Dial(t, dn.HTTPURL())
	sink := notifytest.NewHTTPServer(t)
	p := writePlan(t, dn, sink.URL)
	s := storetest.OpenPostgres(t, dsn, store.Options{})
	ctx := context.Background()
	obs := []*latencies{{}, {}}
	for i, id := range []string{"a", "b"} {
		st := storetest.OpenPostgres(t, proxied, store.Options{})
		runDaemon(t, daemon.Config{Plan: p, Store: st, ID: id, Observer: obs[i], FollowBackoff: time.Second, HealthEvery: 500 * time.Millisecond})
	}
	waitFor(t, "commits", 20*time.Second, func() bool { c, err := s.Cursor(ctx, "devnet"); return err == nil && c.BlockNumber > 0 })
	nonceBefore, err := ec.NonceAt(ctx, dn.Deployment().Guardian, nil)
	if err != nil {
		t.Fatal(err)
	}

	proxy.setCut(true)
	cutAt := time.Now()
	before, _ := s.Cursor(ctx, "devnet")
	time.Sleep(3 * time.Second)
	tx := exploit(t, dn, ec)
	trigger := receipt(t, ec, tx, 10*time.Second).BlockNumber.Uint64()
	time.Sleep(30*time.Second - time.Since(cutAt))
	during, _ := s.Cursor(ctx, "devnet")
	proxy.setCut(false)
	head, _ := ec.BlockNumber(ctx)
	t.Logf("store cut for %s: cursor at block %d, exploit in block %d, head %d when it returned", time.Since(cutAt).Round(time.Second), before.BlockNumber, trigger, head)
	if during.BlockNumber > before.BlockNumber+1 {
		t.Fatalf("cursor moved from %d to %d while the store was cut", before.BlockNumber, during.BlockNumber)
	}
	returned := time.Now()
	waitFor(t, "the cursor past the outage", 20*time.Second, func() bool {
		c, err := s.Cursor(ctx, "devnet")
		return err == nil && c.BlockNumber >= head
	})
	t.Logf("caught up to block %d %s after the store returned", head, time.Since(returned).Round(time.Millisecond))
	as, err := s.Alerts(ctx, store.AlertFilter{Network: "devnet", FromBlock: trigger, ToBlock: trigger})
	if err != nil || !slices.ContainsFunc(as, func(a store.Alert) bool { return strings.EqualFold(a.TxHash, tx.Hex()) }) {
		t.Fatalf("alerts of the exploit's block %d after the outage: %+v, %v", trigger, as, err)
	}
	waitContainedAndTold(t, s)
	first, last := everyBlockOnce(t, s, obs...)
	t.Logf("blocks %d..%d committed once each across the outage (a: %d, b: %d)", first, last, len(obs[0].blocks), len(obs[1].blocks))
	if first > before.BlockNumber || last < head {
		t.Fatalf("blocks committed %d..%d do not span the outage %d..%d", first, last, before.BlockNumber, head)
	}
	h, _ := ec.BlockNumber(ctx)
	if n := len(pauseBlocks(t, ec, dn.Deployment().Pool, trigger, h)); n != 1 {
		t.Fatalf("%d pause transactions, want 1", n)
	}
	if after, _ := ec.NonceAt(ctx, dn.Deployment().Guardian, nil); after != nonceBefore+1 {
		t.Fatalf("the guardian sent %d transactions, want 1", after-nonceBefore)
	}
	keys := map[string]int{}
	for _, r := range sink.Requests() {
		var m notify.Message
		if json.Unmarshal(r.Body, &m) == nil {
			keys[m.Key]++
		}
	}
	for k, n := range keys {
		if n != 1 {
			t.Errorf("notification %s delivered %d times", k, n)
		}
	}
}

// TestPlanNotInForce: a daemon started with another plan than its peer's
// makes its plan the one in force; the peer keeps following but commits no
// block after that, and its /readyz says why. When the daemon with the new
// plan is gone, the old plan is in force again: nobody left to commit is
// not an option.
func TestPlanNotInForce(t *testing.T) {
	dsn, _ := storetest.PostgresSchema(t)
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: 500 * time.Millisecond})
	sink := notifytest.NewHTTPServer(t)
	old := writePlan(t, dn, sink.URL)
	s := storetest.OpenPostgres(t, dsn, store.Options{})
	ctx := context.Background()
	obsOld, obsNew := &latencies{}, &latencies{}
	oldAddr, _ := runDaemon(t, daemon.Config{Plan: old, Store: storetest.OpenPostgres(t, dsn, store.Options{}), ID: "old", Observer: obsOld,
		HealthEvery: 200 * time.Millisecond, LeaseTTL: 2 * time.Second})
	waitFor(t, "commits", 20*time.Second, func() bool { obsOld.mu.Lock(); defer obsOld.mu.Unlock(); return len(obsOld.blocks) >= 2 })

	// The same plan, edited: another version.
	src, err := os.ReadFile(old.Path)
	if err != nil {
		t.Fatal(err)
	}
	path := old.Path + ".new.yaml"
	if err := os.WriteFile(path, append(src, []byte("\n# edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	newer, err := plan.Load(path)
	if err != nil || newer.Hash == old.Hash {
		t.Fatalf("edited plan: %v (hash %s)", err, newer.Hash)
	}
	_, stopNew := runStoppable(t, daemon.Config{Plan: newer, Store: storetest.OpenPostgres(t, dsn, store.Options{}), ID: "new", Observer: obsNew,
		Listen: "off", LeaseTTL: 2 * time.Second})
	if got, err := s.PlanInForce(ctx); err != nil || got != newer.Hash {
		t.Fatalf("plan in force %q, %v; want the newer %s", got, err, newer.Hash)
	}
	obsOld.mu.Lock()
	oldCount := len(obsOld.blocks)
	obsOld.mu.Unlock()
	waitFor(t, "the new daemon committing", 20*time.Second, func() bool { obsNew.mu.Lock(); defer obsNew.mu.Unlock(); return len(obsNew.blocks) >= 6 })
	obsOld.mu.Lock()
	// At most the block it was in the middle of when the other started.
	if late := len(obsOld.blocks) - oldCount; late > 1 {
		t.Errorf("the daemon with the superseded plan committed %d blocks after the new plan started", late)
	}
	obsOld.mu.Unlock()
	var body string
	waitFor(t, "/readyz of the superseded daemon", 10*time.Second, func() bool {
		code, b := readyz(t, oldAddr)
		body = b
		return code == http.StatusServiceUnavailable && strings.Contains(b, "not the plan in force")
	})
	if v := metric(t, oldAddr, "breakglass_plan_in_force"); v != 0 {
		t.Errorf("breakglass_plan_in_force of the superseded daemon = %v, want 0", v)
	}
	var rep struct{ Problems []string }
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatal(err)
	}
	t.Logf("/readyz of the superseded daemon: %v", rep.Problems)

	// The new daemon stops (resigning its membership): the old plan is in
	// force again and the old daemon commits.
	stopNew()
	obsOld.mu.Lock()
	n := len(obsOld.blocks)
	obsOld.mu.Unlock()
	waitFor(t, "the old daemon committing again", 20*time.Second, func() bool {
		obsOld.mu.Lock()
		defer obsOld.mu.Unlock()
		return len(obsOld.blocks) > n+2
	})
	if got, err := s.PlanInForce(ctx); err != nil || got != old.Hash {
		t.Fatalf("plan in force %q, %v; want the old one %s again", got, err, old.Hash)
	}
	waitFor(t, "/readyz of the old daemon ready", 10*time.Second, func() bool {
		code, b := readyz(t, oldAddr)
		body = b
		return code == http.StatusOK
	})
	if v := metric(t, oldAddr, "breakglass_plan_in_force"); v != 1 {
		t.Errorf("breakglass_plan_in_force of the reinstated daemon = %v, want 1", v)
	}
	everyBlockOnce(t, s, obsOld, obsNew)
}

// claimHook is a store whose transactions call after once a claim of a
// block succeeded (once armed).
type claimHook struct {
	store.Store
	mu    sync.Mutex
	after func(block uint64)
}

func (s *claimHook) Tx(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Tx(ctx, func(tx store.Tx) error { return fn(hookTx{tx, s}) })
}

type hookTx struct {
	store.Tx
	s *claimHook
}

func (t hookTx) ClaimCursor(ctx context.Context, network string, from *store.BlockRef, to store.BlockRef) error {
	err := t.Tx.ClaimCursor(ctx, network, from, to)
	t.s.mu.Lock()
	after := t.s.after
	if err == nil {
		t.s.after = nil
	}
	t.s.mu.Unlock()
	if err == nil && after != nil {
		after(to.Number)
	}
	return err
}

// TestCommitterPartitioned: the committing daemon is cut off from the
// database by a partition (its connection open, nothing gets through)
// right after it claimed a block, holding the cursor's row lock. The
// server ends its transaction after postgres.IdleInTransactionTimeout and
// the other daemon commits the block: the blind window is bounded by that
// timeout, and every block is still committed once.
func TestCommitterPartitioned(t *testing.T) {
	dsn, _ := storetest.PostgresSchema(t)
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: time.Second})
	sink := notifytest.NewHTTPServer(t)
	p := writePlan(t, dn, sink.URL)
	s := storetest.OpenPostgres(t, dsn, store.Options{})
	ctx := context.Background()
	proxied, proxy := viaProxy(t, dsn)
	a := &claimHook{Store: storetest.OpenPostgres(t, proxied, store.Options{})}
	obsA, obsB := &latencies{}, &latencies{}
	runDaemon(t, daemon.Config{Plan: p, Store: a, ID: "a", Observer: obsA, FollowBackoff: time.Second})
	runDaemon(t, daemon.Config{Plan: p, Store: storetest.OpenPostgres(t, dsn, store.Options{}), ID: "b", Observer: obsB, FollowBackoff: time.Second})
	waitFor(t, "commits", 20*time.Second, func() bool { c, err := s.Cursor(ctx, "devnet"); return err == nil && c.BlockNumber > 0 })

	claimed := make(chan uint64, 1)
	var frozeAt time.Time
	a.mu.Lock()
	a.after = func(n uint64) {
		proxy.setFrozen(true)
		frozeAt = time.Now()
		claimed <- n
	}
	a.mu.Unlock()
	var block uint64
	select {
	case block = <-claimed:
	case <-time.After(30 * time.Second):
		t.Fatal("daemon a claimed no block")
	}
	waitFor(t, "daemon b to commit the block a claimed", 30*time.Second, func() bool {
		obsB.mu.Lock()
		defer obsB.mu.Unlock()
		return slices.Contains(obsB.blocks, block)
	})
	took := time.Since(frozeAt)
	t.Logf("daemon a partitioned after claiming block %d; daemon b committed it %s later (idle_in_transaction_session_timeout %s)",
		block, took.Round(time.Millisecond), postgres.IdleInTransactionTimeout)
	proxy.setFrozen(false)
	obsA.mu.Lock()
	n := len(obsA.blocks)
	obsA.mu.Unlock()
	// a comes back as a follower that commits again.
	waitFor(t, "daemon a committing again", 30*time.Second, func() bool {
		obsA.mu.Lock()
		defer obsA.mu.Unlock()
		return len(obsA.blocks) > n
	})
	everyBlockOnce(t, s, obsA, obsB)
	if max := 15 * time.Second; took > max {
		t.Fatalf("the block waited %s for another daemon; want under %s", took, max)
	}
}
