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

// HookMinterMetaData contains all meta data concerning the HookMinter contract.
var HookMinterMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractHookMintNFT\",\"name\":\"nft_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"times\",\"type\":\"uint256\"}],\"name\":\"attack\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nft\",\"outputs\":[{\"internalType\":\"contractHookMintNFT\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC721Received\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"remaining\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "HookMinter",
	Bin: "0x60a0604052348015600e575f5ffd5b50604051610372380380610372833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b6080516102e761008b5f395f8181608401528181610109015261019001526102e75ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c8063150b7a021461004e57806347ccca021461007f57806355234ec0146100be57806364dd891a146100d4575b5f5ffd5b61006161005c36600461021a565b6100e9565b6040516001600160e01b031990911681526020015b60405180910390f35b6100a67f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610076565b6100c65f5481565b604051908152602001610076565b6100e76100e23660046102af565b610188565b005b5f60015f541115610176575f80549080610102836102c6565b91905055507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316631249c58b6040518163ffffffff1660e01b81526004015f604051808303815f87803b15801561015f575f5ffd5b505af1158015610171573d5f5f3e3d5ffd5b505050505b50630a85bd0160e11b95945050505050565b805f819055507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316631249c58b6040518163ffffffff1660e01b81526004015f604051808303815f87803b1580156101e6575f5ffd5b505af11580156101f8573d5f5f3e3d5ffd5b5050505050565b80356001600160a01b0381168114610215575f5ffd5b919050565b5f5f5f5f5f6080868803121561022e575f5ffd5b610237866101ff565b9450610245602087016101ff565b935060408601359250606086013567ffffffffffffffff811115610267575f5ffd5b8601601f81018813610277575f5ffd5b803567ffffffffffffffff81111561028d575f5ffd5b88602082840101111561029e575f5ffd5b959894975092955050506020019190565b5f602082840312156102bf575f5ffd5b5035919050565b5f816102e057634e487b7160e01b5f52601160045260245ffd5b505f19019056",
}

// HookMinter is an auto generated Go binding around an Ethereum contract.
type HookMinter struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *HookMinter) GetABI() abi.ABI {
	return c.abi
}

// NewHookMinter creates a new instance of HookMinter.
func NewHookMinter() *HookMinter {
	parsed, err := HookMinterMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &HookMinter{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *HookMinter) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address nft_) returns()
func (hookMinter *HookMinter) PackConstructor(nft_ common.Address) []byte {
	enc, err := hookMinter.abi.Pack("", nft_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAttack is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64dd891a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attack(uint256 times) returns()
func (hookMinter *HookMinter) PackAttack(times *big.Int) []byte {
	enc, err := hookMinter.abi.Pack("attack", times)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttack is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64dd891a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attack(uint256 times) returns()
func (hookMinter *HookMinter) TryPackAttack(times *big.Int) ([]byte, error) {
	return hookMinter.abi.Pack("attack", times)
}

// PackNft is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47ccca02.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nft() view returns(address)
func (hookMinter *HookMinter) PackNft() []byte {
	enc, err := hookMinter.abi.Pack("nft")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNft is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47ccca02.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nft() view returns(address)
func (hookMinter *HookMinter) TryPackNft() ([]byte, error) {
	return hookMinter.abi.Pack("nft")
}

// UnpackNft is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x47ccca02.
//
// Solidity: function nft() view returns(address)
func (hookMinter *HookMinter) UnpackNft(data []byte) (common.Address, error) {
	out, err := hookMinter.abi.Unpack("nft", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackOnERC721Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x150b7a02.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (hookMinter *HookMinter) PackOnERC721Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 []byte) []byte {
	enc, err := hookMinter.abi.Pack("onERC721Received", arg0, arg1, arg2, arg3)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC721Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x150b7a02.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (hookMinter *HookMinter) TryPackOnERC721Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 []byte) ([]byte, error) {
	return hookMinter.abi.Pack("onERC721Received", arg0, arg1, arg2, arg3)
}

// UnpackOnERC721Received is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x150b7a02.
//
// Solidity: function onERC721Received(address , address , uint256 , bytes ) returns(bytes4)
func (hookMinter *HookMinter) UnpackOnERC721Received(data []byte) ([4]byte, error) {
	out, err := hookMinter.abi.Unpack("onERC721Received", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackRemaining is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x55234ec0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function remaining() view returns(uint256)
func (hookMinter *HookMinter) PackRemaining() []byte {
	enc, err := hookMinter.abi.Pack("remaining")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemaining is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x55234ec0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function remaining() view returns(uint256)
func (hookMinter *HookMinter) TryPackRemaining() ([]byte, error) {
	return hookMinter.abi.Pack("remaining")
}

// UnpackRemaining is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x55234ec0.
//
// Solidity: function remaining() view returns(uint256)
func (hookMinter *HookMinter) UnpackRemaining(data []byte) (*big.Int, error) {
	out, err := hookMinter.abi.Unpack("remaining", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}
