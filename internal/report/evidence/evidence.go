// Package evidence writes and checks an incident's evidence bundle: a
// gzip-compressed tar archive holding the incident record, its timeline,
// its alerts with their block and transaction references, its actions and
// approvals, the analyses attached to it, the plan version in force, the
// slice of the audit log that covers it with its hash chain, and a manifest
// of the SHA-256 of every file. Verify detects a changed, missing or added
// file, a broken audit chain, and a timeline that disagrees with the audit
// log; the manifest's own SHA-256, recorded in the audit log when the bundle
// is made, pins the whole bundle.
package evidence

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Format is the manifest's format tag.
const Format = "breakglass-evidence-v1"

// ManifestName is the manifest's path in the archive.
const ManifestName = "manifest.json"

// The files of a bundle.
const (
	IncidentFile   = "incident.json"
	TimelineFile   = "timeline.json"
	AlertsFile     = "alerts.json"
	ActionsFile    = "actions.json"
	DeliveriesFile = "deliveries.json"
	AuditFile      = "audit.json"
	PlanFile       = "plan.yaml"
	AnalysesDir    = "analyses/"
)

// Manifest lists the files of a bundle with their SHA-256.
type Manifest struct {
	Format    string    `json:"format"`
	Incident  string    `json:"incident"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	// AuditFrom and AuditTo bound the audit slice; AuditPrevHash is the
	// hash of the entry before it (verifiable against the live log).
	AuditFrom     int64  `json:"audit_from"`
	AuditTo       int64  `json:"audit_to"`
	AuditPrevHash string `json:"audit_prev_hash"`
	Files         []File `json:"files"`
}

// File is one file of the manifest.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// TimelineEvent is a timeline event as bundled.
type TimelineEvent struct {
	ID      int64           `json:"id"`
	Time    time.Time       `json:"time"`
	Actor   string          `json:"actor"`
	Kind    string          `json:"kind"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// Alert is an alert as bundled, with its chain references.
type Alert struct {
	ID          int64           `json:"id"`
	Detector    string          `json:"detector"`
	Severity    string          `json:"severity"`
	Network     string          `json:"network"`
	BlockNumber uint64          `json:"block_number"`
	BlockHash   string          `json:"block_hash"`
	TxHash      string          `json:"tx_hash,omitempty"`
	LogIndex    int64           `json:"log_index"`
	Contract    string          `json:"contract"`
	Summary     string          `json:"summary"`
	Fields      json.RawMessage `json:"fields,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	RetractedAt *time.Time      `json:"retracted_at,omitempty"`
}

// Action is an action as bundled, with its approvals.
type Action struct {
	store.Action
	Approvals []store.Approval `json:"approvals"`
}

// AuditSlice is the contiguous part of the audit log from the first to the
// last entry about the incident.
type AuditSlice struct {
	From     int64         `json:"from"`
	To       int64         `json:"to"`
	PrevHash string        `json:"prev_hash"`
	Entries  []audit.Entry `json:"entries"`
	// StoreHead is the log's head when the bundle was made.
	StoreHead audit.Head `json:"store_head"`
}

// Options are Write's optional inputs.
type Options struct {
	// Now is the bundle's creation time (nil: time.Now).
	Now func() time.Time
	// Actor is who made it, for the manifest.
	Actor string
}

// Write writes the evidence bundle of incident id to w and returns its
// manifest and the manifest's SHA-256 (hex).
func Write(ctx context.Context, r store.Reader, id string, w io.Writer, o Options) (Manifest, string, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	inc, err := r.Incident(ctx, id)
	if err != nil {
		return Manifest{}, "", fmt.Errorf("incident %s: %w", id, err)
	}
	files := map[string][]byte{}
	put := func(name string, v any) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("encode %s: %w", name, err)
		}
		files[name] = append(b, '\n')
		return nil
	}
	sum := incident.Summarize(inc)
	if err := put(IncidentFile, map[string]any{"incident": sum, "post_mortem": inc.PostMortem, "version": inc.Version}); err != nil {
		return Manifest{}, "", err
	}
	tl, err := r.Timeline(ctx, id)
	if err != nil {
		return Manifest{}, "", fmt.Errorf("incident %s timeline: %w", id, err)
	}
	events := make([]TimelineEvent, 0, len(tl))
	for _, e := range tl {
		events = append(events, TimelineEvent{ID: e.ID, Time: e.Time.UTC(), Actor: e.Actor, Kind: e.Kind, Message: e.Message, Data: e.Data})
	}
	if err := put(TimelineFile, events); err != nil {
		return Manifest{}, "", err
	}
	as, err := r.Alerts(ctx, store.AlertFilter{IncidentID: id, WithRetracted: true})
	if err != nil {
		return Manifest{}, "", fmt.Errorf("incident %s alerts: %w", id, err)
	}
	alerts := make([]Alert, 0, len(as))
	for _, a := range as {
		al := Alert{ID: a.ID, Detector: a.Detector, Severity: a.Severity, Network: a.Network, BlockNumber: a.BlockNumber, BlockHash: a.BlockHash,
			TxHash: a.TxHash, LogIndex: a.LogIndex, Contract: a.Contract, Summary: a.Summary, Fields: a.Fields, CreatedAt: a.CreatedAt.UTC()}
		if a.Retracted() {
			t := a.RetractedAt.UTC()
			al.RetractedAt = &t
		}
		alerts = append(alerts, al)
	}
	if err := put(AlertsFile, alerts); err != nil {
		return Manifest{}, "", err
	}
	acts, err := r.Actions(ctx, id)
	if err != nil {
		return Manifest{}, "", fmt.Errorf("incident %s actions: %w", id, err)
	}
	actions := make([]Action, 0, len(acts))
	for _, a := range acts {
		aps, err := r.Approvals(ctx, a.ID)
		if err != nil {
			return Manifest{}, "", fmt.Errorf("action %d approvals: %w", a.ID, err)
		}
		actions = append(actions, Action{Action: a, Approvals: append([]store.Approval{}, aps...)})
	}
	if err := put(ActionsFile, actions); err != nil {
		return Manifest{}, "", err
	}
	items, err := r.OutboxItems(ctx, store.OutboxFilter{IncidentID: id})
	if err != nil {
		return Manifest{}, "", fmt.Errorf("incident %s deliveries: %w", id, err)
	}
	if err := put(DeliveriesFile, items); err != nil {
		return Manifest{}, "", err
	}
	analyses, err := report.Analyses(inc)
	if err != nil {
		return Manifest{}, "", err
	}
	for i, a := range analyses {
		files[fmt.Sprintf("%s%02d.json", AnalysesDir, i+1)] = a.Raw
	}
	if inc.PlanHash != "" {
		pv, err := r.PlanVersion(ctx, inc.PlanHash)
		switch {
		case err == nil:
			files[PlanFile] = pv.Content
		case !errors.Is(err, store.ErrNotFound):
			return Manifest{}, "", fmt.Errorf("plan version %s: %w", inc.PlanHash, err)
		}
	}
	slice, err := auditSlice(ctx, r, id)
	if err != nil {
		return Manifest{}, "", err
	}
	if err := put(AuditFile, slice); err != nil {
		return Manifest{}, "", err
	}

	m := Manifest{Format: Format, Incident: id, CreatedAt: now().UTC().Truncate(time.Second), CreatedBy: o.Actor,
		AuditFrom: slice.From, AuditTo: slice.To, AuditPrevHash: slice.PrevHash}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		m.Files = append(m.Files, File{Path: n, Size: int64(len(files[n])), SHA256: sha(files[n])})
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, "", err
	}
	mb = append(mb, '\n')

	dir := "evidence-" + id + "/"
	gz := gzip.NewWriter(w)
	gz.ModTime = m.CreatedAt
	tw := tar.NewWriter(gz)
	add := func(name string, data []byte) error {
		hdr := &tar.Header{Name: dir + name, Mode: 0o644, Size: int64(len(data)), ModTime: m.CreatedAt, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	if err := add(ManifestName, mb); err != nil {
		return m, "", fmt.Errorf("write bundle: %w", err)
	}
	for _, n := range names {
		if err := add(n, files[n]); err != nil {
			return m, "", fmt.Errorf("write bundle: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		return m, "", fmt.Errorf("write bundle: %w", err)
	}
	if err := gz.Close(); err != nil {
		return m, "", fmt.Errorf("write bundle: %w", err)
	}
	return m, sha(mb), nil
}

// auditSlice reads the audit entries from the first about the incident to
// the last, contiguous, so that their chain can be checked.
func auditSlice(ctx context.Context, r store.Reader, id string) (AuditSlice, error) {
	head, err := r.AuditHead(ctx)
	if err != nil {
		return AuditSlice{}, fmt.Errorf("audit head: %w", err)
	}
	about, err := r.AuditEntries(ctx, store.AuditFilter{Subject: id})
	if err != nil {
		return AuditSlice{}, fmt.Errorf("audit entries of %s: %w", id, err)
	}
	s := AuditSlice{StoreHead: head, Entries: []audit.Entry{}, PrevHash: audit.GenesisHash}
	if len(about) == 0 {
		return s, nil
	}
	s.From, s.To = about[0].Seq, about[len(about)-1].Seq
	es, err := r.AuditEntries(ctx, store.AuditFilter{FromSeq: s.From, Limit: int(s.To - s.From + 1)})
	if err != nil {
		return AuditSlice{}, fmt.Errorf("audit entries %d–%d: %w", s.From, s.To, err)
	}
	s.Entries = es
	if len(es) > 0 {
		s.PrevHash = es[0].PrevHash
	}
	return s, nil
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Result is what Verify found.
type Result struct {
	Incident string
	Manifest Manifest
	// ManifestSHA256 is the manifest's hash, to compare with the one
	// recorded in the audit log when the bundle was made.
	ManifestSHA256 string
	// Problems lists every problem found; empty when the bundle is intact.
	Problems []string
}

// ErrTampered is returned (wrapped) by Verify when the bundle has problems.
var ErrTampered = errors.New("evidence bundle does not verify")

// maxBundle bounds what Verify reads, against a decompression bomb.
const maxBundle = 1 << 30

// Verify checks a bundle read from rd: every file of the manifest is there
// with its size and SHA-256, no other file is, the audit slice's hash chain
// holds, and every timeline event matches its audit entry. It returns the
// result with every problem found, and an error wrapping ErrTampered if there
// is any.
func Verify(rd io.Reader) (Result, error) {
	files, err := readBundle(rd)
	if err != nil {
		return Result{}, err
	}
	var res Result
	bad := func(format string, args ...any) { res.Problems = append(res.Problems, fmt.Sprintf(format, args...)) }
	mb, ok := files[ManifestName]
	if !ok {
		return res, fmt.Errorf("%w: no %s in the archive", ErrTampered, ManifestName)
	}
	res.ManifestSHA256 = sha(mb)
	if err := json.Unmarshal(mb, &res.Manifest); err != nil {
		return res, fmt.Errorf("%w: %s: %v", ErrTampered, ManifestName, err)
	}
	m := res.Manifest
	res.Incident = m.Incident
	if m.Format != Format {
		bad("manifest format %q, want %q", m.Format, Format)
	}
	listed := map[string]bool{ManifestName: true}
	for _, f := range m.Files {
		listed[f.Path] = true
		data, ok := files[f.Path]
		switch {
		case !ok:
			bad("%s: missing from the archive", f.Path)
		case int64(len(data)) != f.Size:
			bad("%s: %d bytes, the manifest says %d", f.Path, len(data), f.Size)
		case sha(data) != f.SHA256:
			bad("%s: SHA-256 %s, the manifest says %s", f.Path, sha(data), f.SHA256)
		}
	}
	extra := []string{}
	for n := range files {
		if !listed[n] {
			extra = append(extra, n)
		}
	}
	slices.Sort(extra)
	for _, n := range extra {
		bad("%s: in the archive but not in the manifest", n)
	}
	checkContent(files, m, bad)
	if len(res.Problems) > 0 {
		return res, fmt.Errorf("%w: %d problem(s), first: %s", ErrTampered, len(res.Problems), res.Problems[0])
	}
	return res, nil
}

// checkContent checks the audit chain of the slice and the timeline against it.
func checkContent(files map[string][]byte, m Manifest, bad func(string, ...any)) {
	var inc struct {
		Incident incident.Summary `json:"incident"`
	}
	if b, ok := files[IncidentFile]; ok {
		if err := json.Unmarshal(b, &inc); err != nil {
			bad("%s: %v", IncidentFile, err)
		} else if inc.Incident.ID != m.Incident {
			bad("%s is about %q, the manifest about %q", IncidentFile, inc.Incident.ID, m.Incident)
		}
	}
	var s AuditSlice
	ab, ok := files[AuditFile]
	if !ok {
		return
	}
	if err := json.Unmarshal(ab, &s); err != nil {
		bad("%s: %v", AuditFile, err)
		return
	}
	if s.From != m.AuditFrom || s.To != m.AuditTo || s.PrevHash != m.AuditPrevHash {
		bad("%s covers entries %d–%d after %s, the manifest says %d–%d after %s", AuditFile, s.From, s.To, short(s.PrevHash), m.AuditFrom, m.AuditTo, short(m.AuditPrevHash))
	}
	if err := CheckChain(s); err != nil {
		bad("%s: %v", AuditFile, err)
	}
	byTimeline := map[int64]audit.Entry{}
	for _, e := range s.Entries {
		if e.Subject != m.Incident {
			continue
		}
		if seal, ok := store.ParseTimelineSeal(e); ok {
			if _, dup := byTimeline[seal.Timeline]; !dup {
				byTimeline[seal.Timeline] = e
			}
		}
	}
	tb, ok := files[TimelineFile]
	if !ok {
		return
	}
	var events []TimelineEvent
	if err := json.Unmarshal(tb, &events); err != nil {
		bad("%s: %v", TimelineFile, err)
		return
	}
	for _, ev := range events {
		e, ok := byTimeline[ev.ID]
		if !ok {
			bad("%s: event %d (%s at %s) has no audit entry", TimelineFile, ev.ID, ev.Kind, ev.Time.Format(time.RFC3339))
			continue
		}
		te := store.TimelineEvent{ID: ev.ID, IncidentID: m.Incident, Time: ev.Time, Actor: ev.Actor, Kind: ev.Kind, Message: ev.Message, Data: ev.Data}
		if d := store.CheckTimelineSeal(te, e); d != "" {
			bad("%s: event %d differs from audit entry %d (%s by %s): %s", TimelineFile, ev.ID, e.Seq, e.Action, e.Actor, d)
		}
	}
}

// CheckChain checks an audit slice on its own: sequence numbers run from
// From to To without a gap, the first entry follows PrevHash, each entry
// follows the one before, and every payload and entry hash recomputes.
func CheckChain(s AuditSlice) error {
	prev := s.PrevHash
	want := s.From
	for _, e := range s.Entries {
		if e.Seq != want {
			return &audit.VerifyError{Seq: want, Problem: audit.SequenceGap, Detail: fmt.Sprintf("expected entry %d, found entry %d", want, e.Seq)}
		}
		if e.PrevHash != prev {
			return &audit.VerifyError{Seq: e.Seq, Problem: audit.ChainBreak, Detail: fmt.Sprintf("previous hash %s is not %s", short(e.PrevHash), short(prev))}
		}
		if got := audit.PayloadHash(e.Payload); got != e.PayloadHash {
			return &audit.VerifyError{Seq: e.Seq, Problem: audit.PayloadMismatch, Detail: fmt.Sprintf("payload hashes to %s, recorded %s", short(got), short(e.PayloadHash))}
		}
		if got := e.ComputeHash(); got != e.Hash {
			return &audit.VerifyError{Seq: e.Seq, Problem: audit.HashMismatch, Detail: fmt.Sprintf("fields hash to %s, recorded %s", short(got), short(e.Hash))}
		}
		prev = e.Hash
		want++
	}
	if len(s.Entries) > 0 && want-1 != s.To {
		return &audit.VerifyError{Seq: want, Problem: audit.Truncated, Detail: fmt.Sprintf("slice ends at entry %d, it should reach %d", want-1, s.To)}
	}
	return nil
}

// CheckAgainstStore compares a verified bundle's audit slice with the live
// audit log: every entry must be there with the same hash, and the entry
// before the slice must have the slice's previous hash.
func CheckAgainstStore(ctx context.Context, r store.Reader, files io.Reader) error {
	all, err := readBundle(files)
	if err != nil {
		return err
	}
	var s AuditSlice
	if err := json.Unmarshal(all[AuditFile], &s); err != nil {
		return fmt.Errorf("%s: %w", AuditFile, err)
	}
	if len(s.Entries) == 0 {
		return nil
	}
	from := s.From - 1
	if from < 1 {
		from = 1
	}
	live, err := r.AuditEntries(ctx, store.AuditFilter{FromSeq: from, Limit: int(s.To - from + 1)})
	if err != nil {
		return fmt.Errorf("read the audit log: %w", err)
	}
	bySeq := map[int64]audit.Entry{}
	for _, e := range live {
		bySeq[e.Seq] = e
	}
	if s.From > 1 && bySeq[s.From-1].Hash != s.PrevHash {
		return fmt.Errorf("%w: the audit log's entry %d has hash %s, the bundle's slice follows %s", ErrTampered, s.From-1, short(bySeq[s.From-1].Hash), short(s.PrevHash))
	}
	for _, e := range s.Entries {
		l, ok := bySeq[e.Seq]
		if !ok {
			return fmt.Errorf("%w: audit entry %d is not in the database", ErrTampered, e.Seq)
		}
		if l.Hash != e.Hash {
			return fmt.Errorf("%w: audit entry %d has hash %s in the database, %s in the bundle", ErrTampered, e.Seq, short(l.Hash), short(e.Hash))
		}
	}
	return nil
}

// readBundle reads every regular file of a bundle, keyed by its path
// inside the bundle's top directory.
func readBundle(rd io.Reader) (map[string][]byte, error) {
	gz, err := gzip.NewReader(rd)
	if err != nil {
		return nil, fmt.Errorf("not a gzip-compressed evidence bundle: %w", err)
	}
	defer gz.Close()
	tr := tar.NewReader(io.LimitReader(gz, maxBundle))
	files := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read evidence bundle: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Clean(hdr.Name)
		_, rel, ok := strings.Cut(name, "/")
		if !ok || strings.HasPrefix(rel, "../") {
			return nil, fmt.Errorf("%w: unexpected path %q in the archive", ErrTampered, hdr.Name)
		}
		if _, dup := files[rel]; dup {
			return nil, fmt.Errorf("%w: %s appears twice in the archive", ErrTampered, rel)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", rel, err)
		}
		files[rel] = data
	}
	return files, nil
}

func short(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}

// RecordExport records, inside tx, that actor exported a bundle of incident
// id whose manifest hashes to manifestSHA256: a timeline event and its
// audit entry (the chain of custody). A later bundle's audit slice holds
// it, and anyone can compare a bundle's manifest hash with it.
func RecordExport(ctx context.Context, tx store.Tx, id, actor, manifestSHA256 string, m Manifest) error {
	data, err := json.Marshal(map[string]any{"manifest_sha256": manifestSHA256, "files": len(m.Files), "created_at": m.CreatedAt})
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("evidence bundle exported by %s: manifest SHA-256 %s, %d files", actor, manifestSHA256, len(m.Files))
	// The store seals the event in the audit log.
	if _, err := tx.AppendTimeline(ctx, store.TimelineEvent{IncidentID: id, Actor: actor, Kind: "evidence", Message: msg, Data: data}); err != nil {
		return fmt.Errorf("incident %s: record export: %w", id, err)
	}
	return nil
}
