// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ModuleBase} from "@citysync/module-kit/contracts/ModuleBase.sol";
import {ITaskPolicy} from "@citysync/module-kit/contracts/ITaskPolicy.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";

/// @title MceTaskPolicy
/// @notice The on-chain rules of a module distilled from a Mass Coordination Event: its task catalog, each task
/// type's rate bounds and the verification its rule requires. It is the module's task policy: the modules committee
/// registers it on the task board at install, and from then on the board refuses at publish any task under this
/// module that is not of a catalog type, pays outside its type's bounds, or is verified otherwise than its rule says
/// (a type whose rule needs no verifier is verified by its issuer alone; a type whose rule needs k accredited
/// verifiers requires at least k).
/// @dev Everything specific to one module arrives through {initialize} (from the setup's `initData`, which the
/// manifest binds to tasks.json and verification.json), so this contract's source and bytecode are the same for
/// every module built on it. The catalog is fixed per installed version: changing it is a module update (prepare,
/// approve, apply) under a new content hash.
contract MceTaskPolicy is ModuleBase, ITaskPolicy {
    /// @notice One catalog entry: `listed` is false for a type outside the catalog.
    struct TaskTypeRule {
        bool listed;
        uint8 verifiersRequired;
        uint64 minRate;
        uint64 maxRate;
    }

    /// @notice What the setup hands to {initialize}: the catalog as parallel arrays.
    struct Catalog {
        // ids: keccak256 of the catalog's ids, unique and non-zero
        bytes32[] taskTypes;
        // lowest rate of each type (> 0)
        uint256[] minRates;
        // highest rate of each type (>= its min)
        uint256[] maxRates;
        // verifiers each type's rule requires (0: its issuer verifies alone), at most MAX_VERIFIERS
        uint256[] verifiersRequired;
    }

    /// @custom:storage-location erc7201:citysync.storage.MceTaskPolicy
    struct MceTaskPolicyStorage {
        bytes32[] taskTypes;
        mapping(bytes32 taskType => TaskTypeRule) rules;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.MceTaskPolicy")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x3c38461fedfb461a6d39de3c01e8355c7a707ffc25418031475267e8609c0200;

    /// @notice Most task types one catalog may list: keeps install and the views bounded.
    uint256 public constant MAX_TASK_TYPES = 64;
    /// @notice Most verifiers a rule may require: the task board's own limit (TaskBoard.MAX_VERIFIERS).
    uint256 public constant MAX_VERIFIERS = 16;

    /// @notice `taskType` is in the catalog, paying [minRate, maxRate], checked by `verifiersRequired` accredited
    /// verifiers (0: by its issuer alone).
    event TaskTypeListed(bytes32 indexed taskType, uint256 minRate, uint256 maxRate, uint256 verifiersRequired);

    error MceTaskPolicyEmptyCatalog();
    error MceTaskPolicyTooManyTaskTypes(uint256 count, uint256 max);
    error MceTaskPolicyLengthMismatch(uint256 taskTypes, uint256 minRates, uint256 maxRates, uint256 verifiersRequired);
    error MceTaskPolicyDuplicateTaskType(bytes32 taskType);
    error MceTaskPolicyInvalidBounds(bytes32 taskType, uint256 min, uint256 max);
    error MceTaskPolicyTooManyVerifiers(bytes32 taskType, uint256 verifiersRequired, uint256 max);
    error MceTaskPolicyUnknownTaskType(bytes32 taskType);
    error MceTaskPolicyRateOutOfBounds(bytes32 taskType, uint256 rate, uint256 min, uint256 max);
    error MceTaskPolicyWrongModule(bytes32 moduleId, bytes32 expected);
    /// @notice The task's verifiers do not follow its type's rule: `required` 0 means exactly 0 (the issuer
    /// verifies alone); otherwise at least `required`.
    error MceTaskPolicyWrongVerification(bytes32 taskType, uint256 verifiersRequired, uint256 required);

    /// @notice Initializes the module with its catalog.
    /// @param authority the city's AccessManager
    /// @param kernel_ the city's module kernel
    /// @param moduleId_ keccak256 of the package name: the budget line its tasks are paid from
    /// @param catalog_ the task types, their rate bounds and the verifiers their rules require
    function initialize(address authority, address kernel_, bytes32 moduleId_, Catalog calldata catalog_)
        external
        initializer
    {
        __ModuleBase_init(authority, kernel_, moduleId_);
        uint256 n = catalog_.taskTypes.length;
        if (n == 0) revert MceTaskPolicyEmptyCatalog();
        if (n > MAX_TASK_TYPES) revert MceTaskPolicyTooManyTaskTypes(n, MAX_TASK_TYPES);
        if (catalog_.minRates.length != n || catalog_.maxRates.length != n || catalog_.verifiersRequired.length != n) {
            revert MceTaskPolicyLengthMismatch(
                n, catalog_.minRates.length, catalog_.maxRates.length, catalog_.verifiersRequired.length
            );
        }
        MceTaskPolicyStorage storage $ = _getStorage();
        for (uint256 i; i < n; ++i) {
            _list($, catalog_.taskTypes[i], catalog_.minRates[i], catalog_.maxRates[i], catalog_.verifiersRequired[i]);
        }
    }

    // ---------------------------------------------------------------- the policy

    /// @notice Reverts, with the reason, unless `params` is a task this module allows: its module id, a catalog
    /// type, a rate inside that type's bounds, and the verification of the type's rule. The task board calls it at
    /// publish; an issuer's app can call it first to fail early with the same error. Who may publish is the board's
    /// rule (accredited issuers), not this contract's.
    function checkTask(address, TaskBoard.TaskParams calldata params) external view {
        bytes32 id = moduleId();
        if (params.moduleId != id) revert MceTaskPolicyWrongModule(params.moduleId, id);
        TaskTypeRule memory rule = _getStorage().rules[params.taskType];
        if (!rule.listed) revert MceTaskPolicyUnknownTaskType(params.taskType);
        if (params.rate < rule.minRate || params.rate > rule.maxRate) {
            revert MceTaskPolicyRateOutOfBounds(params.taskType, params.rate, rule.minRate, rule.maxRate);
        }
        uint256 required = rule.verifiersRequired;
        // An issuer-verified type stays issuer-verified; a k-of-n type may ask for more verifiers, never fewer.
        bool follows = required == 0 ? params.verifiersRequired == 0 : params.verifiersRequired >= required;
        if (!follows) revert MceTaskPolicyWrongVerification(params.taskType, params.verifiersRequired, required);
    }

    // ---------------------------------------------------------------- views

    /// @notice The catalog entry of `taskType` (`listed` false if it is not in the catalog).
    function taskTypeRule(bytes32 taskType) external view returns (TaskTypeRule memory) {
        return _getStorage().rules[taskType];
    }

    /// @notice The whole catalog, in the order it was listed.
    function catalog()
        external
        view
        returns (
            bytes32[] memory taskTypes,
            uint256[] memory minRates,
            uint256[] memory maxRates,
            uint256[] memory verifiersRequired
        )
    {
        MceTaskPolicyStorage storage $ = _getStorage();
        taskTypes = $.taskTypes;
        uint256 n = taskTypes.length;
        minRates = new uint256[](n);
        maxRates = new uint256[](n);
        verifiersRequired = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            TaskTypeRule memory rule = $.rules[taskTypes[i]];
            (minRates[i], maxRates[i], verifiersRequired[i]) = (rule.minRate, rule.maxRate, rule.verifiersRequired);
        }
    }

    // ---------------------------------------------------------------- internals

    function _list(MceTaskPolicyStorage storage $, bytes32 taskType, uint256 min, uint256 max, uint256 verifiers)
        private
    {
        if (taskType == bytes32(0)) revert MceTaskPolicyUnknownTaskType(taskType);
        TaskTypeRule storage rule = $.rules[taskType];
        if (rule.listed) revert MceTaskPolicyDuplicateTaskType(taskType);
        if (min == 0 || min > max || max > type(uint64).max) revert MceTaskPolicyInvalidBounds(taskType, min, max);
        if (verifiers > MAX_VERIFIERS) revert MceTaskPolicyTooManyVerifiers(taskType, verifiers, MAX_VERIFIERS);
        rule.listed = true;
        rule.verifiersRequired = uint8(verifiers);
        rule.minRate = uint64(min);
        rule.maxRate = uint64(max);
        $.taskTypes.push(taskType);
        emit TaskTypeListed(taskType, min, max, verifiers);
    }

    function _getStorage() private pure returns (MceTaskPolicyStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
