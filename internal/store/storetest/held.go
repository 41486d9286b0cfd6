package storetest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// testTxHeldRows: inside a transaction, an incident it created or updated,
// and the actions of an incident it created, read exactly as they read
// once committed (a store may answer them from what it wrote), and what a
// caller does to a value it was given changes nothing stored.
func testTxHeldRows(t *testing.T, e *env) {
	var inTx, plain store.Incident
	var acts []store.Action
	var other []store.Action
	e.tx(func(tx store.Tx) error {
		// An incident of another transaction with an action: not held.
		inc, err := tx.CreateIncident(e.ctx, Incident("earlier"))
		if err != nil {
			return err
		}
		_, _, err = tx.InsertAction(e.ctx, PauseAction(inc.ID))
		return err
	})
	e.tx(func(tx store.Tx) error {
		inc := Incident("held")
		inc.Contract = "0xVAULT"
		inc.Details = json.RawMessage(`{"first_block":7}`)
		created, err := tx.CreateIncident(e.ctx, inc)
		if err != nil {
			return err
		}
		got, err := tx.Incident(e.ctx, created.ID)
		if err != nil || !reflect.DeepEqual(got, created) {
			t.Errorf("incident in its transaction = %+v, %v; CreateIncident returned %+v", got, err, created)
		}
		got.Roles["incident_commander"] = "mallory" // the caller's copy
		got.Details[2] = 'X'
		got.Severity = "low"
		got, err = tx.UpdateIncident(e.ctx, got)
		if err != nil {
			return err
		}
		// Empty roles and details read back as none.
		p := Incident("plain")
		p.Roles, p.Details, p.PostMortem = map[string]string{}, json.RawMessage{}, json.RawMessage{}
		if plain, err = tx.CreateIncident(e.ctx, p); err != nil {
			return err
		}
		if plain.Roles != nil || plain.Details != nil || plain.PostMortem != nil {
			t.Errorf("empty roles and JSON created as %v, %q, %q; want nil", plain.Roles, plain.Details, plain.PostMortem)
		}
		if inTx, err = tx.Incident(e.ctx, created.ID); err != nil {
			return err
		}
		if !reflect.DeepEqual(inTx, got) || inTx.Version != 2 || inTx.Severity != "low" {
			t.Errorf("updated incident in its transaction = %+v; UpdateIncident returned %+v", inTx, got)
		}
		if none, err := tx.Actions(e.ctx, created.ID); err != nil || none != nil {
			t.Errorf("actions of a new incident = %+v, %v; want none", none, err)
		}
		a1, _, err := tx.InsertAction(e.ctx, PauseAction(created.ID))
		if err != nil {
			return err
		}
		if _, isNew, err := tx.InsertAction(e.ctx, PauseAction(created.ID)); err != nil || isNew {
			t.Errorf("the same action again: new %v, %v", isNew, err)
		}
		u := PauseAction(created.ID)
		u.Key, u.Kind = "unpause:mainnet:0xvault", "unpause"
		if _, _, err := tx.InsertAction(e.ctx, u); err != nil {
			return err
		}
		a1.Status, a1.TxHash = "approved", "0xABC"
		n := uint64(4)
		a1.Nonce = &n
		if _, err := tx.UpdateAction(e.ctx, a1); err != nil {
			return err
		}
		n = 9 // the caller's
		if acts, err = tx.Actions(e.ctx, created.ID); err != nil {
			return err
		}
		if len(acts) != 2 || acts[0].Status != "approved" || acts[0].TxHash != "0xabc" || acts[0].Nonce == nil || *acts[0].Nonce != 4 || acts[1].Kind != "unpause" {
			t.Errorf("actions in the transaction = %+v", acts)
		}
		acts[1].Params[0] = 'X' // the caller's copy
		if acts, err = tx.Actions(e.ctx, created.ID); err != nil {
			return err
		}
		if other, err = tx.Actions(e.ctx, "INC-2026-0001"); err != nil {
			return err
		}
		return nil
	})
	if got, err := e.s.Incident(e.ctx, inTx.ID); err != nil || !reflect.DeepEqual(got, inTx) {
		t.Errorf("committed incident = %+v, %v; in its transaction %+v", got, err, inTx)
	}
	if got, err := e.s.Incident(e.ctx, plain.ID); err != nil || !reflect.DeepEqual(got, plain) {
		t.Errorf("committed incident = %+v, %v; created as %+v", got, err, plain)
	}
	if got, err := e.s.Actions(e.ctx, inTx.ID); err != nil || !reflect.DeepEqual(got, acts) {
		t.Errorf("committed actions = %+v, %v; in the transaction %+v", got, err, acts)
	}
	if len(other) != 1 || other[0].IncidentID != "INC-2026-0001" {
		t.Errorf("actions of the earlier incident in the transaction = %+v", other)
	}
}

// testIncidentIDsPastFourDigits: the 10,000th incident of a year takes five
// digits (INC-YYYY-10000), as %04d writes it.
func testIncidentIDsPastFourDigits(t *testing.T, e *env) {
	e.tx(func(tx store.Tx) error {
		_, err := tx.CreateIncident(e.ctx, Incident("first"))
		return err
	})
	if err := e.h.Exec(e.ctx, `UPDATE counters SET value = 9998 WHERE name = 'incident-2026'`); err != nil {
		t.Fatal(err)
	}
	e.tx(func(tx store.Tx) error {
		for _, want := range []string{"INC-2026-9999", "INC-2026-10000", "INC-2026-10001"} {
			got, err := tx.CreateIncident(e.ctx, Incident("many"))
			if err != nil {
				return err
			}
			if got.ID != want {
				t.Errorf("assigned id %s, want %s", got.ID, want)
			}
		}
		return nil
	})
}

// testIncidentsAnyOf: a filter's AnyOf keeps the incidents that match any
// of its filters and the rest of the filter, in the order of any list.
func testIncidentsAnyOf(t *testing.T, e *env) {
	ids := map[string]string{}
	for i, c := range []struct{ name, network, contract, group string }{
		{"a", "mainnet", "0xvault", "g1"},
		{"b", "mainnet", "0xother", "g2"},
		{"c", "mainnet", "0xother", "g1"},
		{"d", "arbitrum", "0xvault", "g3"},
		{"e", "mainnet", "0xvault", "g4"},
	} {
		e.tx(func(tx store.Tx) error {
			inc := Incident(c.name)
			inc.Network, inc.Contract, inc.GroupKey = c.network, c.contract, c.group
			inc.OpenedAt = Start.Add(time.Duration(i) * time.Minute)
			if c.name == "e" {
				inc.ClosedAt = Start.Add(time.Hour)
			}
			got, err := tx.CreateIncident(e.ctx, inc)
			ids[got.ID] = c.name
			return err
		})
	}
	names := func(l []store.Incident) string {
		var out []string
		for _, inc := range l {
			out = append(out, ids[inc.ID])
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		f    store.IncidentFilter
		want string
	}{
		{store.IncidentFilter{OpenOnly: true, AnyOf: []store.IncidentFilter{{Network: "mainnet", Contract: "0xVAULT"}, {GroupKey: "g2"}}}, "b,a"},
		{store.IncidentFilter{AnyOf: []store.IncidentFilter{{Network: "mainnet", Contract: "0xvault"}, {GroupKey: "g2"}}}, "e,b,a"},
		{store.IncidentFilter{Network: "mainnet", AnyOf: []store.IncidentFilter{{Contract: "0xvault"}, {GroupKey: "g3"}}}, "e,a"},
		{store.IncidentFilter{OpenOnly: true, AnyOf: []store.IncidentFilter{{GroupKey: "g1"}, {}}}, "d,c,b,a"},
		{store.IncidentFilter{AnyOf: []store.IncidentFilter{{GroupKey: "g1"}, {GroupKey: "g3"}}, Limit: 2}, "d,c"},
	} {
		l, err := e.s.Incidents(e.ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(l); got != c.want {
			t.Errorf("Incidents(%+v) = %s, want %s", c.f, got, c.want)
		}
	}
}

// testAlertLinkInTx: an alert stored in a transaction is linked to an
// incident in it (a store may send the link with its next statement): the
// transaction's reads and the committed alert show it; an alert that does
// not exist is still not found.
func testAlertLinkInTx(t *testing.T, e *env) {
	var id int64
	e.tx(func(tx store.Tx) error {
		a, _, err := tx.InsertAlert(e.ctx, Alert(3, 0, "drain"))
		if err != nil {
			return err
		}
		id = a.ID
		if err := tx.SetAlertIncident(e.ctx, a.ID, "INC-2026-0007"); err != nil {
			return err
		}
		l, err := tx.Alerts(e.ctx, store.AlertFilter{IncidentID: "INC-2026-0007"})
		if err != nil || len(l) != 1 || l[0].ID != a.ID {
			t.Errorf("alerts of the incident in the transaction = %+v, %v", l, err)
		}
		// Found again (not new): linked again.
		again, isNew, err := tx.InsertAlert(e.ctx, Alert(3, 0, "drain"))
		if err != nil || isNew || again.ID != a.ID || again.IncidentID != "INC-2026-0007" {
			t.Errorf("the alert again = %+v, new %v, %v", again, isNew, err)
		}
		if err := tx.SetAlertIncident(e.ctx, a.ID, "INC-2026-0008"); err != nil {
			return err
		}
		wantErr(t, tx.SetAlertIncident(e.ctx, a.ID+1000, "INC-2026-0008"), store.ErrNotFound)
		return nil
	})
	l, err := e.s.Alerts(e.ctx, store.AlertFilter{IncidentID: "INC-2026-0008"})
	if err != nil || len(l) != 1 || l[0].ID != id {
		t.Fatalf("committed alerts of the incident = %+v, %v", l, err)
	}
}
