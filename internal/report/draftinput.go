package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// DraftInput assembles what an obligation's draft report is pre-filled
// from: the incident, its post-mortem document and its analyses.
func DraftInput(ctx context.Context, r store.Reader, p *plan.Plan, inc store.Incident, facts obligation.Facts) (obligation.DraftInput, error) {
	doc, err := Build(ctx, r, inc.ID, BuildOptions{Plan: p, Now: time.Now()})
	if err != nil {
		return obligation.DraftInput{}, err
	}
	d, err := incident.ReadDetails(inc)
	if err != nil {
		return obligation.DraftInput{}, err
	}
	in := obligation.DraftInput{
		Team: p.Name, IncidentID: inc.ID, Title: inc.Title, Type: inc.Type, Severity: inc.Severity, Network: inc.Network, Contract: inc.Contract,
		OpenedAt: inc.OpenedAt, DetectedAt: d.FirstAlertAt, ExploitAt: doc.Detection.ExploitAt, Facts: facts,
		Summary: doc.PostMortem.Summary, RootCause: doc.PostMortem.RootCause,
	}
	for _, c := range p.Contracts {
		if c.Network == inc.Network && strings.EqualFold(c.Address.Hex(), inc.Contract) {
			in.Contract = c.Name + " (" + inc.Contract + ")"
		}
	}
	if l := inc.Roles[plan.RoleLegalLead]; l != "" {
		in.LegalLead = l
	} else if r, ok := p.Roles[plan.RoleLegalLead]; ok {
		in.LegalLead = r.Primary
	}
	im := doc.Impact
	if im.UsersAffected != "" {
		in.Impact = append(in.Impact, "Users affected: "+im.UsersAffected)
	}
	if len(im.Lost) > 0 {
		in.Impact = append(in.Impact, "Funds lost: "+strings.Join(im.Lost, "; "))
	}
	if im.LostUSD != "" {
		in.Impact = append(in.Impact, "Loss in USD: "+im.LostUSD)
	}
	for _, a := range doc.Response {
		line := fmt.Sprintf("%s of %s via %s: %s", a.Kind, a.Target, a.Executor, a.Status)
		if a.Tx != "" {
			line += ", tx " + a.Tx
		}
		in.Measures = append(in.Measures, line+" ("+a.UpdatedAt.Format(time.RFC3339)+")")
	}
	for _, t := range doc.Transactions {
		in.Transactions = append(in.Transactions, fmt.Sprintf("%s (block %d)", t.Hash, t.Block))
	}
	as, err := Analyses(inc)
	if err != nil {
		return in, err
	}
	for _, a := range as {
		for _, x := range a.Attackers {
			if !slices.Contains(in.Attackers, x) {
				in.Attackers = append(in.Attackers, x)
			}
		}
	}
	return in, nil
}
