package detect_test

import (
	"testing"

	"github.com/breakglass-dev/breakglass/internal/detect"
)

func TestThresholds(t *testing.T) {
	type th struct {
		num, unit, text         string
		share, neg, above, not_ bool
	}
	tests := []struct {
		src  string
		want []th
	}{
		{"amount > 1000000 dusd", []th{{num: "1000000", unit: "dusd", text: "1000000", above: true}}},
		{"amount > 2_000_000 usdc && reserve == contracts.usdc", []th{{num: "2000000", unit: "usdc", text: "2_000_000", above: true}}},
		{"value >= 5% of reserve0", []th{{num: "5", unit: "%", text: "5", share: true, above: true}}},
		{"1000 ether < msg", []th{{num: "1000", unit: "ether", text: "1000", above: true}}},
		{"zscore(x, 200 blocks) < 6 && events_count(c, \"W\") < 50", []th{{num: "6", text: "6"}, {num: "50", text: "50"}}},
		{"change(p, 3 blocks) < 8% && change(p, 3 blocks) > -8%", []th{{num: "8", unit: "%", text: "8"}, {num: "8", unit: "%", text: "8", neg: true, above: true}}},
		{"not (amount > 1e21)", []th{{num: "1e21", text: "1e21", above: true, not_: true}}},
		{"amount > 0 && to != 0x0000000000000000000000000000000000000001", nil},
		{"a > b && x == 5", nil},
		{"amount > 1.5 ether", []th{{num: "1.5", unit: "ether", text: "1.5", above: true}}},
	}
	for _, tc := range tests {
		got, err := detect.Thresholds(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d thresholds %+v, want %d", tc.src, len(got), got, len(tc.want))
		}
		for i, w := range tc.want {
			g := got[i]
			text := string([]rune(tc.src)[g.From:g.To])
			if g.Num != w.num || g.Unit != w.unit || text != w.text || g.Share != w.share || g.Negative != w.neg || g.Above != w.above || g.Negated != w.not_ {
				t.Errorf("%s: #%d = %+v (text %q), want %+v", tc.src, i, g, text, w)
			}
		}
	}
}
