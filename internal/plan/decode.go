package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"go.yaml.in/yaml/v3"
)

// Limits that keep a hostile or broken file from exhausting the loader.
const (
	maxNodes    = 200_000  // nodes visited, aliases expanded
	maxDepth    = 64       // nesting of mappings and lists
	maxABIBytes = 32 << 20 // size of one ABI file
)

// Load reads the plan file at path, decodes and validates it. On any
// problem it returns a Problems error listing all of them; the plan is
// returned only when it has none.
func Load(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and validates a plan from data; name is the file name used
// in positions, and relative paths in the plan (ABI files, keystores,
// file: secrets) are taken relative to its directory. The error, if any, is
// Problems.
func Parse(name string, data []byte) (*Plan, error) {
	d := &decoder{file: name, dir: filepath.Dir(name), pos: map[string]Pos{}, bad: map[string]bool{}, budget: maxNodes}
	root, ok := d.parseYAML(data)
	if !ok {
		return nil, d.problems.sort()
	}
	p := &Plan{Path: name, Source: data}
	d.decode(root, reflect.ValueOf(p).Elem(), "", 0)
	p.positions = d.pos
	if d.budget < 0 {
		// Too large to have been read whole: its meaning is not checked.
		return nil, d.problems.sort()
	}
	v := &validator{reporter: &d.reporter, p: p, bad: d.bad}
	v.validate()
	if len(d.problems) > 0 {
		return nil, d.problems.sort()
	}
	p.applyDefaults()
	p.Hash = p.computeHash()
	return p, nil
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses exactly one YAML document into a node tree.
func (d *decoder) parseYAML(data []byte) (root *yaml.Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			d.add(Pos{File: d.file, Line: 1, Col: 1}, "YAML parser failed: %v", r)
			root, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.add(Pos{File: d.file, Line: 1, Col: 1}, "the plan is empty; run 'breakglass plan init' for a commented example")
		} else {
			d.yamlError(err)
		}
		return nil, false
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		d.add(d.at(&extra), "a plan file holds one YAML document; remove the '---' and what follows")
		return nil, false
	case !errors.Is(err, io.EOF):
		d.yamlError(err)
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.add(Pos{File: d.file, Line: 1, Col: 1}, "the plan is empty")
		return nil, false
	}
	return doc.Content[0], true
}

func (d *decoder) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
		if n, perr := strconv.Atoi(m[1]); perr == nil {
			line, msg = n, m[2]
		}
	}
	d.add(Pos{File: d.file, Line: line, Col: 1}, "YAML syntax: %s", msg)
}

// decoder turns a YAML node tree into plan types by reflection, reporting
// every problem with its position and recording the position of every
// value by its path (e.g. "detectors[2].condition").
type decoder struct {
	reporter
	file   string
	dir    string
	pos    map[string]Pos
	bad    map[string]bool // paths of values reported as unreadable or missing
	budget int
	// abis are the ABI files read, by file: contracts that name the same
	// file share its content and its parsed ABI (a plan of hundreds of
	// contracts often has a handful of ABIs)
	abis map[string]*ABI
}

// nodeDecoder is implemented by plan types with their own YAML syntax.
type nodeDecoder interface {
	decodeYAML(d *decoder, n *yaml.Node, path string)
}

var (
	addressType = reflect.TypeFor[common.Address]()
	hashType    = reflect.TypeFor[common.Hash]()
	posType     = reflect.TypeFor[Pos]()
)

func (d *decoder) at(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Col: n.Column} }

// label is path for messages, "plan" at the root.
func label(path string) string {
	if path == "" {
		return "plan"
	}
	return path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// resolve follows aliases.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i > maxDepth {
			return nil
		}
		n = n.Alias
	}
	return n
}

// spend counts a visited node and reports once when the budget runs out.
func (d *decoder) spend(n *yaml.Node, depth int) bool {
	if d.budget--; d.budget == -1 || depth > maxDepth {
		d.budget++
		d.exhaust(n)
	}
	return d.budget >= 0
}

// exhaust stops decoding, reporting why once.
func (d *decoder) exhaust(n *yaml.Node) {
	if d.budget >= 0 {
		d.budget = -1
		d.add(d.at(n), "the plan is too large or too deeply nested (check YAML aliases)")
	}
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", short(n.Value))
	}
}

func short(s string) string {
	if len(s) > 48 {
		return s[:45] + "..."
	}
	return s
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, depth int) {
	n = d.resolve(n)
	if n == nil || !d.spend(n, depth) {
		return
	}
	d.pos[path] = d.at(n)
	if isNull(n) {
		return
	}
	if before := len(d.problems); n.Kind == yaml.ScalarNode {
		defer func() {
			if len(d.problems) > before {
				d.bad[path] = true
			}
		}()
	}
	if v.Kind() == reflect.Pointer {
		// An optional value is set only when it could be read, so that
		// validation does not report a half-read one again.
		before := len(d.problems)
		nv := reflect.New(v.Type().Elem())
		d.decodeValue(n, nv.Elem(), path, depth)
		if len(d.problems) == before {
			v.Set(nv)
		} else {
			d.bad[path] = true
		}
		return
	}
	d.decodeValue(n, v, path, depth)
}

// decodeValue decodes a non-null node into v (not a pointer).
func (d *decoder) decodeValue(n *yaml.Node, v reflect.Value, path string, depth int) {
	if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
		nd.decodeYAML(d, n, path)
		return
	}
	switch v.Type() {
	case addressType, hashType:
		if n.Kind != yaml.ScalarNode {
			d.add(d.at(n), "%s: want a 0x-prefixed hex value, got %s", label(path), describe(n))
			return
		}
		var err error
		if v.Type() == addressType {
			var a common.Address
			a, err = parseAddress(n.Value)
			v.Set(reflect.ValueOf(a))
		} else {
			var h common.Hash
			h, err = parseHash(n.Value)
			v.Set(reflect.ValueOf(h))
		}
		if err != nil {
			d.add(d.at(n), "%s: %v", label(path), err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path, depth)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.add(d.at(n), "%s: want a list, got %s", label(path), describe(n))
			d.bad[path] = true
			return
		}
		if len(n.Content) > d.budget {
			d.exhaust(n)
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		d.decodeMap(n, v, path, depth)
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			d.add(d.at(n), "%s: %v", label(path), err)
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.add(d.at(n), "%s: want a string, got %s", label(path), describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		switch {
		case n.Kind == yaml.ScalarNode && (n.Value == "true" || n.Value == "True" || n.Value == "TRUE"):
			v.SetBool(true)
		case n.Kind == yaml.ScalarNode && (n.Value == "false" || n.Value == "False" || n.Value == "FALSE"):
			v.SetBool(false)
		default:
			d.add(d.at(n), "%s: want true or false, got %s", label(path), describe(n))
		}
	case reflect.Int, reflect.Int64:
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if n.Kind != yaml.ScalarNode || err != nil || v.OverflowInt(i) {
			d.add(d.at(n), "%s: want an integer, got %s", label(path), describe(n))
			return
		}
		if i < 0 {
			d.add(d.at(n), "%s: must not be negative", label(path))
			return
		}
		v.SetInt(i)
	case reflect.Uint64:
		u, err := strconv.ParseUint(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.add(d.at(n), "%s: want a non-negative integer, got %s", label(path), describe(n))
			return
		}
		v.SetUint(u)
	default:
		d.add(d.at(n), "%s: cannot decode into %s", label(path), v.Type())
	}
}

type fieldInfo struct {
	index    int
	name     string
	required bool
}

func structFields(t reflect.Type) (fields []fieldInfo, posIndex, keyIndex int) {
	posIndex, keyIndex = -1, -1
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Name == "Pos" && f.Type == posType {
			posIndex = i
		}
		if f.Tag.Get("plan") == "key" {
			keyIndex = i
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields = append(fields, fieldInfo{index: i, name: name, required: f.Tag.Get("plan") == "required"})
	}
	return fields, posIndex, keyIndex
}

type pair struct{ key, val *yaml.Node }

// pairs returns a mapping's key/value pairs, with YAML merge keys (<<)
// expanded, reporting duplicate and non-scalar keys.
func (d *decoder) pairs(n *yaml.Node, path string, depth int) []pair {
	var out []pair
	seen := map[string]*yaml.Node{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.ScalarNode && k.Tag == "!!merge":
			merges = append(merges, v)
		case k.Kind != yaml.ScalarNode:
			d.add(d.at(k), "%s: keys must be plain strings", label(path))
		case seen[k.Value] != nil:
			d.add(d.at(k), "%s: duplicate key %q (first at line %d)", label(path), k.Value, seen[k.Value].Line)
		default:
			seen[k.Value] = k
			out = append(out, pair{k, v})
		}
	}
	for _, m := range merges {
		m = d.resolve(m)
		if m == nil || !d.spend(m, depth+1) {
			continue
		}
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = nil
			for _, s := range m.Content {
				if s = d.resolve(s); s != nil {
					srcs = append(srcs, s)
				}
			}
		}
		for _, s := range srcs {
			if s.Kind != yaml.MappingNode {
				d.add(d.at(s), "%s: a merge (<<) takes a mapping or a list of mappings", label(path))
				continue
			}
			for _, p := range d.pairs(s, path, depth+1) {
				if seen[p.key.Value] == nil {
					seen[p.key.Value] = p.key
					out = append(out, p)
				}
			}
		}
	}
	return out
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.MappingNode {
		d.add(d.at(n), "%s: want a mapping (key: value), got %s", label(path), describe(n))
		d.bad[path] = true
		return
	}
	fields, posIndex, _ := structFields(v.Type())
	if posIndex >= 0 {
		v.Field(posIndex).Set(reflect.ValueOf(d.at(n)))
	}
	byName := make(map[string]fieldInfo, len(fields))
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		byName[f.name] = f
		names = append(names, f.name)
	}
	present := map[string]*yaml.Node{}
	for _, p := range d.pairs(n, path, depth) {
		f, ok := byName[p.key.Value]
		if !ok {
			d.add(d.at(p.key), "%s: unknown field %q%s", label(path), short(p.key.Value), didYouMean(p.key.Value, names))
			continue
		}
		present[f.name] = p.val
		fv := v.Field(f.index)
		d.decode(p.val, fv, join(path, f.name), depth+1)
		// A field X may have a companion XPos holding its value's position.
		if pf := v.FieldByName(v.Type().Field(f.index).Name + "Pos"); pf.IsValid() && pf.Type() == posType {
			if r := d.resolve(p.val); r != nil {
				pf.Set(reflect.ValueOf(d.at(r)))
			}
		}
	}
	for _, f := range fields {
		if !f.required {
			continue
		}
		val := d.resolve(present[f.name])
		switch fv := v.Field(f.index); {
		case val == nil || isNull(val):
			d.add(d.at(n), "%s: missing required field %q", label(path), f.name)
			d.bad[join(path, f.name)] = true
		case (fv.Kind() == reflect.String || fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() == 0 &&
			(val.Kind != yaml.ScalarNode || fv.Kind() == reflect.String):
			d.add(d.at(val), "%s: must not be empty", join(path, f.name))
			d.bad[join(path, f.name)] = true
		}
	}
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.MappingNode {
		d.add(d.at(n), "%s: want a mapping (key: value), got %s", label(path), describe(n))
		d.bad[path] = true
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	et := v.Type().Elem()
	for _, p := range d.pairs(n, path, depth) {
		if p.key.Value == "" {
			d.add(d.at(p.key), "%s: empty key", label(path))
			continue
		}
		elem := reflect.New(et).Elem()
		epath := join(path, p.key.Value)
		d.decode(p.val, elem, epath, depth+1)
		if et.Kind() == reflect.Struct {
			_, posIndex, keyIndex := structFields(et)
			if keyIndex >= 0 {
				elem.Field(keyIndex).SetString(p.key.Value)
			}
			if posIndex >= 0 {
				elem.Field(posIndex).Set(reflect.ValueOf(d.at(p.key)))
			}
		}
		// An entry is reported at its key.
		d.pos[epath] = d.at(p.key)
		v.SetMapIndex(reflect.ValueOf(p.key.Value), elem)
	}
}

// scalar reports and returns false unless n is a scalar.
func (d *decoder) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind != yaml.ScalarNode {
		d.add(d.at(n), "%s: want %s, got %s", label(path), want, describe(n))
		return false
	}
	return true
}

func (x *Duration) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if !d.scalar(n, path, "a duration like 30m or 1d") {
		return
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		d.add(d.at(n), "%s: %v", label(path), err)
		return
	}
	*x = v
}

func (x *Date) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if !d.scalar(n, path, "a date YYYY-MM-DD") {
		return
	}
	v, err := ParseDate(n.Value)
	if err != nil {
		d.add(d.at(n), "%s: %v", label(path), err)
		return
	}
	*x = v
}

func (x *Drop) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if !d.scalar(n, path, "a percentage like 10% or an amount like 500 ether") {
		return
	}
	v, err := ParseDrop(n.Value)
	if err != nil {
		d.add(d.at(n), "%s: %v", label(path), err)
		return
	}
	*x = v
}

func (x *Wei) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if !d.scalar(n, path, "an amount like 3 gwei") {
		return
	}
	v, err := ParseWei(n.Value)
	if err != nil {
		d.add(d.at(n), "%s: %v", label(path), err)
		return
	}
	*x = v
}

func (x *SecretRef) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode {
		d.add(d.at(n), "%s: want env:NAME or file:PATH, got %s", label(path), describe(n))
		return
	}
	v, err := ParseSecretRef(n.Value, d.dir)
	if err != nil {
		d.add(d.at(n), "%s: %v", label(path), err)
		return
	}
	*x = v
}

func (x *Endpoint) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if !d.scalar(n, path, "a URL") {
		return
	}
	v, err := ParseEndpoint(n.Value, d.dir, "http", "https", "ws", "wss")
	if err != nil {
		d.add(d.at(n), "%s: %v", label(path), err)
		return
	}
	*x = v
}

// decodeYAML reads the shorthand `name: sig()` or the full mapping.
func (x *Action) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode {
		x.Call = n.Value
		x.Pos = d.at(n)
		d.pos[join(path, "call")] = d.at(n)
		return
	}
	d.decodeStruct(n, reflect.ValueOf(x).Elem(), path, 0)
}

// decodeYAML reads an ABI path (loading the file) or an inline ABI list.
func (x *ABI) decodeYAML(d *decoder, n *yaml.Node, path string) {
	x.Pos = d.at(n)
	var data []byte
	switch n.Kind {
	case yaml.ScalarNode:
		x.Path = n.Value
		file := n.Value
		if !filepath.IsAbs(file) {
			file = filepath.Join(d.dir, file)
		}
		if read := d.abis[file]; read != nil {
			x.data, x.Parsed = read.data, read.Parsed
			return
		}
		defer func() {
			if x.data != nil && x.Parsed.Methods != nil {
				if d.abis == nil {
					d.abis = map[string]*ABI{}
				}
				d.abis[file] = x
			}
		}()
		fi, err := os.Stat(file)
		switch {
		case err != nil:
			d.add(d.at(n), "%s: ABI file %s: %v", label(path), file, errors.Unwrap(err))
			return
		case !fi.Mode().IsRegular():
			d.add(d.at(n), "%s: ABI file %s is not a regular file", label(path), file)
			return
		case fi.Size() > maxABIBytes:
			d.add(d.at(n), "%s: ABI file %s is larger than %d MiB", label(path), file, maxABIBytes>>20)
			return
		}
		if data, err = os.ReadFile(file); err != nil {
			d.add(d.at(n), "%s: %v", label(path), err)
			return
		}
		x.data = data
		if data, err = abiFromArtifact(data); err != nil {
			d.add(d.at(n), "%s: ABI file %s: %v", label(path), file, err)
			return
		}
	case yaml.SequenceNode:
		var entries []any
		if err := n.Decode(&entries); err != nil {
			d.add(d.at(n), "%s: inline ABI: %v", label(path), err)
			return
		}
		b, err := json.Marshal(entries)
		if err != nil {
			d.add(d.at(n), "%s: inline ABI: %v", label(path), err)
			return
		}
		x.inline, data = entries, b
	default:
		d.add(d.at(n), "%s: want a path to an ABI file or an inline ABI list, got a mapping", label(path))
		return
	}
	parsed, err := abi.JSON(bytes.NewReader(data))
	if err != nil {
		d.add(d.at(n), "%s: invalid ABI: %v", label(path), err)
		return
	}
	x.Parsed = parsed
}

// abiFromArtifact returns the ABI array of a JSON ABI file, or of a
// compiler artifact holding it under "abi" (as an array or a JSON string).
func abiFromArtifact(data []byte) ([]byte, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return trimmed, nil
	}
	var artifact map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &artifact); err != nil {
		return nil, fmt.Errorf("not JSON: %v", err)
	}
	raw, ok := artifact["abi"]
	if !ok {
		return nil, errors.New(`neither a JSON ABI list nor an artifact with an "abi" key`)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []byte(s), nil
	}
	return raw, nil
}

// MarshalYAML writes the ABI back as its path, or inline.
func (x ABI) MarshalYAML() (any, error) {
	if x.Path != "" {
		return x.Path, nil
	}
	return x.inline, nil
}

// parseAddress parses a 0x-prefixed 20-byte hex address. A mixed-case
// address must carry a valid EIP-55 checksum; all lower or all upper case
// carries none and is accepted.
func parseAddress(s string) (common.Address, error) {
	h, ok := strings.CutPrefix(s, "0x")
	if !ok || len(h) != 40 || !isHex(h) {
		return common.Address{}, fmt.Errorf("%q is not an address (want 0x followed by 40 hex digits)", short(s))
	}
	a := common.HexToAddress(h)
	if strings.ToLower(h) != h && strings.ToUpper(h) != h && a.Hex() != s {
		return common.Address{}, fmt.Errorf("address %s has an invalid EIP-55 checksum; check it for a typo, or write it in lower case", s)
	}
	return a, nil
}

func parseHash(s string) (common.Hash, error) {
	h, ok := strings.CutPrefix(s, "0x")
	if !ok || len(h) != 64 || !isHex(h) {
		return common.Hash{}, fmt.Errorf("%q is not a hash (want 0x followed by 64 hex digits)", short(s))
	}
	return common.HexToHash(h), nil
}

func isHex(s string) bool {
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// decodeYAML reads an account: one address or name, or a list of them (an
// address set).
func (x *Account) decodeYAML(d *decoder, n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.ScalarNode:
		x.Members = []string{n.Value}
	case yaml.SequenceNode:
		x.Set = true
		for i, item := range n.Content {
			item = d.resolve(item)
			if item == nil || !d.scalar(item, fmt.Sprintf("%s[%d]", path, i), "an address or a name") {
				continue
			}
			d.pos[fmt.Sprintf("%s[%d]", path, i)] = d.at(item)
			x.Members = append(x.Members, item.Value)
		}
	default:
		d.add(d.at(n), "%s: want an address, a name, or a list of them, got %s", label(path), describe(n))
	}
}

// MarshalYAML writes the account back as written.
func (x Account) MarshalYAML() (any, error) {
	if !x.Set && len(x.Members) == 1 {
		return x.Members[0], nil
	}
	return x.Members, nil
}

// decodeYAML reads a constant's expression.
func (x *Constant) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if !d.scalar(n, path, "a value such as 500 ether, 5% or 0x…") {
		return
	}
	x.Expr = n.Value
	x.ExprPos = d.at(n)
}

// MarshalYAML writes the constant back as its expression.
func (x Constant) MarshalYAML() (any, error) { return x.Expr, nil }
