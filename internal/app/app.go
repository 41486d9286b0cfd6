// Package app is breakglass's composition root: the one place that builds a
// plan's runtime parts — notification templates with the plan's overrides,
// the incident manager with the close gate, the executors, the responder,
// status-update comms and the obligations' reminders. `run`, `demo` and every
// CLI command that changes state take them from here, so a rule of the plan
// (a post-mortem before closing, template overrides, audience filtering)
// holds on every path or on none.
package app

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/integrations"
	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/respond/executors"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Options tunes what New builds. Zero fields take defaults.
type Options struct {
	// Log receives every part's logs [discarded].
	Log *slog.Logger
	// Now is the clock [time.Now].
	Now func() time.Time
	// Executors tunes the executors (backends, transaction manager).
	Executors executors.Options
	// OnSent, if set, hears of each containment transaction's first
	// broadcast (metrics, the demo's output, tests).
	OnSent func(actionID int64, tx common.Hash, at time.Time)
}

// App holds the runtime parts of one plan over one store.
type App struct {
	Plan  *plan.Plan
	Store store.Store
	Log   *slog.Logger
	Now   func() time.Time

	// Templates are the notification templates with the plan's overrides.
	Templates *notify.Templates
	// Incidents is the incident manager, with the post-mortem close gate.
	Incidents *incident.Manager
	// Executors carry out containment (guardian keys, Safes).
	Executors *executors.Registry
	// Responder proposes, approves and carries out containment; nil
	// without a store.
	Responder *respond.Responder
	// Comms sends status updates and reminds when one is due.
	Comms *report.Comms
	// Reminders remind of the regulatory obligations' deadlines.
	Reminders *obligation.Reminders
}

// New builds the runtime parts of p over st. st may be nil for commands
// that only simulate (action --dry-run): then there is no Responder.
// Nothing is dialled and no channel secret is resolved here; Channels does
// that for the daemon.
func New(p *plan.Plan, st store.Store, opts Options) (*App, error) {
	if p == nil {
		return nil, errors.New("app: a plan is required")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	tmpl, err := Templates(p)
	if err != nil {
		return nil, err
	}
	a := &App{Plan: p, Store: st, Log: opts.Log, Now: opts.Now, Templates: tmpl}
	a.Incidents = incident.New(p, tmpl, incident.Options{
		Now: opts.Now, Log: opts.Log, URL: IncidentURL(p), CanClose: report.CanClose,
	})
	a.Comms = report.NewComms(p, a.Incidents, opts.Now, opts.Log)
	a.Reminders = obligation.NewReminders(p, a.Incidents, tmpl, opts.Now, opts.Log)
	xo := opts.Executors
	if xo.Log == nil {
		xo.Log = opts.Log
	}
	a.Executors = executors.New(p, st, xo)
	if st != nil {
		a.Responder, err = respond.New(respond.Config{
			Plan: p, Store: st, Incidents: a.Incidents, Templates: tmpl, Executors: a.Executors,
			Log: opts.Log, Now: opts.Now, OnSent: opts.OnSent,
		})
		if err != nil {
			a.Executors.Close()
			return nil, err
		}
	}
	return a, nil
}

// Close releases what the parts dialled (the executors' node clients). It
// does not close the store, which the caller opened.
func (a *App) Close() { a.Executors.Close() }

// Channels builds the plan's notification channels, resolving their
// secrets (webhook URLs, keys); a missing secret is an error naming it.
func (a *App) Channels() (map[string]notify.Channel, error) {
	return notify.Build(a.Plan.Channels, integrations.Factories(), nil)
}

// Handlers returns the outbox handlers of every side-effect kind:
// notifications through channels, and containment steps through the
// responder.
func (a *App) Handlers(channels map[string]notify.Channel) map[string]outbox.Handler {
	h := map[string]outbox.Handler{notify.OutboxKind: &notify.Handler{Channels: channels}}
	if a.Responder != nil {
		h[respond.OutboxKind] = a.Responder
	}
	return h
}

// IncidentURL returns the war-room link of an incident for messages, from
// the plan's api.public_url (nil when the plan has none).
func IncidentURL(p *plan.Plan) func(id string) string {
	u := strings.TrimRight(p.API.PublicURL, "/")
	if u == "" {
		return nil
	}
	return func(id string) string { return u + "/incidents/" + id }
}

// Templates builds the notification templates of a plan with its
// overrides (a template without an audience overrides both).
func Templates(p *plan.Plan) (*notify.Templates, error) {
	over := map[string]string{}
	for _, t := range p.Templates {
		auds := []string{plan.AudienceInternal, plan.AudienceExternal}
		if t.Audience != "" {
			auds = []string{t.Audience}
		}
		for _, a := range auds {
			over[t.Event+"."+a+".body"] = t.Text
		}
	}
	tmpl, err := notify.NewTemplates(over)
	if err != nil {
		return nil, fmt.Errorf("plan %s: templates: %w", p.Path, err)
	}
	return tmpl, nil
}
