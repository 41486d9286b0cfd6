package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/recovery"
)

func writeTestFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkDistribution loads the dump and the proofs CSV compensate wrote and
// checks that every row verifies against the root it printed.
func checkDistribution(t *testing.T, dumpPath, csvPath, root string, want map[string]string) {
	t.Helper()
	data, err := os.ReadFile(dumpPath)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := recovery.LoadMerkleTree(data)
	if err != nil {
		t.Fatalf("load %s: %v", dumpPath, err)
	}
	if tree.Root().Hex() != root {
		t.Errorf("dump root %s, printed %s", tree.Root().Hex(), root)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want)+1 || strings.Join(rows[0], ",") != "index,address,amount,root,proof" {
		t.Fatalf("proofs CSV has %d rows, header %v; want %d claims", len(rows), rows[0], len(want))
	}
	for _, r := range rows[1:] {
		if want[r[1]] != r[2] {
			t.Errorf("%s gets %s, want %q", r[1], r[2], want[r[1]])
		}
		var proof []common.Hash
		if r[4] != "" {
			for _, h := range strings.Split(r[4], ";") {
				proof = append(proof, common.HexToHash(h))
			}
		}
		amount, err := recovery.ParseAmount(r[2])
		if err != nil {
			t.Fatal(err)
		}
		if r[3] != root || !recovery.VerifyProof(common.HexToHash(root), recovery.Claim{Account: common.HexToAddress(r[1]), Amount: amount}, proof) {
			t.Errorf("row %v does not verify against %s", r, root)
		}
	}
}

func TestCompensateCommand(t *testing.T) {
	dir := t.TempDir()
	const (
		a = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
		b = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
		x = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"
	)
	losses := writeTestFile(t, dir, "losses.csv", "address,amount\n"+
		a+",1000000000000000000\n"+b+",2500000000000000000\n"+a+",1\n"+x+",7000000000000000000\n")
	exclude := writeTestFile(t, dir, "attackers.txt", "# the exploiter\n"+x+"\n")

	t.Run("pro-rata json", func(t *testing.T) {
		out := filepath.Join(dir, "dist.json")
		code, stdout, stderr := runCLI(t, "compensate", "--losses", losses, "--policy", "pro-rata",
			"--budget", "3000000000000000000", "--exclude", exclude, "--out", out, "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var s compensationSummary
		if err := json.Unmarshal([]byte(stdout), &s); err != nil {
			t.Fatalf("%v\n%s", err, stdout)
		}
		// floor(1000000000000000001 × 3e18 / 3500000000000000001) etc.
		if s.Claims != 2 || s.Total != "2999999999999999999" || s.Dust != "1" || s.Losses != "3500000000000000001" ||
			len(s.Excluded) != 1 || s.Excluded[0].Address != x || s.ProofsCSV != filepath.Join(dir, "dist.csv") {
			t.Fatalf("summary %+v", s)
		}
		checkDistribution(t, out, s.ProofsCSV, s.Root, map[string]string{a: "857142857142857143", b: "2142857142857142856"})
	})
	t.Run("full text", func(t *testing.T) {
		out := filepath.Join(dir, "full.json")
		code, stdout, stderr := runCLI(t, "compensate", "--losses", losses, "--policy", "full", "--cap", "2000000000000000000",
			"--exclude", exclude, "--out", out, "--proofs-csv", filepath.Join(dir, "proofs.csv"))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, line := range []string{"Claimants     2", "Total         3000000000000000001", "Dust          0", "After cap     3000000000000000001 (cap 2000000000000000000 each)"} {
			if !strings.Contains(stdout, line) {
				t.Errorf("output lacks %q:\n%s", line, stdout)
			}
		}
		root := strings.Fields(strings.SplitN(stdout, "\n", 2)[0])[2]
		checkDistribution(t, out, filepath.Join(dir, "proofs.csv"), root, map[string]string{a: "1000000000000000001", b: "2000000000000000000"})
	})
	t.Run("snapshot difference", func(t *testing.T) {
		pre := writeTestFile(t, dir, "pre.csv", "address,balance\n"+a+",100\n"+b+",50\n")
		post := writeTestFile(t, dir, "post.csv", "address,balance\n"+a+",40\n"+b+",60\n"+x+",60\n")
		out := filepath.Join(dir, "snap.json")
		code, _, stderr := runCLI(t, "compensate", "--losses", pre, "--after", post, "--policy", "full", "--out", out)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		checkDistribution(t, out, filepath.Join(dir, "snap.csv"), mustRoot(t, out), map[string]string{a: "60"})
	})
	t.Run("analyze output", func(t *testing.T) {
		analysis := writeTestFile(t, dir, "tx.json", `{"balance_changes": [
			{"address": "`+a+`", "token": "0x000000000000000000000000000000000000aaaa", "delta": "-100"},
			{"address": "`+x+`", "token": "0x000000000000000000000000000000000000aaaa", "delta": "100"},
			{"address": "`+b+`", "token": "0x0000000000000000000000000000000000000000", "delta": "-5"}],
			"attackers": ["`+x+`"]}`)
		out := filepath.Join(dir, "tx-dist.json")
		code, _, stderr := runCLI(t, "compensate", "--losses", analysis, "--policy", "full", "--out", out)
		if code != 1 || !strings.Contains(stderr, "choose one with --token") {
			t.Fatalf("two tokens without --token: exit %d: %s", code, stderr)
		}
		code, _, stderr = runCLI(t, "compensate", "--losses", analysis, "--token", "0x000000000000000000000000000000000000aaaa", "--policy", "full", "--out", out)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		checkDistribution(t, out, filepath.Join(dir, "tx-dist.csv"), mustRoot(t, out), map[string]string{a: "100"})
	})

	bad := []struct {
		name string
		args []string
		want string
	}{
		{"bad row", []string{"--losses", writeTestFile(t, dir, "bad.csv", "address,amount\n"+a+",1\n"+b+",1.5\n"), "--policy", "full"}, "bad.csv:3: amount \"1.5\""},
		{"bad exclude", []string{"--losses", losses, "--exclude", writeTestFile(t, dir, "ex.txt", "0x12\n"), "--policy", "full"}, "ex.txt:1: address"},
		{"no budget", []string{"--losses", losses, "--policy", "pro-rata"}, "pro-rata needs a budget"},
		{"bad budget", []string{"--losses", losses, "--policy", "pro-rata", "--budget", "1e18"}, "--budget: amount \"1e18\""},
		{"over budget", []string{"--losses", losses, "--policy", "full", "--budget", "5"}, "use --policy pro-rata"},
		{"policy", []string{"--losses", losses, "--policy", "half"}, "--policy: policy \"half\""},
		{"missing file", []string{"--losses", filepath.Join(dir, "nope.csv"), "--policy", "full"}, "--losses: open"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "never.json")
			code, _, stderr := runCLI(t, append([]string{"compensate", "--out", out}, tt.args...)...)
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s written despite the error", out)
			}
		})
	}
}

func mustRoot(t *testing.T, dump string) string {
	t.Helper()
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := recovery.LoadMerkleTree(data)
	if err != nil {
		t.Fatal(err)
	}
	return tree.Root().Hex()
}

// TestSnapshotAndMigrateCommands runs snapshot and migrate export against
// the devnet's dUSD, whose holders the devnet seeded.
func TestSnapshotAndMigrateCommands(t *testing.T) {
	d := devnettest.Start(t)
	dep := d.Deployment()
	token := dep.Stable.Hex()
	dir := t.TempDir()

	code, stdout, stderr := runCLI(t, "snapshot", "--rpc", d.HTTPURL(), "--token", token, "--block", "latest", "--json")
	if code != 0 || stderr != "" {
		t.Fatalf("snapshot: exit %d: %s", code, stderr)
	}
	snap, err := recovery.ParseSnapshot("stdout", []byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Holders) < len(dep.Users) || len(snap.Mismatches()) != 0 || snap.Total().Cmp(snap.TotalSupply) != 0 {
		t.Fatalf("snapshot: %d holders, %d mismatches, total %s of supply %v", len(snap.Holders), len(snap.Mismatches()), snap.Total(), snap.TotalSupply)
	}

	code, stdout, stderr = runCLI(t, "snapshot", "--rpc", d.HTTPURL(), "--token", token, "--block", "latest", "--csv")
	if code != 0 || !strings.HasPrefix(stdout, "address,balance,transfer_balance\n") {
		t.Fatalf("snapshot --csv: exit %d: %s\n%s", code, stderr, stdout)
	}

	exclude := writeTestFile(t, dir, "attackers.txt", dep.Users[0].Hex()+"\n")
	out := filepath.Join(dir, "state.json")
	code, stdout, stderr = runCLI(t, "migrate", "export", "--rpc", d.HTTPURL(), "--token", token,
		"--block", "latest", "--exclude", exclude, "--out", out, "--json")
	if code != 0 {
		t.Fatalf("migrate export: exit %d: %s", code, stderr)
	}
	var s migrationSummary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	if s.Holders != len(snap.Holders)-1 || len(s.Excluded) != 1 || s.Excluded[0] != dep.Users[0].Hex() {
		t.Fatalf("migrate summary %+v (snapshot had %d holders)", s, len(snap.Holders))
	}
	want := map[string]string{}
	for _, h := range snap.Holders {
		if h.Address != dep.Users[0] {
			want[h.Address.Hex()] = h.Balance.String()
		}
	}
	checkDistribution(t, s.MerkleOut, s.ProofsCSV, s.Root, want)
	var state struct {
		Root     string `json:"root"`
		Balances []struct {
			Address string `json:"address"`
			Balance string `json:"balance"`
		} `json:"balances"`
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &state); err != nil {
		t.Fatal(err)
	}
	if state.Root != s.Root || len(state.Balances) != len(want) {
		t.Fatalf("%s: root %s, %d balances; want %s and %d", out, state.Root, len(state.Balances), s.Root, len(want))
	}

	code, _, stderr = runCLI(t, "snapshot", "--rpc", d.HTTPURL(), "--token", "0x1234", "--block", "1")
	if code != 1 || !strings.Contains(stderr, `--token "0x1234"`) {
		t.Fatalf("bad token: exit %d: %s", code, stderr)
	}
}
