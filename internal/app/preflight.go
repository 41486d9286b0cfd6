package app

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond/key"
)

// CheckSecrets resolves every secret the plan refers to (RPC URLs with
// keys, executor keys, keystores and their passwords, Safe owner keys, API
// tokens, channel secrets), unlocks the keystores and parses the keys, and
// returns every problem at once as plan.Problems (nil when all are there),
// so that a daemon refuses to start rather than finding a missing guardian
// key during an exploit. No value is kept or shown.
func CheckSecrets(p *plan.Plan) error {
	var ps plan.Problems
	failed := map[string]bool{}
	for _, u := range p.Secrets() {
		if err := u.Resolve(); err != nil {
			ps = append(ps, plan.Problem{Pos: posOr(p, u.Path, u.Pos), Message: u.Path + ": " + err.Error()})
			failed[u.Path] = true
		}
	}
	dir := ""
	if p.Path != "" {
		dir = filepath.Dir(p.Path)
	}
	for i, e := range p.Executors {
		base := fmt.Sprintf("executors[%d]", i)
		switch e.Type {
		case plan.ExecutorKey:
			if failed[base+".key"] || failed[base+".password"] {
				continue
			}
			if _, err := key.Load(e, dir); err != nil {
				ps = append(ps, plan.Problem{Pos: posOr(p, base, e.Pos), Message: base + ": " + err.Error()})
			}
		case plan.ExecutorSafe:
			for j, o := range e.Owners {
				path := fmt.Sprintf("%s.owners[%d]", base, j)
				if failed[path] {
					continue
				}
				raw, err := o.Resolve()
				if err == nil {
					_, err = key.ParseHex(raw)
				}
				if err != nil {
					ps = append(ps, plan.Problem{Pos: posOr(p, path, e.Pos), Message: fmt.Sprintf("%s (%s): %v", path, o, err)})
				}
			}
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// posOr is the position of path, or of its nearest written parent, or
// fallback.
func posOr(p *plan.Plan, path string, fallback plan.Pos) plan.Pos {
	for path != "" {
		if pos := p.Position(path); pos != (plan.Pos{}) {
			return pos
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	if fallback == (plan.Pos{}) {
		return plan.Pos{File: p.Path}
	}
	return fallback
}
