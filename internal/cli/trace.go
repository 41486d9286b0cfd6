package cli

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/forensics"
)

func newTraceCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trace",
		Short: "Follow stolen funds",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newTraceFundsCmd(e))
	return cmd
}

func newTraceFundsCmd(e *env) *cobra.Command {
	var (
		rpcURL, labelsPath, format string
		fromBlock, toBlock         uint64
		depth, fanout              int
	)
	cmd := &cobra.Command{
		Use:   "funds ADDRESS --rpc URL --from-block N [--to-block M] [--depth D] [--fanout F] [--labels FILE] [--format text|json|dot]",
		Short: "Follow funds out of an address, hop by hop",
		Long: `trace funds follows the value that left ADDRESS, breadth first: native ETH
(top-level and internal transfers, from the callTracer over every block of
the range, so the node must serve debug_traceBlockByNumber) and ERC-20
tokens (Transfer logs). From each address reached it follows only what left
after the funds arrived there, at most --fanout outflows (the largest share of
each token first), at most --depth hops, and never past a labelled address.

The labels file is CSV with the columns address,label,kind (kind: exchange,
bridge, mixer, …; a header line is optional) or JSON: a list of
{"address","label","kind"} or an object from address to {"label","kind"}.

--format text prints a tree; json the nodes and edges; dot a Graphviz
digraph (render it with 'dot -Tsvg'). Amounts are exact, in the token's base
unit; native ETH is token 0x0000000000000000000000000000000000000000.`,
		Example: `  breakglass trace funds 0x77F3…2ec9 --rpc http://127.0.0.1:8545 --from-block 120 --labels labels.csv
  breakglass trace funds 0x77F3…2ec9 --rpc $RPC --from-block 19000000 --to-block 19001000 --format dot | dot -Tsvg > funds.svg`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !common.IsHexAddress(args[0]) {
				return fmt.Errorf("address %q: want 0x and 40 hex digits", args[0])
			}
			switch format {
			case "text", "json", "dot":
			default:
				return fmt.Errorf("--format %q: want text, json or dot", format)
			}
			if depth <= 0 || fanout <= 0 {
				return fmt.Errorf("--depth %d and --fanout %d: both must be at least 1", depth, fanout)
			}
			if toBlock != 0 && toBlock < fromBlock {
				return fmt.Errorf("--to-block %d is before --from-block %d", toBlock, fromBlock)
			}
			var labels forensics.Labels
			if labelsPath != "" {
				var err error
				if labels, err = forensics.LoadLabels(labelsPath); err != nil {
					return fmt.Errorf("--labels: %w", err)
				}
			}
			ctx := cmd.Context()
			rc, err := dialNode(ctx, e, rpcURL)
			if err != nil {
				return err
			}
			defer rc.Close()
			g, err := forensics.TraceFunds(ctx, rc, forensics.FundsQuery{
				Address: common.HexToAddress(args[0]), FromBlock: fromBlock, ToBlock: toBlock,
				Depth: depth, Fanout: fanout, Labels: labels,
			})
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return writeJSON(e.out, g)
			case "dot":
				return g.WriteDOT(e.out)
			}
			return g.WriteText(e.out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&rpcURL, "rpc", "", "JSON-RPC URL of a node that serves debug_traceBlockByNumber and eth_getLogs (required)")
	f.Uint64Var(&fromBlock, "from-block", 0, "first block to search, e.g. the exploit's (required)")
	f.Uint64Var(&toBlock, "to-block", 0, "last block to search (default: the head)")
	f.IntVar(&depth, "depth", forensics.DefaultDepth, "hops to follow")
	f.IntVar(&fanout, "fanout", forensics.DefaultFanout, "outflows followed from each address, largest first")
	f.StringVar(&labelsPath, "labels", "", "labelled addresses to stop at (CSV address,label,kind or JSON)")
	f.StringVar(&format, "format", "text", "output: text, json or dot")
	_ = cmd.MarkFlagRequired("rpc")
	_ = cmd.MarkFlagRequired("from-block")
	return cmd
}
