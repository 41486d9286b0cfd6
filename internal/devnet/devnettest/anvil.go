package devnettest

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/demo"
	"github.com/breakglass-dev/breakglass/internal/anvil"
)

// AnvilBinary finds Foundry's anvil (anvil.Find). Without it the test
// fails in CI (CI=true) and is skipped elsewhere, saying how to install it.
func AnvilBinary(t testing.TB) string {
	t.Helper()
	bin, err := anvil.Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v (run npm ci in contracts/: it installs @foundry-rs/anvil)", err)
		}
		t.Skipf("%v (run `npm ci` in contracts/ to run this test)", err)
	}
	return bin
}

// Anvil runs anvil on a free port of 127.0.0.1, with the extra arguments,
// until the test ends, and returns its HTTP URL.
func Anvil(t testing.TB, extra ...string) string {
	t.Helper()
	n, err := anvil.Start(context.Background(), AnvilBinary(t), extra...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Close)
	return n.URL
}

// AnvilChain is a running anvil and its clients.
type AnvilChain struct {
	URL     string
	RPC     *rpc.Client
	Client  *ethclient.Client
	ChainID *big.Int
}

// StartAnvil runs anvil (as Anvil does, with the extra arguments), dials
// it and reads its chain id; the clients close when the test ends.
func StartAnvil(t testing.TB, extra ...string) *AnvilChain {
	t.Helper()
	url := Anvil(t, extra...)
	rc, err := rpc.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rc.Close)
	ec := ethclient.NewClient(rc)
	id, err := ec.ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &AnvilChain{URL: url, RPC: rc, Client: ec, ChainID: id}
}

// DeployDemo deploys the demo protocol with params p on the anvil chain,
// sent by admin.
func (a *AnvilChain) DeployDemo(t testing.TB, admin *bind.TransactOpts, p demo.Params) *demo.Protocol {
	t.Helper()
	proto, err := demo.Deploy(context.Background(), a.Client, admin, p)
	if err != nil {
		t.Fatal(err)
	}
	return proto
}

// FundedKey returns a new key holding 1,000,000 ether on the anvil chain
// behind rc (anvil_setBalance).
func FundedKey(t testing.TB, rc *rpc.Client) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	bal := (*hexutil.Big)(new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18)))
	if err := rc.Call(nil, "anvil_setBalance", crypto.PubkeyToAddress(k.PublicKey), bal); err != nil {
		t.Fatal(err)
	}
	return k
}
