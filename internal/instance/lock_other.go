//go:build !unix

package instance

import (
	"errors"
	"os"
)

// lock is not available here: every process takes a per-process identity.
func lock(*os.File) error { return errors.New("no file locks on this system") }

func unlock(*os.File) {}
