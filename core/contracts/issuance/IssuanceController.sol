// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityManaged} from "../access/CityManaged.sol";
import {ICivicCredit} from "../interfaces/ICivicCredit.sol";
import {IIssuanceController} from "../interfaces/IIssuanceController.sol";

/// @title IssuanceController
/// @notice The only minter of the city's credits. Every mint passes two limits: the period cap, which is the
/// redemption capacity registered for the period (sum of capacity x price) times a coverage ratio that governance
/// keeps inside committee-set bounds, and the per-period budget of the module the task belongs to; where the issuance
/// committee set one, also the module's per-issuer budget per period, so no single issuer can spend the whole module
/// budget (e.g. on its own sock-puppets). It also holds the bounds task rates must stay inside.
contract IssuanceController is CityManaged, IIssuanceController {
    struct PeriodIssuance {
        uint128 cap;
        uint120 issued;
        bool capFixed;
    }

    struct Coverage {
        uint16 ratioBps;
        uint16 minBps;
        uint16 maxBps;
    }

    struct RateBounds {
        uint64 min;
        uint64 max;
    }

    /// @custom:storage-location erc7201:citysync.storage.IssuanceController
    struct IssuanceControllerStorage {
        ICivicCredit credit;
        address taskBoard;
        Coverage coverage;
        RateBounds defaultRateBounds;
        mapping(uint32 period => PeriodIssuance) periods;
        mapping(bytes32 moduleId => uint256) budgets;
        mapping(bytes32 moduleId => mapping(uint32 period => uint256)) spent;
        mapping(bytes32 taskType => RateBounds) rateBounds;
        mapping(bytes32 moduleId => uint256) issuerBudgets;
        mapping(bytes32 moduleId => mapping(address issuer => mapping(uint32 period => uint256))) issuerSpent;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.IssuanceController")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x26e6c5ec5e3df9cdb94440abf56dc12179c9a059cb17fd0c85aa58acc3862c00;

    uint256 private constant BPS = 10_000;

    /// @notice The cap of `period` was fixed at `cap` from `capacityValue` x `ratioBps`.
    event PeriodCapFixed(uint32 indexed period, uint256 cap, uint256 capacityValue, uint256 ratioBps);
    /// @notice `amount` credits were issued against `moduleId` in `period`.
    event Issued(bytes32 indexed moduleId, uint32 indexed period, uint256 amount);
    /// @notice The coverage ratio moved to `ratioBps`.
    event CoverageRatioSet(uint256 ratioBps);
    /// @notice The issuance committee set the coverage ratio's bounds.
    event CoverageBoundsSet(uint256 minBps, uint256 maxBps);
    /// @notice `moduleId` may now issue up to `perPeriod` credits per period.
    event ModuleBudgetSet(bytes32 indexed moduleId, uint256 perPeriod);
    /// @notice Each issuer may issue up to `perIssuerPerPeriod` credits of `moduleId` per period (0: no limit of its own).
    event IssuerBudgetSet(bytes32 indexed moduleId, uint256 perIssuerPerPeriod);
    /// @notice `amount` credits of `moduleId` were issued in `period` on tasks of `issuer`, against its issuer budget.
    event IssuerCharged(bytes32 indexed moduleId, address indexed issuer, uint32 indexed period, uint256 amount);
    /// @notice Task rates of `taskType` (0: the default) must stay inside [min, max].
    event RateBoundsSet(bytes32 indexed taskType, uint256 min, uint256 max);
    /// @notice The task board that may request mints was set.
    event TaskBoardSet(address taskBoard);

    error IssuanceControllerCapExceeded(uint32 period, uint256 cap, uint256 issued, uint256 requested);
    error IssuanceControllerBudgetExceeded(
        bytes32 moduleId, uint32 period, uint256 budget, uint256 spent, uint256 requested
    );
    error IssuanceControllerIssuerBudgetExceeded(
        bytes32 moduleId, address issuer, uint32 period, uint256 budget, uint256 spent, uint256 requested
    );
    error IssuanceControllerUnauthorizedIssuer(address caller);
    error IssuanceControllerCoverageOutOfBounds(uint256 ratioBps, uint256 minBps, uint256 maxBps);
    error IssuanceControllerInvalidBounds(uint256 min, uint256 max);
    error IssuanceControllerRateOutOfBounds(bytes32 taskType, uint256 rate, uint256 min, uint256 max);
    error IssuanceControllerLengthMismatch();
    error IssuanceControllerTotalsMismatch(uint256 budgeted, uint256 minted);

    /// @notice Initializes the controller.
    /// @param authority the city's AccessManager
    /// @param credit_ the credit ledger it mints on
    /// @param ratioBps initial coverage ratio in basis points (10000 = issue up to 100% of redemption capacity)
    /// @param minBps lowest coverage ratio governance may set
    /// @param maxBps highest coverage ratio governance may set
    /// @param minRate default lowest task rate
    /// @param maxRate default highest task rate
    function initialize(
        address authority,
        address credit_,
        uint256 ratioBps,
        uint256 minBps,
        uint256 maxBps,
        uint256 minRate,
        uint256 maxRate
    ) external initializer {
        __CityManaged_init(authority);
        IssuanceControllerStorage storage $ = _getStorage();
        $.credit = ICivicCredit(credit_);
        _setCoverageBounds($, minBps, maxBps);
        _setCoverageRatio($, ratioBps);
        _setRateBounds($, bytes32(0), minRate, maxRate);
    }

    // ---------------------------------------------------------------- issuing

    /// @inheritdoc IIssuanceController
    /// @dev Reverts with {IssuanceControllerCapExceeded}, {IssuanceControllerBudgetExceeded} or
    /// {IssuanceControllerIssuerBudgetExceeded}. Emits {Issued}, and {IssuerCharged} under an issuer budget.
    function issue(bytes32 moduleId, address issuer, address to, uint256 amount) external {
        IssuanceControllerStorage storage $ = _getStorage();
        if (msg.sender != $.taskBoard) revert IssuanceControllerUnauthorizedIssuer(msg.sender);
        uint32 period = _chargeCap($, amount);
        _chargeBudget($, moduleId, period, amount);
        _chargeIssuer($, moduleId, issuer, period, amount);
        $.credit.mint(to, amount);
    }

    /// @inheritdoc IIssuanceController
    function issueBatch(
        address issuer,
        bytes32[] calldata moduleIds,
        uint256[] calldata moduleTotals,
        address[] calldata to,
        uint256[] calldata amounts
    ) external {
        IssuanceControllerStorage storage $ = _getStorage();
        if (msg.sender != $.taskBoard) revert IssuanceControllerUnauthorizedIssuer(msg.sender);
        if (moduleIds.length != moduleTotals.length) revert IssuanceControllerLengthMismatch();
        // The cap is charged on what is actually minted; the module totals must account for all of it.
        uint256 total;
        for (uint256 i; i < amounts.length; ++i) {
            total += amounts[i];
        }
        uint256 budgeted = _chargeModules($, issuer, moduleIds, moduleTotals, _chargeCap($, total));
        if (budgeted != total) revert IssuanceControllerTotalsMismatch(budgeted, total);
        $.credit.mintBatch(to, amounts);
    }

    /// @notice Recomputes the current period's cap from the redemption capacity registered now, never below what
    /// the period already issued. Restricted to the issuance committee: were it open, a redeemer could open a large
    /// offer, refresh, and close the offer again, leaving an inflated cap behind. Emits {PeriodCapFixed}.
    function refreshCap() external restricted returns (uint256 cap) {
        IssuanceControllerStorage storage $ = _getStorage();
        (uint32 period, uint64 start, uint64 end) = $.credit.currentPeriodBounds();
        return _fixCap($, $.periods[period], period, start, end);
    }

    // ---------------------------------------------------------------- governance

    /// @notice Moves the coverage ratio inside its bounds. Restricted to the coverage-setter role (the issuance
    /// committee and the residents' Governor). Applies to periods whose cap is not yet fixed.
    /// @dev Emits {CoverageRatioSet}.
    function setCoverageRatio(uint256 ratioBps) external restricted {
        _setCoverageRatio(_getStorage(), ratioBps);
    }

    /// @notice Sets the bounds of the coverage ratio. Restricted to the issuance committee.
    /// @dev The current ratio must already lie inside the new bounds. Emits {CoverageBoundsSet}.
    function setCoverageBounds(uint256 minBps, uint256 maxBps) external restricted {
        IssuanceControllerStorage storage $ = _getStorage();
        _setCoverageBounds($, minBps, maxBps);
        uint256 ratio = $.coverage.ratioBps;
        if (ratio < minBps || ratio > maxBps) revert IssuanceControllerCoverageOutOfBounds(ratio, minBps, maxBps);
    }

    /// @notice Sets `moduleId`'s budget per period (0 stops its issuance). Restricted to the issuance committee.
    /// @dev Emits {ModuleBudgetSet}.
    function setModuleBudget(bytes32 moduleId, uint256 perPeriod) external restricted {
        _getStorage().budgets[moduleId] = perPeriod;
        emit ModuleBudgetSet(moduleId, perPeriod);
    }

    /// @notice Sets how many credits of `moduleId` each issuer's tasks may issue per period (0: no limit beyond the
    /// module's budget). Restricted to the issuance committee, which sets it from the module's parameters
    /// (`budget.perIssuerPerPeriod`) at install.
    /// @dev Emits {IssuerBudgetSet}.
    function setIssuerBudget(bytes32 moduleId, uint256 perIssuerPerPeriod) external restricted {
        _getStorage().issuerBudgets[moduleId] = perIssuerPerPeriod;
        emit IssuerBudgetSet(moduleId, perIssuerPerPeriod);
    }

    /// @notice Sets the rate bounds of `taskType` (`bytes32(0)`: the default for types without their own).
    /// Restricted to the rates committee. Emits {RateBoundsSet}.
    function setRateBounds(bytes32 taskType, uint256 min, uint256 max) external restricted {
        _setRateBounds(_getStorage(), taskType, min, max);
    }

    /// @notice Sets the task board that may request mints. Restricted (factory at deployment, then upgrades).
    /// @dev Emits {TaskBoardSet}.
    function setTaskBoard(address taskBoard_) external restricted {
        _getStorage().taskBoard = taskBoard_;
        emit TaskBoardSet(taskBoard_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IIssuanceController
    function checkRate(bytes32 taskType, uint256 rate) external view {
        (uint256 min, uint256 max) = rateBounds(taskType);
        if (rate < min || rate > max) revert IssuanceControllerRateOutOfBounds(taskType, rate, min, max);
    }

    /// @notice The rate bounds that apply to `taskType`.
    function rateBounds(bytes32 taskType) public view returns (uint256 min, uint256 max) {
        IssuanceControllerStorage storage $ = _getStorage();
        RateBounds memory b = $.rateBounds[taskType];
        if (b.max == 0) b = $.defaultRateBounds;
        return (b.min, b.max);
    }

    /// @inheritdoc IIssuanceController
    function moduleBudget(bytes32 moduleId) external view returns (uint256) {
        return _getStorage().budgets[moduleId];
    }

    /// @notice The per-issuer budget per period of `moduleId` (0: no limit beyond the module's budget).
    function issuerBudget(bytes32 moduleId) external view returns (uint256) {
        return _getStorage().issuerBudgets[moduleId];
    }

    /// @notice Credits of `moduleId` issued in `period` on tasks of `issuer`, counted while an issuer budget is set.
    function issuerSpent(bytes32 moduleId, address issuer, uint32 period) external view returns (uint256) {
        return _getStorage().issuerSpent[moduleId][issuer][period];
    }

    /// @notice Credits `moduleId` issued in `period`.
    function moduleSpent(bytes32 moduleId, uint32 period) external view returns (uint256) {
        return _getStorage().spent[moduleId][period];
    }

    /// @notice The coverage ratio and its bounds, in basis points.
    function coverage() external view returns (uint256 ratioBps, uint256 minBps, uint256 maxBps) {
        Coverage memory c = _getStorage().coverage;
        return (c.ratioBps, c.minBps, c.maxBps);
    }

    /// @notice Issuance of `period`: its cap (if fixed), what was issued, and whether the cap is fixed.
    function periodIssuance(uint32 period) external view returns (uint256 cap, uint256 issued, bool capFixed) {
        PeriodIssuance memory p = _getStorage().periods[period];
        return (p.cap, p.issued, p.capFixed);
    }

    /// @notice The cap the current period has, or would have if it were fixed now.
    function currentCap() external view returns (uint32 period, uint256 cap, uint256 issued) {
        IssuanceControllerStorage storage $ = _getStorage();
        uint64 start;
        uint64 end;
        (period, start, end) = $.credit.currentPeriodBounds();
        PeriodIssuance memory p = $.periods[period];
        cap = p.capFixed ? p.cap : ($.credit.capacityValue(start, end) * $.coverage.ratioBps) / BPS;
        issued = p.issued;
    }

    /// @notice The task board and the credit ledger.
    function wiring() external view returns (address taskBoard, address credit) {
        IssuanceControllerStorage storage $ = _getStorage();
        return ($.taskBoard, address($.credit));
    }

    // ---------------------------------------------------------------- internals

    function _chargeCap(IssuanceControllerStorage storage $, uint256 amount) private returns (uint32 period) {
        uint64 start;
        uint64 end;
        (period, start, end) = $.credit.currentPeriodBounds();
        PeriodIssuance storage p = $.periods[period];
        uint256 cap = p.capFixed ? p.cap : _fixCap($, p, period, start, end);
        uint256 issued = p.issued;
        if (issued + amount > cap) revert IssuanceControllerCapExceeded(period, cap, issued, amount);
        p.issued = uint120(issued + amount);
    }

    function _chargeBudget(IssuanceControllerStorage storage $, bytes32 moduleId, uint32 period, uint256 amount)
        private
    {
        uint256 budget = $.budgets[moduleId];
        uint256 spent = $.spent[moduleId][period];
        if (spent + amount > budget) {
            revert IssuanceControllerBudgetExceeded(moduleId, period, budget, spent, amount);
        }
        $.spent[moduleId][period] = spent + amount;
        emit Issued(moduleId, period, amount);
    }

    function _chargeModules(
        IssuanceControllerStorage storage $,
        address issuer,
        bytes32[] calldata moduleIds,
        uint256[] calldata moduleTotals,
        uint32 period
    ) private returns (uint256 budgeted) {
        for (uint256 i; i < moduleIds.length; ++i) {
            _chargeBudget($, moduleIds[i], period, moduleTotals[i]);
            _chargeIssuer($, moduleIds[i], issuer, period, moduleTotals[i]);
            budgeted += moduleTotals[i];
        }
    }

    function _chargeIssuer(
        IssuanceControllerStorage storage $,
        bytes32 moduleId,
        address issuer,
        uint32 period,
        uint256 amount
    ) private {
        uint256 budget = $.issuerBudgets[moduleId];
        if (budget == 0) return;
        uint256 spent = $.issuerSpent[moduleId][issuer][period];
        if (spent + amount > budget) {
            revert IssuanceControllerIssuerBudgetExceeded(moduleId, issuer, period, budget, spent, amount);
        }
        $.issuerSpent[moduleId][issuer][period] = spent + amount;
        emit IssuerCharged(moduleId, issuer, period, amount);
    }

    function _fixCap(IssuanceControllerStorage storage $, PeriodIssuance storage p, uint32 period, uint64 start, uint64 end)
        private
        returns (uint256 cap)
    {
        uint256 value = $.credit.capacityValue(start, end);
        uint256 ratio = $.coverage.ratioBps;
        cap = (value * ratio) / BPS;
        if (cap > type(uint128).max) cap = type(uint128).max;
        // A recomputation never leaves the period's issuance above its cap: what was issued stays backed.
        if (cap < p.issued) cap = p.issued;
        p.cap = uint128(cap);
        p.capFixed = true;
        emit PeriodCapFixed(period, cap, value, ratio);
    }

    function _setCoverageRatio(IssuanceControllerStorage storage $, uint256 ratioBps) private {
        Coverage memory c = $.coverage;
        if (ratioBps < c.minBps || ratioBps > c.maxBps) {
            revert IssuanceControllerCoverageOutOfBounds(ratioBps, c.minBps, c.maxBps);
        }
        $.coverage.ratioBps = uint16(ratioBps);
        emit CoverageRatioSet(ratioBps);
    }

    function _setCoverageBounds(IssuanceControllerStorage storage $, uint256 minBps, uint256 maxBps) private {
        if (minBps > maxBps || maxBps > type(uint16).max) revert IssuanceControllerInvalidBounds(minBps, maxBps);
        $.coverage.minBps = uint16(minBps);
        $.coverage.maxBps = uint16(maxBps);
        emit CoverageBoundsSet(minBps, maxBps);
    }

    function _setRateBounds(IssuanceControllerStorage storage $, bytes32 taskType, uint256 min, uint256 max) private {
        if (min == 0 || min > max || max > type(uint64).max) revert IssuanceControllerInvalidBounds(min, max);
        RateBounds memory b = RateBounds(uint64(min), uint64(max));
        if (taskType == bytes32(0)) $.defaultRateBounds = b;
        else $.rateBounds[taskType] = b;
        emit RateBoundsSet(taskType, min, max);
    }

    function _getStorage() private pure returns (IssuanceControllerStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
