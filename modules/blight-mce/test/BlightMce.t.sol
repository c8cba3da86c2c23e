// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ModuleKernel} from "@citysync/contracts/kernel/ModuleKernel.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {RedemptionDesk} from "@citysync/contracts/redemption/RedemptionDesk.sol";
import {BlightMce} from "../contracts/BlightMce.sol";
import {BlightMceSetup} from "../contracts/BlightMceSetup.sol";
import {BlightMceBase} from "./BlightMceBase.sol";

contract BlightMceTest is BlightMceBase {
    // ---------------------------------------------------------------- install

    function test_install_recordsVersionCatalogAndPolicy() public {
        _install();
        ModuleKernel.Installation memory inst = kernel.installation(NAME);
        assertTrue(inst.installed);
        assertEq(inst.permissions.length, 0, "the module needs no role");
        assertEq(mce.moduleId(), BLIGHT);
        assertEq(mce.taskBoard(), address(board));
        assertEq(mce.evidenceSchemaHash(), SCHEMA);
        assertEq(board.modulePolicy(BLIGHT), address(mce));
        assertEq(mce.taskTypes().length, 2);
        (uint64 start, uint64 end, address coord, uint64 duration) = mce.eventWindow();
        assertEq(start, 0);
        assertEq(end, 0);
        assertEq(coord, address(0));
        assertEq(duration, DURATION);
    }

    function test_RevertIf_prepare_durationOver48Hours() public {
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceInvalidDuration.selector, 48 hours + 1, 48 hours));
        _prepare(_initData(48 hours + 1));
    }

    function test_RevertIf_prepare_boundsOutsideCity() public {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        maxs[1] = 101;
        vm.expectRevert(
            abi.encodeWithSelector(BlightMceSetup.BlightMceSetupOutsideCityBounds.selector, AUDIT, 10, 101, 1, 100)
        );
        _prepare(abi.encode(address(issuance), SCHEMA, DURATION, types, mins, maxs));
    }

    function test_RevertIf_initialize_again() public {
        _install();
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        mce.initialize(
            address(manager), address(kernel), BLIGHT, BlightMce.Config(address(board), address(credit), address(issuance), SCHEMA, DURATION, types, mins, maxs)
        );
    }

    function test_initData_matchesOffChainEncoding() public view {
        (bytes32[] memory types, uint256[] memory mins, uint256[] memory maxs) = _catalog();
        assertEq(setup.initData(address(issuance), SCHEMA, DURATION, types, mins, maxs), _initData(DURATION));
    }

    // ---------------------------------------------------------------- scheduling

    function test_RevertIf_schedule_notGoverned() public {
        _install();
        vm.prank(coordinator);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, coordinator));
        mce.scheduleEvent(uint64(block.timestamp + 1 days), coordinator);
    }

    function test_RevertIf_schedule_crossesPeriods() public {
        _install();
        (,, uint64 periodEnd) = credit.currentPeriodBounds();
        periodEnd += uint64(PERIOD); // the next period: the committee's delay leaves its start in the future
        uint64 start = periodEnd - 1 hours;
        bytes memory data = abi.encodeCall(BlightMce.scheduleEvent, (start, coordinator));
        vm.prank(members[UPGRADES_IDX][0]);
        uint256 id = committees[UPGRADES_IDX].propose(address(mce), data, keccak256(data));
        vm.prank(members[UPGRADES_IDX][1]);
        committees[UPGRADES_IDX].approve(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(BlightMce.BlightMceCrossesPeriods.selector, start, start + DURATION, periodEnd)
        );
        committees[UPGRADES_IDX].execute(id);
    }

    function test_schedule_movableUntilStart() public {
        _installAndPrepareEvent();
        vm.warp(eventStart);
        bytes memory data = abi.encodeCall(BlightMce.scheduleEvent, (eventStart + 1 days, coordinator));
        vm.prank(members[UPGRADES_IDX][0]);
        uint256 id = committees[UPGRADES_IDX].propose(address(mce), data, keccak256(data));
        vm.prank(members[UPGRADES_IDX][1]);
        committees[UPGRADES_IDX].approve(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceEventStarted.selector, eventStart));
        committees[UPGRADES_IDX].execute(id);
    }

    // ---------------------------------------------------------------- zones and issuers

    function test_zones_registeredAndAssigned() public {
        _installAndPrepareEvent();
        BlightMce.Zone memory a = mce.zone(ZONE_A);
        assertTrue(a.registered);
        assertEq(a.rank, 1);
        assertEq(a.requests, 9);
        assertEq(mce.zoneIds().length, 2);
        assertTrue(mce.isAssigned(issuer, ZONE_A));
        assertFalse(mce.isAssigned(issuer, ZONE_B));
    }

    function test_RevertIf_registerZones_notCoordinator() public {
        _installAndPrepareEvent();
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceNotCoordinator.selector, issuer));
        mce.registerZones(_one(ZONE_UNREGISTERED), new uint32[](1), new uint32[](1));
    }

    function test_RevertIf_registerZones_notAnH3Index() public {
        _installAndPrepareEvent();
        bytes32 bad = keccak256("not a cell");
        vm.prank(coordinator);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceInvalidZone.selector, bad));
        mce.registerZones(_one(bad), new uint32[](1), new uint32[](1));
    }

    function test_RevertIf_assign_unknownZoneOrNotIssuer() public {
        _installAndPrepareEvent();
        vm.startPrank(coordinator);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceUnknownZone.selector, ZONE_UNREGISTERED));
        mce.assignZones(issuer, _one(ZONE_UNREGISTERED), true);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceNotIssuer.selector, stranger));
        mce.assignZones(stranger, _one(ZONE_A), true);
        vm.stopPrank();
    }

    function test_RevertIf_registerZones_afterEvent() public {
        _installAndPrepareEvent();
        vm.warp(eventEnd);
        vm.prank(coordinator);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceEventOver.selector, eventEnd));
        mce.registerZones(_one(ZONE_UNREGISTERED), new uint32[](1), new uint32[](1));
    }

    // ---------------------------------------------------------------- the policy at publish

    function test_publish_ownZoneInsideEvent() public {
        _installAndPrepareEvent();
        uint256 taskId = _publishAs(transport, _eventTask(AUDIT, 20, 5, ZONE_B));
        assertEq(board.task(taskId).zoneId, ZONE_B);
    }

    function test_RevertIf_publish_zoneOfAnotherIssuer() public {
        _installAndPrepareEvent();
        TaskBoard.TaskParams memory p = _eventTask(AUDIT, 20, 5, ZONE_A);
        vm.prank(transport);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceZoneNotAssigned.selector, transport, ZONE_A));
        board.publishTask(p);
    }

    function test_RevertIf_publish_unregisteredZone() public {
        _installAndPrepareEvent();
        TaskBoard.TaskParams memory p = _eventTask(DUMPING, 20, 5, ZONE_UNREGISTERED);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceUnknownZone.selector, ZONE_UNREGISTERED));
        board.publishTask(p);
    }

    function test_RevertIf_publish_windowOutsideEvent() public {
        _installAndPrepareEvent();
        TaskBoard.TaskParams memory p = _eventTask(DUMPING, 20, 5, ZONE_A);
        p.end = eventEnd + 1;
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(BlightMce.BlightMceOutsideEvent.selector, eventStart, eventEnd + 1, eventStart, eventEnd)
        );
        board.publishTask(p);
    }

    function test_RevertIf_publish_wrongGateSchemaOrType() public {
        _installAndPrepareEvent();
        TaskBoard.TaskParams memory p = _eventTask(DUMPING, 20, 5, ZONE_A);
        p.gate = address(0);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceWrongGate.selector, address(0)));
        board.publishTask(p);
        p = _eventTask(DUMPING, 20, 5, ZONE_A);
        p.evidenceSchemaHash = keccak256("another schema");
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceWrongEvidenceSchema.selector, p.evidenceSchemaHash, SCHEMA));
        board.publishTask(p);
        p = _eventTask(NOT_IN_CATALOG, 20, 5, ZONE_A);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceUnknownTaskType.selector, NOT_IN_CATALOG));
        board.publishTask(p);
    }

    function test_RevertIf_publish_beforeScheduled() public {
        _install();
        _committeeCall(ISSUANCE_IDX, address(issuance), abi.encodeCall(IssuanceController.setModuleBudget, (BLIGHT, EVENT_BUDGET)));
        TaskBoard.TaskParams memory p = _eventTask(DUMPING, 20, 5, ZONE_A);
        p.start = uint64(block.timestamp);
        p.end = uint64(block.timestamp + 1 days);
        vm.prank(issuer);
        vm.expectRevert(BlightMce.BlightMceNoEvent.selector);
        board.publishTask(p);
    }

    // ---------------------------------------------------------------- the window at claim

    function test_event_earnsInsideWindowAgainstBudget() public {
        _offer(10, 1_000); // first: it backs the cap from the next period
        _installAndPrepareEvent();
        uint256 taskId = _publishAs(issuer, _eventTask(DUMPING, 25, 3, ZONE_A));
        vm.warp(eventStart);
        assertTrue(mce.isLive());
        address alice = makeAddr("alice");
        uint256 completionId = _submit(taskId, alice);
        vm.prank(issuer);
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 25);
        assertEq(issuance.moduleSpent(BLIGHT, credit.currentPeriod()), 25);
    }

    function test_RevertIf_claim_beforeOrAfterWindow() public {
        _installAndPrepareEvent();
        uint256 taskId = _publishAs(issuer, _eventTask(DUMPING, 25, 3, ZONE_A));
        address alice = makeAddr("alice");
        vm.warp(eventStart - 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardOutsideWindow.selector, taskId, eventStart - 1, eventStart, eventEnd));
        board.claim(taskId);
        vm.warp(eventEnd);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardOutsideWindow.selector, taskId, eventEnd, eventStart, eventEnd));
        board.claim(taskId);
        assertFalse(mce.canClaim(taskId, alice));
    }

    function test_RevertIf_claim_issuerUnassignedMidEvent() public {
        _installAndPrepareEvent();
        uint256 taskId = _publishAs(issuer, _eventTask(DUMPING, 25, 3, ZONE_A));
        vm.warp(eventStart);
        vm.prank(coordinator);
        mce.assignZones(issuer, _one(ZONE_A), false);
        address alice = makeAddr("alice");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardClaimGated.selector, taskId, alice, address(mce)));
        board.claim(taskId);
    }

    function test_RevertIf_publish_overEventBudget() public {
        _installAndPrepareEvent();
        TaskBoard.TaskParams memory p = _eventTask(DUMPING, 40, 20, ZONE_A);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceEventBudgetExceeded.selector, 800, 0, EVENT_BUDGET));
        board.publishTask(p);
        // 300 of 500 reserved; an app's dry run of the next task reserves nothing.
        _publishAs(issuer, _eventTask(DUMPING, 30, 10, ZONE_A));
        mce.checkTask(issuer, _eventTask(DUMPING, 20, 10, ZONE_A));
        (uint256 reserved, uint256 budget) = mce.eventBudget();
        assertEq(reserved, 300);
        assertEq(budget, EVENT_BUDGET);
        p = _eventTask(DUMPING, 30, 7, ZONE_A);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(BlightMce.BlightMceEventBudgetExceeded.selector, 210, 300, EVENT_BUDGET));
        board.publishTask(p);
    }

    /// @dev An issuer verifies up to the event's budget in the event's period, waits for the next period and
    /// verifies the rest against fresh budget and cap: the event's total across periods must stay within its budget.
    function test_attack_issuerVerifiesRestOfEventNextPeriod() public {
        _offer(10, 1_000); // first: it backs the cap from the next period
        _installAndPrepareEvent();
        uint256[] memory taskIds = new uint256[](5);
        uint256 published;
        for (uint256 i; i < 5; ++i) {
            vm.prank(issuer);
            try board.publishTask(_eventTask(DUMPING, 40, 5, ZONE_A)) returns (uint256 id) {
                taskIds[published++] = id;
            } catch {}
        }
        vm.warp(eventStart);
        uint256[] memory completions = new uint256[](published * 5);
        for (uint256 i; i < published; ++i) {
            for (uint256 j; j < 5; ++j) {
                completions[i * 5 + j] = _submit(taskIds[i], makeAddr(string.concat("p", vm.toString(i * 5 + j))));
            }
        }
        for (uint256 i; i < completions.length; ++i) {
            vm.prank(issuer);
            try board.verify(completions[i]) {} catch {}
        }
        (,, uint64 periodEnd) = credit.currentPeriodBounds();
        vm.warp(periodEnd + 1);
        for (uint256 i; i < completions.length; ++i) {
            if (board.completion(completions[i]).status != TaskBoard.Status.Submitted) continue;
            vm.prank(issuer);
            try board.verify(completions[i]) {} catch {}
        }
        (uint256 minted,) = credit.totals();
        assertLe(minted, EVENT_BUDGET, "the event spent more than its budget across periods");
    }

    // ---------------------------------------------------------------- business offers

    function test_businessOffer_redeemableOnlyInsideItsWindow() public {
        _offer(10, 1_000); // first: it backs the cap from the next period
        _installAndPrepareEvent();
        uint256 taskId = _publishAs(issuer, _eventTask(DUMPING, 30, 3, ZONE_A));
        vm.prank(redeemer);
        uint256 offerId = credit.createOffer(5, 50, eventStart, eventEnd + 1 days, keccak256("coffee"));
        vm.warp(eventStart);
        address alice = makeAddr("alice");
        uint256 completionId = _submit(taskId, alice);
        vm.prank(issuer);
        board.verify(completionId);
        vm.prank(alice);
        credit.redeem(offerId, 2, type(uint256).max);
        assertEq(credit.balanceOf(alice), 20);
        vm.warp(eventEnd + 1 days);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                RedemptionDesk.RedemptionDeskOutsideWindow.selector, offerId, eventEnd + 1 days, eventStart, eventEnd + 1 days
            )
        );
        credit.redeem(offerId, 1, type(uint256).max);
    }
}
