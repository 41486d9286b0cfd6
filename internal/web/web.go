// Package web is the war room: server-rendered pages (html/template,
// embedded templates and assets, no build step) where the people of the plan
// work an incident from a browser or a phone — the incident list, one
// incident with its roles, UTC timeline, alerts, containment actions,
// notes, status updates, obligations and post-mortem — with live updates
// over Server-Sent Events.
//
// A person signs in with their API token (the plan's people[].token),
// exchanged for a server-side session held in an HttpOnly, SameSite=Strict
// cookie; every form carries the session's CSRF token. Every change goes
// through the same domain calls as the CLI and the API (incident.Manager.
// Apply, respond.Responder, report.Comms, obligation, report.Edit), which
// decide who may do what; the pages only hide the buttons a person cannot
// use.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/server"
	"github.com/breakglass-dev/breakglass/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the war room serves.
type Config struct {
	// App holds the plan's parts over the store (incident manager,
	// responder, comms, executors for token metadata reads).
	App *app.App
	// Tokens map API tokens to the plan's people (server.TokensFromPlan).
	Tokens server.Tokens
	// Log receives errors [discarded].
	Log *slog.Logger
	// SessionTTL is how long a session lasts after sign-in [12h].
	SessionTTL time.Duration
	// Wake, when set, is called after a change wrote outbox items
	// (notifications, an approved action), so that they go out at once.
	Wake func()
	// Poll is how often an open live stream looks for changes made
	// elsewhere (another daemon, the CLI, the outbox) [1s]; changes made
	// through this server or heard through Committed are sent at once.
	Poll time.Duration
}

// Server serves the war room.
type Server struct {
	cfg      Config
	app      *app.App
	st       store.Store
	log      *slog.Logger
	now      func() time.Time
	tmpl     map[string]*template.Template
	sessions *sessions
	failures failures
	hub      *hub
	tokens   *tokenCache
	mux      *http.ServeMux
	secure   bool
	// closing ends the live streams (Close).
	closing   chan struct{}
	closeOnce sync.Once
}

// New returns the war room of cfg.App.
func New(cfg Config) (*Server, error) {
	if cfg.App == nil || cfg.App.Store == nil {
		return nil, errors.New("web: an app with a store is required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	s := &Server{
		cfg: cfg, app: cfg.App, st: cfg.App.Store, log: cfg.Log, now: cfg.App.Now,
		hub: newHub(), mux: http.NewServeMux(), closing: make(chan struct{}),
		secure: strings.HasPrefix(cfg.App.Plan.API.PublicURL, "https://"),
	}
	s.sessions = newSessions(cfg.SessionTTL, s.now)
	s.tokens = newTokenCache(cfg.App.Executors, cfg.App.Plan)
	if err := s.parse(); err != nil {
		return nil, err
	}
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	s.mux.HandleFunc("GET /signin", s.signinPage)
	s.mux.HandleFunc("POST /signin", s.signin)
	s.mux.HandleFunc("POST /signout", s.post(s.signout))
	s.mux.HandleFunc("GET /{$}", s.page(func(w http.ResponseWriter, r *http.Request, _ *session) {
		http.Redirect(w, r, "/incidents", http.StatusSeeOther)
	}))
	s.mux.HandleFunc("GET /incidents", s.page(s.list))
	s.mux.HandleFunc("GET /events", s.page(s.streamList))
	s.mux.HandleFunc("GET /incidents/{id}", s.page(s.show))
	s.mux.HandleFunc("GET /incidents/{id}/events", s.page(s.streamIncident))
	s.mux.HandleFunc("GET /incidents/{id}/postmortem", s.page(s.postmortem))
	s.mux.HandleFunc("GET /incidents/{id}/evidence.tar.gz", s.page(s.evidence))
	s.mux.HandleFunc("GET /incidents/{id}/obligations/{name}/draft", s.page(s.obligationDraft))
	for _, op := range []string{incident.OpAck, incident.OpNote, incident.OpAssign, incident.OpSeverity, incident.OpStatus, incident.OpDismiss} {
		s.mux.HandleFunc("POST /incidents/{id}/"+op, s.post(s.change(op)))
	}
	s.mux.HandleFunc("POST /incidents/{id}/takeover", s.post(s.takeover()))
	s.mux.HandleFunc("POST /incidents/{id}/actions", s.post(s.requestAction()))
	s.mux.HandleFunc("POST /incidents/{id}/simulate", s.post(s.simulate))
	s.mux.HandleFunc("POST /incidents/{id}/actions/{aid}/approve", s.post(s.approve()))
	s.mux.HandleFunc("POST /incidents/{id}/actions/{aid}/reject", s.post(s.reject()))
	s.mux.HandleFunc("POST /incidents/{id}/actions/{aid}/execute", s.post(s.execute))
	s.mux.HandleFunc("POST /incidents/{id}/update/preview", s.post(s.previewUpdate))
	s.mux.HandleFunc("POST /incidents/{id}/update", s.post(s.sendUpdate()))
	s.mux.HandleFunc("POST /incidents/{id}/obligations/submit", s.post(s.submitObligation()))
	s.mux.HandleFunc("POST /incidents/{id}/postmortem", s.post(s.editPostmortem()))
	return s, nil
}

// Handler returns the war room's HTTP handler; mount it at "/" beside the
// API's /api/v1/.
func (s *Server) Handler() http.Handler { return securityHeaders(s.mux) }

// Close ends the open live streams, so that the HTTP server's Shutdown
// does not wait for them (register it with http.Server.RegisterOnShutdown).
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.closing) }) }

func (s *Server) parse() error {
	s.tmpl = map[string]*template.Template{}
	for _, name := range []string{"signin", "list", "incident", "error"} {
		t, err := template.New("layout.html").Funcs(s.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("web: template %s: %w", name, err)
		}
		s.tmpl[name] = t
	}
	return nil
}

// render executes page into a buffer first, so that a failure is a clean
// 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, status int, page string, data any) {
	var b bytes.Buffer
	if err := s.tmpl[page].Execute(&b, data); err != nil {
		s.log.Error("web: render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// errorStatus maps a domain error to its HTTP status and a message for
// people: a refusal is 403 with its reason; only what they cannot fix is a
// 500 without detail.
func (s *Server) errorStatus(err error) (int, string) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, incident.ErrForbidden), errors.Is(err, respond.ErrForbidden):
		return http.StatusForbidden, err.Error()
	case errors.Is(err, incident.ErrInvalid), errors.Is(err, respond.ErrInvalid), errors.Is(err, errBadForm):
		return http.StatusUnprocessableEntity, err.Error()
	case errors.Is(err, incident.ErrTransition), errors.Is(err, incident.ErrRefused), errors.Is(err, store.ErrConflict):
		return http.StatusConflict, err.Error()
	case errors.Is(err, store.ErrUnavailable):
		return http.StatusServiceUnavailable, "the database is unavailable; try again"
	case errors.Is(err, context.Canceled):
		return 499, "cancelled"
	}
	s.log.Error("web: internal error", "err", err)
	return http.StatusInternalServerError, "internal error (see the daemon's log)"
}

// errBadForm is a form that cannot be read.
var errBadForm = errors.New("bad form")

// fail answers a failed GET with an error page.
func (s *Server) fail(w http.ResponseWriter, sess *session, err error) {
	code, msg := s.errorStatus(err)
	s.render(w, code, "error", map[string]any{"Session": sess, "Status": code, "Message": msg, "Title": http.StatusText(code)})
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		h.ServeHTTP(w, r)
	})
}

// securityHeaders sets a strict content security policy (own scripts and
// styles only, nothing inline), no framing and no referrer leaks.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}
