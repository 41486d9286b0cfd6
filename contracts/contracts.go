// Package contracts embeds the compiled artifacts of the breakglass demo
// protocol (contracts/src, built by contracts/build.js with solc-js) and of the
// audited Safe v1.4.1 contracts, so the Go code deploys and decodes them
// without a compiler. Go bindings generated from the same artifacts with
// go-ethereum's abigen v2 are in the bindings subpackage.
//
// The demo LendingPool is deliberately vulnerable (see its BUG comments);
// deploy it on throwaway test chains only.
package contracts

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

//go:generate go run ./internal/cmd/bindgen -artifacts artifacts -out bindings

//go:embed artifacts/*.json
var artifactFiles embed.FS

// ErrUnknown is returned for a contract name that has no artifact.
var ErrUnknown = errors.New("unknown contract")

// Artifact is one compiled contract.
type Artifact struct {
	// Name is the contract name, e.g. "LendingPool".
	Name string
	// ABI is the parsed contract ABI.
	ABI abi.ABI
	// ABIJSON is the ABI as JSON, as solc wrote it.
	ABIJSON []byte
	// Bytecode is the creation code, without constructor arguments.
	Bytecode []byte
	// DeployedBytecode is the runtime code. Immutable variables are left as
	// zeros, so it equals the code on chain only for contracts without them.
	DeployedBytecode []byte
}

// file is the JSON layout of artifacts/<Name>.json.
type file struct {
	ContractName     string          `json:"contractName"`
	ABI              json.RawMessage `json:"abi"`
	Bytecode         string          `json:"bytecode"`
	DeployedBytecode string          `json:"deployedBytecode"`
}

// Names lists the contracts with an artifact, sorted.
func Names() []string {
	entries, err := fs.ReadDir(artifactFiles, "artifacts")
	if err != nil {
		// The directory is embedded at build time; it cannot be missing.
		panic(fmt.Sprintf("contracts: embedded artifacts: %v", err))
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".json"); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// JSON returns the raw artifact file of the named contract: an object with
// contractName, abi, bytecode and deployedBytecode (0x-prefixed hex). It is
// a valid ABI source wherever a plan accepts a solc artifact.
func JSON(name string) ([]byte, error) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, fmt.Errorf("contract %q: %w", name, ErrUnknown)
	}
	raw, err := artifactFiles.ReadFile(path.Join("artifacts", name+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("contract %q: %w (known: %s)", name, ErrUnknown, strings.Join(Names(), ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("read artifact %s: %w", name, err)
	}
	return raw, nil
}

// Load returns the parsed artifact of the named contract.
func Load(name string) (Artifact, error) {
	raw, err := JSON(name)
	if err != nil {
		return Artifact{}, err
	}
	var f file
	if err := json.Unmarshal(raw, &f); err != nil {
		return Artifact{}, fmt.Errorf("parse artifact %s: %w", name, err)
	}
	parsed, err := abi.JSON(bytes.NewReader(f.ABI))
	if err != nil {
		return Artifact{}, fmt.Errorf("parse ABI of %s: %w", name, err)
	}
	code, err := hexutil.Decode(f.Bytecode)
	if err != nil {
		return Artifact{}, fmt.Errorf("decode bytecode of %s: %w", name, err)
	}
	deployed, err := hexutil.Decode(f.DeployedBytecode)
	if err != nil {
		return Artifact{}, fmt.Errorf("decode deployed bytecode of %s: %w", name, err)
	}
	return Artifact{
		Name:             f.ContractName,
		ABI:              parsed,
		ABIJSON:          []byte(f.ABI),
		Bytecode:         code,
		DeployedBytecode: deployed,
	}, nil
}
