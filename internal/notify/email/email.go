// Package email sends messages over SMTP with STARTTLS, as a
// multipart/alternative mail with a text and an HTML part.
package email

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/notify"
)

// Config says how to reach the SMTP server and whom to write to.
type Config struct {
	// Addr is host:port of the server (submission port 587 usually).
	Addr     string
	From     string
	To       []string
	Username string
	// Password is a secret; it is never logged nor put in an error.
	Password string
	// Insecure allows sending without STARTTLS, for a local relay only.
	Insecure bool
	// TLS overrides the TLS configuration (e.g. a private CA).
	TLS *tls.Config
	// Timeout bounds one delivery; 0 means 30 s.
	Timeout time.Duration
}

// Channel sends to the recipients of one Config.
type Channel struct {
	cfg Config
}

// New returns a channel for cfg.
func New(cfg Config) *Channel {
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Channel{cfg: cfg}
}

// Notify delivers m. An SMTP 4xx reply or a network failure is worth a
// retry; a 5xx reply is final.
func (c *Channel) Notify(ctx context.Context, m notify.Message) (bool, error) {
	msg, err := Compose(c.cfg.From, c.cfg.To, m)
	if err != nil {
		return false, fmt.Errorf("email: %w", err)
	}
	if err := c.send(ctx, msg); err != nil {
		var tpe *textproto.Error
		if errors.As(err, &tpe) {
			return tpe.Code < 500, fmt.Errorf("email: %w", err)
		}
		return true, fmt.Errorf("email: %w", err)
	}
	return false, nil
}

func (c *Channel) send(ctx context.Context, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", c.cfg.Addr)
	if err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	host, _, _ := net.SplitHostPort(c.cfg.Addr)
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer cl.Close()
	if err := cl.Hello("breakglass"); err != nil {
		return err
	}
	if ok, _ := cl.Extension("STARTTLS"); ok {
		cfg := c.cfg.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		}
		if err := cl.StartTLS(cfg); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	} else if !c.cfg.Insecure {
		return fmt.Errorf("server %s does not offer STARTTLS (set the channel insecure only for a local relay)", c.cfg.Addr)
	}
	if c.cfg.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.cfg.Username, c.cfg.Password, host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := cl.Mail(c.cfg.From); err != nil {
		return err
	}
	for _, to := range c.cfg.To {
		if err := cl.Rcpt(to); err != nil {
			return err
		}
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

var htmlBody = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html><body style="font-family:sans-serif">
<h2>{{.Title}}</h2>
{{if .Body}}<p>{{.Body}}</p>{{end}}
{{if .Fields}}<table cellpadding="4" style="border-collapse:collapse">
{{range .Fields}}<tr><th align="left">{{.Name}}</th><td><code>{{.Value}}</code></td></tr>
{{end}}</table>{{end}}
{{if .URL}}<p><a href="{{.URL}}">Open the incident</a></p>{{end}}
<p style="color:#666;font-size:small">breakglass · {{.Event}} · {{.Time.UTC.Format "2006-01-02 15:04:05Z"}}</p>
</body></html>
`))

// Compose builds the RFC 5322 message: headers (the subject encoded per RFC
// 2047), a Message-ID derived from the message key so that a resent copy is
// recognisably the same mail, and a multipart/alternative body.
func Compose(from string, to []string, m notify.Message) ([]byte, error) {
	var text strings.Builder
	text.WriteString(m.Title + "\n\n")
	if m.Body != "" {
		text.WriteString(m.Body + "\n\n")
	}
	for _, f := range m.Fields {
		text.WriteString(f.Name + ": " + f.Value + "\n")
	}
	if m.URL != "" {
		text.WriteString("\n" + m.URL + "\n")
	}
	var html bytes.Buffer
	if err := htmlBody.Execute(&html, m); err != nil {
		return nil, fmt.Errorf("render html: %w", err)
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	hdr := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	hdr("From", from)
	hdr("To", strings.Join(to, ", "))
	hdr("Subject", mime.QEncoding.Encode("utf-8", m.Title))
	hdr("Date", m.Time.UTC().Format(time.RFC1123Z))
	sum := sha256.Sum256([]byte(m.Key))
	hdr("Message-ID", "<"+hex.EncodeToString(sum[:16])+"@breakglass>")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	buf.WriteString("\r\n")
	for _, part := range []struct{ ctype, body string }{
		{"text/plain; charset=utf-8", text.String()},
		{"text/html; charset=utf-8", html.String()},
	} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write([]byte(part.body)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
