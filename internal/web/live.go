package web

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// hub tells the open live streams that something may have changed: each
// waits on the current channel, which a change closes and replaces.
type hub struct {
	mu sync.Mutex
	ch chan struct{}
}

func newHub() *hub { return &hub{ch: make(chan struct{})} }

func (h *hub) wait() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ch
}

func (h *hub) notify() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.ch)
	h.ch = make(chan struct{})
}

// Committed implements pipeline.Observer: a committed block may have
// opened or changed incidents, so the open pages look at once.
func (s *Server) Committed(pipeline.Batch, time.Duration) { s.hub.notify() }

// Changed tells the open pages that the store changed (e.g. an action's
// transaction was mined by the outbox runner).
func (s *Server) Changed() { s.hub.notify() }

// keepAlive is how often an idle stream sends a comment, so that proxies
// keep it open.
const keepAlive = 15 * time.Second

// stream serves Server-Sent Events: "change" (data: what changed) each
// time fingerprint changes, looked at when the hub says so and every Poll.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, fingerprint func(context.Context) (string, error), what string) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ctx := r.Context()
	// The hub's channel is taken before each look at the store, so that a
	// change committed while the look runs wakes the next one at once
	// rather than at the next poll.
	wake := s.hub.wait()
	cur, err := fingerprint(ctx)
	if err != nil {
		code, msg := s.errorStatus(err)
		http.Error(w, msg, code)
		return
	}
	// The page says which state it shows (v): what changed between its
	// rendering and this stream's start is told at once.
	last := r.URL.Query().Get("v")
	if last == "" {
		last = cur
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\nevent: ready\ndata: {}\n\n")
	if cur != last {
		last = cur
		fmt.Fprintf(w, "event: change\ndata: %q\n\n", what)
	}
	fl.Flush()
	poll := time.NewTicker(s.cfg.Poll)
	defer poll.Stop()
	idle := time.NewTimer(keepAlive)
	defer idle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.closing:
			return
		case <-idle.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
			idle.Reset(keepAlive)
			continue
		case <-wake:
		case <-poll.C:
		}
		wake = s.hub.wait()
		fp, err := fingerprint(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("web: live stream", "err", err)
			continue
		}
		if fp == last {
			continue
		}
		last = fp
		if _, err := fmt.Fprintf(w, "event: change\ndata: %q\n\n", what); err != nil {
			return
		}
		fl.Flush()
		idle.Reset(keepAlive)
	}
}

// streamList streams changes of the incident list: an incident opened or
// changed.
func (s *Server) streamList(w http.ResponseWriter, r *http.Request, _ *session) {
	s.stream(w, r, s.listFingerprint, "incidents")
}

func (s *Server) listFingerprint(ctx context.Context) (string, error) {
	incs, err := s.st.Incidents(ctx, store.IncidentFilter{})
	if err != nil {
		return "", err
	}
	var latest time.Time
	for _, inc := range incs {
		if inc.UpdatedAt.After(latest) {
			latest = inc.UpdatedAt
		}
	}
	return fmt.Sprintf("%d/%d", len(incs), latest.UnixNano()), nil
}

// streamIncident streams changes of one incident: its record, timeline
// and actions.
func (s *Server) streamIncident(w http.ResponseWriter, r *http.Request, _ *session) {
	id := r.PathValue("id")
	s.stream(w, r, func(ctx context.Context) (string, error) { return s.incidentFingerprint(ctx, id) }, id)
}

func (s *Server) incidentFingerprint(ctx context.Context, id string) (string, error) {
	inc, err := s.st.Incident(ctx, id)
	if err != nil {
		return "", err
	}
	tl, err := s.st.Timeline(ctx, id)
	if err != nil {
		return "", err
	}
	acts, err := s.st.Actions(ctx, id)
	if err != nil {
		return "", err
	}
	fp := fmt.Sprintf("%d/%d", inc.UpdatedAt.UnixNano(), len(tl))
	for _, a := range acts {
		fp += fmt.Sprintf("/%d:%s:%s", a.ID, a.Status, a.TxHash)
	}
	return fp, nil
}
