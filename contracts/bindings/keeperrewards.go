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

// KeeperRewardsMetaData contains all meta data concerning the KeeperRewards contract.
var KeeperRewardsMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"reward_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"claimFor\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"owed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reward\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"setOwed\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "KeeperRewards",
	Bin: "0x60a0604052348015600e575f5ffd5b506040516102e23803806102e2833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b60805161025e6100845f395f818160530152610138015261025e5ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c8063228cb7331461004e57806329e9511414610092578063ddeae033146100bd578063df18e047146100d0575b5f5ffd5b6100757f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b6100bb6100a03660046101f7565b6001600160a01b039091165f90815260208190526040902055565b005b6100bb6100cb36600461021f565b6100fd565b6100ef6100de36600461021f565b5f6020819052908152604090205481565b604051908152602001610089565b6001600160a01b038181165f8181526020819052604080822080549290555163a9059cbb60e01b8152600481019290925260248201819052917f0000000000000000000000000000000000000000000000000000000000000000169063a9059cbb906044016020604051808303815f875af115801561017e573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101a2919061023f565b6101d85760405162461bcd60e51b815260206004820152600360248201526270617960e81b604482015260640160405180910390fd5b5050565b80356001600160a01b03811681146101f2575f5ffd5b919050565b5f5f60408385031215610208575f5ffd5b610211836101dc565b946020939093013593505050565b5f6020828403121561022f575f5ffd5b610238826101dc565b9392505050565b5f6020828403121561024f575f5ffd5b81518015158114610238575f5ffd",
}

// KeeperRewards is an auto generated Go binding around an Ethereum contract.
type KeeperRewards struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *KeeperRewards) GetABI() abi.ABI {
	return c.abi
}

// NewKeeperRewards creates a new instance of KeeperRewards.
func NewKeeperRewards() *KeeperRewards {
	parsed, err := KeeperRewardsMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &KeeperRewards{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *KeeperRewards) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address reward_) returns()
func (keeperRewards *KeeperRewards) PackConstructor(reward_ common.Address) []byte {
	enc, err := keeperRewards.abi.Pack("", reward_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackClaimFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddeae033.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimFor(address account) returns()
func (keeperRewards *KeeperRewards) PackClaimFor(account common.Address) []byte {
	enc, err := keeperRewards.abi.Pack("claimFor", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddeae033.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimFor(address account) returns()
func (keeperRewards *KeeperRewards) TryPackClaimFor(account common.Address) ([]byte, error) {
	return keeperRewards.abi.Pack("claimFor", account)
}

// PackOwed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdf18e047.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owed(address ) view returns(uint256)
func (keeperRewards *KeeperRewards) PackOwed(arg0 common.Address) []byte {
	enc, err := keeperRewards.abi.Pack("owed", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdf18e047.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owed(address ) view returns(uint256)
func (keeperRewards *KeeperRewards) TryPackOwed(arg0 common.Address) ([]byte, error) {
	return keeperRewards.abi.Pack("owed", arg0)
}

// UnpackOwed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdf18e047.
//
// Solidity: function owed(address ) view returns(uint256)
func (keeperRewards *KeeperRewards) UnpackOwed(data []byte) (*big.Int, error) {
	out, err := keeperRewards.abi.Unpack("owed", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackReward is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x228cb733.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reward() view returns(address)
func (keeperRewards *KeeperRewards) PackReward() []byte {
	enc, err := keeperRewards.abi.Pack("reward")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReward is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x228cb733.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reward() view returns(address)
func (keeperRewards *KeeperRewards) TryPackReward() ([]byte, error) {
	return keeperRewards.abi.Pack("reward")
}

// UnpackReward is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x228cb733.
//
// Solidity: function reward() view returns(address)
func (keeperRewards *KeeperRewards) UnpackReward(data []byte) (common.Address, error) {
	out, err := keeperRewards.abi.Unpack("reward", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSetOwed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x29e95114.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setOwed(address account, uint256 amount) returns()
func (keeperRewards *KeeperRewards) PackSetOwed(account common.Address, amount *big.Int) []byte {
	enc, err := keeperRewards.abi.Pack("setOwed", account, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetOwed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x29e95114.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setOwed(address account, uint256 amount) returns()
func (keeperRewards *KeeperRewards) TryPackSetOwed(account common.Address, amount *big.Int) ([]byte, error) {
	return keeperRewards.abi.Pack("setOwed", account, amount)
}
