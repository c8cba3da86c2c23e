// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {PlatformBase} from "./PlatformBase.sol";
import {CityGovernor} from "../../../governance/CityGovernor.sol";
import {IssuanceController} from "../../../issuance/IssuanceController.sol";
import {Accreditation} from "../../../identity/Accreditation.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

contract PlatformCityGovernorTest is PlatformBase {
    uint8 internal constant AGAINST = 0;
    uint8 internal constant FOR = 1;
    uint8 internal constant ABSTAIN = 2;

    address internal alice;
    address internal bob;
    address internal dave;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        _bigOffer();
        alice = _participant(1);
        bob = _participant(2);
        dave = _participant(3);
        // Residents earn $VOTE through verified civic work: 60 + 36 + 1 = 97.
        _earn(alice, 60);
        _earn(bob, 36);
        _earn(dave, 1);
        _selfDelegate(alice);
        _selfDelegate(bob);
        _selfDelegate(dave);
        vm.warp(block.timestamp + 1);
    }

    function _selfDelegate(address who) internal {
        vm.prank(who);
        votes.delegate(who);
    }

    function _ratioProposal(uint256 ratioBps)
        internal
        view
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
    {
        return _single(address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (ratioBps)));
    }

    function _single(address target, bytes memory data)
        internal
        pure
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
    {
        targets = new address[](1);
        targets[0] = target;
        values = new uint256[](1);
        calldatas = new bytes[](1);
        calldatas[0] = data;
    }

    function _propose(address proposer, address target, bytes memory data, string memory description)
        internal
        returns (uint256 id)
    {
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _single(target, data);
        vm.prank(proposer);
        id = governor.propose(t, v, d, description);
    }

    function _voteAndClose(uint256 id, address[] memory voters, uint8 support) internal {
        vm.warp(governor.proposalSnapshot(id) + 1);
        for (uint256 i; i < voters.length; ++i) {
            vm.prank(voters[i]);
            governor.castVote(id, support);
        }
        vm.warp(governor.proposalDeadline(id) + 1);
    }

    function _one(address a) internal pure returns (address[] memory v) {
        v = new address[](1);
        v[0] = a;
    }

    function _bitmap(IGovernor.ProposalState s) internal pure returns (bytes32) {
        return bytes32(1 << uint8(s));
    }

    // ---------------------------------------------------------------- configuration

    function test_initialize_settingsFromFactory() public view {
        assertEq(governor.name(), "Berkeley Residents");
        assertEq(address(governor.token()), address(votes));
        assertEq(governor.votingDelay(), 1 hours);
        assertEq(governor.votingPeriod(), 3 days);
        assertEq(governor.proposalThreshold(), 1);
        assertEq(governor.quorumNumerator(), 4);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
        assertEq(governor.clock(), block.timestamp);
        assertEq(governor.authority(), address(manager));
    }

    function test_RevertIf_initialize_again() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        governor.initialize(address(manager), address(votes), "x", 1, 1, 0, 4);
    }

    function test_delegate_earnedVotesSelfDelegated() public view {
        assertEq(votes.getVotes(alice), 60);
        assertEq(votes.getVotes(bob), 36);
        assertEq(votes.totalSupply(), 97);
        assertEq(votes.delegates(alice), alice);
    }

    // ---------------------------------------------------------------- the coverage ratio by vote

    function test_execute_residentsMoveCoverageRatio() public {
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _ratioProposal(12_000);
        string memory description = "Cover 120% of redemption capacity";
        vm.prank(alice);
        uint256 id = governor.propose(t, v, d, description);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Pending));
        assertEq(governor.proposalSnapshot(id), block.timestamp + 1 hours);

        vm.warp(governor.proposalSnapshot(id) + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Active));
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(alice, id, FOR, 60, "");
        vm.prank(alice);
        governor.castVote(id, FOR);
        vm.prank(bob);
        governor.castVote(id, AGAINST);
        (uint256 against, uint256 for_, uint256 abstain) = governor.proposalVotes(id);
        assertEq(for_, 60);
        assertEq(against, 36);
        assertEq(abstain, 0);

        vm.warp(governor.proposalDeadline(id) + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
        assertFalse(governor.proposalNeedsQueuing(id));

        vm.expectEmit(address(issuance));
        emit IssuanceController.CoverageRatioSet(12_000);
        governor.execute(t, v, d, keccak256(bytes(description)));

        (uint256 ratio,,) = issuance.coverage();
        assertEq(ratio, 12_000);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Executed));
    }

    function test_RevertIf_queue_notImplemented() public {
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _ratioProposal(12_000);
        vm.prank(alice);
        uint256 id = governor.propose(t, v, d, "q");
        _voteAndClose(id, _one(alice), FOR);
        vm.expectRevert(IGovernor.GovernorQueueNotImplemented.selector);
        governor.queue(t, v, d, keccak256("q"));
    }

    function test_RevertIf_execute_ratioOutsideCommitteeBounds() public {
        uint256 id = _propose(alice, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (20_000)), "x");
        _voteAndClose(id, _one(alice), FOR);
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _ratioProposal(20_000);
        vm.expectRevert(
            abi.encodeWithSelector(
                IssuanceController.IssuanceControllerCoverageOutOfBounds.selector, 20_000, 5_000, 15_000
            )
        );
        governor.execute(t, v, d, keccak256("x"));
    }

    function testFuzz_execute_ratioInsideBounds(uint256 ratio) public {
        ratio = bound(ratio, 5_000, 15_000);
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _ratioProposal(ratio);
        vm.prank(alice);
        uint256 id = governor.propose(t, v, d, "fuzz");
        _voteAndClose(id, _one(alice), FOR);
        governor.execute(t, v, d, keccak256("fuzz"));
        (uint256 now_,,) = issuance.coverage();
        assertEq(now_, ratio);
    }

    function test_setCoverageRatio_issuanceCommitteeWithDelay() public {
        // The other coverage setter: the issuance committee, through its threshold and delay.
        bytes memory call = abi.encodeCall(IssuanceController.setCoverageRatio, (7_500));
        uint256 id = _schedule(ISSUANCE_IDX, address(issuance), call);
        assertEq(committees[ISSUANCE_IDX].proposal(id).readyAt, block.timestamp + COMMITTEE_DELAY);
        vm.warp(block.timestamp + COMMITTEE_DELAY);
        committees[ISSUANCE_IDX].execute(id);
        (uint256 ratio,,) = issuance.coverage();
        assertEq(ratio, 7_500);
    }

    // ---------------------------------------------------------------- what residents cannot do

    function test_RevertIf_execute_callWithoutGovernorRole() public {
        bytes memory call = abi.encodeCall(Accreditation.accredit, (stranger, OrgRoles.ISSUER, bytes32(0)));
        uint256 id = _propose(alice, address(accreditation), call, "accredit me");
        _voteAndClose(id, _one(alice), FOR);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _single(address(accreditation), call);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, address(governor)));
        governor.execute(t, v, d, keccak256("accredit me"));
        assertEq(accreditation.rolesOf(stranger), 0);
    }

    function test_RevertIf_execute_upgradeByVote() public {
        bytes memory call = abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (address(new CityGovernor()), ""));
        uint256 id = _propose(alice, address(governor), call, "upgrade");
        _voteAndClose(id, _one(alice), FOR);
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _single(address(governor), call);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, address(governor)));
        governor.execute(t, v, d, keccak256("upgrade"));
    }

    function test_RevertIf_setCoverageRatio_residentDirectly() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, alice));
        issuance.setCoverageRatio(12_000);
    }

    function test_RevertIf_setVotingPeriod_outsideGovernance() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        governor.setVotingPeriod(1);
    }

    // ---------------------------------------------------------------- propose and vote

    function test_RevertIf_propose_belowThreshold() public {
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _ratioProposal(12_000);
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernor.GovernorInsufficientProposerVotes.selector, stranger, 0, 1)
        );
        governor.propose(t, v, d, "no votes");
    }

    function test_RevertIf_castVote_beforeVotingStarts() public {
        uint256 id = _propose(alice, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (12_000)), "e");
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Pending,
                _bitmap(IGovernor.ProposalState.Active)
            )
        );
        governor.castVote(id, FOR);
    }

    function test_RevertIf_castVote_afterVotingEnds() public {
        uint256 id = _propose(alice, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (12_000)), "e");
        _voteAndClose(id, _one(alice), FOR);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Succeeded,
                _bitmap(IGovernor.ProposalState.Active)
            )
        );
        governor.castVote(id, AGAINST);
    }

    function test_RevertIf_castVote_twice() public {
        uint256 id = _propose(alice, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (12_000)), "e");
        vm.warp(governor.proposalSnapshot(id) + 1);
        vm.startPrank(alice);
        governor.castVote(id, FOR);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, alice));
        governor.castVote(id, FOR);
        vm.stopPrank();
    }

    function test_castVote_weightFromSnapshot() public {
        uint256 id = _propose(alice, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (12_000)), "e");
        vm.warp(governor.proposalSnapshot(id) + 1);
        address late = _participant(9);
        _earn(late, 100);
        _selfDelegate(late);
        vm.prank(late);
        governor.castVote(id, FOR);
        (, uint256 for_,) = governor.proposalVotes(id);
        assertEq(for_, 0);
    }

    function test_state_majorityAgainstDefeats() public {
        uint256 id = _propose(alice, address(issuance), abi.encodeCall(IssuanceController.setCoverageRatio, (12_000)), "e");
        vm.warp(governor.proposalSnapshot(id) + 1);
        vm.prank(alice);
        governor.castVote(id, AGAINST);
        vm.prank(bob);
        governor.castVote(id, FOR);
        vm.warp(governor.proposalDeadline(id) + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
    }

    // ---------------------------------------------------------------- quorum

    function test_quorum_fourPercentOfVoteSupply() public view {
        uint256 t = block.timestamp - 1;
        assertEq(votes.getPastTotalSupply(t), 97);
        assertEq(governor.quorum(t), uint256(97 * 4) / 100);
    }

    function test_quorum_notReachedDefeats() public {
        // Dave holds 1 of 97 votes; quorum is 3.
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _ratioProposal(12_000);
        vm.prank(dave);
        uint256 id = governor.propose(t, v, d, "small");
        _voteAndClose(id, _one(dave), FOR);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Defeated,
                _bitmap(IGovernor.ProposalState.Succeeded) | _bitmap(IGovernor.ProposalState.Queued)
            )
        );
        governor.execute(t, v, d, keccak256("small"));
    }

    function test_quorum_abstainCountsTowardQuorum() public {
        // Dave votes for, Bob abstains: quorum is met by participation, and For beats Against.
        (address[] memory t, uint256[] memory v, bytes[] memory d) = _ratioProposal(12_000);
        vm.prank(dave);
        uint256 id = governor.propose(t, v, d, "abstain");
        vm.warp(governor.proposalSnapshot(id) + 1);
        vm.prank(dave);
        governor.castVote(id, FOR);
        vm.prank(bob);
        governor.castVote(id, ABSTAIN);
        vm.warp(governor.proposalDeadline(id) + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
    }
}
