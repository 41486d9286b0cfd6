package guard

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/params"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.GWei)) }

// TestTipAbove: the containment's tip is above the pending one by a tenth
// (at least 1 gwei), within the plan's cap; at the cap it is outbid.
func TestTipAbove(t *testing.T) {
	tests := []struct {
		name       string
		pending    *big.Int
		limit      *big.Int
		want       *big.Int
		wantOutbid bool
	}{
		{"small tip: plus 1 gwei", gwei(1), gwei(50), gwei(2), false},
		{"large tip: plus a tenth", gwei(30), gwei(50), gwei(33), false},
		{"capped above the pending tip", gwei(48), gwei(50), gwei(50), false},
		{"outbid: the cap is at the pending tip", gwei(50), gwei(50), gwei(50), true},
		{"outbid: the pending tip is above the cap", gwei(80), gwei(50), gwei(50), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &Guard{maxTip: tt.limit}
			got, outbid := g.tipAbove(tt.pending)
			if got.Cmp(tt.want) != 0 || outbid != tt.wantOutbid {
				t.Fatalf("tipAbove(%s) = %s, outbid %v; want %s, %v", tt.pending, got, outbid, tt.want, tt.wantOutbid)
			}
		})
	}
}

// TestFlattenLogs: logs come out in execution order (a log's Position is
// the index of the first sub-call after it), and a reverted frame's logs,
// with those of the frames below it, are left out, as in a receipt.
func TestFlattenLogs(t *testing.T) {
	lg := func(n byte, pos uint) chain.CallLog {
		return chain.CallLog{Address: common.Address{n}, Position: hexutil.Uint(pos)}
	}
	root := &chain.CallFrame{
		Logs: []chain.CallLog{lg(1, 0), lg(4, 1), lg(7, 2)},
		Calls: []*chain.CallFrame{
			{Logs: []chain.CallLog{lg(2, 0), lg(3, 0)}},
			{Error: "execution reverted", Logs: []chain.CallLog{lg(9, 0)}, Calls: []*chain.CallFrame{{Logs: []chain.CallLog{lg(9, 0)}}}},
			{Logs: []chain.CallLog{lg(8, 0)}},
		},
	}
	// Call 1 reverted; log 7 was emitted before call 2 (position 2) and
	// call 2 emits 8; nothing of call 1 shows.
	var got []byte
	flattenLogs(root, func(l chain.CallLog) { got = append(got, l.Address[0]) })
	want := []byte{1, 2, 3, 4, 7, 8}
	if string(got) != string(want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	var none []byte
	flattenLogs(&chain.CallFrame{Error: "reverted", Logs: []chain.CallLog{lg(1, 0)}}, func(l chain.CallLog) { none = append(none, l.Address[0]) })
	if len(none) != 0 {
		t.Fatalf("logs of a reverted transaction: %v", none)
	}
}
