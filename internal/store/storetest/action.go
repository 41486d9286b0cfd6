package storetest

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

func testActionUnique(t *testing.T, e *env) {
	var first store.Action
	e.tx(func(tx store.Tx) error {
		a, isNew, err := tx.InsertAction(e.ctx, PauseAction("INC-2026-0001"))
		if err != nil {
			return err
		}
		if !isNew || a.ID == 0 || a.Version != 1 || a.Nonce != nil || !a.CreatedAt.Equal(Start) {
			t.Errorf("first insert = %+v new=%v", a, isNew)
		}
		first = a
		return nil
	})
	// A repeated alert or a restart proposes the same action again: the
	// stored one is returned, unchanged.
	e.tx(func(tx store.Tx) error {
		again := PauseAction("INC-2026-0001")
		again.Status = "submitted"
		a, isNew, err := tx.InsertAction(e.ctx, again)
		if err != nil {
			return err
		}
		if isNew || !reflect.DeepEqual(a, first) {
			t.Errorf("second insert = %+v new=%v, want the first", a, isNew)
		}
		// The same key in another incident, or with no incident, is another action.
		for _, inc := range []string{"INC-2026-0002", ""} {
			if _, isNew, err := tx.InsertAction(e.ctx, PauseAction(inc)); err != nil || !isNew {
				t.Errorf("insert for %q: new=%v err=%v", inc, isNew, err)
			}
		}
		return nil
	})
	got, err := e.s.ActionByKey(e.ctx, "INC-2026-0001", "pause:mainnet:0xvault")
	if err != nil || !reflect.DeepEqual(got, first) {
		t.Fatalf("ActionByKey = %+v, %v", got, err)
	}
	_, err = e.s.ActionByKey(e.ctx, "INC-2026-0001", "unpause")
	wantErr(t, err, store.ErrNotFound)

	e.clock.Advance(time.Second)
	nonce := uint64(42)
	got.Status, got.TxHash, got.Nonce = "submitted", "0xtx", &nonce
	got.Simulation = json.RawMessage(`{"ok":true}`)
	var updated store.Action
	e.tx(func(tx store.Tx) (err error) {
		updated, err = tx.UpdateAction(e.ctx, got)
		return err
	})
	if updated.Version != 2 || updated.Status != "submitted" || updated.TxHash != "0xtx" || updated.Nonce == nil ||
		*updated.Nonce != 42 || string(updated.Simulation) != `{"ok":true}` || !updated.UpdatedAt.Equal(Start.Add(time.Second)) {
		t.Fatalf("updated = %+v", updated)
	}
	err = e.s.Tx(e.ctx, func(tx store.Tx) error {
		_, err := tx.UpdateAction(e.ctx, got) // version 1: stale
		return err
	})
	wantErr(t, err, store.ErrConflict)
	if l, _ := e.s.Actions(e.ctx, "INC-2026-0001"); len(l) != 1 || l[0].Version != 2 {
		t.Fatalf("actions of the incident = %+v", l)
	}
	if a, err := e.s.Action(e.ctx, first.ID); err != nil || a.Status != "submitted" {
		t.Fatalf("Action(%d) = %+v, %v", first.ID, a, err)
	}
}

func testApprovals(t *testing.T, e *env) {
	var a store.Action
	e.tx(func(tx store.Tx) (err error) {
		a, _, err = tx.InsertAction(e.ctx, PauseAction("INC-2026-0001"))
		return err
	})
	e.tx(func(tx store.Tx) error {
		for _, tc := range []struct {
			ap   store.Approval
			want bool
		}{
			{store.Approval{ActionID: a.ID, Person: "alice", Role: "incident_commander"}, true},
			{store.Approval{ActionID: a.ID, Person: "bob", Role: "technical_lead"}, true},
			{store.Approval{ActionID: a.ID, Person: "alice", Role: "technical_lead"}, false},
		} {
			isNew, err := tx.AddApproval(e.ctx, tc.ap)
			if err != nil {
				return err
			}
			if isNew != tc.want {
				t.Errorf("AddApproval(%s as %s) = %v, want %v", tc.ap.Person, tc.ap.Role, isNew, tc.want)
			}
			e.clock.Advance(time.Second)
		}
		return nil
	})
	l, err := e.s.Approvals(e.ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Approval{
		{ActionID: a.ID, Person: "alice", Role: "incident_commander", ApprovedAt: Start},
		{ActionID: a.ID, Person: "bob", Role: "technical_lead", ApprovedAt: Start.Add(time.Second)},
	}
	if !reflect.DeepEqual(l, want) {
		t.Fatalf("approvals = %+v, want %+v", l, want)
	}
	err = e.s.Tx(e.ctx, func(tx store.Tx) error {
		_, err := tx.AddApproval(e.ctx, store.Approval{ActionID: 999999, Person: "alice", Role: "x"})
		return err
	})
	wantErr(t, err, store.ErrNotFound)
}

func testSentTxs(t *testing.T, e *env) {
	send := func(nonce uint64, hash string, status store.SentTxStatus) store.SentTx {
		return store.SentTx{ChainID: 1, Sender: "0xguardian", Nonce: nonce, TxHash: hash, ActionID: 7, GasLimit: 60000,
			MaxFeePerGas: "30000000000", MaxPriorityFeePerGas: "2000000000", Status: status}
	}
	var first store.SentTx
	e.tx(func(tx store.Tx) (err error) {
		first, err = tx.RecordSentTx(e.ctx, send(5, "0xa", "pending"))
		if err != nil {
			return err
		}
		// Recorded twice (a restart): one row.
		again, err := tx.RecordSentTx(e.ctx, send(5, "0xa", "pending"))
		if err != nil {
			return err
		}
		if again.ID != first.ID {
			t.Errorf("second record has id %d, want %d", again.ID, first.ID)
		}
		for _, s := range []store.SentTx{send(5, "0xb", "pending"), send(6, "0xc", "pending"), send(4, "0xd", "mined")} {
			if _, err := tx.RecordSentTx(e.ctx, s); err != nil {
				return err
			}
		}
		other := send(0, "0xe", "pending")
		other.ChainID = 8453
		_, err = tx.RecordSentTx(e.ctx, other)
		return err
	})
	e.tx(func(tx store.Tx) error {
		return tx.UpdateSentTx(e.ctx, store.SentTx{ChainID: 1, TxHash: "0xa", Status: "replaced"})
	})
	e.tx(func(tx store.Tx) error {
		return tx.UpdateSentTx(e.ctx, store.SentTx{ChainID: 1, TxHash: "0xb", Status: "mined", BlockNumber: 1234})
	})
	err := e.s.Tx(e.ctx, func(tx store.Tx) error {
		return tx.UpdateSentTx(e.ctx, store.SentTx{ChainID: 1, TxHash: "0xnone", Status: "mined"})
	})
	wantErr(t, err, store.ErrNotFound)

	hashes := func(f store.SentTxFilter) []string {
		l, err := e.s.SentTxs(e.ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range l {
			out = append(out, s.TxHash)
		}
		return out
	}
	for _, tc := range []struct {
		f    store.SentTxFilter
		want []string
	}{
		{store.SentTxFilter{ChainID: 1, Sender: "0xguardian"}, []string{"0xd", "0xa", "0xb", "0xc"}},
		{store.SentTxFilter{ChainID: 1, Statuses: []store.SentTxStatus{"pending"}}, []string{"0xc"}},
		{store.SentTxFilter{ChainID: 1, MinNonce: 5, Statuses: []store.SentTxStatus{"mined", "replaced"}}, []string{"0xa", "0xb"}},
		{store.SentTxFilter{ChainID: 8453}, []string{"0xe"}},
	} {
		if got := hashes(tc.f); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SentTxs(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
	l, _ := e.s.SentTxs(e.ctx, store.SentTxFilter{ChainID: 1, MinNonce: 5, Statuses: []store.SentTxStatus{"mined"}})
	if len(l) != 1 || l[0].BlockNumber != 1234 || l[0].MaxFeePerGas != "30000000000" || l[0].GasLimit != 60000 || l[0].ActionID != 7 {
		t.Fatalf("mined tx = %+v", l)
	}
}
