package plan

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// identRE is a name usable in expressions (accounts.NAME, a constant).
var identRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// ReservedNames are the names of the condition language's context
// variables and namespaces; constants may not take them.
var ReservedNames = []string{"tx", "block", "log", "call", "contract", "contracts", "accounts"}

// Account returns the account named name, or nil.
func (p *Plan) Account(name string) *Account {
	a, ok := p.Accounts[name]
	if !ok {
		return nil
	}
	return &a
}

// AddressOf resolves a name written where an address is expected: a
// single account or a contract of the plan. It reports false for any
// other name (an address set included).
func (p *Plan) AddressOf(name string) (common.Address, bool) {
	name = strings.TrimSpace(name)
	if a, ok := p.Accounts[name]; ok && !a.Set && len(a.Addresses) == 1 {
		return a.Addresses[0], true
	}
	if c := p.Contract(name); c != nil {
		return c.Address, true
	}
	return common.Address{}, false
}

// validateAccounts checks the accounts' names and resolves their members:
// addresses, names of other accounts (their addresses) and contract names.
func (v *validator) validateAccounts() {
	p := v.p
	names := sortedKeys(p.Accounts)
	known := slices.Clone(names)
	for _, c := range p.Contracts {
		known = append(known, c.Name)
	}
	resolved := map[string][]common.Address{}
	var resolve func(name string, stack []string) ([]common.Address, bool)
	resolve = func(name string, stack []string) ([]common.Address, bool) {
		if r, ok := resolved[name]; ok {
			return r, true
		}
		path := "accounts." + name
		if slices.Contains(stack, name) {
			v.errf(path, "account %q refers to itself (%s)", name, strings.Join(append(stack, name), " → "))
			return nil, false
		}
		a := p.Accounts[name]
		var out []common.Address
		ok := true
		for i, m := range a.Members {
			mpath := path
			if a.Set {
				mpath = path + "[" + strconv.Itoa(i) + "]"
			}
			m = strings.TrimSpace(m)
			switch {
			case strings.HasPrefix(m, "0x"):
				addr, err := parseAddress(m)
				if err != nil {
					v.errf(mpath, "%v", err)
					ok = false
					continue
				}
				out = append(out, addr)
			case isAccount(p, m):
				sub, subOK := resolve(m, append(stack, name))
				ok = ok && subOK
				out = append(out, sub...)
			case p.Contract(m) != nil:
				out = append(out, p.Contract(m).Address)
			default:
				v.errf(mpath, "%q is neither an address (0x…) nor an account or contract of the plan%s", short(m), didYouMean(m, known))
				ok = false
			}
		}
		// a set keeps each address once, in order
		var dedup []common.Address
		for _, a := range out {
			if !slices.Contains(dedup, a) {
				dedup = append(dedup, a)
			}
		}
		resolved[name] = dedup
		return dedup, ok
	}
	for _, name := range names {
		a := p.Accounts[name]
		path := "accounts." + name
		if !identRE.MatchString(name) {
			v.errf(path, "%q is not a valid account name (letters, digits and _, starting with a letter: conditions write accounts.NAME)", short(name))
		}
		if !a.Set && len(a.Members) != 1 && !v.isBad(path) {
			v.errf(path, "want an address or a name")
		}
		if a.Set && len(a.Members) == 0 && !v.isBad(path) {
			v.errf(path, "an address set must not be empty")
		}
		addrs, _ := resolve(name, nil)
		if !a.Set && len(addrs) > 1 {
			v.errf(path, "%q names an address set; write it as a list to make %s a set too", a.Members[0], name)
		}
		a.Addresses = addrs
		p.Accounts[name] = a
	}
}

// validateConstants checks the constants' names and the syntax of their
// expressions (their values are the detection engine's, at compile).
func (v *validator) validateConstants() {
	p := v.p
	for _, name := range sortedKeys(p.Constants) {
		c := p.Constants[name]
		path := "constants." + name
		switch {
		case !identRE.MatchString(name):
			v.errf(path, "%q is not a valid constant name (letters, digits and _, starting with a letter)", short(name))
		case slices.Contains(ReservedNames, name):
			v.errf(path, "%q is a name of the condition language (%s); choose another", name, strings.Join(ReservedNames, ", "))
		}
		if strings.TrimSpace(c.Expr) == "" {
			if !v.isBad(path) {
				v.errf(path, "must not be empty")
			}
			continue
		}
		v.checkCondition(path, c.Expr, c.ExprPos)
	}
}

func isAccount(p *Plan, name string) bool {
	_, ok := p.Accounts[name]
	return ok
}
