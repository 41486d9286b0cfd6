package respond

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/breakglass-dev/breakglass/internal/audit"
	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/respond/txmgr"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// Defaults of Config.
const (
	DefaultLeaseFor      = 2 * time.Minute
	DefaultHandleTimeout = 90 * time.Second
)

// Actor is the timeline actor of what breakglass does by itself.
const Actor = incident.System

// Config is what a Responder works with.
type Config struct {
	Plan  *plan.Plan
	Store store.Store
	// Incidents records steps on incident timelines and moves incidents
	// to contained.
	Incidents *incident.Manager
	// Templates render the signature requests to Safe signers.
	Templates *notify.Templates
	Executors Executors
	Log       *slog.Logger
	// Now is the clock [time.Now].
	Now func() time.Time
	// LeaseFor is how long an action being carried out is left to the
	// process that started it before another may take it over [2m].
	LeaseFor time.Duration
	// HandleTimeout bounds one outbox attempt; a transaction still pending
	// then is resumed by the next attempt [90s].
	HandleTimeout time.Duration
	// OnSent, if set, is called when a transaction of an action is first
	// broadcast (for metrics and the demo's output).
	OnSent func(actionID int64, tx common.Hash, at time.Time)
}

// Responder proposes, approves and carries out containment actions.
type Responder struct {
	cfg Config
}

// New returns a responder.
func New(cfg Config) (*Responder, error) {
	if cfg.Plan == nil || cfg.Store == nil || cfg.Incidents == nil || cfg.Templates == nil || cfg.Executors == nil {
		return nil, errors.New("respond: plan, store, incident manager, templates and executors are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.LeaseFor <= 0 {
		cfg.LeaseFor = DefaultLeaseFor
	}
	if cfg.HandleTimeout <= 0 {
		cfg.HandleTimeout = DefaultHandleTimeout
	}
	return &Responder{cfg: cfg}, nil
}

// Respond proposes the response actions of every incident the incident
// manager opened or fed with a block's alerts, inside the block's
// transaction, and cancels the containment not yet sent of incidents a
// reorg left without an alert (Outcome.Retracted). A proposal is the
// response of each alert's detector, under the policy of the incident's
// severity as it now is (the highest of its alerts). An action already
// proposed or done for the same target is not proposed again; one still
// waiting for approval runs at once if the incident's severity now lets it
// run without a human.
func (r *Responder) Respond(ctx context.Context, tx store.Tx, outcomes []incident.Outcome) error {
	type pair struct{ incident, detector string }
	proposed := map[pair]bool{}
	var incidents []string
	// read: each incident as last read in tx (proposing changes no
	// incident); opened: the incidents this batch opened.
	read := map[string]store.Incident{}
	opened := map[string]bool{}
	for _, o := range outcomes {
		if o.Retracted {
			// Every alert of the incident left the canonical chain.
			if err := r.cancelUnsent(ctx, tx, o.IncidentID); err != nil {
				return fmt.Errorf("incident %s: %w", o.IncidentID, err)
			}
			continue
		}
		if o.IncidentID == "" || o.Inhibited || proposed[pair{o.IncidentID, o.Detector}] {
			continue
		}
		proposed[pair{o.IncidentID, o.Detector}] = true
		if !slices.Contains(incidents, o.IncidentID) {
			incidents = append(incidents, o.IncidentID)
		}
		if o.Opened {
			opened[o.IncidentID] = true
		}
		inc, err := tx.Incident(ctx, o.IncidentID)
		if err != nil {
			return fmt.Errorf("incident %s: %w", o.IncidentID, err)
		}
		read[o.IncidentID] = inc
		if o.Detector == "" {
			_, err = r.Propose(ctx, tx, inc, nil)
		} else {
			_, err = r.propose(ctx, tx, inc, r.cfg.Plan.Detector(o.Detector), o.Detector, nil, o.Tx != "")
		}
		if err != nil {
			return err
		}
	}
	// The earlier proposals of an incident whose severity rose. An
	// incident this batch opened has none: its every action was proposed
	// just now, under the severity it has.
	for _, id := range incidents {
		if opened[id] {
			continue
		}
		if err := r.reconsider(ctx, tx, read[id]); err != nil {
			return err
		}
	}
	return nil
}

// Propose writes the actions refs (nil: the response of the incident's
// first detector) for inc inside tx: each as an action row keyed by
// incident and target and, when the policy lets it run without a human, an
// outbox item that carries it out. It returns the actions that are new.
func (r *Responder) Propose(ctx context.Context, tx store.Tx, inc store.Incident, refs []string) ([]store.Action, error) {
	d, err := incident.ReadDetails(inc)
	if err != nil {
		return nil, err
	}
	if refs == nil {
		refs = d.Response
	}
	return r.propose(ctx, tx, inc, r.cfg.Plan.Detector(d.Detector), d.Detector, refs, false)
}

// propose writes the actions refs (nil: det's response) of detector name
// for inc, under the policy of inc's severity. acted says the alert comes
// from a transaction: a pause already done is then proposed again, since
// the contract was acted on (unpaused since, or never paused): run, it is
// a no-op if the contract is still paused.
func (r *Responder) propose(ctx context.Context, tx store.Tx, inc store.Incident, det *plan.Detector, name string, refs []string, acted bool) ([]store.Action, error) {
	from := ""
	if det != nil {
		from = det.Contract
		if refs == nil {
			refs = det.Response
		}
	}
	auto := r.autoContain(det, inc.Severity)
	var out []store.Action
	for _, ref := range refs {
		spec, err := Resolve(r.cfg.Plan, from, ref)
		if err != nil {
			if _, rerr := r.cfg.Incidents.Record(ctx, tx, inc.ID, Actor, "action.invalid", fmt.Sprintf("response %q cannot be proposed: %v", ref, err), nil, "", nil); rerr != nil {
				return nil, rerr
			}
			continue
		}
		count, roles := r.policy(spec, inc.Severity)
		spec.Params.Auto, spec.Params.Approvals, spec.Params.Roles, spec.Params.Detector = auto, count, roles, name
		acts, err := tx.Actions(ctx, inc.ID)
		if err != nil {
			return nil, fmt.Errorf("incident %s actions: %w", inc.ID, err)
		}
		prev, found := existing(acts, spec)
		if found && acted && spec.Kind == KindPause && (prev.Status == StatusMined || prev.Status == StatusNoop) {
			found = false
		}
		if found {
			// Proposed or done already for this target: never twice. A
			// proposal still waiting runs now if this detector's policy
			// under the incident's severity needs no human.
			if prev.Status == StatusProposed && auto {
				if err := r.autoApprove(ctx, tx, prev, inc, fmt.Sprintf("detector %s asks for it too", name)); err != nil {
					return nil, err
				}
			}
			continue
		}
		key := freeKey(acts, spec.Key())
		a, isNew, err := r.insert(ctx, tx, inc.ID, key, spec)
		if err != nil {
			return nil, err
		}
		if !isNew {
			continue
		}
		out = append(out, a)
		if auto {
			msg := fmt.Sprintf("%s proposed and approved by the plan's auto-containment (detector %s, severity %s): executing through %s", spec.Params.Describe(spec.Network), name, inc.Severity, spec.Executor)
			if err := r.noteOn(ctx, tx, a, &inc, Actor, "proposed", msg, nil, true); err != nil {
				return nil, err
			}
			if err := r.enqueue(ctx, tx, a); err != nil {
				return nil, err
			}
			continue
		}
		msg := fmt.Sprintf("%s proposed: needs %d approval(s) from %s (breakglass action approve %d --as PERSON)", spec.Params.Describe(spec.Network), count, strings.Join(roles, " or "), a.ID)
		if err := r.noteOn(ctx, tx, a, &inc, Actor, "proposed", msg, nil, true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// existing returns the action of acts (an incident's) that already covers
// spec: the same key (unless cancelled), or, for a pause or an unpause,
// one of the same kind on the same contract that neither failed nor was
// cancelled; one still under way before the latest finished one.
func existing(acts []store.Action, spec Spec) (store.Action, bool) {
	target := strings.ToLower(spec.Contract.Address.Hex())
	var last store.Action
	found := false
	for _, a := range acts {
		if a.Status == StatusCancelled {
			continue
		}
		same := a.Key == spec.Key() || strings.HasPrefix(a.Key, spec.Key()+"#")
		if (spec.Kind == KindPause || spec.Kind == KindUnpause) && a.Kind == spec.Kind && a.Network == spec.Network && a.Target == target && a.Status != StatusFailed {
			same = true
		}
		if !same {
			continue
		}
		if !Terminal(a.Status) {
			return a, true // one under way comes first
		}
		last, found = a, true
	}
	return last, found
}

// freeKey returns key, or key#N when an action of that key was already
// stored (a cancelled or failed one) among acts, all of the incident's.
func freeKey(acts []store.Action, key string) string {
	k := key
	for i := 2; slices.ContainsFunc(acts, func(a store.Action) bool { return a.Key == k }); i++ {
		k = fmt.Sprintf("%s#%d", key, i)
	}
	return k
}

// reconsider re-applies the policy to the incident's actions still waiting
// for approval, under its severity as it now is: one that the severity
// (or its detector) lets run without a human is approved and queued.
// Actions people requested keep waiting for people.
// inc is the incident as read in tx.
func (r *Responder) reconsider(ctx context.Context, tx store.Tx, inc store.Incident) error {
	acts, err := tx.Actions(ctx, inc.ID)
	if err != nil {
		return fmt.Errorf("incident %s actions: %w", inc.ID, err)
	}
	for _, a := range acts {
		if a.Status != StatusProposed {
			continue
		}
		p, err := decodeParams(a.Params)
		if err != nil || p.RequestedBy != "" {
			continue
		}
		if !r.autoContain(r.cfg.Plan.Detector(p.Detector), inc.Severity) {
			continue
		}
		if err := r.autoApprove(ctx, tx, a, inc, "the incident is now "+inc.Severity); err != nil {
			return err
		}
	}
	return nil
}

// autoApprove approves a proposed action by the plan's auto-containment
// and queues it, recording why.
func (r *Responder) autoApprove(ctx context.Context, tx store.Tx, a store.Action, inc store.Incident, why string) error {
	p, err := decodeParams(a.Params)
	if err != nil {
		return err
	}
	p.Auto = true
	if a.Params, err = json.Marshal(p); err != nil {
		return fmt.Errorf("encode action params: %w", err)
	}
	a.Status = StatusApproved
	if a, err = tx.UpdateAction(ctx, a); err != nil {
		return err
	}
	msg := fmt.Sprintf("%s approved by the plan's auto-containment (%s; severity %s): executing through %s", p.Describe(a.Network), why, inc.Severity, a.Executor)
	if err := r.noteOn(ctx, tx, a, &inc, Actor, "approved", msg, map[string]any{"auto": true, "severity": inc.Severity}, true); err != nil {
		return err
	}
	return r.enqueue(ctx, tx, a)
}

// cancelUnsent cancels the incident's actions not yet sent: proposed, or
// approved and not yet claimed by an executor. An action already being
// sent is left to finish, and said so.
func (r *Responder) cancelUnsent(ctx context.Context, tx store.Tx, incidentID string) error {
	acts, err := tx.Actions(ctx, incidentID)
	if err != nil {
		return err
	}
	for _, a := range acts {
		switch {
		case a.Status == StatusProposed || a.Status == StatusApproved:
			a.Status, a.Error = StatusCancelled, "every alert of the incident was retracted by a reorg"
			if a, err = tx.UpdateAction(ctx, a); err != nil {
				return err
			}
			if err := r.note(ctx, tx, a, "cancelled", fmt.Sprintf("%s cancelled before it was sent: every alert of the incident was retracted by a reorg", a.Key), nil, true); err != nil {
				return err
			}
		case !Terminal(a.Status):
			if err := r.note(ctx, tx, a, "not_cancelled", fmt.Sprintf("%s is already %s: it is not cancelled; undo it by hand if the attack is gone", a.Key, a.Status), nil, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// autoContain: the detector's auto_contain if set, else the incident's
// severity's.
func (r *Responder) autoContain(det *plan.Detector, severity string) bool {
	if det != nil && det.AutoContain != nil {
		return *det.AutoContain
	}
	if s := r.cfg.Plan.Severity(severity); s != nil {
		return s.AutoContain
	}
	return false
}

// policy returns how many approvals an action needs and from which roles:
// the first rule of the plan's policy that covers the action and the
// severity, else one approval from the incident commander.
func (r *Responder) policy(s Spec, severity string) (int, []string) {
	for _, rule := range r.cfg.Plan.Policy.Approvals {
		if len(rule.Actions) > 0 && !slices.Contains(rule.Actions, s.Name) && !slices.Contains(rule.Actions, s.Contract.Name+"."+s.Name) {
			continue
		}
		if len(rule.Severities) > 0 && !slices.Contains(rule.Severities, severity) {
			continue
		}
		return rule.Count, rule.Roles
	}
	return 1, []string{plan.RoleIncidentCommander}
}

func (r *Responder) insert(ctx context.Context, tx store.Tx, incidentID, key string, s Spec) (store.Action, bool, error) {
	params, err := json.Marshal(s.Params)
	if err != nil {
		return store.Action{}, false, fmt.Errorf("encode action params: %w", err)
	}
	status := StatusProposed
	if s.Params.Auto {
		status = StatusApproved
	}
	a, isNew, err := tx.InsertAction(ctx, store.Action{
		IncidentID: incidentID, Key: key, Kind: s.Kind, Network: s.Network, Target: s.Contract.Address.Hex(),
		Executor: s.Executor, Params: params, Status: status,
	})
	if err != nil {
		return a, false, fmt.Errorf("store action %s: %w", key, err)
	}
	return a, isNew, nil
}

// enqueue queues the action's outbox item. Steps on one target run one
// at a time, in order (two incidents' pauses of one contract: the second
// finds it paused), while steps on different targets run concurrently.
func (r *Responder) enqueue(ctx context.Context, tx store.Tx, a store.Action) error {
	payload, _ := json.Marshal(map[string]int64{"action_id": a.ID})
	_, err := tx.Enqueue(ctx, store.OutboxItem{
		Key: fmt.Sprintf("%s/%d", OutboxKind, a.ID), Kind: OutboxKind, IncidentID: a.IncidentID, Payload: payload,
		Queue: fmt.Sprintf("%s/%s/%s", OutboxKind, a.Network, a.Target),
	})
	if err != nil {
		return fmt.Errorf("queue action %d: %w", a.ID, err)
	}
	return nil
}

// ManualRequest is a person's request for an action, from the command
// line or the API.
type ManualRequest struct {
	// Contract and Action name the plan's contract and its action.
	Contract, Action string
	// IncidentID attaches the action to an incident (optional).
	IncidentID string
	// Person asks for it; their approval counts if they hold a role the
	// policy names.
	Person string
}

// Request stores a manual action inside tx and, if the person's own
// approval is enough, approves it and queues it. A request for an action
// already under way returns that action; one for an action already
// finished stores a new one.
func (r *Responder) Request(ctx context.Context, tx store.Tx, req ManualRequest) (store.Action, error) {
	if r.cfg.Plan.Person(req.Person) == nil {
		return store.Action{}, fmt.Errorf("%w: %q is not a person of the plan", ErrForbidden, req.Person)
	}
	spec, err := Resolve(r.cfg.Plan, req.Contract, req.Action)
	if err != nil {
		return store.Action{}, err
	}
	severity := ""
	if req.IncidentID != "" {
		inc, err := tx.Incident(ctx, req.IncidentID)
		if err != nil {
			return store.Action{}, fmt.Errorf("incident %s: %w", req.IncidentID, err)
		}
		severity = inc.Severity
	}
	spec.Params.Approvals, spec.Params.Roles = r.policy(spec, severity)
	spec.Params.RequestedBy = req.Person
	key := spec.Key()
	for i := 2; ; i++ {
		a, err := tx.ActionByKey(ctx, req.IncidentID, key)
		if errors.Is(err, store.ErrNotFound) {
			break
		}
		if err != nil {
			return a, err
		}
		if !Terminal(a.Status) {
			return a, nil
		}
		key = fmt.Sprintf("%s#%d", spec.Key(), i)
	}
	a, _, err := r.insert(ctx, tx, req.IncidentID, key, spec)
	if err != nil {
		return a, err
	}
	msg := fmt.Sprintf("%s requested by %s: needs %d approval(s) from %s", spec.Params.Describe(spec.Network), req.Person, spec.Params.Approvals, strings.Join(spec.Params.Roles, " or "))
	if err := r.noteAs(ctx, tx, a, req.Person, "proposed", msg, nil, true); err != nil {
		return a, err
	}
	if _, ok := r.heldRole(ctx, tx, a, spec.Params.Roles, req.Person); !ok {
		return a, nil
	}
	_, inc, err := r.load(ctx, tx, a.ID)
	if err != nil {
		return a, err
	}
	if r.cfg.Incidents.Authorize(inc, req.Person, incident.OpActionApprove) != nil {
		return a, nil // they may ask, not approve
	}
	return r.Approve(ctx, tx, a.ID, req.Person)
}

// Approve records person's approval of a proposed action inside tx; once
// the approvals the policy requires are in, the action is approved and
// queued. The person must be allowed to approve containment
// (incident.OpActionApprove: the incident commander or technical lead) and
// hold one of the roles the action's policy names, on the incident or in
// the plan. Approving again is not an error: the action is returned as it
// is. Two approvals at once are serialised on the action's row: the later
// transaction fails with store.ErrConflict (retry it) rather than miss the
// other's approval.
func (r *Responder) Approve(ctx context.Context, tx store.Tx, actionID int64, person string) (store.Action, error) {
	a, inc, err := r.load(ctx, tx, actionID)
	if err != nil {
		return a, err
	}
	if err := r.cfg.Incidents.Authorize(inc, person, incident.OpActionApprove); err != nil {
		return a, err
	}
	aps, err := tx.Approvals(ctx, a.ID)
	if err != nil {
		return a, err
	}
	if slices.ContainsFunc(aps, func(ap store.Approval) bool { return ap.Person == person }) {
		return a, nil // a replay: already counted
	}
	if a.Status != StatusProposed {
		return a, fmt.Errorf("%w: action %d is %s, not waiting for approval", incident.ErrTransition, a.ID, a.Status)
	}
	p, err := decodeParams(a.Params)
	if err != nil {
		return a, err
	}
	role, ok := r.heldRole(ctx, tx, a, p.Roles, person)
	if !ok {
		return a, fmt.Errorf("%w: %s holds none of the roles that may approve action %d (%s)", ErrForbidden, person, a.ID, strings.Join(p.Roles, ", "))
	}
	// Take the action's row first: a concurrent approval now waits for
	// this transaction and then fails its version check, so approvals are
	// counted one transaction at a time.
	if a, err = tx.UpdateAction(ctx, a); err != nil {
		return a, fmt.Errorf("action %d: %w", actionID, err)
	}
	if _, err := tx.AddApproval(ctx, store.Approval{ActionID: a.ID, Person: person, Role: role}); err != nil {
		return a, err
	}
	if aps, err = tx.Approvals(ctx, a.ID); err != nil {
		return a, err
	}
	msg := fmt.Sprintf("%s.%s approved by %s as %s (%d of %d)", p.Contract, p.Action, person, role, len(aps), p.Approvals)
	if len(aps) < p.Approvals {
		return a, r.noteAs(ctx, tx, a, person, "approved", msg, map[string]any{"person": person, "role": role}, true)
	}
	a.Status = StatusApproved
	if a, err = tx.UpdateAction(ctx, a); err != nil {
		return a, err
	}
	if err := r.noteAs(ctx, tx, a, person, "approved", msg+": approved, executing", map[string]any{"person": person, "role": role}, true); err != nil {
		return a, err
	}
	return a, r.enqueue(ctx, tx, a)
}

// Reject withdraws a proposed action inside tx, as person, with the
// reason: it is never sent, and the incident's later alerts do not propose
// it again. Rejecting requires incident.OpActionReject (the incident
// commander or technical lead); rejecting a rejected action again returns
// it unchanged.
func (r *Responder) Reject(ctx context.Context, tx store.Tx, actionID int64, person, reason string) (store.Action, error) {
	a, inc, err := r.load(ctx, tx, actionID)
	if err != nil {
		return a, err
	}
	if err := r.cfg.Incidents.Authorize(inc, person, incident.OpActionReject); err != nil {
		return a, err
	}
	if a.Status == StatusRejected {
		return a, nil
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return a, fmt.Errorf("%w: rejecting an action needs a reason", ErrInvalid)
	}
	if a.Status != StatusProposed {
		return a, fmt.Errorf("%w: action %d is %s; only an action waiting for approval can be rejected", incident.ErrTransition, a.ID, a.Status)
	}
	a.Status, a.Error = StatusRejected, "rejected by "+person+": "+reason
	if a, err = tx.UpdateAction(ctx, a); err != nil {
		return a, fmt.Errorf("action %d: %w", actionID, err)
	}
	msg := fmt.Sprintf("%s rejected by %s: %s", a.Key, person, reason)
	return a, r.noteAs(ctx, tx, a, person, "rejected", msg, map[string]any{"person": person, "reason": reason}, true)
}

// ExecuteAs carries out an approved action now on person's behalf (see
// Execute), once incident.OpActionExecute allows them; the request is
// recorded on the timeline and in the audit log first.
func (r *Responder) ExecuteAs(ctx context.Context, actionID int64, person string) (store.Action, error) {
	var a store.Action
	err := r.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		var inc store.Incident
		var err error
		if a, inc, err = r.load(ctx, tx, actionID); err != nil {
			return err
		}
		if err := r.cfg.Incidents.Authorize(inc, person, incident.OpActionExecute); err != nil {
			return err
		}
		if a.Status == StatusProposed {
			return fmt.Errorf("%w: action %d needs approvals", ErrNotApproved, a.ID)
		}
		if Terminal(a.Status) {
			return nil
		}
		return r.noteAs(ctx, tx, a, person, "execute", fmt.Sprintf("%s: carried out now at the request of %s", a.Key, person), map[string]any{"person": person}, false)
	})
	if err != nil || Terminal(a.Status) {
		return a, err
	}
	return r.Execute(ctx, actionID, false)
}

// load returns an action and its incident (the zero Incident for an
// action outside one).
func (r *Responder) load(ctx context.Context, tx store.Tx, actionID int64) (store.Action, store.Incident, error) {
	a, err := tx.Action(ctx, actionID)
	if err != nil {
		return a, store.Incident{}, fmt.Errorf("action %d: %w", actionID, err)
	}
	if a.IncidentID == "" {
		return a, store.Incident{}, nil
	}
	inc, err := tx.Incident(ctx, a.IncidentID)
	if err != nil {
		return a, inc, fmt.Errorf("action %d: incident %s: %w", actionID, a.IncidentID, err)
	}
	return a, inc, nil
}

// heldRole returns the first of roles person holds, on the action's
// incident or in the plan.
func (r *Responder) heldRole(ctx context.Context, tx store.Tx, a store.Action, roles []string, person string) (string, bool) {
	var incRoles map[string]string
	if a.IncidentID != "" {
		if inc, err := tx.Incident(ctx, a.IncidentID); err == nil {
			incRoles = inc.Roles
		}
	}
	for _, role := range roles {
		if incRoles[role] == person || slices.Contains(r.cfg.Plan.RoleHolders(role), person) {
			return role, true
		}
	}
	return "", false
}

// Handle carries out a "respond" outbox item. It is the outbox.Handler of
// OutboxKind.
func (r *Responder) Handle(ctx context.Context, item store.OutboxItem) (bool, error) {
	var pl struct {
		ActionID int64 `json:"action_id"`
	}
	if err := json.Unmarshal(item.Payload, &pl); err != nil || pl.ActionID == 0 {
		return false, fmt.Errorf("outbox item %s: no action id", item.Key)
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.HandleTimeout)
	defer cancel()
	// A retried item's previous attempt is over (its outcome was recorded
	// or its lease expired): the action may be taken over at once.
	_, err := r.Execute(ctx, pl.ActionID, item.Attempts > 1)
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, store.ErrNotFound), errors.Is(err, ErrNotApproved):
		return false, err
	case errors.Is(err, ErrConfig):
		if aerr := r.alarmConfig(ctx, item, pl.ActionID, err); aerr != nil {
			r.cfg.Log.Error("alarm of a containment blocked by configuration", "action", pl.ActionID, "err", aerr)
		}
	}
	return true, err
}

// alarmConfig tells the plan's internal channels at once that a
// containment step is blocked by configuration, not by the chain: the
// backoff would otherwise keep it quiet until the step is given up. Each
// distinct error of an action is told once.
func (r *Responder) alarmConfig(ctx context.Context, item store.OutboxItem, actionID int64, cause error) error {
	sum := sha256.Sum256([]byte(cause.Error()))
	msg := notify.Message{
		Key: fmt.Sprintf("containment-config/%d/%s", actionID, hex.EncodeToString(sum[:6])), Event: notify.ContainmentNotReady,
		Audience: notify.Internal, IncidentID: item.IncidentID, Severity: "critical",
		Title: fmt.Sprintf("Containment blocked by configuration (action %d, attempt %d)", actionID, item.Attempts),
		Body:  cause.Error() + "\nFix the executor's key or keystore; the step is retried, and at once when breakglass restarts.",
		Time:  r.cfg.Now().UTC(),
	}
	return r.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		return notify.EnqueueInternal(ctx, tx, item.IncidentID, r.cfg.Plan.Channels, "", msg)
	})
}

// Execute carries out an approved action: the checks before sending (a
// pause of a paused contract is a no-op; an upgrade's implementation must
// have code and the expected hash), the simulation from the executor's
// address, then the executor. A failed simulation fails the action; an
// error return leaves it to be resumed (the outbox retries). takeover lets
// it take an action another process started without waiting for its lease
// to expire, when that process is known to be gone.
func (r *Responder) Execute(ctx context.Context, id int64, takeover bool) (store.Action, error) {
	a, err := r.claim(ctx, id, takeover)
	if err != nil || Terminal(a.Status) {
		return a, err
	}
	p, err := decodeParams(a.Params)
	if err != nil {
		return a, r.fail(ctx, a.ID, err.Error(), nil)
	}
	be, err := r.cfg.Executors.Backend(ctx, a.Network)
	if err != nil {
		return a, fmt.Errorf("action %d: network %s: %w", a.ID, a.Network, err)
	}
	ex, err := r.cfg.Executors.Executor(ctx, a.Executor, a.Network)
	if errors.Is(err, ErrInvalid) {
		// The plan cannot carry it out (no such executor, wrong network):
		// retrying will not help.
		ferr := r.fail(ctx, a.ID, fmt.Sprintf("executor %s: %v", a.Executor, err), nil)
		a, _ = r.cfg.Store.Action(ctx, a.ID)
		return a, ferr
	}
	if err != nil {
		// A secret that cannot be read now (an unset variable, a missing
		// file) may be fixed: the outbox retries.
		return a, fmt.Errorf("action %d: executor %s: %w: %w", a.ID, a.Executor, ErrConfig, err)
	}
	for attempt := 0; attempt < 3; attempt++ {
		resuming, err := r.resuming(ctx, a.ID)
		if err != nil {
			return a, err
		}
		if !resuming {
			done, err := r.prepare(ctx, a.ID, p, be, ex)
			if err != nil || done {
				a, _ = r.cfg.Store.Action(ctx, a.ID)
				return a, err
			}
		}
		rec := r.recorder(a.ID)
		note := func(ctx context.Context, s Step) error {
			return r.cfg.Store.Tx(ctx, func(tx store.Tx) error { return rec(ctx, tx, s) })
		}
		var sent func(common.Hash)
		if r.cfg.OnSent != nil {
			sent = func(h common.Hash) { r.cfg.OnSent(a.ID, h, r.cfg.Now()) }
		}
		var minTipNow func(context.Context) *big.Int
		if p.MinTip != "" {
			id := a.ID
			minTipNow = func(ctx context.Context) *big.Int {
				cur, err := r.cfg.Store.Action(ctx, id)
				if err != nil {
					return nil
				}
				var cp Params
				if json.Unmarshal(cur.Params, &cp) != nil {
					return nil
				}
				return cp.MinTipWei()
			}
		}
		out, err := ex.Execute(ctx, Request{ActionID: a.ID, Call: p.Call(), Record: rec, Note: note, Sent: sent, MinTip: p.MinTipWei(), MinTipNow: minTipNow})
		if errors.Is(err, ErrDisplaced) {
			continue
		}
		if errors.Is(err, ErrRejected) || errors.Is(err, ErrInvalid) {
			ferr := r.fail(ctx, a.ID, err.Error(), nil)
			cur, _ := r.cfg.Store.Action(ctx, a.ID)
			return cur, ferr
		}
		if err != nil {
			cur, _ := r.cfg.Store.Action(ctx, a.ID)
			return cur, fmt.Errorf("action %d: %w", a.ID, err)
		}
		return r.finish(ctx, a.ID, p, be, out)
	}
	ferr := r.fail(ctx, a.ID, "the executor's transactions were displaced three times by other transactions of the same key", nil)
	a, _ = r.cfg.Store.Action(ctx, a.ID)
	return a, ferr
}

// claim takes the action's lease: approved → executing, or an action
// another process started if it may be taken over.
func (r *Responder) claim(ctx context.Context, id int64, takeover bool) (store.Action, error) {
	var out store.Action
	err := r.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		a, err := tx.Action(ctx, id)
		if err != nil {
			return fmt.Errorf("action %d: %w", id, err)
		}
		out = a
		switch {
		case Terminal(a.Status):
			return nil
		case a.Status == StatusProposed:
			return fmt.Errorf("%w: action %d needs approvals", ErrNotApproved, id)
		case a.Status == StatusApproved:
			a.Status = StatusExecuting
		case !takeover && r.cfg.Now().Sub(a.UpdatedAt) < r.cfg.LeaseFor:
			return fmt.Errorf("%w (action %d is %s since %s)", ErrBusy, id, a.Status, a.UpdatedAt.UTC().Format(time.RFC3339))
		}
		out, err = tx.UpdateAction(ctx, a)
		return err
	})
	return out, err
}

// resuming reports whether transactions of the action were recorded and
// not displaced: then the executor resumes them, and the checks before
// sending (which would now see the action's own effect) are skipped.
func (r *Responder) resuming(ctx context.Context, id int64) (bool, error) {
	sent, err := r.cfg.Store.SentTxs(ctx, store.SentTxFilter{ActionID: id})
	if err != nil {
		return false, fmt.Errorf("action %d: read sent transactions: %w", id, err)
	}
	for _, s := range sent {
		if s.Status != txmgr.StatusDropped {
			return true, nil
		}
	}
	return false, nil
}

// prepare runs the checks and the simulation; done is true when the
// action ended there (no-op or failed).
func (r *Responder) prepare(ctx context.Context, id int64, p Params, be Backend, ex Executor) (done bool, err error) {
	switch {
	case p.Upgrade != nil:
		if err := checkUpgrade(ctx, be, p); err != nil {
			return true, r.fail(ctx, id, err.Error(), nil)
		}
	case p.isPause() || p.isUnpause():
		if isPaused, ok := paused(ctx, be, p.To); ok && isPaused == p.isPause() {
			state := "paused"
			if !isPaused {
				state = "not paused"
			}
			return true, r.noop(ctx, id, p, fmt.Sprintf("%s is already %s: nothing to do", p.Contract, state))
		}
	}
	sim := simulate(ctx, be, r.contractABI(p.Contract), ex.From(), p.Call())
	simJSON, _ := json.Marshal(sim)
	if sim.OK {
		msg := fmt.Sprintf("simulated %s from %s (%s): succeeds, %d gas", p.Signature, ex.From().Hex(), ex.Describe(), sim.Gas)
		return false, r.update(ctx, id, func(a *store.Action) { a.Simulation = simJSON }, "simulated", msg, map[string]any{"simulation": sim}, false)
	}
	switch {
	case sim.Error == "EnforcedPause" && p.isPause():
		return true, r.noop(ctx, id, p, p.Contract+" is already paused: nothing to do")
	case sim.Error == "ExpectedPause" && p.isUnpause():
		return true, r.noop(ctx, id, p, p.Contract+" is not paused: nothing to do")
	}
	msg := fmt.Sprintf("simulation of %s from %s (%s) reverts: %s; nothing was sent", p.Signature, ex.From().Hex(), ex.Describe(), sim.Reason)
	return true, r.fail(ctx, id, msg, simJSON)
}

func (p Params) isPause() bool   { return strings.HasPrefix(p.Signature, "pause(") }
func (p Params) isUnpause() bool { return strings.HasPrefix(p.Signature, "unpause(") }

func (r *Responder) contractABI(name string) *abi.ABI {
	if c := r.cfg.Plan.Contract(name); c != nil && c.ABI != nil {
		return &c.ABI.Parsed
	}
	return nil
}

// finish records what the executor did.
func (r *Responder) finish(ctx context.Context, id int64, p Params, be Backend, out Outcome) (store.Action, error) {
	var a store.Action
	err := r.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		var err error
		if a, err = tx.Action(ctx, id); err != nil {
			return err
		}
		switch {
		case out.Proposal != nil:
			a.Status = StatusAwaitingSignatures
			if a, err = tx.UpdateAction(ctx, a); err != nil {
				return err
			}
			return r.requestSignatures(ctx, tx, a, p, out.Proposal)
		case out.Receipt == nil:
			return errors.New("the executor returned neither a receipt nor a proposal")
		case out.Receipt.Status != types.ReceiptStatusSuccessful && p.isPause() && pausedNow(ctx, be, p.To):
			// Another transaction (a person, another tool, a Safe) paused
			// the contract while ours was in flight: the pause is done
			// whoever sent it.
			a.Status, a.TxHash = StatusNoop, out.Receipt.TxHash.Hex()
			msg := fmt.Sprintf("%s was paused by another transaction while ours was in flight; ours (%s) reverted in block %d", p.Contract, out.Receipt.TxHash.Hex(), out.Receipt.BlockNumber.Uint64())
			if a, err = tx.UpdateAction(ctx, a); err != nil {
				return err
			}
			if err := r.note(ctx, tx, a, "noop", msg, nil, true); err != nil {
				return err
			}
			if a.IncidentID != "" {
				return r.contain(ctx, tx, a, msg)
			}
			return nil
		case out.Receipt.Status != types.ReceiptStatusSuccessful:
			a.Status, a.TxHash = StatusFailed, out.Receipt.TxHash.Hex()
			a.Error = fmt.Sprintf("transaction %s reverted in block %d", out.Receipt.TxHash.Hex(), out.Receipt.BlockNumber.Uint64())
			if a, err = tx.UpdateAction(ctx, a); err != nil {
				return err
			}
			return r.note(ctx, tx, a, "failed", fmt.Sprintf("%s.%s failed: %s", p.Contract, p.Action, a.Error), nil, true)
		}
		a.Status, a.TxHash, a.Error = StatusMined, out.Receipt.TxHash.Hex(), ""
		if p.Upgrade != nil && p.Proxy != nil {
			impl, err := implementationOf(ctx, be, *p.Proxy)
			if err != nil {
				return fmt.Errorf("read the implementation of %s: %w", p.Proxy.Hex(), err)
			}
			if impl != p.Upgrade.Implementation {
				a.Status = StatusFailed
				a.Error = fmt.Sprintf("upgrade mined in block %d but proxy %s points to %s, not %s", out.Receipt.BlockNumber.Uint64(), p.Proxy.Hex(), impl.Hex(), p.Upgrade.Implementation.Hex())
				if a, err = tx.UpdateAction(ctx, a); err != nil {
					return err
				}
				return r.note(ctx, tx, a, "failed", a.Error, nil, true)
			}
			if err := r.note(ctx, tx, a, "verified", fmt.Sprintf("proxy %s now runs implementation %s", p.Proxy.Hex(), impl.Hex()), nil, false); err != nil {
				return err
			}
		}
		if a, err = tx.UpdateAction(ctx, a); err != nil {
			return err
		}
		if p.isPause() && a.IncidentID != "" {
			return r.contain(ctx, tx, a, fmt.Sprintf("%s paused in block %d (tx %s)", p.Contract, out.Receipt.BlockNumber.Uint64(), out.Receipt.TxHash.Hex()))
		}
		return nil
	})
	if err != nil {
		return a, fmt.Errorf("action %d: record outcome: %w", id, err)
	}
	return a, nil
}

// contain moves the incident to contained once its contract is paused:
// by its pause being mined, or found already paused.
func (r *Responder) contain(ctx context.Context, tx store.Tx, a store.Action, reason string) error {
	inc, err := tx.Incident(ctx, a.IncidentID)
	if err != nil {
		return err
	}
	if incident.CheckTransition(inc.Status, incident.Contained) != nil {
		return nil
	}
	_, err = r.cfg.Incidents.SetStatus(ctx, tx, a.IncidentID, incident.Contained, Actor, reason)
	return err
}

// noop records that the action had nothing to do; a pause found already
// done contains its incident all the same.
func (r *Responder) noop(ctx context.Context, id int64, p Params, msg string) error {
	return r.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		a, err := tx.Action(ctx, id)
		if err != nil {
			return err
		}
		a.Status = StatusNoop
		if a, err = tx.UpdateAction(ctx, a); err != nil {
			return err
		}
		if err := r.note(ctx, tx, a, "noop", msg, nil, true); err != nil {
			return err
		}
		if p.isPause() && a.IncidentID != "" {
			return r.contain(ctx, tx, a, msg)
		}
		return nil
	})
}

func (r *Responder) fail(ctx context.Context, id int64, msg string, sim json.RawMessage) error {
	return r.update(ctx, id, func(a *store.Action) {
		a.Status, a.Error = StatusFailed, msg
		if sim != nil {
			a.Simulation = sim
		}
	}, "failed", msg, nil, true)
}

// update changes the action and records a step, in one transaction.
func (r *Responder) update(ctx context.Context, id int64, change func(*store.Action), kind, msg string, data map[string]any, notifyIt bool) error {
	return r.cfg.Store.Tx(ctx, func(tx store.Tx) error {
		a, err := tx.Action(ctx, id)
		if err != nil {
			return err
		}
		change(&a)
		if a, err = tx.UpdateAction(ctx, a); err != nil {
			return err
		}
		return r.note(ctx, tx, a, kind, msg, data, notifyIt)
	})
}

// recorder returns the Recorder of the action's executor steps: each is
// recorded, and a submitted or replaced transaction is written on the
// action.
func (r *Responder) recorder(id int64) Recorder {
	return func(ctx context.Context, tx store.Tx, s Step) error {
		a, err := tx.Action(ctx, id)
		if err != nil {
			return err
		}
		if (s.Kind == txmgr.EventSubmitted || s.Kind == txmgr.EventReplaced) && s.TxHash != (common.Hash{}) {
			a.Status, a.TxHash, a.Nonce = StatusSubmitted, s.TxHash.Hex(), s.Nonce
			if a, err = tx.UpdateAction(ctx, a); err != nil {
				return err
			}
		}
		data := map[string]any{}
		if s.TxHash != (common.Hash{}) {
			data["tx"] = s.TxHash.Hex()
		}
		if s.Nonce != nil {
			data["nonce"] = *s.Nonce
		}
		if s.Block != 0 {
			data["block"] = s.Block
		}
		for k, v := range s.Fields {
			data[k] = v
		}
		notifyIt := s.Kind == txmgr.EventSubmitted || s.Kind == txmgr.EventMined || s.Kind == txmgr.EventReverted || s.Kind == txmgr.EventFeeCap
		return r.note(ctx, tx, a, s.Kind, s.Message, data, notifyIt)
	}
}

// note records a step of action a by breakglass.
func (r *Responder) note(ctx context.Context, tx store.Tx, a store.Action, kind, msg string, data map[string]any, notifyIt bool) error {
	return r.noteAs(ctx, tx, a, Actor, kind, msg, data, notifyIt)
}

// noteAs records a step on the action's incident timeline (with its audit
// entry, and a notification when notifyIt), or in the audit log alone for
// an action outside an incident.
func (r *Responder) noteAs(ctx context.Context, tx store.Tx, a store.Action, actor, kind, msg string, data map[string]any, notifyIt bool) error {
	return r.noteOn(ctx, tx, a, nil, actor, kind, msg, data, notifyIt)
}

// noteOn is noteAs given the action's incident as read in tx and not
// changed since (nil: read it).
func (r *Responder) noteOn(ctx context.Context, tx store.Tx, a store.Action, inc *store.Incident, actor, kind, msg string, data map[string]any, notifyIt bool) error {
	if data == nil {
		data = map[string]any{}
	}
	data["action_id"], data["action"], data["status"] = a.ID, a.Key, a.Status
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode step: %w", err)
	}
	if a.IncidentID == "" {
		_, err := tx.AppendAudit(ctx, audit.Record{Actor: actor, Action: "action." + kind, Subject: fmt.Sprintf("action:%d", a.ID), Payload: raw})
		return err
	}
	var ev notify.Event
	var details []notify.Field
	if notifyIt {
		ev = notify.ActionUpdate
		details = []notify.Field{{Name: "Action", Value: a.Key}, {Name: "Action status", Value: string(a.Status)}}
		if a.TxHash != "" {
			details = append(details, notify.Field{Name: "Action tx", Value: a.TxHash})
		}
	}
	if inc != nil && inc.ID == a.IncidentID {
		_, err = r.cfg.Incidents.RecordOn(ctx, tx, *inc, actor, "action."+kind, msg, raw, ev, details)
	} else {
		_, err = r.cfg.Incidents.Record(ctx, tx, a.IncidentID, actor, "action."+kind, msg, raw, ev, details)
	}
	return err
}

// requestSignatures tells the Safe owners whose keys are not held here,
// on the channels where the plan can reach them, the safeTxHash and what
// they are signing.
func (r *Responder) requestSignatures(ctx context.Context, tx store.Tx, a store.Action, p Params, pr *Proposal) error {
	var missing []plan.Person
	for _, person := range r.cfg.Plan.People {
		if person.Signer != nil && slices.Contains(pr.Owners, *person.Signer) && !slices.Contains(pr.Signed, *person.Signer) {
			missing = append(missing, person)
		}
	}
	var names []string
	for _, m := range missing {
		names = append(names, fmt.Sprintf("%s (%s)", m.Name, m.Signer.Hex()))
	}
	where := "not posted to a Safe Transaction Service (none in the plan): sign the safeTxHash and send the signature to the incident commander"
	if pr.ServiceURL != "" {
		where = "proposed to the Safe Transaction Service " + pr.ServiceURL + ": confirm it in your Safe app"
	}
	text := fmt.Sprintf("Safe %s needs %d more signature(s) (threshold %d, %d signed here) to run %s. Sign safeTxHash %s (Safe nonce %d, to %s, value %s, data %x, operation CALL); %s. Signers asked: %s.",
		pr.Safe.Hex(), pr.Threshold-len(pr.Signed), pr.Threshold, len(pr.Signed), p.Describe(a.Network), pr.SafeTxHash.Hex(), pr.Nonce,
		pr.Call.To.Hex(), pr.Call.Value, pr.Call.Data, where, strings.Join(names, ", "))
	details := []notify.Field{
		{Name: "safeTxHash", Value: pr.SafeTxHash.Hex()},
		{Name: "Safe", Value: pr.Safe.Hex()},
		{Name: "Safe nonce", Value: fmt.Sprint(pr.Nonce)},
		{Name: "To", Value: pr.Call.To.Hex()},
		{Name: "Data", Value: fmt.Sprintf("0x%x", pr.Call.Data)},
		{Name: "Signers", Value: strings.Join(names, ", ")},
	}
	data := map[string]any{"safe_tx_hash": pr.SafeTxHash.Hex(), "safe": pr.Safe.Hex(), "safe_nonce": pr.Nonce, "signers": names, "service": pr.ServiceURL}
	if err := r.note(ctx, tx, a, "signatures_requested", text, data, false); err != nil {
		return err
	}
	view := notify.Incident{ID: fmt.Sprintf("action %d", a.ID), Title: p.Describe(a.Network), Severity: "critical", Network: a.Network, Contract: p.Contract}
	if a.IncidentID != "" {
		inc, err := tx.Incident(ctx, a.IncidentID)
		if err != nil {
			return err
		}
		view = r.cfg.Incidents.View(inc)
	}
	for _, m := range missing {
		view.Signers = append(view.Signers, m.Name)
	}
	key := fmt.Sprintf("safe/%s/%d", pr.SafeTxHash.Hex(), a.ID)
	for _, ch := range r.signerChannels(missing) {
		msg, err := r.cfg.Templates.Render(key, notify.SignatureRequest, notify.Internal, notify.Data{
			Event: notify.SignatureRequest, Incident: view, Actor: Actor, Text: text, Details: details, Time: r.cfg.Now(),
		})
		if err != nil {
			return err
		}
		if _, err := notify.Enqueue(ctx, tx, a.IncidentID, ch, msg); err != nil {
			return err
		}
	}
	return nil
}

// signerChannels returns the internal channels of a type on which one of
// the people has a contact, or every internal channel if none.
func (r *Responder) signerChannels(people []plan.Person) []string {
	var typed, all []string
	for _, c := range r.cfg.Plan.Channels {
		if c.Audience == plan.AudienceExternal {
			continue
		}
		all = append(all, c.Name)
		for _, p := range people {
			if contactFor(p.Contacts, c.Type) != "" {
				typed = append(typed, c.Name)
				break
			}
		}
	}
	if len(typed) > 0 {
		return typed
	}
	return all
}

func contactFor(c plan.Contacts, channelType string) string {
	switch channelType {
	case plan.ChannelSlack:
		return c.Slack
	case plan.ChannelDiscord:
		return c.Discord
	case plan.ChannelTelegram:
		return c.Telegram
	case plan.ChannelEmail:
		return c.Email
	case plan.ChannelPagerDuty:
		return c.PagerDuty
	}
	return ""
}
