package daemon_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// poolEvents are the LendingPool events benign traffic emits, with the
// field each carries an amount in.
var poolEvents = []string{
	"DepositETH(address indexed user, uint256 amount)",
	"WithdrawETH(address indexed user, uint256 amount)",
	"Deposit(address indexed user, uint256 amount)",
	"Withdraw(address indexed user, uint256 amount)",
	"DepositCollateral(address indexed user, uint256 amount)",
	"WithdrawCollateral(address indexed user, uint256 amount)",
	"Borrow(address indexed user, uint256 amount, uint256 collateralValue)",
	"Repay(address indexed user, uint256 amount)",
}

// watchDetectors adds n low-severity event detectors with conditions on
// the pool's events to the plan text, so that matching and evaluation run
// at the scale of a real plan (the devnet's 10 plus 90 make 100).
func watchDetectors(planText string, n int) string {
	var extra strings.Builder
	for i := range n {
		ev := poolEvents[i%len(poolEvents)]
		fmt.Fprintf(&extra, "  - {name: watch-%d, kind: event, contract: pool, signature: %q, condition: \"amount > %d ether\", severity: low}\n", i, ev, 1_000_000+i)
	}
	return strings.Replace(planText, "\ndetectors:\n", "\ndetectors:\n"+extra.String(), 1)
}

// TestBenignTraffic plays 500 blocks of benign traffic (deposits, swaps,
// borrows, repays, withdrawals) and runs the daemon over them with the
// devnet's plan plus 90 more detectors (100 in all): no critical alert may
// fire, and the time from a block's arrival to its alerts stored is
// measured over every block.
func TestBenignTraffic(t *testing.T) {
	dn := devnettest.Start(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := devnettest.WritePlan(t, dn, dir, func(src string) string { return watchDetectors(src, 90) })
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Detectors) != 100 {
		t.Fatalf("%d detectors, want 100", len(p.Detectors))
	}

	first, _ := dn.Client().BlockNumber(ctx)
	const blocks = 500
	st := devnettest.Benign(t, dn, 200, blocks, 3*time.Minute)
	if st.Reverted > 0 {
		t.Fatalf("benign traffic reverted %d times", st.Reverted)
	}
	head, _ := dn.Client().BlockNumber(ctx)

	s := storetest.SQLite(t, store.Options{})
	obs := &latencies{}
	began := time.Now()
	stop := start(t, p, s, obs)
	waitFor(t, "catch-up", 3*time.Minute, func() bool {
		c, err := s.Cursor(ctx, "devnet")
		return err == nil && c.BlockNumber >= head
	})
	caught := time.Since(began)
	stop()

	as, err := s.Alerts(ctx, store.AlertFilter{Network: "devnet"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Severity == "critical" {
			t.Errorf("critical alert on benign traffic: %s at block %d: %s", a.Detector, a.BlockNumber, a.Summary)
		}
	}
	obs.mu.Lock()
	took := slices.Clone(obs.took)
	obs.mu.Unlock()
	slices.Sort(took)
	p99 := took[len(took)*99/100]
	t.Logf("%d benign txs over blocks %d..%d (%v ops); 100 detectors; caught up %d blocks in %s (%.0f blocks/s); %d alerts, none critical; block arrival → alerts stored: p50 %s, p99 %s, max %s",
		st.Sent, first, head, st.Ops, len(took), caught.Round(time.Millisecond), float64(len(took))/caught.Seconds(), len(as), took[len(took)/2], p99, took[len(took)-1])
	if len(took) < blocks {
		t.Errorf("processed %d blocks, want at least %d", len(took), blocks)
	}
}
