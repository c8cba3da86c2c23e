// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title IModuleSetup
/// @notice What a dPAN module version ships for the kernel, modelled on Aragon OSx's plugin setup: it deploys the
/// module's contracts and lists the exact permissions (AccessManager roles) they need. It never grants anything
/// itself; the kernel grants exactly the listed permissions once the modules committee approves.
interface IModuleSetup {
    /// @notice A role the module requests for one of its contracts.
    struct Permission {
        uint64 role;
        address grantee;
    }

    /// @notice Deploys the module for the city behind `kernel`.
    /// @param kernel the city's ModuleKernel
    /// @param moduleId keccak256 of the module's package name
    /// @param initData module-specific parameters (ABI-encoded)
    /// @return module the module's main contract
    /// @return permissions the roles it requests
    function prepareInstallation(address kernel, bytes32 moduleId, bytes calldata initData)
        external
        returns (address module, Permission[] memory permissions);
}
