package detect

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestAmountOf: the native currency reads in units with the network's
// symbol (not "100000000000000000000 native"); a token whose decimals the
// detectors do not know stays in base units with its address.
func TestAmountOf(t *testing.T) {
	v, _ := new(big.Int).SetString("100000000000000000000", 10)
	tok := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	tests := []struct {
		ni   *netIndex
		tok  common.Address
		want string
	}{
		{&netIndex{native: "ETH"}, common.Address{}, "100 ETH"},
		{&netIndex{native: "POL"}, common.Address{}, "100 POL"},
		{nil, common.Address{}, "100 ETH"},
		{&netIndex{native: "ETH"}, tok, "100000000000000000000 0x0000…00AA"},
	}
	for _, tt := range tests {
		if got := tt.ni.amountOf(v, tt.tok); got != tt.want {
			t.Errorf("amountOf(%s, %s) = %q, want %q", v, tt.tok, got, tt.want)
		}
	}
}
