// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {PlatformBase} from "./PlatformBase.sol";
import {MockClaimGate} from "./mocks/MockClaimGate.sol";
import {MockTaskPolicy} from "./mocks/MockTaskPolicy.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {TaskBoard} from "../../../tasks/TaskBoard.sol";
import {IssuanceController} from "../../../issuance/IssuanceController.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

contract PlatformTaskBoardTest is PlatformBase {
    bytes32 internal constant MODULE2 = keccak256("@citysync/dpan-second");

    address internal alice;
    address internal bob;
    address internal issuer2 = makeAddr("issuer.parks");
    uint256 internal offerId;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        offerId = _bigOffer();
        alice = _participant(1);
        bob = _participant(2);
    }

    // ---------------------------------------------------------------- initialize

    function test_RevertIf_initialize_calledAgain() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        board.initialize(address(manager), address(accreditation), address(issuance));
    }

    function test_RevertIf_initialize_onImplementation() public {
        TaskBoard impl = new TaskBoard(address(forwarder));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize(address(manager), address(accreditation), address(issuance));
    }

    // ---------------------------------------------------------------- publishTask

    function test_publishTask_storesTaskAndEmits() public {
        TaskBoard.TaskParams memory p = _taskParams(25, 3, 0);
        p.gate = address(0xBEEF);
        vm.expectEmit(address(board));
        emit TaskBoard.TaskPublished(1, issuer, MODULE, p);
        uint256 taskId = _publishParams(issuer, p);

        assertEq(taskId, 1);
        TaskBoard.Task memory t = board.task(taskId);
        assertEq(t.issuer, issuer);
        assertEq(t.verifiersRequired, 0);
        assertEq(t.slots, 3);
        assertEq(t.claimed, 0);
        assertEq(t.rate, 25);
        assertEq(t.start, p.start);
        assertEq(t.end, p.end);
        assertEq(t.moduleId, MODULE);
        assertEq(t.taskType, PARK_CLEANUP);
        assertEq(t.zoneId, p.zoneId);
        assertEq(t.evidenceSchemaHash, p.evidenceSchemaHash);
        assertEq(t.gate, address(0xBEEF));
        (uint256 tasks, uint256 completions) = board.counts();
        assertEq(tasks, 1);
        assertEq(completions, 0);
    }

    function test_publishTask_idsIncrement() public {
        assertEq(_publish(10, 1), 1);
        assertEq(_publish(10, 1), 2);
        assertEq(_publishK(10, 1, 2), 3);
    }

    function test_publishTask_futureWindowAndMaxVerifiers() public {
        TaskBoard.TaskParams memory p = _taskParams(10, 1, board.MAX_VERIFIERS());
        p.start = uint64(block.timestamp + 1 days);
        p.end = uint64(block.timestamp + 3 days);
        uint256 taskId = _publishParams(issuer, p);
        assertEq(board.task(taskId).verifiersRequired, 16);
        assertEq(board.task(taskId).start, p.start);
    }

    function test_RevertIf_publishTask_callerNotAccredited() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotIssuer.selector, stranger));
        board.publishTask(_taskParams(10, 1, 0));
    }

    function test_RevertIf_publishTask_callerAccreditedWithoutIssuerRole() public {
        vm.prank(verifiers[0]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotIssuer.selector, verifiers[0]));
        board.publishTask(_taskParams(10, 1, 0));
    }

    function test_RevertIf_publishTask_issuerRevoked() public {
        _revoke(issuer);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotIssuer.selector, issuer));
        board.publishTask(_taskParams(10, 1, 0));
    }

    function test_RevertIf_publishTask_moduleHasNoBudget() public {
        TaskBoard.TaskParams memory p = _taskParams(10, 1, 0);
        p.moduleId = MODULE2;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownModule.selector, MODULE2));
        board.publishTask(p);
    }

    function test_RevertIf_publishTask_moduleBudgetSetToZero() public {
        _setBudget(MODULE, 0);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownModule.selector, MODULE));
        board.publishTask(_taskParams(10, 1, 0));
    }

    function test_RevertIf_publishTask_rateBelowMin() public {
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerRateOutOfBounds.selector, PARK_CLEANUP, 0, 1, 100)
        );
        board.publishTask(_taskParams(0, 1, 0));
    }

    function test_RevertIf_publishTask_rateAboveMax() public {
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerRateOutOfBounds.selector, PARK_CLEANUP, 101, 1, 100)
        );
        board.publishTask(_taskParams(101, 1, 0));
    }

    function test_RevertIf_publishTask_rateOutsideTaskTypeBounds() public {
        // The rates committee narrows the bounds for this task type only.
        _committeeCall(RATES_IDX, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (PARK_CLEANUP, 20, 30)));
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerRateOutOfBounds.selector, PARK_CLEANUP, 10, 20, 30)
        );
        board.publishTask(_taskParams(10, 1, 0));
        assertEq(_publish(25, 1), 1);
    }

    function testFuzz_publishTask_rateOutOfBounds(uint256 rate) public {
        rate = bound(rate, 101, type(uint256).max);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerRateOutOfBounds.selector, PARK_CLEANUP, rate, 1, 100)
        );
        board.publishTask(_taskParams(rate, 1, 0));
    }

    function testFuzz_publishTask_rateInBounds(uint256 rate) public {
        rate = bound(rate, 1, 100);
        uint256 taskId = _publish(rate, 1);
        assertEq(board.task(taskId).rate, rate);
    }

    function test_RevertIf_publishTask_zeroSlots() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardInvalidSlots.selector, 0));
        board.publishTask(_taskParams(10, 0, 0));
    }

    function test_RevertIf_publishTask_endNotAfterStart() public {
        TaskBoard.TaskParams memory p = _taskParams(10, 1, 0);
        p.start = uint64(block.timestamp + 1 days);
        p.end = p.start;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardInvalidWindow.selector, p.start, p.end));
        board.publishTask(p);
    }

    function test_RevertIf_publishTask_endAlreadyPassed() public {
        TaskBoard.TaskParams memory p = _taskParams(10, 1, 0);
        p.start = uint64(block.timestamp - 2 days);
        p.end = uint64(block.timestamp);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardInvalidWindow.selector, p.start, p.end));
        board.publishTask(p);
    }

    function test_RevertIf_publishTask_endBeyondUint40() public {
        TaskBoard.TaskParams memory p = _taskParams(10, 1, 0);
        p.end = uint64(type(uint40).max) + 1;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardInvalidWindow.selector, p.start, p.end));
        board.publishTask(p);
    }

    function test_RevertIf_publishTask_tooManyVerifiers() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardTooManyVerifiers.selector, 17, 16));
        board.publishTask(_taskParams(10, 1, 17));
    }

    // ---------------------------------------------------------------- closeTask

    function test_closeTask_endsWindowNow() public {
        uint256 taskId = _publish(10, 2);
        uint64 start = board.task(taskId).start;
        vm.warp(block.timestamp + 1 hours);
        vm.expectEmit(address(board));
        emit TaskBoard.TaskClosed(taskId, uint64(block.timestamp));
        vm.prank(issuer);
        board.closeTask(taskId);
        assertEq(board.task(taskId).end, block.timestamp);

        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                TaskBoard.TaskBoardOutsideWindow.selector, taskId, block.timestamp, start, uint64(block.timestamp)
            )
        );
        board.claim(taskId);
    }

    function test_closeTask_afterEndKeepsEnd() public {
        uint256 taskId = _publish(10, 2);
        uint64 end = uint64(board.task(taskId).end);
        vm.warp(end + 1 days);
        vm.expectEmit(address(board));
        emit TaskBoard.TaskClosed(taskId, end);
        vm.prank(issuer);
        board.closeTask(taskId);
        assertEq(board.task(taskId).end, end);
    }

    function test_closeTask_submittedCompletionStillVerifiable() public {
        uint256 taskId = _publish(10, 2);
        uint256 completionId = _submit(taskId, alice);
        vm.prank(issuer);
        board.closeTask(taskId);
        vm.prank(issuer);
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 10);
    }

    function test_RevertIf_closeTask_notTaskIssuer() public {
        _accredit(issuer2, OrgRoles.ISSUER);
        uint256 taskId = _publish(10, 1);
        vm.prank(issuer2);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId, issuer2));
        board.closeTask(taskId);
    }

    function test_RevertIf_closeTask_unknownTask() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownTask.selector, 7));
        board.closeTask(7);
    }

    // ---------------------------------------------------------------- claim

    function test_claim_recordsAndEmits() public {
        uint256 taskId = _publish(10, 2);
        vm.expectEmit(address(board));
        emit TaskBoard.TaskClaimed(taskId, alice);
        vm.prank(alice);
        board.claim(taskId);
        assertEq(board.claimOf(taskId, alice), CLAIMED);
        assertEq(board.claimOf(taskId, bob), 0);
        assertEq(board.task(taskId).claimed, 1);
    }

    function test_claim_atWindowStartAndLastSecond() public {
        TaskBoard.TaskParams memory p = _taskParams(10, 2, 0);
        p.start = uint64(block.timestamp + 1 hours);
        p.end = p.start + 1 hours;
        uint256 taskId = _publishParams(issuer, p);
        vm.warp(p.start);
        vm.prank(alice);
        board.claim(taskId);
        vm.warp(p.end - 1);
        vm.prank(bob);
        board.claim(taskId);
        assertEq(board.task(taskId).claimed, 2);
    }

    function test_RevertIf_claim_beforeWindow() public {
        TaskBoard.TaskParams memory p = _taskParams(10, 1, 0);
        p.start = uint64(block.timestamp + 1 hours);
        uint256 taskId = _publishParams(issuer, p);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(TaskBoard.TaskBoardOutsideWindow.selector, taskId, block.timestamp, p.start, p.end)
        );
        board.claim(taskId);
    }

    function test_RevertIf_claim_afterWindow() public {
        TaskBoard.TaskParams memory p = _taskParams(10, 1, 0);
        uint256 taskId = _publishParams(issuer, p);
        vm.warp(p.end);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardOutsideWindow.selector, taskId, p.end, p.start, p.end));
        board.claim(taskId);
    }

    function test_RevertIf_claim_noSlotsLeft() public {
        uint256 taskId = _publish(10, 1);
        vm.prank(alice);
        board.claim(taskId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNoSlotsLeft.selector, taskId, 1));
        board.claim(taskId);
    }

    function test_RevertIf_claim_byTheTasksIssuer() public {
        uint256 taskId = _publish(10, 5);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardIssuerCannotClaim.selector, taskId, issuer));
        board.claim(taskId);
    }

    function test_RevertIf_claim_twice() public {
        uint256 taskId = _publish(10, 5);
        vm.startPrank(alice);
        board.claim(taskId);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyClaimed.selector, taskId, alice));
        board.claim(taskId);
        vm.stopPrank();
    }

    function test_RevertIf_claim_againAfterSubmitting() public {
        uint256 taskId = _publish(10, 5);
        _submit(taskId, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyClaimed.selector, taskId, alice));
        board.claim(taskId);
    }

    function test_RevertIf_claim_unknownTask() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownTask.selector, 1));
        board.claim(1);
    }

    function test_claim_gateAdmits() public {
        MockClaimGate gate = new MockClaimGate();
        gate.admit(alice, true);
        TaskBoard.TaskParams memory p = _taskParams(10, 2, 0);
        p.gate = address(gate);
        uint256 taskId = _publishParams(issuer, p);
        vm.prank(alice);
        board.claim(taskId);
        assertEq(board.claimOf(taskId, alice), CLAIMED);
    }

    function test_RevertIf_claim_gateRefuses() public {
        MockClaimGate gate = new MockClaimGate();
        gate.admit(alice, true);
        TaskBoard.TaskParams memory p = _taskParams(10, 2, 0);
        p.gate = address(gate);
        uint256 taskId = _publishParams(issuer, p);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardClaimGated.selector, taskId, bob, address(gate)));
        board.claim(taskId);
        assertEq(board.task(taskId).claimed, 0);
    }

    function testFuzz_claim_fillsExactlyTheSlots(uint256 slots) public {
        slots = bound(slots, 1, 20);
        uint256 taskId = _publish(10, uint32(slots));
        for (uint256 i; i < slots; ++i) {
            vm.prank(_participant(100 + i));
            board.claim(taskId);
        }
        assertEq(board.task(taskId).claimed, slots);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNoSlotsLeft.selector, taskId, slots));
        board.claim(taskId);
    }

    // ---------------------------------------------------------------- submitCompletion

    function test_submitCompletion_recordsAndEmits() public {
        uint256 taskId = _publish(10, 2);
        bytes32 evidence = _evidence(taskId, alice);
        vm.prank(alice);
        board.claim(taskId);
        vm.expectEmit(address(board));
        emit TaskBoard.CompletionSubmitted(1, taskId, alice, evidence);
        vm.prank(alice);
        uint256 completionId = board.submitCompletion(taskId, evidence);

        assertEq(completionId, 1);
        TaskBoard.Completion memory c = board.completion(completionId);
        assertEq(c.participant, alice);
        assertEq(c.taskId, taskId);
        assertEq(uint8(c.status), uint8(TaskBoard.Status.Submitted));
        assertEq(c.approvals, 0);
        assertEq(c.evidenceHash, evidence);
        assertEq(board.claimOf(taskId, alice), completionId);
        (, uint256 completions) = board.counts();
        assertEq(completions, 1);
    }

    function test_RevertIf_submitCompletion_notClaimed() public {
        uint256 taskId = _publish(10, 2);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotClaimed.selector, taskId, alice));
        board.submitCompletion(taskId, _evidence(taskId, alice));
    }

    function test_RevertIf_submitCompletion_twice() public {
        uint256 taskId = _publish(10, 2);
        _submit(taskId, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotClaimed.selector, taskId, alice));
        board.submitCompletion(taskId, keccak256("other evidence"));
    }

    function test_RevertIf_submitCompletion_emptyEvidence() public {
        uint256 taskId = _publish(10, 2);
        vm.startPrank(alice);
        board.claim(taskId);
        vm.expectRevert(TaskBoard.TaskBoardEmptyEvidence.selector);
        board.submitCompletion(taskId, bytes32(0));
        vm.stopPrank();
    }

    function test_RevertIf_submitCompletion_afterWindow() public {
        uint256 taskId = _publish(10, 2);
        vm.prank(alice);
        board.claim(taskId);
        TaskBoard.Task memory t = board.task(taskId);
        vm.warp(t.end);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardOutsideWindow.selector, taskId, t.end, t.start, t.end));
        board.submitCompletion(taskId, _evidence(taskId, alice));
    }

    function test_RevertIf_submitCompletion_afterClose() public {
        uint256 taskId = _publish(10, 2);
        vm.prank(alice);
        board.claim(taskId);
        uint64 start = board.task(taskId).start;
        vm.prank(issuer);
        board.closeTask(taskId);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                TaskBoard.TaskBoardOutsideWindow.selector, taskId, block.timestamp, start, uint64(block.timestamp)
            )
        );
        board.submitCompletion(taskId, _evidence(taskId, alice));
    }

    function test_RevertIf_submitCompletion_unknownTask() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownTask.selector, 3));
        board.submitCompletion(3, keccak256("e"));
    }

    // ---------------------------------------------------------------- module policy

    function _setPolicy(address policy) internal {
        _committeeCall(3, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (MODULE, policy)));
    }

    function test_setModulePolicy_byModulesCommitteeEmits() public {
        MockTaskPolicy policy = new MockTaskPolicy(20);
        bytes memory data = abi.encodeCall(TaskBoard.setModulePolicy, (MODULE, address(policy)));
        vm.prank(members[3][0]);
        uint256 id = committees[3].propose(address(board), data, keccak256(data));
        vm.prank(members[3][1]);
        committees[3].approve(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectEmit(address(board));
        emit TaskBoard.ModulePolicySet(MODULE, address(policy), 2);
        committees[3].execute(id);
        assertEq(board.modulePolicy(MODULE), address(policy));
    }

    function test_RevertIf_setModulePolicy_notCommittee() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, issuer));
        board.setModulePolicy(MODULE, address(1));
    }

    function test_publishTask_policyAdmits() public {
        MockTaskPolicy policy = new MockTaskPolicy(20);
        _setPolicy(address(policy));
        TaskBoard.TaskParams memory p = _taskParams(20, 2, 0);
        p.gate = address(policy);
        uint256 taskId = _publishParams(issuer, p);
        assertEq(board.task(taskId).gate, address(policy));
    }

    function test_RevertIf_publishTask_policyRefuses() public {
        MockTaskPolicy policy = new MockTaskPolicy(20);
        _setPolicy(address(policy));
        TaskBoard.TaskParams memory p = _taskParams(10, 2, 0); // no gate: the module's rules require it
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(MockTaskPolicy.MockTaskPolicyRefused.selector, issuer, 10, address(0)));
        board.publishTask(p);
        p.gate = address(policy);
        p.rate = 21;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(MockTaskPolicy.MockTaskPolicyRefused.selector, issuer, 21, address(policy)));
        board.publishTask(p);
        (uint256 tasks,) = board.counts();
        assertEq(tasks, 0);
    }

    function test_setModulePolicy_zeroRemovesIt() public {
        _setPolicy(address(new MockTaskPolicy(20)));
        _setPolicy(address(0));
        assertEq(board.modulePolicy(MODULE), address(0));
        (address policy, uint256 version) = board.modulePolicyVersion(MODULE);
        assertEq(policy, address(0));
        assertEq(version, 3); // the deployment's, the mock's, the removal
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNoTaskPolicy.selector, MODULE));
        board.publishTask(_taskParams(10, 2, 0));
    }

    function test_publishTask_recordsPolicyRegistration() public {
        uint256 taskId = _publish(10, 2);
        (, uint256 version) = board.modulePolicyVersion(MODULE);
        assertEq(board.task(taskId).policyVersion, version);
        // Registering the same contract again is a new registration: the earlier tasks do not carry over.
        _setPolicy(openPolicy);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardTaskPolicyChanged.selector, taskId, version, version + 1));
        board.claim(taskId);
    }

    // ---------------------------------------------------------------- claimAndSubmit

    function test_claimAndSubmit_claimsSubmitsAndEmitsBoth() public {
        uint256 taskId = _publish(10, 2);
        bytes32 evidence = _evidence(taskId, alice);
        vm.expectEmit(address(board));
        emit TaskBoard.TaskClaimed(taskId, alice);
        vm.expectEmit(address(board));
        emit TaskBoard.CompletionSubmitted(1, taskId, alice, evidence);
        vm.prank(alice);
        uint256 completionId = board.claimAndSubmit(taskId, evidence);

        assertEq(completionId, 1);
        assertEq(board.claimOf(taskId, alice), completionId);
        assertEq(board.task(taskId).claimed, 1);
        TaskBoard.Completion memory c = board.completion(completionId);
        assertEq(c.participant, alice);
        assertEq(uint8(c.status), uint8(TaskBoard.Status.Submitted));
        assertEq(c.evidenceHash, evidence);
    }

    function test_claimAndSubmit_verifiesLikeAnyCompletion() public {
        uint256 taskId = _publish(25, 1);
        vm.prank(alice);
        uint256 completionId = board.claimAndSubmit(taskId, _evidence(taskId, alice));
        vm.prank(issuer);
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 25);
    }

    function test_RevertIf_claimAndSubmit_alreadyClaimed() public {
        uint256 taskId = _publish(10, 5);
        vm.startPrank(alice);
        board.claim(taskId);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyClaimed.selector, taskId, alice));
        board.claimAndSubmit(taskId, _evidence(taskId, alice));
        vm.stopPrank();
    }

    function test_RevertIf_claimAndSubmit_twice() public {
        uint256 taskId = _publish(10, 5);
        vm.startPrank(alice);
        board.claimAndSubmit(taskId, _evidence(taskId, alice));
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyClaimed.selector, taskId, alice));
        board.claimAndSubmit(taskId, keccak256("other evidence"));
        vm.stopPrank();
    }

    function test_RevertIf_claimAndSubmit_byTheTasksIssuer() public {
        uint256 taskId = _publish(10, 5);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardIssuerCannotClaim.selector, taskId, issuer));
        board.claimAndSubmit(taskId, _evidence(taskId, issuer));
    }

    function test_RevertIf_claimAndSubmit_noSlotsLeft() public {
        uint256 taskId = _publish(10, 1);
        vm.prank(alice);
        board.claimAndSubmit(taskId, _evidence(taskId, alice));
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNoSlotsLeft.selector, taskId, 1));
        board.claimAndSubmit(taskId, _evidence(taskId, bob));
    }

    function test_RevertIf_claimAndSubmit_emptyEvidence_consumesNoSlot() public {
        uint256 taskId = _publish(10, 1);
        vm.prank(alice);
        vm.expectRevert(TaskBoard.TaskBoardEmptyEvidence.selector);
        board.claimAndSubmit(taskId, bytes32(0));
        assertEq(board.task(taskId).claimed, 0);
        assertEq(board.claimOf(taskId, alice), 0);
    }

    function test_RevertIf_claimAndSubmit_gateRefuses() public {
        MockClaimGate gate = new MockClaimGate();
        TaskBoard.TaskParams memory p = _taskParams(10, 2, 0);
        p.gate = address(gate);
        uint256 taskId = _publishParams(issuer, p);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardClaimGated.selector, taskId, bob, address(gate)));
        board.claimAndSubmit(taskId, _evidence(taskId, bob));
    }

    function test_RevertIf_claimAndSubmit_afterWindow() public {
        uint256 taskId = _publish(10, 2);
        TaskBoard.Task memory t = board.task(taskId);
        vm.warp(t.end);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardOutsideWindow.selector, taskId, t.end, t.start, t.end));
        board.claimAndSubmit(taskId, _evidence(taskId, alice));
    }

    function test_RevertIf_claimAndSubmit_unknownTask() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownTask.selector, 9));
        board.claimAndSubmit(9, keccak256("e"));
    }

    // ---------------------------------------------------------------- verify

    function test_verify_mintsRateAndEmits() public {
        uint256 taskId = _publish(25, 1);
        uint256 completionId = _submit(taskId, alice);
        vm.expectEmit(address(board));
        emit TaskBoard.CompletionVerified(completionId, taskId, alice, 25);
        vm.expectEmit(address(issuance));
        emit IssuanceController.Issued(MODULE, _period(), 25);
        vm.prank(issuer);
        board.verify(completionId);

        assertEq(credit.balanceOf(alice), 25);
        assertEq(votes.balanceOf(alice), 25);
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Verified));
        assertEq(issuance.moduleSpent(MODULE, _period()), 25);
    }

    /// @dev A completion mints once, whatever is replayed.
    function test_RevertIf_verify_replayed() public {
        uint256 completionId = _earn(alice, 25);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVerified.selector, completionId));
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 25);
    }

    function test_RevertIf_verify_callerNotIssuer() public {
        uint256 completionId = _submit(_publish(25, 1), alice);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotIssuer.selector, stranger));
        board.verify(completionId);
    }

    function test_RevertIf_verify_otherIssuer() public {
        _accredit(issuer2, OrgRoles.ISSUER);
        uint256 taskId = _publish(25, 1);
        uint256 completionId = _submit(taskId, alice);
        vm.prank(issuer2);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId, issuer2));
        board.verify(completionId);
    }

    function test_RevertIf_verify_issuerRevoked() public {
        uint256 completionId = _submit(_publish(25, 1), alice);
        _revoke(issuer);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotIssuer.selector, issuer));
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 0);
    }

    function test_RevertIf_verify_taskRequiresVerifiers() public {
        uint256 completionId = _submit(_publishK(25, 1, 2), alice);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardRequiresVerifiers.selector, completionId, 2));
        board.verify(completionId);
    }

    function test_RevertIf_verify_unknownCompletion() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownCompletion.selector, 42));
        board.verify(42);
    }

    function test_RevertIf_verify_rejected() public {
        uint256 completionId = _submit(_publish(25, 1), alice);
        vm.startPrank(issuer);
        board.reject(completionId, 3);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyRejected.selector, completionId));
        board.verify(completionId);
        vm.stopPrank();
    }

    function test_RevertIf_verify_capExceeded() public {
        // Replace the big offer with one worth 10 credits: the period cap, fixed at the first mint, is 10.
        vm.startPrank(redeemer);
        credit.closeOffer(offerId);
        vm.stopPrank();
        _offer(1, 10); // backs the cap from the next period, where the test goes on
        uint256 completionId = _submit(_publish(25, 1), alice);
        uint32 period = _period();
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 10, 0, 25)
        );
        board.verify(completionId);
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Submitted));
    }

    function test_RevertIf_verify_budgetExceeded() public {
        _setBudget(MODULE, 30);
        _earn(alice, 25);
        uint256 completionId = _submit(_publish(25, 1), bob);
        uint32 period = _period();
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerBudgetExceeded.selector, MODULE, period, 30, 25, 25)
        );
        board.verify(completionId);
        assertEq(credit.balanceOf(bob), 0);
    }

    function testFuzz_verify_mintsExactRate(uint256 rate) public {
        rate = bound(rate, 1, 100);
        _earn(alice, rate);
        assertEq(credit.balanceOf(alice), rate);
        assertEq(votes.balanceOf(alice), rate);
        (uint256 minted,) = credit.totals();
        assertEq(minted, rate);
    }

    // ---------------------------------------------------------------- verifyBatch

    function test_verifyBatch_fiftyDistinctParticipants() public {
        uint256 n = 50;
        uint256 taskId = _publish(7, uint32(n));
        uint256[] memory ids = new uint256[](n);
        address[] memory who = new address[](n);
        for (uint256 i; i < n; ++i) {
            who[i] = _participant(1000 + i);
            ids[i] = _submit(taskId, who[i]);
        }
        for (uint256 i; i < n; ++i) {
            vm.expectEmit(address(board));
            emit TaskBoard.CompletionVerified(ids[i], taskId, who[i], 7);
        }
        vm.prank(issuer);
        board.verifyBatch(ids);

        for (uint256 i; i < n; ++i) {
            assertEq(credit.balanceOf(who[i]), 7);
            assertEq(votes.balanceOf(who[i]), 7);
            assertEq(uint8(board.completion(ids[i]).status), uint8(TaskBoard.Status.Verified));
        }
        assertEq(issuance.moduleSpent(MODULE, _period()), 7 * n);
        (, uint256 issued,) = issuance.periodIssuance(_period());
        assertEq(issued, 7 * n);
    }

    function test_verifyBatch_mixedModules() public {
        _setBudget(MODULE2, 1_000);
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (MODULE2, openPolicy)));
        uint256 t1 = _publish(10, 2);
        TaskBoard.TaskParams memory p = _taskParams(20, 2, 0);
        p.moduleId = MODULE2;
        uint256 t2 = _publishParams(issuer, p);
        uint256[] memory ids = new uint256[](4);
        ids[0] = _submit(t1, alice);
        ids[1] = _submit(t2, alice);
        ids[2] = _submit(t2, bob);
        ids[3] = _submit(t1, bob);

        uint32 period = _period();
        vm.expectEmit(address(issuance));
        emit IssuanceController.Issued(MODULE, period, 20);
        vm.expectEmit(address(issuance));
        emit IssuanceController.Issued(MODULE2, period, 40);
        vm.prank(issuer);
        board.verifyBatch(ids);

        assertEq(credit.balanceOf(alice), 30);
        assertEq(credit.balanceOf(bob), 30);
        assertEq(issuance.moduleSpent(MODULE, period), 20);
        assertEq(issuance.moduleSpent(MODULE2, period), 40);
    }

    function test_RevertIf_verifyBatch_containsVerifiedId() public {
        uint256 taskId = _publish(10, 3);
        uint256 c1 = _submit(taskId, alice);
        uint256 c2 = _submit(taskId, bob);
        vm.prank(issuer);
        board.verify(c2);

        uint256[] memory ids = new uint256[](2);
        ids[0] = c1;
        ids[1] = c2;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVerified.selector, c2));
        board.verifyBatch(ids);

        // All or nothing: c1 is still pending and nothing more was minted.
        assertEq(uint8(board.completion(c1).status), uint8(TaskBoard.Status.Submitted));
        assertEq(credit.balanceOf(alice), 0);
        assertEq(credit.balanceOf(bob), 10);
    }

    function test_RevertIf_verifyBatch_duplicateId() public {
        uint256 c1 = _submit(_publish(10, 1), alice);
        uint256[] memory ids = new uint256[](2);
        ids[0] = c1;
        ids[1] = c1;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVerified.selector, c1));
        board.verifyBatch(ids);
        assertEq(credit.balanceOf(alice), 0);
    }

    function test_RevertIf_verifyBatch_empty() public {
        vm.prank(issuer);
        vm.expectRevert(TaskBoard.TaskBoardEmptyBatch.selector);
        board.verifyBatch(new uint256[](0));
    }

    function test_RevertIf_verifyBatch_callerNotIssuer() public {
        uint256[] memory ids = new uint256[](1);
        ids[0] = _submit(_publish(10, 1), alice);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotIssuer.selector, stranger));
        board.verifyBatch(ids);
    }

    function test_RevertIf_verifyBatch_otherIssuersTask() public {
        _accredit(issuer2, OrgRoles.ISSUER);
        uint256 taskId = _publish(10, 1);
        uint256[] memory ids = new uint256[](1);
        ids[0] = _submit(taskId, alice);
        vm.prank(issuer2);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId, issuer2));
        board.verifyBatch(ids);
    }

    function test_RevertIf_verifyBatch_kOfNTask() public {
        uint256[] memory ids = new uint256[](2);
        ids[0] = _submit(_publish(10, 1), alice);
        ids[1] = _submit(_publishK(10, 1, 1), bob);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardRequiresVerifiers.selector, ids[1], 1));
        board.verifyBatch(ids);
    }

    function test_RevertIf_verifyBatch_unknownCompletion() public {
        uint256[] memory ids = new uint256[](1);
        ids[0] = 5;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownCompletion.selector, 5));
        board.verifyBatch(ids);
    }

    function test_RevertIf_verifyBatch_budgetExceeded() public {
        _setBudget(MODULE, 15);
        uint256 taskId = _publish(10, 2);
        uint256[] memory ids = new uint256[](2);
        ids[0] = _submit(taskId, alice);
        ids[1] = _submit(taskId, bob);
        uint32 period = _period();
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerBudgetExceeded.selector, MODULE, period, 15, 0, 20)
        );
        board.verifyBatch(ids);
    }

    function test_RevertIf_verifyBatch_capExceeded() public {
        vm.startPrank(redeemer);
        credit.closeOffer(offerId);
        vm.stopPrank();
        _offer(1, 15); // backs the cap from the next period, where the test goes on
        uint256 taskId = _publish(10, 2);
        uint256[] memory ids = new uint256[](2);
        ids[0] = _submit(taskId, alice);
        ids[1] = _submit(taskId, bob);
        uint32 period = _period();
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 15, 0, 20)
        );
        board.verifyBatch(ids);
    }

    function testFuzz_verifyBatch_mintsToEach(uint256 n, uint256 rate) public {
        n = bound(n, 1, 25);
        rate = bound(rate, 1, 100);
        uint256 taskId = _publish(rate, uint32(n));
        uint256[] memory ids = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            ids[i] = _submit(taskId, _participant(2000 + i));
        }
        vm.prank(issuer);
        board.verifyBatch(ids);
        for (uint256 i; i < n; ++i) {
            assertEq(credit.balanceOf(_participant(2000 + i)), rate);
        }
        (uint256 minted,) = credit.totals();
        assertEq(minted, n * rate);
    }

    // ---------------------------------------------------------------- reject

    function test_reject_byIssuer() public {
        uint256 taskId = _publish(10, 1);
        uint256 completionId = _submit(taskId, alice);
        vm.expectEmit(address(board));
        emit TaskBoard.CompletionRejected(completionId, issuer, 7);
        vm.prank(issuer);
        board.reject(completionId, 7);

        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Rejected));
        // Final: the slot stays used, so the participant cannot claim again.
        assertEq(board.claimOf(taskId, alice), completionId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyClaimed.selector, taskId, alice));
        board.claim(taskId);
    }

    function test_reject_byKVerifiersOnKOfNTask() public {
        uint256 completionId = _submit(_publishK(10, 1, 2), alice);
        vm.expectEmit(address(board));
        emit TaskBoard.CompletionRejectionVoted(completionId, verifiers[0], 1, 2);
        vm.prank(verifiers[0]);
        board.reject(completionId, 2);
        assertEq(uint8(board.voteOf(completionId, verifiers[0])), uint8(TaskBoard.Vote.Rejected));
        vm.expectEmit(address(board));
        emit TaskBoard.CompletionRejected(completionId, verifiers[2], 4);
        vm.prank(verifiers[2]);
        board.reject(completionId, 4);
        assertEq(board.completion(completionId).rejections, 2);

        vm.prank(verifiers[1]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyRejected.selector, completionId));
        board.approveCompletion(completionId);
    }

    function test_reject_byIssuerOnKOfNTask() public {
        uint256 completionId = _submit(_publishK(10, 1, 2), alice);
        vm.prank(issuer);
        board.reject(completionId, 1);
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Rejected));
    }

    function test_RevertIf_reject_verifierOnIssuerOnlyTask() public {
        uint256 taskId = _publish(10, 1);
        uint256 completionId = _submit(taskId, alice);
        vm.prank(verifiers[0]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId, verifiers[0]));
        board.reject(completionId, 1);
    }

    function test_RevertIf_reject_stranger() public {
        uint256 taskId = _publishK(10, 1, 2);
        uint256 completionId = _submit(taskId, alice);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId, stranger));
        board.reject(completionId, 1);
    }

    function test_RevertIf_reject_issuerRevoked() public {
        uint256 taskId = _publish(10, 1);
        uint256 completionId = _submit(taskId, alice);
        _revoke(issuer);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotTaskIssuer.selector, taskId, issuer));
        board.reject(completionId, 1);
    }

    function test_RevertIf_reject_alreadyVerified() public {
        uint256 completionId = _earn(alice, 10);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVerified.selector, completionId));
        board.reject(completionId, 1);
    }

    function test_RevertIf_reject_twice() public {
        uint256 completionId = _submit(_publish(10, 1), alice);
        vm.startPrank(issuer);
        board.reject(completionId, 1);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyRejected.selector, completionId));
        board.reject(completionId, 1);
        vm.stopPrank();
    }

    function test_RevertIf_reject_unknownCompletion() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownCompletion.selector, 9));
        board.reject(9, 1);
    }

    // ---------------------------------------------------------------- approveCompletion

    function test_approveCompletion_kDistinctVerifiersMint() public {
        uint256 taskId = _publishK(30, 1, 2);
        uint256 completionId = _submit(taskId, alice);

        vm.expectEmit(address(board));
        emit TaskBoard.CompletionApproved(completionId, verifiers[0], 1);
        vm.prank(verifiers[0]);
        board.approveCompletion(completionId);
        assertEq(credit.balanceOf(alice), 0);
        assertEq(board.completion(completionId).approvals, 1);
        assertTrue(board.hasApproved(completionId, verifiers[0]));
        assertFalse(board.hasApproved(completionId, verifiers[1]));

        vm.expectEmit(address(board));
        emit TaskBoard.CompletionApproved(completionId, verifiers[1], 2);
        vm.expectEmit(address(board));
        emit TaskBoard.CompletionVerified(completionId, taskId, alice, 30);
        vm.prank(verifiers[1]);
        board.approveCompletion(completionId);

        assertEq(credit.balanceOf(alice), 30);
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Verified));

        // The k+1-th verifier finds it verified: a completion mints once.
        vm.prank(verifiers[2]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVerified.selector, completionId));
        board.approveCompletion(completionId);
        assertEq(credit.balanceOf(alice), 30);
    }

    function test_RevertIf_approveCompletion_duplicateApproval() public {
        uint256 completionId = _submit(_publishK(30, 1, 2), alice);
        vm.startPrank(verifiers[0]);
        board.approveCompletion(completionId);
        vm.expectRevert(
            abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVoted.selector, completionId, verifiers[0])
        );
        board.approveCompletion(completionId);
        vm.stopPrank();
    }

    function test_RevertIf_approveCompletion_issuerAsVerifier() public {
        _accredit(issuer, OrgRoles.ISSUER | OrgRoles.VERIFIER);
        uint256 completionId = _submit(_publishK(30, 1, 1), alice);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardConflictOfInterest.selector, completionId, issuer));
        board.approveCompletion(completionId);
    }

    function test_RevertIf_approveCompletion_participantAsVerifier() public {
        address self = verifiers[2];
        uint256 completionId = _submit(_publishK(30, 1, 1), self);
        vm.prank(self);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardConflictOfInterest.selector, completionId, self));
        board.approveCompletion(completionId);
    }

    function test_RevertIf_approveCompletion_notVerifier() public {
        uint256 completionId = _submit(_publishK(30, 1, 1), alice);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotVerifier.selector, stranger));
        board.approveCompletion(completionId);
    }

    function test_RevertIf_approveCompletion_verifierRevoked() public {
        uint256 completionId = _submit(_publishK(30, 1, 1), alice);
        _revoke(verifiers[0]);
        vm.prank(verifiers[0]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNotVerifier.selector, verifiers[0]));
        board.approveCompletion(completionId);
    }

    function test_RevertIf_approveCompletion_issuerOnlyTask() public {
        uint256 completionId = _submit(_publish(30, 1), alice);
        vm.prank(verifiers[0]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardIssuerVerifiesAlone.selector, completionId));
        board.approveCompletion(completionId);
    }

    function test_RevertIf_approveCompletion_unknownCompletion() public {
        vm.prank(verifiers[0]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownCompletion.selector, 4));
        board.approveCompletion(4);
    }

    function test_RevertIf_approveCompletion_capExceededBubbles() public {
        vm.startPrank(redeemer);
        credit.closeOffer(offerId);
        vm.stopPrank();
        _offer(1, 10); // backs the cap from the next period, where the test goes on
        uint256 completionId = _submit(_publishK(25, 1, 1), alice);
        uint32 period = _period();
        vm.prank(verifiers[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 10, 0, 25)
        );
        board.approveCompletion(completionId);
        assertFalse(board.hasApproved(completionId, verifiers[0]));
    }

    function testFuzz_approveCompletion_kOfN(uint256 k) public {
        k = bound(k, 1, 3);
        uint256 completionId = _submit(_publishK(40, 1, uint8(k)), alice);
        for (uint256 i; i < k; ++i) {
            assertEq(credit.balanceOf(alice), 0);
            vm.prank(verifiers[i]);
            board.approveCompletion(completionId);
        }
        assertEq(credit.balanceOf(alice), 40);
    }

    // ---------------------------------------------------------------- views

    function test_claimOf_tracksLifecycle() public {
        uint256 taskId = _publish(10, 1);
        assertEq(board.claimOf(taskId, alice), 0);
        vm.prank(alice);
        board.claim(taskId);
        assertEq(board.claimOf(taskId, alice), CLAIMED);
        vm.prank(alice);
        uint256 completionId = board.submitCompletion(taskId, _evidence(taskId, alice));
        assertEq(board.claimOf(taskId, alice), completionId);
    }

    function test_counts_startAtZero() public view {
        (uint256 tasks, uint256 completions) = board.counts();
        assertEq(tasks, 0);
        assertEq(completions, 0);
        assertEq(board.MAX_VERIFIERS(), 16);
    }

    function test_RevertIf_task_unknown() public {
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownTask.selector, 0));
        board.task(0);
    }

    function test_RevertIf_completion_unknown() public {
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardUnknownCompletion.selector, 1));
        board.completion(1);
    }

    function test_trustedForwarder_isTheCitysForwarder() public view {
        assertEq(board.trustedForwarder(), address(forwarder));
        assertTrue(board.isTrustedForwarder(address(forwarder)));
    }
}
