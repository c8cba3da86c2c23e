// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ModuleRegistry} from "../../registry/ModuleRegistry.sol";
import {RegistryFixture} from "./RegistryFixture.sol";

contract ModuleRegistryTest is RegistryFixture {
    string internal constant NAME = "@berkeley/dpan-disaster-prep";
    string internal constant FORK = "@cdmx/dpan-disaster-prep";
    bytes32 internal constant MANIFEST = keccak256("dpan.json");
    bytes32 internal constant REPORT = keccak256("audit report");

    address internal berkeley = makeAddr("berkeley");
    address internal cdmx = makeAddr("cdmx");
    address internal stranger = makeAddr("stranger");
    address internal auditor = makeAddr("auditor");
    address internal auditor2 = makeAddr("auditor2");

    function setUp() public {
        _deployRegistry();
    }

    function _publish(address who, string memory name, string memory version, uint256 seed, string memory source)
        internal
    {
        vm.prank(who);
        registry.publish(name, version, _digest(seed), MANIFEST, source);
    }

    function _accredit(address who) internal {
        vm.prank(council);
        registry.accreditAuditor(who, keccak256(abi.encode(who)));
    }

    function _attest(address who, string memory name, string memory version, ModuleRegistry.Verdict verdict) internal {
        vm.prank(who);
        registry.attest(name, version, REPORT, verdict);
    }

    function _pair(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        list[0] = a;
        list[1] = b;
    }

    // ------------------------------------------------------------------ initialization and upgrades

    function test_initialize_setsAuthorityAndCannotRunTwice() public {
        assertEq(registry.authority(), address(manager));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        registry.initialize(address(0xBEEF));
    }

    function test_upgrade_onlyCouncil() public {
        ModuleRegistry next = new ModuleRegistry();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        registry.upgradeToAndCall(address(next), "");

        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(council);
        registry.upgradeToAndCall(address(next), "");
        // state lives in the ERC-7201 slot, untouched by the new implementation
        assertEq(registry.record(NAME, "1.0.0").integrity, _digest(1));
    }

    // ------------------------------------------------------------------ publish

    function test_publish_recordsVersionAndClaimsName() public {
        vm.warp(1_700_000_000);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.NameClaimed(NAME, berkeley);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.MaintainerAdded(NAME, berkeley, berkeley);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.VersionPublished(NAME, "1.0.0", _digest(1), MANIFEST, "", berkeley);
        _publish(berkeley, NAME, "1.0.0", 1, "");

        ModuleRegistry.VersionRecord memory rec = registry.record(NAME, "1.0.0");
        assertEq(rec.integrity, _digest(1));
        assertEq(rec.manifestHash, MANIFEST);
        assertEq(rec.publisher, berkeley);
        assertEq(rec.publishedAt, 1_700_000_000);
        assertFalse(rec.yanked);
        assertEq(rec.forkedFrom, "");
        assertTrue(registry.isPublished(NAME, "1.0.0"));
        assertFalse(registry.isPublished(NAME, "1.0.1"));
        assertTrue(registry.isMaintainer(NAME, berkeley));
        assertEq(registry.maintainers(NAME).length, 1);
    }

    function test_publish_nextVersionByMaintainerOnly() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotMaintainer.selector, NAME, stranger));
        registry.publish(NAME, "1.1.0", _digest(2), MANIFEST, "");

        vm.recordLogs();
        _publish(berkeley, NAME, "1.1.0", 2, "");
        assertEq(vm.getRecordedLogs().length, 1, "no second NameClaimed");
        string[] memory list = registry.versions(NAME);
        assertEq(list.length, 2);
        assertEq(list[0], "1.0.0");
        assertEq(list[1], "1.1.0");
        assertEq(registry.record(NAME, "1.1.0").publisher, berkeley);
    }

    function test_publish_addedMaintainerMayPublish() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(berkeley);
        registry.addMaintainer(NAME, stranger);
        _publish(stranger, NAME, "1.0.1", 2, "");
        assertEq(registry.record(NAME, "1.0.1").publisher, stranger);
    }

    function test_publish_revertsAlreadyPublishedForSameBytes() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.AlreadyPublished.selector, NAME, "1.0.0"));
        registry.publish(NAME, "1.0.0", _digest(1), MANIFEST, "");
    }

    function test_publish_revertsVersionExistsForOtherBytes() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        // checked before the maintainer check: anyone learns the version is taken and by which digest
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.VersionExists.selector, NAME, "1.0.0", _digest(1)));
        registry.publish(NAME, "1.0.0", _digest(2), MANIFEST, "");
    }

    function test_publish_revertsInvalidName() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidName.selector, ""));
        registry.publish("", "1.0.0", _digest(1), MANIFEST, "");

        string memory tooLong = string(new bytes(215));
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidName.selector, tooLong));
        registry.publish(tooLong, "1.0.0", _digest(1), MANIFEST, "");
    }

    function test_publish_acceptsLongestNameAndVersion() public {
        string memory name = string(new bytes(214));
        string memory version = string(new bytes(256));
        registry.publish(name, version, _digest(1), MANIFEST, "");
        assertTrue(registry.isPublished(name, version));
    }

    function test_publish_revertsInvalidVersion() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidVersion.selector, ""));
        registry.publish(NAME, "", _digest(1), MANIFEST, "");

        string memory tooLong = string(new bytes(257));
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidVersion.selector, tooLong));
        registry.publish(NAME, tooLong, _digest(1), MANIFEST, "");

        // an '@' would make "name@version" ambiguous in forkedFrom
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidVersion.selector, "1.0.0@x"));
        registry.publish(NAME, "1.0.0@x", _digest(1), MANIFEST, "");
    }

    function testFuzz_publish_revertsInvalidIntegrityLength(uint8 length) public {
        vm.assume(length != 64);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidIntegrity.selector, uint256(length)));
        registry.publish(NAME, "1.0.0", new bytes(length), MANIFEST, "");
    }

    function test_publish_revertsEmptyManifestHash() public {
        vm.expectRevert(ModuleRegistry.EmptyManifestHash.selector);
        registry.publish(NAME, "1.0.0", _digest(1), bytes32(0), "");
    }

    function test_publish_revertsInvalidForkSource() public {
        string[4] memory bad = ["1.0.0", "@1.0.0", "name@", "@scope/name"];
        for (uint256 i = 0; i < bad.length; i++) {
            vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidForkSource.selector, bad[i]));
            registry.publish(FORK, "1.0.0", _digest(1), MANIFEST, bad[i]);
        }
    }

    function test_publish_revertsUnknownForkSource() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        string memory source = string.concat(NAME, "@2.0.0");
        vm.prank(cdmx);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownForkSource.selector, source));
        registry.publish(FORK, "1.0.0", _digest(2), MANIFEST, source);
    }

    function test_publish_forkRecordsLineageBothWays() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        string memory source = string.concat(NAME, "@1.0.0");
        vm.expectEmit(address(registry));
        emit ModuleRegistry.VersionPublished(FORK, "1.0.0", _digest(2), MANIFEST, source, cdmx);
        _publish(cdmx, FORK, "1.0.0", 2, source);
        _publish(makeAddr("nairobi"), "@nairobi/dpan-disaster-prep", "1.0.0", 3, string.concat(FORK, "@1.0.0"));

        assertEq(registry.forkedFrom(FORK, "1.0.0"), source);
        assertEq(registry.forkedFrom(NAME, "1.0.0"), "");
        string[] memory forks = registry.forksOf(NAME, "1.0.0", 0, 100);
        assertEq(forks.length, 1);
        assertEq(forks[0], string.concat(FORK, "@1.0.0"));
        forks = registry.forksOf(FORK, "1.0.0", 0, 100);
        assertEq(forks.length, 1);
        assertEq(forks[0], "@nairobi/dpan-disaster-prep@1.0.0");
        assertEq(registry.forksOf(NAME, "9.9.9", 0, 100).length, 0);
    }

    function test_publish_forkOfYankedVersionAllowed() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(berkeley);
        registry.yank(NAME, "1.0.0", "superseded");
        _publish(cdmx, FORK, "1.0.0", 2, string.concat(NAME, "@1.0.0"));
        assertEq(registry.forkedFrom(FORK, "1.0.0"), string.concat(NAME, "@1.0.0"));
        assertFalse(registry.isYanked(FORK, "1.0.0"));
    }

    function test_publish_unscopedForkSource() public {
        _publish(berkeley, "dpan-plain", "0.1.0", 1, "");
        _publish(cdmx, FORK, "1.0.0", 2, "dpan-plain@0.1.0");
        assertEq(registry.forksOf("dpan-plain", "0.1.0", 0, 100)[0], string.concat(FORK, "@1.0.0"));
    }

    function testFuzz_publish_recordsOnceExactly(bytes32 manifestHash, uint256 seed, uint256 otherSeed) public {
        vm.assume(manifestHash != bytes32(0) && seed != otherSeed);
        vm.prank(berkeley);
        registry.publish(NAME, "2.0.0", _digest(seed), manifestHash, "");
        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.VersionExists.selector, NAME, "2.0.0", _digest(seed)));
        registry.publish(NAME, "2.0.0", _digest(otherSeed), manifestHash, "");
        ModuleRegistry.VersionRecord memory rec = registry.record(NAME, "2.0.0");
        assertEq(rec.integrity, _digest(seed));
        assertEq(rec.manifestHash, manifestHash);
    }

    // ------------------------------------------------------------------ maintainers

    function test_addMaintainer_emitsAndReverts() public {
        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownPackage.selector, NAME));
        registry.addMaintainer(NAME, stranger);

        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotMaintainer.selector, NAME, stranger));
        registry.addMaintainer(NAME, stranger);

        vm.prank(berkeley);
        vm.expectRevert(ModuleRegistry.ZeroAddress.selector);
        registry.addMaintainer(NAME, address(0));

        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.AlreadyMaintainer.selector, NAME, berkeley));
        registry.addMaintainer(NAME, berkeley);

        vm.expectEmit(address(registry));
        emit ModuleRegistry.MaintainerAdded(NAME, cdmx, berkeley);
        vm.prank(berkeley);
        registry.addMaintainer(NAME, cdmx);
        assertTrue(registry.isMaintainer(NAME, cdmx));
    }

    function test_removeMaintainer_emitsAndReverts() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.LastMaintainer.selector, NAME, berkeley));
        registry.removeMaintainer(NAME, berkeley);

        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotMaintainer.selector, NAME, cdmx));
        registry.removeMaintainer(NAME, cdmx);

        vm.prank(berkeley);
        registry.addMaintainer(NAME, cdmx);

        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotMaintainer.selector, NAME, stranger));
        registry.removeMaintainer(NAME, berkeley);

        // Of two maintainers, one removing the other is one vote of the two needed.
        bytes32 action = registry.removeAction(berkeley);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.MaintainerVoteCast(NAME, action, cdmx, 1, 2);
        vm.prank(cdmx);
        assertFalse(registry.removeMaintainer(NAME, berkeley));
        assertTrue(registry.isMaintainer(NAME, berkeley));
        vm.prank(cdmx);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.AlreadyVoted.selector, NAME, action, cdmx));
        registry.removeMaintainer(NAME, berkeley);

        // The council can remove any maintainer but the last.
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        registry.councilRemoveMaintainer(NAME, berkeley);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.MaintainerRemoved(NAME, berkeley, council);
        vm.prank(council);
        registry.councilRemoveMaintainer(NAME, berkeley);
        assertFalse(registry.isMaintainer(NAME, berkeley));
        vm.prank(council);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.LastMaintainer.selector, NAME, cdmx));
        registry.councilRemoveMaintainer(NAME, cdmx);
        assertEq(registry.maintainers(NAME)[0], cdmx);

        // a former maintainer can no longer publish
        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotMaintainer.selector, NAME, berkeley));
        registry.publish(NAME, "1.0.1", _digest(2), MANIFEST, "");
    }

    // ------------------------------------------------------------------ yanks

    function test_yank_byMaintainerIsPermanent() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.warp(1_800_000_000);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.VersionYanked(NAME, "1.0.0", "CVE-2026-1", berkeley);
        vm.prank(berkeley);
        registry.yank(NAME, "1.0.0", "CVE-2026-1");

        assertTrue(registry.isYanked(NAME, "1.0.0"));
        ModuleRegistry.VersionRecord memory rec = registry.record(NAME, "1.0.0");
        assertTrue(rec.yanked);
        assertEq(rec.yankedAt, 1_800_000_000);
        assertEq(rec.yankReason, "CVE-2026-1");
        assertEq(rec.integrity, _digest(1));

        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.AlreadyYanked.selector, NAME, "1.0.0"));
        registry.yank(NAME, "1.0.0", "again");
        vm.prank(council);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.AlreadyYanked.selector, NAME, "1.0.0"));
        registry.councilYank(NAME, "1.0.0", "again");
        // the version stays taken: a yanked version cannot be published again
        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.AlreadyPublished.selector, NAME, "1.0.0"));
        registry.publish(NAME, "1.0.0", _digest(1), MANIFEST, "");
    }

    function test_yank_reverts() public {
        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownPackage.selector, NAME));
        registry.yank(NAME, "1.0.0", "reason");

        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotMaintainer.selector, NAME, stranger));
        registry.yank(NAME, "1.0.0", "reason");

        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownVersion.selector, NAME, "2.0.0"));
        registry.yank(NAME, "2.0.0", "reason");

        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidReason.selector, uint256(0)));
        registry.yank(NAME, "1.0.0", "");

        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.InvalidReason.selector, uint256(1025)));
        registry.yank(NAME, "1.0.0", string(new bytes(1025)));
        assertFalse(registry.isYanked(NAME, "1.0.0"));
    }

    function test_councilYank_restricted() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(berkeley);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, berkeley));
        registry.councilYank(NAME, "1.0.0", "incident");

        vm.prank(council);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownVersion.selector, NAME, "2.0.0"));
        registry.councilYank(NAME, "2.0.0", "incident");

        vm.expectEmit(address(registry));
        emit ModuleRegistry.VersionYanked(NAME, "1.0.0", "incident", council);
        vm.prank(council);
        registry.councilYank(NAME, "1.0.0", "incident");
        assertTrue(registry.isYanked(NAME, "1.0.0"));
    }

    // ------------------------------------------------------------------ no single co-maintainer takes over

    address internal oaxaca = makeAddr("oaxaca");

    /// @dev Three maintainers; each addition past the first needs a majority of the maintainers at the time.
    function _threeMaintainers() internal {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        _publish(berkeley, NAME, "1.1.0", 2, "");
        vm.prank(berkeley);
        registry.addMaintainer(NAME, cdmx); // one maintainer: a majority of one
        vm.prank(berkeley);
        registry.addMaintainer(NAME, oaxaca);
        vm.prank(cdmx);
        try registry.addMaintainer(NAME, oaxaca) {} catch {} // the second of two votes
        assertTrue(registry.isMaintainer(NAME, oaxaca));
    }

    /// @dev Attack: one co-maintainer removes every other maintainer and keeps the name to itself.
    function test_RevertIf_removeMaintainer_oneCoMaintainerRemovesAllOthers() public {
        _threeMaintainers();
        vm.startPrank(cdmx);
        try registry.removeMaintainer(NAME, berkeley) {} catch {}
        try registry.removeMaintainer(NAME, oaxaca) {} catch {}
        vm.stopPrank();
        assertTrue(registry.isMaintainer(NAME, berkeley), "one co-maintainer removed another");
        assertTrue(registry.isMaintainer(NAME, oaxaca), "one co-maintainer removed another");
    }

    /// @dev Attack: one co-maintainer yanks every version of the module for ever.
    function test_RevertIf_yank_oneCoMaintainerYanksEveryVersion() public {
        _threeMaintainers();
        vm.startPrank(cdmx);
        try registry.yank(NAME, "1.0.0", "sabotage") {} catch {}
        try registry.yank(NAME, "1.1.0", "sabotage") {} catch {}
        vm.stopPrank();
        assertFalse(registry.isYanked(NAME, "1.0.0"), "one co-maintainer yanked a version");
        assertFalse(registry.isYanked(NAME, "1.1.0"), "one co-maintainer yanked a version");
    }

    function test_removeMaintainer_majorityRemovesAndSelfRemovalIsImmediate() public {
        _threeMaintainers();
        assertEq(registry.maintainerQuorum(NAME), 2);
        vm.prank(cdmx);
        assertFalse(registry.removeMaintainer(NAME, oaxaca));
        (uint256 votes, uint256 quorum) = registry.maintainerVotes(NAME, registry.removeAction(oaxaca));
        assertEq(votes, 1);
        assertEq(quorum, 2);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.MaintainerRemoved(NAME, oaxaca, berkeley);
        vm.prank(berkeley);
        assertTrue(registry.removeMaintainer(NAME, oaxaca));
        assertFalse(registry.isMaintainer(NAME, oaxaca));
        vm.prank(cdmx);
        assertTrue(registry.removeMaintainer(NAME, cdmx)); // leaving needs no vote
        assertEq(registry.maintainers(NAME).length, 1);
    }

    /// @dev Votes cast under another set of maintainers do not count: a removed maintainer's vote, cast before its
    /// removal, cannot complete a quorum later.
    function test_removeMaintainer_votesVoidedByMaintainerChange() public {
        _threeMaintainers();
        vm.prank(oaxaca);
        registry.yank(NAME, "1.0.0", "bad"); // one vote of two
        vm.prank(oaxaca);
        registry.removeMaintainer(NAME, oaxaca); // the voter leaves
        assertEq(registry.maintainerQuorum(NAME), 2);
        vm.prank(cdmx);
        assertFalse(registry.yank(NAME, "1.0.0", "bad"));
        assertFalse(registry.isYanked(NAME, "1.0.0"));
        vm.prank(berkeley);
        assertTrue(registry.yank(NAME, "1.0.0", "bad"));
        assertTrue(registry.isYanked(NAME, "1.0.0"));
    }

    function test_yank_votesForAnotherReasonDoNotAddUp() public {
        _threeMaintainers();
        vm.prank(cdmx);
        registry.yank(NAME, "1.0.0", "reason A");
        vm.prank(berkeley);
        assertFalse(registry.yank(NAME, "1.0.0", "reason B"));
        assertTrue(registry.hasVoted(NAME, registry.yankAction("1.0.0", "reason A"), cdmx));
        vm.prank(oaxaca);
        assertTrue(registry.yank(NAME, "1.0.0", "reason B"));
        assertEq(registry.record(NAME, "1.0.0").yankReason, "reason B");
    }

    function test_forksOf_pagesClampAndStopAtTheEnd() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        for (uint256 i; i < 3; ++i) {
            _publish(cdmx, string.concat(FORK, vm.toString(i)), "1.0.0", 100 + i, string.concat(NAME, "@1.0.0"));
        }
        assertEq(registry.forkCount(NAME, "1.0.0"), 3);
        assertEq(registry.forksOf(NAME, "1.0.0", 1, 10).length, 2);
        assertEq(registry.forksOf(NAME, "1.0.0", 1, 10)[0], string.concat(FORK, "1@1.0.0"));
        assertEq(registry.forksOf(NAME, "1.0.0", 3, 10).length, 0);
        assertEq(registry.forksOf(NAME, "1.0.0", type(uint256).max, type(uint256).max).length, 0);
        assertEq(registry.forksOf(NAME, "1.0.0", 0, 0).length, 0);
    }

    /// @dev Attack: a version gathers so many forks (anyone may fork) that listing them runs out of gas. A page
    /// costs the same whatever the list's length.
    function test_RevertIf_forksOf_unboundedListOutgrowsCallGas() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        for (uint256 i; i < 120; ++i) {
            _publish(cdmx, string.concat(FORK, vm.toString(i)), "1.0.0", 100 + i, string.concat(NAME, "@1.0.0"));
        }
        bytes memory page = abi.encodeWithSignature("forksOf(string,string,uint256,uint256)", NAME, "1.0.0", 100, 10);
        (bool ok, bytes memory ret) = address(registry).staticcall{gas: 400_000}(page);
        assertTrue(ok, "no paged view of forks within a bounded gas");
        string[] memory forks = abi.decode(ret, (string[]));
        assertEq(forks.length, 10);
        assertEq(forks[0], string.concat(FORK, "100@1.0.0"));
    }

    /// @dev Attack: accredited auditors pile attestations on a version until the attestation list cannot be read.
    function test_RevertIf_attestations_unboundedListOutgrowsCallGas() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        for (uint256 i; i < 60; ++i) {
            address a = makeAddr(string.concat("auditor.", vm.toString(i)));
            _accredit(a);
            _attest(a, NAME, "1.0.0", ModuleRegistry.Verdict.Pass);
            if (i % 2 == 0) {
                vm.prank(a);
                registry.revokeAttestation(NAME, "1.0.0");
                _attest(a, NAME, "1.0.0", ModuleRegistry.Verdict.Fail);
            }
        }
        bytes memory page = abi.encodeWithSignature("attestations(string,string,uint256,uint256)", NAME, "1.0.0", 80, 5);
        (bool ok, bytes memory ret) = address(registry).staticcall{gas: 200_000}(page);
        assertTrue(ok, "no paged view of attestations within a bounded gas");
        ModuleRegistry.Attestation[] memory list = abi.decode(ret, (ModuleRegistry.Attestation[]));
        assertEq(list.length, 5);
        assertEq(registry.attestationCount(NAME, "1.0.0"), 90);
    }

    // ------------------------------------------------------------------ auditors and attestations

    function test_accreditAuditor_restrictedEmitsAndReverts() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        registry.accreditAuditor(auditor, bytes32(uint256(1)));

        vm.startPrank(council);
        vm.expectRevert(ModuleRegistry.ZeroAddress.selector);
        registry.accreditAuditor(address(0), bytes32(uint256(1)));
        vm.expectRevert(ModuleRegistry.EmptyMetadataHash.selector);
        registry.accreditAuditor(auditor, bytes32(0));

        vm.expectEmit(address(registry));
        emit ModuleRegistry.AuditorAccredited(auditor, bytes32(uint256(1)));
        registry.accreditAuditor(auditor, bytes32(uint256(1)));
        vm.stopPrank();
        assertTrue(registry.isAuditor(auditor));
        assertEq(registry.auditorMetadata(auditor), bytes32(uint256(1)));
    }

    function test_revokeAuditor_restrictedEmitsAndReverts() public {
        vm.prank(council);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotAuditor.selector, auditor));
        registry.revokeAuditor(auditor);

        _accredit(auditor);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        registry.revokeAuditor(auditor);

        vm.expectEmit(address(registry));
        emit ModuleRegistry.AuditorRevoked(auditor);
        vm.prank(council);
        registry.revokeAuditor(auditor);
        assertFalse(registry.isAuditor(auditor));
    }

    function test_attest_recordsAndCounts() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        _accredit(auditor);
        vm.warp(1_750_000_000);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.AttestationRecorded(NAME, "1.0.0", auditor, 0, REPORT, ModuleRegistry.Verdict.Pass);
        _attest(auditor, NAME, "1.0.0", ModuleRegistry.Verdict.Pass);

        ModuleRegistry.Attestation[] memory list = registry.attestations(NAME, "1.0.0", 0, 100);
        assertEq(list.length, 1);
        assertEq(list[0].auditor, auditor);
        assertEq(uint8(list[0].verdict), uint8(ModuleRegistry.Verdict.Pass));
        assertEq(list[0].attestedAt, 1_750_000_000);
        assertEq(list[0].reportHash, REPORT);
        assertFalse(list[0].revoked);
        assertEq(registry.passingAttestations(NAME, "1.0.0", _pair(auditor, auditor2)), 1);
        assertEq(registry.passingAttestations(NAME, "1.0.0", new address[](0)), 0);
    }

    function test_attest_reverts() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotAuditor.selector, stranger));
        registry.attest(NAME, "1.0.0", REPORT, ModuleRegistry.Verdict.Pass);

        _accredit(auditor);
        vm.startPrank(auditor);
        vm.expectRevert(ModuleRegistry.EmptyReportHash.selector);
        registry.attest(NAME, "1.0.0", bytes32(0), ModuleRegistry.Verdict.Pass);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownVersion.selector, NAME, "1.0.1"));
        registry.attest(NAME, "1.0.1", REPORT, ModuleRegistry.Verdict.Pass);

        registry.attest(NAME, "1.0.0", REPORT, ModuleRegistry.Verdict.Fail);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.AlreadyAttested.selector, NAME, "1.0.0", auditor));
        registry.attest(NAME, "1.0.0", REPORT, ModuleRegistry.Verdict.Pass);
        vm.stopPrank();
    }

    function test_attest_rejectsVerdictOutOfRange() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        _accredit(auditor);
        vm.prank(auditor);
        (bool ok,) = address(registry)
            .call(abi.encodeWithSignature("attest(string,string,bytes32,uint8)", NAME, "1.0.0", REPORT, uint8(2)));
        assertFalse(ok);
        assertEq(registry.attestations(NAME, "1.0.0", 0, 100).length, 0);
    }

    function test_failVerdictNeverCounts() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        _accredit(auditor);
        _attest(auditor, NAME, "1.0.0", ModuleRegistry.Verdict.Fail);
        assertEq(registry.passingAttestations(NAME, "1.0.0", _pair(auditor, auditor2)), 0);
    }

    function test_revokeAttestation_thenReattest() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        _accredit(auditor);
        _attest(auditor, NAME, "1.0.0", ModuleRegistry.Verdict.Pass);

        vm.warp(1_760_000_000);
        vm.expectEmit(address(registry));
        emit ModuleRegistry.AttestationRevoked(NAME, "1.0.0", auditor, 0);
        vm.prank(auditor);
        registry.revokeAttestation(NAME, "1.0.0");
        assertEq(registry.passingAttestations(NAME, "1.0.0", _pair(auditor, auditor2)), 0);
        ModuleRegistry.Attestation[] memory list = registry.attestations(NAME, "1.0.0", 0, 100);
        assertTrue(list[0].revoked);
        assertEq(list[0].revokedAt, 1_760_000_000);

        vm.prank(auditor);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NoLiveAttestation.selector, NAME, "1.0.0", auditor));
        registry.revokeAttestation(NAME, "1.0.0");

        vm.expectEmit(address(registry));
        emit ModuleRegistry.AttestationRecorded(NAME, "1.0.0", auditor, 1, REPORT, ModuleRegistry.Verdict.Pass);
        _attest(auditor, NAME, "1.0.0", ModuleRegistry.Verdict.Pass);
        assertEq(registry.attestations(NAME, "1.0.0", 0, 100).length, 2, "history kept");
        assertEq(registry.passingAttestations(NAME, "1.0.0", _pair(auditor, auditor2)), 1);
    }

    function test_revokeAttestation_reverts() public {
        vm.prank(auditor);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownVersion.selector, NAME, "1.0.0"));
        registry.revokeAttestation(NAME, "1.0.0");

        _publish(berkeley, NAME, "1.0.0", 1, "");
        vm.prank(auditor);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NoLiveAttestation.selector, NAME, "1.0.0", auditor));
        registry.revokeAttestation(NAME, "1.0.0");
    }

    function test_deaccreditedAuditorStopsCountingAndMayStillRevoke() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        _accredit(auditor);
        _attest(auditor, NAME, "1.0.0", ModuleRegistry.Verdict.Pass);
        vm.prank(council);
        registry.revokeAuditor(auditor);
        assertEq(registry.passingAttestations(NAME, "1.0.0", _pair(auditor, auditor2)), 0);

        vm.prank(auditor);
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.NotAuditor.selector, auditor));
        registry.attest(NAME, "1.0.1", REPORT, ModuleRegistry.Verdict.Pass);
        vm.prank(auditor);
        registry.revokeAttestation(NAME, "1.0.0");

        // re-accredited: the revoked attestation still does not count
        _accredit(auditor);
        assertEq(registry.passingAttestations(NAME, "1.0.0", _pair(auditor, auditor2)), 0);
    }

    function test_passingAttestations_countsEachTrustedAuditorOnce() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        _accredit(auditor);
        _accredit(auditor2);
        _attest(auditor, NAME, "1.0.0", ModuleRegistry.Verdict.Pass);
        _attest(auditor2, NAME, "1.0.0", ModuleRegistry.Verdict.Pass);

        assertEq(registry.passingAttestations(NAME, "1.0.0", _pair(auditor, auditor2)), 2);
        assertEq(registry.passingAttestations(NAME, "1.0.0", _pair(auditor, auditor)), 1);
        address[] memory one = new address[](1);
        one[0] = auditor2;
        assertEq(registry.passingAttestations(NAME, "1.0.0", one), 1, "untrusted auditors do not count");
        assertEq(registry.passingAttestations(NAME, "9.9.9", one), 0, "unknown version");
    }

    function test_attestationsArePerVersion() public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        _publish(berkeley, NAME, "1.0.1", 2, "");
        _accredit(auditor);
        _attest(auditor, NAME, "1.0.0", ModuleRegistry.Verdict.Pass);
        address[] memory one = new address[](1);
        one[0] = auditor;
        assertEq(registry.passingAttestations(NAME, "1.0.1", one), 0);
        _attest(auditor, NAME, "1.0.1", ModuleRegistry.Verdict.Pass);
        assertEq(registry.passingAttestations(NAME, "1.0.1", one), 1);
    }

    function testFuzz_passingAttestations_boundedByTrustedSet(uint8 attesting, address[] calldata trusted) public {
        _publish(berkeley, NAME, "1.0.0", 1, "");
        for (uint160 i = 1; i <= attesting % 8; i++) {
            address a = address(0x1000 + i);
            _accredit(a);
            _attest(a, NAME, "1.0.0", i % 3 == 0 ? ModuleRegistry.Verdict.Fail : ModuleRegistry.Verdict.Pass);
        }
        uint256 count = registry.passingAttestations(NAME, "1.0.0", trusted);
        assertLe(count, trusted.length);
        assertLe(count, attesting % 8);
    }

    // ------------------------------------------------------------------ views on unknown versions

    function test_views_unknownVersion() public {
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownVersion.selector, NAME, "1.0.0"));
        registry.record(NAME, "1.0.0");
        vm.expectRevert(abi.encodeWithSelector(ModuleRegistry.UnknownVersion.selector, NAME, "1.0.0"));
        registry.forkedFrom(NAME, "1.0.0");
        assertFalse(registry.isYanked(NAME, "1.0.0"));
        assertEq(registry.versions(NAME).length, 0);
        assertEq(registry.maintainers(NAME).length, 0);
        assertEq(registry.attestations(NAME, "1.0.0", 0, 100).length, 0);
    }
}
