package daemon_test

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/daemon/daemontest"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/respond/executors"
	"github.com/breakglass-dev/breakglass/internal/respond/key"
	"github.com/breakglass-dev/breakglass/internal/respond/presign"
	"github.com/breakglass-dev/breakglass/internal/respond/safe"
	"github.com/breakglass-dev/breakglass/internal/respond/safe/safetest"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestPresignedStockAlarm: the daemon watches the Safe's pre-signed stock
// after each block. Signed and valid, nothing is raised and the metrics say
// one ready, two valid; once the Safe's owners change, the internal channel
// is asked to re-sign, once however many blocks follow, and the problem
// metric says so.
func TestPresignedStockAlarm(t *testing.T) {
	dn := devnettest.Start(t)
	sink := notifytest.NewHTTPServer(t)
	p := writePlan(t, dn, sink.URL)
	s := storetest.SQLite(t, store.Options{})
	ctx := context.Background()
	dep, keys := dn.Deployment(), dn.Keys()
	reg := executors.New(p, s, executors.Options{})
	defer reg.Close()
	rows, err := presign.Prepare(ctx, p, reg, s, "safe", 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, k := range keys.SafeOwners[:2] {
			sig, err := safe.Sign(key.NewSigner(k), common.HexToHash(r.SafeTxHash))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := presign.AddSignature(ctx, p, reg, s, r.ID, sig.Bytes); err != nil {
				t.Fatal(err)
			}
		}
	}

	d, _, stop := daemontest.Start(t, daemon.Config{Log: testLog(), Plan: p, Store: s, Listen: "off", LeaseTTL: 3 * time.Second})
	defer stop()
	waitFor(t, "the stock's metrics", 20*time.Second, func() bool {
		m := gauges(t, d, "breakglass_presigned_", "valid", "ready", "problems")
		return m["breakglass_presigned_ready"] == 1 && m["breakglass_presigned_valid"] == 2 && m["breakglass_presigned_problems"] == 0
	})
	alarms := func() []string {
		var out []string
		for _, r := range sink.Requests() {
			if strings.Contains(string(r.Body), "needs re-signing") {
				out = append(out, string(r.Body))
			}
		}
		return out
	}
	if a := alarms(); len(a) != 0 {
		t.Fatalf("raised with a valid stock: %v", a)
	}

	newOwner := common.HexToAddress("0x000000000000000000000000000000000000a11c")
	safetest.Exec(t, dn.Client(), dep.Safe, keys.SafeOwners[:2], keys.Guardian, dep.Safe, bindings.NewSafeL2().PackAddOwnerWithThreshold(newOwner, big.NewInt(2)))
	waitFor(t, "the re-signing request", 20*time.Second, func() bool { return len(alarms()) > 0 })
	body := alarms()[0]
	for _, want := range []string{"Pre-signed pause stock of safe needs re-signing", "owners of Safe " + dep.Safe.Hex() + " changed", newOwner.Hex(), "breakglass presign"} {
		if !strings.Contains(body, want) {
			t.Errorf("the alarm lacks %q: %s", want, body)
		}
	}
	if m := gauges(t, d, "breakglass_presigned_", "valid", "ready", "problems"); m["breakglass_presigned_problems"] != 1 {
		t.Errorf("metrics after the owner change: %v", m)
	}
	// More blocks, the same problem: told once.
	var last uint64
	for range 3 {
		last = safetest.Send(t, dn.Client(), keys.Users[0], common.HexToAddress("0x000000000000000000000000000000000000dEaD"), nil).BlockNumber.Uint64()
	}
	waitFor(t, "the blocks processed", 20*time.Second, func() bool {
		c, err := s.Cursor(ctx, "devnet")
		return err == nil && c.BlockNumber >= last
	})
	time.Sleep(500 * time.Millisecond)
	items, err := s.OutboxItems(ctx, store.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if strings.HasPrefix(it.Key, "presigned-invalid/") {
			n++
		}
	}
	if n != 1 || len(alarms()) != 1 {
		t.Fatalf("%d re-signing items, %d delivered; want each once", n, len(alarms()))
	}
}

// gauges reads the daemon's gauges prefix+name, summed over their labels,
// by their full names.
func gauges(t *testing.T, d *daemon.Daemon, prefix string, names ...string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, n := range names {
		out[prefix+n] = metricBy(t, d, prefix+n, "")[""]
	}
	return out
}
