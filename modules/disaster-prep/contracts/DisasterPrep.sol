// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ModuleBase} from "@citysync/module-kit/contracts/ModuleBase.sol";
import {IClaimGate} from "@citysync/module-kit/contracts/IClaimGate.sol";
import {ITaskPolicy} from "@citysync/module-kit/contracts/ITaskPolicy.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {SeasonCalendar} from "./SeasonCalendar.sol";

/// @title DisasterPrep
/// @notice The disaster-preparedness dPAN's rules on chain. Task types are either trainings (e.g. CERT basics,
/// verified by their issuer) or field tasks (go-bag checks, hazard walks, drills, neighbour rosters, supply-cache
/// audits, each verified by k >= 2 accredited verifiers). The contract is:
///  - the task policy of the module at the TaskBoard: a task is published only if it is of a catalog type, pays
///    inside the type's bounds, names this contract as its gate, carries the type's verification rule, and (for
///    a field task) runs inside an activation window: a yearly season or an active emergency;
///  - the claim gate of every task of the module: a field task is claimed only by a participant holding a
///    recorded training, and only while the season or the emergency that activates it lasts;
///  - the record of trainings: anyone may present a participant's verified training completion; the contract
///    reads it from the TaskBoard and trusts nothing else;
///  - the emergency activation: a committee (see the README for the wiring) opens field work outside the seasons
///    until a deadline and up to a budget ceiling; each emergency task's issuer funds it against the ceiling
///    (rate x slots) before it can be claimed, so the emergency never commits more credits than its ceiling.
/// @dev The catalog, the seasons and the limits are fixed per installed version: changing them is a module update
/// (prepare, approve, apply) under a new content hash.
contract DisasterPrep is ModuleBase, IClaimGate, ITaskPolicy {
    using SeasonCalendar for uint256;

    /// @notice What the setup hands to {initialize}; catalog arrays are parallel.
    struct Config {
        bytes32[] taskTypes;
        uint256[] minRates;
        uint256[] maxRates;
        // Verifiers each type's rule requires: 0 makes the type a training (its instructor, the issuer, signs the
        // participant off); a field type needs at least MIN_FIELD_VERIFIERS.
        uint256[] verifiersRequired;
        // Yearly windows as MMDD: opens inclusive, closes exclusive.
        uint256[] seasonOpens;
        uint256[] seasonCloses;
        uint256 emergencyMaxCeiling;
    }

    struct TaskTypeInfo {
        bool listed;
        bool training;
        uint8 verifiersRequired;
        uint64 minRate;
        uint64 maxRate;
    }

    struct Season {
        uint16 opens;
        uint16 closes;
    }

    struct Emergency {
        uint64 activatedAt;
        uint64 until;
        uint128 ceiling;
        uint128 committed;
    }

    /// @notice Why {canClaim} answers as it does ({claimCheck}).
    enum ClaimCheck {
        Ok,
        ForeignModule,
        NotInCatalog,
        RateOutOfBounds,
        TrainingNotIssuerVerified,
        TooFewVerifiers,
        NotTrained,
        NotActivated
    }

    /// @custom:storage-location erc7201:citysync.storage.DisasterPrep
    struct DisasterPrepStorage {
        TaskBoard taskBoard;
        uint128 emergencyMaxCeiling;
        uint256 emergencyCount;
        bytes32[] taskTypes;
        Season[] seasons;
        mapping(bytes32 taskType => TaskTypeInfo) types;
        mapping(address participant => uint256 completionId) trainingOf;
        mapping(uint256 emergencyId => Emergency) emergencies;
        mapping(uint256 taskId => uint256 emergencyId) fundedBy;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.DisasterPrep")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xdb175ad573beac96bfa880e8081c9f57229967fec1a685bfca7b36316072cd00;

    /// @notice Most task types one catalog may list, and most seasons: keeps install and every check bounded.
    uint256 public constant MAX_TASK_TYPES = 32;
    uint256 public constant MAX_SEASONS = 8;
    /// @notice Fewest verifiers a field task may require: no single organization decides a field completion.
    uint8 public constant MIN_FIELD_VERIFIERS = 2;
    /// @notice Longest emergency activation: a longer crisis is activated again, through the committee again.
    uint256 public constant EMERGENCY_MAX_DURATION = 30 days;

    /// @notice `taskType` is in the catalog, paying [minRate, maxRate], checked by `verifiersRequired` verifiers
    /// (0: its issuer); `training` types are the prerequisite of every field type.
    event TaskTypeListed(
        bytes32 indexed taskType, uint256 minRate, uint256 maxRate, uint256 verifiersRequired, bool training
    );
    /// @notice Field work is activated every year from `opens` to `closes` (MMDD, UTC; closes exclusive).
    event SeasonListed(uint256 indexed index, uint256 opens, uint256 closes);
    /// @notice `participant` holds the verified training `completionId`: field tasks are open to them.
    event TrainingRecorded(address indexed participant, uint256 indexed completionId);
    /// @notice Emergency `emergencyId` activates field work until `until`, committing at most `budgetCeiling` credits.
    event EmergencyActivated(uint256 indexed emergencyId, uint64 until, uint256 budgetCeiling);
    /// @notice Emergency `emergencyId` was ended early, at `at`.
    event EmergencyEnded(uint256 indexed emergencyId, uint64 at);
    /// @notice The issuer of `taskId` committed `commitment` credits (rate x slots) of emergency `emergencyId`;
    /// `committed` of its ceiling are now committed.
    event EmergencyTaskFunded(
        uint256 indexed emergencyId, uint256 indexed taskId, uint256 commitment, uint256 committed
    );

    error DisasterPrepEmptyCatalog();
    error DisasterPrepTooManyTaskTypes(uint256 count, uint256 max);
    error DisasterPrepLengthMismatch();
    error DisasterPrepDuplicateTaskType(bytes32 taskType);
    error DisasterPrepInvalidBounds(bytes32 taskType, uint256 min, uint256 max);
    error DisasterPrepInvalidVerification(bytes32 taskType, uint256 verifiersRequired);
    error DisasterPrepNoTraining();
    error DisasterPrepInvalidSeason(uint256 opens, uint256 closes);
    error DisasterPrepTooManySeasons(uint256 count, uint256 max);
    error DisasterPrepInvalidCeiling(uint256 emergencyMaxCeiling);
    error DisasterPrepForeignModule(bytes32 moduleId);
    error DisasterPrepUnknownTaskType(bytes32 taskType);
    error DisasterPrepRateOutOfBounds(bytes32 taskType, uint256 rate, uint256 min, uint256 max);
    error DisasterPrepGateRequired(address gate, address module);
    error DisasterPrepTrainingNotIssuerVerified(bytes32 taskType, uint256 verifiersRequired);
    error DisasterPrepTooFewVerifiers(bytes32 taskType, uint256 verifiersRequired, uint256 min);
    error DisasterPrepOutsideActivation(bytes32 taskType, uint256 start, uint256 end);
    error DisasterPrepNotVerifiedTraining(uint256 completionId);
    error DisasterPrepAlreadyTrained(address participant, uint256 completionId);
    error DisasterPrepEmergencyActive(uint256 emergencyId, uint64 until);
    error DisasterPrepInvalidEmergencyEnd(uint64 until, uint256 latest);
    error DisasterPrepEmergencyCeilingTooHigh(uint256 budgetCeiling, uint256 max);
    error DisasterPrepNoActiveEmergency();
    error DisasterPrepNotTaskIssuer(uint256 taskId, address caller);
    error DisasterPrepNotFieldTask(uint256 taskId, bytes32 taskType);
    error DisasterPrepAlreadyFunded(uint256 taskId, uint256 emergencyId);
    error DisasterPrepTaskOutlastsEmergency(uint256 taskId, uint256 end, uint64 until);
    error DisasterPrepEmergencyCeilingExceeded(uint256 emergencyId, uint256 commitment, uint256 committed, uint256 ceiling);

    /// @notice Initializes the module.
    /// @param authority the city's AccessManager (upgrades and the emergency functions are restricted by it)
    /// @param kernel_ the city's module kernel
    /// @param moduleId_ keccak256 of the package name: the budget line its tasks are paid from
    /// @param taskBoard_ the city's task board, read by the gate, the policy and {recordTraining}
    /// @param cfg the catalog, the seasons and the emergency ceiling
    function initialize(address authority, address kernel_, bytes32 moduleId_, address taskBoard_, Config calldata cfg)
        external
        initializer
    {
        __ModuleBase_init(authority, kernel_, moduleId_);
        DisasterPrepStorage storage $ = _getStorage();
        $.taskBoard = TaskBoard(taskBoard_);
        _listCatalog($, cfg);
        _listSeasons($, cfg.seasonOpens, cfg.seasonCloses);
        if (cfg.emergencyMaxCeiling == 0 || cfg.emergencyMaxCeiling > type(uint128).max) {
            revert DisasterPrepInvalidCeiling(cfg.emergencyMaxCeiling);
        }
        $.emergencyMaxCeiling = uint128(cfg.emergencyMaxCeiling);
    }

    // ---------------------------------------------------------------- publish: the task policy

    /// @notice Reverts, with the reason, unless a task with `p` may be published under this module: a catalog type
    /// paying inside its bounds, gated by this contract; a training verified by its issuer; a field task checked
    /// by at least its rule's verifiers and running inside a season or the active emergency.
    /// @dev Called by the TaskBoard on publish once the modules committee set this contract as the module's policy.
    function checkTask(address, TaskBoard.TaskParams calldata p) external view {
        DisasterPrepStorage storage $ = _getStorage();
        if (p.moduleId != moduleId()) revert DisasterPrepForeignModule(p.moduleId);
        TaskTypeInfo memory info = $.types[p.taskType];
        if (!info.listed) revert DisasterPrepUnknownTaskType(p.taskType);
        if (p.rate < info.minRate || p.rate > info.maxRate) {
            revert DisasterPrepRateOutOfBounds(p.taskType, p.rate, info.minRate, info.maxRate);
        }
        if (p.gate != address(this)) revert DisasterPrepGateRequired(p.gate, address(this));
        if (info.training) {
            if (p.verifiersRequired != 0) revert DisasterPrepTrainingNotIssuerVerified(p.taskType, p.verifiersRequired);
            return;
        }
        if (p.verifiersRequired < info.verifiersRequired) {
            revert DisasterPrepTooFewVerifiers(p.taskType, p.verifiersRequired, info.verifiersRequired);
        }
        if (!isActivated(p.start, p.end)) revert DisasterPrepOutsideActivation(p.taskType, p.start, p.end);
    }

    /// @notice Whether field work over [start, end) is activated: the part from now on lies inside one occurrence
    /// of a season, or ends by the deadline of the emergency active now.
    function isActivated(uint256 start, uint256 end) public view returns (bool) {
        DisasterPrepStorage storage $ = _getStorage();
        uint256 from = start > block.timestamp ? start : block.timestamp;
        if (end <= from) return false;
        Season[] storage list = $.seasons;
        for (uint256 i; i < list.length; ++i) {
            uint256 closing = uint256(list[i].opens).closingOf(list[i].closes, from);
            if (closing != 0 && end <= closing) return true;
        }
        (uint256 id, Emergency storage e) = _currentEmergency($);
        return id != 0 && e.until > block.timestamp && end <= e.until;
    }

    /// @notice Whether `timestamp` is inside one of the seasons.
    function inSeason(uint256 timestamp) public view returns (bool) {
        Season[] storage list = _getStorage().seasons;
        for (uint256 i; i < list.length; ++i) {
            if (uint256(list[i].opens).closingOf(list[i].closes, timestamp) != 0) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- claim: the gate

    /// @notice Whether `participant` may claim `taskId` now ({claimCheck} says why not).
    function canClaim(uint256 taskId, address participant) external view returns (bool) {
        return claimCheck(taskId, participant) == ClaimCheck.Ok;
    }

    /// @notice The gate's answer with its reason: the task must be this module's, of a catalog type inside its
    /// bounds and carry its rule's verification; for a field task the participant must hold a valid training, and
    /// now must be inside a season or inside the emergency that funded the task.
    function claimCheck(uint256 taskId, address participant) public view returns (ClaimCheck) {
        DisasterPrepStorage storage $ = _getStorage();
        TaskBoard.Task memory t = $.taskBoard.task(taskId);
        if (t.moduleId != moduleId()) return ClaimCheck.ForeignModule;
        TaskTypeInfo memory info = $.types[t.taskType];
        if (!info.listed) return ClaimCheck.NotInCatalog;
        if (t.rate < info.minRate || t.rate > info.maxRate) return ClaimCheck.RateOutOfBounds;
        if (info.training) return t.verifiersRequired == 0 ? ClaimCheck.Ok : ClaimCheck.TrainingNotIssuerVerified;
        if (t.verifiersRequired < info.verifiersRequired) return ClaimCheck.TooFewVerifiers;
        if ($.trainingOf[participant] == 0) return ClaimCheck.NotTrained;
        if (inSeason(block.timestamp)) return ClaimCheck.Ok;
        (uint256 id, Emergency storage e) = _currentEmergency($);
        if (id != 0 && $.fundedBy[taskId] == id && e.until > block.timestamp) return ClaimCheck.Ok;
        return ClaimCheck.NotActivated;
    }

    // ---------------------------------------------------------------- trainings

    /// @notice Records that the participant of `completionId` holds a verified training. Anyone may call it (the
    /// participant, the training's issuer, a relayer): the contract reads the completion and its task from the
    /// TaskBoard and accepts only a verified completion of one of this module's training types. Once per
    /// participant; a training does not expire (a city that wants refreshers forks the module).
    /// @dev Emits {TrainingRecorded}.
    function recordTraining(uint256 completionId) external {
        DisasterPrepStorage storage $ = _getStorage();
        TaskBoard.Completion memory c = $.taskBoard.completion(completionId);
        TaskBoard.Task memory t = $.taskBoard.task(c.taskId);
        if (c.status != TaskBoard.Status.Verified || t.moduleId != moduleId() || !$.types[t.taskType].training) {
            revert DisasterPrepNotVerifiedTraining(completionId);
        }
        uint256 recorded = $.trainingOf[c.participant];
        if (recorded != 0) revert DisasterPrepAlreadyTrained(c.participant, recorded);
        $.trainingOf[c.participant] = completionId;
        emit TrainingRecorded(c.participant, completionId);
    }

    /// @notice The training completion recorded for `participant` (0: not trained).
    function trainingOf(address participant) external view returns (uint256) {
        return _getStorage().trainingOf[participant];
    }

    // ---------------------------------------------------------------- emergencies

    /// @notice Activates field work outside the seasons until `until`, committing at most `budgetCeiling` credits.
    /// Restricted: out of the box only the city's admin (the upgrades committee) may call it; the city maps it to
    /// an emergency role held by a committee with a shorter delay (README, "Emergency activation").
    /// @dev One emergency at a time; `until` at most {EMERGENCY_MAX_DURATION} from now; the ceiling at most the maximum
    /// the module's parameters allow. Emits {EmergencyActivated}.
    function activateEmergency(uint64 until, uint256 budgetCeiling) external restricted returns (uint256 emergencyId) {
        DisasterPrepStorage storage $ = _getStorage();
        (uint256 current, Emergency storage e) = _currentEmergency($);
        if (current != 0 && e.until > block.timestamp) revert DisasterPrepEmergencyActive(current, e.until);
        uint256 latest = block.timestamp + EMERGENCY_MAX_DURATION;
        if (until <= block.timestamp || until > latest) revert DisasterPrepInvalidEmergencyEnd(until, latest);
        if (budgetCeiling == 0 || budgetCeiling > $.emergencyMaxCeiling) {
            revert DisasterPrepEmergencyCeilingTooHigh(budgetCeiling, $.emergencyMaxCeiling);
        }
        emergencyId = ++$.emergencyCount;
        $.emergencies[emergencyId] = Emergency(uint64(block.timestamp), until, uint128(budgetCeiling), 0);
        emit EmergencyActivated(emergencyId, until, budgetCeiling);
    }

    /// @notice Ends the active emergency now: its tasks can no longer be claimed (submitted completions can still
    /// be verified). Restricted like {activateEmergency}. Emits {EmergencyEnded}.
    function endEmergency() external restricted {
        DisasterPrepStorage storage $ = _getStorage();
        (uint256 id, Emergency storage e) = _currentEmergency($);
        if (id == 0 || e.until <= block.timestamp) revert DisasterPrepNoActiveEmergency();
        e.until = uint64(block.timestamp);
        emit EmergencyEnded(id, uint64(block.timestamp));
    }

    /// @notice Commits `taskId`'s worst case (rate x slots) against the active emergency's ceiling so it can be
    /// claimed during the emergency. Only the task's issuer; a field task of this module ending by the deadline.
    /// @dev Emits {EmergencyTaskFunded}.
    function fundEmergencyTask(uint256 taskId) external returns (uint256 emergencyId) {
        DisasterPrepStorage storage $ = _getStorage();
        TaskBoard.Task memory t = $.taskBoard.task(taskId);
        if (msg.sender != t.issuer) revert DisasterPrepNotTaskIssuer(taskId, msg.sender);
        if (t.moduleId != moduleId()) revert DisasterPrepForeignModule(t.moduleId);
        TaskTypeInfo memory info = $.types[t.taskType];
        if (!info.listed || info.training) revert DisasterPrepNotFieldTask(taskId, t.taskType);
        Emergency storage e;
        (emergencyId, e) = _currentEmergency($);
        if (emergencyId == 0 || e.until <= block.timestamp) revert DisasterPrepNoActiveEmergency();
        if ($.fundedBy[taskId] != 0) revert DisasterPrepAlreadyFunded(taskId, $.fundedBy[taskId]);
        if (t.end > e.until) revert DisasterPrepTaskOutlastsEmergency(taskId, t.end, e.until);
        uint256 commitment = uint256(t.rate) * t.slots;
        uint256 committed = e.committed + commitment;
        if (committed > e.ceiling) {
            revert DisasterPrepEmergencyCeilingExceeded(emergencyId, commitment, e.committed, e.ceiling);
        }
        e.committed = uint128(committed);
        $.fundedBy[taskId] = emergencyId;
        emit EmergencyTaskFunded(emergencyId, taskId, commitment, committed);
    }

    /// @notice The latest emergency (id 0: none yet); `active` whether it runs now.
    function currentEmergency() external view returns (uint256 emergencyId, Emergency memory emergency, bool active) {
        Emergency storage e;
        (emergencyId, e) = _currentEmergency(_getStorage());
        emergency = e;
        active = emergencyId != 0 && e.until > block.timestamp;
    }

    /// @notice Emergency `emergencyId` (zeros if there is none).
    function emergencyById(uint256 emergencyId) external view returns (Emergency memory) {
        return _getStorage().emergencies[emergencyId];
    }

    /// @notice The emergency that funded `taskId` (0: none).
    function emergencyOf(uint256 taskId) external view returns (uint256) {
        return _getStorage().fundedBy[taskId];
    }

    // ---------------------------------------------------------------- views

    /// @notice The catalog entry of `taskType` (listed = false if it is not in the catalog).
    function taskTypeInfo(bytes32 taskType) external view returns (TaskTypeInfo memory) {
        return _getStorage().types[taskType];
    }

    /// @notice Every catalog type id, in the order listed.
    function taskTypes() external view returns (bytes32[] memory) {
        return _getStorage().taskTypes;
    }

    /// @notice The yearly activation windows.
    function seasons() external view returns (Season[] memory) {
        return _getStorage().seasons;
    }

    /// @notice The highest budget ceiling an emergency activation may carry.
    function emergencyMaxCeiling() external view returns (uint256) {
        return _getStorage().emergencyMaxCeiling;
    }

    /// @notice The task board the gate, the policy and the training record read.
    function taskBoard() external view returns (address) {
        return address(_getStorage().taskBoard);
    }

    // ---------------------------------------------------------------- internals

    function _listCatalog(DisasterPrepStorage storage $, Config calldata cfg) private {
        uint256 n = cfg.taskTypes.length;
        if (n == 0) revert DisasterPrepEmptyCatalog();
        if (n > MAX_TASK_TYPES) revert DisasterPrepTooManyTaskTypes(n, MAX_TASK_TYPES);
        if (cfg.minRates.length != n || cfg.maxRates.length != n || cfg.verifiersRequired.length != n) {
            revert DisasterPrepLengthMismatch();
        }
        bool anyTraining;
        for (uint256 i; i < n; ++i) {
            bytes32 taskType = cfg.taskTypes[i];
            TaskTypeInfo storage info = $.types[taskType];
            if (taskType == bytes32(0)) revert DisasterPrepUnknownTaskType(taskType);
            if (info.listed) revert DisasterPrepDuplicateTaskType(taskType);
            uint256 min = cfg.minRates[i];
            uint256 max = cfg.maxRates[i];
            if (min == 0 || min > max || max > type(uint64).max) revert DisasterPrepInvalidBounds(taskType, min, max);
            uint256 k = cfg.verifiersRequired[i];
            bool training = k == 0;
            if (!training && (k < MIN_FIELD_VERIFIERS || k > type(uint8).max)) {
                revert DisasterPrepInvalidVerification(taskType, k);
            }
            anyTraining = anyTraining || training;
            info.listed = true;
            info.training = training;
            info.verifiersRequired = uint8(k);
            info.minRate = uint64(min);
            info.maxRate = uint64(max);
            $.taskTypes.push(taskType);
            emit TaskTypeListed(taskType, min, max, k, training);
        }
        // Without a training type every field task would be unclaimable.
        if (!anyTraining) revert DisasterPrepNoTraining();
    }

    function _listSeasons(DisasterPrepStorage storage $, uint256[] calldata opens, uint256[] calldata closes) private {
        if (opens.length != closes.length) revert DisasterPrepLengthMismatch();
        if (opens.length > MAX_SEASONS) revert DisasterPrepTooManySeasons(opens.length, MAX_SEASONS);
        for (uint256 i; i < opens.length; ++i) {
            if (!opens[i].isValidMonthDay() || !closes[i].isValidMonthDay() || opens[i] == closes[i]) {
                revert DisasterPrepInvalidSeason(opens[i], closes[i]);
            }
            $.seasons.push(Season(uint16(opens[i]), uint16(closes[i])));
            emit SeasonListed(i, opens[i], closes[i]);
        }
    }

    function _currentEmergency(DisasterPrepStorage storage $) private view returns (uint256 id, Emergency storage e) {
        id = $.emergencyCount;
        e = $.emergencies[id];
    }

    function _getStorage() private pure returns (DisasterPrepStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
