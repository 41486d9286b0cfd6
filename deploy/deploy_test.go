// Package deploy_test checks the files operators deploy breakglass with:
// the Grafana dashboard queries only metrics a running daemon serves, the
// container image builds (where Docker runs), and the compose file and
// the systemd unit say what their comments promise.
package deploy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/breakglass-dev/breakglass/internal/daemon"
	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/notify/notifytest"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/sqlite"
)

// metricName finds the metric names in a PromQL expression: ours, and the
// Go and process collectors'.
var metricName = regexp.MustCompile(`\b(?:breakglass|go|process)_[a-zA-Z0-9_:]+`)

// dashboardQueries returns every PromQL expression of the dashboard: its
// panels' targets (nested rows included) and its template variables.
func dashboardQueries(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var dash map[string]any
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var exprs []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if s, ok := val.(string); ok && (k == "expr" || k == "query" && strings.Contains(s, "(")) {
					exprs = append(exprs, s)
				}
				if q, ok := val.(map[string]any); ok && k == "query" {
					if s, ok := q["query"].(string); ok {
						exprs = append(exprs, s)
					}
				}
				walk(val)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(dash)
	return exprs
}

// TestDashboardMetricsExist runs the daemon on the devnet, plays an attack
// so that alerts, incidents, notifications and containment happen, scrapes
// its /metrics (the webhook failing twice), and checks that every metric the Grafana dashboard queries
// is there.
func TestDashboardMetricsExist(t *testing.T) {
	exprs := dashboardQueries(t, filepath.Join("grafana", "breakglass.json"))
	want := map[string]bool{}
	for _, e := range exprs {
		for _, m := range metricName.FindAllString(e, -1) {
			want[m] = true
		}
	}
	if len(exprs) < 10 || len(want) < 10 {
		t.Fatalf("the dashboard has %d queries over %d metrics: the walk found nothing much", len(exprs), len(want))
	}

	dn := devnettest.Start(t)
	sink := notifytest.NewHTTPServer(t)
	// The first notification is retried, the second refused for good, so
	// that the outbox's retries and dead items are counted too.
	sink.Script(notifytest.Response{Status: http.StatusServiceUnavailable}, notifytest.Response{Status: http.StatusBadRequest})
	path := filepath.Join(t.TempDir(), "plan.yaml")
	if err := dn.WritePlanWith(path, devnet.PlanExtras{WebhookURL: sink.URL}); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A heartbeat URL, so that its metrics are served too, and a third RPC
	// endpoint that refuses connections, so that RPC errors are counted.
	httpURL := "      - " + dn.HTTPURL() + "\n"
	if !bytes.Contains(src, []byte(httpURL)) {
		t.Fatalf("the devnet's plan has no line %q", httpURL)
	}
	src = bytes.Replace(src, []byte(httpURL), []byte(httpURL+"      - http://127.0.0.1:1\n"), 1)
	hb := notifytest.NewHTTPServer(t)
	src = append(src, fmt.Sprintf("\nheartbeat:\n  url: %s/ping\n  every: 100ms\n", hb.URL)...)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "bg.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addr := make(chan string, 1)
	d, err := daemon.New(daemon.Config{Plan: p, Store: s, Listen: "127.0.0.1:0", Ready: func(a string) { addr <- a },
		Tick: 100 * time.Millisecond, OutboxPoll: 50 * time.Millisecond, HealthEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	}()
	var api string
	select {
	case api = <-addr:
	case err := <-done:
		t.Fatalf("daemon: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("daemon did not start")
	}
	res, err := dn.RunScenario(ctx, devnet.ScenarioReentrancy)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		have := scrape(t, "http://"+api+"/metrics")
		missing := missingFrom(want, have)
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dashboard queries metrics the daemon does not serve (exploit in block %d): %s\nserved: %s",
				res.Block, strings.Join(missing, ", "), strings.Join(sorted(have), " "))
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("%d queries over %d metrics, all served", len(exprs), len(want))
}

// scrape returns the names of the families and samples /metrics serves.
func scrape(t *testing.T, url string) map[string]bool {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			have[strings.Fields(rest)[0]] = true
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		name := line
		if i := strings.IndexAny(line, "{ "); i >= 0 {
			name = line[:i]
		}
		have[name] = true
	}
	return have
}

func missingFrom(want, have map[string]bool) []string {
	var out []string
	for m := range want {
		if !have[m] {
			out = append(out, m)
		}
	}
	sort.Strings(out)
	return out
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestDockerImage builds the image from the Dockerfile and runs its
// `version`. It needs a running Docker daemon and skips, saying so,
// where there is none (CI has none).
func TestDockerImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the container image")
	}
	docker, err := exec.LookPath("docker")
	if err != nil {
		t.Skip("skipped: no docker command on this machine; build the image with `docker build -t breakglass .`")
	}
	if out, err := exec.Command(docker, "info", "--format", "{{.ServerVersion}}").CombinedOutput(); err != nil {
		t.Skipf("skipped: docker is installed but no Docker daemon answers (%s); build the image with `docker build -t breakglass .` where one runs", strings.TrimSpace(string(out)))
	}
	tag := fmt.Sprintf("breakglass:test-%d", time.Now().UnixNano())
	build := exec.Command(docker, "build", "--build-arg", "VERSION=v0.0.0-test", "-t", tag, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command(docker, "rmi", "-f", tag).Run() })
	out, err := exec.Command(docker, "run", "--rm", tag, "version", "--json").Output()
	if err != nil {
		t.Fatalf("docker run %s version: %v", tag, err)
	}
	var v struct{ Version string }
	if err := json.Unmarshal(out, &v); err != nil || v.Version != "v0.0.0-test" {
		t.Errorf("version in the image: %s (%v), want v0.0.0-test", out, err)
	}
	user, err := exec.Command(docker, "image", "inspect", "--format", "{{.Config.User}}", tag).Output()
	if err != nil {
		t.Fatal(err)
	}
	if u := strings.TrimSpace(string(user)); u == "" || u == "root" || u == "0" || strings.HasPrefix(u, "0:") {
		t.Errorf("the image runs as %q, want a non-root user", u)
	}
	if _, err := exec.Command(docker, "compose", "version").Output(); err == nil {
		cfg := exec.Command(docker, "compose", "-f", "../compose.yaml", "config", "--quiet")
		if out, err := cfg.CombinedOutput(); err != nil {
			t.Errorf("docker compose config: %v\n%s", err, out)
		}
	}
}

// TestComposeFile checks compose.yaml without Docker: PostgreSQL, a devnet
// writing its plan to the shared volume, and two daemons reading that plan
// from it, on PostgreSQL, each on its own API port.
func TestComposeFile(t *testing.T) {
	b, err := os.ReadFile("../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string   `yaml:"image"`
			Command     []string `yaml:"command"`
			Volumes     []string `yaml:"volumes"`
			NetworkMode string   `yaml:"network_mode"`
			DependsOn   map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	dn, ok := c.Services["devnet"]
	if !ok || !slices.Contains(dn.Command, "devnet") {
		t.Fatalf("no devnet service running `breakglass devnet`: %+v", dn)
	}
	planOut := dn.Command[slices.Index(dn.Command, "--plan-out")+1]
	if _, ok := c.Services["postgres"]; !ok {
		t.Fatal("no postgres service")
	}
	var daemons, ports []string
	for name, s := range c.Services {
		if len(s.Command) == 0 || s.Command[0] != "run" {
			continue
		}
		daemons = append(daemons, name)
		arg := func(flag string) string {
			i := slices.Index(s.Command, flag)
			if i < 0 || i+1 >= len(s.Command) {
				t.Fatalf("%s: no %s", name, flag)
			}
			return s.Command[i+1]
		}
		if arg("--plan") != planOut {
			t.Errorf("%s reads the plan %s, the devnet writes %s", name, arg("--plan"), planOut)
		}
		if !strings.HasPrefix(arg("--db"), "postgres://") || strings.Contains(arg("--db"), ":breakglass-local-only@") {
			t.Errorf("%s: --db %s: want a postgres:// URL without its password", name, arg("--db"))
		}
		ports = append(ports, arg("--listen"))
		if s.NetworkMode != "service:devnet" {
			t.Errorf("%s: network_mode %q: the devnet's RPC is on its 127.0.0.1", name, s.NetworkMode)
		}
		if s.DependsOn["devnet"].Condition != "service_healthy" || s.DependsOn["postgres"].Condition != "service_healthy" {
			t.Errorf("%s does not wait for the devnet's plan and PostgreSQL: %+v", name, s.DependsOn)
		}
	}
	if len(daemons) != 2 {
		t.Fatalf("daemons %v, want two", daemons)
	}
	if ports[0] == ports[1] {
		t.Errorf("both daemons listen on %s in one network namespace", ports[0])
	}
}

// TestSystemdUnit checks that the unit restarts the daemon, reads its
// secrets from an EnvironmentFile and keeps its hardening.
func TestSystemdUnit(t *testing.T) {
	b, err := os.ReadFile("breakglass.service")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string][]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok && !strings.HasPrefix(line, "#") {
			have[k] = append(have[k], v)
		}
	}
	for _, tc := range []struct{ key, want string }{
		{"Restart", "always"},
		{"DynamicUser", "yes"},
		{"NoNewPrivileges", "yes"},
		{"ProtectSystem", "strict"},
		{"ProtectHome", "yes"},
		{"PrivateTmp", "yes"},
		{"CapabilityBoundingSet", ""},
		{"EnvironmentFile", "/etc/breakglass/breakglass.env"},
	} {
		if !slices.Contains(have[tc.key], tc.want) {
			t.Errorf("%s=%v, want %q", tc.key, have[tc.key], tc.want)
		}
	}
	exec := strings.Join(have["ExecStart"], " ")
	if !strings.Contains(exec, " run --plan ") || regexp.MustCompile(`postgres://[^@/]*:[^@/]*@`).MatchString(exec) {
		t.Errorf("ExecStart=%s: want `run --plan` and no password in the command line", exec)
	}
}
