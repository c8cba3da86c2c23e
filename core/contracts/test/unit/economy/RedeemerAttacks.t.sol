// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {EconomyBase} from "./EconomyBase.sol";
import {Accreditation} from "../../../identity/Accreditation.sol";
import {CivicCredit} from "../../../token/CivicCredit.sol";
import {RedemptionDesk} from "../../../redemption/RedemptionDesk.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

/// @notice What one accredited redeemer could do to the economy's controls, each attack performed end to end on a
/// real city: inflate or fake the period cap, keep offers after revocation, take the shared windowed-offer slots,
/// and burn more than a participant signed for. The calls go through selectors so the attacks read the same
/// whatever the desk's interface.
contract RedeemerAttacksTest is EconomyBase {
    uint256 internal constant ACCREDITATION_COMMITTEE = 0;
    uint256 internal constant MAX_PRICE = 500;
    uint256 internal constant MAX_UNITS = type(uint32).max;
    uint256 internal constant HONEST_VALUE = 1_000; // 10 credits x 100 units, open since before the period
    bytes32 internal constant FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
    );

    address internal attacker = makeAddr("redeemer.hostile");
    address internal business = makeAddr("redeemer.cafe");
    uint256 internal honestOffer;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        _accredit(attacker, OrgRoles.REDEEMER);
        _accredit(business, OrgRoles.REDEEMER);
        honestOffer = _offer(10, 100);
        _nextPeriod(); // the honest offer has been on offer for a whole period: it backs this one's cap
    }

    // ---------------------------------------------------------------- helpers

    function _nextPeriod() internal {
        (,, uint64 end) = credit.currentPeriodBounds();
        vm.warp(end);
    }

    function _openAs(address who, uint256 price, uint256 units, uint64 start, uint64 end) internal returns (uint256 id) {
        vm.prank(who);
        id = credit.createOffer(price, units, start, end, keccak256("hostile"));
    }

    function _cap() internal view returns (uint256 cap) {
        (cap,,) = issuance.periodIssuance(credit.currentPeriod());
    }

    function _redeemCall(uint256 offerId, uint256 units, uint256 maxCredits) internal pure returns (bytes memory) {
        return abi.encodeWithSignature("redeem(uint256,uint256,uint256)", offerId, units, maxCredits);
    }

    // ---------------------------------------------------------------- the period cap

    /// @dev Open the largest offer the bounds allow, let the period's first issuance fix the cap on it, close it.
    function test_attack_redeemerInflatesCapThenCloses() public {
        uint256 id = _openAs(attacker, MAX_PRICE, MAX_UNITS, 0, 0);
        _earn(alice, 10); // the period's first issuance fixes the cap
        vm.prank(attacker);
        credit.closeOffer(id);
        assertEq(_cap(), HONEST_VALUE, "cap counts capacity opened in the period");
    }

    /// @dev The same with an update: raise an honest offer to the maximum around the first issuance, lower it back.
    function test_attack_redeemerInflatesCapByUpdateThenLowers() public {
        vm.prank(redeemer);
        credit.updateOffer(honestOffer, MAX_PRICE, MAX_UNITS);
        _earn(alice, 10);
        vm.prank(redeemer);
        credit.updateOffer(honestOffer, 10, 100);
        assertEq(_cap(), HONEST_VALUE, "cap counts capacity raised in the period");
    }

    /// @dev Open a maximal offer, close it, open it again: the cap takes the lowest moment, never the peak.
    function test_attack_redeemerReopensAroundFirstIssuance() public {
        uint256 id = _openAs(attacker, MAX_PRICE, MAX_UNITS, 0, 0);
        _nextPeriod(); // open across the boundary: it backs this period while it stays open
        vm.prank(attacker);
        credit.closeOffer(id);
        _openAs(attacker, MAX_PRICE, MAX_UNITS, 0, 0);
        _earn(alice, 10);
        assertEq(_cap(), HONEST_VALUE, "a closed-then-reopened offer counted in the period it was reopened");
    }

    /// @dev A one-second windowed offer at maximum capacity counted as if it were on offer all period.
    function test_attack_oneSecondWindowCountsInFull() public {
        _openAs(attacker, MAX_PRICE, MAX_UNITS, uint64(block.timestamp), uint64(block.timestamp + 1));
        _earn(alice, 10);
        assertEq(_cap(), HONEST_VALUE, "a one-second window opened in the period counted");
    }

    /// @dev Opened a period ahead so it is not new: a one-second window still counts for one second of the period.
    function test_attack_oneSecondWindowOpenedAheadCountsForItsSecond() public {
        (, uint64 start, uint64 end) = credit.currentPeriodBounds();
        uint64 next = end;
        _openAs(attacker, MAX_PRICE, MAX_UNITS, next, next + 1);
        _nextPeriod();
        _earn(alice, 10);
        uint256 windowValue = (MAX_PRICE * MAX_UNITS) / (end - start);
        assertEq(_cap(), HONEST_VALUE + windowValue, "a one-second window not weighted by its share of the period");
    }

    // ---------------------------------------------------------------- revocation

    function _revoke(address org) internal {
        _committeeCall(ACCREDITATION_COMMITTEE, address(accreditation), abi.encodeCall(Accreditation.revoke, (org)));
    }

    /// @dev After revocation the offer can no longer be raised to back the cap.
    function test_attack_revokedRedeemerUpdatesOfferToMaxCapacity() public {
        uint256 id = _openAs(attacker, 10, 10, 0, 0);
        _revoke(attacker);
        vm.prank(attacker);
        (bool ok,) = address(credit).call(
            abi.encodeWithSignature("updateOffer(uint256,uint256,uint256)", id, MAX_PRICE, MAX_UNITS)
        );
        assertFalse(ok, "a revoked redeemer updated its offer");
        _nextPeriod();
        assertEq(credit.capacityValue(0, 1), HONEST_VALUE, "a revoked redeemer's offer still backs the cap");
    }

    /// @dev After revocation the offer no longer burns participants' credits.
    function test_attack_revokedRedeemerOfferStillBurnsCredits() public {
        uint256 id = _openAs(attacker, 10, 10, 0, 0);
        _mintCredits(alice, 100);
        vm.prank(alice);
        (bool ok,) = address(credit).call(_redeemCall(id, 1, 10));
        assertTrue(ok, "an accredited redeemer's offer refused a redemption");
        _revoke(attacker);
        vm.prank(alice);
        (ok,) = address(credit).call(_redeemCall(id, 1, 10));
        assertFalse(ok, "a revoked redeemer's offer burned credits");
        assertEq(credit.balanceOf(alice), 90);
    }

    /// @dev Re-accrediting a redeemer for other roles only is a revocation of the redeemer role.
    function test_attack_redeemerReaccreditedAsIssuerKeepsOffers() public {
        uint256 id = _openAs(attacker, 10, 10, 0, 0);
        _mintCredits(alice, 100);
        vm.prank(alice);
        (bool ok,) = address(credit).call(_redeemCall(id, 1, 10));
        assertTrue(ok, "an accredited redeemer's offer refused a redemption");
        _accredit(attacker, OrgRoles.ISSUER);
        vm.prank(alice);
        (ok,) = address(credit).call(_redeemCall(id, 1, 10));
        assertFalse(ok, "an offer outlived its redeemer role");
    }

    function test_revoke_closesEveryOfferAndDropsItsCapacity() public {
        uint256 a = _openAs(attacker, 10, 10, 0, 0);
        uint256 b = _openAs(attacker, 20, 10, 0, 0);
        uint256 w = _openAs(attacker, 5, 10, uint64(block.timestamp), uint64(block.timestamp + 30 days));
        _nextPeriod();
        (, uint64 start, uint64 end) = credit.currentPeriodBounds();
        assertEq(credit.capacityValue(start, end), HONEST_VALUE + 300 + 50);
        uint256 pid = _schedule(ACCREDITATION_COMMITTEE, address(accreditation), abi.encodeCall(Accreditation.revoke, (attacker)));
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.OfferClosed(w);
        committees[ACCREDITATION_COMMITTEE].execute(pid);
        assertEq(credit.capacityValue(start, end), HONEST_VALUE);
        assertEq(credit.openOffersOf(attacker).length, 0);
        (RedemptionDesk.Offer memory oa,) = credit.offer(a);
        (RedemptionDesk.Offer memory ob,) = credit.offer(b);
        assertFalse(oa.open || ob.open);
        // Re-accredited, it starts from nothing: its old offers stay closed.
        _accredit(attacker, OrgRoles.REDEEMER);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, a));
        vm.prank(attacker);
        credit.updateOffer(a, 10, 10);
    }

    function test_forceCloseOffer_byAccreditationCommittee() public {
        uint256 id = _openAs(attacker, 10, 10, 0, 0);
        uint256 pid = _schedule(ACCREDITATION_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.forceCloseOffer, (id)));
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.OfferClosed(id);
        committees[ACCREDITATION_COMMITTEE].execute(pid);
        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        assertFalse(o.open);
        assertEq(credit.openOffersOf(attacker).length, 0);
        assertEq(credit.standingValue(), HONEST_VALUE);
    }

    function test_RevertIf_onRedeemerRevokedNotFromAccreditation() public {
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditNotAccreditation.selector, attacker));
        vm.prank(attacker);
        credit.onRedeemerRevoked(redeemer);
    }

    /// @dev One redeemer fills every windowed-offer place with far-future windows; a business then cannot open its
    /// MCE offer.
    function test_attack_redeemerFillsWindowedOfferSlots() public {
        uint64 farStart = uint64(block.timestamp + 300 days);
        uint64 farEnd = uint64(block.timestamp + 3650 days);
        for (uint256 i; i < credit.MAX_WINDOWED_OFFERS(); ++i) {
            vm.prank(attacker);
            try credit.createOffer(1, 1, farStart, farEnd, keccak256("squat")) {} catch {}
            vm.prank(attacker);
            try credit.createOffer(1, 1, uint64(block.timestamp), uint64(block.timestamp + 80 days), keccak256("squat")) {}
            catch {}
        }
        _openAs(business, 5, 50, uint64(block.timestamp), uint64(block.timestamp + 2 days));
    }

    // ---------------------------------------------------------------- the price a participant agreed to

    /// @dev A redeemer who relays a participant's signed redemption raises the price before relaying it.
    function test_attack_relayingRedeemerRaisesPriceAfterSignature() public {
        (address signer, uint256 key) = makeAddrAndKey("participant.signer");
        _accredit(redeemer, OrgRoles.REDEEMER | OrgRoles.RELAYER);
        _mintCredits(signer, 1_000);

        // The participant agrees to 2 units at today's price of 10: at most 20 credits.
        ERC2771Forwarder.ForwardRequestData memory req = ERC2771Forwarder.ForwardRequestData({
            from: signer,
            to: address(credit),
            value: 0,
            gas: 300_000,
            deadline: uint48(block.timestamp + 1 hours),
            data: _redeemCall(honestOffer, 2, 20),
            signature: ""
        });
        bytes32 structHash = keccak256(
            abi.encode(
                FORWARD_REQUEST_TYPEHASH, req.from, req.to, req.value, req.gas, forwarder.nonces(signer), req.deadline,
                keccak256(req.data)
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, keccak256(abi.encodePacked("\x19\x01", _domainSeparator(address(forwarder)), structHash)));
        req.signature = abi.encodePacked(r, s, v);

        vm.startPrank(redeemer, redeemer);
        credit.updateOffer(honestOffer, MAX_PRICE, 100);
        try forwarder.execute(req) {} catch {}
        assertEq(credit.balanceOf(signer), 1_000, "the relay burned more than the participant signed for");

        // At the price the participant saw, the same signed request goes through.
        credit.updateOffer(honestOffer, 10, 100);
        forwarder.execute(req);
        vm.stopPrank();
        assertEq(credit.balanceOf(signer), 980, "the signed redemption did not go through within its limit");
    }

    function test_RevertIf_redeemAboveSignedLimit() public {
        _mintCredits(alice, 100);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskCreditsAboveLimit.selector, honestOffer, 30, 29));
        vm.prank(alice);
        credit.redeem(honestOffer, 3, 29);
        vm.prank(alice);
        credit.redeem(honestOffer, 3, 30); // exactly the limit
        assertEq(credit.balanceOf(alice), 70);
    }
}
