package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

func TestDevnetBadInput(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := strconv.Itoa(taken.Addr().(*net.TCPAddr).Port)

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown scenario", []string{"--scenario", "rugpull"}, `unknown scenario "rugpull": want one of reentrancy, oracle, access`},
		{"block time", []string{"--block-time", "soon"}, `--block-time "soon" is not a duration`},
		{"negative block time", []string{"--block-time", "-2s"}, `--block-time -2s: want 0`},
		{"port in use", []string{"--port", port, "--block-time", "0"}, "127.0.0.1:" + port + ": port already in use"},
		{"port range", []string{"--port", "70000"}, "--port 70000: want 0 (any free port) to 65535"},
		{"at-block alone", []string{"--at-block", "5"}, "--at-block needs --scenario"},
		{"benign rate", []string{"--benign", "-1"}, "--benign -1: want 0 to 10000"},
		{"benign not a number", []string{"--benign", "lots"}, `invalid argument "lots" for "--benign"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := append([]string{"devnet", "--plan-out", filepath.Join(t.TempDir(), "p.yaml")}, tc.args...)
			code := Main(context.Background(), args, strings.NewReader(""), &out, &errOut)
			if code == 0 {
				t.Fatalf("exit 0, want non-zero; stdout %q", out.String())
			}
			msg := errOut.String()
			if !strings.Contains(msg, tc.want) {
				t.Fatalf("stderr %q, want it to contain %q", msg, tc.want)
			}
			if !strings.HasPrefix(msg, "breakglass: ") || strings.Contains(msg, "goroutine ") {
				t.Fatalf("stderr %q is not one clear message", msg)
			}
			if out.Len() != 0 {
				t.Fatalf("stdout %q, want nothing", out.String())
			}
		})
	}
}

// TestDevnetRunAndInterrupt runs `breakglass devnet` with a scenario, reads
// its JSON lines, then cancels it as Ctrl-C would and checks it stopped
// cleanly and closed its port.
func TestDevnetRunAndInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	planPath := filepath.Join(dir, "breakglass.yaml")
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"devnet", "--port", "0", "--block-time", "0", "--json",
			"--plan-out", planPath, "--scenario", "access"}, strings.NewReader(""), pw, &errOut)
		pw.Close()
	}()
	lines := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	next := func() string {
		t.Helper()
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("output ended; stderr %q", errOut.String())
			}
			return l
		case <-time.After(30 * time.Second):
			t.Fatal("no output within 30s")
		}
		return ""
	}

	var info devnetJSON
	if err := json.Unmarshal([]byte(next()), &info); err != nil {
		t.Fatal(err)
	}
	if info.ChainID != 1337 || info.Plan != planPath || info.Safe.Threshold != 2 || len(info.Keys) == 0 {
		t.Fatalf("devnet info %+v", info)
	}
	for _, k := range info.Keys {
		if !k.TestOnly || len(k.PrivateKey) != 66 {
			t.Fatalf("key %+v not marked test-only or malformed", k)
		}
	}
	c, err := ethclient.Dial(info.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if id, err := c.ChainID(ctx); err != nil || id.Int64() != 1337 {
		t.Fatalf("eth_chainId over %s = %v, %v", info.HTTP, id, err)
	}
	if _, err := plan.Load(planPath); err != nil {
		t.Fatalf("written plan: %v", err)
	}

	var res scenarioResultJSON
	if err := json.Unmarshal([]byte(next()), &res); err != nil {
		t.Fatal(err)
	}
	if res.Scenario != "access" || res.Reverted || len(res.Loss) != 2 || res.Victim != info.Contracts["LendingPool"] {
		t.Fatalf("scenario result %+v", res)
	}
	for token, amount := range res.Loss {
		if amount == "" || amount == "0" {
			t.Fatalf("loss of %s = %q", token, amount)
		}
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d after interrupt; stderr %q", code, errOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("devnet did not stop within 15s of the interrupt")
	}
	u, err := url.Parse(info.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatalf("port %s still taken after the devnet stopped: %v", u.Host, err)
	}
	l.Close()
}

// TestDevnetDefaultOutputIgnored checks that `breakglass devnet` run from
// the repository's root writes only files git ignores: nothing is tracked
// under the default --plan-out directory (it once held committed test
// keys), and the plan, ABIs and keys written there are ignored.
func TestDevnetDefaultOutputIgnored(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	root := strings.TrimSpace(string(top))
	planOut := newDevnetCmd(&env{}).Flags().Lookup("plan-out").DefValue
	if filepath.IsAbs(planOut) {
		t.Fatalf("default --plan-out %s is absolute; want it under the working directory", planOut)
	}
	dir := filepath.Dir(planOut)
	git := func(args ...string) *exec.Cmd {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		return cmd
	}
	tracked, err := git("ls-files", "--", dir).Output()
	if err != nil {
		t.Fatal(err)
	}
	if s := strings.TrimSpace(string(tracked)); s != "" {
		t.Errorf("tracked files under %s/: %s", dir, s)
	}
	for _, f := range []string{planOut, filepath.Join(dir, "keys", "guardian.key"), filepath.Join(dir, "abi", "LendingPool.json")} {
		if err := git("check-ignore", "-q", "--no-index", f).Run(); err != nil {
			t.Errorf("%s is not ignored by git (check-ignore: %v)", f, err)
		}
	}
}
