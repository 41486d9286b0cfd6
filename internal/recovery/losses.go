package recovery

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// LossSet is the losses read from one source, in one token.
type LossSet struct {
	// Token is the token of the losses, when the source names it (analysis
	// output and snapshots do, a losses CSV does not).
	Token *common.Address
	// Losses are the per-account losses, as read (not yet merged).
	Losses []Loss
	// Attackers are the accounts the source names as attackers; their
	// balance changes are not counted as losses. Exclude them from the
	// compensation too.
	Attackers []common.Address
}

// ParseLosses reads losses from a file's contents, recognising the format:
// the JSON of `breakglass analyze tx --json` (per-account losses are its
// balance_changes with a negative delta in one token, attackers left out;
// token picks the token when there are several; ERC-721/1155 changes, which
// carry a token_id, are not fungible and are left out), or a CSV with the header
// address,amount (amounts in base units). name is used in error messages,
// which point at FILE:LINE for CSV. A snapshot is refused here: losses from
// snapshots are a difference of two, see SnapshotLosses.
func ParseLosses(name string, data []byte, token *common.Address) (LossSet, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return LossSet{}, fmt.Errorf("%s: empty file", name)
	}
	if trimmed[0] == '{' {
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &probe); err != nil {
			return LossSet{}, fmt.Errorf("%s: %w", name, err)
		}
		if _, ok := probe["holders"]; ok {
			return LossSet{}, fmt.Errorf("%s: this is a balance snapshot; losses from snapshots are pre-incident minus post-incident: pass the post-incident snapshot too (--after FILE)", name)
		}
		if _, ok := probe["balance_changes"]; !ok {
			return LossSet{}, fmt.Errorf("%s: JSON without balance_changes: want the output of 'breakglass analyze tx --json'", name)
		}
		return parseAnalysisLosses(name, trimmed, token)
	}
	ls, err := parseLossesCSV(name, data)
	if err != nil {
		return LossSet{}, err
	}
	if token != nil {
		ls.Token = token
	}
	return ls, nil
}

// parseLossesCSV reads a CSV with the header address,amount.
func parseLossesCSV(name string, data []byte) (LossSet, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return LossSet{}, csvError(name, err)
	}
	if got := strings.ToLower(strings.TrimSpace(strings.Join(header, ","))); got != "address,amount" {
		if strings.HasPrefix(got, "address,balance") {
			return LossSet{}, fmt.Errorf("%s:1: this is a balance snapshot; losses from snapshots are pre-incident minus post-incident: pass the post-incident snapshot too (--after FILE)", name)
		}
		return LossSet{}, fmt.Errorf("%s:1: header %q: want address,amount", name, strings.Join(header, ","))
	}
	var ls LossSet
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return LossSet{}, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != 2 {
			return LossSet{}, fmt.Errorf("%s:%d: want 2 fields (address,amount), got %d", name, line, len(rec))
		}
		a, err := parseAddress(strings.TrimSpace(rec[0]))
		if err != nil {
			return LossSet{}, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		amount, err := parseAmount(strings.TrimSpace(rec[1]))
		if err != nil {
			return LossSet{}, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		ls.Losses = append(ls.Losses, Loss{Account: a, Amount: amount})
	}
	if len(ls.Losses) == 0 {
		return LossSet{}, fmt.Errorf("%s: no rows after the header", name)
	}
	return ls, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
	}
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: empty file", name)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// analysis is the part of `analyze tx --json` output compensation reads.
type analysis struct {
	BalanceChanges []struct {
		Address string      `json:"address"`
		Token   string      `json:"token"`
		Delta   json.Number `json:"delta"`
		TokenID *string     `json:"token_id"`
	} `json:"balance_changes"`
	Attackers []json.RawMessage `json:"attackers"`
}

func parseAnalysisLosses(name string, data []byte, token *common.Address) (LossSet, error) {
	var a analysis
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&a); err != nil {
		return LossSet{}, fmt.Errorf("%s: %w", name, err)
	}
	var ls LossSet
	attackers := make(map[common.Address]bool)
	for i, raw := range a.Attackers {
		addr, err := attackerAddress(raw)
		if err != nil {
			return LossSet{}, fmt.Errorf("%s: attackers[%d]: %w", name, i, err)
		}
		attackers[addr] = true
		ls.Attackers = append(ls.Attackers, addr)
	}
	byToken := make(map[common.Address][]Loss)
	for i, bc := range a.BalanceChanges {
		if bc.TokenID != nil {
			continue // an ERC-721/1155 item: not a fungible amount
		}
		field := func(f string) string { return fmt.Sprintf("%s: balance_changes[%d].%s", name, i, f) }
		acct, err := parseAddress(bc.Address)
		if err != nil {
			return LossSet{}, fmt.Errorf("%s: %w", field("address"), err)
		}
		tok, err := parseAddress(bc.Token)
		if err != nil {
			return LossSet{}, fmt.Errorf("%s: %w", field("token"), err)
		}
		delta, err := parseSigned(bc.Delta.String())
		if err != nil {
			return LossSet{}, fmt.Errorf("%s: %w", field("delta"), err)
		}
		if delta.Sign() >= 0 || attackers[acct] {
			continue
		}
		byToken[tok] = append(byToken[tok], Loss{Account: acct, Amount: delta.Neg(delta)})
	}
	tokens := make([]string, 0, len(byToken))
	for t := range byToken {
		tokens = append(tokens, t.Hex())
	}
	slices.Sort(tokens)
	switch {
	case token != nil:
		if _, ok := byToken[*token]; !ok {
			return LossSet{}, fmt.Errorf("%s: no losses in token %s (losses are in: %s)", name, token.Hex(), orNone(tokens))
		}
		t := *token
		ls.Token = &t
	case len(byToken) == 0:
		return LossSet{}, fmt.Errorf("%s: no account other than the attackers lost anything", name)
	case len(byToken) > 1:
		return LossSet{}, fmt.Errorf("%s: losses in %d tokens (%s); choose one with --token ADDR", name, len(tokens), strings.Join(tokens, ", "))
	default:
		t := common.HexToAddress(tokens[0])
		ls.Token = &t
	}
	ls.Losses = byToken[*ls.Token]
	return ls, nil
}

// attackerAddress reads one entry of attackers: an address string, or an
// object with an "address" field.
func attackerAddress(raw json.RawMessage) (common.Address, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		var obj struct {
			Address string `json:"address"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil {
			return common.Address{}, fmt.Errorf("want an address or an object with an address, got %s", raw)
		}
		s = obj.Address
	}
	return parseAddress(s)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// SnapshotLosses is the loss of each account between two snapshots of the
// same token: its balance before the incident minus its balance after, where
// positive. Accounts whose balance grew or stayed are not losses. Balances
// are balanceOf at each block. A CSV snapshot names no token or block, so
// those checks apply only when both snapshots carry them.
func SnapshotLosses(pre, post *Snapshot) (LossSet, error) {
	var zero common.Address
	if pre.Token != zero && post.Token != zero && pre.Token != post.Token {
		return LossSet{}, fmt.Errorf("snapshots of different tokens: %s before, %s after", pre.Token.Hex(), post.Token.Hex())
	}
	if pre.Block != 0 && post.Block != 0 && pre.Block > post.Block {
		return LossSet{}, fmt.Errorf("the pre-incident snapshot (block %d) is later than the post-incident one (block %d); swap them", pre.Block, post.Block)
	}
	var ls LossSet
	if t := cmp.Or(pre.Token, post.Token); t != zero {
		ls.Token = &t
	}
	after := make(map[common.Address]*big.Int, len(post.Holders))
	for _, h := range post.Holders {
		after[h.Address] = h.Balance
	}
	for _, h := range pre.Holders {
		loss := new(big.Int).Set(h.Balance)
		if b, ok := after[h.Address]; ok {
			loss.Sub(loss, b)
		}
		if loss.Sign() > 0 {
			ls.Losses = append(ls.Losses, Loss{Account: h.Address, Amount: loss})
		}
	}
	return ls, nil
}

// ParseAddressList reads a list of addresses, one per line (as for
// --exclude). Blank lines and lines starting with # are skipped, and so is a
// header line "address"; anything after the first comma or space on a line is
// ignored, so a CSV whose first column is the address works too.
func ParseAddressList(name string, data []byte) ([]common.Address, error) {
	var out []common.Address
	s := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	for line := 1; s.Scan(); line++ {
		text := strings.TrimSpace(s.Text())
		if i := strings.IndexAny(text, ", \t"); i >= 0 {
			text = text[:i]
		}
		if text == "" || strings.HasPrefix(text, "#") || (line == 1 && strings.EqualFold(text, "address")) {
			continue
		}
		a, err := parseAddress(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		out = append(out, a)
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// parseAddress reads a 0x-prefixed 20-byte hex address. A mixed-case address
// must carry a valid EIP-55 checksum, so a mistyped character is caught.
func parseAddress(s string) (common.Address, error) {
	if len(s) != 42 || !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") || !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("address %q: want 0x and 40 hex digits", s)
	}
	a := common.HexToAddress(s)
	body := s[2:]
	if body != strings.ToLower(body) && body != strings.ToUpper(body) && a.Hex()[2:] != body {
		return common.Address{}, fmt.Errorf("address %q: bad EIP-55 checksum (want %s); check for a typo", s, a.Hex())
	}
	return a, nil
}

// ParseAmount reads an amount in base units: a non-negative decimal integer,
// digits only (no sign, decimal point, exponent or separators).
func ParseAmount(s string) (*big.Int, error) { return parseAmount(s) }

func parseAmount(s string) (*big.Int, error) {
	n, ok := parseDecimal(s)
	if !ok {
		return nil, fmt.Errorf("amount %q: want a non-negative integer in base units (digits only)", s)
	}
	return n, nil
}

// parseSigned reads a decimal integer with an optional sign.
func parseSigned(s string) (*big.Int, error) {
	neg := strings.HasPrefix(s, "-")
	n, ok := parseDecimal(strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+"))
	if !ok {
		return nil, fmt.Errorf("%q: want a decimal integer", s)
	}
	if neg {
		n.Neg(n)
	}
	return n, nil
}
