package evidence_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/report/evidence"
	"github.com/breakglass-dev/breakglass/internal/report/reporttest"
	"github.com/breakglass-dev/breakglass/internal/store"
)

type entry struct {
	name string
	data []byte
}

func unpack(t *testing.T, b []byte) []entry {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []entry
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, entry{h.Name, data})
	}
}

func pack(t *testing.T, es []entry) []byte {
	t.Helper()
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for _, e := range es {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// resign rewrites the manifest's sum of a changed file, as a forger who
// edits a file and its manifest entry would.
func resign(t *testing.T, es []entry, name string) {
	t.Helper()
	var mi int
	var m evidence.Manifest
	var data []byte
	for i, e := range es {
		if strings.HasSuffix(e.name, "/"+evidence.ManifestName) {
			mi = i
			if err := json.Unmarshal(e.data, &m); err != nil {
				t.Fatal(err)
			}
		}
		if strings.HasSuffix(e.name, "/"+name) {
			data = e.data
		}
	}
	for i := range m.Files {
		if m.Files[i].Path == name {
			sum := sha256.Sum256(data)
			m.Files[i].SHA256, m.Files[i].Size = hex.EncodeToString(sum[:]), int64(len(data))
		}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	es[mi].data = b
}

func edit(es []entry, name string, fn func([]byte) []byte) []entry {
	out := make([]entry, len(es))
	copy(out, es)
	for i, e := range out {
		if strings.HasSuffix(e.name, "/"+name) {
			out[i].data = fn(bytes.Clone(e.data))
		}
	}
	return out
}

func TestBundle(t *testing.T) {
	f := reporttest.New(t)
	id := f.Exploit(t)
	ctx := context.Background()
	var buf bytes.Buffer
	m, sum, err := evidence.Write(ctx, f.Store, id, &buf, evidence.Options{Now: f.Clock.Now, Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	bundle := buf.Bytes()
	var twice bytes.Buffer
	if _, sum2, err := evidence.Write(ctx, f.Store, id, &twice, evidence.Options{Now: f.Clock.Now, Actor: "alice"}); err != nil || sum2 != sum || !bytes.Equal(twice.Bytes(), bundle) {
		t.Errorf("the same record at the same time gives a different bundle (%v)", err)
	}
	f.Tx(t, func(tx store.Tx) error { return evidence.RecordExport(ctx, tx, id, "alice", sum, m) })
	paths := map[string]bool{}
	for _, fl := range m.Files {
		paths[fl.Path] = true
	}
	for _, want := range []string{evidence.IncidentFile, evidence.TimelineFile, evidence.AlertsFile, evidence.ActionsFile, evidence.AuditFile, evidence.DeliveriesFile, "analyses/01.json"} {
		if !paths[want] {
			t.Errorf("bundle lacks %s", want)
		}
	}
	if m.AuditFrom != 1 || m.AuditTo < 10 {
		t.Errorf("audit slice %d–%d", m.AuditFrom, m.AuditTo)
	}
	res, err := evidence.Verify(bytes.NewReader(bundle))
	if err != nil {
		t.Fatalf("an untouched bundle does not verify: %v %v", err, res.Problems)
	}
	if res.ManifestSHA256 != sum || res.Incident != id {
		t.Errorf("verify: manifest %s (want %s), incident %s", res.ManifestSHA256, sum, res.Incident)
	}
	if err := evidence.CheckAgainstStore(ctx, f.Store, bytes.NewReader(bundle)); err != nil {
		t.Errorf("bundle disagrees with the live audit log: %v", err)
	}
	// A later bundle holds the export in its audit slice and timeline, and
	// still verifies.
	var again bytes.Buffer
	if _, _, err := evidence.Write(ctx, f.Store, id, &again, evidence.Options{Now: f.Clock.Now, Actor: "alice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.Verify(bytes.NewReader(again.Bytes())); err != nil {
		t.Errorf("the second bundle does not verify: %v", err)
	}
	found := false
	for _, e := range unpack(t, again.Bytes()) {
		if strings.HasSuffix(e.name, evidence.TimelineFile) && strings.Contains(string(e.data), sum) {
			found = true
		}
	}
	if !found {
		t.Error("the export of the first bundle is not on the second bundle's timeline")
	}
	alerts := string(func() []byte {
		for _, e := range unpack(t, bundle) {
			if strings.HasSuffix(e.name, evidence.AlertsFile) {
				return e.data
			}
		}
		return nil
	}())
	for _, want := range []string{reporttest.ExploitTx, `"block_number": 19000000`, `"block_hash": "0x`} {
		if !strings.Contains(alerts, want) {
			t.Errorf("alerts.json lacks %s", want)
		}
	}

	es := unpack(t, bundle)
	for _, tc := range []struct {
		name   string
		tamper func() []entry
		want   string
	}{
		{"flip a byte of a file", func() []entry {
			return edit(es, evidence.AlertsFile, func(b []byte) []byte { b[len(b)/2] ^= 0x01; return b })
		}, "alerts.json: SHA-256"},
		{"remove a file", func() []entry {
			var out []entry
			for _, e := range es {
				if !strings.HasSuffix(e.name, "/analyses/01.json") {
					out = append(out, e)
				}
			}
			return out
		}, "analyses/01.json: missing from the archive"},
		{"add a file", func() []entry {
			return append(append([]entry{}, es...), entry{"evidence-" + id + "/extra.json", []byte("{}")})
		}, "extra.json: in the archive but not in the manifest"},
		{"edit the audit slice and its manifest sum", func() []entry {
			out := edit(es, evidence.AuditFile, func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"Actor": "carol"`), []byte(`"Actor": "mallory"`), 1)
			})
			resign(t, out, evidence.AuditFile)
			return out
		}, "entry hash mismatch"},
		{"edit an audit payload and its manifest sum", func() []entry {
			out := edit(es, evidence.AuditFile, func(b []byte) []byte {
				var s evidence.AuditSlice
				if err := json.Unmarshal(b, &s); err != nil {
					t.Fatal(err)
				}
				s.Entries[3].Payload = []byte(`{"timeline":4,"message":"nothing happened"}`)
				nb, _ := json.Marshal(s)
				return nb
			})
			resign(t, out, evidence.AuditFile)
			return out
		}, "payload hash mismatch"},
		{"drop an audit entry and its manifest sum", func() []entry {
			out := edit(es, evidence.AuditFile, func(b []byte) []byte {
				var s evidence.AuditSlice
				if err := json.Unmarshal(b, &s); err != nil {
					t.Fatal(err)
				}
				s.Entries = append(s.Entries[:5], s.Entries[6:]...)
				nb, _ := json.Marshal(s)
				return nb
			})
			resign(t, out, evidence.AuditFile)
			return out
		}, "sequence gap"},
		{"edit the timeline and its manifest sum", func() []entry {
			out := edit(es, evidence.TimelineFile, func(b []byte) []byte {
				return bytes.Replace(b, []byte("acknowledged by alice"), []byte("acknowledged by bob"), 1)
			})
			resign(t, out, evidence.TimelineFile)
			return out
		}, "differs from audit entry"},
		{"edit the manifest only", func() []entry {
			return edit(es, evidence.ManifestName, func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"created_by": "alice"`), []byte(`"created_by": "bob"`), 1)
			})
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := pack(t, tc.tamper())
			res, err := evidence.Verify(bytes.NewReader(b))
			if tc.want == "" {
				// The manifest itself is pinned by its hash, recorded in the
				// audit log when the bundle was made.
				if err != nil || res.ManifestSHA256 == sum {
					t.Fatalf("edited manifest: err %v, hash unchanged %v", err, res.ManifestSHA256 == sum)
				}
				return
			}
			if !errors.Is(err, evidence.ErrTampered) {
				t.Fatalf("tampering not detected: %v", err)
			}
			if !strings.Contains(strings.Join(res.Problems, "\n"), tc.want) {
				t.Fatalf("problems %q lack %q", res.Problems, tc.want)
			}
		})
	}
	if _, err := evidence.Verify(strings.NewReader("not a bundle")); err == nil {
		t.Error("garbage verified")
	}
}
