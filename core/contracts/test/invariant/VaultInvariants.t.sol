// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../utils/CityFixture.sol";
import {VaultHandler} from "./handlers/VaultHandler.sol";
import {YieldSplitter} from "../../vault/YieldSplitter.sol";

/// @title VaultInvariants
/// @notice The City Vault's promises, held against every sequence of donations, yield, losses, gifts, harvests,
/// payouts, split changes, a hostile upgrade, and every role's attempts to take principal out.
contract VaultInvariantsTest is CityFixture {
    VaultHandler internal handler;

    function setUp() public override {
        super.setUp();
        // The handler's splits choose among these lines (their shares are its own; the caps stay each line's).
        YieldSplitter.BudgetLine[] memory lines = _fourBudgetLines([uint128(1_000e6), 500e6, 50e6, 5e6]);

        address[] memory actors = new address[](6 + 18 + 8);
        uint256 n;
        for (uint256 i; i < 6; ++i) {
            actors[n++] = address(committees[i]);
            for (uint256 j; j < MEMBERS; ++j) {
                actors[n++] = members[i][j];
            }
        }
        address[8] memory others = [
            guardian, stranger, address(governor), address(kernel), address(manager), address(splitter), address(factory), backstop
        ];
        for (uint256 i; i < others.length; ++i) {
            actors[n++] = others[i];
        }

        handler = new VaultHandler(
            VaultHandler.Wiring({
                vault: vault,
                splitter: splitter,
                dollar: dollar,
                yieldSource: yieldSource,
                vaultCommittee: committees[4],
                upgradesCommittee: committees[5],
                vaultMembers: members[4],
                upgradesMembers: members[5],
                delay: COMMITTEE_DELAY,
                actors: actors,
                lines: lines
            })
        );
        targetContract(address(handler));
    }

    /// @dev Total principal equals every donation and never decreased.
    function invariant_principalNeverDecreases() public view {
        assertEq(vault.totalPrincipal(), handler.ghostDonated(), "principal = sum of donations");
        assertFalse(handler.ghostPrincipalDecreased(), "principal decreased");
    }

    /// @dev What left the lock (harvests, and a hostile upgrade's drain) is at most the yield that came in.
    function invariant_harvestedAtMostYieldAccrued() public view {
        assertLe(vault.totalHarvested() + handler.ghostDrained(), handler.ghostYieldIn());
    }

    /// @dev No sequence of calls by any role moves principal out: the lock holds the principal, less only the
    /// yield source's losses and its rounding.
    function invariant_principalStaysLocked() public view {
        assertGe(vault.lock().totalValue() + handler.ghostLost() + handler.ghostRounding(), vault.totalPrincipal());
        assertFalse(handler.ghostBreach(), handler.ghostBreachWhat());
    }

    /// @dev Each line is paid at most its cap in every payout period.
    function invariant_payoutsWithinCaps() public view {
        uint256[] memory periods = handler.touchedPeriodList();
        for (uint256 i; i < handler.knownLineCount(); ++i) {
            YieldSplitter.BudgetLine memory line = handler.knownLine(i);
            for (uint256 p; p < periods.length; ++p) {
                assertLe(splitter.paidInPeriod(line.recipient, line.purpose, periods[p]), line.capPerPeriod);
            }
        }
    }

    /// @dev The splitter pays only its lines, holds what it still owes them and what they refused, and everything it
    /// paid was received by a recipient, is held for one to claim, or was claimed.
    function invariant_splitterAccounts() public view {
        uint256 received;
        uint256 owed;
        uint256 unclaimed;
        for (uint256 i; i < handler.knownLineCount(); ++i) {
            YieldSplitter.BudgetLine memory line = handler.knownLine(i);
            received += dollar.balanceOf(line.recipient);
            owed += splitter.owed(line.recipient, line.purpose);
            unclaimed += splitter.unclaimed(line.recipient, line.purpose);
        }
        assertEq(unclaimed, splitter.unclaimedTotal(), "unclaimed total = sum over lines");
        assertEq(splitter.totalPaid(), received + unclaimed + dollar.balanceOf(handler.CLAIM_SINK()));
        assertGe(dollar.balanceOf(address(splitter)), owed + unclaimed);
    }

    /// @dev The handler's refusing recipient really leaves payments owed, and claiming them keeps the books whole.
    function test_handlerSmoke_refusedPaymentIsHeldThenClaimed() public {
        handler.donate(0, 1_000e6, 0);
        handler.accrue(50e6);
        handler.refuseTransfers(0); // the backstop line
        handler.harvest();
        assertGt(splitter.unclaimed(backstop, "emergency backstop"), 0, "no payment was refused");
        assertGt(dollar.balanceOf(infrastructure), 0, "the other line was not paid");
        invariant_splitterAccounts();
        handler.claim(0);
        assertEq(splitter.unclaimedTotal(), 0);
        assertGt(dollar.balanceOf(handler.CLAIM_SINK()), 0);
        invariant_splitterAccounts();
    }

    /// @dev Shares are only ever minted, one batch per donation.
    function invariant_sharesOnlyMinted() public view {
        assertEq(vault.totalSupply(), handler.ghostShares());
    }
}
