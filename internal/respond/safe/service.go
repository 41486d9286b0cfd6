package safe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Proposal is the body of the Safe Transaction Service's
// POST /api/v1/safes/{address}/multisig-transactions/.
type Proposal struct {
	To                      common.Address `json:"to"`
	Value                   string         `json:"value"`
	Data                    *hexutil.Bytes `json:"data"`
	Operation               uint8          `json:"operation"`
	SafeTxGas               string         `json:"safeTxGas"`
	BaseGas                 string         `json:"baseGas"`
	GasPrice                string         `json:"gasPrice"`
	GasToken                common.Address `json:"gasToken"`
	RefundReceiver          common.Address `json:"refundReceiver"`
	Nonce                   uint64         `json:"nonce"`
	ContractTransactionHash common.Hash    `json:"contractTransactionHash"`
	Sender                  common.Address `json:"sender"`
	Signature               hexutil.Bytes  `json:"signature"`
	Origin                  string         `json:"origin,omitempty"`
}

// proposalJSON is Proposal as the service reads it: every address written
// EIP-55 checksummed, as the service requires ("Address … is not
// checksumed" otherwise); go-ethereum writes addresses in lower case.
type proposalJSON struct {
	To                      string         `json:"to"`
	Value                   string         `json:"value"`
	Data                    *hexutil.Bytes `json:"data"`
	Operation               uint8          `json:"operation"`
	SafeTxGas               string         `json:"safeTxGas"`
	BaseGas                 string         `json:"baseGas"`
	GasPrice                string         `json:"gasPrice"`
	GasToken                string         `json:"gasToken"`
	RefundReceiver          string         `json:"refundReceiver"`
	Nonce                   uint64         `json:"nonce"`
	ContractTransactionHash common.Hash    `json:"contractTransactionHash"`
	Sender                  string         `json:"sender"`
	Signature               hexutil.Bytes  `json:"signature"`
	Origin                  string         `json:"origin,omitempty"`
}

// MarshalJSON writes the proposal with checksummed addresses.
func (p Proposal) MarshalJSON() ([]byte, error) {
	return json.Marshal(proposalJSON{
		To: p.To.Hex(), Value: p.Value, Data: p.Data, Operation: p.Operation, SafeTxGas: p.SafeTxGas, BaseGas: p.BaseGas,
		GasPrice: p.GasPrice, GasToken: p.GasToken.Hex(), RefundReceiver: p.RefundReceiver.Hex(), Nonce: p.Nonce,
		ContractTransactionHash: p.ContractTransactionHash, Sender: p.Sender.Hex(), Signature: p.Signature, Origin: p.Origin,
	})
}

// NewProposal builds the proposal of t with its hash and the sender's
// signature.
func NewProposal(t Tx, safeTxHash common.Hash, sig Signature, origin string) Proposal {
	p := Proposal{
		To: t.To, Value: t.Value.String(), Operation: t.Operation, SafeTxGas: t.SafeTxGas.String(),
		BaseGas: t.BaseGas.String(), GasPrice: t.GasPrice.String(), GasToken: t.GasToken, RefundReceiver: t.RefundReceiver,
		Nonce: t.Nonce.Uint64(), ContractTransactionHash: safeTxHash, Sender: sig.Owner, Signature: sig.Bytes, Origin: origin,
	}
	if len(t.Data) > 0 {
		d := hexutil.Bytes(t.Data)
		p.Data = &d
	}
	return p
}

// ServiceError is a refusal of the Safe Transaction Service.
type ServiceError struct {
	Status int
	Body   string
}

func (e *ServiceError) Error() string {
	hint := ""
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		hint = " (the service wants an API key: set the executor's service_api_key, e.g. env:SAFE_API_KEY)"
	}
	return fmt.Sprintf("Safe Transaction Service answered HTTP %d: %s%s", e.Status, e.Body, hint)
}

// Service is a client of a Safe Transaction Service. It retries what the
// service asks to retry (HTTP 429 with Retry-After, 5xx, transport
// failures): the public service rate-limits to about 5 requests a second
// without an API key.
type Service struct {
	base     string
	hc       *http.Client
	apiKey   string
	attempts int
	backoff  time.Duration
}

// ServiceOption configures a Service.
type ServiceOption func(*Service)

// WithAPIKey sends key as "Authorization: Bearer key", as Safe's hosted
// service (api.safe.global) requires for production use. The key is never
// logged nor put in errors.
func WithAPIKey(key string) ServiceOption {
	return func(s *Service) { s.apiKey = strings.TrimSpace(key) }
}

// NewService returns a client of the service at baseURL (e.g.
// https://api.safe.global/tx-service/eth, or a self-hosted service); a
// legacy hosted URL (https://safe-transaction-mainnet.safe.global) is
// moved to the current host (see CurrentServiceURL). hc nil uses a client
// with a 15 s timeout.
func NewService(baseURL string, hc *http.Client, opts ...ServiceOption) *Service {
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	s := &Service{base: CurrentServiceURL(strings.TrimRight(baseURL, "/")), hc: hc, attempts: 5, backoff: 300 * time.Millisecond}
	for _, o := range opts {
		o(s)
	}
	return s
}

// HostedServiceURL is the base of Safe's hosted Transaction Service; a
// chain's service is HostedServiceURL + "/" + its EIP-3770 short name.
const HostedServiceURL = "https://api.safe.global/tx-service"

// legacyHosts maps the network part of the legacy hosted URLs
// (https://safe-transaction-NETWORK.safe.global) to the chain's EIP-3770
// short name on the current host.
var legacyHosts = map[string]string{
	"mainnet": "eth", "optimism": "oeth", "bsc": "bnb", "gnosis-chain": "gno", "polygon": "pol", "base": "base",
	"arbitrum": "arb1", "avalanche": "avax", "sepolia": "sep", "linea": "linea", "zksync": "zksync",
	"base-sepolia": "basesep", "celo": "celo", "scroll": "scr", "aurora": "aurora", "polygon-zkevm": "zkevm",
}

// CurrentServiceURL moves a legacy hosted service URL to the current host
// (https://safe-transaction-mainnet.safe.global becomes
// https://api.safe.global/tx-service/eth): the legacy hosts redirect, and
// a redirect to another host drops the Authorization header. Other URLs
// are returned unchanged.
func CurrentServiceURL(u string) string {
	rest, ok := strings.CutPrefix(u, "https://safe-transaction-")
	if !ok {
		return u
	}
	network, ok := strings.CutSuffix(rest, ".safe.global")
	if !ok {
		return u
	}
	if short, ok := legacyHosts[network]; ok {
		return HostedServiceURL + "/" + short
	}
	return u
}

// URL is the service's base URL.
func (s *Service) URL() string { return s.base }

// Propose posts p for the Safe at safe.
func (s *Service) Propose(ctx context.Context, safe common.Address, p Proposal) error {
	body, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode proposal: %w", err)
	}
	url := fmt.Sprintf("%s/api/v1/safes/%s/multisig-transactions/", s.base, safe.Hex())
	wait := s.backoff
	var last error
	for attempt := 1; attempt <= s.attempts; attempt++ {
		retryAfter, err := s.post(ctx, url, body)
		if err == nil {
			return nil
		}
		last = err
		var se *ServiceError
		if errors.As(err, &se) && se.Status != http.StatusTooManyRequests && se.Status < 500 {
			return err
		}
		d := max(wait, retryAfter)
		select {
		case <-ctx.Done():
			return fmt.Errorf("propose to %s: %w (last: %w)", s.base, ctx.Err(), last)
		case <-time.After(d):
		}
		wait *= 2
	}
	return fmt.Errorf("propose to %s: %d attempts failed, last: %w", s.base, s.attempts, last)
}

func (s *Service) post(ctx context.Context, url string, body []byte) (time.Duration, error) {
	_, ra, err := s.do(ctx, http.MethodPost, url, body)
	return ra, err
}

// do sends one request and returns the body of a 200 or 201 answer, or the
// Retry-After asked and the refusal.
func (s *Service) do(ctx context.Context, method, url string, body []byte) ([]byte, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if s.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+s.apiKey)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
		return b, 0, nil
	}
	var ra time.Duration
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
		ra = time.Duration(secs) * time.Second
	}
	if len(b) > 4096 {
		b = b[:4096]
	}
	return nil, ra, &ServiceError{Status: resp.StatusCode, Body: strings.TrimSpace(string(b))}
}

// Confirmation is one owner's signature of a transaction, as the service
// holds it.
type Confirmation struct {
	Owner         common.Address `json:"owner"`
	Signature     hexutil.Bytes  `json:"signature"`
	SignatureType string         `json:"signatureType,omitempty"`
}

// ErrNotOnService: the service does not know the transaction (no owner
// proposed it there).
var ErrNotOnService = errors.New("not on the Safe Transaction Service")

// Confirmations returns the owners' signatures the service holds for the
// transaction safeTxHash (GET /api/v1/multisig-transactions/{hash}/), or
// an error wrapping ErrNotOnService when it does not know it. It retries
// as Propose does.
func (s *Service) Confirmations(ctx context.Context, safeTxHash common.Hash) ([]Confirmation, error) {
	url := fmt.Sprintf("%s/api/v1/multisig-transactions/%s/", s.base, safeTxHash.Hex())
	wait := s.backoff
	var last error
	for attempt := 1; attempt <= s.attempts; attempt++ {
		body, retryAfter, err := s.do(ctx, http.MethodGet, url, nil)
		if err == nil {
			var tx struct {
				Confirmations []Confirmation `json:"confirmations"`
			}
			if err := json.Unmarshal(body, &tx); err != nil {
				return nil, fmt.Errorf("read %s: %w", url, err)
			}
			return tx.Confirmations, nil
		}
		last = err
		var se *ServiceError
		if errors.As(err, &se) && se.Status == http.StatusNotFound {
			return nil, fmt.Errorf("transaction %s: %w (%s)", safeTxHash.Hex(), ErrNotOnService, s.base)
		}
		if errors.As(err, &se) && se.Status != http.StatusTooManyRequests && se.Status < 500 {
			return nil, err
		}
		d := max(wait, retryAfter)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("read from %s: %w (last: %w)", s.base, ctx.Err(), last)
		case <-time.After(d):
		}
		wait *= 2
	}
	return nil, fmt.Errorf("read from %s: %d attempts failed, last: %w", s.base, s.attempts, last)
}
