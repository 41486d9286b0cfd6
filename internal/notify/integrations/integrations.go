// Package integrations is the registration table of notification channel
// types: it maps each plan channel type to the constructor of its
// subpackage, resolving the channel's secrets when it is built.
package integrations

import (
	"errors"
	"net/http"

	"github.com/breakglass-dev/breakglass/internal/notify"
	"github.com/breakglass-dev/breakglass/internal/notify/discord"
	"github.com/breakglass-dev/breakglass/internal/notify/email"
	"github.com/breakglass-dev/breakglass/internal/notify/pagerduty"
	"github.com/breakglass-dev/breakglass/internal/notify/slack"
	"github.com/breakglass-dev/breakglass/internal/notify/telegram"
	"github.com/breakglass-dev/breakglass/internal/notify/webhook"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// Factories returns a factory per plan channel type.
func Factories() map[string]notify.Factory {
	return map[string]notify.Factory{
		plan.ChannelSlack: func(c plan.Channel, hc *http.Client) (notify.Channel, error) {
			u, err := c.WebhookURL.Resolve()
			if err != nil {
				return nil, err
			}
			return slack.New(u, hc), nil
		},
		plan.ChannelDiscord: func(c plan.Channel, hc *http.Client) (notify.Channel, error) {
			u, err := c.WebhookURL.Resolve()
			if err != nil {
				return nil, err
			}
			return discord.New(u, hc), nil
		},
		plan.ChannelTelegram: func(c plan.Channel, hc *http.Client) (notify.Channel, error) {
			tok, err := c.Token.Resolve()
			if err != nil {
				return nil, err
			}
			return telegram.New(c.APIURL, tok, c.ChatID, hc), nil
		},
		plan.ChannelPagerDuty: func(c plan.Channel, hc *http.Client) (notify.Channel, error) {
			key, err := c.RoutingKey.Resolve()
			if err != nil {
				return nil, err
			}
			return pagerduty.New(c.APIURL, key, c.Deployment, hc), nil
		},
		plan.ChannelWebhook: func(c plan.Channel, hc *http.Client) (notify.Channel, error) {
			var secret string
			if !c.Secret.IsZero() {
				s, err := c.Secret.Resolve()
				if err != nil {
					return nil, err
				}
				secret = s
			}
			return webhook.New(c.URL, []byte(secret), hc), nil
		},
		plan.ChannelEmail: func(c plan.Channel, _ *http.Client) (notify.Channel, error) {
			if c.SMTP == nil {
				return nil, errors.New("email channel without smtp settings")
			}
			cfg := email.Config{Addr: notify.SMTPAddr(c.SMTP), From: c.SMTP.From, To: c.SMTP.To, Username: c.SMTP.Username}
			if !c.SMTP.Password.IsZero() {
				pw, err := c.SMTP.Password.Resolve()
				if err != nil {
					return nil, err
				}
				cfg.Password = pw
			}
			if c.SMTP.StartTLS != nil && !*c.SMTP.StartTLS {
				cfg.Insecure = true
			}
			return email.New(cfg), nil
		},
	}
}
