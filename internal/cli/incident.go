package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// incidents is what the incident commands need, from the database or from
// a running daemon's API.
type incidents interface {
	List(ctx context.Context, openOnly bool, statuses []incident.Status) ([]incident.Summary, error)
	Show(ctx context.Context, id string) (incident.Record, error)
	// Change applies ch (its Op is one of incident.OpAck, …).
	Change(ctx context.Context, id string, ch incident.Change) (incident.Record, error)
	Close() error
}

type incidentFlags struct {
	apiFlags
	db, planPath, as string
	json             bool
}

func newIncidentCmd(e *env) *cobra.Command {
	f := &incidentFlags{}
	cmd := &cobra.Command{
		Use:   "incident",
		Short: "List, show and work on incidents",
		Long: `incident works on the incidents of a breakglass database (--db) or of a
running daemon (--api URL with --token or $BREAKGLASS_TOKEN).

With --db, changes need the plan (--plan) and who you are (--as PERSON); the
plan's roles decide what you may do, as the API does with a token.`,
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.db, "db", defaultDB, dbFlagUsage)
	f.apiFlags.add(cmd.PersistentFlags())
	pf.StringVar(&f.planPath, "plan", "", "plan file (needed for changes with --db)")
	pf.StringVar(&f.as, "as", "", "who you are, a person of the plan (needed for changes with --db)")
	pf.BoolVar(&f.json, "json", false, "print JSON")

	var all bool
	var statuses []string
	list := &cobra.Command{
		Use:   "list",
		Short: "List incidents (open ones unless --all)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := f.client(cmd.Context(), e, false)
			if err != nil {
				return err
			}
			defer c.Close()
			sts, err := incident.ParseStatuses(statuses)
			if err != nil {
				return fmt.Errorf("--status: %w", err)
			}
			sums, err := c.List(cmd.Context(), !all, sts)
			if err != nil {
				return err
			}
			if f.json {
				return writeJSON(e.out, map[string]any{"incidents": sums})
			}
			return printIncidents(e.out, sums)
		},
	}
	list.Flags().BoolVar(&all, "all", false, "include closed incidents")
	list.Flags().StringSliceVar(&statuses, "status", nil, "only these statuses (comma-separated)")

	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show an incident with its timeline, alerts, actions and deliveries",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.client(cmd.Context(), e, false)
			if err != nil {
				return err
			}
			defer c.Close()
			rec, err := c.Show(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return f.print(e, rec)
		},
	}

	change := func(use, short, op string, nargs int, build func(args []string) incident.Change) *cobra.Command {
		var reason string
		c := &cobra.Command{
			Use:   use,
			Short: short,
			Args:  cobra.ExactArgs(nargs),
			RunE: func(cmd *cobra.Command, args []string) error {
				cl, err := f.client(cmd.Context(), e, true)
				if err != nil {
					return err
				}
				defer cl.Close()
				ch := build(args)
				ch.Op, ch.Reason = op, reason
				rec, err := cl.Change(cmd.Context(), args[0], ch)
				if err != nil {
					return err
				}
				return f.print(e, rec)
			},
		}
		if op == incident.OpSeverity || op == incident.OpStatus || op == incident.OpDismiss {
			c.Flags().StringVar(&reason, "reason", "", "why (required to change the severity or dismiss)")
		}
		return c
	}
	cmd.AddCommand(list, show,
		change("ack ID", "Acknowledge an incident (stops its escalation)", incident.OpAck, 1, func([]string) incident.Change { return incident.Change{} }),
		change("assign ID ROLE PERSON", "Give a role on the incident to a person", incident.OpAssign, 3, func(a []string) incident.Change { return incident.Change{Role: a[1], Person: a[2]} }),
		change("severity ID SEVERITY", "Change the severity (with --reason)", incident.OpSeverity, 2, func(a []string) incident.Change { return incident.Change{Severity: a[1]} }),
		change("note ID TEXT", "Add a note to the timeline", incident.OpNote, 2, func(a []string) incident.Change { return incident.Change{Text: a[1]} }),
		change("dismiss ID", "Dismiss an incident as a false positive (with --reason); later alerts open a new incident", incident.OpDismiss, 1, func([]string) incident.Change { return incident.Change{} }),
		change("status ID STATE", "Move the incident to a status: "+strings.Join(incident.StatusNames(), ", "), incident.OpStatus, 2, func(a []string) incident.Change { return incident.Change{Status: incident.Status(a[1])} }),
	)
	return cmd
}

func (f *incidentFlags) print(e *env, rec incident.Record) error {
	if f.json {
		return writeJSON(e.out, rec)
	}
	return printRecord(e.out, rec)
}

// client picks the API or the database; changes through the database need
// the plan and a person.
func (f *incidentFlags) client(ctx context.Context, e *env, changes bool) (incidents, error) {
	if f.remote() {
		c, err := f.apiFlags.client()
		if err != nil {
			return nil, err
		}
		return &apiIncidents{c}, nil
	}
	if changes {
		if f.planPath == "" || f.as == "" {
			return nil, errors.New("changes with --db need --plan FILE and --as PERSON (or use --api with a token)")
		}
		a, closeApp, err := openApp(ctx, e, f.planPath, f.db, existingDB)
		if err != nil {
			return nil, err
		}
		return &dbIncidents{s: a.Store, m: a.Incidents, as: f.as, close: closeApp}, nil
	}
	s, err := openExistingStore(ctx, e, f.db)
	if err != nil {
		return nil, err
	}
	return &dbIncidents{s: s, as: f.as, close: func() { s.Close() }}, nil
}

type dbIncidents struct {
	s     store.Store
	m     *incident.Manager
	as    string
	close func()
}

func (d *dbIncidents) Close() error { d.close(); return nil }

func (d *dbIncidents) List(ctx context.Context, openOnly bool, statuses []incident.Status) ([]incident.Summary, error) {
	incs, err := d.s.Incidents(ctx, store.IncidentFilter{OpenOnly: openOnly, Statuses: statuses})
	if err != nil {
		return nil, err
	}
	out := make([]incident.Summary, 0, len(incs))
	for _, inc := range incs {
		out = append(out, incident.Summarize(inc))
	}
	return out, nil
}

func (d *dbIncidents) Show(ctx context.Context, id string) (incident.Record, error) {
	return incident.Load(ctx, d.s, id)
}

func (d *dbIncidents) Change(ctx context.Context, id string, ch incident.Change) (incident.Record, error) {
	err := d.s.Tx(ctx, func(tx store.Tx) error { return d.m.Apply(ctx, tx, id, d.as, ch) })
	if err != nil {
		return incident.Record{}, err
	}
	return incident.Load(ctx, d.s, id)
}

// apiIncidents are the incidents of a daemon's API.
type apiIncidents struct{ *apiClient }

func (a *apiIncidents) Close() error { return nil }

func (a *apiIncidents) List(ctx context.Context, openOnly bool, statuses []incident.Status) ([]incident.Summary, error) {
	q := url.Values{}
	if openOnly {
		q.Set("open", "true")
	}
	if len(statuses) > 0 {
		names := make([]string, len(statuses))
		for i, st := range statuses {
			names[i] = string(st)
		}
		q.Set("status", strings.Join(names, ","))
	}
	var out struct {
		Incidents []incident.Summary `json:"incidents"`
	}
	err := a.do(ctx, http.MethodGet, "/api/v1/incidents?"+q.Encode(), nil, &out)
	return out.Incidents, err
}

func (a *apiIncidents) Show(ctx context.Context, id string) (incident.Record, error) {
	var rec incident.Record
	err := a.do(ctx, http.MethodGet, "/api/v1/incidents/"+url.PathEscape(id), nil, &rec)
	return rec, err
}

var apiPaths = map[string]string{incident.OpAck: "ack", incident.OpNote: "notes", incident.OpAssign: "assign", incident.OpSeverity: "severity", incident.OpStatus: "status", incident.OpDismiss: "dismiss"}

func (a *apiIncidents) Change(ctx context.Context, id string, ch incident.Change) (incident.Record, error) {
	var rec incident.Record
	err := a.do(ctx, http.MethodPost, "/api/v1/incidents/"+url.PathEscape(id)+"/"+apiPaths[ch.Op], ch, &rec)
	return rec, err
}

func printIncidents(w io.Writer, sums []incident.Summary) error {
	if len(sums) == 0 {
		_, err := fmt.Fprintln(w, "no incidents")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSTATUS\tALERTS\tOPENED (UTC)\tTITLE")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", s.ID, s.Severity, statusOf(s), s.AlertCount, s.OpenedAt.UTC().Format("2006-01-02 15:04:05"), s.Title)
	}
	return tw.Flush()
}

// statusOf is an incident's status as shown, flagged when a reorg
// retracted every alert of it.
func statusOf(s incident.Summary) string {
	if s.AlertsRetracted {
		return string(s.Status) + " (every alert retracted by a reorg)"
	}
	return string(s.Status)
}

func printRecord(w io.Writer, r incident.Record) error {
	in := r.Incident
	fmt.Fprintf(w, "%s  %s\n", in.ID, in.Title)
	fmt.Fprintf(w, "  severity %s · status %s · type %s · %s %s · %d alert(s)\n", in.Severity, statusOf(in), in.Type, in.Network, in.Contract, in.AlertCount)
	fmt.Fprintf(w, "  opened %s · plan %s\n", in.OpenedAt.UTC().Format(time.RFC3339), plan.ShortHash(in.PlanHash))
	if len(in.Roles) > 0 {
		fmt.Fprint(w, "  roles:")
		for _, k := range slices.Sorted(maps.Keys(in.Roles)) {
			fmt.Fprintf(w, " %s=%s", k, in.Roles[k])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nTimeline (UTC)")
	tw := newTable(w)
	for _, e := range r.Timeline {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", e.Time.UTC().Format("2006-01-02 15:04:05"), e.Actor, e.Kind, e.Message)
	}
	tw.Flush()
	if len(r.Alerts) > 0 {
		fmt.Fprintln(w, "\nAlerts")
		for _, a := range r.Alerts {
			ret := ""
			if a.Retracted {
				ret = "  [retracted: reorg]"
			}
			fmt.Fprintf(w, "  #%d %s block %d tx %s: %s%s\n", a.ID, a.Detector, a.Block, a.Tx, a.Summary, ret)
		}
	}
	if len(r.Actions) > 0 {
		fmt.Fprintln(w, "\nActions")
		for _, a := range r.Actions {
			fmt.Fprintf(w, "  %s %s via %s: %s %s %s\n", a.Kind, a.Target, a.Executor, a.Status, a.TxHash, a.Error)
		}
	}
	var failed []incident.Delivery
	for _, d := range r.Deliveries {
		if d.LastError != "" && d.Status != store.OutboxDone {
			failed = append(failed, d)
		}
	}
	fmt.Fprintf(w, "\nNotifications: %d", len(r.Deliveries))
	if len(failed) > 0 {
		fmt.Fprintf(w, ", %d failing:\n", len(failed))
		for _, d := range failed {
			fmt.Fprintf(w, "  %s %s after %d attempt(s): %s\n", d.Kind, d.Status, d.Attempts, d.LastError)
		}
		return nil
	}
	_, err := fmt.Fprintln(w)
	return err
}
