package recovery_test

import (
	"fmt"
	"log"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/recovery"
)

// A distribution's claims become an OpenZeppelin StandardMerkleTree: its
// root goes on chain (MerkleClaim), each account gets its proof. The
// claims are those of OpenZeppelin's README vector (testdata/merkle), so
// the root is the one @openzeppelin/merkle-tree computes.
func ExampleNewMerkleTree() {
	eth := func(milli int64) *big.Int { return new(big.Int).Mul(big.NewInt(milli), big.NewInt(1e15)) }
	claims := []recovery.Claim{
		{Account: common.HexToAddress("0x1111111111111111111111111111111111111111"), Amount: eth(5_000)},
		{Account: common.HexToAddress("0x2222222222222222222222222222222222222222"), Amount: eth(2_500)},
	}
	tree, err := recovery.NewMerkleTree(claims)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("root", tree.Root().Hex())
	for i := range tree.Len() {
		c := tree.Claim(i)
		proof := tree.Proof(i)
		fmt.Println(c.Account.Hex(), c.Amount, "proof", len(proof), "verifies", recovery.VerifyProof(tree.Root(), c, proof))
	}
	// A claim for more than its leaf does not verify with its proof.
	more := recovery.Claim{Account: claims[1].Account, Amount: eth(25_000)}
	fmt.Println("inflated claim verifies", recovery.VerifyProof(tree.Root(), more, tree.Proof(1)))
	// Output:
	// root 0xd4dee0beab2d53f2cc83e567171bd2820e49898130a22622b10ead383e90bd77
	// 0x1111111111111111111111111111111111111111 5000000000000000000 proof 1 verifies true
	// 0x2222222222222222222222222222222222222222 2500000000000000000 proof 1 verifies true
	// inflated claim verifies false
}
