// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ModuleBase} from "@citysync/module-kit/contracts/ModuleBase.sol";
import {ITaskPolicy} from "@citysync/module-kit/contracts/ITaskPolicy.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";

/// @title GeneralEconomy
/// @notice The general civic-credit economy's on-chain task catalog: the standing task types (park cleanup, food
/// bank shift, tutoring hour, ...) and the rate bounds of each, as reviewed by the modules committee in the
/// module's tasks.json. It is the module's task policy: the modules committee registers it on the task board at
/// install, and from then on the board refuses at publish any task under this module that is not of a catalog
/// type, pays outside its type's bounds, or is not verified by its issuer alone (the module's verification rules).
/// @dev The catalog is fixed per installed version: changing it is a module update (prepare, approve, apply),
/// so what runs is always what the committee reviewed under the version's content hash.
contract GeneralEconomy is ModuleBase, ITaskPolicy {
    struct RateBounds {
        uint64 min;
        uint64 max;
    }

    /// @custom:storage-location erc7201:citysync.storage.GeneralEconomy
    struct GeneralEconomyStorage {
        bytes32[] taskTypes;
        mapping(bytes32 taskType => RateBounds) bounds;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.GeneralEconomy")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x675cd098b612755980b6b61355a9d589df3711f1143bce58beff82d660778600;

    /// @notice Most task types one catalog may list: keeps install and views bounded.
    uint256 public constant MAX_TASK_TYPES = 64;

    /// @notice The verifiers every task of this module requires: 0, its issuer verifies alone. Every rule of the
    /// module's verification.json (`issuer-attendance`, `issuer-photo-check`) says so; a fork that adds a k-of-n
    /// rule changes this contract too.
    uint8 public constant VERIFIERS_REQUIRED = 0;

    /// @notice `taskType` is in the catalog with rates in [minRate, maxRate].
    event TaskTypeListed(bytes32 indexed taskType, uint256 minRate, uint256 maxRate);

    error GeneralEconomyEmptyCatalog();
    error GeneralEconomyTooManyTaskTypes(uint256 count, uint256 max);
    error GeneralEconomyLengthMismatch(uint256 taskTypes, uint256 minRates, uint256 maxRates);
    error GeneralEconomyDuplicateTaskType(bytes32 taskType);
    error GeneralEconomyInvalidBounds(bytes32 taskType, uint256 min, uint256 max);
    error GeneralEconomyUnknownTaskType(bytes32 taskType);
    error GeneralEconomyRateOutOfBounds(bytes32 taskType, uint256 rate, uint256 min, uint256 max);
    error GeneralEconomyWrongModule(bytes32 moduleId, bytes32 expected);
    error GeneralEconomyWrongVerification(bytes32 taskType, uint256 verifiersRequired, uint256 required);

    /// @notice Initializes the module with its catalog.
    /// @param authority the city's AccessManager
    /// @param kernel_ the city's module kernel
    /// @param moduleId_ keccak256 of the package name: the budget line its tasks are paid from
    /// @param taskTypes ids (keccak256 of the catalog's ids), unique
    /// @param minRates lowest rate of each type (> 0)
    /// @param maxRates highest rate of each type (>= its min)
    function initialize(
        address authority,
        address kernel_,
        bytes32 moduleId_,
        bytes32[] calldata taskTypes,
        uint256[] calldata minRates,
        uint256[] calldata maxRates
    ) external initializer {
        __ModuleBase_init(authority, kernel_, moduleId_);
        uint256 n = taskTypes.length;
        if (n == 0) revert GeneralEconomyEmptyCatalog();
        if (n > MAX_TASK_TYPES) revert GeneralEconomyTooManyTaskTypes(n, MAX_TASK_TYPES);
        if (minRates.length != n || maxRates.length != n) {
            revert GeneralEconomyLengthMismatch(n, minRates.length, maxRates.length);
        }
        GeneralEconomyStorage storage $ = _getStorage();
        for (uint256 i; i < n; ++i) {
            bytes32 taskType = taskTypes[i];
            uint256 min = minRates[i];
            uint256 max = maxRates[i];
            if (taskType == bytes32(0)) revert GeneralEconomyUnknownTaskType(taskType);
            if ($.bounds[taskType].max != 0) revert GeneralEconomyDuplicateTaskType(taskType);
            if (min == 0 || min > max || max > type(uint64).max) revert GeneralEconomyInvalidBounds(taskType, min, max);
            $.bounds[taskType] = RateBounds(uint64(min), uint64(max));
            $.taskTypes.push(taskType);
            emit TaskTypeListed(taskType, min, max);
        }
    }

    // ---------------------------------------------------------------- the policy

    /// @notice Reverts unless `params` is a task of this module: a catalog type, a rate inside that type's bounds,
    /// verified by its issuer alone. The task board calls it at publish; an issuer's app can call it first to fail
    /// early with the same error. Any issuer the board accepts may publish (the board checks accreditation).
    function checkTask(address, TaskBoard.TaskParams calldata params) external view {
        bytes32 id = moduleId();
        if (params.moduleId != id) revert GeneralEconomyWrongModule(params.moduleId, id);
        RateBounds memory b = _getStorage().bounds[params.taskType];
        if (b.max == 0) revert GeneralEconomyUnknownTaskType(params.taskType);
        if (params.rate < b.min || params.rate > b.max) {
            revert GeneralEconomyRateOutOfBounds(params.taskType, params.rate, b.min, b.max);
        }
        if (params.verifiersRequired != VERIFIERS_REQUIRED) {
            revert GeneralEconomyWrongVerification(params.taskType, params.verifiersRequired, VERIFIERS_REQUIRED);
        }
    }

    // ---------------------------------------------------------------- views

    /// @notice The rate bounds of `taskType` (listed = false if it is not in the catalog).
    function rateBounds(bytes32 taskType) external view returns (bool listed, uint256 min, uint256 max) {
        RateBounds memory b = _getStorage().bounds[taskType];
        return (b.max != 0, b.min, b.max);
    }

    /// @notice The whole catalog, in the order it was listed.
    function catalog() external view returns (bytes32[] memory taskTypes, uint256[] memory minRates, uint256[] memory maxRates) {
        GeneralEconomyStorage storage $ = _getStorage();
        taskTypes = $.taskTypes;
        minRates = new uint256[](taskTypes.length);
        maxRates = new uint256[](taskTypes.length);
        for (uint256 i; i < taskTypes.length; ++i) {
            RateBounds memory b = $.bounds[taskTypes[i]];
            minRates[i] = b.min;
            maxRates[i] = b.max;
        }
    }

    function _getStorage() private pure returns (GeneralEconomyStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
