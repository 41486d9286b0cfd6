package storetest

import (
	"io/fs"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/store/internal/sqlstore"
)

// CheckMigrationSums checks the migrations in fsys against want, the
// SHA-256 of every landed migration by file name: a landed migration must
// never be edited or removed, and a new one must be added to want.
func CheckMigrationSums(t testing.TB, fsys fs.FS, want map[string]string) {
	t.Helper()
	ms, err := sqlstore.Migrations(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, m := range ms {
		got[m.Name] = true
		sum, ok := want[m.Name]
		if !ok {
			t.Errorf("migration %s (sha256 %s) is not listed: add it to migrationSums", m.Name, m.Checksum)
		} else if sum != m.Checksum {
			t.Errorf("migration %s was edited (sha256 %s, landed as %s): restore it and add a new migration instead", m.Name, m.Checksum, sum)
		}
	}
	for name := range want {
		if !got[name] {
			t.Errorf("landed migration %s is missing", name)
		}
	}
}
