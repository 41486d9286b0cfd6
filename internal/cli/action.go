package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

type actionFlags struct {
	planPath, db, as, incident string
	dryRun, json               bool
	timeout                    time.Duration
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
own, --as, counts if you hold one of the roles), and is sent once approved.`,
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.planPath, "plan", "", "plan file (required)")
	pf.StringVar(&f.db, "db", defaultDB, dbFlagUsage)
	pf.StringVar(&f.as, "as", "", "who you are, a person of the plan")
	pf.BoolVar(&f.json, "json", false, "print JSON")
	pf.DurationVar(&f.timeout, "timeout", 5*time.Minute, "how long to wait for the transaction to be mined")

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
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return fmt.Errorf("ACTION_ID %q: want the number shown by breakglass action list", args[0])
			}
			return f.approve(cmd.Context(), e, id)
		},
	})
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
	if f.as == "" {
		return errors.New("--as PERSON is required: say who approves")
	}
	return f.record(ctx, e, func(tx store.Tx, r *respond.Responder) (store.Action, error) {
		return r.Approve(ctx, tx, id, f.as)
	})
}

// record runs fn (a request or an approval) in one transaction, then
// carries out the action it returns if it may run.
func (f *actionFlags) record(ctx context.Context, e *env, fn func(tx store.Tx, r *respond.Responder) (store.Action, error)) error {
	x, closeApp, err := f.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer closeApp()
	var a store.Action
	err = x.Store.Tx(ctx, func(tx store.Tx) (err error) {
		a, err = fn(tx, x.Responder)
		return err
	})
	if err != nil {
		return userError(err)
	}
	return f.carryOut(ctx, e, x, a)
}

// carryOut sends an approved action and prints the outcome; a proposed one
// is reported as waiting.
func (f *actionFlags) carryOut(ctx context.Context, e *env, x *app.App, a store.Action) error {
	if a.Status == respond.StatusProposed {
		aps, _ := x.Store.Approvals(ctx, a.ID)
		return f.print(e, a, fmt.Sprintf("waiting for approval (%d given); approve with: breakglass action approve %d --as PERSON", len(aps), a.ID))
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	done, err := x.Responder.Execute(ctx, a.ID, false)
	if err != nil {
		if done.ID != 0 {
			_ = f.print(e, done, "")
		}
		return userError(err)
	}
	if err := f.print(e, done, ""); err != nil {
		return err
	}
	if done.Status == respond.StatusFailed {
		return &exitError{code: 1}
	}
	return nil
}

func (f *actionFlags) print(e *env, a store.Action, note string) error {
	if f.json {
		return writeJSON(e.out, map[string]any{"action": view(a), "note": note})
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

// actionView is an action as printed.
type actionView struct {
	ID         int64     `json:"id"`
	IncidentID string    `json:"incident_id,omitempty"`
	Key        string    `json:"key"`
	Kind       string    `json:"kind"`
	Network    string    `json:"network"`
	Target     string    `json:"target"`
	Executor   string    `json:"executor"`
	Status     string    `json:"status"`
	TxHash     string    `json:"tx_hash,omitempty"`
	Nonce      *uint64   `json:"nonce,omitempty"`
	Error      string    `json:"error,omitempty"`
	UpdatedAt  time.Time `json:"updated_at"`
}

func view(a store.Action) actionView {
	return actionView{ID: a.ID, IncidentID: a.IncidentID, Key: a.Key, Kind: a.Kind, Network: a.Network, Target: a.Target,
		Executor: a.Executor, Status: a.Status, TxHash: a.TxHash, Nonce: a.Nonce, Error: a.Error, UpdatedAt: a.UpdatedAt.UTC()}
}

func (f *actionFlags) list(ctx context.Context, e *env) error {
	s, err := openExistingStore(ctx, e, f.db)
	if err != nil {
		return err
	}
	defer s.Close()
	ids := []string{f.incident}
	if f.incident == "" {
		incs, err := s.Incidents(ctx, store.IncidentFilter{})
		if err != nil {
			return err
		}
		for _, inc := range incs {
			ids = append(ids, inc.ID)
		}
	}
	views := []actionView{}
	for _, id := range ids {
		acts, err := s.Actions(ctx, id)
		if err != nil {
			return err
		}
		for _, a := range acts {
			views = append(views, view(a))
		}
	}
	if f.json {
		return writeJSON(e.out, map[string]any{"actions": views})
	}
	tw := newTable(e.out)
	fmt.Fprintln(tw, "ID\tINCIDENT\tACTION\tEXECUTOR\tSTATUS\tTX\tUPDATED")
	for _, v := range views {
		inc := v.IncidentID
		if inc == "" {
			inc = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", v.ID, inc, v.Key, v.Executor, v.Status, v.TxHash, v.UpdatedAt.Format(time.RFC3339))
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
