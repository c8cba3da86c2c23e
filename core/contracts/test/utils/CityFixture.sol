// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Test} from "forge-std/Test.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {CityFactory} from "../../factory/CityFactory.sol";
import {Accreditation} from "../../identity/Accreditation.sol";
import {CivicCredit} from "../../token/CivicCredit.sol";
import {VoteToken} from "../../token/VoteToken.sol";
import {IssuanceController} from "../../issuance/IssuanceController.sol";
import {TaskBoard} from "../../tasks/TaskBoard.sol";
import {OpenTaskPolicy} from "../../tasks/OpenTaskPolicy.sol";
import {Committee} from "../../governance/Committee.sol";
import {CityGovernor} from "../../governance/CityGovernor.sol";
import {ModuleKernel} from "../../kernel/ModuleKernel.sol";
import {CityForwarder} from "../../metatx/CityForwarder.sol";
import {OrgRoles} from "../../libraries/Roles.sol";
import {CityVault} from "../../vault/CityVault.sol";
import {YieldSplitter} from "../../vault/YieldSplitter.sol";
import {TestDollar} from "../../vault/testing/TestDollar.sol";
import {TestYieldVault} from "../../vault/testing/TestYieldVault.sol";

/// @title CityFixture
/// @notice Stands up a real city through the CityFactory (the same path `deployCity` takes in TypeScript) and
/// offers helpers that go through the committees exactly as a city would: propose, approve, wait, execute.
abstract contract CityFixture is Test {
    uint256 internal constant COMMITTEE_DELAY = 1 days;
    uint256 internal constant PERIOD = 7 days;
    uint256 internal constant MEMBERS = 3;
    uint32 internal constant THRESHOLD = 2;
    bytes32 internal constant MODULE = keccak256("@citysync/dpan-general-economy");
    uint256 internal constant MODULE_BUDGET = 1_000_000;
    bytes32 internal constant PARK_CLEANUP = keccak256("park-cleanup");

    CityFactory internal factory;
    AccessManager internal manager;
    CityFactory.City internal city;

    Accreditation internal accreditation;
    CivicCredit internal credit;
    VoteToken internal votes;
    IssuanceController internal issuance;
    TaskBoard internal board;
    CityGovernor internal governor;
    ModuleKernel internal kernel;
    CityForwarder internal forwarder;
    Committee[6] internal committees;
    CityVault internal vault;
    YieldSplitter internal splitter;
    TestDollar internal dollar;
    TestYieldVault internal yieldSource;
    address internal openPolicy;

    address[MEMBERS][6] internal members;
    address internal guardian = makeAddr("guardian");
    address internal issuer = makeAddr("issuer.public-works");
    address internal redeemer = makeAddr("redeemer.transit");
    address internal relayer = makeAddr("relayer.city");
    address internal auditor = makeAddr("auditor");
    address[3] internal verifiers = [makeAddr("verifier.0"), makeAddr("verifier.1"), makeAddr("verifier.2")];
    address internal stranger = makeAddr("stranger");
    address internal backstop = makeAddr("line.emergency-backstop");
    address internal infrastructure = makeAddr("line.infrastructure");

    function setUp() public virtual {
        vm.warp(1_767_225_600); // 2026-01-01, so windows and periods start from a realistic clock
        _deployCity(_defaultParams());
    }

    // ---------------------------------------------------------------- deployment

    function _defaultParams() internal returns (CityFactory.CityParams memory p) {
        p.name = "Berkeley";
        p.symbol = "BRKY";
        p.periodLength = PERIOD;
        p.coverageBps = 10_000;
        p.minCoverageBps = 5_000;
        p.maxCoverageBps = 15_000;
        p.minRate = 1;
        p.maxRate = 100;
        p.minPrice = 1;
        p.maxPrice = 500;
        p.committees = new CityFactory.CommitteeParams[](6);
        string[6] memory names = ["accreditation", "issuance", "rates", "modules", "vault", "upgrades"];
        for (uint256 i; i < 6; ++i) {
            address[] memory m = new address[](MEMBERS);
            for (uint256 j; j < MEMBERS; ++j) {
                m[j] = makeAddr(string.concat(names[i], ".member.", vm.toString(j)));
                members[i][j] = m[j];
            }
            p.committees[i] = CityFactory.CommitteeParams(m, THRESHOLD, uint32(COMMITTEE_DELAY));
        }
        p.guardians = new address[](1);
        p.guardians[0] = guardian;
        p.governor = CityFactory.GovernorParams(1 hours, 3 days, 1, 4);
        p.budgets = new CityFactory.Budget[](1);
        // The core's checks only: a module's own tests register its contract as the policy instead.
        if (openPolicy == address(0)) openPolicy = address(new OpenTaskPolicy());
        p.budgets[0] = CityFactory.Budget(MODULE, MODULE_BUDGET, openPolicy);
        if (address(dollar) == address(0)) {
            // Once per test: later calls (e.g. right after vm.expectRevert) must not deploy anything.
            dollar = new TestDollar();
            yieldSource = new TestYieldVault(dollar);
        }
        p.vault.asset = address(dollar);
        p.vault.yieldSource = address(yieldSource);
        p.vault.payoutPeriod = uint64(PERIOD);
        p.vault.minLineBps = 1_000;
        p.vault.maxLineBps = 6_000;
        p.vault.lines = new YieldSplitter.BudgetLine[](2);
        p.vault.lines[0] = YieldSplitter.BudgetLine(backstop, 6_000, 1_000e6, "emergency backstop");
        p.vault.lines[1] = YieldSplitter.BudgetLine(infrastructure, 4_000, 500e6, "infrastructure");
    }

    function _deployCity(CityFactory.CityParams memory p) internal {
        factory = new CityFactory();
        address predicted = factory.predictForwarder(address(this), p.symbol);
        CityFactory.Implementations memory impls = CityFactory.Implementations({
            accreditation: address(new Accreditation()),
            credit: address(new CivicCredit(predicted)),
            votes: address(new VoteToken()),
            issuance: address(new IssuanceController()),
            taskBoard: address(new TaskBoard(predicted)),
            committee: address(new Committee()),
            governor: address(new CityGovernor()),
            kernel: address(new ModuleKernel()),
            vault: address(new CityVault()),
            splitter: address(new YieldSplitter())
        });
        city = factory.deployCity(p, impls);
        manager = AccessManager(city.manager);
        accreditation = Accreditation(city.accreditation);
        credit = CivicCredit(city.credit);
        votes = VoteToken(city.votes);
        issuance = IssuanceController(city.issuance);
        board = TaskBoard(city.taskBoard);
        governor = CityGovernor(payable(city.governor));
        kernel = ModuleKernel(city.kernel);
        forwarder = CityForwarder(city.forwarder);
        for (uint256 i; i < 6; ++i) {
            committees[i] = Committee(city.committees[i]);
        }
        vault = CityVault(city.vault);
        splitter = YieldSplitter(city.splitter);
    }

    /// @dev Four budget lines (backstop 40%, infrastructure 30%, reimbursements 20%, MCE budgets 10%) with `caps`.
    function _fourBudgetLines(uint128[4] memory caps) internal returns (YieldSplitter.BudgetLine[] memory lines) {
        lines = new YieldSplitter.BudgetLine[](4);
        lines[0] = YieldSplitter.BudgetLine(backstop, 4_000, caps[0], "emergency backstop");
        lines[1] = YieldSplitter.BudgetLine(infrastructure, 3_000, caps[1], "infrastructure");
        lines[2] = YieldSplitter.BudgetLine(makeAddr("line.reimbursements"), 2_000, caps[2], "redeemer reimbursements");
        lines[3] = YieldSplitter.BudgetLine(makeAddr("line.mce"), 1_000, caps[3], "MCE budgets");
    }

    // ---------------------------------------------------------------- governance helpers

    /// @dev Runs a call through committee `index` the way a city does: propose, approve to the threshold, wait out
    /// the delay, execute.
    function _committeeCall(uint256 index, address target, bytes memory data) internal returns (uint256 id) {
        Committee c = committees[index];
        vm.prank(members[index][0]);
        id = c.propose(target, data, keccak256(data));
        vm.prank(members[index][1]);
        c.approve(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        c.execute(id);
    }

    function _accredit(address org, uint8 roles) internal {
        _committeeCall(0, address(accreditation), abi.encodeCall(Accreditation.accredit, (org, roles, keccak256(abi.encode(org)))));
    }

    /// @dev Accredits the fixture's issuer, redeemer, verifiers, relayer and auditor in one committee decision each.
    function _accreditAll() internal {
        _accredit(issuer, OrgRoles.ISSUER);
        _accredit(redeemer, OrgRoles.REDEEMER);
        _accredit(relayer, OrgRoles.RELAYER);
        _accredit(auditor, OrgRoles.AUDITOR);
        for (uint256 i; i < verifiers.length; ++i) {
            _accredit(verifiers[i], OrgRoles.VERIFIER);
        }
    }

    // ---------------------------------------------------------------- economy helpers

    /// @dev Opens a standing offer and moves to the start of the next period: capacity backs the period cap only
    /// once it has been on offer since a period began.
    function _offer(uint256 price, uint256 capacity) internal returns (uint256 offerId) {
        vm.prank(redeemer);
        offerId = credit.createOffer(price, capacity, 0, 0, keccak256("offer"));
        (,, uint64 end) = credit.currentPeriodBounds();
        vm.warp(end);
    }

    function _taskParams(uint256 rate, uint32 slots, uint8 verifiersRequired)
        internal
        view
        returns (TaskBoard.TaskParams memory)
    {
        return TaskBoard.TaskParams({
            moduleId: MODULE,
            taskType: PARK_CLEANUP,
            rate: rate,
            slots: slots,
            start: uint64(block.timestamp),
            end: uint64(block.timestamp + 2 days),
            zoneId: keccak256("zone.south-berkeley"),
            evidenceSchemaHash: keccak256("evidence.schema.v1"),
            verifiersRequired: verifiersRequired,
            gate: address(0)
        });
    }

    function _publish(uint256 rate, uint32 slots) internal returns (uint256 taskId) {
        vm.prank(issuer);
        taskId = board.publishTask(_taskParams(rate, slots, 0));
    }

    /// @dev Claims and submits a completion of `taskId` as `participant`.
    function _submit(uint256 taskId, address participant) internal returns (uint256 completionId) {
        vm.startPrank(participant);
        board.claim(taskId);
        completionId = board.submitCompletion(taskId, keccak256(abi.encode("evidence", taskId, participant)));
        vm.stopPrank();
    }

    /// @dev A task, a claim, a submission and the issuer's verification: `rate` credits minted to `participant`.
    function _earn(address participant, uint256 rate) internal returns (uint256 completionId) {
        uint256 taskId = _publish(rate, 1);
        completionId = _submit(taskId, participant);
        vm.prank(issuer);
        board.verify(completionId);
    }
}
