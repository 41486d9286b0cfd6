package recovery

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// DumpFormat is the format tag of an OpenZeppelin StandardMerkleTree dump.
const DumpFormat = "standard-v1"

// LeafEncoding is the Solidity types of every leaf of a distribution tree,
// as written in the dump's leafEncoding field.
var LeafEncoding = []string{"address", "uint256"}

// leafArgs is the ABI encoder of a leaf. It is built once and never changed.
var leafArgs = func() abi.Arguments {
	args := make(abi.Arguments, len(LeafEncoding))
	for i, name := range LeafEncoding {
		t, err := abi.NewType(name, "", nil)
		if err != nil {
			panic(fmt.Sprintf("recovery: abi type %q: %v", name, err))
		}
		args[i] = abi.Argument{Type: t}
	}
	return args
}()

// maxUint256 is the largest amount a leaf can encode.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// Claim is one leaf of a distribution: an account and the exact amount, in
// the token's base unit, it may claim.
type Claim struct {
	Account common.Address
	Amount  *big.Int
}

// LeafHash is the leaf of c in a StandardMerkleTree with leaf encoding
// ["address","uint256"]: keccak256(keccak256(abi.encode(account, amount))).
// It is what OpenZeppelin's MerkleProof verifies on-chain.
func LeafHash(c Claim) (common.Hash, error) {
	return leafHashWith(crypto.NewKeccakState(), c)
}

// leafHashWith is LeafHash with a Keccak state the caller reuses.
func leafHashWith(k crypto.KeccakState, c Claim) (common.Hash, error) {
	if c.Amount == nil || c.Amount.Sign() < 0 || c.Amount.Cmp(maxUint256) > 0 {
		return common.Hash{}, fmt.Errorf("leaf %s: amount %v is not a uint256", c.Account.Hex(), c.Amount)
	}
	enc, err := leafArgs.Pack(c.Account, c.Amount)
	if err != nil {
		return common.Hash{}, fmt.Errorf("leaf %s: abi encode: %w", c.Account.Hex(), err)
	}
	var h common.Hash
	k.Reset()
	k.Write(enc)
	k.Read(h[:])
	k.Reset()
	k.Write(h[:])
	k.Read(h[:])
	return h, nil
}

// nodeHash is the hash of an internal node: keccak256 of its two children,
// the smaller first (OpenZeppelin's sorted-pair hashing).
func nodeHash(a, b common.Hash) common.Hash {
	return nodeHashWith(crypto.NewKeccakState(), a, b)
}

// nodeHashWith is nodeHash with a Keccak state the caller reuses.
func nodeHashWith(k crypto.KeccakState, a, b common.Hash) common.Hash {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	var h common.Hash
	k.Reset()
	k.Write(a[:])
	k.Write(b[:])
	k.Read(h[:])
	return h
}

// VerifyProof reports whether proof proves that claim c is a leaf of the
// tree with the given root, as OpenZeppelin's MerkleProof.verify does.
func VerifyProof(root common.Hash, c Claim, proof []common.Hash) bool {
	h, err := LeafHash(c)
	if err != nil {
		return false
	}
	for _, p := range proof {
		h = nodeHash(h, p)
	}
	return h == root
}

// MerkleTree is an OpenZeppelin StandardMerkleTree (@openzeppelin/merkle-tree
// v1) over claims: the same leaves, the same tree layout (a complete binary
// tree in an array, leaves sorted by hash), the same root and proofs, and the
// same standard-v1 dump, so that StandardMerkleTree.load() accepts what
// MarshalJSON writes and LoadMerkleTree accepts what dump() writes.
type MerkleTree struct {
	tree   []common.Hash
	values []Claim
	index  []int // index[i] is the position of values[i] in tree
}

// NewMerkleTree builds the tree of claims, keeping their order for the dump's
// values, as StandardMerkleTree.of(values, ["address","uint256"]) does. It
// needs at least one claim; every amount must fit in a uint256.
func NewMerkleTree(claims []Claim) (*MerkleTree, error) {
	if len(claims) == 0 {
		return nil, errors.New("merkle tree: no claims")
	}
	type hashed struct {
		hash  common.Hash
		value int
	}
	leaves := make([]hashed, len(claims))
	values := make([]Claim, len(claims))
	err := inChunks(len(claims), func(lo, hi int) error {
		k := crypto.NewKeccakState()
		for i := lo; i < hi; i++ {
			c := claims[i]
			h, err := leafHashWith(k, c)
			if err != nil {
				return fmt.Errorf("merkle tree: claim %d: %w", i, err)
			}
			leaves[i] = hashed{hash: h, value: i}
			values[i] = Claim{Account: c.Account, Amount: new(big.Int).Set(c.Amount)}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// OpenZeppelin sorts leaves by hash with a stable sort (sortLeaves: true):
	// equal leaves keep their input order.
	slices.SortFunc(leaves, func(a, b hashed) int {
		if c := bytes.Compare(a.hash[:], b.hash[:]); c != 0 {
			return c
		}
		return a.value - b.value
	})

	n := len(leaves)
	t := &MerkleTree{tree: make([]common.Hash, 2*n-1), values: values, index: make([]int, n)}
	for i, l := range leaves {
		pos := len(t.tree) - 1 - i
		t.tree[pos] = l.hash
		t.index[l.value] = pos
	}
	k := crypto.NewKeccakState()
	for i := len(t.tree) - 1 - n; i >= 0; i-- {
		t.tree[i] = nodeHashWith(k, t.tree[2*i+1], t.tree[2*i+2])
	}
	return t, nil
}

// inChunks calls f on [0,n) cut into one range per CPU, concurrently when n
// is large, and returns the error of the first range that failed.
func inChunks(n int, f func(lo, hi int) error) error {
	workers := runtime.GOMAXPROCS(0)
	if n < 4096 || workers == 1 {
		return f(0, n)
	}
	size := (n + workers - 1) / workers
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w*size < n; w++ {
		wg.Go(func() { errs[w] = f(w*size, min(n, (w+1)*size)) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Root is the Merkle root to set in the claim contract.
func (t *MerkleTree) Root() common.Hash { return t.tree[0] }

// Len is the number of claims (values) in the tree.
func (t *MerkleTree) Len() int { return len(t.values) }

// Claim returns the i-th claim, in the order the tree was built with.
func (t *MerkleTree) Claim(i int) Claim {
	c := t.values[i]
	return Claim{Account: c.Account, Amount: new(big.Int).Set(c.Amount)}
}

// Proof returns the proof of the i-th claim, leaf to root, as
// StandardMerkleTree.getProof(i) does.
func (t *MerkleTree) Proof(i int) []common.Hash {
	var proof []common.Hash
	for j := t.index[i]; j > 0; j = (j - 1) / 2 {
		sibling := j + 1
		if j%2 == 0 {
			sibling = j - 1
		}
		proof = append(proof, t.tree[sibling])
	}
	return proof
}

// dump is the JSON shape of a standard-v1 dump. Field order matches
// JSON.stringify(tree.dump()) of @openzeppelin/merkle-tree.
type dump struct {
	Format       string      `json:"format"`
	LeafEncoding []string    `json:"leafEncoding"`
	Tree         []string    `json:"tree"`
	Values       []dumpValue `json:"values"`
}

type dumpValue struct {
	Value     []json.RawMessage `json:"value"`
	TreeIndex int               `json:"treeIndex"`
}

// MarshalJSON writes the standard-v1 dump, byte for byte what
// JSON.stringify(StandardMerkleTree.of(values, ["address","uint256"]).dump())
// writes when each value is [checksummed address, decimal amount string].
func (t *MerkleTree) MarshalJSON() ([]byte, error) {
	// EIP-55 checksums cost a Keccak each: compute them on every CPU.
	accounts := make([]string, len(t.values))
	_ = inChunks(len(t.values), func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			accounts[i] = t.values[i].Account.Hex()
		}
		return nil
	})
	var b bytes.Buffer
	b.Grow(len(t.tree)*69 + len(t.values)*120 + 100)
	b.WriteString(`{"format":"` + DumpFormat + `","leafEncoding":["address","uint256"],"tree":[`)
	var hexHash [2 + 2*common.HashLength]byte
	copy(hexHash[:], "0x")
	for i, h := range t.tree {
		if i > 0 {
			b.WriteByte(',')
		}
		hex.Encode(hexHash[2:], h[:])
		b.WriteByte('"')
		b.Write(hexHash[:])
		b.WriteByte('"')
	}
	b.WriteString(`],"values":[`)
	var num []byte
	for i, v := range t.values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"value":["`)
		b.WriteString(accounts[i])
		b.WriteString(`","`)
		b.Write(v.Amount.Append(num[:0], 10))
		b.WriteString(`"],"treeIndex":`)
		b.Write(strconv.AppendInt(num[:0], int64(t.index[i]), 10))
		b.WriteByte('}')
	}
	b.WriteString(`]}`)
	return b.Bytes(), nil
}

// LoadMerkleTree reads a standard-v1 dump with leaf encoding
// ["address","uint256"] and validates it as StandardMerkleTree.load() does:
// every value hashes to the leaf at its treeIndex, and every internal node is
// the sorted-pair hash of its children. Amounts may be decimal or 0x-hex
// strings or JSON integers; addresses are 20-byte hex strings in any case.
func LoadMerkleTree(data []byte) (*MerkleTree, error) {
	var d dump
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("merkle dump: %w", err)
	}
	if d.Format != DumpFormat {
		return nil, fmt.Errorf("merkle dump: unknown format %q, want %q", d.Format, DumpFormat)
	}
	if !slices.Equal(d.LeafEncoding, LeafEncoding) {
		return nil, fmt.Errorf("merkle dump: leaf encoding %q, want %q", d.LeafEncoding, LeafEncoding)
	}
	if len(d.Tree) == 0 {
		return nil, errors.New("merkle dump: empty tree")
	}
	if len(d.Values) == 0 {
		return nil, errors.New("merkle dump: no values")
	}
	t := &MerkleTree{
		tree:   make([]common.Hash, len(d.Tree)),
		values: make([]Claim, len(d.Values)),
		index:  make([]int, len(d.Values)),
	}
	for i, s := range d.Tree {
		b, err := hexutil.Decode(s)
		if err != nil || len(b) != common.HashLength {
			return nil, fmt.Errorf("merkle dump: tree[%d] %q is not a 32-byte 0x-hex string", i, s)
		}
		t.tree[i] = common.BytesToHash(b)
	}
	for i := range t.tree {
		l, r := 2*i+1, 2*i+2
		if r >= len(t.tree) {
			if l < len(t.tree) {
				return nil, fmt.Errorf("merkle dump: tree[%d] has one child; the tree is not complete", i)
			}
			continue
		}
		if nodeHash(t.tree[l], t.tree[r]) != t.tree[i] {
			return nil, fmt.Errorf("merkle dump: tree[%d] is not the hash of its children; the tree is invalid", i)
		}
	}
	firstLeaf := len(t.tree) / 2
	for i, v := range d.Values {
		c, err := parseDumpValue(v.Value)
		if err != nil {
			return nil, fmt.Errorf("merkle dump: values[%d]: %w", i, err)
		}
		if v.TreeIndex < firstLeaf || v.TreeIndex >= len(t.tree) {
			return nil, fmt.Errorf("merkle dump: values[%d]: treeIndex %d is not a leaf of a tree of %d nodes", i, v.TreeIndex, len(t.tree))
		}
		h, err := LeafHash(c)
		if err != nil {
			return nil, fmt.Errorf("merkle dump: values[%d]: %w", i, err)
		}
		if h != t.tree[v.TreeIndex] {
			return nil, fmt.Errorf("merkle dump: values[%d] (%s, %s) does not hash to tree[%d]", i, c.Account.Hex(), c.Amount, v.TreeIndex)
		}
		t.values[i] = c
		t.index[i] = v.TreeIndex
	}
	return t, nil
}

// parseDumpValue reads one [address, amount] value of a dump.
func parseDumpValue(raw []json.RawMessage) (Claim, error) {
	if len(raw) != 2 {
		return Claim{}, fmt.Errorf("want [address, amount], got %d fields", len(raw))
	}
	var addr string
	if err := json.Unmarshal(raw[0], &addr); err != nil || !common.IsHexAddress(addr) || !strings.HasPrefix(strings.ToLower(addr), "0x") {
		return Claim{}, fmt.Errorf("address %s is not a 0x-hex address", raw[0])
	}
	var amount any
	dec := json.NewDecoder(bytes.NewReader(raw[1]))
	dec.UseNumber()
	if err := dec.Decode(&amount); err != nil {
		return Claim{}, fmt.Errorf("amount %s: %w", raw[1], err)
	}
	var s string
	switch a := amount.(type) {
	case string:
		s = a
	case json.Number:
		s = a.String()
	default:
		return Claim{}, fmt.Errorf("amount %s is not a string or an integer", raw[1])
	}
	var n *big.Int
	var ok bool
	if hex, isHex := strings.CutPrefix(s, "0x"); isHex {
		n, ok = new(big.Int).SetString(hex, 16)
	} else {
		n, ok = parseDecimal(s)
	}
	if !ok {
		return Claim{}, fmt.Errorf("amount %s is not an integer", raw[1])
	}
	return Claim{Account: common.HexToAddress(addr), Amount: n}, nil
}

// parseDecimal reads a non-negative decimal integer: digits only, no sign,
// no underscores, no exponent.
func parseDecimal(s string) (*big.Int, bool) {
	if s == "" {
		return nil, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return nil, false
		}
	}
	return new(big.Int).SetString(s, 10)
}
