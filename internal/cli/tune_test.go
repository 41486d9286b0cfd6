package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
	"github.com/breakglass-dev/breakglass/internal/tune"
)

// tuneDetectors start noisy: they alert on any dUSD leaving the pool.
const tuneDetectors = `  - name: pool-dusd-borrow
    description: dUSD borrowed from the pool
    kind: event
    contract: pool
    signature: Borrow(address indexed user, uint256 amount, uint256 collateralValue)
    # any borrow, for now
    condition: amount > 1 dusd && collateralValue > 0
    severity: high
  - name: pool-dusd-withdraw
    kind: event
    contract: pool
    signature: Withdraw(address indexed user, uint256 amount)
    condition: "amount > 1 dusd"
    severity: high
  - name: pool-dusd-unusual
    kind: invariant
    contract: pool
    holds: zscore(balance(contracts.pool, contracts.dusd), 50 blocks) > -1
    severity: high
  - name: pool-loan-drain
    kind: heuristic
    heuristic: flash-loan-outflow
    contract: pool
    params: {min_outflow: 1 dusd}   # any
    severity: critical
  - name: pool-dusd-falling
    kind: balance
    contract: pool
    balance: {token: dusd, drop: 1%, window: 1}
    severity: high
`

// tuneHistory is a devnet with a plan of noisy detectors, a few hundred
// blocks of benign traffic (transfers, flash loans, a whale's exit) and
// then the oracle exploit.
type tuneHistory struct {
	dn       *devnet.Devnet
	planPath string
	from, to uint64
	attack   devnet.ScenarioResult
	dir      string
}

func newTuneHistory(t testing.TB, blocks uint64) *tuneHistory {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dn := devnettest.Start(t)
	d := dn.Deployment()
	dir := t.TempDir()
	planPath := writeDevnetPlanWith(t, dn, dir, tuneDetectors, "")
	traffic, err := dn.StartBenign(ctx, 200)
	if err != nil {
		t.Fatal(err)
	}
	if err := dn.WaitForBlock(ctx, d.Block+blocks); err != nil {
		t.Fatal(err)
	}
	stats := traffic.Stop()
	if stats.Reverted != 0 || stats.SendErrors != 0 {
		t.Fatalf("benign traffic: %+v", stats)
	}
	attack, err := dn.RunScenario(ctx, devnet.ScenarioOracle)
	if err != nil {
		t.Fatal(err)
	}
	return &tuneHistory{dn: dn, planPath: planPath, from: d.Block, to: attack.Block, attack: attack, dir: dir}
}

// TestTuneOnDevnet: tune the noisy detectors over benign traffic and the
// oracle exploit; the suggestion lies between the largest benign value and
// the attack's, the diff applies, plan check accepts the result, and the
// tuned plan's backtest keeps the attack and drops the benign alerts.
func TestTuneOnDevnet(t *testing.T) {
	h := newTuneHistory(t, 300)
	labels := filepath.Join(h.dir, "labels.yaml")
	if err := os.WriteFile(labels, []byte("bad: ["+h.attack.Tx.Hex()+"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(h.planPath)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"tune", "--plan", h.planPath, "--from", itoa(h.from), "--to", itoa(h.to),
		"--detector", "pool-dusd-borrow", "--detector", "pool-dusd-withdraw", "--detector", "pool-dusd-unusual", "--detector", "pool-loan-drain", "--detector", "pool-dusd-falling", "--labels", labels}
	start := time.Now()
	code, out, errOut := runCLI(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("tune: exit %d: %s", code, errOut)
	}
	tuneTook := time.Since(start)
	var got struct {
		Result  tune.Result `json:"result"`
		Written bool        `json:"written"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	sug := map[string]tune.Suggestion{}
	for _, s := range got.Result.Suggestions {
		t.Logf("%s: %+v", s.Detector, s)
		sug[s.Detector] = s
	}
	// the dUSD borrowed from the pool, from the receipts: the largest
	// benign borrow before the exploit, and the exploit's
	benignMax, attackOut := borrows(t, h)
	t.Logf("largest benign borrow %s dUSD, the exploit's %s", benignMax.FloatString(6), attackOut.FloatString(6))
	out1 := sug["pool-dusd-borrow"]
	if out1.Suggested == "" || out1.Unit != "dusd" || out1.Current != "1" || out1.Fires != "above" {
		t.Fatalf("pool-dusd-borrow: %+v", out1)
	}
	if v := ratOf(t, out1.Suggested); v.Cmp(benignMax) <= 0 || v.Cmp(attackOut) >= 0 {
		t.Errorf("suggested %s dusd, want between the largest benign borrow %s and the exploit's %s",
			out1.Suggested, benignMax.FloatString(6), attackOut.FloatString(6))
	}
	if out1.Stats.Max != attackOut.FloatString(4) && strings.TrimRight(attackOut.FloatString(4), "0") != out1.Stats.Max {
		t.Errorf("max %s, want the exploit's %s", out1.Stats.Max, attackOut.FloatString(4))
	}
	if out1.AlertsCurrent <= 10 || out1.AlertsSuggested != 1 {
		t.Errorf("pool-dusd-borrow alerts %d now, %d tuned; want many, then only the exploit", out1.AlertsCurrent, out1.AlertsSuggested)
	}
	w := sug["pool-dusd-withdraw"]
	if w.Suggested == "" || w.AlertsCurrent == 0 || w.AlertsSuggested != 0 || !strings.Contains(strings.Join(w.Notes, " "), "never match this detector") {
		t.Errorf("pool-dusd-withdraw: %+v", w)
	}
	// an invariant: a sample per block, alerting below
	if z := sug["pool-dusd-unusual"]; z.Fires != "below" || z.Current != "-1" || z.Stats.Count < int(h.to-h.from)/2 || !strings.HasPrefix(z.Suggested, "-") {
		t.Errorf("pool-dusd-unusual: %+v", z)
	}
	// a heuristic's min_outflow: only the exploit's loan drains the pool
	if d := sug["pool-loan-drain"]; d.Field != "params.min_outflow" || d.Unit != "dusd" || d.Stats.Count != 1 || d.Suggested != "" || !strings.Contains(d.Reason, "too few samples") {
		t.Errorf("pool-loan-drain: %+v", d)
	}
	// a balance detector's drop, in % of the peak: the exploit's fall
	// keeps firing, the benign ones go quiet
	falling := sug["pool-dusd-falling"]
	if falling.Field != "balance.drop" || falling.Unit != "%" || falling.Suggested == "" || falling.AlertsSuggested < 1 || falling.AlertsSuggested >= falling.AlertsCurrent {
		t.Errorf("pool-dusd-falling: %+v", falling)
	}
	if !strings.Contains(got.Result.Diff, "+    balance: {token: dusd, drop: "+falling.Suggested+"%, window: 1}\n") {
		t.Errorf("diff lacks the balance drop:\n%s", got.Result.Diff)
	}
	if got.Written {
		t.Error("written without --write")
	}
	if after, _ := os.ReadFile(h.planPath); string(after) != string(before) {
		t.Fatal("the plan changed without --write")
	}

	// the diff applies to the plan as it was (git apply, outside a
	// repository, as patch)
	applied := filepath.Join(t.TempDir(), "plan.yaml")
	if err := os.WriteFile(applied, before, 0o644); err != nil {
		t.Fatal(err)
	}
	git := exec.Command("git", "apply", "-p1", "-")
	git.Dir, git.Stdin = filepath.Dir(applied), strings.NewReader(got.Result.Diff)
	if msg, err := git.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v: %s", err, msg)
	}
	// --write writes the same
	code, textOut, errOut := runCLI(t, append(args, "--write")...)
	if code != 0 {
		t.Fatalf("tune --write: exit %d: %s", code, errOut)
	}
	written, err := os.ReadFile(h.planPath)
	if err != nil {
		t.Fatal(err)
	}
	patched, _ := os.ReadFile(applied)
	if string(written) != string(patched) {
		t.Fatalf("--write wrote other text than the diff gives")
	}
	for _, want := range []string{"DETECTOR", "pool-dusd-borrow", "amount > " + out1.Suggested + " dusd", "+++ b/plan.yaml", "never match this detector"} {
		if !strings.Contains(textOut, want) {
			t.Errorf("text output lacks %q:\n%s", want, textOut)
		}
	}
	if code, out, errOut := runCLI(t, "plan", "check", h.planPath); code != 0 {
		t.Fatalf("plan check of the tuned plan: %d %s %s", code, out, errOut)
	}
	// the tuned plan's backtest keeps the exploit and drops the benign
	start = time.Now()
	code, out, errOut = runCLI(t, "backtest", "--plan", h.planPath, "--from", itoa(h.from), "--to", itoa(h.to), "--labels", labels, "--json")
	if code != 0 {
		t.Fatalf("backtest: %d %s", code, errOut)
	}
	backtestTook := time.Since(start)
	t.Logf("over %d blocks: tune %s, one backtest %s (%.1f×: tune replays the range three times)",
		h.to-h.from+1, tuneTook.Round(time.Millisecond), backtestTook.Round(time.Millisecond), tuneTook.Seconds()/backtestTook.Seconds())
	var bt struct {
		Alerts []struct {
			Detector    string `json:"detector"`
			TxHash      string `json:"tx_hash"`
			BlockNumber uint64 `json:"block_number"`
		} `json:"alerts"`
	}
	if err := json.Unmarshal([]byte(out), &bt); err != nil {
		t.Fatal(err)
	}
	borrowed, fell := 0, false
	for _, a := range bt.Alerts {
		switch a.Detector {
		case "pool-dusd-falling":
			fell = fell || a.BlockNumber == h.attack.Block
		case "pool-dusd-borrow":
			borrowed++
			if !strings.EqualFold(a.TxHash, h.attack.Tx.Hex()) {
				t.Errorf("tuned pool-dusd-borrow alerts on %s, not the exploit", a.TxHash)
			}
		case "pool-dusd-withdraw":
			t.Errorf("tuned pool-dusd-withdraw still alerts on %s", a.TxHash)
		}
	}
	if !fell {
		t.Errorf("tuned pool-dusd-falling no longer alerts at the exploit's block %d", h.attack.Block)
	}
	if borrowed != 1 {
		t.Errorf("tuned pool-dusd-borrow: %d alerts, want the exploit's", borrowed)
	}

	// too few samples: no suggestion, and why
	code, out, errOut = runCLI(t, "tune", "--plan", h.planPath, "--from", itoa(h.from), "--to", itoa(h.to),
		"--detector", "pool-dusd-withdraw", "--min-samples", "100000", "--json")
	if code != 0 {
		t.Fatalf("tune: %d %s", code, errOut)
	}
	got.Result = tune.Result{}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if s := got.Result.Suggestions; len(s) != 1 || s[0].Suggested != "" || !strings.Contains(s[0].Reason, "too few samples") || got.Result.Diff != "" {
		t.Errorf("too few samples: %+v", got.Result)
	}
}

// borrows reads, from the receipts of the range, the largest dUSD
// borrowed from the pool by a benign transaction, and the exploit's.
func borrows(t testing.TB, h *tuneHistory) (benignMax, attack *big.Rat) {
	t.Helper()
	ctx := context.Background()
	d := h.dn.Deployment()
	topic := crypto.Keccak256Hash([]byte("Borrow(address,uint256,uint256)"))
	borrowed := func(r *types.Receipt) *big.Int {
		sum := new(big.Int)
		for _, l := range r.Logs {
			if l.Address == d.Pool && len(l.Topics) == 2 && l.Topics[0] == topic && len(l.Data) == 64 {
				sum.Add(sum, new(big.Int).SetBytes(l.Data[:32]))
			}
		}
		return sum
	}
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	best := new(big.Int)
	for n := h.from; n <= h.to; n++ {
		b, err := h.dn.Client().BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range b.Transactions() {
			r, err := h.dn.Client().TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				t.Fatal(err)
			}
			o := borrowed(r)
			if tx.Hash() == h.attack.Tx {
				attack = new(big.Rat).SetFrac(o, unit)
				continue
			}
			if o.Cmp(best) > 0 {
				best = o
			}
		}
	}
	if attack == nil || attack.Sign() == 0 {
		t.Fatal("no borrow of the exploit in the range")
	}
	return new(big.Rat).SetFrac(best, unit), attack
}

func ratOf(t testing.TB, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("not a number: %q", s)
	}
	return r
}

// TestTuneBadInput: every mistake is refused before any block is read,
// with what to do instead.
func TestTuneBadInput(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join("..", "..", "examples", "lending", "plan.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	src, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(strings.Replace(string(src), "\ndetectors:\n", "\ndetectors:\n  - name: broken\n    kind: evnt\n    severity: high\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	abi, err := filepath.Abs(filepath.Join("..", "..", "examples", "lending", "abi"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abi, filepath.Join(dir, "abi")); err != nil {
		t.Fatal(err)
	}
	kindLine := strings.Count(string(src[:strings.Index(string(src), "\ndetectors:\n")]), "\n") + 4
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown detector", []string{"--plan", good, "--from", "1", "--to", "2", "--detector", "pool-drained-typo"}, `--detector "pool-drained-typo" is not a detector of the plan`},
		{"from after to", []string{"--plan", good, "--from", "10", "--to", "2"}, "--to 2 is before --from 10: an empty range"},
		{"percentile zero", []string{"--plan", good, "--from", "1", "--to", "2", "--percentile", "0"}, "--percentile 0: want more than 0 and at most 100"},
		{"percentile above 100", []string{"--plan", good, "--from", "1", "--to", "2", "--percentile", "100.5"}, "--percentile 100.5"},
		{"margin below 1", []string{"--plan", good, "--from", "1", "--to", "2", "--margin", "0.5"}, "--margin 0.5: want at least 1"},
		{"no range", []string{"--plan", good}, "--from and --to are required"},
		{"negative cache", []string{"--plan", good, "--from", "1", "--to", "2", "--cache-mb", "-1"}, "--cache-mb -1: want 0 (keep nothing) to 1073741824"},
		{"plan error", []string{"--plan", bad, "--from", "1", "--to", "2"}, "bad.yaml:"},
		{"plan error names line and column", []string{"--plan", bad, "--from", "1", "--to", "2"}, fmt.Sprintf("bad.yaml:%d:11: detectors[0].kind: unknown detector kind", kindLine)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, append([]string{"tune"}, tc.args...)...)
			if code == 0 || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %q", code, errOut, tc.want)
			}
		})
	}
}

// TestTuneTextGolden: the text form of a tuning (table, notes, diff).
func TestTuneTextGolden(t *testing.T) {
	res := &tune.Result{Network: "mainnet", From: 100, To: 400, Percentile: 99.9, Margin: 1.2, Labelled: true,
		Suggestions: []tune.Suggestion{
			{Detector: "pool-dusd-borrow", Field: "condition", Line: 107, Col: 25, Fires: "above", Unit: "dusd", Current: "1", Suggested: "600",
				Stats: tune.Stats{Count: 90, Min: "1.9527", Median: "183.106", P99: "500", Max: "689850.3268"}, AlertsCurrent: 90, AlertsSuggested: 1,
				Notes: []string{"p99.9 × 1.2 would silence a labelled attack (689850.3268): kept under it"}},
			{Detector: "amm-quiet", Field: "holds", Line: 120, Col: 60, Fires: "below", Unit: "", Current: "-5",
				Stats: tune.Stats{Count: 3, Min: "-1", Median: "0", P99: "2", Max: "2"}, Reason: "too few samples: 3 match(es) in blocks 100..400 apart from the threshold, 10 needed (--min-samples)", AlertsCurrent: 0, AlertsSuggested: 0},
		},
		Skipped: []tune.Skip{{Detector: "pool-reentrancy", Reason: "it has no condition"}},
		Diff:    "--- a/plan.yaml\n+++ b/plan.yaml\n@@ -107 +107 @@\n-    condition: amount > 1 dusd\n+    condition: amount > 600 dusd\n",
	}
	var b strings.Builder
	if err := writeTuneText(&b, res); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "tune.golden")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (UPDATE_GOLDEN=1 writes it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("text output:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestPlanDiffLessonsTunesAgainstIncident: an incident whose alert is the
// oracle exploit has a post-mortem item asking to tune the borrow detector
// against it; plan diff --lessons tunes it over the incident's history
// with the incident's transaction as the attack to keep, writes the
// threshold with the item's reference above it, and once that plan is
// loaded the lesson is no longer pending.
func TestPlanDiffLessonsTunesAgainstIncident(t *testing.T) {
	h := newTuneHistory(t, 200)
	ctx := context.Background()
	p, err := plan.Load(h.planPath)
	if err != nil {
		t.Fatal(err)
	}
	a, dsn := sqliteApp(t, p, h.dir)
	s := a.Store
	var id string
	err = s.Tx(ctx, func(tx store.Tx) error {
		al := storetest.Alert(h.attack.Block, 0, "pool-dusd-borrow")
		al.Network, al.TxHash = "devnet", h.attack.Tx.Hex()
		stored, _, err := tx.InsertAlert(ctx, al)
		if err != nil {
			return err
		}
		out, err := a.Incidents.Ingest(ctx, tx, []store.Alert{stored})
		if err != nil {
			return err
		}
		id = out[0].IncidentID
		_, err = report.Edit(ctx, tx, a.Incidents, id, p.People[0].Name, "pm.yaml", []byte(`action_items:
  - title: Only borrows out of the ordinary
    owner: bob
    deadline: 2026-12-31
    plan_change: tune pool-dusd-borrow against this exploit
    plan_patch: [{detector: pool-dusd-borrow, tune: true}, {detector: pool-dusd-falling, tune: true}]
  - {title: Audit the oracle, owner: carol, deadline: 2026-12-31, plan_change: a price-deviation detector}
`), time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// plan diff A B keeps its meaning: nothing stored yet
	if code, _, errOut := runCLI(t, "plan", "diff", "1", "2", "--db", dsn); code == 0 || !strings.Contains(errOut, "no plan version is stored yet") {
		t.Fatalf("plan diff A B: %d %s", code, errOut)
	}
	code, out, errOut := runCLI(t, "plan", "diff", "--lessons", "--plan", h.planPath, "--db", dsn, "--history", "250", "--json")
	if code != 0 {
		t.Fatalf("plan diff --lessons: %d %s", code, errOut)
	}
	var got struct {
		Proposal report.Proposal `json:"proposal"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	benignMax, attack := borrows(t, h)
	ref := report.LessonRef(id, "A1")
	prop := got.Proposal
	if len(prop.Changes) != 2 || prop.Changes[0].Ref != ref || prop.Changes[0].Old != "1" || prop.Changes[0].Field != "condition" {
		t.Fatalf("proposal: %+v (untuned %v)", prop, prop.Untuned)
	}
	// the balance detector's drop, a field, tuned too
	if c := prop.Changes[1]; c.Detector != "pool-dusd-falling" || c.Field != "balance.drop" || c.Old != "1%" || !strings.HasSuffix(c.New, "%") ||
		!strings.Contains(prop.Diff, "+    balance: {token: dusd, drop: "+c.New+", window: 1}\n") {
		t.Errorf("balance drop change: %+v\n%s", c, prop.Diff)
	}
	if v := ratOf(t, prop.Changes[0].New); v.Cmp(benignMax) <= 0 || v.Cmp(attack) >= 0 {
		t.Errorf("tuned to %s dusd, want between the largest benign borrow %s and the exploit's %s", prop.Changes[0].New, benignMax.FloatString(2), attack.FloatString(2))
	}
	if !strings.Contains(prop.Diff, "+    # "+ref+": tune pool-dusd-borrow against this exploit\n") ||
		!strings.Contains(prop.Diff, "+    condition: amount > "+prop.Changes[0].New+" dusd && collateralValue > 0\n") {
		t.Errorf("diff:\n%s", prop.Diff)
	}
	if len(prop.Words) != 1 || prop.Words[0].Item.ID != "A2" {
		t.Errorf("lessons in words: %+v", prop.Words)
	}
	// --write, plan check, then the daemon loads it: no longer pending
	if code, _, errOut := runCLI(t, "plan", "diff", "--lessons", "--plan", h.planPath, "--db", dsn, "--history", "250", "--incident", id, "--write"); code != 0 {
		t.Fatalf("--write: %d %s", code, errOut)
	}
	if code, out, errOut := runCLI(t, "plan", "check", h.planPath); code != 0 {
		t.Fatalf("plan check: %s %s", out, errOut)
	}
	written, err := plan.Load(h.planPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.SavePlanVersion(ctx, store.PlanVersion{Hash: written.Hash, Content: written.Source})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, "postmortem", "lessons", "--pending", "--db", dsn)
	if code != 0 || strings.Contains(out, ref) || !strings.Contains(out, report.LessonRef(id, "A2")) {
		t.Fatalf("lessons --pending after the patched plan: %d %s %s", code, out, errOut)
	}
	// an unknown incident is refused
	if code, _, errOut := runCLI(t, "plan", "diff", "--lessons", "--plan", h.planPath, "--db", dsn, "--incident", "INC-1999-0001"); code == 0 || !strings.Contains(errOut, "INC-1999-0001") {
		t.Fatalf("unknown incident: %d %s", code, errOut)
	}
}

// benchTune builds a devnet history of 300 blocks of benign traffic and
// the oracle exploit, and the tune config of its noisy detectors.
func benchTune(b *testing.B) (*tuneHistory, *chain.Client, tune.Config) {
	h := newTuneHistory(b, 300)
	p, err := plan.Load(h.planPath)
	if err != nil {
		b.Fatal(err)
	}
	cc, err := chain.ConfigFor(p.Networks[0])
	if err != nil {
		b.Fatal(err)
	}
	client, err := chain.Dial(context.Background(), cc, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(client.Close)
	return h, client, tune.Config{Plan: p, Network: p.Networks[0].Name, From: h.from, To: h.to,
		Detectors: []string{"pool-dusd-borrow", "pool-dusd-withdraw", "pool-dusd-unusual", "pool-loan-drain", "pool-dusd-falling"}}
}

// BenchmarkTune is tune over ~300 devnet blocks (five detectors: a probed
// replay, then the current and the tuned plan's); BenchmarkTuneBaseline
// is one backtest of the same plan over the same blocks, for the ratio.
func BenchmarkTune(b *testing.B) {
	_, client, c := benchTune(b)
	for b.Loop() {
		if _, err := tune.Run(context.Background(), client, c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(c.To-c.From+1), "blocks")
}

func BenchmarkTuneBaseline(b *testing.B) {
	_, client, c := benchTune(b)
	eng, err := detect.Compile(c.Plan, detect.ForNetwork(c.Network))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := pipeline.Backtest(context.Background(), client, eng, c.Network, c.From, c.To, 8, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(c.To-c.From+1), "blocks")
}

// TestTuneFetchesEachBlockOnce: tune's three replays share one fetch of
// each block (--cache-mb, on by default): through a counting JSON-RPC
// proxy, each block of the range is fetched once, against three times with
// --cache-mb 0, and the output is the same byte for byte; a budget that
// keeps part of the range fetches the rest each replay, with the same
// output again.
func TestTuneFetchesEachBlockOnce(t *testing.T) {
	h := newTuneHistory(t, 120)
	rpc := devnettest.CountRPC(t, h.dn.HTTPURL())
	src, err := os.ReadFile(h.planPath)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(strings.ReplaceAll(string(src), h.dn.WSURL(), rpc.URL), h.dn.HTTPURL(), rpc.URL+"/")
	if !strings.Contains(text, rpc.URL) || strings.Contains(text, h.dn.HTTPURL()+"\"") || strings.Contains(text, h.dn.WSURL()) {
		t.Fatalf("the plan's endpoints are not the proxy's:\n%s", text)
	}
	if err := os.WriteFile(h.planPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	labels := filepath.Join(h.dir, "labels.yaml")
	if err := os.WriteFile(labels, []byte("bad: ["+h.attack.Tx.Hex()+"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"tune", "--plan", h.planPath, "--from", itoa(h.from), "--to", itoa(h.to), "--labels", labels, "--json",
		"--detector", "pool-dusd-borrow", "--detector", "pool-dusd-withdraw", "--detector", "pool-dusd-unusual", "--detector", "pool-loan-drain", "--detector", "pool-dusd-falling"}
	tuneVia := func(extra ...string) (string, map[string]int, map[string]int) {
		t.Helper()
		rpc.Reset()
		code, out, errOut := runCLI(t, append(slices.Clone(args), extra...)...)
		if code != 0 {
			t.Fatalf("tune %v: exit %d: %s", extra, code, errOut)
		}
		return out, rpc.Blocks(), rpc.Methods()
	}
	blocks := int(h.to - h.from + 1)
	inRange := func(blocks map[string]int) map[string]int {
		out := map[string]int{}
		for n, c := range blocks {
			if v, err := hexutil.DecodeUint64(n); err == nil && v >= h.from && v <= h.to {
				out[n] = c
			}
		}
		return out
	}
	plain, plainBlocks, plainCalls := tuneVia("--cache-mb", "0")
	cached, cachedBlocks, cachedCalls := tuneVia()
	var res struct {
		Result tune.Result `json:"result"`
	}
	if err := json.Unmarshal([]byte(plain), &res); err != nil {
		t.Fatal(err)
	}
	if res.Result.Diff == "" || len(res.Result.Suggestions) != 5 {
		t.Fatalf("no diff, or not five suggestions: the tuned plan's replay did not run:\n%s", plain)
	}
	if cached != plain {
		t.Errorf("tune's output with the cache differs from without:\n%s\nwant\n%s", cached, plain)
	}
	for name, c := range map[string]struct {
		blocks map[string]int
		times  int
	}{"--cache-mb 0": {plainBlocks, 3}, "the cache": {cachedBlocks, 1}} {
		got := inRange(c.blocks)
		if len(got) != blocks {
			t.Errorf("with %s: %d blocks of %d fetched", name, len(got), blocks)
		}
		for n, times := range got {
			if times != c.times {
				t.Errorf("with %s: block %s fetched %d times, want %d", name, n, times, c.times)
			}
		}
	}
	total := func(calls map[string]int) (n int) {
		for _, c := range calls {
			n += c
		}
		return n
	}
	t.Logf("%d blocks; JSON-RPC calls without the cache %d %v, with it %d %v", blocks, total(plainCalls), plainCalls, total(cachedCalls), cachedCalls)
	for _, m := range []string{"eth_getBlockReceipts", "eth_call", "eth_getBalance"} {
		if cachedCalls[m] == 0 || 2*cachedCalls[m] > plainCalls[m] {
			t.Errorf("%s: %d calls with the cache, %d without: want at most half", m, cachedCalls[m], plainCalls[m])
		}
	}

	// a budget that keeps part of the range (the cache's estimate of a
	// devnet block is a few kB)
	small, smallBlocks, _ := tuneVia("--cache-mb", "1")
	once, thrice := 0, 0
	for _, times := range inRange(smallBlocks) {
		switch times {
		case 1:
			once++
		case 3:
			thrice++
		}
	}
	t.Logf("--cache-mb 1: %d blocks fetched once, %d three times", once, thrice)
	if once == 0 || once+thrice != blocks {
		t.Errorf("--cache-mb 1: %d blocks fetched once, %d three times, of %d: want each kept (once) or not (three times), some kept", once, thrice, blocks)
	}
	if small != plain {
		t.Errorf("tune's output with --cache-mb 1 differs from without the cache")
	}
}
