package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/backend"
)

// auditDB creates a SQLite database with n audit entries and returns its
// path and the head hash.
func auditDB(t *testing.T, n int) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bg.db")
	s, err := backend.Open(t.Context(), "sqlite:"+path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var last audit.Entry
	for i := range n {
		err := s.Tx(t.Context(), func(tx store.Tx) (err error) {
			last, err = tx.AppendAudit(t.Context(), audit.Record{Actor: "alice", Action: "incident.note", Subject: "INC-2026-0001", Payload: []byte{byte('a' + i)}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return path, last.Hash
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// mustRun runs breakglass with args, fails the test unless it exits with
// wantCode, and returns its stdout and stderr, in that order.
func mustRun(t *testing.T, wantCode int, args ...string) string {
	t.Helper()
	code, out, errOut := runCLI(t, args...)
	if code != wantCode {
		t.Fatalf("breakglass %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, wantCode, out, errOut)
	}
	return out + errOut
}

func TestAuditVerify(t *testing.T) {
	path, head := auditDB(t, 4)
	code, out, stderr := runCLI(t, "audit", "verify", "--db", "sqlite:"+path)
	if code != 0 || out != "audit log OK: 4 entries, head "+head+"\n" || stderr != "" {
		t.Fatalf("intact log: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	// Someone with database access rewrites entry 2's actor.
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`DROP TRIGGER audit_log_no_update`,
		`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr = runCLI(t, "audit", "verify", "--db", "sqlite:"+path)
	if code != 1 || out != "" || !strings.Contains(stderr, "BROKEN at entry 2: entry hash mismatch") ||
		strings.Count(stderr, "\n") != 1 {
		t.Fatalf("tampered log: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	code, out, _ = runCLI(t, "audit", "verify", "--json", "--db", "sqlite:"+path)
	var res auditResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	if code != 1 || res.OK || res.Entry != 2 || res.Problem != string(audit.HashMismatch) || res.Entries != 1 {
		t.Fatalf("--json on a tampered log: exit %d, %+v", code, res)
	}
}

func TestAuditVerifyBadDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.db")
	for _, tc := range []struct {
		name, db, want string
	}{
		{"unknown scheme", "mysql://x", `--db: unknown database URL "mysql://x": use sqlite:PATH or postgres://…`},
		{"password not shown", "mysql://root:hunter2@db/x", `unknown database URL "mysql://root:xxxxx@db/x"`},
		{"sqlite url form", "sqlite://x.db", "not sqlite://"},
		{"missing file", "sqlite:" + missing, "does not exist"},
		{"not a database", "sqlite:" + writeFile(t, "not a database, just text"), "cannot open database"},
		{"postgres down", "postgres://postgres@127.0.0.1:1/x?connect_timeout=2", "cannot open database postgres://postgres@127.0.0.1:1/x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, "audit", "verify", "--db", tc.db)
			if code == 0 || out != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 ||
				strings.Contains(stderr, "hunter2") || strings.Contains(stderr, "goroutine") {
				t.Fatalf("exit %d, stdout %q, stderr %q; want one line containing %q", code, out, stderr, tc.want)
			}
		})
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatalf("verify created the missing database: %v", err)
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "file.db")
	if err := os.WriteFile(p, []byte(strings.Repeat(content+"\n", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
