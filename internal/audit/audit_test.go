package audit

import (
	"errors"
	"testing"
	"time"
)

// The vector was computed independently with the Python snippet of the
// package documentation, so an outside auditor's recomputation agrees.
func TestSealMatchesDocumentedEncoding(t *testing.T) {
	t1 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	e1 := Seal(Head{Hash: GenesisHash}, t1, Record{Actor: "alice", Action: "incident.ack", Subject: "INC-2026-0001", Payload: []byte(`{"note":"on it"}`)})
	if want := "35330f18eb3cac3a7959fe3dadde60caa3e3fbe754294d1d9a952b5e4ce56fe9"; e1.Hash != want {
		t.Fatalf("entry 1 hash = %s, want %s", e1.Hash, want)
	}
	// A time in another zone and with nanoseconds is normalised to UTC µs.
	t2 := time.Date(2026, 3, 1, 13, 0, 1, 250000999, time.FixedZone("CET", 3600))
	e2 := Seal(Head{Seq: e1.Seq, Hash: e1.Hash}, t2, Record{Actor: "daemon", Action: "action.submitted", Subject: "INC-2026-0001"})
	if want := "f51d5dda7476d98f173353123dceaafc259fac29cd0344a1c9a74a515e452145"; e2.Hash != want {
		t.Fatalf("entry 2 hash = %s, want %s", e2.Hash, want)
	}
	if e2.Seq != 2 || e2.PrevHash != e1.Hash {
		t.Fatalf("entry 2 = seq %d prev %s", e2.Seq, e2.PrevHash)
	}
}

func chain(n int) []Entry {
	var out []Entry
	head := Head{Hash: GenesisHash}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range n {
		e := Seal(head, t0.Add(time.Duration(i)*time.Second), Record{Actor: "a", Action: "x", Subject: "s", Payload: []byte{byte(i)}})
		out = append(out, e)
		head = Head{Seq: e.Seq, Hash: e.Hash}
	}
	return out
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func([]Entry) []Entry
		wantSeq int64
		want    Problem
	}{
		{"intact", func(es []Entry) []Entry { return es }, 0, ""},
		{"empty", func([]Entry) []Entry { return nil }, 0, ""},
		{"actor changed", func(es []Entry) []Entry { es[2].Actor = "mallory"; return es }, 3, HashMismatch},
		{"time changed", func(es []Entry) []Entry { es[3].Time = es[3].Time.Add(time.Microsecond); return es }, 4, HashMismatch},
		{"payload changed", func(es []Entry) []Entry { es[1].Payload = []byte("forged"); return es }, 2, PayloadMismatch},
		{"entry removed", func(es []Entry) []Entry { return append(es[:2], es[3:]...) }, 3, SequenceGap},
		{"entries swapped", func(es []Entry) []Entry { es[1], es[2] = es[2], es[1]; return es }, 2, SequenceGap},
		{"entry rewritten and rehashed", func(es []Entry) []Entry {
			es[2].Actor = "mallory"
			es[2].Hash = es[2].ComputeHash()
			return es
		}, 4, ChainBreak},
		{"first entry not from genesis", func(es []Entry) []Entry {
			es[0].PrevHash = es[4].Hash
			es[0].Hash = es[0].ComputeHash()
			return es
		}, 1, ChainBreak},
		{"log starts late", func(es []Entry) []Entry { return es[1:] }, 1, SequenceGap},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Verify(tc.tamper(chain(5)))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("Verify error = %v, want a *VerifyError", err)
			}
			if ve.Seq != tc.wantSeq || ve.Problem != tc.want {
				t.Fatalf("Verify = entry %d %q (%v), want entry %d %q", ve.Seq, ve.Problem, err, tc.wantSeq, tc.want)
			}
		})
	}
}

func TestCheckHeadDetectsTruncation(t *testing.T) {
	es := chain(5)
	var v Verifier
	for _, e := range es[:3] {
		if err := v.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	err := v.CheckHead(Head{Seq: 5, Hash: es[4].Hash})
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.Problem != Truncated || ve.Seq != 5 {
		t.Fatalf("CheckHead = %v, want truncation at 5", err)
	}
	var empty Verifier
	if err := empty.CheckHead(Head{}); err != nil {
		t.Fatalf("empty log with empty head: %v", err)
	}
	if h := empty.Head(); h.Seq != 0 || h.Hash != GenesisHash {
		t.Fatalf("empty head = %+v", h)
	}
}
