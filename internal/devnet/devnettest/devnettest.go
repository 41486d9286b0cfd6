// Package devnettest starts a devnet for the tests of other packages: a
// running chain on 127.0.0.1 with the demo protocol and the Safe deployed,
// closed when the test ends.
package devnettest

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"os"
)

// Start starts a devnet that seals a block as soon as a transaction arrives,
// on a free port, and closes it when the test ends.
func Start(t testing.TB) *devnet.Devnet {
	t.Helper()
	return StartWith(t, devnet.Config{})
}

// StartWith starts a devnet with cfg (a zero Port picks a free port) and
// closes it when the test ends. With a nil cfg.Log, warnings and errors go
// to the test's log.
func StartWith(t testing.TB, cfg devnet.Config) *devnet.Devnet {
	t.Helper()
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	d, err := devnet.Start(ctx, cfg)
	if err != nil {
		t.Fatalf("start devnet: %v", err)
	}
	t.Cleanup(func() {
		switch err := d.Close(); {
		case errors.Is(err, devnet.ErrStopTimeout):
			// go-ethereum's rare shutdown hang: the test's checks are done
			// and the listeners are closed; a few node goroutines leak.
			t.Logf("close devnet: %v", err)
		case err != nil:
			t.Errorf("close devnet: %v", err)
		}
	})
	return d
}

// Plan writes d's plan (see devnet.Devnet.WritePlan) to plan.yaml in a
// temporary directory, loads it, and returns the file's path and the plan.
func Plan(t testing.TB, d *devnet.Devnet) (string, *plan.Plan) {
	t.Helper()
	path := WritePlan(t, d, t.TempDir(), nil)
	p, err := plan.Load(path)
	if err != nil {
		t.Fatalf("load the devnet's plan: %v", err)
	}
	return path, p
}

// WritePlan writes the devnet's plan (d.WritePlan, its ABI files beside
// it) to dir/plan.yaml and returns the path; edit, when not nil, rewrites
// the plan's text first.
func WritePlan(t testing.TB, d *devnet.Devnet, dir string, edit func(string) string) string {
	t.Helper()
	path := filepath.Join(dir, "plan.yaml")
	if err := d.WritePlan(path); err != nil {
		t.Fatalf("write the devnet's plan: %v", err)
	}
	if edit == nil {
		return path
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(src))), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Dial connects an ethclient to url (the devnet's HTTPURL or WSURL) and
// closes it when the test ends.
func Dial(t testing.TB, url string) *ethclient.Client {
	t.Helper()
	c, err := ethclient.Dial(url)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(c.Close)
	return c
}

// testWriter writes log lines to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// Benign runs d's benign traffic (StartBenign at rate transactions a
// second) until the chain is blocks past where it started, within the
// time given, and returns what the traffic did.
func Benign(t testing.TB, d *devnet.Devnet, rate float64, blocks uint64, within time.Duration) devnet.TrafficStats {
	t.Helper()
	ctx := context.Background()
	first, err := d.Client().BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	traffic, err := d.StartBenign(ctx, rate)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(within); ; time.Sleep(50 * time.Millisecond) {
		if n, err := d.Client().BlockNumber(ctx); err == nil && n >= first+blocks {
			return traffic.Stop()
		}
		if time.Now().After(deadline) {
			traffic.Stop()
			t.Fatalf("%d blocks of benign traffic not mined within %s", blocks, within)
		}
	}
}
