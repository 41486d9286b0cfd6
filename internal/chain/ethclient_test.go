package chain_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/chain/chaintest"
	"github.com/breakglass-dev/breakglass/internal/devnet"
)

// node is go-ethereum's ethclient method set as the rest of breakglass
// uses it: *ethclient.Client and *chain.Client both have it, so the same
// call can be made on each and the answers compared.
type node interface {
	bind.Backend
	ethereum.ChainStateReader
	ethereum.BlockNumberReader
	NonceAt(ctx context.Context, account common.Address, number *big.Int) (uint64, error)
}

// signedTransfer signs a 1-wei transfer from key at nonce.
func signedTransfer(t testing.TB, key *ecdsa.PrivateKey, nonce uint64) *types.Transaction {
	t.Helper()
	to := common.HexToAddress("0x000000000000000000000000000000000000dEaD")
	return types.MustSignNewTx(key, types.LatestSignerForChainID(big.NewInt(devnet.ChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(devnet.ChainID), Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11),
		Gas: 21000, To: &to, Value: big.NewInt(1),
	})
}

// pendingTransfer signs, without sending it, a transfer from key at the
// nonce the node has pending for it.
func (tc *testChain) pendingTransfer(t testing.TB, key *ecdsa.PrivateKey) *types.Transaction {
	t.Helper()
	n, err := tc.Client().PendingNonceAt(context.Background(), devnet.Address(key))
	if err != nil {
		t.Fatal(err)
	}
	return signedTransfer(t, key, n)
}

// TestClientMethodsFailOver: every ethclient method of the Client answers
// as the node does when the first endpoint answers that method with a
// JSON-RPC error, and that endpoint is blamed for it.
func TestClientMethodsFailOver(t *testing.T) {
	tc := newTestChain(t)
	blocks := tc.mine(t, 3, 4)
	ctx := context.Background()
	dep := tc.Deployment()
	user := dep.Users[0]
	stable := bindings.NewStableToken()
	header, err := tc.Client().HeaderByHash(ctx, blocks[1])
	if err != nil {
		t.Fatal(err)
	}
	block, err := tc.Client().BlockByHash(ctx, blocks[1])
	if err != nil {
		t.Fatal(err)
	}
	minedTx := block.Transactions()[1]
	transfer := ethereum.CallMsg{From: user, To: &dep.Stable, Data: stable.PackTransfer(dep.Attacker, big.NewInt(1))}

	tests := []struct {
		method string
		call   func(ctx context.Context, n node) (string, error)
	}{
		{"eth_blockNumber", func(ctx context.Context, n node) (string, error) {
			v, err := n.BlockNumber(ctx)
			return fmt.Sprint(v), err
		}},
		{"eth_getBlockByNumber", func(ctx context.Context, n node) (string, error) {
			h, err := n.HeaderByNumber(ctx, header.Number)
			if err != nil {
				return "", err
			}
			head, err := n.HeaderByNumber(ctx, nil)
			if err != nil {
				return "", err
			}
			return h.Hash().Hex() + " " + head.Hash().Hex(), nil
		}},
		{"eth_getBalance", func(ctx context.Context, n node) (string, error) {
			v, err := n.BalanceAt(ctx, user, header.Number)
			return fmt.Sprint(v), err
		}},
		{"eth_getTransactionCount", func(ctx context.Context, n node) (string, error) {
			a, err := n.NonceAt(ctx, user, nil)
			if err != nil {
				return "", err
			}
			b, err := n.PendingNonceAt(ctx, user)
			return fmt.Sprint(a, b), err
		}},
		{"eth_getCode", func(ctx context.Context, n node) (string, error) {
			a, err := n.CodeAt(ctx, dep.Stable, header.Number)
			if err != nil {
				return "", err
			}
			b, err := n.PendingCodeAt(ctx, dep.Pool)
			return fmt.Sprintf("%x %x", a, b), err
		}},
		{"eth_getStorageAt", func(ctx context.Context, n node) (string, error) {
			v, err := n.StorageAt(ctx, dep.Stable, common.Hash{31: 2}, nil)
			return fmt.Sprintf("%x", v), err
		}},
		{"eth_call", func(ctx context.Context, n node) (string, error) {
			v, err := n.CallContract(ctx, ethereumCall(dep.Stable, stable.PackBalanceOf(user)), header.Number)
			return fmt.Sprintf("%x", v), err
		}},
		{"eth_estimateGas", func(ctx context.Context, n node) (string, error) {
			v, err := n.EstimateGas(ctx, transfer)
			return fmt.Sprint(v), err
		}},
		{"eth_maxPriorityFeePerGas", func(ctx context.Context, n node) (string, error) {
			v, err := n.SuggestGasTipCap(ctx)
			return fmt.Sprint(v), err
		}},
		{"eth_gasPrice", func(ctx context.Context, n node) (string, error) {
			v, err := n.SuggestGasPrice(ctx)
			return fmt.Sprint(v), err
		}},
		{"eth_getTransactionByHash", func(ctx context.Context, n node) (string, error) {
			tx, pending, err := n.TransactionByHash(ctx, minedTx.Hash())
			if err != nil {
				return "", err
			}
			return fmt.Sprint(tx.Hash().Hex(), pending), nil
		}},
		{"eth_getTransactionReceipt", func(ctx context.Context, n node) (string, error) {
			r, err := n.TransactionReceipt(ctx, minedTx.Hash())
			if err != nil {
				return "", err
			}
			return fmt.Sprint(r.TxHash.Hex(), r.BlockHash.Hex(), r.Status, r.GasUsed, len(r.Logs)), nil
		}},
		{"eth_getLogs", func(ctx context.Context, n node) (string, error) {
			logs, err := n.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0), ToBlock: header.Number, Addresses: []common.Address{dep.Stable}})
			if err != nil {
				return "", err
			}
			var out []string
			for _, l := range logs {
				out = append(out, fmt.Sprint(l.TxHash.Hex(), l.Index))
			}
			return strings.Join(out, ","), nil
		}},
	}
	for i, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			want, err := tt.call(ctx, tc.Client())
			if err != nil {
				t.Fatalf("the node itself: %v", err)
			}
			bad := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i))
			good := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i))
			bad.SetFaults(chaintest.Faults{MethodErrors: map[string]string{tt.method: "injected upstream error"}})
			c, reg := dial(t, fastConfig(bad.URL(), good.URL()))
			got, err := tt.call(ctx, c)
			if err != nil {
				t.Fatalf("through the client: %v", err)
			}
			if got != want {
				t.Fatalf("client answered %s, the node %s", got, want)
			}
			if bad.Calls(tt.method) == 0 {
				t.Fatalf("the erroring endpoint was never asked %s: the test proves nothing", tt.method)
			}
			if n := metric(t, reg.Registry, "breakglass_chain_rpc_errors_total", map[string]string{"endpoint": bad.URL(), "kind": "rpc_error"}); n < 1 {
				t.Fatalf("erroring endpoint not blamed; injected %v", bad.Injected())
			}
			wantUnblamed(t, reg.Registry, good.URL())
		})
	}
}

// TestClientSendTransaction: a broadcast moves on from an endpoint that
// fails, but a node's verdict on the transaction is returned as is and
// never tried on the other endpoints.
func TestClientSendTransaction(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 1, 1)
	ctx := context.Background()
	key := tc.Keys().Users[0]
	from := devnet.Address(key)

	tests := []struct {
		name string
		// badFaults are the first endpoint's faults.
		badFaults chaintest.Faults
		// tx returns the transaction to send.
		tx func(t *testing.T, c *chain.Client) *types.Transaction
		// wantErr is the verdict expected ("" for success).
		wantErr string
		// sends is how many eth_sendRawTransaction reach the proxies.
		sends int
		// blamed says whether the first endpoint is counted as failing.
		blamed bool
	}{
		{
			name:      "erroring endpoint: sent through the next",
			badFaults: chaintest.Faults{MethodErrors: map[string]string{"eth_sendRawTransaction": "injected upstream error"}},
			tx: func(t *testing.T, c *chain.Client) *types.Transaction {
				return tc.pendingTransfer(t, key)
			},
			sends: 2, blamed: true,
		},
		{
			name:      "HTTP 500: sent through the next",
			badFaults: chaintest.Faults{Status500: 1},
			tx: func(t *testing.T, c *chain.Client) *types.Transaction {
				return tc.pendingTransfer(t, key)
			},
			sends: 2, blamed: true,
		},
		{
			name: "nonce too low: the answer, not retried",
			tx: func(t *testing.T, c *chain.Client) *types.Transaction {
				return signedTransfer(t, key, 0)
			},
			wantErr: "nonce too low", sends: 1,
		},
		{
			name: "already known: the answer, not retried",
			tx: func(t *testing.T, c *chain.Client) *types.Transaction {
				tx := tc.pendingTransfer(t, key)
				if err := tc.Client().SendTransaction(ctx, tx); err != nil {
					t.Fatal(err)
				}
				return tx
			},
			wantErr: "already known", sends: 1,
		},
		{
			name: "underpriced replacement: the answer, not retried",
			tx: func(t *testing.T, c *chain.Client) *types.Transaction {
				first := tc.pendingTransfer(t, key)
				if err := tc.Client().SendTransaction(ctx, first); err != nil {
					t.Fatal(err)
				}
				to := common.HexToAddress("0x000000000000000000000000000000000000bEEF")
				return types.MustSignNewTx(key, types.LatestSignerForChainID(big.NewInt(devnet.ChainID)), &types.DynamicFeeTx{
					ChainID: big.NewInt(devnet.ChainID), Nonce: first.Nonce(), GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11),
					Gas: 21000, To: &to, Value: big.NewInt(2),
				})
			},
			wantErr: "underpriced", sends: 1,
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i))
			good := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i))
			c, reg := dial(t, fastConfig(bad.URL(), good.URL()))
			// A read goes to the first endpoint (configuration order), which
			// checks its chain id before its faults; it stays the preferred
			// one (no latency is known for the second).
			if _, err := c.NonceAt(ctx, from, nil); err != nil {
				t.Fatal(err)
			}
			bad.SetFaults(tt.badFaults)
			tx := tt.tx(t, c)
			err := c.SendTransaction(ctx, tx)
			sends := bad.Calls("eth_sendRawTransaction") + good.Calls("eth_sendRawTransaction")
			if sends != tt.sends {
				t.Errorf("eth_sendRawTransaction reached the endpoints %d times, want %d (err %v)", sends, tt.sends, err)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("send: %v", err)
				}
				tc.Commit()
				if r, err := tc.Client().TransactionReceipt(ctx, tx.Hash()); err != nil || r.Status != types.ReceiptStatusSuccessful {
					t.Fatalf("sent transaction not mined: %v %v", r, err)
				}
			} else {
				var re rpc.Error
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &re) {
					t.Fatalf("send: %v, want the node's %q as a JSON-RPC error", err, tt.wantErr)
				}
				tc.Commit() // the pool's pending transfer, if any, out of the way
			}
			blamed := metric(t, reg.Registry, "breakglass_chain_rpc_errors_total", map[string]string{"endpoint": bad.URL()}) > 0
			if blamed != tt.blamed {
				t.Fatalf("first endpoint blamed: %v, want %v", blamed, tt.blamed)
			}
			wantUnblamed(t, reg.Registry, good.URL())
		})
	}
}

// TestClientReceiptOfPendingTransaction: a node without a receipt for a
// transaction still pending — null, or an error such as "receipt not yet
// available" — is not failing nor lagging: the client says
// ethereum.NotFound after asking each endpoint once, blames none and sets
// none aside; once mined, the receipt is there.
func TestClientReceiptOfPendingTransaction(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 1, 1)
	ctx := context.Background()
	key := tc.Keys().Users[1]

	tests := []struct {
		name      string
		endpoints int
		answer    string // "" for null
	}{
		{"null, one endpoint", 1, ""},
		{"receipt not yet available, one endpoint", 1, "receipt not yet available"},
		{"transaction indexing is in progress, two endpoints", 2, "transaction indexing is in progress"},
		{"null, three endpoints", 3, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var proxies []*chaintest.Proxy
			var urls []string
			for j := range tt.endpoints {
				p := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i*10+j))
				p.SetFaults(chaintest.Faults{PendingReceipt: tt.answer})
				proxies = append(proxies, p)
				urls = append(urls, p.URL())
			}
			c, reg := dial(t, fastConfig(urls...))
			tx := tc.pendingTransfer(t, key)
			if err := c.SendTransaction(ctx, tx); err != nil {
				t.Fatal(err)
			}
			const polls = 5
			for range polls {
				r, err := c.TransactionReceipt(ctx, tx.Hash())
				if !errors.Is(err, ethereum.NotFound) || r != nil {
					t.Fatalf("receipt of a pending transaction: %v, %v; want ethereum.NotFound", r, err)
				}
			}
			for _, p := range proxies {
				if got := p.Calls("eth_getTransactionReceipt"); got != polls {
					t.Errorf("endpoint %s asked %d times in %d polls, want once a poll", p.URL(), got, polls)
				}
				if tt.answer != "" && p.Injected()[chaintest.FaultNoReceiptYet] == 0 {
					t.Errorf("endpoint %s never said %q: the test proves nothing", p.URL(), tt.answer)
				}
			}
			if n := metric(t, reg.Registry, "breakglass_chain_rpc_errors_total", nil); n != 0 {
				t.Fatalf("a pending transaction's missing receipt was counted as %v endpoint errors", n)
			}
			if n := metric(t, reg.Registry, "breakglass_chain_endpoint_up", nil); n != float64(tt.endpoints) {
				t.Fatalf("%v of %d endpoints up after polling a pending receipt", n, tt.endpoints)
			}
			// bind.WaitMined, written for ethclient, works on the client.
			done := make(chan *types.Receipt, 1)
			go func() {
				r, err := bind.WaitMined(ctx, c, tx.Hash())
				if err != nil {
					t.Error(err)
				}
				done <- r
			}()
			tc.Commit()
			select {
			case r := <-done:
				if r == nil || r.TxHash != tx.Hash() || r.Status != types.ReceiptStatusSuccessful {
					t.Fatalf("receipt once mined: %+v", r)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no receipt 10s after the transaction was mined")
			}
		})
	}
}

// TestClientDeploysThroughBind: go-ethereum's bindings deploy and call a
// contract through the Client (it is a bind.ContractBackend and a
// bind.DeployBackend) with a dead endpoint first.
func TestClientDeploysThroughBind(t *testing.T) {
	tc := newTestChain(t)
	ctx := context.Background()
	c, _ := dial(t, fastConfig("http://127.0.0.1:1", tc.HTTPURL()))
	key := tc.Keys().Users[2]
	opts := bind.NewKeyedTransactor(key, big.NewInt(devnet.ChainID))
	opts.Context = ctx
	addr, tx, err := bind.DeployContract(opts, common.FromHex(bindings.AccessAttackerMetaData.Bin), c, nil)
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		got, err := bind.WaitDeployed(ctx, c, tx.Hash())
		if err == nil && got != addr {
			err = fmt.Errorf("deployed at %s, want %s", got, addr)
		}
		done <- err
	}()
	tc.Commit()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("not deployed 10s after the block")
	}
	attacker := bindings.NewAccessAttacker()
	owner, err := bind.Call(attacker.Instance(c, addr), &bind.CallOpts{Context: ctx}, attacker.PackOwner(), attacker.UnpackOwner)
	if err != nil {
		t.Fatal(err)
	}
	if owner != devnet.Address(key) {
		t.Fatalf("owner %s, want the deployer %s", owner, devnet.Address(key))
	}
}

// TestClientRefusalsAreAnswers: a node's refusal that every attempt would
// meet again — a log range too large, a revert — is returned at once from
// one request, and the endpoint is not blamed; the caller acts on it
// (smaller ranges, a failed simulation).
func TestClientRefusalsAreAnswers(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 2, 2)
	ctx := context.Background()
	dep := tc.Deployment()
	stable := bindings.NewStableToken()
	user := dep.Users[0]

	tests := []struct {
		name   string
		faults chaintest.Faults
		method string
		call   func(c *chain.Client) error
		is     func(err error) bool
	}{
		{
			name:   "log range too large",
			faults: chaintest.Faults{MethodErrors: map[string]string{"eth_getLogs": "query returned more than 10000 results. Try with this block range [0x0, 0x1]."}},
			method: "eth_getLogs",
			call: func(c *chain.Client) error {
				_, err := c.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0), Addresses: []common.Address{dep.Stable}})
				return err
			},
			is: chain.IsLogRangeTooLarge,
		},
		{
			name:   "revert",
			method: "eth_call",
			call: func(c *chain.Client) error {
				_, err := c.CallContract(ctx, ethereum.CallMsg{From: user, To: &dep.Stable, Data: stable.PackTransfer(dep.Attacker, new(big.Int).Lsh(big.NewInt(1), 200))}, nil)
				return err
			},
			is: func(err error) bool { return strings.Contains(err.Error(), "execution reverted") },
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i))
			second := chaintest.NewProxy(t, tc.HTTPURL(), uint64(i))
			first.SetFaults(tt.faults)
			second.SetFaults(tt.faults)
			c, reg := dial(t, fastConfig(first.URL(), second.URL()))
			err := tt.call(c)
			if err == nil || !tt.is(err) {
				t.Fatalf("got %v, want the node's refusal", err)
			}
			if n := first.Calls(tt.method) + second.Calls(tt.method); n != 1 {
				t.Fatalf("%s sent %d times, want once", tt.method, n)
			}
			if n := metric(t, reg.Registry, "breakglass_chain_rpc_errors_total", nil); n != 0 {
				t.Fatalf("a refusal counted as %v endpoint errors", n)
			}
		})
	}
}

// TestClientBatchFailsOver: a JSON-RPC batch moves on from an endpoint that
// fails it, and each element's answer is the node's.
func TestClientBatchFailsOver(t *testing.T) {
	tc := newTestChain(t)
	tc.mine(t, 1, 2)
	ctx := context.Background()
	bad := chaintest.NewProxy(t, tc.HTTPURL(), 1)
	good := chaintest.NewProxy(t, tc.HTTPURL(), 2)
	c, reg := dial(t, fastConfig(bad.URL(), good.URL()))
	users := tc.Deployment().Users
	if _, err := c.NonceAt(ctx, users[0], nil); err != nil { // the first endpoint's chain id checked
		t.Fatal(err)
	}
	bad.SetFaults(chaintest.Faults{Status500: 1})
	bals := make([]hexutil.Big, len(users))
	batch := make([]rpc.BatchElem, len(users))
	for i, u := range users {
		batch[i] = rpc.BatchElem{Method: "eth_getBalance", Args: []any{u, "latest"}, Result: &bals[i]}
	}
	if err := c.BatchCallContext(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for i, u := range users {
		want, err := tc.Client().BalanceAt(ctx, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		if batch[i].Error != nil || bals[i].ToInt().Cmp(want) != 0 {
			t.Fatalf("balance of %s: %v %v, node says %s", u, bals[i].ToInt(), batch[i].Error, want)
		}
	}
	if n := metric(t, reg.Registry, "breakglass_chain_rpc_errors_total", map[string]string{"endpoint": bad.URL(), "op": "batch", "kind": "http_5xx"}); n < 1 {
		t.Fatalf("failing endpoint not blamed for the batch; injected %v", bad.Injected())
	}
}
