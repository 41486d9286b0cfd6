package guard

import (
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/chain"
)

// Priority is how urgently a pending transaction is simulated when the
// guard falls behind: the label of breakglass_mempool_dropped_total.
type Priority int

// Priorities, most urgent first.
const (
	// PriorityHigh: a contract creation, a call into a protected contract
	// (one of the plan's contracts on the network), or a call to a fresh
	// contract (one with no code FreshBlocks ago, or created by a
	// transaction the guard saw) — the shapes of an exploit.
	PriorityHigh Priority = iota
	// PriorityNormal: a call to a contract the guard has not classified
	// yet.
	PriorityNormal
	// PriorityLow: a plain transfer, or a call to a contract that had code
	// FreshBlocks ago.
	PriorityLow
	priorities
)

// String is the priority's metric label.
func (p Priority) String() string {
	switch p {
	case PriorityHigh:
		return "high"
	case PriorityNormal:
		return "normal"
	default:
		return "low"
	}
}

// FreshBlocks is how many blocks a contract stays fresh: a call to a
// contract younger than this goes first.
const FreshBlocks = 50

// maxAges bounds the classification cache; when full it starts over.
const maxAges = 100_000

// ages classifies destinations: fresh (until a block) or old. It is read
// on the watcher's path, so it never calls the node: workers fill it.
type ages struct {
	mu        sync.Mutex
	protected map[common.Address]bool
	// freshUntil is the last block at which an address counts as fresh;
	// old addresses had code FreshBlocks before they were looked at.
	freshUntil map[common.Address]uint64
	old        map[common.Address]bool
	head       uint64
}

func newAges(protected []common.Address) *ages {
	a := &ages{protected: map[common.Address]bool{}, freshUntil: map[common.Address]uint64{}, old: map[common.Address]bool{}}
	for _, p := range protected {
		a.protected[p] = true
	}
	return a
}

// priority classifies a pending transaction without calling the node.
func (a *ages) priority(p chain.Pending) Priority {
	to := p.Tx.To()
	if to == nil {
		return PriorityHigh
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.protected[*to]:
		return PriorityHigh
	case a.freshUntil[*to] >= a.head && a.freshUntil[*to] != 0:
		return PriorityHigh
	case a.old[*to] || len(p.Tx.Data()) == 0:
		return PriorityLow
	}
	return PriorityNormal
}

// known reports whether addr is classified (protected, fresh or old).
func (a *ages) known(addr common.Address) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, fresh := a.freshUntil[addr]
	return a.protected[addr] || fresh || a.old[addr]
}

// setHead moves the block fresh contracts are measured against.
func (a *ages) setHead(n uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n > a.head {
		a.head = n
	}
}

// fresh marks addr as created at or after block n.
func (a *ages) fresh(addr common.Address, n uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.freshUntil)+len(a.old) >= maxAges {
		a.freshUntil, a.old = map[common.Address]uint64{}, map[common.Address]bool{}
	}
	a.freshUntil[addr] = n + FreshBlocks
	delete(a.old, addr)
}

// setOld marks addr as a contract that had code FreshBlocks ago (or an
// account without code).
func (a *ages) setOld(addr common.Address) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.freshUntil)+len(a.old) >= maxAges {
		a.freshUntil, a.old = map[common.Address]uint64{}, map[common.Address]bool{}
	}
	a.old[addr] = true
}

// queue holds the pending transactions waiting for a worker, by priority,
// in arrival order within one. It never blocks the producer: when full, a
// new transaction takes the place of the oldest waiting one of a lower
// priority, or is dropped itself.
type queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	cap    int
	n      int
	lanes  [priorities][]chain.Pending
	closed bool
}

func newQueue(capacity int) *queue {
	q := &queue{cap: capacity}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push queues p at priority pr. dropped is set when a transaction was
// dropped (p itself, or the one it displaced) with its priority.
func (q *queue) push(p chain.Pending, pr Priority) (dropped bool, droppedPr Priority) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false, pr // the guard stops: not a drop under load
	}
	if q.n >= q.cap {
		victim := Priority(-1)
		for l := priorities - 1; l > pr; l-- {
			if len(q.lanes[l]) > 0 {
				victim = l
				break
			}
		}
		if victim < 0 {
			return true, pr
		}
		q.lanes[victim][0] = chain.Pending{}
		q.lanes[victim] = q.lanes[victim][1:]
		q.n--
		dropped, droppedPr = true, victim
	}
	q.lanes[pr] = append(q.lanes[pr], p)
	q.n++
	q.cond.Signal()
	return dropped, droppedPr
}

// pop waits for the most urgent transaction; ok is false once the queue
// is closed.
func (q *queue) pop() (chain.Pending, Priority, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.n == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return chain.Pending{}, 0, false
	}
	for l := range priorities {
		if len(q.lanes[l]) > 0 {
			p := q.lanes[l][0]
			q.lanes[l][0] = chain.Pending{}
			q.lanes[l] = q.lanes[l][1:]
			q.n--
			return p, l, true
		}
	}
	return chain.Pending{}, 0, false
}

// popBatch waits for the most urgent transaction and takes up to n-1 more
// that are waiting, most urgent first; ok is false once the queue is
// closed.
func (q *queue) popBatch(n int) ([]chain.Pending, bool) {
	p, _, ok := q.pop()
	if !ok {
		return nil, false
	}
	out := []chain.Pending{p}
	q.mu.Lock()
	defer q.mu.Unlock()
	for l := Priority(0); l < priorities && len(out) < n; l++ {
		for len(q.lanes[l]) > 0 && len(out) < n {
			out = append(out, q.lanes[l][0])
			q.lanes[l][0] = chain.Pending{}
			q.lanes[l] = q.lanes[l][1:]
			q.n--
		}
	}
	return out, true
}

// close wakes the workers; what still waits is left.
func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
