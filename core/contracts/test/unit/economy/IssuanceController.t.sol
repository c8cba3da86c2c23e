// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {EconomyBase} from "./EconomyBase.sol";
import {IssuanceController} from "../../../issuance/IssuanceController.sol";
import {CivicCredit} from "../../../token/CivicCredit.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

contract IssuanceControllerTest is EconomyBase {
    uint256 internal constant ISSUANCE_COMMITTEE = 1;
    uint256 internal constant RATES_COMMITTEE = 2;
    uint256 internal constant UPGRADES_COMMITTEE = 5;
    uint256 internal constant RATIO = 10_000;
    uint256 internal constant MIN_BPS = 5_000;
    uint256 internal constant MAX_BPS = 15_000;
    bytes32 internal constant MODULE2 = keccak256("@citysync/library-volunteering");
    bytes32 internal constant TREE_PLANTING = keccak256("tree-planting");

    uint256 internal offerId;

    function setUp() public override {
        super.setUp();
        _accredit(redeemer, OrgRoles.REDEEMER);
        offerId = _offer(10, 100); // capacity value 1000: the cap at 100% coverage
    }

    function _issue(bytes32 moduleId, address to, uint256 amount) internal {
        vm.prank(address(board));
        issuance.issue(moduleId, issuer, to, amount);
    }

    function _issueBatch(bytes32[] memory ids, uint256[] memory totals, address[] memory to, uint256[] memory amounts)
        internal
    {
        vm.prank(address(board));
        issuance.issueBatch(issuer, ids, totals, to, amounts);
    }

    function _period() internal view returns (uint32) {
        return credit.currentPeriod();
    }

    function _nextPeriod() internal {
        (,, uint64 end) = credit.currentPeriodBounds();
        vm.warp(end);
    }

    function _setBudget(bytes32 moduleId, uint256 perPeriod) internal {
        _committeeCall(
            ISSUANCE_COMMITTEE,
            address(issuance),
            abi.encodeCall(IssuanceController.setModuleBudget, (moduleId, perPeriod))
        );
    }

    function _setRatioAsGovernor(uint256 ratio) internal {
        vm.prank(address(governor));
        issuance.setCoverageRatio(ratio);
    }

    function _b32(bytes32 a, bytes32 b) internal pure returns (bytes32[] memory r) {
        r = new bytes32[](2);
        r[0] = a;
        r[1] = b;
    }

    function _u(uint256 a) internal pure returns (uint256[] memory r) {
        r = new uint256[](1);
        r[0] = a;
    }

    function _u(uint256 a, uint256 b) internal pure returns (uint256[] memory r) {
        r = new uint256[](2);
        r[0] = a;
        r[1] = b;
    }

    function _u(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory r) {
        r = new uint256[](3);
        r[0] = a;
        r[1] = b;
        r[2] = c;
    }

    function _a(address a) internal pure returns (address[] memory r) {
        r = new address[](1);
        r[0] = a;
    }

    function _a(address a, address b) internal pure returns (address[] memory r) {
        r = new address[](2);
        r[0] = a;
        r[1] = b;
    }

    function _a(address a, address b, address c) internal pure returns (address[] memory r) {
        r = new address[](3);
        r[0] = a;
        r[1] = b;
        r[2] = c;
    }

    function _m(bytes32 a) internal pure returns (bytes32[] memory r) {
        r = new bytes32[](1);
        r[0] = a;
    }

    // ---------------------------------------------------------------- initialize / wiring / upgrade

    function test_initialize_setsParameters() public view {
        assertEq(issuance.authority(), address(manager));
        (uint256 ratio, uint256 minBps, uint256 maxBps) = issuance.coverage();
        assertEq(ratio, RATIO);
        assertEq(minBps, MIN_BPS);
        assertEq(maxBps, MAX_BPS);
        (uint256 minRate, uint256 maxRate) = issuance.rateBounds(bytes32(0));
        assertEq(minRate, 1);
        assertEq(maxRate, 100);
        assertEq(issuance.moduleBudget(MODULE), MODULE_BUDGET);
        assertEq(issuance.moduleBudget(MODULE2), 0);
        (address taskBoard, address ledger) = issuance.wiring();
        assertEq(taskBoard, address(board));
        assertEq(ledger, address(credit));
    }

    function _deployFresh(uint256 ratio, uint256 minBps, uint256 maxBps, uint256 minRate, uint256 maxRate)
        internal
        returns (IssuanceController)
    {
        IssuanceController impl = new IssuanceController();
        bytes memory init = abi.encodeCall(
            IssuanceController.initialize, (address(manager), address(credit), ratio, minBps, maxBps, minRate, maxRate)
        );
        return IssuanceController(address(new ERC1967Proxy(address(impl), init)));
    }

    function test_initialize_emitsParameters() public {
        vm.expectEmit(true, true, true, true);
        emit IssuanceController.CoverageBoundsSet(1_000, 9_000);
        vm.expectEmit(true, true, true, true);
        emit IssuanceController.CoverageRatioSet(8_000);
        vm.expectEmit(true, true, true, true);
        emit IssuanceController.RateBoundsSet(bytes32(0), 2, 40);
        IssuanceController fresh = _deployFresh(8_000, 1_000, 9_000, 2, 40);
        (address taskBoard, address ledger) = fresh.wiring();
        assertEq(taskBoard, address(0));
        assertEq(ledger, address(credit));
    }

    function test_RevertIf_initializeRatioOutsideBounds() public {
        IssuanceController impl = new IssuanceController();
        bytes memory init = abi.encodeCall(
            IssuanceController.initialize, (address(manager), address(credit), 20_000, MIN_BPS, MAX_BPS, 1, 100)
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerCoverageOutOfBounds.selector, 20_000, MIN_BPS, MAX_BPS
            )
        );
        new ERC1967Proxy(address(impl), init);
    }

    function test_RevertIf_initializeInvalidCoverageBounds() public {
        IssuanceController impl = new IssuanceController();
        bytes memory init = abi.encodeCall(
            IssuanceController.initialize, (address(manager), address(credit), RATIO, MAX_BPS, MIN_BPS, 1, 100)
        );
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerInvalidBounds.selector, MAX_BPS, MIN_BPS)
        );
        new ERC1967Proxy(address(impl), init);
    }

    function test_RevertIf_initializeInvalidRateBounds() public {
        IssuanceController impl = new IssuanceController();
        bytes memory init = abi.encodeCall(
            IssuanceController.initialize, (address(manager), address(credit), RATIO, MIN_BPS, MAX_BPS, 0, 100)
        );
        vm.expectRevert(abi.encodeWithSelector(IssuanceController.IssuanceControllerInvalidBounds.selector, 0, 100));
        new ERC1967Proxy(address(impl), init);
    }

    function test_RevertIf_implementationInitialized() public {
        IssuanceController impl = new IssuanceController();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize(address(manager), address(credit), RATIO, MIN_BPS, MAX_BPS, 1, 100);
    }

    function test_RevertIf_initializeCalledTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        issuance.initialize(address(manager), address(credit), RATIO, MIN_BPS, MAX_BPS, 1, 100);
    }

    function test_upgradeToAndCall_throughUpgradesCommittee() public {
        _issue(MODULE, alice, 25);
        IssuanceController next = new IssuanceController();
        uint256 id = _schedule(
            UPGRADES_COMMITTEE, address(issuance), abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (address(next), ""))
        );
        uint32 period = _period();
        vm.expectEmit(address(issuance));
        emit IERC1967.Upgraded(address(next));
        committees[UPGRADES_COMMITTEE].execute(id);
        (uint256 cap, uint256 issued, bool fixed_) = issuance.periodIssuance(period);
        assertEq(cap, 1000);
        assertEq(issued, 25);
        assertTrue(fixed_);
    }

    function test_RevertIf_upgradeByStranger() public {
        IssuanceController next = new IssuanceController();
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        issuance.upgradeToAndCall(address(next), "");
    }

    // ---------------------------------------------------------------- issue

    function test_issue_fixesCapAtFirstIssuance() public {
        uint32 period = _period();
        (, uint256 before,) = issuance.periodIssuance(period);
        assertEq(before, 0);

        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.PeriodCapFixed(period, 1000, 1000, RATIO);
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.Issued(MODULE, period, 25);
        vm.expectEmit(true, true, true, true, address(credit));
        emit IERC20.Transfer(address(0), alice, 25);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IERC20.Transfer(address(0), alice, 25);
        _issue(MODULE, alice, 25);

        (uint256 cap, uint256 issued, bool capFixed) = issuance.periodIssuance(period);
        assertEq(cap, 1000);
        assertEq(issued, 25);
        assertTrue(capFixed);
        assertEq(issuance.moduleSpent(MODULE, period), 25);
        assertEq(credit.balanceOf(alice), 25);
        assertEq(votes.balanceOf(alice), 25);
    }

    function test_issue_capStaysFixedWhenCapacityChanges() public {
        uint32 period = _period();
        _issue(MODULE, alice, 1);
        vm.prank(redeemer);
        credit.createOffer(10, 100, 0, 0, keccak256("more")); // doubles the capacity: the cap is already fixed
        (, uint256 cap, uint256 issued) = issuance.currentCap();
        assertEq(cap, 1000);
        assertEq(issued, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 1000, 1, 1000)
        );
        _issue(MODULE, alice, 1000);
    }

    /// @dev The offer was open since before the period began, so it was really on offer when the cap was fixed;
    /// the cap then stands for the period. (Capacity opened or raised in the period never counts: see
    /// RedeemerAttacks.t.sol.)
    function test_issue_capFromCapacityOpenSincePeriodStartStandsAfterItCloses() public {
        _issue(MODULE, alice, 1);
        vm.prank(redeemer);
        credit.closeOffer(offerId);
        _issue(MODULE, alice, 999);
        (, uint256 issued,) = issuance.periodIssuance(_period());
        assertEq(issued, 1000);
    }

    function test_issue_upToCap() public {
        _issue(MODULE, alice, 600);
        _issue(MODULE, bob, 400);
        (, uint256 cap, uint256 issued) = issuance.currentCap();
        assertEq(issued, cap);
    }

    function test_issue_capAppliesCoverageRatio() public {
        _setRatioAsGovernor(MIN_BPS);
        uint32 period = _period();
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.PeriodCapFixed(period, 500, 1000, MIN_BPS);
        _issue(MODULE, alice, 500);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 500, 500, 1)
        );
        _issue(MODULE, alice, 1);
    }

    function test_RevertIf_issueExceedsCap() public {
        _issue(MODULE, alice, 600);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 1000, 600, 401)
        );
        _issue(MODULE, bob, 401);
    }

    function test_RevertIf_issueWithoutRedemptionCapacity() public {
        vm.prank(redeemer);
        credit.closeOffer(offerId);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 0, 0, 1)
        );
        _issue(MODULE, alice, 1);
        // The failed call fixed nothing: capacity registered later in the period still counts.
        (,, bool capFixed) = issuance.periodIssuance(period);
        assertFalse(capFixed);
        _offer(1, 5);
        _issue(MODULE, alice, 5);
    }

    function test_RevertIf_issueByStranger() public {
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerUnauthorizedIssuer.selector, stranger)
        );
        vm.prank(stranger);
        issuance.issue(MODULE, issuer, alice, 1);
    }

    function test_RevertIf_issueByAccreditedIssuer() public {
        _accredit(issuer, OrgRoles.ISSUER);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerUnauthorizedIssuer.selector, issuer)
        );
        vm.prank(issuer);
        issuance.issue(MODULE, issuer, alice, 1);
    }

    function test_RevertIf_issueToZeroAddress() public {
        vm.expectRevert(CivicCredit.CivicCreditZeroRecipient.selector);
        _issue(MODULE, address(0), 1);
    }

    function test_issue_capResetsNextPeriod() public {
        _issue(MODULE, alice, 1000);
        uint32 period = _period();
        _nextPeriod();
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.PeriodCapFixed(period + 1, 1000, 1000, RATIO);
        _issue(MODULE, alice, 1000);
        (, uint256 issuedBefore,) = issuance.periodIssuance(period);
        (, uint256 issuedNow,) = issuance.periodIssuance(period + 1);
        assertEq(issuedBefore, 1000);
        assertEq(issuedNow, 1000);
    }

    function test_issue_nextPeriodCapUsesCapacityThen() public {
        _issue(MODULE, alice, 1);
        _offer(5, 100);
        _nextPeriod();
        _issue(MODULE, alice, 1500);
        (uint256 cap,,) = issuance.periodIssuance(_period());
        assertEq(cap, 1500);
    }

    function test_issue_windowedOfferBacksOnlyItsPeriod() public {
        (, uint64 start, uint64 end) = credit.currentPeriodBounds();
        uint64 len = end - start;
        // Valid only during the next period.
        _offerWindow(10, 50, end, end + len);
        (, uint256 capNow,) = issuance.currentCap();
        assertEq(capNow, 1000);
        vm.warp(end);
        (, uint256 capNext,) = issuance.currentCap();
        assertEq(capNext, 1500);
        vm.warp(end + len);
        (, uint256 capAfter,) = issuance.currentCap();
        assertEq(capAfter, 1000);
    }

    // ---------------------------------------------------------------- module budgets

    function test_RevertIf_issueExceedsModuleBudget() public {
        _setBudget(MODULE, 30);
        _issue(MODULE, alice, 25);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerBudgetExceeded.selector, MODULE, period, 30, 25, 6
            )
        );
        _issue(MODULE, bob, 6);
    }

    function test_RevertIf_issueUnbudgetedModule() public {
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerBudgetExceeded.selector, MODULE2, period, 0, 0, 1
            )
        );
        _issue(MODULE2, alice, 1);
    }

    function test_issue_budgetResetsNextPeriod() public {
        _setBudget(MODULE, 30);
        _issue(MODULE, alice, 30);
        uint32 period = _period();
        _nextPeriod();
        _issue(MODULE, alice, 30);
        assertEq(issuance.moduleSpent(MODULE, period), 30);
        assertEq(issuance.moduleSpent(MODULE, period + 1), 30);
    }

    function test_issue_budgetsAreIndependentPerModule() public {
        _setBudget(MODULE, 10);
        _setBudget(MODULE2, 20);
        _issue(MODULE, alice, 10);
        _issue(MODULE2, alice, 20);
        uint32 period = _period();
        assertEq(issuance.moduleSpent(MODULE, period), 10);
        assertEq(issuance.moduleSpent(MODULE2, period), 20);
    }

    function test_RevertIf_issueExceedsCapAndBudget_reportsCapFirst() public {
        _setBudget(MODULE, 10);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 1000, 0, 1001)
        );
        _issue(MODULE, alice, 1001);
    }

    // ---------------------------------------------------------------- issueBatch

    function test_issueBatch_mintsAndChargesEachModule() public {
        _setBudget(MODULE2, 100);
        uint32 period = _period();
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.PeriodCapFixed(period, 1000, 1000, RATIO);
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.Issued(MODULE, period, 30);
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.Issued(MODULE2, period, 20);
        _issueBatch(_b32(MODULE, MODULE2), _u(30, 20), _a(alice, bob, carol), _u(10, 20, 20));

        assertEq(credit.balanceOf(alice), 10);
        assertEq(credit.balanceOf(bob), 20);
        assertEq(credit.balanceOf(carol), 20);
        assertEq(votes.totalSupply(), 50);
        (, uint256 issued,) = issuance.periodIssuance(period);
        assertEq(issued, 50);
        assertEq(issuance.moduleSpent(MODULE, period), 30);
        assertEq(issuance.moduleSpent(MODULE2, period), 20);
    }

    function test_issueBatch_repeatedModuleChargedCumulatively() public {
        _setBudget(MODULE, 25);
        _issueBatch(_b32(MODULE, MODULE), _u(10, 15), _a(alice, bob), _u(10, 15));
        assertEq(issuance.moduleSpent(MODULE, _period()), 25);
    }

    function test_RevertIf_issueBatchModuleLengthMismatch() public {
        vm.expectRevert(IssuanceController.IssuanceControllerLengthMismatch.selector);
        _issueBatch(_b32(MODULE, MODULE2), _u(10), _a(alice), _u(10));
    }

    function test_RevertIf_issueBatchTotalsBelowMinted() public {
        vm.expectRevert(abi.encodeWithSelector(IssuanceController.IssuanceControllerTotalsMismatch.selector, 30, 31));
        _issueBatch(_m(MODULE), _u(30), _a(alice, bob), _u(15, 16));
    }

    function test_RevertIf_issueBatchTotalsAboveMinted() public {
        vm.expectRevert(abi.encodeWithSelector(IssuanceController.IssuanceControllerTotalsMismatch.selector, 40, 31));
        _issueBatch(_m(MODULE), _u(40), _a(alice, bob), _u(15, 16));
    }

    function test_RevertIf_issueBatchExceedsCap() public {
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 1000, 0, 1001)
        );
        _issueBatch(_m(MODULE), _u(1001), _a(alice, bob), _u(1000, 1));
    }

    function test_RevertIf_issueBatchExceedsBudget() public {
        _setBudget(MODULE2, 5);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerBudgetExceeded.selector, MODULE2, period, 5, 0, 6
            )
        );
        _issueBatch(_b32(MODULE, MODULE2), _u(10, 6), _a(alice, bob), _u(10, 6));
    }

    function test_RevertIf_issueBatchRecipientLengthMismatch() public {
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditLengthMismatch.selector, 1, 2));
        _issueBatch(_m(MODULE), _u(10), _a(alice), _u(5, 5));
    }

    function test_RevertIf_issueBatchByStranger() public {
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerUnauthorizedIssuer.selector, stranger)
        );
        vm.prank(stranger);
        issuance.issueBatch(issuer, _m(MODULE), _u(1), _a(alice), _u(1));
    }

    // ---------------------------------------------------------------- refreshCap / currentCap

    function test_currentCap_liveUntilFixed() public {
        (uint32 period, uint256 cap, uint256 issued) = issuance.currentCap();
        assertEq(period, _period());
        assertEq(cap, 1000);
        assertEq(issued, 0);
        _offer(1, 1);
        (, cap,) = issuance.currentCap();
        assertEq(cap, 1001);
    }

    /// @dev Schedules a refresh through the issuance committee (waiting out its delay) without executing it, so a
    /// test can set up the period's state after the clock has moved and then execute.
    function _scheduleRefresh() internal returns (uint256 id) {
        id = _schedule(ISSUANCE_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.refreshCap, ()));
    }

    function _executeRefresh(uint256 id) internal returns (uint256 cap) {
        committees[ISSUANCE_COMMITTEE].execute(id);
        (cap,,) = issuance.periodIssuance(_period());
    }

    function test_RevertIf_refreshCapNotByIssuanceCommittee() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        issuance.refreshCap();
    }

    function test_refreshCap_fixesCurrentCap() public {
        uint256 id = _scheduleRefresh();
        uint32 period = _period();
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.PeriodCapFixed(period, 1000, 1000, RATIO);
        uint256 cap = _executeRefresh(id);
        assertEq(cap, 1000);
        (uint256 fixedCap,, bool capFixed) = issuance.periodIssuance(period);
        assertEq(fixedCap, 1000);
        assertTrue(capFixed);
    }

    function test_refreshCap_recomputesFromCapacityNow() public {
        uint256 id = _scheduleRefresh();
        _issue(MODULE, alice, 25);
        vm.startPrank(redeemer);
        credit.updateOffer(offerId, 10, 50); // a decrease counts at once
        credit.createOffer(10, 100, 0, 0, keccak256("new")); // an opening counts from the next period
        vm.stopPrank();
        uint32 period = _period();
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.PeriodCapFixed(period, 500, 500, RATIO);
        assertEq(_executeRefresh(id), 500);
        (uint256 cap, uint256 issued,) = issuance.periodIssuance(period);
        assertEq(cap, 500);
        assertEq(issued, 25);
        _issue(MODULE, alice, 475);
    }

    function test_refreshCap_neverBelowIssued() public {
        uint256 id = _scheduleRefresh();
        _issue(MODULE, alice, 900);
        vm.prank(redeemer);
        credit.closeOffer(offerId);
        // Capacity fell to 0, but what was already issued stays within the cap; nothing more can be issued.
        assertEq(_executeRefresh(id), 900);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerCapExceeded.selector, period, 900, 900, 1)
        );
        _issue(MODULE, alice, 1);
    }

    function test_refreshCap_largestOfferKeepsCapExact() public {
        // The widest offer (max price x max capacity, ~2^72) at the highest ratio stays far from the uint128 clamp.
        _committeeCall(
            RATES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (1, type(uint40).max))
        );
        _offer(type(uint40).max, type(uint32).max);
        _setRatioAsGovernor(MAX_BPS);
        uint256 value = 1000 + uint256(type(uint40).max) * type(uint32).max;
        assertEq(_executeRefresh(_scheduleRefresh()), value * MAX_BPS / 10_000);
    }

    // ---------------------------------------------------------------- setCoverageRatio

    function test_setCoverageRatio_throughIssuanceCommittee() public {
        uint256 id = _schedule(
            ISSUANCE_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (12_000))
        );
        vm.expectEmit(address(issuance));
        emit IssuanceController.CoverageRatioSet(12_000);
        committees[ISSUANCE_COMMITTEE].execute(id);
        (uint256 ratio,,) = issuance.coverage();
        assertEq(ratio, 12_000);
    }

    function test_setCoverageRatio_byGovernorWithoutDelay() public {
        // The Governor holds COVERAGE_SETTER with no execution delay: its call lands at once.
        vm.expectEmit(address(issuance));
        emit IssuanceController.CoverageRatioSet(8_000);
        _setRatioAsGovernor(8_000);
        (uint256 ratio,,) = issuance.coverage();
        assertEq(ratio, 8_000);
        (, uint256 cap,) = issuance.currentCap();
        assertEq(cap, 800);
    }

    function test_setCoverageRatio_throughGovernorProposal() public {
        _mintCredits(alice, 100);
        vm.prank(alice);
        votes.delegate(alice);
        vm.warp(block.timestamp + 1);

        address[] memory targets = _a(address(issuance));
        uint256[] memory values = _u(0);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(IssuanceController.setCoverageRatio, (14_000));
        string memory description = "Raise coverage to 140%";

        vm.prank(alice);
        uint256 proposalId = governor.propose(targets, values, calldatas, description);
        vm.warp(block.timestamp + governor.votingDelay() + 1);
        vm.prank(alice);
        governor.castVote(proposalId, 1);
        vm.warp(block.timestamp + governor.votingPeriod() + 1);

        vm.expectEmit(address(issuance));
        emit IssuanceController.CoverageRatioSet(14_000);
        governor.execute(targets, values, calldatas, keccak256(bytes(description)));
        (uint256 ratio,,) = issuance.coverage();
        assertEq(ratio, 14_000);
    }

    function test_setCoverageRatio_atBounds() public {
        _setRatioAsGovernor(MIN_BPS);
        _setRatioAsGovernor(MAX_BPS);
        (uint256 ratio,,) = issuance.coverage();
        assertEq(ratio, MAX_BPS);
    }

    function test_setCoverageRatio_appliesToUnfixedPeriods() public {
        _issue(MODULE, alice, 1);
        _setRatioAsGovernor(MIN_BPS);
        (, uint256 capNow,) = issuance.currentCap();
        assertEq(capNow, 1000);
        _nextPeriod();
        (, uint256 capNext,) = issuance.currentCap();
        assertEq(capNext, 500);
    }

    function testFuzz_setCoverageRatio_scalesCap(uint256 ratio) public {
        ratio = bound(ratio, MIN_BPS, MAX_BPS);
        _setRatioAsGovernor(ratio);
        assertEq(_executeRefresh(_scheduleRefresh()), 1000 * ratio / 10_000);
    }

    function test_RevertIf_setCoverageRatioBelowMin() public {
        uint256 id = _schedule(
            ISSUANCE_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (MIN_BPS - 1))
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerCoverageOutOfBounds.selector, MIN_BPS - 1, MIN_BPS, MAX_BPS
            )
        );
        committees[ISSUANCE_COMMITTEE].execute(id);
    }

    function test_RevertIf_setCoverageRatioAboveMax() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerCoverageOutOfBounds.selector, MAX_BPS + 1, MIN_BPS, MAX_BPS
            )
        );
        _setRatioAsGovernor(MAX_BPS + 1);
    }

    function test_RevertIf_setCoverageRatioByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        issuance.setCoverageRatio(RATIO);
    }

    function test_RevertIf_setCoverageRatioThroughRatesCommittee() public {
        bytes memory data = abi.encodeCall(IssuanceController.setCoverageRatio, (RATIO));
        vm.prank(members[RATES_COMMITTEE][0]);
        uint256 id = committees[RATES_COMMITTEE].propose(address(issuance), data, keccak256(data));
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedCall.selector,
                address(committees[RATES_COMMITTEE]),
                address(issuance),
                IssuanceController.setCoverageRatio.selector
            )
        );
        vm.prank(members[RATES_COMMITTEE][1]);
        committees[RATES_COMMITTEE].approve(id);
    }

    // ---------------------------------------------------------------- setCoverageBounds

    function test_setCoverageBounds_throughIssuanceCommittee() public {
        uint256 id = _schedule(
            ISSUANCE_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.setCoverageBounds, (2_000, 20_000))
        );
        vm.expectEmit(address(issuance));
        emit IssuanceController.CoverageBoundsSet(2_000, 20_000);
        committees[ISSUANCE_COMMITTEE].execute(id);
        (uint256 ratio, uint256 minBps, uint256 maxBps) = issuance.coverage();
        assertEq(ratio, RATIO);
        assertEq(minBps, 2_000);
        assertEq(maxBps, 20_000);
        _setRatioAsGovernor(20_000);
    }

    function test_setCoverageBounds_pinsRatio() public {
        _committeeCall(
            ISSUANCE_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.setCoverageBounds, (RATIO, RATIO))
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerCoverageOutOfBounds.selector, RATIO + 1, RATIO, RATIO
            )
        );
        _setRatioAsGovernor(RATIO + 1);
    }

    function _expectBoundsRevert(uint256 minBps, uint256 maxBps, bytes memory err) internal {
        uint256 id = _schedule(
            ISSUANCE_COMMITTEE,
            address(issuance),
            abi.encodeCall(IssuanceController.setCoverageBounds, (minBps, maxBps))
        );
        vm.expectRevert(err);
        committees[ISSUANCE_COMMITTEE].execute(id);
    }

    function test_RevertIf_setCoverageBoundsMinAboveMax() public {
        _expectBoundsRevert(
            12_000,
            11_000,
            abi.encodeWithSelector(IssuanceController.IssuanceControllerInvalidBounds.selector, 12_000, 11_000)
        );
    }

    function test_RevertIf_setCoverageBoundsAboveUint16() public {
        uint256 maxBps = uint256(type(uint16).max) + 1;
        _expectBoundsRevert(
            0, maxBps, abi.encodeWithSelector(IssuanceController.IssuanceControllerInvalidBounds.selector, 0, maxBps)
        );
    }

    function test_RevertIf_setCoverageBoundsExcludeCurrentRatio() public {
        _expectBoundsRevert(
            11_000,
            12_000,
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerCoverageOutOfBounds.selector, RATIO, 11_000, 12_000
            )
        );
    }

    function test_RevertIf_setCoverageBoundsByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        issuance.setCoverageBounds(0, 20_000);
    }

    function test_RevertIf_setCoverageBoundsByGovernor() public {
        // Residents move the ratio; only the committee moves the bounds around it.
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, address(governor)));
        vm.prank(address(governor));
        issuance.setCoverageBounds(0, 20_000);
    }

    // ---------------------------------------------------------------- setModuleBudget

    function test_setModuleBudget_throughIssuanceCommittee() public {
        uint256 id = _schedule(
            ISSUANCE_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.setModuleBudget, (MODULE2, 500))
        );
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.ModuleBudgetSet(MODULE2, 500);
        committees[ISSUANCE_COMMITTEE].execute(id);
        assertEq(issuance.moduleBudget(MODULE2), 500);
        _issue(MODULE2, alice, 500);
    }

    function test_setModuleBudget_zeroStopsIssuance() public {
        _setBudget(MODULE, 0);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerBudgetExceeded.selector, MODULE, period, 0, 0, 1
            )
        );
        _issue(MODULE, alice, 1);
    }

    function test_setModuleBudget_belowSpentBlocksRestOfPeriod() public {
        _issue(MODULE, alice, 25);
        _setBudget(MODULE, 10);
        uint32 period = _period();
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerBudgetExceeded.selector, MODULE, period, 10, 25, 1
            )
        );
        _issue(MODULE, alice, 1);
    }

    function test_RevertIf_setModuleBudgetByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        issuance.setModuleBudget(MODULE, 1);
    }

    function test_RevertIf_setModuleBudgetByGovernor() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, address(governor)));
        vm.prank(address(governor));
        issuance.setModuleBudget(MODULE, 1);
    }

    // ---------------------------------------------------------------- setRateBounds / checkRate

    function test_setRateBounds_default() public {
        uint256 id = _schedule(
            RATES_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (bytes32(0), 5, 50))
        );
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.RateBoundsSet(bytes32(0), 5, 50);
        committees[RATES_COMMITTEE].execute(id);
        (uint256 minRate, uint256 maxRate) = issuance.rateBounds(bytes32(0));
        assertEq(minRate, 5);
        assertEq(maxRate, 50);
        (minRate, maxRate) = issuance.rateBounds(PARK_CLEANUP);
        assertEq(minRate, 5);
        assertEq(maxRate, 50);
    }

    function test_setRateBounds_perTaskType() public {
        uint256 id = _schedule(
            RATES_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (PARK_CLEANUP, 10, 20))
        );
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.RateBoundsSet(PARK_CLEANUP, 10, 20);
        committees[RATES_COMMITTEE].execute(id);
        (uint256 minRate, uint256 maxRate) = issuance.rateBounds(PARK_CLEANUP);
        assertEq(minRate, 10);
        assertEq(maxRate, 20);
        (minRate, maxRate) = issuance.rateBounds(TREE_PLANTING);
        assertEq(minRate, 1);
        assertEq(maxRate, 100);
    }

    function test_setRateBounds_upToUint64() public {
        _committeeCall(
            RATES_COMMITTEE,
            address(issuance),
            abi.encodeCall(IssuanceController.setRateBounds, (PARK_CLEANUP, 1, type(uint64).max))
        );
        issuance.checkRate(PARK_CLEANUP, type(uint64).max);
    }

    function _expectRateBoundsRevert(bytes32 taskType, uint256 minRate, uint256 maxRate) internal {
        uint256 id = _schedule(
            RATES_COMMITTEE,
            address(issuance),
            abi.encodeCall(IssuanceController.setRateBounds, (taskType, minRate, maxRate))
        );
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerInvalidBounds.selector, minRate, maxRate)
        );
        committees[RATES_COMMITTEE].execute(id);
    }

    function test_RevertIf_setRateBoundsMinZero() public {
        _expectRateBoundsRevert(PARK_CLEANUP, 0, 10);
    }

    function test_RevertIf_setRateBoundsMinAboveMax() public {
        _expectRateBoundsRevert(bytes32(0), 11, 10);
    }

    function test_RevertIf_setRateBoundsAboveUint64() public {
        _expectRateBoundsRevert(PARK_CLEANUP, 1, uint256(type(uint64).max) + 1);
    }

    function test_RevertIf_setRateBoundsByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        issuance.setRateBounds(bytes32(0), 1, 10);
    }

    function test_checkRate_defaultBounds() public view {
        issuance.checkRate(PARK_CLEANUP, 1);
        issuance.checkRate(PARK_CLEANUP, 100);
        issuance.checkRate(bytes32(0), 50);
    }

    function test_RevertIf_checkRateBelowDefault() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerRateOutOfBounds.selector, PARK_CLEANUP, 0, 1, 100
            )
        );
        issuance.checkRate(PARK_CLEANUP, 0);
    }

    function test_RevertIf_checkRateAboveDefault() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerRateOutOfBounds.selector, PARK_CLEANUP, 101, 1, 100
            )
        );
        issuance.checkRate(PARK_CLEANUP, 101);
    }

    function test_checkRate_perTypeOverridesDefault() public {
        _committeeCall(
            RATES_COMMITTEE,
            address(issuance),
            abi.encodeCall(IssuanceController.setRateBounds, (PARK_CLEANUP, 10, 200))
        );
        issuance.checkRate(PARK_CLEANUP, 150); // above the default max, inside the type's own bounds
        issuance.checkRate(TREE_PLANTING, 5); // other types keep the default
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerRateOutOfBounds.selector, PARK_CLEANUP, 5, 10, 200
            )
        );
        issuance.checkRate(PARK_CLEANUP, 5);
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerRateOutOfBounds.selector, TREE_PLANTING, 150, 1, 100
            )
        );
        issuance.checkRate(TREE_PLANTING, 150);
    }

    function testFuzz_checkRate_matchesBounds(uint256 rate) public {
        rate = bound(rate, 0, 1_000);
        if (rate < 1 || rate > 100) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IssuanceController.IssuanceControllerRateOutOfBounds.selector, TREE_PLANTING, rate, 1, 100
                )
            );
        }
        issuance.checkRate(TREE_PLANTING, rate);
    }

    // ---------------------------------------------------------------- setTaskBoard

    function test_setTaskBoard_throughUpgradesCommittee() public {
        address newBoard = makeAddr("board.v2");
        uint256 id = _schedule(
            UPGRADES_COMMITTEE, address(issuance), abi.encodeCall(IssuanceController.setTaskBoard, (newBoard))
        );
        vm.expectEmit(address(issuance));
        emit IssuanceController.TaskBoardSet(newBoard);
        committees[UPGRADES_COMMITTEE].execute(id);
        (address taskBoard,) = issuance.wiring();
        assertEq(taskBoard, newBoard);

        vm.prank(newBoard);
        issuance.issue(MODULE, issuer, alice, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IssuanceController.IssuanceControllerUnauthorizedIssuer.selector, address(board))
        );
        _issue(MODULE, alice, 1);
    }

    function test_RevertIf_setTaskBoardByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        issuance.setTaskBoard(stranger);
    }

    // ---------------------------------------------------------------- end to end and properties

    function test_issue_throughTaskBoardVerification() public {
        _accreditAll();
        uint32 period = _period();
        uint256 completionId = _submit(_publish(25, 1), alice);
        vm.expectEmit(true, true, true, true, address(issuance));
        emit IssuanceController.Issued(MODULE, period, 25);
        vm.prank(issuer);
        board.verify(completionId);
        assertEq(credit.balanceOf(alice), 25);
        assertEq(issuance.moduleSpent(MODULE, period), 25);
    }

    function testFuzz_issue_neverExceedsCap(uint256 a, uint256 b, uint256 c) public {
        uint256[3] memory amounts = [bound(a, 0, 1200), bound(b, 0, 1200), bound(c, 0, 1200)];
        uint32 period = _period();
        uint256 total;
        for (uint256 i; i < 3; ++i) {
            if (total + amounts[i] > 1000) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IssuanceController.IssuanceControllerCapExceeded.selector, period, 1000, total, amounts[i]
                    )
                );
                _issue(MODULE, alice, amounts[i]);
            } else {
                _issue(MODULE, alice, amounts[i]);
                total += amounts[i];
            }
            (, uint256 issued,) = issuance.periodIssuance(period);
            assertEq(issued, total);
            assertLe(issued, 1000);
        }
        assertEq(credit.balanceOf(alice), total);
    }

    function testFuzz_issue_mintedAlwaysEqualsVoteMinted(uint256 a, uint256 b, uint256 c) public {
        a = bound(a, 1, 400);
        b = bound(b, 1, 300);
        c = bound(c, 1, 300);
        _issue(MODULE, alice, a);
        _issueBatch(_m(MODULE), _u(b + c), _a(bob, alice), _u(b, c));
        (uint256 minted,) = credit.totals();
        assertEq(minted, a + b + c);
        assertEq(votes.totalSupply(), minted);
        assertEq(votes.balanceOf(alice), credit.mintedOf(alice));
        assertEq(votes.balanceOf(bob), credit.mintedOf(bob));
        (, uint256 issued,) = issuance.periodIssuance(_period());
        assertEq(issued, minted);
    }
}
