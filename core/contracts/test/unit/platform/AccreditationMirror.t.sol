// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../../utils/CityFixture.sol";
import {TaskBoard} from "../../../tasks/TaskBoard.sol";
import {Accreditation} from "../../../identity/Accreditation.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

/// @notice The task board checks roles in its own mirror of the accreditation registry; these tests hold the mirror
/// to the registry: every accredit and revoke is pushed at once, and nobody else can write it.
contract AccreditationMirrorTest is CityFixture {
    function test_deployCity_wiresTheBoardAsRoleSink() public view {
        assertEq(accreditation.roleSink(), address(board));
    }

    function test_accredit_pushesRolesToTheBoard() public {
        bytes memory data = abi.encodeCall(Accreditation.accredit, (issuer, OrgRoles.ISSUER | OrgRoles.VERIFIER, 0));
        vm.prank(members[0][0]);
        uint256 id = committees[0].propose(address(accreditation), data, keccak256(data));
        vm.prank(members[0][1]);
        committees[0].approve(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectEmit(address(board));
        emit TaskBoard.RolesSynced(issuer, OrgRoles.ISSUER | OrgRoles.VERIFIER);
        committees[0].execute(id);
        assertEq(board.rolesOf(issuer), accreditation.rolesOf(issuer));
    }

    function test_revoke_clearsTheBoardsRolesAndStopsVerification() public {
        _accreditAll();
        _offer(10, 1000);
        uint256 completionId = _submit(_publish(5, 1), makeAddr("alice"));
        _committeeCall(0, address(accreditation), abi.encodeCall(Accreditation.revoke, (issuer)));
        assertEq(board.rolesOf(issuer), 0);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotIssuer.selector, issuer));
        board.verify(completionId);
    }

    function testFuzz_mirrorEqualsRegistry(uint8 roles) public {
        roles = uint8(bound(roles, 1, OrgRoles.ALL));
        _accredit(stranger, roles);
        assertEq(board.rolesOf(stranger), accreditation.rolesOf(stranger));
    }

    function test_RevertIf_syncRolesNotFromRegistry() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotAccreditation.selector, stranger));
        board.syncRoles(stranger, OrgRoles.ISSUER);
    }
}
