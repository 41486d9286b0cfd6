// Package safe is the "safe" executor: containment through a Safe
// multisig (v1.3 and later). It builds the Safe transaction, computes its
// EIP-712 safeTxHash (domain: chain id and Safe address), cross-checks it
// with the Safe's own getTransactionHash, and signs it with the owner keys
// held here. With as many signatures as the threshold it sends
// execTransaction through a key executor; with fewer it proposes the
// transaction to the Safe Transaction Service, if the plan names one, and
// returns a respond.Proposal so the other signers are told what to sign.
package safe

import (
	"bytes"
	"fmt"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
)

// Operations of a Safe transaction.
const (
	OpCall         uint8 = 0
	OpDelegateCall uint8 = 1
)

// Tx is a Safe transaction (SafeTx in the Safe's EIP-712 types).
type Tx struct {
	To             common.Address
	Value          *big.Int
	Data           []byte
	Operation      uint8
	SafeTxGas      *big.Int
	BaseGas        *big.Int
	GasPrice       *big.Int
	GasToken       common.Address
	RefundReceiver common.Address
	Nonce          *big.Int
}

// NewTx returns a CALL of to with data and value at the Safe's nonce,
// with no gas refund (safeTxGas, baseGas and gasPrice zero), as
// containment transactions are.
func NewTx(to common.Address, value *big.Int, data []byte, nonce uint64) Tx {
	if value == nil {
		value = new(big.Int)
	}
	return Tx{To: to, Value: value, Data: data, Operation: OpCall, SafeTxGas: new(big.Int), BaseGas: new(big.Int),
		GasPrice: new(big.Int), Nonce: new(big.Int).SetUint64(nonce)}
}

// TypedData returns the transaction as EIP-712 typed data for the Safe at
// safe on chain chainID, with the domain of Safe 1.3 and later.
func (t Tx) TypedData(chainID *big.Int, safe common.Address) apitypes.TypedData {
	return apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {{Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"}},
			"SafeTx": {
				{Name: "to", Type: "address"}, {Name: "value", Type: "uint256"}, {Name: "data", Type: "bytes"},
				{Name: "operation", Type: "uint8"}, {Name: "safeTxGas", Type: "uint256"}, {Name: "baseGas", Type: "uint256"},
				{Name: "gasPrice", Type: "uint256"}, {Name: "gasToken", Type: "address"}, {Name: "refundReceiver", Type: "address"},
				{Name: "nonce", Type: "uint256"},
			},
		},
		PrimaryType: "SafeTx",
		Domain:      apitypes.TypedDataDomain{ChainId: (*math.HexOrDecimal256)(chainID), VerifyingContract: safe.Hex()},
		Message: apitypes.TypedDataMessage{
			"to": t.To.Hex(), "value": t.Value.String(), "data": hexutil.Encode(t.Data),
			"operation": fmt.Sprint(t.Operation), "safeTxGas": t.SafeTxGas.String(), "baseGas": t.BaseGas.String(),
			"gasPrice": t.GasPrice.String(), "gasToken": t.GasToken.Hex(), "refundReceiver": t.RefundReceiver.Hex(),
			"nonce": t.Nonce.String(),
		},
	}
}

// Hash returns the safeTxHash of t for the Safe at safe on chain chainID.
func (t Tx) Hash(chainID *big.Int, safe common.Address) (common.Hash, error) {
	h, _, err := apitypes.TypedDataAndHash(t.TypedData(chainID, safe))
	if err != nil {
		return common.Hash{}, fmt.Errorf("EIP-712 hash of the Safe transaction: %w", err)
	}
	return common.BytesToHash(h), nil
}

// Signature is one owner's signature of a safeTxHash.
type Signature struct {
	Owner common.Address
	// Bytes are r, s and v, with v 27 or 28 (an ECDSA signature of the
	// safeTxHash itself).
	Bytes []byte
}

// HashSigner signs a 32-byte hash with v 0 or 1 (key.Signer does).
type HashSigner interface {
	Address() common.Address
	SignHash(hash common.Hash) ([]byte, error)
}

// Sign signs safeTxHash with s as a Safe owner signature (v 27/28).
func Sign(s HashSigner, safeTxHash common.Hash) (Signature, error) {
	sig, err := s.SignHash(safeTxHash)
	if err != nil {
		return Signature{}, fmt.Errorf("sign safeTxHash with %s: %w", s.Address(), err)
	}
	sig[64] += 27
	return Signature{Owner: s.Address(), Bytes: sig}, nil
}

// Pack concatenates signatures sorted by owner address, ascending, as
// execTransaction requires.
func Pack(sigs []Signature) []byte {
	sorted := append([]Signature(nil), sigs...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i].Owner[:], sorted[j].Owner[:]) < 0 })
	var out []byte
	for _, s := range sorted {
		out = append(out, s.Bytes...)
	}
	return out
}

// Recover returns the signer of a Safe owner signature of safeTxHash: v
// 27/28 signs the hash itself, v 31/32 its eth_sign form ("\x19Ethereum
// Signed Message:\n32" + hash), as the Safe and its Transaction Service
// read them.
func Recover(safeTxHash common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != 65 {
		return common.Address{}, fmt.Errorf("signature of %d bytes, want 65", len(sig))
	}
	s := append([]byte(nil), sig...)
	digest := safeTxHash[:]
	switch v := s[64]; {
	case v == 27 || v == 28:
		s[64] = v - 27
	case v == 31 || v == 32:
		s[64] = v - 31
		digest = crypto.Keccak256([]byte("\x19Ethereum Signed Message:\n32"), safeTxHash[:])
	default:
		return common.Address{}, fmt.Errorf("signature v=%d: only ECDSA signatures (v 27/28, or 31/32 for eth_sign) are read", v)
	}
	pub, err := crypto.SigToPub(digest, s)
	if err != nil {
		return common.Address{}, fmt.Errorf("recover signer: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}
