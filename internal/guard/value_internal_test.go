package guard

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/breakglass-dev/breakglass/internal/chain"
	"github.com/breakglass-dev/breakglass/internal/detect"
	"github.com/breakglass-dev/breakglass/internal/forensics"
)

// TestAtRisk: the value at risk is the net outflow, per token, of the
// contracts the alerts are about, read from the simulated call tree —
// native value paid out by the pool's frames and ERC-20 transfers out of
// it — and leaves out another protected contract's trade (the AMM pays
// one token for another) and frames that reverted.
func TestAtRisk(t *testing.T) {
	pool, amm, token, other, attacker := common.Address{0x10}, common.Address{0x20}, common.Address{0x30}, common.Address{0x31}, common.Address{0xa}
	transfer := func(tok, from, to common.Address, amount int64) chain.CallLog {
		return chain.CallLog{Address: tok, Topics: []common.Hash{crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)")),
			common.BytesToHash(from.Bytes()), common.BytesToHash(to.Bytes())}, Data: common.BigToHash(big.NewInt(amount)).Bytes()}
	}
	eth := func(n int64) *hexutil.Big { return (*hexutil.Big)(new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18))) }
	frame := &chain.CallFrame{Type: "CALL", From: common.Address{0xee}, To: &attacker, Calls: []*chain.CallFrame{
		{Type: "CALL", From: attacker, To: &pool, Calls: []*chain.CallFrame{
			{Type: "CALL", From: pool, To: &attacker, Value: eth(3)},
			{Type: "CALL", From: pool, To: &token, Logs: []chain.CallLog{transfer(token, pool, attacker, 500)}},
		}},
		{Type: "CALL", From: attacker, To: &pool, Value: eth(1)},
		{Type: "CALL", From: attacker, To: &amm, Calls: []*chain.CallFrame{
			{Type: "CALL", From: amm, To: &token, Logs: []chain.CallLog{transfer(token, attacker, amm, 100)}},
			{Type: "CALL", From: amm, To: &other, Logs: []chain.CallLog{transfer(other, amm, attacker, 90)}},
		}},
		{Type: "CALL", From: attacker, To: &pool, Error: "execution reverted", Calls: []*chain.CallFrame{
			{Type: "CALL", From: pool, To: &attacker, Value: eth(50)},
		}},
	}}
	dec, err := forensics.NewDecoder(nil)
	if err != nil {
		t.Fatal(err)
	}
	g := &Guard{decoder: dec, names: map[common.Address]string{pool: "pool", amm: "amm", token: "dusd", other: "dcol"}}
	got := g.atRisk(frame, []detect.Alert{{Contract: pool}})
	want := map[common.Address]string{forensics.Native: "2000000000000000000", token: "500"}
	if len(got) != len(want) {
		t.Fatalf("at risk %+v, want %v", got, want)
	}
	for _, v := range got {
		if v.Contract != pool || v.ContractName != "pool" || want[v.Token] != v.Amount {
			t.Errorf("at risk %+v, want pool's %s of %s", v, want[v.Token], v.Token)
		}
	}
	if got[0].Symbol != "ETH" || got[1].Symbol != "dusd" {
		t.Errorf("symbols %q, %q; want ETH, dusd", got[0].Symbol, got[1].Symbol)
	}
	if s := FormatValue(got[0]); s != "2 ETH from pool" {
		t.Errorf("FormatValue = %q", s)
	}
	big := Value{Symbol: "dusd", ContractName: "pool", Decimals: ptr(uint8(18)), Amount: "1049242796573307642924474"}
	if s := FormatValue(big); s != "1,049,242.796573307642924474 dusd from pool" {
		t.Errorf("FormatValue = %q, want grouped units", s)
	}
}

// TestValueLabels: a value names its token and contract by their plan
// names, and by their addresses when it has none.
func TestValueLabels(t *testing.T) {
	tok, pool := common.HexToAddress("0x00000000000000000000000000000000000000d5"), common.HexToAddress("0x00000000000000000000000000000000000000a1")
	for _, tc := range []struct {
		v               Value
		token, contract string
	}{
		{Value{Token: tok, Symbol: "dusd", Contract: pool, ContractName: "pool"}, "dusd", "pool"},
		{Value{Token: tok, Contract: pool}, tok.Hex(), pool.Hex()},
	} {
		if got := tc.v.TokenLabel(); got != tc.token {
			t.Errorf("TokenLabel of %+v = %q, want %q", tc.v, got, tc.token)
		}
		if got := tc.v.ContractLabel(); got != tc.contract {
			t.Errorf("ContractLabel of %+v = %q, want %q", tc.v, got, tc.contract)
		}
	}
	if s := FormatValue(Value{Token: tok, Contract: pool, Amount: "7"}); s != "7 base units of "+tok.Hex()+" from "+pool.Hex() {
		t.Errorf("FormatValue without names or decimals = %q", s)
	}
}
