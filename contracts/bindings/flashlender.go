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

// FlashLenderMetaData contains all meta data concerning the FlashLender contract.
var FlashLenderMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"name\":\"CallbackFailed\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"available\",\"type\":\"uint256\"}],\"name\":\"UnsupportedAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"initiator\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"}],\"name\":\"FlashLoan\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"FEE_BPS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"flashFee\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractIERC3156FlashBorrower\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"flashLoan\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"maxFlashLoan\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "FlashLender",
	Bin: "0x6080604052348015600e575f5ffd5b5060017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055610690806100405f395ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c80635cffe9de1461004e578063613255ab14610076578063bf333f2c14610097578063d9d98ce41461009f575b5f5ffd5b61006161005c3660046104e6565b6100b2565b60405190151581526020015b60405180910390f35b61008961008436600461057f565b61028a565b60405190815260200161006d565b610089600981565b6100896100ad36600461059a565b6102f8565b5f6100bb610318565b5f6100c58661028a565b90508415806100d357508085115b1561010f57604051631b31f00160e21b81526001600160a01b038716600482015260248101869052604481018290526064015b60405180910390fd5b5f61011a87876102f8565b90506101306001600160a01b0388168988610346565b6040516323e30c8b60e01b81527f439148f0bbc682ca079e46d6e2c2f0c1e3b820f1a291b069d8882abf8cf18dd9906001600160a01b038a16906323e30c8b906101889033908c908c9088908d908d906004016105c4565b6020604051808303815f875af11580156101a4573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101c8919061061c565b146101e657604051630443ec2b60e31b815260040160405180910390fd5b61020788306101f5848a610647565b6001600160a01b038b16929190610380565b60408051878152602081018390526001600160a01b03808a16923392918c16917f3659d15bd4bb92ab352a8d35bc3119ec6e7e0ab48e4d46201c8a28e02b6a8a86910160405180910390a460019250505061028160017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b95945050505050565b6040516370a0823160e01b81523060048201525f906001600160a01b038316906370a0823190602401602060405180830381865afa1580156102ce573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102f2919061061c565b92915050565b5f61271061030760098461065a565b6103119190610671565b9392505050565b6103206103bc565b60027f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f0055565b6103538383836001610400565b61037b57604051635274afe760e01b81526001600160a01b0384166004820152602401610106565b505050565b61038e848484846001610462565b6103b657604051635274afe760e01b81526001600160a01b0385166004820152602401610106565b50505050565b7f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00546002036103fe57604051633ee5aeb560e01b815260040160405180910390fd5b565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f5114831661045657838315161561044a573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f511483166104be5783831516156104b2573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b6001600160a01b03811681146104e3575f5ffd5b50565b5f5f5f5f5f608086880312156104fa575f5ffd5b8535610505816104cf565b94506020860135610515816104cf565b935060408601359250606086013567ffffffffffffffff811115610537575f5ffd5b8601601f81018813610547575f5ffd5b803567ffffffffffffffff81111561055d575f5ffd5b88602082840101111561056e575f5ffd5b959894975092955050506020019190565b5f6020828403121561058f575f5ffd5b8135610311816104cf565b5f5f604083850312156105ab575f5ffd5b82356105b6816104cf565b946020939093013593505050565b6001600160a01b03878116825286166020820152604081018590526060810184905260a0608082018190528101829052818360c08301375f81830160c090810191909152601f909201601f1916010195945050505050565b5f6020828403121561062c575f5ffd5b5051919050565b634e487b7160e01b5f52601160045260245ffd5b808201808211156102f2576102f2610633565b80820281158282048414176102f2576102f2610633565b5f8261068b57634e487b7160e01b5f52601260045260245ffd5b50049056",
}

// FlashLender is an auto generated Go binding around an Ethereum contract.
type FlashLender struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *FlashLender) GetABI() abi.ABI {
	return c.abi
}

// NewFlashLender creates a new instance of FlashLender.
func NewFlashLender() *FlashLender {
	parsed, err := FlashLenderMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &FlashLender{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *FlashLender) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackFEEBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbf333f2c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function FEE_BPS() view returns(uint256)
func (flashLender *FlashLender) PackFEEBPS() []byte {
	enc, err := flashLender.abi.Pack("FEE_BPS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFEEBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbf333f2c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function FEE_BPS() view returns(uint256)
func (flashLender *FlashLender) TryPackFEEBPS() ([]byte, error) {
	return flashLender.abi.Pack("FEE_BPS")
}

// UnpackFEEBPS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbf333f2c.
//
// Solidity: function FEE_BPS() view returns(uint256)
func (flashLender *FlashLender) UnpackFEEBPS(data []byte) (*big.Int, error) {
	out, err := flashLender.abi.Unpack("FEE_BPS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackFlashFee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9d98ce4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function flashFee(address , uint256 amount) pure returns(uint256)
func (flashLender *FlashLender) PackFlashFee(arg0 common.Address, amount *big.Int) []byte {
	enc, err := flashLender.abi.Pack("flashFee", arg0, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFlashFee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9d98ce4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function flashFee(address , uint256 amount) pure returns(uint256)
func (flashLender *FlashLender) TryPackFlashFee(arg0 common.Address, amount *big.Int) ([]byte, error) {
	return flashLender.abi.Pack("flashFee", arg0, amount)
}

// UnpackFlashFee is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd9d98ce4.
//
// Solidity: function flashFee(address , uint256 amount) pure returns(uint256)
func (flashLender *FlashLender) UnpackFlashFee(data []byte) (*big.Int, error) {
	out, err := flashLender.abi.Unpack("flashFee", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5cffe9de.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function flashLoan(address receiver, address token, uint256 amount, bytes data) returns(bool)
func (flashLender *FlashLender) PackFlashLoan(receiver common.Address, token common.Address, amount *big.Int, data []byte) []byte {
	enc, err := flashLender.abi.Pack("flashLoan", receiver, token, amount, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5cffe9de.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function flashLoan(address receiver, address token, uint256 amount, bytes data) returns(bool)
func (flashLender *FlashLender) TryPackFlashLoan(receiver common.Address, token common.Address, amount *big.Int, data []byte) ([]byte, error) {
	return flashLender.abi.Pack("flashLoan", receiver, token, amount, data)
}

// UnpackFlashLoan is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5cffe9de.
//
// Solidity: function flashLoan(address receiver, address token, uint256 amount, bytes data) returns(bool)
func (flashLender *FlashLender) UnpackFlashLoan(data []byte) (bool, error) {
	out, err := flashLender.abi.Unpack("flashLoan", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMaxFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x613255ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function maxFlashLoan(address token) view returns(uint256)
func (flashLender *FlashLender) PackMaxFlashLoan(token common.Address) []byte {
	enc, err := flashLender.abi.Pack("maxFlashLoan", token)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMaxFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x613255ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function maxFlashLoan(address token) view returns(uint256)
func (flashLender *FlashLender) TryPackMaxFlashLoan(token common.Address) ([]byte, error) {
	return flashLender.abi.Pack("maxFlashLoan", token)
}

// UnpackMaxFlashLoan is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x613255ab.
//
// Solidity: function maxFlashLoan(address token) view returns(uint256)
func (flashLender *FlashLender) UnpackMaxFlashLoan(data []byte) (*big.Int, error) {
	out, err := flashLender.abi.Unpack("maxFlashLoan", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// FlashLenderFlashLoan represents a FlashLoan event raised by the FlashLender contract.
type FlashLenderFlashLoan struct {
	Receiver  common.Address
	Initiator common.Address
	Token     common.Address
	Amount    *big.Int
	Fee       *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const FlashLenderFlashLoanEventName = "FlashLoan"

// ContractEventName returns the user-defined event name.
func (FlashLenderFlashLoan) ContractEventName() string {
	return FlashLenderFlashLoanEventName
}

// UnpackFlashLoanEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event FlashLoan(address indexed receiver, address indexed initiator, address indexed token, uint256 amount, uint256 fee)
func (flashLender *FlashLender) UnpackFlashLoanEvent(log *types.Log) (*FlashLenderFlashLoan, error) {
	event := "FlashLoan"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != flashLender.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(FlashLenderFlashLoan)
	if len(log.Data) > 0 {
		if err := flashLender.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range flashLender.abi.Events[event].Inputs {
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
func (flashLender *FlashLender) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], flashLender.abi.Errors["CallbackFailed"].ID.Bytes()[:4]) {
		return flashLender.UnpackCallbackFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], flashLender.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return flashLender.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], flashLender.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return flashLender.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], flashLender.abi.Errors["UnsupportedAmount"].ID.Bytes()[:4]) {
		return flashLender.UnpackUnsupportedAmountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// FlashLenderCallbackFailed represents a CallbackFailed error raised by the FlashLender contract.
type FlashLenderCallbackFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CallbackFailed()
func FlashLenderCallbackFailedErrorID() common.Hash {
	return common.HexToHash("0x221f615860194146ec194ea9d9a3c6430a08c54ee4fae5fec8d24045419576a2")
}

// UnpackCallbackFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CallbackFailed()
func (flashLender *FlashLender) UnpackCallbackFailedError(raw []byte) (*FlashLenderCallbackFailed, error) {
	out := new(FlashLenderCallbackFailed)
	if err := flashLender.abi.UnpackIntoInterface(out, "CallbackFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// FlashLenderReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the FlashLender contract.
type FlashLenderReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func FlashLenderReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (flashLender *FlashLender) UnpackReentrancyGuardReentrantCallError(raw []byte) (*FlashLenderReentrancyGuardReentrantCall, error) {
	out := new(FlashLenderReentrancyGuardReentrantCall)
	if err := flashLender.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// FlashLenderSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the FlashLender contract.
type FlashLenderSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func FlashLenderSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (flashLender *FlashLender) UnpackSafeERC20FailedOperationError(raw []byte) (*FlashLenderSafeERC20FailedOperation, error) {
	out := new(FlashLenderSafeERC20FailedOperation)
	if err := flashLender.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// FlashLenderUnsupportedAmount represents a UnsupportedAmount error raised by the FlashLender contract.
type FlashLenderUnsupportedAmount struct {
	Token     common.Address
	Amount    *big.Int
	Available *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnsupportedAmount(address token, uint256 amount, uint256 available)
func FlashLenderUnsupportedAmountErrorID() common.Hash {
	return common.HexToHash("0x6cc7c0047b24e2a461f9e20921df4834c4c3dbd34ada0e4bebcf482975fb2dee")
}

// UnpackUnsupportedAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnsupportedAmount(address token, uint256 amount, uint256 available)
func (flashLender *FlashLender) UnpackUnsupportedAmountError(raw []byte) (*FlashLenderUnsupportedAmount, error) {
	out := new(FlashLenderUnsupportedAmount)
	if err := flashLender.abi.UnpackIntoInterface(out, "UnsupportedAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
