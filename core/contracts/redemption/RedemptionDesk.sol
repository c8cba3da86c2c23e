// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @title RedemptionDesk
/// @notice Redeemer offerings and redemptions. It lives inside the credit ledger (see {CivicCredit}) because a
/// burn is only ever a redemption: there is no other burn path, and a redemption costs one contract's storage,
/// not a call across two.
abstract contract RedemptionDesk {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @dev The slot read and written on every redemption, packed so that a redemption touches it once.
    struct Offer {
        uint40 price; // credits per unit
        uint32 capacity; // units per period
        uint32 used; // units redeemed in `usedPeriod`
        uint32 usedPeriod; // period index + 1 of `used` (0: never used)
        uint40 start; // 0 for a standing offer; else first second of validity
        uint40 end; // 0 for a standing offer; else first second after validity
        bool open;
        // Period index + 1 of the last increase of price x capacity (its opening included): a time-limited offer
        // counts toward a period's cap only when it was last raised in an earlier period.
        uint32 raisedPeriod;
    }

    struct OfferInfo {
        address redeemer;
        bytes32 metadataHash;
    }

    /// @custom:storage-location erc7201:citysync.storage.RedemptionDesk
    struct RedemptionDeskStorage {
        mapping(uint256 => Offer) offers;
        mapping(uint256 => OfferInfo) info;
        uint256 offerCount;
        // Sum of capacity x price over open standing offers, kept current so the period cap is O(1) to read.
        uint256 standingValue;
        EnumerableSet.UintSet windowedOffers;
        uint40 minPrice;
        uint40 maxPrice;
        // The least `standingValue` held since the start of period `floor.period - 1`: the standing capacity that
        // has been on offer for the whole current period so far, which is all the period cap counts.
        StandingFloor floor;
        // Each redeemer's open offers, bounded so that revocation can close them all in one call.
        mapping(address redeemer => EnumerableSet.UintSet) openOffersOf;
        mapping(address redeemer => uint256) windowedCountOf;
    }

    struct StandingFloor {
        uint224 value;
        uint32 period; // period index + 1 the value belongs to (0: never set)
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.RedemptionDesk")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x4cc73351396526b649b347f0a125a81847af0b3d4ec7fdb89c7a069f1b9f4600;

    /// @dev Bounds the per-period cap computation; an expired windowed offer can be pruned by anyone.
    uint256 public constant MAX_WINDOWED_OFFERS = 64;
    /// @notice Most open offers one redeemer may hold, so that revoking it closes them all in one transaction.
    uint256 public constant MAX_OFFERS_PER_REDEEMER = 16;
    /// @notice Most open time-limited offers one redeemer may hold: no redeemer can take the desk's shared slots.
    uint256 public constant MAX_WINDOWED_OFFERS_PER_REDEEMER = 4;
    /// @notice How far ahead of now a time-limited offer may end, so a slot cannot be held for ever.
    uint256 public constant MAX_WINDOW_HORIZON = 90 days;

    /// @notice A redeemer opened offer `offerId`.
    event OfferCreated(
        uint256 indexed offerId,
        address indexed redeemer,
        uint256 price,
        uint256 capacity,
        uint64 start,
        uint64 end,
        bytes32 metadataHash
    );
    /// @notice Offer `offerId` now has `price` and `capacity`.
    event OfferUpdated(uint256 indexed offerId, uint256 price, uint256 capacity);
    /// @notice Offer `offerId` closed; it accepts no more redemptions.
    event OfferClosed(uint256 indexed offerId);
    /// @notice `participant` redeemed `units` of `offerId` in `period`, burning `credits`.
    event Redeemed(
        uint256 indexed offerId,
        address indexed participant,
        uint32 indexed period,
        uint256 units,
        uint256 credits
    );
    /// @notice The rates committee set the bounds every offer price must stay inside.
    event PriceBoundsSet(uint256 minPrice, uint256 maxPrice);

    error RedemptionDeskNotRedeemer(address account);
    error RedemptionDeskNotOfferOwner(uint256 offerId, address account);
    error RedemptionDeskUnknownOffer(uint256 offerId);
    error RedemptionDeskOfferClosed(uint256 offerId);
    error RedemptionDeskPriceOutOfBounds(uint256 price, uint256 minPrice, uint256 maxPrice);
    error RedemptionDeskInvalidBounds(uint256 minPrice, uint256 maxPrice);
    error RedemptionDeskInvalidCapacity(uint256 capacity);
    error RedemptionDeskInvalidWindow(uint64 start, uint64 end);
    error RedemptionDeskTooManyWindowedOffers(uint256 max);
    error RedemptionDeskOutsideWindow(uint256 offerId, uint256 timestamp, uint64 start, uint64 end);
    error RedemptionDeskCapacityExceeded(uint256 offerId, uint32 period, uint256 remaining, uint256 requested);
    error RedemptionDeskInsufficientCredits(address participant, uint256 balance, uint256 needed);
    error RedemptionDeskZeroUnits();
    error RedemptionDeskNotExpired(uint256 offerId);
    error RedemptionDeskTooManyOffers(address redeemer, uint256 max);
    error RedemptionDeskTooManyRedeemerWindowedOffers(address redeemer, uint256 max);
    error RedemptionDeskCreditsAboveLimit(uint256 offerId, uint256 credits, uint256 maxCredits);

    // ---------------------------------------------------------------- hooks the ledger provides

    function _isAccreditedRedeemer(address account) internal view virtual returns (bool);

    function _redeemPeriod() internal view virtual returns (uint32);

    /// @dev Burns exactly `amount` credits of `account`, reverting when the balance is short.
    function _burnForRedemption(address account, uint256 amount) internal virtual;

    function _deskSender() internal view virtual returns (address);

    // ---------------------------------------------------------------- redeemers

    /// @notice Opens an offering: `capacity` units per period at `price` credits each, optionally valid only in
    /// [start, end) (a time-limited MCE business offer). It backs the period cap from the next period on: a standing
    /// offer once it has been open for a whole period, a time-limited one weighted by the part of the period its
    /// window covers.
    /// @dev Caller must be an accredited redeemer holding fewer than {MAX_OFFERS_PER_REDEEMER} open offers (and,
    /// for a window, fewer than {MAX_WINDOWED_OFFERS_PER_REDEEMER} windowed ones); `price` inside the rates
    /// committee's bounds; a window ends within {MAX_WINDOW_HORIZON} of now. Emits {OfferCreated}.
    function createOffer(
        uint256 price,
        uint256 capacity,
        uint64 start,
        uint64 end,
        bytes32 metadataHash
    ) external returns (uint256 offerId) {
        address redeemer = _deskSender();
        if (!_isAccreditedRedeemer(redeemer)) revert RedemptionDeskNotRedeemer(redeemer);
        RedemptionDeskStorage storage $ = _getDeskStorage();
        _checkPrice($, price);
        if (capacity == 0 || capacity > type(uint32).max) revert RedemptionDeskInvalidCapacity(capacity);
        bool windowed = start != 0 || end != 0;
        if (windowed && (end <= start || end <= block.timestamp || end > block.timestamp + MAX_WINDOW_HORIZON)) {
            revert RedemptionDeskInvalidWindow(start, end);
        }
        offerId = ++$.offerCount;
        $.offers[offerId] = Offer({
            price: uint40(price),
            capacity: uint32(capacity),
            used: 0,
            usedPeriod: 0,
            start: uint40(start),
            end: uint40(end),
            open: true,
            raisedPeriod: _redeemPeriod() + 1
        });
        $.info[offerId] = OfferInfo(redeemer, metadataHash);
        EnumerableSet.UintSet storage own = $.openOffersOf[redeemer];
        if (own.length() >= MAX_OFFERS_PER_REDEEMER) revert RedemptionDeskTooManyOffers(redeemer, MAX_OFFERS_PER_REDEEMER);
        own.add(offerId);
        if (windowed) {
            if ($.windowedOffers.length() >= MAX_WINDOWED_OFFERS) {
                revert RedemptionDeskTooManyWindowedOffers(MAX_WINDOWED_OFFERS);
            }
            uint256 mine = $.windowedCountOf[redeemer];
            if (mine >= MAX_WINDOWED_OFFERS_PER_REDEEMER) {
                revert RedemptionDeskTooManyRedeemerWindowedOffers(redeemer, MAX_WINDOWED_OFFERS_PER_REDEEMER);
            }
            $.windowedCountOf[redeemer] = mine + 1;
            $.windowedOffers.add(offerId);
        } else {
            _moveStanding($, 0, price * capacity);
        }
        emit OfferCreated(offerId, redeemer, price, capacity, start, end, metadataHash);
    }

    /// @notice Changes the price and capacity of an open offer. Only its redeemer, while accredited.
    /// @dev The price stays inside the rates committee's bounds. A decrease lowers the period cap's capacity at
    /// once; an increase backs the cap only from the next period. Emits {OfferUpdated}.
    function updateOffer(uint256 offerId, uint256 price, uint256 capacity) external {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        Offer storage o = _ownedOpenOffer($, offerId);
        _checkPrice($, price);
        if (capacity == 0 || capacity > type(uint32).max) revert RedemptionDeskInvalidCapacity(capacity);
        uint256 before = uint256(o.price) * o.capacity;
        uint256 value = price * capacity;
        if (o.end == 0) _moveStanding($, before, value);
        else if (value > before) o.raisedPeriod = _redeemPeriod() + 1;
        o.price = uint40(price);
        o.capacity = uint32(capacity);
        emit OfferUpdated(offerId, price, capacity);
    }

    /// @notice Closes an offer. Only its redeemer, while accredited. Emits {OfferClosed}.
    function closeOffer(uint256 offerId) external {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        _close($, offerId, _ownedOpenOffer($, offerId));
    }

    /// @notice Closes a time-limited offer whose window has ended, freeing its place. Anyone may call.
    /// @dev Emits {OfferClosed}.
    function pruneExpiredOffer(uint256 offerId) external {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        Offer storage o = $.offers[offerId];
        if (!o.open) revert RedemptionDeskOfferClosed(offerId);
        if (o.end == 0 || block.timestamp < o.end) revert RedemptionDeskNotExpired(offerId);
        _close($, offerId, o);
    }

    // ---------------------------------------------------------------- participants

    /// @notice Redeems `units` of offer `offerId`, burning `units x price` credits of the caller (or of the signer,
    /// when relayed through the city's forwarder) and consuming this period's capacity. `maxCredits` is the most
    /// the participant agrees to burn: the price is read at execution, and a redeemer may change it after the
    /// participant signed.
    /// @dev Reverts with {RedemptionDeskOfferClosed}, {RedemptionDeskOutsideWindow},
    /// {RedemptionDeskCapacityExceeded}, {RedemptionDeskCreditsAboveLimit} or {RedemptionDeskInsufficientCredits}.
    /// Emits {Redeemed} and a burn Transfer.
    function redeem(uint256 offerId, uint256 units, uint256 maxCredits) external {
        if (units == 0) revert RedemptionDeskZeroUnits();
        Offer storage slot = _getDeskStorage().offers[offerId];
        Offer memory o = slot;
        if (!o.open) revert RedemptionDeskOfferClosed(offerId);
        if (o.end != 0 && (block.timestamp < o.start || block.timestamp >= o.end)) {
            revert RedemptionDeskOutsideWindow(offerId, block.timestamp, o.start, o.end);
        }
        uint32 period = _redeemPeriod();
        uint256 used = o.usedPeriod == period + 1 ? o.used : 0;
        // A redeemer may have lowered the capacity below what this period already used.
        uint256 remaining = used < o.capacity ? o.capacity - used : 0;
        if (units > remaining) revert RedemptionDeskCapacityExceeded(offerId, period, remaining, units);
        uint256 credits;
        uint256 usedAfter;
        unchecked {
            // units <= remaining <= capacity < 2^32 and price < 2^40: neither can overflow.
            credits = units * o.price;
            usedAfter = used + units;
        }
        if (credits > maxCredits) revert RedemptionDeskCreditsAboveLimit(offerId, credits, maxCredits);
        address participant = _deskSender();
        // Effects on the offer before the burn: both are in this contract, and the burn reverts on a short balance.
        slot.used = uint32(usedAfter);
        slot.usedPeriod = period + 1;
        _burnForRedemption(participant, credits);
        emit Redeemed(offerId, participant, period, units, credits);
    }

    // ---------------------------------------------------------------- governance

    /// @dev Closes offer `offerId` whoever owns it (a committee's decision). Emits {OfferClosed}.
    function _forceCloseOffer(uint256 offerId) internal {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        Offer storage o = $.offers[offerId];
        if (!o.open) revert RedemptionDeskOfferClosed(offerId);
        _close($, offerId, o);
    }

    /// @dev Closes every open offer of `redeemer` (on revocation): at most {MAX_OFFERS_PER_REDEEMER}, so the
    /// revocation that calls this always fits in a block. Emits {OfferClosed} per offer.
    function _closeOffersOf(address redeemer) internal {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        EnumerableSet.UintSet storage own = $.openOffersOf[redeemer];
        for (uint256 n = own.length(); n > 0; --n) {
            uint256 offerId = own.at(n - 1);
            _close($, offerId, $.offers[offerId]);
        }
    }

    /// @notice Sets the bounds every offer price must stay inside. Restricted to the rates committee.
    /// @dev Existing offers keep their price until their redeemer updates them. Emits {PriceBoundsSet}.
    function _setPriceBounds(uint256 minPrice, uint256 maxPrice) internal {
        if (minPrice == 0 || minPrice > maxPrice || maxPrice > type(uint40).max) {
            revert RedemptionDeskInvalidBounds(minPrice, maxPrice);
        }
        RedemptionDeskStorage storage $ = _getDeskStorage();
        $.minPrice = uint40(minPrice);
        $.maxPrice = uint40(maxPrice);
        emit PriceBoundsSet(minPrice, maxPrice);
    }

    // ---------------------------------------------------------------- views

    /// @notice The offer `offerId` with its redeemer and metadata hash.
    function offer(uint256 offerId) external view returns (Offer memory, OfferInfo memory) {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        if (offerId == 0 || offerId > $.offerCount) revert RedemptionDeskUnknownOffer(offerId);
        return ($.offers[offerId], $.info[offerId]);
    }

    /// @notice Number of offers ever created (ids run from 1).
    function offerCount() external view returns (uint256) {
        return _getDeskStorage().offerCount;
    }

    /// @notice Units of `offerId` still available in the current period.
    function remainingCapacity(uint256 offerId) external view returns (uint256) {
        Offer memory o = _getDeskStorage().offers[offerId];
        if (!o.open) return 0;
        uint256 used = o.usedPeriod == _redeemPeriod() + 1 ? o.used : 0;
        return used < o.capacity ? o.capacity - used : 0;
    }

    /// @notice The price bounds set by the rates committee.
    function priceBounds() external view returns (uint256 minPrice, uint256 maxPrice) {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        return ($.minPrice, $.maxPrice);
    }

    /// @notice The redemption capacity that backs issuance in the current period [start, end), in credits: the
    /// least capacity x price the open standing offers held at any moment since the current period began, plus,
    /// for each time-limited offer not raised during the current period, its capacity x price weighted by the
    /// share of [start, end) its window covers. Capacity opened or raised during the period counts from the next.
    function capacityValue(uint64 start, uint64 end) public view virtual returns (uint256 value) {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        uint32 period = _redeemPeriod() + 1;
        value = _standingFloor($, period);
        if (end <= start) return value;
        uint256 n = $.windowedOffers.length();
        for (uint256 i; i < n; ++i) {
            Offer memory o = $.offers[$.windowedOffers.at(i)];
            if (o.start >= end || o.end <= start || o.raisedPeriod >= period) continue;
            uint256 from = o.start > start ? o.start : start;
            uint256 to = o.end < end ? o.end : end;
            value += (uint256(o.price) * o.capacity * (to - from)) / (end - start);
        }
    }

    /// @notice Capacity x price of the open standing offers now (what {capacityValue} counts from the next period
    /// if nothing changes).
    function standingValue() external view returns (uint256) {
        return _getDeskStorage().standingValue;
    }

    /// @notice The open offers of `redeemer`.
    function openOffersOf(address redeemer) external view returns (uint256[] memory) {
        return _getDeskStorage().openOffersOf[redeemer].values();
    }

    // ---------------------------------------------------------------- internals

    function _ownedOpenOffer(RedemptionDeskStorage storage $, uint256 offerId) private view returns (Offer storage o) {
        o = $.offers[offerId];
        if (!o.open) revert RedemptionDeskOfferClosed(offerId);
        address sender = _deskSender();
        if ($.info[offerId].redeemer != sender) revert RedemptionDeskNotOfferOwner(offerId, sender);
        if (!_isAccreditedRedeemer(sender)) revert RedemptionDeskNotRedeemer(sender);
    }

    function _close(RedemptionDeskStorage storage $, uint256 offerId, Offer storage o) private {
        o.open = false;
        address redeemer = $.info[offerId].redeemer;
        // False only for an offer opened before the per-redeemer lists existed (an upgraded desk): never counted.
        bool tracked = $.openOffersOf[redeemer].remove(offerId);
        if (o.end == 0) {
            _moveStanding($, uint256(o.price) * o.capacity, 0);
        } else {
            $.windowedOffers.remove(offerId);
            if (tracked) --$.windowedCountOf[redeemer];
        }
        emit OfferClosed(offerId);
    }

    /// @dev Every change of the standing value passes here, so the period's floor is always current: the first
    /// change of a period starts the floor from the value the period began with.
    function _moveStanding(RedemptionDeskStorage storage $, uint256 removed, uint256 added) private {
        uint32 period = _redeemPeriod() + 1;
        uint256 low = _standingFloor($, period);
        uint256 value = $.standingValue - removed + added;
        $.standingValue = value;
        if (value < low) low = value;
        $.floor = StandingFloor(uint224(low), period);
    }

    function _standingFloor(RedemptionDeskStorage storage $, uint32 period) private view returns (uint256) {
        StandingFloor memory f = $.floor;
        return f.period == period ? f.value : $.standingValue;
    }

    function _checkPrice(RedemptionDeskStorage storage $, uint256 price) private view {
        if (price < $.minPrice || price > $.maxPrice) {
            revert RedemptionDeskPriceOutOfBounds(price, $.minPrice, $.maxPrice);
        }
    }

    function _getDeskStorage() private pure returns (RedemptionDeskStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
