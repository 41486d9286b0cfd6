package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/backend"
)

// TestSilenceAdd: silence add refuses a database that does not exist
// (instead of creating an empty one the daemon never reads) and a detector
// the plan does not have; it adds a silence of a known detector.
func TestSilenceAdd(t *testing.T) {
	dir := t.TempDir()
	planFile := filepath.Join(dir, "plan.yaml")
	if code, _, stderr := runCLI(t, "plan", "init", "--out", planFile); code != 0 {
		t.Fatalf("plan init: %s", stderr)
	}
	missing := filepath.Join(dir, "missing.db")
	code, _, stderr := runCLI(t, "silence", "add", "detector=reentrancy", "--plan", planFile, "--as", "alice", "--comment", "drill", "--db", "sqlite:"+missing)
	if code != 1 || !strings.Contains(stderr, "does not exist") {
		t.Fatalf("missing database: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatalf("silence add created %s: %v", missing, err)
	}

	db := "sqlite:" + filepath.Join(dir, "bg.db")
	s, err := backend.Open(t.Context(), db, store.Options{}) // as the daemon would have
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, _, stderr = runCLI(t, "silence", "add", "detector=reentrancyy", "--plan", planFile, "--as", "alice", "--comment", "drill", "--db", db)
	if code != 1 || !strings.Contains(stderr, `no detector "reentrancyy"`) || !strings.Contains(stderr, "reentrancy,") {
		t.Fatalf("unknown detector: exit %d, stderr %q", code, stderr)
	}
	code, out, stderr := runCLI(t, "silence", "add", "detector=reentrancy", "--plan", planFile, "--as", "alice", "--comment", "drill", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "silence 1 until ") {
		t.Fatalf("known detector: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, out, _ := runCLI(t, "silence", "list", "--db", db); code != 0 || !strings.Contains(out, "detector") {
		t.Fatalf("list: exit %d, %q", code, out)
	}
}
