// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title GrossFeeToken (test only)
/// @notice A fee-on-transfer token written the way many real ones are:
/// transfer() takes a 1% fee out of what the recipient gets (and burns it)
/// but emits Transfer with the gross amount and no event for the fee. Balances
/// rebuilt from its Transfer logs overstate every recipient, which is the
/// mismatch a snapshot must report rather than hide.
contract GrossFeeToken {
    event Transfer(address indexed from, address indexed to, uint256 value);

    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    constructor(address holder, uint256 supply) {
        balanceOf[holder] = supply;
        totalSupply = supply;
        emit Transfer(address(0), holder, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        uint256 fee = value / 100;
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value - fee;
        totalSupply -= fee;
        emit Transfer(msg.sender, to, value);
        return true;
    }
}
