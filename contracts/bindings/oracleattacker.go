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

// OracleAttackerMetaData contains all meta data concerning the OracleAttacker contract.
var OracleAttackerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"NotOwner\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"UnexpectedCallback\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"pool\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"flashAmount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"borrowed\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"profit\",\"type\":\"uint256\"}],\"name\":\"Attacked\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"contractIERC3156FlashLender\",\"name\":\"lender\",\"type\":\"address\"},{\"internalType\":\"contractLendingPool\",\"name\":\"pool\",\"type\":\"address\"},{\"internalType\":\"contractSimpleAMM\",\"name\":\"amm\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"flashAmount\",\"type\":\"uint256\"}],\"name\":\"attack\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"initiator\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"onFlashLoan\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "OracleAttacker",
	Bin: "0x60a0604052348015600e575f5ffd5b5033608052608051610f2061003f5f395f81816083015281816101dc015281816104c201526105c30152610f205ff3fe608060405234801561000f575f5ffd5b506004361061003f575f3560e01c806323e30c8b146100435780633c5ab959146100695780638da5cb5b1461007e575b5f5ffd5b610056610051366004610c9f565b6100bd565b6040519081526020015b60405180910390f35b61007c610077366004610d44565b6101d1565b005b6100a57f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610060565b5f80546001600160a01b0316331415806100e057506001600160a01b0387163014155b156100fe5760405163dab1e99360e01b815260040160405180910390fd5b5f8061010c84860186610d92565b9150915061011c82828a8a610648565b6001600160a01b03881663095ea7b333610136898b610ddd565b6040516001600160e01b031960e085901b1681526001600160a01b03909216600483015260248201526044016020604051808303815f875af115801561017e573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101a29190610df6565b507f439148f0bbc682ca079e46d6e2c2f0c1e3b820f1a291b069d8882abf8cf18dd99998505050505050505050565b336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461021a576040516330cd747160e01b815260040160405180910390fd5b5f836001600160a01b03166322be3de16040518163ffffffff1660e01b8152600401602060405180830381865afa158015610257573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061027b9190610e15565b90505f846001600160a01b031663d8dfeb456040518163ffffffff1660e01b8152600401602060405180830381865afa1580156102ba573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102de9190610e15565b5f80546001600160a01b0319166001600160a01b03898116918217909255604080518984166020820152928816838201528051808403820181526060840191829052632e7ff4ef60e11b90915292935091635cffe9de9161034791309187918991606401610e30565b6020604051808303815f875af1158015610363573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103879190610df6565b505f80546001600160a01b03191681556040516370a0823160e01b81523060048201526001600160a01b038416906370a0823190602401602060405180830381865afa1580156103d9573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103fd9190610e8a565b60405163d283e75f60e01b81523060048201529091506001600160a01b038716907f47be84788b240305c31d482686a7f5849e174331621af2cf23cbcab127b8e3eb908690839063d283e75f90602401602060405180830381865afa158015610468573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061048c9190610e8a565b604080519283526020830191909152810184905260600160405180910390a260405163a9059cbb60e01b81526001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000811660048301526024820183905284169063a9059cbb906044016020604051808303815f875af1158015610517573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061053b9190610df6565b506040516370a0823160e01b81523060048201525f906001600160a01b038416906370a0823190602401602060405180830381865afa158015610580573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105a49190610e8a565b9050801561063e5760405163a9059cbb60e01b81526001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000811660048301526024820183905284169063a9059cbb906044016020604051808303815f875af1158015610618573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061063c9190610df6565b505b5050505050505050565b5f846001600160a01b031663d8dfeb456040518163ffffffff1660e01b8152600401602060405180830381865afa158015610685573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906106a99190610e15565b60405163095ea7b360e01b81526001600160a01b038681166004830152602482018590529192509084169063095ea7b3906044016020604051808303815f875af11580156106f9573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061071d9190610df6565b506040516379f3754560e11b81526001600160a01b038481166004830152602482018490525f60448301819052306064840152919086169063f3e6ea8a906084016020604051808303815f875af115801561077a573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061079e9190610e8a565b6040516370a0823160e01b81526001600160a01b0388811660048301529192505f918616906370a0823190602401602060405180830381865afa1580156107e7573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061080b9190610e8a565b90505f6108ee8269021e19e0c9bab24000008a6001600160a01b031663fae3706f6040518163ffffffff1660e01b8152600401602060405180830381865afa158015610859573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061087d9190610e8a565b8a6001600160a01b031663398482d86040518163ffffffff1660e01b8152600401602060405180830381865afa1580156108b9573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906108dd9190610e8a565b6108e79190610ea1565b6001610b33565b6108f9906001610ddd565b60405163095ea7b360e01b81526001600160a01b038a81166004830152602482018390529192509085169063095ea7b3906044016020604051808303815f875af1158015610949573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061096d9190610df6565b5060405163bad4a01f60e01b8152600481018290526001600160a01b0389169063bad4a01f906024015f604051808303815f87803b1580156109ad575f5ffd5b505af11580156109bf573d5f5f3e3d5ffd5b505060405163317afabb60e21b8152600481018590526001600160a01b038b16925063c5ebeaec91506024015f604051808303815f87803b158015610a02575f5ffd5b505af1158015610a14573d5f5f3e3d5ffd5b50505050836001600160a01b031663095ea7b3888386610a349190610eb8565b6040516001600160e01b031960e085901b1681526001600160a01b03909216600483015260248201526044016020604051808303815f875af1158015610a7c573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610aa09190610df6565b506001600160a01b03871663f3e6ea8a85610abb8487610eb8565b6040516001600160e01b031960e085901b1681526001600160a01b03909216600483015260248201525f60448201523060648201526084016020604051808303815f875af1158015610b0f573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061063c9190610e8a565b5f610b60610b4083610b7e565b8015610b5b57505f8480610b5657610b56610ecb565b868809115b151590565b610b6b868686610baa565b610b759190610ddd565b95945050505050565b5f6002826003811115610b9357610b93610edf565b610b9d9190610ef3565b60ff166001149050919050565b5f5f5f610bb78686610c5b565b91509150815f03610bdb57838181610bd157610bd1610ecb565b0492505050610c54565b818411610bf257610bf26003851502601118610c77565b5f848688095f868103871696879004966002600389028118808a02820302808a02820302808a02820302808a02820302808a02820302808a02909103029181900381900460010185841190960395909502919093039390930492909217029150505b9392505050565b5f805f1983850993909202808410938190039390930393915050565b634e487b715f52806020526024601cfd5b6001600160a01b0381168114610c9c575f5ffd5b50565b5f5f5f5f5f5f60a08789031215610cb4575f5ffd5b8635610cbf81610c88565b95506020870135610ccf81610c88565b94506040870135935060608701359250608087013567ffffffffffffffff811115610cf8575f5ffd5b8701601f81018913610d08575f5ffd5b803567ffffffffffffffff811115610d1e575f5ffd5b896020828401011115610d2f575f5ffd5b60208201935080925050509295509295509295565b5f5f5f5f60808587031215610d57575f5ffd5b8435610d6281610c88565b93506020850135610d7281610c88565b92506040850135610d8281610c88565b9396929550929360600135925050565b5f5f60408385031215610da3575f5ffd5b8235610dae81610c88565b91506020830135610dbe81610c88565b809150509250929050565b634e487b7160e01b5f52601160045260245ffd5b80820180821115610df057610df0610dc9565b92915050565b5f60208284031215610e06575f5ffd5b81518015158114610c54575f5ffd5b5f60208284031215610e25575f5ffd5b8151610c5481610c88565b60018060a01b038516815260018060a01b0384166020820152826040820152608060608201525f8251806080840152806020850160a085015e5f60a0828501015260a0601f19601f83011684010191505095945050505050565b5f60208284031215610e9a575f5ffd5b5051919050565b8082028115828204841417610df057610df0610dc9565b81810381811115610df057610df0610dc9565b634e487b7160e01b5f52601260045260245ffd5b634e487b7160e01b5f52602160045260245ffd5b5f60ff831680610f1157634e487b7160e01b5f52601260045260245ffd5b8060ff8416069150509291505056",
}

// OracleAttacker is an auto generated Go binding around an Ethereum contract.
type OracleAttacker struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *OracleAttacker) GetABI() abi.ABI {
	return c.abi
}

// NewOracleAttacker creates a new instance of OracleAttacker.
func NewOracleAttacker() *OracleAttacker {
	parsed, err := OracleAttackerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &OracleAttacker{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *OracleAttacker) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAttack is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3c5ab959.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attack(address lender, address pool, address amm, uint256 flashAmount) returns()
func (oracleAttacker *OracleAttacker) PackAttack(lender common.Address, pool common.Address, amm common.Address, flashAmount *big.Int) []byte {
	enc, err := oracleAttacker.abi.Pack("attack", lender, pool, amm, flashAmount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttack is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3c5ab959.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attack(address lender, address pool, address amm, uint256 flashAmount) returns()
func (oracleAttacker *OracleAttacker) TryPackAttack(lender common.Address, pool common.Address, amm common.Address, flashAmount *big.Int) ([]byte, error) {
	return oracleAttacker.abi.Pack("attack", lender, pool, amm, flashAmount)
}

// PackOnFlashLoan is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23e30c8b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes data) returns(bytes32)
func (oracleAttacker *OracleAttacker) PackOnFlashLoan(initiator common.Address, token common.Address, amount *big.Int, fee *big.Int, data []byte) []byte {
	enc, err := oracleAttacker.abi.Pack("onFlashLoan", initiator, token, amount, fee, data)
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
func (oracleAttacker *OracleAttacker) TryPackOnFlashLoan(initiator common.Address, token common.Address, amount *big.Int, fee *big.Int, data []byte) ([]byte, error) {
	return oracleAttacker.abi.Pack("onFlashLoan", initiator, token, amount, fee, data)
}

// UnpackOnFlashLoan is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23e30c8b.
//
// Solidity: function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes data) returns(bytes32)
func (oracleAttacker *OracleAttacker) UnpackOnFlashLoan(data []byte) ([32]byte, error) {
	out, err := oracleAttacker.abi.Unpack("onFlashLoan", data)
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
func (oracleAttacker *OracleAttacker) PackOwner() []byte {
	enc, err := oracleAttacker.abi.Pack("owner")
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
func (oracleAttacker *OracleAttacker) TryPackOwner() ([]byte, error) {
	return oracleAttacker.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (oracleAttacker *OracleAttacker) UnpackOwner(data []byte) (common.Address, error) {
	out, err := oracleAttacker.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// OracleAttackerAttacked represents a Attacked event raised by the OracleAttacker contract.
type OracleAttackerAttacked struct {
	Pool        common.Address
	FlashAmount *big.Int
	Borrowed    *big.Int
	Profit      *big.Int
	Raw         *types.Log // Blockchain specific contextual infos
}

const OracleAttackerAttackedEventName = "Attacked"

// ContractEventName returns the user-defined event name.
func (OracleAttackerAttacked) ContractEventName() string {
	return OracleAttackerAttackedEventName
}

// UnpackAttackedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Attacked(address indexed pool, uint256 flashAmount, uint256 borrowed, uint256 profit)
func (oracleAttacker *OracleAttacker) UnpackAttackedEvent(log *types.Log) (*OracleAttackerAttacked, error) {
	event := "Attacked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != oracleAttacker.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OracleAttackerAttacked)
	if len(log.Data) > 0 {
		if err := oracleAttacker.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range oracleAttacker.abi.Events[event].Inputs {
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
func (oracleAttacker *OracleAttacker) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], oracleAttacker.abi.Errors["NotOwner"].ID.Bytes()[:4]) {
		return oracleAttacker.UnpackNotOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], oracleAttacker.abi.Errors["UnexpectedCallback"].ID.Bytes()[:4]) {
		return oracleAttacker.UnpackUnexpectedCallbackError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// OracleAttackerNotOwner represents a NotOwner error raised by the OracleAttacker contract.
type OracleAttackerNotOwner struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOwner()
func OracleAttackerNotOwnerErrorID() common.Hash {
	return common.HexToHash("0x30cd74712f59d478562d48e2d35de830db72c60a63dd08ae59199eec990b5bc4")
}

// UnpackNotOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOwner()
func (oracleAttacker *OracleAttacker) UnpackNotOwnerError(raw []byte) (*OracleAttackerNotOwner, error) {
	out := new(OracleAttackerNotOwner)
	if err := oracleAttacker.abi.UnpackIntoInterface(out, "NotOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OracleAttackerUnexpectedCallback represents a UnexpectedCallback error raised by the OracleAttacker contract.
type OracleAttackerUnexpectedCallback struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnexpectedCallback()
func OracleAttackerUnexpectedCallbackErrorID() common.Hash {
	return common.HexToHash("0xdab1e9930178f2720ea27a937974f4d903c2c6955a477fb2fadc264e50c0d56c")
}

// UnpackUnexpectedCallbackError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnexpectedCallback()
func (oracleAttacker *OracleAttacker) UnpackUnexpectedCallbackError(raw []byte) (*OracleAttackerUnexpectedCallback, error) {
	out := new(OracleAttackerUnexpectedCallback)
	if err := oracleAttacker.abi.UnpackIntoInterface(out, "UnexpectedCallback", raw); err != nil {
		return nil, err
	}
	return out, nil
}
