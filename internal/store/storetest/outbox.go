package storetest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

func item(key string) store.OutboxItem {
	return store.OutboxItem{Key: key, Kind: "notify.slack", IncidentID: "INC-2026-0001", Payload: json.RawMessage(`{"text":"` + key + `"}`)}
}

func (e *env) claim(worker string, n int, lease time.Duration) []store.OutboxItem {
	e.t.Helper()
	var out []store.OutboxItem
	e.tx(func(tx store.Tx) (err error) {
		out, err = tx.Claim(e.ctx, worker, n, lease)
		return err
	})
	return out
}

func keys(items []store.OutboxItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Key)
	}
	return out
}

func testOutboxEnqueue(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		for i, want := range []bool{true, false} {
			isNew, err := tx.Enqueue(e.ctx, item("a"))
			if err != nil {
				return err
			}
			if isNew != want {
				t.Errorf("enqueue %d: new=%v, want %v", i, isNew, want)
			}
		}
		return nil
	})
	// Even after the item is done, its key is never enqueued again.
	items := e.claim("w", 10, time.Minute)
	e.tx(func(tx store.Tx) error { return tx.Complete(e.ctx, items[0].ID) })
	e.tx(func(tx store.Tx) error {
		isNew, err := tx.Enqueue(e.ctx, item("a"))
		if err != nil || isNew {
			t.Errorf("enqueue of a done key: new=%v err=%v", isNew, err)
		}
		return err
	})
	all, _ := e.s.OutboxItems(e.ctx, store.OutboxFilter{})
	if len(all) != 1 || all[0].Status != store.OutboxDone || string(all[0].Payload) != `{"text":"a"}` || !all[0].DoneAt.Equal(Start) {
		t.Fatalf("outbox = %+v", all)
	}
	err := e.s.Tx(e.ctx, func(tx store.Tx) error {
		_, err := tx.Enqueue(e.ctx, store.OutboxItem{Kind: "notify.slack"})
		return err
	})
	if err == nil {
		t.Fatal("enqueue without a key succeeded")
	}
}

func testOutboxLifecycle(t *testing.T, e *env) {
	later := item("later")
	later.NotBefore = Start.Add(time.Hour)
	e.tx(func(tx store.Tx) error {
		for _, it := range []store.OutboxItem{item("a"), item("b"), later} {
			if _, err := tx.Enqueue(e.ctx, it); err != nil {
				return err
			}
		}
		return nil
	})
	got := e.claim("w1", 10, time.Minute)
	if !reflect.DeepEqual(keys(got), []string{"a", "b"}) {
		t.Fatalf("claimed %v, want [a b] (later is not due)", keys(got))
	}
	if it := got[0]; it.Attempts != 1 || it.LeasedBy != "w1" || !it.LeaseUntil.Equal(Start.Add(time.Minute)) || it.Status != store.OutboxPending {
		t.Fatalf("claimed item = %+v", it)
	}
	if again := e.claim("w2", 10, time.Minute); len(again) != 0 {
		t.Fatalf("leased items claimed again: %v", keys(again))
	}
	a, b := got[0], got[1]
	e.tx(func(tx store.Tx) error { return tx.Complete(e.ctx, a.ID) })

	// b's worker dies: when its lease expires, b is claimable again.
	e.clock.Advance(time.Minute)
	got = e.claim("w2", 10, time.Minute)
	if !reflect.DeepEqual(keys(got), []string{"b"}) || got[0].Attempts != 2 || got[0].LeasedBy != "w2" {
		t.Fatalf("after lease expiry claimed %+v, want b on its 2nd attempt", got)
	}
	// It fails: retried at the given time, with its last error kept.
	e.tx(func(tx store.Tx) error { return tx.Fail(e.ctx, b.ID, Start.Add(90*time.Minute), "slack: 503") })
	e.clock.Advance(time.Hour) // Start+61m: "later" is due, b is not
	got = e.claim("w1", 10, time.Minute)
	if !reflect.DeepEqual(keys(got), []string{"later"}) {
		t.Fatalf("claimed %v, want [later]", keys(got))
	}
	e.tx(func(tx store.Tx) error { return tx.Complete(e.ctx, got[0].ID) })
	e.clock.Advance(30 * time.Minute)
	got = e.claim("w1", 10, time.Minute)
	if len(got) != 1 || got[0].Key != "b" || got[0].Attempts != 3 || got[0].LastError != "slack: 503" {
		t.Fatalf("retry = %+v", got)
	}
	// It fails for good: dead, visible, never claimed again.
	e.tx(func(tx store.Tx) error { return tx.Fail(e.ctx, b.ID, time.Time{}, "slack: 404 channel_not_found") })
	e.clock.Advance(24 * time.Hour)
	if got := e.claim("w1", 10, time.Minute); len(got) != 0 {
		t.Fatalf("dead item claimed: %v", keys(got))
	}
	dead, err := e.s.OutboxItems(e.ctx, store.OutboxFilter{Statuses: []store.OutboxStatus{store.OutboxDead}})
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != 1 || dead[0].Key != "b" || dead[0].LastError != "slack: 404 channel_not_found" || dead[0].Attempts != 3 || dead[0].DoneAt.IsZero() {
		t.Fatalf("dead items = %+v", dead)
	}
	if done, _ := e.s.OutboxItems(e.ctx, store.OutboxFilter{Statuses: []store.OutboxStatus{store.OutboxDone}, IncidentID: "INC-2026-0001"}); len(done) != 2 {
		t.Fatalf("%d done items, want 2", len(done))
	}
	for _, f := range []func(store.Tx) error{
		func(tx store.Tx) error { return tx.Complete(e.ctx, 999999) },
		func(tx store.Tx) error { return tx.Fail(e.ctx, 999999, time.Time{}, "x") },
	} {
		wantErr(t, e.s.Tx(e.ctx, f), store.ErrNotFound)
	}
}

func testOutboxQueue(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		for _, k := range []string{"q1-1", "q1-2", "q2-1", "free", "q1-3"} {
			it := item(k)
			if k != "free" {
				it.Queue = k[:2]
			}
			if _, err := tx.Enqueue(e.ctx, it); err != nil {
				return err
			}
		}
		return nil
	})
	// One item per queue in flight, in order; items without a queue are free.
	got := e.claim("w", 10, time.Hour)
	if !reflect.DeepEqual(keys(got), []string{"q1-1", "q2-1", "free"}) {
		t.Fatalf("claimed %v, want [q1-1 q2-1 free]", keys(got))
	}
	// A failed head of the queue holds the queue back until it succeeds.
	e.tx(func(tx store.Tx) error { return tx.Fail(e.ctx, got[0].ID, Start.Add(time.Minute), "down") })
	if more := e.claim("w", 10, time.Hour); len(more) != 0 {
		t.Fatalf("claimed %v while q1-1 awaits its retry", keys(more))
	}
	e.clock.Advance(time.Minute)
	more := e.claim("w", 10, time.Hour)
	if !reflect.DeepEqual(keys(more), []string{"q1-1"}) {
		t.Fatalf("claimed %v, want [q1-1]", keys(more))
	}
	e.tx(func(tx store.Tx) error { return tx.Complete(e.ctx, more[0].ID) })
	if more = e.claim("w", 10, time.Hour); !reflect.DeepEqual(keys(more), []string{"q1-2"}) {
		t.Fatalf("claimed %v, want [q1-2]", keys(more))
	}
	// A dead item does not block its queue.
	e.tx(func(tx store.Tx) error { return tx.Fail(e.ctx, more[0].ID, time.Time{}, "bad request") })
	if more = e.claim("w", 10, time.Hour); !reflect.DeepEqual(keys(more), []string{"q1-3"}) {
		t.Fatalf("claimed %v, want [q1-3]", keys(more))
	}
}

// testOutboxConcurrentClaim: many workers claim at once; every item is
// claimed exactly once.
func testOutboxConcurrentClaim(t *testing.T, e *env) {
	const items, workers, batch = 300, 8, 7
	e.tx(func(tx store.Tx) error {
		for i := range items {
			it := item(fmt.Sprintf("k%03d", i))
			if i%3 == 0 {
				it.Queue = fmt.Sprintf("q%d", i%9) // some ordered items among them
			}
			if _, err := tx.Enqueue(e.ctx, it); err != nil {
				return err
			}
		}
		return nil
	})
	var mu sync.Mutex
	claimedBy := map[string]string{}
	var dups []string
	var wg sync.WaitGroup
	for w := range workers {
		worker := fmt.Sprintf("w%d", w)
		wg.Go(func() {
			idle := 0
			for idle < 3 {
				var got []store.OutboxItem
				err := e.s.Tx(e.ctx, func(tx store.Tx) (err error) {
					got, err = tx.Claim(e.ctx, worker, batch, time.Hour)
					return err
				})
				if err != nil {
					t.Errorf("%s: claim: %v", worker, err)
					return
				}
				if len(got) == 0 {
					idle++
					time.Sleep(5 * time.Millisecond)
					continue
				}
				idle = 0
				mu.Lock()
				for _, it := range got {
					if prev, ok := claimedBy[it.Key]; ok {
						dups = append(dups, fmt.Sprintf("%s by %s and %s", it.Key, prev, worker))
					}
					claimedBy[it.Key] = worker
				}
				mu.Unlock()
				err = e.s.Tx(e.ctx, func(tx store.Tx) error {
					for _, it := range got {
						if err := tx.Complete(e.ctx, it.ID); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Errorf("%s: complete: %v", worker, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(dups) > 0 {
		t.Fatalf("items claimed twice: %v", dups)
	}
	if len(claimedBy) != items {
		t.Fatalf("%d of %d items claimed", len(claimedBy), items)
	}
	done, _ := e.s.OutboxItems(e.ctx, store.OutboxFilter{Statuses: []store.OutboxStatus{store.OutboxDone}})
	if len(done) != items {
		t.Fatalf("%d items done, want %d", len(done), items)
	}
	for _, it := range done {
		if it.Attempts != 1 {
			t.Fatalf("item %s attempted %d times", it.Key, it.Attempts)
		}
	}
}

func (e *env) claimFiltered(worker string, n int, f store.ClaimFilter) []store.OutboxItem {
	e.t.Helper()
	var out []store.OutboxItem
	e.tx(func(tx store.Tx) (err error) {
		out, err = tx.ClaimFiltered(e.ctx, worker, n, time.Minute, f)
		return err
	})
	return out
}

// testOutboxClaimFiltered: lanes claim only their kinds; a kind matches
// the kinds under it, not a kind that merely starts with the same letters.
func testOutboxClaimFiltered(t *testing.T, e *env) {
	kinds := map[string]string{"p1": "respond", "s1": "notify.slack", "h1": "notify.status_hook", "h2": "notify.status_hook", "x1": "notifyx", "o1": "other.thing", "s2": "notify.slack"}
	e.tx(func(tx store.Tx) error {
		for _, k := range []string{"s1", "h1", "x1", "p1", "o1", "h2", "s2"} {
			it := item(k)
			it.Kind = kinds[k]
			if _, err := tx.Enqueue(e.ctx, it); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		name string
		f    store.ClaimFilter
		want []string
	}{
		{"a channel at its bound is left out", store.ClaimFilter{Kinds: []string{"notify"}, ExceptKinds: []string{"notify.status_hook"}}, []string{"s1", "s2"}},
		{"containment alone", store.ClaimFilter{Kinds: []string{"respond"}}, []string{"p1"}},
		{"the rest", store.ClaimFilter{ExceptKinds: []string{"respond", "notify"}}, []string{"x1", "o1"}},
		{"nothing left of those", store.ClaimFilter{Kinds: []string{"respond", "notify.slack", "notifyx"}}, nil},
		{"an exact kind", store.ClaimFilter{Kinds: []string{"notify.status_hook"}}, []string{"h1", "h2"}},
	}
	for _, tc := range tests {
		if got := keys(e.claimFiltered("w", 10, tc.f)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: claimed %v, want %v", tc.name, got, tc.want)
		}
	}
}

// testOutboxRenewRelease: a worker renews what it still holds (not what
// another took over), and a restarted worker of the same identity gets its
// items back at once.
func testOutboxRenewRelease(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		for _, k := range []string{"a", "b", "c"} {
			if _, err := tx.Enqueue(e.ctx, item(k)); err != nil {
				return err
			}
		}
		return nil
	})
	got := e.claim("w1", 2, 10*time.Second) // a, b
	c := e.claim("w2", 1, 10*time.Second)   // c
	renew := func(worker string, ids ...int64) int {
		var n int
		e.tx(func(tx store.Tx) (err error) {
			n, err = tx.RenewClaims(e.ctx, worker, ids, 10*time.Second)
			return err
		})
		return n
	}
	e.clock.Advance(8 * time.Second)
	if n := renew("w1", got[0].ID, got[1].ID, c[0].ID); n != 2 {
		t.Fatalf("w1 renewed %d items, want its own 2", n)
	}
	e.clock.Advance(8 * time.Second) // c's lease expired, a and b's did not
	if more := e.claim("w3", 10, 10*time.Second); !reflect.DeepEqual(keys(more), []string{"c"}) {
		t.Fatalf("claimed %v, want [c] (a and b renewed)", keys(more))
	}
	if n := renew("w2", c[0].ID); n != 0 {
		t.Fatal("w2 renewed an item w3 took over")
	}
	e.tx(func(tx store.Tx) error { return tx.Complete(e.ctx, got[0].ID) })
	if n := renew("w1", got[0].ID); n != 0 {
		t.Fatal("renewed a done item")
	}
	// w1 restarts: its b comes back at once; w3's c stays w3's.
	var released int
	e.tx(func(tx store.Tx) (err error) {
		released, err = tx.ReleaseClaims(e.ctx, "w1")
		return err
	})
	if released != 1 {
		t.Fatalf("released %d items, want 1", released)
	}
	again := e.claim("w1", 10, 10*time.Second)
	if !reflect.DeepEqual(keys(again), []string{"b"}) || again[0].Attempts != 2 {
		t.Fatalf("after release claimed %+v, want b on its 2nd attempt", again)
	}
}

func testLease(t *testing.T, e *env) {
	acquire := func(holder string) bool {
		var ok bool
		e.tx(func(tx store.Tx) (err error) {
			ok, err = tx.AcquireLease(e.ctx, "follow:mainnet", holder, 30*time.Second)
			return err
		})
		return ok
	}
	renew := func(holder string) bool {
		var ok bool
		e.tx(func(tx store.Tx) (err error) {
			ok, err = tx.RenewLease(e.ctx, "follow:mainnet", holder, 30*time.Second)
			return err
		})
		return ok
	}
	_, err := e.s.Lease(e.ctx, "follow:mainnet")
	wantErr(t, err, store.ErrNotFound)
	if !acquire("a") || acquire("b") {
		t.Fatal("a should hold the lease, b not")
	}
	e.clock.Advance(20 * time.Second)
	if !acquire("a") || !renew("a") || renew("b") {
		t.Fatal("a re-acquires and renews; b cannot renew")
	}
	l, _ := e.s.Lease(e.ctx, "follow:mainnet")
	if l.Holder != "a" || !l.AcquiredAt.Equal(Start) || !l.ExpiresAt.Equal(Start.Add(50*time.Second)) {
		t.Fatalf("lease = %+v", l)
	}
	// a stops renewing: after expiry b takes over and a has lost it.
	e.clock.Advance(31 * time.Second)
	if !acquire("b") {
		t.Fatal("b could not take the expired lease")
	}
	if renew("a") || acquire("a") {
		t.Fatal("a still holds a lease b took over")
	}
	l, _ = e.s.Lease(e.ctx, "follow:mainnet")
	if l.Holder != "b" || !l.AcquiredAt.Equal(Start.Add(51*time.Second)) {
		t.Fatalf("lease = %+v", l)
	}
	// Releasing someone else's lease does nothing; releasing one's own frees it.
	e.tx(func(tx store.Tx) error { return tx.ReleaseLease(e.ctx, "follow:mainnet", "a") })
	if l, _ := e.s.Lease(e.ctx, "follow:mainnet"); l.Holder != "b" {
		t.Fatalf("a released b's lease: %+v", l)
	}
	e.tx(func(tx store.Tx) error { return tx.ReleaseLease(e.ctx, "follow:mainnet", "b") })
	if _, err := e.s.Lease(e.ctx, "follow:mainnet"); !isErr(err, store.ErrNotFound) {
		t.Fatalf("after release: %v", err)
	}
	if !acquire("a") {
		t.Fatal("a could not take the released lease")
	}
}

func testLeaseConcurrent(t *testing.T, e *env) {
	const holders = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	var winners []string
	for h := range holders {
		holder := fmt.Sprintf("daemon-%d", h)
		wg.Go(func() {
			err := e.s.Tx(e.ctx, func(tx store.Tx) error {
				ok, err := tx.AcquireLease(e.ctx, "follow:base", holder, time.Minute)
				if ok {
					mu.Lock()
					winners = append(winners, holder)
					mu.Unlock()
				}
				return err
			})
			if err != nil {
				t.Errorf("%s: %v", holder, err)
			}
		})
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("lease acquired by %v, want exactly one", winners)
	}
	if l, _ := e.s.Lease(e.ctx, "follow:base"); l.Holder != winners[0] {
		t.Fatalf("lease held by %s, winner %s", l.Holder, winners[0])
	}
}

func testPlanVersions(t *testing.T, e *env) {
	v1 := store.PlanVersion{Hash: "h1", Content: []byte("networks:\n  - name: mainnet\n\x00binary-safe")}
	v2 := store.PlanVersion{Hash: "h2", Content: []byte("networks: []\n")}
	e.tx(func(tx store.Tx) error {
		for i, tc := range []struct {
			p    store.PlanVersion
			want bool
		}{{v1, true}, {v1, false}} {
			isNew, err := tx.SavePlanVersion(e.ctx, tc.p)
			if err != nil {
				return err
			}
			if isNew != tc.want {
				t.Errorf("save %d: new=%v", i, isNew)
			}
		}
		return nil
	})
	e.clock.Advance(time.Hour)
	e.tx(func(tx store.Tx) error { _, err := tx.SavePlanVersion(e.ctx, v2); return err })
	got, err := e.s.PlanVersion(e.ctx, "h1")
	if err != nil || string(got.Content) != string(v1.Content) || !got.LoadedAt.Equal(Start) {
		t.Fatalf("PlanVersion(h1) = %+v, %v", got, err)
	}
	_, err = e.s.PlanVersion(e.ctx, "h3")
	wantErr(t, err, store.ErrNotFound)
	l, err := e.s.PlanVersions(e.ctx)
	if err != nil || len(l) != 2 || l[0].Hash != "h1" || l[1].Hash != "h2" || !l[1].LoadedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("PlanVersions = %+v, %v", l, err)
	}
}

// testOutboxDueNow: DueNow brings forward the backoff of pending items of
// the kinds named (and under them), leaves other kinds, claimed and done
// items alone.
func testOutboxDueNow(t *testing.T, e *env) {
	mk := func(key, kind string, notBefore time.Time) store.OutboxItem {
		it := item(key)
		it.Kind, it.NotBefore = kind, notBefore
		return it
	}
	later := Start.Add(time.Hour)
	e.tx(func(tx store.Tx) error {
		for _, it := range []store.OutboxItem{
			mk("pause", "respond", later), mk("pause-step", "respond.step", later),
			mk("note", "notify.slack", later), mk("claimed", "respond", Start), mk("due", "respond", Start),
		} {
			if _, err := tx.Enqueue(e.ctx, it); err != nil {
				return err
			}
		}
		return nil
	})
	var claimed []store.OutboxItem
	e.tx(func(tx store.Tx) (err error) {
		claimed, err = tx.ClaimFiltered(e.ctx, "w1", 1, time.Minute, store.ClaimFilter{Kinds: []string{"respond"}})
		return err
	})
	if len(claimed) != 1 || claimed[0].Key != "claimed" {
		t.Fatalf("claimed %v", keys(claimed))
	}
	var n int
	e.tx(func(tx store.Tx) (err error) {
		n, err = tx.DueNow(e.ctx, []string{"respond"})
		return err
	})
	if n != 2 {
		t.Errorf("DueNow changed %d items, want 2 (pause, pause-step)", n)
	}
	got := keys(e.claim("w2", 10, time.Minute))
	slices.Sort(got)
	if !reflect.DeepEqual(got, []string{"due", "pause", "pause-step"}) {
		t.Errorf("claimable now: %v, want [due pause pause-step] (note keeps its backoff, claimed its lease)", got)
	}
}

// testPlanInForce: the plan in force is the one started last, whatever
// the clock says.
func testPlanInForce(t *testing.T, e *env) {
	_, err := e.s.PlanInForce(e.ctx)
	wantErr(t, err, store.ErrNotFound)
	start := func(hash string) {
		e.tx(func(tx store.Tx) error {
			if _, err := tx.SavePlanVersion(e.ctx, store.PlanVersion{Hash: hash, Content: []byte(hash)}); err != nil {
				return err
			}
			return tx.StartPlanVersion(e.ctx, hash)
		})
	}
	start("h1")
	e.clock.Advance(-time.Hour) // a clock behind does not matter
	start("h2")
	if got, err := e.s.PlanInForce(e.ctx); err != nil || got != "h2" {
		t.Fatalf("PlanInForce = %q, %v; want h2", got, err)
	}
	start("h1") // started again: a rollback
	if got, _ := e.s.PlanInForce(e.ctx); got != "h1" {
		t.Fatalf("PlanInForce after h1 restarted = %q", got)
	}
	err = e.s.Tx(e.ctx, func(tx store.Tx) error { return tx.StartPlanVersion(e.ctx, "nope") })
	wantErr(t, err, store.ErrNotFound)
}

// testLeasesByPrefix: leases are listed by name prefix, taken literally
// (no wildcards), expired ones included.
func testLeasesByPrefix(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		for _, n := range []string{"member/b", "member/a_1", "member/a%", "memberx", "follow/base"} {
			if _, err := tx.AcquireLease(e.ctx, n, "h-"+n, time.Minute); err != nil {
				return err
			}
		}
		return nil
	})
	e.clock.Advance(2 * time.Minute)
	got, err := e.s.Leases(e.ctx, "member/")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range got {
		names = append(names, l.Name)
		if l.Holder != "h-"+l.Name || !l.ExpiresAt.Equal(Start.Add(time.Minute)) {
			t.Errorf("lease %+v", l)
		}
	}
	if want := []string{"member/a%", "member/a_1", "member/b"}; !slices.Equal(names, want) {
		t.Fatalf("Leases(member/) = %v, want %v", names, want)
	}
	if got, err := e.s.Leases(e.ctx, "member/a_"); err != nil || len(got) != 1 || got[0].Name != "member/a_1" {
		t.Fatalf("Leases(member/a_) = %+v, %v: want member/a_1 alone (no wildcards)", got, err)
	}
}
