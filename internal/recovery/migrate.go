package recovery

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// Migration is the state a replacement token needs: every holder's balance
// at a block before the exploit, the attackers left out, and the Merkle tree
// of those balances (for a claim-based migration).
type Migration struct {
	// Snapshot is where the balances come from.
	Snapshot *Snapshot
	// Balances are the holders kept and their balanceOf at the block, by
	// address, none zero.
	Balances []Claim
	// Excluded are the holders left out (the attackers) with their balances.
	Excluded []Holder
	// Total is the sum of Balances.
	Total *big.Int
	// Tree is the Merkle distribution of Balances.
	Tree *MerkleTree
}

// NewMigration builds the migration state from a snapshot: the balanceOf of
// every holder at the snapshot's block, minus the excluded accounts. Holders
// whose Transfer logs disagree with balanceOf keep their balanceOf (what the
// token itself reported); the snapshot's Mismatches list them for review.
func NewMigration(s *Snapshot, exclude []common.Address) (*Migration, error) {
	excluded := make(map[common.Address]bool, len(exclude))
	for _, a := range exclude {
		excluded[a] = true
	}
	m := &Migration{Snapshot: s, Total: new(big.Int)}
	for _, h := range s.Holders {
		if excluded[h.Address] {
			m.Excluded = append(m.Excluded, h)
			continue
		}
		if h.Balance.Sign() == 0 {
			continue
		}
		m.Balances = append(m.Balances, Claim{Account: h.Address, Amount: new(big.Int).Set(h.Balance)})
		m.Total.Add(m.Total, h.Balance)
	}
	if len(m.Balances) == 0 {
		return nil, errors.New("no balances to migrate: every holder is excluded or empty")
	}
	tree, err := NewMerkleTree(m.Balances)
	if err != nil {
		return nil, err
	}
	m.Tree = tree
	return m, nil
}

type migrationJSON struct {
	Token       common.Address `json:"token"`
	Block       uint64         `json:"block"`
	BlockHash   common.Hash    `json:"block_hash"`
	Root        common.Hash    `json:"root"`
	Holders     int            `json:"holder_count"`
	Total       string         `json:"total"`
	TotalSupply string         `json:"total_supply,omitempty"`
	Balances    []balanceJSON  `json:"balances"`
	Excluded    []balanceJSON  `json:"excluded"`
	Mismatches  []holderJSON   `json:"mismatches"`
}

type balanceJSON struct {
	Address common.Address `json:"address"`
	Balance string         `json:"balance"`
}

// MarshalJSON writes the migration: token, block, Merkle root, balances
// (decimal strings), the excluded holders, and the holders whose Transfer
// logs disagreed with balanceOf.
func (m *Migration) MarshalJSON() ([]byte, error) {
	j := migrationJSON{
		Token: m.Snapshot.Token, Block: m.Snapshot.Block, BlockHash: m.Snapshot.BlockHash,
		Root: m.Tree.Root(), Holders: len(m.Balances), Total: m.Total.String(),
		Balances: make([]balanceJSON, 0, len(m.Balances)), Excluded: []balanceJSON{}, Mismatches: []holderJSON{},
	}
	if m.Snapshot.TotalSupply != nil {
		j.TotalSupply = m.Snapshot.TotalSupply.String()
	}
	for _, b := range m.Balances {
		j.Balances = append(j.Balances, balanceJSON{Address: b.Account, Balance: b.Amount.String()})
	}
	for _, h := range m.Excluded {
		j.Excluded = append(j.Excluded, balanceJSON{Address: h.Address, Balance: h.Balance.String()})
	}
	for _, h := range m.Snapshot.Mismatches() {
		j.Mismatches = append(j.Mismatches, toHolderJSON(h))
	}
	return json.MarshalIndent(j, "", "  ")
}

// WriteCSV writes the balances as CSV with the header address,balance.
func (m *Migration) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"address", "balance"}); err != nil {
		return err
	}
	for _, b := range m.Balances {
		if err := cw.Write([]string{b.Account.Hex(), b.Amount.String()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
