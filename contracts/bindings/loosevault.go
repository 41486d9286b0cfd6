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

// LooseVaultMetaData contains all meta data concerning the LooseVault contract.
var LooseVaultMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"sweep\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "LooseVault",
	Bin: "0x6080604052348015600e575f5ffd5b506101e58061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610029575f3560e01c8063b8dc491b1461002d575b5f5ffd5b61004061003b366004610171565b610042565b005b6040516370a0823160e01b81523060048201526001600160a01b0383169063a9059cbb90839083906370a0823190602401602060405180830381865afa15801561008e573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906100b291906101a8565b6040516001600160e01b031960e085901b1681526001600160a01b03909216600483015260248201526044016020604051808303815f875af11580156100fa573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061011e91906101bf565b6101565760405162461bcd60e51b8152602060048201526005602482015264073776565760dc1b604482015260640160405180910390fd5b5050565b6001600160a01b038116811461016e575f5ffd5b50565b5f5f60408385031215610182575f5ffd5b823561018d8161015a565b9150602083013561019d8161015a565b809150509250929050565b5f602082840312156101b8575f5ffd5b5051919050565b5f602082840312156101cf575f5ffd5b815180151581146101de575f5ffd5b939250505056",
}

// LooseVault is an auto generated Go binding around an Ethereum contract.
type LooseVault struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *LooseVault) GetABI() abi.ABI {
	return c.abi
}

// NewLooseVault creates a new instance of LooseVault.
func NewLooseVault() *LooseVault {
	parsed, err := LooseVaultMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &LooseVault{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *LooseVault) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackSweep is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8dc491b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sweep(address token, address to) returns()
func (looseVault *LooseVault) PackSweep(token common.Address, to common.Address) []byte {
	enc, err := looseVault.abi.Pack("sweep", token, to)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSweep is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8dc491b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sweep(address token, address to) returns()
func (looseVault *LooseVault) TryPackSweep(token common.Address, to common.Address) ([]byte, error) {
	return looseVault.abi.Pack("sweep", token, to)
}
