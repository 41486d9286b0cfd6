package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestContractsShareAnABIFile: contracts naming the same ABI file share
// its content and its parsed ABI (read and parsed once); another file is
// its own; the plan's hash still covers each contract's ABI.
func TestContractsShareAnABIFile(t *testing.T) {
	dir := t.TempDir()
	vault, err := os.ReadFile("testdata/abi/vault.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "abi"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.json", "b.json"} {
		if err := os.WriteFile(filepath.Join(dir, "abi", name), vault, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := `version: 1
networks:
  - {name: main, chain_id: 1, rpc: ["http://127.0.0.1:8545"]}
contracts:
  - {name: v1, network: main, address: "0x0000000000000000000000000000000000000001", abi: abi/a.json}
  - {name: v2, network: main, address: "0x0000000000000000000000000000000000000002", abi: abi/a.json}
  - {name: v3, network: main, address: "0x0000000000000000000000000000000000000003", abi: ./abi/a.json}
  - {name: v4, network: main, address: "0x0000000000000000000000000000000000000004", abi: abi/b.json}
people:
  - {name: alice, contacts: {email: alice@example.org}}
roles:
  incident_commander: {primary: alice}
severities:
  - {name: high, page: [incident_commander]}
detectors:
  - {name: d, kind: event, contract: v2, signature: "Withdraw(address,uint256)", severity: high}
`
	path := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	abis := make([]*ABI, len(p.Contracts))
	for i, c := range p.Contracts {
		if c.ABI == nil || len(c.ABI.Parsed.Events) == 0 || !bytes.Equal(c.ABI.data, vault) {
			t.Fatalf("contract %s: ABI not read: %+v", c.Name, c.ABI)
		}
		abis[i] = c.ABI
	}
	same := func(a, b *ABI) bool {
		return reflect.ValueOf(a.Parsed.Events).Pointer() == reflect.ValueOf(b.Parsed.Events).Pointer() &&
			&a.data[0] == &b.data[0]
	}
	if !same(abis[0], abis[1]) || !same(abis[0], abis[2]) {
		t.Error("contracts naming abi/a.json do not share it")
	}
	if same(abis[0], abis[3]) {
		t.Error("abi/b.json shares abi/a.json's")
	}
	if abis[1].Path != "abi/a.json" || abis[2].Path != "./abi/a.json" {
		t.Errorf("paths %q, %q: want each as written", abis[1].Path, abis[2].Path)
	}
}
