// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {CivicCredit} from "../../../token/CivicCredit.sol";
import {VoteToken} from "../../../token/VoteToken.sol";
import {IssuanceController} from "../../../issuance/IssuanceController.sol";
import {TaskBoard} from "../../../tasks/TaskBoard.sol";
import {Committee} from "../../../governance/Committee.sol";
import {RedemptionDesk} from "../../../redemption/RedemptionDesk.sol";

/// @title EconomyHandler
/// @notice Drives a deployed city with bounded random actions (morpho-blue style): tasks, claims, completions,
/// verifications (single, batch, k-of-n), rejections, offers, redemptions, time, forbidden transfers, replays, and
/// committee decisions attempted with and without their threshold and delay. Every action that should fail is
/// tried inside try/catch so a sequence always continues. The ghost model is updated from what each successful
/// action should have done (the rate fixed at publication, units x the offer's price, the committee's values), never
/// from the balances, counters or statuses the invariants then compare it with.
contract EconomyHandler is CommonBase, StdUtils {
    struct Wiring {
        AccessManager manager;
        CivicCredit credit;
        VoteToken votes;
        IssuanceController issuance;
        TaskBoard board;
        Committee issuanceCommittee;
        Committee ratesCommittee;
        address[3] issuanceMembers;
        address[3] ratesMembers;
        address issuer;
        address redeemer;
        address guardian;
        address stranger;
        address[3] verifiers;
        bytes32 moduleId;
        bytes32 taskType;
        uint256 delay;
        uint32 threshold;
    }

    enum Status {
        None,
        Submitted,
        Verified,
        Rejected
    }

    struct TaskInfo {
        uint64 rate;
        uint8 k;
    }

    struct Claim {
        uint256 taskId;
        address participant;
        bool submitted;
    }

    struct CompletionInfo {
        uint256 taskId;
        address participant;
        uint64 rate;
        uint8 k;
        uint8 approvals;
        Status status;
    }

    /// @dev The parameters only a committee flow may change.
    enum Param {
        Coverage,
        PeriodLength,
        ModuleBudget,
        PriceBounds,
        RateBounds
    }

    struct Proposal {
        bool ratesCommittee;
        uint256 id;
        Param param;
        uint256 a;
        uint256 b;
        bytes data;
        uint8 approvals;
        bool scheduled;
        bool closed;
    }

    AccessManager internal immutable manager;
    CivicCredit public immutable credit;
    VoteToken public immutable votes;
    IssuanceController public immutable issuance;
    TaskBoard public immutable board;
    Committee internal immutable issuanceCommittee;
    Committee internal immutable ratesCommittee;
    address internal immutable issuer;
    address internal immutable redeemer;
    address internal immutable guardian;
    address internal immutable stranger;
    bytes32 public immutable moduleId;
    bytes32 internal immutable taskType;
    uint256 internal immutable delay;
    uint32 internal immutable threshold;
    address[3] internal issuanceMembers;
    address[3] internal ratesMembers;
    address[3] internal verifiers;

    /// @dev Who may earn credits (residents, and a verifier to exercise conflicts of interest).
    address[] internal participants;
    /// @dev Every address that may hold or touch credits: the balance sums run over these.
    address[] internal everyone;

    uint256[] internal taskIds;
    mapping(uint256 => TaskInfo) internal tasks;
    Claim[] internal claims;
    uint256[] public completionIds;
    mapping(uint256 => CompletionInfo) public completions;
    uint256[] public verifiedIds;
    mapping(uint256 => uint256) public verifyCount;
    uint256[] internal offerIds;
    Proposal[] internal proposals;
    /// @dev readyAt of the operation a committee has scheduled at the AccessManager (0: none), keyed like the manager.
    mapping(bytes32 => uint256) internal opReadyAt;

    // ---------------------------------------------------------------- ghost variables

    uint256 public ghostMinted;
    uint256 public ghostBurned;
    mapping(address => uint256) public ghostBalance;
    mapping(address => uint256) public ghostMintedTo;
    mapping(uint32 => uint256) public ghostPeriodIssued;
    uint32[] internal touchedPeriods;
    mapping(uint32 => bool) internal touched;

    bool public ghostForbiddenSucceeded; // a transfer, transferFrom or approve went through
    mapping(uint256 completionId => uint256) public rejectionVotes; // verifiers' rejections so far
    bool public ghostReplaySucceeded; // a verified completion was verified or approved again
    bool public ghostMintAboveCap; // right after a mint, the period's issuance exceeded its cap or the budget
    bool public ghostBurnBeyondBalance; // a redemption burned more than the model's balance
    bool public ghostBoundsIgnored; // a task or offer was accepted outside the committee-set bounds
    bool public ghostEarlyExecution; // a committee decision ran without threshold + delay
    bool public ghostDirectParamCall; // a setter succeeded outside a scheduled committee decision

    uint256 public ghostCoverage;
    uint256 public ghostPeriodLength;
    uint256 public ghostModuleBudget;
    uint256 public ghostMinPrice;
    uint256 public ghostMaxPrice;
    uint256 public ghostMinRate;
    uint256 public ghostMaxRate;

    mapping(bytes32 => uint256) public calls; // successful actions, by name: shows the handler is not vacuous

    constructor(Wiring memory w, address[] memory participants_, address[] memory others) {
        manager = w.manager;
        credit = w.credit;
        votes = w.votes;
        issuance = w.issuance;
        board = w.board;
        issuanceCommittee = w.issuanceCommittee;
        ratesCommittee = w.ratesCommittee;
        issuanceMembers = w.issuanceMembers;
        ratesMembers = w.ratesMembers;
        issuer = w.issuer;
        redeemer = w.redeemer;
        guardian = w.guardian;
        stranger = w.stranger;
        verifiers = w.verifiers;
        moduleId = w.moduleId;
        taskType = w.taskType;
        delay = w.delay;
        threshold = w.threshold;
        participants = participants_;
        everyone = participants_;
        for (uint256 i; i < others.length; ++i) {
            everyone.push(others[i]);
        }
        (ghostCoverage,,) = w.issuance.coverage();
        ghostPeriodLength = w.credit.periodLength();
        ghostModuleBudget = w.issuance.moduleBudget(w.moduleId);
        (ghostMinPrice, ghostMaxPrice) = w.credit.priceBounds();
        (ghostMinRate, ghostMaxRate) = w.issuance.rateBounds(w.taskType);
    }

    // ================================================================ tasks and completions

    function publishTask(uint256 rateSeed, uint256 slotsSeed, uint256 kSeed, uint256 durationSeed) public {
        uint256 rate = _bound(rateSeed, 0, 160); // sometimes outside the rate bounds: must be refused
        uint8[4] memory ks = [0, 0, 2, 3];
        TaskBoard.TaskParams memory p = TaskBoard.TaskParams({
            moduleId: moduleId,
            taskType: taskType,
            rate: rate,
            slots: uint32(_bound(slotsSeed, 1, 6)),
            start: uint64(block.timestamp),
            end: uint64(block.timestamp + _bound(durationSeed, 1 hours, 10 days)),
            zoneId: bytes32("zone"),
            evidenceSchemaHash: bytes32("schema"),
            verifiersRequired: ks[kSeed % 4],
            gate: address(0)
        });
        vm.prank(issuer);
        try board.publishTask(p) returns (uint256 id) {
            if (rate < ghostMinRate || rate > ghostMaxRate || ghostModuleBudget == 0) ghostBoundsIgnored = true;
            taskIds.push(id);
            tasks[id] = TaskInfo(uint64(rate), p.verifiersRequired);
            ++calls["publishTask"];
        } catch {}
    }

    function closeTask(uint256 taskSeed) public {
        if (taskIds.length == 0) return;
        uint256 id = taskIds[taskSeed % taskIds.length];
        vm.prank(issuer);
        try board.closeTask(id) {
            ++calls["closeTask"];
        } catch {}
    }

    function claim(uint256 taskSeed, uint256 actorSeed) public {
        if (taskIds.length == 0) return;
        uint256 id = taskIds[taskSeed % taskIds.length];
        address a = participants[actorSeed % participants.length];
        vm.prank(a);
        try board.claim(id) {
            claims.push(Claim(id, a, false));
            ++calls["claim"];
        } catch {}
    }

    function submit(uint256 claimSeed, bytes32 evidence) public {
        if (claims.length == 0) return;
        Claim storage c = claims[_pickClaim(claimSeed)];
        if (evidence == bytes32(0)) evidence = keccak256(abi.encode(claimSeed));
        vm.prank(c.participant);
        try board.submitCompletion(c.taskId, evidence) returns (uint256 cid) {
            if (c.submitted) ghostReplaySucceeded = true; // one claim, one completion
            c.submitted = true;
            TaskInfo memory t = tasks[c.taskId];
            completionIds.push(cid);
            completions[cid] = CompletionInfo(c.taskId, c.participant, t.rate, t.k, 0, Status.Submitted);
            ++calls["submit"];
        } catch {}
    }

    /// @dev Claim and submit in one call (a check-in).
    function checkIn(uint256 taskSeed, uint256 actorSeed, bytes32 evidence) public {
        if (taskIds.length == 0) return;
        uint256 id = taskIds[taskSeed % taskIds.length];
        address a = participants[actorSeed % participants.length];
        if (evidence == bytes32(0)) evidence = keccak256(abi.encode(taskSeed, actorSeed));
        vm.prank(a);
        try board.claimAndSubmit(id, evidence) returns (uint256 cid) {
            claims.push(Claim(id, a, true));
            TaskInfo memory t = tasks[id];
            completionIds.push(cid);
            completions[cid] = CompletionInfo(id, a, t.rate, t.k, 0, Status.Submitted);
            ++calls["checkIn"];
        } catch {}
    }

    /// @dev The task's issuer verifies an issuer-verified completion (or tries to verify any other).
    function verify(uint256 completionSeed) public {
        if (completionIds.length == 0) return;
        uint256 cid = _pickCompletion(completionSeed, true);
        uint32 period = credit.currentPeriod();
        vm.prank(issuer);
        try board.verify(cid) {
            _recordMint(cid, period);
            _checkCapAfterMint(period);
            ++calls["verify"];
        } catch {}
    }

    function verifyBatch(uint256 s0, uint256 s1, uint256 s2, uint256 sizeSeed) public {
        uint256 n = completionIds.length;
        if (n == 0) return;
        uint256 size = _bound(sizeSeed, 1, 3);
        uint256[3] memory seeds = [s0, s1, s2];
        uint256[] memory ids = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            ids[i] = _pickCompletion(seeds[i], true); // duplicates possible: the whole batch must then revert
        }
        uint32 period = credit.currentPeriod();
        vm.prank(issuer);
        try board.verifyBatch(ids) {
            for (uint256 i; i < size; ++i) {
                _recordMint(ids[i], period);
            }
            _checkCapAfterMint(period);
            ++calls["verifyBatch"];
        } catch {}
    }

    function approveCompletion(uint256 completionSeed, uint256 verifierSeed) public {
        if (completionIds.length == 0) return;
        uint256 cid = _pickCompletion(completionSeed, false);
        address v = verifiers[verifierSeed % 3];
        uint32 period = credit.currentPeriod();
        vm.prank(v);
        try board.approveCompletion(cid) {
            CompletionInfo storage c = completions[cid];
            c.approvals += 1;
            // The model mints on the k-th distinct approval; the contract's status is checked by the invariants.
            if (c.approvals == c.k) {
                _recordMint(cid, period);
                _checkCapAfterMint(period);
            }
            ++calls["approveCompletion"];
        } catch {}
    }

    function reject(uint256 completionSeed, uint256 bySeed, uint16 reasonCode) public {
        if (completionIds.length == 0) return;
        uint256 cid = completionIds[completionSeed % completionIds.length];
        address by = bySeed % 4 == 0 ? issuer : verifiers[bySeed % 3];
        vm.prank(by);
        try board.reject(cid, reasonCode) {
            CompletionInfo storage c = completions[cid];
            if (c.status != Status.Submitted) ghostReplaySucceeded = true;
            // The issuer rejects alone; a verifier's rejection is one of the k a rejection needs.
            if (by == issuer || ++rejectionVotes[cid] == c.k) c.status = Status.Rejected;
            ++calls["reject"];
        } catch {}
    }

    /// @dev Replays the verification of an already verified completion, by every path: must always revert.
    function replayVerification(uint256 verifiedSeed, uint256 pathSeed) public {
        if (verifiedIds.length == 0) return;
        uint256 cid = verifiedIds[verifiedSeed % verifiedIds.length];
        uint32 period = credit.currentPeriod();
        uint256 path = pathSeed % 3;
        bool ok;
        if (path == 0) {
            vm.prank(issuer);
            try board.verify(cid) {
                ok = true;
            } catch {}
        } else if (path == 1) {
            uint256[] memory ids = new uint256[](1);
            ids[0] = cid;
            vm.prank(issuer);
            try board.verifyBatch(ids) {
                ok = true;
            } catch {}
        } else {
            vm.prank(verifiers[pathSeed % 3]);
            try board.approveCompletion(cid) {
                ok = true;
            } catch {}
        }
        if (ok) {
            ghostReplaySucceeded = true;
            _recordMint(cid, period);
        }
        ++calls["replayVerification"];
    }

    // ================================================================ offers and redemptions

    function createOffer(uint256 priceSeed, uint256 capacitySeed, bool windowed, uint256 durationSeed) public {
        // Small offers: the period cap (capacity value x coverage) binds, and closing one can drop it sharply.
        uint256 price = _bound(priceSeed, 0, 30); // 0 is below every price bound: must be refused
        uint256 capacity = _bound(capacitySeed, 1, 10);
        uint64 start = windowed ? uint64(block.timestamp) : 0;
        uint64 end = windowed ? uint64(block.timestamp + _bound(durationSeed, 1 hours, 20 days)) : 0;
        vm.prank(redeemer);
        try credit.createOffer(price, capacity, start, end, bytes32("offer")) returns (uint256 id) {
            if (price < ghostMinPrice || price > ghostMaxPrice) ghostBoundsIgnored = true;
            offerIds.push(id);
            ++calls["createOffer"];
        } catch {}
    }

    function updateOffer(uint256 offerSeed, uint256 priceSeed, uint256 capacitySeed) public {
        if (offerIds.length == 0) return;
        uint256 id = offerIds[offerSeed % offerIds.length];
        uint256 price = _bound(priceSeed, 0, 30);
        vm.prank(redeemer);
        try credit.updateOffer(id, price, _bound(capacitySeed, 1, 10)) {
            if (price < ghostMinPrice || price > ghostMaxPrice) ghostBoundsIgnored = true;
            ++calls["updateOffer"];
        } catch {}
    }

    function closeOffer(uint256 offerSeed) public {
        if (offerIds.length == 0) return;
        vm.prank(redeemer);
        try credit.closeOffer(offerIds[offerSeed % offerIds.length]) {
            ++calls["closeOffer"];
        } catch {}
    }

    function pruneExpiredOffer(uint256 offerSeed) public {
        if (offerIds.length == 0) return;
        vm.prank(stranger);
        try credit.pruneExpiredOffer(offerIds[offerSeed % offerIds.length]) {
            ++calls["pruneExpiredOffer"];
        } catch {}
    }

    function redeem(uint256 offerSeed, uint256 actorSeed, uint256 unitsSeed) public {
        if (offerIds.length == 0) return;
        uint256 id = _pickOffer(offerSeed);
        address a = _pickHolder(actorSeed);
        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        // Mostly what the holder can afford; a blind pick may ask for more than it holds, which must be refused.
        uint256 affordable = o.price == 0 ? 1 : ghostBalance[a] / o.price;
        uint256 units = _bound(unitsSeed, 1, _blind(unitsSeed) || affordable == 0 ? 4 : affordable);
        uint256 cost = units * o.price;
        vm.prank(a);
        try credit.redeem(id, units, cost) {
            if (cost > ghostBalance[a]) ghostBurnBeyondBalance = true;
            else ghostBalance[a] -= cost;
            ghostBurned += cost;
            ++calls["redeem"];
        } catch {}
    }

    /// @dev The issuance committee recomputes the current period's cap: a whole decision (propose, approve, wait out
    /// the delay, execute). Only the committee may; a stranger's direct call must be refused.
    function refreshCap() public {
        bytes memory data = abi.encodeCall(IssuanceController.refreshCap, ());
        vm.prank(stranger);
        try issuance.refreshCap() {
            ghostDirectParamCall = true;
        } catch {}
        vm.prank(issuanceMembers[0]);
        try issuanceCommittee.propose(address(issuance), data, keccak256(abi.encode("refreshCap", block.timestamp)))
        returns (uint256 id) {
            vm.prank(issuanceMembers[1]);
            // Refused while an identical refresh is still scheduled at the AccessManager.
            try issuanceCommittee.approve(id) {} catch {
                return;
            }
            vm.warp(block.timestamp + delay);
            try issuanceCommittee.execute(id) {
                _touch(credit.currentPeriod());
                ++calls["refreshCap"];
            } catch {}
        } catch {}
    }

    // ================================================================ votes, time, forbidden paths

    function delegate(uint256 fromSeed, uint256 toSeed) public {
        address from = participants[fromSeed % participants.length];
        vm.prank(from);
        try votes.delegate(everyone[toSeed % everyone.length]) {
            ++calls["delegate"];
        } catch {}
    }

    /// @dev Up to three days at a time: crosses 7-day periods and 1-day committee delays.
    function warp(uint256 secondsSeed) public {
        vm.warp(block.timestamp + _bound(secondsSeed, 1 minutes, 3 days));
        ++calls["warp"];
    }

    /// @dev transfer / transferFrom / approve on the credit and the vote token: every one must revert.
    function attemptTransfer(uint256 kindSeed, uint256 fromSeed, uint256 toSeed, uint256 amountSeed) public {
        address from = everyone[fromSeed % everyone.length];
        address to = everyone[toSeed % everyone.length];
        uint256 amount = _bound(amountSeed, 0, 1000);
        uint256 kind = kindSeed % 6;
        bool ok;
        vm.prank(from);
        if (kind == 0) {
            try credit.transfer(to, amount) {
                ok = true;
            } catch {}
        } else if (kind == 1) {
            try credit.transferFrom(to, from, amount) {
                ok = true;
            } catch {}
        } else if (kind == 2) {
            try credit.approve(to, amount) {
                ok = true;
            } catch {}
        } else if (kind == 3) {
            try votes.transfer(to, amount) {
                ok = true;
            } catch {}
        } else if (kind == 4) {
            try votes.transferFrom(to, from, amount) {
                ok = true;
            } catch {}
        } else {
            try votes.approve(to, amount) {
                ok = true;
            } catch {}
        }
        if (ok) ghostForbiddenSucceeded = true;
        ++calls["attemptTransfer"];
    }

    // ================================================================ committee decisions

    /// @dev Member 0 proposes a parameter change (first approval). Values may be invalid: execution then reverts.
    function proposeParameterChange(uint256 paramSeed, uint256 aSeed, uint256 bSeed) public {
        (Param param, uint256 a, uint256 b, bytes memory data, address target) = _change(paramSeed, aSeed, bSeed);
        bool rates = param == Param.PriceBounds || param == Param.RateBounds;
        Committee c = rates ? ratesCommittee : issuanceCommittee;
        vm.prank(rates ? ratesMembers[0] : issuanceMembers[0]);
        try c.propose(target, data, keccak256(abi.encode(proposals.length))) returns (uint256 id) {
            proposals.push(Proposal(rates, id, param, a, b, data, 1, false, false));
            ++calls["proposeParameterChange"];
        } catch {}
    }

    /// @dev A member approves; the threshold-th approval schedules the call at the AccessManager with the delay.
    function approveProposal(uint256 proposalSeed, uint256 memberSeed) public {
        if (proposals.length == 0) return;
        Proposal storage p = proposals[_pickProposal(proposalSeed, false)];
        (Committee c, address[3] memory m) = _committee(p);
        // Member 0 proposed (and so approved): a blind pick may repeat it, which must be refused.
        vm.prank(m[_blind(memberSeed) ? memberSeed % 3 : 1 + memberSeed % 2]);
        try c.approve(p.id) {
            p.approvals += 1;
            if (p.approvals == threshold) {
                p.scheduled = true;
                opReadyAt[_opKey(p)] = block.timestamp + delay;
            }
            ++calls["approveProposal"];
        } catch {}
    }

    /// @dev Anyone executes, after waiting 0 to 2 days: only a scheduled call whose delay has passed may take
    /// effect; an early attempt must be refused.
    function executeProposal(uint256 proposalSeed, uint256 waitSeed) public {
        if (proposals.length == 0) return;
        Proposal storage p = proposals[_pickProposal(proposalSeed, true)];
        (Committee c,) = _committee(p);
        vm.warp(block.timestamp + _bound(waitSeed, 0, 2 days));
        bytes32 key = _opKey(p);
        uint256 readyAt = opReadyAt[key];
        vm.prank(stranger);
        try c.execute(p.id) {
            if (!_ready(readyAt)) ghostEarlyExecution = true;
            opReadyAt[key] = 0;
            p.closed = true;
            _applyChange(p.param, p.a, p.b);
            ++calls["executeProposal"];
        } catch {}
    }

    /// @dev The proposer withdraws a pending proposal, or a member votes to cancel a scheduled one (the
    /// threshold-th vote cancels it, at the AccessManager too).
    function cancelProposal(uint256 proposalSeed, uint256 memberSeed) public {
        if (proposals.length == 0) return;
        Proposal storage p = proposals[proposalSeed % proposals.length];
        (Committee c, address[3] memory m) = _committee(p);
        vm.prank(m[memberSeed % 3]);
        try c.cancel(p.id) {
            ++calls["cancelProposal"];
            if (c.proposal(p.id).state != Committee.State.Cancelled) return;
            if (p.scheduled) opReadyAt[_opKey(p)] = 0;
            p.closed = true;
        } catch {}
    }

    /// @dev The guardian cancels the scheduled operation at the AccessManager; it can never execute one.
    function guardianCancel(uint256 proposalSeed) public {
        if (proposals.length == 0) return;
        Proposal storage p = proposals[proposalSeed % proposals.length];
        (Committee c,) = _committee(p);
        address target = _target(p.param);
        vm.prank(guardian);
        try manager.cancel(address(c), target, p.data) {
            opReadyAt[_opKey(p)] = 0;
            ++calls["guardianCancel"];
        } catch {}
        vm.prank(guardian);
        try manager.execute(target, p.data) {
            ghostEarlyExecution = true;
        } catch {}
    }

    /// @dev A setter called directly: by the committee contract, a member key, the guardian, an issuer or a
    /// stranger. Only the committee may succeed, and only by consuming an operation its threshold scheduled and
    /// whose delay has passed (the AccessManager's `consumeScheduledOp`): the same decision, another door.
    function directParameterCall(uint256 paramSeed, uint256 aSeed, uint256 bSeed, uint256 whoSeed) public {
        (Param param, uint256 a, uint256 b, bytes memory data, address target) = _change(paramSeed, aSeed, bSeed);
        bool rates = param == Param.PriceBounds || param == Param.RateBounds;
        address committee = rates ? address(ratesCommittee) : address(issuanceCommittee);
        address[5] memory who = [
            committee, rates ? ratesMembers[whoSeed % 3] : issuanceMembers[whoSeed % 3], guardian, issuer, stranger
        ];
        address caller = who[whoSeed % 5];
        bytes32 key = keccak256(abi.encode(committee, target, data));
        vm.prank(caller);
        (bool ok,) = target.call(data);
        if (ok) {
            if (caller != committee || !_ready(opReadyAt[key])) ghostDirectParamCall = true;
            opReadyAt[key] = 0;
            _applyChange(param, a, b);
        }
        ++calls["directParameterCall"];
    }

    // ================================================================ views for the invariants

    function everyoneList() external view returns (address[] memory) {
        return everyone;
    }

    /// @dev The model's balance and lifetime mints of every address in `everyoneList()`, in that order.
    function ghostAccounts() external view returns (uint256[] memory balances, uint256[] memory minted) {
        balances = new uint256[](everyone.length);
        minted = new uint256[](everyone.length);
        for (uint256 i; i < everyone.length; ++i) {
            balances[i] = ghostBalance[everyone[i]];
            minted[i] = ghostMintedTo[everyone[i]];
        }
    }

    function participantList() external view returns (address[] memory) {
        return participants;
    }

    function touchedPeriodList() external view returns (uint32[] memory) {
        return touchedPeriods;
    }

    function completionIdList() external view returns (uint256[] memory) {
        return completionIds;
    }

    function verifiedIdList() external view returns (uint256[] memory) {
        return verifiedIds;
    }

    function callCount(string calldata name) external view returns (uint256) {
        return calls[bytes32(bytes(name))];
    }

    // ================================================================ internals

    /// @dev Input pickers: three picks in four scan from the seed for an input the model expects to work, the
    /// fourth takes the seed's item blindly, so refused paths keep being tried.
    function _blind(uint256 seed) internal pure returns (bool) {
        return uint256(keccak256(abi.encode(seed))) % 4 == 0;
    }

    /// @dev An open proposal: scheduled (to execute) or still pending (to approve).
    function _pickProposal(uint256 seed, bool scheduled) internal view returns (uint256) {
        uint256 n = proposals.length;
        uint256 start = seed % n;
        if (!_blind(seed)) {
            for (uint256 i; i < n; ++i) {
                Proposal storage p = proposals[(start + i) % n];
                if (!p.closed && p.scheduled == scheduled) return (start + i) % n;
            }
        }
        return start;
    }

    function _pickClaim(uint256 seed) internal view returns (uint256) {
        uint256 n = claims.length;
        uint256 start = seed % n;
        if (!_blind(seed)) {
            for (uint256 i; i < n; ++i) {
                if (!claims[(start + i) % n].submitted) return (start + i) % n;
            }
        }
        return start;
    }

    function _pickCompletion(uint256 seed, bool issuerVerified) internal view returns (uint256) {
        uint256 n = completionIds.length;
        uint256 start = seed % n;
        if (!_blind(seed)) {
            for (uint256 i; i < n; ++i) {
                uint256 cid = completionIds[(start + i) % n];
                CompletionInfo storage c = completions[cid];
                if (c.status == Status.Submitted && (c.k == 0) == issuerVerified) return cid;
            }
        }
        return completionIds[start];
    }

    function _pickOffer(uint256 seed) internal view returns (uint256) {
        uint256 n = offerIds.length;
        uint256 start = seed % n;
        if (!_blind(seed)) {
            for (uint256 i; i < n; ++i) {
                if (credit.remainingCapacity(offerIds[(start + i) % n]) > 0) return offerIds[(start + i) % n];
            }
        }
        return offerIds[start];
    }

    function _pickHolder(uint256 seed) internal view returns (address) {
        uint256 n = participants.length;
        uint256 start = seed % n;
        if (!_blind(seed)) {
            for (uint256 i; i < n; ++i) {
                if (ghostBalance[participants[(start + i) % n]] > 0) return participants[(start + i) % n];
            }
        }
        return participants[start];
    }

    function _recordMint(uint256 cid, uint32 period) internal {
        CompletionInfo storage c = completions[cid];
        if (verifyCount[cid] == 0) verifiedIds.push(cid);
        verifyCount[cid] += 1;
        c.status = Status.Verified;
        ghostMinted += c.rate;
        ghostBalance[c.participant] += c.rate;
        ghostMintedTo[c.participant] += c.rate;
        ghostPeriodIssued[period] += c.rate;
        _touch(period);
    }

    /// @dev The property at mint time: what the period issued fits its cap and the module's budget.
    function _checkCapAfterMint(uint32 period) internal {
        (uint256 cap, uint256 issued,) = issuance.periodIssuance(period);
        if (issued > cap || issuance.moduleSpent(moduleId, period) > ghostModuleBudget) ghostMintAboveCap = true;
    }

    function _touch(uint32 period) internal {
        if (!touched[period]) {
            touched[period] = true;
            touchedPeriods.push(period);
        }
    }

    function _change(uint256 paramSeed, uint256 aSeed, uint256 bSeed)
        internal
        view
        returns (Param param, uint256 a, uint256 b, bytes memory data, address target)
    {
        param = Param(paramSeed % 5);
        target = _target(param);
        if (param == Param.Coverage) {
            a = _bound(aSeed, 4000, 16_000); // the bounds are [5000, 15000]: some values must be refused
            data = abi.encodeCall(IssuanceController.setCoverageRatio, (a));
        } else if (param == Param.PeriodLength) {
            a = _bound(aSeed, 1 days, 14 days);
            data = abi.encodeCall(CivicCredit.setPeriodLength, (a));
        } else if (param == Param.ModuleBudget) {
            a = _bound(aSeed, 50, 5000);
            data = abi.encodeCall(IssuanceController.setModuleBudget, (moduleId, a));
        } else if (param == Param.PriceBounds) {
            a = _bound(aSeed, 1, 20);
            b = _bound(bSeed, 15, 600); // min > max sometimes: must be refused
            data = abi.encodeCall(CivicCredit.setPriceBounds, (a, b));
        } else {
            a = _bound(aSeed, 1, 10);
            b = _bound(bSeed, 5, 150);
            data = abi.encodeCall(IssuanceController.setRateBounds, (bytes32(0), a, b));
        }
    }

    function _target(Param param) internal view returns (address) {
        return param == Param.PeriodLength || param == Param.PriceBounds ? address(credit) : address(issuance);
    }

    function _applyChange(Param param, uint256 a, uint256 b) internal {
        if (param == Param.Coverage) ghostCoverage = a;
        else if (param == Param.PeriodLength) ghostPeriodLength = a;
        else if (param == Param.ModuleBudget) ghostModuleBudget = a;
        else if (param == Param.PriceBounds) (ghostMinPrice, ghostMaxPrice) = (a, b);
        else (ghostMinRate, ghostMaxRate) = (a, b);
    }

    /// @dev The AccessManager's window for a scheduled operation: from readyAt until it expires a week later.
    function _ready(uint256 readyAt) internal view returns (bool) {
        return readyAt != 0 && block.timestamp >= readyAt && block.timestamp < readyAt + manager.expiration();
    }

    function _committee(Proposal storage p) internal view returns (Committee c, address[3] memory m) {
        return p.ratesCommittee ? (ratesCommittee, ratesMembers) : (issuanceCommittee, issuanceMembers);
    }

    /// @dev The AccessManager keys an operation by (caller, target, data): two proposals of the same call share it.
    function _opKey(Proposal storage p) internal view returns (bytes32) {
        (Committee c,) = _committee(p);
        return keccak256(abi.encode(address(c), _target(p.param), p.data));
    }
}
