package devnet

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"text/template"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
)

// planTemplate is the plan WritePlan writes: the devnet's network, the demo
// protocol's contracts with their ABIs, the guardian key and the Safe as
// executors, a small team, and detectors for the three scenarios.
var planTemplate = template.Must(template.New("plan").Parse(`# breakglass incident response plan for the devnet, written by
# "breakglass devnet". Every key referenced here is a TEST ONLY key of the
# devnet (see keys/); never use them, or this file, on a real network.
#
# Check it:  breakglass plan check {{.PlanFile}}
# Run it:    breakglass run --plan {{.PlanFile}}
version: 1
name: breakglass devnet demo

networks:
  - name: devnet
    chain_id: {{.ChainID}}
    rpc:
      - {{.WSURL}}
      - {{.HTTPURL}}
    confirmations: 0
    poll_interval: 1s

contracts:
  - name: pool
    network: devnet
    address: "{{.D.Pool.Hex}}"
    abi: abi/LendingPool.json
    executor: guardian
    start_block: {{.D.Block}}
    actions:
      pause: pause()
      unpause: unpause()
      safe-pause:
        call: pause()
        executor: safe
  - name: dusd
    network: devnet
    address: "{{.D.Stable.Hex}}"
    abi: abi/StableToken.json
    start_block: {{.D.Block}}
  - name: dcol
    network: devnet
    address: "{{.D.Collateral.Hex}}"
    abi: abi/CollateralToken.json
    start_block: {{.D.Block}}
  - name: amm
    network: devnet
    address: "{{.D.AMM.Hex}}"
    abi: abi/SimpleAMM.json
    start_block: {{.D.Block}}
  - name: flash-lender
    network: devnet
    address: "{{.D.FlashLender.Hex}}"
    abi: abi/FlashLender.json
    start_block: {{.D.Block}}

executors:
  - name: guardian
    type: key
    network: devnet
    key: file:keys/guardian.key
  - name: safe
    type: safe
    network: devnet
    safe: "{{.D.Safe.Hex}}"
    owners: [file:keys/safe-owner-1.key, file:keys/safe-owner-2.key]
    threshold: {{.Threshold}}
    submitter: guardian

people:
  - name: alice
    contacts: {email: alice@example.org}
    signer: "{{(index .D.SafeOwners 0).Hex}}"
  - name: bob
    contacts: {email: bob@example.org}
    signer: "{{(index .D.SafeOwners 1).Hex}}"
  - name: carol
    contacts: {email: carol@example.org}
    signer: "{{(index .D.SafeOwners 2).Hex}}"

roles:
  incident_commander: {primary: alice, backups: [bob]}
  technical_lead: {primary: bob, backups: [alice]}
  communications_lead: {primary: carol}
  legal_lead: {primary: carol}
  scribe: {primary: bob}

severities:
  - name: critical
    description: Funds are being drained or can be drained now.
    ack_within: 5m
    page: [incident_commander, technical_lead]
    auto_contain: true
    requires_postmortem: true
  - name: high
    description: A likely attack or a dangerous change; no loss yet.
    ack_within: 15m
    page: [incident_commander]
    requires_postmortem: true
  - name: low
    description: Worth a look during working hours.
    page: [technical_lead]

detectors:
  # reentrancy: the pool's ETH is paid out again from a re-entered frame.
  - name: pool-reentrancy
    kind: heuristic
    heuristic: reentrancy
    contract: pool
    severity: critical
    incident_type: exploit
    response: [pause]
  - name: pool-eth-drained
    kind: balance
    contract: pool
    balance: {token: native, drop: 50%, window: 1}
    severity: critical
    incident_type: exploit
    response: [pause]
  # oracle: a flash loan moves the AMM price and the pool lends out its cash.
  - name: pool-flash-loan-outflow
    kind: heuristic
    heuristic: flash-loan-outflow
    contract: pool
    severity: critical
    incident_type: exploit
    response: [pause]
  - name: pool-large-borrow
    kind: event
    contract: pool
    signature: Borrow(address indexed user, uint256 amount, uint256 collateralValue)
    condition: amount > 100000 ether
    severity: critical
    incident_type: exploit
    response: [pause]
  - name: pool-dusd-drained
    kind: balance
    contract: pool
    balance: {token: dusd, drop: 50%, window: 1}
    severity: critical
    incident_type: exploit
    response: [pause]
  # access: the unprotected migrateReserves moves the pool's tokens.
  - name: pool-reserves-migrated
    kind: event
    contract: pool
    signature: ReservesMigrated(address indexed token, address indexed to, uint256 amount, address indexed caller)
    severity: critical
    incident_type: exploit
    response: [pause]
  - name: pool-insolvent
    kind: invariant
    contract: pool
    reads:
      solvent: {contract: pool, call: isSolvent()}
    condition: not solvent
    severity: critical
    incident_type: exploit
    response: [pause]

runbooks:
  - incident_type: exploit
    title: Active exploit of the lending pool
    steps:
      - {do: Confirm the alert is a real attack, owner: technical_lead, within: 5m}
      - {do: Pause the pool, owner: incident_commander, within: 10m, action: pool.pause}
      - {do: Post a first public status update, owner: communications_lead, within: 30m}
      - {do: Preserve evidence and start the post-mortem, owner: scribe, within: 1d}

policy:
  approvals:
    - actions: [unpause]
      count: 2
      roles: [incident_commander, technical_lead]
    - count: 1
      roles: [incident_commander, technical_lead]

api:
  listen: 127.0.0.1:8080
`))

// planABIs are the ABI files written next to the plan.
var planABIs = map[string]string{
	"LendingPool.json":     bindings.LendingPoolMetaData.ABI,
	"StableToken.json":     bindings.StableTokenMetaData.ABI,
	"CollateralToken.json": bindings.CollateralTokenMetaData.ABI,
	"SimpleAMM.json":       bindings.SimpleAMMMetaData.ABI,
	"FlashLender.json":     bindings.FlashLenderMetaData.ABI,
}

// WritePlan writes a ready plan file for this devnet at path, and next to
// it the ABIs it references (abi/*.json) and the TEST ONLY key files of the
// guardian and of two Safe owners (keys/*.key, mode 0600), which the plan
// names with file: references. Existing files are replaced.
func (d *Devnet) WritePlan(path string) error {
	dir := filepath.Dir(path)
	for _, sub := range []string{"abi", "keys"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("write plan %s: %w", path, err)
		}
	}
	for name, abiJSON := range planABIs {
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, []byte(abiJSON), "", "  "); err != nil {
			return fmt.Errorf("write plan %s: ABI %s: %w", path, name, err)
		}
		pretty.WriteByte('\n')
		if err := os.WriteFile(filepath.Join(dir, "abi", name), pretty.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write plan %s: %w", path, err)
		}
	}
	keys := map[string][]byte{
		"guardian.key":     crypto.FromECDSA(d.keys.Guardian),
		"safe-owner-1.key": crypto.FromECDSA(d.keys.SafeOwners[0]),
		"safe-owner-2.key": crypto.FromECDSA(d.keys.SafeOwners[1]),
	}
	for name, key := range keys {
		file := filepath.Join(dir, "keys", name)
		if err := os.WriteFile(file, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
			return fmt.Errorf("write plan %s: %w", path, err)
		}
		// WriteFile keeps the mode of a file that existed.
		if err := os.Chmod(file, 0o600); err != nil {
			return fmt.Errorf("write plan %s: %w", path, err)
		}
	}
	var buf bytes.Buffer
	err := planTemplate.Execute(&buf, map[string]any{
		"PlanFile":  filepath.Base(path),
		"ChainID":   ChainID,
		"HTTPURL":   d.HTTPURL(),
		"WSURL":     d.WSURL(),
		"D":         d.deploy,
		"Threshold": SafeThreshold,
	})
	if err != nil {
		return fmt.Errorf("write plan %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write plan %s: %w", path, err)
	}
	return nil
}
