package pipeline_test

import (
	"context"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/pipeline"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// concurrentReads passes state reads to the node and records how many
// were in flight at once, and for which blocks.
type concurrentReads struct {
	next   pipeline.Reader
	mu     sync.Mutex
	now    int
	max    int
	n      int
	issued map[common.Hash]bool // blocks whose reads were issued
}

func (c *concurrentReads) CallBatch(ctx context.Context, block common.Hash, calls []chain.Call) ([]chain.CallResult, error) {
	c.mu.Lock()
	c.now++
	c.n++
	c.issued[block] = true
	c.max = max(c.max, c.now)
	c.mu.Unlock()
	defer func() { c.mu.Lock(); c.now--; c.mu.Unlock() }()
	time.Sleep(30 * time.Millisecond) // a node some way off
	return c.next.CallBatch(ctx, block, calls)
}

// readsAhead is a Stage that notes, for each block, whether the state
// reads of the next block had been issued when the block's transaction
// ran.
type readsAhead struct {
	reads  *concurrentReads
	client *chain.Client
	ahead  []uint64 // blocks whose successor's reads were issued before their stages ran
}

func (r *readsAhead) Exec(ctx context.Context, _ store.Tx, b pipeline.Batch) (pipeline.Batch, error) {
	if b.Block == nil {
		return b, nil
	}
	next, err := r.client.HeaderByNumber(ctx, new(big.Int).SetUint64(b.Block.Number()+1))
	if err != nil {
		return b, nil // the last block
	}
	r.reads.mu.Lock()
	defer r.reads.mu.Unlock()
	if r.reads.issued[next.Hash()] {
		r.ahead = append(r.ahead, b.Block.Number())
	}
	return b, nil
}

// TestStateReadsPrefetched: during catch-up the invariants' state reads of
// the blocks ahead are made while earlier blocks are processed (they
// depend only on the block), not one after another inside the serial
// stage: the reads of block N+1 are issued before block N's stages run;
// each block's reads are made once.
func TestStateReadsPrefetched(t *testing.T) {
	e := newEnv(t, 1)
	start := e.head(t) + 1
	const blocks = 16
	for i := 0; i < blocks; i++ {
		e.transfer(t, i%4, (i+1)%4, smallAmount)
		e.dn.Commit()
	}
	parsed, err := bindings.StableTokenMetaData.ParseABI()
	if err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{
		Version: 1, Path: "plan.yaml",
		Networks: []plan.Network{{Name: network, ChainID: devnet.ChainID}},
		Contracts: []plan.Contract{{Name: "stable", Network: network, Address: e.dn.Deployment().Stable,
			ABI: &plan.ABI{Path: "stable.json", Parsed: *parsed}}},
		Detectors: []plan.Detector{{Name: "supply", Kind: plan.KindInvariant, Severity: "high",
			Reads: map[string]plan.Read{"supply": {Name: "supply", Contract: "stable", Call: "totalSupply()"}},
			Holds: "supply > 0", Pos: plan.Pos{File: "plan.yaml", Line: 10, Col: 5}}},
	}
	eng, err := detect.Compile(p, detect.ForNetwork(network))
	if err != nil {
		t.Fatal(err)
	}
	reads := &concurrentReads{next: e.client, issued: map[common.Hash]bool{}}
	ahead := &readsAhead{reads: reads, client: e.client}
	stages := pipeline.Stages{pipeline.Claim{}, pipeline.StoreAlerts{}, ahead, pipeline.SaveCursor{}}
	// MaxGroup 1: every block's stages run as it is processed.
	sink, err := pipeline.NewSink(pipeline.Config{Network: network, Stages: stages, MaxGroup: 1}, e.store, eng, reads, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := chain.NewFollower(chain.FollowerConfig{Network: network, StartBlock: &start, PollInterval: 10 * time.Millisecond, Prefetch: 8}, e.client, sink, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := run(t, ctx, f)
	began := time.Now()
	waitCursor(t, ctx, e.store, start+blocks-1, common.Hash{})
	took := time.Since(began)
	cancel()
	<-done
	reads.mu.Lock()
	defer reads.mu.Unlock()
	if reads.max < 2 {
		t.Errorf("at most %d state read in flight: the reads run inside the serial stage", reads.max)
	}
	if reads.n != blocks {
		t.Errorf("%d read batches for %d blocks, want one each", reads.n, blocks)
	}
	// Each block's reads take 30 ms, its successor's fetch far less: the
	// successor's reads are on their way before the block's stages run
	// (the last block has none; allow a few for a loaded machine).
	if len(ahead.ahead) < blocks/2 {
		t.Errorf("only blocks %v had their successor's reads issued before their stages ran", ahead.ahead)
	}
	t.Logf("%d blocks with a 30 ms read each caught up in %v; at most %d reads in flight; %d blocks had the next one's reads issued before their stages", blocks, took, reads.max, len(ahead.ahead))
}
