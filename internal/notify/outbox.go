package notify

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// OutboxKind is the outbox item kind of a notification.
const OutboxKind = "notify"

// Delivery is the payload of a notification outbox item: the message,
// rendered when the change that caused it was written, and the channel
// (by plan name) it goes to. It holds no secret: channels resolve theirs.
type Delivery struct {
	Channel string  `json:"channel"`
	Message Message `json:"message"`
}

// Enqueue writes the delivery of m about incident to channel into the outbox, inside the
// transaction of the change that causes it. The item's key is the message
// key and the channel, so writing the same change twice sends it once; the
// queue keeps one channel's messages about one incident in order.
func Enqueue(ctx context.Context, tx store.Tx, incident, channel string, m Message) (bool, error) {
	payload, err := json.Marshal(Delivery{Channel: channel, Message: m})
	if err != nil {
		return false, fmt.Errorf("encode notification: %w", err)
	}
	return tx.Enqueue(ctx, store.OutboxItem{
		Key:        m.Key + "@" + channel,
		Kind:       OutboxKind + "." + channel,
		Queue:      OutboxKind + "/" + channel + "/" + incident,
		IncidentID: incident,
		Payload:    payload,
		NotBefore:  m.Time,
	})
}

// Handler delivers notification outbox items through the plan's channels.
type Handler struct {
	// Channels maps a channel's plan name to its implementation.
	Channels map[string]Channel
}

// Handle sends one item. An item for a channel this process does not know
// is refused for good (the plan lost that channel).
func (h *Handler) Handle(ctx context.Context, item store.OutboxItem) (bool, error) {
	var d Delivery
	if err := json.Unmarshal(item.Payload, &d); err != nil {
		return false, fmt.Errorf("decode notification %s: %w", item.Key, err)
	}
	ch, ok := h.Channels[d.Channel]
	if !ok {
		return false, fmt.Errorf("channel %q is not in the plan", d.Channel)
	}
	return ch.Notify(ctx, d.Message)
}

// EnqueueInternal writes m to the outbox of every internal channel of
// channels except the one named except (the channel whose failure m
// reports, if any), in tx. It is how breakglass raises an alarm about
// itself: an executor not ready, a stalled head, a failed delivery.
func EnqueueInternal(ctx context.Context, tx store.Tx, incident string, channels []plan.Channel, except string, m Message) error {
	for _, c := range channels {
		if c.Name == except || c.Audience == plan.AudienceExternal {
			continue
		}
		if _, err := Enqueue(ctx, tx, incident, c.Name, m); err != nil {
			return err
		}
	}
	return nil
}
