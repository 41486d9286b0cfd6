package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with a plan, at a position.
type Problem struct {
	Pos     Pos    `json:"pos"`
	Message string `json:"message"`
}

// String formats the problem as FILE:LINE:COL: message.
func (p Problem) String() string { return p.Pos.String() + ": " + p.Message }

// Problems is every problem found in a plan. As an error it prints one
// problem per line.
type Problems []Problem

// Error joins the problems, one FILE:LINE:COL: message per line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// sort orders problems by file, line, column and message, and drops exact
// duplicates (an element reached twice through a YAML alias).
func (ps Problems) sort() Problems {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.Compact(ps)
}

// reporter collects problems.
type reporter struct {
	problems Problems
}

func (r *reporter) add(pos Pos, format string, args ...any) {
	r.problems = append(r.problems, Problem{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// suggest returns the candidate closest to s by edit distance, if it is
// close enough to be a likely typo, or "".
func suggest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(2, len(s)/3)
	if bestD < 0 || bestD > limit || bestD >= len(s) {
		return ""
	}
	return best
}

// didYouMean formats a suggestion for a message, or "".
func didYouMean(s string, candidates []string) string {
	if m := suggest(s, candidates); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// DidYouMean formats a suggestion of the closest of candidates to s for a
// message ("; did you mean "x"?"), or "" when none is close.
func DidYouMean(s string, candidates []string) string { return didYouMean(s, candidates) }
