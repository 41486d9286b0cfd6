package report_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/reporttest"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// lendingPlan loads examples/lending/plan.yaml.
func lendingPlan(t *testing.T) *plan.Plan {
	t.Helper()
	p, err := plan.Load(filepath.Join("..", "..", "examples", "lending", "plan.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// withItems writes the fixture incident's action items.
func withItems(t *testing.T, f *reporttest.Fixture, id, items string) error {
	t.Helper()
	var editErr error
	f.Tx(t, func(tx store.Tx) error {
		_, editErr = report.Edit(context.Background(), tx, f.Manager, id, "alice", "items.yaml", []byte("action_items:\n"+items), f.Clock.Now())
		return nil
	})
	return editErr
}

// TestLessonPatchToPlanDiff: an action item's plan_patch becomes a plan
// diff with the lesson's reference next to each change; once that plan is
// loaded, the lesson is no longer pending.
func TestLessonPatchToPlanDiff(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	ctx := context.Background()
	p := lendingPlan(t)
	err := withItems(t, f, id, `  - {id: A1, title: Round against the user, owner: carol, deadline: 2026-03-20}
  - id: A2
    title: Page on bursts of large withdrawals sooner
    owner: alice
    deadline: 2026-03-27
    plan_change: burst threshold to 300k USDC, large withdrawals every 2h at most
    plan_patch:
      - {detector: withdrawal-burst, threshold: "300000000000"}
      - {detector: large-withdrawal, field: cooldown, value: 2h}
      - {detector: flash-loan-drain, field: params.min_outflow, value: 750000 usdc}
`)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := report.PendingLessons(ctx, f.Store, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 || ls[0].Item.ID != "A2" || len(ls[0].Item.PlanPatch) != 3 {
		t.Fatalf("pending: %+v", ls)
	}
	prop, err := report.ProposePlanChange(p, ls, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := report.LessonRef(id, "A2")
	for _, want := range []string{
		"-    condition: amount > 250000000000\n",
		"+    # " + ref + ": burst threshold to 300k USDC, large withdrawals every 2h at most\n+    condition: amount > 300000000000\n",
		"+    cooldown: 2h\n",
		"-    params: {min_outflow: 500000 usdc}   # in USDC's units: counts USDC outflows\n",
		"+    params: {min_outflow: 750000 usdc}   # in USDC's units: counts USDC outflows\n",
		"--- a/plan.yaml\n+++ b/plan.yaml\n",
	} {
		if !strings.Contains(prop.Diff, want) {
			t.Errorf("diff lacks %q:\n%s", want, prop.Diff)
		}
	}
	if len(prop.Changes) != 3 || prop.Changes[0].Ref != ref || prop.Changes[0].Old != "250000000000" || prop.Changes[0].New != "300000000000" {
		t.Errorf("changes: %+v", prop.Changes)
	}
	// only what the patches name changed (cooldown was added): every
	// other line is the same
	if got, want := strings.Count(prop.Diff, "\n-"), 2; got != want {
		t.Errorf("%d lines removed, want %d:\n%s", got, want, prop.Diff)
	}
	// the result loads (plan check's parse), with the new values
	dir := t.TempDir()
	abi, _ := filepath.Abs(filepath.Join("..", "..", "examples", "lending", "abi"))
	if err := os.Symlink(abi, filepath.Join(dir, "abi")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(path, prop.Plan, 0o644); err != nil {
		t.Fatal(err)
	}
	next, err := plan.Load(path)
	if err != nil {
		t.Fatalf("patched plan: %v", err)
	}
	if d := next.Detector("large-withdrawal"); d.Cooldown.String() != "2h0m0s" {
		t.Errorf("cooldown %v", d.Cooldown)
	}
	// the daemon loads it: the lesson is included, no longer pending
	f.Tx(t, func(tx store.Tx) error {
		_, err := tx.SavePlanVersion(ctx, store.PlanVersion{Hash: next.Hash, Content: prop.Plan})
		return err
	})
	if pending, err := report.Lessons(ctx, f.Store, true); err != nil || len(pending) != 0 {
		t.Fatalf("still pending after the patched plan was loaded: %+v %v", pending, err)
	}
	// and proposing again proposes nothing
	ls, _ = report.PendingLessons(ctx, f.Store, "")
	if prop, err := report.ProposePlanChange(next, ls, nil); err != nil || prop.Diff != "" {
		t.Fatalf("second proposal: %v %q", err, prop.Diff)
	}
}

// TestLessonPatchRefused: a patch the plan refuses is named by its item.
func TestLessonPatchRefused(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	ctx := context.Background()
	p := lendingPlan(t)
	for _, tc := range []struct {
		name, patch, want string
	}{
		{"unknown detector", `{detector: withdrawl-burst, threshold: "1"}`, `plan_patch[0]: detector "withdrawl-burst" is not in the plan; did you mean "withdrawal-burst"?`},
		{"unknown field", `{detector: large-withdrawal, field: colldown, value: 1h}`, `plan_patch[0]: detector "large-withdrawal" has no field "colldown"`},
		{"value of the wrong type", `{detector: large-withdrawal, field: cooldown, value: banana}`, `plan_patch[0]: the plan refuses it: `},
		{"unknown heuristic parameter", `{detector: flash-loan-drain, field: params.min_outflw, value: "1"}`, `detector "flash-loan-drain" has no params.min_outflw to change`},
		{"threshold of a condition without one", `{detector: reentrancy, threshold: "5"}`, `compares nothing with a written number`},
		{"threshold index out of range", `{detector: withdrawal-burst, threshold: "5", index: 2}`, `index 2: its condition has 1 threshold(s)`},
		{"threshold not a whole number", `{detector: withdrawal-burst, threshold: "2.5"}`, `a bare number in a condition is a whole number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := withItems(t, f, id, "  - {id: A2, title: t, owner: alice, deadline: 2026-03-27, plan_patch: ["+tc.patch+"]}\n"); err != nil {
				t.Fatal(err)
			}
			ls, err := report.PendingLessons(ctx, f.Store, id)
			if err != nil {
				t.Fatal(err)
			}
			_, err = report.ProposePlanChange(p, ls, nil)
			var pe *report.PatchError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), report.LessonRef(id, "A2")+" plan_patch[0]: ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a PatchError %q", err, tc.want)
			}
		})
	}
	// a patch of the wrong shape is refused when the post-mortem is edited
	err := withItems(t, f, id, "  - {id: A2, title: t, owner: alice, deadline: 2026-03-27, plan_patch: [{detector: withdrawal-burst, tune: true, threshold: \"5\"}]}\n")
	if err == nil || !strings.Contains(err.Error(), "items.yaml:2:5: action_items[0]: plan_patch[0]: give one of field and value, threshold (and index), or tune: true") {
		t.Fatalf("edit: %v", err)
	}
	// a tune patch without the chain is left out, and said so
	if err := withItems(t, f, id, "  - {id: A2, title: t, owner: alice, deadline: 2026-03-27, plan_patch: [{detector: withdrawal-burst, tune: true}]}\n"); err != nil {
		t.Fatal(err)
	}
	ls, _ := report.PendingLessons(ctx, f.Store, id)
	prop, err := report.ProposePlanChange(p, ls, nil)
	if err != nil || prop.Diff != "" || len(prop.Untuned) != 1 || !strings.Contains(prop.Untuned[0], "tune withdrawal-burst") {
		t.Fatalf("tune without chain: %v %+v", err, prop)
	}
	// with its tuning, it is a threshold change
	prop, err = report.ProposePlanChange(p, ls, map[string]report.Tuned{report.TuneKey(report.LessonRef(id, "A2"), 0): {Patches: []report.PlanPatch{{Detector: "withdrawal-burst", Threshold: "400000000000"}}}})
	if err != nil || !strings.Contains(prop.Diff, "+    condition: amount > 400000000000\n") {
		t.Fatalf("tuned: %v %s", err, prop.Diff)
	}
}
