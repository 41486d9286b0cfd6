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

// QuietBorrowerMetaData contains all meta data concerning the QuietBorrower contract.
var QuietBorrowerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractQuietLender\",\"name\":\"lender_\",\"type\":\"address\"},{\"internalType\":\"contractBalanceRewards\",\"name\":\"rewards_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"claimAndRepay\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"claimAndReturn\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"asset\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"executeOperation\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lender\",\"outputs\":[{\"internalType\":\"contractQuietLender\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"asset\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"onQuietLoan\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"rewards\",\"outputs\":[{\"internalType\":\"contractBalanceRewards\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"viaArbitraryCall\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"viaCaller\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"viaPull\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "QuietBorrower",
	Bin: "0x60c060405234801561000f575f5ffd5b50604051610b79380380610b7983398101604081905261002e9161005c565b6001600160a01b039182166080521660a052610094565b6001600160a01b0381168114610059575f5ffd5b50565b5f5f6040838503121561006d575f5ffd5b825161007881610045565b602084015190925061008981610045565b809150509250929050565b60805160a051610a776101025f395f818161010d015281816102a101528181610534015281816106eb01526107fb01525f818161015001528181610187015281816102680152818161030f0152818161043f0152818161046f015281816105a201526106370152610a775ff3fe608060405234801561000f575f5ffd5b5060043610610090575f3560e01c80635d662304116100635780635d662304146100e25780639ab99049146100f55780639ec5a89414610108578063bcead63e1461014b578063e2242dbe14610172575f5ffd5b80632bce9d511461009457806331907a1a146100a95780633cf1a8c9146100bc5780635b77c360146100cf575b5f5ffd5b6100a76100a2366004610911565b610185565b005b6100a76100b7366004610911565b610252565b6100a76100ca36600461093c565b61029f565b6100a76100dd366004610911565b61043d565b6100a76100f0366004610911565b610532565b6100a761010336600461093c565b6106e9565b61012f7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200160405180910390f35b61012f7f000000000000000000000000000000000000000000000000000000000000000081565b6100a7610180366004610966565b6107f9565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316632bd94e9c8230306001600160a01b0316635d662304866040516024016101d891815260200190565b60408051808303601f1901815291815260208201805160e094851b6001600160e01b03909116179052519186901b6001600160e01b031916825261022294939250906004016109eb565b5f604051808303815f87803b158015610239575f5ffd5b505af115801561024b573d5f5f3e3d5ffd5b5050505050565b604051639ab603b960e01b8152600481018290527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031690639ab603b990602401610222565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316634e71d92d6040518163ffffffff1660e01b81526004015f604051808303815f87803b1580156102f7575f5ffd5b505af1158015610309573d5f5f3e3d5ffd5b505050507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663fc0c546a6040518163ffffffff1660e01b8152600401602060405180830381865afa158015610369573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061038d9190610a36565b60405163a9059cbb60e01b81526001600160a01b03848116600483015260248201849052919091169063a9059cbb906044016020604051808303815f875af11580156103db573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103ff9190610a58565b6104395760405162461bcd60e51b81526020600482015260066024820152653932ba3ab93760d11b60448201526064015b60405180910390fd5b5050565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663ab19e0c0827f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663fc0c546a6040518163ffffffff1660e01b8152600401602060405180830381865afa1580156104c9573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104ed9190610a36565b6040516001600160e01b031960e085901b16815260048101929092526001600160a01b03166024820152306044820152608060648201525f608482015260a401610222565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316634e71d92d6040518163ffffffff1660e01b81526004015f604051808303815f87803b15801561058a575f5ffd5b505af115801561059c573d5f5f3e3d5ffd5b505050507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663fc0c546a6040518163ffffffff1660e01b8152600401602060405180830381865afa1580156105fc573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906106209190610a36565b60405163a9059cbb60e01b81526001600160a01b037f00000000000000000000000000000000000000000000000000000000000000008116600483015260248201849052919091169063a9059cbb906044016020604051808303815f875af115801561068e573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906106b29190610a58565b6106e65760405162461bcd60e51b8152602060048201526005602482015264726570617960d81b6044820152606401610430565b50565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316634e71d92d6040518163ffffffff1660e01b81526004015f604051808303815f87803b158015610741575f5ffd5b505af1158015610753573d5f5f3e3d5ffd5b505060405163a9059cbb60e01b8152336004820152602481018490526001600160a01b038516925063a9059cbb91506044016020604051808303815f875af11580156107a1573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107c59190610a58565b6104395760405162461bcd60e51b8152602060048201526005602482015264726570617960d81b6044820152606401610430565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316634e71d92d6040518163ffffffff1660e01b81526004015f604051808303815f87803b158015610851575f5ffd5b505af1158015610863573d5f5f3e3d5ffd5b505060405163095ea7b360e01b8152336004820152602481018690526001600160a01b038716925063095ea7b391506044016020604051808303815f875af11580156108b1573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906108d59190610a58565b61090b5760405162461bcd60e51b8152602060048201526007602482015266617070726f766560c81b6044820152606401610430565b50505050565b5f60208284031215610921575f5ffd5b5035919050565b6001600160a01b03811681146106e6575f5ffd5b5f5f6040838503121561094d575f5ffd5b823561095881610928565b946020939093013593505050565b5f5f5f5f60608587031215610979575f5ffd5b843561098481610928565b935060208501359250604085013567ffffffffffffffff8111156109a6575f5ffd5b8501601f810187136109b6575f5ffd5b803567ffffffffffffffff8111156109cc575f5ffd5b8760208284010111156109dd575f5ffd5b949793965060200194505050565b83815260018060a01b0383166020820152606060408201525f82518060608401528060208501608085015e5f608082850101526080601f19601f830116840101915050949350505050565b5f60208284031215610a46575f5ffd5b8151610a5181610928565b9392505050565b5f60208284031215610a68575f5ffd5b81518015158114610a51575f5ffd",
}

// QuietBorrower is an auto generated Go binding around an Ethereum contract.
type QuietBorrower struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *QuietBorrower) GetABI() abi.ABI {
	return c.abi
}

// NewQuietBorrower creates a new instance of QuietBorrower.
func NewQuietBorrower() *QuietBorrower {
	parsed, err := QuietBorrowerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &QuietBorrower{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *QuietBorrower) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address lender_, address rewards_) returns()
func (quietBorrower *QuietBorrower) PackConstructor(lender_ common.Address, rewards_ common.Address) []byte {
	enc, err := quietBorrower.abi.Pack("", lender_, rewards_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackClaimAndRepay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d662304.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimAndRepay(uint256 amount) returns()
func (quietBorrower *QuietBorrower) PackClaimAndRepay(amount *big.Int) []byte {
	enc, err := quietBorrower.abi.Pack("claimAndRepay", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimAndRepay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d662304.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimAndRepay(uint256 amount) returns()
func (quietBorrower *QuietBorrower) TryPackClaimAndRepay(amount *big.Int) ([]byte, error) {
	return quietBorrower.abi.Pack("claimAndRepay", amount)
}

// PackClaimAndReturn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3cf1a8c9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimAndReturn(address to, uint256 amount) returns()
func (quietBorrower *QuietBorrower) PackClaimAndReturn(to common.Address, amount *big.Int) []byte {
	enc, err := quietBorrower.abi.Pack("claimAndReturn", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimAndReturn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3cf1a8c9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimAndReturn(address to, uint256 amount) returns()
func (quietBorrower *QuietBorrower) TryPackClaimAndReturn(to common.Address, amount *big.Int) ([]byte, error) {
	return quietBorrower.abi.Pack("claimAndReturn", to, amount)
}

// PackExecuteOperation is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe2242dbe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function executeOperation(address asset, uint256 amount, bytes ) returns()
func (quietBorrower *QuietBorrower) PackExecuteOperation(asset common.Address, amount *big.Int, arg2 []byte) []byte {
	enc, err := quietBorrower.abi.Pack("executeOperation", asset, amount, arg2)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExecuteOperation is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe2242dbe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function executeOperation(address asset, uint256 amount, bytes ) returns()
func (quietBorrower *QuietBorrower) TryPackExecuteOperation(asset common.Address, amount *big.Int, arg2 []byte) ([]byte, error) {
	return quietBorrower.abi.Pack("executeOperation", asset, amount, arg2)
}

// PackLender is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbcead63e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lender() view returns(address)
func (quietBorrower *QuietBorrower) PackLender() []byte {
	enc, err := quietBorrower.abi.Pack("lender")
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
func (quietBorrower *QuietBorrower) TryPackLender() ([]byte, error) {
	return quietBorrower.abi.Pack("lender")
}

// UnpackLender is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbcead63e.
//
// Solidity: function lender() view returns(address)
func (quietBorrower *QuietBorrower) UnpackLender(data []byte) (common.Address, error) {
	out, err := quietBorrower.abi.Unpack("lender", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackOnQuietLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ab99049.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onQuietLoan(address asset, uint256 amount) returns()
func (quietBorrower *QuietBorrower) PackOnQuietLoan(asset common.Address, amount *big.Int) []byte {
	enc, err := quietBorrower.abi.Pack("onQuietLoan", asset, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnQuietLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ab99049.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onQuietLoan(address asset, uint256 amount) returns()
func (quietBorrower *QuietBorrower) TryPackOnQuietLoan(asset common.Address, amount *big.Int) ([]byte, error) {
	return quietBorrower.abi.Pack("onQuietLoan", asset, amount)
}

// PackRewards is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ec5a894.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rewards() view returns(address)
func (quietBorrower *QuietBorrower) PackRewards() []byte {
	enc, err := quietBorrower.abi.Pack("rewards")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRewards is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ec5a894.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rewards() view returns(address)
func (quietBorrower *QuietBorrower) TryPackRewards() ([]byte, error) {
	return quietBorrower.abi.Pack("rewards")
}

// UnpackRewards is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9ec5a894.
//
// Solidity: function rewards() view returns(address)
func (quietBorrower *QuietBorrower) UnpackRewards(data []byte) (common.Address, error) {
	out, err := quietBorrower.abi.Unpack("rewards", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackViaArbitraryCall is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2bce9d51.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function viaArbitraryCall(uint256 amount) returns()
func (quietBorrower *QuietBorrower) PackViaArbitraryCall(amount *big.Int) []byte {
	enc, err := quietBorrower.abi.Pack("viaArbitraryCall", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackViaArbitraryCall is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2bce9d51.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function viaArbitraryCall(uint256 amount) returns()
func (quietBorrower *QuietBorrower) TryPackViaArbitraryCall(amount *big.Int) ([]byte, error) {
	return quietBorrower.abi.Pack("viaArbitraryCall", amount)
}

// PackViaCaller is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x31907a1a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function viaCaller(uint256 amount) returns()
func (quietBorrower *QuietBorrower) PackViaCaller(amount *big.Int) []byte {
	enc, err := quietBorrower.abi.Pack("viaCaller", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackViaCaller is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x31907a1a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function viaCaller(uint256 amount) returns()
func (quietBorrower *QuietBorrower) TryPackViaCaller(amount *big.Int) ([]byte, error) {
	return quietBorrower.abi.Pack("viaCaller", amount)
}

// PackViaPull is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5b77c360.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function viaPull(uint256 amount) returns()
func (quietBorrower *QuietBorrower) PackViaPull(amount *big.Int) []byte {
	enc, err := quietBorrower.abi.Pack("viaPull", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackViaPull is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5b77c360.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function viaPull(uint256 amount) returns()
func (quietBorrower *QuietBorrower) TryPackViaPull(amount *big.Int) ([]byte, error) {
	return quietBorrower.abi.Pack("viaPull", amount)
}
