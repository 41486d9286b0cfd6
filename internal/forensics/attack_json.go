package forensics

import (
	"encoding/json"
	"fmt"
	"io"
)

// AttackMethod says, in the report of a multi-transaction attack, how its
// loss is counted.
const AttackMethod = "The attack's loss is the net change of the victims' balances from before its first transaction to after its last, " +
	"measured from state (balanceOf and native balance at those positions), gas excluded. Each step's contribution is the victims' " +
	"change in that transaction; transactions between the steps that moved the victims' tokens are listed with theirs; what neither " +
	"accounts for is reported as unexplained."

type attackStepJSON struct {
	Tx            string              `json:"tx"`
	Block         uint64              `json:"block"`
	Index         uint                `json:"tx_index"`
	From          string              `json:"from"`
	VictimsChange map[string]string   `json:"victims_change"`
	Changes       []balanceChangeJSON `json:"changes"`
}

func changesJSON(cs []BalanceChange) []balanceChangeJSON {
	out := []balanceChangeJSON{}
	for _, bc := range cs {
		out = append(out, balanceChangeJSON{Address: bc.Address.Hex(), Token: bc.Token.Hex(), TokenID: optDecimal(bc.TokenID), Delta: decimal(bc.Delta)})
	}
	return out
}

type attackJSON struct {
	Txs         []string                 `json:"txs"`
	FirstBlock  uint64                   `json:"first_block"`
	LastBlock   uint64                   `json:"last_block"`
	Attackers   []string                 `json:"attackers"`
	Victims     []string                 `json:"victims"`
	Parties     []partyJSON              `json:"parties"`
	Loss        map[string]string        `json:"loss"`
	LossUSD     *string                  `json:"loss_usd,omitempty"`
	LossMethod  string                   `json:"loss_method"`
	NetChanges  []balanceChangeJSON      `json:"balance_changes"`
	Steps       []attackStepJSON         `json:"steps"`
	Between     []attackStepJSON         `json:"between"`
	StepsSum    map[string]string        `json:"steps_sum"`
	Gap         map[string]string        `json:"gap"`
	Unexplained map[string]string        `json:"unexplained"`
	Tokens      map[string]tokenInfoJSON `json:"tokens"`
	Warnings    []string                 `json:"warnings"`
	Analyses    []*Analysis              `json:"analyses"`
}

func amountMap(ts []TokenAmount) map[string]string {
	out := map[string]string{}
	for _, t := range ts {
		out[t.Token.Hex()] = decimal(t.Amount)
	}
	return out
}

// MarshalJSON writes the attack: its transactions, parties, loss, the
// steps' contributions and the gap, and each step's analysis.
func (at *Attack) MarshalJSON() ([]byte, error) {
	w := attackJSON{
		Loss: amountMap(at.Loss), LossMethod: AttackMethod,
		NetChanges: []balanceChangeJSON{}, Steps: []attackStepJSON{}, Between: []attackStepJSON{},
		StepsSum: amountMap(at.StepsSum), Gap: amountMap(at.Gap), Unexplained: amountMap(at.Unexplained),
		Tokens: map[string]tokenInfoJSON{}, Warnings: append([]string{}, at.Warnings...), Analyses: at.Steps,
	}
	for i, s := range at.Steps {
		w.Txs = append(w.Txs, s.Tx.Hex())
		w.Steps = append(w.Steps, attackStepJSON{Tx: s.Tx.Hex(), Block: s.Block, Index: s.Index, From: s.From.Hex(), VictimsChange: amountMap(at.StepChanges[i]), Changes: changesJSON(at.StepParties[i])})
	}
	for i, b := range at.Between {
		w.Between = append(w.Between, attackStepJSON{Tx: b.Tx.Hex(), Block: b.Block, Index: b.Index, From: b.From.Hex(), VictimsChange: amountMap(at.BetweenChanges[i]), Changes: changesJSON(at.BetweenParties[i])})
	}
	if len(at.Steps) > 0 {
		w.FirstBlock, w.LastBlock = at.Steps[0].Block, at.Steps[len(at.Steps)-1].Block
	}
	w.Attackers, w.Victims, w.Parties = partiesJSON(at.Attackers, at.Victims)
	if at.LossUSD != nil {
		s := at.LossUSD.FloatString(2)
		w.LossUSD = &s
	}
	w.NetChanges = changesJSON(at.NetChanges)
	for addr, info := range at.Tokens {
		w.Tokens[addr.Hex()] = tokenInfoJSON(info)
	}
	return json.Marshal(w)
}

// WriteText writes the attack for people: the steps with the victims'
// change in each, the transactions between, the net change, the loss and
// the gap; each step's own report follows.
func (at *Attack) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	p := ew.printf
	first := &Analysis{Tokens: at.Tokens}
	amount := func(t TokenAmount) string {
		return first.tokenLabel(t.Token, nil) + "  " + first.amount(t.Token, t.Amount, false)
	}
	parties := func(cs []BalanceChange) {
		for _, bc := range cs {
			p("      %s  %s  %s\n", bc.Address.Hex(), first.tokenLabel(bc.Token, bc.TokenID), first.amount(bc.Token, bc.Delta, bc.TokenID != nil))
		}
	}
	list := func(ts []TokenAmount) {
		if len(ts) == 0 {
			p("      none\n")
		}
		for _, t := range ts {
			p("      %s\n", amount(t))
		}
	}
	p("Attack of %d transactions\n", len(at.Steps))
	for i, s := range at.Steps {
		p("  step %d  %s  block %d index %d  from %s\n    victims' change:\n", i+1, s.Tx.Hex(), s.Block, s.Index, s.From.Hex())
		list(at.StepChanges[i])
		if len(at.StepParties[i]) > 0 {
			p("    the protocol's and the victims' balances:\n")
			parties(at.StepParties[i])
		}
	}
	if len(at.Between) > 0 {
		p("\nBetween the steps (other transactions that moved the victims' tokens)\n")
		for i, b := range at.Between {
			p("  %s  block %d index %d  from %s\n    victims' change:\n", b.Tx.Hex(), b.Block, b.Index, b.From.Hex())
			list(at.BetweenChanges[i])
			if len(at.BetweenParties[i]) > 0 {
				p("    the protocol's and the victims' balances:\n")
				parties(at.BetweenParties[i])
			}
		}
	}
	p("\nAttackers\n")
	writeParties(ew, labels{}, at.Attackers)
	p("\nVictims\n")
	writeParties(ew, labels{}, at.Victims)
	ew.table("Net balance changes over the attack (gas excluded)", "", len(at.NetChanges), func(tw io.Writer, i int) {
		bc := at.NetChanges[i]
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", bc.Address.Hex(), first.tokenLabel(bc.Token, bc.TokenID), first.amount(bc.Token, bc.Delta, bc.TokenID != nil))
	})
	p("\nLoss of the whole attack\n")
	list(at.Loss)
	if at.LossUSD != nil {
		p("      total  %s USD\n", at.LossUSD.FloatString(2))
	}
	p("\nSteps' sum of the victims' changes\n")
	list(at.StepsSum)
	p("\nGap (net less the steps' sum)\n")
	list(at.Gap)
	p("\nUnexplained by the transactions between\n")
	list(at.Unexplained)
	p("\nMethod\n  %s\n", AttackMethod)
	if len(at.Warnings) > 0 {
		p("\nWarnings\n")
		for _, wn := range at.Warnings {
			p("  %s\n", wn)
		}
	}
	for _, s := range at.Steps {
		p("\n")
		if err := s.WriteText(ew); err != nil {
			return err
		}
	}
	return ew.err
}
