package cli

import (
	"bytes"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// TestActionCommands drives `breakglass action` against a devnet with the
// plan it writes: a dry run, a pause through the guardian key, the list,
// an unpause that waits for two approvals, and bad input.
func TestActionCommands(t *testing.T) {
	d := devnettest.Start(t)
	dir := t.TempDir()
	planPath := devnettest.WritePlan(t, d, dir, nil)
	db := "sqlite:" + filepath.Join(dir, "bg.db")
	var all bytes.Buffer
	run := func(wantCode int, args ...string) string {
		t.Helper()
		out := mustRun(t, wantCode, args...)
		all.WriteString(out)
		return out
	}

	out := run(0, "action", "pause", "pool", "--dry-run", "--plan", planPath)
	if !strings.Contains(out, "simulation: succeeds") || !strings.Contains(out, d.Deployment().Guardian.Hex()) {
		t.Fatalf("dry run: %s", out)
	}
	out = run(0, "action", "pause", "pool", "--plan", planPath, "--db", db, "--as", "alice")
	if !strings.Contains(out, "action 1 pause:devnet:") || !strings.Contains(out, ": mined (tx 0x") {
		t.Fatalf("pause: %s", out)
	}
	out = run(0, "action", "pause", "pool", "--dry-run", "--plan", planPath)
	if !strings.Contains(out, "no-op: pool is already paused") {
		t.Fatalf("dry run of a paused pool: %s", out)
	}
	out = run(0, "action", "list", "--db", db)
	if !strings.Contains(out, "pause:devnet:") || !strings.Contains(out, "mined") {
		t.Fatalf("list: %s", out)
	}

	out = run(0, "action", "unpause", "pool", "--plan", planPath, "--db", db, "--as", "alice")
	if !strings.Contains(out, "action 2 ") || !strings.Contains(out, "waiting for approval (1 given)") {
		t.Fatalf("unpause by alice: %s", out)
	}
	out = run(1, "action", "approve", "2", "--plan", planPath, "--db", db, "--as", "carol")
	if !strings.Contains(out, "carol needs the incident_commander or technical_lead role to approve containment") {
		t.Fatalf("approve by carol: %s", out)
	}
	out = run(0, "action", "approve", "2", "--plan", planPath, "--db", db, "--as", "bob", "--json")
	if !strings.Contains(out, `"status": "mined"`) {
		t.Fatalf("approve by bob: %s", out)
	}
	out = run(1, "action", "reject", "2", "--reason", "too late", "--plan", planPath, "--db", db, "--as", "bob")
	if !strings.Contains(out, "action 2 is mined; only an action waiting for approval can be rejected") {
		t.Fatalf("reject of a mined action: %s", out)
	}
	out = run(0, "action", "pause", "pool", "--plan", planPath, "--db", db, "--as", "carol")
	if !strings.Contains(out, "action 3 ") || !strings.Contains(out, "waiting for approval") {
		t.Fatalf("pause by carol: %s", out)
	}
	out = run(0, "action", "reject", "3", "--reason", "false alarm", "--plan", planPath, "--db", db, "--as", "bob")
	if !strings.Contains(out, "action 3 ") || !strings.Contains(out, ": rejected") || !strings.Contains(out, "rejected by bob: false alarm") {
		t.Fatalf("reject by bob: %s", out)
	}

	out = run(1, "action", "pause", "nosuch", "--plan", planPath, "--db", db, "--as", "alice")
	if !strings.Contains(out, `action "pause" of contract "nosuch" is not in the plan`) {
		t.Fatalf("unknown contract: %s", out)
	}
	out = run(0, "action", "call", "pool", "safe-pause", "--plan", planPath, "--dry-run")
	if !strings.Contains(out, "Safe "+d.Deployment().Safe.Hex()) || !strings.Contains(out, "simulation: succeeds") {
		t.Fatalf("dry run through the Safe: %s", out)
	}
	run(1, "action", "pause", "pool", "--plan", planPath)
	if secret := hex.EncodeToString(crypto.FromECDSA(d.Keys().Guardian)); strings.Contains(all.String(), secret) {
		t.Fatal("the guardian key was printed")
	}
}
