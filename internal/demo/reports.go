package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/forensics"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/report/evidence"
	"github.com/breakglass-dev/breakglass/internal/report/obligation"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// reports attaches the analysis to the incident, then writes the
// post-mortem (Markdown and HTML), the obligations with their drafts, and
// the evidence bundle.
func reports(ctx context.Context, r *run, res *Result, an *forensics.Analysis) error {
	raw, err := json.Marshal(an)
	if err != nil {
		return err
	}
	a, err := report.ParseAnalysis("analysis.json", raw)
	if err != nil {
		return err
	}
	if err := r.store.Tx(ctx, func(tx store.Tx) error {
		return report.AttachAnalysis(ctx, tx, r.mgr, res.IncidentID, "breakglass", a)
	}); err != nil {
		return fmt.Errorf("attach the analysis: %w", err)
	}
	doc, err := report.Build(ctx, r.store, res.IncidentID, report.BuildOptions{Plan: r.plan, Now: time.Now()})
	if err != nil {
		return fmt.Errorf("post-mortem: %w", err)
	}
	for _, f := range []report.Format{report.Markdown, report.HTML} {
		var b bytes.Buffer
		if err := doc.Render(&b, f); err != nil {
			return err
		}
		p := filepath.Join(r.out, "postmortem."+string(f))
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return err
		}
		res.Artifacts = append(res.Artifacts, p)
	}

	inc, err := r.store.Incident(ctx, res.IncidentID)
	if err != nil {
		return err
	}
	facts, err := obligation.ReadFacts(inc)
	if err != nil {
		return err
	}
	sts, err := obligation.Evaluate(r.plan.Obligations, inc, facts, time.Now())
	if err != nil {
		return err
	}
	in, err := report.DraftInput(ctx, r.store, r.plan, inc, facts)
	if err != nil {
		return err
	}
	var md bytes.Buffer
	fmt.Fprintf(&md, "# Regulatory obligations of %s\n\n```\n", inc.ID)
	if err := obligation.WriteText(&md, inc.ID, sts); err != nil {
		return err
	}
	md.WriteString("```\n")
	var triggered []string
	for _, st := range sts {
		if st.State == obligation.NotTriggered {
			continue
		}
		triggered = append(triggered, st.Obligation)
		draft, err := obligation.Draft(st, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(&md, "\n---\n\n%s\n", draft)
	}
	p := filepath.Join(r.out, "obligations.md")
	if err := os.WriteFile(p, md.Bytes(), 0o644); err != nil {
		return err
	}
	res.Artifacts = append(res.Artifacts, p)
	r.ui.step(0, "post-mortem & obligations", fmt.Sprintf("postmortem.md/html written · reports due: %s", strings.Join(triggered, ", ")))

	var bundle bytes.Buffer
	_, sum, err := evidence.Write(ctx, r.store, res.IncidentID, &bundle, evidence.Options{Actor: "breakglass"})
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	p = filepath.Join(r.out, "evidence.tar.gz")
	if err := os.WriteFile(p, bundle.Bytes(), 0o644); err != nil {
		return err
	}
	res.Artifacts = append(res.Artifacts, p)
	r.ui.step(0, "evidence preserved", fmt.Sprintf("evidence.tar.gz, manifest sha256 %s", short(sum)))
	return nil
}
