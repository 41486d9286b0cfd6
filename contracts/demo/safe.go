package demo

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/breakglass-dev/breakglass/contracts/bindings"
)

// Safe holds the addresses of the Safe v1.4.1 contracts DeploySafe deployed.
type Safe struct {
	// Singleton is the SafeL2 implementation (it emits the L2 events).
	Singleton common.Address
	// Factory is the SafeProxyFactory.
	Factory common.Address
	// FallbackHandler is the CompatibilityFallbackHandler.
	FallbackHandler common.Address
	// MultiSendCallOnly batches calls from a Safe (by delegatecall).
	MultiSendCallOnly common.Address
	// Address is the Safe itself: a proxy to Singleton, set up with the
	// owners and threshold. Use the SafeL2 ABI with it.
	Address common.Address
}

// DeploySafe deploys the audited Safe v1.4.1 contracts (SafeL2 singleton,
// SafeProxyFactory, CompatibilityFallbackHandler, MultiSendCallOnly) from
// deployer, as shipped in @safe-global/safe-contracts, and creates a Safe
// with the given owners and threshold through the factory.
func DeploySafe(ctx context.Context, b Backend, deployer *bind.TransactOpts, owners []common.Address, threshold uint64) (*Safe, error) {
	if threshold == 0 || threshold > uint64(len(owners)) {
		return nil, fmt.Errorf("safe threshold %d with %d owners: want 1 <= threshold <= owners", threshold, len(owners))
	}
	s, err := newSender(ctx, b, deployer)
	if err != nil {
		return nil, err
	}
	out := &Safe{}
	out.Singleton = s.deploy("deploy SafeL2", bindings.SafeL2MetaData.Bin, nil)
	out.Factory = s.deploy("deploy SafeProxyFactory", bindings.SafeProxyFactoryMetaData.Bin, nil)
	out.FallbackHandler = s.deploy("deploy CompatibilityFallbackHandler", bindings.CompatibilityFallbackHandlerMetaData.Bin, nil)
	out.MultiSendCallOnly = s.deploy("deploy MultiSendCallOnly", bindings.MultiSendCallOnlyMetaData.Bin, nil)
	if _, err := s.wait(); err != nil {
		return nil, err
	}

	safeB := bindings.NewSafeL2()
	factoryB := bindings.NewSafeProxyFactory()
	setup := safeB.PackSetup(owners, new(big.Int).SetUint64(threshold), common.Address{}, nil,
		out.FallbackHandler, common.Address{}, new(big.Int), common.Address{})
	s.call("create Safe", factoryB.Instance(b, out.Factory),
		factoryB.PackCreateProxyWithNonce(out.Singleton, setup, new(big.Int)), nil)
	receipts, err := s.wait()
	if err != nil {
		return nil, err
	}
	for _, l := range receipts[0].Logs {
		if ev, err := factoryB.UnpackProxyCreationEvent(l); err == nil && l.Address == out.Factory {
			out.Address = ev.Proxy
			return out, nil
		}
	}
	return nil, errors.New("create Safe: no ProxyCreation event in the receipt")
}
