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

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
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

// Server serves the API.
type Server struct {
	store  store.Store
	mgr    *incident.Manager
	tokens Tokens
	log    *slog.Logger
	mux    *http.ServeMux
	// Wake, when set, is called after a change wrote notifications, so the
	// outbox runner sends them at once.
	Wake func()
}

// New returns a server over s.
func New(s store.Store, m *incident.Manager, tokens Tokens, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := &Server{store: s, mgr: m, tokens: tokens, log: log, mux: http.NewServeMux()}
	srv.mux.HandleFunc("GET /api/v1/incidents", srv.auth(srv.list))
	srv.mux.HandleFunc("GET /api/v1/incidents/{id}", srv.auth(srv.show))
	srv.mux.HandleFunc("POST /api/v1/incidents/{id}/ack", srv.auth(srv.change(incident.OpAck)))
	srv.mux.HandleFunc("POST /api/v1/incidents/{id}/notes", srv.auth(srv.change(incident.OpNote)))
	srv.mux.HandleFunc("POST /api/v1/incidents/{id}/assign", srv.auth(srv.change(incident.OpAssign)))
	srv.mux.HandleFunc("POST /api/v1/incidents/{id}/severity", srv.auth(srv.change(incident.OpSeverity)))
	srv.mux.HandleFunc("POST /api/v1/incidents/{id}/status", srv.auth(srv.change(incident.OpStatus)))
	srv.mux.HandleFunc("POST /api/v1/incidents/{id}/dismiss", srv.auth(srv.change(incident.OpDismiss)))
	srv.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	return srv
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
		f.Statuses = strings.Split(st, ",")
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
		err := s.store.Tx(r.Context(), func(tx store.Tx) error {
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
// until a requirement is met) is a 4xx with its reason; only what the
// caller cannot fix is a 5xx.
func (s *Server) fail(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, incident.ErrForbidden):
		writeError(w, http.StatusForbidden, err.Error())
	case errors.Is(err, incident.ErrInvalid):
		writeError(w, http.StatusUnprocessableEntity, err.Error())
	case errors.Is(err, incident.ErrTransition), errors.Is(err, incident.ErrRefused), errors.Is(err, store.ErrConflict):
		writeError(w, http.StatusConflict, err.Error())
	case errors.Is(err, store.ErrUnavailable):
		writeError(w, http.StatusServiceUnavailable, err.Error())
	default:
		s.log.Error("api: internal error", "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
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
