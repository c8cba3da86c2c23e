// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IModuleSetup} from "@citysync/module-kit/contracts/IModuleSetup.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {MceTaskPolicy} from "./MceTaskPolicy.sol";

/// @title MceTaskPolicySetup
/// @notice What the kernel runs to prepare installing a module built on {MceTaskPolicy}: resolves each catalog
/// type's verification rule to the number of verifiers it requires, checks every type's rate bounds against the
/// bounds the city's rates committee allows today, and deploys an MceTaskPolicy proxy under the kernel's city.
/// Requests no roles: the policy only answers the task board (the modules committee registers it as the module's
/// task policy after apply; dpan.json `taskPolicy`).
/// @dev Generic: the catalog and the rules come from `initData`, which the manifest's `init` binds to the
/// module's tasks.json and verification.json.
contract MceTaskPolicySetup is IModuleSetup {
    /// @notice The inputs of {initData}, in order: what the manifest's `init` names.
    struct Init {
        address issuance;
        bytes32[] taskTypes;
        uint256[] minRates;
        uint256[] maxRates;
        bytes32[] taskRules;
        bytes32[] ruleIds;
        uint256[] ruleVerifiers;
    }

    /// @notice The implementation every installation's proxy points at.
    address public immutable implementation;

    error MceTaskPolicySetupForeignCity(address issuance, address cityAuthority, address issuanceAuthority);
    error MceTaskPolicySetupLengthMismatch(uint256 taskTypes, uint256 minRates, uint256 maxRates, uint256 taskRules);
    error MceTaskPolicySetupRulesMismatch(uint256 ruleIds, uint256 ruleVerifiers);
    error MceTaskPolicySetupUnknownRule(bytes32 taskType, bytes32 rule);
    error MceTaskPolicySetupOutsideCityBounds(
        bytes32 taskType, uint256 min, uint256 max, uint256 cityMin, uint256 cityMax
    );

    constructor() {
        implementation = address(new MceTaskPolicy());
    }

    /// @notice The `initData` {prepareInstallation} expects. The SDK encodes it off chain from these inputs' names
    /// (the manifest's `init` keys): the city's issuance controller, the catalog (each type's id, rate bounds and
    /// rule id) and the verification rules (each rule's id and the verifiers it requires).
    /// @dev The calldata after the selector is exactly `abi.encode` of the inputs.
    function initData(
        address issuance,
        bytes32[] memory taskTypes,
        uint256[] memory minRates,
        uint256[] memory maxRates,
        bytes32[] memory taskRules,
        bytes32[] memory ruleIds,
        uint256[] memory ruleVerifiers
    ) external pure returns (bytes memory) {
        issuance;
        taskTypes;
        minRates;
        maxRates;
        taskRules;
        ruleIds;
        ruleVerifiers;
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
        // The bounds must be the installing city's, not another one's.
        if (issuanceAuthority != authority) {
            revert MceTaskPolicySetupForeignCity(init.issuance, authority, issuanceAuthority);
        }
        MceTaskPolicy.Catalog memory catalog =
            MceTaskPolicy.Catalog(init.taskTypes, init.minRates, init.maxRates, _verifiersOf(init));
        module = address(
            new ERC1967Proxy(
                implementation, abi.encodeCall(MceTaskPolicy.initialize, (authority, kernel, moduleId, catalog))
            )
        );
        permissions = new Permission[](0);
    }

    /// @notice Decodes {initData}'s encoding.
    /// @dev `abi.encode(a, b, ...)` is the encoding of the tuple (a, b, ...); a struct with dynamic members is
    /// encoded as one offset word (0x20) followed by that same tuple, so prefixing the word decodes it as {Init}.
    function decodeInit(bytes calldata data) public pure returns (Init memory) {
        return abi.decode(bytes.concat(bytes32(uint256(0x20)), data), (Init));
    }

    /// @dev Each type's verifiers, from its rule; and each type's bounds inside the city's bounds for it.
    function _verifiersOf(Init memory init) private view returns (uint256[] memory verifiers) {
        uint256 n = init.taskTypes.length;
        if (init.minRates.length != n || init.maxRates.length != n || init.taskRules.length != n) {
            revert MceTaskPolicySetupLengthMismatch(
                n, init.minRates.length, init.maxRates.length, init.taskRules.length
            );
        }
        if (init.ruleIds.length != init.ruleVerifiers.length) {
            revert MceTaskPolicySetupRulesMismatch(init.ruleIds.length, init.ruleVerifiers.length);
        }
        verifiers = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            verifiers[i] = _ruleVerifiers(init, i);
            (uint256 cityMin, uint256 cityMax) = IssuanceController(init.issuance).rateBounds(init.taskTypes[i]);
            if (init.minRates[i] < cityMin || init.maxRates[i] > cityMax) {
                revert MceTaskPolicySetupOutsideCityBounds(
                    init.taskTypes[i], init.minRates[i], init.maxRates[i], cityMin, cityMax
                );
            }
        }
    }

    function _ruleVerifiers(Init memory init, uint256 typeIndex) private pure returns (uint256) {
        bytes32 rule = init.taskRules[typeIndex];
        for (uint256 j; j < init.ruleIds.length; ++j) {
            if (init.ruleIds[j] == rule) return init.ruleVerifiers[j];
        }
        revert MceTaskPolicySetupUnknownRule(init.taskTypes[typeIndex], rule);
    }
}
