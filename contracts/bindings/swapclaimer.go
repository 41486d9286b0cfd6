// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// SwapClaimerMetaData contains all meta data concerning the SwapClaimer contract.
var SwapClaimerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractPairSwap\",\"name\":\"pair\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"tokenIn\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"contractBalanceRewards\",\"name\":\"rewards\",\"type\":\"address\"}],\"name\":\"swapAndClaim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "SwapClaimer",
	Bin: "0x6080604052348015600e575f5ffd5b506102d88061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610029575f3560e01c8063c7d3d8631461002d575b5f5ffd5b61004061003b366004610262565b610042565b005b6040516323b872dd60e01b8152336004820152306024820152604481018390526001600160a01b038416906323b872dd906064016020604051808303815f875af1158015610092573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906100b691906102b2565b6100f45760405162461bcd60e51b81526004016100eb906020808252600490820152631c1d5b1b60e21b604082015260600190565b60405180910390fd5b60405163095ea7b360e01b81526001600160a01b0385811660048301526024820184905284169063095ea7b3906044016020604051808303815f875af1158015610140573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061016491906102b2565b61019a5760405162461bcd60e51b8152602060048201526007602482015266617070726f766560c81b60448201526064016100eb565b60405163d004f0f760e01b81526001600160a01b0384811660048301526024820184905285169063d004f0f7906044015f604051808303815f87803b1580156101e1575f5ffd5b505af11580156101f3573d5f5f3e3d5ffd5b50505050806001600160a01b0316634e71d92d6040518163ffffffff1660e01b81526004015f604051808303815f87803b15801561022f575f5ffd5b505af1158015610241573d5f5f3e3d5ffd5b5050505050505050565b6001600160a01b038116811461025f575f5ffd5b50565b5f5f5f5f60808587031215610275575f5ffd5b84356102808161024b565b935060208501356102908161024b565b92506040850135915060608501356102a78161024b565b939692955090935050565b5f602082840312156102c2575f5ffd5b815180151581146102d1575f5ffd5b939250505056",
}

// SwapClaimer is an auto generated Go binding around an Ethereum contract.
type SwapClaimer struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SwapClaimer) GetABI() abi.ABI {
	return c.abi
}

// NewSwapClaimer creates a new instance of SwapClaimer.
func NewSwapClaimer() *SwapClaimer {
	parsed, err := SwapClaimerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SwapClaimer{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SwapClaimer) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackSwapAndClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc7d3d863.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function swapAndClaim(address pair, address tokenIn, uint256 amount, address rewards) returns()
func (swapClaimer *SwapClaimer) PackSwapAndClaim(pair common.Address, tokenIn common.Address, amount *big.Int, rewards common.Address) []byte {
	enc, err := swapClaimer.abi.Pack("swapAndClaim", pair, tokenIn, amount, rewards)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSwapAndClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc7d3d863.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function swapAndClaim(address pair, address tokenIn, uint256 amount, address rewards) returns()
func (swapClaimer *SwapClaimer) TryPackSwapAndClaim(pair common.Address, tokenIn common.Address, amount *big.Int, rewards common.Address) ([]byte, error) {
	return swapClaimer.abi.Pack("swapAndClaim", pair, tokenIn, amount, rewards)
}
