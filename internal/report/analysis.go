package report

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/forensics"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/report/internal/details"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// AnalysesKey is the key of the incident details holding attached
// transaction analyses (`breakglass analyze tx --json` output).
const AnalysesKey = "analyses"

// Analysis is what the post-mortem reads of one transaction analysis, in
// PRODUCT.md's `analyze tx --json` shape. Raw keeps the whole document for
// the evidence bundle.
type Analysis struct {
	Tx             string             `json:"tx"`
	Block          uint64             `json:"block"`
	Time           time.Time          `json:"time"`
	Status         forensics.TxStatus `json:"status"`
	From           string             `json:"from"`
	Attackers      []string           `json:"attackers"`
	Victims        []string           `json:"victims"`
	Loss           map[string]string  `json:"loss"`
	LossUSD        *string            `json:"loss_usd,omitempty"`
	BalanceChanges []struct {
		Address string `json:"address"`
		Token   string `json:"token"`
		Delta   string `json:"delta"`
	} `json:"balance_changes"`
	Tokens map[string]struct {
		Symbol   string `json:"symbol,omitempty"`
		Decimals *uint8 `json:"decimals,omitempty"`
	} `json:"tokens"`
	Raw json.RawMessage `json:"-"`
}

var txHashRe = regexp.MustCompile(`^0x[0-9a-fA-F]{64}$`)

// ParseAnalysis reads one `analyze tx --json` document; name is for errors.
func ParseAnalysis(name string, data []byte) (Analysis, error) {
	var a Analysis
	if err := json.Unmarshal(data, &a); err != nil {
		return a, fmt.Errorf("%s: not an analyze tx --json document: %w", name, err)
	}
	if !txHashRe.MatchString(a.Tx) {
		return a, fmt.Errorf("%s: field tx %q: want a 0x-prefixed 32-byte transaction hash", name, a.Tx)
	}
	for tok, amt := range a.Loss {
		v, ok := new(big.Int).SetString(amt, 10)
		if !ok {
			return a, fmt.Errorf("%s: field loss[%s] %q: want a decimal integer", name, tok, amt)
		}
		if v.Sign() < 0 {
			v.Neg(v)
			a.Loss[tok] = v.String()
		}
	}
	if a.LossUSD != nil {
		if _, ok := new(big.Rat).SetString(*a.LossUSD); !ok {
			return a, fmt.Errorf("%s: field loss_usd %q: want a decimal", name, *a.LossUSD)
		}
	}
	a.Raw = append(json.RawMessage(nil), data...)
	return a, nil
}

// Analyses returns the analyses attached to an incident, in attachment order.
func Analyses(inc store.Incident) ([]Analysis, error) {
	var raws []json.RawMessage
	if _, err := details.Get(inc, AnalysesKey, &raws); err != nil {
		return nil, err
	}
	out := make([]Analysis, 0, len(raws))
	for i, r := range raws {
		a, err := ParseAnalysis(fmt.Sprintf("incident %s analysis %d", inc.ID, i+1), r)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// AttachAnalysis stores an analysis on incident id (replacing one of the
// same transaction) and records it on the timeline; when the incident has
// no loss recorded for its obligations yet and the analysis has a USD
// figure, that figure is recorded too.
func AttachAnalysis(ctx context.Context, tx store.Tx, r obligation.Recorder, id, actor string, a Analysis) error {
	inc, err := tx.Incident(ctx, id)
	if err != nil {
		return fmt.Errorf("incident %s: %w", id, err)
	}
	if err := r.Authorize(inc, actor, incident.OpPostmortem); err != nil {
		return err
	}
	var raws []json.RawMessage
	if _, err := details.Get(inc, AnalysesKey, &raws); err != nil {
		return err
	}
	replaced := false
	for i, raw := range raws {
		var h struct {
			Tx string `json:"tx"`
		}
		if json.Unmarshal(raw, &h) == nil && strings.EqualFold(h.Tx, a.Tx) {
			raws[i], replaced = a.Raw, true
		}
	}
	if !replaced {
		raws = append(raws, a.Raw)
	}
	if err := details.Set(&inc, AnalysesKey, raws); err != nil {
		return err
	}
	if a.LossUSD != nil {
		f, err := obligation.ReadFacts(inc)
		if err != nil {
			return err
		}
		if f.LossUSD == "" {
			f.LossUSD = *a.LossUSD
			if err := obligation.WriteFacts(&inc, f); err != nil {
				return err
			}
		}
	}
	if _, err := tx.UpdateIncident(ctx, inc); err != nil {
		return fmt.Errorf("incident %s: %w", id, err)
	}
	msg := fmt.Sprintf("analysis of tx %s (block %d) attached: %d attacker(s), %d victim(s)", a.Tx, a.Block, len(a.Attackers), len(a.Victims))
	if a.LossUSD != nil {
		msg += ", loss " + *a.LossUSD + " USD"
	}
	data, _ := json.Marshal(map[string]any{"tx": a.Tx, "block": a.Block})
	_, err = r.Record(ctx, tx, id, actor, "analysis", msg, data, "", nil)
	return err
}

// exploitTime is the start of the time to detect: the post-mortem's
// exploit time, else the earliest attached analysis's block time, else a
// block time the pipeline recorded ("first_block_time" in the details).
func exploitTime(inc store.Incident, pm PostMortem, as []Analysis) time.Time {
	if !pm.ExploitTime.IsZero() {
		return pm.ExploitTime.UTC()
	}
	var t time.Time
	for _, a := range as {
		if !a.Time.IsZero() && (t.IsZero() || a.Time.Before(t)) {
			t = a.Time
		}
	}
	if !t.IsZero() {
		return t.UTC()
	}
	var bt time.Time
	if ok, _ := details.Get(inc, "first_block_time", &bt); ok {
		return bt.UTC()
	}
	return time.Time{}
}

// lossFromAnalyses sums the analyses' losses per token, and their USD
// figures when every analysis has one.
func lossFromAnalyses(as []Analysis) ([]Amount, string) {
	sums := map[string]*big.Int{}
	info := map[string]Amount{}
	usd := new(big.Rat)
	allUSD := len(as) > 0
	for _, a := range as {
		for tok, amt := range a.Loss {
			v, _ := new(big.Int).SetString(amt, 10)
			key := strings.ToLower(tok)
			if sums[key] == nil {
				sums[key] = new(big.Int)
			}
			sums[key].Add(sums[key], v)
			am := Amount{Token: tok}
			for k, ti := range a.Tokens {
				if strings.EqualFold(k, tok) {
					am.Symbol, am.Decimals = ti.Symbol, ti.Decimals
				}
			}
			if _, ok := info[key]; !ok || am.Symbol != "" {
				info[key] = am
			}
		}
		if a.LossUSD == nil {
			allUSD = false
			continue
		}
		v, _ := new(big.Rat).SetString(*a.LossUSD)
		usd.Add(usd, v)
	}
	keys := slices.Sorted(maps.Keys(sums))
	out := make([]Amount, 0, len(keys))
	for _, k := range keys {
		am := info[k]
		am.Amount = sums[k].String()
		out = append(out, am)
	}
	if !allUSD {
		return out, ""
	}
	return out, usd.FloatString(2)
}
