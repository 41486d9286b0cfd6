package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The cookies of the war room.
const (
	sessionCookie = "bg_session"
	// signinCookie holds the sign-in form's CSRF token (double submit):
	// there is no session yet to hold it.
	signinCookie = "bg_signin"
)

// session is one signed-in person, held in memory: the cookie holds only
// its random id. A restart signs everyone out.
type session struct {
	id      string
	Person  string
	CSRF    string
	expires time.Time
}

// sessions are the live sessions, by id.
type sessions struct {
	mu  sync.Mutex
	ttl time.Duration
	now func() time.Time
	m   map[string]*session
}

func newSessions(ttl time.Duration, now func() time.Time) *sessions {
	return &sessions{ttl: ttl, now: now, m: map[string]*session{}}
}

// randomID returns 32 random bytes, base64url.
func randomID() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// start opens a session for person.
func (ss *sessions) start(person string) *session {
	s := &session{id: randomID(), Person: person, CSRF: randomID(), expires: ss.now().Add(ss.ttl)}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	for id, o := range ss.m {
		if now.After(o.expires) {
			delete(ss.m, id)
		}
	}
	ss.m[s.id] = s
	return s
}

// get returns the session of id, if it exists and has not expired.
func (ss *sessions) get(id string) (*session, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[id]
	if !ok {
		return nil, false
	}
	if ss.now().After(s.expires) {
		delete(ss.m, id)
		return nil, false
	}
	return s, true
}

func (ss *sessions) end(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, id)
}

// session returns the request's session, if any.
func (s *Server) session(r *http.Request) (*session, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, false
	}
	return s.sessions.get(c.Value)
}

// page wraps a GET handler: without a valid session the browser goes to
// the sign-in page (and comes back after); a live stream gets 401.
func (s *Server) page(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(r)
		if !ok {
			if strings.HasSuffix(r.URL.Path, "/events") {
				http.Error(w, "sign in first", http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		h(w, r, sess)
	}
}

// post wraps a form handler: a valid session and its CSRF token are
// required (a missing or wrong token is 403), and a cross-site Origin is
// refused.
func (s *Server) post(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(r)
		if !ok {
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form: "+err.Error(), http.StatusBadRequest)
			return
		}
		if !sameOrigin(r) || !equal(r.PostForm.Get("csrf"), sess.CSRF) {
			s.render(w, http.StatusForbidden, "error", map[string]any{"Session": sess, "Status": http.StatusForbidden, "Title": "Forbidden",
				"Message": "the form's CSRF token is missing or wrong: reload the page and try again"})
			return
		}
		h(w, r, sess)
	}
}

// maxForm bounds a form's body (a post-mortem fits).
const maxForm = 256 << 10

func equal(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// sameOrigin refuses a request whose Origin header names another site.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" && r.Header.Get("Sec-Fetch-Site") == "same-origin" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// safeNext keeps a redirect after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/incidents"
	}
	return next
}

func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	tok := randomID()
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: tok, Path: "/signin", HttpOnly: true, Secure: s.secure || r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	s.render(w, http.StatusOK, "signin", map[string]any{"CSRF": tok, "Next": safeNext(r.URL.Query().Get("next"))})
}

// signin exchanges a person's API token for a session.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	c, err := r.Cookie(signinCookie)
	if err != nil || !sameOrigin(r) || !equal(r.PostForm.Get("csrf"), c.Value) {
		s.render(w, http.StatusForbidden, "error", map[string]any{"Status": http.StatusForbidden, "Title": "Forbidden",
			"Message": "the sign-in form's CSRF token is missing or wrong: open the sign-in page again"})
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	host := remoteHost(r)
	if s.failures.blocked(host, s.now()) {
		s.render(w, http.StatusTooManyRequests, "error", map[string]any{"Status": http.StatusTooManyRequests, "Title": "Too many attempts",
			"Message": "too many wrong tokens from this address: wait a minute and try again"})
		return
	}
	person, ok := s.cfg.Tokens.Person(strings.TrimSpace(r.PostForm.Get("token")))
	if !ok {
		s.failures.add(host, s.now())
		s.log.Warn("web: sign-in with an unknown token", "remote", r.RemoteAddr)
		tok := randomID()
		http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: tok, Path: "/signin", HttpOnly: true, Secure: s.secure || r.TLS != nil,
			SameSite: http.SameSiteStrictMode, MaxAge: 3600})
		s.render(w, http.StatusUnauthorized, "signin", map[string]any{"CSRF": tok, "Next": next, "Error": "unknown token"})
		return
	}
	sess := s.sessions.start(person)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.id, Path: "/", HttpOnly: true, Secure: s.secure || r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.cfg.SessionTTL / time.Second)})
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: "", Path: "/signin", MaxAge: -1})
	s.log.Info("web: signed in", "person", person)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request, sess *session) {
	s.sessions.end(sess.id)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// failures counts wrong sign-in tokens by remote address: more than
// maxFailures within failureWindow refuse further attempts from there
// until the window has passed.
type failures struct {
	mu sync.Mutex
	m  map[string][]time.Time
}

const (
	maxFailures   = 10
	failureWindow = time.Minute
)

func (f *failures) recent(host string, now time.Time) []time.Time {
	kept := f.m[host][:0]
	for _, t := range f.m[host] {
		if now.Sub(t) < failureWindow {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(f.m, host)
		return nil
	}
	f.m[host] = kept
	return kept
}

func (f *failures) add(host string, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string][]time.Time{}
	}
	f.m[host] = append(f.recent(host, now), now)
}

func (f *failures) blocked(host string, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.recent(host, now)) >= maxFailures
}

// remoteHost is the request's remote address without its port.
func remoteHost(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}
