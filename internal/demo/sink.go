package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
)

// sink is the demo's notification receiver: a local webhook endpoint
// (webhook.Receiver, which checks each request's signature as a real
// receiver must) that saves each message it accepts as a file in dir.
type sink struct {
	*webhook.Receiver
	url string
}

func newSink(dir string, secret []byte) (*sink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r, err := webhook.NewReceiver(secret, func(n int, rec webhook.Received) {
		name := filepath.Join(dir, fmt.Sprintf("%03d-%s.json", n, rec.Message.Event))
		pretty, _ := json.MarshalIndent(rec.Message, "", "  ")
		_ = os.WriteFile(name, append(pretty, '\n'), 0o644)
	})
	if err != nil {
		return nil, fmt.Errorf("notification sink: %w", err)
	}
	return &sink{Receiver: r, url: r.URL()}, nil
}

func (s *sink) close() { s.Close() }

// messages are the messages received, in order.
func (s *sink) messages() []notify.Message {
	var out []notify.Message
	for _, r := range s.Since(0) {
		out = append(out, r.Message)
	}
	return out
}
