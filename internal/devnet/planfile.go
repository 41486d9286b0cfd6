package devnet

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"text/template"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
	"github.com/breakglass-dev/breakglass/examples/demo"
)

// planTemplate is the plan WritePlan writes (examples/demo/plan.yaml): the
// devnet's network, the demo protocol's contracts with their ABIs, the
// guardian key and the Safe as executors, a small team, detectors for the
// three scenarios and, when asked, the extras of PlanExtras.
var planTemplate = template.Must(template.New("plan.yaml").Funcs(template.FuncMap{
	"quote": yamlQuote,
}).Parse(demo.PlanTemplate))

// yamlQuote renders s as a double-quoted YAML scalar (a JSON string is one).
func yamlQuote(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// PlanExtras are optional sections of the plan WritePlanWith writes; the
// zero value writes the plan of WritePlan.
type PlanExtras struct {
	// WebhookURL, when set, adds a webhook channel "war-room" (internal
	// audience) that POSTs every notification there.
	WebhookURL string
	// WebhookSecretFile is the file holding the webhook's signing secret,
	// relative to the plan's directory (e.g. keys/webhook.secret); the plan
	// refers to it as file:PATH. The caller writes that file. It needs
	// WebhookURL.
	WebhookSecretFile string
	// GroupByContract groups alerts into incidents by contract and
	// incident type.
	GroupByContract bool
	// Obligations adds the reporting obligations of the demo: DORA, the
	// SEC's 8-K and the FBI's IC3.
	Obligations bool
	// Mempool turns on pre-execution protection on the devnet network
	// (networks[].mempool), with a 50 gwei cap on the containment's
	// priority fee.
	Mempool bool
	// APITokens gives alice, bob and carol API tokens (the war room's
	// sign-in), read from keys/NAME.token next to the plan; the caller
	// writes those files.
	APITokens bool
}

// planData is what planTemplate is executed with.
type planData struct {
	PlanFile  string
	ChainID   int
	HTTPURL   string
	WSURL     string
	D         Deployment
	Threshold int
	Extras    PlanExtras
}

// planABIs are the ABI files written next to the plan.
var planABIs = map[string]string{
	"LendingPool.json":     bindings.LendingPoolMetaData.ABI,
	"StableToken.json":     bindings.StableTokenMetaData.ABI,
	"CollateralToken.json": bindings.CollateralTokenMetaData.ABI,
	"SimpleAMM.json":       bindings.SimpleAMMMetaData.ABI,
	"FlashLender.json":     bindings.FlashLenderMetaData.ABI,
}

// WritePlan writes a ready plan file for this devnet at path, and next to
// it the ABIs it references (abi/*.json) and the TEST ONLY key files of the
// guardian and of two Safe owners (keys/*.key, mode 0600), which the plan
// names with file: references. Existing files are replaced.
func (d *Devnet) WritePlan(path string) error {
	return d.WritePlanWith(path, PlanExtras{})
}

// WritePlanWith is WritePlan with the optional sections of extras added to
// the plan.
func (d *Devnet) WritePlanWith(path string, extras PlanExtras) error {
	if extras.WebhookSecretFile != "" && extras.WebhookURL == "" {
		return fmt.Errorf("write plan %s: a webhook secret file (%s) needs a webhook URL", path, extras.WebhookSecretFile)
	}
	dir := filepath.Dir(path)
	for _, sub := range []string{"abi", "keys"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("write plan %s: %w", path, err)
		}
	}
	for name, abiJSON := range planABIs {
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, []byte(abiJSON), "", "  "); err != nil {
			return fmt.Errorf("write plan %s: ABI %s: %w", path, name, err)
		}
		pretty.WriteByte('\n')
		if err := os.WriteFile(filepath.Join(dir, "abi", name), pretty.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write plan %s: %w", path, err)
		}
	}
	keys := map[string][]byte{
		"guardian.key":     crypto.FromECDSA(d.keys.Guardian),
		"safe-owner-1.key": crypto.FromECDSA(d.keys.SafeOwners[0]),
		"safe-owner-2.key": crypto.FromECDSA(d.keys.SafeOwners[1]),
	}
	for name, key := range keys {
		file := filepath.Join(dir, "keys", name)
		if err := os.WriteFile(file, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
			return fmt.Errorf("write plan %s: %w", path, err)
		}
		// WriteFile keeps the mode of a file that existed.
		if err := os.Chmod(file, 0o600); err != nil {
			return fmt.Errorf("write plan %s: %w", path, err)
		}
	}
	var buf bytes.Buffer
	err := planTemplate.Execute(&buf, planData{
		PlanFile:  filepath.Base(path),
		ChainID:   ChainID,
		HTTPURL:   d.HTTPURL(),
		WSURL:     d.WSURL(),
		D:         d.deploy,
		Threshold: SafeThreshold,
		Extras:    extras,
	})
	if err != nil {
		return fmt.Errorf("write plan %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write plan %s: %w", path, err)
	}
	return nil
}
