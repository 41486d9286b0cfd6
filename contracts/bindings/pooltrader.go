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

// PoolTraderMetaData contains all meta data concerning the PoolTrader contract.
var PoolTraderMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractShapePool\",\"name\":\"pool\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"pumpAndRestore\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractShapePool\",\"name\":\"pool\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"steps\",\"type\":\"uint256\"}],\"name\":\"swapInSteps\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "PoolTrader",
	Bin: "0x6080604052348015600e575f5ffd5b506106058061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c80631ff8d15514610038578063c436cd5f1461004d575b5f5ffd5b61004b610046366004610551565b610060565b005b61004b61005b36600461057b565b61022c565b61006982610325565b5f826001600160a01b031663d004f0f7846001600160a01b0316630dfe16816040518163ffffffff1660e01b8152600401602060405180830381865afa1580156100b5573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906100d991906105ad565b6040516001600160e01b031960e084901b1681526001600160a01b039091166004820152602481018590526044016020604051808303815f875af1158015610123573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061014791906105cf565b9050826001600160a01b031663d004f0f7846001600160a01b031663d21220a76040518163ffffffff1660e01b8152600401602060405180830381865afa158015610194573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101b891906105ad565b6040516001600160e01b031960e084901b1681526001600160a01b039091166004820152602481018490526044016020604051808303815f875af1158015610202573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061022691906105cf565b50505050565b61023583610325565b5f5b8181101561022657836001600160a01b031663d004f0f7856001600160a01b0316630dfe16816040518163ffffffff1660e01b8152600401602060405180830381865afa15801561028a573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102ae91906105ad565b6040516001600160e01b031960e084901b1681526001600160a01b039091166004820152602481018690526044016020604051808303815f875af11580156102f8573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061031c91906105cf565b50600101610237565b806001600160a01b0316630dfe16816040518163ffffffff1660e01b8152600401602060405180830381865afa158015610361573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061038591906105ad565b60405163095ea7b360e01b81526001600160a01b0383811660048301525f196024830152919091169063095ea7b3906044016020604051808303815f875af11580156103d3573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103f791906105e6565b6104325760405162461bcd60e51b8152602060048201526007602482015266617070726f766560c81b60448201526064015b60405180910390fd5b806001600160a01b031663d21220a76040518163ffffffff1660e01b8152600401602060405180830381865afa15801561046e573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061049291906105ad565b60405163095ea7b360e01b81526001600160a01b0383811660048301525f196024830152919091169063095ea7b3906044016020604051808303815f875af11580156104e0573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061050491906105e6565b61053a5760405162461bcd60e51b8152602060048201526007602482015266617070726f766560c81b6044820152606401610429565b50565b6001600160a01b038116811461053a575f5ffd5b5f5f60408385031215610562575f5ffd5b823561056d8161053d565b946020939093013593505050565b5f5f5f6060848603121561058d575f5ffd5b83356105988161053d565b95602085013595506040909401359392505050565b5f602082840312156105bd575f5ffd5b81516105c88161053d565b9392505050565b5f602082840312156105df575f5ffd5b5051919050565b5f602082840312156105f6575f5ffd5b815180151581146105c8575f5ffd",
}

// PoolTrader is an auto generated Go binding around an Ethereum contract.
type PoolTrader struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *PoolTrader) GetABI() abi.ABI {
	return c.abi
}

// NewPoolTrader creates a new instance of PoolTrader.
func NewPoolTrader() *PoolTrader {
	parsed, err := PoolTraderMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &PoolTrader{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *PoolTrader) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackPumpAndRestore is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1ff8d155.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pumpAndRestore(address pool, uint256 amount) returns()
func (poolTrader *PoolTrader) PackPumpAndRestore(pool common.Address, amount *big.Int) []byte {
	enc, err := poolTrader.abi.Pack("pumpAndRestore", pool, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPumpAndRestore is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1ff8d155.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pumpAndRestore(address pool, uint256 amount) returns()
func (poolTrader *PoolTrader) TryPackPumpAndRestore(pool common.Address, amount *big.Int) ([]byte, error) {
	return poolTrader.abi.Pack("pumpAndRestore", pool, amount)
}

// PackSwapInSteps is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc436cd5f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function swapInSteps(address pool, uint256 amount, uint256 steps) returns()
func (poolTrader *PoolTrader) PackSwapInSteps(pool common.Address, amount *big.Int, steps *big.Int) []byte {
	enc, err := poolTrader.abi.Pack("swapInSteps", pool, amount, steps)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSwapInSteps is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc436cd5f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function swapInSteps(address pool, uint256 amount, uint256 steps) returns()
func (poolTrader *PoolTrader) TryPackSwapInSteps(pool common.Address, amount *big.Int, steps *big.Int) ([]byte, error) {
	return poolTrader.abi.Pack("swapInSteps", pool, amount, steps)
}
