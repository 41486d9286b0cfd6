// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title SimpleAMM
/// @notice A constant-product (x * y = k) pair of token0 (dCOL) and token1
/// (dUSD) with a 0.3% swap fee, in the spirit of Uniswap v2 but without the LP
/// token: liquidity shares are kept in a mapping.
contract SimpleAMM is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The swap fee in basis points.
    uint256 public constant FEE_BPS = 30;

    IERC20 public immutable token0;
    IERC20 public immutable token1;

    uint256 public reserve0;
    uint256 public reserve1;
    uint256 public totalShares;
    mapping(address => uint256) public shares;

    event AddLiquidity(address indexed provider, uint256 amount0, uint256 amount1, uint256 shares);
    event RemoveLiquidity(address indexed provider, uint256 amount0, uint256 amount1, uint256 shares);
    event Swap(address indexed sender, address indexed tokenIn, uint256 amountIn, uint256 amountOut, address indexed to);
    event Sync(uint256 reserve0, uint256 reserve1);

    error InvalidToken(address token);
    error ZeroAmount();
    error InsufficientOutput(uint256 amountOut, uint256 minAmountOut);
    error InsufficientShares(uint256 available, uint256 requested);

    constructor(IERC20 token0_, IERC20 token1_) {
        token0 = token0_;
        token1 = token1_;
    }

    /// @notice Deposits both tokens and mints liquidity shares. After the
    /// first deposit the amounts should follow the current reserve ratio;
    /// shares are minted for the smaller side.
    function addLiquidity(uint256 amount0, uint256 amount1) external nonReentrant returns (uint256 minted) {
        if (amount0 == 0 || amount1 == 0) revert ZeroAmount();
        token0.safeTransferFrom(msg.sender, address(this), amount0);
        token1.safeTransferFrom(msg.sender, address(this), amount1);
        if (totalShares == 0) {
            minted = Math.sqrt(amount0 * amount1);
        } else {
            minted = Math.min((amount0 * totalShares) / reserve0, (amount1 * totalShares) / reserve1);
        }
        if (minted == 0) revert ZeroAmount();
        shares[msg.sender] += minted;
        totalShares += minted;
        _sync(reserve0 + amount0, reserve1 + amount1);
        emit AddLiquidity(msg.sender, amount0, amount1, minted);
    }

    /// @notice Burns `amount` shares and returns the proportional reserves.
    function removeLiquidity(uint256 amount) external nonReentrant returns (uint256 amount0, uint256 amount1) {
        uint256 held = shares[msg.sender];
        if (amount == 0) revert ZeroAmount();
        if (amount > held) revert InsufficientShares(held, amount);
        amount0 = (amount * reserve0) / totalShares;
        amount1 = (amount * reserve1) / totalShares;
        shares[msg.sender] = held - amount;
        totalShares -= amount;
        _sync(reserve0 - amount0, reserve1 - amount1);
        token0.safeTransfer(msg.sender, amount0);
        token1.safeTransfer(msg.sender, amount1);
        emit RemoveLiquidity(msg.sender, amount0, amount1, amount);
    }

    /// @notice Swaps `amountIn` of `tokenIn` for the other token, sent to `to`.
    function swap(address tokenIn, uint256 amountIn, uint256 minAmountOut, address to)
        external
        nonReentrant
        returns (uint256 amountOut)
    {
        if (amountIn == 0) revert ZeroAmount();
        bool zeroForOne;
        if (tokenIn == address(token0)) {
            zeroForOne = true;
        } else if (tokenIn != address(token1)) {
            revert InvalidToken(tokenIn);
        }
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        amountOut = getAmountOut(amountIn, reserveIn, reserveOut);
        if (amountOut < minAmountOut || amountOut == 0) revert InsufficientOutput(amountOut, minAmountOut);

        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        if (zeroForOne) {
            _sync(reserve0 + amountIn, reserve1 - amountOut);
            token1.safeTransfer(to, amountOut);
        } else {
            _sync(reserve0 - amountOut, reserve1 + amountIn);
            token0.safeTransfer(to, amountOut);
        }
        emit Swap(msg.sender, tokenIn, amountIn, amountOut, to);
    }

    /// @notice The output of a swap of `amountIn` against the given reserves, after the fee.
    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256) {
        uint256 amountInWithFee = amountIn * (10_000 - FEE_BPS);
        return (amountInWithFee * reserveOut) / (reserveIn * 10_000 + amountInWithFee);
    }

    /// @notice Both reserves, token0 (dCOL) first.
    function getReserves() external view returns (uint256, uint256) {
        return (reserve0, reserve1);
    }

    /// @notice The spot price of one token0 in token1, scaled by 1e18
    /// (reserve1 / reserve0). Moves within a single transaction with any swap.
    function spotPrice() external view returns (uint256) {
        if (reserve0 == 0) return 0;
        return (reserve1 * 1e18) / reserve0;
    }

    function _sync(uint256 r0, uint256 r1) private {
        reserve0 = r0;
        reserve1 = r1;
        emit Sync(r0, r1);
    }
}
