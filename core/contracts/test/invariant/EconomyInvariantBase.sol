// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../utils/CityFixture.sol";
import {EconomyHandler} from "./handlers/EconomyHandler.sol";

/// @title EconomyInvariantBase
/// @notice A real city (through the factory), every organization accredited, an economy already in motion (see the
/// seeding below), and the handler as the only fuzz target.
abstract contract EconomyInvariantBase is CityFixture {
    EconomyHandler internal handler;

    function setUp() public virtual override {
        super.setUp();
        _accreditAll();

        address[] memory participants = new address[](5);
        for (uint256 i; i < 4; ++i) {
            participants[i] = makeAddr(string.concat("resident.", vm.toString(i)));
        }
        participants[4] = verifiers[0]; // a verifier who also works: its own completions must not count its approval

        // Everyone else who could conceivably hold credits or attempt a transfer: the balance sums run over all.
        address[] memory others = new address[](9);
        others[0] = issuer;
        others[1] = redeemer;
        others[2] = verifiers[1];
        others[3] = verifiers[2];
        others[4] = guardian;
        others[5] = stranger;
        others[6] = address(governor);
        others[7] = address(committees[1]);
        others[8] = address(credit);

        handler = new EconomyHandler(
            EconomyHandler.Wiring({
                manager: manager,
                credit: credit,
                votes: votes,
                issuance: issuance,
                board: board,
                issuanceCommittee: committees[1],
                ratesCommittee: committees[2],
                issuanceMembers: members[1],
                ratesMembers: members[2],
                issuer: issuer,
                redeemer: redeemer,
                guardian: guardian,
                stranger: stranger,
                verifiers: verifiers,
                moduleId: MODULE,
                taskType: PARK_CLEANUP,
                delay: COMMITTEE_DELAY,
                threshold: THRESHOLD
            }),
            participants,
            others
        );

        // Seed through the handler so its model knows everything: an offer (10 x 10 units: cap 100 per period);
        // tasks A (issuer-verified, rate 20), B (2-of-3, rate 15), C (3-of-3, rate 30), six slots each; every
        // resident claimed all three (claims 3i, 3i+1, 3i+2) and the verifier who works claimed B (claim 12);
        // residents 0 and 1 submitted on A and B (completions 1-4); a budget decision is scheduled (proposal 0)
        // and a coverage decision pending (proposal 1). Seed 0 is never a blind pick.
        handler.createOffer(10, 10, false, 0);
        // Capacity backs the cap once it has been on offer since a period began: start the economy in the next.
        (,, uint64 periodEnd) = credit.currentPeriodBounds();
        vm.warp(periodEnd);
        handler.publishTask(20, 6, 0, 10 days);
        handler.publishTask(15, 6, 2, 10 days);
        handler.publishTask(30, 6, 3, 10 days);
        for (uint256 i; i < 4; ++i) {
            handler.claim(0, i);
            handler.claim(1, i);
            handler.claim(2, i);
        }
        handler.claim(1, 4);
        handler.submit(0, "A.r0");
        handler.submit(1, "B.r0");
        handler.submit(3, "A.r1");
        handler.submit(4, "B.r1");
        handler.proposeParameterChange(2, 400, 0);
        handler.approveProposal(0, 0);
        handler.proposeParameterChange(0, 12_000, 0);

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](25);
        selectors[0] = EconomyHandler.publishTask.selector;
        selectors[1] = EconomyHandler.closeTask.selector;
        selectors[2] = EconomyHandler.claim.selector;
        selectors[3] = EconomyHandler.submit.selector;
        selectors[4] = EconomyHandler.verify.selector;
        selectors[5] = EconomyHandler.verifyBatch.selector;
        selectors[6] = EconomyHandler.approveCompletion.selector;
        selectors[7] = EconomyHandler.reject.selector;
        selectors[8] = EconomyHandler.replayVerification.selector;
        selectors[9] = EconomyHandler.createOffer.selector;
        selectors[10] = EconomyHandler.updateOffer.selector;
        selectors[11] = EconomyHandler.closeOffer.selector;
        selectors[12] = EconomyHandler.pruneExpiredOffer.selector;
        selectors[13] = EconomyHandler.redeem.selector;
        selectors[14] = EconomyHandler.refreshCap.selector;
        selectors[15] = EconomyHandler.delegate.selector;
        selectors[16] = EconomyHandler.warp.selector;
        selectors[17] = EconomyHandler.attemptTransfer.selector;
        selectors[18] = EconomyHandler.proposeParameterChange.selector;
        selectors[19] = EconomyHandler.approveProposal.selector;
        selectors[20] = EconomyHandler.executeProposal.selector;
        selectors[21] = EconomyHandler.cancelProposal.selector;
        selectors[22] = EconomyHandler.guardianCancel.selector;
        selectors[23] = EconomyHandler.directParameterCall.selector;
        selectors[24] = EconomyHandler.checkIn.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }
}
