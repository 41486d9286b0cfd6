package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/discord"
	"github.com/breakglass-dev/breakglass/internal/notify/email"
	"github.com/breakglass-dev/breakglass/internal/notify/integrations"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/notify/pagerduty"
	"github.com/breakglass-dev/breakglass/internal/notify/slack"
	"github.com/breakglass-dev/breakglass/internal/notify/telegram"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

var t0 = time.Date(2026, 11, 25, 14, 3, 7, 0, time.UTC)

// hostile is a message full of the characters each channel's markup
// reserves, longer than every channel's limits.
func hostile() notify.Message {
	m := notify.Message{
		Key: "INC-1/opened/slack", Event: notify.IncidentOpened, Audience: notify.Internal,
		IncidentID: "INC-1", Severity: "critical", Status: "detected",
		Title: "Re-entrancy on <LendingPool> & friends: *drained* _fast_ [v2] (1.5 ETH) @everyone " + strings.Repeat("x", 300),
		Body:  "Withdraw re-entered: <!channel> a_b*c [x](y) ~z~ `code` >quote #tag +1 -1 =2 |pipe| {brace}. bang! back\\slash " + strings.Repeat("é", 7000),
		URL:   "https://war.room/incidents/INC-1",
		Time:  t0,
	}
	for i := range 30 {
		m.Fields = append(m.Fields, notify.Field{Name: fmt.Sprintf("field_%d <&>", i), Value: strings.Repeat("v", 1500) + "*_"})
	}
	return m
}

func simple() notify.Message {
	return notify.Message{
		Key: "INC-7/opened/x", Event: notify.IncidentOpened, Audience: notify.Internal,
		IncidentID: "INC-7", Severity: "high", Status: "detected",
		Title: "Oracle manipulation on LendingPool", Body: "Borrow after a spot price jump.",
		Fields: []notify.Field{{Name: "Tx", Value: "0xabc"}}, Time: t0,
	}
}

func TestSlackWireFormat(t *testing.T) {
	srv := notifytest.NewHTTPServer(t)
	srv.Check = checkSlack
	ch := slack.New(srv.URL+"/services/T0/B0/secret", nil)
	for _, m := range []notify.Message{simple(), hostile()} {
		if retry, err := ch.Notify(context.Background(), m); err != nil {
			t.Fatalf("notify: retry=%v err=%v", retry, err)
		}
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("got %d requests, want 2", len(reqs))
	}
	var p slack.Payload
	if err := json.Unmarshal(reqs[1].Body, &p); err != nil {
		t.Fatal(err)
	}
	body := p.Blocks[1].Text.Text
	if strings.Contains(body, "<!channel>") || !strings.Contains(body, "&lt;!channel&gt; a_b*c") {
		t.Errorf("mention not escaped: %.80s", body)
	}
}

// checkSlack validates a Block Kit incoming-webhook payload against Slack's
// documented shapes and limits.
func checkSlack(r notifytest.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("content-type %q", ct)
	}
	var p struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"text"`
			Fields []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"fields"`
			Elements []json.RawMessage `json:"elements"`
		} `json:"blocks"`
	}
	dec := json.NewDecoder(strings.NewReader(string(r.Body)))
	if err := dec.Decode(&p); err != nil {
		return err
	}
	if p.Text == "" {
		return errors.New("no fallback text")
	}
	if len(p.Blocks) == 0 || len(p.Blocks) > 50 {
		return fmt.Errorf("%d blocks", len(p.Blocks))
	}
	for i, b := range p.Blocks {
		switch b.Type {
		case "header":
			if b.Text == nil || b.Text.Type != "plain_text" || n(b.Text.Text) > 150 || b.Text.Text == "" {
				return fmt.Errorf("block %d: bad header", i)
			}
		case "section":
			if b.Text == nil && len(b.Fields) == 0 {
				return fmt.Errorf("block %d: section without text or fields", i)
			}
			if b.Text != nil && (n(b.Text.Text) > 3000 || b.Text.Text == "") {
				return fmt.Errorf("block %d: section text %d chars", i, n(b.Text.Text))
			}
			if len(b.Fields) > 10 {
				return fmt.Errorf("block %d: %d fields", i, len(b.Fields))
			}
			for _, f := range b.Fields {
				if n(f.Text) > 2000 {
					return fmt.Errorf("block %d: field %d chars", i, n(f.Text))
				}
				if strings.ContainsAny(f.Text, "<>") {
					return fmt.Errorf("block %d: unescaped < or > in field", i)
				}
			}
			if b.Text != nil && b.Text.Type == "mrkdwn" && strings.ContainsAny(b.Text.Text, "<>") {
				return fmt.Errorf("block %d: unescaped < or > in mrkdwn", i)
			}
		case "context":
			if len(b.Elements) == 0 || len(b.Elements) > 10 {
				return fmt.Errorf("block %d: %d context elements", i, len(b.Elements))
			}
		default:
			return fmt.Errorf("block %d: unexpected type %q", i, b.Type)
		}
	}
	return nil
}

func n(s string) int { return utf8.RuneCountInString(s) }

func TestDiscordWireFormat(t *testing.T) {
	srv := notifytest.NewHTTPServer(t)
	srv.Default = notifytest.Response{Status: http.StatusNoContent}
	srv.Check = func(r notifytest.Request) error {
		var p discord.Payload
		if err := json.Unmarshal(r.Body, &p); err != nil {
			return err
		}
		if n(p.Content) > 2000 || len(p.Embeds) != 1 || len(p.Embeds) > 10 {
			return fmt.Errorf("content %d, embeds %d", n(p.Content), len(p.Embeds))
		}
		if p.AllowedMentions.Parse == nil || len(p.AllowedMentions.Parse) != 0 {
			return errors.New("allowed_mentions must block every mention")
		}
		e := p.Embeds[0]
		total := n(e.Title) + n(e.Description) + n(e.Footer.Text)
		if n(e.Title) > 256 || n(e.Description) > 4096 || len(e.Fields) > 25 || n(e.Footer.Text) > 2048 {
			return fmt.Errorf("embed over a limit: title %d desc %d fields %d", n(e.Title), n(e.Description), len(e.Fields))
		}
		for _, f := range e.Fields {
			if n(f.Name) > 256 || n(f.Value) > 1024 || f.Name == "" || f.Value == "" {
				return fmt.Errorf("field over a limit or empty: %d/%d", n(f.Name), n(f.Value))
			}
			total += n(f.Name) + n(f.Value)
		}
		if total > 6000 {
			return fmt.Errorf("embed total %d > 6000", total)
		}
		if _, err := time.Parse(time.RFC3339, e.Timestamp); err != nil {
			return fmt.Errorf("timestamp: %w", err)
		}
		return nil
	}
	ch := discord.New(srv.URL+"/api/webhooks/1/secret", nil)
	for _, m := range []notify.Message{simple(), hostile()} {
		if _, err := ch.Notify(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	var p discord.Payload
	if err := json.Unmarshal(srv.Requests()[1].Body, &p); err != nil {
		t.Fatal(err)
	}
	if d := p.Embeds[0].Description; strings.Contains(d, "<!channel> a_b") || !strings.Contains(d, `a\_b\*c`) {
		t.Errorf("markdown not escaped: %.80s", d)
	}
	// Rate limited: retry with Discord's Retry-After.
	srv.Script(notifytest.Response{Status: 429, Header: http.Header{"Retry-After": {"2"}}, Body: `{"retry_after": 2.0, "global": false}`})
	retry, err := ch.Notify(context.Background(), simple())
	if d, ok := notify.RetryAfter(err); !retry || !ok || d != 2*time.Second {
		t.Fatalf("429: retry=%v after=%v err=%v", retry, d, err)
	}
}

func TestTelegramWireFormat(t *testing.T) {
	srv := notifytest.NewHTTPServer(t)
	srv.Default = notifytest.Response{Status: 200, Body: `{"ok":true,"result":{"message_id":1}}`}
	srv.Check = func(r notifytest.Request) error {
		if r.Path != "/bot123:SECRET/sendMessage" {
			return fmt.Errorf("path %q", r.Path)
		}
		var q telegram.Request
		if err := json.Unmarshal(r.Body, &q); err != nil {
			return err
		}
		if q.ChatID != "-100200" || q.ParseMode != "MarkdownV2" {
			return fmt.Errorf("chat %q mode %q", q.ChatID, q.ParseMode)
		}
		visible, err := parseMarkdownV2(q.Text)
		if err != nil {
			return fmt.Errorf("Bad Request: can't parse entities: %w", err)
		}
		if n(visible) > 4096 {
			return fmt.Errorf("text %d chars > 4096", n(visible))
		}
		return nil
	}
	ch := telegram.New(srv.URL, "123:SECRET", "-100200", nil)
	for _, m := range []notify.Message{simple(), hostile()} {
		if _, err := ch.Notify(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if errs := srv.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}

	srv.Check = nil
	srv.Script(notifytest.Response{Status: 429, Body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`})
	retry, err := ch.Notify(context.Background(), simple())
	if d, ok := notify.RetryAfter(err); !retry || !ok || d != 7*time.Second {
		t.Fatalf("429: retry=%v after=%v err=%v", retry, d, err)
	}
	srv.Script(notifytest.Response{Status: 400, Body: `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`})
	retry, err = ch.Notify(context.Background(), simple())
	if retry || err == nil || !strings.Contains(err.Error(), "chat not found") {
		t.Fatalf("400: retry=%v err=%v", retry, err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Fatal("bot token leaked into the error")
	}
}

// parseMarkdownV2 checks text the way Telegram does for MarkdownV2: every
// reserved character is escaped unless it opens or closes an entity; here
// only bold (*) is used as an entity. It returns the visible text.
func parseMarkdownV2(s string) (string, error) {
	var out strings.Builder
	bold := false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\':
			if i+1 >= len(rs) {
				return "", errors.New("dangling backslash")
			}
			i++
			out.WriteRune(rs[i])
		case r == '*':
			bold = !bold
		case strings.ContainsRune("_[]()~`>#+-=|{}.!", r):
			return "", fmt.Errorf("character %q is reserved and must be escaped", r)
		default:
			out.WriteRune(r)
		}
	}
	if bold {
		return "", errors.New("unclosed bold entity")
	}
	return out.String(), nil
}

func TestPagerDutyWireFormat(t *testing.T) {
	srv := notifytest.NewHTTPServer(t)
	srv.Default = notifytest.Response{Status: 202, Body: `{"status":"success","message":"Event processed","dedup_key":"INC-7"}`}
	srv.Check = checkPagerDuty
	ch := pagerduty.New(srv.URL+"/v2/enqueue", "R0UT1NGKEY0000000000000000000000", "breakglass-test", nil)
	ack := simple()
	ack.Event, ack.Status = notify.IncidentStatus, "acknowledged"
	res := simple()
	res.Event, res.Status = notify.IncidentResolved, "resolved"
	for _, m := range []notify.Message{simple(), hostile(), ack, res} {
		if _, err := ch.Notify(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	var actions []string
	for _, r := range srv.Requests() {
		var e pagerduty.Event
		if err := json.Unmarshal(r.Body, &e); err != nil {
			t.Fatal(err)
		}
		actions = append(actions, e.EventAction+":"+e.DedupKey)
	}
	want := "trigger:breakglass-test:INC-7 trigger:breakglass-test:INC-1 acknowledge:breakglass-test:INC-7 resolve:breakglass-test:INC-7"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("actions = %s, want %s", got, want)
	}

	srv.Check = nil
	srv.Script(notifytest.Response{Status: 429, Body: `{"status":"throttle event"}`})
	if retry, err := ch.Notify(context.Background(), simple()); !retry || err == nil {
		t.Fatalf("429 must be retried: retry=%v err=%v", retry, err)
	}
	srv.Script(notifytest.Response{Status: 400, Body: `{"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect"]}`})
	if retry, err := ch.Notify(context.Background(), simple()); retry || err == nil {
		t.Fatalf("400 must not be retried: retry=%v err=%v", retry, err)
	}
}

// checkPagerDuty enforces the Events API v2 schema: required fields, enums
// and lengths.
func checkPagerDuty(r notifytest.Request) error {
	var e map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &e); err != nil {
		return err
	}
	var ev pagerduty.Event
	if err := json.Unmarshal(r.Body, &ev); err != nil {
		return err
	}
	if len(ev.RoutingKey) != 32 {
		return fmt.Errorf("routing_key length %d, want 32", len(ev.RoutingKey))
	}
	switch ev.EventAction {
	case "trigger":
		if ev.Payload == nil {
			return errors.New("trigger without payload")
		}
		p := ev.Payload
		if p.Summary == "" || n(p.Summary) > 1024 || p.Source == "" {
			return fmt.Errorf("payload summary/source invalid")
		}
		switch p.Severity {
		case "critical", "error", "warning", "info":
		default:
			return fmt.Errorf("severity %q", p.Severity)
		}
		if p.Timestamp != "" {
			if _, err := time.Parse(time.RFC3339, p.Timestamp); err != nil {
				return err
			}
		}
	case "acknowledge", "resolve":
		if ev.DedupKey == "" {
			return errors.New(ev.EventAction + " without dedup_key")
		}
	default:
		return fmt.Errorf("event_action %q", ev.EventAction)
	}
	if n(ev.DedupKey) > 255 {
		return errors.New("dedup_key > 255")
	}
	return nil
}

// TestPagerDutyDedupPerDeployment: two deployments (staging and
// production plans) share one PagerDuty service and both number their
// incidents from INC-2026-0001. Their events, built through the plan's
// channel factory and checked against the Events API v2 schema, must carry
// distinct dedup keys (and sources), while every event of one incident of
// one deployment keeps one key; a deployment named in the plan is used.
func TestPagerDutyDedupPerDeployment(t *testing.T) {
	srv := notifytest.NewHTTPServer(t)
	srv.Default = notifytest.Response{Status: 202, Body: `{"status":"success","message":"Event processed"}`}
	srv.Check = checkPagerDuty
	t.Setenv("PD_ROUTING_KEY", "R0UT1NGKEY0000000000000000000000")
	key, err := plan.ParseSecretRef("env:PD_ROUTING_KEY", "")
	if err != nil {
		t.Fatal(err)
	}
	deployments := map[string]string{
		"staging":    (&plan.Plan{Name: "Example Lending", Networks: []plan.Network{{Name: "sepolia"}}}).DeploymentID(),
		"production": (&plan.Plan{Name: "Example Lending", Networks: []plan.Network{{Name: "mainnet"}, {Name: "arbitrum"}}}).DeploymentID(),
		"named":      "lending-prod-eu",
	}
	if deployments["production"] != "example-lending@mainnet+arbitrum" {
		t.Errorf("DeploymentID = %q", deployments["production"])
	}
	keys := map[string]string{}
	for name, dep := range deployments {
		chs, err := notify.Build([]plan.Channel{{Name: "oncall", Type: plan.ChannelPagerDuty, RoutingKey: key, APIURL: srv.URL + "/v2/enqueue", Deployment: dep}}, integrations.Factories(), nil)
		if err != nil {
			t.Fatal(err)
		}
		opened := simple()
		opened.IncidentID = "INC-2026-0001"
		resolved := opened
		resolved.Event, resolved.Status = notify.IncidentResolved, "resolved"
		for _, m := range []notify.Message{opened, resolved} {
			if _, err := chs["oncall"].Notify(context.Background(), m); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		reqs := srv.Requests()
		var first, last pagerduty.Event
		if err := json.Unmarshal(reqs[len(reqs)-2].Body, &first); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(reqs[len(reqs)-1].Body, &last); err != nil {
			t.Fatal(err)
		}
		if first.DedupKey != last.DedupKey || first.EventAction != "trigger" || last.EventAction != "resolve" {
			t.Errorf("%s: trigger %q and resolve %q of one incident must share a dedup key", name, first.DedupKey, last.DedupKey)
		}
		if first.DedupKey == "INC-2026-0001" || !strings.HasPrefix(first.DedupKey, dep+":") || first.Payload.Source != dep {
			t.Errorf("%s: dedup key %q, source %q: want them named after the deployment %q", name, first.DedupKey, first.Payload.Source, dep)
		}
		for other, k := range keys {
			if k == first.DedupKey {
				t.Errorf("deployments %s and %s share dedup key %q", name, other, k)
			}
		}
		keys[name] = first.DedupKey
	}
	long := simple()
	long.IncidentID = strings.Repeat("I", 300)
	if k := pagerduty.DedupKey(strings.Repeat("d", 128), long); utf8.RuneCountInString(k) > 255 {
		t.Errorf("dedup key of %d characters", utf8.RuneCountInString(k))
	}
}

func TestPagerDutySeverity(t *testing.T) {
	for in, want := range map[string]string{"critical": "critical", "high": "error", "medium": "warning", "low": "info", "": "info", "CRITICAL": "critical"} {
		if got := pagerduty.Severity(in); got != want {
			t.Errorf("Severity(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWebhookSignature(t *testing.T) {
	secret := []byte("whsec-test")
	srv := notifytest.NewHTTPServer(t)
	srv.Check = func(r notifytest.Request) error {
		return webhook.Verify(secret, r.Header.Get(webhook.HeaderTimestamp), r.Header.Get(webhook.HeaderSignature), r.Body, time.Now(), 5*time.Minute)
	}
	if _, err := webhook.New(srv.URL, secret, nil).Notify(context.Background(), simple()); err != nil {
		t.Fatal(err)
	}
	r := srv.Requests()[0]
	if r.Header.Get(webhook.HeaderIdempotencyKey) != "INC-7/opened/x" {
		t.Errorf("idempotency key = %q", r.Header.Get(webhook.HeaderIdempotencyKey))
	}
	var m notify.Message
	if err := json.Unmarshal(r.Body, &m); err != nil || m.IncidentID != "INC-7" {
		t.Fatalf("body: %v %+v", err, m)
	}
	// The receiver refuses a wrong secret, a tampered body and a stale timestamp.
	if retry, err := webhook.New(srv.URL, []byte("wrong"), nil).Notify(context.Background(), simple()); err == nil || retry {
		t.Fatalf("wrong secret accepted: retry=%v err=%v", retry, err)
	}
	ts := r.Header.Get(webhook.HeaderTimestamp)
	sig := r.Header.Get(webhook.HeaderSignature)
	if webhook.Verify(secret, ts, sig, append(r.Body, ' '), time.Now(), time.Minute) == nil {
		t.Error("tampered body verified")
	}
	if webhook.Verify(secret, ts, sig, r.Body, time.Now().Add(time.Hour), time.Minute) == nil {
		t.Error("stale timestamp verified")
	}
}

func TestEmailSTARTTLS(t *testing.T) {
	srv := notifytest.NewSMTPServer(t)
	ch := email.New(email.Config{Addr: srv.Addr, From: "breakglass@proto.test", To: []string{"oncall@proto.test", "cto@proto.test"}, Username: "bg", Password: "pw", TLS: srv.ClientTLS})
	m := simple()
	m.Title = "Ré-entrancy <b>on</b> pool"
	if _, err := ch.Notify(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	mails := srv.Mails()
	if len(mails) != 1 {
		t.Fatalf("%d mails", len(mails))
	}
	got := mails[0]
	if !got.TLS || got.Auth == "" || got.From != "breakglass@proto.test" || len(got.To) != 2 {
		t.Fatalf("envelope: %+v", got)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subj != m.Title {
		t.Fatalf("subject %q (%v)", subj, err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content-type %q", mt)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		types = append(types, p.Header.Get("Content-Type"))
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") && strings.Contains(string(b), "<b>on</b>") {
			t.Error("title not HTML-escaped")
		}
	}
	if strings.Join(types, ",") != "text/plain; charset=utf-8,text/html; charset=utf-8" {
		t.Fatalf("parts %v", types)
	}
	if msg.Header.Get("Message-Id") == "" {
		t.Error("no Message-ID")
	}

	// A temporary rejection is retried, a permanent one is not.
	srv.Reject = "451 4.3.0 try later"
	if retry, err := ch.Notify(context.Background(), m); !retry || err == nil {
		t.Fatalf("451: retry=%v err=%v", retry, err)
	}
	srv.Reject = "550 5.7.1 relaying denied"
	if retry, err := ch.Notify(context.Background(), m); retry || err == nil {
		t.Fatalf("550: retry=%v err=%v", retry, err)
	}
}

func TestPostClassifiesAnswers(t *testing.T) {
	srv := notifytest.NewHTTPServer(t)
	cases := []struct {
		resp      notifytest.Response
		retry     bool
		wantErr   bool
		wantAfter time.Duration
	}{
		{notifytest.Response{Status: 200}, false, false, 0},
		{notifytest.Response{Status: 204}, false, false, 0},
		{notifytest.Response{Status: 500, Body: "boom"}, true, true, 0},
		{notifytest.Response{Status: 503, Header: http.Header{"Retry-After": {"30"}}}, true, true, 30 * time.Second},
		{notifytest.Response{Status: 429, Header: http.Header{"Retry-After": {"1.5"}}}, true, true, 1500 * time.Millisecond},
		{notifytest.Response{Status: 404, Body: "no_service"}, false, true, 0},
		{notifytest.Response{Status: 400, Body: "invalid_payload"}, false, true, 0},
	}
	for _, c := range cases {
		srv.Script(c.resp)
		_, retry, err := notify.Post(context.Background(), nil, srv.URL+"/hooks/SECRETPATH", "application/json", []byte(`{}`), nil)
		if retry != c.retry || (err != nil) != c.wantErr {
			t.Errorf("HTTP %d: retry=%v err=%v", c.resp.Status, retry, err)
		}
		if d, _ := notify.RetryAfter(err); d != c.wantAfter {
			t.Errorf("HTTP %d: retry after %v, want %v", c.resp.Status, d, c.wantAfter)
		}
	}
	// A node that is gone: retried, and the secret path is not in the error.
	srv.Close()
	_, retry, err := notify.Post(context.Background(), nil, srv.URL+"/hooks/SECRETPATH", "application/json", []byte(`{}`), nil)
	if !retry || err == nil || strings.Contains(err.Error(), "SECRETPATH") {
		t.Fatalf("connection refused: retry=%v err=%v", retry, err)
	}
}
