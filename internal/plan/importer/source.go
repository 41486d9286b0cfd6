package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// jsonError positions a JSON decoding error as FILE:LINE:COL.
func jsonError(file string, data []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // Offset is just past the bad byte
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return fmt.Sprintf("%s: %v", file, err)
	}
	line, col := lineCol(data, int(off))
	return fmt.Sprintf("%s:%d:%d: %v", file, line, col, err)
}

func lineCol(data []byte, off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - bytes.LastIndexByte(before, '\n')
	return line, col
}

// schema lists the known keys of an object and the schemas of its nested
// objects (a nil schema: any content).
type schema map[string]schema

// any marks a key whose content is not checked.
var anything schema

// unknownFields lists the keys of v (decoded JSON or YAML) that s does not
// know, as dotted paths; lists are walked element by element.
func unknownFields(v any, s schema, path string) []string {
	if s == nil {
		return nil
	}
	var out []string
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub, ok := s[k]
			p := k
			if path != "" {
				p = path + "." + k
			}
			if !ok {
				out = append(out, p)
				continue
			}
			out = append(out, unknownFields(x[k], sub, p)...)
		}
	case []any:
		for i, e := range x {
			out = append(out, unknownFields(e, s, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// secret is a secret of the source: its kind and, for an environment
// variable or a vault, its name. The value of a plain secret is never
// kept past the decision to drop it.
type secret struct {
	kind string // plain, environment, vault
	name string // the variable or the vault's secret name
	set  bool
}

// ref is the plan's reference for a secret: an env: reference, with the
// variable to set when the source held the value itself.
func (s secret) ref(fallback string) (ref, todo string) {
	switch s.kind {
	case "environment":
		return "env:" + s.name, ""
	case "vault":
		return "env:" + fallback, fmt.Sprintf("set %s to the HashiCorp Cloud Vault secret %q", fallback, s.name)
	}
	return "env:" + fallback, fmt.Sprintf("set %s to the value the source held in plain text (not copied)", fallback)
}

// apiKeyish reports whether a URL looks like it carries a credential: user
// info, a query, or a long opaque path segment.
var opaque = regexp.MustCompile(`[A-Za-z0-9_-]{20,}`)

func apiKeyish(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return true
	}
	if u.User != nil || u.RawQuery != "" {
		return true
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if opaque.MatchString(seg) {
			return true
		}
	}
	return false
}

var yamlLine = regexp.MustCompile(`(?m)^(?:yaml: )?(?:unmarshal errors:\n\s*)?line (\d+): `)

// yamlError positions a YAML decoding error as FILE:LINE: message (the
// YAML parser gives no column).
func yamlError(file string, err error) string {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		return fmt.Sprintf("%s:%s: %s", file, msg[m[2]:m[3]], msg[m[1]:])
	}
	return fmt.Sprintf("%s: %s", file, msg)
}
