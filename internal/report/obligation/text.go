package obligation

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteText writes the obligations of incident id as text, with the
// disclaimer first: these are drafts for the legal lead, not legal advice.
func WriteText(w io.Writer, id string, sts []Status) error {
	fmt.Fprintf(w, "%s\n\n", Disclaimer)
	if len(sts) == 0 {
		_, err := fmt.Fprintln(w, "the plan lists no obligations")
		return err
	}
	for _, st := range sts {
		fmt.Fprintf(w, "%s — %s (%s)\n  to %s; %s: %s\n", st.Obligation, st.Title, st.Reference, st.Authority, strings.ToUpper(string(st.State)), st.Reason)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, r := range st.Reports {
			due := "as soon as possible"
			switch {
			case r.Due != nil:
				due = r.Due.Format(time.RFC3339) + " (" + r.DueLocal + ")"
			case !r.ASAP:
				due = "not yet known"
			}
			if r.Provisional {
				due += " provisional"
			}
			state := string(r.State)
			if r.Submitted != nil {
				state += " by " + r.Submitted.By + " at " + r.Submitted.At.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "  · %s\t%s\t%s\n", r.Title, due, state)
			fmt.Fprintf(tw, "  \t%s\t\n", r.Basis)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintf(w, "Drafts: breakglass obligations %s --plan FILE --draft NAME\n", id)
	return err
}
