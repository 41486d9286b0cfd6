package contracts_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/breakglass-dev/breakglass/contracts"
	"github.com/breakglass-dev/breakglass/contracts/internal/bindgen"
)

func TestArtifactsLoad(t *testing.T) {
	names := contracts.Names()
	want := []string{
		"AccessAttacker", "BalanceRewards", "CollateralToken", "CompatibilityFallbackHandler", "ERC1967Proxy", "FeeToken", "FlashBorrower",
		"FlashLender", "HookMintNFT", "HookMinter", "HookReader", "KeeperRewards", "LendingPool", "LooseVault", "MerkleClaim", "MultiSendCallOnly", "OracleAttacker",
		"PairSwap", "PoolTrader", "QuietBorrower", "QuietLender", "ReentrancyAttacker", "SafeL2", "SafeProxyFactory", "Sandwicher", "ShapeItems", "ShapePool", "ShapeToken", "ShareVault",
		"SilentToken", "SimpleAMM", "StableToken", "SwapClaimer", "SwapVault", "UpgradeableVault", "UpgradeableVaultV2",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("Names() = %v, want %v", names, want)
	}
	for _, name := range names {
		a, err := contracts.Load(name)
		if err != nil {
			t.Fatalf("Load(%s): %v", name, err)
		}
		if a.Name != name {
			t.Errorf("Load(%s).Name = %q", name, a.Name)
		}
		if len(a.Bytecode) == 0 || len(a.DeployedBytecode) == 0 || len(a.ABIJSON) == 0 {
			t.Errorf("%s: empty bytecode, deployed bytecode or ABI", name)
		}
	}
}

func TestArtifactABIs(t *testing.T) {
	tests := []struct {
		contract string
		methods  []string
		events   []string
		errors   []string
	}{
		{
			contract: "LendingPool",
			methods: []string{
				"pause", "unpause", "paused", "hasRole", "grantRole", "revokeRole", "PAUSER_ROLE", "DEFAULT_ADMIN_ROLE",
				"depositETH", "withdrawAllETH", "deposit", "withdraw", "depositCollateral", "withdrawCollateral",
				"borrow", "repay", "migrateReserves", "collateralPrice", "totalAssets", "isSolvent",
				"ethHeld", "totalEthDeposits", "stableCash", "totalDeposits", "totalBorrows",
			},
			events: []string{
				"Paused", "Unpaused", "RoleGranted", "RoleRevoked", "DepositETH", "WithdrawETH", "Deposit",
				"Withdraw", "DepositCollateral", "WithdrawCollateral", "Borrow", "Repay", "ReservesMigrated",
			},
			errors: []string{"EnforcedPause", "AccessControlUnauthorizedAccount"},
		},
		{contract: "StableToken", methods: []string{"mint", "transfer", "balanceOf", "MINTER_ROLE", "decimals"}, events: []string{"Transfer", "Approval"}},
		{contract: "CollateralToken", methods: []string{"mint", "transfer", "balanceOf", "MINTER_ROLE"}, events: []string{"Transfer"}},
		{contract: "FeeToken", methods: []string{"transfer", "FEE_BPS"}, events: []string{"Transfer"}},
		{contract: "SimpleAMM", methods: []string{"addLiquidity", "removeLiquidity", "swap", "getReserves", "spotPrice"}, events: []string{"Swap", "Sync"}},
		{contract: "FlashLender", methods: []string{"flashLoan", "flashFee", "maxFlashLoan"}, events: []string{"FlashLoan"}},
		{contract: "MerkleClaim", methods: []string{"claim", "isClaimed", "merkleRoot", "token"}, events: []string{"Claimed"}},
		{contract: "ReentrancyAttacker", methods: []string{"attack", "owner"}},
		{contract: "OracleAttacker", methods: []string{"attack", "onFlashLoan", "owner"}},
		{contract: "AccessAttacker", methods: []string{"attack", "owner"}},
		{contract: "UpgradeableVault", methods: []string{"initialize", "upgradeToAndCall", "proxiableUUID", "pause", "version", "UPGRADER_ROLE"}, events: []string{"Upgraded"}},
		{contract: "UpgradeableVaultV2", methods: []string{"upgradeToAndCall", "version"}},
		{contract: "ERC1967Proxy", events: []string{"Upgraded"}},
		{contract: "SafeL2", methods: []string{"setup", "execTransaction", "getTransactionHash", "getOwners", "getThreshold", "nonce", "domainSeparator"}, events: []string{"SafeMultiSigTransaction", "ExecutionSuccess"}},
		{contract: "SafeProxyFactory", methods: []string{"createProxyWithNonce"}, events: []string{"ProxyCreation"}},
		{contract: "CompatibilityFallbackHandler", methods: []string{"isValidSignature"}},
		{contract: "MultiSendCallOnly", methods: []string{"multiSend"}},
	}
	for _, tt := range tests {
		t.Run(tt.contract, func(t *testing.T) {
			a, err := contracts.Load(tt.contract)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tt.methods {
				if _, ok := a.ABI.Methods[m]; !ok {
					t.Errorf("no method %s", m)
				}
			}
			for _, e := range tt.events {
				if _, ok := a.ABI.Events[e]; !ok {
					t.Errorf("no event %s", e)
				}
			}
			for _, e := range tt.errors {
				if _, ok := a.ABI.Errors[e]; !ok {
					t.Errorf("no error %s", e)
				}
			}
		})
	}
}

func TestLoadUnknown(t *testing.T) {
	for _, name := range []string{"", "Nope", "../go", "artifacts/LendingPool", "LendingPool.json"} {
		if _, err := contracts.Load(name); !errors.Is(err, contracts.ErrUnknown) {
			t.Errorf("Load(%q) err = %v, want ErrUnknown", name, err)
		}
	}
}

// TestBindingsInSync regenerates the Go bindings from the committed
// artifacts and compares them with the committed bindings.
func TestBindingsInSync(t *testing.T) {
	files, err := bindgen.Generate("artifacts", "bindings")
	if err != nil {
		t.Fatal(err)
	}
	committed, err := filepath.Glob(filepath.Join("bindings", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var generated []string
	for name, src := range files {
		generated = append(generated, filepath.Join("bindings", name))
		old, err := os.ReadFile(filepath.Join("bindings", name))
		if err != nil {
			t.Errorf("binding %s missing: %v (run go generate ./contracts/...)", name, err)
			continue
		}
		if !bytes.Equal(old, src) {
			t.Errorf("bindings/%s is out of date (run go generate ./contracts/...)", name)
		}
	}
	sort.Strings(generated)
	sort.Strings(committed)
	if !slices.Equal(generated, committed) {
		t.Errorf("bindings/ holds %v, the artifacts give %v (run go generate ./contracts/...)", committed, generated)
	}
}

// TestArtifactsUpToDate recompiles the Solidity sources with the pinned
// solc-js into a temporary directory and fails if any committed artifact
// differs. It needs node and contracts/node_modules; without them it skips,
// except in CI (CI=true), where it fails.
func TestArtifactsUpToDate(t *testing.T) {
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join("node_modules", "solc", "package.json"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot rebuild the contracts (%v): install Node.js and run npm ci in contracts/", err)
		}
		t.Skipf("cannot rebuild the contracts (%v); run npm ci in contracts/ to check the committed artifacts", err)
	}
	if testing.Short() {
		t.Skip("recompiling the contracts takes about 20 s; skipped with -short")
	}
	out := t.TempDir()
	cmd := exec.CommandContext(t.Context(), node, "build.js", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node build.js: %v\n%s", err, b)
	}
	built, err := filepath.Glob(filepath.Join(out, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var builtNames []string
	for _, p := range built {
		name := filepath.Base(p)
		builtNames = append(builtNames, name)
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("artifacts", name))
		if err != nil {
			t.Errorf("artifacts/%s is missing (run npm run build in contracts/ and go generate ./contracts/...)", name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("artifacts/%s differs from a fresh build (run npm run build in contracts/ and go generate ./contracts/...)", name)
		}
	}
	committed, err := filepath.Glob(filepath.Join("artifacts", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range committed {
		committed[i] = filepath.Base(p)
	}
	sort.Strings(builtNames)
	sort.Strings(committed)
	if !slices.Equal(builtNames, committed) {
		t.Errorf("artifacts/ holds %v, a fresh build gives %v", committed, builtNames)
	}
}
