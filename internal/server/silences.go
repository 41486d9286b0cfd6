package server

import (
	"net/http"
	"time"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func (s *Server) silences(w http.ResponseWriter, r *http.Request) {
	all, err := boolQuery(r, "all")
	if err != nil {
		s.fail(w, err)
		return
	}
	at := s.cfg.Now()
	if all {
		at = time.Time{}
	}
	ss, err := s.store.Silences(r.Context(), at)
	if err != nil {
		s.fail(w, err)
		return
	}
	out := make([]incident.SilenceView, 0, len(ss))
	for _, x := range ss {
		out = append(out, incident.ViewSilence(x))
	}
	writeJSON(w, http.StatusOK, map[string]any{"silences": out})
}

// SilenceRequest is the body of POST /api/v1/silences.
type SilenceRequest struct {
	// Matchers are "name=value", "name!=value", "name=~regex" or
	// "name!~regex"; every one must match.
	Matchers []string `json:"matchers"`
	// For is how long, a Go duration ("2h", "30m").
	For     string `json:"for"`
	Comment string `json:"comment"`
}

func (s *Server) addSilence(w http.ResponseWriter, r *http.Request) {
	var req SilenceRequest
	err := decode(w, r, &req, maxBody)
	if err == nil {
		err = required("for", req.For, "comment", req.Comment)
	}
	if err == nil && len(req.Matchers) == 0 {
		err = badRequest(`field "matchers" is required: at least one matcher such as "detector=reentrancy"`)
	}
	var d time.Duration
	if err == nil {
		if d, err = time.ParseDuration(req.For); err != nil {
			err = badRequest("field \"for\" %q: want a duration such as 2h or 30m", req.For)
		}
	}
	var ms []incident.Matcher
	for i := 0; err == nil && i < len(req.Matchers); i++ {
		var m incident.Matcher
		if m, err = incident.ParseMatcher(req.Matchers[i]); err == nil {
			ms = append(ms, m)
		}
	}
	var sil store.Silence
	if err == nil {
		err = s.tx(r.Context(), func(tx store.Tx) (err error) {
			sil, err = s.mgr.Silence(r.Context(), tx, ms, d, person(r), req.Comment)
			return err
		})
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.log.Info("silence added", "silence", sil.ID, "by", person(r))
	writeJSON(w, http.StatusCreated, incident.ViewSilence(sil))
}

func (s *Server) expireSilence(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "sid", "silence")
	if err == nil {
		err = s.tx(r.Context(), func(tx store.Tx) error {
			return s.mgr.ExpireSilence(r.Context(), tx, id, person(r))
		})
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.log.Info("silence expired", "silence", id, "by", person(r))
	ss, err := s.store.Silences(r.Context(), time.Time{})
	if err != nil {
		s.fail(w, err)
		return
	}
	for _, x := range ss {
		if x.ID == id {
			writeJSON(w, http.StatusOK, incident.ViewSilence(x))
			return
		}
	}
	s.fail(w, store.ErrNotFound)
}
