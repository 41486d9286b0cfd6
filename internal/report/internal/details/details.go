// Package details reads and writes one top-level key of an incident's
// Details JSON, leaving every other key (the incident package's and other
// stages') byte for byte as it was.
package details

import (
	"encoding/json"
	"fmt"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Get decodes the value under key into v. A missing key leaves v as it is
// and reports false.
func Get(inc store.Incident, key string, v any) (bool, error) {
	if len(inc.Details) == 0 {
		return false, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(inc.Details, &m); err != nil {
		return false, fmt.Errorf("incident %s: decode details: %w", inc.ID, err)
	}
	raw, ok := m[key]
	if !ok || string(raw) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("incident %s: decode details %q: %w", inc.ID, key, err)
	}
	return true, nil
}

// Set encodes v under key in inc.Details.
func Set(inc *store.Incident, key string, v any) error {
	m := map[string]json.RawMessage{}
	if len(inc.Details) > 0 {
		if err := json.Unmarshal(inc.Details, &m); err != nil {
			return fmt.Errorf("incident %s: decode details: %w", inc.ID, err)
		}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("incident %s: encode details %q: %w", inc.ID, key, err)
	}
	m[key] = raw
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("incident %s: encode details: %w", inc.ID, err)
	}
	inc.Details = b
	return nil
}
