package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond/presign"
)

type presignFlags struct {
	planPath, db, executor, out, output string
	count                               int
	actions                             []string
	json                                bool
}

// asJSON reports whether the command prints JSON (--json or --output json).
func (f *presignFlags) asJSON() (bool, error) {
	switch f.output {
	case "", "text":
		return f.json, nil
	case "json":
		return true, nil
	}
	return false, fmt.Errorf("--output %q: want text or json", f.output)
}

// open reads --output, checks --executor when the command needs one, and
// opens the plan's parts on the database (mode).
func (f *presignFlags) open(ctx context.Context, e *env, needExecutor bool, mode dbMode) (bool, *app.App, func(), error) {
	asJSON, err := f.asJSON()
	if err != nil {
		return false, nil, nil, err
	}
	if needExecutor && f.executor == "" {
		return false, nil, nil, errors.New("--executor NAME is required: the plan's Safe executor")
	}
	a, closeFn, err := openApp(ctx, e, f.planPath, f.db, mode)
	if err != nil {
		return false, nil, nil, err
	}
	return asJSON, a, closeFn, nil
}

func newPresignCmd(e *env) *cobra.Command {
	f := &presignFlags{}
	cmd := &cobra.Command{
		Use:   "presign --plan FILE --executor NAME --count K [--db DSN] [--out DIR]",
		Short: "Prepare pre-signed pause transactions of a Safe executor for its owners to sign ahead of an incident",
		Long: `presign prepares the Safe transactions of the containment actions that the Safe
executor NAME carries out (each pause action that uses it, and each action a
detector responds with) at the Safe's next K nonces, and stores them (--db):
the transactions and, later, the owners' signatures, never a key.

For each transaction it writes DIR/NAME-nonce-N-CONTRACT-ACTION-ID.json, the
EIP-712 typed data an owner signs in their own wallet (eth_signTypedData_v4,
or: cast wallet sign --data --from-file FILE), and prints its safeTxHash.
Each owner's signature is then added with 'breakglass presign add-signature'.

On alarm, the Safe executor executes the pre-signed transaction of the action
at the Safe's current nonce with the stored signatures, through its
submitter, at once: no owner key needs to be present. 'breakglass presign
list' and the daemon check that the stock is still valid (the Safe's nonce,
owners and threshold unchanged); the daemon alerts the internal channels when
it is not.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.prepare(cmd.Context(), e) },
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.planPath, "plan", "", "plan file (required)")
	pf.StringVar(&f.db, "db", defaultDB, dbFlagUsage)
	pf.BoolVar(&f.json, "json", false, "print JSON")
	pf.StringVar(&f.output, "output", "", "output format: text or json")
	cmd.Flags().StringVar(&f.executor, "executor", "", "the plan's Safe executor (required)")
	cmd.Flags().IntVar(&f.count, "count", 3, "how many of the Safe's next nonces to prepare")
	cmd.Flags().StringSliceVar(&f.actions, "action", nil, "only these actions, as contract.action (repeatable)")
	cmd.Flags().StringVar(&f.out, "out", "presign", "directory to write the signers' typed-data files to")

	var id int64
	var sig, sigFile string
	var propose bool
	add := &cobra.Command{
		Use:   "add-signature --id ID (--signature 0x… | --from-file FILE)",
		Short: "Add an owner's signature of a pre-signed transaction (checked: a current owner's, of that transaction)",
		Long: `Checks the signature (65 bytes hex, as a wallet returns it for the typed data
file) and stores it: it must recover, over the transaction's safeTxHash, to a
current owner of the Safe. A signature of another transaction (another nonce)
or of an address that is not an owner is refused with the reason.

With --propose it then posts the transaction, with this signature, to the
executor's Safe Transaction Service (service_url), so that the other owners
can confirm it in Safe{Wallet}; 'breakglass presign fetch' reads their
signatures back.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return f.addSignature(cmd.Context(), e, id, sig, sigFile, propose)
		},
	}
	add.Flags().Int64Var(&id, "id", 0, "the pre-signed transaction's id (required)")
	add.Flags().StringVar(&sig, "signature", "", "the signature, 0x + 130 hex digits")
	add.Flags().StringVar(&sigFile, "from-file", "", "read the signature from FILE")
	add.Flags().BoolVar(&propose, "propose", false, "also propose the transaction with this signature to the Safe Transaction Service")
	fetch := &cobra.Command{
		Use:   "fetch --executor NAME",
		Short: "Add the owners' signatures of the pre-signed stock held by the Safe Transaction Service (each checked)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return f.fetch(cmd.Context(), e) },
	}
	fetch.Flags().StringVar(&f.executor, "executor", "", "the plan's Safe executor (required)")
	list := &cobra.Command{
		Use:   "list [--executor NAME]",
		Short: "List the pre-signed stock of the plan's Safe executors and whether it is valid now",
		Long: `Lists, for each Safe executor with a stock (or --executor), the Safe's nonce,
owners and threshold now, and each pre-signed transaction at that nonce or
later: ready (executable now), queued (signed, for a later nonce),
needs-signatures, or stale (signed for other owners and short of the
threshold). It exits 1 when a stock has a problem (owners or threshold
changed, the Safe's nonce moved past it, used up, unsigned at the current
nonce), each printed with what to do.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.list(cmd.Context(), e) },
	}
	list.Flags().StringVar(&f.executor, "executor", "", "only this executor")
	cmd.AddCommand(add, list, fetch)
	return cmd
}

func (f *presignFlags) prepare(ctx context.Context, e *env) error {
	asJSON, a, closeFn, err := f.open(ctx, e, true, anyDB)
	if err != nil {
		return err
	}
	defer closeFn()
	rows, err := presign.Prepare(ctx, a.Plan, a.Executors, a.Store, f.executor, f.count, f.actions)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("presign: %w", err)
	}
	type prepared struct {
		ID         int64  `json:"id"`
		Contract   string `json:"contract"`
		Action     string `json:"action"`
		Nonce      uint64 `json:"nonce"`
		SafeTxHash string `json:"safe_tx_hash"`
		File       string `json:"file"`
	}
	var out []prepared
	for _, r := range rows {
		data, err := presign.SignerJSON(r)
		if err != nil {
			return err
		}
		file := filepath.Join(f.out, fmt.Sprintf("%s-nonce-%d-%s-%s-%d.json", r.Executor, r.Nonce, r.Contract, r.Action, r.ID))
		if err := saveFile(file, data); err != nil {
			return err
		}
		out = append(out, prepared{ID: r.ID, Contract: r.Contract, Action: r.Action, Nonce: r.Nonce, SafeTxHash: r.SafeTxHash, File: file})
	}
	signers := ownerNames(a.Plan, rows[0].Owners)
	if asJSON {
		type owner struct {
			Address string `json:"address"`
			Person  string `json:"person,omitempty"`
		}
		var owners []owner
		for _, o := range rows[0].Owners {
			owners = append(owners, owner{Address: common.HexToAddress(o).Hex(), Person: signers[strings.ToLower(o)]})
		}
		return writeJSON(e.out, map[string]any{"executor": f.executor, "safe": common.HexToAddress(rows[0].Safe).Hex(),
			"threshold": rows[0].Threshold, "owners": owners, "transactions": out})
	}
	fmt.Fprintf(e.out, "executor %s: Safe %s (threshold %d of %d owners), %d pre-signed transaction(s) stored\n",
		f.executor, common.HexToAddress(rows[0].Safe).Hex(), rows[0].Threshold, len(rows[0].Owners), len(rows))
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNONCE\tACTION\tSAFE_TX_HASH\tFILE")
	for _, p := range out {
		fmt.Fprintf(tw, "%d\t%d\t%s.%s\t%s\t%s\n", p.ID, p.Nonce, p.Contract, p.Action, p.SafeTxHash, p.File)
	}
	tw.Flush()
	fmt.Fprintf(e.out, "\n%d owner signature(s) are needed on each. Each owner signs every file above in their own wallet\n"+
		"(eth_signTypedData_v4; or: cast wallet sign --data --from-file FILE) and adds the signature:\n", rows[0].Threshold)
	for _, o := range rows[0].Owners {
		who := common.HexToAddress(o).Hex()
		if n := signers[strings.ToLower(o)]; n != "" {
			who = n + " (" + who + ")"
		}
		fmt.Fprintf(e.out, "  %s\n", who)
	}
	fmt.Fprintf(e.out, "  breakglass presign add-signature --plan %s --db %s --id ID --signature 0x…\n", f.planPath, f.db)
	return nil
}

// ownerNames maps the plan's people's signer addresses (lower case) to
// their names.
func ownerNames(p *plan.Plan, owners []string) map[string]string {
	out := map[string]string{}
	for _, per := range p.People {
		if per.Signer == nil {
			continue
		}
		for _, o := range owners {
			if strings.EqualFold(per.Signer.Hex(), o) {
				out[strings.ToLower(o)] = per.Name
			}
		}
	}
	return out
}

func (f *presignFlags) addSignature(ctx context.Context, e *env, id int64, sig, file string, propose bool) error {
	asJSON, err := f.asJSON()
	if err != nil {
		return err
	}
	if id <= 0 {
		return errors.New("--id ID is required: the number shown by breakglass presign list")
	}
	switch {
	case sig != "" && file != "":
		return errors.New("give --signature or --from-file, not both")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("--from-file: %w", err)
		}
		sig = string(b)
	case sig == "":
		return errors.New("--signature 0x… or --from-file FILE is required")
	}
	raw, err := presign.ParseSignature(sig)
	if err != nil {
		return err
	}
	a, closeFn, err := openApp(ctx, e, f.planPath, f.db, existingDB)
	if err != nil {
		return err
	}
	defer closeFn()
	got, err := presign.AddSignature(ctx, a.Plan, a.Executors, a.Store, id, raw)
	if err != nil {
		return err
	}
	proposed := ""
	if propose {
		if proposed, err = presign.Propose(ctx, a.Plan, a.Store, id, got.Owner, nil); err != nil {
			return fmt.Errorf("the signature is stored; proposing #%d failed: %w", id, err)
		}
	}
	if asJSON {
		return writeJSON(e.out, map[string]any{"id": id, "owner": got.Owner.Hex(), "new": got.New,
			"valid_signatures": got.Valid, "threshold": got.Threshold, "nonce": got.Presigned.Nonce, "proposed_to": proposed})
	}
	what := "added"
	if !got.New {
		what = "already held"
	}
	fmt.Fprintf(e.out, "#%d %s.%s at nonce %d: signature of owner %s %s; %d of %d signatures\n",
		id, got.Presigned.Contract, got.Presigned.Action, got.Presigned.Nonce, got.Owner.Hex(), what, got.Valid, got.Threshold)
	if proposed != "" {
		fmt.Fprintf(e.out, "#%d proposed to %s: the other owners can confirm it in Safe{Wallet}, then run breakglass presign fetch\n", id, proposed)
	}
	return nil
}

func (f *presignFlags) fetch(ctx context.Context, e *env) error {
	asJSON, a, closeFn, err := f.open(ctx, e, true, existingDB)
	if err != nil {
		return err
	}
	defer closeFn()
	got, err := presign.Fetch(ctx, a.Plan, a.Executors, a.Store, f.executor, nil)
	if err != nil {
		return err
	}
	if asJSON {
		if got == nil {
			got = []presign.Fetched{}
		}
		return writeJSON(e.out, got)
	}
	if len(got) == 0 {
		fmt.Fprintf(e.out, "executor %s: no pre-signed transaction at the Safe's current nonce or later\n", f.executor)
	}
	for _, x := range got {
		switch {
		case x.Note != "":
			fmt.Fprintf(e.out, "#%d (nonce %d): %s\n", x.ID, x.Nonce, x.Note)
		case len(x.Added) == 0:
			fmt.Fprintf(e.out, "#%d (nonce %d): no new signature\n", x.ID, x.Nonce)
		default:
			fmt.Fprintf(e.out, "#%d (nonce %d): added the signature(s) of %s\n", x.ID, x.Nonce, strings.Join(x.Added, ", "))
		}
		for _, r := range x.Refused {
			fmt.Fprintf(e.out, "#%d: refused %s\n", x.ID, r)
		}
	}
	return nil
}

func (f *presignFlags) list(ctx context.Context, e *env) error {
	asJSON, a, closeFn, err := f.open(ctx, e, false, existingDB)
	if err != nil {
		return err
	}
	defer closeFn()
	var reports []presign.Report
	if f.executor != "" {
		r, err := presign.Check(ctx, a.Plan, a.Executors, a.Store, f.executor)
		if err != nil {
			return err
		}
		reports = []presign.Report{r}
	} else if reports, err = presign.CheckAll(ctx, a.Plan, a.Executors, a.Store); err != nil {
		return err
	}
	if asJSON {
		if reports == nil {
			reports = []presign.Report{}
		}
		return writeJSON(e.out, reports)
	}
	if len(reports) == 0 {
		fmt.Fprintln(e.out, "no pre-signed transactions stored (prepare them with breakglass presign --executor NAME)")
		return nil
	}
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(e.out)
		}
		writeStock(e.out, r)
	}
	if slices.ContainsFunc(reports, func(r presign.Report) bool { return !r.OK() }) {
		return &exitError{code: 1}
	}
	return nil
}

// writeStock prints one executor's stock.
func writeStock(w io.Writer, r presign.Report) {
	fmt.Fprintf(w, "executor %s: Safe %s on %s at nonce %d, threshold %d of %d owners: %d valid, %d ready now, %d spent\n",
		r.Executor, r.Safe.Hex(), r.Network, r.Nonce, r.Threshold, len(r.Owners), r.Valid, r.Ready, r.Spent)
	if len(r.Entries) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  ID\tNONCE\tACTION\tSTATE\tSIGNATURES\tSAFE_TX_HASH")
		for _, x := range r.Entries {
			fmt.Fprintf(tw, "  %d\t%d\t%s.%s\t%s\t%d/%d\t%s\n", x.ID, x.Nonce, x.Contract, x.Action, x.State, x.Valid, x.Needed, x.SafeTxHash)
		}
		tw.Flush()
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  problem: %s\n", p)
	}
}
