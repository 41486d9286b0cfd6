package plan

import (
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// base ends at line 38; the extras below start at line 39 (its line 40 is
// the first entry).
func TestAccountsAndConstants(t *testing.T) {
	p, err := Parse("plan.yaml", []byte(base+`accounts:
  admin: "0x00000000000000000000000000000000000000a1"
  ops: [admin, vault, "0x00000000000000000000000000000000000000a2", admin]
constants:
  big: 500 ether
  share: 5%
`))
	if err != nil {
		t.Fatal(err)
	}
	ops := p.Accounts["ops"]
	want := []common.Address{common.HexToAddress("0xa1"), p.Contract("vault").Address, common.HexToAddress("0xa2")}
	if !ops.Set || len(ops.Addresses) != 3 || ops.Addresses[0] != want[0] || ops.Addresses[1] != want[1] || ops.Addresses[2] != want[2] {
		t.Fatalf("ops = %+v, want the set %v (duplicates once)", ops, want)
	}
	if a, ok := p.AddressOf("admin"); !ok || a != want[0] {
		t.Fatalf("AddressOf(admin) = %v %v", a, ok)
	}
	if _, ok := p.AddressOf("ops"); ok {
		t.Fatal("a set is not one address")
	}
	if c := p.Constants["share"]; c.Expr != "5%" || c.ExprPos.Line != 44 || c.ExprPos.Col != 10 {
		t.Fatalf("constant share = %+v", c)
	}

	for name, tc := range map[string]struct{ extra, want string }{
		"bad address":      {"accounts:\n  admin: \"0x12\"\n", "plan.yaml:40:3: accounts.admin: \"0x12\" is not an address"},
		"unknown member":   {"accounts:\n  ops: [vualt]\n", "plan.yaml:40:9: accounts.ops[0]: \"vualt\" is neither an address (0x…) nor an account or contract of the plan; did you mean \"vault\"?"},
		"cycle":            {"accounts:\n  a: [b]\n  b: [a]\n", "refers to itself (a → b → a)"},
		"a mapping":        {"accounts:\n  admin: {address: \"0x00000000000000000000000000000000000000a1\"}\n", "plan.yaml:40:10: accounts.admin: want an address, a name, or a list of them, got a mapping"},
		"bad name":         {"accounts:\n  the-admin: \"0x00000000000000000000000000000000000000a1\"\n", "plan.yaml:40:3: accounts.the-admin: \"the-admin\" is not a valid account name"},
		"set named as one": {"accounts:\n  ops: [vault, \"0x00000000000000000000000000000000000000a2\"]\n  lead: ops\n", "plan.yaml:41:3: accounts.lead: \"ops\" names an address set"},
		"constant syntax":  {"constants:\n  big: 500 ether +\n", "plan.yaml:40:18: constants.big: syntax error: unexpected token EOF"},
		"reserved":         {"constants:\n  block: 5\n", "plan.yaml:40:3: constants.block: \"block\" is a name of the condition language"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("plan.yaml", []byte(base+tc.extra))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant %q", err, tc.want)
			}
		})
	}
}
