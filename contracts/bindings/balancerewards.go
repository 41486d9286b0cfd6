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

// BalanceRewardsMetaData contains all meta data concerning the BalanceRewards contract.
var BalanceRewardsMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"stake_\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"reward_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"claimed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reward\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"stake\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "BalanceRewards",
	Bin: "0x60c060405234801561000f575f5ffd5b5060405161040438038061040483398101604081905261002e91610060565b6001600160a01b039182166080521660a052610091565b80516001600160a01b038116811461005b575f5ffd5b919050565b5f5f60408385031215610071575f5ffd5b61007a83610045565b915061008860208401610045565b90509250929050565b60805160a0516103466100be5f395f81816053015261017201525f8181609701526101aa01526103465ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c8063228cb7331461004e5780633a4b66f1146100925780634e71d92d146100b9578063c884ef83146100c3575b5f5ffd5b6100757f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b6100757f000000000000000000000000000000000000000000000000000000000000000081565b6100c16100f5565b005b6100e56100d13660046102c4565b5f6020819052908152604090205460ff1681565b6040519015158152602001610089565b335f9081526020819052604090205460ff16156101435760405162461bcd60e51b815260206004820152600760248201526618db185a5b595960ca1b60448201526064015b60405180910390fd5b335f8181526020819052604090819020805460ff19166001179055516370a0823160e01b8152600481018290527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b039081169263a9059cbb929091600a917f0000000000000000000000000000000000000000000000000000000000000000909116906370a0823190602401602060405180830381865afa1580156101f1573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061021591906102f1565b61021f9190610308565b6040516001600160e01b031960e085901b1681526001600160a01b03909216600483015260248201526044016020604051808303815f875af1158015610267573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061028b9190610327565b6102c25760405162461bcd60e51b81526020600482015260086024820152673a3930b739b332b960c11b604482015260640161013a565b565b5f602082840312156102d4575f5ffd5b81356001600160a01b03811681146102ea575f5ffd5b9392505050565b5f60208284031215610301575f5ffd5b5051919050565b5f8261032257634e487b7160e01b5f52601260045260245ffd5b500490565b5f60208284031215610337575f5ffd5b815180151581146102ea575f5ffd",
}

// BalanceRewards is an auto generated Go binding around an Ethereum contract.
type BalanceRewards struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BalanceRewards) GetABI() abi.ABI {
	return c.abi
}

// NewBalanceRewards creates a new instance of BalanceRewards.
func NewBalanceRewards() *BalanceRewards {
	parsed, err := BalanceRewardsMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BalanceRewards{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BalanceRewards) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address stake_, address reward_) returns()
func (balanceRewards *BalanceRewards) PackConstructor(stake_ common.Address, reward_ common.Address) []byte {
	enc, err := balanceRewards.abi.Pack("", stake_, reward_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e71d92d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim() returns()
func (balanceRewards *BalanceRewards) PackClaim() []byte {
	enc, err := balanceRewards.abi.Pack("claim")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e71d92d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim() returns()
func (balanceRewards *BalanceRewards) TryPackClaim() ([]byte, error) {
	return balanceRewards.abi.Pack("claim")
}

// PackClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc884ef83.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimed(address ) view returns(bool)
func (balanceRewards *BalanceRewards) PackClaimed(arg0 common.Address) []byte {
	enc, err := balanceRewards.abi.Pack("claimed", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc884ef83.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimed(address ) view returns(bool)
func (balanceRewards *BalanceRewards) TryPackClaimed(arg0 common.Address) ([]byte, error) {
	return balanceRewards.abi.Pack("claimed", arg0)
}

// UnpackClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc884ef83.
//
// Solidity: function claimed(address ) view returns(bool)
func (balanceRewards *BalanceRewards) UnpackClaimed(data []byte) (bool, error) {
	out, err := balanceRewards.abi.Unpack("claimed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackReward is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x228cb733.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reward() view returns(address)
func (balanceRewards *BalanceRewards) PackReward() []byte {
	enc, err := balanceRewards.abi.Pack("reward")
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
func (balanceRewards *BalanceRewards) TryPackReward() ([]byte, error) {
	return balanceRewards.abi.Pack("reward")
}

// UnpackReward is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x228cb733.
//
// Solidity: function reward() view returns(address)
func (balanceRewards *BalanceRewards) UnpackReward(data []byte) (common.Address, error) {
	out, err := balanceRewards.abi.Unpack("reward", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a4b66f1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stake() view returns(address)
func (balanceRewards *BalanceRewards) PackStake() []byte {
	enc, err := balanceRewards.abi.Pack("stake")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a4b66f1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stake() view returns(address)
func (balanceRewards *BalanceRewards) TryPackStake() ([]byte, error) {
	return balanceRewards.abi.Pack("stake")
}

// UnpackStake is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3a4b66f1.
//
// Solidity: function stake() view returns(address)
func (balanceRewards *BalanceRewards) UnpackStake(data []byte) (common.Address, error) {
	out, err := balanceRewards.abi.Unpack("stake", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}
