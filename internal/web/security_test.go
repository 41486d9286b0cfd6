package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/web"
)

// TestSignIn: an unknown token is refused; a known one gives an HttpOnly,
// SameSite=Strict session cookie; without a session every page leads to
// the sign-in page and comes back after; sign-out ends the session.
func TestSignIn(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	res, _ := c.get("/incidents/x?y=1")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin?next="+url.QueryEscape("/incidents/x?y=1") {
		t.Fatalf("no session: %s → %q", res.Status, res.Header.Get("Location"))
	}
	if res, _ := c.get("/events"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("live stream without a session: %s, want 401", res.Status)
	}
	_, page := c.get("/signin")
	res, body := c.post("/signin", url.Values{"csrf": {csrf(t, page)}, "token": {"nope"}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "unknown token") {
		t.Fatalf("unknown token: %s", res.Status)
	}
	res, _ = c.post("/signin", url.Values{"csrf": {csrf(t, body)}, "token": {"tok-alice"}, "next": {"//evil.example.org/"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/incidents" {
		t.Fatalf("sign in: %s → %q (an off-site next must not be followed)", res.Status, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "bg_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || len(cookie.Value) < 40 {
		t.Fatalf("session cookie: %+v", cookie)
	}
	res, page = c.get("/incidents")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "alice") {
		t.Fatalf("signed in: %s", res.Status)
	}
	if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("security headers missing")
	}
	// A forged cookie is no session.
	other := f.client()
	u, _ := url.Parse(f.srv.URL)
	other.http.Jar.SetCookies(u, []*http.Cookie{{Name: "bg_session", Value: strings.Repeat("A", 43)}})
	if res, _ := other.get("/incidents"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("wrong session: %s, want a redirect to sign in", res.Status)
	}
	res, _ = c.post("/signout", url.Values{"csrf": {csrf(t, page)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %s", res.Status)
	}
	if res, _ := c.get("/incidents"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after sign out: %s, want a redirect to sign in", res.Status)
	}
	// The old cookie, replayed, is no session either.
	other.http.Jar.SetCookies(u, []*http.Cookie{{Name: "bg_session", Value: cookie.Value}})
	if res, _ := other.get("/incidents"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("replayed cookie after sign out: %s", res.Status)
	}
}

// TestSessionExpires: a session past its TTL leads to the sign-in page.
func TestSessionExpires(t *testing.T) {
	f := newFixture(t, func(c *web.Config) { c.SessionTTL = 300 * time.Millisecond })
	c := f.client()
	c.signIn("tok-bob")
	time.Sleep(400 * time.Millisecond)
	res, _ := c.get("/incidents")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin") {
		t.Fatalf("expired session: %s → %q", res.Status, res.Header.Get("Location"))
	}
}

// TestCSRF: every form POST without the session's CSRF token, or with a
// wrong one, or from another origin, is 403 and changes nothing; the
// sign-in form has its own token.
func TestCSRF(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(10, "drain"))
	c := f.client()
	tok := c.signIn("tok-alice")
	for _, tc := range []struct {
		name string
		form url.Values
	}{
		{"missing", url.Values{"text": {"hi"}}},
		{"wrong", url.Values{"text": {"hi"}, "csrf": {tok + "x"}}},
		{"empty", url.Values{"text": {"hi"}, "csrf": {""}}},
	} {
		for _, path := range []string{"/incidents/" + id + "/note", "/incidents/" + id + "/status", "/incidents/" + id + "/actions/1/approve", "/signout"} {
			res, _ := c.post(path, tc.form)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s CSRF token on %s: %s, want 403", tc.name, path, res.Status)
			}
		}
	}
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/incidents/"+id+"/note", strings.NewReader(url.Values{"text": {"x"}, "csrf": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example.org")
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: %s, want 403", res.Status)
	}
	tl, _ := f.st.Timeline(context.Background(), id)
	for _, e := range tl {
		if e.Kind == "note" {
			t.Errorf("a refused form wrote a note: %+v", e)
		}
	}
	// Sign-in without its form's token.
	if res, _ := f.client().post("/signin", url.Values{"token": {"tok-alice"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("sign in without CSRF: %s, want 403", res.Status)
	}
	// With the token it works.
	res, _ = c.post("/incidents/"+id+"/note", url.Values{"text": {"ok"}, "csrf": {tok}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("note with the CSRF token: %s", res.Status)
	}
}

// TestInjectionEscaped: markup in a note, an alert's summary and fields,
// and a role name chosen by nobody reaches the page as text, never as
// markup.
func TestInjectionEscaped(t *testing.T) {
	f := newFixture(t)
	const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>"'`
	a := vaultAlert(11, "drain: "+evil)
	a.Fields = []byte(`{"token":"<b>tok</b>","amount":"1","note":"<script>x</script>"}`)
	id := f.ingest(a)
	c := f.client()
	tok := c.signIn("tok-alice")
	if res, _ := c.post("/incidents/"+id+"/note", url.Values{"text": {evil}, "csrf": {tok}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %s", res.Status)
	}
	_, page := c.get("/incidents/" + id)
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>tok</b>", "<script>x"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains raw %q", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the note's text is not on the page, escaped")
	}
	// A refused change shows what was typed, escaped too.
	res, page := c.post("/incidents/"+id+"/severity", url.Values{"severity": {evil}, "reason": {evil}, "csrf": {tok}})
	if res.StatusCode < 400 || strings.Contains(page, "<script>alert") {
		t.Errorf("bad severity: %s; raw markup on the page: %v", res.Status, strings.Contains(page, "<script>alert"))
	}
	_, list := c.get("/incidents?status=all")
	if strings.Contains(list, "<script>alert") {
		t.Error("list contains raw markup")
	}
}

// TestApproveTwiceAndRoles: the comms lead may not approve (403 with the
// reason, and no button); the commander's approval approves the action;
// a second approval (a replayed form) changes nothing and is no error.
func TestApproveTwiceAndRoles(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(12, "drain"))
	carol := f.client()
	ctok := carol.signIn("tok-carol")
	res, _ := carol.post("/incidents/"+id+"/actions", url.Values{"action": {"vault.unpause"}, "csrf": {ctok}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request unpause: %s", res.Status)
	}
	ctx := context.Background()
	acts, _ := f.st.Actions(ctx, id)
	var unpause store.Action
	for _, a := range acts {
		if strings.Contains(a.Key, "unpause") {
			unpause = a
		}
	}
	if unpause.ID == 0 || unpause.Status != respond.StatusProposed {
		t.Fatalf("unpause action: %+v", unpause)
	}
	path := "/incidents/" + id + "/actions/" + itoa(unpause.ID) + "/approve"
	_, page := carol.get("/incidents/" + id)
	if strings.Contains(page, `action="`+path+`"`) {
		t.Error("the comms lead sees an approve button")
	}
	res, page = carol.post(path, url.Values{"csrf": {ctok}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "needs the incident_commander or technical_lead role") {
		t.Fatalf("comms lead approves: %s", res.Status)
	}
	alice := f.client()
	atok := alice.signIn("tok-alice")
	_, page = alice.get("/incidents/" + id)
	if !strings.Contains(page, `action="`+path+`"`) {
		t.Error("the commander sees no approve button")
	}
	for i := 0; i < 2; i++ {
		if res, body := alice.post(path, url.Values{"csrf": {atok}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("approval %d: %s\n%s", i+1, res.Status, body)
		}
	}
	aps, _ := f.st.Approvals(ctx, unpause.ID)
	if len(aps) != 1 || aps[0].Person != "alice" {
		t.Errorf("approvals: %+v, want alice's once", aps)
	}
	a, _ := f.st.Action(ctx, unpause.ID)
	if a.Status != respond.StatusProposed {
		t.Errorf("action status %s, want proposed (one approval of two)", a.Status)
	}
	tl, _ := f.st.Timeline(ctx, id)
	n := 0
	for _, e := range tl {
		if strings.Contains(e.Message, "approved by alice") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d approval events on the timeline, want 1", n)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// requestUnpause has carol (comms lead) request vault.unpause on incident
// id and returns the action.
func requestUnpause(t *testing.T, f *fixture, id string) store.Action {
	t.Helper()
	carol := f.client()
	if res, _ := carol.post("/incidents/"+id+"/actions", url.Values{"action": {"vault.unpause"}, "csrf": {carol.signIn("tok-carol")}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request unpause: %s", res.Status)
	}
	acts, _ := f.st.Actions(context.Background(), id)
	for _, a := range acts {
		if strings.Contains(a.Key, "unpause") {
			return a
		}
	}
	t.Fatal("no unpause action")
	return store.Action{}
}

// TestTwoApproveAtOnce: the commander and the technical lead approve at
// the same moment an action that needs both (critical): both approvals
// count, the action is approved once and queued once.
func TestTwoApproveAtOnce(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(13, "drain"))
	a := requestUnpause(t, f, id)
	path := "/incidents/" + id + "/actions/" + itoa(a.ID) + "/approve"
	alice, bob := f.client(), f.client()
	atok, btok := alice.signIn("tok-alice"), bob.signIn("tok-bob")
	codes := make(chan int, 2)
	for _, c := range []struct {
		cl  *client
		tok string
	}{{alice, atok}, {bob, btok}} {
		go func() {
			res, err := c.cl.http.PostForm(f.srv.URL+path, url.Values{"csrf": {c.tok}})
			if err != nil {
				codes <- 0
				return
			}
			res.Body.Close()
			codes <- res.StatusCode
		}()
	}
	for range 2 {
		if code := <-codes; code != http.StatusSeeOther {
			t.Errorf("concurrent approval: %d", code)
		}
	}
	ctx := context.Background()
	aps, _ := f.st.Approvals(ctx, a.ID)
	got, _ := f.st.Action(ctx, a.ID)
	if len(aps) != 2 || got.Status != respond.StatusApproved {
		t.Fatalf("after two approvals at once: %d approvals, status %s", len(aps), got.Status)
	}
	items, _ := f.st.OutboxItems(ctx, store.OutboxFilter{IncidentID: id})
	n := 0
	for _, it := range items {
		if it.Kind == "respond" && strings.Contains(it.Key, itoa(a.ID)) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d outbox items for the approved action, want 1", n)
	}
}

// TestReject: the commander rejects a proposed action with a reason when
// the responder can (respond.Responder.Reject); without it the page offers
// no reject button and the form is refused with the reason.
func TestReject(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(14, "drain"))
	a := requestUnpause(t, f, id)
	path := "/incidents/" + id + "/actions/" + itoa(a.ID) + "/reject"
	alice := f.client()
	tok := alice.signIn("tok-alice")
	_, page := alice.get("/incidents/" + id)
	_, can := any(f.app.Responder).(interface {
		Reject(context.Context, store.Tx, int64, string, string) (store.Action, error)
	})
	if strings.Contains(page, `action="`+path+`"`) != can {
		t.Errorf("reject button shown: %v, responder can reject: %v", !can, can)
	}
	res, body := alice.post(path, url.Values{"csrf": {tok}, "reason": {"not before the fix is deployed"}})
	got, _ := f.st.Action(context.Background(), a.ID)
	if !can {
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot reject") || got.Status != respond.StatusProposed {
			t.Errorf("reject without support: %s, action %s", res.Status, got.Status)
		}
		return
	}
	if res.StatusCode != http.StatusSeeOther || got.Status == respond.StatusProposed {
		t.Errorf("reject: %s, action %s", res.Status, got.Status)
	}
}

// TestSignInThrottled: after ten wrong tokens within a minute from one
// address, even the right token is refused for a while (429).
func TestSignInThrottled(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	_, page := c.get("/signin")
	for i := 0; i < 10; i++ {
		res, body := c.post("/signin", url.Values{"csrf": {csrf(t, page)}, "token": {"wrong"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: %s", i+1, res.Status)
		}
		page = body
	}
	if res, _ := c.post("/signin", url.Values{"csrf": {csrf(t, page)}, "token": {"tok-alice"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after ten wrong tokens: %s, want 429", res.Status)
	}
}

// TestExecuteAndPreview: an approved action shows "Execute now" to the
// commander and not to the comms lead, whose execute is refused (403 with
// the role it takes); a status update previews as each audience receives
// it, nothing sent.
func TestExecuteAndPreview(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(14, "drain"))
	a := requestUnpause(t, f, id)
	alice, bob, carol := f.client(), f.client(), f.client()
	atok, btok, ctok := alice.signIn("tok-alice"), bob.signIn("tok-bob"), carol.signIn("tok-carol")
	approve := "/incidents/" + id + "/actions/" + itoa(a.ID) + "/approve"
	for _, c := range []struct {
		cl  *client
		tok string
	}{{alice, atok}, {bob, btok}} {
		if res, body := c.cl.post(approve, url.Values{"csrf": {c.tok}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %s\n%.300s", res.Status, body)
		}
	}
	if got, _ := f.st.Action(context.Background(), a.ID); got.Status != respond.StatusApproved {
		t.Fatalf("action status %s, want approved", got.Status)
	}
	execute := "/incidents/" + id + "/actions/" + itoa(a.ID) + "/execute"
	if _, page := alice.get("/incidents/" + id); !strings.Contains(page, `action="`+execute+`"`) {
		t.Error("the commander sees no execute button on an approved action")
	}
	if _, page := carol.get("/incidents/" + id); strings.Contains(page, `action="`+execute+`"`) {
		t.Error("the comms lead sees an execute button")
	}
	res, page := carol.post(execute, url.Values{"csrf": {ctok}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "needs the incident_commander or technical_lead role") {
		t.Fatalf("comms lead executes: %s", res.Status)
	}

	res, page = carol.post("/incidents/"+id+"/update/preview", url.Values{"csrf": {ctok}, "text": {"Funds are safe; <b>the pool is paused</b>."}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: %s", res.Status)
	}
	for _, want := range []string{"Draft for the internal audience", "Draft for the external audience", "Funds are safe; &lt;b&gt;the pool is paused&lt;/b&gt;."} {
		if !strings.Contains(page, want) {
			t.Errorf("preview page lacks %q", want)
		}
	}
	inc, _ := f.st.Incident(context.Background(), id)
	if strings.Contains(string(inc.Details), "Funds are safe") {
		t.Error("the preview sent or stored the update")
	}
	if res, _ := carol.post("/incidents/"+id+"/update/preview", url.Values{"csrf": {ctok}, "text": {"  "}}); res.StatusCode < 400 {
		t.Errorf("empty preview: %s, want a refusal", res.Status)
	}
}
