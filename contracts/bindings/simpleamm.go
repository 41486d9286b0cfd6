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

// SimpleAMMMetaData contains all meta data concerning the SimpleAMM contract.
var SimpleAMMMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token0_\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"token1_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amountOut\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"minAmountOut\",\"type\":\"uint256\"}],\"name\":\"InsufficientOutput\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"available\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"requested\",\"type\":\"uint256\"}],\"name\":\"InsufficientShares\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"InvalidToken\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount0\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount1\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"AddLiquidity\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount0\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount1\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"RemoveLiquidity\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"tokenIn\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amountIn\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amountOut\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"Swap\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"reserve0\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"reserve1\",\"type\":\"uint256\"}],\"name\":\"Sync\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"FEE_BPS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount0\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount1\",\"type\":\"uint256\"}],\"name\":\"addLiquidity\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"minted\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amountIn\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"reserveIn\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"reserveOut\",\"type\":\"uint256\"}],\"name\":\"getAmountOut\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"getReserves\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"removeLiquidity\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"amount0\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount1\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reserve0\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reserve1\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"shares\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"spotPrice\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"tokenIn\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amountIn\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"minAmountOut\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"swap\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"amountOut\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token0\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token1\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalShares\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "SimpleAMM",
	Bin: "0x60c060405234801561000f575f5ffd5b50604051610e30380380610e3083398101604081905261002e91610084565b60017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00556001600160a01b039182166080521660a0526100b5565b80516001600160a01b038116811461007f575f5ffd5b919050565b5f5f60408385031215610095575f5ffd5b61009e83610069565b91506100ac60208401610069565b90509250929050565b60805160a051610d2261010e5f395f81816101c3015281816103b5015281816104af0152818161067e015261077b01525f8181610115015281816103810152818161047a0152818161063d01526107d20152610d225ff3fe608060405234801561000f575f5ffd5b50600436106100cb575f3560e01c80635a76f25e11610088578063bf333f2c11610063578063bf333f2c14610197578063ce7c2ac21461019f578063d21220a7146101be578063f3e6ea8a146101e5575f5ffd5b80635a76f25e146101685780639c8f9f23146101715780639cd441da14610184575f5ffd5b8063054d50d4146100cf5780630902f1ac146100f55780630dfe168114610110578063398482d81461014f5780633a98ef3914610157578063443cb4bc14610160575b5f5ffd5b6100e26100dd366004610ba6565b6101f8565b6040519081526020015b60405180910390f35b5f546001545b604080519283526020830191909152016100ec565b6101377f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020016100ec565b6100e2610247565b6100e260025481565b6100e25f5481565b6100e260015481565b6100fb61017f366004610bcf565b61027b565b6100e2610192366004610be6565b61043b565b6100e2601e81565b6100e26101ad366004610c21565b60036020525f908152604090205481565b6101377f000000000000000000000000000000000000000000000000000000000000000081565b6100e26101f3366004610c3a565b610611565b5f80610207601e612710610c91565b6102119086610ca4565b90508061022085612710610ca4565b61022a9190610cbb565b6102348483610ca4565b61023e9190610ce2565b95945050505050565b5f5f545f0361025557505f90565b5f5460015461026c90670de0b6b3a7640000610ca4565b6102769190610ce2565b905090565b5f5f610285610865565b335f90815260036020526040812054908490036102b557604051631f2a200560e01b815260040160405180910390fd5b808411156102e55760405163658ec5dd60e11b815260048101829052602481018590526044015b60405180910390fd5b6002545f546102f49086610ca4565b6102fe9190610ce2565b9250600254600154856103119190610ca4565b61031b9190610ce2565b91506103278482610c91565b335f908152600360205260408120919091556002805486929061034b908490610c91565b90915550505f5461037490610361908590610c91565b8360015461036f9190610c91565b610880565b6103a86001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001633856108c6565b6103dc6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001633846108c6565b604080518481526020810184905290810185905233907f59c3a0b60c6ab7deb62e1440c9e72441db6db7dfe514dba8cb18e60c0d896efa9060600160405180910390a25061043660015f516020610d025f395f51905f5255565b915091565b5f610444610865565b82158061044f575081155b1561046d57604051631f2a200560e01b815260040160405180910390fd5b6104a26001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016333086610900565b6104d76001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016333085610900565b6002545f036104f9576104f26104ed8385610ca4565b61093c565b9050610538565b6105355f546002548561050c9190610ca4565b6105169190610ce2565b6001546002546105269086610ca4565b6105309190610ce2565b610a94565b90505b805f0361055857604051631f2a200560e01b815260040160405180910390fd5b335f9081526003602052604081208054839290610576908490610cbb565b925050819055508060025f82825461058e9190610cbb565b90915550505f546105b2906105a4908590610cbb565b8360015461036f9190610cbb565b604080518481526020810184905290810182905233907fbeb3885786d637a474cbc287c0a44587231633a077f0bd30354d5a4b18996fce9060600160405180910390a261060b60015f516020610d025f395f51905f5255565b92915050565b5f61061a610865565b835f0361063a57604051631f2a200560e01b815260040160405180910390fd5b5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316866001600160a01b03160361067c575060016106d9565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316866001600160a01b0316146106d95760405163961c9a4f60e01b81526001600160a01b03871660048201526024016102dc565b5f5f826106ea576001545f546106f0565b5f546001545b915091506106ff8783836101f8565b93508584108061070d575083155b1561073557604051630583371760e31b815260048101859052602481018790526044016102dc565b61074a6001600160a01b03891633308a610900565b82156107a75761076e875f546107609190610cbb565b8560015461036f9190610c91565b6107a26001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001686866108c6565b6107f9565b6107c5845f546107b79190610c91565b8860015461036f9190610cbb565b6107f96001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001686866108c6565b60408051888152602081018690526001600160a01b0380881692908b169133917fb39c9bc43f811e1a7ce159c5f147458fdb80266bf23c17322013316e27e086d0910160405180910390a450505061085d60015f516020610d025f395f51905f5255565b949350505050565b61086d610aa6565b60025f516020610d025f395f51905f5255565b5f829055600181905560408051838152602081018390527fcf2aa50876cdfbb541206f89af0ee78d44a2abf8d328e37fa4917f982149848a910160405180910390a15050565b6108d38383836001610ad7565b6108fb57604051635274afe760e01b81526001600160a01b03841660048201526024016102dc565b505050565b61090e848484846001610b39565b61093657604051635274afe760e01b81526001600160a01b03851660048201526024016102dc565b50505050565b5f60018211610949575090565b816001600160801b82106109625760809190911c9060401b5b68010000000000000000821061097d5760409190911c9060201b5b64010000000082106109945760209190911c9060101b5b6201000082106109a95760109190911c9060081b5b61010082106109bd5760089190911c9060041b5b601082106109d05760049190911c9060021b5b600482106109dc5760011b5b600302600190811c908185816109f4576109f4610cce565b048201901c90506001818581610a0c57610a0c610cce565b048201901c90506001818581610a2457610a24610cce565b048201901c90506001818581610a3c57610a3c610cce565b048201901c90506001818581610a5457610a54610cce565b048201901c90506001818581610a6c57610a6c610cce565b048201901c9050610a8b818581610a8557610a85610cce565b04821190565b90039392505050565b5f8282188284100282185b9392505050565b5f516020610d025f395f51905f5254600203610ad557604051633ee5aeb560e01b815260040160405180910390fd5b565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f51148316610b2d578383151615610b21573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316610b95578383151615610b89573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b5f5f5f60608486031215610bb8575f5ffd5b505081359360208301359350604090920135919050565b5f60208284031215610bdf575f5ffd5b5035919050565b5f5f60408385031215610bf7575f5ffd5b50508035926020909101359150565b80356001600160a01b0381168114610c1c575f5ffd5b919050565b5f60208284031215610c31575f5ffd5b610a9f82610c06565b5f5f5f5f60808587031215610c4d575f5ffd5b610c5685610c06565b93506020850135925060408501359150610c7260608601610c06565b905092959194509250565b634e487b7160e01b5f52601160045260245ffd5b8181038181111561060b5761060b610c7d565b808202811582820484141761060b5761060b610c7d565b8082018082111561060b5761060b610c7d565b634e487b7160e01b5f52601260045260245ffd5b5f82610cfc57634e487b7160e01b5f52601260045260245ffd5b50049056fe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00",
}

// SimpleAMM is an auto generated Go binding around an Ethereum contract.
type SimpleAMM struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SimpleAMM) GetABI() abi.ABI {
	return c.abi
}

// NewSimpleAMM creates a new instance of SimpleAMM.
func NewSimpleAMM() *SimpleAMM {
	parsed, err := SimpleAMMMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SimpleAMM{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SimpleAMM) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token0_, address token1_) returns()
func (simpleAMM *SimpleAMM) PackConstructor(token0_ common.Address, token1_ common.Address) []byte {
	enc, err := simpleAMM.abi.Pack("", token0_, token1_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackFEEBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbf333f2c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function FEE_BPS() view returns(uint256)
func (simpleAMM *SimpleAMM) PackFEEBPS() []byte {
	enc, err := simpleAMM.abi.Pack("FEE_BPS")
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
func (simpleAMM *SimpleAMM) TryPackFEEBPS() ([]byte, error) {
	return simpleAMM.abi.Pack("FEE_BPS")
}

// UnpackFEEBPS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbf333f2c.
//
// Solidity: function FEE_BPS() view returns(uint256)
func (simpleAMM *SimpleAMM) UnpackFEEBPS(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("FEE_BPS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackAddLiquidity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9cd441da.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function addLiquidity(uint256 amount0, uint256 amount1) returns(uint256 minted)
func (simpleAMM *SimpleAMM) PackAddLiquidity(amount0 *big.Int, amount1 *big.Int) []byte {
	enc, err := simpleAMM.abi.Pack("addLiquidity", amount0, amount1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAddLiquidity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9cd441da.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function addLiquidity(uint256 amount0, uint256 amount1) returns(uint256 minted)
func (simpleAMM *SimpleAMM) TryPackAddLiquidity(amount0 *big.Int, amount1 *big.Int) ([]byte, error) {
	return simpleAMM.abi.Pack("addLiquidity", amount0, amount1)
}

// UnpackAddLiquidity is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9cd441da.
//
// Solidity: function addLiquidity(uint256 amount0, uint256 amount1) returns(uint256 minted)
func (simpleAMM *SimpleAMM) UnpackAddLiquidity(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("addLiquidity", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetAmountOut is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x054d50d4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) pure returns(uint256)
func (simpleAMM *SimpleAMM) PackGetAmountOut(amountIn *big.Int, reserveIn *big.Int, reserveOut *big.Int) []byte {
	enc, err := simpleAMM.abi.Pack("getAmountOut", amountIn, reserveIn, reserveOut)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetAmountOut is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x054d50d4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) pure returns(uint256)
func (simpleAMM *SimpleAMM) TryPackGetAmountOut(amountIn *big.Int, reserveIn *big.Int, reserveOut *big.Int) ([]byte, error) {
	return simpleAMM.abi.Pack("getAmountOut", amountIn, reserveIn, reserveOut)
}

// UnpackGetAmountOut is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x054d50d4.
//
// Solidity: function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) pure returns(uint256)
func (simpleAMM *SimpleAMM) UnpackGetAmountOut(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("getAmountOut", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetReserves is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0902f1ac.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getReserves() view returns(uint256, uint256)
func (simpleAMM *SimpleAMM) PackGetReserves() []byte {
	enc, err := simpleAMM.abi.Pack("getReserves")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetReserves is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0902f1ac.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getReserves() view returns(uint256, uint256)
func (simpleAMM *SimpleAMM) TryPackGetReserves() ([]byte, error) {
	return simpleAMM.abi.Pack("getReserves")
}

// GetReservesOutput serves as a container for the return parameters of contract
// method GetReserves.
type GetReservesOutput struct {
	Arg0 *big.Int
	Arg1 *big.Int
}

// UnpackGetReserves is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0902f1ac.
//
// Solidity: function getReserves() view returns(uint256, uint256)
func (simpleAMM *SimpleAMM) UnpackGetReserves(data []byte) (GetReservesOutput, error) {
	out, err := simpleAMM.abi.Unpack("getReserves", data)
	outstruct := new(GetReservesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Arg0 = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Arg1 = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackRemoveLiquidity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9c8f9f23.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function removeLiquidity(uint256 amount) returns(uint256 amount0, uint256 amount1)
func (simpleAMM *SimpleAMM) PackRemoveLiquidity(amount *big.Int) []byte {
	enc, err := simpleAMM.abi.Pack("removeLiquidity", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemoveLiquidity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9c8f9f23.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function removeLiquidity(uint256 amount) returns(uint256 amount0, uint256 amount1)
func (simpleAMM *SimpleAMM) TryPackRemoveLiquidity(amount *big.Int) ([]byte, error) {
	return simpleAMM.abi.Pack("removeLiquidity", amount)
}

// RemoveLiquidityOutput serves as a container for the return parameters of contract
// method RemoveLiquidity.
type RemoveLiquidityOutput struct {
	Amount0 *big.Int
	Amount1 *big.Int
}

// UnpackRemoveLiquidity is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9c8f9f23.
//
// Solidity: function removeLiquidity(uint256 amount) returns(uint256 amount0, uint256 amount1)
func (simpleAMM *SimpleAMM) UnpackRemoveLiquidity(data []byte) (RemoveLiquidityOutput, error) {
	out, err := simpleAMM.abi.Unpack("removeLiquidity", data)
	outstruct := new(RemoveLiquidityOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Amount0 = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Amount1 = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackReserve0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x443cb4bc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reserve0() view returns(uint256)
func (simpleAMM *SimpleAMM) PackReserve0() []byte {
	enc, err := simpleAMM.abi.Pack("reserve0")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReserve0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x443cb4bc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reserve0() view returns(uint256)
func (simpleAMM *SimpleAMM) TryPackReserve0() ([]byte, error) {
	return simpleAMM.abi.Pack("reserve0")
}

// UnpackReserve0 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x443cb4bc.
//
// Solidity: function reserve0() view returns(uint256)
func (simpleAMM *SimpleAMM) UnpackReserve0(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("reserve0", data)
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
// Solidity: function reserve1() view returns(uint256)
func (simpleAMM *SimpleAMM) PackReserve1() []byte {
	enc, err := simpleAMM.abi.Pack("reserve1")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReserve1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5a76f25e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reserve1() view returns(uint256)
func (simpleAMM *SimpleAMM) TryPackReserve1() ([]byte, error) {
	return simpleAMM.abi.Pack("reserve1")
}

// UnpackReserve1 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5a76f25e.
//
// Solidity: function reserve1() view returns(uint256)
func (simpleAMM *SimpleAMM) UnpackReserve1(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("reserve1", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackShares is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xce7c2ac2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function shares(address ) view returns(uint256)
func (simpleAMM *SimpleAMM) PackShares(arg0 common.Address) []byte {
	enc, err := simpleAMM.abi.Pack("shares", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackShares is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xce7c2ac2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function shares(address ) view returns(uint256)
func (simpleAMM *SimpleAMM) TryPackShares(arg0 common.Address) ([]byte, error) {
	return simpleAMM.abi.Pack("shares", arg0)
}

// UnpackShares is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xce7c2ac2.
//
// Solidity: function shares(address ) view returns(uint256)
func (simpleAMM *SimpleAMM) UnpackShares(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("shares", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSpotPrice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x398482d8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function spotPrice() view returns(uint256)
func (simpleAMM *SimpleAMM) PackSpotPrice() []byte {
	enc, err := simpleAMM.abi.Pack("spotPrice")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSpotPrice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x398482d8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function spotPrice() view returns(uint256)
func (simpleAMM *SimpleAMM) TryPackSpotPrice() ([]byte, error) {
	return simpleAMM.abi.Pack("spotPrice")
}

// UnpackSpotPrice is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x398482d8.
//
// Solidity: function spotPrice() view returns(uint256)
func (simpleAMM *SimpleAMM) UnpackSpotPrice(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("spotPrice", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSwap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf3e6ea8a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function swap(address tokenIn, uint256 amountIn, uint256 minAmountOut, address to) returns(uint256 amountOut)
func (simpleAMM *SimpleAMM) PackSwap(tokenIn common.Address, amountIn *big.Int, minAmountOut *big.Int, to common.Address) []byte {
	enc, err := simpleAMM.abi.Pack("swap", tokenIn, amountIn, minAmountOut, to)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSwap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf3e6ea8a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function swap(address tokenIn, uint256 amountIn, uint256 minAmountOut, address to) returns(uint256 amountOut)
func (simpleAMM *SimpleAMM) TryPackSwap(tokenIn common.Address, amountIn *big.Int, minAmountOut *big.Int, to common.Address) ([]byte, error) {
	return simpleAMM.abi.Pack("swap", tokenIn, amountIn, minAmountOut, to)
}

// UnpackSwap is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf3e6ea8a.
//
// Solidity: function swap(address tokenIn, uint256 amountIn, uint256 minAmountOut, address to) returns(uint256 amountOut)
func (simpleAMM *SimpleAMM) UnpackSwap(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("swap", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackToken0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0dfe1681.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token0() view returns(address)
func (simpleAMM *SimpleAMM) PackToken0() []byte {
	enc, err := simpleAMM.abi.Pack("token0")
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
func (simpleAMM *SimpleAMM) TryPackToken0() ([]byte, error) {
	return simpleAMM.abi.Pack("token0")
}

// UnpackToken0 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0dfe1681.
//
// Solidity: function token0() view returns(address)
func (simpleAMM *SimpleAMM) UnpackToken0(data []byte) (common.Address, error) {
	out, err := simpleAMM.abi.Unpack("token0", data)
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
func (simpleAMM *SimpleAMM) PackToken1() []byte {
	enc, err := simpleAMM.abi.Pack("token1")
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
func (simpleAMM *SimpleAMM) TryPackToken1() ([]byte, error) {
	return simpleAMM.abi.Pack("token1")
}

// UnpackToken1 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd21220a7.
//
// Solidity: function token1() view returns(address)
func (simpleAMM *SimpleAMM) UnpackToken1(data []byte) (common.Address, error) {
	out, err := simpleAMM.abi.Unpack("token1", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTotalShares is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a98ef39.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalShares() view returns(uint256)
func (simpleAMM *SimpleAMM) PackTotalShares() []byte {
	enc, err := simpleAMM.abi.Pack("totalShares")
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
func (simpleAMM *SimpleAMM) TryPackTotalShares() ([]byte, error) {
	return simpleAMM.abi.Pack("totalShares")
}

// UnpackTotalShares is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3a98ef39.
//
// Solidity: function totalShares() view returns(uint256)
func (simpleAMM *SimpleAMM) UnpackTotalShares(data []byte) (*big.Int, error) {
	out, err := simpleAMM.abi.Unpack("totalShares", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// SimpleAMMAddLiquidity represents a AddLiquidity event raised by the SimpleAMM contract.
type SimpleAMMAddLiquidity struct {
	Provider common.Address
	Amount0  *big.Int
	Amount1  *big.Int
	Shares   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const SimpleAMMAddLiquidityEventName = "AddLiquidity"

// ContractEventName returns the user-defined event name.
func (SimpleAMMAddLiquidity) ContractEventName() string {
	return SimpleAMMAddLiquidityEventName
}

// UnpackAddLiquidityEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AddLiquidity(address indexed provider, uint256 amount0, uint256 amount1, uint256 shares)
func (simpleAMM *SimpleAMM) UnpackAddLiquidityEvent(log *types.Log) (*SimpleAMMAddLiquidity, error) {
	event := "AddLiquidity"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != simpleAMM.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SimpleAMMAddLiquidity)
	if len(log.Data) > 0 {
		if err := simpleAMM.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range simpleAMM.abi.Events[event].Inputs {
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

// SimpleAMMRemoveLiquidity represents a RemoveLiquidity event raised by the SimpleAMM contract.
type SimpleAMMRemoveLiquidity struct {
	Provider common.Address
	Amount0  *big.Int
	Amount1  *big.Int
	Shares   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const SimpleAMMRemoveLiquidityEventName = "RemoveLiquidity"

// ContractEventName returns the user-defined event name.
func (SimpleAMMRemoveLiquidity) ContractEventName() string {
	return SimpleAMMRemoveLiquidityEventName
}

// UnpackRemoveLiquidityEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RemoveLiquidity(address indexed provider, uint256 amount0, uint256 amount1, uint256 shares)
func (simpleAMM *SimpleAMM) UnpackRemoveLiquidityEvent(log *types.Log) (*SimpleAMMRemoveLiquidity, error) {
	event := "RemoveLiquidity"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != simpleAMM.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SimpleAMMRemoveLiquidity)
	if len(log.Data) > 0 {
		if err := simpleAMM.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range simpleAMM.abi.Events[event].Inputs {
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

// SimpleAMMSwap represents a Swap event raised by the SimpleAMM contract.
type SimpleAMMSwap struct {
	Sender    common.Address
	TokenIn   common.Address
	AmountIn  *big.Int
	AmountOut *big.Int
	To        common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const SimpleAMMSwapEventName = "Swap"

// ContractEventName returns the user-defined event name.
func (SimpleAMMSwap) ContractEventName() string {
	return SimpleAMMSwapEventName
}

// UnpackSwapEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Swap(address indexed sender, address indexed tokenIn, uint256 amountIn, uint256 amountOut, address indexed to)
func (simpleAMM *SimpleAMM) UnpackSwapEvent(log *types.Log) (*SimpleAMMSwap, error) {
	event := "Swap"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != simpleAMM.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SimpleAMMSwap)
	if len(log.Data) > 0 {
		if err := simpleAMM.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range simpleAMM.abi.Events[event].Inputs {
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

// SimpleAMMSync represents a Sync event raised by the SimpleAMM contract.
type SimpleAMMSync struct {
	Reserve0 *big.Int
	Reserve1 *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const SimpleAMMSyncEventName = "Sync"

// ContractEventName returns the user-defined event name.
func (SimpleAMMSync) ContractEventName() string {
	return SimpleAMMSyncEventName
}

// UnpackSyncEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Sync(uint256 reserve0, uint256 reserve1)
func (simpleAMM *SimpleAMM) UnpackSyncEvent(log *types.Log) (*SimpleAMMSync, error) {
	event := "Sync"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != simpleAMM.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SimpleAMMSync)
	if len(log.Data) > 0 {
		if err := simpleAMM.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range simpleAMM.abi.Events[event].Inputs {
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
func (simpleAMM *SimpleAMM) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], simpleAMM.abi.Errors["InsufficientOutput"].ID.Bytes()[:4]) {
		return simpleAMM.UnpackInsufficientOutputError(raw[4:])
	}
	if bytes.Equal(raw[:4], simpleAMM.abi.Errors["InsufficientShares"].ID.Bytes()[:4]) {
		return simpleAMM.UnpackInsufficientSharesError(raw[4:])
	}
	if bytes.Equal(raw[:4], simpleAMM.abi.Errors["InvalidToken"].ID.Bytes()[:4]) {
		return simpleAMM.UnpackInvalidTokenError(raw[4:])
	}
	if bytes.Equal(raw[:4], simpleAMM.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return simpleAMM.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], simpleAMM.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return simpleAMM.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], simpleAMM.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return simpleAMM.UnpackZeroAmountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// SimpleAMMInsufficientOutput represents a InsufficientOutput error raised by the SimpleAMM contract.
type SimpleAMMInsufficientOutput struct {
	AmountOut    *big.Int
	MinAmountOut *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientOutput(uint256 amountOut, uint256 minAmountOut)
func SimpleAMMInsufficientOutputErrorID() common.Hash {
	return common.HexToHash("0x2c19b8b87dc30ba95595ffd66c13e323be53c04224764b08e36f6411939cc30e")
}

// UnpackInsufficientOutputError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientOutput(uint256 amountOut, uint256 minAmountOut)
func (simpleAMM *SimpleAMM) UnpackInsufficientOutputError(raw []byte) (*SimpleAMMInsufficientOutput, error) {
	out := new(SimpleAMMInsufficientOutput)
	if err := simpleAMM.abi.UnpackIntoInterface(out, "InsufficientOutput", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SimpleAMMInsufficientShares represents a InsufficientShares error raised by the SimpleAMM contract.
type SimpleAMMInsufficientShares struct {
	Available *big.Int
	Requested *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientShares(uint256 available, uint256 requested)
func SimpleAMMInsufficientSharesErrorID() common.Hash {
	return common.HexToHash("0xcb1d8bbaac965f93f06f14f4677fd4dbd26b1b89bf6dc7aa7c0ee5af7f19e420")
}

// UnpackInsufficientSharesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientShares(uint256 available, uint256 requested)
func (simpleAMM *SimpleAMM) UnpackInsufficientSharesError(raw []byte) (*SimpleAMMInsufficientShares, error) {
	out := new(SimpleAMMInsufficientShares)
	if err := simpleAMM.abi.UnpackIntoInterface(out, "InsufficientShares", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SimpleAMMInvalidToken represents a InvalidToken error raised by the SimpleAMM contract.
type SimpleAMMInvalidToken struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidToken(address token)
func SimpleAMMInvalidTokenErrorID() common.Hash {
	return common.HexToHash("0x961c9a4f74d4e632663c98ff08df58a4a4cfef4336b18bb01466eddc3157fb75")
}

// UnpackInvalidTokenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidToken(address token)
func (simpleAMM *SimpleAMM) UnpackInvalidTokenError(raw []byte) (*SimpleAMMInvalidToken, error) {
	out := new(SimpleAMMInvalidToken)
	if err := simpleAMM.abi.UnpackIntoInterface(out, "InvalidToken", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SimpleAMMReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the SimpleAMM contract.
type SimpleAMMReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func SimpleAMMReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (simpleAMM *SimpleAMM) UnpackReentrancyGuardReentrantCallError(raw []byte) (*SimpleAMMReentrancyGuardReentrantCall, error) {
	out := new(SimpleAMMReentrancyGuardReentrantCall)
	if err := simpleAMM.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SimpleAMMSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the SimpleAMM contract.
type SimpleAMMSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func SimpleAMMSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (simpleAMM *SimpleAMM) UnpackSafeERC20FailedOperationError(raw []byte) (*SimpleAMMSafeERC20FailedOperation, error) {
	out := new(SimpleAMMSafeERC20FailedOperation)
	if err := simpleAMM.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SimpleAMMZeroAmount represents a ZeroAmount error raised by the SimpleAMM contract.
type SimpleAMMZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func SimpleAMMZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (simpleAMM *SimpleAMM) UnpackZeroAmountError(raw []byte) (*SimpleAMMZeroAmount, error) {
	out := new(SimpleAMMZeroAmount)
	if err := simpleAMM.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
