package incident

import (
	"fmt"
	"slices"
	"strings"

	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

// The operations a person may be allowed or refused, beyond the incident
// changes (OpAck … OpDismiss): the names Policy.Allow and Manager.Authorize
// take. The API, the CLI and the web page go through the domain calls that
// check them, so that a rule holds on every path.
const (
	// OpRead reads an incident (everyone of the plan).
	OpRead = "read"
	// OpActionPropose asks for a containment action (everyone; the
	// requester's own approval counts only if they may approve).
	OpActionPropose = "action.propose"
	// OpActionApprove, OpActionReject and OpActionExecute decide on and
	// carry out containment: the incident commander or the technical lead
	// (the plan's approval policy applies on top).
	OpActionApprove = "action.approve"
	OpActionReject  = "action.reject"
	OpActionExecute = "action.execute"
	// OpSilence adds or ends a silence (commander or technical lead).
	OpSilence = "silence"
	// OpPostmortem edits the post-mortem or attaches an analysis
	// (everyone).
	OpPostmortem = "postmortem"
	// OpSendUpdate sends an external status update (communications lead,
	// or the commander).
	OpSendUpdate = "update.send"
	// OpObligationFacts and OpObligationDecide record the facts and
	// decisions obligations depend on (legal lead, or the commander).
	OpObligationFacts  = "obligation.facts"
	OpObligationDecide = "obligation.decide"
	// OpObligationSubmit marks a regulatory report submitted (the legal
	// lead; the commander only when the plan names no legal lead).
	OpObligationSubmit = "obligation.submit"
	// OpEvidence exports the evidence bundle (everyone; recorded).
	OpEvidence = "evidence"
)

var (
	commandOrTech = []string{plan.RoleIncidentCommander, plan.RoleTechnicalLead}
	// opRoles are the roles that may do each operation; an operation not
	// listed is open to every person of the plan.
	opRoles = map[string][]string{
		OpAssign:           commandOrTech,
		OpSeverity:         commandOrTech,
		OpStatus:           commandOrTech,
		OpDismiss:          commandOrTech,
		OpActionApprove:    commandOrTech,
		OpActionReject:     commandOrTech,
		OpActionExecute:    commandOrTech,
		OpSilence:          commandOrTech,
		OpSendUpdate:       {plan.RoleCommunicationsLead, plan.RoleIncidentCommander},
		OpObligationFacts:  {plan.RoleLegalLead, plan.RoleIncidentCommander},
		OpObligationDecide: {plan.RoleLegalLead, plan.RoleIncidentCommander},
		OpObligationSubmit: {plan.RoleLegalLead},
	}
	openOps = []string{OpAck, OpNote, OpRead, OpActionPropose, OpPostmortem, OpEvidence}
)

// Policy says who may do what, from the plan's people and roles: a person
// holds a role when the incident assigns it to them, or when the plan names
// them its primary or a backup. It is the one place these rules live; the
// incident manager, the responder and the report package ask it, and the
// API maps its refusals (ErrForbidden) to 403.
type Policy struct {
	plan *plan.Plan
}

// NewPolicy returns the policy of p.
func NewPolicy(p *plan.Plan) *Policy { return &Policy{plan: p} }

// Roles returns the roles that may do op, nil when every person of the
// plan may. An operation whose roles the plan names nobody for falls back
// to the incident commander.
func (p *Policy) Roles(op string) []string {
	rs, ok := opRoles[op]
	if !ok {
		return nil
	}
	for _, r := range rs {
		if _, defined := p.plan.Roles[r]; defined {
			return rs
		}
	}
	return []string{plan.RoleIncidentCommander}
}

// Holds returns the first of roles person holds on inc (nil: no incident)
// or in the plan.
func (p *Policy) Holds(inc *store.Incident, person string, roles []string) (string, bool) {
	for _, r := range roles {
		if inc != nil && inc.Roles[r] == person {
			return r, true
		}
		if slices.Contains(p.plan.RoleHolders(r), person) {
			return r, true
		}
	}
	return "", false
}

// Allow returns nil when person may do op on inc (nil for an operation not
// tied to an incident, e.g. a silence), else an error wrapping ErrForbidden
// that says why. An unknown operation is refused. breakglass itself
// (System) may do what every person may, nothing that needs a role.
func (p *Policy) Allow(inc *store.Incident, person, op string) error {
	if person == System && slices.Contains(openOps, op) {
		return nil // breakglass itself records (the demo's analysis)
	}
	if p.plan.Person(person) == nil {
		return fmt.Errorf("%w: %q is not a person of the plan", ErrForbidden, person)
	}
	if slices.Contains(openOps, op) {
		return nil
	}
	if _, ok := opRoles[op]; !ok {
		return fmt.Errorf("%w: unknown operation %q", ErrForbidden, op)
	}
	roles := p.Roles(op)
	if _, ok := p.Holds(inc, person, roles); ok {
		return nil
	}
	on := ""
	if inc != nil && inc.ID != "" {
		on = " on " + inc.ID
	}
	return fmt.Errorf("%w: %s needs the %s role%s to %s", ErrForbidden, person, strings.Join(roles, " or "), on, describeOp(op))
}

// describeOp names an operation in a refusal.
func describeOp(op string) string {
	switch op {
	case OpActionApprove:
		return "approve containment"
	case OpActionReject:
		return "reject containment"
	case OpActionExecute:
		return "carry out containment"
	case OpSilence:
		return "silence alerts"
	case OpSendUpdate:
		return "send an external status update"
	case OpObligationFacts:
		return "record obligation facts"
	case OpObligationDecide:
		return "record an obligation decision"
	case OpObligationSubmit:
		return "mark a regulatory report submitted"
	}
	return op
}
