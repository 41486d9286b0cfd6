package detect_test

import (
	"fmt"
	"log"
	"math/big"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// examplePlan watches a vault's Withdraw events for large amounts.
const examplePlan = `version: 1
name: example
networks:
  - name: devnet
    chain_id: 1337
    rpc: [http://127.0.0.1:8545]
contracts:
  - name: vault
    network: devnet
    address: "0x000000000000000000000000000000000000a001"
    abi: vault.json
people:
  - name: alice
    contacts: {email: alice@example.org}
roles:
  incident_commander: {primary: alice}
severities:
  - name: critical
detectors:
  - name: large-withdraw
    kind: event
    contract: vault
    signature: Withdraw(address indexed user, uint256 amount)
    condition: amount > 1000 ether
    severity: critical
`

// vaultABI is the ABI file the plan names.
const vaultABI = `[{"type":"event","name":"Withdraw","inputs":[
 {"name":"user","type":"address","indexed":true},
 {"name":"amount","type":"uint256","indexed":false}]}]`

// A plan is loaded from its file and compiled into an engine, which turns a
// block (here built by hand, as a follower would hand it over) into alerts.
func Example() {
	dir, err := os.MkdirTemp("", "detect-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(path, []byte(examplePlan), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "vault.json"), []byte(vaultABI), 0o644); err != nil {
		log.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	eng, err := detect.Compile(p, detect.ForNetwork("devnet"))
	if err != nil {
		log.Fatal(err)
	}

	// One block, two withdrawals from the vault: 5 ETH, then 5,000 ETH.
	vault := common.HexToAddress("0x000000000000000000000000000000000000a001")
	user := common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	withdraw := crypto.Keccak256Hash([]byte("Withdraw(address,uint256)"))
	b := &chain.Block{
		Network: "devnet",
		ChainID: big.NewInt(1337),
		Header:  &types.Header{Number: big.NewInt(100), Time: 1_700_000_000, Difficulty: new(big.Int)},
	}
	for i, amount := range []int64{5, 5_000} {
		tx := types.NewTx(&types.LegacyTx{Nonce: uint64(i), To: &vault, Gas: 100_000, GasPrice: big.NewInt(1e9)})
		wei := new(big.Int).Mul(big.NewInt(amount), big.NewInt(1e18))
		lg := &types.Log{
			Address: vault,
			Topics:  []common.Hash{withdraw, common.BytesToHash(user.Bytes())},
			Data:    common.LeftPadBytes(wei.Bytes(), 32),
			TxHash:  tx.Hash(), TxIndex: uint(i), Index: uint(i),
		}
		b.Transactions = append(b.Transactions, tx)
		b.Senders = append(b.Senders, user)
		b.Receipts = append(b.Receipts, &types.Receipt{
			Status: types.ReceiptStatusSuccessful, TxHash: tx.Hash(), TransactionIndex: uint(i), Logs: []*types.Log{lg},
		})
	}

	for _, a := range eng.Process(b, nil) {
		fmt.Println(a.Detector, a.Severity, a.ContractName, "tx", a.TxIndex, "amount", a.Fields["amount"])
	}
	// Output:
	// large-withdraw critical vault tx 1 amount 5000000000000000000000
}
