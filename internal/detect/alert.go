package detect

import (
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Alert is one detection: a fact with its evidence. Fields holds the decoded
// values in JSON-ready form: integers as decimal strings, addresses and
// hashes as 0x hex, bytes as 0x hex, tuples as objects, arrays as lists.
type Alert struct {
	Detector     string `json:"detector"`
	Kind         string `json:"kind"`
	Heuristic    string `json:"heuristic,omitempty"`
	Severity     string `json:"severity"`
	IncidentType string `json:"incident_type,omitempty"`
	Network      string `json:"network"`

	BlockNumber uint64      `json:"block_number"`
	BlockHash   common.Hash `json:"block_hash"`
	// BlockTime is the block's timestamp, in UTC.
	BlockTime time.Time `json:"block_time"`
	// TxHash is zero and TxIndex -1 for an alert about the block as a whole
	// (balance and invariant detectors).
	TxHash  common.Hash `json:"tx_hash"`
	TxIndex int         `json:"tx_index"`
	// LogIndex is the log's index in the block, -1 when the alert is not
	// about a log.
	LogIndex int `json:"log_index"`

	// Contract is the monitored contract the alert is about (zero if none)
	// and ContractName its name in the plan.
	Contract     common.Address `json:"contract"`
	ContractName string         `json:"contract_name,omitempty"`

	Fields   map[string]any `json:"fields"`
	Summary  string         `json:"summary"`
	Response []string       `json:"response,omitempty"`
}

// Key identifies an alert for idempotent storing: the same block processed
// twice yields alerts with the same keys.
func (a *Alert) Key() string {
	return fmt.Sprintf("%s/%s/%s/%d/%s", a.Network, a.BlockHash.Hex(), a.TxHash.Hex(), a.LogIndex, a.Detector)
}

// jsonValue turns a decoded value into its JSON-ready form.
func jsonValue(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case *big.Int:
		if x == nil {
			return nil
		}
		return x.String()
	case common.Address:
		return x.Hex()
	case common.Hash:
		return x.Hex()
	case []byte:
		return hexutil.Encode(x)
	case string, bool:
		return x
	case int:
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = jsonValue(rv.Index(i).Interface())
		}
		return out
	}
	return fmt.Sprint(v)
}

// jsonFields converts a set of decoded values.
func jsonFields(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = jsonValue(v)
	}
	return out
}

// summarize renders "name(k=v, ...)" with the keys in the given order.
func summarize(name string, keys []string, fields map[string]any) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%v", k, fields[k])
	}
	b.WriteByte(')')
	return b.String()
}

// short abbreviates a hex string for summaries.
func short(s string) string {
	if len(s) <= 12 {
		return s
	}
	return s[:6] + "…" + s[len(s)-4:]
}
