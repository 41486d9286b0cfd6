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

// LendingPoolMetaData contains all meta data concerning the LendingPool contract.
var LendingPoolMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"stable_\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"collateral_\",\"type\":\"address\"},{\"internalType\":\"contractISpotPriceSource\",\"name\":\"priceSource_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EnforcedPause\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EthTransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"debtAfter\",\"type\":\"uint256\"}],\"name\":\"ExceedsBorrowLimit\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ExpectedPause\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"available\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"requested\",\"type\":\"uint256\"}],\"name\":\"InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"available\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"requested\",\"type\":\"uint256\"}],\"name\":\"InsufficientLiquidity\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"collateralValue\",\"type\":\"uint256\"}],\"name\":\"Borrow\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Deposit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"DepositCollateral\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"DepositETH\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"Paused\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Repay\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"ReservesMigrated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"Unpaused\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Withdraw\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"WithdrawCollateral\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"WithdrawETH\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"LTV_BPS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"PAUSER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"}],\"name\":\"availableToBorrow\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"borrow\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"collateral\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"collateralHeld\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"collateralOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"collateralPrice\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"user\",\"type\":\"address\"}],\"name\":\"collateralValue\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"debtOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"depositCollateral\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"depositETH\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"deposits\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"ethDeposits\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"ethHeld\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"isSolvent\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"migrateReserves\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"paused\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"priceSource\",\"outputs\":[{\"internalType\":\"contractISpotPriceSource\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"repay\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"repaid\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"stable\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"stableCash\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalAssets\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"eth\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"stableAmount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"collateralAmount\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalBorrows\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalCollateral\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalDeposits\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalEthDeposits\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"unpause\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"withdrawAllETH\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"withdrawCollateral\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "LendingPool",
	Bin: "0x60e060405234801561000f575f5ffd5b50604051611bee380380611bee83398101604081905261002e9161016a565b60017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00556001600160a01b0380841660805282811660a052811660c0526100755f856100aa565b506100a07f65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a856100aa565b50505050506101c6565b5f828152602081815260408083206001600160a01b038516845290915281205460ff1661014a575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556101023390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a450600161014d565b505f5b92915050565b6001600160a01b0381168114610167575f5ffd5b50565b5f5f5f5f6080858703121561017d575f5ffd5b845161018881610153565b602086015190945061019981610153565b60408601519093506101aa81610153565b60608601519092506101bb81610153565b939692955090935050565b60805160a05160c0516119bf61022f5f395f81816102e40152610c8101525f818161066e0152818161097201528181610e2f015261119a01525f818161032f015281816108e301528181610af2015281816110ad0152818161130101526113b801526119bf5ff3fe608060405260043610610233575f3560e01c80636112fe2e11610129578063c5ebeaec116100a8578063e63ab1e91161006d578063e63ab1e9146106a4578063f1e6d761146106d7578063f6326fb3146106ec578063fae3706f146106f4578063fc7e286d14610709575f5ffd5b8063c5ebeaec146105f4578063d283e75f14610613578063d547741f1461063e578063d8dfeb451461065d578063d9c8996e14610690575f5ffd5b806391d14854116100ee57806391d1485414610559578063a217fddf14610578578063b6b55f251461058b578063b9d1ed4a146105aa578063bad4a01f146105d5575f5ffd5b80636112fe2e146104de5780637544aa44146104fd5780637d8820971461051c5780638456cb591461053157806390386bbf14610545575f5ffd5b806336568abe116101b55780634ac8eb5f1161017a5780634ac8eb5f1461046b57806356bb3df1146104805780635891de721461049f5780635c975abb146104b35780635ce23950146104ca575f5ffd5b806336568abe146103f2578063371fd8e6146104115780633f4ba83a1461043057806342ce50111461044457806347bd371814610456575f5ffd5b8063248a9ca3116101fb578063248a9ca3146103515780632c38199e1461037f5780632e1a7d4d1461039e5780632eff30dd146103bf5780632f2ff15d146103d3575f5ffd5b806301e1d1141461023757806301ffc9a71461026b5780631aefb1071461029a57806320531bc9146102d357806322be3de11461031e575b5f5ffd5b348015610242575f5ffd5b5061024b610734565b604080519384526020840192909252908201526060015b60405180910390f35b348015610276575f5ffd5b5061028a610285366004611858565b610753565b6040519015158152602001610262565b3480156102a5575f5ffd5b506102c56102b4366004611895565b60066020525f908152604090205481565b604051908152602001610262565b3480156102de575f5ffd5b506103067f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610262565b348015610329575f5ffd5b506103067f000000000000000000000000000000000000000000000000000000000000000081565b34801561035c575f5ffd5b506102c561036b3660046118ae565b5f9081526020819052604090206001015490565b34801561038a575f5ffd5b506102c5610399366004611895565b610789565b3480156103a9575f5ffd5b506103bd6103b83660046118ae565b6107fc565b005b3480156103ca575f5ffd5b506102c561095b565b3480156103de575f5ffd5b506103bd6103ed3660046118c5565b6109e9565b3480156103fd575f5ffd5b506103bd61040c3660046118c5565b610a13565b34801561041c575f5ffd5b506102c561042b3660046118ae565b610a4b565b34801561043b575f5ffd5b506103bd610b6a565b34801561044f575f5ffd5b50476102c5565b348015610461575f5ffd5b506102c560095481565b348015610476575f5ffd5b506102c560075481565b34801561048b575f5ffd5b506103bd61049a3660046118ef565b610b9c565b3480156104aa575f5ffd5b506102c5610c7e565b3480156104be575f5ffd5b5060015460ff1661028a565b3480156104d5575f5ffd5b5061028a610cdb565b3480156104e9575f5ffd5b506103bd6104f83660046118ae565b610d23565b348015610508575f5ffd5b506102c5610517366004611895565b610e88565b348015610527575f5ffd5b506102c560055481565b34801561053c575f5ffd5b506103bd610ec6565b348015610550575f5ffd5b506103bd610ef8565b348015610564575f5ffd5b5061028a6105733660046118c5565b61100c565b348015610583575f5ffd5b506102c55f81565b348015610596575f5ffd5b506103bd6105a53660046118ae565b611034565b3480156105b5575f5ffd5b506102c56105c4366004611895565b60026020525f908152604090205481565b3480156105e0575f5ffd5b506103bd6105ef3660046118ae565b611121565b3480156105ff575f5ffd5b506103bd61060e3660046118ae565b6111f4565b34801561061e575f5ffd5b506102c561062d366004611895565b60086020525f908152604090205481565b348015610649575f5ffd5b506103bd6106583660046118c5565b61137d565b348015610668575f5ffd5b506103067f000000000000000000000000000000000000000000000000000000000000000081565b34801561069b575f5ffd5b506102c56113a1565b3480156106af575f5ffd5b506102c57f65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a81565b3480156106e2575f5ffd5b506102c560035481565b6103bd6113ef565b3480156106ff575f5ffd5b506102c5611d4c81565b348015610714575f5ffd5b506102c5610723366004611895565b60046020525f908152604090205481565b5f8080476107406113a1565b61074861095b565b925092509250909192565b5f6001600160e01b03198216637965db0b60e01b148061078357506301ffc9a760e01b6001600160e01b03198316145b92915050565b6001600160a01b0381165f9081526006602052604081205481906107ac90611489565b6001600160a01b0384165f9081526008602052604090205490915081116107d3575f6107f5565b6001600160a01b0383165f908152600860205260409020546107f5908261192b565b9392505050565b6108046114bf565b61080c6114e5565b335f908152600460205260408120549082900361083c57604051631f2a200560e01b815260040160405180910390fd5b8082111561086c5760405163cf47918160e01b815260048101829052602481018390526044015b60405180910390fd5b5f6108756113a1565b9050808311156108a25760405163a17e11d560e01b81526004810182905260248101849052604401610863565b6108ac838361192b565b335f90815260046020526040812091909155600580548592906108d090849061192b565b9091555061090a90506001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000163385611500565b60405183815233907f884edad9ce6fa2440d8a54cc123490eb96d2768479d49ff9c7366125a9424364906020015b60405180910390a2505061095860015f51602061199f5f395f51905f5255565b50565b6040516370a0823160e01b81523060048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a08231906024015b602060405180830381865afa1580156109c0573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906109e4919061193e565b905090565b5f82815260208190526040902060010154610a0381611535565b610a0d838361153f565b50505050565b6001600160a01b0381163314610a3c5760405163334bd91960e11b815260040160405180910390fd5b610a4682826115ce565b505050565b5f610a546114bf565b610a5c6114e5565b335f908152600860205260409020548210610a8557335f90815260086020526040902054610a87565b815b9050805f03610aa957604051631f2a200560e01b815260040160405180910390fd5b335f9081526008602052604081208054839290610ac790849061192b565b925050819055508060095f828254610adf919061192b565b90915550610b1a90506001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016333084611637565b60405181815233907f5c16de4f8b59bd9caf0f49a545f25819a895ed223294290b408242e72a5942319060200160405180910390a2610b6560015f51602061199f5f395f51905f5255565b919050565b7f65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a610b9481611535565b61095861166d565b610ba46114bf565b6040516370a0823160e01b81523060048201525f906001600160a01b038416906370a0823190602401602060405180830381865afa158015610be8573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610c0c919061193e565b9050610c226001600160a01b0384168383611500565b336001600160a01b0316826001600160a01b0316846001600160a01b03167ff21438a988a568d30e0a809c20504ac845956231e57362d5bb39dfea5bb0a30284604051610c7191815260200190565b60405180910390a4505050565b5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663398482d86040518163ffffffff1660e01b8152600401602060405180830381865afa1580156109c0573d5f5f3e3d5ffd5b5f600354610ce64790565b10158015610d0a5750600554600954610cfd6113a1565b610d079190611955565b10155b80156109e45750600754610d1c61095b565b1015905090565b610d2b6114bf565b610d336114e5565b335f9081526006602052604081205490829003610d6357604051631f2a200560e01b815260040160405180910390fd5b80821115610d8e5760405163cf47918160e01b81526004810182905260248101839052604401610863565b5f610da1610d9c848461192b565b611489565b335f90815260086020526040902054909150811015610dee57335f9081526008602052604090819020549051635812dba360e01b8152610863918391600401918252602082015260400190565b610df8838361192b565b335f9081526006602052604081209190915560078054859290610e1c90849061192b565b90915550610e5690506001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000163385611500565b60405183815233907fa8e76b822fc682be77f3b1c822ea81f6bda5aed92ba82e6873bfd889f328d1d290602001610938565b5f670de0b6b3a7640000610e9a610c7e565b6001600160a01b0384165f90815260066020526040902054610ebc9190611968565b610783919061197f565b7f65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a610ef081611535565b6109586116bf565b610f006114bf565b335f9081526002602052604081205490819003610f3057604051631f2a200560e01b815260040160405180910390fd5b6040515f90339083908381818185875af1925050503d805f8114610f6f576040519150601f19603f3d011682016040523d82523d5f602084013e610f74565b606091505b5050905080610f9657604051630db2c7f160e31b815260040160405180910390fd5b335f908152600260205260408120546003805491929091610fb890849061192b565b9091555050335f8181526002602052604080822091909155517f566e45b1c8057e725bf62796a7f1d37ae294393cab069725a09daddd1af98b79906110009085815260200190565b60405180910390a25050565b5f918252602082815260408084206001600160a01b0393909316845291905290205460ff1690565b61103c6114bf565b6110446114e5565b805f0361106457604051631f2a200560e01b815260040160405180910390fd5b335f9081526004602052604081208054839290611082908490611955565b925050819055508060055f82825461109a9190611955565b909155506110d590506001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016333084611637565b60405181815233907fe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c906020015b60405180910390a261095860015f51602061199f5f395f51905f5255565b6111296114bf565b6111316114e5565b805f0361115157604051631f2a200560e01b815260040160405180910390fd5b335f908152600660205260408120805483929061116f908490611955565b925050819055508060075f8282546111879190611955565b909155506111c290506001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016333084611637565b60405181815233907f8c66c9368f6312eb21bf56acbd3a20448f7d1589d024c30482c3d0a33125523e90602001611103565b6111fc6114bf565b6112046114e5565b805f0361122457604051631f2a200560e01b815260040160405180910390fd5b5f61122e33610e88565b90505f612710611240611d4c84611968565b61124a919061197f565b335f9081526008602052604081205491925090611268908590611955565b90508181111561129557604051635812dba360e01b81526004810183905260248101829052604401610863565b5f61129e6113a1565b9050808511156112cb5760405163a17e11d560e01b81526004810182905260248101869052604401610863565b335f908152600860205260408120839055600980548792906112ee908490611955565b9091555061132890506001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000163387611500565b604080518681526020810186905233917fe1979fe4c35e0cef342fef5668e2c8e7a7e9f5d5d1ca8fee0ac6c427fa4153af910160405180910390a25050505061095860015f51602061199f5f395f51905f5255565b5f8281526020819052604090206001015461139781611535565b610a0d83836115ce565b6040516370a0823160e01b81523060048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a08231906024016109a5565b6113f76114bf565b345f0361141757604051631f2a200560e01b815260040160405180910390fd5b335f9081526002602052604081208054349290611435908490611955565b925050819055503460035f82825461144d9190611955565b909155505060405134815233907fced5d8bf10823804603bba066e4f53aa6e8f6f4be68bf0114cf7a0e52183e4e99060200160405180910390a2565b5f612710611d4c670de0b6b3a76400006114a1610c7e565b6114ab9086611968565b6114b5919061197f565b610ebc9190611968565b60015460ff16156114e35760405163d93c066560e01b815260040160405180910390fd5b565b6114ed6116fa565b60025f51602061199f5f395f51905f5255565b61150d8383836001611729565b610a4657604051635274afe760e01b81526001600160a01b0384166004820152602401610863565b610958813361178b565b5f61154a838361100c565b6115c7575f838152602081815260408083206001600160a01b03861684529091529020805460ff1916600117905561157f3390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a4506001610783565b505f610783565b5f6115d9838361100c565b156115c7575f838152602081815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a4506001610783565b6116458484848460016117c8565b610a0d57604051635274afe760e01b81526001600160a01b0385166004820152602401610863565b611675611835565b6001805460ff191690557f5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa335b6040516001600160a01b03909116815260200160405180910390a1565b6116c76114bf565b6001805460ff1916811790557f62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258336116a2565b5f51602061199f5f395f51905f52546002036114e357604051633ee5aeb560e01b815260040160405180910390fd5b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f5114831661177f578383151615611773573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b611795828261100c565b6117c45760405163e2517d3f60e01b81526001600160a01b038216600482015260248101839052604401610863565b5050565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316611824578383151615611818573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b60015460ff166114e357604051638dfc202b60e01b815260040160405180910390fd5b5f60208284031215611868575f5ffd5b81356001600160e01b0319811681146107f5575f5ffd5b80356001600160a01b0381168114610b65575f5ffd5b5f602082840312156118a5575f5ffd5b6107f58261187f565b5f602082840312156118be575f5ffd5b5035919050565b5f5f604083850312156118d6575f5ffd5b823591506118e66020840161187f565b90509250929050565b5f5f60408385031215611900575f5ffd5b6119098361187f565b91506118e66020840161187f565b634e487b7160e01b5f52601160045260245ffd5b8181038181111561078357610783611917565b5f6020828403121561194e575f5ffd5b5051919050565b8082018082111561078357610783611917565b808202811582820484141761078357610783611917565b5f8261199957634e487b7160e01b5f52601260045260245ffd5b50049056fe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00",
}

// LendingPool is an auto generated Go binding around an Ethereum contract.
type LendingPool struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *LendingPool) GetABI() abi.ABI {
	return c.abi
}

// NewLendingPool creates a new instance of LendingPool.
func NewLendingPool() *LendingPool {
	parsed, err := LendingPoolMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &LendingPool{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *LendingPool) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address admin, address stable_, address collateral_, address priceSource_) returns()
func (lendingPool *LendingPool) PackConstructor(admin common.Address, stable_ common.Address, collateral_ common.Address, priceSource_ common.Address) []byte {
	enc, err := lendingPool.abi.Pack("", admin, stable_, collateral_, priceSource_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (lendingPool *LendingPool) PackDEFAULTADMINROLE() []byte {
	enc, err := lendingPool.abi.Pack("DEFAULT_ADMIN_ROLE")
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
func (lendingPool *LendingPool) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return lendingPool.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (lendingPool *LendingPool) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := lendingPool.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLTVBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfae3706f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function LTV_BPS() view returns(uint256)
func (lendingPool *LendingPool) PackLTVBPS() []byte {
	enc, err := lendingPool.abi.Pack("LTV_BPS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLTVBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfae3706f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function LTV_BPS() view returns(uint256)
func (lendingPool *LendingPool) TryPackLTVBPS() ([]byte, error) {
	return lendingPool.abi.Pack("LTV_BPS")
}

// UnpackLTVBPS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfae3706f.
//
// Solidity: function LTV_BPS() view returns(uint256)
func (lendingPool *LendingPool) UnpackLTVBPS(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("LTV_BPS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackPAUSERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe63ab1e9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function PAUSER_ROLE() view returns(bytes32)
func (lendingPool *LendingPool) PackPAUSERROLE() []byte {
	enc, err := lendingPool.abi.Pack("PAUSER_ROLE")
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
func (lendingPool *LendingPool) TryPackPAUSERROLE() ([]byte, error) {
	return lendingPool.abi.Pack("PAUSER_ROLE")
}

// UnpackPAUSERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe63ab1e9.
//
// Solidity: function PAUSER_ROLE() view returns(bytes32)
func (lendingPool *LendingPool) UnpackPAUSERROLE(data []byte) ([32]byte, error) {
	out, err := lendingPool.abi.Unpack("PAUSER_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAvailableToBorrow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2c38199e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function availableToBorrow(address user) view returns(uint256)
func (lendingPool *LendingPool) PackAvailableToBorrow(user common.Address) []byte {
	enc, err := lendingPool.abi.Pack("availableToBorrow", user)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAvailableToBorrow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2c38199e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function availableToBorrow(address user) view returns(uint256)
func (lendingPool *LendingPool) TryPackAvailableToBorrow(user common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("availableToBorrow", user)
}

// UnpackAvailableToBorrow is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2c38199e.
//
// Solidity: function availableToBorrow(address user) view returns(uint256)
func (lendingPool *LendingPool) UnpackAvailableToBorrow(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("availableToBorrow", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBorrow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc5ebeaec.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function borrow(uint256 amount) returns()
func (lendingPool *LendingPool) PackBorrow(amount *big.Int) []byte {
	enc, err := lendingPool.abi.Pack("borrow", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBorrow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc5ebeaec.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function borrow(uint256 amount) returns()
func (lendingPool *LendingPool) TryPackBorrow(amount *big.Int) ([]byte, error) {
	return lendingPool.abi.Pack("borrow", amount)
}

// PackCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd8dfeb45.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function collateral() view returns(address)
func (lendingPool *LendingPool) PackCollateral() []byte {
	enc, err := lendingPool.abi.Pack("collateral")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd8dfeb45.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function collateral() view returns(address)
func (lendingPool *LendingPool) TryPackCollateral() ([]byte, error) {
	return lendingPool.abi.Pack("collateral")
}

// UnpackCollateral is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd8dfeb45.
//
// Solidity: function collateral() view returns(address)
func (lendingPool *LendingPool) UnpackCollateral(data []byte) (common.Address, error) {
	out, err := lendingPool.abi.Unpack("collateral", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackCollateralHeld is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eff30dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function collateralHeld() view returns(uint256)
func (lendingPool *LendingPool) PackCollateralHeld() []byte {
	enc, err := lendingPool.abi.Pack("collateralHeld")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCollateralHeld is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2eff30dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function collateralHeld() view returns(uint256)
func (lendingPool *LendingPool) TryPackCollateralHeld() ([]byte, error) {
	return lendingPool.abi.Pack("collateralHeld")
}

// UnpackCollateralHeld is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2eff30dd.
//
// Solidity: function collateralHeld() view returns(uint256)
func (lendingPool *LendingPool) UnpackCollateralHeld(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("collateralHeld", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCollateralOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1aefb107.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function collateralOf(address ) view returns(uint256)
func (lendingPool *LendingPool) PackCollateralOf(arg0 common.Address) []byte {
	enc, err := lendingPool.abi.Pack("collateralOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCollateralOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1aefb107.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function collateralOf(address ) view returns(uint256)
func (lendingPool *LendingPool) TryPackCollateralOf(arg0 common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("collateralOf", arg0)
}

// UnpackCollateralOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1aefb107.
//
// Solidity: function collateralOf(address ) view returns(uint256)
func (lendingPool *LendingPool) UnpackCollateralOf(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("collateralOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCollateralPrice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5891de72.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function collateralPrice() view returns(uint256)
func (lendingPool *LendingPool) PackCollateralPrice() []byte {
	enc, err := lendingPool.abi.Pack("collateralPrice")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCollateralPrice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5891de72.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function collateralPrice() view returns(uint256)
func (lendingPool *LendingPool) TryPackCollateralPrice() ([]byte, error) {
	return lendingPool.abi.Pack("collateralPrice")
}

// UnpackCollateralPrice is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5891de72.
//
// Solidity: function collateralPrice() view returns(uint256)
func (lendingPool *LendingPool) UnpackCollateralPrice(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("collateralPrice", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCollateralValue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7544aa44.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function collateralValue(address user) view returns(uint256)
func (lendingPool *LendingPool) PackCollateralValue(user common.Address) []byte {
	enc, err := lendingPool.abi.Pack("collateralValue", user)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCollateralValue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7544aa44.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function collateralValue(address user) view returns(uint256)
func (lendingPool *LendingPool) TryPackCollateralValue(user common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("collateralValue", user)
}

// UnpackCollateralValue is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7544aa44.
//
// Solidity: function collateralValue(address user) view returns(uint256)
func (lendingPool *LendingPool) UnpackCollateralValue(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("collateralValue", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDebtOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd283e75f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function debtOf(address ) view returns(uint256)
func (lendingPool *LendingPool) PackDebtOf(arg0 common.Address) []byte {
	enc, err := lendingPool.abi.Pack("debtOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDebtOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd283e75f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function debtOf(address ) view returns(uint256)
func (lendingPool *LendingPool) TryPackDebtOf(arg0 common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("debtOf", arg0)
}

// UnpackDebtOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd283e75f.
//
// Solidity: function debtOf(address ) view returns(uint256)
func (lendingPool *LendingPool) UnpackDebtOf(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("debtOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6b55f25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(uint256 amount) returns()
func (lendingPool *LendingPool) PackDeposit(amount *big.Int) []byte {
	enc, err := lendingPool.abi.Pack("deposit", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6b55f25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(uint256 amount) returns()
func (lendingPool *LendingPool) TryPackDeposit(amount *big.Int) ([]byte, error) {
	return lendingPool.abi.Pack("deposit", amount)
}

// PackDepositCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbad4a01f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositCollateral(uint256 amount) returns()
func (lendingPool *LendingPool) PackDepositCollateral(amount *big.Int) []byte {
	enc, err := lendingPool.abi.Pack("depositCollateral", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbad4a01f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositCollateral(uint256 amount) returns()
func (lendingPool *LendingPool) TryPackDepositCollateral(amount *big.Int) ([]byte, error) {
	return lendingPool.abi.Pack("depositCollateral", amount)
}

// PackDepositETH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf6326fb3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositETH() payable returns()
func (lendingPool *LendingPool) PackDepositETH() []byte {
	enc, err := lendingPool.abi.Pack("depositETH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositETH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf6326fb3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositETH() payable returns()
func (lendingPool *LendingPool) TryPackDepositETH() ([]byte, error) {
	return lendingPool.abi.Pack("depositETH")
}

// PackDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc7e286d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposits(address ) view returns(uint256)
func (lendingPool *LendingPool) PackDeposits(arg0 common.Address) []byte {
	enc, err := lendingPool.abi.Pack("deposits", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc7e286d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposits(address ) view returns(uint256)
func (lendingPool *LendingPool) TryPackDeposits(arg0 common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("deposits", arg0)
}

// UnpackDeposits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc7e286d.
//
// Solidity: function deposits(address ) view returns(uint256)
func (lendingPool *LendingPool) UnpackDeposits(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("deposits", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackEthDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb9d1ed4a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ethDeposits(address ) view returns(uint256)
func (lendingPool *LendingPool) PackEthDeposits(arg0 common.Address) []byte {
	enc, err := lendingPool.abi.Pack("ethDeposits", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEthDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb9d1ed4a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ethDeposits(address ) view returns(uint256)
func (lendingPool *LendingPool) TryPackEthDeposits(arg0 common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("ethDeposits", arg0)
}

// UnpackEthDeposits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb9d1ed4a.
//
// Solidity: function ethDeposits(address ) view returns(uint256)
func (lendingPool *LendingPool) UnpackEthDeposits(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("ethDeposits", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackEthHeld is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42ce5011.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ethHeld() view returns(uint256)
func (lendingPool *LendingPool) PackEthHeld() []byte {
	enc, err := lendingPool.abi.Pack("ethHeld")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEthHeld is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42ce5011.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ethHeld() view returns(uint256)
func (lendingPool *LendingPool) TryPackEthHeld() ([]byte, error) {
	return lendingPool.abi.Pack("ethHeld")
}

// UnpackEthHeld is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42ce5011.
//
// Solidity: function ethHeld() view returns(uint256)
func (lendingPool *LendingPool) UnpackEthHeld(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("ethHeld", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (lendingPool *LendingPool) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := lendingPool.abi.Pack("getRoleAdmin", role)
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
func (lendingPool *LendingPool) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return lendingPool.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (lendingPool *LendingPool) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := lendingPool.abi.Unpack("getRoleAdmin", data)
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
func (lendingPool *LendingPool) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := lendingPool.abi.Pack("grantRole", role, account)
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
func (lendingPool *LendingPool) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (lendingPool *LendingPool) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := lendingPool.abi.Pack("hasRole", role, account)
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
func (lendingPool *LendingPool) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (lendingPool *LendingPool) UnpackHasRole(data []byte) (bool, error) {
	out, err := lendingPool.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackIsSolvent is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5ce23950.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isSolvent() view returns(bool)
func (lendingPool *LendingPool) PackIsSolvent() []byte {
	enc, err := lendingPool.abi.Pack("isSolvent")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsSolvent is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5ce23950.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isSolvent() view returns(bool)
func (lendingPool *LendingPool) TryPackIsSolvent() ([]byte, error) {
	return lendingPool.abi.Pack("isSolvent")
}

// UnpackIsSolvent is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5ce23950.
//
// Solidity: function isSolvent() view returns(bool)
func (lendingPool *LendingPool) UnpackIsSolvent(data []byte) (bool, error) {
	out, err := lendingPool.abi.Unpack("isSolvent", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMigrateReserves is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x56bb3df1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function migrateReserves(address token, address to) returns()
func (lendingPool *LendingPool) PackMigrateReserves(token common.Address, to common.Address) []byte {
	enc, err := lendingPool.abi.Pack("migrateReserves", token, to)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMigrateReserves is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x56bb3df1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function migrateReserves(address token, address to) returns()
func (lendingPool *LendingPool) TryPackMigrateReserves(token common.Address, to common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("migrateReserves", token, to)
}

// PackPause is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8456cb59.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pause() returns()
func (lendingPool *LendingPool) PackPause() []byte {
	enc, err := lendingPool.abi.Pack("pause")
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
func (lendingPool *LendingPool) TryPackPause() ([]byte, error) {
	return lendingPool.abi.Pack("pause")
}

// PackPaused is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c975abb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function paused() view returns(bool)
func (lendingPool *LendingPool) PackPaused() []byte {
	enc, err := lendingPool.abi.Pack("paused")
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
func (lendingPool *LendingPool) TryPackPaused() ([]byte, error) {
	return lendingPool.abi.Pack("paused")
}

// UnpackPaused is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c975abb.
//
// Solidity: function paused() view returns(bool)
func (lendingPool *LendingPool) UnpackPaused(data []byte) (bool, error) {
	out, err := lendingPool.abi.Unpack("paused", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackPriceSource is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x20531bc9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function priceSource() view returns(address)
func (lendingPool *LendingPool) PackPriceSource() []byte {
	enc, err := lendingPool.abi.Pack("priceSource")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPriceSource is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x20531bc9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function priceSource() view returns(address)
func (lendingPool *LendingPool) TryPackPriceSource() ([]byte, error) {
	return lendingPool.abi.Pack("priceSource")
}

// UnpackPriceSource is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x20531bc9.
//
// Solidity: function priceSource() view returns(address)
func (lendingPool *LendingPool) UnpackPriceSource(data []byte) (common.Address, error) {
	out, err := lendingPool.abi.Unpack("priceSource", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (lendingPool *LendingPool) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := lendingPool.abi.Pack("renounceRole", role, callerConfirmation)
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
func (lendingPool *LendingPool) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRepay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x371fd8e6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function repay(uint256 amount) returns(uint256 repaid)
func (lendingPool *LendingPool) PackRepay(amount *big.Int) []byte {
	enc, err := lendingPool.abi.Pack("repay", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRepay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x371fd8e6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function repay(uint256 amount) returns(uint256 repaid)
func (lendingPool *LendingPool) TryPackRepay(amount *big.Int) ([]byte, error) {
	return lendingPool.abi.Pack("repay", amount)
}

// UnpackRepay is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x371fd8e6.
//
// Solidity: function repay(uint256 amount) returns(uint256 repaid)
func (lendingPool *LendingPool) UnpackRepay(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("repay", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (lendingPool *LendingPool) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := lendingPool.abi.Pack("revokeRole", role, account)
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
func (lendingPool *LendingPool) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return lendingPool.abi.Pack("revokeRole", role, account)
}

// PackStable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x22be3de1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stable() view returns(address)
func (lendingPool *LendingPool) PackStable() []byte {
	enc, err := lendingPool.abi.Pack("stable")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x22be3de1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stable() view returns(address)
func (lendingPool *LendingPool) TryPackStable() ([]byte, error) {
	return lendingPool.abi.Pack("stable")
}

// UnpackStable is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x22be3de1.
//
// Solidity: function stable() view returns(address)
func (lendingPool *LendingPool) UnpackStable(data []byte) (common.Address, error) {
	out, err := lendingPool.abi.Unpack("stable", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackStableCash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9c8996e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stableCash() view returns(uint256)
func (lendingPool *LendingPool) PackStableCash() []byte {
	enc, err := lendingPool.abi.Pack("stableCash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStableCash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9c8996e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stableCash() view returns(uint256)
func (lendingPool *LendingPool) TryPackStableCash() ([]byte, error) {
	return lendingPool.abi.Pack("stableCash")
}

// UnpackStableCash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd9c8996e.
//
// Solidity: function stableCash() view returns(uint256)
func (lendingPool *LendingPool) UnpackStableCash(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("stableCash", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (lendingPool *LendingPool) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := lendingPool.abi.Pack("supportsInterface", interfaceId)
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
func (lendingPool *LendingPool) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return lendingPool.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (lendingPool *LendingPool) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := lendingPool.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTotalAssets is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01e1d114.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalAssets() view returns(uint256 eth, uint256 stableAmount, uint256 collateralAmount)
func (lendingPool *LendingPool) PackTotalAssets() []byte {
	enc, err := lendingPool.abi.Pack("totalAssets")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalAssets is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01e1d114.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalAssets() view returns(uint256 eth, uint256 stableAmount, uint256 collateralAmount)
func (lendingPool *LendingPool) TryPackTotalAssets() ([]byte, error) {
	return lendingPool.abi.Pack("totalAssets")
}

// TotalAssetsOutput serves as a container for the return parameters of contract
// method TotalAssets.
type TotalAssetsOutput struct {
	Eth              *big.Int
	StableAmount     *big.Int
	CollateralAmount *big.Int
}

// UnpackTotalAssets is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01e1d114.
//
// Solidity: function totalAssets() view returns(uint256 eth, uint256 stableAmount, uint256 collateralAmount)
func (lendingPool *LendingPool) UnpackTotalAssets(data []byte) (TotalAssetsOutput, error) {
	out, err := lendingPool.abi.Unpack("totalAssets", data)
	outstruct := new(TotalAssetsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Eth = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.StableAmount = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.CollateralAmount = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackTotalBorrows is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47bd3718.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalBorrows() view returns(uint256)
func (lendingPool *LendingPool) PackTotalBorrows() []byte {
	enc, err := lendingPool.abi.Pack("totalBorrows")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalBorrows is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47bd3718.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalBorrows() view returns(uint256)
func (lendingPool *LendingPool) TryPackTotalBorrows() ([]byte, error) {
	return lendingPool.abi.Pack("totalBorrows")
}

// UnpackTotalBorrows is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x47bd3718.
//
// Solidity: function totalBorrows() view returns(uint256)
func (lendingPool *LendingPool) UnpackTotalBorrows(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("totalBorrows", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTotalCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4ac8eb5f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalCollateral() view returns(uint256)
func (lendingPool *LendingPool) PackTotalCollateral() []byte {
	enc, err := lendingPool.abi.Pack("totalCollateral")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4ac8eb5f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalCollateral() view returns(uint256)
func (lendingPool *LendingPool) TryPackTotalCollateral() ([]byte, error) {
	return lendingPool.abi.Pack("totalCollateral")
}

// UnpackTotalCollateral is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4ac8eb5f.
//
// Solidity: function totalCollateral() view returns(uint256)
func (lendingPool *LendingPool) UnpackTotalCollateral(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("totalCollateral", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTotalDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d882097.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalDeposits() view returns(uint256)
func (lendingPool *LendingPool) PackTotalDeposits() []byte {
	enc, err := lendingPool.abi.Pack("totalDeposits")
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
func (lendingPool *LendingPool) TryPackTotalDeposits() ([]byte, error) {
	return lendingPool.abi.Pack("totalDeposits")
}

// UnpackTotalDeposits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7d882097.
//
// Solidity: function totalDeposits() view returns(uint256)
func (lendingPool *LendingPool) UnpackTotalDeposits(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("totalDeposits", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTotalEthDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf1e6d761.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalEthDeposits() view returns(uint256)
func (lendingPool *LendingPool) PackTotalEthDeposits() []byte {
	enc, err := lendingPool.abi.Pack("totalEthDeposits")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalEthDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf1e6d761.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalEthDeposits() view returns(uint256)
func (lendingPool *LendingPool) TryPackTotalEthDeposits() ([]byte, error) {
	return lendingPool.abi.Pack("totalEthDeposits")
}

// UnpackTotalEthDeposits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf1e6d761.
//
// Solidity: function totalEthDeposits() view returns(uint256)
func (lendingPool *LendingPool) UnpackTotalEthDeposits(data []byte) (*big.Int, error) {
	out, err := lendingPool.abi.Unpack("totalEthDeposits", data)
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
func (lendingPool *LendingPool) PackUnpause() []byte {
	enc, err := lendingPool.abi.Pack("unpause")
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
func (lendingPool *LendingPool) TryPackUnpause() ([]byte, error) {
	return lendingPool.abi.Pack("unpause")
}

// PackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e1a7d4d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdraw(uint256 amount) returns()
func (lendingPool *LendingPool) PackWithdraw(amount *big.Int) []byte {
	enc, err := lendingPool.abi.Pack("withdraw", amount)
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
func (lendingPool *LendingPool) TryPackWithdraw(amount *big.Int) ([]byte, error) {
	return lendingPool.abi.Pack("withdraw", amount)
}

// PackWithdrawAllETH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x90386bbf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawAllETH() returns()
func (lendingPool *LendingPool) PackWithdrawAllETH() []byte {
	enc, err := lendingPool.abi.Pack("withdrawAllETH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawAllETH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x90386bbf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawAllETH() returns()
func (lendingPool *LendingPool) TryPackWithdrawAllETH() ([]byte, error) {
	return lendingPool.abi.Pack("withdrawAllETH")
}

// PackWithdrawCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6112fe2e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawCollateral(uint256 amount) returns()
func (lendingPool *LendingPool) PackWithdrawCollateral(amount *big.Int) []byte {
	enc, err := lendingPool.abi.Pack("withdrawCollateral", amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6112fe2e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawCollateral(uint256 amount) returns()
func (lendingPool *LendingPool) TryPackWithdrawCollateral(amount *big.Int) ([]byte, error) {
	return lendingPool.abi.Pack("withdrawCollateral", amount)
}

// LendingPoolBorrow represents a Borrow event raised by the LendingPool contract.
type LendingPoolBorrow struct {
	User            common.Address
	Amount          *big.Int
	CollateralValue *big.Int
	Raw             *types.Log // Blockchain specific contextual infos
}

const LendingPoolBorrowEventName = "Borrow"

// ContractEventName returns the user-defined event name.
func (LendingPoolBorrow) ContractEventName() string {
	return LendingPoolBorrowEventName
}

// UnpackBorrowEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Borrow(address indexed user, uint256 amount, uint256 collateralValue)
func (lendingPool *LendingPool) UnpackBorrowEvent(log *types.Log) (*LendingPoolBorrow, error) {
	event := "Borrow"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolBorrow)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolDeposit represents a Deposit event raised by the LendingPool contract.
type LendingPoolDeposit struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const LendingPoolDepositEventName = "Deposit"

// ContractEventName returns the user-defined event name.
func (LendingPoolDeposit) ContractEventName() string {
	return LendingPoolDepositEventName
}

// UnpackDepositEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Deposit(address indexed user, uint256 amount)
func (lendingPool *LendingPool) UnpackDepositEvent(log *types.Log) (*LendingPoolDeposit, error) {
	event := "Deposit"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolDeposit)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolDepositCollateral represents a DepositCollateral event raised by the LendingPool contract.
type LendingPoolDepositCollateral struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const LendingPoolDepositCollateralEventName = "DepositCollateral"

// ContractEventName returns the user-defined event name.
func (LendingPoolDepositCollateral) ContractEventName() string {
	return LendingPoolDepositCollateralEventName
}

// UnpackDepositCollateralEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DepositCollateral(address indexed user, uint256 amount)
func (lendingPool *LendingPool) UnpackDepositCollateralEvent(log *types.Log) (*LendingPoolDepositCollateral, error) {
	event := "DepositCollateral"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolDepositCollateral)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolDepositETH represents a DepositETH event raised by the LendingPool contract.
type LendingPoolDepositETH struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const LendingPoolDepositETHEventName = "DepositETH"

// ContractEventName returns the user-defined event name.
func (LendingPoolDepositETH) ContractEventName() string {
	return LendingPoolDepositETHEventName
}

// UnpackDepositETHEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DepositETH(address indexed user, uint256 amount)
func (lendingPool *LendingPool) UnpackDepositETHEvent(log *types.Log) (*LendingPoolDepositETH, error) {
	event := "DepositETH"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolDepositETH)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolPaused represents a Paused event raised by the LendingPool contract.
type LendingPoolPaused struct {
	Account common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const LendingPoolPausedEventName = "Paused"

// ContractEventName returns the user-defined event name.
func (LendingPoolPaused) ContractEventName() string {
	return LendingPoolPausedEventName
}

// UnpackPausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Paused(address account)
func (lendingPool *LendingPool) UnpackPausedEvent(log *types.Log) (*LendingPoolPaused, error) {
	event := "Paused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolPaused)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolRepay represents a Repay event raised by the LendingPool contract.
type LendingPoolRepay struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const LendingPoolRepayEventName = "Repay"

// ContractEventName returns the user-defined event name.
func (LendingPoolRepay) ContractEventName() string {
	return LendingPoolRepayEventName
}

// UnpackRepayEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Repay(address indexed user, uint256 amount)
func (lendingPool *LendingPool) UnpackRepayEvent(log *types.Log) (*LendingPoolRepay, error) {
	event := "Repay"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolRepay)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolReservesMigrated represents a ReservesMigrated event raised by the LendingPool contract.
type LendingPoolReservesMigrated struct {
	Token  common.Address
	To     common.Address
	Amount *big.Int
	Caller common.Address
	Raw    *types.Log // Blockchain specific contextual infos
}

const LendingPoolReservesMigratedEventName = "ReservesMigrated"

// ContractEventName returns the user-defined event name.
func (LendingPoolReservesMigrated) ContractEventName() string {
	return LendingPoolReservesMigratedEventName
}

// UnpackReservesMigratedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ReservesMigrated(address indexed token, address indexed to, uint256 amount, address indexed caller)
func (lendingPool *LendingPool) UnpackReservesMigratedEvent(log *types.Log) (*LendingPoolReservesMigrated, error) {
	event := "ReservesMigrated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolReservesMigrated)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolRoleAdminChanged represents a RoleAdminChanged event raised by the LendingPool contract.
type LendingPoolRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const LendingPoolRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (LendingPoolRoleAdminChanged) ContractEventName() string {
	return LendingPoolRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (lendingPool *LendingPool) UnpackRoleAdminChangedEvent(log *types.Log) (*LendingPoolRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolRoleGranted represents a RoleGranted event raised by the LendingPool contract.
type LendingPoolRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const LendingPoolRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (LendingPoolRoleGranted) ContractEventName() string {
	return LendingPoolRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (lendingPool *LendingPool) UnpackRoleGrantedEvent(log *types.Log) (*LendingPoolRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolRoleGranted)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolRoleRevoked represents a RoleRevoked event raised by the LendingPool contract.
type LendingPoolRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const LendingPoolRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (LendingPoolRoleRevoked) ContractEventName() string {
	return LendingPoolRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (lendingPool *LendingPool) UnpackRoleRevokedEvent(log *types.Log) (*LendingPoolRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolRoleRevoked)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolUnpaused represents a Unpaused event raised by the LendingPool contract.
type LendingPoolUnpaused struct {
	Account common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const LendingPoolUnpausedEventName = "Unpaused"

// ContractEventName returns the user-defined event name.
func (LendingPoolUnpaused) ContractEventName() string {
	return LendingPoolUnpausedEventName
}

// UnpackUnpausedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Unpaused(address account)
func (lendingPool *LendingPool) UnpackUnpausedEvent(log *types.Log) (*LendingPoolUnpaused, error) {
	event := "Unpaused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolUnpaused)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolWithdraw represents a Withdraw event raised by the LendingPool contract.
type LendingPoolWithdraw struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const LendingPoolWithdrawEventName = "Withdraw"

// ContractEventName returns the user-defined event name.
func (LendingPoolWithdraw) ContractEventName() string {
	return LendingPoolWithdrawEventName
}

// UnpackWithdrawEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Withdraw(address indexed user, uint256 amount)
func (lendingPool *LendingPool) UnpackWithdrawEvent(log *types.Log) (*LendingPoolWithdraw, error) {
	event := "Withdraw"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolWithdraw)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolWithdrawCollateral represents a WithdrawCollateral event raised by the LendingPool contract.
type LendingPoolWithdrawCollateral struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const LendingPoolWithdrawCollateralEventName = "WithdrawCollateral"

// ContractEventName returns the user-defined event name.
func (LendingPoolWithdrawCollateral) ContractEventName() string {
	return LendingPoolWithdrawCollateralEventName
}

// UnpackWithdrawCollateralEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event WithdrawCollateral(address indexed user, uint256 amount)
func (lendingPool *LendingPool) UnpackWithdrawCollateralEvent(log *types.Log) (*LendingPoolWithdrawCollateral, error) {
	event := "WithdrawCollateral"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolWithdrawCollateral)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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

// LendingPoolWithdrawETH represents a WithdrawETH event raised by the LendingPool contract.
type LendingPoolWithdrawETH struct {
	User   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const LendingPoolWithdrawETHEventName = "WithdrawETH"

// ContractEventName returns the user-defined event name.
func (LendingPoolWithdrawETH) ContractEventName() string {
	return LendingPoolWithdrawETHEventName
}

// UnpackWithdrawETHEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event WithdrawETH(address indexed user, uint256 amount)
func (lendingPool *LendingPool) UnpackWithdrawETHEvent(log *types.Log) (*LendingPoolWithdrawETH, error) {
	event := "WithdrawETH"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != lendingPool.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(LendingPoolWithdrawETH)
	if len(log.Data) > 0 {
		if err := lendingPool.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range lendingPool.abi.Events[event].Inputs {
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
func (lendingPool *LendingPool) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return lendingPool.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return lendingPool.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["EnforcedPause"].ID.Bytes()[:4]) {
		return lendingPool.UnpackEnforcedPauseError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["EthTransferFailed"].ID.Bytes()[:4]) {
		return lendingPool.UnpackEthTransferFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["ExceedsBorrowLimit"].ID.Bytes()[:4]) {
		return lendingPool.UnpackExceedsBorrowLimitError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["ExpectedPause"].ID.Bytes()[:4]) {
		return lendingPool.UnpackExpectedPauseError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["InsufficientBalance"].ID.Bytes()[:4]) {
		return lendingPool.UnpackInsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["InsufficientLiquidity"].ID.Bytes()[:4]) {
		return lendingPool.UnpackInsufficientLiquidityError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return lendingPool.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return lendingPool.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], lendingPool.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return lendingPool.UnpackZeroAmountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// LendingPoolAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the LendingPool contract.
type LendingPoolAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func LendingPoolAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (lendingPool *LendingPool) UnpackAccessControlBadConfirmationError(raw []byte) (*LendingPoolAccessControlBadConfirmation, error) {
	out := new(LendingPoolAccessControlBadConfirmation)
	if err := lendingPool.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the LendingPool contract.
type LendingPoolAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func LendingPoolAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (lendingPool *LendingPool) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*LendingPoolAccessControlUnauthorizedAccount, error) {
	out := new(LendingPoolAccessControlUnauthorizedAccount)
	if err := lendingPool.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolEnforcedPause represents a EnforcedPause error raised by the LendingPool contract.
type LendingPoolEnforcedPause struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EnforcedPause()
func LendingPoolEnforcedPauseErrorID() common.Hash {
	return common.HexToHash("0xd93c0665d6c96d04a8f174024fc4ddd66c250604aff22bbec808de86dd3637e3")
}

// UnpackEnforcedPauseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EnforcedPause()
func (lendingPool *LendingPool) UnpackEnforcedPauseError(raw []byte) (*LendingPoolEnforcedPause, error) {
	out := new(LendingPoolEnforcedPause)
	if err := lendingPool.abi.UnpackIntoInterface(out, "EnforcedPause", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolEthTransferFailed represents a EthTransferFailed error raised by the LendingPool contract.
type LendingPoolEthTransferFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EthTransferFailed()
func LendingPoolEthTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x6d963f88320eb7ba26bde12e9a148612be34ed8cfb2f4e191e88c4af7a5386fc")
}

// UnpackEthTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EthTransferFailed()
func (lendingPool *LendingPool) UnpackEthTransferFailedError(raw []byte) (*LendingPoolEthTransferFailed, error) {
	out := new(LendingPoolEthTransferFailed)
	if err := lendingPool.abi.UnpackIntoInterface(out, "EthTransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolExceedsBorrowLimit represents a ExceedsBorrowLimit error raised by the LendingPool contract.
type LendingPoolExceedsBorrowLimit struct {
	Limit     *big.Int
	DebtAfter *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ExceedsBorrowLimit(uint256 limit, uint256 debtAfter)
func LendingPoolExceedsBorrowLimitErrorID() common.Hash {
	return common.HexToHash("0x5812dba38fc29f5e34a508593a38d9a5994fb7600e637b86dcaa2c3b0831a484")
}

// UnpackExceedsBorrowLimitError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ExceedsBorrowLimit(uint256 limit, uint256 debtAfter)
func (lendingPool *LendingPool) UnpackExceedsBorrowLimitError(raw []byte) (*LendingPoolExceedsBorrowLimit, error) {
	out := new(LendingPoolExceedsBorrowLimit)
	if err := lendingPool.abi.UnpackIntoInterface(out, "ExceedsBorrowLimit", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolExpectedPause represents a ExpectedPause error raised by the LendingPool contract.
type LendingPoolExpectedPause struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ExpectedPause()
func LendingPoolExpectedPauseErrorID() common.Hash {
	return common.HexToHash("0x8dfc202bcfe9a735b559bee70674422512bc5c30f687046ae8778315fb81da44")
}

// UnpackExpectedPauseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ExpectedPause()
func (lendingPool *LendingPool) UnpackExpectedPauseError(raw []byte) (*LendingPoolExpectedPause, error) {
	out := new(LendingPoolExpectedPause)
	if err := lendingPool.abi.UnpackIntoInterface(out, "ExpectedPause", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolInsufficientBalance represents a InsufficientBalance error raised by the LendingPool contract.
type LendingPoolInsufficientBalance struct {
	Available *big.Int
	Requested *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientBalance(uint256 available, uint256 requested)
func LendingPoolInsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xcf4791818fba6e019216eb4864093b4947f674afada5d305e57d598b641dad1d")
}

// UnpackInsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientBalance(uint256 available, uint256 requested)
func (lendingPool *LendingPool) UnpackInsufficientBalanceError(raw []byte) (*LendingPoolInsufficientBalance, error) {
	out := new(LendingPoolInsufficientBalance)
	if err := lendingPool.abi.UnpackIntoInterface(out, "InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolInsufficientLiquidity represents a InsufficientLiquidity error raised by the LendingPool contract.
type LendingPoolInsufficientLiquidity struct {
	Available *big.Int
	Requested *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientLiquidity(uint256 available, uint256 requested)
func LendingPoolInsufficientLiquidityErrorID() common.Hash {
	return common.HexToHash("0xa17e11d5aed9d2c4240142d28db52e7da7283f43ac33766dd68e8f3dc6613c0d")
}

// UnpackInsufficientLiquidityError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientLiquidity(uint256 available, uint256 requested)
func (lendingPool *LendingPool) UnpackInsufficientLiquidityError(raw []byte) (*LendingPoolInsufficientLiquidity, error) {
	out := new(LendingPoolInsufficientLiquidity)
	if err := lendingPool.abi.UnpackIntoInterface(out, "InsufficientLiquidity", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the LendingPool contract.
type LendingPoolReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func LendingPoolReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (lendingPool *LendingPool) UnpackReentrancyGuardReentrantCallError(raw []byte) (*LendingPoolReentrancyGuardReentrantCall, error) {
	out := new(LendingPoolReentrancyGuardReentrantCall)
	if err := lendingPool.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the LendingPool contract.
type LendingPoolSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func LendingPoolSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (lendingPool *LendingPool) UnpackSafeERC20FailedOperationError(raw []byte) (*LendingPoolSafeERC20FailedOperation, error) {
	out := new(LendingPoolSafeERC20FailedOperation)
	if err := lendingPool.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// LendingPoolZeroAmount represents a ZeroAmount error raised by the LendingPool contract.
type LendingPoolZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func LendingPoolZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (lendingPool *LendingPool) UnpackZeroAmountError(raw []byte) (*LendingPoolZeroAmount, error) {
	out := new(LendingPoolZeroAmount)
	if err := lendingPool.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
