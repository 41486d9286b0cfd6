package forensics

import (
	"bytes"
	"context"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

var (
	selectorSymbol   = crypto.Keccak256([]byte("symbol()"))[:4]
	selectorDecimals = crypto.Keccak256([]byte("decimals()"))[:4]
)

type callArgs struct {
	To   common.Address `json:"to"`
	Data hexutil.Bytes  `json:"data"`
}

// tokenInfo asks token for its symbol and decimals at block. A token that
// does not implement them (or reverts) gets an empty TokenInfo: only a
// cancelled context is an error.
func tokenInfo(ctx context.Context, c Caller, token common.Address, block uint64) (TokenInfo, error) {
	var info TokenInfo
	call := func(sel []byte) []byte {
		var out hexutil.Bytes
		if err := c.CallContext(ctx, &out, "eth_call", callArgs{To: token, Data: sel}, hexutil.Uint64(block)); err != nil {
			return nil
		}
		return out
	}
	if out := call(selectorDecimals); len(out) == 32 {
		d := new(big.Int).SetBytes(out)
		if d.IsUint64() && d.Uint64() <= 77 {
			v := uint8(d.Uint64())
			info.Decimals = &v
		}
	}
	info.Symbol = decodeSymbol(call(selectorSymbol))
	return info, ctx.Err()
}

// decodeSymbol reads an ABI string, or a bytes32 as older tokens return it.
func decodeSymbol(out []byte) string {
	var s string
	if len(out) == 32 {
		s = string(bytes.TrimRight(out, "\x00"))
	} else if v, err := unpack(out, "string"); err == nil {
		s = v[0].(string)
	}
	if len(s) > 64 || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 }) {
		return ""
	}
	return s
}

// unpack decodes data as ABI values of the given types with go-ethereum's
// decoder.
func unpack(data []byte, types ...string) ([]any, error) {
	args := make(abi.Arguments, len(types))
	for i, t := range types {
		typ, err := abi.NewType(t, "", nil)
		if err != nil {
			return nil, err
		}
		args[i] = abi.Argument{Type: typ}
	}
	return args.Unpack(data)
}
