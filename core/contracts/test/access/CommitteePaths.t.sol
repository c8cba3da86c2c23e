// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../utils/CityFixture.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Accreditation} from "../../identity/Accreditation.sol";
import {CivicCredit} from "../../token/CivicCredit.sol";
import {IssuanceController} from "../../issuance/IssuanceController.sol";
import {Committee} from "../../governance/Committee.sol";
import {ModuleKernel} from "../../kernel/ModuleKernel.sol";
import {Roles, OrgRoles} from "../../libraries/Roles.sol";
import {NoopModuleSetup} from "./AccessMatrix.t.sol";

/// @title CommitteePaths
/// @notice The one path that works for each committee: its own restricted functions through `_committeeCall`
/// (propose, approve to the threshold, wait out the delay, execute). Also the ways that path must fail: below the
/// threshold, before the delay, after a guardian cancelled it.
contract CommitteePathsTest is CityFixture {
    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;

    function test_accreditationCommittee_accreditsAndRevokes() public {
        _committeeCall(0, address(accreditation), abi.encodeCall(Accreditation.accredit, (stranger, OrgRoles.ISSUER, bytes32("rec"))));
        assertEq(accreditation.rolesOf(stranger), OrgRoles.ISSUER);
        _committeeCall(0, address(accreditation), abi.encodeCall(Accreditation.revoke, (stranger)));
        assertEq(accreditation.rolesOf(stranger), 0);
    }

    function test_issuanceCommittee_setsBudgetPeriodAndCoverage() public {
        _committeeCall(1, address(issuance), abi.encodeCall(IssuanceController.setModuleBudget, (MODULE, 42)));
        assertEq(issuance.moduleBudget(MODULE), 42);
        _committeeCall(1, address(credit), abi.encodeCall(CivicCredit.setPeriodLength, (14 days)));
        assertEq(credit.periodLength(), 14 days);
        _committeeCall(1, address(issuance), abi.encodeCall(IssuanceController.setCoverageBounds, (6000, 12_000)));
        // The issuance committee also holds the coverage-setter role, with its delay.
        _committeeCall(1, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (11_000)));
        (uint256 ratio, uint256 minBps, uint256 maxBps) = issuance.coverage();
        assertEq(ratio, 11_000);
        assertEq(minBps, 6000);
        assertEq(maxBps, 12_000);
    }

    function test_ratesCommittee_setsRateAndPriceBounds() public {
        _committeeCall(2, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (PARK_CLEANUP, 5, 50)));
        (uint256 minRate, uint256 maxRate) = issuance.rateBounds(PARK_CLEANUP);
        assertEq(minRate, 5);
        assertEq(maxRate, 50);
        _committeeCall(2, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (2, 300)));
        (uint256 minPrice, uint256 maxPrice) = credit.priceBounds();
        assertEq(minPrice, 2);
        assertEq(maxPrice, 300);
    }

    function test_modulesCommittee_approvesAPreparation() public {
        uint256 id = kernel.prepareInstall(address(new NoopModuleSetup()), "noop", "1.0.0", bytes32("noop"), "");
        _committeeCall(3, address(kernel), abi.encodeCall(ModuleKernel.approve, (id)));
        assertEq(uint8(kernel.preparation(id).state), uint8(ModuleKernel.PreparationState.Approved));
        vm.prank(stranger); // anyone applies once approved
        kernel.applyPreparation(id, bytes32("noop"));
        assertTrue(kernel.installation("noop").installed);
    }

    function test_vaultCommittee_changesItsMembership() public {
        _changeMembership(4);
    }

    function test_everyCommittee_changesItsOwnMembership() public {
        for (uint256 i; i < 6; ++i) {
            _changeMembership(i);
        }
    }

    function test_upgradesCommittee_upgradesWiresAndAdministers() public {
        address impl = address(new CivicCredit(address(forwarder)));
        _committeeCall(5, address(credit), abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (impl, "")));
        assertEq(address(uint160(uint256(vm.load(address(credit), IMPLEMENTATION_SLOT)))), impl);

        _committeeCall(5, address(credit), abi.encodeCall(CivicCredit.setIssuer, (address(issuance), address(votes))));
        _committeeCall(5, address(issuance), abi.encodeCall(IssuanceController.setTaskBoard, (address(board))));
        (address taskBoard,) = issuance.wiring();
        assertEq(taskBoard, address(board));

        _committeeCall(5, address(manager), abi.encodeCall(AccessManager.grantRole, (Roles.GUARDIAN, stranger, 0)));
        (bool isGuardian,) = manager.hasRole(Roles.GUARDIAN, stranger);
        assertTrue(isGuardian);
    }

    // ---------------------------------------------------------------- the path refused

    function test_belowThreshold_cannotExecute() public {
        bytes memory data = abi.encodeCall(IssuanceController.setModuleBudget, (MODULE, 1));
        vm.prank(members[1][0]);
        uint256 id = committees[1].propose(address(issuance), data, keccak256(data));
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(abi.encodeWithSelector(Committee.CommitteeWrongState.selector, id, Committee.State.Pending));
        committees[1].execute(id);
        assertEq(issuance.moduleBudget(MODULE), MODULE_BUDGET);
    }

    function test_beforeDelay_cannotExecute() public {
        bytes memory data = abi.encodeCall(IssuanceController.setModuleBudget, (MODULE, 1));
        vm.prank(members[1][0]);
        uint256 id = committees[1].propose(address(issuance), data, keccak256(data));
        vm.prank(members[1][1]);
        committees[1].approve(id);
        bytes32 op = manager.hashOperation(address(committees[1]), address(issuance), data);
        vm.warp(block.timestamp + COMMITTEE_DELAY - 1);
        vm.expectRevert(abi.encodeWithSelector(IAccessManager.AccessManagerNotReady.selector, op));
        committees[1].execute(id);
        vm.warp(block.timestamp + 1);
        committees[1].execute(id);
        assertEq(issuance.moduleBudget(MODULE), 1);
    }

    function test_guardianCancel_blocksExecution_andGuardianCannotExecute() public {
        bytes memory data = abi.encodeCall(IssuanceController.setModuleBudget, (MODULE, 1));
        vm.prank(members[1][0]);
        uint256 id = committees[1].propose(address(issuance), data, keccak256(data));
        vm.prank(members[1][1]);
        committees[1].approve(id);
        bytes32 op = manager.hashOperation(address(committees[1]), address(issuance), data);

        // The guardian holds no committee role: executing the scheduled call itself is refused.
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedCall.selector,
                guardian,
                address(issuance),
                IssuanceController.setModuleBudget.selector
            )
        );
        manager.execute(address(issuance), data);

        vm.prank(guardian);
        manager.cancel(address(committees[1]), address(issuance), data);
        assertEq(uint8(committees[1].proposal(id).state), uint8(Committee.State.Cancelled));
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(abi.encodeWithSelector(IAccessManager.AccessManagerNotScheduled.selector, op));
        committees[1].execute(id);
        assertEq(issuance.moduleBudget(MODULE), MODULE_BUDGET);
    }

    /// @dev The guardian can veto the upgrades committee's rewiring of the minter (setIssuer, setTaskBoard), which
    /// the factory maps to the committee's role. The AccessManager's own admin functions stay on OpenZeppelin's ADMIN
    /// role, which has no guardian by design (documented in Roles.GUARDIAN).
    function test_guardianCancelsUpgradesCommitteeRewiring() public {
        address c5 = address(committees[5]);
        bytes[2] memory ops =
            [abi.encodeCall(CivicCredit.setIssuer, (stranger, stranger)), abi.encodeCall(IssuanceController.setTaskBoard, (stranger))];
        address[2] memory targets = [address(credit), address(issuance)];
        for (uint256 i; i < ops.length; ++i) {
            vm.prank(c5);
            manager.schedule(targets[i], ops[i], 0);
            vm.prank(guardian);
            (bool ok, bytes memory err) =
                address(manager).call(abi.encodeCall(AccessManager.cancel, (c5, targets[i], ops[i])));
            assertTrue(ok, string.concat("guardian cannot cancel upgrades op ", vm.toString(i), ": ", vm.toString(err)));
        }
    }

    /// @dev A member rotated out of the committee must not keep counting toward the threshold of proposals it
    /// approved before.
    function test_removedMembersApprovalNoLongerCounts() public {
        bytes memory data = abi.encodeCall(IssuanceController.setModuleBudget, (MODULE, 1));
        vm.prank(members[1][0]);
        uint256 id = committees[1].propose(address(issuance), data, keccak256(data));

        address newcomer = makeAddr("issuance.member.new");
        address[] memory next = new address[](3);
        (next[0], next[1], next[2]) = (members[1][1], members[1][2], newcomer);
        _committeeCall(1, address(committees[1]), abi.encodeCall(Committee.setMembership, (next, 2)));
        assertFalse(committees[1].isMember(members[1][0]));

        // Approvals gathered under the old member set no longer count: the proposal must be made afresh.
        vm.prank(newcomer);
        vm.expectRevert(abi.encodeWithSelector(Committee.CommitteeStaleProposal.selector, id));
        committees[1].approve(id);
        assertEq(uint8(committees[1].proposal(id).state), uint8(Committee.State.Pending));
    }

    // ---------------------------------------------------------------- helpers

    function _changeMembership(uint256 i) internal {
        address[] memory next = new address[](4);
        for (uint256 j; j < 4; ++j) {
            next[j] = makeAddr(string.concat("next.", vm.toString(i), ".", vm.toString(j)));
        }
        _committeeCall(i, address(committees[i]), abi.encodeCall(Committee.setMembership, (next, 3)));
        (address[] memory m, uint256 threshold) = committees[i].membership();
        assertEq(m.length, 4);
        assertEq(threshold, 3);
        assertFalse(committees[i].isMember(members[i][0]));
        assertTrue(committees[i].isMember(next[3]));
    }
}
