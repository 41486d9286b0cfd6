package storetest

import (
	"bytes"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/store"
)

func testPresigned(t *testing.T, e *env) {
	ctx := e.ctx
	mk := func(nonce uint64, hash string) store.Presigned {
		return store.Presigned{Network: "mainnet", Executor: "council", Contract: "vault", Action: "pause", ChainID: 1,
			Safe: "0xABCDEF0000000000000000000000000000000001", To: "0xAAAA000000000000000000000000000000000002", Value: "0",
			Data: []byte{0x84, 0x56, 0xcb, 0x59}, Nonce: nonce, SafeTxHash: hash,
			Owners: []string{"0xB0B0000000000000000000000000000000000003", "0xC0C0000000000000000000000000000000000004"}, Threshold: 2}
	}
	var a, b store.Presigned
	e.tx(func(tx store.Tx) error {
		var err error
		var isNew bool
		if a, isNew, err = tx.InsertPresigned(ctx, mk(7, "0xAA01")); err != nil || !isNew {
			t.Fatalf("insert: new %v, %v", isNew, err)
		}
		if b, _, err = tx.InsertPresigned(ctx, mk(8, "0xAA02")); err != nil {
			return err
		}
		// The same hash again is the stored one, not a second row.
		again, isNew, err := tx.InsertPresigned(ctx, mk(7, "0xaa01"))
		if err != nil || isNew || again.ID != a.ID {
			t.Fatalf("insert again: %+v new %v, %v", again, isNew, err)
		}
		return nil
	})
	if a.ID == 0 || a.Safe != "0xabcdef0000000000000000000000000000000001" || a.Owners[0] != "0xb0b0000000000000000000000000000000000003" || a.CreatedAt.IsZero() {
		t.Fatalf("stored: %+v", a)
	}
	sig := bytes.Repeat([]byte{1}, 65)
	e.tx(func(tx store.Tx) error {
		for _, tc := range []struct {
			owner string
			want  bool
		}{{"0xB0B0000000000000000000000000000000000003", true}, {"0xb0b0000000000000000000000000000000000003", false}, {"0xC0C0000000000000000000000000000000000004", true}} {
			if isNew, err := tx.AddPresignature(ctx, a.ID, store.Presignature{Owner: tc.owner, Signature: sig}); err != nil || isNew != tc.want {
				t.Fatalf("add signature of %s: new %v, %v; want new %v", tc.owner, isNew, err, tc.want)
			}
		}
		return nil
	})
	err := e.s.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.AddPresignature(ctx, 999999, store.Presignature{Owner: "0x01", Signature: sig})
		return err
	})
	wantErr(t, err, store.ErrNotFound)

	got, err := e.s.Presigned(ctx, a.ID)
	if err != nil || len(got.Signatures) != 2 || !bytes.Equal(got.Signatures[0].Signature, sig) || got.Signatures[0].Owner != "0xb0b0000000000000000000000000000000000003" ||
		!bytes.Equal(got.Data, a.Data) || got.Nonce != 7 || got.SafeTxHash != "0xaa01" || got.Threshold != 2 || got.Signatures[0].AddedAt.IsZero() {
		t.Fatalf("read back: %+v, %v", got, err)
	}
	_, err = e.s.Presigned(ctx, 999999)
	wantErr(t, err, store.ErrNotFound)

	list := func(f store.PresignedFilter) []int64 {
		t.Helper()
		ps, err := e.s.PresignedList(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		return ids
	}
	for _, tc := range []struct {
		name string
		f    store.PresignedFilter
		want []int64
	}{
		{"all", store.PresignedFilter{}, []int64{a.ID, b.ID}},
		{"executor", store.PresignedFilter{Executor: "council"}, []int64{a.ID, b.ID}},
		{"other executor", store.PresignedFilter{Executor: "guardian"}, nil},
		{"safe in any case", store.PresignedFilter{Safe: "0xABCDEF0000000000000000000000000000000001"}, []int64{a.ID, b.ID}},
		{"min nonce", store.PresignedFilter{MinNonce: 8}, []int64{b.ID}},
	} {
		if got := list(tc.f); len(got) != len(tc.want) || (len(got) > 0 && (got[0] != tc.want[0] || got[len(got)-1] != tc.want[len(tc.want)-1])) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
