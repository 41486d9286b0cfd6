package daemon

import (
	"fmt"
	"slices"
	"testing"
)

// TestRankSpreadsAndMovesLittle: 50 networks with 2 replicas each over 5
// daemons: every daemon computes the same followers, each daemon follows
// a fair share, and when one leaves, only the networks it followed get a
// new follower, and their other follower stays.
func TestRankSpreadsAndMovesLittle(t *testing.T) {
	members := []string{"d1", "d2", "d3", "d4", "d5"}
	followers := func(network string, ms []string) []string {
		var out []string
		for _, id := range ms {
			if follows(network, id, ms, 2) {
				out = append(out, id)
			}
		}
		return out
	}
	load := map[string]int{}
	for i := range 50 {
		nw := fmt.Sprintf("chain-%d", i)
		fs := followers(nw, members)
		if len(fs) != 2 {
			t.Fatalf("%s: followers %v, want 2", nw, fs)
		}
		// The order of the member list does not matter.
		if rev := followers(nw, reversed(members)); !slices.Equal(fs, reversed(rev)) {
			t.Fatalf("%s: followers %v, reversed list %v", nw, fs, rev)
		}
		for _, f := range fs {
			load[f]++
		}
		without := slices.DeleteFunc(slices.Clone(members), func(m string) bool { return m == "d3" })
		after := followers(nw, without)
		switch {
		case !slices.Contains(fs, "d3") && !slices.Equal(fs, after):
			t.Fatalf("%s: followers %v moved to %v when d3, not one of them, left", nw, fs, after)
		case slices.Contains(fs, "d3"):
			stay := slices.DeleteFunc(slices.Clone(fs), func(m string) bool { return m == "d3" })
			if !slices.Contains(after, stay[0]) || len(after) != 2 {
				t.Fatalf("%s: followers %v became %v when d3 left: want %s kept and one more", nw, fs, after, stay[0])
			}
		}
	}
	for _, m := range members {
		if load[m] < 10 || load[m] > 30 {
			t.Errorf("daemon %s follows %d of 50 networks (2 replicas over 5 daemons: about 20)", m, load[m])
		}
	}
	t.Logf("networks followed per daemon: %v", load)
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}
