package storetest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

func testCursor(t *testing.T, e *env) {
	_, err := e.s.Cursor(e.ctx, "mainnet")
	wantErr(t, err, store.ErrNotFound)

	e.tx(func(tx store.Tx) error {
		return tx.SetCursor(e.ctx, store.Cursor{Network: "mainnet", BlockNumber: 100, BlockHash: "0xaa"})
	})
	e.clock.Advance(time.Second)
	e.tx(func(tx store.Tx) error {
		if err := tx.SetCursor(e.ctx, store.Cursor{Network: "mainnet", BlockNumber: 101, BlockHash: "0xbb", State: json.RawMessage(`{"detectors":[{"name":"x","matches":[99,101]}]}`)}); err != nil {
			return err
		}
		return tx.SetCursor(e.ctx, store.Cursor{Network: "base", BlockNumber: 7, BlockHash: "0x07"})
	})
	c, err := e.s.Cursor(e.ctx, "mainnet")
	if err != nil {
		t.Fatal(err)
	}
	want := store.Cursor{Network: "mainnet", BlockNumber: 101, BlockHash: "0xbb", UpdatedAt: Start.Add(time.Second),
		State: json.RawMessage(`{"detectors":[{"name":"x","matches":[99,101]}]}`)}
	if c.Network != want.Network || c.BlockNumber != want.BlockNumber || c.BlockHash != want.BlockHash ||
		!c.UpdatedAt.Equal(want.UpdatedAt) || string(c.State) != string(want.State) {
		t.Fatalf("cursor = %+v, want %+v", c, want)
	}
	// The state is kept byte for byte; a cursor without one reads as nil.
	if c, err := e.s.Cursor(e.ctx, "base"); err != nil || c.BlockNumber != 7 || c.State != nil {
		t.Fatalf("base cursor = %+v, %v", c, err)
	}
}

func testBlockHistory(t *testing.T, e *env) {
	set := func(n uint64) {
		e.tx(func(tx store.Tx) error {
			return tx.SetCursor(e.ctx, store.Cursor{Network: "mainnet", BlockNumber: n, BlockHash: fmt.Sprintf("0x%x", n)})
		})
	}
	for n := uint64(1); n <= 5; n++ {
		set(n)
	}
	for n := uint64(1); n <= 5; n++ {
		h, err := e.s.BlockHash(e.ctx, "mainnet", n)
		if err != nil || h != fmt.Sprintf("0x%x", n) {
			t.Fatalf("BlockHash(%d) = %q, %v", n, h, err)
		}
	}
	// A reorg moves the cursor back: the dropped blocks are forgotten.
	set(3)
	if _, err := e.s.BlockHash(e.ctx, "mainnet", 4); !errorsIsNotFound(err) {
		t.Fatalf("BlockHash(4) after reorg to 3: %v, want ErrNotFound", err)
	}
	e.tx(func(tx store.Tx) error {
		return tx.SetCursor(e.ctx, store.Cursor{Network: "mainnet", BlockNumber: 4, BlockHash: "0xnew4"})
	})
	if h, _ := e.s.BlockHash(e.ctx, "mainnet", 4); h != "0xnew4" {
		t.Fatalf("BlockHash(4) on the new branch = %q", h)
	}
	// Blocks older than the history window are pruned.
	set(4 + store.BlockHistory)
	if _, err := e.s.BlockHash(e.ctx, "mainnet", 4); !errorsIsNotFound(err) {
		t.Fatalf("BlockHash(4) beyond the window: %v, want ErrNotFound", err)
	}
	if _, err := e.s.BlockHash(e.ctx, "mainnet", 4+store.BlockHistory); err != nil {
		t.Fatal(err)
	}
}

// testBlockHistoryGrouped: blocks committed together (a follower catching
// up) are all recorded in the history with the cursor's.
func testBlockHistoryGrouped(t *testing.T, e *env) {
	ref := func(n uint64) store.BlockRef { return store.BlockRef{Number: n, Hash: fmt.Sprintf("0x%x", n)} }
	set := func(n uint64, earlier ...store.BlockRef) error {
		return e.s.Tx(e.ctx, func(tx store.Tx) error {
			return tx.SetCursor(e.ctx, store.Cursor{Network: "mainnet", BlockNumber: n, BlockHash: fmt.Sprintf("0x%x", n)}, earlier...)
		})
	}
	if err := set(12, ref(7), ref(8), ref(9), ref(10), ref(11)); err != nil {
		t.Fatal(err)
	}
	for n := uint64(7); n <= 12; n++ {
		if h, err := e.s.BlockHash(e.ctx, "mainnet", n); err != nil || h != fmt.Sprintf("0x%x", n) {
			t.Fatalf("BlockHash(%d) = %q, %v", n, h, err)
		}
	}
	if c, err := e.s.Cursor(e.ctx, "mainnet"); err != nil || c.BlockNumber != 12 {
		t.Fatalf("cursor = %+v, %v; want block 12", c, err)
	}
	// Earlier blocks must be below the cursor's, in order; nothing is
	// written otherwise.
	for _, bad := range [][]store.BlockRef{{ref(14), ref(13)}, {ref(15)}, {ref(13), ref(13)}} {
		if err := set(15, bad...); err == nil {
			t.Fatalf("SetCursor(15, %v) accepted", bad)
		}
	}
	if c, _ := e.s.Cursor(e.ctx, "mainnet"); c.BlockNumber != 12 {
		t.Fatalf("cursor moved to %d by a refused SetCursor", c.BlockNumber)
	}
	// A group that moves the cursor back (a rewind, then blocks of the new
	// branch) forgets the blocks above it.
	if err := set(10, store.BlockRef{Number: 9, Hash: "0x9b"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.BlockHash(e.ctx, "mainnet", 11); !errorsIsNotFound(err) {
		t.Fatalf("BlockHash(11) after the cursor moved back to 10: %v, want ErrNotFound", err)
	}
	if h, _ := e.s.BlockHash(e.ctx, "mainnet", 9); h != "0x9b" {
		t.Fatalf("BlockHash(9) = %q, want the group's 0x9b", h)
	}
	// Earlier blocks below the history window are not recorded.
	top := uint64(10 + store.BlockHistory)
	if err := set(top, ref(10), ref(11), ref(top-1)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.BlockHash(e.ctx, "mainnet", 10); !errorsIsNotFound(err) {
		t.Fatalf("BlockHash(10) below the window: %v, want ErrNotFound", err)
	}
	for _, n := range []uint64{11, top - 1, top} {
		if _, err := e.s.BlockHash(e.ctx, "mainnet", n); err != nil {
			t.Fatalf("BlockHash(%d): %v", n, err)
		}
	}
}

func errorsIsNotFound(err error) bool { return err != nil && isErr(err, store.ErrNotFound) }

// blockTime is the time of a test block: 12 s per block from Start.
func blockTime(block uint64) time.Time {
	return Start.Add(-time.Hour).Add(time.Duration(block) * 12 * time.Second)
}

func testAlertIdempotent(t *testing.T, e *env) {
	var first store.Alert
	e.tx(func(tx store.Tx) error {
		a, isNew, err := tx.InsertAlert(e.ctx, Alert(10, 3, "drain"))
		if err != nil {
			return err
		}
		if !isNew || a.ID == 0 || !a.CreatedAt.Equal(Start) || !a.BlockTime.Equal(blockTime(10)) {
			t.Errorf("first insert: new=%v id=%d created=%v block time %v", isNew, a.ID, a.CreatedAt, a.BlockTime)
		}
		first = a
		return tx.SetCursor(e.ctx, store.Cursor{Network: "mainnet", BlockNumber: 10, BlockHash: "0xb10"})
	})
	// The same block processed again stores nothing new.
	e.clock.Advance(time.Minute)
	e.tx(func(tx store.Tx) error {
		a, isNew, err := tx.InsertAlert(e.ctx, Alert(10, 3, "drain"))
		if err != nil {
			return err
		}
		if isNew || a.ID != first.ID || !a.CreatedAt.Equal(Start) {
			t.Errorf("second insert: new=%v id=%d (first %d) created=%v", isNew, a.ID, first.ID, a.CreatedAt)
		}
		// Another log index, detector or block is another alert.
		for _, other := range []store.Alert{Alert(10, 4, "drain"), Alert(10, 3, "reentrancy"), Alert(11, 3, "drain")} {
			if _, isNew, err := tx.InsertAlert(e.ctx, other); err != nil || !isNew {
				t.Errorf("insert %+v: new=%v err=%v", other, isNew, err)
			}
		}
		return nil
	})
	all, err := e.s.Alerts(e.ctx, store.AlertFilter{Network: "mainnet"})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 {
		t.Fatalf("stored %d alerts, want 4", len(all))
	}
	got := all[0]
	if got.ID != first.ID || string(got.Fields) != `{"amount":"1000000000000000000000"}` || got.Summary != first.Summary ||
		got.LogIndex != 3 || got.BlockHash != "0xb10" || got.Retracted() {
		t.Fatalf("stored alert = %+v", got)
	}
	if d, _ := e.s.Alerts(e.ctx, store.AlertFilter{Detector: "reentrancy"}); len(d) != 1 {
		t.Fatalf("filter by detector: %d alerts", len(d))
	}
	if d, _ := e.s.Alerts(e.ctx, store.AlertFilter{FromBlock: 11, ToBlock: 11}); len(d) != 1 || d[0].BlockNumber != 11 {
		t.Fatalf("filter by block: %+v", d)
	}
	// A non-log alert (NoLogIndex, no tx) is keyed the same way.
	nonLog := Alert(12, store.NoLogIndex, "invariant")
	nonLog.TxHash = ""
	e.tx(func(tx store.Tx) error {
		for i, wantNew := range []bool{true, false} {
			if _, isNew, err := tx.InsertAlert(e.ctx, nonLog); err != nil || isNew != wantNew {
				t.Errorf("non-log insert %d: new=%v err=%v", i, isNew, err)
			}
		}
		return nil
	})
}

func testAlertRetract(t *testing.T, e *env) {
	ids := map[uint64]int64{}
	e.tx(func(tx store.Tx) error {
		for b := uint64(10); b <= 13; b++ {
			a, _, err := tx.InsertAlert(e.ctx, Alert(b, 0, "drain"))
			if err != nil {
				return err
			}
			ids[b] = a.ID
		}
		other := Alert(12, 0, "drain")
		other.Network = "base"
		_, _, err := tx.InsertAlert(e.ctx, other)
		return err
	})
	e.tx(func(tx store.Tx) error {
		if err := tx.SetAlertIncident(e.ctx, ids[10], "INC-X"); err != nil {
			return err
		}
		err := tx.SetAlertIncident(e.ctx, 999999, "INC-X")
		if !isErr(err, store.ErrNotFound) {
			t.Errorf("SetAlertIncident of a missing alert: %v", err)
		}
		return nil
	})
	if l, _ := e.s.Alerts(e.ctx, store.AlertFilter{IncidentID: "INC-X"}); len(l) != 1 || l[0].ID != ids[10] {
		t.Fatalf("alerts of INC-X = %+v", l)
	}
	e.clock.Advance(time.Second)
	var retracted []store.Alert
	e.tx(func(tx store.Tx) (err error) {
		retracted, err = tx.RetractAlerts(e.ctx, "mainnet", 12)
		return err
	})
	if len(retracted) != 2 || retracted[0].ID != ids[12] || retracted[1].ID != ids[13] {
		t.Fatalf("retracted = %+v, want blocks 12 and 13 of mainnet", retracted)
	}
	for _, a := range retracted {
		if !a.Retracted() || !a.RetractedAt.Equal(Start.Add(time.Second)) {
			t.Fatalf("retracted alert %d: RetractedAt = %v", a.ID, a.RetractedAt)
		}
	}
	live, _ := e.s.Alerts(e.ctx, store.AlertFilter{Network: "mainnet"})
	kept, _ := e.s.Alerts(e.ctx, store.AlertFilter{Network: "mainnet", WithRetracted: true})
	if len(live) != 2 || len(kept) != 4 {
		t.Fatalf("after retraction: %d live, %d kept; want 2 and 4", len(live), len(kept))
	}
	if b, _ := e.s.Alerts(e.ctx, store.AlertFilter{Network: "base"}); len(b) != 1 {
		t.Fatalf("the other network's alert was retracted: %+v", b)
	}
	// Retracting again returns nothing; a block that becomes canonical
	// again restores its alert.
	e.tx(func(tx store.Tx) error {
		again, err := tx.RetractAlerts(e.ctx, "mainnet", 12)
		if err != nil || len(again) != 0 {
			t.Errorf("second retraction = %d alerts, %v", len(again), err)
		}
		a, isNew, err := tx.InsertAlert(e.ctx, Alert(13, 0, "drain"))
		if err != nil || !isNew || a.ID != ids[13] || a.Retracted() {
			t.Errorf("restore: %+v new=%v err=%v", a, isNew, err)
		}
		return nil
	})
}

// testClaimCursor: a claim moves the cursor only from where it expects it,
// by number and hash; the first claim of a network only if it has none.
func testClaimCursor(t *testing.T, e *env) {
	claim := func(from *store.BlockRef, to store.BlockRef) error {
		return e.s.Tx(e.ctx, func(tx store.Tx) error { return tx.ClaimCursor(e.ctx, "mainnet", from, to) })
	}
	b10, b11, b11x := store.BlockRef{Number: 10, Hash: "0x0A"}, store.BlockRef{Number: 11, Hash: "0x0b"}, store.BlockRef{Number: 11, Hash: "0x1b"}
	if err := claim(nil, b10); err != nil {
		t.Fatal(err)
	}
	wantErr(t, claim(nil, b10), store.ErrCursorMoved)
	if err := claim(&store.BlockRef{Number: 10, Hash: "0x0a"}, b11); err != nil { // hashes compare lowercase
		t.Fatal(err)
	}
	// A second claim of block 11, on either branch, finds the cursor moved.
	wantErr(t, claim(&b10, b11), store.ErrCursorMoved)
	wantErr(t, claim(&b10, b11x), store.ErrCursorMoved)
	// Same number, other hash: a reorg is not a match.
	wantErr(t, claim(&b11x, store.BlockRef{Number: 12, Hash: "0x0c"}), store.ErrCursorMoved)
	// A rewind is a claim too (from the tip to the ancestor).
	if err := claim(&b11, b10); err != nil {
		t.Fatal(err)
	}
	c, err := e.s.Cursor(e.ctx, "mainnet")
	if err != nil || c.BlockNumber != 10 || c.BlockHash != "0x0a" {
		t.Fatalf("cursor = %+v, %v", c, err)
	}
	// A claim that rolls back leaves the cursor where it was.
	boom := fmt.Errorf("boom")
	err = e.s.Tx(e.ctx, func(tx store.Tx) error {
		if err := tx.ClaimCursor(e.ctx, "mainnet", &b10, b11); err != nil {
			return err
		}
		return boom
	})
	wantErr(t, err, boom)
	if c, _ := e.s.Cursor(e.ctx, "mainnet"); c.BlockNumber != 10 {
		t.Fatalf("cursor after a rolled back claim = %+v", c)
	}
}

// testClaimCursorConcurrent: followers claiming the same block at once,
// from the same cursor: exactly one commits, the others see ErrCursorMoved.
func testClaimCursorConcurrent(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		return tx.SetCursor(e.ctx, store.Cursor{Network: "base", BlockNumber: 7, BlockHash: "0x07"})
	})
	const followers = 6
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, lost := 0, 0
	for range followers {
		wg.Go(func() {
			err := e.s.Tx(e.ctx, func(tx store.Tx) error {
				return tx.ClaimCursor(e.ctx, "base", &store.BlockRef{Number: 7, Hash: "0x07"}, store.BlockRef{Number: 8, Hash: "0x08"})
			})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case isErr(err, store.ErrCursorMoved):
				lost++
			default:
				t.Errorf("claim: %v", err)
			}
		})
	}
	wg.Wait()
	if won != 1 || lost != followers-1 {
		t.Fatalf("%d claims won, %d lost; want 1 and %d", won, lost, followers-1)
	}
}

// testInsertAlerts: InsertAlerts stores alerts as InsertAlert would one
// after the other: new ones, one stored already (returned unchanged, not
// new), the same key twice in one call (new once), a retracted one whose
// block is canonical again (restored: new), and a link to an incident in
// the transaction that stored them.
func testInsertAlerts(t *testing.T, e *env) {
	var stored, retracted store.Alert
	e.tx(func(tx store.Tx) (err error) {
		if stored, _, err = tx.InsertAlert(e.ctx, Alert(20, 1, "drain")); err != nil {
			return err
		}
		if retracted, _, err = tx.InsertAlert(e.ctx, Alert(21, 1, "drain")); err != nil {
			return err
		}
		_, err = tx.RetractAlerts(e.ctx, "mainnet", 21)
		return err
	})
	e.clock.Advance(time.Minute)
	in := []store.Alert{Alert(20, 2, "drain"), Alert(20, 1, "drain"), Alert(20, 2, "drain"), Alert(21, 1, "drain"), Alert(22, store.NoLogIndex, "invariant")}
	in[0].TxHash, in[2].TxHash = "0xAB", "0xab" // stored in lower case: one key
	wantNew := []bool{true, false, false, true, true}
	var got []store.Alert
	e.tx(func(tx store.Tx) error {
		var isNew []bool
		var err error
		got, isNew, err = tx.InsertAlerts(e.ctx, in)
		if err != nil {
			return err
		}
		if len(got) != len(in) || len(isNew) != len(in) {
			t.Fatalf("%d alerts, %d flags for %d", len(got), len(isNew), len(in))
		}
		for i := range in {
			if isNew[i] != wantNew[i] {
				t.Errorf("alert %d (block %d, log %d): new = %v, want %v", i, in[i].BlockNumber, in[i].LogIndex, isNew[i], wantNew[i])
			}
			if got[i].ID == 0 || got[i].Detector != in[i].Detector || got[i].BlockNumber != in[i].BlockNumber || got[i].Retracted() {
				t.Errorf("alert %d = %+v", i, got[i])
			}
		}
		if got[1].ID != stored.ID || !got[1].CreatedAt.Equal(stored.CreatedAt) {
			t.Errorf("the stored alert came back as %+v, want %+v", got[1], stored)
		}
		if got[2].ID != got[0].ID || got[3].ID != retracted.ID {
			t.Errorf("ids %d, %d (want %d), %d (want %d)", got[0].ID, got[2].ID, got[0].ID, got[3].ID, retracted.ID)
		}
		return tx.SetAlertIncident(e.ctx, got[4].ID, "INC-Y")
	})
	if l, _ := e.s.Alerts(e.ctx, store.AlertFilter{IncidentID: "INC-Y"}); len(l) != 1 || l[0].ID != got[4].ID {
		t.Fatalf("alerts of INC-Y = %+v", l)
	}
	all, err := e.s.Alerts(e.ctx, store.AlertFilter{Network: "mainnet"})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 {
		t.Fatalf("%d alerts stored, want 4", len(all))
	}
	// None: nothing.
	e.tx(func(tx store.Tx) error {
		out, isNew, err := tx.InsertAlerts(e.ctx, nil)
		if err != nil || len(out) != 0 || len(isNew) != 0 {
			t.Errorf("InsertAlerts(nil) = %v, %v, %v", out, isNew, err)
		}
		return nil
	})
}
