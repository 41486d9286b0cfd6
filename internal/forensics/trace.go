package forensics

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"golang.org/x/sync/errgroup"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// Defaults of a funds trace.
const (
	DefaultDepth  = 3
	DefaultFanout = 5
	// traceWorkers bounds the concurrent debug_traceBlockByNumber calls.
	traceWorkers = 4
)

// Reasons a funds trace does not follow a node further.
const (
	StopLabel = "label" // a labelled address (exchange, bridge, mixer, …)
	StopDepth = "depth" // reached at the last hop allowed
	StopBurn  = "burn"  // the zero address
	StopNone  = ""      // followed (its outflows, if any, are the edges from it)
)

// FundsQuery says where a funds trace starts and how far it goes.
type FundsQuery struct {
	// Address is where the funds start, typically the attacker.
	Address   common.Address
	FromBlock uint64
	// ToBlock is the last block searched; 0 means the chain's head.
	ToBlock uint64
	// Depth is the number of hops followed (DefaultDepth when 0).
	Depth int
	// Fanout is the number of outflows followed from each address, largest
	// first (DefaultFanout when 0).
	Fanout int
	// Labels are addresses the trace stops at.
	Labels Labels
}

// Position orders transfers on the chain: by block, then transaction.
type Position struct {
	Block   uint64
	TxIndex uint
}

func (p Position) before(q Position) bool {
	return p.Block < q.Block || p.Block == q.Block && p.TxIndex < q.TxIndex
}

// Transfer is one movement of value out of an address seen by the trace.
type Transfer struct {
	Token  common.Address
	From   common.Address
	To     common.Address
	Amount *big.Int
	Tx     common.Hash
	At     Position
}

// FundsNode is an address the funds reached.
type FundsNode struct {
	Address common.Address
	// Hop is the number of edges from the start (0 for the start).
	Hop int
	// Arrived is where the funds that led the trace here first arrived;
	// only later outflows are followed. The start's is FromBlock.
	Arrived Position
	// Label is set for labelled addresses.
	Label *Label
	// Stop says why the trace did not go on from here (StopNone if it did).
	Stop string
	// Omitted counts outflows not followed because of the fan-out bound.
	Omitted int
}

// FundsEdge is the total of one token moved from one address to another in
// the searched range, after the funds arrived at From.
type FundsEdge struct {
	From   common.Address
	To     common.Address
	Token  common.Address
	Amount *big.Int
	// Hop is the edge's distance from the start: 1 for the start's outflows.
	Hop int
	// Txs are the transactions that made up the edge, in chain order.
	Txs   []common.Hash
	First Position
}

// Graph is the result of a funds trace. Nodes are in the order the trace
// reached them; edges by hop, then source, then size.
type Graph struct {
	Root      common.Address
	FromBlock uint64
	ToBlock   uint64
	Depth     int
	Fanout    int
	Nodes     []*FundsNode
	Edges     []*FundsEdge
}

// Node returns the node of addr, or nil.
func (g *Graph) Node(addr common.Address) *FundsNode {
	for _, n := range g.Nodes {
		if n.Address == addr {
			return n
		}
	}
	return nil
}

// TraceFunds follows funds out of q.Address, breadth first: the native
// value it sent (top-level and internal, from debug_traceBlockByNumber over
// the range, reverted frames excluded) and the ERC-20 tokens it sent
// (Transfer logs with it as sender, from eth_getLogs). From every address
// reached it follows only what left after the funds arrived, at most
// q.Fanout outflows (the largest share of each token first), at most q.Depth
// hops, and never beyond a labelled address or the zero address.
func TraceFunds(ctx context.Context, c Caller, q FundsQuery) (*Graph, error) {
	if q.Depth == 0 {
		q.Depth = DefaultDepth
	}
	if q.Fanout == 0 {
		q.Fanout = DefaultFanout
	}
	if q.Depth < 0 || q.Fanout < 0 {
		return nil, fmt.Errorf("depth %d and fan-out %d must be positive", q.Depth, q.Fanout)
	}
	if q.ToBlock == 0 {
		var head hexutil.Uint64
		if err := c.CallContext(ctx, &head, "eth_blockNumber"); err != nil {
			return nil, fmt.Errorf("read the head block: %w", err)
		}
		q.ToBlock = uint64(head)
	}
	if q.FromBlock > q.ToBlock {
		return nil, fmt.Errorf("from block %d is after to block %d", q.FromBlock, q.ToBlock)
	}
	native, err := nativeTransfers(ctx, c, q.FromBlock, q.ToBlock)
	if err != nil {
		return nil, err
	}
	g := &Graph{Root: q.Address, FromBlock: q.FromBlock, ToBlock: q.ToBlock, Depth: q.Depth, Fanout: q.Fanout}
	seen := map[common.Address]*FundsNode{}
	root := &FundsNode{Address: q.Address, Arrived: Position{Block: q.FromBlock}}
	if l, ok := q.Labels[q.Address]; ok {
		root.Label = &l
	}
	seen[root.Address] = root
	g.Nodes = append(g.Nodes, root)
	frontier := []*FundsNode{root}
	for hop := 1; hop <= q.Depth && len(frontier) > 0; hop++ {
		var next []*FundsNode
		for _, n := range frontier {
			outs, err := outflows(ctx, c, n, native[n.Address], q.ToBlock)
			if err != nil {
				return nil, err
			}
			edges := aggregate(outs, hop)
			if len(edges) > q.Fanout {
				n.Omitted = len(edges) - q.Fanout
				edges = edges[:q.Fanout]
			}
			for _, e := range edges {
				g.Edges = append(g.Edges, e)
				if m, ok := seen[e.To]; ok {
					// Reached again at the same hop: the funds may go on
					// from the earlier arrival.
					if m.Hop == hop && e.First.before(m.Arrived) {
						m.Arrived = e.First
					}
					continue
				}
				m := &FundsNode{Address: e.To, Hop: hop, Arrived: e.First}
				seen[e.To] = m
				g.Nodes = append(g.Nodes, m)
				switch l, labelled := q.Labels[e.To]; {
				case labelled:
					m.Label = &l
					m.Stop = StopLabel
				case e.To == (common.Address{}):
					m.Stop = StopBurn
				case hop == q.Depth:
					m.Stop = StopDepth
				default:
					next = append(next, m)
				}
			}
		}
		frontier = next
	}
	return g, nil
}

// outflows returns what n sent at or after its arrival: native transfers
// from the pre-scanned range and ERC-20 transfers from the logs.
func outflows(ctx context.Context, c Caller, n *FundsNode, native []Transfer, toBlock uint64) ([]Transfer, error) {
	var out []Transfer
	for _, t := range native {
		if !t.At.before(n.Arrived) {
			out = append(out, t)
		}
	}
	logs, err := getLogs(ctx, c, n.Arrived.Block, toBlock, []any{[]common.Hash{topicTransfer}, []common.Hash{common.BytesToHash(n.Address.Bytes())}})
	if err != nil {
		return nil, err
	}
	for _, l := range logs {
		if l.Removed || len(l.Topics) != 3 || len(l.Data) != 32 {
			continue // ERC-721 Transfers have a fourth topic
		}
		t := Transfer{
			Token:  l.Address,
			From:   common.BytesToAddress(l.Topics[1].Bytes()),
			To:     common.BytesToAddress(l.Topics[2].Bytes()),
			Amount: new(big.Int).SetBytes(l.Data),
			Tx:     l.TxHash,
			At:     Position{Block: l.BlockNumber, TxIndex: l.TxIndex},
		}
		if t.From == n.Address && !t.At.before(n.Arrived) {
			out = append(out, t)
		}
	}
	return out, nil
}

// aggregate sums transfers per recipient and token into edges, drops
// self-transfers and zero amounts, and ranks the edges: the largest share of
// the sender's outflow of each token first, then the larger amount, then
// by address.
func aggregate(transfers []Transfer, hop int) []*FundsEdge {
	sort.SliceStable(transfers, func(i, j int) bool { return transfers[i].At.before(transfers[j].At) })
	type key struct{ to, token common.Address }
	byKey := map[key]*FundsEdge{}
	totals := map[common.Address]*big.Int{}
	var edges []*FundsEdge
	for _, t := range transfers {
		if t.To == t.From || t.Amount.Sign() == 0 {
			continue
		}
		k := key{t.To, t.Token}
		e, ok := byKey[k]
		if !ok {
			e = &FundsEdge{From: t.From, To: t.To, Token: t.Token, Amount: new(big.Int), Hop: hop, First: t.At}
			byKey[k] = e
			edges = append(edges, e)
		}
		e.Amount.Add(e.Amount, t.Amount)
		if len(e.Txs) == 0 || e.Txs[len(e.Txs)-1] != t.Tx {
			e.Txs = append(e.Txs, t.Tx)
		}
		if totals[t.Token] == nil {
			totals[t.Token] = new(big.Int)
		}
		totals[t.Token].Add(totals[t.Token], t.Amount)
	}
	sort.SliceStable(edges, func(i, j int) bool {
		a, b := edges[i], edges[j]
		// a.Amount/totals[a] > b.Amount/totals[b], cross-multiplied.
		l := new(big.Int).Mul(a.Amount, totals[b.Token])
		r := new(big.Int).Mul(b.Amount, totals[a.Token])
		if c := l.Cmp(r); c != 0 {
			return c > 0
		}
		if c := a.Amount.Cmp(b.Amount); c != 0 {
			return c > 0
		}
		if c := bytes.Compare(a.Token[:], b.Token[:]); c != 0 {
			return c < 0
		}
		return bytes.Compare(a.To[:], b.To[:]) < 0
	})
	return edges
}

// blockTrace is one transaction's result of debug_traceBlockByNumber.
type blockTrace struct {
	TxHash common.Hash      `json:"txHash"`
	Result *chain.CallFrame `json:"result"`
	Error  string           `json:"error"`
}

// nativeTransfers traces every block of [from, to] with the callTracer and
// returns the native value moved by successful frames, by sender.
func nativeTransfers(ctx context.Context, c Caller, from, to uint64) (map[common.Address][]Transfer, error) {
	perBlock := make([][]Transfer, to-from+1)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(traceWorkers)
	cfg := map[string]any{"tracer": "callTracer"}
	for n := from; n <= to; n++ {
		g.Go(func() error {
			var traces []blockTrace
			if err := c.CallContext(gctx, &traces, "debug_traceBlockByNumber", hexutil.Uint64(n), cfg); err != nil {
				return fmt.Errorf("trace block %d with the callTracer (the node must serve the debug namespace): %w", n, err)
			}
			var out []Transfer
			for i, tr := range traces {
				if tr.Error != "" || tr.Result == nil {
					return fmt.Errorf("trace block %d, transaction %d: %s", n, i, tr.Error)
				}
				at := Position{Block: n, TxIndex: uint(i)}
				root := buildCall(emptyDecoder(), tr.Result, "0", false)
				root.Walk(func(f *Call) bool {
					if f.Reverted {
						return false
					}
					for _, fl := range nativeFlow(f) {
						out = append(out, Transfer{Token: Native, From: fl.From, To: fl.To, Amount: fl.Amount, Tx: tr.TxHash, At: at})
					}
					return true
				})
			}
			perBlock[n-from] = out
			return nil
		})
		if n == to { // to may be the largest uint64
			break
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	bySender := map[common.Address][]Transfer{}
	for _, ts := range perBlock {
		for _, t := range ts {
			bySender[t.From] = append(bySender[t.From], t)
		}
	}
	return bySender, nil
}

// emptyDecoder decodes nothing: block scans only need values.
func emptyDecoder() *Decoder {
	return &Decoder{contracts: map[common.Address]Contract{}}
}

// maxLogSplits bounds how often a refused eth_getLogs range is halved.
const maxLogSplits = 16

type filterQuery struct {
	FromBlock hexutil.Uint64 `json:"fromBlock"`
	ToBlock   hexutil.Uint64 `json:"toBlock"`
	Topics    []any          `json:"topics"`
}

// getLogs runs eth_getLogs over [from, to], halving the range when the node
// refuses it (too many results or too wide a range).
func getLogs(ctx context.Context, c Caller, from, to uint64, topics []any) ([]types.Log, error) {
	return getLogsSplit(ctx, c, from, to, topics, 0)
}

func getLogsSplit(ctx context.Context, c Caller, from, to uint64, topics []any, splits int) ([]types.Log, error) {
	var logs []types.Log
	err := c.CallContext(ctx, &logs, "eth_getLogs", filterQuery{FromBlock: hexutil.Uint64(from), ToBlock: hexutil.Uint64(to), Topics: topics})
	if err == nil {
		return logs, nil
	}
	if from == to || splits >= maxLogSplits || ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return nil, fmt.Errorf("eth_getLogs blocks %d-%d: %w", from, to, err)
	}
	mid := from + (to-from)/2
	left, err := getLogsSplit(ctx, c, from, mid, topics, splits+1)
	if err != nil {
		return nil, err
	}
	right, err := getLogsSplit(ctx, c, mid+1, to, topics, splits+1)
	if err != nil {
		return nil, err
	}
	return append(left, right...), nil
}
