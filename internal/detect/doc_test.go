package detect

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// docExample is a ```yaml block of docs/plan.md.
var docExample = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestPlanDoc: every example of docs/plan.md, added to the lending
// example plan, loads and compiles as `plan check` does; and every
// function and construct the page lists is in some example.
func TestPlanDoc(t *testing.T) {
	doc, err := os.ReadFile("../../docs/plan.md")
	if err != nil {
		t.Fatal(err)
	}
	basePath := "../../examples/lending/plan.yaml"
	base, err := os.ReadFile(basePath)
	if err != nil {
		t.Fatal(err)
	}
	examples := docExample.FindAllStringSubmatch(string(doc), -1)
	if len(examples) < 8 {
		t.Fatalf("%d examples in docs/plan.md", len(examples))
	}
	var all strings.Builder
	for i, m := range examples {
		example := m[1]
		all.WriteString(example)
		var root yaml.Node
		if err := yaml.Unmarshal(base, &root); err != nil {
			t.Fatal(err)
		}
		var frag yaml.Node
		if err := yaml.Unmarshal([]byte(example), &frag); err != nil {
			t.Fatalf("example %d is not YAML: %v\n%s", i+1, err, example)
		}
		merge(root.Content[0], frag.Content[0])
		out, err := yaml.Marshal(&root)
		if err != nil {
			t.Fatal(err)
		}
		// written next to the lending plan, so that its ABI paths resolve
		path := filepath.Join(filepath.Dir(basePath), "doc-example.yaml")
		p, err := plan.Parse(path, out)
		if err != nil {
			t.Errorf("example %d does not load:\n%v\n%s", i+1, err, example)
			continue
		}
		for _, err := range Check(p) {
			t.Errorf("example %d does not compile: %v\n%s", i+1, err, example)
		}
	}
	for _, want := range []string{
		"accounts.", "constants:", "units(", "bps(", "pct(", "selector(", "hex(", "word(", "total(",
		"balance(", "contracts.pool.total", "change(", "zscore(", "events_sum(", "events_count(", "outflow(", "tx.events", "tx.calls", "% of", " usdc",
		" blocks)", " 1 day)", "threshold:", "cooldown:", "holds:", "params:",
	} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("no example of docs/plan.md uses %q", want)
		}
	}
}

// merge adds the sections of frag to the plan root: list items are
// appended, mapping entries added.
func merge(root, frag *yaml.Node) {
	for i := 0; i+1 < len(frag.Content); i += 2 {
		key, val := frag.Content[i], frag.Content[i+1]
		found := false
		for j := 0; j+1 < len(root.Content); j += 2 {
			if root.Content[j].Value == key.Value {
				root.Content[j+1].Content = append(root.Content[j+1].Content, val.Content...)
				found = true
			}
		}
		if !found {
			root.Content = append(root.Content, key, val)
		}
	}
}
