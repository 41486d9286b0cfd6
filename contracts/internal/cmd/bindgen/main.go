// Command bindgen regenerates contracts/bindings from contracts/artifacts.
// It is run by `go generate ./contracts/...`.
//
//	go run ./internal/cmd/bindgen -artifacts artifacts -out bindings
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/breakglass-dev/breakglass/contracts/internal/bindgen"
)

func main() {
	artifacts := flag.String("artifacts", "artifacts", "directory of <Name>.json artifacts")
	out := flag.String("out", "bindings", "output directory of the Go bindings")
	pkg := flag.String("pkg", "bindings", "Go package name of the bindings")
	flag.Parse()
	if err := run(*artifacts, *out, *pkg); err != nil {
		fmt.Fprintf(os.Stderr, "bindgen: %v\n", err)
		os.Exit(1)
	}
}

func run(artifacts, out, pkg string) error {
	files, err := bindgen.Generate(artifacts, pkg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	old, err := filepath.Glob(filepath.Join(out, "*.go"))
	if err != nil {
		return fmt.Errorf("list %s: %w", out, err)
	}
	for _, p := range old {
		if _, keep := files[filepath.Base(p)]; !keep && !strings.HasSuffix(p, "_test.go") {
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("remove stale binding: %w", err)
			}
		}
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(out, name), src, 0o644); err != nil {
			return fmt.Errorf("write binding: %w", err)
		}
	}
	return nil
}
