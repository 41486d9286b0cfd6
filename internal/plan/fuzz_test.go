package plan

import (
	"errors"
	"os"
	"testing"
)

// FuzzParse checks that no input makes the loader panic, that every
// problem it reports has a position, and that a plan it accepts validates
// again. `go test` runs it over the seed corpus; to search further:
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 60s -fuzzminimizetime 50x ./internal/plan
//
// (bound the minimization: with its default of 60 s per new input the
// large seeds make the fuzzer look stalled).
func FuzzParse(f *testing.F) {
	f.Add(Scaffold())
	f.Add([]byte(base))
	for _, file := range []string{"../../examples/lending/plan.yaml", "testdata/ten-mistakes.yaml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "version: 1", "- a", "a: &a [*a]", "networks: [{name: x, rpc: [env:]}]",
		"detectors: [{name: d, kind: balance, balance: 1}]", "contracts: [{actions: {p: {call: 'f(('}}}]",
		"<<: {version: 1}", "roles: {incident_commander: x}", "detectors: [{condition: 'a >'}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %T %v is not Problems", err, err)
			}
			for _, pr := range ps {
				if pr.Pos.File != "fuzz.yaml" || pr.Pos.Line < 1 || pr.Pos.Col < 1 {
					t.Fatalf("problem without a position: %q", pr)
				}
			}
			return
		}
		if p == nil {
			t.Fatal("nil plan without error")
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted plan fails Validate after defaults:\n%v", err)
		}
	})
}
