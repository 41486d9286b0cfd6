package backend_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/backend"
)

func TestOpenRejectsBadURLs(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"mysql://x", `unknown database URL "mysql://x": use sqlite:PATH or postgres://…`},
		{"breakglass.db", `unknown database URL "breakglass.db"`},
		{"", `unknown database URL ""`},
		{"mysql://u:hunter2@h/db", `unknown database URL "mysql://u:xxxxx@h/db"`},
		{"sqlite:", "missing file path"},
		{"sqlite:///var/x.db", "not sqlite://"},
	} {
		_, err := backend.Open(t.Context(), tc.dsn, store.Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Open(%q) = %v, want an error containing %q", tc.dsn, err, tc.want)
		}
	}
}

func TestOpenSQLite(t *testing.T) {
	dir := t.TempDir()
	s, err := backend.Open(t.Context(), "sqlite:"+dir+"/bg.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + "/bg.db"); err != nil {
		t.Fatal(err)
	}
	_, err = backend.Open(t.Context(), "sqlite:"+dir+"/other.db", store.Options{MustExist: true})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("MustExist on a missing file: %v", err)
	}
}

// sqlite::memory: is a private temporary database, removed on Close.
func TestOpenMemory(t *testing.T) {
	s, err := backend.Open(t.Context(), "sqlite::memory:", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(t.Context(), func(tx store.Tx) error {
		return tx.SetCursor(t.Context(), store.Cursor{Network: "n", BlockNumber: 1, BlockHash: "0x1"})
	}); err != nil {
		t.Fatal(err)
	}
	if c, err := s.Cursor(t.Context(), "n"); err != nil || c.BlockNumber != 1 {
		t.Fatalf("cursor = %+v, %v", c, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	other, err := backend.Open(t.Context(), "sqlite::memory:", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Cursor(t.Context(), "n"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a new memory database sees another's data: %v", err)
	}
}
