package forensics

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// Label names an address the funds trace stops at: an exchange deposit
// address, a bridge, a mixer.
type Label struct {
	Name string `json:"label"`
	// Kind is free text such as exchange, bridge or mixer.
	Kind string `json:"kind,omitempty"`
}

// Labels are labelled addresses.
type Labels map[common.Address]Label

// labelEntry is one label in the JSON list form.
type labelEntry struct {
	Address string `json:"address"`
	Label   string `json:"label"`
	Kind    string `json:"kind"`
}

// LoadLabels reads a labels file: JSON (a list of {address, label, kind},
// or an object from address to {label, kind}) when the name ends in .json
// or the content starts with [ or {, CSV with the columns address,label,kind
// (header optional, kind optional) otherwise.
func LoadLabels(path string) (Labels, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	return ParseLabels(path, data)
}

// ParseLabels parses the content of a labels file named name (used in
// errors, as name:line for CSV).
func ParseLabels(name string, data []byte) (Labels, error) {
	trimmed := bytes.TrimSpace(data)
	if strings.EqualFold(filepath.Ext(name), ".json") || bytes.HasPrefix(trimmed, []byte("[")) || bytes.HasPrefix(trimmed, []byte("{")) {
		return parseLabelsJSON(name, trimmed)
	}
	return parseLabelsCSV(name, data)
}

func parseLabelsJSON(name string, data []byte) (Labels, error) {
	var entries []labelEntry
	if bytes.HasPrefix(data, []byte("{")) {
		var byAddr map[string]Label
		if err := json.Unmarshal(data, &byAddr); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for addr, l := range byAddr {
			entries = append(entries, labelEntry{Address: addr, Label: l.Name, Kind: l.Kind})
		}
	} else if err := json.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := Labels{}
	for i, e := range entries {
		if !common.IsHexAddress(e.Address) {
			return nil, fmt.Errorf("%s: entry %d: address %q is not a 20-byte hex address", name, i+1, e.Address)
		}
		if strings.TrimSpace(e.Label) == "" {
			return nil, fmt.Errorf("%s: entry %d (%s): label is empty", name, i+1, e.Address)
		}
		out[common.HexToAddress(e.Address)] = Label{Name: e.Label, Kind: e.Kind}
	}
	return out, nil
}

func parseLabelsCSV(name string, data []byte) (Labels, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.Comment = '#'
	out := Labels{}
	for first := true; ; first = false {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if first && strings.EqualFold(strings.TrimSpace(rec[0]), "address") {
			continue // header
		}
		if len(rec) < 2 || len(rec) > 3 {
			return nil, fmt.Errorf("%s:%d: want address,label,kind, got %d fields", name, line, len(rec))
		}
		addr := strings.TrimSpace(rec[0])
		if !common.IsHexAddress(addr) {
			return nil, fmt.Errorf("%s:%d: address %q is not a 20-byte hex address", name, line, addr)
		}
		l := Label{Name: strings.TrimSpace(rec[1])}
		if l.Name == "" {
			return nil, fmt.Errorf("%s:%d: label is empty", name, line)
		}
		if len(rec) == 3 {
			l.Kind = strings.TrimSpace(rec[2])
		}
		out[common.HexToAddress(addr)] = l
	}
	return out, nil
}
