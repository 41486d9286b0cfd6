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

// FlashBorrowerMetaData contains all meta data concerning the FlashBorrower contract.
var FlashBorrowerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC3156FlashLender\",\"name\":\"lender_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"NotOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"UntrustedCallback\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"pool\",\"type\":\"address\"}],\"name\":\"borrow\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lender\",\"outputs\":[{\"internalType\":\"contractIERC3156FlashLender\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"initiator\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"onFlashLoan\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "FlashBorrower",
	Bin: "0x60c060405234801561000f575f5ffd5b506040516107c03803806107c083398101604081905261002e91610043565b6001600160a01b03166080523360a052610070565b5f60208284031215610053575f5ffd5b81516001600160a01b0381168114610069575f5ffd5b9392505050565b60805160a05161070f6100b15f395f8181608e0152818161023b01526102d801525f818160cd0152818160fb01528181610266015261034c015261070f5ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c806323e30c8b1461004e5780636c665a55146100745780638da5cb5b14610089578063bcead63e146100c8575b5f5ffd5b61006161005c36600461056b565b6100ef565b6040519081526020015b60405180910390f35b610087610082366004610610565b6102cd565b005b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161006b565b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b5f336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614158061013157506001600160a01b0387163014155b1561014f57604051631d7ba4eb60e21b815260040160405180910390fd5b5f61015c8385018561064f565b90506001600160a01b0381161561022c576101816001600160a01b03881682886103cb565b60405163b6b55f2560e01b8152600481018790526001600160a01b0382169063b6b55f25906024015f604051808303815f87803b1580156101c0575f5ffd5b505af11580156101d2573d5f5f3e3d5ffd5b5050604051632e1a7d4d60e01b8152600481018990526001600160a01b0384169250632e1a7d4d91506024015f604051808303815f87803b158015610215575f5ffd5b505af1158015610227573d5f5f3e3d5ffd5b505050505b6102616001600160a01b0388167f0000000000000000000000000000000000000000000000000000000000000000308861044f565b6102a07f000000000000000000000000000000000000000000000000000000000000000061028f8789610671565b6001600160a01b038a1691906103cb565b507f439148f0bbc682ca079e46d6e2c2f0c1e3b820f1a291b069d8882abf8cf18dd9979650505050505050565b336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614610316576040516330cd747160e01b815260040160405180910390fd5b604080516001600160a01b038381166020808401919091528351808403909101815282840193849052632e7ff4ef60e11b9093527f00000000000000000000000000000000000000000000000000000000000000001691635cffe9de9161038591309188918891604401610696565b6020604051808303815f875af11580156103a1573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103c591906106f0565b50505050565b6103d78383835f610485565b61044a576103e883835f6001610485565b61041557604051635274afe760e01b81526001600160a01b03841660048201526024015b60405180910390fd5b6104228383836001610485565b61044a57604051635274afe760e01b81526001600160a01b038416600482015260240161040c565b505050565b61045d8484848460016104e7565b6103c557604051635274afe760e01b81526001600160a01b038516600482015260240161040c565b60405163095ea7b360e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f511483166104db5783831516156104cf573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316610543578383151615610537573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b6001600160a01b0381168114610568575f5ffd5b50565b5f5f5f5f5f5f60a08789031215610580575f5ffd5b863561058b81610554565b9550602087013561059b81610554565b94506040870135935060608701359250608087013567ffffffffffffffff8111156105c4575f5ffd5b8701601f810189136105d4575f5ffd5b803567ffffffffffffffff8111156105ea575f5ffd5b8960208284010111156105fb575f5ffd5b60208201935080925050509295509295509295565b5f5f5f60608486031215610622575f5ffd5b833561062d81610554565b925060208401359150604084013561064481610554565b809150509250925092565b5f6020828403121561065f575f5ffd5b813561066a81610554565b9392505050565b8082018082111561069057634e487b7160e01b5f52601160045260245ffd5b92915050565b60018060a01b038516815260018060a01b0384166020820152826040820152608060608201525f8251806080840152806020850160a085015e5f60a0828501015260a0601f19601f83011684010191505095945050505050565b5f60208284031215610700575f5ffd5b8151801515811461066a575f5ffd",
}

// FlashBorrower is an auto generated Go binding around an Ethereum contract.
type FlashBorrower struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *FlashBorrower) GetABI() abi.ABI {
	return c.abi
}

// NewFlashBorrower creates a new instance of FlashBorrower.
func NewFlashBorrower() *FlashBorrower {
	parsed, err := FlashBorrowerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &FlashBorrower{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *FlashBorrower) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address lender_) returns()
func (flashBorrower *FlashBorrower) PackConstructor(lender_ common.Address) []byte {
	enc, err := flashBorrower.abi.Pack("", lender_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBorrow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6c665a55.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function borrow(address token, uint256 amount, address pool) returns()
func (flashBorrower *FlashBorrower) PackBorrow(token common.Address, amount *big.Int, pool common.Address) []byte {
	enc, err := flashBorrower.abi.Pack("borrow", token, amount, pool)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBorrow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6c665a55.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function borrow(address token, uint256 amount, address pool) returns()
func (flashBorrower *FlashBorrower) TryPackBorrow(token common.Address, amount *big.Int, pool common.Address) ([]byte, error) {
	return flashBorrower.abi.Pack("borrow", token, amount, pool)
}

// PackLender is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbcead63e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lender() view returns(address)
func (flashBorrower *FlashBorrower) PackLender() []byte {
	enc, err := flashBorrower.abi.Pack("lender")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLender is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbcead63e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lender() view returns(address)
func (flashBorrower *FlashBorrower) TryPackLender() ([]byte, error) {
	return flashBorrower.abi.Pack("lender")
}

// UnpackLender is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbcead63e.
//
// Solidity: function lender() view returns(address)
func (flashBorrower *FlashBorrower) UnpackLender(data []byte) (common.Address, error) {
	out, err := flashBorrower.abi.Unpack("lender", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackOnFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23e30c8b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes data) returns(bytes32)
func (flashBorrower *FlashBorrower) PackOnFlashLoan(initiator common.Address, token common.Address, amount *big.Int, fee *big.Int, data []byte) []byte {
	enc, err := flashBorrower.abi.Pack("onFlashLoan", initiator, token, amount, fee, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23e30c8b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes data) returns(bytes32)
func (flashBorrower *FlashBorrower) TryPackOnFlashLoan(initiator common.Address, token common.Address, amount *big.Int, fee *big.Int, data []byte) ([]byte, error) {
	return flashBorrower.abi.Pack("onFlashLoan", initiator, token, amount, fee, data)
}

// UnpackOnFlashLoan is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23e30c8b.
//
// Solidity: function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes data) returns(bytes32)
func (flashBorrower *FlashBorrower) UnpackOnFlashLoan(data []byte) ([32]byte, error) {
	out, err := flashBorrower.abi.Unpack("onFlashLoan", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (flashBorrower *FlashBorrower) PackOwner() []byte {
	enc, err := flashBorrower.abi.Pack("owner")
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
func (flashBorrower *FlashBorrower) TryPackOwner() ([]byte, error) {
	return flashBorrower.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (flashBorrower *FlashBorrower) UnpackOwner(data []byte) (common.Address, error) {
	out, err := flashBorrower.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (flashBorrower *FlashBorrower) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], flashBorrower.abi.Errors["NotOwner"].ID.Bytes()[:4]) {
		return flashBorrower.UnpackNotOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], flashBorrower.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return flashBorrower.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], flashBorrower.abi.Errors["UntrustedCallback"].ID.Bytes()[:4]) {
		return flashBorrower.UnpackUntrustedCallbackError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// FlashBorrowerNotOwner represents a NotOwner error raised by the FlashBorrower contract.
type FlashBorrowerNotOwner struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOwner()
func FlashBorrowerNotOwnerErrorID() common.Hash {
	return common.HexToHash("0x30cd74712f59d478562d48e2d35de830db72c60a63dd08ae59199eec990b5bc4")
}

// UnpackNotOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOwner()
func (flashBorrower *FlashBorrower) UnpackNotOwnerError(raw []byte) (*FlashBorrowerNotOwner, error) {
	out := new(FlashBorrowerNotOwner)
	if err := flashBorrower.abi.UnpackIntoInterface(out, "NotOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// FlashBorrowerSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the FlashBorrower contract.
type FlashBorrowerSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func FlashBorrowerSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (flashBorrower *FlashBorrower) UnpackSafeERC20FailedOperationError(raw []byte) (*FlashBorrowerSafeERC20FailedOperation, error) {
	out := new(FlashBorrowerSafeERC20FailedOperation)
	if err := flashBorrower.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// FlashBorrowerUntrustedCallback represents a UntrustedCallback error raised by the FlashBorrower contract.
type FlashBorrowerUntrustedCallback struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UntrustedCallback()
func FlashBorrowerUntrustedCallbackErrorID() common.Hash {
	return common.HexToHash("0x75ee93ac478fd1430f781fdf819d5deb1a6c3fca9d851df1e22e9b78fbf55c7a")
}

// UnpackUntrustedCallbackError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UntrustedCallback()
func (flashBorrower *FlashBorrower) UnpackUntrustedCallbackError(raw []byte) (*FlashBorrowerUntrustedCallback, error) {
	out := new(FlashBorrowerUntrustedCallback)
	if err := flashBorrower.abi.UnpackIntoInterface(out, "UntrustedCallback", raw); err != nil {
		return nil, err
	}
	return out, nil
}
