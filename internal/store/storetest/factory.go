package storetest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Alert returns a critical exploit alert of detector on mainnet's 0xvault
// in block, at logIndex, with a block hash, tx hash and time derived from
// block. Tests of any package start from it and change what they need.
func Alert(block uint64, logIndex int64, detector string) store.Alert {
	return store.Alert{
		Detector: detector, Severity: "critical", IncidentType: "exploit", Network: "mainnet",
		BlockNumber: block, BlockHash: fmt.Sprintf("0xb%d", block), TxHash: fmt.Sprintf("0xt%d", block),
		LogIndex: logIndex, Contract: "0xvault", Fields: json.RawMessage(`{"amount":"1000000000000000000000"}`),
		Summary:   fmt.Sprintf("large withdrawal in block %d", block),
		BlockTime: blockTime(block),
	}
}

// Incident returns a detected critical exploit incident on mainnet's
// 0xvault with a commander (alice) and a technical lead (bob); the store
// assigns its id.
func Incident(title string) store.Incident {
	return store.Incident{
		Title: title, Type: "exploit", Severity: "critical", Status: "detected", Network: "mainnet",
		Contract: "0xvault", Roles: map[string]string{"incident_commander": "alice", "technical_lead": "bob"},
		PlanHash: "0xplan1", GroupKey: "drain/0xvault", AlertCount: 1,
	}
}

// PauseAction returns a proposed pause of mainnet's 0xvault through the
// guardian executor, for incidentID.
func PauseAction(incidentID string) store.Action {
	return store.Action{
		IncidentID: incidentID, Key: "pause:mainnet:0xvault", Kind: "pause", Network: "mainnet",
		Target: "0xvault", Executor: "guardian", Params: json.RawMessage(`{"fn":"pause()"}`), Status: "proposed",
	}
}

// testNormalised checks that the store keeps addresses and hashes
// lowercase whatever case they come in, and filters by contract whatever
// case it is asked in, so no caller normalises them.
func testNormalised(t *testing.T, e *env) {
	const mixed = "0xAbCdEf0123456789aBcDeF0123456789AbCdEf01"
	a := Alert(7, 0, "drain")
	a.Contract, a.TxHash, a.BlockHash = mixed, "0xT7AB", "0xB7CD"
	inc := Incident("Vault drained")
	inc.Contract = mixed
	act := PauseAction("")
	act.Target, act.TxHash = mixed, "0xFEED"
	var got store.Alert
	var gotInc store.Incident
	var gotAct store.Action
	e.tx(func(tx store.Tx) (err error) {
		if got, _, err = tx.InsertAlert(e.ctx, a); err != nil {
			return err
		}
		if gotInc, err = tx.CreateIncident(e.ctx, inc); err != nil {
			return err
		}
		act.IncidentID = gotInc.ID
		gotAct, _, err = tx.InsertAction(e.ctx, act)
		return err
	})
	lower := strings.ToLower(mixed)
	if got.Contract != lower || got.TxHash != "0xt7ab" || got.BlockHash != "0xb7cd" {
		t.Errorf("alert stored as %s %s %s", got.Contract, got.TxHash, got.BlockHash)
	}
	if gotInc.Contract != lower || gotAct.Target != lower || gotAct.TxHash != "0xfeed" {
		t.Errorf("incident contract %s, action target %s tx %s", gotInc.Contract, gotAct.Target, gotAct.TxHash)
	}
	for _, q := range []string{mixed, lower, "0x" + strings.ToUpper(lower[2:])} {
		incs, err := e.s.Incidents(e.ctx, store.IncidentFilter{Contract: q})
		if err != nil || len(incs) != 1 {
			t.Errorf("incidents of %s: %d, %v", q, len(incs), err)
		}
	}
}
