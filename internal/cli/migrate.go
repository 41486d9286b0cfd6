package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/recovery"
)

func newMigrateCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Move a token's state to a replacement contract",
	}
	cmd.AddCommand(newMigrateExportCmd(e))
	return cmd
}

func newMigrateExportCmd(e *env) *cobra.Command {
	var (
		f                       snapshotFlags
		out, excludePath, merkl string
		asJSON                  bool
	)
	cmd := &cobra.Command{
		Use:   "export --rpc URL --token ADDR --block N --out FILE [--exclude FILE]",
		Short: "Export the balances a replacement token needs, with their Merkle root",
		Long: `migrate export reads every holder's balance of a token at a block — the last
block before the exploit — leaves out the attackers (--exclude, one address a
line), and writes the balances a replacement contract needs:

  --out FILE          the balances: JSON (token, block, root, balances,
                      excluded, mismatches) or, when FILE ends in .csv, CSV
                      with the header address,balance;
  --merkle-out FILE   the OpenZeppelin StandardMerkleTree dump of the balances
                      (standard-v1, ["address","uint256"]) for a claim-based
                      migration (default: FILE with .merkle.json), with the
                      proofs CSV beside it (.csv instead of .json).

Balances come from 'breakglass snapshot' (Transfer logs cross-checked with
balanceOf); balanceOf is the balance of record and mismatches are reported.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			snap, stats, err := f.take(cmd.Context(), e)
			if err != nil {
				return err
			}
			var excluded = []string{}
			addrs, err := readExclude(excludePath)
			if err != nil {
				return err
			}
			m, err := recovery.NewMigration(snap, addrs)
			if err != nil {
				return err
			}
			for _, h := range m.Excluded {
				excluded = append(excluded, h.Address.Hex())
			}
			if merkl == "" {
				merkl = strings.TrimSuffix(out, filepath.Ext(out)) + ".merkle.json"
			}
			proofs := strings.TrimSuffix(merkl, filepath.Ext(merkl)) + ".csv"
			if err := writeFileAtomic(out, func(w *bufio.Writer) error {
				if strings.EqualFold(filepath.Ext(out), ".csv") {
					return m.WriteCSV(w)
				}
				b, err := m.MarshalJSON()
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(w, "%s\n", b)
				return err
			}); err != nil {
				return err
			}
			if err := writeDistribution(merkl, proofs, m.Tree); err != nil {
				return err
			}
			warnMismatches(e, snap)
			summary := migrationSummary{
				Token: snap.Token.Hex(), Block: snap.Block, BlockHash: snap.BlockHash.Hex(),
				Root: m.Tree.Root().Hex(), Holders: len(m.Balances), Total: m.Total.String(),
				Excluded: excluded, Mismatches: len(snap.Mismatches()), Logs: snap.Logs,
				LogsPerSecond: int(stats.LogsPerSecond(snap.Logs)), Out: out, MerkleOut: merkl, ProofsCSV: proofs,
			}
			if asJSON {
				return writeJSON(e.out, summary)
			}
			tw := newTable(e.out)
			fmt.Fprintf(tw, "Token\t%s\nBlock\t%d (%s)\nMerkle root\t%s\nHolders\t%d\nTotal\t%s\n",
				summary.Token, summary.Block, summary.BlockHash, summary.Root, summary.Holders, summary.Total)
			for _, a := range excluded {
				fmt.Fprintf(tw, "Excluded\t%s\n", a)
			}
			fmt.Fprintf(tw, "Mismatches\t%d\nBalances\t%s\nDistribution\t%s\nProofs\t%s\n", summary.Mismatches, out, merkl, proofs)
			return tw.Flush()
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&out, "out", "", "file for the balances: .json or .csv (required)")
	cmd.Flags().StringVar(&excludePath, "exclude", "", "file of addresses to leave out (attackers), one a line")
	cmd.Flags().StringVar(&merkl, "merkle-out", "", "file for the Merkle dump (default: --out with .merkle.json)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

type migrationSummary struct {
	Token         string   `json:"token"`
	Block         uint64   `json:"block"`
	BlockHash     string   `json:"block_hash"`
	Root          string   `json:"root"`
	Holders       int      `json:"holders"`
	Total         string   `json:"total"`
	Excluded      []string `json:"excluded"`
	Mismatches    int      `json:"mismatches"`
	Logs          int      `json:"logs"`
	LogsPerSecond int      `json:"logs_per_second"`
	Out           string   `json:"out"`
	MerkleOut     string   `json:"merkle_out"`
	ProofsCSV     string   `json:"proofs_csv"`
}

// readExclude reads an --exclude file: addresses, one a line. An empty path
// excludes nobody.
func readExclude(path string) ([]common.Address, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--exclude: %w", err)
	}
	return recovery.ParseAddressList(path, data)
}
