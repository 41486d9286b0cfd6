package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/evidence"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// done ends a successful change: the open pages hear of it, the outbox
// wakes for what it wrote, and the browser goes back to the incident
// (post/redirect/get).
func (s *Server) done(w http.ResponseWriter, r *http.Request, id, anchor string) {
	s.hub.notify()
	if s.cfg.Wake != nil {
		s.cfg.Wake()
	}
	http.Redirect(w, r, "/incidents/"+url.PathEscape(id)+anchor, http.StatusSeeOther)
}

// refused answers a change the domain refused: the incident page again,
// with the reason and what was typed, under the error's status (403 for a
// person who may not, 409 for a transition not allowed, 422 for bad input).
func (s *Server) refused(w http.ResponseWriter, r *http.Request, sess *session, id string, err error) {
	code, msg := s.errorStatus(err)
	p, perr := s.incidentData(r.Context(), sess, id)
	if perr != nil {
		s.fail(w, sess, perr)
		return
	}
	p.Error = msg
	p.Form = map[string]string{}
	for k := range r.PostForm {
		if k != "csrf" {
			p.Form[k] = r.PostForm.Get(k)
		}
	}
	s.render(w, code, "incident", p)
}

// tx runs fn in one store transaction.
func (s *Server) tx(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.st.Tx(ctx, fn)
}

// form is one POST of the incident page: the request, the incident's id
// and the signed-in person.
type form struct {
	r    *http.Request
	id   string
	sess *session
}

// inTx serves a form that changes the incident in one store transaction
// (fn): when fn fails the page shows again with the reason, else the
// browser goes back to the page at anchor, and logMsg (if any) is logged
// with the incident, logAttrs and the person.
func (s *Server) inTx(anchor, logMsg string, logAttrs []any, fn func(ctx context.Context, tx store.Tx, f form) error) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, sess *session) {
		f := form{r: r, id: r.PathValue("id"), sess: sess}
		if err := s.tx(r.Context(), func(tx store.Tx) error { return fn(r.Context(), tx, f) }); err != nil {
			s.refused(w, r, sess, f.id, err)
			return
		}
		if logMsg != "" {
			s.log.Info(logMsg, append(append([]any{"incident", f.id}, logAttrs...), "by", sess.Person)...)
		}
		s.done(w, r, f.id, anchor)
	}
}

// onAction serves a form about one action of the incident (the path's
// aid), as inTx, after checking that the action is the incident's.
func (s *Server) onAction(logMsg string, fn func(ctx context.Context, tx store.Tx, f form, aid int64) error) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, sess *session) {
		aid, err := actionID(r)
		if err != nil {
			s.refused(w, r, sess, r.PathValue("id"), err)
			return
		}
		var attrs []any
		if logMsg != "" {
			attrs = []any{"action", aid}
		}
		s.inTx("#actions", logMsg, attrs, func(ctx context.Context, tx store.Tx, f form) error {
			if err := actionOn(ctx, tx, f.id, aid); err != nil {
				return err
			}
			return fn(ctx, tx, f, aid)
		})(w, r, sess)
	}
}

// change applies an incident change (ack, note, assign, severity, status,
// dismiss) as the signed-in person through incident.Manager.Apply.
func (s *Server) change(op string) func(http.ResponseWriter, *http.Request, *session) {
	return s.inTx("", "web: incident changed", []any{"op", op}, func(ctx context.Context, tx store.Tx, f form) error {
		v := f.r.PostForm
		ch := incident.Change{Op: op, Text: v.Get("text"), Role: v.Get("role"), Person: v.Get("person"),
			Severity: v.Get("severity"), Status: incident.Status(v.Get("status")), Reason: v.Get("reason")}
		if op == incident.OpNote && strings.TrimSpace(ch.Text) == "" {
			return fmt.Errorf("%w: a note needs text", errBadForm)
		}
		return s.app.Incidents.Apply(ctx, tx, f.id, f.sess.Person, ch)
	})
}

// takeover gives a role to the signed-in person.
func (s *Server) takeover() func(http.ResponseWriter, *http.Request, *session) {
	return s.inTx("#roles", "", nil, func(ctx context.Context, tx store.Tx, f form) error {
		ch := incident.Change{Op: incident.OpAssign, Role: f.r.PostForm.Get("role"), Person: f.sess.Person}
		return s.app.Incidents.Apply(ctx, tx, f.id, f.sess.Person, ch)
	})
}

// requestAction asks for a containment action of the plan (CONTRACT.ACTION)
// on the incident, as respond.Responder.Request does for `breakglass
// action`: it waits for approvals unless the person's own is enough.
func (s *Server) requestAction() func(http.ResponseWriter, *http.Request, *session) {
	return s.inTx("#actions", "", nil, func(ctx context.Context, tx store.Tx, f form) error {
		contract, action, err := planAction(f.r)
		if err != nil {
			return err
		}
		_, err = s.app.Responder.Request(ctx, tx, respond.ManualRequest{Contract: contract, Action: action, IncidentID: f.id, Person: f.sess.Person})
		return err
	})
}

// simulate dry-runs a containment action of the plan (CONTRACT.ACTION)
// from its executor, as `breakglass action --dry-run`: nothing is stored
// or sent; the page shows the outcome.
func (s *Server) simulate(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	contract, action, err := planAction(r)
	if err != nil {
		s.refused(w, r, sess, id, err)
		return
	}
	d, err := s.app.Responder.DryRun(r.Context(), contract, action)
	if err != nil {
		s.refused(w, r, sess, id, domainOr(err))
		return
	}
	p, err := s.incidentData(r.Context(), sess, id)
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	msg := "Simulation of " + d.Params.Describe(d.Network) + " from " + d.Executor + " (" + d.From.Hex() + "): "
	switch {
	case d.Problem != "":
		msg += "would stop before sending: " + d.Problem
	case d.Noop != "":
		msg += "no-op: " + d.Noop + "; nothing would be sent"
	case d.Simulation.OK:
		msg += fmt.Sprintf("succeeds (%d gas); nothing was sent", d.Simulation.Gas)
	default:
		msg += "reverts: " + d.Simulation.Reason + "; nothing was sent"
	}
	p.Notice = msg
	s.render(w, http.StatusOK, "incident", p)
}

// approve records the signed-in person's approval of an action. Approving
// again what one already approved, or an action already approved, changes
// nothing and is not an error (a double click, a replayed form).
func (s *Server) approve() func(http.ResponseWriter, *http.Request, *session) {
	return s.onAction("web: action approved", func(ctx context.Context, tx store.Tx, f form, aid int64) error {
		aps, err := tx.Approvals(ctx, aid)
		if err != nil {
			return err
		}
		for _, ap := range aps {
			if ap.Person == f.sess.Person {
				return nil // already approved by this person: nothing to do
			}
		}
		_, err = s.app.Responder.Approve(ctx, tx, aid, f.sess.Person)
		return err
	})
}

// reject withdraws a proposed action, as the signed-in person, with a
// reason (respond.Responder.Reject decides who may).
func (s *Server) reject() func(http.ResponseWriter, *http.Request, *session) {
	return s.onAction("", func(ctx context.Context, tx store.Tx, f form, aid int64) error {
		_, err := s.app.Responder.Reject(ctx, tx, aid, f.sess.Person, strings.TrimSpace(f.r.PostForm.Get("reason")))
		return err
	})
}

// executeTimeout bounds how long the page waits for an action carried out
// at a person's request; an action still running then goes on in the
// outbox, and the page shows its transactions live.
const executeTimeout = 2 * time.Minute

// execute carries out an approved action now, as the signed-in person
// (respond.Responder.ExecuteAs: the commander or the technical lead), and
// shows the page again when it is mined or failed.
func (s *Server) execute(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	aid, err := actionID(r)
	if err != nil {
		s.refused(w, r, sess, id, err)
		return
	}
	if err := actionOn(r.Context(), s.st, id, aid); err != nil {
		s.refused(w, r, sess, id, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), executeTimeout)
	defer cancel()
	if _, err := s.app.Responder.ExecuteAs(ctx, aid, sess.Person); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		s.refused(w, r, sess, id, err)
		return
	}
	s.log.Info("web: action carried out", "incident", id, "action", aid, "by", sess.Person)
	s.done(w, r, id, "#actions")
}

// previewUpdate shows the incident page with a status update drafted for
// each audience (incident.Manager.Drafts), nothing sent.
func (s *Server) previewUpdate(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	inc, err := s.st.Incident(r.Context(), id)
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	text := r.PostForm.Get("text")
	drafts, err := s.app.Incidents.Drafts(inc, sess.Person, text, s.now())
	if err != nil {
		s.refused(w, r, sess, id, err)
		return
	}
	p, err := s.incidentData(r.Context(), sess, id)
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	p.Drafts = drafts
	p.Form = map[string]string{"text": text}
	s.render(w, http.StatusOK, "incident", p)
}

// sendUpdate sends an external status update (report.Comms: the
// communications lead or the commander).
func (s *Server) sendUpdate() func(http.ResponseWriter, *http.Request, *session) {
	return s.inTx("#comms", "", nil, func(ctx context.Context, tx store.Tx, f form) error {
		_, err := s.app.Comms.SendUpdate(ctx, tx, f.id, f.sess.Person, f.r.PostForm.Get("text"))
		return domainOr(err)
	})
}

// submitObligation marks a report of an obligation submitted.
func (s *Server) submitObligation() func(http.ResponseWriter, *http.Request, *session) {
	return s.inTx("#obligations", "", nil, func(ctx context.Context, tx store.Tx, f form) error {
		v := f.r.PostForm
		sub := obligation.Submission{Obligation: v.Get("obligation"), Stage: v.Get("stage"), By: f.sess.Person, At: s.now(), Reference: strings.TrimSpace(v.Get("reference"))}
		_, err := obligation.MarkSubmitted(ctx, tx, s.app.Incidents, s.app.Plan, f.id, sub)
		return domainOr(err)
	})
}

// editPostmortem applies the post-mortem fields typed as YAML (the same
// document as `breakglass postmortem edit --set-file`).
func (s *Server) editPostmortem() func(http.ResponseWriter, *http.Request, *session) {
	return s.inTx("#postmortem", "", nil, func(ctx context.Context, tx store.Tx, f form) error {
		_, err := report.Edit(ctx, tx, s.app.Incidents, f.id, f.sess.Person, "post-mortem fields", []byte(f.r.PostForm.Get("fields")), s.now())
		return domainOr(err)
	})
}

// domainOr marks an error of the reporting calls, whose refusals are plain
// errors (an unknown obligation, a bad field), as the person's to fix,
// unless it is the store's.
func domainOr(err error) error {
	if err == nil || errors.Is(err, store.ErrUnavailable) || errors.Is(err, store.ErrNotFound) ||
		errors.Is(err, incident.ErrForbidden) || errors.Is(err, store.ErrConflict) || errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%w: %w", errBadForm, err)
}

// postmortem serves the post-mortem document (report.Build, as HTML).
func (s *Server) postmortem(w http.ResponseWriter, r *http.Request, sess *session) {
	doc, err := report.Build(r.Context(), s.st, r.PathValue("id"), report.BuildOptions{Plan: s.app.Plan, Now: s.now()})
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	var b bytes.Buffer
	if err := doc.Render(&b, report.HTML); err != nil {
		s.fail(w, sess, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// The document is self-contained (its style inline, so that it reads
	// the same when saved); no script runs in it.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	_, _ = w.Write(b.Bytes())
}

// obligationDraft serves the draft report of an obligation as text, as
// `breakglass obligations ID --draft NAME` prints it.
func (s *Server) obligationDraft(w http.ResponseWriter, r *http.Request, sess *session) {
	ctx := r.Context()
	inc, err := s.st.Incident(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	facts, err := report.ObligationFacts(inc)
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	sts, err := obligation.Evaluate(s.app.Plan.Obligations, inc, facts, s.now())
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	i := slices.IndexFunc(sts, func(st obligation.Status) bool { return st.Obligation == r.PathValue("name") })
	if i < 0 {
		s.fail(w, sess, fmt.Errorf("obligation %q: %w in the plan", r.PathValue("name"), store.ErrNotFound))
		return
	}
	in, err := report.DraftInput(ctx, s.st, s.app.Plan, inc, facts)
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	text, err := obligation.Draft(sts[i], in)
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, obligation.Disclaimer+"\n\n"+text)
}

// evidence downloads the incident's evidence bundle, recording the export
// (who, when, the manifest's hash) in the audit log, as `breakglass
// evidence` does.
func (s *Server) evidence(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	var b bytes.Buffer
	m, sum, err := evidence.Write(r.Context(), s.st, id, &b, evidence.Options{Actor: sess.Person})
	if err != nil {
		s.fail(w, sess, err)
		return
	}
	if err := s.tx(r.Context(), func(tx store.Tx) error { return evidence.RecordExport(r.Context(), tx, id, sess.Person, sum, m) }); err != nil {
		s.fail(w, sess, err)
		return
	}
	name := fmt.Sprintf("evidence-%s-%s.tar.gz", safeName(id), s.now().UTC().Format("20060102T150405Z"))
	w.Header().Set("Content-Type", "application/gzip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("X-Manifest-SHA256", sum)
	_, _ = w.Write(b.Bytes())
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// planAction reads the form's CONTRACT.ACTION.
func planAction(r *http.Request) (contract, action string, err error) {
	contract, action, ok := strings.Cut(r.PostForm.Get("action"), ".")
	if !ok {
		return "", "", fmt.Errorf("%w: choose an action (CONTRACT.ACTION)", errBadForm)
	}
	return contract, action, nil
}

// actionID reads the path's action id.
func actionID(r *http.Request) (int64, error) {
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil || aid <= 0 {
		return 0, fmt.Errorf("%w: bad action id", errBadForm)
	}
	return aid, nil
}

// actionOn checks that action aid belongs to incident id.
func actionOn(ctx context.Context, r interface {
	Action(context.Context, int64) (store.Action, error)
}, id string, aid int64) error {
	a, err := r.Action(ctx, aid)
	if err != nil {
		return fmt.Errorf("action %d: %w", aid, err)
	}
	if a.IncidentID != id {
		return fmt.Errorf("action %d: %w on incident %s", aid, store.ErrNotFound, id)
	}
	return nil
}
