package chain_test

import (
	"encoding/json"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// TestStateDiffOverrides: the prestate tracer's diff (as go-ethereum
// writes it) becomes the overrides of the state after it: changed fields
// and slots set, a slot in pre only cleared, an account in pre only
// deleted (empty code, zero balance and nonce, empty storage).
func TestStateDiffOverrides(t *testing.T) {
	a := common.HexToAddress("0xa0")
	b := common.HexToAddress("0xb0")
	gone := common.HexToAddress("0xdead")
	raw := `{
	  "pre": {
	    "0x00000000000000000000000000000000000000a0": {"balance": "0x10", "nonce": 1, "storage": {
	      "0x0000000000000000000000000000000000000000000000000000000000000001": "0x0000000000000000000000000000000000000000000000000000000000000005",
	      "0x0000000000000000000000000000000000000000000000000000000000000002": "0x0000000000000000000000000000000000000000000000000000000000000007"}},
	    "0x00000000000000000000000000000000000000b0": {"balance": "0x1"},
	    "0x000000000000000000000000000000000000dead": {"balance": "0x3", "code": "0x6001"}
	  },
	  "post": {
	    "0x00000000000000000000000000000000000000a0": {"balance": "0x8", "nonce": 2, "storage": {
	      "0x0000000000000000000000000000000000000000000000000000000000000001": "0x0000000000000000000000000000000000000000000000000000000000000009"}},
	    "0x00000000000000000000000000000000000000b0": {"code": "0x6002"}
	  }
	}`
	var d chain.StateDiff
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		t.Fatal(err)
	}
	over := d.Overrides()
	oa := over[a]
	if oa.Balance == nil || oa.Balance.ToInt().Int64() != 8 || oa.Nonce == nil || *oa.Nonce != 2 || oa.Code != nil || oa.State != nil {
		t.Errorf("changed account: %+v", oa)
	}
	if got := oa.StateDiff[common.HexToHash("0x01")]; got != common.HexToHash("0x09") {
		t.Errorf("changed slot: %s", got)
	}
	if got, ok := oa.StateDiff[common.HexToHash("0x02")]; !ok || got != (common.Hash{}) {
		t.Errorf("cleared slot: %s, set %v", got, ok)
	}
	ob := over[b]
	if ob.Balance != nil || ob.Code == nil || len(*ob.Code) != 2 {
		t.Errorf("account whose code alone changed: %+v", ob)
	}
	og := over[gone]
	if og.Balance == nil || og.Balance.ToInt().Sign() != 0 || og.Code == nil || len(*og.Code) != 0 || og.State == nil || len(*og.State) != 0 {
		t.Errorf("deleted account: %+v", og)
	}
	// The JSON eth_call takes.
	out, err := json.Marshal(over[gone])
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"balance":"0x0","nonce":"0x0","code":"0x","state":{}}`; string(out) != want {
		t.Errorf("deleted account's override %s, want %s", out, want)
	}
}
