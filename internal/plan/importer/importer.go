// Package importer turns the configurations of other monitoring tools into
// a breakglass plan: an OpenZeppelin Monitor configuration directory
// (networks/, monitors/, triggers/) or an OpenZeppelin Defender
// defender-as-code serverless YAML. It writes the plan as commented YAML
// text and a Report that says, for every source item, what it became (at
// which line of the plan) or why it could not be carried over and what to
// do instead. Secrets of the source are never copied: each becomes an env:
// reference the report names.
package importer

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Result is an import's plan and report.
type Result struct {
	// Plan is the plan's YAML text; nil when the report has blocking
	// problems.
	Plan []byte
	// Report says what became of every source item.
	Report Report
}

// Report lists what became of the source's items.
type Report struct {
	// Source is what was imported (a directory or a file).
	Source string
	// PlanFile is the name the plan's lines refer to.
	PlanFile string
	// Items are the source items, in source order.
	Items []Item
	// Unknown are fields of the source this importer does not know,
	// as FILE: path; they were ignored.
	Unknown []string
	// Problems block the import: no plan is written.
	Problems []string
}

// Item is one source item and what it became.
type Item struct {
	// Source names the item: FILE: what.
	Source string
	// Became is what it is in the plan (e.g. `detector "big-transfer"`);
	// empty when it was not carried over.
	Became string
	// Line is where in the plan it is (0: not in the plan).
	Line int
	// Notes are what changed on the way or what to do (a secret to set).
	Notes []string
	// Why says why it was not carried over, and what to do instead.
	Why string
}

// OK reports whether the import has no blocking problem.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Write prints the report as text.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "import of %s\n", r.Source)
	var carried, dropped []Item
	for _, it := range r.Items {
		switch {
		case it.Became != "":
			carried = append(carried, it)
		case it.Why != "":
			dropped = append(dropped, it)
		}
	}
	if len(carried) > 0 {
		b.WriteString("\ncarried over:\n")
		for _, it := range carried {
			fmt.Fprintf(&b, "  %s\n    -> %s at %s:%d\n", it.Source, it.Became, r.PlanFile, it.Line)
			for _, n := range it.Notes {
				fmt.Fprintf(&b, "       note: %s\n", n)
			}
		}
	}
	if len(dropped) > 0 {
		b.WriteString("\nnot carried over:\n")
		for _, it := range dropped {
			fmt.Fprintf(&b, "  %s\n    -> %s\n", it.Source, it.Why)
		}
	}
	if len(r.Unknown) > 0 {
		b.WriteString("\nunknown fields (ignored):\n")
		for _, u := range r.Unknown {
			fmt.Fprintf(&b, "  %s\n", u)
		}
	}
	if len(r.Problems) > 0 {
		b.WriteString("\nblocking problems (no plan written):\n")
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "  %s\n", p)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// The plan under construction.
type network struct {
	name          string
	chainID       uint64
	rpc           []string
	confirmations uint64
	comments      []string
	item          int // index of the report item, -1 if none
}

type contract struct {
	name, network, address, abi string
	executor                    string
	actions                     [][2]string
	item                        int
}

type channel struct {
	name, typ string
	fields    []string // YAML lines "key: value", in order
	comments  []string
	item      int
}

type executor struct {
	name, key string
	comments  []string
	item      int
}

type detector struct {
	name, kind, contract, signature, condition, severity string
	threshold                                            string // "{count: N, window: D}"
	cooldown                                             string
	response                                             []string
	comments                                             []string
	items                                                []int
}

// tmpl is a notification template override.
type tmpl struct {
	event, text string
	item        int
}

// builder collects the plan and the report.
type builder struct {
	title      string
	header     []string
	networks   []*network
	contracts  []*contract
	executors  []*executor
	channels   []*channel
	detectors  []*detector
	severities []string
	templates  []tmpl
	report     Report
	names      map[string]bool
	byAddr     map[string]*contract // by network/address
}

func newBuilder(source, planFile, title string) *builder {
	return &builder{title: title, report: Report{Source: source, PlanFile: planFile}, names: map[string]bool{}, byAddr: map[string]*contract{}}
}

// item adds a report item and returns its index.
func (b *builder) item(source string) int {
	b.report.Items = append(b.report.Items, Item{Source: source})
	return len(b.report.Items) - 1
}

func (b *builder) note(i int, format string, args ...any) {
	b.report.Items[i].Notes = append(b.report.Items[i].Notes, fmt.Sprintf(format, args...))
}

func (b *builder) drop(i int, format string, args ...any) {
	b.report.Items[i].Why = fmt.Sprintf(format, args...)
}

func (b *builder) problem(format string, args ...any) {
	b.report.Problems = append(b.report.Problems, fmt.Sprintf(format, args...))
}

func (b *builder) unknown(file string, fields []string) {
	for _, f := range fields {
		b.report.Unknown = append(b.report.Unknown, file+": "+f)
	}
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// unique makes a plan name from s, unique within the plan (names are
// shared by kind in breakglass: networks, contracts, channels, detectors
// are each their own namespace, but one set keeps them readable).
func (b *builder) unique(kind, s string) string {
	base := strings.Trim(nonName.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if base == "" {
		base = kind
	}
	name := base
	for n := 2; b.names[kind+"/"+name]; n++ {
		name = fmt.Sprintf("%s-%d", base, n)
	}
	b.names[kind+"/"+name] = true
	return name
}

// envName makes an environment variable name from parts.
func envName(parts ...string) string {
	s := strings.Join(parts, "_")
	s = strings.Trim(regexp.MustCompile(`[^A-Z0-9]+`).ReplaceAllString(strings.ToUpper(s), "_"), "_")
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "X_" + s
	}
	return s
}

// q quotes s as a YAML double-quoted scalar.
func q(s string) string { return strconv.Quote(s) }

// lineWriter writes lines and counts them.
type lineWriter struct {
	b    strings.Builder
	line int
}

func (w *lineWriter) p(format string, args ...any) int {
	fmt.Fprintf(&w.b, format+"\n", args...)
	w.line++
	return w.line
}

func (w *lineWriter) comments(indent string, cs []string) {
	for _, c := range cs {
		for _, l := range strings.Split(c, "\n") {
			w.p("%s# %s", indent, l)
		}
	}
}

// render writes the plan, records the lines of the items, and checks the
// plan with breakglass's own loader and detection compiler.
func (b *builder) render() []byte {
	w := &lineWriter{}
	at := func(i, line int, became string) {
		if i >= 0 && b.report.Items[i].Line == 0 {
			b.report.Items[i].Line, b.report.Items[i].Became = line, became
		}
	}
	for _, h := range b.header {
		w.p("# %s", h)
	}
	w.p("version: 1")
	w.p("name: %s", q(b.title))
	w.p("")
	w.p("networks:")
	for _, n := range b.networks {
		w.comments("  ", n.comments)
		at(n.item, w.p("  - name: %s", n.name), fmt.Sprintf("network %q", n.name))
		w.p("    chain_id: %d", n.chainID)
		w.p("    rpc:")
		for _, u := range n.rpc {
			w.p("      - %s", q(u))
		}
		w.p("    confirmations: %d", n.confirmations)
	}
	w.p("")
	w.p("contracts:")
	for _, c := range b.contracts {
		at(c.item, w.p("  - name: %s", c.name), fmt.Sprintf("contract %q", c.name))
		w.p("    network: %s", c.network)
		w.p("    address: %s", c.address)
		if c.executor != "" {
			w.p("    executor: %s", c.executor)
		}
		w.p("    abi: %s", c.abi)
		if len(c.actions) > 0 {
			w.p("    actions:")
			for _, a := range c.actions {
				w.p("      %s: %s", a[0], q(a[1]))
			}
		}
	}
	if len(b.executors) > 0 {
		w.p("")
		w.p("executors:")
		for _, e := range b.executors {
			w.comments("  ", e.comments)
			at(e.item, w.p("  - name: %s", e.name), fmt.Sprintf("executor %q", e.name))
			w.p("    type: key")
			w.p("    key: %s", e.key)
		}
	}
	w.p("")
	w.p("# TODO: the people who respond and their contacts; the source had none.")
	w.p("people:")
	w.p("  - name: oncall")
	w.p("    contacts: {email: security@example.org}")
	w.p("roles:")
	w.p("  incident_commander: {primary: oncall}")
	w.p("")
	var page []string
	for _, c := range b.channels {
		page = append(page, c.name)
	}
	w.p("# Every imported channel is paged for every severity (the source routed")
	w.p("# per monitor; breakglass routes by severity): narrow \"page\" as needed.")
	w.p("severities:")
	for _, s := range b.severities {
		w.p("  - name: %s", s)
		if len(page) > 0 {
			w.p("    page: [%s]", strings.Join(page, ", "))
		}
	}
	if len(b.channels) > 0 {
		w.p("")
		w.p("channels:")
		for _, c := range b.channels {
			w.comments("  ", c.comments)
			at(c.item, w.p("  - name: %s", c.name), fmt.Sprintf("channel %q", c.name))
			w.p("    type: %s", c.typ)
			for _, f := range c.fields {
				w.p("    %s", f)
			}
		}
	}
	if len(b.templates) > 0 {
		w.p("")
		w.p("templates:")
		for _, t := range b.templates {
			at(t.item, w.p("  - event: %s", t.event), fmt.Sprintf("template %q", t.event))
			w.p("    audience: internal")
			w.p("    text: %s", q(t.text))
		}
	}
	w.p("")
	w.p("detectors:")
	for _, d := range b.detectors {
		w.comments("  ", d.comments)
		line := w.p("  - name: %s", d.name)
		for _, i := range d.items {
			at(i, line, fmt.Sprintf("detector %q", d.name))
		}
		w.p("    kind: %s", d.kind)
		w.p("    contract: %s", d.contract)
		if d.signature != "" {
			w.p("    signature: %s", q(d.signature))
		}
		if d.condition != "" {
			w.p("    condition: %s", q(d.condition))
		}
		w.p("    severity: %s", d.severity)
		if d.threshold != "" {
			w.p("    threshold: %s", d.threshold)
		}
		if d.cooldown != "" {
			w.p("    cooldown: %s", d.cooldown)
		}
		if len(d.response) > 0 {
			w.p("    response: [%s]", strings.Join(d.response, ", "))
		}
	}
	return []byte(w.b.String())
}

// finish renders the plan unless there are problems, and checks it.
func (b *builder) finish() *Result {
	res := &Result{}
	if len(b.detectors) == 0 && len(b.report.Problems) == 0 {
		b.problem("nothing to watch: no monitor could be carried over (see above)")
	}
	if len(b.report.Problems) == 0 {
		data := b.render()
		if err := check(b.report.PlanFile, data); err != nil {
			b.problem("the generated plan does not pass plan check (a bug of the importer; please report it): %v", err)
		} else {
			res.Plan = data
		}
	}
	sort.Strings(b.report.Unknown)
	res.Report = b.report
	return res
}

// check loads the plan text and compiles its detectors, as plan check does.
func check(name string, data []byte) error {
	p, err := plan.Parse(name, data)
	if err != nil {
		return err
	}
	return errors.Join(detect.Check(p)...)
}

// defaultSeverities are the severities of an imported plan, most severe
// first.
var defaultSeverities = []string{"critical", "high", "medium", "low"}

// detectorName names the detector of a monitor's event or function (sig),
// or of the monitor itself (sig empty).
func detectorName(b *builder, monitor, sig string) string {
	if sig == "" {
		return b.unique("detector", monitor)
	}
	return b.unique("detector", monitor+"-"+strings.SplitN(sig, "(", 2)[0])
}

// messageVar is a ${...} variable of a source message.
var messageVar = regexp.MustCompile(`\$\{([^}]+)\}|\{\{\s*([^}]+?)\s*\}\}`)

// messageVars are the source variables that map to a template's data.
var messageVars = map[string]string{
	"monitor.name": "{{.Incident.Title}}", "monitor_name": "{{.Incident.Title}}",
	"transaction.hash": "{{.Incident.TxHash}}", "transaction_hash": "{{.Incident.TxHash}}",
	"transaction.id": "{{.Incident.TxHash}}", "hash": "{{.Incident.TxHash}}",
	"network": "{{.Incident.Network}}", "network.name": "{{.Incident.Network}}",
	"monitor.network": "{{.Incident.Network}}", "severity": "{{.Incident.Severity}}",
}

// messageTemplate turns a source message into the text of breakglass's
// "incident opened" template; unmapped lists the variables that have no
// equivalent (the template is then not written).
func messageTemplate(title, body string) (text string, unmapped []string) {
	repl := func(s string) string {
		return messageVar.ReplaceAllStringFunc(s, func(m string) string {
			sub := messageVar.FindStringSubmatch(m)
			name := sub[1]
			if name == "" {
				name = sub[2]
			}
			if v, ok := messageVars[name]; ok {
				return v
			}
			unmapped = append(unmapped, m)
			return m
		})
	}
	text = repl(body)
	if title != "" {
		text = repl(title) + "\n" + text
	}
	return text, unmapped
}

// addTemplate writes one "incident opened" template from the sources'
// messages when they are all the same and every variable maps; otherwise
// it explains why in the report.
func (b *builder) addTemplate(source string, msgs [][2]string) {
	if len(msgs) == 0 {
		return
	}
	it := b.item(source)
	distinct := map[[2]string]bool{}
	for _, m := range msgs {
		distinct[m] = true
	}
	if len(distinct) > 1 {
		b.drop(it, "%d different messages: breakglass has one \"incident opened\" template for all channels; each is kept as a comment at its channel: write one template by hand (templates: [{event: incident.opened, text: ...}])", len(distinct))
		return
	}
	text, unmapped := messageTemplate(msgs[0][0], msgs[0][1])
	if len(unmapped) > 0 {
		b.drop(it, "variables %s have no template equivalent (a template knows the incident: .Incident.Title (the alert's summary, with its decoded fields), .Incident.TxHash, .Incident.Network, .Incident.Contract, .Incident.Block); the message is kept as a comment at its channel", strings.Join(unmapped, ", "))
		return
	}
	b.templates = append(b.templates, tmpl{event: "incident.opened", text: text, item: it})
}
