// Package anvil finds and runs Foundry's anvil, the local chain protocol
// teams drill on: breakglass drill forks a network with it, and the tests
// run against it.
package anvil

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// InstallHint says how to get anvil when Find finds none.
const InstallHint = "install Foundry's anvil: `npm install -g @foundry-rs/anvil` (or `curl -L https://foundry.paradigm.xyz | bash && foundryup`), " +
	"then put it on PATH or next to the breakglass binary (or run `npm ci` in contracts/ of a source checkout)"

// Find finds Foundry's anvil: $BREAKGLASS_ANVIL, on PATH, next to this
// executable, or installed by npm in contracts/ (the @foundry-rs/anvil dev
// dependency) of this directory or one of its parents.
func Find() (string, error) {
	if p := os.Getenv("BREAKGLASS_ANVIL"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("BREAKGLASS_ANVIL=%s: %w", p, err)
		}
		return p, nil
	}
	if p, err := exec.LookPath("anvil"); err == nil {
		return p, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "anvil")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	rel := filepath.Join("contracts", "node_modules", "@foundry-rs", "anvil-"+runtime.GOOS+"-"+runtime.GOARCH, "bin", "anvil")
	if dir, err := os.Getwd(); err == nil {
		for {
			p := filepath.Join(dir, rel)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", errors.New("anvil not found: " + InstallHint)
}

// Node is a running anvil.
type Node struct {
	// URL is its HTTP endpoint (http://127.0.0.1:PORT).
	URL  string
	cmd  *exec.Cmd
	errs *lockedBuffer
	done chan struct{}
}

// Start runs bin on a free port of 127.0.0.1 with no funded accounts and
// the extra arguments, and waits (at most 30 s) until it answers.
func Start(ctx context.Context, bin string, extra ...string) (*Node, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	n := &Node{URL: fmt.Sprintf("http://127.0.0.1:%d", port), errs: &lockedBuffer{}, done: make(chan struct{})}
	n.cmd = exec.Command(bin, append([]string{"--host", "127.0.0.1", "--port", fmt.Sprint(port), "--accounts", "0", "--silent"}, extra...)...)
	n.cmd.Stdout, n.cmd.Stderr = n.errs, n.errs
	if err := n.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start anvil %s: %w", bin, err)
	}
	go func() { _ = n.cmd.Wait(); close(n.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-n.done:
			return nil, fmt.Errorf("anvil exited: %s", n.errs.String())
		case <-ctx.Done():
			n.Close()
			return nil, ctx.Err()
		default:
		}
		c, err := rpc.DialContext(ctx, n.URL)
		if err == nil {
			var head hexutil.Uint64
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			err = c.CallContext(cctx, &head, "eth_blockNumber")
			cancel()
			c.Close()
			if err == nil {
				return n, nil
			}
		}
		if time.Now().After(deadline) {
			n.Close()
			return nil, fmt.Errorf("anvil did not answer on %s within 30 s: %v", n.URL, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Close stops it.
func (n *Node) Close() {
	if n.cmd.Process != nil {
		_ = n.cmd.Process.Kill()
		<-n.done
	}
}

// lockedBuffer collects a process's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() < 64<<10 {
		l.b.Write(p)
	}
	return len(p), nil
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.TrimSpace(l.b.String())
}
