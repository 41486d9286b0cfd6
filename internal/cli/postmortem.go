package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// reportFlags are the flags the after-the-incident commands share.
type reportFlags struct {
	apiFlags
	db, planPath, as string
	json             bool
}

// addAPI adds --api and --token: the command then goes through a running
// daemon's API, as the token's person.
func (f *reportFlags) addAPI(cmd *cobra.Command) {
	f.apiFlags.add(cmd.Flags())
}

func (f *reportFlags) addDB(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.db, "db", defaultDB, dbFlagUsage)
}

func (f *reportFlags) addPlan(cmd *cobra.Command, usage string) {
	cmd.Flags().StringVar(&f.planPath, "plan", "", usage)
}

func (f *reportFlags) addAs(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.as, "as", "", "who you are, a person of the plan")
}

// addChange adds the flags of a command that changes an incident: --db,
// --plan (with usage), --as, and --api with --token.
func (f *reportFlags) addChange(cmd *cobra.Command, planUsage string) {
	f.addDB(cmd)
	f.addPlan(cmd, planUsage)
	f.addAs(cmd)
	f.addAPI(cmd)
}

// plan loads --plan if given (nil otherwise).
func (f *reportFlags) plan() (*plan.Plan, error) {
	if f.planPath == "" {
		return nil, nil
	}
	return plan.Load(f.planPath)
}

// planAndStore loads --plan and opens the existing database of --db; the
// caller closes the store.
func (f *reportFlags) planAndStore(ctx context.Context, e *env) (*plan.Plan, store.Store, error) {
	p, err := plan.Load(f.planPath)
	if err != nil {
		return nil, nil, err
	}
	s, err := openExistingStore(ctx, e, f.db)
	if err != nil {
		return nil, nil, err
	}
	return p, s, nil
}

// writer opens what a change needs: the plan, the database and a manager
// (which records on the timeline and in the audit log), as a person of the
// plan.
func (f *reportFlags) writer(ctx context.Context, e *env) (*app.App, func(), error) {
	if f.planPath == "" || f.as == "" {
		return nil, nil, errors.New("this change needs --plan FILE and --as PERSON")
	}
	a, closeApp, err := openApp(ctx, e, f.planPath, f.db, existingDB)
	if err != nil {
		return nil, nil, err
	}
	if a.Plan.Person(f.as) == nil {
		closeApp()
		return nil, nil, fmt.Errorf("--as %q is not a person of the plan %s", f.as, f.planPath)
	}
	return a, closeApp, nil
}

// change runs fn in one transaction of the database, with the plan's
// parts, as the person of --as.
func (f *reportFlags) change(ctx context.Context, e *env, fn func(tx store.Tx, a *app.App) error) error {
	a, closeApp, err := f.writer(ctx, e)
	if err != nil {
		return err
	}
	defer closeApp()
	return a.Store.Tx(ctx, func(tx store.Tx) error { return fn(tx, a) })
}

// writeOut writes data to path, or to stdout for "" or "-".
func writeOut(e *env, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := e.out.Write(data)
		return err
	}
	if err := saveFile(path, data); err != nil {
		return err
	}
	fmt.Fprintf(e.errOut, "wrote %s\n", path)
	return nil
}

// readIn reads a file, or stdin for "-".
func readIn(e *env, path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(e.in)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b, nil
}

func readAnalyses(e *env, paths []string) ([]report.Analysis, error) {
	var out []report.Analysis
	for _, p := range paths {
		b, err := readIn(e, p)
		if err != nil {
			return nil, err
		}
		a, err := report.ParseAnalysis(p, b)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func newPostmortemCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var format, out string
	var analyses []string
	cmd := &cobra.Command{
		Use:   "postmortem ID [--format md|html] [--out FILE]",
		Short: "Write the post-mortem of an incident (Markdown or HTML)",
		Long: `postmortem writes an incident's post-mortem from its record (impact, UTC
timeline with transactions and blocks, detection, response with approvals,
response times) and the fields people write: summary, root cause,
contributing factors, five whys, what went well / wrong / where we got lucky,
impact, action items with owner, deadline and status, proposed plan changes.

Write those fields with 'postmortem edit ID --set-file FIELDS.yaml'; start
from 'postmortem fields ID'. With --plan the post-mortem adds the detector's
description, the runbook in force and the regulatory reports. --analysis adds
'analyze tx --json' output not attached to the incident.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ft := report.Format(format)
			if ft != report.Markdown && ft != report.HTML {
				return fmt.Errorf("--format %q: want md or html", format)
			}
			if f.remote() {
				if len(analyses) > 0 {
					return errors.New("--analysis is not sent with --api: attach it with postmortem edit ID --analysis FILE --api URL")
				}
				c, err := f.apiFlags.client()
				if err != nil {
					return err
				}
				doc, _, err := c.raw(cmd.Context(), http.MethodGet, incidentPath(args[0], "postmortem", "document")+"?format="+string(ft), nil, "")
				if err != nil {
					return err
				}
				return writeOut(e, out, doc)
			}
			p, err := f.plan()
			if err != nil {
				return err
			}
			as, err := readAnalyses(e, analyses)
			if err != nil {
				return err
			}
			doc, err := readExistingStore(cmd.Context(), e, f.db, func(s store.Store) (report.Document, error) {
				return report.Build(cmd.Context(), s, args[0], report.BuildOptions{Plan: p, Analyses: as, Now: time.Now()})
			})
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := doc.Render(&b, ft); err != nil {
				return err
			}
			return writeOut(e, out, b.Bytes())
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md or html")
	cmd.Flags().StringVar(&out, "out", "", "write to FILE instead of stdout")
	cmd.Flags().StringArrayVar(&analyses, "analysis", nil, "an 'analyze tx --json' file to include (repeatable)")
	f.addDB(cmd)
	f.addPlan(cmd, "plan file (adds the detector, runbook and regulatory reports)")
	f.addAPI(cmd)
	cmd.AddCommand(newPostmortemEditCmd(e), newPostmortemFieldsCmd(e), newPostmortemLessonsCmd(e))
	return cmd
}

func newPostmortemEditCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var setFile string
	var analyses []string
	cmd := &cobra.Command{
		Use:   "edit ID --set-file FIELDS.yaml [--analysis FILE]... --plan FILE --as PERSON",
		Short: "Write the post-mortem's fields from YAML, or attach analyses",
		Long: `edit merges the fields of a YAML file into the incident's post-mortem: each
top-level key replaces that field, keys left out keep their value. The
fields: summary, root_cause, contributing_factors, five_whys, went_well,
went_wrong, lucky, impact {users_affected, lost, at_risk, lost_usd,
at_risk_usd, loss_confirmed, reputation}, action_items [{id, title, owner,
deadline YYYY-MM-DD, status open|in-progress|done|wont-do, plan_change,
plan_patch}], plan_changes, public_summary, exploit_time.

An action item with a plan_change or a plan_patch is tracked until a plan
version whose file mentions its reference (e.g. "# INC-2026-0001/A2") is
loaded. A plan_patch is the change in a form 'breakglass plan diff --lessons'
writes into the plan file with that reference: a list of
{detector: D, field: cooldown, value: 1h}, {detector: D, threshold: "3000000"
(, index: 2)} or {detector: D, tune: true} (tuned against this incident's
own transactions).

--analysis attaches 'analyze tx --json' output to the incident (its loss
feeds the post-mortem, the obligations and the evidence bundle).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if setFile == "" && len(analyses) == 0 {
				return errors.New("nothing to do: give --set-file FIELDS.yaml and/or --analysis FILE")
			}
			var data []byte
			if setFile != "" {
				var err error
				if data, err = readIn(e, setFile); err != nil {
					return err
				}
			}
			as, err := readAnalyses(e, analyses)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			var pm report.PostMortem
			if f.remote() {
				err = f.remoteEdit(ctx, args[0], data, as, &pm)
			} else {
				err = f.localEdit(ctx, e, args[0], setFile, data, as, &pm)
			}
			if err != nil {
				return err
			}
			if data != nil {
				fmt.Fprintf(e.out, "post-mortem of %s updated: %d action item(s)\n", args[0], len(pm.ActionItems))
			}
			if len(as) > 0 {
				fmt.Fprintf(e.out, "%d analysis(es) attached to %s\n", len(as), args[0])
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&setFile, "set-file", "", "YAML file of post-mortem fields (- for stdin)")
	cmd.Flags().StringArrayVar(&analyses, "analysis", nil, "an 'analyze tx --json' file to attach (repeatable)")
	f.addChange(cmd, "plan file (required)")
	return cmd
}

// localEdit writes the post-mortem's fields and attaches analyses in the
// database.
func (f *reportFlags) localEdit(ctx context.Context, e *env, id, setFile string, data []byte, as []report.Analysis, pm *report.PostMortem) error {
	return f.change(ctx, e, func(tx store.Tx, a *app.App) error {
		for _, an := range as {
			if err := report.AttachAnalysis(ctx, tx, a.Incidents, id, f.as, an); err != nil {
				return err
			}
		}
		if data == nil {
			return nil
		}
		var err error
		*pm, err = report.Edit(ctx, tx, a.Incidents, id, f.as, filepath.Base(setFile), data, time.Now())
		return err
	})
}

// remoteEdit does the same through the API: the analyses first, then the
// fields (the YAML file as it is).
func (f *reportFlags) remoteEdit(ctx context.Context, id string, data []byte, as []report.Analysis, pm *report.PostMortem) error {
	c, err := f.apiFlags.client()
	if err != nil {
		return err
	}
	for _, an := range as {
		if err := c.do(ctx, http.MethodPost, incidentPath(id, "analyses"), []byte(an.Raw), nil); err != nil {
			return fmt.Errorf("analysis of %s: %w", an.Tx, err)
		}
	}
	if data == nil {
		return nil
	}
	out, _, err := c.raw(ctx, http.MethodPatch, incidentPath(id, "postmortem"), data, "application/yaml")
	if err != nil {
		return err
	}
	return json.Unmarshal(out, pm)
}

func newPostmortemFieldsCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	cmd := &cobra.Command{
		Use:   "fields ID",
		Short: "Print the post-mortem's editable fields as YAML (to edit and pass to edit --set-file)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var pm report.PostMortem
			if f.remote() {
				c, err := f.apiFlags.client()
				if err != nil {
					return err
				}
				if err := c.do(cmd.Context(), http.MethodGet, incidentPath(args[0], "postmortem"), nil, &pm); err != nil {
					return err
				}
			} else {
				var err error
				pm, err = readExistingStore(cmd.Context(), e, f.db, func(s store.Store) (report.PostMortem, error) {
					return report.PostMortemOf(cmd.Context(), s, args[0])
				})
				if err != nil {
					return err
				}
			}
			if pm.Empty() {
				_, err := fmt.Fprint(e.out, fieldsTemplate)
				return err
			}
			b, err := pm.YAML()
			if err != nil {
				return err
			}
			_, err = e.out.Write(b)
			return err
		},
	}
	f.addDB(cmd)
	f.addAPI(cmd)
	return cmd
}

const fieldsTemplate = `# Post-mortem fields; fill in and run: breakglass postmortem edit ID --set-file THIS.yaml
summary: ""
root_cause: ""
contributing_factors: []
five_whys: []
went_well: []
went_wrong: []
lucky: []
impact:
  users_affected: 0
  lost: []          # - {token: "0x…", symbol: USDC, decimals: 6, amount: "1000000"}
  lost_usd: ""
  loss_confirmed: false
  reputation: ""
action_items: []    # - {title: "", owner: "", deadline: 2026-01-31, status: open, plan_change: "", plan_patch: []}
plan_changes: []
public_summary: ""
`

func newPostmortemLessonsCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var pending bool
	cmd := &cobra.Command{
		Use:   "lessons [--pending]",
		Short: "List action items that change the plan, and whether a loaded plan version includes them",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ls []report.Lesson
			if f.remote() {
				c, err := f.apiFlags.client()
				if err != nil {
					return err
				}
				var out struct {
					Lessons []report.Lesson `json:"lessons"`
				}
				if err := c.do(cmd.Context(), http.MethodGet, fmt.Sprintf("/api/v1/lessons?pending=%t", pending), nil, &out); err != nil {
					return err
				}
				ls = out.Lessons
			} else {
				var err error
				ls, err = readExistingStore(cmd.Context(), e, f.db, func(s store.Store) ([]report.Lesson, error) {
					return report.Lessons(cmd.Context(), s, pending)
				})
				if err != nil {
					return err
				}
			}
			if f.json {
				return writeJSON(e.out, map[string]any{"lessons": ls})
			}
			if len(ls) == 0 {
				_, err := fmt.Fprintln(e.out, "no plan changes to track")
				return err
			}
			for _, l := range ls {
				state := "PENDING: mention " + l.Ref + " in the plan file and load it"
				if len(l.Item.PlanPatch) > 0 {
					state = "PENDING: 'breakglass plan diff --lessons --plan FILE --incident " + l.Incident + "' writes its plan_patch with " + l.Ref + "; then load that plan"
				}
				if l.Included {
					state = fmt.Sprintf("included in plan %s (loaded %s)", plan.ShortHash(l.IncludedIn), l.IncludedAt.Format(time.RFC3339))
				}
				fmt.Fprintf(e.out, "%s  %s (%s, due %s): %s\n    %s\n", l.Ref, l.Item.Title, l.Item.Owner, l.Item.Deadline, l.Item.PlanChange, state)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&pending, "pending", false, "only those no loaded plan version includes yet")
	cmd.Flags().BoolVar(&f.json, "json", false, "print JSON")
	f.addDB(cmd)
	f.addAPI(cmd)
	return cmd
}
