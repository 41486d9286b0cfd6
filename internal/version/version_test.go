package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFrom(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	tests := []struct {
		name                string
		bi                  *debug.BuildInfo
		ok                  bool
		ldVersion, ldCommit string
		ldDate              string
		want                Info
		wantLine            string
	}{
		{name: "no build info", want: Info{Version: "(devel)"}, wantLine: "(devel), go"},
		{name: "go install @version", ok: true, bi: &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}},
			want: Info{Version: "v1.4.0"}, wantLine: "v1.4.0, go"},
		{name: "build in a checkout", ok: true, bi: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			want:     Info{Version: "(devel)", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-01T10:00:00Z", Modified: true},
			wantLine: "(devel), commit 0123456789ab (modified), 2026-12-01T10:00:00Z, go"},
		{name: "ldflags win", ok: true, bi: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			ldVersion: "v2.0.0", ldCommit: "feedbeef", ldDate: "2026-12-07T00:00:00Z",
			want:     Info{Version: "v2.0.0", Commit: "feedbeef", Date: "2026-12-07T00:00:00Z"},
			wantLine: "v2.0.0, commit feedbeef, 2026-12-07T00:00:00Z, go"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			Version, Commit, Date = tc.ldVersion, tc.ldCommit, tc.ldDate
			t.Cleanup(func() { Version, Commit, Date = "", "", "" })
			got := from(tc.bi, tc.ok)
			if got.Go == "" {
				t.Error("no Go version")
			}
			got.Go = ""
			if got != tc.want {
				t.Errorf("from = %+v, want %+v", got, tc.want)
			}
			if line := from(tc.bi, tc.ok).String(); !strings.HasPrefix(line, tc.wantLine) {
				t.Errorf("String = %q, want prefix %q", line, tc.wantLine)
			}
		})
	}
}
