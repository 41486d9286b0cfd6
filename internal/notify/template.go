package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Incident is what a template may know of an incident. Fields marked
// internal are removed before an external template sees the data.
type Incident struct {
	ID       string
	Title    string
	Type     string
	Severity string
	Status   store.IncidentStatus
	Network  string
	Contract string
	Opened   time.Time
	URL      string
	// Block and TxHash locate the first alert of the incident.
	Block  uint64
	TxHash string
	// Loss is a human-readable loss figure; LossConfirmed says whether the
	// forensics confirmed it. An unconfirmed figure is internal.
	Loss          string
	LossConfirmed bool
	// Roles maps a role to the person holding it (internal).
	Roles map[string]string
	// Notes are the responders' notes (internal).
	Notes []string
	// Signers are the Safe owners asked to sign (internal).
	Signers []string
}

// Data is the input of a template: the event, the incident, who caused it
// and any free text (a status update's words, an action's outcome).
type Data struct {
	Event    Event
	Incident Incident
	Actor    string
	Text     string
	// Details are extra internal key/values (an action's tx hash, the
	// safeTxHash to sign, an escalation step). Dropped for external use.
	Details []Field
	Time    time.Time
}

// Public returns a copy of d with every internal detail removed: notes,
// signers, role holders, details, the actor, an unconfirmed loss, the
// alert's own words (the incident's title is an alert summary: it becomes
// PublicTitle), the first alert's block and transaction, and any text not
// written for the public (only a status update's text is).
func (d Data) Public() Data {
	p := d
	p.Actor = ""
	p.Details = nil
	p.Incident.ID = ""
	p.Incident.URL = ""
	p.Incident.Notes = nil
	p.Incident.Signers = nil
	p.Incident.Roles = nil
	p.Incident.Block = 0
	p.Incident.TxHash = ""
	p.Incident.Title = PublicTitle(d.Incident)
	if !p.Incident.LossConfirmed {
		p.Incident.Loss = ""
	}
	if d.Event != StatusUpdate {
		p.Text = ""
	}
	return p
}

// PublicTitle is what external audiences read as an incident's title: the
// contract and network it affects, never the alert's text.
func PublicTitle(in Incident) string {
	switch {
	case in.Contract != "" && in.Network != "":
		return "Incident affecting " + in.Contract + " on " + in.Network
	case in.Contract != "":
		return "Incident affecting " + in.Contract
	}
	return "Incident"
}

// ErrNotPublic is returned by Render for an external audience and an event
// that has no public template: it is never told outside.
var ErrNotPublic = errors.New("event has no public template")

// Templates renders messages per event kind and audience from text
// templates. The defaults cover every event; a plan may override any of them.
type Templates struct {
	t *template.Template
}

// defaultTemplates are named "<event>.<audience>.title" and
// "<event>.<audience>.body"; "default.<audience>.*" serve events without
// their own.
const defaultTemplates = `
{{define "default.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} {{.Incident.Title}}{{end}}
{{define "default.internal.body"}}{{.Text}}{{end}}
{{define "default.external.body"}}{{end}}

{{define "incident.opened.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} opened: {{.Incident.Title}}{{end}}
{{define "incident.opened.internal.body"}}{{.Incident.Type}} on {{.Incident.Contract}} ({{.Incident.Network}}) at block {{.Incident.Block}}.{{if .Incident.TxHash}} Tx {{.Incident.TxHash}}.{{end}}{{if .Incident.Roles}} Commander: {{index .Incident.Roles "incident_commander"}}.{{end}}{{if .Text}} {{.Text}}{{end}}{{end}}
{{define "incident.opened.external.title"}}We are investigating an incident{{end}}
{{define "incident.opened.external.body"}}We are investigating an issue affecting {{.Incident.Contract}} on {{.Incident.Network}}. We will post updates here.{{end}}

{{define "incident.escalated.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} not acknowledged: escalating{{end}}
{{define "incident.escalated.internal.body"}}{{.Incident.Title}} has not been acknowledged. {{.Text}}{{end}}

{{define "incident.status.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} is {{.Incident.Status}}{{end}}
{{define "incident.status.internal.body"}}{{.Incident.Title}}: now {{.Incident.Status}}{{if .Actor}} ({{.Actor}}){{end}}.{{if .Text}} {{.Text}}{{end}}{{end}}
{{define "incident.status.external.title"}}Incident update: {{.Incident.Status}}{{end}}
{{define "incident.status.external.body"}}The incident affecting {{.Incident.Contract}} is now {{.Incident.Status}}.{{if .Text}} {{.Text}}{{end}}{{end}}

{{define "incident.assigned.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}}: {{.Text}}{{end}}
{{define "incident.assigned.internal.body"}}{{.Incident.Title}}{{if .Actor}} (assigned by {{.Actor}}){{end}}.{{end}}

{{define "incident.severity.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} severity is now {{.Incident.Severity}}{{end}}
{{define "incident.severity.internal.body"}}{{.Incident.Title}}: {{.Text}}{{end}}

{{define "incident.repeat.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} still firing{{end}}
{{define "incident.repeat.internal.body"}}{{.Incident.Title}}: {{.Text}}{{end}}

{{define "incident.retracted.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} retracted by a reorg: no alert left on the chain{{end}}
{{define "incident.retracted.internal.body"}}{{.Incident.Title}}: {{.Text}}{{end}}

{{define "incident.resolved.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} resolved{{end}}
{{define "incident.resolved.internal.body"}}{{.Incident.Title}} is resolved.{{if .Text}} {{.Text}}{{end}}{{end}}
{{define "incident.resolved.external.title"}}Incident resolved{{end}}
{{define "incident.resolved.external.body"}}The incident affecting {{.Incident.Contract}} is resolved.{{if .Incident.Loss}} Confirmed loss: {{.Incident.Loss}}.{{end}}{{if .Text}} {{.Text}}{{end}}{{end}}

{{define "action.update.internal.title"}}[{{upper .Incident.Severity}}] {{.Incident.ID}} action: {{.Text}}{{end}}
{{define "action.update.internal.body"}}{{.Incident.Title}}.{{end}}

{{define "safe.signature_request.internal.title"}}Signature needed for {{.Incident.ID}}{{end}}
{{define "safe.signature_request.internal.body"}}{{.Text}}{{end}}

{{define "status.update.external.title"}}Update: {{.Incident.Title}}{{end}}
{{define "status.update.external.body"}}{{.Text}}{{end}}
`

// NewTemplates parses the default templates and then the overrides, a map
// from template name (e.g. "incident.opened.external.body") to its text.
func NewTemplates(overrides map[string]string) (*Templates, error) {
	t := template.New("notify").Option("missingkey=zero").Funcs(template.FuncMap{
		"upper": strings.ToUpper,
		"utc":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	})
	if _, err := t.Parse(defaultTemplates); err != nil {
		return nil, fmt.Errorf("parse default templates: %w", err)
	}
	for name, text := range overrides {
		if _, err := t.New(name).Parse(text); err != nil {
			return nil, fmt.Errorf("parse template %q: %w", name, err)
		}
	}
	return &Templates{t: t}, nil
}

// Render builds the message for event e and audience a. External audiences
// get only the events with their own public template (ErrNotPublic for the
// others), rendered from d.Public(), so no template, default or
// overridden, can reach an internal detail, and their message carries
// neither the incident id nor the war-room link. key is the message's
// idempotency key.
func (ts *Templates) Render(key string, e Event, a Audience, d Data) (Message, error) {
	if a == External {
		if !ts.HasTemplate(e, External) {
			return Message{}, fmt.Errorf("render %s for an external audience: %w", e, ErrNotPublic)
		}
		d.Event = e
		d = d.Public()
	}
	title, err := ts.exec(e, a, "title", d)
	if err != nil {
		return Message{}, err
	}
	body, err := ts.exec(e, a, "body", d)
	if err != nil {
		return Message{}, err
	}
	m := Message{
		Key:        key,
		Event:      e,
		Audience:   a,
		IncidentID: d.Incident.ID,
		Severity:   d.Incident.Severity,
		Status:     d.Incident.Status,
		Title:      strings.TrimSpace(title),
		Body:       strings.TrimSpace(body),
		URL:        d.Incident.URL,
		Time:       d.Time.UTC(),
	}
	m.Fields = fields(a, d)
	if a == External {
		// The incident id and the war-room link are internal; the key stays
		// stable for idempotency but reveals nothing.
		sum := sha256.Sum256([]byte(key))
		m.Key = hex.EncodeToString(sum[:12])
		m.IncidentID = ""
		m.URL = ""
	}
	return m, nil
}

// HasTemplate reports whether event e has its own title template for
// audience a (rather than the default), i.e. whether that audience is told
// about that kind of event at all.
func (ts *Templates) HasTemplate(e Event, a Audience) bool {
	return ts.t.Lookup(string(e)+"."+string(a)+".title") != nil
}

func (ts *Templates) exec(e Event, a Audience, part string, d Data) (string, error) {
	name := string(e) + "." + string(a) + "." + part
	if ts.t.Lookup(name) == nil {
		name = "default." + string(a) + "." + part
	}
	var b bytes.Buffer
	if err := ts.t.ExecuteTemplate(&b, name, d); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return b.String(), nil
}

func fields(a Audience, d Data) []Field {
	in := d.Incident
	var fs []Field
	add := func(name, value string) {
		if value != "" {
			fs = append(fs, Field{Name: name, Value: value})
		}
	}
	add("Status", string(in.Status))
	add("Severity", in.Severity)
	add("Network", in.Network)
	add("Contract", in.Contract)
	if a == External {
		add("Loss", in.Loss)
		return fs
	}
	add("Incident", in.ID)
	add("Type", in.Type)
	if in.Block != 0 {
		add("Block", fmt.Sprint(in.Block))
	}
	add("Tx", in.TxHash)
	add("Loss", in.Loss)
	if !in.LossConfirmed && in.Loss != "" {
		add("Loss status", "unconfirmed")
	}
	fs = append(fs, d.Details...)
	return fs
}
