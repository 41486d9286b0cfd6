package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

func TestBacktest(t *testing.T) {
	dn := devnettest.Start(t)
	planPath := devnettest.WritePlan(t, dn, t.TempDir(), nil)
	res, err := dn.RunScenario(context.Background(), "access")
	if err != nil {
		t.Fatal(err)
	}
	from := dn.Deployment().Block
	code, out, errOut := runCLI(t, "backtest", "--plan", planPath, "--from", itoa(from), "--to", itoa(res.Block), "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Alerts []struct {
			Detector    string `json:"detector"`
			Severity    string `json:"severity"`
			BlockNumber uint64 `json:"block_number"`
		} `json:"alerts"`
		Counts map[string]int `json:"counts"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range got.Alerts {
		if a.Severity == "critical" && a.BlockNumber != res.Block {
			t.Errorf("critical alert %s outside the exploit block: %d", a.Detector, a.BlockNumber)
		}
		found = found || (a.Detector == "pool-reserves-migrated" && a.BlockNumber == res.Block)
	}
	if !found || got.Counts["pool-reserves-migrated"] == 0 {
		t.Fatalf("the access exploit at block %d was not found: %+v", res.Block, got)
	}
	if _, ok := got.Counts["pool-reentrancy"]; !ok {
		t.Error("counts must list every detector, even with zero alerts")
	}
	// The text form has the per-detector table.
	code, out, _ = runCLI(t, "backtest", "--plan", planPath, "--from", itoa(from), "--to", itoa(res.Block))
	if code != 0 || !strings.Contains(out, "DETECTOR") || !strings.Contains(out, "pool-reserves-migrated") {
		t.Fatalf("text output: %d %s", code, out)
	}
	for _, bad := range [][]string{
		{"backtest", "--plan", planPath, "--from", "5"},
		{"backtest", "--plan", planPath, "--from", "9", "--to", "3"},
		{"backtest", "--from", "1", "--to", "2"},
		{"backtest", "--plan", planPath, "--from", "1", "--to", "2", "--network", "mainnet"},
	} {
		if code, _, errOut := runCLI(t, bad...); code == 0 || !strings.HasPrefix(errOut, "breakglass: ") {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errOut)
		}
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
