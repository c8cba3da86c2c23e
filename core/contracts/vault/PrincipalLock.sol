// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title PrincipalLock
/// @notice Custody of a City Vault's endowment. Not upgradeable and without an owner: the only ways out are
/// {releaseSurplus}, which moves value above the recorded principal and nothing else, and nothing at all for the
/// principal. The vault that created it (its controller) may be upgraded; whatever a new implementation does, it
/// can call only these two functions, so no upgrade can move principal: the lock makes that impossible by
/// construction, and the invariant tests check it against every role.
/// @dev The principal is invested in one ERC-4626 yield source fixed at construction. Values are in the yield
/// source's underlying asset.
contract PrincipalLock {
    using SafeERC20 for IERC20;

    /// @notice The vault that created this lock: the only caller of {lockPrincipal} and {releaseSurplus}.
    address public immutable controller;
    /// @notice The endowment's asset (the yield source's underlying).
    IERC20 public immutable asset;
    /// @notice Where the principal earns its yield.
    IERC4626 public immutable yieldSource;

    /// @notice Every amount ever locked. Only ever increases.
    uint256 public principal;

    /// @notice `amount` joined the principal (now `principalAfter`).
    event PrincipalLocked(uint256 amount, uint256 principalAfter);
    /// @notice `amount` of value above the principal went to `to`.
    event SurplusReleased(address indexed to, uint256 amount, uint256 principal);

    error PrincipalLockUnauthorized(address caller);
    error PrincipalLockAssetMismatch(address asset, address yieldSourceAsset);
    error PrincipalLockNotFunded(uint256 idle, uint256 amount);
    error PrincipalLockDepositLoss(uint256 deposited, uint256 credited);

    constructor(IERC20 asset_, IERC4626 yieldSource_) {
        if (yieldSource_.asset() != address(asset_)) revert PrincipalLockAssetMismatch(address(asset_), yieldSource_.asset());
        controller = msg.sender;
        asset = asset_;
        yieldSource = yieldSource_;
        asset_.forceApprove(address(yieldSource_), type(uint256).max);
    }

    modifier onlyController() {
        if (msg.sender != controller) revert PrincipalLockUnauthorized(msg.sender);
        _;
    }

    /// @notice Adds `amount` to the principal. The controller has already moved at least `amount` of the asset here;
    /// every idle asset is invested.
    /// @dev Reverts when the idle balance cannot back `amount`, so principal is always funded, and when the yield
    /// source's rounding would swallow more than 1 bps of the deposit (a yield source whose share price was pushed
    /// up so far that a donation would mostly vanish). Emits {PrincipalLocked}.
    function lockPrincipal(uint256 amount) external onlyController {
        uint256 idle = asset.balanceOf(address(this));
        if (idle < amount) revert PrincipalLockNotFunded(idle, amount);
        uint256 principalAfter = principal + amount;
        principal = principalAfter;
        emit PrincipalLocked(amount, principalAfter);
        if (idle == 0) return;
        uint256 credited = yieldSource.previewRedeem(yieldSource.deposit(idle, address(this)));
        if (credited + 1 + idle / 10_000 < idle) revert PrincipalLockDepositLoss(idle, credited);
    }

    /// @notice Sends the value above the principal to `to` and returns it; 0 when there is none.
    /// @dev Keeps the yield-source shares that redeem for at least the principal (`previewWithdraw` rounds up), so
    /// rounding always stays on the principal's side. Emits {SurplusReleased} when something moved.
    function releaseSurplus(address to) external onlyController returns (uint256 released) {
        uint256 idle = asset.balanceOf(address(this));
        if (idle > 0) yieldSource.deposit(idle, address(this));
        uint256 shares = yieldSource.balanceOf(address(this));
        uint256 keep = yieldSource.previewWithdraw(principal);
        if (shares <= keep) return 0;
        released = yieldSource.redeem(shares - keep, to, address(this));
        emit SurplusReleased(to, released, principal);
    }

    /// @notice What the lock holds, valued in the asset: the yield-source position plus idle asset.
    function totalValue() public view returns (uint256) {
        return yieldSource.previewRedeem(yieldSource.balanceOf(address(this))) + asset.balanceOf(address(this));
    }

    /// @notice Value above the principal (what a harvest would release, up to rounding in the principal's favour).
    function surplus() external view returns (uint256) {
        uint256 value = totalValue();
        return value > principal ? value - principal : 0;
    }
}
