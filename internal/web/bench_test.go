package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// seed stores n incidents of mixed severity and status.
func seed(tb testing.TB, f *fixture, n int) {
	tb.Helper()
	ctx := context.Background()
	sevs := []string{"critical", "high", "low"}
	sts := []incident.Status{incident.Detected, incident.Acknowledged, incident.Contained, incident.Resolved, incident.Closed}
	err := f.st.Tx(ctx, func(tx store.Tx) error {
		for i := range n {
			inc := storetest.Incident(fmt.Sprintf("incident %d <b>bold</b>", i))
			inc.Contract = "0x00000000000000000000000000000000000000aa"
			inc.Severity, inc.Status = sevs[i%len(sevs)], sts[i%len(sts)]
			inc.GroupKey = fmt.Sprintf("g%d", i)
			inc.OpenedAt = time.Now().Add(-time.Duration(i) * time.Minute).UTC()
			if _, err := tx.CreateIncident(ctx, inc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkIncidentList renders the list of 1,000 incidents (every
// status), server side (the handler: read, sort, render). The target is
// ≤ 200 ms.
func BenchmarkIncidentList(b *testing.B) {
	f := newFixture(b)
	seed(b, f, 1000)
	c := f.client()
	c.signIn("tok-alice")
	u, _ := url.Parse(f.srv.URL)
	cookies := c.http.Jar.Cookies(u)
	h := f.web.Handler()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/incidents?status=all", nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.Len() < 100_000 {
			b.Fatalf("list: %d, %d bytes", rec.Code, rec.Body.Len())
		}
	}
}

// TestIncidentListFast: the list of 1,000 incidents renders in ≤ 200 ms,
// open ones first, the most severe first.
func TestIncidentListFast(t *testing.T) {
	f := newFixture(t)
	seed(t, f, 1000)
	c := f.client()
	c.signIn("tok-alice")
	// Server time: the handler alone (read, sort, render), the best of
	// five, so that a busy machine's scheduling is not counted.
	u, _ := url.Parse(f.srv.URL)
	var cookies []*http.Cookie
	cookies = append(cookies, c.http.Jar.Cookies(u)...)
	var best time.Duration
	var page string
	for i := 0; i < 5; i++ {
		req := httptest.NewRequest(http.MethodGet, "/incidents?status=all", nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		start := time.Now()
		f.web.Handler().ServeHTTP(rec, req)
		took := time.Since(start)
		if rec.Code != http.StatusOK {
			t.Fatalf("list: %d", rec.Code)
		}
		if i == 0 || took < best {
			best = took
		}
		page = rec.Body.String()
	}
	t.Logf("1,000 incidents: %v", best)
	limit := 200 * time.Millisecond
	if raceEnabled {
		limit *= 10 // the race detector's slowdown, not the page's
	}
	if best > limit {
		t.Errorf("the list of 1,000 incidents took %v, want ≤ %v", best, limit)
	}
	if n := strings.Count(page, "<tr class="); n != 1000 {
		t.Errorf("%d rows, want 1000", n)
	}
	first := strings.Index(page, "<tr class=")
	if !strings.HasPrefix(page[first:], `<tr class="open">`) || !strings.Contains(page[first:first+300], "sev-critical") {
		t.Errorf("the first row is not an open critical incident:\n%.300s", page[first:])
	}
	if strings.Contains(page, "<b>bold</b>") {
		t.Error("a title's markup reached the page")
	}
	// Filters.
	_, open := c.get("/incidents")
	if n := strings.Count(open, "<tr class="); n != 600 {
		t.Errorf("open incidents: %d rows, want 600", n)
	}
	_, byStatus := c.get("/incidents?status=contained&network=mainnet&contract=vault")
	if n := strings.Count(byStatus, "<tr class="); n != 200 {
		t.Errorf("contained on vault: %d rows, want 200", n)
	}
	_, other := c.get("/incidents?status=all&network=other")
	if n := strings.Count(other, "<tr class="); n != 0 {
		t.Errorf("another network: %d rows, want 0", n)
	}
	// A status that does not exist is refused with the ones that do, not
	// shown as an empty list.
	res, bad := c.get("/incidents?status=containd")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad, "unknown status") || !strings.Contains(bad, "contained") {
		t.Errorf("unknown status: %s\n%.500s", res.Status, bad)
	}
}

// TestNotificationLinkLeadsToTheIncident: the link in every notification
// (api.public_url + /incidents/ID, app.IncidentURL) opens the incident's
// page, through the sign-in page when needed.
func TestNotificationLinkLeadsToTheIncident(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(20, "drain"))
	p := *f.app.Plan
	p.API.PublicURL = f.srv.URL + "/"
	link := app.IncidentURL(&p)(id)
	u, _ := url.Parse(link)
	c := f.client()
	res, _ := c.get(u.Path)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Fatalf("%s without a session: %s → %q", link, res.Status, loc)
	}
	_, page := c.get(loc)
	res, _ = c.post("/signin", url.Values{"csrf": {csrf(t, page)}, "token": {"tok-bob"}, "next": {u.Path}})
	if res.Header.Get("Location") != u.Path {
		t.Fatalf("after sign-in: → %q, want %q", res.Header.Get("Location"), u.Path)
	}
	res, page = c.get(u.Path)
	if res.StatusCode != http.StatusOK || !strings.Contains(page, id) || !strings.Contains(page, `id="timeline"`) {
		t.Fatalf("%s: %s", link, res.Status)
	}
	// Amounts in units, links to the explorer.
	for _, want := range []string{"100 ETH", "1.5 ETH", "https://explorer.example.org/tx/0x"} {
		if !strings.Contains(page, want) {
			t.Errorf("the incident page lacks %q", want)
		}
	}
}

// TestFundsAndDrafts: an attached analysis shows its loss and balance
// changes in units of their tokens (with the symbol the analysis read),
// and the token names are escaped; the draft disclosure is on the page.
func TestFundsAndDrafts(t *testing.T) {
	f := newFixture(t)
	id := f.ingest(vaultAlert(30, "drain"))
	doc := `{"tx":"0x` + strings.Repeat("ab", 32) + `","block":30,"status":"success","from":"0x00000000000000000000000000000000000000bb",
"attackers":["0x00000000000000000000000000000000000000bb"],"victims":["0x00000000000000000000000000000000000000aa"],
"loss":{"0x00000000000000000000000000000000000000cc":"2500000000000","0x0000000000000000000000000000000000000000":"1000000000000000000"},
"loss_usd":"2500001.00",
"balance_changes":[{"address":"0x00000000000000000000000000000000000000bb","token":"0x00000000000000000000000000000000000000cc","delta":"2500000000000"}],
"tokens":{"0x00000000000000000000000000000000000000cc":{"symbol":"<i>USDC</i>","decimals":6},"0x0000000000000000000000000000000000000000":{"symbol":"ETH","decimals":18}}}`
	a, err := report.ParseAnalysis("test", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := f.st.Tx(ctx, func(tx store.Tx) error { return report.AttachAnalysis(ctx, tx, f.app.Incidents, id, "alice", a) }); err != nil {
		t.Fatal(err)
	}
	c := f.client()
	c.signIn("tok-carol")
	_, page := c.get("/incidents/" + id)
	for _, want := range []string{"2,500,000 &lt;i&gt;USDC&lt;/i&gt;", "1 ETH", "about 2500001.00 USD", "Draft public disclosure", "https://explorer.example.org/address/0x00000000000000000000000000000000000000bb"} {
		if !strings.Contains(page, want) {
			t.Errorf("the incident page lacks %q", want)
		}
	}
	if strings.Contains(page, "<i>USDC") {
		t.Error("a token symbol's markup reached the page")
	}
}
