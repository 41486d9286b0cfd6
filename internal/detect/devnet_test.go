package detect

import (
	"context"
	"math/big"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
)

// TestDevnetScenarios runs the plan the devnet writes over a real chain:
// each attack scenario is detected in the exploit's block, by the detector
// written for it, and the blocks before it raise no critical alert.
func TestDevnetScenarios(t *testing.T) {
	want := map[string]string{
		devnet.ScenarioReentrancy: "pool-reentrancy",
		devnet.ScenarioOracle:     "pool-flash-loan-outflow",
		devnet.ScenarioAccess:     "pool-reserves-migrated",
	}
	for _, name := range devnet.Scenarios() {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			d := devnettest.Start(t)
			_, p := devnettest.Plan(t, d)
			network := p.Networks[0].Name
			e, err := Compile(p, ForNetwork(network))
			if err != nil {
				t.Fatalf("compile the devnet's plan: %v", err)
			}
			res, err := d.RunScenario(ctx, name)
			if err != nil {
				t.Fatalf("run scenario: %v", err)
			}
			metrics, err := chain.NewMetrics(prometheus.NewRegistry())
			if err != nil {
				t.Fatal(err)
			}
			client, err := chain.Dial(ctx, chain.Config{Network: network, URLs: []string{d.HTTPURL()}}, metrics, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(client.Close)

			var exploit []Alert
			// From where the daemon would start (the plan's start block:
			// the deployment's own role grants and mints are before it),
			// at most 20 blocks back.
			first := max(p.Contracts[0].StartBlock, 1)
			if res.Block > 20 {
				first = max(first, res.Block-20)
			}
			for n := first; n <= res.Block; n++ {
				b, err := client.FetchBlock(ctx, n, e.TraceScope(network))
				if err != nil {
					t.Fatalf("fetch block %d: %v", n, err)
				}
				reads := makeReads(ctx, t, client, d, b, e.Reads(network, n))
				alerts := e.Process(b, reads)
				if n < res.Block {
					for _, a := range alerts {
						if a.Severity == "critical" {
							t.Errorf("block %d before the exploit: critical alert %s", n, a.Summary)
						}
					}
					continue
				}
				exploit = alerts
			}
			var got []string
			baseUnits := regexp.MustCompile(`\d{19,}`)
			for _, a := range exploit {
				got = append(got, a.Detector)
				if a.Kind == "heuristic" && baseUnits.MatchString(a.Summary) {
					t.Errorf("alert %s tells an amount in base units: %s", a.Detector, a.Summary)
				}
				if a.TxIndex >= 0 && a.TxHash != res.Tx {
					t.Errorf("alert %s on tx %s, not the exploit %s", a.Detector, a.TxHash, res.Tx)
				}
			}
			if !slices.Contains(got, want[name]) {
				t.Fatalf("exploit block %d: alerts %v, want %s among them", res.Block, got, want[name])
			}
			t.Logf("scenario %s: block %d alerts %v", name, res.Block, got)
		})
	}
}

// makeReads makes the engine's reads at block b, the way a follower does:
// one eth_call batch, and the native balances.
func makeReads(ctx context.Context, t *testing.T, client *chain.Client, d *devnet.Devnet, b *chain.Block, calls []Call) ReadResults {
	t.Helper()
	if len(calls) == 0 {
		return nil
	}
	out := make(ReadResults, len(calls))
	var batch []chain.Call
	var at []int
	for i, c := range calls {
		switch c.Method {
		case MethodCall:
			batch = append(batch, chain.Call{To: c.To, Data: c.Data})
			at = append(at, i)
		case MethodGetBalance:
			bal, err := d.Client().BalanceAt(ctx, c.To, new(big.Int).SetUint64(c.Block))
			if err != nil {
				t.Fatalf("balance of %s: %v", c.To, err)
			}
			out[i] = ReadResult{Data: common.LeftPadBytes(bal.Bytes(), 32)}
		}
	}
	res, err := client.CallBatch(ctx, b.Hash(), batch)
	if err != nil {
		t.Fatalf("call batch: %v", err)
	}
	for j, r := range res {
		out[at[j]] = ReadResult{Data: r.Output, Err: r.Err}
	}
	return out
}
