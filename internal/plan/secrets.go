package plan

import "fmt"

// SecretUse is one secret the plan refers to: where (its path and
// position) and how to read it. It never holds the value.
type SecretUse struct {
	// Path is the field's path, e.g. "executors[0].key".
	Path string
	// Pos is where the reference was written.
	Pos Pos
	// Ref is the reference as written (env:NAME, file:PATH).
	Ref string

	resolve func() (string, error)
}

// Resolve reads the secret now and returns only whether it could: the
// value is not kept.
func (u SecretUse) Resolve() error {
	_, err := u.resolve()
	return err
}

// Secrets lists every secret the plan refers to, in the plan's order: RPC
// URLs given as references, executor keys and keystore passwords, Safe
// owner keys, people's API tokens, the channels' secrets and the heartbeat
// URL given as a reference.
func (p *Plan) Secrets() []SecretUse {
	var out []SecretUse
	add := func(path string, r SecretRef) {
		if r.IsZero() {
			return
		}
		out = append(out, SecretUse{Path: path, Pos: p.Position(path), Ref: r.String(), resolve: r.Resolve})
	}
	for i, n := range p.Networks {
		for j, e := range n.RPC {
			if e.IsSecret() {
				path := fmt.Sprintf("networks[%d].rpc[%d]", i, j)
				out = append(out, SecretUse{Path: path, Pos: p.Position(path), Ref: e.String(), resolve: e.Resolve})
			}
		}
	}
	for i, e := range p.Executors {
		base := fmt.Sprintf("executors[%d]", i)
		add(base+".key", e.Key)
		add(base+".password", e.Password)
		for j, o := range e.Owners {
			add(fmt.Sprintf("%s.owners[%d]", base, j), o)
		}
	}
	for i, pe := range p.People {
		add(fmt.Sprintf("people[%d].token", i), pe.Token)
	}
	for i, c := range p.Channels {
		base := fmt.Sprintf("channels[%d]", i)
		add(base+".webhook_url", c.WebhookURL)
		add(base+".secret", c.Secret)
		add(base+".token", c.Token)
		add(base+".routing_key", c.RoutingKey)
		if c.SMTP != nil {
			add(base+".smtp.password", c.SMTP.Password)
		}
	}
	if h := p.Heartbeat.URL; h.IsSecret() {
		out = append(out, SecretUse{Path: "heartbeat.url", Pos: p.Position("heartbeat.url"), Ref: h.String(), resolve: h.Resolve})
	}
	return out
}
