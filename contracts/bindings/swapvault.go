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

// SwapVaultMetaData contains all meta data concerning the SwapVault contract.
var SwapVaultMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractShapePool\",\"name\":\"pool_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"pool\",\"outputs\":[{\"internalType\":\"contractShapePool\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"tokenIn\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"rebalance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "SwapVault",
	Bin: "0x60a0604052348015600e575f5ffd5b506040516102f63803806102f6833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b60805161026c61008a5f395f8181603d0152818160b40152610190015261026c5ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c806316f0115b146100385780633da9b9d01461007c575b5f5ffd5b61005f7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b61008f61008a366004610201565b61009d565b604051908152602001610073565b60405163095ea7b360e01b81526001600160a01b037f000000000000000000000000000000000000000000000000000000000000000081166004830152602482018390525f919084169063095ea7b3906044016020604051808303815f875af115801561010c573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101309190610236565b61016a5760405162461bcd60e51b8152602060048201526007602482015266617070726f766560c81b604482015260640160405180910390fd5b60405163d004f0f760e01b81526001600160a01b038481166004830152602482018490527f0000000000000000000000000000000000000000000000000000000000000000169063d004f0f7906044016020604051808303815f875af11580156101d6573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101fa9190610255565b9392505050565b5f5f60408385031215610212575f5ffd5b82356001600160a01b0381168114610228575f5ffd5b946020939093013593505050565b5f60208284031215610246575f5ffd5b815180151581146101fa575f5ffd5b5f60208284031215610265575f5ffd5b505191905056",
}

// SwapVault is an auto generated Go binding around an Ethereum contract.
type SwapVault struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SwapVault) GetABI() abi.ABI {
	return c.abi
}

// NewSwapVault creates a new instance of SwapVault.
func NewSwapVault() *SwapVault {
	parsed, err := SwapVaultMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SwapVault{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SwapVault) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address pool_) returns()
func (swapVault *SwapVault) PackConstructor(pool_ common.Address) []byte {
	enc, err := swapVault.abi.Pack("", pool_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackPool is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16f0115b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pool() view returns(address)
func (swapVault *SwapVault) PackPool() []byte {
	enc, err := swapVault.abi.Pack("pool")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPool is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16f0115b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pool() view returns(address)
func (swapVault *SwapVault) TryPackPool() ([]byte, error) {
	return swapVault.abi.Pack("pool")
}

// UnpackPool is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x16f0115b.
//
// Solidity: function pool() view returns(address)
func (swapVault *SwapVault) UnpackPool(data []byte) (common.Address, error) {
	out, err := swapVault.abi.Unpack("pool", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRebalance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3da9b9d0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rebalance(address tokenIn, uint256 amount) returns(uint256)
func (swapVault *SwapVault) PackRebalance(tokenIn common.Address, amount *big.Int) []byte {
	enc, err := swapVault.abi.Pack("rebalance", tokenIn, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRebalance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3da9b9d0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rebalance(address tokenIn, uint256 amount) returns(uint256)
func (swapVault *SwapVault) TryPackRebalance(tokenIn common.Address, amount *big.Int) ([]byte, error) {
	return swapVault.abi.Pack("rebalance", tokenIn, amount)
}

// UnpackRebalance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3da9b9d0.
//
// Solidity: function rebalance(address tokenIn, uint256 amount) returns(uint256)
func (swapVault *SwapVault) UnpackRebalance(data []byte) (*big.Int, error) {
	out, err := swapVault.abi.Unpack("rebalance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}
