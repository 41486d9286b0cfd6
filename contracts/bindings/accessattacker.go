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

// AccessAttackerMetaData contains all meta data concerning the AccessAttacker contract.
var AccessAttackerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"NotOwner\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"pool\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Attacked\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"contractLendingPool\",\"name\":\"pool\",\"type\":\"address\"},{\"internalType\":\"contractIERC20[]\",\"name\":\"tokens\",\"type\":\"address[]\"}],\"name\":\"attack\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "AccessAttacker",
	Bin: "0x60a0604052348015600e575f5ffd5b50336080526080516103936100375f395f8181605201528181609b01526101d301526103935ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c806302c04586146100385780638da5cb5b1461004d575b5f5ffd5b61004b6100463660046102c3565b610090565b005b6100747f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200160405180910390f35b336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146100d9576040516330cd747160e01b815260040160405180910390fd5b5f5b818110156102a6575f8383838181106100f6576100f6610346565b905060200201602081019061010b919061035a565b6040516370a0823160e01b81526001600160a01b03878116600483015291909116906370a0823190602401602060405180830381865afa158015610151573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610175919061037c565b9050846001600160a01b03166356bb3df185858581811061019857610198610346565b90506020020160208101906101ad919061035a565b60405160e083901b6001600160e01b03191681526001600160a01b0391821660048201527f000000000000000000000000000000000000000000000000000000000000000090911660248201526044015f604051808303815f87803b158015610214575f5ffd5b505af1158015610226573d5f5f3e3d5ffd5b5050505083838381811061023c5761023c610346565b9050602002016020810190610251919061035a565b6001600160a01b0316856001600160a01b03167fae32f263220a4abd77fd385a30706d42c82cfc65bfea43b33e08d7491099c0d78360405161029591815260200190565b60405180910390a3506001016100db565b50505050565b6001600160a01b03811681146102c0575f5ffd5b50565b5f5f5f604084860312156102d5575f5ffd5b83356102e0816102ac565b9250602084013567ffffffffffffffff8111156102fb575f5ffd5b8401601f8101861361030b575f5ffd5b803567ffffffffffffffff811115610321575f5ffd5b8660208260051b8401011115610335575f5ffd5b939660209190910195509293505050565b634e487b7160e01b5f52603260045260245ffd5b5f6020828403121561036a575f5ffd5b8135610375816102ac565b9392505050565b5f6020828403121561038c575f5ffd5b505191905056",
}

// AccessAttacker is an auto generated Go binding around an Ethereum contract.
type AccessAttacker struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *AccessAttacker) GetABI() abi.ABI {
	return c.abi
}

// NewAccessAttacker creates a new instance of AccessAttacker.
func NewAccessAttacker() *AccessAttacker {
	parsed, err := AccessAttackerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &AccessAttacker{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *AccessAttacker) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAttack is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x02c04586.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attack(address pool, address[] tokens) returns()
func (accessAttacker *AccessAttacker) PackAttack(pool common.Address, tokens []common.Address) []byte {
	enc, err := accessAttacker.abi.Pack("attack", pool, tokens)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttack is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x02c04586.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attack(address pool, address[] tokens) returns()
func (accessAttacker *AccessAttacker) TryPackAttack(pool common.Address, tokens []common.Address) ([]byte, error) {
	return accessAttacker.abi.Pack("attack", pool, tokens)
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (accessAttacker *AccessAttacker) PackOwner() []byte {
	enc, err := accessAttacker.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (accessAttacker *AccessAttacker) TryPackOwner() ([]byte, error) {
	return accessAttacker.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (accessAttacker *AccessAttacker) UnpackOwner(data []byte) (common.Address, error) {
	out, err := accessAttacker.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// AccessAttackerAttacked represents a Attacked event raised by the AccessAttacker contract.
type AccessAttackerAttacked struct {
	Pool   common.Address
	Token  common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const AccessAttackerAttackedEventName = "Attacked"

// ContractEventName returns the user-defined event name.
func (AccessAttackerAttacked) ContractEventName() string {
	return AccessAttackerAttackedEventName
}

// UnpackAttackedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Attacked(address indexed pool, address indexed token, uint256 amount)
func (accessAttacker *AccessAttacker) UnpackAttackedEvent(log *types.Log) (*AccessAttackerAttacked, error) {
	event := "Attacked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != accessAttacker.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AccessAttackerAttacked)
	if len(log.Data) > 0 {
		if err := accessAttacker.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range accessAttacker.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (accessAttacker *AccessAttacker) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], accessAttacker.abi.Errors["NotOwner"].ID.Bytes()[:4]) {
		return accessAttacker.UnpackNotOwnerError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// AccessAttackerNotOwner represents a NotOwner error raised by the AccessAttacker contract.
type AccessAttackerNotOwner struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOwner()
func AccessAttackerNotOwnerErrorID() common.Hash {
	return common.HexToHash("0x30cd74712f59d478562d48e2d35de830db72c60a63dd08ae59199eec990b5bc4")
}

// UnpackNotOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOwner()
func (accessAttacker *AccessAttacker) UnpackNotOwnerError(raw []byte) (*AccessAttackerNotOwner, error) {
	out := new(AccessAttackerNotOwner)
	if err := accessAttacker.abi.UnpackIntoInterface(out, "NotOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}
