package chain

import (
	"crypto/ecdsa"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/trie"
)

// denseBlockJSON returns eth_getBlockByNumber's answer (full transactions)
// for a block of n signed transactions, as go-ethereum writes it.
func denseBlockJSON(tb testing.TB, n int) json.RawMessage {
	tb.Helper()
	chainID := big.NewInt(1337)
	signer := types.LatestSignerForChainID(chainID)
	keys := make([]*ecdsa.PrivateKey, 8)
	for i := range keys {
		keys[i], _ = crypto.GenerateKey()
	}
	txs := make(types.Transactions, n)
	for i := range txs {
		to := common.BigToAddress(big.NewInt(int64(1000 + i%17)))
		txs[i] = types.MustSignNewTx(keys[i%len(keys)], signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: uint64(i / len(keys)),
			GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(3e10), Gas: 90_000, To: &to, Value: big.NewInt(int64(i)),
			Data: common.FromHex("0xa9059cbb000000000000000000000000000000000000000000000000000000000000beef0000000000000000000000000000000000000000000000000000000000000001")})
	}
	h := &types.Header{ParentHash: common.HexToHash("0x01"), Number: big.NewInt(100), GasLimit: 30_000_000, GasUsed: 21000 * uint64(n),
		Time: 1_700_000_000, BaseFee: big.NewInt(1e9), Difficulty: new(big.Int), UncleHash: types.EmptyUncleHash,
		TxHash: types.DeriveSha(txs, trie.NewStackTrie(nil)), ReceiptHash: types.EmptyReceiptsHash, Root: common.HexToHash("0x02")}
	var fields map[string]any
	hj, _ := json.Marshal(h)
	if err := json.Unmarshal(hj, &fields); err != nil {
		tb.Fatal(err)
	}
	fields["hash"] = h.Hash()
	list := make([]map[string]any, n)
	for i, tx := range txs {
		tj, _ := tx.MarshalJSON()
		var m map[string]any
		if err := json.Unmarshal(tj, &m); err != nil {
			tb.Fatal(err)
		}
		from, _ := types.Sender(signer, tx)
		m["from"], m["blockHash"], m["blockNumber"], m["transactionIndex"] = from, h.Hash(), "0x64", hexutil.Uint64(i)
		list[i] = m
	}
	fields["transactions"] = list
	raw, err := json.Marshal(fields)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

func TestDecodeBlock(t *testing.T) {
	raw := denseBlockJSON(t, 20)
	head, hash, txs, senders, err := decodeBlock(raw)
	if err != nil {
		t.Fatal(err)
	}
	if head.Hash() != hash || len(txs) != 20 || len(senders) != 20 {
		t.Fatalf("hash %s vs %s, %d txs, %d senders", head.Hash(), hash, len(txs), len(senders))
	}
	signer := types.LatestSignerForChainID(big.NewInt(1337))
	for i, tx := range txs {
		if from, _ := types.Sender(signer, tx); senders[i] == nil || from != *senders[i] {
			t.Fatalf("sender %d: %v, want %s", i, senders[i], from)
		}
	}
	if got := types.DeriveSha(types.Transactions(txs), trie.NewStackTrie(nil)); got != head.TxHash {
		t.Fatalf("transactions root %s, header %s", got, head.TxHash)
	}
}

// BenchmarkDecodeBlock decodes a 150-transaction block as FetchBlock does
// (fetch) and as it did before (twice: the header skipping over every
// transaction, then the body), the baseline of the same run.
func BenchmarkDecodeBlock(b *testing.B) {
	raw := denseBlockJSON(b, 150)
	for _, v := range []struct {
		name   string
		decode func(json.RawMessage) (*types.Header, common.Hash, []*types.Transaction, []*common.Address, error)
	}{{"baseline", decodeBlockTwice}, {"fetch", decodeBlock}} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, _, _, err := v.decode(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// decodeBlockTwice is how blocks were decoded before decodeBlock: the
// baseline of BenchmarkDecodeBlock.
func decodeBlockTwice(raw json.RawMessage) (*types.Header, common.Hash, []*types.Transaction, []*common.Address, error) {
	var head types.Header
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, common.Hash{}, nil, nil, err
	}
	var body struct {
		Hash         common.Hash       `json:"hash"`
		Transactions []json.RawMessage `json:"transactions"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, common.Hash{}, nil, nil, err
	}
	txs := make([]*types.Transaction, len(body.Transactions))
	from := make([]*common.Address, len(body.Transactions))
	for i, msg := range body.Transactions {
		txs[i] = new(types.Transaction)
		if err := json.Unmarshal(msg, txs[i]); err != nil {
			return nil, common.Hash{}, nil, nil, err
		}
		var extra struct {
			From *common.Address `json:"from"`
		}
		if err := json.Unmarshal(msg, &extra); err != nil {
			return nil, common.Hash{}, nil, nil, err
		}
		from[i] = extra.From
	}
	return &head, body.Hash, txs, from, nil
}
