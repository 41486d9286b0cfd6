package units

import (
	"math/big"
	"testing"
)

func TestScaled(t *testing.T) {
	tests := []struct {
		v    string
		dec  uint8
		want string
	}{
		{"1000000000000000000", 18, "1"},
		{"1500000000000000000", 18, "1.5"},
		{"-25", 2, "-0.25"},
		{"7", 3, "0.007"},
		{"0", 6, "0"},
		{"0", 18, "0"},
		{"-1000000000000000001", 18, "-1.000000000000000001"},
		{"123", 0, "123"},
		{"-40000000000000000000", 18, "-40"},
		{"672201474816701669", 18, "0.672201474816701669"},
		{"1", 18, "0.000000000000000001"},
	}
	for _, tt := range tests {
		v, _ := new(big.Int).SetString(tt.v, 10)
		if got := Scaled(v, tt.dec); got != tt.want {
			t.Errorf("Scaled(%s, %d) = %s, want %s", tt.v, tt.dec, got, tt.want)
		}
		if v.String() != tt.v {
			t.Errorf("Scaled(%s, %d) changed its argument to %s", tt.v, tt.dec, v)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		v, sym string
		dec    uint8
		want   string
	}{
		{"100000000000000000000", "ETH", 18, "100 ETH"},
		{"1234500000000000000000", "ETH", 18, "1,234.5 ETH"},
		{"-1234567890", "USDC", 6, "-1,234.56789 USDC"},
		{"1", "dUSD", 18, "0.000000000000000001 dUSD"},
		{"999", "", 0, "999"},
		{"1000", "", 0, "1,000"},
		{"123456789", "X", 0, "123,456,789 X"},
	}
	for _, tt := range tests {
		got, ok := FormatString(tt.v, tt.dec, tt.sym)
		if !ok || got != tt.want {
			t.Errorf("FormatString(%s, %d, %q) = %q, %v; want %q", tt.v, tt.dec, tt.sym, got, ok, tt.want)
		}
	}
	if _, ok := FormatString("12abc", 18, "ETH"); ok {
		t.Error("FormatString accepted a non-number")
	}
}
