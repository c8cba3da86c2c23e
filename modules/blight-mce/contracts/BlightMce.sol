// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ModuleBase} from "@citysync/module-kit/contracts/ModuleBase.sol";
import {IClaimGate} from "@citysync/module-kit/contracts/IClaimGate.sol";
import {ITaskPolicy} from "@citysync/module-kit/contracts/ITaskPolicy.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {IIssuanceController} from "@citysync/contracts/interfaces/IIssuanceController.sol";
import {CivicCredit} from "@citysync/contracts/token/CivicCredit.sol";
import {OrgRoles} from "@citysync/contracts/libraries/Roles.sol";

/// @title BlightMce
/// @notice The 48-hour blight & safety Mass Coordination Event. A committee schedules the event (its window, at most
/// 48 hours, inside one issuance period, so the module's budget line for that period is the event's budget) and names
/// a coordinator; the coordinator registers the priority zones ranked from 311 data (ids: the H3 cell index as
/// bytes32) and assigns each issuer (public works, transportation, parks, libraries) the zones it works in.
/// As the module's task policy it admits only catalog tasks, at catalog rates, inside the event's window, in a
/// registered zone assigned to their issuer, carrying the module's evidence schema and this contract as their gate;
/// as the claim gate it admits claims only during the event. Everything a task can do (claim, complete) therefore
/// happens inside the window, and what it mints is charged to the event's budget line.
/// The event's budget holds across periods: when the task board asks, the policy reserves each task's worst case
/// (rate x slots) and admits it only if everything reserved stays within the module's budget line. A completion
/// verified after the event's period (against that period's fresh budget and cap) is still paid out of a
/// reservation, so the event's total, over every period, never exceeds its budget.
contract BlightMce is ModuleBase, IClaimGate, ITaskPolicy {
    struct RateBounds {
        uint64 min;
        uint64 max;
    }

    struct Zone {
        bool registered;
        uint32 rank; // 1 = highest priority
        uint32 requests; // open 311 requests aggregated into the zone
    }

    /// @custom:storage-location erc7201:citysync.storage.BlightMce
    struct BlightMceStorage {
        TaskBoard taskBoard;
        CivicCredit credit;
        bytes32 evidenceSchemaHash;
        uint64 duration;
        uint64 start;
        uint64 end;
        address coordinator;
        bytes32[] taskTypes;
        mapping(bytes32 taskType => RateBounds) bounds;
        bytes32[] zoneIds;
        mapping(bytes32 zoneId => Zone) zones;
        mapping(address issuer => mapping(bytes32 zoneId => bool)) assigned;
        IIssuanceController issuance;
        uint256 reserved;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.BlightMce")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x24c14e868c409be5922163d562ede06c14acaa63449c4bc159d0e6bbbf0f8300;

    /// @notice The longest event the module runs: a two-day surge.
    uint64 public constant MAX_DURATION = 48 hours;
    /// @notice Most task types in the catalog and most zones per event: keeps install, views and the report bounded.
    uint256 public constant MAX_TASK_TYPES = 64;
    uint256 public constant MAX_ZONES = 512;

    /// @notice `taskType` is in the catalog with rates in [minRate, maxRate].
    event TaskTypeListed(bytes32 indexed taskType, uint256 minRate, uint256 maxRate);
    /// @notice The event runs in [start, end); `coordinator` registers its zones and assigns its issuers.
    event EventScheduled(uint64 start, uint64 end, address indexed coordinator);
    /// @notice Priority zone `zoneId` (an H3 cell index) registered with its rank and 311 request count.
    event ZoneRegistered(bytes32 indexed zoneId, uint32 rank, uint32 requests);
    /// @notice `issuer` may (or, with false, no longer may) publish and verify tasks in `zoneId`.
    event ZoneAssigned(address indexed issuer, bytes32 indexed zoneId, bool assigned);
    /// @notice A task of `issuer` reserved `commitment` credits (rate x slots) of the event's budget; `reserved` in all.
    event EventBudgetReserved(address indexed issuer, uint256 commitment, uint256 reserved);

    error BlightMceEmptyCatalog();
    error BlightMceTooManyTaskTypes(uint256 count, uint256 max);
    error BlightMceLengthMismatch(uint256 expected, uint256 actual);
    error BlightMceDuplicateTaskType(bytes32 taskType);
    error BlightMceInvalidBounds(bytes32 taskType, uint256 min, uint256 max);
    error BlightMceInvalidDuration(uint256 duration, uint256 max);
    error BlightMceEmptyEvidenceSchema();
    error BlightMceStartInPast(uint64 start, uint256 timestamp);
    error BlightMceCrossesPeriods(uint64 start, uint64 end, uint64 periodEnd);
    error BlightMceEventStarted(uint64 start);
    error BlightMceNoEvent();
    error BlightMceEventOver(uint64 end);
    error BlightMceNotCoordinator(address account);
    error BlightMceNotIssuer(address account);
    error BlightMceInvalidZone(bytes32 zoneId);
    error BlightMceTooManyZones(uint256 max);
    error BlightMceUnknownZone(bytes32 zoneId);
    error BlightMceZoneNotAssigned(address issuer, bytes32 zoneId);
    error BlightMceWrongModule(bytes32 moduleId);
    error BlightMceWrongGate(address gate);
    error BlightMceWrongEvidenceSchema(bytes32 evidenceSchemaHash, bytes32 expected);
    error BlightMceOutsideEvent(uint64 start, uint64 end, uint64 eventStart, uint64 eventEnd);
    error BlightMceUnknownTaskType(bytes32 taskType);
    error BlightMceRateOutOfBounds(bytes32 taskType, uint256 rate, uint256 min, uint256 max);
    error BlightMceEventBudgetExceeded(uint256 commitment, uint256 reserved, uint256 budget);

    /// @notice What an installation is configured with (one struct: the catalog's arrays would not fit the stack).
    struct Config {
        address taskBoard; // the city's task board
        address credit; // the city's credit ledger: its period clock places the event inside one period
        address issuance; // the city's issuance controller: the module's budget line is the event's budget
        bytes32 evidenceSchemaHash; // keccak256 of the canonical JSON of the module's evidence schema
        uint64 duration; // length of the event window in seconds (at most MAX_DURATION)
        bytes32[] taskTypes; // ids (keccak256 of the catalog's ids), unique
        uint256[] minRates; // lowest rate of each type (> 0)
        uint256[] maxRates; // highest rate of each type (>= its min)
    }

    /// @notice Initializes the module with its catalog, the event's length and the evidence schema its tasks carry.
    /// @param authority the city's AccessManager
    /// @param kernel_ the city's module kernel
    /// @param moduleId_ keccak256 of the package name: the event's budget line
    /// @param config board, ledger, evidence schema hash, duration and catalog
    function initialize(address authority, address kernel_, bytes32 moduleId_, Config calldata config)
        external
        initializer
    {
        __ModuleBase_init(authority, kernel_, moduleId_);
        if (config.duration == 0 || config.duration > MAX_DURATION) {
            revert BlightMceInvalidDuration(config.duration, MAX_DURATION);
        }
        if (config.evidenceSchemaHash == bytes32(0)) revert BlightMceEmptyEvidenceSchema();
        BlightMceStorage storage $ = _getStorage();
        $.taskBoard = TaskBoard(config.taskBoard);
        $.credit = CivicCredit(config.credit);
        $.issuance = IIssuanceController(config.issuance);
        $.evidenceSchemaHash = config.evidenceSchemaHash;
        $.duration = config.duration;
        _listCatalog($, config.taskTypes, config.minRates, config.maxRates);
    }

    function _listCatalog(
        BlightMceStorage storage $,
        bytes32[] calldata taskTypes_,
        uint256[] calldata minRates,
        uint256[] calldata maxRates
    ) private {
        uint256 n = taskTypes_.length;
        if (n == 0) revert BlightMceEmptyCatalog();
        if (n > MAX_TASK_TYPES) revert BlightMceTooManyTaskTypes(n, MAX_TASK_TYPES);
        if (minRates.length != n) revert BlightMceLengthMismatch(n, minRates.length);
        if (maxRates.length != n) revert BlightMceLengthMismatch(n, maxRates.length);
        for (uint256 i; i < n; ++i) {
            bytes32 taskType = taskTypes_[i];
            uint256 min = minRates[i];
            uint256 max = maxRates[i];
            if (taskType == bytes32(0)) revert BlightMceUnknownTaskType(taskType);
            if ($.bounds[taskType].max != 0) revert BlightMceDuplicateTaskType(taskType);
            if (min == 0 || min > max || max > type(uint64).max) revert BlightMceInvalidBounds(taskType, min, max);
            $.bounds[taskType] = RateBounds(uint64(min), uint64(max));
            $.taskTypes.push(taskType);
            emit TaskTypeListed(taskType, min, max);
        }
    }

    // ---------------------------------------------------------------- governance

    /// @notice Schedules the event to start at `start` for the installed duration, run by `coordinator`. Restricted
    /// (the AccessManager maps it to a committee; out of the box its admin, the upgrades committee). The window must
    /// lie inside one issuance period, so the period's budget line is the event's budget. It can be moved until the
    /// event starts, never after.
    /// @dev Emits {EventScheduled}.
    function scheduleEvent(uint64 start, address coordinator_) external restricted {
        BlightMceStorage storage $ = _getStorage();
        if ($.start != 0 && block.timestamp >= $.start) revert BlightMceEventStarted($.start);
        if (start < block.timestamp) revert BlightMceStartInPast(start, block.timestamp);
        if (coordinator_ == address(0)) revert BlightMceNotCoordinator(coordinator_);
        uint64 end = start + $.duration;
        (, uint64 periodStart,) = $.credit.currentPeriodBounds();
        uint64 length = uint64($.credit.periodLength());
        uint64 periodEnd = periodStart + ((start - periodStart) / length + 1) * length;
        if (end > periodEnd) revert BlightMceCrossesPeriods(start, end, periodEnd);
        $.start = start;
        $.end = end;
        $.coordinator = coordinator_;
        emit EventScheduled(start, end, coordinator_);
    }

    // ---------------------------------------------------------------- the coordinator

    /// @notice Registers priority zones (ids: H3 cell indexes as bytes32) with their rank and 311 request count.
    /// Only the coordinator, before the event ends; a zone registered again gets its new rank and count.
    /// @dev Emits {ZoneRegistered} per zone.
    function registerZones(bytes32[] calldata ids, uint32[] calldata ranks, uint32[] calldata requests) external {
        BlightMceStorage storage $ = _onlyCoordinatorBeforeEnd();
        uint256 n = ids.length;
        if (ranks.length != n) revert BlightMceLengthMismatch(n, ranks.length);
        if (requests.length != n) revert BlightMceLengthMismatch(n, requests.length);
        for (uint256 i; i < n; ++i) {
            bytes32 id = ids[i];
            // An H3 index is 64 bits and never zero.
            if (id == bytes32(0) || uint256(id) > type(uint64).max) revert BlightMceInvalidZone(id);
            Zone storage z = $.zones[id];
            if (!z.registered) {
                if ($.zoneIds.length >= MAX_ZONES) revert BlightMceTooManyZones(MAX_ZONES);
                $.zoneIds.push(id);
                z.registered = true;
            }
            z.rank = ranks[i];
            z.requests = requests[i];
            emit ZoneRegistered(id, ranks[i], requests[i]);
        }
    }

    /// @notice Lets an accredited issuer publish and verify tasks in the zones `ids` (or withdraws that, `assigned_`
    /// false). Only the coordinator, before the event ends.
    /// @dev Emits {ZoneAssigned} per zone.
    function assignZones(address issuer, bytes32[] calldata ids, bool assigned_) external {
        BlightMceStorage storage $ = _onlyCoordinatorBeforeEnd();
        if (assigned_ && $.taskBoard.rolesOf(issuer) & OrgRoles.ISSUER == 0) revert BlightMceNotIssuer(issuer);
        for (uint256 i; i < ids.length; ++i) {
            bytes32 id = ids[i];
            if (!$.zones[id].registered) revert BlightMceUnknownZone(id);
            $.assigned[issuer][id] = assigned_;
            emit ZoneAssigned(issuer, id, assigned_);
        }
    }

    // ---------------------------------------------------------------- the policy and the gate

    /// @notice Reverts unless `issuer` may publish `p` for the event (see the contract's rules), and unless its worst
    /// case, rate x slots, fits the event's budget beside everything reserved so far. When the task board asks, the
    /// worst case is reserved; anyone else's call is a dry run.
    /// @dev Emits {EventBudgetReserved} when it reserves.
    function checkTask(address issuer, TaskBoard.TaskParams calldata p) external {
        BlightMceStorage storage $ = _getStorage();
        if (p.moduleId != moduleId()) revert BlightMceWrongModule(p.moduleId);
        if (p.gate != address(this)) revert BlightMceWrongGate(p.gate);
        if (p.evidenceSchemaHash != $.evidenceSchemaHash) {
            revert BlightMceWrongEvidenceSchema(p.evidenceSchemaHash, $.evidenceSchemaHash);
        }
        if ($.start == 0) revert BlightMceNoEvent();
        if (p.start < $.start || p.end > $.end) revert BlightMceOutsideEvent(p.start, p.end, $.start, $.end);
        RateBounds memory b = $.bounds[p.taskType];
        if (b.max == 0) revert BlightMceUnknownTaskType(p.taskType);
        if (p.rate < b.min || p.rate > b.max) revert BlightMceRateOutOfBounds(p.taskType, p.rate, b.min, b.max);
        if (!$.zones[p.zoneId].registered) revert BlightMceUnknownZone(p.zoneId);
        if (!$.assigned[issuer][p.zoneId]) revert BlightMceZoneNotAssigned(issuer, p.zoneId);
        uint256 commitment = p.rate * p.slots;
        uint256 reserved = $.reserved + commitment;
        uint256 budget = $.issuance.moduleBudget(moduleId());
        if (reserved > budget) revert BlightMceEventBudgetExceeded(commitment, $.reserved, budget);
        if (msg.sender != address($.taskBoard)) return;
        $.reserved = reserved;
        emit EventBudgetReserved(issuer, commitment, reserved);
    }

    /// @notice Whether `taskId` may be claimed now: a task of this module, of a catalog type at a catalog rate,
    /// whose window lies inside the event's, in a registered zone still assigned to its issuer, while the event
    /// runs. Whoever the participant is, the answer is the task's and the clock's.
    function canClaim(uint256 taskId, address) external view returns (bool) {
        BlightMceStorage storage $ = _getStorage();
        TaskBoard.Task memory t = $.taskBoard.task(taskId);
        if (t.moduleId != moduleId() || $.start == 0) return false;
        if (block.timestamp < $.start || block.timestamp >= $.end) return false;
        if (t.start < $.start || t.end > $.end) return false;
        RateBounds memory b = $.bounds[t.taskType];
        if (b.max == 0 || t.rate < b.min || t.rate > b.max) return false;
        return $.zones[t.zoneId].registered && $.assigned[t.issuer][t.zoneId];
    }

    // ---------------------------------------------------------------- views

    /// @notice The event's window and coordinator (all zero before it is scheduled), and its installed duration.
    function eventWindow() external view returns (uint64 start, uint64 end, address coordinator, uint64 duration) {
        BlightMceStorage storage $ = _getStorage();
        return ($.start, $.end, $.coordinator, $.duration);
    }

    /// @notice Credits reserved by the event's published tasks (each task's rate x slots), and the event's budget.
    function eventBudget() external view returns (uint256 reserved, uint256 budget) {
        BlightMceStorage storage $ = _getStorage();
        return ($.reserved, $.issuance.moduleBudget(moduleId()));
    }

    /// @notice Whether the event is running now.
    function isLive() external view returns (bool) {
        BlightMceStorage storage $ = _getStorage();
        return $.start != 0 && block.timestamp >= $.start && block.timestamp < $.end;
    }

    /// @notice Zone `zoneId` (registered = false if unknown).
    function zone(bytes32 zoneId) external view returns (Zone memory) {
        return _getStorage().zones[zoneId];
    }

    /// @notice Every registered zone, in registration order.
    function zoneIds() external view returns (bytes32[] memory) {
        return _getStorage().zoneIds;
    }

    /// @notice Whether `issuer` works in `zoneId`.
    function isAssigned(address issuer, bytes32 zoneId) external view returns (bool) {
        return _getStorage().assigned[issuer][zoneId];
    }

    /// @notice The evidence schema hash every task of the module must carry.
    function evidenceSchemaHash() external view returns (bytes32) {
        return _getStorage().evidenceSchemaHash;
    }

    /// @notice The rate bounds of `taskType` (listed = false if it is not in the catalog).
    function rateBounds(bytes32 taskType) external view returns (bool listed, uint256 min, uint256 max) {
        RateBounds memory b = _getStorage().bounds[taskType];
        return (b.max != 0, b.min, b.max);
    }

    /// @notice The catalog's task types, in the order they were listed.
    function taskTypes() external view returns (bytes32[] memory) {
        return _getStorage().taskTypes;
    }

    /// @notice The task board the gate reads.
    function taskBoard() external view returns (address) {
        return address(_getStorage().taskBoard);
    }

    function _onlyCoordinatorBeforeEnd() private view returns (BlightMceStorage storage $) {
        $ = _getStorage();
        if ($.start == 0) revert BlightMceNoEvent();
        if (msg.sender != $.coordinator) revert BlightMceNotCoordinator(msg.sender);
        if (block.timestamp >= $.end) revert BlightMceEventOver($.end);
    }

    function _getStorage() private pure returns (BlightMceStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
