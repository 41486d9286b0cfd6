package cli

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/forensics"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

func newAnalyzeCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "analyze",
		Short: "Forensics of on-chain activity",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newAnalyzeTxCmd(e))
	return cmd
}

func newAnalyzeTxCmd(e *env) *cobra.Command {
	var (
		rpcURL, planPath string
		asJSON           bool
		prices           []string
		recent           int64
	)
	cmd := &cobra.Command{
		Use:   "tx HASH --rpc URL [--plan FILE] [--json]",
		Short: "Call tree, re-entrancy, value flows, balance changes, attackers, victims and loss of one transaction",
		Long: `analyze tx explains one mined transaction from the node's call trace
(debug_traceTransaction with the callTracer, so the node must serve the debug
namespace) and its receipt:

  - the call tree, decoded with the plan's ABIs (--plan) and the common
    standards (ERC-20/721/1155, WETH, ERC-1967/UUPS, AccessControl, Pausable,
    Ownable, ERC-3156), raw selectors otherwise;
  - re-entrancy: frames that entered a contract while an earlier frame of it
    was open;
  - value flows (native value of successful frames, token Transfer events,
    WETH deposits and withdrawals) and net balance changes, exact;
  - attackers (the sender, contracts it deployed in the last --recent-blocks
    blocks or created in the transaction, accounts it paid its profit to),
    victims (net losers, the plan's contracts among them) and the loss per
    token, in USD too with --price.

Native ETH is token 0x0000000000000000000000000000000000000000. --json prints
the machine form; its loss can be fed to 'breakglass compensate --losses'.`,
		Example: `  breakglass analyze tx 0x5c50…e3 --rpc http://127.0.0.1:8545 --plan breakglass.yaml
  breakglass analyze tx 0x5c50…e3 --rpc $RPC --json --price ETH=3000 --price 0xA0b8…eB48=1`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			hash, err := parseTxHash(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			rc, err := dialNode(ctx, e, rpcURL)
			if err != nil {
				return err
			}
			defer rc.Close()
			opts := forensics.Options{RecentBlocks: recent}
			if recent <= 0 {
				opts.RecentBlocks = -1 // forensics reads 0 as "the default"
			}
			var p *plan.Plan
			if planPath != "" {
				if p, err = plan.Load(planPath); err != nil {
					return fmt.Errorf("--plan: %w", err)
				}
				if opts.Contracts, err = planContracts(ctx, rc, p); err != nil {
					return err
				}
			}
			if opts.Prices, err = parsePrices(prices, p); err != nil {
				return err
			}
			a, err := forensics.Analyze(ctx, rc, hash, opts)
			if err != nil {
				return err
			}
			for _, w := range a.Warnings {
				e.log.Warn(w)
			}
			if asJSON {
				return writeJSON(e.out, a)
			}
			return a.WriteText(e.out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&rpcURL, "rpc", "", "JSON-RPC URL of a node that serves debug_traceTransaction (required)")
	f.StringVar(&planPath, "plan", "", "plan file: its contracts' names and ABIs decode calls, and their losses make them victims")
	f.BoolVar(&asJSON, "json", false, "print the analysis as JSON")
	f.StringArrayVar(&prices, "price", nil, "USD price of one whole token, as TOKEN=USD where TOKEN is an address, ETH, or a plan contract name (repeatable)")
	f.Int64Var(&recent, "recent-blocks", forensics.DefaultRecentBlocks, "contracts the sender deployed within this many blocks count as its own; 0 or less disables the lookup")
	_ = cmd.MarkFlagRequired("rpc")
	return cmd
}

// parseTxHash reads a 0x-prefixed 32-byte transaction hash.
func parseTxHash(s string) (common.Hash, error) {
	b, err := hexutil.Decode(s)
	if err != nil || len(b) != common.HashLength {
		return common.Hash{}, fmt.Errorf("transaction hash %q: want 0x and 64 hex digits", s)
	}
	return common.BytesToHash(b), nil
}

// forensics reads the node through chain.Client, the one type that reaches
// a node.
var _ forensics.Caller = (*chain.Client)(nil)

// dialNode returns a client of the node at the --rpc URL.
func dialNode(ctx context.Context, e *env, url string) (*chain.Client, error) {
	c, err := chain.Dial(ctx, chain.Config{Network: "--rpc", URLs: []string{url}}, nil, e.log)
	if err != nil {
		return nil, fmt.Errorf("--rpc: %w", err)
	}
	return c, nil
}

// planContracts returns the plan's contracts on the network the node
// serves (by chain id), with their ABIs.
func planContracts(ctx context.Context, rc *chain.Client, p *plan.Plan) ([]forensics.Contract, error) {
	chainID, err := rc.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the node's chain id: %w", err)
	}
	id := (*hexutil.Big)(chainID)
	var out []forensics.Contract
	for _, c := range p.Contracts {
		if n := p.Network(c.Network); n != nil && new(big.Int).SetUint64(n.ChainID).Cmp(id.ToInt()) != 0 {
			continue
		}
		fc := forensics.Contract{Name: c.Name, Address: c.Address}
		if c.ABI != nil {
			parsed := c.ABI.Parsed
			fc.ABI = &parsed
		}
		out = append(out, fc)
	}
	if len(out) == 0 && len(p.Contracts) > 0 {
		return nil, fmt.Errorf("--plan %s: no contract is on chain id %s, the node's: check --rpc", p.Path, id.ToInt())
	}
	return out, nil
}

// parsePrices reads --price TOKEN=USD flags. TOKEN is an address, ETH (or
// native) for the native currency, or the name of a plan contract.
func parsePrices(flags []string, p *plan.Plan) (map[common.Address]*big.Rat, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	out := map[common.Address]*big.Rat{}
	for _, f := range flags {
		token, usd, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("--price %q: want TOKEN=USD, e.g. ETH=3000", f)
		}
		price, ok := new(big.Rat).SetString(strings.TrimSpace(usd))
		if !ok || price.Sign() < 0 {
			return nil, fmt.Errorf("--price %q: %q is not a non-negative number", f, usd)
		}
		token = strings.TrimSpace(token)
		var addr common.Address
		switch {
		case strings.EqualFold(token, "ETH") || strings.EqualFold(token, plan.NativeToken):
			addr = forensics.Native
		case common.IsHexAddress(token):
			addr = common.HexToAddress(token)
		case p != nil && p.Contract(token) != nil:
			addr = p.Contract(token).Address
		default:
			return nil, fmt.Errorf("--price %q: token %q is not an address, ETH, or a contract of the plan", f, token)
		}
		out[addr] = price
	}
	return out, nil
}
