package recovery

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// Snapshot is the holders of a token and their balances at one block.
type Snapshot struct {
	// Token is the ERC-20 contract.
	Token common.Address
	// Block and BlockHash are the block the balances are read at.
	Block     uint64
	BlockHash common.Hash
	// FromBlock is the first block whose Transfer logs were read.
	FromBlock uint64
	// Holders are the accounts with a non-zero balance (by balanceOf or by
	// their transfers), sorted by address.
	Holders []Holder
	// Logs is the number of Transfer logs read.
	Logs int
	// TotalSupply is totalSupply() at the block; nil when unknown (a CSV
	// snapshot). When it differs from Total, some holders were not seen in
	// the Transfer logs.
	TotalSupply *big.Int
}

// Holder is one account's balance at the snapshot's block.
type Holder struct {
	Address common.Address
	// Balance is balanceOf(account) at the block: what the token says.
	Balance *big.Int
	// TransferBalance is the sum of the account's Transfer logs up to the
	// block. It differs from Balance for rebasing and fee-on-transfer tokens,
	// and when transfers were missed (FromBlock after the token's first
	// transfer).
	TransferBalance *big.Int
}

// Mismatch reports whether the holder's Transfer logs disagree with balanceOf.
func (h Holder) Mismatch() bool { return h.Balance.Cmp(h.TransferBalance) != 0 }

// Total is the sum of the holders' balances (balanceOf).
func (s *Snapshot) Total() *big.Int {
	t := new(big.Int)
	for _, h := range s.Holders {
		t.Add(t, h.Balance)
	}
	return t
}

// Mismatches are the holders whose Transfer logs disagree with balanceOf.
func (s *Snapshot) Mismatches() []Holder {
	var out []Holder
	for _, h := range s.Holders {
		if h.Mismatch() {
			out = append(out, h)
		}
	}
	return out
}

// snapshotJSON is the --json form of a snapshot. Amounts are decimal strings.
type snapshotJSON struct {
	Token      common.Address `json:"token"`
	Block      uint64         `json:"block"`
	BlockHash  common.Hash    `json:"block_hash"`
	FromBlock  uint64         `json:"from_block"`
	Logs       int            `json:"logs"`
	HolderN    int            `json:"holder_count"`
	Total      string         `json:"total"`
	Supply     string         `json:"total_supply,omitempty"`
	Holders    []holderJSON   `json:"holders"`
	Mismatches []holderJSON   `json:"mismatches"`
}

type holderJSON struct {
	Address         common.Address `json:"address"`
	Balance         string         `json:"balance"`
	TransferBalance string         `json:"transfer_balance"`
	Difference      string         `json:"difference,omitempty"`
}

func toHolderJSON(h Holder) holderJSON {
	j := holderJSON{Address: h.Address, Balance: h.Balance.String(), TransferBalance: h.TransferBalance.String()}
	if h.Mismatch() {
		j.Difference = new(big.Int).Sub(h.Balance, h.TransferBalance).String()
	}
	return j
}

// MarshalJSON writes the snapshot with amounts as decimal strings and its
// mismatches listed apart (balance − transfer_balance as difference).
func (s *Snapshot) MarshalJSON() ([]byte, error) {
	j := snapshotJSON{
		Token: s.Token, Block: s.Block, BlockHash: s.BlockHash, FromBlock: s.FromBlock,
		Logs: s.Logs, HolderN: len(s.Holders), Total: s.Total().String(),
		Holders: make([]holderJSON, 0, len(s.Holders)), Mismatches: []holderJSON{},
	}
	if s.TotalSupply != nil {
		j.Supply = s.TotalSupply.String()
	}
	for _, h := range s.Holders {
		hj := toHolderJSON(h)
		j.Holders = append(j.Holders, hj)
		if h.Mismatch() {
			j.Mismatches = append(j.Mismatches, hj)
		}
	}
	return json.MarshalIndent(j, "", "  ")
}

// WriteCSV writes the holders as CSV with the header
// address,balance,transfer_balance.
func (s *Snapshot) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"address", "balance", "transfer_balance"}); err != nil {
		return err
	}
	for _, h := range s.Holders {
		if err := cw.Write([]string{h.Address.Hex(), h.Balance.String(), h.TransferBalance.String()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ParseSnapshot reads a snapshot written by `breakglass snapshot`, as JSON
// or as CSV (header address,balance[,transfer_balance]). A CSV carries no
// token or block. name is used in error messages.
func ParseSnapshot(name string, data []byte) (*Snapshot, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%s: empty file", name)
	}
	if trimmed[0] == '{' {
		return parseSnapshotJSON(name, trimmed)
	}
	return parseSnapshotCSV(name, data)
}

func parseSnapshotJSON(name string, data []byte) (*Snapshot, error) {
	var j snapshotJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if j.Holders == nil {
		return nil, fmt.Errorf("%s: no holders field: want the output of 'breakglass snapshot --json'", name)
	}
	s := &Snapshot{Token: j.Token, Block: j.Block, BlockHash: j.BlockHash, FromBlock: j.FromBlock, Logs: j.Logs}
	if j.Supply != "" {
		supply, err := parseAmount(j.Supply)
		if err != nil {
			return nil, fmt.Errorf("%s: total_supply: %w", name, err)
		}
		s.TotalSupply = supply
	}
	for i, h := range j.Holders {
		bal, err := parseAmount(h.Balance)
		if err != nil {
			return nil, fmt.Errorf("%s: holders[%d].balance: %w", name, i, err)
		}
		tb := bal
		if h.TransferBalance != "" {
			if tb, err = parseSigned(h.TransferBalance); err != nil {
				return nil, fmt.Errorf("%s: holders[%d].transfer_balance: %w", name, i, err)
			}
		}
		s.Holders = append(s.Holders, Holder{Address: h.Address, Balance: bal, TransferBalance: tb})
	}
	return s, nil
}

func parseSnapshotCSV(name string, data []byte) (*Snapshot, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	h := strings.ToLower(strings.Join(header, ","))
	if h != "address,balance" && h != "address,balance,transfer_balance" {
		return nil, fmt.Errorf("%s:1: header %q: want address,balance[,transfer_balance]", name, strings.Join(header, ","))
	}
	s := &Snapshot{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%s:%d: want %d fields, got %d", name, line, len(header), len(rec))
		}
		a, err := parseAddress(strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		bal, err := parseAmount(strings.TrimSpace(rec[1]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: balance: %w", name, line, err)
		}
		tb := bal
		if len(rec) == 3 {
			if tb, err = parseSigned(strings.TrimSpace(rec[2])); err != nil {
				return nil, fmt.Errorf("%s:%d: transfer_balance: %w", name, line, err)
			}
		}
		s.Holders = append(s.Holders, Holder{Address: a, Balance: bal, TransferBalance: tb})
	}
	return s, nil
}
