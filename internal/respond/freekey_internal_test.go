package respond

import (
	"testing"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// TestFreeKey: the key of a new action is the spec's, or key#N after the
// keys already stored in the incident (cancelled or failed actions keep
// theirs), taken in order as the store would be asked for them.
func TestFreeKey(t *testing.T) {
	acts := func(keys ...string) []store.Action {
		var out []store.Action
		for _, k := range keys {
			out = append(out, store.Action{Key: k, Status: StatusCancelled})
		}
		return out
	}
	for _, c := range []struct {
		name string
		acts []store.Action
		want string
	}{
		{"none", nil, "pool.pause"},
		{"other keys", acts("pool.unpause", "vault.pause"), "pool.pause"},
		{"taken", acts("pool.pause"), "pool.pause#2"},
		{"taken twice", acts("pool.pause#2", "pool.pause"), "pool.pause#3"},
		{"only a later one", acts("pool.pause#2"), "pool.pause"},
		{"gap", acts("pool.pause", "pool.pause#3"), "pool.pause#2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := freeKey(c.acts, "pool.pause"); got != c.want {
				t.Errorf("freeKey = %q, want %q", got, c.want)
			}
		})
	}
}
