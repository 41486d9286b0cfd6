package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/golden"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/reporttest"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func TestPostMortemGolden(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	ctx := context.Background()
	doc, err := report.Build(ctx, f.Store, id, report.BuildOptions{Plan: f.Plan, Now: f.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format report.Format
		file   string
	}{{report.Markdown, "postmortem.golden.md"}, {report.HTML, "postmortem.golden.html"}} {
		t.Run(string(tc.format), func(t *testing.T) {
			var b bytes.Buffer
			if err := doc.Render(&b, tc.format); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tc.file), b.Bytes())
		})
	}
	// The content the issue asks for is there, whatever the layout.
	var b bytes.Buffer
	if err := doc.Render(&b, report.Markdown); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		reporttest.ExploitTx, reporttest.PauseTx, "19000000", "2,400,000 USDC (2400000000000 base units)", "312",
		"alice (incident_commander) at 2026-03-05T10:03:00Z", "Time to detect: 12s", "| contain | 4m30s |",
		"Round against the user", "carol", "2026-03-20", "Page the legal lead", "Draft for the legal lead, not legal advice",
		"INC-2026-0001/A2", "Exploit in progress",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("post-mortem lacks %q", want)
		}
	}
	if strings.Contains(md, "Draft:** still to write") {
		t.Error("a complete post-mortem is marked as a draft")
	}
	var h bytes.Buffer
	if err := doc.Render(&h, report.HTML); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.String(), "<h2>Five whys</h2>") && !strings.Contains(h.String(), "<h3>Five whys</h3>") {
		t.Error("HTML post-mortem lacks the five whys")
	}
}

func TestHTMLEscapes(t *testing.T) {
	f := reporttest.New(t)
	id := f.Open(t, "high")
	ctx := context.Background()
	f.Tx(t, func(tx store.Tx) error {
		_, err := report.Edit(ctx, tx, f.Manager, id, "alice", "x.yaml", []byte("root_cause: \"<script>alert(1)</script>\"\n"), f.Clock.Now())
		return err
	})
	doc, err := report.Build(ctx, f.Store, id, report.BuildOptions{Now: f.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := doc.Render(&b, report.HTML); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>") || !strings.Contains(b.String(), "&lt;script&gt;") {
		t.Error("HTML post-mortem does not escape what people wrote")
	}
	if err := doc.Render(&b, "pdf"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestCloseNeedsPostMortem(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		severity string
		yaml     string
		wantErr  string
	}{
		{"critical", "", "missing a summary, a root cause, action items"},
		{"high", "summary: s\nroot_cause: r\n", "missing action items"},
		{"critical", "summary: s\nroot_cause: r\naction_items:\n  - {title: t, owner: o, deadline: 2026-04-01}\n", ""},
		{"medium", "", ""},
	} {
		t.Run(tc.severity+"/"+tc.wantErr, func(t *testing.T) {
			f := reporttest.New(t)
			id := f.Open(t, tc.severity)
			f.Tx(t, func(tx store.Tx) error {
				_, err := f.Manager.SetStatus(ctx, tx, id, incident.Resolved, "alice", "")
				return err
			})
			if tc.yaml != "" {
				f.Tx(t, func(tx store.Tx) error {
					_, err := report.Edit(ctx, tx, f.Manager, id, "alice", "pm.yaml", []byte(tc.yaml), f.Clock.Now())
					return err
				})
			}
			err := f.Store.Tx(ctx, func(tx store.Tx) error {
				_, err := f.Manager.SetStatus(ctx, tx, id, incident.Closed, "alice", "")
				return err
			})
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("close: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("close: got %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestApplyYAMLErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown field", "summary: x\nroot_cuase: y\n", "pm.yaml:2:1: unknown field \"root_cuase\""},
		{"no owner", "action_items:\n  - title: a\n    owner: b\n    deadline: 2026-01-02\n  - title: c\n    deadline: 2026-01-02\n", "pm.yaml:5:5: action_items[1]: owner is required"},
		{"bad status", "action_items:\n  - {title: a, owner: b, deadline: 2026-01-02, status: finished}\n", "status \"finished\": want one of open, in-progress, done, wont-do"},
		{"bad date", "action_items:\n  - {title: a, owner: b, deadline: next week}\n", "want YYYY-MM-DD"},
		{"bad amount", "impact:\n  lost:\n    - {token: \"0x0\", amount: \"1.5\"}\n", "impact.lost[0].amount \"1.5\": want a decimal integer"},
		{"not a mapping", "- a\n- b\n", "pm.yaml:1:1: want a mapping"},
		{"bad yaml", "summary: [\n", "pm.yaml: yaml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := report.ApplyYAML(report.PostMortem{}, "pm.yaml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// Keys left out keep their value; ids and statuses are assigned.
	pm := report.PostMortem{Summary: "kept", RootCause: "old"}
	pm, err := report.ApplyYAML(pm, "pm.yaml", []byte("root_cause: new\naction_items:\n  - {id: A1, title: a, owner: b, deadline: 2026-01-02}\n  - {title: c, owner: d, deadline: 2026-01-03, status: done}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if pm.Summary != "kept" || pm.RootCause != "new" || pm.ActionItems[0].Status != report.ItemOpen || pm.ActionItems[1].ID != "A2" {
		t.Fatalf("merge: %+v", pm)
	}
	out, err := pm.YAML()
	if err != nil {
		t.Fatal(err)
	}
	back, err := report.ApplyYAML(report.PostMortem{}, "round-trip", out)
	if err != nil {
		t.Fatalf("the YAML the tool prints does not read back: %v\n%s", err, out)
	}
	if back.RootCause != "new" || len(back.ActionItems) != 2 || back.ActionItems[1].Deadline.String() != "2026-01-03" {
		t.Fatalf("round trip: %+v", back)
	}
}

func TestQuantile(t *testing.T) {
	s := func(xs ...int) []time.Duration {
		var out []time.Duration
		for _, x := range xs {
			out = append(out, time.Duration(x)*time.Second)
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		in       []time.Duration
		med, p90 time.Duration
	}{
		{"empty", nil, 0, 0},
		{"one", s(7), 7 * time.Second, 7 * time.Second},
		{"odd", s(30, 10, 20), 20 * time.Second, 28 * time.Second},
		{"even", s(10, 20, 30, 40), 25 * time.Second, 37 * time.Second},
		{"ten", s(1, 2, 3, 4, 5, 6, 7, 8, 9, 100), 5500 * time.Millisecond, 18100 * time.Millisecond},
		{"equal", s(5, 5, 5, 5), 5 * time.Second, 5 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := report.Quantile(tc.in, 0.5); got != tc.med {
				t.Errorf("median = %v, want %v", got, tc.med)
			}
			if got := report.Quantile(tc.in, 0.9); got != tc.p90 {
				t.Errorf("p90 = %v, want %v", got, tc.p90)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	ctx := context.Background()
	inc, err := f.Store.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	m, err := report.Measure(inc)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Duration{
		report.PhaseDetect: 12 * time.Second, report.PhaseAcknowledge: 2 * time.Minute, report.PhaseContain: 4*time.Minute + 30*time.Second,
		report.PhaseRecover: 26 * time.Hour, report.PhaseResolve: 54 * time.Hour,
	}
	for ph, d := range want {
		if m.Times[ph] != d {
			t.Errorf("%s = %v, want %v", ph, m.Times[ph], d)
		}
	}
	// A second incident, acknowledged after 10 minutes and never contained.
	f.Clock.Set(reporttest.Start.Add(100 * time.Hour))
	f.Plan.Detectors[0].Name = "vault-drain"
	id2 := f.Open(t, "high")
	if id2 == id {
		t.Fatal("the second alert joined the first incident")
	}
	f.Clock.Advance(10 * time.Minute)
	f.Tx(t, func(tx store.Tx) error { _, err := f.Manager.Ack(ctx, tx, id2, "bob"); return err })
	all, err := report.MeasureAll(ctx, f.Store, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string]report.Stat{}
	for _, s := range report.Summarize(all) {
		stats[s.Phase] = s
	}
	if s := stats[report.PhaseAcknowledge]; s.Count != 2 || s.Median != 6*time.Minute || s.P90 != 9*time.Minute+12*time.Second {
		t.Errorf("acknowledge stat = %+v", s)
	}
	if s := stats[report.PhaseContain]; s.Count != 1 || s.Median != 270*time.Second {
		t.Errorf("contain stat = %+v", s)
	}
	since, err := report.MeasureAll(ctx, f.Store, reporttest.Start.Add(50*time.Hour))
	if err != nil || len(since) != 1 || since[0].Incident != id2 {
		t.Fatalf("since: %v %+v", err, since)
	}

	reg := prometheus.NewRegistry()
	if err := reg.Register(report.NewCollector(f.Store, 0, nil)); err != nil {
		t.Fatal(err)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, mf := range mfs {
		if mf.GetName() != "breakglass_incident_response_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			if m.GetLabel()[0].GetValue() != report.PhaseAcknowledge {
				continue
			}
			found = true
			sm := m.GetSummary()
			if sm.GetSampleCount() != 2 || sm.GetSampleSum() != 720 || sm.GetQuantile()[0].GetValue() != 360 {
				t.Errorf("acknowledge summary = %v", sm)
			}
		}
	}
	if !found {
		t.Error("no breakglass_incident_response_seconds{phase=acknowledge}")
	}
}

// TestExternalUpdates checks that what external audiences receive — the
// status update deliveries and the public disclosure — holds no internal
// detail.
func TestExternalUpdates(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	ctx := context.Background()
	internal := []string{reporttest.InternalNote, "0xfeed", "alice", "carol", "lena", "erin", id, "Round against the user", "war-room", reporttest.PauseTx}

	items, err := f.Store.OutboxItems(ctx, store.OutboxFilter{IncidentID: id})
	if err != nil {
		t.Fatal(err)
	}
	external := 0
	for _, it := range items {
		var d notify.Delivery
		if err := json.Unmarshal(it.Payload, &d); err != nil {
			t.Fatal(err)
		}
		if d.Channel != "status-page" {
			continue
		}
		external++
		for _, s := range internal {
			if strings.Contains(string(it.Payload), s) {
				t.Errorf("external delivery %s contains internal %q: %s", it.Key, s, it.Payload)
			}
		}
	}
	if external != 2 {
		t.Errorf("status-page received %d messages, want 2 (the status update and the resolution)", external)
	}
	tl, err := f.Store.Timeline(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	updates := 0
	for _, e := range tl {
		if e.Kind == report.StatusUpdateKind {
			updates++
		}
	}
	if updates != 1 {
		t.Errorf("timeline has %d status updates, want 1", updates)
	}

	inc, err := f.Store.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := report.PublicOf(inc, f.Plan)
	if err != nil {
		t.Fatal(err)
	}
	text, err := report.Disclosure(pub)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range internal {
		if strings.Contains(text, s) {
			t.Errorf("disclosure contains internal %q:\n%s", s, text)
		}
	}
	for _, s := range []string{"DRAFT", "rounding error", "2,400,000 USDC", "312 users", "The vault is paused while we investigate", "vault on mainnet"} {
		if !strings.Contains(text, s) {
			t.Errorf("disclosure lacks %q:\n%s", s, text)
		}
	}
	// Unconfirmed figures stay out.
	f.Tx(t, func(tx store.Tx) error {
		_, err := report.Edit(ctx, tx, f.Manager, id, "alice", "x.yaml", []byte("impact:\n  lost_usd: \"2400000.00\"\n  users_affected: 312\n"), f.Clock.Now())
		return err
	})
	inc, _ = f.Store.Incident(ctx, id)
	pub, _ = report.PublicOf(inc, f.Plan)
	text, _ = report.Disclosure(pub)
	if strings.Contains(text, "2400000") || strings.Contains(text, "312") || !strings.Contains(text, "still confirming") {
		t.Errorf("disclosure shows unconfirmed figures:\n%s", text)
	}
	// Only the communications lead or the commander may send.
	err = f.Store.Tx(ctx, func(tx store.Tx) error {
		_, err := report.NewComms(f.Plan, f.Manager, f.Clock.Now, nil).SendUpdate(ctx, tx, id, "carol", "hello")
		return err
	})
	if !errors.Is(err, incident.ErrForbidden) {
		t.Errorf("carol sent an external update: %v", err)
	}
}

func TestStatusUpdateCadence(t *testing.T) {
	f := reporttest.New(t)
	ctx := context.Background()
	id := f.Open(t, "critical") // cadence 1h
	c := report.NewComms(f.Plan, f.Manager, f.Clock.Now, nil)
	steps := []struct {
		at   time.Duration
		send bool
		want int
	}{
		{30 * time.Minute, false, 0},
		{60 * time.Minute, false, 1},
		{61 * time.Minute, false, 0},
		{70 * time.Minute, false, 0},
		{120 * time.Minute, false, 1},
		{125 * time.Minute, true, 0},
		{150 * time.Minute, false, 0},
		{185 * time.Minute, false, 1},
		{185 * time.Minute, false, 0},
	}
	total := 0
	for _, s := range steps {
		f.Clock.Set(reporttest.Start.Add(s.at))
		if s.send {
			f.Tx(t, func(tx store.Tx) error {
				_, err := c.SendUpdate(ctx, tx, id, "erin", "Still investigating.")
				return err
			})
		}
		n, err := c.Tick(ctx, f.Store)
		if err != nil {
			t.Fatal(err)
		}
		if n != s.want {
			t.Errorf("at +%v: %d reminders, want %d", s.at, n, s.want)
		}
		total += n
	}
	tl, err := f.Store.Timeline(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	due := 0
	for _, e := range tl {
		if e.Kind == "status_update.due" {
			due++
			if !strings.Contains(e.Message, "erin (communications lead)") {
				t.Errorf("reminder not addressed to the communications lead: %s", e.Message)
			}
		}
	}
	if due != total || total != 3 {
		t.Errorf("timeline has %d reminders, ticks sent %d, want 3", due, total)
	}
}

func TestLessonsAndPlanDiff(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	ctx := context.Background()
	v1 := "version: 1\nname: Acme Lending\ndetectors:\n  - name: vault-drain\n"
	v2 := v1 + "  # " + report.LessonRef(id, "A2") + ": rounding invariant\n  - name: vault-rounding-invariant\n"
	f.Tx(t, func(tx store.Tx) error {
		_, err := tx.SavePlanVersion(ctx, store.PlanVersion{Hash: "aaaa1111", Content: []byte(v1)})
		return err
	})
	ls, err := report.Lessons(ctx, f.Store, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 || ls[0].Item.ID != "A2" || ls[0].Included {
		t.Fatalf("pending lessons before the new plan: %+v", ls)
	}
	f.Clock.Advance(time.Hour)
	f.Tx(t, func(tx store.Tx) error {
		_, err := tx.SavePlanVersion(ctx, store.PlanVersion{Hash: "aaaa2222", Content: []byte(v2)})
		return err
	})
	ls, err = report.Lessons(ctx, f.Store, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 || !ls[0].Included || ls[0].IncludedIn != "aaaa2222" {
		t.Fatalf("lessons after the new plan: %+v", ls)
	}
	if pending, _ := report.Lessons(ctx, f.Store, true); len(pending) != 0 {
		t.Fatalf("still pending: %+v", pending)
	}

	vs, err := f.Store.PlanVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ref, want, err string
	}{
		{"1", "aaaa1111", ""}, {"-1", "aaaa2222", ""}, {"latest", "aaaa2222", ""}, {"aaaa2", "aaaa2222", ""},
		{"aaaa", "", "ambiguous"}, {"3", "", "there are 2 stored versions"}, {"bbbb", "", "no stored plan version"}, {"ab", "", "at least 4"},
	} {
		v, _, err := report.FindPlanVersion(vs, tc.ref)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("FindPlanVersion(%q) = %v, want error %q", tc.ref, err, tc.err)
			}
			continue
		}
		if err != nil || v.Hash != tc.want {
			t.Errorf("FindPlanVersion(%q) = %s, %v; want %s", tc.ref, v.Hash, err, tc.want)
		}
	}
	diff, err := report.PlanDiff(vs[0], vs[1], 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--- plan@aaaa1111", "+++ plan@aaaa2222", "+  - name: vault-rounding-invariant", " detectors:"} {
		if !strings.Contains(diff, want) {
			t.Errorf("diff lacks %q:\n%s", want, diff)
		}
	}
	if same, _ := report.PlanDiff(vs[0], vs[0], 3); same != "" {
		t.Errorf("diff of a version with itself: %q", same)
	}
}
