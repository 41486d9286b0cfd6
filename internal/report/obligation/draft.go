package obligation

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// Disclaimer heads every draft and every obligations listing.
const Disclaimer = "DRAFT for the legal lead — not legal advice. breakglass computes deadlines from the rules as written and pre-fills what the incident record holds; the legal lead decides whether, what and when to file."

// DraftInput is what a draft is pre-filled from: the incident record as the
// caller (the report package, the CLI) assembled it.
type DraftInput struct {
	Team       string
	IncidentID string
	Title      string
	Type       string
	Severity   string
	Network    string
	Contract   string
	OpenedAt   time.Time
	// DetectedAt is the first alert; ExploitAt the exploit's block time,
	// if known.
	DetectedAt time.Time
	ExploitAt  time.Time
	Facts      Facts
	LegalLead  string
	// Summary and RootCause come from the post-mortem, if written.
	Summary   string
	RootCause string
	// Impact lines (users affected, loss per token, USD), already formatted.
	Impact []string
	// Measures are the containment and recovery steps taken, formatted.
	Measures []string
	// Attackers are addresses named by the forensics.
	Attackers []string
	// Transactions are the attack transactions ("0x… (block N)").
	Transactions []string
}

// Draft renders the draft report of an obligation for an incident, in
// Markdown, with a section per thing the authority asks for, pre-filled
// where the record allows and marked for the legal lead where it does not.
func Draft(st Status, in DraftInput) (string, error) {
	rule, ok := Lookup(st.Rule)
	if !ok {
		return "", fmt.Errorf("obligation %s: unknown rule %q", st.Obligation, st.Rule)
	}
	type section struct {
		Question string
		Lines    []string
	}
	var secs []section
	for _, a := range rule.Asks {
		s := section{Question: a.Question}
		for _, k := range a.Fill {
			s.Lines = append(s.Lines, fill(k, in)...)
		}
		secs = append(secs, s)
	}
	var b bytes.Buffer
	err := draftTmpl.Execute(&b, map[string]any{
		"Disclaimer": Disclaimer, "St": st, "In": in, "Sections": secs,
	})
	if err != nil {
		return "", fmt.Errorf("render draft %s: %w", st.Obligation, err)
	}
	return b.String(), nil
}

func fill(key string, in DraftInput) []string {
	utc := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	switch key {
	case "classification":
		var out []string
		for _, d := range in.Facts.Decisions {
			v := d.Name
			if !d.Value {
				v = "not " + d.Name
			}
			line := fmt.Sprintf("Decided %s by %s at %s.", v, d.By, utc(d.At))
			if d.Note != "" {
				line += " " + d.Note
			}
			out = append(out, line)
		}
		return out
	case "timeline":
		var out []string
		if !in.ExploitAt.IsZero() {
			out = append(out, "Exploit (block time): "+utc(in.ExploitAt))
		}
		if !in.DetectedAt.IsZero() {
			out = append(out, "Detected (first alert): "+utc(in.DetectedAt))
		}
		out = append(out, "Incident opened: "+utc(in.OpenedAt))
		if !in.Facts.AwareAt.IsZero() {
			out = append(out, "Awareness recorded: "+utc(in.Facts.AwareAt))
		}
		return out
	case "description":
		out := []string{fmt.Sprintf("%s (%s, severity %s) on %s, network %s.", in.Title, in.Type, in.Severity, in.Contract, in.Network)}
		if in.Summary != "" {
			out = append(out, in.Summary)
		}
		return out
	case "impact":
		out := append([]string(nil), in.Impact...)
		if in.Facts.LossUSD != "" {
			out = append(out, "Loss recorded for obligations: "+in.Facts.LossUSD+" USD")
		}
		return out
	case "personal_data":
		switch {
		case in.Facts.PersonalData == nil:
			return []string{"Whether personal data was involved is not recorded yet."}
		case *in.Facts.PersonalData:
			return []string{"Personal data was involved."}
		}
		return []string{"No personal data was involved."}
	case "jurisdictions":
		if len(in.Facts.Jurisdictions) == 0 {
			return nil
		}
		return []string{"Jurisdictions recorded: " + strings.Join(in.Facts.Jurisdictions, ", ")}
	case "measures":
		return in.Measures
	case "root_cause":
		if in.RootCause == "" {
			return nil
		}
		return []string{in.RootCause}
	case "attackers":
		if len(in.Attackers) == 0 {
			return nil
		}
		return []string{"Attacker addresses (forensics): " + strings.Join(in.Attackers, ", ")}
	case "transactions":
		return in.Transactions
	case "contact":
		if in.LegalLead == "" {
			return nil
		}
		return []string{"Legal lead: " + in.LegalLead}
	}
	return nil
}

var draftTmpl = template.Must(template.New("draft").Funcs(template.FuncMap{
	"utc": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	},
}).Parse(`> **{{.Disclaimer}}**

# {{.St.Title}} — draft{{if .In.Team}} for {{.In.Team}}{{end}}

- Incident: {{.In.IncidentID}} — {{.In.Title}}
- Authority: {{.St.Authority}}
- Provision: {{.St.Reference}}
{{- if .St.Jurisdiction}}
- Jurisdiction: {{.St.Jurisdiction}}
{{- end}}
- Status: {{.St.State}} ({{.St.Reason}})

## Deadlines ({{.St.TimeZone}})

| Report | Due (UTC) | Due (local) | Status | Basis |
|---|---|---|---|---|
{{- range .St.Reports}}
| {{.Title}} | {{if .Due}}{{utc .Due}}{{else if .ASAP}}as soon as possible{{else}}not yet known{{end}} | {{.DueLocal}} | {{.State}}{{if .Submitted}} ({{.Submitted.By}}{{if .Submitted.Reference}}, {{.Submitted.Reference}}{{end}}){{end}} | {{.Basis}} |
{{- end}}
{{range .Sections}}
## {{.Question}}
{{if .Lines}}{{range .Lines}}
{{.}}
{{end}}{{else}}
_To be completed by the legal lead._
{{end}}{{end}}`))
