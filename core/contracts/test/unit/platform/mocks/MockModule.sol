// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ModuleBase} from "../../../../kernel/ModuleBase.sol";

/// @notice The smallest dPAN module: ModuleBase behind a proxy, plus one function the city may restrict.
contract MockModule is ModuleBase {
    uint256 public pokes;

    function initialize(address authority, address kernel_, bytes32 moduleId_) external initializer {
        __ModuleBase_init(authority, kernel_, moduleId_);
    }

    /// @dev Restricted like any module entry point, so a test can route a call through the AccessManager.
    function poke() external restricted {
        ++pokes;
    }
}
