package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, opts store.Options) storetest.Harness {
		s := storetest.SQLite(t, opts)
		return storetest.Harness{
			Store:        s,
			Exec:         s.Exec,
			AuditUnguard: `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete`,
		}
	})
}

// migrationSums lists the checksums of the landed migrations. A migration is
// never edited once landed: add a new file and its line here.
var migrationSums = map[string]string{
	"001_init.sql":              "15c27b7434d043f1c71a19a64c0ca6c1650559e0923d0321a379bfa7d6f98c9e",
	"002_silences.sql":          "a78e498fc1a914b7eb1935551da7ae7e81ec8c8cc1a2bb2cf193f0b2e002e433",
	"003_alert_block_time.sql":  "5bf513d9251a03ad1e708c6461ad97d2cdb27bafff97d1b65ea6c1b65e970bd1",
	"004_cursor_state.sql":      "611a2aaf8161b148e9915bc37d752296935ed136cb7b869c76c49287d793fe08",
	"005_incidents_updated.sql": "a2341139ed4dee6e2b821aae891873aa7e75519c4267b04b2a476168a592e80b",
	"006_presigned.sql":         "d0ff96bcd52438b3bbe2ce08e155063576ce965cda929e4d33da715c9e29acb4",
	"007_plan_started.sql":      "fd5c8d5ef5dd4f344f605b547aad4b7b21f12b58fb46d1d4d77f8c7b2fbdbdd3",
	"008_drills.sql":            "efaa42583c965c2c3454bc3ed332be2bbf896d822c2eebca5004cd9abad23f2c",
}

func TestMigrationsNeverEdited(t *testing.T) {
	storetest.CheckMigrationSums(t, sqlite.Migrations(), migrationSums)
}

func TestReopenAppliesNothingTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bg.db")
	s := storetest.OpenSQLite(t, path, store.Options{})
	if err := s.Tx(t.Context(), func(tx store.Tx) error {
		_, err := tx.AppendAudit(t.Context(), audit.Record{Actor: "a", Action: "b", Subject: "c"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = storetest.OpenSQLite(t, path, store.Options{})
	if h, err := s.AuditHead(t.Context()); err != nil || h.Seq != 1 {
		t.Fatalf("after reopening: head %+v, %v", h, err)
	}
	db := rawDB(t, path)
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(migrationSums) {
		t.Fatalf("schema_migrations has %d rows (%v), want %d", n, err, len(migrationSums))
	}
}

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationMismatchIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"edited", `UPDATE schema_migrations SET checksum = 'abcdef0123456789' WHERE version = 1`, "was changed after it was applied"},
		{"newer", `INSERT INTO schema_migrations VALUES (999, '999_future.sql', 'x', 0)`, "migrated by a newer version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bg.db")
			storetest.OpenSQLite(t, path, store.Options{}).Close()
			if _, err := rawDB(t, path).Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			_, err := sqlite.Open(t.Context(), path, store.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Open = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestUnavailable(t *testing.T) {
	t.Run("missing directory", func(t *testing.T) {
		_, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "no", "such", "dir", "bg.db"), store.Options{})
		if !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("Open = %v, want ErrUnavailable", err)
		}
	})
	t.Run("must exist", func(t *testing.T) {
		_, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "bg.db"), store.Options{MustExist: true})
		if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "bg.db") {
			t.Fatalf("Open = %v, want ErrNotFound naming the file", err)
		}
	})
	t.Run("locked by another process", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bg.db")
		s := storetest.OpenSQLite(t, path+"?_pragma=busy_timeout(100)", store.Options{})
		other, err := rawDB(t, path).Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if _, err := other.ExecContext(t.Context(), `BEGIN IMMEDIATE`); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		err = s.Tx(t.Context(), func(tx store.Tx) error {
			return tx.SetCursor(t.Context(), store.Cursor{Network: "n", BlockNumber: 1, BlockHash: "0x1"})
		})
		if !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("Tx while locked = %v, want ErrUnavailable", err)
		}
		if waited := time.Since(start); waited < 80*time.Millisecond {
			t.Fatalf("gave up after %v, before the busy timeout", waited)
		}
		if _, err := other.ExecContext(t.Context(), `ROLLBACK`); err != nil {
			t.Fatal(err)
		}
		// Once the lock is gone, writes go through.
		if err := s.Tx(t.Context(), func(tx store.Tx) error {
			return tx.SetCursor(t.Context(), store.Cursor{Network: "n", BlockNumber: 1, BlockHash: "0x1"})
		}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("full", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bg.db")
		storetest.OpenSQLite(t, path, store.Options{}).Close()
		var pages int
		if err := rawDB(t, path).QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		s := storetest.OpenSQLite(t, fmt.Sprintf("%s?_pragma=max_page_count(%d)", path, pages+4), store.Options{})
		big := []byte(`"` + strings.Repeat("x", 64<<10) + `"`)
		err := s.Tx(t.Context(), func(tx store.Tx) error {
			if err := tx.SetCursor(t.Context(), store.Cursor{Network: "n", BlockNumber: 1, BlockHash: "0x1"}); err != nil {
				return err
			}
			for i := range 20 {
				a := store.Alert{Detector: "d", Network: "n", BlockNumber: 1, BlockHash: "0x1", LogIndex: int64(i), Fields: big}
				if _, _, err := tx.InsertAlert(t.Context(), a); err != nil {
					return err
				}
			}
			return nil
		})
		if !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("Tx on a full database = %v, want ErrUnavailable", err)
		}
		if _, err := s.Cursor(t.Context(), "n"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the failed transaction left its cursor: %v", err)
		}
		if l, _ := s.Alerts(t.Context(), store.AlertFilter{}); len(l) != 0 {
			t.Fatalf("the failed transaction left %d alerts", len(l))
		}
	})
}

// BenchmarkAlertAndCursor measures the daemon's per-block write: one alert
// and the cursor in one transaction. Set BREAKGLASS_BENCH_SQLITE_PARAMS to
// "?_pragma=synchronous(FULL)" to measure durable commits.
func BenchmarkAlertAndCursor(b *testing.B) {
	s := storetest.OpenSQLite(b, filepath.Join(b.TempDir(), "bg.db")+os.Getenv("BREAKGLASS_BENCH_SQLITE_PARAMS"), store.Options{})
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		n := uint64(i + 1)
		err := s.Tx(ctx, func(tx store.Tx) error {
			a := store.Alert{Detector: "drain", Severity: "critical", Network: "mainnet", BlockNumber: n,
				BlockHash: fmt.Sprintf("0x%064x", n), TxHash: fmt.Sprintf("0x%064x", n+1), Contract: "0xvault",
				Fields:  []byte(`{"amount":"1000000000000000000000","to":"0x1234567890123456789012345678901234567890"}`),
				Summary: "large withdrawal"}
			if _, _, err := tx.InsertAlert(ctx, a); err != nil {
				return err
			}
			return tx.SetCursor(ctx, store.Cursor{Network: "mainnet", BlockNumber: n, BlockHash: a.BlockHash})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
