package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/recovery"
)

// snapshotFlags are the flags snapshot and migrate export share.
type snapshotFlags struct {
	rpcURL, token, block string
	fromBlock, chunk     uint64
	batch                int
}

func (f *snapshotFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&f.rpcURL, "rpc", "", "JSON-RPC URL of a node that serves state at --block (an archive node for old blocks) (required)")
	fs.StringVar(&f.token, "token", "", "ERC-20 token address (required)")
	fs.StringVar(&f.block, "block", "", "block number to read the balances at, or 'latest' (required)")
	fs.Uint64Var(&f.fromBlock, "from-block", 0, "first block to read Transfer logs from (the token's deployment block saves time)")
	fs.Uint64Var(&f.chunk, "chunk", recovery.DefaultChunkBlocks, "first eth_getLogs range in blocks; halves when the node refuses a range")
	fs.IntVar(&f.batch, "batch", recovery.DefaultBatchSize, "balanceOf calls per JSON-RPC batch; halves when the node refuses a batch")
	for _, name := range []string{"rpc", "token", "block"} {
		_ = cmd.MarkFlagRequired(name)
	}
}

// take dials the node and takes the snapshot the flags describe.
func (f *snapshotFlags) take(ctx context.Context, e *env) (*recovery.Snapshot, recovery.SnapshotStats, error) {
	var stats recovery.SnapshotStats
	if !common.IsHexAddress(f.token) {
		return nil, stats, fmt.Errorf("--token %q: want a 0x address", f.token)
	}
	rc, err := dialNode(ctx, e, f.rpcURL)
	if err != nil {
		return nil, stats, err
	}
	defer rc.Close()
	var block uint64
	if f.block == "latest" {
		if block, err = rc.BlockNumber(ctx); err != nil {
			return nil, stats, fmt.Errorf("head block: %w", err)
		}
	} else if block, err = strconv.ParseUint(f.block, 10, 64); err != nil {
		return nil, stats, fmt.Errorf("--block %q: want a block number or 'latest'", f.block)
	}
	return recovery.TakeSnapshot(ctx, rc, recovery.SnapshotRequest{
		Token: common.HexToAddress(f.token), Block: block, FromBlock: f.fromBlock,
		ChunkBlocks: f.chunk, BatchSize: f.batch,
	}, e.log)
}

func newSnapshotCmd(e *env) *cobra.Command {
	var (
		f      snapshotFlags
		asJSON bool
		asCSV  bool
		out    string
	)
	cmd := &cobra.Command{
		Use:   "snapshot --rpc URL --token ADDR --block N [--json|--csv]",
		Short: "Holders and balances of a token at a block",
		Long: `snapshot lists every holder of an ERC-20 token and its balance at a block.
It replays the token's Transfer logs (eth_getLogs in ranges that halve when
the node refuses one), then reads balanceOf at that block for every account it
saw (in JSON-RPC batches) and cross-checks the two. Holders whose logs and
balanceOf disagree — rebasing or fee-on-transfer tokens, or transfers before
--from-block — are listed as mismatches and counted in a warning on stderr.

The balance of record is balanceOf. --json prints the snapshot with the
mismatches apart; --csv prints address,balance,transfer_balance. Either is
accepted by 'breakglass compensate --losses PRE --after POST'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && asCSV {
				return fmt.Errorf("--json and --csv: choose one")
			}
			snap, stats, err := f.take(cmd.Context(), e)
			if err != nil {
				return err
			}
			w, done, err := outputFile(e.out, out)
			if err != nil {
				return err
			}
			switch {
			case asJSON:
				var b []byte
				if b, err = snap.MarshalJSON(); err == nil {
					_, err = fmt.Fprintf(w, "%s\n", b)
				}
			case asCSV:
				err = snap.WriteCSV(w)
			default:
				err = writeSnapshotText(w, snap, stats)
			}
			if err := done(err); err != nil {
				return err
			}
			warnMismatches(e, snap)
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the snapshot as JSON")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print the snapshot as CSV (address,balance,transfer_balance)")
	cmd.Flags().StringVar(&out, "out", "", "write to this file instead of standard output")
	return cmd
}

// outputFile returns the writer for --out (standard output when empty) and
// a function that finishes it, returning the first error.
func outputFile(stdout io.Writer, path string) (io.Writer, func(error) error, error) {
	if path == "" {
		return stdout, func(err error) error { return err }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("--out: %w", err)
	}
	w := bufio.NewWriter(f)
	return w, func(err error) error {
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}, nil
}

func writeSnapshotText(w io.Writer, s *recovery.Snapshot, stats recovery.SnapshotStats) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "Token\t%s\n", s.Token.Hex())
	fmt.Fprintf(tw, "Block\t%d (%s)\n", s.Block, s.BlockHash.Hex())
	fmt.Fprintf(tw, "Holders\t%d\n", len(s.Holders))
	fmt.Fprintf(tw, "Total\t%s\n", s.Total())
	if s.TotalSupply != nil {
		fmt.Fprintf(tw, "Total supply\t%s\n", s.TotalSupply)
	}
	fmt.Fprintf(tw, "Transfer logs\t%d from block %d (%d queries, %d refused ranges, %.0f logs/s)\n",
		s.Logs, s.FromBlock, stats.LogQueries, stats.Refusals, stats.LogsPerSecond(s.Logs))
	mm := s.Mismatches()
	fmt.Fprintf(tw, "Mismatches\t%d\n", len(mm))
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "ADDRESS\tBALANCE\tFROM LOGS\t\n")
	for _, h := range s.Holders {
		mark := ""
		if h.Mismatch() {
			mark = "  MISMATCH"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", h.Address.Hex(), h.Balance, h.TransferBalance, mark)
	}
	return tw.Flush()
}

// warnMismatches tells stderr how many holders' logs disagree with balanceOf
// and how the supply compares, so a mismatch is never silent.
func warnMismatches(e *env, s *recovery.Snapshot) {
	if n := len(s.Mismatches()); n > 0 {
		fmt.Fprintf(e.errOut, "warning: %d holders' Transfer logs disagree with balanceOf (a rebasing or fee-on-transfer token, or transfers before --from-block); balanceOf is used as the balance\n", n)
	}
	if s.TotalSupply != nil && s.TotalSupply.Cmp(s.Total()) != 0 {
		fmt.Fprintf(e.errOut, "warning: the holders found hold %s but totalSupply is %s; some balances were not seen in the Transfer logs (try an earlier --from-block)\n", s.Total(), s.TotalSupply)
	}
}
