package detect

import (
	"bytes"
	"fmt"
	"math/big"
	"math/rand"
	"reflect"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// TestWordLayoutMatchesABI checks the watched path's decoder against
// go-ethereum's (UnpackIntoMap, ParseTopicsIntoMap, then normalize): the
// same logs refused, the same values, for every one-word type, indexed or
// not, on words built to hit their edges (sign extension, ranges,
// booleans, short data).
func TestWordLayoutMatchesABI(t *testing.T) {
	types := []string{
		"uint8", "uint16", "uint24", "uint32", "uint64", "uint128", "uint256",
		"int8", "int16", "int24", "int32", "int64", "int128", "int256",
		"address", "bool", "bytes1", "bytes4", "bytes31", "bytes32",
	}
	rng := rand.New(rand.NewSource(1))
	words := edgeWords(rng)
	for _, ty := range types {
		for _, indexed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/indexed=%v", ty, indexed), func(t *testing.T) {
				typ, err := abi.NewType(ty, "", nil)
				if err != nil {
					t.Fatal(err)
				}
				u256, _ := abi.NewType("uint256", "", nil)
				// the argument between two others, to check offsets
				args := abi.Arguments{
					{Name: "a", Type: u256},
					{Name: "x", Type: typ, Indexed: indexed},
					{Name: "b", Type: u256},
				}
				ev := abi.NewEvent("E", "E", false, args)
				spec := newEventSpec(ev)
				if spec.layout == nil {
					t.Fatalf("no word layout for %s", ty)
				}
				slots := newArgSlots(len(spec.names))
				for wi, w := range words {
					data := append(append(word(big.NewInt(7)), w[:]...), word(big.NewInt(9))...)
					var topics []common.Hash
					if indexed {
						topics = []common.Hash{w}
						data = append(word(big.NewInt(7)), word(big.NewInt(9))...)
					}
					compareDecode(t, fmt.Sprintf("word %d %x", wi, w), spec, &slots, topics, data)
					// short data
					if len(data) > 0 {
						compareDecode(t, fmt.Sprintf("word %d short", wi), spec, &slots, topics, data[:len(data)-1])
					}
				}
				compareDecode(t, "empty data", spec, &slots, nil, nil)
			})
		}
	}
}

// TestWordLayoutIndexedDynamic: an indexed string, bytes or array is its
// topic, a hash; a non-indexed one leaves the layout unset.
func TestWordLayoutIndexedDynamic(t *testing.T) {
	for _, ty := range []string{"string", "bytes", "uint256[]", "address[2]"} {
		typ, err := abi.NewType(ty, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		ev := abi.NewEvent("E", "E", false, abi.Arguments{{Name: "x", Type: typ, Indexed: true}})
		spec := newEventSpec(ev)
		if spec.layout == nil {
			t.Fatalf("%s indexed: no layout", ty)
		}
		slots := newArgSlots(1)
		h := common.HexToHash("0x1234")
		compareDecode(t, ty, spec, &slots, []common.Hash{h}, nil)
		if got := newEventSpec(abi.NewEvent("E", "E", false, abi.Arguments{{Name: "x", Type: typ}})).layout; got != nil {
			t.Errorf("%s in the data: layout %+v, want none", ty, got)
		}
	}
}

// compareDecode decodes one log both ways.
func compareDecode(t *testing.T, what string, spec *eventSpec, slots *argSlots, topics []common.Hash, data []byte) {
	t.Helper()
	want := map[string]any{}
	wantErr := spec.nonIndexed.UnpackIntoMap(want, data)
	if wantErr == nil && len(spec.indexed) > 0 {
		wantErr = abi.ParseTopicsIntoMap(want, spec.indexed, topics)
	}
	ok := spec.layout.valid(topics, data)
	if ok != (wantErr == nil) {
		t.Fatalf("%s: valid %v, go-ethereum's error %v", what, ok, wantErr)
	}
	if !ok {
		return
	}
	for i, n := range spec.names {
		got := spec.layout.value(slots, i, topics, data)
		w := normalize(want[n])
		if !sameValue(got, w) {
			t.Fatalf("%s: %s = %#v, go-ethereum %#v", what, n, got, w)
		}
	}
}

func sameValue(a, b any) bool {
	if x, ok := a.(*big.Int); ok {
		y, ok := b.(*big.Int)
		return ok && x.Cmp(y) == 0
	}
	if x, ok := a.([]byte); ok {
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	}
	return reflect.TypeOf(a) == reflect.TypeOf(b) && a == b
}

// edgeWords are words at the edges of every integer size, booleans, and
// random ones.
func edgeWords(rng *rand.Rand) []common.Hash {
	var out []common.Hash
	add := func(x *big.Int) {
		// two's complement on 256 bits
		if x.Sign() < 0 {
			x = new(big.Int).Add(x, two256)
		}
		out = append(out, common.BigToHash(x))
	}
	for _, bits := range []uint{8, 16, 24, 32, 64, 128, 255, 256} {
		one := big.NewInt(1)
		p := new(big.Int).Lsh(one, bits)
		h := new(big.Int).Lsh(one, bits-1)
		for _, v := range []*big.Int{p, new(big.Int).Sub(p, one), h, new(big.Int).Sub(h, one),
			new(big.Int).Neg(h), new(big.Int).Neg(new(big.Int).Add(h, one)), new(big.Int).Neg(p)} {
			if v.BitLen() <= 256 && new(big.Int).Abs(v).Cmp(two256) < 0 {
				add(v)
			}
		}
	}
	for _, v := range []int64{0, 1, 2, -1, -2, 255, 256} {
		add(big.NewInt(v))
	}
	for i := 0; i < 64; i++ {
		var w common.Hash
		rng.Read(w[:])
		// keep some random high bytes zero or 0xff
		n := rng.Intn(33)
		fill := byte(0)
		if rng.Intn(2) == 1 {
			fill = 0xff
		}
		for j := 0; j < n; j++ {
			w[j] = fill
		}
		out = append(out, w)
	}
	return out
}
