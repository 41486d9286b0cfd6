package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
)

// Defaults applied to a loaded plan where a value is left out.
const (
	DefaultPollInterval   = 2 * time.Second
	DefaultMaxReorgDepth  = 64
	DefaultEscalationMax  = 3
	DefaultGroupWindow    = time.Hour
	DefaultRepeatInterval = 4 * time.Hour
	DefaultSMTPPort       = 587
	DefaultListen         = "127.0.0.1:8080"
	DefaultBlockTime      = 12 * time.Second
	DefaultHeartbeatEvery = 30 * time.Second
	DefaultStallAfter     = 10
	DefaultMaxLag         = 10
)

// DefaultGroupBy is how alerts are grouped into incidents when the plan's
// incidents section names no group_by: one exploit, one incident, whichever
// detectors saw it (its contract and incident type, within the group
// window).
var DefaultGroupBy = []string{"contract", "incident_type"}

// GroupFields are the alert fields incidents.group_by may name. "type" is
// an alias of incident_type; "tx" groups the alerts of one transaction.
var GroupFields = []string{"detector", "contract", "network", "severity", "incident_type", "type", "tx"}

// Position returns where the value at path was written, e.g.
// Position("detectors[2].condition"); paths use the YAML keys, [i] for list
// items and the key for map entries ("contracts[0].actions.pause.call").
// It returns the zero Pos for a plan built in code or an unknown path.
func (p *Plan) Position(path string) Pos { return p.positions[path] }

// Network returns the network named name, or nil.
func (p *Plan) Network(name string) *Network {
	return find(p.Networks, name, func(n *Network) string { return n.Name })
}

// Contract returns the contract named name, or nil.
func (p *Plan) Contract(name string) *Contract {
	return find(p.Contracts, name, func(c *Contract) string { return c.Name })
}

// Executor returns the executor named name, or nil.
func (p *Plan) Executor(name string) *Executor {
	return find(p.Executors, name, func(e *Executor) string { return e.Name })
}

// Person returns the person named name, or nil.
func (p *Plan) Person(name string) *Person {
	return find(p.People, name, func(x *Person) string { return x.Name })
}

// Severity returns the severity named name, or nil.
func (p *Plan) Severity(name string) *Severity {
	return find(p.Severities, name, func(s *Severity) string { return s.Name })
}

// Channel returns the channel named name, or nil.
func (p *Plan) Channel(name string) *Channel {
	return find(p.Channels, name, func(c *Channel) string { return c.Name })
}

// Detector returns the detector named name, or nil.
func (p *Plan) Detector(name string) *Detector {
	return find(p.Detectors, name, func(d *Detector) string { return d.Name })
}

// Runbook returns the runbook of an incident type, or nil.
func (p *Plan) Runbook(incidentType string) *Runbook {
	return find(p.Runbooks, incidentType, func(r *Runbook) string { return r.IncidentType })
}

func find[T any](items []T, name string, key func(*T) string) *T {
	for i := range items {
		if key(&items[i]) == name {
			return &items[i]
		}
	}
	return nil
}

// Action resolves an action reference: "contract.action", or "action" of
// the contract named from (a detector's contract). It returns nil, nil when
// the reference resolves to nothing.
func (p *Plan) Action(from, ref string) (*Contract, *Action) {
	cname, aname, qualified := strings.Cut(ref, ".")
	if !qualified {
		cname, aname = from, ref
	}
	c := p.Contract(cname)
	if c == nil {
		return nil, nil
	}
	a, ok := c.Actions[aname]
	if !ok {
		return nil, nil
	}
	return c, &a
}

// ActionExecutor returns the executor of an action of contract c: the
// action's own, else the contract's default.
func (p *Plan) ActionExecutor(c *Contract, a *Action) *Executor {
	if a.Executor != "" {
		return p.Executor(a.Executor)
	}
	return p.Executor(c.Executor)
}

// AutoContain reports whether a detector's response may run without a
// human approval: the detector's auto_contain if set, else its severity's.
func (p *Plan) AutoContain(d *Detector) bool {
	if d.AutoContain != nil {
		return *d.AutoContain
	}
	if s := p.Severity(d.Severity); s != nil {
		return s.AutoContain
	}
	return false
}

// RoleHolders returns the primary and then the backups of a role, or nil.
func (p *Plan) RoleHolders(role string) []string {
	r, ok := p.Roles[role]
	if !ok {
		return nil
	}
	return append([]string{r.Primary}, r.Backups...)
}

// Method returns the ABI method a read calls and its encoded call data. The
// method comes from the contract's ABI, or, for a contract without one, from
// a call written with its outputs: "totalAssets() returns (uint256)". A
// contract name given as an address argument stands for its address.
func (p *Plan) Method(r Read) (abi.Method, []byte, error) {
	c := p.Contract(r.Contract)
	if c == nil {
		return abi.Method{}, nil, fmt.Errorf("unknown contract %q", r.Contract)
	}
	call, ret, hasRet := strings.Cut(r.Call, " returns ")
	var m abi.Method
	switch {
	case c.ABI != nil:
		var err error
		if m, err = lookupMethod(c.ABI.Parsed, call, c.Name); err != nil {
			return abi.Method{}, nil, err
		}
	case !hasRet:
		return abi.Method{}, nil, fmt.Errorf("contract %q has no abi: give it one, or write the call with its outputs, e.g. %q", c.Name, "totalAssets() returns (uint256)")
	default:
		in, err := ParseSignature(call)
		if err != nil {
			return abi.Method{}, nil, err
		}
		out, err := ParseSignature("returns" + strings.TrimSpace(ret))
		if err != nil {
			return abi.Method{}, nil, fmt.Errorf("outputs: %w", err)
		}
		m = abi.NewMethod(in.Name, in.Name, abi.Function, "view", true, false, in.Inputs, out.Inputs)
	}
	data, err := packCall(call, r.Args, p.AddressOf)
	if err != nil {
		return abi.Method{}, nil, err
	}
	return m, data, nil
}

// Event returns the ABI event a detector of kind event watches.
func (p *Plan) Event(d *Detector) (abi.Event, error) {
	c := p.Contract(d.Contract)
	if c == nil || c.ABI == nil {
		return abi.Event{}, fmt.Errorf("detector %s: contract %q has no ABI", d.Name, d.Contract)
	}
	return lookupEvent(c.ABI.Parsed, d.Signature, c.Name)
}

// Function returns the ABI method a detector of kind function watches.
func (p *Plan) Function(d *Detector) (abi.Method, error) {
	c := p.Contract(d.Contract)
	if c == nil || c.ABI == nil {
		return abi.Method{}, fmt.Errorf("detector %s: contract %q has no ABI", d.Name, d.Contract)
	}
	return lookupMethod(c.ABI.Parsed, d.Signature, c.Name)
}

func lookupEvent(a abi.ABI, sig, contract string) (abi.Event, error) {
	s, err := ParseSignature(sig)
	if err != nil {
		return abi.Event{}, err
	}
	want := s.Canonical()
	var have, same []string
	for _, ev := range a.Events {
		if ev.Sig == want {
			return ev, nil
		}
		have = append(have, ev.Sig)
		if ev.RawName == s.Name {
			same = append(same, ev.Sig)
		}
	}
	return abi.Event{}, notInABI("event", want, contract, have, same)
}

func lookupMethod(a abi.ABI, sig, contract string) (abi.Method, error) {
	s, err := ParseSignature(sig)
	if err != nil {
		return abi.Method{}, err
	}
	want := s.Canonical()
	var have, same []string
	for _, m := range a.Methods {
		if m.Sig == want {
			return m, nil
		}
		have = append(have, m.Sig)
		if m.RawName == s.Name {
			same = append(same, m.Sig)
		}
	}
	return abi.Method{}, notInABI("function", want, contract, have, same)
}

// notInABI explains a signature missing from an ABI, suggesting an entry
// of the same name, else the closest one.
func notInABI(what, want, contract string, have, sameName []string) error {
	hint := didYouMean(want, have)
	if len(sameName) > 0 {
		slices.Sort(sameName)
		hint = fmt.Sprintf("; did you mean %q?", sameName[0])
	}
	return fmt.Errorf("%s %s is not in the ABI of contract %q%s", what, want, contract, hint)
}

// applyDefaults fills in left-out values of a validated plan.
func (p *Plan) applyDefaults() {
	for i := range p.Networks {
		n := &p.Networks[i]
		if n.PollInterval == 0 {
			n.PollInterval = Duration(DefaultPollInterval)
		}
		if n.MaxReorgDepth == 0 {
			n.MaxReorgDepth = DefaultMaxReorgDepth
		}
		if n.BlockTime == 0 {
			n.BlockTime = Duration(DefaultBlockTime)
		}
	}
	h := &p.Heartbeat
	if h.Method == "" {
		h.Method = HeartbeatGet
	}
	if h.Every == 0 {
		h.Every = Duration(DefaultHeartbeatEvery)
	}
	if h.StallAfter == 0 {
		h.StallAfter = DefaultStallAfter
	}
	if h.MaxLag == 0 {
		h.MaxLag = DefaultMaxLag
	}
	for i := range p.Severities {
		s := &p.Severities[i]
		if s.Escalation.Every == 0 {
			s.Escalation.Every = s.AckWithin
		}
		if s.Escalation.Max == 0 {
			s.Escalation.Max = DefaultEscalationMax
		}
	}
	for i := range p.Channels {
		c := &p.Channels[i]
		if c.Audience == "" {
			c.Audience = AudienceInternal
		}
		if c.SMTP != nil && c.SMTP.Port == 0 {
			c.SMTP.Port = DefaultSMTPPort
		}
		if c.Type == ChannelPagerDuty && c.Deployment == "" {
			c.Deployment = p.DeploymentID()
		}
	}
	for i := range p.Detectors {
		if b := p.Detectors[i].Balance; b != nil && b.Window == 0 {
			b.Window = 1
		}
	}
	for i := range p.Obligations {
		o := &p.Obligations[i]
		if o.Name == "" {
			o.Name = o.Rule
		}
		if o.TimeZone == "" {
			o.TimeZone = "UTC"
		}
	}
	g := &p.Incidents
	if len(g.GroupBy) == 0 {
		g.GroupBy = slices.Clone(DefaultGroupBy)
	}
	if g.GroupWindow == 0 {
		g.GroupWindow = Duration(DefaultGroupWindow)
	}
	if g.RepeatInterval == 0 {
		g.RepeatInterval = Duration(DefaultRepeatInterval)
	}
	if p.API.Listen == "" {
		p.API.Listen = DefaultListen
	}
}

// DeploymentID names this deployment of breakglass from the plan: its name
// and the networks it follows, e.g. "example-lending@mainnet+arbitrum", in
// lower case with anything but letters, digits, '.', '_' and '-' turned to
// '-'. Channels shared by several deployments (PagerDuty) use it unless
// the plan names the deployment.
func (p *Plan) DeploymentID() string {
	slug := func(s string) string {
		var b strings.Builder
		dash := false
		for _, r := range strings.ToLower(strings.TrimSpace(s)) {
			ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
			switch {
			case ok:
				b.WriteRune(r)
				dash = false
			case !dash && b.Len() > 0:
				b.WriteByte('-')
				dash = true
			}
		}
		return strings.TrimRight(b.String(), "-")
	}
	id := slug(p.Name)
	if id == "" {
		id = "breakglass"
	}
	var nets []string
	for _, n := range p.Networks {
		if s := slug(n.Name); s != "" {
			nets = append(nets, s)
		}
	}
	if len(nets) > 0 {
		id += "@" + strings.Join(nets, "+")
	}
	if len(id) > 128 {
		id = id[:128]
	}
	return id
}

// RequireStartTLS reports whether the SMTP connection must use STARTTLS
// (true unless starttls: false).
func (s *SMTP) RequireStartTLS() bool { return s.StartTLS == nil || *s.StartTLS }

// computeHash is the hex SHA-256 of the plan's source followed by the
// content of each ABI file, in plan order.
func (p *Plan) computeHash() string {
	h := sha256.New()
	h.Write(p.Source)
	for _, c := range p.Contracts {
		if c.ABI != nil && c.ABI.data != nil {
			h.Write([]byte("\x00" + c.ABI.Path + "\x00"))
			h.Write(c.ABI.data)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ShortHash abbreviates a plan hash (Plan.Hash) to its first 12 hex
// characters for messages; a shorter string is returned as it is.
func ShortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
