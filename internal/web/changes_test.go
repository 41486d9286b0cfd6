package web_test

import (
	"bufio"
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// TestIncidentChanges: each form of the incident page changes the
// incident through the domain, as the signed-in person, and a refusal
// comes back with its status and reason.
func TestIncidentChanges(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(40, "drain"))
	ctx := context.Background()
	alice, carol := f.client(), f.client()
	atok, ctok := alice.signIn("tok-alice"), carol.signIn("tok-carol")
	inc := func() store.Incident {
		i, err := f.st.Incident(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	tests := []struct {
		name  string
		c     *client
		tok   string
		path  string
		form  url.Values
		code  int
		check func(store.Incident) bool
		body  string
	}{
		{"ack", carol, ctok, "ack", nil, http.StatusSeeOther, func(i store.Incident) bool { return i.Status == "acknowledged" }, ""},
		{"severity without a reason", alice, atok, "severity", url.Values{"severity": {"high"}}, http.StatusUnprocessableEntity, func(i store.Incident) bool { return i.Severity == "critical" }, "reason"},
		{"severity", alice, atok, "severity", url.Values{"severity": {"high"}, "reason": {"no loss"}}, http.StatusSeeOther, func(i store.Incident) bool { return i.Severity == "high" }, ""},
		{"comms lead may not change status", carol, ctok, "status", url.Values{"status": {"contained"}}, http.StatusForbidden, func(i store.Incident) bool { return i.Status == "acknowledged" }, "needs the incident_commander or technical_lead role"},
		{"assign", alice, atok, "assign", url.Values{"role": {"communications_lead"}, "person": {"bob"}}, http.StatusSeeOther, func(i store.Incident) bool { return i.Roles["communications_lead"] == "bob" }, ""},
		{"take over", alice, atok, "takeover", url.Values{"role": {"technical_lead"}}, http.StatusSeeOther, func(i store.Incident) bool { return i.Roles["technical_lead"] == "alice" }, ""},
		{"backwards", alice, atok, "status", url.Values{"status": {"detected"}}, http.StatusConflict, func(i store.Incident) bool { return i.Status == "acknowledged" }, "goes backwards"},
		{"status", alice, atok, "status", url.Values{"status": {"contained"}}, http.StatusSeeOther, func(i store.Incident) bool { return i.Status == "contained" }, ""},
		{"empty note", alice, atok, "note", url.Values{"text": {"  "}}, http.StatusUnprocessableEntity, nil, "a note needs text"},
		{"status update by the comms lead", carol, ctok, "update", url.Values{"text": {"We paused the vault."}}, http.StatusSeeOther, func(i store.Incident) bool { return strings.Contains(string(i.Details), "We paused the vault.") }, ""},
		{"bad post-mortem field", alice, atok, "postmortem", url.Values{"fields": {"sumary: typo"}}, http.StatusUnprocessableEntity, nil, "sumary"},
		{"post-mortem", alice, atok, "postmortem", url.Values{"fields": {"summary: drained"}}, http.StatusSeeOther, func(i store.Incident) bool { return strings.Contains(string(i.PostMortem), "drained") }, ""},
		{"unknown incident", alice, atok, "/incidents/INC-9999/ack", nil, http.StatusNotFound, nil, ""},
	}
	for _, tc := range tests {
		form := url.Values{"csrf": {tc.tok}}
		for k, v := range tc.form {
			form[k] = v
		}
		path := "/incidents/" + id + "/" + tc.path
		if strings.HasPrefix(tc.path, "/") {
			path = tc.path
		}
		res, body := tc.c.post(path, form)
		if res.StatusCode != tc.code {
			t.Errorf("%s: %s, want %d\n%.300s", tc.name, res.Status, tc.code, body)
			continue
		}
		if tc.body != "" && !strings.Contains(body, tc.body) {
			t.Errorf("%s: the page does not say %q", tc.name, tc.body)
		}
		if tc.check != nil && !tc.check(inc()) {
			t.Errorf("%s: incident after: %+v", tc.name, inc())
		}
	}
	// The evidence bundle downloads, and its export is audited.
	res, body := alice.get("/incidents/" + id + "/evidence.tar.gz")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/gzip" || len(body) < 100 || res.Header.Get("X-Manifest-SHA256") == "" {
		t.Fatalf("evidence: %s %s %d bytes", res.Status, res.Header.Get("Content-Type"), len(body))
	}
	tl, _ := f.st.Timeline(ctx, id)
	exported := false
	for _, e := range tl {
		exported = exported || e.Kind == "evidence" && e.Actor == "alice" && strings.Contains(e.Message, res.Header.Get("X-Manifest-SHA256"))
	}
	if !exported {
		t.Error("the evidence export is not on the timeline (sealed in the audit log) with its manifest's hash")
	}
}

// TestIncidentStream: a page's live stream tells of a change made after
// the page was rendered, even before the stream opened (v=), and of a
// note another person adds while it is open.
func TestIncidentStream(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(50, "drain"))
	bob, alice := f.client(), f.client()
	bob.signIn("tok-bob")
	atok := alice.signIn("tok-alice")
	_, page := bob.get("/incidents/" + id)
	m := regexp.MustCompile(`data-stream="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no live stream on the page")
	}
	stream := html.UnescapeString(m[1])
	// A change between the page and its stream.
	if res, _ := alice.post("/incidents/"+id+"/note", url.Values{"text": {"first"}, "csrf": {atok}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %s", res.Status)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+stream, nil)
	res, err := bob.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: ") {
				events <- strings.TrimPrefix(sc.Text(), "event: ")
			}
		}
		close(events)
	}()
	next := func(what string) time.Duration {
		start := time.Now()
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("%s: the stream ended", what)
				}
				if ev == "change" {
					return time.Since(start)
				}
			case <-time.After(3 * time.Second):
				t.Fatalf("%s: no change event", what)
			}
		}
	}
	next("the change before the stream opened")
	if res, _ := alice.post("/incidents/"+id+"/note", url.Values{"text": {"second"}, "csrf": {atok}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %s", res.Status)
	}
	// The page's own change wakes the stream (the hub), not the 1 s poll
	// that catches other processes' changes.
	if took := next("a note while open"); took > 500*time.Millisecond {
		t.Errorf("the note reached the open stream after %v, want well under the 1 s poll", took)
	}
}
