// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IModuleSetup} from "@citysync/module-kit/contracts/IModuleSetup.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {DisasterPrep} from "./DisasterPrep.sol";

/// @title DisasterPrepSetup
/// @notice What the kernel runs to prepare installing the disaster-preparedness module: resolves each catalog
/// type's verification rule to its verifier count, checks every type's bounds against the city's rate bounds, and
/// deploys a DisasterPrep proxy under the kernel's city. Requests no roles: the module only reads the TaskBoard.
/// Its emergency functions are restricted at the city's AccessManager, where only the city's admin can map them
/// to a role (see the README).
contract DisasterPrepSetup is IModuleSetup {
    /// @notice The inputs of {initData}, in order: what the manifest's `init` names.
    struct Init {
        address issuance;
        bytes32[] taskTypes;
        uint256[] minRates;
        uint256[] maxRates;
        bytes32[] taskRules;
        bytes32[] ruleIds;
        uint256[] ruleVerifiers;
        uint256 wildfireOpens;
        uint256 wildfireCloses;
        uint256 earthquakeOpens;
        uint256 earthquakeCloses;
        uint256 emergencyMaxCeiling;
    }

    /// @notice The implementation every installation's proxy points at.
    address public immutable implementation;

    error DisasterPrepSetupForeignCity(address issuance, address cityAuthority, address issuanceAuthority);
    error DisasterPrepSetupLengthMismatch();
    error DisasterPrepSetupUnknownRule(bytes32 taskType, bytes32 rule);
    error DisasterPrepSetupOutsideCityBounds(bytes32 taskType, uint256 min, uint256 max, uint256 cityMin, uint256 cityMax);

    constructor() {
        implementation = address(new DisasterPrep());
    }

    /// @notice The `initData` {prepareInstallation} expects. The SDK encodes it off chain from these inputs' names
    /// (the manifest's `init` keys): the catalog (types, rate bounds, rule of each type) and the verification rules
    /// from tasks.json and verification.json, and the parameters.
    /// @dev The calldata after the selector is exactly `abi.encode` of the inputs, and re-encoding twelve inputs
    /// would not fit the stack.
    function initData(
        address issuance,
        bytes32[] memory taskTypes,
        uint256[] memory minRates,
        uint256[] memory maxRates,
        bytes32[] memory taskRules,
        bytes32[] memory ruleIds,
        uint256[] memory ruleVerifiers,
        uint256 wildfireOpens,
        uint256 wildfireCloses,
        uint256 earthquakeOpens,
        uint256 earthquakeCloses,
        uint256 emergencyMaxCeiling
    ) external pure returns (bytes memory) {
        issuance;
        taskTypes;
        minRates;
        maxRates;
        taskRules;
        ruleIds;
        ruleVerifiers;
        wildfireOpens;
        wildfireCloses;
        earthquakeOpens;
        earthquakeCloses;
        emergencyMaxCeiling;
        return msg.data[4:];
    }

    /// @inheritdoc IModuleSetup
    function prepareInstallation(address kernel, bytes32 moduleId, bytes calldata data)
        external
        returns (address module, Permission[] memory permissions)
    {
        Init memory init = decodeInit(data);
        address authority = IAccessManaged(kernel).authority();
        address issuanceAuthority = IAccessManaged(init.issuance).authority();
        // The bounds and the task board must be the installing city's, not another one's.
        if (issuanceAuthority != authority) {
            revert DisasterPrepSetupForeignCity(init.issuance, authority, issuanceAuthority);
        }
        DisasterPrep.Config memory cfg = _config(init);
        (address board,) = IssuanceController(init.issuance).wiring();
        module = address(
            new ERC1967Proxy(implementation, abi.encodeCall(DisasterPrep.initialize, (authority, kernel, moduleId, board, cfg)))
        );
        permissions = new Permission[](0);
    }

    /// @notice Decodes {initData}'s encoding.
    /// @dev `abi.encode(a, b, ...)` is the encoding of the tuple (a, b, ...); a struct with dynamic members is
    /// encoded as one offset word (0x20) followed by that same tuple, so prefixing the word decodes it as {Init}.
    function decodeInit(bytes calldata data) public pure returns (Init memory) {
        return abi.decode(bytes.concat(bytes32(uint256(0x20)), data), (Init));
    }

    function _config(Init memory init) private view returns (DisasterPrep.Config memory cfg) {
        uint256 n = init.taskTypes.length;
        if (
            init.minRates.length != n || init.maxRates.length != n || init.taskRules.length != n
                || init.ruleVerifiers.length != init.ruleIds.length
        ) revert DisasterPrepSetupLengthMismatch();
        cfg.verifiersRequired = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            cfg.verifiersRequired[i] = _verifiersOf(init, i);
            (uint256 cityMin, uint256 cityMax) = IssuanceController(init.issuance).rateBounds(init.taskTypes[i]);
            if (init.minRates[i] < cityMin || init.maxRates[i] > cityMax) {
                revert DisasterPrepSetupOutsideCityBounds(
                    init.taskTypes[i], init.minRates[i], init.maxRates[i], cityMin, cityMax
                );
            }
        }
        cfg.taskTypes = init.taskTypes;
        cfg.minRates = init.minRates;
        cfg.maxRates = init.maxRates;
        cfg.seasonOpens = new uint256[](2);
        cfg.seasonCloses = new uint256[](2);
        (cfg.seasonOpens[0], cfg.seasonCloses[0]) = (init.wildfireOpens, init.wildfireCloses);
        (cfg.seasonOpens[1], cfg.seasonCloses[1]) = (init.earthquakeOpens, init.earthquakeCloses);
        cfg.emergencyMaxCeiling = init.emergencyMaxCeiling;
    }

    function _verifiersOf(Init memory init, uint256 typeIndex) private pure returns (uint256) {
        bytes32 rule = init.taskRules[typeIndex];
        for (uint256 j; j < init.ruleIds.length; ++j) {
            if (init.ruleIds[j] == rule) return init.ruleVerifiers[j];
        }
        revert DisasterPrepSetupUnknownRule(init.taskTypes[typeIndex], rule);
    }
}
