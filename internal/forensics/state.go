package forensics

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"sort"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"golang.org/x/sync/errgroup"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// Balances are measured from state, not from events: each party's balance
// of each token (ERC-20 and ERC-721 balanceOf(address), ERC-1155
// balanceOf(address,uint256), native balance) before and after a
// transaction at its position in its block. The state before the i-th
// transaction of block N is the state of block N-1 with the prestateTracer
// diffs of the block's first i transactions laid over it as an eth_call
// state override (no override when i is 0 or the whole block): it needs
// only debug_traceTransaction and eth_call, which go-ethereum and anvil
// both serve.

var (
	selectorBalanceOf     = crypto.Keccak256([]byte("balanceOf(address)"))[:4]
	selectorBalanceOfID   = crypto.Keccak256([]byte("balanceOf(address,uint256)"))[:4]
	selectorSupportsIface = crypto.Keccak256([]byte("supportsInterface(bytes4)"))[:4]
)

// Token standards, as TokenInfo.Standard.
const (
	StandardERC20   = "erc20"
	StandardERC721  = "erc721"
	StandardERC1155 = "erc1155"
)

// maxStateParties and maxStateTokens bound the balances read per analysis.
const (
	maxStateReads  = 8000
	maxStateTokens = 64
	stateWorkers   = 8
)

// traceDiff returns the prestateTracer's diff of a transaction, storage
// and code included.
func traceDiff(ctx context.Context, c Caller, tx common.Hash) (*chain.StateDiff, error) {
	var d chain.StateDiff
	if err := c.CallContext(ctx, &d, "debug_traceTransaction", tx, chain.PrestateConfig); err != nil {
		return nil, fmt.Errorf("trace %s with the prestateTracer (diff mode): %w", tx.Hex(), err)
	}
	return &d, nil
}

// storageChanged lists the accounts whose storage the diff changed.
func storageChanged(d *chain.StateDiff) map[common.Address]bool {
	out := map[common.Address]bool{}
	for addr, post := range d.Post {
		if len(post.Storage) > 0 {
			out[addr] = true
		}
		if pre, ok := d.Pre[addr]; ok && len(pre.Storage) > 0 {
			out[addr] = true
		}
	}
	for addr := range d.Pre {
		if _, ok := d.Post[addr]; !ok {
			out[addr] = true // deleted
		}
	}
	return out
}

// stateView is the state at one position of the chain: the state after
// block, with overrides laid over it (nil when none).
type stateView struct {
	c        Caller
	block    uint64
	override map[common.Address]chain.AccountOverride
}

func (v *stateView) call(ctx context.Context, to common.Address, data []byte) ([]byte, error) {
	var out hexutil.Bytes
	args := []any{callArgs{To: to, Data: data}, hexutil.Uint64(v.block)}
	if len(v.override) > 0 {
		args = append(args, v.override)
	}
	if err := v.c.CallContext(ctx, &out, "eth_call", args...); err != nil {
		return nil, err
	}
	return out, nil
}

func (v *stateView) nativeBalance(ctx context.Context, addr common.Address) (*big.Int, error) {
	if o, ok := v.override[addr]; ok && o.Balance != nil {
		return new(big.Int).Set(o.Balance.ToInt()), nil
	}
	var b hexutil.Big
	if err := v.c.CallContext(ctx, &b, "eth_getBalance", addr, hexutil.Uint64(v.block)); err != nil {
		return nil, fmt.Errorf("balance of %s at block %d: %w", addr.Hex(), v.block, err)
	}
	return b.ToInt(), nil
}

// tokenBalance reads holder's balance of token (of id for ERC-1155); false
// when the token does not answer with one word.
func (v *stateView) tokenBalance(ctx context.Context, token, holder common.Address, id *big.Int) (*big.Int, bool) {
	data := append(append([]byte{}, selectorBalanceOf...), common.LeftPadBytes(holder.Bytes(), 32)...)
	if id != nil {
		data = append(append([]byte{}, selectorBalanceOfID...), common.LeftPadBytes(holder.Bytes(), 32)...)
		data = append(data, common.LeftPadBytes(id.Bytes(), 32)...)
	}
	out, err := v.call(ctx, token, data)
	if err != nil || len(out) != 32 {
		return nil, false
	}
	return new(big.Int).SetBytes(out), true
}

// supports asks token whether it implements an ERC-165 interface.
func (v *stateView) supports(ctx context.Context, token common.Address, iface string) bool {
	data := append(append([]byte{}, selectorSupportsIface...), common.RightPadBytes(common.FromHex(iface), 32)...)
	out, err := v.call(ctx, token, data)
	return err == nil && len(out) == 32 && new(big.Int).SetBytes(out).Cmp(big.NewInt(1)) == 0
}

// positions builds state views inside blocks, caching each block's
// transactions and their diffs.
type positions struct {
	c     Caller
	mu    sync.Mutex
	txs   map[uint64][]common.Hash
	diffs map[common.Hash]*chain.StateDiff
}

func newPositions(c Caller) *positions {
	return &positions{c: c, txs: map[uint64][]common.Hash{}, diffs: map[common.Hash]*chain.StateDiff{}}
}

func (p *positions) diff(ctx context.Context, tx common.Hash) (*chain.StateDiff, error) {
	p.mu.Lock()
	d, ok := p.diffs[tx]
	p.mu.Unlock()
	if ok {
		return d, nil
	}
	d, err := traceDiff(ctx, p.c, tx)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.diffs[tx] = d
	p.mu.Unlock()
	return d, nil
}

func (p *positions) blockTxs(ctx context.Context, block uint64) ([]common.Hash, error) {
	if txs, ok := p.txs[block]; ok {
		return txs, nil
	}
	var b *struct {
		Transactions []common.Hash `json:"transactions"`
	}
	if err := p.c.CallContext(ctx, &b, "eth_getBlockByNumber", hexutil.Uint64(block), false); err != nil {
		return nil, fmt.Errorf("get block %d: %w", block, err)
	}
	if b == nil {
		return nil, fmt.Errorf("block %d not found", block)
	}
	p.txs[block] = b.Transactions
	return b.Transactions, nil
}

// before returns the state before the index-th transaction of block (the
// state after the block when index is the number of its transactions).
func (p *positions) before(ctx context.Context, block uint64, index int) (*stateView, error) {
	if index == 0 {
		if block == 0 {
			return nil, fmt.Errorf("no state before the genesis block")
		}
		return &stateView{c: p.c, block: block - 1}, nil
	}
	txs, err := p.blockTxs(ctx, block)
	if err != nil {
		return nil, err
	}
	if index >= len(txs) {
		return &stateView{c: p.c, block: block}, nil
	}
	over := map[common.Address]chain.AccountOverride{}
	for _, tx := range txs[:index] {
		d, err := p.diff(ctx, tx)
		if err != nil {
			return nil, err
		}
		d.ApplyTo(over)
	}
	return &stateView{c: p.c, block: block - 1, override: over}, nil
}

// asset is a token whose balances are measured, with the ERC-1155 ids
// that moved.
type asset struct {
	Token    common.Address
	Standard string
	IDs      []*big.Int
}

// holdingKey identifies one balance: of addr, of token (and id).
type holdingKey struct {
	addr, token common.Address
	id          string
}

// measured holds balances read at two positions.
type measured struct {
	before, after map[holdingKey]*big.Int
	ids           map[holdingKey]*big.Int
}

// measure reads every party's balance of every asset (and native) at the
// two views.
func measure(ctx context.Context, before, after *stateView, assets []asset, parties []common.Address) (*measured, error) {
	m := &measured{before: map[holdingKey]*big.Int{}, after: map[holdingKey]*big.Int{}, ids: map[holdingKey]*big.Int{}}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(stateWorkers)
	read := func(k holdingKey, id *big.Int, native bool) {
		g.Go(func() error {
			var b, a *big.Int
			if native {
				var err error
				if b, err = before.nativeBalance(gctx, k.addr); err != nil {
					return err
				}
				if a, err = after.nativeBalance(gctx, k.addr); err != nil {
					return err
				}
			} else {
				var ok1, ok2 bool
				b, ok1 = before.tokenBalance(gctx, k.token, k.addr, id)
				a, ok2 = after.tokenBalance(gctx, k.token, k.addr, id)
				if !ok1 {
					b = new(big.Int) // not deployed yet, say
				}
				if !ok2 {
					return gctx.Err()
				}
			}
			mu.Lock()
			m.before[k], m.after[k] = b, a
			if id != nil {
				m.ids[k] = id
			}
			mu.Unlock()
			return nil
		})
	}
	for _, p := range parties {
		read(holdingKey{addr: p, token: Native}, nil, true)
		for _, as := range assets {
			if as.Standard == StandardERC1155 {
				for _, id := range as.IDs {
					read(holdingKey{addr: p, token: as.Token, id: id.String()}, id, false)
				}
				continue
			}
			read(holdingKey{addr: p, token: as.Token}, nil, false)
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return m, nil
}

// changes returns the non-zero differences, sorted like BalanceChanges.
func (m *measured) changes() []BalanceChange {
	var out []BalanceChange
	for k, a := range m.after {
		b := m.before[k]
		d := new(big.Int).Sub(a, b)
		if d.Sign() == 0 {
			continue
		}
		bc := BalanceChange{Address: k.addr, Token: k.token, Delta: d}
		if id := m.ids[k]; id != nil {
			bc.TokenID = new(big.Int).Set(id)
		}
		out = append(out, bc)
	}
	sortChanges(out)
	return out
}

func sortChanges(out []BalanceChange) {
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if c := bytes.Compare(a.Address[:], b.Address[:]); c != 0 {
			return c < 0
		}
		if c := bytes.Compare(a.Token[:], b.Token[:]); c != 0 {
			return c < 0
		}
		return cmpID(a.TokenID, b.TokenID) < 0
	})
}

// isAddressWord reports whether a 32-byte word looks like an address: 12
// zero bytes, then a value too large to be a count or an amount.
func isAddressWord(w []byte) bool {
	if len(w) != 32 {
		return false
	}
	for _, b := range w[:12] {
		if b != 0 {
			return false
		}
	}
	return new(big.Int).SetBytes(w[12:]).BitLen() > 128
}

// partiesOf collects the addresses a transaction involved: every frame's
// caller, callee and context, the addresses in flows, the address-like
// topics of its events and the address-like words of its calls' inputs
// (the recipient of a token that emits no event is found there).
func partiesOf(root *Call, flows []Flow, extra ...common.Address) []common.Address {
	primary, secondary := map[common.Address]bool{}, map[common.Address]bool{}
	add := func(set map[common.Address]bool, a common.Address) {
		if a != (common.Address{}) && !isPrecompile(a) {
			set[a] = true
		}
	}
	for _, a := range extra {
		add(primary, a)
	}
	for _, f := range flows {
		add(primary, f.From)
		add(primary, f.To)
	}
	root.Walk(func(c *Call) bool {
		if c.Reverted {
			return false
		}
		add(primary, c.From)
		add(primary, c.To)
		add(primary, c.Context)
		for _, ev := range c.Events {
			for _, t := range ev.Topics[min(1, len(ev.Topics)):] {
				if isAddressWord(t[:]) {
					add(secondary, common.BytesToAddress(t[12:]))
				}
			}
			for i := 0; i+32 <= len(ev.Data); i += 32 {
				if isAddressWord(ev.Data[i : i+32]) {
					add(secondary, common.BytesToAddress(ev.Data[i+12:i+32]))
				}
			}
		}
		if c.Decoded != nil {
			for _, arg := range c.Decoded.Args {
				if a, ok := arg.Value.(common.Address); ok {
					add(secondary, a)
				}
				if s, ok := arg.Value.(string); ok && common.IsHexAddress(s) {
					add(secondary, common.HexToAddress(s))
				}
			}
		}
		for i := 4; len(c.Input) > 4 && i+32 <= len(c.Input); i += 32 {
			if isAddressWord(c.Input[i : i+32]) {
				add(secondary, common.BytesToAddress(c.Input[i+12:i+32]))
			}
		}
		return true
	})
	out := sortedKeys(primary)
	for _, a := range sortedKeys(secondary) {
		if !primary[a] {
			out = append(out, a)
		}
	}
	return out
}

// isPrecompile reports whether addr is one of the low precompile addresses.
func isPrecompile(addr common.Address) bool {
	return new(big.Int).SetBytes(addr.Bytes()).Cmp(big.NewInt(0x100)) < 0
}

// tokenCandidates are the contracts the call tree called or that emitted
// events, whose storage changed: only they can have moved a balance.
func tokenCandidates(root *Call, changed map[common.Address]bool) []common.Address {
	seen := map[common.Address]bool{}
	root.Walk(func(c *Call) bool {
		if c.Reverted {
			return false
		}
		if (c.Type == "CALL" || c.Type == "STATICCALL") && changed[c.To] {
			seen[c.To] = true
		}
		for _, ev := range c.Events {
			if changed[ev.Address] {
				seen[ev.Address] = true
			}
		}
		return true
	})
	out := sortedKeys(seen)
	if len(out) > maxStateTokens {
		out = out[:maxStateTokens]
	}
	return out
}

// classifyAssets keeps the candidates that answer balanceOf and says their
// standard: from their events when they emitted any, from ERC-165
// otherwise. ERC-1155 balances are read for the ids their events moved.
func classifyAssets(ctx context.Context, v *stateView, candidates []common.Address, flows []Flow, probe common.Address) ([]asset, []string) {
	kinds := map[common.Address]string{}
	ids := map[common.Address]map[string]*big.Int{}
	for _, f := range flows {
		switch f.Kind {
		case KindERC20, KindWrap:
			kinds[f.Token] = StandardERC20
		case KindERC721:
			kinds[f.Token] = StandardERC721
		case KindERC1155:
			kinds[f.Token] = StandardERC1155
			if ids[f.Token] == nil {
				ids[f.Token] = map[string]*big.Int{}
			}
			ids[f.Token][f.TokenID.String()] = f.TokenID
		}
	}
	var out []asset
	var warnings []string
	for _, tok := range candidates {
		std := kinds[tok]
		if std == StandardERC1155 {
			as := asset{Token: tok, Standard: std}
			for _, k := range sortedStrings(ids[tok]) {
				as.IDs = append(as.IDs, ids[tok][k])
			}
			out = append(out, as)
			continue
		}
		if _, ok := v.tokenBalance(ctx, tok, probe, nil); !ok {
			if std == "" && v.supports(ctx, tok, "0xd9b67a26") {
				warnings = append(warnings, fmt.Sprintf("ERC-1155 token %s changed state without TransferSingle or TransferBatch events: its balances were not measured", tok.Hex()))
			}
			continue
		}
		if std == "" {
			std = StandardERC20
			if v.supports(ctx, tok, "0x80ac58cd") {
				std = StandardERC721
			}
		}
		out = append(out, asset{Token: tok, Standard: std})
	}
	return out, warnings
}

func sortedStrings[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// explain compares the balance changes measured from state with those the
// flows (events and traced native value) account for, and warns of every
// difference: a token that moved without its events, say. ERC-721 flows
// are counted per token, as balanceOf counts them.
func explain(state, events []BalanceChange, standards map[common.Address]string, symbol func(common.Address) string) []string {
	key := func(bc BalanceChange) holdingKey {
		k := holdingKey{addr: bc.Address, token: bc.Token}
		if bc.TokenID != nil && standards[bc.Token] == StandardERC1155 {
			k.id = bc.TokenID.String()
		}
		return k
	}
	fromEvents := map[holdingKey]*big.Int{}
	for _, bc := range events {
		k := key(bc)
		if fromEvents[k] == nil {
			fromEvents[k] = new(big.Int)
		}
		fromEvents[k].Add(fromEvents[k], bc.Delta)
	}
	fromState := map[holdingKey]*big.Int{}
	for _, bc := range state {
		fromState[key(bc)] = bc.Delta
	}
	all := map[holdingKey]bool{}
	for k := range fromEvents {
		all[k] = true
	}
	for k := range fromState {
		all[k] = true
	}
	keys := make([]holdingKey, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c := bytes.Compare(keys[i].token[:], keys[j].token[:]); c != 0 {
			return c < 0
		}
		if c := bytes.Compare(keys[i].addr[:], keys[j].addr[:]); c != 0 {
			return c < 0
		}
		return keys[i].id < keys[j].id
	})
	var out []string
	for _, k := range keys {
		if _, measuredToken := standards[k.token]; !measuredToken && k.token != Native {
			continue // not measured (the token did not answer balanceOf)
		}
		s, e := fromState[k], fromEvents[k]
		if s == nil {
			s = new(big.Int)
		}
		if e == nil {
			e = new(big.Int)
		}
		if s.Cmp(e) == 0 {
			continue
		}
		if k.token == Native {
			out = append(out, fmt.Sprintf("native balance of %s changed by %s but the traced transfers (less gas) account for %s", k.addr.Hex(), s, e))
			continue
		}
		id := ""
		if k.id != "" {
			id = " id " + k.id
		}
		out = append(out, fmt.Sprintf("token %s%s%s: balance of %s changed by %s (state) but its events account for %s: the movement is not explained by the token's events",
			k.token.Hex(), symbol(k.token), id, k.addr.Hex(), s, e))
	}
	return out
}

// fromState measures the balance changes of the transaction from state
// (see BalanceChanges), replaces the event-derived ones with them, and
// warns of every change the events and traced transfers do not explain.
// It returns the balances before the transaction.
func (a *Analysis) fromState(ctx context.Context, pos *positions, rcpt *types.Receipt, h *rpcHeader) (map[holdingKey]*big.Int, error) {
	events := a.BalanceChanges
	if a.Status != StatusSuccess {
		return nil, nil // nothing moved but the fee
	}
	diff, err := pos.diff(ctx, a.Tx)
	if err != nil {
		a.Warnings = append(a.Warnings, fmt.Sprintf("balance changes read from events and traces only, not from state: %v", err))
		return nil, nil
	}
	degrade := func(err error) (map[holdingKey]*big.Int, error) {
		if ctx.Err() != nil {
			return nil, err
		}
		// A node without the state of the block (not an archive node) or
		// without state overrides: the events and traces are all there is.
		a.Warnings = append(a.Warnings, fmt.Sprintf("balance changes read from events and traces only, not from state: %v", err))
		return nil, nil
	}
	idx := int(rcpt.TransactionIndex)
	before, err := pos.before(ctx, a.Block, idx)
	if err != nil {
		return degrade(err)
	}
	after, err := pos.before(ctx, a.Block, idx+1)
	if err != nil {
		return degrade(err)
	}
	extra := []common.Address{a.From}
	for addr := range diff.Pre {
		extra = append(extra, addr)
	}
	for addr := range diff.Post {
		extra = append(extra, addr)
	}
	parties := partiesOf(a.Calls, a.Flows, extra...)
	assets, warnings := classifyAssets(ctx, after, tokenCandidates(a.Calls, storageChanged(diff)), a.Flows, a.From)
	a.Warnings = append(a.Warnings, warnings...)
	if n := maxStateReads / (len(assets) + 1); len(parties) > n {
		a.Warnings = append(a.Warnings, fmt.Sprintf("%d addresses took part: the balances of %d of them (named only in event or call data) were not measured", len(parties), len(parties)-n))
		parties = parties[:n]
	}
	m, err := measure(ctx, before, after, assets, parties)
	if err != nil {
		return degrade(fmt.Errorf("measure balances around %s: %w", a.Tx.Hex(), err))
	}
	tip := new(big.Int).Set(effectivePrice(rcpt))
	if h.BaseFee != nil {
		tip.Sub(tip, h.BaseFee.ToInt())
	}
	tip.Mul(tip, new(big.Int).SetUint64(rcpt.GasUsed))
	adjust := map[common.Address]*big.Int{a.From: new(big.Int).Set(a.Fee)}
	if h.Coinbase != (common.Address{}) && tip.Sign() > 0 {
		d := new(big.Int).Neg(tip)
		if prev := adjust[h.Coinbase]; prev != nil {
			d.Add(d, prev)
		}
		adjust[h.Coinbase] = d
	}
	for addr, d := range adjust {
		k := holdingKey{addr: addr, token: Native}
		if m.after[k] != nil {
			m.after[k] = new(big.Int).Add(m.after[k], d)
		}
	}
	a.BalanceChanges = m.changes()
	standards := map[common.Address]string{}
	for _, as := range assets {
		standards[as.Token] = as.Standard
		info := a.Tokens[as.Token]
		if info.Symbol == "" && info.Decimals == nil {
			if info, err = tokenInfo(ctx, pos.c, as.Token, a.Block); err != nil {
				return nil, err
			}
		}
		info.Standard = as.Standard
		a.Tokens[as.Token] = info
	}
	symbol := func(t common.Address) string {
		if s := a.Tokens[t].Symbol; s != "" {
			return " (" + s + ")"
		}
		return ""
	}
	a.Warnings = append(a.Warnings, explain(a.BalanceChanges, events, standards, symbol)...)
	return m.before, nil
}
