// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Test} from "forge-std/Test.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {ModuleRegistry} from "../../registry/ModuleRegistry.sol";

/// @notice A ModuleRegistry behind a UUPS proxy under its own AccessManager, with the council role mapped to the
/// restricted functions the way a registry network deploys it.
abstract contract RegistryFixture is Test {
    uint64 internal constant COUNCIL_ROLE = 1;

    AccessManager internal manager;
    ModuleRegistry internal registry;

    address internal admin = makeAddr("admin");
    address internal council = makeAddr("council");

    function _deployRegistry() internal {
        manager = new AccessManager(admin);
        ModuleRegistry impl = new ModuleRegistry();
        registry = ModuleRegistry(
            address(new ERC1967Proxy(address(impl), abi.encodeCall(ModuleRegistry.initialize, (address(manager)))))
        );
        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = ModuleRegistry.accreditAuditor.selector;
        selectors[1] = ModuleRegistry.revokeAuditor.selector;
        selectors[2] = ModuleRegistry.councilYank.selector;
        selectors[3] = registry.upgradeToAndCall.selector;
        selectors[4] = ModuleRegistry.councilRemoveMaintainer.selector;
        vm.startPrank(admin);
        manager.setTargetFunctionRole(address(registry), selectors, COUNCIL_ROLE);
        manager.grantRole(COUNCIL_ROLE, council, 0);
        vm.stopPrank();
    }

    /// @dev A 64-byte stand-in for a tarball's sha512 digest.
    function _digest(uint256 seed) internal pure returns (bytes memory) {
        return abi.encodePacked(keccak256(abi.encode(seed, 1)), keccak256(abi.encode(seed, 2)));
    }
}
