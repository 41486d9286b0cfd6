package notify

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Factory makes the Channel of one plan channel; the subpackages' New
// functions are wrapped by the caller (see cli wiring) so that this package
// does not import its own integrations.
type Factory func(c plan.Channel, client *http.Client) (Channel, error)

// Build makes every channel of the plan through the factory of its type,
// resolving secrets now. An error names the channel and the reference,
// never a secret's value.
func Build(chs []plan.Channel, factories map[string]Factory, client *http.Client) (map[string]Channel, error) {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	out := make(map[string]Channel, len(chs))
	for _, c := range chs {
		f, ok := factories[c.Type]
		if !ok {
			return nil, fmt.Errorf("channel %s: no integration for type %q", c.Name, c.Type)
		}
		ch, err := f(c, client)
		if err != nil {
			return nil, fmt.Errorf("channel %s: %w", c.Name, err)
		}
		out[c.Name] = ch
	}
	return out, nil
}

// SMTPAddr returns host:port of an email channel's server (port 587 by
// default).
func SMTPAddr(s *plan.SMTP) string {
	port := s.Port
	if port == 0 {
		port = 587
	}
	return net.JoinHostPort(s.Host, strconv.Itoa(port))
}
