// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ModuleRegistry} from "../../registry/ModuleRegistry.sol";
import {RegistryFixture} from "./RegistryFixture.sol";

/// @notice The setup code hash recorded with a version: what installers compare with a kernel's preparation.
contract ModuleRegistrySetupCodeTest is RegistryFixture {
    string internal constant NAME = "@berkeley/dpan-disaster-prep";
    bytes32 internal constant MANIFEST = keccak256("dpan.json");
    bytes32 internal constant SETUP = keccak256("setup creation code");

    address internal berkeley = makeAddr("berkeley");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        _deployRegistry();
    }

    function test_publishWithSetupCode_recordsVersionAndSetupCode() public {
        vm.expectEmit(address(registry));
        emit ModuleRegistry.VersionPublished(NAME, "1.0.0", _digest(1), MANIFEST, "", berkeley);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.SetupCodeRecorded(NAME, "1.0.0", SETUP);
        vm.prank(berkeley);
        registry.publishWithSetupCode(NAME, "1.0.0", _digest(1), MANIFEST, "", SETUP);
        assertEq(registry.setupCodeHash(NAME, "1.0.0"), SETUP);
        assertEq(registry.record(NAME, "1.0.0").publisher, berkeley);
        assertTrue(registry.isMaintainer(NAME, berkeley));
    }

    function test_setupCodeHash_zeroWhenPublishedWithout() public {
        vm.prank(berkeley);
        registry.publish(NAME, "1.0.0", _digest(1), MANIFEST, "");
        assertEq(registry.setupCodeHash(NAME, "1.0.0"), bytes32(0));
    }

    function test_RevertIf_setupCodeHash_unknownVersion() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownVersion.selector, NAME, "9.9.9"));
        registry.setupCodeHash(NAME, "9.9.9");
    }

    function test_RevertIf_publishWithSetupCode_emptyHash() public {
        vm.prank(berkeley);
        vm.expectRevert(ModuleRegistry.EmptySetupCodeHash.selector);
        registry.publishWithSetupCode(NAME, "1.0.0", _digest(1), MANIFEST, "", bytes32(0));
    }

    /// @dev A stranger cannot re-record a maintainer's version with its own setup: the version is recorded once.
    function test_RevertIf_publishWithSetupCode_strangerOverwritesSetup() public {
        vm.prank(berkeley);
        registry.publishWithSetupCode(NAME, "1.0.0", _digest(1), MANIFEST, "", SETUP);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.AlreadyPublished.selector, NAME, "1.0.0"));
        registry.publishWithSetupCode(NAME, "1.0.0", _digest(1), MANIFEST, "", keccak256("look-alike setup"));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotMaintainer.selector, NAME, stranger));
        registry.publishWithSetupCode(NAME, "1.0.1", _digest(2), MANIFEST, "", keccak256("look-alike setup"));
        assertEq(registry.setupCodeHash(NAME, "1.0.0"), SETUP);
    }
}
