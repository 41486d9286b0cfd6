// Package recovery makes people whole after an incident: it reads balances
// at a block (snapshots), turns losses into compensation amounts under a
// policy (full, pro-rata under a budget, capped per account), and builds the
// Merkle distribution of those amounts in OpenZeppelin's StandardMerkleTree
// format, so that @openzeppelin/merkle-tree loads it and OpenZeppelin's
// MerkleProof verifies its proofs on-chain.
//
// All amounts are exact integers in the token's base unit (*big.Int); no
// floating point is used anywhere.
package recovery
