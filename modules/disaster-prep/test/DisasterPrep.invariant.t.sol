// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Test} from "forge-std/Test.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {DisasterPrep} from "../contracts/DisasterPrep.sol";
import {DisasterPrepBase} from "./DisasterPrepBase.sol";

/// @notice Drives the installed module at random: trainings (sometimes left unverified), field tasks of every type
/// at any k and window the policy lets through, check-ins by trained and untrained participants, verifier
/// approvals, emergencies with random ceilings (the handler holds the emergency role the city wires), funding, time.
contract DisasterPrepHandler is Test {
    TaskBoard internal immutable board;
    DisasterPrep internal immutable dp;
    address internal immutable issuer;
    bytes32 internal immutable moduleId;
    address[3] internal verifiers;

    bytes32[5] internal fieldTypes = [
        keccak256("go-bag-check"),
        keccak256("hazard-walk"),
        keccak256("drill-participation"),
        keccak256("neighbour-roster"),
        keccak256("supply-cache-audit")
    ];
    address[5] internal participants = [makeAddr("p0"), makeAddr("p1"), makeAddr("p2"), makeAddr("p3"), makeAddr("p4")];
    uint256[] internal fieldTasks;
    uint256[] internal pending;

    mapping(address => bool) public verifiedTraining;
    /// @dev Field check-ins accepted from a participant without a verified training, and credits minted for field
    /// completions to such participants: both must stay 0.
    uint256 public ghostUntrainedClaims;
    uint256 public ghostUntrainedMinted;
    mapping(uint256 emergencyId => uint256) public ghostMintedByEmergency;

    constructor(TaskBoard board_, DisasterPrep dp_, address issuer_, address[3] memory verifiers_) {
        board = board_;
        dp = dp_;
        issuer = issuer_;
        moduleId = dp_.moduleId();
        verifiers = verifiers_;
    }

    function train(uint256 who, bool signOff) external {
        address participant = participants[who % participants.length];
        TaskBoard.TaskParams memory p = _params(keccak256("cert-basics"), 30, 5, 0, block.timestamp + 2 days);
        vm.prank(issuer);
        uint256 taskId = board.publishTask(p);
        vm.prank(participant);
        uint256 completionId = board.claimAndSubmit(taskId, keccak256(abi.encode(taskId, participant)));
        if (signOff) {
            vm.prank(issuer);
            board.verify(completionId);
            verifiedTraining[participant] = true;
        }
        try dp.recordTraining(completionId) {} catch {}
    }

    function publishField(uint256 typeSeed, uint256 rate, uint32 slots, uint8 k, uint256 duration) external {
        bytes32 taskType = fieldTypes[typeSeed % fieldTypes.length];
        DisasterPrep.TaskTypeInfo memory info = dp.taskTypeInfo(taskType);
        rate = bound(rate, info.minRate, info.maxRate);
        slots = uint32(bound(slots, 1, 6));
        k = uint8(bound(k, 1, 4));
        TaskBoard.TaskParams memory p = _params(taskType, rate, slots, k, block.timestamp + bound(duration, 1 hours, 20 days));
        vm.prank(issuer);
        try board.publishTask(p) returns (uint256 taskId) {
            fieldTasks.push(taskId);
        } catch {}
    }

    function checkIn(uint256 taskSeed, uint256 who) external {
        if (fieldTasks.length == 0) return;
        uint256 taskId = fieldTasks[taskSeed % fieldTasks.length];
        address participant = participants[who % participants.length];
        vm.prank(participant);
        try board.claimAndSubmit(taskId, keccak256(abi.encode(taskId, participant))) returns (uint256 completionId) {
            if (!verifiedTraining[participant]) ++ghostUntrainedClaims;
            pending.push(completionId);
        } catch {}
    }

    function approve(uint256 seed, uint256 verifierSeed) external {
        if (pending.length == 0) return;
        uint256 i = seed % pending.length;
        uint256 completionId = pending[i];
        vm.prank(verifiers[verifierSeed % verifiers.length]);
        try board.approveCompletion(completionId) {
            TaskBoard.Completion memory c = board.completion(completionId);
            if (c.status != TaskBoard.Status.Verified) return;
            TaskBoard.Task memory t = board.task(c.taskId);
            if (!verifiedTraining[c.participant]) ghostUntrainedMinted += t.rate;
            uint256 emergencyId = dp.emergencyOf(c.taskId);
            if (emergencyId != 0) ghostMintedByEmergency[emergencyId] += t.rate;
            pending[i] = pending[pending.length - 1];
            pending.pop();
        } catch {}
    }

    function activate(uint256 duration, uint256 ceiling) external {
        try dp.activateEmergency(uint64(block.timestamp + bound(duration, 1 hours, 31 days)), bound(ceiling, 1, 12_000)) {}
            catch {}
    }

    function end() external {
        try dp.endEmergency() {} catch {}
    }

    function fund(uint256 taskSeed) external {
        if (fieldTasks.length == 0) return;
        vm.prank(issuer);
        try dp.fundEmergencyTask(fieldTasks[taskSeed % fieldTasks.length]) {} catch {}
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1 hours, 4 days));
    }

    function _params(bytes32 taskType, uint256 rate, uint32 slots, uint8 k, uint256 end_)
        internal
        view
        returns (TaskBoard.TaskParams memory)
    {
        return TaskBoard.TaskParams({
            moduleId: moduleId,
            taskType: taskType,
            rate: rate,
            slots: slots,
            start: uint64(block.timestamp),
            end: uint64(end_),
            zoneId: keccak256("zone.north-berkeley-hills"),
            evidenceSchemaHash: keccak256("evidence.schema.v1"),
            verifiersRequired: k,
            gate: address(dp)
        });
    }
}

contract DisasterPrepInvariantTest is DisasterPrepBase {
    DisasterPrepHandler internal handler;

    function setUp() public override {
        super.setUp();
        _install();
        handler = new DisasterPrepHandler(board, dp, issuer, verifiers);
        // The handler stands in for the emergency committee: the same wiring, without the delay.
        _wireEmergency(address(handler), 0);
        _warpTo(2026, 420); // ten days before the wildfire season opens
        targetContract(address(handler));
    }

    /// @dev Nobody checks in to, or is paid for, field work without a verified training.
    function invariant_noFieldWorkWithoutVerifiedTraining() public view {
        assertEq(handler.ghostUntrainedClaims(), 0);
        assertEq(handler.ghostUntrainedMinted(), 0);
    }

    /// @dev Every emergency committed, and minted, at most its ceiling.
    function invariant_emergencySpendingWithinCeiling() public view {
        (uint256 count,,) = dp.currentEmergency();
        for (uint256 id = 1; id <= count; ++id) {
            DisasterPrep.Emergency memory e = dp.emergencyById(id);
            assertLe(e.committed, e.ceiling);
            assertLe(handler.ghostMintedByEmergency(id), e.committed);
            assertLe(e.ceiling, MAX_CEILING);
        }
    }
}
