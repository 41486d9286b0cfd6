package plan

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pmezard/go-difflib/difflib"
	"go.yaml.in/yaml/v3"
)

// Editor changes one scalar of a plan file at a time, in its text: the
// value is found by its position in the YAML (go.yaml.in/yaml/v3 nodes) and
// only its bytes are replaced, so comments, order, quoting and every other
// byte stay as written. Each change is checked by parsing the result again.
type Editor struct {
	name string
	src  []byte
	root *yaml.Node
}

// Change is one scalar an Editor changed: where it was written (before the
// change), its old and new text.
type Change struct {
	Detector string `json:"detector"`
	// Field is the detector's field ("condition", "params.min_outflow").
	Field string `json:"field"`
	Line  int    `json:"line"`
	Col   int    `json:"col"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// NewEditor parses a plan file's text for editing; name is used in errors.
func NewEditor(name string, src []byte) (*Editor, error) {
	e := &Editor{name: name}
	if err := e.reset(src); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *Editor) reset(src []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return fmt.Errorf("%s: %v", e.name, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s:1:1: a plan is a mapping", e.name)
	}
	e.src, e.root = src, doc.Content[0]
	return nil
}

// Bytes is the text as edited so far.
func (e *Editor) Bytes() []byte { return e.src }

func (e *Editor) at(n *yaml.Node) string { return fmt.Sprintf("%s:%d:%d", e.name, n.Line, n.Column) }

// mapGet returns the key and value nodes of key in mapping m.
func mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// DetectorNode returns the mapping of the detector named name.
func (e *Editor) DetectorNode(name string) (*yaml.Node, error) {
	_, seq := mapGet(e.root, "detectors")
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s: the plan has no detectors list", e.name)
	}
	var names []string
	for _, d := range seq.Content {
		_, n := mapGet(d, "name")
		if n == nil {
			continue
		}
		if n.Value == name {
			return d, nil
		}
		names = append(names, n.Value)
	}
	return nil, fmt.Errorf("%s: no detector %q%s", e.name, name, DidYouMean(name, names))
}

// field returns the key and value nodes of a detector's field path
// ("params.min_outflow"); the value is nil when the last key is missing.
func (e *Editor) field(detector, path string) (parent, key, val *yaml.Node, err error) {
	d, err := e.DetectorNode(detector)
	if err != nil {
		return nil, nil, nil, err
	}
	parts := strings.Split(path, ".")
	m := d
	for i, p := range parts {
		k, v := mapGet(m, p)
		if i == len(parts)-1 {
			return m, k, v, nil
		}
		if v == nil {
			return nil, nil, nil, fmt.Errorf("%s: detector %q has no %s", e.at(m), detector, strings.Join(parts[:i+1], "."))
		}
		if v.Kind != yaml.MappingNode {
			return nil, nil, nil, fmt.Errorf("%s: detector %q: %s is not a mapping", e.at(v), detector, strings.Join(parts[:i+1], "."))
		}
		m = v
	}
	return nil, nil, nil, errors.New("empty field path")
}

// Value is the current text of a detector's scalar field (a dotted path),
// and whether it is there.
func (e *Editor) Value(detector, path string) (string, bool) {
	_, _, v, err := e.field(detector, path)
	if err != nil || v == nil || v.Kind != yaml.ScalarNode {
		return "", false
	}
	return v.Value, true
}

// Locate is where a detector's field (a dotted path) has its value.
func (e *Editor) Locate(detector, path string) (line, col int, err error) {
	_, _, v, err := e.field(detector, path)
	if err != nil {
		return 0, 0, err
	}
	if v == nil {
		return 0, 0, fmt.Errorf("%s: detector %q has no %s", e.name, detector, path)
	}
	return v.Line, v.Column, nil
}

// KeyLine is the line of a detector's key (a top-level field): where a
// comment about a change of it goes.
func (e *Editor) KeyLine(detector, key string) (int, error) {
	_, k, _, err := e.field(detector, key)
	if err != nil {
		return 0, err
	}
	if k == nil {
		return 0, fmt.Errorf("%s: detector %q has no %s", e.name, detector, key)
	}
	return k.Line, nil
}

// offset is the byte offset of a node's line and column (counted in
// characters, as yaml.v3 does) in the text.
func (e *Editor) offset(line, col int) (int, error) {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(e.src[off:], '\n')
		if i < 0 {
			return 0, fmt.Errorf("%s: line %d is past the end", e.name, line)
		}
		off += i + 1
	}
	for c := 1; c < col; c++ {
		if off >= len(e.src) || e.src[off] == '\n' {
			return 0, fmt.Errorf("%s:%d:%d: column is past the end of its line", e.name, line, col)
		}
		_, size := utf8.DecodeRune(e.src[off:])
		off += size
	}
	return off, nil
}

// scalarSpan is where a one-line scalar's text is in the file, quotes
// included, and its quote character (0 for a plain scalar).
func (e *Editor) scalarSpan(n *yaml.Node) (from, to int, quote byte, err error) {
	if n.Kind != yaml.ScalarNode {
		return 0, 0, 0, fmt.Errorf("%s: not a single value (%s)", e.at(n), describeKind(n))
	}
	from, err = e.offset(n.Line, n.Column)
	if err != nil {
		return 0, 0, 0, err
	}
	raw := n.Value
	switch n.Style {
	case 0:
	case yaml.DoubleQuotedStyle:
		quote, raw = '"', `"`+n.Value+`"`
	case yaml.SingleQuotedStyle:
		quote, raw = '\'', `'`+n.Value+`'`
	default:
		return 0, 0, 0, fmt.Errorf("%s: a block or flow scalar cannot be changed in place; change it by hand", e.at(n))
	}
	if !bytes.HasPrefix(e.src[from:], []byte(raw)) {
		return 0, 0, 0, fmt.Errorf("%s: the value is written over several lines or with escapes; change it by hand", e.at(n))
	}
	return from, from + len(raw), quote, nil
}

func describeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a value"
}

// render writes value as a YAML scalar in the quoting of the one it
// replaces: plain when it reads back the same, else double-quoted.
func render(value string, quote byte) (string, error) {
	switch quote {
	case '\'':
		return "'" + strings.ReplaceAll(value, "'", "''") + "'", nil
	case '"':
		out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: value})
		return strings.TrimSuffix(string(out), "\n"), err
	}
	var n yaml.Node
	if yaml.Unmarshal([]byte("v: "+value), &n) == nil && len(n.Content) == 1 && len(n.Content[0].Content) == 2 {
		v := n.Content[0].Content[1]
		if v.Kind == yaml.ScalarNode && v.Style == 0 && v.Value == value && !strings.ContainsAny(value, "\n#") {
			return value, nil
		}
	}
	return render(value, '"')
}

// splice replaces the bytes from..to by text and parses the result again.
func (e *Editor) splice(from, to int, text string) error {
	out := make([]byte, 0, len(e.src)+len(text))
	out = append(out, e.src[:from]...)
	out = append(out, text...)
	out = append(out, e.src[to:]...)
	return e.reset(out)
}

// SetField sets a detector's field (a dotted path of its keys:
// "params.min_outflow", "balance.drop", "cooldown") to value, written as
// YAML text would read it ("1200000 dusd", "10%"). An existing value is
// replaced in place, in its quoting; a missing top-level field of the
// detector is added on a line of its own after the detector's name.
func (e *Editor) SetField(detector, path, value string) (Change, error) {
	parent, _, v, err := e.field(detector, path)
	if err != nil {
		return Change{}, err
	}
	c := Change{Detector: detector, Field: path, New: value}
	if v == nil {
		if strings.Contains(path, ".") {
			return Change{}, fmt.Errorf("%s: detector %q has no %s to change; add it by hand", e.at(parent), detector, path)
		}
		nk, nv := mapGet(parent, "name")
		if nk == nil || parent.Style == yaml.FlowStyle {
			return Change{}, fmt.Errorf("%s: detector %q: cannot add %s in place; add it by hand", e.at(parent), detector, path)
		}
		_, end, _, err := e.scalarSpan(nv)
		if err != nil {
			return Change{}, err
		}
		lineEnd := bytes.IndexByte(e.src[end:], '\n')
		if lineEnd < 0 {
			return Change{}, fmt.Errorf("%s: detector %q: cannot add %s at the end of the file; add it by hand", e.at(parent), detector, path)
		}
		at := end + lineEnd + 1
		text, err := render(value, 0)
		if err != nil {
			return Change{}, err
		}
		c.Line, c.Col = nv.Line+1, nk.Column
		if err := e.splice(at, at, strings.Repeat(" ", nk.Column-1)+path+": "+text+"\n"); err != nil {
			return Change{}, fmt.Errorf("%s: adding %s to detector %q: %w", e.name, path, detector, err)
		}
		return c, e.check(detector, path, value)
	}
	from, to, quote, err := e.scalarSpan(v)
	if err != nil {
		return Change{}, fmt.Errorf("detector %q %s: %w", detector, path, err)
	}
	c.Line, c.Col, c.Old = v.Line, v.Column, v.Value
	text, err := render(value, quote)
	if err != nil {
		return Change{}, err
	}
	if err := e.splice(from, to, text); err != nil {
		return Change{}, fmt.Errorf("%s: changing detector %q %s: %w", e.name, detector, path, err)
	}
	return c, e.check(detector, path, value)
}

// check confirms that the edited text reads value at the field.
func (e *Editor) check(detector, path, want string) error {
	_, _, v, err := e.field(detector, path)
	if err != nil {
		return err
	}
	if v == nil || v.Value != want {
		return fmt.Errorf("%s: detector %q %s did not read back as %q after the change", e.name, detector, path, want)
	}
	return nil
}

// ReplaceInExpr replaces the text of a detector's expression field
// (condition or holds) from rune offset from to rune offset to (as
// ScanLiterals counts them in the expression) by text. The expression may
// be written plain, quoted or as a block (>-, |): the replaced characters
// are found in the file by their occurrence in the expression, and the
// result is checked by reading the expression back.
func (e *Editor) ReplaceInExpr(detector, field string, from, to int, text string) (Change, error) {
	v, pos, old, err := e.locate(detector, field, from, to)
	if err != nil {
		return Change{}, err
	}
	runes := []rune(v.Value)
	want := string(runes[:from]) + text + string(runes[to:])
	c := Change{Detector: detector, Field: field, Old: old, New: text}
	c.Line, c.Col = byteLineCol(e.src, pos)
	if v.Style == yaml.DoubleQuotedStyle && strings.ContainsAny(text, "\"\\") || strings.Contains(text, "\n") {
		return Change{}, fmt.Errorf("detector %q %s: %q cannot be written in place", detector, field, text)
	}
	if err := e.splice(pos, pos+len(old), text); err != nil {
		return Change{}, fmt.Errorf("%s: changing detector %q %s: %w", e.name, detector, field, err)
	}
	_, _, nv, err := e.field(detector, field)
	if err != nil {
		return Change{}, err
	}
	if nv == nil || nv.Value != want {
		return Change{}, fmt.Errorf("%s: detector %q %s did not read back as intended after the change; change it by hand", e.name, detector, field)
	}
	return c, nil
}

// LocateInExpr is the line and column in the file of the characters from
// rune offset from to to of a detector's expression field.
func (e *Editor) LocateInExpr(detector, field string, from, to int) (line, col int, err error) {
	_, pos, _, err := e.locate(detector, field, from, to)
	if err != nil {
		return 0, 0, err
	}
	line, col = byteLineCol(e.src, pos)
	return line, col, nil
}

// locate finds the characters from..to of a detector's expression in the
// file: the expression's node, their byte offset and text.
func (e *Editor) locate(detector, field string, from, to int) (*yaml.Node, int, string, error) {
	_, _, v, err := e.field(detector, field)
	if err != nil {
		return nil, 0, "", err
	}
	if v == nil || v.Kind != yaml.ScalarNode {
		return nil, 0, "", fmt.Errorf("%s: detector %q has no %s", e.name, detector, field)
	}
	runes := []rune(v.Value)
	if from < 0 || to > len(runes) || from >= to {
		return nil, 0, "", fmt.Errorf("%s: detector %q %s: offsets %d..%d are outside its text", e.at(v), detector, field, from, to)
	}
	old := string(runes[from:to])
	if strings.ContainsAny(old, "\n\\\"'") {
		return nil, 0, "", fmt.Errorf("%s: detector %q %s: %q cannot be changed in place", e.at(v), detector, field, old)
	}
	// the how-many-th occurrence of old (as a whole word) it is, found
	// as the same occurrence in the file's text from the value's start
	fromByte := len(string(runes[:from]))
	nth := 0
	for i := wordIndexFrom(v.Value, old, 0); i >= 0 && i < fromByte; i = wordIndexFrom(v.Value, old, i+1) {
		nth++
	}
	start, err := e.offset(v.Line, v.Column)
	if err != nil {
		return nil, 0, "", err
	}
	pos := wordIndexFrom(string(e.src), old, start)
	for n := 0; n < nth && pos >= 0; n++ {
		pos = wordIndexFrom(string(e.src), old, pos+1)
	}
	if pos < 0 {
		return nil, 0, "", fmt.Errorf("%s: detector %q %s: %q not found in the file's text", e.at(v), detector, field, old)
	}
	return v, pos, old, nil
}

// wordIndexFrom is the index of the first occurrence of w in s at or
// after start that is not part of a longer word or number, or -1.
func wordIndexFrom(s, w string, start int) int {
	for i := start; i <= len(s); {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return -1
		}
		at := i + j
		before := at == 0 || !isWordByte(s[at-1])
		after := at+len(w) >= len(s) || !isWordByte(s[at+len(w)])
		if before && after {
			return at
		}
		i = at + 1
	}
	return -1
}

func isWordByte(b byte) bool {
	return b == '_' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func byteLineCol(src []byte, off int) (int, int) {
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(src[start:off])
}

// CommentAbove puts "# text" on a line of its own above line, indented as
// that line is; a line that already says text is left alone.
func (e *Editor) CommentAbove(line int, text string) error {
	off, err := e.offset(line, 1)
	if err != nil {
		return err
	}
	if off > 0 {
		prev := bytes.LastIndexByte(e.src[:off-1], '\n') + 1
		if bytes.Contains(e.src[prev:off], []byte(text)) {
			return nil
		}
	}
	indent := 0
	for off+indent < len(e.src) && e.src[off+indent] == ' ' {
		indent++
	}
	// a comment above "- name: x" is indented as the dash
	return e.splice(off, off, strings.Repeat(" ", indent)+"# "+text+"\n")
}

// UnifiedDiff is a unified diff from a to b with n lines of context, the
// files named from and to; empty when they are the same.
func UnifiedDiff(a, b []byte, from, to string, n int) (string, error) {
	return unifiedDiff(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(a)), B: difflib.SplitLines(string(b)),
		FromFile: from, ToFile: to, Context: n,
	})
}

// UnifiedDiffDated is UnifiedDiff with the dates of both sides.
func UnifiedDiffDated(a, b []byte, from, fromDate, to, toDate string, n int) (string, error) {
	return unifiedDiff(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(a)), B: difflib.SplitLines(string(b)),
		FromFile: from, ToFile: to, FromDate: fromDate, ToDate: toDate, Context: n,
	})
}

func unifiedDiff(ud difflib.UnifiedDiff) (string, error) {
	s, err := difflib.GetUnifiedDiffString(ud)
	if err != nil {
		return "", fmt.Errorf("diff: %w", err)
	}
	return s, nil
}
