// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IModuleSetup} from "@citysync/module-kit/contracts/IModuleSetup.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {GeneralEconomy} from "./GeneralEconomy.sol";

/// @title GeneralEconomySetup
/// @notice What the kernel runs to prepare installing the general economy: deploys a GeneralEconomy proxy under
/// the kernel's city with the catalog from `initData`, after checking that every task type's bounds lie inside the
/// bounds the city's rates committee allows today. Requests no roles: the catalog needs none (the modules committee
/// registers it as the module's task policy on the task board after apply; see dpan.json `taskPolicy`).
contract GeneralEconomySetup is IModuleSetup {
    /// @notice The implementation every installation's proxy points at.
    address public immutable implementation;

    error GeneralEconomySetupForeignCity(address issuance, address cityAuthority, address issuanceAuthority);
    error GeneralEconomySetupLengthMismatch(uint256 taskTypes, uint256 minRates, uint256 maxRates);
    error GeneralEconomySetupOutsideCityBounds(bytes32 taskType, uint256 min, uint256 max, uint256 cityMin, uint256 cityMax);

    constructor() {
        implementation = address(new GeneralEconomy());
    }

    /// @notice The `initData` {prepareInstallation} expects: the city's issuance controller and the catalog. The
    /// SDK encodes it off chain from this function's inputs (their names match the manifest's `init` keys).
    function initData(
        address issuance,
        bytes32[] calldata taskTypes,
        uint256[] calldata minRates,
        uint256[] calldata maxRates
    ) external pure returns (bytes memory) {
        return abi.encode(issuance, taskTypes, minRates, maxRates);
    }

    /// @inheritdoc IModuleSetup
    function prepareInstallation(address kernel, bytes32 moduleId, bytes calldata data)
        external
        returns (address module, Permission[] memory permissions)
    {
        (address issuance, bytes32[] memory taskTypes, uint256[] memory minRates, uint256[] memory maxRates) =
            abi.decode(data, (address, bytes32[], uint256[], uint256[]));
        address authority = IAccessManaged(kernel).authority();
        address issuanceAuthority = IAccessManaged(issuance).authority();
        // The bounds must be the installing city's, not another one's.
        if (issuanceAuthority != authority) revert GeneralEconomySetupForeignCity(issuance, authority, issuanceAuthority);
        if (minRates.length != taskTypes.length || maxRates.length != taskTypes.length) {
            revert GeneralEconomySetupLengthMismatch(taskTypes.length, minRates.length, maxRates.length);
        }
        for (uint256 i; i < taskTypes.length; ++i) {
            (uint256 cityMin, uint256 cityMax) = IssuanceController(issuance).rateBounds(taskTypes[i]);
            if (minRates[i] < cityMin || maxRates[i] > cityMax) {
                revert GeneralEconomySetupOutsideCityBounds(taskTypes[i], minRates[i], maxRates[i], cityMin, cityMax);
            }
        }
        module = address(
            new ERC1967Proxy(
                implementation,
                abi.encodeCall(
                    GeneralEconomy.initialize, (authority, kernel, moduleId, taskTypes, minRates, maxRates)
                )
            )
        );
        permissions = new Permission[](0);
    }
}
