package forensics

import (
	"fmt"
	"io"
	"math/big"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/units"
)

// WriteText writes the analysis as a report for people: the call tree
// indented, re-entrancy, the flows table, balance changes, attackers,
// victims and the loss. Amounts are exact, followed by their value scaled by
// the token's decimals when it is known.
func (a *Analysis) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	p := ew.printf
	names := newLabels(a)
	to := "(contract creation)"
	if a.To != nil {
		to = names.of(*a.To)
	}
	p("Transaction %s\n", a.Tx.Hex())
	p("  block   %d (%s)\n", a.Block, time.Unix(int64(a.Time), 0).UTC().Format(time.RFC3339))
	p("  status  %s\n", a.Status)
	p("  from    %s\n", names.of(a.From))
	p("  to      %s\n", to)
	if a.Created != nil {
		p("  created %s\n", a.Created.Hex())
	}
	p("  fee     %s wei\n", decimal(a.Fee))

	p("\nCall tree\n")
	if a.Calls != nil {
		a.writeCall(ew, names, a.Calls, 1)
	}

	p("\nRe-entrancy\n")
	if len(a.Reentrancy) == 0 {
		p("  none\n")
	}
	for _, r := range a.Reentrancy {
		note := ""
		if r.Reverted {
			note = " (reverted)"
		}
		p("  %s re-entered at %s by %s calling %s while frame %s was open%s\n",
			names.of(r.Contract), r.Inner, names.of(r.Via), r.Function, r.Outer, note)
	}

	ew.table("Value flows", "  #\tframe\ttoken\tfrom\tto\tamount\n", len(a.Flows), func(tw io.Writer, i int) {
		f := a.Flows[i]
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", i+1, f.Path, a.tokenLabel(f.Token, f.TokenID), names.of(f.From), names.of(f.To), a.amount(f.Token, f.Amount, f.TokenID != nil))
	})

	ew.table("Balance changes (net, gas excluded)", "  address\ttoken\tdelta\n", len(a.BalanceChanges), func(tw io.Writer, i int) {
		bc := a.BalanceChanges[i]
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", names.of(bc.Address), a.tokenLabel(bc.Token, bc.TokenID), a.amount(bc.Token, bc.Delta, bc.TokenID != nil))
	})

	p("\nAttackers\n")
	writeParties(ew, names, a.Attackers)
	p("\nVictims\n")
	writeParties(ew, names, a.Victims)
	if len(a.Beneficiaries) > 0 {
		p("\nBeneficiaries (gained, no sign of an attack)\n")
		writeParties(ew, names, a.Beneficiaries)
	}

	p("\nLoss\n")
	if len(a.Loss) == 0 {
		p("  none\n")
	}
	for _, l := range a.Loss {
		p("  %s  %s\n", a.tokenLabel(l.Token, nil), a.amount(l.Token, l.Amount, false))
	}
	if a.LossUSD != nil {
		p("  total  %s USD\n", a.LossUSD.FloatString(2))
	}

	p("\nAttacker profit (net, gas excluded)\n")
	if len(a.Profit) == 0 {
		p("  none\n")
	}
	for _, l := range a.Profit {
		p("  %s  %s\n", a.tokenLabel(l.Token, nil), a.amount(l.Token, l.Amount, false))
	}
	if len(a.FlashLoans) > 0 {
		p("\nFlash loans (lent and repaid in the transaction: not loss)\n")
		for _, fl := range a.FlashLoans {
			fee := new(big.Int).Sub(fl.Repaid, fl.Amount)
			p("  %s lent %s, repaid %s (fee %s)\n", names.of(fl.Lender), a.amount(fl.Token, fl.Amount, false),
				a.amount(fl.Token, fl.Repaid, false), a.amount(fl.Token, fee, false))
		}
	}
	if len(a.Reconciliation) > 0 {
		p("\nReconciliation per token (victims lost = attackers' net + others' net + victims received)\n")
		for _, r := range a.Reconciliation {
			p("  %s\n", a.tokenLabel(r.Token, nil))
			p("    victims lost      %s\n", a.amount(r.Token, r.VictimsLost, false))
			p("    attackers' net    %s\n", a.amount(r.Token, r.Attackers, false))
			for _, o := range r.Others {
				p("    %s  %s\n", names.of(o.Address), a.amount(r.Token, o.Delta, false))
			}
			if r.VictimsGained.Sign() > 0 {
				p("    victims received  %s\n", a.amount(r.Token, r.VictimsGained, false))
			}
		}
	}
	p("\nMethod\n  %s\n", LossMethod)
	if len(a.Warnings) > 0 {
		p("\nWarnings\n")
		for _, wn := range a.Warnings {
			p("  %s\n", wn)
		}
	}
	return ew.err
}

func writeParties(ew *errWriter, names labels, parties []Party) {
	if len(parties) == 0 {
		ew.printf("  none\n")
	}
	for _, pt := range parties {
		conf := ""
		if pt.Confidence != "" {
			conf = " [confidence " + pt.Confidence + "]"
		}
		ew.printf("  %s  (%s)%s\n", names.of(pt.Address), pt.Reason, conf)
	}
}

func (a *Analysis) writeCall(ew *errWriter, names labels, c *Call, depth int) {
	indent := strings.Repeat("  ", depth)
	fn := c.Selector
	if c.Decoded != nil {
		parts := make([]string, len(c.Decoded.Args))
		for i, arg := range c.Decoded.Args {
			name := arg.Name
			if name == "" {
				name = fmt.Sprintf("arg%d", i)
			}
			parts[i] = fmt.Sprintf("%s=%v", name, arg.Value)
		}
		fn = fmt.Sprintf("%s(%s)", c.Decoded.Name, strings.Join(parts, ", "))
	} else if fn == "" {
		switch c.Type {
		case "CREATE", "CREATE2":
			fn = "<create>"
		case "SELFDESTRUCT":
			fn = "<selfdestruct>"
		default:
			fn = "<transfer>"
		}
	}
	value := ""
	if c.Value.Sign() > 0 {
		value = " value=" + a.amount(Native, c.Value, false)
	}
	status := ""
	switch {
	case c.Error != "" && c.RevertReason != "":
		status = fmt.Sprintf(" [%s: %s]", c.Error, c.RevertReason)
	case c.Error != "":
		status = fmt.Sprintf(" [%s]", c.Error)
	case c.Reverted:
		status = " [undone by a caller's revert]"
	}
	ew.printf("%s%s %s %s -> %s.%s%s%s\n", indent, c.Path, c.Type, names.of(c.From), names.of(c.To), fn, value, status)
	for _, ev := range c.Events {
		name := "log " + ev.Topics0()
		if ev.Decoded != nil {
			parts := make([]string, len(ev.Decoded.Args))
			for i, arg := range ev.Decoded.Args {
				parts[i] = fmt.Sprintf("%s=%v", arg.Name, arg.Value)
			}
			name = fmt.Sprintf("emit %s(%s)", ev.Decoded.Name, strings.Join(parts, ", "))
		}
		ew.printf("%s  * %s %s\n", indent, names.of(ev.Address), name)
	}
	for _, sub := range c.Calls {
		a.writeCall(ew, names, sub, depth+1)
	}
}

// Topics0 returns the event's first topic in hex, or "anonymous".
func (e Event) Topics0() string {
	if len(e.Topics) == 0 {
		return "anonymous"
	}
	return e.Topics[0].Hex()
}

// labels names the addresses of an analysis: plan names, attacker marks
// and token symbols.
type labels map[common.Address]string

func newLabels(a *Analysis) labels {
	names := map[common.Address][]string{}
	if a.Calls != nil {
		a.Calls.Walk(func(c *Call) bool {
			if c.ContractName != "" && len(names[c.To]) == 0 {
				names[c.To] = []string{c.ContractName}
			}
			return true
		})
	}
	for _, pt := range a.Victims {
		if pt.Name != "" {
			names[pt.Address] = []string{pt.Name}
		}
	}
	for _, pt := range a.Attackers {
		names[pt.Address] = append(names[pt.Address], "attacker")
	}
	for addr, info := range a.Tokens {
		if info.Symbol != "" && addr != Native {
			names[addr] = append(names[addr], info.Symbol)
		}
	}
	out := labels{}
	for addr, n := range names {
		out[addr] = fmt.Sprintf("%s (%s)", addr.Hex(), strings.Join(n, ", "))
	}
	return out
}

func (l labels) of(addr common.Address) string {
	if s, ok := l[addr]; ok {
		return s
	}
	return addr.Hex()
}

func (a *Analysis) tokenLabel(token common.Address, id *big.Int) string {
	s := token.Hex()
	if info, ok := a.Tokens[token]; ok && info.Symbol != "" {
		s = info.Symbol
		if token != Native {
			s = fmt.Sprintf("%s (%s)", info.Symbol, token.Hex())
		}
	}
	if id != nil {
		s += " #" + id.String()
	}
	return s
}

// amount is v exactly, plus scaled by the token's decimals when known.
func (a *Analysis) amount(token common.Address, v *big.Int, nft bool) string {
	info := a.Tokens[token]
	if nft || info.Decimals == nil || *info.Decimals == 0 {
		return v.String()
	}
	return fmt.Sprintf("%s (%s)", v.String(), units.Scaled(v, *info.Decimals))
}

// errWriter keeps the first write error so a report is one error check.
type errWriter struct {
	w   io.Writer
	err error
}

// Write implements io.Writer, doing nothing after the first error.
func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}

// table writes a section: its title, then "none" when it has no rows, or
// a table of the header (if any) and the n rows that row writes.
func (e *errWriter) table(title, header string, n int, row func(tw io.Writer, i int)) {
	e.printf("\n%s\n", title)
	if n == 0 {
		e.printf("  none\n")
		return
	}
	tw := tabwriter.NewWriter(e, 2, 4, 2, ' ', 0)
	fmt.Fprint(tw, header)
	for i := range n {
		row(tw, i)
	}
	e.setErr(tw.Flush())
}

func (e *errWriter) setErr(err error) {
	if e.err == nil {
		e.err = err
	}
}
