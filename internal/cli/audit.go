package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func newAuditCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the tamper-evident audit log",
		Long: `Every change breakglass makes (an incident opened, acknowledged, an action
approved or sent) is written to an append-only audit log in the same
transaction. Each entry holds the SHA-256 of its payload and the hash of the
entry before it; the encoding is documented in internal/audit so that an
auditor can recompute it independently.`,
	}
	cmd.AddCommand(newAuditVerifyCmd(e))
	return cmd
}

// auditResult is the --json output of audit verify.
type auditResult struct {
	OK      bool   `json:"ok"`
	Entries int64  `json:"entries"`
	Head    string `json:"head"`
	// Entry, Problem and Detail name the first bad entry when OK is false.
	Entry   int64  `json:"entry,omitempty"`
	Problem string `json:"problem,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

func newAuditVerifyCmd(e *env) *cobra.Command {
	var db string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Recompute the audit log's hash chain and name the first bad entry",
		Long: `verify reads the whole audit log, recomputes every entry's payload hash and
hash, checks that each links to the one before and that none is missing, and
compares the end of the log with the head recorded when the last entry was
appended, then checks every incident's timeline against the audit entries
that sealed its events (an edited, inserted or removed timeline row fails).
It prints "audit log OK: N entries, head HASH", or names the first
bad entry and exits 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, err := openExistingStore(ctx, e, db)
			if err != nil {
				return err
			}
			defer s.Close()
			head, verr := store.VerifyAudit(ctx, s)
			var bad *audit.VerifyError
			if verr != nil && !errors.As(verr, &bad) {
				return fmt.Errorf("read the audit log: %w", verr)
			}
			res := auditResult{OK: bad == nil, Entries: head.Seq, Head: head.Hash}
			if bad != nil {
				res.Entry, res.Problem, res.Detail = bad.Seq, string(bad.Problem), bad.Detail
			}
			if asJSON {
				if err := writeJSON(e.out, res); err != nil {
					return err
				}
				if bad != nil {
					return &exitError{code: 1}
				}
				return nil
			}
			if bad != nil && bad.Seq == 0 {
				return &exitError{code: 1, msg: fmt.Sprintf("audit log is BROKEN: %s: %s (the chain of %d entries is intact)", bad.Problem, bad.Detail, head.Seq)}
			}
			if bad != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("audit log is BROKEN at entry %d: %s: %s (the %d entries before it are intact)",
					bad.Seq, bad.Problem, bad.Detail, head.Seq)}
			}
			fmt.Fprintf(e.out, "audit log OK: %d entries, head %s\n", head.Seq, head.Hash)
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", defaultDB, dbFlagUsage)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}
