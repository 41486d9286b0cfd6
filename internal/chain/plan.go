package chain

import (
	"fmt"
	"math/big"
	"time"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// ConfigFor returns the client configuration of a plan's network, with
// its endpoints' secret references resolved.
func ConfigFor(n plan.Network) (Config, error) {
	urls := make([]string, 0, len(n.RPC))
	for _, e := range n.RPC {
		u, err := e.Resolve()
		if err != nil {
			return Config{}, fmt.Errorf("network %s: %w", n.Name, err)
		}
		urls = append(urls, u)
	}
	return Config{
		Network:        n.Name,
		ChainID:        new(big.Int).SetUint64(n.ChainID),
		URLs:           urls,
		RequestTimeout: time.Duration(n.RequestTimeout),
	}, nil
}
