// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @notice The price source the pool reads: the SimpleAMM's spot price of one
/// collateral token in stable tokens, scaled by 1e18.
interface ISpotPriceSource {
    function spotPrice() external view returns (uint256);
}

/// @title LendingPool
/// @notice The demo protocol's money market. Lenders supply dUSD, borrowers
/// lock dCOL and borrow dUSD up to 75% of its value, and anyone may park ETH.
/// Every user entry point stops while the pool is paused; PAUSER_ROLE (a
/// guardian key and the protocol's Safe on the devnet) pauses and unpauses.
///
/// THIS CONTRACT IS DELIBERATELY VULNERABLE. It carries three realistic bugs,
/// one per attack scenario of the breakglass demo, each marked `BUG(name)`.
/// Never deploy it anywhere but a throwaway test chain.
contract LendingPool is AccessControl, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice The loan-to-value ratio in basis points.
    uint256 public constant LTV_BPS = 7_500;

    IERC20 public immutable stable;
    IERC20 public immutable collateral;
    ISpotPriceSource public immutable priceSource;

    mapping(address => uint256) public ethDeposits;
    uint256 public totalEthDeposits;
    mapping(address => uint256) public deposits;
    uint256 public totalDeposits;
    mapping(address => uint256) public collateralOf;
    uint256 public totalCollateral;
    mapping(address => uint256) public debtOf;
    uint256 public totalBorrows;

    event DepositETH(address indexed user, uint256 amount);
    event WithdrawETH(address indexed user, uint256 amount);
    event Deposit(address indexed user, uint256 amount);
    event Withdraw(address indexed user, uint256 amount);
    event DepositCollateral(address indexed user, uint256 amount);
    event WithdrawCollateral(address indexed user, uint256 amount);
    event Borrow(address indexed user, uint256 amount, uint256 collateralValue);
    event Repay(address indexed user, uint256 amount);
    event ReservesMigrated(address indexed token, address indexed to, uint256 amount, address indexed caller);

    error ZeroAmount();
    error InsufficientBalance(uint256 available, uint256 requested);
    error InsufficientLiquidity(uint256 available, uint256 requested);
    error ExceedsBorrowLimit(uint256 limit, uint256 debtAfter);
    error EthTransferFailed();

    constructor(address admin, IERC20 stable_, IERC20 collateral_, ISpotPriceSource priceSource_) {
        stable = stable_;
        collateral = collateral_;
        priceSource = priceSource_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Stops every user entry point.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes normal operation.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @notice Moves every token of `token` the pool holds to a new treasury
    /// or pool version during a migration.
    // BUG(access): this is an admin-only migration helper, but the
    // `onlyRole(DEFAULT_ADMIN_ROLE)` modifier was dropped in a refactor, so any
    // account can move all of the pool's dUSD liquidity and dCOL collateral to
    // itself in one call.
    function migrateReserves(address token, address to) external whenNotPaused {
        uint256 amount = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransfer(to, amount);
        emit ReservesMigrated(token, to, amount, msg.sender);
    }

    // ------------------------------------------------------------------ ETH

    /// @notice Parks ETH in the pool.
    function depositETH() external payable whenNotPaused {
        if (msg.value == 0) revert ZeroAmount();
        ethDeposits[msg.sender] += msg.value;
        totalEthDeposits += msg.value;
        emit DepositETH(msg.sender, msg.value);
    }

    /// @notice Withdraws all of the caller's parked ETH.
    function withdrawAllETH() external whenNotPaused {
        uint256 amount = ethDeposits[msg.sender];
        if (amount == 0) revert ZeroAmount();
        // BUG(reentrancy): the ETH is sent before the caller's balance is
        // cleared, and this function lacks the `nonReentrant` guard the token
        // paths have. A contract caller re-enters from its receive() and is
        // paid `amount` again on every re-entry until the pool is empty.
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert EthTransferFailed();
        totalEthDeposits -= ethDeposits[msg.sender];
        ethDeposits[msg.sender] = 0;
        emit WithdrawETH(msg.sender, amount);
    }

    // ------------------------------------------------------------ lenders

    /// @notice Supplies `amount` dUSD of lending liquidity.
    function deposit(uint256 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert ZeroAmount();
        deposits[msg.sender] += amount;
        totalDeposits += amount;
        stable.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposit(msg.sender, amount);
    }

    /// @notice Withdraws `amount` of the caller's supplied dUSD.
    function withdraw(uint256 amount) external whenNotPaused nonReentrant {
        uint256 supplied = deposits[msg.sender];
        if (amount == 0) revert ZeroAmount();
        if (amount > supplied) revert InsufficientBalance(supplied, amount);
        uint256 cash = stableCash();
        if (amount > cash) revert InsufficientLiquidity(cash, amount);
        deposits[msg.sender] = supplied - amount;
        totalDeposits -= amount;
        stable.safeTransfer(msg.sender, amount);
        emit Withdraw(msg.sender, amount);
    }

    // ----------------------------------------------------------- borrowers

    /// @notice Locks `amount` dCOL as collateral.
    function depositCollateral(uint256 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert ZeroAmount();
        collateralOf[msg.sender] += amount;
        totalCollateral += amount;
        collateral.safeTransferFrom(msg.sender, address(this), amount);
        emit DepositCollateral(msg.sender, amount);
    }

    /// @notice Unlocks `amount` dCOL if the remaining debt stays within the limit.
    function withdrawCollateral(uint256 amount) external whenNotPaused nonReentrant {
        uint256 locked = collateralOf[msg.sender];
        if (amount == 0) revert ZeroAmount();
        if (amount > locked) revert InsufficientBalance(locked, amount);
        uint256 limit = _borrowLimit(locked - amount);
        if (debtOf[msg.sender] > limit) revert ExceedsBorrowLimit(limit, debtOf[msg.sender]);
        collateralOf[msg.sender] = locked - amount;
        totalCollateral -= amount;
        collateral.safeTransfer(msg.sender, amount);
        emit WithdrawCollateral(msg.sender, amount);
    }

    /// @notice Borrows `amount` dUSD against the caller's collateral.
    function borrow(uint256 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 value = collateralValue(msg.sender);
        uint256 limit = (value * LTV_BPS) / 10_000;
        uint256 debtAfter = debtOf[msg.sender] + amount;
        if (debtAfter > limit) revert ExceedsBorrowLimit(limit, debtAfter);
        uint256 cash = stableCash();
        if (amount > cash) revert InsufficientLiquidity(cash, amount);
        debtOf[msg.sender] = debtAfter;
        totalBorrows += amount;
        stable.safeTransfer(msg.sender, amount);
        emit Borrow(msg.sender, amount, value);
    }

    /// @notice Repays up to `amount` of the caller's debt; returns what was repaid.
    function repay(uint256 amount) external whenNotPaused nonReentrant returns (uint256 repaid) {
        repaid = amount < debtOf[msg.sender] ? amount : debtOf[msg.sender];
        if (repaid == 0) revert ZeroAmount();
        debtOf[msg.sender] -= repaid;
        totalBorrows -= repaid;
        stable.safeTransferFrom(msg.sender, address(this), repaid);
        emit Repay(msg.sender, repaid);
    }

    // --------------------------------------------------------------- views

    /// @notice The price of one dCOL in dUSD, scaled by 1e18.
    // BUG(oracle): the price is the AMM's instantaneous spot price (its reserve
    // ratio), which anyone can move arbitrarily inside one transaction with a
    // flash loan and a large swap. A TWAP or an external oracle was intended.
    function collateralPrice() public view returns (uint256) {
        return priceSource.spotPrice();
    }

    /// @notice The dUSD value of `user`'s collateral at the current price.
    function collateralValue(address user) public view returns (uint256) {
        return (collateralOf[user] * collateralPrice()) / 1e18;
    }

    /// @notice How much more dUSD `user` may borrow now (ignoring pool liquidity).
    function availableToBorrow(address user) external view returns (uint256) {
        uint256 limit = _borrowLimit(collateralOf[user]);
        return limit > debtOf[user] ? limit - debtOf[user] : 0;
    }

    /// @notice The ETH the pool holds; never below totalEthDeposits in a sound pool.
    function ethHeld() public view returns (uint256) {
        return address(this).balance;
    }

    /// @notice The dUSD the pool holds (lendable liquidity).
    function stableCash() public view returns (uint256) {
        return stable.balanceOf(address(this));
    }

    /// @notice The dCOL the pool holds; never below totalCollateral in a sound pool.
    function collateralHeld() public view returns (uint256) {
        return collateral.balanceOf(address(this));
    }

    /// @notice Everything the pool holds, for invariant checks.
    function totalAssets() external view returns (uint256 eth, uint256 stableAmount, uint256 collateralAmount) {
        return (ethHeld(), stableCash(), collateralHeld());
    }

    /// @notice Whether the pool holds at least what it owes: all parked ETH,
    /// all supplied dUSD (counting outstanding loans), all locked dCOL.
    function isSolvent() external view returns (bool) {
        return ethHeld() >= totalEthDeposits && stableCash() + totalBorrows >= totalDeposits
            && collateralHeld() >= totalCollateral;
    }

    function _borrowLimit(uint256 collateralAmount) private view returns (uint256) {
        return (((collateralAmount * collateralPrice()) / 1e18) * LTV_BPS) / 10_000;
    }
}
