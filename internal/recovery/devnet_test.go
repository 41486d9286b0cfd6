package recovery_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	bgchain "github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/recovery"
)

// chain is a devnet with a funded key to send from.
type chain struct {
	d   *devnet.Devnet
	ec  *ethclient.Client
	key *ecdsa.PrivateKey
	me  common.Address
}

func newChain(t *testing.T) *chain {
	t.Helper()
	// Blocks every 50ms rather than one per transaction: the tests send
	// hundreds of transactions at once, which then fit in a few blocks.
	d := devnettest.StartWith(t, devnet.Config{BlockTime: 50 * time.Millisecond})
	key := d.Keys().Deployer
	return &chain{d: d, ec: d.Client(), key: key, me: devnet.Address(key)}
}

// call is one transaction to send: to (nil deploys) and its data.
type call struct {
	to   *common.Address
	data []byte
	gas  uint64
}

// send signs calls with consecutive nonces from key, sends them all, and
// waits for every receipt. It fails the test unless each one has the status
// wantOK says.
func (c *chain) send(t *testing.T, key *ecdsa.PrivateKey, calls []call, wantOK bool) []*types.Receipt {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	nonce, err := c.ec.PendingNonceAt(ctx, devnet.Address(key))
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(c.d.ChainID())
	hashes := make([]common.Hash, len(calls))
	for i, cl := range calls {
		gas := cl.gas
		if gas == 0 {
			gas = 200_000
		}
		tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{
			ChainID: c.d.ChainID(), Nonce: nonce + uint64(i), To: cl.to, Data: cl.data, Gas: gas,
			GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9),
		})
		if err := c.ec.SendTransaction(ctx, tx); err != nil {
			t.Fatalf("send tx %d: %v", i, err)
		}
		hashes[i] = tx.Hash()
	}
	receipts := make([]*types.Receipt, len(hashes))
	for i, h := range hashes {
		for {
			r, err := c.ec.TransactionReceipt(ctx, h)
			if err == nil {
				receipts[i] = r
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("receipt of tx %d: %v", i, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if ok := receipts[i].Status == types.ReceiptStatusSuccessful; ok != wantOK {
			t.Fatalf("tx %d (%s): status %d, want success=%v", i, h.Hex(), receipts[i].Status, wantOK)
		}
	}
	return receipts
}

func (c *chain) deploy(t *testing.T, bin string, args []byte) common.Address {
	t.Helper()
	r := c.send(t, c.key, []call{{data: append(common.FromHex(bin), args...), gas: 5_000_000}}, true)
	return r[0].ContractAddress
}

func (c *chain) head(t *testing.T) uint64 {
	t.Helper()
	n, err := c.ec.BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (c *chain) balanceOf(t *testing.T, token, account common.Address) *big.Int {
	t.Helper()
	st := bindings.NewStableToken()
	out, err := c.ec.CallContract(context.Background(), ethereum.CallMsg{To: &token, Data: st.PackBalanceOf(account)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.UnpackBalanceOf(out)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// dialHTTP returns a client of the node at url, as the CLI dials one.
func dialHTTP(t *testing.T, url string) *bgchain.Client {
	t.Helper()
	c, err := bgchain.Dial(context.Background(), bgchain.Config{Network: "devnet", URLs: []string{url}}, nil, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func holderAddress(i int) common.Address {
	return common.BytesToAddress(crypto.Keccak256([]byte(fmt.Sprintf("snapshot holder %d", i)))[12:])
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// TestSnapshotDevnet builds a token with 1,000 holders on the devnet and
// checks the snapshot: every holder and balance as the test itself set them,
// at the head and at an earlier block; the cross-check with balanceOf
// passes; the node refusing large log ranges (a JSON-RPC -32005 error or HTTP
// 413) and oversized batches only makes it take smaller steps.
func TestSnapshotDevnet(t *testing.T) {
	c := newChain(t)
	st := bindings.NewStableToken()
	token := c.deploy(t, bindings.StableTokenMetaData.Bin, st.PackConstructor(c.me))
	supply := new(big.Int).Mul(big.NewInt(10_000_000), big.NewInt(1e18))
	c.send(t, c.key, []call{{to: &token, data: st.PackMint(c.me, supply)}}, true)

	const holders = 1000
	want := map[common.Address]*big.Int{c.me: new(big.Int).Set(supply)}
	move := func(from, to common.Address, v *big.Int) {
		want[from].Sub(want[from], v)
		if want[to] == nil {
			want[to] = new(big.Int)
		}
		want[to].Add(want[to], v)
	}
	transfers := func(lo, hi int) []call {
		var calls []call
		for i := lo; i < hi; i++ {
			v := new(big.Int).Mul(big.NewInt(int64(i+1)), big.NewInt(1_000_000_000_007))
			calls = append(calls, call{to: &token, data: st.PackTransfer(holderAddress(i), v)})
			move(c.me, holderAddress(i), v)
		}
		return calls
	}
	start := time.Now()
	c.send(t, c.key, transfers(0, holders/2), true)
	mid := c.head(t)
	midWant := make(map[common.Address]string, len(want))
	for a, v := range want {
		midWant[a] = v.String()
	}
	c.send(t, c.key, transfers(holders/2, holders), true)
	// A benign user receives tokens and passes some on: balances go down too.
	user := c.d.Keys().Users[0]
	ua := devnet.Address(user)
	gift := big.NewInt(5e18)
	c.send(t, c.key, []call{{to: &token, data: st.PackTransfer(ua, gift)}}, true)
	move(c.me, ua, gift)
	c.send(t, user, []call{
		{to: &token, data: st.PackTransfer(holderAddress(3), big.NewInt(1e18))},
		{to: &token, data: st.PackTransfer(holderAddress(4), big.NewInt(4e18))}, // the whole rest: ua drops out
	}, true)
	move(ua, holderAddress(3), big.NewInt(1e18))
	move(ua, holderAddress(4), big.NewInt(4e18))
	head := c.head(t)
	t.Logf("%d transfers mined in blocks up to %d in %s", holders+3, head, time.Since(start).Round(time.Millisecond))

	check := func(t *testing.T, s *recovery.Snapshot, want map[common.Address]string) {
		t.Helper()
		if len(s.Mismatches()) != 0 {
			t.Errorf("mismatches on a plain ERC-20: %+v", s.Mismatches()[0])
		}
		if s.TotalSupply == nil || s.Total().Cmp(s.TotalSupply) != 0 {
			t.Errorf("holders total %s, totalSupply %v", s.Total(), s.TotalSupply)
		}
		got := make(map[common.Address]string, len(s.Holders))
		for _, h := range s.Holders {
			got[h.Address] = h.Balance.String()
		}
		wantN := 0
		for a, v := range want {
			if v == "0" {
				continue
			}
			wantN++
			if got[a] != v {
				t.Errorf("%s: balance %q, want %s", a.Hex(), got[a], v)
			}
		}
		if len(got) != wantN {
			t.Errorf("%d holders, want %d", len(got), wantN)
		}
	}
	headWant := make(map[common.Address]string, len(want))
	for a, v := range want {
		headWant[a] = v.String()
	}
	if headWant[ua] != "0" || len(headWant) != holders+2 {
		t.Fatalf("test setup: user balance %s, %d accounts", headWant[ua], len(headWant))
	}

	ctx := context.Background()
	rc := dialHTTP(t, c.d.HTTPURL())
	t.Run("head", func(t *testing.T) {
		s, stats, err := recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{Token: token, Block: head}, testLog(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, headWant)
		if s.Logs != holders+4 { // mint, 1000 transfers, gift, 2 from the user
			t.Errorf("%d logs, want %d", s.Logs, holders+4)
		}
		t.Logf("snapshot over HTTP: %d holders, %d logs in %d queries: logs %s (%.0f logs/s; %s of it waiting for the node), balanceOf %s in %d batches",
			len(s.Holders), s.Logs, stats.LogQueries, stats.LogTime.Round(time.Millisecond), stats.LogsPerSecond(s.Logs),
			stats.LogWait.Round(time.Millisecond), stats.BalanceTime.Round(time.Millisecond), stats.Batches)
	})
	t.Run("earlier block", func(t *testing.T) {
		s, _, err := recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{Token: token, Block: mid}, testLog(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, midWant)
		if len(s.Holders) != holders/2+1 {
			t.Errorf("%d holders at block %d, want %d", len(s.Holders), mid, holders/2+1)
		}
	})
	for _, refusal := range []string{"json-rpc", "http 413"} {
		t.Run("node refuses ranges over 16 blocks: "+refusal, func(t *testing.T) {
			p := newRangeLimitProxy(t, c.d.HTTPURL(), 16, refusal == "http 413")
			s, stats, err := recovery.TakeSnapshot(ctx, dialHTTP(t, p.URL), recovery.SnapshotRequest{Token: token, Block: head, ChunkBlocks: 1000}, testLog(t))
			if err != nil {
				t.Fatal(err)
			}
			check(t, s, headWant)
			if stats.Refusals == 0 || p.refused == 0 {
				t.Errorf("the proxy refused %d ranges, the snapshot saw %d refusals; want some", p.refused, stats.Refusals)
			}
			if p.largest > 16 {
				t.Errorf("a range of %d blocks got through", p.largest)
			}
			t.Logf("%d refusals, %d queries, largest range served %d blocks", stats.Refusals, stats.LogQueries, p.largest)
		})
	}
	t.Run("batch above the node's limit", func(t *testing.T) {
		// geth serves at most 1000 calls a batch by default.
		s, stats, err := recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{Token: token, Block: head, BatchSize: 4000}, testLog(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, headWant)
		t.Logf("%d batches for %d holders", stats.Batches, len(s.Holders))
	})
	t.Run("missed transfers are mismatches", func(t *testing.T) {
		// Starting after the mint misses it: the deployer's logs no longer
		// add up to its balance. That must be reported, not hidden.
		s, _, err := recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{Token: token, Block: head, FromBlock: mid + 1}, testLog(t))
		if err != nil {
			t.Fatal(err)
		}
		mm := s.Mismatches()
		if len(mm) == 0 {
			t.Fatal("no mismatches")
		}
		for _, h := range mm {
			if h.Balance.String() != headWant[h.Address] {
				t.Errorf("%s: balance %s, want balanceOf %s", h.Address.Hex(), h.Balance, headWant[h.Address])
			}
		}
	})
	t.Run("not a contract", func(t *testing.T) {
		_, _, err := recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{Token: holderAddress(1), Block: head}, testLog(t))
		if err == nil || !strings.Contains(err.Error(), "no contract at") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("migration", func(t *testing.T) {
		s, _, err := recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{Token: token, Block: head}, testLog(t))
		if err != nil {
			t.Fatal(err)
		}
		attackerHolder := holderAddress(999)
		m, err := recovery.NewMigration(s, []common.Address{attackerHolder})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Balances) != holders || len(m.Excluded) != 1 || m.Excluded[0].Address != attackerHolder {
			t.Fatalf("migration: %d balances, excluded %+v", len(m.Balances), m.Excluded)
		}
		total := new(big.Int).Sub(s.TotalSupply, m.Excluded[0].Balance)
		if m.Total.Cmp(total) != 0 {
			t.Errorf("migration total %s, want %s", m.Total, total)
		}
		for i, b := range m.Balances {
			if b.Amount.String() != headWant[b.Account] {
				t.Errorf("%s: %s, want %s", b.Account.Hex(), b.Amount, headWant[b.Account])
			}
			if !recovery.VerifyProof(m.Tree.Root(), b, m.Tree.Proof(i)) {
				t.Fatalf("balance %d does not verify", i)
			}
		}
	})
}

// rangeLimitProxy forwards JSON-RPC to a node but refuses eth_getLogs over
// more than limit blocks, as hosted providers do.
type rangeLimitProxy struct {
	*httptest.Server
	refused, largest int
}

func newRangeLimitProxy(t *testing.T, upstream string, limit int, with413 bool) *rangeLimitProxy {
	p := &rangeLimitProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var req struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params []struct {
				FromBlock hexutil.Uint64 `json:"fromBlock"`
				ToBlock   hexutil.Uint64 `json:"toBlock"`
			} `json:"params"`
		}
		if json.Unmarshal(body, &req) == nil && req.Method == "eth_getLogs" && len(req.Params) == 1 {
			n := int(req.Params[0].ToBlock-req.Params[0].FromBlock) + 1
			if n > limit {
				p.refused++
				if with413 {
					http.Error(w, "request entity too large", http.StatusRequestEntityTooLarge)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"error":{"code":-32005,"message":"query returned more than 10000 results. Try with this block range [0x%x, 0x%x]."}}`,
					req.ID, uint64(req.Params[0].FromBlock), uint64(req.Params[0].FromBlock)+uint64(limit)-1)
				return
			}
			p.largest = max(p.largest, n)
		}
		devnettest.Forward(w, upstream, body)
	}))
	t.Cleanup(p.Close)
	return p
}

// TestSnapshotFeeTokens snapshots two fee-on-transfer tokens. The
// contracts' FeeToken emits the fee as its own Transfer to address(0), so its
// logs add up and the cross-check passes. GrossFeeToken (testdata) emits the
// gross amount and takes the fee silently, as many real tokens do: every
// recipient's logs overstate its balance, and each is reported as a mismatch
// with the exact difference, while balanceOf stays the balance of record.
func TestSnapshotFeeTokens(t *testing.T) {
	c := newChain(t)
	ctx := context.Background()
	rc := dialHTTP(t, c.d.HTTPURL())
	supply := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))
	amounts := make([]*big.Int, 25)
	for i := range amounts {
		amounts[i] = new(big.Int).Mul(big.NewInt(int64(100*(i+1)+7)), big.NewInt(1e16))
	}
	fee := func(v *big.Int) *big.Int { return new(big.Int).Div(v, big.NewInt(100)) } // 1% in both tokens

	t.Run("FeeToken", func(t *testing.T) {
		ft := bindings.NewFeeToken()
		token := c.deploy(t, bindings.FeeTokenMetaData.Bin, ft.PackConstructor(c.me, supply))
		var calls []call
		for i, v := range amounts {
			calls = append(calls, call{to: &token, data: ft.PackTransfer(holderAddress(i), v)})
		}
		c.send(t, c.key, calls, true)
		s, _, err := recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{Token: token, Block: c.head(t)}, testLog(t))
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Mismatches()) != 0 || s.Total().Cmp(s.TotalSupply) != 0 {
			t.Fatalf("FeeToken: %d mismatches, total %s, supply %s", len(s.Mismatches()), s.Total(), s.TotalSupply)
		}
		for i, v := range amounts {
			got := c.balanceOf(t, token, holderAddress(i))
			if net := new(big.Int).Sub(v, fee(v)); got.Cmp(net) != 0 || s.Holders[indexOf(t, s, holderAddress(i))].Balance.Cmp(net) != 0 {
				t.Errorf("holder %d: balanceOf %s, want %s", i, got, net)
			}
		}
	})

	t.Run("GrossFeeToken", func(t *testing.T) {
		var art struct {
			ABI      json.RawMessage `json:"abi"`
			Bytecode string          `json:"bytecode"`
		}
		data, err := os.ReadFile(filepath.Join("testdata", "snapshot", "GrossFeeToken.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &art); err != nil {
			t.Fatal(err)
		}
		parsed, err := abi.JSON(bytes.NewReader(art.ABI))
		if err != nil {
			t.Fatal(err)
		}
		args, err := parsed.Pack("", c.me, supply)
		if err != nil {
			t.Fatal(err)
		}
		token := c.deploy(t, art.Bytecode, args)
		var calls []call
		for i, v := range amounts {
			data, err := parsed.Pack("transfer", holderAddress(i), v)
			if err != nil {
				t.Fatal(err)
			}
			calls = append(calls, call{to: &token, data: data})
		}
		c.send(t, c.key, calls, true)
		s, _, err := recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{Token: token, Block: c.head(t)}, testLog(t))
		if err != nil {
			t.Fatal(err)
		}
		mm := s.Mismatches()
		if len(mm) != len(amounts) {
			t.Fatalf("%d mismatches, want one per recipient (%d)", len(mm), len(amounts))
		}
		for i, v := range amounts {
			h := s.Holders[indexOf(t, s, holderAddress(i))]
			net := new(big.Int).Sub(v, fee(v))
			if h.Balance.Cmp(net) != 0 || h.TransferBalance.Cmp(v) != 0 || !h.Mismatch() {
				t.Errorf("holder %d: balance %s (want balanceOf %s), from logs %s (want %s)", i, h.Balance, net, h.TransferBalance, v)
			}
		}
		if s.Total().Cmp(s.TotalSupply) != 0 {
			t.Errorf("balances total %s, totalSupply %s", s.Total(), s.TotalSupply)
		}
		js, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Mismatches []struct {
				Difference string `json:"difference"`
			} `json:"mismatches"`
		}
		if err := json.Unmarshal(js, &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Mismatches) != len(amounts) || out.Mismatches[0].Difference == "" || !strings.HasPrefix(out.Mismatches[0].Difference, "-") {
			t.Errorf("JSON mismatches: %+v", out.Mismatches)
		}
	})
}

func indexOf(t *testing.T, s *recovery.Snapshot, a common.Address) int {
	t.Helper()
	for i, h := range s.Holders {
		if h.Address == a {
			return i
		}
	}
	t.Fatalf("%s is not a holder", a.Hex())
	return -1
}

// TestMerkleClaimDevnet deploys the contracts' MerkleClaim with the root of
// a pro-rata compensation, funds it with the total, and has every claimant
// claim: each gets exactly its amount, once, and the contract ends empty; a
// wrong amount, another account's proof and a second claim revert.
func TestMerkleClaimDevnet(t *testing.T) {
	c := newChain(t)
	st := bindings.NewStableToken()
	mc := bindings.NewMerkleClaim()
	token := c.deploy(t, bindings.StableTokenMetaData.Bin, st.PackConstructor(c.me))

	const claimants = 120
	var losses []recovery.Loss
	for i := range claimants {
		amount := new(big.Int).Mul(big.NewInt(int64(i*i+13)), big.NewInt(1_000_000_000_000_001))
		losses = append(losses, recovery.Loss{Account: holderAddress(i), Amount: amount})
	}
	losses = append(losses, recovery.Loss{Account: c.me, Amount: big.NewInt(1e18)}) // excluded below
	budget := new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	d, err := recovery.Compensate(losses, recovery.Policy{Kind: recovery.PolicyProRata, Budget: budget, Exclude: []common.Address{c.me}})
	if err != nil {
		t.Fatal(err)
	}
	tree, err := recovery.NewMerkleTree(d.Claims)
	if err != nil {
		t.Fatal(err)
	}
	if tree.Len() != claimants {
		t.Fatalf("%d claims, want %d", tree.Len(), claimants)
	}
	// Round-trip through the dump, as an operator would: write, load, claim.
	dump, err := tree.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if tree, err = recovery.LoadMerkleTree(dump); err != nil {
		t.Fatal(err)
	}

	claim := c.deploy(t, bindings.MerkleClaimMetaData.Bin, mc.PackConstructor(token, tree.Root()))
	c.send(t, c.key, []call{{to: &token, data: st.PackMint(claim, d.Total)}}, true)

	hashes := func(p []common.Hash) [][32]byte {
		out := make([][32]byte, len(p))
		for i, h := range p {
			out[i] = h
		}
		return out
	}
	claimOf := func(i int) []byte {
		cl := tree.Claim(i)
		return mc.PackClaim(cl.Account, cl.Amount, hashes(tree.Proof(i)))
	}
	mustRevert := func(t *testing.T, data []byte, want string) {
		t.Helper()
		_, err := c.ec.CallContract(context.Background(), ethereum.CallMsg{From: c.me, To: &claim, Data: data}, nil)
		if got := revertName(t, mc, err); got != want {
			t.Errorf("eth_call: %v (decoded %q), want a %s revert", err, got, want)
		}
		c.send(t, c.key, []call{{to: &claim, data: data}}, false)
	}

	// Claim 0 waits: first a wrong amount and a borrowed proof for it fail.
	first := tree.Claim(0)
	t.Run("wrong amount", func(t *testing.T) {
		mustRevert(t, mc.PackClaim(first.Account, new(big.Int).Add(first.Amount, big.NewInt(1)), hashes(tree.Proof(0))), "InvalidProof")
	})
	t.Run("someone else's proof", func(t *testing.T) {
		mustRevert(t, mc.PackClaim(c.me, tree.Claim(2).Amount, hashes(tree.Proof(2))), "InvalidProof")
	})

	var calls []call
	for i := range tree.Len() {
		calls = append(calls, call{to: &claim, data: claimOf(i)})
	}
	start := time.Now()
	c.send(t, c.key, calls, true)
	t.Logf("%d claims mined in %s", len(calls), time.Since(start).Round(time.Millisecond))
	for i := range tree.Len() {
		cl := tree.Claim(i)
		if got := c.balanceOf(t, token, cl.Account); got.Cmp(cl.Amount) != 0 {
			t.Errorf("%s received %s, want %s", cl.Account.Hex(), got, cl.Amount)
		}
	}
	if left := c.balanceOf(t, token, claim); left.Sign() != 0 {
		t.Errorf("the claim contract holds %s after every claim, want 0", left)
	}

	// Fund it again so that only the claimed bitmap can stop a second claim.
	c.send(t, c.key, []call{{to: &token, data: st.PackMint(claim, budget)}}, true)
	for _, i := range []int{0, tree.Len() - 1} {
		t.Run(fmt.Sprintf("second claim %d", i), func(t *testing.T) {
			mustRevert(t, claimOf(i), "AlreadyClaimed")
			cl := tree.Claim(i)
			if got := c.balanceOf(t, token, cl.Account); got.Cmp(cl.Amount) != 0 {
				t.Errorf("after a second claim %s holds %s, want %s", cl.Account.Hex(), got, cl.Amount)
			}
		})
	}
}

// revertName decodes the custom error of a reverted eth_call.
func revertName(t *testing.T, mc *bindings.MerkleClaim, err error) string {
	t.Helper()
	var de rpc.DataError
	if !errors.As(err, &de) {
		return ""
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return ""
	}
	raw, decErr := hexutil.Decode(s)
	if decErr != nil || len(raw) < 4 {
		return ""
	}
	for name, e := range mc.GetABI().Errors {
		if bytes.Equal(e.ID[:4], raw[:4]) {
			return name
		}
	}
	return ""
}
