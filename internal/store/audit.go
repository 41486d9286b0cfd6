package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/breakglass-dev/breakglass/internal/audit"
)

// TimelineSeal is the audit payload that seals a timeline event: every
// field of the event as stored, so that an edit of the timeline row (its
// message, actor, kind, time or data) no longer matches the payload, whose
// hash the audit chain holds. The store writes it, in the same transaction,
// for every event appended (see Writer.AppendTimeline), as an entry with
// action "incident." + Kind, subject the incident's id and the event's actor.
type TimelineSeal struct {
	// Timeline is the event's id.
	Timeline int64  `json:"timeline"`
	Incident string `json:"incident,omitempty"`
	// Time is the event's time in audit.TimeLayout.
	Time    string `json:"time,omitempty"`
	Actor   string `json:"actor,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Message string `json:"message"`
	// Data is the event's data when it is JSON (compared as JSON values).
	Data json.RawMessage `json:"data,omitempty"`
	// DataText is the event's data, byte for byte, when it is not JSON.
	DataText *string `json:"data_text,omitempty"`
}

// SealTimeline returns the audit record that seals ev (whose ID, Time and
// IncidentID are set).
func SealTimeline(ev TimelineEvent) audit.Record {
	s := TimelineSeal{Timeline: ev.ID, Incident: ev.IncidentID, Time: ev.Time.UTC().Format(audit.TimeLayout),
		Actor: ev.Actor, Kind: ev.Kind, Message: ev.Message}
	if len(ev.Data) > 0 && json.Valid(ev.Data) {
		s.Data = ev.Data // as JSON, as earlier seals wrote it
	} else if len(ev.Data) > 0 {
		d := string(ev.Data)
		s.DataText = &d
	}
	payload, _ := json.Marshal(s) // valid JSON and strings only: cannot fail
	return audit.Record{Actor: ev.Actor, Action: "incident." + ev.Kind, Subject: ev.IncidentID, Payload: payload}
}

// ParseTimelineSeal reads the timeline seal of an audit entry; ok is false
// when the entry seals no timeline event.
func ParseTimelineSeal(e audit.Entry) (TimelineSeal, bool) {
	var s TimelineSeal
	if !strings.HasPrefix(e.Action, "incident.") || len(e.Payload) == 0 || e.Payload[0] != '{' {
		return s, false
	}
	if err := json.Unmarshal(e.Payload, &s); err != nil || s.Timeline <= 0 {
		return TimelineSeal{}, false
	}
	return s, true
}

// CheckTimelineSeal compares a timeline event with the audit entry that
// seals it and says what differs ("" when they agree). Seals written
// before the full form (only timeline, message and data in the payload)
// are checked on what they hold, with the entry's actor, action and subject.
func CheckTimelineSeal(ev TimelineEvent, e audit.Entry) string {
	s, ok := ParseTimelineSeal(e)
	if !ok {
		return fmt.Sprintf("audit entry %d seals no timeline event", e.Seq)
	}
	var diffs []string
	diff := func(field, got, want string) {
		if got != want {
			diffs = append(diffs, fmt.Sprintf("%s %q, sealed %q", field, got, want))
		}
	}
	if s.Timeline != ev.ID {
		diffs = append(diffs, fmt.Sprintf("id %d, sealed %d", ev.ID, s.Timeline))
	}
	diff("incident", ev.IncidentID, e.Subject)
	diff("actor", ev.Actor, e.Actor)
	diff("kind", "incident."+ev.Kind, e.Action)
	diff("message", ev.Message, s.Message)
	if s.Incident != "" {
		diff("incident", ev.IncidentID, s.Incident)
		diff("time", ev.Time.UTC().Format(audit.TimeLayout), s.Time)
		diff("actor", ev.Actor, s.Actor)
		diff("kind", ev.Kind, s.Kind)
	}
	sealed := s.Data
	if s.DataText != nil {
		sealed = json.RawMessage(*s.DataText)
	}
	if !JSONEqual(ev.Data, sealed) {
		diffs = append(diffs, fmt.Sprintf("data %s, sealed %s", ev.Data, sealed))
	}
	return strings.Join(diffs, "; ")
}

// JSONEqual says whether two JSON documents hold the same value (an empty
// document and null are equal; layout does not count, so an event's data
// compares equal after a bundle re-indents it); invalid JSON compares byte
// for byte.
func JSONEqual(a, b json.RawMessage) bool {
	a, b = bytes.TrimSpace(a), bytes.TrimSpace(b)
	empty := func(x []byte) bool { return len(x) == 0 || string(x) == "null" }
	if empty(a) || empty(b) {
		return empty(a) && empty(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

// VerifyAudit reads a store's whole audit log in pages and checks it (see
// audit.Verifier), then compares its end with the head the store recorded,
// then checks every incident's timeline against the entries that seal it:
// each event must have its seal, agree with it field for field, and each
// seal must have its event. It returns the head, or the first problem as an
// *audit.VerifyError (for a timeline event without a seal, Seq is 0 and
// Detail names the event).
func VerifyAudit(ctx context.Context, r Reader) (audit.Head, error) {
	var v audit.Verifier
	const page = 500
	next := int64(1)
	seals := map[int64]audit.Entry{}
	for {
		es, err := r.AuditEntries(ctx, AuditFilter{FromSeq: next, Limit: page})
		if err != nil {
			return audit.Head{}, err
		}
		for _, e := range es {
			if err := v.Add(e); err != nil {
				return v.Head(), err
			}
			next = e.Seq + 1
			if s, ok := ParseTimelineSeal(e); ok {
				if _, dup := seals[s.Timeline]; !dup {
					seals[s.Timeline] = e
				}
			}
		}
		if len(es) < page {
			break
		}
	}
	head, err := r.AuditHead(ctx)
	if err != nil {
		return audit.Head{}, err
	}
	if err := v.CheckHead(head); err != nil {
		return v.Head(), err
	}
	return v.Head(), verifyTimelines(ctx, r, seals)
}

// verifyTimelines checks every timeline event against its seal.
func verifyTimelines(ctx context.Context, r Reader, seals map[int64]audit.Entry) error {
	incs, err := r.Incidents(ctx, IncidentFilter{})
	if err != nil {
		return fmt.Errorf("list incidents: %w", err)
	}
	var bad []*audit.VerifyError
	seen := map[int64]bool{}
	for _, inc := range incs {
		tl, err := r.Timeline(ctx, inc.ID)
		if err != nil {
			return fmt.Errorf("timeline of %s: %w", inc.ID, err)
		}
		for _, ev := range tl {
			seen[ev.ID] = true
			e, ok := seals[ev.ID]
			if !ok {
				bad = append(bad, &audit.VerifyError{Problem: audit.TimelineUnsealed,
					Detail: fmt.Sprintf("timeline event %d of %s (%s by %s at %s) has no audit entry", ev.ID, ev.IncidentID, ev.Kind, ev.Actor, ev.Time.UTC().Format(audit.TimeLayout))})
				continue
			}
			if d := CheckTimelineSeal(ev, e); d != "" {
				bad = append(bad, &audit.VerifyError{Seq: e.Seq, Problem: audit.TimelineMismatch,
					Detail: fmt.Sprintf("timeline event %d of %s differs from its audit entry: %s", ev.ID, ev.IncidentID, d)})
			}
		}
	}
	for id, e := range seals {
		if !seen[id] {
			bad = append(bad, &audit.VerifyError{Seq: e.Seq, Problem: audit.TimelineMissing,
				Detail: fmt.Sprintf("timeline event %d of %s (%s) is sealed but not in the timeline", id, e.Subject, e.Action)})
		}
	}
	if len(bad) == 0 {
		return nil
	}
	// The first bad entry in the log's order; events without an entry last.
	sort.SliceStable(bad, func(i, j int) bool {
		a, b := bad[i].Seq, bad[j].Seq
		if (a == 0) != (b == 0) {
			return b == 0
		}
		return a < b
	})
	return bad[0]
}
