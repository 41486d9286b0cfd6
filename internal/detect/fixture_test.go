package detect

import (
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

const vaultABI = `[
 {"type":"event","name":"Withdraw","inputs":[{"name":"user","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}]},
 {"type":"event","name":"Deposit","inputs":[{"name":"user","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}]},
 {"type":"event","name":"Mint","inputs":[{"name":"to","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false},{"name":"tag","type":"uint8","indexed":false}]},
 {"type":"function","name":"withdraw","stateMutability":"nonpayable","inputs":[{"name":"amount","type":"uint256"}],"outputs":[]},
 {"type":"function","name":"totalAssets","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"uint256"}]}
]`

var (
	vault    = common.HexToAddress("0x000000000000000000000000000000000000a001")
	token    = common.HexToAddress("0x000000000000000000000000000000000000a002")
	lender   = common.HexToAddress("0x000000000000000000000000000000000000a003")
	admin    = common.HexToAddress("0x000000000000000000000000000000000000ad01")
	alice    = common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	attacker = common.HexToAddress("0x000000000000000000000000000000000000bad1")
	evil     = common.HexToAddress("0x000000000000000000000000000000000000bad2")
	router   = common.HexToAddress("0x000000000000000000000000000000000000c001")
	impl     = common.HexToAddress("0x000000000000000000000000000000000000c002")
)

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// testPlan is a plan with a vault (ABI), a token and a lender on network
// "devnet", and the given detectors.
func testPlan(t *testing.T, dets ...plan.Detector) *plan.Plan {
	t.Helper()
	parsed, err := abi.JSON(strings.NewReader(vaultABI))
	if err != nil {
		t.Fatal(err)
	}
	for i := range dets {
		if dets[i].Severity == "" {
			dets[i].Severity = "critical"
		}
		if !dets[i].Pos.IsValid() {
			dets[i].Pos = plan.Pos{File: "plan.yaml", Line: 10 + 10*i, Col: 5}
		}
	}
	return &plan.Plan{
		Version:  1,
		Path:     "plan.yaml",
		Networks: []plan.Network{{Name: "devnet", ChainID: 1337}},
		Contracts: []plan.Contract{
			{Name: "vault", Network: "devnet", Address: vault, ABI: &plan.ABI{Path: "vault.json", Parsed: parsed}},
			{Name: "token", Network: "devnet", Address: token},
			{Name: "lender", Network: "devnet", Address: lender},
		},
		Detectors: dets,
	}
}

func compileT(t *testing.T, dets ...plan.Detector) *Engine {
	t.Helper()
	e, err := Compile(testPlan(t, dets...))
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return e
}

// blockBuilder builds a chain.Block by hand.
type blockBuilder struct {
	b        *chain.Block
	logIndex uint
}

func newBlock(number, time uint64) *blockBuilder {
	return &blockBuilder{b: &chain.Block{
		Network: "devnet",
		ChainID: big.NewInt(1337),
		Header:  &types.Header{Number: new(big.Int).SetUint64(number), Time: time, Difficulty: new(big.Int)},
	}}
}

// tx adds a transaction from → to (nil: a creation) with its receipt.
func (bb *blockBuilder) tx(from common.Address, to *common.Address, value *big.Int, data []byte, ok bool, logs ...*types.Log) *blockBuilder {
	i := len(bb.b.Transactions)
	if value == nil {
		value = new(big.Int)
	}
	tx := types.NewTx(&types.LegacyTx{Nonce: uint64(i) + bb.b.Header.Number.Uint64()*1000, To: to, Value: value, Gas: 500000, GasPrice: big.NewInt(1e9), Data: data})
	status := types.ReceiptStatusSuccessful
	if !ok {
		status = types.ReceiptStatusFailed
		logs = nil
	}
	r := &types.Receipt{Status: status, GasUsed: 21000, TxHash: tx.Hash(), TransactionIndex: uint(i), EffectiveGasPrice: big.NewInt(1e9)}
	if to == nil {
		r.ContractAddress = crypto.CreateAddress(from, tx.Nonce())
	}
	for _, lg := range logs {
		lg.Index = bb.logIndex
		lg.TxIndex = uint(i)
		lg.TxHash = tx.Hash()
		bb.logIndex++
		r.Logs = append(r.Logs, lg)
	}
	bb.b.Transactions = append(bb.b.Transactions, tx)
	bb.b.Receipts = append(bb.b.Receipts, r)
	bb.b.Senders = append(bb.b.Senders, from)
	if bb.b.Traces != nil {
		bb.b.Traces = append(bb.b.Traces, nil)
	}
	return bb
}

// trace sets the call trace of the last transaction.
func (bb *blockBuilder) trace(f *chain.CallFrame) *blockBuilder {
	if bb.b.Traces == nil {
		bb.b.Traces = make([]*chain.CallFrame, len(bb.b.Transactions))
	}
	bb.b.Traces[len(bb.b.Transactions)-1] = f
	return bb
}

func (bb *blockBuilder) block() *chain.Block { return bb.b }

func word(n *big.Int) []byte { return common.LeftPadBytes(n.Bytes(), 32) }

func topicAddr(a common.Address) common.Hash { return common.BytesToHash(a.Bytes()) }

// withdrawLog is vault's Withdraw(user, amount).
func withdrawLog(user common.Address, amount *big.Int) *types.Log {
	return &types.Log{Address: vault, Topics: []common.Hash{topicOf("Withdraw(address,uint256)"), topicAddr(user)}, Data: word(amount)}
}

// transferLog is an ERC-20 Transfer of tok.
func transferLog(tok, from, to common.Address, amount *big.Int) *types.Log {
	return &types.Log{Address: tok, Topics: []common.Hash{transferTopic, topicAddr(from), topicAddr(to)}, Data: word(amount)}
}

// flashLoanLog is the demo lender's FlashLoan event.
func flashLoanLog(receiver common.Address, amount *big.Int) *types.Log {
	return &types.Log{
		Address: lender,
		Topics:  []common.Hash{topicOf("FlashLoan(address,address,address,uint256,uint256)"), topicAddr(receiver), topicAddr(receiver), topicAddr(token)},
		Data:    append(word(amount), word(big.NewInt(0))...),
	}
}

func frame(typ string, from, to common.Address, value *big.Int, input []byte, calls ...*chain.CallFrame) *chain.CallFrame {
	f := &chain.CallFrame{Type: typ, From: from, To: &to, Input: input, Calls: calls}
	if value != nil {
		f.Value = (*hexutil.Big)(value)
	}
	return f
}

func withdrawInput(amount *big.Int) []byte {
	return append(selectorBytes("withdraw(uint256)"), word(amount)...)
}

func selectorBytes(sig string) []byte { s := selectorOf(sig); return s[:] }

// uintResult is an ABI-encoded uint256 read result.
func uintResult(n *big.Int) ReadResult { return ReadResult{Data: word(n)} }

// names lists the detectors of alerts, in order.
func names(alerts []Alert) []string {
	out := make([]string, len(alerts))
	for i, a := range alerts {
		out[i] = a.Detector
	}
	return out
}

// createdBy is the address of the contract from's transaction with nonce
// creates.
func createdBy(from common.Address, nonce uint64) common.Address {
	return crypto.CreateAddress(from, nonce)
}
