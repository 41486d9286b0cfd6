package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"go.yaml.in/yaml/v3"

	"github.com/breakglass-dev/breakglass/internal/detect"
)

// Labels are transactions known to be attacks (Bad) or legitimate (Good),
// for scoring a backtest: an incident's attack transactions and the false
// positives it raised, or a team's own list.
type Labels struct {
	Bad  []common.Hash `json:"bad"`
	Good []common.Hash `json:"good"`
}

// LoadLabels reads a labels file (YAML or JSON):
//
//	bad:  [0x…]   # attack transactions
//	good: [0x…]   # legitimate transactions that look alike
//
// A problem is reported as FILE:LINE:COL: message.
func LoadLabels(path string) (Labels, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Labels{}, fmt.Errorf("labels: %w", err)
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return Labels{}, fmt.Errorf("%s: labels: %v", path, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return Labels{}, fmt.Errorf("%s:1:1: labels: want a mapping with bad and good lists of transaction hashes", path)
	}
	var l Labels
	var errs []error
	at := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d:%d", path, n.Line, n.Column) }
	seen := map[common.Hash]string{}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var into *[]common.Hash
		switch k.Value {
		case "bad":
			into = &l.Bad
		case "good":
			into = &l.Good
		default:
			errs = append(errs, fmt.Errorf("%s: labels: unknown key %q (want bad and good)", at(k), k.Value))
			continue
		}
		if v.Kind != yaml.SequenceNode {
			errs = append(errs, fmt.Errorf("%s: labels: %s: want a list of transaction hashes", at(v), k.Value))
			continue
		}
		for _, item := range v.Content {
			s := strings.TrimSpace(item.Value)
			if item.Kind != yaml.ScalarNode || !strings.HasPrefix(s, "0x") || len(s) != 66 {
				errs = append(errs, fmt.Errorf("%s: labels: %s: %q is not a transaction hash (0x and 64 hex digits)", at(item), k.Value, s))
				continue
			}
			h := common.HexToHash(s)
			if prev, dup := seen[h]; dup {
				errs = append(errs, fmt.Errorf("%s: labels: %s is already labelled %s", at(item), s, prev))
				continue
			}
			seen[h] = k.Value
			*into = append(*into, h)
		}
	}
	if len(errs) > 0 {
		return Labels{}, errors.Join(errs...)
	}
	if len(l.Bad)+len(l.Good) == 0 {
		return Labels{}, fmt.Errorf("%s:1:1: labels: no transaction labelled", path)
	}
	return l, nil
}

// DetectorScore is how one detector did against the labels.
type DetectorScore struct {
	Detector string `json:"detector"`
	// Alerts is every alert the detector raised in the range (degraded
	// ones apart).
	Alerts int `json:"alerts"`
	// TruePositives are the attack transactions it alerted on; FalsePositives
	// the legitimate ones; Missed the attacks it said nothing about.
	TruePositives  int `json:"true_positives"`
	FalsePositives int `json:"false_positives"`
	Missed         int `json:"missed"`
	// Unlabelled are its alerts on transactions (or blocks) no label names.
	Unlabelled int `json:"unlabelled"`
	// Degraded counts the alerts saying it could not evaluate.
	Degraded int `json:"degraded,omitempty"`
	// MissedTxs lists the attacks it missed; FalsePositiveTxs the
	// legitimate transactions it alerted on.
	MissedTxs        []common.Hash `json:"missed_txs,omitempty"`
	FalsePositiveTxs []common.Hash `json:"false_positive_txs,omitempty"`
}

// Score is a backtest's result against labels.
type Score struct {
	Detectors []DetectorScore `json:"detectors"`
	// MissedByAll are the attacks no detector alerted on.
	MissedByAll []common.Hash `json:"missed_by_all"`
}

// ScoreAlerts scores the alerts of a backtest against labels. An alert
// about a transaction counts for that transaction; an alert about a block
// as a whole (a balance or invariant detector) counts for each labelled
// transaction of that block (blockOf gives a labelled transaction's block).
// detectors lists every detector, so that one that raised nothing is
// scored too.
func ScoreAlerts(detectors []string, alerts []detect.Alert, labels Labels, blockOf map[common.Hash]uint64) Score {
	label := map[common.Hash]bool{} // true: bad
	for _, h := range labels.Bad {
		label[h] = true
	}
	for _, h := range labels.Good {
		label[h] = false
	}
	byBlock := map[uint64][]common.Hash{}
	for h, n := range blockOf {
		byBlock[n] = append(byBlock[n], h)
	}
	hit := map[string]map[common.Hash]bool{}
	scores := map[string]*DetectorScore{}
	for _, d := range detectors {
		scores[d] = &DetectorScore{Detector: d}
		hit[d] = map[common.Hash]bool{}
	}
	for _, a := range alerts {
		s := scores[a.Detector]
		if s == nil {
			s = &DetectorScore{Detector: a.Detector}
			scores[a.Detector], hit[a.Detector] = s, map[common.Hash]bool{}
		}
		if a.Fields["degraded"] != nil {
			s.Degraded++
			continue
		}
		s.Alerts++
		var about []common.Hash
		if a.TxIndex >= 0 {
			about = []common.Hash{a.TxHash}
		} else {
			about = byBlock[a.BlockNumber]
		}
		labelled := false
		for _, h := range about {
			if _, ok := label[h]; ok {
				labelled = true
				hit[a.Detector][h] = true
			}
		}
		if !labelled {
			s.Unlabelled++
		}
	}
	var out Score
	caught := map[common.Hash]bool{}
	names := make([]string, 0, len(scores))
	for n := range scores {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := scores[n]
		for _, h := range labels.Bad {
			if hit[n][h] {
				s.TruePositives++
				caught[h] = true
			} else {
				s.Missed++
				s.MissedTxs = append(s.MissedTxs, h)
			}
		}
		for _, h := range labels.Good {
			if hit[n][h] {
				s.FalsePositives++
				s.FalsePositiveTxs = append(s.FalsePositiveTxs, h)
			}
		}
		out.Detectors = append(out.Detectors, *s)
	}
	for _, h := range labels.Bad {
		if !caught[h] {
			out.MissedByAll = append(out.MissedByAll, h)
		}
	}
	if out.MissedByAll == nil {
		out.MissedByAll = []common.Hash{}
	}
	slices.SortStableFunc(out.Detectors, func(a, b DetectorScore) int { return strings.Compare(a.Detector, b.Detector) })
	return out
}
