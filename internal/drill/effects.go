package drill

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/plan"
)

// The generic effects a drill plays: none needs knowledge of a bug.
const (
	// EffectDrainNative moves a protected contract's whole native balance
	// to a fresh address in one transaction (the contract impersonated).
	EffectDrainNative = "drain-native"
	// EffectDrainToken moves a protected contract's whole balance of a
	// watched token to a fresh address in one transaction.
	EffectDrainToken = "drain-token"
	// EffectPrivileged is a privileged change to a fresh address:
	// transferOwnership by the owner, or grantRole(DEFAULT_ADMIN_ROLE) by
	// an admin (both impersonated).
	EffectPrivileged = "privileged-change"
	// EffectUpgrade upgrades an ERC-1967 proxy to an unknown
	// implementation (the current one's code at a fresh address), as whoever
	// may upgrade it: the UUPS proxy's owner, UPGRADER_ROLE or
	// DEFAULT_ADMIN_ROLE holder, or the transparent proxy's admin (through
	// its ProxyAdmin's owner).
	EffectUpgrade = "upgrade"
	// EffectMint mints a watched token's total supply again to a fresh
	// address (a minter impersonated).
	EffectMint = "large-mint"
	// EffectBurst is a burst of small drains: BurstCount transfers of
	// BurstShare of the balance each, to fresh addresses, in one block.
	EffectBurst = "burst"
)

// Burst parameters: 10 transfers of 6% each, 60% in all, in one block.
const (
	BurstCount    = 10
	BurstSharePct = 6
)

// Effects lists the effects' names, in the order they are played.
func Effects() []string {
	return []string{EffectDrainNative, EffectDrainToken, EffectPrivileged, EffectUpgrade, EffectMint, EffectBurst}
}

// genericABI holds the calls the effects make and read.
var genericABI = func() abi.ABI {
	a, err := abi.JSON(strings.NewReader(`[
{"type":"function","name":"owner","stateMutability":"view","inputs":[],"outputs":[{"type":"address"}]},
{"type":"function","name":"transferOwnership","stateMutability":"nonpayable","inputs":[{"type":"address"}],"outputs":[]},
{"type":"function","name":"hasRole","stateMutability":"view","inputs":[{"type":"bytes32"},{"type":"address"}],"outputs":[{"type":"bool"}]},
{"type":"function","name":"getRoleMember","stateMutability":"view","inputs":[{"type":"bytes32"},{"type":"uint256"}],"outputs":[{"type":"address"}]},
{"type":"function","name":"grantRole","stateMutability":"nonpayable","inputs":[{"type":"bytes32"},{"type":"address"}],"outputs":[]},
{"type":"function","name":"balanceOf","stateMutability":"view","inputs":[{"type":"address"}],"outputs":[{"type":"uint256"}]},
{"type":"function","name":"transfer","stateMutability":"nonpayable","inputs":[{"type":"address"},{"type":"uint256"}],"outputs":[{"type":"bool"}]},
{"type":"function","name":"totalSupply","stateMutability":"view","inputs":[],"outputs":[{"type":"uint256"}]},
{"type":"function","name":"mint","stateMutability":"nonpayable","inputs":[{"type":"address"},{"type":"uint256"}],"outputs":[]},
{"type":"function","name":"paused","stateMutability":"view","inputs":[],"outputs":[{"type":"bool"}]},
{"type":"function","name":"upgradeToAndCall","stateMutability":"payable","inputs":[{"type":"address"},{"type":"bytes"}],"outputs":[]},
{"type":"function","name":"upgradeTo","stateMutability":"nonpayable","inputs":[{"type":"address"}],"outputs":[]},
{"type":"function","name":"upgradeAndCall","stateMutability":"payable","inputs":[{"type":"address"},{"type":"address"},{"type":"bytes"}],"outputs":[]},
{"type":"function","name":"upgrade","stateMutability":"nonpayable","inputs":[{"type":"address"},{"type":"address"}],"outputs":[]},
{"type":"function","name":"UPGRADE_INTERFACE_VERSION","stateMutability":"view","inputs":[],"outputs":[{"type":"string"}]}
]`))
	if err != nil {
		panic(err)
	}
	return a
}()

var (
	roleGranted  = crypto.Keccak256Hash([]byte("RoleGranted(bytes32,address,address)"))
	minterRole   = crypto.Keccak256Hash([]byte("MINTER_ROLE"))
	defaultAdmin = common.Hash{}
	upgraderRole = crypto.Keccak256Hash([]byte("UPGRADER_ROLE"))
)

// The ERC-1967 slots: the implementation, the admin (a transparent proxy)
// and the beacon.
var (
	implSlot   = common.HexToHash("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc")
	adminSlot  = common.HexToHash("0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103")
	beaconSlot = common.HexToHash("0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50")
)

// effect is one planned effect.
type effect struct {
	Kind     string
	Contract string // the protected contract (or the token, for a mint)
	Token    string // the token's name (drain-token, large-mint, burst of a token)
	Desc     string
	calls    []call
	codes    map[common.Address][]byte // code set (anvil_setCode) before the calls
	Skipped  string
}

// Name is the effect's name in the report: kind and target.
func (e effect) Name() string {
	if e.Token != "" && e.Token != e.Contract {
		return e.Kind + " " + e.Contract + " " + e.Token
	}
	return e.Kind + " " + e.Contract
}

// fresh is a new address no one holds a key of (its key is thrown away).
func fresh() common.Address {
	k, err := crypto.GenerateKey()
	if err != nil {
		panic(err)
	}
	return crypto.PubkeyToAddress(k.PublicKey)
}

// chainReader is what the drill reads of a network: chain.Client (the
// upstream) and go-ethereum's ethclient (the fork) both serve it.
type chainReader interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error)
	StorageAt(ctx context.Context, account common.Address, key common.Hash, block *big.Int) ([]byte, error)
	CodeAt(ctx context.Context, account common.Address, block *big.Int) ([]byte, error)
}

// reader reads the forked network at the fork block.
type reader struct {
	eth   chainReader
	block *big.Int
	from  uint64 // first block to search logs from
}

func (r reader) call(ctx context.Context, to common.Address, method string, args ...any) ([]any, error) {
	data, err := genericABI.Pack(method, args...)
	if err != nil {
		return nil, err
	}
	out, err := r.eth.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, r.block)
	if err != nil {
		return nil, err
	}
	return genericABI.Unpack(method, out)
}

func (r reader) address(ctx context.Context, to common.Address, method string, args ...any) (common.Address, bool) {
	v, err := r.call(ctx, to, method, args...)
	if err != nil || len(v) != 1 {
		return common.Address{}, false
	}
	a, ok := v[0].(common.Address)
	return a, ok && a != (common.Address{})
}

func (r reader) uint(ctx context.Context, to common.Address, method string, args ...any) *big.Int {
	v, err := r.call(ctx, to, method, args...)
	if err != nil || len(v) != 1 {
		return nil
	}
	n, _ := v[0].(*big.Int)
	return n
}

func (r reader) hasRole(ctx context.Context, c common.Address, role common.Hash, who common.Address) bool {
	v, err := r.call(ctx, c, "hasRole", role, who)
	return err == nil && len(v) == 1 && v[0] == true
}

// roleHolder finds an account holding role on c: the first member
// (AccessControlEnumerable), else the RoleGranted logs, checked with
// hasRole at the fork block.
func (r reader) roleHolder(ctx context.Context, c common.Address, role common.Hash) (common.Address, error) {
	if a, ok := r.address(ctx, c, "getRoleMember", role, big.NewInt(0)); ok && r.hasRole(ctx, c, role, a) {
		return a, nil
	}
	q := ethereum.FilterQuery{FromBlock: new(big.Int), ToBlock: r.block, Addresses: []common.Address{c}, Topics: [][]common.Hash{{roleGranted}, {role}}}
	logs, err := r.eth.FilterLogs(ctx, q)
	if err != nil && r.from > 0 {
		// A node that refuses the whole history may answer from the
		// contracts' start_block.
		q.FromBlock = new(big.Int).SetUint64(r.from)
		logs, err = r.eth.FilterLogs(ctx, q)
	}
	if err != nil {
		return common.Address{}, fmt.Errorf("read RoleGranted logs of %s from block %d: %w", c.Hex(), r.from, err)
	}
	for i := len(logs) - 1; i >= 0; i-- {
		if len(logs[i].Topics) < 3 {
			continue
		}
		a := common.BytesToAddress(logs[i].Topics[2].Bytes())
		if r.hasRole(ctx, c, role, a) {
			return a, nil
		}
	}
	return common.Address{}, fmt.Errorf("no holder of role %s found on %s", role.Hex(), c.Hex())
}

func pack(method string, args ...any) []byte {
	b, err := genericABI.Pack(method, args...)
	if err != nil {
		panic(err)
	}
	return b
}

// protected lists the contracts of network that have containment actions,
// or every contract of it when none has.
func protected(p *plan.Plan, network string) []plan.Contract {
	var out, all []plan.Contract
	for _, c := range p.Contracts {
		if c.Network != network {
			continue
		}
		all = append(all, c)
		if len(c.Actions) > 0 {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// watchedTokens lists the tokens the plan watches on contract c: those of
// its balance detectors and of its tvl-outflow heuristics (not native).
func watchedTokens(p *plan.Plan, c string) []string {
	var out []string
	add := func(t string) {
		if t == "" || t == plan.NativeToken || p.Contract(t) == nil {
			return
		}
		for _, x := range out {
			if x == t {
				return
			}
		}
		out = append(out, t)
	}
	for _, d := range p.Detectors {
		if d.Contract != c {
			continue
		}
		if d.Balance != nil {
			add(d.Balance.Token)
		}
		if d.Kind == plan.KindHeuristic {
			if t, ok := d.Params["token"]; ok {
				add(fmt.Sprint(t))
			}
		}
	}
	return out
}

// planEffects lists the effects of kinds on the plan's protected contracts
// of network, as the chain is at the fork block.
func planEffects(ctx context.Context, p *plan.Plan, network string, r reader, kinds []string) []effect {
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []effect
	minted := map[string]bool{}
	for _, c := range protected(p, network) {
		native, err := r.eth.BalanceAt(ctx, c.Address, r.block)
		if err != nil {
			native = nil
		}
		if want[EffectDrainNative] {
			e := effect{Kind: EffectDrainNative, Contract: c.Name}
			if native == nil || native.Sign() == 0 {
				e.Skipped = "it holds no native currency"
			} else {
				to := fresh()
				e.Desc = fmt.Sprintf("%s wei (all of it) sent from %s to fresh %s in one transaction (made as the contract)", native, c.Name, to.Hex())
				e.calls = []call{{From: c.Address, To: to, Value: native}}
			}
			out = append(out, e)
		}
		tokens := watchedTokens(p, c.Name)
		for _, t := range tokens {
			tok := p.Contract(t).Address
			bal := r.uint(ctx, tok, "balanceOf", c.Address)
			if want[EffectDrainToken] {
				e := effect{Kind: EffectDrainToken, Contract: c.Name, Token: t}
				if bal == nil || bal.Sign() == 0 {
					e.Skipped = fmt.Sprintf("it holds no %s", t)
				} else {
					to := fresh()
					e.Desc = fmt.Sprintf("%s %s (all of it) transferred from %s to fresh %s in one transaction (made as the contract)", bal, t, c.Name, to.Hex())
					e.calls = []call{{From: c.Address, To: tok, Data: pack("transfer", to, bal)}}
				}
				out = append(out, e)
			}
			if want[EffectMint] && !minted[t] {
				minted[t] = true
				out = append(out, mintEffect(ctx, r, t, tok))
			}
		}
		if want[EffectPrivileged] {
			out = append(out, privilegedEffect(ctx, r, c))
		}
		if want[EffectUpgrade] {
			out = append(out, upgradeEffect(ctx, r, c))
		}
		if want[EffectBurst] {
			out = append(out, burstEffect(ctx, r, p, c, native, tokens))
		}
	}
	return out
}

func privilegedEffect(ctx context.Context, r reader, c plan.Contract) effect {
	e := effect{Kind: EffectPrivileged, Contract: c.Name}
	to := fresh()
	if owner, ok := r.address(ctx, c.Address, "owner"); ok {
		e.Desc = fmt.Sprintf("transferOwnership(fresh %s) on %s by its owner %s (made as that account)", to.Hex(), c.Name, owner.Hex())
		e.calls = []call{{From: owner, To: c.Address, Data: pack("transferOwnership", to)}}
		return e
	}
	admin, err := r.roleHolder(ctx, c.Address, defaultAdmin)
	if err != nil {
		e.Skipped = "no owner() and no DEFAULT_ADMIN_ROLE holder found: " + err.Error()
		return e
	}
	e.Desc = fmt.Sprintf("grantRole(DEFAULT_ADMIN_ROLE, fresh %s) on %s by its admin %s (made as that account)", to.Hex(), c.Name, admin.Hex())
	e.calls = []call{{From: admin, To: c.Address, Data: pack("grantRole", defaultAdmin, to)}}
	return e
}

// slotAddress reads an address kept in a storage slot of c.
func (r reader) slotAddress(ctx context.Context, c common.Address, slot common.Hash) (common.Address, error) {
	v, err := r.eth.StorageAt(ctx, c, slot, r.block)
	if err != nil {
		return common.Address{}, fmt.Errorf("read slot %s of %s: %w", slot.Hex(), c.Hex(), err)
	}
	return common.BytesToAddress(v), nil
}

// v5 reports whether c has OpenZeppelin 5's UPGRADE_INTERFACE_VERSION()
// (upgradeToAndCall only; before it, upgradeTo with no call).
func (r reader) v5(ctx context.Context, c common.Address) bool {
	v, err := r.call(ctx, c, "UPGRADE_INTERFACE_VERSION")
	return err == nil && len(v) == 1
}

// upgradeEffect upgrades the ERC-1967 proxy c to an unknown implementation:
// the current implementation's code, set at a fresh address with every
// occurrence of the current implementation's own address (UUPS's
// immutable __self) replaced by the fresh one, so that the proxiableUUID
// and onlyProxy checks pass and the proxy keeps working. The caller is
// the transparent proxy's admin (the owner of its ProxyAdmin) or, for a
// UUPS proxy, its owner(), else an UPGRADER_ROLE holder, else a
// DEFAULT_ADMIN_ROLE holder.
func upgradeEffect(ctx context.Context, r reader, c plan.Contract) effect {
	e := effect{Kind: EffectUpgrade, Contract: c.Name}
	impl, err := r.slotAddress(ctx, c.Address, implSlot)
	if err != nil {
		e.Skipped = err.Error()
		return e
	}
	if impl == (common.Address{}) {
		if b, err := r.slotAddress(ctx, c.Address, beaconSlot); err == nil && b != (common.Address{}) {
			e.Skipped = fmt.Sprintf("a beacon proxy (beacon %s): upgrading the beacon is not drilled", b.Hex())
			return e
		}
		e.Skipped = "not an ERC-1967 proxy (its implementation slot is empty)"
		return e
	}
	code, err := r.eth.CodeAt(ctx, impl, r.block)
	if err != nil || len(code) == 0 {
		e.Skipped = fmt.Sprintf("no code at its implementation %s (%v)", impl.Hex(), err)
		return e
	}
	to := fresh()
	e.codes = map[common.Address][]byte{to: bytes.ReplaceAll(code, impl.Bytes(), to.Bytes())}
	unknown := fmt.Sprintf("an unknown implementation at fresh %s (the code of %s)", to.Hex(), impl.Hex())

	admin, err := r.slotAddress(ctx, c.Address, adminSlot)
	if err != nil {
		e.Skipped = err.Error()
		return e
	}
	if admin != (common.Address{}) {
		// A transparent proxy: only its admin upgrades.
		if owner, ok := r.address(ctx, admin, "owner"); ok {
			data, how := pack("upgradeAndCall", c.Address, to, []byte{}), "upgradeAndCall"
			if !r.v5(ctx, admin) {
				data, how = pack("upgrade", c.Address, to), "upgrade"
			}
			e.Desc = fmt.Sprintf("%s to %s through its ProxyAdmin %s.%s by that admin's owner %s (made as that account)", c.Name, unknown, admin.Hex(), how, owner.Hex())
			e.calls = []call{{From: owner, To: admin, Data: data}}
			return e
		}
		e.Desc = fmt.Sprintf("%s.upgradeTo(%s) by its proxy admin %s (made as that account)", c.Name, unknown, admin.Hex())
		e.calls = []call{{From: admin, To: c.Address, Data: pack("upgradeTo", to)}}
		return e
	}
	who, how := common.Address{}, ""
	if owner, ok := r.address(ctx, c.Address, "owner"); ok {
		who, how = owner, "its owner"
	} else if u, err := r.roleHolder(ctx, c.Address, upgraderRole); err == nil {
		who, how = u, "an UPGRADER_ROLE holder"
	} else if a, err2 := r.roleHolder(ctx, c.Address, defaultAdmin); err2 == nil {
		who, how = a, "a DEFAULT_ADMIN_ROLE holder"
	} else {
		e.Skipped = "a UUPS proxy with no owner(), and no UPGRADER_ROLE or DEFAULT_ADMIN_ROLE holder found: " + err2.Error()
		return e
	}
	data, method := pack("upgradeToAndCall", to, []byte{}), "upgradeToAndCall"
	if !r.v5(ctx, c.Address) {
		data, method = pack("upgradeTo", to), "upgradeTo"
	}
	e.Desc = fmt.Sprintf("%s.%s(%s) by %s %s (made as that account)", c.Name, method, unknown, how, who.Hex())
	e.calls = []call{{From: who, To: c.Address, Data: data}}
	return e
}

func mintEffect(ctx context.Context, r reader, name string, tok common.Address) effect {
	e := effect{Kind: EffectMint, Contract: name, Token: name}
	supply := r.uint(ctx, tok, "totalSupply")
	if supply == nil || supply.Sign() == 0 {
		e.Skipped = "no totalSupply() to size the mint"
		return e
	}
	minter, ok := r.address(ctx, tok, "owner")
	how := "its owner"
	if !ok {
		m, err := r.roleHolder(ctx, tok, minterRole)
		if err != nil {
			e.Skipped = "no owner() and no MINTER_ROLE holder found: " + err.Error()
			return e
		}
		minter, how = m, "a MINTER_ROLE holder"
	}
	to := fresh()
	e.Desc = fmt.Sprintf("mint(fresh %s, %s) on %s (its whole supply again) by %s %s (made as that account)", to.Hex(), supply, name, how, minter.Hex())
	e.calls = []call{{From: minter, To: tok, Data: pack("mint", to, supply)}}
	return e
}

func burstEffect(ctx context.Context, r reader, p *plan.Plan, c plan.Contract, native *big.Int, tokens []string) effect {
	e := effect{Kind: EffectBurst, Contract: c.Name}
	if native != nil && native.Sign() > 0 {
		each := new(big.Int).Div(new(big.Int).Mul(native, big.NewInt(BurstSharePct)), big.NewInt(100))
		if each.Sign() > 0 {
			for range BurstCount {
				e.calls = append(e.calls, call{From: c.Address, To: fresh(), Value: each})
			}
			e.Desc = fmt.Sprintf("%d transfers of %s wei (%d%% of its native balance each) from %s to fresh addresses, in one block", BurstCount, each, BurstSharePct, c.Name)
			return e
		}
	}
	for _, t := range tokens {
		tok := p.Contract(t).Address
		bal := r.uint(ctx, tok, "balanceOf", c.Address)
		if bal == nil || bal.Sign() == 0 {
			continue
		}
		each := new(big.Int).Div(new(big.Int).Mul(bal, big.NewInt(BurstSharePct)), big.NewInt(100))
		for range BurstCount {
			e.calls = append(e.calls, call{From: c.Address, To: tok, Data: pack("transfer", fresh(), each)})
		}
		e.Token = t
		e.Desc = fmt.Sprintf("%d transfers of %s %s (%d%% of its balance each) from %s to fresh addresses, in one block", BurstCount, each, t, BurstSharePct, c.Name)
		return e
	}
	e.Skipped = "it holds neither native currency nor a watched token"
	return e
}
