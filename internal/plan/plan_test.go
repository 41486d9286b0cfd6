package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"go.yaml.in/yaml/v3"

	"github.com/breakglass-dev/breakglass/internal/golden"
)

// base is a small valid plan; the table cases edit it.
const base = `version: 1
networks:
  - name: mainnet
    chain_id: 1
    rpc: [https://rpc.example.org, wss://ws.example.org]
contracts:
  - name: vault
    network: mainnet
    address: 0x5FbDB2315678afecb367f032d93F642f64180aa3
    abi: testdata/abi/vault.json
    executor: guardian
    actions:
      pause: pause()
      drain:
        call: withdraw(uint256)
        args: ["1000"]
executors:
  - name: guardian
    type: key
    key: env:GUARDIAN_KEY
people:
  - name: alice
    token: env:ALICE_TOKEN
  - name: bob
roles:
  incident_commander: {primary: alice, backups: [bob]}
severities:
  - name: critical
    ack_within: 5m
    page: [incident_commander, alice]
detectors:
  - name: big-withdrawal
    kind: event
    contract: vault
    signature: Withdraw(address indexed user, uint256 amount)
    condition: amount > 100 ether && user != 0x5FbDB2315678afecb367f032d93F642f64180aa3
    severity: critical
    response: [pause]
`

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		// edits are old→new replacements applied to base, in order; an
		// old of "" appends new.
		edits []string
		// want are the expected problems, "LINE:COL: message" each; none
		// means the plan is valid.
		want []string
	}{
		{name: "valid"},
		{name: "unknown top-level field", edits: []string{"", "detecters: []\n"},
			want: []string{`39:1: plan: unknown field "detecters"; did you mean "detectors"?`}},
		{name: "unknown nested field", edits: []string{"    ack_within: 5m", "    ack_whithin: 5m"},
			want: []string{`29:5: severities[0]: unknown field "ack_whithin"; did you mean "ack_within"?`}},
		{name: "unknown field, nothing close", edits: []string{"    ack_within: 5m", "    colour: red"},
			want: []string{`29:5: severities[0]: unknown field "colour"`}},
		{name: "missing version", edits: []string{"version: 1\n", ""},
			want: []string{`1:1: plan: missing required field "version"`}},
		{name: "wrong version", edits: []string{"version: 1", "version: 2"},
			want: []string{`1:10: version: unsupported plan version 2 (this breakglass reads version 1)`}},
		{name: "missing required nested", edits: []string{"    chain_id: 1\n", ""},
			want: []string{`3:5: networks[0]: missing required field "chain_id"`}},
		{name: "empty required string", edits: []string{"    network: mainnet", `    network: ""`},
			want: []string{`8:14: contracts[0].network: must not be empty`}},
		{name: "wrong type", edits: []string{"chain_id: 1", "chain_id: one"},
			want: []string{`4:15: networks[0].chain_id: want a non-negative integer, got "one"`}},
		{name: "want a list", edits: []string{"    page: [incident_commander, alice]", "    page: alice"},
			want: []string{`30:11: severities[0].page: want a list, got "alice"`}},
		{name: "address all lower case", edits: []string{"0x5FbDB2315678afecb367f032d93F642f64180aa3\n    abi", "0x5fbdb2315678afecb367f032d93f642f64180aa3\n    abi"}},
		{name: "address all upper case", edits: []string{"0x5FbDB2315678afecb367f032d93F642f64180aa3\n    abi", "0x5FBDB2315678AFECB367F032D93F642F64180AA3\n    abi"}},
		{name: "address bad checksum", edits: []string{"0x5FbDB2315678afecb367f032d93F642f64180aa3\n    abi", "0x5FbDB2315678afecb367f032d93F642f64180aA3\n    abi"},
			want: []string{`9:14: contracts[0].address: address 0x5FbDB2315678afecb367f032d93F642f64180aA3 has an invalid EIP-55 checksum; check it for a typo, or write it in lower case`}},
		{name: "address too short", edits: []string{"0x5FbDB2315678afecb367f032d93F642f64180aa3\n    abi", "0x5FbDB2315678\n    abi"},
			want: []string{`9:14: contracts[0].address: "0x5FbDB2315678" is not an address (want 0x followed by 40 hex digits)`}},
		{name: "zero address", edits: []string{"0x5FbDB2315678afecb367f032d93F642f64180aa3\n    abi", "0x0000000000000000000000000000000000000000\n    abi"},
			want: []string{`9:14: contracts[0].address: the zero address is not a contract`}},
		{name: "trace tuning", edits: []string{"    chain_id: 1\n", "    chain_id: 1\n    request_timeout: 30s\n    prefetch: 16\n    traces: {method: parity, timeout: 1m, all: true}\n"}},
		{name: "unknown trace method", edits: []string{"    chain_id: 1\n", "    chain_id: 1\n    traces: {method: trace_all}\n"},
			want: []string{`5:22: networks[0].traces.method: unknown trace method "trace_all" (want auto, parity, debug_transaction or debug_block)`}},
		{name: "duration in days", edits: []string{"ack_within: 5m", "ack_within: 1d12h"}},
		{name: "bad duration", edits: []string{"ack_within: 5m", "ack_within: 5 minutes"},
			want: []string{`29:17: severities[0].ack_within: duration "5 minutes": want a number and a unit (ms, s, m, h, d), e.g. 30m or 1d`}},
		{name: "negative duration", edits: []string{"ack_within: 5m", "ack_within: -5m"},
			want: []string{`29:17: severities[0].ack_within: duration "-5m" is negative`}},
		{name: "env ref without name", edits: []string{"key: env:GUARDIAN_KEY", `key: "env:"`},
			want: []string{`20:10: executors[0].key: env: reference: want env:NAME with NAME made of letters, digits and _`}},
		{name: "env ref bad name", edits: []string{"key: env:GUARDIAN_KEY", "key: env:1-KEY"},
			want: []string{`20:10: executors[0].key: env: reference: want env:NAME with NAME made of letters, digits and _`}},
		{name: "file ref without path", edits: []string{"token: env:ALICE_TOKEN", "token: 'file:'"},
			want: []string{`23:12: people[0].token: file: reference: want file:PATH`}},
		{name: "secret written in the plan", edits: []string{"key: env:GUARDIAN_KEY", "key: 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"},
			want: []string{`20:10: executors[0].key: not a secret reference: want env:NAME or file:PATH (never write a secret in the plan)`}},
		{name: "unknown network", edits: []string{"    network: mainnet", "    network: mainet"},
			want: []string{`8:14: contracts[0].network: unknown network "mainet"; did you mean "mainnet"?`}},
		{name: "unknown executor", edits: []string{"    executor: guardian", "    executor: gardian"},
			want: []string{`11:15: contracts[0].executor: unknown executor "gardian"; did you mean "guardian"?`}},
		{name: "action not in ABI", edits: []string{"pause: pause()", "pause: pause(uint256)"},
			want: []string{
				`13:14: contracts[0].actions.pause.call: function pause(uint256) is not in the ABI of contract "vault"; did you mean "pause()"?`,
			}},
		{name: "action bad argument", edits: []string{`args: ["1000"]`, `args: ["lots"]`},
			want: []string{`16:16: contracts[0].actions.drain.args[0]: want an integer for uint256, got "lots"`}},
		{name: "executor on another network", edits: []string{"    type: key\n", "    type: key\n    network: sepolia\n", "  - name: mainnet\n", "  - name: sepolia\n    chain_id: 11155111\n    rpc: [https://sepolia.example.org]\n  - name: mainnet\n"},
			want: []string{
				`16:7: contracts[0].actions.pause.executor: executor "guardian" is for network "sepolia", contract "vault" is on "mainnet"`,
				`17:7: contracts[0].actions.drain.executor: executor "guardian" is for network "sepolia", contract "vault" is on "mainnet"`,
			}},
		{name: "unknown severity", edits: []string{"    severity: critical", "    severity: critcal"},
			want: []string{`37:15: detectors[0].severity: unknown severity "critcal"; did you mean "critical"?`}},
		{name: "unknown page target", edits: []string{"page: [incident_commander, alice]", "page: [incident_commander, alcie]"},
			want: []string{`30:32: severities[0].page[1]: "alcie" is not a role, person or channel; did you mean "alice"?`}},
		{name: "unknown person in role", edits: []string{"backups: [bob]", "backups: [rob]"},
			want: []string{`26:50: roles.incident_commander.backups[0]: unknown person "rob"; did you mean "bob"?`}},
		{name: "missing incident commander", edits: []string{"  incident_commander:", "  technical_lead:", "[incident_commander, alice]", "[technical_lead, alice]"},
			want: []string{`26:3: roles: missing role "incident_commander": every incident needs a commander`}},
		{name: "role typo", edits: []string{"severities:\n", "  techincal_lead: {primary: bob}\n  signers: {primary: bob}\nseverities:\n"},
			want: []string{`27:3: roles.techincal_lead: unknown role "techincal_lead"; did you mean "technical_lead"? (other roles are allowed, but this looks like a typo)`}},
		{name: "duplicate name", edits: []string{"  - name: bob\n", "  - name: bob\n  - name: alice\n"},
			want: []string{`25:11: people[2].name: duplicate name "alice" (also people[0], line 22)`}},
		{name: "duplicate key", edits: []string{"    chain_id: 1\n", "    chain_id: 1\n    chain_id: 2\n"},
			want: []string{`5:5: networks[0]: duplicate key "chain_id" (first at line 4)`}},
		{name: "kind typo", edits: []string{"kind: event", "kind: evnt"},
			want: []string{`33:11: detectors[0].kind: unknown detector kind "evnt" (want event, function, transaction, balance, invariant, heuristic); did you mean "event"?`}},
		{name: "unknown contract", edits: []string{"    contract: vault", "    contract: vaultt"},
			want: []string{`34:15: detectors[0].contract: unknown contract "vaultt"; did you mean "vault"?`}},
		{name: "event not in ABI", edits: []string{"signature: Withdraw(address indexed user, uint256 amount)", "signature: Withdraw(address,uint128)"},
			want: []string{`35:16: detectors[0].signature: event Withdraw(address,uint128) is not in the ABI of contract "vault"; did you mean "Withdraw(address,uint256)"?`}},
		{name: "signature syntax", edits: []string{"signature: Withdraw(address indexed user, uint256 amount)", "signature: Withdraw(address,uint7)"},
			want: []string{`35:16: detectors[0].signature: signature "Withdraw(address,uint7)": parameter 2: type "uint7": integer size 7 is not a multiple of 8 from 8 to 256`}},
		{name: "condition syntax", edits: []string{"condition: amount > 100 ether &&", "condition: amount > (100 ether &&"},
			want: []string{`36:88: detectors[0].condition: syntax error: unexpected token EOF`}},
		{name: "quoted condition column", edits: []string{"condition: amount > 100 ether && user != 0x5FbDB2315678afecb367f032d93F642f64180aa3", `condition: "amount >> 2"`},
			want: []string{`36:25: detectors[0].condition: syntax error: unexpected token Operator(">")`}},
		{name: "unknown response", edits: []string{"response: [pause]", "response: [paus]"},
			want: []string{`38:16: detectors[0].response[0]: unknown action "paus"; did you mean "pause"?`}},
		{name: "threshold", edits: []string{"", "    threshold: {count: 0, window: 10m}\n"},
			want: []string{`39:24: detectors[0].threshold.count: count must be at least 1`}},
		{name: "signature on a transaction detector", edits: []string{"kind: event", "kind: transaction"},
			want: []string{`35:16: detectors[0].signature: signature applies only to event and function detectors`}},
		{name: "heuristic unknown", edits: []string{"", "  - {name: h, kind: heuristic, heuristic: reentrency, severity: critical}\n"},
			want: []string{`39:43: detectors[1].heuristic: unknown heuristic "reentrency" (want reentrancy, flash-loan-outflow, new-contract-extraction, privileged-change, tvl-outflow, intra-tx-price-swing); did you mean "reentrancy"?`}},
		{name: "invariant reads", edits: []string{"", `  - name: solvency
    kind: invariant
    reads:
      assets: {contract: vault, call: totalAssets()}
      other: {contract: vault, call: balanceOf(address), args: [vault]}
    condition: assets > 0
    severity: critical
`},
			want: []string{`43:38: detectors[1].reads.other.call: function balanceOf(address) is not in the ABI of contract "vault"`}},
		{name: "balance drop", edits: []string{"", "  - {name: b, kind: balance, contract: vault, balance: {token: native, drop: 150%}, severity: critical}\n"},
			want: []string{`39:78: detectors[1].balance.drop: drop "150%": want a percentage above 0 and at most 100, with at most two decimals`}},
		{name: "obligation rule typo and zone", edits: []string{"", "obligations:\n  - {rule: gpdr, timezone: Mars/Olympus, holidays: [2026-02-30]}\n"},
			want: []string{
				`40:12: obligations[0].rule: unknown obligation rule "gpdr" (want dora, nis2, gdpr, sec-8k, nydfs, mas, fincen-sar, ic3); did you mean "gdpr"?`,
				`40:28: obligations[0].timezone: unknown time zone "Mars/Olympus" (want an IANA name like Europe/Paris)`,
				`40:53: obligations[0].holidays[0]: date "2026-02-30": want YYYY-MM-DD`,
			}},
		{name: "runbook owner", edits: []string{"", "runbooks:\n  - incident_type: exploit\n    steps:\n      - {do: pause, owner: comander, action: vault.pause}\n"},
			want: []string{`42:28: runbooks[0].steps[0].owner: unknown role "comander"`}},
		{name: "approval for an action no contract has (copied from a pausable plan)", edits: []string{
			"    actions:\n      pause: pause()\n      drain:\n        call: withdraw(uint256)\n        args: [\"1000\"]\n", "",
			"    response: [pause]\n", "",
			"", "policy:\n  approvals:\n    - {actions: [unpause], count: 1, roles: [incident_commander]}\n"},
			want: []string{`35:18: policy.approvals[0].actions[0]: unknown action "unpause"`}},
		{name: "approval for an action of a contract without it", edits: []string{"", "policy:\n  approvals:\n    - {actions: [vault.unpause], count: 1, roles: [incident_commander]}\n"},
			want: []string{`41:18: policy.approvals[0].actions[0]: unknown action "vault.unpause"; did you mean "vault.pause"?`}},
		{name: "policy needs more approvers than exist", edits: []string{"", "policy:\n  approvals:\n    - {count: 3, roles: [incident_commander]}\n"},
			want: []string{`41:15: policy.approvals[0].count: needs 3 approvals but only 2 people hold roles incident_commander`}},
		{name: "channel type typo", edits: []string{"", "channels:\n  - {name: c, type: slak}\n"},
			want: []string{`40:21: channels[0].type: unknown channel type "slak" (want slack, discord, telegram, pagerduty, email, webhook); did you mean "slack"?`}},
		{name: "channel missing fields", edits: []string{"", "channels:\n  - {name: c, type: telegram, url: https://x.example}\n"},
			want: []string{
				`40:5: channels[0]: a telegram channel needs chat_id`,
				`40:5: channels[0]: a telegram channel needs token`,
				`40:36: channels[0].url: url does not apply to a telegram channel`,
			}},
		{name: "safe executor", edits: []string{"people:\n", "  - {name: council, type: safe, network: mainnet, safe: 0x5FbDB2315678afecb367f032d93F642f64180aa3, owners: [env:A], threshold: 2}\npeople:\n"},
			want: []string{
				`21:5: executors[1]: a safe executor needs submitter: the key executor that sends execTransaction`,
				`21:109: executors[1].owners: 1 owner key(s) held for a threshold of 2 and no service_url to propose to`,
			}},
		{name: "fees", edits: []string{"wss://ws.example.org]\n", "wss://ws.example.org]\n    fees: {max_priority_fee: 3 gwei, max_fee: 0.5 ether}\n"}},
		{name: "fees: priority fee above the cap", edits: []string{"wss://ws.example.org]\n", "wss://ws.example.org]\n    fees:\n      max_priority_fee: 30 gwei\n      max_fee: 20 gwei\n"},
			want: []string{`7:25: networks[0].fees.max_priority_fee: max_priority_fee 30 gwei is above max_fee 20 gwei: the priority fee is paid out of the fee cap; raise max_fee or lower max_priority_fee`}},
		{name: "fees: priority fee above the default cap", edits: []string{"wss://ws.example.org]\n", "wss://ws.example.org]\n    fees: {max_priority_fee: 600 gwei}\n"},
			want: []string{`6:30: networks[0].fees.max_priority_fee: max_priority_fee 600 gwei is above 500 gwei (the default max_fee): the priority fee is paid out of the fee cap; raise max_fee or lower max_priority_fee`}},
		{name: "fees: zero cap", edits: []string{"wss://ws.example.org]\n", "wss://ws.example.org]\n    fees: {max_fee: 0}\n"},
			want: []string{`6:21: networks[0].fees.max_fee: max_fee must be above 0: no containment transaction could be sent`}},
		{name: "mempool", edits: []string{"wss://ws.example.org]\n", "wss://ws.example.org]\n    mempool: {enabled: true, max_priority_fee: 50 gwei}\n"}},
		{name: "mempool: priority fee above the cap", edits: []string{"wss://ws.example.org]\n", "wss://ws.example.org]\n    mempool: {enabled: true, max_priority_fee: 600 gwei}\n"},
			want: []string{`6:48: networks[0].mempool.max_priority_fee: max_priority_fee 600 gwei is above 500 gwei (the default max_fee): the priority fee is paid out of the fee cap; raise fees.max_fee or lower mempool.max_priority_fee`}},
		{name: "mempool: unknown field", edits: []string{"wss://ws.example.org]\n", "wss://ws.example.org]\n    mempool: {enable: true}\n"},
			want: []string{`6:15: networks[0].mempool: unknown field "enable"; did you mean "enabled"?`}},
		{name: "fees: unit typo", edits: []string{"wss://ws.example.org]\n", "wss://ws.example.org]\n    fees: {max_priority_fee: 3 gwie}\n"},
			want: []string{`6:30: networks[0].fees.max_priority_fee: amount "3 gwie": unknown unit "gwie" (want wei, kwei, mwei, gwei, szabo, finney or ether)`}},
		{name: "rpc scheme", edits: []string{"wss://ws.example.org", "ftp://ws.example.org"},
			want: []string{`5:36: networks[0].rpc[1]: URL scheme "ftp" not allowed here (want http, https, ws, wss)`}},
		{name: "heartbeat", edits: []string{"", "heartbeat: {url: env:HC_URL, method: POST, every: 1m, stall_after: 5, max_lag: 3}\n", "wss://ws.example.org]\n", "wss://ws.example.org]\n    block_time: 2s\n"}},
		{name: "heartbeat: ws URL", edits: []string{"", "heartbeat: {url: wss://hc.example.org/ping}\n"},
			want: []string{`39:18: heartbeat.url: URL scheme "wss" not allowed here (want http, https)`}},
		{name: "heartbeat: method", edits: []string{"", "heartbeat: {url: https://hc.example.org/ping, method: PUT}\n"},
			want: []string{`39:55: heartbeat.method: method "PUT": want GET or POST`}},
		{name: "merge key", edits: []string{"  - name: mainnet\n    chain_id: 1\n", "  - &net\n    name: mainnet\n    chain_id: 1\n", "contracts:\n", "  - <<: *net\n    name: sepolia\n    chain_id: 11155111\ncontracts:\n"}},
		{name: "yaml syntax", edits: []string{"  - name: bob\n", "  - name: bob\n   oops: [\n"},
			want: []string{`21:1: YAML syntax: did not find expected '-' indicator`}}, // yaml.v3 gives the line of the enclosing block
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := base
			for i := 0; i+1 < len(tc.edits); i += 2 {
				old, repl := tc.edits[i], tc.edits[i+1]
				if old == "" {
					src += repl
					continue
				}
				if !strings.Contains(src, old) {
					t.Fatalf("edit %q does not apply", old)
				}
				src = strings.Replace(src, old, repl, 1)
			}
			t.Setenv("GUARDIAN_KEY", "not-used")
			_, err := Parse("plan.yaml", []byte(src))
			var got []string
			if err != nil {
				var ps Problems
				if !errors.As(err, &ps) {
					t.Fatalf("error is %T, want Problems: %v", err, err)
				}
				for _, p := range ps {
					got = append(got, strings.TrimPrefix(p.String(), "plan.yaml:"))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("problems:\n got: %s\nwant: %s\nplan:\n%s", strings.Join(got, "\n      "), strings.Join(tc.want, "\n      "), numbered(src))
			}
		})
	}
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%3d %s\n", i+1, l)
	}
	return b.String()
}

// TestTenMistakes checks that a plan with ten seeded mistakes of different
// kinds gives exactly ten FILE:LINE:COL lines, against a golden file.
func TestTenMistakes(t *testing.T) {
	_, err := Load("testdata/ten-mistakes.yaml")
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load: %v, want Problems", err)
	}
	got := err.Error() + "\n"
	golden.Check(t, "testdata/ten-mistakes.golden", []byte(got))
	if len(ps) != 10 {
		t.Errorf("%d problems, want 10", len(ps))
	}
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		if !strings.HasPrefix(line, "testdata/ten-mistakes.yaml:") || strings.Count(line, ":") < 4 {
			t.Errorf("not FILE:LINE:COL: message: %q", line)
		}
	}
	// The private key written by mistake must not be echoed.
	if strings.Contains(got, "4c0883a6910") {
		t.Error("the secret written in the plan appears in the problems")
	}
}

func TestScaffoldPasses(t *testing.T) {
	p, err := Parse("scaffold.yaml", Scaffold())
	if err != nil {
		t.Fatalf("scaffold has problems:\n%v", err)
	}
	if len(p.Detectors) == 0 || p.Contracts[0].ABI == nil || len(p.Contracts[0].ABI.Parsed.Events) == 0 {
		t.Fatalf("scaffold lacks detectors or its inline ABI")
	}
}

func TestLendingExample(t *testing.T) {
	p, err := Load("../../examples/lending/plan.yaml")
	if err != nil {
		t.Fatalf("lending example has problems:\n%v", err)
	}
	if len(p.Networks) != 2 || len(p.Detectors) < 10 {
		t.Fatalf("networks = %d, detectors = %d", len(p.Networks), len(p.Detectors))
	}
	pool := p.Contract("pool")
	if pool == nil || pool.ABI == nil || pool.ABI.Path != "abi/LendingPool.json" {
		t.Fatalf("pool contract or its artifact ABI missing: %+v", pool)
	}
	if _, ok := pool.ABI.Parsed.Events["LiquidationCall"]; !ok {
		t.Error("LendingPool artifact ABI not parsed")
	}
	if _, ok := p.Contract("usdc").ABI.Parsed.Methods["balanceOf"]; !ok {
		t.Error("plain ERC20 ABI not parsed")
	}
	c, a := p.Action("oracle", "pool.freeze-usdc")
	if c != pool || a == nil || a.Call != "setReserveFreeze(address,bool)" {
		t.Fatalf("Action(pool.freeze-usdc) = %v, %v", c, a)
	}
	if e := p.ActionExecutor(c, a); e == nil || e.Name != "council" || e.Type != ExecutorSafe {
		t.Errorf("freeze-usdc executor = %+v", e)
	}
	if !p.AutoContain(p.Detector("withdrawal-burst")) || p.AutoContain(p.Detector("oracle-price-jump")) {
		t.Error("AutoContain: severity default or detector override not honoured")
	}
	ev, err := p.Event(p.Detector("large-withdrawal"))
	if err != nil || ev.Sig != "Withdraw(address,address,address,uint256)" {
		t.Errorf("Event = %v, %v", ev.Sig, err)
	}
	m, data, err := p.Method(p.Detector("solvency").Reads["cash"])
	if err != nil || m.Sig != "balanceOf(address)" {
		t.Fatalf("Method = %v, %v", m.Sig, err)
	}
	// balanceOf(pool): selector 70a08231, then the pool's address.
	wantData := "70a08231000000000000000000000000" + strings.ToLower(pool.Address.Hex()[2:])
	if fmt.Sprintf("%x", data) != wantData {
		t.Errorf("read calldata = %x, want %s", data, wantData)
	}
	b := p.Detector("pool-usdc-drained").Balance
	if !b.Drop.IsRelative() || b.Drop.BasisPoints != 1500 || b.Window != 20 {
		t.Errorf("balance = %+v", b)
	}
	arb := p.Detector("arb-usdc-drained").Balance.Drop
	if want, _ := new(big.Int).SetString("250000000000000000000000", 10); arb.IsRelative() || arb.Amount.Cmp(want) != 0 {
		t.Errorf("absolute drop = %v", arb.Amount)
	}
	if got := time.Duration(p.Severity("critical").AckWithin); got != 5*time.Minute {
		t.Errorf("ack_within = %v", got)
	}
	if pos := p.Detector("solvency").Pos; pos.File != "../../examples/lending/plan.yaml" || pos.Line == 0 {
		t.Errorf("detector Pos = %v", pos)
	}
	if p.Detector("solvency").HoldsPos != p.Position("detectors[5].holds") || !p.Position("detectors[5].holds").IsValid() {
		t.Errorf("HoldsPos = %v, Position = %v", p.Detector("solvency").HoldsPos, p.Position("detectors[5].holds"))
	}
	if ws := p.Warnings(); ws != nil {
		t.Errorf("the lending example has warnings: %v", ws)
	}
	if len(p.Hash) != 64 {
		t.Errorf("Hash = %q", p.Hash)
	}
	if p.Incidents.GroupWindow != Duration(time.Hour) || p.Obligations[1].Name != "gdpr" {
		t.Errorf("defaults not applied: %+v %q", p.Incidents, p.Obligations[1].Name)
	}
}

// TestRoundTrip marshals a loaded plan back to YAML and loads it again: a
// plan built or edited in code can be written as a file.
func TestRoundTrip(t *testing.T) {
	p, err := Load("../../examples/lending/plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse("../../examples/lending/roundtrip.yaml", out)
	if err != nil {
		t.Fatalf("re-parse:\n%v\n%s", err, numbered(string(out)))
	}
	if len(q.Detectors) != len(p.Detectors) || q.Detectors[5].Condition != p.Detectors[5].Condition ||
		q.Executors[1].Owners[1].String() != "file:/run/secrets/council-owner-2" {
		t.Error("round trip lost data")
	}
}

func TestHashChangesWithABI(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(base, "testdata/abi/vault.json", "vault.json", 1)
	abiData, err := os.ReadFile("testdata/abi/vault.json")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vault.json", abiData)
	write("plan.yaml", []byte(src))
	p1, err := Load(filepath.Join(dir, "plan.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write("vault.json", append(abiData, '\n'))
	p2, err := Load(filepath.Join(dir, "plan.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if p1.Hash == p2.Hash {
		t.Error("hash does not change with the ABI file")
	}
}

func TestABIFormats(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"plain.json":    `[{"type":"function","name":"pause","inputs":[],"outputs":[],"stateMutability":"nonpayable"}]`,
		"artifact.json": `{"abi":[{"type":"function","name":"pause","inputs":[],"outputs":[],"stateMutability":"nonpayable"}],"bytecode":"0x"}`,
		"string.json":   `{"abi":"[{\"type\":\"function\",\"name\":\"pause\",\"inputs\":[],\"outputs\":[],\"stateMutability\":\"nonpayable\"}]"}`,
		"noabi.json":    `{"bytecode":"0x"}`,
		"broken.json":   `[{"type":`,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ file, want string }{
		{"plain.json", ""},
		{"artifact.json", ""},
		{"string.json", ""},
		{"noabi.json", `neither a JSON ABI list nor an artifact with an "abi" key`},
		{"broken.json", "invalid ABI"},
		{"missing.json", "no such file or directory"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			src := strings.Replace(base, "testdata/abi/vault.json", tc.file, 1)
			// The detector needs an event the small ABIs lack.
			src = src[:strings.Index(src, "detectors:")] + "detectors:\n  - {name: t, kind: transaction, contract: vault, severity: critical}\n"
			src = strings.Replace(src, "      drain:\n        call: withdraw(uint256)\n        args: [\"1000\"]\n", "", 1)
			_, err := Parse(filepath.Join(dir, "plan.yaml"), []byte(src))
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "plan.yaml:10:10:") {
				t.Fatalf("error = %v, want %q at 10:10", err, tc.want)
			}
		})
	}
}

// TestSecretsNeverShown loads a plan whose secrets are set, prints and
// marshals it every way, and checks no value appears; Resolve still reads
// them when asked.
func TestSecretsNeverShown(t *testing.T) {
	const (
		keyValue   = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
		tokenValue = "tok-3f1d9c0e-secret"
		fileValue  = "webhook-secret-from-file"
	)
	t.Setenv("GUARDIAN_KEY", keyValue)
	t.Setenv("ALICE_TOKEN", tokenValue)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hook.secret"), []byte(fileValue+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	abiData, err := os.ReadFile("testdata/abi/vault.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "vault.json"), abiData, 0o644); err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(base, "testdata/abi/vault.json", "vault.json", 1) +
		"channels:\n  - {name: hook, type: webhook, url: https://hooks.example.org, secret: file:hook.secret}\n"
	p, err := Parse(filepath.Join(dir, "plan.yaml"), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	ym, err := yaml.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	key := p.Executor("guardian").Key
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", p), "%+v": fmt.Sprintf("%+v", p), "%#v": fmt.Sprintf("%#v", p),
		"json": string(js), "yaml": string(ym),
		"ref %v":   fmt.Sprintf("%v %+v %#v %s", key, key, key, key.String()),
		"executor": fmt.Sprintf("%+v %#v", *p.Executor("guardian"), *p.Executor("guardian")),
	}
	for name, out := range outputs {
		for _, secret := range []string{keyValue, tokenValue, fileValue} {
			if strings.Contains(out, secret) {
				t.Errorf("%s output shows a secret value", name)
			}
		}
	}
	if !strings.Contains(string(js), `"key":"env:GUARDIAN_KEY"`) {
		t.Errorf("JSON does not show the reference: %s", js)
	}
	for ref, want := range map[SecretRef]string{key: keyValue, p.Person("alice").Token: tokenValue, p.Channel("hook").Secret: fileValue} {
		got, err := ref.Resolve()
		if err != nil || got != want {
			t.Errorf("Resolve(%s) = %q, %v", ref, got, err)
		}
	}
	// An unset variable: the error names the reference only.
	unset, _ := ParseSecretRef("env:BREAKGLASS_TEST_UNSET_VAR", "")
	if _, err := unset.Resolve(); err == nil || !strings.Contains(err.Error(), "env:BREAKGLASS_TEST_UNSET_VAR") {
		t.Errorf("Resolve of unset = %v", err)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"0", 0, false},
		{"30s", 30 * time.Second, false},
		{"72h", 72 * time.Hour, false},
		{"1d", 24 * time.Hour, false},
		{"1d12h30m", 36*time.Hour + 30*time.Minute, false},
		{"1.5d", 36 * time.Hour, false},
		{"500ms", 500 * time.Millisecond, false},
		{"", 0, true},
		{"5", 0, true},
		{"d", 0, true},
		{"5 m", 0, true},
		{"-1h", 0, true},
		{"1w", 0, true},
		{"999999999999d", 0, true},
	}
	for _, tc := range tests {
		got, err := ParseDuration(tc.in)
		if (err != nil) != tc.err || time.Duration(got) != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, err %v", tc.in, time.Duration(got), err, tc.want, tc.err)
		}
	}
	if s := Duration(48 * time.Hour).String(); s != "2d" {
		t.Errorf("String = %q", s)
	}
	if s := Duration(90 * time.Minute).String(); s != "1h30m0s" {
		t.Errorf("String = %q", s)
	}
}

func TestParseAmountAndDrop(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"1000", "1000"},
		{"1 ether", "1000000000000000000"},
		{"1.5 ether", "1500000000000000000"},
		{"20 gwei", "20000000000"},
		{"1_000 wei", "1000"},
		{"0.5 wei", ""},
		{"-1", ""},
		{"1e18", ""},
		{"5 bananas", ""},
	}
	for _, tc := range tests {
		got, err := ParseAmount(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseAmount(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("ParseAmount(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	d, err := ParseDrop("12.5%")
	if err != nil || d.BasisPoints != 1250 || !d.IsRelative() {
		t.Errorf("ParseDrop(12.5%%) = %+v, %v", d, err)
	}
	for _, bad := range []string{"0%", "100.01%", "0.001%", "0", "x%"} {
		if _, err := ParseDrop(bad); err == nil {
			t.Errorf("ParseDrop(%q) accepted", bad)
		}
	}
}

func TestSignatureAndCalldata(t *testing.T) {
	tests := []struct{ in, canonical string }{
		{"Transfer(address indexed from, address indexed to, uint256 value)", "Transfer(address,address,uint256)"},
		{"f(uint,int[],byte)", "f(uint256,int256[],bytes1)"},
		{"g((uint256,address)[] calldata xs, bytes32)", "g((uint256,address)[],bytes32)"},
		{"pause()", "pause()"},
	}
	for _, tc := range tests {
		s, err := ParseSignature(tc.in)
		if err != nil || s.Canonical() != tc.canonical {
			t.Errorf("ParseSignature(%q) = %q, %v; want %q", tc.in, s.Canonical(), err, tc.canonical)
		}
	}
	for _, bad := range []string{"pause", "1f()", "f(uint7)", "f(address", "f(address,)", "f(address a b)"} {
		if _, err := ParseSignature(bad); err == nil {
			t.Errorf("ParseSignature(%q) accepted", bad)
		}
	}
	a := Action{Call: "setReserveFreeze(address,bool)", Args: []string{"0x1e6898C9b926A783ef99380164403F696D151550", "true"}}
	data, err := a.Calldata()
	if err != nil {
		t.Fatal(err)
	}
	addr := common.HexToAddress("0x1e6898C9b926A783ef99380164403F696D151550")
	want := append(append(Signature{Name: "setReserveFreeze"}.selectorFor(t, "setReserveFreeze(address,bool)"), common.LeftPadBytes(addr.Bytes(), 32)...), common.LeftPadBytes([]byte{1}, 32)...)
	if !bytes.Equal(data, want) {
		t.Errorf("Calldata = %x, want %x", data, want)
	}
	small := Action{Call: "f(uint8,int16,bytes4)", Args: []string{"255", "-300", "0x01020304"}}
	if _, err := small.Calldata(); err != nil {
		t.Errorf("small ints: %v", err)
	}
	if _, err := (Action{Call: "f(uint8)", Args: []string{"256"}}).Calldata(); err == nil {
		t.Error("uint8 256 accepted")
	}
}

func (Signature) selectorFor(t *testing.T, sig string) []byte {
	t.Helper()
	s, err := ParseSignature(sig)
	if err != nil {
		t.Fatal(err)
	}
	return s.ID().Bytes()[:4]
}

func TestLimits(t *testing.T) {
	tests := map[string]struct{ src, want string }{
		"empty":         {"", "plan.yaml:1:1: the plan is empty"},
		"comments only": {"# nothing\n", "plan.yaml:1:1: the plan is empty"},
		"two documents": {base + "---\nversion: 1\n", "plan.yaml:39:1: a plan file holds one YAML document"},
		"not a mapping": {"- a\n- b\n", "plan.yaml:1:1: plan: want a mapping (key: value), got a list"},
		"alias bomb":    {bomb(), "the plan is too large or too deeply nested"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse("plan.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestValidateBuiltInCode(t *testing.T) {
	p := &Plan{
		Version:    1,
		Networks:   []Network{{Name: "local", ChainID: 1337, RPC: []Endpoint{{url: "http://127.0.0.1:8545"}}}},
		Contracts:  []Contract{{Name: "vault", Network: "local", Address: common.HexToAddress("0x01"), Executor: "nobody"}},
		People:     []Person{{Name: "alice"}},
		Roles:      map[string]Role{RoleIncidentCommander: {Primary: "alice"}},
		Severities: []Severity{{Name: "critical"}},
		Detectors:  []Detector{{Name: "d", Kind: KindTransaction, Severity: "critical", Contract: "vault"}},
	}
	err := p.Validate()
	if err == nil || !strings.Contains(err.Error(), `plan: contracts[0].executor: unknown executor "nobody"`) {
		t.Fatalf("Validate = %v", err)
	}
	p.Contracts[0].Executor = ""
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate = %v", err)
	}
}

// bomb is a small plan whose aliases expand to millions of runbook steps.
func bomb() string {
	step := strings.Repeat("*s,", 999) + "*s"
	books := strings.Repeat("*r,", 999) + "*r"
	return "s: &s {do: x, owner: incident_commander}\nt: &t [" + step + "]\nr: &r {incident_type: x, steps: *t}\nrunbooks: [" + books + "]\n"
}

// TestGroupBy checks that plan check takes every grouping key the incident
// code groups by, refuses others, and that a plan without an incidents
// section groups one exploit into one incident (contract and incident type).
func TestGroupBy(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "testdata"), os.DirFS("testdata")); err != nil {
		t.Fatal(err)
	}
	load := func(t *testing.T, extra string) (*Plan, error) {
		t.Helper()
		path := filepath.Join(dir, "plan.yaml")
		if err := os.WriteFile(path, []byte(base+extra), 0o644); err != nil {
			t.Fatal(err)
		}
		return Load(path)
	}
	p, err := load(t, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Incidents.GroupBy, ","); got != "contract,incident_type" {
		t.Errorf("default group_by = %s, want contract,incident_type", got)
	}
	for _, c := range []struct {
		by      string
		wantErr string
	}{
		{"[tx]", ""},
		{"[contract, tx]", ""},
		{"[detector, contract, network, severity, incident_type]", ""},
		{"[type]", ""},
		{"[txhash]", `cannot group by "txhash"`},
		{"[block]", `cannot group by "block"`},
	} {
		t.Run(c.by, func(t *testing.T) {
			_, err := load(t, "incidents:\n  group_by: "+c.by+"\n")
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("group_by %s refused: %v", c.by, err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Errorf("group_by %s: err %v, want %q", c.by, err, c.wantErr)
			}
		})
	}
}

// TestPagerDutyDeployment checks that a PagerDuty channel's deployment
// (its dedup keys' prefix) defaults to one derived from the plan's name and
// networks, that a named one is kept, and that only PagerDuty takes it.
func TestPagerDutyDeployment(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "testdata"), os.DirFS("testdata")); err != nil {
		t.Fatal(err)
	}
	load := func(extra string) (*Plan, error) {
		path := filepath.Join(dir, "plan.yaml")
		if err := os.WriteFile(path, []byte("name: Example Lending (prod)\n"+base+extra), 0o644); err != nil {
			t.Fatal(err)
		}
		return Load(path)
	}
	channels := "channels:\n  - name: pd\n    type: pagerduty\n    routing_key: env:PD_KEY\n"
	p, err := load(channels)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Channels[0].Deployment; got != "example-lending-prod@mainnet" {
		t.Errorf("default deployment %q, want example-lending-prod@mainnet", got)
	}
	if p, err = load(channels + "    deployment: lending-eu\n"); err != nil || p.Channels[0].Deployment != "lending-eu" {
		t.Errorf("named deployment: %v", err)
	}
	if _, err = load(channels + "    deployment: two words\n"); err == nil || !strings.Contains(err.Error(), "without spaces") {
		t.Errorf("a deployment with spaces: %v", err)
	}
	if _, err = load("channels:\n  - name: s\n    type: slack\n    webhook_url: env:S\n    deployment: x\n"); err == nil || !strings.Contains(err.Error(), "deployment does not apply") {
		t.Errorf("deployment on a slack channel: %v", err)
	}
}
