// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {ERC1155Holder} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Holder.sol";
import {ShapePool} from "./AttackShapes.sol";

// Shapes of losses that forensics must measure from state rather than from
// events: a token that emits no Transfer event, a vault that sells at
// whatever price a pool gives, a share vault whose first share can be
// inflated, a reward contract a keeper claims from on behalf of accounts,
// and a vault anyone can sweep. Test chains only.

/// @notice SilentToken keeps ERC-20 balances but emits no event at all.
contract SilentToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function symbol() external pure returns (string memory) {
        return "SIL";
    }

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        totalSupply += amount;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        return true;
    }
}

/// @notice ShapeItems is an ERC-1155 anyone may mint (test chains only).
contract ShapeItems is ERC1155 {
    constructor() ERC1155("") {}

    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }
}

/// @notice LooseVault holds tokens and items and lets anyone sweep them
/// (the bug).
contract LooseVault is ERC1155Holder {
    function sweep(IERC20 token, address to) external {
        require(token.transfer(to, token.balanceOf(address(this))), "sweep");
    }

    function sweepItems(IERC1155 items, uint256 id, address to) external {
        items.safeTransferFrom(address(this), to, id, items.balanceOf(address(this), id), "");
    }
}

/// @notice SwapVault sells its tokens on a ShapePool when anyone asks, at
/// whatever price the pool gives (no minimum out: the bug).
contract SwapVault {
    ShapePool public immutable pool;

    constructor(ShapePool pool_) {
        pool = pool_;
    }

    function rebalance(IERC20 tokenIn, uint256 amount) external returns (uint256) {
        require(tokenIn.approve(address(pool), amount), "approve");
        return pool.swap(tokenIn, amount);
    }
}

/// @notice Sandwicher pushes a pool's price of tokenIn down, makes SwapVault
/// sell tokenIn at that price, swaps back and sends the proceeds to its
/// caller.
contract Sandwicher {
    function attack(ShapePool pool, SwapVault vault, IERC20 tokenIn, uint256 push, uint256 amount) external {
        IERC20 tokenOut = tokenIn == pool.token0() ? pool.token1() : pool.token0();
        require(tokenIn.approve(address(pool), type(uint256).max), "approve");
        require(tokenOut.approve(address(pool), type(uint256).max), "approve");
        uint256 got = pool.swap(tokenIn, push);
        vault.rebalance(tokenIn, amount);
        pool.swap(tokenOut, got);
        require(tokenIn.transfer(msg.sender, tokenIn.balanceOf(address(this))), "loot");
        require(tokenOut.transfer(msg.sender, tokenOut.balanceOf(address(this))), "loot");
    }
}

/// @notice ShareVault mints shares against the tokens it holds, rounding
/// down: the first depositor can inflate the share price by donating, so
/// that a later deposit mints no share.
contract ShareVault {
    IERC20 public immutable asset;
    mapping(address => uint256) public sharesOf;
    uint256 public totalShares;

    constructor(IERC20 asset_) {
        asset = asset_;
    }

    function deposit(uint256 assets) external returns (uint256 shares) {
        uint256 total = asset.balanceOf(address(this));
        shares = totalShares == 0 ? assets : assets * totalShares / total;
        require(asset.transferFrom(msg.sender, address(this), assets), "in");
        sharesOf[msg.sender] += shares;
        totalShares += shares;
    }

    function redeem(uint256 shares) external returns (uint256 assets) {
        assets = shares * asset.balanceOf(address(this)) / totalShares;
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        require(asset.transfer(msg.sender, assets), "out");
    }
}

/// @notice KeeperRewards pays what it owes an account to that account; a
/// keeper calls claimFor on the accounts' behalf. Anyone may set what is
/// owed (the bug).
contract KeeperRewards {
    IERC20 public immutable reward;
    mapping(address => uint256) public owed;

    constructor(IERC20 reward_) {
        reward = reward_;
    }

    function setOwed(address account, uint256 amount) external {
        owed[account] = amount;
    }

    function claimFor(address account) external {
        uint256 amount = owed[account];
        owed[account] = 0;
        require(reward.transfer(account, amount), "pay");
    }
}
