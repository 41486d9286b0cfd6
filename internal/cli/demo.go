package cli

import (
	"github.com/spf13/cobra"
)

func newDemoCmd(e *env) *cobra.Command {
	var scenario, out string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole response end to end on the embedded devnet",
		Long: `demo starts the embedded devnet, deploys the demo protocol, runs breakglass on
it, plays benign traffic and then an exploit, and shows detection, incident,
pause, forensics, compensation and post-mortem as they happen.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return &exitError{code: 1, msg: "the end-to-end demo has not landed yet (issue 9); " +
				"until it does, try 'breakglass plan init' and 'breakglass plan check', and run the tests with 'go test ./...'"}
		},
	}
	cmd.Flags().StringVar(&scenario, "scenario", "reentrancy", "attack to play: reentrancy, oracle, access or all")
	cmd.Flags().StringVar(&out, "out", "breakglass-demo", "directory for the artifacts")
	return cmd
}
