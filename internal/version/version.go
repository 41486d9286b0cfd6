// Package version says which breakglass this is: its version, the commit
// it was built from and when. The values come from the build information
// the Go toolchain stamps in every binary (the module's version with `go
// install …@vX`, the VCS revision and time with a build in a checkout);
// a release build may set them instead with
//
//	go build -ldflags "-X github.com/breakglass-dev/breakglass/internal/version.Version=v1.2.3
//	  -X github.com/breakglass-dev/breakglass/internal/version.Commit=abc123
//	  -X github.com/breakglass-dev/breakglass/internal/version.Date=2026-01-02T03:04:05Z"
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at link time with -ldflags -X; empty means "read the build info".
var (
	// Version is the release version, e.g. v1.2.3.
	Version string
	// Commit is the VCS revision built.
	Commit string
	// Date is the build or commit time, RFC 3339.
	Date string
)

// Info is what a binary says of itself.
type Info struct {
	Version  string `json:"version"`
	Commit   string `json:"commit,omitempty"`
	Date     string `json:"date,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

// Get returns the running binary's Info: the link-time values where set,
// else the build information's.
func Get() Info {
	return from(debug.ReadBuildInfo())
}

func from(bi *debug.BuildInfo, ok bool) Info {
	i := Info{Version: Version, Commit: Commit, Date: Date, Go: runtime.Version()}
	if ok && bi != nil {
		if i.Version == "" && bi.Main.Version != "" {
			i.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if i.Commit == "" {
					i.Commit = s.Value
				}
			case "vcs.time":
				if i.Date == "" {
					i.Date = s.Value
				}
			case "vcs.modified":
				i.Modified = s.Value == "true" && Commit == ""
			}
		}
	}
	if i.Version == "" {
		i.Version = "(devel)"
	}
	return i
}

// String is the one line `breakglass --version` prints.
func (i Info) String() string {
	s := i.Version
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += ", commit " + c
		if i.Modified {
			s += " (modified)"
		}
	}
	if i.Date != "" {
		s += ", " + i.Date
	}
	return fmt.Sprintf("%s, %s", s, i.Go)
}
