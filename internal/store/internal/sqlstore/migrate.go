package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one schema migration file, NNN_name.sql.
type Migration struct {
	// Version is the NNN prefix of the file name.
	Version int64
	// Name is the file name.
	Name string
	// SQL is the file's content, run as one Exec.
	SQL string
	// Checksum is the SHA-256 of the file, hex; the database records it.
	Checksum string
}

// MigrationsDir returns the migrations directory of a dialect's embedded
// files (//go:embed migrations/*.sql), which holds it: fs.Sub cannot fail.
func MigrationsDir(embedded fs.FS) fs.FS {
	sub, err := fs.Sub(embedded, "migrations")
	if err != nil {
		panic(err) // the directory is embedded: cannot happen
	}
	return sub
}

// Migrations reads the *.sql files of fsys's root, named NNN_name.sql, in
// version order.
func Migrations(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	seen := map[int64]string{}
	for _, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNN_description.sql", name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s have the same version %d", other, name, v)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		out = append(out, Migration{Version: v, Name: path.Base(name), SQL: string(b), Checksum: hex.EncodeToString(sum[:])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies the migrations of fsys that the database lacks, in one
// transaction, and records them in schema_migrations. It refuses a database
// whose applied migrations differ from these files (a migration edited after
// it landed) or that a newer breakglass has migrated further.
func (s *Store) Migrate(ctx context.Context, fsys fs.FS) error {
	ms, err := Migrations(fsys)
	if err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	tc, err := s.conn.Begin(ctx)
	if err != nil {
		return s.b.fail("migrate: begin", err)
	}
	defer func() { _ = tc.Rollback(context.WithoutCancel(ctx)) }() // a no-op after Commit
	if s.b.d.MigrationLock != "" {
		if _, err := tc.Exec(ctx, s.b.d.MigrationLock); err != nil {
			return s.b.fail("migrate: lock", err)
		}
	}
	if _, err := tc.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version BIGINT PRIMARY KEY,
	name TEXT NOT NULL,
	checksum TEXT NOT NULL,
	applied_at BIGINT NOT NULL
)`); err != nil {
		return s.b.fail("migrate: create schema_migrations", err)
	}
	applied, err := queryAll(ctx, tc, func(rows Rows) (Migration, error) {
		var m Migration
		err := rows.Scan(&m.Version, &m.Name, &m.Checksum)
		return m, err
	}, `SELECT version, name, checksum FROM schema_migrations ORDER BY version`)
	if err != nil {
		return s.b.fail("migrate: read schema_migrations", err)
	}
	known := map[int64]Migration{}
	for _, m := range ms {
		known[m.Version] = m
	}
	done := map[int64]bool{}
	for _, a := range applied {
		m, ok := known[a.Version]
		if !ok {
			return fmt.Errorf("migrate: the database has migration %d (%s), which this breakglass does not know: it was migrated by a newer version", a.Version, a.Name)
		}
		if m.Checksum != a.Checksum {
			return fmt.Errorf("migrate: migration %s was changed after it was applied to this database (checksum %s, applied %s): migrations must never be edited, add a new one", m.Name, m.Checksum[:12], a.Checksum[:min(12, len(a.Checksum))])
		}
		done[a.Version] = true
	}
	now := micros(s.b.timeNow())
	for _, m := range ms {
		if done[m.Version] {
			continue
		}
		if _, err := tc.Exec(ctx, m.SQL); err != nil {
			return s.b.fail("migrate: apply "+m.Name, err)
		}
		if _, err := tc.Exec(ctx, `INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)`,
			m.Version, m.Name, m.Checksum, now); err != nil {
			return s.b.fail("migrate: record "+m.Name, err)
		}
		s.b.log.Info("applied migration", "db", s.b.d.Name, "migration", m.Name)
	}
	if err := tc.Commit(ctx); err != nil {
		return s.b.fail("migrate: commit", err)
	}
	return nil
}
