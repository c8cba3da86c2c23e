// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {EconomyBase} from "./EconomyBase.sol";
import {CivicCredit} from "../../../token/CivicCredit.sol";
import {RedemptionDesk} from "../../../redemption/RedemptionDesk.sol";
import {Accreditation} from "../../../identity/Accreditation.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

/// @notice The redemption desk as it lives inside the credit ledger.
contract RedemptionDeskTest is EconomyBase {
    uint256 internal constant RATES_COMMITTEE = 2;
    uint256 internal constant MIN_PRICE = 1;
    uint256 internal constant MAX_PRICE = 500;
    bytes32 internal constant META = keccak256("offer");
    bytes32 internal constant FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
    );

    address internal redeemer2 = makeAddr("redeemer.library");

    function setUp() public override {
        super.setUp();
        _accredit(redeemer, OrgRoles.REDEEMER);
    }

    function _redeem(address who, uint256 offerId, uint256 units) internal {
        vm.prank(who);
        credit.redeem(offerId, units, type(uint256).max);
    }

    function _window() internal view returns (uint64 start, uint64 end) {
        start = _now() + 1 days;
        end = _now() + 3 days;
    }

    function _standingValue() internal view returns (uint256) {
        // An interval that no windowed offer in these tests overlaps.
        return credit.capacityValue(1, 2);
    }

    // ---------------------------------------------------------------- createOffer

    function test_createOffer_standing() public {
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.OfferCreated(1, redeemer, 10, 100, 0, 0, META);
        vm.prank(redeemer);
        uint256 id = credit.createOffer(10, 100, 0, 0, META);

        assertEq(id, 1);
        assertEq(credit.offerCount(), 1);
        (RedemptionDesk.Offer memory o, RedemptionDesk.OfferInfo memory info) = credit.offer(id);
        assertEq(o.price, 10);
        assertEq(o.capacity, 100);
        assertEq(o.used, 0);
        assertEq(o.usedPeriod, 0);
        assertEq(o.start, 0);
        assertEq(o.end, 0);
        assertTrue(o.open);
        assertEq(info.redeemer, redeemer);
        assertEq(info.metadataHash, META);
        assertEq(credit.remainingCapacity(id), 100);
        assertEq(credit.standingValue(), 1000);
        assertEq(_standingValue(), 0, "opened this period: backs the cap from the next");
        _startNextPeriod();
        assertEq(_standingValue(), 1000);
    }

    function test_createOffer_windowed() public {
        (uint64 start, uint64 end) = _window();
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.OfferCreated(1, redeemer, 20, 5, start, end, META);
        vm.prank(redeemer);
        uint256 id = credit.createOffer(20, 5, start, end, META);

        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        assertEq(o.start, start);
        assertEq(o.end, end);
        // Not part of the standing value; counts only where its window overlaps, from the next period on.
        assertEq(credit.standingValue(), 0);
        assertEq(credit.capacityValue(start, end), 0);
        assertEq(o.raisedPeriod, credit.currentPeriod() + 1);
    }

    function test_createOffer_windowedFromNow() public {
        uint64 end = _now() + 1 days;
        uint256 id = _offerWindow(10, 10, 0, end);
        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        assertEq(o.start, 0);
        assertEq(o.end, end);
        assertEq(credit.capacityValue(_now(), _now() + 1), 0, "opened this period: backs the cap from the next");
    }

    function test_createOffer_byMultiRoleRedeemer() public {
        _accredit(redeemer2, OrgRoles.REDEEMER | OrgRoles.ISSUER);
        vm.prank(redeemer2);
        uint256 id = credit.createOffer(10, 1, 0, 0, META);
        (, RedemptionDesk.OfferInfo memory info) = credit.offer(id);
        assertEq(info.redeemer, redeemer2);
    }

    function test_createOffer_atPriceBounds() public {
        uint256 a = _offer(MIN_PRICE, 1);
        uint256 b = _offer(MAX_PRICE, 1);
        (RedemptionDesk.Offer memory oa,) = credit.offer(a);
        (RedemptionDesk.Offer memory ob,) = credit.offer(b);
        assertEq(oa.price, MIN_PRICE);
        assertEq(ob.price, MAX_PRICE);
    }

    function test_createOffer_maxCapacity() public {
        uint256 id = _offer(MAX_PRICE, type(uint32).max);
        assertEq(credit.remainingCapacity(id), type(uint32).max);
        assertEq(_standingValue(), MAX_PRICE * type(uint32).max);
    }

    function test_createOffer_idsIncrement() public {
        assertEq(_offer(10, 1), 1);
        assertEq(_offer(10, 1), 2);
        (uint64 start, uint64 end) = _window();
        assertEq(_offerWindow(10, 1, start, end), 3);
        assertEq(credit.offerCount(), 3);
    }

    function test_RevertIf_createOfferNotRedeemer() public {
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotRedeemer.selector, stranger));
        vm.prank(stranger);
        credit.createOffer(10, 1, 0, 0, META);
    }

    function test_RevertIf_createOfferAccreditedForOtherRoles() public {
        _accredit(issuer, OrgRoles.ALL & ~OrgRoles.REDEEMER);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotRedeemer.selector, issuer));
        vm.prank(issuer);
        credit.createOffer(10, 1, 0, 0, META);
    }

    function test_RevertIf_createOfferAfterRevocation() public {
        _committeeCall(0, address(accreditation), abi.encodeCall(Accreditation.revoke, (redeemer)));
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotRedeemer.selector, redeemer));
        vm.prank(redeemer);
        credit.createOffer(10, 1, 0, 0, META);
    }

    function test_RevertIf_createOfferPriceBelowMin() public {
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskPriceOutOfBounds.selector, 0, MIN_PRICE, MAX_PRICE)
        );
        vm.prank(redeemer);
        credit.createOffer(0, 1, 0, 0, META);
    }

    function test_RevertIf_createOfferPriceAboveMax() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                RedemptionDesk.RedemptionDeskPriceOutOfBounds.selector, MAX_PRICE + 1, MIN_PRICE, MAX_PRICE
            )
        );
        vm.prank(redeemer);
        credit.createOffer(MAX_PRICE + 1, 1, 0, 0, META);
    }

    function test_RevertIf_createOfferPriceOutsideNewBounds() public {
        _committeeCall(RATES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (5, 50)));
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskPriceOutOfBounds.selector, 4, 5, 50));
        vm.prank(redeemer);
        credit.createOffer(4, 1, 0, 0, META);
    }

    function test_RevertIf_createOfferZeroCapacity() public {
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInvalidCapacity.selector, 0));
        vm.prank(redeemer);
        credit.createOffer(10, 0, 0, 0, META);
    }

    function test_RevertIf_createOfferCapacityOverflow() public {
        uint256 capacity = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInvalidCapacity.selector, capacity));
        vm.prank(redeemer);
        credit.createOffer(10, capacity, 0, 0, META);
    }

    function _expectInvalidWindow(uint64 start, uint64 end) internal {
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInvalidWindow.selector, start, end));
        vm.prank(redeemer);
        credit.createOffer(10, 1, start, end, META);
    }

    function test_RevertIf_createOfferWindowEndBeforeStart() public {
        _expectInvalidWindow(_now() + 2 days, _now() + 1 days);
    }

    function test_RevertIf_createOfferWindowEmpty() public {
        _expectInvalidWindow(_now() + 1 days, _now() + 1 days);
    }

    function test_RevertIf_createOfferWindowAlreadyEnded() public {
        _expectInvalidWindow(_now() - 1 days, _now());
    }

    function test_RevertIf_createOfferWindowWithoutEnd() public {
        _expectInvalidWindow(_now() + 1 days, 0);
    }

    function test_RevertIf_createOfferWindowEndAboveUint40() public {
        _expectInvalidWindow(_now(), uint64(type(uint40).max) + 1);
    }

    function test_createOffer_windowEndAtHorizon() public {
        uint64 end = _now() + uint64(credit.MAX_WINDOW_HORIZON());
        uint256 id = _offerWindow(10, 1, _now(), end);
        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        assertEq(o.end, end);
    }

    function test_RevertIf_createOfferWindowBeyondHorizon() public {
        _expectInvalidWindow(_now(), _now() + uint64(credit.MAX_WINDOW_HORIZON()) + 1);
    }

    /// @dev Sixteen redeemers, each holding its four windowed offers: the desk's 64 places, all taken.
    function _fillWindowedPlaces() internal returns (address[] memory orgs, uint64 start, uint64 end) {
        uint256 perRedeemer = credit.MAX_WINDOWED_OFFERS_PER_REDEEMER();
        orgs = new address[](credit.MAX_WINDOWED_OFFERS() / perRedeemer);
        for (uint256 r; r < orgs.length; ++r) {
            orgs[r] = makeAddr(string.concat("redeemer.", vm.toString(r)));
            _accredit(orgs[r], OrgRoles.REDEEMER);
        }
        (start, end) = _window();
        for (uint256 r; r < orgs.length; ++r) {
            for (uint256 i; i < perRedeemer; ++i) {
                vm.prank(orgs[r]);
                credit.createOffer(1, 1, start, end, META);
            }
        }
    }

    function test_RevertIf_createOfferTooManyWindowedOffers() public {
        uint256 max = credit.MAX_WINDOWED_OFFERS();
        assertEq(max, 64);
        (, uint64 start, uint64 end) = _fillWindowedPlaces();
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskTooManyWindowedOffers.selector, max));
        vm.prank(redeemer);
        credit.createOffer(1, 1, start, end, META);
        // The bound is on windowed offers only.
        _offer(1, 1);
        assertEq(credit.offerCount(), max + 1);
    }

    function test_RevertIf_createOfferTooManyWindowedOffersOfOneRedeemer() public {
        (uint64 start, uint64 end) = _window();
        uint256 max = credit.MAX_WINDOWED_OFFERS_PER_REDEEMER();
        for (uint256 i; i < max; ++i) {
            _offerWindow(1, 1, start, end);
        }
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskTooManyRedeemerWindowedOffers.selector, redeemer, max)
        );
        vm.prank(redeemer);
        credit.createOffer(1, 1, start, end, META);
        // Closing one frees the redeemer's place.
        vm.prank(redeemer);
        credit.closeOffer(1);
        _offerWindow(1, 1, start, end);
    }

    function test_RevertIf_createOfferTooManyOffersOfOneRedeemer() public {
        uint256 max = credit.MAX_OFFERS_PER_REDEEMER();
        for (uint256 i; i < max; ++i) {
            vm.prank(redeemer);
            credit.createOffer(1, 1, 0, 0, META);
        }
        assertEq(credit.openOffersOf(redeemer).length, max);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskTooManyOffers.selector, redeemer, max));
        vm.prank(redeemer);
        credit.createOffer(1, 1, 0, 0, META);
    }

    function test_createOffer_windowedPlaceFreedByClose() public {
        (address[] memory orgs, uint64 start, uint64 end) = _fillWindowedPlaces();
        vm.prank(orgs[0]);
        credit.closeOffer(1);
        vm.prank(orgs[0]);
        credit.createOffer(1, 1, start, end, META);
    }

    function test_createOffer_windowedPlaceFreedByPrune() public {
        (address[] memory orgs,, uint64 end) = _fillWindowedPlaces();
        vm.warp(end);
        vm.prank(stranger);
        credit.pruneExpiredOffer(7);
        vm.prank(orgs[1]);
        credit.createOffer(1, 1, _now(), _now() + 1 days, META);
    }

    // ---------------------------------------------------------------- updateOffer

    function test_updateOffer_standing() public {
        uint256 id = _offer(10, 100);
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.OfferUpdated(id, 20, 30);
        vm.prank(redeemer);
        credit.updateOffer(id, 20, 30);

        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        assertEq(o.price, 20);
        assertEq(o.capacity, 30);
        assertEq(_standingValue(), 600);
    }

    function test_updateOffer_standingAmongOthers() public {
        _offer(10, 100);
        uint256 id = _offer(5, 10);
        vm.prank(redeemer);
        credit.updateOffer(id, 7, 3);
        assertEq(_standingValue(), 1000 + 21);
    }

    function test_updateOffer_windowed() public {
        _offer(10, 10);
        uint256 id = _offerWindow(20, 5, _now(), _now() + 20 days);
        _startNextPeriod();
        (uint64 start, uint64 end) = (_now(), _now() + 1 days);
        vm.prank(redeemer);
        credit.updateOffer(id, 3, 7); // lowered: counts at once
        assertEq(_standingValue(), 100);
        assertEq(credit.capacityValue(start, end), 100 + 21);
        vm.prank(redeemer);
        credit.updateOffer(id, 4, 7); // raised: counts from the next period
        assertEq(credit.capacityValue(start, end), 100);
    }

    function test_updateOffer_keepsThisPeriodsUsage() public {
        uint256 id = _offer(10, 100);
        _mintCredits(alice, 1000);
        _redeem(alice, id, 40);
        vm.prank(redeemer);
        credit.updateOffer(id, 10, 50);
        assertEq(credit.remainingCapacity(id), 10);
    }

    function test_updateOffer_afterPriceBoundsChange() public {
        uint256 id = _offer(10, 100);
        _committeeCall(RATES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (20, 50)));
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskPriceOutOfBounds.selector, 10, 20, 50));
        vm.prank(redeemer);
        credit.updateOffer(id, 10, 100);
        vm.prank(redeemer);
        credit.updateOffer(id, 20, 100);
    }

    function test_RevertIf_updateOfferNotOwner() public {
        uint256 id = _offer(10, 100);
        _accredit(redeemer2, OrgRoles.REDEEMER);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotOfferOwner.selector, id, redeemer2));
        vm.prank(redeemer2);
        credit.updateOffer(id, 10, 100);
    }

    function test_RevertIf_updateOfferClosed() public {
        uint256 id = _offer(10, 100);
        vm.prank(redeemer);
        credit.closeOffer(id);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, id));
        vm.prank(redeemer);
        credit.updateOffer(id, 10, 100);
    }

    function test_RevertIf_updateOfferUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, 42));
        vm.prank(redeemer);
        credit.updateOffer(42, 10, 100);
    }

    function test_RevertIf_updateOfferPriceOutOfBounds() public {
        uint256 id = _offer(10, 100);
        vm.expectRevert(
            abi.encodeWithSelector(
                RedemptionDesk.RedemptionDeskPriceOutOfBounds.selector, MAX_PRICE + 1, MIN_PRICE, MAX_PRICE
            )
        );
        vm.prank(redeemer);
        credit.updateOffer(id, MAX_PRICE + 1, 100);
    }

    function test_RevertIf_updateOfferZeroCapacity() public {
        uint256 id = _offer(10, 100);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInvalidCapacity.selector, 0));
        vm.prank(redeemer);
        credit.updateOffer(id, 10, 0);
    }

    function test_RevertIf_updateOfferCapacityOverflow() public {
        uint256 id = _offer(10, 100);
        uint256 capacity = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInvalidCapacity.selector, capacity));
        vm.prank(redeemer);
        credit.updateOffer(id, 10, capacity);
    }

    // ---------------------------------------------------------------- closeOffer

    function test_closeOffer_standing() public {
        uint256 id = _offer(10, 100);
        _offer(1, 1);
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.OfferClosed(id);
        vm.prank(redeemer);
        credit.closeOffer(id);

        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        assertFalse(o.open);
        assertEq(credit.remainingCapacity(id), 0);
        assertEq(_standingValue(), 1);
    }

    function test_closeOffer_windowed() public {
        (uint64 start, uint64 end) = _window();
        uint256 id = _offerWindow(10, 10, start, end);
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.OfferClosed(id);
        vm.prank(redeemer);
        credit.closeOffer(id);
        assertEq(credit.capacityValue(start, end), 0);
    }

    function test_RevertIf_closeOfferNotOwner() public {
        uint256 id = _offer(10, 100);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotOfferOwner.selector, id, stranger));
        vm.prank(stranger);
        credit.closeOffer(id);
    }

    function test_RevertIf_closeOfferTwice() public {
        uint256 id = _offer(10, 100);
        vm.prank(redeemer);
        credit.closeOffer(id);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, id));
        vm.prank(redeemer);
        credit.closeOffer(id);
    }

    function test_RevertIf_closeOfferUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, 9));
        vm.prank(redeemer);
        credit.closeOffer(9);
    }

    // ---------------------------------------------------------------- pruneExpiredOffer

    function test_pruneExpiredOffer_byAnyoneAtWindowEnd() public {
        (uint64 start, uint64 end) = _window();
        uint256 id = _offerWindow(10, 10, start, end);
        vm.warp(end);
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.OfferClosed(id);
        vm.prank(stranger);
        credit.pruneExpiredOffer(id);
        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        assertFalse(o.open);
        assertEq(credit.capacityValue(start, end), 0);
    }

    function test_RevertIf_pruneExpiredOfferNotExpired() public {
        (uint64 start, uint64 end) = _window();
        uint256 id = _offerWindow(10, 10, start, end);
        vm.warp(end - 1);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotExpired.selector, id));
        credit.pruneExpiredOffer(id);
    }

    function test_RevertIf_pruneExpiredOfferStanding() public {
        uint256 id = _offer(10, 10);
        vm.warp(block.timestamp + 365 days);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskNotExpired.selector, id));
        credit.pruneExpiredOffer(id);
    }

    function test_RevertIf_pruneExpiredOfferClosed() public {
        (uint64 start, uint64 end) = _window();
        uint256 id = _offerWindow(10, 10, start, end);
        vm.prank(redeemer);
        credit.closeOffer(id);
        vm.warp(end);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, id));
        credit.pruneExpiredOffer(id);
    }

    function test_RevertIf_pruneExpiredOfferUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, 5));
        credit.pruneExpiredOffer(5);
    }

    // ---------------------------------------------------------------- redeem

    function test_redeem_burnsUnitsTimesPrice() public {
        uint256 id = _offer(10, 100);
        _mintCredits(alice, 25);
        uint32 period = credit.currentPeriod();

        vm.expectEmit(true, true, true, true, address(credit));
        emit IERC20.Transfer(alice, address(0), 20);
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.Redeemed(id, alice, period, 2, 20);
        _redeem(alice, id, 2);

        assertEq(credit.balanceOf(alice), 5);
        assertEq(credit.totalSupply(), 5);
        (uint256 minted, uint256 burned) = credit.totals();
        assertEq(minted, 25);
        assertEq(burned, 20);
        assertEq(credit.remainingCapacity(id), 98);
        (RedemptionDesk.Offer memory o,) = credit.offer(id);
        assertEq(o.used, 2);
        assertEq(o.usedPeriod, period + 1);
    }

    function test_redeem_leavesVotesUntouched() public {
        uint256 id = _offer(10, 100);
        _mintCredits(alice, 25);
        vm.prank(alice);
        votes.delegate(alice);
        _redeem(alice, id, 2);
        assertEq(votes.balanceOf(alice), 25);
        assertEq(votes.getVotes(alice), 25);
        assertEq(votes.totalSupply(), 25);
        assertEq(credit.mintedOf(alice), 25);
    }

    function test_redeem_wholeBalance() public {
        uint256 id = _offer(10, 100);
        _mintCredits(alice, 30);
        _redeem(alice, id, 3);
        assertEq(credit.balanceOf(alice), 0);
    }

    function test_redeem_exactRemainingCapacity() public {
        uint256 id = _offer(1, 10);
        _mintCredits(alice, 100);
        _redeem(alice, id, 4);
        _redeem(alice, id, 6);
        assertEq(credit.remainingCapacity(id), 0);
    }

    function test_redeem_capacityIsSharedByParticipants() public {
        uint256 id = _offer(1, 10);
        _mintCredits(alice, 100);
        _mintCredits(bob, 100);
        _redeem(alice, id, 7);
        uint32 period = credit.currentPeriod();
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskCapacityExceeded.selector, id, period, 3, 4)
        );
        _redeem(bob, id, 4);
    }

    function test_redeem_capacityResetsNextPeriod() public {
        uint256 id = _offer(1, 10);
        _mintCredits(alice, 100);
        _redeem(alice, id, 10);
        assertEq(credit.remainingCapacity(id), 0);

        (,, uint64 end) = credit.currentPeriodBounds();
        vm.warp(end - 1);
        assertEq(credit.remainingCapacity(id), 0);
        vm.warp(end);
        assertEq(credit.remainingCapacity(id), 10);
        uint32 period = credit.currentPeriod();
        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.Redeemed(id, alice, period, 10, 10);
        _redeem(alice, id, 10);
        assertEq(credit.balanceOf(alice), 80);
    }

    function test_redeem_capacityResetsWhenPeriodLengthChanges() public {
        uint256 id = _offer(1, 10);
        _mintCredits(alice, 100);
        _redeem(alice, id, 10);
        // Ending the period early through the clock also opens the next period's capacity.
        _committeeCall(1, address(credit), abi.encodeCall(CivicCredit.setPeriodLength, (14 days)));
        assertEq(credit.remainingCapacity(id), 10);
        _redeem(alice, id, 1);
    }

    function test_redeem_insideWindow() public {
        (uint64 start, uint64 end) = _window();
        uint256 id = _offerWindow(5, 10, start, end);
        _mintCredits(alice, 100);
        vm.warp(start);
        _redeem(alice, id, 1);
        vm.warp(end - 1);
        _redeem(alice, id, 1);
        assertEq(credit.balanceOf(alice), 90);
    }

    function test_RevertIf_redeemBeforeWindow() public {
        (uint64 start, uint64 end) = _window();
        uint256 id = _offerWindow(5, 10, start, end);
        _mintCredits(alice, 100);
        vm.warp(start - 1);
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOutsideWindow.selector, id, start - 1, start, end)
        );
        _redeem(alice, id, 1);
    }

    function test_RevertIf_redeemAtWindowEnd() public {
        (uint64 start, uint64 end) = _window();
        uint256 id = _offerWindow(5, 10, start, end);
        _mintCredits(alice, 100);
        vm.warp(end);
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOutsideWindow.selector, id, end, start, end)
        );
        _redeem(alice, id, 1);
    }

    function test_RevertIf_redeemCapacityExceeded() public {
        uint256 id = _offer(1, 10);
        _mintCredits(alice, 100);
        _redeem(alice, id, 8);
        uint32 period = credit.currentPeriod();
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskCapacityExceeded.selector, id, period, 2, 3)
        );
        _redeem(alice, id, 3);
    }

    function test_RevertIf_redeemAboveFullCapacity() public {
        uint256 id = _offer(1, 10);
        _mintCredits(alice, 100);
        uint32 period = credit.currentPeriod();
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskCapacityExceeded.selector, id, period, 10, 11)
        );
        _redeem(alice, id, 11);
    }

    function test_RevertIf_redeemInsufficientCredits() public {
        uint256 id = _offer(10, 100);
        _mintCredits(alice, 25);
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInsufficientCredits.selector, alice, 25, 30)
        );
        _redeem(alice, id, 3);
        // The failed attempt consumed no capacity.
        assertEq(credit.remainingCapacity(id), 100);
    }

    function test_RevertIf_redeemWithoutCredits() public {
        uint256 id = _offer(10, 100);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInsufficientCredits.selector, alice, 0, 10));
        _redeem(alice, id, 1);
    }

    function test_RevertIf_redeemZeroUnits() public {
        uint256 id = _offer(10, 100);
        _mintCredits(alice, 25);
        vm.expectRevert(RedemptionDesk.RedemptionDeskZeroUnits.selector);
        _redeem(alice, id, 0);
    }

    function test_RevertIf_redeemClosedOffer() public {
        uint256 id = _offer(10, 100);
        _mintCredits(alice, 25);
        vm.prank(redeemer);
        credit.closeOffer(id);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, id));
        _redeem(alice, id, 1);
    }

    function test_RevertIf_redeemUnknownOffer() public {
        _mintCredits(alice, 25);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskOfferClosed.selector, 3));
        _redeem(alice, 3, 1);
    }

    function test_redeem_keepsPriceAfterBoundsChange() public {
        uint256 id = _offer(10, 100);
        _committeeCall(RATES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (20, 50)));
        _mintCredits(alice, 100);
        _redeem(alice, id, 1);
        assertEq(credit.balanceOf(alice), 90);
    }

    function test_redeem_throughForwarderBurnsSignersCredits() public {
        (address signer, uint256 key) = makeAddrAndKey("participant.signer");
        _accredit(relayer, OrgRoles.RELAYER);
        uint256 id = _offer(10, 100);
        _mintCredits(signer, 50);

        ERC2771Forwarder.ForwardRequestData memory req = ERC2771Forwarder.ForwardRequestData({
            from: signer,
            to: address(credit),
            value: 0,
            gas: 300_000,
            deadline: uint48(block.timestamp + 1 hours),
            data: abi.encodeCall(credit.redeem, (id, 2, 20)),
            signature: ""
        });
        bytes32 structHash = keccak256(
            abi.encode(
                FORWARD_REQUEST_TYPEHASH,
                req.from,
                req.to,
                req.value,
                req.gas,
                forwarder.nonces(signer),
                req.deadline,
                keccak256(req.data)
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _domainSeparator(address(forwarder)), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        req.signature = abi.encodePacked(r, s, v);

        vm.expectEmit(true, true, true, true, address(credit));
        emit RedemptionDesk.Redeemed(id, signer, credit.currentPeriod(), 2, 20);
        vm.prank(relayer);
        forwarder.execute(req);
        assertEq(credit.balanceOf(signer), 30);
        assertEq(credit.balanceOf(relayer), 0);
    }

    /// @dev Documents a bug: lowering an offer's capacity below what was already redeemed this period makes
    /// `capacity - used` underflow, so the view panics instead of returning 0 (see the report).
    function test_remainingCapacity_zeroWhenCapacityLoweredBelowUsage() public {
        uint256 id = _offer(1, 100);
        _mintCredits(alice, 100);
        _redeem(alice, id, 50);
        vm.prank(redeemer);
        credit.updateOffer(id, 1, 10);
        assertEq(credit.remainingCapacity(id), 0);
    }

    /// @dev Documents the same bug on the write path: the redemption must fail with the desk's own error.
    function test_RevertIf_redeemAfterCapacityLoweredBelowUsage() public {
        uint256 id = _offer(1, 100);
        _mintCredits(alice, 100);
        _redeem(alice, id, 50);
        vm.prank(redeemer);
        credit.updateOffer(id, 1, 10);
        uint32 period = credit.currentPeriod();
        vm.expectRevert(
            abi.encodeWithSelector(RedemptionDesk.RedemptionDeskCapacityExceeded.selector, id, period, 0, 1)
        );
        _redeem(alice, id, 1);
    }

    /// @dev Same root cause: `used + units` overflows for an absurd request once anything was used, so the caller
    /// gets a panic instead of the remaining capacity.
    function test_RevertIf_redeemHugeUnitsAfterUse() public {
        uint256 id = _offer(1, 100);
        _mintCredits(alice, 100);
        _redeem(alice, id, 1);
        uint32 period = credit.currentPeriod();
        vm.expectRevert(
            abi.encodeWithSelector(
                RedemptionDesk.RedemptionDeskCapacityExceeded.selector, id, period, 99, type(uint256).max
            )
        );
        _redeem(alice, id, type(uint256).max);
    }

    function test_RevertIf_redeemHugeUnitsOnFreshOffer() public {
        uint256 id = _offer(1, 100);
        uint32 period = credit.currentPeriod();
        vm.expectRevert(
            abi.encodeWithSelector(
                RedemptionDesk.RedemptionDeskCapacityExceeded.selector, id, period, 100, type(uint256).max
            )
        );
        _redeem(alice, id, type(uint256).max);
    }

    function test_redeem_capacityLoweredBelowUsageRecoversNextPeriod() public {
        uint256 id = _offer(1, 100);
        _mintCredits(alice, 100);
        _redeem(alice, id, 50);
        vm.prank(redeemer);
        credit.updateOffer(id, 1, 10);
        vm.warp(block.timestamp + PERIOD);
        assertEq(credit.remainingCapacity(id), 10);
        _redeem(alice, id, 10);
    }

    function testFuzz_redeem_burnsExactlyUnitsTimesPrice(
        uint256 price,
        uint256 capacity,
        uint256 balance,
        uint256 units
    ) public {
        price = bound(price, MIN_PRICE, MAX_PRICE);
        capacity = bound(capacity, 1, type(uint32).max);
        balance = bound(balance, 0, 1e12);
        units = bound(units, 1, type(uint32).max);
        uint256 id = _offer(price, capacity);
        if (balance > 0) _mintCredits(alice, balance);
        uint32 period = credit.currentPeriod();

        if (units > capacity) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    RedemptionDesk.RedemptionDeskCapacityExceeded.selector, id, period, capacity, units
                )
            );
        } else if (units * price > balance) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    RedemptionDesk.RedemptionDeskInsufficientCredits.selector, alice, balance, units * price
                )
            );
        }
        _redeem(alice, id, units);

        bool ok = units <= capacity && units * price <= balance;
        uint256 burned = ok ? units * price : 0;
        assertEq(credit.balanceOf(alice), balance - burned);
        (uint256 minted, uint256 totalBurned) = credit.totals();
        assertEq(minted, balance);
        assertEq(totalBurned, burned);
        assertEq(credit.totalSupply(), balance - burned);
        assertEq(credit.remainingCapacity(id), ok ? capacity - units : capacity);
        assertEq(votes.balanceOf(alice), balance);
    }

    function testFuzz_redeem_balanceNeverBelowZero(uint256 balance, uint256 seed) public {
        balance = bound(balance, 0, 500);
        uint256 id = _offer(7, 1000);
        if (balance > 0) _mintCredits(alice, balance);
        uint256 expected = balance;
        uint256 burnedSum;
        for (uint256 i; i < 8; ++i) {
            uint256 units = bound(uint256(keccak256(abi.encode(seed, i))), 1, 30);
            uint256 needed = units * 7;
            if (needed > expected) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        RedemptionDesk.RedemptionDeskInsufficientCredits.selector, alice, expected, needed
                    )
                );
                _redeem(alice, id, units);
            } else {
                _redeem(alice, id, units);
                expected -= needed;
                burnedSum += needed;
            }
            assertEq(credit.balanceOf(alice), expected);
        }
        (, uint256 burned) = credit.totals();
        assertEq(burned, burnedSum);
        assertEq(credit.totalSupply(), balance - burnedSum);
    }

    // ---------------------------------------------------------------- views

    function test_capacityValue_zeroWithoutOffers() public view {
        assertEq(credit.capacityValue(0, type(uint64).max), 0);
    }

    function test_capacityValue_sumsStandingOffers() public {
        _offer(10, 100);
        _offer(3, 7);
        // Standing offers count in every interval.
        assertEq(credit.capacityValue(0, 1), 1021);
        assertEq(credit.capacityValue(_now(), _now() + uint64(PERIOD)), 1021);
    }

    function test_capacityValue_windowedOnlyWhenOverlapping() public {
        _offer(10, 100); // standing: 1000
        uint64 s = _now() + 10 days;
        uint64 e = _now() + 20 days;
        _offerWindow(2, 50, s, e); // windowed: 100 inside [s, e), weighted by the share of the interval it covers
        _startNextPeriod();

        assertEq(credit.capacityValue(s, e), 1100, "same window");
        assertEq(credit.capacityValue(s - 10 days, s + 10 days), 1050, "overlaps start by half");
        assertEq(credit.capacityValue(e - 5 days, e + 15 days), 1025, "overlaps end by a quarter");
        assertEq(credit.capacityValue(s + 1 days, s + 2 days), 1100, "inside");
        assertEq(credit.capacityValue(s - 5 days, e), 1066, "covers two thirds");
        assertEq(credit.capacityValue(s - 5 days, s), 1000, "ends where window starts");
        assertEq(credit.capacityValue(e, e + 5 days), 1000, "starts where window ends");
        assertEq(credit.capacityValue(_now(), _now() + 1 days), 1000, "before");
    }

    function test_capacityValue_excludesClosedOffers() public {
        uint256 a = _offer(10, 100);
        (uint64 s, uint64 e) = _window();
        uint256 b = _offerWindow(2, 50, s, e);
        vm.startPrank(redeemer);
        credit.closeOffer(a);
        credit.closeOffer(b);
        vm.stopPrank();
        assertEq(credit.capacityValue(0, type(uint64).max), 0);
    }

    function testFuzz_capacityValue_overlap(uint256 ws, uint256 wl, uint256 qs, uint256 ql) public {
        ws = bound(ws, 1, 40 days);
        wl = bound(wl, 1, 40 days);
        qs = bound(qs, 0, 300 days);
        ql = bound(ql, 1, 100 days);
        uint64 start = _now() + uint64(ws);
        uint64 end = start + uint64(wl);
        uint64 qStart = _now() + uint64(qs);
        uint64 qEnd = qStart + uint64(ql);
        _offerWindow(3, 11, start, end);
        _offer(4, 25); // and on to the next period: both offers predate it
        uint256 from = start > qStart ? start : qStart;
        uint256 to = end < qEnd ? end : qEnd;
        uint256 windowed = from < to ? (33 * (to - from)) / (qEnd - qStart) : 0;
        assertEq(credit.capacityValue(qStart, qEnd), 100 + windowed);
    }

    function test_remainingCapacity_freshOffer() public {
        uint256 id = _offer(10, 42);
        assertEq(credit.remainingCapacity(id), 42);
    }

    function test_remainingCapacity_zeroForUnknownOffer() public view {
        assertEq(credit.remainingCapacity(77), 0);
    }

    function test_RevertIf_offerIdZero() public {
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskUnknownOffer.selector, 0));
        credit.offer(0);
    }

    function test_RevertIf_offerIdAboveCount() public {
        _offer(10, 1);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskUnknownOffer.selector, 2));
        credit.offer(2);
    }
}
