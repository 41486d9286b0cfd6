package cli

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func newSilenceCmd(e *env) *cobra.Command {
	var db string
	var af apiFlags
	cmd := &cobra.Command{
		Use:   "silence",
		Short: "Silence matching alerts for a while (they are stored but open nothing)",
		Long: `silence holds back the alerts its matchers match: they are stored but open
no incident. Only the incident commander or the technical lead silences or
ends a silence. With --api URL (and --token) the command goes through a
running daemon's API; the token says who you are.`,
	}
	cmd.PersistentFlags().StringVar(&db, "db", defaultDB, dbFlagUsage)
	af.add(cmd.PersistentFlags())

	var planPath, as, comment string
	var dur time.Duration
	add := &cobra.Command{
		Use:   "add MATCHER... --for DURATION --comment TEXT --plan FILE --as PERSON",
		Short: "Add a silence: every matcher (name=value, name!=value, name=~regex, name!~regex) must match",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if af.remote() {
				c, err := af.client()
				if err != nil {
					return err
				}
				var v incident.SilenceView
				if err := c.do(cmd.Context(), http.MethodPost, "/api/v1/silences", map[string]any{"matchers": args, "for": dur.String(), "comment": comment}, &v); err != nil {
					return err
				}
				fmt.Fprintf(e.out, "silence %d until %s\n", v.ID, v.EndsAt.UTC().Format(time.RFC3339))
				return nil
			}
			if planPath == "" || as == "" {
				return errors.New("silence add needs --plan FILE and --as PERSON (or --api URL)")
			}
			var ms []incident.Matcher
			for _, a := range args {
				m, err := incident.ParseMatcher(a)
				if err != nil {
					return err
				}
				ms = append(ms, m)
			}
			// The silence is for the daemon's database: a missing one is
			// a mistaken --db, not a new database to create.
			a, closeApp, err := openApp(cmd.Context(), e, planPath, db, existingDB)
			if err != nil {
				return err
			}
			defer closeApp()
			s, m := a.Store, a.Incidents
			var sil store.Silence
			if err := s.Tx(cmd.Context(), func(tx store.Tx) error {
				var err error
				sil, err = m.Silence(cmd.Context(), tx, ms, dur, as, comment)
				return err
			}); err != nil {
				return err
			}
			fmt.Fprintf(e.out, "silence %d until %s\n", sil.ID, sil.EndsAt.UTC().Format(time.RFC3339))
			return nil
		},
	}
	add.Flags().StringVar(&planPath, "plan", "", "plan file")
	add.Flags().StringVar(&as, "as", "", "who silences (a person of the plan)")
	add.Flags().StringVar(&comment, "comment", "", "why (required)")
	add.Flags().DurationVar(&dur, "for", time.Hour, "how long")

	var all bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List silences in force (all with --all)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var views []incident.SilenceView
			if af.remote() {
				c, err := af.client()
				if err != nil {
					return err
				}
				var out struct {
					Silences []incident.SilenceView `json:"silences"`
				}
				if err := c.do(cmd.Context(), http.MethodGet, fmt.Sprintf("/api/v1/silences?all=%t", all), nil, &out); err != nil {
					return err
				}
				views = out.Silences
			} else {
				ss, err := readExistingStore(cmd.Context(), e, db, func(s store.Store) ([]store.Silence, error) {
					at := time.Now()
					if all {
						at = time.Time{}
					}
					return s.Silences(cmd.Context(), at)
				})
				if err != nil {
					return err
				}
				for _, x := range ss {
					views = append(views, incident.ViewSilence(x))
				}
			}
			tw := newTable(e.out)
			fmt.Fprintln(tw, "ID\tUNTIL (UTC)\tAUTHOR\tMATCHERS\tCOMMENT")
			for _, x := range views {
				var ms []string
				for _, m := range x.Matchers {
					ms = append(ms, m.Name+m.Op+m.Value)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", x.ID, x.EndsAt.UTC().Format("2006-01-02 15:04:05"), x.Author, strings.Join(ms, " "), x.Comment)
			}
			return tw.Flush()
		},
	}
	list.Flags().BoolVar(&all, "all", false, "include expired silences")

	var expAs, expPlan string
	expire := &cobra.Command{
		Use:   "expire ID --plan FILE --as PERSON",
		Short: "End a silence now",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("silence id %q: want a number", args[0])
			}
			if af.remote() {
				c, err := af.client()
				if err != nil {
					return err
				}
				return c.do(cmd.Context(), http.MethodDelete, fmt.Sprintf("/api/v1/silences/%d", id), nil, nil)
			}
			if expPlan == "" || expAs == "" {
				return errors.New("silence expire needs --plan FILE and --as PERSON (or --api URL)")
			}
			a, closeApp, err := openApp(cmd.Context(), e, expPlan, db, existingDB)
			if err != nil {
				return err
			}
			defer closeApp()
			return a.Store.Tx(cmd.Context(), func(tx store.Tx) error {
				return a.Incidents.ExpireSilence(cmd.Context(), tx, id, expAs)
			})
		},
	}
	expire.Flags().StringVar(&expAs, "as", "", "who ends it (a person of the plan)")
	expire.Flags().StringVar(&expPlan, "plan", "", "plan file")
	cmd.AddCommand(add, list, expire)
	return cmd
}
