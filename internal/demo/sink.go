package demo

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
)

// sink is the demo's notification receiver: a local webhook endpoint that
// checks each request's signature, as a real receiver must, and saves each
// message it accepts as a file.
type sink struct {
	dir    string
	secret []byte
	srv    *http.Server
	url    string

	mu   sync.Mutex
	got  []notify.Message
	seen map[string]bool
	bad  int
	wake chan struct{}
}

func newSink(dir string, secret []byte) (*sink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("notification sink: %w", err)
	}
	s := &sink{dir: dir, secret: secret, url: "http://" + ln.Addr().String() + "/hook", seen: map[string]bool{}, wake: make(chan struct{}, 1)}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *sink) close() { s.srv.Close() }

func (s *sink) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read", http.StatusBadRequest)
		return
	}
	if err := webhook.Verify(s.secret, r.Header.Get(webhook.HeaderTimestamp), r.Header.Get(webhook.HeaderSignature), body, time.Now(), 5*time.Minute); err != nil {
		s.mu.Lock()
		s.bad++
		s.mu.Unlock()
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var m notify.Message
	if err := json.Unmarshal(body, &m); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	key := r.Header.Get(webhook.HeaderIdempotencyKey)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.seen[key] {
		s.seen[key] = true
		s.got = append(s.got, m)
		name := filepath.Join(s.dir, fmt.Sprintf("%03d-%s.json", len(s.got), m.Event))
		var pretty []byte
		pretty, _ = json.MarshalIndent(m, "", "  ")
		_ = os.WriteFile(name, append(pretty, '\n'), 0o644)
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *sink) messages() []notify.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]notify.Message(nil), s.got...)
}
