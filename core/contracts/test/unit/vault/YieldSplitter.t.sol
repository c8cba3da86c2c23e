// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {VaultBase} from "./VaultBase.sol";
import {YieldSplitter} from "../../../vault/YieldSplitter.sol";
import {Committee} from "../../../governance/Committee.sol";

contract YieldSplitterTest is VaultBase {
    address internal reimbursements = makeAddr("line.redeemer-reimbursements");

    /// @dev Sends `amount` of harvested yield to the splitter (as a harvest would) and distributes it.
    function _fund(uint256 amount) internal returns (uint256 paid) {
        dollar.mint(address(splitter), amount);
        paid = splitter.distribute();
    }

    function _two(uint16 a, uint16 b) internal view returns (YieldSplitter.BudgetLine[] memory lines) {
        lines = new YieldSplitter.BudgetLine[](2);
        lines[0] = _line(backstop, a, 1_000e6, "emergency backstop");
        lines[1] = _line(infrastructure, b, 500e6, "infrastructure");
    }

    // ---------------------------------------------------------------- the split

    function test_initialSplit_isTheCityConfig() public view {
        YieldSplitter.BudgetLine[] memory lines = splitter.budgetLines();
        assertEq(lines.length, 2);
        assertEq(lines[0].recipient, backstop);
        assertEq(lines[0].bps, 6_000);
        assertEq(lines[0].capPerPeriod, 1_000e6);
        assertEq(lines[0].purpose, "emergency backstop");
        (uint16 min, uint16 max) = splitter.splitBounds();
        assertEq(min, 1_000);
        assertEq(max, 6_000);
    }

    function test_setSplit_throughTheVaultCommitteeOnly() public {
        YieldSplitter.BudgetLine[] memory lines = _two(5_000, 5_000);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        splitter.setSplit(lines);
        // Not even another committee.
        Committee rates = committees[2];
        vm.prank(members[2][0]);
        uint256 id = rates.propose(address(splitter), abi.encodeCall(YieldSplitter.setSplit, (lines)), bytes32(0));
        vm.prank(members[2][1]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessManager.AccessManagerUnauthorizedCall.selector,
                address(rates),
                address(splitter),
                YieldSplitter.setSplit.selector
            )
        );
        rates.approve(id);

        Committee vaultCommittee = committees[VAULT_IDX];
        bytes memory data = abi.encodeCall(YieldSplitter.setSplit, (lines));
        vm.prank(members[VAULT_IDX][0]);
        id = vaultCommittee.propose(address(splitter), data, keccak256(data));
        vm.prank(members[VAULT_IDX][1]);
        vaultCommittee.approve(id);
        vm.expectRevert(); // not before the committee's delay
        vaultCommittee.execute(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectEmit(address(splitter));
        emit YieldSplitter.SplitChanged(lines);
        vaultCommittee.execute(id);
        assertEq(splitter.budgetLines()[0].bps, 5_000);
    }

    function test_setSplit_refusesSplitsOutsideTheRules() public {
        YieldSplitter.BudgetLine[] memory lines = _two(7_000, 3_000);
        _expectSplitRevert(lines, abi.encodeWithSelector(YieldSplitter.YieldSplitterLineOutOfBounds.selector, 0, 7_000, 1_000, 6_000));
        lines = _two(5_000, 4_000);
        _expectSplitRevert(lines, abi.encodeWithSelector(YieldSplitter.YieldSplitterBpsSum.selector, 9_000));
        lines = _two(5_000, 5_000);
        lines[1].recipient = backstop;
        lines[1].purpose = "emergency backstop";
        _expectSplitRevert(lines, abi.encodeWithSelector(YieldSplitter.YieldSplitterDuplicateLine.selector, 1, 0));
        lines = _two(5_000, 5_000);
        lines[0].capPerPeriod = 0;
        _expectSplitRevert(lines, abi.encodeWithSelector(YieldSplitter.YieldSplitterZeroCap.selector, 0));
        lines = _two(5_000, 5_000);
        lines[1].recipient = address(0);
        _expectSplitRevert(lines, abi.encodeWithSelector(YieldSplitter.YieldSplitterZeroRecipient.selector, 1));
        lines = _two(5_000, 5_000);
        lines[1].purpose = "";
        _expectSplitRevert(lines, abi.encodeWithSelector(YieldSplitter.YieldSplitterBadPurpose.selector, 1, 0));
        lines = new YieldSplitter.BudgetLine[](17);
        _expectSplitRevert(lines, abi.encodeWithSelector(YieldSplitter.YieldSplitterTooManyLines.selector, 17, 16));
        assertEq(splitter.budgetLines()[0].bps, 6_000, "the split in force is unchanged");
    }

    function _expectSplitRevert(YieldSplitter.BudgetLine[] memory lines, bytes memory err) internal {
        Committee c = committees[VAULT_IDX];
        bytes memory data = abi.encodeCall(YieldSplitter.setSplit, (lines));
        vm.prank(members[VAULT_IDX][0]);
        uint256 id = c.propose(address(splitter), data, keccak256(data));
        vm.prank(members[VAULT_IDX][1]);
        c.approve(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(err);
        c.execute(id);
    }

    function test_setSplitBounds_isTheUpgradesCommittees_andMustFitTheSplit() public {
        vm.prank(address(committees[VAULT_IDX]));
        vm.expectRevert();
        splitter.setSplitBounds(0, 10_000);
        _committeeCall(UPGRADES_IDX, address(splitter), abi.encodeCall(YieldSplitter.setSplitBounds, (2_000, 8_000)));
        (uint16 min, uint16 max) = splitter.splitBounds();
        assertEq(min, 2_000);
        assertEq(max, 8_000);

        Committee c = committees[UPGRADES_IDX];
        bytes memory data = abi.encodeCall(YieldSplitter.setSplitBounds, (1_000, 5_000));
        vm.prank(members[UPGRADES_IDX][0]);
        uint256 id = c.propose(address(splitter), data, keccak256(data));
        vm.prank(members[UPGRADES_IDX][1]);
        c.approve(id);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(YieldSplitter.YieldSplitterLineOutOfBounds.selector, 0, 6_000, 1_000, 5_000)
        );
        c.execute(id);
    }

    // ---------------------------------------------------------------- payouts and caps

    function test_distribute_paysEachLineItsShare() public {
        dollar.mint(address(splitter), 100e6);
        vm.expectEmit(address(splitter));
        emit YieldSplitter.Payout(0, backstop, 0, 60e6, "emergency backstop");
        vm.expectEmit(address(splitter));
        emit YieldSplitter.Payout(1, infrastructure, 0, 40e6, "infrastructure");
        assertEq(splitter.distribute(), 100e6);
        assertEq(dollar.balanceOf(backstop), 60e6);
        assertEq(dollar.balanceOf(infrastructure), 40e6);
        assertEq(splitter.totalPaid(), 100e6);
        assertEq(splitter.paidTotal(backstop, "emergency backstop"), 60e6);
    }

    function test_caps_holdBackAndPayNextPeriod() public {
        // 2,000: backstop is owed 1,200 (cap 1,000), infrastructure 800 (cap 500).
        assertEq(_fund(2_000e6), 1_500e6);
        assertEq(splitter.owed(backstop, "emergency backstop"), 200e6);
        assertEq(splitter.owed(infrastructure, "infrastructure"), 300e6);
        assertEq(splitter.pending(), 500e6);
        // Calling again in the same period pays nobody more.
        assertEq(splitter.distribute(), 0);
        assertEq(dollar.balanceOf(backstop), 1_000e6);
        assertEq(dollar.balanceOf(infrastructure), 500e6);

        vm.warp(block.timestamp + PERIOD);
        assertEq(splitter.distribute(), 500e6);
        assertEq(dollar.balanceOf(backstop), 1_200e6);
        assertEq(dollar.balanceOf(infrastructure), 800e6);
        assertEq(splitter.pending(), 0);
    }

    /// @dev However often anyone calls distribute, each line ends with the same amount: what it is owed.
    function testFuzz_distribute_callFrequencyChangesNothing(uint256 amount, uint8 calls) public {
        amount = bound(amount, 1, 5_000e6);
        calls = uint8(bound(calls, 1, 8));
        dollar.mint(address(splitter), amount);
        for (uint256 i; i < calls; ++i) {
            splitter.distribute();
        }
        uint256 backstopShare = amount * 6_000 / 10_000;
        uint256 infraShare = amount * 4_000 / 10_000;
        assertEq(dollar.balanceOf(backstop), backstopShare < 1_000e6 ? backstopShare : 1_000e6);
        assertEq(dollar.balanceOf(infrastructure), infraShare < 500e6 ? infraShare : 500e6);
    }

    function test_capIsPerLine_notResetByResubmittingTheSplit() public {
        _fund(2_000e6); // both lines at their caps this period
        _setSplit(_two(6_000, 4_000)); // same lines, same caps: a new split (takes one committee delay)
        assertEq(splitter.currentPeriod(), 0, "the committee's delay is shorter than a period");
        _fund(100e6);
        assertEq(dollar.balanceOf(backstop), 1_000e6, "still capped this period");
        assertEq(splitter.paidInPeriod(backstop, "emergency backstop", 0), 1_000e6);
    }

    function test_newSplit_appliesToWhatIsNotYetPaid() public {
        _fund(2_000e6); // 500 held back
        YieldSplitter.BudgetLine[] memory lines = new YieldSplitter.BudgetLine[](3);
        lines[0] = _line(backstop, 4_000, 1_000e6, "emergency backstop");
        lines[1] = _line(infrastructure, 3_000, 500e6, "infrastructure");
        lines[2] = _line(reimbursements, 3_000, 100e6, "redeemer reimbursements");
        _setSplit(lines);
        vm.warp(block.timestamp + PERIOD);
        splitter.distribute();
        assertEq(dollar.balanceOf(reimbursements), 100e6, "150 owed, capped at 100");
        assertEq(dollar.balanceOf(backstop), 1_200e6);
        assertEq(dollar.balanceOf(infrastructure), 650e6);
    }

    function test_emptySplit_paysNothing() public {
        _setSplit(new YieldSplitter.BudgetLine[](0));
        assertEq(_fund(100e6), 0);
        assertEq(splitter.pending(), 100e6);
    }
}
