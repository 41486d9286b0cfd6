package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/detect"
)

var (
	hBad  = common.HexToHash("0xbad0000000000000000000000000000000000000000000000000000000000001")
	hGood = common.HexToHash("0x9000000000000000000000000000000000000000000000000000000000000002")
	hElse = common.HexToHash("0x1000000000000000000000000000000000000000000000000000000000000003")
)

func TestLoadLabelsErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"bad: [" + hBad.Hex() + "]\ngood: [0x12]\n", "labels.yaml:2:8: labels: good: \"0x12\" is not a transaction hash"},
		{"bad: [" + hBad.Hex() + "]\ngood: [" + hBad.Hex() + "]\n", "labels.yaml:2:8: labels: " + hBad.Hex() + " is already labelled bad"},
		{"bda: []\n", "labels.yaml:1:1: labels: unknown key \"bda\""},
		{"bad: 3\n", "labels.yaml:1:6: labels: bad: want a list"},
		{"- 1\n", "labels.yaml:1:1: labels: want a mapping"},
		{"bad: []\n", "labels.yaml:1:1: labels: no transaction labelled"},
	} {
		path := filepath.Join(t.TempDir(), "labels.yaml")
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadLabels(path)
		if err == nil || !strings.Contains(err.Error(), filepath.Dir(path)+"/"+tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
}

// TestScoreAlerts: an alert on a transaction counts for it; a block-level
// alert counts for the labelled transactions of its block; degraded
// alerts are not scored as detections.
func TestScoreAlerts(t *testing.T) {
	labels := Labels{Bad: []common.Hash{hBad}, Good: []common.Hash{hGood}}
	blockOf := map[common.Hash]uint64{hBad: 10, hGood: 7}
	alerts := []detect.Alert{
		{Detector: "tx-det", TxIndex: 0, TxHash: hBad, BlockNumber: 10},
		{Detector: "tx-det", TxIndex: 1, TxHash: hElse, BlockNumber: 10},
		{Detector: "block-det", TxIndex: -1, BlockNumber: 7},
		{Detector: "block-det", TxIndex: -1, BlockNumber: 10, Fields: map[string]any{"degraded": "read reverted"}},
	}
	s := ScoreAlerts([]string{"block-det", "quiet", "tx-det"}, alerts, labels, blockOf)
	want := map[string]DetectorScore{
		"tx-det":    {Alerts: 2, TruePositives: 1, Unlabelled: 1},
		"block-det": {Alerts: 1, FalsePositives: 1, Missed: 1, Degraded: 1},
		"quiet":     {Missed: 1},
	}
	if len(s.Detectors) != 3 {
		t.Fatalf("scores %+v", s.Detectors)
	}
	for _, d := range s.Detectors {
		w := want[d.Detector]
		if d.Alerts != w.Alerts || d.TruePositives != w.TruePositives || d.FalsePositives != w.FalsePositives ||
			d.Missed != w.Missed || d.Unlabelled != w.Unlabelled || d.Degraded != w.Degraded {
			t.Errorf("%s: %+v, want %+v", d.Detector, d, w)
		}
	}
	if len(s.MissedByAll) != 0 {
		t.Errorf("missed by all %v", s.MissedByAll)
	}
}
