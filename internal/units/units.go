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

// Format writes v, in base units, for people: scaled by decimals, with the
// whole part grouped by thousands and the symbol after it, exactly (no
// rounding): Format(1234500000000000000000, 18, "ETH") is "1,234.5 ETH".
// An empty symbol leaves it out.
func Format(v *big.Int, decimals uint8, symbol string) string {
	s := Scaled(v, decimals)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	if symbol != "" {
		b.WriteByte(' ')
		b.WriteString(symbol)
	}
	return b.String()
}

// FormatString is Format of a decimal string of base units; ok is false
// when s is not a decimal integer.
func FormatString(s string, decimals uint8, symbol string) (string, bool) {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return "", false
	}
	return Format(v, decimals, symbol), true
}
