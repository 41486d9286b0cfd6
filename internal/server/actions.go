package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// The handlers of an incident's parts and of containment. Who may do what
// is the domain's (incident.Policy through the responder and the manager):
// a handler reads the request, calls one domain function as the token's
// person, and writes the answer.

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	rec, err := incident.Load(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"incident": rec.Incident.ID, "timeline": rec.Timeline})
}

func (s *Server) alerts(w http.ResponseWriter, r *http.Request) {
	rec, err := incident.Load(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"incident": rec.Incident.ID, "alerts": rec.Alerts})
}

func (s *Server) incidentActions(w http.ResponseWriter, r *http.Request) {
	vs, err := respond.Views(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"actions": vs})
}

func (s *Server) actions(w http.ResponseWriter, r *http.Request) {
	vs, err := respond.Views(r.Context(), s.store, r.URL.Query().Get("incident"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"actions": vs})
}

func (s *Server) action(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "aid", "action")
	if err != nil {
		s.fail(w, err)
		return
	}
	s.writeAction(w, r.Context(), id)
}

// writeAction answers with the action as it is now.
func (s *Server) writeAction(w http.ResponseWriter, ctx context.Context, id int64) {
	a, err := s.store.Action(ctx, id)
	if err != nil {
		s.fail(w, fmt.Errorf("action %d: %w", id, err))
		return
	}
	v, err := respond.ViewOf(ctx, s.store, a)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// responder returns the responder, or an error answered 503.
func (s *Server) responder() (*respond.Responder, error) {
	if s.cfg.Responder == nil {
		return nil, errorf(errMissing, "containment (no responder)")
	}
	return s.cfg.Responder, nil
}

// ProposeRequest is the body of POST /api/v1/actions.
type ProposeRequest struct {
	Contract   string `json:"contract"`
	Action     string `json:"action"`
	IncidentID string `json:"incident_id,omitempty"`
}

func (s *Server) propose(w http.ResponseWriter, r *http.Request) {
	var req ProposeRequest
	rs, err := s.responder()
	if err == nil {
		err = decode(w, r, &req, maxBody)
	}
	if err == nil {
		err = required("contract", req.Contract, "action", req.Action)
	}
	var a store.Action
	if err == nil {
		err = s.tx(r.Context(), func(tx store.Tx) (err error) {
			a, err = rs.Request(r.Context(), tx, respond.ManualRequest{Contract: req.Contract, Action: req.Action, IncidentID: req.IncidentID, Person: person(r)})
			return err
		})
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.changed("action proposed", "action", a.ID, "by", person(r))
	s.writeAction(w, r.Context(), a.ID)
}

// SimulateRequest is the body of POST /api/v1/actions/simulate.
type SimulateRequest struct {
	Contract string `json:"contract"`
	Action   string `json:"action"`
}

func (s *Server) simulate(w http.ResponseWriter, r *http.Request) {
	var req SimulateRequest
	rs, err := s.responder()
	if err == nil {
		err = decode(w, r, &req, maxBody)
	}
	if err == nil {
		err = required("contract", req.Contract, "action", req.Action)
	}
	var d respond.DryRun
	if err == nil {
		d, err = rs.DryRun(r.Context(), req.Contract, req.Action)
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": d.OK(), "dry_run": d})
}

func (s *Server) approve(w http.ResponseWriter, r *http.Request) {
	var empty struct{}
	if err := decode(w, r, &empty, maxBody); err != nil {
		s.fail(w, err)
		return
	}
	s.decide(w, r, func(ctx context.Context, tx store.Tx, rs *respond.Responder, id int64) (store.Action, error) {
		return rs.Approve(ctx, tx, id, person(r))
	})
}

// RejectRequest is the body of POST /api/v1/actions/{id}/reject.
type RejectRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) reject(w http.ResponseWriter, r *http.Request) {
	var req RejectRequest
	if err := decode(w, r, &req, maxBody); err != nil {
		s.fail(w, err)
		return
	}
	s.decide(w, r, func(ctx context.Context, tx store.Tx, rs *respond.Responder, id int64) (store.Action, error) {
		return rs.Reject(ctx, tx, id, person(r), req.Reason)
	})
}

// decide runs an approval or a rejection of the path's action in one
// transaction (again if it lost a race) and answers with the action.
func (s *Server) decide(w http.ResponseWriter, r *http.Request, fn func(ctx context.Context, tx store.Tx, rs *respond.Responder, id int64) (store.Action, error)) {
	id, err := pathID(r, "aid", "action")
	var rs *respond.Responder
	if err == nil {
		rs, err = s.responder()
	}
	if err == nil {
		err = s.tx(r.Context(), func(tx store.Tx) error {
			_, err := fn(r.Context(), tx, rs, id)
			return err
		})
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.changed("action decided", "action", id, "by", person(r), "path", r.URL.Path)
	s.writeAction(w, r.Context(), id)
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "aid", "action")
	var rs *respond.Responder
	if err == nil {
		rs, err = s.responder()
	}
	if err == nil {
		var empty struct{}
		err = decode(w, r, &empty, maxBody)
	}
	if err == nil {
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.ExecuteTimeout)
		defer cancel()
		_, err = rs.ExecuteAs(ctx, id, person(r))
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.changed("action carried out", "action", id, "by", person(r))
	s.writeAction(w, r.Context(), id)
}

// changed logs a change and wakes the outbox runner.
func (s *Server) changed(msg string, args ...any) {
	s.log.Info(msg, args...)
	if s.Wake != nil {
		s.Wake()
	}
}
