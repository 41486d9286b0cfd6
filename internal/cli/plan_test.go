package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestPlanInitThenCheck(t *testing.T) {
	code, out, errOut := runCLI(t, "plan", "init")
	if code != 0 || errOut != "" {
		t.Fatalf("plan init: exit %d, stderr %q", code, errOut)
	}
	file := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, "plan", "check", file)
	if code != 0 || !strings.Contains(out, file+": OK: 1 networks, 1 contracts") {
		t.Fatalf("plan check of plan init output: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}

func TestPlanInitOut(t *testing.T) {
	file := filepath.Join(t.TempDir(), "breakglass.yaml")
	if code, _, errOut := runCLI(t, "plan", "init", "--out", file); code != 0 {
		t.Fatalf("plan init --out: exit %d: %s", code, errOut)
	}
	code, _, errOut := runCLI(t, "plan", "init", "--out", file)
	if code != 1 || !strings.Contains(errOut, "already exists; use --force") {
		t.Fatalf("second plan init --out: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "plan", "init", "--out", file, "--force"); code != 0 {
		t.Fatalf("plan init --force: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "plan", "check", file); code != 0 {
		t.Fatalf("plan check: exit %d: %s", code, errOut)
	}
}

func TestPlanCheckTenMistakes(t *testing.T) {
	const file = "../plan/testdata/ten-mistakes.yaml"
	code, out, errOut := runCLI(t, "plan", "check", file)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(file) + `:\d+:\d+: \S`)
	n := 0
	for _, l := range lines {
		if re.MatchString(l) {
			n++
		}
	}
	if n != 10 || lines[len(lines)-1] != "breakglass: plan check: 10 problems in "+file {
		t.Fatalf("want 10 FILE:LINE:COL lines and a summary, got:\n%s", errOut)
	}

	code, out, _ = runCLI(t, "plan", "check", "--json", file)
	var res planCheckResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 1 {
		t.Fatalf("--json: exit %d, %v: %s", code, err, out)
	}
	if res.OK || len(res.Problems) != 10 || res.Problems[0].Pos.Line == 0 || res.File != file {
		t.Fatalf("--json result: %+v", res)
	}
}

func TestPlanCheckExampleAndErrors(t *testing.T) {
	code, out, _ := runCLI(t, "plan", "check", "--json", "../../examples/lending/plan.yaml")
	var res planCheckResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || !res.OK || res.Counts["networks"] != 2 || len(res.Hash) != 64 {
		t.Fatalf("lending example: exit %d, %+v, %v", code, res, err)
	}
	code, _, errOut := runCLI(t, "plan", "check", filepath.Join(t.TempDir(), "nope.yaml"))
	if code != 1 || !strings.Contains(errOut, "no such file or directory") || strings.Contains(errOut, "goroutine") {
		t.Fatalf("missing file: exit %d: %s", code, errOut)
	}
	if code, _, _ := runCLI(t, "plan", "check"); code == 0 {
		t.Fatal("plan check without FILE succeeded")
	}
}

// TestPlanCheckConditionTypes checks that plan check runs the detection
// engine's compiler: a condition over an unknown field is reported at it,
// with the fields it may use.
func TestPlanCheckConditionTypes(t *testing.T) {
	_, scaffold, _ := runCLI(t, "plan", "init")
	src := strings.Replace(scaffold, "condition: amount > 1000 ether", "condition: amout > 1000 ether", 1)
	line := strings.Count(src[:strings.Index(src, "amout")], "\n") + 1
	file := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "plan", "check", file)
	want := fmt.Sprintf("%s:%d:16: detector \"large-withdrawal\": condition: unknown name amout (available: amount, ", file, line)
	if code != 1 || !strings.HasPrefix(errOut, want) {
		t.Fatalf("exit %d, stderr:\n%s\nwant prefix:\n%s", code, errOut, want)
	}
}

// TestPlanCheckWarnings: plan check warns, at their positions and without
// failing, of an invariant in the deprecated condition form and of a
// balance detector without cooldown; --json lists them as warnings.
func TestPlanCheckWarnings(t *testing.T) {
	_, scaffold, _ := runCLI(t, "plan", "init")
	src := strings.Replace(scaffold, "    holds: held >= owed # what must be true; alerts when it is false", "    condition: held < owed", 1)
	src = strings.Replace(src, "    cooldown: 30m # without it, a drain alerts again on every block\n", "", 1)
	file := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	line := func(s string) int { return strings.Count(src[:strings.Index(src, s)], "\n") + 1 }
	code, out, errOut := runCLI(t, "plan", "check", file)
	wantInv := fmt.Sprintf("%s:%d:16: warning: detectors[4].condition: deprecated on an invariant detector", file, line("condition: held < owed"))
	wantBal := fmt.Sprintf("%s:%d:5: warning: detectors[3]: a balance detector without cooldown", file, line("  - name: vault-drained"))
	if code != 0 || !strings.Contains(out, ": OK: ") || !strings.Contains(errOut, wantInv) || !strings.Contains(errOut, "holds: not (held < owed)") || !strings.Contains(errOut, wantBal) {
		t.Fatalf("exit %d, stdout %q, stderr %q; want warnings %q and %q", code, out, errOut, wantInv, wantBal)
	}
	code, out, _ = runCLI(t, "plan", "check", "--json", file)
	var res planCheckResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || !res.OK || len(res.Warnings) != 2 {
		t.Fatalf("--json: exit %d, %v: %s", code, err, out)
	}
}

// TestPlanCheckLanguage: the plan language's mistakes come out of plan
// check positioned, a constant's as the constant's (not a detector's).
func TestPlanCheckLanguage(t *testing.T) {
	src, err := os.ReadFile("../../examples/lending/plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "abi"), os.DirFS("../../examples/lending/abi")); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "large_withdrawal: 2000000 usdc", "large_withdrawal: 2000000 usdt", 1)
	text = strings.Replace(text, "not (sender in accounts.admins)", "not (sender in accounts.admin)", 1)
	file := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "plan", "check", file)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != 1 || len(lines) != 4 ||
		!regexp.MustCompile(`^.*plan\.yaml:\d+:21: constants\.large_withdrawal: unknown token "usdt".*did you mean "usdc"\?$`).MatchString(lines[0]) ||
		!strings.Contains(lines[1], `detector "large-withdrawal": condition: constant large_withdrawal is not valid`) ||
		!regexp.MustCompile(`plan\.yaml:\d+:\d+: detector "role-granted": condition: unknown account "admin"; did you mean "admins"\?`).MatchString(lines[2]) {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
}
