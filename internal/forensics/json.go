package forensics

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// The JSON of an Analysis is PRODUCT.md's `analyze tx --json` contract:
// addresses are EIP-55 checksummed, amounts exact decimal strings (negative
// for losses), times RFC 3339 in UTC. Keys beyond the contract's (parties,
// tokens, loss_usd, warnings, ...) only add to it.

type analysisJSON struct {
	Tx             string                   `json:"tx"`
	Block          uint64                   `json:"block"`
	Index          uint                     `json:"tx_index"`
	BlockHash      string                   `json:"block_hash"`
	Time           string                   `json:"time"`
	Status         TxStatus                 `json:"status"`
	From           string                   `json:"from"`
	To             *string                  `json:"to"`
	Created        *string                  `json:"created,omitempty"`
	Fee            string                   `json:"fee"`
	Calls          []*callJSON              `json:"calls"`
	Reentrancy     []reentrancyJSON         `json:"reentrancy"`
	Flows          []flowJSON               `json:"flows"`
	BalanceChanges []balanceChangeJSON      `json:"balance_changes"`
	Attackers      []string                 `json:"attackers"`
	Victims        []string                 `json:"victims"`
	Loss           map[string]string        `json:"loss"`
	LossUSD        *string                  `json:"loss_usd,omitempty"`
	LossMethod     string                   `json:"loss_method,omitempty"`
	Profit         map[string]string        `json:"profit,omitempty"`
	FlashLoans     []flashLoanJSON          `json:"flash_loans,omitempty"`
	Reconciliation []reconciliationJSON     `json:"reconciliation,omitempty"`
	Parties        []partyJSON              `json:"parties"`
	Tokens         map[string]tokenInfoJSON `json:"tokens"`
	Warnings       []string                 `json:"warnings"`
}

type flashLoanJSON struct {
	Lender string `json:"lender"`
	Token  string `json:"token"`
	Amount string `json:"amount"`
	Repaid string `json:"repaid"`
}

type reconciliationJSON struct {
	Token         string              `json:"token"`
	VictimsLost   string              `json:"victims_lost"`
	VictimsGained string              `json:"victims_received"`
	Attackers     string              `json:"attackers_net"`
	Others        []balanceChangeJSON `json:"others"`
}

type callJSON struct {
	Path         string      `json:"path"`
	Type         string      `json:"type"`
	From         string      `json:"from"`
	To           string      `json:"to"`
	Context      string      `json:"context,omitempty"`
	Contract     string      `json:"contract,omitempty"`
	Value        string      `json:"value"`
	GasUsed      uint64      `json:"gas_used"`
	Selector     string      `json:"selector,omitempty"`
	Function     string      `json:"function,omitempty"`
	Signature    string      `json:"signature,omitempty"`
	ABI          string      `json:"abi,omitempty"`
	Args         []Arg       `json:"args,omitempty"`
	Input        string      `json:"input,omitempty"`
	Error        string      `json:"error,omitempty"`
	RevertReason string      `json:"revert_reason,omitempty"`
	Reverted     bool        `json:"reverted"`
	Events       []eventJSON `json:"events,omitempty"`
	Calls        []*callJSON `json:"calls,omitempty"`
}

type eventJSON struct {
	Address   string   `json:"address"`
	Event     string   `json:"event,omitempty"`
	Signature string   `json:"signature,omitempty"`
	ABI       string   `json:"abi,omitempty"`
	Args      []Arg    `json:"args,omitempty"`
	Topics    []string `json:"topics"`
	Data      string   `json:"data"`
	Position  uint     `json:"position"`
}

type reentrancyJSON struct {
	Contract string `json:"contract"`
	Outer    string `json:"outer"`
	Inner    string `json:"inner"`
	Via      string `json:"via"`
	Function string `json:"function"`
	Reverted bool   `json:"reverted"`
}

type flowJSON struct {
	Token   string  `json:"token"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	Amount  string  `json:"amount"`
	Kind    string  `json:"kind"`
	TokenID *string `json:"token_id,omitempty"`
	Path    string  `json:"path,omitempty"`
}

type balanceChangeJSON struct {
	Address string  `json:"address"`
	Token   string  `json:"token"`
	TokenID *string `json:"token_id,omitempty"`
	Delta   string  `json:"delta"`
}

type partyJSON struct {
	Address    string   `json:"address"`
	Role       string   `json:"role"`
	Name       string   `json:"name,omitempty"`
	Reason     string   `json:"reason"`
	Confidence string   `json:"confidence,omitempty"`
	Signals    []string `json:"signals,omitempty"`
}

type tokenInfoJSON struct {
	Symbol   string `json:"symbol,omitempty"`
	Decimals *uint8 `json:"decimals,omitempty"`
	Standard string `json:"standard,omitempty"`
}

// MarshalJSON writes the analysis in PRODUCT.md's `analyze tx --json` shape.
func (a *Analysis) MarshalJSON() ([]byte, error) {
	w := analysisJSON{
		Tx:             a.Tx.Hex(),
		Block:          a.Block,
		Index:          a.Index,
		BlockHash:      a.BlockHash.Hex(),
		Time:           time.Unix(int64(a.Time), 0).UTC().Format(time.RFC3339),
		Status:         a.Status,
		From:           a.From.Hex(),
		Fee:            decimal(a.Fee),
		Reentrancy:     []reentrancyJSON{},
		Flows:          []flowJSON{},
		BalanceChanges: []balanceChangeJSON{},
		Loss:           map[string]string{},
		Tokens:         map[string]tokenInfoJSON{},
		Warnings:       []string{},
	}
	if a.To != nil {
		s := a.To.Hex()
		w.To = &s
	}
	if a.Created != nil {
		s := a.Created.Hex()
		w.Created = &s
	}
	if a.Calls != nil {
		w.Calls = []*callJSON{callToJSON(a.Calls)}
	} else {
		w.Calls = []*callJSON{}
	}
	for _, r := range a.Reentrancy {
		w.Reentrancy = append(w.Reentrancy, reentrancyJSON{
			Contract: r.Contract.Hex(), Outer: r.Outer, Inner: r.Inner, Via: r.Via.Hex(), Function: r.Function, Reverted: r.Reverted,
		})
	}
	for _, f := range a.Flows {
		w.Flows = append(w.Flows, flowJSON{
			Token: f.Token.Hex(), From: f.From.Hex(), To: f.To.Hex(), Amount: decimal(f.Amount),
			Kind: f.Kind, TokenID: optDecimal(f.TokenID), Path: f.Path,
		})
	}
	for _, bc := range a.BalanceChanges {
		w.BalanceChanges = append(w.BalanceChanges, balanceChangeJSON{
			Address: bc.Address.Hex(), Token: bc.Token.Hex(), TokenID: optDecimal(bc.TokenID), Delta: decimal(bc.Delta),
		})
	}
	w.Attackers, w.Victims, w.Parties = partiesJSON(a.Attackers, a.Victims)
	for _, p := range a.Beneficiaries {
		w.Parties = append(w.Parties, partyJSON{Address: p.Address.Hex(), Role: "beneficiary", Name: p.Name, Reason: p.Reason})
	}
	for _, l := range a.Loss {
		w.Loss[l.Token.Hex()] = decimal(l.Amount)
	}
	if a.LossUSD != nil {
		s := a.LossUSD.FloatString(2)
		w.LossUSD = &s
	}
	if len(a.BalanceChanges) > 0 {
		w.LossMethod = LossMethod
	}
	for _, l := range a.Profit {
		if w.Profit == nil {
			w.Profit = map[string]string{}
		}
		w.Profit[l.Token.Hex()] = decimal(l.Amount)
	}
	for _, fl := range a.FlashLoans {
		w.FlashLoans = append(w.FlashLoans, flashLoanJSON{Lender: fl.Lender.Hex(), Token: fl.Token.Hex(), Amount: decimal(fl.Amount), Repaid: decimal(fl.Repaid)})
	}
	for _, r := range a.Reconciliation {
		rj := reconciliationJSON{Token: r.Token.Hex(), VictimsLost: decimal(r.VictimsLost), VictimsGained: decimal(r.VictimsGained),
			Attackers: decimal(r.Attackers), Others: []balanceChangeJSON{}}
		for _, o := range r.Others {
			rj.Others = append(rj.Others, balanceChangeJSON{Address: o.Address.Hex(), Token: o.Token.Hex(), Delta: decimal(o.Delta)})
		}
		w.Reconciliation = append(w.Reconciliation, rj)
	}
	for addr, info := range a.Tokens {
		w.Tokens[addr.Hex()] = tokenInfoJSON(info)
	}
	w.Warnings = append(w.Warnings, a.Warnings...)
	return json.Marshal(w)
}

func callToJSON(c *Call) *callJSON {
	w := &callJSON{
		Path:         c.Path,
		Type:         c.Type,
		From:         c.From.Hex(),
		To:           c.To.Hex(),
		Contract:     c.ContractName,
		Value:        decimal(c.Value),
		GasUsed:      c.GasUsed,
		Selector:     c.Selector,
		Error:        c.Error,
		RevertReason: c.RevertReason,
		Reverted:     c.Reverted,
	}
	if c.Context != c.To {
		w.Context = c.Context.Hex()
	}
	if c.Decoded != nil {
		w.Function, w.Signature, w.ABI, w.Args = c.Decoded.Name, c.Decoded.Signature, c.Decoded.Standard, c.Decoded.Args
	}
	if len(c.Input) > 0 {
		w.Input = hexutil.Encode(c.Input)
	}
	for _, ev := range c.Events {
		ej := eventJSON{Address: ev.Address.Hex(), Data: hexutil.Encode(ev.Data), Topics: make([]string, len(ev.Topics)), Position: ev.Position}
		for i, t := range ev.Topics {
			ej.Topics[i] = t.Hex()
		}
		if ev.Decoded != nil {
			ej.Event, ej.Signature, ej.ABI, ej.Args = ev.Decoded.Name, ev.Decoded.Signature, ev.Decoded.Standard, ev.Decoded.Args
		}
		w.Events = append(w.Events, ej)
	}
	for _, sub := range c.Calls {
		w.Calls = append(w.Calls, callToJSON(sub))
	}
	return w
}

// UnmarshalJSON reads an analysis written by MarshalJSON, for instance the
// output of `breakglass analyze tx --json`.
func (a *Analysis) UnmarshalJSON(data []byte) error {
	var w analysisJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	p := &parser{}
	out := Analysis{
		Tx:        p.hash("tx", w.Tx),
		Block:     w.Block,
		Index:     w.Index,
		BlockHash: p.hash("block_hash", w.BlockHash),
		Status:    w.Status,
		From:      p.addr("from", w.From),
		Fee:       p.intOrZero("fee", w.Fee),
		Tokens:    map[common.Address]TokenInfo{},
		Warnings:  w.Warnings,
	}
	if w.Time != "" {
		t, err := time.Parse(time.RFC3339, w.Time)
		if err != nil {
			p.fail("time", err)
		}
		out.Time = uint64(t.Unix())
	}
	if w.To != nil {
		to := p.addr("to", *w.To)
		out.To = &to
	}
	if w.Created != nil {
		c := p.addr("created", *w.Created)
		out.Created = &c
	}
	if len(w.Calls) > 0 {
		out.Calls = p.call(w.Calls[0])
	}
	for i, r := range w.Reentrancy {
		f := fmt.Sprintf("reentrancy[%d]", i)
		out.Reentrancy = append(out.Reentrancy, Reentrancy{
			Contract: p.addr(f+".contract", r.Contract), Outer: r.Outer, Inner: r.Inner,
			Via: p.addr(f+".via", r.Via), Function: r.Function, Reverted: r.Reverted,
		})
	}
	for i, fl := range w.Flows {
		f := fmt.Sprintf("flows[%d]", i)
		out.Flows = append(out.Flows, Flow{
			Token: p.addr(f+".token", fl.Token), From: p.addr(f+".from", fl.From), To: p.addr(f+".to", fl.To),
			Amount: p.int(f+".amount", fl.Amount), Kind: fl.Kind, TokenID: p.optInt(f+".token_id", fl.TokenID), Path: fl.Path,
		})
	}
	for i, bc := range w.BalanceChanges {
		f := fmt.Sprintf("balance_changes[%d]", i)
		out.BalanceChanges = append(out.BalanceChanges, BalanceChange{
			Address: p.addr(f+".address", bc.Address), Token: p.addr(f+".token", bc.Token),
			TokenID: p.optInt(f+".token_id", bc.TokenID), Delta: p.int(f+".delta", bc.Delta),
		})
	}
	reasons := map[string]partyJSON{}
	for _, pj := range w.Parties {
		reasons[pj.Role+"/"+strings.ToLower(pj.Address)] = pj
	}
	party := func(role, field, s string) Party {
		pj := reasons[role+"/"+strings.ToLower(s)]
		return Party{Address: p.addr(field, s), Name: pj.Name, Reason: pj.Reason, Confidence: pj.Confidence, Signals: pj.Signals}
	}
	for i, s := range w.Attackers {
		out.Attackers = append(out.Attackers, party("attacker", fmt.Sprintf("attackers[%d]", i), s))
	}
	for i, s := range w.Victims {
		out.Victims = append(out.Victims, party("victim", fmt.Sprintf("victims[%d]", i), s))
	}
	for i, pj := range w.Parties {
		if pj.Role == "beneficiary" {
			out.Beneficiaries = append(out.Beneficiaries, party("beneficiary", fmt.Sprintf("parties[%d].address", i), pj.Address))
		}
	}
	loss := map[common.Address]*big.Int{}
	for token, amount := range w.Loss {
		loss[p.addr("loss key", token)] = p.int("loss["+token+"]", amount)
	}
	for _, token := range sortedKeys(loss) {
		out.Loss = append(out.Loss, TokenAmount{Token: token, Amount: loss[token]})
	}
	if w.LossUSD != nil {
		r, ok := new(big.Rat).SetString(*w.LossUSD)
		if !ok {
			p.fail("loss_usd", fmt.Errorf("%q is not a number", *w.LossUSD))
		}
		out.LossUSD = r
	}
	for addr, info := range w.Tokens {
		out.Tokens[p.addr("tokens key", addr)] = TokenInfo(info)
	}
	if p.err != nil {
		return p.err
	}
	// Profit, flash loans and the reconciliation follow from the rest.
	out.reconcile()
	*a = out
	return nil
}

// parser converts the JSON strings back and keeps the first error.
type parser struct{ err error }

func (p *parser) fail(field string, err error) {
	if p.err == nil {
		p.err = fmt.Errorf("analysis JSON: %s: %w", field, err)
	}
}

func (p *parser) addr(field, s string) common.Address {
	if !common.IsHexAddress(s) {
		p.fail(field, fmt.Errorf("%q is not an address", s))
		return common.Address{}
	}
	return common.HexToAddress(s)
}

func (p *parser) hash(field, s string) common.Hash {
	b, err := hexutil.Decode(s)
	if err != nil || len(b) != common.HashLength {
		p.fail(field, fmt.Errorf("%q is not a 32-byte hash", s))
		return common.Hash{}
	}
	return common.BytesToHash(b)
}

func (p *parser) int(field, s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		p.fail(field, fmt.Errorf("%q is not a decimal integer", s))
		return new(big.Int)
	}
	return v
}

func (p *parser) intOrZero(field, s string) *big.Int {
	if s == "" {
		return new(big.Int)
	}
	return p.int(field, s)
}

func (p *parser) optInt(field string, s *string) *big.Int {
	if s == nil {
		return nil
	}
	return p.int(field, *s)
}

func (p *parser) call(w *callJSON) *Call {
	c := &Call{
		Path: w.Path, Type: w.Type, From: p.addr(w.Path+".from", w.From), To: p.addr(w.Path+".to", w.To),
		ContractName: w.Contract, Value: p.intOrZero(w.Path+".value", w.Value), GasUsed: w.GasUsed,
		Selector: w.Selector, Error: w.Error, RevertReason: w.RevertReason, Reverted: w.Reverted,
	}
	c.Context = c.To
	if w.Context != "" {
		c.Context = p.addr(w.Path+".context", w.Context)
	}
	if w.Function != "" {
		c.Decoded = &DecodedCall{Name: w.Function, Signature: w.Signature, Standard: w.ABI, Args: w.Args}
	}
	if w.Input != "" {
		b, err := hexutil.Decode(w.Input)
		if err != nil {
			p.fail(w.Path+".input", err)
		}
		c.Input = b
	}
	for _, ej := range w.Events {
		ev := Event{Address: p.addr(w.Path+".events.address", ej.Address), Position: ej.Position}
		for _, t := range ej.Topics {
			ev.Topics = append(ev.Topics, p.hash(w.Path+".events.topics", t))
		}
		b, err := hex.DecodeString(strings.TrimPrefix(ej.Data, "0x"))
		if err != nil {
			p.fail(w.Path+".events.data", err)
		}
		ev.Data = b
		if ej.Event != "" {
			ev.Decoded = &DecodedEvent{Name: ej.Event, Signature: ej.Signature, Standard: ej.ABI, Args: ej.Args}
		}
		c.Events = append(c.Events, ev)
	}
	for _, sub := range w.Calls {
		c.Calls = append(c.Calls, p.call(sub))
	}
	return c
}

func decimal(v *big.Int) string {
	if v == nil {
		return "0"
	}
	return v.String()
}

func optDecimal(v *big.Int) *string {
	if v == nil {
		return nil
	}
	s := v.String()
	return &s
}

// partiesJSON returns the addresses of the attackers and of the victims,
// and the parties of both (attackers first), as written in JSON (empty
// lists, not null).
func partiesJSON(attackers, victims []Party) (att, vic []string, parties []partyJSON) {
	att, vic, parties = []string{}, []string{}, []partyJSON{}
	for _, p := range attackers {
		att = append(att, p.Address.Hex())
		parties = append(parties, partyJSON{Address: p.Address.Hex(), Role: "attacker", Name: p.Name, Reason: p.Reason, Confidence: p.Confidence, Signals: p.Signals})
	}
	for _, p := range victims {
		vic = append(vic, p.Address.Hex())
		parties = append(parties, partyJSON{Address: p.Address.Hex(), Role: "victim", Name: p.Name, Reason: p.Reason})
	}
	return att, vic, parties
}
