// Package audit defines breakglass's tamper-evident audit log: an
// append-only sequence of entries, each holding the SHA-256 of its payload and
// the hash of the entry before it, so that changing, removing or reordering
// any entry breaks the chain from that entry on.
//
// # Hash of an entry
//
// The hash of an entry is SHA-256 over the concatenation of these fields, in
// this order, each written as its length in bytes (an unsigned 64-bit
// big-endian integer) followed by its bytes:
//
//  1. the format tag, the ASCII string "breakglass-audit-v1";
//  2. the sequence number in decimal ASCII without leading zeros ("1", "2", …);
//  3. the time in UTC as "2006-01-02T15:04:05.000000Z" (always six fraction
//     digits, see [TimeLayout]);
//  4. the actor, 5. the action, 6. the subject, as UTF-8;
//  7. the SHA-256 of the payload bytes, 64 lowercase hexadecimal digits;
//  8. the previous entry's hash, 64 lowercase hexadecimal digits; for the
//     first entry (sequence 1), [GenesisHash], 64 zeros.
//
// The hash is written as 64 lowercase hexadecimal digits. In Python:
//
//	import hashlib, struct
//	def field(b): return struct.pack(">Q", len(b)) + b
//	def entry_hash(seq, time, actor, action, subject, payload, prev):
//	    parts = [b"breakglass-audit-v1", str(seq).encode(), time.encode(),
//	             actor.encode(), action.encode(), subject.encode(),
//	             hashlib.sha256(payload).hexdigest().encode(), prev.encode()]
//	    return hashlib.sha256(b"".join(field(p) for p in parts)).hexdigest()
//
// A log is valid when its sequence numbers run 1, 2, 3, … without a gap, each
// entry's payload hash matches its payload, each entry's hash matches the
// recomputation above, and each entry's previous hash equals the hash of the
// entry before it. Deleting the last entries leaves a valid shorter chain; the
// store keeps the head (last sequence and hash) separately, and publishing the
// head elsewhere from time to time makes truncation evident too.
package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatTag is the first field hashed into every entry; it changes if the
// encoding ever does.
const FormatTag = "breakglass-audit-v1"

// GenesisHash is the previous hash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// TimeLayout is the layout of an entry's time in its hash. Times are kept in
// UTC with microsecond precision.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Record is what a caller appends: who did what to which subject, and the
// evidence (usually JSON) whose SHA-256 goes into the chain.
type Record struct {
	// Actor is the person or component acting, e.g. "alice" or "daemon".
	Actor string
	// Action names the change, e.g. "incident.ack" or "action.submitted".
	Action string
	// Subject is what the change is about, e.g. an incident id.
	Subject string
	// Payload is the evidence, kept byte for byte; it may be empty.
	Payload []byte
}

// Entry is one sealed entry of the log.
type Entry struct {
	// Seq is the position in the log, starting at 1.
	Seq int64
	// Time is when the entry was appended, UTC, microsecond precision.
	Time time.Time
	// Actor, Action and Subject are copied from the Record.
	Actor   string
	Action  string
	Subject string
	// Payload is the Record's payload, byte for byte.
	Payload []byte
	// PayloadHash is the SHA-256 of Payload, lowercase hex.
	PayloadHash string
	// PrevHash is the Hash of the entry before, or GenesisHash for Seq 1.
	PrevHash string
	// Hash is the entry's hash as defined in the package documentation.
	Hash string
}

// Head is the last entry of a log: its sequence number and hash. The head of
// an empty log is {0, GenesisHash}.
type Head struct {
	Seq  int64
	Hash string
}

// Seal builds the entry that follows prev with the record r at time t,
// computing its payload hash and its hash.
func Seal(prev Head, t time.Time, r Record) Entry {
	e := Entry{
		Seq:         prev.Seq + 1,
		Time:        t.UTC().Truncate(time.Microsecond),
		Actor:       r.Actor,
		Action:      r.Action,
		Subject:     r.Subject,
		Payload:     r.Payload,
		PayloadHash: PayloadHash(r.Payload),
		PrevHash:    prev.Hash,
	}
	e.Hash = e.ComputeHash()
	return e
}

// PayloadHash returns the SHA-256 of payload as lowercase hex.
func PayloadHash(payload []byte) string {
	sum := sha256.Sum256(payload)
	return hex.EncodeToString(sum[:])
}

// ComputeHash recomputes the entry's hash from its fields (ignoring e.Hash
// and using e.PayloadHash as stored, not the hash of e.Payload).
func (e Entry) ComputeHash() string {
	h := sha256.New()
	var n [8]byte
	for _, f := range []string{
		FormatTag,
		strconv.FormatInt(e.Seq, 10),
		e.Time.UTC().Format(TimeLayout),
		e.Actor,
		e.Action,
		e.Subject,
		e.PayloadHash,
		e.PrevHash,
	} {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Problem says what is wrong with an entry.
type Problem string

// The problems Verify reports.
const (
	// SequenceGap: the entry's sequence number is not the one expected
	// (an entry was removed or inserted, or the log was reordered).
	SequenceGap Problem = "sequence gap"
	// ChainBreak: the entry's previous hash is not the previous entry's hash.
	ChainBreak Problem = "chain break"
	// PayloadMismatch: the payload's SHA-256 is not the recorded one.
	PayloadMismatch Problem = "payload hash mismatch"
	// HashMismatch: the entry's fields do not hash to its recorded hash.
	HashMismatch Problem = "entry hash mismatch"
	// Truncated: entries at the end of the log are missing.
	Truncated Problem = "log truncated"
	// TimelineMismatch: a timeline event no longer matches the entry that
	// sealed it (its row was edited).
	TimelineMismatch Problem = "timeline event changed"
	// TimelineUnsealed: a timeline event has no entry sealing it (it was
	// inserted outside breakglass); the error's Seq is 0.
	TimelineUnsealed Problem = "timeline event not in the log"
	// TimelineMissing: an entry seals a timeline event that is gone.
	TimelineMissing Problem = "timeline event removed"
)

// VerifyError names the first bad entry of a log.
type VerifyError struct {
	// Seq is the sequence number of the bad entry (for SequenceGap, the one
	// expected; for Truncated, the head's).
	Seq int64
	// Problem is what is wrong.
	Problem Problem
	// Detail gives the values that disagree.
	Detail string
}

func (e *VerifyError) Error() string {
	if e.Seq == 0 {
		return fmt.Sprintf("audit: %s: %s", e.Problem, e.Detail)
	}
	return fmt.Sprintf("audit entry %d: %s: %s", e.Seq, e.Problem, e.Detail)
}

// Verifier checks a log entry by entry, in order, so that a long log can be
// read in pages. The zero Verifier expects the log to start at sequence 1.
type Verifier struct {
	head Head
	err  error
}

// Add checks the next entry. After the first error every later call returns
// the same error.
func (v *Verifier) Add(e Entry) error {
	if v.err != nil {
		return v.err
	}
	v.err = v.check(e)
	if v.err == nil {
		v.head = Head{Seq: e.Seq, Hash: e.Hash}
	}
	return v.err
}

func (v *Verifier) check(e Entry) error {
	prev := v.head
	if prev.Hash == "" {
		prev.Hash = GenesisHash
	}
	want := prev.Seq + 1
	if e.Seq != want {
		return &VerifyError{Seq: want, Problem: SequenceGap,
			Detail: fmt.Sprintf("expected entry %d, found entry %d", want, e.Seq)}
	}
	if e.PrevHash != prev.Hash {
		what := "the genesis hash"
		if prev.Seq > 0 {
			what = fmt.Sprintf("entry %d's hash", prev.Seq)
		}
		return &VerifyError{Seq: e.Seq, Problem: ChainBreak,
			Detail: fmt.Sprintf("previous hash %s is not %s %s", short(e.PrevHash), what, short(prev.Hash))}
	}
	if got := PayloadHash(e.Payload); got != e.PayloadHash {
		return &VerifyError{Seq: e.Seq, Problem: PayloadMismatch,
			Detail: fmt.Sprintf("payload hashes to %s, recorded %s", short(got), short(e.PayloadHash))}
	}
	if got := e.ComputeHash(); got != e.Hash {
		return &VerifyError{Seq: e.Seq, Problem: HashMismatch,
			Detail: fmt.Sprintf("fields hash to %s, recorded %s (time, actor, action or subject changed)", short(got), short(e.Hash))}
	}
	return nil
}

// Head returns the last entry accepted so far ({0, GenesisHash} if none).
func (v *Verifier) Head() Head {
	if v.head.Hash == "" {
		return Head{Hash: GenesisHash}
	}
	return v.head
}

// CheckHead compares the entries seen with the head the store recorded: if
// the recorded head is further on, entries at the end were removed.
func (v *Verifier) CheckHead(recorded Head) error {
	if v.err != nil {
		return v.err
	}
	got := v.Head()
	if recorded.Hash == "" {
		recorded.Hash = GenesisHash
	}
	if recorded != got {
		v.err = &VerifyError{Seq: recorded.Seq, Problem: Truncated,
			Detail: fmt.Sprintf("recorded head is entry %d (%s) but the log ends at entry %d (%s)",
				recorded.Seq, short(recorded.Hash), got.Seq, short(got.Hash))}
	}
	return v.err
}

// Verify checks a whole log, from sequence 1, and returns its head or the
// first bad entry as a *VerifyError.
func Verify(entries []Entry) (Head, error) {
	var v Verifier
	for _, e := range entries {
		if err := v.Add(e); err != nil {
			return v.Head(), err
		}
	}
	return v.Head(), nil
}

// short abbreviates a hex hash for messages.
func short(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	if strings.TrimSpace(h) == "" {
		return `""`
	}
	return h
}
