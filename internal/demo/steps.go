package demo

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/forensics"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/recovery"
)

// paused reads the pool's paused() at the latest block.
func (r *run) paused(ctx context.Context) (bool, error) {
	pool := bindings.NewLendingPool()
	out, err := r.dn.Client().CallContract(ctx, ethereum.CallMsg{To: ptr(r.dn.Deployment().Pool), Data: pool.PackPaused()}, nil)
	if err != nil {
		return false, err
	}
	return pool.UnpackPaused(out)
}

// contain follows the automatic containment on the incident's timeline,
// printing each step of the pause as it is recorded, until the pool is
// paused and the incident contained.
func (r *run) contain(ctx context.Context, res *Result, arrived time.Time) error {
	printed := map[int64]bool{}
	show := func() {
		tl, err := r.store.Timeline(ctx, res.IncidentID)
		if err != nil {
			return
		}
		for _, e := range tl {
			if printed[e.ID] || !(strings.HasPrefix(e.Kind, "action") || e.Kind == "status") {
				continue
			}
			printed[e.ID] = true
			r.ui.step(0, strings.ReplaceAll(e.Kind, "action.", "pause "), e.Message)
		}
	}
	ok := r.ui.wait("containing", func() bool {
		show()
		p, err := r.paused(ctx)
		if err != nil || !p {
			return false
		}
		inc, err := r.store.Incident(ctx, res.IncidentID)
		return err == nil && inc.Status != incident.Detected && inc.Status != incident.Acknowledged
	}, 30*time.Second)
	show()
	if !ok {
		if p, _ := r.paused(ctx); !p {
			res.Failure = "the pool was not paused within 30 s of detection"
			r.ui.fail("containment", res.Failure)
			return nil
		}
	}
	res.Paused = true
	res.TimeToContain = time.Since(arrived)
	acts, err := r.store.Actions(ctx, res.IncidentID)
	if err != nil {
		return err
	}
	for _, a := range acts {
		if a.TxHash == "" {
			continue
		}
		h := common.HexToHash(a.TxHash)
		rc, err := r.dn.Client().TransactionReceipt(ctx, h)
		if err != nil || rc.Status != 1 {
			continue
		}
		res.PauseTx, res.PauseBlock = h, rc.BlockNumber.Uint64()
		res.TimeToContain = r.minedAfter(ctx, rc.BlockNumber.Uint64(), arrived)
	}
	inc, err := r.store.Incident(ctx, res.IncidentID)
	if err != nil {
		return err
	}
	when := fmt.Sprintf("%d block(s) after the exploit", res.PauseBlock-res.ExploitBlock)
	if res.PauseBlock == res.ExploitBlock {
		when = "in the exploit's block, ahead of it"
	}
	r.ui.step(res.PauseBlock, "incident "+string(inc.Status), fmt.Sprintf("pool paused %s; tx %s", when, short(res.PauseTx.Hex())))
	return nil
}

// minedAfter is the time from arrived to the arrival of block n at the
// daemon (when it saw the pause mined), or to now if it has not yet.
func (r *run) minedAfter(ctx context.Context, n uint64, arrived time.Time) time.Duration {
	r.ui.wait("", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		_, ok := r.arrived[n]
		return ok
	}, 5*time.Second)
	r.mu.Lock()
	defer r.mu.Unlock()
	if t, ok := r.arrived[n]; ok {
		return t.Sub(arrived)
	}
	return time.Since(arrived)
}

// after runs what follows containment: the analysis of the exploit, the
// compensation, and the reports.
func (r *run) after(ctx context.Context, res *Result, ex devnet.ScenarioResult) error {
	dep := r.dn.Deployment()
	// What the paused pool still holds.
	res.Saved = map[common.Address]*big.Int{}
	for tok := range res.Assets {
		bal, err := r.dn.BalanceAt(ctx, tok, dep.Pool, nil)
		if err == nil && bal.Sign() > 0 {
			res.Saved[tok] = bal
		}
	}

	// Forensics.
	var contracts []forensics.Contract
	for _, c := range r.plan.Contracts {
		abi := c.ABI
		fc := forensics.Contract{Name: c.Name, Address: c.Address}
		if abi != nil {
			fc.ABI = &abi.Parsed
		}
		contracts = append(contracts, fc)
	}
	an, err := forensics.Analyze(ctx, r.dn.RPC(), ex.Tx, forensics.Options{Contracts: contracts})
	if err != nil {
		return fmt.Errorf("analyze the exploit: %w", err)
	}
	if err := writeJSONFile(filepath.Join(r.out, "analysis.json"), an); err != nil {
		return err
	}
	res.Artifacts = append(res.Artifacts, filepath.Join(r.out, "analysis.json"))
	var attackers, victims []string
	for _, p := range an.Attackers {
		attackers = append(attackers, name(p))
	}
	for _, p := range an.Victims {
		victims = append(victims, name(p))
	}
	loss := map[common.Address]*big.Int{}
	for _, l := range an.Loss {
		loss[l.Token] = l.Amount
	}
	match := "matches the chain's balances"
	if formatLoss(loss, res.Assets) != formatLoss(res.Loss, res.Assets) {
		match = "DIFFERS from the chain's balances (" + formatLoss(res.Loss, res.Assets) + ")"
	}
	r.ui.step(ex.Block, "forensic analysis", fmt.Sprintf("attackers %s · victims %s · loss %s, %s · %d re-entered frame(s)", strings.Join(attackers, ", "), strings.Join(victims, ", "), formatLoss(loss, res.Assets), match, len(an.Reentrancy)))

	// Compensation: the pool's depositors of the drained asset, paid pro rata
	// from a budget equal to the loss.
	dist, tree, token, err := r.compensate(ctx, res, ex, an)
	if err != nil {
		return err
	}
	if tree != nil {
		res.Root = tree.Root()
		b, err := tree.MarshalJSON()
		if err != nil {
			return err
		}
		p := filepath.Join(r.out, "distribution.json")
		if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
			return err
		}
		res.Artifacts = append(res.Artifacts, p)
		r.ui.step(0, "compensation", fmt.Sprintf("%d claimant(s) of %s, %s paid pro rata (dust %s wei) · Merkle root %s", len(dist.Claims), res.Assets[token], scale18(dist.Total), dist.Dust, short(res.Root.Hex())))
	}

	// The incident record.
	rec, err := incident.Load(ctx, r.store, res.IncidentID)
	if err != nil {
		return err
	}
	p := filepath.Join(r.out, "incident.json")
	if err := writeJSONFile(p, rec); err != nil {
		return err
	}
	res.Artifacts = append(res.Artifacts, p)
	if err := reports(ctx, r, res, an); err != nil {
		return err
	}
	res.Artifacts = append(res.Artifacts, filepath.Join(r.out, "notifications")+string(os.PathSeparator))
	return nil
}

// compensate builds the distribution for the asset the pool lost most of,
// to its depositors as recorded by the pool before the exploit.
func (r *run) compensate(ctx context.Context, res *Result, ex devnet.ScenarioResult, an *forensics.Analysis) (*recovery.Distribution, *recovery.MerkleTree, common.Address, error) {
	dep := r.dn.Deployment()
	// The pool's depositors of dUSD, or of ETH, are the users whose funds
	// were in it; dCOL is collateral owed back by borrowers, not a deposit.
	var token common.Address
	var budget *big.Int
	for _, tok := range []common.Address{dep.Stable, {}} {
		if v, ok := res.Loss[tok]; ok {
			token, budget = tok, v
			break
		}
	}
	if budget == nil {
		return nil, nil, token, nil
	}
	pool := bindings.NewLendingPool()
	before := new(big.Int).SetUint64(ex.Block - 1)
	var losses []recovery.Loss
	accounts := []common.Address{dep.Deployer}
	for _, k := range r.dn.Keys().Users {
		accounts = append(accounts, devnet.Address(k))
	}
	for _, a := range accounts {
		data := pool.PackDeposits(a)
		if token == (common.Address{}) {
			data = pool.PackEthDeposits(a)
		}
		out, err := r.dn.Client().CallContract(ctx, ethereum.CallMsg{To: ptr(dep.Pool), Data: data}, before)
		if err != nil {
			return nil, nil, token, fmt.Errorf("read deposits of %s: %w", a.Hex(), err)
		}
		v := new(big.Int).SetBytes(out)
		if v.Sign() > 0 {
			losses = append(losses, recovery.Loss{Account: a, Amount: v})
		}
	}
	if len(losses) == 0 {
		return nil, nil, token, nil
	}
	var exclude []common.Address
	for _, p := range an.Attackers {
		exclude = append(exclude, p.Address)
	}
	sort.Slice(losses, func(i, j int) bool { return losses[i].Account.Hex() < losses[j].Account.Hex() })
	dist, err := recovery.Compensate(losses, recovery.Policy{Kind: recovery.PolicyProRata, Budget: budget, Exclude: exclude})
	if err != nil {
		return nil, nil, token, err
	}
	tree, err := recovery.NewMerkleTree(dist.Claims)
	if err != nil {
		return nil, nil, token, err
	}
	return dist, tree, token, nil
}

func name(p forensics.Party) string {
	if p.Name != "" {
		return p.Name
	}
	return short(p.Address.Hex())
}

func ptr[T any](v T) *T { return &v }
