// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {PlatformBase} from "./PlatformBase.sol";
import {ITaskPolicy} from "../../../interfaces/ITaskPolicy.sol";
import {TaskBoard} from "../../../tasks/TaskBoard.sol";
import {IssuanceController} from "../../../issuance/IssuanceController.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

/// @notice A module's rules reduced to one: a rate ceiling.
contract RateCeilingPolicy is ITaskPolicy {
    error RateCeilingPolicyRefused(uint256 rate, uint256 maxRate);

    uint256 public immutable maxRate;

    constructor(uint256 maxRate_) {
        maxRate = maxRate_;
    }

    function checkTask(address, TaskBoard.TaskParams calldata p) external view {
        if (p.rate > maxRate) revert RateCeilingPolicyRefused(p.rate, maxRate);
    }
}

/// @notice One accredited party against the task board's controls: each test performs the attack and asserts that
/// it fails. A module's budget pays only for tasks its policy admits, for as long as that policy is the module's;
/// one verifier cannot finally reject what k would pass; an approval of a verifier revoked since does not count.
contract TaskBoardAttacksTest is PlatformBase {
    bytes32 internal constant UNPOLICED = keccak256("@citysync/dpan-unpoliced");

    address internal alice;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        _bigOffer();
        alice = _participant(1);
    }

    function _setPolicy(bytes32 moduleId, address policy) internal {
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (moduleId, policy)));
    }

    /// @dev The error of a task admitted by the registration before the module's current one.
    function _policyChanged(uint256 taskId) internal view returns (bytes memory) {
        (, uint256 current) = board.modulePolicyVersion(MODULE);
        return abi.encodeWithSelector(TaskBoard.TaskBoardTaskPolicyChanged.selector, taskId, current - 1, current);
    }

    function _policedTask(RateCeilingPolicy policy, uint256 rate, uint8 k) internal returns (uint256 taskId) {
        assertEq(board.modulePolicy(MODULE), address(policy));
        taskId = _publishParams(issuer, _taskParams(rate, 3, k));
    }

    // ---------------------------------------------------------------- a budget without its policy

    /// @dev The issuance committee opened a budget line before the modules committee registered any rules for it:
    /// an issuer must not publish whatever it likes against it.
    function test_attack_publishUnderBudgetedModuleWithoutPolicy() public {
        _setBudget(UNPOLICED, 10_000);
        TaskBoard.TaskParams memory p = _taskParams(100, 100, 0);
        p.moduleId = UNPOLICED;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardNoTaskPolicy.selector, UNPOLICED));
        board.publishTask(p);
    }

    /// @dev The modules committee removed a module's rules (an uninstall): tasks published under them must not mint.
    function test_attack_verifyTaskAfterItsPolicyWasRemoved() public {
        RateCeilingPolicy policy = new RateCeilingPolicy(20);
        _setPolicy(MODULE, address(policy));
        uint256 taskId = _policedTask(policy, 20, 0);
        uint256 completionId = _submit(taskId, alice);
        _setPolicy(MODULE, address(0));
        bytes memory changed = _policyChanged(taskId);
        vm.prank(issuer);
        vm.expectRevert(changed);
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 0);
    }

    /// @dev A task the old rules admitted that the new ones refuse (rate 20 > 10) must not mint after the update.
    function test_attack_verifyTaskAfterItsPolicyWasReplaced() public {
        RateCeilingPolicy lenient = new RateCeilingPolicy(20);
        _setPolicy(MODULE, address(lenient));
        uint256 taskId = _policedTask(lenient, 20, 0);
        uint256 completionId = _submit(taskId, alice);
        _setPolicy(MODULE, address(new RateCeilingPolicy(10)));
        bytes memory changed = _policyChanged(taskId);
        vm.prank(issuer);
        vm.expectRevert(changed);
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 0);
    }

    /// @dev Nor may a participant claim it, nor the verifiers of a k-of-n task approve it into a mint.
    function test_attack_claimOrApproveTaskAfterItsPolicyWasReplaced() public {
        RateCeilingPolicy lenient = new RateCeilingPolicy(20);
        _setPolicy(MODULE, address(lenient));
        uint256 taskId = _policedTask(lenient, 20, 1);
        uint256 completionId = _submit(taskId, alice);
        _setPolicy(MODULE, address(new RateCeilingPolicy(10)));
        address bob = _participant(2);
        bytes memory changed = _policyChanged(taskId);
        vm.prank(bob);
        vm.expectRevert(changed);
        board.claim(taskId);
        vm.prank(verifiers[0]);
        vm.expectRevert(changed);
        board.approveCompletion(completionId);
        assertEq(credit.balanceOf(alice), 0);
    }

    // ---------------------------------------------------------------- rejection needs the issuer or k verifiers

    function _kTask(uint8 k) internal returns (uint256 completionId) {
        RateCeilingPolicy policy = new RateCeilingPolicy(20);
        _setPolicy(MODULE, address(policy));
        completionId = _submit(_policedTask(policy, 20, k), alice);
    }

    /// @dev One verifier of a 2-of-n task rejects alone: the completion must stay open for the others to pass it.
    function test_attack_oneVerifierFinallyRejectsWhatKWouldPass() public {
        uint256 completionId = _kTask(2);
        vm.prank(verifiers[0]);
        board.reject(completionId, 7);
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Submitted));
        vm.prank(verifiers[1]);
        board.approveCompletion(completionId);
        vm.prank(verifiers[2]);
        board.approveCompletion(completionId);
        assertEq(credit.balanceOf(alice), 20);
    }

    /// @dev A verifier approves, then changes its mind into a final rejection: it has voted already.
    function test_attack_verifierRejectsAfterApproving() public {
        uint256 completionId = _kTask(2);
        vm.prank(verifiers[0]);
        board.approveCompletion(completionId);
        vm.prank(verifiers[0]);
        vm.expectRevert(abi.encodeWithSelector(TaskBoard.TaskBoardAlreadyVoted.selector, completionId, verifiers[0]));
        board.reject(completionId, 7);
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Submitted));
    }

    /// @dev k verifiers together do reject; so does the task's issuer alone.
    function test_reject_byKVerifiersOrTheIssuer() public {
        uint256 completionId = _kTask(2);
        vm.prank(verifiers[0]);
        board.reject(completionId, 7);
        vm.prank(verifiers[1]);
        vm.expectEmit(address(board));
        emit TaskBoard.CompletionRejected(completionId, verifiers[1], 9);
        board.reject(completionId, 9);
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Rejected));

        RateCeilingPolicy policy = RateCeilingPolicy(board.modulePolicy(MODULE));
        uint256 other = _submit(_policedTask(policy, 20, 2), _participant(2));
        vm.prank(issuer);
        board.reject(other, 3);
        assertEq(uint8(board.completion(other).status), uint8(TaskBoard.Status.Rejected));
    }

    // ---------------------------------------------------------------- revoked verifiers' approvals

    /// @dev A verifier approves and is then revoked; one more approval must not make the k = 2 that mints.
    function test_attack_revokedVerifiersApprovalStillCounts() public {
        uint256 completionId = _kTask(2);
        vm.prank(verifiers[0]);
        board.approveCompletion(completionId);
        _revoke(verifiers[0]);
        vm.prank(verifiers[1]);
        board.approveCompletion(completionId);
        assertEq(credit.balanceOf(alice), 0, "a revoked verifier's approval counted");
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Submitted));
        vm.prank(verifiers[2]);
        board.approveCompletion(completionId);
        assertEq(credit.balanceOf(alice), 20);
    }

    /// @dev The same for rejections: a revoked verifier's rejection does not make the k-th.
    function test_attack_revokedVerifiersRejectionStillCounts() public {
        uint256 completionId = _kTask(2);
        vm.prank(verifiers[0]);
        board.reject(completionId, 7);
        _revoke(verifiers[0]);
        vm.prank(verifiers[1]);
        board.reject(completionId, 7);
        assertEq(uint8(board.completion(completionId).status), uint8(TaskBoard.Status.Submitted));
    }

    // ---------------------------------------------------------------- one issuer against the module budget

    /// @dev An issuer publishes a task, has its own sock-puppets claim it and verifies them: it must stop at its own
    /// budget per period, leaving the rest of the module's budget to the other issuers.
    function test_attack_issuerVerifiesSockPuppetsUpToModuleBudget() public {
        _committeeCall(ISSUANCE_IDX, address(issuance), abi.encodeCall(IssuanceController.setIssuerBudget, (MODULE, 100)));
        uint256 taskId = _publishParams(issuer, _taskParams(50, 10, 0));
        uint256[] memory ids = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            ids[i] = _submit(taskId, _participant(100 + i));
        }
        vm.startPrank(issuer);
        board.verify(ids[0]);
        board.verify(ids[1]);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerIssuerBudgetExceeded.selector, MODULE, issuer, period, 100, 100, 50
            )
        );
        board.verify(ids[2]);
        vm.stopPrank();
        assertEq(issuance.issuerSpent(MODULE, issuer, period), 100);

        // Another issuer still has its own budget; the first one has a fresh one next period.
        address parks = makeAddr("issuer.parks");
        _accredit(parks, OrgRoles.ISSUER);
        uint256 other = _publishParams(parks, _taskParams(50, 1, 0));
        uint256 otherCompletion = _submit(other, alice);
        vm.prank(parks);
        board.verify(otherCompletion);
        (,, uint64 periodEnd) = credit.currentPeriodBounds();
        vm.warp(periodEnd);
        vm.prank(issuer);
        board.verifyBatch(_one(ids[2]));
        assertEq(issuance.issuerSpent(MODULE, issuer, period + 1), 50);
    }

    function _one(uint256 id) internal pure returns (uint256[] memory list) {
        list = new uint256[](1);
        list[0] = id;
    }
}
