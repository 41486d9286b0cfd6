// Package instance gives a daemon an identity that survives its restarts:
// the same host running the same plan on the same database is the same
// daemon, so a restarted daemon resumes at once what its previous run had
// claimed (outbox items, its leases) instead of waiting for
// those claims to expire as if it were another worker.
//
// Two live processes must never share an identity. The identity is held
// through an exclusive lock on a file, which the kernel releases when the
// process dies, kill -9 included: a process that finds the lock taken is
// not alone with that scope on the host and takes a per-process identity
// (host:pid) instead.
package instance

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ID is a held identity.
type ID struct {
	// Name is the identity: "host/scopehash" when stable, "host:pid" when
	// another live process holds the stable one.
	Name string
	// Stable reports whether Name survives a restart.
	Stable bool
	lock   *os.File
}

// Release gives the identity up (the process's exit does too).
func (id *ID) Release() {
	if id != nil && id.lock != nil {
		unlock(id.lock)
		id.lock.Close()
		id.lock = nil
	}
}

// Claim returns the identity of a daemon on this host with the given scope
// parts (e.g. the plan's absolute path and the database's DSN; they are
// hashed, never written anywhere), locked in dir (os.TempDir() if empty).
// It falls back to a per-process identity, with the reason, when the
// stable one is held by another live process or cannot be locked.
func Claim(dir string, scope ...string) (*ID, error) {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	perProcess := &ID{Name: fmt.Sprintf("%s:%d", host, os.Getpid())}
	h := sha256.New()
	fmt.Fprintf(h, "%s", host)
	for _, s := range scope {
		fmt.Fprintf(h, "\x00%s", s)
	}
	sum := hex.EncodeToString(h.Sum(nil))[:16]
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "breakglass-instances")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return perProcess, fmt.Errorf("instance lock directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, sum+".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return perProcess, fmt.Errorf("instance lock: %w", err)
	}
	if err := lock(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return perProcess, fmt.Errorf("another live process on this host runs the same plan on the same database: %w", err)
		}
		return perProcess, fmt.Errorf("instance lock: %w", err)
	}
	return &ID{Name: host + "/" + sum, Stable: true, lock: f}, nil
}

var errLocked = errors.New("identity held")
