package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/backend"
)

// defaultDB is the --db of every command that takes one.
const defaultDB = backend.DefaultDSN

// dbFlagUsage is the help text of --db.
const dbFlagUsage = "database: sqlite:PATH or a postgres:// URL"

// openStore opens the database of a command's --db (creating a SQLite file
// that does not exist yet), with its migrations applied.
func openStore(ctx context.Context, e *env, dsn string) (store.Store, error) {
	return openDB(ctx, e, dsn, store.Options{Logger: e.log})
}

// openExistingStore opens the database of a command that only reads: a
// SQLite file that does not exist is an error, not a new empty database.
func openExistingStore(ctx context.Context, e *env, dsn string) (store.Store, error) {
	return openDB(ctx, e, dsn, store.Options{Logger: e.log, MustExist: true})
}

// readExistingStore opens the existing database of --db (see
// openExistingStore), reads from it with read and closes it.
func readExistingStore[T any](ctx context.Context, e *env, dsn string, read func(store.Store) (T, error)) (T, error) {
	s, err := openExistingStore(ctx, e, dsn)
	if err != nil {
		var zero T
		return zero, err
	}
	defer s.Close()
	return read(s)
}

func openDB(ctx context.Context, e *env, dsn string, opts store.Options) (store.Store, error) {
	s, err := backend.Open(ctx, dsn, opts)
	if err == nil {
		return s, nil
	}
	name := backend.Redact(dsn)
	switch {
	case strings.HasPrefix(err.Error(), "unknown database URL"), strings.HasPrefix(err.Error(), "database URL"):
		return nil, fmt.Errorf("--db: %w", err)
	case opts.MustExist && errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("database %s does not exist: name an existing one with --db sqlite:PATH or --db postgres://…", name)
	case errors.Is(err, store.ErrUnavailable):
		return nil, fmt.Errorf("cannot open database %s (it is unreachable, locked, full or damaged): %s", name, oneLine(err))
	}
	return nil, fmt.Errorf("cannot open database %s: %s", name, oneLine(err))
}

// oneLine keeps an error message on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
