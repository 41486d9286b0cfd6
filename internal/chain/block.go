// Package chain reads EVM networks: an RPC client with failover over several
// endpoints, a reorg-safe Follower that yields every block exactly once, and
// the Block that carries everything detection needs, fetched once.
package chain

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// Block is one block of one network with its transactions, their receipts
// (and so their logs) and, when a detector asked for them, call traces.
// Transactions[i] and Receipts[i] describe the same transaction; Traces, when
// not nil, is indexed the same way.
type Block struct {
	Network      string
	ChainID      *big.Int
	Header       *types.Header
	Transactions []*types.Transaction
	Receipts     []*types.Receipt
	// Senders[i] is the recovered sender of Transactions[i].
	Senders []common.Address
	// Traces[i] is the call tree of Transactions[i] from the node's
	// tracer; Traces is nil when no detector needs traces, and Traces[i]
	// nil for a transaction that touches nothing watched (TraceScope).
	Traces []*CallFrame
	// Untraced lists the transactions that should have been traced but
	// whose traces timed out twice: detection sees their top level only.
	Untraced []int
}

// Number returns the block number.
func (b *Block) Number() uint64 { return b.Header.Number.Uint64() }

// Hash returns the block hash.
func (b *Block) Hash() common.Hash { return b.Header.Hash() }

// CallFrame is one frame of go-ethereum's callTracer output: a call, create
// or self-destruct with its nested calls, in execution order.
type CallFrame struct {
	Type    string          `json:"type"`
	From    common.Address  `json:"from"`
	To      *common.Address `json:"to,omitempty"`
	Value   *hexutil.Big    `json:"value,omitempty"`
	Gas     hexutil.Uint64  `json:"gas"`
	GasUsed hexutil.Uint64  `json:"gasUsed"`
	Input   hexutil.Bytes   `json:"input"`
	Output  hexutil.Bytes   `json:"output,omitempty"`
	Error   string          `json:"error,omitempty"`
	Revert  string          `json:"revertReason,omitempty"`
	Calls   []*CallFrame    `json:"calls,omitempty"`
	Logs    []CallLog       `json:"logs,omitempty"`
}

// CallLog is a log emitted inside a call frame, present when the trace was
// taken with the callTracer's withLog option.
type CallLog struct {
	Address common.Address `json:"address"`
	Topics  []common.Hash  `json:"topics"`
	Data    hexutil.Bytes  `json:"data"`
	// Position is the index of the first sub-call made after this log.
	Position hexutil.Uint `json:"position"`
}

// Walk calls fn for f and every frame below it, depth first, in execution
// order, with the depth of each frame (0 for f). It stops early when fn
// returns false.
func (f *CallFrame) Walk(fn func(frame *CallFrame, depth int) bool) {
	f.walk(fn, 0)
}

func (f *CallFrame) walk(fn func(*CallFrame, int) bool, depth int) bool {
	if !fn(f, depth) {
		return false
	}
	for _, c := range f.Calls {
		if !c.walk(fn, depth+1) {
			return false
		}
	}
	return true
}
