package daemon_test

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/postgres"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestMain runs the daemons of TestHotStandbyFailover and TestDaemonRSS as
// child processes when asked to.
func TestMain(m *testing.M) {
	for env, child := range map[string]func() error{"BG_STANDBY_CHILD": standbyChild, "BG_RSS_CHILD": rssChild} {
		if os.Getenv(env) == "" {
			continue
		}
		if err := child(); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		return
	}
	os.Exit(m.Run())
}

// commitPrinter tells the parent test, on stdout, each block this process
// committed: "committed NUMBER UNIXNANO".
type commitPrinter struct{}

func (commitPrinter) Committed(b pipeline.Batch, _ time.Duration) {
	if b.Block != nil {
		fmt.Printf("committed %d %d\n", b.Block.Number(), time.Now().UnixNano())
	}
}

// standbyChild is one daemon of the fleet: the plan BG_PLAN, the
// PostgreSQL store BG_DB, the identity BG_ID, and its clock off by BG_SKEW
// (in its leases, outbox claims and records alike).
func standbyChild() error {
	ctx := context.Background()
	p, err := plan.Load(os.Getenv("BG_PLAN"))
	if err != nil {
		return err
	}
	var skew time.Duration
	if v := os.Getenv("BG_SKEW"); v != "" {
		if skew, err = time.ParseDuration(v); err != nil {
			return err
		}
	}
	now := func() time.Time { return time.Now().Add(skew) }
	s, err := postgres.Open(ctx, os.Getenv("BG_DB"), store.Options{Now: now})
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := daemon.New(daemon.Config{
		Plan: p, Store: s, Listen: "off", ID: os.Getenv("BG_ID"), Now: now,
		Log:      slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Observer: commitPrinter{}, OutboxPoll: 50 * time.Millisecond, Tick: 200 * time.Millisecond, HealthEvery: time.Second,
		Ready: func(string) { fmt.Println("ready") },
	})
	if err != nil {
		return err
	}
	return d.Run(ctx)
}

// commit is one block committed by one daemon of the fleet.
type commit struct {
	by    string
	block uint64
	at    time.Time
}

// fleet runs daemons as child processes (this test binary re-executed),
// so that a kill is a real SIGKILL.
type fleet struct {
	t   *testing.T
	dir string
	env []string

	mu      sync.Mutex
	commits []commit
	procs   map[string]*proc
}

type proc struct {
	id      string
	cmd     *exec.Cmd
	log     string
	ready   chan struct{}
	exited  chan struct{}
	started time.Time
}

func (f *fleet) start(id string, env ...string) *proc {
	f.t.Helper()
	p := &proc{id: id, ready: make(chan struct{}), exited: make(chan struct{}), started: time.Now(),
		log: filepath.Join(f.dir, fmt.Sprintf("%s-%d.log", id, time.Now().UnixNano()))}
	p.cmd = exec.Command(os.Args[0], "-test.run=^$")
	p.cmd.Env = append(append(os.Environ(), f.env...), append(env, "BG_STANDBY_CHILD=1", "BG_ID="+id)...)
	logf, err := os.Create(p.log)
	if err != nil {
		f.t.Fatal(err)
	}
	p.cmd.Stderr = logf
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		f.t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		f.t.Fatal(err)
	}
	logf.Close()
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			switch {
			case len(fs) == 1 && fs[0] == "ready":
				close(p.ready)
			case len(fs) == 3 && fs[0] == "committed":
				n, _ := strconv.ParseUint(fs[1], 10, 64)
				ns, _ := strconv.ParseInt(fs[2], 10, 64)
				f.mu.Lock()
				f.commits = append(f.commits, commit{by: id, block: n, at: time.Unix(0, ns)})
				f.mu.Unlock()
			}
		}
		p.cmd.Wait()
		close(p.exited)
	}()
	f.mu.Lock()
	f.procs[id] = p
	f.mu.Unlock()
	f.t.Cleanup(func() { p.cmd.Process.Kill(); <-p.exited })
	return p
}

// kill sends SIGKILL to the daemon id and waits for it to be gone.
func (f *fleet) kill(id string) time.Time {
	f.t.Helper()
	f.mu.Lock()
	p := f.procs[id]
	f.mu.Unlock()
	at := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		f.t.Fatalf("kill %s: %v", id, err)
	}
	<-p.exited
	return at
}

func (f *fleet) waitReady(p *proc) {
	f.t.Helper()
	select {
	case <-p.ready:
	case <-p.exited:
		f.t.Fatalf("daemon %s exited:\n%s", p.id, tail(p.log))
	case <-time.After(30 * time.Second):
		f.t.Fatalf("daemon %s did not start:\n%s", p.id, tail(p.log))
	}
}

// last returns the commit of the highest block heard of, and how many
// commits were heard of.
func (f *fleet) last() (commit, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var top commit
	for _, c := range f.commits {
		if c.block > top.block {
			top = c
		}
	}
	return top, len(f.commits)
}

func (f *fleet) allCommits() []commit {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.commits)
}

// waitCommits waits for n more commits than seen now.
func (f *fleet) waitCommits(n int, within time.Duration) {
	f.t.Helper()
	_, seen := f.last()
	waitFor(f.t, fmt.Sprintf("%d more commits", n), within, func() bool { _, c := f.last(); return c >= seen+n })
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-20):], "\n")
}

// window is one kill's blind window: from the dead daemon's last commit
// to the next commit of another daemon (or of the dead one restarted).
type window struct {
	victim, next string
	lastBlock    uint64 // the dead one's last commit
	blocks       uint64 // next commit's block − the dead one's last block
	took         time.Duration
	nextAt       time.Time     // when the next commit was made
	late         time.Duration // the next commit after its block arrived (0: not seen)
}

func blindWindow(commits []commit, victim string, killedAt time.Time) (window, bool) {
	var last *commit
	for i := range commits {
		if commits[i].by == victim && !commits[i].at.After(killedAt) {
			last = &commits[i]
		}
	}
	if last == nil {
		return window{}, false
	}
	for _, c := range commits {
		if c.at.After(last.at) && c.block > last.block && (c.by != victim || c.at.After(killedAt)) {
			return window{victim: victim, next: c.by, lastBlock: last.block, blocks: c.block - last.block, took: c.at.Sub(last.at), nextAt: c.at}, true
		}
	}
	return window{}, false
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pauseSel is the selector of pause().
var pauseSel = crypto.Keccak256([]byte("pause()"))[:4]

// pauseBlocks lists the block of each pause() call on the pool in
// [from, to].
func pauseBlocks(t *testing.T, ec *ethclient.Client, pool common.Address, from, to uint64) []uint64 {
	t.Helper()
	var out []uint64
	for b := from; b <= to; b++ {
		blk, err := ec.BlockByNumber(context.Background(), new(big.Int).SetUint64(b))
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range blk.Transactions() {
			if tx.To() != nil && *tx.To() == pool && bytes.HasPrefix(tx.Data(), pauseSel) {
				out = append(out, b)
			}
		}
	}
	return out
}

// exploit sends the attacker's migrateReserves of the pool's collateral
// (a critical detector of the devnet's plan, contained automatically).
func exploit(t *testing.T, dn *devnet.Devnet, ec *ethclient.Client) common.Hash {
	t.Helper()
	ctx := context.Background()
	k := dn.Keys().Attacker
	from := crypto.PubkeyToAddress(k.PublicKey)
	nonce, err := ec.PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	pool := dn.Deployment().Pool
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID: dn.ChainID(), Nonce: nonce, To: &pool, Gas: 300_000,
		Data:      bindings.NewLendingPool().PackMigrateReserves(dn.Deployment().Collateral, from),
		GasTipCap: big.NewInt(2 * params.GWei), GasFeeCap: big.NewInt(200 * params.GWei),
	}), types.LatestSignerForChainID(dn.ChainID()), k)
	if err != nil {
		t.Fatal(err)
	}
	if err := ec.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	return tx.Hash()
}

// minedReceipt returns the receipt of h, mined already.
func minedReceipt(t testing.TB, ctx context.Context, ec *ethclient.Client, h common.Hash) *types.Receipt {
	t.Helper()
	rc, err := ec.TransactionReceipt(ctx, h)
	if err != nil {
		t.Fatalf("receipt of %s: %v", h.Hex(), err)
	}
	return rc
}

// receipt waits up to within for the receipt of h.
func receipt(t *testing.T, ec *ethclient.Client, h common.Hash, within time.Duration) *types.Receipt {
	t.Helper()
	var rc *types.Receipt
	waitFor(t, "receipt of "+h.Hex(), within, func() bool {
		r, err := ec.TransactionReceipt(context.Background(), h)
		rc = r
		return err == nil
	})
	return rc
}

// TestHotStandbyFailover runs two daemons as separate processes on one
// PostgreSQL and a devnet sealing a block every second; both follow and
// evaluate every block, one commits each (one of them with its clock 3 s
// ahead). The one that committed last is killed (SIGKILL) the moment the
// exploit's block arrives, and restarted: the pause is mined at most 2
// blocks after the exploit, one pause transaction is sent, and every
// notification reaches the webhook exactly once. Then the committing
// daemon is killed at random moments, 20 times, and restarted each time;
// the blind window of each kill (the dead one's last commit to the next
// commit) is logged. BG_TEST_SKEW sets daemon b's clock offset (3s by
// default; it passed at ±8s too).
func TestHotStandbyFailover(t *testing.T) {
	dsn, _ := storetest.PostgresSchema(t)
	dn := devnettest.StartWith(t, devnet.Config{BlockTime: time.Second})
	ec := devnettest.Dial(t, dn.WSURL())
	sink := notifytest.NewHTTPServer(t)
	p := writePlan(t, dn, sink.URL)
	s := storetest.OpenPostgres(t, dsn, store.Options{})
	ctx := context.Background()

	f := &fleet{t: t, dir: t.TempDir(), env: []string{"BG_PLAN=" + p.Path, "BG_DB=" + dsn}, procs: map[string]*proc{}}
	skew := map[string][]string{"a": nil, "b": {"BG_SKEW=" + cmp.Or(os.Getenv("BG_TEST_SKEW"), "3s")}}
	for _, id := range []string{"a", "b"} {
		f.waitReady(f.start(id, skew[id]...))
	}
	f.waitCommits(3, 20*time.Second)

	// The exploit; the committer dies as its block arrives.
	heads := make(chan *types.Header, 16)
	sub, err := ec.SubscribeNewHead(ctx, heads)
	if err != nil {
		t.Fatal(err)
	}
	for len(heads) > 0 {
		<-heads
	}
	nonceBefore, err := ec.NonceAt(ctx, dn.Deployment().Guardian, nil)
	if err != nil {
		t.Fatal(err)
	}
	exploitTx := exploit(t, dn, ec)
	var head *types.Header
	select {
	case head = <-heads:
	case <-time.After(10 * time.Second):
		t.Fatal("no block after the exploit was sent")
	}
	headAt := time.Now()
	victim, _ := f.last()
	killedAt := f.kill(victim.by)
	sub.Unsubscribe()
	restarted := f.start(victim.by, skew[victim.by]...)
	rc := receipt(t, ec, exploitTx, 10*time.Second)
	trigger := rc.BlockNumber.Uint64()
	t.Logf("exploit in block %d; daemon %s (last commit: block %d) killed %s after block %d arrived",
		trigger, victim.by, victim.block, killedAt.Sub(headAt).Round(time.Microsecond), head.Number.Uint64())
	if rc.Status != types.ReceiptStatusSuccessful {
		t.Fatal("the exploit reverted")
	}
	pool := dn.Deployment().Pool
	var pauses []uint64
	waitFor(t, "the pause", 15*time.Second, func() bool {
		h, err := ec.BlockNumber(ctx)
		if err != nil {
			return false
		}
		pauses = pauseBlocks(t, ec, pool, trigger, h)
		return len(pauses) > 0
	})
	if pauses[0] > trigger+2 {
		t.Fatalf("exploit in block %d, pause in block %d: want at most 2 blocks later", trigger, pauses[0])
	}
	t.Logf("pause mined in block %d (exploit + %d)", pauses[0], pauses[0]-trigger)
	f.waitReady(restarted)

	// The incident is contained and every notification delivered, once.
	waitContainedAndTold(t, s)
	done, err := s.OutboxItems(ctx, store.OutboxFilter{Kind: notify.OutboxKind + ".ops"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range sink.Requests() {
		var m notify.Message
		if err := json.Unmarshal(r.Body, &m); err != nil {
			t.Fatalf("webhook body: %v", err)
		}
		got[m.Key]++
	}
	for k, n := range got {
		if n != 1 {
			t.Errorf("notification %s delivered %d times", k, n)
		}
	}
	if len(got) == 0 || len(got) != len(done) {
		t.Fatalf("%d distinct notifications delivered, %d in the outbox for the webhook", len(got), len(done))
	}
	t.Logf("%d notifications, each delivered once", len(got))

	// Kills at random moments: the committer, each time, then restarted.
	const kills = 20
	type kill struct {
		victim string
		at     time.Time
	}
	// When each block arrived, to tell how late the first commit after a
	// kill was.
	var arrivedMu sync.Mutex
	arrived := map[uint64]time.Time{}
	hs := make(chan *types.Header, 64)
	hsub, err := ec.SubscribeNewHead(ctx, hs)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for h := range hs {
			arrivedMu.Lock()
			arrived[h.Number.Uint64()] = time.Now()
			arrivedMu.Unlock()
		}
	}()
	var ks []kill
	for range kills {
		time.Sleep(time.Duration(rand.IntN(1000)) * time.Millisecond)
		v, _ := f.last()
		ks = append(ks, kill{v.by, f.kill(v.by)})
		f.waitCommits(1, 10*time.Second) // the survivor goes on
		f.waitReady(f.start(v.by, skew[v.by]...))
	}
	f.waitCommits(2, 10*time.Second)
	hsub.Unsubscribe()

	// Every block once across all kills: none committed twice (as the
	// daemons told), none skipped (as the store's block history holds).
	commits := f.allCommits()
	slices.SortStableFunc(commits, func(a, b commit) int { return cmpUint(a.block, b.block) })
	for i := 1; i < len(commits); i++ {
		if commits[i].block == commits[i-1].block {
			t.Fatalf("block %d committed by %s and by %s", commits[i].block, commits[i-1].by, commits[i].by)
		}
	}
	for n := commits[0].block; n <= commits[len(commits)-1].block; n++ {
		if _, err := s.BlockHash(ctx, "devnet", n); err != nil {
			t.Fatalf("block %d not committed: %v", n, err)
		}
	}
	var ws []window
	for _, k := range ks {
		w, ok := blindWindow(commits, k.victim, k.at)
		if !ok {
			t.Fatalf("no commit after the kill of %s at %s", k.victim, k.at.Format(time.RFC3339Nano))
		}
		arrivedMu.Lock()
		if at, ok := arrived[w.lastBlock+w.blocks]; ok {
			w.late = w.nextAt.Sub(at)
		}
		arrivedMu.Unlock()
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(a, b window) int { return int(a.took - b.took) })
	pct := func(q float64) window { return ws[min(len(ws)-1, int(q*float64(len(ws))))] }
	var blocks []uint64
	for _, w := range ws {
		blocks = append(blocks, w.blocks)
	}
	slices.Sort(blocks)
	t.Logf("blind window over %d kills of the committing daemon (1 s blocks): min %s, median %s, p90 %s, max %s; in blocks (next commit − last commit of the dead one): min %d, median %d, p90 %d, max %d",
		len(ws), ws[0].took.Round(time.Millisecond), pct(0.5).took.Round(time.Millisecond), pct(0.9).took.Round(time.Millisecond), ws[len(ws)-1].took.Round(time.Millisecond),
		blocks[0], blocks[len(blocks)/2], blocks[min(len(blocks)-1, len(blocks)*9/10)], blocks[len(blocks)-1])
	var lates []time.Duration
	for _, w := range ws {
		lates = append(lates, w.late.Round(time.Millisecond))
	}
	slices.Sort(lates)
	t.Logf("the first commit after each kill, after its block arrived (normal cadence: a few ms): min %s, median %s, p90 %s, max %s",
		lates[0], lates[len(lates)/2], lates[min(len(lates)-1, len(lates)*9/10)], lates[len(lates)-1])
	if worst := blocks[len(blocks)-1]; worst > 2 {
		t.Errorf("a kill left %d blocks between commits; want at most 2", worst)
	}
	if n := len(pauseBlocks(t, ec, pool, trigger, commits[len(commits)-1].block)); n != 1 {
		t.Errorf("%d pause transactions, want exactly 1", n)
	}
	if after, _ := ec.NonceAt(ctx, dn.Deployment().Guardian, nil); after != nonceBefore+1 {
		t.Errorf("the guardian sent %d transactions, want 1", after-nonceBefore)
	}
}
