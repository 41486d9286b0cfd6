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

// ShapeItemsMetaData contains all meta data concerning the ShapeItems contract.
var ShapeItemsMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ERC1155InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC1155InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"idsLength\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"valuesLength\",\"type\":\"uint256\"}],\"name\":\"ERC1155InvalidArrayLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"ERC1155InvalidOperator\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC1155InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC1155InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ERC1155MissingApprovalForAll\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"ApprovalForAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256[]\",\"name\":\"ids\",\"type\":\"uint256[]\"},{\"indexed\":false,\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"}],\"name\":\"TransferBatch\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"TransferSingle\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"string\",\"name\":\"value\",\"type\":\"string\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"URI\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"accounts\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"ids\",\"type\":\"uint256[]\"}],\"name\":\"balanceOfBatch\",\"outputs\":[{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"isApprovedForAll\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256[]\",\"name\":\"ids\",\"type\":\"uint256[]\"},{\"internalType\":\"uint256[]\",\"name\":\"values\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeBatchTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"setApprovalForAll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"uri\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "ShapeItems",
	Bin: "0x608060405234801561000f575f5ffd5b5060408051602081019091525f81526100278161002d565b5061018f565b600261003982826100d5565b5050565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061006557607f821691505b60208210810361008357634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156100d057805f5260205f20601f840160051c810160208510156100ae5750805b601f840160051c820191505b818110156100cd575f81556001016100ba565b50505b505050565b81516001600160401b038111156100ee576100ee61003d565b610102816100fc8454610051565b84610089565b6020601f821160018114610134575f831561011d5750848201515b5f19600385901b1c1916600184901b1784556100cd565b5f84815260208120601f198516915b828110156101635787850151825560209485019460019092019101610143565b508482101561018057868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b6110e78061019c5f395ff3fe608060405234801561000f575f5ffd5b506004361061008f575f3560e01c80632eb2c2d6116100635780632eb2c2d6146101115780634e1273f414610124578063a22cb46514610144578063e985e9c514610157578063f242432a14610192575f5ffd5b8062fdd58e1461009357806301ffc9a7146100b95780630e89341c146100dc578063156e29f6146100fc575b5f5ffd5b6100a66100a1366004610af0565b6101a5565b6040519081526020015b60405180910390f35b6100cc6100c7366004610b30565b6101cc565b60405190151581526020016100b0565b6100ef6100ea366004610b52565b61021b565b6040516100b09190610b97565b61010f61010a366004610ba9565b6102ad565b005b61010f61011f366004610d17565b6102cc565b610137610132366004610dc6565b6102eb565b6040516100b09190610ec3565b61010f610152366004610ed5565b6103bb565b6100cc610165366004610f0e565b6001600160a01b039182165f90815260016020908152604080832093909416825291909152205460ff1690565b61010f6101a0366004610f3f565b6103ca565b5f818152602081815260408083206001600160a01b03861684529091529020545b92915050565b5f6001600160e01b03198216636cdb3d1360e11b14806101fc57506001600160e01b031982166303a24d0760e21b145b806101c657506301ffc9a760e01b6001600160e01b03198316146101c6565b60606002805461022a90610f93565b80601f016020809104026020016040519081016040528092919081815260200182805461025690610f93565b80156102a15780601f10610278576101008083540402835291602001916102a1565b820191905f5260205f20905b81548152906001019060200180831161028457829003601f168201915b50505050509050919050565b6102c783838360405180602001604052805f8152506103e0565b505050565b6102d7335b86610444565b6102e485858585856104bc565b5050505050565b606081518351146103215781518351604051635b05999160e01b8152600481019290925260248201526044015b60405180910390fd5b5f835167ffffffffffffffff81111561033c5761033c610bd9565b604051908082528060200260200182016040528015610365578160200160208202803683370190505b5090505f5b84518110156103b35760208082028601015161038e906020808402870101516101a5565b8282815181106103a0576103a0610fcb565b602090810291909101015260010161036a565b509392505050565b6103c633838361051c565b5050565b6103d3336102d1565b6102e485858585856105d9565b6001600160a01b03841661040957604051632bfa23e760e11b81525f6004820152602401610318565b6040805160018082526020820186905281830190815260608201859052608082019092529061043c5f8784848784610666565b505050505050565b816001600160a01b0316816001600160a01b03161415801561048b57506001600160a01b038082165f9081526001602090815260408083209386168352929052205460ff16155b156103c65760405163711bec9160e11b81526001600160a01b03808416600483015282166024820152604401610318565b6001600160a01b0384166104e557604051632bfa23e760e11b81525f6004820152602401610318565b6001600160a01b03851661050d57604051626a0d4560e21b81525f6004820152602401610318565b6102e485858585856001610666565b6001600160a01b03831661054557604051631f18c42760e11b81525f6004820152602401610318565b6001600160a01b03821661056d5760405162ced3e160e81b81525f6004820152602401610318565b6001600160a01b038381165f81815260016020908152604080832094871680845294825291829020805460ff191686151590811790915591519182527f17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31910160405180910390a3505050565b6001600160a01b03841661060257604051632bfa23e760e11b81525f6004820152602401610318565b6001600160a01b03851661062a57604051626a0d4560e21b81525f6004820152602401610318565b6040805160018082526020820186905281830190815260608201859052608082019092529061065d87878484875f610666565b50505050505050565b610672868686866106be565b6001600160a01b0385161561043c5733811561069b576106968188888888886108cd565b61065d565b602085810151908501516106b3838a8a85858a6109ee565b505050505050505050565b80518251146106ed5781518151604051635b05999160e01b815260048101929092526024820152604401610318565b335f5b83518110156107ef576020818102858101820151908501909101516001600160a01b038816156107a1575f828152602081815260408083206001600160a01b038c1684529091529020548181101561077b576040516303dee4c560e01b81526001600160a01b038a166004820152602481018290526044810183905260648101849052608401610318565b5f838152602081815260408083206001600160a01b038d16845290915290209082900390555b6001600160a01b038716156107e5575f828152602081815260408083206001600160a01b038b168452909152812080548392906107df908490610fdf565b90915550505b50506001016106f0565b50825160010361086f5760208301515f906020840151909150856001600160a01b0316876001600160a01b0316846001600160a01b03167fc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f628585604051610860929190918252602082015260400190565b60405180910390a450506102e4565b836001600160a01b0316856001600160a01b0316826001600160a01b03167f4a39dc06d4c0dbc64b70af90fd698a233a518aa5d07e595d983b8c0526c8f7fb86866040516108be929190610ffe565b60405180910390a45050505050565b6001600160a01b0384163b1561043c5760405163bc197c8160e01b81526001600160a01b0385169063bc197c8190610911908990899088908890889060040161102b565b6020604051808303815f875af192505050801561094b575060408051601f3d908101601f1916820190925261094891810190611088565b60015b6109b2573d808015610978576040519150601f19603f3d011682016040523d82523d5f602084013e61097d565b606091505b5080515f036109aa57604051632bfa23e760e11b81526001600160a01b0386166004820152602401610318565b805160208201fd5b6001600160e01b0319811663bc197c8160e01b1461065d57604051632bfa23e760e11b81526001600160a01b0386166004820152602401610318565b6001600160a01b0384163b1561043c5760405163f23a6e6160e01b81526001600160a01b0385169063f23a6e6190610a3290899089908890889088906004016110a3565b6020604051808303815f875af1925050508015610a6c575060408051601f3d908101601f19168201909252610a6991810190611088565b60015b610a99573d808015610978576040519150601f19603f3d011682016040523d82523d5f602084013e61097d565b6001600160e01b0319811663f23a6e6160e01b1461065d57604051632bfa23e760e11b81526001600160a01b0386166004820152602401610318565b80356001600160a01b0381168114610aeb575f5ffd5b919050565b5f5f60408385031215610b01575f5ffd5b610b0a83610ad5565b946020939093013593505050565b6001600160e01b031981168114610b2d575f5ffd5b50565b5f60208284031215610b40575f5ffd5b8135610b4b81610b18565b9392505050565b5f60208284031215610b62575f5ffd5b5035919050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f610b4b6020830184610b69565b5f5f5f60608486031215610bbb575f5ffd5b610bc484610ad5565b95602085013595506040909401359392505050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f1916810167ffffffffffffffff81118282101715610c1657610c16610bd9565b604052919050565b5f67ffffffffffffffff821115610c3757610c37610bd9565b5060051b60200190565b5f82601f830112610c50575f5ffd5b8135610c63610c5e82610c1e565b610bed565b8082825260208201915060208360051b860101925085831115610c84575f5ffd5b602085015b83811015610ca1578035835260209283019201610c89565b5095945050505050565b5f82601f830112610cba575f5ffd5b813567ffffffffffffffff811115610cd457610cd4610bd9565b610ce7601f8201601f1916602001610bed565b818152846020838601011115610cfb575f5ffd5b816020850160208301375f918101602001919091529392505050565b5f5f5f5f5f60a08688031215610d2b575f5ffd5b610d3486610ad5565b9450610d4260208701610ad5565b9350604086013567ffffffffffffffff811115610d5d575f5ffd5b610d6988828901610c41565b935050606086013567ffffffffffffffff811115610d85575f5ffd5b610d9188828901610c41565b925050608086013567ffffffffffffffff811115610dad575f5ffd5b610db988828901610cab565b9150509295509295909350565b5f5f60408385031215610dd7575f5ffd5b823567ffffffffffffffff811115610ded575f5ffd5b8301601f81018513610dfd575f5ffd5b8035610e0b610c5e82610c1e565b8082825260208201915060208360051b850101925087831115610e2c575f5ffd5b6020840193505b82841015610e5557610e4484610ad5565b825260209384019390910190610e33565b9450505050602083013567ffffffffffffffff811115610e73575f5ffd5b610e7f85828601610c41565b9150509250929050565b5f8151808452602084019350602083015f5b82811015610eb9578151865260209586019590910190600101610e9b565b5093949350505050565b602081525f610b4b6020830184610e89565b5f5f60408385031215610ee6575f5ffd5b610eef83610ad5565b915060208301358015158114610f03575f5ffd5b809150509250929050565b5f5f60408385031215610f1f575f5ffd5b610f2883610ad5565b9150610f3660208401610ad5565b90509250929050565b5f5f5f5f5f60a08688031215610f53575f5ffd5b610f5c86610ad5565b9450610f6a60208701610ad5565b93506040860135925060608601359150608086013567ffffffffffffffff811115610dad575f5ffd5b600181811c90821680610fa757607f821691505b602082108103610fc557634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52603260045260245ffd5b808201808211156101c657634e487b7160e01b5f52601160045260245ffd5b604081525f6110106040830185610e89565b82810360208401526110228185610e89565b95945050505050565b6001600160a01b0386811682528516602082015260a0604082018190525f9061105690830186610e89565b82810360608401526110688186610e89565b9050828103608084015261107c8185610b69565b98975050505050505050565b5f60208284031215611098575f5ffd5b8151610b4b81610b18565b6001600160a01b03868116825285166020820152604081018490526060810183905260a0608082018190525f906110dc90830184610b69565b97965050505050505056",
}

// ShapeItems is an auto generated Go binding around an Ethereum contract.
type ShapeItems struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ShapeItems) GetABI() abi.ABI {
	return c.abi
}

// NewShapeItems creates a new instance of ShapeItems.
func NewShapeItems() *ShapeItems {
	parsed, err := ShapeItemsMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ShapeItems{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ShapeItems) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00fdd58e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account, uint256 id) view returns(uint256)
func (shapeItems *ShapeItems) PackBalanceOf(account common.Address, id *big.Int) []byte {
	enc, err := shapeItems.abi.Pack("balanceOf", account, id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00fdd58e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account, uint256 id) view returns(uint256)
func (shapeItems *ShapeItems) TryPackBalanceOf(account common.Address, id *big.Int) ([]byte, error) {
	return shapeItems.abi.Pack("balanceOf", account, id)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x00fdd58e.
//
// Solidity: function balanceOf(address account, uint256 id) view returns(uint256)
func (shapeItems *ShapeItems) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := shapeItems.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBalanceOfBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e1273f4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOfBatch(address[] accounts, uint256[] ids) view returns(uint256[])
func (shapeItems *ShapeItems) PackBalanceOfBatch(accounts []common.Address, ids []*big.Int) []byte {
	enc, err := shapeItems.abi.Pack("balanceOfBatch", accounts, ids)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOfBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e1273f4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOfBatch(address[] accounts, uint256[] ids) view returns(uint256[])
func (shapeItems *ShapeItems) TryPackBalanceOfBatch(accounts []common.Address, ids []*big.Int) ([]byte, error) {
	return shapeItems.abi.Pack("balanceOfBatch", accounts, ids)
}

// UnpackBalanceOfBatch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4e1273f4.
//
// Solidity: function balanceOfBatch(address[] accounts, uint256[] ids) view returns(uint256[])
func (shapeItems *ShapeItems) UnpackBalanceOfBatch(data []byte) ([]*big.Int, error) {
	out, err := shapeItems.abi.Unpack("balanceOfBatch", data)
	if err != nil {
		return *new([]*big.Int), err
	}
	out0 := *abi.ConvertType(out[0], new([]*big.Int)).(*[]*big.Int)
	return out0, nil
}

// PackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isApprovedForAll(address account, address operator) view returns(bool)
func (shapeItems *ShapeItems) PackIsApprovedForAll(account common.Address, operator common.Address) []byte {
	enc, err := shapeItems.abi.Pack("isApprovedForAll", account, operator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isApprovedForAll(address account, address operator) view returns(bool)
func (shapeItems *ShapeItems) TryPackIsApprovedForAll(account common.Address, operator common.Address) ([]byte, error) {
	return shapeItems.abi.Pack("isApprovedForAll", account, operator)
}

// UnpackIsApprovedForAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address account, address operator) view returns(bool)
func (shapeItems *ShapeItems) UnpackIsApprovedForAll(data []byte) (bool, error) {
	out, err := shapeItems.abi.Unpack("isApprovedForAll", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x156e29f6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 id, uint256 amount) returns()
func (shapeItems *ShapeItems) PackMint(to common.Address, id *big.Int, amount *big.Int) []byte {
	enc, err := shapeItems.abi.Pack("mint", to, id, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x156e29f6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 id, uint256 amount) returns()
func (shapeItems *ShapeItems) TryPackMint(to common.Address, id *big.Int, amount *big.Int) ([]byte, error) {
	return shapeItems.abi.Pack("mint", to, id, amount)
}

// PackSafeBatchTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb2c2d6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] values, bytes data) returns()
func (shapeItems *ShapeItems) PackSafeBatchTransferFrom(from common.Address, to common.Address, ids []*big.Int, values []*big.Int, data []byte) []byte {
	enc, err := shapeItems.abi.Pack("safeBatchTransferFrom", from, to, ids, values, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeBatchTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eb2c2d6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] values, bytes data) returns()
func (shapeItems *ShapeItems) TryPackSafeBatchTransferFrom(from common.Address, to common.Address, ids []*big.Int, values []*big.Int, data []byte) ([]byte, error) {
	return shapeItems.abi.Pack("safeBatchTransferFrom", from, to, ids, values, data)
}

// PackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf242432a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes data) returns()
func (shapeItems *ShapeItems) PackSafeTransferFrom(from common.Address, to common.Address, id *big.Int, value *big.Int, data []byte) []byte {
	enc, err := shapeItems.abi.Pack("safeTransferFrom", from, to, id, value, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf242432a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes data) returns()
func (shapeItems *ShapeItems) TryPackSafeTransferFrom(from common.Address, to common.Address, id *big.Int, value *big.Int, data []byte) ([]byte, error) {
	return shapeItems.abi.Pack("safeTransferFrom", from, to, id, value, data)
}

// PackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (shapeItems *ShapeItems) PackSetApprovalForAll(operator common.Address, approved bool) []byte {
	enc, err := shapeItems.abi.Pack("setApprovalForAll", operator, approved)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (shapeItems *ShapeItems) TryPackSetApprovalForAll(operator common.Address, approved bool) ([]byte, error) {
	return shapeItems.abi.Pack("setApprovalForAll", operator, approved)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (shapeItems *ShapeItems) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := shapeItems.abi.Pack("supportsInterface", interfaceId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (shapeItems *ShapeItems) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return shapeItems.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (shapeItems *ShapeItems) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := shapeItems.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackUri is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e89341c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function uri(uint256 ) view returns(string)
func (shapeItems *ShapeItems) PackUri(arg0 *big.Int) []byte {
	enc, err := shapeItems.abi.Pack("uri", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUri is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e89341c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function uri(uint256 ) view returns(string)
func (shapeItems *ShapeItems) TryPackUri(arg0 *big.Int) ([]byte, error) {
	return shapeItems.abi.Pack("uri", arg0)
}

// UnpackUri is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0e89341c.
//
// Solidity: function uri(uint256 ) view returns(string)
func (shapeItems *ShapeItems) UnpackUri(data []byte) (string, error) {
	out, err := shapeItems.abi.Unpack("uri", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// ShapeItemsApprovalForAll represents a ApprovalForAll event raised by the ShapeItems contract.
type ShapeItemsApprovalForAll struct {
	Account  common.Address
	Operator common.Address
	Approved bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const ShapeItemsApprovalForAllEventName = "ApprovalForAll"

// ContractEventName returns the user-defined event name.
func (ShapeItemsApprovalForAll) ContractEventName() string {
	return ShapeItemsApprovalForAllEventName
}

// UnpackApprovalForAllEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ApprovalForAll(address indexed account, address indexed operator, bool approved)
func (shapeItems *ShapeItems) UnpackApprovalForAllEvent(log *types.Log) (*ShapeItemsApprovalForAll, error) {
	event := "ApprovalForAll"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != shapeItems.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ShapeItemsApprovalForAll)
	if len(log.Data) > 0 {
		if err := shapeItems.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range shapeItems.abi.Events[event].Inputs {
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

// ShapeItemsTransferBatch represents a TransferBatch event raised by the ShapeItems contract.
type ShapeItemsTransferBatch struct {
	Operator common.Address
	From     common.Address
	To       common.Address
	Ids      []*big.Int
	Values   []*big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const ShapeItemsTransferBatchEventName = "TransferBatch"

// ContractEventName returns the user-defined event name.
func (ShapeItemsTransferBatch) ContractEventName() string {
	return ShapeItemsTransferBatchEventName
}

// UnpackTransferBatchEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)
func (shapeItems *ShapeItems) UnpackTransferBatchEvent(log *types.Log) (*ShapeItemsTransferBatch, error) {
	event := "TransferBatch"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != shapeItems.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ShapeItemsTransferBatch)
	if len(log.Data) > 0 {
		if err := shapeItems.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range shapeItems.abi.Events[event].Inputs {
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

// ShapeItemsTransferSingle represents a TransferSingle event raised by the ShapeItems contract.
type ShapeItemsTransferSingle struct {
	Operator common.Address
	From     common.Address
	To       common.Address
	Id       *big.Int
	Value    *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const ShapeItemsTransferSingleEventName = "TransferSingle"

// ContractEventName returns the user-defined event name.
func (ShapeItemsTransferSingle) ContractEventName() string {
	return ShapeItemsTransferSingleEventName
}

// UnpackTransferSingleEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)
func (shapeItems *ShapeItems) UnpackTransferSingleEvent(log *types.Log) (*ShapeItemsTransferSingle, error) {
	event := "TransferSingle"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != shapeItems.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ShapeItemsTransferSingle)
	if len(log.Data) > 0 {
		if err := shapeItems.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range shapeItems.abi.Events[event].Inputs {
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

// ShapeItemsURI represents a URI event raised by the ShapeItems contract.
type ShapeItemsURI struct {
	Value string
	Id    *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const ShapeItemsURIEventName = "URI"

// ContractEventName returns the user-defined event name.
func (ShapeItemsURI) ContractEventName() string {
	return ShapeItemsURIEventName
}

// UnpackURIEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event URI(string value, uint256 indexed id)
func (shapeItems *ShapeItems) UnpackURIEvent(log *types.Log) (*ShapeItemsURI, error) {
	event := "URI"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != shapeItems.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ShapeItemsURI)
	if len(log.Data) > 0 {
		if err := shapeItems.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range shapeItems.abi.Events[event].Inputs {
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
func (shapeItems *ShapeItems) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], shapeItems.abi.Errors["ERC1155InsufficientBalance"].ID.Bytes()[:4]) {
		return shapeItems.UnpackERC1155InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], shapeItems.abi.Errors["ERC1155InvalidApprover"].ID.Bytes()[:4]) {
		return shapeItems.UnpackERC1155InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], shapeItems.abi.Errors["ERC1155InvalidArrayLength"].ID.Bytes()[:4]) {
		return shapeItems.UnpackERC1155InvalidArrayLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], shapeItems.abi.Errors["ERC1155InvalidOperator"].ID.Bytes()[:4]) {
		return shapeItems.UnpackERC1155InvalidOperatorError(raw[4:])
	}
	if bytes.Equal(raw[:4], shapeItems.abi.Errors["ERC1155InvalidReceiver"].ID.Bytes()[:4]) {
		return shapeItems.UnpackERC1155InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], shapeItems.abi.Errors["ERC1155InvalidSender"].ID.Bytes()[:4]) {
		return shapeItems.UnpackERC1155InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], shapeItems.abi.Errors["ERC1155MissingApprovalForAll"].ID.Bytes()[:4]) {
		return shapeItems.UnpackERC1155MissingApprovalForAllError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ShapeItemsERC1155InsufficientBalance represents a ERC1155InsufficientBalance error raised by the ShapeItems contract.
type ShapeItemsERC1155InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
	TokenId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InsufficientBalance(address sender, uint256 balance, uint256 needed, uint256 tokenId)
func ShapeItemsERC1155InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0x03dee4c573c982787b5f3537d6323ffaca9d864448aa6bd828ada9e5d0837036")
}

// UnpackERC1155InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InsufficientBalance(address sender, uint256 balance, uint256 needed, uint256 tokenId)
func (shapeItems *ShapeItems) UnpackERC1155InsufficientBalanceError(raw []byte) (*ShapeItemsERC1155InsufficientBalance, error) {
	out := new(ShapeItemsERC1155InsufficientBalance)
	if err := shapeItems.abi.UnpackIntoInterface(out, "ERC1155InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ShapeItemsERC1155InvalidApprover represents a ERC1155InvalidApprover error raised by the ShapeItems contract.
type ShapeItemsERC1155InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidApprover(address approver)
func ShapeItemsERC1155InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0x3e31884e33c33ce0039d1905e3c252950ae3b95240f36d4fff81f5ff6752ef99")
}

// UnpackERC1155InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidApprover(address approver)
func (shapeItems *ShapeItems) UnpackERC1155InvalidApproverError(raw []byte) (*ShapeItemsERC1155InvalidApprover, error) {
	out := new(ShapeItemsERC1155InvalidApprover)
	if err := shapeItems.abi.UnpackIntoInterface(out, "ERC1155InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ShapeItemsERC1155InvalidArrayLength represents a ERC1155InvalidArrayLength error raised by the ShapeItems contract.
type ShapeItemsERC1155InvalidArrayLength struct {
	IdsLength    *big.Int
	ValuesLength *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidArrayLength(uint256 idsLength, uint256 valuesLength)
func ShapeItemsERC1155InvalidArrayLengthErrorID() common.Hash {
	return common.HexToHash("0x5b0599913619cfa5633692652638ed25cafcd079c9beae8c251b12c23dcc83f2")
}

// UnpackERC1155InvalidArrayLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidArrayLength(uint256 idsLength, uint256 valuesLength)
func (shapeItems *ShapeItems) UnpackERC1155InvalidArrayLengthError(raw []byte) (*ShapeItemsERC1155InvalidArrayLength, error) {
	out := new(ShapeItemsERC1155InvalidArrayLength)
	if err := shapeItems.abi.UnpackIntoInterface(out, "ERC1155InvalidArrayLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ShapeItemsERC1155InvalidOperator represents a ERC1155InvalidOperator error raised by the ShapeItems contract.
type ShapeItemsERC1155InvalidOperator struct {
	Operator common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidOperator(address operator)
func ShapeItemsERC1155InvalidOperatorErrorID() common.Hash {
	return common.HexToHash("0xced3e10010b9d2aa24827119d0db4a8feec73aea48b4b3e470d8a9f3ff723569")
}

// UnpackERC1155InvalidOperatorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidOperator(address operator)
func (shapeItems *ShapeItems) UnpackERC1155InvalidOperatorError(raw []byte) (*ShapeItemsERC1155InvalidOperator, error) {
	out := new(ShapeItemsERC1155InvalidOperator)
	if err := shapeItems.abi.UnpackIntoInterface(out, "ERC1155InvalidOperator", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ShapeItemsERC1155InvalidReceiver represents a ERC1155InvalidReceiver error raised by the ShapeItems contract.
type ShapeItemsERC1155InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidReceiver(address receiver)
func ShapeItemsERC1155InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0x57f447ceed621d9e134e26de5772c88799abb7322ce2a87f95dce247d47105c6")
}

// UnpackERC1155InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidReceiver(address receiver)
func (shapeItems *ShapeItems) UnpackERC1155InvalidReceiverError(raw []byte) (*ShapeItemsERC1155InvalidReceiver, error) {
	out := new(ShapeItemsERC1155InvalidReceiver)
	if err := shapeItems.abi.UnpackIntoInterface(out, "ERC1155InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ShapeItemsERC1155InvalidSender represents a ERC1155InvalidSender error raised by the ShapeItems contract.
type ShapeItemsERC1155InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155InvalidSender(address sender)
func ShapeItemsERC1155InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x01a83514e94b34009110b75cac6742ba33bd7c62f18a3616bafea52855d3b175")
}

// UnpackERC1155InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155InvalidSender(address sender)
func (shapeItems *ShapeItems) UnpackERC1155InvalidSenderError(raw []byte) (*ShapeItemsERC1155InvalidSender, error) {
	out := new(ShapeItemsERC1155InvalidSender)
	if err := shapeItems.abi.UnpackIntoInterface(out, "ERC1155InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ShapeItemsERC1155MissingApprovalForAll represents a ERC1155MissingApprovalForAll error raised by the ShapeItems contract.
type ShapeItemsERC1155MissingApprovalForAll struct {
	Operator common.Address
	Owner    common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1155MissingApprovalForAll(address operator, address owner)
func ShapeItemsERC1155MissingApprovalForAllErrorID() common.Hash {
	return common.HexToHash("0xe237d922be9fac42efeaaaffb42cc6b57e0ff95d94a1b74daeff69adc7657754")
}

// UnpackERC1155MissingApprovalForAllError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1155MissingApprovalForAll(address operator, address owner)
func (shapeItems *ShapeItems) UnpackERC1155MissingApprovalForAllError(raw []byte) (*ShapeItemsERC1155MissingApprovalForAll, error) {
	out := new(ShapeItemsERC1155MissingApprovalForAll)
	if err := shapeItems.abi.UnpackIntoInterface(out, "ERC1155MissingApprovalForAll", raw); err != nil {
		return nil, err
	}
	return out, nil
}
