package obligation_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/report/reporttest"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func at(s string) time.Time { return must(time.Parse(time.RFC3339, s)) }

func date(s string) plan.Date { return must(plan.ParseDate(s)) }

func TestDeadlines(t *testing.T) {
	for _, tc := range []struct {
		name     string
		tz       string
		holidays []plan.Date
		clock    obligation.Clock
		anchor   string
		want     string
	}{
		// SEC 8-K: four business days after the determination, counted in
		// the obligation's zone, by the end of the day.
		{"sec thursday → wednesday", "America/New_York", nil, obligation.Clock{BusinessDays: 4}, "2026-03-05T15:00:00-05:00", "2026-03-11T23:59:59-04:00"},
		{"sec friday → thursday", "America/New_York", nil, obligation.Clock{BusinessDays: 4}, "2026-03-06T09:00:00-05:00", "2026-03-12T23:59:59-04:00"},
		{"sec saturday → thursday", "America/New_York", nil, obligation.Clock{BusinessDays: 4}, "2026-03-07T09:00:00-05:00", "2026-03-12T23:59:59-04:00"},
		{"sec thursday, monday holiday → thursday", "America/New_York", []plan.Date{date("2026-03-09")}, obligation.Clock{BusinessDays: 4}, "2026-03-05T15:00:00-05:00", "2026-03-12T23:59:59-04:00"},
		{"sec thursday, two holidays → friday", "America/New_York", []plan.Date{date("2026-03-09"), date("2026-03-11")}, obligation.Clock{BusinessDays: 4}, "2026-03-05T15:00:00-05:00", "2026-03-13T23:59:59-04:00"},
		{"sec: Wednesday 02:00 UTC is Tuesday in New York → Monday", "America/New_York", nil, obligation.Clock{BusinessDays: 4}, "2026-03-04T02:00:00Z", "2026-03-09T23:59:59-04:00"},
		{"same instant in UTC → Tuesday", "UTC", nil, obligation.Clock{BusinessDays: 4}, "2026-03-04T02:00:00Z", "2026-03-10T23:59:59Z"},
		{"Singapore: Thursday 20:00 UTC is Friday → Thursday", "Asia/Singapore", nil, obligation.Clock{BusinessDays: 4}, "2026-03-05T20:00:00Z", "2026-03-12T23:59:59+08:00"},
		{"christmas week", "America/New_York", []plan.Date{date("2025-12-25"), date("2026-01-01")}, obligation.Clock{BusinessDays: 4}, "2025-12-23T10:00:00-05:00", "2025-12-30T23:59:59-05:00"},
		// Exact hours ignore weekends and zones.
		{"gdpr 72h over a weekend", "Europe/Berlin", nil, obligation.Clock{Within: 72 * time.Hour}, "2026-03-06T18:00:00Z", "2026-03-09T18:00:00Z"},
		{"72h across the US DST change", "America/New_York", nil, obligation.Clock{Within: 72 * time.Hour}, "2026-03-07T12:00:00-05:00", "2026-03-10T13:00:00-04:00"},
		// Calendar days count days, not business days.
		{"fincen 30 calendar days", "America/New_York", nil, obligation.Clock{CalendarDays: 30}, "2026-03-05T10:00:00-05:00", "2026-04-04T23:59:59-04:00"},
		// Months keep the local clock time and clamp to the month's end.
		{"1 month", "Europe/Berlin", nil, obligation.Clock{Months: 1}, "2026-03-10T09:30:00+01:00", "2026-04-10T09:30:00+02:00"},
		{"1 month from 31 January", "Europe/Berlin", nil, obligation.Clock{Months: 1}, "2026-01-31T10:00:00+01:00", "2026-02-28T10:00:00+01:00"},
		{"1 month from 31 January, leap year", "UTC", nil, obligation.Clock{Months: 1}, "2028-01-31T10:00:00Z", "2028-02-29T10:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal, err := obligation.CalendarOf(plan.Obligation{TimeZone: tc.tz, Holidays: tc.holidays})
			if err != nil {
				t.Fatal(err)
			}
			got := cal.Deadline(tc.clock, at(tc.anchor))
			if want := at(tc.want); !got.Equal(want) {
				t.Fatalf("deadline = %s (%s), want %s", got.Format(time.RFC3339), got.Weekday(), want.Format(time.RFC3339))
			}
		})
	}
}

func incidentAt(opened time.Time, sev string) store.Incident {
	return store.Incident{ID: "INC-2026-0001", Severity: sev, OpenedAt: opened}
}

func yes(b bool) *bool { return &b }

func report(t *testing.T, sts []obligation.Status, obl, stage string) obligation.ReportStatus {
	t.Helper()
	for _, st := range sts {
		if st.Obligation != obl {
			continue
		}
		for _, r := range st.Reports {
			if r.Stage == stage {
				return r
			}
		}
	}
	t.Fatalf("no report %s/%s in %+v", obl, stage, sts)
	return obligation.ReportStatus{}
}

func due(t *testing.T, r obligation.ReportStatus) string {
	t.Helper()
	if r.Due == nil {
		return ""
	}
	return r.Due.Format(time.RFC3339)
}

// TestDORAWhicheverFirst: the initial notification is due 4 hours after
// the classification as major or 24 hours after awareness, whichever is
// first; later reports count from the previous one's submission.
func TestDORAWhicheverFirst(t *testing.T) {
	dora := []plan.Obligation{{Name: "dora", Rule: plan.RuleDORA, TimeZone: "Europe/Berlin"}}
	opened := at("2026-03-05T10:00:00Z")
	inc := incidentAt(opened, "critical")
	now := opened.Add(time.Hour)
	for _, tc := range []struct {
		name       string
		facts      obligation.Facts
		wantState  obligation.State
		wantDue    string
		wantReason string
	}{
		{"not classified yet: the awareness bound stands", obligation.Facts{}, obligation.Undetermined, "2026-03-06T10:00:00Z", `awaiting the "major" decision`},
		{"classified early: 4h after classification", obligation.Facts{Decisions: []obligation.Decision{{Name: "major", Value: true, By: "lena", At: at("2026-03-05T12:00:00Z")}}}, obligation.DueSoon, "2026-03-05T16:00:00Z", "lena decided major"},
		{"classified late: 24h after awareness", obligation.Facts{Decisions: []obligation.Decision{{Name: "major", Value: true, By: "lena", At: at("2026-03-06T08:00:00Z")}}}, obligation.DueSoon, "2026-03-06T10:00:00Z", "lena decided major"},
		{"recorded awareness earlier than the incident", obligation.Facts{AwareAt: at("2026-03-05T06:00:00Z"), Decisions: []obligation.Decision{{Name: "major", Value: true, By: "lena", At: at("2026-03-06T01:00:00Z")}}}, obligation.DueSoon, "2026-03-06T05:00:00Z", ""},
		{"classified not major", obligation.Facts{Decisions: []obligation.Decision{{Name: "major", Value: false, By: "lena", At: at("2026-03-05T12:00:00Z")}}}, obligation.NotTriggered, "", "decided not major"},
		{"the last decision counts", obligation.Facts{Decisions: []obligation.Decision{{Name: "major", Value: false, By: "lena", At: at("2026-03-05T11:00:00Z")}, {Name: "major", Value: true, By: "lena", At: at("2026-03-05T13:00:00Z")}}}, obligation.DueSoon, "2026-03-05T17:00:00Z", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sts, err := obligation.Evaluate(dora, inc, tc.facts, now)
			if err != nil {
				t.Fatal(err)
			}
			st := sts[0]
			if st.State != tc.wantState || !strings.Contains(st.Reason, tc.wantReason) {
				t.Fatalf("state %s (%s), want %s (%s)", st.State, st.Reason, tc.wantState, tc.wantReason)
			}
			if tc.wantDue == "" {
				if len(st.Reports) != 0 {
					t.Fatalf("not triggered but reports: %+v", st.Reports)
				}
				return
			}
			initial := report(t, sts, "dora", "initial")
			if got := due(t, initial); got != tc.wantDue {
				t.Fatalf("initial due %s, want %s (basis %s)", got, tc.wantDue, initial.Basis)
			}
			if !strings.Contains(initial.Basis, "whichever is first") {
				t.Errorf("basis does not say whichever is first: %s", initial.Basis)
			}
		})
	}

	// Intermediate: 72h after the initial report is submitted (provisional
	// until it is); final: one month after the intermediate.
	f := obligation.Facts{Decisions: []obligation.Decision{{Name: "major", Value: true, By: "lena", At: at("2026-03-05T12:00:00Z")}}}
	sts, _ := obligation.Evaluate(dora, inc, f, now)
	if r := report(t, sts, "dora", "intermediate"); !r.Provisional || due(t, r) != "2026-03-08T16:00:00Z" {
		t.Fatalf("provisional intermediate: %+v", r)
	}
	f.Submissions = []obligation.Submission{{Obligation: "dora", Stage: "initial", By: "lena", At: at("2026-03-05T14:30:00Z")}}
	sts, _ = obligation.Evaluate(dora, inc, f, now)
	if r := report(t, sts, "dora", "initial"); r.State != obligation.Submitted {
		t.Fatalf("initial after submission: %+v", r)
	}
	if r := report(t, sts, "dora", "intermediate"); r.Provisional || due(t, r) != "2026-03-08T14:30:00Z" {
		t.Fatalf("intermediate: %+v", r)
	}
	if r := report(t, sts, "dora", "final"); !r.Provisional || due(t, r) != "2026-04-08T13:30:00Z" || r.DueLocal != "2026-04-08T15:30:00+02:00" {
		t.Fatalf("final: %+v", r)
	}
}

func TestTriggersAndStates(t *testing.T) {
	opened := at("2026-03-05T10:00:00Z")
	obls := []plan.Obligation{
		{Name: "sec", Rule: plan.RuleSEC8K, TimeZone: "America/New_York", Trigger: plan.Trigger{MinLossUSD: 1_000_000}},
		{Name: "gdpr", Rule: plan.RuleGDPR, Jurisdiction: "EU", Trigger: plan.Trigger{PersonalData: true}},
		{Name: "nydfs", Rule: plan.RuleNYDFS, Jurisdiction: "US-NY", Trigger: plan.Trigger{Severities: []string{"critical", "high"}}},
		{Name: "mas", Rule: plan.RuleMAS, TimeZone: "Asia/Singapore"},
		{Name: "sar", Rule: plan.RuleFinCENSAR},
		{Name: "ic3", Rule: plan.RuleIC3},
		{Name: "nis2", Rule: plan.RuleNIS2, Remind: []plan.Duration{plan.Duration(6 * time.Hour)}},
	}
	state := func(sts []obligation.Status, name string) obligation.Status {
		for _, s := range sts {
			if s.Obligation == name {
				return s
			}
		}
		t.Fatalf("no obligation %s", name)
		return obligation.Status{}
	}
	for _, tc := range []struct {
		name   string
		sev    string
		facts  obligation.Facts
		now    time.Time
		want   map[string]obligation.State
		reason map[string]string
	}{
		{
			name: "nothing recorded, 30 minutes in", sev: "critical", now: opened.Add(30 * time.Minute),
			want:   map[string]obligation.State{"sec": obligation.Undetermined, "gdpr": obligation.Undetermined, "nydfs": obligation.Undetermined, "mas": obligation.DueSoon, "sar": obligation.Pending, "ic3": obligation.Pending, "nis2": obligation.Pending},
			reason: map[string]string{"sec": "the loss in USD (triggers at 1000000 USD) and the \"material\" decision", "gdpr": "whether personal data was involved", "nydfs": `the "reportable" decision`},
		},
		{
			name: "small loss, no personal data, US-NY only, a day and a half in", sev: "medium", now: opened.Add(36 * time.Hour),
			facts:  obligation.Facts{LossUSD: "999999.99", PersonalData: yes(false), Jurisdictions: []string{"US-NY"}},
			want:   map[string]obligation.State{"sec": obligation.NotTriggered, "gdpr": obligation.NotTriggered, "nydfs": obligation.NotTriggered, "mas": obligation.Overdue, "nis2": obligation.Overdue},
			reason: map[string]string{"sec": "below 1000000 USD", "gdpr": "jurisdiction EU is not among", "nydfs": "severity medium is not one of critical, high"},
		},
		{
			name: "material and reportable, EU users with personal data", sev: "high", now: opened.Add(2 * time.Hour),
			facts: obligation.Facts{LossUSD: "2400000", PersonalData: yes(true), Jurisdictions: []string{"EU-DE", "US-NY"}, Decisions: []obligation.Decision{
				{Name: "material", Value: true, By: "lena", At: at("2026-03-05T11:00:00Z")}, {Name: "reportable", Value: true, By: "lena", At: at("2026-03-05T11:00:00Z")}}},
			want: map[string]obligation.State{"sec": obligation.Pending, "gdpr": obligation.Pending, "nydfs": obligation.Pending},
		},
		{
			name: "submitted reports", sev: "high", now: opened.Add(100 * time.Hour),
			facts: obligation.Facts{Submissions: []obligation.Submission{{Obligation: "mas", Stage: "notification", By: "lena", At: opened.Add(50 * time.Minute)}, {Obligation: "ic3", Stage: "report", By: "lena", At: opened.Add(time.Hour)}}},
			want:  map[string]obligation.State{"mas": obligation.Pending, "ic3": obligation.Submitted, "sar": obligation.Pending, "nis2": obligation.Overdue},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sts, err := obligation.Evaluate(obls, incidentAt(opened, tc.sev), tc.facts, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tc.want {
				if st := state(sts, name); st.State != want {
					t.Errorf("%s: %s (%s), want %s", name, st.State, st.Reason, want)
				}
			}
			for name, want := range tc.reason {
				if st := state(sts, name); !strings.Contains(st.Reason, want) {
					t.Errorf("%s reason %q lacks %q", name, st.Reason, want)
				}
			}
		})
	}
	sts, _ := obligation.Evaluate(obls, incidentAt(opened, "high"), obligation.Facts{}, opened)
	if r := report(t, sts, "mas", "root-cause"); due(t, r) != "2026-03-19T10:00:00Z" {
		t.Errorf("MAS root-cause report due %s", due(t, r))
	}
	for _, c := range []struct {
		after time.Duration
		want  obligation.State
	}{{17*time.Hour + 59*time.Minute, obligation.Pending}, {18 * time.Hour, obligation.DueSoon}, {24 * time.Hour, obligation.DueSoon}, {24*time.Hour + time.Second, obligation.Overdue}} {
		sts, _ := obligation.Evaluate(obls, incidentAt(opened, "high"), obligation.Facts{}, opened.Add(c.after))
		if r := report(t, sts, "nis2", "early-warning"); r.State != c.want {
			t.Errorf("NIS2 early warning after %v: %s, want %s (reminder window 6h)", c.after, r.State, c.want)
		}
	}
	if r := report(t, sts, "ic3", "report"); !r.ASAP || r.Due != nil {
		t.Errorf("IC3: %+v", r)
	}
	if _, err := obligation.Evaluate([]plan.Obligation{{Name: "x", Rule: "hipaa"}}, incidentAt(opened, "high"), obligation.Facts{}, opened); err == nil {
		t.Error("unknown rule accepted")
	}
}

func countKind(t *testing.T, s store.Store, id, kind string) int {
	t.Helper()
	tl, err := s.Timeline(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range tl {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// TestReminders moves an injected clock through an incident's obligations
// and checks that each reminder is sent exactly once, to the right
// channels.
func TestReminders(t *testing.T) {
	p := reporttest.Plan()
	p.Obligations = []plan.Obligation{
		{Name: "gdpr", Rule: plan.RuleGDPR, Remind: []plan.Duration{plan.Duration(24 * time.Hour), plan.Duration(time.Hour)}},
		{Name: "ic3", Rule: plan.RuleIC3, Notify: []string{"legal-email"}},
		{Name: "sec", Rule: plan.RuleSEC8K, TimeZone: "America/New_York"},
	}
	f := reporttest.NewWithPlan(t, p)
	ctx := context.Background()
	id := f.Open(t, "critical") // 2026-03-05T10:00Z; GDPR due 2026-03-08T10:00Z
	r := obligation.NewReminders(p, f.Manager, f.Templates, f.Clock.Now, nil)
	tick := func(at time.Time, want int) {
		t.Helper()
		f.Clock.Set(at)
		n, err := r.Tick(ctx, f.Store)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Fatalf("at %s: %d reminders, want %d", at.Format(time.RFC3339), n, want)
		}
	}
	tick(reporttest.Start, 1)           // IC3, as soon as possible
	tick(reporttest.Start, 0)           // never twice
	tick(at("2026-03-07T09:59:59Z"), 0) // a second before the day-before mark
	tick(at("2026-03-07T10:00:00Z"), 1) // GDPR, 24h before
	tick(at("2026-03-07T10:00:00Z"), 0) //
	tick(at("2026-03-08T09:00:00Z"), 1) // GDPR, 1h before
	tick(at("2026-03-08T10:00:01Z"), 1) // GDPR overdue
	tick(at("2026-03-09T10:00:00Z"), 0) // nothing more
	f.Tx(t, func(tx store.Tx) error {   // the materiality determination starts the SEC clock
		_, err := obligation.RecordDecision(ctx, tx, f.Manager, id, obligation.Decision{Name: "material", Value: true, By: "lena", At: at("2026-03-09T15:00:00Z")})
		return err
	})
	// SEC due end of Friday 2026-03-13 in New York = 2026-03-14T03:59:59Z;
	// the default reminders are a day and an hour before.
	tick(at("2026-03-13T03:59:58Z"), 0)
	tick(at("2026-03-13T03:59:59Z"), 1)
	tick(at("2026-03-14T03:00:00Z"), 1)
	f.Tx(t, func(tx store.Tx) error {
		_, err := obligation.MarkSubmitted(ctx, tx, f.Manager, p, id, obligation.Submission{Obligation: "sec", By: "lena", At: at("2026-03-14T03:30:00Z"), Reference: "0001-26-000123"})
		return err
	})
	tick(at("2026-03-15T00:00:00Z"), 0) // submitted: no overdue reminder

	if n := countKind(t, f.Store, id, "obligation.reminder"); n != 6 {
		t.Errorf("%d reminders on the timeline, want 6", n)
	}
	items, err := f.Store.OutboxItems(ctx, store.OutboxFilter{IncidentID: id})
	if err != nil {
		t.Fatal(err)
	}
	perChannel := map[string]int{}
	for _, it := range items {
		var d notify.Delivery
		if err := json.Unmarshal(it.Payload, &d); err != nil {
			t.Fatal(err)
		}
		if d.Message.Event != notify.ObligationReminder {
			continue
		}
		perChannel[d.Channel]++
		if !strings.Contains(d.Message.Body, "not legal advice") || !strings.Contains(d.Message.Body, "lena (legal lead)") {
			t.Errorf("reminder body: %s", d.Message.Body)
		}
	}
	// IC3 goes to legal-email only; the 5 others to every internal channel.
	if perChannel["legal-email"] != 6 || perChannel["ops-slack"] != 5 || perChannel["status-page"] != 0 {
		t.Errorf("reminders per channel: %v", perChannel)
	}
}

func TestRecordAndDraft(t *testing.T) {
	f := reporttest.New(t)
	ctx := context.Background()
	id := f.Exploit(t)
	err := f.Store.Tx(ctx, func(tx store.Tx) error {
		_, err := obligation.MarkSubmitted(ctx, tx, f.Manager, f.Plan, id, obligation.Submission{Obligation: "dora", Stage: "weekly", By: "lena", At: f.Clock.Now()})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "has no report \"weekly\" (reports: initial, intermediate, final)") {
		t.Fatalf("bad stage: %v", err)
	}
	err = f.Store.Tx(ctx, func(tx store.Tx) error {
		_, err := obligation.MarkSubmitted(ctx, tx, f.Manager, f.Plan, id, obligation.Submission{Obligation: "nis2", By: "lena", At: f.Clock.Now()})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "not in the plan (obligations: dora, sec, gdpr, ic3)") {
		t.Fatalf("unknown obligation: %v", err)
	}
	f.Tx(t, func(tx store.Tx) error {
		_, err := obligation.RecordDecision(ctx, tx, f.Manager, id, obligation.Decision{Name: "major", Value: true, By: "lena", At: reporttest.Start.Add(time.Hour), Note: "critical service, losses above the threshold"})
		return err
	})
	if n := countKind(t, f.Store, id, "obligation"); n != 1 {
		t.Fatalf("%d obligation events on the timeline", n)
	}
	inc, err := f.Store.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := obligation.ReadFacts(inc)
	if err != nil {
		t.Fatal(err)
	}
	if facts.LossUSD != "2400000.00" {
		t.Errorf("loss from the attached analysis not recorded: %q", facts.LossUSD)
	}
	sts, err := obligation.Evaluate(f.Plan.Obligations, inc, facts, f.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if sts[0].State != obligation.Overdue {
		t.Fatalf("DORA three days later: %s", sts[0].State)
	}
	draft, err := obligation.Draft(sts[0], obligation.DraftInput{
		Team: f.Plan.Name, IncidentID: id, Title: inc.Title, Type: inc.Type, Severity: inc.Severity, Network: inc.Network, Contract: "vault",
		OpenedAt: inc.OpenedAt, DetectedAt: inc.OpenedAt, ExploitAt: reporttest.ExploitAt, Facts: facts, LegalLead: "lena",
		Impact: []string{"2400000 USDC lost"}, Measures: []string{"pause of vault, tx " + reporttest.PauseTx},
		Attackers: []string{reporttest.Attacker}, Transactions: []string{reporttest.ExploitTx + " (block 19000000)"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		obligation.Disclaimer, "BaFin", "Decided major by lena at 2026-03-05T11:00:00Z. critical service", "2400000 USDC lost",
		reporttest.PauseTx, "Exploit (block time): 2026-03-05T09:59:48Z", "| Initial notification | 2026-03-05T15:00:00Z | 2026-03-05T16:00:00+01:00 | overdue |",
		"## Root cause (final report)\n\n_To be completed by the legal lead._", "Loss recorded for obligations: 2400000.00 USD",
	} {
		if !strings.Contains(draft, want) {
			t.Errorf("draft lacks %q:\n%s", want, draft)
		}
	}
}

func TestRulesComplete(t *testing.T) {
	names := map[string]bool{}
	for _, r := range obligation.Rules() {
		names[r.Name] = true
		if len(r.Stages) == 0 || len(r.Asks) == 0 || r.Authority == "" || r.Reference == "" {
			t.Errorf("rule %s is incomplete: %+v", r.Name, r)
		}
		for _, a := range r.Asks {
			for _, k := range a.Fill {
				if out := fillKnown(k); !out {
					t.Errorf("rule %s: ask %q fills unknown part %q", r.Name, a.Question, k)
				}
			}
		}
	}
	for _, n := range []string{plan.RuleDORA, plan.RuleNIS2, plan.RuleGDPR, plan.RuleSEC8K, plan.RuleNYDFS, plan.RuleMAS, plan.RuleFinCENSAR, plan.RuleIC3} {
		if !names[n] {
			t.Errorf("no built-in rule %s", n)
		}
	}
}

func fillKnown(k string) bool {
	switch k {
	case "classification", "timeline", "description", "impact", "personal_data", "jurisdictions", "measures", "root_cause", "attackers", "transactions", "contact":
		return true
	}
	return false
}
