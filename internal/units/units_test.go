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
