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
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"},{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC1155BatchReceived\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC1155Received\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"sweep\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractIERC1155\",\"name\":\"items\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"sweepItems\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "LooseVault",
	Bin: "0x6080604052348015600e575f5ffd5b5061066e8061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610055575f3560e01c806301ffc9a7146100595780635cf0c75814610081578063b8dc491b14610096578063bc197c81146100a9578063f23a6e61146100e1575b5f5ffd5b61006c610067366004610341565b610100565b60405190151581526020015b60405180910390f35b61009461008f366004610386565b610136565b005b6100946100a43660046103c5565b610229565b6100c86100b736600461052d565b63bc197c8160e01b95945050505050565b6040516001600160e01b03199091168152602001610078565b6100c86100ef3660046105e0565b63f23a6e6160e01b95945050505050565b5f6001600160e01b03198216630271189760e51b148061013057506301ffc9a760e01b6001600160e01b03198316145b92915050565b604051627eeac760e11b81523060048201819052602482018490526001600160a01b0385169163f242432a919084908690859062fdd58e90604401602060405180830381865afa15801561018c573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101b09190610638565b6040516001600160e01b031960e087901b1681526001600160a01b0394851660048201529390921660248401526044830152606482015260a060848201525f60a482015260c4015f604051808303815f87803b15801561020e575f5ffd5b505af1158015610220573d5f5f3e3d5ffd5b50505050505050565b6040516370a0823160e01b81523060048201526001600160a01b0383169063a9059cbb90839083906370a0823190602401602060405180830381865afa158015610275573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102999190610638565b6040516001600160e01b031960e085901b1681526001600160a01b03909216600483015260248201526044016020604051808303815f875af11580156102e1573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610305919061064f565b61033d5760405162461bcd60e51b8152602060048201526005602482015264073776565760dc1b604482015260640160405180910390fd5b5050565b5f60208284031215610351575f5ffd5b81356001600160e01b031981168114610368575f5ffd5b9392505050565b6001600160a01b0381168114610383575f5ffd5b50565b5f5f5f60608486031215610398575f5ffd5b83356103a38161036f565b92506020840135915060408401356103ba8161036f565b809150509250925092565b5f5f604083850312156103d6575f5ffd5b82356103e18161036f565b915060208301356103f18161036f565b809150509250929050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f1916810167ffffffffffffffff81118282101715610439576104396103fc565b604052919050565b5f82601f830112610450575f5ffd5b813567ffffffffffffffff81111561046a5761046a6103fc565b8060051b61047a60208201610410565b91825260208185018101929081019086841115610495575f5ffd5b6020860192505b838310156104b757823582526020928301929091019061049c565b9695505050505050565b5f82601f8301126104d0575f5ffd5b813567ffffffffffffffff8111156104ea576104ea6103fc565b6104fd601f8201601f1916602001610410565b818152846020838601011115610511575f5ffd5b816020850160208301375f918101602001919091529392505050565b5f5f5f5f5f60a08688031215610541575f5ffd5b853561054c8161036f565b9450602086013561055c8161036f565b9350604086013567ffffffffffffffff811115610577575f5ffd5b61058388828901610441565b935050606086013567ffffffffffffffff81111561059f575f5ffd5b6105ab88828901610441565b925050608086013567ffffffffffffffff8111156105c7575f5ffd5b6105d3888289016104c1565b9150509295509295909350565b5f5f5f5f5f60a086880312156105f4575f5ffd5b85356105ff8161036f565b9450602086013561060f8161036f565b93506040860135925060608601359150608086013567ffffffffffffffff8111156105c7575f5ffd5b5f60208284031215610648575f5ffd5b5051919050565b5f6020828403121561065f575f5ffd5b81518015158114610368575f5ffd",
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

// PackOnERC1155BatchReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc197c81.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) returns(bytes4)
func (looseVault *LooseVault) PackOnERC1155BatchReceived(arg0 common.Address, arg1 common.Address, arg2 []*big.Int, arg3 []*big.Int, arg4 []byte) []byte {
	enc, err := looseVault.abi.Pack("onERC1155BatchReceived", arg0, arg1, arg2, arg3, arg4)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC1155BatchReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc197c81.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) returns(bytes4)
func (looseVault *LooseVault) TryPackOnERC1155BatchReceived(arg0 common.Address, arg1 common.Address, arg2 []*big.Int, arg3 []*big.Int, arg4 []byte) ([]byte, error) {
	return looseVault.abi.Pack("onERC1155BatchReceived", arg0, arg1, arg2, arg3, arg4)
}

// UnpackOnERC1155BatchReceived is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbc197c81.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) returns(bytes4)
func (looseVault *LooseVault) UnpackOnERC1155BatchReceived(data []byte) ([4]byte, error) {
	out, err := looseVault.abi.Unpack("onERC1155BatchReceived", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackOnERC1155Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf23a6e61.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) returns(bytes4)
func (looseVault *LooseVault) PackOnERC1155Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 *big.Int, arg4 []byte) []byte {
	enc, err := looseVault.abi.Pack("onERC1155Received", arg0, arg1, arg2, arg3, arg4)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC1155Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf23a6e61.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) returns(bytes4)
func (looseVault *LooseVault) TryPackOnERC1155Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 *big.Int, arg4 []byte) ([]byte, error) {
	return looseVault.abi.Pack("onERC1155Received", arg0, arg1, arg2, arg3, arg4)
}

// UnpackOnERC1155Received is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf23a6e61.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) returns(bytes4)
func (looseVault *LooseVault) UnpackOnERC1155Received(data []byte) ([4]byte, error) {
	out, err := looseVault.abi.Unpack("onERC1155Received", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (looseVault *LooseVault) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := looseVault.abi.Pack("supportsInterface", interfaceId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (looseVault *LooseVault) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return looseVault.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (looseVault *LooseVault) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := looseVault.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
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

// PackSweepItems is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5cf0c758.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sweepItems(address items, uint256 id, address to) returns()
func (looseVault *LooseVault) PackSweepItems(items common.Address, id *big.Int, to common.Address) []byte {
	enc, err := looseVault.abi.Pack("sweepItems", items, id, to)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSweepItems is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5cf0c758.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sweepItems(address items, uint256 id, address to) returns()
func (looseVault *LooseVault) TryPackSweepItems(items common.Address, id *big.Int, to common.Address) ([]byte, error) {
	return looseVault.abi.Pack("sweepItems", items, id, to)
}
