package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/postgres"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// PostgresEnv names the environment variable holding the URL of a
// PostgreSQL database for tests.
const PostgresEnv = "BREAKGLASS_TEST_POSTGRES"

// SQLite opens a new SQLite store in a temporary directory, closed in
// t.Cleanup.
func SQLite(t testing.TB, opts store.Options) *sqlite.Store {
	t.Helper()
	return OpenSQLite(t, filepath.Join(t.TempDir(), "breakglass.db"), opts)
}

// OpenSQLite opens the SQLite store at path (which may carry ?_pragma=
// parameters), failing the test on error, and closes it in t.Cleanup.
func OpenSQLite(t testing.TB, path string, opts store.Options) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// PostgresURL returns the URL in PostgresEnv. Without it the test is
// skipped, with a message saying how to enable it, or fails when CI=true.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(PostgresEnv + " must be set in CI")
		}
		t.Skip("PostgreSQL tests are off; enable them with " + PostgresEnv +
			"=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable go test ./internal/store/...")
	}
	return u
}

// PostgresSchema creates an empty schema in the database of PostgresURL,
// dropped in t.Cleanup, and returns a URL whose search_path is that schema,
// and the schema's name. Tests using one schema each are independent.
func PostgresSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	base := PostgresURL(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", PostgresEnv, err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema = "bgtest_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close(ctx)
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close(ctx)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema
}

// Postgres opens a new PostgreSQL store in a schema of its own (see
// PostgresSchema), closed in t.Cleanup.
func Postgres(t testing.TB, opts store.Options) *postgres.Store {
	t.Helper()
	dsn, _ := PostgresSchema(t)
	return OpenPostgres(t, dsn, opts)
}

// OpenPostgres opens the PostgreSQL store at dsn, failing the test on
// error, and closes it in t.Cleanup.
func OpenPostgres(t testing.TB, dsn string, opts store.Options) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Backends returns an opener per backend, for tests of other packages that
// must hold on both: "sqlite" always, "postgres" (skipped without
// PostgresEnv, as PostgresURL says).
func Backends() map[string]func(t testing.TB, opts store.Options) store.Store {
	return map[string]func(testing.TB, store.Options) store.Store{
		"sqlite":   func(t testing.TB, o store.Options) store.Store { return SQLite(t, o) },
		"postgres": func(t testing.TB, o store.Options) store.Store { return Postgres(t, o) },
	}
}
