package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/golden"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// secretsOfFixtures are the plain secrets written in the fixtures: none may
// reach the plan or the report.
var secretsOfFixtures = []string{
	"XXXXSECRETXXXX", "hunter2-do-not-print", "whsec-do-not-print", "0123456789abcdef0123456789abcdef",
	"plain-secret-do-not-print",
}

// loadChecked writes the plan to a temporary file and runs plan check on it
// (plan.Load, then the detection compiler).
func loadChecked(t *testing.T, data []byte) *plan.Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), "breakglass.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatalf("the imported plan does not load: %v\n%s", err, data)
	}
	if errs := detect.Check(p); len(errs) > 0 {
		t.Fatalf("the imported plan does not compile: %v", errs)
	}
	return p
}

func checkImport(t *testing.T, res *Result, name string, wantDetectors int) *plan.Plan {
	t.Helper()
	var report bytes.Buffer
	if err := res.Report.Write(&report); err != nil {
		t.Fatal(err)
	}
	if !res.Report.OK() {
		t.Fatalf("blocking problems:\n%s", report.String())
	}
	golden.Check(t, filepath.Join("testdata", name+".plan.golden"), res.Plan)
	golden.Check(t, filepath.Join("testdata", name+".report.golden"), report.Bytes())
	for _, s := range secretsOfFixtures {
		if bytes.Contains(res.Plan, []byte(s)) || bytes.Contains(report.Bytes(), []byte(s)) {
			t.Errorf("secret %q of the source was echoed", s)
		}
	}
	p := loadChecked(t, res.Plan)
	if len(p.Detectors) != wantDetectors {
		t.Errorf("%d detectors, want %d", len(p.Detectors), wantDetectors)
	}
	// Every carried item points at a line of the plan that names it.
	lines := strings.Split(string(res.Plan), "\n")
	for _, it := range res.Report.Items {
		if it.Became == "" {
			if it.Why == "" {
				t.Errorf("item %s: neither carried over nor explained", it.Source)
			}
			continue
		}
		if it.Line < 1 || it.Line > len(lines) || !strings.Contains(lines[it.Line-1], "name: ") {
			t.Errorf("item %s -> %s at line %d: not a name line", it.Source, it.Became, it.Line)
			continue
		}
		name := strings.TrimSpace(strings.SplitN(lines[it.Line-1], "name:", 2)[1])
		if !strings.Contains(it.Became, `"`+name+`"`) {
			t.Errorf("item %s -> %s, but line %d names %s", it.Source, it.Became, it.Line, name)
		}
	}
	return p
}

func TestOZMonitorFixture(t *testing.T) {
	res := OZMonitor(os.DirFS("testdata/ozmonitor"), "testdata/ozmonitor", "breakglass.yaml")
	p := checkImport(t, res, "ozmonitor", 5)
	// Spot checks of what the golden file holds.
	if got := p.Networks[0].Confirmations; got != 1 {
		t.Errorf("confirmations %d, want 1", got)
	}
	want := []string{"env:ETH_RPC_URL", "https://eth.drpc.org", "env:ETHEREUM_MAINNET_RPC_URL_3"}
	for i, e := range p.Networks[0].RPC {
		if i >= len(want) || !strings.Contains(e.String(), strings.TrimPrefix(want[i], "env:")) {
			t.Errorf("rpc[%d] = %s, want %s (by weight; a URL with a key becomes env:)", i, e, want[i])
		}
	}
}

func TestDefenderFixture(t *testing.T) {
	data, err := os.ReadFile("testdata/defender/serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	res := Defender(data, DefenderOptions{Source: "testdata/defender/serverless.yml", Dir: "testdata/defender", PlanFile: "breakglass.yaml"})
	p := checkImport(t, res, "defender", 5)
	var withdraw *plan.Detector
	for i := range p.Detectors {
		if p.Detectors[i].Name == "vault-large-withdrawal-withdraw" {
			withdraw = &p.Detectors[i]
		}
	}
	if withdraw == nil {
		t.Fatal("no detector for the Withdraw condition")
	}
	if withdraw.Threshold == nil || withdraw.Threshold.Count != 3 || time.Duration(withdraw.Threshold.Window) != 10*time.Minute {
		t.Errorf("threshold %+v, want 3 in 10m (alert-threshold)", withdraw.Threshold)
	}
	if time.Duration(withdraw.Cooldown) != 30*time.Minute || withdraw.Severity != "high" || len(withdraw.Response) != 1 || withdraw.Response[0] != "pause" {
		t.Errorf("cooldown %s severity %s response %v, want 30m high [pause]", withdraw.Cooldown, withdraw.Severity, withdraw.Response)
	}
	if p.Networks[1].Confirmations != 64 {
		t.Errorf("confirm-level finalized -> %d confirmations, want 64", p.Networks[1].Confirmations)
	}
}

func TestDefenderSeverityOverride(t *testing.T) {
	data, err := os.ReadFile("testdata/defender/serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	res := Defender(data, DefenderOptions{Source: "s.yml", Dir: "testdata/defender", PlanFile: "b.yaml",
		Severities: map[string]string{"financial": "critical"}})
	p := loadChecked(t, res.Plan)
	for _, d := range p.Detectors {
		if d.Name == "vault-large-withdrawal-withdraw" && d.Severity != "critical" {
			t.Errorf("severity %s, want critical (--severity FINANCIAL=critical)", d.Severity)
		}
	}
	res = Defender(data, DefenderOptions{Source: "s.yml", Dir: "testdata/defender", PlanFile: "b.yaml",
		Severities: map[string]string{"FINANCIAL": "urgent"}})
	if res.Report.OK() || res.Plan != nil {
		t.Error("an unknown severity in the mapping is not a blocking problem")
	}
}

const goodMonitor = `{
  "name": "M",
  "networks": ["eth"],
  "addresses": [{"address": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
    "contract_spec": [{"anonymous": false, "inputs": [{"indexed": true, "name": "from", "type": "address"}, {"indexed": false, "name": "value", "type": "uint256"}], "name": "T", "type": "event"}]}],
  "match_conditions": {"functions": [], "events": [{"signature": "T(address,uint256)", "expression": "value > 5"}], "transactions": []},
  "trigger_conditions": [],
  "triggers": ["s"]
}`

const goodNetwork = `{"network_type": "EVM", "slug": "eth", "name": "Eth", "rpc_urls": [{"type_": "rpc", "url": {"type": "plain", "value": "https://rpc.example.org"}, "weight": 100}], "chain_id": 1, "block_time_ms": 12000, "confirmation_blocks": 1}`

const goodTrigger = `{"s": {"name": "S", "trigger_type": "slack", "config": {"slack_url": {"type": "Plain", "value": "https://hooks.slack.com/services/SECRETVALUE"}, "message": {"title": "t", "body": "b"}}}}`

func TestOZMonitorBadInput(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		problems []string // substrings of blocking problems, in order
		unknown  []string
		ok       bool
	}{
		{name: "malformed JSON", files: map[string]string{"monitors/m.json": "{\n  \"name\": \"M\",\n  \"networks\": [\"eth\"\n}"},
			problems: []string{"monitors/m.json:4:1: invalid character '}'"}},
		{name: "unknown fields are listed, not fatal", ok: true,
			files:   map[string]string{"monitors/m.json": strings.Replace(goodMonitor, `"name": "M",`, `"name": "M", "colour": "red", "match_conditions_v2": 1,`, 1)},
			unknown: []string{"monitors/m.json: colour", "monitors/m.json: match_conditions_v2"}},
		{name: "missing network", files: map[string]string{"monitors/m.json": strings.Replace(goodMonitor, `["eth"]`, `["eth", "polygon"]`, 1)},
			problems: []string{`monitor "M": network "polygon" is not defined in networks/*.json`}},
		{name: "missing trigger", files: map[string]string{"monitors/m.json": strings.Replace(goodMonitor, `["s"]`, `["s", "pagerduty_oncall"]`, 1)},
			problems: []string{`monitor "M": trigger "pagerduty_oncall" is not defined in triggers/*.json`}},
		{name: "expression that does not parse", files: map[string]string{"monitors/m.json": strings.Replace(goodMonitor, `value > 5`, `value >> 5 &&`, 1)},
			problems: []string{`monitor "M": expression "value >> 5 &&" does not parse: column 8`}},
		{name: "unknown argument", files: map[string]string{"monitors/m.json": strings.Replace(goodMonitor, `value > 5`, `amount > 5`, 1)},
			problems: []string{`monitor "M": expression "amount > 5": "amount" is not an argument (have from, value)`}},
		{name: "event missing from the ABI", files: map[string]string{"monitors/m.json": strings.Replace(goodMonitor, `"signature": "T(address,uint256)"`, `"signature": "U(address,uint256)"`, 1)},
			problems: []string{`monitor "M": event U(address,uint256) is not in the contract_spec`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"networks/eth.json": {Data: []byte(goodNetwork)},
				"triggers/t.json":   {Data: []byte(goodTrigger)},
				"monitors/m.json":   {Data: []byte(goodMonitor)},
			}
			for k, v := range tt.files {
				fsys[k] = &fstest.MapFile{Data: []byte(v)}
			}
			res := OZMonitor(fsys, "dir", "breakglass.yaml")
			var report bytes.Buffer
			_ = res.Report.Write(&report)
			if strings.Contains(report.String(), "SECRETVALUE") || bytes.Contains(res.Plan, []byte("SECRETVALUE")) {
				t.Error("a secret was echoed")
			}
			if res.Report.OK() != tt.ok || (res.Plan != nil) != tt.ok {
				t.Fatalf("OK %v (plan %v), want %v:\n%s", res.Report.OK(), res.Plan != nil, tt.ok, report.String())
			}
			if len(res.Report.Problems) != len(tt.problems) {
				t.Fatalf("problems %q, want %q", res.Report.Problems, tt.problems)
			}
			for i, p := range tt.problems {
				if !strings.Contains(res.Report.Problems[i], p) {
					t.Errorf("problem %q does not say %q", res.Report.Problems[i], p)
				}
			}
			if strings.Join(res.Report.Unknown, "|") != strings.Join(tt.unknown, "|") {
				t.Errorf("unknown fields %q, want %q", res.Report.Unknown, tt.unknown)
			}
			if tt.ok {
				loadChecked(t, res.Plan)
			}
		})
	}
}

func TestDefenderBadInput(t *testing.T) {
	tests := []struct {
		name, yaml, problem string
	}{
		{"malformed YAML", "resources:\n  monitors:\n    m: [\n", "s.yml:3: did not find expected node content"},
		{"missing channel", `resources:
  monitors:
    m:
      name: M
      type: BLOCK
      network: mainnet
      addresses: ['0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48']
      notify-config:
        channels: ['${self:resources.notifications.slack-1}']
`, `monitor "m": notify-config channel "slack-1" is not a notification of this file`},
		{"bad expression", `resources:
  monitors:
    m:
      name: M
      type: BLOCK
      network: mainnet
      addresses: ['0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48']
      conditions:
        transaction: 'value >'
`, `monitor "m": expression "value >" does not parse`},
		{"unknown network", `resources:
  monitors:
    m:
      name: M
      type: BLOCK
      network: dogechain-classic
      addresses: ['0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48']
`, `network "dogechain-classic" has no known chain id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Defender([]byte(tt.yaml), DefenderOptions{Source: "s.yml", Dir: ".", PlanFile: "b.yaml"})
			if res.Report.OK() || res.Plan != nil {
				t.Fatal("no blocking problem")
			}
			if !strings.Contains(strings.Join(res.Report.Problems, "\n"), tt.problem) {
				t.Errorf("problems %q, want one saying %q", res.Report.Problems, tt.problem)
			}
		})
	}
}

func TestDefenderSelfCustomReferences(t *testing.T) {
	const src = `custom:
  config: ${file(../secrets.yml)}
  monitored-addresses:
    - '0x5FbDB2315678afecb367f032d93F642f64180aa3'
  monitored-network: sepolia
  slack: 'https://hooks.slack.com/services/T/B/SECRETINCUSTOM'
resources:
  notifications:
    s:
      type: slack
      config:
        url: ${self:custom.slack}
    d:
      type: discord
      config:
        url: ${self:custom.config.discord}
  monitors:
    m:
      name: M
      type: BLOCK
      network: ${self:custom.monitored-network}
      addresses: ${self:custom.monitored-addresses}
      notify-config:
        channels: ['${self:resources.notifications.s}', '${self:resources.notifications.d}']
`
	res := Defender([]byte(src), DefenderOptions{Source: "s.yml", Dir: ".", PlanFile: "b.yaml"})
	var report bytes.Buffer
	_ = res.Report.Write(&report)
	if !res.Report.OK() {
		t.Fatalf("blocking problems:\n%s", report.String())
	}
	if bytes.Contains(res.Plan, []byte("SECRETINCUSTOM")) || strings.Contains(report.String(), "SECRETINCUSTOM") {
		t.Error("a secret held in custom was echoed")
	}
	if !strings.Contains(report.String(), "set D_URL to the value of ${self:custom.config.discord}") {
		t.Errorf("the reference into the secrets file is not named:\n%s", report.String())
	}
	p := loadChecked(t, res.Plan)
	if p.Networks[0].ChainID != 11155111 || p.Contracts[0].Address.Hex() != "0x5FbDB2315678afecb367f032d93F642f64180aa3" {
		t.Errorf("network %d, contract %s: ${self:custom...} not resolved", p.Networks[0].ChainID, p.Contracts[0].Address.Hex())
	}
}

func TestOZMonitorWrappedContractSpec(t *testing.T) {
	fsys := fstest.MapFS{
		"networks/eth.json": {Data: []byte(goodNetwork)},
		"triggers/t.json":   {Data: []byte(goodTrigger)},
		"monitors/m.json": {Data: []byte(strings.Replace(strings.Replace(goodMonitor, `"contract_spec": [`, `"contract_spec": {"EVM": [`, 1),
			`"type": "event"}]}]`, `"type": "event"}]}}]`, 1))},
	}
	res := OZMonitor(fsys, "dir", "b.yaml")
	if !res.Report.OK() {
		t.Fatalf("problems: %q", res.Report.Problems)
	}
	loadChecked(t, res.Plan)
}

func TestOZMonitorMessageTemplate(t *testing.T) {
	trigger := strings.Replace(goodTrigger, `"title": "t", "body": "b"`, `"title": "Alert: ${monitor.name}", "body": "tx ${transaction.hash} on ${network}"`, 1)
	fsys := fstest.MapFS{
		"networks/eth.json": {Data: []byte(goodNetwork)},
		"triggers/t.json":   {Data: []byte(trigger)},
		"monitors/m.json":   {Data: []byte(goodMonitor)},
	}
	res := OZMonitor(fsys, "dir", "b.yaml")
	p := loadChecked(t, res.Plan)
	if len(p.Templates) != 1 || p.Templates[0].Event != "incident.opened" ||
		p.Templates[0].Text != "Alert: {{.Incident.Title}}\ntx {{.Incident.TxHash}} on {{.Incident.Network}}" {
		t.Fatalf("templates %+v", p.Templates)
	}
	// A variable without an equivalent: no template, and the report says which.
	trigger = strings.Replace(goodTrigger, `"body": "b"`, `"body": "${events.0.args.value} moved"`, 1)
	fsys["triggers/t.json"] = &fstest.MapFile{Data: []byte(trigger)}
	res = OZMonitor(fsys, "dir", "b.yaml")
	if p := loadChecked(t, res.Plan); len(p.Templates) != 0 {
		t.Errorf("templates %+v, want none", p.Templates)
	}
	var why string
	for _, it := range res.Report.Items {
		if strings.Contains(it.Source, "message") {
			why = it.Why
		}
	}
	if !strings.Contains(why, "${events.0.args.value} have no template equivalent") {
		t.Errorf("report: %q", why)
	}
}
