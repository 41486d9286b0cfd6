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

// ShareVaultMetaData contains all meta data concerning the ShareVault contract.
var ShareVaultMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"asset_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"asset\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"}],\"name\":\"deposit\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"redeem\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"sharesOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalShares\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "ShareVault",
	Bin: "0x60a060405234801561000f575f5ffd5b506040516105f13803806105f183398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b60805161055261009f5f395f8181605e0152818161011a015281816101d3015281816102e001526103b901526105525ff3fe608060405234801561000f575f5ffd5b5060043610610055575f3560e01c806338d52e0f146100595780633a98ef391461009d578063b6b55f25146100b4578063db006a75146100c7578063f5eb42dc146100da575b5f5ffd5b6100807f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b6100a660015481565b604051908152602001610094565b6100a66100c2366004610462565b6100f9565b6100a66100d5366004610462565b6102bd565b6100a66100e8366004610479565b5f6020819052908152604090205481565b6040516370a0823160e01b81523060048201525f9081906001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016906370a0823190602401602060405180830381865afa15801561015f573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061018391906104a6565b90506001545f146101ac57806001548461019d91906104d1565b6101a791906104ee565b6101ae565b825b6040516323b872dd60e01b8152336004820152306024820152604481018590529092507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906323b872dd906064016020604051808303815f875af1158015610221573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610245919061050d565b61027b5760405162461bcd60e51b815260206004820152600260248201526134b760f11b60448201526064015b60405180910390fd5b335f908152602081905260408120805484929061029990849061052c565b925050819055508160015f8282546102b1919061052c565b90915550919392505050565b6001546040516370a0823160e01b81523060048201525f91906001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016906370a0823190602401602060405180830381865afa158015610325573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061034991906104a6565b61035390846104d1565b61035d91906104ee565b335f9081526020819052604081208054929350849290919061038090849061053f565b925050819055508160015f828254610398919061053f565b909155505060405163a9059cbb60e01b8152336004820152602481018290527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169063a9059cbb906044016020604051808303815f875af1158015610407573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061042b919061050d565b61045d5760405162461bcd60e51b81526020600482015260036024820152621bdd5d60ea1b6044820152606401610272565b919050565b5f60208284031215610472575f5ffd5b5035919050565b5f60208284031215610489575f5ffd5b81356001600160a01b038116811461049f575f5ffd5b9392505050565b5f602082840312156104b6575f5ffd5b5051919050565b634e487b7160e01b5f52601160045260245ffd5b80820281158282048414176104e8576104e86104bd565b92915050565b5f8261050857634e487b7160e01b5f52601260045260245ffd5b500490565b5f6020828403121561051d575f5ffd5b8151801515811461049f575f5ffd5b808201808211156104e8576104e86104bd565b818103818111156104e8576104e86104bd56",
}

// ShareVault is an auto generated Go binding around an Ethereum contract.
type ShareVault struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ShareVault) GetABI() abi.ABI {
	return c.abi
}

// NewShareVault creates a new instance of ShareVault.
func NewShareVault() *ShareVault {
	parsed, err := ShareVaultMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ShareVault{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ShareVault) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address asset_) returns()
func (shareVault *ShareVault) PackConstructor(asset_ common.Address) []byte {
	enc, err := shareVault.abi.Pack("", asset_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAsset is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x38d52e0f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function asset() view returns(address)
func (shareVault *ShareVault) PackAsset() []byte {
	enc, err := shareVault.abi.Pack("asset")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAsset is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x38d52e0f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function asset() view returns(address)
func (shareVault *ShareVault) TryPackAsset() ([]byte, error) {
	return shareVault.abi.Pack("asset")
}

// UnpackAsset is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x38d52e0f.
//
// Solidity: function asset() view returns(address)
func (shareVault *ShareVault) UnpackAsset(data []byte) (common.Address, error) {
	out, err := shareVault.abi.Unpack("asset", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6b55f25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(uint256 assets) returns(uint256 shares)
func (shareVault *ShareVault) PackDeposit(assets *big.Int) []byte {
	enc, err := shareVault.abi.Pack("deposit", assets)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6b55f25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(uint256 assets) returns(uint256 shares)
func (shareVault *ShareVault) TryPackDeposit(assets *big.Int) ([]byte, error) {
	return shareVault.abi.Pack("deposit", assets)
}

// UnpackDeposit is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb6b55f25.
//
// Solidity: function deposit(uint256 assets) returns(uint256 shares)
func (shareVault *ShareVault) UnpackDeposit(data []byte) (*big.Int, error) {
	out, err := shareVault.abi.Unpack("deposit", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRedeem is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdb006a75.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function redeem(uint256 shares) returns(uint256 assets)
func (shareVault *ShareVault) PackRedeem(shares *big.Int) []byte {
	enc, err := shareVault.abi.Pack("redeem", shares)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRedeem is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdb006a75.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function redeem(uint256 shares) returns(uint256 assets)
func (shareVault *ShareVault) TryPackRedeem(shares *big.Int) ([]byte, error) {
	return shareVault.abi.Pack("redeem", shares)
}

// UnpackRedeem is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdb006a75.
//
// Solidity: function redeem(uint256 shares) returns(uint256 assets)
func (shareVault *ShareVault) UnpackRedeem(data []byte) (*big.Int, error) {
	out, err := shareVault.abi.Unpack("redeem", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSharesOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5eb42dc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sharesOf(address ) view returns(uint256)
func (shareVault *ShareVault) PackSharesOf(arg0 common.Address) []byte {
	enc, err := shareVault.abi.Pack("sharesOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSharesOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5eb42dc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sharesOf(address ) view returns(uint256)
func (shareVault *ShareVault) TryPackSharesOf(arg0 common.Address) ([]byte, error) {
	return shareVault.abi.Pack("sharesOf", arg0)
}

// UnpackSharesOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf5eb42dc.
//
// Solidity: function sharesOf(address ) view returns(uint256)
func (shareVault *ShareVault) UnpackSharesOf(data []byte) (*big.Int, error) {
	out, err := shareVault.abi.Unpack("sharesOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTotalShares is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a98ef39.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalShares() view returns(uint256)
func (shareVault *ShareVault) PackTotalShares() []byte {
	enc, err := shareVault.abi.Pack("totalShares")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalShares is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a98ef39.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalShares() view returns(uint256)
func (shareVault *ShareVault) TryPackTotalShares() ([]byte, error) {
	return shareVault.abi.Pack("totalShares")
}

// UnpackTotalShares is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3a98ef39.
//
// Solidity: function totalShares() view returns(uint256)
func (shareVault *ShareVault) UnpackTotalShares(data []byte) (*big.Int, error) {
	out, err := shareVault.abi.Unpack("totalShares", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}
