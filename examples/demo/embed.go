// Package demo embeds the plan of the demo, examples/demo/plan.yaml, for the
// devnet to fill in and write (see internal/devnet's WritePlan).
package demo

import _ "embed" // for go:embed

// PlanTemplate is the text of plan.yaml: the demo's incident response plan
// as a Go text/template, whose placeholders the devnet fills in with its
// RPC URLs and the addresses it deployed. It needs a "quote" template
// function that renders a string as a quoted YAML scalar.
//
//go:embed plan.yaml
var PlanTemplate string
