package incident

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Details are the attributes of an incident the store keeps as JSON: where
// it started, acknowledgement, escalation and notification state, and what
// later stages (forensics, obligations) record. Unknown keys written by a
// newer version are kept.
type Details struct {
	FirstBlock uint64 `json:"first_block,omitempty"`
	FirstTx    string `json:"first_tx,omitempty"`
	// FirstBlockTime is the time of the first alert's block: time to detect
	// runs from it.
	FirstBlockTime time.Time `json:"first_block_time,omitzero"`
	FirstAlertAt   time.Time `json:"first_alert_at,omitzero"`
	LastAlertAt    time.Time `json:"last_alert_at,omitzero"`
	// Detector is the detector of the first alert.
	Detector string `json:"detector,omitempty"`
	// Response lists the contract actions the detector asked for.
	Response []string `json:"response,omitempty"`
	// StatusAt records when each status was first reached.
	StatusAt map[Status]time.Time `json:"status_at,omitempty"`
	// AckedBy is who acknowledged.
	AckedBy string `json:"acked_by,omitempty"`
	// EscalationStep counts escalation steps taken.
	EscalationStep int `json:"escalation_step,omitempty"`
	// LastNotifiedAt is when the last "still firing" notification was sent.
	LastNotifiedAt time.Time `json:"last_notified_at,omitzero"`
	// Inhibited counts alerts held back by this incident.
	Inhibited int `json:"inhibited,omitempty"`
	// Retracted counts alerts of this incident dropped by reorgs.
	Retracted int `json:"retracted,omitempty"`
	// AllRetractedAt is when the last of the incident's alerts was dropped
	// by a reorg: nothing on the canonical chain supports it any more. It
	// is cleared when one of its alerts comes back.
	AllRetractedAt time.Time `json:"all_retracted_at,omitzero"`
	// AnnouncedAt is when the incident was first told to external
	// audiences (its first public status update); external channels hear
	// nothing else of an incident before.
	AnnouncedAt time.Time `json:"announced_at,omitzero"`
	// Detectors and Types are the detectors and incident types of every
	// alert linked to the incident (joined or held back), sorted.
	Detectors []string `json:"detectors,omitempty"`
	Types     []string `json:"types,omitempty"`
	// Dismissed is set when a person dismissed the incident as a false
	// positive: no later alert joins it or is held back by it.
	Dismissed *Dismissal `json:"dismissed,omitempty"`

	extra map[string]json.RawMessage
}

var knownKeys = []string{"first_block", "first_tx", "first_block_time", "first_alert_at", "last_alert_at", "detector", "response", "status_at", "acked_by", "escalation_step", "last_notified_at", "inhibited", "retracted", "all_retracted_at", "announced_at", "detectors", "types", "dismissed"}

// Dismissal records who dismissed an incident as a false positive, when and
// why.
type Dismissal struct {
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// addAlert records an alert's detector and incident type among the
// incident's.
func (d *Details) addAlert(detector, typ string) {
	d.Detectors = addSorted(d.Detectors, detector)
	d.Types = addSorted(d.Types, typ)
}

func addSorted(list []string, v string) []string {
	if v == "" || slices.Contains(list, v) {
		return list
	}
	list = append(list, v)
	slices.Sort(list)
	return list
}

// ReadDetails decodes an incident's details.
func ReadDetails(inc store.Incident) (Details, error) {
	var d Details
	if len(inc.Details) == 0 {
		return d, nil
	}
	if err := json.Unmarshal(inc.Details, &d); err != nil {
		return d, fmt.Errorf("incident %s: decode details: %w", inc.ID, err)
	}
	if err := json.Unmarshal(inc.Details, &d.extra); err != nil {
		return d, fmt.Errorf("incident %s: decode details: %w", inc.ID, err)
	}
	for _, k := range knownKeys {
		delete(d.extra, k)
	}
	return d, nil
}

// WriteDetails encodes d into inc, keeping keys it does not know.
func WriteDetails(inc *store.Incident, d Details) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	if len(d.extra) > 0 {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		for k, v := range d.extra {
			m[k] = v
		}
		if b, err = json.Marshal(m); err != nil {
			return err
		}
	}
	inc.Details = b
	return nil
}
