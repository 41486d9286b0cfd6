// Package devnet runs an Ethereum chain in-process for drills, demos and
// tests: go-ethereum's full node with the simulated beacon, served over HTTP
// and WebSocket JSON-RPC on 127.0.0.1 with the debug namespace and the native
// tracers. On start it deploys, through package contracts/demo, a real Safe
// v1.4.1 2-of-3 multisig and the demo protocol, and funds benign users; it
// can then play benign traffic and, through contracts/demo again, the attack
// scenarios, and write a ready plan for what it deployed.
//
// The chain is assembled the way go-ethereum's ethclient/simulated does, with
// two changes: the RPC servers listen on TCP and carry the debug, tracer and
// txpool namespaces, and blocks are sealed by the devnet's own miner (on every
// transaction, or every BlockTime) rather than by the beacon's loop, so that
// sub-second block times work and manual Commit and Fork never race it.
// The chain follows mainnet's rules (go-ethereum's developer chain config up
// to Osaka), chain id 1337.
//
// Start it with Start (tests use devnettest.Start), read what it deployed
// with Deployment and its test keys with Keys, play an attack with
// RunScenario, benign traffic with StartBenign, and write a plan for it
// with WritePlan (WritePlanWith adds the demo's optional sections).
package devnet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/big"
	"net"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/eth/tracers"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/demo"

	// The call and prestate tracers used by debug_traceTransaction.
	_ "github.com/ethereum/go-ethereum/eth/tracers/native"
)

// ChainID is the devnet's chain id (go-ethereum's developer chain).
const ChainID = 1337

// Config configures a devnet.
type Config struct {
	// Port is the TCP port on 127.0.0.1 that serves both HTTP and WebSocket
	// JSON-RPC; 0 picks a free port.
	Port int
	// BlockTime seals a block every BlockTime with whatever is in the pool;
	// 0 seals a block as soon as a transaction arrives.
	BlockTime time.Duration
	// BenignRate, when above 0, starts benign traffic at this many
	// transactions per second once everything is deployed.
	BenignRate float64
	// Log receives the devnet's and the node's logs; nil discards them.
	Log *slog.Logger
}

// Devnet is a running chain with the demo protocol deployed.
type Devnet struct {
	cfg    Config
	log    *slog.Logger
	stack  *node.Node
	eth    *eth.Ethereum
	beacon *catalyst.SimulatedBeacon
	rpc    *rpc.Client
	client *ethclient.Client
	keys   TestKeys
	deploy Deployment
	// protocol is the demo protocol as package contracts/demo deployed it.
	protocol *demo.Protocol
	abis     *abis

	sealMu    sync.Mutex // serialises every use of the beacon
	minerStop func()     // stops the running miner and waits for it

	trafficMu sync.Mutex
	// borrower is the first user's FlashBorrower, deployed by the first
	// benign traffic.
	borrower common.Address
	traffic  *Traffic

	runCtx    context.Context // cancelled by Close
	stop      context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// ErrPortInUse is returned by Start when the RPC port is already taken.
var ErrPortInUse = errors.New("port already in use")

// Start starts a devnet, deploys the protocol and the Safe, and returns once
// the chain answers RPC with everything deployed. The caller must Close it.
// ctx bounds the start only; the chain runs until Close.
func Start(ctx context.Context, cfg Config) (*Devnet, error) {
	if cfg.Port < 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("port %d: want 0 (any free port) to 65535", cfg.Port)
	}
	if cfg.BlockTime < 0 {
		return nil, fmt.Errorf("block time %s: must not be negative", cfg.BlockTime)
	}
	if cfg.BenignRate < 0 {
		return nil, fmt.Errorf("benign rate %g: must not be negative", cfg.BenignRate)
	}
	lg := cfg.Log
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	d := &Devnet{cfg: cfg, log: lg, keys: NewTestKeys(), abis: newABIs()}
	if err := d.startNode(); err != nil {
		return nil, err
	}
	runCtx, stop := context.WithCancel(context.Background())
	d.runCtx, d.stop = runCtx, stop
	// Deploy with instant sealing whatever the block time, so that start
	// takes well under a second; the configured mode starts afterwards.
	d.startMiner(runCtx, 0)
	dep, proto, err := deploy(ctx, d)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("deploy the demo protocol: %w", err), d.Close())
	}
	d.deploy, d.protocol = dep, proto
	if cfg.BlockTime > 0 {
		d.stopMiner()
		d.startMiner(runCtx, cfg.BlockTime)
	}
	if cfg.BenignRate > 0 {
		if _, err := d.StartBenign(runCtx, cfg.BenignRate); err != nil {
			return nil, errors.Join(err, d.Close())
		}
	}
	d.log.Info("devnet ready", "http", d.HTTPURL(), "ws", d.WSURL(), "block_time", cfg.BlockTime)
	return d, nil
}

func (d *Devnet) startNode() error {
	nodeCfg := node.DefaultConfig
	nodeCfg.Name = "breakglass-devnet"
	nodeCfg.DataDir = "" // in-memory database, ephemeral keystore
	nodeCfg.P2P = p2p.Config{NoDiscovery: true, MaxPeers: 0, ListenAddr: ""}
	nodeCfg.IPCPath = ""
	nodeCfg.HTTPHost = "127.0.0.1"
	nodeCfg.HTTPPort = d.cfg.Port
	nodeCfg.WSHost = "127.0.0.1"
	nodeCfg.WSPort = d.cfg.Port // same host and port: one server for both
	nodeCfg.WSOrigins = []string{"*"}
	modules := []string{"eth", "net", "web3", "debug", "txpool"}
	nodeCfg.HTTPModules = modules
	nodeCfg.WSModules = modules
	nodeCfg.Logger = log.NewLogger(d.log.Handler())

	stack, err := node.New(&nodeCfg)
	if err != nil {
		return fmt.Errorf("create node: %w", err)
	}
	// go-ethereum's developer chain config, stopped at Osaka (mainnet's
	// rules): its later, still experimental forks reprice storage and would
	// make gas figures measured here unlike any live chain's.
	chainCfg := *params.AllDevChainProtocolChanges
	chainCfg.BogotaTime = nil
	alloc := core.SystemContractAllocs()
	maps.Copy(alloc, d.fundedAccounts())
	ethCfg := ethconfig.Defaults
	ethCfg.Genesis = &core.Genesis{
		Config:   &chainCfg,
		GasLimit: ethconfig.Defaults.Miner.GasCeil,
		BaseFee:  big.NewInt(params.InitialBaseFee),
		Alloc:    alloc,
	}
	ethCfg.SyncMode = ethconfig.FullSync
	ethCfg.TxPool.NoLocals = true
	// Room for bursts: tests and drills send hundreds of transactions from
	// one key at once, and they may reach the pool out of nonce order. The
	// mainnet defaults (64 queued per account) would drop the excess.
	ethCfg.TxPool.AccountSlots = 1024
	ethCfg.TxPool.AccountQueue = 1024
	ethCfg.TxPool.GlobalSlots = 16384
	ethCfg.TxPool.GlobalQueue = 16384
	// No log index (as in ethclient/simulated): eth_getLogs searches the
	// blocks, which is quick on a devnet, and sealing stays cheap.
	ethCfg.LogNoHistory = true
	// An archive node: every block's state stays readable, so that old
	// blocks can be traced (a follower catching up, backtest, forensics)
	// and read (snapshots at a past block). Without it go-ethereum keeps
	// only the last 128 states and answers "historical state is not
	// available".
	ethCfg.NoPruning = true
	ethCfg.StateScheme = rawdb.HashScheme

	ethsvc, err := eth.New(stack, &ethCfg)
	if err != nil {
		return errors.Join(fmt.Errorf("create eth service: %w", err), stack.Close())
	}
	filterSystem := filters.NewFilterSystem(ethsvc.APIBackend, filters.Config{})
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(filterSystem)}})
	stack.RegisterAPIs(tracers.APIs(ethsvc.APIBackend))

	// Period 0: the beacon's own loop stays off; the devnet's miner seals.
	beacon, err := catalyst.NewSimulatedBeacon(0, common.Address{}, ethsvc)
	if err != nil {
		return errors.Join(fmt.Errorf("create simulated beacon: %w", err), stack.Close())
	}
	stack.RegisterLifecycle(beacon)
	if err := stack.Start(); err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("listen on 127.0.0.1:%d: %w (choose another --port, or 0 for any free port)", d.cfg.Port, ErrPortInUse)
		}
		return fmt.Errorf("start node: %w", err)
	}
	d.stack, d.eth, d.beacon = stack, ethsvc, beacon
	d.rpc = stack.Attach()
	d.client = ethclient.NewClient(d.rpc)
	return nil
}

// fundedAccounts gives every test key 10,000 ETH at genesis.
func (d *Devnet) fundedAccounts() types.GenesisAlloc {
	balance := new(big.Int).Mul(big.NewInt(10_000), big.NewInt(params.Ether))
	alloc := types.GenesisAlloc{}
	for _, k := range d.keys.All() {
		alloc[k.Address] = types.Account{Balance: balance}
	}
	return alloc
}

// startMiner starts sealing blocks: on every new transaction when blockTime
// is 0, otherwise every blockTime.
func (d *Devnet) startMiner(ctx context.Context, blockTime time.Duration) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	d.minerStop = func() { cancel(); <-done }
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer close(done)
		if blockTime == 0 {
			d.sealOnTransactions(ctx)
		} else {
			d.sealEvery(ctx, blockTime)
		}
	}()
}

func (d *Devnet) stopMiner() {
	if d.minerStop != nil {
		d.minerStop()
		d.minerStop = nil
	}
}

// sealOnTransactions seals blocks as transactions arrive until ctx is done.
//
// The pool's transaction feed blocks its reorg loop until every subscriber
// has taken the event, and sealing waits for that loop (pool.Sync), so the
// subscription is read by its own goroutine that never seals: it only
// coalesces the events into a one-slot wake-up. A burst of transactions thus
// never fills the subscription while a block is being sealed.
func (d *Devnet) sealOnTransactions(ctx context.Context) {
	wake := make(chan struct{}, 1)
	txs := make(chan core.NewTxsEvent, 256)
	sub := d.eth.TxPool().SubscribeTransactions(txs, true)
	ctx, cancel := context.WithCancel(ctx)
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		defer sub.Unsubscribe()
		defer cancel() // a failed subscription stops the sealer too
		for {
			select {
			case <-ctx.Done():
				return
			case <-sub.Err():
				return
			case <-txs:
				select {
				case wake <- struct{}{}:
				default: // a wake-up is already pending
				}
			}
		}
	}()
	defer func() { cancel(); <-drained }()

	// Seal what arrived before the subscription, if anything.
	d.sealPending(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
			// One sealing round takes every executable transaction,
			// including those announced while it runs.
			d.sealPending(ctx)
		}
	}
}

// sealPending seals blocks until no executable transaction is left, or ctx
// is done.
func (d *Devnet) sealPending(ctx context.Context) {
	d.sealMu.Lock()
	defer d.sealMu.Unlock()
	pool := d.eth.TxPool()
	for range 1000 {
		if ctx.Err() != nil {
			return
		}
		if err := pool.Sync(); err != nil {
			d.log.Warn("sync transaction pool", "err", err)
			return
		}
		if executable, _ := pool.Stats(); executable == 0 {
			return
		}
		d.beacon.Commit()
	}
	d.log.Warn("transactions stay executable but are not mined; check their tips")
}

func (d *Devnet) sealEvery(ctx context.Context, blockTime time.Duration) {
	ticker := time.NewTicker(blockTime)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			d.Commit()
		}
	}
}

// Commit seals one block now with what is in the pool and returns its hash.
// It works in either mining mode.
func (d *Devnet) Commit() common.Hash {
	d.sealMu.Lock()
	defer d.sealMu.Unlock()
	return d.beacon.Commit()
}

// Fork sets the head of the chain back to the block parentHash, so that
// blocks sealed next build a side chain (for reorg tests). It fails while
// transactions are pending. The side chain becomes canonical once it is
// longer than the old one.
func (d *Devnet) Fork(parentHash common.Hash) error {
	d.sealMu.Lock()
	defer d.sealMu.Unlock()
	if err := d.beacon.Fork(parentHash); err != nil {
		return fmt.Errorf("fork at %s: %w", parentHash, err)
	}
	return nil
}

// Rollback drops every pending transaction from the pool.
func (d *Devnet) Rollback() {
	d.sealMu.Lock()
	defer d.sealMu.Unlock()
	d.beacon.Rollback()
}

// HTTPURL is the HTTP JSON-RPC endpoint, e.g. http://127.0.0.1:8545.
func (d *Devnet) HTTPURL() string { return d.stack.HTTPEndpoint() }

// WSURL is the WebSocket JSON-RPC endpoint, e.g. ws://127.0.0.1:8545.
func (d *Devnet) WSURL() string { return d.stack.WSEndpoint() }

// Port is the TCP port the RPC servers listen on.
func (d *Devnet) Port() int {
	_, port, err := net.SplitHostPort(d.stack.HTTPEndpoint()[len("http://"):])
	if err != nil {
		return 0
	}
	p, _ := strconv.Atoi(port)
	return p
}

// Client is an ethclient connected in-process (no TCP) to the devnet. The
// devnet owns it; do not close it.
func (d *Devnet) Client() *ethclient.Client { return d.client }

// RPC is the in-process RPC client behind Client, for namespaces ethclient
// does not cover (debug, txpool). The devnet owns it; do not close it.
func (d *Devnet) RPC() *rpc.Client { return d.rpc }

// ChainID is the chain id as a big.Int, for signers.
func (d *Devnet) ChainID() *big.Int { return big.NewInt(ChainID) }

// Keys returns the deterministic test keys.
func (d *Devnet) Keys() TestKeys { return d.keys }

// Protocol returns the demo protocol as package contracts/demo deployed it,
// for tests that play an attack their own way (demo.RunScenario).
func (d *Devnet) Protocol() *demo.Protocol { return d.protocol }

// Deployment returns the addresses of everything deployed at start.
func (d *Devnet) Deployment() Deployment { return d.deploy }

// BlockTime is the configured block time; 0 means a block per transaction.
func (d *Devnet) BlockTime() time.Duration { return d.cfg.BlockTime }

// Close stops mining and traffic, then the node, closing the RPC listeners.
// It is safe to call more than once.
func (d *Devnet) Close() error {
	d.closeOnce.Do(func() {
		if d.stop != nil {
			d.stop()
		}
		d.stopMiner()
		d.wg.Wait()
		if d.rpc != nil {
			d.rpc.Close()
		}
		if d.stack != nil {
			d.closeErr = closeNode(d.stack, nodeStopTimeout)
		}
	})
	return d.closeErr
}

// nodeStopTimeout bounds the node's shutdown. Rarely (about one run in
// twenty under heavy load, after a burst of transactions), go-ethereum's
// eth handler blocks in Stop while unsubscribing from the transaction
// pool; the listeners are closed by then, so the devnet gives up waiting
// rather than hang its caller.
const nodeStopTimeout = 10 * time.Second

// ErrStopTimeout is returned by Close when the node did not stop in time;
// its RPC listeners are closed, but some of its goroutines may still run.
var ErrStopTimeout = errors.New("the go-ethereum node did not stop in time")

func closeNode(stack *node.Node, limit time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- stack.Close() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("close devnet node: %w", err)
		}
		return nil
	case <-time.After(limit):
		return fmt.Errorf("close devnet node: %w (waited %s)", ErrStopTimeout, limit)
	}
}

// WaitForBlock waits until the chain's head is at least block n.
func (d *Devnet) WaitForBlock(ctx context.Context, n uint64) error {
	for {
		head, err := d.client.BlockNumber(ctx)
		if err != nil {
			return fmt.Errorf("wait for block %d: %w", n, err)
		}
		if head >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for block %d (head %d): %w", n, head, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
