package daemon_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// The daemon's resident memory with rssNetworks networks and rssContracts
// contracts watched (issue 17: at most rssLimitMB).
const (
	rssNetworks  = 5
	rssContracts = 500
	rssLimitMB   = 150
)

// TestDaemonRSS measures the resident memory of a daemon following
// rssNetworks networks with rssContracts contracts watched, in a process of
// its own (this test binary re-executed, so that the devnet's memory is not
// counted): a plan generated here gives each network (all five on one
// devnet with benign traffic, each followed on its own) the demo protocol's
// five contracts and detectors and 95 more contracts with an event detector
// each. Once every network has committed BREAKGLASS_RSS_BLOCKS blocks (60
// by default), it samples the child's VmRSS for 5 s, reads its peak
// (VmHWM) and Go's memory statistics, writes its heap profile (to
// BREAKGLASS_RSS_PROFILE, else a temporary file: go tool pprof -top FILE),
// and fails when the resident memory is above rssLimitMB. Set
// BREAKGLASS_RSS=1 to run it (about a minute).
func TestDaemonRSS(t *testing.T) {
	if os.Getenv("BREAKGLASS_RSS") == "" {
		t.Skip("set BREAKGLASS_RSS=1 to measure the daemon's resident memory (5 networks, 500 contracts)")
	}
	blocks := 60
	if v := os.Getenv("BREAKGLASS_RSS_BLOCKS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("BREAKGLASS_RSS_BLOCKS=%q: want a positive number of blocks", v)
		}
		blocks = n
	}
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: 500 * time.Millisecond, BenignRate: 20})
	dir := t.TempDir()
	if err := dn.WritePlan(filepath.Join(dir, "devnet.yaml")); err != nil { // the ABI files
		t.Fatal(err)
	}
	planPath := filepath.Join(dir, "rss.yaml")
	if err := os.WriteFile(planPath, []byte(rssPlan(dn)), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(planPath)
	if err != nil {
		t.Fatalf("the generated plan: %v", err)
	}
	if len(p.Networks) != rssNetworks || len(p.Contracts) != rssContracts {
		t.Fatalf("the generated plan has %d networks and %d contracts, want %d and %d", len(p.Networks), len(p.Contracts), rssNetworks, rssContracts)
	}

	heap := filepath.Join(dir, "heap.pprof")
	if v := os.Getenv("BREAKGLASS_RSS_PROFILE"); v != "" {
		heap = v
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BG_RSS_CHILD=1", "BG_PLAN="+planPath,
		"BG_DB="+filepath.Join(dir, "rss.db"), "BG_HEAP="+heap)
	logPath := filepath.Join(dir, "child.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	var (
		mu        sync.Mutex
		committed = map[string]int{}
		memLine   = make(chan string, 1)
	)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case len(f) == 2 && f[0] == "committed":
				mu.Lock()
				committed[f[1]]++
				mu.Unlock()
			case len(f) > 0 && f[0] == "mem":
				memLine <- sc.Text()
			}
		}
		exited <- cmd.Wait()
	}()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("daemon log (last lines):\n%s", tail(logPath))
		}
	}()

	start := time.Now()
	deadline := start.Add(3 * time.Minute)
	for {
		mu.Lock()
		least := -1
		for _, n := range p.Networks {
			if c := committed[n.Name]; least < 0 || c < least {
				least = c
			}
		}
		mu.Unlock()
		if least >= blocks {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the daemon exited: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s, the least followed network committed %d blocks, want %d", time.Since(start).Round(time.Second), least, blocks)
		}
	}
	t.Logf("every network committed %d blocks after %s", blocks, time.Since(start).Round(time.Second))

	var peakRSS, lastRSS int64
	for i := 0; i < 10; i++ {
		st := procStatus(t, cmd.Process.Pid)
		lastRSS = st["VmRSS"]
		peakRSS = max(peakRSS, lastRSS)
		time.Sleep(500 * time.Millisecond)
	}
	st := procStatus(t, cmd.Process.Pid)
	hwm := st["VmHWM"]
	if err := cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	var mem string
	select {
	case mem = <-memLine:
	case <-time.After(30 * time.Second):
		t.Fatal("the daemon did not tell its memory statistics")
	}
	mb := func(kb int64) string { return fmt.Sprintf("%.1f MB", float64(kb)/1024) }
	t.Logf("daemon RSS with %d networks, %d contracts, %d detectors: %s (highest of 10 samples over 5 s; last %s; peak VmHWM %s)",
		len(p.Networks), len(p.Contracts), len(p.Detectors), mb(peakRSS), mb(lastRSS), mb(hwm))
	t.Logf("resident: anonymous %s, file-backed %s (mostly the binary's pages), shared %s", mb(st["RssAnon"]), mb(st["RssFile"]), mb(st["RssShmem"]))
	t.Logf("Go runtime: %s", strings.TrimPrefix(mem, "mem "))
	t.Logf("heap profile: go tool pprof -sample_index=inuse_space -top %s", heap)
	if peakRSS > rssLimitMB*1024 {
		t.Errorf("daemon RSS %s, want at most %d MB", mb(peakRSS), rssLimitMB)
	}
}

// rssPlan is a plan with rssNetworks networks on dn, each with the demo
// protocol's contracts and detectors, and contracts with an event detector
// each up to rssContracts/rssNetworks contracts per network.
func rssPlan(dn *devnet.Devnet) string {
	d := dn.Deployment()
	var b strings.Builder
	fmt.Fprintf(&b, "version: 1\nname: rss\n\nnetworks:\n")
	for k := 1; k <= rssNetworks; k++ {
		fmt.Fprintf(&b, "  - name: net%d\n    chain_id: %d\n    rpc: [%q, %q]\n    confirmations: 0\n    poll_interval: 1s\n",
			k, devnet.ChainID, dn.WSURL(), dn.HTTPURL())
	}
	b.WriteString("\ncontracts:\n")
	contract := func(name string, k int, addr common.Address, abiFile string) {
		fmt.Fprintf(&b, "  - name: %s\n    network: net%d\n    address: %q\n    abi: abi/%s\n    start_block: %d\n",
			name, k, addr.Hex(), abiFile, d.Block)
	}
	perNet := rssContracts / rssNetworks
	for k := 1; k <= rssNetworks; k++ {
		contract(fmt.Sprintf("pool-%d", k), k, d.Pool, "LendingPool.json")
		contract(fmt.Sprintf("dusd-%d", k), k, d.Stable, "StableToken.json")
		contract(fmt.Sprintf("dcol-%d", k), k, d.Collateral, "CollateralToken.json")
		contract(fmt.Sprintf("amm-%d", k), k, d.AMM, "SimpleAMM.json")
		contract(fmt.Sprintf("lender-%d", k), k, d.FlashLender, "FlashLender.json")
		for i := 5; i < perNet; i++ {
			// a lending market of its own (no code at this address on the
			// devnet: its events never come, its detector waits)
			contract(fmt.Sprintf("market-%d-%d", k, i), k, common.BigToAddress(big.NewInt(int64(0xc0de0000+k*1000+i))), "LendingPool.json")
		}
	}
	b.WriteString(`
people:
  - {name: alice, contacts: {email: alice@example.org}}
  - {name: bob, contacts: {email: bob@example.org}}
roles:
  incident_commander: {primary: alice, backups: [bob]}
  technical_lead: {primary: bob}
severities:
  - {name: critical, page: [incident_commander, technical_lead]}
  - {name: high, page: [incident_commander]}

detectors:
`)
	for k := 1; k <= rssNetworks; k++ {
		fmt.Fprintf(&b, `  - {name: reentrancy-%[1]d, kind: heuristic, heuristic: reentrancy, contract: pool-%[1]d, severity: critical, incident_type: exploit}
  - {name: flash-loan-outflow-%[1]d, kind: heuristic, heuristic: flash-loan-outflow, contract: pool-%[1]d, severity: critical, incident_type: exploit}
  - name: pool-eth-drained-%[1]d
    kind: balance
    contract: pool-%[1]d
    balance: {token: native, drop: 50%%, window: 1}
    severity: high
  - name: pool-dusd-drained-%[1]d
    kind: balance
    contract: pool-%[1]d
    balance: {token: dusd-%[1]d, drop: 50%%, window: 1}
    severity: high
  - {name: large-borrow-%[1]d, kind: event, contract: pool-%[1]d, signature: "Borrow(address indexed user, uint256 amount, uint256 collateralValue)", condition: "amount > 100000 ether", severity: critical}
  - {name: reserves-migrated-%[1]d, kind: event, contract: pool-%[1]d, signature: "ReservesMigrated(address indexed token, address indexed to, uint256 amount, address indexed caller)", severity: critical}
  - {name: large-mint-%[1]d, kind: event, contract: dusd-%[1]d, signature: "Transfer(address indexed from, address indexed to, uint256 value)", condition: "from == 0x0000000000000000000000000000000000000000 && value > 1000000 ether", severity: critical}
  - name: insolvent-%[1]d
    kind: invariant
    contract: pool-%[1]d
    reads:
      solvent: {contract: pool-%[1]d, call: isSolvent()}
    holds: solvent
    severity: critical
`, k)
		for i := 5; i < perNet; i++ {
			fmt.Fprintf(&b, "  - {name: market-borrow-%[1]d-%[2]d, kind: event, contract: market-%[1]d-%[2]d, signature: \"Borrow(address indexed user, uint256 amount, uint256 collateralValue)\", condition: \"amount > 5%% of 2000000 ether\", severity: high}\n", k, i)
		}
	}
	fmt.Fprintf(&b, "  - {name: privileged-change, kind: heuristic, heuristic: privileged-change, params: {allowed: [%q]}, condition: 'event != \"Unpaused\"', severity: critical}\n", d.Deployer.Hex())
	return b.String()
}

// procStatus reads the kB fields of /proc/PID/status.
func procStatus(t *testing.T, pid int) map[string]int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("read the daemon's memory: %v", err)
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		f := strings.Fields(v)
		if !ok || len(f) != 2 || f[1] != "kB" {
			continue
		}
		if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
			out[k] = n
		}
	}
	return out
}

// networkPrinter tells the parent test, on stdout, each block committed:
// "committed NETWORK".
type networkPrinter struct{}

func (networkPrinter) Committed(b pipeline.Batch, _ time.Duration) {
	if b.Block != nil {
		fmt.Printf("committed %s\n", b.Block.Network)
	}
}

// rssChild is TestDaemonRSS's daemon: the plan BG_PLAN, the SQLite store
// BG_DB; on SIGUSR1 it prints Go's memory statistics ("mem ...") and
// writes its heap profile to BG_HEAP.
func rssChild() error {
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer cancel()
	p, err := plan.Load(os.Getenv("BG_PLAN"))
	if err != nil {
		return err
	}
	s, err := sqlite.Open(ctx, os.Getenv("BG_DB"), store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	go func() {
		for range usr1 {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mb := func(b uint64) string { return fmt.Sprintf("%.1fMB", float64(b)/(1<<20)) }
			if f, err := os.Create(os.Getenv("BG_HEAP")); err == nil {
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
			fmt.Printf("mem heap_inuse=%s heap_idle=%s heap_released=%s stack_inuse=%s sys=%s gc_sys=%s other_sys=%s goroutines=%d gc=%d\n",
				mb(m.HeapInuse), mb(m.HeapIdle), mb(m.HeapReleased), mb(m.StackInuse), mb(m.Sys), mb(m.GCSys), mb(m.OtherSys),
				runtime.NumGoroutine(), m.NumGC)
		}
	}()
	d, err := daemon.New(daemon.Config{
		Plan: p, Store: s, Listen: "off",
		Log:      slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Observer: networkPrinter{},
	})
	if err != nil {
		return err
	}
	return d.Run(ctx)
}
