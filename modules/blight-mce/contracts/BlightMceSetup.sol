// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IModuleSetup} from "@citysync/module-kit/contracts/IModuleSetup.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {BlightMce} from "./BlightMce.sol";

/// @title BlightMceSetup
/// @notice What the kernel runs to prepare installing the blight & safety MCE: deploys a BlightMce proxy under the
/// kernel's city with the catalog, the event's duration and the evidence schema hash from `initData`, after checking
/// that every task type's bounds lie inside the city's rate bounds today. Requests no roles: the module only reads
/// the core; the modules committee registers it as the task board's policy for its module id.
contract BlightMceSetup is IModuleSetup {
    /// @notice The implementation every installation's proxy points at.
    address public immutable implementation;

    error BlightMceSetupForeignCity(address issuance, address cityAuthority, address issuanceAuthority);
    error BlightMceSetupLengthMismatch(uint256 taskTypes, uint256 minRates, uint256 maxRates);
    error BlightMceSetupOutsideCityBounds(bytes32 taskType, uint256 min, uint256 max, uint256 cityMin, uint256 cityMax);

    constructor() {
        implementation = address(new BlightMce());
    }

    /// @notice The `initData` {prepareInstallation} expects. The SDK encodes it off chain from this function's
    /// inputs (their names match the manifest's `init` keys).
    function initData(
        address issuance,
        bytes32 evidenceSchemaHash,
        uint64 durationSeconds,
        bytes32[] calldata taskTypes,
        uint256[] calldata minRates,
        uint256[] calldata maxRates
    ) external pure returns (bytes memory) {
        return abi.encode(issuance, evidenceSchemaHash, durationSeconds, taskTypes, minRates, maxRates);
    }

    /// @inheritdoc IModuleSetup
    function prepareInstallation(address kernel, bytes32 moduleId, bytes calldata data)
        external
        returns (address module, Permission[] memory permissions)
    {
        address authority = IAccessManaged(kernel).authority();
        BlightMce.Config memory config = _config(authority, data);
        module = address(
            new ERC1967Proxy(implementation, abi.encodeCall(BlightMce.initialize, (authority, kernel, moduleId, config)))
        );
        permissions = new Permission[](0);
    }

    /// @dev Decodes `initData`, checks it against the city (same authority, catalog inside its rate bounds) and
    /// completes it with the city's board, ledger and issuance controller.
    function _config(address authority, bytes calldata data) private view returns (BlightMce.Config memory config) {
        address issuance;
        (issuance, config.evidenceSchemaHash, config.duration, config.taskTypes, config.minRates, config.maxRates) =
            abi.decode(data, (address, bytes32, uint64, bytes32[], uint256[], uint256[]));
        address issuanceAuthority = IAccessManaged(issuance).authority();
        // The bounds, the board and the ledger must be the installing city's, not another one's.
        if (issuanceAuthority != authority) revert BlightMceSetupForeignCity(issuance, authority, issuanceAuthority);
        uint256 n = config.taskTypes.length;
        if (config.minRates.length != n || config.maxRates.length != n) {
            revert BlightMceSetupLengthMismatch(n, config.minRates.length, config.maxRates.length);
        }
        for (uint256 i; i < n; ++i) {
            (uint256 cityMin, uint256 cityMax) = IssuanceController(issuance).rateBounds(config.taskTypes[i]);
            if (config.minRates[i] < cityMin || config.maxRates[i] > cityMax) {
                revert BlightMceSetupOutsideCityBounds(
                    config.taskTypes[i], config.minRates[i], config.maxRates[i], cityMin, cityMax
                );
            }
        }
        (config.taskBoard, config.credit) = IssuanceController(issuance).wiring();
        config.issuance = issuance;
    }
}
