// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeToken ("dFEE")
/// @notice A fee-on-transfer ERC-20: every transfer between two accounts burns
/// 1% of the amount, so the recipient receives 99% while the Transfer event to
/// the recipient carries the net amount and a second Transfer to address(0)
/// carries the fee. Mints and burns are not charged. Used to check that balance
/// snapshots rebuilt from logs are cross-checked against balanceOf.
contract FeeToken is ERC20 {
    /// @notice The transfer fee in basis points (100 = 1%).
    uint256 public constant FEE_BPS = 100;

    constructor(address holder, uint256 supply) ERC20("Demo Fee Token", "dFEE") {
        _mint(holder, supply);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = (value * FEE_BPS) / 10_000;
        if (fee > 0) {
            super._update(from, address(0), fee);
        }
        super._update(from, to, value - fee);
    }
}
