package devnet

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// BenignUsers is the number of benign user accounts the devnet funds.
const BenignUsers = 5

// TestKeys are the devnet's deterministic private keys. They are derived from
// public strings, so anyone can recompute them: they are for the devnet only
// and must never hold value on a real network.
type TestKeys struct {
	// Deployer deploys the protocol and holds its admin role.
	Deployer *ecdsa.PrivateKey
	// Guardian holds PAUSER_ROLE directly (the "key" executor of a plan).
	Guardian *ecdsa.PrivateKey
	// SafeOwners are the three owners of the 2-of-3 Safe that holds PAUSER_ROLE.
	SafeOwners [3]*ecdsa.PrivateKey
	// Users are the benign users the traffic generator acts as.
	Users [BenignUsers]*ecdsa.PrivateKey
	// Attacker deploys and runs the attack contracts of the scenarios.
	Attacker *ecdsa.PrivateKey
}

// NewTestKeys derives the devnet's test keys. Each key is
// keccak256("breakglass devnet TEST ONLY key: " + role); the result is the
// same on every call and every machine.
func NewTestKeys() TestKeys {
	var k TestKeys
	k.Deployer = testKey("deployer")
	k.Guardian = testKey("guardian")
	for i := range k.SafeOwners {
		k.SafeOwners[i] = testKey(fmt.Sprintf("safe-owner-%d", i+1))
	}
	for i := range k.Users {
		k.Users[i] = testKey(fmt.Sprintf("user-%d", i+1))
	}
	k.Attacker = testKey("attacker")
	return k
}

func testKey(role string) *ecdsa.PrivateKey {
	seed := crypto.Keccak256([]byte("breakglass devnet TEST ONLY key: " + role))
	key, err := crypto.ToECDSA(seed)
	if err != nil {
		// A keccak output is a valid secp256k1 scalar with overwhelming
		// probability; the seeds above are fixed and known to be valid.
		panic(fmt.Sprintf("devnet test key %s: %v", role, err))
	}
	return key
}

// NamedKey is one test key with its role, for printing.
type NamedKey struct {
	Role    string
	Address common.Address
	Key     *ecdsa.PrivateKey
}

// All returns every key with its role name, in a stable order.
func (k TestKeys) All() []NamedKey {
	out := []NamedKey{
		named("deployer", k.Deployer),
		named("guardian", k.Guardian),
	}
	for i, key := range k.SafeOwners {
		out = append(out, named(fmt.Sprintf("safe-owner-%d", i+1), key))
	}
	for i, key := range k.Users {
		out = append(out, named(fmt.Sprintf("user-%d", i+1), key))
	}
	return append(out, named("attacker", k.Attacker))
}

func named(role string, key *ecdsa.PrivateKey) NamedKey {
	return NamedKey{Role: role, Address: crypto.PubkeyToAddress(key.PublicKey), Key: key}
}

// Address returns the address of key.
func Address(key *ecdsa.PrivateKey) common.Address {
	return crypto.PubkeyToAddress(key.PublicKey)
}
