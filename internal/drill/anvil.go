package drill

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

// InstallHint says how to get anvil when FindAnvil finds none.
const InstallHint = "install Foundry's anvil: `npm install -g @foundry-rs/anvil` (or `curl -L https://foundry.paradigm.xyz | bash && foundryup`), " +
	"then put it on PATH or next to the breakglass binary (or run `npm ci` in contracts/ of a source checkout)"

// FindAnvil finds Foundry's anvil: $BREAKGLASS_ANVIL, on PATH, next to this
// executable, or installed by npm in contracts/ (the @foundry-rs/anvil dev
// dependency) of this directory or one of its parents.
func FindAnvil() (string, error) {
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

// anvil is a running anvil fork.
type anvil struct {
	cmd  *exec.Cmd
	url  string
	rpc  *rpc.Client
	eth  *ethclient.Client
	errs *lockedBuffer
	done chan struct{}
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

// startAnvil runs bin forking upstream at block on a free port of
// 127.0.0.1, and waits until it answers.
func startAnvil(ctx context.Context, bin, upstream string, block uint64) (*anvil, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	a := &anvil{url: fmt.Sprintf("http://127.0.0.1:%d", port), errs: &lockedBuffer{}, done: make(chan struct{})}
	a.cmd = exec.Command(bin, "--host", "127.0.0.1", "--port", fmt.Sprint(port), "--accounts", "0", "--silent",
		"--fork-url", upstream, "--fork-block-number", fmt.Sprint(block), "--no-rate-limit")
	a.cmd.Stdout, a.cmd.Stderr = a.errs, a.errs
	if err := a.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start anvil %s: %w", bin, err)
	}
	go func() { _ = a.cmd.Wait(); close(a.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-a.done:
			return nil, fmt.Errorf("anvil exited: %s", a.errs.String())
		case <-ctx.Done():
			a.close()
			return nil, ctx.Err()
		default:
		}
		c, err := rpc.DialContext(ctx, a.url)
		if err == nil {
			var n hexutil.Uint64
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			err = c.CallContext(cctx, &n, "eth_blockNumber")
			cancel()
			if err == nil {
				a.rpc, a.eth = c, ethclient.NewClient(c)
				return a, nil
			}
			c.Close()
		}
		if time.Now().After(deadline) {
			a.close()
			return nil, fmt.Errorf("anvil did not answer on %s within 30 s: %v", a.url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (a *anvil) close() {
	if a.rpc != nil {
		a.rpc.Close()
	}
	if a.cmd.Process != nil {
		_ = a.cmd.Process.Kill()
		<-a.done
	}
}

// call is one transaction sent from an impersonated account.
type call struct {
	From  common.Address
	To    common.Address
	Data  []byte
	Value *big.Int
}

// fund gives account enough native currency for gas on top of what it
// holds (anvil_setBalance): 0.05 ether per transaction.
func (a *anvil) fund(ctx context.Context, account common.Address, txs int) error {
	bal, err := a.eth.BalanceAt(ctx, account, nil)
	if err != nil {
		return fmt.Errorf("balance of %s: %w", account.Hex(), err)
	}
	extra := new(big.Int).Mul(big.NewInt(int64(txs)), big.NewInt(5e16))
	return a.rpc.CallContext(ctx, nil, "anvil_setBalance", account, (*hexutil.Big)(new(big.Int).Add(bal, extra)))
}

// send sends calls from their impersonated senders, all in one block, and
// returns their receipts (in order) once that block is mined.
func (a *anvil) send(ctx context.Context, calls []call) ([]*types.Receipt, error) {
	txs := map[common.Address]int{}
	for _, c := range calls {
		txs[c.From]++
	}
	for from, n := range txs {
		if err := a.rpc.CallContext(ctx, nil, "anvil_impersonateAccount", from); err != nil {
			return nil, fmt.Errorf("impersonate %s: %w", from.Hex(), err)
		}
		if err := a.fund(ctx, from, n); err != nil {
			return nil, err
		}
	}
	if len(calls) > 1 {
		if err := a.rpc.CallContext(ctx, nil, "evm_setAutomine", false); err != nil {
			return nil, fmt.Errorf("evm_setAutomine: %w", err)
		}
		defer a.rpc.CallContext(context.WithoutCancel(ctx), nil, "evm_setAutomine", true)
	}
	hashes := make([]common.Hash, len(calls))
	for i, c := range calls {
		args := map[string]any{"from": c.From, "to": c.To, "data": hexutil.Bytes(c.Data)}
		if c.Value != nil {
			args["value"] = (*hexutil.Big)(c.Value)
		}
		if err := a.rpc.CallContext(ctx, &hashes[i], "eth_sendTransaction", args); err != nil {
			return nil, fmt.Errorf("send from %s to %s: %w", c.From.Hex(), c.To.Hex(), err)
		}
	}
	if len(calls) > 1 {
		if err := a.rpc.CallContext(ctx, nil, "evm_mine"); err != nil {
			return nil, fmt.Errorf("evm_mine: %w", err)
		}
	}
	out := make([]*types.Receipt, len(calls))
	for i, h := range hashes {
		var err error
		for try := 0; try < 50; try++ {
			if out[i], err = a.eth.TransactionReceipt(ctx, h); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			return nil, fmt.Errorf("receipt of %s: %w", h.Hex(), err)
		}
	}
	for from := range txs {
		_ = a.rpc.CallContext(ctx, nil, "anvil_stopImpersonatingAccount", from)
	}
	return out, nil
}

// mine mines an empty block.
func (a *anvil) mine(ctx context.Context) error {
	return a.rpc.CallContext(ctx, nil, "evm_mine")
}
