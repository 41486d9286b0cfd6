package importer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"go.yaml.in/yaml/v3"
)

// DefenderOptions say where a defender-as-code file came from.
type DefenderOptions struct {
	// Source names the file in the report.
	Source string
	// Dir is the directory ${file(...)} references and action paths are
	// relative to.
	Dir string
	// PlanFile is the plan's file name in the report.
	PlanFile string
	// Severities map a risk category (FINANCIAL, ...) to a severity,
	// overriding DefaultRiskSeverities.
	Severities map[string]string
}

// DefaultRiskSeverities is the severity of each Defender risk category.
var DefaultRiskSeverities = map[string]string{
	"SUSPICIOUS": "critical", "FINANCIAL": "high", "ACCESS-CONTROL": "high",
	"GOVERNANCE": "medium", "TECHNICAL": "low",
}

// defenderChains are the chain ids of Defender's network names.
var defenderChains = map[string]uint64{
	"mainnet": 1, "sepolia": 11155111, "goerli": 5, "holesky": 17000, "optimism": 10, "optimism-sepolia": 11155420,
	"arbitrum": 42161, "arbitrum-nova": 42170, "arbitrum-sepolia": 421614, "base": 8453, "base-sepolia": 84532,
	"matic": 137, "polygon": 137, "amoy": 80002, "polygon-zkevm": 1101, "bsc": 56, "bsctest": 97, "avalanche": 43114,
	"fuji": 43113, "linea": 59144, "linea-sepolia": 59141, "zksync": 324, "zksync-sepolia": 300, "scroll": 534352,
	"scroll-sepolia": 534351, "mantle": 5000, "celo": 42220, "gnosis": 100, "xdai": 100, "fantom": 250, "moonbeam": 1284,
	"aurora": 1313161554, "unichain": 130, "unichain-sepolia": 1301,
}

type dfMonitor struct {
	Name           string   `yaml:"name"`
	Type           string   `yaml:"type"`
	Network        string   `yaml:"network"`
	RiskCategory   string   `yaml:"risk-category"`
	Addresses      []string `yaml:"addresses"`
	ABI            any      `yaml:"abi"`
	AlertThreshold *struct {
		Amount        int `yaml:"amount"`
		WindowSeconds int `yaml:"window-seconds"`
	} `yaml:"alert-threshold"`
	AlertTimeoutMs  int  `yaml:"alert-timeout-ms"`
	Paused          bool `yaml:"paused"`
	ActionCondition any  `yaml:"action-condition"`
	ActionTrigger   any  `yaml:"action-trigger"`
	ConfirmLevel    any  `yaml:"confirm-level"`
	NotifyConfig    struct {
		Timeout  int      `yaml:"timeout"`
		Message  *string  `yaml:"message"`
		Subject  *string  `yaml:"message-subject"`
		Channels []string `yaml:"channels"`
		Category any      `yaml:"category"`
		Severity any      `yaml:"severity"`
	} `yaml:"notify-config"`
	Conditions struct {
		Event       []dfCond `yaml:"event"`
		Function    []dfCond `yaml:"function"`
		Transaction *string  `yaml:"transaction"`
	} `yaml:"conditions"`
}

type dfCond struct {
	Signature  string  `yaml:"signature"`
	Expression *string `yaml:"expression"`
}

var dfMonitorSchema = schema{
	"name": anything, "type": anything, "network": anything, "risk-category": anything, "addresses": anything,
	"abi": anything, "alert-threshold": {"amount": anything, "window-seconds": anything}, "alert-timeout-ms": anything,
	"paused": anything, "action-condition": anything, "action-trigger": anything, "confirm-level": anything,
	"skip-abi-validation": anything, "forta-node-id": anything, "agent-ids": anything, "forta-last-processed-time": anything,
	"notify-config": {"timeout": anything, "message": anything, "message-subject": anything, "channels": anything, "category": anything, "severity": anything},
	"conditions": {"event": {"signature": anything, "expression": anything}, "function": {"signature": anything, "expression": anything},
		"transaction": anything, "min-scanner-count": anything, "severity": anything, "alert-ids": anything},
}

var dfTopSchema = schema{
	"service": anything, "configValidationMode": anything, "frameworkVersion": anything, "provider": anything,
	"custom": anything, "defender": anything, "platform": anything, "functions": anything, "plugins": anything, "resources": {
		"Resources": anything, "actions": anything, "policies": anything, "secrets": anything, "contracts": anything,
		"relayers": anything, "notifications": anything, "categories": anything, "monitors": anything,
		"forked-networks": anything, "private-networks": anything, "block-explorer-api-keys": anything,
	},
}

// dfTxVars are Defender's transaction variables.
var dfTxVars = map[string]struct {
	name string
	kind Kind
}{
	"value": {"tx.value", KindInt}, "from": {"tx.from", KindAddress}, "to": {"tx.to", KindAddress},
	"hash": {"tx.hash", KindHash}, "gasPrice": {"tx.gasPrice", KindInt}, "gasLimit": {"tx.gas", KindInt},
	"nonce": {"tx.nonce", KindInt}, "gasUsed": {"tx.gasUsed", KindInt}, "transactionIndex": {"tx.index", KindInt},
	"status": {"tx.status", KindStatus},
}

func dfTxResolver(name string) (string, *Type, error) {
	v, ok := dfTxVars[name]
	if !ok {
		if name == "input" || strings.HasPrefix(name, "max") || name == "logs" {
			return "", nil, fmt.Errorf("transaction field %q has no breakglass equivalent: %w", name, ErrUnsupported)
		}
		return "", nil, fmt.Errorf("%q is not a transaction field", name)
	}
	return v.name, &Type{Kind: v.kind}, nil
}

var refRe = regexp.MustCompile(`^\$\{self:resources\.(?:Resources\.)?([a-z-]+)\.([^}]+)\}$`)
var envRe = regexp.MustCompile(`^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$`)
var fileRe = regexp.MustCompile(`^\$\{file\(([^)]+)\)\}$`)

// Defender imports a defender-as-code serverless YAML.
func Defender(data []byte, opt DefenderOptions) *Result {
	b := newBuilder(opt.Source, opt.PlanFile, "Imported from OpenZeppelin Defender")
	b.header = []string{
		"breakglass plan imported from the Defender configuration " + opt.Source + ".",
		"Check it with: breakglass plan check " + opt.PlanFile,
	}
	b.severities = defaultSeverities
	sev := map[string]string{}
	for k, v := range DefaultRiskSeverities {
		sev[k] = v
	}
	for k, v := range opt.Severities {
		sev[strings.ToUpper(k)] = v
		found := false
		for _, s := range defaultSeverities {
			found = found || s == v
		}
		if !found {
			b.problem("--severity %s=%s: %q is not one of %s", k, v, v, strings.Join(defaultSeverities, ", "))
		}
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		b.problem("%s", yamlError(opt.Source, err))
		return b.finish()
	}
	b.unknown(opt.Source, unknownFields(raw, dfTopSchema, ""))
	custom, _ := raw["custom"].(map[string]any)
	resolveSelf(raw, custom, 0)
	res, _ := raw["resources"].(map[string]any)
	if inner, ok := res["Resources"].(map[string]any); ok {
		res = inner
	}
	section := func(name string) map[string]any {
		m, _ := res[name].(map[string]any)
		return m
	}
	// notifications → channels
	channels := map[string]string{}
	notes := section("notifications")
	for _, key := range sortedKeys(notes) {
		channels[key] = ""
		if c := b.dfChannel(opt.Source, key, notes[key]); c != nil {
			channels[key] = c.name
			b.channels = append(b.channels, c)
		}
	}
	// relayers → key executors
	executors := map[string]*executor{}
	rels := section("relayers")
	for _, key := range sortedKeys(rels) {
		it := b.item(fmt.Sprintf("%s: relayer %q", opt.Source, key))
		v := envName("RELAYER", key, "KEY")
		e := &executor{name: b.unique("executor", key), key: "env:" + v, item: it,
			comments: []string{fmt.Sprintf("TODO: set %s to a guardian key (Defender never exported relayer keys) and grant its address the relayer's roles", v)}}
		b.note(it, "set %s to a guardian private key: Defender relayer keys cannot be exported; grant the new key's address the roles the relayer held", v)
		executors[key] = e
		b.executors = append(b.executors, e)
	}
	actions := section("actions")
	if actions == nil {
		actions, _ = raw["functions"].(map[string]any)
	}
	// monitors
	mons := section("monitors")
	nets := map[string]*network{}
	for _, key := range sortedKeys(mons) {
		var m dfMonitor
		node, _ := yaml.Marshal(mons[key])
		if err := yaml.Unmarshal(node, &m); err != nil {
			b.problem("%s: monitor %q: %v", opt.Source, key, err)
			continue
		}
		b.unknown(opt.Source, unknownFields(mons[key], dfMonitorSchema, "resources.monitors."+key))
		b.dfMonitor(opt, key, &m, sev, channels, executors, actions, nets)
	}
	if len(mons) == 0 {
		b.problem("%s: no resources.monitors", opt.Source)
	}
	used := map[string]bool{}
	for _, key := range sortedKeys(mons) {
		m, _ := mons[key].(map[string]any)
		for _, f := range []string{"action-trigger", "action-condition"} {
			if n, ok := dfRefName(m[f]); ok {
				used[n] = true
			}
		}
	}
	for _, key := range sortedKeys(actions) {
		if used[key] {
			continue
		}
		it := b.item(fmt.Sprintf("%s: action %q", opt.Source, key))
		b.drop(it, "not wired to a monitor (a scheduled or webhook action): breakglass runs no JavaScript; run it elsewhere, or write its containment as contract actions with an executor")
	}
	var msgs [][2]string
	for _, key := range sortedKeys(mons) {
		m, _ := mons[key].(map[string]any)
		nc, _ := m["notify-config"].(map[string]any)
		if body, ok := nc["message"].(string); ok && body != "" {
			title, _ := nc["message-subject"].(string)
			msgs = append(msgs, [2]string{title, body})
		}
	}
	b.addTemplate(opt.Source+": the monitors' notify-config messages", msgs)
	return b.finish()
}

// dfRefName is the resource name of ${self:resources.KIND.NAME}.
func dfRefName(v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	if m := refRe.FindStringSubmatch(s); m != nil {
		return m[2], true
	}
	return s, true
}

// dfSecret turns a Defender value that is a secret into an env: reference.
func dfSecret(v any, fallback string) (ref, todo string) {
	s := fmt.Sprint(v)
	if m := envRe.FindStringSubmatch(s); m != nil {
		return "env:" + m[1], ""
	}
	if strings.HasPrefix(s, "${") {
		return "env:" + fallback, fmt.Sprintf("set %s to the value of %s (not copied)", fallback, s)
	}
	return "env:" + fallback, fmt.Sprintf("set %s to the value the source held in plain text (not copied)", fallback)
}

func (b *builder) dfChannel(src, key string, v any) *channel {
	n, _ := v.(map[string]any)
	typ := fmt.Sprint(n["type"])
	cfg, _ := n["config"].(map[string]any)
	it := b.item(fmt.Sprintf("%s: notification %q (%s)", src, key, typ))
	c := &channel{name: b.unique("channel", key), typ: typ, item: it}
	sec := func(field, from string) {
		ref, todo := dfSecret(cfg[from], envName(key, from))
		c.fields = append(c.fields, field+": "+ref)
		if todo != "" {
			c.comments = append(c.comments, "TODO: "+todo)
			b.note(it, "%s: %s", from, todo)
		}
	}
	switch typ {
	case "slack", "discord":
		sec("webhook_url", "url")
	case "telegram-bot":
		c.typ = "telegram"
		sec("token", "bot-token")
		c.fields = append(c.fields, "chat_id: "+q(fmt.Sprint(cfg["chat-id"])))
	case "pager-duty":
		c.typ = "pagerduty"
		sec("routing_key", "routing-key")
	case "webhook":
		u := fmt.Sprint(cfg["url"])
		if strings.HasPrefix(u, "${") || apiKeyish(u) {
			b.drop(it, "the webhook URL is a reference or carries a credential; breakglass webhook URLs are written in the plan: add the channel by hand")
			return nil
		}
		c.fields = append(c.fields, "url: "+q(u))
	case "email":
		var to []string
		if l, ok := cfg["emails"].([]any); ok {
			for _, e := range l {
				s := fmt.Sprint(e)
				if strings.HasPrefix(s, "${") {
					s = "security@example.org"
					c.comments = append(c.comments, "TODO: the source's recipient was a reference; write the address")
				}
				to = append(to, q(s))
			}
		}
		c.fields = append(c.fields, fmt.Sprintf("smtp: {host: smtp.example.org, port: 465, username: alerts@example.org, password: env:%s, from: alerts@example.org, to: [%s]}", envName(key, "SMTP_PASSWORD"), strings.Join(to, ", ")))
		c.comments = append(c.comments, "TODO: Defender sent the mail itself; set your SMTP server, sender and "+envName(key, "SMTP_PASSWORD"))
		b.note(it, "Defender sent email itself: set the SMTP server, sender and %s", envName(key, "SMTP_PASSWORD"))
	default:
		b.drop(it, "breakglass has no %s channel; use a webhook channel to it, or slack, discord, telegram, pagerduty, email", typ)
		return nil
	}
	return c
}

func (b *builder) dfMonitor(opt DefenderOptions, key string, m *dfMonitor, sev map[string]string, channels map[string]string,
	executors map[string]*executor, actions map[string]any, nets map[string]*network) {
	who := fmt.Sprintf("%s: monitor %q", opt.Source, key)
	if m.Type != "" && !strings.EqualFold(m.Type, "BLOCK") {
		it := b.item(who)
		b.drop(it, "a %s monitor: breakglass watches blocks itself; use its heuristics (kind: heuristic) for what Forta bots found", m.Type)
		return
	}
	if m.Paused {
		it := b.item(who)
		b.drop(it, "paused in the source; not imported")
		return
	}
	for _, ch := range m.NotifyConfig.Channels {
		name, _ := dfRefName(ch)
		if _, ok := channels[name]; !ok {
			b.problem("%s: notify-config channel %q is not a notification of this file", who, name)
		}
	}
	// network
	n := nets[m.Network]
	if n == nil {
		id, ok := defenderChains[m.Network]
		if !ok {
			b.problem("%s: network %q has no known chain id; add it to a network by hand", who, m.Network)
			return
		}
		it := b.item(fmt.Sprintf("%s: network %q", who, m.Network))
		v := envName(m.Network, "RPC_URL")
		n = &network{name: b.unique("network", m.Network), chainID: id, rpc: []string{"env:" + v}, item: it,
			comments: []string{fmt.Sprintf("TODO: set %s to an RPC endpoint (Defender provided its own)", v)}}
		b.note(it, "set %s to an RPC endpoint of %s (Defender provided its own)", v, m.Network)
		nets[m.Network] = n
		b.networks = append(b.networks, n)
	}
	switch cl := m.ConfirmLevel.(type) {
	case int:
		if uint64(cl) > n.confirmations {
			n.confirmations = uint64(cl)
		}
	case string:
		depth := map[string]uint64{"safe": 32, "finalized": 64}[cl]
		if depth > n.confirmations {
			n.confirmations = depth
		}
	}
	// ABI
	abiText := "[]"
	switch a := m.ABI.(type) {
	case string:
		if f := fileRe.FindStringSubmatch(a); f != nil {
			data, err := os.ReadFile(filepath.Join(opt.Dir, strings.Trim(f[1], `'" `)))
			if err != nil {
				b.problem("%s: abi: %v", who, err)
				return
			}
			abiText = string(data)
		} else {
			abiText = a
		}
	case []any:
		j, _ := yamlToJSON(a)
		abiText = j
	}
	parsed, compact, err := parseABI([]byte(abiText))
	if err != nil {
		b.problem("%s: abi: %v", who, err)
		return
	}
	// severity, threshold, cooldown
	severity := sev[strings.ToUpper(m.RiskCategory)]
	if severity == "" {
		severity = "high"
	}
	var threshold, cooldown string
	if t := m.AlertThreshold; t != nil && t.Amount > 1 {
		threshold = fmt.Sprintf("{count: %d, window: %ds}", t.Amount, max(t.WindowSeconds, 1))
	}
	if ms := m.AlertTimeoutMs; ms > 0 {
		cooldown = fmt.Sprintf("%ds", (ms+999)/1000)
	} else if s := m.NotifyConfig.Timeout; s > 0 {
		cooldown = fmt.Sprintf("%ds", s)
	}
	// response: an action-trigger that pauses through a relayer
	var response []string
	var respExecutor string
	var respTodo string
	if m.ActionTrigger != nil {
		name, _ := dfRefName(m.ActionTrigger)
		act, _ := actions[name].(map[string]any)
		switch {
		case act == nil:
			b.problem("%s: action-trigger %q is not an action of this file", who, name)
		default:
			relayer, _ := dfRefName(act["relayer"])
			code := readAction(opt.Dir, fmt.Sprint(act["path"]))
			_, hasPause := findMethod(parsed, "pause()")
			switch {
			case executors[relayer] != nil && hasPause && regexp.MustCompile(`\.pause\(\s*\)|['"]pause\(\)['"]|functionName:\s*['"]pause['"]`).MatchString(code):
				response, respExecutor = []string{"pause"}, executors[relayer].name
			default:
				respTodo = fmt.Sprintf("action %q (%s) runs arbitrary JavaScript: not carried over; write its containment as contract actions (e.g. pause: pause()) with an executor and list them in the detectors' response", name, act["path"])
			}
		}
	}
	if m.ActionCondition != nil {
		name, _ := dfRefName(m.ActionCondition)
		it := b.item(fmt.Sprintf("%s: action-condition %q", who, name))
		b.drop(it, "a JavaScript filter is not run by breakglass; write it into the detectors' conditions")
	}
	txFilter := ""
	if t := m.Conditions.Transaction; t != nil && strings.TrimSpace(*t) != "" {
		s, err := b.translate(who, *t, dfTxResolver)
		if err != nil {
			it := b.item(fmt.Sprintf("%s: transaction condition %q", who, *t))
			b.drop(it, "%v; the monitor is not imported (rewrite the condition by hand)", err)
			return
		}
		if s == "" {
			return
		}
		txFilter = s
	}
	for ai, a := range m.Addresses {
		if !common.IsHexAddress(a) {
			b.problem("%s: addresses[%d]: %q is not an address", who, ai, a)
			continue
		}
		addr := common.HexToAddress(a)
		c := b.byAddr[n.name+"/"+addr.Hex()]
		if c == nil {
			it := b.item(fmt.Sprintf("%s: address %s", who, addr.Hex()))
			c = &contract{name: b.unique("contract", m.Name), network: n.name, address: addr.Hex(), abi: compact, item: it}
			b.byAddr[n.name+"/"+addr.Hex()] = c
			b.contracts = append(b.contracts, c)
		} else if c.abi != compact {
			merged, err := mergeABI(c.abi, compact)
			if err != nil {
				b.problem("%s: abi: %v", who, err)
				continue
			}
			c.abi = merged
		}
		if response != nil && len(c.actions) == 0 {
			c.executor = respExecutor
			c.actions = append(c.actions, [2]string{"pause", "pause()"})
		}
		emit := func(kind, sig, cond, src string, extra ...string) {
			di := b.item(src)
			d := &detector{name: detectorName(b, m.Name, sig), kind: kind, contract: c.name,
				signature: sig, condition: joinAnd(append(extra, cond, txFilter)...), severity: severity,
				threshold: threshold, cooldown: cooldown, response: response, items: []int{di},
				comments: []string{"from " + src}}
			b.note(di, "severity %s from risk-category %q (override with --severity %s=SEVERITY)", severity, m.RiskCategory, strings.ToUpper(m.RiskCategory))
			if kind == "transaction" {
				b.note(di, "Defender also matched transactions that only emitted a log from the address; a breakglass transaction detector matches transactions to or from it (add an event detector for the rest)")
			}
			if len(m.NotifyConfig.Channels) > 0 {
				var names []string
				for _, ch := range m.NotifyConfig.Channels {
					n, _ := dfRefName(ch)
					names = append(names, n)
				}
				b.note(di, "notified through channels %s (by severity)", strings.Join(names, ", "))
			}
			if msg := m.NotifyConfig.Message; msg != nil && *msg != "" {
				d.comments = append(d.comments, fmt.Sprintf("source message: %q", *msg))
				b.note(di, "the notification message is kept as a comment: breakglass messages come from its templates (per incident event)")
			}
			if respTodo != "" {
				b.note(di, "%s", respTodo)
			}
			if len(m.Conditions.Event) > 0 && len(m.Conditions.Function) > 0 {
				b.note(di, "Defender required an event and a function match in the same transaction; breakglass alerts on each (group them in one incident by contract)")
			}
			b.detectors = append(b.detectors, d)
		}
		const inABI = "the monitor's abi"
		for _, ev := range m.Conditions.Event {
			if sig, cond, src, ok := b.sigCond(who, parsed, "event", ev.Signature, ev.Expression, inABI); ok {
				emit("event", sig, cond, src)
			}
		}
		for _, fn := range m.Conditions.Function {
			if sig, cond, src, ok := b.sigCond(who, parsed, "function", fn.Signature, fn.Expression, inABI); ok {
				emit("function", sig, cond, src, "call.depth == 0")
			}
		}
		if len(m.Conditions.Event) == 0 && len(m.Conditions.Function) == 0 {
			emit("transaction", "", "", fmt.Sprintf("%s: transactions", who))
		}
	}
}

// readAction reads an action's code (PATH/index.js or PATH itself).
func readAction(dir, p string) string {
	for _, f := range []string{filepath.Join(dir, p, "index.js"), filepath.Join(dir, p, "index.ts"), filepath.Join(dir, p)} {
		if data, err := os.ReadFile(f); err == nil {
			return string(data)
		}
	}
	return ""
}

// yamlToJSON converts a YAML-decoded value to JSON text.
func yamlToJSON(v any) (string, error) {
	var conv func(any) any
	conv = func(x any) any {
		switch t := x.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range t {
				out[k] = conv(e)
			}
			return out
		case []any:
			for i := range t {
				t[i] = conv(t[i])
			}
		}
		return x
	}
	data, err := json.Marshal(conv(v))
	return string(data), err
}

var selfCustom = regexp.MustCompile(`^\$\{self:custom\.([A-Za-z0-9_.-]+)\}$`)

// resolveSelf replaces, in place, the values written ${self:custom.PATH}
// by what the file's own custom section holds at PATH (as the Serverless
// Framework does). A PATH into a file the section loads (secrets) stays a
// reference: files other than the YAML are not read for secrets.
func resolveSelf(v any, custom map[string]any, depth int) any {
	if depth > 32 {
		return v
	}
	switch x := v.(type) {
	case string:
		m := selfCustom.FindStringSubmatch(x)
		if m == nil {
			return x
		}
		var cur any = custom
		for _, k := range strings.Split(m[1], ".") {
			mm, ok := cur.(map[string]any)
			if !ok {
				return x
			}
			if cur, ok = mm[k]; !ok {
				return x
			}
		}
		if s, ok := cur.(string); ok && strings.HasPrefix(s, "${") {
			return x
		}
		return resolveSelf(cur, custom, depth+1)
	case map[string]any:
		for k, e := range x {
			if depth == 0 && k == "custom" {
				continue
			}
			x[k] = resolveSelf(e, custom, depth+1)
		}
	case []any:
		for i, e := range x {
			x[i] = resolveSelf(e, custom, depth+1)
		}
	}
	return v
}
