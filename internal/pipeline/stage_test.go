package pipeline_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestIncidentsStageRetraction: a rewind that drops every alert of an
// incident makes the Incidents stage hand a Retracted outcome to the next
// stages (the responder cancels containment not yet sent), while an
// incident keeping an alert yields none.
func TestIncidentsStageRetraction(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t, store.Options{})
	p := &plan.Plan{Version: 1, Severities: []plan.Severity{{Name: "critical"}}}
	tmpl, err := notify.NewTemplates(nil)
	if err != nil {
		t.Fatal(err)
	}
	stage := pipeline.Incidents{Manager: incident.New(p, tmpl, incident.Options{})}
	alert := func(block uint64, contract string) store.Alert {
		return store.Alert{
			Detector: "reentrancy", Severity: "critical", IncidentType: "exploit", Network: network,
			BlockNumber: block, BlockHash: fmt.Sprintf("0x%064x", block), TxHash: fmt.Sprintf("0x%064x", block+1000),
			LogIndex: store.NoLogIndex, Contract: contract, Summary: "re-entered",
		}
	}
	var ids []string
	err = st.Tx(ctx, func(tx store.Tx) error {
		var fresh []store.Alert
		for _, a := range []store.Alert{alert(10, "0xaa"), alert(11, "0xbb"), alert(12, "0xaa")} {
			a, _, err := tx.InsertAlert(ctx, a)
			if err != nil {
				return err
			}
			fresh = append(fresh, a)
		}
		b, err := stage.Exec(ctx, tx, pipeline.Batch{Network: network, Fresh: fresh})
		for _, o := range b.Outcomes {
			ids = append(ids, o.IncidentID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A reorg drops blocks 11 and 12: 0xbb's incident loses its only
	// alert, 0xaa's keeps block 10.
	var out []incident.Outcome
	err = st.Tx(ctx, func(tx store.Tx) error {
		r, err := tx.RetractAlerts(ctx, network, 11)
		if err != nil {
			return err
		}
		b, err := stage.Exec(ctx, tx, pipeline.Batch{Network: network, Retracted: r})
		out = b.Outcomes
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || !out[0].Retracted || out[0].IncidentID != ids[1] {
		t.Fatalf("outcomes %+v, want one Retracted outcome for %s", out, ids[1])
	}
}
