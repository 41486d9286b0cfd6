package cli

import (
	"crypto/ecdsa"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/respond/safe/safetest"
)

// signTypedFile signs a presign file as a wallet does
// (eth_signTypedData_v4: the EIP-712 hash, v 27/28).
func signTypedFile(t *testing.T, path string, k *ecdsa.PrivateKey) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var td apitypes.TypedData
	if err := json.Unmarshal(b, &td); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	h, _, err := apitypes.TypedDataAndHash(td)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := crypto.Sign(h, k)
	if err != nil {
		t.Fatal(err)
	}
	sig[64] += 27
	return hexutil.Encode(sig)
}

// TestPresignAndLiveCheck drives presign and plan check --live against a
// devnet: the plan is ready; the Safe's pause is prepared, signed by two
// owners from the files (one through --from-file), listed as ready, and
// counted by the live check; bad executors and a non-owner's signature are
// refused with the reason; once the guardian's PAUSER_ROLE is revoked the
// live check says the pause is not ready, and why.
func TestPresignAndLiveCheck(t *testing.T) {
	d := devnettest.Start(t)
	dir := t.TempDir()
	planPath := devnettest.WritePlan(t, d, dir, nil)
	keys, dep := d.Keys(), d.Deployment()
	db := "sqlite:" + filepath.Join(dir, "bg.db")
	run := func(wantCode int, args ...string) string {
		t.Helper()
		return mustRun(t, wantCode, args...)
	}
	wants := func(what, out string, subs ...string) {
		t.Helper()
		for _, s := range subs {
			if !strings.Contains(out, s) {
				t.Errorf("%s: output lacks %q:\n%s", what, s, out)
			}
		}
	}

	out := run(0, "plan", "check", planPath, "--live")
	wants("live check", out, "pool.pause through guardian (from "+dep.Guardian.Hex()+"): ready: simulation passes; payer "+dep.Guardian.Hex(),
		"pool.safe-pause through safe (from "+dep.Safe.Hex()+"): ready", "pre-signed: not checked: give --db", "drill: not checked: give --db to read the last drill", "live: ready")

	filesDir := filepath.Join(dir, "sign")
	out = run(0, "presign", "--plan", planPath, "--db", db, "--executor", "safe", "--count", "2", "--out", filesDir)
	wants("presign", out, "executor safe: Safe "+dep.Safe.Hex()+" (threshold 2 of 3 owners), 2 pre-signed transaction(s) stored",
		"alice ("+dep.SafeOwners[0].Hex()+")", "carol ("+dep.SafeOwners[2].Hex()+")", "presign add-signature")
	files, _ := filepath.Glob(filepath.Join(filesDir, "safe-nonce-*-pool-safe-pause-*.json"))
	if len(files) != 2 {
		t.Fatalf("signer files %v", files)
	}
	// Files sort by nonce here (single-digit nonces on a fresh devnet).
	ids := map[string]string{files[0]: "1", files[1]: "2"}
	for _, f := range files {
		if !strings.HasSuffix(f, "-"+ids[f]+".json") {
			t.Fatalf("file %s is not #%s", f, ids[f])
		}
	}

	// Bad input first.
	out = run(1, "presign", "add-signature", "--plan", planPath, "--db", db, "--id", "1", "--signature", signTypedFile(t, files[0], keys.Users[0]))
	wants("non-owner", out, "which is not an owner of Safe")
	out = run(1, "presign", "add-signature", "--plan", planPath, "--db", db, "--id", "1", "--signature", signTypedFile(t, files[1], keys.SafeOwners[0]))
	wants("other nonce", out, "signature of pre-signed transaction #2", "not of #1")
	wants("not a Safe", run(1, "presign", "--plan", planPath, "--db", db, "--executor", "guardian"), `executor "guardian" is a key executor, not a Safe`)
	wants("unknown executor", run(1, "presign", "--plan", planPath, "--db", db, "--executor", "council"), `executor "council" is not in the plan (executors: guardian, safe)`)
	wants("no signature", run(1, "presign", "add-signature", "--plan", planPath, "--db", db, "--id", "1"), "--signature 0x… or --from-file FILE is required")

	for _, f := range files {
		out = run(0, "presign", "add-signature", "--plan", planPath, "--db", db, "--id", ids[f], "--signature", signTypedFile(t, f, keys.SafeOwners[0]))
		wants("alice signs", out, "signature of owner "+dep.SafeOwners[0].Hex()+" added; 1 of 2 signatures")
		sigFile := f + ".sig"
		if err := os.WriteFile(sigFile, []byte(signTypedFile(t, f, keys.SafeOwners[1])+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out = run(0, "presign", "add-signature", "--plan", planPath, "--db", db, "--id", ids[f], "--from-file", sigFile)
		wants("bob signs", out, "added; 2 of 2 signatures")
	}
	out = run(0, "presign", "list", "--plan", planPath, "--db", db)
	wants("list", out, "executor safe: Safe "+dep.Safe.Hex()+" on devnet", "2 valid, 1 ready now, 0 spent", "pool.safe-pause  ready", "pool.safe-pause  queued")

	out = run(0, "plan", "check", "--live", "--plan", planPath, "--db", db, "--output", "json")
	var res planCheckResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Live == nil || !res.Live.Ready || res.Live.Drill.Recorded || res.Live.Drill.Message != "no drill recorded (breakglass drill --plan FILE)" || len(res.Live.Presigned) != 1 {
		t.Fatalf("live JSON: %s", out)
	}
	var safePause *liveAction
	for i, a := range res.Live.Actions {
		if a.Contract == "pool" && a.Action == "safe-pause" {
			safePause = &res.Live.Actions[i]
		}
	}
	if safePause == nil || safePause.Presigned == nil || !safePause.Presigned.Checked || safePause.Presigned.Valid != 2 || safePause.Presigned.Ready != 1 || safePause.Problem != "" {
		t.Fatalf("safe-pause in the live JSON: %+v\n%s", safePause, out)
	}

	// The guardian loses its role: not ready, with the reason.
	pool := bindings.NewLendingPool()
	safetest.Send(t, d.Client(), keys.Deployer, dep.Pool, pool.PackRevokeRole(crypto.Keccak256Hash([]byte("PAUSER_ROLE")), dep.Guardian))
	out = run(1, "plan", "check", planPath, "--live", "--db", db)
	wants("role revoked", out, "pool.pause through guardian (from "+dep.Guardian.Hex()+"): NOT READY: simulated from "+dep.Guardian.Hex(),
		"AccessControlUnauthorizedAccount", "PAUSER_ROLE", "pool.safe-pause through safe", "pre-signed: 2 valid, 1 ready now", "live: NOT READY: pool.pause",
		"plan check --live: "+planPath+" is not ready to contain")
	wants("--db without --live", run(1, "plan", "check", planPath, "--db", db), "--db is read by --live only")
}

// TestPresignFetchFromService: an owner's signature is added with
// --propose, which posts the transaction to the Safe Transaction Service
// (the stand-in, which checks hash and signer as the real one does);
// another owner confirms it there, as in Safe{Wallet}; presign fetch adds
// that signature, checked, and says which transaction the service does
// not know.
func TestPresignFetchFromService(t *testing.T) {
	d := devnettest.Start(t)
	svc := safetest.Start(t, d.Client())
	dir := t.TempDir()
	planPath := devnettest.WritePlan(t, d, dir, func(src string) string {
		edited := strings.Replace(src, "    submitter: guardian\n", "    submitter: guardian\n    service_url: "+svc.URL+"\n", 1)
		if edited == src {
			t.Fatal("the devnet plan has no Safe submitter line to add service_url after")
		}
		return edited
	})
	keys := d.Keys()
	db := "sqlite:" + filepath.Join(dir, "bg.db")
	run := func(wantCode int, args ...string) string {
		t.Helper()
		return mustRun(t, wantCode, args...)
	}
	filesDir := filepath.Join(dir, "sign")
	run(0, "presign", "--plan", planPath, "--db", db, "--executor", "safe", "--count", "2", "--out", filesDir)
	files, _ := filepath.Glob(filepath.Join(filesDir, "*.json"))
	if len(files) != 2 {
		t.Fatalf("files %v", files)
	}
	out := run(0, "presign", "add-signature", "--plan", planPath, "--db", db, "--id", "1", "--propose", "--signature", signTypedFile(t, files[0], keys.SafeOwners[0]))
	if !strings.Contains(out, "#1 proposed to "+svc.URL) || len(svc.Accepted()) != 1 {
		t.Fatalf("propose: %s (accepted %v, refused %v)", out, svc.Accepted(), svc.Refusals())
	}
	// Bob confirms it on the service.
	h := svc.Accepted()[0].SafeTxHash
	body := `{"signature":"` + signTypedFile(t, files[0], keys.SafeOwners[1]) + `"}`
	resp, err := http.Post(svc.URL+"/api/v1/multisig-transactions/"+h.Hex()+"/confirmations/", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("confirm on the service: %v %v (refused %v)", resp, err, svc.Refusals())
	}
	resp.Body.Close()

	out = run(0, "presign", "fetch", "--plan", planPath, "--db", db, "--executor", "safe")
	if !strings.Contains(out, "#1 (nonce 0): added the signature(s) of "+d.Deployment().SafeOwners[1].Hex()) || !strings.Contains(out, "#2 (nonce 1): not on the service") {
		t.Fatalf("fetch: %s", out)
	}
	if out = run(0, "presign", "fetch", "--plan", planPath, "--db", db, "--executor", "safe"); !strings.Contains(out, "#1 (nonce 0): no new signature") {
		t.Fatalf("fetch again: %s", out)
	}
	if out = run(0, "presign", "list", "--plan", planPath, "--db", db); !strings.Contains(out, "1 valid, 1 ready now") {
		t.Fatalf("list: %s", out)
	}
	if out = run(1, "presign", "fetch", "--plan", planPath, "--db", db, "--executor", "guardian"); !strings.Contains(out, "not a Safe") {
		t.Fatalf("fetch for a key executor: %s", out)
	}
}
