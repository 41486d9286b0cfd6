// Package bindgen turns the committed contract artifacts into Go bindings
// with go-ethereum's abigen v2 generator (the code `abigen --v2` runs).
package bindgen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/abigen"
)

// artifact is the part of a contracts/artifacts/<Name>.json file bindgen reads.
type artifact struct {
	ContractName string          `json:"contractName"`
	ABI          json.RawMessage `json:"abi"`
	Bytecode     string          `json:"bytecode"`
}

// Generate reads every <Name>.json artifact in dir and returns the Go source of
// one binding file per contract, keyed by file name (lower-cased contract
// name plus ".go"), all in package pkg.
func Generate(dir, pkg string) (map[string][]byte, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("list artifacts in %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no artifacts in %s", dir)
	}
	sort.Strings(paths)
	files := make(map[string][]byte, len(paths))
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read artifact: %w", err)
		}
		var a artifact
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, fmt.Errorf("parse artifact %s: %w", p, err)
		}
		if a.ContractName == "" || len(a.ABI) == 0 {
			return nil, fmt.Errorf("artifact %s: missing contractName or abi", p)
		}
		code, err := abigen.BindV2([]string{a.ContractName}, []string{string(a.ABI)}, []string{a.Bytecode}, pkg, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("bind %s: %w", a.ContractName, err)
		}
		files[strings.ToLower(a.ContractName)+".go"] = []byte(code)
	}
	return files, nil
}
