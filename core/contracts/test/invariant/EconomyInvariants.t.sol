// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EconomyInvariantBase} from "./EconomyInvariantBase.sol";
import {EconomyHandler} from "./handlers/EconomyHandler.sol";
import {TaskBoard} from "../../tasks/TaskBoard.sol";

// One contract per property, so a failure names its invariant; all share the handler and its target selectors.
// Loops compare in plain Solidity and assert once: the check runs after every call, and cheatcode asserts per
// element would dominate the run time.

/// forge-config: default.invariant.fail-on-revert = false
contract SupplyInvariantTest is EconomyInvariantBase {
    /// @dev Supply is exactly what verifications minted less what redemptions burned, and is all held by actors.
    function invariant_supplyEqualsMintedMinusBurned() public view {
        uint256 minted = handler.ghostMinted();
        uint256 burned = handler.ghostBurned();
        uint256 supply = credit.totalSupply();
        assertEq(supply, minted - burned, "supply != minted - burned (ghost)");
        (uint256 totalMinted, uint256 totalBurned) = credit.totals();
        assertEq(totalMinted, minted, "totals().minted != ghost");
        assertEq(totalBurned, burned, "totals().burned != ghost");
        address[] memory all = handler.everyoneList();
        uint256 sum;
        for (uint256 i; i < all.length; ++i) {
            sum += credit.balanceOf(all[i]);
        }
        assertEq(sum, supply, "sum of balances != supply");
    }
}

/// forge-config: default.invariant.fail-on-revert = false
contract VoteSupplyInvariantTest is EconomyInvariantBase {
    /// @dev $VOTE is every credit ever minted: redemptions burn credits, never votes.
    function invariant_voteSupplyEqualsAllCreditsEverMinted() public view {
        uint256 minted = handler.ghostMinted();
        (uint256 totalMinted,) = credit.totals();
        assertEq(votes.totalSupply(), minted, "vote supply != ghost minted");
        assertEq(totalMinted, minted, "totals().minted != ghost minted");
        address[] memory all = handler.everyoneList();
        (, uint256[] memory ghostMintedTo) = handler.ghostAccounts();
        address bad;
        uint256 delegatedUnits;
        uint256 votingPower;
        for (uint256 i; i < all.length; ++i) {
            address a = all[i];
            uint256 mintedTo = credit.mintedOf(a);
            if (votes.balanceOf(a) != mintedTo || mintedTo < credit.balanceOf(a) || mintedTo != ghostMintedTo[i]) {
                bad = a;
            }
            if (votes.delegates(a) != address(0)) delegatedUnits += mintedTo;
            votingPower += votes.getVotes(a);
        }
        assertEq(bad, address(0), "votes != mintedOf, mintedOf < balance, or mintedOf != ghost");
        // Delegation only ever points inside this set, so the checkpoints must add up to the delegated units.
        assertEq(votingPower, delegatedUnits, "voting power != delegated units");
    }
}

/// forge-config: default.invariant.fail-on-revert = false
contract PeriodCapInvariantTest is EconomyInvariantBase {
    /// @dev Every period touched has a fixed cap, what it issued fits under it, and equals the ghost's count.
    function invariant_mintsPerPeriodWithinCap() public view {
        uint32[] memory periods = handler.touchedPeriodList();
        for (uint256 i; i < periods.length; ++i) {
            (uint256 cap, uint256 issued, bool capFixed) = issuance.periodIssuance(periods[i]);
            if (!capFixed || issued > cap || issued != handler.ghostPeriodIssued(periods[i])) {
                assertTrue(capFixed, "touched period without a fixed cap");
                assertLe(issued, cap, string.concat("period ", vm.toString(periods[i]), " issued above its cap"));
                assertEq(issued, handler.ghostPeriodIssued(periods[i]), "issued != ghost");
            }
        }
    }

    /// @dev The mint-time form, independent of later cap refreshes: right after every mint issued <= cap and the
    /// module's spend <= its budget; the controller's per-period books add up to the ghost's.
    function invariant_periodIssuanceMatchesGhost() public view {
        assertFalse(handler.ghostMintAboveCap(), "a mint exceeded the period cap or the module budget");
        uint32[] memory periods = handler.touchedPeriodList();
        uint256 total;
        for (uint256 i; i < periods.length; ++i) {
            (, uint256 issued,) = issuance.periodIssuance(periods[i]);
            if (issued != handler.ghostPeriodIssued(periods[i])) assertEq(issued, handler.ghostPeriodIssued(periods[i]));
            if (issuance.moduleSpent(MODULE, periods[i]) != issued) assertEq(issuance.moduleSpent(MODULE, periods[i]), issued);
            total += issued;
        }
        assertEq(total, handler.ghostMinted(), "sum of period issuance != minted");
    }
}

/// forge-config: default.invariant.fail-on-revert = false
contract CompletionInvariantTest is EconomyInvariantBase {
    /// @dev Each completion mints at most once, exactly when it becomes Verified, and a participant's lifetime
    /// credits are the sum of the rates of its verified completions.
    function invariant_completionMintsOnce() public view {
        assertFalse(handler.ghostReplaySucceeded(), "a replayed verification or rejection succeeded");
        uint256[] memory ids = handler.completionIdList();
        (, uint256 onBoard) = board.counts();
        assertEq(onBoard, ids.length, "completions created outside the handler");
        uint256 verifiedOnBoard;
        uint256 bad;
        for (uint256 i; i < ids.length; ++i) {
            (,,,,, EconomyHandler.Status modelled) = handler.completions(ids[i]);
            TaskBoard.Status status = board.completion(ids[i]).status;
            bool verified = status == TaskBoard.Status.Verified;
            if (uint8(status) != uint8(modelled) || handler.verifyCount(ids[i]) != (verified ? 1 : 0)) bad = ids[i];
            if (verified) ++verifiedOnBoard;
        }
        assertEq(bad, 0, "completion status != model, or minted other than once");
        uint256[] memory verifiedIds = handler.verifiedIdList();
        assertEq(verifiedIds.length, verifiedOnBoard, "verified set != board");

        address[] memory people = handler.participantList();
        uint256[] memory expected = new uint256[](people.length);
        for (uint256 i; i < verifiedIds.length; ++i) {
            (, address participant, uint64 rate,,,) = handler.completions(verifiedIds[i]);
            for (uint256 p; p < people.length; ++p) {
                if (people[p] == participant) expected[p] += rate;
            }
        }
        for (uint256 p; p < people.length; ++p) {
            if (credit.mintedOf(people[p]) != expected[p]) {
                assertEq(credit.mintedOf(people[p]), expected[p], "minted != sum of verified rates");
            }
        }
    }
}

/// forge-config: default.invariant.fail-on-revert = false
contract NoTransferInvariantTest is EconomyInvariantBase {
    /// @dev Balances move only by verification (up) and redemption (down): each equals the model's balance.
    function invariant_noTransferPath() public view {
        assertFalse(handler.ghostForbiddenSucceeded(), "a transfer, transferFrom or approve succeeded");
        assertFalse(handler.ghostBurnBeyondBalance(), "a redemption burned more than the holder earned");
        address[] memory all = handler.everyoneList();
        (uint256[] memory ghostBalances,) = handler.ghostAccounts();
        for (uint256 i; i < all.length; ++i) {
            if (credit.balanceOf(all[i]) != ghostBalances[i]) {
                assertEq(credit.balanceOf(all[i]), ghostBalances[i], "balance moved outside mint/redeem");
            }
        }
    }
}

/// forge-config: default.invariant.fail-on-revert = false
contract ParameterInvariantTest is EconomyInvariantBase {
    /// @dev Parameters move only when the handler completed a committee flow (threshold, then delay, then
    /// execute), and the values in force are the ones enforced on tasks and offers.
    function invariant_noParameterChangeWithoutThresholdAndDelay() public view {
        assertFalse(handler.ghostEarlyExecution(), "a decision executed without threshold + delay");
        assertFalse(handler.ghostDirectParamCall(), "a setter succeeded outside a committee decision");
        assertFalse(handler.ghostBoundsIgnored(), "a task or offer was accepted outside the bounds");
        (uint256 ratio,,) = issuance.coverage();
        assertEq(ratio, handler.ghostCoverage(), "coverage ratio");
        assertEq(credit.periodLength(), handler.ghostPeriodLength(), "period length");
        (uint256 minPrice, uint256 maxPrice) = credit.priceBounds();
        assertEq(minPrice, handler.ghostMinPrice(), "min price");
        assertEq(maxPrice, handler.ghostMaxPrice(), "max price");
        assertEq(issuance.moduleBudget(MODULE), handler.ghostModuleBudget(), "module budget");
        (uint256 minRate, uint256 maxRate) = issuance.rateBounds(PARK_CLEANUP);
        assertEq(minRate, handler.ghostMinRate(), "min rate");
        assertEq(maxRate, handler.ghostMaxRate(), "max rate");
    }
}
