package store

import (
	"context"

	"github.com/breakglass-dev/breakglass/internal/audit"
)

// VerifyAudit reads a store's whole audit log in pages and checks it (see
// audit.Verifier), then compares its end with the head the store recorded.
// It returns the head, or the first bad entry as an *audit.VerifyError.
func VerifyAudit(ctx context.Context, r Reader) (audit.Head, error) {
	var v audit.Verifier
	const page = 500
	next := int64(1)
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
		}
		if len(es) < page {
			break
		}
	}
	head, err := r.AuditHead(ctx)
	if err != nil {
		return audit.Head{}, err
	}
	return v.Head(), v.CheckHead(head)
}
