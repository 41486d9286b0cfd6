package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportOZMonitorThenCheck(t *testing.T) {
	out := filepath.Join(t.TempDir(), "breakglass.yaml")
	code, stdout, stderr := runCLI(t, "import", "ozmonitor", "../plan/importer/testdata/ozmonitor", "--out", out)
	if code != 0 || stdout != "" {
		t.Fatalf("import: exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"carried over:", "not carried over:", "-> detector \"large-transfer-of-usdc-token-transfer\" at " + out + ":", "wrote " + out} {
		if !strings.Contains(stderr, want) {
			t.Errorf("report lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "hunter2") {
		t.Error("the report echoes a secret of the source")
	}
	if code, out, errOut := runCLI(t, "plan", "check", out); code != 0 {
		t.Fatalf("plan check of the imported plan: exit %d\n%s%s", code, out, errOut)
	}
}

func TestImportDefenderToStdout(t *testing.T) {
	code, stdout, stderr := runCLI(t, "import", "defender", "../plan/importer/testdata/defender/serverless.yml", "--severity", "FINANCIAL=critical")
	if code != 0 || !strings.HasPrefix(stdout, "# breakglass plan imported from the Defender configuration") {
		t.Fatalf("import: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "severity: critical") {
		t.Error("--severity FINANCIAL=critical not applied")
	}
}

func TestImportBlockingProblems(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"networks", "monitors", "triggers"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "monitors", "m.json"), []byte("{\"name\": \"M\",\n \"networks\": [}"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "plan.yaml")
	code, _, stderr := runCLI(t, "import", "ozmonitor", dir, "--out", out)
	if code != 1 || !strings.Contains(stderr, "monitors/m.json:2:15: invalid character '}'") || !strings.Contains(stderr, "no plan written") {
		t.Fatalf("exit %d, want 1 with the problem at FILE:LINE:COL:\n%s", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a plan was written despite blocking problems")
	}
}
