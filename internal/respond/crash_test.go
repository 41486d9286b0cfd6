package respond_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/executors"
	"github.com/breakglass-dev/breakglass/internal/respond/txmgr"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// TestMain runs the child processes of TestCrash and TestCrashAtEveryStage
// when asked to.
func TestMain(m *testing.M) {
	if os.Getenv("BG_STAGE_CHILD") != "" {
		if err := stageChild(os.Getenv("BG_STAGE")); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		return
	}
	if moment := os.Getenv("BG_RESPOND_CHILD"); moment != "" {
		if err := crashChild(moment); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		return
	}
	os.Exit(m.Run())
}

// childPlanAndStore opens what a child process of a crash test works on:
// the plan at $BG_PLAN and the SQLite store at $BG_DB.
func childPlanAndStore(ctx context.Context) (*plan.Plan, *sqlite.Store, error) {
	p, err := plan.Load(os.Getenv("BG_PLAN"))
	if err != nil {
		return nil, nil, err
	}
	s, err := sqlite.Open(ctx, os.Getenv("BG_DB"), store.Options{})
	if err != nil {
		return nil, nil, err
	}
	return p, s, nil
}

// crashChild is the daemon TestCrash kills: it opens an incident whose
// critical detector contains automatically (the pause and its outbox item
// are persisted in that transaction), says so, and then either waits to be
// killed before anything is sent, or carries the pause out through the
// plan's RPC endpoints and is killed once the transaction is out.
func crashChild(moment string) error {
	ctx := context.Background()
	p, s, err := childPlanAndStore(ctx)
	if err != nil {
		return err
	}
	tmpl, _ := notify.NewTemplates(nil)
	mgr := incident.New(p, tmpl, incident.Options{})
	reg := executors.New(p, s, executors.Options{Log: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	r, err := respond.New(respond.Config{Plan: p, Store: s, Incidents: mgr, Templates: tmpl, Executors: reg})
	if err != nil {
		return err
	}
	det := p.Detector("pool-reentrancy")
	pool := p.Contract("pool")
	err = s.Tx(ctx, func(tx store.Tx) error {
		a, _, err := tx.InsertAlert(ctx, store.Alert{Detector: det.Name, Severity: det.Severity, IncidentType: det.IncidentType,
			Network: "devnet", BlockNumber: 7, BlockHash: "0x07", TxHash: "0x01", LogIndex: store.NoLogIndex,
			Contract: strings.ToLower(pool.Address.Hex()), Summary: "reentrancy"})
		if err != nil {
			return err
		}
		out, err := mgr.Ingest(ctx, tx, []store.Alert{a})
		if err != nil {
			return err
		}
		return r.Respond(ctx, tx, out)
	})
	if err != nil {
		return err
	}
	fmt.Println("persisted")
	if moment == "after-send" {
		run := outbox.New(s, map[string]outbox.Handler{respond.OutboxKind: r}, outbox.Config{Lease: time.Second}, nil)
		if _, err := run.RunOnce(ctx); err != nil {
			return err
		}
	}
	select {}
}

// TestCrash kills a real process (SIGKILL) after the pause is persisted,
// before it is sent and after it is sent, and restarts the responder on
// the same database: exactly one pause lands.
func TestCrash(t *testing.T) {
	for _, moment := range []string{"before-send", "after-send"} {
		t.Run(moment, func(t *testing.T) {
			// Blocks every 3 s: a transaction sent waits in the pool, so the
			// child is killed with its pause broadcast and not yet mined.
			e := newEnv(t, envOpts{blockTime: 3 * time.Second})
			ctx := e.ctx()
			guardian := e.d.Deployment().Guardian
			start, _ := e.ec.BlockNumber(ctx)
			before, _ := e.ec.PendingNonceAt(ctx, guardian)

			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "BG_RESPOND_CHILD="+moment, "BG_DB="+e.dbPath, "BG_PLAN="+filepath.Join(e.dir, "plan.yaml"))
			cmd.Stderr = os.Stderr
			out, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil || strings.TrimSpace(line) != "persisted" {
				t.Fatalf("child said %q, %v", line, err)
			}
			if moment == "after-send" {
				deadline := time.Now().Add(20 * time.Second)
				for {
					n, _ := e.ec.PendingNonceAt(ctx, guardian)
					if n > before {
						break
					}
					if time.Now().After(deadline) {
						t.Fatal("the child never sent")
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			sentBefore, _ := e.store.SentTxs(ctx, store.SentTxFilter{})
			minedBefore := e.paused()

			// Restart: a new responder on the same database drains the outbox.
			e.open(envOpts{})
			r := e.runner(outbox.Config{})
			var a store.Action
			deadline := time.Now().Add(30 * time.Second)
			for {
				if _, err := r.RunOnce(ctx); err != nil {
					t.Fatal(err)
				}
				acts, _ := e.store.Actions(ctx, "")
				incs, _ := e.store.Incidents(ctx, store.IncidentFilter{})
				if len(incs) == 1 {
					acts, _ = e.store.Actions(ctx, incs[0].ID)
				}
				if len(acts) == 1 && respond.Terminal(acts[0].Status) {
					a = acts[0]
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("not done after restart: %+v", acts)
				}
				time.Sleep(100 * time.Millisecond)
			}
			if a.Status != respond.StatusMined || !e.paused() {
				t.Fatalf("action after restart: %+v", a)
			}
			head, _ := e.ec.BlockNumber(ctx)
			if n := e.pauseTxs(start+1, head); n != 1 {
				t.Fatalf("%d pause transactions landed, want exactly 1", n)
			}
			after, _ := e.ec.NonceAt(ctx, guardian, nil)
			if after != before+1 {
				t.Fatalf("the guardian sent %d transactions, want 1", after-before)
			}
			sent, _ := e.store.SentTxs(ctx, store.SentTxFilter{})
			if len(sent) != 1 || sent[0].Status != txmgr.StatusMined || common.HexToHash(sent[0].TxHash) != common.HexToHash(a.TxHash) {
				t.Fatalf("sent transactions %+v", sent)
			}
			t.Logf("%s: child had recorded %d transaction(s), pool paused before restart: %v; after restart: one pause, tx %s", moment, len(sentBefore), minedBefore, a.TxHash)
		})
	}
}
