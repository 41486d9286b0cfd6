// Package obligation computes the legal and regulatory reports an incident
// triggers: which of the plan's obligations apply, each report's deadline
// from its clock anchor (awareness, a person's decision, the previous
// report), its status, the reminders before each deadline, and a draft of
// each report pre-filled with what the authority asks for.
//
// Everything this package produces is a draft for the team's legal lead, not
// legal advice: the rules encode the deadlines as the regulations state
// them, and people decide whether and what to file.
package obligation

import (
	"fmt"
	"slices"
	"time"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Anchor names the moment a report's clock starts.
type Anchor string

// The anchors of the built-in rules.
const (
	// AnchorAwareness is when the team became aware of the incident: a recorded
	// awareness time, else the time the incident was opened.
	AnchorAwareness Anchor = "awareness"
	// AnchorDecision is when a person recorded the rule's decision (DORA's
	// classification as major, the SEC materiality determination, NYDFS's
	// determination that a reportable event occurred).
	AnchorDecision Anchor = "decision"
	// AnchorPrevious is when the rule's previous report was submitted (until it is,
	// its deadline stands in and the deadline is provisional).
	AnchorPrevious Anchor = "previous report"
)

// Clock is one way to compute a deadline from an anchor. Exactly one of
// Within, BusinessDays, CalendarDays, Months and ASAP is set.
type Clock struct {
	Anchor Anchor
	// Within is an exact elapsed time after the anchor (e.g. 72h).
	Within time.Duration
	// BusinessDays is "by the end of the Nth business day after the day of
	// the anchor", days counted in the obligation's time zone, skipping
	// Saturdays, Sundays and the obligation's holidays.
	BusinessDays int
	// CalendarDays is "by the end of the Nth calendar day after the day of
	// the anchor", in the obligation's time zone.
	CalendarDays int
	// Months is "the same local time N calendar months later", clamped to
	// the last day of a shorter month (31 January + 1 month = 28 February).
	Months int
	// ASAP means as soon as possible: no fixed deadline.
	ASAP bool
}

// String describes the clock, e.g. "4h after decision".
func (c Clock) String() string {
	switch {
	case c.ASAP:
		return "as soon as possible"
	case c.BusinessDays > 0:
		return fmt.Sprintf("end of the %s business day after %s", ordinal(c.BusinessDays), c.Anchor)
	case c.CalendarDays > 0:
		return fmt.Sprintf("end of the %s calendar day after %s", ordinal(c.CalendarDays), c.Anchor)
	case c.Months == 1:
		return fmt.Sprintf("1 month after %s", c.Anchor)
	case c.Months > 0:
		return fmt.Sprintf("%d months after %s", c.Months, c.Anchor)
	}
	return fmt.Sprintf("%s after %s", hours(c.Within), c.Anchor)
}

// hours writes a duration as the regulations do: "72h", "1h", "14 days".
func hours(d time.Duration) string {
	switch {
	case d >= 7*day && d%day == 0:
		return fmt.Sprintf("%d days", d/day)
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}

// Stage is one report of an obligation (initial, intermediate, final...).
// When it has several clocks, the earliest deadline applies ("whichever is
// first").
type Stage struct {
	Name   string
	Title  string
	Clocks []Clock
}

// Rule is a built-in obligation rule: what the law asks, and when.
type Rule struct {
	// Name is how a plan refers to it (plan.RuleDORA, ...).
	Name string
	// Title is the instrument's name; Reference is the provision.
	Title     string
	Reference string
	// Authority is whom the report goes to when the plan names none.
	Authority string
	// Decision is the decision whose recording starts the Decision clocks
	// (and without which the rule does not apply), when the plan's trigger
	// names none; empty for rules without one.
	Decision string
	Stages   []Stage
	// Asks lists what the authority asks the report to contain; the draft
	// has a section for each.
	Asks []Ask
}

// Ask is one thing an authority asks a report to contain, and the parts of
// the incident record a draft pre-fills it with (see DraftInput).
type Ask struct {
	Question string
	// Fill names DraftInput parts: classification, timeline, description,
	// impact, personal_data, jurisdictions, measures, root_cause, attackers,
	// transactions, contact. Empty: left for the legal lead.
	Fill []string
}

// usesDecision reports whether a stage's clock starts at the decision.
func (r Rule) usesDecision() bool {
	for _, s := range r.Stages {
		for _, c := range s.Clocks {
			if c.Anchor == AnchorDecision {
				return true
			}
		}
	}
	return false
}

const day = 24 * time.Hour

// Rules returns the built-in rules, in a fixed order.
func Rules() []Rule {
	return []Rule{
		{
			Name: plan.RuleDORA, Title: "EU Digital Operational Resilience Act (DORA)",
			Reference: "Regulation (EU) 2022/2554, Art. 19; Delegated Regulation (EU) 2025/301, Art. 5",
			Authority: "national competent authority (EU)", Decision: "major",
			Stages: []Stage{
				{Name: "initial", Title: "Initial notification", Clocks: []Clock{{Anchor: AnchorDecision, Within: 4 * time.Hour}, {Anchor: AnchorAwareness, Within: 24 * time.Hour}}},
				{Name: "intermediate", Title: "Intermediate report", Clocks: []Clock{{Anchor: AnchorPrevious, Within: 72 * time.Hour}}},
				{Name: "final", Title: "Final report", Clocks: []Clock{{Anchor: AnchorPrevious, Months: 1}}},
			},
			Asks: []Ask{
				{Question: "Classification as major and the criteria met", Fill: []string{"classification", "impact"}},
				{Question: "Date and time of detection and of classification", Fill: []string{"timeline"}},
				{Question: "Description of the incident", Fill: []string{"description"}},
				{Question: "Services, functions and clients affected", Fill: []string{"description", "impact"}},
				{Question: "Geographical spread", Fill: []string{"jurisdictions"}},
				{Question: "Data losses, economic impact and duration", Fill: []string{"impact", "personal_data", "timeline"}},
				{Question: "Containment and recovery measures", Fill: []string{"measures"}},
				{Question: "Root cause (final report)", Fill: []string{"root_cause"}},
			},
		},
		{
			Name: plan.RuleNIS2, Title: "EU NIS2 Directive", Reference: "Directive (EU) 2022/2555, Art. 23(4)",
			Authority: "CSIRT or competent authority (EU)",
			Stages: []Stage{
				{Name: "early-warning", Title: "Early warning", Clocks: []Clock{{Anchor: AnchorAwareness, Within: 24 * time.Hour}}},
				{Name: "notification", Title: "Incident notification", Clocks: []Clock{{Anchor: AnchorAwareness, Within: 72 * time.Hour}}},
				{Name: "final", Title: "Final report", Clocks: []Clock{{Anchor: AnchorPrevious, Months: 1}}},
			},
			Asks: []Ask{
				{Question: "Whether the incident is suspected to be caused by unlawful or malicious acts", Fill: []string{"attackers"}},
				{Question: "Whether it could have a cross-border impact", Fill: []string{"jurisdictions"}},
				{Question: "Initial assessment: severity, impact and indicators of compromise", Fill: []string{"description", "impact", "attackers", "transactions"}},
				{Question: "Detailed description, type of threat or root cause (final report)", Fill: []string{"description", "root_cause"}},
				{Question: "Mitigation measures applied and ongoing", Fill: []string{"measures"}},
				{Question: "Cross-border impact (final report)", Fill: []string{"jurisdictions"}},
			},
		},
		{
			Name: plan.RuleGDPR, Title: "EU General Data Protection Regulation (GDPR)", Reference: "Regulation (EU) 2016/679, Art. 33",
			Authority: "lead supervisory authority (EU)",
			Stages: []Stage{
				{Name: "notification", Title: "Personal data breach notification", Clocks: []Clock{{Anchor: AnchorAwareness, Within: 72 * time.Hour}}},
			},
			Asks: []Ask{
				{Question: "Nature of the breach: categories and approximate number of data subjects and records", Fill: []string{"personal_data", "impact"}},
				{Question: "Name and contact details of the data protection officer or other contact", Fill: []string{"contact"}},
				{Question: "Likely consequences of the breach", Fill: []string{"impact"}},
				{Question: "Measures taken or proposed, including to mitigate its effects", Fill: []string{"measures"}},
				{Question: "Reasons for any delay beyond 72 hours", Fill: []string{}},
			},
		},
		{
			Name: plan.RuleSEC8K, Title: "US SEC Form 8-K, Item 1.05 (material cybersecurity incident)", Reference: "Form 8-K Item 1.05; 17 CFR 229.106",
			Authority: "U.S. Securities and Exchange Commission (EDGAR)", Decision: "material",
			Stages: []Stage{
				{Name: "8-k", Title: "Form 8-K, Item 1.05", Clocks: []Clock{{Anchor: AnchorDecision, BusinessDays: 4}}},
			},
			Asks: []Ask{
				{Question: "Material aspects of the nature, scope and timing of the incident", Fill: []string{"description", "timeline"}},
				{Question: "Material impact or reasonably likely material impact on the registrant, including its financial condition and results of operations", Fill: []string{"impact"}},
				{Question: "Date of the materiality determination", Fill: []string{"classification"}},
				{Question: "Information not yet determined or unavailable (to be amended within four business days once known)", Fill: []string{}},
			},
		},
		{
			Name: plan.RuleNYDFS, Title: "NYDFS Cybersecurity Regulation", Reference: "23 NYCRR 500.17(a)",
			Authority: "New York State Department of Financial Services", Decision: "reportable",
			Stages: []Stage{
				{Name: "notice", Title: "Notice of cybersecurity incident", Clocks: []Clock{{Anchor: AnchorDecision, Within: 72 * time.Hour}}},
			},
			Asks: []Ask{
				{Question: "Date of the determination that a reportable cybersecurity incident occurred", Fill: []string{"classification"}},
				{Question: "Description of the incident and the systems affected", Fill: []string{"description"}},
				{Question: "Impact on the covered entity, its customers and its funds", Fill: []string{"impact"}},
				{Question: "Remediation undertaken", Fill: []string{"measures"}},
				{Question: "Contact person for the incident", Fill: []string{"contact"}},
			},
		},
		{
			Name: plan.RuleMAS, Title: "MAS Notice on Technology Risk Management", Reference: "MAS Notice 644/655/FSM-N05 (Technology Risk Management), paras 7 and 8",
			Authority: "Monetary Authority of Singapore",
			Stages: []Stage{
				{Name: "notification", Title: "Incident notification", Clocks: []Clock{{Anchor: AnchorAwareness, Within: time.Hour}}},
				{Name: "root-cause", Title: "Root cause and impact analysis report", Clocks: []Clock{{Anchor: AnchorAwareness, Within: 14 * day}}},
			},
			Asks: []Ask{
				{Question: "Time of discovery of the incident", Fill: []string{"timeline"}},
				{Question: "Systems and services affected", Fill: []string{"description"}},
				{Question: "Impact on customers and operations", Fill: []string{"impact"}},
				{Question: "Root cause (root-cause report)", Fill: []string{"root_cause"}},
				{Question: "Actions taken to address the incident and prevent recurrence", Fill: []string{"measures"}},
			},
		},
		{
			Name: plan.RuleFinCENSAR, Title: "US FinCEN Suspicious Activity Report", Reference: "31 CFR 1022.320 / 1010.320",
			Authority: "Financial Crimes Enforcement Network (BSA E-Filing)",
			Stages: []Stage{
				{Name: "sar", Title: "Suspicious Activity Report", Clocks: []Clock{{Anchor: AnchorAwareness, CalendarDays: 30}}},
			},
			Asks: []Ask{
				{Question: "Subject information: attacker addresses and any known identifiers", Fill: []string{"attackers"}},
				{Question: "Suspicious activity: dates, amounts per token and in USD", Fill: []string{"timeline", "impact"}},
				{Question: "Instruments and mechanisms (transactions, contracts, bridges, exchanges)", Fill: []string{"transactions"}},
				{Question: "Narrative: who, what, when, where, why and how", Fill: []string{"description", "root_cause"}},
				{Question: "Law-enforcement contact, if any", Fill: []string{}},
			},
		},
		{
			Name: plan.RuleIC3, Title: "FBI Internet Crime Complaint Center (IC3) report", Reference: "ic3.gov complaint",
			Authority: "FBI IC3 / law enforcement",
			Stages: []Stage{
				{Name: "report", Title: "Law-enforcement report", Clocks: []Clock{{ASAP: true}}},
			},
			Asks: []Ask{
				{Question: "Victim organisation and contact", Fill: []string{"contact"}},
				{Question: "Financial transactions: dates, amounts, tokens, transaction hashes", Fill: []string{"impact", "transactions"}},
				{Question: "Attacker addresses and the destination of the funds", Fill: []string{"attackers"}},
				{Question: "Description of the incident", Fill: []string{"description"}},
				{Question: "Other reports filed", Fill: []string{}},
			},
		},
	}
}

// Lookup returns the built-in rule named name.
func Lookup(name string) (Rule, bool) {
	rs := Rules()
	i := slices.IndexFunc(rs, func(r Rule) bool { return r.Name == name })
	if i < 0 {
		return Rule{}, false
	}
	return rs[i], true
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
