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

// ReentrancyAttackerMetaData contains all meta data concerning the ReentrancyAttacker contract.
var ReentrancyAttackerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"NotOwner\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"PayoutFailed\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"pool\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"stake\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"loot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"reentries\",\"type\":\"uint256\"}],\"name\":\"Attacked\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"contractLendingPool\",\"name\":\"pool\",\"type\":\"address\"}],\"name\":\"attack\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"stateMutability\":\"payable\",\"type\":\"receive\"}]",
	ID:  "ReentrancyAttacker",
	Bin: "0x60a0604052348015600e575f5ffd5b503360805260805161036c6100385f395f818160d50152818161012c0152610296015261036c5ff3fe60806040526004361061002b575f3560e01c80638da5cb5b146100c4578063d018db3e14610113575f5ffd5b366100c0575f546001600160a01b031633811480156100565750600154816001600160a01b03163110155b156100be5760028054905f61006a8361031b565b9190505550806001600160a01b03166390386bbf6040518163ffffffff1660e01b81526004015f604051808303815f87803b1580156100a7575f5ffd5b505af11580156100b9573d5f5f3e3d5ffd5b505050505b005b5f5ffd5b3480156100cf575f5ffd5b506100f77f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200160405180910390f35b6100be61012136600461033f565b336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461016a576040516330cd747160e01b815260040160405180910390fd5b5f80546001600160a01b0319166001600160a01b038316908117825534600181905560028390556040805163f6326fb360e01b81529051929363f6326fb39360048084019382900301818588803b1580156101c3575f5ffd5b505af11580156101d5573d5f5f3e3d5ffd5b5050505050806001600160a01b03166390386bbf6040518163ffffffff1660e01b81526004015f604051808303815f87803b158015610212575f5ffd5b505af1158015610224573d5f5f3e3d5ffd5b50506002546040805134815247602082018190529181019290925292506001600160a01b03841691507f47be84788b240305c31d482686a7f5849e174331621af2cf23cbcab127b8e3eb9060600160405180910390a25f80546001600160a01b03191681556040516001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000169083908381818185875af1925050503d805f81146102ef576040519150601f19603f3d011682016040523d82523d5f602084013e6102f4565b606091505b505090508061031657604051630ec6ac4160e21b815260040160405180910390fd5b505050565b5f6001820161033857634e487b7160e01b5f52601160045260245ffd5b5060010190565b5f6020828403121561034f575f5ffd5b81356001600160a01b0381168114610365575f5ffd5b939250505056",
}

// ReentrancyAttacker is an auto generated Go binding around an Ethereum contract.
type ReentrancyAttacker struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ReentrancyAttacker) GetABI() abi.ABI {
	return c.abi
}

// NewReentrancyAttacker creates a new instance of ReentrancyAttacker.
func NewReentrancyAttacker() *ReentrancyAttacker {
	parsed, err := ReentrancyAttackerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ReentrancyAttacker{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ReentrancyAttacker) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAttack is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd018db3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attack(address pool) payable returns()
func (reentrancyAttacker *ReentrancyAttacker) PackAttack(pool common.Address) []byte {
	enc, err := reentrancyAttacker.abi.Pack("attack", pool)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttack is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd018db3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attack(address pool) payable returns()
func (reentrancyAttacker *ReentrancyAttacker) TryPackAttack(pool common.Address) ([]byte, error) {
	return reentrancyAttacker.abi.Pack("attack", pool)
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (reentrancyAttacker *ReentrancyAttacker) PackOwner() []byte {
	enc, err := reentrancyAttacker.abi.Pack("owner")
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
func (reentrancyAttacker *ReentrancyAttacker) TryPackOwner() ([]byte, error) {
	return reentrancyAttacker.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (reentrancyAttacker *ReentrancyAttacker) UnpackOwner(data []byte) (common.Address, error) {
	out, err := reentrancyAttacker.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// ReentrancyAttackerAttacked represents a Attacked event raised by the ReentrancyAttacker contract.
type ReentrancyAttackerAttacked struct {
	Pool      common.Address
	Stake     *big.Int
	Loot      *big.Int
	Reentries *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const ReentrancyAttackerAttackedEventName = "Attacked"

// ContractEventName returns the user-defined event name.
func (ReentrancyAttackerAttacked) ContractEventName() string {
	return ReentrancyAttackerAttackedEventName
}

// UnpackAttackedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Attacked(address indexed pool, uint256 stake, uint256 loot, uint256 reentries)
func (reentrancyAttacker *ReentrancyAttacker) UnpackAttackedEvent(log *types.Log) (*ReentrancyAttackerAttacked, error) {
	event := "Attacked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != reentrancyAttacker.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ReentrancyAttackerAttacked)
	if len(log.Data) > 0 {
		if err := reentrancyAttacker.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range reentrancyAttacker.abi.Events[event].Inputs {
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
func (reentrancyAttacker *ReentrancyAttacker) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], reentrancyAttacker.abi.Errors["NotOwner"].ID.Bytes()[:4]) {
		return reentrancyAttacker.UnpackNotOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrancyAttacker.abi.Errors["PayoutFailed"].ID.Bytes()[:4]) {
		return reentrancyAttacker.UnpackPayoutFailedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ReentrancyAttackerNotOwner represents a NotOwner error raised by the ReentrancyAttacker contract.
type ReentrancyAttackerNotOwner struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOwner()
func ReentrancyAttackerNotOwnerErrorID() common.Hash {
	return common.HexToHash("0x30cd74712f59d478562d48e2d35de830db72c60a63dd08ae59199eec990b5bc4")
}

// UnpackNotOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOwner()
func (reentrancyAttacker *ReentrancyAttacker) UnpackNotOwnerError(raw []byte) (*ReentrancyAttackerNotOwner, error) {
	out := new(ReentrancyAttackerNotOwner)
	if err := reentrancyAttacker.abi.UnpackIntoInterface(out, "NotOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrancyAttackerPayoutFailed represents a PayoutFailed error raised by the ReentrancyAttacker contract.
type ReentrancyAttackerPayoutFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PayoutFailed()
func ReentrancyAttackerPayoutFailedErrorID() common.Hash {
	return common.HexToHash("0x3b1ab1045aad53070fe2359fd1a7d516800dcddc17ad45f2e5ff18fe2dbb0689")
}

// UnpackPayoutFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PayoutFailed()
func (reentrancyAttacker *ReentrancyAttacker) UnpackPayoutFailedError(raw []byte) (*ReentrancyAttackerPayoutFailed, error) {
	out := new(ReentrancyAttackerPayoutFailed)
	if err := reentrancyAttacker.abi.UnpackIntoInterface(out, "PayoutFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}
