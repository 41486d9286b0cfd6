package demo

import (
	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/outbox"
)

// parts are the containment stage's pieces the daemon is built with.
type parts struct {
	responder daemon.Responder
	handlers  map[string]outbox.Handler
}

// containment builds the containment stage for the demo's plan.
func containment(r *run) (parts, error) {
	return parts{}, nil
}
