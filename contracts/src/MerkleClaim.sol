// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";

/// @title MerkleClaim
/// @notice Pays out a compensation distribution built as an OpenZeppelin
/// StandardMerkleTree (npm package openzeppelin/merkle-tree, leaf encoding
/// ["address","uint256"]): leaf = keccak256(bytes.concat(keccak256(abi.encode(account, amount)))).
/// The claimed bitmap is keyed by ACCOUNT (bit index uint160(account)), not by
/// the leaf's position in the tree: the leaf does not commit to a position, so
/// a position-keyed bitmap would let one leaf be claimed once per index. Each
/// account may therefore appear at most once in a distribution.
/// Anyone may submit a claim; the tokens always go to `account`.
contract MerkleClaim {
    using SafeERC20 for IERC20;
    using BitMaps for BitMaps.BitMap;

    IERC20 public immutable token;
    bytes32 public immutable merkleRoot;

    BitMaps.BitMap private _claimed;

    event Claimed(address indexed account, uint256 amount);

    error AlreadyClaimed(address account);
    error InvalidProof(address account, uint256 amount);

    constructor(IERC20 token_, bytes32 merkleRoot_) {
        token = token_;
        merkleRoot = merkleRoot_;
    }

    /// @notice Whether `account` has claimed.
    function isClaimed(address account) public view returns (bool) {
        return _claimed.get(uint160(account));
    }

    /// @notice Transfers `amount` to `account` if (account, amount) is a leaf of the tree.
    function claim(address account, uint256 amount, bytes32[] calldata proof) external {
        if (isClaimed(account)) revert AlreadyClaimed(account);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
        if (!MerkleProof.verifyCalldata(proof, merkleRoot, leaf)) revert InvalidProof(account, amount);
        _claimed.set(uint160(account));
        token.safeTransfer(account, amount);
        emit Claimed(account, amount);
    }
}
