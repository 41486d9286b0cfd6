package respond_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/key"
	"github.com/breakglass-dev/breakglass/internal/respond/presign"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
	"github.com/breakglass-dev/breakglass/internal/respond/safe/safetest"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// presignPlan holds no Safe owner key, and its reentrancy detector pauses
// the pool through the Safe.
func presignPlan(s string) string {
	s = strings.Replace(s, "    owners: [file:keys/safe-owner-1.key, file:keys/safe-owner-2.key]\n", "", 1)
	return strings.Replace(s, "    heuristic: reentrancy\n    contract: pool\n    severity: critical\n    incident_type: exploit\n    response: [pause]\n",
		"    heuristic: reentrancy\n    contract: pool\n    severity: critical\n    incident_type: exploit\n    response: [safe-pause]\n", 1)
}

// walletSign signs the typed-data file as a wallet's eth_signTypedData_v4
// does: the EIP-712 hash of the file, v 27/28.
func walletSign(t *testing.T, file []byte, k *ecdsa.PrivateKey) (common.Hash, string) {
	t.Helper()
	var td apitypes.TypedData
	if err := json.Unmarshal(file, &td); err != nil {
		t.Fatalf("the signer file is not typed data: %v\n%s", err, file)
	}
	h, _, err := apitypes.TypedDataAndHash(td)
	if err != nil {
		t.Fatalf("the signer file does not hash: %v", err)
	}
	sig, err := crypto.Sign(h, k)
	if err != nil {
		t.Fatal(err)
	}
	sig[64] += 27
	return common.BytesToHash(h), hexutil.Encode(sig)
}

func (e *env) safeNonce() uint64 {
	e.t.Helper()
	sb := bindings.NewSafeL2()
	to := e.d.Deployment().Safe
	out, err := e.ec.CallContract(context.Background(), ethereum.CallMsg{To: &to, Data: sb.PackNonce()}, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	n, err := sb.UnpackNonce(out)
	if err != nil {
		e.t.Fatal(err)
	}
	return n.Uint64()
}

// TestPresignedPause: the Safe's pause is prepared at its next two nonces
// and signed by two of its three owners in their wallets (the typed-data
// file, whose hash is the Safe's own getTransactionHash); bad signatures
// and executors are refused with the reason; on alarm the Safe executor,
// which holds no owner key, executes the pre-signed pause through its
// submitter, mined in the next block.
func TestPresignedPause(t *testing.T) {
	e := newEnv(t, envOpts{edit: presignPlan})
	ctx := e.ctx()
	dep, keys := e.d.Deployment(), e.d.Keys()
	n0 := e.safeNonce()

	rows, err := presign.Prepare(ctx, e.plan, e.reg, e.store, "safe", 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Nonce != n0 || rows[1].Nonce != n0+1 || rows[0].Contract != "pool" || rows[0].Action != "safe-pause" || rows[0].Threshold != 2 || len(rows[0].Owners) != 3 {
		t.Fatalf("prepared: %+v", rows)
	}
	// Preparing again stores nothing new.
	if again, err := presign.Prepare(ctx, e.plan, e.reg, e.store, "safe", 2, nil); err != nil || again[0].ID != rows[0].ID || again[1].ID != rows[1].ID {
		t.Fatalf("prepare again: %+v, %v", again, err)
	}

	// The owners sign the files in their wallets; the hash is the Safe's.
	sb := bindings.NewSafeL2()
	sigs := map[int64][]string{}
	for _, r := range rows {
		file, err := presign.SignerJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(file), `"salt"`) || !strings.Contains(string(file), fmt.Sprintf(`"chainId": %d`, e.d.ChainID())) {
			t.Fatalf("signer file domain: %s", file)
		}
		zero := new(big.Int)
		out, err := e.ec.CallContract(ctx, ethereum.CallMsg{To: &dep.Safe, Data: sb.PackGetTransactionHash(dep.Pool, zero, r.Data, 0, zero, zero, zero, common.Address{}, common.Address{}, new(big.Int).SetUint64(r.Nonce))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		onChain, _ := sb.UnpackGetTransactionHash(out)
		for _, k := range keys.SafeOwners[:2] {
			h, sig := walletSign(t, file, k)
			if h != common.Hash(onChain) || !strings.EqualFold(h.Hex(), r.SafeTxHash) {
				t.Fatalf("file hash %s, stored %s, the Safe's getTransactionHash %s", h.Hex(), r.SafeTxHash, common.Hash(onChain).Hex())
			}
			sigs[r.ID] = append(sigs[r.ID], sig)
		}
	}

	add := func(id int64, sig string) (presign.Added, error) {
		raw, err := presign.ParseSignature(sig)
		if err != nil {
			return presign.Added{}, err
		}
		return presign.AddSignature(ctx, e.plan, e.reg, e.store, id, raw)
	}
	// Bad input, each refused with its reason.
	_, stranger := walletSign(t, mustSignerJSON(t, rows[0]), keys.Users[0])
	otherNonce := safe.NewTx(dep.Pool, nil, rows[0].Data, n0+5)
	h5, _ := otherNonce.Hash(e.d.ChainID(), dep.Safe)
	at5, _ := safe.Sign(key.NewSigner(keys.SafeOwners[2]), h5)
	for _, tc := range []struct {
		name string
		err  func() error
		want string
	}{
		{"non-owner", func() error { _, err := add(rows[0].ID, stranger); return err },
			"recovers to " + devnetAddr(keys.Users[0]) + ", which is not an owner of Safe"},
		{"another stored nonce", func() error { _, err := add(rows[0].ID, sigs[rows[1].ID][0]); return err },
			fmt.Sprintf("signature of pre-signed transaction #%d (pool.safe-pause at nonce %d), not of #%d (pool.safe-pause at nonce %d)", rows[1].ID, n0+1, rows[0].ID, n0)},
		{"another nonce", func() error { _, err := add(rows[0].ID, hexutil.Encode(at5.Bytes)); return err },
			fmt.Sprintf("signature of pool.safe-pause at the Safe's nonce %d, not at nonce %d", n0+5, n0)},
		{"not hex", func() error { _, err := add(rows[0].ID, "0xzz"); return err }, "signature is not hex"},
		{"short", func() error { _, err := add(rows[0].ID, "0x1234"); return err }, "signature of 2 bytes, want 65"},
		{"unknown id", func() error { _, err := add(999, sigs[rows[0].ID][0]); return err }, "no pre-signed transaction #999"},
		{"unknown executor", func() error { _, err := presign.Prepare(ctx, e.plan, e.reg, e.store, "council", 1, nil); return err },
			`executor "council" is not in the plan (executors: guardian, safe)`},
		{"not a Safe", func() error { _, err := presign.Prepare(ctx, e.plan, e.reg, e.store, "guardian", 1, nil); return err },
			`executor "guardian" is a key executor, not a Safe`},
		{"no count", func() error { _, err := presign.Prepare(ctx, e.plan, e.reg, e.store, "safe", 0, nil); return err }, "prepare at least one nonce"},
		{"not its action", func() error {
			_, err := presign.Prepare(ctx, e.plan, e.reg, e.store, "safe", 1, []string{"pool.pause"})
			return err
		},
			`action "pool.pause" is not a containment action of executor safe (it has: pool.safe-pause)`},
	} {
		err := tc.err()
		if !errors.Is(err, presign.ErrInput) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrInput with %q", tc.name, err, tc.want)
		}
	}

	// Two owners sign each; a repeated signature is not new.
	for _, r := range rows {
		for i, sig := range sigs[r.ID] {
			got, err := add(r.ID, sig)
			if err != nil || !got.New || got.Valid != i+1 || got.Threshold != 2 {
				t.Fatalf("add signature %d of #%d: %+v, %v", i, r.ID, got, err)
			}
		}
	}
	if got, err := add(rows[0].ID, sigs[rows[0].ID][0]); err != nil || got.New || got.Valid != 2 {
		t.Fatalf("repeat: %+v, %v", got, err)
	}
	rep, err := presign.Check(ctx, e.plan, e.reg, e.store, "safe")
	if err != nil || !rep.OK() || rep.Ready != 1 || rep.Valid != 2 || rep.Entries[0].State != presign.StateReady || rep.Entries[1].State != presign.StateQueued {
		t.Fatalf("check: %+v, %v", rep, err)
	}

	// The executor holds no owner key.
	ex, err := e.reg.Executor(ctx, "safe", "devnet")
	if err != nil || !strings.Contains(ex.Describe(), "0 owner key(s) held") {
		t.Fatalf("executor: %v, %v", ex, err)
	}
	// The alarm: the pre-signed pause is executed at once.
	head, err := e.ec.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	alarm := time.Now()
	id, acts := e.openIncident(ctx, "pool-reentrancy", head, common.Hash{1})
	if len(acts) != 1 || acts[0].Executor != "safe" {
		t.Fatalf("actions: %+v", acts)
	}
	e.drain(ctx)
	a := e.action(acts[0].ID)
	if a.Status != respond.StatusMined || !e.paused() {
		t.Fatalf("pre-signed pause: %+v (paused %v)\n%s", a, e.paused(), e.logs)
	}
	rc := waitReceipt(t, e.ec, common.HexToHash(a.TxHash))
	t.Logf("alarm → pre-signed pause mined: %s (block %d, gas %d)", time.Since(alarm).Round(time.Millisecond), rc.BlockNumber, rc.GasUsed)
	if rc.BlockNumber.Uint64() != head+1 {
		t.Errorf("mined in block %d, alarm at head %d: not the next block", rc.BlockNumber, head)
	}
	tl, err := e.store.Timeline(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var said bool
	for _, ev := range tl {
		said = said || strings.Contains(ev.Message, fmt.Sprintf("executing pre-signed transaction #%d", rows[0].ID))
	}
	if !said {
		t.Errorf("the timeline does not say the pre-signed transaction was used: %+v", tl)
	}
	// The next nonce's pause is now the ready one.
	rep, err = presign.Check(ctx, e.plan, e.reg, e.store, "safe")
	if err != nil || !rep.OK() || rep.Ready != 1 || rep.Valid != 1 || rep.Spent != 1 || rep.Entries[0].ID != rows[1].ID {
		t.Fatalf("check after: %+v, %v", rep, err)
	}
}

// TestPresignedStockInvalid: the stock's problems, each with a request to
// re-sign: the Safe's owners changed (its signatures still count while
// their owners remain: the stock stays ready until a signer is removed),
// and the stock used up. When the Safe executes something else, the next
// nonce's transaction is the ready one. Without enough valid signatures
// the executor, holding no key, falls back to proposing.
func TestPresignedStockInvalid(t *testing.T) {
	e := newEnv(t, envOpts{edit: presignPlan})
	ctx := e.ctx()
	dep, keys := e.d.Deployment(), e.d.Keys()
	rows, err := presign.Prepare(ctx, e.plan, e.reg, e.store, "safe", 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, k := range keys.SafeOwners[1:] {
			_, sig := walletSign(t, mustSignerJSON(t, r), k)
			raw, _ := presign.ParseSignature(sig)
			if _, err := presign.AddSignature(ctx, e.plan, e.reg, e.store, r.ID, raw); err != nil {
				t.Fatal(err)
			}
		}
	}
	check := func(want string) presign.Report {
		t.Helper()
		rep, err := presign.Check(ctx, e.plan, e.reg, e.store, "safe")
		if err != nil {
			t.Fatal(err)
		}
		if want == "" && !rep.OK() {
			t.Fatalf("problems: %v", rep.Problems)
		}
		if want != "" && (len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], want) || !strings.Contains(rep.Problems[0], "re-sign: breakglass presign")) {
			t.Fatalf("problems %q, want one with %q and the re-signing request", rep.Problems, want)
		}
		return rep
	}
	if rep := check(""); rep.Ready != 1 || rep.Valid != 4 {
		t.Fatalf("signed stock: %+v", rep)
	}
	sb := bindings.NewSafeL2()
	signers := keys.SafeOwners[:2]
	// The Safe executes something else: the stock at its old nonce is
	// spent, the next is ready.
	safetest.Exec(t, e.ec, dep.Safe, signers, keys.Guardian, dep.Safe, sb.PackChangeThreshold(big.NewInt(2)))
	if rep := check(""); rep.Spent != 1 || rep.Ready != 1 || rep.Valid != 3 {
		t.Fatalf("after another Safe transaction: %+v", rep)
	}
	// An owner is added: a problem, but the signatures still count.
	newOwner := common.HexToAddress("0x000000000000000000000000000000000000a11c")
	safetest.Exec(t, e.ec, dep.Safe, signers, keys.Guardian, dep.Safe, sb.PackAddOwnerWithThreshold(newOwner, big.NewInt(2)))
	rep := check("the owners of Safe " + dep.Safe.Hex() + " changed")
	if rep.Ready != 1 || !strings.Contains(rep.Problems[0], newOwner.Hex()) {
		t.Fatalf("after the owner was added: %+v", rep)
	}
	// A signer is removed: one valid signature is left, the stock is stale.
	removed := devnetAddr(keys.SafeOwners[1])
	prev := common.HexToAddress("0x1") // the owners list's sentinel
	for _, o := range rep.Owners {
		if o == removed {
			break
		}
		prev = common.HexToAddress(o)
	}
	safetest.Exec(t, e.ec, dep.Safe, signers, keys.Guardian, dep.Safe, sb.PackRemoveOwner(prev, common.HexToAddress(removed), big.NewInt(2)))
	rep = check("the owners of Safe " + dep.Safe.Hex() + " changed")
	if rep.Ready != 0 || rep.Valid != 0 || len(rep.Entries) != 1 || rep.Entries[0].State != presign.StateStale || rep.Entries[0].Valid != 1 {
		t.Fatalf("after a signer was removed: %+v", rep)
	}
	// Stale stock is not enough: the executor, with no key, proposes.
	a := e.request("pool", "safe-pause", "", "alice")
	a, err = e.r.Execute(ctx, a.ID, false)
	if err != nil || a.Status != respond.StatusAwaitingSignatures || e.paused() {
		t.Fatalf("pause with stale stock: %+v, %v", a, err)
	}
	// Used up: the Safe moves past the last pre-signed nonce.
	safetest.Exec(t, e.ec, dep.Safe, []*ecdsa.PrivateKey{keys.SafeOwners[0], keys.SafeOwners[2]}, keys.Guardian, dep.Safe, sb.PackChangeThreshold(big.NewInt(2)))
	check("is used up")
}

func mustSignerJSON(t *testing.T, p store.Presigned) []byte {
	t.Helper()
	b, err := presign.SignerJSON(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func devnetAddr(k *ecdsa.PrivateKey) string { return crypto.PubkeyToAddress(k.PublicKey).Hex() }
