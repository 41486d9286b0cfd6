package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/internal/sqlstore"
	"github.com/breakglass-dev/breakglass/internal/store/postgres"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

const envVar = "BREAKGLASS_TEST_POSTGRES"

// baseURL returns the test database's URL, or skips (fails in CI) without one.
func baseURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv(envVar)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(envVar + " must be set in CI")
		}
		t.Skip("PostgreSQL tests are off; enable them with " + envVar +
			"=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable go test ./internal/store/...")
	}
	return u
}

// freshSchema creates an empty schema for one test, dropped in t.Cleanup,
// and returns a URL whose search_path is that schema.
func freshSchema(t *testing.T, base string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", envVar, err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "bgtest_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close(ctx)
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close(ctx)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openStore(t *testing.T, dsn string, opts store.Options) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	base := baseURL(t)
	storetest.Run(t, func(t *testing.T, opts store.Options) storetest.Harness {
		s := openStore(t, freshSchema(t, base), opts)
		return storetest.Harness{
			Store:        s,
			Exec:         s.Exec,
			AuditUnguard: `DROP TRIGGER audit_log_no_change ON audit_log`,
		}
	})
}

// migrationSums lists the checksums of the landed migrations. A migration is
// never edited once landed: add a new file and its line here.
var migrationSums = map[string]string{
	"001_init.sql": "485dc549c7c6de686ab7610216ccba423514c83208b916848deddee748a127b0",
}

func TestMigrationsNeverEdited(t *testing.T) {
	ms, err := sqlstore.Migrations(postgres.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, m := range ms {
		got[m.Name] = true
		sum, ok := migrationSums[m.Name]
		if !ok {
			t.Errorf("migration %s (sha256 %s) is not listed: add it to migrationSums", m.Name, m.Checksum)
		} else if sum != m.Checksum {
			t.Errorf("migration %s was edited (sha256 %s, landed as %s): restore it and add a new migration instead", m.Name, m.Checksum, sum)
		}
	}
	for name := range migrationSums {
		if !got[name] {
			t.Errorf("landed migration %s is missing", name)
		}
	}
}

// TestConcurrentOpen: daemons starting together on one database migrate it
// once (the advisory lock), and reopening applies nothing twice.
func TestConcurrentOpen(t *testing.T) {
	dsn := freshSchema(t, baseURL(t))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), dsn, store.Options{})
			if err != nil {
				t.Error(err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	s := openStore(t, dsn, store.Options{})
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("schema_migrations has %d rows (%v), want 1", n, err)
	}
	if h, err := s.AuditHead(t.Context()); err != nil || h.Seq != 0 {
		t.Fatalf("head = %+v, %v", h, err)
	}
}

func TestEditedMigrationIsRefused(t *testing.T) {
	dsn := freshSchema(t, baseURL(t))
	s := openStore(t, dsn, store.Options{})
	if err := s.Exec(t.Context(), `UPDATE schema_migrations SET checksum = 'abcdef0123456789' WHERE version = 1`); err != nil {
		t.Fatal(err)
	}
	_, err := postgres.Open(t.Context(), dsn, store.Options{})
	if err == nil || !strings.Contains(err.Error(), "was changed after it was applied") {
		t.Fatalf("Open = %v, want a refusal", err)
	}
}

func TestUnreachable(t *testing.T) {
	// Nothing listens on port 1: the error says so and is ErrUnavailable.
	_, err := postgres.Open(t.Context(), "postgres://postgres:s3cret@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", store.Options{})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Open = %v, want ErrUnavailable", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("the error shows the password: %v", err)
	}
	_, err = postgres.Open(t.Context(), "postgres://postgres:s3cret@127.0.0.1:notaport/x", store.Options{})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("bad URL: %v", err)
	}
}

// TestServerGone: when the server drops the store's connections, the
// operation fails with ErrUnavailable, nothing is half-written, and the
// store reconnects for the next one.
func TestServerGone(t *testing.T) {
	dsn := freshSchema(t, baseURL(t))
	app := "bgtest_gone_" + strings.TrimPrefix(strings.Split(strings.Split(dsn, "search_path=")[1], "&")[0], "bgtest_")
	s := openStore(t, dsn+"&application_name="+app, store.Options{})
	admin, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	kill := func() {
		t.Helper()
		if _, err := admin.Exec(t.Context(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, app); err != nil {
			t.Fatal(err)
		}
	}
	err = s.Tx(t.Context(), func(tx store.Tx) error {
		if err := tx.SetCursor(t.Context(), store.Cursor{Network: "n", BlockNumber: 1, BlockHash: "0x1"}); err != nil {
			return err
		}
		kill()
		return tx.SetCursor(t.Context(), store.Cursor{Network: "m", BlockNumber: 1, BlockHash: "0x1"})
	})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Tx whose connection was killed = %v, want ErrUnavailable", err)
	}
	if _, err := s.Cursor(t.Context(), "n"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("half of the killed transaction was kept: %v", err)
	}
	if err := s.Tx(t.Context(), func(tx store.Tx) error {
		return tx.SetCursor(t.Context(), store.Cursor{Network: "n", BlockNumber: 2, BlockHash: "0x2"})
	}); err != nil {
		t.Fatalf("after reconnecting: %v", err)
	}
}
