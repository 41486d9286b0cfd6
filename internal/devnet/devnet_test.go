package devnet_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"net"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// TestStart checks what Start deploys, over HTTP JSON-RPC, and how long it
// takes to be ready.
func TestStart(t *testing.T) {
	ctx := context.Background()
	began := time.Now()
	d := devnettest.Start(t)
	ready := time.Since(began)
	t.Logf("devnet ready (deployed, RPC answering) in %s", ready)
	if ready > 3*time.Second {
		t.Errorf("ready in %s, want under 3s", ready)
	}
	c := devnettest.Dial(t, d.HTTPURL())
	dep := d.Deployment()

	id, err := c.ChainID(ctx)
	if err != nil || id.Int64() != devnet.ChainID {
		t.Fatalf("chain id = %v, %v; want %d", id, err, devnet.ChainID)
	}
	for name, addr := range map[string]common.Address{
		"pool": dep.Pool, "stable": dep.Stable, "collateral": dep.Collateral, "amm": dep.AMM,
		"lender": dep.FlashLender, "safe": dep.Safe, "singleton": dep.SafeSingleton,
		"factory": dep.SafeProxyFactory, "handler": dep.SafeFallbackHandler, "multisend": dep.MultiSendCallOnly,
	} {
		code, err := c.CodeAt(ctx, addr, nil)
		if err != nil || len(code) == 0 {
			t.Errorf("%s at %s: %d bytes of code, %v", name, addr, len(code), err)
		}
	}

	// The namespaces served over HTTP.
	var modules map[string]string
	if err := c.Client().CallContext(ctx, &modules, "rpc_modules"); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"eth", "net", "web3", "debug", "txpool"} {
		if _, ok := modules[m]; !ok {
			t.Errorf("namespace %s not served over HTTP (have %v)", m, modules)
		}
	}

	// Roles: PAUSER_ROLE to the Safe, the guardian and the admin, no one else.
	pool := bindings.NewLendingPool()
	for _, tc := range []struct {
		who  string
		addr common.Address
		want bool
	}{
		{"safe", dep.Safe, true}, {"guardian", dep.Guardian, true}, {"deployer", dep.Deployer, true},
		{"attacker", dep.Attacker, false}, {"safe owner", dep.SafeOwners[0], false},
	} {
		got := call(t, c, dep.Pool, pool.PackHasRole(devnet.PauserRole, tc.addr), pool.UnpackHasRole)
		if got != tc.want {
			t.Errorf("hasRole(PAUSER_ROLE, %s) = %v, want %v", tc.who, got, tc.want)
		}
	}

	// The Safe is a real Safe v1.4.1 with the three owners and threshold 2.
	safe := bindings.NewSafeL2()
	if v := call(t, c, dep.Safe, safe.PackVERSION(), safe.UnpackVERSION); v != "1.4.1" {
		t.Errorf("Safe VERSION() = %q, want 1.4.1", v)
	}
	if th := call(t, c, dep.Safe, safe.PackGetThreshold(), safe.UnpackGetThreshold); th.Int64() != devnet.SafeThreshold {
		t.Errorf("Safe threshold = %s, want %d", th, devnet.SafeThreshold)
	}
	owners := call(t, c, dep.Safe, safe.PackGetOwners(), safe.UnpackGetOwners)
	for _, o := range dep.SafeOwners {
		if !slices.Contains(owners, o) {
			t.Errorf("Safe owners %v lack %s", owners, o)
		}
	}
	if len(owners) != 3 {
		t.Errorf("Safe has %d owners, want 3", len(owners))
	}

	// The seeded state: a solvent pool holding the users' ETH and dUSD.
	if !call(t, c, dep.Pool, pool.PackIsSolvent(), pool.UnpackIsSolvent) {
		t.Error("pool is not solvent after deployment")
	}
	eth, err := c.BalanceAt(ctx, dep.Pool, nil)
	if err != nil || eth.Cmp(ether(100)) != 0 {
		t.Errorf("pool ETH = %v, %v; want 100 ether", eth, err)
	}

	// Keys are deterministic and distinct.
	seen := map[common.Address]string{}
	for _, k := range d.Keys().All() {
		if other, dup := seen[k.Address]; dup {
			t.Errorf("keys %s and %s share %s", other, k.Role, k.Address)
		}
		seen[k.Address] = k.Role
	}
	if !devnet.NewTestKeys().Attacker.Equal(d.Keys().Attacker) {
		t.Error("test keys differ between calls")
	}
}

// TestStartPortInUse checks that a taken port is a clear error.
func TestStartPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	d, err := devnet.Start(context.Background(), devnet.Config{Port: port})
	if err == nil {
		d.Close()
		t.Fatalf("Start on the taken port %d succeeded", port)
	}
	if !errors.Is(err, devnet.ErrPortInUse) {
		t.Fatalf("err = %v, want ErrPortInUse", err)
	}
	t.Log(err)
}

func TestStartBadConfig(t *testing.T) {
	for _, cfg := range []devnet.Config{{Port: -1}, {Port: 70000}, {BlockTime: -time.Second}, {BenignRate: -1}} {
		if d, err := devnet.Start(context.Background(), cfg); err == nil {
			d.Close()
			t.Errorf("Start(%+v) succeeded", cfg)
		}
	}
}

// TestCloseReleasesPort checks that Close closes the listener.
func TestCloseReleasesPort(t *testing.T) {
	d, err := devnet.Start(context.Background(), devnet.Config{})
	if err != nil {
		t.Fatal(err)
	}
	port := d.Port()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("port %d still taken after Close: %v", port, err)
	}
	l.Close()
}

// TestFork checks that Fork rewinds the head so that new blocks reorg it.
func TestFork(t *testing.T) {
	ctx := context.Background()
	d := devnettest.Start(t)
	c := devnettest.Dial(t, d.HTTPURL())
	head, err := c.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Fork(head.ParentHash); err != nil {
		t.Fatal(err)
	}
	d.Commit()
	d.Commit()
	newHead, err := c.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if newHead.Number.Uint64() != head.Number.Uint64()+1 {
		t.Fatalf("head after fork and two blocks = %d, want %d", newHead.Number, head.Number.Uint64()+1)
	}
	replaced, err := c.HeaderByNumber(ctx, head.Number)
	if err != nil {
		t.Fatal(err)
	}
	if replaced.Hash() == head.Hash() {
		t.Fatalf("block %d was not replaced by the fork", head.Number)
	}
	if replaced.ParentHash != head.ParentHash {
		t.Fatalf("fork block's parent = %s, want %s", replaced.ParentHash, head.ParentHash)
	}
}

// call runs a view through ethclient and unpacks it with a binding.
func call[T any](t *testing.T, c *ethclient.Client, to common.Address, data []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	out, err := c.CallContract(context.Background(), ethereum.CallMsg{To: &to, Data: data}, nil)
	if err != nil {
		t.Fatalf("call %s: %v", to, err)
	}
	v, err := unpack(out)
	if err != nil {
		t.Fatalf("unpack call of %s: %v", to, err)
	}
	return v
}

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// sendTx signs and sends a call from key over c and waits for its receipt.
func sendTx(t *testing.T, c *ethclient.Client, key *ecdsa.PrivateKey, to common.Address, data []byte, gas uint64) *types.Receipt {
	t.Helper()
	ctx := context.Background()
	from := devnet.Address(key)
	nonce, err := c.PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	chainID := big.NewInt(devnet.ChainID)
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9),
		Gas: gas, To: &to, Data: data,
	})
	if err := c.SendTransaction(ctx, tx); err != nil {
		t.Fatalf("send from %s: %v", from, err)
	}
	return waitReceipt(t, c, tx.Hash())
}

func waitReceipt(t *testing.T, c *ethclient.Client, hash common.Hash) *types.Receipt {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		r, err := c.TransactionReceipt(ctx, hash)
		if err == nil {
			return r
		}
		select {
		case <-ctx.Done():
			t.Fatalf("receipt of %s: %v", hash, err)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// callFrame is one frame of the callTracer's output.
type callFrame struct {
	Type  string         `json:"type"`
	From  common.Address `json:"from"`
	To    common.Address `json:"to"`
	Input hexutil.Bytes  `json:"input"`
	Value *hexutil.Big   `json:"value"`
	Error string         `json:"error"`
	Calls []callFrame    `json:"calls"`
}

func traceCalls(t *testing.T, c *rpc.Client, tx common.Hash) callFrame {
	t.Helper()
	var top callFrame
	err := c.CallContext(context.Background(), &top, "debug_traceTransaction", tx, map[string]any{"tracer": "callTracer"})
	if err != nil {
		t.Fatalf("debug_traceTransaction %s: %v", tx, err)
	}
	return top
}

// walk calls fn on every frame with its ancestors.
func walk(f callFrame, ancestors []callFrame, fn func(f callFrame, ancestors []callFrame)) {
	fn(f, ancestors)
	for _, child := range f.Calls {
		walk(child, append(slices.Clone(ancestors), f), fn)
	}
}

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}
