package report

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"io"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/breakglass-dev/breakglass/internal/guard"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/units"
)

//go:embed templates
var templateFS embed.FS

// Document is a post-mortem: the record of an incident and what people
// wrote about it, ready to render.
type Document struct {
	Team       string
	Incident   incident.Summary
	PostMortem PostMortem
	// Generated is when the document was made.
	Generated time.Time
	// Missing lists the post-mortem fields still to write.
	Missing      []string
	Impact       ImpactView
	Detection    Detection
	Timeline     []TimelineRow
	Transactions []TxRow
	Response     []ResponseRow
	Metrics      []PhaseTime
	Lessons      []Lesson
	// Runbook is the plan's runbook for the incident type, if a plan was given.
	Runbook *plan.Runbook
	// Obligations are the regulatory reports, if a plan was given.
	Obligations []obligation.Status
	// Explorer is the incident network's block explorer (the plan's
	// networks[].explorer), which hashes and addresses link to; "" leaves
	// them unlinked.
	Explorer string
}

// ImpactView is the impact as shown.
type ImpactView struct {
	UsersAffected string
	Lost          []string
	AtRisk        []string
	LostUSD       string
	AtRiskUSD     string
	Confirmed     bool
	Reputation    string
	// FromForensics says the loss figures come from attached analyses.
	FromForensics bool
	// Prevention says what became of an exploit seen pending and
	// contained ahead of (prevented, not mined, or landed and contained
	// after it); empty for an incident of the block path alone.
	Prevention string
	// Protected is what the prevented exploit's simulation would have
	// taken from the protected contracts (the value protected).
	Protected []string
}

// Detection is how the incident was found.
type Detection struct {
	Detector     string
	Description  string
	FirstAlert   string
	FirstAlertAt time.Time
	ExploitAt    time.Time
	TimeToDetect string
}

// TimelineRow is one line of the UTC timeline.
type TimelineRow struct {
	Time    time.Time
	Actor   string
	Kind    string
	Message string
	Block   uint64
	Tx      string
}

// TxRow is one attack transaction.
type TxRow struct {
	Hash     string
	Block    uint64
	Detector string
	Summary  string
	Loss     []string
	LossUSD  string
}

// ResponseRow is one containment action.
type ResponseRow struct {
	Kind      string
	Target    string
	Executor  string
	Status    store.ActionStatus
	Tx        string
	Approvals []string
	UpdatedAt time.Time
	Error     string
}

// PhaseTime is one response time as shown.
type PhaseTime struct {
	Phase    string
	Duration string
}

// BuildOptions are the optional inputs of Build.
type BuildOptions struct {
	// Plan adds the detector's description, the runbook and the
	// obligations; nil leaves them out.
	Plan *plan.Plan
	// Analyses are analyses given at build time, in addition to those
	// attached to the incident.
	Analyses []Analysis
	// Now is the document's generation time (and the obligations' "now").
	Now time.Time
}

// Build assembles the post-mortem of incident id.
func Build(ctx context.Context, r store.Reader, id string, o BuildOptions) (Document, error) {
	rec, err := incident.Load(ctx, r, id)
	if err != nil {
		return Document{}, err
	}
	inc, err := r.Incident(ctx, id)
	if err != nil {
		return Document{}, fmt.Errorf("incident %s: %w", id, err)
	}
	pm, err := ReadPostMortem(inc)
	if err != nil {
		return Document{}, err
	}
	d, err := incident.ReadDetails(inc)
	if err != nil {
		return Document{}, err
	}
	as, err := Analyses(inc)
	if err != nil {
		return Document{}, err
	}
	as = append(as, o.Analyses...)
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	doc := Document{Incident: rec.Incident, PostMortem: pm, Generated: now.UTC()}
	if o.Plan != nil {
		doc.Team = o.Plan.Name
		doc.Runbook = o.Plan.Runbook(inc.Type)
		if n := o.Plan.Network(inc.Network); n != nil {
			doc.Explorer = strings.TrimRight(n.Explorer, "/")
		}
	}
	doc.Missing = missing(pm)
	doc.Impact = impactView(pm, as)

	exploit := exploitTime(inc, pm, as)
	if exploit.IsZero() {
		exploit = alertBlockTime(rec.Alerts)
	}
	m := measure(inc, d, exploit)
	for _, ph := range Phases() {
		pt := PhaseTime{Phase: ph, Duration: "—"}
		if t, ok := m.Times[ph]; ok {
			pt.Duration = t.String()
		}
		doc.Metrics = append(doc.Metrics, pt)
	}
	doc.Detection = Detection{Detector: d.Detector, FirstAlertAt: d.FirstAlertAt.UTC(), ExploitAt: exploit}
	if t, ok := m.Times[PhaseDetect]; ok {
		doc.Detection.TimeToDetect = t.String()
	} else if !exploit.IsZero() && !d.FirstAlertAt.IsZero() && exploit.After(d.FirstAlertAt) {
		// The block's timestamp is later than the alert: the chain's clock
		// runs ahead of this host's (a devnet sealing faster than a block a
		// second does). Say so rather than show a negative time.
		doc.Detection.TimeToDetect = fmt.Sprintf("not measurable: the exploit block's timestamp is %s ahead of the clock that stored the alert", exploit.Sub(d.FirstAlertAt).Round(time.Second))
	}
	if o.Plan != nil {
		if det := o.Plan.Detector(d.Detector); det != nil {
			doc.Detection.Description = det.Description
			if doc.Detection.Description == "" {
				doc.Detection.Description = fmt.Sprintf("%s detector", det.Kind)
			}
		}
	}
	for _, a := range rec.Alerts {
		if !a.Retracted {
			doc.Detection.FirstAlert = a.Summary
			break
		}
	}

	for _, e := range rec.Timeline {
		row := TimelineRow{Time: e.Time, Actor: e.Actor, Kind: e.Kind, Message: e.Message}
		var ref struct {
			Block uint64 `json:"block"`
			Tx    string `json:"tx"`
		}
		if len(e.Data) > 0 && json.Unmarshal(e.Data, &ref) == nil {
			row.Block, row.Tx = ref.Block, ref.Tx
		}
		doc.Timeline = append(doc.Timeline, row)
		if e.Kind == guard.KindOutcome {
			preventionOf(&doc.Impact, e.Data)
		}
	}

	seen := map[string]int{}
	for _, a := range rec.Alerts {
		if a.Retracted || a.Tx == "" {
			continue
		}
		if _, ok := seen[strings.ToLower(a.Tx)]; ok {
			continue
		}
		seen[strings.ToLower(a.Tx)] = len(doc.Transactions)
		doc.Transactions = append(doc.Transactions, TxRow{Hash: a.Tx, Block: a.Block, Detector: a.Detector, Summary: a.Summary})
	}
	for _, a := range as {
		i, ok := seen[strings.ToLower(a.Tx)]
		if !ok {
			seen[strings.ToLower(a.Tx)] = len(doc.Transactions)
			doc.Transactions = append(doc.Transactions, TxRow{Hash: a.Tx, Block: a.Block, Summary: "analysed transaction"})
			i = len(doc.Transactions) - 1
		}
		lost, usd := lossFromAnalyses([]Analysis{a})
		for _, l := range lost {
			doc.Transactions[i].Loss = append(doc.Transactions[i].Loss, FormatAmount(l))
		}
		doc.Transactions[i].LossUSD = usd
	}

	acts, err := r.Actions(ctx, id)
	if err != nil {
		return doc, fmt.Errorf("incident %s actions: %w", id, err)
	}
	for _, a := range acts {
		row := ResponseRow{Kind: a.Kind, Target: a.Target, Executor: a.Executor, Status: a.Status, Tx: a.TxHash, UpdatedAt: a.UpdatedAt.UTC(), Error: a.Error}
		aps, err := r.Approvals(ctx, a.ID)
		if err != nil {
			return doc, fmt.Errorf("action %d approvals: %w", a.ID, err)
		}
		for _, ap := range aps {
			row.Approvals = append(row.Approvals, fmt.Sprintf("%s (%s) at %s", ap.Person, ap.Role, ap.ApprovedAt.UTC().Format(time.RFC3339)))
		}
		doc.Response = append(doc.Response, row)
	}

	versions, err := r.PlanVersions(ctx)
	if err != nil {
		return doc, fmt.Errorf("plan versions: %w", err)
	}
	doc.Lessons = lessonsOf(inc.ID, pm, versions)

	if o.Plan != nil && len(o.Plan.Obligations) > 0 {
		f, err := ObligationFacts(inc)
		if err != nil {
			return doc, err
		}
		doc.Obligations, err = obligation.Evaluate(o.Plan.Obligations, inc, f, now)
		if err != nil {
			return doc, err
		}
	}
	return doc, nil
}

// preventionOf reads a pre-execution outcome event (guard.KindOutcome)
// into the impact: prevented (or never mined) with the value protected,
// or landed and contained after it. A later event overrides an earlier.
func preventionOf(v *ImpactView, data json.RawMessage) {
	var o guard.OutcomeData
	if json.Unmarshal(data, &o) != nil {
		return
	}
	switch o.Outcome {
	case guard.ResultPrevented:
		v.Prevention = fmt.Sprintf("prevented: the exploit %s was seen pending and reverted behind the pause in block %d", o.Tx, o.Block)
	case guard.ResultNotMined:
		v.Prevention = fmt.Sprintf("prevented: the exploit %s was seen pending, contained ahead of, and never mined", o.Tx)
	case guard.ResultLanded:
		v.Prevention = fmt.Sprintf("not prevented: the exploit %s was seen pending but landed in block %d before the pause; contained after it", o.Tx, o.Block)
	default:
		return
	}
	v.Protected = nil
	for _, p := range o.ValueProtected {
		v.Protected = append(v.Protected, FormatAmount(Amount{Token: p.Token.Hex(), Symbol: p.TokenLabel(), Decimals: p.Decimals, Amount: p.Amount})+" in "+p.ContractLabel())
	}
}

// ObligationFacts returns the facts the obligations are evaluated on: those
// recorded, with the post-mortem's confirmed USD loss standing in for a
// loss not recorded.
func ObligationFacts(inc store.Incident) (obligation.Facts, error) {
	f, err := obligation.ReadFacts(inc)
	if err != nil {
		return f, err
	}
	if f.LossUSD == "" {
		pm, err := ReadPostMortem(inc)
		if err != nil {
			return f, err
		}
		f.LossUSD = pm.Impact.LostUSD
	}
	return f, nil
}

// alertBlockTime reads a "block_time" field of the first alert, if a
// detector put one there.
func alertBlockTime(as []incident.AlertView) time.Time {
	for _, a := range as {
		var f struct {
			BlockTime time.Time `json:"block_time"`
		}
		if len(a.Fields) > 0 && json.Unmarshal(a.Fields, &f) == nil && !f.BlockTime.IsZero() {
			return f.BlockTime.UTC()
		}
	}
	return time.Time{}
}

func missing(pm PostMortem) []string {
	var out []string
	if pm.Summary == "" {
		out = append(out, "summary")
	}
	if pm.RootCause == "" {
		out = append(out, "root cause")
	}
	if len(pm.FiveWhys) == 0 {
		out = append(out, "five whys")
	}
	if len(pm.ActionItems) == 0 {
		out = append(out, "action items")
	}
	return out
}

func impactView(pm PostMortem, as []Analysis) ImpactView {
	im := pm.Impact
	v := ImpactView{LostUSD: im.LostUSD, AtRiskUSD: im.AtRiskUSD, Confirmed: im.LossConfirmed, Reputation: im.Reputation}
	lost := im.Lost
	if len(lost) == 0 {
		var usd string
		lost, usd = lossFromAnalyses(as)
		v.FromForensics = len(lost) > 0
		if v.LostUSD == "" {
			v.LostUSD = usd
		}
	}
	for _, a := range lost {
		v.Lost = append(v.Lost, FormatAmount(a))
	}
	for _, a := range im.AtRisk {
		v.AtRisk = append(v.AtRisk, FormatAmount(a))
	}
	switch {
	case im.UsersAffected != nil:
		v.UsersAffected = fmt.Sprint(*im.UsersAffected)
	case len(as) > 0:
		victims := map[string]bool{}
		for _, a := range as {
			for _, x := range a.Victims {
				victims[strings.ToLower(x)] = true
			}
		}
		v.UsersAffected = fmt.Sprintf("%d (victim addresses found by the forensics)", len(victims))
	}
	return v
}

// FormatAmount shows an amount for people: scaled by the token's decimals
// with its symbol when known, always with the exact base-unit amount.
func FormatAmount(a Amount) string {
	name := a.Symbol
	if name == "" {
		name = a.Token
	}
	if a.Decimals == nil {
		return fmt.Sprintf("%s base units of %s", a.Amount, name)
	}
	shown, ok := units.FormatString(a.Amount, *a.Decimals, name)
	if !ok {
		return fmt.Sprintf("%s %s", a.Amount, name)
	}
	return fmt.Sprintf("%s (%s base units)", shown, a.Amount)
}

// Format is a post-mortem output format.
type Format string

// The formats.
const (
	Markdown Format = "md"
	HTML     Format = "html"
)

func funcs() map[string]any {
	return map[string]any{
		"utc": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.UTC().Format(time.RFC3339)
		},
		"cell": func(s string) string {
			return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
		},
		"join": strings.Join,
		"add1": func(i int) int { return i + 1 },
		// mdhash shows a hash or address in a Markdown table: shortened
		// and linked to the explorer when there is one, else in full.
		"mdhash": func(explorer, kind, v string) string {
			if explorer == "" {
				return "`" + v + "`"
			}
			return "[`" + shortHash(v) + "`](" + explorer + "/" + kind + "/" + v + ")"
		},
		// hash shows a hash or address in HTML: shortened, the full value
		// in its title (and its link to the explorer when there is one).
		"hash": func(explorer, kind, v string) htmltemplate.HTML {
			e := htmltemplate.HTMLEscapeString
			if explorer == "" {
				return htmltemplate.HTML(`<code title="` + e(v) + `">` + e(shortHash(v)) + `</code>`)
			}
			return htmltemplate.HTML(`<a href="` + e(explorer+"/"+kind+"/"+url.PathEscape(v)) + `" title="` + e(v) + `"><code>` + e(shortHash(v)) + `</code></a>`)
		},
	}
}

// shortHash shortens a hash or address to 0x1234…abcd.
func shortHash(h string) string {
	if len(h) <= 14 {
		return h
	}
	return h[:6] + "…" + h[len(h)-4:]
}

// Render writes the document in format f.
func (d Document) Render(w io.Writer, f Format) error {
	var b bytes.Buffer
	switch f {
	case Markdown:
		t, err := texttemplate.New("postmortem.md.tmpl").Funcs(funcs()).ParseFS(templateFS, "templates/postmortem.md.tmpl")
		if err != nil {
			return fmt.Errorf("post-mortem template: %w", err)
		}
		if err := t.Execute(&b, d); err != nil {
			return fmt.Errorf("render post-mortem: %w", err)
		}
	case HTML:
		t, err := htmltemplate.New("postmortem.html.tmpl").Funcs(funcs()).ParseFS(templateFS, "templates/postmortem.html.tmpl")
		if err != nil {
			return fmt.Errorf("post-mortem template: %w", err)
		}
		if err := t.Execute(&b, d); err != nil {
			return fmt.Errorf("render post-mortem: %w", err)
		}
	default:
		return fmt.Errorf("unknown format %q: want md or html", f)
	}
	_, err := w.Write(b.Bytes())
	return err
}
