package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func newObligationsCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var draft string
	cmd := &cobra.Command{
		Use:   "obligations ID --plan FILE [--json] [--draft NAME]",
		Short: "The legal and regulatory reports an incident triggers, with their deadlines",
		Long: obligation.Disclaimer + `

obligations evaluates the plan's obligations (built-in rules dora, nis2, gdpr,
sec-8k, nydfs, mas, fincen-sar, ic3) for an incident: whether each applies,
and each report's deadline from its clock anchor (awareness, a person's
decision, the previous report), its status (pending, due soon, submitted,
overdue; undetermined while a fact or decision it needs is not recorded) and
the basis of the deadline. --draft NAME prints the draft report of one
obligation, pre-filled from the incident record.

Record what the rules depend on with the subcommands: facts (awareness time,
personal data, loss in USD, jurisdictions), decide (a classification or
materiality decision), submit (a report filed).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if f.remote() {
				c, err := f.apiFlags.client()
				if err != nil {
					return err
				}
				if draft != "" {
					text, _, err := c.raw(ctx, http.MethodGet, incidentPath(args[0], "obligations", url.PathEscape(draft), "draft"), nil, "")
					if err != nil {
						return err
					}
					_, err = e.out.Write(text)
					return err
				}
				var v report.ObligationsView
				if err := c.do(ctx, http.MethodGet, incidentPath(args[0], "obligations"), nil, &v); err != nil {
					return err
				}
				return printObligations(e, f.json, v)
			}
			if f.planPath == "" {
				return errors.New("obligations needs the plan: --plan FILE (or --api URL)")
			}
			p, s, err := f.planAndStore(ctx, e)
			if err != nil {
				return err
			}
			defer s.Close()
			if draft != "" {
				text, err := report.ObligationDraft(ctx, s, p, args[0], draft, time.Now())
				if errors.Is(err, store.ErrNotFound) && !strings.HasPrefix(err.Error(), "incident") {
					return fmt.Errorf("--draft %q: no such obligation in the plan", draft)
				}
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(e.out, text)
				return err
			}
			v, err := report.Obligations(ctx, s, p, args[0], time.Now())
			if err != nil {
				return err
			}
			return printObligations(e, f.json, v)
		},
	}
	cmd.Flags().StringVar(&draft, "draft", "", "print the draft report of obligation NAME")
	cmd.Flags().BoolVar(&f.json, "json", false, "print JSON")
	f.addDB(cmd)
	f.addPlan(cmd, "plan file (required)")
	f.addAPI(cmd)
	cmd.AddCommand(newObligationsDecideCmd(e), newObligationsSubmitCmd(e), newObligationsFactsCmd(e))
	return cmd
}

func printObligations(e *env, asJSON bool, v report.ObligationsView) error {
	if asJSON {
		return writeJSON(e.out, v)
	}
	return obligation.WriteText(e.out, v.Incident, v.Obligations)
}

// recordObligation makes an obligation change of incident id: with --api,
// body posted to the API's obligations/what as the token's person; else
// local in one transaction of the database as --as. It returns who made it,
// as said ("you" through the API).
func (f *reportFlags) recordObligation(ctx context.Context, e *env, id, what string, body any, local func(tx store.Tx, a *app.App) error) (string, error) {
	if !f.remote() {
		return f.as, f.change(ctx, e, local)
	}
	c, err := f.apiFlags.client()
	if err != nil {
		return "", err
	}
	return "you", c.do(ctx, http.MethodPost, incidentPath(id, "obligations", what), body, nil)
}

func parseAt(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--at %q: want an RFC 3339 time, e.g. 2026-03-05T14:00:00Z", s)
	}
	return t, nil
}

func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "yes", "true", "y":
		return true, nil
	case "no", "false", "n":
		return false, nil
	}
	return false, fmt.Errorf("%q: want yes or no", s)
}

func newObligationsDecideCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var atFlag, note string
	cmd := &cobra.Command{
		Use:   "decide ID NAME yes|no --plan FILE --as PERSON [--at TIME] [--note TEXT]",
		Short: "Record a person's decision (e.g. major, material, reportable) that starts an obligation's clock",
		Long: `decide records a decision an obligation depends on: DORA's classification as
"major", the SEC's materiality determination ("material"), NYDFS's
determination that a cybersecurity event is "reportable", or any decision a
plan's trigger names. The clocks that start at the decision start at --at
(default now). The decision goes on the incident's timeline and in the audit
log. The last decision of a name counts.`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := parseYesNo(args[2])
			if err != nil {
				return err
			}
			at, err := parseAt(atFlag)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			by, err := f.recordObligation(ctx, e, args[0], "decisions", map[string]any{"name": args[1], "value": v, "at": at, "note": note}, func(tx store.Tx, a *app.App) error {
				_, err := obligation.RecordDecision(ctx, tx, a.Incidents, args[0], obligation.Decision{Name: args[1], Value: v, By: f.as, At: at, Note: note})
				return err
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(e.out, "recorded on %s: %s = %t by %s at %s\n", args[0], args[1], v, by, at.UTC().Format(time.RFC3339))
			return err
		},
	}
	cmd.Flags().StringVar(&atFlag, "at", "", "when the decision was made (RFC 3339; default now)")
	cmd.Flags().StringVar(&note, "note", "", "the reasoning, for the record")
	f.addChange(cmd, "plan file (required)")
	return cmd
}

func newObligationsSubmitCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var atFlag, ref string
	cmd := &cobra.Command{
		Use:   "submit ID OBLIGATION [REPORT] --plan FILE --as PERSON [--ref REFERENCE] [--at TIME]",
		Short: "Mark a report of an obligation submitted (stops its reminders, starts the next report's clock)",
		Args:  cobra.RangeArgs(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			at, err := parseAt(atFlag)
			if err != nil {
				return err
			}
			stage := ""
			if len(args) == 3 {
				stage = args[2]
			}
			ctx := cmd.Context()
			by, err := f.recordObligation(ctx, e, args[0], "submissions", map[string]any{"obligation": args[1], "report": stage, "at": at, "reference": ref}, func(tx store.Tx, a *app.App) error {
				_, err := obligation.MarkSubmitted(ctx, tx, a.Incidents, a.Plan, args[0], obligation.Submission{Obligation: args[1], Stage: stage, By: f.as, At: at, Reference: ref})
				return err
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(e.out, "%s %s %s marked submitted by %s at %s\n", args[0], args[1], stage, by, at.UTC().Format(time.RFC3339))
			return err
		},
	}
	cmd.Flags().StringVar(&atFlag, "at", "", "when it was filed (RFC 3339; default now)")
	cmd.Flags().StringVar(&ref, "ref", "", "the authority's reference or acknowledgement number")
	f.addChange(cmd, "plan file (required)")
	return cmd
}

func newObligationsFactsCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var awareAt, personal, lossUSD string
	var juris []string
	cmd := &cobra.Command{
		Use:   "facts ID --plan FILE --as PERSON [--aware-at TIME] [--personal-data yes|no] [--loss-usd N] [--jurisdiction X]...",
		Short: "Record the facts obligations depend on: awareness time, personal data, loss, jurisdictions",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			changed := cmd.Flags().Changed
			if !changed("aware-at") && !changed("personal-data") && !changed("loss-usd") && !changed("jurisdiction") {
				return errors.New("nothing to record: give --aware-at, --personal-data, --loss-usd or --jurisdiction")
			}
			var at time.Time
			if changed("aware-at") {
				var err error
				if at, err = time.Parse(time.RFC3339, awareAt); err != nil {
					return fmt.Errorf("--aware-at %q: want an RFC 3339 time", awareAt)
				}
			}
			var pd bool
			if changed("personal-data") {
				var err error
				if pd, err = parseYesNo(personal); err != nil {
					return fmt.Errorf("--personal-data: %w", err)
				}
			}
			var c obligation.FactsChange
			if changed("aware-at") {
				c.AwareAt = &at
			}
			if changed("personal-data") {
				c.PersonalData = &pd
			}
			if changed("loss-usd") {
				c.LossUSD = &lossUSD
			}
			if changed("jurisdiction") {
				c.Jurisdictions = append([]string{}, juris...)
			}
			parts := c.Describe() // as said through the API; the database says its own
			_, err := f.recordObligation(cmd.Context(), e, args[0], "facts", c, func(tx store.Tx, a *app.App) (err error) {
				parts, err = obligation.RecordFacts(cmd.Context(), tx, a.Incidents, args[0], f.as, c)
				return err
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(e.out, "recorded on %s: %s\n", args[0], strings.Join(parts, "; "))
			return err
		},
	}
	cmd.Flags().StringVar(&awareAt, "aware-at", "", "when the team became aware (RFC 3339; default: the incident's opening)")
	cmd.Flags().StringVar(&personal, "personal-data", "", "whether personal data was involved: yes or no")
	cmd.Flags().StringVar(&lossUSD, "loss-usd", "", "the loss in US dollars")
	cmd.Flags().StringSliceVar(&juris, "jurisdiction", nil, "where affected users or the team are (EU, US-NY, SG…; repeatable)")
	f.addChange(cmd, "plan file (required)")
	return cmd
}
