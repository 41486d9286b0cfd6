package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// scaffoldSecrets are the secrets the scaffold plan refers to.
var scaffoldSecrets = []string{"MAINNET_RPC_URL", "GUARDIAN_KEY", "ALICE_API_TOKEN", "BOB_API_TOKEN", "CAROL_API_TOKEN",
	"SLACK_SECURITY_WEBHOOK", "PAGERDUTY_ROUTING_KEY", "STATUS_WEBHOOK_SECRET", "HEARTBEAT_URL"}

// TestSecretsCheckedBeforeStart: with the guardian key and the other
// secrets unset, plan check --secrets and run both list every missing one
// with its position, and run refuses to start (before, both passed and the
// first use of the key was during the exploit).
func TestSecretsCheckedBeforeStart(t *testing.T) {
	for _, name := range scaffoldSecrets {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(file, plan.Scaffold(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := "sqlite:" + filepath.Join(dir, "bg.db")
	keyLine := 0
	for i, l := range strings.Split(string(plan.Scaffold()), "\n") {
		if strings.TrimSpace(l) == "key: env:GUARDIAN_KEY" {
			keyLine = i + 1
		}
	}
	code, out, errOut := runCLI(t, "plan", "check", file)
	if code != 0 {
		t.Fatalf("plan check without --secrets: exit %d %s %s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"plan", "check", "--secrets", file},
		{"run", "--plan", file, "--db", db, "--listen", "off"},
	} {
		code, out, errOut := runCLI(t, args...)
		if code != 1 {
			t.Fatalf("%v: exit %d, want 1\n%s%s", args, code, out, errOut)
		}
		for _, name := range scaffoldSecrets {
			if !strings.Contains(errOut, "environment variable "+name+" is not set") {
				t.Errorf("%v: %s not reported:\n%s", args, name, errOut)
			}
		}
		if !strings.Contains(errOut, fmt.Sprintf("%s:%d:", file, keyLine)) || !strings.Contains(errOut, "executors[0].key") {
			t.Errorf("%v: the guardian key's position is not given:\n%s", args, errOut)
		}
	}

	// Set, but the key is not a key: named, and its text not repeated.
	for _, name := range scaffoldSecrets {
		t.Setenv(name, "set-"+strings.ToLower(name))
	}
	t.Setenv("MAINNET_RPC_URL", "http://127.0.0.1:1")
	code, out, errOut = runCLI(t, "plan", "check", "--secrets", file)
	if code != 1 || !strings.Contains(errOut, "executors[0]") || strings.Contains(out+errOut, "set-guardian_key") {
		t.Fatalf("bad key: exit %d\n%s%s", code, out, errOut)
	}
	if strings.Count(errOut, "\n") != 2 { // the problem and the summary
		t.Errorf("want only the key reported:\n%s", errOut)
	}
	t.Setenv("GUARDIAN_KEY", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
	code, out, errOut = runCLI(t, "plan", "check", "--secrets", file)
	if code != 0 {
		t.Fatalf("all secrets there: exit %d\n%s%s", code, out, errOut)
	}
}
