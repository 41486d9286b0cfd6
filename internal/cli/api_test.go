package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/server/servertest"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// apiFixture serves the API of the devnet's plan (with obligations) over a
// real SQLite store with one critical incident on the pool, in process.
// Tokens: "tok-NAME" for alice (commander), bob (technical lead), carol
// (communications and legal lead) and dave (no role).
func apiFixture(t *testing.T) (url, id string, s store.Store) {
	t.Helper()
	s = storetest.SQLite(t, store.Options{})
	api := servertest.Start(t, devnettest.Start(t), s, func(name string) string { return "tok-" + name })
	return api.Server.URL, api.Incident, s
}

type cliStep struct {
	args     []string
	code     int
	contains string
}

func runSteps(t *testing.T, steps []cliStep) {
	t.Helper()
	for _, s := range steps {
		code, out, errOut := runCLI(t, s.args...)
		if code != s.code || !strings.Contains(out+errOut, s.contains) {
			t.Errorf("breakglass %s: exit %d\nstdout: %s\nstderr: %s\nwant exit %d containing %q", strings.Join(s.args, " "), code, out, errOut, s.code, s.contains)
		}
	}
}

// TestActionThroughTheAPI: propose, dry-run, approve (refused for the
// comms lead, idempotent for the commander), reject and list containment
// through a running API.
func TestActionThroughTheAPI(t *testing.T) {
	url, id, s := apiFixture(t)
	as := func(tok string, args ...string) []string { return append(args, "--api", url, "--token", "tok-"+tok) }
	runSteps(t, []cliStep{
		{as("carol", "action", "pause", "pool", "--dry-run"), 0, "simulation: succeeds"},
		{as("carol", "action", "pause", "pool", "--incident", id), 0, "waiting for approval (0 of 1 given)"},
		{as("carol", "action", "approve", "1"), 1, "carol needs the incident_commander or technical_lead role on " + id + " to approve containment (HTTP 403)"},
		{as("alice", "action", "approve", "1"), 0, "approved: the daemon carries it out now"},
		{as("alice", "action", "approve", "1", "--json"), 0, `"person": "alice"`},
		{as("dave", "action", "unpause", "pool", "--incident", id), 0, "waiting for approval (0 of 2 given)"},
		{as("carol", "action", "reject", "2", "--reason", "no"), 1, "HTTP 403"},
		{as("bob", "action", "reject", "2"), 1, "--reason TEXT is required"},
		{as("bob", "action", "reject", "two", "--reason", "no"), 1, `ACTION_ID "two": want the number shown by breakglass action list`},
		{as("alice", "action", "approve", "0"), 1, `ACTION_ID "0": want the number shown by breakglass action list`},
		{as("bob", "action", "reject", "2", "--reason", "attacker still active"), 0, "rejected by bob: attacker still active"},
		{as("alice", "action", "approve", "2"), 1, "not waiting for approval (HTTP 409)"},
		{as("dave", "action", "list"), 0, "rejected"},
		{as("dave", "action", "list", "--incident", id, "--json"), 0, `"status": "approved"`},
		{as("dave", "action", "list", "--incident", "INC-1999-0001"), 1, "not found (HTTP 404)"},
		{as("dave", "action", "approve", "x"), 1, "want the number shown by breakglass action list"},
		{[]string{"action", "list", "--api", url, "--token", "wrong"}, 1, "unknown token (HTTP 401)"},
	})
	aps, err := s.Approvals(context.Background(), 1)
	if err != nil || len(aps) != 1 || aps[0].Person != "alice" {
		t.Fatalf("approvals of the pause: %+v, %v", aps, err)
	}
}

// TestReportCommandsThroughTheAPI: obligations (submit as the legal lead,
// refused for the commander), silences, a status update and the
// post-mortem's fields through a running API.
func TestReportCommandsThroughTheAPI(t *testing.T) {
	url, id, _ := apiFixture(t)
	as := func(tok string, args ...string) []string { return append(args, "--api", url, "--token", "tok-"+tok) }
	fields := filepath.Join(t.TempDir(), "pm.yaml")
	if err := os.WriteFile(fields, []byte("summary: Reserves were migrated.\naction_items:\n  - {title: Guard migrateReserves, owner: bob, deadline: 2026-12-31, plan_change: a detector}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("lucky:\n  - yes\naction_items:\n  - {title: t, owner: bob}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runSteps(t, []cliStep{
		{as("alice", "obligations", "submit", id, "ic3", "--ref", "IC3-1"), 1, "alice needs the legal_lead role on " + id + " to mark a regulatory report submitted (HTTP 403)"},
		{as("carol", "obligations", "submit", id, "ic3", "--ref", "IC3-1", "--at", "2026-03-05T13:00:00Z"), 0, id + " ic3  marked submitted by you at 2026-03-05T13:00:00Z"},
		{as("carol", "obligations", "submit", id, "ic3"), 1, "already marked submitted by carol at 2026-03-05T13:00:00Z (HTTP 409)"},
		{as("carol", "obligations", "decide", id, "material", "yes", "--note", "8-K filer"), 0, "material = true"},
		{as("dave", "obligations", "decide", id, "material", "no"), 1, "HTTP 403"},
		{as("carol", "obligations", "facts", id, "--personal-data", "no", "--loss-usd", "1e6"), 1, "decimal number of US dollars, e.g. 2400000.50 (HTTP 422)"},
		{as("carol", "obligations", "facts", id, "--personal-data", "no", "--jurisdiction", "EU,US"), 0, "personal data involved: false; jurisdictions EU, US"},
		{as("dave", "obligations", id), 0, "submitted by carol at 2026-03-05T13:00:00Z"},
		{as("dave", "obligations", id, "--draft", "dora"), 0, "DORA"},
		{as("dave", "obligations", id, "--draft", "nosuch"), 1, "HTTP 404"},

		{as("carol", "silence", "add", "detector=pool-insolvent", "--comment", "drill", "--for", "2h"), 1, "HTTP 403"},
		{as("alice", "silence", "add", "detector=pool-insolvent", "--comment", "drill", "--for", "2h"), 0, "silence 1 until"},
		{as("dave", "silence", "list"), 0, "detector=pool-insolvent"},
		{as("bob", "silence", "expire", "1"), 0, ""},
		{as("dave", "silence", "list"), 0, "ID"},

		{as("dave", "update", id, "The pool is paused."), 1, "communications_lead or incident_commander"},
		{as("carol", "update", id, "The pool is paused."), 0, "status update sent on " + id},
		{as("dave", "update", id, "--disclosure"), 0, "The pool is paused."},

		{as("dave", "postmortem", "edit", id, "--set-file", bad), 1, "request body:4:5: action_items[0]: deadline is required"},
		{as("dave", "postmortem", "edit", id, "--set-file", fields), 0, "1 action item(s)"},
		{as("dave", "postmortem", "fields", id), 0, "summary: Reserves were migrated."},
		{as("dave", "postmortem", "lessons"), 0, "Guard migrateReserves"},
		{as("dave", "postmortem", id), 0, "Reserves were migrated."},
	})
	code, out, _ := runCLI(t, as("dave", "silence", "list")...)
	if code != 0 || strings.Contains(out, "pool-insolvent") {
		t.Errorf("the silence is still in force: %s", out)
	}
}
