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

// QuietLenderMetaData contains all meta data concerning the QuietLender contract.
var QuietLenderMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"flashLoan\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"flashLoan\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"asset\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"flashLoan\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "QuietLender",
	Bin: "0x60a060405234801561000f575f5ffd5b506040516109f93803806109f983398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b6080516109466100b35f395f8181608e0152818160e30152818161017d015281816102c10152818161036f015281816103ff015281816104a4015261051e01526109465ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c80632bd94e9c1461004e5780639ab603b914610063578063ab19e0c014610076578063fc0c546a14610089575b5f5ffd5b61006161005c366004610796565b6100cc565b005b6100616100713660046107ec565b610358565b610061610084366004610803565b6105b2565b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200160405180910390f35b6040516370a0823160e01b81523060048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa158015610130573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610154919061086d565b60405163a9059cbb60e01b81526001600160a01b038681166004830152602482018890529192507f00000000000000000000000000000000000000000000000000000000000000009091169063a9059cbb906044016020604051808303815f875af11580156101c5573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101e99190610884565b61020e5760405162461bcd60e51b8152600401610205906108aa565b60405180910390fd5b5f846001600160a01b031684846040516102299291906108cc565b5f604051808303815f865af19150503d805f8114610262576040519150601f19603f3d011682016040523d82523d5f602084013e610267565b606091505b50509050806102aa5760405162461bcd60e51b815260206004820152600f60248201526e18d85b1b189858dac819985a5b1959608a1b6044820152606401610205565b6040516370a0823160e01b815230600482015282907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa15801561030e573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610332919061086d565b10156103505760405162461bcd60e51b8152600401610205906108db565b505050505050565b6040516370a0823160e01b81523060048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa1580156103bc573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103e0919061086d565b60405163a9059cbb60e01b8152336004820152602481018490529091507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169063a9059cbb906044016020604051808303815f875af115801561044d573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104719190610884565b61048d5760405162461bcd60e51b8152600401610205906108aa565b604051639ab9904960e01b81526001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000166004820152602481018390523390639ab99049906044015f604051808303815f87803b1580156104f2575f5ffd5b505af1158015610504573d5f5f3e3d5ffd5b50506040516370a0823160e01b81523060048201528392507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031691506370a0823190602401602060405180830381865afa15801561056c573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610590919061086d565b10156105ae5760405162461bcd60e51b8152600401610205906108db565b5050565b60405163a9059cbb60e01b81526001600160a01b0384811660048301526024820187905285169063a9059cbb906044016020604051808303815f875af11580156105fe573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906106229190610884565b61063e5760405162461bcd60e51b8152600401610205906108aa565b60405163711216df60e11b81526001600160a01b0384169063e2242dbe906106709087908990879087906004016108ff565b5f604051808303815f87803b158015610687575f5ffd5b505af1158015610699573d5f5f3e3d5ffd5b50506040516323b872dd60e01b81526001600160a01b03868116600483015230602483015260448201899052871692506323b872dd91506064016020604051808303815f875af11580156106ef573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107139190610884565b61072f5760405162461bcd60e51b8152600401610205906108db565b5050505050565b80356001600160a01b038116811461074c575f5ffd5b919050565b5f5f83601f840112610761575f5ffd5b50813567ffffffffffffffff811115610778575f5ffd5b60208301915083602082850101111561078f575f5ffd5b9250929050565b5f5f5f5f606085870312156107a9575f5ffd5b843593506107b960208601610736565b9250604085013567ffffffffffffffff8111156107d4575f5ffd5b6107e087828801610751565b95989497509550505050565b5f602082840312156107fc575f5ffd5b5035919050565b5f5f5f5f5f60808688031215610817575f5ffd5b8535945061082760208701610736565b935061083560408701610736565b9250606086013567ffffffffffffffff811115610850575f5ffd5b61085c88828901610751565b969995985093965092949392505050565b5f6020828403121561087d575f5ffd5b5051919050565b5f60208284031215610894575f5ffd5b815180151581146108a3575f5ffd5b9392505050565b6020808252600890820152673a3930b739b332b960c11b604082015260600190565b818382375f9101908152919050565b6020808252600a90820152691b9bdd081c995c185a5960b21b604082015260600190565b6001600160a01b0385168152602081018490526060604082018190528101829052818360808301375f818301608090810191909152601f909201601f19160101939250505056",
}

// QuietLender is an auto generated Go binding around an Ethereum contract.
type QuietLender struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *QuietLender) GetABI() abi.ABI {
	return c.abi
}

// NewQuietLender creates a new instance of QuietLender.
func NewQuietLender() *QuietLender {
	parsed, err := QuietLenderMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &QuietLender{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *QuietLender) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_) returns()
func (quietLender *QuietLender) PackConstructor(token_ common.Address) []byte {
	enc, err := quietLender.abi.Pack("", token_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2bd94e9c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function flashLoan(uint256 amount, address receiver, bytes data) returns()
func (quietLender *QuietLender) PackFlashLoan(amount *big.Int, receiver common.Address, data []byte) []byte {
	enc, err := quietLender.abi.Pack("flashLoan", amount, receiver, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2bd94e9c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function flashLoan(uint256 amount, address receiver, bytes data) returns()
func (quietLender *QuietLender) TryPackFlashLoan(amount *big.Int, receiver common.Address, data []byte) ([]byte, error) {
	return quietLender.abi.Pack("flashLoan", amount, receiver, data)
}

// PackFlashLoan0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ab603b9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function flashLoan(uint256 amount) returns()
func (quietLender *QuietLender) PackFlashLoan0(amount *big.Int) []byte {
	enc, err := quietLender.abi.Pack("flashLoan0", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFlashLoan0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ab603b9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function flashLoan(uint256 amount) returns()
func (quietLender *QuietLender) TryPackFlashLoan0(amount *big.Int) ([]byte, error) {
	return quietLender.abi.Pack("flashLoan0", amount)
}

// PackFlashLoan1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab19e0c0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function flashLoan(uint256 amount, address asset, address receiver, bytes data) returns()
func (quietLender *QuietLender) PackFlashLoan1(amount *big.Int, asset common.Address, receiver common.Address, data []byte) []byte {
	enc, err := quietLender.abi.Pack("flashLoan1", amount, asset, receiver, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFlashLoan1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab19e0c0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function flashLoan(uint256 amount, address asset, address receiver, bytes data) returns()
func (quietLender *QuietLender) TryPackFlashLoan1(amount *big.Int, asset common.Address, receiver common.Address, data []byte) ([]byte, error) {
	return quietLender.abi.Pack("flashLoan1", amount, asset, receiver, data)
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (quietLender *QuietLender) PackToken() []byte {
	enc, err := quietLender.abi.Pack("token")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token() view returns(address)
func (quietLender *QuietLender) TryPackToken() ([]byte, error) {
	return quietLender.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (quietLender *QuietLender) UnpackToken(data []byte) (common.Address, error) {
	out, err := quietLender.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}
