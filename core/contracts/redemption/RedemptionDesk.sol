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
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.RedemptionDesk")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x4cc73351396526b649b347f0a125a81847af0b3d4ec7fdb89c7a069f1b9f4600;

    /// @dev Bounds the per-period cap computation; an expired windowed offer can be pruned by anyone.
    uint256 public constant MAX_WINDOWED_OFFERS = 64;

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

    // ---------------------------------------------------------------- hooks the ledger provides

    function _isAccreditedRedeemer(address account) internal view virtual returns (bool);

    function _redeemPeriod() internal view virtual returns (uint32);

    /// @dev Burns exactly `amount` credits of `account`, reverting when the balance is short.
    function _burnForRedemption(address account, uint256 amount) internal virtual;

    function _deskSender() internal view virtual returns (address);

    // ---------------------------------------------------------------- redeemers

    /// @notice Opens an offering: `capacity` units per period at `price` credits each, optionally valid only in
    /// [start, end) (a time-limited MCE business offer). Counts toward the period cap only while valid.
    /// @dev Caller must be an accredited redeemer; `price` inside the rates committee's bounds. Emits {OfferCreated}.
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
        if (windowed && (end <= start || end <= block.timestamp || end > type(uint40).max)) {
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
            open: true
        });
        $.info[offerId] = OfferInfo(redeemer, metadataHash);
        if (windowed) {
            if ($.windowedOffers.length() >= MAX_WINDOWED_OFFERS) {
                revert RedemptionDeskTooManyWindowedOffers(MAX_WINDOWED_OFFERS);
            }
            $.windowedOffers.add(offerId);
        } else {
            $.standingValue += price * capacity;
        }
        emit OfferCreated(offerId, redeemer, price, capacity, start, end, metadataHash);
    }

    /// @notice Changes the price and capacity of an open offer. Only its redeemer.
    /// @dev The price stays inside the rates committee's bounds. Emits {OfferUpdated}.
    function updateOffer(uint256 offerId, uint256 price, uint256 capacity) external {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        Offer storage o = _ownedOpenOffer($, offerId);
        _checkPrice($, price);
        if (capacity == 0 || capacity > type(uint32).max) revert RedemptionDeskInvalidCapacity(capacity);
        if (o.end == 0) {
            $.standingValue = $.standingValue - uint256(o.price) * o.capacity + price * capacity;
        }
        o.price = uint40(price);
        o.capacity = uint32(capacity);
        emit OfferUpdated(offerId, price, capacity);
    }

    /// @notice Closes an offer. Only its redeemer. Emits {OfferClosed}.
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
    /// when relayed through the city's forwarder) and consuming this period's capacity.
    /// @dev Reverts with {RedemptionDeskOfferClosed}, {RedemptionDeskOutsideWindow},
    /// {RedemptionDeskCapacityExceeded} or {RedemptionDeskInsufficientCredits}. Emits {Redeemed} and a burn Transfer.
    function redeem(uint256 offerId, uint256 units) external {
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
        uint256 credits = units * o.price;
        address participant = _deskSender();
        // Effects on the offer before the burn: both are in this contract, and the burn reverts on a short balance.
        slot.used = uint32(used + units);
        slot.usedPeriod = period + 1;
        _burnForRedemption(participant, credits);
        emit Redeemed(offerId, participant, period, units, credits);
    }

    // ---------------------------------------------------------------- governance

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

    /// @notice Sum of capacity x price of the open standing offers plus the time-limited offers whose window
    /// overlaps [start, end): the redemption capacity that backs issuance in that interval.
    function capacityValue(uint64 start, uint64 end) public view virtual returns (uint256 value) {
        RedemptionDeskStorage storage $ = _getDeskStorage();
        value = $.standingValue;
        uint256 n = $.windowedOffers.length();
        for (uint256 i; i < n; ++i) {
            Offer memory o = $.offers[$.windowedOffers.at(i)];
            if (o.start < end && o.end > start) value += uint256(o.price) * o.capacity;
        }
    }

    // ---------------------------------------------------------------- internals

    function _ownedOpenOffer(RedemptionDeskStorage storage $, uint256 offerId) private view returns (Offer storage o) {
        o = $.offers[offerId];
        if (!o.open) revert RedemptionDeskOfferClosed(offerId);
        address sender = _deskSender();
        if ($.info[offerId].redeemer != sender) revert RedemptionDeskNotOfferOwner(offerId, sender);
    }

    function _close(RedemptionDeskStorage storage $, uint256 offerId, Offer storage o) private {
        o.open = false;
        if (o.end == 0) $.standingValue -= uint256(o.price) * o.capacity;
        else $.windowedOffers.remove(offerId);
        emit OfferClosed(offerId);
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
