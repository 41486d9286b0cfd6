package recovery

import (
	"bytes"
	"encoding/csv"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

var (
	alice    = common.HexToAddress("0x00000000000000000000000000000000000000a1")
	bob      = common.HexToAddress("0x00000000000000000000000000000000000000b0")
	carol    = common.HexToAddress("0x00000000000000000000000000000000000000c0")
	attacker = common.HexToAddress("0x00000000000000000000000000000000000000ee")
)

func n(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad test number " + s)
	}
	return v
}

func loss(a common.Address, amount string) Loss { return Loss{Account: a, Amount: n(amount)} }

func TestCompensate(t *testing.T) {
	type want struct {
		claims    map[common.Address]string
		losses    string
		eligible  string
		total     string
		dust      string
		claimants int
		zero      int
		excluded  int
	}
	// alice lost 100 and bob 50; paid in full, each gets back what it lost.
	aliceBob := []Loss{loss(alice, "100"), loss(bob, "50")}
	paidInFull := want{claims: map[common.Address]string{alice: "100", bob: "50"}, losses: "150", eligible: "150", total: "150", dust: "0", claimants: 2}
	tests := []struct {
		name    string
		losses  []Loss
		policy  Policy
		want    want
		wantErr string
	}{
		{
			name:   "full",
			losses: aliceBob,
			policy: Policy{Kind: PolicyFull},
			want:   paidInFull,
		},
		{
			name:   "full within budget",
			losses: aliceBob,
			policy: Policy{Kind: PolicyFull, Budget: n("150")},
			want:   paidInFull,
		},
		{
			name:    "full over budget",
			losses:  aliceBob,
			policy:  Policy{Kind: PolicyFull, Budget: n("149")},
			wantErr: "full compensation needs 150 but the budget is 149",
		},
		{
			name:   "pro-rata with dust",
			losses: []Loss{loss(alice, "10"), loss(bob, "10"), loss(carol, "10")},
			policy: Policy{Kind: PolicyProRata, Budget: n("20")},
			want:   want{claims: map[common.Address]string{alice: "6", bob: "6", carol: "6"}, losses: "30", eligible: "30", total: "18", dust: "2", claimants: 3},
		},
		{
			name: "pro-rata 18 decimals",
			losses: []Loss{
				loss(alice, "1000000000000000000000000"), // 1e24
				loss(bob, "333333333333333333333333"),
				loss(carol, "1"),
			},
			policy: Policy{Kind: PolicyProRata, Budget: n("500000000000000000000000")},
			// share = floor(loss * 5e23 / 1333333333333333333333334)
			want: want{
				claims:   map[common.Address]string{alice: "374999999999999999999999", bob: "124999999999999999999999"},
				losses:   "1333333333333333333333334",
				eligible: "1333333333333333333333334",
				total:    "499999999999999999999998", dust: "2", claimants: 3, zero: 1,
			},
		},
		{
			name:   "pro-rata budget above total pays in full",
			losses: aliceBob,
			policy: Policy{Kind: PolicyProRata, Budget: n("1000")},
			want:   paidInFull,
		},
		{
			name:   "pro-rata budget equal to total",
			losses: aliceBob,
			policy: Policy{Kind: PolicyProRata, Budget: n("150")},
			want:   paidInFull,
		},
		{
			name:   "cap",
			losses: []Loss{loss(alice, "100"), loss(bob, "30")},
			policy: Policy{Kind: PolicyFull, Cap: n("50")},
			want:   want{claims: map[common.Address]string{alice: "50", bob: "30"}, losses: "130", eligible: "80", total: "80", dust: "0", claimants: 2},
		},
		{
			name:   "cap then pro-rata",
			losses: []Loss{loss(alice, "100"), loss(bob, "30")},
			policy: Policy{Kind: PolicyProRata, Cap: n("50"), Budget: n("40")},
			want:   want{claims: map[common.Address]string{alice: "25", bob: "15"}, losses: "130", eligible: "80", total: "40", dust: "0", claimants: 2},
		},
		{
			name:   "exclude attacker",
			losses: []Loss{loss(alice, "100"), loss(attacker, "500"), loss(attacker, "1")},
			policy: Policy{Kind: PolicyFull, Exclude: []common.Address{attacker}},
			want:   want{claims: map[common.Address]string{alice: "100"}, losses: "100", eligible: "100", total: "100", dust: "0", claimants: 1, excluded: 1},
		},
		{
			name:   "duplicates summed",
			losses: []Loss{loss(alice, "40"), loss(bob, "1"), loss(alice, "60")},
			policy: Policy{Kind: PolicyFull},
			want:   want{claims: map[common.Address]string{alice: "100", bob: "1"}, losses: "101", eligible: "101", total: "101", dust: "0", claimants: 2},
		},
		{
			name:   "zero dropped",
			losses: []Loss{loss(alice, "0"), loss(bob, "5")},
			policy: Policy{Kind: PolicyFull},
			want:   want{claims: map[common.Address]string{bob: "5"}, losses: "5", eligible: "5", total: "5", dust: "0", claimants: 1},
		},
		{
			name:   "share rounded to zero",
			losses: []Loss{loss(alice, "1"), loss(bob, "1000")},
			policy: Policy{Kind: PolicyProRata, Budget: n("500")},
			want:   want{claims: map[common.Address]string{bob: "499"}, losses: "1001", eligible: "1001", total: "499", dust: "1", claimants: 2, zero: 1},
		},
		{name: "nothing left", losses: []Loss{loss(attacker, "5"), loss(alice, "0")}, policy: Policy{Kind: PolicyFull, Exclude: []common.Address{attacker}}, wantErr: "no losses to compensate"},
		{name: "pro-rata without budget", losses: []Loss{loss(alice, "1")}, policy: Policy{Kind: PolicyProRata}, wantErr: "pro-rata needs a budget"},
		{name: "zero budget", losses: []Loss{loss(alice, "1")}, policy: Policy{Kind: PolicyProRata, Budget: n("0")}, wantErr: "budget 0: must be positive"},
		{name: "zero cap", losses: []Loss{loss(alice, "1")}, policy: Policy{Kind: PolicyFull, Cap: n("0")}, wantErr: "cap 0: must be positive"},
		{name: "unknown policy", losses: []Loss{loss(alice, "1")}, policy: Policy{Kind: "half"}, wantErr: `policy "half"`},
		{name: "negative loss", losses: []Loss{{Account: alice, Amount: big.NewInt(-1)}}, policy: Policy{Kind: PolicyFull}, wantErr: "not a non-negative integer"},
		{name: "budget rounds all to zero", losses: []Loss{loss(alice, "10"), loss(bob, "10")}, policy: Policy{Kind: PolicyProRata, Budget: n("1")}, wantErr: "rounds every share down to zero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Compensate(tt.losses, tt.policy)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := make(map[common.Address]string)
			for i, c := range d.Claims {
				got[c.Account] = c.Amount.String()
				if i > 0 && bytes.Compare(d.Claims[i-1].Account[:], c.Account[:]) >= 0 {
					t.Errorf("claims not sorted by address at %d", i)
				}
			}
			if len(got) != len(tt.want.claims) {
				t.Errorf("claims %v, want %v", got, tt.want.claims)
			}
			for a, w := range tt.want.claims {
				if got[a] != w {
					t.Errorf("claim of %s = %q, want %s", a.Hex(), got[a], w)
				}
			}
			for _, f := range []struct {
				name      string
				got, want string
			}{
				{"losses", d.Losses.String(), tt.want.losses},
				{"eligible", d.Eligible.String(), tt.want.eligible},
				{"total", d.Total.String(), tt.want.total},
				{"dust", d.Dust.String(), tt.want.dust},
			} {
				if f.got != f.want {
					t.Errorf("%s = %s, want %s", f.name, f.got, f.want)
				}
			}
			if d.Claimants != tt.want.claimants || d.RoundedToZero != tt.want.zero || len(d.Excluded) != tt.want.excluded {
				t.Errorf("claimants %d rounded-to-zero %d excluded %d, want %d %d %d",
					d.Claimants, d.RoundedToZero, len(d.Excluded), tt.want.claimants, tt.want.zero, tt.want.excluded)
			}
			if tt.policy.Budget != nil && d.Total.Cmp(tt.policy.Budget) > 0 {
				t.Errorf("total %s above budget %s", d.Total, tt.policy.Budget)
			}
		})
	}
}

// FuzzProRata checks the pro-rata invariants on arbitrary losses and
// budgets: the total never exceeds the budget, total + dust is the budget
// when it is short, no one gets more than their capped loss, and each share
// is the floor of the exact proportional share.
func FuzzProRata(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint64(7), uint64(0))
	f.Add([]byte{255, 255, 255, 255, 0, 0, 1}, uint64(1), uint64(3))
	f.Add(bytes.Repeat([]byte{17, 250, 3}, 40), uint64(1<<62), uint64(1<<40))
	f.Fuzz(func(t *testing.T, data []byte, budget, capAmount uint64) {
		if budget == 0 {
			return
		}
		// Each 3 bytes are a loss: an account out of 16 (so duplicates
		// happen) and an amount scaled up to 18-decimal magnitudes.
		var losses []Loss
		for i := 0; i+2 < len(data); i += 3 {
			amount := new(big.Int).SetUint64(uint64(data[i+1])<<8 | uint64(data[i+2]))
			amount.Mul(amount, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(data[i]%20)), nil))
			losses = append(losses, Loss{Account: common.BytesToAddress([]byte{data[i] >> 4}), Amount: amount})
		}
		p := Policy{Kind: PolicyProRata, Budget: new(big.Int).SetUint64(budget)}
		if capAmount > 0 {
			p.Cap = new(big.Int).SetUint64(capAmount)
		}
		d, err := Compensate(losses, p)
		if err != nil {
			if strings.Contains(err.Error(), "no losses") || strings.Contains(err.Error(), "rounds every share down") {
				return
			}
			t.Fatal(err)
		}
		if d.Total.Cmp(p.Budget) > 0 {
			t.Fatalf("total %s above budget %s", d.Total, p.Budget)
		}
		short := d.Eligible.Cmp(p.Budget) > 0
		if short && new(big.Int).Add(d.Total, d.Dust).Cmp(p.Budget) != 0 {
			t.Fatalf("total %s + dust %s != budget %s", d.Total, d.Dust, p.Budget)
		}
		if !short && (d.Total.Cmp(d.Eligible) != 0 || d.Dust.Sign() != 0) {
			t.Fatalf("budget %s covers %s but paid %s with dust %s", p.Budget, d.Eligible, d.Total, d.Dust)
		}
		merged := make(map[common.Address]*big.Int)
		for _, l := range losses {
			if merged[l.Account] == nil {
				merged[l.Account] = new(big.Int)
			}
			merged[l.Account].Add(merged[l.Account], l.Amount)
		}
		for _, c := range d.Claims {
			e := merged[c.Account]
			if p.Cap != nil && e.Cmp(p.Cap) > 0 {
				e = p.Cap
			}
			if c.Amount.Sign() <= 0 || c.Amount.Cmp(e) > 0 {
				t.Fatalf("%s gets %s for an eligible loss of %s", c.Account.Hex(), c.Amount, e)
			}
			if short {
				// c.Amount <= e*B/E < c.Amount+1
				lhs := new(big.Int).Mul(c.Amount, d.Eligible)
				exact := new(big.Int).Mul(e, p.Budget)
				rhs := new(big.Int).Add(lhs, d.Eligible)
				if lhs.Cmp(exact) > 0 || rhs.Cmp(exact) <= 0 {
					t.Fatalf("share %s is not floor(%s × %s / %s)", c.Amount, e, p.Budget, d.Eligible)
				}
			}
		}
	})
}

func TestDistributionTreeAndProofsCSV(t *testing.T) {
	d, err := Compensate([]Loss{loss(alice, "10"), loss(bob, "20"), loss(carol, "30")}, Policy{Kind: PolicyProRata, Budget: n("50")})
	if err != nil {
		t.Fatal(err)
	}
	tree, err := NewMerkleTree(d.Claims)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteProofsCSV(&buf, tree); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "index,address,amount,root,proof" || len(rows) != 4 {
		t.Fatalf("proofs CSV:\n%v", rows)
	}
	for _, row := range rows[1:] {
		amount := n(row[2])
		var proof []common.Hash
		for _, h := range strings.Split(row[4], ";") {
			proof = append(proof, common.HexToHash(h))
		}
		root := common.HexToHash(row[3])
		if root != tree.Root() {
			t.Errorf("row root %s, tree root %s", root.Hex(), tree.Root().Hex())
		}
		if !VerifyProof(root, Claim{Account: common.HexToAddress(row[1]), Amount: amount}, proof) {
			t.Errorf("row %v does not verify", row)
		}
	}
}
