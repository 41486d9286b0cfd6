package plan

import (
	"strings"
	"testing"
)

func TestScanLiterals(t *testing.T) {
	for _, tc := range []struct {
		src, text string
		kinds     []string // of _0, _1, …
	}{
		{"amount > 100 ether", "amount > _0       ", []string{LitUnit}},
		{"amount > 5% of reserve0", "amount > _0 *  reserve0", []string{LitPercent}},
		{"change(x, 3 blocks) < -8%", "change(x, _0      ) < -_1", []string{LitBlocks, LitPercent}},
		{"change(x, 1 hour) > 0.5%", "change(x, _0    ) > _1  ", []string{LitDuration, LitPercent}},
		{"amount > 1000 USDC", "amount > _0       ", []string{LitToken}},
		{"10 % 3 == 1 && x % 2 == 0 && 7 % (y) == 1", "10 % 3 == 1 && x % 2 == 0 && 7 % (y) == 1", nil},
		{"x.of == 1 && a of b > 1e18", "x.of == 1 && a *  b > _0  ", []string{LitNumber}},
		{"to == 0x00000000000000000000000000000000000000a1", "to == _0                                        ", []string{LitNumber}},
		{"n > 123456789012345678901234567890", "n > _0                            ", []string{LitNumber}},
	} {
		text, lits, err := ScanLiterals(tc.src)
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		if text != tc.text || len(lits) != len(tc.kinds) {
			t.Errorf("%q → %q (%d literals), want %q (%d)", tc.src, text, len(lits), tc.text, len(tc.kinds))
			continue
		}
		for i, k := range tc.kinds {
			if got := lits["_"+string(rune('0'+i))].Kind; got != k {
				t.Errorf("%q: literal %d is %s, want %s", tc.src, i, got, k)
			}
		}
	}
	if _, _, err := ScanLiterals("amount > 0x10 ether"); err == nil || !strings.Contains(err.Error(), "decimal number") {
		t.Errorf("hex with a unit: %v", err)
	}
}
