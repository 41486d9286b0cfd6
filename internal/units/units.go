// Package units writes token amounts for people: base units scaled by the
// token's decimals, exactly, as decimal strings.
package units

import (
	"math/big"
	"strings"
)

// Scaled writes v divided by 10^decimals exactly, without trailing zeros:
// Scaled(1500000000000000000, 18) is "1.5", Scaled(-25, 2) is "-0.25".
func Scaled(v *big.Int, decimals uint8) string {
	neg := v.Sign() < 0
	s := new(big.Int).Abs(v).String()
	d := int(decimals)
	if len(s) <= d {
		s = strings.Repeat("0", d-len(s)+1) + s
	}
	whole, frac := s[:len(s)-d], strings.TrimRight(s[len(s)-d:], "0")
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
