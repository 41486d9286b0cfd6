package daemon_test

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestContainmentReadinessAlarm starts the daemon with a guardian key that
// holds no PAUSER_ROLE and no ether: the check at start simulates the
// plan's automatic pause from it, finds the revert, and the internal
// channel is told at once, before any exploit needs the pause (before, the
// first sign was the failed pause itself). With the real guardian nothing
// is raised.
func TestContainmentReadinessAlarm(t *testing.T) {
	dn := devnettest.Start(t)
	sink := signedSink(t)
	// The real guardian: ready, nothing raised.
	good := writePlan(t, dn, sink.URL)
	s := storetest.SQLite(t, store.Options{})
	stop := start(t, good, s, nil)
	time.Sleep(2 * time.Second)
	stop()
	for _, r := range sink.Requests() {
		if strings.Contains(string(r.Body), "Containment not ready") {
			t.Fatalf("raised with the real guardian: %s", r.Body)
		}
	}

	// A guardian key without the role: raised at start, with the reason.
	bad := writePlan(t, dn, sink.URL)
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(filepath.Dir(bad.Path), "keys", "guardian.key")
	if err := os.WriteFile(keyFile, []byte(hex.EncodeToString(crypto.FromECDSA(k))+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s2 := storetest.SQLite(t, store.Options{})
	stop = start(t, bad, s2, nil)
	defer stop()
	var body string
	waitFor(t, "the not-ready alarm", 20*time.Second, func() bool {
		for _, r := range sink.Requests() {
			if strings.Contains(string(r.Body), "Containment not ready") {
				body = string(r.Body)
				return true
			}
		}
		return false
	})
	if !strings.Contains(body, "pool pause through guardian") || !strings.Contains(body, "would revert") || !strings.Contains(body, crypto.PubkeyToAddress(k.PublicKey).Hex()) {
		t.Errorf("alarm does not say what and why: %s", body)
	}
	if strings.Contains(body, hex.EncodeToString(crypto.FromECDSA(k))) {
		t.Fatal("the key was sent")
	}
}
