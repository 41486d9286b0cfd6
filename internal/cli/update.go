package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/app"
	"github.com/breakglass-dev/breakglass/internal/report"
	"github.com/breakglass-dev/breakglass/internal/store"
)

func newUpdateCmd(e *env) *cobra.Command {
	f := &reportFlags{}
	var disclosure bool
	cmd := &cobra.Command{
		Use:   "update ID TEXT --plan FILE --as PERSON | update ID --disclosure",
		Short: "Send an external status update, or print the public disclosure draft",
		Long: `update sends TEXT as an external status update about an incident: it goes on
the timeline and to every channel, external channels receiving only the
public rendering (no notes, people, signers, incident id or war-room link).
Only the incident's communications lead or commander may send one. The
severity's update_every sets the cadence; the daemon reminds the
communications lead when an update is due.

--disclosure prints the public disclosure draft instead, built only from what
the public may know: the post-mortem's public_summary, the contract's name,
the times it was detected, contained and resolved, the confirmed loss, and
the updates already published.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if f.remote() {
				return f.remoteUpdate(ctx, e, args, disclosure)
			}
			if disclosure {
				if len(args) != 1 {
					return errors.New("--disclosure takes the incident id only")
				}
				p, err := f.plan()
				if err != nil {
					return err
				}
				inc, err := readExistingStore(ctx, e, f.db, func(s store.Store) (store.Incident, error) {
					inc, err := s.Incident(ctx, args[0])
					if err != nil {
						return store.Incident{}, fmt.Errorf("incident %s: %w", args[0], err)
					}
					return inc, nil
				})
				if err != nil {
					return err
				}
				pub, err := report.PublicOf(inc, p)
				if err != nil {
					return err
				}
				text, err := report.Disclosure(pub)
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(e.out, text)
				return err
			}
			if len(args) != 2 || strings.TrimSpace(args[1]) == "" {
				return errors.New("update needs the incident id and the text of the update")
			}
			var te store.TimelineEvent
			err := f.change(ctx, e, func(tx store.Tx, a *app.App) error {
				c := a.Comms
				var err error
				te, err = c.SendUpdate(ctx, tx, args[0], f.as, args[1])
				return err
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(e.out, "status update sent on %s at %s\n", args[0], te.Time.UTC().Format(time.RFC3339))
			return err
		},
	}
	cmd.Flags().BoolVar(&disclosure, "disclosure", false, "print the public disclosure draft")
	f.addChange(cmd, "plan file (required to send)")
	return cmd
}

// remoteUpdate sends an update, or prints the disclosure draft, through
// the API.
func (f *reportFlags) remoteUpdate(ctx context.Context, e *env, args []string, disclosure bool) error {
	c, err := f.apiFlags.client()
	if err != nil {
		return err
	}
	var v report.CommsView
	if disclosure {
		if len(args) != 1 {
			return errors.New("--disclosure takes the incident id only")
		}
		if err := c.do(ctx, http.MethodGet, incidentPath(args[0], "updates"), nil, &v); err != nil {
			return err
		}
		_, err := fmt.Fprint(e.out, v.Disclosure)
		return err
	}
	if len(args) != 2 || strings.TrimSpace(args[1]) == "" {
		return errors.New("update needs the incident id and the text of the update")
	}
	if err := c.do(ctx, http.MethodPost, incidentPath(args[0], "updates"), map[string]string{"text": args[1]}, &v); err != nil {
		return err
	}
	at := time.Now()
	if v.LastUpdateAt != nil {
		at = *v.LastUpdateAt
	}
	_, err = fmt.Fprintf(e.out, "status update sent on %s at %s\n", args[0], at.UTC().Format(time.RFC3339))
	return err
}
