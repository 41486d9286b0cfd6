// Package golden compares what a test produced with a golden file under
// testdata/, and rewrites the file instead when the test runs with -update:
//
//	go test ./internal/report -update
//
// Only test code imports it; importing it registers the -update flag.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ instead of comparing with them")

// Check compares got with the file at path and reports a difference as a
// test error showing what was got; with -update it writes got to path.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("update golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it; review the diff):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// Updating reports whether the tests run with -update: a test whose golden
// files another tool makes (node, solc) makes them anew then.
func Updating() bool { return *update }

// ReadJSON reads the JSON file at path into v, failing the test when it
// cannot.
func ReadJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
