// Package daemontest runs a daemon in the process of a test.
package daemontest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/daemon"
)

// Start runs a daemon with cfg (a Tick of 100 ms and an OutboxPoll of
// 50 ms unless set) in this process and returns once every stage started,
// with its API's address ("" with Listen "off"). stop, also called when the
// test ends, stops it and fails the test if Run returned an error.
func Start(t testing.TB, cfg daemon.Config) (d *daemon.Daemon, addr string, stop func()) {
	t.Helper()
	if cfg.Tick == 0 {
		cfg.Tick = 100 * time.Millisecond
	}
	if cfg.OutboxPoll == 0 {
		cfg.OutboxPoll = 50 * time.Millisecond
	}
	ready := make(chan string, 1)
	cfg.Ready = func(a string) { ready <- a }
	d, err := daemon.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("daemon %s: %v", cfg.ID, err)
			}
		})
	}
	t.Cleanup(stop)
	select {
	case addr = <-ready:
		return d, addr, stop
	case err := <-done:
		t.Fatalf("daemon %s stopped: %v", cfg.ID, err)
	case <-time.After(30 * time.Second):
		t.Fatalf("daemon %s did not start in 30s", cfg.ID)
	}
	return nil, "", stop
}
