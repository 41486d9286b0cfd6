package forensics

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Native is the token address that stands for the chain's native currency
// (ETH) in flows, balance changes and losses.
var Native = common.Address{}

// Kinds of flows.
const (
	KindNative  = "native"
	KindERC20   = "erc20"
	KindERC721  = "erc721"
	KindERC1155 = "erc1155"
	// KindWrap is a Deposit (minted to the depositor) or Withdrawal
	// (burned from the withdrawer) of the chain's wrapped native token
	// (WETH on Ethereum).
	KindWrap = "weth"
)

// Event topics the flows are read from.
var (
	topicTransfer       = crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))
	topicTransferSingle = crypto.Keccak256Hash([]byte("TransferSingle(address,address,address,uint256,uint256)"))
	topicTransferBatch  = crypto.Keccak256Hash([]byte("TransferBatch(address,address,address,uint256[],uint256[])"))
	topicDeposit        = crypto.Keccak256Hash([]byte("Deposit(address,uint256)"))
	topicWithdrawal     = crypto.Keccak256Hash([]byte("Withdrawal(address,uint256)"))
)

// Flow is one movement of value inside a transaction.
type Flow struct {
	// Token is the token contract, or Native for the native currency.
	Token common.Address
	From  common.Address
	To    common.Address
	// Amount is exact, in the token's base unit (1 for an ERC-721 token).
	Amount *big.Int
	Kind   string
	// TokenID is the ERC-721 or ERC-1155 token id, nil for fungible tokens.
	TokenID *big.Int
	// Path is the call frame that moved the value or emitted the event.
	Path string
}

// BalanceChange is the net change of one address's balance of one token
// over the transaction. Delta is negative for a loss.
type BalanceChange struct {
	Address common.Address
	Token   common.Address
	TokenID *big.Int
	Delta   *big.Int
}

// logRef is a log with the frame that emitted it.
type logRef struct {
	Address common.Address
	Topics  []common.Hash
	Data    []byte
	Path    string
}

// FlowsOf returns the value flows of a call tree in execution order: native
// value of every successful frame, and the token events of successful
// frames, each event placed among the sub-calls where it was emitted.
// Frames that reverted, and everything below them, moved nothing.
//
// wrapped are the chain's wrapped native tokens (see WrappedNative): only
// their Deposit and Withdrawal events are wraps. Any other contract that
// emits Deposit(address,uint256) or Withdrawal(address,uint256) (a vault,
// a lending pool) moves value only through its Transfer events and native
// value.
func FlowsOf(root *Call, wrapped ...common.Address) []Flow {
	isWrapped := map[common.Address]bool{}
	for _, w := range wrapped {
		isWrapped[w] = true
	}
	var flows []Flow
	var visit func(c *Call)
	visit = func(c *Call) {
		if c.Reverted {
			return
		}
		flows = append(flows, nativeFlow(c)...)
		ev := 0
		emit := func(before int) {
			for ; ev < len(c.Events) && (before < 0 || int(c.Events[ev].Position) <= before); ev++ {
				e := c.Events[ev]
				frame := c
				if !isWrapped[e.Address] {
					frame = nil // no wrap without the chain's wrapped native token
				}
				flows = append(flows, tokenFlows(logRef{Address: e.Address, Topics: e.Topics, Data: e.Data, Path: c.Path}, frame)...)
			}
		}
		for i, sub := range c.Calls {
			emit(i)
			visit(sub)
		}
		emit(-1)
	}
	visit(root)
	return dedupWrap(flows)
}

// eventCount counts the events of the successful frames of root.
func eventCount(root *Call) int {
	n := 0
	root.Walk(func(c *Call) bool {
		if c.Reverted {
			return false
		}
		n += len(c.Events)
		return true
	})
	return n
}

func nativeFlow(c *Call) []Flow {
	if c.Value.Sign() <= 0 {
		return nil
	}
	switch c.Type {
	case "CALL", "CREATE", "CREATE2", "SELFDESTRUCT":
	default: // DELEGATECALL and STATICCALL move nothing; CALLCODE pays itself
		return nil
	}
	if c.From == c.To {
		return nil
	}
	return []Flow{{Token: Native, From: c.From, To: c.To, Amount: new(big.Int).Set(c.Value), Kind: KindNative, Path: c.Path}}
}

// tokenFlows decodes the flows of one log emitted in frame: ERC-20 and
// ERC-721 Transfer, ERC-1155 TransferSingle and TransferBatch, WETH Deposit
// and Withdrawal. Logs that only look like them (wrong topic count or data
// size) are not flows.
//
// Deposit(address,uint256) and Withdrawal(address,uint256) are common event
// signatures far beyond WETH (a lending pool's Deposit, say), so they count
// as a wrap only for the chain's wrapped native token (the caller passes
// its frame only then) and when the frame shows the native value that goes
// with it:
// a Deposit in a frame that received exactly wad from dst, a Withdrawal in a
// frame that paid exactly wad to src. Without a frame (logs read from a
// receipt) they are not flows.
func tokenFlows(l logRef, frame *Call) []Flow {
	if len(l.Topics) == 0 {
		return nil
	}
	word := func(i int) *big.Int { return new(big.Int).SetBytes(l.Data[32*i : 32*i+32]) }
	topicAddr := func(i int) common.Address { return common.BytesToAddress(l.Topics[i].Bytes()) }
	switch l.Topics[0] {
	case topicTransfer:
		switch {
		case len(l.Topics) == 3 && len(l.Data) == 32:
			return []Flow{{Token: l.Address, From: topicAddr(1), To: topicAddr(2), Amount: word(0), Kind: KindERC20, Path: l.Path}}
		case len(l.Topics) == 4 && len(l.Data) == 0:
			return []Flow{{Token: l.Address, From: topicAddr(1), To: topicAddr(2), Amount: big.NewInt(1), Kind: KindERC721,
				TokenID: new(big.Int).SetBytes(l.Topics[3].Bytes()), Path: l.Path}}
		}
	case topicTransferSingle:
		if len(l.Topics) == 4 && len(l.Data) == 64 {
			return []Flow{{Token: l.Address, From: topicAddr(2), To: topicAddr(3), Amount: word(1), Kind: KindERC1155, TokenID: word(0), Path: l.Path}}
		}
	case topicTransferBatch:
		if len(l.Topics) == 4 {
			ids, values, ok := decodeBatch(l.Data)
			if !ok {
				return nil
			}
			out := make([]Flow, len(ids))
			for i := range ids {
				out[i] = Flow{Token: l.Address, From: topicAddr(2), To: topicAddr(3), Amount: values[i], Kind: KindERC1155, TokenID: ids[i], Path: l.Path}
			}
			return out
		}
	case topicDeposit:
		if len(l.Topics) == 2 && len(l.Data) == 32 && isWrap(frame, l.Address, topicAddr(1), word(0)) {
			return []Flow{{Token: l.Address, From: common.Address{}, To: topicAddr(1), Amount: word(0), Kind: KindWrap, Path: l.Path}}
		}
	case topicWithdrawal:
		if len(l.Topics) == 2 && len(l.Data) == 32 && isUnwrap(frame, l.Address, topicAddr(1), word(0)) {
			return []Flow{{Token: l.Address, From: topicAddr(1), To: common.Address{}, Amount: word(0), Kind: KindWrap, Path: l.Path}}
		}
	}
	return nil
}

// isWrap reports whether frame, running token's code, received exactly wad
// of native value from dst.
func isWrap(frame *Call, token, dst common.Address, wad *big.Int) bool {
	return frame != nil && frame.Context == token && frame.From == dst && frame.Value.Cmp(wad) == 0
}

// isUnwrap reports whether frame, running token's code, paid exactly wad of
// native value to src in a successful sub-call.
func isUnwrap(frame *Call, token, src common.Address, wad *big.Int) bool {
	if frame == nil || frame.Context != token {
		return false
	}
	for _, sub := range frame.Calls {
		if !sub.Reverted && sub.Type == "CALL" && sub.To == src && sub.Value.Cmp(wad) == 0 {
			return true
		}
	}
	return false
}

// decodeBatch reads the two uint256[] of a TransferBatch event's data.
func decodeBatch(data []byte) (ids, values []*big.Int, ok bool) {
	v, err := unpack(data, "uint256[]", "uint256[]")
	if err != nil {
		return nil, nil, false
	}
	ids, values = v[0].([]*big.Int), v[1].([]*big.Int)
	return ids, values, len(ids) == len(values)
}

// dedupWrap drops a WETH Deposit or Withdrawal flow when the same token
// also emitted the matching ERC-20 mint or burn Transfer, as some wrapped
// tokens do, so that the wrap is not counted twice.
func dedupWrap(flows []Flow) []Flow {
	type key struct {
		token, party common.Address
		mint         bool
		amount       string
	}
	transfers := map[key]int{}
	for _, f := range flows {
		if f.Kind != KindERC20 {
			continue
		}
		if f.From == (common.Address{}) {
			transfers[key{f.Token, f.To, true, f.Amount.String()}]++
		}
		if f.To == (common.Address{}) {
			transfers[key{f.Token, f.From, false, f.Amount.String()}]++
		}
	}
	out := flows[:0:0]
	for _, f := range flows {
		if f.Kind == KindWrap {
			k := key{f.Token, f.From, false, f.Amount.String()}
			if f.From == (common.Address{}) {
				k = key{f.Token, f.To, true, f.Amount.String()}
			}
			if transfers[k] > 0 {
				transfers[k]--
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// BalanceChanges nets flows per address, token and token id. The zero
// address (mints and burns) is left out, as are changes that net to zero.
// The result is sorted by address, token and token id.
func BalanceChanges(flows []Flow) []BalanceChange {
	type key struct {
		addr, token common.Address
		id          string
	}
	deltas := map[key]*BalanceChange{}
	add := func(addr common.Address, f Flow, sign int) {
		if addr == (common.Address{}) {
			return
		}
		k := key{addr: addr, token: f.Token}
		if f.TokenID != nil {
			k.id = f.TokenID.String()
		}
		bc, ok := deltas[k]
		if !ok {
			bc = &BalanceChange{Address: addr, Token: f.Token, Delta: new(big.Int)}
			if f.TokenID != nil {
				bc.TokenID = new(big.Int).Set(f.TokenID)
			}
			deltas[k] = bc
		}
		if sign < 0 {
			bc.Delta.Sub(bc.Delta, f.Amount)
		} else {
			bc.Delta.Add(bc.Delta, f.Amount)
		}
	}
	for _, f := range flows {
		if f.From == f.To {
			continue
		}
		add(f.From, f, -1)
		add(f.To, f, +1)
	}
	out := make([]BalanceChange, 0, len(deltas))
	for _, bc := range deltas {
		if bc.Delta.Sign() != 0 {
			out = append(out, *bc)
		}
	}
	sortChanges(out)
	return out
}

func cmpID(a, b *big.Int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Cmp(b)
}

// wrappedNative lists the canonical wrapped native token of the chains
// breakglass knows, by chain id.
var wrappedNative = map[uint64]common.Address{
	1:        common.HexToAddress("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"), // Ethereum WETH9
	10:       common.HexToAddress("0x4200000000000000000000000000000000000006"), // OP Mainnet WETH
	56:       common.HexToAddress("0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c"), // BNB Chain WBNB
	100:      common.HexToAddress("0xe91D153E0b41518A2Ce8Dd3D7944Fa863463a97d"), // Gnosis WXDAI
	137:      common.HexToAddress("0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270"), // Polygon WPOL
	8453:     common.HexToAddress("0x4200000000000000000000000000000000000006"), // Base WETH
	42161:    common.HexToAddress("0x82aF49447D8a07e3bd95BD0d56f35241523fBab1"), // Arbitrum One WETH
	43114:    common.HexToAddress("0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7"), // Avalanche WAVAX
	59144:    common.HexToAddress("0xe5D7C2a44FfDDf6b295A15c148167daaAf5Cf34f"), // Linea WETH
	11155111: common.HexToAddress("0x7b79995e5f793A07Bc00c21412e50Ecae098E7f9"), // Sepolia WETH
}

// WrappedNative returns the canonical wrapped native token of a chain
// (WETH9 on Ethereum), and false for a chain breakglass does not know (a
// devnet, say): Options.WrappedNative names it then.
func WrappedNative(chainID uint64) (common.Address, bool) {
	a, ok := wrappedNative[chainID]
	return a, ok
}
