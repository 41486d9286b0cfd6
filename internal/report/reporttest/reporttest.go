// Package reporttest builds the fixtures the report packages' tests share:
// a plan, a real SQLite store with an injected clock, an incident manager,
// and a fixed incident record (an exploit, its detection, acknowledgement,
// pause, analysis, updates and resolution) whose every time is known.
package reporttest

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/respond"
	"github.com/breakglass-dev/breakglass/internal/store"
	"github.com/breakglass-dev/breakglass/internal/store/storetest"
)

// Addresses and hashes of the fixed incident.
const (
	Vault     = "0x00000000000000000000000000000000000000aa"
	Attacker  = "0xbad0000000000000000000000000000000000002"
	USDC      = "0x000000000000000000000000000000000000c0c0"
	ExploitTx = "0x1111111111111111111111111111111111111111111111111111111111111111"
	PauseTx   = "0x2222222222222222222222222222222222222222222222222222222222222222"
	// ExploitBlock is the exploit's block number.
	ExploitBlock = 19_000_000
	// Secret strings that must never reach an external audience.
	InternalNote = "attacker funds moved through 0xfeed00000000000000000000000000000000beef, ask Binance to freeze"
)

// Times of the fixed incident (UTC). Start is a Thursday.
var (
	ExploitAt = time.Date(2026, 3, 5, 9, 59, 48, 0, time.UTC)
	Start     = time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
)

// Fixture is a store, a plan and a manager sharing one clock.
type Fixture struct {
	Store     store.Store
	Plan      *plan.Plan
	Manager   *incident.Manager
	Templates *notify.Templates
	Clock     *storetest.Clock
	// Path is the SQLite file (open it as "sqlite:"+Path).
	Path   string
	opened int
}

func dur(s string) plan.Duration {
	d, err := plan.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Plan returns the test plan: people and roles (legal and communications
// leads included), severities with a post-mortem requirement and an update
// cadence, internal and external channels, a detector, a runbook, and one
// obligation of each built-in rule.
func Plan() *plan.Plan {
	return &plan.Plan{
		Version:   1,
		Name:      "Acme Lending",
		Hash:      "9f2c1a7e5b3d4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f",
		Networks:  []plan.Network{{Name: "mainnet", ChainID: 1}},
		Contracts: []plan.Contract{{Name: "vault", Network: "mainnet", Address: common.HexToAddress(Vault)}},
		People:    []plan.Person{{Name: "alice"}, {Name: "bob"}, {Name: "carol"}, {Name: "erin"}, {Name: "lena"}},
		Roles: map[string]plan.Role{
			plan.RoleIncidentCommander:  {Primary: "alice", Backups: []string{"bob"}},
			plan.RoleTechnicalLead:      {Primary: "carol"},
			plan.RoleCommunicationsLead: {Primary: "erin"},
			plan.RoleLegalLead:          {Primary: "lena"},
		},
		Severities: []plan.Severity{
			{Name: "critical", AckWithin: dur("5m"), RequiresPostmortem: true, UpdateEvery: dur("1h")},
			{Name: "high", AckWithin: dur("15m"), UpdateEvery: dur("4h")},
			{Name: "medium"},
			{Name: "low"},
		},
		Channels: []plan.Channel{
			{Name: "ops-slack", Type: plan.ChannelSlack, Audience: plan.AudienceInternal},
			{Name: "legal-email", Type: plan.ChannelEmail, Audience: plan.AudienceInternal},
			{Name: "status-page", Type: plan.ChannelWebhook, Audience: plan.AudienceExternal},
		},
		Detectors: []plan.Detector{{Name: "vault-drain", Kind: plan.KindEvent, Description: "Withdraw of more than 5% of the vault's assets in one transaction", Severity: "critical", IncidentType: "exploit", Response: []string{"pause"}}},
		Runbooks: []plan.Runbook{{IncidentType: "exploit", Title: "Exploit in progress", Steps: []plan.Step{
			{Do: "Pause the vault", Owner: plan.RoleTechnicalLead, Within: dur("5m")},
			{Do: "Post a first status update", Owner: plan.RoleCommunicationsLead, Within: dur("30m")},
		}}},
		Obligations: []plan.Obligation{
			{Name: "dora", Rule: plan.RuleDORA, Jurisdiction: "EU", Authority: "BaFin", TimeZone: "Europe/Berlin", Trigger: plan.Trigger{Severities: []string{"critical"}}},
			{Name: "sec", Rule: plan.RuleSEC8K, Jurisdiction: "US", TimeZone: "America/New_York", Trigger: plan.Trigger{MinLossUSD: 1_000_000}},
			{Name: "gdpr", Rule: plan.RuleGDPR, Jurisdiction: "EU", Trigger: plan.Trigger{PersonalData: true}},
			{Name: "ic3", Rule: plan.RuleIC3, Notify: []string{"legal-email"}},
		},
		Incidents: plan.Grouping{GroupWindow: dur("1h"), RepeatInterval: dur("4h")},
	}
}

// New opens a fresh SQLite store in a temporary directory with the clock at
// Start, and a manager of Plan() on it that requires post-mortems as
// report.CanClose does.
func New(t testing.TB) *Fixture {
	t.Helper()
	return NewWithPlan(t, Plan())
}

// NewWithPlan is New with another plan.
func NewWithPlan(t testing.TB, p *plan.Plan) *Fixture {
	t.Helper()
	c := storetest.NewClock(Start)
	path := filepath.Join(t.TempDir(), "breakglass.db")
	s := storetest.OpenSQLite(t, path, store.Options{Now: c.Now})
	tmpl, err := notify.NewTemplates(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := incident.New(p, tmpl, incident.Options{Now: c.Now, CanClose: report.CanClose})
	return &Fixture{Store: s, Plan: p, Manager: m, Templates: tmpl, Clock: c, Path: path}
}

// Tx runs fn in a transaction and fails the test on error.
func (f *Fixture) Tx(t testing.TB, fn func(tx store.Tx) error) {
	t.Helper()
	if err := f.Store.Tx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// Open stores an alert at the clock's time and returns the incident it
// opens (or joins). The first alert is the exploit's (ExploitBlock,
// ExploitTx); later ones are in later blocks.
func (f *Fixture) Open(t testing.TB, severity string) string {
	t.Helper()
	var id string
	block, txHash := uint64(ExploitBlock+f.opened*1000), ExploitTx
	if f.opened > 0 {
		txHash = fmt.Sprintf("0x%064x", block)
	}
	f.opened++
	f.Tx(t, func(tx store.Tx) error {
		a, _, err := tx.InsertAlert(context.Background(), store.Alert{
			Detector: "vault-drain", Severity: severity, IncidentType: "exploit", Network: "mainnet",
			BlockNumber: block, BlockHash: fmt.Sprintf("0x%064x", block), TxHash: txHash, LogIndex: 3,
			Contract: Vault, Summary: "vault drained: 2400000 USDC withdrawn in one transaction",
			Fields: json.RawMessage(`{"amount":"2400000000000","to":"` + Attacker + `"}`),
		})
		if err != nil {
			return err
		}
		out, err := f.Manager.Ingest(context.Background(), tx, []store.Alert{a})
		if err != nil {
			return err
		}
		if len(out) != 1 {
			return fmt.Errorf("alert %d was not ingested", a.ID)
		}
		id = out[0].IncidentID
		return nil
	})
	return id
}

// AnalysisJSON is an `analyze tx --json` document of the exploit.
func AnalysisJSON() []byte {
	return []byte(`{
  "tx": "` + ExploitTx + `",
  "block": 19000000,
  "block_hash": "0x` + fmt.Sprintf("%064x", ExploitBlock) + `",
  "time": "2026-03-05T09:59:48Z",
  "status": "success",
  "from": "` + Attacker + `",
  "to": "` + Vault + `",
  "fee": "1000000",
  "calls": [],
  "reentrancy": [],
  "flows": [{"token": "` + USDC + `", "from": "` + Vault + `", "to": "` + Attacker + `", "amount": "2400000000000"}],
  "balance_changes": [{"address": "` + Vault + `", "token": "` + USDC + `", "delta": "-2400000000000"}],
  "attackers": ["` + Attacker + `"],
  "victims": ["` + Vault + `", "0x00000000000000000000000000000000000000d1", "0x00000000000000000000000000000000000000d2"],
  "loss": {"` + USDC + `": "2400000000000"},
  "loss_usd": "2400000.00",
  "tokens": {"` + USDC + `": {"symbol": "USDC", "decimals": 6}},
  "warnings": []
}`)
}

// PostMortemYAML is the post-mortem fields of the fixed incident.
const PostMortemYAML = `summary: >-
  An attacker drained 2.4M USDC from the vault through a rounding error in
  withdraw(); the vault was paused 4.5 minutes after detection.
root_cause: withdraw() rounded shares down when converting assets, so a withdrawal of 1 wei of shares redeemed a full asset unit.
contributing_factors:
  - The rounding path had no invariant test.
  - The audit scope excluded the share conversion library.
five_whys:
  - Why were funds lost? withdraw() paid out more assets than the shares burned.
  - Why? The share conversion rounded in the user's favour.
  - Why? The library's default rounding mode was used.
  - Why? Nobody reviewed rounding direction per call site.
  - Why? The review checklist has no item for rounding direction.
went_well:
  - The detector fired within one block.
  - The pause was approved and mined in under five minutes.
went_wrong:
  - The first status update took 30 minutes.
lucky:
  - The attacker drained only one of the three vaults.
impact:
  users_affected: 312
  lost:
    - token: "` + USDC + `"
      symbol: USDC
      decimals: 6
      amount: "2400000000000"
  lost_usd: "2400000.00"
  at_risk_usd: "9100000.00"
  loss_confirmed: true
  reputation: Coverage in two newsletters; TVL fell 18% in 24 hours.
action_items:
  - title: Round against the user in every share conversion
    owner: carol
    deadline: 2026-03-20
    status: in-progress
  - title: Add a rounding-direction invariant detector
    owner: alice
    deadline: 2026-03-27
    plan_change: add detector vault-rounding-invariant (invariant on convertToAssets)
plan_changes:
  - Page the legal lead on every critical incident.
public_summary: On 5 March an attacker exploited a rounding error in the vault's withdraw function. The vault was paused within five minutes.
`

// Exploit builds the fixed incident and returns its id: opened at Start by
// the exploit's alert, acknowledged, paused (with an approval), analysed,
// a note, a public update, a post-mortem, eradicated, recovered and
// resolved, then the post-mortem written. The clock ends at
// 2026-03-08T16:00:00Z.
func (f *Fixture) Exploit(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	id := f.Open(t, "critical")
	f.Clock.Set(Start.Add(2 * time.Minute))
	f.Tx(t, func(tx store.Tx) error { _, err := f.Manager.Ack(ctx, tx, id, "alice"); return err })
	f.Clock.Set(Start.Add(3 * time.Minute))
	f.Tx(t, func(tx store.Tx) error {
		a := storetest.PauseAction(id)
		a.Key, a.Target = "pause:mainnet:"+Vault, Vault
		a, _, err := tx.InsertAction(ctx, a)
		if err != nil {
			return err
		}
		if _, err := tx.AddApproval(ctx, store.Approval{ActionID: a.ID, Person: "alice", Role: plan.RoleIncidentCommander, ApprovedAt: f.Clock.Now()}); err != nil {
			return err
		}
		a.Status, a.TxHash = respond.StatusMined, PauseTx
		if _, err := tx.UpdateAction(ctx, a); err != nil {
			return err
		}
		data, _ := json.Marshal(map[string]any{"tx": PauseTx, "block": ExploitBlock + 2})
		_, err = f.Manager.Record(ctx, tx, id, "breakglass", "action", "pause of vault mined in block 19000002", data, "", nil)
		return err
	})
	f.Clock.Set(Start.Add(4*time.Minute + 30*time.Second))
	f.Tx(t, func(tx store.Tx) error {
		_, err := f.Manager.SetStatus(ctx, tx, id, incident.Contained, "carol", "vault paused")
		return err
	})
	f.Clock.Set(Start.Add(10 * time.Minute))
	f.Tx(t, func(tx store.Tx) error { _, err := f.Manager.Note(ctx, tx, id, "carol", InternalNote); return err })
	f.Clock.Set(Start.Add(30 * time.Minute))
	f.Tx(t, func(tx store.Tx) error {
		_, err := report.NewComms(f.Plan, f.Manager, f.Clock.Now, nil).SendUpdate(ctx, tx, id, "erin", "The vault is paused while we investigate. Deposits are safe.")
		return err
	})
	f.Clock.Set(Start.Add(40 * time.Minute))
	f.Tx(t, func(tx store.Tx) error {
		a, err := report.ParseAnalysis("analysis.json", AnalysisJSON())
		if err != nil {
			return err
		}
		return report.AttachAnalysis(ctx, tx, f.Manager, id, "carol", a)
	})
	f.Clock.Set(Start.Add(2 * time.Hour))
	f.Tx(t, func(tx store.Tx) error {
		_, err := f.Manager.SetStatus(ctx, tx, id, incident.Eradicated, "carol", "rounding fixed in v2.1.1")
		return err
	})
	f.Clock.Set(Start.Add(26 * time.Hour))
	f.Tx(t, func(tx store.Tx) error {
		_, err := f.Manager.SetStatus(ctx, tx, id, incident.Recovered, "alice", "vault unpaused with the fix")
		return err
	})
	f.Clock.Set(Start.Add(54 * time.Hour))
	f.Tx(t, func(tx store.Tx) error {
		_, err := f.Manager.SetStatus(ctx, tx, id, incident.Resolved, "alice", "")
		return err
	})
	f.Clock.Set(Start.Add(78 * time.Hour))
	f.Tx(t, func(tx store.Tx) error {
		_, err := report.Edit(ctx, tx, f.Manager, id, "alice", "postmortem.yaml", []byte(PostMortemYAML), f.Clock.Now())
		return err
	})
	return id
}
