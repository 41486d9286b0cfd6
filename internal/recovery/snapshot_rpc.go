package recovery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// TransferTopic is topic 0 of the ERC-20 Transfer(address,address,uint256) event.
var TransferTopic = crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))

// erc20ABI is the part of ERC-20 a snapshot calls.
const erc20ABI = `[
{"type":"function","name":"balanceOf","stateMutability":"view","inputs":[{"name":"account","type":"address"}],"outputs":[{"name":"","type":"uint256"}]},
{"type":"function","name":"totalSupply","stateMutability":"view","inputs":[],"outputs":[{"name":"","type":"uint256"}]}
]`

// Defaults of a SnapshotRequest.
const (
	DefaultChunkBlocks = 10_000
	DefaultBatchSize   = 500
)

// SnapshotRequest says which token to read, at which block.
type SnapshotRequest struct {
	Token common.Address
	// Block is the block the balances are read at.
	Block uint64
	// FromBlock is the first block to read Transfer logs from: the token's
	// deployment block, or 0. Transfers before it are missed, and show as
	// mismatches.
	FromBlock uint64
	// ChunkBlocks is the first eth_getLogs range, in blocks (default
	// DefaultChunkBlocks). It halves whenever the node refuses a range as too
	// large, and grows back after a run of successes.
	ChunkBlocks uint64
	// BatchSize is the number of balanceOf calls per JSON-RPC batch (default
	// DefaultBatchSize). It halves when the node refuses a batch.
	BatchSize int
}

// SnapshotStats says how a snapshot was read, for throughput reports.
type SnapshotStats struct {
	// LogQueries counts eth_getLogs calls that succeeded; Refusals those the
	// node refused as too large (each halved the range).
	LogQueries, Refusals int
	// LogTime is the time spent reading logs; BalanceTime reading balances.
	LogTime, BalanceTime time.Duration
	// LogWait is the part of LogTime spent waiting for eth_getLogs answers:
	// LogTime − LogWait is our own processing.
	LogWait time.Duration
	// Batches counts the balanceOf batches sent.
	Batches int
}

// LogsPerSecond is the log throughput of the snapshot.
func (s SnapshotStats) LogsPerSecond(logs int) float64 {
	if s.LogTime <= 0 {
		return 0
	}
	return float64(logs) / s.LogTime.Seconds()
}

// Node is what a snapshot reads of a node; chain.Client has it.
type Node interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	CodeAt(ctx context.Context, account common.Address, number *big.Int) ([]byte, error)
	CallContractAtHash(ctx context.Context, msg ethereum.CallMsg, blockHash common.Hash) ([]byte, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	BatchCallContext(ctx context.Context, b []rpc.BatchElem) error
}

// TakeSnapshot reads the holders of an ERC-20 token and their balances at a
// block: it replays the token's Transfer logs from FromBlock to Block
// (eth_getLogs in ranges that shrink when the node refuses them), then reads
// balanceOf at that block for every account seen, in JSON-RPC batches. Where
// the two disagree (rebasing or fee-on-transfer tokens, missed transfers) the
// holder is kept with both values, so the mismatch is reported, not hidden.
// Every read is pinned to the block's hash; a reorg of that block during the
// snapshot is an error.
func TakeSnapshot(ctx context.Context, node Node, req SnapshotRequest, log *slog.Logger) (*Snapshot, SnapshotStats, error) {
	var stats SnapshotStats
	if req.FromBlock > req.Block {
		return nil, stats, fmt.Errorf("from block %d is after block %d", req.FromBlock, req.Block)
	}
	if req.ChunkBlocks == 0 {
		req.ChunkBlocks = DefaultChunkBlocks
	}
	if req.BatchSize <= 0 {
		req.BatchSize = DefaultBatchSize
	}
	header, err := node.HeaderByNumber(ctx, new(big.Int).SetUint64(req.Block))
	if err != nil {
		return nil, stats, fmt.Errorf("block %d: %w", req.Block, err)
	}
	snap := &Snapshot{Token: req.Token, Block: req.Block, BlockHash: header.Hash(), FromBlock: req.FromBlock}
	code, err := node.CodeAt(ctx, req.Token, header.Number)
	if err != nil {
		return nil, stats, fmt.Errorf("code of %s at block %d: %w", req.Token.Hex(), req.Block, err)
	}
	if len(code) == 0 {
		return nil, stats, fmt.Errorf("no contract at %s at block %d", req.Token.Hex(), req.Block)
	}

	parsed, err := abi.JSON(strings.NewReader(erc20ABI))
	if err != nil {
		return nil, stats, fmt.Errorf("erc-20 abi: %w", err)
	}
	supply, err := node.CallContractAtHash(ctx, ethereum.CallMsg{To: &req.Token, Data: parsed.Methods["totalSupply"].ID}, snap.BlockHash)
	if err != nil {
		return nil, stats, fmt.Errorf("totalSupply of %s at block %d: %w", req.Token.Hex(), req.Block, err)
	}
	vals, err := parsed.Unpack("totalSupply", supply)
	if err != nil {
		return nil, stats, fmt.Errorf("totalSupply of %s: decode %x: %w; is it an ERC-20?", req.Token.Hex(), supply, err)
	}
	snap.TotalSupply = vals[0].(*big.Int)

	start := time.Now()
	transfers, err := replayTransfers(ctx, node, req, snap, &stats, log)
	if err != nil {
		return nil, stats, err
	}
	stats.LogTime = time.Since(start)

	accounts := make([]common.Address, 0, len(transfers))
	for a := range transfers {
		accounts = append(accounts, a)
	}
	slices.SortFunc(accounts, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	start = time.Now()
	balances, err := balancesAt(ctx, node, parsed, req, snap.BlockHash, accounts, &stats)
	if err != nil {
		return nil, stats, err
	}
	stats.BalanceTime = time.Since(start)
	for i, a := range accounts {
		h := Holder{Address: a, Balance: balances[i], TransferBalance: transfers[a]}
		if h.Balance.Sign() == 0 && h.TransferBalance.Sign() == 0 {
			continue
		}
		snap.Holders = append(snap.Holders, h)
	}

	again, err := node.HeaderByNumber(ctx, new(big.Int).SetUint64(req.Block))
	if err != nil {
		return nil, stats, fmt.Errorf("block %d: %w", req.Block, err)
	}
	if again.Hash() != snap.BlockHash {
		return nil, stats, fmt.Errorf("block %d was reorganised during the snapshot (%s, now %s); take it again, or at a deeper block", req.Block, snap.BlockHash.Hex(), again.Hash().Hex())
	}
	log.Info("snapshot taken", "token", req.Token.Hex(), "block", req.Block, "holders", len(snap.Holders),
		"logs", snap.Logs, "log_queries", stats.LogQueries, "refusals", stats.Refusals,
		"logs_per_second", int(stats.LogsPerSecond(snap.Logs)), "mismatches", len(snap.Mismatches()))
	return snap, stats, nil
}

// replayTransfers sums the token's Transfer logs per account.
func replayTransfers(ctx context.Context, node Node, req SnapshotRequest, snap *Snapshot, stats *SnapshotStats, log *slog.Logger) (map[common.Address]*big.Int, error) {
	balances := make(map[common.Address]*big.Int)
	add := func(a common.Address, v *big.Int, sign int) {
		if a == (common.Address{}) {
			return // mints and burns
		}
		b, ok := balances[a]
		if !ok {
			b = new(big.Int)
			balances[a] = b
		}
		if sign < 0 {
			b.Sub(b, v)
		} else {
			b.Add(b, v)
		}
	}
	chunk := req.ChunkBlocks
	successes := 0
	for from := req.FromBlock; from <= req.Block; {
		to := min(req.Block, from+chunk-1)
		if to < from { // overflow near MaxUint64
			to = req.Block
		}
		asked := time.Now()
		logs, err := node.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from),
			ToBlock:   new(big.Int).SetUint64(to),
			Addresses: []common.Address{req.Token},
			Topics:    [][]common.Hash{{TransferTopic}},
		})
		stats.LogWait += time.Since(asked)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if !chain.IsLogRangeTooLarge(err) {
				return nil, fmt.Errorf("eth_getLogs %d-%d: %w", from, to, err)
			}
			stats.Refusals++
			if to == from {
				return nil, fmt.Errorf("eth_getLogs of the single block %d is refused: %w", from, err)
			}
			chunk = max(1, (to-from+1)/2)
			successes = 0
			log.Debug("node refused the log range; halving", "from", from, "to", to, "next_blocks", chunk, "err", err)
			continue
		}
		stats.LogQueries++
		for _, l := range logs {
			// ERC-721 Transfer shares the topic but indexes the id (4 topics, no data).
			if l.Removed || l.Address != req.Token || len(l.Topics) != 3 || len(l.Data) != 32 {
				continue
			}
			v := new(big.Int).SetBytes(l.Data)
			add(common.BytesToAddress(l.Topics[1].Bytes()), v, -1)
			add(common.BytesToAddress(l.Topics[2].Bytes()), v, +1)
			snap.Logs++
		}
		if successes++; successes >= 4 && chunk < req.ChunkBlocks {
			chunk = min(req.ChunkBlocks, chunk*2)
			successes = 0
		}
		if to == req.Block {
			break
		}
		from = to + 1
	}
	return balances, nil
}

// balancesAt reads balanceOf(account) at the block hash for every account,
// in batches.
func balancesAt(ctx context.Context, node Node, parsed abi.ABI, req SnapshotRequest, block common.Hash, accounts []common.Address, stats *SnapshotStats) ([]*big.Int, error) {
	at := rpc.BlockNumberOrHashWithHash(block, true)
	out := make([]*big.Int, len(accounts))
	size := req.BatchSize
	for lo := 0; lo < len(accounts); {
		hi := min(len(accounts), lo+size)
		results := make([]hexutil.Bytes, hi-lo)
		batch := make([]rpc.BatchElem, hi-lo)
		for i := range batch {
			data, err := parsed.Pack("balanceOf", accounts[lo+i])
			if err != nil {
				return nil, fmt.Errorf("pack balanceOf: %w", err)
			}
			batch[i] = rpc.BatchElem{
				Method: "eth_call",
				Args:   []any{map[string]any{"to": req.Token, "input": hexutil.Bytes(data)}, at},
				Result: &results[i],
			}
		}
		if err := node.BatchCallContext(ctx, batch); err != nil {
			if ctx.Err() == nil && size > 1 && chain.IsBatchTooLarge(err) {
				size = max(1, size/2)
				continue
			}
			return nil, fmt.Errorf("balanceOf batch of %d: %w", len(batch), err)
		}
		stats.Batches++
		if size > 1 && slices.ContainsFunc(batch, func(el rpc.BatchElem) bool {
			return el.Error != nil && (errors.Is(el.Error, rpc.ErrMissingBatchResponse) || chain.IsBatchTooLarge(el.Error))
		}) {
			// geth answers an oversized batch with "batch too large" for the
			// first call and no response for the others.
			size = max(1, size/2)
			continue
		}
		for i, el := range batch {
			a := accounts[lo+i]
			if el.Error != nil {
				return nil, fmt.Errorf("balanceOf(%s) at %s: %w", a.Hex(), block.Hex(), el.Error)
			}
			vals, err := parsed.Unpack("balanceOf", results[i])
			if err != nil {
				return nil, fmt.Errorf("balanceOf(%s): decode %x: %w", a.Hex(), []byte(results[i]), err)
			}
			out[lo+i] = vals[0].(*big.Int)
		}
		lo = hi
	}
	return out, nil
}
