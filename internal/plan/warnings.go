package plan

import (
	"fmt"
	"strings"
)

// Warnings lists what is valid but likely wrong, or on its way out, each
// at its position: an invariant detector written with the deprecated
// condition (what alerts) instead of holds (what must be true), and a
// balance detector without cooldown (it alerts again on every block of a
// drain), a Safe executor proposing to Safe's hosted service without
// an API key, and a Safe executor with no owner key (pre-signed
// transactions only). `plan check` prints them; they do not make a plan invalid.
func (p *Plan) Warnings() Problems {
	r := &reporter{}
	v := &validator{reporter: r, p: p}
	for i, d := range p.Detectors {
		base := fmt.Sprintf("detectors[%d]", i)
		switch d.Kind {
		case KindInvariant:
			if d.Condition != "" && d.Holds == "" {
				v.errf(base+".condition", "deprecated on an invariant detector: condition is when to alert, which reads as what must hold; "+
					"write the invariant as holds (it alerts when false): holds: %s", Negate(d.Condition))
			}
		case KindBalance:
			if d.Cooldown <= 0 {
				v.errf(base, "a balance detector without cooldown alerts again on every block of a drain; set one, e.g. cooldown: 10m")
			}
		}
	}
	for i, e := range p.Executors {
		if e.Type == ExecutorSafe && len(e.Owners) == 0 {
			v.errf(fmt.Sprintf("executors[%d].owners", i), "no owner key held: executor %s contains only with pre-signed transactions "+
				"(breakglass presign --executor %s), else it proposes to the owners and waits for them", e.Name, e.Name)
		}
		if e.Type == ExecutorSafe && e.ServiceAPIKey.IsZero() && strings.Contains(e.ServiceURL, ".safe.global") {
			v.errf(fmt.Sprintf("executors[%d].service_url", i), "Safe's hosted Transaction Service rate-limits requests without an API key "+
				"and is retiring them; set service_api_key: env:SAFE_API_KEY (a key from developer.safe.global)")
		}
	}
	if len(r.problems) == 0 {
		return nil
	}
	return r.problems.sort()
}

// Negate returns an expression true exactly when cond is false: cond
// without a leading "not" or "!", or "not (cond)".
func Negate(cond string) string {
	c := strings.TrimSpace(cond)
	for _, pre := range []string{"not ", "!"} {
		if rest, ok := strings.CutPrefix(c, pre); ok && isOperand(strings.TrimSpace(rest)) {
			return strings.TrimSpace(rest)
		}
	}
	if isOperand(c) {
		return "not " + c
	}
	return "not (" + c + ")"
}

// isOperand reports whether s is a bare name, call or parenthesised
// expression, which "not" applies to whole.
func isOperand(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '(' {
		depth := 0
		for i, r := range s {
			switch r {
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 && i != len(s)-1 {
					return false
				}
			}
		}
		return depth == 0
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
