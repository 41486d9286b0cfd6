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

// ShapePoolMetaData contains all meta data concerning the ShapePool contract.
var ShapePoolMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token0_\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"token1_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint112\",\"name\":\"reserve0\",\"type\":\"uint112\"},{\"indexed\":false,\"internalType\":\"uint112\",\"name\":\"reserve1\",\"type\":\"uint112\"}],\"name\":\"Sync\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"reserve0\",\"outputs\":[{\"internalType\":\"uint112\",\"name\":\"\",\"type\":\"uint112\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reserve1\",\"outputs\":[{\"internalType\":\"uint112\",\"name\":\"\",\"type\":\"uint112\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"tokenIn\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amountIn\",\"type\":\"uint256\"}],\"name\":\"swap\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"amountOut\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"sync\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token0\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token1\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "ShapePool",
	Bin: "0x60c060405234801561000f575f5ffd5b5060405161074838038061074883398101604081905261002e91610060565b6001600160a01b039182166080521660a052610091565b80516001600160a01b038116811461005b575f5ffd5b919050565b5f5f60408385031215610071575f5ffd5b61007a83610045565b915061008860208401610045565b90509250929050565b60805160a05161066d6100db5f395f81816101110152818161017f0152818161031b01526104af01525f8181606901528181610141015281816102f50152610403015261066d5ff3fe608060405234801561000f575f5ffd5b5060043610610060575f3560e01c80630dfe168114610064578063443cb4bc146100a85780635a76f25e146100d2578063d004f0f7146100eb578063d21220a71461010c578063fff6cae914610133575b5f5ffd5b61008b7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b5f546100ba906001600160701b031681565b6040516001600160701b03909116815260200161009f565b5f546100ba90600160701b90046001600160701b031681565b6100fe6100f9366004610598565b61013d565b60405190815260200161009f565b61008b7f000000000000000000000000000000000000000000000000000000000000000081565b61013b6103ee565b005b5f5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316846001600160a01b031614905080806101b357507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316846001600160a01b0316145b6101ec5760405162461bcd60e51b81526020600482015260056024820152643a37b5b2b760d91b60448201526064015b60405180910390fd5b5f5f8261020d575f546001600160701b03600160701b820481169116610224565b5f546001600160701b0380821691600160701b9004165b6040516323b872dd60e01b81523360048201523060248201526044810188905291935091506001600160a01b038716906323b872dd906064016020604051808303815f875af1158015610279573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061029d91906105cd565b6102ce5760405162461bcd60e51b815260206004820152600260248201526134b760f11b60448201526064016101e3565b6102d88583610607565b6102e28287610620565b6102ec9190610637565b935082610319577f000000000000000000000000000000000000000000000000000000000000000061033b565b7f00000000000000000000000000000000000000000000000000000000000000005b60405163a9059cbb60e01b8152336004820152602481018690526001600160a01b03919091169063a9059cbb906044016020604051808303815f875af1158015610387573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103ab91906105cd565b6103dd5760405162461bcd60e51b81526020600482015260036024820152621bdd5d60ea1b60448201526064016101e3565b6103e56103ee565b50505092915050565b6040516370a0823160e01b81523060048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa158015610450573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104749190610656565b5f80546dffffffffffffffffffffffffffff19166001600160701b03929092169190911790556040516370a0823160e01b81523060048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa1580156104fc573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105209190610656565b5f80546001600160701b03928316600160701b9081026dffffffffffffffffffffffffffff60701b19831681179384905560408051918616938616939093178152920490921660208201527f1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1910160405180910390a1565b5f5f604083850312156105a9575f5ffd5b82356001600160a01b03811681146105bf575f5ffd5b946020939093013593505050565b5f602082840312156105dd575f5ffd5b815180151581146105ec575f5ffd5b9392505050565b634e487b7160e01b5f52601160045260245ffd5b8082018082111561061a5761061a6105f3565b92915050565b808202811582820484141761061a5761061a6105f3565b5f8261065157634e487b7160e01b5f52601260045260245ffd5b500490565b5f60208284031215610666575f5ffd5b505191905056",
}

// ShapePool is an auto generated Go binding around an Ethereum contract.
type ShapePool struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ShapePool) GetABI() abi.ABI {
	return c.abi
}

// NewShapePool creates a new instance of ShapePool.
func NewShapePool() *ShapePool {
	parsed, err := ShapePoolMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ShapePool{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ShapePool) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token0_, address token1_) returns()
func (shapePool *ShapePool) PackConstructor(token0_ common.Address, token1_ common.Address) []byte {
	enc, err := shapePool.abi.Pack("", token0_, token1_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackReserve0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x443cb4bc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reserve0() view returns(uint112)
func (shapePool *ShapePool) PackReserve0() []byte {
	enc, err := shapePool.abi.Pack("reserve0")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReserve0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x443cb4bc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reserve0() view returns(uint112)
func (shapePool *ShapePool) TryPackReserve0() ([]byte, error) {
	return shapePool.abi.Pack("reserve0")
}

// UnpackReserve0 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x443cb4bc.
//
// Solidity: function reserve0() view returns(uint112)
func (shapePool *ShapePool) UnpackReserve0(data []byte) (*big.Int, error) {
	out, err := shapePool.abi.Unpack("reserve0", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackReserve1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5a76f25e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reserve1() view returns(uint112)
func (shapePool *ShapePool) PackReserve1() []byte {
	enc, err := shapePool.abi.Pack("reserve1")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReserve1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5a76f25e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reserve1() view returns(uint112)
func (shapePool *ShapePool) TryPackReserve1() ([]byte, error) {
	return shapePool.abi.Pack("reserve1")
}

// UnpackReserve1 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5a76f25e.
//
// Solidity: function reserve1() view returns(uint112)
func (shapePool *ShapePool) UnpackReserve1(data []byte) (*big.Int, error) {
	out, err := shapePool.abi.Unpack("reserve1", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSwap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd004f0f7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function swap(address tokenIn, uint256 amountIn) returns(uint256 amountOut)
func (shapePool *ShapePool) PackSwap(tokenIn common.Address, amountIn *big.Int) []byte {
	enc, err := shapePool.abi.Pack("swap", tokenIn, amountIn)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSwap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd004f0f7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function swap(address tokenIn, uint256 amountIn) returns(uint256 amountOut)
func (shapePool *ShapePool) TryPackSwap(tokenIn common.Address, amountIn *big.Int) ([]byte, error) {
	return shapePool.abi.Pack("swap", tokenIn, amountIn)
}

// UnpackSwap is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd004f0f7.
//
// Solidity: function swap(address tokenIn, uint256 amountIn) returns(uint256 amountOut)
func (shapePool *ShapePool) UnpackSwap(data []byte) (*big.Int, error) {
	out, err := shapePool.abi.Unpack("swap", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSync is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfff6cae9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sync() returns()
func (shapePool *ShapePool) PackSync() []byte {
	enc, err := shapePool.abi.Pack("sync")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSync is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfff6cae9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sync() returns()
func (shapePool *ShapePool) TryPackSync() ([]byte, error) {
	return shapePool.abi.Pack("sync")
}

// PackToken0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0dfe1681.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token0() view returns(address)
func (shapePool *ShapePool) PackToken0() []byte {
	enc, err := shapePool.abi.Pack("token0")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0dfe1681.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token0() view returns(address)
func (shapePool *ShapePool) TryPackToken0() ([]byte, error) {
	return shapePool.abi.Pack("token0")
}

// UnpackToken0 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0dfe1681.
//
// Solidity: function token0() view returns(address)
func (shapePool *ShapePool) UnpackToken0(data []byte) (common.Address, error) {
	out, err := shapePool.abi.Unpack("token0", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackToken1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd21220a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token1() view returns(address)
func (shapePool *ShapePool) PackToken1() []byte {
	enc, err := shapePool.abi.Pack("token1")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd21220a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token1() view returns(address)
func (shapePool *ShapePool) TryPackToken1() ([]byte, error) {
	return shapePool.abi.Pack("token1")
}

// UnpackToken1 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd21220a7.
//
// Solidity: function token1() view returns(address)
func (shapePool *ShapePool) UnpackToken1(data []byte) (common.Address, error) {
	out, err := shapePool.abi.Unpack("token1", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// ShapePoolSync represents a Sync event raised by the ShapePool contract.
type ShapePoolSync struct {
	Reserve0 *big.Int
	Reserve1 *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const ShapePoolSyncEventName = "Sync"

// ContractEventName returns the user-defined event name.
func (ShapePoolSync) ContractEventName() string {
	return ShapePoolSyncEventName
}

// UnpackSyncEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Sync(uint112 reserve0, uint112 reserve1)
func (shapePool *ShapePool) UnpackSyncEvent(log *types.Log) (*ShapePoolSync, error) {
	event := "Sync"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != shapePool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ShapePoolSync)
	if len(log.Data) > 0 {
		if err := shapePool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range shapePool.abi.Events[event].Inputs {
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
