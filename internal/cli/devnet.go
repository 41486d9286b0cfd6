package cli

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"

	"github.com/breakglass-dev/breakglass/internal/devnet"
	"github.com/breakglass-dev/breakglass/internal/units"
)

// devnetFlags are the devnet command's flags.
type devnetFlags struct {
	port      int
	blockTime string
	benign    float64
	scenario  string
	atBlock   uint64
	planOut   string
	json      bool
}

func newDevnetCmd(e *env) *cobra.Command {
	var f devnetFlags
	cmd := &cobra.Command{
		Use:   "devnet",
		Short: "Run a local chain with the demo protocol and a Safe deployed",
		Long: `devnet runs an Ethereum chain in this process, with HTTP and WebSocket
JSON-RPC on 127.0.0.1 (the debug namespace and the call and prestate tracers
included). It deploys the demo protocol (tokens, a lending pool, an AMM, a
flash lender) and a real Safe v1.4.1 2-of-3 multisig, prints the addresses
and the TEST ONLY keys, writes a ready plan file, and runs until interrupted.

With --scenario it plays an attack (` + strings.Join(devnet.Scenarios(), ", ") + `) once the chain
reaches --at-block; with --benign it sends benign traffic meanwhile.`,
		Example: `  breakglass devnet
  breakglass devnet --port 0 --block-time 0 --benign 5
  breakglass devnet --scenario reentrancy --at-block 40 --benign 2`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDevnet(cmd.Context(), e, f)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.port, "port", 8545, "TCP port on 127.0.0.1 for HTTP and WebSocket JSON-RPC (0: any free port)")
	fl.StringVar(&f.blockTime, "block-time", "2s", "seal a block this often with what is pending (0: a block per transaction)")
	fl.Float64Var(&f.benign, "benign", 0, "benign transactions per second (0: none)")
	fl.StringVar(&f.scenario, "scenario", "", "attack to play: "+strings.Join(devnet.Scenarios(), ", "))
	fl.Uint64Var(&f.atBlock, "at-block", 0, "play --scenario once the chain reaches this block (0: at once)")
	fl.StringVar(&f.planOut, "plan-out", filepath.Join("breakglass-devnet", "breakglass.yaml"), "where to write the plan file; its ABIs and TEST ONLY keys go next to it (the default directory is git-ignored)")
	fl.BoolVar(&f.json, "json", false, "print the devnet's details and scenario results as JSON lines")
	return cmd
}

// parseBlockTime parses --block-time: a Go duration, or 0.
func parseBlockTime(s string) (time.Duration, error) {
	if strings.TrimSpace(s) == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("--block-time %q is not a duration: write it like 2s or 500ms, or 0 for a block per transaction", s)
	}
	if d != 0 && d < 10*time.Millisecond {
		return 0, fmt.Errorf("--block-time %s: want 0 (a block per transaction) or at least 10ms", s)
	}
	return d, nil
}

func (f devnetFlags) check() (time.Duration, error) {
	blockTime, err := parseBlockTime(f.blockTime)
	if err != nil {
		return 0, err
	}
	if f.port < 0 || f.port > 65535 {
		return 0, fmt.Errorf("--port %d: want 0 (any free port) to 65535", f.port)
	}
	if f.benign < 0 || f.benign > 10_000 {
		return 0, fmt.Errorf("--benign %g: want 0 to 10000 transactions per second", f.benign)
	}
	if f.scenario != "" {
		if err := devnet.CheckScenario(f.scenario); err != nil {
			return 0, fmt.Errorf("--scenario: %w", err)
		}
	} else if f.atBlock != 0 {
		return 0, errors.New("--at-block needs --scenario")
	}
	if strings.TrimSpace(f.planOut) == "" {
		return 0, errors.New("--plan-out: want a file path")
	}
	return blockTime, nil
}

func runDevnet(ctx context.Context, e *env, f devnetFlags) error {
	blockTime, err := f.check()
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	started := time.Now()
	d, err := devnet.Start(ctx, devnet.Config{Port: f.port, BlockTime: blockTime, BenignRate: f.benign, Log: e.log})
	if err != nil {
		if errors.Is(err, devnet.ErrPortInUse) {
			return &exitError{code: 1, msg: err.Error()}
		}
		return &exitError{code: 1, msg: "start the devnet: " + err.Error()}
	}
	ready := time.Since(started)
	defer func() {
		if err := d.Close(); err != nil {
			e.log.Warn("close devnet", "err", err)
		}
	}()
	if err := d.WritePlan(f.planOut); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	if f.json {
		if err := json.NewEncoder(e.out).Encode(devnetInfo(d, f.planOut, ready)); err != nil {
			return err
		}
	} else {
		printDevnet(e.out, d, f, ready)
	}

	scenarioDone := make(chan struct{})
	if f.scenario != "" {
		go func() {
			defer close(scenarioDone)
			playScenario(ctx, e, d, f)
		}()
	} else {
		close(scenarioDone)
	}
	<-ctx.Done()
	<-scenarioDone
	if !f.json {
		fmt.Fprintln(e.out, "stopping the devnet")
	}
	return nil
}

// playScenario waits for --at-block and plays --scenario, printing the result.
func playScenario(ctx context.Context, e *env, d *devnet.Devnet, f devnetFlags) {
	if err := d.WaitForBlock(ctx, f.atBlock); err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(e.errOut, "breakglass: scenario %s: %v\n", f.scenario, err)
		}
		return
	}
	res, err := d.RunScenario(ctx, f.scenario)
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(e.errOut, "breakglass: scenario %s: %v\n", f.scenario, err)
		}
		return
	}
	if f.json {
		_ = json.NewEncoder(e.out).Encode(scenarioJSON(res))
		return
	}
	status := "succeeded"
	if res.Reverted {
		status = "reverted"
	}
	fmt.Fprintf(e.out, "\nscenario %s: exploit %s in block %d %s\n", res.Scenario, res.Tx, res.Block, status)
	fmt.Fprintf(e.out, "  attacker %s (contract %s), victim %s\n", res.Attacker, res.AttackContract, res.Victim)
	for _, b := range res.VictimBalances {
		fmt.Fprintf(e.out, "  victim %-4s %s -> %s: %s %s (%s base units)\n", b.Symbol,
			units.Scaled(b.Before, 18), units.Scaled(b.After, 18), units.Scaled(b.Change(), 18), b.Symbol, b.Change())
	}
}

// devnetJSON is the --json description of a running devnet.
type devnetJSON struct {
	ChainID     uint64            `json:"chain_id"`
	HTTP        string            `json:"http"`
	WS          string            `json:"ws"`
	BlockTime   string            `json:"block_time"`
	Block       uint64            `json:"block"`
	ReadyMillis int64             `json:"ready_ms"`
	Plan        string            `json:"plan"`
	Contracts   map[string]string `json:"contracts"`
	Safe        safeJSON          `json:"safe"`
	Keys        []keyJSON         `json:"test_keys"`
}

type safeJSON struct {
	Address   string   `json:"address"`
	Owners    []string `json:"owners"`
	Threshold int      `json:"threshold"`
}

type keyJSON struct {
	Role       string `json:"role"`
	Address    string `json:"address"`
	PrivateKey string `json:"private_key"`
	TestOnly   bool   `json:"test_only"`
}

func devnetInfo(d *devnet.Devnet, plan string, ready time.Duration) devnetJSON {
	dep := d.Deployment()
	info := devnetJSON{
		ChainID:     devnet.ChainID,
		HTTP:        d.HTTPURL(),
		WS:          d.WSURL(),
		BlockTime:   d.BlockTime().String(),
		Block:       dep.Block,
		ReadyMillis: ready.Milliseconds(),
		Plan:        plan,
		Contracts:   map[string]string{},
		Safe:        safeJSON{Address: dep.Safe.Hex(), Threshold: devnet.SafeThreshold},
	}
	for _, c := range contractList(dep) {
		info.Contracts[c.name] = c.addr.Hex()
	}
	for _, o := range dep.SafeOwners {
		info.Safe.Owners = append(info.Safe.Owners, o.Hex())
	}
	for _, k := range d.Keys().All() {
		info.Keys = append(info.Keys, keyJSON{Role: k.Role, Address: k.Address.Hex(), PrivateKey: "0x" + hex.EncodeToString(crypto.FromECDSA(k.Key)), TestOnly: true})
	}
	return info
}

type namedAddr struct {
	name string
	addr common.Address
}

func contractList(dep devnet.Deployment) []namedAddr {
	return []namedAddr{
		{"LendingPool", dep.Pool},
		{"StableToken (dUSD)", dep.Stable},
		{"CollateralToken (dCOL)", dep.Collateral},
		{"SimpleAMM", dep.AMM},
		{"FlashLender", dep.FlashLender},
		{"FeeToken (dFEE)", dep.FeeToken},
		{"UpgradeableVault (proxy)", dep.Vault},
		{"Safe (2-of-3)", dep.Safe},
		{"SafeL2 singleton", dep.SafeSingleton},
		{"SafeProxyFactory", dep.SafeProxyFactory},
		{"CompatibilityFallbackHandler", dep.SafeFallbackHandler},
		{"MultiSendCallOnly", dep.MultiSendCallOnly},
	}
}

func printDevnet(w io.Writer, d *devnet.Devnet, f devnetFlags, ready time.Duration) {
	dep := d.Deployment()
	mining := "a block per transaction"
	if bt := d.BlockTime(); bt > 0 {
		mining = "a block every " + bt.String()
	}
	fmt.Fprintf(w, "breakglass devnet: chain id %d, ready in %s at block %d, %s\n\n", devnet.ChainID, ready.Round(time.Millisecond), dep.Block, mining)
	fmt.Fprintf(w, "JSON-RPC\n  HTTP  %s\n  WS    %s\n\n", d.HTTPURL(), d.WSURL())
	fmt.Fprintln(w, "Contracts")
	for _, c := range contractList(dep) {
		fmt.Fprintf(w, "  %-30s %s\n", c.name, c.addr.Hex())
	}
	fmt.Fprintf(w, "  PAUSER_ROLE on the pool and the vault: the Safe and the guardian\n\n")
	fmt.Fprintln(w, "Test keys: TEST ONLY, publicly known, never use them on a real network")
	for _, k := range d.Keys().All() {
		fmt.Fprintf(w, "  %-12s %s  0x%s\n", k.Role, k.Address.Hex(), hex.EncodeToString(crypto.FromECDSA(k.Key)))
	}
	fmt.Fprintf(w, "\nPlan  %s (its ABIs in abi/ and the TEST ONLY keys in keys/ next to it)\n  check it: breakglass plan check %s\n", f.planOut, f.planOut)
	if f.benign > 0 {
		fmt.Fprintf(w, "\nBenign traffic: %g transactions per second\n", f.benign)
	}
	if f.scenario != "" {
		at := "now"
		if f.atBlock > 0 {
			at = fmt.Sprintf("at block %d", f.atBlock)
			if d.BlockTime() == 0 && f.benign == 0 {
				at += " (with a block per transaction and no --benign traffic, blocks come only from your own transactions)"
			}
		}
		fmt.Fprintf(w, "\nScenario %s %s: %s\n", f.scenario, at, devnet.ScenarioDescription(f.scenario))
	}
	fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
}

// scenarioResultJSON is one scenario result in --json output; amounts are
// decimal strings in base units, ETH as token 0x000…0.
type scenarioResultJSON struct {
	Scenario       string            `json:"scenario"`
	Tx             string            `json:"tx"`
	Block          uint64            `json:"block"`
	Reverted       bool              `json:"reverted"`
	Attacker       string            `json:"attacker"`
	AttackContract string            `json:"attack_contract"`
	Victim         string            `json:"victim"`
	Loss           map[string]string `json:"loss"`
}

func scenarioJSON(r devnet.ScenarioResult) scenarioResultJSON {
	out := scenarioResultJSON{
		Scenario: r.Scenario, Tx: r.Tx.Hex(), Block: r.Block, Reverted: r.Reverted,
		Attacker: r.Attacker.Hex(), AttackContract: r.AttackContract.Hex(), Victim: r.Victim.Hex(),
		Loss: map[string]string{},
	}
	for token, amount := range r.Loss() {
		out.Loss[token.Hex()] = new(big.Int).Set(amount).String()
	}
	return out
}
