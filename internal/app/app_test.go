package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// TestOnlyTheRootBuildsRuntimeParts keeps the composition root the only
// production code that builds the plan's runtime parts: a second place
// that builds an incident manager or executors is how the CLI came to close
// a critical incident without its post-mortem while the API refused it.
func TestOnlyTheRootBuildsRuntimeParts(t *testing.T) {
	builders := map[string]map[string]bool{
		"incident":   {"New": true},
		"executors":  {"New": true},
		"respond":    {"New": true},
		"notify":     {"NewTemplates": true, "Build": true},
		"report":     {"NewComms": true},
		"obligation": {"NewReminders": true},
	}
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		// The root itself, and the test fixtures packages that build a
		// manager of their own on purpose.
		if strings.HasPrefix(rel, "internal/app/") || strings.Contains(rel, "test/") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if builders[pkg.Name][sel.Sel.Name] {
				t.Errorf("%s: %s.%s: build it in internal/app and take it from there", fset.Position(call.Pos()), pkg.Name, sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNewAppliesThePlan checks that the parts New builds follow the plan:
// its template overrides, and the post-mortem gate on closing.
func TestNewAppliesThePlan(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.yaml")
	src := string(plan.Scaffold()) + `
templates:
  - event: incident.opened
    audience: internal
    text: "PLAN OVERRIDE {{.Incident.Title}}"
`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.OpenSQLite(t, filepath.Join(dir, "bg.db"), store.Options{})
	a, err := app.New(p, s, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.Responder == nil || a.Incidents == nil || a.Comms == nil || a.Reminders == nil || a.Executors == nil {
		t.Fatalf("missing parts: %+v", a)
	}
	var d notify.Data
	d.Incident.Title = "vault drained"
	m, err := a.Templates.Render("k", notify.IncidentOpened, notify.Internal, d)
	if err != nil {
		t.Fatal(err)
	}
	if m.Body != "PLAN OVERRIDE vault drained" {
		t.Errorf("body %q: the plan's template override is not used", m.Body)
	}
	noStore, err := app.New(p, nil, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer noStore.Close()
	if noStore.Responder != nil {
		t.Error("a responder without a store")
	}
}
