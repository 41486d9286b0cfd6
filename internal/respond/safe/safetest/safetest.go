// Package safetest runs a local stand-in of the Safe Transaction Service's
// proposal endpoint for tests. Like the real service, it recomputes the
// safeTxHash from the posted fields (here with the Safe contract's own
// getTransactionHash, on the chain), refuses a contractTransactionHash that
// differs, recovers the signer from the signature (an EIP-712 signature
// with v 27/28, or an eth_sign one with v 31/32), and refuses a signer
// that is not the sender or not an owner, with HTTP 422.
package safetest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
)

// Backend reads the Safe on the chain.
type Backend interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
}

// Proposal is one accepted proposal.
type Proposal struct {
	Safe       common.Address
	SafeTxHash common.Hash
	Sender     common.Address
	Signature  []byte
	Nonce      uint64
	To         common.Address
	Data       []byte
	Origin     string
}

// Service is a running stand-in.
type Service struct {
	// URL is the base URL to give the executor.
	URL string

	b    Backend
	safe *bindings.SafeL2

	mu        sync.Mutex
	accepted  []Proposal
	refusals  []string
	requests  int
	failFirst int
}

// Start starts a stand-in reading Safes through b; it stops when the test
// ends.
func Start(t testing.TB, b Backend) *Service {
	t.Helper()
	s := &Service{b: b, safe: bindings.NewSafeL2()}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// FailFirst makes the next n requests answer HTTP 429 with Retry-After 0,
// as the rate-limited public service does.
func (s *Service) FailFirst(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failFirst = n
}

// Accepted returns the proposals accepted so far.
func (s *Service) Accepted() []Proposal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.accepted)
}

// Refusals returns the 422 messages sent so far.
func (s *Service) Refusals() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.refusals)
}

// Requests counts the requests received.
func (s *Service) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// body is the posted proposal; numbers may come as JSON numbers or strings.
type body struct {
	To                      common.Address  `json:"to"`
	Value                   json.RawMessage `json:"value"`
	Data                    *hexutil.Bytes  `json:"data"`
	Operation               json.RawMessage `json:"operation"`
	SafeTxGas               json.RawMessage `json:"safeTxGas"`
	BaseGas                 json.RawMessage `json:"baseGas"`
	GasPrice                json.RawMessage `json:"gasPrice"`
	GasToken                *common.Address `json:"gasToken"`
	RefundReceiver          *common.Address `json:"refundReceiver"`
	Nonce                   json.RawMessage `json:"nonce"`
	ContractTransactionHash common.Hash     `json:"contractTransactionHash"`
	Sender                  common.Address  `json:"sender"`
	Signature               hexutil.Bytes   `json:"signature"`
	Origin                  string          `json:"origin"`
}

func (s *Service) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	fail := s.failFirst > 0
	if fail {
		s.failFirst--
	}
	s.mu.Unlock()
	if fail {
		w.Header().Set("Retry-After", "0")
		http.Error(w, `{"detail":"Request was throttled."}`, http.StatusTooManyRequests)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v1/safes/")
	addr, ok2 := strings.CutSuffix(rest, "/multisig-transactions/")
	if !ok || !ok2 || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	if !common.IsHexAddress(addr) {
		s.refuse(w, http.StatusUnprocessableEntity, "Checksum address validation failed")
		return
	}
	safeAddr := common.HexToAddress(addr)
	var b body
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		s.refuse(w, http.StatusBadRequest, "malformed body: "+err.Error())
		return
	}
	p, err := s.check(r.Context(), safeAddr, b)
	if err != nil {
		s.refuse(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	s.mu.Lock()
	s.accepted = append(s.accepted, p)
	s.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

func (s *Service) refuse(w http.ResponseWriter, status int, msg string) {
	s.mu.Lock()
	s.refusals = append(s.refusals, msg)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string][]string{"nonFieldErrors": {msg}})
}

func (s *Service) check(ctx context.Context, safeAddr common.Address, b body) (Proposal, error) {
	nums := map[string]*big.Int{}
	for name, raw := range map[string]json.RawMessage{"value": b.Value, "operation": b.Operation, "safeTxGas": b.SafeTxGas, "baseGas": b.BaseGas, "gasPrice": b.GasPrice, "nonce": b.Nonce} {
		n, err := number(raw)
		if err != nil {
			return Proposal{}, fmt.Errorf("%s: %v", name, err)
		}
		nums[name] = n
	}
	var data []byte
	if b.Data != nil {
		data = *b.Data
	}
	var gasToken, refund common.Address
	if b.GasToken != nil {
		gasToken = *b.GasToken
	}
	if b.RefundReceiver != nil {
		refund = *b.RefundReceiver
	}
	out, err := s.call(ctx, safeAddr, s.safe.PackGetTransactionHash(b.To, nums["value"], data, uint8(nums["operation"].Uint64()), nums["safeTxGas"], nums["baseGas"], nums["gasPrice"], gasToken, refund, nums["nonce"]))
	if err != nil {
		//lint:ignore ST1005 the Safe Transaction Service's own nonFieldErrors text, which clients show as is
		return Proposal{}, fmt.Errorf("Safe %s not found: %v", safeAddr.Hex(), err)
	}
	h, err := s.safe.UnpackGetTransactionHash(out)
	if err != nil {
		return Proposal{}, err
	}
	if common.Hash(h) != b.ContractTransactionHash {
		//lint:ignore ST1005 the Safe Transaction Service's own nonFieldErrors text, which clients show as is
		return Proposal{}, fmt.Errorf("Contract-transaction-hash=%s does not match provided contract-tx-hash=%s", common.Hash(h).Hex(), b.ContractTransactionHash.Hex())
	}
	signer, err := safe.Recover(b.ContractTransactionHash, b.Signature)
	if err != nil {
		return Proposal{}, err
	}
	if signer != b.Sender {
		//lint:ignore ST1005 the Safe Transaction Service's own nonFieldErrors text, which clients show as is
		return Proposal{}, fmt.Errorf("Signer=%s is not the sender=%s", signer.Hex(), b.Sender.Hex())
	}
	out, err = s.call(ctx, safeAddr, s.safe.PackGetOwners())
	if err != nil {
		return Proposal{}, err
	}
	owners, err := s.safe.UnpackGetOwners(out)
	if err != nil {
		return Proposal{}, err
	}
	if !slices.Contains(owners, signer) {
		//lint:ignore ST1005 the Safe Transaction Service's own nonFieldErrors text, which clients show as is
		return Proposal{}, fmt.Errorf("Signer=%s is not an owner", signer.Hex())
	}
	return Proposal{Safe: safeAddr, SafeTxHash: b.ContractTransactionHash, Sender: b.Sender, Signature: b.Signature,
		Nonce: nums["nonce"].Uint64(), To: b.To, Data: data, Origin: b.Origin}, nil
}

func (s *Service) call(ctx context.Context, to common.Address, data []byte) ([]byte, error) {
	return s.b.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
}

// number reads a JSON number or a decimal string.
func number(raw json.RawMessage) (*big.Int, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, fmt.Errorf("required")
	}
	s := strings.Trim(string(raw), `"`)
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Sign() < 0 {
		return nil, fmt.Errorf("not a non-negative integer: %s", raw)
	}
	return n, nil
}
