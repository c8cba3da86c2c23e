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
/// source's underlying asset. A yield source that is paused or refuses a deposit (e.g. one that would mint zero
/// shares) never blocks the vault: the asset waits here, idle and counted in {totalValue}, and is invested by the
/// next call the source accepts; a harvest the source refuses releases nothing and reverts nothing.
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
    /// @notice The yield source refused a call (`operation`: its selector); `idle` asset waits here meanwhile.
    event YieldSourceRefused(bytes4 indexed operation, uint256 idle, bytes reason);

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
    /// every idle asset is invested, or waits here when the yield source refuses it.
    /// @dev Reverts when the idle balance cannot back `amount`, so principal is always funded, and when the yield
    /// source's rounding would swallow more than 1 bps of the deposit (a yield source whose share price was pushed
    /// up so far that a donation would mostly vanish). Emits {PrincipalLocked}, and {YieldSourceRefused} when the
    /// deposit was refused.
    function lockPrincipal(uint256 amount) external onlyController {
        uint256 idle = asset.balanceOf(address(this));
        if (idle < amount) revert PrincipalLockNotFunded(idle, amount);
        uint256 principalAfter = principal + amount;
        principal = principalAfter;
        emit PrincipalLocked(amount, principalAfter);
        if (idle == 0) return;
        (bool invested, uint256 shares) = _tryInvest(idle);
        if (!invested) return;
        uint256 credited = yieldSource.previewRedeem(shares);
        if (credited + 1 + idle / 10_000 < idle) revert PrincipalLockDepositLoss(idle, credited);
    }

    /// @notice Sends the value above the principal to `to` and returns it; 0 when there is none or the yield source
    /// refuses to pay out now.
    /// @dev Idle asset is invested first (when the source accepts it); idle asset that stays backs principal first.
    /// Keeps the yield-source shares that redeem for at least the principal not backed by idle asset
    /// (`previewWithdraw` rounds up), so rounding always stays on the principal's side. Emits {SurplusReleased} when
    /// something moved, {YieldSourceRefused} when the source refused a call.
    function releaseSurplus(address to) external onlyController returns (uint256 released) {
        uint256 idle = asset.balanceOf(address(this));
        if (idle > 0) {
            _tryInvest(idle);
            idle = asset.balanceOf(address(this));
        }
        uint256 backing = principal > idle ? principal - idle : 0; // principal the position must back
        uint256 shares = yieldSource.balanceOf(address(this));
        uint256 keep = backing == 0 ? 0 : yieldSource.previewWithdraw(backing);
        if (shares > keep) {
            try yieldSource.redeem(shares - keep, to, address(this)) returns (uint256 redeemed) {
                released = redeemed;
            } catch (bytes memory reason) {
                emit YieldSourceRefused(IERC4626.redeem.selector, idle, reason);
            }
        }
        if (idle > principal) {
            // Idle asset beyond the principal (e.g. a gift the source would not take) is surplus too.
            uint256 extra = idle - principal;
            released += extra;
            asset.safeTransfer(to, extra);
        }
        if (released > 0) emit SurplusReleased(to, released, principal);
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

    /// @dev Deposits `amount` into the yield source; a refusal (paused, zero shares, ...) leaves it idle here.
    function _tryInvest(uint256 amount) private returns (bool invested, uint256 shares) {
        try yieldSource.deposit(amount, address(this)) returns (uint256 minted) {
            return (true, minted);
        } catch (bytes memory reason) {
            emit YieldSourceRefused(IERC4626.deposit.selector, amount, reason);
            return (false, 0);
        }
    }
}
