package plan

import (
	"strings"
	"testing"
)

const editSrc = `# the team's plan
detectors:
  - name: big-withdrawal   # watched since INC-1
    kind: event
    contract: pool
    signature: Withdraw(address indexed reserve, address indexed user, address indexed to, uint256 amount)
    # raised after the whale exit
    condition: reserve == contracts.usdc && amount > 2_000_000 usdc || amount > 2000000000000
    severity: high
  - name: quoted
    kind: event
    condition: "amount >= 5% of reserve0 && amount > 5"
    severity: 'high'
  - name: folded
    kind: transaction
    condition: >-
      any(tx.events, .name == "FlashLoan") &&
      total(map(filter(tx.events, .name == "Transfer"), .args.value)) > 1000000 usdc
    severity: critical
  - name: drain
    kind: heuristic
    heuristic: flash-loan-outflow
    params: {min_outflow: 500000 usdc}   # flow mapping
    severity: critical
`

func TestEditorKeepsEveryOtherByte(t *testing.T) {
	tests := []struct {
		name string
		edit func(e *Editor) (Change, error)
		// old and new lines: the only difference the edit may make
		oldLine, newLine string
		line             int
	}{
		{"condition literal, second of its kind", func(e *Editor) (Change, error) {
			v := "reserve == contracts.usdc && amount > 2_000_000 usdc || amount > 2000000000000"
			i := strings.Index(v, "2000000000000")
			return e.ReplaceInExpr("big-withdrawal", "condition", i, i+13, "3000000000000")
		}, "    condition: reserve == contracts.usdc && amount > 2_000_000 usdc || amount > 2000000000000",
			"    condition: reserve == contracts.usdc && amount > 2_000_000 usdc || amount > 3000000000000", 8},
		{"condition literal with underscores", func(e *Editor) (Change, error) {
			v := "reserve == contracts.usdc && amount > 2_000_000 usdc || amount > 2000000000000"
			i := strings.Index(v, "2_000_000")
			return e.ReplaceInExpr("big-withdrawal", "condition", i, i+9, "2500000")
		}, "    condition: reserve == contracts.usdc && amount > 2_000_000 usdc || amount > 2000000000000",
			"    condition: reserve == contracts.usdc && amount > 2500000 usdc || amount > 2000000000000", 8},
		{"quoted condition, the 5 that is not the share", func(e *Editor) (Change, error) {
			v := "amount >= 5% of reserve0 && amount > 5"
			return e.ReplaceInExpr("quoted", "condition", len(v)-1, len(v), "7")
		}, `    condition: "amount >= 5% of reserve0 && amount > 5"`,
			`    condition: "amount >= 5% of reserve0 && amount > 7"`, 12},
		{"quoted condition, the share", func(e *Editor) (Change, error) {
			return e.ReplaceInExpr("quoted", "condition", 10, 11, "7.5")
		}, `    condition: "amount >= 5% of reserve0 && amount > 5"`,
			`    condition: "amount >= 7.5% of reserve0 && amount > 5"`, 12},
		{"folded condition", func(e *Editor) (Change, error) {
			v := "any(tx.events, .name == \"FlashLoan\") &&\ntotal(map(filter(tx.events, .name == \"Transfer\"), .args.value)) > 1000000 usdc"
			_ = v
			v = "any(tx.events, .name == \"FlashLoan\") && total(map(filter(tx.events, .name == \"Transfer\"), .args.value)) > 1000000 usdc"
			i := strings.Index(v, "1000000")
			return e.ReplaceInExpr("folded", "condition", i, i+7, "1500000")
		}, `      total(map(filter(tx.events, .name == "Transfer"), .args.value)) > 1000000 usdc`,
			`      total(map(filter(tx.events, .name == "Transfer"), .args.value)) > 1500000 usdc`, 18},
		{"flow mapping parameter", func(e *Editor) (Change, error) {
			return e.SetField("drain", "params.min_outflow", "750000 usdc")
		}, `    params: {min_outflow: 500000 usdc}   # flow mapping`,
			`    params: {min_outflow: 750000 usdc}   # flow mapping`, 23},
		{"single-quoted field keeps its quotes", func(e *Editor) (Change, error) {
			return e.SetField("quoted", "severity", "critical")
		}, `    severity: 'high'`, `    severity: 'critical'`, 13},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := NewEditor("plan.yaml", []byte(editSrc))
			if err != nil {
				t.Fatal(err)
			}
			c, err := tc.edit(e)
			if err != nil {
				t.Fatal(err)
			}
			if c.Line != tc.line {
				t.Errorf("change at line %d, want %d", c.Line, tc.line)
			}
			want := strings.Replace(editSrc, tc.oldLine+"\n", tc.newLine+"\n", 1)
			if want == editSrc {
				t.Fatalf("test's old line not in the source")
			}
			if got := string(e.Bytes()); got != want {
				d, _ := UnifiedDiff([]byte(want), []byte(got), "want", "got", 1)
				t.Errorf("edited text differs from the one-line change:\n%s", d)
			}
		})
	}
}

func TestEditorAddsFieldAndComment(t *testing.T) {
	e, err := NewEditor("plan.yaml", []byte(editSrc))
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.SetField("quoted", "cooldown", "1h")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.CommentAbove(c.Line, "INC-7/A2: quieter"); err != nil {
		t.Fatal(err)
	}
	// twice is once
	if err := e.CommentAbove(c.Line+1, "INC-7/A2: quieter"); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(editSrc, "  - name: quoted\n", "  - name: quoted\n    # INC-7/A2: quieter\n    cooldown: 1h\n", 1)
	if got := string(e.Bytes()); got != want {
		d, _ := UnifiedDiff([]byte(want), []byte(got), "want", "got", 1)
		t.Errorf("got:\n%s", d)
	}
	d, err := UnifiedDiff([]byte(editSrc), e.Bytes(), "a/plan.yaml", "b/plan.yaml", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d, "+    # INC-7/A2: quieter\n+    cooldown: 1h\n") || !strings.HasPrefix(d, "--- a/plan.yaml\n+++ b/plan.yaml\n") {
		t.Errorf("diff:\n%s", d)
	}
}

func TestEditorRefuses(t *testing.T) {
	tests := []struct {
		name string
		edit func(e *Editor) (Change, error)
		want string
	}{
		{"unknown detector", func(e *Editor) (Change, error) { return e.SetField("big-withdrawl", "severity", "low") },
			`no detector "big-withdrawl"; did you mean "big-withdrawal"?`},
		{"missing nested", func(e *Editor) (Change, error) { return e.SetField("drain", "balance.drop", "5%") },
			`plan.yaml:20:5: detector "drain" has no balance`},
		{"block scalar as a whole", func(e *Editor) (Change, error) { return e.SetField("folded", "condition", "true") },
			`plan.yaml:16:16: a block or flow scalar cannot be changed in place`},
		{"offsets outside", func(e *Editor) (Change, error) { return e.ReplaceInExpr("quoted", "condition", 30, 99, "1") },
			`outside its text`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := NewEditor("plan.yaml", []byte(editSrc))
			if err != nil {
				t.Fatal(err)
			}
			_, err = tc.edit(e)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if string(e.Bytes()) != editSrc {
				t.Error("a refused edit changed the text")
			}
		})
	}
}
