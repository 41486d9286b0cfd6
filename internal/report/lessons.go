package report

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Lesson is an action item that changes the plan, and whether a plan
// version that includes it has been loaded. A plan version includes it when
// the plan file mentions the item's reference (LessonRef), e.g. in a
// comment next to the change: "# INC-2026-0001/A2: pause on oracle drift".
type Lesson struct {
	Incident string     `json:"incident"`
	Item     ActionItem `json:"item"`
	// Ref is the text a plan version must contain to include the item.
	Ref string `json:"ref"`
	// Included says a stored plan version contains Ref; IncludedIn is the
	// first such version's hash, IncludedAt when it was loaded.
	Included   bool      `json:"included"`
	IncludedIn string    `json:"included_in,omitempty"`
	IncludedAt time.Time `json:"included_at,omitzero"`
}

// LessonRef is the reference of an action item, "INC-2026-0001/A2".
func LessonRef(incidentID, itemID string) string { return incidentID + "/" + itemID }

func lessonsOf(id string, pm PostMortem, versions []store.PlanVersion) []Lesson {
	var out []Lesson
	for _, it := range pm.ActionItems {
		if it.PlanChange == "" && len(it.PlanPatch) == 0 || it.Status == ItemWontDo {
			continue
		}
		l := Lesson{Incident: id, Item: it, Ref: LessonRef(id, it.ID)}
		for _, v := range versions {
			if bytes.Contains(v.Content, []byte(l.Ref)) {
				l.Included, l.IncludedIn, l.IncludedAt = true, v.Hash, v.LoadedAt.UTC()
				break
			}
		}
		out = append(out, l)
	}
	return out
}

// Lessons lists the plan-changing action items of every incident, with
// whether a stored plan version includes them; pendingOnly keeps those
// not included yet.
func Lessons(ctx context.Context, r store.Reader, pendingOnly bool) ([]Lesson, error) {
	incs, err := r.Incidents(ctx, store.IncidentFilter{})
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	versions, err := r.PlanVersions(ctx)
	if err != nil {
		return nil, fmt.Errorf("plan versions: %w", err)
	}
	var out []Lesson
	for i := len(incs) - 1; i >= 0; i-- {
		pm, err := ReadPostMortem(incs[i])
		if err != nil {
			return nil, err
		}
		for _, l := range lessonsOf(incs[i].ID, pm, versions) {
			if !pendingOnly || !l.Included {
				out = append(out, l)
			}
		}
	}
	return out, nil
}

// PendingLessons are the lessons no loaded plan version includes yet, of
// incident id only when id is not empty (which must then exist).
func PendingLessons(ctx context.Context, r store.Reader, id string) ([]Lesson, error) {
	if id != "" {
		if _, err := r.Incident(ctx, id); err != nil {
			return nil, fmt.Errorf("incident %s: %w", id, err)
		}
	}
	ls, err := Lessons(ctx, r, true)
	if err != nil {
		return nil, err
	}
	out := ls[:0]
	for _, l := range ls {
		if id == "" || l.Incident == id {
			out = append(out, l)
		}
	}
	return out, nil
}

// FindPlanVersion resolves a reference to a stored plan version: its
// number in load order ("1" is the oldest; "-1" or "latest" the newest) or
// a prefix of its hash of at least 4 characters.
func FindPlanVersion(versions []store.PlanVersion, ref string) (store.PlanVersion, int, error) {
	if len(versions) == 0 {
		return store.PlanVersion{}, 0, fmt.Errorf("no plan version is stored yet (the daemon stores each plan it loads)")
	}
	if ref == "latest" {
		ref = "-1"
	}
	if n, err := strconv.Atoi(ref); err == nil && len(ref) < 4 {
		if n < 0 {
			n = len(versions) + 1 + n
		}
		if n < 1 || n > len(versions) {
			return store.PlanVersion{}, 0, fmt.Errorf("plan version %s: there are %d stored versions (1 is the oldest, -1 the newest)", ref, len(versions))
		}
		return versions[n-1], n, nil
	}
	if len(ref) < 4 {
		return store.PlanVersion{}, 0, fmt.Errorf("plan version %q: give at least 4 characters of its hash", ref)
	}
	var found []int
	for i, v := range versions {
		if strings.HasPrefix(v.Hash, strings.ToLower(ref)) {
			found = append(found, i)
		}
	}
	switch len(found) {
	case 0:
		return store.PlanVersion{}, 0, fmt.Errorf("no stored plan version has a hash starting with %q", ref)
	case 1:
		return versions[found[0]], found[0] + 1, nil
	}
	return store.PlanVersion{}, 0, fmt.Errorf("plan version %q is ambiguous: %d versions match; give more of the hash", ref, len(found))
}

// PlanDiff is a unified diff of two plan versions' files, with n lines of
// context; empty when they are the same.
func PlanDiff(a, b store.PlanVersion, n int) (string, error) {
	s, err := plan.UnifiedDiffDated(a.Content, b.Content,
		"plan@"+plan.ShortHash(a.Hash), a.LoadedAt.UTC().Format(time.RFC3339),
		"plan@"+plan.ShortHash(b.Hash), b.LoadedAt.UTC().Format(time.RFC3339), n)
	if err != nil {
		return "", fmt.Errorf("diff plan versions: %w", err)
	}
	return s, nil
}
