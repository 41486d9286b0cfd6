package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/version"
)

func newVersionCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := version.Get()
			if asJSON {
				return writeJSON(e.out, v)
			}
			_, err := fmt.Fprintf(e.out, "breakglass %s\n", v)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: version, commit, date, modified, go")
	return cmd
}
