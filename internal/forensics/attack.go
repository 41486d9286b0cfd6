package forensics

import (
	"context"
	"fmt"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// maxBetween bounds the transactions between an attack's steps that are
// analysed to explain the victims' changes; maxNativeScan the blocks traced
// to find native value sent to or from them.
const (
	maxBetween    = 50
	maxNativeScan = 256
)

// Attack is the forensic account of an attack made of several
// transactions: each step's analysis, and the loss of the whole attack,
// which is the net change of the victims' balances from before the first
// step to after the last, measured from state. The steps' own changes do
// not add up to it when other transactions changed the victims' balances in
// between (a victim's deposit into a vault whose share price the attacker
// inflated, say): those are listed in Between, and what neither explains is
// Unexplained, with a warning.
type Attack struct {
	// Steps are the attack's transactions in chain order.
	Steps []*Analysis
	// Between are the other transactions in the attack's window whose
	// token events touched a victim, in chain order.
	Between []*Analysis
	// Attackers are the steps' attackers; Victims the parties whose net
	// change over the attack is a loss (or, for plan contracts and the
	// steps' victims, a loss in some token).
	Attackers []Party
	Victims   []Party
	// NetChanges are every party's balance changes from before the first
	// step to after the last (the gas of the steps and of Between
	// excluded).
	NetChanges []BalanceChange
	// Loss is what the victims lost net over the attack, per token.
	Loss    []TokenAmount
	LossUSD *big.Rat
	// StepChanges and BetweenChanges are the victims' changes in each step
	// and in each transaction between them, per token (same order as Steps
	// and Between); StepsSum adds the steps up. StepParties and
	// BetweenParties are the same per party, for the victims, the plan's
	// contracts and the steps' victims.
	StepChanges    [][]TokenAmount
	BetweenChanges [][]TokenAmount
	StepParties    [][]BalanceChange
	BetweenParties [][]BalanceChange
	StepsSum       []TokenAmount
	// Gap is the victims' net change less the steps' sum; Unexplained is
	// what the transactions between do not account for of it.
	Gap         []TokenAmount
	Unexplained []TokenAmount
	Tokens      map[common.Address]TokenInfo
	Warnings    []string
}

// AnalyzeAttack analyses each transaction of an attack with Analyze, then
// measures the victims' net change over the whole attack from state.
func AnalyzeAttack(ctx context.Context, c Caller, txs []common.Hash, opts Options) (*Attack, error) {
	if len(txs) == 0 {
		return nil, fmt.Errorf("no transaction to analyse")
	}
	at := &Attack{Tokens: map[common.Address]TokenInfo{}}
	seen := map[common.Hash]bool{}
	for _, h := range txs {
		if seen[h] {
			continue
		}
		seen[h] = true
		a, err := Analyze(ctx, c, h, opts)
		if err != nil {
			return nil, err
		}
		at.Steps = append(at.Steps, a)
	}
	byPosition := func(as []*Analysis) {
		sort.SliceStable(as, func(i, j int) bool {
			return as[i].Block < as[j].Block || as[i].Block == as[j].Block && as[i].Index < as[j].Index
		})
	}
	byPosition(at.Steps)
	first, last := at.Steps[0], at.Steps[len(at.Steps)-1]

	known := map[common.Address]bool{}
	for _, k := range opts.Contracts {
		known[k.Address] = true
	}
	watched := map[common.Address]bool{}
	for addr := range known {
		watched[addr] = true
	}
	attackers := map[common.Address]bool{}
	for _, s := range at.Steps {
		for _, p := range s.Attackers {
			if !attackers[p.Address] {
				attackers[p.Address] = true
				at.Attackers = append(at.Attackers, p)
			}
		}
		for _, p := range s.Victims {
			watched[p.Address] = true
		}
		at.Warnings = append(at.Warnings, prefixed(s.Tx, s.Warnings)...)
	}

	// Transactions between the steps that touched a victim.
	between, err := at.transactionsBetween(ctx, c, first, last, watched, seen)
	if err != nil {
		return nil, err
	}
	if len(between) > maxBetween {
		at.Warnings = append(at.Warnings, fmt.Sprintf("%d transactions between the steps touched the victims: only the first %d are analysed", len(between), maxBetween))
		between = between[:maxBetween]
	}
	quick := opts
	quick.RecentBlocks = -1
	for _, h := range between {
		a, err := Analyze(ctx, c, h, quick)
		if err != nil {
			return nil, err
		}
		at.Between = append(at.Between, a)
	}
	byPosition(at.Between)

	// The parties and assets of every transaction, measured over the whole.
	partySet := map[common.Address]bool{}
	assets := map[common.Address]*asset{}
	ids := map[common.Address]map[string]*big.Int{}
	fees := map[common.Address]*big.Int{}
	for _, a := range append(append([]*Analysis{}, at.Steps...), at.Between...) {
		partySet[a.From] = true
		for _, p := range append(append(append([]Party{}, a.Attackers...), a.Victims...), a.Beneficiaries...) {
			partySet[p.Address] = true
		}
		for _, bc := range a.BalanceChanges {
			partySet[bc.Address] = true
			if bc.TokenID != nil {
				if ids[bc.Token] == nil {
					ids[bc.Token] = map[string]*big.Int{}
				}
				ids[bc.Token][bc.TokenID.String()] = bc.TokenID
			}
		}
		for tok, info := range a.Tokens {
			if _, ok := at.Tokens[tok]; !ok || info.Standard != "" {
				at.Tokens[tok] = info
			}
			if info.Standard != "" && assets[tok] == nil {
				assets[tok] = &asset{Token: tok, Standard: info.Standard}
			}
		}
		if fees[a.From] == nil {
			fees[a.From] = new(big.Int)
		}
		fees[a.From].Add(fees[a.From], a.Fee)
	}
	for addr := range known {
		partySet[addr] = true
	}
	delete(partySet, common.Address{})
	var list []asset
	for _, tok := range sortedKeys(assets) {
		as := assets[tok]
		for _, k := range sortedStrings(ids[tok]) {
			as.IDs = append(as.IDs, ids[tok][k])
		}
		list = append(list, *as)
	}
	pos := newPositions(c)
	before, err := pos.before(ctx, first.Block, int(first.Index))
	if err != nil {
		return nil, err
	}
	after, err := pos.before(ctx, last.Block, int(last.Index)+1)
	if err != nil {
		return nil, err
	}
	m, err := measure(ctx, before, after, list, sortedKeys(partySet))
	if err != nil {
		return nil, fmt.Errorf("measure balances over the attack: %w", err)
	}
	for addr, fee := range fees {
		k := holdingKey{addr: addr, token: Native}
		if m.after[k] != nil {
			m.after[k] = new(big.Int).Add(m.after[k], fee)
		}
	}
	at.NetChanges = m.changes()

	// Victims over the whole attack.
	stepVictim := map[common.Address]bool{}
	for _, s := range at.Steps {
		for _, p := range s.Victims {
			stepVictim[p.Address] = true
		}
	}
	signs := netSigns(at.NetChanges)
	names := planNames(opts.Contracts)
	if len(at.Attackers) > 0 {
		for _, addr := range sortedKeys(signs) {
			s := signs[addr]
			if attackers[addr] || !s.lost {
				continue
			}
			reason := "net loss over the attack"
			if s.gained {
				if !known[addr] && !stepVictim[addr] {
					continue // a trade
				}
				if usd, priced := netUSD(addr, at.NetChanges, at.Tokens, opts.Prices); priced && usd.Sign() >= 0 {
					continue
				}
				reason = "lost some tokens over the attack (per token; received others)"
			}
			at.Victims = append(at.Victims, Party{Address: addr, Name: names[addr], Reason: reason})
		}
	} else {
		at.Warnings = append(at.Warnings, "no step has an attacker: no victim and no loss are named")
	}
	at.Loss = lossOf(at.Victims, at.Attackers, at.NetChanges)
	isVictim := map[common.Address]bool{}
	for _, v := range at.Victims {
		isVictim[v.Address] = true
	}
	victimSum := func(changes []BalanceChange) map[common.Address]*big.Int {
		out := map[common.Address]*big.Int{}
		for _, bc := range changes {
			if isVictim[bc.Address] {
				if out[bc.Token] == nil {
					out[bc.Token] = new(big.Int)
				}
				out[bc.Token].Add(out[bc.Token], bc.Delta)
			}
		}
		return out
	}
	net := victimSum(at.NetChanges)
	stepsSum, betweenSum := map[common.Address]*big.Int{}, map[common.Address]*big.Int{}
	addInto := func(dst, src map[common.Address]*big.Int) {
		for tok, v := range src {
			if dst[tok] == nil {
				dst[tok] = new(big.Int)
			}
			dst[tok].Add(dst[tok], v)
		}
	}
	protected := func(changes []BalanceChange) []BalanceChange {
		var out []BalanceChange
		for _, bc := range changes {
			if isVictim[bc.Address] || known[bc.Address] || stepVictim[bc.Address] {
				out = append(out, bc)
			}
		}
		return out
	}
	for _, s := range at.Steps {
		ch := victimSum(s.BalanceChanges)
		at.StepChanges = append(at.StepChanges, amounts(ch))
		at.StepParties = append(at.StepParties, protected(s.BalanceChanges))
		addInto(stepsSum, ch)
	}
	for _, b := range at.Between {
		ch := victimSum(b.BalanceChanges)
		at.BetweenChanges = append(at.BetweenChanges, amounts(ch))
		at.BetweenParties = append(at.BetweenParties, protected(b.BalanceChanges))
		addInto(betweenSum, ch)
	}
	at.StepsSum = amounts(stepsSum)
	gap, unexplained := map[common.Address]*big.Int{}, map[common.Address]*big.Int{}
	tokens := map[common.Address]bool{}
	for _, m := range []map[common.Address]*big.Int{net, stepsSum, betweenSum} {
		for tok := range m {
			tokens[tok] = true
		}
	}
	val := func(m map[common.Address]*big.Int, tok common.Address) *big.Int {
		if v := m[tok]; v != nil {
			return v
		}
		return new(big.Int)
	}
	for _, tok := range sortedKeys(tokens) {
		g := new(big.Int).Sub(val(net, tok), val(stepsSum, tok))
		gap[tok] = g
		u := new(big.Int).Sub(g, val(betweenSum, tok))
		unexplained[tok] = u
		if u.Sign() != 0 {
			at.Warnings = append(at.Warnings, fmt.Sprintf("token %s: the victims changed by %s over the attack, the steps by %s and the %d transactions between them by %s: %s is not explained (transactions without token events, or more than %d between)",
				tok.Hex(), val(net, tok), val(stepsSum, tok), len(at.Between), val(betweenSum, tok), u, maxBetween))
		}
	}
	at.Gap, at.Unexplained = amounts(gap), amounts(unexplained)
	var recon []Reconciliation
	for _, tok := range sortedKeys(tokens) {
		r := Reconciliation{Token: tok, VictimsLost: new(big.Int), VictimsGained: new(big.Int), Attackers: new(big.Int)}
		for _, bc := range at.NetChanges {
			if bc.Token == tok && isVictim[bc.Address] {
				if bc.Delta.Sign() < 0 {
					r.VictimsLost.Sub(r.VictimsLost, bc.Delta)
				} else {
					r.VictimsGained.Add(r.VictimsGained, bc.Delta)
				}
			}
		}
		recon = append(recon, r)
	}
	at.LossUSD, at.Warnings = lossUSD(at.Loss, recon, at.Tokens, opts.Prices, at.Warnings)
	return at, nil
}

// planNames maps the plan's contracts to their names.
func planNames(cs []Contract) map[common.Address]string {
	out := map[common.Address]string{}
	for _, c := range cs {
		out[c.Address] = c.Name
	}
	return out
}

func amounts(m map[common.Address]*big.Int) []TokenAmount {
	out := []TokenAmount{}
	for _, tok := range sortedKeys(m) {
		if m[tok].Sign() != 0 {
			out = append(out, TokenAmount{Token: tok, Amount: new(big.Int).Set(m[tok])})
		}
	}
	return out
}

func prefixed(tx common.Hash, ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = tx.Hex() + ": " + w
	}
	return out
}

// transactionsBetween finds the transactions strictly between first and
// last (not steps) whose token events (ERC-20/721 Transfer, ERC-1155
// TransferSingle and TransferBatch) name a watched address as sender or
// recipient, or that moved native value to or from one (found by tracing
// the blocks, when they are at most maxNativeScan).
func (at *Attack) transactionsBetween(ctx context.Context, c Caller, first, last *Analysis, watched map[common.Address]bool, steps map[common.Hash]bool) ([]common.Hash, error) {
	if len(watched) == 0 || first.Tx == last.Tx {
		return nil, nil
	}
	var addrs []common.Hash
	for _, a := range sortedKeys(watched) {
		addrs = append(addrs, common.BytesToHash(a.Bytes()))
	}
	queries := [][]any{
		{[]common.Hash{topicTransfer}, addrs},
		{[]common.Hash{topicTransfer}, nil, addrs},
		{[]common.Hash{topicTransferSingle, topicTransferBatch}, nil, addrs},
		{[]common.Hash{topicTransferSingle, topicTransferBatch}, nil, nil, addrs},
	}
	found := map[common.Hash]bool{}
	var out []common.Hash
	for _, q := range queries {
		logs, err := getLogs(ctx, c, first.Block, last.Block, q)
		if err != nil {
			return nil, fmt.Errorf("transactions between the steps: %w", err)
		}
		for _, l := range logs {
			if l.Removed || steps[l.TxHash] || found[l.TxHash] || !strictlyBetween(l, first, last) {
				continue
			}
			found[l.TxHash] = true
			out = append(out, l.TxHash)
		}
	}
	if span := last.Block - first.Block + 1; span > maxNativeScan {
		at.Warnings = append(at.Warnings, fmt.Sprintf("the attack spans %d blocks: native value sent to or from the victims between the steps was not looked for (more than %d)", span, maxNativeScan))
		return out, nil
	}
	native, err := nativeTransfers(ctx, c, first.Block, last.Block)
	if err != nil {
		return nil, fmt.Errorf("native transfers between the steps: %w", err)
	}
	for _, ts := range native {
		for _, tr := range ts {
			l := types.Log{BlockNumber: tr.At.Block, TxIndex: tr.At.TxIndex}
			if !(watched[tr.From] || watched[tr.To]) || steps[tr.Tx] || found[tr.Tx] || !strictlyBetween(l, first, last) {
				continue
			}
			found[tr.Tx] = true
			out = append(out, tr.Tx)
		}
	}
	return out, nil
}

func strictlyBetween(l types.Log, first, last *Analysis) bool {
	after := l.BlockNumber > first.Block || l.BlockNumber == first.Block && l.TxIndex > first.Index
	before := l.BlockNumber < last.Block || l.BlockNumber == last.Block && l.TxIndex < last.Index
	return after && before
}
