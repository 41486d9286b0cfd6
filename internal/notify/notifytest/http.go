// Package notifytest has local stand-ins for notification endpoints: an
// HTTP server that records what it receives and answers as scripted, and an
// SMTP server with STARTTLS. Tests of every package reuse them.
package notifytest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Request is one request the server received.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// Response is a scripted answer.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// HTTPServer records requests and answers them with scripted responses in
// order, then with Default once the script is used up.
type HTTPServer struct {
	*httptest.Server
	// Check, when set, validates each request body against the real wire
	// format; a non-nil error is answered with HTTP 400 and recorded.
	Check func(r Request) error

	mu       sync.Mutex
	script   []Response
	Default  Response
	requests []Request
	errors   []error
}

// NewHTTPServer starts a server on 127.0.0.1 closed at the end of t.
func NewHTTPServer(t testing.TB) *HTTPServer {
	s := &HTTPServer{Default: Response{Status: http.StatusOK, Body: "ok"}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// SetCheck sets Check while the server may be serving (assigning the field
// directly is only safe before the first request).
func (s *HTTPServer) SetCheck(check func(r Request) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Check = check
}

// Script queues responses for the next requests.
func (s *HTTPServer) Script(rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, rs...)
}

// Requests returns the requests received so far.
func (s *HTTPServer) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Errors returns the wire-format violations Check found.
func (s *HTTPServer) Errors() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.errors...)
}

func (s *HTTPServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	resp := s.Default
	if len(s.script) > 0 {
		resp, s.script = s.script[0], s.script[1:]
	}
	check := s.Check
	s.mu.Unlock()
	if check != nil {
		if err := check(req); err != nil {
			s.mu.Lock()
			s.errors = append(s.errors, err)
			s.mu.Unlock()
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.Status)
	io.WriteString(w, resp.Body)
}
