package detect

import (
	"fmt"
	"math/big"
	"reflect"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// findEvent resolves an event signature against a contract ABI, or builds
// it from the signature when there is no ABI.
func findEvent(sig string, contractABI *abi.ABI) (abi.Event, error) {
	if !strings.Contains(sig, "(") {
		if contractABI != nil {
			if ev, ok := contractABI.Events[strings.TrimSpace(sig)]; ok {
				return ev, nil
			}
		}
		return abi.Event{}, fmt.Errorf("event %q not found in the contract's ABI", sig)
	}
	parsed, err := plan.ParseSignature(sig)
	if err != nil {
		return abi.Event{}, err
	}
	want := parsed.Canonical()
	if contractABI != nil && len(contractABI.Events) > 0 {
		for _, ev := range contractABI.Events {
			if ev.Sig == want {
				return ev, nil
			}
		}
		return abi.Event{}, fmt.Errorf("event %s not found in the contract's ABI", want)
	}
	return abi.NewEvent(parsed.Name, parsed.Name, false, parsed.Inputs), nil
}

// findMethod resolves a function signature against a contract ABI, or
// builds it from the signature when there is no ABI.
func findMethod(sig string, contractABI *abi.ABI) (abi.Method, error) {
	if !strings.Contains(sig, "(") {
		if contractABI != nil {
			if m, ok := contractABI.Methods[strings.TrimSpace(sig)]; ok {
				return m, nil
			}
		}
		return abi.Method{}, fmt.Errorf("function %q not found in the contract's ABI", sig)
	}
	parsed, err := plan.ParseSignature(sig)
	if err != nil {
		return abi.Method{}, err
	}
	want := parsed.Canonical()
	if contractABI != nil && len(contractABI.Methods) > 0 {
		for _, m := range contractABI.Methods {
			if m.Sig == want {
				return m, nil
			}
		}
		return abi.Method{}, fmt.Errorf("function %s not found in the contract's ABI", want)
	}
	return abi.NewMethod(parsed.Name, parsed.Name, abi.Function, "nonpayable", false, false, parsed.Inputs, nil), nil
}

// argNames gives every argument a usable variable name: its own, as written
// in Solidity (_value stays _value), or argN when unnamed, or arg_NAME when
// it collides with a reserved context name or a literal's placeholder.
func argNames(args abi.Arguments, reserved map[string]bool) abi.Arguments {
	out := make(abi.Arguments, len(args))
	for i, a := range args {
		switch {
		case a.Name == "":
			a.Name = fmt.Sprintf("arg%d", i)
		case reserved[a.Name] || isPlaceholder(a.Name):
			a.Name = "arg_" + strings.TrimLeft(a.Name, "_")
		}
		out[i] = a
	}
	return out
}

// sampleOf returns a zero value of the type a decoded value of t has in
// conditions (see normalize).
func sampleOf(t abi.Type, indexed bool) any {
	if indexed {
		switch t.T {
		case abi.StringTy, abi.BytesTy, abi.SliceTy, abi.ArrayTy, abi.TupleTy:
			return common.Hash{}
		}
	}
	switch t.T {
	case abi.IntTy, abi.UintTy:
		return (*big.Int)(nil)
	case abi.AddressTy:
		return common.Address{}
	case abi.BoolTy:
		return false
	case abi.StringTy:
		return ""
	case abi.BytesTy:
		return []byte(nil)
	case abi.FixedBytesTy:
		if t.Size == 32 {
			return common.Hash{}
		}
		return []byte(nil)
	case abi.SliceTy, abi.ArrayTy:
		elem := reflect.TypeOf(sampleOf(*t.Elem, false))
		return reflect.Zero(reflect.SliceOf(elem)).Interface()
	case abi.TupleTy:
		return map[string]any(nil)
	}
	return nil
}

// normalize converts a value decoded by go-ethereum's ABI package into its
// condition form: every integer a *big.Int, bytes32 a common.Hash, other
// fixed bytes a []byte, arrays slices, tuples maps.
func normalize(v any) any {
	switch x := v.(type) {
	case *big.Int, common.Address, bool, string, []byte, common.Hash:
		return x
	case [32]byte:
		return common.Hash(x)
	case uint8:
		return new(big.Int).SetUint64(uint64(x))
	case uint16:
		return new(big.Int).SetUint64(uint64(x))
	case uint32:
		return new(big.Int).SetUint64(uint64(x))
	case uint64:
		return new(big.Int).SetUint64(x)
	case int8:
		return big.NewInt(int64(x))
	case int16:
		return big.NewInt(int64(x))
	case int32:
		return big.NewInt(int64(x))
	case int64:
		return big.NewInt(x)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			b := make([]byte, rv.Len())
			reflect.Copy(reflect.ValueOf(b), rv)
			return b
		}
		fallthrough
	case reflect.Slice:
		if rv.Len() == 0 {
			return v
		}
		first := normalize(rv.Index(0).Interface())
		out := reflect.MakeSlice(reflect.SliceOf(reflect.TypeOf(first)), rv.Len(), rv.Len())
		for i := 0; i < rv.Len(); i++ {
			out.Index(i).Set(reflect.ValueOf(normalize(rv.Index(i).Interface())))
		}
		return out.Interface()
	case reflect.Struct:
		m := make(map[string]any, rv.NumField())
		for i := 0; i < rv.NumField(); i++ {
			f := rv.Type().Field(i)
			name := f.Tag.Get("json")
			if name == "" {
				name = f.Name
			}
			m[name] = normalize(rv.Field(i).Interface())
		}
		return m
	}
	return v
}
