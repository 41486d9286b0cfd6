package recovery

import (
	"bytes"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestParseLossesCSV(t *testing.T) {
	good := "address,amount\n" +
		"0x00000000000000000000000000000000000000a1,100\n" +
		"\n" +
		" 0x00000000000000000000000000000000000000B0 , 115792089237316195423570985008687907853269984665640564039457584007913129639935\n" +
		"0x00000000000000000000000000000000000000a1,0\n"
	ls, err := ParseLosses("losses.csv", []byte(good), nil)
	if err != nil {
		t.Fatal(err)
	}
	if ls.Token != nil || len(ls.Losses) != 3 || ls.Losses[0].Account != alice || ls.Losses[1].Account != bob ||
		ls.Losses[1].Amount.Cmp(maxUint256) != 0 || ls.Losses[2].Amount.Sign() != 0 {
		t.Fatalf("ParseLosses = %+v", ls)
	}

	tests := []struct {
		name, csv, want string
	}{
		{"empty", "", "losses.csv: empty file"},
		{"no rows", "address,amount\n", "losses.csv: no rows after the header"},
		{"header", "account,amount\n0x00000000000000000000000000000000000000a1,1\n", `losses.csv:1: header "account,amount": want address,amount`},
		{"snapshot csv", "address,balance\n0x00000000000000000000000000000000000000a1,1\n", "losses.csv:1: this is a balance snapshot"},
		{"three fields", "address,amount\n0x00000000000000000000000000000000000000a1,1,2\n", "losses.csv:2: want 2 fields (address,amount), got 3"},
		{"short address", "address,amount\n0x00000000000000000000000000000000000000a1,1\n0x1234,5\n", `losses.csv:3: address "0x1234": want 0x and 40 hex digits`},
		{"no 0x", "address,amount\n00000000000000000000000000000000000000a1aa,1\n", "losses.csv:2: address"},
		{"bad checksum", "address,amount\n0x70997970C51812dc3A010C7d01b50e0d17dc79C9,1\n", "losses.csv:2: address \"0x70997970C51812dc3A010C7d01b50e0d17dc79C9\": bad EIP-55 checksum"},
		{"negative", "address,amount\n0x00000000000000000000000000000000000000a1,-5\n", `losses.csv:2: amount "-5": want a non-negative integer`},
		{"decimal point", "address,amount\n0x00000000000000000000000000000000000000a1,1.5\n", `losses.csv:2: amount "1.5"`},
		{"exponent", "address,amount\n0x00000000000000000000000000000000000000a1,1e18\n", `losses.csv:2: amount "1e18"`},
		{"empty amount", "address,amount\n0x00000000000000000000000000000000000000a1,\n", `losses.csv:2: amount ""`},
		{"bad quote", "address,amount\n0x00000000000000000000000000000000000000a1,\"1\n", "losses.csv:2:"},
		{"line after blank", "address,amount\n0x00000000000000000000000000000000000000a1,1\n\n\n0x00000000000000000000000000000000000000a1,x\n", `losses.csv:5: amount "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLosses("losses.csv", []byte(tt.csv), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// analyzeJSON is shaped like `breakglass analyze tx --json` (PRODUCT.md).
const analyzeJSON = `{
  "tx": "0x1111111111111111111111111111111111111111111111111111111111111111",
  "block": 12, "status": 1,
  "from": "0x00000000000000000000000000000000000000ee",
  "to": "0x00000000000000000000000000000000000000ef",
  "flows": [],
  "balance_changes": [
    {"address": "0x00000000000000000000000000000000000000a1", "token": "0x000000000000000000000000000000000000aaaa", "delta": "-100"},
    {"address": "0x00000000000000000000000000000000000000b0", "token": "0x000000000000000000000000000000000000aaaa", "delta": "-50"},
    {"address": "0x00000000000000000000000000000000000000c0", "token": "0x000000000000000000000000000000000000aaaa", "delta": "7"},
    {"address": "0x00000000000000000000000000000000000000ee", "token": "0x000000000000000000000000000000000000aaaa", "delta": "143"},
    {"address": "0x00000000000000000000000000000000000000ef", "token": "0x000000000000000000000000000000000000aaaa", "delta": "-1"},
    {"address": "0x00000000000000000000000000000000000000a1", "token": "0x0000000000000000000000000000000000000000", "delta": -3000000000000000000},
    {"address": "0x00000000000000000000000000000000000000c0", "token": "0x000000000000000000000000000000000000aaaa", "token_id": "7", "delta": "-1"}
  ],
  "attackers": ["0x00000000000000000000000000000000000000ee", {"address": "0x00000000000000000000000000000000000000ef", "reason": "created by the sender"}],
  "victims": ["0x00000000000000000000000000000000000000a1"],
  "loss": {"0x000000000000000000000000000000000000aaaa": "150"}
}`

func TestParseLossesAnalysis(t *testing.T) {
	tokenA := common.HexToAddress("0xaaaa")
	native := common.Address{}

	_, err := ParseLosses("tx.json", []byte(analyzeJSON), nil)
	if err == nil || !strings.Contains(err.Error(), "losses in 2 tokens") || !strings.Contains(err.Error(), "--token") {
		t.Fatalf("two tokens without --token: %v", err)
	}
	ls, err := ParseLosses("tx.json", []byte(analyzeJSON), &tokenA)
	if err != nil {
		t.Fatal(err)
	}
	if *ls.Token != tokenA || len(ls.Losses) != 2 || ls.Losses[0] != (Loss{alice, ls.Losses[0].Amount}) ||
		ls.Losses[0].Amount.String() != "100" || ls.Losses[1].Account != bob || ls.Losses[1].Amount.String() != "50" {
		t.Fatalf("token A losses: %+v", ls.Losses)
	}
	if len(ls.Attackers) != 2 || ls.Attackers[0] != attacker || ls.Attackers[1] != common.HexToAddress("0xef") {
		t.Fatalf("attackers %v", ls.Attackers)
	}
	ls, err = ParseLosses("tx.json", []byte(analyzeJSON), &native)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Losses) != 1 || ls.Losses[0].Amount.String() != "3000000000000000000" {
		t.Fatalf("native losses: %+v", ls.Losses)
	}
	other := common.HexToAddress("0xbbbb")
	if _, err := ParseLosses("tx.json", []byte(analyzeJSON), &other); err == nil || !strings.Contains(err.Error(), "no losses in token "+other.Hex()) {
		t.Fatalf("absent token: %v", err)
	}

	bad := []struct{ name, json, want string }{
		{"no balance changes", `{"tx": "0x1"}`, "tx.json: JSON without balance_changes"},
		{"snapshot", `{"token": "0x00000000000000000000000000000000000000a1", "holders": []}`, "this is a balance snapshot"},
		{"bad delta", `{"balance_changes": [{"address": "0x00000000000000000000000000000000000000a1", "token": "0x0000000000000000000000000000000000000000", "delta": "-1.5"}]}`, "tx.json: balance_changes[0].delta"},
		{"bad address", `{"balance_changes": [{"address": "0xa1", "token": "0x0000000000000000000000000000000000000000", "delta": "-1"}]}`, "tx.json: balance_changes[0].address"},
		{"bad attacker", `{"balance_changes": [], "attackers": [5]}`, "tx.json: attackers[0]"},
		{"only attacker lost", `{"balance_changes": [{"address": "0x00000000000000000000000000000000000000ee", "token": "0x0000000000000000000000000000000000000000", "delta": "-1"}], "attackers": ["0x00000000000000000000000000000000000000ee"]}`, "no account other than the attackers lost anything"},
		{"truncated", `{"balance_changes": [`, "tx.json:"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLosses("tx.json", []byte(tt.json), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestSnapshotLossesAndFiles(t *testing.T) {
	token := common.HexToAddress("0xaaaa")
	pre := &Snapshot{Token: token, Block: 10, Holders: []Holder{
		{Address: alice, Balance: n("100"), TransferBalance: n("100")},
		{Address: bob, Balance: n("50"), TransferBalance: n("49")},
		{Address: carol, Balance: n("5"), TransferBalance: n("5")},
	}}
	post := &Snapshot{Token: token, Block: 12, Holders: []Holder{
		{Address: bob, Balance: n("20"), TransferBalance: n("20")},
		{Address: carol, Balance: n("9"), TransferBalance: n("9")},
		{Address: attacker, Balance: n("126"), TransferBalance: n("126")},
	}}
	// Round-trip both through JSON and CSV: losses must not depend on format.
	var preJSON bytes.Buffer
	b, err := pre.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	preJSON.Write(b)
	if !strings.Contains(preJSON.String(), `"mismatches": [`) || !strings.Contains(preJSON.String(), `"difference": "1"`) {
		t.Errorf("snapshot JSON does not report bob's mismatch:\n%s", preJSON.String())
	}
	var postCSV bytes.Buffer
	if err := post.WriteCSV(&postCSV); err != nil {
		t.Fatal(err)
	}
	pre2, err := ParseSnapshot("pre.json", preJSON.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	post2, err := ParseSnapshot("post.csv", postCSV.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if pre2.Token != token || pre2.Block != 10 || len(pre2.Holders) != 3 || len(pre2.Mismatches()) != 1 || pre2.Total().String() != "155" {
		t.Fatalf("pre snapshot after JSON round-trip: %+v", pre2)
	}
	for _, pair := range [][2]*Snapshot{{pre, post}, {pre2, post2}} {
		ls, err := SnapshotLosses(pair[0], pair[1])
		if err != nil {
			t.Fatal(err)
		}
		got := map[common.Address]string{}
		for _, l := range ls.Losses {
			got[l.Account] = l.Amount.String()
		}
		if len(got) != 2 || got[alice] != "100" || got[bob] != "30" || *ls.Token != token {
			t.Errorf("losses %v, want alice 100 and bob 30 (carol gained, the attacker was not a holder before)", got)
		}
	}

	if _, err := SnapshotLosses(post, pre); err == nil || !strings.Contains(err.Error(), "swap them") {
		t.Errorf("reversed snapshots: %v", err)
	}
	other := &Snapshot{Token: common.HexToAddress("0xbbbb"), Block: 12}
	if _, err := SnapshotLosses(pre, other); err == nil || !strings.Contains(err.Error(), "different tokens") {
		t.Errorf("different tokens: %v", err)
	}
	if _, err := ParseSnapshot("s.csv", []byte("address,balance\n0x00000000000000000000000000000000000000a1,1.0\n")); err == nil || !strings.Contains(err.Error(), "s.csv:2: balance") {
		t.Errorf("bad snapshot CSV: %v", err)
	}
	if _, err := ParseSnapshot("s.json", []byte(`{"token":"0x00000000000000000000000000000000000000a1"}`)); err == nil || !strings.Contains(err.Error(), "no holders") {
		t.Errorf("snapshot JSON without holders: %v", err)
	}
}

func TestParseAddressList(t *testing.T) {
	list := "address\n# attackers of incident 7\n0x00000000000000000000000000000000000000ee\n\n  0x00000000000000000000000000000000000000a1, exploit contract\n"
	got, err := ParseAddressList("exclude.txt", []byte(list))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != attacker || got[1] != alice {
		t.Fatalf("ParseAddressList = %v", got)
	}
	_, err = ParseAddressList("exclude.txt", []byte("0x00000000000000000000000000000000000000ee\n0xnothex\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "exclude.txt:2: address") {
		t.Fatalf("bad line: %v", err)
	}
	if _, err := ParseAmount("12"); err != nil {
		t.Fatal(err)
	}
	if v, err := ParseAmount("007"); err != nil || v.Cmp(big.NewInt(7)) != 0 {
		t.Fatalf("ParseAmount(007) = %v, %v", v, err)
	}
}
