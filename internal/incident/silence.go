package incident

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Matcher is one condition of a silence on an alert's field, as in
// Alertmanager: "=" equal, "!=" not equal, "=~" matches the regular
// expression (anchored), "!~" does not.
type Matcher struct {
	Name  string `json:"name"`
	Op    string `json:"op"`
	Value string `json:"value"`
}

// matchable are the alert fields a silence can match.
var matchable = []string{"detector", "severity", "incident_type", "network", "contract", "tx"}

// ParseMatcher reads "name=value", "name!=value", "name=~regex" or
// "name!~regex".
func ParseMatcher(s string) (Matcher, error) {
	for _, op := range []string{"!=", "=~", "!~", "="} {
		if name, value, ok := strings.Cut(s, op); ok {
			m := Matcher{Name: strings.TrimSpace(name), Op: op, Value: strings.TrimSpace(value)}
			return m, m.check()
		}
	}
	return Matcher{}, fmt.Errorf("%w: matcher %q: want name=value, name!=value, name=~regex or name!~regex", ErrInvalid, s)
}

func (m Matcher) check() error {
	ok := false
	for _, f := range matchable {
		ok = ok || f == m.Name
	}
	if !ok {
		return fmt.Errorf("%w: matcher field %q: want one of %s", ErrInvalid, m.Name, strings.Join(matchable, ", "))
	}
	if m.Op == "=~" || m.Op == "!~" {
		if _, err := regexp.Compile("^(?:" + m.Value + ")$"); err != nil {
			return fmt.Errorf("%w: matcher %s%s%s: %v", ErrInvalid, m.Name, m.Op, m.Value, err)
		}
	}
	return nil
}

// Matches reports whether the alert's field satisfies m.
func (m Matcher) Matches(a store.Alert) bool {
	v := alertField(a, m.Name)
	want := m.Value
	if m.Name == "contract" || m.Name == "tx" {
		want = strings.ToLower(want)
	}
	switch m.Op {
	case "=":
		return v == want
	case "!=":
		return v != want
	case "=~", "!~":
		re, err := regexp.Compile("^(?:" + want + ")$")
		return err == nil && re.MatchString(v) == (m.Op == "=~")
	}
	return false
}

// Silence creates a silence of the alerts every matcher matches, from now
// for d, inside tx, with an audit entry.
func (m *Manager) Silence(ctx context.Context, tx store.Tx, matchers []Matcher, d time.Duration, author, comment string) (store.Silence, error) {
	if len(matchers) == 0 {
		return store.Silence{}, fmt.Errorf("%w: a silence needs at least one matcher", ErrInvalid)
	}
	if d <= 0 {
		return store.Silence{}, fmt.Errorf("%w: a silence needs a positive duration", ErrInvalid)
	}
	if strings.TrimSpace(comment) == "" {
		return store.Silence{}, fmt.Errorf("%w: a silence needs a comment saying why", ErrInvalid)
	}
	if err := m.Authorize(store.Incident{}, author, OpSilence); err != nil {
		return store.Silence{}, err
	}
	for _, mt := range matchers {
		if err := mt.check(); err != nil {
			return store.Silence{}, err
		}
		if err := m.knownDetector(mt); err != nil {
			return store.Silence{}, err
		}
	}
	b, _ := json.Marshal(matchers)
	now := m.now()
	s, err := tx.CreateSilence(ctx, store.Silence{Matchers: b, StartsAt: now, EndsAt: now.Add(d), Author: author, Comment: comment})
	if err != nil {
		return s, err
	}
	_, err = tx.AppendAudit(ctx, audit.Record{Actor: author, Action: "silence.create", Subject: fmt.Sprintf("silence:%d", s.ID), Payload: b})
	return s, err
}

// ExpireSilence ends silence id now, inside tx, as person, with an audit
// entry. Ending one that already ended changes nothing and is not an
// error.
func (m *Manager) ExpireSilence(ctx context.Context, tx store.Tx, id int64, person string) error {
	if err := m.Authorize(store.Incident{}, person, OpSilence); err != nil {
		return err
	}
	if err := tx.ExpireSilence(ctx, id, m.now()); err != nil {
		return fmt.Errorf("silence %d: %w", id, err)
	}
	_, err := tx.AppendAudit(ctx, audit.Record{Actor: person, Action: "silence.expire", Subject: fmt.Sprintf("silence:%d", id)})
	return err
}

// SilenceView is a silence as shown (the API, the CLI's JSON).
type SilenceView struct {
	ID        int64     `json:"id"`
	Matchers  []Matcher `json:"matchers"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Author    string    `json:"author"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// ViewSilence returns s as shown.
func ViewSilence(s store.Silence) SilenceView {
	ms := []Matcher{}
	_ = json.Unmarshal(s.Matchers, &ms)
	if ms == nil {
		ms = []Matcher{}
	}
	return SilenceView{ID: s.ID, Matchers: ms, StartsAt: s.StartsAt.UTC(), EndsAt: s.EndsAt.UTC(), Author: s.Author, Comment: s.Comment, CreatedAt: s.CreatedAt.UTC()}
}

// silencing returns the silence of ss (those in force) that matches a, if
// any.
func silencing(ss []store.Silence, a store.Alert) *store.Silence {
	for _, s := range ss {
		var ms []Matcher
		if err := json.Unmarshal(s.Matchers, &ms); err != nil || len(ms) == 0 {
			continue
		}
		all := true
		for _, mt := range ms {
			all = all && mt.Matches(a)
		}
		if all {
			return &s
		}
	}
	return nil
}

// knownDetector refuses a detector matcher that names no detector of the
// plan (a typo would silence nothing, or with != everything), or a pattern
// that matches none.
func (m *Manager) knownDetector(mt Matcher) error {
	if mt.Name != "detector" {
		return nil
	}
	names := make([]string, 0, len(m.dets))
	for n := range m.dets {
		names = append(names, n)
	}
	slices.Sort(names)
	switch mt.Op {
	case "=", "!=":
		if _, ok := m.dets[mt.Value]; ok {
			return nil
		}
		return fmt.Errorf("%w: matcher %s%s%s: the plan has no detector %q (its detectors: %s)", ErrInvalid, mt.Name, mt.Op, mt.Value, mt.Value, strings.Join(names, ", "))
	default:
		re, err := regexp.Compile("^(?:" + mt.Value + ")$")
		if err != nil {
			return fmt.Errorf("%w: matcher %s%s%s: %v", ErrInvalid, mt.Name, mt.Op, mt.Value, err)
		}
		for _, n := range names {
			if re.MatchString(n) {
				return nil
			}
		}
		return fmt.Errorf("%w: matcher %s%s%s matches no detector of the plan (its detectors: %s)", ErrInvalid, mt.Name, mt.Op, mt.Value, strings.Join(names, ", "))
	}
}
