package recovery

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// ProofsCSVHeader is the header of the proofs CSV written by WriteProofsCSV.
var ProofsCSVHeader = []string{"index", "address", "amount", "root", "proof"}

// WriteProofsCSV writes one row per claim of t, in the order of the dump's
// values: index (the value's position in the dump), address (EIP-55),
// amount (decimal, base units), root (the same on every row, so each row is
// self-contained), and proof (the 0x-hex sibling hashes from leaf to root,
// separated by ';', empty for a one-claim tree) — the arguments of a
// claim(account, amount, proof) call.
func WriteProofsCSV(w io.Writer, t *MerkleTree) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ProofsCSVHeader); err != nil {
		return err
	}
	root := t.Root().Hex()
	var proof strings.Builder
	for i := range t.Len() {
		c := t.values[i]
		proof.Reset()
		for j, h := range t.Proof(i) {
			if j > 0 {
				proof.WriteByte(';')
			}
			proof.WriteString(h.Hex())
		}
		if err := cw.Write([]string{strconv.Itoa(i), c.Account.Hex(), c.Amount.String(), root, proof.String()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
