package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

func newPlanCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Write and check the incident response plan",
		Long: `The plan (breakglass.yaml) is the incident response plan as code: networks,
contracts and their containment actions, executors, people and roles,
severities, channels, detectors, obligations and runbooks.`,
	}
	cmd.AddCommand(newPlanInitCmd(e), newPlanCheckCmd(e), newPlanDiffCmd(e))
	return cmd
}

func newPlanInitCmd(e *env) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "init [--out FILE]",
		Short: "Write a commented example plan (to stdout by default)",
		Long: `Writes a commented, realistic plan that passes 'breakglass plan check' as it
is. Edit it for your protocol: networks, contracts, people, channels.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			data := plan.Scaffold()
			if out == "" || out == "-" {
				_, err := e.out.Write(data)
				return err
			}
			flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if force {
				flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			f, err := os.OpenFile(out, flags, 0o644)
			if errors.Is(err, os.ErrExist) {
				return fmt.Errorf("%s already exists; use --force to overwrite it", out)
			}
			if err != nil {
				return fmt.Errorf("plan init: %w", err)
			}
			if _, err := f.Write(data); err != nil {
				f.Close()
				return fmt.Errorf("plan init: write %s: %w", out, err)
			}
			if err := f.Close(); err != nil {
				return fmt.Errorf("plan init: write %s: %w", out, err)
			}
			fmt.Fprintf(e.errOut, "wrote %s; check it with: breakglass plan check %s\n", out, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the plan to FILE instead of stdout")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite FILE if it exists")
	return cmd
}

// planCheckResult is the --json output of plan check.
type planCheckResult struct {
	File     string         `json:"file"`
	OK       bool           `json:"ok"`
	Problems []plan.Problem `json:"problems"`
	// Warnings are what is valid but likely wrong or deprecated.
	Warnings []plan.Problem `json:"warnings"`
	Hash     string         `json:"hash,omitempty"`
	Counts   map[string]int `json:"counts,omitempty"`
	// Live is the check against the chain (--live).
	Live *liveCheck `json:"live,omitempty"`
}

type planCheckFlags struct {
	asJSON, secrets, live bool
	planPath, db, output  string
}

func newPlanCheckCmd(e *env) *cobra.Command {
	f := &planCheckFlags{}
	cmd := &cobra.Command{
		Use:   "check FILE [--json] [--secrets] [--live [--db DSN]]",
		Short: "Validate a plan; print every problem as FILE:LINE:COL: message",
		Long: `Loads and validates a plan and reports every problem at once, one per line
on stderr as FILE:LINE:COL: message, and exits 1 if there is any. A valid plan
prints a summary on stdout and exits 0. Warnings (a deprecated form, a
balance detector without cooldown) are printed on stderr as
FILE:LINE:COL: warning: message and do not change the exit status. With
--json, the result is one JSON object on stdout: {file, ok, problems:
[{pos: {file, line, col}, message}], warnings, hash, counts}.

With --secrets it also resolves every secret the plan refers to (env: and
file: references: keys, keystores and their passwords, Safe owner keys, API
tokens, channel secrets), unlocks the keystores and parses the keys, as
'breakglass run' does before it starts, and reports every missing or bad one
(never its value).

With --live it checks the plan's readiness against the chain now: for each
contract and containment action (every pause action, and every action a
detector responds with), whether its executor could carry it out (the
action simulates from the executor's signer: it holds the role; the payer
holds enough for 5 transactions at twice the current gas price), and, for a
Safe executor, whether its pre-signed stock (breakglass presign, read from
--db) is valid and how many transactions it holds; and when the last drill
ran. It exits 1 if an action is not ready or a stock is not valid. The JSON
result has "live": {ready, actions: [{contract, action, network, executor,
from, payer, balance, needed, problem, presigned}], presigned, drill}.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && f.planPath != "" && args[0] != f.planPath {
				return fmt.Errorf("plan check: give the plan as FILE or --plan, not both")
			}
			file := f.planPath
			if len(args) == 1 {
				file = args[0]
			}
			if file == "" {
				return errors.New("plan check: the plan FILE is required")
			}
			switch f.output {
			case "", "text":
			case "json":
				f.asJSON = true
			default:
				return fmt.Errorf("--output %q: want text or json", f.output)
			}
			if cmd.Flags().Changed("db") && !f.live {
				return errors.New("--db is read by --live only")
			}
			return f.run(cmd.Context(), e, file)
		},
	}
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print the result as JSON on stdout")
	cmd.Flags().StringVar(&f.output, "output", "", "output format: text or json")
	cmd.Flags().BoolVar(&f.secrets, "secrets", false, "also resolve every secret and unlock every key the plan needs")
	cmd.Flags().BoolVar(&f.live, "live", false, "also check on the chain that each containment action could be carried out now")
	cmd.Flags().StringVar(&f.planPath, "plan", "", "the plan file (instead of FILE)")
	cmd.Flags().StringVar(&f.db, "db", "", "with --live: the database holding the pre-signed stock ("+dbFlagUsage+")")
	return cmd
}

func (f *planCheckFlags) run(ctx context.Context, e *env, file string) error {
	asJSON := f.asJSON
	p, err := plan.Load(file)
	var problems plan.Problems
	if err != nil && !errors.As(err, &problems) {
		return err
	}
	if p != nil {
		// The plan is sound; the detection engine now type-checks
		// its conditions and reads as it would at start-up.
		problems = append(problems, compileProblems(file, detect.Check(p))...)
		if f.secrets {
			var sp plan.Problems
			if errors.As(app.CheckSecrets(p), &sp) {
				problems = append(problems, sp...)
			}
		}
	}
	res := planCheckResult{File: file, OK: len(problems) == 0, Problems: problems, Warnings: plan.Problems{}}
	if res.Problems == nil {
		res.Problems = plan.Problems{}
	}
	if p != nil {
		if ws := p.Warnings(); ws != nil {
			res.Warnings = ws
		}
	}
	if !asJSON {
		for _, w := range res.Warnings {
			fmt.Fprintf(e.errOut, "%s: warning: %s\n", w.Pos, w.Message)
		}
	}
	if res.OK {
		res.Hash = p.Hash
		res.Counts = planCounts(p)
		if f.live {
			if res.Live, err = checkLive(ctx, e, file, f.db); err != nil {
				return err
			}
		}
	}
	if asJSON {
		if err := writeJSON(e.out, res); err != nil {
			return err
		}
	} else if res.OK {
		fmt.Fprintf(e.out, "%s: OK: %s (sha256 %s)\n", file, summarize(res.Counts), p.Hash[:16])
		if res.Live != nil {
			res.Live.write(e.out)
		}
	} else {
		for _, pr := range problems {
			fmt.Fprintln(e.errOut, pr)
		}
	}
	if !res.OK {
		msg := ""
		if !asJSON {
			msg = fmt.Sprintf("plan check: %d problem%s in %s", len(problems), plural(len(problems)), file)
		}
		return &exitError{code: 1, msg: msg}
	}
	if res.Live != nil && !res.Live.Ready {
		msg := ""
		if !asJSON {
			msg = fmt.Sprintf("plan check --live: %s is not ready to contain", file)
		}
		return &exitError{code: 1, msg: msg}
	}
	return nil
}

// compileProblems turns the detection engine's compile errors into plan
// problems, positioned where it says.
func compileProblems(file string, errs []error) plan.Problems {
	var out plan.Problems
	for _, err := range errs {
		var ce *detect.CompileError
		if errors.As(err, &ce) {
			msg := ce.Msg
			if ce.Detector != "" {
				msg = fmt.Sprintf("detector %q: %s", ce.Detector, ce.Msg)
			}
			out = append(out, plan.Problem{Pos: ce.Pos, Message: msg})
			continue
		}
		out = append(out, plan.Problem{Pos: plan.Pos{File: file, Line: 1, Col: 1}, Message: err.Error()})
	}
	return out
}

var countOrder = []string{"networks", "contracts", "executors", "people", "roles", "severities", "channels", "detectors", "obligations", "runbooks"}

func planCounts(p *plan.Plan) map[string]int {
	return map[string]int{
		"networks": len(p.Networks), "contracts": len(p.Contracts), "executors": len(p.Executors),
		"people": len(p.People), "roles": len(p.Roles), "severities": len(p.Severities),
		"channels": len(p.Channels), "detectors": len(p.Detectors), "obligations": len(p.Obligations),
		"runbooks": len(p.Runbooks),
	}
}

func summarize(counts map[string]int) string {
	parts := make([]string, 0, len(countOrder))
	for _, k := range countOrder {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	return strings.Join(parts, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
