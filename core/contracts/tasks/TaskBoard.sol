// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ContextUpgradeable.sol";
import {ERC2771ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/metatx/ERC2771ContextUpgradeable.sol";
import {CityManaged} from "../access/CityManaged.sol";
import {IAccreditation} from "../interfaces/IAccreditation.sol";
import {IIssuanceController} from "../interfaces/IIssuanceController.sol";
import {IClaimGate} from "../interfaces/IClaimGate.sol";
import {ITaskPolicy} from "../interfaces/ITaskPolicy.sol";
import {OrgRoles} from "../libraries/Roles.sol";

/// @title TaskBoard
/// @notice The data standard of civic work. Accredited issuers publish tasks; participants claim them and submit a
/// completion carrying the content hash of its evidence document; the issuer (or k of the city's accredited
/// verifiers) verifies, and the issuance controller mints the task's rate to the participant, once. The events
/// carry everything needed to recompute every balance and indicator from the log alone.
/// A task is published only under a module whose task policy is registered, and records which registration of that
/// policy admitted it: a claim, a verification or an approval re-checks that the registration is still the module's,
/// so a task outlives neither its module's policy nor a replacement of it.
contract TaskBoard is CityManaged, ERC2771ContextUpgradeable {
    /// @notice What an issuer publishes.
    struct TaskParams {
        bytes32 moduleId; // the dPAN whose budget pays the task
        bytes32 taskType; // id from the module's task catalog
        uint256 rate; // credits per verified completion
        uint32 slots; // how many participants may claim it
        uint64 start; // first second a claim or completion is accepted
        uint64 end; // first second after the window
        bytes32 zoneId; // where the work happens
        bytes32 evidenceSchemaHash; // content hash of the JSON Schema the evidence document must satisfy
        uint8 verifiersRequired; // 0: the issuer verifies alone; k > 0: k accredited verifiers must approve
        address gate; // optional prerequisite contract (IClaimGate), e.g. a module's training check
    }

    struct Task {
        // slot 0: everything verify reads but the module
        address issuer;
        uint8 verifiersRequired;
        uint64 rate;
        uint24 policyVersion; // the registration of the module's task policy that admitted the task
        // slot 1: what claim and submitCompletion read
        uint32 slots;
        uint32 claimed;
        uint40 start;
        uint40 end;
        bytes32 moduleId;
        bytes32 taskType;
        bytes32 zoneId;
        bytes32 evidenceSchemaHash;
        address gate;
    }

    enum Status {
        None,
        Submitted,
        Verified,
        Rejected
    }

    struct Completion {
        address participant;
        uint64 taskId;
        Status status;
        uint8 approvals; // verifiers' approvals that still count
        uint8 rejections; // verifiers' rejections that still count
        bytes32 evidenceHash;
    }

    /// @notice A verifier's vote on a completion of a verifier-checked task.
    enum Vote {
        None,
        Approved,
        Rejected
    }

    /// @notice A module's task policy and which registration it is (each {setModulePolicy} makes a new one).
    struct ModulePolicy {
        address policy;
        uint24 version;
    }

    /// @custom:storage-location erc7201:citysync.storage.TaskBoard
    struct TaskBoardStorage {
        IAccreditation accreditation;
        IIssuanceController issuance;
        uint64 taskCount;
        uint64 completionCount;
        mapping(uint256 taskId => Task) tasks;
        mapping(uint256 completionId => Completion) completions;
        // 0: not claimed; type(uint64).max: claimed, nothing submitted; else the completion id.
        mapping(uint256 taskId => mapping(address participant => uint64)) claims;
        mapping(uint256 completionId => mapping(address verifier => Vote)) votes;
        // Mirror of the accreditation registry's roles, pushed by it on every change (see {syncRoles}).
        mapping(address org => uint8) roles;
        // A module's task policy (see {setModulePolicy}); without one its tasks cannot be published.
        mapping(bytes32 moduleId => ModulePolicy) policies;
        // Who voted on a completion, so votes of verifiers revoked since can be dropped at the deciding vote.
        mapping(uint256 completionId => address[]) voters;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.TaskBoard")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x6a06c026ebcf1363978f8a6fb2f98a5d22fb6b4344c2b10eb2e00ba339e70d00;

    uint64 private constant CLAIMED = type(uint64).max;
    /// @notice Most verifiers a task may require.
    uint8 public constant MAX_VERIFIERS = 16;

    /// @notice `issuer` published task `taskId`.
    event TaskPublished(uint256 indexed taskId, address indexed issuer, bytes32 indexed moduleId, TaskParams params);
    /// @notice The modules committee set (or, with zero, removed) the task policy of `moduleId`; `version` numbers
    /// this registration: tasks published under an earlier one can no longer be claimed or verified.
    event ModulePolicySet(bytes32 indexed moduleId, address policy, uint256 version);
    /// @notice The accreditation registry pushed `org`'s roles.
    event RolesSynced(address indexed org, uint8 roles);
    /// @notice The issuer closed task `taskId` early: no more claims or completions.
    event TaskClosed(uint256 indexed taskId, uint64 end);
    /// @notice `participant` claimed a slot of `taskId`.
    event TaskClaimed(uint256 indexed taskId, address indexed participant);
    /// @notice `participant` submitted completion `completionId` of `taskId` with the evidence's content hash.
    event CompletionSubmitted(
        uint256 indexed completionId, uint256 indexed taskId, address indexed participant, bytes32 evidenceHash
    );
    /// @notice An accredited verifier approved `completionId`; `approvals` of the task's k so far.
    event CompletionApproved(uint256 indexed completionId, address indexed verifier, uint256 approvals);
    /// @notice `completionId` was verified and `credits` were minted to `participant`.
    event CompletionVerified(
        uint256 indexed completionId, uint256 indexed taskId, address indexed participant, uint256 credits
    );
    /// @notice `completionId` was rejected by `by` with `reasonCode` (codes are listed in the city's data standard):
    /// by the task's issuer, or by the verifier whose rejection was the task's k-th.
    event CompletionRejected(uint256 indexed completionId, address indexed by, uint16 reasonCode);
    /// @notice An accredited verifier voted to reject `completionId`; `rejections` of the task's k so far.
    event CompletionRejectionVoted(
        uint256 indexed completionId, address indexed verifier, uint256 rejections, uint16 reasonCode
    );
    /// @notice The vote of `verifier` on `completionId` no longer counts: its accreditation as a verifier was revoked
    /// before the vote that would have decided the completion.
    event VerifierVoteDropped(uint256 indexed completionId, address indexed verifier, Vote vote);

    error TaskBoardNotIssuer(address account);
    error TaskBoardNotVerifier(address account);
    error TaskBoardUnknownModule(bytes32 moduleId);
    error TaskBoardInvalidSlots(uint256 slots);
    error TaskBoardInvalidWindow(uint64 start, uint64 end);
    error TaskBoardTooManyVerifiers(uint256 required, uint256 max);
    error TaskBoardUnknownTask(uint256 taskId);
    error TaskBoardOutsideWindow(uint256 taskId, uint256 timestamp, uint64 start, uint64 end);
    error TaskBoardNoSlotsLeft(uint256 taskId, uint256 slots);
    error TaskBoardAlreadyClaimed(uint256 taskId, address participant);
    error TaskBoardIssuerCannotClaim(uint256 taskId, address issuer);
    error TaskBoardClaimGated(uint256 taskId, address participant, address gate);
    error TaskBoardNotClaimed(uint256 taskId, address participant);
    error TaskBoardEmptyEvidence();
    error TaskBoardUnknownCompletion(uint256 completionId);
    error TaskBoardNotTaskIssuer(uint256 taskId, address account);
    error TaskBoardAlreadyVerified(uint256 completionId);
    error TaskBoardAlreadyRejected(uint256 completionId);
    error TaskBoardRequiresVerifiers(uint256 completionId, uint256 required);
    error TaskBoardIssuerVerifiesAlone(uint256 completionId);
    error TaskBoardAlreadyVoted(uint256 completionId, address verifier);
    /// @notice `moduleId` has no task policy: no task of it can be published.
    error TaskBoardNoTaskPolicy(bytes32 moduleId);
    /// @notice Task `taskId` was admitted by registration `taskVersion` of its module's policy; the module's is now
    /// `currentVersion` (replaced or removed): the task can no longer be claimed or verified.
    error TaskBoardTaskPolicyChanged(uint256 taskId, uint256 taskVersion, uint256 currentVersion);
    error TaskBoardConflictOfInterest(uint256 completionId, address verifier);
    error TaskBoardEmptyBatch();
    error TaskBoardNotAccreditation(address caller);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(address trustedForwarder) ERC2771ContextUpgradeable(trustedForwarder) {}

    /// @notice Initializes the board.
    /// @param authority the city's AccessManager
    /// @param accreditation_ who is an accredited issuer or verifier
    /// @param issuance_ the issuance controller that mints on verification
    function initialize(address authority, address accreditation_, address issuance_) external initializer {
        __CityManaged_init(authority);
        TaskBoardStorage storage $ = _getStorage();
        $.accreditation = IAccreditation(accreditation_);
        $.issuance = IIssuanceController(issuance_);
    }

    // ---------------------------------------------------------------- accreditation mirror

    /// @notice Records `org`'s current roles. Only the accreditation registry, which calls it on every accredit and
    /// revoke, so the board checks roles in its own storage instead of calling the registry on each verification.
    /// @dev Emits {RolesSynced}.
    function syncRoles(address org, uint8 roles) external {
        TaskBoardStorage storage $ = _getStorage();
        if (msg.sender != address($.accreditation)) revert TaskBoardNotAccreditation(msg.sender);
        $.roles[org] = roles;
        emit RolesSynced(org, roles);
    }

    /// @notice The roles the board holds for `org` (mirrors the accreditation registry).
    function rolesOf(address org) external view returns (uint8) {
        return _getStorage().roles[org];
    }

    // ---------------------------------------------------------------- issuers

    /// @notice Publishes a task. Caller must be an accredited issuer; the rate must lie inside the rates
    /// committee's bounds for the task type, the module must have an issuance budget and a task policy, and the
    /// policy must admit the task. The task records the policy's registration (see {setModulePolicy}).
    /// @dev Emits {TaskPublished}.
    function publishTask(TaskParams calldata p) external returns (uint256 taskId) {
        TaskBoardStorage storage $ = _getStorage();
        address issuer = _msgSender();
        if (!_hasRoles($, issuer, OrgRoles.ISSUER)) revert TaskBoardNotIssuer(issuer);
        if ($.issuance.moduleBudget(p.moduleId) == 0) revert TaskBoardUnknownModule(p.moduleId);
        $.issuance.checkRate(p.taskType, p.rate);
        if (p.slots == 0) revert TaskBoardInvalidSlots(p.slots);
        if (p.end <= p.start || p.end <= block.timestamp || p.end > type(uint40).max) {
            revert TaskBoardInvalidWindow(p.start, p.end);
        }
        if (p.verifiersRequired > MAX_VERIFIERS) revert TaskBoardTooManyVerifiers(p.verifiersRequired, MAX_VERIFIERS);
        ModulePolicy memory policy = $.policies[p.moduleId];
        if (policy.policy == address(0)) revert TaskBoardNoTaskPolicy(p.moduleId);
        ITaskPolicy(policy.policy).checkTask(issuer, p);
        taskId = ++$.taskCount;
        $.tasks[taskId] = Task({
            issuer: issuer,
            verifiersRequired: p.verifiersRequired,
            policyVersion: policy.version,
            slots: p.slots,
            claimed: 0,
            rate: uint64(p.rate),
            start: uint40(p.start),
            end: uint40(p.end),
            moduleId: p.moduleId,
            taskType: p.taskType,
            zoneId: p.zoneId,
            evidenceSchemaHash: p.evidenceSchemaHash,
            gate: p.gate
        });
        emit TaskPublished(taskId, issuer, p.moduleId, p);
    }

    /// @notice Registers `policy` as the rules of module `moduleId` (zero removes them): every task published under
    /// that module id must then pass `policy.checkTask`, and without a policy none can be published. Each call is a
    /// new registration: tasks published under an earlier one (a removed or replaced policy) can no longer be
    /// claimed or verified. Restricted to the modules committee, which sets it when it installs the module and
    /// clears it when it uninstalls it.
    /// @dev Emits {ModulePolicySet}.
    function setModulePolicy(bytes32 moduleId, address policy) external restricted {
        ModulePolicy storage current = _getStorage().policies[moduleId];
        uint24 version = current.version + 1;
        current.policy = policy;
        current.version = version;
        emit ModulePolicySet(moduleId, policy, version);
    }

    /// @notice The task policy of `moduleId` (zero: none).
    function modulePolicy(bytes32 moduleId) external view returns (address) {
        return _getStorage().policies[moduleId].policy;
    }

    /// @notice The task policy of `moduleId` and the number of its registration (0: never registered). A task can be
    /// claimed and verified only while its `policyVersion` is the module's `version`.
    function modulePolicyVersion(bytes32 moduleId) external view returns (address policy, uint256 version) {
        ModulePolicy memory p = _getStorage().policies[moduleId];
        return (p.policy, p.version);
    }

    /// @notice Closes a task before its window ends. Only its issuer. Submitted completions can still be verified.
    /// @dev Emits {TaskClosed}.
    function closeTask(uint256 taskId) external {
        Task storage t = _task(_getStorage(), taskId);
        if (t.issuer != _msgSender()) revert TaskBoardNotTaskIssuer(taskId, _msgSender());
        if (block.timestamp < t.end) t.end = uint40(block.timestamp);
        emit TaskClosed(taskId, t.end);
    }

    /// @notice Verifies a completion of an issuer-verified task and mints its rate to the participant.
    /// @dev Only the task's issuer, while accredited. A completion mints once: a replay reverts with
    /// {TaskBoardAlreadyVerified}. Emits {CompletionVerified}.
    function verify(uint256 completionId) external {
        TaskBoardStorage storage $ = _getStorage();
        address sender = _msgSender();
        if (!_hasRoles($, sender, OrgRoles.ISSUER)) revert TaskBoardNotIssuer(sender);
        (Completion storage c, Task storage t) = _pendingCompletion($, completionId);
        if (t.issuer != sender) revert TaskBoardNotTaskIssuer(c.taskId, sender);
        if (t.verifiersRequired != 0) revert TaskBoardRequiresVerifiers(completionId, t.verifiersRequired);
        _checkPolicy($, c.taskId, t);
        c.status = Status.Verified;
        address participant = c.participant;
        uint256 rate = t.rate;
        emit CompletionVerified(completionId, c.taskId, participant, rate);
        $.issuance.issue(t.moduleId, sender, participant, rate);
    }

    /// @notice Verifies many completions of the caller's issuer-verified tasks in one transaction.
    /// @dev All or nothing: one completion that is not pending, or whose task's policy registration is no longer its
    /// module's, reverts the batch. Emits one {CompletionVerified} per completion.
    function verifyBatch(uint256[] calldata completionIds) external {
        uint256 n = completionIds.length;
        if (n == 0) revert TaskBoardEmptyBatch();
        TaskBoardStorage storage $ = _getStorage();
        address sender = _msgSender();
        if (!_hasRoles($, sender, OrgRoles.ISSUER)) revert TaskBoardNotIssuer(sender);

        address[] memory to = new address[](n);
        uint256[] memory amounts = new uint256[](n);
        bytes32[] memory moduleIds = new bytes32[](n);
        uint256[] memory moduleTotals = new uint256[](n);
        uint256[] memory moduleVersions = new uint256[](n);
        uint256 modules;
        for (uint256 i; i < n; ++i) {
            uint256 id = completionIds[i];
            (Completion storage c, Task storage t) = _pendingCompletion($, id);
            if (t.issuer != sender) revert TaskBoardNotTaskIssuer(c.taskId, sender);
            if (t.verifiersRequired != 0) revert TaskBoardRequiresVerifiers(id, t.verifiersRequired);
            uint256 j;
            (j, modules) = _moduleIndex($, moduleIds, moduleVersions, modules, t.moduleId);
            if (t.policyVersion != moduleVersions[j]) {
                revert TaskBoardTaskPolicyChanged(c.taskId, t.policyVersion, moduleVersions[j]);
            }
            c.status = Status.Verified;
            to[i] = c.participant;
            amounts[i] = t.rate;
            moduleTotals[j] += t.rate;
            emit CompletionVerified(id, c.taskId, to[i], t.rate);
        }
        assembly {
            mstore(moduleIds, modules)
            mstore(moduleTotals, modules)
        }
        $.issuance.issueBatch(sender, moduleIds, moduleTotals, to, amounts);
    }

    /// @notice Rejects a pending completion with a reason code. The task's issuer rejects alone; for a
    /// verifier-checked task an accredited verifier (neither the issuer nor the participant, and one who has not
    /// voted on it yet) casts a rejection, and the k-th rejection that still counts rejects: one verifier cannot
    /// finally reject what k would pass. Final: the participant's slot stays used.
    /// @dev At the k-th rejection, rejections of verifiers revoked since are dropped ({VerifierVoteDropped}) and the
    /// completion stays pending if fewer than k remain. Emits {CompletionRejectionVoted} for a verifier's vote and
    /// {CompletionRejected} when the completion is rejected.
    function reject(uint256 completionId, uint16 reasonCode) external {
        TaskBoardStorage storage $ = _getStorage();
        (Completion storage c, Task storage t) = _pendingCompletion($, completionId);
        address sender = _msgSender();
        if (t.issuer == sender && _hasRoles($, sender, OrgRoles.ISSUER)) {
            c.status = Status.Rejected;
            emit CompletionRejected(completionId, sender, reasonCode);
            return;
        }
        uint8 required = t.verifiersRequired;
        if (required == 0 || !_hasRoles($, sender, OrgRoles.VERIFIER)) revert TaskBoardNotTaskIssuer(c.taskId, sender);
        _castVote($, c, t, completionId, sender, Vote.Rejected);
        uint8 rejections = c.rejections + 1;
        emit CompletionRejectionVoted(completionId, sender, rejections, reasonCode);
        if (rejections == required) rejections = _recount($, completionId, Vote.Rejected);
        c.rejections = rejections;
        if (rejections == required) {
            c.status = Status.Rejected;
            emit CompletionRejected(completionId, sender, reasonCode);
        }
    }

    // ---------------------------------------------------------------- verifiers

    /// @notice Approves a completion of a verifier-checked task; the k-th approval that still counts mints.
    /// @dev Caller must be an accredited verifier, neither the task's issuer nor the participant, that has not voted
    /// on the completion yet; the task's policy registration must still be its module's. At the k-th approval,
    /// approvals of verifiers revoked since are dropped ({VerifierVoteDropped}) and nothing is minted if fewer than k
    /// remain. Emits {CompletionApproved}, and {CompletionVerified} when it mints.
    function approveCompletion(uint256 completionId) external {
        TaskBoardStorage storage $ = _getStorage();
        address verifier = _msgSender();
        if (!_hasRoles($, verifier, OrgRoles.VERIFIER)) revert TaskBoardNotVerifier(verifier);
        (Completion storage c, Task storage t) = _pendingCompletion($, completionId);
        uint8 required = t.verifiersRequired;
        if (required == 0) revert TaskBoardIssuerVerifiesAlone(completionId);
        _checkPolicy($, c.taskId, t);
        _castVote($, c, t, completionId, verifier, Vote.Approved);
        uint8 approvals = c.approvals + 1;
        emit CompletionApproved(completionId, verifier, approvals);
        if (approvals == required) approvals = _recount($, completionId, Vote.Approved);
        c.approvals = approvals;
        if (approvals == required) {
            c.status = Status.Verified;
            emit CompletionVerified(completionId, c.taskId, c.participant, t.rate);
            $.issuance.issue(t.moduleId, t.issuer, c.participant, t.rate);
        }
    }

    // ---------------------------------------------------------------- participants

    /// @notice Claims a slot of `taskId` for the caller (or the signer, when relayed through the forwarder).
    /// @dev Inside the task's window, while slots remain, once per participant, never by the task's issuer, while
    /// the task's policy registration is its module's, and only if the task's gate (if any) admits the participant.
    /// Emits {TaskClaimed}.
    function claim(uint256 taskId) external {
        TaskBoardStorage storage $ = _getStorage();
        Task storage t = _task($, taskId);
        _checkWindow(taskId, t);
        address participant = _msgSender();
        _claim($, t, taskId, participant);
        $.claims[taskId][participant] = CLAIMED;
    }

    /// @notice Submits the caller's completion of a claimed task with the content hash of its evidence document.
    /// @dev Inside the task's window, once per claim. Emits {CompletionSubmitted}.
    function submitCompletion(uint256 taskId, bytes32 evidenceHash) external returns (uint256 completionId) {
        TaskBoardStorage storage $ = _getStorage();
        Task storage t = _task($, taskId);
        _checkWindow(taskId, t);
        address participant = _msgSender();
        if ($.claims[taskId][participant] != CLAIMED) revert TaskBoardNotClaimed(taskId, participant);
        completionId = _submit($, taskId, participant, evidenceHash);
    }

    /// @notice Claims a slot of `taskId` and submits its completion in one call: a check-in, for work done on the
    /// spot (a cleanup shift, a drill) where a separate claim would only cost the participant a second transaction.
    /// @dev Every check of {claim} and {submitCompletion} applies. Emits {TaskClaimed} then {CompletionSubmitted}.
    function claimAndSubmit(uint256 taskId, bytes32 evidenceHash) external returns (uint256 completionId) {
        TaskBoardStorage storage $ = _getStorage();
        Task storage t = _task($, taskId);
        _checkWindow(taskId, t);
        address participant = _msgSender();
        _claim($, t, taskId, participant);
        completionId = _submit($, taskId, participant, evidenceHash);
    }

    // ---------------------------------------------------------------- views

    /// @notice Task `taskId`.
    function task(uint256 taskId) external view returns (Task memory) {
        return _task(_getStorage(), taskId);
    }

    /// @notice Completion `completionId`.
    function completion(uint256 completionId) external view returns (Completion memory c) {
        c = _getStorage().completions[completionId];
        if (c.status == Status.None) revert TaskBoardUnknownCompletion(completionId);
    }

    /// @notice 0 if `participant` has not claimed `taskId`; type(uint64).max if claimed without a submission;
    /// otherwise the id of the submitted completion.
    function claimOf(uint256 taskId, address participant) external view returns (uint256) {
        return _getStorage().claims[taskId][participant];
    }

    /// @notice Whether `verifier` approved `completionId` (and the approval was not dropped).
    function hasApproved(uint256 completionId, address verifier) external view returns (bool) {
        return _getStorage().votes[completionId][verifier] == Vote.Approved;
    }

    /// @notice The vote of `verifier` on `completionId` (None if it did not vote or its vote was dropped).
    function voteOf(uint256 completionId, address verifier) external view returns (Vote) {
        return _getStorage().votes[completionId][verifier];
    }

    /// @notice Number of tasks and completions so far (ids start at 1).
    function counts() external view returns (uint256 tasks, uint256 completions) {
        TaskBoardStorage storage $ = _getStorage();
        return ($.taskCount, $.completionCount);
    }

    // ---------------------------------------------------------------- internals

    function _hasRoles(TaskBoardStorage storage $, address org, uint8 roles) private view returns (bool) {
        return $.roles[org] & roles == roles;
    }

    function _task(TaskBoardStorage storage $, uint256 taskId) private view returns (Task storage t) {
        t = $.tasks[taskId];
        if (t.issuer == address(0)) revert TaskBoardUnknownTask(taskId);
    }

    /// @dev Every check of a claim but the window; counts the slot. The caller records the claim's state.
    function _claim(TaskBoardStorage storage $, Task storage t, uint256 taskId, address participant) private {
        // An issuer-verified task must never let its issuer mint to itself.
        if (participant == t.issuer) revert TaskBoardIssuerCannotClaim(taskId, participant);
        _checkPolicy($, taskId, t);
        if ($.claims[taskId][participant] != 0) revert TaskBoardAlreadyClaimed(taskId, participant);
        if (t.claimed >= t.slots) revert TaskBoardNoSlotsLeft(taskId, t.slots);
        address gate = t.gate;
        if (gate != address(0) && !IClaimGate(gate).canClaim(taskId, participant)) {
            revert TaskBoardClaimGated(taskId, participant, gate);
        }
        t.claimed += 1;
        emit TaskClaimed(taskId, participant);
    }

    function _submit(TaskBoardStorage storage $, uint256 taskId, address participant, bytes32 evidenceHash)
        private
        returns (uint256 completionId)
    {
        if (evidenceHash == bytes32(0)) revert TaskBoardEmptyEvidence();
        completionId = ++$.completionCount;
        $.completions[completionId] = Completion({
            participant: participant,
            taskId: uint64(taskId),
            status: Status.Submitted,
            approvals: 0,
            rejections: 0,
            evidenceHash: evidenceHash
        });
        $.claims[taskId][participant] = uint64(completionId);
        emit CompletionSubmitted(completionId, taskId, participant, evidenceHash);
    }

    function _pendingCompletion(TaskBoardStorage storage $, uint256 completionId)
        private
        view
        returns (Completion storage c, Task storage t)
    {
        c = $.completions[completionId];
        Status status = c.status;
        if (status != Status.Submitted) {
            if (status == Status.Verified) revert TaskBoardAlreadyVerified(completionId);
            if (status == Status.Rejected) revert TaskBoardAlreadyRejected(completionId);
            revert TaskBoardUnknownCompletion(completionId);
        }
        t = $.tasks[c.taskId];
    }

    function _checkWindow(uint256 taskId, Task storage t) private view {
        if (block.timestamp < t.start || block.timestamp >= t.end) {
            revert TaskBoardOutsideWindow(taskId, block.timestamp, t.start, t.end);
        }
    }

    /// @dev The index of `moduleId` among the batch's first `count` modules, adding it (with its module's current
    /// policy registration) if absent; returns the index and the new count.
    function _moduleIndex(
        TaskBoardStorage storage $,
        bytes32[] memory moduleIds,
        uint256[] memory versions,
        uint256 count,
        bytes32 moduleId
    ) private view returns (uint256, uint256) {
        for (uint256 j; j < count; ++j) {
            if (moduleIds[j] == moduleId) return (j, count);
        }
        moduleIds[count] = moduleId;
        versions[count] = $.policies[moduleId].version;
        return (count, count + 1);
    }

    /// @dev Reverts unless the policy registration that admitted `t` is still its module's.
    function _checkPolicy(TaskBoardStorage storage $, uint256 taskId, Task storage t) private view {
        uint24 current = $.policies[t.moduleId].version;
        if (t.policyVersion != current) revert TaskBoardTaskPolicyChanged(taskId, t.policyVersion, current);
    }

    /// @dev Records `verifier`'s vote: an accredited verifier (checked by the caller), neither the task's issuer nor
    /// the participant, voting once per completion.
    function _castVote(
        TaskBoardStorage storage $,
        Completion storage c,
        Task storage t,
        uint256 completionId,
        address verifier,
        Vote vote
    ) private {
        if (verifier == t.issuer || verifier == c.participant) {
            revert TaskBoardConflictOfInterest(completionId, verifier);
        }
        if ($.votes[completionId][verifier] != Vote.None) revert TaskBoardAlreadyVoted(completionId, verifier);
        $.votes[completionId][verifier] = vote;
        $.voters[completionId].push(verifier);
    }

    /// @dev Drops the `vote`s of verifiers no longer accredited as verifiers and returns how many `vote`s remain.
    function _recount(TaskBoardStorage storage $, uint256 completionId, Vote vote) private returns (uint8 count) {
        address[] storage list = $.voters[completionId];
        uint256 i;
        while (i < list.length) {
            address voter = list[i];
            if ($.votes[completionId][voter] != vote) {
                ++i;
            } else if (_hasRoles($, voter, OrgRoles.VERIFIER)) {
                ++count;
                ++i;
            } else {
                delete $.votes[completionId][voter];
                list[i] = list[list.length - 1];
                list.pop();
                emit VerifierVoteDropped(completionId, voter, vote);
            }
        }
    }

    function _msgSender() internal view override(ContextUpgradeable, ERC2771ContextUpgradeable) returns (address) {
        return ERC2771ContextUpgradeable._msgSender();
    }

    function _msgData() internal view override(ContextUpgradeable, ERC2771ContextUpgradeable) returns (bytes calldata) {
        return ERC2771ContextUpgradeable._msgData();
    }

    function _contextSuffixLength() internal view override(ContextUpgradeable, ERC2771ContextUpgradeable) returns (uint256) {
        return ERC2771ContextUpgradeable._contextSuffixLength();
    }

    function _getStorage() private pure returns (TaskBoardStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
