package plan

import (
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// String formats p as FILE:LINE:COL (FILE alone when the line is unknown).
func (p Pos) String() string {
	file := p.File
	if file == "" {
		file = "plan"
	}
	if p.Line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// IsValid reports whether p holds a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Duration is a time.Duration written as a Go duration ("30m", "72h",
// "1h30m") or with a days unit ("1d", "7d", "1d12h").
type Duration time.Duration

// ParseDuration parses s as a Duration. Negative durations are refused.
func ParseDuration(s string) (Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, errors.New("empty duration")
	}
	if in == "0" {
		return 0, nil
	}
	if strings.HasPrefix(in, "-") {
		return 0, fmt.Errorf("duration %q is negative", s)
	}
	var total time.Duration
	rest := in
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] == '.' || rest[i] >= '0' && rest[i] <= '9') {
			i++
		}
		j := i
		for j < len(rest) && (rest[j] >= 'a' && rest[j] <= 'z' || rest[j] >= 0x80) {
			j++
		}
		num, unit := rest[:i], rest[i:j]
		if num == "" || unit == "" {
			return 0, fmt.Errorf("duration %q: want a number and a unit (ms, s, m, h, d), e.g. 30m or 1d", s)
		}
		var part time.Duration
		if unit == "d" {
			h, err := time.ParseDuration(num + "h")
			if err != nil || h > time.Duration(1<<63-1)/24 {
				return 0, fmt.Errorf("duration %q: bad number of days", s)
			}
			part = 24 * h
		} else {
			d, err := time.ParseDuration(num + unit)
			if err != nil {
				return 0, fmt.Errorf("duration %q: unknown unit %q (want ms, s, m, h or d)", s, unit)
			}
			part = d
		}
		if total > time.Duration(1<<63-1)-part {
			return 0, fmt.Errorf("duration %q is too long", s)
		}
		total += part
		rest = rest[j:]
	}
	return Duration(total), nil
}

// String formats d in days when it is a whole number of days, as a Go
// duration otherwise.
func (d Duration) String() string {
	td := time.Duration(d)
	if td != 0 && td%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(td/(24*time.Hour)), 10) + "d"
	}
	return td.String()
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Date is a calendar day, written YYYY-MM-DD.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses s as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// In returns the start of the day d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// SecretRef refers to a secret without holding it: "env:NAME" reads the
// environment variable NAME, "file:PATH" the file PATH (relative to the plan
// file), trimmed of surrounding white space. The value is read only by
// Resolve; every other method shows the reference, never the value.
type SecretRef struct {
	kind string // "env" or "file"; "" for no reference
	ref  string // variable name or path as written
	dir  string // base of a relative file path
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// errNotRef is returned for a value that is not a secret reference. It
// never repeats the value, which may be a secret written by mistake.
var errNotRef = errors.New("not a secret reference: want env:NAME or file:PATH (never write a secret in the plan)")

// ParseSecretRef parses "env:NAME" or "file:PATH"; a relative PATH is taken
// relative to dir.
func ParseSecretRef(s, dir string) (SecretRef, error) {
	kind, ref, ok := strings.Cut(strings.TrimSpace(s), ":")
	switch {
	case !ok:
		return SecretRef{}, errNotRef
	case kind == "env":
		if !envName.MatchString(ref) {
			return SecretRef{}, errors.New("env: reference: want env:NAME with NAME made of letters, digits and _")
		}
	case kind == "file":
		if strings.TrimSpace(ref) == "" {
			return SecretRef{}, errors.New("file: reference: want file:PATH")
		}
	default:
		return SecretRef{}, errNotRef
	}
	return SecretRef{kind: kind, ref: ref, dir: dir}, nil
}

// IsZero reports whether no reference is set.
func (s SecretRef) IsZero() bool { return s.kind == "" }

// String returns the reference as written ("env:NAME"), never the value.
func (s SecretRef) String() string {
	if s.kind == "" {
		return ""
	}
	return s.kind + ":" + s.ref
}

// GoString is String, so that %#v shows no more than the reference.
func (s SecretRef) GoString() string { return fmt.Sprintf("plan.SecretRef(%q)", s.String()) }

// MarshalText returns the reference, never the value.
func (s SecretRef) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a reference; a file path stays relative to the
// working directory.
func (s *SecretRef) UnmarshalText(b []byte) error {
	v, err := ParseSecretRef(string(b), "")
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Resolve reads the secret now. Errors name the reference, not the value.
func (s SecretRef) Resolve() (string, error) {
	switch s.kind {
	case "env":
		v, ok := os.LookupEnv(s.ref)
		if !ok || v == "" {
			return "", fmt.Errorf("secret %s: environment variable %s is not set", s, s.ref)
		}
		return v, nil
	case "file":
		path := s.ref
		if !filepath.IsAbs(path) && s.dir != "" {
			path = filepath.Join(s.dir, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("secret %s: %w", s, err)
		}
		v := strings.TrimSpace(string(b))
		if v == "" {
			return "", fmt.Errorf("secret %s: file %s is empty", s, path)
		}
		return v, nil
	default:
		return "", errors.New("no secret reference set")
	}
}

// Endpoint is a URL written either literally or, when it holds a secret
// (an API key in an RPC URL), as a secret reference.
type Endpoint struct {
	url string
	ref SecretRef
}

// ParseEndpoint parses a literal URL with one of the given schemes, or an
// env:/file: reference to one.
func ParseEndpoint(s, dir string, schemes ...string) (Endpoint, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "env:") || strings.HasPrefix(s, "file:") {
		ref, err := ParseSecretRef(s, dir)
		if err != nil {
			return Endpoint{}, err
		}
		return Endpoint{ref: ref}, nil
	}
	if err := checkURL(s, schemes...); err != nil {
		return Endpoint{}, err
	}
	return Endpoint{url: s}, nil
}

// checkURL checks that s is an absolute URL with a host and one of schemes.
// Its errors do not repeat s, which may hold a credential.
func checkURL(s string, schemes ...string) error {
	u, err := url.Parse(s)
	want := strings.Join(schemes, ", ")
	if err != nil || u.Host == "" {
		return fmt.Errorf("not a URL: want %s://HOST[:PORT]/… or env:NAME", strings.Join(schemes, "|"))
	}
	for _, sc := range schemes {
		if u.Scheme == sc {
			return nil
		}
	}
	return fmt.Errorf("URL scheme %q not allowed here (want %s)", u.Scheme, want)
}

// IsZero reports whether no endpoint is set.
func (e Endpoint) IsZero() bool { return e.url == "" && e.ref.IsZero() }

// IsSecret reports whether the URL is read through a secret reference.
func (e Endpoint) IsSecret() bool { return !e.ref.IsZero() }

// String returns the literal URL or the reference, never a secret value.
func (e Endpoint) String() string {
	if e.url != "" {
		return e.url
	}
	return e.ref.String()
}

// GoString is String, so that %#v shows no more than the plan does.
func (e Endpoint) GoString() string { return fmt.Sprintf("plan.Endpoint(%q)", e.String()) }

// MarshalText returns what String returns.
func (e Endpoint) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// Resolve returns the URL, reading the secret reference if there is one.
func (e Endpoint) Resolve() (string, error) {
	if e.url != "" {
		return e.url, nil
	}
	return e.ref.Resolve()
}

// Wei is an amount of wei, written as a number with an optional unit
// ("3 gwei", "0.5 gwei", "1000000000"; see ParseAmount). The zero Wei is
// unset.
type Wei struct {
	v    *big.Int
	text string
}

// ParseWei parses an amount of wei (see ParseAmount).
func ParseWei(s string) (Wei, error) {
	v, err := ParseAmount(strings.TrimSpace(s))
	if err != nil {
		return Wei{}, err
	}
	return Wei{v: v, text: strings.TrimSpace(s)}, nil
}

// IsSet reports whether the amount was given.
func (w Wei) IsSet() bool { return w.v != nil }

// IsZero reports whether the amount is unset (for omitempty).
func (w Wei) IsZero() bool { return w.v == nil }

// Int returns the amount in wei (a copy), or nil when unset.
func (w Wei) Int() *big.Int {
	if w.v == nil {
		return nil
	}
	return new(big.Int).Set(w.v)
}

// String returns the amount as written.
func (w Wei) String() string {
	if w.text != "" || w.v == nil {
		return w.text
	}
	return w.v.String()
}

// MarshalText implements encoding.TextMarshaler.
func (w Wei) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (w *Wei) UnmarshalText(b []byte) error {
	v, err := ParseWei(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// Drop is a balance detector's allowed fall: either a share of the balance
// in basis points ("10%" is 1000) or an absolute amount in base units.
type Drop struct {
	// BasisPoints is set for a relative drop (1 to 10000).
	BasisPoints uint64
	// Amount is set for an absolute drop, in the token's base unit.
	Amount *big.Int
	text   string
}

// Units are the amount units accepted after a number, as powers of ten.
var units = map[string]int{"wei": 0, "kwei": 3, "mwei": 6, "gwei": 9, "szabo": 12, "finney": 15, "ether": 18}

// ParseAmount parses a non-negative decimal amount with an optional unit
// ("1000", "1.5 ether", "20 gwei"; units wei, kwei, mwei, gwei, szabo,
// finney, ether) into an exact integer of base units.
func ParseAmount(s string) (*big.Int, error) {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return nil, fmt.Errorf("amount %q: want a number with an optional unit (wei, gwei, ether, …)", s)
	}
	exp := 0
	if len(f) == 2 {
		e, ok := units[f[1]]
		if !ok {
			return nil, fmt.Errorf("amount %q: unknown unit %q (want wei, kwei, mwei, gwei, szabo, finney or ether)", s, f[1])
		}
		exp = e
	}
	num := strings.ReplaceAll(f[0], "_", "")
	if !isDecimal(num) {
		return nil, fmt.Errorf("amount %q: not a non-negative decimal number", s)
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return nil, fmt.Errorf("amount %q: not a non-negative decimal number", s)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil)))
	if !r.IsInt() {
		return nil, fmt.Errorf("amount %q is not a whole number of base units", s)
	}
	return new(big.Int).Set(r.Num()), nil
}

// ParseDrop parses "N%" (up to two decimals) or an amount (see ParseAmount).
func ParseDrop(s string) (Drop, error) {
	t := strings.TrimSpace(s)
	if pct, ok := strings.CutSuffix(t, "%"); ok {
		pct = strings.TrimSpace(pct)
		if !isDecimal(pct) || len(pct) > 12 {
			return Drop{}, fmt.Errorf("drop %q: want a percentage like 10%% or an amount like 500 ether", s)
		}
		r, ok := new(big.Rat).SetString(pct)
		if !ok {
			return Drop{}, fmt.Errorf("drop %q: want a percentage like 10%% or an amount like 500 ether", s)
		}
		r.Mul(r, big.NewRat(100, 1))
		if !r.IsInt() || r.Sign() <= 0 || r.Num().Cmp(big.NewInt(10000)) > 0 {
			return Drop{}, fmt.Errorf("drop %q: want a percentage above 0 and at most 100, with at most two decimals", s)
		}
		return Drop{BasisPoints: r.Num().Uint64(), text: t}, nil
	}
	a, err := ParseAmount(t)
	if err != nil {
		return Drop{}, fmt.Errorf("drop: %w", err)
	}
	if a.Sign() == 0 {
		return Drop{}, fmt.Errorf("drop %q must be above zero", s)
	}
	return Drop{Amount: a, text: t}, nil
}

// IsRelative reports whether the drop is a share of the balance.
func (d Drop) IsRelative() bool { return d.BasisPoints != 0 }

// String returns the drop as written.
func (d Drop) String() string {
	if d.text != "" {
		return d.text
	}
	if d.Amount != nil {
		return d.Amount.String()
	}
	if d.BasisPoints != 0 {
		return new(big.Rat).SetFrac64(int64(d.BasisPoints), 100).FloatString(2) + "%"
	}
	return ""
}

// MarshalText implements encoding.TextMarshaler.
func (d Drop) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Drop) UnmarshalText(b []byte) error {
	v, err := ParseDrop(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// isDecimal reports whether s is digits with at most one decimal point
// (no sign, no exponent: big.Rat would expand "1e999999999").
func isDecimal(s string) bool {
	digits, dots := 0, 0
	for _, c := range []byte(s) {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}
