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

// MerkleClaimMetaData contains all meta data concerning the MerkleClaim contract.
var MerkleClaimMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"merkleRoot_\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"AlreadyClaimed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"isClaimed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"merkleRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "MerkleClaim",
	Bin: "0x60c060405234801561000f575f5ffd5b5060405161056438038061056483398101604081905261002e91610044565b6001600160a01b0390911660805260a05261007b565b5f5f60408385031215610055575f5ffd5b82516001600160a01b038116811461006b575f5ffd5b6020939093015192949293505050565b60805160a0516104bc6100a85f395f8181605301526101d201525f818160ec015261025a01526104bc5ff3fe608060405234801561000f575f5ffd5b506004361061004a575f3560e01c80632eb4a7ab1461004e5780633d13f874146100885780638cc080251461009d578063fc0c546a146100e7575b5f5ffd5b6100757f000000000000000000000000000000000000000000000000000000000000000081565b6040519081526020015b60405180910390f35b61009b610096366004610409565b610126565b005b6100d76100ab36600461048f565b6001600160981b03600882901c165f90815260208190526040812054600160ff84161b16151592915050565b604051901515815260200161007f565b61010e7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161007f565b600884901c6001600160981b03165f90815260208190526040902054600160ff86161b161561017857604051632058b6db60e01b81526001600160a01b03851660048201526024015b60405180910390fd5b604080516001600160a01b03861660208201529081018490525f9060600160408051601f19818403018152828252805160209182012090830152016040516020818303038152906040528051906020012090506101f783837f0000000000000000000000000000000000000000000000000000000000000000846102cb565b610226576040516356deb28960e11b81526001600160a01b03861660048201526024810185905260440161016f565b6001600160981b03600886901c165f9081526020819052604090208054600160ff88161b1790556102816001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001686866102e2565b846001600160a01b03167fd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a856040516102bc91815260200190565b60405180910390a25050505050565b5f826102d886868561031c565b1495945050505050565b6102ef838383600161035d565b61031757604051635274afe760e01b81526001600160a01b038416600482015260240161016f565b505050565b5f81815b848110156103545761034a8287878481811061033e5761033e6104a8565b905060200201356103bf565b9150600101610320565b50949350505050565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f511483166103b35783831516156103a7573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b5f8183106103d9575f8281526020849052604090206103e7565b5f8381526020839052604090205b9392505050565b80356001600160a01b0381168114610404575f5ffd5b919050565b5f5f5f5f6060858703121561041c575f5ffd5b610425856103ee565b935060208501359250604085013567ffffffffffffffff811115610447575f5ffd5b8501601f81018713610457575f5ffd5b803567ffffffffffffffff81111561046d575f5ffd5b8760208260051b8401011115610481575f5ffd5b949793965060200194505050565b5f6020828403121561049f575f5ffd5b6103e7826103ee565b634e487b7160e01b5f52603260045260245ffd",
}

// MerkleClaim is an auto generated Go binding around an Ethereum contract.
type MerkleClaim struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *MerkleClaim) GetABI() abi.ABI {
	return c.abi
}

// NewMerkleClaim creates a new instance of MerkleClaim.
func NewMerkleClaim() *MerkleClaim {
	parsed, err := MerkleClaimMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &MerkleClaim{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *MerkleClaim) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_, bytes32 merkleRoot_) returns()
func (merkleClaim *MerkleClaim) PackConstructor(token_ common.Address, merkleRoot_ [32]byte) []byte {
	enc, err := merkleClaim.abi.Pack("", token_, merkleRoot_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3d13f874.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim(address account, uint256 amount, bytes32[] proof) returns()
func (merkleClaim *MerkleClaim) PackClaim(account common.Address, amount *big.Int, proof [][32]byte) []byte {
	enc, err := merkleClaim.abi.Pack("claim", account, amount, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3d13f874.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim(address account, uint256 amount, bytes32[] proof) returns()
func (merkleClaim *MerkleClaim) TryPackClaim(account common.Address, amount *big.Int, proof [][32]byte) ([]byte, error) {
	return merkleClaim.abi.Pack("claim", account, amount, proof)
}

// PackIsClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8cc08025.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isClaimed(address account) view returns(bool)
func (merkleClaim *MerkleClaim) PackIsClaimed(account common.Address) []byte {
	enc, err := merkleClaim.abi.Pack("isClaimed", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8cc08025.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isClaimed(address account) view returns(bool)
func (merkleClaim *MerkleClaim) TryPackIsClaimed(account common.Address) ([]byte, error) {
	return merkleClaim.abi.Pack("isClaimed", account)
}

// UnpackIsClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8cc08025.
//
// Solidity: function isClaimed(address account) view returns(bool)
func (merkleClaim *MerkleClaim) UnpackIsClaimed(data []byte) (bool, error) {
	out, err := merkleClaim.abi.Unpack("isClaimed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMerkleRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb4a7ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (merkleClaim *MerkleClaim) PackMerkleRoot() []byte {
	enc, err := merkleClaim.abi.Pack("merkleRoot")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMerkleRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb4a7ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (merkleClaim *MerkleClaim) TryPackMerkleRoot() ([]byte, error) {
	return merkleClaim.abi.Pack("merkleRoot")
}

// UnpackMerkleRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2eb4a7ab.
//
// Solidity: function merkleRoot() view returns(bytes32)
func (merkleClaim *MerkleClaim) UnpackMerkleRoot(data []byte) ([32]byte, error) {
	out, err := merkleClaim.abi.Unpack("merkleRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (merkleClaim *MerkleClaim) PackToken() []byte {
	enc, err := merkleClaim.abi.Pack("token")
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
func (merkleClaim *MerkleClaim) TryPackToken() ([]byte, error) {
	return merkleClaim.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (merkleClaim *MerkleClaim) UnpackToken(data []byte) (common.Address, error) {
	out, err := merkleClaim.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// MerkleClaimClaimed represents a Claimed event raised by the MerkleClaim contract.
type MerkleClaimClaimed struct {
	Account common.Address
	Amount  *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const MerkleClaimClaimedEventName = "Claimed"

// ContractEventName returns the user-defined event name.
func (MerkleClaimClaimed) ContractEventName() string {
	return MerkleClaimClaimedEventName
}

// UnpackClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimed(address indexed account, uint256 amount)
func (merkleClaim *MerkleClaim) UnpackClaimedEvent(log *types.Log) (*MerkleClaimClaimed, error) {
	event := "Claimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != merkleClaim.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(MerkleClaimClaimed)
	if len(log.Data) > 0 {
		if err := merkleClaim.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range merkleClaim.abi.Events[event].Inputs {
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
func (merkleClaim *MerkleClaim) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], merkleClaim.abi.Errors["AlreadyClaimed"].ID.Bytes()[:4]) {
		return merkleClaim.UnpackAlreadyClaimedError(raw[4:])
	}
	if bytes.Equal(raw[:4], merkleClaim.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return merkleClaim.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], merkleClaim.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return merkleClaim.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// MerkleClaimAlreadyClaimed represents a AlreadyClaimed error raised by the MerkleClaim contract.
type MerkleClaimAlreadyClaimed struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyClaimed(address account)
func MerkleClaimAlreadyClaimedErrorID() common.Hash {
	return common.HexToHash("0x2058b6db2d54b3967183f50f850a1198033ab0f8c053534200105b7a1a826bc8")
}

// UnpackAlreadyClaimedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyClaimed(address account)
func (merkleClaim *MerkleClaim) UnpackAlreadyClaimedError(raw []byte) (*MerkleClaimAlreadyClaimed, error) {
	out := new(MerkleClaimAlreadyClaimed)
	if err := merkleClaim.abi.UnpackIntoInterface(out, "AlreadyClaimed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// MerkleClaimInvalidProof represents a InvalidProof error raised by the MerkleClaim contract.
type MerkleClaimInvalidProof struct {
	Account common.Address
	Amount  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProof(address account, uint256 amount)
func MerkleClaimInvalidProofErrorID() common.Hash {
	return common.HexToHash("0xadbd6512b8ce16af463deab8b932072db98b797407959df0bc4b06f2b77e80f5")
}

// UnpackInvalidProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProof(address account, uint256 amount)
func (merkleClaim *MerkleClaim) UnpackInvalidProofError(raw []byte) (*MerkleClaimInvalidProof, error) {
	out := new(MerkleClaimInvalidProof)
	if err := merkleClaim.abi.UnpackIntoInterface(out, "InvalidProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// MerkleClaimSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the MerkleClaim contract.
type MerkleClaimSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func MerkleClaimSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (merkleClaim *MerkleClaim) UnpackSafeERC20FailedOperationError(raw []byte) (*MerkleClaimSafeERC20FailedOperation, error) {
	out := new(MerkleClaimSafeERC20FailedOperation)
	if err := merkleClaim.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}
