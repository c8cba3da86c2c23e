// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {CityFixture} from "@citysync/module-kit/contracts/test/CityFixture.sol";
import {ModuleKernel} from "@citysync/contracts/kernel/ModuleKernel.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {Committee} from "@citysync/contracts/governance/Committee.sol";
import {DisasterPrep} from "../contracts/DisasterPrep.sol";
import {DisasterPrepSetup} from "../contracts/DisasterPrepSetup.sol";
import {SeasonCalendar} from "../contracts/SeasonCalendar.sol";

/// @notice A fresh city (CityFixture) plus the disaster-prep module installed the way a city installs it: the
/// kernel's prepare, the modules committee's approval, apply; the issuance committee's budget line, the rates
/// committee's per-type bounds, and the modules committee registering the module as its task policy.
abstract contract DisasterPrepBase is CityFixture {
    string internal constant NAME = "@citysync/dpan-disaster-prep";
    string internal constant VERSION = "0.1.0";
    bytes32 internal constant DP = keccak256("@citysync/dpan-disaster-prep");
    bytes32 internal constant CONTENT_HASH = keccak256("disaster-prep 0.1.0");
    uint256 internal constant ISSUANCE_IDX = 1;
    uint256 internal constant RATES_IDX = 2;
    uint256 internal constant MODULES_IDX = 3;
    uint256 internal constant UPGRADES_IDX = 5;
    uint256 internal constant DP_BUDGET = 100_000;
    uint256 internal constant MAX_CEILING = 10_000;
    /// @dev The role the city maps the emergency functions to, and its shorter delay (README).
    uint64 internal constant EMERGENCY_ROLE = 1_001;
    uint32 internal constant EMERGENCY_DELAY = 1 hours;
    uint64 internal constant GUARDIAN_ROLE = 7;

    bytes32 internal constant CERT = keccak256("cert-basics");
    bytes32 internal constant GO_BAG = keccak256("go-bag-check");
    bytes32 internal constant HAZARD_WALK = keccak256("hazard-walk");
    bytes32 internal constant DRILL = keccak256("drill-participation");
    bytes32 internal constant ROSTER = keccak256("neighbour-roster");
    bytes32 internal constant CACHE_AUDIT = keccak256("supply-cache-audit");
    bytes32 internal constant NOT_IN_CATALOG = keccak256("sandbag-filling");
    bytes32 internal constant SIGN_OFF = keccak256("instructor-sign-off");
    bytes32 internal constant TWO = keccak256("two-verifiers");
    bytes32 internal constant THREE = keccak256("three-verifiers");

    DisasterPrepSetup internal setup;
    DisasterPrep internal dp;

    function setUp() public virtual override {
        super.setUp();
        setup = new DisasterPrepSetup();
        _accreditAll();
        _offer(10, 10_000); // a period cap of 100,000 credits at 100% coverage
    }

    // ---------------------------------------------------------------- install

    /// @dev tasks.json and verification.json as the manifest's init pointers resolve them, and the parameters'
    /// defaults (wildfire 501-701, earthquake 1001-1101).
    function _init() internal view returns (DisasterPrepSetup.Init memory init) {
        init.issuance = address(issuance);
        init.taskTypes = new bytes32[](6);
        init.minRates = new uint256[](6);
        init.maxRates = new uint256[](6);
        init.taskRules = new bytes32[](6);
        (init.taskTypes[0], init.minRates[0], init.maxRates[0], init.taskRules[0]) = (CERT, 15, 60, SIGN_OFF);
        (init.taskTypes[1], init.minRates[1], init.maxRates[1], init.taskRules[1]) = (GO_BAG, 5, 20, TWO);
        (init.taskTypes[2], init.minRates[2], init.maxRates[2], init.taskRules[2]) = (HAZARD_WALK, 10, 40, TWO);
        (init.taskTypes[3], init.minRates[3], init.maxRates[3], init.taskRules[3]) = (DRILL, 5, 30, TWO);
        (init.taskTypes[4], init.minRates[4], init.maxRates[4], init.taskRules[4]) = (ROSTER, 5, 30, TWO);
        (init.taskTypes[5], init.minRates[5], init.maxRates[5], init.taskRules[5]) = (CACHE_AUDIT, 10, 50, THREE);
        init.ruleIds = new bytes32[](3);
        init.ruleVerifiers = new uint256[](3);
        (init.ruleIds[0], init.ruleVerifiers[0]) = (SIGN_OFF, 0);
        (init.ruleIds[1], init.ruleVerifiers[1]) = (TWO, 2);
        (init.ruleIds[2], init.ruleVerifiers[2]) = (THREE, 3);
        (init.wildfireOpens, init.wildfireCloses) = (501, 701);
        (init.earthquakeOpens, init.earthquakeCloses) = (1001, 1101);
        init.emergencyMaxCeiling = MAX_CEILING;
    }

    /// @dev What the SDK sends: abi.encode of initData's inputs in order, i.e. the {Init} tuple without the offset
    /// word abi.encode puts before a struct with dynamic members.
    function _encode(DisasterPrepSetup.Init memory init) internal pure returns (bytes memory out) {
        bytes memory full = abi.encode(init);
        out = new bytes(full.length - 32);
        for (uint256 i; i < out.length; ++i) {
            out[i] = full[i + 32];
        }
    }

    function _prepare(DisasterPrepSetup.Init memory init) internal returns (uint256 preparationId) {
        preparationId = kernel.prepareInstall(address(setup), NAME, VERSION, CONTENT_HASH, _encode(init));
    }

    function _install() internal {
        DisasterPrepSetup.Init memory init = _init();
        uint256 id = _prepare(init);
        _committeeCall(MODULES_IDX, address(kernel), abi.encodeCall(ModuleKernel.approve, (id)));
        kernel.applyPreparation(id, CONTENT_HASH);
        dp = DisasterPrep(kernel.installation(NAME).module);
        _committeeCall(ISSUANCE_IDX, address(issuance), abi.encodeCall(IssuanceController.setModuleBudget, (DP, DP_BUDGET)));
        for (uint256 i; i < init.taskTypes.length; ++i) {
            _committeeCall(
                RATES_IDX,
                address(issuance),
                abi.encodeCall(IssuanceController.setRateBounds, (init.taskTypes[i], init.minRates[i], init.maxRates[i]))
            );
        }
        _committeeCall(MODULES_IDX, address(board), abi.encodeCall(TaskBoard.setModulePolicy, (DP, address(dp))));
    }

    /// @dev The city's wiring of the emergency path (README): the upgrades committee, admin of the AccessManager,
    /// maps the module's emergency functions to EMERGENCY_ROLE, lets the guardians cancel it, and grants it to
    /// `grantee` with the shorter delay.
    function _wireEmergency(address grantee, uint32 delay) internal {
        bytes4[] memory selectors = new bytes4[](2);
        selectors[0] = DisasterPrep.activateEmergency.selector;
        selectors[1] = DisasterPrep.endEmergency.selector;
        _committeeCall(
            UPGRADES_IDX, address(manager), abi.encodeCall(AccessManager.setTargetFunctionRole, (address(dp), selectors, EMERGENCY_ROLE))
        );
        _committeeCall(UPGRADES_IDX, address(manager), abi.encodeCall(AccessManager.setRoleGuardian, (EMERGENCY_ROLE, GUARDIAN_ROLE)));
        _committeeCall(UPGRADES_IDX, address(manager), abi.encodeCall(AccessManager.grantRole, (EMERGENCY_ROLE, grantee, delay)));
    }

    /// @dev The issuance committee, holding the emergency role, proposes and approves `data`; returns when ready.
    function _emergencyProposal(bytes memory data) internal returns (uint256 id, uint48 readyAt) {
        Committee c = committees[ISSUANCE_IDX];
        vm.prank(members[ISSUANCE_IDX][0]);
        id = c.propose(address(dp), data, keccak256(data));
        vm.prank(members[ISSUANCE_IDX][1]);
        c.approve(id);
        readyAt = c.proposal(id).readyAt;
    }

    function _activate(uint64 until, uint256 ceiling) internal {
        (uint256 id, uint48 readyAt) = _emergencyProposal(abi.encodeCall(DisasterPrep.activateEmergency, (until, ceiling)));
        vm.warp(readyAt);
        committees[ISSUANCE_IDX].execute(id);
    }

    // ---------------------------------------------------------------- time

    /// @dev 00:00 UTC of `mmdd` in `year`.
    function _date(uint256 year, uint256 mmdd) internal pure returns (uint256) {
        return SeasonCalendar.timestampOf(year, mmdd);
    }

    function _warpTo(uint256 year, uint256 mmdd) internal {
        vm.warp(_date(year, mmdd));
    }

    // ---------------------------------------------------------------- tasks

    function _params(bytes32 taskType, uint256 rate, uint32 slots, uint8 k, uint256 end)
        internal
        view
        returns (TaskBoard.TaskParams memory p)
    {
        p = _taskParams(rate, slots, k);
        p.moduleId = DP;
        p.taskType = taskType;
        p.gate = address(dp);
        p.end = uint64(end);
    }

    function _publish(TaskBoard.TaskParams memory p) internal returns (uint256 taskId) {
        vm.prank(issuer);
        taskId = board.publishTask(p);
    }

    function _publishTraining() internal returns (uint256 taskId) {
        taskId = _publish(_params(CERT, 30, 50, 0, block.timestamp + 7 days));
    }

    /// @dev A field task inside the wildfire season of the current year; the caller warps into it first.
    function _publishField(bytes32 taskType, uint256 rate, uint32 slots, uint8 k) internal returns (uint256 taskId) {
        taskId = _publish(_params(taskType, rate, slots, k, block.timestamp + 3 days));
    }

    function _checkIn(uint256 taskId, address participant) internal returns (uint256 completionId) {
        vm.prank(participant);
        completionId = board.claimAndSubmit(taskId, keccak256(abi.encode("evidence", taskId, participant)));
    }

    /// @dev CERT basics: check in, the instructor (issuer) signs off, anyone records it at the module.
    function _train(address participant) internal returns (uint256 completionId) {
        uint256 taskId = _publishTraining();
        completionId = _checkIn(taskId, participant);
        vm.prank(issuer);
        board.verify(completionId);
        dp.recordTraining(completionId);
    }

    function _approve(uint256 completionId, uint256 verifierCount) internal {
        for (uint256 i; i < verifierCount; ++i) {
            vm.prank(verifiers[i]);
            board.approveCompletion(completionId);
        }
    }
}
