package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestVersionStamped builds the binary the way a release does, with the
// version, commit and date set by -ldflags -X, and checks that `--version`
// and `version --json` print them.
func TestVersionStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "breakglass")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	const pkg = "github.com/breakglass-dev/breakglass/internal/version"
	ld := "-X " + pkg + ".Version=v9.8.7-test -X " + pkg + ".Commit=0123456789abcdef -X " + pkg + ".Date=2026-12-07T04:00:00Z"
	build := exec.Command("go", "build", "-ldflags", ld, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("--version: %v\n%s", err, out)
	}
	if want := "breakglass v9.8.7-test, commit 0123456789ab, 2026-12-07T04:00:00Z, go"; !strings.HasPrefix(string(out), want) {
		t.Errorf("--version printed %q, want %q…", out, want)
	}
	out, err = exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("version --json: %v", err)
	}
	var v struct{ Version, Commit, Date, Go string }
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("version --json printed %q: %v", out, err)
	}
	if v.Version != "v9.8.7-test" || v.Commit != "0123456789abcdef" || v.Date != "2026-12-07T04:00:00Z" || v.Go != runtime.Version() {
		t.Errorf("version --json = %+v", v)
	}
}
