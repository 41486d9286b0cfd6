// Package server is breakglass's HTTP API: incidents with their timelines,
// and the changes people make to them. Every call needs a bearer token; the
// token names a person of the plan, and the incident package decides what
// that person may do.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// maxBody bounds a request body.
const maxBody = 64 << 10

// Tokens maps the SHA-256 of a bearer token to the person it belongs to;
// the tokens themselves are not kept.
type Tokens map[[32]byte]string

// TokensFromPlan resolves every person's token reference. A person without
// a token cannot use the API.
func TokensFromPlan(p *plan.Plan) (Tokens, error) {
	t := Tokens{}
	for _, pe := range p.People {
		if pe.Token.IsZero() {
			continue
		}
		v, err := pe.Token.Resolve()
		if err != nil {
			return nil, fmt.Errorf("person %s: API token: %w", pe.Name, err)
		}
		h := sha256.Sum256([]byte(v))
		if other, dup := t[h]; dup {
			return nil, fmt.Errorf("people %s and %s have the same API token", other, pe.Name)
		}
		t[h] = pe.Name
	}
	return t, nil
}

// Person returns who holds token.
func (t Tokens) Person(token string) (string, bool) {
	p, ok := t[sha256.Sum256([]byte(token))]
	return p, ok
}

// Config is what a Server serves. Store, Incidents and Tokens are
// required; the routes of containment need Responder, those of obligations,
// the post-mortem document and comms need Plan and Comms. A route whose
// part is missing answers 503 and says which.
type Config struct {
	Store     store.Store
	Incidents *incident.Manager
	Tokens    Tokens
	Log       *slog.Logger
	// Plan is the plan in force.
	Plan *plan.Plan
	// Responder proposes, approves, rejects, simulates and carries out
	// containment.
	Responder *respond.Responder
	// Comms sends external status updates.
	Comms *report.Comms
	// Now is the clock [time.Now].
	Now func() time.Time
	// ExecuteTimeout bounds an action carried out by a request [2m].
	ExecuteTimeout time.Duration
}

// Server serves the API.
type Server struct {
	cfg    Config
	store  store.Store
	mgr    *incident.Manager
	tokens Tokens
	log    *slog.Logger
	mux    *http.ServeMux
	// Wake, when set, is called after a change wrote notifications or
	// queued containment, so the outbox runner sends them at once.
	Wake func()
}

// New returns a server of the incident routes over s (see NewServer for
// every route).
func New(s store.Store, m *incident.Manager, tokens Tokens, log *slog.Logger) *Server {
	return NewServer(Config{Store: s, Incidents: m, Tokens: tokens, Log: log})
}

// NewServer returns a server of every route of the API over cfg's parts.
func NewServer(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ExecuteTimeout == 0 {
		cfg.ExecuteTimeout = 2 * time.Minute
	}
	srv := &Server{cfg: cfg, store: cfg.Store, mgr: cfg.Incidents, tokens: cfg.Tokens, log: cfg.Log, mux: http.NewServeMux()}
	srv.routes()
	return srv
}

func (s *Server) routes() {
	h := func(pattern string, fn http.HandlerFunc) { s.mux.HandleFunc(pattern, s.auth(fn)) }
	h("GET /api/v1/incidents", s.list)
	h("GET /api/v1/incidents/{id}", s.show)
	h("POST /api/v1/incidents/{id}/ack", s.change(incident.OpAck))
	h("POST /api/v1/incidents/{id}/notes", s.change(incident.OpNote))
	h("POST /api/v1/incidents/{id}/assign", s.change(incident.OpAssign))
	h("POST /api/v1/incidents/{id}/severity", s.change(incident.OpSeverity))
	h("POST /api/v1/incidents/{id}/status", s.change(incident.OpStatus))
	h("POST /api/v1/incidents/{id}/dismiss", s.change(incident.OpDismiss))
	h("GET /api/v1/incidents/{id}/timeline", s.timeline)
	h("GET /api/v1/incidents/{id}/alerts", s.alerts)
	h("GET /api/v1/incidents/{id}/actions", s.incidentActions)

	h("GET /api/v1/actions", s.actions)
	h("POST /api/v1/actions", s.propose)
	h("POST /api/v1/actions/simulate", s.simulate)
	h("GET /api/v1/actions/{aid}", s.action)
	h("POST /api/v1/actions/{aid}/approve", s.approve)
	h("POST /api/v1/actions/{aid}/reject", s.reject)
	h("POST /api/v1/actions/{aid}/execute", s.execute)

	h("GET /api/v1/silences", s.silences)
	h("POST /api/v1/silences", s.addSilence)
	h("DELETE /api/v1/silences/{sid}", s.expireSilence)

	h("GET /api/v1/incidents/{id}/postmortem", s.postmortem)
	h("PATCH /api/v1/incidents/{id}/postmortem", s.editPostmortem)
	h("GET /api/v1/incidents/{id}/postmortem/document", s.postmortemDocument)
	h("POST /api/v1/incidents/{id}/analyses", s.attachAnalysis)
	h("GET /api/v1/lessons", s.lessons)
	h("GET /api/v1/lessons/proposal", s.lessonsProposal)

	h("GET /api/v1/incidents/{id}/obligations", s.obligations)
	h("GET /api/v1/incidents/{id}/obligations/{name}/draft", s.obligationDraft)
	h("POST /api/v1/incidents/{id}/obligations/facts", s.obligationFacts)
	h("POST /api/v1/incidents/{id}/obligations/decisions", s.obligationDecide)
	h("POST /api/v1/incidents/{id}/obligations/submissions", s.obligationSubmit)

	h("GET /api/v1/incidents/{id}/updates", s.updates)
	h("POST /api/v1/incidents/{id}/updates", s.sendUpdate)
	h("POST /api/v1/incidents/{id}/updates/drafts", s.draftUpdate)

	h("GET /api/v1/incidents/{id}/evidence", s.evidence)

	s.mux.HandleFunc("GET /api/v1/openapi.json", serveOpenAPI)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API route: "+r.Method+" "+r.URL.Path+" (see /api/v1/openapi.json)")
	})
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.mux }

type personKey struct{}

// auth checks the bearer token and passes its person on.
func (s *Server) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || tok == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="breakglass"`)
			writeError(w, http.StatusUnauthorized, "missing bearer token")
			return
		}
		person, ok := s.tokens.Person(tok)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="breakglass", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "unknown token")
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), personKey{}, person)))
	}
}

func person(r *http.Request) string { p, _ := r.Context().Value(personKey{}).(string); return p }

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	f := store.IncidentFilter{OpenOnly: r.URL.Query().Get("open") == "true"}
	if st := r.URL.Query().Get("status"); st != "" {
		sts, err := incident.ParseStatuses(strings.Split(st, ","))
		if err != nil {
			s.fail(w, err)
			return
		}
		f.Statuses = sts
	}
	incs, err := s.store.Incidents(r.Context(), f)
	if err != nil {
		s.fail(w, err)
		return
	}
	out := make([]incident.Summary, 0, len(incs))
	for _, inc := range incs {
		out = append(out, incident.Summarize(inc))
	}
	writeJSON(w, http.StatusOK, map[string]any{"incidents": out})
}

func (s *Server) show(w http.ResponseWriter, r *http.Request) {
	rec, err := incident.Load(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

// Request is the body of the change calls; each uses the fields it needs.
type Request = incident.Change

// change decodes the body of op, applies it as the token's person in one
// transaction and answers with the incident's record.
func (s *Server) change(op string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req Request
		if r.ContentLength != 0 {
			dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&req); err != nil {
				writeError(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
				return
			}
		}
		req.Op = op
		id, actor := r.PathValue("id"), person(r)
		err := s.tx(r.Context(), func(tx store.Tx) error {
			return s.mgr.Apply(r.Context(), tx, id, actor, req)
		})
		if err != nil {
			s.fail(w, err)
			return
		}
		s.log.Info("incident changed", "incident", id, "op", op, "by", actor)
		if s.Wake != nil {
			s.Wake()
		}
		s.show(w, r)
	}
}

// fail maps an error to its HTTP status: every domain error (not found,
// forbidden, invalid request, a transition not allowed, a change refused
// until a requirement is met, an action not approved or busy) is a 4xx
// with its reason; only what the caller cannot fix is a 5xx.
func (s *Server) fail(w http.ResponseWriter, err error) {
	status, msg := StatusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("api: internal error", "err", err)
	}
	writeError(w, status, msg)
}

// StatusOf returns the HTTP status of an error of the domain and the
// message to show: 404 not found, 403 refused by incident.Policy (the
// reason says which role it takes), 422 invalid, 409 not now (a transition
// not allowed, a refusal until a requirement is met, a lost race, an
// action not approved or busy), 400 a request that cannot be read, 503 a
// part or the database unavailable; anything else is 500 "internal error"
// (log it). The web page answers with the same.
func StatusOf(err error) (int, string) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, incident.ErrForbidden):
		return http.StatusForbidden, err.Error()
	case errors.Is(err, incident.ErrInvalid):
		return http.StatusUnprocessableEntity, err.Error()
	case errors.Is(err, incident.ErrTransition), errors.Is(err, incident.ErrRefused), errors.Is(err, store.ErrConflict),
		errors.Is(err, respond.ErrNotApproved), errors.Is(err, respond.ErrBusy):
		return http.StatusConflict, err.Error()
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest, strings.TrimPrefix(err.Error(), errBadRequest.Error()+": ")
	case errors.Is(err, errMissing), errors.Is(err, store.ErrUnavailable):
		return http.StatusServiceUnavailable, err.Error()
	}
	return http.StatusInternalServerError, "internal error"
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
