package respond_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/incident/incidenttest"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// fire stores one alert per detector, all from transaction txHash (none if
// zero: a block-level alert) in block, and runs them through the incident manager and the responder in
// one transaction, as the pipeline does.
func (e *env) fire(ctx context.Context, block uint64, txHash common.Hash, detectors ...string) []incident.Outcome {
	e.t.Helper()
	var alerts []store.Alert
	for _, name := range detectors {
		alerts = append(alerts, e.alert(name, block, txHash))
	}
	return incidenttest.Ingest(e.t, e.store, e.mgr, alerts, e.r.Respond)
}

// alert is the alert detector of the plan raises in block, from
// transaction txHash (none if zero: a block-level alert).
func (e *env) alert(detector string, block uint64, txHash common.Hash) store.Alert {
	det := e.plan.Detector(detector)
	c := e.plan.Contract(det.Contract)
	txh := txHash.Hex()
	if txHash == (common.Hash{}) {
		txh = ""
	}
	return store.Alert{
		Detector: detector, Severity: det.Severity, IncidentType: det.IncidentType, Network: c.Network,
		BlockNumber: block, BlockHash: fmt.Sprintf("0x%064x", block), TxHash: txh, LogIndex: store.NoLogIndex,
		Contract: c.Address.Hex(), Summary: detector + " on " + c.Name,
	}
}

// TestJoiningCriticalAlertPauses reproduces a token exploit seen by two
// detectors of one plan: the high balance-drop detector (pause needs an
// approval) fires first, the critical re-entrancy detector (auto_contain)
// joins its incident. The incident must become critical and the pool be
// paused without waiting for anyone, with one pause only.
func TestJoiningCriticalAlertPauses(t *testing.T) {
	for _, c := range []struct {
		name string
		// groupBy is appended to the devnet plan ("" keeps the default).
		groupBy string
		// nextBlock: the critical alert comes one block later (else in the
		// same transaction as the high one).
		nextBlock bool
	}{
		{"explicit group_by, same transaction", "\nincidents:\n  group_by: [contract, incident_type]\n", false},
		{"default grouping, next block", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, envOpts{edit: func(s string) string { return s + c.groupBy }})
			ctx := e.ctx()
			var out []incident.Outcome
			if c.nextBlock {
				first := e.fire(ctx, 100, common.Hash{7}, "pool-eth-drained")
				acts, _ := e.store.Actions(ctx, first[0].IncidentID)
				if len(acts) != 1 || acts[0].Status != respond.StatusProposed {
					t.Fatalf("the high incident's pause: %+v, want one proposal waiting for approval", acts)
				}
				out = append(first, e.fire(ctx, 101, common.Hash{8}, "pool-reentrancy")...)
			} else {
				out = e.fire(ctx, 100, common.Hash{7}, "pool-eth-drained", "pool-reentrancy")
			}
			if len(out) != 2 || out[0].IncidentID == "" || out[1].IncidentID != out[0].IncidentID {
				t.Fatalf("outcomes %+v: want the critical alert to join the high incident", out)
			}
			if !out[1].Raised || out[1].Severity != "critical" {
				t.Errorf("joining outcome %+v: want the severity raised to critical", out[1])
			}
			id := out[0].IncidentID
			inc, err := e.store.Incident(ctx, id)
			if err != nil || inc.Severity != "critical" {
				t.Fatalf("incident %+v, %v: want critical", inc, err)
			}
			acts, _ := e.store.Actions(ctx, id)
			if len(acts) != 1 || acts[0].Kind != respond.KindPause || acts[0].Status != respond.StatusApproved {
				t.Fatalf("actions %+v: want one pause, approved by auto-containment", acts)
			}
			items, _ := e.store.OutboxItems(ctx, store.OutboxFilter{Kind: respond.OutboxKind})
			if len(items) != 1 {
				t.Fatalf("respond outbox items %d, want 1", len(items))
			}
			e.drain(ctx)
			if a := e.action(acts[0].ID); a.Status != respond.StatusMined {
				t.Fatalf("pause %+v, want mined", a)
			}
			if !e.paused() {
				t.Fatal("pool not paused")
			}
			if inc, _ = e.store.Incident(ctx, id); inc.Status != incident.Contained {
				t.Errorf("incident %s, want contained", inc.Status)
			}
			// A later block-level alert of the same exploit (the invariant
			// still broken) proposes nothing.
			e.fire(ctx, 102, common.Hash{}, "pool-insolvent")
			if again, _ := e.store.Actions(ctx, id); len(again) != 1 {
				t.Errorf("actions after a block-level alert: %+v", again)
			}
			// A transaction acting on the contract after the pause was done
			// asks for the pause again: the pool is still paused, so it is a
			// no-op and nothing is sent.
			nonce, _ := e.ec.NonceAt(ctx, e.d.Deployment().Guardian, nil)
			e.fire(ctx, 103, common.Hash{9}, "pool-reserves-migrated", "pool-reentrancy")
			again, _ := e.store.Actions(ctx, id)
			if len(again) != 2 || again[1].Kind != respond.KindPause || again[1].Status != respond.StatusApproved {
				t.Fatalf("actions after a later transaction alert: %+v", again)
			}
			e.drain(ctx)
			if a := e.action(again[1].ID); a.Status != respond.StatusNoop {
				t.Errorf("second pause of a paused pool: %+v", a)
			}
			if n, _ := e.ec.NonceAt(ctx, e.d.Deployment().Guardian, nil); n != nonce {
				t.Error("a pause of a paused pool sent a transaction")
			}
			if !strings.Contains(strings.Join(e.timelineKinds(id), ","), "severity") {
				t.Errorf("timeline lacks the severity change: %v", e.timelineKinds(id))
			}
		})
	}
}

// TestNewIncidentProposesUnderItsRaisedSeverity: a high alert that asks
// for the pause and a critical one that asks for nothing open one incident
// in the same batch. The incidents stage raises the new incident to
// critical before containment is proposed, so the high alert's pause is
// proposed under critical's auto-containment at once: an incident opened
// in the batch needs no end-of-batch reconsideration (the responder skips
// it), and this shows nothing is lost by skipping it.
func TestNewIncidentProposesUnderItsRaisedSeverity(t *testing.T) {
	e := newEnv(t, envOpts{edit: withoutResponse(t, "pool-reentrancy")})
	ctx := e.ctx()
	out := e.fire(ctx, 100, common.Hash{7}, "pool-eth-drained", "pool-reentrancy")
	if len(out) != 2 || !out[0].Opened || out[1].IncidentID != out[0].IncidentID {
		t.Fatalf("outcomes %+v: want one incident opened by the batch", out)
	}
	inc, err := e.store.Incident(ctx, out[0].IncidentID)
	if err != nil || inc.Severity != "critical" {
		t.Fatalf("incident %+v, %v: want critical", inc, err)
	}
	acts, _ := e.store.Actions(ctx, inc.ID)
	if len(acts) != 1 || acts[0].Kind != respond.KindPause || acts[0].Status != respond.StatusApproved {
		t.Fatalf("actions %+v: want the high alert's pause approved by critical's auto-containment", acts)
	}
	e.drain(ctx)
	if a := e.action(acts[0].ID); a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pause %+v (paused %v), want mined", a, e.paused())
	}
}

// TestRetractCancelsUnsentPause: a reorg retracts the only alert of an
// incident whose automatic pause is queued but not sent; the pause is
// cancelled, nothing is sent, and the incident says why.
func TestRetractCancelsUnsentPause(t *testing.T) {
	e := newEnv(t, envOpts{})
	ctx := e.ctx()
	out := e.fire(ctx, 100, common.Hash{3}, "pool-reentrancy")
	id := out[0].IncidentID
	acts, _ := e.store.Actions(ctx, id)
	if len(acts) != 1 || acts[0].Status != respond.StatusApproved {
		t.Fatalf("actions %+v", acts)
	}
	err := e.store.Tx(ctx, func(tx store.Tx) error {
		as, err := tx.RetractAlerts(ctx, "devnet", 100)
		if err != nil {
			return err
		}
		out, err := e.mgr.Retract(ctx, tx, as)
		if err != nil {
			return err
		}
		return e.r.Respond(ctx, tx, out)
	})
	if err != nil {
		t.Fatal(err)
	}
	if a := e.action(acts[0].ID); a.Status != respond.StatusCancelled {
		t.Fatalf("pause after the retraction: %+v", a)
	}
	nonce, _ := e.ec.NonceAt(ctx, e.d.Deployment().Guardian, nil)
	e.drain(ctx)
	if n, _ := e.ec.NonceAt(ctx, e.d.Deployment().Guardian, nil); n != nonce || e.paused() {
		t.Fatal("a cancelled pause was sent")
	}
	if a := e.action(acts[0].ID); a.Status != respond.StatusCancelled {
		t.Fatalf("pause after the outbox: %+v", a)
	}
	kinds := strings.Join(e.timelineKinds(id), ",")
	if !strings.Contains(kinds, "retracted") || !strings.Contains(kinds, "action.cancelled") {
		t.Errorf("timeline %s", kinds)
	}
	// The alert comes back (the attack tx is re-included): the pause is
	// proposed anew and runs.
	e.fire(ctx, 100, common.Hash{3}, "pool-reentrancy")
	acts, _ = e.store.Actions(ctx, id)
	if len(acts) != 2 || acts[1].Status != respond.StatusApproved {
		t.Fatalf("actions after the alert came back: %+v", acts)
	}
	e.drain(ctx)
	if !e.paused() {
		t.Fatal("pool not paused after the alert came back")
	}
}

// withoutResponse edits the devnet plan so that detector asks for no
// response (its severity stays).
func withoutResponse(t *testing.T, detector string) func(string) string {
	return func(s string) string {
		i := strings.Index(s, "  - name: "+detector+"\n")
		if i < 0 {
			t.Fatalf("the devnet plan has no detector %s", detector)
		}
		j := strings.Index(s[i:], "    response: [pause]\n")
		if j < 0 {
			t.Fatalf("the devnet plan's %s detector asks for no pause", detector)
		}
		return s[:i+j] + s[i+j+len("    response: [pause]\n"):]
	}
}

// TestLaterSeverityRaiseApprovesWaitingPause: a high alert proposes a pause
// that waits for an approval; a block later, a critical alert that asks for
// nothing itself joins the incident. Only the end-of-batch reconsideration
// can approve the waiting pause under critical's auto-containment: it must,
// once, and the pause must be mined.
func TestLaterSeverityRaiseApprovesWaitingPause(t *testing.T) {
	e := newEnv(t, envOpts{edit: withoutResponse(t, "pool-reentrancy")})
	if d := e.plan.Detector("pool-reentrancy"); d == nil || len(d.Response) != 0 || d.Severity != "critical" {
		t.Fatalf("pool-reentrancy: %+v, want critical and asking for nothing", d)
	}
	ctx := e.ctx()
	first := e.fire(ctx, 100, common.Hash{7}, "pool-eth-drained")
	id := first[0].IncidentID
	acts, _ := e.store.Actions(ctx, id)
	if len(acts) != 1 || acts[0].Kind != respond.KindPause || acts[0].Status != respond.StatusProposed {
		t.Fatalf("the high incident's actions: %+v, want one pause waiting for approval", acts)
	}
	later := e.fire(ctx, 101, common.Hash{8}, "pool-reentrancy")
	if len(later) != 1 || later[0].IncidentID != id || !later[0].Raised {
		t.Fatalf("outcome %+v: want the critical alert to join %s and raise it", later, id)
	}
	acts, _ = e.store.Actions(ctx, id)
	if len(acts) != 1 || acts[0].Status != respond.StatusApproved {
		t.Fatalf("actions after the raise: %+v, want the waiting pause approved, and no other", acts)
	}
	if items, _ := e.store.OutboxItems(ctx, store.OutboxFilter{Kind: respond.OutboxKind}); len(items) != 1 {
		t.Fatalf("respond outbox items %d, want 1", len(items))
	}
	e.drain(ctx)
	if a := e.action(acts[0].ID); a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pause %+v (paused %v), want mined", a, e.paused())
	}
	kinds := strings.Join(e.timelineKinds(id), ",")
	if strings.Count(kinds, "action.approved") != 1 {
		t.Errorf("timeline %s: want one approval", kinds)
	}
}
