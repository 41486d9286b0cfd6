package tune

import (
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// mk makes a target with one sample per value; tx i is common.Hash{i+1}.
func mk(field string, th detect.Threshold, vals ...string) *target {
	t := &target{det: &plan.Detector{Name: "d"}, field: field, th: th}
	for i, v := range vals {
		r, _ := new(big.Rat).SetString(v)
		t.samples = append(t.samples, sample{tx: common.Hash{byte(i + 1)}, block: uint64(i + 1), v: r})
	}
	return t
}

// mkField is mk for a field threshold.
func mkField(field string, th detect.Threshold, vals ...string) *target {
	t := mk(field, th, vals...)
	t.cmp = "drop >= " + th.Num + "% of peak"
	return t
}

func TestSuggest(t *testing.T) {
	benign := []string{"10", "20", "30", "40", "50", "60", "70", "80", "90", "100"}
	above := detect.Threshold{Num: "1", Unit: "dusd", Above: true}
	tests := []struct {
		name      string
		t         *target
		cfg       Config
		suggested string
		reason    string
		note      string
	}{
		{"percentile and margin, two digits", mk("condition", above, benign...), Config{Percentile: 99.9, Margin: 1.2}, "120", "", ""},
		{"median", mk("condition", above, benign...), Config{Percentile: 50, Margin: 1}, "50", "", ""},
		{"rounded up to two digits", mk("condition", above, append(benign[:9:9], "123456")...), Config{Percentile: 100, Margin: 1}, "130000", "", ""},
		{"too few", mk("condition", above, "1", "2"), Config{Percentile: 99.9, Margin: 1.2}, "", "too few samples: 2", ""},
		{"an attack under the percentile stays firing", mk("condition", above, append(benign, "95")...),
			Config{Percentile: 99.9, Margin: 1.2, Labels: &pipeline.Labels{Bad: []common.Hash{{11}}}}, "93", "", "would silence a labelled attack (95)"},
		{"a legitimate one over it goes quiet", mk("condition", above, append(benign, "500")...),
			Config{Percentile: 50, Margin: 1.2, Labels: &pipeline.Labels{Good: []common.Hash{{11}}}}, "550", "", "raised past the labelled legitimate value 500"},
		{"both cannot hold", mk("condition", above, append(benign, "500", "400")...),
			Config{Percentile: 99.9, Margin: 1.2, Labels: &pipeline.Labels{Good: []common.Hash{{11}}, Bad: []common.Hash{{12}}}}, "250", "", "cannot both keep every labelled attack firing"},
		// holds: zscore(x) > -5 alerts below
		{"below, negative, whole", mk("holds", detect.Threshold{Num: "5", Negative: true, Above: true}, "-1", "-2", "-3", "0", "1", "2", "-9", "0", "1", "-2"),
			Config{Percentile: 99.9, Margin: 1.2}, "-11", "", ""},
		{"below, already", mk("holds", detect.Threshold{Num: "5", Negative: true, Above: true}, "-1", "-2", "-3", "0", "1", "2", "-4", "0", "1", "-2"),
			Config{Percentile: 99.9, Margin: 1.2}, "", "already the suggestion", ""},
		{"holds alerts above", mk("holds", detect.Threshold{Num: "6", Above: false}, "1", "2", "3", "0", "1", "2", "7", "0", "1", "2"),
			Config{Percentile: 99.9, Margin: 1.5}, "11", "", ""},
		{"a balance drop past 100% is no suggestion", mkField("balance.drop", detect.Threshold{Num: "5", Unit: "%", Share: true, Above: true}, "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"),
			Config{Percentile: 99.9, Margin: 1.2}, "", "only a total drain would alert", ""},
		{"a balance drop has two decimals", mkField("balance.drop", detect.Threshold{Num: "5", Unit: "%", Share: true, Above: true}, "0.001", "0.002", "0.003", "0.001", "0.001", "0.002", "0.0031", "0.001", "0.001", "0.002"),
			Config{Percentile: 99.9, Margin: 1.2}, "0.01", "", ""},
		{"a share in %", mk("condition", detect.Threshold{Num: "5", Unit: "%", Share: true, Above: true}, "0.1", "0.2", "0.3", "1", "1.2", "2.5", "0.5", "0.25", "3.33", "1"),
			Config{Percentile: 99.9, Margin: 1.2}, "4", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.MinSamples = DefaultMinSamples
			if tc.cfg.Labels != nil {
				tc.cfg.BlockOf = map[common.Hash]uint64{}
			}
			s := suggest(&tc.cfg, tc.t)
			if s.Suggested != tc.suggested || !strings.Contains(s.Reason, tc.reason) || !strings.Contains(strings.Join(s.Notes, "|"), tc.note) {
				t.Errorf("suggested %q reason %q notes %q; want %q, %q, %q", s.Suggested, s.Reason, s.Notes, tc.suggested, tc.reason, tc.note)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	p := &plan.Plan{Detectors: []plan.Detector{{Name: "big"}}}
	for _, tc := range []struct {
		c    Config
		want string
	}{
		{Config{Plan: p, From: 5, To: 4, Percentile: 99, Margin: 1.2, MinSamples: 1}, "an empty range"},
		{Config{Plan: p, From: 1, To: 4, Percentile: -1, Margin: 1.2, MinSamples: 1}, "--percentile -1"},
		{Config{Plan: p, From: 1, To: 4, Percentile: 99, Margin: 1.2, MinSamples: 1, Detectors: []string{"bgi"}}, `--detector "bgi" is not a detector of the plan; did you mean "big"?`},
	} {
		if err := tc.c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.c, err, tc.want)
		}
	}
}

// TestTargets: which thresholds of the lending example tune can move.
func TestTargets(t *testing.T) {
	p, err := plan.Load(filepath.Join("..", "..", "examples", "lending", "plan.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c := &Config{Plan: p, Network: "mainnet"}
	ts, skipped, err := targets(c)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tg := range ts {
		got[tg.det.Name] += tg.field + ":" + tg.th.Num + tg.th.Unit + " "
	}
	for det, want := range map[string]string{
		"withdrawal-burst":  "condition:250000000000 ",
		"flash-loan-drain":  "params.min_outflow:500000usdc ",
		"pool-usdc-drained": "balance.drop:15% ",
	} {
		if got[det] != want {
			t.Errorf("%s: %q, want %q (all: %v)", det, got[det], want, got)
		}
	}
	why := map[string]string{}
	for _, s := range skipped {
		why[s.Detector] = s.Reason
	}
	if !strings.Contains(why["large-withdrawal"], "the plan's constant large_withdrawal: tune the constant by hand") {
		t.Errorf("large-withdrawal: %q", why["large-withdrawal"])
	}
	if !strings.Contains(why["solvency"], "its holds compares nothing with a written number") {
		t.Errorf("solvency: %q", why["solvency"])
	}
}
