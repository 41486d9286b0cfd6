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
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
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

// mintLog is vault's Mint(to, amount, tag) with tag's word as given.
func mintLog(to common.Address, amount *big.Int, tag []byte) *types.Log {
	return &types.Log{Address: vault, Topics: []common.Hash{topicOf("Mint(address,uint256,uint8)"), topicAddr(to)},
		Data: append(word(amount), tag...)}
}

// TestWatchedPathDecodesOnDemand: conditions see the arguments they name,
// alerts every argument of their own log, a log go-ethereum cannot decode
// matches nothing whatever the condition names, and tx.value and
// tx.selector are those of the condition's own transaction.
func TestWatchedPathDecodesOnDemand(t *testing.T) {
	big := plan.Detector{Name: "big", Kind: plan.KindEvent, Contract: "vault",
		Signature: "Withdraw(address,uint256)", Condition: "amount > 100 ether"}
	env := plan.Detector{Name: "env", Kind: plan.KindEvent, Contract: "vault",
		Signature: "Withdraw(address,uint256)", Condition: `$env["amount"] > 100 ether`}
	mint := plan.Detector{Name: "mint", Kind: plan.KindEvent, Contract: "vault",
		Signature: "Mint(address,uint256,uint8)", Condition: "amount > 1 ether"}
	paid := plan.Detector{Name: "paid", Kind: plan.KindEvent, Contract: "vault",
		Signature: "Withdraw(address,uint256)", Condition: `tx.value >= 1 ether && tx.selector == "0x2e1a7d4d"`}
	call := plan.Detector{Name: "call", Kind: plan.KindFunction, Contract: "vault",
		Signature: "withdraw(uint256)", Condition: "call.depth == 0 && amount > 1 ether"}

	type want struct {
		det    string
		fields map[string]any
	}
	tests := []struct {
		name  string
		dets  []plan.Detector
		block *chain.Block
		want  []want
	}{
		{"alerts carry the arguments the condition does not name, of their own log", []plan.Detector{big},
			newBlock(1, 100).
				tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(101)), withdrawLog(evil, ether(5))).
				tx(alice, &vault, nil, nil, true, withdrawLog(attacker, ether(200))).block(),
			[]want{
				{"big", map[string]any{"user": alice.Hex(), "amount": ether(101).String()}},
				{"big", map[string]any{"user": attacker.Hex(), "amount": ether(200).String()}},
			}},
		{"$env reads every argument", []plan.Detector{env},
			newBlock(1, 100).tx(alice, &vault, nil, nil, true, withdrawLog(alice, ether(5)), withdrawLog(evil, ether(300))).block(),
			[]want{{"env", map[string]any{"user": evil.Hex(), "amount": ether(300).String()}}}},
		{"a malformed argument the condition does not name refuses the log", []plan.Detector{mint},
			newBlock(1, 100).tx(alice, &vault, nil, nil, true,
				mintLog(alice, ether(5), word(big256(256))), // uint8 out of range
				mintLog(evil, ether(6), word(big256(7)))).block(),
			[]want{{"mint", map[string]any{"to": evil.Hex(), "amount": ether(6).String(), "tag": "7"}}}},
		{"tx.value and tx.selector of each transaction", []plan.Detector{paid},
			newBlock(1, 100).
				tx(alice, &vault, ether(2), withdrawInput(ether(1)), true, withdrawLog(alice, ether(1))).
				tx(alice, &vault, nil, withdrawInput(ether(1)), true, withdrawLog(evil, ether(1))).
				tx(alice, &vault, ether(3), []byte{1, 2, 3, 4}, true, withdrawLog(attacker, ether(1))).block(),
			[]want{{"paid", map[string]any{"user": alice.Hex(), "amount": ether(1).String()}}}},
		{"function arguments on demand", []plan.Detector{call},
			newBlock(1, 100).
				tx(alice, &vault, nil, withdrawInput(ether(1)), true).
				tx(alice, &vault, nil, withdrawInput(ether(2)), true).
				tx(alice, &vault, nil, withdrawInput(ether(3))[:20], true).block(),
			[]want{{"call", map[string]any{"amount": ether(2).String(), "call.depth": 0}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, tc.dets, []*chain.Block{tc.block})
			if len(got) != len(tc.want) {
				t.Fatalf("alerts %v, want %d", names(got), len(tc.want))
			}
			for i, w := range tc.want {
				if got[i].Detector != w.det {
					t.Fatalf("alert %d: %s, want %s", i, got[i].Detector, w.det)
				}
				for k, v := range w.fields {
					if got[i].Fields[k] != v {
						t.Errorf("alert %d: %s = %v, want %v (fields %v)", i, k, got[i].Fields[k], v, got[i].Fields)
					}
				}
			}
		})
	}
}

func big256(n int64) *big.Int { return big.NewInt(n) }

// TestWatchedLogAllocations: a watched log (or call) whose condition
// compares amounts allocates nothing, nor does a log that matches nothing;
// an address argument a condition names costs one allocation (its boxing)
// when it is not the previous log's. Allocations of a block of 100 watched
// logs against a block of one.
func TestWatchedLogAllocations(t *testing.T) {
	tests := []struct {
		kind, cond string
		traced     bool
		// perLog is the allocations of each watched log (or call)
		perLog float64
	}{
		{plan.KindEvent, "amount > 100 ether", false, 0},
		// exact arithmetic makes its result: a big.Int and its words
		{plan.KindEvent, "amount > 100 ether || amount * 2 < 0", false, 2},
		{plan.KindEvent, "amount > 100 ether && user != contract && !(user in accounts.team)", false, 1},
		// with a trace, the frame's values; without, go-ethereum copies
		// the transaction's recipient and value
		{plan.KindFunction, "amount > 100 ether && call.value == 0", true, 0},
		{plan.KindFunction, "amount > 100 ether && call.value == 0", false, 2},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %s traced=%v", tc.kind, tc.cond, tc.traced), func(t *testing.T) {
			sig := "Withdraw(address,uint256)"
			if tc.kind == plan.KindFunction {
				sig = "withdraw(uint256)"
			}
			p := testPlan(t, plan.Detector{Name: "d", Kind: tc.kind, Contract: "vault", Signature: sig, Condition: tc.cond})
			p.Accounts = map[string]plan.Account{"team": {Name: "team", Set: true, Addresses: []common.Address{admin, evil}}}
			e, err := Compile(p)
			if err != nil {
				t.Fatal(err)
			}
			block := func(watched int) *chain.Block {
				bb := newBlock(1, 100)
				for i := 0; i < watched; i++ {
					user := alice
					if i%2 == 1 {
						user = attacker
					}
					input := withdrawInput(ether(int64(i % 50)))
					bb.tx(alice, &vault, nil, input, true,
						withdrawLog(user, ether(int64(i%50))), transferLog(token, alice, evil, ether(1)))
					if tc.traced {
						bb.trace(frame("CALL", alice, vault, nil, input))
					}
				}
				return bb.block()
			}
			one, hundred := block(1), block(100)
			a1 := testing.AllocsPerRun(50, func() { e.Process(one, nil) })
			a100 := testing.AllocsPerRun(50, func() { e.Process(hundred, nil) })
			if a100-a1 > 100*tc.perLog {
				t.Fatalf("a watched log allocates %v times (block of 100: %v, of one: %v), want %v", (a100-a1)/99, a100, a1, tc.perLog)
			}
		})
	}
}
