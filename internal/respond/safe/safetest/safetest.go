// Package safetest runs a local stand-in of the Safe Transaction Service's
// proposal endpoint (POST /api/v1/safes/{address}/multisig-transactions/),
// its transaction (GET /api/v1/multisig-transactions/{safeTxHash}/: the
// owners' confirmations) and confirmation (POST
// /api/v1/multisig-transactions/{safeTxHash}/confirmations/, as an owner
// signing in Safe{Wallet} does) endpoints for tests. Like the real service, it refuses with HTTP 422 a Safe address
// in the path that is not EIP-55 checksummed ("Checksum address validation
// failed"), a body address (to, sender, gasToken, refundReceiver) that is
// not ("Address … is not checksumed"), and a body lacking a required field
// (to, value, operation, safeTxGas, baseGas, gasPrice, nonce,
// contractTransactionHash, sender: "This field is required."), field by
// field; it recomputes the safeTxHash from the posted fields (here with the
// Safe contract's own getTransactionHash, on the chain), refuses a
// contractTransactionHash that differs, recovers the signer from the
// signature (an EIP-712 signature with v 27/28, or an eth_sign one with v
// 31/32), and refuses a signer that is not the sender or not an owner. With
// RequireAPIKey it answers 401 to a request without the key as
// "Authorization: Bearer KEY", as the hosted service does.
package safetest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
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
	apiKey    string
	accepted  []Proposal
	refusals  []string
	requests  int
	failFirst int
	// confirmations are the owners' signatures posted after the proposal.
	confirmations map[common.Hash][]confirmation
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

// RequireAPIKey makes the stand-in refuse, with HTTP 401, requests that do
// not carry "Authorization: Bearer key".
func (s *Service) RequireAPIKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiKey = key
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

// body is the posted proposal; numbers may come as JSON numbers or
// strings, addresses are read as written to check their checksum.
type body struct {
	To                      *string         `json:"to"`
	Value                   json.RawMessage `json:"value"`
	Data                    *hexutil.Bytes  `json:"data"`
	Operation               json.RawMessage `json:"operation"`
	SafeTxGas               json.RawMessage `json:"safeTxGas"`
	BaseGas                 json.RawMessage `json:"baseGas"`
	GasPrice                json.RawMessage `json:"gasPrice"`
	GasToken                *string         `json:"gasToken"`
	RefundReceiver          *string         `json:"refundReceiver"`
	Nonce                   json.RawMessage `json:"nonce"`
	ContractTransactionHash *common.Hash    `json:"contractTransactionHash"`
	Sender                  *string         `json:"sender"`
	Signature               *hexutil.Bytes  `json:"signature"`
	Origin                  string          `json:"origin"`
}

// fieldErrors are the service's per-field validation errors.
type fieldErrors map[string][]string

func (fe fieldErrors) add(field, msg string) { fe[field] = append(fe[field], msg) }

// address reads a body address as the service's EthereumAddressField
// does: required unless optional, valid, and EIP-55 checksummed (the zero
// address has no letters and is its own checksum).
func (fe fieldErrors) address(field string, v *string, optional bool) common.Address {
	switch {
	case v == nil && optional:
		return common.Address{}
	case v == nil:
		fe.add(field, "This field is required.")
		return common.Address{}
	case !common.IsHexAddress(*v):
		fe.add(field, fmt.Sprintf("Address %s is not valid", *v))
		return common.Address{}
	}
	a := common.HexToAddress(*v)
	if a.Hex() != *v {
		fe.add(field, fmt.Sprintf("Address %s is not checksumed", *v))
	}
	return a
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
	s.mu.Lock()
	key := s.apiKey
	s.mu.Unlock()
	if key != "" && r.Header.Get("Authorization") != "Bearer "+key {
		s.refuse(w, http.StatusUnauthorized, "Authentication credentials were not provided or are not valid.")
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/api/v1/multisig-transactions/"); ok {
		s.serveTx(w, r, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v1/safes/")
	addr, ok2 := strings.CutSuffix(rest, "/multisig-transactions/")
	if !ok || !ok2 || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	if !common.IsHexAddress(addr) || common.HexToAddress(addr).Hex() != addr {
		s.refuse(w, http.StatusUnprocessableEntity, "Checksum address validation failed")
		return
	}
	safeAddr := common.HexToAddress(addr)
	var b body
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		s.refuse(w, http.StatusBadRequest, "malformed body: "+err.Error())
		return
	}
	p, fe, err := s.check(r.Context(), safeAddr, b)
	if len(fe) > 0 {
		s.refuseFields(w, fe)
		return
	}
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

// refuseFields answers 422 with the service's per-field errors.
func (s *Service) refuseFields(w http.ResponseWriter, fe fieldErrors) {
	s.mu.Lock()
	for _, f := range slices.Sorted(maps.Keys(fe)) {
		s.refusals = append(s.refusals, f+": "+strings.Join(fe[f], "; "))
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnprocessableEntity)
	json.NewEncoder(w).Encode(fe)
}

func (s *Service) check(ctx context.Context, safeAddr common.Address, b body) (Proposal, fieldErrors, error) {
	fe := fieldErrors{}
	nums := map[string]*big.Int{}
	for _, f := range []struct {
		name string
		raw  json.RawMessage
	}{{"value", b.Value}, {"operation", b.Operation}, {"safeTxGas", b.SafeTxGas}, {"baseGas", b.BaseGas}, {"gasPrice", b.GasPrice}, {"nonce", b.Nonce}} {
		n, err := number(f.raw)
		if err != nil {
			fe.add(f.name, err.Error())
			continue
		}
		nums[f.name] = n
	}
	if op := nums["operation"]; op != nil && op.Cmp(big.NewInt(1)) > 0 {
		fe.add("operation", "Unknown operation")
	}
	to := fe.address("to", b.To, false)
	sender := fe.address("sender", b.Sender, false)
	gasToken := fe.address("gasToken", b.GasToken, true)
	refund := fe.address("refundReceiver", b.RefundReceiver, true)
	if b.ContractTransactionHash == nil {
		fe.add("contractTransactionHash", "This field is required.")
	}
	if len(fe) > 0 {
		return Proposal{}, fe, nil
	}
	var data []byte
	if b.Data != nil {
		data = *b.Data
	}
	p, err := s.checkSigned(ctx, safeAddr, b, to, sender, gasToken, refund, data, nums)
	return p, nil, err
}

func (s *Service) checkSigned(ctx context.Context, safeAddr common.Address, b body, to, sender, gasToken, refund common.Address, data []byte, nums map[string]*big.Int) (Proposal, error) {
	txHash := *b.ContractTransactionHash
	out, err := s.call(ctx, safeAddr, s.safe.PackGetTransactionHash(to, nums["value"], data, uint8(nums["operation"].Uint64()), nums["safeTxGas"], nums["baseGas"], nums["gasPrice"], gasToken, refund, nums["nonce"]))
	if err != nil {
		//lint:ignore ST1005 the Safe Transaction Service's own nonFieldErrors text, which clients show as is
		return Proposal{}, fmt.Errorf("Safe %s not found: %v", safeAddr.Hex(), err)
	}
	h, err := s.safe.UnpackGetTransactionHash(out)
	if err != nil {
		return Proposal{}, err
	}
	if common.Hash(h) != txHash {
		//lint:ignore ST1005 the Safe Transaction Service's own nonFieldErrors text, which clients show as is
		return Proposal{}, fmt.Errorf("Contract-transaction-hash=%s does not match provided contract-tx-hash=%s", common.Hash(h).Hex(), txHash.Hex())
	}
	out, err = s.call(ctx, safeAddr, s.safe.PackGetOwners())
	if err != nil {
		return Proposal{}, err
	}
	owners, err := s.safe.UnpackGetOwners(out)
	if err != nil {
		return Proposal{}, err
	}
	var sig []byte
	if b.Signature != nil && len(*b.Signature) > 0 {
		sig = *b.Signature
		signer, err := safe.Recover(txHash, sig)
		if err != nil {
			return Proposal{}, err
		}
		if signer != sender {
			//lint:ignore ST1005 the Safe Transaction Service's own nonFieldErrors text, which clients show as is
			return Proposal{}, fmt.Errorf("Signer=%s is not the sender=%s", signer.Hex(), sender.Hex())
		}
	}
	if !slices.Contains(owners, sender) {
		//lint:ignore ST1005 the Safe Transaction Service's own nonFieldErrors text, which clients show as is
		return Proposal{}, fmt.Errorf("Signer=%s is not an owner", sender.Hex())
	}
	return Proposal{Safe: safeAddr, SafeTxHash: txHash, Sender: sender, Signature: sig,
		Nonce: nums["nonce"].Uint64(), To: to, Data: data, Origin: b.Origin}, nil
}

func (s *Service) call(ctx context.Context, to common.Address, data []byte) ([]byte, error) {
	return s.b.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
}

// number reads a JSON number or a decimal string.
func number(raw json.RawMessage) (*big.Int, error) {
	if len(raw) == 0 || string(raw) == "null" {
		//lint:ignore ST1005 the service's own field error text
		return nil, fmt.Errorf("This field is required.")
	}
	s := strings.Trim(string(raw), `"`)
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Sign() < 0 {
		return nil, fmt.Errorf("not a non-negative integer: %s", raw)
	}
	return n, nil
}

// confirmation is one owner's signature the stand-in holds.
type confirmation struct {
	Owner         string `json:"owner"`
	Signature     string `json:"signature"`
	SignatureType string `json:"signatureType"`
}

// serveTx serves GET {hash}/ and POST {hash}/confirmations/.
func (s *Service) serveTx(w http.ResponseWriter, r *http.Request, rest string) {
	hashText, sub, _ := strings.Cut(rest, "/")
	if len(hashText) != 66 || !strings.HasPrefix(hashText, "0x") {
		http.NotFound(w, r)
		return
	}
	h := common.HexToHash(hashText)
	s.mu.Lock()
	var p *Proposal
	for i := range s.accepted {
		if s.accepted[i].SafeTxHash == h {
			p = &s.accepted[i]
		}
	}
	var prop Proposal
	if p != nil {
		prop = *p
	}
	s.mu.Unlock()
	if p == nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"detail": "No MultisigTransaction matches the given query."})
		return
	}
	switch {
	case sub == "" && r.Method == http.MethodGet:
		s.mu.Lock()
		confs := []confirmation{{Owner: prop.Sender.Hex(), Signature: hexutil.Encode(prop.Signature), SignatureType: "EOA"}}
		confs = append(confs, s.confirmations[h]...)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"safe": prop.Safe.Hex(), "safeTxHash": h.Hex(), "nonce": prop.Nonce, "confirmations": confs})
	case sub == "confirmations/" && r.Method == http.MethodPost:
		var b struct {
			Signature hexutil.Bytes `json:"signature"`
		}
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			s.refuse(w, http.StatusBadRequest, "malformed body: "+err.Error())
			return
		}
		signer, err := safe.Recover(h, b.Signature)
		if err != nil {
			s.refuse(w, http.StatusBadRequest, err.Error())
			return
		}
		out, err := s.call(r.Context(), prop.Safe, s.safe.PackGetOwners())
		if err != nil {
			s.refuse(w, http.StatusBadRequest, err.Error())
			return
		}
		owners, err := s.safe.UnpackGetOwners(out)
		if err != nil || !slices.Contains(owners, signer) {
			s.refuse(w, http.StatusBadRequest, fmt.Sprintf("Signer=%s is not an owner", signer.Hex()))
			return
		}
		s.mu.Lock()
		if s.confirmations == nil {
			s.confirmations = map[common.Hash][]confirmation{}
		}
		s.confirmations[h] = append(s.confirmations[h], confirmation{Owner: signer.Hex(), Signature: hexutil.Encode(b.Signature), SignatureType: "EOA"})
		s.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	default:
		http.NotFound(w, r)
	}
}
