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

// PairSwapMetaData contains all meta data concerning the PairSwap contract.
var PairSwapMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"a_\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"b_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"a\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"b\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"tokenIn\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"swap\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "PairSwap",
	Bin: "0x60c060405234801561000f575f5ffd5b506040516103b43803806103b483398101604081905261002e91610060565b6001600160a01b039182166080521660a052610091565b80516001600160a01b038116811461005b575f5ffd5b919050565b5f5f60408385031215610071575f5ffd5b61007a83610045565b915061008860208401610045565b90509250929050565b60805160a0516102f16100c35f395f8181608b015261012401525f818160480152818160c5015260fe01526102f15ff3fe608060405234801561000f575f5ffd5b506004361061003f575f3560e01c80630dbe671f146100435780634df7e3d014610086578063d004f0f7146100ad575b5f5ffd5b61006a7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200160405180910390f35b61006a7f000000000000000000000000000000000000000000000000000000000000000081565b6100c06100bb366004610296565b6100c2565b005b5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316836001600160a01b031614610122577f0000000000000000000000000000000000000000000000000000000000000000610144565b7f00000000000000000000000000000000000000000000000000000000000000005b6040516323b872dd60e01b8152336004820152306024820152604481018490529091506001600160a01b038416906323b872dd906064016020604051808303815f875af1158015610197573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101bb91906102cb565b6101f15760405162461bcd60e51b815260206004820152600260248201526134b760f11b60448201526064015b60405180910390fd5b60405163a9059cbb60e01b8152336004820152602481018390526001600160a01b0382169063a9059cbb906044016020604051808303815f875af115801561023b573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061025f91906102cb565b6102915760405162461bcd60e51b81526020600482015260036024820152621bdd5d60ea1b60448201526064016101e8565b505050565b5f5f604083850312156102a7575f5ffd5b82356001600160a01b03811681146102bd575f5ffd5b946020939093013593505050565b5f602082840312156102db575f5ffd5b815180151581146102ea575f5ffd5b939250505056",
}

// PairSwap is an auto generated Go binding around an Ethereum contract.
type PairSwap struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *PairSwap) GetABI() abi.ABI {
	return c.abi
}

// NewPairSwap creates a new instance of PairSwap.
func NewPairSwap() *PairSwap {
	parsed, err := PairSwapMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &PairSwap{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *PairSwap) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address a_, address b_) returns()
func (pairSwap *PairSwap) PackConstructor(a_ common.Address, b_ common.Address) []byte {
	enc, err := pairSwap.abi.Pack("", a_, b_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackA is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0dbe671f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function a() view returns(address)
func (pairSwap *PairSwap) PackA() []byte {
	enc, err := pairSwap.abi.Pack("a")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackA is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0dbe671f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function a() view returns(address)
func (pairSwap *PairSwap) TryPackA() ([]byte, error) {
	return pairSwap.abi.Pack("a")
}

// UnpackA is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0dbe671f.
//
// Solidity: function a() view returns(address)
func (pairSwap *PairSwap) UnpackA(data []byte) (common.Address, error) {
	out, err := pairSwap.abi.Unpack("a", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackB is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4df7e3d0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function b() view returns(address)
func (pairSwap *PairSwap) PackB() []byte {
	enc, err := pairSwap.abi.Pack("b")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackB is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4df7e3d0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function b() view returns(address)
func (pairSwap *PairSwap) TryPackB() ([]byte, error) {
	return pairSwap.abi.Pack("b")
}

// UnpackB is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4df7e3d0.
//
// Solidity: function b() view returns(address)
func (pairSwap *PairSwap) UnpackB(data []byte) (common.Address, error) {
	out, err := pairSwap.abi.Unpack("b", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSwap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd004f0f7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function swap(address tokenIn, uint256 amount) returns()
func (pairSwap *PairSwap) PackSwap(tokenIn common.Address, amount *big.Int) []byte {
	enc, err := pairSwap.abi.Pack("swap", tokenIn, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSwap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd004f0f7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function swap(address tokenIn, uint256 amount) returns()
func (pairSwap *PairSwap) TryPackSwap(tokenIn common.Address, amount *big.Int) ([]byte, error) {
	return pairSwap.abi.Pack("swap", tokenIn, amount)
}
