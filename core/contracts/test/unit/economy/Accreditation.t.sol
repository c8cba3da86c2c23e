// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {EconomyBase} from "./EconomyBase.sol";
import {Accreditation} from "../../../identity/Accreditation.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

contract AccreditationTest is EconomyBase {
    uint256 internal constant ACCREDITATION_COMMITTEE = 0;
    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;

    address internal org = makeAddr("org");
    bytes32 internal constant META = keccak256("org.record.v1");

    function _accreditCall(address who, uint8 roles, bytes32 meta) internal pure returns (bytes memory) {
        return abi.encodeCall(Accreditation.accredit, (who, roles, meta));
    }

    function _scheduleAccredit(address who, uint8 roles, bytes32 meta) internal returns (uint256) {
        return _schedule(ACCREDITATION_COMMITTEE, address(accreditation), _accreditCall(who, roles, meta));
    }

    function _scheduleRevoke(address who) internal returns (uint256) {
        return _schedule(ACCREDITATION_COMMITTEE, address(accreditation), abi.encodeCall(Accreditation.revoke, (who)));
    }

    // ---------------------------------------------------------------- initialize / upgrade

    function test_initialize_setsAuthority() public view {
        assertEq(accreditation.authority(), address(manager));
    }

    function test_RevertIf_initializeCalledTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        accreditation.initialize(stranger);
    }

    function test_RevertIf_implementationInitialized() public {
        Accreditation impl = new Accreditation();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize(address(manager));
    }

    function test_upgradeToAndCall_throughUpgradesCommittee() public {
        _accredit(org, OrgRoles.ISSUER);
        Accreditation next = new Accreditation();
        uint256 id =
            _schedule(5, address(accreditation), abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (address(next), "")));
        vm.expectEmit(address(accreditation));
        emit IERC1967.Upgraded(address(next));
        committees[5].execute(id);
        assertEq(address(uint160(uint256(vm.load(address(accreditation), IMPLEMENTATION_SLOT)))), address(next));
        // ERC-7201 storage survives the upgrade.
        assertEq(accreditation.rolesOf(org), OrgRoles.ISSUER);
    }

    function test_RevertIf_upgradeByStranger() public {
        Accreditation next = new Accreditation();
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        accreditation.upgradeToAndCall(address(next), "");
    }

    // ---------------------------------------------------------------- accredit

    function test_accredit_storesOrganization() public {
        uint256 id = _scheduleAccredit(org, OrgRoles.ISSUER | OrgRoles.VERIFIER, META);
        vm.expectEmit(true, true, true, true, address(accreditation));
        emit Accreditation.OrganizationAccredited(org, OrgRoles.ISSUER | OrgRoles.VERIFIER, META);
        committees[ACCREDITATION_COMMITTEE].execute(id);

        Accreditation.Organization memory o = accreditation.organization(org);
        assertEq(o.roles, OrgRoles.ISSUER | OrgRoles.VERIFIER);
        assertEq(o.accreditedAt, block.timestamp);
        assertEq(o.metadataHash, META);
        assertEq(accreditation.rolesOf(org), OrgRoles.ISSUER | OrgRoles.VERIFIER);
    }

    function test_accredit_allRoles() public {
        _committeeCall(ACCREDITATION_COMMITTEE, address(accreditation), _accreditCall(org, OrgRoles.ALL, META));
        assertEq(accreditation.rolesOf(org), OrgRoles.ALL);
        assertTrue(accreditation.hasRoles(org, OrgRoles.ALL));
    }

    function test_accredit_reaccreditationReplacesRoles() public {
        _committeeCall(
            ACCREDITATION_COMMITTEE,
            address(accreditation),
            _accreditCall(org, OrgRoles.ISSUER | OrgRoles.REDEEMER, META)
        );
        uint256 firstAt = accreditation.organization(org).accreditedAt;

        bytes32 meta2 = keccak256("org.record.v2");
        uint256 id = _scheduleAccredit(org, OrgRoles.VERIFIER, meta2);
        vm.expectEmit(true, true, true, true, address(accreditation));
        emit Accreditation.OrganizationAccredited(org, OrgRoles.VERIFIER, meta2);
        committees[ACCREDITATION_COMMITTEE].execute(id);

        Accreditation.Organization memory o = accreditation.organization(org);
        // Replaced, not merged: the earlier ISSUER|REDEEMER flags are gone.
        assertEq(o.roles, OrgRoles.VERIFIER);
        assertFalse(accreditation.hasAnyRole(org, OrgRoles.ISSUER | OrgRoles.REDEEMER));
        assertEq(o.metadataHash, meta2);
        assertGt(o.accreditedAt, firstAt);
    }

    function testFuzz_accredit_anyValidMask(uint256 seed) public {
        uint8 roles = uint8(bound(seed, 1, OrgRoles.ALL));
        _committeeCall(ACCREDITATION_COMMITTEE, address(accreditation), _accreditCall(org, roles, META));
        assertEq(accreditation.rolesOf(org), roles);
        assertTrue(accreditation.hasRoles(org, roles));
    }

    function test_RevertIf_accreditZeroAddress() public {
        uint256 id = _scheduleAccredit(address(0), OrgRoles.ISSUER, META);
        vm.expectRevert(Accreditation.AccreditationZeroAddress.selector);
        committees[ACCREDITATION_COMMITTEE].execute(id);
    }

    function test_RevertIf_accreditNoRoles() public {
        uint256 id = _scheduleAccredit(org, 0, META);
        vm.expectRevert(abi.encodeWithSelector(Accreditation.AccreditationInvalidRoles.selector, uint8(0)));
        committees[ACCREDITATION_COMMITTEE].execute(id);
    }

    function test_RevertIf_accreditUnknownRoleBit() public {
        uint8 roles = OrgRoles.ISSUER | 32;
        uint256 id = _scheduleAccredit(org, roles, META);
        vm.expectRevert(abi.encodeWithSelector(Accreditation.AccreditationInvalidRoles.selector, roles));
        committees[ACCREDITATION_COMMITTEE].execute(id);
    }

    function testFuzz_RevertIf_accreditRolesOutsideMask(uint256 seed) public {
        uint8 roles = uint8(bound(seed, 32, 255));
        uint256 id = _scheduleAccredit(org, roles, META);
        vm.expectRevert(abi.encodeWithSelector(Accreditation.AccreditationInvalidRoles.selector, roles));
        committees[ACCREDITATION_COMMITTEE].execute(id);
    }

    function test_RevertIf_accreditByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        accreditation.accredit(org, OrgRoles.ISSUER, META);
    }

    function test_RevertIf_accreditByCommitteeMemberDirectly() public {
        address member = members[ACCREDITATION_COMMITTEE][0];
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, member));
        vm.prank(member);
        accreditation.accredit(org, OrgRoles.ISSUER, META);
    }

    function test_RevertIf_accreditByCommitteeWithoutSchedule() public {
        // The committee's role carries a delay: a direct call needs a matured schedule.
        address committee = address(committees[ACCREDITATION_COMMITTEE]);
        bytes memory data = _accreditCall(org, OrgRoles.ISSUER, META);
        bytes32 op = manager.hashOperation(committee, address(accreditation), data);
        vm.expectRevert(abi.encodeWithSelector(IAccessManager.AccessManagerNotScheduled.selector, op));
        vm.prank(committee);
        accreditation.accredit(org, OrgRoles.ISSUER, META);
    }

    function test_RevertIf_accreditBeforeDelay() public {
        bytes memory data = _accreditCall(org, OrgRoles.ISSUER, META);
        vm.prank(members[ACCREDITATION_COMMITTEE][0]);
        uint256 id = committees[ACCREDITATION_COMMITTEE].propose(address(accreditation), data, keccak256(data));
        vm.prank(members[ACCREDITATION_COMMITTEE][1]);
        committees[ACCREDITATION_COMMITTEE].approve(id);
        bytes32 op = manager.hashOperation(address(committees[ACCREDITATION_COMMITTEE]), address(accreditation), data);
        vm.expectRevert(abi.encodeWithSelector(IAccessManager.AccessManagerNotReady.selector, op));
        committees[ACCREDITATION_COMMITTEE].execute(id);
    }

    function test_RevertIf_accreditThroughWrongCommittee() public {
        uint256 rates = 2;
        bytes memory data = _accreditCall(org, OrgRoles.ISSUER, META);
        vm.prank(members[rates][0]);
        uint256 id = committees[rates].propose(address(accreditation), data, keccak256(data));
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedCall.selector,
                address(committees[rates]),
                address(accreditation),
                Accreditation.accredit.selector
            )
        );
        vm.prank(members[rates][1]);
        committees[rates].approve(id);
    }

    // ---------------------------------------------------------------- revoke

    function test_revoke_clearsRecord() public {
        _committeeCall(ACCREDITATION_COMMITTEE, address(accreditation), _accreditCall(org, OrgRoles.ALL, META));
        uint256 id = _scheduleRevoke(org);
        vm.expectEmit(true, true, true, true, address(accreditation));
        emit Accreditation.OrganizationRevoked(org);
        committees[ACCREDITATION_COMMITTEE].execute(id);

        Accreditation.Organization memory o = accreditation.organization(org);
        assertEq(o.roles, 0);
        assertEq(o.accreditedAt, 0);
        assertEq(o.metadataHash, bytes32(0));
        assertFalse(accreditation.hasAnyRole(org, OrgRoles.ALL));
    }

    function test_revoke_thenReaccredit() public {
        _accredit(org, OrgRoles.REDEEMER);
        _committeeCall(ACCREDITATION_COMMITTEE, address(accreditation), abi.encodeCall(Accreditation.revoke, (org)));
        _accredit(org, OrgRoles.AUDITOR);
        assertEq(accreditation.rolesOf(org), OrgRoles.AUDITOR);
    }

    function test_RevertIf_revokeNeverAccredited() public {
        uint256 id = _scheduleRevoke(org);
        vm.expectRevert(abi.encodeWithSelector(Accreditation.AccreditationNotAccredited.selector, org));
        committees[ACCREDITATION_COMMITTEE].execute(id);
    }

    function test_RevertIf_revokeTwice() public {
        _accredit(org, OrgRoles.ISSUER);
        _committeeCall(ACCREDITATION_COMMITTEE, address(accreditation), abi.encodeCall(Accreditation.revoke, (org)));
        uint256 id = _scheduleRevoke(org);
        vm.expectRevert(abi.encodeWithSelector(Accreditation.AccreditationNotAccredited.selector, org));
        committees[ACCREDITATION_COMMITTEE].execute(id);
    }

    function test_RevertIf_revokeByStranger() public {
        _accredit(org, OrgRoles.ISSUER);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        accreditation.revoke(org);
    }

    // ---------------------------------------------------------------- views

    function test_organization_zeroWhenUnknown() public view {
        Accreditation.Organization memory o = accreditation.organization(org);
        assertEq(o.roles, 0);
        assertEq(o.accreditedAt, 0);
        assertEq(o.metadataHash, bytes32(0));
        assertEq(accreditation.rolesOf(org), 0);
    }

    function test_hasRoles_requiresEveryFlag() public {
        _accredit(org, OrgRoles.ISSUER | OrgRoles.VERIFIER);
        assertTrue(accreditation.hasRoles(org, OrgRoles.ISSUER));
        assertTrue(accreditation.hasRoles(org, OrgRoles.VERIFIER));
        assertTrue(accreditation.hasRoles(org, OrgRoles.ISSUER | OrgRoles.VERIFIER));
        assertFalse(accreditation.hasRoles(org, OrgRoles.ISSUER | OrgRoles.REDEEMER));
        assertFalse(accreditation.hasRoles(org, OrgRoles.REDEEMER));
    }

    function test_hasRoles_falseForEmptyQuery() public {
        // An empty query would be vacuously true; the registry refuses it so callers cannot pass 0 by mistake.
        _accredit(org, OrgRoles.ALL);
        assertFalse(accreditation.hasRoles(org, 0));
    }

    function test_hasRoles_falseWhenNotAccredited() public view {
        assertFalse(accreditation.hasRoles(org, OrgRoles.ISSUER));
        assertFalse(accreditation.hasRoles(org, 0));
    }

    function test_hasAnyRole_requiresOneFlag() public {
        _accredit(org, OrgRoles.REDEEMER);
        assertTrue(accreditation.hasAnyRole(org, OrgRoles.REDEEMER));
        assertTrue(accreditation.hasAnyRole(org, OrgRoles.ISSUER | OrgRoles.REDEEMER | OrgRoles.RELAYER));
        assertFalse(accreditation.hasAnyRole(org, OrgRoles.ISSUER | OrgRoles.RELAYER));
        assertFalse(accreditation.hasAnyRole(org, 0));
    }

    function test_hasAnyRole_falseWhenNotAccredited() public view {
        assertFalse(accreditation.hasAnyRole(org, OrgRoles.ALL));
    }

    function testFuzz_hasRoles_matchesBitmask(uint256 heldSeed, uint256 querySeed) public {
        uint8 held = uint8(bound(heldSeed, 1, OrgRoles.ALL));
        uint8 query = uint8(bound(querySeed, 0, type(uint8).max));
        _committeeCall(ACCREDITATION_COMMITTEE, address(accreditation), _accreditCall(org, held, META));
        assertEq(accreditation.hasRoles(org, query), query != 0 && held & query == query);
        assertEq(accreditation.hasAnyRole(org, query), held & query != 0);
    }
}
