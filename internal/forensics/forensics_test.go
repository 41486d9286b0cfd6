package forensics

import (
	"bytes"
	"encoding/json"
	"math/big"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/golden"
)

// Addresses of the hand-made call trees.
var (
	eoa      = common.HexToAddress("0xa11ce00000000000000000000000000000000001")
	attackC  = common.HexToAddress("0xbad0000000000000000000000000000000000002")
	pool     = common.HexToAddress("0x9001000000000000000000000000000000000003")
	token    = common.HexToAddress("0x70ce000000000000000000000000000000000004")
	impl     = common.HexToAddress("0x1111000000000000000000000000000000000005")
	weth     = common.HexToAddress("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2")
	nft      = common.HexToAddress("0x0f70000000000000000000000000000000000006")
	multi    = common.HexToAddress("0x1155000000000000000000000000000000000007")
	user     = common.HexToAddress("0x0005e00000000000000000000000000000000008")
	profit   = common.HexToAddress("0x9f00000000000000000000000000000000000009")
	lender   = common.HexToAddress("0xf1a5000000000000000000000000000000000010")
	zeroAddr = common.Address{}
)

// frame builds a callTracer frame.
func frame(typ string, from, to common.Address, value int64, input []byte, calls ...*chain.CallFrame) *chain.CallFrame {
	f := &chain.CallFrame{Type: typ, From: from, Input: input, Calls: calls}
	f.To = &to
	if value != 0 {
		f.Value = (*hexutil.Big)(big.NewInt(value))
	}
	return f
}

func failed(f *chain.CallFrame) *chain.CallFrame {
	f.Error = "execution reverted"
	return f
}

func withLogs(f *chain.CallFrame, logs ...chain.CallLog) *chain.CallFrame {
	f.Logs = append(f.Logs, logs...)
	return f
}

func addrTopic(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }

func word(v int64) []byte { return common.LeftPadBytes(big.NewInt(v).Bytes(), 32) }

func erc20Log(tok, from, to common.Address, amount int64) chain.CallLog {
	return chain.CallLog{Address: tok, Topics: []common.Hash{topicTransfer, addrTopic(from), addrTopic(to)}, Data: word(amount)}
}

// sel is the 4-byte selector of a signature.
func sel(sig string) []byte { return crypto.Keccak256([]byte(sig))[:4] }

func mustDecoder(t *testing.T, contracts ...Contract) *Decoder {
	t.Helper()
	d, err := NewDecoder(contracts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestFindReentrancy(t *testing.T) {
	withdraw := sel("withdrawAllETH()")
	tests := []struct {
		name string
		root *chain.CallFrame
		want []Reentrancy
	}{
		{
			name: "re-entered from the attacker's receive, twice",
			root: frame("CALL", eoa, attackC, 0, sel("attack()"),
				frame("CALL", attackC, pool, 0, withdraw,
					frame("CALL", pool, attackC, 10, nil,
						frame("CALL", attackC, pool, 0, withdraw,
							frame("CALL", pool, attackC, 10, nil,
								frame("CALL", attackC, pool, 0, withdraw)))))),
			// The attacker's contract is re-entered too, by the pool's
			// payments to its receive(): Analyze drops the attackers' own.
			want: []Reentrancy{
				{Contract: attackC, Outer: "0", Inner: "0.0.0", Via: pool},
				{Contract: pool, Outer: "0.0", Inner: "0.0.0.0", Via: attackC, Function: "0x" + common.Bytes2Hex(withdraw)},
				{Contract: attackC, Outer: "0", Inner: "0.0.0.0.0", Via: pool},
				{Contract: pool, Outer: "0.0", Inner: "0.0.0.0.0.0", Via: attackC, Function: "0x" + common.Bytes2Hex(withdraw)},
			},
		},
		{
			name: "sequential calls are not re-entrancy",
			root: frame("CALL", eoa, attackC, 0, nil,
				frame("CALL", attackC, pool, 0, withdraw),
				frame("CALL", attackC, pool, 0, withdraw)),
		},
		{
			name: "a contract calling itself is not re-entrancy",
			root: frame("CALL", eoa, pool, 0, nil,
				frame("CALL", pool, pool, 0, withdraw)),
		},
		{
			name: "a proxy re-entered through its delegate",
			root: frame("CALL", eoa, pool, 0, withdraw,
				frame("DELEGATECALL", pool, impl, 0, withdraw,
					frame("CALL", pool, attackC, 5, nil,
						frame("CALL", attackC, pool, 0, withdraw,
							frame("DELEGATECALL", pool, impl, 0, withdraw))))),
			want: []Reentrancy{{Contract: pool, Outer: "0", Inner: "0.0.0.0", Via: attackC, Function: "0x" + common.Bytes2Hex(withdraw)}},
		},
		{
			name: "a static call back (read-only: marked, not re-entrancy for Analyze), reverted",
			root: frame("CALL", eoa, pool, 0, nil,
				failed(frame("CALL", pool, attackC, 0, nil,
					frame("STATICCALL", attackC, pool, 0, sel("totalSupply()"))))),
			want: []Reentrancy{{Contract: pool, Outer: "0", Inner: "0.0.0", Via: attackC, Function: "totalSupply", Reverted: true, ReadOnly: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FindReentrancy(buildCall(mustDecoder(t), tt.root, "0", false))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindReentrancy:\n got  %+v\n want %+v", got, tt.want)
			}
		})
	}
}

// flowStr renders a flow compactly for comparison.
func flowStr(f Flow) string {
	s := f.Kind + " " + f.Token.Hex()[:6] + " " + f.From.Hex()[:6] + "->" + f.To.Hex()[:6] + " " + f.Amount.String() + " @" + f.Path
	if f.TokenID != nil {
		s += " #" + f.TokenID.String()
	}
	return s
}

func TestFlowsOf(t *testing.T) {
	batchData, err := abiArgs("uint256[]", "uint256[]").Pack([]*big.Int{big.NewInt(1), big.NewInt(2)}, []*big.Int{big.NewInt(10), big.NewInt(20)})
	if err != nil {
		t.Fatal(err)
	}
	depositTopic := crypto.Keccak256Hash([]byte("Deposit(address,uint256)"))
	tests := []struct {
		name string
		root *chain.CallFrame
		want []string
	}{
		{
			name: "native value of calls, creations and self-destructs",
			root: frame("CALL", eoa, attackC, 100, nil,
				frame("CREATE2", attackC, impl, 7, []byte{0x60}),
				frame("DELEGATECALL", attackC, impl, 50, nil),
				frame("STATICCALL", attackC, pool, 0, nil),
				frame("SELFDESTRUCT", attackC, eoa, 93, nil)),
			want: []string{
				"native 0x0000 0xa11c->0xbad0 100 @0",
				"native 0x0000 0xbad0->0x1111 7 @0.0",
				"native 0x0000 0xbad0->0xa11c 93 @0.3",
			},
		},
		{
			name: "a reverted subtree moves nothing",
			root: frame("CALL", eoa, attackC, 0, nil,
				failed(frame("CALL", attackC, pool, 5, nil,
					withLogs(frame("CALL", pool, token, 0, nil), erc20Log(token, pool, attackC, 1000)),
					frame("CALL", pool, attackC, 9, nil))),
				withLogs(frame("CALL", attackC, token, 0, nil), erc20Log(token, attackC, eoa, 3))),
			want: []string{"erc20 0x70Ce 0xbad0->0xa11c 3 @0.1"},
		},
		{
			name: "ERC-721 and ERC-1155 transfers",
			root: withLogs(frame("CALL", eoa, nft, 0, nil),
				chain.CallLog{Address: nft, Topics: []common.Hash{topicTransfer, addrTopic(pool), addrTopic(eoa), common.BigToHash(big.NewInt(42))}},
				chain.CallLog{Address: multi, Topics: []common.Hash{topicTransferSingle, addrTopic(eoa), addrTopic(pool), addrTopic(eoa)}, Data: append(word(7), word(500)...)},
				chain.CallLog{Address: multi, Topics: []common.Hash{topicTransferBatch, addrTopic(eoa), addrTopic(pool), addrTopic(user)}, Data: batchData}),
			want: []string{
				"erc721 0x0F70 0x9001->0xa11c 1 @0 #42",
				"erc1155 0x1155 0x9001->0xa11c 500 @0 #7",
				"erc1155 0x1155 0x9001->0x0005 10 @0 #1",
				"erc1155 0x1155 0x9001->0x0005 20 @0 #2",
			},
		},
		{
			name: "WETH deposit and withdrawal paired with their native value",
			root: frame("CALL", eoa, attackC, 0, nil,
				withLogs(frame("CALL", attackC, weth, 30, sel("deposit()")),
					chain.CallLog{Address: weth, Topics: []common.Hash{topicDeposit, addrTopic(attackC)}, Data: word(30)}),
				withLogs(frame("CALL", attackC, weth, 0, sel("withdraw(uint256)"),
					frame("CALL", weth, attackC, 12, nil)),
					chain.CallLog{Address: weth, Topics: []common.Hash{topicWithdrawal, addrTopic(attackC)}, Data: word(12), Position: 1})),
			want: []string{
				"native 0x0000 0xbad0->0xC02a 30 @0.0",
				"weth 0xC02a 0x0000->0xbad0 30 @0.0",
				"native 0x0000 0xC02a->0xbad0 12 @0.1.0",
				"weth 0xC02a 0xbad0->0x0000 12 @0.1",
			},
		},
		{
			name: "a lending pool's Deposit(address,uint256) is not a wrap",
			root: withLogs(frame("CALL", eoa, pool, 0, sel("deposit(uint256)"),
				withLogs(frame("CALL", pool, token, 0, nil), erc20Log(token, eoa, pool, 50))),
				chain.CallLog{Address: pool, Topics: []common.Hash{depositTopic, addrTopic(eoa)}, Data: word(50)}),
			want: []string{"erc20 0x70Ce 0xa11c->0x9001 50 @0.0"},
		},
		{
			name: "a payable vault's Deposit and Withdrawal with matching value are not wraps: it is not the chain's wrapped native token",
			root: frame("CALL", eoa, attackC, 0, nil,
				withLogs(frame("CALL", attackC, pool, 30, sel("deposit()")),
					chain.CallLog{Address: pool, Topics: []common.Hash{topicDeposit, addrTopic(attackC)}, Data: word(30)}),
				withLogs(frame("CALL", attackC, pool, 0, sel("withdraw(uint256)"),
					frame("CALL", pool, attackC, 12, nil)),
					chain.CallLog{Address: pool, Topics: []common.Hash{topicWithdrawal, addrTopic(attackC)}, Data: word(12), Position: 1})),
			want: []string{
				"native 0x0000 0xbad0->0x9001 30 @0.0",
				"native 0x0000 0x9001->0xbad0 12 @0.1.0",
			},
		},
		{
			name: "a wrapped token that also emits the mint Transfer counts once",
			root: withLogs(frame("CALL", eoa, weth, 8, sel("deposit()")),
				chain.CallLog{Address: weth, Topics: []common.Hash{topicDeposit, addrTopic(eoa)}, Data: word(8)},
				erc20Log(weth, zeroAddr, eoa, 8)),
			want: []string{
				"native 0x0000 0xa11c->0xC02a 8 @0",
				"erc20 0xC02a 0x0000->0xa11c 8 @0",
			},
		},
		{
			name: "logs that only look like transfers are ignored",
			root: withLogs(frame("CALL", eoa, token, 0, nil),
				chain.CallLog{Address: token, Topics: []common.Hash{topicTransfer, addrTopic(eoa)}, Data: word(1)},
				chain.CallLog{Address: token, Topics: []common.Hash{topicTransfer, addrTopic(eoa), addrTopic(pool)}, Data: word(1)[:16]}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range FlowsOf(buildCall(mustDecoder(t), tt.root, "0", false), weth) {
				got = append(got, flowStr(f))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("flows:\n got  %q\n want %q", got, tt.want)
			}
		})
	}
}

func abiArgs(types ...string) abi.Arguments {
	var args abi.Arguments
	for _, s := range types {
		typ, err := abi.NewType(s, "", nil)
		if err != nil {
			panic(err)
		}
		args = append(args, abi.Argument{Type: typ})
	}
	return args
}

func TestBalanceChanges(t *testing.T) {
	n := func(v int64) *big.Int { return big.NewInt(v) }
	flows := []Flow{
		{Token: Native, From: eoa, To: attackC, Amount: n(100)},
		{Token: Native, From: attackC, To: pool, Amount: n(100)},
		{Token: Native, From: pool, To: attackC, Amount: n(300)},
		{Token: token, From: zeroAddr, To: eoa, Amount: n(5)}, // a mint: the zero address is not listed
		{Token: token, From: pool, To: pool, Amount: n(9)},    // to itself: no change
		{Token: nft, From: pool, To: eoa, Amount: n(1), TokenID: n(42)},
		{Token: nft, From: eoa, To: user, Amount: n(1), TokenID: n(42)},
	}
	var got []string
	for _, bc := range BalanceChanges(flows) {
		s := bc.Address.Hex()[:6] + " " + bc.Token.Hex()[:6] + " " + bc.Delta.String()
		if bc.TokenID != nil {
			s += " #" + bc.TokenID.String()
		}
		got = append(got, s)
	}
	want := []string{
		"0x0005 0x0F70 1 #42",
		"0x9001 0x0000 -200",
		"0x9001 0x0F70 -1 #42",
		"0xa11c 0x0000 -100",
		"0xa11c 0x70Ce 5",
		"0xbad0 0x0000 300",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("balance changes:\n got  %q\n want %q", got, want)
	}
}

func TestDecoder(t *testing.T) {
	// The plan's ABI names the arguments its own way and wins over the
	// built-in ERC-20.
	planABI, err := abi.JSON(strings.NewReader(`[{"type":"function","name":"transfer","inputs":[{"name":"dst","type":"address"},{"name":"wad","type":"uint256"}],"outputs":[]},
		{"type":"function","name":"migrateReserves","inputs":[{"name":"token","type":"address"},{"name":"to","type":"address"}],"outputs":[]}]`))
	if err != nil {
		t.Fatal(err)
	}
	d := mustDecoder(t, Contract{Name: "pool", Address: pool, ABI: &planABI})
	erc20 := abiArgs("address", "uint256")
	transferInput := func() []byte {
		args, err := erc20.Pack(user, big.NewInt(1234))
		if err != nil {
			t.Fatal(err)
		}
		return append(sel("transfer(address,uint256)"), args...)
	}()
	flashArgs, err := abiArgs("address", "address", "uint256", "bytes").Pack(attackC, token, big.NewInt(10), []byte{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		to    common.Address
		input []byte
		want  string // "" when not decoded
	}{
		{"ERC-20 transfer from the built-in ABI", token, transferInput, "ERC20 transfer(to=" + user.Hex() + ", amount=1234)"},
		{"the plan's ABI first", pool, transferInput, "pool transfer(dst=" + user.Hex() + ", wad=1234)"},
		{"a plan-only function", pool, append(sel("migrateReserves(address,address)"), append(common.LeftPadBytes(token.Bytes(), 32), common.LeftPadBytes(eoa.Bytes(), 32)...)...),
			"pool migrateReserves(token=" + token.Hex() + ", to=" + eoa.Hex() + ")"},
		{"ERC-3156 flash loan", lender, append(sel("flashLoan(address,address,uint256,bytes)"), flashArgs...),
			"ERC3156 flashLoan(receiver=" + attackC.Hex() + ", token=" + token.Hex() + ", amount=10, data=0x0102)"},
		{"UUPS upgrade", pool, append(sel("upgradeToAndCall(address,bytes)"), mustPack(t, abiArgs("address", "bytes"), impl, []byte{})...),
			"ERC1967 upgradeToAndCall(newImplementation=" + impl.Hex() + ", data=0x)"},
		{"AccessControl grantRole", pool, append(sel("grantRole(bytes32,address)"), mustPack(t, abiArgs("bytes32", "address"), [32]byte{1}, eoa)...),
			"AccessControl grantRole(role=0x0100000000000000000000000000000000000000000000000000000000000000, account=" + eoa.Hex() + ")"},
		{"unknown selector", token, []byte{0xde, 0xad, 0xbe, 0xef, 0}, ""},
		{"arguments that do not decode", token, sel("transfer(address,uint256)"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dc, ok := d.DecodeCall(tt.to, tt.input)
			got := ""
			if ok {
				var parts []string
				for _, a := range dc.Args {
					parts = append(parts, a.Name+"="+a.Value.(string))
				}
				got = dc.Standard + " " + dc.Name + "(" + strings.Join(parts, ", ") + ")"
			}
			if got != tt.want {
				t.Errorf("DecodeCall = %q, want %q", got, tt.want)
			}
		})
	}

	// Transfer with three topics is ERC-20, with four ERC-721.
	ev, ok := d.DecodeLog(token, []common.Hash{topicTransfer, addrTopic(eoa), addrTopic(user)}, word(5))
	if !ok || ev.Standard != "ERC20" || ev.Args[2].Value != "5" {
		t.Errorf("ERC-20 Transfer decoded as %+v, %v", ev, ok)
	}
	ev, ok = d.DecodeLog(nft, []common.Hash{topicTransfer, addrTopic(eoa), addrTopic(user), common.BigToHash(big.NewInt(9))}, nil)
	if !ok || ev.Standard != "ERC721" || ev.Args[2].Name != "tokenId" || ev.Args[2].Value != "9" {
		t.Errorf("ERC-721 Transfer decoded as %+v, %v", ev, ok)
	}
}

func mustPack(t *testing.T, args abi.Arguments, values ...any) []byte {
	t.Helper()
	b, err := args.Pack(values...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exploitTree is a hand-made re-entrancy exploit with a flash loan, an
// ERC-20 drain of a user's approval and a profit collector.
func exploitTree() *chain.CallFrame {
	withdraw := sel("withdrawAllETH()")
	transferFrom := append(sel("transferFrom(address,address,uint256)"), append(append(common.LeftPadBytes(user.Bytes(), 32), common.LeftPadBytes(attackC.Bytes(), 32)...), word(700)...)...)
	flash := append(sel("flashLoan(address,address,uint256,bytes)"), mustPackNoT(abiArgs("address", "address", "uint256", "bytes"), attackC, token, big.NewInt(1000), []byte{})...)
	return frame("CALL", eoa, attackC, 10, sel("attack(address)"),
		frame("CALL", attackC, pool, 10, sel("depositETH()")),
		frame("CALL", attackC, pool, 0, withdraw,
			frame("CALL", pool, attackC, 10, nil,
				frame("CALL", attackC, pool, 0, withdraw,
					frame("CALL", pool, attackC, 10, nil,
						failed(frame("CALL", attackC, pool, 0, withdraw)))))),
		frame("CALL", attackC, lender, 0, flash,
			withLogs(frame("CALL", lender, token, 0, sel("transfer(address,uint256)")), erc20Log(token, lender, attackC, 1000)),
			frame("CALL", lender, attackC, 0, sel("onFlashLoan(address,address,uint256,uint256,bytes)"),
				withLogs(frame("CALL", attackC, token, 0, transferFrom), erc20Log(token, user, attackC, 700))),
			withLogs(frame("CALL", lender, token, 0, nil), erc20Log(token, attackC, lender, 1001))),
		withLogs(frame("CALL", attackC, token, 0, sel("transfer(address,uint256)")), erc20Log(token, attackC, profit, 699)),
		frame("CALL", attackC, eoa, 20, nil))
}

func mustPackNoT(args abi.Arguments, values ...any) []byte {
	b, err := args.Pack(values...)
	if err != nil {
		panic(err)
	}
	return b
}

// handMadeAnalysis runs every offline step of Analyze on exploitTree.
func handMadeAnalysis(t *testing.T) *Analysis {
	t.Helper()
	poolABI, err := abi.JSON(strings.NewReader(`[{"type":"function","name":"withdrawAllETH","inputs":[],"outputs":[]},{"type":"function","name":"depositETH","inputs":[],"outputs":[],"stateMutability":"payable"}]`))
	if err != nil {
		t.Fatal(err)
	}
	dec := mustDecoder(t, Contract{Name: "pool", Address: pool, ABI: &poolABI}, Contract{Name: "dusd", Address: token})
	to := attackC
	eighteen, six := uint8(18), uint8(6)
	a := &Analysis{
		Tx:     common.HexToHash("0x5eed"),
		Block:  1234,
		Time:   1767225600,
		Status: StatusSuccess,
		From:   eoa,
		To:     &to,
		Fee:    big.NewInt(21000),
		Tokens: map[common.Address]TokenInfo{Native: {Symbol: "ETH", Decimals: &eighteen}, token: {Symbol: "dUSD", Decimals: &six}},
	}
	a.fromTrace(dec, exploitTree(), make([]*types.Log, 4), nil)
	hasCode := map[common.Address]bool{lender: true, pool: true, token: true, attackC: true}
	prices := map[common.Address]*big.Rat{Native: big.NewRat(2500, 1), token: big.NewRat(1, 1)}
	err = attribute(a, dec, attribution{
		recent: map[common.Address]uint64{attackC: 7, common.HexToAddress("0x77"): 8}, window: 100,
		hasCode: func(addr common.Address) (bool, error) { return hasCode[addr], nil },
		prices:  prices,
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Reentrancy = withoutAttackers(a.Reentrancy, a.Attackers)
	a.Loss = lossOf(a.Victims, a.Attackers, a.BalanceChanges)
	a.reconcile()
	a.LossUSD, a.Warnings = lossUSD(a.Loss, a.Reconciliation, a.Tokens, prices, a.Warnings)
	return a
}

func TestAnalysisOfHandMadeExploit(t *testing.T) {
	a := handMadeAnalysis(t)
	parties := func(ps []Party) []common.Address {
		var out []common.Address
		for _, p := range ps {
			out = append(out, p.Address)
		}
		return out
	}
	if got, want := parties(a.Attackers), []common.Address{eoa, attackC, profit}; !reflect.DeepEqual(got, want) {
		t.Errorf("attackers = %v, want %v", got, want)
	}
	// The pool lost ETH, the user its approved dUSD; the lender gained a
	// fee and is no victim.
	if got, want := parties(a.Victims), []common.Address{user, pool}; !reflect.DeepEqual(got, want) {
		t.Errorf("victims = %v, want %v", got, want)
	}
	wantLoss := []TokenAmount{{Native, big.NewInt(10)}, {token, big.NewInt(700)}}
	if !reflect.DeepEqual(a.Loss, wantLoss) {
		t.Errorf("loss = %v, want %v", a.Loss, wantLoss)
	}
	// 10 wei at 2500 USD/ETH plus 700 base units at 1 USD per 10^6.
	if want := new(big.Rat).Add(big.NewRat(25000, 1e18), big.NewRat(700, 1e6)); a.LossUSD.Cmp(want) != 0 {
		t.Errorf("loss USD = %s, want %s", a.LossUSD.RatString(), want.RatString())
	}
	if len(a.Reentrancy) != 2 || a.Reentrancy[0].Inner != "0.1.0.0" || a.Reentrancy[1].Inner != "0.1.0.0.0.0" || !a.Reentrancy[1].Reverted {
		t.Errorf("reentrancy = %+v", a.Reentrancy)
	}
}

func TestAnalysisGolden(t *testing.T) {
	a := handMadeAnalysis(t)
	got, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "analysis.golden.json"), append(got, '\n'))

	var text bytes.Buffer
	if err := a.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "analysis.golden.txt"), text.Bytes())

	// The JSON reads back to the same analysis.
	var back Analysis
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	again, err := json.MarshalIndent(&back, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, again) {
		t.Errorf("JSON does not round-trip:\n%s\nvs\n%s", got, again)
	}

	// The contract of PRODUCT.md: these keys, checksummed addresses and
	// decimal-string amounts.
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"tx", "block", "status", "from", "to", "calls", "reentrancy", "flows", "balance_changes", "attackers", "victims", "loss"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if m["from"] != eoa.Hex() || m["to"] != attackC.Hex() {
		t.Errorf("from/to not EIP-55: %v %v", m["from"], m["to"])
	}
	flow := m["flows"].([]any)[0].(map[string]any)
	if flow["token"] != "0x0000000000000000000000000000000000000000" || flow["amount"] != "10" {
		t.Errorf("first flow = %v", flow)
	}
}

func TestAnalysisJSONErrors(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"bad amount", `{"tx":"0x0000000000000000000000000000000000000000000000000000000000000001","block_hash":"0x0000000000000000000000000000000000000000000000000000000000000001","from":"0x0000000000000000000000000000000000000001","flows":[{"token":"0x0000000000000000000000000000000000000000","from":"0x0000000000000000000000000000000000000001","to":"0x0000000000000000000000000000000000000002","amount":"1e18"}]}`, "flows[0].amount"},
		{"bad address", `{"tx":"0x0000000000000000000000000000000000000000000000000000000000000001","block_hash":"0x0000000000000000000000000000000000000000000000000000000000000001","from":"0xnope"}`, "from"},
		{"bad loss", `{"tx":"0x0000000000000000000000000000000000000000000000000000000000000001","block_hash":"0x0000000000000000000000000000000000000000000000000000000000000001","from":"0x0000000000000000000000000000000000000001","loss":{"0x0000000000000000000000000000000000000000":"-x"}}`, "loss["},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a Analysis
			err := json.Unmarshal([]byte(tt.json), &a)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one naming %q", err, tt.want)
			}
		})
	}
}

func TestParseLabels(t *testing.T) {
	ex := common.HexToAddress("0x28c6c06298d514db089934071355e5743bf21d60")
	tests := []struct {
		name, file, data string
		want             Labels
		wantErr          string
	}{
		{"CSV with header", "l.csv", "address,label,kind\n0x28c6c06298d514db089934071355e5743bf21d60,Binance 14,exchange\n", Labels{ex: {Name: "Binance 14", Kind: "exchange"}}, ""},
		{"CSV without kind", "l.csv", "# comment\n0x28c6c06298d514db089934071355e5743bf21d60, Binance 14\n", Labels{ex: {Name: "Binance 14"}}, ""},
		{"JSON list", "l.json", `[{"address":"0x28c6c06298d514db089934071355e5743bf21d60","label":"Binance 14","kind":"exchange"}]`, Labels{ex: {Name: "Binance 14", Kind: "exchange"}}, ""},
		{"JSON object", "labels", `{"0x28c6c06298d514db089934071355e5743bf21d60":{"label":"Tornado","kind":"mixer"}}`, Labels{ex: {Name: "Tornado", Kind: "mixer"}}, ""},
		{"bad address with its line", "l.csv", "address,label,kind\n0x28c6,Binance,exchange\n", nil, "l.csv:2: address \"0x28c6\""},
		{"empty label", "l.csv", "0x28c6c06298d514db089934071355e5743bf21d60,,exchange\n", nil, "l.csv:1: label is empty"},
		{"too many fields", "l.csv", "0x28c6c06298d514db089934071355e5743bf21d60,a,b,c\n", nil, "l.csv:1: want address,label,kind"},
		{"bad JSON entry", "l.json", `[{"address":"x","label":"a"}]`, nil, "l.json: entry 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLabels(tt.file, []byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("labels = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAggregateRanksByShare(t *testing.T) {
	a, b, c := common.HexToAddress("0xa"), common.HexToAddress("0xb"), common.HexToAddress("0xc")
	tx1, tx2 := common.HexToHash("0x1"), common.HexToHash("0x2")
	edges := aggregate([]Transfer{
		{Token: token, From: eoa, To: b, Amount: big.NewInt(100), Tx: tx2, At: Position{5, 1}},
		{Token: Native, From: eoa, To: a, Amount: big.NewInt(10), Tx: tx1, At: Position{4, 0}},
		{Token: token, From: eoa, To: c, Amount: big.NewInt(900), Tx: tx1, At: Position{4, 0}},
		{Token: Native, From: eoa, To: a, Amount: big.NewInt(5), Tx: tx2, At: Position{5, 1}},
		{Token: Native, From: eoa, To: eoa, Amount: big.NewInt(5), Tx: tx2, At: Position{5, 1}},
	}, 1)
	var got []string
	for _, e := range edges {
		got = append(got, e.To.Hex()[:5]+" "+e.Token.Hex()[:6]+" "+e.Amount.String()+" "+big.NewInt(int64(len(e.Txs))).String())
	}
	// a holds 100% of the native outflow, c 90% and b 10% of the token.
	want := []string{"0x000 0x0000 15 2", "0x000 0x70Ce 900 1", "0x000 0x70Ce 100 1"}
	if !reflect.DeepEqual(got, want) || edges[0].To != a || edges[1].To != c || edges[0].First != (Position{4, 0}) {
		t.Errorf("edges = %q, want %q", got, want)
	}
}

// TestFlowsFromReceipt: a node whose callTracer gives no logs still yields
// the token flows, read from the receipt, with a warning.
func TestFlowsFromReceipt(t *testing.T) {
	root := frame("CALL", eoa, attackC, 5, nil, frame("CALL", attackC, token, 0, nil))
	logs := []*types.Log{{Address: token, Topics: []common.Hash{topicTransfer, addrTopic(pool), addrTopic(eoa)}, Data: word(77)}}
	a := &Analysis{}
	a.fromTrace(mustDecoder(t), root, logs, nil)
	var got []string
	for _, f := range a.Flows {
		got = append(got, flowStr(f))
	}
	want := []string{"native 0x0000 0xa11c->0xbad0 5 @0", "erc20 0x70Ce 0x9001->0xa11c 77 @"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flows = %q, want %q", got, want)
	}
	if len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], "read from the receipt") {
		t.Errorf("warnings = %q", a.Warnings)
	}
}

func TestGraphGolden(t *testing.T) {
	ex := common.HexToAddress("0x28c6c06298d514db089934071355e5743bf21d60")
	g := &Graph{
		Root: eoa, FromBlock: 100, ToBlock: 200, Depth: 2, Fanout: 2,
		Nodes: []*FundsNode{
			{Address: eoa, Arrived: Position{Block: 100}},
			{Address: attackC, Hop: 1, Arrived: Position{101, 0}, Omitted: 1},
			{Address: user, Hop: 1, Arrived: Position{102, 3}},
			{Address: ex, Hop: 2, Arrived: Position{103, 1}, Label: &Label{Name: "Exchange 14", Kind: "exchange"}, Stop: StopLabel},
			{Address: profit, Hop: 2, Arrived: Position{104, 0}, Stop: StopDepth},
		},
		Edges: []*FundsEdge{
			{From: eoa, To: attackC, Token: Native, Amount: ether(5000), Hop: 1, Txs: []common.Hash{common.HexToHash("0x01")}, First: Position{101, 0}},
			{From: eoa, To: user, Token: token, Amount: big.NewInt(123456789), Hop: 1, Txs: []common.Hash{common.HexToHash("0x02")}, First: Position{102, 3}},
			{From: attackC, To: ex, Token: Native, Amount: ether(4500), Hop: 2, Txs: []common.Hash{common.HexToHash("0x03"), common.HexToHash("0x04")}, First: Position{103, 1}},
			{From: user, To: profit, Token: token, Amount: big.NewInt(123456789), Hop: 2, Txs: []common.Hash{common.HexToHash("0x05")}, First: Position{104, 0}},
		},
	}
	var text, dot bytes.Buffer
	if err := g.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteDOT(&dot); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "funds.golden.txt"), text.Bytes())
	golden.Check(t, filepath.Join("testdata", "funds.golden.dot"), dot.Bytes())
	golden.Check(t, filepath.Join("testdata", "funds.golden.json"), append(js, '\n'))
}
