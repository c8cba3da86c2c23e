// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IModuleSetup} from "../../../../kernel/IModuleSetup.sol";
import {Roles} from "../../../../libraries/Roles.sol";
import {MockModule} from "./MockModule.sol";

/// @notice A module version's setup: deploys a MockModule behind an ERC1967Proxy under the kernel's AccessManager
/// and requests `roles` for it (by default only Roles.MODULE_OPERATOR). Tests can make it misbehave.
contract MockModuleSetup is IModuleSetup {
    address public immutable implementation;
    uint64[] private _roles;
    address private _granteeOverride;
    bool private _zeroModule;
    address public lastModule;

    constructor() {
        implementation = address(new MockModule());
        _roles.push(Roles.MODULE_OPERATOR);
    }

    function setRoles(uint64[] calldata roles) external {
        _roles = roles;
    }

    function setGrantee(address grantee) external {
        _granteeOverride = grantee;
    }

    function setZeroModule(bool zero) external {
        _zeroModule = zero;
    }

    function prepareInstallation(address kernel, bytes32 moduleId, bytes calldata)
        external
        returns (address module, Permission[] memory permissions)
    {
        if (_zeroModule) return (address(0), new Permission[](0));
        module = address(
            new ERC1967Proxy(
                implementation,
                abi.encodeCall(MockModule.initialize, (IAccessManaged(kernel).authority(), kernel, moduleId))
            )
        );
        lastModule = module;
        address grantee = _granteeOverride == address(0) ? module : _granteeOverride;
        permissions = new Permission[](_roles.length);
        for (uint256 i; i < _roles.length; ++i) {
            permissions[i] = Permission(_roles[i], grantee);
        }
    }
}
