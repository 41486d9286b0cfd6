package postgres_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/postgres"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.PostgresURL(t) // skip (or fail in CI) once, not in every subtest
	storetest.Run(t, func(t *testing.T, opts store.Options) storetest.Harness {
		s := storetest.Postgres(t, opts)
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
	"001_init.sql":              "485dc549c7c6de686ab7610216ccba423514c83208b916848deddee748a127b0",
	"002_silences.sql":          "18dd27114616e607d9aa3138fbb9e3fca48402ca0d5077c7be5c10f1310f1566",
	"003_alert_block_time.sql":  "d77afb6f010599b8e4b7c43b6cfa5422a439f4168b72f13f5ab247cc7feb745d",
	"004_cursor_state.sql":      "611a2aaf8161b148e9915bc37d752296935ed136cb7b869c76c49287d793fe08",
	"005_incidents_updated.sql": "a2341139ed4dee6e2b821aae891873aa7e75519c4267b04b2a476168a592e80b",
	"006_presigned.sql":         "1f83c95d0ea649c52f1663f27a3fa01fda05b1f866cad28206791ba6b935a597",
	"007_plan_started.sql":      "fd5c8d5ef5dd4f344f605b547aad4b7b21f12b58fb46d1d4d77f8c7b2fbdbdd3",
	"008_drills.sql":            "e4c95cebea0380021e167a37bd1d2490cb06551854165d8c77806b8b0b706457",
}

func TestMigrationsNeverEdited(t *testing.T) {
	storetest.CheckMigrationSums(t, postgres.Migrations(), migrationSums)
}

// TestConcurrentOpen: daemons starting together on one database migrate it
// once (the advisory lock), and reopening applies nothing twice.
func TestConcurrentOpen(t *testing.T) {
	dsn, _ := storetest.PostgresSchema(t)
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
	s := storetest.OpenPostgres(t, dsn, store.Options{})
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(migrationSums) {
		t.Fatalf("schema_migrations has %d rows (%v), want %d", n, err, len(migrationSums))
	}
	if h, err := s.AuditHead(t.Context()); err != nil || h.Seq != 0 {
		t.Fatalf("head = %+v, %v", h, err)
	}
}

func TestEditedMigrationIsRefused(t *testing.T) {
	dsn, _ := storetest.PostgresSchema(t)
	s := storetest.OpenPostgres(t, dsn, store.Options{})
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
	dsn, schema := storetest.PostgresSchema(t)
	app := schema + "_gone"
	s := storetest.OpenPostgres(t, dsn+"&application_name="+app, store.Options{})
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
