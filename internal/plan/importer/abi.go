package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
)

// reserved are the context names of breakglass conditions; an argument
// named so is renamed arg_NAME, as the detection engine does.
var reserved = map[string]bool{"tx": true, "block": true, "log": true, "call": true, "contract": true, "contracts": true}

// argVar is the variable name breakglass gives argument i named name.
func argVar(i int, name string) string {
	switch {
	case name == "":
		return fmt.Sprintf("arg%d", i)
	case reserved[name] || strings.HasPrefix(name, "_"):
		return "arg_" + strings.TrimLeft(name, "_")
	}
	return name
}

// typeOf is the kind a decoded value of t has in breakglass conditions.
func typeOf(t abi.Type, indexed bool) *Type {
	if indexed {
		switch t.T {
		case abi.StringTy, abi.BytesTy, abi.SliceTy, abi.ArrayTy, abi.TupleTy:
			return &Type{Kind: KindHash}
		}
	}
	switch t.T {
	case abi.IntTy, abi.UintTy:
		return &Type{Kind: KindInt}
	case abi.AddressTy:
		return &Type{Kind: KindAddress}
	case abi.BoolTy:
		return &Type{Kind: KindBool}
	case abi.StringTy:
		return &Type{Kind: KindString}
	case abi.FixedBytesTy:
		if t.Size == 32 {
			return &Type{Kind: KindHash}
		}
		return &Type{Kind: KindBytes}
	case abi.BytesTy:
		return &Type{Kind: KindBytes}
	case abi.SliceTy, abi.ArrayTy:
		return &Type{Kind: KindArray, Elem: typeOf(*t.Elem, false)}
	case abi.TupleTy:
		f := map[string]*Type{}
		for i, e := range t.TupleElems {
			f[t.TupleRawNames[i]] = typeOf(*e, false)
		}
		return &Type{Kind: KindTuple, Fields: f}
	}
	return &Type{Kind: KindInvalid}
}

// argResolver resolves the arguments of an event or function by their
// source name (or position) to breakglass's variable names; extra resolves
// the other names (nil: none).
func argResolver(args abi.Arguments, extra Resolver) Resolver {
	return func(name string) (string, *Type, error) {
		for i, a := range args {
			if a.Name == name || fmt.Sprint(i) == name && a.Name == "" {
				return argVar(i, a.Name), typeOf(a.Type, a.Indexed), nil
			}
		}
		if extra != nil {
			return extra(name)
		}
		var names []string
		for _, a := range args {
			names = append(names, a.Name)
		}
		return "", nil, fmt.Errorf("%q is not an argument (have %s)", name, strings.Join(names, ", "))
	}
}

// parseABI reads a JSON ABI and returns it with its compact JSON text.
func parseABI(raw []byte) (abi.ABI, string, error) {
	a, err := abi.JSON(bytes.NewReader(raw))
	if err != nil {
		return abi.ABI{}, "", err
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return abi.ABI{}, "", err
	}
	return a, buf.String(), nil
}

// findEvent finds the event of a signature, written canonically, with
// parameter names, or as a bare name.
func findEvent(a abi.ABI, sig string) (abi.Event, bool) {
	want := canonicalSig(sig)
	for _, ev := range a.Events {
		if ev.Sig == want || ev.Name == want {
			return ev, true
		}
	}
	return abi.Event{}, false
}

// findMethod finds the function of a signature, as findEvent.
func findMethod(a abi.ABI, sig string) (abi.Method, bool) {
	want := canonicalSig(sig)
	for _, m := range a.Methods {
		if m.Sig == want || m.Name == want {
			return m, true
		}
	}
	return abi.Method{}, false
}

// canonicalSig drops parameter names and "indexed" from a signature.
func canonicalSig(sig string) string {
	sig = strings.TrimSpace(sig)
	open := strings.Index(sig, "(")
	if open < 0 || !strings.HasSuffix(sig, ")") {
		return sig
	}
	return strings.TrimSpace(sig[:open]) + "(" + canonList(sig[open+1:len(sig)-1]) + ")"
}

// canonList canonicalises a comma-separated parameter list.
func canonList(inner string) string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i <= len(inner); i++ {
		if i < len(inner) {
			switch inner[i] {
			case '(':
				depth++
				continue
			case ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		if p := strings.TrimSpace(inner[start:i]); p != "" {
			parts = append(parts, canonParam(p))
		}
		start = i + 1
	}
	return strings.Join(parts, ",")
}

// canonParam is one parameter's type: "(address a, uint256 b)[] xs" is
// "(address,uint256)[]".
func canonParam(p string) string {
	if !strings.HasPrefix(p, "(") {
		return strings.Fields(p)[0]
	}
	j := strings.LastIndex(p, ")")
	out := "(" + canonList(p[1:j]) + ")"
	if rest := strings.Fields(p[j+1:]); len(rest) > 0 && strings.HasPrefix(rest[0], "[") {
		out += rest[0]
	}
	return out
}
