// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";

interface IDepositPool {
    function deposit(uint256 amount) external;
    function withdraw(uint256 amount) external;
}

/// @title FlashBorrower
/// @notice A legitimate ERC-3156 borrower (benign traffic): it borrows a
/// large amount, optionally puts it through a pool (deposit, then withdraw
/// the same amount: a liquidity round trip that leaves the pool as it was)
/// and repays the loan with the fee, which its owner pays. Nobody loses
/// anything but the fee.
contract FlashBorrower is IERC3156FlashBorrower {
    using SafeERC20 for IERC20;

    bytes32 private constant CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");

    IERC3156FlashLender public immutable lender;
    address public immutable owner;

    error NotOwner();
    error UntrustedCallback();

    constructor(IERC3156FlashLender lender_) {
        lender = lender_;
        owner = msg.sender;
    }

    /// @notice Borrows amount of token; with pool set, deposits it there and
    /// withdraws it again before repaying.
    function borrow(address token, uint256 amount, address pool) external {
        if (msg.sender != owner) revert NotOwner();
        lender.flashLoan(this, token, amount, abi.encode(pool));
    }

    /// @inheritdoc IERC3156FlashBorrower
    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata data)
        external
        returns (bytes32)
    {
        if (msg.sender != address(lender) || initiator != address(this)) revert UntrustedCallback();
        address pool = abi.decode(data, (address));
        if (pool != address(0)) {
            IERC20(token).forceApprove(pool, amount);
            IDepositPool(pool).deposit(amount);
            IDepositPool(pool).withdraw(amount);
        }
        IERC20(token).safeTransferFrom(owner, address(this), fee);
        IERC20(token).forceApprove(address(lender), amount + fee);
        return CALLBACK_SUCCESS;
    }
}
