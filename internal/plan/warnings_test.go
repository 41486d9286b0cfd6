package plan

import (
	"strings"
	"testing"
)

// scaffoldWith is the scaffold with each old text replaced by its new one.
func scaffoldWith(t *testing.T, edits ...string) string {
	t.Helper()
	src := string(Scaffold())
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(src, edits[i]) {
			t.Fatalf("the scaffold lacks %q", edits[i])
		}
		src = strings.Replace(src, edits[i], edits[i+1], 1)
	}
	return src
}

// lineOf is the 1-based line of the first occurrence of s in src.
func lineOf(src, s string) int { return strings.Count(src[:strings.Index(src, s)], "\n") + 1 }

// TestInvariantHolds: an invariant is written as holds (what must be true);
// the old condition form still loads with a deprecation warning that gives
// its holds form; holds and condition together, holds elsewhere, and an
// invariant with neither are errors, at their positions.
func TestInvariantHolds(t *testing.T) {
	const invariant = "    holds: held >= owed # what must be true; alerts when it is false"
	tests := []struct {
		name     string
		edits    []string
		problem  string // a substring of the one problem, "" for none
		at       string // the text the problem or warning points at
		warnings []string
	}{
		{name: "holds", edits: nil},
		{name: "deprecated condition", edits: []string{invariant, "    condition: held < owed"},
			at: "condition: held < owed", warnings: []string{"deprecated on an invariant detector", "holds: not (held < owed)"}},
		{name: "deprecated negated condition", edits: []string{invariant, "    condition: not (held >= owed)"},
			at: "condition: not (held >= owed)", warnings: []string{"holds: (held >= owed)"}},
		{name: "both", edits: []string{invariant, invariant + "\n    condition: held < owed"},
			problem: "takes holds (what must be true) or the deprecated condition (what alerts), not both", at: "condition: held < owed"},
		{name: "neither", edits: []string{invariant, ""},
			problem: "an invariant detector needs holds", at: "  - name: vault-solvent"},
		{name: "holds on an event detector", edits: []string{"    condition: amount > 1000 ether", "    holds: amount < 1000 ether"},
			problem: "holds applies only to invariant detectors", at: "holds: amount < 1000 ether"},
		{name: "holds syntax", edits: []string{invariant, "    holds: held >= (owed"},
			problem: "detectors[4].holds: syntax error", at: "holds: held >= (owed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := scaffoldWith(t, tc.edits...)
			p, err := Parse("plan.yaml", []byte(src))
			if tc.problem != "" {
				ps, ok := err.(Problems)
				if !ok || len(ps) != 1 || !strings.Contains(ps[0].Message, tc.problem) || ps[0].Pos.Line != lineOf(src, tc.at) {
					t.Fatalf("problems %v, want one containing %q at line %d", err, tc.problem, lineOf(src, tc.at))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ws := p.Warnings()
			if len(tc.warnings) == 0 {
				if len(ws) != 0 {
					t.Fatalf("warnings %v, want none", ws)
				}
				return
			}
			if len(ws) != 1 || ws[0].Pos.Line != lineOf(src, tc.at) {
				t.Fatalf("warnings %v, want one at line %d", ws, lineOf(src, tc.at))
			}
			for _, w := range tc.warnings {
				if !strings.Contains(ws[0].Message, w) {
					t.Errorf("warning %q lacks %q", ws[0].Message, w)
				}
			}
		})
	}
}

// TestBalanceCooldownWarning: a balance detector without cooldown is valid
// but warned about (it alerts again on every block of a drain).
func TestBalanceCooldownWarning(t *testing.T) {
	src := scaffoldWith(t, "    cooldown: 30m # without it, a drain alerts again on every block\n", "")
	p, err := Parse("plan.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ws := p.Warnings()
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "detectors[3]: a balance detector without cooldown") || ws[0].Pos.Line != lineOf(src, "  - name: vault-drained") {
		t.Fatalf("warnings %v", ws)
	}
	if p, err = Parse("plan.yaml", Scaffold()); err != nil || p.Warnings() != nil {
		t.Fatalf("the scaffold: %v, warnings %v", err, p.Warnings())
	}
}

func TestNegate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"not solvent", "solvent"},
		{"!solvent", "solvent"},
		{"not (a < b)", "(a < b)"},
		{"solvent", "not solvent"},
		{"a.b", "not a.b"},
		{"a < b", "not (a < b)"},
		{"not a && b", "not (not a && b)"},
		{"(a) && (b)", "not ((a) && (b))"},
	} {
		if got := Negate(tc.in); got != tc.want {
			t.Errorf("Negate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSafeWithoutOwnerKeys: a Safe executor with no owner key held is
// valid (it contains with pre-signed transactions) and warned about.
func TestSafeWithoutOwnerKeys(t *testing.T) {
	src := scaffoldWith(t, "people:\n", "  - {name: council, type: safe, network: mainnet, safe: 0x5FbDB2315678afecb367f032d93F642f64180aa3, threshold: 2, submitter: guardian}\npeople:\n")
	p, err := Parse("plan.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ws := p.Warnings()
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "executors[1].owners: no owner key held: executor council contains only with pre-signed transactions") {
		t.Fatalf("warnings %v", ws)
	}
}
