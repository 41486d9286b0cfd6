package incident

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/breakglass-dev/breakglass/internal/store"
)

// Summary is an incident as lists show it (JSON for the API and --json).
type Summary struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Type       string            `json:"type"`
	Severity   string            `json:"severity"`
	Status     Status            `json:"status"`
	Network    string            `json:"network"`
	Contract   string            `json:"contract"`
	Roles      map[string]string `json:"roles"`
	PlanHash   string            `json:"plan_hash"`
	AlertCount int               `json:"alert_count"`
	// Detectors and Types are those of every alert of the incident.
	Detectors []string `json:"detectors"`
	Types     []string `json:"types"`
	// FalsePositive says a person dismissed the incident as a false
	// positive.
	FalsePositive bool `json:"false_positive,omitempty"`
	// AlertsRetracted says that a reorg retracted every alert of the
	// incident: nothing on the canonical chain supports it now.
	AlertsRetracted bool            `json:"alerts_retracted,omitempty"`
	OpenedAt        time.Time       `json:"opened_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
	ClosedAt        *time.Time      `json:"closed_at,omitempty"`
	Details         json.RawMessage `json:"details,omitempty"`
}

// Summarize converts a stored incident.
func Summarize(inc store.Incident) Summary {
	s := Summary{
		ID: inc.ID, Title: inc.Title, Type: inc.Type, Severity: inc.Severity, Status: inc.Status,
		Network: inc.Network, Contract: inc.Contract, Roles: inc.Roles, PlanHash: inc.PlanHash,
		AlertCount: inc.AlertCount, OpenedAt: inc.OpenedAt.UTC(), UpdatedAt: inc.UpdatedAt.UTC(), Details: inc.Details,
	}
	if !inc.ClosedAt.IsZero() {
		t := inc.ClosedAt.UTC()
		s.ClosedAt = &t
	}
	d, err := ReadDetails(inc)
	if err != nil {
		return s
	}
	s.AlertsRetracted = !d.AllRetractedAt.IsZero()
	s.FalsePositive = d.Dismissed != nil
	s.Detectors, s.Types = d.Detectors, d.Types
	if len(s.Detectors) == 0 && d.Detector != "" {
		// written before the list was kept
		s.Detectors = []string{d.Detector}
	}
	if len(s.Types) == 0 && inc.Type != "" {
		s.Types = []string{inc.Type}
	}
	return s
}

// Event is a timeline event as shown.
type Event struct {
	Time    time.Time       `json:"time"`
	Actor   string          `json:"actor"`
	Kind    string          `json:"kind"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// AlertView is an alert as shown on its incident.
type AlertView struct {
	ID        int64           `json:"id"`
	Detector  string          `json:"detector"`
	Severity  string          `json:"severity"`
	Block     uint64          `json:"block"`
	BlockHash string          `json:"block_hash"`
	Tx        string          `json:"tx,omitempty"`
	LogIndex  int64           `json:"log_index"`
	Contract  string          `json:"contract"`
	Summary   string          `json:"summary"`
	Fields    json.RawMessage `json:"fields,omitempty"`
	Retracted bool            `json:"retracted"`
}

// ActionView is a containment action as shown on its incident.
type ActionView struct {
	ID       int64              `json:"id"`
	Key      string             `json:"key"`
	Kind     string             `json:"kind"`
	Target   string             `json:"target"`
	Executor string             `json:"executor"`
	Status   store.ActionStatus `json:"status"`
	TxHash   string             `json:"tx_hash,omitempty"`
	Error    string             `json:"error,omitempty"`
	Updated  time.Time          `json:"updated_at"`
}

// Delivery is a notification's state as shown on its incident.
type Delivery struct {
	Key       string             `json:"key"`
	Kind      string             `json:"kind"`
	Status    store.OutboxStatus `json:"status"`
	Attempts  int                `json:"attempts"`
	LastError string             `json:"last_error,omitempty"`
	NotBefore time.Time          `json:"not_before"`
}

// Record is everything known of one incident: what `incident show` and the
// API's GET return.
type Record struct {
	Incident   Summary      `json:"incident"`
	Timeline   []Event      `json:"timeline"`
	Alerts     []AlertView  `json:"alerts"`
	Actions    []ActionView `json:"actions"`
	Deliveries []Delivery   `json:"deliveries"`
}

// Load reads an incident's record.
func Load(ctx context.Context, r store.Reader, id string) (Record, error) {
	inc, err := r.Incident(ctx, id)
	if err != nil {
		return Record{}, fmt.Errorf("incident %s: %w", id, err)
	}
	rec := Record{Incident: Summarize(inc), Timeline: []Event{}, Alerts: []AlertView{}, Actions: []ActionView{}, Deliveries: []Delivery{}}
	tl, err := r.Timeline(ctx, id)
	if err != nil {
		return rec, fmt.Errorf("incident %s timeline: %w", id, err)
	}
	for _, e := range tl {
		rec.Timeline = append(rec.Timeline, Event{Time: e.Time.UTC(), Actor: e.Actor, Kind: e.Kind, Message: e.Message, Data: e.Data})
	}
	as, err := r.Alerts(ctx, store.AlertFilter{IncidentID: id, WithRetracted: true})
	if err != nil {
		return rec, fmt.Errorf("incident %s alerts: %w", id, err)
	}
	for _, a := range as {
		rec.Alerts = append(rec.Alerts, AlertView{ID: a.ID, Detector: a.Detector, Severity: a.Severity, Block: a.BlockNumber, BlockHash: a.BlockHash, Tx: a.TxHash, LogIndex: a.LogIndex, Contract: a.Contract, Summary: a.Summary, Fields: a.Fields, Retracted: a.Retracted()})
	}
	acts, err := r.Actions(ctx, id)
	if err != nil {
		return rec, fmt.Errorf("incident %s actions: %w", id, err)
	}
	for _, a := range acts {
		rec.Actions = append(rec.Actions, ActionView{ID: a.ID, Key: a.Key, Kind: a.Kind, Target: a.Target, Executor: a.Executor, Status: a.Status, TxHash: a.TxHash, Error: a.Error, Updated: a.UpdatedAt.UTC()})
	}
	items, err := r.OutboxItems(ctx, store.OutboxFilter{IncidentID: id})
	if err != nil {
		return rec, fmt.Errorf("incident %s deliveries: %w", id, err)
	}
	for _, it := range items {
		rec.Deliveries = append(rec.Deliveries, Delivery{Key: it.Key, Kind: it.Kind, Status: it.Status, Attempts: it.Attempts, LastError: it.LastError, NotBefore: it.NotBefore.UTC()})
	}
	return rec, nil
}
