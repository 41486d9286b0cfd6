package guard

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

func pending(to *common.Address, data []byte, nonce uint64) chain.Pending {
	return chain.Pending{Tx: types.NewTx(&types.DynamicFeeTx{Nonce: nonce, To: to, Data: data, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1)}), Seen: time.Now()}
}

// TestPriority: creations, calls into protected and fresh contracts go
// first; unclassified calls next; transfers and calls to old contracts
// last; a fresh contract ages out after FreshBlocks.
func TestPriority(t *testing.T) {
	protected, fresh, old, unknown := common.Address{1}, common.Address{2}, common.Address{3}, common.Address{4}
	a := newAges([]common.Address{protected})
	a.setHead(100)
	a.fresh(fresh, 100)
	a.setOld(old)
	call := []byte{1, 2, 3, 4}
	tests := []struct {
		name string
		p    chain.Pending
		want Priority
	}{
		{"creation", pending(nil, call, 0), PriorityHigh},
		{"call into a protected contract", pending(&protected, call, 0), PriorityHigh},
		{"transfer to a protected contract", pending(&protected, nil, 0), PriorityHigh},
		{"call to a fresh contract", pending(&fresh, call, 0), PriorityHigh},
		{"call to an unclassified contract", pending(&unknown, call, 0), PriorityNormal},
		{"call to an old contract", pending(&old, call, 0), PriorityLow},
		{"plain transfer", pending(&unknown, nil, 0), PriorityLow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.priority(tc.p); got != tc.want {
				t.Errorf("priority %s, want %s", got, tc.want)
			}
		})
	}
	a.setHead(100 + FreshBlocks + 1)
	if got := a.priority(pending(&fresh, call, 0)); got != PriorityNormal {
		t.Errorf("a contract %d blocks old: priority %s, want normal", FreshBlocks+1, got)
	}
}

// TestQueueDropsLowFirst: a full queue makes room for urgent work by
// dropping the oldest waiting low-priority transaction, drops new
// low-priority work itself, and hands out the most urgent first.
func TestQueueDropsLowFirst(t *testing.T) {
	q := newQueue(3)
	to := common.Address{9}
	for i := range 3 {
		if dropped, _ := q.push(pending(&to, nil, uint64(i)), PriorityLow); dropped {
			t.Fatalf("push %d into a queue with room dropped", i)
		}
	}
	if dropped, pr := q.push(pending(&to, nil, 3), PriorityLow); !dropped || pr != PriorityLow {
		t.Fatalf("low into a full queue of low: dropped %v (%s), want the new one dropped", dropped, pr)
	}
	if dropped, pr := q.push(pending(nil, nil, 4), PriorityHigh); !dropped || pr != PriorityLow {
		t.Fatalf("high into a full queue of low: dropped %v (%s), want a low one dropped", dropped, pr)
	}
	if dropped, pr := q.push(pending(&to, []byte{1}, 5), PriorityNormal); !dropped || pr != PriorityLow {
		t.Fatalf("normal into a full queue: dropped %v (%s), want a low one dropped", dropped, pr)
	}
	for _, want := range []struct {
		pr    Priority
		nonce uint64
	}{{PriorityHigh, 4}, {PriorityNormal, 5}, {PriorityLow, 2}} {
		p, pr, ok := q.pop()
		if !ok || pr != want.pr || p.Tx.Nonce() != want.nonce {
			t.Fatalf("pop: %s nonce %d (ok %v), want %s nonce %d", pr, p.Tx.Nonce(), ok, want.pr, want.nonce)
		}
	}
	for range 3 {
		q.push(pending(nil, nil, 6), PriorityHigh)
	}
	if dropped, pr := q.push(pending(nil, nil, 7), PriorityHigh); !dropped || pr != PriorityHigh {
		t.Fatalf("high into a full queue of high: dropped %v (%s), want the new one dropped", dropped, pr)
	}
	q.close()
	if _, _, ok := q.pop(); ok {
		t.Fatal("pop after close handed out work")
	}
}
