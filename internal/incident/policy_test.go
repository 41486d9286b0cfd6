package incident_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/breakglass-dev/breakglass/internal/incident"
	"github.com/breakglass-dev/breakglass/internal/plan"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func TestPolicy(t *testing.T) {
	p := &plan.Plan{
		People: []plan.Person{{Name: "alice"}, {Name: "bob"}, {Name: "carol"}, {Name: "dave"}, {Name: "lena"}},
		Roles: map[string]plan.Role{
			plan.RoleIncidentCommander:  {Primary: "alice"},
			plan.RoleTechnicalLead:      {Primary: "bob"},
			plan.RoleCommunicationsLead: {Primary: "carol"},
			plan.RoleLegalLead:          {Primary: "lena"},
		},
	}
	noLegal := &plan.Plan{People: p.People, Roles: map[string]plan.Role{plan.RoleIncidentCommander: {Primary: "alice"}}}
	// dave holds the technical lead role on this incident only.
	inc := &store.Incident{ID: "INC-2026-0001", Roles: map[string]string{plan.RoleTechnicalLead: "dave"}}
	cases := []struct {
		plan         *plan.Plan
		inc          *store.Incident
		person, op   string
		allowed      bool
		reasonSubstr string
	}{
		{p, inc, "carol", incident.OpAck, true, ""},
		{p, inc, "carol", incident.OpActionPropose, true, ""},
		{p, inc, "carol", incident.OpActionApprove, false, "carol needs the incident_commander or technical_lead role on INC-2026-0001 to approve containment"},
		{p, inc, "alice", incident.OpActionApprove, true, ""},
		{p, inc, "bob", incident.OpActionReject, true, ""},
		{p, inc, "dave", incident.OpActionExecute, true, ""},
		{p, nil, "dave", incident.OpActionExecute, false, "dave needs"},
		{p, nil, "carol", incident.OpSilence, false, "to silence alerts"},
		{p, inc, "carol", incident.OpSendUpdate, true, ""},
		{p, inc, "alice", incident.OpSendUpdate, true, ""},
		{p, inc, "bob", incident.OpSendUpdate, false, "communications_lead or incident_commander"},
		{p, inc, "lena", incident.OpObligationSubmit, true, ""},
		{p, inc, "alice", incident.OpObligationSubmit, false, "alice needs the legal_lead role"},
		{noLegal, inc, "alice", incident.OpObligationSubmit, true, ""},
		{p, inc, "alice", incident.OpObligationDecide, true, ""},
		{p, inc, "mallory", incident.OpNote, false, `"mallory" is not a person of the plan`},
		{p, inc, incident.System, incident.OpPostmortem, true, ""},
		{p, inc, incident.System, incident.OpActionApprove, false, "not a person"},
		{p, inc, "alice", "launch", false, "unknown operation"},
	}
	for _, c := range cases {
		err := incident.NewPolicy(c.plan).Allow(c.inc, c.person, c.op)
		if c.allowed != (err == nil) || (err != nil && (!errors.Is(err, incident.ErrForbidden) || !strings.Contains(err.Error(), c.reasonSubstr))) {
			t.Errorf("%s %s: %v, want allowed=%t (%q)", c.person, c.op, err, c.allowed, c.reasonSubstr)
		}
	}
}
