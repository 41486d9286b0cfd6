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

// UpgradeableVaultMetaData contains all meta data concerning the UpgradeableVault contract.
var UpgradeableVaultMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"}],\"name\":\"AddressEmptyCode\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"implementation\",\"type\":\"address\"}],\"name\":\"ERC1967InvalidImplementation\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ERC1967NonPayable\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EnforcedPause\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EthTransferFailed\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ExpectedPause\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"FailedCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"available\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"requested\",\"type\":\"uint256\"}],\"name\":\"InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidInitialization\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotInitializing\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"UUPSUnauthorizedCallContext\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"slot\",\"type\":\"bytes32\"}],\"name\":\"UUPSUnsupportedProxiableUUID\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Deposit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"}],\"name\":\"Initialized\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"Paused\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"Unpaused\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"implementation\",\"type\":\"address\"}],\"name\":\"Upgraded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Withdraw\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"PAUSER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"UPGRADER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"UPGRADE_INTERFACE_VERSION\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"name\":\"initialize\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"paused\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proxiableUUID\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalDeposits\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"unpause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newImplementation\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"upgradeToAndCall\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"version\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "UpgradeableVault",
	Bin: "0x60a060405230608052348015610013575f5ffd5b5061001c610021565b6100d3565b7ff0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00805468010000000000000000900460ff16156100715760405163f92ee8a960e01b815260040160405180910390fd5b80546001600160401b03908116146100d05780546001600160401b0319166001600160401b0390811782556040519081527fc7f505b2f371ae2175ee4913f4499e1f2633a7b5936321eed1cdaeb6115181d29060200160405180910390a15b50565b6080516110ec6100f95f395f81816109dd01528181610a060152610b6701526110ec5ff3fe608060405260043610610126575f3560e01c806370a08231116100a8578063ad3cb1cc1161006d578063ad3cb1cc146102e1578063c4d66de81461031e578063d0e30db01461033d578063d547741f14610345578063e63ab1e914610364578063f72c0d8b14610384575f5ffd5b806370a082311461025b5780637d882097146102865780638456cb591461029b57806391d14854146102af578063a217fddf146102ce575f5ffd5b80633f4ba83a116100ee5780633f4ba83a146101ea5780634f1ef286146101fe57806352d1902d1461021157806354fd4d50146102255780635c975abb14610238575f5ffd5b806301ffc9a71461012a578063248a9ca31461015e5780632e1a7d4d1461018b5780632f2ff15d146101ac57806336568abe146101cb575b5f5ffd5b348015610135575f5ffd5b50610149610144366004610e6a565b6103b7565b60405190151581526020015b60405180910390f35b348015610169575f5ffd5b5061017d610178366004610e98565b6103ed565b604051908152602001610155565b348015610196575f5ffd5b506101aa6101a5366004610e98565b61040d565b005b3480156101b7575f5ffd5b506101aa6101c6366004610eca565b610527565b3480156101d6575f5ffd5b506101aa6101e5366004610eca565b610549565b3480156101f5575f5ffd5b506101aa610581565b6101aa61020c366004610f08565b6105a3565b34801561021c575f5ffd5b5061017d6105c2565b348015610230575f5ffd5b50600161017d565b348015610243575f5ffd5b505f5160206110cc5f395f51905f525460ff16610149565b348015610266575f5ffd5b5061017d610275366004610fcc565b5f6020819052908152604090205481565b348015610291575f5ffd5b5061017d60015481565b3480156102a6575f5ffd5b506101aa6105dd565b3480156102ba575f5ffd5b506101496102c9366004610eca565b6105fc565b3480156102d9575f5ffd5b5061017d5f81565b3480156102ec575f5ffd5b50610311604051806040016040528060058152602001640352e302e360dc1b81525081565b6040516101559190610fe5565b348015610329575f5ffd5b506101aa610338366004610fcc565b610632565b6101aa610780565b348015610350575f5ffd5b506101aa61035f366004610eca565b6107fa565b34801561036f575f5ffd5b5061017d5f51602061108c5f395f51905f5281565b34801561038f575f5ffd5b5061017d7f189ab7a9244df0848122154315af71fe140f3db0fe014031783b0946b8c9d2e381565b5f6001600160e01b03198216637965db0b60e01b14806103e757506301ffc9a760e01b6001600160e01b03198316145b92915050565b5f9081525f5160206110ac5f395f51905f52602052604090206001015490565b610415610816565b335f90815260208190526040902054808211156104545760405163cf47918160e01b815260048101829052602481018390526044015b60405180910390fd5b61045e828261102e565b335f908152602081905260408120919091556001805484929061048290849061102e565b90915550506040515f90339084908381818185875af1925050503d805f81146104c6576040519150601f19603f3d011682016040523d82523d5f602084013e6104cb565b606091505b50509050806104ed57604051630db2c7f160e31b815260040160405180910390fd5b60405183815233907f884edad9ce6fa2440d8a54cc123490eb96d2768479d49ff9c7366125a94243649060200160405180910390a2505050565b610530826103ed565b61053981610848565b6105438383610852565b50505050565b6001600160a01b03811633146105725760405163334bd91960e11b815260040160405180910390fd5b61057c82826108fa565b505050565b5f51602061108c5f395f51905f5261059881610848565b6105a0610973565b50565b6105ab6109d2565b6105b482610a76565b6105be8282610aa0565b5050565b5f6105cb610b5c565b505f51602061106c5f395f51905f5290565b5f51602061108c5f395f51905f526105f481610848565b6105a0610ba5565b5f9182525f5160206110ac5f395f51905f52602090815260408084206001600160a01b0393909316845291905290205460ff1690565b5f61063b610bed565b805490915060ff600160401b820416159067ffffffffffffffff165f811580156106625750825b90505f8267ffffffffffffffff16600114801561067e5750303b155b90508115801561068c575080155b156106aa5760405163f92ee8a960e01b815260040160405180910390fd5b845467ffffffffffffffff1916600117855583156106d457845460ff60401b1916600160401b1785555b6106dc610c15565b6106e4610c15565b6106ee5f87610852565b506107065f51602061108c5f395f51905f5287610852565b506107317f189ab7a9244df0848122154315af71fe140f3db0fe014031783b0946b8c9d2e387610852565b50831561077857845460ff60401b19168555604051600181527fc7f505b2f371ae2175ee4913f4499e1f2633a7b5936321eed1cdaeb6115181d29060200160405180910390a15b505050505050565b610788610816565b335f90815260208190526040812080543492906107a6908490611041565b925050819055503460015f8282546107be9190611041565b909155505060405134815233907fe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c9060200160405180910390a2565b610803826103ed565b61080c81610848565b61054383836108fa565b5f5160206110cc5f395f51905f525460ff16156108465760405163d93c066560e01b815260040160405180910390fd5b565b6105a08133610c1d565b5f5f5160206110ac5f395f51905f5261086b84846105fc565b6108ea575f848152602082815260408083206001600160a01b03871684529091529020805460ff191660011790556108a03390565b6001600160a01b0316836001600160a01b0316857f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a460019150506103e7565b5f9150506103e7565b5092915050565b5f5f5160206110ac5f395f51905f5261091384846105fc565b156108ea575f848152602082815260408083206001600160a01b0387168085529252808320805460ff1916905551339287917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a460019150506103e7565b61097b610c56565b5f5160206110cc5f395f51905f52805460ff191681557f5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa335b6040516001600160a01b03909116815260200160405180910390a150565b306001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161480610a5857507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316610a4c5f51602061106c5f395f51905f52546001600160a01b031690565b6001600160a01b031614155b156108465760405163703e46dd60e11b815260040160405180910390fd5b7f189ab7a9244df0848122154315af71fe140f3db0fe014031783b0946b8c9d2e36105be81610848565b816001600160a01b03166352d1902d6040518163ffffffff1660e01b8152600401602060405180830381865afa925050508015610afa575060408051601f3d908101601f19168201909252610af791810190611054565b60015b610b2257604051634c9c8ce360e01b81526001600160a01b038316600482015260240161044b565b5f51602061106c5f395f51905f528114610b5257604051632a87526960e21b81526004810182905260240161044b565b61057c8383610c85565b306001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146108465760405163703e46dd60e11b815260040160405180910390fd5b610bad610816565b5f5160206110cc5f395f51905f52805460ff191660011781557f62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258336109b4565b5f807ff0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a006103e7565b610846610cda565b610c2782826105fc565b6105be5760405163e2517d3f60e01b81526001600160a01b03821660048201526024810183905260440161044b565b5f5160206110cc5f395f51905f525460ff1661084657604051638dfc202b60e01b815260040160405180910390fd5b610c8e82610cff565b6040516001600160a01b038316907fbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b905f90a2805115610cd25761057c8282610d62565b6105be610dfb565b610ce2610e1a565b61084657604051631afcd79f60e31b815260040160405180910390fd5b806001600160a01b03163b5f03610d3457604051634c9c8ce360e01b81526001600160a01b038216600482015260240161044b565b5f51602061106c5f395f51905f5280546001600160a01b0319166001600160a01b0392909216919091179055565b60605f610d6f8484610e33565b9050808015610d9057505f3d1180610d9057505f846001600160a01b03163b115b15610da557610d9d610e46565b9150506103e7565b8015610dcf57604051639996b31560e01b81526001600160a01b038516600482015260240161044b565b3d15610de257610ddd610e5f565b6108f3565b60405163d6bda27560e01b815260040160405180910390fd5b34156108465760405163b398979f60e01b815260040160405180910390fd5b5f610e23610bed565b54600160401b900460ff16919050565b5f5f5f835160208501865af49392505050565b6040513d81523d5f602083013e3d602001810160405290565b6040513d5f823e3d81fd5b5f60208284031215610e7a575f5ffd5b81356001600160e01b031981168114610e91575f5ffd5b9392505050565b5f60208284031215610ea8575f5ffd5b5035919050565b80356001600160a01b0381168114610ec5575f5ffd5b919050565b5f5f60408385031215610edb575f5ffd5b82359150610eeb60208401610eaf565b90509250929050565b634e487b7160e01b5f52604160045260245ffd5b5f5f60408385031215610f19575f5ffd5b610f2283610eaf565b9150602083013567ffffffffffffffff811115610f3d575f5ffd5b8301601f81018513610f4d575f5ffd5b803567ffffffffffffffff811115610f6757610f67610ef4565b604051601f8201601f19908116603f0116810167ffffffffffffffff81118282101715610f9657610f96610ef4565b604052818152828201602001871015610fad575f5ffd5b816020840160208301375f602083830101528093505050509250929050565b5f60208284031215610fdc575f5ffd5b610e9182610eaf565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b634e487b7160e01b5f52601160045260245ffd5b818103818111156103e7576103e761101a565b808201808211156103e7576103e761101a565b5f60208284031215611064575f5ffd5b505191905056fe360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a02dd7bc7dec4dceedda775e58dd541e08a116c6c53815c0bd028192f7b626800cd5ed15c6e187e77e9aee88184c21f4f2182ab5827cb3b7e07fbedcd63f03300",
}

// UpgradeableVault is an auto generated Go binding around an Ethereum contract.
type UpgradeableVault struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *UpgradeableVault) GetABI() abi.ABI {
	return c.abi
}

// NewUpgradeableVault creates a new instance of UpgradeableVault.
func NewUpgradeableVault() *UpgradeableVault {
	parsed, err := UpgradeableVaultMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &UpgradeableVault{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *UpgradeableVault) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) PackDEFAULTADMINROLE() []byte {
	enc, err := upgradeableVault.abi.Pack("DEFAULT_ADMIN_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return upgradeableVault.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := upgradeableVault.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackPAUSERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe63ab1e9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function PAUSER_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) PackPAUSERROLE() []byte {
	enc, err := upgradeableVault.abi.Pack("PAUSER_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPAUSERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe63ab1e9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function PAUSER_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) TryPackPAUSERROLE() ([]byte, error) {
	return upgradeableVault.abi.Pack("PAUSER_ROLE")
}

// UnpackPAUSERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe63ab1e9.
//
// Solidity: function PAUSER_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) UnpackPAUSERROLE(data []byte) ([32]byte, error) {
	out, err := upgradeableVault.abi.Unpack("PAUSER_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackUPGRADERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf72c0d8b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function UPGRADER_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) PackUPGRADERROLE() []byte {
	enc, err := upgradeableVault.abi.Pack("UPGRADER_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUPGRADERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf72c0d8b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function UPGRADER_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) TryPackUPGRADERROLE() ([]byte, error) {
	return upgradeableVault.abi.Pack("UPGRADER_ROLE")
}

// UnpackUPGRADERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf72c0d8b.
//
// Solidity: function UPGRADER_ROLE() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) UnpackUPGRADERROLE(data []byte) ([32]byte, error) {
	out, err := upgradeableVault.abi.Unpack("UPGRADER_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackUPGRADEINTERFACEVERSION is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xad3cb1cc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function UPGRADE_INTERFACE_VERSION() view returns(string)
func (upgradeableVault *UpgradeableVault) PackUPGRADEINTERFACEVERSION() []byte {
	enc, err := upgradeableVault.abi.Pack("UPGRADE_INTERFACE_VERSION")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUPGRADEINTERFACEVERSION is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xad3cb1cc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function UPGRADE_INTERFACE_VERSION() view returns(string)
func (upgradeableVault *UpgradeableVault) TryPackUPGRADEINTERFACEVERSION() ([]byte, error) {
	return upgradeableVault.abi.Pack("UPGRADE_INTERFACE_VERSION")
}

// UnpackUPGRADEINTERFACEVERSION is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xad3cb1cc.
//
// Solidity: function UPGRADE_INTERFACE_VERSION() view returns(string)
func (upgradeableVault *UpgradeableVault) UnpackUPGRADEINTERFACEVERSION(data []byte) (string, error) {
	out, err := upgradeableVault.abi.Unpack("UPGRADE_INTERFACE_VERSION", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (upgradeableVault *UpgradeableVault) PackBalanceOf(arg0 common.Address) []byte {
	enc, err := upgradeableVault.abi.Pack("balanceOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (upgradeableVault *UpgradeableVault) TryPackBalanceOf(arg0 common.Address) ([]byte, error) {
	return upgradeableVault.abi.Pack("balanceOf", arg0)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (upgradeableVault *UpgradeableVault) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := upgradeableVault.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd0e30db0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit() payable returns()
func (upgradeableVault *UpgradeableVault) PackDeposit() []byte {
	enc, err := upgradeableVault.abi.Pack("deposit")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd0e30db0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit() payable returns()
func (upgradeableVault *UpgradeableVault) TryPackDeposit() ([]byte, error) {
	return upgradeableVault.abi.Pack("deposit")
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (upgradeableVault *UpgradeableVault) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := upgradeableVault.abi.Pack("getRoleAdmin", role)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (upgradeableVault *UpgradeableVault) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return upgradeableVault.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (upgradeableVault *UpgradeableVault) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := upgradeableVault.abi.Unpack("getRoleAdmin", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (upgradeableVault *UpgradeableVault) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := upgradeableVault.abi.Pack("grantRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (upgradeableVault *UpgradeableVault) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return upgradeableVault.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (upgradeableVault *UpgradeableVault) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := upgradeableVault.abi.Pack("hasRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (upgradeableVault *UpgradeableVault) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return upgradeableVault.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (upgradeableVault *UpgradeableVault) UnpackHasRole(data []byte) (bool, error) {
	out, err := upgradeableVault.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackInitialize is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc4d66de8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function initialize(address admin) returns()
func (upgradeableVault *UpgradeableVault) PackInitialize(admin common.Address) []byte {
	enc, err := upgradeableVault.abi.Pack("initialize", admin)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInitialize is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc4d66de8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function initialize(address admin) returns()
func (upgradeableVault *UpgradeableVault) TryPackInitialize(admin common.Address) ([]byte, error) {
	return upgradeableVault.abi.Pack("initialize", admin)
}

// PackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pause() returns()
func (upgradeableVault *UpgradeableVault) PackPause() []byte {
	enc, err := upgradeableVault.abi.Pack("pause")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pause() returns()
func (upgradeableVault *UpgradeableVault) TryPackPause() ([]byte, error) {
	return upgradeableVault.abi.Pack("pause")
}

// PackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function paused() view returns(bool)
func (upgradeableVault *UpgradeableVault) PackPaused() []byte {
	enc, err := upgradeableVault.abi.Pack("paused")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function paused() view returns(bool)
func (upgradeableVault *UpgradeableVault) TryPackPaused() ([]byte, error) {
	return upgradeableVault.abi.Pack("paused")
}

// UnpackPaused is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c975abb.
//
// Solidity: function paused() view returns(bool)
func (upgradeableVault *UpgradeableVault) UnpackPaused(data []byte) (bool, error) {
	out, err := upgradeableVault.abi.Unpack("paused", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackProxiableUUID is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52d1902d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proxiableUUID() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) PackProxiableUUID() []byte {
	enc, err := upgradeableVault.abi.Pack("proxiableUUID")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProxiableUUID is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52d1902d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proxiableUUID() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) TryPackProxiableUUID() ([]byte, error) {
	return upgradeableVault.abi.Pack("proxiableUUID")
}

// UnpackProxiableUUID is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x52d1902d.
//
// Solidity: function proxiableUUID() view returns(bytes32)
func (upgradeableVault *UpgradeableVault) UnpackProxiableUUID(data []byte) ([32]byte, error) {
	out, err := upgradeableVault.abi.Unpack("proxiableUUID", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (upgradeableVault *UpgradeableVault) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := upgradeableVault.abi.Pack("renounceRole", role, callerConfirmation)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (upgradeableVault *UpgradeableVault) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return upgradeableVault.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (upgradeableVault *UpgradeableVault) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := upgradeableVault.abi.Pack("revokeRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (upgradeableVault *UpgradeableVault) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return upgradeableVault.abi.Pack("revokeRole", role, account)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (upgradeableVault *UpgradeableVault) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := upgradeableVault.abi.Pack("supportsInterface", interfaceId)
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
func (upgradeableVault *UpgradeableVault) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return upgradeableVault.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (upgradeableVault *UpgradeableVault) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := upgradeableVault.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTotalDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d882097.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalDeposits() view returns(uint256)
func (upgradeableVault *UpgradeableVault) PackTotalDeposits() []byte {
	enc, err := upgradeableVault.abi.Pack("totalDeposits")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d882097.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalDeposits() view returns(uint256)
func (upgradeableVault *UpgradeableVault) TryPackTotalDeposits() ([]byte, error) {
	return upgradeableVault.abi.Pack("totalDeposits")
}

// UnpackTotalDeposits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7d882097.
//
// Solidity: function totalDeposits() view returns(uint256)
func (upgradeableVault *UpgradeableVault) UnpackTotalDeposits(data []byte) (*big.Int, error) {
	out, err := upgradeableVault.abi.Unpack("totalDeposits", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackUnpause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3f4ba83a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unpause() returns()
func (upgradeableVault *UpgradeableVault) PackUnpause() []byte {
	enc, err := upgradeableVault.abi.Pack("unpause")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnpause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3f4ba83a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unpause() returns()
func (upgradeableVault *UpgradeableVault) TryPackUnpause() ([]byte, error) {
	return upgradeableVault.abi.Pack("unpause")
}

// PackUpgradeToAndCall is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4f1ef286.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function upgradeToAndCall(address newImplementation, bytes data) payable returns()
func (upgradeableVault *UpgradeableVault) PackUpgradeToAndCall(newImplementation common.Address, data []byte) []byte {
	enc, err := upgradeableVault.abi.Pack("upgradeToAndCall", newImplementation, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUpgradeToAndCall is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4f1ef286.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function upgradeToAndCall(address newImplementation, bytes data) payable returns()
func (upgradeableVault *UpgradeableVault) TryPackUpgradeToAndCall(newImplementation common.Address, data []byte) ([]byte, error) {
	return upgradeableVault.abi.Pack("upgradeToAndCall", newImplementation, data)
}

// PackVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x54fd4d50.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function version() pure returns(uint256)
func (upgradeableVault *UpgradeableVault) PackVersion() []byte {
	enc, err := upgradeableVault.abi.Pack("version")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x54fd4d50.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function version() pure returns(uint256)
func (upgradeableVault *UpgradeableVault) TryPackVersion() ([]byte, error) {
	return upgradeableVault.abi.Pack("version")
}

// UnpackVersion is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x54fd4d50.
//
// Solidity: function version() pure returns(uint256)
func (upgradeableVault *UpgradeableVault) UnpackVersion(data []byte) (*big.Int, error) {
	out, err := upgradeableVault.abi.Unpack("version", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e1a7d4d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdraw(uint256 amount) returns()
func (upgradeableVault *UpgradeableVault) PackWithdraw(amount *big.Int) []byte {
	enc, err := upgradeableVault.abi.Pack("withdraw", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e1a7d4d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdraw(uint256 amount) returns()
func (upgradeableVault *UpgradeableVault) TryPackWithdraw(amount *big.Int) ([]byte, error) {
	return upgradeableVault.abi.Pack("withdraw", amount)
}

// UpgradeableVaultDeposit represents a Deposit event raised by the UpgradeableVault contract.
type UpgradeableVaultDeposit struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultDepositEventName = "Deposit"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultDeposit) ContractEventName() string {
	return UpgradeableVaultDepositEventName
}

// UnpackDepositEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Deposit(address indexed user, uint256 amount)
func (upgradeableVault *UpgradeableVault) UnpackDepositEvent(log *types.Log) (*UpgradeableVaultDeposit, error) {
	event := "Deposit"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultDeposit)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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

// UpgradeableVaultInitialized represents a Initialized event raised by the UpgradeableVault contract.
type UpgradeableVaultInitialized struct {
	Version uint64
	Raw     *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultInitializedEventName = "Initialized"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultInitialized) ContractEventName() string {
	return UpgradeableVaultInitializedEventName
}

// UnpackInitializedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Initialized(uint64 version)
func (upgradeableVault *UpgradeableVault) UnpackInitializedEvent(log *types.Log) (*UpgradeableVaultInitialized, error) {
	event := "Initialized"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultInitialized)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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

// UpgradeableVaultPaused represents a Paused event raised by the UpgradeableVault contract.
type UpgradeableVaultPaused struct {
	Account common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultPausedEventName = "Paused"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultPaused) ContractEventName() string {
	return UpgradeableVaultPausedEventName
}

// UnpackPausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Paused(address account)
func (upgradeableVault *UpgradeableVault) UnpackPausedEvent(log *types.Log) (*UpgradeableVaultPaused, error) {
	event := "Paused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultPaused)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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

// UpgradeableVaultRoleAdminChanged represents a RoleAdminChanged event raised by the UpgradeableVault contract.
type UpgradeableVaultRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultRoleAdminChanged) ContractEventName() string {
	return UpgradeableVaultRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (upgradeableVault *UpgradeableVault) UnpackRoleAdminChangedEvent(log *types.Log) (*UpgradeableVaultRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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

// UpgradeableVaultRoleGranted represents a RoleGranted event raised by the UpgradeableVault contract.
type UpgradeableVaultRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultRoleGranted) ContractEventName() string {
	return UpgradeableVaultRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (upgradeableVault *UpgradeableVault) UnpackRoleGrantedEvent(log *types.Log) (*UpgradeableVaultRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultRoleGranted)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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

// UpgradeableVaultRoleRevoked represents a RoleRevoked event raised by the UpgradeableVault contract.
type UpgradeableVaultRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultRoleRevoked) ContractEventName() string {
	return UpgradeableVaultRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (upgradeableVault *UpgradeableVault) UnpackRoleRevokedEvent(log *types.Log) (*UpgradeableVaultRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultRoleRevoked)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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

// UpgradeableVaultUnpaused represents a Unpaused event raised by the UpgradeableVault contract.
type UpgradeableVaultUnpaused struct {
	Account common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultUnpausedEventName = "Unpaused"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultUnpaused) ContractEventName() string {
	return UpgradeableVaultUnpausedEventName
}

// UnpackUnpausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Unpaused(address account)
func (upgradeableVault *UpgradeableVault) UnpackUnpausedEvent(log *types.Log) (*UpgradeableVaultUnpaused, error) {
	event := "Unpaused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultUnpaused)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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

// UpgradeableVaultUpgraded represents a Upgraded event raised by the UpgradeableVault contract.
type UpgradeableVaultUpgraded struct {
	Implementation common.Address
	Raw            *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultUpgradedEventName = "Upgraded"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultUpgraded) ContractEventName() string {
	return UpgradeableVaultUpgradedEventName
}

// UnpackUpgradedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Upgraded(address indexed implementation)
func (upgradeableVault *UpgradeableVault) UnpackUpgradedEvent(log *types.Log) (*UpgradeableVaultUpgraded, error) {
	event := "Upgraded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultUpgraded)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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

// UpgradeableVaultWithdraw represents a Withdraw event raised by the UpgradeableVault contract.
type UpgradeableVaultWithdraw struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const UpgradeableVaultWithdrawEventName = "Withdraw"

// ContractEventName returns the user-defined event name.
func (UpgradeableVaultWithdraw) ContractEventName() string {
	return UpgradeableVaultWithdrawEventName
}

// UnpackWithdrawEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Withdraw(address indexed user, uint256 amount)
func (upgradeableVault *UpgradeableVault) UnpackWithdrawEvent(log *types.Log) (*UpgradeableVaultWithdraw, error) {
	event := "Withdraw"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != upgradeableVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UpgradeableVaultWithdraw)
	if len(log.Data) > 0 {
		if err := upgradeableVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range upgradeableVault.abi.Events[event].Inputs {
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
func (upgradeableVault *UpgradeableVault) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["AddressEmptyCode"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackAddressEmptyCodeError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["ERC1967InvalidImplementation"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackERC1967InvalidImplementationError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["ERC1967NonPayable"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackERC1967NonPayableError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["EnforcedPause"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackEnforcedPauseError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["EthTransferFailed"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackEthTransferFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["ExpectedPause"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackExpectedPauseError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["FailedCall"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackFailedCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["InsufficientBalance"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackInsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["InvalidInitialization"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackInvalidInitializationError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["NotInitializing"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackNotInitializingError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["UUPSUnauthorizedCallContext"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackUUPSUnauthorizedCallContextError(raw[4:])
	}
	if bytes.Equal(raw[:4], upgradeableVault.abi.Errors["UUPSUnsupportedProxiableUUID"].ID.Bytes()[:4]) {
		return upgradeableVault.UnpackUUPSUnsupportedProxiableUUIDError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// UpgradeableVaultAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the UpgradeableVault contract.
type UpgradeableVaultAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func UpgradeableVaultAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (upgradeableVault *UpgradeableVault) UnpackAccessControlBadConfirmationError(raw []byte) (*UpgradeableVaultAccessControlBadConfirmation, error) {
	out := new(UpgradeableVaultAccessControlBadConfirmation)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the UpgradeableVault contract.
type UpgradeableVaultAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func UpgradeableVaultAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (upgradeableVault *UpgradeableVault) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*UpgradeableVaultAccessControlUnauthorizedAccount, error) {
	out := new(UpgradeableVaultAccessControlUnauthorizedAccount)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultAddressEmptyCode represents a AddressEmptyCode error raised by the UpgradeableVault contract.
type UpgradeableVaultAddressEmptyCode struct {
	Target common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AddressEmptyCode(address target)
func UpgradeableVaultAddressEmptyCodeErrorID() common.Hash {
	return common.HexToHash("0x9996b315c842ff135b8fc4a08ad5df1c344efbc03d2687aecc0678050d2aac89")
}

// UnpackAddressEmptyCodeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AddressEmptyCode(address target)
func (upgradeableVault *UpgradeableVault) UnpackAddressEmptyCodeError(raw []byte) (*UpgradeableVaultAddressEmptyCode, error) {
	out := new(UpgradeableVaultAddressEmptyCode)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "AddressEmptyCode", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultERC1967InvalidImplementation represents a ERC1967InvalidImplementation error raised by the UpgradeableVault contract.
type UpgradeableVaultERC1967InvalidImplementation struct {
	Implementation common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1967InvalidImplementation(address implementation)
func UpgradeableVaultERC1967InvalidImplementationErrorID() common.Hash {
	return common.HexToHash("0x4c9c8ce3ceb3130f17f7cdba48d89b5b0129f266a8bac114e6e315a41879b617")
}

// UnpackERC1967InvalidImplementationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1967InvalidImplementation(address implementation)
func (upgradeableVault *UpgradeableVault) UnpackERC1967InvalidImplementationError(raw []byte) (*UpgradeableVaultERC1967InvalidImplementation, error) {
	out := new(UpgradeableVaultERC1967InvalidImplementation)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "ERC1967InvalidImplementation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultERC1967NonPayable represents a ERC1967NonPayable error raised by the UpgradeableVault contract.
type UpgradeableVaultERC1967NonPayable struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1967NonPayable()
func UpgradeableVaultERC1967NonPayableErrorID() common.Hash {
	return common.HexToHash("0xb398979fa84f543c8e222f17890372c487baf85e062276c127fef521eea7224b")
}

// UnpackERC1967NonPayableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1967NonPayable()
func (upgradeableVault *UpgradeableVault) UnpackERC1967NonPayableError(raw []byte) (*UpgradeableVaultERC1967NonPayable, error) {
	out := new(UpgradeableVaultERC1967NonPayable)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "ERC1967NonPayable", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultEnforcedPause represents a EnforcedPause error raised by the UpgradeableVault contract.
type UpgradeableVaultEnforcedPause struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EnforcedPause()
func UpgradeableVaultEnforcedPauseErrorID() common.Hash {
	return common.HexToHash("0xd93c0665d6c96d04a8f174024fc4ddd66c250604aff22bbec808de86dd3637e3")
}

// UnpackEnforcedPauseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EnforcedPause()
func (upgradeableVault *UpgradeableVault) UnpackEnforcedPauseError(raw []byte) (*UpgradeableVaultEnforcedPause, error) {
	out := new(UpgradeableVaultEnforcedPause)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "EnforcedPause", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultEthTransferFailed represents a EthTransferFailed error raised by the UpgradeableVault contract.
type UpgradeableVaultEthTransferFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EthTransferFailed()
func UpgradeableVaultEthTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x6d963f88320eb7ba26bde12e9a148612be34ed8cfb2f4e191e88c4af7a5386fc")
}

// UnpackEthTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EthTransferFailed()
func (upgradeableVault *UpgradeableVault) UnpackEthTransferFailedError(raw []byte) (*UpgradeableVaultEthTransferFailed, error) {
	out := new(UpgradeableVaultEthTransferFailed)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "EthTransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultExpectedPause represents a ExpectedPause error raised by the UpgradeableVault contract.
type UpgradeableVaultExpectedPause struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ExpectedPause()
func UpgradeableVaultExpectedPauseErrorID() common.Hash {
	return common.HexToHash("0x8dfc202bcfe9a735b559bee70674422512bc5c30f687046ae8778315fb81da44")
}

// UnpackExpectedPauseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ExpectedPause()
func (upgradeableVault *UpgradeableVault) UnpackExpectedPauseError(raw []byte) (*UpgradeableVaultExpectedPause, error) {
	out := new(UpgradeableVaultExpectedPause)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "ExpectedPause", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultFailedCall represents a FailedCall error raised by the UpgradeableVault contract.
type UpgradeableVaultFailedCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error FailedCall()
func UpgradeableVaultFailedCallErrorID() common.Hash {
	return common.HexToHash("0xd6bda27508c0fb6d8a39b4b122878dab26f731a7d4e4abe711dd3731899052a4")
}

// UnpackFailedCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error FailedCall()
func (upgradeableVault *UpgradeableVault) UnpackFailedCallError(raw []byte) (*UpgradeableVaultFailedCall, error) {
	out := new(UpgradeableVaultFailedCall)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "FailedCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultInsufficientBalance represents a InsufficientBalance error raised by the UpgradeableVault contract.
type UpgradeableVaultInsufficientBalance struct {
	Available *big.Int
	Requested *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientBalance(uint256 available, uint256 requested)
func UpgradeableVaultInsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xcf4791818fba6e019216eb4864093b4947f674afada5d305e57d598b641dad1d")
}

// UnpackInsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientBalance(uint256 available, uint256 requested)
func (upgradeableVault *UpgradeableVault) UnpackInsufficientBalanceError(raw []byte) (*UpgradeableVaultInsufficientBalance, error) {
	out := new(UpgradeableVaultInsufficientBalance)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultInvalidInitialization represents a InvalidInitialization error raised by the UpgradeableVault contract.
type UpgradeableVaultInvalidInitialization struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidInitialization()
func UpgradeableVaultInvalidInitializationErrorID() common.Hash {
	return common.HexToHash("0xf92ee8a957075833165f68c320933b1a1294aafc84ee6e0dd3fb178008f9aaf5")
}

// UnpackInvalidInitializationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidInitialization()
func (upgradeableVault *UpgradeableVault) UnpackInvalidInitializationError(raw []byte) (*UpgradeableVaultInvalidInitialization, error) {
	out := new(UpgradeableVaultInvalidInitialization)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "InvalidInitialization", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultNotInitializing represents a NotInitializing error raised by the UpgradeableVault contract.
type UpgradeableVaultNotInitializing struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotInitializing()
func UpgradeableVaultNotInitializingErrorID() common.Hash {
	return common.HexToHash("0xd7e6bcf8597daa127dc9f0048d2f08d5ef140a2cb659feabd700beff1f7a8302")
}

// UnpackNotInitializingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotInitializing()
func (upgradeableVault *UpgradeableVault) UnpackNotInitializingError(raw []byte) (*UpgradeableVaultNotInitializing, error) {
	out := new(UpgradeableVaultNotInitializing)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "NotInitializing", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultUUPSUnauthorizedCallContext represents a UUPSUnauthorizedCallContext error raised by the UpgradeableVault contract.
type UpgradeableVaultUUPSUnauthorizedCallContext struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UUPSUnauthorizedCallContext()
func UpgradeableVaultUUPSUnauthorizedCallContextErrorID() common.Hash {
	return common.HexToHash("0xe07c8dba242a06571ac65fe4bbe20522c9fb111cb33599b799ff8039c1ed18f4")
}

// UnpackUUPSUnauthorizedCallContextError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UUPSUnauthorizedCallContext()
func (upgradeableVault *UpgradeableVault) UnpackUUPSUnauthorizedCallContextError(raw []byte) (*UpgradeableVaultUUPSUnauthorizedCallContext, error) {
	out := new(UpgradeableVaultUUPSUnauthorizedCallContext)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "UUPSUnauthorizedCallContext", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// UpgradeableVaultUUPSUnsupportedProxiableUUID represents a UUPSUnsupportedProxiableUUID error raised by the UpgradeableVault contract.
type UpgradeableVaultUUPSUnsupportedProxiableUUID struct {
	Slot [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UUPSUnsupportedProxiableUUID(bytes32 slot)
func UpgradeableVaultUUPSUnsupportedProxiableUUIDErrorID() common.Hash {
	return common.HexToHash("0xaa1d49a4c084bfa9aeeee2a0be65267a7f19ba7e1476b114dac513d2c14cb563")
}

// UnpackUUPSUnsupportedProxiableUUIDError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UUPSUnsupportedProxiableUUID(bytes32 slot)
func (upgradeableVault *UpgradeableVault) UnpackUUPSUnsupportedProxiableUUIDError(raw []byte) (*UpgradeableVaultUUPSUnsupportedProxiableUUID, error) {
	out := new(UpgradeableVaultUUPSUnsupportedProxiableUUID)
	if err := upgradeableVault.abi.UnpackIntoInterface(out, "UUPSUnsupportedProxiableUUID", raw); err != nil {
		return nil, err
	}
	return out, nil
}
