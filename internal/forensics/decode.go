package forensics

import (
	"bytes"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"sort"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// standardsJSON holds the ABIs of the common standards every analysis can
// decode without a plan: an object from standard name to its JSON ABI.
//
//go:embed standards.json
var standardsJSON []byte

// Contract is a contract the analysis knows by name, usually one of the
// plan's. ABI may be nil when only the name is known.
type Contract struct {
	Name    string
	Address common.Address
	ABI     *abi.ABI
}

// Arg is one decoded argument of a call or an event. Value is ready for
// JSON: addresses are EIP-55 strings, integers decimal strings, bytes 0x-hex,
// arrays lists and tuples objects.
type Arg struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// DecodedCall is a call's input decoded with an ABI.
type DecodedCall struct {
	// Name is the function's name as written in the source.
	Name string
	// Signature is the canonical signature, e.g. transfer(address,uint256).
	Signature string
	// Standard names where the ABI came from: a plan contract's name or a
	// built-in standard such as ERC20.
	Standard string
	Args     []Arg
}

// DecodedEvent is a log decoded with an ABI.
type DecodedEvent struct {
	Name      string
	Signature string
	Standard  string
	Args      []Arg
}

type stdMethod struct {
	standard string
	method   abi.Method
}

type stdEvent struct {
	standard string
	event    abi.Event
}

// Decoder decodes call inputs and logs with the ABIs of known contracts
// first and the built-in standards (ERC-20/721/1155, WETH, ERC-1967/UUPS,
// AccessControl, Pausable, Ownable, ERC-3156) otherwise.
type Decoder struct {
	contracts map[common.Address]Contract
	methods   map[[4]byte]stdMethod
	// events is keyed by topic 0 and the number of indexed inputs, since
	// ERC-20 and ERC-721 Transfer share a topic and differ only in that.
	events map[eventKey]stdEvent
}

type eventKey struct {
	id      common.Hash
	indexed int
}

// NewDecoder returns a Decoder for contracts and the built-in standards.
func NewDecoder(contracts []Contract) (*Decoder, error) {
	var std map[string]json.RawMessage
	if err := json.Unmarshal(standardsJSON, &std); err != nil {
		return nil, fmt.Errorf("built-in standard ABIs: %w", err)
	}
	d := &Decoder{
		contracts: make(map[common.Address]Contract, len(contracts)),
		methods:   make(map[[4]byte]stdMethod),
		events:    make(map[eventKey]stdEvent),
	}
	names := make([]string, 0, len(std))
	for name := range std {
		names = append(names, name)
	}
	sort.Strings(names) // first standard (by name) wins a selector collision
	for _, name := range names {
		parsed, err := abi.JSON(bytes.NewReader(std[name]))
		if err != nil {
			return nil, fmt.Errorf("built-in ABI %s: %w", name, err)
		}
		for _, m := range parsed.Methods {
			var id [4]byte
			copy(id[:], m.ID)
			if _, ok := d.methods[id]; !ok {
				d.methods[id] = stdMethod{standard: name, method: m}
			}
		}
		for _, e := range parsed.Events {
			k := eventKey{id: e.ID, indexed: countIndexed(e.Inputs)}
			if _, ok := d.events[k]; !ok {
				d.events[k] = stdEvent{standard: name, event: e}
			}
		}
	}
	for _, c := range contracts {
		d.contracts[c.Address] = c
	}
	return d, nil
}

// ContractName returns the known name of addr, or "".
func (d *Decoder) ContractName(addr common.Address) string {
	return d.contracts[addr].Name
}

// IsKnown reports whether addr is one of the known (plan) contracts.
func (d *Decoder) IsKnown(addr common.Address) bool {
	_, ok := d.contracts[addr]
	return ok
}

// DecodeCall decodes input sent to the contract at to. It reports false when
// input has no selector or no known ABI has a method with it, or when the
// arguments do not decode.
func (d *Decoder) DecodeCall(to common.Address, input []byte) (*DecodedCall, bool) {
	if len(input) < 4 {
		return nil, false
	}
	if c, ok := d.contracts[to]; ok && c.ABI != nil {
		if m, err := c.ABI.MethodById(input[:4]); err == nil {
			if dc, ok := decodeMethod(c.Name, m, input[4:]); ok {
				return dc, true
			}
		}
	}
	var id [4]byte
	copy(id[:], input[:4])
	if sm, ok := d.methods[id]; ok {
		m := sm.method
		return decodeMethod(sm.standard, &m, input[4:])
	}
	return nil, false
}

func decodeMethod(standard string, m *abi.Method, data []byte) (*DecodedCall, bool) {
	values, err := m.Inputs.Unpack(data)
	if err != nil {
		return nil, false
	}
	return &DecodedCall{
		Name:      m.RawName,
		Signature: m.Sig,
		Standard:  standard,
		Args:      args(m.Inputs, values),
	}, true
}

// DecodeLog decodes a log emitted by the contract at addr. It reports false
// when no known ABI has the event or the log does not match its layout.
func (d *Decoder) DecodeLog(addr common.Address, topics []common.Hash, data []byte) (*DecodedEvent, bool) {
	if len(topics) == 0 {
		return nil, false
	}
	if c, ok := d.contracts[addr]; ok && c.ABI != nil {
		if e, err := c.ABI.EventByID(topics[0]); err == nil {
			if de, ok := decodeEvent(c.Name, e, topics, data); ok {
				return de, true
			}
		}
	}
	se, ok := d.events[eventKey{id: topics[0], indexed: len(topics) - 1}]
	if !ok {
		return nil, false
	}
	e := se.event
	return decodeEvent(se.standard, &e, topics, data)
}

func decodeEvent(standard string, e *abi.Event, topics []common.Hash, data []byte) (*DecodedEvent, bool) {
	if e.Anonymous || countIndexed(e.Inputs) != len(topics)-1 {
		return nil, false
	}
	nonIndexed, err := e.Inputs.NonIndexed().Unpack(data)
	if err != nil {
		return nil, false
	}
	var indexed abi.Arguments
	for _, in := range e.Inputs {
		if in.Indexed {
			indexed = append(indexed, in)
		}
	}
	topicValues := make(map[string]any, len(indexed))
	if err := abi.ParseTopicsIntoMap(topicValues, indexed, topics[1:]); err != nil {
		return nil, false
	}
	out := make([]Arg, 0, len(e.Inputs))
	ni := 0
	for _, in := range e.Inputs {
		var v any
		if in.Indexed {
			v = topicValues[in.Name]
		} else {
			v = nonIndexed[ni]
			ni++
		}
		out = append(out, Arg{Name: in.Name, Type: in.Type.String(), Value: jsonValue(v)})
	}
	return &DecodedEvent{Name: e.RawName, Signature: e.Sig, Standard: standard, Args: out}, true
}

// countIndexed is the number of indexed arguments (topics after the
// first) of an event's inputs.
func countIndexed(args abi.Arguments) int { return len(args) - len(args.NonIndexed()) }

func args(inputs abi.Arguments, values []any) []Arg {
	out := make([]Arg, len(inputs))
	for i, in := range inputs {
		out[i] = Arg{Name: in.Name, Type: in.Type.String(), Value: jsonValue(values[i])}
	}
	return out
}

// jsonValue turns a value unpacked by go-ethereum's ABI decoder into plain
// JSON values with exact integers.
func jsonValue(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case common.Address:
		return x.Hex()
	case common.Hash:
		return x.Hex()
	case *big.Int:
		return x.String()
	case []byte:
		return "0x" + hex.EncodeToString(x)
	case string, bool:
		return x
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return big.NewInt(rv.Int()).String()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return new(big.Int).SetUint64(rv.Uint()).String()
	case reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 { // bytesN
			b := make([]byte, rv.Len())
			reflect.Copy(reflect.ValueOf(b), rv)
			return "0x" + hex.EncodeToString(b)
		}
		fallthrough
	case reflect.Slice:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = jsonValue(rv.Index(i).Interface())
		}
		return out
	case reflect.Struct:
		out := make(map[string]any, rv.NumField())
		t := rv.Type()
		for i := 0; i < rv.NumField(); i++ {
			name := t.Field(i).Name
			if tag := t.Field(i).Tag.Get("json"); tag != "" {
				name = tag
			}
			out[name] = jsonValue(rv.Field(i).Interface())
		}
		return out
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		return jsonValue(rv.Elem().Interface())
	}
	return fmt.Sprint(v)
}
