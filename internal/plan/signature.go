package plan

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"regexp"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// Signature is a parsed event or function signature.
type Signature struct {
	// Name is the event or function name.
	Name string
	// Inputs are the parameters, with their names and indexed flags when
	// written.
	Inputs abi.Arguments
}

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// ParseSignature parses "name(type [indexed] [name], ...)", as written in a
// Solidity declaration or in canonical form ("Transfer(address,address,uint256)").
// Tuple parameters are written in parentheses: "f((uint256,address))".
func ParseSignature(s string) (Signature, error) {
	s = strings.TrimSpace(s)
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return Signature{}, fmt.Errorf("signature %q: want name(type,...)", short(s))
	}
	name := strings.TrimSpace(s[:open])
	if !identifier.MatchString(name) {
		return Signature{}, fmt.Errorf("signature %q: %q is not a valid name", short(s), short(name))
	}
	args, err := parseParams(s[open+1 : len(s)-1])
	if err != nil {
		return Signature{}, fmt.Errorf("signature %q: %w", short(s), err)
	}
	inputs := make(abi.Arguments, len(args))
	for i, a := range args {
		t, err := abi.NewType(a.Type, "", a.Components)
		if err == nil {
			err = checkType(t)
		}
		if err != nil {
			return Signature{}, fmt.Errorf("signature %q: parameter %d: type %q: %v", short(s), i+1, a.Type, err)
		}
		inputs[i] = abi.Argument{Name: a.Name, Type: t, Indexed: a.Indexed}
	}
	return Signature{Name: name, Inputs: inputs}, nil
}

// Canonical returns the signature in canonical form, as hashed for event
// topics and function selectors.
func (s Signature) Canonical() string {
	types := make([]string, len(s.Inputs))
	for i, in := range s.Inputs {
		types[i] = in.Type.String()
	}
	return s.Name + "(" + strings.Join(types, ",") + ")"
}

// ID is keccak256 of the canonical signature: an event's topic 0; its first
// four bytes are a function's selector.
func (s Signature) ID() common.Hash { return crypto.Keccak256Hash([]byte(s.Canonical())) }

// splitTop splits s at commas outside parentheses and brackets.
func splitTop(s string) ([]string, error) {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth < 0 {
				return nil, errors.New("unbalanced parentheses")
			}
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, errors.New("unbalanced parentheses")
	}
	return append(parts, s[start:]), nil
}

// parseParams parses a parameter list into ABI argument descriptions.
func parseParams(list string) ([]abi.ArgumentMarshaling, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	parts, err := splitTop(list)
	if err != nil {
		return nil, err
	}
	out := make([]abi.ArgumentMarshaling, 0, len(parts))
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, fmt.Errorf("parameter %d is empty", i+1)
		}
		var a abi.ArgumentMarshaling
		var rest string
		if part[0] == '(' {
			// A tuple: "(t1,t2)[]? [indexed] [name]".
			end, depth := -1, 0
			for j := 0; j < len(part) && end < 0; j++ {
				switch part[j] {
				case '(':
					depth++
				case ')':
					depth--
					if depth == 0 {
						end = j
					}
				}
			}
			if end < 0 {
				return nil, errors.New("unbalanced parentheses")
			}
			comps, err := parseParams(part[1:end])
			if err != nil {
				return nil, err
			}
			for k := range comps {
				if comps[k].Name == "" {
					comps[k].Name = fmt.Sprintf("f%d", k)
				}
			}
			suffix, tail, _ := strings.Cut(part[end+1:], " ")
			a = abi.ArgumentMarshaling{Type: "tuple" + suffix, Components: comps}
			rest = tail
		} else {
			typ, tail, _ := strings.Cut(part, " ")
			a = abi.ArgumentMarshaling{Type: canonicalType(typ)}
			rest = tail
		}
		words := strings.Fields(rest)
		for len(words) > 0 && (words[0] == "indexed" || words[0] == "memory" || words[0] == "calldata" || words[0] == "storage" || words[0] == "payable") {
			a.Indexed = a.Indexed || words[0] == "indexed"
			words = words[1:]
		}
		switch len(words) {
		case 0:
		case 1:
			if !identifier.MatchString(words[0]) {
				return nil, fmt.Errorf("parameter %d: %q is not a valid name", i+1, short(words[0]))
			}
			a.Name = words[0]
		default:
			return nil, fmt.Errorf("parameter %d: unexpected %q", i+1, short(strings.Join(words, " ")))
		}
		out = append(out, a)
	}
	return out, nil
}

// checkType refuses the sizes go-ethereum's parser lets through but
// Solidity does not have (uint7, bytes33).
func checkType(t abi.Type) error {
	switch t.T {
	case abi.IntTy, abi.UintTy:
		if t.Size < 8 || t.Size > 256 || t.Size%8 != 0 {
			return fmt.Errorf("integer size %d is not a multiple of 8 from 8 to 256", t.Size)
		}
	case abi.FixedBytesTy:
		if t.Size < 1 || t.Size > 32 {
			return fmt.Errorf("bytes%d: want bytes1 to bytes32", t.Size)
		}
	case abi.SliceTy, abi.ArrayTy:
		return checkType(*t.Elem)
	case abi.TupleTy:
		for _, e := range t.TupleElems {
			if err := checkType(*e); err != nil {
				return err
			}
		}
	}
	return nil
}

// canonicalType expands Solidity's aliases (uint, int, byte).
func canonicalType(t string) string {
	base, suffix := t, ""
	if i := strings.IndexByte(t, '['); i >= 0 {
		base, suffix = t[:i], t[i:]
	}
	switch base {
	case "uint":
		base = "uint256"
	case "int":
		base = "int256"
	case "byte":
		base = "bytes1"
	}
	return base + suffix
}

// ParseArg converts an argument written as text into the Go value that
// go-ethereum's ABI encoder takes for t: addresses (0x…, checksum-aware),
// decimal or 0x integers, true/false, 0x hex bytes, and strings. Arrays and
// tuples are not supported as text arguments.
func ParseArg(t abi.Type, s string) (any, error) {
	s = strings.TrimSpace(s)
	switch t.T {
	case abi.AddressTy:
		return parseAddress(s)
	case abi.BoolTy:
		switch s {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("want true or false for %s, got %q", t, short(s))
	case abi.StringTy:
		return s, nil
	case abi.IntTy, abi.UintTy:
		n, ok := new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), 0)
		if !ok {
			return nil, fmt.Errorf("want an integer for %s, got %q", t, short(s))
		}
		unsigned := t.T == abi.UintTy
		lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(t.Size))
		if !unsigned {
			hi.Rsh(hi, 1)
			lo.Neg(hi)
		}
		if n.Cmp(lo) < 0 || n.Cmp(hi) >= 0 {
			return nil, fmt.Errorf("%s out of range for %s", short(s), t)
		}
		gt := t.GetType()
		if gt == reflect.TypeFor[*big.Int]() {
			return n, nil
		}
		if unsigned {
			return reflect.ValueOf(n.Uint64()).Convert(gt).Interface(), nil
		}
		return reflect.ValueOf(n.Int64()).Convert(gt).Interface(), nil
	case abi.BytesTy, abi.FixedBytesTy:
		b, err := hexutil.Decode(s)
		if err != nil {
			return nil, fmt.Errorf("want 0x-prefixed hex for %s, got %q", t, short(s))
		}
		if t.T == abi.BytesTy {
			return b, nil
		}
		if len(b) != t.Size {
			return nil, fmt.Errorf("want %d bytes for %s, got %d", t.Size, t, len(b))
		}
		arr := reflect.New(t.GetType()).Elem()
		reflect.Copy(arr, reflect.ValueOf(b))
		return arr.Interface(), nil
	default:
		return nil, fmt.Errorf("arguments of type %s cannot be written in the plan", t)
	}
}

// Calldata returns the ABI-encoded call of the action: the selector of
// Call followed by its Args.
func (a Action) Calldata() ([]byte, error) {
	return packCall(a.Call, a.Args, nil)
}

// packCall encodes a call to sig with text args; lookup, if not nil, maps
// a name (a contract) to an address for address arguments.
func packCall(sig string, args []string, lookup func(string) (common.Address, bool)) ([]byte, error) {
	s, err := ParseSignature(sig)
	if err != nil {
		return nil, err
	}
	if len(args) != len(s.Inputs) {
		return nil, &argError{fmt.Errorf("%s takes %d argument(s), %d given", s.Canonical(), len(s.Inputs), len(args))}
	}
	vals := make([]any, len(args))
	for i, in := range s.Inputs {
		if in.Type.T == abi.AddressTy && lookup != nil {
			if addr, ok := lookup(args[i]); ok {
				vals[i] = addr
				continue
			}
		}
		v, err := ParseArg(in.Type, args[i])
		if err != nil {
			return nil, &argError{fmt.Errorf("argument %d: %w", i+1, err)}
		}
		vals[i] = v
	}
	packed, err := s.Inputs.Pack(vals...)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", s.Canonical(), err)
	}
	return append(s.ID().Bytes()[:4:4], packed...), nil
}

// argError is a problem with a call's arguments rather than its signature.
type argError struct{ err error }

func (e *argError) Error() string { return e.err.Error() }
func (e *argError) Unwrap() error { return e.err }
