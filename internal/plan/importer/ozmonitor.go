package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// ozSecret is OpenZeppelin Monitor's SecretValue: {type: Plain |
// Environment | HashicorpCloudVault, value}, or a bare string (plain).
type ozSecret struct {
	secret
	plain string // the plain value, used only to decide (never written)
}

func (s *ozSecret) UnmarshalJSON(b []byte) error {
	var str string
	if json.Unmarshal(b, &str) == nil {
		s.kind, s.plain, s.set = "plain", str, true
		return nil
	}
	var v struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	s.set = true
	switch strings.ToLower(v.Type) {
	case "environment":
		s.kind, s.name = "environment", v.Value
	case "hashicorpcloudvault":
		s.kind, s.name = "vault", v.Value
	default:
		s.kind, s.plain = "plain", v.Value
	}
	return nil
}

type ozNetwork struct {
	NetworkType string `json:"network_type"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	RPCURLs     []struct {
		Type   string   `json:"type_"`
		URL    ozSecret `json:"url"`
		Weight int      `json:"weight"`
	} `json:"rpc_urls"`
	ChainID            *uint64 `json:"chain_id"`
	BlockTimeMs        int     `json:"block_time_ms"`
	ConfirmationBlocks uint64  `json:"confirmation_blocks"`
}

var ozNetworkSchema = schema{
	"network_type": anything, "slug": anything, "name": anything, "chain_id": anything,
	"rpc_urls":      {"type_": anything, "url": {"type": anything, "value": anything}, "weight": anything},
	"block_time_ms": anything, "confirmation_blocks": anything, "cron_schedule": anything,
	"max_past_blocks": anything, "store_blocks": anything, "network_passphrase": anything,
	"recovery_config": anything,
}

type ozCond struct {
	Signature  string  `json:"signature"`
	Expression *string `json:"expression"`
}

type ozMonitor struct {
	Name      string   `json:"name"`
	Paused    bool     `json:"paused"`
	Networks  []string `json:"networks"`
	Addresses []struct {
		Address      string          `json:"address"`
		ContractSpec json.RawMessage `json:"contract_spec"`
	} `json:"addresses"`
	MatchConditions struct {
		Functions    []ozCond `json:"functions"`
		Events       []ozCond `json:"events"`
		Transactions []struct {
			Status     string  `json:"status"`
			Expression *string `json:"expression"`
		} `json:"transactions"`
	} `json:"match_conditions"`
	TriggerConditions []struct {
		ScriptPath string `json:"script_path"`
		Language   string `json:"language"`
	} `json:"trigger_conditions"`
	Triggers []string `json:"triggers"`
}

var ozMonitorSchema = schema{
	"name": anything, "paused": anything, "networks": anything,
	"addresses": {"address": anything, "contract_spec": anything},
	"match_conditions": {
		"functions":    {"signature": anything, "expression": anything},
		"events":       {"signature": anything, "expression": anything},
		"transactions": {"status": anything, "expression": anything},
	},
	"trigger_conditions": {"script_path": anything, "language": anything, "timeout_ms": anything, "arguments": anything},
	"triggers":           anything, "chain_configurations": anything,
}

type ozMessage struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

type ozTrigger struct {
	Name        string `json:"name"`
	TriggerType string `json:"trigger_type"`
	Config      struct {
		SlackURL   ozSecret  `json:"slack_url"`
		DiscordURL ozSecret  `json:"discord_url"`
		Token      ozSecret  `json:"token"`
		ChatID     string    `json:"chat_id"`
		Host       string    `json:"host"`
		Port       int       `json:"port"`
		Username   ozSecret  `json:"username"`
		Password   ozSecret  `json:"password"`
		Sender     string    `json:"sender"`
		Recipients []string  `json:"recipients"`
		URL        ozSecret  `json:"url"`
		Method     string    `json:"method"`
		Secret     ozSecret  `json:"secret"`
		Message    ozMessage `json:"message"`
		ScriptPath string    `json:"script_path"`
		Language   string    `json:"language"`
	} `json:"config"`
}

var ozTriggerSchema = schema{
	"name": anything, "trigger_type": anything,
	"config": {
		"slack_url": anything, "discord_url": anything, "token": anything, "chat_id": anything,
		"disable_web_preview": anything, "host": anything, "port": anything, "username": anything,
		"password": anything, "sender": anything, "recipients": anything, "url": anything,
		"method": anything, "secret": anything, "headers": anything, "message": {"title": anything, "body": anything},
		"script_path": anything, "language": anything, "arguments": anything, "timeout_ms": anything,
		"retry_policy": anything, "payload_mode": anything,
	},
}

// ozTxVars are OpenZeppelin Monitor's transaction variables and their
// breakglass names.
var ozTxVars = map[string]struct {
	name string
	kind Kind
}{
	"value": {"tx.value", KindInt}, "from": {"tx.from", KindAddress}, "to": {"tx.to", KindAddress},
	"hash": {"tx.hash", KindHash}, "gas_price": {"tx.gasPrice", KindInt}, "gas_limit": {"tx.gas", KindInt},
	"nonce": {"tx.nonce", KindInt}, "gas_used": {"tx.gasUsed", KindInt}, "transaction_index": {"tx.index", KindInt},
}

func ozTxResolver(name string) (string, *Type, error) {
	v, ok := ozTxVars[name]
	if !ok {
		if name == "input" || strings.HasPrefix(name, "max_") {
			return "", nil, fmt.Errorf("transaction field %q has no breakglass equivalent: %w", name, ErrUnsupported)
		}
		return "", nil, fmt.Errorf("%q is not a transaction field", name)
	}
	return v.name, &Type{Kind: v.kind}, nil
}

// readJSON decodes file into v and lists its unknown fields; a malformed
// file is a blocking problem.
func (b *builder) readJSON(fsys fs.FS, file string, v any, s schema) bool {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		b.problem("%s: %v", file, err)
		return false
	}
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		b.problem("%s", jsonError(file, data, err))
		return false
	}
	if err := json.Unmarshal(data, v); err != nil {
		b.problem("%s", jsonError(file, data, err))
		return false
	}
	if s != nil {
		if m, ok := v.(*map[string]*ozTrigger); ok {
			for _, k := range sortedKeys(*m) {
				b.unknown(file, unknownFields(raw.(map[string]any)[k], s, k))
			}
		} else {
			b.unknown(file, unknownFields(raw, s, ""))
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// OZMonitor imports an OpenZeppelin Monitor configuration directory
// (networks/*.json, monitors/*.json, triggers/*.json) read from fsys;
// source names it in the report and planFile is the plan's file name.
func OZMonitor(fsys fs.FS, source, planFile string) *Result {
	b := newBuilder(source, planFile, "Imported from OpenZeppelin Monitor")
	b.header = []string{
		"breakglass plan imported from the OpenZeppelin Monitor configuration " + source + ".",
		"Check it with: breakglass plan check " + planFile,
	}
	b.severities = defaultSeverities
	list := func(dir string) []string {
		files, err := fs.Glob(fsys, dir+"/*.json")
		if err != nil || len(files) == 0 {
			return nil
		}
		sort.Strings(files)
		return files
	}
	// networks
	nets := map[string]*network{}
	nonEVM := map[string]bool{}
	for _, f := range list("networks") {
		var n ozNetwork
		if !b.readJSON(fsys, f, &n, ozNetworkSchema) {
			continue
		}
		it := b.item(fmt.Sprintf("%s: network %q", f, n.Slug))
		if n.NetworkType != "" && !strings.EqualFold(n.NetworkType, "EVM") {
			nonEVM[n.Slug] = true
			b.drop(it, "a %s network: breakglass follows EVM chains only; its monitors are skipped", n.NetworkType)
			continue
		}
		if n.ChainID == nil {
			b.problem("%s: network %q has no chain_id", f, n.Slug)
			continue
		}
		out := &network{name: b.unique("network", n.Slug), chainID: *n.ChainID, confirmations: n.ConfirmationBlocks, item: it}
		urls := n.RPCURLs
		sort.SliceStable(urls, func(i, j int) bool { return urls[i].Weight > urls[j].Weight })
		for k, u := range urls {
			if u.Type != "" && u.Type != "rpc" {
				continue
			}
			switch {
			case u.URL.kind == "plain" && !apiKeyish(u.URL.plain):
				out.rpc = append(out.rpc, u.URL.plain)
			default:
				ref, todo := u.URL.ref(envName(n.Slug, "RPC_URL", fmt.Sprint(k+1)))
				out.rpc = append(out.rpc, ref)
				if todo != "" {
					out.comments = append(out.comments, "TODO: "+todo)
					b.note(it, "rpc_urls[%d]: %s", k, todo)
				}
			}
		}
		if len(out.rpc) == 0 {
			b.problem("%s: network %q has no RPC URL", f, n.Slug)
			continue
		}
		if n.BlockTimeMs > 0 {
			b.note(it, "block_time_ms %d: breakglass follows new heads (HTTP endpoints are polled every 2s by default: set poll_interval)", n.BlockTimeMs)
		}
		b.networks = append(b.networks, out)
		nets[n.Slug] = out
	}
	// triggers
	channels := map[string]*channel{}
	triggersKnown := map[string]string{} // trigger → its channel ("" if none)
	var msgs [][2]string
	for _, f := range list("triggers") {
		var m map[string]*ozTrigger
		if !b.readJSON(fsys, f, &m, ozTriggerSchema) {
			continue
		}
		for _, key := range sortedKeys(m) {
			triggersKnown[key] = ""
			if c := b.ozChannel(f, key, m[key]); c != nil {
				channels[key] = c
				triggersKnown[key] = c.name
				b.channels = append(b.channels, c)
				if msg := m[key].Config.Message; msg.Title != "" || msg.Body != "" {
					msgs = append(msgs, [2]string{msg.Title, msg.Body})
				}
			}
		}
	}
	b.addTemplate("triggers/*.json: the triggers' message title and body", msgs)
	// monitors
	contracts := map[string]*contract{}
	for _, f := range list("monitors") {
		var m ozMonitor
		if !b.readJSON(fsys, f, &m, ozMonitorSchema) {
			continue
		}
		b.ozMonitor(f, &m, nets, nonEVM, triggersKnown, contracts)
	}
	if len(list("networks")) == 0 {
		b.problem("%s: no networks/*.json", source)
	}
	if len(list("monitors")) == 0 {
		b.problem("%s: no monitors/*.json", source)
	}
	return b.finish()
}

// ozChannel turns one trigger into a channel, or reports why not.
func (b *builder) ozChannel(file, key string, t *ozTrigger) *channel {
	it := b.item(fmt.Sprintf("%s: trigger %q (%s)", file, key, t.TriggerType))
	c := &channel{name: b.unique("channel", key), typ: t.TriggerType, item: it}
	cfg := &t.Config
	secretField := func(field string, s ozSecret, what string) {
		if !s.set {
			b.problem("%s: trigger %q: config.%s is missing", file, key, what)
			return
		}
		ref, todo := s.ref(envName(key, what))
		c.fields = append(c.fields, fmt.Sprintf("%s: %s", field, ref))
		if todo != "" {
			c.comments = append(c.comments, "TODO: "+todo)
			b.note(it, "%s: %s", what, todo)
		}
	}
	switch t.TriggerType {
	case "slack":
		secretField("webhook_url", cfg.SlackURL, "slack_url")
	case "discord":
		secretField("webhook_url", cfg.DiscordURL, "discord_url")
	case "telegram":
		secretField("token", cfg.Token, "token")
		c.fields = append(c.fields, "chat_id: "+q(cfg.ChatID))
	case "email":
		port := cfg.Port
		if port == 0 {
			port = 465
		}
		user := ""
		if cfg.Username.set {
			if cfg.Username.kind == "plain" {
				user = ", username: " + q(cfg.Username.plain)
			} else {
				b.note(it, "username: a secret in the source; write it in smtp.username")
			}
		}
		pass := ""
		if cfg.Password.set {
			ref, todo := cfg.Password.ref(envName(key, "password"))
			pass = ", password: " + ref
			if todo != "" {
				c.comments = append(c.comments, "TODO: "+todo)
				b.note(it, "password: %s", todo)
			}
		}
		to := make([]string, len(cfg.Recipients))
		for i, r := range cfg.Recipients {
			to[i] = q(r)
		}
		c.fields = append(c.fields, fmt.Sprintf("smtp: {host: %s, port: %d%s%s, from: %s, to: [%s]}",
			q(cfg.Host), port, user, pass, q(cfg.Sender), strings.Join(to, ", ")))
	case "webhook":
		switch {
		case cfg.URL.kind == "plain":
			c.fields = append(c.fields, "url: "+q(cfg.URL.plain))
		default:
			b.problem("%s: trigger %q: a webhook URL held as a secret (%s) cannot be an env: reference in breakglass; write the URL in the trigger", file, key, cfg.URL.kind)
		}
		if cfg.Secret.set {
			secretField("secret", cfg.Secret, "secret")
		}
		if cfg.Method != "" && !strings.EqualFold(cfg.Method, "POST") {
			b.note(it, "method %s: breakglass webhooks always POST", cfg.Method)
		}
		b.note(it, "headers are not carried over: breakglass signs the body with X-Signature (HMAC-SHA256 of the secret)")
	case "script":
		b.drop(it, "breakglass runs no notification scripts (%s); instead point a webhook channel at a service that runs %s", cfg.Language, cfg.ScriptPath)
		return nil
	default:
		b.drop(it, "unknown trigger type %q; add a channel by hand (slack, discord, telegram, pagerduty, email, webhook)", t.TriggerType)
		return nil
	}
	if cfg.Message.Title != "" || cfg.Message.Body != "" {
		c.comments = append(c.comments, fmt.Sprintf("source message: title %q, body %q", cfg.Message.Title, cfg.Message.Body))
		b.note(it, "message title/body kept as a comment at the channel; breakglass messages come from one template per incident event, written from it when every trigger's message is the same and its variables map (see the template item)")
	}
	return c
}

// ozMonitor turns one monitor into detectors.
func (b *builder) ozMonitor(file string, m *ozMonitor, nets map[string]*network, nonEVM map[string]bool, triggers map[string]string, contracts map[string]*contract) {
	who := fmt.Sprintf("%s: monitor %q", file, m.Name)
	if m.Paused {
		it := b.item(who)
		b.drop(it, "paused in the source; not imported (import it unpaused to watch it)")
		return
	}
	var via []string
	for _, t := range m.Triggers {
		ch, ok := triggers[t]
		switch {
		case !ok:
			b.problem("%s: trigger %q is not defined in triggers/*.json", who, t)
		case ch == "":
			via = append(via, t+" (not carried over)")
		default:
			via = append(via, ch)
		}
	}
	if len(m.Addresses) == 0 {
		it := b.item(who)
		b.drop(it, "no addresses: breakglass detectors watch a contract; add the contracts to watch")
		return
	}
	for _, tc := range m.TriggerConditions {
		it := b.item(fmt.Sprintf("%s: trigger condition %s", who, tc.ScriptPath))
		b.drop(it, "filter scripts are not run by breakglass; write the filter into the detectors' conditions (they can read contract state with an invariant detector's reads)")
	}
	// The transaction filter: any of the transaction conditions.
	var txParts []string
	failureOnly := len(m.MatchConditions.Transactions) > 0
	txOK := true
	for _, tc := range m.MatchConditions.Transactions {
		var parts []string
		switch strings.ToLower(tc.Status) {
		case "success":
			parts = append(parts, "tx.success")
			failureOnly = false
		case "failure":
			parts = append(parts, "tx.reverted")
		case "any", "":
			failureOnly = false
		default:
			b.problem("%s: transaction status %q (want Success, Failure or Any)", who, tc.Status)
			txOK = false
		}
		if tc.Expression != nil && strings.TrimSpace(*tc.Expression) != "" {
			s, err := b.translate(who, *tc.Expression, ozTxResolver)
			if err != nil {
				it := b.item(fmt.Sprintf("%s: transaction condition %q", who, *tc.Expression))
				b.drop(it, "%v; the monitor is not imported (rewrite the condition by hand)", err)
				return
			}
			if s == "" {
				txOK = false
				continue
			}
			parts = append(parts, wrap(s, "&&"))
		}
		if len(parts) == 0 {
			txParts = nil // one condition matching every transaction
			break
		}
		txParts = append(txParts, strings.Join(parts, " && "))
	}
	if !txOK {
		return
	}
	txFilter := strings.Join(txParts, " || ")
	var sevNote = "OpenZeppelin Monitor has no severity: set to high; change it per detector"
	for _, netName := range m.Networks {
		if nonEVM[netName] {
			it := b.item(fmt.Sprintf("%s on %s", who, netName))
			b.drop(it, "network %q is not EVM; skipped", netName)
			continue
		}
		n := nets[netName]
		if n == nil {
			b.problem("%s: network %q is not defined in networks/*.json", who, netName)
			continue
		}
		for ai, a := range m.Addresses {
			if !common.IsHexAddress(a.Address) {
				b.problem("%s: addresses[%d]: %q is not an address", who, ai, a.Address)
				continue
			}
			addr := common.HexToAddress(a.Address)
			c, parsed, ok := b.ozContract(who, m.Name, n, addr, a.ContractSpec, b.byAddr)
			if !ok {
				continue
			}
			emit := func(kind, sig, cond string, itemSrc string, extra []string) {
				it := b.item(itemSrc)
				full := joinAnd(append(extra, cond, txFilter)...)
				d := &detector{name: detectorName(b, m.Name, sig), kind: kind,
					contract: c.name, signature: sig, condition: full, severity: "high", items: []int{it}}
				d.comments = append(d.comments, fmt.Sprintf("from %s", itemSrc))
				b.note(it, "%s", sevNote)
				if txFilter != "" {
					b.note(it, "the monitor's transaction conditions are part of the condition: %s", txFilter)
				}
				if len(via) > 0 {
					b.note(it, "notified through channels %s (by severity)", strings.Join(via, ", "))
				}
				if kind == "transaction" {
					b.note(it, "OpenZeppelin Monitor also matched transactions that only emitted a log from the address; a breakglass transaction detector matches transactions to or from it (add an event detector for the rest)")
				}
				if failureOnly && kind == "event" {
					b.note(it, "the source matches failed transactions only, which emit no events: this detector never fires (as in the source)")
				}
				b.detectors = append(b.detectors, d)
			}
			inSpec := "the contract_spec of " + a.Address
			for _, ev := range m.MatchConditions.Events {
				if sig, cond, src, ok := b.sigCond(who, parsed, "event", ev.Signature, ev.Expression, inSpec); ok {
					emit("event", sig, cond, src, nil)
				}
			}
			for _, fn := range m.MatchConditions.Functions {
				if sig, cond, src, ok := b.sigCond(who, parsed, "function", fn.Signature, fn.Expression, inSpec); ok {
					// OpenZeppelin Monitor matches the transaction's own call only.
					emit("function", sig, cond, src, []string{"call.depth == 0"})
				}
			}
			if len(m.MatchConditions.Events) == 0 && len(m.MatchConditions.Functions) == 0 {
				src := fmt.Sprintf("%s: transactions", who)
				if len(m.MatchConditions.Transactions) == 0 {
					src = fmt.Sprintf("%s: every transaction", who)
				}
				emit("transaction", "", "", src, nil)
			}
		}
	}
}

// sigCond reads a source's condition on an event or a function (kind):
// the ABI entry of signature sig in parsed, and expr translated as a
// condition on its arguments. It returns the entry's canonical signature,
// the condition and the source's description; ok is false when sig is not
// in parsed (a problem naming where, the ABI it was looked for in) or the
// condition was dropped.
func (b *builder) sigCond(who string, parsed abi.ABI, kind, sig string, expr *string, where string) (canonical, cond, src string, ok bool) {
	src = fmt.Sprintf("%s: %s %s", who, kind, sig)
	var inputs abi.Arguments
	var found bool
	if kind == "event" {
		var e abi.Event
		e, found = findEvent(parsed, sig)
		canonical, inputs = e.Sig, e.Inputs
	} else {
		var m abi.Method
		m, found = findMethod(parsed, sig)
		canonical, inputs = m.Sig, m.Inputs
	}
	if !found {
		b.problem("%s: %s %s is not in %s", who, kind, sig, where)
		return "", "", src, false
	}
	cond, ok = b.argCond(who, src, expr, argResolver(inputs, nil))
	return canonical, cond, src, ok
}

// argCond translates an event's or function's expression; ok is false when
// the condition was dropped or is a blocking problem.
func (b *builder) argCond(who, src string, expr *string, r Resolver) (string, bool) {
	if expr == nil || strings.TrimSpace(*expr) == "" {
		return "", true
	}
	s, err := b.translate(who, *expr, r)
	if err != nil {
		it := b.item(src)
		b.drop(it, "%v; rewrite it by hand as a breakglass condition", err)
		return "", false
	}
	return s, s != ""
}

// translate parses and translates an expression. A parse error or an
// unknown variable is a blocking problem (returns "", nil); an operation
// without an equivalent is returned as an error.
func (b *builder) translate(who, src string, r Resolver) (string, error) {
	e, err := Parse(src)
	if err != nil {
		b.problem("%s: expression %q does not parse: %v", who, src, err)
		return "", nil
	}
	s, err := Translate(e, r)
	if err != nil {
		if errors.Is(err, ErrUnsupported) {
			return "", err
		}
		b.problem("%s: expression %q: %v", who, src, err)
		return "", nil
	}
	return s, nil
}

// ozContract finds or adds the contract at addr on n.
func (b *builder) ozContract(who, monitor string, n *network, addr common.Address, spec json.RawMessage, contracts map[string]*contract) (*contract, abi.ABI, bool) {
	key := n.name + "/" + addr.Hex()
	if len(spec) == 0 || string(spec) == "null" {
		spec = json.RawMessage("[]")
	}
	// Later versions wrap the ABI by chain: {"EVM": [...]}.
	var wrapped map[string]json.RawMessage
	if json.Unmarshal(spec, &wrapped) == nil {
		if evm, ok := wrapped["EVM"]; ok {
			spec = evm
		}
	}
	parsed, compact, err := parseABI(spec)
	if err != nil {
		b.problem("%s: contract_spec of %s: %v", who, addr.Hex(), err)
		return nil, abi.ABI{}, false
	}
	if c := contracts[key]; c != nil {
		if c.abi != compact {
			// Merge: the plan holds one ABI per contract.
			merged, err := mergeABI(c.abi, compact)
			if err != nil {
				b.problem("%s: contract_spec of %s: %v", who, addr.Hex(), err)
				return nil, abi.ABI{}, false
			}
			c.abi = merged
		}
		return c, parsed, true
	}
	it := b.item(fmt.Sprintf("%s: address %s on %s", who, addr.Hex(), n.name))
	c := &contract{name: b.unique("contract", monitor), network: n.name, address: addr.Hex(), abi: compact, item: it}
	contracts[key] = c
	b.contracts = append(b.contracts, c)
	return c, parsed, true
}

// mergeABI joins two JSON ABIs, without duplicates.
func mergeABI(a, c string) (string, error) {
	var x, y []json.RawMessage
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		return "", err
	}
	if err := json.Unmarshal([]byte(c), &y); err != nil {
		return "", err
	}
	seen := map[string]bool{}
	var out []json.RawMessage
	for _, e := range append(x, y...) {
		if !seen[string(e)] {
			seen[string(e)] = true
			out = append(out, e)
		}
	}
	data, err := json.Marshal(out)
	return string(data), err
}

// joinAnd joins the non-empty conditions with &&.
func joinAnd(parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	if len(out) > 1 {
		for i, p := range out {
			out[i] = wrap(p, "&&")
		}
	}
	return strings.Join(out, " && ")
}
