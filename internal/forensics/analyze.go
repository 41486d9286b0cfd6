// Package forensics explains what an incident did on chain: the decoded call
// tree of a transaction, re-entrancy, the value that moved, net balance
// changes measured from state, who attacked and who lost how much
// (Analyze); the loss of an attack made of several transactions
// (AnalyzeAttack); and where the money went afterwards, hop by hop
// (TraceFunds).
//
// Everything is read over JSON-RPC from a node with the debug namespace
// (debug_traceTransaction with go-ethereum's callTracer and prestateTracer)
// and eth_call with state overrides, as go-ethereum and anvil serve them.
// Amounts are exact integers in the token's base unit.
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
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// Caller is the part of a JSON-RPC client forensics needs. go-ethereum's
// *rpc.Client satisfies it.
type Caller interface {
	CallContext(ctx context.Context, result any, method string, args ...any) error
}

// TxStatus is how a transaction ended.
type TxStatus string

// Transaction statuses.
const (
	StatusSuccess  TxStatus = "success"
	StatusReverted TxStatus = "reverted"
)

// DefaultRecentBlocks is the window, in blocks before the transaction, in
// which contracts the sender deployed count as its own attack contracts.
const DefaultRecentBlocks = 1000

// maxRecentDeployments bounds how many of the sender's recent nonces are
// turned into candidate contract addresses.
const maxRecentDeployments = 10000

// Options tunes an analysis.
type Options struct {
	// Contracts are the protocol's contracts (the plan's): their names and
	// ABIs decode calls, and their losses make them victims.
	Contracts []Contract
	// Prices are USD prices of one whole token (scaled by its decimals),
	// keyed by token address (Native for ETH). With them the loss gets a
	// USD figure.
	Prices map[common.Address]*big.Rat
	// WrappedNative are wrapped native tokens beyond the chain's canonical
	// one (see WrappedNative): only their Deposit and Withdrawal events
	// count as wraps.
	WrappedNative []common.Address
	// RecentBlocks is the window in which contracts the sender deployed
	// count as attack contracts: DefaultRecentBlocks when zero; negative
	// disables the lookup.
	RecentBlocks int64
}

// Party is an attacker, a victim or a beneficiary with the reason it was
// named.
type Party struct {
	Address common.Address
	// Name is the plan's name for the address, if any.
	Name   string
	Reason string
	// Confidence is how sure the attacker classification is
	// (ConfidenceHigh or ConfidenceMedium); empty for other roles.
	Confidence string
	// Signals are the signs of an attack the attacker showed (Signal*).
	Signals []string
}

// TokenAmount is an amount of one token.
type TokenAmount struct {
	Token  common.Address
	Amount *big.Int
}

// TokenInfo is what the token contract says of itself at the block; empty
// fields when it does not say.
type TokenInfo struct {
	Symbol   string
	Decimals *uint8
	// Standard is StandardERC20, StandardERC721 or StandardERC1155 for
	// tokens whose balances were measured from state.
	Standard string
}

// Analysis is the forensic account of one transaction. It is written as
// PRODUCT.md's `analyze tx --json` object by MarshalJSON and read back by
// UnmarshalJSON.
type Analysis struct {
	Tx    common.Hash
	Block uint64
	// Index is the transaction's position in its block.
	Index     uint
	BlockHash common.Hash
	// Time is the block's timestamp (Unix seconds).
	Time   uint64
	Status TxStatus
	From   common.Address
	// To is the callee, nil for a contract creation.
	To *common.Address
	// Created is the contract a creation transaction deployed.
	Created *common.Address
	// Fee is what the sender paid for gas, in wei.
	Fee   *big.Int
	Calls *Call
	// Reentrancy lists the re-entered frames of contracts other than the
	// attackers' own (FindReentrancy gives all of them).
	Reentrancy []Reentrancy
	// Flows are the value movements, in execution order.
	Flows []Flow
	// BalanceChanges are net per address and token, measured from state
	// (balanceOf and native balance before and after the transaction at
	// its position in the block): ERC-20 and ERC-721 per token (an
	// ERC-721's delta counts its tokens), ERC-1155 per token id. The
	// sender's gas fee is in Fee, and the block producer's tip is left
	// out, so native deltas are value transfers only.
	BalanceChanges []BalanceChange
	Attackers      []Party
	Victims        []Party
	// Beneficiaries gained without being attackers: the gains look like
	// what the protocol's rules gave them.
	Beneficiaries []Party
	// Loss is what the victims lost, per token, sorted by token.
	Loss []TokenAmount
	// LossUSD is the loss valued at Options.Prices; nil without prices for
	// every lost token. It is the report's only USD figure.
	LossUSD *big.Rat
	// Profit is the attackers' net gain per token (tokens they gained).
	Profit []TokenAmount
	// FlashLoans are amounts lent to the attackers and repaid within the
	// transaction: not loss.
	FlashLoans []FlashLoan
	// Reconciliation accounts, per token, for the loss, the profit and
	// what went to others (see LossMethod).
	Reconciliation []Reconciliation
	Tokens         map[common.Address]TokenInfo
	// Warnings are things the analysis could not check or that looked off,
	// e.g. a native balance change the traced transfers do not explain.
	Warnings []string
}

// rpcTx is the part of eth_getTransactionByHash's answer we read.
type rpcTx struct {
	BlockNumber *hexutil.Big    `json:"blockNumber"`
	BlockHash   *common.Hash    `json:"blockHash"`
	From        common.Address  `json:"from"`
	To          *common.Address `json:"to"`
	Nonce       hexutil.Uint64  `json:"nonce"`
}

type rpcHeader struct {
	Number   hexutil.Uint64 `json:"number"`
	Hash     common.Hash    `json:"hash"`
	Time     hexutil.Uint64 `json:"timestamp"`
	Coinbase common.Address `json:"miner"`
	BaseFee  *hexutil.Big   `json:"baseFeePerGas"`
}

// ErrNotFound is returned when the node does not know the transaction.
var ErrNotFound = errors.New("transaction not found")

// Analyze reads one mined transaction from c and explains it. The node must
// serve debug_traceTransaction with go-ethereum's callTracer; with its
// prestateTracer and the state of the parent block (eth_call with state
// overrides), the balance changes, the victims and the loss come from
// state, otherwise from events and traces, with a warning.
func Analyze(ctx context.Context, c Caller, txHash common.Hash, opts Options) (*Analysis, error) {
	dec, err := NewDecoder(opts.Contracts)
	if err != nil {
		return nil, err
	}
	var tx *rpcTx
	if err := c.CallContext(ctx, &tx, "eth_getTransactionByHash", txHash); err != nil {
		return nil, fmt.Errorf("get transaction %s: %w", txHash.Hex(), err)
	}
	if tx == nil {
		return nil, fmt.Errorf("%s: %w", txHash.Hex(), ErrNotFound)
	}
	if tx.BlockNumber == nil {
		return nil, fmt.Errorf("transaction %s is still pending: analyze it once it is mined", txHash.Hex())
	}
	var rcpt *types.Receipt
	if err := c.CallContext(ctx, &rcpt, "eth_getTransactionReceipt", txHash); err != nil {
		return nil, fmt.Errorf("get receipt of %s: %w", txHash.Hex(), err)
	}
	if rcpt == nil {
		return nil, fmt.Errorf("receipt of %s: %w", txHash.Hex(), ErrNotFound)
	}
	var header *rpcHeader
	if err := c.CallContext(ctx, &header, "eth_getBlockByNumber", tx.BlockNumber, false); err != nil {
		return nil, fmt.Errorf("get block %s: %w", tx.BlockNumber.ToInt(), err)
	}
	if header == nil {
		return nil, fmt.Errorf("block %s of transaction %s not found", tx.BlockNumber.ToInt(), txHash.Hex())
	}
	var frame chain.CallFrame
	cfg := map[string]any{"tracer": "callTracer", "tracerConfig": map[string]any{"withLog": true}}
	if err := c.CallContext(ctx, &frame, "debug_traceTransaction", txHash, cfg); err != nil {
		return nil, fmt.Errorf("trace %s with the callTracer (the node must serve the debug namespace): %w", txHash.Hex(), err)
	}

	a := &Analysis{
		Tx:        txHash,
		Block:     uint64(header.Number),
		Index:     rcpt.TransactionIndex,
		BlockHash: header.Hash,
		Time:      uint64(header.Time),
		Status:    StatusSuccess,
		From:      tx.From,
		To:        tx.To,
		Fee:       new(big.Int).Mul(new(big.Int).SetUint64(rcpt.GasUsed), effectivePrice(rcpt)),
		Tokens:    map[common.Address]TokenInfo{},
	}
	if rcpt.Status != types.ReceiptStatusSuccessful {
		a.Status = StatusReverted
	}
	if tx.To == nil && rcpt.ContractAddress != (common.Address{}) {
		created := rcpt.ContractAddress
		a.Created = &created
	}
	wrapped := append([]common.Address{}, opts.WrappedNative...)
	var chainID hexutil.Big
	if err := c.CallContext(ctx, &chainID, "eth_chainId"); err != nil {
		return nil, fmt.Errorf("chain id: %w", err)
	}
	if w, ok := WrappedNative(chainID.ToInt().Uint64()); ok {
		wrapped = append(wrapped, w)
	}
	a.fromTrace(dec, &frame, rcpt.Logs, wrapped)
	if err := a.fillTokens(ctx, c); err != nil {
		return nil, err
	}
	pre, err := a.fromState(ctx, newPositions(c), rcpt, header)
	if err != nil {
		return nil, err
	}

	window := opts.RecentBlocks
	if window == 0 {
		window = DefaultRecentBlocks
	}
	recent, err := recentDeployments(ctx, c, a.From, a.Block, uint64(tx.Nonce), window)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		// A node without the state of that block (not an archive node)
		// cannot tell; the other attacker rules still apply.
		a.Warnings = append(a.Warnings, fmt.Sprintf("contracts the sender deployed recently not looked up: %v", err))
	}
	hasCode := func(addr common.Address) (bool, error) {
		var code hexutil.Bytes
		if err := c.CallContext(ctx, &code, "eth_getCode", addr, hexutil.Uint64(a.Block)); err != nil {
			return false, fmt.Errorf("code of %s at block %d: %w", addr.Hex(), a.Block, err)
		}
		return len(code) > 0, nil
	}
	if err := attribute(a, dec, attribution{recent: recent, window: window, hasCode: hasCode, prices: opts.Prices, pre: pre}); err != nil {
		return nil, err
	}
	a.Reentrancy = withoutAttackers(a.Reentrancy, a.Attackers)
	a.Loss = lossOf(a.Victims, a.Attackers, a.BalanceChanges)
	a.reconcile()
	a.LossUSD, a.Warnings = lossUSD(a.Loss, a.Reconciliation, a.Tokens, opts.Prices, a.Warnings)
	return a, nil
}

// fromTrace fills the call tree, re-entrancy, flows and balance changes
// from the callTracer's frame and the receipt's logs.
func (a *Analysis) fromTrace(dec *Decoder, frame *chain.CallFrame, logs []*types.Log, wrapped []common.Address) {
	a.Calls = buildCall(dec, frame, "0", false)
	a.Reentrancy = nil
	for _, r := range FindReentrancy(a.Calls) {
		if !r.ReadOnly { // reading a contract back is not re-entering it
			a.Reentrancy = append(a.Reentrancy, r)
		}
	}
	a.Flows = FlowsOf(a.Calls, wrapped...)
	if n := eventCount(a.Calls); n != len(logs) {
		// The node's tracer did not give every log (withLog unsupported):
		// read token flows from the receipt instead.
		a.Warnings = append(a.Warnings, fmt.Sprintf("the call trace holds %d logs and the receipt %d: token flows read from the receipt, without call paths and without WETH wraps", n, len(logs)))
		a.Flows = flowsWithReceipt(a.Calls, logs)
	}
	a.BalanceChanges = BalanceChanges(a.Flows)
}

func effectivePrice(r *types.Receipt) *big.Int {
	if r.EffectiveGasPrice != nil {
		return r.EffectiveGasPrice
	}
	return new(big.Int)
}

// flowsWithReceipt takes native flows from the trace and token flows from
// the receipt's logs.
func flowsWithReceipt(root *Call, logs []*types.Log) []Flow {
	var flows []Flow
	root.Walk(func(c *Call) bool {
		if c.Reverted {
			return false
		}
		flows = append(flows, nativeFlow(c)...)
		return true
	})
	for _, l := range logs {
		flows = append(flows, tokenFlows(logRef{Address: l.Address, Topics: l.Topics, Data: l.Data}, nil)...)
	}
	return dedupWrap(flows)
}

// recentDeployments returns the addresses of the contracts from deployed
// with CREATE from its account in the window of blocks before block,
// derived from its nonce then and the transaction's nonce.
func recentDeployments(ctx context.Context, c Caller, from common.Address, block uint64, nonce uint64, window int64) (map[common.Address]uint64, error) {
	out := map[common.Address]uint64{}
	if window <= 0 {
		return out, nil
	}
	since := int64(block) - window
	if since < 0 {
		since = 0
	}
	var nonceThen hexutil.Uint64
	if err := c.CallContext(ctx, &nonceThen, "eth_getTransactionCount", from, hexutil.Uint64(since)); err != nil {
		return nil, fmt.Errorf("nonce of %s at block %d: %w", from.Hex(), since, err)
	}
	first := uint64(nonceThen)
	if nonce > maxRecentDeployments && first < nonce-maxRecentDeployments {
		first = nonce - maxRecentDeployments
	}
	for n := first; n < nonce; n++ {
		out[crypto.CreateAddress(from, n)] = n
	}
	return out, nil
}

// netUSD values addr's balance changes at prices; it reports false unless
// every token it moved has a price and known decimals.
func netUSD(addr common.Address, changes []BalanceChange, tokens map[common.Address]TokenInfo, prices map[common.Address]*big.Rat) (*big.Rat, bool) {
	total := new(big.Rat)
	for _, bc := range changes {
		if bc.Address != addr {
			continue
		}
		price, ok := prices[bc.Token]
		info := tokens[bc.Token]
		if !ok || info.Decimals == nil || bc.TokenID != nil {
			return nil, false
		}
		v := new(big.Rat).SetFrac(bc.Delta, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(*info.Decimals)), nil))
		total.Add(total, v.Mul(v, price))
	}
	return total, true
}

// withoutAttackers drops the re-entries of the attackers' own contracts:
// callbacks into them (receive, onFlashLoan) are how their attack runs, not
// a finding.
func withoutAttackers(rs []Reentrancy, attackers []Party) []Reentrancy {
	own := map[common.Address]bool{}
	for _, p := range attackers {
		own[p.Address] = true
	}
	var out []Reentrancy
	for _, r := range rs {
		if !own[r.Contract] {
			out = append(out, r)
		}
	}
	return out
}

type sign struct{ gained, lost bool }

func netSigns(changes []BalanceChange) map[common.Address]sign {
	out := map[common.Address]sign{}
	for _, bc := range changes {
		s := out[bc.Address]
		if bc.Delta.Sign() > 0 {
			s.gained = true
		} else if bc.Delta.Sign() < 0 {
			s.lost = true
		}
		out[bc.Address] = s
	}
	return out
}

func sortedKeys[V any](m map[common.Address]V) []common.Address {
	out := make([]common.Address, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i][:], out[j][:]) < 0 })
	return out
}

// involvedAddresses are the addresses that appear in successful frames or
// flows.
func involvedAddresses(a *Analysis) map[common.Address]bool {
	out := map[common.Address]bool{}
	a.Calls.Walk(func(f *Call) bool {
		out[f.From] = true
		out[f.To] = true
		return true
	})
	for _, f := range a.Flows {
		out[f.From] = true
		out[f.To] = true
	}
	return out
}

// lossOf sums, per token, what each victim lost net: a victim that gained
// one token and lost another (a vault that sold at a manipulated price)
// counts only the token it lost, per token; the USD figure nets them. A
// victim that is a plan token whose tokens were minted to the attackers
// lost what the attackers gained of it.
func lossOf(victims, attackers []Party, changes []BalanceChange) []TokenAmount {
	isVictim := map[common.Address]bool{}
	for _, v := range victims {
		isVictim[v.Address] = true
	}
	byToken := map[common.Address]*big.Int{}
	for _, bc := range changes {
		if !isVictim[bc.Address] || bc.Delta.Sign() >= 0 {
			continue
		}
		if byToken[bc.Token] == nil {
			byToken[bc.Token] = new(big.Int)
		}
		byToken[bc.Token].Sub(byToken[bc.Token], bc.Delta)
	}
	for token, n := range issued(victims, attackers, changes) {
		if byToken[token] == nil {
			byToken[token] = new(big.Int)
		}
		byToken[token].Add(byToken[token], n)
	}
	out := make([]TokenAmount, 0, len(byToken))
	for _, token := range sortedKeys(byToken) {
		out = append(out, TokenAmount{Token: token, Amount: byToken[token]})
	}
	return out
}

// issued returns, for each victim that is itself a token the attackers
// gained (an NFT minted past its limit), the attackers' net gain of it.
func issued(victims, attackers []Party, changes []BalanceChange) map[common.Address]*big.Int {
	isVictim := map[common.Address]bool{}
	for _, v := range victims {
		isVictim[v.Address] = true
	}
	isAttacker := map[common.Address]bool{}
	for _, p := range attackers {
		isAttacker[p.Address] = true
	}
	out := map[common.Address]*big.Int{}
	for _, bc := range changes {
		if isVictim[bc.Token] && isAttacker[bc.Address] {
			if out[bc.Token] == nil {
				out[bc.Token] = new(big.Int)
			}
			out[bc.Token].Add(out[bc.Token], bc.Delta)
		}
	}
	for token, n := range out {
		if n.Sign() <= 0 {
			delete(out, token)
		}
	}
	return out
}

// fillTokens asks every token of the flows for its symbol and decimals at
// the transaction's block. Tokens that do not answer stay without them.
func (a *Analysis) fillTokens(ctx context.Context, c Caller) error {
	eighteen := uint8(18)
	for _, f := range a.Flows {
		if _, ok := a.Tokens[f.Token]; ok {
			continue
		}
		if f.Token == Native {
			a.Tokens[f.Token] = TokenInfo{Symbol: "ETH", Decimals: &eighteen}
			continue
		}
		info, err := tokenInfo(ctx, c, f.Token, a.Block)
		if err != nil {
			return err
		}
		a.Tokens[f.Token] = info
	}
	return nil
}

// lossUSD values the victims' net loss at prices: per token what they
// lost less what they received, for the tokens with a price and decimals.
// It returns nil when no such token moved, and warns of those it could not
// value.
func lossUSD(loss []TokenAmount, recon []Reconciliation, tokens map[common.Address]TokenInfo, prices map[common.Address]*big.Rat, warnings []string) (*big.Rat, []string) {
	if len(prices) == 0 || len(loss) == 0 {
		return nil, warnings
	}
	total := new(big.Rat)
	priced := false
	for _, r := range recon {
		net := new(big.Int).Sub(r.VictimsLost, r.VictimsGained)
		if net.Sign() == 0 {
			continue
		}
		what := "loss"
		if r.VictimsLost.Sign() == 0 {
			what = "receipt by the victims"
		}
		price, ok := prices[r.Token]
		if !ok {
			warnings = append(warnings, fmt.Sprintf("no price for token %s: its %s is not in the USD figure", r.Token.Hex(), what))
			continue
		}
		info := tokens[r.Token]
		if info.Decimals == nil || info.Standard == StandardERC1155 {
			warnings = append(warnings, fmt.Sprintf("token %s does not tell its decimals: its %s is not in the USD figure", r.Token.Hex(), what))
			continue
		}
		scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(*info.Decimals)), nil)
		v := new(big.Rat).SetFrac(net, scale)
		total.Add(total, v.Mul(v, price))
		priced = true
	}
	if !priced {
		return nil, warnings
	}
	return total, warnings
}
