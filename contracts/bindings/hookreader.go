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

// HookReaderMetaData contains all meta data concerning the HookReader contract.
var HookReaderMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractHookMintNFT\",\"name\":\"nft_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"mintOne\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nft\",\"outputs\":[{\"internalType\":\"contractHookMintNFT\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC721Received\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"seen\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "HookReader",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161040238038061040283398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b60805161036b6100975f395f8181608e0152818160e00152818161017001526101fc015261036b5ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c80630ced86371461004e578063150b7a021461005857806347ccca0214610089578063d99aa8e2146100c8575b5f5ffd5b6100566100de565b005b61006b610066366004610299565b61014e565b6040516001600160e01b031990911681526020015b60405180910390f35b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610080565b6100d05f5481565b604051908152602001610080565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316631249c58b6040518163ffffffff1660e01b81526004015f604051808303815f87803b158015610136575f5ffd5b505af1158015610148573d5f5f3e3d5ffd5b50505050565b6040516331a9108f60e11b8152600481018490525f9030906001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001690636352211e90602401602060405180830381865afa1580156101b5573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101d99190610332565b6001600160a01b031603610270576040516370a0823160e01b81523060048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa158015610249573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061026d9190610354565b5f555b50630a85bd0160e11b95945050505050565b6001600160a01b0381168114610296575f5ffd5b50565b5f5f5f5f5f608086880312156102ad575f5ffd5b85356102b881610282565b945060208601356102c881610282565b935060408601359250606086013567ffffffffffffffff8111156102ea575f5ffd5b8601601f810188136102fa575f5ffd5b803567ffffffffffffffff811115610310575f5ffd5b886020828401011115610321575f5ffd5b959894975092955050506020019190565b5f60208284031215610342575f5ffd5b815161034d81610282565b9392505050565b5f60208284031215610364575f5ffd5b505191905056",
}

// HookReader is an auto generated Go binding around an Ethereum contract.
type HookReader struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *HookReader) GetABI() abi.ABI {
	return c.abi
}

// NewHookReader creates a new instance of HookReader.
func NewHookReader() *HookReader {
	parsed, err := HookReaderMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &HookReader{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *HookReader) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address nft_) returns()
func (hookReader *HookReader) PackConstructor(nft_ common.Address) []byte {
	enc, err := hookReader.abi.Pack("", nft_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMintOne is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0ced8637.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mintOne() returns()
func (hookReader *HookReader) PackMintOne() []byte {
	enc, err := hookReader.abi.Pack("mintOne")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMintOne is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0ced8637.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mintOne() returns()
func (hookReader *HookReader) TryPackMintOne() ([]byte, error) {
	return hookReader.abi.Pack("mintOne")
}

// PackNft is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47ccca02.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nft() view returns(address)
func (hookReader *HookReader) PackNft() []byte {
	enc, err := hookReader.abi.Pack("nft")
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
func (hookReader *HookReader) TryPackNft() ([]byte, error) {
	return hookReader.abi.Pack("nft")
}

// UnpackNft is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x47ccca02.
//
// Solidity: function nft() view returns(address)
func (hookReader *HookReader) UnpackNft(data []byte) (common.Address, error) {
	out, err := hookReader.abi.Unpack("nft", data)
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
// Solidity: function onERC721Received(address , address , uint256 tokenId, bytes ) returns(bytes4)
func (hookReader *HookReader) PackOnERC721Received(arg0 common.Address, arg1 common.Address, tokenId *big.Int, arg3 []byte) []byte {
	enc, err := hookReader.abi.Pack("onERC721Received", arg0, arg1, tokenId, arg3)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC721Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x150b7a02.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC721Received(address , address , uint256 tokenId, bytes ) returns(bytes4)
func (hookReader *HookReader) TryPackOnERC721Received(arg0 common.Address, arg1 common.Address, tokenId *big.Int, arg3 []byte) ([]byte, error) {
	return hookReader.abi.Pack("onERC721Received", arg0, arg1, tokenId, arg3)
}

// UnpackOnERC721Received is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x150b7a02.
//
// Solidity: function onERC721Received(address , address , uint256 tokenId, bytes ) returns(bytes4)
func (hookReader *HookReader) UnpackOnERC721Received(data []byte) ([4]byte, error) {
	out, err := hookReader.abi.Unpack("onERC721Received", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackSeen is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd99aa8e2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function seen() view returns(uint256)
func (hookReader *HookReader) PackSeen() []byte {
	enc, err := hookReader.abi.Pack("seen")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSeen is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd99aa8e2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function seen() view returns(uint256)
func (hookReader *HookReader) TryPackSeen() ([]byte, error) {
	return hookReader.abi.Pack("seen")
}

// UnpackSeen is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd99aa8e2.
//
// Solidity: function seen() view returns(uint256)
func (hookReader *HookReader) UnpackSeen(data []byte) (*big.Int, error) {
	out, err := hookReader.abi.Unpack("seen", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}
