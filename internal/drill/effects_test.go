package drill

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/devnet/devnettest"
	"github.com/breakglass-dev/breakglass/internal/plan"
)

// TestUpgradeEffectPlanning: on an anvil fork of the devnet, the upgrade
// effect finds who may upgrade from the ERC-1967 slots: the UUPS vault's
// UPGRADER_ROLE holder; a transparent proxy's admin account (upgradeTo),
// or its ProxyAdmin's owner (upgrade, before OZ 5); a beacon proxy and a
// contract that is no proxy are skipped with the reason. The unknown
// implementation is the current one's code with its own address
// rewritten. (TestDrillUpgrade plays the UUPS upgrade end to end; the
// repository has no transparent proxy to play.)
func TestUpgradeEffectPlanning(t *testing.T) {
	bin := devnettest.AnvilBinary(t)
	ctx := context.Background()
	dn, err := devnet.Start(ctx, devnet.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer dn.Close()
	head, err := dn.Client().BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, err := startAnvil(ctx, bin, dn.HTTPURL(), head)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	dep := dn.Deployment()
	impl := dn.Protocol().VaultImplementation
	r := reader{eth: a.eth}
	setSlot := func(c common.Address, slot common.Hash, v common.Address) {
		t.Helper()
		if err := a.rpc.CallContext(ctx, nil, "anvil_setStorageAt", c, slot, common.BytesToHash(v.Bytes())); err != nil {
			t.Fatal(err)
		}
	}
	vault := plan.Contract{Name: "vault", Address: dep.Vault}
	pool := plan.Contract{Name: "pool", Address: dep.Pool}

	// UUPS: the deployer holds UPGRADER_ROLE (found in the RoleGranted logs).
	e := upgradeEffect(ctx, r, vault)
	if e.Skipped != "" || len(e.calls) != 1 || e.calls[0].From != dn.Protocol().Admin || e.calls[0].To != dep.Vault ||
		!bytes.HasPrefix(e.calls[0].Data, genericABI.Methods["upgradeToAndCall"].ID) || !strings.Contains(e.Desc, "UPGRADER_ROLE") {
		t.Fatalf("UUPS: %+v", e)
	}
	if len(e.codes) != 1 {
		t.Fatalf("codes: %d", len(e.codes))
	}
	implCode, err := a.eth.CodeAt(ctx, impl, nil)
	if err != nil || !bytes.Contains(implCode, impl.Bytes()) {
		t.Fatalf("the implementation's code does not hold its own address (UUPS __self): %v", err)
	}
	for at, code := range e.codes {
		if len(code) != len(implCode) || bytes.Contains(code, impl.Bytes()) || !bytes.Contains(code, at.Bytes()) {
			t.Fatalf("the unknown implementation's code: its own address not rewritten")
		}
	}

	// Transparent, with an account as admin: upgradeTo by it.
	admin := common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	setSlot(dep.Vault, adminSlot, admin)
	e = upgradeEffect(ctx, r, vault)
	if e.Skipped != "" || len(e.calls) != 1 || e.calls[0].From != admin || e.calls[0].To != dep.Vault ||
		!bytes.HasPrefix(e.calls[0].Data, genericABI.Methods["upgradeTo"].ID) {
		t.Fatalf("transparent, account admin: %+v", e)
	}

	// Transparent, with a ProxyAdmin: a contract whose owner() is owner
	// (it answers every call with that word, so it has no
	// UPGRADE_INTERFACE_VERSION string: OZ 4's upgrade(proxy, impl)).
	owner := common.HexToAddress("0x0000000000000000000000000000000000000b0b")
	proxyAdmin := common.HexToAddress("0x00000000000000000000000000000000000ad111")
	code := append(append([]byte{0x73}, owner.Bytes()...), 0x60, 0, 0x52, 0x60, 32, 0x60, 0, 0xf3)
	if err := a.rpc.CallContext(ctx, nil, "anvil_setCode", proxyAdmin, hexutil.Bytes(code)); err != nil {
		t.Fatal(err)
	}
	setSlot(dep.Vault, adminSlot, proxyAdmin)
	e = upgradeEffect(ctx, r, vault)
	if e.Skipped != "" || len(e.calls) != 1 || e.calls[0].From != owner || e.calls[0].To != proxyAdmin ||
		!bytes.HasPrefix(e.calls[0].Data, genericABI.Methods["upgrade"].ID) || !strings.Contains(e.Desc, "ProxyAdmin") {
		t.Fatalf("transparent, ProxyAdmin: %+v", e)
	}

	// No proxy; a beacon proxy.
	if e := upgradeEffect(ctx, r, pool); !strings.Contains(e.Skipped, "not an ERC-1967 proxy") || len(e.calls) != 0 {
		t.Fatalf("pool: %+v", e)
	}
	setSlot(dep.Pool, beaconSlot, owner)
	if e := upgradeEffect(ctx, r, pool); !strings.Contains(e.Skipped, "a beacon proxy") {
		t.Fatalf("beacon: %+v", e)
	}
}
