package plan

import (
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"
	_ "time/tzdata" // obligations' time zones must load on machines without zoneinfo

	"github.com/ethereum/go-ethereum/common"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

// Validate checks the plan's meaning: references between sections, ABI
// signatures, conditions, executors and channels. Load and Parse call it;
// call it yourself on a plan built in code. It returns Problems listing
// every problem, or nil.
func (p *Plan) Validate() error {
	r := &reporter{}
	v := &validator{reporter: r, p: p}
	v.validate()
	if len(r.problems) == 0 {
		return nil
	}
	return r.problems.sort()
}

type validator struct {
	*reporter
	p *Plan
	// bad holds the paths the decoder already reported, so that a value it
	// could not read is not reported twice.
	bad map[string]bool
}

// at returns the position of path, or of its closest written parent.
func (v *validator) at(path string) Pos {
	for {
		if pos, ok := v.p.positions[path]; ok {
			return pos
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			if pos, ok := v.p.positions[""]; ok && path != "" {
				return pos
			}
			return Pos{File: v.p.Path}
		}
		path = path[:i]
	}
}

func (v *validator) errf(path, format string, args ...any) {
	if v.isBad(path) {
		return
	}
	v.add(v.at(path), "%s: %s", label(path), fmt.Sprintf(format, args...))
}

// isBad reports whether the decoder already reported path or a parent of
// it (a list item that was not a mapping, an optional section it could not
// read).
func (v *validator) isBad(path string) bool {
	for {
		if v.bad[path] {
			return true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return v.bad[""]
		}
		path = path[:i]
	}
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// names checks a section's names (valid, unique) and returns them.
func (v *validator) names(section string, n int, name func(int) string) []string {
	var out []string
	seen := map[string]int{}
	for i := range n {
		nm := name(i)
		path := fmt.Sprintf("%s[%d].name", section, i)
		if nm == "" {
			continue
		}
		if !nameRE.MatchString(nm) {
			v.errf(path, "%q is not a valid name (letters, digits, _ and -, starting with a letter or digit)", short(nm))
		}
		if j, dup := seen[nm]; dup {
			v.errf(path, "duplicate name %q (also %s[%d], line %d)", nm, section, j, v.at(fmt.Sprintf("%s[%d]", section, j)).Line)
			continue
		}
		seen[nm] = i
		out = append(out, nm)
	}
	return out
}

// ref reports name unless it is in known; what names the kind of thing.
func (v *validator) ref(path, what, name string, known []string) bool {
	if name == "" || slices.Contains(known, name) {
		return true
	}
	v.errf(path, "unknown %s %q%s", what, name, didYouMean(name, known))
	return false
}

func (v *validator) validate() {
	p := v.p
	if p.Version != Version && !v.bad["version"] {
		v.errf("version", "unsupported plan version %d (this breakglass reads version %d)", p.Version, Version)
	}
	v.validateNetworks()
	v.validateExecutors()
	v.validateContracts()
	v.validateAccounts()
	v.validateConstants()
	v.validatePeopleAndRoles()
	v.validateChannels()
	v.validateSeverities()
	v.validateDetectors()
	v.validateObligations()
	v.validateRunbooks()
	v.validateTemplates()
	v.validatePolicy()
	v.validateMisc()
}

func (v *validator) networkNames() []string {
	return v.names("networks", len(v.p.Networks), func(i int) string { return v.p.Networks[i].Name })
}

func (v *validator) validateNetworks() {
	v.networkNames()
	for i, n := range v.p.Networks {
		base := fmt.Sprintf("networks[%d]", i)
		if n.ChainID == 0 {
			v.errf(base+".chain_id", "chain_id must be a positive chain id")
		}
		if len(n.RPC) == 0 && !v.bad[base+".rpc"] {
			v.errf(base+".rpc", "at least one RPC URL is needed")
		}
		switch {
		case n.Replicas < 0:
			v.errf(base+".replicas", "replicas must be at least 2 (or left out: every daemon follows the network)")
		case n.Replicas == 1:
			v.errf(base+".replicas", "replicas: 1 leaves the network unwatched while its one daemon is down; use at least 2 (or leave it out: every daemon follows the network)")
		}
		v.validateFees(base+".fees", n.Fees)
		v.validateMempool(base+".mempool", n)
		if n.Explorer != "" {
			if err := checkURL(n.Explorer, "http", "https"); err != nil {
				v.errf(base+".explorer", "%v", err)
			}
		}
		if s := n.NativeSymbol; s != "" && (len(s) > 16 || strings.ContainsAny(s, " \t\n<>&\"'")) {
			v.errf(base+".native_symbol", "native_symbol %q: want a short symbol such as ETH, without spaces or markup", s)
		}
		switch n.Traces.Method {
		case "", TraceAuto, TraceParity, TraceDebugTransaction, TraceDebugBlock:
		default:
			v.errf(base+".traces.method", "unknown trace method %q (want %s, %s, %s or %s)", n.Traces.Method,
				TraceAuto, TraceParity, TraceDebugTransaction, TraceDebugBlock)
		}
		if n.Prefetch < 0 {
			v.errf(base+".prefetch", "prefetch must be positive")
		}
	}
}

// validateMempool checks a network's pre-execution protection: its
// priority-fee cap is above zero and within the network's fee cap.
func (v *validator) validateMempool(base string, n Network) {
	m := n.Mempool
	if !m.MaxPriorityFee.IsSet() {
		return
	}
	if m.MaxPriorityFee.Int().Sign() == 0 {
		v.errf(base+".max_priority_fee", "max_priority_fee must be above 0: no containment could be priced ahead of a pending transaction")
		return
	}
	maxFee, capText := mustAmount(DefaultMaxFee), DefaultMaxFee+" (the default max_fee)"
	if n.Fees.MaxFee.IsSet() {
		maxFee, capText = n.Fees.MaxFee.Int(), "fees.max_fee "+n.Fees.MaxFee.String()
	}
	if m.MaxPriorityFee.Int().Cmp(maxFee) > 0 {
		v.errf(base+".max_priority_fee", "max_priority_fee %s is above %s: the priority fee is paid out of the fee cap; raise fees.max_fee or lower mempool.max_priority_fee",
			m.MaxPriorityFee, capText)
	}
}

func mustAmount(s string) *big.Int {
	v, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return v
}

// validateFees checks a network's fees: a fee cap above zero, and a
// priority fee within the cap (the priority fee is paid out of it).
func (v *validator) validateFees(base string, f Fees) {
	maxFee, _ := ParseAmount(DefaultMaxFee)
	capText := DefaultMaxFee + " (the default max_fee)"
	if f.MaxFee.IsSet() {
		if f.MaxFee.Int().Sign() == 0 {
			v.errf(base+".max_fee", "max_fee must be above 0: no containment transaction could be sent")
			return
		}
		maxFee, capText = f.MaxFee.Int(), "max_fee "+f.MaxFee.String()
	}
	if f.MaxPriorityFee.IsSet() && f.MaxPriorityFee.Int().Cmp(maxFee) > 0 {
		v.errf(base+".max_priority_fee", "max_priority_fee %s is above %s: the priority fee is paid out of the fee cap; raise max_fee or lower max_priority_fee",
			f.MaxPriorityFee, capText)
	}
}

func (v *validator) validateExecutors() {
	p := v.p
	v.names("executors", len(p.Executors), func(i int) string { return p.Executors[i].Name })
	nets := names(p.Networks, func(n Network) string { return n.Name })
	for i, e := range p.Executors {
		base := fmt.Sprintf("executors[%d]", i)
		v.ref(base+".network", "network", e.Network, nets)
		notFor := func(set bool, field string) {
			if set {
				v.errf(base+"."+field, "%s does not apply to a %s executor", field, e.Type)
			}
		}
		switch e.Type {
		case ExecutorKey:
			switch {
			case e.Key.IsZero() && e.Keystore == "" && !v.bad[base+".key"] && !v.bad[base+".keystore"]:
				v.errf(base, "a key executor needs key (env:NAME or file:PATH) or keystore")
			case !e.Key.IsZero() && e.Keystore != "":
				v.errf(base+".keystore", "set key or keystore, not both")
			case e.Keystore != "":
				if e.Password.IsZero() {
					v.errf(base+".keystore", "a keystore needs password (env:NAME or file:PATH)")
				}
				v.checkFile(base+".keystore", "keystore", e.Keystore)
			}
			if e.Keystore == "" {
				notFor(!e.Password.IsZero(), "password")
			}
			notFor(e.Safe != (common.Address{}), "safe")
			notFor(len(e.Owners) > 0, "owners")
			notFor(e.Threshold != 0, "threshold")
			notFor(e.ServiceURL != "", "service_url")
			notFor(!e.ServiceAPIKey.IsZero(), "service_api_key")
			notFor(e.Submitter != "", "submitter")
		case ExecutorSafe:
			if e.Network == "" {
				v.errf(base, "a safe executor needs network")
			}
			if e.Safe == (common.Address{}) {
				v.errf(base+".safe", "a safe executor needs the Safe's address (safe: 0x…)")
			}
			// No owner key is a Safe that contains with pre-signed
			// transactions only (breakglass presign); warnings.go says so.
			if len(e.Owners) > 0 && e.Threshold > 0 && len(e.Owners) < e.Threshold && e.ServiceURL == "" {
				v.errf(base+".owners", "%d owner key(s) held for a threshold of %d and no service_url to propose to", len(e.Owners), e.Threshold)
			}
			if e.ServiceURL != "" {
				if err := checkURL(e.ServiceURL, "http", "https"); err != nil {
					v.errf(base+".service_url", "%v", err)
				}
			} else if !e.ServiceAPIKey.IsZero() {
				v.errf(base+".service_api_key", "service_api_key without service_url: name the Safe Transaction Service, e.g. service_url: https://api.safe.global/tx-service/eth")
			}
			switch sub := p.Executor(e.Submitter); {
			case e.Submitter == "":
				v.errf(base, "a safe executor needs submitter: the key executor that sends execTransaction")
			case sub == nil:
				v.ref(base+".submitter", "executor", e.Submitter, names(p.Executors, func(x Executor) string { return x.Name }))
			case sub.Type != ExecutorKey:
				v.errf(base+".submitter", "submitter %q must be a key executor", e.Submitter)
			case sub.Network != "" && e.Network != "" && sub.Network != e.Network:
				v.errf(base+".submitter", "submitter %q is for network %q, the Safe is on %q", e.Submitter, sub.Network, e.Network)
			}
			notFor(!e.Key.IsZero(), "key")
			notFor(e.Keystore != "", "keystore")
			notFor(!e.Password.IsZero(), "password")
		case "":
		default:
			v.errf(base+".type", "unknown executor type %q (want key or safe)%s", e.Type, didYouMean(e.Type, []string{ExecutorKey, ExecutorSafe}))
		}
	}
}

// checkFile reports a path (relative to the plan file) that is not a
// readable regular file. It does not read it.
func (v *validator) checkFile(path, what, name string) {
	file := name
	if !filepath.IsAbs(file) {
		file = filepath.Join(filepath.Dir(v.p.Path), file)
	}
	fi, err := os.Stat(file)
	switch {
	case err != nil:
		v.errf(path, "%s file %s: %v", what, file, errors.Unwrap(err))
	case !fi.Mode().IsRegular():
		v.errf(path, "%s file %s is not a regular file", what, file)
	}
}

func names[T any](items []T, name func(T) string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if n := name(it); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (v *validator) validateContracts() {
	p := v.p
	v.names("contracts", len(p.Contracts), func(i int) string { return p.Contracts[i].Name })
	nets := names(p.Networks, func(n Network) string { return n.Name })
	execs := names(p.Executors, func(e Executor) string { return e.Name })
	type where struct {
		net  string
		addr common.Address
	}
	seen := map[where]string{}
	for i, c := range p.Contracts {
		base := fmt.Sprintf("contracts[%d]", i)
		v.ref(base+".network", "network", c.Network, nets)
		v.ref(base+".executor", "executor", c.Executor, execs)
		if c.Address == (common.Address{}) {
			v.errf(base+".address", "the zero address is not a contract")
		} else if other, dup := seen[where{c.Network, c.Address}]; dup && c.Network != "" {
			v.errf(base+".address", "same address on %s as contract %q", c.Network, other)
		} else {
			seen[where{c.Network, c.Address}] = c.Name
		}
		for _, name := range sortedKeys(c.Actions) {
			v.validateAction(&p.Contracts[i], base+".actions."+name, c.Actions[name])
		}
	}
}

func (v *validator) validateAction(c *Contract, base string, a Action) {
	p := v.p
	if !nameRE.MatchString(a.Name) {
		v.errf(base, "%q is not a valid action name (letters, digits, _ and -)", short(a.Name))
	}
	if a.Call != "" {
		if sig, err := ParseSignature(a.Call); err != nil {
			v.errf(base+".call", "%v", err)
		} else {
			inABI := true
			if c.ABI != nil {
				if _, err := lookupMethod(c.ABI.Parsed, a.Call, c.Name); err != nil {
					v.errf(base+".call", "%v", err)
					inABI = false
				}
			}
			if !inABI {
				// The arguments are checked against the right signature.
			} else if len(a.Args) != len(sig.Inputs) {
				at := base + ".args"
				if len(a.Args) == 0 {
					at = base + ".call"
				}
				v.errf(at, "%s takes %d argument(s), %d given", sig.Canonical(), len(sig.Inputs), len(a.Args))
			} else {
				for k, in := range sig.Inputs {
					if _, err := ParseArg(in.Type, a.Args[k]); err != nil {
						v.errf(fmt.Sprintf("%s.args[%d]", base, k), "%v", err)
					}
				}
			}
		}
	}
	execName := a.Executor
	if execName == "" {
		execName = c.Executor
	}
	switch e := p.Executor(execName); {
	case execName == "":
		v.errf(base, "no executor: set executor on the action or on contract %q", c.Name)
	case e == nil:
		if a.Executor != "" {
			v.ref(base+".executor", "executor", a.Executor, names(p.Executors, func(x Executor) string { return x.Name }))
		}
	case e.Network != "" && c.Network != "" && e.Network != c.Network:
		v.errf(base+".executor", "executor %q is for network %q, contract %q is on %q", e.Name, e.Network, c.Name, c.Network)
	}
	if a.Value != "" {
		if _, err := ParseAmount(a.Value); err != nil {
			v.errf(base+".value", "%v", err)
		}
	}
	if a.Upgrade != nil && a.Upgrade.Implementation == (common.Address{}) {
		v.errf(base+".upgrade.implementation", "the zero address is not an implementation")
	}
}

var standardRoles = []string{RoleIncidentCommander, RoleTechnicalLead, RoleCommunicationsLead, RoleLegalLead, RoleScribe}

func (v *validator) validatePeopleAndRoles() {
	p := v.p
	people := v.names("people", len(p.People), func(i int) string { return p.People[i].Name })
	tokens := map[string]string{}
	for i, x := range p.People {
		base := fmt.Sprintf("people[%d]", i)
		if e := x.Contacts.Email; e != "" && !strings.Contains(e, "@") {
			v.errf(base+".contacts.email", "%q is not an email address", short(e))
		}
		if !x.Token.IsZero() {
			if other, dup := tokens[x.Token.String()]; dup {
				v.errf(base+".token", "token %s is also %q's; each person needs their own", x.Token, other)
			}
			tokens[x.Token.String()] = x.Name
		}
	}
	if _, ok := p.Roles[RoleIncidentCommander]; !ok && len(p.Roles) > 0 {
		v.errf("roles", "missing role %q: every incident needs a commander", RoleIncidentCommander)
	}
	for _, name := range sortedKeys(p.Roles) {
		r := p.Roles[name]
		base := "roles." + name
		if !slices.Contains(standardRoles, name) {
			if !identifier.MatchString(name) {
				v.errf(base, "%q is not a valid role name (letters, digits and _)", short(name))
			} else if s := suggest(name, standardRoles); s != "" {
				v.errf(base, "unknown role %q; did you mean %q? (other roles are allowed, but this looks like a typo)", name, s)
			}
		}
		v.ref(base+".primary", "person", r.Primary, people)
		for k, b := range r.Backups {
			path := fmt.Sprintf("%s.backups[%d]", base, k)
			if b == r.Primary || slices.Contains(r.Backups[:k], b) {
				v.errf(path, "%q is listed twice for role %s", b, name)
				continue
			}
			v.ref(path, "person", b, people)
		}
	}
}

var channelTypes = []string{ChannelSlack, ChannelDiscord, ChannelTelegram, ChannelPagerDuty, ChannelEmail, ChannelWebhook}

func (v *validator) validateChannels() {
	p := v.p
	v.names("channels", len(p.Channels), func(i int) string { return p.Channels[i].Name })
	for i, c := range p.Channels {
		base := fmt.Sprintf("channels[%d]", i)
		if c.Audience != "" && c.Audience != AudienceInternal && c.Audience != AudienceExternal {
			v.errf(base+".audience", "unknown audience %q (want internal or external)%s", c.Audience, didYouMean(c.Audience, []string{AudienceInternal, AudienceExternal}))
		}
		set := map[string]bool{
			"webhook_url": !c.WebhookURL.IsZero(), "url": c.URL != "", "secret": !c.Secret.IsZero(),
			"token": !c.Token.IsZero(), "chat_id": c.ChatID != "", "routing_key": !c.RoutingKey.IsZero(),
			"api_url": c.APIURL != "", "smtp": c.SMTP != nil, "deployment": c.Deployment != "",
		}
		var need, may []string
		switch c.Type {
		case ChannelSlack, ChannelDiscord:
			need = []string{"webhook_url"}
		case ChannelWebhook:
			need, may = []string{"url"}, []string{"secret"}
		case ChannelTelegram:
			need, may = []string{"token", "chat_id"}, []string{"api_url"}
		case ChannelPagerDuty:
			need, may = []string{"routing_key"}, []string{"api_url", "deployment"}
			if d := c.Deployment; d != "" && (len(d) > 128 || strings.ContainsAny(d, " \t\n")) {
				v.errf(base+".deployment", "want a short name without spaces (at most 128 characters), e.g. lending-prod")
			}
		case ChannelEmail:
			need = []string{"smtp"}
		case "":
			continue
		default:
			v.errf(base+".type", "unknown channel type %q (want %s)%s", c.Type, strings.Join(channelTypes, ", "), didYouMean(c.Type, channelTypes))
			continue
		}
		for _, f := range need {
			if !set[f] && !v.bad[base+"."+f] {
				v.errf(base, "a %s channel needs %s", c.Type, f)
			}
		}
		for _, f := range sortedKeys(set) {
			if set[f] && !slices.Contains(need, f) && !slices.Contains(may, f) {
				v.errf(base+"."+f, "%s does not apply to a %s channel", f, c.Type)
			}
		}
		for field, u := range map[string]string{"url": c.URL, "api_url": c.APIURL} {
			if u != "" {
				if err := checkURL(u, "http", "https"); err != nil {
					v.errf(base+"."+field, "%v", err)
				}
			}
		}
		if s := c.SMTP; s != nil {
			if s.From != "" && !strings.Contains(s.From, "@") {
				v.errf(base+".smtp.from", "%q is not an email address", short(s.From))
			}
			for k, to := range s.To {
				if !strings.Contains(to, "@") {
					v.errf(fmt.Sprintf("%s.smtp.to[%d]", base, k), "%q is not an email address", short(to))
				}
			}
			if s.Port > 65535 {
				v.errf(base+".smtp.port", "port %d is out of range", s.Port)
			}
		}
	}
}

func (v *validator) validateSeverities() {
	p := v.p
	v.names("severities", len(p.Severities), func(i int) string { return p.Severities[i].Name })
	roles := sortedKeys(p.Roles)
	people := names(p.People, func(x Person) string { return x.Name })
	chans := names(p.Channels, func(c Channel) string { return c.Name })
	all := slices.Concat(roles, people, chans)
	for i, s := range p.Severities {
		for k, target := range s.Page {
			path := fmt.Sprintf("severities[%d].page[%d]", i, k)
			if !slices.Contains(all, target) {
				v.errf(path, "%q is not a role, person or channel%s", target, didYouMean(target, all))
			}
		}
	}
}

var detectorKinds = []string{KindEvent, KindFunction, KindTransaction, KindBalance, KindInvariant, KindHeuristic}

var heuristics = []string{HeuristicReentrancy, HeuristicFlashLoan, HeuristicNewContract, HeuristicPrivilegeChange, HeuristicTVLOutflow, HeuristicPriceSwing}

func (v *validator) validateDetectors() {
	p := v.p
	v.names("detectors", len(p.Detectors), func(i int) string { return p.Detectors[i].Name })
	// abiBad holds the contracts whose ABI could not be read (already
	// reported), so that their detectors are not reported as lacking one.
	abiBad := map[string]bool{}
	for i, c := range p.Contracts {
		abiBad[c.Name] = v.bad[fmt.Sprintf("contracts[%d].abi", i)]
	}
	contracts := names(p.Contracts, func(c Contract) string { return c.Name })
	sevs := names(p.Severities, func(s Severity) string { return s.Name })
	for i := range p.Detectors {
		d := &p.Detectors[i]
		base := fmt.Sprintf("detectors[%d]", i)
		v.ref(base+".severity", "severity", d.Severity, sevs)
		c := p.Contract(d.Contract)
		if !v.ref(base+".contract", "contract", d.Contract, contracts) {
			c = nil
		}
		kind := d.Kind
		if kind != "" && !slices.Contains(detectorKinds, kind) {
			v.errf(base+".kind", "unknown detector kind %q (want %s)%s", kind, strings.Join(detectorKinds, ", "), didYouMean(kind, detectorKinds))
			continue
		}
		only := func(set bool, field string, kinds ...string) {
			if set && kind != "" && !slices.Contains(kinds, kind) {
				v.errf(base+"."+field, "%s applies only to %s detectors", field, strings.Join(kinds, " and "))
			}
		}
		only(d.Signature != "", "signature", KindEvent, KindFunction)
		only(d.Heuristic != "", "heuristic", KindHeuristic)
		only(len(d.Params) > 0, "params", KindHeuristic)
		only(len(d.Reads) > 0, "reads", KindInvariant)
		only(d.Holds != "", "holds", KindInvariant)
		only(d.Balance != nil, "balance", KindBalance)
		if d.Contract == "" && (kind == KindEvent || kind == KindFunction || kind == KindBalance) {
			v.errf(base, "a %s detector needs contract", kind)
		}
		switch kind {
		case KindEvent, KindFunction:
			switch {
			case d.Signature == "":
				v.errf(base, "a %s detector needs signature", kind)
			case c == nil || abiBad[c.Name]:
			case c.ABI == nil:
				v.errf(base+".contract", "contract %q has no abi; a %s detector needs it to decode", c.Name, kind)
			default:
				var err error
				if kind == KindEvent {
					_, err = lookupEvent(c.ABI.Parsed, d.Signature, c.Name)
				} else {
					_, err = lookupMethod(c.ABI.Parsed, d.Signature, c.Name)
				}
				if err != nil {
					v.errf(base+".signature", "%v", err)
				}
			}
		case KindInvariant:
			switch {
			case d.Holds == "" && d.Condition == "":
				v.errf(base, "an invariant detector needs holds: the expression over its reads that must be true (it alerts when false), e.g. holds: cash + debt >= deposits")
			case d.Holds != "" && d.Condition != "":
				v.errf(base+".condition", "an invariant detector takes holds (what must be true) or the deprecated condition (what alerts), not both")
			}
			for _, name := range sortedKeys(d.Reads) {
				v.validateRead(base+".reads."+name, d.Reads[name], contracts)
			}
		case KindHeuristic:
			if d.Heuristic == "" {
				v.errf(base, "a heuristic detector needs heuristic (one of %s)", strings.Join(heuristics, ", "))
			} else if !slices.Contains(heuristics, d.Heuristic) {
				v.errf(base+".heuristic", "unknown heuristic %q (want %s)%s", d.Heuristic, strings.Join(heuristics, ", "), didYouMean(d.Heuristic, heuristics))
			}
		case KindBalance:
			if d.Balance == nil {
				if !v.bad[base+".balance"] {
					v.errf(base, "a balance detector needs balance")
				}
			} else if t := d.Balance.Token; t != "" && t != NativeToken {
				if tc := p.Contract(t); tc == nil {
					v.errf(base+".balance.token", "unknown token %q: want native or a contract name%s", t, didYouMean(t, contracts))
				} else if c != nil && tc.Network != c.Network {
					v.errf(base+".balance.token", "token %q is on %s, contract %q on %s", t, tc.Network, c.Name, c.Network)
				}
			}
		}
		if d.Condition != "" {
			v.checkCondition(base+".condition", d.Condition, d.ConditionPos)
		}
		if d.Holds != "" {
			v.checkCondition(base+".holds", d.Holds, d.HoldsPos)
		}
		if th := d.Threshold; th != nil {
			if th.Count < 1 && !v.bad[base+".threshold.count"] {
				v.errf(base+".threshold.count", "count must be at least 1")
			}
			if th.Window <= 0 && !v.bad[base+".threshold.window"] {
				v.errf(base+".threshold.window", "window must be above zero")
			}
		}
		for k, ref := range d.Response {
			if c == nil && d.Contract != "" && !strings.Contains(ref, ".") {
				continue // the unknown contract is reported
			}
			v.validateResponse(fmt.Sprintf("%s.response[%d]", base, k), d.Contract, ref)
		}
	}
}

func (v *validator) validateRead(base string, r Read, contracts []string) {
	if !v.ref(base+".contract", "contract", r.Contract, contracts) || r.Contract == "" || r.Call == "" {
		return
	}
	for i, c := range v.p.Contracts {
		if c.Name == r.Contract && v.bad[fmt.Sprintf("contracts[%d].abi", i)] {
			return
		}
	}
	if _, _, err := v.p.Method(r); err != nil {
		field := ".call"
		var ae *argError
		if errors.As(err, &ae) {
			field = ".args"
		}
		v.errf(base+field, "%v", err)
	}
}

// validateResponse checks an action reference of a detector or step.
func (v *validator) validateResponse(path, from, ref string) {
	if ref == "" {
		return
	}
	if c, _ := v.p.Action(from, ref); c != nil {
		return
	}
	var all []string
	for _, c := range v.p.Contracts {
		for name := range c.Actions {
			if c.Name == from {
				all = append(all, name)
			}
			all = append(all, c.Name+"."+name)
		}
	}
	slices.Sort(all)
	if !strings.Contains(ref, ".") {
		for _, c := range v.p.Contracts {
			if _, ok := c.Actions[ref]; ok {
				v.errf(path, "unknown action %q; did you mean %q?", ref, c.Name+"."+ref)
				return
			}
		}
	}
	if !strings.Contains(ref, ".") && from == "" {
		v.errf(path, "action %q: write it as contract.action (there is no contract here)%s", ref, didYouMean(ref, all))
		return
	}
	v.errf(path, "unknown action %q%s", ref, didYouMean(ref, all))
}

// checkCondition syntax-checks an expression (type checking against the
// decoded fields is the detection engine's, at plan load). The literals
// expr cannot read (amounts with a unit, shares, windows, big numbers: see
// ScanLiterals) become placeholders of the same length first, so that
// columns stay right.
func (v *validator) checkCondition(path, src string, at Pos) {
	if v.bad[path] {
		return
	}
	rewritten, _, err := ScanLiterals(src)
	if err == nil {
		_, err = parser.Parse(rewritten)
		if err == nil {
			return
		}
	}
	msg := err.Error()
	pos := at
	var fe *file.Error
	var ee *ExprError
	switch {
	case errors.As(err, &fe):
		msg = fe.Message
		pos = conditionPos(v.p.Source, at, fe.Line, fe.Column)
	case errors.As(err, &ee):
		line, col := lineCol(src, ee.Offset)
		pos = conditionPos(v.p.Source, at, line, col)
	}
	if !pos.IsValid() {
		pos = v.at(path)
	}
	v.add(pos, "%s: syntax error: %s", path, msg)
}

// ExprPosition maps a line (from 1) and 0-based column inside an
// expression written at start in the plan's source to the plan file: past
// the opening quote of a quoted scalar, below the indicator of a block
// scalar.
func ExprPosition(source []byte, start Pos, line, col int) Pos {
	return conditionPos(source, start, line, col)
}

// conditionPos maps a line and 0-based column inside a condition to the
// plan file: past the opening quote of a quoted scalar, below the indicator
// of a block scalar.
func conditionPos(source []byte, start Pos, line, col int) Pos {
	if !start.IsValid() || line < 1 {
		return start
	}
	lines := strings.Split(string(source), "\n")
	if start.Line > len(lines) {
		return start
	}
	first := lines[start.Line-1]
	if start.Col-1 < len(first) {
		switch first[start.Col-1] {
		case '"', '\'':
			if line == 1 {
				return Pos{File: start.File, Line: start.Line, Col: start.Col + 1 + col}
			}
		case '|', '>':
			// the block's indentation is its first line's; the column
			// inside the text already counts any deeper indentation
			n := start.Line + line
			if n <= len(lines) && start.Line < len(lines) {
				first := lines[start.Line]
				indent := len(first) - len(strings.TrimLeft(first, " "))
				return Pos{File: start.File, Line: n, Col: indent + 1 + col}
			}
			return start
		default:
			if line == 1 {
				return Pos{File: start.File, Line: start.Line, Col: start.Col + col}
			}
		}
	}
	return start
}

// lineCol is the 1-based line and 0-based column of rune offset off in src.
func lineCol(src string, off int) (int, int) {
	line, col := 1, 0
	for i, r := range []rune(src) {
		if i == off {
			break
		}
		if r == '\n' {
			line, col = line+1, 0
			continue
		}
		col++
	}
	return line, col
}

var rules = []string{RuleDORA, RuleNIS2, RuleGDPR, RuleSEC8K, RuleNYDFS, RuleMAS, RuleFinCENSAR, RuleIC3}

func (v *validator) validateObligations() {
	p := v.p
	v.names("obligations", len(p.Obligations), func(i int) string {
		if p.Obligations[i].Name != "" {
			return p.Obligations[i].Name
		}
		return p.Obligations[i].Rule
	})
	sevs := names(p.Severities, func(s Severity) string { return s.Name })
	chans := names(p.Channels, func(c Channel) string { return c.Name })
	for i, o := range p.Obligations {
		base := fmt.Sprintf("obligations[%d]", i)
		if o.Rule != "" && !slices.Contains(rules, o.Rule) {
			v.errf(base+".rule", "unknown obligation rule %q (want %s)%s", o.Rule, strings.Join(rules, ", "), didYouMean(o.Rule, rules))
		}
		for k, s := range o.Trigger.Severities {
			v.ref(fmt.Sprintf("%s.trigger.severities[%d]", base, k), "severity", s, sevs)
		}
		if o.TimeZone != "" {
			if _, err := time.LoadLocation(o.TimeZone); err != nil {
				v.errf(base+".timezone", "unknown time zone %q (want an IANA name like Europe/Paris)", short(o.TimeZone))
			}
		}
		for k, r := range o.Remind {
			if r == 0 && !v.bad[fmt.Sprintf("%s.remind[%d]", base, k)] {
				v.errf(fmt.Sprintf("%s.remind[%d]", base, k), "a reminder must come some time before the deadline")
			}
		}
		for k, c := range o.Notify {
			v.ref(fmt.Sprintf("%s.notify[%d]", base, k), "channel", c, chans)
		}
	}
}

func (v *validator) validateRunbooks() {
	p := v.p
	seen := map[string]int{}
	roles := sortedKeys(p.Roles)
	for i, r := range p.Runbooks {
		base := fmt.Sprintf("runbooks[%d]", i)
		if j, dup := seen[r.IncidentType]; dup && r.IncidentType != "" {
			v.errf(base+".incident_type", "a runbook for %q is already at line %d", r.IncidentType, v.at(fmt.Sprintf("runbooks[%d]", j)).Line)
		}
		seen[r.IncidentType] = i
		for k, s := range r.Steps {
			step := fmt.Sprintf("%s.steps[%d]", base, k)
			v.ref(step+".owner", "role", s.Owner, roles)
			if s.Action != "" {
				v.validateResponse(step+".action", "", s.Action)
			}
		}
	}
}

func (v *validator) validateTemplates() {
	seen := map[string]bool{}
	for i, t := range v.p.Templates {
		base := fmt.Sprintf("templates[%d]", i)
		if t.Audience != "" && t.Audience != AudienceInternal && t.Audience != AudienceExternal {
			v.errf(base+".audience", "unknown audience %q (want internal, external, or none for both)", t.Audience)
		}
		key := t.Event + "/" + t.Audience
		if seen[key] {
			v.errf(base, "a template for event %q and audience %q is already defined", t.Event, t.Audience)
		}
		seen[key] = true
		if t.Text != "" {
			if _, err := template.New(t.Event).Parse(t.Text); err != nil {
				v.errf(base+".text", "%v", err)
			}
		}
	}
}

func (v *validator) validatePolicy() {
	p := v.p
	roles := sortedKeys(p.Roles)
	sevs := names(p.Severities, func(s Severity) string { return s.Name })
	var actions []string
	for _, c := range p.Contracts {
		for name := range c.Actions {
			actions = append(actions, name, c.Name+"."+name)
		}
	}
	slices.Sort(actions)
	actions = slices.Compact(actions)
	for i, a := range p.Policy.Approvals {
		base := fmt.Sprintf("policy.approvals[%d]", i)
		if a.Count < 1 && !v.bad[base+".count"] {
			v.errf(base+".count", "count must be at least 1")
		}
		approvers := map[string]bool{}
		for k, r := range a.Roles {
			if v.ref(fmt.Sprintf("%s.roles[%d]", base, k), "role", r, roles) {
				for _, who := range p.RoleHolders(r) {
					approvers[who] = true
				}
			}
		}
		if len(a.Roles) > 0 && a.Count > len(approvers) {
			v.errf(base+".count", "needs %d approvals but only %d people hold roles %s", a.Count, len(approvers), strings.Join(a.Roles, ", "))
		}
		for k, s := range a.Severities {
			v.ref(fmt.Sprintf("%s.severities[%d]", base, k), "severity", s, sevs)
		}
		for k, act := range a.Actions {
			v.ref(fmt.Sprintf("%s.actions[%d]", base, k), "action", act, actions)
		}
	}
}

func (v *validator) validateMisc() {
	p := v.p
	for i, f := range p.Incidents.GroupBy {
		if !slices.Contains(GroupFields, f) {
			v.errf(fmt.Sprintf("incidents.group_by[%d]", i), "cannot group by %q (want %s)%s", f, strings.Join(GroupFields, ", "), didYouMean(f, GroupFields))
		}
	}
	if l := p.API.Listen; l != "" {
		if _, _, err := net.SplitHostPort(l); err != nil {
			v.errf("api.listen", "want HOST:PORT, e.g. 127.0.0.1:8080")
		}
	}
	if u := p.API.PublicURL; u != "" {
		if err := checkURL(u, "http", "https"); err != nil {
			v.errf("api.public_url", "%v", err)
		}
	}
	h := p.Heartbeat
	if !h.URL.IsZero() && !h.URL.IsSecret() {
		if err := checkURL(h.URL.String(), "http", "https"); err != nil {
			v.errf("heartbeat.url", "%v", err)
		}
	}
	if m := h.Method; m != "" && m != HeartbeatGet && m != HeartbeatPost {
		v.errf("heartbeat.method", "method %q: want GET or POST", m)
	}
}
