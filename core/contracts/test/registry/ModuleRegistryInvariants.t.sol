// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Test} from "forge-std/Test.sol";
import {ModuleRegistry} from "../../registry/ModuleRegistry.sol";
import {RegistryFixture} from "./RegistryFixture.sol";

/// @notice Drives the registry with publishers, maintainers, auditors and the council over a small fixed universe of
/// names, versions and auditors (so calls collide), and keeps a ghost model of what must hold.
contract RegistryHandler is Test {
    uint256 internal constant NAMES = 2;
    uint256 internal constant VERSIONS = 3;
    uint256 internal constant SLOTS = NAMES * VERSIONS;
    uint256 internal constant AUDITORS = 4;

    struct Ghost {
        bool published;
        bool yanked;
        bytes integrity;
        bytes32 manifestHash;
        address publisher;
    }

    ModuleRegistry internal immutable registry;
    address internal immutable council;
    address[3] internal publishers;
    address[AUDITORS] internal auditorList;

    Ghost[SLOTS] internal ghosts;
    mapping(uint256 slot => mapping(address auditor => bool)) public ghostLivePass;
    mapping(address auditor => bool) public ghostAccredited;

    uint256 public publishes;
    uint256 public attestsDone;
    uint256 public revokesDone;
    uint256 public yanksDone;

    constructor(ModuleRegistry registry_, address council_) {
        registry = registry_;
        council = council_;
        for (uint256 i = 0; i < publishers.length; i++) {
            publishers[i] = makeAddr(string.concat("publisher", vm.toString(i)));
        }
        for (uint256 i = 0; i < AUDITORS; i++) {
            auditorList[i] = makeAddr(string.concat("auditor", vm.toString(i)));
        }
    }

    function nameOf(uint256 slot) public pure returns (string memory) {
        return slot / VERSIONS == 0 ? "@berkeley/dpan-disaster-prep" : "@cdmx/dpan-disaster-prep";
    }

    function versionOf(uint256 slot) public pure returns (string memory) {
        uint256 v = slot % VERSIONS;
        return v == 0 ? "1.0.0" : v == 1 ? "1.1.0-beta.1" : "2.0.0";
    }

    function auditors() external view returns (address[AUDITORS] memory) {
        return auditorList;
    }

    function ghost(uint256 slot) external view returns (Ghost memory) {
        return ghosts[slot];
    }

    function publish(uint256 actorSeed, uint256 slotSeed, uint8 digestSeed, bool forked, uint256 sourceSeed) external {
        address actor = publishers[actorSeed % publishers.length];
        uint256 slot = slotSeed % SLOTS;
        uint256 source = sourceSeed % SLOTS;
        string memory from = forked ? string.concat(nameOf(source), "@", versionOf(source)) : "";
        bytes memory integrity = abi.encodePacked(keccak256(abi.encode(digestSeed)), keccak256(abi.encode(slot)));
        bytes32 manifestHash = keccak256(abi.encode(digestSeed, "manifest"));
        vm.prank(actor);
        try registry.publish(nameOf(slot), versionOf(slot), integrity, manifestHash, from) {
            ghosts[slot] = Ghost(true, false, integrity, manifestHash, actor);
            publishes++;
        } catch {}
    }

    function addMaintainer(uint256 actorSeed, uint256 nameSeed, uint256 targetSeed) external {
        vm.prank(publishers[actorSeed % publishers.length]);
        try registry.addMaintainer(nameOf((nameSeed % NAMES) * VERSIONS), publishers[targetSeed % publishers.length]) {}
            catch {}
    }

    function yank(uint256 actorSeed, uint256 slotSeed, bool byCouncil) external {
        uint256 slot = slotSeed % SLOTS;
        if (byCouncil) {
            vm.prank(council);
            try registry.councilYank(nameOf(slot), versionOf(slot), "council") {
                ghosts[slot].yanked = true;
                yanksDone++;
            } catch {}
        } else {
            vm.prank(publishers[actorSeed % publishers.length]);
            // A maintainer's yank is a vote: it yanks only at the maintainer quorum.
            try registry.yank(nameOf(slot), versionOf(slot), "maintainer") returns (bool yanked) {
                if (!yanked) return;
                ghosts[slot].yanked = true;
                yanksDone++;
            } catch {}
        }
    }

    function accredit(uint256 auditorSeed) external {
        address a = auditorList[auditorSeed % AUDITORS];
        vm.prank(council);
        registry.accreditAuditor(a, keccak256(abi.encode(a)));
        ghostAccredited[a] = true;
    }

    function revokeAuditor(uint256 auditorSeed) external {
        address a = auditorList[auditorSeed % AUDITORS];
        vm.prank(council);
        try registry.revokeAuditor(a) {
            ghostAccredited[a] = false;
        } catch {}
    }

    function attest(uint256 auditorSeed, uint256 slotSeed, bool pass) external {
        address a = auditorList[auditorSeed % AUDITORS];
        uint256 slot = slotSeed % SLOTS;
        vm.prank(a);
        try registry.attest(
            nameOf(slot),
            versionOf(slot),
            keccak256(abi.encode(a, slot)),
            pass ? ModuleRegistry.Verdict.Pass : ModuleRegistry.Verdict.Fail
        ) {
            ghostLivePass[slot][a] = pass;
            attestsDone++;
        } catch {}
    }

    function revokeAttestation(uint256 auditorSeed, uint256 slotSeed) external {
        address a = auditorList[auditorSeed % AUDITORS];
        uint256 slot = slotSeed % SLOTS;
        vm.prank(a);
        try registry.revokeAttestation(nameOf(slot), versionOf(slot)) {
            ghostLivePass[slot][a] = false;
            revokesDone++;
        } catch {}
    }
}

contract ModuleRegistryInvariants is RegistryFixture {
    RegistryHandler internal handler;

    function setUp() public {
        _deployRegistry();
        handler = new RegistryHandler(registry, council);
        targetContract(address(handler));
    }

    /// @dev The handler's calls succeed when they should, so the invariants are not checked against an empty registry.
    function test_handlerSmoke() public {
        handler.publish(0, 0, 1, false, 0);
        handler.publish(1, 3, 2, true, 0); // a fork of slot 0 under the other name
        handler.publish(2, 1, 3, false, 0); // not a maintainer of the first name: rejected
        handler.addMaintainer(0, 0, 2);
        handler.publish(2, 1, 3, false, 0);
        handler.publish(0, 0, 9, false, 0); // a republish with other bytes: rejected
        handler.accredit(0);
        handler.accredit(1);
        handler.attest(0, 0, true);
        handler.attest(1, 0, true);
        handler.attest(0, 0, false); // a second live attestation: rejected
        handler.revokeAttestation(1, 0);
        handler.yank(0, 1, false); // one vote of two maintainers: not yanked yet
        handler.yank(0, 1, true);
        handler.yank(0, 1, true); // already yanked: rejected
        assertEq(handler.publishes(), 3);
        assertEq(handler.attestsDone(), 2);
        assertEq(handler.revokesDone(), 1);
        assertEq(handler.yanksDone(), 1);
        assertEq(registry.forksOf(handler.nameOf(0), handler.versionOf(0), 0, 100).length, 1);
        invariant_recordsAreImmutableAndYanksPermanent();
        invariant_passingAttestationsMatchLivePasses();
        invariant_versionsListMatchesRecords();
    }

    /// @dev A recorded version's integrity, manifest hash and publisher never change; yanked stays yanked.
    function invariant_recordsAreImmutableAndYanksPermanent() public view {
        for (uint256 slot = 0; slot < 6; slot++) {
            RegistryHandler.Ghost memory g = handler.ghost(slot);
            string memory name = handler.nameOf(slot);
            string memory version = handler.versionOf(slot);
            assertEq(registry.isPublished(name, version), g.published);
            assertEq(registry.isYanked(name, version), g.yanked);
            if (!g.published) continue;
            ModuleRegistry.VersionRecord memory rec = registry.record(name, version);
            assertEq(rec.integrity, g.integrity);
            assertEq(rec.manifestHash, g.manifestHash);
            assertEq(rec.publisher, g.publisher);
            assertEq(rec.yanked, g.yanked);
        }
    }

    /// @dev passingAttestations is exactly the ghost count of live passes by accredited trusted auditors, so a revoked
    /// attestation never counts; it never exceeds the distinct trusted auditors, duplicates and outsiders included.
    function invariant_passingAttestationsMatchLivePasses() public view {
        address[4] memory all = handler.auditors();
        address[] memory trusted = new address[](6);
        for (uint256 i = 0; i < 4; i++) {
            trusted[i] = all[i];
        }
        trusted[4] = all[0];
        trusted[5] = address(0x0D75);
        address[] memory one = new address[](1);
        for (uint256 slot = 0; slot < 6; slot++) {
            string memory name = handler.nameOf(slot);
            string memory version = handler.versionOf(slot);
            uint256 expected;
            for (uint256 i = 0; i < 4; i++) {
                bool counts = handler.ghostLivePass(slot, all[i]) && handler.ghostAccredited(all[i]);
                if (counts) expected++;
                one[0] = all[i];
                uint256 alone = registry.passingAttestations(name, version, one);
                assertEq(alone, counts ? 1 : 0);
                if (alone == 1) _assertUnrevokedPass(name, version, all[i]);
            }
            uint256 count = registry.passingAttestations(name, version, trusted);
            assertEq(count, expected);
            assertLe(count, 4);
        }
    }

    function _assertUnrevokedPass(string memory name, string memory version, address auditor) internal view {
        ModuleRegistry.Attestation[] memory list = registry.attestations(name, version, 0, 100);
        uint256 live;
        for (uint256 i = 0; i < list.length; i++) {
            if (list[i].auditor == auditor && !list[i].revoked) {
                live++;
                assertEq(uint8(list[i].verdict), uint8(ModuleRegistry.Verdict.Pass));
            }
        }
        assertEq(live, 1, "exactly one live attestation per auditor and version");
    }

    /// @dev Every recorded version appears once in versions(name).
    function invariant_versionsListMatchesRecords() public view {
        for (uint256 n = 0; n < 2; n++) {
            string memory name = handler.nameOf(n * 3);
            uint256 recorded;
            for (uint256 v = 0; v < 3; v++) {
                if (handler.ghost(n * 3 + v).published) recorded++;
            }
            assertEq(registry.versions(name).length, recorded);
        }
    }
}
