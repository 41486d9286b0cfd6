package drill

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
)

// sink is the drill's notification receiver: a local webhook that checks
// each request's signature, as a real receiver must, and keeps each
// message it accepts with the time it arrived.
type sink struct {
	secret []byte
	srv    *http.Server
	url    string

	mu   sync.Mutex
	got  []received
	seen map[string]bool
}

// received is one message and when it arrived.
type received struct {
	At time.Time
	M  notify.Message
}

func newSink(secret []byte) (*sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("notification sink: %w", err)
	}
	s := &sink{secret: secret, url: "http://" + ln.Addr().String() + "/hook", seen: map[string]bool{}}
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
		s.got = append(s.got, received{At: time.Now(), M: m})
	}
	w.WriteHeader(http.StatusNoContent)
}

// since returns the messages received from index i on.
func (s *sink) since(i int) []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i > len(s.got) {
		return nil
	}
	return append([]received(nil), s.got[i:]...)
}

func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}
