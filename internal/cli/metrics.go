package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// parseSince reads --since: an RFC 3339 time, a date (YYYY-MM-DD, UTC) or
// a duration back from now ("30d", "12h").
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := plan.ParseDuration(s); err == nil {
		return now.Add(-time.Duration(d)), nil
	}
	return time.Time{}, fmt.Errorf("--since %q: want a date (2026-01-31), an RFC 3339 time or a duration back from now (30d, 12h)", s)
}

func newMetricsCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var since string
	cmd := &cobra.Command{
		Use:   "metrics [--since DATE|DURATION] [--json]",
		Short: "Response times per incident and their median and 90th percentile",
		Long: `metrics prints, per incident and across incidents, the time to detect (the
exploit's block time to the first alert), and from the first alert the time
to acknowledge, to contain (the pause mined), to recover and to resolve, with
their median and 90th percentile (linear interpolation between ranks). A
phase not reached, or whose start is unknown, is left out. The daemon exports
the same figures as breakglass_incident_response_seconds.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			from, err := parseSince(since, time.Now())
			if err != nil {
				return err
			}
			ms, err := readExistingStore(cmd.Context(), e, f.db, func(s store.Store) ([]report.Metrics, error) {
				return report.MeasureAll(cmd.Context(), s, from)
			})
			if err != nil {
				return err
			}
			stats := report.Summarize(ms)
			if f.json {
				if ms == nil {
					ms = []report.Metrics{}
				}
				return writeJSON(e.out, map[string]any{"incidents": ms, "summary": stats})
			}
			if len(ms) == 0 {
				_, err := fmt.Fprintln(e.out, "no incidents")
				return err
			}
			tw := newTable(e.out)
			fmt.Fprintln(tw, "INCIDENT\tSEVERITY\tOPENED (UTC)\t"+strings.ToUpper(strings.Join(report.Phases(), "\t")))
			for _, m := range ms {
				row := []string{m.Incident, m.Severity, m.OpenedAt.Format("2006-01-02 15:04")}
				for _, ph := range report.Phases() {
					row = append(row, durOrDash(m.Times[ph], m.Times != nil && hasPhase(m, ph)))
				}
				fmt.Fprintln(tw, strings.Join(row, "\t"))
			}
			fmt.Fprintln(tw)
			fmt.Fprintln(tw, "PHASE\tCOUNT\tMEDIAN\tP90")
			for _, st := range stats {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", st.Phase, st.Count, durOrDash(st.Median, st.Count > 0), durOrDash(st.P90, st.Count > 0))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only incidents opened since: a date, an RFC 3339 time or a duration (30d)")
	cmd.Flags().BoolVar(&f.json, "json", false, "print JSON")
	f.addDB(cmd)
	return cmd
}

func hasPhase(m report.Metrics, ph string) bool {
	_, ok := m.Times[ph]
	return ok
}

func durOrDash(d time.Duration, ok bool) string {
	if !ok {
		return "—"
	}
	return d.Round(time.Second).String()
}
