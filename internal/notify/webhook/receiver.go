package webhook

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
)

// Received is a message a Receiver accepted and when it arrived.
type Received struct {
	At      time.Time
	Message notify.Message
}

// Receiver is a local endpoint for this package's webhooks, as the demo
// and the drills page into: it checks each request's signature as a real
// receiver must (a bad one is refused with 401 and counted), and keeps
// each message once, by its idempotency key, with when it arrived.
type Receiver struct {
	secret []byte
	srv    *http.Server
	url    string
	keep   func(n int, r Received)

	mu       sync.Mutex
	got      []Received
	seen     map[string]bool
	rejected int
}

// NewReceiver listens on a free port of 127.0.0.1. keep, if set, is
// called with each message kept and its number (from 1), while the
// receiver's lock is held: the order of calls is the order kept.
func NewReceiver(secret []byte, keep func(n int, r Received)) (*Receiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("webhook receiver: %w", err)
	}
	r := &Receiver{secret: secret, url: "http://" + ln.Addr().String() + "/hook", keep: keep, seen: map[string]bool{}}
	r.srv = &http.Server{Handler: http.HandlerFunc(r.serve), ReadHeaderTimeout: 5 * time.Second}
	go r.srv.Serve(ln)
	return r, nil
}

// URL is where to send the webhooks.
func (r *Receiver) URL() string { return r.url }

// Close stops the receiver.
func (r *Receiver) Close() { r.srv.Close() }

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		http.Error(w, "read", http.StatusBadRequest)
		return
	}
	if err := Verify(r.secret, req.Header.Get(HeaderTimestamp), req.Header.Get(HeaderSignature), body, time.Now(), 5*time.Minute); err != nil {
		r.mu.Lock()
		r.rejected++
		r.mu.Unlock()
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var m notify.Message
	if err := json.Unmarshal(body, &m); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	key := req.Header.Get(HeaderIdempotencyKey)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.seen[key] {
		r.seen[key] = true
		rec := Received{At: time.Now(), Message: m}
		r.got = append(r.got, rec)
		if r.keep != nil {
			r.keep(len(r.got), rec)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// Since returns the messages kept from index i (from 0) on.
func (r *Receiver) Since(i int) []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i > len(r.got) {
		return nil
	}
	return append([]Received(nil), r.got[i:]...)
}

// Count is how many messages were kept.
func (r *Receiver) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

// Rejected is how many requests carried a bad signature.
func (r *Receiver) Rejected() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rejected
}
