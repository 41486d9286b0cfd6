package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/units"
)

// row is an incident as the list shows it: flat, preformatted fields, so
// that a list of thousands renders fast.
type row struct {
	ID, Title, Severity   string
	Status                incident.Status
	Network, ContractName string
	FalsePositive, Open   bool
	Age, OpenedUTC        string
	// AckISO is the acknowledgement deadline (RFC 3339; "" when there is
	// none or the incident is acknowledged), AckLeft the time left.
	AckISO, AckLeft string
	Overdue         bool
	openedAt        time.Time
	sevRank         int
}

// listPage is the incident list.
type listPage struct {
	Session            *session
	Rows               []row
	Status             string
	Network, Contract  string
	Statuses, Networks []string
	Contracts          []string
	Total, Shown       int
	// Version is the fingerprint of the state shown, for the live stream.
	Version string
}

// rows reads the incidents matching the filters, open first, then the most
// severe, then the oldest.
func (s *Server) rows(ctx context.Context, status, network, contract string) ([]row, int, error) {
	incs, err := s.st.Incidents(ctx, store.IncidentFilter{})
	if err != nil {
		return nil, 0, err
	}
	now := s.now()
	var addr string
	if c := s.app.Plan.Contract(contract); c != nil {
		addr = c.Address.Hex()
	}
	out := make([]row, 0, len(incs))
	for _, inc := range incs {
		open := inc.Status != incident.Resolved && inc.Status != incident.Closed
		switch {
		case status == "open" && !open,
			status != "" && status != "open" && status != "all" && string(inc.Status) != status,
			network != "" && inc.Network != network,
			contract != "" && !strings.EqualFold(inc.Contract, addr) && inc.Contract != contract:
			continue
		}
		r := row{ID: inc.ID, Title: inc.Title, Severity: inc.Severity, Status: inc.Status, Network: inc.Network,
			ContractName: s.contractName(inc.Network, inc.Contract), Open: open, openedAt: inc.OpenedAt,
			Age: ago(now.Sub(inc.OpenedAt)), OpenedUTC: inc.OpenedAt.UTC().Format("2006-01-02 15:04:05Z"), sevRank: s.sevRank(inc.Severity)}
		if d, err := incident.ReadDetails(inc); err == nil {
			r.FalsePositive = d.Dismissed != nil
		}
		if dl, ok := s.ackDeadline(inc); ok {
			r.AckISO = dl.Format(time.RFC3339)
			left := dl.Sub(now)
			r.Overdue = left < 0
			if r.Overdue {
				r.AckLeft = "ack overdue by " + ago(-left)
			} else {
				r.AckLeft = ago(left) + " left to ack"
			}
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Open != b.Open {
			return a.Open
		}
		if a.sevRank != b.sevRank {
			return a.sevRank < b.sevRank
		}
		return a.openedAt.Before(b.openedAt)
	})
	return out, len(incs), nil
}

// ackDeadline is when an unacknowledged incident must be acknowledged, by
// its severity's ack_within.
func (s *Server) ackDeadline(inc store.Incident) (time.Time, bool) {
	if inc.Status != incident.Detected {
		return time.Time{}, false
	}
	sev := s.app.Plan.Severity(inc.Severity)
	if sev == nil || sev.AckWithin <= 0 {
		return time.Time{}, false
	}
	return inc.OpenedAt.Add(time.Duration(sev.AckWithin)).UTC(), true
}

func (s *Server) sevRank(name string) int {
	i := slices.IndexFunc(s.app.Plan.Severities, func(sv plan.Severity) bool { return sv.Name == name })
	if i < 0 {
		return len(s.app.Plan.Severities)
	}
	return i
}

func (s *Server) contractName(network, addr string) string {
	for _, c := range s.app.Plan.Contracts {
		if c.Network == network && strings.EqualFold(c.Address.Hex(), addr) {
			return c.Name
		}
	}
	return addr
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, sess *session) {
	q := r.URL.Query()
	status := q.Get("status")
	if _, set := q["status"]; !set {
		status = "open"
	}
	if status != "" && status != "open" && status != "all" {
		if _, err := incident.ParseStatus(status); err != nil {
			s.fail(w, sess, err)
			return
		}
	}
	version, _ := s.listFingerprint(r.Context())
	p, err := s.listData(r.Context(), sess, status, q.Get("network"), q.Get("contract"))
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	p.Version = version
	s.render(w, http.StatusOK, "list", p)
}

func (s *Server) listData(ctx context.Context, sess *session, status, network, contract string) (listPage, error) {
	rows, total, err := s.rows(ctx, status, network, contract)
	if err != nil {
		return listPage{}, err
	}
	p := listPage{Session: sess, Rows: rows, Status: status, Network: network, Contract: contract, Total: total, Shown: len(rows),
		Statuses: append([]string{"open", "all"}, incident.StatusNames()...)}
	for _, n := range s.app.Plan.Networks {
		p.Networks = append(p.Networks, n.Name)
	}
	for _, c := range s.app.Plan.Contracts {
		p.Contracts = append(p.Contracts, c.Name)
	}
	return p, nil
}

// incidentPage is one incident.
type incidentPage struct {
	Session      *session
	Inc          incident.Summary
	ContractName string
	Explorer     string
	Details      incident.Details
	AckDeadline  time.Time
	AckLeft      string
	Overdue      bool
	// CanManage: the viewer may change status, severity and roles.
	CanManage bool
	// CanSend: the viewer may send external status updates.
	CanSend bool
	// Drafts are a status update rendered for each audience, when the
	// viewer asked for a preview.
	Drafts      []incident.Draft
	Transitions []incident.Status
	Severities  []string
	Roles       []roleView
	People      []string
	RoleNames   []string
	Timeline    []incident.Event
	Alerts      []alertView
	Actions     []actionView
	Requestable []string
	Updates     []report.PublishedUpdate
	Obligations []obligation.Status
	PostMortem  string
	PMMissing   bool
	Error       string
	// Notice is the outcome of a simulation.
	Notice string
	Form   map[string]string
	// Version is the fingerprint of the state shown, for the live stream.
	Version string
	// Analyses are the transaction analyses attached to the incident
	// (funds movement and loss).
	Analyses []analysisView
	// Disclosure is the draft public disclosure (report.Disclosure).
	Disclosure string
}

// analysisView is an attached transaction analysis as shown.
type analysisView struct {
	Tx                 string
	Block              uint64
	Attackers, Victims []string
	Loss               []string
	LossUSD            string
	Changes            []change
}

type change struct{ Address, Token, Delta string }

type roleView struct {
	Name, Holder string
	// Mine: the viewer holds it; CanTake: the viewer may take it over.
	Mine, CanTake bool
}

type alertView struct {
	incident.AlertView
	Fields []field
}

type field struct {
	Name, Value, Exact string
}

type actionView struct {
	incident.ActionView
	Contract, Action, Describe string
	Approvals                  []store.Approval
	Needed                     int
	Roles                      []string
	CanApprove                 bool
	CanReject                  bool
	CanExecute                 bool
	Txs                        []store.SentTx
}

func (s *Server) show(w http.ResponseWriter, r *http.Request, sess *session) {
	// The state's fingerprint before reading it: a change while the page
	// is read and rendered is told by the live stream.
	id := r.PathValue("id")
	version, _ := s.incidentFingerprint(r.Context(), id)
	p, err := s.incidentData(r.Context(), sess, id)
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	p.Version = version
	s.render(w, http.StatusOK, "incident", p)
}

func (s *Server) incidentData(ctx context.Context, sess *session, id string) (incidentPage, error) {
	rec, err := incident.Load(ctx, s.st, id)
	if err != nil {
		return incidentPage{}, err
	}
	inc, err := s.st.Incident(ctx, id)
	if err != nil {
		return incidentPage{}, err
	}
	pl := s.app.Plan
	viewer := sess.Person
	p := incidentPage{Session: sess, Inc: rec.Incident, ContractName: s.contractName(inc.Network, inc.Contract), Timeline: rec.Timeline}
	if n := pl.Network(inc.Network); n != nil {
		p.Explorer = strings.TrimRight(n.Explorer, "/")
	}
	p.Details, _ = incident.ReadDetails(inc)
	if dl, ok := s.ackDeadline(inc); ok {
		p.AckDeadline = dl
		left := dl.Sub(s.now())
		p.Overdue = left < 0
		if p.Overdue {
			p.AckLeft = "overdue by " + ago(-left)
		} else {
			p.AckLeft = ago(left) + " left"
		}
	}
	p.CanManage = s.app.Incidents.Authorize(inc, viewer, incident.OpStatus) == nil
	p.CanSend = s.app.Comms.MaySend(inc, viewer) == nil
	for _, st := range incident.Statuses {
		if incident.CheckTransition(inc.Status, st) == nil {
			p.Transitions = append(p.Transitions, st)
		}
	}
	for _, sv := range pl.Severities {
		p.Severities = append(p.Severities, sv.Name)
	}
	for _, pe := range pl.People {
		p.People = append(p.People, pe.Name)
	}
	names := make([]string, 0, len(pl.Roles))
	for name := range pl.Roles {
		names = append(names, name)
	}
	for name := range inc.Roles {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	p.RoleNames = names
	for _, name := range names {
		rv := roleView{Name: name, Holder: inc.Roles[name], Mine: inc.Roles[name] == viewer}
		rv.CanTake = !rv.Mine && p.CanManage
		p.Roles = append(p.Roles, rv)
	}
	for _, a := range rec.Alerts {
		p.Alerts = append(p.Alerts, alertView{AlertView: a, Fields: s.fields(ctx, inc.Network, a.Fields)})
	}
	acts, err := s.st.Actions(ctx, id)
	if err != nil {
		return p, err
	}
	for i, a := range rec.Actions {
		av := actionView{ActionView: a}
		var prm respond.Params
		if i < len(acts) && len(acts[i].Params) > 0 && json.Unmarshal(acts[i].Params, &prm) == nil {
			av.Contract, av.Action, av.Needed, av.Roles = prm.Contract, prm.Action, prm.Approvals, prm.Roles
			av.Describe = prm.Describe(acts[i].Network)
		}
		if av.Approvals, err = s.st.Approvals(ctx, a.ID); err != nil {
			return p, err
		}
		if av.Txs, err = s.st.SentTxs(ctx, store.SentTxFilter{ActionID: a.ID}); err != nil {
			return p, err
		}
		// Hide the button from who cannot use it; the responder decides.
		av.CanApprove = a.Status == respond.StatusProposed && s.holdsAny(inc, viewer, av.Roles) &&
			!slices.ContainsFunc(av.Approvals, func(ap store.Approval) bool { return ap.Person == viewer })
		av.CanReject = a.Status == respond.StatusProposed && p.CanManage
		av.CanExecute = (a.Status == respond.StatusApproved || a.Status == respond.StatusFailed) && p.CanManage
		p.Actions = append(p.Actions, av)
	}
	for _, c := range pl.Contracts {
		if c.Network != inc.Network {
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(c.Actions)) {
			p.Requestable = append(p.Requestable, c.Name+"."+name)
		}
	}
	if cs, err := report.ReadComms(inc); err == nil {
		p.Updates = cs.Published
	}
	if len(pl.Obligations) > 0 {
		if facts, err := report.ObligationFacts(inc); err == nil {
			p.Obligations, _ = obligation.Evaluate(pl.Obligations, inc, facts, s.now())
		}
	}
	if as, err := report.Analyses(inc); err == nil {
		for _, a := range as {
			p.Analyses = append(p.Analyses, analysisOf(a))
		}
	}
	if pub, err := report.PublicOf(inc, pl); err == nil {
		p.Disclosure, _ = report.Disclosure(pub)
	}
	pm, err := report.ReadPostMortem(inc)
	if err == nil {
		if y, err := pm.YAML(); err == nil {
			p.PostMortem = string(y)
		}
		p.PMMissing = pm.Empty()
	}
	return p, nil
}

// analysisOf shows an analysis: losses and balance changes in units of
// their token where the analysis knows its decimals.
func analysisOf(a report.Analysis) analysisView {
	v := analysisView{Tx: a.Tx, Block: a.Block, Attackers: a.Attackers, Victims: a.Victims}
	show := func(token, amount string) string {
		t, ok := a.Tokens[token]
		if !ok {
			for k, tv := range a.Tokens {
				if strings.EqualFold(k, token) {
					t, ok = tv, true
				}
			}
		}
		if ok && t.Decimals != nil {
			sym := t.Symbol
			if sym == "" {
				sym = shortHex(token)
			}
			if s, ok := units.FormatString(amount, *t.Decimals, sym); ok {
				return s
			}
		}
		return amount + " base units of " + shortHex(token)
	}
	for _, tok := range slices.Sorted(maps.Keys(a.Loss)) {
		v.Loss = append(v.Loss, show(tok, a.Loss[tok]))
	}
	if a.LossUSD != nil {
		v.LossUSD = *a.LossUSD
	}
	for _, c := range a.BalanceChanges {
		v.Changes = append(v.Changes, change{Address: c.Address, Token: c.Token, Delta: show(c.Token, c.Delta)})
	}
	return v
}

// holdsAny says whether person holds one of roles on inc or in the plan
// (to show the approve button only to who may use it).
func (s *Server) holdsAny(inc store.Incident, person string, roles []string) bool {
	for _, role := range roles {
		if inc.Roles[role] == person || slices.Contains(s.app.Plan.RoleHolders(role), person) {
			return true
		}
	}
	return false
}

// amountFields are the alert fields that hold amounts of the alert's
// token (base units).
var amountFields = []string{"amount", "balance", "peak", "drop", "outflow", "inflow", "value", "loan", "net_outflow", "taken", "locked"}

// fields shows an alert's fields, amounts in units of their token.
func (s *Server) fields(ctx context.Context, network string, raw json.RawMessage) []field {
	if len(raw) == 0 {
		return nil
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return []field{{Name: "fields", Value: string(raw)}}
	}
	tok, hasTok := m["token"].(string)
	out := make([]field, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		var text string
		switch x := v.(type) {
		case string:
			text = x
		case json.Number:
			text = x.String()
		default:
			b, _ := json.Marshal(x)
			text = string(b)
		}
		f := field{Name: k, Value: text}
		if hasTok && k == "token" {
			if t := s.tokens.resolve(ctx, network, tok); t.Known {
				f.Value, f.Exact = t.Symbol, text
			}
		}
		if hasTok && slices.Contains(amountFields, k) {
			if shown, ok := s.tokens.resolve(ctx, network, tok).amount(text); ok {
				f.Value, f.Exact = shown, text+" base units"
			}
		}
		out = append(out, f)
	}
	return out
}

// ago writes a duration for people: 3d 4h, 2h 5m, 4m 12s, 9s.
func ago(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Truncate(time.Second)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd %dh", int(d.Hours())/24, int(d.Hours())%24)
	case d >= time.Hour:
		return fmt.Sprintf("%dh %dm", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%dm %ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%ds", int(d.Seconds()))
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"utc": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.UTC().Format("2006-01-02 15:04:05Z")
		},
		"iso":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"short": shortHex,
		// link is the explorer URL of a kind of thing (tx, address, block),
		// or "" without an explorer.
		"link": func(explorer, kind, v string) string {
			if explorer == "" || v == "" {
				return ""
			}
			return explorer + "/" + kind + "/" + url.PathEscape(v)
		},
		// hlink shows a hash, address or block number shortened, linked
		// to the explorer when the network has one; the full value is the
		// title (and the link).
		"hlink": func(explorer, kind, v string) template.HTML {
			if v == "" {
				return ""
			}
			e := template.HTMLEscapeString
			text := e(v)
			if kind != "block" {
				text = e(shortHex(v))
			}
			if explorer == "" {
				return template.HTML(`<span class="mono" title="` + e(v) + `">` + text + `</span>`)
			}
			u := explorer + "/" + kind + "/" + url.PathEscape(v)
			return template.HTML(`<a class="mono" href="` + e(u) + `" title="` + e(v) + `" target="_blank" rel="noopener noreferrer">` + text + `</a>`)
		},
		"upper": strings.ToUpper,
		"label": func(s string) string { return strings.ReplaceAll(s, "_", " ") },
		"join":  strings.Join,
		"query": func(kv ...string) string {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					v.Set(kv[i], kv[i+1])
				}
			}
			return v.Encode()
		},
	}
}
