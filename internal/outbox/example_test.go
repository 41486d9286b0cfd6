package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/breakglass-dev/breakglass/internal/outbox"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// An item is enqueued in a transaction (with whatever else that transaction
// writes) and carried out by the runner after it committed: a failed
// attempt is retried after a backoff, and the item is done once its
// handler succeeds. The store is a real SQLite file; the clock is fixed so
// that the retry is due exactly when the example moves it.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "outbox-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { return now }
	s, err := sqlite.Open(ctx, filepath.Join(dir, "breakglass.db"), store.Options{Now: clock})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	err = s.Tx(ctx, func(tx store.Tx) error {
		_, err := tx.Enqueue(ctx, store.OutboxItem{Key: "greet/1", Kind: "greet.hello", Payload: json.RawMessage(`{"name":"world"}`)})
		return err
	})
	if err != nil {
		log.Fatal(err)
	}

	// The handler of kind "greet" (and so of "greet.hello") fails once.
	calls := 0
	greet := outbox.HandlerFunc(func(_ context.Context, it store.OutboxItem) (retry bool, err error) {
		calls++
		if calls == 1 {
			return true, errors.New("receiver unavailable")
		}
		var p struct{ Name string }
		if err := json.Unmarshal(it.Payload, &p); err != nil {
			return false, err
		}
		fmt.Printf("attempt %d: hello, %s\n", it.Attempts, p.Name)
		return false, nil
	})
	r := outbox.New(s, map[string]outbox.Handler{"greet": greet}, outbox.Config{
		Worker: "example", Now: clock, BaseDelay: time.Second, MaxDelay: time.Second, Rand: func() float64 { return 0 },
	}, nil)

	show := func(when string) {
		n, err := r.RunOnce(ctx)
		if err != nil {
			log.Fatal(err)
		}
		items, err := s.OutboxItems(ctx, store.OutboxFilter{})
		if err != nil {
			log.Fatal(err)
		}
		it := items[0]
		fmt.Printf("%s: ran %d; %s after %d attempts", when, n, it.Status, it.Attempts)
		if it.Status == store.OutboxPending {
			fmt.Printf(" (%q), due in %s", it.LastError, it.NotBefore.Sub(now))
		}
		fmt.Println()
	}
	show("first run")
	show("at once again")
	now = now.Add(time.Second)
	show("a second later")
	// Output:
	// first run: ran 1; pending after 1 attempts ("receiver unavailable"), due in 500ms
	// at once again: ran 0; pending after 1 attempts ("receiver unavailable"), due in 500ms
	// attempt 2: hello, world
	// a second later: ran 1; done after 2 attempts
}
