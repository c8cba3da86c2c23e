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
/// but can never execute one. No single key can change a parameter.
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
    /// @notice `proposalId` was withdrawn by a member or cancelled.
    event ProposalCancelled(uint256 indexed proposalId, address indexed by);
    /// @notice The committee now has `members` and `threshold`.
    event MembershipChanged(address[] members, uint256 threshold);

    error CommitteeNotMember(address account);
    error CommitteeInvalidThreshold(uint256 threshold, uint256 members);
    error CommitteeDuplicateMember(address member);
    error CommitteeUnknownProposal(uint256 proposalId);
    error CommitteeWrongState(uint256 proposalId, State state);
    error CommitteeAlreadyApproved(uint256 proposalId, address member);
    error CommitteeStaleProposal(uint256 proposalId);

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
    /// @dev Reverts at the AccessManager if it is too early or a guardian cancelled it. Emits {ProposalExecuted}.
    function execute(uint256 proposalId) external {
        CommitteeStorage storage $ = _getStorage();
        Proposal storage p = _proposal($, proposalId);
        if (p.state != State.Scheduled) revert CommitteeWrongState(proposalId, p.state);
        p.state = State.Executed;
        emit ProposalExecuted(proposalId);
        IAccessManager(authority()).execute(p.target, p.data);
    }

    /// @notice Withdraws a pending proposal or cancels a scheduled one. Only members; guardians cancel directly at
    /// the AccessManager. Emits {ProposalCancelled}.
    function cancel(uint256 proposalId) external {
        CommitteeStorage storage $ = _getStorage();
        _onlyMember($);
        Proposal storage p = _proposal($, proposalId);
        State state = p.state;
        if (state != State.Pending && state != State.Scheduled) revert CommitteeWrongState(proposalId, state);
        p.state = State.Cancelled;
        emit ProposalCancelled(proposalId, msg.sender);
        if (state == State.Scheduled) {
            IAccessManager manager = IAccessManager(authority());
            // A guardian may already have cancelled it there; the committee's record is what matters here.
            if (manager.getSchedule(manager.hashOperation(address(this), p.target, p.data)) != 0) {
                manager.cancel(address(this), p.target, p.data);
            }
        }
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

    /// @notice Proposal `proposalId`. A scheduled proposal that a guardian cancelled at the AccessManager reports
    /// {State.Cancelled}.
    function proposal(uint256 proposalId) external view returns (Proposal memory p) {
        CommitteeStorage storage $ = _getStorage();
        p = _proposal($, proposalId);
        if (p.state == State.Scheduled) {
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
                manager.schedule(p.target, p.data, 0);
                readyAt = manager.getSchedule(operationId);
            }
            p.readyAt = readyAt;
            emit ProposalScheduled(proposalId, operationId, readyAt);
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
