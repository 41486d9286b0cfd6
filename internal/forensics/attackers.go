package forensics

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// Confidence of an attacker classification.
const (
	ConfidenceHigh   = "high"
	ConfidenceMedium = "medium"
)

// Signals that a party took value the protocol's rules did not give it.
// Strong ones alone name an attacker (with a gain); weak ones need a second.
const (
	SignalFlashLoan  = "flash-loan"     // strong: borrowed and repaid within the transaction
	SignalReentrancy = "reentrancy"     // strong: re-entered a state-changing function of another contract
	SignalDrain      = "drain"          // strong: took at least half of what a victim lost, which was at least half of its holding
	SignalRoundTrip  = "round-trip"     // strong: sold a token to a contract and bought it back in the same transaction
	SignalFresh      = "fresh-contract" // weak: runs through contracts created in the transaction or deployed just before
	SignalCallback   = "callback"       // weak: its contract was called back by another contract (not a standard receive hook)
)

var strongSignals = map[string]bool{SignalFlashLoan: true, SignalReentrancy: true, SignalDrain: true, SignalRoundTrip: true}

// standardHooks are receive hooks a token standard calls on every transfer
// to a contract: a call to one is the standard at work, not a callback an
// attack arranged.
var standardHooks = map[string]bool{
	"0x150b7a02": true, // onERC721Received(address,address,uint256,bytes)
	"0xf23a6e61": true, // onERC1155Received
	"0xbc197c81": true, // onERC1155BatchReceived
	"0x0023de29": true, // ERC-777 tokensReceived
}

// attribution holds what naming the attackers needs from the chain.
type attribution struct {
	// recent maps the contracts the sender deployed within the window
	// (CREATE from its account) to the nonce that deployed them.
	recent map[common.Address]uint64
	window int64
	// hasCode reports whether an address holds code at the block.
	hasCode func(common.Address) (bool, error)
	// prices value the mixed gains and losses.
	prices map[common.Address]*big.Rat
	// pre are the balances before the transaction (nil when not read).
	pre map[holdingKey]*big.Int
}

// group is a candidate attacker: the sender with its own contracts and
// profit collectors, or one other address that only gained.
type group struct {
	members []common.Address
	reasons map[common.Address]string
	fresh   map[common.Address]bool
}

func (g *group) has(addr common.Address) bool { _, ok := g.reasons[addr]; return ok }

// attribute names the attackers and the victims by what the state says
// each party ended with, not by who sent the transaction.
//
// Candidates are the sender's group (the sender; contracts it deployed
// within the recent window that take part; contracts the group created in
// the transaction; accounts without code that only gained and were paid by
// the group) and every other address, not a plan contract, that only
// gained (a keeper's recipient, say). Victims are the addresses that only
// lost; those that gained one token and lost another but paid out in an
// entry where neither their caller nor a candidate paid them (a vault
// selling at a manipulated price, a pool lending against inflated
// collateral), unless prices show them no worse off; and a plan contract
// whose own token was minted to a candidate. A candidate is an attacker
// when victims lost, it gained, and it shows a strong signal or two weak
// ones (see the Signal constants); confidence is high with a strong signal
// and another. With no attacker, nobody is a victim: the gainers are
// listed as beneficiaries (a benign claim pays what the rules give).
func attribute(a *Analysis, dec *Decoder, facts attribution) error {
	sender := &group{reasons: map[common.Address]string{}, fresh: map[common.Address]bool{}}
	add := func(addr common.Address, reason string) bool {
		if sender.has(addr) || dec.IsKnown(addr) || addr == (common.Address{}) {
			return false
		}
		sender.reasons[addr] = reason
		sender.members = append(sender.members, addr)
		return true
	}
	add(a.From, "transaction sender")
	involved := involvedAddresses(a)
	for _, addr := range sortedKeys(facts.recent) {
		if involved[addr] && add(addr, fmt.Sprintf("deployed by the sender within %d blocks (nonce %d)", facts.window, facts.recent[addr])) {
			sender.fresh[addr] = true
		}
	}
	a.Calls.Walk(func(f *Call) bool {
		if f.Reverted {
			return false
		}
		if sender.has(f.From) && (f.Type == "CREATE" || f.Type == "CREATE2") && add(f.To, "created by "+f.From.Hex()+" in this transaction") {
			sender.fresh[f.To] = true
		}
		return true
	})
	signs := netSigns(a.BalanceChanges)
	payers := map[common.Address][]common.Address{}
	for _, f := range a.Flows {
		payers[f.To] = append(payers[f.To], f.From)
	}
	addrs := sortedKeys(signs)
	for changed := true; changed; {
		changed = false
		for _, addr := range addrs {
			s := signs[addr]
			if sender.has(addr) || s.lost || !s.gained || dec.IsKnown(addr) {
				continue
			}
			var payer *common.Address
			for _, from := range payers[addr] {
				if sender.has(from) {
					payer = &from
					break
				}
			}
			if payer == nil {
				continue
			}
			code, err := facts.hasCode(addr)
			if err != nil {
				return err
			}
			if !code && add(addr, "account without code paid by "+payer.Hex()) {
				changed = true
			}
		}
	}
	groups := []*group{sender}
	side := map[common.Address]bool{}
	for _, m := range sender.members {
		side[m] = true
	}
	for _, addr := range addrs {
		s := signs[addr]
		if sender.has(addr) || s.lost || !s.gained || dec.IsKnown(addr) || addr == (common.Address{}) {
			continue
		}
		groups = append(groups, &group{members: []common.Address{addr}, reasons: map[common.Address]string{addr: "gained"}, fresh: map[common.Address]bool{}})
		side[addr] = true
	}

	// Victims, against every candidate.
	var victims []Party
	isVictim := map[common.Address]bool{}
	for _, addr := range addrs {
		s := signs[addr]
		if side[addr] || addr == (common.Address{}) || !s.lost {
			continue
		}
		reason := ""
		switch {
		case !s.gained:
			reason = "net loss only"
		default:
			path, ok := uncompensated(addr, a.Calls, a.Flows, side)
			if !ok {
				continue
			}
			reason = "paid out without being paid by its caller or the gainers in frame " + path
			if dec.IsKnown(addr) {
				reason = "protocol contract that " + reason
			}
			if usd, priced := netUSD(addr, a.BalanceChanges, a.Tokens, facts.prices); priced {
				if usd.Sign() >= 0 {
					continue
				}
				reason += ", worse off at the given prices"
			}
		}
		victims = append(victims, Party{Address: addr, Name: dec.ContractName(addr), Reason: reason})
		isVictim[addr] = true
	}
	// A plan contract whose own token was minted to a candidate.
	minted := map[common.Address]*big.Int{}
	for _, f := range a.Flows {
		if f.From == (common.Address{}) && side[f.To] && dec.IsKnown(f.Token) && f.Kind != KindWrap {
			if minted[f.Token] == nil {
				minted[f.Token] = new(big.Int)
			}
			minted[f.Token].Add(minted[f.Token], f.Amount)
		}
	}
	for _, tok := range sortedKeys(minted) {
		if isVictim[tok] || side[tok] {
			continue
		}
		victims = append(victims, Party{Address: tok, Name: dec.ContractName(tok), Reason: fmt.Sprintf("protocol token that issued %s of itself to the gainers", minted[tok])})
		isVictim[tok] = true
	}

	// Attackers: candidates that gained against the victims, with signals.
	var attackers, beneficiaries []Party
	for _, g := range groups {
		gain, ok := g.gain(a, facts.prices)
		if !ok {
			continue
		}
		signals := g.signals(a, side, isVictim, victims, facts.pre)
		strong, weak := 0, 0
		for _, s := range signals {
			if strongSignals[s] {
				strong++
			} else {
				weak++
			}
		}
		confidence := ""
		switch {
		case len(victims) == 0:
		case strong >= 1 && strong+weak >= 2:
			confidence = ConfidenceHigh
		case strong >= 1 || weak >= 2:
			confidence = ConfidenceMedium
		}
		for _, m := range g.members {
			p := Party{Address: m, Name: dec.ContractName(m), Reason: g.reasons[m], Signals: signals}
			if confidence == "" {
				if net := g.memberGain(a, m); net != "" {
					p.Reason = "gained " + net + " with no sign of an attack (" + gain + " for its group)"
					p.Signals = nil
					beneficiaries = append(beneficiaries, p)
				}
				continue
			}
			p.Confidence = confidence
			p.Reason += "; gained " + gain
			if len(signals) > 0 {
				p.Reason += " (" + strings.Join(signals, ", ") + ")"
			}
			attackers = append(attackers, p)
		}
	}
	a.Attackers, a.Beneficiaries = attackers, beneficiaries
	// Calls back into a candidate's own contracts (a receive hook, a flash
	// loan's callback) are how it is paid, not a finding.
	var kept []Reentrancy
	for _, r := range a.Reentrancy {
		if !side[r.Contract] {
			kept = append(kept, r)
		}
	}
	a.Reentrancy = kept
	if len(attackers) == 0 {
		if len(victims) > 0 {
			var names []string
			for _, v := range victims {
				names = append(names, v.Address.Hex())
			}
			a.Warnings = append(a.Warnings, fmt.Sprintf("no attacker: %s paid out, but whoever gained shows no sign of an attack (flash loan, re-entrancy, drain, round trip, fresh contracts, callbacks); the payments are listed in balance_changes, not as loss", strings.Join(names, ", ")))
		}
		a.Victims = nil
		return nil
	}
	a.Victims = victims
	return nil
}

// gain describes the group's net gain; false when it gained nothing, or
// when prices for everything it moved show it no better off.
func (g *group) gain(a *Analysis, prices map[common.Address]*big.Rat) (string, bool) {
	net := map[holdingKey]*big.Int{}
	for _, bc := range a.BalanceChanges {
		if !g.has(bc.Address) {
			continue
		}
		k := holdingKey{token: bc.Token}
		if bc.TokenID != nil {
			k.id = bc.TokenID.String()
		}
		if net[k] == nil {
			net[k] = new(big.Int)
		}
		net[k].Add(net[k], bc.Delta)
	}
	var parts []string
	total := new(big.Rat)
	priced := true
	for k, v := range net {
		if v.Sign() > 0 {
			parts = append(parts, a.describe(k.token, k.id, v))
		}
		price, ok := prices[k.token]
		info := a.Tokens[k.token]
		if !ok || info.Decimals == nil || k.id != "" {
			priced = false
			continue
		}
		x := new(big.Rat).SetFrac(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(*info.Decimals)), nil))
		total.Add(total, x.Mul(x, price))
	}
	if len(parts) == 0 || (priced && total.Sign() <= 0) {
		return "", false
	}
	sort.Strings(parts)
	return strings.Join(parts, ", "), true
}

// memberGain describes what one member gained ("" if nothing).
func (g *group) memberGain(a *Analysis, addr common.Address) string {
	var parts []string
	for _, bc := range a.BalanceChanges {
		if bc.Address == addr && bc.Delta.Sign() > 0 {
			id := ""
			if bc.TokenID != nil {
				id = bc.TokenID.String()
			}
			parts = append(parts, a.describe(bc.Token, id, bc.Delta))
		}
	}
	return strings.Join(parts, ", ")
}

func (a *Analysis) describe(token common.Address, id string, v *big.Int) string {
	name := token.Hex()
	if token == Native {
		name = "ETH"
	} else if s := a.Tokens[token].Symbol; s != "" {
		name = s + " " + token.Hex()
	}
	if id != "" {
		name += " id " + id
	}
	return v.String() + " " + name
}

// signals lists the group's signs of an attack.
func (g *group) signals(a *Analysis, side, isVictim map[common.Address]bool, victims []Party, pre map[holdingKey]*big.Int) []string {
	in := map[common.Address]bool{}
	for _, m := range g.members {
		in[m] = true
	}
	var out []string
	if len(flashLoans(a.Flows, in, isVictim)) > 0 {
		out = append(out, SignalFlashLoan)
	}
	for _, r := range a.Reentrancy {
		// Re-entering another contract: calling back into a candidate's
		// own contract (a flash lender's callback) is how it is paid.
		if in[r.Via] && !side[r.Contract] && !r.Reverted && !r.ReadOnly {
			out = append(out, SignalReentrancy)
			break
		}
	}
	if g.drained(a, victims, pre) {
		out = append(out, SignalDrain)
	}
	if roundTrip(a.Flows, in) {
		out = append(out, SignalRoundTrip)
	}
	if len(g.fresh) > 0 {
		out = append(out, SignalFresh)
	}
	callback := false
	a.Calls.Walk(func(c *Call) bool {
		if c.Reverted {
			return false
		}
		if c.Path != "0" && g.fresh[c.Context] && !in[c.From] && c.Type == "CALL" && !standardHooks[c.Selector] {
			callback = true
		}
		return !callback
	})
	if callback {
		out = append(out, SignalCallback)
	}
	return out
}

// drained reports whether a victim lost at least half of what it held of
// a token and the group gained at least half of that loss.
func (g *group) drained(a *Analysis, victims []Party, pre map[holdingKey]*big.Int) bool {
	gained := map[holdingKey]*big.Int{}
	for _, bc := range a.BalanceChanges {
		if g.has(bc.Address) {
			k := holdingKey{token: bc.Token}
			if bc.TokenID != nil {
				k.id = bc.TokenID.String()
			}
			if gained[k] == nil {
				gained[k] = new(big.Int)
			}
			gained[k].Add(gained[k], bc.Delta)
		}
	}
	isVictim := map[common.Address]bool{}
	for _, v := range victims {
		isVictim[v.Address] = true
	}
	for _, bc := range a.BalanceChanges {
		if !isVictim[bc.Address] || bc.Delta.Sign() >= 0 {
			continue
		}
		k := holdingKey{addr: bc.Address, token: bc.Token}
		gk := holdingKey{token: bc.Token}
		if bc.TokenID != nil {
			k.id, gk.id = bc.TokenID.String(), bc.TokenID.String()
		}
		lost := new(big.Int).Neg(bc.Delta)
		held := pre[k]
		if held == nil || new(big.Int).Mul(lost, big.NewInt(2)).Cmp(held) < 0 {
			continue
		}
		if got := gained[gk]; got != nil && new(big.Int).Mul(got, big.NewInt(2)).Cmp(lost) >= 0 {
			return true
		}
	}
	return false
}

// roundTrip reports whether the group sold a token to a contract and later
// bought the same token back from it (a price pushed and restored, a
// sandwich).
func roundTrip(flows []Flow, in map[common.Address]bool) bool {
	type key struct{ party, token common.Address }
	sold := map[key]bool{}
	for _, f := range flows {
		if f.TokenID != nil {
			continue
		}
		switch {
		case in[f.From] && !in[f.To] && f.To != (common.Address{}):
			sold[key{f.To, f.Token}] = true
		case !in[f.From] && in[f.To] && sold[key{f.From, f.Token}]:
			// Bought back what it sold, and the counterparty also took
			// another token from the group: a trade, not a loan repaid.
			for _, g := range flows {
				if in[g.From] && g.To == f.From && g.Token != f.Token {
					return true
				}
			}
		}
	}
	return false
}

// uncompensated reports whether addr paid value out without being paid
// back in the same entry by its caller or a candidate (side): an outflow
// inside one of its outermost frames that received nothing from them, or
// an outflow outside all of its frames (a transferFrom of its tokens by
// someone else). It returns the frame path ("" for outside) of the first
// such outflow. A swap or a flash loan pays out and is paid by its caller
// within the same frame, and so is compensated; so is a frame that follows
// an inflow from outside addr's frames (a pair paid first by a transfer,
// then asked to swap). A vault that sells through a pool it calls is paid
// by the pool, not by its caller: not compensated.
func uncompensated(addr common.Address, root *Call, flows []Flow, side map[common.Address]bool) (string, bool) {
	var frames []*Call
	var find func(c *Call)
	find = func(c *Call) {
		if c.Reverted {
			return
		}
		if c.Context == addr {
			frames = append(frames, c)
			return // the outermost frame holds the re-entered ones
		}
		for _, sub := range c.Calls {
			find(sub)
		}
	}
	find(root)
	within := func(path, frame string) bool {
		return path == frame || strings.HasPrefix(path, frame+".")
	}
	type tally struct{ in, out, prepaid bool }
	byFrame := map[string]*tally{}
	prepaid := false // an inflow from outside its frames, not yet used
	for _, f := range flows {
		if f.From != addr && f.To != addr {
			continue
		}
		var frame *Call
		for _, fr := range frames {
			if f.Path != "" && within(f.Path, fr.Path) {
				frame = fr
				break
			}
		}
		if frame == nil {
			if f.From == addr {
				return "(outside its own frames)", true
			}
			prepaid = true
			continue
		}
		t := byFrame[frame.Path]
		if t == nil {
			t = &tally{prepaid: prepaid}
			prepaid = false
			byFrame[frame.Path] = t
		}
		if f.From == addr {
			t.out = true
		} else if f.From == frame.From || side[f.From] {
			t.in = true
		}
	}
	for _, fr := range frames {
		if t := byFrame[fr.Path]; t != nil && t.out && !t.in && !t.prepaid {
			return fr.Path, true
		}
	}
	return "", false
}
