package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/evidence"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// maxAnalysis bounds an attached analysis.
const maxAnalysis = 8 << 20

// plan returns the plan, or an error answered 503.
func (s *Server) plan() (*plan.Plan, error) {
	if s.cfg.Plan == nil {
		return nil, errorf(errMissing, "the plan")
	}
	return s.cfg.Plan, nil
}

func (s *Server) postmortem(w http.ResponseWriter, r *http.Request) {
	pm, err := report.PostMortemOf(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, pm)
}

// editPostmortem merges a JSON object of post-mortem fields (the fields of
// 'postmortem edit --set-file'; each key given replaces that field), or the
// same as YAML with Content-Type application/yaml (errors then name its
// lines).
func (s *Server) editPostmortem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		s.fail(w, badRequest("read body: %v", err))
		return
	}
	yamlBody := strings.HasPrefix(r.Header.Get("Content-Type"), "application/yaml")
	if trimmed := bytes.TrimSpace(data); !yamlBody && (len(trimmed) == 0 || trimmed[0] != '{') {
		s.fail(w, badRequest("want a JSON object of post-mortem fields, e.g. {\"summary\": \"…\"} (or YAML with Content-Type: application/yaml)"))
		return
	}
	var pm report.PostMortem
	err = s.tx(r.Context(), func(tx store.Tx) (err error) {
		pm, err = report.Edit(r.Context(), tx, s.mgr, id, person(r), "request body", data, s.cfg.Now())
		return err
	})
	if err != nil {
		s.fail(w, err)
		return
	}
	s.changed("post-mortem edited", "incident", id, "by", person(r))
	writeJSON(w, http.StatusOK, pm)
}

func (s *Server) postmortemDocument(w http.ResponseWriter, r *http.Request) {
	f := report.Format(r.URL.Query().Get("format"))
	if f == "" {
		f = report.Markdown
	}
	if f != report.Markdown && f != report.HTML {
		s.fail(w, badRequest("query parameter format=%q: want md or html", f))
		return
	}
	doc, err := report.Build(r.Context(), s.store, r.PathValue("id"), report.BuildOptions{Plan: s.cfg.Plan, Now: s.cfg.Now()})
	if err != nil {
		s.fail(w, err)
		return
	}
	var b bytes.Buffer
	if err := doc.Render(&b, f); err != nil {
		s.fail(w, err)
		return
	}
	ct := "text/markdown; charset=utf-8"
	if f == report.HTML {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Write(b.Bytes())
}

func (s *Server) attachAnalysis(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAnalysis))
	if err != nil {
		s.fail(w, badRequest("read body: %v", err))
		return
	}
	a, err := report.ParseAnalysis("request body", data)
	if err != nil {
		s.fail(w, badRequest("%v", err))
		return
	}
	err = s.tx(r.Context(), func(tx store.Tx) error {
		return report.AttachAnalysis(r.Context(), tx, s.mgr, id, person(r), a)
	})
	if err != nil {
		s.fail(w, err)
		return
	}
	s.changed("analysis attached", "incident", id, "tx", a.Tx, "by", person(r))
	writeJSON(w, http.StatusOK, map[string]any{"incident": id, "tx": a.Tx})
}

func (s *Server) lessons(w http.ResponseWriter, r *http.Request) {
	pending, err := boolQuery(r, "pending")
	var ls []report.Lesson
	if err == nil {
		ls, err = report.Lessons(r.Context(), s.store, pending)
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	if ls == nil {
		ls = []report.Lesson{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"lessons": ls})
}

// lessonsProposal proposes the plan change of the pending lessons'
// patches (of one incident with ?incident=ID) to the plan in force; tune
// patches need the chain and are listed as untuned.
func (s *Server) lessonsProposal(w http.ResponseWriter, r *http.Request) {
	p, err := s.plan()
	if err != nil {
		s.fail(w, err)
		return
	}
	if len(p.Source) == 0 {
		s.fail(w, errorf(errMissing, "the plan's file text"))
		return
	}
	ls, err := report.PendingLessons(r.Context(), s.store, r.URL.Query().Get("incident"))
	if err != nil {
		s.fail(w, err)
		return
	}
	prop, err := report.ProposePlanChange(p, ls, nil)
	if err != nil {
		var pe *report.PatchError
		if errors.As(err, &pe) {
			err = fmt.Errorf("%w: %w", incident.ErrInvalid, err)
		}
		s.fail(w, err)
		return
	}
	if prop.Words == nil {
		prop.Words = []report.Lesson{}
	}
	if prop.Untuned == nil {
		prop.Untuned = []string{}
	}
	writeJSON(w, http.StatusOK, prop)
}

func (s *Server) obligations(w http.ResponseWriter, r *http.Request) {
	p, err := s.plan()
	var v report.ObligationsView
	if err == nil {
		v, err = report.Obligations(r.Context(), s.store, p, r.PathValue("id"), s.cfg.Now())
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) obligationDraft(w http.ResponseWriter, r *http.Request) {
	p, err := s.plan()
	var text string
	if err == nil {
		text, err = report.ObligationDraft(r.Context(), s.store, p, r.PathValue("id"), r.PathValue("name"), s.cfg.Now())
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	io.WriteString(w, text)
}

// obligationChange runs fn (a change of the incident's obligation facts)
// in one transaction and answers with the obligations as they now stand.
func (s *Server) obligationChange(w http.ResponseWriter, r *http.Request, err error, fn func(tx store.Tx, p *plan.Plan, id string) error) {
	var p *plan.Plan
	if err == nil {
		p, err = s.plan()
	}
	id := r.PathValue("id")
	if err == nil {
		err = s.tx(r.Context(), func(tx store.Tx) error { return fn(tx, p, id) })
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.changed("obligations changed", "incident", id, "by", person(r), "path", r.URL.Path)
	s.obligations(w, r)
}

func (s *Server) obligationFacts(w http.ResponseWriter, r *http.Request) {
	var req obligation.FactsChange
	err := decode(w, r, &req, maxBody)
	s.obligationChange(w, r, err, func(tx store.Tx, _ *plan.Plan, id string) error {
		_, err := obligation.RecordFacts(r.Context(), tx, s.mgr, id, person(r), req)
		return err
	})
}

// DecisionRequest is the body of POST …/obligations/decisions.
type DecisionRequest struct {
	// Name is the decision, e.g. "major" (DORA), "material" (SEC).
	Name string `json:"name"`
	// Value is the decision: true (it is major) or false.
	Value *bool `json:"value"`
	// At is when it was made [now].
	At   *time.Time `json:"at,omitempty"`
	Note string     `json:"note,omitempty"`
}

func (s *Server) obligationDecide(w http.ResponseWriter, r *http.Request) {
	var req DecisionRequest
	err := decode(w, r, &req, maxBody)
	if err == nil {
		err = required("name", req.Name)
	}
	if err == nil && req.Value == nil {
		err = badRequest(`field "value" is required: true or false`)
	}
	s.obligationChange(w, r, err, func(tx store.Tx, _ *plan.Plan, id string) error {
		_, err := obligation.RecordDecision(r.Context(), tx, s.mgr, id, obligation.Decision{Name: req.Name, Value: *req.Value, By: person(r), At: s.at(req.At), Note: req.Note})
		return err
	})
}

// SubmissionRequest is the body of POST …/obligations/submissions.
type SubmissionRequest struct {
	// Obligation is the plan's name of the obligation.
	Obligation string `json:"obligation"`
	// Report is the report (stage) filed; optional for a one-report rule.
	Report string `json:"report,omitempty"`
	// At is when it was filed [now].
	At *time.Time `json:"at,omitempty"`
	// Reference is the authority's acknowledgement or filing number.
	Reference string `json:"reference,omitempty"`
}

func (s *Server) obligationSubmit(w http.ResponseWriter, r *http.Request) {
	var req SubmissionRequest
	err := decode(w, r, &req, maxBody)
	if err == nil {
		err = required("obligation", req.Obligation)
	}
	s.obligationChange(w, r, err, func(tx store.Tx, p *plan.Plan, id string) error {
		_, err := obligation.MarkSubmitted(r.Context(), tx, s.mgr, p, id, obligation.Submission{Obligation: req.Obligation, Stage: req.Report, By: person(r), At: s.at(req.At), Reference: req.Reference})
		return err
	})
}

// at is t, or now.
func (s *Server) at(t *time.Time) time.Time {
	if t == nil {
		return s.cfg.Now().UTC()
	}
	return t.UTC()
}

func (s *Server) updates(w http.ResponseWriter, r *http.Request) {
	p, err := s.plan()
	var v report.CommsView
	if err == nil {
		v, err = report.Communications(r.Context(), s.store, p, r.PathValue("id"))
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// UpdateRequest is the body of the status update routes.
type UpdateRequest struct {
	Text string `json:"text"`
}

func (s *Server) sendUpdate(w http.ResponseWriter, r *http.Request) {
	var req UpdateRequest
	err := decode(w, r, &req, maxBody)
	if err == nil {
		err = required("text", req.Text)
	}
	if err == nil && s.cfg.Comms == nil {
		err = errorf(errMissing, "status updates (no comms)")
	}
	id := r.PathValue("id")
	if err == nil {
		err = s.tx(r.Context(), func(tx store.Tx) error {
			_, err := s.cfg.Comms.SendUpdate(r.Context(), tx, id, person(r), req.Text)
			return err
		})
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.changed("status update sent", "incident", id, "by", person(r))
	s.updates(w, r)
}

func (s *Server) draftUpdate(w http.ResponseWriter, r *http.Request) {
	var req UpdateRequest
	err := decode(w, r, &req, maxBody)
	if err == nil {
		err = required("text", req.Text)
	}
	var ds []incident.Draft
	if err == nil {
		var inc store.Incident
		if inc, err = s.store.Incident(r.Context(), r.PathValue("id")); err != nil {
			err = fmt.Errorf("incident %s: %w", r.PathValue("id"), err)
		} else {
			ds, err = s.mgr.Drafts(inc, person(r), req.Text, s.cfg.Now())
		}
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"drafts": ds})
}

// evidence writes the incident's evidence bundle, recording the export
// (with the manifest's SHA-256) on the timeline and in the audit log
// before the bundle is sent.
func (s *Server) evidence(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var buf bytes.Buffer
	m, sum, err := evidence.Write(r.Context(), s.store, id, &buf, evidence.Options{Actor: person(r), Now: s.cfg.Now})
	if err == nil {
		err = s.tx(r.Context(), func(tx store.Tx) error { return evidence.RecordExport(r.Context(), tx, id, person(r), sum, m) })
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.log.Info("evidence exported", "incident", id, "by", person(r), "manifest_sha256", sum)
	w.Header().Set("Content-Type", "application/gzip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", id+"-evidence.tar.gz"))
	w.Header().Set("X-Manifest-SHA256", sum)
	w.Write(buf.Bytes())
}
