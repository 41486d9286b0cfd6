package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

type actionFlags struct {
	apiFlags
	planPath, db, as, incident, reason string
	dryRun, json                       bool
	timeout                            time.Duration
}

func newActionCmd(e *env) *cobra.Command {
	f := &actionFlags{}
	cmd := &cobra.Command{
		Use:   "action",
		Short: "Pause, unpause or call a contract through the plan's executors; approve and list actions",
		Long: `action carries out the containment actions of the plan (pause, unpause, or any
action of a contract by name) through the plan's executors: a guardian key, or a
Safe multisig (executed with the owner keys held, or proposed to the signers).

Each action is simulated from the executor's address first; a revert stops it
with the decoded reason. With --dry-run nothing is stored or sent. Otherwise the
action is recorded (--db), needs the approvals the plan's policy asks for (your
own, --as, counts if you hold one of the roles), and is sent once approved.
Only the incident commander or the technical lead approves, rejects or
carries out containment, on top of the plan's approval policy.

With --api URL (and --token) the action goes through a running daemon's
API instead: the token says who you are, and the daemon carries out what
is approved.`,
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.planPath, "plan", "", "plan file (required)")
	pf.StringVar(&f.db, "db", defaultDB, dbFlagUsage)
	pf.StringVar(&f.as, "as", "", "who you are, a person of the plan")
	pf.BoolVar(&f.json, "json", false, "print JSON")
	pf.DurationVar(&f.timeout, "timeout", 5*time.Minute, "how long to wait for the transaction to be mined")
	f.apiFlags.add(cmd.PersistentFlags())

	run := func(action func(args []string) (contract, name string)) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			contract, name := action(args)
			return f.do(cmd.Context(), e, contract, name)
		}
	}
	for _, c := range []*cobra.Command{
		{Use: "pause CONTRACT", Short: "Pause a contract (its pause action)", Args: cobra.ExactArgs(1),
			RunE: run(func(a []string) (string, string) { return a[0], "pause" })},
		{Use: "unpause CONTRACT", Short: "Unpause a contract (its unpause action)", Args: cobra.ExactArgs(1),
			RunE: run(func(a []string) (string, string) { return a[0], "unpause" })},
		{Use: "call CONTRACT ACTION", Short: "Carry out any action of a contract, by its name in the plan", Args: cobra.ExactArgs(2),
			RunE: run(func(a []string) (string, string) { return a[0], a[1] })},
	} {
		c.Flags().StringVar(&f.incident, "incident", "", "attach the action to this incident")
		c.Flags().BoolVar(&f.dryRun, "dry-run", false, "simulate and print the outcome; store and send nothing")
		cmd.AddCommand(c)
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "approve ACTION_ID",
		Short: "Approve a proposed action (--as PERSON); once approved it is sent",
		Args:  cobra.ExactArgs(1),
		RunE: onActionID(func(ctx context.Context, id int64) error {
			return f.approve(ctx, e, id)
		}),
	})
	reject := &cobra.Command{
		Use:   "reject ACTION_ID --reason TEXT",
		Short: "Reject a proposed action (--as PERSON); it is never sent",
		Args:  cobra.ExactArgs(1),
		RunE: onActionID(func(ctx context.Context, id int64) error {
			if strings.TrimSpace(f.reason) == "" {
				return errors.New("--reason TEXT is required: say why the action is rejected")
			}
			return f.reject(ctx, e, id)
		}),
	}
	reject.Flags().StringVar(&f.reason, "reason", "", "why (required)")
	cmd.AddCommand(reject)
	list := &cobra.Command{
		Use:   "list",
		Short: "List actions (of one incident with --incident, else every one)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return f.list(cmd.Context(), e)
		},
	}
	list.Flags().StringVar(&f.incident, "incident", "", "only this incident's actions")
	cmd.AddCommand(list)
	return cmd
}

// open builds the plan's runtime parts, over the --db database when
// withDB (else simulation only).
func (f *actionFlags) open(ctx context.Context, e *env, withDB bool) (*app.App, func(), error) {
	mode := noDB
	if withDB {
		mode = anyDB
	}
	return openApp(ctx, e, f.planPath, f.db, mode)
}

func (f *actionFlags) do(ctx context.Context, e *env, contract, name string) error {
	if f.remote() {
		return f.remoteDo(ctx, e, contract, name)
	}
	if f.dryRun {
		return f.dry(ctx, e, contract, name)
	}
	if f.as == "" {
		return errors.New("--as PERSON is required: say who asks for the action (or use --dry-run)")
	}
	return f.record(ctx, e, func(tx store.Tx, r *respond.Responder) (store.Action, error) {
		return r.Request(ctx, tx, respond.ManualRequest{Contract: contract, Action: name, IncidentID: f.incident, Person: f.as})
	})
}

func (f *actionFlags) approve(ctx context.Context, e *env, id int64) error {
	if f.remote() {
		return f.remoteDecide(ctx, e, id, "approve", nil)
	}
	if f.as == "" {
		return errors.New("--as PERSON is required: say who approves")
	}
	return f.record(ctx, e, func(tx store.Tx, r *respond.Responder) (store.Action, error) {
		return r.Approve(ctx, tx, id, f.as)
	})
}

func (f *actionFlags) reject(ctx context.Context, e *env, id int64) error {
	if f.remote() {
		return f.remoteDecide(ctx, e, id, "reject", map[string]string{"reason": f.reason})
	}
	if f.as == "" {
		return errors.New("--as PERSON is required: say who rejects")
	}
	_, a, closeApp, err := f.recordTx(ctx, e, func(tx store.Tx, r *respond.Responder) (store.Action, error) {
		return r.Reject(ctx, tx, id, f.as, f.reason)
	})
	if err != nil {
		return err
	}
	defer closeApp()
	return f.print(e, respond.View(a, nil), "")
}

// remoteDo proposes (or with --dry-run simulates) an action through the
// API.
func (f *actionFlags) remoteDo(ctx context.Context, e *env, contract, name string) error {
	c, err := f.apiFlags.client()
	if err != nil {
		return err
	}
	if f.dryRun {
		var out struct {
			OK     bool           `json:"ok"`
			DryRun respond.DryRun `json:"dry_run"`
		}
		if err := c.do(ctx, http.MethodPost, "/api/v1/actions/simulate", map[string]string{"contract": contract, "action": name}, &out); err != nil {
			return err
		}
		if f.json {
			if err := writeJSON(e.out, out.DryRun); err != nil {
				return err
			}
		} else {
			printDryRun(e.out, out.DryRun)
		}
		if !out.OK {
			return &exitError{code: 1}
		}
		return nil
	}
	var v respond.ActionView
	if err := c.do(ctx, http.MethodPost, "/api/v1/actions", map[string]string{"contract": contract, "action": name, "incident_id": f.incident}, &v); err != nil {
		return err
	}
	return f.printRemote(e, v)
}

// remoteDecide approves or rejects an action through the API.
func (f *actionFlags) remoteDecide(ctx context.Context, e *env, id int64, verb string, body any) error {
	c, err := f.apiFlags.client()
	if err != nil {
		return err
	}
	var v respond.ActionView
	if err := c.do(ctx, http.MethodPost, fmt.Sprintf("/api/v1/actions/%d/%s", id, verb), body, &v); err != nil {
		return err
	}
	return f.printRemote(e, v)
}

// printRemote prints an action the API answered with: the daemon carries
// out an approved one.
func (f *actionFlags) printRemote(e *env, v respond.ActionView) error {
	note := ""
	switch v.Status {
	case respond.StatusProposed:
		note = fmt.Sprintf("waiting for approval (%d of %d given); approve with: breakglass action approve %d --api URL", len(v.Approvals), v.ApprovalsNeeded, v.ID)
	case respond.StatusApproved:
		note = "approved: the daemon carries it out now"
	}
	return f.print(e, v, note)
}

// record runs fn (a request or an approval) in one transaction, then
// carries out the action it returns if it may run.
func (f *actionFlags) record(ctx context.Context, e *env, fn func(tx store.Tx, r *respond.Responder) (store.Action, error)) error {
	x, a, closeApp, err := f.recordTx(ctx, e, fn)
	if err != nil {
		return err
	}
	defer closeApp()
	return f.carryOut(ctx, e, x, a)
}

// recordTx opens the app and runs fn (a request, an approval or a
// rejection) in one transaction; it returns the app, closed by the func
// returned with it, and the action fn returned.
func (f *actionFlags) recordTx(ctx context.Context, e *env, fn func(tx store.Tx, r *respond.Responder) (store.Action, error)) (*app.App, store.Action, func(), error) {
	x, closeApp, err := f.open(ctx, e, true)
	if err != nil {
		return nil, store.Action{}, nil, err
	}
	var a store.Action
	err = x.Store.Tx(ctx, func(tx store.Tx) (err error) {
		a, err = fn(tx, x.Responder)
		return err
	})
	if err != nil {
		closeApp()
		return nil, store.Action{}, nil, userError(err)
	}
	return x, a, closeApp, nil
}

// carryOut sends an approved action and prints the outcome; a proposed one
// is reported as waiting.
func (f *actionFlags) carryOut(ctx context.Context, e *env, x *app.App, a store.Action) error {
	if a.Status == respond.StatusProposed {
		aps, _ := x.Store.Approvals(ctx, a.ID)
		return f.print(e, respond.View(a, aps), fmt.Sprintf("waiting for approval (%d given); approve with: breakglass action approve %d --as PERSON", len(aps), a.ID))
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	done, err := x.Responder.Execute(ctx, a.ID, false)
	if err != nil {
		if done.ID != 0 {
			_ = f.print(e, respond.View(done, nil), "")
		}
		return userError(err)
	}
	if err := f.print(e, respond.View(done, nil), ""); err != nil {
		return err
	}
	if done.Status == respond.StatusFailed {
		return &exitError{code: 1}
	}
	return nil
}

func (f *actionFlags) print(e *env, a respond.ActionView, note string) error {
	if f.json {
		return writeJSON(e.out, map[string]any{"action": a, "note": note})
	}
	fmt.Fprintf(e.out, "action %d %s: %s", a.ID, a.Key, a.Status)
	if a.TxHash != "" {
		fmt.Fprintf(e.out, " (tx %s", a.TxHash)
		if a.Nonce != nil {
			fmt.Fprintf(e.out, ", nonce %d", *a.Nonce)
		}
		fmt.Fprint(e.out, ")")
	}
	fmt.Fprintln(e.out)
	if a.Error != "" {
		fmt.Fprintln(e.out, "  "+a.Error)
	}
	if note != "" {
		fmt.Fprintln(e.out, "  "+note)
	}
	return nil
}

func (f *actionFlags) dry(ctx context.Context, e *env, contract, name string) error {
	x, closeApp, err := f.open(ctx, e, false)
	if err != nil {
		return err
	}
	defer closeApp()
	d, err := respond.Simulate(ctx, x.Plan, x.Executors, contract, name)
	if err != nil {
		return userError(err)
	}
	if f.json {
		if err := writeJSON(e.out, d); err != nil {
			return err
		}
	} else {
		printDryRun(e.out, d)
	}
	if !d.OK() {
		return &exitError{code: 1}
	}
	return nil
}

func printDryRun(w io.Writer, d respond.DryRun) {
	fmt.Fprintf(w, "dry run: %s\n", d.Params.Describe(d.Network))
	fmt.Fprintf(w, "  executor: %s: %s, calling from %s\n", d.Executor, d.ExecutorDescription, d.From.Hex())
	switch {
	case d.Problem != "":
		fmt.Fprintf(w, "  would stop before sending: %s\n", d.Problem)
	case d.Noop != "":
		fmt.Fprintf(w, "  no-op: %s; nothing would be sent\n", d.Noop)
	case d.Simulation.OK:
		fmt.Fprintf(w, "  simulation: succeeds (%d gas); nothing was sent\n", d.Simulation.Gas)
	default:
		fmt.Fprintf(w, "  simulation: reverts: %s; nothing was sent\n", d.Simulation.Reason)
	}
}

func (f *actionFlags) list(ctx context.Context, e *env) error {
	var views []respond.ActionView
	if f.remote() {
		c, err := f.apiFlags.client()
		if err != nil {
			return err
		}
		var out struct {
			Actions []respond.ActionView `json:"actions"`
		}
		if err := c.do(ctx, http.MethodGet, "/api/v1/actions?incident="+url.QueryEscape(f.incident), nil, &out); err != nil {
			return err
		}
		views = out.Actions
	} else {
		var err error
		views, err = readExistingStore(ctx, e, f.db, func(s store.Store) ([]respond.ActionView, error) {
			views, err := respond.Views(ctx, s, f.incident)
			if err != nil {
				return nil, userError(err)
			}
			return views, nil
		})
		if err != nil {
			return err
		}
	}
	if f.json {
		return writeJSON(e.out, map[string]any{"actions": views})
	}
	tw := newTable(e.out)
	fmt.Fprintln(tw, "ID\tINCIDENT\tACTION\tEXECUTOR\tSTATUS\tAPPROVALS\tTX\tUPDATED")
	for _, v := range views {
		inc := v.IncidentID
		if inc == "" {
			inc = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", v.ID, inc, v.Key, v.Executor, v.Status, len(v.Approvals), v.ApprovalsNeeded, v.TxHash, v.UpdatedAt.Format(time.RFC3339))
	}
	return tw.Flush()
}

// userError turns the responder's errors into one-line messages.
func userError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s (see breakglass action list)", oneLine(err))
	}
	return errors.New(strings.TrimSpace(oneLine(err)))
}

// onActionID is the RunE of a command whose argument is an ACTION_ID: it
// reads the id and runs run with it.
func onActionID(run func(ctx context.Context, id int64) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		id, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("ACTION_ID %q: want the number shown by breakglass action list", args[0])
		}
		return run(cmd.Context(), id)
	}
}
