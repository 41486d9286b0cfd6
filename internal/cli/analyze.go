package cli

import (
	"context"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/forensics"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// analyzeFlags are the flags of analyze and analyze tx.
type analyzeFlags struct {
	rpcURL, planPath string
	asJSON           bool
	prices           []string
	recent           int64
	txs              []string
	incident, db     string
}

func (f *analyzeFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.rpcURL, "rpc", "", "JSON-RPC URL of a node that serves debug_traceTransaction (required)")
	fl.StringVar(&f.planPath, "plan", "", "plan file: its contracts' names and ABIs decode calls, and their losses make them victims")
	fl.BoolVar(&f.asJSON, "json", false, "print the analysis as JSON")
	fl.StringArrayVar(&f.prices, "price", nil, "USD price of one whole token, as TOKEN=USD where TOKEN is an address, ETH, or a plan contract name (repeatable)")
	fl.Int64Var(&f.recent, "recent-blocks", forensics.DefaultRecentBlocks, "contracts the sender deployed within this many blocks count as its own; 0 or less disables the lookup")
	fl.StringSliceVar(&f.txs, "txs", nil, "the transactions of one attack, comma-separated: the loss is the victims' net change over all of them")
	fl.StringVar(&f.incident, "incident", "", "analyse the attack transactions of this incident (its alerts' transactions, from --db)")
	fl.StringVar(&f.db, "db", defaultDB, dbFlagUsage+" (with --incident)")
	_ = cmd.MarkFlagRequired("rpc")
}

func newAnalyzeCmd(e *env) *cobra.Command {
	f := &analyzeFlags{}
	cmd := &cobra.Command{
		Use:   "analyze [--txs H1,H2,... | --incident ID] --rpc URL",
		Short: "Forensics of on-chain activity: one transaction (analyze tx) or an attack of several (--txs, --incident)",
		Long: `analyze explains on-chain activity from the node's traces and state.

With --txs H1,H2,... (or --incident ID, whose alerts name the attack's
transactions) it analyses an attack of several transactions: each step, the
transactions between them that moved the victims' tokens, and the loss of
the whole attack, which is the victims' net change from before the first
step to after the last, measured from state. A gap between the steps' sum
and the net is explained by the transactions between, or reported.

'analyze tx HASH' analyses one transaction (see its help).`,
		Example: `  breakglass analyze --txs 0x5c50…e3,0x77aa…01,0x9f3b…c2 --rpc $RPC --plan breakglass.yaml --json
  breakglass analyze --incident 01J… --db breakglass.db --rpc $RPC --plan breakglass.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(f.txs) == 0 && f.incident == "" {
				return fmt.Errorf("analyze: give --txs or --incident, or use 'analyze tx HASH'")
			}
			return runAnalyze(cmd, e, f, nil)
		},
	}
	f.register(cmd)
	cmd.AddCommand(newAnalyzeTxCmd(e))
	return cmd
}

func newAnalyzeTxCmd(e *env) *cobra.Command {
	f := &analyzeFlags{}
	cmd := &cobra.Command{
		Use:   "tx HASH [HASH...] --rpc URL [--plan FILE] [--json]",
		Short: "Call tree, re-entrancy, value flows, balance changes, attackers, victims and loss of one transaction (or an attack of several)",
		Long: `analyze tx explains one mined transaction from the node's call trace
(debug_traceTransaction with the callTracer and the prestateTracer, so the
node must serve the debug namespace), its receipt and the state around it:

  - the call tree, decoded with the plan's ABIs (--plan) and the common
    standards (ERC-20/721/1155, WETH, ERC-1967/UUPS, AccessControl, Pausable,
    Ownable, ERC-3156), raw selectors otherwise;
  - re-entrancy: state-changing frames that entered a contract while an
    earlier frame of it was open (static calls back only read);
  - value flows (native value of successful frames, token Transfer events,
    WETH deposits and withdrawals);
  - balance changes measured from state: every party's balanceOf of every
    token the call tree touched (ERC-20, ERC-721 counts, ERC-1155 per id) and
    native balance, before and after the transaction at its position in the
    block; a change the events do not explain is a warning;
  - attackers: whoever ended with value against the victims' loss and shows
    signs of an attack (flash loan, re-entrancy, drain, round trip, fresh
    contracts, callbacks), with a confidence; gainers without them are
    beneficiaries (a benign claim); victims (net losers, the plan's
    contracts among them) and the loss per token, in USD too with --price,
    netted across tokens.

Several hashes (or --txs, or --incident) analyse one attack of several
transactions, as 'analyze --txs' does.

Native ETH is token 0x0000000000000000000000000000000000000000. --json prints
the machine form; its loss can be fed to 'breakglass compensate --losses'.`,
		Example: `  breakglass analyze tx 0x5c50…e3 --rpc http://127.0.0.1:8545 --plan breakglass.yaml
  breakglass analyze tx 0x5c50…e3 --rpc $RPC --json --price ETH=3000 --price 0xA0b8…eB48=1`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && len(f.txs) == 0 && f.incident == "" {
				return fmt.Errorf("analyze tx: give a transaction hash")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAnalyze(cmd, e, f, args)
		},
	}
	f.register(cmd)
	return cmd
}

// runAnalyze analyses the transactions of args, --txs and --incident: one
// transaction alone, several as one attack.
func runAnalyze(cmd *cobra.Command, e *env, f *analyzeFlags, args []string) error {
	ctx := cmd.Context()
	var hashes []common.Hash
	seen := map[common.Hash]bool{}
	addHash := func(h common.Hash) {
		if !seen[h] {
			seen[h] = true
			hashes = append(hashes, h)
		}
	}
	for _, s := range append(append([]string{}, args...), f.txs...) {
		h, err := parseTxHash(strings.TrimSpace(s))
		if err != nil {
			return err
		}
		addHash(h)
	}
	if f.incident != "" {
		txs, err := incidentTxs(ctx, e, f.db, f.incident)
		if err != nil {
			return err
		}
		for _, h := range txs {
			addHash(h)
		}
	}
	rc, err := dialNode(ctx, e, f.rpcURL)
	if err != nil {
		return err
	}
	defer rc.Close()
	opts := forensics.Options{RecentBlocks: f.recent}
	if f.recent <= 0 {
		opts.RecentBlocks = -1 // forensics reads 0 as "the default"
	}
	var p *plan.Plan
	if f.planPath != "" {
		if p, err = plan.Load(f.planPath); err != nil {
			return fmt.Errorf("--plan: %w", err)
		}
		if opts.Contracts, err = planContracts(ctx, rc, p); err != nil {
			return err
		}
	}
	if opts.Prices, err = parsePrices(f.prices, p); err != nil {
		return err
	}
	if len(hashes) == 1 {
		a, err := forensics.Analyze(ctx, rc, hashes[0], opts)
		if err != nil {
			return err
		}
		return printAnalysis(e, f.asJSON, a.Warnings, a)
	}
	at, err := forensics.AnalyzeAttack(ctx, rc, hashes, opts)
	if err != nil {
		return err
	}
	return printAnalysis(e, f.asJSON, at.Warnings, at)
}

// printAnalysis logs an analysis' warnings and prints it, as JSON or as
// text.
func printAnalysis(e *env, asJSON bool, warnings []string, v interface{ WriteText(io.Writer) error }) error {
	for _, w := range warnings {
		e.log.Warn(w)
	}
	if asJSON {
		return writeJSON(e.out, v)
	}
	return v.WriteText(e.out)
}

// incidentTxs returns the transactions of an incident's alerts (retracted
// ones left out), from the database.
func incidentTxs(ctx context.Context, e *env, dsn, id string) ([]common.Hash, error) {
	rec, err := readExistingStore(ctx, e, dsn, func(s store.Store) (incident.Record, error) {
		return incident.Load(ctx, s, id)
	})
	if err != nil {
		return nil, err
	}
	var out []common.Hash
	for _, a := range rec.Alerts {
		if a.Retracted || a.Tx == "" {
			continue
		}
		h, err := parseTxHash(a.Tx)
		if err != nil {
			return nil, fmt.Errorf("incident %s, alert %d: %w", id, a.ID, err)
		}
		out = append(out, h)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("incident %s: no alert names a transaction", id)
	}
	return out, nil
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
