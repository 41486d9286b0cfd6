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

// HookMintNFTMetaData contains all meta data concerning the HookMintNFT contract.
var HookMintNFTMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ERC721IncorrectOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ERC721InsufficientApproval\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC721InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"ERC721InvalidOperator\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ERC721InvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC721InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC721InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ERC721NonexistentToken\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"approved\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"ApprovalForAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"getApproved\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"isApprovedForAll\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"mintedBy\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"setApprovalForAll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"tokenURI\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "HookMintNFT",
	Bin: "0x608060405234801561000f575f5ffd5b5060405180604001604052806004815260200163486f6f6b60e01b81525060405180604001604052806004815260200163484f4f4b60e01b815250815f90816100589190610105565b5060016100658282610105565b5050506101bf565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061009557607f821691505b6020821081036100b357634e487b7160e01b5f52602260045260245ffd5b50919050565b601f82111561010057805f5260205f20601f840160051c810160208510156100de5750805b601f840160051c820191505b818110156100fd575f81556001016100ea565b50505b505050565b81516001600160401b0381111561011e5761011e61006d565b6101328161012c8454610081565b846100b9565b6020601f821160018114610164575f831561014d5750848201515b5f19600385901b1c1916600184901b1784556100fd565b5f84815260208120601f198516915b828110156101935787850151825560209485019460019092019101610173565b50848210156101b057868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b611022806101cc5f395ff3fe608060405234801561000f575f5ffd5b50600436106100fb575f3560e01c806361b8ce8c11610093578063a22cb46511610063578063a22cb4651461020e578063b88d4fde14610221578063c87b56dd14610234578063e985e9c514610247575f5ffd5b806361b8ce8c146101d75780636352211e146101e057806370a08231146101f357806395d89b4114610206575f5ffd5b80631249c58b116100ce5780631249c58b1461017c57806323b872dd146101845780633cef28d21461019757806342842e0e146101c4575f5ffd5b806301ffc9a7146100ff57806306fdde0314610127578063081812fc1461013c578063095ea7b314610167575b5f5ffd5b61011261010d366004610cc6565b61025a565b60405190151581526020015b60405180910390f35b61012f6102ab565b60405161011e9190610d0f565b61014f61014a366004610d21565b61033a565b6040516001600160a01b03909116815260200161011e565b61017a610175366004610d53565b610361565b005b61017a610370565b61017a610192366004610d7b565b6103fd565b6101b66101a5366004610db5565b60076020525f908152604090205481565b60405190815260200161011e565b61017a6101d2366004610d7b565b610486565b6101b660065481565b61014f6101ee366004610d21565b6104a5565b6101b6610201366004610db5565b6104af565b61012f6104f4565b61017a61021c366004610dce565b610503565b61017a61022f366004610e1b565b61050e565b61012f610242366004610d21565b610526565b610112610255366004610ef8565b610597565b5f6001600160e01b031982166380ac58cd60e01b148061028a57506001600160e01b03198216635b5e139f60e01b145b806102a557506301ffc9a760e01b6001600160e01b03198316145b92915050565b60605f80546102b990610f29565b80601f01602080910402602001604051908101604052809291908181526020018280546102e590610f29565b80156103305780601f1061030757610100808354040283529160200191610330565b820191905f5260205f20905b81548152906001019060200180831161031357829003601f168201915b5050505050905090565b5f610344826105c4565b505f828152600460205260409020546001600160a01b03166102a5565b61036c8282336105fc565b5050565b335f90815260076020526040902054156103b95760405162461bcd60e51b81526020600482015260056024820152641b1a5b5a5d60da1b60448201526064015b60405180910390fd5b600680546103d7913391905f6103ce83610f75565b91905055610609565b335f9081526007602052604081208054600192906103f6908490610f8d565b9091555050565b6001600160a01b03821661042657604051633250574960e11b81525f60048201526024016103b0565b5f610432838333610622565b9050836001600160a01b0316816001600160a01b031614610480576040516364283d7b60e01b81526001600160a01b03808616600483015260248201849052821660448201526064016103b0565b50505050565b6104a083838360405180602001604052805f81525061050e565b505050565b5f6102a5826105c4565b5f6001600160a01b0382166104d9576040516322718ad960e21b81525f60048201526024016103b0565b506001600160a01b03165f9081526003602052604090205490565b6060600180546102b990610f29565b61036c338383610714565b6105198484846103fd565b61048033858585856107db565b6060610531826105c4565b505f61054760408051602081019091525f815290565b90505f8151116105655760405180602001604052805f815250610590565b8061056f84610903565b604051602001610580929190610fb7565b6040516020818303038152906040525b9392505050565b6001600160a01b039182165f90815260056020908152604080832093909416825291909152205460ff1690565b5f818152600260205260408120546001600160a01b0316806102a557604051637e27328960e01b8152600481018490526024016103b0565b6104a08383836001610993565b61036c828260405180602001604052805f815250610a97565b5f828152600260205260408120546001600160a01b039081169083161561064e5761064e818486610aae565b6001600160a01b03811615610688576106695f855f5f610993565b6001600160a01b0381165f90815260036020526040902080545f190190555b6001600160a01b038516156106b6576001600160a01b0385165f908152600360205260409020805460010190555b5f8481526002602052604080822080546001600160a01b0319166001600160a01b0389811691821790925591518793918516917fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef91a4949350505050565b6001600160a01b03831661073d5760405163a9fbf51f60e01b81525f60048201526024016103b0565b6001600160a01b03821661076f57604051630b61174360e31b81526001600160a01b03831660048201526024016103b0565b6001600160a01b038381165f81815260056020908152604080832094871680845294825291829020805460ff191686151590811790915591519182527f17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31910160405180910390a3505050565b6001600160a01b0383163b156108fc57604051630a85bd0160e11b81526001600160a01b0384169063150b7a029061081d908890889087908790600401610fcb565b6020604051808303815f875af1925050508015610857575060408051601f3d908101601f1916820190925261085491810190611007565b60015b6108be573d808015610884576040519150601f19603f3d011682016040523d82523d5f602084013e610889565b606091505b5080515f036108b657604051633250574960e11b81526001600160a01b03851660048201526024016103b0565b805160208201fd5b6001600160e01b03198116630a85bd0160e11b146108fa57604051633250574960e11b81526001600160a01b03851660048201526024016103b0565b505b5050505050565b60605f61090f83610b12565b60010190505f8167ffffffffffffffff81111561092e5761092e610e07565b6040519080825280601f01601f191660200182016040528015610958576020820181803683370190505b5090508181016020015b5f19016f181899199a1a9b1b9c1cb0b131b232b360811b600a86061a8153600a850494508461096257509392505050565b80806109a757506001600160a01b03821615155b15610a68575f6109b6846105c4565b90506001600160a01b038316158015906109e25750826001600160a01b0316816001600160a01b031614155b80156109f557506109f38184610597565b155b15610a1e5760405163a9fbf51f60e01b81526001600160a01b03841660048201526024016103b0565b8115610a665783856001600160a01b0316826001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92560405160405180910390a45b505b50505f90815260046020526040902080546001600160a01b0319166001600160a01b0392909216919091179055565b610aa18383610be9565b6104a0335f8585856107db565b610ab9838383610c4a565b6104a0576001600160a01b038316610ae757604051637e27328960e01b8152600481018290526024016103b0565b60405163177e802f60e01b81526001600160a01b0383166004820152602481018290526044016103b0565b5f8072184f03e93ff9f4daa797ed6e38ed64bf6a1f0160401b8310610b505772184f03e93ff9f4daa797ed6e38ed64bf6a1f0160401b830492506040015b6d04ee2d6d415b85acef81000000008310610b7c576d04ee2d6d415b85acef8100000000830492506020015b662386f26fc100008310610b9a57662386f26fc10000830492506010015b6305f5e1008310610bb2576305f5e100830492506008015b6127108310610bc657612710830492506004015b60648310610bd8576064830492506002015b600a83106102a55760010192915050565b6001600160a01b038216610c1257604051633250574960e11b81525f60048201526024016103b0565b5f610c1e83835f610622565b90506001600160a01b038116156104a0576040516339e3563760e11b81525f60048201526024016103b0565b5f6001600160a01b03831615801590610ca65750826001600160a01b0316846001600160a01b03161480610c835750610c838484610597565b80610ca657505f828152600460205260409020546001600160a01b038481169116145b949350505050565b6001600160e01b031981168114610cc3575f5ffd5b50565b5f60208284031215610cd6575f5ffd5b813561059081610cae565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f6105906020830184610ce1565b5f60208284031215610d31575f5ffd5b5035919050565b80356001600160a01b0381168114610d4e575f5ffd5b919050565b5f5f60408385031215610d64575f5ffd5b610d6d83610d38565b946020939093013593505050565b5f5f5f60608486031215610d8d575f5ffd5b610d9684610d38565b9250610da460208501610d38565b929592945050506040919091013590565b5f60208284031215610dc5575f5ffd5b61059082610d38565b5f5f60408385031215610ddf575f5ffd5b610de883610d38565b915060208301358015158114610dfc575f5ffd5b809150509250929050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f60808587031215610e2e575f5ffd5b610e3785610d38565b9350610e4560208601610d38565b925060408501359150606085013567ffffffffffffffff811115610e67575f5ffd5b8501601f81018713610e77575f5ffd5b803567ffffffffffffffff811115610e9157610e91610e07565b604051601f8201601f19908116603f0116810167ffffffffffffffff81118282101715610ec057610ec0610e07565b604052818152828201602001891015610ed7575f5ffd5b816020840160208301375f6020838301015280935050505092959194509250565b5f5f60408385031215610f09575f5ffd5b610f1283610d38565b9150610f2060208401610d38565b90509250929050565b600181811c90821680610f3d57607f821691505b602082108103610f5b57634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52601160045260245ffd5b5f60018201610f8657610f86610f61565b5060010190565b808201808211156102a5576102a5610f61565b5f81518060208401855e5f93019283525090919050565b5f610ca6610fc58386610fa0565b84610fa0565b6001600160a01b03858116825284166020820152604081018390526080606082018190525f90610ffd90830184610ce1565b9695505050505050565b5f60208284031215611017575f5ffd5b815161059081610cae56",
}

// HookMintNFT is an auto generated Go binding around an Ethereum contract.
type HookMintNFT struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *HookMintNFT) GetABI() abi.ABI {
	return c.abi
}

// NewHookMintNFT creates a new instance of HookMintNFT.
func NewHookMintNFT() *HookMintNFT {
	parsed, err := HookMintNFTMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &HookMintNFT{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *HookMintNFT) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (hookMintNFT *HookMintNFT) PackApprove(to common.Address, tokenId *big.Int) []byte {
	enc, err := hookMintNFT.abi.Pack("approve", to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (hookMintNFT *HookMintNFT) TryPackApprove(to common.Address, tokenId *big.Int) ([]byte, error) {
	return hookMintNFT.abi.Pack("approve", to, tokenId)
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (hookMintNFT *HookMintNFT) PackBalanceOf(owner common.Address) []byte {
	enc, err := hookMintNFT.abi.Pack("balanceOf", owner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (hookMintNFT *HookMintNFT) TryPackBalanceOf(owner common.Address) ([]byte, error) {
	return hookMintNFT.abi.Pack("balanceOf", owner)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (hookMintNFT *HookMintNFT) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := hookMintNFT.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetApproved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x081812fc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (hookMintNFT *HookMintNFT) PackGetApproved(tokenId *big.Int) []byte {
	enc, err := hookMintNFT.abi.Pack("getApproved", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetApproved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x081812fc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (hookMintNFT *HookMintNFT) TryPackGetApproved(tokenId *big.Int) ([]byte, error) {
	return hookMintNFT.abi.Pack("getApproved", tokenId)
}

// UnpackGetApproved is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x081812fc.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (hookMintNFT *HookMintNFT) UnpackGetApproved(data []byte) (common.Address, error) {
	out, err := hookMintNFT.abi.Unpack("getApproved", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (hookMintNFT *HookMintNFT) PackIsApprovedForAll(owner common.Address, operator common.Address) []byte {
	enc, err := hookMintNFT.abi.Pack("isApprovedForAll", owner, operator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (hookMintNFT *HookMintNFT) TryPackIsApprovedForAll(owner common.Address, operator common.Address) ([]byte, error) {
	return hookMintNFT.abi.Pack("isApprovedForAll", owner, operator)
}

// UnpackIsApprovedForAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (hookMintNFT *HookMintNFT) UnpackIsApprovedForAll(data []byte) (bool, error) {
	out, err := hookMintNFT.abi.Unpack("isApprovedForAll", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1249c58b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint() returns()
func (hookMintNFT *HookMintNFT) PackMint() []byte {
	enc, err := hookMintNFT.abi.Pack("mint")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1249c58b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint() returns()
func (hookMintNFT *HookMintNFT) TryPackMint() ([]byte, error) {
	return hookMintNFT.abi.Pack("mint")
}

// PackMintedBy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3cef28d2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mintedBy(address ) view returns(uint256)
func (hookMintNFT *HookMintNFT) PackMintedBy(arg0 common.Address) []byte {
	enc, err := hookMintNFT.abi.Pack("mintedBy", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMintedBy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3cef28d2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mintedBy(address ) view returns(uint256)
func (hookMintNFT *HookMintNFT) TryPackMintedBy(arg0 common.Address) ([]byte, error) {
	return hookMintNFT.abi.Pack("mintedBy", arg0)
}

// UnpackMintedBy is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3cef28d2.
//
// Solidity: function mintedBy(address ) view returns(uint256)
func (hookMintNFT *HookMintNFT) UnpackMintedBy(data []byte) (*big.Int, error) {
	out, err := hookMintNFT.abi.Unpack("mintedBy", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (hookMintNFT *HookMintNFT) PackName() []byte {
	enc, err := hookMintNFT.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (hookMintNFT *HookMintNFT) TryPackName() ([]byte, error) {
	return hookMintNFT.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (hookMintNFT *HookMintNFT) UnpackName(data []byte) (string, error) {
	out, err := hookMintNFT.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackNextId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61b8ce8c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextId() view returns(uint256)
func (hookMintNFT *HookMintNFT) PackNextId() []byte {
	enc, err := hookMintNFT.abi.Pack("nextId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61b8ce8c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextId() view returns(uint256)
func (hookMintNFT *HookMintNFT) TryPackNextId() ([]byte, error) {
	return hookMintNFT.abi.Pack("nextId")
}

// UnpackNextId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x61b8ce8c.
//
// Solidity: function nextId() view returns(uint256)
func (hookMintNFT *HookMintNFT) UnpackNextId(data []byte) (*big.Int, error) {
	out, err := hookMintNFT.abi.Unpack("nextId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6352211e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (hookMintNFT *HookMintNFT) PackOwnerOf(tokenId *big.Int) []byte {
	enc, err := hookMintNFT.abi.Pack("ownerOf", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6352211e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (hookMintNFT *HookMintNFT) TryPackOwnerOf(tokenId *big.Int) ([]byte, error) {
	return hookMintNFT.abi.Pack("ownerOf", tokenId)
}

// UnpackOwnerOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6352211e.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (hookMintNFT *HookMintNFT) UnpackOwnerOf(data []byte) (common.Address, error) {
	out, err := hookMintNFT.abi.Unpack("ownerOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42842e0e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (hookMintNFT *HookMintNFT) PackSafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) []byte {
	enc, err := hookMintNFT.abi.Pack("safeTransferFrom", from, to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42842e0e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (hookMintNFT *HookMintNFT) TryPackSafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) ([]byte, error) {
	return hookMintNFT.abi.Pack("safeTransferFrom", from, to, tokenId)
}

// PackSafeTransferFrom0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb88d4fde.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (hookMintNFT *HookMintNFT) PackSafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) []byte {
	enc, err := hookMintNFT.abi.Pack("safeTransferFrom0", from, to, tokenId, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb88d4fde.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (hookMintNFT *HookMintNFT) TryPackSafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) ([]byte, error) {
	return hookMintNFT.abi.Pack("safeTransferFrom0", from, to, tokenId, data)
}

// PackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (hookMintNFT *HookMintNFT) PackSetApprovalForAll(operator common.Address, approved bool) []byte {
	enc, err := hookMintNFT.abi.Pack("setApprovalForAll", operator, approved)
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
func (hookMintNFT *HookMintNFT) TryPackSetApprovalForAll(operator common.Address, approved bool) ([]byte, error) {
	return hookMintNFT.abi.Pack("setApprovalForAll", operator, approved)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (hookMintNFT *HookMintNFT) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := hookMintNFT.abi.Pack("supportsInterface", interfaceId)
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
func (hookMintNFT *HookMintNFT) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return hookMintNFT.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (hookMintNFT *HookMintNFT) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := hookMintNFT.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (hookMintNFT *HookMintNFT) PackSymbol() []byte {
	enc, err := hookMintNFT.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (hookMintNFT *HookMintNFT) TryPackSymbol() ([]byte, error) {
	return hookMintNFT.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (hookMintNFT *HookMintNFT) UnpackSymbol(data []byte) (string, error) {
	out, err := hookMintNFT.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTokenURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc87b56dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (hookMintNFT *HookMintNFT) PackTokenURI(tokenId *big.Int) []byte {
	enc, err := hookMintNFT.abi.Pack("tokenURI", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTokenURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc87b56dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (hookMintNFT *HookMintNFT) TryPackTokenURI(tokenId *big.Int) ([]byte, error) {
	return hookMintNFT.abi.Pack("tokenURI", tokenId)
}

// UnpackTokenURI is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc87b56dd.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (hookMintNFT *HookMintNFT) UnpackTokenURI(data []byte) (string, error) {
	out, err := hookMintNFT.abi.Unpack("tokenURI", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (hookMintNFT *HookMintNFT) PackTransferFrom(from common.Address, to common.Address, tokenId *big.Int) []byte {
	enc, err := hookMintNFT.abi.Pack("transferFrom", from, to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (hookMintNFT *HookMintNFT) TryPackTransferFrom(from common.Address, to common.Address, tokenId *big.Int) ([]byte, error) {
	return hookMintNFT.abi.Pack("transferFrom", from, to, tokenId)
}

// HookMintNFTApproval represents a Approval event raised by the HookMintNFT contract.
type HookMintNFTApproval struct {
	Owner    common.Address
	Approved common.Address
	TokenId  *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const HookMintNFTApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (HookMintNFTApproval) ContractEventName() string {
	return HookMintNFTApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)
func (hookMintNFT *HookMintNFT) UnpackApprovalEvent(log *types.Log) (*HookMintNFTApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != hookMintNFT.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(HookMintNFTApproval)
	if len(log.Data) > 0 {
		if err := hookMintNFT.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range hookMintNFT.abi.Events[event].Inputs {
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

// HookMintNFTApprovalForAll represents a ApprovalForAll event raised by the HookMintNFT contract.
type HookMintNFTApprovalForAll struct {
	Owner    common.Address
	Operator common.Address
	Approved bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const HookMintNFTApprovalForAllEventName = "ApprovalForAll"

// ContractEventName returns the user-defined event name.
func (HookMintNFTApprovalForAll) ContractEventName() string {
	return HookMintNFTApprovalForAllEventName
}

// UnpackApprovalForAllEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ApprovalForAll(address indexed owner, address indexed operator, bool approved)
func (hookMintNFT *HookMintNFT) UnpackApprovalForAllEvent(log *types.Log) (*HookMintNFTApprovalForAll, error) {
	event := "ApprovalForAll"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != hookMintNFT.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(HookMintNFTApprovalForAll)
	if len(log.Data) > 0 {
		if err := hookMintNFT.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range hookMintNFT.abi.Events[event].Inputs {
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

// HookMintNFTTransfer represents a Transfer event raised by the HookMintNFT contract.
type HookMintNFTTransfer struct {
	From    common.Address
	To      common.Address
	TokenId *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const HookMintNFTTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (HookMintNFTTransfer) ContractEventName() string {
	return HookMintNFTTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)
func (hookMintNFT *HookMintNFT) UnpackTransferEvent(log *types.Log) (*HookMintNFTTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != hookMintNFT.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(HookMintNFTTransfer)
	if len(log.Data) > 0 {
		if err := hookMintNFT.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range hookMintNFT.abi.Events[event].Inputs {
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
func (hookMintNFT *HookMintNFT) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], hookMintNFT.abi.Errors["ERC721IncorrectOwner"].ID.Bytes()[:4]) {
		return hookMintNFT.UnpackERC721IncorrectOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], hookMintNFT.abi.Errors["ERC721InsufficientApproval"].ID.Bytes()[:4]) {
		return hookMintNFT.UnpackERC721InsufficientApprovalError(raw[4:])
	}
	if bytes.Equal(raw[:4], hookMintNFT.abi.Errors["ERC721InvalidApprover"].ID.Bytes()[:4]) {
		return hookMintNFT.UnpackERC721InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], hookMintNFT.abi.Errors["ERC721InvalidOperator"].ID.Bytes()[:4]) {
		return hookMintNFT.UnpackERC721InvalidOperatorError(raw[4:])
	}
	if bytes.Equal(raw[:4], hookMintNFT.abi.Errors["ERC721InvalidOwner"].ID.Bytes()[:4]) {
		return hookMintNFT.UnpackERC721InvalidOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], hookMintNFT.abi.Errors["ERC721InvalidReceiver"].ID.Bytes()[:4]) {
		return hookMintNFT.UnpackERC721InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], hookMintNFT.abi.Errors["ERC721InvalidSender"].ID.Bytes()[:4]) {
		return hookMintNFT.UnpackERC721InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], hookMintNFT.abi.Errors["ERC721NonexistentToken"].ID.Bytes()[:4]) {
		return hookMintNFT.UnpackERC721NonexistentTokenError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// HookMintNFTERC721IncorrectOwner represents a ERC721IncorrectOwner error raised by the HookMintNFT contract.
type HookMintNFTERC721IncorrectOwner struct {
	Sender  common.Address
	TokenId *big.Int
	Owner   common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)
func HookMintNFTERC721IncorrectOwnerErrorID() common.Hash {
	return common.HexToHash("0x64283d7b313c8117c125f736876fa2b4e90ea3831a4716dfdb87d2f540e26289")
}

// UnpackERC721IncorrectOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)
func (hookMintNFT *HookMintNFT) UnpackERC721IncorrectOwnerError(raw []byte) (*HookMintNFTERC721IncorrectOwner, error) {
	out := new(HookMintNFTERC721IncorrectOwner)
	if err := hookMintNFT.abi.UnpackIntoInterface(out, "ERC721IncorrectOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HookMintNFTERC721InsufficientApproval represents a ERC721InsufficientApproval error raised by the HookMintNFT contract.
type HookMintNFTERC721InsufficientApproval struct {
	Operator common.Address
	TokenId  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InsufficientApproval(address operator, uint256 tokenId)
func HookMintNFTERC721InsufficientApprovalErrorID() common.Hash {
	return common.HexToHash("0x177e802f6f313bc89797ecace66d6d29ab4719cbaaacbb87367264048b1eb861")
}

// UnpackERC721InsufficientApprovalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InsufficientApproval(address operator, uint256 tokenId)
func (hookMintNFT *HookMintNFT) UnpackERC721InsufficientApprovalError(raw []byte) (*HookMintNFTERC721InsufficientApproval, error) {
	out := new(HookMintNFTERC721InsufficientApproval)
	if err := hookMintNFT.abi.UnpackIntoInterface(out, "ERC721InsufficientApproval", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HookMintNFTERC721InvalidApprover represents a ERC721InvalidApprover error raised by the HookMintNFT contract.
type HookMintNFTERC721InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidApprover(address approver)
func HookMintNFTERC721InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xa9fbf51f86b8e03595d59dc726bb10c329bb24f62589be276d8dd193ca0b69ea")
}

// UnpackERC721InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidApprover(address approver)
func (hookMintNFT *HookMintNFT) UnpackERC721InvalidApproverError(raw []byte) (*HookMintNFTERC721InvalidApprover, error) {
	out := new(HookMintNFTERC721InvalidApprover)
	if err := hookMintNFT.abi.UnpackIntoInterface(out, "ERC721InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HookMintNFTERC721InvalidOperator represents a ERC721InvalidOperator error raised by the HookMintNFT contract.
type HookMintNFTERC721InvalidOperator struct {
	Operator common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidOperator(address operator)
func HookMintNFTERC721InvalidOperatorErrorID() common.Hash {
	return common.HexToHash("0x5b08ba185e8f577075361f3a3555a6580a227ce22734dcc979c1aeadf894658b")
}

// UnpackERC721InvalidOperatorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidOperator(address operator)
func (hookMintNFT *HookMintNFT) UnpackERC721InvalidOperatorError(raw []byte) (*HookMintNFTERC721InvalidOperator, error) {
	out := new(HookMintNFTERC721InvalidOperator)
	if err := hookMintNFT.abi.UnpackIntoInterface(out, "ERC721InvalidOperator", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HookMintNFTERC721InvalidOwner represents a ERC721InvalidOwner error raised by the HookMintNFT contract.
type HookMintNFTERC721InvalidOwner struct {
	Owner common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidOwner(address owner)
func HookMintNFTERC721InvalidOwnerErrorID() common.Hash {
	return common.HexToHash("0x89c62b6479af2e623826dcc39c5133061d35b66d72de92833401dd2fd6567480")
}

// UnpackERC721InvalidOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidOwner(address owner)
func (hookMintNFT *HookMintNFT) UnpackERC721InvalidOwnerError(raw []byte) (*HookMintNFTERC721InvalidOwner, error) {
	out := new(HookMintNFTERC721InvalidOwner)
	if err := hookMintNFT.abi.UnpackIntoInterface(out, "ERC721InvalidOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HookMintNFTERC721InvalidReceiver represents a ERC721InvalidReceiver error raised by the HookMintNFT contract.
type HookMintNFTERC721InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidReceiver(address receiver)
func HookMintNFTERC721InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0x64a0ae9278f805eaf991dcd18ca78756d280b7508b764ef1b255c55845c11df9")
}

// UnpackERC721InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidReceiver(address receiver)
func (hookMintNFT *HookMintNFT) UnpackERC721InvalidReceiverError(raw []byte) (*HookMintNFTERC721InvalidReceiver, error) {
	out := new(HookMintNFTERC721InvalidReceiver)
	if err := hookMintNFT.abi.UnpackIntoInterface(out, "ERC721InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HookMintNFTERC721InvalidSender represents a ERC721InvalidSender error raised by the HookMintNFT contract.
type HookMintNFTERC721InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721InvalidSender(address sender)
func HookMintNFTERC721InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x73c6ac6e10798e95d99e1f130d923eb40193ecb8d094ec3dce93292564eb3b17")
}

// UnpackERC721InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721InvalidSender(address sender)
func (hookMintNFT *HookMintNFT) UnpackERC721InvalidSenderError(raw []byte) (*HookMintNFTERC721InvalidSender, error) {
	out := new(HookMintNFTERC721InvalidSender)
	if err := hookMintNFT.abi.UnpackIntoInterface(out, "ERC721InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// HookMintNFTERC721NonexistentToken represents a ERC721NonexistentToken error raised by the HookMintNFT contract.
type HookMintNFTERC721NonexistentToken struct {
	TokenId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC721NonexistentToken(uint256 tokenId)
func HookMintNFTERC721NonexistentTokenErrorID() common.Hash {
	return common.HexToHash("0x7e273289a3a9ef6670f06df7dca227856fc925e956db96980692764a8bc734d7")
}

// UnpackERC721NonexistentTokenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC721NonexistentToken(uint256 tokenId)
func (hookMintNFT *HookMintNFT) UnpackERC721NonexistentTokenError(raw []byte) (*HookMintNFTERC721NonexistentToken, error) {
	out := new(HookMintNFTERC721NonexistentToken)
	if err := hookMintNFT.abi.UnpackIntoInterface(out, "ERC721NonexistentToken", raw); err != nil {
		return nil, err
	}
	return out, nil
}
