// Package backend opens a store.Store from a database URL, choosing the
// implementation: "sqlite:PATH" or "postgres://…" ("postgresql://…").
package backend

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/postgres"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// DefaultDSN is the database used when none is given.
const DefaultDSN = "sqlite:breakglass.db"

// Open opens the database named by dsn and applies pending migrations.
//
//   - "sqlite:PATH" opens (or creates) the SQLite file PATH; "sqlite::memory:"
//     opens a private database in a temporary file removed on Close (an
//     in-memory SQLite database cannot be shared by the store's separate
//     read and write connections).
//   - "postgres://…" and "postgresql://…" connect to PostgreSQL.
func Open(ctx context.Context, dsn string, opts store.Options) (store.Store, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == ":memory:" {
			return openTemp(ctx, opts)
		}
		if strings.HasPrefix(path, "//") {
			return nil, fmt.Errorf("database URL %q: write sqlite:PATH (e.g. sqlite:breakglass.db or sqlite:/var/lib/breakglass.db), not sqlite://", dsn)
		}
		if path == "" {
			return nil, fmt.Errorf("database URL %q: missing file path: use sqlite:PATH", dsn)
		}
		s, err := sqlite.Open(ctx, path, opts)
		if err != nil {
			return nil, err
		}
		return s, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s, err := postgres.Open(ctx, dsn, opts)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	return nil, fmt.Errorf("unknown database URL %q: use sqlite:PATH or postgres://…", Redact(dsn))
}

// Redact returns dsn with any password replaced, for messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	return u.Redacted()
}

// tempStore is a SQLite store in a temporary directory, removed on Close.
type tempStore struct {
	*sqlite.Store
	dir string
}

func openTemp(ctx context.Context, opts store.Options) (store.Store, error) {
	dir, err := os.MkdirTemp("", "breakglass-db-")
	if err != nil {
		return nil, fmt.Errorf("temporary database: %w", err)
	}
	opts.MustExist = false
	s, err := sqlite.Open(ctx, filepath.Join(dir, "breakglass.db"), opts)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &tempStore{Store: s, dir: dir}, nil
}

func (t *tempStore) Close() error {
	err := t.Store.Close()
	if rerr := os.RemoveAll(t.dir); err == nil {
		err = rerr
	}
	return err
}
