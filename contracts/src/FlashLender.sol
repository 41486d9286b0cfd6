// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title FlashLender
/// @notice An ERC-3156 flash lender of any ERC-20 it holds (dUSD and dCOL on
/// the devnet), for a 0.09% fee that stays with the lender.
contract FlashLender is IERC3156FlashLender, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The flash fee in basis points.
    uint256 public constant FEE_BPS = 9;
    bytes32 private constant CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");

    event FlashLoan(address indexed receiver, address indexed initiator, address indexed token, uint256 amount, uint256 fee);

    error UnsupportedAmount(address token, uint256 amount, uint256 available);
    error CallbackFailed();

    /// @inheritdoc IERC3156FlashLender
    function maxFlashLoan(address token) public view returns (uint256) {
        return IERC20(token).balanceOf(address(this));
    }

    /// @inheritdoc IERC3156FlashLender
    function flashFee(address, uint256 amount) public pure returns (uint256) {
        return (amount * FEE_BPS) / 10_000;
    }

    /// @inheritdoc IERC3156FlashLender
    function flashLoan(IERC3156FlashBorrower receiver, address token, uint256 amount, bytes calldata data)
        external
        nonReentrant
        returns (bool)
    {
        uint256 available = maxFlashLoan(token);
        if (amount == 0 || amount > available) revert UnsupportedAmount(token, amount, available);
        uint256 fee = flashFee(token, amount);
        IERC20(token).safeTransfer(address(receiver), amount);
        if (receiver.onFlashLoan(msg.sender, token, amount, fee, data) != CALLBACK_SUCCESS) revert CallbackFailed();
        IERC20(token).safeTransferFrom(address(receiver), address(this), amount + fee);
        emit FlashLoan(address(receiver), msg.sender, token, amount, fee);
        return true;
    }
}
