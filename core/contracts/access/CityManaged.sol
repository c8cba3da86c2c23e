// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {AccessManagedUpgradeable} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagedUpgradeable.sol";

/// @title CityManaged
/// @notice Base of every upgradeable City/Sync contract: permissions come from the city's AccessManager, and an
/// upgrade is a restricted call like any other, so only the upgrades committee (with its delay) can perform one.
abstract contract CityManaged is Initializable, AccessManagedUpgradeable, UUPSUpgradeable {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function __CityManaged_init(address authority) internal onlyInitializing {
        __AccessManaged_init(authority);
    }

    /// @dev `upgradeToAndCall` is mapped to the upgrades committee's role in the AccessManager.
    function _authorizeUpgrade(address) internal override restricted {}
}
