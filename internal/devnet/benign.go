package devnet

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/contracts/demo"
)

// Benign operations, the keys of TrafficStats.Ops.
const (
	OpDeposit            = "deposit"
	OpWithdraw           = "withdraw"
	OpDepositCollateral  = "depositCollateral"
	OpWithdrawCollateral = "withdrawCollateral"
	OpBorrow             = "borrow"
	OpRepay              = "repay"
	OpSwap               = "swap"
	OpDepositETH         = "depositETH"
	OpWithdrawAllETH     = "withdrawAllETH"
	// The rare, large, legitimate operations, one in specialEvery: a
	// flash loan of 1,000,000 dUSD put through the pool and repaid (a
	// user's FlashBorrower), the admin (a whale holding the pool's
	// liquidity) withdrawing 400,000 dUSD and later depositing it back,
	// and the admin granting PAUSER_ROLE to an on-call address and
	// revoking it.
	OpFlashLoan   = "flashLoan"
	OpWhaleExit   = "whaleExit"
	OpWhaleReturn = "whaleReturn"
	OpGrantRole   = "grantRole"
	OpRevokeRole  = "revokeRole"
)

// specialEvery is how many regular operations go out per special one.
const specialEvery = 20

// specialOps are the special operations, in the order they go out.
var specialOps = []string{OpFlashLoan, OpWhaleExit, OpGrantRole, OpWhaleReturn, OpRevokeRole}

// Amounts of the special operations.
var (
	flashLoanAmount = tokens(1_000_000)
	whaleExitAmount = tokens(400_000)
)

// adminUser is the user index of the admin's (the deployer's)
// transactions in pendingOp.
const adminUser = -1

// OnCall is the address the admin grants PAUSER_ROLE to and revokes it
// from in benign traffic (no key holds it).
var OnCall = common.HexToAddress("0x0000000000000000000000000000000000ca11ed")

// benignGas is the gas limit of every benign transaction: well above what
// any of them uses, and fixed, since estimating against a state that the
// still-pending transactions will change would be no more exact.
const benignGas = 300_000

// ErrTrafficRunning is returned by StartBenign while a generator runs.
var ErrTrafficRunning = errors.New("benign traffic is already running")

// TrafficStats counts what a benign traffic generator did.
type TrafficStats struct {
	// Sent counts the transactions the node accepted.
	Sent uint64
	// Mined counts the sent transactions seen in a block.
	Mined uint64
	// Reverted counts mined transactions that reverted while the pool was
	// not paused. The generator only sends what must succeed, so any is a
	// bug (or an exploit that drained the pool in the same block).
	Reverted uint64
	// RevertedPaused counts transactions that reverted because the pool was
	// paused by the time they were mined: expected around a containment.
	RevertedPaused uint64
	// SendErrors counts transactions the node refused.
	SendErrors uint64
	// Ops counts the sent transactions by operation (OpDeposit, …).
	Ops map[string]uint64
	// FirstBlock and LastBlock bound the blocks its transactions were mined in.
	FirstBlock, LastBlock uint64
	// Specials are the blocks holding special operations (OpFlashLoan,
	// OpWhaleExit, OpWhaleReturn, OpGrantRole, OpRevokeRole), with them.
	Specials map[uint64][]string
}

// Traffic is a running benign traffic generator: the benign users deposit,
// withdraw, lock and unlock collateral, borrow, repay, swap on the AMM and
// park and withdraw ETH, at a steady rate. It decides each operation from
// the state at the head minus what its own pending transactions may still
// take, so that every transaction it sends succeeds.
type Traffic struct {
	d      *Devnet
	rate   float64
	signer types.Signer
	rng    *rand.Rand
	cancel context.CancelFunc
	done   chan struct{}

	mu    sync.Mutex
	users []*trafficUser
	// admin is the deployer: the protocol's admin and its largest
	// lender (the whale); it sends the special operations but the flash
	// loan, one at a time.
	admin    *trafficUser
	borrower common.Address
	special  int
	// pending are the sent transactions not yet seen mined; recent are
	// those seen mined, by block, until a decision reads a view at or past
	// that block (a view older than their block does not reflect them).
	pending map[common.Hash]pendingOp
	recent  map[common.Hash]uint64
	ops     map[common.Hash]pendingOp
	viewAt  []uint64 // the block of each sender's latest view
	held    int
	stats   TrafficStats
}

type trafficUser struct {
	key   *ecdsa.PrivateKey
	addr  common.Address
	nonce uint64
}

// pendingOp is a sent, unmined transaction and what it may take.
type pendingOp struct {
	user int
	op   string
	// What the transaction may take from the user's wallet and positions
	// and from the pool's dUSD cash, once mined; zero or nil when nothing.
	stableOut, collateralOut   *big.Int
	withdraw, unlock           *big.Int
	borrow, repay, poolCashOut *big.Int
	eth                        bool
	// special is set on the special operations (one pending at a time).
	special bool
}

// StartBenign starts benign traffic at rate transactions per second. It
// stops when ctx is cancelled, on Stop, or when the devnet closes.
func (d *Devnet) StartBenign(ctx context.Context, rate float64) (*Traffic, error) {
	if rate <= 0 || rate > 10_000 {
		return nil, fmt.Errorf("benign rate %g: want more than 0 and at most 10000 transactions per second", rate)
	}
	d.trafficMu.Lock()
	defer d.trafficMu.Unlock()
	if d.traffic != nil {
		return nil, ErrTrafficRunning
	}
	t := &Traffic{
		d:       d,
		rate:    rate,
		signer:  types.LatestSignerForChainID(d.ChainID()),
		rng:     rand.New(rand.NewPCG(uint64(ChainID), 0xbe9)),
		done:    make(chan struct{}),
		pending: map[common.Hash]pendingOp{},
		recent:  map[common.Hash]uint64{},
		ops:     map[common.Hash]pendingOp{},
		stats:   TrafficStats{Ops: map[string]uint64{}, Specials: map[uint64][]string{}},
	}
	borrower, err := d.flashBorrower(ctx)
	if err != nil {
		return nil, fmt.Errorf("start benign traffic: %w", err)
	}
	t.borrower = borrower
	head, err := d.client.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("start benign traffic: head: %w", err)
	}
	admin := Address(d.keys.Deployer)
	adminNonce, err := d.client.PendingNonceAt(ctx, admin)
	if err != nil {
		return nil, fmt.Errorf("start benign traffic: nonce of %s: %w", admin, err)
	}
	t.admin = &trafficUser{key: d.keys.Deployer, addr: admin, nonce: adminNonce}
	for _, key := range d.keys.Users {
		t.viewAt = append(t.viewAt, head)
		addr := Address(key)
		nonce, err := d.client.PendingNonceAt(ctx, addr)
		if err != nil {
			return nil, fmt.Errorf("start benign traffic: nonce of %s: %w", addr, err)
		}
		t.users = append(t.users, &trafficUser{key: key, addr: addr, nonce: nonce})
	}
	heads := make(chan *types.Header, 64)
	sub, err := d.client.SubscribeNewHead(ctx, heads)
	if err != nil {
		return nil, fmt.Errorf("start benign traffic: subscribe to new heads: %w", err)
	}
	from, err := d.client.BlockNumber(ctx)
	if err != nil {
		sub.Unsubscribe()
		return nil, fmt.Errorf("start benign traffic: head: %w", err)
	}
	// The sender stops first (sendCtx); the watcher keeps counting receipts
	// until Stop has seen every pending transaction mined (watchCtx).
	watchCtx, stopWatch := context.WithCancel(context.WithoutCancel(ctx))
	sendCtx, stopSend := context.WithCancel(ctx)
	runCtx := d.runCtx
	t.cancel = stopSend
	stopOnClose := context.AfterFunc(runCtx, stopSend)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer sub.Unsubscribe()
		t.watch(watchCtx, runCtx, heads, sub, from)
	}()
	go func() {
		defer wg.Done()
		t.send(sendCtx, runCtx)
	}()
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		<-sendCtx.Done()
		stopOnClose()
		t.drain(runCtx)
		stopWatch()
		wg.Wait()
		d.trafficMu.Lock()
		if d.traffic == t {
			d.traffic = nil
		}
		d.trafficMu.Unlock()
		close(t.done)
	}()
	d.traffic = t
	d.log.Info("benign traffic started", "rate", rate)
	return t, nil
}

// Traffic returns the running benign traffic generator, or nil.
func (d *Devnet) Traffic() *Traffic { return d.currentTraffic() }

// currentTraffic is the running generator, if any.
func (d *Devnet) currentTraffic() *Traffic {
	d.trafficMu.Lock()
	defer d.trafficMu.Unlock()
	return d.traffic
}

// Stop stops sending, waits until every sent transaction was mined (at most
// a few block times) and returns the final counts.
func (t *Traffic) Stop() TrafficStats {
	t.cancel()
	<-t.done
	return t.Stats()
}

// Done is closed once the generator has stopped.
func (t *Traffic) Done() <-chan struct{} { return t.done }

// Stats returns the counts so far.
func (t *Traffic) Stats() TrafficStats {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.stats
	s.Ops = make(map[string]uint64, len(t.stats.Ops))
	for k, v := range t.stats.Ops {
		s.Ops[k] = v
	}
	s.Specials = make(map[uint64][]string, len(t.stats.Specials))
	for k, v := range t.stats.Specials {
		s.Specials[k] = slices.Clone(v)
	}
	return s
}

// hold pauses sending and waits until every pending transaction was mined;
// release resumes.
func (t *Traffic) hold(ctx context.Context) (release func(), err error) {
	t.mu.Lock()
	t.held++
	t.mu.Unlock()
	release = func() {
		t.mu.Lock()
		t.held--
		t.mu.Unlock()
	}
	if err := t.waitIdle(ctx); err != nil {
		release()
		return nil, fmt.Errorf("hold benign traffic: %w", err)
	}
	return release, nil
}

func (t *Traffic) waitIdle(ctx context.Context) error {
	for {
		t.mu.Lock()
		n := len(t.pending)
		t.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d benign transactions still pending: %w", n, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// drain waits, bounded, for the pending transactions after the sender stopped.
func (t *Traffic) drain(runCtx context.Context) {
	ctx, cancel := context.WithTimeout(runCtx, 3*t.d.cfg.BlockTime+5*time.Second)
	defer cancel()
	if err := t.waitIdle(ctx); err != nil && runCtx.Err() == nil {
		t.d.log.Warn("benign traffic stopped with transactions unmined", "err", err)
	}
}

// send runs one sender per user, each at its share of the rate. A sender
// that falls behind (a slow step) catches up, up to a second's worth.
func (t *Traffic) send(ctx, runCtx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(runCtx, cancel)
	defer stop()
	var wg sync.WaitGroup
	for ui := range t.users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.sendAs(ctx, ui)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t.sendSpecials(ctx)
	}()
	wg.Wait()
}

// sendSpecials sends the special operations in turn, one per specialEvery
// regular ones, each once the previous one was mined.
func (t *Traffic) sendSpecials(ctx context.Context) {
	tick := time.NewTicker(time.Duration(float64(time.Second) * specialEvery / t.rate))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		t.mu.Lock()
		busy := t.held > 0
		for _, p := range t.pending {
			busy = busy || p.special
		}
		op := specialOps[t.special%len(specialOps)]
		t.mu.Unlock()
		if busy {
			continue
		}
		ui := adminUser
		if op == OpFlashLoan {
			ui = 0
		}
		sent, err := t.stepOp(ctx, ui, op)
		if err != nil && ctx.Err() == nil {
			t.d.log.Warn("benign traffic", "op", op, "err", err)
		}
		if sent || err == nil {
			// Not feasible now (the pool paused, the whale already out):
			// the next one's turn.
			t.mu.Lock()
			t.special++
			t.mu.Unlock()
		}
	}
}

// flashBorrower returns the FlashBorrower of the first benign user,
// deploying it (and approving it the fees in dUSD) on first use. The
// caller holds trafficMu.
func (d *Devnet) flashBorrower(ctx context.Context) (common.Address, error) {
	if d.borrower != (common.Address{}) {
		return d.borrower, nil
	}
	key := d.keys.Users[0]
	fb := bindings.NewFlashBorrower()
	code := append(common.FromHex(bindings.FlashBorrowerMetaData.Bin), fb.PackConstructor(d.deploy.FlashLender)...)
	rcs, err := d.sendBatch(ctx, []txRequest{{what: "deploy a user's FlashBorrower", key: key, data: code}})
	if err != nil {
		return common.Address{}, err
	}
	addr := rcs[0].ContractAddress
	_, err = d.sendBatch(ctx, []txRequest{
		{what: "approve dUSD to the FlashBorrower (its fees)", key: key, to: &d.deploy.Stable, data: d.abis.stable.PackApprove(addr, abi.MaxUint256)},
		{what: "approve dUSD to the pool (the whale's return)", key: d.keys.Deployer, to: &d.deploy.Stable, data: d.abis.stable.PackApprove(d.deploy.Pool, abi.MaxUint256)},
	})
	if err != nil {
		return common.Address{}, err
	}
	d.borrower = addr
	return addr, nil
}

func (t *Traffic) sendAs(ctx context.Context, ui int) {
	interval := time.Duration(float64(time.Second) * float64(len(t.users)) / t.rate)
	// Stagger the users so their transactions spread over the interval.
	next := time.Now().Add(interval * time.Duration(ui) / time.Duration(len(t.users)))
	timer := time.NewTimer(time.Until(next))
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		t.mu.Lock()
		held := t.held > 0
		t.mu.Unlock()
		if !held {
			if err := t.step(ctx, ui); err != nil && ctx.Err() == nil {
				t.d.log.Warn("benign traffic", "err", err)
			}
		}
		next = next.Add(interval)
		if behind := time.Since(next); behind > time.Second {
			next = time.Now()
		}
		timer.Reset(time.Until(next))
	}
}

// watch counts the receipts of pending transactions block by block.
func (t *Traffic) watch(ctx, runCtx context.Context, heads <-chan *types.Header, sub interface{ Err() <-chan error }, from uint64) {
	next := from + 1
	for {
		select {
		case <-ctx.Done():
			return
		case <-runCtx.Done():
			return
		case err := <-sub.Err():
			if err != nil && ctx.Err() == nil {
				t.d.log.Warn("benign traffic: new heads subscription ended", "err", err)
			}
			return
		case h := <-heads:
			for ; next <= h.Number.Uint64(); next++ {
				if err := t.account(ctx, next); err != nil {
					if ctx.Err() == nil {
						t.d.log.Warn("benign traffic: read receipts", "block", next, "err", err)
					}
					break
				}
			}
		}
	}
}

// account matches the receipts of block n against the pending transactions.
func (t *Traffic) account(ctx context.Context, n uint64) error {
	receipts, err := t.d.client.BlockReceipts(ctx, rpc.BlockNumberOrHashWithNumber(rpc.BlockNumber(n)))
	if err != nil {
		return err
	}
	for _, r := range receipts {
		t.mu.Lock()
		op, ok := t.pending[r.TxHash]
		t.mu.Unlock()
		if !ok {
			continue
		}
		pausedRevert := false
		if r.Status != types.ReceiptStatusSuccessful {
			paused, err := t.d.paused(ctx, r.BlockNumber)
			if err != nil {
				return err
			}
			pausedRevert = paused
			if !paused {
				t.d.log.Error("benign transaction reverted", "op", op.op, "user", t.user(op.user).addr, "tx", r.TxHash, "block", n)
			}
		}
		t.mu.Lock()
		delete(t.pending, r.TxHash)
		t.recent[r.TxHash] = n
		t.stats.Mined++
		switch {
		case r.Status == types.ReceiptStatusSuccessful:
		case pausedRevert:
			t.stats.RevertedPaused++
		default:
			t.stats.Reverted++
		}
		if op.special {
			t.stats.Specials[n] = append(t.stats.Specials[n], op.op)
		}
		if t.stats.FirstBlock == 0 {
			t.stats.FirstBlock = n
		}
		t.stats.LastBlock = n
		t.mu.Unlock()
	}
	return nil
}

// paused reads the pool's paused() at block (nil: latest).
func (d *Devnet) paused(ctx context.Context, block *big.Int) (bool, error) {
	out, err := d.client.CallContract(ctx, callMsg(d.deploy.Pool, d.abis.pool.PackPaused()), block)
	if err != nil {
		return false, fmt.Errorf("read paused(): %w", err)
	}
	return d.abis.pool.UnpackPaused(out)
}

// view is the confirmed state one decision is made from.
type view struct {
	block                               uint64
	paused                              bool
	cash, price                         *big.Int
	stable, collateral                  *big.Int
	deposits, locked, debt, ethDeposits *big.Int
	ethSound, collateralSound           bool
}

// readView reads the pool and user state at the head in one batch.
func (t *Traffic) readView(ctx context.Context, user common.Address) (view, error) {
	d := t.d
	dep, b := d.deploy, d.abis
	head, err := d.client.BlockNumber(ctx)
	if err != nil {
		return view{}, err
	}
	block := hexutil.EncodeUint64(head)
	calls := []struct {
		to   common.Address
		data []byte
	}{
		{dep.Pool, b.pool.PackPaused()},
		{dep.Pool, b.pool.PackStableCash()},
		{dep.AMM, b.amm.PackSpotPrice()},
		{dep.Stable, b.stable.PackBalanceOf(user)},
		{dep.Collateral, b.stable.PackBalanceOf(user)},
		{dep.Pool, b.pool.PackDeposits(user)},
		{dep.Pool, b.pool.PackCollateralOf(user)},
		{dep.Pool, b.pool.PackDebtOf(user)},
		{dep.Pool, b.pool.PackEthDeposits(user)},
		{dep.Pool, b.pool.PackEthHeld()},
		{dep.Pool, b.pool.PackTotalEthDeposits()},
		{dep.Pool, b.pool.PackCollateralHeld()},
		{dep.Pool, b.pool.PackTotalCollateral()},
	}
	results := make([]hexutil.Bytes, len(calls))
	batch := make([]rpc.BatchElem, len(calls))
	for i, c := range calls {
		batch[i] = rpc.BatchElem{
			Method: "eth_call",
			Args:   []any{map[string]any{"to": c.to, "data": hexutil.Bytes(c.data)}, block},
			Result: &results[i],
		}
	}
	if err := d.rpc.BatchCallContext(ctx, batch); err != nil {
		return view{}, err
	}
	for _, e := range batch {
		if e.Error != nil {
			return view{}, e.Error
		}
	}
	word := func(i int) *big.Int { return new(big.Int).SetBytes(results[i]) }
	return view{
		block:       head,
		paused:      word(0).Sign() != 0,
		cash:        word(1),
		price:       word(2),
		stable:      word(3),
		collateral:  word(4),
		deposits:    word(5),
		locked:      word(6),
		debt:        word(7),
		ethDeposits: word(8),
		// A pool that holds what it owes pays every withdrawal in any
		// order; one an exploit left short would make some revert.
		ethSound:        word(9).Cmp(word(10)) >= 0,
		collateralSound: word(11).Cmp(word(12)) >= 0,
	}, nil
}

// step picks an operation of user ui that must succeed and sends it. The
// decision, the signature and the record of the pending transaction happen
// under one lock, so concurrent senders never count on the same dUSD.
func (t *Traffic) step(ctx context.Context, ui int) error {
	_, err := t.stepOp(ctx, ui, "")
	return err
}

// user is the sender of user index ui (adminUser: the admin).
func (t *Traffic) user(ui int) *trafficUser {
	if ui == adminUser {
		return t.admin
	}
	return t.users[ui]
}

// stepOp is step with the operation given (op), or chosen (""); sent is
// false when op was not feasible.
func (t *Traffic) stepOp(ctx context.Context, ui int, op string) (sent bool, err error) {
	u := t.user(ui)
	if ui == adminUser {
		// Tests and drills send as the admin too: its nonce is read
		// afresh for each of its (rare) transactions.
		n, err := t.d.client.PendingNonceAt(ctx, u.addr)
		if err != nil {
			return false, fmt.Errorf("nonce of the admin: %w", err)
		}
		t.mu.Lock()
		u.nonce = n
		t.mu.Unlock()
	}
	v, err := t.readView(ctx, u.addr)
	if err != nil {
		return false, fmt.Errorf("read state: %w", err)
	}
	t.mu.Lock()
	if ui != adminUser {
		t.viewAt[ui] = v.block
	} else if floor := slices.Min(t.viewAt); v.block < floor {
		// The admin's view must not be older than the oldest sender's
		// (recent effects are forgotten from there).
		t.mu.Unlock()
		return false, nil
	}
	if t.held > 0 {
		// A scenario took the chain meanwhile: send nothing.
		t.mu.Unlock()
		return false, nil
	}
	var p planned
	var ok bool
	if op == "" {
		p, ok = t.choose(ui, v)
	} else {
		p, ok = t.plan(ui, op, v)
		p.special = true
	}
	if !ok {
		t.mu.Unlock()
		return false, nil
	}
	tx, err := types.SignNewTx(u.key, t.signer, &types.DynamicFeeTx{
		ChainID:   t.d.ChainID(),
		Nonce:     u.nonce,
		GasTipCap: devTipCap,
		GasFeeCap: devFeeCap,
		Gas:       cmp.Or(p.gas, benignGas),
		To:        &p.to,
		Value:     p.value,
		Data:      p.data,
	})
	if err != nil {
		t.mu.Unlock()
		return false, fmt.Errorf("sign %s: %w", p.op, err)
	}
	// Record before sending: in instant mode the receipt may come first.
	t.pending[tx.Hash()] = p.pendingOp
	t.ops[tx.Hash()] = p.pendingOp
	u.nonce++
	t.mu.Unlock()

	// Once signed and recorded, the send is not cancelled midway: a
	// cancelled call would leave unknown whether the pool took it.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := t.d.client.SendTransaction(sendCtx, tx); err != nil {
		nonce, nerr := t.d.client.PendingNonceAt(sendCtx, u.addr)
		t.mu.Lock()
		delete(t.pending, tx.Hash())
		delete(t.ops, tx.Hash())
		t.stats.SendErrors++
		if nerr == nil {
			u.nonce = nonce
		}
		t.mu.Unlock()
		return false, fmt.Errorf("send %s from %s: %w", p.op, u.addr, err)
	}
	t.mu.Lock()
	t.stats.Sent++
	t.stats.Ops[p.op]++
	t.mu.Unlock()
	return true, nil
}

// bounds are the conservative limits of one user given what is pending.
type bounds struct {
	stable, collateral *big.Int // wallet, minus pending outflows
	deposits, locked   *big.Int // positions, minus pending withdrawals
	debtMax, debtMin   *big.Int // debt plus pending borrows / minus pending repays
	cash               *big.Int // pool dUSD, minus every pending outflow
	ethPending         bool
}

func sub(a, b *big.Int) *big.Int {
	if b == nil {
		return a
	}
	return new(big.Int).Sub(a, b)
}

func add(a, b *big.Int) *big.Int {
	if b == nil {
		return a
	}
	return new(big.Int).Add(a, b)
}

func (t *Traffic) bounds(ui int, v view) bounds {
	bd := bounds{
		stable: v.stable, collateral: v.collateral,
		deposits: v.deposits, locked: v.locked,
		debtMax: v.debt, debtMin: v.debt, cash: v.cash,
	}
	effects := make([]pendingOp, 0, len(t.pending)+len(t.recent))
	for _, p := range t.pending {
		effects = append(effects, p)
	}
	// A transaction mined at or before every sender's latest view is in
	// all the views still to come: forget it.
	floor := v.block
	for _, b := range t.viewAt {
		floor = min(floor, b)
	}
	for hash, block := range t.recent {
		if block <= floor {
			delete(t.recent, hash)
			delete(t.ops, hash)
			continue
		}
		if block > v.block {
			effects = append(effects, t.ops[hash])
		}
	}
	for _, p := range effects {
		bd.cash = sub(bd.cash, p.poolCashOut)
		if p.user != ui {
			continue
		}
		bd.stable = sub(bd.stable, p.stableOut)
		bd.collateral = sub(bd.collateral, p.collateralOut)
		bd.deposits = sub(bd.deposits, p.withdraw)
		bd.locked = sub(bd.locked, p.unlock)
		bd.debtMax = add(bd.debtMax, p.borrow)
		bd.debtMin = sub(bd.debtMin, p.repay)
		bd.ethPending = bd.ethPending || p.eth
	}
	return bd
}

// borrowCapacity is what collateral may carry at half the current price,
// so that price moves by pending swaps never make a borrow revert.
func borrowCapacity(collateral, price *big.Int) *big.Int {
	c := new(big.Int).Mul(collateral, price)
	c.Div(c, big.NewInt(1e18))
	c.Mul(c, big.NewInt(7_500))
	return c.Div(c, big.NewInt(20_000))
}

// amount returns a random amount of up to max whole tokens with a random
// fraction, capped at limit; ok is false when limit is below one token.
func (t *Traffic) amount(maxTokens int64, limit *big.Int) (*big.Int, bool) {
	if limit.Cmp(tokens(1)) < 0 {
		return nil, false
	}
	a := tokens(t.rng.Int64N(maxTokens) + 1)
	a.Add(a, big.NewInt(t.rng.Int64N(1e18)))
	if a.Cmp(limit) > 0 {
		a = new(big.Int).Set(limit)
	}
	return a, true
}

var opWeights = []struct {
	op     string
	weight int
}{
	{OpDeposit, 14}, {OpWithdraw, 10}, {OpDepositCollateral, 10}, {OpWithdrawCollateral, 6},
	{OpBorrow, 14}, {OpRepay, 14}, {OpSwap, 20}, {OpDepositETH, 8}, {OpWithdrawAllETH, 2},
}

// planned is an operation ready to sign.
type planned struct {
	pendingOp
	to    common.Address
	value *big.Int
	data  []byte
	gas   uint64 // benignGas when 0
}

// choose picks a feasible operation for user ui. Swaps are always possible
// (the AMM never pauses); when the pool is paused only swaps are sent.
func (t *Traffic) choose(ui int, v view) (planned, bool) {
	total := 0
	for _, w := range opWeights {
		total += w.weight
	}
	r := t.rng.IntN(total)
	op := OpSwap
	for _, w := range opWeights {
		if r < w.weight {
			op = w.op
			break
		}
		r -= w.weight
	}
	if v.paused {
		op = OpSwap
	}
	if p, ok := t.plan(ui, op, v); ok {
		return p, true
	}
	return t.plan(ui, OpSwap, v)
}

func (t *Traffic) plan(ui int, op string, v view) (planned, bool) {
	d := t.d
	dep, b := d.deploy, d.abis
	bd := t.bounds(ui, v)
	p := planned{pendingOp: pendingOp{user: ui, op: op}, to: dep.Pool}
	switch op {
	case OpDeposit:
		a, ok := t.amount(2_000, bd.stable)
		if !ok {
			return p, false
		}
		p.stableOut, p.data = a, b.pool.PackDeposit(a)
	case OpWithdraw:
		a, ok := t.amount(1_500, smaller(bd.deposits, bd.cash))
		if !ok {
			return p, false
		}
		p.withdraw, p.poolCashOut, p.data = a, a, b.pool.PackWithdraw(a)
	case OpDepositCollateral:
		a, ok := t.amount(300, bd.collateral)
		if !ok {
			return p, false
		}
		p.collateralOut, p.data = a, b.pool.PackDepositCollateral(a)
	case OpWithdrawCollateral:
		// Keep what carries the largest possible debt at half the price.
		capacity := borrowCapacity(tokens(1), v.price)
		if capacity.Sign() == 0 {
			return p, false
		}
		need := new(big.Int).Mul(bd.debtMax, big.NewInt(1e18))
		need.Div(need, capacity).Add(need, big.NewInt(1))
		if !v.collateralSound {
			return p, false
		}
		free := new(big.Int).Sub(bd.locked, need)
		a, ok := t.amount(200, free)
		if !ok {
			return p, false
		}
		p.unlock, p.data = a, b.pool.PackWithdrawCollateral(a)
	case OpBorrow:
		room := new(big.Int).Sub(borrowCapacity(bd.locked, v.price), bd.debtMax)
		a, ok := t.amount(400, smaller(room, bd.cash))
		if !ok {
			return p, false
		}
		p.borrow, p.poolCashOut, p.data = a, a, b.pool.PackBorrow(a)
	case OpRepay:
		a, ok := t.amount(500, smaller(bd.debtMin, bd.stable))
		if !ok {
			return p, false
		}
		p.repay, p.stableOut, p.data = a, a, b.pool.PackRepay(a)
	case OpDepositETH:
		if bd.ethPending {
			return p, false
		}
		p.eth, p.value = true, new(big.Int).Add(tokens(t.rng.Int64N(8)), big.NewInt(t.rng.Int64N(1e18)+1))
		p.data = b.pool.PackDepositETH()
	case OpWithdrawAllETH:
		if bd.ethPending || v.ethDeposits.Sign() == 0 || !v.ethSound {
			return p, false
		}
		p.eth, p.data = true, b.pool.PackWithdrawAllETH()
	case OpFlashLoan:
		fee := new(big.Int).Div(new(big.Int).Mul(flashLoanAmount, big.NewInt(9)), big.NewInt(10_000))
		if bd.stable.Cmp(fee) < 0 || t.borrower == (common.Address{}) {
			return p, false
		}
		through := dep.Pool
		if v.paused {
			through = common.Address{} // borrow and repay only
		}
		p.to, p.stableOut, p.gas = t.borrower, fee, 1_000_000
		p.data = bindings.NewFlashBorrower().PackBorrow(dep.Stable, flashLoanAmount, through)
	case OpWhaleExit:
		if v.paused || bd.deposits.Cmp(whaleExitAmount) < 0 || bd.cash.Cmp(whaleExitAmount) < 0 {
			return p, false
		}
		p.withdraw, p.poolCashOut, p.data = whaleExitAmount, whaleExitAmount, b.pool.PackWithdraw(whaleExitAmount)
	case OpWhaleReturn:
		if v.paused || bd.stable.Cmp(tokens(1)) < 0 {
			return p, false
		}
		p.stableOut, p.data = bd.stable, b.pool.PackDeposit(bd.stable)
	case OpGrantRole:
		p.data = b.pool.PackGrantRole(demo.PauserRole, OnCall)
	case OpRevokeRole:
		p.data = b.pool.PackRevokeRole(demo.PauserRole, OnCall)
	case OpSwap:
		p.to = dep.AMM
		// Lean against the price's drift from 2 dUSD per dCOL.
		sellCollateral := t.rng.IntN(10) < 5
		if v.price.Cmp(tokens(2)) > 0 {
			sellCollateral = t.rng.IntN(10) < 7
		} else if v.price.Cmp(tokens(2)) < 0 {
			sellCollateral = t.rng.IntN(10) < 3
		}
		if sellCollateral {
			a, ok := t.amount(150, bd.collateral)
			if !ok {
				return p, false
			}
			p.collateralOut, p.data = a, b.amm.PackSwap(dep.Collateral, a, big.NewInt(1), t.users[ui].addr)
		} else {
			a, ok := t.amount(300, bd.stable)
			if !ok {
				return p, false
			}
			p.stableOut, p.data = a, b.amm.PackSwap(dep.Stable, a, big.NewInt(1), t.users[ui].addr)
		}
	default:
		return p, false
	}
	return p, true
}

// smaller returns the smaller of a and b (a when they are equal).
func smaller(a, b *big.Int) *big.Int {
	if b.Cmp(a) < 0 {
		return b
	}
	return a
}
