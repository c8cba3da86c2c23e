// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Test} from "forge-std/Test.sol";
import {CivicCredit} from "@citysync/contracts/token/CivicCredit.sol";
import {IssuanceController} from "@citysync/contracts/issuance/IssuanceController.sol";
import {TaskBoard} from "@citysync/contracts/tasks/TaskBoard.sol";
import {GeneralEconomy} from "../contracts/GeneralEconomy.sol";
import {GeneralEconomyBase} from "./GeneralEconomyBase.sol";

/// @notice Drives the installed economy at random: an issuer publishes tasks of catalog and non-catalog types, at
/// rates inside and outside the bounds, issuer-verified or k-of-n; participants check in, the issuer verifies,
/// participants redeem.
contract GeneralEconomyHandler is Test {
    TaskBoard internal immutable board;
    CivicCredit internal immutable credit;
    GeneralEconomy internal immutable economy;
    IssuanceController internal immutable issuance;
    address internal immutable issuer;
    uint256 internal immutable offerId;
    bytes32 internal immutable moduleId;

    bytes32[4] internal types =
        [keccak256("park-cleanup"), keccak256("food-bank-shift"), keccak256("tutoring-hour"), keccak256("graffiti-removal")];
    address[4] internal participants = [makeAddr("p0"), makeAddr("p1"), makeAddr("p2"), makeAddr("p3")];
    uint256[] internal taskIds;
    uint256[] internal pending;

    uint256 public ghostMinted;
    uint256 public ghostBurned;
    /// @dev Credits minted for a completion of a task outside the catalog or its bounds: must stay 0.
    uint256 public ghostMintedOutsideCatalog;
    /// @dev Tasks the board accepted that the module's rules refuse: must stay 0 (the policy refuses at publish).
    uint256 public ghostPublishedOutsidePolicy;

    mapping(uint32 period => uint256) public ghostMintedIn;
    uint32[] public periods;

    constructor(
        TaskBoard board_,
        CivicCredit credit_,
        GeneralEconomy economy_,
        IssuanceController issuance_,
        address issuer_,
        uint256 offerId_
    ) {
        board = board_;
        credit = credit_;
        economy = economy_;
        issuance = issuance_;
        issuer = issuer_;
        offerId = offerId_;
        moduleId = economy_.moduleId();
    }

    function publish(uint256 typeSeed, uint256 rate, uint8 verifiers) external {
        bytes32 taskType = types[typeSeed % types.length];
        (uint256 min, uint256 max) = issuance.rateBounds(taskType);
        // Half the time a rate the city itself refuses; otherwise any rate it lets through, which for a widened
        // type (see the test's setUp) or an unknown one only the module's policy can refuse.
        rate = rate % 2 == 0 ? bound(rate, min, max) : bound(rate, max + 1, max + 50);
        TaskBoard.TaskParams memory p = TaskBoard.TaskParams({
            moduleId: moduleId,
            taskType: taskType,
            rate: rate,
            slots: 4,
            start: uint64(block.timestamp),
            end: uint64(block.timestamp + 30 days),
            zoneId: keccak256("zone"),
            evidenceSchemaHash: keccak256("schema"),
            // Mostly issuer-verified, sometimes k-of-n, which the module's verification rules do not allow.
            verifiersRequired: verifiers % 4 == 0 ? 1 + verifiers % 3 : 0,
            gate: address(0)
        });
        vm.prank(issuer);
        try board.publishTask(p) returns (uint256 id) {
            taskIds.push(id);
            (bool listed, uint256 cmin, uint256 cmax) = economy.rateBounds(taskType);
            if (!listed || rate < cmin || rate > cmax || p.verifiersRequired != 0) ++ghostPublishedOutsidePolicy;
        } catch {}
    }

    function checkIn(uint256 taskSeed, uint256 who) external {
        if (taskIds.length == 0) return;
        uint256 taskId = taskIds[taskSeed % taskIds.length];
        vm.prank(participants[who % participants.length]);
        try board.claimAndSubmit(taskId, keccak256(abi.encode(taskId, who))) returns (uint256 completionId) {
            pending.push(completionId);
        } catch {}
    }

    function verify(uint256 seed) external {
        if (pending.length == 0) return;
        uint256 i = seed % pending.length;
        uint256 completionId = pending[i];
        TaskBoard.Completion memory c = board.completion(completionId);
        TaskBoard.Task memory t = board.task(c.taskId);
        vm.prank(issuer);
        try board.verify(completionId) {
            ghostMinted += t.rate;
            uint32 period = credit.currentPeriod();
            if (ghostMintedIn[period] == 0) periods.push(period);
            ghostMintedIn[period] += t.rate;
            (bool listed, uint256 min, uint256 max) = economy.rateBounds(t.taskType);
            if (!listed || t.rate < min || t.rate > max || t.moduleId != moduleId) ghostMintedOutsideCatalog += t.rate;
            pending[i] = pending[pending.length - 1];
            pending.pop();
        } catch {}
    }

    function redeem(uint256 who, uint256 units) external {
        address participant = participants[who % participants.length];
        units = bound(units, 1, 3);
        vm.prank(participant);
        try credit.redeem(offerId, units, units * 10) {
            ghostBurned += units * 10;
        } catch {}
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1 hours, 3 days));
    }

    function periodCount() external view returns (uint256) {
        return periods.length;
    }
}

contract GeneralEconomyInvariantTest is GeneralEconomyBase {
    GeneralEconomyHandler internal handler;

    function setUp() public override {
        super.setUp();
        _install();
        // The rates committee widened one type's city bounds after install: only the module's catalog holds it.
        _committeeCall(RATES_IDX, address(issuance), abi.encodeCall(IssuanceController.setRateBounds, (TUTORING, 1, 100)));
        uint256 offerId = _offer(10, 1_000);
        handler = new GeneralEconomyHandler(board, credit, economy, issuance, issuer, offerId);
        targetContract(address(handler));
    }

    /// @dev Every credit in existence was minted for a verified catalog task and not yet burned by a redemption.
    function invariant_creditsAreCatalogWorkMinusRedemptions() public view {
        (uint256 minted, uint256 burned) = credit.totals();
        assertEq(minted, handler.ghostMinted());
        assertEq(burned, handler.ghostBurned());
        assertEq(credit.totalSupply(), minted - burned);
        assertEq(handler.ghostMintedOutsideCatalog(), 0);
    }

    /// @dev No task of this module outside its catalog, bounds or verification rule was ever published.
    function invariant_everyPublishedTaskPassesThePolicy() public view {
        assertEq(board.modulePolicy(MODULE), address(economy));
        assertEq(handler.ghostPublishedOutsidePolicy(), 0);
    }


    /// @dev The module's budget line was charged exactly what it paid, and never above its budget, each period.
    function invariant_budgetChargedExactlyAndWithinLimit() public view {
        uint256 budget = issuance.moduleBudget(MODULE);
        for (uint256 i; i < handler.periodCount(); ++i) {
            uint32 period = handler.periods(i);
            uint256 spent = issuance.moduleSpent(MODULE, period);
            assertEq(spent, handler.ghostMintedIn(period));
            assertLe(spent, budget);
            (uint256 cap, uint256 issued,) = issuance.periodIssuance(period);
            assertLe(issued, cap);
        }
    }
}
