// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {CityManaged} from "../access/CityManaged.sol";

/// @title Committee
/// @notice One of the city's polycentric committees (accreditation, issuance, rates, modules, vault, upgrades): a
/// member set with an N-of-M threshold. Members propose a call; when N members have approved it, the committee
/// schedules it on the city's AccessManager, where the committee's role carries an execution delay; after the
/// delay anyone may execute it. A guardian can cancel the scheduled operation at the AccessManager during the delay
/// but can never execute one. No single key can change a parameter, and no single member can veto: a member
/// withdraws only its own pending proposal, cancelling a scheduled one takes the threshold, and a proposal decided
/// under a member set that has since changed can no longer execute.
contract Committee is CityManaged {
    using EnumerableSet for EnumerableSet.AddressSet;

    enum State {
        None,
        Pending,
        Scheduled,
        Executed,
        Cancelled
    }

    struct Proposal {
        address target;
        State state;
        uint32 approvals;
        uint48 readyAt;
        bytes data;
        bytes32 descriptionHash;
    }

    /// @custom:storage-location erc7201:citysync.storage.Committee
    struct CommitteeStorage {
        string name;
        uint32 threshold;
        uint256 proposalCount;
        EnumerableSet.AddressSet members;
        mapping(uint256 => Proposal) proposals;
        mapping(uint256 => mapping(address => bool)) approvedBy;
        // Bumped on every membership change: approvals gathered under an old member set stop counting.
        uint256 membershipEpoch;
        mapping(uint256 proposalId => uint256) proposalEpoch;
        mapping(uint256 proposalId => address) proposer;
        // Votes to cancel a scheduled proposal; the threshold-th cancels it.
        mapping(uint256 proposalId => uint32) cancelApprovals;
        mapping(uint256 proposalId => mapping(address member => bool)) cancelApprovedBy;
        // The proposal that last scheduled an operation at the AccessManager, to clear it once stale.
        mapping(bytes32 operationId => uint256 proposalId) scheduledBy;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.Committee")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x3cc94bd4f15df1fe08192766887c8eb46f8bed5d3f6a849d5c3a1fa495901c00;

    /// @notice Smallest threshold a committee may have: no single key decides.
    uint32 public constant MIN_THRESHOLD = 2;

    /// @notice `proposer` proposed calling `target` with `data`.
    event ProposalCreated(
        uint256 indexed proposalId, address indexed proposer, address indexed target, bytes data, bytes32 descriptionHash
    );
    /// @notice `member` approved `proposalId`; `approvals` so far.
    event ProposalApproved(uint256 indexed proposalId, address indexed member, uint256 approvals);
    /// @notice `proposalId` reached its threshold and was scheduled on the AccessManager, executable at `readyAt`.
    event ProposalScheduled(uint256 indexed proposalId, bytes32 operationId, uint48 readyAt);
    /// @notice `proposalId` was executed.
    event ProposalExecuted(uint256 indexed proposalId);
    /// @notice `proposalId` was withdrawn by its proposer or cancelled; `by` cast the deciding vote (the committee
    /// itself when it cleared a stale schedule).
    event ProposalCancelled(uint256 indexed proposalId, address indexed by);
    /// @notice `member` voted to cancel the scheduled `proposalId`; `approvals` votes so far (the threshold cancels).
    event CancellationApproved(uint256 indexed proposalId, address indexed member, uint256 approvals);
    /// @notice The committee now has `members` and `threshold`.
    event MembershipChanged(address[] members, uint256 threshold);

    error CommitteeNotMember(address account);
    error CommitteeInvalidThreshold(uint256 threshold, uint256 members);
    error CommitteeDuplicateMember(address member);
    error CommitteeUnknownProposal(uint256 proposalId);
    error CommitteeWrongState(uint256 proposalId, State state);
    error CommitteeAlreadyApproved(uint256 proposalId, address member);
    /// @notice `proposalId` was proposed or decided under a member set that has since changed.
    error CommitteeStaleProposal(uint256 proposalId);
    /// @notice Only the proposer may withdraw a pending proposal; `account` is not it.
    error CommitteeNotProposer(uint256 proposalId, address account);

    /// @notice Initializes the committee.
    /// @param authority the city's AccessManager
    /// @param name_ e.g. "issuance"
    /// @param members_ the member addresses
    /// @param threshold_ approvals needed (at least 2, at most the member count)
    function initialize(address authority, string calldata name_, address[] calldata members_, uint32 threshold_)
        external
        initializer
    {
        __CityManaged_init(authority);
        _getStorage().name = name_;
        _setMembership(members_, threshold_);
    }

    /// @notice Proposes a call and approves it as the proposer.
    /// @dev Only members. Emits {ProposalCreated} and {ProposalApproved}.
    function propose(address target, bytes calldata data, bytes32 descriptionHash)
        external
        returns (uint256 proposalId)
    {
        CommitteeStorage storage $ = _getStorage();
        _onlyMember($);
        proposalId = ++$.proposalCount;
        Proposal storage p = $.proposals[proposalId];
        p.target = target;
        p.data = data;
        p.descriptionHash = descriptionHash;
        p.state = State.Pending;
        $.proposalEpoch[proposalId] = $.membershipEpoch;
        $.proposer[proposalId] = msg.sender;
        emit ProposalCreated(proposalId, msg.sender, target, data, descriptionHash);
        _approve($, proposalId, p);
    }

    /// @notice Approves a pending proposal; the threshold-th approval schedules it.
    /// @dev Only members, once each. Emits {ProposalApproved}, then {ProposalScheduled} at the threshold.
    function approve(uint256 proposalId) external {
        CommitteeStorage storage $ = _getStorage();
        _onlyMember($);
        Proposal storage p = _proposal($, proposalId);
        if (p.state != State.Pending) revert CommitteeWrongState(proposalId, p.state);
        if ($.proposalEpoch[proposalId] != $.membershipEpoch) revert CommitteeStaleProposal(proposalId);
        _approve($, proposalId, p);
    }

    /// @notice Executes a scheduled proposal once its delay has passed. Anyone may call: the decision is made.
    /// @dev Reverts {CommitteeStaleProposal} when the member set changed since it was proposed (its approvals were
    /// given by a committee that no longer exists), and at the AccessManager if it is too early or a guardian
    /// cancelled it. Emits {ProposalExecuted}.
    function execute(uint256 proposalId) external {
        CommitteeStorage storage $ = _getStorage();
        Proposal storage p = _proposal($, proposalId);
        if (p.state != State.Scheduled) revert CommitteeWrongState(proposalId, p.state);
        if ($.proposalEpoch[proposalId] != $.membershipEpoch) revert CommitteeStaleProposal(proposalId);
        p.state = State.Executed;
        emit ProposalExecuted(proposalId);
        IAccessManager(authority()).execute(p.target, p.data);
    }

    /// @notice Withdraws the caller's own pending proposal, or votes to cancel a scheduled one during its delay: the
    /// threshold-th vote cancels it (also at the AccessManager). A scheduled proposal made stale by a membership
    /// change can never execute; any member may clear it. Guardians cancel directly at the AccessManager.
    /// @dev Only members; a pending proposal only by its proposer ({CommitteeNotProposer}), each vote once
    /// ({CommitteeAlreadyApproved}). Emits {CancellationApproved} per vote and {ProposalCancelled} when cancelled.
    function cancel(uint256 proposalId) external {
        CommitteeStorage storage $ = _getStorage();
        _onlyMember($);
        Proposal storage p = _proposal($, proposalId);
        State state = p.state;
        if (state == State.Pending) {
            if ($.proposer[proposalId] != msg.sender) revert CommitteeNotProposer(proposalId, msg.sender);
            p.state = State.Cancelled;
            emit ProposalCancelled(proposalId, msg.sender);
            return;
        }
        if (state != State.Scheduled) revert CommitteeWrongState(proposalId, state);
        if ($.proposalEpoch[proposalId] != $.membershipEpoch) {
            _cancelScheduled(proposalId, p, msg.sender);
            return;
        }
        if ($.cancelApprovedBy[proposalId][msg.sender]) revert CommitteeAlreadyApproved(proposalId, msg.sender);
        $.cancelApprovedBy[proposalId][msg.sender] = true;
        uint32 votes = $.cancelApprovals[proposalId] + 1;
        $.cancelApprovals[proposalId] = votes;
        emit CancellationApproved(proposalId, msg.sender, votes);
        if (votes >= $.threshold) _cancelScheduled(proposalId, p, msg.sender);
    }

    /// @notice Replaces the member set and threshold. Restricted: the committee changes itself through its own
    /// proposal (or another committee the city configured), with the delay.
    /// @dev Emits {MembershipChanged}.
    function setMembership(address[] calldata members_, uint32 threshold_) external restricted {
        _setMembership(members_, threshold_);
    }

    // ---------------------------------------------------------------- views

    /// @notice The committee's name.
    function name() external view returns (string memory) {
        return _getStorage().name;
    }

    /// @notice Members and threshold.
    function membership() external view returns (address[] memory members, uint256 threshold) {
        CommitteeStorage storage $ = _getStorage();
        return ($.members.values(), $.threshold);
    }

    /// @notice Whether `account` is a member.
    function isMember(address account) external view returns (bool) {
        return _getStorage().members.contains(account);
    }

    /// @notice Proposal `proposalId`. A scheduled proposal that a guardian cancelled at the AccessManager, or that a
    /// membership change made stale, reports {State.Cancelled}: it can never execute.
    function proposal(uint256 proposalId) external view returns (Proposal memory p) {
        CommitteeStorage storage $ = _getStorage();
        p = _proposal($, proposalId);
        if (p.state == State.Scheduled && $.proposalEpoch[proposalId] != $.membershipEpoch) {
            p.state = State.Cancelled;
        } else if (p.state == State.Scheduled) {
            IAccessManager manager = IAccessManager(authority());
            bytes32 operationId = manager.hashOperation(address(this), p.target, p.data);
            // Never scheduled there (nonce 0): an immediate proposal is executable, not cancelled.
            if (manager.getNonce(operationId) != 0 && manager.getSchedule(operationId) == 0) {
                p.state = State.Cancelled;
            }
        }
    }

    /// @notice Whether `member` approved `proposalId`.
    function hasApproved(uint256 proposalId, address member) external view returns (bool) {
        return _getStorage().approvedBy[proposalId][member];
    }

    /// @notice Who proposed `proposalId` (the only member who may withdraw it while pending).
    function proposer(uint256 proposalId) external view returns (address) {
        return _getStorage().proposer[proposalId];
    }

    /// @notice Votes cast so far to cancel the scheduled `proposalId`.
    function cancelApprovals(uint256 proposalId) external view returns (uint256) {
        return _getStorage().cancelApprovals[proposalId];
    }

    /// @notice Whether `member` voted to cancel `proposalId`.
    function hasApprovedCancel(uint256 proposalId, address member) external view returns (bool) {
        return _getStorage().cancelApprovedBy[proposalId][member];
    }

    /// @notice Number of proposals so far (ids start at 1).
    function proposalCount() external view returns (uint256) {
        return _getStorage().proposalCount;
    }

    // ---------------------------------------------------------------- internals

    function _approve(CommitteeStorage storage $, uint256 proposalId, Proposal storage p) private {
        if ($.approvedBy[proposalId][msg.sender]) revert CommitteeAlreadyApproved(proposalId, msg.sender);
        $.approvedBy[proposalId][msg.sender] = true;
        uint32 approvals = p.approvals + 1;
        p.approvals = approvals;
        emit ProposalApproved(proposalId, msg.sender, approvals);
        if (approvals >= $.threshold) {
            p.state = State.Scheduled;
            IAccessManager manager = IAccessManager(authority());
            bytes32 operationId = manager.hashOperation(address(this), p.target, p.data);
            uint48 readyAt = uint48(block.timestamp);
            // Every committee role carries a delay; a call the committee may make at once needs no schedule.
            (bool immediate,) = p.data.length >= 4 && p.target != address(manager)
                ? manager.canCall(address(this), p.target, bytes4(p.data))
                : (false, 0);
            if (!immediate) {
                _clearStaleSchedule($, manager, operationId);
                manager.schedule(p.target, p.data, 0);
                readyAt = manager.getSchedule(operationId);
                $.scheduledBy[operationId] = proposalId;
            }
            p.readyAt = readyAt;
            emit ProposalScheduled(proposalId, operationId, readyAt);
        }
    }

    /// @dev A proposal decided under an old member set still holds its operation at the AccessManager until it
    /// expires, which would block the new members from deciding the same call: cancel it there first.
    function _clearStaleSchedule(CommitteeStorage storage $, IAccessManager manager, bytes32 operationId) private {
        if (manager.getSchedule(operationId) == 0) return;
        uint256 previous = $.scheduledBy[operationId];
        Proposal storage old = $.proposals[previous];
        if (old.state != State.Scheduled || $.proposalEpoch[previous] == $.membershipEpoch) return;
        _cancelScheduled(previous, old, address(this));
    }

    function _cancelScheduled(uint256 proposalId, Proposal storage p, address by) private {
        p.state = State.Cancelled;
        emit ProposalCancelled(proposalId, by);
        IAccessManager manager = IAccessManager(authority());
        // A guardian may already have cancelled it there; the committee's record is what matters here.
        if (manager.getSchedule(manager.hashOperation(address(this), p.target, p.data)) != 0) {
            manager.cancel(address(this), p.target, p.data);
        }
    }

    function _setMembership(address[] calldata members_, uint32 threshold_) private {
        CommitteeStorage storage $ = _getStorage();
        if (threshold_ < MIN_THRESHOLD || threshold_ > members_.length) {
            revert CommitteeInvalidThreshold(threshold_, members_.length);
        }
        address[] memory old = $.members.values();
        for (uint256 i; i < old.length; ++i) {
            $.members.remove(old[i]);
        }
        for (uint256 i; i < members_.length; ++i) {
            if (!$.members.add(members_[i])) revert CommitteeDuplicateMember(members_[i]);
        }
        $.threshold = threshold_;
        ++$.membershipEpoch;
        emit MembershipChanged(members_, threshold_);
    }

    function _onlyMember(CommitteeStorage storage $) private view {
        if (!$.members.contains(msg.sender)) revert CommitteeNotMember(msg.sender);
    }

    function _proposal(CommitteeStorage storage $, uint256 proposalId) private view returns (Proposal storage p) {
        p = $.proposals[proposalId];
        if (p.state == State.None) revert CommitteeUnknownProposal(proposalId);
    }

    function _getStorage() private pure returns (CommitteeStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
