package cli

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/report/evidence"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func newEvidenceCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var out string
	cmd := &cobra.Command{
		Use:   "evidence ID --out FILE.tar.gz [--as PERSON]",
		Short: "Write an incident's evidence bundle (record, timeline, alerts, analyses, audit slice, SHA-256 manifest)",
		Long: `evidence writes a gzip-compressed tar archive with the incident record, its
timeline, its alerts with block and transaction references, its actions and
approvals, the analyses attached to it, the plan version in force, the slice
of the audit log that covers it with its hash chain, and manifest.json with
the SHA-256 of every file. The export is recorded on the incident's timeline
and in the audit log with the manifest's SHA-256 (the chain of custody).

Check a bundle with: breakglass evidence verify FILE`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errors.New("evidence needs --out FILE.tar.gz")
			}
			if f.remote() {
				c, err := f.apiFlags.client()
				if err != nil {
					return err
				}
				data, h, err := c.raw(cmd.Context(), http.MethodGet, incidentPath(args[0], "evidence"), nil, "")
				if err != nil {
					return err
				}
				if err := saveFile(out, data); err != nil {
					return err
				}
				sum := h.Get("X-Manifest-SHA256")
				if f.json {
					return writeJSON(e.out, map[string]any{"file": out, "manifest_sha256": sum})
				}
				_, err = fmt.Fprintf(e.out, "wrote %s\nmanifest SHA-256 %s (recorded in the audit log)\n", out, sum)
				return err
			}
			actor := f.as
			if actor == "" {
				if u, err := user.Current(); err == nil {
					actor = u.Username
				} else {
					actor = "unknown"
				}
			}
			s, err := openExistingStore(cmd.Context(), e, f.db)
			if err != nil {
				return err
			}
			defer s.Close()
			var buf bytes.Buffer
			m, sum, err := evidence.Write(cmd.Context(), s, args[0], &buf, evidence.Options{Actor: actor})
			if err != nil {
				return err
			}
			if err := saveFile(out, buf.Bytes()); err != nil {
				return err
			}
			err = s.Tx(cmd.Context(), func(tx store.Tx) error { return evidence.RecordExport(cmd.Context(), tx, args[0], actor, sum, m) })
			if err != nil {
				return fmt.Errorf("the bundle was written to %s but its export could not be recorded: %w", out, err)
			}
			if f.json {
				return writeJSON(e.out, map[string]any{"file": out, "manifest_sha256": sum, "manifest": m})
			}
			_, err = fmt.Fprintf(e.out, "wrote %s: %d files, audit entries %d–%d\nmanifest SHA-256 %s (recorded in the audit log)\n", out, len(m.Files), m.AuditFrom, m.AuditTo, sum)
			return err
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the archive to write (.tar.gz)")
	cmd.Flags().StringVar(&f.as, "as", "", "who exports it, for the chain of custody (default: the OS user)")
	cmd.Flags().BoolVar(&f.json, "json", false, "print JSON")
	f.addDB(cmd)
	f.addAPI(cmd)
	cmd.AddCommand(newEvidenceVerifyCmd(e))
	return cmd
}

func newEvidenceVerifyCmd(e *env) *cobra.Command {
	var expect, db string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify FILE [--expect SHA256] [--db DSN]",
		Short: "Check an evidence bundle: every file's SHA-256, the audit hash chain, the timeline against the audit log",
		Long: `verify checks that every file of the manifest is in the bundle with its size
and SHA-256 and that no other file is, that the audit slice's hash chain
holds, and that every timeline event matches its audit entry. --expect
compares the manifest's SHA-256 with the one recorded when the bundle was
made; --db also compares the audit slice with the live audit log. It prints
every problem and exits 1 if there is any.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("read %s: %w", args[0], err)
			}
			res, verr := evidence.Verify(bytes.NewReader(data))
			if verr != nil && !errors.Is(verr, evidence.ErrTampered) {
				return fmt.Errorf("%s: %w", args[0], verr)
			}
			problems := res.Problems
			if verr != nil && len(problems) == 0 {
				problems = []string{verr.Error()}
			}
			if expect != "" && !strings.EqualFold(expect, res.ManifestSHA256) {
				problems = append(problems, fmt.Sprintf("manifest SHA-256 %s is not the expected %s", res.ManifestSHA256, expect))
			}
			if db != "" && verr == nil {
				s, err := openExistingStore(cmd.Context(), e, db)
				if err != nil {
					return err
				}
				defer s.Close()
				if err := evidence.CheckAgainstStore(cmd.Context(), s, bytes.NewReader(data)); err != nil {
					problems = append(problems, err.Error())
				}
			}
			if asJSON {
				if problems == nil {
					problems = []string{}
				}
				if err := writeJSON(e.out, map[string]any{"file": args[0], "ok": len(problems) == 0, "incident": res.Incident, "manifest_sha256": res.ManifestSHA256, "problems": problems}); err != nil {
					return err
				}
			} else if len(problems) == 0 {
				fmt.Fprintf(e.out, "%s: OK: incident %s, %d files, audit entries %d–%d, made %s by %s\nmanifest SHA-256 %s\n",
					args[0], res.Incident, len(res.Manifest.Files), res.Manifest.AuditFrom, res.Manifest.AuditTo,
					res.Manifest.CreatedAt.UTC().Format(time.RFC3339), res.Manifest.CreatedBy, res.ManifestSHA256)
			} else {
				for _, p := range problems {
					fmt.Fprintf(e.errOut, "%s: %s\n", args[0], p)
				}
			}
			if len(problems) > 0 {
				msg := ""
				if !asJSON {
					msg = fmt.Sprintf("evidence verify: %s does not verify (%d problem(s))", args[0], len(problems))
				}
				return &exitError{code: 1, msg: msg}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&expect, "expect", "", "the manifest SHA-256 recorded when the bundle was made")
	cmd.Flags().StringVar(&db, "db", "", "also compare the audit slice with this database's audit log")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
