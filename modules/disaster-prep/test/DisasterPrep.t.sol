// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {ModuleKernel} from "@citysync/contracts/kernel/ModuleKernel.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {Committee} from "@citysync/contracts/governance/Committee.sol";
import {DisasterPrep} from "../contracts/DisasterPrep.sol";
import {DisasterPrepSetup} from "../contracts/DisasterPrepSetup.sol";
import {SeasonCalendar} from "../contracts/SeasonCalendar.sol";
import {DisasterPrepBase} from "./DisasterPrepBase.sol";

/// @dev Exposes the calendar library to the fuzzer.
contract CalendarHarness {
    function monthDay(uint256 ts) external pure returns (uint256, uint256) {
        return SeasonCalendar.monthDay(ts);
    }

    function timestampOf(uint256 year, uint256 mmdd) external pure returns (uint256) {
        return SeasonCalendar.timestampOf(year, mmdd);
    }

    function closingOf(uint256 opens, uint256 closes, uint256 ts) external pure returns (uint256) {
        return SeasonCalendar.closingOf(opens, closes, ts);
    }

    function isValidMonthDay(uint256 mmdd) external pure returns (bool) {
        return SeasonCalendar.isValidMonthDay(mmdd);
    }
}

contract DisasterPrepTest is DisasterPrepBase {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    // ---------------------------------------------------------------- install through the kernel

    function test_install_recordsVersionCatalogSeasonsAndPolicy() public {
        _install();
        ModuleKernel.Installation memory inst = kernel.installation(NAME);
        assertTrue(inst.installed);
        assertEq(inst.version, VERSION);
        assertEq(inst.contentHash, CONTENT_HASH);
        assertEq(inst.permissions.length, 0, "reads the TaskBoard only: no role");
        assertEq(dp.moduleId(), DP);
        assertEq(dp.taskBoard(), address(board));
        assertEq(board.modulePolicy(DP), address(dp));
        assertEq(dp.taskTypes().length, 6);
        DisasterPrep.TaskTypeInfo memory cert = dp.taskTypeInfo(CERT);
        assertTrue(cert.listed && cert.training);
        assertEq(cert.verifiersRequired, 0);
        DisasterPrep.TaskTypeInfo memory goBag = dp.taskTypeInfo(GO_BAG);
        assertTrue(goBag.listed && !goBag.training);
        assertEq(goBag.verifiersRequired, 2);
        assertEq(goBag.minRate, 5);
        assertEq(goBag.maxRate, 20);
        assertEq(dp.taskTypeInfo(CACHE_AUDIT).verifiersRequired, 3);
        DisasterPrep.Season[] memory seasons = dp.seasons();
        assertEq(seasons.length, 2);
        assertEq(seasons[0].opens, 501);
        assertEq(seasons[1].closes, 1101);
        assertEq(dp.emergencyMaxCeiling(), MAX_CEILING);
    }

    function test_initData_echoesTheEncodingPrepareDecodes() public view {
        DisasterPrepSetup.Init memory init = _init();
        bytes memory encoded = _encode(init);
        (bool ok, bytes memory ret) = address(setup).staticcall(bytes.concat(DisasterPrepSetup.initData.selector, encoded));
        assertTrue(ok);
        assertEq(abi.decode(ret, (bytes)), encoded);
        DisasterPrepSetup.Init memory decoded = setup.decodeInit(encoded);
        assertEq(decoded.issuance, init.issuance);
        assertEq(decoded.taskTypes, init.taskTypes);
        assertEq(decoded.ruleVerifiers, init.ruleVerifiers);
        assertEq(decoded.earthquakeCloses, 1101);
        assertEq(decoded.emergencyMaxCeiling, MAX_CEILING);
    }

    function test_RevertIf_prepare_unknownRule() public {
        DisasterPrepSetup.Init memory init = _init();
        init.taskRules[2] = keccak256("one-verifier");
        vm.expectRevert(
            abi.encodeWithSelector(DisasterPrepSetup.DisasterPrepSetupUnknownRule.selector, HAZARD_WALK, keccak256("one-verifier"))
        );
        _prepare(init);
    }

    function test_RevertIf_prepare_fieldTypeWithOneVerifier() public {
        DisasterPrepSetup.Init memory init = _init();
        init.ruleVerifiers[1] = 1;
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepInvalidVerification.selector, GO_BAG, 1));
        _prepare(init);
    }

    function test_RevertIf_prepare_noTrainingType() public {
        DisasterPrepSetup.Init memory init = _init();
        init.ruleVerifiers[0] = 2;
        vm.expectRevert(DisasterPrep.DisasterPrepNoTraining.selector);
        _prepare(init);
    }

    function test_RevertIf_prepare_invalidSeason() public {
        DisasterPrepSetup.Init memory init = _init();
        init.wildfireCloses = 229; // February 29 is not in every year
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepInvalidSeason.selector, 501, 229));
        _prepare(init);
        init.wildfireCloses = 501;
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepInvalidSeason.selector, 501, 501));
        _prepare(init);
    }

    function test_RevertIf_prepare_boundsOutsideCity() public {
        DisasterPrepSetup.Init memory init = _init();
        init.maxRates[5] = 101; // the city allows 1..100
        vm.expectRevert(
            abi.encodeWithSelector(DisasterPrepSetup.DisasterPrepSetupOutsideCityBounds.selector, CACHE_AUDIT, 10, 101, 1, 100)
        );
        _prepare(init);
    }

    // ---------------------------------------------------------------- publish: the policy

    function test_publish_trainingAnyDayOfTheYear() public {
        _install();
        assertFalse(dp.inSeason(block.timestamp), "January is outside both seasons");
        uint256 taskId = _publishTraining();
        assertEq(board.task(taskId).taskType, CERT);
    }

    function test_RevertIf_publish_fieldOutsideActivation() public {
        _install();
        TaskBoard.TaskParams memory p = _params(GO_BAG, 10, 5, 2, block.timestamp + 3 days);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(DisasterPrep.DisasterPrepOutsideActivation.selector, GO_BAG, p.start, p.end)
        );
        board.publishTask(p);
    }

    function test_RevertIf_publish_fieldOutlastsSeason() public {
        _install();
        _warpTo(2026, 625);
        TaskBoard.TaskParams memory p = _params(DRILL, 10, 5, 2, _date(2026, 701) + 1);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(DisasterPrep.DisasterPrepOutsideActivation.selector, DRILL, p.start, p.end)
        );
        board.publishTask(p);
        p.end = uint64(_date(2026, 701)); // up to the close, exclusive: accepted
        _publish(p);
    }

    function test_RevertIf_publish_fieldWithoutModuleGate() public {
        _install();
        _warpTo(2026, 510);
        TaskBoard.TaskParams memory p = _params(GO_BAG, 10, 5, 2, block.timestamp + 1 days);
        p.gate = address(0);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepGateRequired.selector, address(0), address(dp)));
        board.publishTask(p);
    }

    function test_RevertIf_publish_fieldWithFewerVerifiersThanItsRule() public {
        _install();
        _warpTo(2026, 510);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepTooFewVerifiers.selector, GO_BAG, 0, 2));
        board.publishTask(_params(GO_BAG, 10, 5, 0, block.timestamp + 1 days));
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepTooFewVerifiers.selector, CACHE_AUDIT, 2, 3));
        board.publishTask(_params(CACHE_AUDIT, 20, 5, 2, block.timestamp + 1 days));
    }

    function test_RevertIf_publish_trainingCheckedByVerifiers() public {
        _install();
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepTrainingNotIssuerVerified.selector, CERT, 2));
        board.publishTask(_params(CERT, 30, 5, 2, block.timestamp + 1 days));
    }

    function test_RevertIf_publish_typeOutsideCatalog() public {
        _install();
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepUnknownTaskType.selector, NOT_IN_CATALOG));
        board.publishTask(_params(NOT_IN_CATALOG, 10, 5, 2, block.timestamp + 1 days));
    }

    function test_checkTask_rateOutsideCatalogBounds() public {
        _install();
        _warpTo(2026, 510);
        // The TaskBoard refuses it first at the rates committee's bounds; the policy states the catalog's own.
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepRateOutOfBounds.selector, GO_BAG, 21, 5, 20));
        dp.checkTask(issuer, _params(GO_BAG, 21, 5, 2, block.timestamp + 1 days));
        dp.checkTask(issuer, _params(GO_BAG, 20, 5, 2, block.timestamp + 1 days));
    }

    // ---------------------------------------------------------------- training, then field work

    function test_trainingThenFieldTask_twoOfThreeVerifiersMint() public {
        _install();
        _warpTo(2026, 505);
        uint256 training = _train(alice);
        assertEq(dp.trainingOf(alice), training);
        assertEq(credit.balanceOf(alice), 30);
        uint256 taskId = _publishField(GO_BAG, 10, 20, 2);
        assertEq(uint8(dp.claimCheck(taskId, alice)), uint8(DisasterPrep.ClaimCheck.Ok));
        uint256 completionId = _checkIn(taskId, alice);
        vm.prank(verifiers[0]);
        board.approveCompletion(completionId);
        assertEq(credit.balanceOf(alice), 30, "one approval of two mints nothing");
        vm.prank(verifiers[1]);
        board.approveCompletion(completionId);
        assertEq(credit.balanceOf(alice), 40);
        assertEq(issuance.moduleSpent(DP, credit.currentPeriod()), 40);
        vm.prank(verifiers[2]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVerified.selector, completionId));
        board.approveCompletion(completionId);
    }

    function test_RevertIf_claim_beforeTraining() public {
        _install();
        _warpTo(2026, 505);
        uint256 taskId = _publishField(HAZARD_WALK, 20, 5, 2);
        assertEq(uint8(dp.claimCheck(taskId, bob)), uint8(DisasterPrep.ClaimCheck.NotTrained));
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardClaimGated.selector, taskId, bob, address(dp)));
        board.claim(taskId);
        // A submitted but unverified training does not count either.
        uint256 pending = _checkIn(_publishTraining(), bob);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepNotVerifiedTraining.selector, pending));
        dp.recordTraining(pending);
        vm.prank(issuer);
        board.verify(pending);
        dp.recordTraining(pending);
        vm.prank(bob);
        board.claim(taskId);
    }

    function test_RevertIf_recordTraining_fieldCompletionOrTwice() public {
        _install();
        _warpTo(2026, 505);
        uint256 training = _train(alice);
        uint256 field = _checkIn(_publishField(DRILL, 10, 5, 2), alice);
        _approve(field, 2);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepNotVerifiedTraining.selector, field));
        dp.recordTraining(field);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepAlreadyTrained.selector, alice, training));
        dp.recordTraining(training);
    }

    function test_gate_holdsWithoutThePolicy() public {
        _install();
        // The modules committee replaces the policy with one adding no rules: a field task outside every window can
        // be published again...
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (DP, openPolicy)));
        _train(alice);
        assertFalse(dp.inSeason(block.timestamp));
        uint256 taskId = _publishField(GO_BAG, 10, 5, 2);
        // ...but the gate still refuses the claim outside the seasons.
        assertEq(uint8(dp.claimCheck(taskId, alice)), uint8(DisasterPrep.ClaimCheck.NotActivated));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardClaimGated.selector, taskId, alice, address(dp)));
        board.claim(taskId);
        uint256 loose = _publish(_params(GO_BAG, 10, 5, 1, block.timestamp + 1 days));
        assertEq(uint8(dp.claimCheck(loose, alice)), uint8(DisasterPrep.ClaimCheck.TooFewVerifiers));
    }

    // ---------------------------------------------------------------- emergencies

    function test_RevertIf_activateEmergency_unwired() public {
        _install();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        dp.activateEmergency(uint64(block.timestamp + 1 days), 1_000);
        // Until the city maps the function to a role, a committee other than the admin cannot even schedule it.
        bytes memory data = abi.encodeCall(DisasterPrep.activateEmergency, (uint64(block.timestamp + 1 days), 1_000));
        Committee c = committees[ISSUANCE_IDX];
        vm.prank(members[ISSUANCE_IDX][0]);
        uint256 id = c.propose(address(dp), data, keccak256(data));
        vm.prank(members[ISSUANCE_IDX][1]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedCall.selector, address(c), address(dp), DisasterPrep.activateEmergency.selector
            )
        );
        c.approve(id);
    }

    function test_emergency_committeeWithShorterDelayOpensFieldWorkUpToTheCeiling() public {
        _install();
        _wireEmergency(address(committees[ISSUANCE_IDX]), EMERGENCY_DELAY);
        _train(alice);
        assertFalse(dp.inSeason(block.timestamp));
        uint64 until = uint64(block.timestamp + 10 days);
        (uint256 id, uint48 readyAt) = _emergencyProposal(abi.encodeCall(DisasterPrep.activateEmergency, (until, 300)));
        assertEq(readyAt, block.timestamp + EMERGENCY_DELAY, "the emergency role's delay, not the committee's day");
        vm.expectRevert();
        committees[ISSUANCE_IDX].execute(id);
        vm.warp(readyAt);
        committees[ISSUANCE_IDX].execute(id);
        (uint256 emergencyId, DisasterPrep.Emergency memory e, bool active) = dp.currentEmergency();
        assertEq(emergencyId, 1);
        assertTrue(active);
        assertEq(e.ceiling, 300);

        uint256 taskId = _publish(_params(GO_BAG, 10, 20, 2, until)); // 200 credits at most
        assertEq(uint8(dp.claimCheck(taskId, alice)), uint8(DisasterPrep.ClaimCheck.NotActivated), "not funded yet");
        vm.prank(issuer);
        dp.fundEmergencyTask(taskId);
        uint256 completionId = _checkIn(taskId, alice);
        _approve(completionId, 2);
        assertEq(credit.balanceOf(alice), 40);

        uint256 second = _publish(_params(HAZARD_WALK, 20, 6, 2, until)); // 120 more: 320 > 300
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(DisasterPrep.DisasterPrepEmergencyCeilingExceeded.selector, 1, 120, 200, 300)
        );
        dp.fundEmergencyTask(second);
        assertEq(dp.emergencyById(1).committed, 200);
    }

    function test_RevertIf_activateEmergency_ceilingAboveMaximumOrTooLong() public {
        _install();
        _wireEmergency(address(committees[ISSUANCE_IDX]), EMERGENCY_DELAY);
        (uint256 id, uint48 readyAt) = _emergencyProposal(
            abi.encodeCall(DisasterPrep.activateEmergency, (uint64(block.timestamp + 10 days), MAX_CEILING + 1))
        );
        vm.warp(readyAt);
        vm.expectRevert(
            abi.encodeWithSelector(DisasterPrep.DisasterPrepEmergencyCeilingTooHigh.selector, MAX_CEILING + 1, MAX_CEILING)
        );
        committees[ISSUANCE_IDX].execute(id);
        uint64 tooLate = uint64(block.timestamp + 40 days);
        (id, readyAt) = _emergencyProposal(abi.encodeCall(DisasterPrep.activateEmergency, (tooLate, 100)));
        vm.warp(readyAt);
        vm.expectRevert(
            abi.encodeWithSelector(
                DisasterPrep.DisasterPrepInvalidEmergencyEnd.selector, tooLate, block.timestamp + dp.EMERGENCY_MAX_DURATION()
            )
        );
        committees[ISSUANCE_IDX].execute(id);
    }

    function test_guardianCancelsAnEmergencyActivation() public {
        _install();
        _wireEmergency(address(committees[ISSUANCE_IDX]), EMERGENCY_DELAY);
        bytes memory data = abi.encodeCall(DisasterPrep.activateEmergency, (uint64(block.timestamp + 2 days), 500));
        (uint256 id,) = _emergencyProposal(data);
        vm.prank(guardian);
        manager.cancel(address(committees[ISSUANCE_IDX]), address(dp), data);
        vm.warp(block.timestamp + EMERGENCY_DELAY);
        vm.expectRevert();
        committees[ISSUANCE_IDX].execute(id);
        (uint256 emergencyId,,) = dp.currentEmergency();
        assertEq(emergencyId, 0);
    }

    function test_endEmergency_stopsClaimsOfItsTasks() public {
        _install();
        _wireEmergency(address(committees[ISSUANCE_IDX]), EMERGENCY_DELAY);
        _train(alice);
        _train(bob);
        uint64 until = uint64(block.timestamp + 10 days);
        _activate(until, 1_000);
        uint256 taskId = _publish(_params(DRILL, 10, 20, 2, until));
        vm.prank(issuer);
        dp.fundEmergencyTask(taskId);
        uint256 aliceCompletion = _checkIn(taskId, alice);
        (uint256 id, uint48 readyAt) = _emergencyProposal(abi.encodeCall(DisasterPrep.endEmergency, ()));
        vm.warp(readyAt);
        committees[ISSUANCE_IDX].execute(id);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardClaimGated.selector, taskId, bob, address(dp)));
        board.claim(taskId);
        _approve(aliceCompletion, 2); // work done during the emergency is still paid
        assertEq(credit.balanceOf(alice), 40);
        vm.prank(issuer);
        vm.expectRevert(DisasterPrep.DisasterPrepNoActiveEmergency.selector);
        dp.fundEmergencyTask(taskId);
    }

    function test_RevertIf_fundEmergencyTask_misuse() public {
        _install();
        _wireEmergency(address(committees[ISSUANCE_IDX]), EMERGENCY_DELAY);
        uint64 until = uint64(block.timestamp + 5 days);
        _activate(until, 1_000);
        uint256 taskId = _publish(_params(ROSTER, 10, 5, 2, until));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepNotTaskIssuer.selector, taskId, stranger));
        dp.fundEmergencyTask(taskId);
        uint256 training = _publishTraining();
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepNotFieldTask.selector, training, CERT));
        dp.fundEmergencyTask(training);
        vm.prank(issuer);
        dp.fundEmergencyTask(taskId);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepAlreadyFunded.selector, taskId, 1));
        dp.fundEmergencyTask(taskId);
        // Activating a second emergency while one runs is refused.
        (uint256 id, uint48 readyAt) =
            _emergencyProposal(abi.encodeCall(DisasterPrep.activateEmergency, (uint64(block.timestamp + 3 days), 100)));
        vm.warp(readyAt);
        vm.expectRevert(abi.encodeWithSelector(DisasterPrep.DisasterPrepEmergencyActive.selector, 1, until));
        committees[ISSUANCE_IDX].execute(id);
    }

    function test_RevertIf_fundEmergencyTask_outlastsTheEmergency() public {
        _install();
        _wireEmergency(address(committees[ISSUANCE_IDX]), EMERGENCY_DELAY);
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (DP, openPolicy)));
        uint64 until = uint64(block.timestamp + 5 days);
        _activate(until, 1_000);
        uint256 taskId = _publish(_params(ROSTER, 10, 5, 2, until + 1));
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(DisasterPrep.DisasterPrepTaskOutlastsEmergency.selector, taskId, until + 1, until)
        );
        dp.fundEmergencyTask(taskId);
    }

    // ---------------------------------------------------------------- calendar

    function test_calendar_knownDates() public {
        CalendarHarness cal = new CalendarHarness();
        (uint256 y, uint256 md) = cal.monthDay(1_767_225_600);
        assertEq(y, 2026);
        assertEq(md, 101);
        (y, md) = cal.monthDay(1_709_164_800); // 2024-02-29
        assertEq(y, 2024);
        assertEq(md, 229);
        (y, md) = cal.monthDay(951_868_800); // 2000-03-01
        assertEq(md, 301);
        assertEq(cal.timestampOf(2026, 501), 1_777_593_600);
        assertEq(cal.closingOf(1101, 301, cal.timestampOf(2026, 1215)), cal.timestampOf(2027, 301), "over the new year");
        assertEq(cal.closingOf(1101, 301, cal.timestampOf(2027, 215)), cal.timestampOf(2027, 301));
        assertEq(cal.closingOf(1101, 301, cal.timestampOf(2027, 301)), 0);
    }

    function testFuzz_calendar_roundTrip(uint256 ts) public {
        CalendarHarness cal = new CalendarHarness();
        ts = bound(ts, 0, 32_503_680_000); // up to year 3000
        (uint256 y, uint256 md) = cal.monthDay(ts);
        uint256 midnight = cal.timestampOf(y, md);
        assertLe(midnight, ts);
        assertLt(ts, midnight + 1 days);
        bool leapDay = md == 229 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        assertTrue(cal.isValidMonthDay(md) || leapDay);
    }

    function testFuzz_calendar_closingIsTheFirstSecondOutside(uint256 opensSeed, uint256 closesSeed, uint256 ts) public {
        CalendarHarness cal = new CalendarHarness();
        uint256 opens = bound(opensSeed, 1, 12) * 100 + bound(opensSeed >> 8, 1, 28);
        uint256 closes = bound(closesSeed, 1, 12) * 100 + bound(closesSeed >> 8, 1, 28);
        vm.assume(opens != closes);
        ts = bound(ts, 0, 32_503_680_000);
        uint256 closing = cal.closingOf(opens, closes, ts);
        if (closing == 0) return;
        assertGt(closing, ts);
        assertLe(closing - ts, 366 days);
        assertEq(cal.closingOf(opens, closes, closing - 1), closing, "every second up to the close is inside");
        assertEq(cal.closingOf(opens, closes, closing), 0, "the close itself is outside");
    }

    function testFuzz_publish_fieldIffInsideASeasonOccurrence(uint256 startOffset, uint256 duration) public {
        _install();
        startOffset = bound(startOffset, 0, 365 days);
        duration = bound(duration, 1 hours, 120 days);
        vm.warp(block.timestamp + startOffset);
        uint256 end = block.timestamp + duration;
        uint256 closing = _closingAt(block.timestamp);
        bool expected = closing != 0 && end <= closing;
        assertEq(dp.isActivated(block.timestamp, end), expected);
        TaskBoard.TaskParams memory p = _params(HAZARD_WALK, 20, 5, 2, end);
        vm.prank(issuer);
        try board.publishTask(p) returns (uint256) {
            assertTrue(expected);
        } catch {
            assertFalse(expected);
        }
    }

    function _closingAt(uint256 ts) private pure returns (uint256 closing) {
        closing = SeasonCalendar.closingOf(501, 701, ts);
        if (closing == 0) closing = SeasonCalendar.closingOf(1001, 1101, ts);
    }

    // ---------------------------------------------------------------- upgrades

    function test_RevertIf_upgrade_notUpgradesCommittee() public {
        _install();
        address impl = setup.implementation();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        dp.upgradeToAndCall(impl, "");
    }
}
