package cli

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/report/reporttest"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// TestReportCommands runs the after-the-incident commands on a database
// holding the fixed incident of reporttest.
func TestReportCommands(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	f.Tx(t, func(tx store.Tx) error {
		_, err := tx.SavePlanVersion(t.Context(), store.PlanVersion{Hash: "aaaa1111", Content: []byte("version: 1\nname: a\n")})
		return err
	})
	f.Clock.Advance(1)
	f.Tx(t, func(tx store.Tx) error {
		_, err := tx.SavePlanVersion(t.Context(), store.PlanVersion{Hash: "bbbb2222", Content: []byte("version: 1\nname: b\n")})
		return err
	})
	db := "sqlite:" + f.Path
	dir := t.TempDir()

	code, out, stderr := runCLI(t, "postmortem", id, "--db", db, "--format", "html")
	if code != 0 || !strings.Contains(out, "<h1>Post-mortem: "+id) {
		t.Fatalf("postmortem: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr = runCLI(t, "postmortem", id, "--db", db, "--format", "pdf"); code != 1 || !strings.Contains(stderr, `--format "pdf": want md or html`) {
		t.Fatalf("bad format: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr = runCLI(t, "postmortem", "INC-2026-0099", "--db", db); code != 1 || !strings.Contains(stderr, "INC-2026-0099") {
		t.Fatalf("unknown incident: exit %d, stderr %q", code, stderr)
	}
	if code, out, _ = runCLI(t, "postmortem", "fields", id, "--db", db); code != 0 || !strings.Contains(out, "root_cause: withdraw()") {
		t.Fatalf("postmortem fields: exit %d, %q", code, out)
	}
	if code, out, _ = runCLI(t, "postmortem", "lessons", "--pending", "--db", db); code != 0 || !strings.Contains(out, id+"/A2") {
		t.Fatalf("lessons: exit %d, %q", code, out)
	}
	if code, out, stderr = runCLI(t, "metrics", "--db", db); code != 0 || !strings.Contains(out, "contain      1      4m30s") {
		t.Fatalf("metrics: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, _, stderr = runCLI(t, "metrics", "--db", db, "--since", "last week"); code != 1 || !strings.Contains(stderr, "--since") {
		t.Fatalf("bad --since: exit %d, %q", code, stderr)
	}
	if code, out, _ = runCLI(t, "update", id, "--disclosure", "--db", db); code != 0 || !strings.Contains(out, "rounding error") || strings.Contains(out, "alice") {
		t.Fatalf("disclosure: exit %d, %q", code, out)
	}
	if code, out, stderr = runCLI(t, "plan", "diff", "1", "latest", "--db", db); code != 0 || !strings.Contains(out, "-name: a\n+name: b\n") {
		t.Fatalf("plan diff: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	bundle := filepath.Join(dir, "evidence.tar.gz")
	code, out, stderr = runCLI(t, "evidence", id, "--out", bundle, "--db", db, "--as", "alice")
	if code != 0 || !strings.Contains(out, "manifest SHA-256 ") {
		t.Fatalf("evidence: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	sum := strings.TrimSpace(out[strings.Index(out, "manifest SHA-256 ")+len("manifest SHA-256 "):])
	sum = strings.Fields(sum)[0]
	if code, out, stderr = runCLI(t, "evidence", "verify", bundle, "--expect", sum, "--db", db); code != 0 || !strings.Contains(out, ": OK: incident "+id) {
		t.Fatalf("evidence verify: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, _, stderr = runCLI(t, "evidence", "verify", bundle, "--expect", strings.Repeat("0", 64)); code != 1 || !strings.Contains(stderr, "is not the expected") {
		t.Fatalf("wrong --expect: exit %d, %q", code, stderr)
	}

	// Flip one byte of the decompressed archive: the file it lands in no
	// longer matches the manifest.
	raw, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	tarball, err := io.ReadAll(gz)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(tarball, []byte("vault drained"))
	tarball[i] ^= 0x20
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(tarball)
	w.Close()
	bad := filepath.Join(dir, "tampered.tar.gz")
	if err := os.WriteFile(bad, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr = runCLI(t, "evidence", "verify", bad); code != 1 || !strings.Contains(stderr, "SHA-256") || !strings.Contains(stderr, "does not verify") {
		t.Fatalf("tampered bundle: exit %d, stderr %q", code, stderr)
	}
}

// TestReportChanges runs the commands that change an incident, as a person
// of a real plan file (the scaffold).
func TestReportChanges(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	db := "sqlite:" + f.Path
	dir := t.TempDir()
	planFile := filepath.Join(dir, "breakglass.yaml")
	if code, _, stderr := runCLI(t, "plan", "init", "--out", planFile); code != 0 {
		t.Fatalf("plan init: %s", stderr)
	}
	fields := filepath.Join(dir, "pm.yaml")
	if err := os.WriteFile(fields, []byte("lucky:\n  - It was a Thursday.\naction_items:\n  - {title: t, owner: bob}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "postmortem", "edit", id, "--set-file", fields, "--db", db, "--plan", planFile, "--as", "alice")
	if code != 1 || !strings.Contains(stderr, "pm.yaml:4:5: action_items[0]: deadline is required") {
		t.Fatalf("bad fields: exit %d, %q", code, stderr)
	}
	if err := os.WriteFile(fields, []byte("lucky:\n  - It was a Thursday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr = runCLI(t, "postmortem", "edit", id, "--set-file", fields, "--db", db, "--plan", planFile); code != 1 || !strings.Contains(stderr, "--as PERSON") {
		t.Fatalf("edit without --as: exit %d, %q", code, stderr)
	}
	if code, out, stderr := runCLI(t, "postmortem", "edit", id, "--set-file", fields, "--db", db, "--plan", planFile, "--as", "alice"); code != 0 || !strings.Contains(out, "2 action item(s)") {
		t.Fatalf("edit: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, out, _ := runCLI(t, "postmortem", id, "--db", db); code != 0 || !strings.Contains(out, "It was a Thursday.") || !strings.Contains(out, "Round against the user") {
		t.Fatalf("edited post-mortem: %q", out)
	}

	if code, _, stderr = runCLI(t, "update", id, "Funds are safe.", "--db", db, "--plan", planFile, "--as", "mallory"); code != 1 || !strings.Contains(stderr, `--as "mallory" is not a person of the plan`) {
		t.Fatalf("update by mallory: exit %d, %q", code, stderr)
	}
	if code, out, stderr := runCLI(t, "update", id, "Funds are safe.", "--db", db, "--plan", planFile, "--as", "carol"); code != 0 || !strings.Contains(out, "status update sent") {
		t.Fatalf("update: exit %d, %q %q", code, out, stderr)
	}

	for _, args := range [][]string{
		{"obligations", "facts", id, "--personal-data", "yes", "--jurisdiction", "EU,US"},
		{"obligations", "decide", id, "material", "no", "--at", "2026-03-05T12:00:00Z", "--note", "no SEC filer"},
		{"obligations", "submit", id, "ic3", "--ref", "IC3-123", "--at", "2026-03-05T13:00:00Z"},
	} {
		args = append(args, "--db", db, "--plan", planFile, "--as", "carol")
		if code, out, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d, %q %q", args, code, out, stderr)
		}
	}
	code, out, stderr := runCLI(t, "obligations", id, "--db", db, "--plan", planFile)
	if code != 0 || !strings.Contains(out, "not legal advice") || !strings.Contains(out, "gdpr — EU General Data Protection Regulation") || !strings.Contains(out, "submitted by carol at 2026-03-05T13:00:00Z") {
		t.Fatalf("obligations: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, out, _ = runCLI(t, "obligations", id, "--db", db, "--plan", planFile, "--draft", "gdpr"); code != 0 || !strings.Contains(out, "Personal data was involved.") || !strings.Contains(out, "Legal lead: lena") {
		t.Fatalf("draft: exit %d, %q", code, out)
	}
	if code, _, stderr = runCLI(t, "obligations", "decide", id, "major", "maybe", "--db", db, "--plan", planFile, "--as", "carol"); code != 1 || !strings.Contains(stderr, "want yes or no") {
		t.Fatalf("bad decision: exit %d, %q", code, stderr)
	}
}
