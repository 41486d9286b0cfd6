package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed, fatal bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed, r.fatal = true, true }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.golden")
	if err := os.WriteFile(path, []byte("same\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		path          string
		got           string
		failed, fatal bool
	}{
		{"equal", path, "same\n", false, false},
		{"different", path, "other\n", true, false},
		{"missing file", path + ".none", "same\n", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Check(r, tt.path, []byte(tt.got))
			if r.failed != tt.failed || r.fatal != tt.fatal {
				t.Errorf("failed, fatal = %t, %t; want %t, %t", r.failed, r.fatal, tt.failed, tt.fatal)
			}
		})
	}
}
