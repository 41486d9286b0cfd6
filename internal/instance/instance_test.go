package instance_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/breakglass-dev/breakglass/internal/instance"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv("BG_INSTANCE_CHILD"); dir != "" {
		id, err := instance.Claim(dir, "plan.yaml", "bg.db")
		fmt.Println(id.Name, id.Stable, err == nil)
		if os.Getenv("BG_INSTANCE_HOLD") != "" {
			time.Sleep(time.Minute)
			id.Release()
		}
		return
	}
	os.Exit(m.Run())
}

func child(t *testing.T, dir string, hold bool) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BG_INSTANCE_CHILD="+dir)
	if hold {
		cmd.Env = append(cmd.Env, "BG_INSTANCE_HOLD=1")
	}
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return cmd, strings.TrimSpace(line)
}

// TestClaim: the same scope is the same identity across processes, one
// live process at a time; a killed holder frees it at once; another scope
// or a second live process gets another identity.
func TestClaim(t *testing.T) {
	dir := t.TempDir()
	id, err := instance.Claim(dir, "plan.yaml", "bg.db")
	if err != nil || !id.Stable {
		t.Fatalf("first claim: %+v, %v", id, err)
	}
	same, err := instance.Claim(dir, "plan.yaml", "bg.db")
	if err == nil || same.Stable || same.Name == id.Name {
		t.Fatalf("a second holder in the same process got %+v, %v", same, err)
	}
	other, err := instance.Claim(dir, "plan.yaml", "other.db")
	if err != nil || !other.Stable || other.Name == id.Name {
		t.Fatalf("another database: %+v, %v", other, err)
	}
	other.Release()
	id.Release()

	// A process holds it and is killed (SIGKILL): the next one gets the
	// same identity at once.
	holder, line := child(t, dir, true)
	fields := strings.Fields(line)
	if len(fields) != 3 || fields[1] != "true" || fields[0] != id.Name {
		t.Fatalf("holder: %q, want %s stable", line, id.Name)
	}
	if _, line := child(t, dir, false); strings.Fields(line)[1] != "false" {
		t.Fatalf("a second live process got the stable identity: %q", line)
	}
	if err := holder.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	holder.Wait()
	if _, line := child(t, dir, false); strings.Fields(line)[0] != id.Name {
		t.Fatalf("after the holder's kill -9: %q, want %s", line, id.Name)
	}
}
