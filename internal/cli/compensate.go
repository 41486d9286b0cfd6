package cli

import (
	"bufio"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/recovery"
)

func newCompensateCmd(e *env) *cobra.Command {
	var (
		lossesPath, afterPath, token, policy, budget, capAmount string
		excludePath, out, proofsCSV                             string
		asJSON                                                  bool
	)
	cmd := &cobra.Command{
		Use:   "compensate --losses FILE --policy full|pro-rata [--budget AMOUNT] [--cap AMOUNT] [--exclude FILE] --out FILE",
		Short: "Turn losses into compensation amounts and a Merkle distribution",
		Long: `compensate reads who lost what, applies a compensation policy, and writes the
Merkle distribution: OpenZeppelin's StandardMerkleTree dump (format standard-v1,
leaf encoding ["address","uint256"]) that @openzeppelin/merkle-tree loads and
OpenZeppelin's MerkleProof verifies on-chain, plus a CSV of every claim's proof.

--losses takes one of:
  - the output of 'breakglass analyze tx --json': the losses are the negative
    balance changes in one token (--token when there are several), the
    attackers left out;
  - a CSV with the header address,amount (amounts in the token's base unit);
  - a pre-incident snapshot ('breakglass snapshot --json' or --csv) with
    --after the post-incident one: the losses are the balances that fell.

Policies: full pays every loss (a --budget, if given, must cover the total);
pro-rata shares --budget in proportion to the losses, each share rounded down,
the remainder reported as dust. --cap limits what one account gets (applied
before pro-rata). --exclude names accounts that get nothing, one address a line.
Duplicate addresses are summed and zero losses dropped. All amounts are exact
integers in base units.

The proofs CSV (--proofs-csv, default: --out with .csv instead of .json) has
the header index,address,amount,root,proof: index is the claim's position in
the dump's values, root is the Merkle root (the same on every row), and proof
is the claim's sibling hashes, leaf to root, separated by ';'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kind, err := recovery.ParsePolicyKind(policy)
			if err != nil {
				return fmt.Errorf("--policy: %w", err)
			}
			p := recovery.Policy{Kind: kind}
			if p.Budget, err = optionalAmount("--budget", budget); err != nil {
				return err
			}
			if p.Cap, err = optionalAmount("--cap", capAmount); err != nil {
				return err
			}
			var tok *common.Address
			if token != "" {
				if !common.IsHexAddress(token) {
					return fmt.Errorf("--token %q: want a 0x address", token)
				}
				a := common.HexToAddress(token)
				tok = &a
			}
			ls, err := readLosses(lossesPath, afterPath, tok)
			if err != nil {
				return err
			}
			if p.Exclude, err = readExclude(excludePath); err != nil {
				return err
			}
			p.Exclude = append(p.Exclude, ls.Attackers...)

			d, err := recovery.Compensate(ls.Losses, p)
			if err != nil {
				return err
			}
			tree, err := recovery.NewMerkleTree(d.Claims)
			if err != nil {
				return err
			}
			if proofsCSV == "" {
				proofsCSV = strings.TrimSuffix(out, filepath.Ext(out)) + ".csv"
				if proofsCSV == out {
					proofsCSV = out + ".csv"
				}
			}
			if err := writeDistribution(out, proofsCSV, tree); err != nil {
				return err
			}
			e.log.Info("compensation written", "dump", out, "proofs", proofsCSV, "root", tree.Root().Hex(), "claims", tree.Len())
			summary := newCompensationSummary(ls, p, d, tree, out, proofsCSV)
			if asJSON {
				return writeJSON(e.out, summary)
			}
			return summary.writeText(e)
		},
	}
	f := cmd.Flags()
	f.StringVar(&lossesPath, "losses", "", "losses: analyze --json output, an address,amount CSV, or a pre-incident snapshot with --after (required)")
	f.StringVar(&afterPath, "after", "", "post-incident snapshot; --losses is then the pre-incident snapshot")
	f.StringVar(&token, "token", "", "token of the losses, when the analysis shows losses in several")
	f.StringVar(&policy, "policy", "", "compensation policy: full or pro-rata (required)")
	f.StringVar(&budget, "budget", "", "most to pay in total, in base units (required by pro-rata)")
	f.StringVar(&capAmount, "cap", "", "most to pay one account, in base units")
	f.StringVar(&excludePath, "exclude", "", "file of addresses that get nothing (attackers), one a line")
	f.StringVar(&out, "out", "", "file for the Merkle distribution (standard-v1 dump) (required)")
	f.StringVar(&proofsCSV, "proofs-csv", "", "file for the per-claim proofs CSV (default: --out with .csv)")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON")
	for _, name := range []string{"losses", "policy", "out"} {
		_ = cmd.MarkFlagRequired(name)
	}
	return cmd
}

// optionalAmount reads an amount flag; empty means not given.
func optionalAmount(flag, s string) (*big.Int, error) {
	if s == "" {
		return nil, nil
	}
	v, err := recovery.ParseAmount(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	return v, nil
}

func readLosses(path, afterPath string, token *common.Address) (recovery.LossSet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return recovery.LossSet{}, fmt.Errorf("--losses: %w", err)
	}
	if afterPath == "" {
		return recovery.ParseLosses(path, data, token)
	}
	pre, err := recovery.ParseSnapshot(path, data)
	if err != nil {
		return recovery.LossSet{}, fmt.Errorf("--losses (pre-incident snapshot): %w", err)
	}
	data, err = os.ReadFile(afterPath)
	if err != nil {
		return recovery.LossSet{}, fmt.Errorf("--after: %w", err)
	}
	post, err := recovery.ParseSnapshot(afterPath, data)
	if err != nil {
		return recovery.LossSet{}, fmt.Errorf("--after (post-incident snapshot): %w", err)
	}
	ls, err := recovery.SnapshotLosses(pre, post)
	if err != nil {
		return recovery.LossSet{}, err
	}
	if token != nil && ls.Token != nil && *token != *ls.Token {
		return recovery.LossSet{}, fmt.Errorf("--token %s, but the snapshots are of %s", token.Hex(), ls.Token.Hex())
	}
	if ls.Token == nil {
		ls.Token = token
	}
	return ls, nil
}

// writeDistribution writes the dump and the proofs CSV, each through a
// temporary file renamed into place, so a failure never leaves half a file.
func writeDistribution(dumpPath, csvPath string, tree *recovery.MerkleTree) error {
	dump, err := tree.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode the Merkle dump: %w", err)
	}
	if err := saveFile(dumpPath, append(dump, '\n')); err != nil {
		return err
	}
	return writeFileAtomic(csvPath, func(w *bufio.Writer) error { return recovery.WriteProofsCSV(w, tree) })
}

// compensationSummary is what compensate prints; --json prints it as is.
type compensationSummary struct {
	Root          string         `json:"root"`
	Token         string         `json:"token,omitempty"`
	Policy        string         `json:"policy"`
	Budget        string         `json:"budget,omitempty"`
	Cap           string         `json:"cap,omitempty"`
	Claimants     int            `json:"claimants"`
	Claims        int            `json:"claims"`
	RoundedToZero int            `json:"rounded_to_zero"`
	Losses        string         `json:"losses"`
	Eligible      string         `json:"eligible"`
	Total         string         `json:"total"`
	Dust          string         `json:"dust"`
	Excluded      []excludedLoss `json:"excluded"`
	Out           string         `json:"out"`
	ProofsCSV     string         `json:"proofs_csv"`
}

type excludedLoss struct {
	Address string `json:"address"`
	Loss    string `json:"loss"`
}

func newCompensationSummary(ls recovery.LossSet, p recovery.Policy, d *recovery.Distribution, tree *recovery.MerkleTree, out, csvPath string) compensationSummary {
	s := compensationSummary{
		Root: tree.Root().Hex(), Policy: string(p.Kind),
		Claimants: d.Claimants, Claims: tree.Len(), RoundedToZero: d.RoundedToZero,
		Losses: d.Losses.String(), Eligible: d.Eligible.String(), Total: d.Total.String(), Dust: d.Dust.String(),
		Excluded: []excludedLoss{}, Out: out, ProofsCSV: csvPath,
	}
	if ls.Token != nil {
		s.Token = ls.Token.Hex()
	}
	if p.Budget != nil {
		s.Budget = p.Budget.String()
	}
	if p.Cap != nil {
		s.Cap = p.Cap.String()
	}
	for _, x := range d.Excluded {
		s.Excluded = append(s.Excluded, excludedLoss{Address: x.Account.Hex(), Loss: x.Amount.String()})
	}
	return s
}

func (s compensationSummary) writeText(e *env) error {
	tw := newTable(e.out)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("Merkle root", s.Root)
	if s.Token != "" {
		row("Token", s.Token)
	}
	row("Policy", s.Policy)
	claimants := fmt.Sprintf("%d", s.Claims)
	if s.RoundedToZero > 0 {
		claimants += fmt.Sprintf(" (%d more rounded down to zero)", s.RoundedToZero)
	}
	row("Claimants", claimants)
	row("Losses", s.Losses)
	if s.Cap != "" {
		row("After cap", s.Eligible+" (cap "+s.Cap+" each)")
	}
	if s.Budget != "" {
		row("Budget", s.Budget)
	}
	row("Total", s.Total)
	row("Dust", s.Dust)
	for _, x := range s.Excluded {
		row("Excluded", x.Address+" (lost "+x.Loss+")")
	}
	row("Distribution", s.Out+" (OpenZeppelin StandardMerkleTree standard-v1)")
	row("Proofs", s.ProofsCSV)
	return tw.Flush()
}
